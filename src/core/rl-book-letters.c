/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-book"

#include "config.h"

#include "rl-book-letters.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "rl-book-private.h"
#include "rl-error.h"

#define SAVEPOINT "rl_letters"

/* An account statement lists the payments of this many days before its date. */
#define STATEMENT_PAYMENT_DAYS 90

static const char * const envelopes[] = { "fr", "din", "ch" };

static GBytes *
column_bytes (sqlite3_stmt *stmt,
              int           col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return NULL;
  return g_bytes_new (sqlite3_column_blob (stmt, col), sqlite3_column_bytes (stmt, col));
}

static void
bind_bytes (sqlite3_stmt *stmt,
            int           index,
            GBytes       *bytes)
{
  gsize len = 0;
  gconstpointer data;

  if (bytes == NULL)
    {
      sqlite3_bind_null (stmt, index);
      return;
    }
  data = g_bytes_get_data (bytes, &len);
  sqlite3_bind_blob64 (stmt, index, len > 0 ? data : "", len, SQLITE_STATIC);
}

/* The first three parameters of both ways of recording a letter. */
static void
bind_letter (sqlite3_stmt *stmt,
             gint64        action_id,
             gint64        customer_id,
             const char   *kind)
{
  if (action_id > 0)
    sqlite3_bind_int64 (stmt, 1, action_id);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_int64 (stmt, 2, customer_id);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
}

/* Ends a change with its audit line, or undoes it all. */
static gboolean
finish_change (RlBook      *book,
               gboolean     ok,
               const char  *action,
               const char  *entity,
               gint64       entity_id,
               const char  *detail,
               GError     **error)
{
  if (!ok || !rl_book_audit (book, action, entity, entity_id, detail, error)
      || !rl_book_release (book, SAVEPOINT, error))
    {
      rl_book_rollback_to (book, SAVEPOINT);
      return FALSE;
    }
  return TRUE;
}

void
rl_letter_settings_free (RlLetterSettings *settings)
{
  if (settings == NULL)
    return;
  g_clear_pointer (&settings->logo, g_bytes_unref);
  g_clear_pointer (&settings->signature, g_bytes_unref);
  g_free (settings->signatory);
  g_free (settings->signatory_title);
  g_free (settings->envelope);
  g_free (settings);
}

/**
 * rl_book_get_letter_settings:
 *
 * Returns: (transfer full): how letters are printed, or %NULL with a book error
 */
RlLetterSettings *
rl_book_get_letter_settings (RlBook  *book,
                             GError **error)
{
  static const char sql[] =
    "SELECT logo, signature, signatory, signatory_title, envelope, offset_x_dmm, offset_y_dmm,"
    " duplex FROM letter_settings WHERE id = 1";
  g_autoptr(RlLetterSettings) s = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (book), NULL);

  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      _rl_book_sql_error (book, rc, error);
      return NULL;
    }
  s = g_new0 (RlLetterSettings, 1);
  s->logo = column_bytes (stmt, 0);
  s->signature = column_bytes (stmt, 1);
  s->signatory = _rl_column_text (stmt, 2);
  s->signatory_title = _rl_column_text (stmt, 3);
  s->envelope = _rl_column_text (stmt, 4);
  s->offset_x_dmm = sqlite3_column_int (stmt, 5);
  s->offset_y_dmm = sqlite3_column_int (stmt, 6);
  s->duplex = sqlite3_column_int (stmt, 7) != 0;
  sqlite3_reset (stmt);
  return g_steal_pointer (&s);
}

static gboolean
check_settings (const RlLetterSettings  *s,
                GError                 **error)
{
  if (s->envelope == NULL || !g_strv_contains (envelopes, s->envelope))
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                   _("unknown envelope “%s”: give fr, din or ch"),
                   s->envelope != NULL ? s->envelope : "");
      return FALSE;
    }
  if (ABS (s->offset_x_dmm) > RL_LETTER_OFFSET_MAX || ABS (s->offset_y_dmm) > RL_LETTER_OFFSET_MAX)
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                   _("the address may move by %d mm at most"), RL_LETTER_OFFSET_MAX / 10);
      return FALSE;
    }
  return TRUE;
}

/**
 * rl_book_set_letter_settings:
 *
 * Saves how letters are printed, after checking it (%RL_BOOK_ERROR_INVALID for an unknown
 * envelope or an offset out of range: nothing is saved then).
 */
