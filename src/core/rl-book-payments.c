/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-book"

#include "config.h"

#include "rl-book-private.h"

#include <glib/gi18n-lib.h>

#include "rl-error.h"

#define PAYMENT_COLUMNS \
  "p.id, p.key, p.customer_id, p.date, p.amount_cents, p.currency, p.method, p.reference," \
  " p.payer_name, p.payer_iban, p.invoice_number," \
  " p.amount_cents - coalesce ((SELECT sum (a.amount_cents) FROM allocations a" \
  "                             WHERE a.payment_id = p.id), 0)"

static RlPayment *
payment_from_row (sqlite3_stmt *stmt)
{
  RlPayment *p = rl_payment_new ();

  p->id = sqlite3_column_int64 (stmt, 0);
  p->key = _rl_column_text (stmt, 1);
  p->customer_id = sqlite3_column_int64 (stmt, 2);
  p->date = _rl_column_day (stmt, 3);
  p->amount = sqlite3_column_int64 (stmt, 4);
  p->currency = _rl_column_text (stmt, 5);
  p->method = _rl_column_text (stmt, 6);
  p->reference = _rl_column_text (stmt, 7);
  p->payer_name = _rl_column_text (stmt, 8);
  p->payer_iban = _rl_column_text (stmt, 9);
  p->invoice_number = _rl_column_text (stmt, 10);
  p->unallocated = sqlite3_column_int64 (stmt, 11);
  return p;
}

static RlPayment *
find_payment_by_key (RlBook      *self,
                     const char  *key,
                     GError     **error)
{
  static const char sql[] = "SELECT " PAYMENT_COLUMNS " FROM payments p WHERE p.key = ?";
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, error);
  RlPayment *p = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    p = payment_from_row (stmt);
  else if (rc != SQLITE_DONE)
    _rl_book_sql_error (self, rc, error);
  sqlite3_reset (stmt);
  return p;
}

/**
 * rl_book_get_payment:
 *
 * Returns: (transfer full) (nullable): the payment with its unallocated part, or %NULL with
 *   %RL_BOOK_ERROR_NOT_FOUND
 */
RlPayment *
rl_book_get_payment (RlBook  *self,
                     gint64   id,
                     GError **error)
{
  static const char sql[] = "SELECT " PAYMENT_COLUMNS " FROM payments p WHERE p.id = ?";
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, error);
  RlPayment *p = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    p = payment_from_row (stmt);
  else if (rc != SQLITE_DONE)
    _rl_book_sql_error (self, rc, error);
  else
    g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_NOT_FOUND, _("no payment #%lld"),
                 (long long) id);
  sqlite3_reset (stmt);
  return p;
}

static gboolean
write_payment (RlBook           *self,
               const RlPayment  *p,
               gint64            id,
               gint64            import_id,
               GError          **error)
{
  static const char ins[] =
    "INSERT INTO payments (key, customer_id, date, amount_cents, currency, method, reference,"
    " payer_name, payer_iban, invoice_number, import_id, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)";
  static const char upd[] =
    "UPDATE payments SET customer_id = ?2, date = ?3, amount_cents = ?4, currency = ?5,"
    " method = ?6, reference = ?7, payer_name = ?8, payer_iban = ?9, invoice_number = ?10,"
    " updated_at = ?12 WHERE id = ?13";
  sqlite3_stmt *stmt = _rl_book_stmt (self, id == 0 ? ins : upd, error);
  const char *now = _rl_book_now (self);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, p->key, -1, SQLITE_TRANSIENT);
  if (p->customer_id > 0)
    sqlite3_bind_int64 (stmt, 2, p->customer_id);
  _rl_bind_day (stmt, 3, p->date);
  sqlite3_bind_int64 (stmt, 4, p->amount);
  sqlite3_bind_text (stmt, 5, p->currency ? p->currency : "EUR", -1, SQLITE_TRANSIENT);
  _rl_bind_text (stmt, 6, p->method);
  _rl_bind_text (stmt, 7, p->reference);
  _rl_bind_text (stmt, 8, p->payer_name);
  _rl_bind_text (stmt, 9, p->payer_iban);
  _rl_bind_text (stmt, 10, p->invoice_number);
  if (import_id > 0)
    sqlite3_bind_int64 (stmt, 11, import_id);
  sqlite3_bind_text (stmt, 12, now, -1, SQLITE_TRANSIENT);
  if (id != 0)
    sqlite3_bind_int64 (stmt, 13, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (self, rc, error);
  return TRUE;
}

