/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-engine"

#include "config.h"

#include "rl-engine.h"

#include <glib/gi18n-lib.h>

#include "rl-book-private.h"
#include "rl-error.h"

/* Disputes, promises to pay, payment plans and manual holds: what pauses the chasing. */

static gint64
insert (RlBook        *book,
        sqlite3_stmt  *stmt,
        const char    *entity,
        const char    *detail,
        GError       **error)
{
  int rc = sqlite3_step (stmt);
  gint64 id;

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rl_book_sql_error (book, rc, error);
      return 0;
    }
  id = sqlite3_last_insert_rowid (_rl_book_get_db (book));
  if (!rl_book_audit (book, "insert", entity, id, detail, error))
    return 0;
  return id;
}

static gboolean
require_text (const char  *text,
              const char  *message,
              GError     **error)
{
  if (text != NULL && *text != '\0')
    return TRUE;
  g_set_error_literal (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID, message);
  return FALSE;
}

/**
 * rl_book_open_dispute:
 * @deadline: when it must be settled, or %RL_DAY_NONE
 *
 * Puts an invoice in dispute: it leaves every action until the dispute is resolved.
 *
 * Returns: the dispute's id, or 0 with @error set
 */
gint64
rl_book_open_dispute (RlBook      *book,
                      gint64       invoice_id,
                      const char  *reason,
                      RlDay        opened_on,
                      RlDay        deadline,
                      GError     **error)
{
  static const char open_sql[] =
    "SELECT count(*) FROM disputes WHERE invoice_id = ? AND resolved_on IS NULL";
  static const char sql[] =
    "INSERT INTO disputes (invoice_id, reason, opened_on, deadline, created_at)"
    " VALUES (?, ?, ?, ?, ?)";
  g_autoptr(RlInvoice) inv = rl_book_get_invoice (book, invoice_id, error);
  sqlite3_stmt *stmt;
  gint64 n = 0;

  if (inv == NULL || !require_text (reason, _("a dispute needs a reason"), error))
    return 0;
  if (deadline != RL_DAY_NONE && deadline < opened_on)
    {
      g_set_error_literal (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID,
                           _("a dispute’s deadline cannot come before it was opened"));
      return 0;
    }
  stmt = _rl_book_stmt (book, open_sql, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (n > 0)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE,
                   _("invoice %s is already in dispute"), inv->number);
      return 0;
    }
  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  _rl_bind_text (stmt, 2, reason);
  _rl_bind_day (stmt, 3, opened_on);
  _rl_bind_day (stmt, 4, deadline);
  sqlite3_bind_text (stmt, 5, _rl_book_now (book), -1, SQLITE_TRANSIENT);
  return insert (book, stmt, "dispute", inv->number, error);
}

