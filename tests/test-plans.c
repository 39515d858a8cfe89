/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rl-book-private.h"
#include "rl-engine.h"
#include "rl-error.h"
#include "rl-test-util.h"

/* Editing plans: new plans and risk classes, steps kept in order of their day, what is
 * refused, the audit log, and a run that follows the edited plan. */

typedef RlTestBook Fixture;

#define day rl_test_day

static RlPlan *
find_plan (RlBook     *book,
           const char *key)
{
  g_autoptr(GError) error = NULL;
  RlPlan *plan = rl_book_find_plan (book, key, &error);

  g_assert_no_error (error);
  g_assert_nonnull (plan);
  return plan;
}

/* The plan's steps as "day:template" joined by spaces, checking their positions are 1, 2… in
 * order of their days. */
static char *
plan_steps (RlBook     *book,
            const char *key)
{
  g_autoptr(RlPlan) plan = find_plan (book, key);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < plan->steps->len; i++)
    {
      RlPlanStep *s = g_ptr_array_index (plan->steps, i);

      g_assert_cmpint (s->position, ==, i + 1);
      if (i > 0)
        g_assert_cmpint (s->offset_days, >,
                         ((RlPlanStep *) g_ptr_array_index (plan->steps, i - 1))->offset_days);
      g_string_append_printf (out, "%s%+d:%s", out->len ? " " : "", s->offset_days,
                              s->template_key);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gint64
step_id_at (RlBook     *book,
            const char *key,
            int         offset_days)
{
  g_autoptr(RlPlan) plan = find_plan (book, key);

  for (guint i = 0; i < plan->steps->len; i++)
    {
      RlPlanStep *s = g_ptr_array_index (plan->steps, i);

      if (s->offset_days == offset_days)
        return s->id;
    }
  g_assert_not_reached ();
}

/* The details of the audit lines about @entity, oldest first, joined by " | ". */
static char *
audit_details (RlBook     *book,
               const char *entity)
{
  static const char sql[] =
    "SELECT coalesce (detail, '') FROM audit_log WHERE entity = ? ORDER BY id";
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, NULL);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s%s", out->len ? " | " : "",
                            (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Creates "mine", a copy of "usual", in its own transaction. */
static gint64
create_mine (RlBook *book,
             char    risk_class)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_true (rl_book_begin (book, NULL));
  id = rl_book_create_plan (book, "mine", "My plan", risk_class, "usual", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_true (rl_book_commit (book, NULL));
  return id;
}

static void
test_create_takes_risk_class (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlPlan) mine = NULL, reliable = NULL, bare = NULL;
  g_autofree char *usual_steps = NULL, *mine_steps = NULL, *audit = NULL;
  gint64 id, bare_id;

  /* The book has no plan yet: the shipped ones are created first, then the copy. */
  id = create_mine (f->book, 'A');
  mine = find_plan (f->book, "mine");
  reliable = find_plan (f->book, "reliable");
  g_assert_cmpint (mine->id, ==, id);
  g_assert_cmpstr (mine->name, ==, "My plan");
  g_assert_cmpint (mine->risk_class, ==, 'A');
  g_assert_true (mine->thank_you);
  g_assert_cmpint (reliable->risk_class, ==, 0);
  usual_steps = plan_steps (f->book, "usual");
  mine_steps = plan_steps (f->book, "mine");
  g_assert_cmpstr (mine_steps, ==, usual_steps);
  g_assert_cmpstr (mine_steps, ==,
                   "-3:courtesy +3:reminder +12:reminder_firm +20:call_script +30:final_notice "
                   "+45:formal_notice");

  /* A plan without class or steps. */
  g_assert_true (rl_book_begin (f->book, NULL));
  bare_id = rl_book_create_plan (f->book, "by-hand-2", "  By hand  ", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (rl_book_commit (f->book, NULL));
  bare = find_plan (f->book, "by-hand-2");
  g_assert_cmpint (bare->id, ==, bare_id);
  g_assert_cmpstr (bare->name, ==, "By hand");
  g_assert_cmpint (bare->risk_class, ==, 0);
  g_assert_cmpuint (bare->steps->len, ==, 0);

  audit = audit_details (f->book, "plan");
  g_assert_cmpstr (audit, ==,
                   "shipped plans"
                   " | plan reliable: risk class A → none (given to mine)"
                   " | plan mine: name “My plan”, risk class A, steps copied from usual"
                   " | plan by-hand-2: name “By hand”, risk class none");
}

static void
test_create_refusals (Fixture       *f,
                      gconstpointer  data)
{
  static const struct
  {
    const char *key;
    const char *name;
    char        risk_class;
    const char *copy_from;
    int         code;
  } cases[] = {
    { "usual", "Again", 0, NULL, RL_ENGINE_ERROR_INVALID },
    { "", "Empty key", 0, NULL, RL_ENGINE_ERROR_INVALID },
    { "Upper", "Upper case", 0, NULL, RL_ENGINE_ERROR_INVALID },
    { "-dash", "Leading dash", 0, NULL, RL_ENGINE_ERROR_INVALID },
    { "with space", "Space", 0, NULL, RL_ENGINE_ERROR_INVALID },
    { "no-name", "   ", 0, NULL, RL_ENGINE_ERROR_INVALID },
    { "bad-class", "Bad class", 'E', NULL, RL_ENGINE_ERROR_INVALID },
    { "no-source", "Copy", 'B', "nope", RL_ENGINE_ERROR_NOT_FOUND },
  };
  gint64 audit_before;

  g_assert_true (rl_book_begin (f->book, NULL));
  g_assert_true (rl_plans_ensure_defaults (f->book, NULL));
  g_assert_true (rl_book_commit (f->book, NULL));
  audit_before = rl_book_count_audit (f->book);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RlPlan) usual = NULL;

      g_assert_true (rl_book_begin (f->book, NULL));
      g_assert_cmpint (rl_book_create_plan (f->book, cases[i].key, cases[i].name,
                                            cases[i].risk_class, cases[i].copy_from, &error),
                       ==, 0);
      g_assert_error (error, RL_ENGINE_ERROR, cases[i].code);
      g_test_message ("%s: %s", cases[i].key, error->message);
      rl_book_rollback (f->book);
      usual = find_plan (f->book, "usual");
      g_assert_cmpint (usual->risk_class, ==, 'B');
    }
  g_assert_cmpint (rl_book_count_audit (f->book), ==, audit_before);
}

