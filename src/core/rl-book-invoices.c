/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-book"

#include "config.h"

#include "rl-book-private.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "rl-error.h"

#define INVOICE_COLUMNS \
  "id, number, customer_id, kind, issue_date, due_date, currency, amount_cents, paid_cents," \
  " cancelled, reference, credited_number"

static RlInvoice *
invoice_from_row (sqlite3_stmt *stmt)
{
  RlInvoice *i = rl_invoice_new ();
  const char *kind = (const char *) sqlite3_column_text (stmt, 3);

  i->id = sqlite3_column_int64 (stmt, 0);
  i->number = _rl_column_text (stmt, 1);
  i->customer_id = sqlite3_column_int64 (stmt, 2);
  i->kind = g_strcmp0 (kind, "credit_note") == 0 ? RL_INVOICE_KIND_CREDIT_NOTE
                                                 : RL_INVOICE_KIND_INVOICE;
  i->issue_date = _rl_column_day (stmt, 4);
  i->due_date = _rl_column_day (stmt, 5);
  i->currency = _rl_column_text (stmt, 6);
  i->amount = sqlite3_column_int64 (stmt, 7);
  i->paid = sqlite3_column_int64 (stmt, 8);
  i->cancelled = sqlite3_column_int (stmt, 9) != 0;
  i->reference = _rl_column_text (stmt, 10);
  i->credited_number = _rl_column_text (stmt, 11);
  if (i->cancelled)
    i->status = RL_INVOICE_STATUS_CANCELLED;
  else if (i->paid >= i->amount)
    i->status = RL_INVOICE_STATUS_PAID;
  else
    i->status = RL_INVOICE_STATUS_OPEN;
  return i;
}

static RlInvoice *
query_one (RlBook       *self,
           sqlite3_stmt *stmt,
           GError      **error)
{
  RlInvoice *i = NULL;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    i = invoice_from_row (stmt);
  else if (rc != SQLITE_DONE)
    _rl_book_sql_error (self, rc, error);
  sqlite3_reset (stmt);
  return i;
}

/**
 * rl_book_get_invoice:
 *
 * Returns: (transfer full) (nullable): the invoice, or %NULL with %RL_BOOK_ERROR_NOT_FOUND
 */
RlInvoice *
rl_book_get_invoice (RlBook  *self,
                     gint64   id,
                     GError **error)
{
  static const char sql[] = "SELECT " INVOICE_COLUMNS " FROM invoices WHERE id = ?";
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, error);
  g_autoptr(GError) local_error = NULL;
  RlInvoice *i;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  i = query_one (self, stmt, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (i == NULL)
    g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_NOT_FOUND, _("no invoice #%lld"),
                 (long long) id);
  return i;
}

/**
 * rl_book_find_invoice:
 *
 * Returns: (transfer full) (nullable): the invoice or credit note numbered @number, or %NULL
 *   without an error when there is none
 */
RlInvoice *
rl_book_find_invoice (RlBook      *self,
                      const char  *number,
                      GError     **error)
{
  static const char sql[] = "SELECT " INVOICE_COLUMNS " FROM invoices WHERE number = ?";
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_TRANSIENT);
  return query_one (self, stmt, error);
}

/* Each message is whole in both forms, so that translations can agree in gender. */
#define SET_INVALID(credit_fmt, invoice_fmt) \
  G_STMT_START { \
    if (credit) \
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID, credit_fmt, i->number); \
    else \
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID, invoice_fmt, i->number); \
    return FALSE; \
  } G_STMT_END

static gboolean
validate_invoice (const RlInvoice  *i,
                  GError          **error)
{
  gboolean credit = i->kind == RL_INVOICE_KIND_CREDIT_NOTE;

  if (i->number == NULL || *i->number == '\0')
    {
      g_set_error_literal (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                           credit ? _("a credit note needs a number")
                                  : _("an invoice needs a number"));
      return FALSE;
    }
  if (i->customer_id <= 0)
    SET_INVALID (_("credit note %s has no customer"), _("invoice %s has no customer"));
  if (i->issue_date == RL_DAY_NONE || i->due_date == RL_DAY_NONE)
    SET_INVALID (_("credit note %s needs an issue and a due date"),
                 _("invoice %s needs an issue and a due date"));
  if (i->due_date < i->issue_date)
    SET_INVALID (_("credit note %s is due before it was issued"),
                 _("invoice %s is due before it was issued"));
  if (i->amount < 0 || i->amount > RL_MONEY_MAX)
    SET_INVALID (_("credit note %s has an amount out of range"),
                 _("invoice %s has an amount out of range"));
  if (i->currency != NULL && (strlen (i->currency) != 3 || !g_ascii_isupper (i->currency[0])
                              || !g_ascii_isupper (i->currency[1])
                              || !g_ascii_isupper (i->currency[2])))
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                   _("%s: “%s” is not a currency code"), i->number, i->currency);
      return FALSE;
    }
  return TRUE;
}

