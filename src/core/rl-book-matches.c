/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-book"

#include "config.h"

#include "rl-book-matches.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "rl-book-private.h"
#include "rl-error.h"

static const char * const reason_names[] = {
  [RL_MATCH_REFERENCE] = "reference",
  [RL_MATCH_INVOICE_NUMBER] = "invoice_number",
  [RL_MATCH_AMOUNT_IBAN] = "amount_iban",
  [RL_MATCH_AMOUNT_NAME] = "amount_name",
};

static const char * const state_names[] = {
  [RL_MATCH_AUTO] = "auto",
  [RL_MATCH_PENDING] = "pending",
  [RL_MATCH_ACCEPTED] = "accepted",
  [RL_MATCH_REJECTED] = "rejected",
};

void
rl_match_free (RlMatch *match)
{
  if (match == NULL)
    return;
  g_free (match->invoice_number);
  g_free (match->customer_code);
  g_free (match->payer_name);
  g_free (match->payment_reference);
  g_free (match);
}

const char *
rl_match_reason_to_string (RlMatchReason reason)
{
  g_return_val_if_fail (reason <= RL_MATCH_AMOUNT_NAME, NULL);
  return reason_names[reason];
}

/* Returns: why a payment was matched, in words for people */
const char *
rl_match_reason_label (RlMatchReason reason)
{
  switch (reason)
    {
    case RL_MATCH_REFERENCE:
      return _("structured reference");
    case RL_MATCH_INVOICE_NUMBER:
      return _("invoice number in the transfer text");
    case RL_MATCH_AMOUNT_IBAN:
      return _("amount, payer known by IBAN");
    case RL_MATCH_AMOUNT_NAME:
    default:
      return _("amount, payer known by name");
    }
}

/* Returns: where a match stands, in words for people */
const char *
rl_match_state_label (RlMatchState state)
{
  switch (state)
    {
    case RL_MATCH_AUTO:
      return _("allocated by the import");
    case RL_MATCH_PENDING:
      return _("waiting for you");
    case RL_MATCH_ACCEPTED:
      return _("accepted");
    case RL_MATCH_REJECTED:
    default:
      return _("rejected");
    }
}

const char *
rl_match_state_to_string (RlMatchState state)
{
  g_return_val_if_fail (state <= RL_MATCH_REJECTED, NULL);
  return state_names[state];
}

static int
index_of (const char * const *names,
          guint               n,
          const char         *name)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (names[i], name) == 0)
      return (int) i;
  return 0;
}

/**
 * rl_book_add_match:
 *
 * Records how a payment was matched to an invoice. An %RL_MATCH_AUTO match must have been
 * allocated by the caller; a pending one is allocated only when the user accepts it.
 *
 * Returns: the match's id, 0 on error
 */