static void
test_steps_stay_ordered (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *s1 = NULL, *s2 = NULL, *s3 = NULL, *s4 = NULL, *audit = NULL;
  gint64 plan_id = create_mine (f->book, 0);
  gint64 id, reminder_id;

  g_assert_true (rl_book_begin (f->book, NULL));
  id = rl_book_add_step (f->book, plan_id, 2, RL_CHANNEL_SMS, "sms", FALSE, FALSE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (rl_book_add_step (f->book, plan_id, -60, RL_CHANNEL_EMAIL, "courtesy", FALSE,
                                     FALSE, 0, &error), >, 0);
  g_assert_cmpint (rl_book_add_step (f->book, plan_id, 365, RL_CHANNEL_TASK, "call_script", TRUE,
                                     FALSE, 90, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (rl_book_commit (f->book, NULL));
  s1 = plan_steps (f->book, "mine");
  g_assert_cmpstr (s1, ==,
                   "-60:courtesy -3:courtesy +2:sms +3:reminder +12:reminder_firm +20:call_script "
                   "+30:final_notice +45:formal_notice +365:call_script");

  /* Moved past others, and back before them. */
  g_assert_true (rl_book_begin (f->book, NULL));
  g_assert_true (rl_book_update_step (f->book, id, 25, RL_CHANNEL_LETTER, "final_notice", TRUE,
                                      TRUE, 5, &error));
  g_assert_no_error (error);
  g_assert_true (rl_book_commit (f->book, NULL));
  s2 = plan_steps (f->book, "mine");
  g_assert_cmpstr (s2, ==,
                   "-60:courtesy -3:courtesy +3:reminder +12:reminder_firm +20:call_script "
                   "+25:final_notice +30:final_notice +45:formal_notice +365:call_script");
  reminder_id = step_id_at (f->book, "mine", 3);
  g_assert_true (rl_book_begin (f->book, NULL));
  g_assert_true (rl_book_update_step (f->book, reminder_id, -10, RL_CHANNEL_EMAIL, "reminder",
                                      FALSE, FALSE, 3, &error));
  g_assert_no_error (error);
  /* The same values again change nothing and write no audit line. */
  g_assert_true (rl_book_update_step (f->book, reminder_id, -10, RL_CHANNEL_EMAIL, "reminder",
                                      FALSE, FALSE, 3, &error));
  g_assert_true (rl_book_commit (f->book, NULL));
  s3 = plan_steps (f->book, "mine");
  g_assert_cmpstr (s3, ==,
                   "-60:courtesy -10:reminder -3:courtesy +12:reminder_firm +20:call_script "
                   "+25:final_notice +30:final_notice +45:formal_notice +365:call_script");

  g_assert_true (rl_book_begin (f->book, NULL));
  g_assert_true (rl_book_remove_step (f->book, id, &error));
  g_assert_true (rl_book_remove_step (f->book, step_id_at (f->book, "mine", -60), &error));
  g_assert_no_error (error);
  g_assert_true (rl_book_commit (f->book, NULL));
  s4 = plan_steps (f->book, "mine");
  g_assert_cmpstr (s4, ==,
                   "-10:reminder -3:courtesy +12:reminder_firm +20:call_script "
                   "+30:final_notice +45:formal_notice +365:call_script");

  /* The shipped plan it was copied from is untouched. */
  g_free (s1);
  s1 = plan_steps (f->book, "usual");
  g_assert_cmpstr (s1, ==,
                   "-3:courtesy +3:reminder +12:reminder_firm +20:call_script +30:final_notice "
                   "+45:formal_notice");

  audit = audit_details (f->book, "plan_step");
  g_assert_cmpstr (audit, ==,
                   "plan mine: day +2, sms, sms, approval no, penalties no, gap 0"
                   " | plan mine: day -60, email, courtesy, approval no, penalties no, gap 0"
                   " | plan mine: day +365, task, call_script, approval yes, penalties no, gap 90"
                   " | plan mine: day +2 → +25, channel sms → letter, template sms → final_notice,"
                   " approval no → yes, penalties no → yes, gap 0 → 5"
                   " | plan mine: day +3 → -10"
                   " | plan mine: day +25, letter, final_notice, approval yes, penalties yes, gap 5"
                   " | plan mine: day -60, email, courtesy, approval no, penalties no, gap 0");
}

static gint64
plan_step_count (RlBook *book,
                 gint64  plan_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM plan_steps WHERE plan_id = %lld",
                                          (long long) plan_id);

  return _rl_book_query_int64 (book, sql);
}

static void
test_step_refusals (Fixture       *f,
                    gconstpointer  data)
{
  static const struct
  {
    int         offset;
    RlChannel   channel;
    const char *template_key;
    int         gap;
  } cases[] = {
    { -61, RL_CHANNEL_EMAIL, "reminder", 0 },
    { 366, RL_CHANNEL_EMAIL, "reminder", 0 },
    { 5, RL_CHANNEL_EMAIL, "nope", 0 },
    { 5, RL_CHANNEL_EMAIL, NULL, 0 },
    { 5, RL_CHANNEL_EMAIL, "reminder", -1 },
    { 5, RL_CHANNEL_EMAIL, "reminder", 91 },
    { 5, RL_N_CHANNELS, "reminder", 0 },
    { 12, RL_CHANNEL_SMS, "sms", 0 },          /* the firm reminder's day */
  };
  gint64 plan_id = create_mine (f->book, 0);
  gint64 firm_id = step_id_at (f->book, "mine", 12);
  g_autofree char *before = plan_steps (f->book, "mine");
  gint64 audit_before = rl_book_count_audit (f->book);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) update_error = NULL;

      g_assert_true (rl_book_begin (f->book, NULL));
      g_assert_cmpint (rl_book_add_step (f->book, plan_id, cases[i].offset, cases[i].channel,
                                         cases[i].template_key, TRUE, FALSE, cases[i].gap,
                                         &error), ==, 0);
      g_assert_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID);
      g_test_message ("add: %s", error->message);
      /* The step on day +3 given the same values. */
      g_assert_false (rl_book_update_step (f->book, step_id_at (f->book, "mine", 3),
                                           cases[i].offset, cases[i].channel,
                                           cases[i].template_key, TRUE, FALSE, cases[i].gap,
                                           &update_error));
      g_assert_error (update_error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID);
      rl_book_rollback (f->book);
    }

  {
    g_autoptr(GError) e1 = NULL, e2 = NULL, e3 = NULL, e4 = NULL, e5 = NULL;
    g_autofree char *after = NULL;

    g_assert_true (rl_book_begin (f->book, NULL));
    g_assert_cmpint (rl_book_add_step (f->book, 9999, 5, RL_CHANNEL_EMAIL, "reminder", TRUE,
                                       FALSE, 0, &e1), ==, 0);
    g_assert_error (e1, RL_ENGINE_ERROR, RL_ENGINE_ERROR_NOT_FOUND);
    g_assert_false (rl_book_update_step (f->book, 9999, 5, RL_CHANNEL_EMAIL, "reminder", TRUE,
                                         FALSE, 0, &e2));
    g_assert_error (e2, RL_ENGINE_ERROR, RL_ENGINE_ERROR_NOT_FOUND);
    g_assert_false (rl_book_remove_step (f->book, 9999, &e3));
    g_assert_error (e3, RL_ENGINE_ERROR, RL_ENGINE_ERROR_NOT_FOUND);
    g_assert_false (rl_book_rename_plan (f->book, plan_id, " ", &e4));
    g_assert_error (e4, RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID);
    rl_book_rollback (f->book);

    /* A plan holds at most RL_PLAN_MAX_STEPS steps: the next one is refused, with why. */
    g_assert_true (rl_book_begin (f->book, NULL));
    for (int day = 100; plan_step_count (f->book, plan_id) < RL_PLAN_MAX_STEPS; day++)
      g_assert_cmpint (rl_book_add_step (f->book, plan_id, day, RL_CHANNEL_EMAIL, "reminder",
                                         TRUE, FALSE, 0, NULL), >, 0);
    g_assert_cmpint (rl_book_add_step (f->book, plan_id, 300, RL_CHANNEL_EMAIL, "reminder", TRUE,
                                       FALSE, 0, &e5), ==, 0);
    g_assert_error (e5, RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID);
    g_assert_nonnull (strstr (e5->message, "32"));
    rl_book_rollback (f->book);
    after = plan_steps (f->book, "mine");
    g_assert_cmpstr (after, ==, before);
    g_assert_cmpint (step_id_at (f->book, "mine", 12), ==, firm_id);
    g_assert_cmpint (rl_book_count_audit (f->book), ==, audit_before);
  }
}