#undef SET_INVALID

static void
note_change (GString    *changes,
             const char *field,
             const char *old_value,
             const char *new_value)
{
  g_string_append_printf (changes, "%s%s: “%s” → “%s”", changes->len ? "; " : "", field,
                          old_value ? old_value : "", new_value ? new_value : "");
}

/**
 * rl_book_upsert_invoice:
 * @invoice: the invoice or credit note; its id is set on return. A %NULL reference or
 *   credited number keeps the book's value.
 * @import_id: the import this comes from, or 0 for a change by hand
 * @result: (out) (optional): what was done
 *
 * Adds an invoice, or updates the one with the same number (never a duplicate). Its payments
 * and allocations stay; its status follows from the new amount.
 */
gboolean
rl_book_upsert_invoice (RlBook          *self,
                        RlInvoice       *invoice,
                        gint64           import_id,
                        RlUpsertResult  *result,
                        GError         **error)
{
  static const char ins[] =
    "INSERT INTO invoices (number, customer_id, kind, issue_date, due_date, currency,"
    " amount_cents, cancelled, reference, credited_number, import_id, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)"
    " ON CONFLICT (number) DO NOTHING";
  static const char upd[] =
    "UPDATE invoices SET customer_id = ?2, kind = ?3, issue_date = ?4, due_date = ?5,"
    " currency = ?6, amount_cents = ?7, cancelled = ?8, reference = ?9, credited_number = ?10,"
    " updated_at = ?12 WHERE id = ?13";
  sqlite3_stmt *stmt;
  g_autoptr(RlInvoice) old = NULL;
  g_autoptr(GString) changes = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *now = NULL;
  const char *currency;
  char a[32], b[32];
  char issue_iso[11], due_iso[11];
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (self), FALSE);
  g_return_val_if_fail (invoice != NULL, FALSE);

  if (!validate_invoice (invoice, error))
    return FALSE;
  currency = invoice->currency ? invoice->currency : "EUR";
  now = _rl_book_now (self);

  /* Every string bound here lives until the statement is reset, so SQLite need not copy it:
   * this is the hot path of a million-row import. */
  stmt = _rl_book_stmt (self, ins, error);
  if (stmt == NULL)
    return FALSE;
  rl_day_to_iso_buf (invoice->issue_date, issue_iso);
  rl_day_to_iso_buf (invoice->due_date, due_iso);
  sqlite3_bind_text (stmt, 1, invoice->number, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, invoice->customer_id);
  sqlite3_bind_text (stmt, 3, rl_invoice_kind_to_string (invoice->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, issue_iso, 10, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, due_iso, 10, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, currency, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, invoice->amount);
  sqlite3_bind_int (stmt, 8, invoice->cancelled != 0);
  _rl_bind_text (stmt, 9, invoice->reference);
  _rl_bind_text (stmt, 10, invoice->credited_number);
  if (import_id > 0)
    sqlite3_bind_int64 (stmt, 11, import_id);
  sqlite3_bind_text (stmt, 12, now, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (self, rc, error);

  if (sqlite3_changes (_rl_book_get_db (self)) == 1)
    {
      invoice->id = sqlite3_last_insert_rowid (_rl_book_get_db (self));
      if (result)
        *result = RL_UPSERT_INSERTED;
      if (import_id == 0)
        return rl_book_audit (self, "insert", "invoice", invoice->id, invoice->number, error);
      return TRUE;
    }

  /* The number exists: compare and update. */
  old = rl_book_find_invoice (self, invoice->number, &local_error);
  if (old == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_SQL, _("invoice %s vanished"),
                     invoice->number);
      return FALSE;
    }
  invoice->id = old->id;
  changes = g_string_new (NULL);
  if (old->customer_id != invoice->customer_id)
    {
      g_snprintf (a, sizeof a, "#%" G_GINT64_FORMAT, old->customer_id);
      g_snprintf (b, sizeof b, "#%" G_GINT64_FORMAT, invoice->customer_id);
      note_change (changes, "customer", a, b);
    }
  if (old->kind != invoice->kind)
    note_change (changes, "kind", rl_invoice_kind_to_string (old->kind),
                 rl_invoice_kind_to_string (invoice->kind));
  if (old->issue_date != invoice->issue_date)
    {
      rl_day_to_iso_buf (old->issue_date, a);
      rl_day_to_iso_buf (invoice->issue_date, b);
      note_change (changes, "issue_date", a, b);
    }
  if (old->due_date != invoice->due_date)
    {
      rl_day_to_iso_buf (old->due_date, a);
      rl_day_to_iso_buf (invoice->due_date, b);
      note_change (changes, "due_date", a, b);
    }
  if (g_strcmp0 (old->currency, currency) != 0)
    note_change (changes, "currency", old->currency, currency);
  if (old->amount != invoice->amount)
    {
      g_snprintf (a, sizeof a, "%" G_GINT64_FORMAT, old->amount);
      g_snprintf (b, sizeof b, "%" G_GINT64_FORMAT, invoice->amount);
      note_change (changes, "amount_cents", a, b);
    }
  if (old->cancelled != (invoice->cancelled != 0))
    note_change (changes, "cancelled", old->cancelled ? "yes" : "no",
                 invoice->cancelled ? "yes" : "no");
  if (invoice->reference != NULL && g_strcmp0 (old->reference, invoice->reference) != 0)
    note_change (changes, "reference", old->reference, invoice->reference);
  if (invoice->credited_number != NULL
      && g_strcmp0 (old->credited_number, invoice->credited_number) != 0)
    note_change (changes, "credited_number", old->credited_number, invoice->credited_number);

  if (changes->len == 0)
    {
      if (result)
        *result = RL_UPSERT_UNCHANGED;
      return TRUE;
    }

  stmt = _rl_book_stmt (self, upd, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 2, invoice->customer_id);
  sqlite3_bind_text (stmt, 3, rl_invoice_kind_to_string (invoice->kind), -1, SQLITE_STATIC);
  _rl_bind_day (stmt, 4, invoice->issue_date);
  _rl_bind_day (stmt, 5, invoice->due_date);
  sqlite3_bind_text (stmt, 6, currency, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, invoice->amount);
  sqlite3_bind_int (stmt, 8, invoice->cancelled != 0);
  _rl_bind_text (stmt, 9, invoice->reference ? invoice->reference : old->reference);
  _rl_bind_text (stmt, 10, invoice->credited_number ? invoice->credited_number
                                                    : old->credited_number);
  sqlite3_bind_text (stmt, 12, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 13, old->id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (self, rc, error);
  if (result)
    *result = RL_UPSERT_UPDATED;
  return rl_book_audit (self, "update", "invoice", old->id, changes->str, error);
}

/**
 * rl_book_foreach_invoice:
 * @customer_id: only this customer's, or 0 for all
 * @open_only: only invoices and credit notes not yet settled nor cancelled
 * @func: called for each, by due date then number; return %FALSE to stop
 *
 * Streams invoices without holding them all in memory.
 */
gboolean
rl_book_foreach_invoice (RlBook         *self,
                         gint64          customer_id,
                         gboolean        open_only,
                         RlInvoiceFunc   func,
                         gpointer        user_data,
                         GError        **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  sql = g_strdup_printf ("SELECT " INVOICE_COLUMNS " FROM invoices WHERE %s%s"
                         " ORDER BY due_date, number",
                         customer_id > 0 ? "customer_id = ?1" : "?1 = 0",
                         open_only ? " AND paid_cents < amount_cents AND NOT cancelled" : "");
  rc = sqlite3_prepare_v2 (_rl_book_get_db (self), sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return _rl_book_sql_error (self, rc, error);
  sqlite3_bind_int64 (stmt, 1, customer_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(RlInvoice) i = invoice_from_row (stmt);

      if (!func (i, user_data))
        {
          rc = SQLITE_DONE;
          break;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (self, rc, error);
  return TRUE;
}
