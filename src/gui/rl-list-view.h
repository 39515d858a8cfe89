/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The customers or the invoices of the book: a column view over a paged model, with search
 * as you type, filters and sortable columns. */
#define RL_TYPE_LIST_VIEW (rl_list_view_get_type ())
G_DECLARE_FINAL_TYPE (RlListView, rl_list_view, RL, LIST_VIEW, GtkWidget)

void rl_list_view_set_book      (RlListView *self,
                                 const char *book_path);
void rl_list_view_reload        (RlListView *self);
void rl_list_view_apply_filter  (RlListView *self,
                                 const char *filter);
void rl_list_view_focus_search  (RlListView *self);

GtkAdjustment *rl_list_view_get_vadjustment  (RlListView *self);
guint          rl_list_view_get_n_items      (RlListView *self);
gboolean       rl_list_view_last_row_loaded  (RlListView *self);
gboolean       rl_list_view_get_loading      (RlListView *self);

G_END_DECLS