gboolean
rl_book_set_letter_settings (RlBook                  *book,
                             const RlLetterSettings  *s,
                             GError                 **error)
{
  static const char sql[] =
    "UPDATE letter_settings SET logo = ?, signature = ?, signatory = ?, signatory_title = ?,"
    " envelope = ?, offset_x_dmm = ?, offset_y_dmm = ?, duplex = ? WHERE id = 1";
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (s != NULL, FALSE);

  if (!check_settings (s, error) || !rl_book_savepoint (book, SAVEPOINT, error))
    return FALSE;
  stmt = _rl_book_stmt (book, sql, error);
  ok = stmt != NULL;
  if (ok)
    {
      bind_bytes (stmt, 1, s->logo);
      bind_bytes (stmt, 2, s->signature);
      _rl_bind_text (stmt, 3, s->signatory);
      _rl_bind_text (stmt, 4, s->signatory_title);
      _rl_bind_text (stmt, 5, s->envelope);
      sqlite3_bind_int (stmt, 6, s->offset_x_dmm);
      sqlite3_bind_int (stmt, 7, s->offset_y_dmm);
      sqlite3_bind_int (stmt, 8, s->duplex);
      ok = _rl_book_step_done (book, stmt, error);
    }
  detail = g_strdup_printf ("envelope %s, offset %d/%d", s->envelope, s->offset_x_dmm,
                            s->offset_y_dmm);
  return finish_change (book, ok, "update", "letter_settings", 1, detail, error);
}

/**
 * rl_book_record_letter:
 * @action_id: the action printed, or 0 (a statement)
 * @kind: the template key, or "statement"
 * @pages: its number of pages
 * @pdf: the PDF as printed
 *
 * Keeps a printed letter in the book with its SHA-256.
 *
 * Returns: the letter's id, or 0 with a book error
 */
gint64
rl_book_record_letter (RlBook      *book,
                       gint64       action_id,
                       gint64       customer_id,
                       const char  *kind,
                       RlDay        as_of,
                       int          pages,
                       GBytes      *pdf,
                       GError     **error)
{
  static const char sql[] =
    "INSERT INTO letters (action_id, customer_id, kind, as_of, pages, sha256, pdf, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  g_autofree char *sha = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;
  gboolean ok;

  g_return_val_if_fail (RL_IS_BOOK (book), 0);
  g_return_val_if_fail (kind != NULL && pdf != NULL && pages > 0, 0);

  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  if (!rl_book_savepoint (book, SAVEPOINT, error))
    return 0;
  stmt = _rl_book_stmt (book, sql, error);
  ok = stmt != NULL;
  if (ok)
    {
      bind_letter (stmt, action_id, customer_id, kind);
      _rl_bind_day (stmt, 4, as_of);
      sqlite3_bind_int (stmt, 5, pages);
      sqlite3_bind_text (stmt, 6, sha, -1, SQLITE_STATIC);
      bind_bytes (stmt, 7, pdf);
      sqlite3_bind_text (stmt, 8, _rl_book_now (book), -1, SQLITE_TRANSIENT);
      ok = _rl_book_step_done (book, stmt, error);
      id = sqlite3_last_insert_rowid (_rl_book_get_db (book));
    }
  detail = g_strdup_printf ("%s, %d pages, sha256 %s", kind, pages, sha);
  if (!finish_change (book, ok, "create", "letter", id, detail, error))
    return 0;
  return id;
}

/* Copies the file at @path into the blob @column of @table's row @rowid, a chunk at a time,
 * and computes its SHA-256 on the way. */
static gboolean
copy_file_to_blob (RlBook       *book,
                   const char   *table,
                   const char   *column,
                   gint64        rowid,
                   GFile        *file,
                   GChecksum    *checksum,
                   GError      **error)
{
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, error);
  sqlite3_blob *blob = NULL;
  guint8 buffer[65536];
  gssize n;
  int offset = 0, rc;

  if (in == NULL)
    return FALSE;
  rc = sqlite3_blob_open (_rl_book_get_db (book), "main", table, column, rowid, 1, &blob);
  if (rc != SQLITE_OK)
    return _rl_book_sql_error (book, rc, error);
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer, sizeof buffer, NULL, error)) > 0)
    {
      rc = sqlite3_blob_write (blob, buffer, (int) n, offset);
      if (rc != SQLITE_OK)
        break;
      g_checksum_update (checksum, buffer, n);
      offset += (int) n;
    }
  sqlite3_blob_close (blob);
  if (rc != SQLITE_OK)
    return _rl_book_sql_error (book, rc, error);
  return n == 0;
}

