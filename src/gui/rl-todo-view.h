/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Today's proposed actions, by channel: approve, edit, skip; calls get their outcome. */
#define RL_TYPE_TODO_VIEW (rl_todo_view_get_type ())
G_DECLARE_FINAL_TYPE (RlTodoView, rl_todo_view, RL, TODO_VIEW, GtkWidget)

void  rl_todo_view_set_book        (RlTodoView *self,
                                    const char *book_path);
guint rl_todo_view_get_n_proposed  (RlTodoView *self);

G_END_DECLS
