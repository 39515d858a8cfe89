/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-engine"

#include "config.h"

#include "rl-engine.h"

#include <glib/gi18n-lib.h>

#include "rl-book-private.h"
#include "rl-plans-private.h"
#include "rl-error.h"
#include "rl-template.h"

#include <string.h>

/* Editing the plans: new plans, their names and thank-yous, and their steps. Steps stay
 * ordered by their day (position 1 is the earliest); a step that invoices already had stays,
 * so that the history of what was sent keeps its meaning. Every change is audited. All of it
 * runs inside the caller's transaction. */

#define MIN_OFFSET -60
#define MAX_OFFSET 365
#define MAX_GAP 90
#define MAX_KEY_LENGTH 40

typedef struct
{
  gint64    plan_id;
  char     *plan_key;
  int       offset_days;
  RlChannel channel;
  char     *template_key;
  gboolean  needs_approval;
  gboolean  claims_penalties;
  int       min_gap_days;
} StepRow;

static void
step_row_clear (StepRow *row)
{
  g_clear_pointer (&row->plan_key, g_free);
  g_clear_pointer (&row->template_key, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StepRow, step_row_clear)

gboolean
_rl_plans_invalid (GError     **error,
                   const char  *message)
{
  g_set_error_literal (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID, message);
  return FALSE;
}

static const char *
yes_no (gboolean value)
{
  return value ? "yes" : "no";
}

#define step_done _rl_book_step_done
#define invalid _rl_plans_invalid

static gboolean
valid_key (const char *key)
{
  gsize len = key ? strlen (key) : 0;

  if (len == 0 || len > MAX_KEY_LENGTH || !g_ascii_isalnum (key[0]))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (key[i]) && !g_ascii_isdigit (key[i]) && key[i] != '-')
      return FALSE;
  return TRUE;
}

static gboolean
valid_template (const char *template_key)
{
  const char * const *keys = rl_template_default_keys ();

  for (guint i = 0; keys[i] != NULL; i++)
    if (g_strcmp0 (keys[i], template_key) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
validate_step (int          offset_days,
               RlChannel    channel,
               const char  *template_key,
               int          min_gap_days,
               GError     **error)
{
  if (offset_days < MIN_OFFSET || offset_days > MAX_OFFSET)
    return invalid (error, _("a step’s day must be between -60 and 365 days from the due date"));
  if ((guint) channel >= RL_N_CHANNELS)
    return invalid (error, _("a step needs a channel: email, sms, letter, registered_letter, "
                             "call or task"));
  if (!valid_template (template_key))
    {
      g_autofree char *keys = g_strjoinv (", ", (char **) rl_template_default_keys ());

      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID,
                   _("there is no template “%s” (the templates are: %s)"),
                   template_key ? template_key : "", keys);
      return FALSE;
    }
  if (min_gap_days < 0 || min_gap_days > MAX_GAP)
    return invalid (error, _("a step’s minimum gap must be between 0 and 90 days"));
  return TRUE;
}

/* The plan's key, or NULL with @error set when there is no such plan. */
static char *
plan_key (RlBook  *book,
          gint64   plan_id,
          GError **error)
{
  static const char sql[] = "SELECT key FROM plans WHERE id = ?";
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  char *key = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    key = _rl_column_text (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _rl_book_sql_error (book, rc, error);
  else if (key == NULL)
    g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_NOT_FOUND, _("no plan #%lld"),
                 (long long) plan_id);
  return key;
}

static gboolean
load_step (RlBook   *book,
           gint64    step_id,
           StepRow  *row,
           GError  **error)
{
  static const char sql[] =
    "SELECT s.plan_id, p.key, s.offset_days, s.channel, s.template, s.needs_approval,"
    " s.claims_penalties, s.min_gap_days FROM plan_steps s JOIN plans p ON p.id = s.plan_id"
    " WHERE s.id = ?";
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, step_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row->plan_id = sqlite3_column_int64 (stmt, 0);
      row->plan_key = _rl_column_text (stmt, 1);
      row->offset_days = sqlite3_column_int (stmt, 2);
      rl_channel_from_string ((const char *) sqlite3_column_text (stmt, 3), &row->channel);
      row->template_key = _rl_column_text (stmt, 4);
      row->needs_approval = sqlite3_column_int (stmt, 5) != 0;
      row->claims_penalties = sqlite3_column_int (stmt, 6) != 0;
      row->min_gap_days = sqlite3_column_int (stmt, 7);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_NOT_FOUND, _("no plan step #%lld"),
               (long long) step_id);
  return FALSE;
}

