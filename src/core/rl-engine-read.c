/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rl-book-private.h"
#include "rl-engine-private.h"

/* The run reads what it may chase: the open invoices up to its horizon, and the actions not
 * carried out yet, which lose the invoices no longer to chase (and wait for the others). */

#define MAX_LEAD_DAYS 60   /* the earliest a step may come before a due date */

/* An invoice may be chased at the as-of date when it is an open invoice issued by then (the
 * SQL below), not disputed, not held, not under a promise or a payment plan, and its customer
 * may be chased (the run's filter). */
gboolean
_rl_engine_chaseable (Run     *run,
                      gint64   invoice_id,
                      gint64   customer_id)
{
  const RlRunCustomer *c = _rl_run_filter_customer (run->filter, customer_id);

  return c != NULL && !c->never_chase && !c->held
         && !_rl_run_filter_invoice_held (run->filter, invoice_id);
}

static int
lead_days (Run *run)
{
  int lead = 0;

  for (guint i = 0; i < run->plans->len; i++)
    {
      const RlPlan *p = g_ptr_array_index (run->plans, i);

      for (guint k = 0; k < p->steps->len; k++)
        lead = MAX (lead, -((const RlPlanStep *) g_ptr_array_index (p->steps, k))->offset_days);
    }
  return MIN (lead, MAX_LEAD_DAYS);
}

/* The open invoices issued by the day and due by its horizon (invoices not yet due matter only
 * as far ahead as the earliest step of any plan), in one pass over the index of open invoices:
 * by customer and due date. */
gboolean
_rl_engine_load_open_invoices (Run     *run,
                               GError **error)
{
  /* The index holds every column read, in the order proposing needs (see migration 9). */
  static const char sql[] =
    "SELECT id, customer_id, due_date, amount_cents - paid_cents"
    " FROM invoices INDEXED BY invoices_chase"
    " WHERE paid_cents < amount_cents AND NOT cancelled AND due_date <= ?2"
    " AND kind = 'invoice' AND issue_date <= ?1 ORDER BY customer_id, due_date, id";
  sqlite3_stmt *stmt = _rl_book_stmt (run->book, sql, error);
  char horizon[11];
  int rc;

  if (stmt == NULL)
    return FALSE;
  rl_day_to_iso_buf (run->as_of + lead_days (run), horizon);
  sqlite3_bind_text (stmt, 1, run->as_of_iso, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, horizon, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OpenInvoice inv = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                          _rl_column_day (stmt, 2), sqlite3_column_int64 (stmt, 3) };

      g_array_append_val (run->open, inv);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (run->book, rc, error);
  return TRUE;
}

/* Whether an invoice in an action of @customer_id may still be chased: still that customer's,
 * open (among the invoices the run read, or, beyond its horizon, as the book says) and not
 * held. */