/**
 * rl_book_record_letter_batch:
 * @as_of: the day of the letters
 * @pages: the batch's number of pages
 * @path: the batch PDF, finished
 *
 * Keeps a day's batch of letters in the book, whole, with its SHA-256; its letters are
 * recorded with rl_book_record_batch_letter(). The file is copied a chunk at a time.
 *
 * Returns: the batch's id, or 0 with a book or file error
 */
gint64
rl_book_record_letter_batch (RlBook      *book,
                             RlDay        as_of,
                             int          pages,
                             const char  *path,
                             GError     **error)
{
  static const char insert[] =
    "INSERT INTO letter_batches (as_of, pages, sha256, pdf, created_at)"
    " VALUES (?, ?, '', zeroblob (?), ?)";
  static const char set_sha[] = "UPDATE letter_batches SET sha256 = ? WHERE id = ?";
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;
  goffset size;
  gboolean ok;

  g_return_val_if_fail (RL_IS_BOOK (book), 0);
  g_return_val_if_fail (path != NULL && pages > 0, 0);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, error);
  if (info == NULL)
    return 0;
  size = g_file_info_get_size (info);
  if (size <= 0 || size > G_MAXINT)
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                   _("%s: a batch of letters must be a PDF of less than 2 GB"), path);
      return 0;
    }
  if (!rl_book_savepoint (book, SAVEPOINT, error))
    return 0;
  stmt = _rl_book_stmt (book, insert, error);
  ok = stmt != NULL;
  if (ok)
    {
      _rl_bind_day (stmt, 1, as_of);
      sqlite3_bind_int (stmt, 2, pages);
      sqlite3_bind_int64 (stmt, 3, size);
      sqlite3_bind_text (stmt, 4, _rl_book_now (book), -1, SQLITE_TRANSIENT);
      ok = _rl_book_step_done (book, stmt, error);
      id = sqlite3_last_insert_rowid (_rl_book_get_db (book));
    }
  ok = ok && copy_file_to_blob (book, "letter_batches", "pdf", id, file, checksum, error);
  if (ok && (stmt = _rl_book_stmt (book, set_sha, error)) != NULL)
    {
      sqlite3_bind_text (stmt, 1, g_checksum_get_string (checksum), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, id);
      ok = _rl_book_step_done (book, stmt, error);
    }
  else
    ok = FALSE;
  detail = g_strdup_printf ("%d pages, sha256 %s", pages, g_checksum_get_string (checksum));
  if (!finish_change (book, ok, "create", "letter_batch", id, detail, error))
    return 0;
  return id;
}

/**
 * rl_book_record_batch_letter:
 * @batch_id: from rl_book_record_letter_batch()
 * @first_page: the letter's first page in the batch
 *
 * Keeps a letter that is part of a batch: its pages in it and the batch's checksum.
 *
 * Returns: the letter's id, or 0 with a book error
 */
gint64
rl_book_record_batch_letter (RlBook      *book,
                             gint64       batch_id,
                             int          first_page,
                             gint64       action_id,
                             gint64       customer_id,
                             const char  *kind,
                             int          pages,
                             GError     **error)
{
  static const char sql[] =
    "INSERT INTO letters (action_id, customer_id, kind, as_of, pages, sha256, batch_id,"
    " first_page, created_at) SELECT ?1, ?2, ?3, as_of, ?4, sha256, id, ?5, ?6"
    " FROM letter_batches WHERE id = ?7";
  sqlite3_stmt *stmt;
  gint64 id = 0;
  gboolean ok;

  g_return_val_if_fail (RL_IS_BOOK (book), 0);
  g_return_val_if_fail (kind != NULL && pages > 0 && first_page > 0, 0);

  if (!rl_book_savepoint (book, SAVEPOINT, error))
    return 0;
  stmt = _rl_book_stmt (book, sql, error);
  ok = stmt != NULL;
  if (ok)
    {
      bind_letter (stmt, action_id, customer_id, kind);
      sqlite3_bind_int (stmt, 4, pages);
      sqlite3_bind_int (stmt, 5, first_page);
      sqlite3_bind_text (stmt, 6, _rl_book_now (book), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 7, batch_id);
      ok = _rl_book_step_done (book, stmt, error);
      if (ok && sqlite3_changes (_rl_book_get_db (book)) == 0)
        {
          g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_NOT_FOUND,
                       _("no batch of letters #%lld"), (long long) batch_id);
          ok = FALSE;
        }
      id = sqlite3_last_insert_rowid (_rl_book_get_db (book));
    }
  if (!finish_change (book, ok, "create", "letter", id, kind, error))
    return 0;
  return id;
}

void
rl_letter_record_free (RlLetterRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->kind);
  g_free (record->sha256);
  g_free (record);
}

