/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-book"

#include "config.h"

#include "rl-book-alerts.h"

#include "rl-book-private.h"

void
rl_alert_row_free (RlAlertRow *row)
{
  if (row == NULL)
    return;
  g_free (row->customer_name);
  g_free (row);
}

/* Runs @sql with ?1 = @today, ?2 = the oldest day still news, ?3 = a number of days. */
static GPtrArray *
read_alerts (RlBook      *book,
             const char  *sql,
             RlDay        today,
             int          days,
             GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_alert_row_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (book), NULL);
  g_return_val_if_fail (today > RL_ALERT_RECENT_DAYS, NULL);

  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return NULL;
  _rl_bind_day (stmt, 1, today);
  _rl_bind_day (stmt, 2, today - RL_ALERT_RECENT_DAYS);
  sqlite3_bind_int (stmt, 3, days);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RlAlertRow *r = g_new0 (RlAlertRow, 1);

      r->id = sqlite3_column_int64 (stmt, 0);
      r->customer_id = sqlite3_column_int64 (stmt, 1);
      r->customer_name = _rl_column_text (stmt, 2);
      r->day = _rl_column_day (stmt, 3);
      r->amount = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (rows, r);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rl_book_sql_error (book, rc, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/**
 * rl_book_broken_promises:
 * @today: the day it is
 *
 * A promise is broken once its day has passed without the amount paid since it was made (as
 * the run settles it), whether or not a run has marked it yet.
 *
 * Returns: (transfer full) (element-type RlAlertRow): the promises broken in the last
 *   %RL_ALERT_RECENT_DAYS days, oldest first, or %NULL with @error
 */
GPtrArray *
rl_book_broken_promises (RlBook  *book,
                         RlDay    today,
                         GError **error)
{
  static const char sql[] =
    "SELECT p.id, c.id, c.name, p.promised_for, p.amount_cents"
    " FROM promises p JOIN customers c ON c.id = p.customer_id"
    " WHERE p.promised_for < ?1 AND p.promised_for >= ?2"
    " AND (p.state = 'broken' OR (p.state = 'open' AND p.amount_cents >"
    "   (SELECT coalesce (sum (y.amount_cents), 0) FROM payments y"
    "    WHERE y.customer_id = p.customer_id AND y.date >= p.made_on"
    "    AND y.date <= p.promised_for)))"
    " ORDER BY p.promised_for, p.id";

  return read_alerts (book, sql, today, 0, error);
}

/**
 * rl_book_expired_notices:
 * @today: the day it is
 *
 * A formal notice (a registered letter of the formal_notice template, posted) expires
 * %RL_FORMAL_NOTICE_DEADLINE_DAYS days after it was posted; it is news when some of its
 * invoices are still unpaid after that.
 *
 * Returns: (transfer full) (element-type RlAlertRow): the notices expired in the last
 *   %RL_ALERT_RECENT_DAYS days, with what their invoices still owe, or %NULL with @error
 */
GPtrArray *
rl_book_expired_notices (RlBook  *book,
                         RlDay    today,
                         GError **error)
{
  static const char sql[] =
    "SELECT a.id, c.id, c.name, date (a.done_on, '+' || ?3 || ' days') AS deadline,"
    "  (SELECT sum (v.amount_cents - v.paid_cents) FROM action_invoices ai"
    "   JOIN invoices v ON v.id = ai.invoice_id WHERE ai.action_id = a.id"
    "   AND NOT v.cancelled AND v.paid_cents < v.amount_cents) AS owed"
    " FROM actions a JOIN customers c ON c.id = a.customer_id"
    " WHERE a.template = 'formal_notice' AND a.channel = 'registered_letter'"
    " AND a.state = 'done' AND a.done_on IS NOT NULL"
    " AND date (a.done_on, '+' || ?3 || ' days') < ?1"
    " AND date (a.done_on, '+' || ?3 || ' days') >= ?2"
    " AND owed > 0"
    " ORDER BY deadline, a.id";

  return read_alerts (book, sql, today, RL_FORMAL_NOTICE_DEADLINE_DAYS, error);
}
