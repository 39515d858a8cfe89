/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Desktop notifications of what needs the user: the day's actions are ready, a dispute's
 * deadline comes or has passed, a customer owes more than its credit limit. Each event is
 * announced once: the book remembers it (settings "notified:…"). Activating a notification
 * opens the page behind it in @window. */
void rl_notifier_check (GtkWidget  *window,
                        const char *book_path);

G_END_DECLS
