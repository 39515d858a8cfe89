/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RL_TYPE_ACTION_BOX (rl_action_box_get_type ())
G_DECLARE_FINAL_TYPE (RlActionBox, rl_action_box, RL, ACTION_BOX, GtkWidget)

GtkWidget *rl_action_box_new          (GMenuModel  *overflow,
                                       const char  *overflow_label);
void       rl_action_box_append       (RlActionBox *self,
                                       GtkWidget   *button,
                                       gboolean     secondary);
void       rl_action_box_set_compact  (RlActionBox *self,
                                       gboolean     compact);
int        rl_action_box_get_full_width (RlActionBox *self);

G_END_DECLS
