/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-book"

#include "config.h"

#include "rl-book-private.h"

#include <string.h>

#include "rl-error.h"
#include "rl-penalties.h"

#define SAVEPOINT "rl_set_rate"

static void
read_rate (sqlite3_stmt *stmt,
           RlRate       *rate)
{
  const char *hy = (const char *) sqlite3_column_text (stmt, 0);

  memset (rate, 0, sizeof *rate);
  g_strlcpy (rate->half_year, hy ? hy : "", sizeof rate->half_year);
  rate->ecb_bp = sqlite3_column_int (stmt, 1);
  rate->b2b_bp = sqlite3_column_int (stmt, 2);
  rate->legal_private_bp = sqlite3_column_int (stmt, 3);
  rate->legal_other_bp = sqlite3_column_int (stmt, 4);
  rate->confirmed = sqlite3_column_int (stmt, 5) != 0;
}

/**
 * rl_book_list_rates:
 *
 * Returns: (transfer full) (element-type RlRate): the book's late-payment rates, confirmed or
 *   not, in half-year order; %NULL on error
 */
GArray *
rl_book_list_rates (RlBook  *book,
                    GError **error)
{
  static const char sql[] =
    "SELECT half_year, ecb_bp, b2b_bp, legal_private_bp, legal_other_bp, confirmed"
    " FROM rates ORDER BY half_year";
  g_autoptr(GArray) rates = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (book), NULL);

  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return NULL;
  rates = g_array_new (FALSE, TRUE, sizeof (RlRate));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RlRate rate;

      read_rate (stmt, &rate);
      g_array_append_val (rates, rate);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rl_book_sql_error (book, rc, error);
      return NULL;
    }
  return g_steal_pointer (&rates);
}

/* Reads the book's rate of @half_year into @rate. Returns 1 if found, 0 if not, -1 on error. */
static int
find_rate (RlBook      *book,
           const char  *half_year,
           RlRate      *rate,
           GError     **error)
{
  static const char sql[] =
    "SELECT half_year, ecb_bp, b2b_bp, legal_private_bp, legal_other_bp, confirmed"
    " FROM rates WHERE half_year = ?1";
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, half_year, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    read_rate (stmt, rate);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return 1;
  if (rc == SQLITE_DONE)
    return 0;
  _rl_book_sql_error (book, rc, error);
  return -1;
}

static gboolean
write_rate (RlBook        *book,
            const RlRate  *rate,
            GError       **error)
{
  static const char sql[] =
    "INSERT INTO rates (half_year, ecb_bp, b2b_bp, legal_private_bp, legal_other_bp, confirmed,"
    " source) VALUES (?1, ?2, ?3, ?4, ?5, 1, 'user')"
    " ON CONFLICT (half_year) DO UPDATE SET ecb_bp = excluded.ecb_bp,"
    " b2b_bp = excluded.b2b_bp, legal_private_bp = excluded.legal_private_bp,"
    " legal_other_bp = excluded.legal_other_bp, confirmed = 1, source = 'user'";
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, rate->half_year, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, rate->ecb_bp);
  sqlite3_bind_int (stmt, 3, rate->b2b_bp);
  sqlite3_bind_int (stmt, 4, rate->legal_private_bp);
  sqlite3_bind_int (stmt, 5, rate->legal_other_bp);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  return TRUE;
}

static void
append_change (GString    *changes,
               const char *name,
               int         old_value,
               int         new_value)
{
  g_string_append_printf (changes, "; %s %d", name, old_value);
  if (old_value != new_value)
    g_string_append_printf (changes, " → %d", new_value);
}

/**
 * rl_book_set_rate:
 * @rate: the rates of one half-year; b2b_bp < 0 means ECB + 10 points. @rate->confirmed is
 *   not read: setting a rate is the user confirming it.
 *
 * Adds the rates of a half-year to the book, or changes them, and marks them confirmed. The
 * audit log gets the old and new values. Setting the same confirmed values again writes
 * nothing.
 *
 * Returns: %TRUE on success; %RL_BOOK_ERROR_INVALID if @rate is not valid
 */
gboolean
rl_book_set_rate (RlBook        *book,
                  const RlRate  *rate,
                  GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) detail = NULL;
  RlRate new_rate, old_rate;
  int found;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (rate != NULL, FALSE);

  new_rate = *rate;
  new_rate.confirmed = TRUE;
  if (!rl_rate_normalize (&new_rate, &local_error))
    {
      g_set_error_literal (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID, local_error->message);
      return FALSE;
    }

  found = find_rate (book, new_rate.half_year, &old_rate, error);
  if (found < 0)
    return FALSE;
  if (found && old_rate.confirmed && old_rate.ecb_bp == new_rate.ecb_bp
      && old_rate.b2b_bp == new_rate.b2b_bp
      && old_rate.legal_private_bp == new_rate.legal_private_bp
      && old_rate.legal_other_bp == new_rate.legal_other_bp)
    return TRUE;

  detail = g_string_new (new_rate.half_year);
  if (found)
    {
      append_change (detail, "ecb", old_rate.ecb_bp, new_rate.ecb_bp);
      append_change (detail, "b2b", old_rate.b2b_bp, new_rate.b2b_bp);
      append_change (detail, "legal_private", old_rate.legal_private_bp,
                     new_rate.legal_private_bp);
      append_change (detail, "legal_other", old_rate.legal_other_bp, new_rate.legal_other_bp);
      if (!old_rate.confirmed)
        g_string_append (detail, "; confirmed 0 → 1");
    }
  else
    {
      g_string_append_printf (detail, "; ecb %d; b2b %d; legal_private %d; legal_other %d",
                              new_rate.ecb_bp, new_rate.b2b_bp, new_rate.legal_private_bp,
                              new_rate.legal_other_bp);
    }

  /* The change and its audit line go together or not at all. */
  if (!rl_book_savepoint (book, SAVEPOINT, error))
    return FALSE;
  if (!write_rate (book, &new_rate, error)
      || !rl_book_audit (book, found ? "update" : "insert", "rate", 0, detail->str, error))
    {
      rl_book_rollback_to (book, SAVEPOINT);
      return FALSE;
    }
  if (!rl_book_release (book, SAVEPOINT, error))
    {
      rl_book_rollback_to (book, SAVEPOINT);
      return FALSE;
    }
  return TRUE;
}

/**
 * rl_rate_table_load:
 *
 * Returns: (transfer full): the book's rates as a table for rl_penalty_compute(), or %NULL on
 *   error
 */
RlRateTable *
rl_rate_table_load (RlBook  *book,
                    GError **error)
{
  g_autoptr(GArray) rates = NULL;
  g_autoptr(RlRateTable) table = NULL;

  g_return_val_if_fail (RL_IS_BOOK (book), NULL);

  rates = rl_book_list_rates (book, error);
  if (rates == NULL)
    return NULL;
  table = rl_rate_table_new ();
  for (guint i = 0; i < rates->len; i++)
    if (!rl_rate_table_add (table, &g_array_index (rates, RlRate, i), error))
      return NULL;
  return g_steal_pointer (&table);
}
