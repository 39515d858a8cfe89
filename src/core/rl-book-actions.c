/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-engine"

#include "config.h"

#include "rl-engine.h"

#include <glib/gi18n-lib.h>

#include "rl-book-private.h"
#include "rl-error.h"

/* The action queue: proposed → approved → sending → done, or failed / in doubt / cancelled /
 * skipped. Every transition is written to the audit log with its actor. */

#define ACTION_COLUMNS \
  "a.id, a.key, a.customer_id, c.code, c.name, a.step_id, a.kind, a.channel, a.template," \
  " a.state, a.proposed_on, a.stale_data, a.amount_cents, a.reason, a.outcome, a.note," \
  " a.registered_number, a.received_on"

static RlAction *
action_from_row (sqlite3_stmt *stmt)
{
  RlAction *a = g_new0 (RlAction, 1);

  a->id = sqlite3_column_int64 (stmt, 0);
  a->key = _rl_column_text (stmt, 1);
  a->customer_id = sqlite3_column_int64 (stmt, 2);
  a->customer_code = _rl_column_text (stmt, 3);
  a->customer_name = _rl_column_text (stmt, 4);
  a->step_id = sqlite3_column_int64 (stmt, 5);
  a->thank_you = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 6), "thank_you") == 0;
  rl_channel_from_string ((const char *) sqlite3_column_text (stmt, 7), &a->channel);
  a->template_key = _rl_column_text (stmt, 8);
  rl_action_state_from_string ((const char *) sqlite3_column_text (stmt, 9), &a->state);
  a->proposed_on = _rl_column_day (stmt, 10);
  a->stale_data = sqlite3_column_int (stmt, 11) != 0;
  a->amount = sqlite3_column_int64 (stmt, 12);
  a->reason = _rl_column_text (stmt, 13);
  a->outcome = _rl_column_text (stmt, 14);
  a->note = _rl_column_text (stmt, 15);
  a->registered_number = _rl_column_text (stmt, 16);
  a->received_on = _rl_column_day (stmt, 17);
  a->invoice_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return a;
}

static gboolean
load_invoices (RlBook    *book,
               RlAction  *a,
               GError   **error)
{
  static const char sql[] =
    "SELECT ai.invoice_id FROM action_invoices ai JOIN invoices i ON i.id = ai.invoice_id"
    " WHERE ai.action_id = ? ORDER BY i.due_date, i.number";
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (a->invoice_ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  return TRUE;
}

/**
 * rl_book_list_actions:
 * @customer_id: only this customer's, or 0
 * @open_only: only those still to be carried out or decided (proposed, approved, sending,
 *   in doubt)
 *
 * Returns: (transfer full) (element-type RlAction): actions with their invoices, newest first
 */
GPtrArray *
rl_book_list_actions (RlBook    *book,
                      gint64     customer_id,
                      gboolean   open_only,
                      GError   **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_action_free);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  sql = g_strdup_printf ("SELECT " ACTION_COLUMNS " FROM actions a JOIN customers c"
                         " ON c.id = a.customer_id WHERE %s%s"
                         " ORDER BY a.proposed_on DESC, c.code, a.id",
                         customer_id > 0 ? "a.customer_id = ?1" : "?1 = 0",
                         /* The second list names the index of actions not carried out. */
                         open_only ? " AND a.state IN ('proposed', 'approved', 'sending',"
                                     " 'in_doubt') AND a.state <> 'done'"
                                     " AND a.state <> 'cancelled' AND a.state <> 'skipped'" : "");
  rc = sqlite3_prepare_v2 (_rl_book_get_db (book), sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _rl_book_sql_error (book, rc, error);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, customer_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, action_from_row (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _rl_book_sql_error (book, rc, error);
      return NULL;
    }
  for (guint i = 0; i < list->len; i++)
    if (!load_invoices (book, g_ptr_array_index (list, i), error))
      return NULL;
  return g_steal_pointer (&list);
}

RlAction *
rl_book_get_action (RlBook  *book,
                    gint64   id,
                    GError **error)
{
  static const char sql[] =
    "SELECT " ACTION_COLUMNS " FROM actions a JOIN customers c ON c.id = a.customer_id"
    " WHERE a.id = ?";
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  g_autoptr(RlAction) a = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    a = action_from_row (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _rl_book_sql_error (book, rc, error);
      return NULL;
    }
  if (a == NULL)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_NOT_FOUND, _("no action #%lld"),
                   (long long) id);
      return NULL;
    }
  if (!load_invoices (book, a, error))
    return NULL;
  return g_steal_pointer (&a);
}