/**
 * rl_book_list_letters:
 * @action_id: only the letters of this action, or 0 for every letter
 *
 * Returns: (transfer full) (element-type RlLetterRecord): the letters printed, oldest first,
 *   or %NULL with a book error
 */
GPtrArray *
rl_book_list_letters (RlBook  *book,
                      gint64   action_id,
                      GError **error)
{
  /* One action's letters through its index: a batch asks for each of its letters. */
  static const char all_sql[] =
    "SELECT id, coalesce (action_id, 0), customer_id, kind, as_of, pages, sha256,"
    " coalesce (batch_id, 0), coalesce (first_page, 0) FROM letters ORDER BY id";
  static const char action_sql[] =
    "SELECT id, coalesce (action_id, 0), customer_id, kind, as_of, pages, sha256,"
    " coalesce (batch_id, 0), coalesce (first_page, 0) FROM letters"
    " WHERE action_id = ?1 ORDER BY id";
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_letter_record_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (book), NULL);

  stmt = _rl_book_stmt (book, action_id != 0 ? action_sql : all_sql, error);
  if (stmt == NULL)
    return NULL;
  if (action_id != 0)
    sqlite3_bind_int64 (stmt, 1, action_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RlLetterRecord *r = g_new0 (RlLetterRecord, 1);

      r->id = sqlite3_column_int64 (stmt, 0);
      r->action_id = sqlite3_column_int64 (stmt, 1);
      r->customer_id = sqlite3_column_int64 (stmt, 2);
      r->kind = _rl_column_text (stmt, 3);
      r->as_of = _rl_column_day (stmt, 4);
      r->pages = sqlite3_column_int (stmt, 5);
      r->sha256 = _rl_column_text (stmt, 6);
      r->batch_id = sqlite3_column_int64 (stmt, 7);
      r->first_page = sqlite3_column_int (stmt, 8);
      g_ptr_array_add (list, r);
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
 * rl_book_get_letter_pdf:
 * @out_first_page: (out) (optional): 0 for a letter with a PDF of its own, otherwise its
 *   first page in the batch returned
 *
 * Returns: (transfer full): the PDF of a printed letter, or of the batch it is part of; or
 *   %NULL with %RL_BOOK_ERROR_NOT_FOUND or a book error
 */
GBytes *
rl_book_get_letter_pdf (RlBook  *book,
                        gint64   letter_id,
                        int     *out_first_page,
                        GError **error)
{
  static const char sql[] =
    "SELECT coalesce (l.pdf, b.pdf), coalesce (l.first_page, 0) FROM letters l"
    " LEFT JOIN letter_batches b ON b.id = l.batch_id WHERE l.id = ?";
  sqlite3_stmt *stmt;
  GBytes *pdf = NULL;
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (book), NULL);

  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, letter_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      pdf = column_bytes (stmt, 0);
      if (out_first_page != NULL)
        *out_first_page = sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_NOT_FOUND, _("no letter #%lld"),
                 (long long) letter_id);
  else if (rc != SQLITE_ROW)
    _rl_book_sql_error (book, rc, error);
  return pdf;
}

/**
 * rl_book_list_letter_actions:
 * @printed_too: also those already printed (a letter is recorded for them), to print again
 *
 * Returns: (transfer full) (element-type gint64): the approved actions to print (letters and
 *   registered letters), by customer code, or %NULL with a book error
 */
