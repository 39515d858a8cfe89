/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-engine"

#include "config.h"

#include "rl-engine.h"

#include <glib/gi18n-lib.h>

#include "rl-book-private.h"
#include "rl-error.h"
#include "rl-plans-private.h"

/* Which plan a risk class follows, and the order of a plan's steps. Every change is audited,
 * inside the caller's transaction. */

static gboolean
set_class (RlBook  *book,
           gint64   plan_id,
           char     risk_class,
           GError **error)
{
  static const char sql[] = "UPDATE plans SET risk_class = ?2, updated_at = ?3 WHERE id = ?1";
  char klass[2] = { risk_class, '\0' };
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  if (risk_class != 0)
    sqlite3_bind_text (stmt, 2, klass, 1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, _rl_book_now (book), -1, SQLITE_TRANSIENT);
  return _rl_book_step_done (book, stmt, error);
}

/* The plan that has @risk_class: its id (0 if none) and key. */
static gboolean
class_holder (RlBook   *book,
              char      risk_class,
              gint64   *out_id,
              char    **out_key,
              GError  **error)
{
  static const char sql[] = "SELECT id, key FROM plans WHERE risk_class = ?";
  char klass[2] = { risk_class, '\0' };
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  int rc;

  *out_id = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, klass, 1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_id = sqlite3_column_int64 (stmt, 0);
      *out_key = _rl_column_text (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  return TRUE;
}

/**
 * rl_book_set_plan_risk_class:
 * @risk_class: 'A' to 'D'
 *
 * Makes @plan_id the plan of the customers of @risk_class. Every class keeps a plan: the plan
 * that had @risk_class takes the class @plan_id had (none if it was a plan given by hand).
 * Must be called in a transaction.
 *
 * Returns: %TRUE, or %FALSE with @error set (%RL_ENGINE_ERROR_INVALID for a bad class,
 *   %RL_ENGINE_ERROR_NOT_FOUND for an unknown plan)
 */
gboolean
rl_book_set_plan_risk_class (RlBook   *book,
                             gint64    plan_id,
                             char      risk_class,
                             GError  **error)
{
  static const char old_sql[] = "SELECT key, risk_class FROM plans WHERE id = ?";
  g_autofree char *key = NULL, *old = NULL, *holder_key = NULL, *detail = NULL;
  gint64 holder_id = 0;
  char old_class;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (rl_book_in_transaction (book), FALSE);

  if (risk_class < 'A' || risk_class > 'D')
    return _rl_plans_invalid (error, _("a risk class is A, B, C or D"));
  if (!_rl_plans_row (book, plan_id, old_sql, &key, &old, error))
    return FALSE;
  old_class = old != NULL ? old[0] : 0;
  if (old_class == risk_class)
    return TRUE;
  if (!class_holder (book, risk_class, &holder_id, &holder_key, error))
    return FALSE;
  /* The unique index on plans.risk_class: the plan gives up its class first. */
  if (!set_class (book, plan_id, 0, error)
      || (holder_id > 0 && !set_class (book, holder_id, old_class, error))
      || !set_class (book, plan_id, risk_class, error))
    return FALSE;
  detail = holder_id > 0
           ? g_strdup_printf ("plan %s: risk class %s → %c (plan %s: %c → %s)", key,
                              old_class ? old : "none", risk_class, holder_key, risk_class,
                              old_class ? old : "none")
           : g_strdup_printf ("plan %s: risk class %s → %c", key, old_class ? old : "none",
                              risk_class);
  return rl_book_audit (book, "update", "plan", plan_id, detail, error);
}

/**
 * rl_book_move_step:
 * @later: %TRUE to move the step after the next one, %FALSE before the previous one
 *
 * Reorders a plan: the step and its neighbour swap their days. Must be called in a
 * transaction.
 *
 * Returns: %TRUE, or %FALSE with @error set (%RL_ENGINE_ERROR_INVALID when there is no step
 *   to swap with, %RL_ENGINE_ERROR_NOT_FOUND for an unknown step)
 */
gboolean
rl_book_move_step (RlBook   *book,
                   gint64    step_id,
                   gboolean  later,
                   GError  **error)
{
  static const char before_sql[] =
    "SELECT id, offset_days FROM plan_steps WHERE plan_id = ?1 AND offset_days < ?2"
    " ORDER BY offset_days DESC LIMIT 1";
  static const char after_sql[] =
    "SELECT id, offset_days FROM plan_steps WHERE plan_id = ?1 AND offset_days > ?2"
    " ORDER BY offset_days LIMIT 1";
  static const char swap_sql[] =
    "UPDATE plan_steps SET offset_days = CASE id WHEN ?1 THEN ?3 ELSE ?4 END"
    " WHERE id IN (?1, ?2)";
  g_autofree char *plan_key = NULL;
  g_autofree char *detail = NULL;
  gint64 plan_id = 0;
  int offset_days = 0;
  gint64 other_id = 0;
  int other_offset = 0;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (rl_book_in_transaction (book), FALSE);

  if (!_rl_plans_step_place (book, step_id, &plan_id, &plan_key, &offset_days, error))
    return FALSE;
  stmt = _rl_book_stmt (book, later ? after_sql : before_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  sqlite3_bind_int (stmt, 2, offset_days);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      other_id = sqlite3_column_int64 (stmt, 0);
      other_offset = sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  if (other_id == 0)
    return _rl_plans_invalid (error, later ? _("the step is already the plan’s last")
                                 : _("the step is already the plan’s first"));
  stmt = _rl_book_stmt (book, swap_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, step_id);
  sqlite3_bind_int64 (stmt, 2, other_id);
  sqlite3_bind_int (stmt, 3, other_offset);
  sqlite3_bind_int (stmt, 4, offset_days);
  if (!_rl_book_step_done (book, stmt, error) || !_rl_plans_renumber (book, plan_id, error))
    return FALSE;
  detail = g_strdup_printf ("plan %s: step #%lld day %+d → %+d, step #%lld day %+d → %+d",
                            plan_key, (long long) step_id, offset_days, other_offset,
                            (long long) other_id, other_offset, offset_days);
  return rl_book_audit (book, "update", "plan_step", step_id, detail, error);
}