static gboolean
transition_allowed (RlActionState from,
                    RlActionState to)
{
  switch (from)
    {
    case RL_ACTION_PROPOSED:
      return to == RL_ACTION_APPROVED || to == RL_ACTION_SKIPPED || to == RL_ACTION_CANCELLED;
    case RL_ACTION_APPROVED:
      return to == RL_ACTION_SENDING || to == RL_ACTION_DONE || to == RL_ACTION_CANCELLED
             || to == RL_ACTION_SKIPPED;
    case RL_ACTION_SENDING:
      return to == RL_ACTION_DONE || to == RL_ACTION_FAILED || to == RL_ACTION_IN_DOUBT;
    case RL_ACTION_FAILED:
      return to == RL_ACTION_APPROVED || to == RL_ACTION_CANCELLED;
    case RL_ACTION_IN_DOUBT:
      return to == RL_ACTION_DONE || to == RL_ACTION_FAILED || to == RL_ACTION_CANCELLED;
    case RL_ACTION_DONE:
    case RL_ACTION_CANCELLED:
    case RL_ACTION_SKIPPED:
    default:
      return FALSE;
    }
}

/**
 * rl_book_set_action_state:
 * @reason: (nullable): why, kept with the action (a skip or a cancellation)
 * @on: the day it happened (a done action's date counts for the minimum gap)
 *
 * Moves an action along its life. Done marks its plan step as received by each of its
 * invoices; skipped or cancelled by the user marks it as skipped, so that it is not proposed
 * again.
 */
gboolean
rl_book_set_action_state (RlBook         *book,
                          gint64          id,
                          RlActionState   state,
                          const char     *reason,
                          RlDay           on,
                          GError        **error)
{
  static const char sql[] =
    "UPDATE actions SET state = ?1, reason = coalesce (?2, reason), state_changed_at = ?3,"
    " done_on = CASE WHEN ?1 = 'done' THEN ?4 ELSE done_on END WHERE id = ?5";
  /* The step each invoice was to receive becomes its own (migration 9: until then it is
   * kept with the action's invoices). */
  static const char steps_sql[] =
    "INSERT INTO invoice_steps (invoice_id, step_id, action_id, state, on_date, skipped)"
    " SELECT invoice_id, step_id, action_id, ?1, ?2, skipped FROM action_invoices"
    " WHERE action_id = ?3 AND step_id IS NOT NULL"
    " ORDER BY invoice_id ON CONFLICT (invoice_id, step_id) DO NOTHING";
  g_autoptr(RlAction) a = rl_book_get_action (book, id, error);
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (a == NULL)
    return FALSE;
  if (!transition_allowed (a->state, state))
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE,
                   _("action #%lld cannot go from the state “%s” to the state “%s”"), (long long) id,
                   rl_action_state_label (a->state), rl_action_state_label (state));
      return FALSE;
    }
  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, rl_action_state_to_string (state), -1, SQLITE_STATIC);
  _rl_bind_text (stmt, 2, reason);
  sqlite3_bind_text (stmt, 3, _rl_book_now (book), -1, SQLITE_TRANSIENT);
  _rl_bind_day (stmt, 4, on);
  sqlite3_bind_int64 (stmt, 5, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);

  if (state == RL_ACTION_DONE || state == RL_ACTION_SKIPPED || state == RL_ACTION_CANCELLED)
    {
      stmt = _rl_book_stmt (book, steps_sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, state == RL_ACTION_DONE ? "done" : "skipped", -1,
                         SQLITE_STATIC);
      _rl_bind_day (stmt, 2, on);
      sqlite3_bind_int64 (stmt, 3, id);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return _rl_book_sql_error (book, rc, error);
    }
  detail = g_strdup_printf ("%s → %s%s%s", rl_action_state_to_string (a->state),
                            rl_action_state_to_string (state), reason ? ": " : "",
                            reason ? reason : "");
  return rl_book_audit (book, "transition", "action", id, detail, error);
}

