/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RL_TYPE_LIST_CELL (rl_list_cell_get_type ())
G_DECLARE_FINAL_TYPE (RlListCell, rl_list_cell, RL, LIST_CELL, GtkWidget)

GtkWidget  *rl_list_cell_new      (guint       min_chars,
                                   guint       nat_chars,
                                   gboolean    numeric);
gconstpointer rl_list_cell_get_tag (RlListCell   *self);
void        rl_list_cell_set_tag  (RlListCell   *self,
                                   gconstpointer tag);
void        rl_list_cell_set_text (RlListCell *self,
                                   const char *text);

G_END_DECLS