/* Refuses a day another step of the plan already has: two steps on one day would leave their
 * order, and which one an invoice gets, to chance. */
static gboolean
check_offset_free (RlBook  *book,
                   gint64   plan_id,
                   int      offset_days,
                   gint64   except_step_id,
                   GError **error)
{
  static const char sql[] =
    "SELECT count(*) FILTER (WHERE offset_days = ?2 AND id <> ?3), count(*)"
    " FROM plan_steps WHERE plan_id = ?1";
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  gint64 n = -1;
  gint64 steps = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  sqlite3_bind_int (stmt, 2, offset_days);
  sqlite3_bind_int64 (stmt, 3, except_step_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      n = sqlite3_column_int64 (stmt, 0);
      steps = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (n < 0)
    return _rl_book_sql_error (book, rc, error);
  if (n > 0)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID,
                   _("the plan already has a step on day %+d"), offset_days);
      return FALSE;
    }
  /* The engine records the steps an invoice jumped over as a set of the plan's steps. */
  if (except_step_id == 0 && steps >= RL_PLAN_MAX_STEPS)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID,
                   _("a plan has at most %d steps"), RL_PLAN_MAX_STEPS);
      return FALSE;
    }
  return TRUE;
}

/* Numbers the plan's steps 1, 2… by day. UNIQUE (plan_id, position) is checked row by row, so
 * the positions are first made negative, out of the way of the new ones. */
