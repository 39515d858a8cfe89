/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-book.h"

G_BEGIN_DECLS

/* Aging buckets by days past due at the as-of date. */
typedef enum
{
  RL_BUCKET_NOT_DUE,   /* due on or after the as-of date */
  RL_BUCKET_1_30,
  RL_BUCKET_31_60,
  RL_BUCKET_61_90,
  RL_BUCKET_OVER_90,
  RL_N_BUCKETS,
} RlBucket;

struct _RlAgingRow
{
  gint64    customer_id;          /* 0 for the total row */
  char     *code;
  char     *name;
  RlCents   buckets[RL_N_BUCKETS]; /* what open invoices still owe, by bucket */
  RlCents   open_invoices;        /* sum of the buckets */
  RlCents   overdue;              /* buckets 1-30 to >90 */
  RlCents   unapplied_credits;    /* credit notes issued by the as-of date, not yet applied */
  RlCents   unallocated_payments; /* payments received by the as-of date, not yet applied */
  RlCents   outstanding;          /* open_invoices - unapplied_credits - unallocated_payments */
  guint     n_open;               /* open invoices */
  guint     n_overdue;
  int       max_days_late;        /* of its open invoices, 0 if none is late */
  int       adbt_tenths;          /* average days beyond terms of the overdue balance,
                                     weighted by amount, in tenths of a day; 0 if none */
  gboolean  has_credit_limit;
  RlCents   credit_limit;
  int       credit_usage_bp;      /* outstanding / credit limit in basis points (10000 = 100 %);
                                     -1 without a limit */
};

struct _RlAging
{
  RlDay       as_of;
  char       *currency;           /* the book's currency; other currencies are left out */
  guint       other_currency_items; /* open items left out because of their currency */
  GPtrArray  *rows;               /* (element-type RlAgingRow): customers with anything open,
                                     by code; empty unless asked for */
  RlAgingRow  total;
  RlCents     sales_90_days;      /* net credit sales of the 90 days up to the as-of date */
  int         dso_countback_tenths; /* DSO, countback method, tenths of a day; -1: no sales */
  int         dso_simple_tenths;  /* DSO, simple method over 90 days; -1: no sales */
  guint       customers_over_limit;
};

RlAging  *rl_aging_compute (RlBook   *book,
                            RlDay     as_of,
                            gboolean  per_customer,
                            GError  **error);
RlAging  *rl_aging_compute_full (RlBook   *book,
                                 RlDay     as_of,
                                 gboolean  per_customer,
                                 GError  **error);
RlAging  *rl_aging_compute_customer (RlBook   *book,
                                     gint64    customer_id,
                                     RlDay     as_of,
                                     GError  **error);
RlAging  *rl_aging_compute_totals   (RlBook   *book,
                                     RlDay     as_of,
                                     GError  **error);
void      rl_aging_free    (RlAging  *aging);
RlBucket  rl_aging_bucket  (int       days_late);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlAging, rl_aging_free)

G_END_DECLS