gint64
rl_book_add_match (RlBook        *self,
                   const RlMatch *match,
                   GError       **error)
{
  static const char sql[] =
    "INSERT INTO payment_matches (payment_id, invoice_id, amount_cents, reason, confidence,"
    " state, created_at, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, error);
  const char *now = _rl_book_now (self);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, match->payment_id);
  sqlite3_bind_int64 (stmt, 2, match->invoice_id);
  sqlite3_bind_int64 (stmt, 3, match->amount);
  sqlite3_bind_text (stmt, 4, reason_names[match->reason], -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, CLAMP (match->confidence, 0, 100));
  sqlite3_bind_text (stmt, 6, state_names[match->state], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_TRANSIENT);
  if (match->state == RL_MATCH_PENDING)
    sqlite3_bind_null (stmt, 8);
  else
    sqlite3_bind_text (stmt, 8, now, -1, SQLITE_TRANSIENT);
  if (!_rl_book_step_done (self, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (_rl_book_get_db (self));
}

/**
 * rl_book_list_matches:
 * @pending_only: only the matches waiting for the user
 *
 * Returns: (transfer full) (element-type RlMatch): the matches, the latest payments first
 */
GPtrArray *
rl_book_list_matches (RlBook    *self,
                      gboolean   pending_only,
                      GError   **error)
{
  static const char all_sql[] =
    "SELECT m.id, m.payment_id, m.invoice_id, m.amount_cents, m.reason, m.confidence, m.state,"
    " i.number, c.code, p.payer_name, p.reference, p.date, p.amount_cents"
    " FROM payment_matches m JOIN invoices i ON i.id = m.invoice_id"
    " JOIN customers c ON c.id = i.customer_id JOIN payments p ON p.id = m.payment_id"
    " ORDER BY p.date DESC, p.id DESC, m.id";
  static const char pending_sql[] =
    "SELECT m.id, m.payment_id, m.invoice_id, m.amount_cents, m.reason, m.confidence, m.state,"
    " i.number, c.code, p.payer_name, p.reference, p.date, p.amount_cents"
    " FROM payment_matches m JOIN invoices i ON i.id = m.invoice_id"
    " JOIN customers c ON c.id = i.customer_id JOIN payments p ON p.id = m.payment_id"
    " WHERE m.state = 'pending' ORDER BY p.date DESC, p.id DESC, m.id";
  sqlite3_stmt *stmt = _rl_book_stmt (self, pending_only ? pending_sql : all_sql, error);
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_match_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RlMatch *m = g_new0 (RlMatch, 1);

      m->id = sqlite3_column_int64 (stmt, 0);
      m->payment_id = sqlite3_column_int64 (stmt, 1);
      m->invoice_id = sqlite3_column_int64 (stmt, 2);
      m->amount = sqlite3_column_int64 (stmt, 3);
      m->reason = index_of (reason_names, G_N_ELEMENTS (reason_names),
                            (const char *) sqlite3_column_text (stmt, 4));
      m->confidence = sqlite3_column_int (stmt, 5);
      m->state = index_of (state_names, G_N_ELEMENTS (state_names),
                           (const char *) sqlite3_column_text (stmt, 6));
      m->invoice_number = _rl_column_text (stmt, 7);
      m->customer_code = _rl_column_text (stmt, 8);
      m->payer_name = _rl_column_text (stmt, 9);
      m->payment_reference = _rl_column_text (stmt, 10);
      m->payment_date = _rl_column_day (stmt, 11);
      m->payment_amount = sqlite3_column_int64 (stmt, 12);
      g_ptr_array_add (list, m);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rl_book_sql_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

static RlMatch *
get_match (RlBook  *self,
           gint64   id,
           GError **error)
{
  g_autoptr(GPtrArray) all = rl_book_list_matches (self, FALSE, error);

  if (all == NULL)
    return NULL;
  for (guint i = 0; i < all->len; i++)
    {
      RlMatch *m = g_ptr_array_index (all, i);

      if (m->id == id)
        return g_ptr_array_steal_index (all, i);
    }
  g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_NOT_FOUND, _("no match #%lld"),
               (long long) id);
  return NULL;
}

/**
 * rl_book_decide_match:
 * @accept: %TRUE to allocate the payment to the invoice, %FALSE to reject the match
 *
 * The user's decision on a pending match. Accepting allocates what the payment has left, at
 * most what the invoice still owes, and gives the payment the invoice's customer; when that
 * uses the payment up, its other pending matches are rejected.
 */
gboolean
rl_book_decide_match (RlBook   *self,
                      gint64    match_id,
                      gboolean  accept,
                      GError  **error)
{
  static const char set_state[] =
    "UPDATE payment_matches SET state = ?, decided_at = ?, amount_cents = ? WHERE id = ?";
  static const char set_customer[] =
    "UPDATE payments SET customer_id = ? WHERE id = ? AND customer_id IS NULL";
  static const char reject_others[] =
    "UPDATE payment_matches SET state = 'rejected', decided_at = ?"
    " WHERE payment_id = ? AND state = 'pending' AND id <> ?";
  g_autoptr(RlMatch) m = get_match (self, match_id, error);
  RlCents amount;
  sqlite3_stmt *stmt;

  if (m == NULL)
    return FALSE;
  if (m->state != RL_MATCH_PENDING)
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                   _("match #%lld was already decided"), (long long) match_id);
      return FALSE;
    }
  amount = m->amount;
  if (accept)
    {
      g_autoptr(RlPayment) p = rl_book_get_payment (self, m->payment_id, error);
      g_autoptr(RlInvoice) inv = NULL;

      if (p == NULL)
        return FALSE;
      inv = rl_book_get_invoice (self, m->invoice_id, error);
      if (inv == NULL)
        return FALSE;
      amount = MIN (p->unallocated, inv->amount - inv->paid);
      if (amount <= 0)
        {
          g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                       _("%s is already paid or the payment has nothing left"), inv->number);
          return FALSE;
        }
      stmt = _rl_book_stmt (self, set_customer, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, inv->customer_id);
      sqlite3_bind_int64 (stmt, 2, p->id);
      if (!_rl_book_step_done (self, stmt, error)
          || !rl_book_allocate (self, p->id, 0, inv->id, amount, p->date, error))
        return FALSE;
      /* The payment used up, its other candidates are out. */
      if (amount == p->unallocated)
        {
          stmt = _rl_book_stmt (self, reject_others, error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, _rl_book_now (self), -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (stmt, 2, p->id);
          sqlite3_bind_int64 (stmt, 3, match_id);
          if (!_rl_book_step_done (self, stmt, error))
            return FALSE;
        }
    }
  stmt = _rl_book_stmt (self, set_state, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, state_names[accept ? RL_MATCH_ACCEPTED : RL_MATCH_REJECTED], -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, _rl_book_now (self), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, amount);
  sqlite3_bind_int64 (stmt, 4, match_id);
  if (!_rl_book_step_done (self, stmt, error))
    return FALSE;
  return rl_book_audit (self, accept ? "accept" : "reject", "payment_match", match_id, NULL,
                        error);
}

