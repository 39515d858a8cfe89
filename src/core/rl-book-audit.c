/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-book"

#include "config.h"

#include "rl-book.h"

#include "rl-book-private.h"

/* The audit log */

/**
 * rl_book_audit:
 * @action: what happened: "insert", "update", "import", "migrate"…
 * @entity: on what: "customer", "invoice", "payment", "company", "book"…
 * @entity_id: the row, or 0
 * @detail: (nullable): the change in words, e.g. "amount_cents: 1000 -> 1200"
 *
 * Appends a line to the audit log with the time and the book's actor.
 */
gboolean
rl_book_audit (RlBook      *self,
               const char  *action,
               const char  *entity,
               gint64       entity_id,
               const char  *detail,
               GError     **error)
{
  static const char sql[] =
    "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail)"
    " VALUES (?, ?, ?, ?, ?, ?)";
  sqlite3_stmt *stmt;
  const char *now = _rl_book_now (self);
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (self), FALSE);

  stmt = _rl_book_stmt (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, rl_book_get_actor (self), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, entity, -1, SQLITE_STATIC);
  if (entity_id > 0)
    sqlite3_bind_int64 (stmt, 5, entity_id);
  _rl_bind_text (stmt, 6, detail);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (self, rc, error);
  return TRUE;
}

static gint64
count_rows (RlBook     *self,
            const char *sql)
{
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, NULL);
  gint64 n = -1;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return n;
}

gint64
rl_book_count_audit (RlBook *self)
{
  static const char sql[] = "SELECT count(*) FROM audit_log";
  return count_rows (self, sql);
}

gint64
rl_book_count_customers (RlBook *self)
{
  static const char sql[] = "SELECT count(*) FROM customers";
  return count_rows (self, sql);
}

gint64
rl_book_count_invoices (RlBook *self)
{
  static const char sql[] = "SELECT count(*) FROM invoices";
  return count_rows (self, sql);
}

gint64
rl_book_count_payments (RlBook *self)
{
  static const char sql[] = "SELECT count(*) FROM payments";
  return count_rows (self, sql);
}

/* Imports */

gint64
rl_book_begin_import (RlBook      *self,
                      const char  *file_name,
                      const char  *checksum,
                      const char  *format,
                      GError     **error)
{
  static const char sql[] =
    "INSERT INTO imports (file_name, checksum, format, started_at, actor) VALUES (?, ?, ?, ?, ?)";
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, error);
  const char *now = _rl_book_now (self);
  int rc;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, file_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, checksum, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, format, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, rl_book_get_actor (self), -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rl_book_sql_error (self, rc, error);
      return 0;
    }
  return sqlite3_last_insert_rowid (_rl_book_get_db (self));
}

gboolean
rl_book_finish_import (RlBook                *self,
                       gint64                 import_id,
                       const RlImportCounts  *counts,
                       GError               **error)
{
  static const char sql[] =
    "UPDATE imports SET finished_at = ?, rows = ?, inserted = ?, updated = ?, unchanged = ?,"
    " rejected = ?, customers_created = ? WHERE id = ?";
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, error);
  const char *now = _rl_book_now (self);
  g_autofree char *detail = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, counts->rows);
  sqlite3_bind_int (stmt, 3, counts->inserted);
  sqlite3_bind_int (stmt, 4, counts->updated);
  sqlite3_bind_int (stmt, 5, counts->unchanged);
  sqlite3_bind_int (stmt, 6, counts->rejected);
  sqlite3_bind_int (stmt, 7, counts->customers_created);
  sqlite3_bind_int64 (stmt, 8, import_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (self, rc, error);

  /* Rows inserted by an import carry its id; the log keeps one line for them all, and one
   * line per row that an import changed. */
  detail = g_strdup_printf ("rows %u, inserted %u, updated %u, unchanged %u, rejected %u, "
                            "customers created %u", counts->rows, counts->inserted,
                            counts->updated, counts->unchanged, counts->rejected,
                            counts->customers_created);
  return rl_book_audit (self, "import", "import", import_id, detail, error);
}

/**
 * rl_book_last_import_day:
 * @format_prefix: (nullable): only imports whose format starts with this, e.g. "csv-payments"
 *
 * Returns: the day of the last finished import of that kind, or %RL_DAY_NONE
 */
RlDay
rl_book_last_import_day (RlBook     *self,
                         const char *format_prefix)
{
  static const char sql[] =
    "SELECT substr(max(finished_at), 1, 10) FROM imports"
    " WHERE finished_at IS NOT NULL AND format LIKE ? || '%'";
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, NULL);
  RlDay day = RL_DAY_NONE;

  if (stmt == NULL)
    return RL_DAY_NONE;
  sqlite3_bind_text (stmt, 1, format_prefix ? format_prefix : "", -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    day = _rl_column_day (stmt, 0);
  sqlite3_reset (stmt);
  return day;
}
