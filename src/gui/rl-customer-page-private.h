/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rl-customer-page.h"
#include "rl-money.h"

G_BEGIN_DECLS

struct _RlCustomerPage
{
  GtkWidget      parent_instance;

  GtkLabel      *name_label;
  GtkLabel      *summary_label;
  GtkListBox    *identity_list;
  GtkListBox    *risk_list;
  GtkListBox    *invoices_list;
  GtkListBox    *timeline_list;

  char          *book_path;
  gint64         customer_id;
  char          *title;
  GPtrArray     *invoices;   /* (element-type RlInvoiceRow): the open ones, for a dispute */
  GPtrArray     *plans;      /* (element-type RlPlan): the book's dunning plans */
  gint64         plan_id;    /* the customer's own plan, 0: by risk class */
  RlCents        balance;    /* what the customer owes, for a payment plan */
  char          *email;      /* where a statement goes, or NULL */
  GCancellable  *cancellable;
};

/* rl-customer-page-actions.c: payment plan, dunning plan, statement, note. */
void        _rl_customer_page_install_actions (GtkWidgetClass *widget_class);
const char *_rl_customer_page_plan_label      (GPtrArray      *plans,
                                               gint64          plan_id);
void        _rl_customer_page_changed_cb      (GObject        *source,
                                               GAsyncResult   *result,
                                               gpointer        user_data);

G_END_DECLS
