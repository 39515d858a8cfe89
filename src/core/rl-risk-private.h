/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rl-money.h"
#include "rl-risk.h"

G_BEGIN_DECLS

/* What the passes over the book (rl-risk.c) and the scoring (rl-risk-score.c) share: the sums
 * read for one customer, and the score, class and facts made of them. */

typedef struct
{
  gint64    customer_id;
  /* Plain facts, no recency */
  guint     n_paid;          /* invoices paid in the window */
  guint     n_paid_late;
  __int128  late_amount;     /* Σ amount of those paid late */
  __int128  late_amount_days;
  int       worst;           /* days, paid in the window or overdue at the as-of date */
  guint     n_overdue;
  RlCents   overdue;         /* owed at the as-of date on overdue invoices, book's currency */
  guint     open_disputes;
  guint     past_disputes;
  guint     broken_promises;
  /* Weighted by recency, for the score */
  gint64    w_all;           /* Σ w */
  gint64    w_late;          /* Σ w over the late ones */
  __int128  wa_all;          /* Σ w·amount */
  __int128  wad_late;        /* Σ w·amount·days late (on time: 0 days) */
} Acc;

void  _rl_risk_score_account  (const Acc  *acc,
                               gboolean    has_limit,
                               RlCents     limit,
                               int        *out_score,
                               char       *out_klass,
                               char      **out_facts);

G_END_DECLS