static void
test_rename_and_thank_you (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlPlan) plan = NULL;
  g_autofree char *audit = NULL;
  gint64 plan_id = create_mine (f->book, 'C');
  gint64 audit_before;

  g_assert_true (rl_book_begin (f->book, NULL));
  g_assert_true (rl_book_rename_plan (f->book, plan_id, "Relances douces", &error));
  g_assert_true (rl_book_set_plan_thank_you (f->book, plan_id, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (rl_book_commit (f->book, NULL));
  plan = find_plan (f->book, "mine");
  g_assert_cmpstr (plan->name, ==, "Relances douces");
  g_assert_cmpstr (rl_plan_label (plan), ==, "Relances douces");
  g_assert_false (plan->thank_you);

  /* No change, no audit line. */
  audit_before = rl_book_count_audit (f->book);
  g_assert_true (rl_book_begin (f->book, NULL));
  g_assert_true (rl_book_rename_plan (f->book, plan_id, "Relances douces", &error));
  g_assert_true (rl_book_set_plan_thank_you (f->book, plan_id, FALSE, &error));
  g_assert_true (rl_book_commit (f->book, NULL));
  g_assert_cmpint (rl_book_count_audit (f->book), ==, audit_before);

  audit = audit_details (f->book, "plan");
  g_assert_true (g_str_has_suffix (audit, " | plan mine: name “My plan” → “Relances douces”"
                                          " | plan mine: thank-you yes → no"));
}

/* A customer following "mine", with one invoice due on 2026-10-01. */
static gint64
customer_on_mine (RlBook *book)
{
  g_autoptr(RlCustomer) c = rl_customer_new ();
  g_autoptr(RlInvoice) inv = rl_invoice_new ();
  g_autoptr(RlPlan) mine = find_plan (book, "mine");
  g_autoptr(GError) error = NULL;
  RlImportCounts counts = { 0 };
  gint64 import_id;

  c->code = g_strdup ("C1");
  c->name = g_strdup ("Client C1");
  g_assert_true (rl_book_upsert_customer (book, c, 0, NULL, &error));
  inv->number = g_strdup ("FA1");
  inv->customer_id = c->id;
  inv->due_date = day ("2026-10-01");
  inv->issue_date = inv->due_date - 30;
  inv->amount = 100000;
  g_assert_true (rl_book_upsert_invoice (book, inv, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rl_book_begin (book, NULL));
  g_assert_true (rl_book_set_customer_plan (book, c->id, mine->id, NULL));
  import_id = rl_book_begin_import (book, "bank.csv", "x", "csv-payments", NULL);
  g_assert_cmpint (import_id, >, 0);
  g_assert_true (rl_book_finish_import (book, import_id, &counts, NULL));
  g_assert_true (rl_book_commit (book, NULL));
  rl_book_set_setting (book, "stale-days", "1000", NULL);
  return c->id;
}

/* Runs on @iso and returns the templates proposed, joined by spaces; approves and carries
 * out every action. */
static char *
run_on (RlBook     *book,
        const char *iso)
{
  g_autoptr(RlRunReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_true (rl_engine_run (book, day (iso), FALSE, &report, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < report->new_actions->len; i++)
    {
      RlAction *a = g_ptr_array_index (report->new_actions, i);

      g_string_append_printf (out, "%s%s", out->len ? " " : "", a->template_key);
      g_assert_true (rl_book_begin (book, NULL));
      if (a->state == RL_ACTION_PROPOSED)
        g_assert_true (rl_book_set_action_state (book, a->id, RL_ACTION_APPROVED, NULL,
                                                 day (iso), &error));
      g_assert_true (rl_book_set_action_state (book, a->id, RL_ACTION_DONE, NULL, day (iso),
                                               &error));
      g_assert_no_error (error);
      g_assert_true (rl_book_commit (book, NULL));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_history_stays (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL, *steps = NULL;
  gint64 courtesy_id;

  create_mine (f->book, 0);
  customer_on_mine (f->book);
  courtesy_id = step_id_at (f->book, "mine", -3);
  got = run_on (f->book, "2026-09-28");
  g_assert_cmpstr (got, ==, "courtesy");

  /* The invoice had the courtesy step: it stays. A step it has not had yet may go. */
  g_assert_true (rl_book_begin (f->book, NULL));
  g_assert_false (rl_book_remove_step (f->book, courtesy_id, &error));
  g_assert_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE);
  g_assert_true (rl_book_remove_step (f->book, step_id_at (f->book, "mine", 45), NULL));
  g_assert_true (rl_book_commit (f->book, NULL));
  steps = plan_steps (f->book, "mine");
  g_assert_cmpstr (steps, ==,
                   "-3:courtesy +3:reminder +12:reminder_firm +20:call_script +30:final_notice");
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlPlan) reliable = NULL;
  g_autoptr(RlPlan) gone = NULL;
  g_autoptr(RlCustomer) c = NULL;
  gint64 mine = create_mine (f->book, 0);
  gint64 audit;

  /* A risk class keeps its plan. */
  reliable = find_plan (f->book, "reliable");
  g_assert_true (rl_book_begin (f->book, NULL));
  g_assert_false (rl_book_delete_plan (f->book, reliable->id, &error));
  g_assert_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE);
  g_clear_error (&error);
  g_assert_true (rl_book_commit (f->book, NULL));

  /* Followed by a customer whose invoice had its courtesy step: refused twice over. */
  customer_on_mine (f->book);
  g_free (run_on (f->book, "2026-09-28"));
  g_assert_true (rl_book_begin (f->book, NULL));
  g_assert_false (rl_book_delete_plan (f->book, mine, &error));
  g_assert_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE);
  g_assert_nonnull (strstr (error->message, "1 customer"));
  g_clear_error (&error);
  c = rl_book_find_customer (f->book, "C1", NULL);
  g_assert_true (rl_book_set_customer_plan (f->book, c->id, 0, NULL));
  g_assert_false (rl_book_delete_plan (f->book, mine, &error));
  g_assert_nonnull (strstr (error->message, "history"));
  g_clear_error (&error);
  g_assert_true (rl_book_commit (f->book, NULL));

  /* A plan nobody used goes, with its steps, and the audit log says so. */
  g_assert_true (rl_book_begin (f->book, NULL));
  g_assert_cmpint (rl_book_create_plan (f->book, "spare", "Spare", 0, "usual", &error), >, 0);
  g_assert_true (rl_book_commit (f->book, NULL));
  gone = find_plan (f->book, "spare");
  audit = rl_book_count_audit (f->book);
  g_assert_true (rl_book_begin (f->book, NULL));
  g_assert_true (rl_book_delete_plan (f->book, gone->id, &error));
  g_assert_no_error (error);
  g_assert_true (rl_book_commit (f->book, NULL));
  g_assert_null (rl_book_find_plan (f->book, "spare", NULL));
  g_assert_cmpint (rl_book_count_audit (f->book), ==, audit + 1);
  g_assert_true (rl_book_integrity_check (f->book, NULL));
}

static void
test_run_follows_edited_plan (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 plan_id = create_mine (f->book, 0);
  static const struct { const char *day; const char *expected; } expect[] = {
    { "2026-09-28", "courtesy" },
    { "2026-10-01", "" },
    { "2026-10-03", "sms" },           /* the new step at +2 */
    { "2026-10-08", "reminder" },      /* moved from +3 to +7 */
    { "2026-10-15", "reminder_firm" },  /* +12, then 7 days after the reminder */
  };

  g_assert_true (rl_book_begin (f->book, NULL));
  g_assert_cmpint (rl_book_add_step (f->book, plan_id, 2, RL_CHANNEL_SMS, "sms", FALSE, FALSE, 0,
                                     &error), >, 0);
  g_assert_true (rl_book_update_step (f->book, step_id_at (f->book, "mine", 3), 7,
                                      RL_CHANNEL_EMAIL, "reminder", FALSE, FALSE, 0, &error));
  g_assert_no_error (error);
  g_assert_true (rl_book_commit (f->book, NULL));
  customer_on_mine (f->book);

  for (RlDay d = day ("2026-09-20"); d <= day ("2026-10-16"); d++)
    {
      char iso[11];
      const char *wanted = "";
      g_autofree char *got = NULL;

      rl_day_to_iso_buf (d, iso);
      for (guint k = 0; k < G_N_ELEMENTS (expect); k++)
        if (g_str_equal (expect[k].day, iso))
          wanted = expect[k].expected;
      got = run_on (f->book, iso);
      if (g_strcmp0 (got, wanted) != 0)
        g_error ("%s: expected “%s”, got “%s”", iso, wanted, got);
    }
}

/* Each class keeps a plan: the plan that had the class takes the one the new holder had. */
static void
test_set_risk_class (Fixture       *f,
                     gconstpointer  data)
{
  static const struct
  {
    const char *plan;
    char        klass;
    const char *classes;     /* after: the classes of reliable, usual, often-late, high-risk,
                              * mine ('-' for none) */
    int         code;        /* -1: accepted */
  } cases[] = {
    { "usual", 'A', "BACD-", -1 },      /* swap: reliable takes B */
    { "usual", 'A', "BACD-", -1 },      /* again: nothing changes */
    { "mine", 'C', "BA-DC", -1 },       /* a hand-given plan: often-late has none now */
    { "often-late", 'D', "BAD-C", -1 },
    { "mine", 'E', "BAD-C", RL_ENGINE_ERROR_INVALID },
    { "mine", 0, "BAD-C", RL_ENGINE_ERROR_INVALID },
  };
  const char *keys[] = { "reliable", "usual", "often-late", "high-risk", "mine" };

  create_mine (f->book, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RlPlan) plan = find_plan (f->book, cases[i].plan);
      g_autoptr(GString) classes = g_string_new (NULL);
      gint64 audit = rl_book_count_audit (f->book);
      gboolean ok;

      g_assert_true (rl_book_begin (f->book, NULL));
      ok = rl_book_set_plan_risk_class (f->book, plan->id, cases[i].klass, &error);
      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_true (rl_book_commit (f->book, NULL));
        }
      else
        {
          g_assert_error (error, RL_ENGINE_ERROR, cases[i].code);
          rl_book_rollback (f->book);
          g_assert_cmpint (rl_book_count_audit (f->book), ==, audit);
        }
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          g_autoptr(RlPlan) p = find_plan (f->book, keys[k]);

          g_string_append_c (classes, p->risk_class ? p->risk_class : '-');
        }
      g_assert_cmpstr (classes->str, ==, cases[i].classes);
    }
}

