/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RL_TYPE_DASHBOARD (rl_dashboard_get_type ())
G_DECLARE_FINAL_TYPE (RlDashboard, rl_dashboard, RL, DASHBOARD, GtkWidget)

void rl_dashboard_set_book (RlDashboard *self,
                            const char  *book_path);

G_END_DECLS
