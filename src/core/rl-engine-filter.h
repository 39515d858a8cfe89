/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-book.h"
#include "rl-date.h"
#include "rl-money.h"

G_BEGIN_DECLS

/* What the daily run needs to know of every customer and of the holds at its day, read once
 * into memory: the small tables (disputes, holds, promises, payment plans, customers) become
 * sets looked up per invoice, instead of subqueries run for each of a million invoices. */

typedef struct
{
  gint64   id;
  gint64   plan_id;       /* 0: chosen by the risk class */
  char     risk_class;    /* 'A'…'D', or 0 when not scored */
  gboolean never_chase;
  gboolean held;          /* on hold, or under a promise covering all its invoices */
  RlCents  open_credits;  /* what its credit notes issued by the day still have to give */
  const char *code;
  const char *name;
} RlRunCustomer;

typedef struct _RlRunFilter RlRunFilter;

RlRunFilter         *_rl_run_filter_new              (RlBook        *book,
                                                      RlDay          as_of,
                                                      GError       **error);
void                 _rl_run_filter_free             (RlRunFilter   *filter);
const RlRunCustomer *_rl_run_filter_customer         (RlRunFilter   *filter,
                                                      gint64         customer_id);
gboolean             _rl_run_filter_invoice_held     (RlRunFilter   *filter,
                                                      gint64         invoice_id);
void                 _rl_run_filter_add_in_action    (RlRunFilter   *filter,
                                                      gint64         invoice_id);
gboolean             _rl_run_filter_in_open_action   (RlRunFilter   *filter,
                                                      gint64         invoice_id);

int                  _rl_run_compare_ids             (gconstpointer  a,
                                                      gconstpointer  b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlRunFilter, _rl_run_filter_free)

G_END_DECLS