/**
 * rl_book_record_call:
 * @outcome: "reached", "no_answer", "promise", "dispute" or "wrong_number"
 * @promise_date: with "promise": the day the customer will pay
 * @promise_amount: with "promise": how much
 * @dispute_reason: with "dispute": what the customer disputes (all the call's invoices)
 *
 * Records the outcome of a call task and marks it done; a promise or a dispute becomes the
 * hold it is.
 */
gboolean
rl_book_record_call (RlBook      *book,
                     gint64       action_id,
                     RlDay        called_on,
                     const char  *outcome,
                     const char  *note,
                     RlDay        promise_date,
                     RlCents      promise_amount,
                     const char  *dispute_reason,
                     GError     **error)
{
  static const char sql[] =
    "INSERT INTO calls (action_id, customer_id, called_on, outcome, note, promise_id,"
    " dispute_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  static const char outcome_sql[] = "UPDATE actions SET outcome = ?, note = ? WHERE id = ?";
  static const char * const outcomes[] = {
    "reached", "no_answer", "promise", "dispute", "wrong_number",
  };
  g_autoptr(RlAction) a = rl_book_get_action (book, action_id, error);
  gint64 promise_id = 0, dispute_id = 0;
  gboolean known = FALSE;
  sqlite3_stmt *stmt;
  int rc;

  if (a == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    known = known || g_strcmp0 (outcome, outcomes[i]) == 0;
  if (!known)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID,
                   _("“%s” is not a call outcome (reached, no_answer, promise, dispute, "
                     "wrong_number)"), outcome ? outcome : "");
      return FALSE;
    }
  if (a->channel != RL_CHANNEL_CALL)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE,
                   _("action #%lld is not a phone call"), (long long) action_id);
      return FALSE;
    }
  if (a->state == RL_ACTION_PROPOSED
      && !rl_book_set_action_state (book, action_id, RL_ACTION_APPROVED, NULL, called_on, error))
    return FALSE;

  if (g_str_equal (outcome, "promise"))
    {
      promise_id = rl_book_add_promise (book, a->customer_id, called_on, promise_date,
                                        promise_amount, note, error);
      if (promise_id == 0)
        return FALSE;
    }
  else if (g_str_equal (outcome, "dispute"))
    {
      for (guint i = 0; i < a->invoice_ids->len; i++)
        {
          dispute_id = rl_book_open_dispute (book, g_array_index (a->invoice_ids, gint64, i),
                                             dispute_reason ? dispute_reason : note, called_on,
                                             RL_DAY_NONE, error);
          if (dispute_id == 0)
            return FALSE;
        }
    }

  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, action_id);
  sqlite3_bind_int64 (stmt, 2, a->customer_id);
  _rl_bind_day (stmt, 3, called_on);
  sqlite3_bind_text (stmt, 4, outcome, -1, SQLITE_TRANSIENT);
  _rl_bind_text (stmt, 5, note);
  if (promise_id > 0)
    sqlite3_bind_int64 (stmt, 6, promise_id);
  if (dispute_id > 0)
    sqlite3_bind_int64 (stmt, 7, dispute_id);
  sqlite3_bind_text (stmt, 8, _rl_book_now (book), -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);

  stmt = _rl_book_stmt (book, outcome_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, outcome, -1, SQLITE_TRANSIENT);
  _rl_bind_text (stmt, 2, note);
  sqlite3_bind_int64 (stmt, 3, action_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  return rl_book_set_action_state (book, action_id, RL_ACTION_DONE, NULL, called_on, error);
}