gboolean
rl_book_resolve_dispute (RlBook      *book,
                         gint64       invoice_id,
                         RlDay        resolved_on,
                         const char  *resolution,
                         GError     **error)
{
  static const char sql[] =
    "UPDATE disputes SET resolved_on = ?, resolution = ? WHERE invoice_id = ?"
    " AND resolved_on IS NULL";
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _rl_bind_day (stmt, 1, resolved_on);
  _rl_bind_text (stmt, 2, resolution);
  sqlite3_bind_int64 (stmt, 3, invoice_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  if (sqlite3_changes (_rl_book_get_db (book)) == 0)
    {
      g_set_error_literal (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_NOT_FOUND,
                           _("this invoice has no open dispute"));
      return FALSE;
    }
  return rl_book_audit (book, "resolve", "dispute", invoice_id, resolution, error);
}

/**
 * rl_book_add_promise:
 * @promised_for: the day the customer said it would pay
 * @amount: how much
 *
 * Records a promise to pay: the customer's invoices are not chased until @promised_for; if by
 * then the customer has not paid @amount since @made_on, the promise is broken and the plan
 * resumes.
 */
gint64
rl_book_add_promise (RlBook      *book,
                     gint64       customer_id,
                     RlDay        made_on,
                     RlDay        promised_for,
                     RlCents      amount,
                     const char  *note,
                     GError     **error)
{
  static const char sql[] =
    "INSERT INTO promises (customer_id, made_on, promised_for, amount_cents, note, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?)";
  sqlite3_stmt *stmt;
  g_autofree char *detail = NULL;

  if (amount <= 0 || promised_for == RL_DAY_NONE || promised_for < made_on)
    {
      g_set_error_literal (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID,
                           _("a promise needs a positive amount and a date on or after today"));
      return 0;
    }
  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  _rl_bind_day (stmt, 2, made_on);
  _rl_bind_day (stmt, 3, promised_for);
  sqlite3_bind_int64 (stmt, 4, amount);
  _rl_bind_text (stmt, 5, note);
  sqlite3_bind_text (stmt, 6, _rl_book_now (book), -1, SQLITE_TRANSIENT);
  detail = g_strdup_printf ("customer #%lld, %lld cents", (long long) customer_id,
                            (long long) amount);
  return insert (book, stmt, "promise", detail, error);
}

/**
 * rl_book_add_hold:
 * @customer_id: the customer to hold, or 0
 * @invoice_id: the invoice to hold, or 0 (exactly one of the two)
 * @expires_on: when chasing resumes by itself, or %RL_DAY_NONE for a hold until released
 */
gint64
rl_book_add_hold (RlBook      *book,
                  gint64       customer_id,
                  gint64       invoice_id,
                  const char  *reason,
                  RlDay        starts_on,
                  RlDay        expires_on,
                  GError     **error)
{
  static const char sql[] =
    "INSERT INTO holds (customer_id, invoice_id, reason, starts_on, expires_on, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?)";
  sqlite3_stmt *stmt;

  g_return_val_if_fail ((customer_id > 0) != (invoice_id > 0), 0);
  if (!require_text (reason, _("a hold needs a reason"), error))
    return 0;
  if (expires_on != RL_DAY_NONE && expires_on < starts_on)
    {
      g_set_error_literal (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID,
                           _("a hold cannot expire before it starts"));
      return 0;
    }
  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return 0;
  if (customer_id > 0)
    sqlite3_bind_int64 (stmt, 1, customer_id);
  if (invoice_id > 0)
    sqlite3_bind_int64 (stmt, 2, invoice_id);
  _rl_bind_text (stmt, 3, reason);
  _rl_bind_day (stmt, 4, starts_on);
  _rl_bind_day (stmt, 5, expires_on);
  sqlite3_bind_text (stmt, 6, _rl_book_now (book), -1, SQLITE_TRANSIENT);
  return insert (book, stmt, "hold", reason, error);
}

gboolean
rl_book_release_hold (RlBook  *book,
                      gint64   hold_id,
                      RlDay    released_on,
                      GError **error)
{
  static const char sql[] =
    "UPDATE holds SET released_on = ? WHERE id = ? AND released_on IS NULL";
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _rl_bind_day (stmt, 1, released_on);
  sqlite3_bind_int64 (stmt, 2, hold_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  if (sqlite3_changes (_rl_book_get_db (book)) == 0)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_NOT_FOUND,
                   _("no active hold #%lld"), (long long) hold_id);
      return FALSE;
    }
  return rl_book_audit (book, "release", "hold", hold_id, NULL, error);
}

/**
 * rl_book_add_payment_plan:
 * @due_dates: (array length=n_installments): the installments' dates, in order
 * @amounts: (array length=n_installments): their amounts
 *
 * Agrees a payment plan (échéancier) on the customer's open invoices: they are not chased while
 * each installment is paid by its date; the first one missed ends the plan and chasing resumes.
 */