/* Runs a query that returns one id or none, its parameters @text (unless %NULL) then
 * @number (if the query has one more). Returns: the id, 0 for none or on error */
static gint64
query_id (RlBook      *self,
          const char  *sql,
          const char  *text,
          gint64       number,
          GError     **error)
{
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return 0;
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (stmt) > (text != NULL))
    sqlite3_bind_int64 (stmt, 1 + (text != NULL), number);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _rl_book_sql_error (self, rc, error);
  return id;
}

/* Removes the allocations made from @source_id (a payment or a credit note). */
static gboolean
delete_for (RlBook     *self,
            const char *sql,
            gint64      source_id,
            const char *entity,
            GError    **error)
{
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, source_id);
  if (!_rl_book_step_done (self, stmt, error))
    return FALSE;
  if (entity != NULL && sqlite3_changes (_rl_book_get_db (self)) > 0)
    return rl_book_audit (self, "unallocate", entity, source_id, NULL, error);
  return TRUE;
}

/**
 * rl_book_set_temp_in_memory:
 * @in_memory: %TRUE for an import's transaction, %FALSE after it
 *
 * Keeps SQLite's statement journals (and temporary tables) in memory instead of a temporary
 * file: an import of many rows whose statements fire triggers otherwise writes them to disk
 * statement after statement (a FEC of a million lines: 250,000 writes for 40,000 lines). Only
 * outside a transaction; back to the default after the import, so that large sorts spill to
 * disk again.
 *
 * Returns: whether the setting took effect
 */
gboolean
rl_book_set_temp_in_memory (RlBook   *self,
                            gboolean  in_memory)
{
  g_return_val_if_fail (!rl_book_in_transaction (self), FALSE);
  return _rl_book_exec (self, in_memory ? "PRAGMA temp_store = MEMORY"
                                        : "PRAGMA temp_store = DEFAULT", NULL);
}

/**
 * rl_book_list_allocations:
 * @payment_id: the payment, or 0
 * @credit_note_id: the credit note, or 0 (exactly one of the two)
 *
 * Returns: (transfer full) (element-type RlAllocation): what the source is applied to, by
 *   invoice then amount
 */