/* A registered-mail number without its spaces, in capitals: La Poste's "1A 123 456 7890 1",
 * or an international one, "RR 123 456 789 FR". NULL when it is none. */
static char *
normalize_registered_number (const char *number)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (const char *p = number != NULL ? number : ""; *p != '\0'; p++)
    {
      if (*p == ' ')
        continue;
      if (!g_ascii_isalnum (*p))
        return NULL;
      g_string_append_c (s, g_ascii_toupper (*p));
    }
  if (s->len < 8 || s->len > 20)
    return NULL;
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/**
 * rl_book_set_registered:
 * @number: the registered-mail number (numéro de recommandé) on the label
 * @received_on: the day on the acknowledgement of receipt, or %RL_DAY_NONE while it has not
 *   come back (a date recorded earlier is kept)
 * @today: the day the letter counts as posted when it was still approved
 *
 * Records the registered-mail number of a registered letter, and the date its acknowledgement
 * of receipt came back. A letter still approved was posted: it is marked done. Written to the
 * audit log; nothing changes when anything is refused.
 */
gboolean
rl_book_set_registered (RlBook      *book,
                        gint64       action_id,
                        const char  *number,
                        RlDay        received_on,
                        RlDay        today,
                        GError     **error)
{
  static const char sql[] =
    "UPDATE actions SET registered_number = ?, received_on = coalesce (?, received_on)"
    " WHERE id = ?";
  static const char savepoint[] = "registered";
  g_autoptr(RlAction) a = rl_book_get_action (book, action_id, error);
  g_autofree char *normal = normalize_registered_number (number);
  g_autofree char *detail = NULL;
  g_autofree char *received_iso = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (a == NULL)
    return FALSE;
  if (a->channel != RL_CHANNEL_REGISTERED_LETTER)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE,
                   _("action #%lld is not a registered letter"), (long long) action_id);
      return FALSE;
    }
  if (a->state != RL_ACTION_APPROVED && a->state != RL_ACTION_DONE)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE,
                   _("action #%lld is “%s”: only a letter approved or posted has a "
                     "registered-mail number"), (long long) action_id,
                   rl_action_state_label (a->state));
      return FALSE;
    }
  if (normal == NULL)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID,
                   _("“%s” is not a registered-mail number: 8 to 20 letters and digits"),
                   number != NULL ? number : "");
      return FALSE;
    }
  if (received_on != RL_DAY_NONE && (received_on < a->proposed_on || received_on > today))
    {
      g_set_error_literal (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID,
                           _("the acknowledgement of receipt cannot be dated before the letter "
                             "or after today"));
      return FALSE;
    }
  if (!rl_book_savepoint (book, savepoint, error))
    return FALSE;
  ok = a->state == RL_ACTION_DONE
       || rl_book_set_action_state (book, action_id, RL_ACTION_DONE, NULL, today, error);
  if (ok && (stmt = _rl_book_stmt (book, sql, error)) != NULL)
    {
      sqlite3_bind_text (stmt, 1, normal, -1, SQLITE_STATIC);
      _rl_bind_day (stmt, 2, received_on);
      sqlite3_bind_int64 (stmt, 3, action_id);
      ok = _rl_book_step_done (book, stmt, error);
    }
  else
    ok = FALSE;
  received_iso = received_on != RL_DAY_NONE ? rl_day_to_iso (received_on) : NULL;
  detail = g_strdup_printf ("%s%s%s", normal, received_iso ? ", received " : "",
                            received_iso ? received_iso : "");
  if (!ok || !rl_book_audit (book, "registered", "action", action_id, detail, error)
      || !rl_book_release (book, savepoint, error))
    {
      rl_book_rollback_to (book, savepoint);
      return FALSE;
    }
  return TRUE;
}