/**
 * rl_book_upsert_payment:
 * @payment: the payment, identified by its key; its id is set on return
 * @result: (out) (optional): what was done
 *
 * Adds a payment or updates the one with the same key. When the amount, the customer or the
 * named invoice of a known payment change, its allocations are removed: allocate it again with
 * rl_book_allocate_payment().
 */
gboolean
rl_book_upsert_payment (RlBook          *self,
                        RlPayment       *payment,
                        gint64           import_id,
                        RlUpsertResult  *result,
                        GError         **error)
{
  g_autoptr(RlPayment) old = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) changes = NULL;
  gboolean realloc;

  g_return_val_if_fail (RL_IS_BOOK (self), FALSE);
  g_return_val_if_fail (payment != NULL, FALSE);

  if (payment->key == NULL || *payment->key == '\0')
    {
      g_set_error_literal (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID, _("a payment needs a key"));
      return FALSE;
    }
  if (payment->date == RL_DAY_NONE)
    {
      g_set_error_literal (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID, _("a payment needs a date"));
      return FALSE;
    }
  if (payment->amount <= 0 || payment->amount > RL_MONEY_MAX)
    {
      g_set_error_literal (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                           _("a payment's amount must be positive"));
      return FALSE;
    }

  old = find_payment_by_key (self, payment->key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (old == NULL)
    {
      if (!write_payment (self, payment, 0, import_id, error))
        return FALSE;
      payment->id = sqlite3_last_insert_rowid (_rl_book_get_db (self));
      if (result)
        *result = RL_UPSERT_INSERTED;
      if (import_id == 0)
        return rl_book_audit (self, "insert", "payment", payment->id, payment->key, error);
      return TRUE;
    }

  payment->id = old->id;
  changes = g_string_new (NULL);
  if (old->customer_id != payment->customer_id && payment->customer_id > 0)
    g_string_append_printf (changes, "customer: #%" G_GINT64_FORMAT " → #%" G_GINT64_FORMAT "; ",
                            old->customer_id, payment->customer_id);
  if (old->date != payment->date)
    g_string_append (changes, "date; ");
  if (old->amount != payment->amount)
    g_string_append_printf (changes, "amount_cents: %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT "; ",
                            old->amount, payment->amount);
  if (g_strcmp0 (old->currency, payment->currency ? payment->currency : "EUR") != 0)
    g_string_append (changes, "currency; ");
  if (g_strcmp0 (old->method, payment->method) != 0)
    g_string_append (changes, "method; ");
  if (g_strcmp0 (old->reference, payment->reference) != 0)
    g_string_append (changes, "reference; ");
  if (g_strcmp0 (old->payer_name, payment->payer_name) != 0)
    g_string_append (changes, "payer_name; ");
  if (g_strcmp0 (old->payer_iban, payment->payer_iban) != 0)
    g_string_append (changes, "payer_iban; ");
  if (g_strcmp0 (old->invoice_number, payment->invoice_number) != 0)
    g_string_append_printf (changes, "invoice_number: “%s” → “%s”; ",
                            old->invoice_number ? old->invoice_number : "",
                            payment->invoice_number ? payment->invoice_number : "");
  if (changes->len == 0)
    {
      if (result)
        *result = RL_UPSERT_UNCHANGED;
      return TRUE;
    }
  g_string_truncate (changes, changes->len - 2);

  if (payment->customer_id <= 0)
    payment->customer_id = old->customer_id;
  realloc = old->amount != payment->amount || old->customer_id != payment->customer_id
            || g_strcmp0 (old->invoice_number, payment->invoice_number) != 0
            || old->date != payment->date;
  if (realloc && !rl_book_clear_allocations (self, old->id, error))
    return FALSE;
  if (!write_payment (self, payment, old->id, import_id, error))
    return FALSE;
  if (result)
    *result = RL_UPSERT_UPDATED;
  return rl_book_audit (self, "update", "payment", old->id, changes->str, error);
}

