/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-book.h"
#include "rl-date.h"

G_BEGIN_DECLS

/* Customer risk: a score from 0 (worst) to 100 (safest) and a class A (best) to D (worst), at
 * an as-of date, from the customer's payment history. Deterministic: the same book and the
 * same as-of date always give the same scores, whatever the order of the rows.
 *
 * What counts:
 *
 *  - the invoices paid in the 24 months up to the as-of date (settled_on in that window), each
 *    late by max (0, settled_on − due_date) days;
 *  - the invoices still overdue at the as-of date (due before it, not settled by it), each late
 *    by as_of − due_date days so far, for what they still owed then;
 *  - the overdue amount at the as-of date (in the book's currency) versus the credit limit;
 *  - the disputes open at the as-of date, and those resolved in the window;
 *  - the promises to pay due in the window and broken.
 *
 * Recency: each paid invoice weighs w = 1024 × 2^(−age / 182.5), age = days from settled_on to
 * the as-of date (a half-life of six months); an overdue invoice is current: w = 1024.
 *
 * The score of the payment history, H, is 100 minus these penalties:
 *
 *   late share   35 × Σ w (late) / Σ w                       (how often: count, by recency)
 *   severity     min (35, 1.5 × Σ w·amount·days / Σ w·amount)  (days beyond terms, on time
 *                                                            = 0, by recency and amount)
 *   worst delay  min (15, max (0, worst − 30) / 4)           (worst delay in days of all above)
 *
 * A few invoices say little, so H leans towards the neutral 60 with n invoices counted (paid
 * in the window or overdue): H' = 60 + (H − 60) × n / (n + 2). The score is H' minus:
 *
 *   over limit   min (25, max (0, overdue % of limit − 50) / 4)  (none without a limit)
 *   disputes     min (16, 8 × open) + min (9, 3 × resolved in the window)
 *   promises     min (24, 8 × broken)
 *
 * rounded half up and clamped to 0–100.
 *
 * Classes: A ≥ 80, B ≥ 60, C ≥ 40, D below. A customer with no history (no invoice paid in the
 * window, none overdue) is B with a score of 60 and the fact no_history=1.
 *
 * The facts are stored language-independent in customers.risk_reasons, e.g.
 * "late=7/10;avg=23;worst=61;overdue=2;overdue_pct_limit=120;disputes=1;past_disputes=0;
 * broken_promises=2;no_history=0" where late counts the invoices paid in the window late out of
 * those paid, avg is the average delay of the late ones in days weighted by amount (no recency),
 * overdue the number of invoices overdue at the as-of date, and overdue_pct_limit is −1 without
 * a credit limit. rl_risk_describe() turns them into sentences in the user's language. */

#define RL_RISK_NO_HISTORY_SCORE 60
/* The daily run rescores every customer at least this often (rl_risk_refresh()). */
#define RL_RISK_FULL_EVERY_DAYS 7

typedef struct _RlRisk RlRisk;

struct _RlRisk
{
  gint64  customer_id;
  RlDay   as_of;
  int     score;   /* 0–100, 100 = safest */
  char    klass;   /* 'A' … 'D' */
  char   *facts;   /* language-independent facts, as stored in customers.risk_reasons */
};

RlRisk     *rl_risk_compute      (RlBook   *book,
                                  gint64    customer_id,
                                  RlDay     as_of,
                                  GError  **error);
void        rl_risk_free         (RlRisk   *risk);
gboolean    rl_risk_update_all   (RlBook   *book,
                                  RlDay     as_of,
                                  guint    *out_changed,
                                  GError  **error);
gboolean    rl_risk_refresh      (RlBook   *book,
                                  RlDay     as_of,
                                  gboolean *out_full,
                                  GError  **error);
char        rl_risk_class_for_score (int    score);
const char *rl_risk_class_label  (char      klass);
char       *rl_risk_describe     (const char *facts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlRisk, rl_risk_free)

G_END_DECLS