GArray *
rl_book_list_allocations (RlBook  *self,
                          gint64   payment_id,
                          gint64   credit_note_id,
                          GError **error)
{
  static const char by_payment[] =
    "SELECT invoice_id, amount_cents FROM allocations WHERE payment_id = ?"
    " ORDER BY invoice_id, amount_cents";
  static const char by_credit[] =
    "SELECT invoice_id, amount_cents FROM allocations WHERE credit_note_id = ?"
    " ORDER BY invoice_id, amount_cents";
  sqlite3_stmt *stmt = _rl_book_stmt (self, payment_id > 0 ? by_payment : by_credit, error);
  g_autoptr(GArray) list = NULL;
  int rc;

  g_return_val_if_fail ((payment_id > 0) != (credit_note_id > 0), NULL);
  if (stmt == NULL)
    return NULL;
  list = g_array_new (FALSE, FALSE, sizeof (RlAllocation));
  sqlite3_bind_int64 (stmt, 1, payment_id > 0 ? payment_id : credit_note_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RlAllocation a = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      g_array_append_val (list, a);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rl_book_sql_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * rl_book_clear_credit_allocations:
 *
 * Removes what a credit note was applied to, so that it can be applied again (an accounting
 * export that re-letters its entries).
 */
gboolean
rl_book_clear_credit_allocations (RlBook  *self,
                                  gint64   credit_note_id,
                                  GError **error)
{
  return delete_for (self, "DELETE FROM allocations WHERE credit_note_id = ?", credit_note_id,
                     "invoice", error);
}

/* Returns: the id of the payment with this key, 0 if none */
gint64
rl_book_find_payment_id (RlBook      *self,
                         const char  *key,
                         GError     **error)
{
  return query_id (self, "SELECT id FROM payments WHERE key = ?", key, 0, error);
}

/* Returns: the latest payment of @amount with this reference (what a bank reversal undoes),
 *   0 if none */
gint64
rl_book_find_payment_to_reverse (RlBook      *self,
                                 const char  *reference,
                                 RlCents      amount,
                                 GError     **error)
{
  return query_id (self,
                   "SELECT id FROM payments WHERE reference = ? AND amount_cents = ?"
                   " ORDER BY date DESC, id DESC LIMIT 1", reference, amount, error);
}

/**
 * rl_book_delete_payment:
 *
 * Removes a payment, its allocations and its matches: the bank reversed it.
 */
gboolean
rl_book_delete_payment (RlBook  *self,
                        gint64   payment_id,
                        GError **error)
{
  return rl_book_clear_allocations (self, payment_id, error)
         && delete_for (self, "DELETE FROM payment_matches WHERE payment_id = ?", payment_id,
                        NULL, error)
         && delete_for (self, "DELETE FROM payments WHERE id = ?", payment_id, NULL, error)
         && rl_book_audit (self, "delete", "payment", payment_id, NULL, error);
}

/* Returns: the open invoice whose payment reference (or number) is @reference, 0 if none */
gint64
rl_book_find_invoice_by_reference (RlBook      *self,
                                   const char  *reference,
                                   GError     **error)
{
  gint64 id = query_id (self,
                        "SELECT id FROM invoices WHERE reference = ? AND kind = 'invoice'"
                        " AND NOT cancelled ORDER BY paid_cents >= amount_cents, id LIMIT 1",
                        reference, 0, error);

  if (id != 0)
    return id;
  return query_id (self,
                   "SELECT id FROM invoices WHERE number = ? AND kind = 'invoice'"
                   " AND NOT cancelled", reference, 0, error);
}

/* Returns: the customer with this SIREN, 0 if none */
gint64
rl_book_find_customer_by_siren (RlBook      *self,
                                const char  *siren,
                                GError     **error)
{
  return query_id (self, "SELECT id FROM customers WHERE siren = ? ORDER BY id LIMIT 1", siren, 0,
                   error);
}

/* Returns: the customer who paid before from this IBAN, 0 if none */
gint64
rl_book_find_customer_by_iban (RlBook      *self,
                               const char  *iban,
                               GError     **error)
{
  return query_id (self,
                   "SELECT customer_id FROM payments WHERE payer_iban = ?"
                   " AND customer_id IS NOT NULL ORDER BY date DESC LIMIT 1", iban, 0, error);
}

/**
 * rl_book_open_invoices_of_amount:
 *
 * Returns: (transfer full) (element-type gint64): the customer's open invoices that still owe
 *   exactly @amount, oldest due first
 */
GArray *
rl_book_open_invoices_of_amount (RlBook      *self,
                                 gint64       customer_id,
                                 RlCents      amount,
                                 const char  *currency,
                                 GError     **error)
{
  static const char sql[] =
    "SELECT id FROM invoices WHERE customer_id = ? AND kind = 'invoice' AND NOT cancelled"
    " AND amount_cents - paid_cents = ? AND currency = ? ORDER BY due_date, id LIMIT 20";
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, error);
  g_autoptr(GArray) ids = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_bind_int64 (stmt, 1, customer_id);
  sqlite3_bind_int64 (stmt, 2, amount);
  sqlite3_bind_text (stmt, 3, currency, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rl_book_sql_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}
