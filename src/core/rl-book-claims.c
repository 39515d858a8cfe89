/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-book"

#include "config.h"

#include "rl-penalties.h"

#include <string.h>

#include "rl-book-private.h"

/* What the book could invoice today on top of what is owed: the late-payment interest and the
 * 40 € indemnities of the overdue invoices of business customers (L441-10, D441-5). */

/**
 * rl_book_invoice_settlements:
 *
 * Returns: (transfer full) (element-type RlSettlement): the payments and credit notes applied
 *   to the invoice, in no order, or %NULL with @error
 */
GArray *
rl_book_invoice_settlements (RlBook  *book,
                             gint64   invoice_id,
                             GError **error)
{
  static const char sql[] = "SELECT date, amount_cents FROM allocations WHERE invoice_id = ?";
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (RlSettlement));
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RlSettlement s = { _rl_column_day (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      g_array_append_val (list, s);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rl_book_sql_error (book, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

typedef struct
{
  gint64   id;
  RlCents  amount;
  RlDay    due_date;
  int      contract_rate_bp;
} Overdue;

/**
 * rl_book_claimable_penalties:
 * @as_of: the day interest is counted to
 * @out: (out caller-allocates): the totals
 *
 * Sums, over the open invoices past due at @as_of of business customers and not in dispute,
 * the interest rl_penalty_compute() gives and the 40 € indemnity of each. When a half-year of
 * the period has no confirmed rates, @out says which and the amounts are 0: nothing is guessed.
 *
 * Returns: %FALSE with @error on a book error
 */
gboolean
rl_book_claimable_penalties (RlBook       *book,
                             RlDay         as_of,
                             RlClaimable  *out,
                             GError      **error)
{
  static const char sql[] =
    "SELECT i.id, i.amount_cents, i.due_date, coalesce (c.contract_rate_bp, -1)"
    " FROM invoices i JOIN customers c ON c.id = i.customer_id"
    " WHERE i.kind = 'invoice' AND NOT i.cancelled AND i.paid_cents < i.amount_cents"
    " AND i.due_date < ?1 AND c.kind = 'business'"
    " AND NOT EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_id = i.id"
    "                 AND d.resolved_on IS NULL)";
  g_autoptr(GArray) overdue = g_array_new (FALSE, FALSE, sizeof (Overdue));
  g_autoptr(RlRateTable) rates = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return FALSE;
  _rl_bind_day (stmt, 1, as_of);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Overdue o = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                    _rl_column_day (stmt, 2), sqlite3_column_int (stmt, 3) };

      g_array_append_val (overdue, o);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  rates = rl_rate_table_load (book, error);
  if (rates == NULL)
    return FALSE;
  for (guint i = 0; i < overdue->len; i++)
    {
      const Overdue *o = &g_array_index (overdue, Overdue, i);
      g_autoptr(GArray) settlements = rl_book_invoice_settlements (book, o->id, error);
      g_autoptr(GError) local = NULL;
      g_auto(RlPenalty) penalty = { 0 };
      RlPenaltyInput input = {
        .amount = o->amount,
        .due_date = o->due_date,
        .as_of = as_of,
        .debtor = RL_CUSTOMER_BUSINESS,
        .contract_rate_bp = o->contract_rate_bp,
        .formal_notice = RL_DAY_NONE,
      };

      if (settlements == NULL)
        return FALSE;
      input.settlements = (const RlSettlement *) settlements->data;
      input.n_settlements = settlements->len;
      if (!rl_penalty_compute (&input, rates, &penalty, out->missing_half_year, &local))
        {
          if (g_error_matches (local, RL_PENALTY_ERROR, RL_PENALTY_ERROR_RATE_MISSING))
            {
              out->interest = out->indemnities = 0;
              out->n_invoices = 0;
              return TRUE;
            }
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      out->interest += penalty.interest;
      out->indemnities += penalty.indemnity;
      out->n_invoices++;
    }
  return TRUE;
}
