/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "rl-aging.h"

G_BEGIN_DECLS

/* What the pass over the book (rl-aging.c) and the kept totals (rl-aging-totals.c) share: the
 * days of an as-of date, the sales of its DSO, and how the totals are closed. */

#define RL_AGING_PERIODS    36  /* the countback walks back at most this many months */
#define RL_AGING_SALES_DAYS 90  /* the period of the simple DSO */

typedef struct
{
  char     as_of_iso[11];
  char     window_iso[11];      /* first day of the countback window */
  int      as_of;               /* as a day number */
  int      sales_from;          /* first day of the simple DSO's 90 days */
  int      month0;              /* year × 12 + month − 1 of the as-of date */
  int      period_days[RL_AGING_PERIODS];
  RlCents  period_sales[RL_AGING_PERIODS];
  RlCents  sales_90_days;
} RlAgingWindow;

void      _rl_aging_window_init  (RlAgingWindow       *w,
                                  RlDay                as_of);
gboolean  _rl_aging_ymd          (sqlite3_stmt        *stmt,
                                  int                  col,
                                  int                 *year,
                                  int                 *month,
                                  int                 *day);
void      _rl_aging_add_sale     (RlAgingWindow       *w,
                                  int                  year,
                                  int                  month,
                                  int                  day,
                                  RlCents              amount);
RlAging  *_rl_aging_new          (RlDay                as_of,
                                  const char          *currency);
void      _rl_aging_finish       (RlAging             *aging,
                                  const RlAgingWindow *w,
                                  __int128             late_weight);

RlAging  *_rl_aging_compute_kept (RlBook              *book,
                                  RlDay                as_of,
                                  const char          *currency,
                                  GError             **error);

G_END_DECLS
