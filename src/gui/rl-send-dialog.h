/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rl-dispatcher.h"

G_BEGIN_DECLS

/* Sends the approved e-mails and SMS through the relay provider, one after another, from a
 * worker thread that records them in the book (the main loop never waits for it): a progress
 * bar and each message's outcome. */

void  rl_send_dialog_open      (GtkWidget              *from,
                                const char             *book_path);

/* "Sent", "Failed: <the provider's words>", "In doubt: …": what a message's row says. */
char *rl_send_outcome_text     (const RlDispatchResult *result);

/* What to tell when no dispatcher can be set up; TRUE when the preferences can fix it. */
char *rl_send_setup_problem    (const GError           *error,
                                gboolean               *out_fixable);

G_END_DECLS