GArray *
rl_book_list_letter_actions (RlBook    *book,
                             gboolean   printed_too,
                             GError   **error)
{
  static const char sql[] =
    "SELECT a.id FROM actions a JOIN customers c ON c.id = a.customer_id"
    " WHERE a.state = 'approved' AND a.channel IN ('letter', 'registered_letter')"
    "   AND (?1 OR NOT EXISTS (SELECT 1 FROM letters l WHERE l.action_id = a.id))"
    " ORDER BY c.code, a.id";
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (book), NULL);

  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, printed_too != FALSE);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rl_book_sql_error (book, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/**
 * rl_book_get_primary_contact:
 * @out_name: (out): the name of the customer's primary contact, %NULL if none; to free
 *
 * Returns: %TRUE, or %FALSE with a book error
 */
gboolean
rl_book_get_primary_contact (RlBook  *book,
                             gint64   customer_id,
                             char   **out_name,
                             GError **error)
{
  static const char sql[] =
    "SELECT name FROM contacts WHERE customer_id = ? AND is_primary ORDER BY id LIMIT 1";
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);

  *out_name = NULL;
  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_name = _rl_column_text (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  return TRUE;
}

/* Account statements */

void
rl_statement_free (RlStatement *st)
{
  if (st == NULL)
    return;
  g_clear_pointer (&st->customer, rl_customer_free);
  g_clear_pointer (&st->company, rl_company_free);
  g_free (st->contact_name);
  g_free (st->language);
  g_clear_pointer (&st->invoices, g_array_unref);
  g_clear_pointer (&st->credit_notes, g_array_unref);
  g_clear_pointer (&st->payments, g_array_unref);
  g_free (st);
}

static void
payment_clear (gpointer p)
{
  g_clear_pointer (&((RlStatementPayment *) p)->reference, g_free);
}

static GArray *
line_array (void)
{
  GArray *a = g_array_new (FALSE, TRUE, sizeof (RlDocumentLine));

  g_array_set_clear_func (a, rl_document_line_clear);
  return a;
}

/* The customer's open invoices and credit notes, by due date. */
static gboolean
load_open_items (RlBook       *book,
                 RlStatement  *st,
                 GError      **error)
{
  static const char sql[] =
    "SELECT number, kind, issue_date, due_date, amount_cents, paid_cents FROM invoices"
    " WHERE customer_id = ? AND NOT cancelled AND paid_cents < amount_cents"
    " ORDER BY due_date, number";
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, st->customer->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean credit = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "credit_note") == 0;
      RlDocumentLine line = {
        .number = _rl_column_text (stmt, 0),
        .issue_date = _rl_column_day (stmt, 2),
        .due_date = _rl_column_day (stmt, 3),
        .amount = sqlite3_column_int64 (stmt, 4),
        .paid = sqlite3_column_int64 (stmt, 5),
      };

      line.remaining = line.amount - line.paid;
      if (!credit && st->as_of > line.due_date)
        line.days_late = (int) (st->as_of - line.due_date);
      g_array_append_val (credit ? st->credit_notes : st->invoices, line);
      st->balance += credit ? -line.remaining : line.remaining;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  return TRUE;
}

/* The payments of the last days, and every payment not yet fully applied. */
static gboolean
load_payments (RlBook       *book,
               RlStatement  *st,
               GError      **error)
{
  static const char sql[] =
    "SELECT p.date, p.reference, p.amount_cents,"
    " p.amount_cents - coalesce ((SELECT sum (amount_cents) FROM allocations"
    "                             WHERE payment_id = p.id), 0) AS unapplied"
    " FROM payments p WHERE p.customer_id = ?1 AND p.date <= ?3"
    " AND (p.date >= ?2 OR unapplied > 0) ORDER BY p.date, p.id";
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, st->customer->id);
  _rl_bind_day (stmt, 2, st->payments_since);
  _rl_bind_day (stmt, 3, st->as_of);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RlStatementPayment p = {
        _rl_column_day (stmt, 0), _rl_column_text (stmt, 1), sqlite3_column_int64 (stmt, 2),
        MAX (sqlite3_column_int64 (stmt, 3), 0),
      };

      st->balance -= p.unapplied;
      g_array_append_val (st->payments, p);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  return TRUE;
}

/**
 * rl_book_get_statement:
 * @customer_id: the customer
 * @as_of: the day of the statement
 *
 * Returns: (transfer full): the customer's account statement (relevé de compte): every open
 *   item, the payments of the last 90 days and those not yet applied, and the balance; or
 *   %NULL with %RL_BOOK_ERROR_NOT_FOUND or a book error
 */
RlStatement *
rl_book_get_statement (RlBook  *book,
                       gint64   customer_id,
                       RlDay    as_of,
                       GError **error)
{
  g_autoptr(RlStatement) st = g_new0 (RlStatement, 1);

  g_return_val_if_fail (RL_IS_BOOK (book), NULL);
  g_return_val_if_fail (as_of != RL_DAY_NONE, NULL);

  st->customer = rl_book_get_customer (book, customer_id, error);
  if (st->customer == NULL || (st->company = rl_book_get_company (book, error)) == NULL)
    return NULL;
  st->language = g_strdup (rl_template_language (st->customer->language));
  st->as_of = as_of;
  st->payments_since = as_of - STATEMENT_PAYMENT_DAYS;
  st->invoices = line_array ();
  st->credit_notes = line_array ();
  st->payments = g_array_new (FALSE, TRUE, sizeof (RlStatementPayment));
  g_array_set_clear_func (st->payments, payment_clear);
  if (!rl_book_get_primary_contact (book, customer_id, &st->contact_name, error)
      || !load_open_items (book, st, error)
      || !load_payments (book, st, error))
    return NULL;
  return g_steal_pointer (&st);
}
