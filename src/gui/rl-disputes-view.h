/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The open disputes, the nearest deadline first. */
#define RL_TYPE_DISPUTES_VIEW (rl_disputes_view_get_type ())
G_DECLARE_FINAL_TYPE (RlDisputesView, rl_disputes_view, RL, DISPUTES_VIEW, GtkWidget)

void rl_disputes_view_set_book (RlDisputesView *self,
                                const char     *book_path);

G_END_DECLS