gboolean
_rl_plans_renumber (RlBook  *book,
          gint64   plan_id,
          GError **error)
{
  static const char away_sql[] =
    "UPDATE plan_steps SET position = -position WHERE plan_id = ?1";
  static const char order_sql[] =
    "UPDATE plan_steps SET position = (SELECT count(*) FROM plan_steps o"
    " WHERE o.plan_id = ?1 AND o.offset_days <= plan_steps.offset_days)"
    " WHERE plan_id = ?1";
  static const char touch_sql[] = "UPDATE plans SET updated_at = ?2 WHERE id = ?1";
  sqlite3_stmt *stmt;

  stmt = _rl_book_stmt (book, away_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  if (!step_done (book, stmt, error))
    return FALSE;
  stmt = _rl_book_stmt (book, order_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  if (!step_done (book, stmt, error))
    return FALSE;
  stmt = _rl_book_stmt (book, touch_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  sqlite3_bind_text (stmt, 2, _rl_book_now (book), -1, SQLITE_TRANSIENT);
  return step_done (book, stmt, error);
}

/* Reads @sql ("SELECT key, <a text column> FROM plans WHERE id = ?") for @plan_id. */
gboolean
_rl_plans_row (RlBook      *book,
          gint64       plan_id,
          const char  *sql,
          char       **out_key,
          char       **out_value,
          GError     **error)
{
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_key = _rl_column_text (stmt, 0);
      *out_value = _rl_column_text (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  if (*out_key == NULL)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_NOT_FOUND, _("no plan #%lld"),
                   (long long) plan_id);
      return FALSE;
    }
  return TRUE;
}

static char *
describe_step (const char *plan,
               int         offset_days,
               RlChannel   channel,
               const char *template_key,
               gboolean    needs_approval,
               gboolean    claims_penalties,
               int         min_gap_days)
{
  return g_strdup_printf ("plan %s: day %+d, %s, %s, approval %s, penalties %s, gap %d", plan,
                          offset_days, rl_channel_to_string (channel), template_key,
                          yes_no (needs_approval), yes_no (claims_penalties), min_gap_days);
}

/**
 * rl_book_create_plan:
 * @key: the new plan's key: lowercase letters, digits and '-', unique in the book
 * @name: its name for the user
 * @risk_class: 'A' to 'D' to make it the plan of that risk class (the plan that had the class
 *   loses it), or 0 for a plan given to customers by hand
 * @copy_from_key: (nullable): a plan whose steps and thank-you the new plan starts with
 *
 * Creates a plan, without steps unless copied. The shipped plans are created first if the book
 * has none yet, so that they are not lost to a book whose first plan is the user's. Must be
 * called in a transaction.
 *
 * Returns: the new plan's id, or 0 with @error set (%RL_ENGINE_ERROR_INVALID for a bad or taken
 *   key, name or class, %RL_ENGINE_ERROR_NOT_FOUND for an unknown @copy_from_key)
 */
gint64
rl_book_create_plan (RlBook      *book,
                     const char  *key,
                     const char  *name,
                     char         risk_class,
                     const char  *copy_from_key,
                     GError     **error)
{
  static const char exists_sql[] = "SELECT count(*) FROM plans WHERE key = ?";
  static const char holder_sql[] = "SELECT id, key FROM plans WHERE risk_class = ?";
  static const char clear_sql[] =
    "UPDATE plans SET risk_class = NULL, updated_at = ?2 WHERE id = ?1";
  static const char insert_sql[] =
    "INSERT INTO plans (key, name, risk_class, thank_you, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?5)";
  static const char copy_sql[] =
    "INSERT INTO plan_steps (plan_id, position, offset_days, channel, template, needs_approval,"
    " claims_penalties, min_gap_days) SELECT ?1, position, offset_days, channel, template,"
    " needs_approval, claims_penalties, min_gap_days FROM plan_steps WHERE plan_id = ?2"
    " ORDER BY position";
  g_autoptr(RlPlan) source = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *detail = NULL;
  char klass[2] = { risk_class, '\0' };
  sqlite3_stmt *stmt;
  gint64 holder_id = 0, id;
  g_autofree char *holder_key = NULL;
  gint64 n = -1;
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (book), 0);
  g_return_val_if_fail (rl_book_in_transaction (book), 0);

  if (!valid_key (key))
    {
      invalid (error, _("a plan’s key must be 1 to 40 lowercase letters, digits or hyphens, "
                        "starting with a letter or a digit"));
      return 0;
    }
  clean_name = g_strstrip (g_strdup (name ? name : ""));
  if (*clean_name == '\0')
    {
      invalid (error, _("a plan needs a name"));
      return 0;
    }
  if (risk_class != 0 && (risk_class < 'A' || risk_class > 'D'))
    {
      invalid (error, _("a risk class is A, B, C or D"));
      return 0;
    }
  if (!rl_plans_ensure_defaults (book, error))
    return 0;

  stmt = _rl_book_stmt (book, exists_sql, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (n < 0)
    {
      _rl_book_sql_error (book, rc, error);
      return 0;
    }
  if (n > 0)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID,
                   _("there is already a plan “%s”"), key);
      return 0;
    }
  if (copy_from_key != NULL)
    {
      source = rl_book_find_plan (book, copy_from_key, error);
      if (source == NULL)
        {
          if (error == NULL || *error == NULL)
            g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_NOT_FOUND,
                         _("no plan “%s” to copy"), copy_from_key);
          return 0;
        }
    }

  /* The unique index on plans.risk_class: the plan that had the class gives it up first. */
  if (risk_class != 0)
    {
      stmt = _rl_book_stmt (book, holder_sql, error);
      if (stmt == NULL)
        return 0;
      sqlite3_bind_text (stmt, 1, klass, 1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          holder_id = sqlite3_column_int64 (stmt, 0);
          holder_key = _rl_column_text (stmt, 1);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          _rl_book_sql_error (book, rc, error);
          return 0;
        }
      if (holder_id > 0)
        {
          g_autofree char *lost = NULL;

          stmt = _rl_book_stmt (book, clear_sql, error);
          if (stmt == NULL)
            return 0;
          sqlite3_bind_int64 (stmt, 1, holder_id);
          sqlite3_bind_text (stmt, 2, _rl_book_now (book), -1, SQLITE_TRANSIENT);
          if (!step_done (book, stmt, error))
            return 0;
          lost = g_strdup_printf ("plan %s: risk class %c → none (given to %s)", holder_key,
                                  risk_class, key);
          if (!rl_book_audit (book, "update", "plan", holder_id, lost, error))
            return 0;
        }
    }

  stmt = _rl_book_stmt (book, insert_sql, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, clean_name, -1, SQLITE_TRANSIENT);
  if (risk_class != 0)
    sqlite3_bind_text (stmt, 3, klass, 1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, source ? source->thank_you : TRUE);
  sqlite3_bind_text (stmt, 5, _rl_book_now (book), -1, SQLITE_TRANSIENT);
  if (!step_done (book, stmt, error))
    return 0;
  id = sqlite3_last_insert_rowid (_rl_book_get_db (book));

  if (source != NULL)
    {
      stmt = _rl_book_stmt (book, copy_sql, error);
      if (stmt == NULL)
        return 0;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, source->id);
      if (!step_done (book, stmt, error) || !_rl_plans_renumber (book, id, error))
        return 0;
    }

  detail = g_strdup_printf ("plan %s: name “%s”, risk class %s%s%s", key, clean_name,
                            risk_class ? klass : "none",
                            source ? ", steps copied from " : "",
                            source ? source->key : "");
  if (!rl_book_audit (book, "insert", "plan", id, detail, error))
    return 0;
  return id;
}

