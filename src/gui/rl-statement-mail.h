/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rl-date.h"

G_BEGIN_DECLS

/* A customer's account statement e-mailed through the relay provider, its PDF attached, then
 * kept in the book (letters, audit) so that it shows in the customer's history. */

void   rl_statement_mail_send_async  (const char          *book_path,
                                      gint64               customer_id,
                                      GBytes              *pdf,
                                      int                  pages,
                                      RlDay                as_of,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
char  *rl_statement_mail_send_finish (GAsyncResult        *result,
                                      GError             **error);

G_END_DECLS