gboolean
rl_book_clear_allocations (RlBook  *self,
                           gint64   payment_id,
                           GError **error)
{
  static const char sql[] = "DELETE FROM allocations WHERE payment_id = ?";
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, payment_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (self, rc, error);
  if (sqlite3_changes (_rl_book_get_db (self)) > 0)
    return rl_book_audit (self, "unallocate", "payment", payment_id, NULL, error);
  return TRUE;
}

/**
 * rl_book_allocate:
 * @payment_id: the payment applied, or 0
 * @credit_note_id: the credit note applied, or 0 (exactly one of the two)
 * @invoice_id: the invoice settled
 * @amount: how much, at most what the invoice still owes and what the source has left
 * @date: the day the invoice was settled by it
 *
 * Applies a part of a payment or of a credit note to an invoice.
 */
gboolean
rl_book_allocate (RlBook   *self,
                  gint64    payment_id,
                  gint64    credit_note_id,
                  gint64    invoice_id,
                  RlCents   amount,
                  RlDay     date,
                  GError  **error)
{
  static const char ins[] =
    "INSERT INTO allocations (invoice_id, payment_id, credit_note_id, amount_cents, date,"
    " created_at) VALUES (?, ?, ?, ?, ?, ?)";
  g_autoptr(RlInvoice) invoice = NULL;
  const char *now = NULL;
  g_autofree char *detail = NULL;
  RlCents available;
  const char *source_currency;
  g_autoptr(RlPayment) payment = NULL;
  g_autoptr(RlInvoice) credit = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail ((payment_id > 0) != (credit_note_id > 0), FALSE);

  if (amount <= 0)
    {
      g_set_error_literal (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                           _("an allocation must be positive"));
      return FALSE;
    }
  invoice = rl_book_get_invoice (self, invoice_id, error);
  if (invoice == NULL)
    return FALSE;
  if (invoice->kind != RL_INVOICE_KIND_INVOICE || invoice->cancelled)
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                   _("%s cannot be settled: it is not an open invoice"), invoice->number);
      return FALSE;
    }
  if (payment_id > 0)
    {
      payment = rl_book_get_payment (self, payment_id, error);
      if (payment == NULL)
        return FALSE;
      available = payment->unallocated;
      source_currency = payment->currency;
    }
  else
    {
      credit = rl_book_get_invoice (self, credit_note_id, error);
      if (credit == NULL)
        return FALSE;
      if (credit->kind != RL_INVOICE_KIND_CREDIT_NOTE)
        {
          g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID, _("%s is not a credit note"),
                       credit->number);
          return FALSE;
        }
      available = credit->amount - credit->paid;
      source_currency = credit->currency;
    }
  if (g_strcmp0 (source_currency, invoice->currency) != 0)
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                   _("%s is in %s but the payment or credit note is in %s"), invoice->number, invoice->currency,
                   source_currency);
      return FALSE;
    }
  if (amount > available || amount > invoice->amount - invoice->paid)
    {
      g_autofree char *amount_text = rl_money_to_plain (amount);

      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                   _("cannot apply %s to %s: more than is left"),
                   amount_text, invoice->number);
      return FALSE;
    }

  stmt = _rl_book_stmt (self, ins, error);
  if (stmt == NULL)
    return FALSE;
  now = _rl_book_now (self);
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  if (payment_id > 0)
    sqlite3_bind_int64 (stmt, 2, payment_id);
  if (credit_note_id > 0)
    sqlite3_bind_int64 (stmt, 3, credit_note_id);
  sqlite3_bind_int64 (stmt, 4, amount);
  _rl_bind_day (stmt, 5, date);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (self, rc, error);
  detail = g_strdup_printf ("%" G_GINT64_FORMAT " cents from %s to %s", amount,
                            payment ? payment->key : credit->number, invoice->number);
  return rl_book_audit (self, "allocate", "invoice", invoice_id, detail, error);
}

/**
 * rl_book_allocate_payment:
 * @policy: where the money goes
 * @out_allocated: (out) (optional): how much was allocated now
 *
 * Allocates what is left of a payment: to the invoice the payer named (if it belongs to the
 * payment's customer), then, with %RL_ALLOCATE_OLDEST_FIRST, to the customer's open invoices
 * by due date. A payment with no known customer takes the customer of the invoice it names.
 */
