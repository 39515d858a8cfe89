/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-engine"

#include "config.h"

#include "rl-engine.h"

#include <glib/gi18n-lib.h>

#include "rl-book-private.h"
#include "rl-error.h"

G_DEFINE_QUARK (rl-engine-error-quark, rl_engine_error)

static const char * const channel_names[RL_N_CHANNELS] = {
  "email", "sms", "letter", "registered_letter", "call", "task",
};

static const char * const state_names[] = {
  "proposed", "approved", "sending", "done", "failed", "in_doubt", "cancelled", "skipped",
};

const char *
rl_channel_to_string (RlChannel channel)
{
  g_return_val_if_fail (channel < RL_N_CHANNELS, "task");
  return channel_names[channel];
}

gboolean
rl_channel_from_string (const char *s,
                        RlChannel  *out)
{
  for (int i = 0; i < RL_N_CHANNELS; i++)
    if (g_strcmp0 (s, channel_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
rl_channel_label (RlChannel channel)
{
  switch (channel)
    {
    case RL_CHANNEL_EMAIL:
      return _("email");
    case RL_CHANNEL_SMS:
      return _("SMS");
    case RL_CHANNEL_LETTER:
      return _("letter");
    case RL_CHANNEL_REGISTERED_LETTER:
      return _("registered letter");
    case RL_CHANNEL_CALL:
      return _("phone call");
    case RL_CHANNEL_TASK:
    case RL_N_CHANNELS:
    default:
      return _("task");
    }
}

const char *
rl_action_state_to_string (RlActionState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (state_names), "proposed");
  return state_names[state];
}

gboolean
rl_action_state_from_string (const char    *s,
                             RlActionState *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (s, state_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
rl_action_state_label (RlActionState state)
{
  switch (state)
    {
    case RL_ACTION_PROPOSED:
      return C_("action state", "proposed");
    case RL_ACTION_APPROVED:
      return C_("action state", "approved");
    case RL_ACTION_SENDING:
      return C_("action state", "sending");
    case RL_ACTION_DONE:
      return C_("action state", "done");
    case RL_ACTION_FAILED:
      return C_("action state", "failed");
    case RL_ACTION_IN_DOUBT:
      return C_("action state", "in doubt");
    case RL_ACTION_CANCELLED:
      return C_("action state", "cancelled");
    case RL_ACTION_SKIPPED:
    default:
      return C_("action state", "skipped");
    }
}

/**
 * rl_step_label:
 * @template_key: a step's template
 *
 * Returns: what the step is, in words for the user ("Firm reminder")
 */
const char *
rl_step_label (const char *template_key)
{
  static const struct { const char *key; const char *label; } labels[] = {
    { "courtesy", N_("Courtesy reminder") },
    { "reminder", N_("Reminder") },
    { "reminder_firm", N_("Firm reminder") },
    { "call_script", N_("Phone call") },
    { "final_notice", N_("Final notice") },
    { "formal_notice", N_("Formal notice") },
    { "sms", N_("SMS reminder") },
    { "thank_you", N_("Thank-you") },
    { "statement", N_("E-mail with an account statement") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (template_key, labels[i].key) == 0)
      return _(labels[i].label);
  return template_key;
}

static void
plan_step_free (RlPlanStep *step)
{
  g_free (step->template_key);
  g_free (step);
}

void
rl_plan_free (RlPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->key);
  g_free (plan->name);
  g_clear_pointer (&plan->steps, g_ptr_array_unref);
  g_free (plan);
}

void
rl_action_free (RlAction *a)
{
  if (a == NULL)
    return;
  g_free (a->key);
  g_free (a->customer_code);
  g_free (a->customer_name);
  g_free (a->template_key);
  g_clear_pointer (&a->invoice_ids, g_array_unref);
  g_free (a->reason);
  g_free (a->outcome);
  g_free (a->note);
  g_free (a->registered_number);
  g_free (a);
}

void
rl_run_report_free (RlRunReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->new_actions, g_ptr_array_unref);
  g_free (report);
}

/* The shipped plans, one per risk class, as a French credit manager sets them: the better the
 * payer, the later and softer the first reminder and the longer before a formal notice; a call
 * always comes before the formal notice. The user may rename and edit them. */
typedef struct
{
  int         offset;
  RlChannel   channel;
  const char *template_key;
  gboolean    needs_approval;
  gboolean    claims_penalties;
  int         min_gap;
} DefaultStep;

typedef struct
{
  const char        *key;
  const char        *name;        /* N_() */
  char               risk_class;
  const DefaultStep *steps;
  guint              n_steps;
} DefaultPlan;

static const DefaultStep reliable_steps[] = {
  { 5, RL_CHANNEL_EMAIL, "reminder", FALSE, FALSE, 0 },
  { 15, RL_CHANNEL_EMAIL, "reminder_firm", TRUE, FALSE, 7 },
  { 25, RL_CHANNEL_CALL, "call_script", TRUE, FALSE, 7 },
  { 40, RL_CHANNEL_LETTER, "final_notice", TRUE, TRUE, 10 },
  { 55, RL_CHANNEL_REGISTERED_LETTER, "formal_notice", TRUE, TRUE, 10 },
};

static const DefaultStep usual_steps[] = {
  { -3, RL_CHANNEL_EMAIL, "courtesy", FALSE, FALSE, 0 },
  { 3, RL_CHANNEL_EMAIL, "reminder", FALSE, FALSE, 3 },
  { 12, RL_CHANNEL_EMAIL, "reminder_firm", TRUE, TRUE, 7 },
  { 20, RL_CHANNEL_CALL, "call_script", TRUE, FALSE, 5 },
  { 30, RL_CHANNEL_LETTER, "final_notice", TRUE, TRUE, 7 },
  { 45, RL_CHANNEL_REGISTERED_LETTER, "formal_notice", TRUE, TRUE, 10 },
};

static const DefaultStep late_steps[] = {
  { -5, RL_CHANNEL_EMAIL, "courtesy", FALSE, FALSE, 0 },
  { 1, RL_CHANNEL_EMAIL, "reminder", FALSE, FALSE, 3 },
  { 7, RL_CHANNEL_CALL, "call_script", TRUE, FALSE, 3 },
  { 14, RL_CHANNEL_LETTER, "final_notice", TRUE, TRUE, 5 },
  { 25, RL_CHANNEL_REGISTERED_LETTER, "formal_notice", TRUE, TRUE, 7 },
};

static const DefaultStep risky_steps[] = {
  { -7, RL_CHANNEL_EMAIL, "courtesy", FALSE, FALSE, 0 },
  { 1, RL_CHANNEL_EMAIL, "reminder", FALSE, TRUE, 0 },
  { 5, RL_CHANNEL_CALL, "call_script", TRUE, FALSE, 3 },
  { 10, RL_CHANNEL_LETTER, "final_notice", TRUE, TRUE, 4 },
  { 20, RL_CHANNEL_REGISTERED_LETTER, "formal_notice", TRUE, TRUE, 7 },
};

static const DefaultPlan default_plans[] = {
  { "reliable", N_("Reliable payer"), 'A', reliable_steps, G_N_ELEMENTS (reliable_steps) },
  { "usual", N_("Usual payer"), 'B', usual_steps, G_N_ELEMENTS (usual_steps) },
  { "often-late", N_("Often late"), 'C', late_steps, G_N_ELEMENTS (late_steps) },
  { "high-risk", N_("High risk"), 'D', risky_steps, G_N_ELEMENTS (risky_steps) },
};

/**
 * rl_plans_ensure_defaults:
 *
 * Creates the shipped plans, one per risk class, in a book that has no plan yet. A book whose
 * user has edited or removed them keeps its own.
 */
gboolean
rl_plans_ensure_defaults (RlBook  *book,
                          GError **error)
{
  static const char count_sql[] = "SELECT count(*) FROM plans";
  static const char plan_sql[] =
    "INSERT INTO plans (key, name, risk_class, thank_you, created_at, updated_at)"
    " VALUES (?, ?, ?, 1, ?4, ?4)";
  static const char step_sql[] =
    "INSERT INTO plan_steps (plan_id, position, offset_days, channel, template, needs_approval,"
    " claims_penalties, min_gap_days) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  sqlite3_stmt *stmt = _rl_book_stmt (book, count_sql, error);
  int rc;
  gint64 n;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  n = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
  sqlite3_reset (stmt);
  if (n < 0)
    return _rl_book_sql_error (book, rc, error);
  if (n > 0)
    return TRUE;

  for (guint p = 0; p < G_N_ELEMENTS (default_plans); p++)
    {
      const DefaultPlan *dp = &default_plans[p];
      char klass[2] = { dp->risk_class, '\0' };
      gint64 plan_id;

      stmt = _rl_book_stmt (book, plan_sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, dp->key, -1, SQLITE_STATIC);
      /* Stored in English, shown translated (rl_plan_label) until the user renames it. */
      sqlite3_bind_text (stmt, 2, dp->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, klass, 1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, _rl_book_now (book), -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return _rl_book_sql_error (book, rc, error);
      plan_id = sqlite3_last_insert_rowid (_rl_book_get_db (book));

      for (guint s = 0; s < dp->n_steps; s++)
        {
          const DefaultStep *ds = &dp->steps[s];

          stmt = _rl_book_stmt (book, step_sql, error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, plan_id);
          sqlite3_bind_int (stmt, 2, s + 1);
          sqlite3_bind_int (stmt, 3, ds->offset);
          sqlite3_bind_text (stmt, 4, rl_channel_to_string (ds->channel), -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 5, ds->template_key, -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 6, ds->needs_approval);
          sqlite3_bind_int (stmt, 7, ds->claims_penalties);
          sqlite3_bind_int (stmt, 8, ds->min_gap);
          rc = sqlite3_step (stmt);
          sqlite3_reset (stmt);
          if (rc != SQLITE_DONE)
            return _rl_book_sql_error (book, rc, error);
        }
    }
  return rl_book_audit (book, "insert", "plan", 0, "shipped plans", error);
}

/**
 * rl_plan_label:
 *
 * Returns: the plan's name for the user: a shipped plan's name translated, unless renamed
 */
const char *
rl_plan_label (const RlPlan *plan)
{
  for (guint i = 0; i < G_N_ELEMENTS (default_plans); i++)
    if (g_strcmp0 (plan->key, default_plans[i].key) == 0
        && g_strcmp0 (plan->name, default_plans[i].name) == 0)
      return _(default_plans[i].name);
  return plan->name;
}

static gboolean
load_steps (RlBook  *book,
            RlPlan  *plan,
            GError **error)
{
  static const char sql[] =
    "SELECT id, position, offset_days, channel, template, needs_approval, claims_penalties,"
    " min_gap_days FROM plan_steps WHERE plan_id = ? ORDER BY position";
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  plan->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) plan_step_free);
  sqlite3_bind_int64 (stmt, 1, plan->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RlPlanStep *s = g_new0 (RlPlanStep, 1);

      s->id = sqlite3_column_int64 (stmt, 0);
      s->position = sqlite3_column_int (stmt, 1);
      s->offset_days = sqlite3_column_int (stmt, 2);
      rl_channel_from_string ((const char *) sqlite3_column_text (stmt, 3), &s->channel);
      s->template_key = _rl_column_text (stmt, 4);
      s->needs_approval = sqlite3_column_int (stmt, 5) != 0;
      s->claims_penalties = sqlite3_column_int (stmt, 6) != 0;
      s->min_gap_days = sqlite3_column_int (stmt, 7);
      g_ptr_array_add (plan->steps, s);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  return TRUE;
}

/**
 * rl_book_list_plans:
 *
 * Returns: (transfer full) (element-type RlPlan): the plans with their steps, by risk class
 *   then name
 */
GPtrArray *
rl_book_list_plans (RlBook  *book,
                    GError **error)
{
  static const char sql[] =
    "SELECT id, key, name, risk_class, thank_you FROM plans"
    " ORDER BY risk_class IS NULL, risk_class, name";
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_plan_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (_rl_book_get_db (book), sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _rl_book_sql_error (book, rc, error);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RlPlan *p = g_new0 (RlPlan, 1);
      const char *klass = (const char *) sqlite3_column_text (stmt, 3);

      p->id = sqlite3_column_int64 (stmt, 0);
      p->key = _rl_column_text (stmt, 1);
      p->name = _rl_column_text (stmt, 2);
      p->risk_class = klass ? klass[0] : 0;
      p->thank_you = sqlite3_column_int (stmt, 4) != 0;
      g_ptr_array_add (plans, p);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _rl_book_sql_error (book, rc, error);
      return NULL;
    }
  for (guint i = 0; i < plans->len; i++)
    if (!load_steps (book, g_ptr_array_index (plans, i), error))
      return NULL;
  return g_steal_pointer (&plans);
}

/**
 * rl_book_find_plan:
 * @key: the plan's key ("usual", "high-risk"…)
 *
 * Returns: (transfer full) (nullable): the plan, or %NULL without error if there is none
 */
RlPlan *
rl_book_find_plan (RlBook      *book,
                   const char  *key,
                   GError     **error)
{
  g_autoptr(GPtrArray) plans = rl_book_list_plans (book, error);

  if (plans == NULL)
    return NULL;
  for (guint i = 0; i < plans->len; i++)
    {
      RlPlan *p = g_ptr_array_index (plans, i);

      if (g_strcmp0 (p->key, key) == 0)
        return g_ptr_array_steal_index (plans, i);
    }
  return NULL;
}

static gboolean
update_customer (RlBook      *book,
                 const char  *sql,
                 gint64       customer_id,
                 gint64       value,
                 gboolean     null_value,
                 const char  *detail,
                 GError     **error)
{
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (!null_value)
    sqlite3_bind_int64 (stmt, 1, value);
  sqlite3_bind_int64 (stmt, 2, customer_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  if (sqlite3_changes (_rl_book_get_db (book)) == 0)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_NOT_FOUND, _("no customer #%lld"),
                   (long long) customer_id);
      return FALSE;
    }
  return rl_book_audit (book, "update", "customer", customer_id, detail, error);
}

/**
 * rl_book_set_customer_plan:
 * @plan_id: the customer's own plan, or 0 to follow its risk class again
 */
gboolean
rl_book_set_customer_plan (RlBook  *book,
                           gint64   customer_id,
                           gint64   plan_id,
                           GError **error)
{
  static const char sql[] = "UPDATE customers SET plan_id = ?1 WHERE id = ?2";
  g_autofree char *detail = plan_id > 0 ? g_strdup_printf ("plan: #%lld", (long long) plan_id)
                                        : g_strdup ("plan: by risk class");

  return update_customer (book, sql, customer_id, plan_id, plan_id <= 0, detail, error);
}

gboolean
rl_book_set_never_chase (RlBook    *book,
                         gint64     customer_id,
                         gboolean   never,
                         GError   **error)
{
  static const char sql[] = "UPDATE customers SET never_chase = ?1 WHERE id = ?2";

  return update_customer (book, sql, customer_id, never ? 1 : 0, FALSE,
                          never ? "never chase: yes" : "never chase: no", error);
}
