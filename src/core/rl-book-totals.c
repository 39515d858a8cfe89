/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-book"

#include "config.h"

#include "rl-book-private.h"

#include <string.h>

/* The invoices' totals of migration 10 computed again at the end of a bulk load, in one scan
 * of the table: the SQL of the migration (_rl_book_schema_totals_fill()) gives the same rows,
 * which the tests check, but sorts the million rows three times. */

typedef struct
{
  RlCents a;       /* owed, or sold */
  RlCents b;       /* credit notes owed */
  gint64  n;
} Sum;

/* Adds to the sum under @key ("currency\x1fday" or "customer\x1fcurrency"). */
static Sum *
sum_at (GHashTable *sums,
        const char *key)
{
  Sum *sum = g_hash_table_lookup (sums, key);

  if (sum == NULL)
    {
      sum = g_new0 (Sum, 1);
      g_hash_table_insert (sums, g_strdup (key), sum);
    }
  return sum;
}

static gboolean
scan (RlBook     *self,
      GHashTable *open,
      GHashTable *customers,
      GHashTable *sales,
      GError    **error)
{
  static const char sql[] =
    "SELECT customer_id, currency, kind = 'credit_note', issue_date, due_date,"
    "  amount_cents, paid_cents FROM invoices NOT INDEXED WHERE NOT cancelled";
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, error);
  g_autoptr(GString) key = g_string_new (NULL);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *currency = (const char *) sqlite3_column_text (stmt, 1);
      gboolean credit_note = sqlite3_column_int (stmt, 2);
      RlCents amount = sqlite3_column_int64 (stmt, 5);
      RlCents owed = amount - sqlite3_column_int64 (stmt, 6);
      Sum *sum;

      g_string_printf (key, "%s\x1f%s", currency, sqlite3_column_text (stmt, 3));
      sum_at (sales, key->str)->a += credit_note ? -amount : amount;
      if (owed <= 0)
        continue;
      g_string_printf (key, "%lld\x1f%s", (long long) sqlite3_column_int64 (stmt, 0), currency);
      sum = sum_at (customers, key->str);
      if (credit_note)
        sum->b += owed;
      else
        sum->a += owed;
      sum->n++;
      if (credit_note)
        continue;
      g_string_printf (key, "%s\x1f%s", currency, sqlite3_column_text (stmt, 4));
      sum = sum_at (open, key->str);
      sum->a += owed;
      sum->n++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (self, rc, error);
  return TRUE;
}

/* Writes the sums of @sums into a table by @sql, whose parameters are the two halves of the
 * key, then the sums: ?3 and ?4 the amounts, ?5 the count (those it names). */
static gboolean
write_sums (RlBook      *self,
            GHashTable  *sums,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, error);
  GHashTableIter iter;
  gpointer key, value;

  if (stmt == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, sums);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *sep = strchr (key, '\x1f');
      const Sum *sum = value;

      g_assert (sep != NULL);
      sqlite3_bind_text (stmt, 1, key, (int) (sep - (const char *) key), SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, sep + 1, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, sum->a);
      if (sqlite3_bind_parameter_count (stmt) >= 5)
        {
          sqlite3_bind_int64 (stmt, 4, sum->b);
          sqlite3_bind_int64 (stmt, 5, sum->n);
        }
      if (!_rl_book_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * _rl_book_fill_invoice_totals:
 *
 * Computes again the totals of the invoices and credit notes (totals_open, totals_customers,
 * totals_sales) from the rows, in the caller's transaction.
 *
 * Returns: %FALSE with @error set when the book cannot be read or written
 */
gboolean
_rl_book_fill_invoice_totals (RlBook  *self,
                              GError **error)
{
  g_autoptr(GHashTable) open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           g_free);
  g_autoptr(GHashTable) sales = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (rl_book_in_transaction (self), FALSE);

  return scan (self, open, customers, sales, error)
         && _rl_book_exec (self, "DELETE FROM totals_open; DELETE FROM totals_customers;"
                                 " DELETE FROM totals_sales", error)
         && write_sums (self, open, "INSERT INTO totals_open (currency, due_date, owed_cents,"
                                    " n) VALUES (?1, ?2, ?3, ?5)", error)
         && write_sums (self, customers, "INSERT INTO totals_customers (customer_id, currency,"
                                         " invoices_cents, credits_cents, n)"
                                         " VALUES (CAST (?1 AS INTEGER), ?2, ?3, ?4, ?5)",
                        error)
         && write_sums (self, sales, "INSERT INTO totals_sales (currency, issue_date,"
                                     " net_cents) VALUES (?1, ?2, ?3)", error);
}