gint64
rl_book_add_payment_plan (RlBook         *book,
                          gint64          customer_id,
                          RlDay           agreed_on,
                          const RlDay    *due_dates,
                          const RlCents  *amounts,
                          guint           n_installments,
                          GError        **error)
{
  static const char plan_sql[] =
    "INSERT INTO payment_plans (customer_id, agreed_on, created_at) VALUES (?, ?, ?)";
  static const char inst_sql[] =
    "INSERT INTO installments (payment_plan_id, due_date, amount_cents) VALUES (?, ?, ?)";
  static const char inv_sql[] =
    "INSERT INTO payment_plan_invoices (payment_plan_id, invoice_id)"
    " SELECT ?1, id FROM invoices WHERE customer_id = ?2 AND kind = 'invoice'"
    " AND NOT cancelled AND paid_cents < amount_cents";
  sqlite3_stmt *stmt;
  gint64 id;
  int rc;

  if (n_installments == 0)
    {
      g_set_error_literal (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID,
                           _("a payment plan needs at least one installment"));
      return 0;
    }
  for (guint i = 0; i < n_installments; i++)
    if (amounts[i] <= 0 || due_dates[i] < agreed_on || (i > 0 && due_dates[i] <= due_dates[i - 1]))
      {
        g_set_error_literal (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID,
                             _("installments need positive amounts and dates in order"));
        return 0;
      }
  stmt = _rl_book_stmt (book, plan_sql, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  _rl_bind_day (stmt, 2, agreed_on);
  sqlite3_bind_text (stmt, 3, _rl_book_now (book), -1, SQLITE_TRANSIENT);
  id = insert (book, stmt, "payment_plan", NULL, error);
  if (id == 0)
    return 0;
  for (guint i = 0; i < n_installments; i++)
    {
      stmt = _rl_book_stmt (book, inst_sql, error);
      if (stmt == NULL)
        return 0;
      sqlite3_bind_int64 (stmt, 1, id);
      _rl_bind_day (stmt, 2, due_dates[i]);
      sqlite3_bind_int64 (stmt, 3, amounts[i]);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          _rl_book_sql_error (book, rc, error);
          return 0;
        }
    }
  stmt = _rl_book_stmt (book, inv_sql, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, customer_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rl_book_sql_error (book, rc, error);
      return 0;
    }
  return id;
}

void
rl_payment_plan_free (RlPaymentPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->customer_code);
  g_free (plan->state);
  g_clear_pointer (&plan->due_dates, g_array_unref);
  g_clear_pointer (&plan->amounts, g_array_unref);
  g_free (plan);
}

/**
 * rl_book_list_payment_plans:
 * @customer_id: only this customer's, or 0 for all
 *
 * Returns: (transfer full) (element-type RlPaymentPlan): the payment plans with their
 *   installments, newest first
 */
GPtrArray *
rl_book_list_payment_plans (RlBook  *book,
                            gint64   customer_id,
                            GError **error)
{
  static const char plans_sql[] =
    "SELECT pp.id, pp.customer_id, c.code, pp.agreed_on, pp.state, pp.ended_on"
    " FROM payment_plans pp JOIN customers c ON c.id = pp.customer_id"
    " WHERE ?1 = 0 OR pp.customer_id = ?1 ORDER BY pp.agreed_on DESC, pp.id DESC";
  static const char inst_sql[] =
    "SELECT due_date, amount_cents FROM installments WHERE payment_plan_id = ? ORDER BY due_date";
  g_autoptr(GPtrArray) list =
    g_ptr_array_new_with_free_func ((GDestroyNotify) rl_payment_plan_free);
  sqlite3_stmt *stmt = _rl_book_stmt (book, plans_sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RlPaymentPlan *p = g_new0 (RlPaymentPlan, 1);

      p->id = sqlite3_column_int64 (stmt, 0);
      p->customer_id = sqlite3_column_int64 (stmt, 1);
      p->customer_code = _rl_column_text (stmt, 2);
      p->agreed_on = _rl_column_day (stmt, 3);
      p->state = _rl_column_text (stmt, 4);
      p->ended_on = _rl_column_day (stmt, 5);
      p->due_dates = g_array_new (FALSE, FALSE, sizeof (RlDay));
      p->amounts = g_array_new (FALSE, FALSE, sizeof (RlCents));
      g_ptr_array_add (list, p);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rl_book_sql_error (book, rc, error);
      return NULL;
    }
  for (guint i = 0; i < list->len; i++)
    {
      RlPaymentPlan *p = g_ptr_array_index (list, i);

      stmt = _rl_book_stmt (book, inst_sql, error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, p->id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          RlDay d = _rl_column_day (stmt, 0);
          RlCents a = sqlite3_column_int64 (stmt, 1);

          g_array_append_val (p->due_dates, d);
          g_array_append_val (p->amounts, a);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          _rl_book_sql_error (book, rc, error);
          return NULL;
        }
    }
  return g_steal_pointer (&list);
}