/**
 * rl_book_add_step:
 * @offset_days: the step's day from the due date, -60 to 365; negative: before it
 * @template_key: one of rl_template_default_keys()
 * @min_gap_days: the days, 0 to 90, since the customer's last contact before this step
 *
 * Adds a step to a plan, in the place its day gives it. Must be called in a transaction.
 *
 * Returns: the new step's id, or 0 with @error set (%RL_ENGINE_ERROR_INVALID for a value out
 *   of range, an unknown template or a day another step has, %RL_ENGINE_ERROR_NOT_FOUND for an
 *   unknown plan)
 */
gint64
rl_book_add_step (RlBook      *book,
                  gint64       plan_id,
                  int          offset_days,
                  RlChannel    channel,
                  const char  *template_key,
                  gboolean     needs_approval,
                  gboolean     claims_penalties,
                  int          min_gap_days,
                  GError     **error)
{
  static const char sql[] =
    "INSERT INTO plan_steps (plan_id, position, offset_days, channel, template, needs_approval,"
    " claims_penalties, min_gap_days) VALUES (?1, (SELECT coalesce (max (position), 0) + 1"
    " FROM plan_steps WHERE plan_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7)";
  g_autofree char *key = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (RL_IS_BOOK (book), 0);
  g_return_val_if_fail (rl_book_in_transaction (book), 0);

  if (!validate_step (offset_days, channel, template_key, min_gap_days, error))
    return 0;
  key = plan_key (book, plan_id, error);
  if (key == NULL || !check_offset_free (book, plan_id, offset_days, 0, error))
    return 0;
  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  sqlite3_bind_int (stmt, 2, offset_days);
  sqlite3_bind_text (stmt, 3, rl_channel_to_string (channel), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, template_key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, needs_approval ? 1 : 0);
  sqlite3_bind_int (stmt, 6, claims_penalties ? 1 : 0);
  sqlite3_bind_int (stmt, 7, min_gap_days);
  if (!step_done (book, stmt, error))
    return 0;
  id = sqlite3_last_insert_rowid (_rl_book_get_db (book));
  if (!_rl_plans_renumber (book, plan_id, error))
    return 0;
  detail = describe_step (key, offset_days, channel, template_key, needs_approval,
                          claims_penalties, min_gap_days);
  if (!rl_book_audit (book, "insert", "plan_step", id, detail, error))
    return 0;
  return id;
}

/**
 * rl_book_update_step:
 *
 * Changes a step, with the same values and checks as rl_book_add_step(); a step given another
 * day moves to its new place. Must be called in a transaction.
 *
 * Returns: %TRUE, or %FALSE with @error set (%RL_ENGINE_ERROR_NOT_FOUND for an unknown step)
 */
gboolean
rl_book_update_step (RlBook      *book,
                     gint64       step_id,
                     int          offset_days,
                     RlChannel    channel,
                     const char  *template_key,
                     gboolean     needs_approval,
                     gboolean     claims_penalties,
                     int          min_gap_days,
                     GError     **error)
{
  static const char sql[] =
    "UPDATE plan_steps SET offset_days = ?2, channel = ?3, template = ?4, needs_approval = ?5,"
    " claims_penalties = ?6, min_gap_days = ?7 WHERE id = ?1";
  g_auto(StepRow) old = { 0 };
  g_autoptr(GString) detail = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (rl_book_in_transaction (book), FALSE);

  if (!validate_step (offset_days, channel, template_key, min_gap_days, error)
      || !load_step (book, step_id, &old, error)
      || !check_offset_free (book, old.plan_id, offset_days, step_id, error))
    return FALSE;

  detail = g_string_new (NULL);
  g_string_printf (detail, "plan %s:", old.plan_key);
  if (old.offset_days != offset_days)
    g_string_append_printf (detail, " day %+d → %+d,", old.offset_days, offset_days);
  if (old.channel != channel)
    g_string_append_printf (detail, " channel %s → %s,", rl_channel_to_string (old.channel),
                            rl_channel_to_string (channel));
  if (g_strcmp0 (old.template_key, template_key) != 0)
    g_string_append_printf (detail, " template %s → %s,", old.template_key, template_key);
  if (old.needs_approval != !!needs_approval)
    g_string_append_printf (detail, " approval %s → %s,", yes_no (old.needs_approval),
                            yes_no (needs_approval));
  if (old.claims_penalties != !!claims_penalties)
    g_string_append_printf (detail, " penalties %s → %s,", yes_no (old.claims_penalties),
                            yes_no (claims_penalties));
  if (old.min_gap_days != min_gap_days)
    g_string_append_printf (detail, " gap %d → %d,", old.min_gap_days, min_gap_days);
  if (detail->str[detail->len - 1] != ',')
    return TRUE;   /* nothing changes */
  g_string_truncate (detail, detail->len - 1);

  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, step_id);
  sqlite3_bind_int (stmt, 2, offset_days);
  sqlite3_bind_text (stmt, 3, rl_channel_to_string (channel), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, template_key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, needs_approval ? 1 : 0);
  sqlite3_bind_int (stmt, 6, claims_penalties ? 1 : 0);
  sqlite3_bind_int (stmt, 7, min_gap_days);
  if (!step_done (book, stmt, error) || !_rl_plans_renumber (book, old.plan_id, error))
    return FALSE;
  return rl_book_audit (book, "update", "plan_step", step_id, detail->str, error);
}

