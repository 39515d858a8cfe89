/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-book"

#include "config.h"

#include "rl-book-notes.h"

#include <glib/gi18n-lib.h>

#include "rl-book-private.h"
#include "rl-error.h"

void
rl_note_free (RlNote *note)
{
  if (note == NULL)
    return;
  g_free (note->created_at);
  g_free (note->author);
  g_free (note->text);
  g_free (note);
}

/**
 * rl_book_add_note:
 * @author: who writes it, or %NULL
 * @text: the note; surrounding blanks are dropped
 *
 * Writes a note about a customer, stamped with the time; audited.
 *
 * Returns: the note's id, or 0 with @error set (%RL_BOOK_ERROR_INVALID for an empty or too
 *   long note, %RL_BOOK_ERROR_NOT_FOUND for an unknown customer)
 */
gint64
rl_book_add_note (RlBook      *book,
                  gint64       customer_id,
                  const char  *author,
                  const char  *text,
                  GError     **error)
{
  static const char sql[] =
    "INSERT INTO customer_notes (customer_id, created_at, author, text) VALUES (?, ?, ?, ?)";
  g_autoptr(RlCustomer) customer = NULL;
  g_autofree char *clean = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *who = g_strstrip (g_strdup (author ? author : ""));
  sqlite3_stmt *stmt;
  gint64 id;
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (book), 0);

  if (!g_utf8_validate (clean, -1, NULL) || !g_utf8_validate (who, -1, NULL))
    {
      g_set_error_literal (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                           _("a note must be valid UTF-8 text"));
      return 0;
    }
  if (*clean == '\0')
    {
      g_set_error_literal (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID, _("a note cannot be empty"));
      return 0;
    }
  if (g_utf8_strlen (clean, -1) > RL_NOTE_MAX_CHARS)
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                   _("a note has at most %d characters"), RL_NOTE_MAX_CHARS);
      return 0;
    }
  customer = rl_book_get_customer (book, customer_id, error);
  if (customer == NULL)
    return 0;
  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  sqlite3_bind_text (stmt, 2, _rl_book_now (book), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, who, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, clean, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rl_book_sql_error (book, rc, error);
      return 0;
    }
  id = sqlite3_last_insert_rowid (_rl_book_get_db (book));
  if (!rl_book_audit (book, "insert", "customer_note", id, customer->code, error))
    return 0;
  return id;
}

/**
 * rl_book_list_notes:
 *
 * Returns: (transfer full) (element-type RlNote): the customer's notes, the latest first, or
 *   %NULL with @error set
 */
GPtrArray *
rl_book_list_notes (RlBook  *book,
                    gint64   customer_id,
                    GError **error)
{
  static const char sql[] =
    "SELECT id, customer_id, created_at, author, text FROM customer_notes"
    " WHERE customer_id = ? ORDER BY created_at DESC, id DESC";
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_note_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (book), NULL);

  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RlNote *n = g_new0 (RlNote, 1);

      n->id = sqlite3_column_int64 (stmt, 0);
      n->customer_id = sqlite3_column_int64 (stmt, 1);
      n->created_at = _rl_column_text (stmt, 2);
      n->author = _rl_column_text (stmt, 3);
      n->text = _rl_column_text (stmt, 4);
      g_ptr_array_add (list, n);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rl_book_sql_error (book, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * rl_installments_split:
 * @total: what the plan must collect, in cents
 * @n: how many installments
 * @first: the first installment's date
 * @period: the time between two installments; months keep the day of the month (the 31st
 *   becomes the last day of a shorter month)
 * @due_dates: (out caller-allocates) (array length=n): the dates
 * @amounts: (out caller-allocates) (array length=n): equal amounts in whole cents, the last
 *   one taking the rounding, so that they add up to @total exactly
 *
 * Returns: %FALSE with @error set (%RL_BOOK_ERROR_INVALID) when @total is not positive, @n is
 *   0 or above %RL_INSTALLMENTS_MAX or larger than @total in cents, or @first is not a date
 */
gboolean
rl_installments_split (RlCents   total,
                       guint     n,
                       RlDay     first,
                       RlPeriod  period,
                       RlDay    *due_dates,
                       RlCents  *amounts,
                       GError  **error)
{
  RlCents each;

  if (total <= 0)
    {
      g_set_error_literal (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                           _("nothing is owed: there is nothing to split into installments"));
      return FALSE;
    }
  if (n == 0 || n > RL_INSTALLMENTS_MAX || (RlCents) n > total)
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                   _("give between 1 and %d installments"), RL_INSTALLMENTS_MAX);
      return FALSE;
    }
  if (first == RL_DAY_NONE)
    {
      g_set_error_literal (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                           _("give the first installment’s date"));
      return FALSE;
    }
  each = total / (RlCents) n;
  for (guint i = 0; i < n; i++)
    {
      switch (period)
        {
        case RL_PERIOD_WEEK:
          due_dates[i] = first + 7 * i;
          break;
        case RL_PERIOD_FORTNIGHT:
          due_dates[i] = first + 14 * i;
          break;
        case RL_PERIOD_QUARTER:
          due_dates[i] = rl_day_add_months (first, 3 * (int) i);
          break;
        case RL_PERIOD_MONTH:
        default:
          due_dates[i] = rl_day_add_months (first, (int) i);
          break;
        }
      amounts[i] = i + 1 < n ? each : total - each * (RlCents) (n - 1);
    }
  return TRUE;
}