/* Moving a step swaps its day with its neighbour's; the first cannot move earlier. */
static void
test_move_step (Fixture       *f,
                gconstpointer  data)
{
  gint64 plan_id = create_mine (f->book, 0);
  g_autoptr(RlPlan) before = find_plan (f->book, "mine");
  RlPlanStep *first = g_ptr_array_index (before->steps, 0);
  RlPlanStep *second = g_ptr_array_index (before->steps, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(RlPlan) after = NULL;
  g_autoptr(RlPlan) unchanged = NULL;
  RlPlanStep *moved;

  g_assert_cmpint (plan_id, >, 0);
  g_assert_true (rl_book_begin (f->book, NULL));
  g_assert_true (rl_book_move_step (f->book, first->id, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (rl_book_commit (f->book, NULL));
  after = find_plan (f->book, "mine");
  moved = g_ptr_array_index (after->steps, 1);
  g_assert_cmpint (moved->id, ==, first->id);
  g_assert_cmpint (moved->offset_days, ==, second->offset_days);
  g_assert_cmpstr (moved->template_key, ==, first->template_key);
  g_assert_cmpint (((RlPlanStep *) g_ptr_array_index (after->steps, 0))->id, ==, second->id);
  g_assert_cmpint (((RlPlanStep *) g_ptr_array_index (after->steps, 0))->offset_days, ==,
                   first->offset_days);

  /* The step now first cannot move earlier; the last cannot move later. */
  g_assert_true (rl_book_begin (f->book, NULL));
  g_assert_false (rl_book_move_step (f->book, second->id, FALSE, &error));
  g_assert_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (rl_book_move_step (f->book,
                                     ((RlPlanStep *) g_ptr_array_index (
                                        after->steps, after->steps->len - 1))->id, TRUE, &error));
  g_assert_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID);
  rl_book_rollback (f->book);
  unchanged = find_plan (f->book, "mine");
  for (guint i = 0; i < after->steps->len; i++)
    g_assert_cmpint (((RlPlanStep *) g_ptr_array_index (unchanged->steps, i))->offset_days, ==,
                     ((RlPlanStep *) g_ptr_array_index (after->steps, i))->offset_days);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/relance/plans/" path, Fixture, NULL, rl_test_book_set_up, func, \
              rl_test_book_tear_down)
  ADD ("create-takes-risk-class", test_create_takes_risk_class);
  ADD ("create-refusals", test_create_refusals);
  ADD ("steps-stay-ordered", test_steps_stay_ordered);
  ADD ("step-refusals", test_step_refusals);
  ADD ("rename-and-thank-you", test_rename_and_thank_you);
  ADD ("history-stays", test_history_stays);
  ADD ("delete", test_delete);
  ADD ("run-follows-edited-plan", test_run_follows_edited_plan);
  ADD ("set-risk-class", test_set_risk_class);
  ADD ("move-step", test_move_step);
#undef ADD
  return g_test_run ();
}