/**
 * rl_book_remove_step:
 *
 * Removes a step from its plan. A step that invoices already had, or that actions were
 * proposed for, stays: the history of what was sent must keep its meaning. Must be called in
 * a transaction.
 *
 * Returns: %TRUE, or %FALSE with @error set (%RL_ENGINE_ERROR_STATE for a step with history,
 *   %RL_ENGINE_ERROR_NOT_FOUND for an unknown step)
 */
gboolean
rl_book_remove_step (RlBook  *book,
                     gint64   step_id,
                     GError **error)
{
  static const char used_sql[] =
    "SELECT EXISTS (SELECT 1 FROM invoice_steps WHERE step_id = ?1)"
    " OR EXISTS (SELECT 1 FROM action_invoices WHERE step_id = ?1)"
    " OR EXISTS (SELECT 1 FROM actions WHERE step_id = ?1)";
  static const char sql[] = "DELETE FROM plan_steps WHERE id = ?";
  g_auto(StepRow) old = { 0 };
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  int used = -1;
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (rl_book_in_transaction (book), FALSE);

  if (!load_step (book, step_id, &old, error))
    return FALSE;
  stmt = _rl_book_stmt (book, used_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, step_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    used = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (used < 0)
    return _rl_book_sql_error (book, rc, error);
  if (used)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE,
                   _("step #%lld cannot be removed: invoices have already had it, and their "
                     "history must stay (change the step instead)"), (long long) step_id);
      return FALSE;
    }
  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, step_id);
  if (!step_done (book, stmt, error) || !_rl_plans_renumber (book, old.plan_id, error))
    return FALSE;
  detail = describe_step (old.plan_key, old.offset_days, old.channel, old.template_key,
                          old.needs_approval, old.claims_penalties, old.min_gap_days);
  return rl_book_audit (book, "delete", "plan_step", step_id, detail, error);
}

/**
 * rl_book_rename_plan:
 * @name: the plan's new name for the user
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
/**
 * rl_book_delete_plan:
 *
 * Deletes a plan and its steps. Refused while customers follow it, while it is the plan of a
 * risk class (every class keeps one), or once invoices have had one of its steps (their history
 * must stay).
 */
