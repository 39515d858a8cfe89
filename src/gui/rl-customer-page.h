/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* One customer: identity, risk and its reasons, credit used, open invoices, history, and the
 * holds one puts on a customer: a hold, a promise, a dispute. */
#define RL_TYPE_CUSTOMER_PAGE (rl_customer_page_get_type ())
G_DECLARE_FINAL_TYPE (RlCustomerPage, rl_customer_page, RL, CUSTOMER_PAGE, GtkWidget)

void rl_customer_page_show   (RlCustomerPage *self,
                              const char     *book_path,
                              gint64          customer_id);
void rl_customer_page_reload (RlCustomerPage *self);

G_END_DECLS