static gboolean
still_chaseable (Run     *run,
                 gint64   invoice_id,
                 gint64   customer_id,
                 GError **error)
{
  static const char sql[] =
    "SELECT kind = 'invoice' AND NOT cancelled AND paid_cents < amount_cents AND issue_date <= ?1"
    " AND customer_id = ?3 FROM invoices WHERE id = ?2";
  OpenInvoice probe = { invoice_id, 0, 0, 0 };
  sqlite3_stmt *stmt;
  gboolean open = FALSE;
  guint index;

  if (!_rl_engine_chaseable (run, invoice_id, customer_id))
    return FALSE;
  /* Sorted by id on the first look-up (a book without actions waiting needs none). */
  if (run->open_ids == NULL)
    {
      run->open_ids = g_array_sized_new (FALSE, FALSE, sizeof (OpenInvoice), run->open->len);
      g_array_append_vals (run->open_ids, run->open->data, run->open->len);
      g_array_sort (run->open_ids, _rl_run_compare_ids);
    }
  if (g_array_binary_search (run->open_ids, &probe, _rl_run_compare_ids, &index))
    return g_array_index (run->open_ids, OpenInvoice, index).customer_id == customer_id;
  stmt = _rl_book_stmt (run->book, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, run->as_of_iso, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, invoice_id);
  sqlite3_bind_int64 (stmt, 3, customer_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    open = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return open;
}

/* Actions not carried out yet lose the invoices that were paid, credited, disputed or put on
 * hold since they were proposed; an action left with none is cancelled. The steps those
 * invoices were to receive are forgotten, so that they can come again if chasing resumes. The
 * invoices left in reminders not carried out (proposed, approved, on their way, in doubt or
 * failed) wait for them. */
gboolean
_rl_engine_revisit_open_actions (Run     *run,
                                 GError **error)
{
  static const char open_sql[] =
    "SELECT a.id, a.customer_id, a.state IN ('proposed', 'approved'), ai.invoice_id"
    " FROM actions a INDEXED BY actions_unfinished"
    " JOIN action_invoices ai ON ai.action_id = a.id"
    " WHERE a.state <> 'done' AND a.state <> 'cancelled' AND a.state <> 'skipped'"
    " AND a.kind = 'reminder'";
  static const char drop_sql[] =
    "DELETE FROM action_invoices WHERE action_id = ?1 AND invoice_id = ?2";
  static const char left_sql[] =
    "SELECT count (*), coalesce (sum (i.amount_cents - i.paid_cents), 0) FROM action_invoices ai"
    " JOIN invoices i ON i.id = ai.invoice_id WHERE ai.action_id = ?";
  static const char shrink_sql[] =
    "UPDATE actions SET amount_cents = ?, reason = ?, state_changed_at = ? WHERE id = ?";
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) touched = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         NULL);
  sqlite3_stmt *stmt = _rl_book_stmt (run->book, open_sql, error);
  GHashTableIter iter;
  gpointer key;
  int rc;

  if (stmt == NULL)
    return FALSE;
  /* Read first: deciding may query the book. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row[4] = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                        sqlite3_column_int64 (stmt, 2), sqlite3_column_int64 (stmt, 3) };

      g_array_append_vals (rows, row, 4);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (run->book, rc, error);
  for (guint k = 0; k < rows->len; k += 4)
    {
      const gint64 *row = &g_array_index (rows, gint64, k);
      g_autoptr(GError) local_error = NULL;

      if (row[2] == 0 || still_chaseable (run, row[3], row[1], &local_error))
        {
          _rl_run_filter_add_in_action (run->filter, row[3]);
          continue;
        }
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_array_append_vals (pairs, (gint64[]) { row[0], row[3] }, 2);
    }

  for (guint k = 0; k < pairs->len; k += 2)
    {
      gint64 action_id = g_array_index (pairs, gint64, k);
      gint64 invoice_id = g_array_index (pairs, gint64, k + 1);

      /* The step it was to receive goes with it (it is the invoice's only once the action
       * is carried out or skipped): it can come again if chasing resumes. */
      stmt = _rl_book_stmt (run->book, drop_sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, action_id);
      sqlite3_bind_int64 (stmt, 2, invoice_id);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return _rl_book_sql_error (run->book, rc, error);
      if (!g_hash_table_contains (touched, &action_id))
        g_hash_table_add (touched, g_memdup2 (&action_id, sizeof action_id));
    }

  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint64 action_id = *(gint64 *) key;
      gint64 n_left = 0;
      RlCents left = 0;

      stmt = _rl_book_stmt (run->book, left_sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, action_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          n_left = sqlite3_column_int64 (stmt, 0);
          left = sqlite3_column_int64 (stmt, 1);
        }
      sqlite3_reset (stmt);
      if (n_left == 0)
        {
          if (!rl_book_set_action_state (run->book, action_id, RL_ACTION_CANCELLED,
                                         _("its invoices were paid, credited, disputed or put "
                                           "on hold"), run->as_of, error))
            return FALSE;
          run->report->cancelled++;
          continue;
        }
      stmt = _rl_book_stmt (run->book, shrink_sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, left);
      sqlite3_bind_text (stmt, 2, _("some of its invoices were paid, credited, disputed or put "
                                    "on hold"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, _rl_book_now (run->book), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, action_id);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return _rl_book_sql_error (run->book, rc, error);
      if (!rl_book_audit (run->book, "shrink", "action", action_id, NULL, error))
        return FALSE;
      run->report->shrunk++;
    }
  return TRUE;
}