gboolean
rl_book_delete_plan (RlBook   *book,
                     gint64    plan_id,
                     GError  **error)
{
  static const char info_sql[] =
    "SELECT key, risk_class,"
    " (SELECT count (*) FROM customers WHERE plan_id = ?1),"
    " (SELECT count (*) FROM plan_steps ps WHERE ps.plan_id = ?1"
    "  AND (EXISTS (SELECT 1 FROM invoice_steps s WHERE s.step_id = ps.id)"
    "       OR EXISTS (SELECT 1 FROM action_invoices ai WHERE ai.step_id = ps.id)"
    "       OR EXISTS (SELECT 1 FROM actions a WHERE a.step_id = ps.id)))"
    " FROM plans WHERE id = ?1";
  static const char delete_sql[] = "DELETE FROM plans WHERE id = ?1";
  sqlite3_stmt *stmt;
  g_autofree char *key = NULL;
  gboolean has_class = FALSE;
  gint64 customers = 0, used_steps = 0;
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (rl_book_in_transaction (book), FALSE);

  stmt = _rl_book_stmt (book, info_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      key = _rl_column_text (stmt, 0);
      has_class = sqlite3_column_type (stmt, 1) != SQLITE_NULL;
      customers = sqlite3_column_int64 (stmt, 2);
      used_steps = sqlite3_column_int64 (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  if (key == NULL)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_NOT_FOUND, _("no plan #%lld"),
                   (long long) plan_id);
      return FALSE;
    }
  if (has_class)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE,
                   _("the plan “%s” is the plan of a risk class: give the class another plan "
                     "first"), key);
      return FALSE;
    }
  if (customers > 0)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%lld customer follows the plan “%s”: give it another plan first",
                                "%lld customers follow the plan “%s”: give them another plan first",
                                customers), (long long) customers, key);
      return FALSE;
    }
  if (used_steps > 0)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE,
                   _("the plan “%s” cannot be deleted: invoices have had its steps, and their "
                     "history must stay"), key);
      return FALSE;
    }
  stmt = _rl_book_stmt (book, delete_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  if (!step_done (book, stmt, error))
    return FALSE;
  return rl_book_audit (book, "delete", "plan", plan_id, key, error);
}

gboolean
rl_book_rename_plan (RlBook      *book,
                     gint64       plan_id,
                     const char  *name,
                     GError     **error)
{
  static const char old_sql[] = "SELECT key, name FROM plans WHERE id = ?";
  static const char sql[] = "UPDATE plans SET name = ?2, updated_at = ?3 WHERE id = ?1";
  g_autofree char *clean_name = NULL;
  g_autofree char *key = NULL, *old_name = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (rl_book_in_transaction (book), FALSE);

  clean_name = g_strstrip (g_strdup (name ? name : ""));
  if (*clean_name == '\0')
    return invalid (error, _("a plan needs a name"));
  if (!_rl_plans_row (book, plan_id, old_sql, &key, &old_name, error))
    return FALSE;
  if (g_strcmp0 (old_name, clean_name) == 0)
    return TRUE;
  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  sqlite3_bind_text (stmt, 2, clean_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, _rl_book_now (book), -1, SQLITE_TRANSIENT);
  if (!step_done (book, stmt, error))
    return FALSE;
  detail = g_strdup_printf ("plan %s: name “%s” → “%s”", key, old_name, clean_name);
  return rl_book_audit (book, "update", "plan", plan_id, detail, error);
}

/**
 * rl_book_set_plan_thank_you:
 * @thank_you: whether customers following the plan are thanked when they settle late invoices
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
rl_book_set_plan_thank_you (RlBook    *book,
                            gint64     plan_id,
                            gboolean   thank_you,
                            GError   **error)
{
  static const char old_sql[] = "SELECT key, thank_you FROM plans WHERE id = ?";
  static const char sql[] = "UPDATE plans SET thank_you = ?2, updated_at = ?3 WHERE id = ?1";
  g_autofree char *key = NULL;
  g_autofree char *detail = NULL;
  gboolean old = FALSE;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (rl_book_in_transaction (book), FALSE);

  stmt = _rl_book_stmt (book, old_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      key = _rl_column_text (stmt, 0);
      old = sqlite3_column_int (stmt, 1) != 0;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  if (key == NULL)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_NOT_FOUND, _("no plan #%lld"),
                   (long long) plan_id);
      return FALSE;
    }
  if (old == !!thank_you)
    return TRUE;
  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  sqlite3_bind_int (stmt, 2, thank_you ? 1 : 0);
  sqlite3_bind_text (stmt, 3, _rl_book_now (book), -1, SQLITE_TRANSIENT);
  if (!step_done (book, stmt, error))
    return FALSE;
  detail = g_strdup_printf ("plan %s: thank-you %s → %s", key, yes_no (old),
                            yes_no (thank_you));
  return rl_book_audit (book, "update", "plan", plan_id, detail, error);
}

/* Where a step is: its plan and its day. */
gboolean
_rl_plans_step_place (RlBook   *book,
                      gint64    step_id,
                      gint64   *out_plan_id,
                      char    **out_plan_key,
                      int      *out_offset_days,
                      GError  **error)
{
  g_auto(StepRow) row = { 0 };

  if (!load_step (book, step_id, &row, error))
    return FALSE;
  *out_plan_id = row.plan_id;
  *out_plan_key = g_steal_pointer (&row.plan_key);
  *out_offset_days = row.offset_days;
  return TRUE;
}
