/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-book.h"
#include "rl-date.h"
#include "rl-money.h"

G_BEGIN_DECLS

/* Events the desktop announces that the book can tell on any day: promises to pay broken and
 * formal notices whose deadline passed unpaid. Recent ones only: an event older than
 * %RL_ALERT_RECENT_DAYS is history, not news. */

#define RL_ALERT_RECENT_DAYS 30
/* Days a registered formal notice gives the customer to pay, from the day it was posted. */
#define RL_FORMAL_NOTICE_DEADLINE_DAYS 8

typedef struct
{
  gint64   id;             /* the promise's, or the formal notice's action */
  gint64   customer_id;
  char    *customer_name;
  RlDay    day;            /* the promised date, or the notice's deadline */
  RlCents  amount;         /* promised, or what the notice's invoices still owe */
} RlAlertRow;

void       rl_alert_row_free       (RlAlertRow  *row);
GPtrArray *rl_book_broken_promises (RlBook      *book,
                                    RlDay        today,
                                    GError     **error);
GPtrArray *rl_book_expired_notices (RlBook      *book,
                                    RlDay        today,
                                    GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlAlertRow, rl_alert_row_free)

G_END_DECLS