gboolean
rl_book_allocate_payment (RlBook            *self,
                          gint64             payment_id,
                          RlAllocatePolicy   policy,
                          RlCents           *out_allocated,
                          GError           **error)
{
  static const char set_customer[] = "UPDATE payments SET customer_id = ? WHERE id = ?";
  static const char open_sql[] =
    "SELECT id, amount_cents - paid_cents FROM invoices"
    " WHERE customer_id = ? AND kind = 'invoice' AND NOT cancelled AND currency = ?"
    " AND paid_cents < amount_cents ORDER BY due_date, issue_date, number";
  g_autoptr(RlPayment) p = NULL;
  RlCents left, total = 0;
  int rc;

  if (out_allocated)
    *out_allocated = 0;
  p = rl_book_get_payment (self, payment_id, error);
  if (p == NULL)
    return FALSE;
  left = p->unallocated;

  if (left > 0 && p->invoice_number != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(RlInvoice) inv = rl_book_find_invoice (self, p->invoice_number, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (inv != NULL && p->customer_id == 0)
        {
          sqlite3_stmt *stmt = _rl_book_stmt (self, set_customer, error);

          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, inv->customer_id);
          sqlite3_bind_int64 (stmt, 2, p->id);
          rc = sqlite3_step (stmt);
          sqlite3_reset (stmt);
          if (rc != SQLITE_DONE)
            return _rl_book_sql_error (self, rc, error);
          p->customer_id = inv->customer_id;
        }
      if (inv != NULL && inv->customer_id == p->customer_id
          && inv->kind == RL_INVOICE_KIND_INVOICE && !inv->cancelled
          && g_strcmp0 (inv->currency, p->currency) == 0 && inv->paid < inv->amount)
        {
          RlCents part = MIN (left, inv->amount - inv->paid);

          if (!rl_book_allocate (self, p->id, 0, inv->id, part, p->date, error))
            return FALSE;
          left -= part;
          total += part;
        }
    }

  if (left > 0 && policy == RL_ALLOCATE_OLDEST_FIRST && p->customer_id > 0)
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) rest = g_array_new (FALSE, FALSE, sizeof (RlCents));
      sqlite3_stmt *stmt = _rl_book_stmt (self, open_sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, p->customer_id);
      sqlite3_bind_text (stmt, 2, p->currency, -1, SQLITE_TRANSIENT);
      while (left > 0 && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          RlCents r = sqlite3_column_int64 (stmt, 1);
          RlCents part = MIN (left, r);

          g_array_append_val (ids, id);
          g_array_append_val (rest, part);
          left -= part;
        }
      sqlite3_reset (stmt);
      for (guint k = 0; k < ids->len; k++)
        {
          RlCents part = g_array_index (rest, RlCents, k);

          if (!rl_book_allocate (self, p->id, 0, g_array_index (ids, gint64, k), part, p->date,
                                 error))
            return FALSE;
          total += part;
        }
    }

  if (out_allocated)
    *out_allocated = total;
  return TRUE;
}

/**
 * rl_book_foreach_payment:
 * @customer_id: only this customer's, or 0 for all
 * @unallocated_only: only payments with money not yet applied to an invoice
 *
 * Streams payments by date.
 */
gboolean
rl_book_foreach_payment (RlBook         *self,
                         gint64          customer_id,
                         gboolean        unallocated_only,
                         RlPaymentFunc   func,
                         gpointer        user_data,
                         GError        **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  sql = g_strdup_printf ("SELECT * FROM (SELECT " PAYMENT_COLUMNS " AS unallocated"
                         " FROM payments p WHERE %s) %s ORDER BY 4, 1",
                         customer_id > 0 ? "p.customer_id = ?1" : "?1 = 0",
                         unallocated_only ? "WHERE unallocated > 0" : "");
  rc = sqlite3_prepare_v2 (_rl_book_get_db (self), sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return _rl_book_sql_error (self, rc, error);
  sqlite3_bind_int64 (stmt, 1, customer_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(RlPayment) p = payment_from_row (stmt);

      if (!func (p, user_data))
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
