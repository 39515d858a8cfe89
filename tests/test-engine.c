/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rl-book-private.h"
#include "rl-engine.h"
#include "rl-error.h"
#include "rl-test-util.h"

/* Time travel: books built for a date, runs day after day, asserting exactly which action each
 * customer gets each day. The customers are given the "usual" plan (otherwise their risk class,
 * which moves as they pay late, would choose it):
 * courtesy e-mail 3 days before the due date, reminder at +3, firm reminder at +12, call at +20,
 * final notice letter at +30, formal notice by registered letter at +45. */

typedef RlTestBook Fixture;

#define day rl_test_day

static gint64
add_customer (RlBook     *book,
              const char *code)
{
  g_autoptr(RlCustomer) c = rl_customer_new ();

  c->code = g_strdup (code);
  c->name = g_strdup_printf ("Client %s", code);
  g_assert_true (rl_book_upsert_customer (book, c, 0, NULL, NULL));
  g_assert_true (rl_book_begin (book, NULL));
  g_assert_true (rl_plans_ensure_defaults (book, NULL));
  {
    g_autoptr(RlPlan) usual = rl_book_find_plan (book, "usual", NULL);

    g_assert_nonnull (usual);
    g_assert_true (rl_book_set_customer_plan (book, c->id, usual->id, NULL));
  }
  g_assert_true (rl_book_commit (book, NULL));
  return c->id;
}

#define add_invoice rl_test_add_invoice

#define pay rl_test_pay

/* Payments are imported every day in these stories: the data is never stale. */
static void
fresh_payments (RlBook *book)
{
  RlImportCounts counts = { 0 };
  gint64 id;

  g_assert_true (rl_book_begin (book, NULL));
  id = rl_book_begin_import (book, "bank.csv", "x", "csv-payments", NULL);
  g_assert_cmpint (id, >, 0);
  g_assert_true (rl_book_finish_import (book, id, &counts, NULL));
  g_assert_true (rl_book_commit (book, NULL));
}

/* Runs the engine on @iso and returns what it proposed, as "CODE:template[:n]" joined by
 * spaces (n = number of invoices when more than one), then carries out every action the way a
 * user who approves everything would. */
static char *
run_and_carry_out (RlBook     *book,
                   const char *iso,
                   gboolean    carry_out)
{
  g_autoptr(RlRunReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_true (rl_engine_run (book, day (iso), FALSE, &report, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < report->new_actions->len; i++)
    {
      RlAction *a = g_ptr_array_index (report->new_actions, i);

      g_string_append_printf (out, "%s%s:%s", out->len ? " " : "", a->customer_code,
                              a->template_key);
      if (a->invoice_ids->len > 1)
        g_string_append_printf (out, ":%u", a->invoice_ids->len);
      if (!carry_out)
        continue;
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

typedef struct
{
  const char *day;
  const char *expected;   /* "" for nothing */
} Expect;

/* Runs every day from @from to @to; the days listed in @expect must propose exactly that, the
 * others nothing. */
static void
check_days (RlBook       *book,
            const char   *from,
            const char   *to,
            const Expect *expect,
            guint         n_expect)
{
  for (RlDay d = day (from); d <= day (to); d++)
    {
      char iso[11];
      const char *wanted = "";
      g_autofree char *got = NULL;

      rl_day_to_iso_buf (d, iso);
      for (guint k = 0; k < n_expect; k++)
        if (g_str_equal (expect[k].day, iso))
          wanted = expect[k].expected;
      got = run_and_carry_out (book, iso, TRUE);
      g_test_message ("%s: %s", iso, got);
      if (g_strcmp0 (got, wanted) != 0)
        g_error ("%s: expected “%s”, got “%s”", iso, wanted, got);
    }
}

static void
test_whole_story (Fixture       *f,
                  gconstpointer  data)
{
  /* Courtesy → reminders → call → final notice → formal notice for one unpaid invoice. */
  static const Expect expect[] = {
    { "2026-09-28", "C1:courtesy" },
    { "2026-10-04", "C1:reminder" },
    { "2026-10-13", "C1:reminder_firm" },
    { "2026-10-21", "C1:call_script" },
    { "2026-10-31", "C1:final_notice" },
    { "2026-11-15", "C1:formal_notice" },
  };
  gint64 c1 = add_customer (f->book, "C1");

  add_invoice (f->book, c1, "FA1", "2026-10-01", 100000);
  fresh_payments (f->book);
  rl_book_set_setting (f->book, "stale-days", "1000", NULL);
  check_days (f->book, "2026-09-20", "2026-12-15", expect, G_N_ELEMENTS (expect));
}

static void
test_payment_stops_and_thanks (Fixture       *f,
                               gconstpointer  data)
{
  static const Expect expect[] = {
    { "2026-09-28", "C1:courtesy" },
    { "2026-10-04", "C1:reminder" },
    { "2026-10-13", "C1:reminder_firm" },
    /* paid in full on 2026-10-15: a thank-you the next run, nothing after */
    { "2026-10-16", "C1:thank_you" },
  };
  gint64 c1 = add_customer (f->book, "C1");

  add_invoice (f->book, c1, "FA1", "2026-10-01", 100000);
  rl_book_set_setting (f->book, "stale-days", "1000", NULL);
  fresh_payments (f->book);
  check_days (f->book, "2026-09-20", "2026-10-15", expect, G_N_ELEMENTS (expect));
  pay (f->book, c1, "FA1", "2026-10-15", 100000);
  check_days (f->book, "2026-10-16", "2026-12-31", expect, G_N_ELEMENTS (expect));
}

static void
test_partial_payment_goes_on (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(RlRunReport) report = NULL;
  g_autofree char *got = NULL;
  gint64 c1 = add_customer (f->book, "C1");

  add_invoice (f->book, c1, "FA1", "2026-10-01", 100000);
  rl_book_set_setting (f->book, "stale-days", "1000", NULL);
  fresh_payments (f->book);
  pay (f->book, c1, "FA1", "2026-10-02", 40000);
  got = run_and_carry_out (f->book, "2026-10-04", FALSE);
  /* Catching up from nothing: the courtesy e-mail of 09-28 is skipped, not sent. */
  g_assert_cmpstr (got, ==, "C1:reminder");
  {
    g_autoptr(GPtrArray) actions = rl_book_list_actions (f->book, c1, TRUE, NULL);
    RlAction *a = g_ptr_array_index (actions, 0);

    g_assert_cmpint (a->amount, ==, 60000);
    g_assert_cmpint (a->state, ==, RL_ACTION_APPROVED);   /* the first reminder needs none */
  }
}

/* The templates of the steps an invoice jumped over, as recorded with the step it reached:
 * "courtesy,reminder" (a static buffer). */
static const char *
skipped_steps (RlBook     *book,
               const char *number)
{
  static char out[256];
  sqlite3_stmt *stmt = NULL;
  g_auto(GStrv) ids = NULL;

  out[0] = '\0';
  g_assert_cmpint (sqlite3_prepare_v2 (_rl_book_get_db (book),
                                       "SELECT s.skipped FROM invoice_steps s"
                                       " JOIN invoices i ON i.id = s.invoice_id"
                                       " WHERE i.number = ?1 AND s.skipped IS NOT NULL"
                                       " UNION ALL SELECT ai.skipped FROM action_invoices ai"
                                       " JOIN invoices i ON i.id = ai.invoice_id"
                                       " WHERE i.number = ?1 AND ai.skipped IS NOT NULL"
                                       " AND NOT EXISTS (SELECT 1 FROM invoice_steps s"
                                       "   WHERE s.invoice_id = ai.invoice_id"
                                       "   AND s.step_id = ai.step_id)", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    ids = g_strsplit ((const char *) sqlite3_column_text (stmt, 0), ",", -1);
  sqlite3_finalize (stmt);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_assert_cmpint (sqlite3_prepare_v2 (_rl_book_get_db (book),
                                           "SELECT template FROM plan_steps WHERE id = ?", -1,
                                           &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_int64 (stmt, 1, g_ascii_strtoll (ids[i], NULL, 10));
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_strlcat (out, i ? "," : "", sizeof out);
      g_strlcat (out, (const char *) sqlite3_column_text (stmt, 0), sizeof out);
      sqlite3_finalize (stmt);
    }
  return out;
}

/* The step an invoice has had, "template:state:day" ("" for none; a static buffer). */
static const char *
invoice_step (RlBook     *book,
              const char *number)
{
  static char out[128];
  sqlite3_stmt *stmt = NULL;

  out[0] = '\0';
  g_assert_cmpint (sqlite3_prepare_v2 (_rl_book_get_db (book),
                                       "SELECT ps.template || ':' || s.state || ':' || s.on_date"
                                       " FROM invoice_steps s JOIN invoices i ON i.id = s.invoice_id"
                                       " JOIN plan_steps ps ON ps.id = s.step_id"
                                       " WHERE i.number = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    g_strlcpy (out, (const char *) sqlite3_column_text (stmt, 0), sizeof out);
  sqlite3_finalize (stmt);
  return out;
}

static void
test_catch_up_skips (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RlRunReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 c2 = add_customer (f->book, "C2");

  add_invoice (f->book, c2, "FA2", "2026-10-01", 50000);
  add_invoice (f->book, c2, "FA3", "2026-10-05", 25000);
  rl_book_set_setting (f->book, "stale-days", "1000", NULL);
  fresh_payments (f->book);
  /* No run between 09-25 and 10-16: FA2 reached +15 (firm reminder at +12), FA3 +11
   * (reminder at +3). Both are e-mails: one action, at the firmer step, lists both. */
  g_assert_true (rl_engine_run (f->book, day ("2026-10-16"), FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->proposed, ==, 1);
  {
    RlAction *a = g_ptr_array_index (report->new_actions, 0);

    g_assert_cmpstr (a->template_key, ==, "reminder_firm");
    g_assert_cmpuint (a->invoice_ids->len, ==, 2);
    g_assert_cmpint (a->amount, ==, 75000);
    g_assert_cmpint (a->state, ==, RL_ACTION_PROPOSED);
  }
  /* FA2 skipped courtesy and reminder; FA3 skipped courtesy: recorded with the step each
   * reached, in plan order. */
  g_assert_cmpuint (report->skipped_steps, ==, 3);
  g_assert_cmpstr (skipped_steps (f->book, "FA2"), ==, "courtesy,reminder");
  g_assert_cmpstr (skipped_steps (f->book, "FA3"), ==, "courtesy");
  /* Until the action is carried out, the step is the action's, not yet the invoice's. */
  g_assert_cmpstr (invoice_step (f->book, "FA2"), ==, "");

  /* The same day again: nothing new. */
  g_clear_pointer (&report, rl_run_report_free);
  g_assert_true (rl_engine_run (f->book, day ("2026-10-16"), FALSE, &report, &error));
  g_assert_cmpuint (report->proposed, ==, 0);
  g_assert_cmpuint (report->skipped_steps, ==, 0);

  /* Carried out: each invoice has its step, with the steps it jumped over. */
  {
    g_autoptr(GPtrArray) open = rl_book_list_actions (f->book, c2, TRUE, &error);
    gint64 id;

    g_assert_no_error (error);
    g_assert_cmpuint (open->len, ==, 1);
    id = ((RlAction *) g_ptr_array_index (open, 0))->id;
    g_assert_true (rl_book_begin (f->book, NULL));
    g_assert_true (rl_book_set_action_state (f->book, id, RL_ACTION_APPROVED, NULL,
                                             day ("2026-10-16"), &error));
    g_assert_true (rl_book_set_action_state (f->book, id, RL_ACTION_DONE, NULL,
                                             day ("2026-10-17"), &error));
    g_assert_no_error (error);
    g_assert_true (rl_book_commit (f->book, NULL));
  }
  g_assert_cmpstr (invoice_step (f->book, "FA2"), ==, "reminder_firm:done:2026-10-17");
  /* FA3 reached the reminder, in the same e-mail as FA2's firm reminder. */
  g_assert_cmpstr (invoice_step (f->book, "FA3"), ==, "reminder:done:2026-10-17");
  g_assert_cmpstr (skipped_steps (f->book, "FA2"), ==, "courtesy,reminder");
  g_assert_cmpstr (skipped_steps (f->book, "FA3"), ==, "courtesy");
}

static void
test_dispute_cancels_and_resumes (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;
  gint64 c4 = add_customer (f->book, "C4");
  gint64 fa = add_invoice (f->book, c4, "FA4", "2026-10-01", 30000);
  g_autoptr(GPtrArray) actions = NULL;

  rl_book_set_setting (f->book, "stale-days", "1000", NULL);
  fresh_payments (f->book);
  got = run_and_carry_out (f->book, "2026-10-13", FALSE);
  g_assert_cmpstr (got, ==, "C4:reminder_firm");
  /* Disputed before the reminder went out: the action is cancelled, nothing is proposed. */
  g_assert_true (rl_book_begin (f->book, NULL));
  g_assert_cmpint (rl_book_open_dispute (f->book, fa, "Marchandise abîmée", day ("2026-10-14"),
                                         day ("2026-10-30"), &error), >, 0);
  g_assert_true (rl_book_commit (f->book, NULL));
  g_clear_pointer (&got, g_free);
  got = run_and_carry_out (f->book, "2026-10-14", TRUE);
  g_assert_cmpstr (got, ==, "");
  actions = rl_book_list_actions (f->book, c4, FALSE, NULL);
  g_assert_cmpuint (actions->len, ==, 1);
  g_assert_cmpint (((RlAction *) g_ptr_array_index (actions, 0))->state, ==,
                   RL_ACTION_CANCELLED);
  g_clear_pointer (&got, g_free);
  got = run_and_carry_out (f->book, "2026-10-25", TRUE);
  g_assert_cmpstr (got, ==, "");
  /* Resolved: the plan resumes at the step reached, the firm reminder again. */
  g_assert_true (rl_book_begin (f->book, NULL));
  g_assert_true (rl_book_resolve_dispute (f->book, fa, day ("2026-10-26"), "avoir refusé",
                                          &error));
  g_assert_true (rl_book_commit (f->book, NULL));
  g_clear_pointer (&got, g_free);
  got = run_and_carry_out (f->book, "2026-10-27", TRUE);
  g_assert_cmpstr (got, ==, "C4:call_script");
}

static void
test_promises (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(RlRunReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;
  gint64 kept = add_customer (f->book, "K");
  gint64 broken = add_customer (f->book, "B");

  add_invoice (f->book, kept, "FK", "2026-10-01", 10000);
  add_invoice (f->book, broken, "FB", "2026-10-01", 10000);
  rl_book_set_setting (f->book, "stale-days", "1000", NULL);
  fresh_payments (f->book);
  got = run_and_carry_out (f->book, "2026-10-04", TRUE);
  g_assert_cmpstr (got, ==, "K:reminder B:reminder");
  g_assert_true (rl_book_begin (f->book, NULL));
  g_assert_cmpint (rl_book_add_promise (f->book, kept, day ("2026-10-05"), day ("2026-10-20"),
                                        10000, NULL, &error), >, 0);
  g_assert_cmpint (rl_book_add_promise (f->book, broken, day ("2026-10-05"), day ("2026-10-20"),
                                        10000, NULL, &error), >, 0);
  g_assert_true (rl_book_commit (f->book, NULL));
  /* Under promise: nothing until the promised day. */
  for (RlDay d = day ("2026-10-05"); d <= day ("2026-10-20"); d++)
    {
      char iso[11];
      g_autofree char *none = NULL;

      rl_day_to_iso_buf (d, iso);
      none = run_and_carry_out (f->book, iso, TRUE);
      g_assert_cmpstr (none, ==, "");
    }
  pay (f->book, kept, "FK", "2026-10-19", 10000);
  g_assert_true (rl_engine_run (f->book, day ("2026-10-21"), FALSE, &report, &error));
  g_assert_cmpuint (report->promises_kept, ==, 1);
  g_assert_cmpuint (report->promises_broken, ==, 1);
  /* The broken promise resumes the plan at the step reached (+20: the call); the kept one
   * gets its thank-you. */
  g_assert_cmpuint (report->new_actions->len, ==, 2);
  g_assert_cmpstr (((RlAction *) g_ptr_array_index (report->new_actions, 0))->template_key, ==,
                   "call_script");
  g_assert_cmpstr (((RlAction *) g_ptr_array_index (report->new_actions, 0))->customer_code, ==,
                   "B");
  g_assert_cmpstr (((RlAction *) g_ptr_array_index (report->new_actions, 1))->template_key, ==,
                   "thank_you");
}

static void
test_holds_and_never_chase (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;
  gint64 h = add_customer (f->book, "H");
  gint64 n = add_customer (f->book, "N");
  gint64 hold;

  add_invoice (f->book, h, "FH", "2026-10-01", 10000);
  add_invoice (f->book, n, "FN", "2026-10-01", 10000);
  rl_book_set_setting (f->book, "stale-days", "1000", NULL);
  fresh_payments (f->book);
  g_assert_true (rl_book_begin (f->book, NULL));
  hold = rl_book_add_hold (f->book, h, 0, "Accord du directeur", day ("2026-10-01"),
                           day ("2026-10-10"), &error);
  g_assert_cmpint (hold, >, 0);
  g_assert_true (rl_book_set_never_chase (f->book, n, TRUE, &error));
  g_assert_true (rl_book_commit (f->book, NULL));
  got = run_and_carry_out (f->book, "2026-10-05", TRUE);
  g_assert_cmpstr (got, ==, "");
  g_clear_pointer (&got, g_free);
  /* The hold expires on 10-10: chasing resumes. */
  got = run_and_carry_out (f->book, "2026-10-10", TRUE);
  g_assert_cmpstr (got, ==, "H:reminder");
}

static void
test_stale_data_flagged (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(RlRunReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 c = add_customer (f->book, "S");

  add_invoice (f->book, c, "FS", "2026-10-01", 10000);
  /* Never any payment import: the run proposes, but says the data may be stale. */
  g_assert_true (rl_engine_run (f->book, day ("2026-10-04"), FALSE, &report, &error));
  g_assert_true (report->stale_data);
  g_assert_cmpuint (report->proposed, ==, 1);
  g_assert_true (((RlAction *) g_ptr_array_index (report->new_actions, 0))->stale_data);
  /* Even a step that needs no approval waits for one. */
  g_assert_cmpint (((RlAction *) g_ptr_array_index (report->new_actions, 0))->state, ==,
                   RL_ACTION_PROPOSED);

  /* Payments imported that day: the same step for another customer goes out approved. */
  g_assert_true (_rl_book_exec (f->book,
    "INSERT INTO imports (file_name, checksum, format, started_at, finished_at, actor)"
    " VALUES ('reglements.csv', 'x', 'csv-payments', '2026-10-04T08:00:00Z',"
    " '2026-10-04T08:00:01Z', 'test')", &error));
  g_assert_no_error (error);
  add_invoice (f->book, add_customer (f->book, "T"), "FT", "2026-10-01", 10000);
  g_clear_pointer (&report, rl_run_report_free);
  g_assert_true (rl_engine_run (f->book, day ("2026-10-04"), FALSE, &report, &error));
  g_assert_false (report->stale_data);
  g_assert_cmpuint (report->proposed, ==, 1);
  g_assert_false (((RlAction *) g_ptr_array_index (report->new_actions, 0))->stale_data);
  g_assert_cmpint (((RlAction *) g_ptr_array_index (report->new_actions, 0))->state, ==,
                   RL_ACTION_APPROVED);
}

/* The numbers of the invoices in the book's actions, in the order the actions were made. */
static char *
invoices_in_actions (RlBook *book)
{
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_rl_book_get_db (book),
                                       "SELECT i.number FROM action_invoices ai"
                                       " JOIN invoices i ON i.id = ai.invoice_id"
                                       " ORDER BY ai.action_id, i.id", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s%s", out->len ? " " : "", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Credit notes not applied yet settle the oldest invoices first: a customer they fully cover
 * is not chased; the invoices they cover leave the day's actions, the others are chased.
 * Table-driven: a 100 € invoice due on 10-01, maybe an older one due on 09-01, and a credit
 * note. */
static void
test_credit_notes_cover (Fixture       *f,
                         gconstpointer  data)
{
  static const struct
  {
    const char  *code;
    RlCents      older;       /* 0: none */
    RlCents      credit;
    guint        proposed;
    guint        covered;
    const char  *chased;      /* the invoices in the day's actions, by number */
  } cases[] = {
    { "FULL", 0, 10000, 0, 1, "" },
    { "MORE", 0, 25000, 0, 1, "" },
    { "PART", 0, 4000, 1, 0, "F-PART" },
    { "NONE", 0, 0, 1, 0, "F-PART F-NONE" },
    /* The older invoice (a final notice by letter) is settled by the credit note: only the
     * newer one is chased (an e-mail). */
    { "OLDEST", 10000, 10000, 1, 0, "F-PART F-NONE F-OLDEST" },
    { "SPLIT", 10000, 15000, 1, 0, "F-PART F-NONE F-OLDEST F-SPLIT" },
    { "BOTH", 10000, 20000, 0, 1, "F-PART F-NONE F-OLDEST F-SPLIT" },
    { "NOCREDIT", 10000, 0, 2, 0,
      "F-PART F-NONE F-OLDEST F-SPLIT F-NOCREDIT OLD-NOCREDIT" },
  };
  guint covered = 0;

  fresh_payments (f->book);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RlRunReport) report = NULL;
      g_autoptr(GError) error = NULL;
      gint64 c = add_customer (f->book, cases[i].code);
      g_autofree char *number = g_strdup_printf ("F-%s", cases[i].code);
      g_autofree char *chased = NULL;

      add_invoice (f->book, c, number, "2026-10-01", 10000);
      if (cases[i].older > 0)
        {
          g_autofree char *old_number = g_strdup_printf ("OLD-%s", cases[i].code);

          add_invoice (f->book, c, old_number, "2026-09-01", cases[i].older);
        }
      if (cases[i].credit > 0)
        {
          g_autoptr(RlInvoice) note = rl_invoice_new ();

          note->number = g_strdup_printf ("AV-%s", cases[i].code);
          note->customer_id = c;
          note->kind = RL_INVOICE_KIND_CREDIT_NOTE;
          note->issue_date = day ("2026-09-20");
          note->due_date = day ("2026-09-20");
          note->currency = g_strdup ("EUR");
          note->amount = cases[i].credit;
          g_assert_true (rl_book_upsert_invoice (f->book, note, 0, NULL, &error));
          g_assert_no_error (error);
        }
      g_assert_true (rl_engine_run (f->book, day ("2026-10-13"), FALSE, &report, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (report->proposed, ==, cases[i].proposed);
      /* Customers covered earlier are still left alone. */
      covered += cases[i].covered;
      g_assert_cmpuint (report->covered_by_credits, ==, covered);
      chased = invoices_in_actions (f->book);
      g_assert_cmpstr (chased, ==, cases[i].chased);
    }
}

static void
test_dry_run_writes_nothing (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(RlRunReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 c = add_customer (f->book, "D");
  gint64 audit;

  add_invoice (f->book, c, "FD", "2026-10-01", 10000);
  audit = rl_book_count_audit (f->book);
  g_assert_true (rl_engine_run (f->book, day ("2026-10-04"), TRUE, &report, &error));
  g_assert_cmpuint (report->proposed, ==, 1);
  g_assert_cmpint (rl_book_count_audit (f->book), ==, audit);
  g_clear_pointer (&report, rl_run_report_free);
  g_assert_true (rl_engine_run (f->book, day ("2026-10-04"), FALSE, &report, &error));
  g_assert_cmpuint (report->proposed, ==, 1);
}

static void
test_transitions (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(RlRunReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 c = add_customer (f->book, "T");
  gint64 id;

  add_invoice (f->book, c, "FT", "2026-10-01", 10000);
  g_assert_true (rl_engine_run (f->book, day ("2026-10-13"), FALSE, &report, &error));
  id = ((RlAction *) g_ptr_array_index (report->new_actions, 0))->id;
  g_assert_true (rl_book_begin (f->book, NULL));
  g_assert_false (rl_book_set_action_state (f->book, id, RL_ACTION_DONE, NULL, day ("2026-10-13"),
                                            &error));
  g_assert_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE);
  g_clear_error (&error);
  g_assert_true (rl_book_set_action_state (f->book, id, RL_ACTION_SKIPPED, "déjà relancé",
                                           day ("2026-10-13"), &error));
  g_assert_false (rl_book_set_action_state (f->book, id, RL_ACTION_APPROVED, NULL,
                                            day ("2026-10-13"), &error));
  g_clear_error (&error);
  g_assert_true (rl_book_commit (f->book, NULL));
  /* A skipped step is not proposed again; the next one comes in its time. */
  g_clear_pointer (&report, rl_run_report_free);
  g_assert_true (rl_engine_run (f->book, day ("2026-10-14"), FALSE, &report, &error));
  g_assert_cmpuint (report->proposed, ==, 0);
  g_clear_pointer (&report, rl_run_report_free);
  g_assert_true (rl_engine_run (f->book, day ("2026-10-21"), FALSE, &report, &error));
  g_assert_cmpuint (report->proposed, ==, 1);
  g_assert_cmpstr (((RlAction *) g_ptr_array_index (report->new_actions, 0))->template_key, ==,
                   "call_script");
}

static void
test_call_outcome_promise (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(RlRunReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 c = add_customer (f->book, "P");
  gint64 id;

  add_invoice (f->book, c, "FP", "2026-10-01", 10000);
  g_assert_true (rl_engine_run (f->book, day ("2026-10-21"), FALSE, &report, &error));
  id = ((RlAction *) g_ptr_array_index (report->new_actions, 0))->id;
  g_assert_cmpstr (((RlAction *) g_ptr_array_index (report->new_actions, 0))->template_key, ==,
                   "call_script");
  g_assert_true (rl_book_begin (f->book, NULL));
  g_assert_true (rl_book_record_call (f->book, id, day ("2026-10-21"), "promise", "payera vendredi",
                                      day ("2026-10-23"), 10000, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rl_book_commit (f->book, NULL));
  {
    g_autoptr(RlAction) a = rl_book_get_action (f->book, id, NULL);

    g_assert_cmpint (a->state, ==, RL_ACTION_DONE);
    g_assert_cmpstr (a->outcome, ==, "promise");
  }
  g_clear_pointer (&report, rl_run_report_free);
  g_assert_true (rl_engine_run (f->book, day ("2026-10-22"), FALSE, &report, &error));
  g_assert_cmpuint (report->proposed, ==, 0);
}

static void
test_formal_notice_never_first (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *got = NULL;
  gint64 c = add_customer (f->book, "L");

  /* A book imported late: the invoice is 100 days overdue and was never chased. */
  add_invoice (f->book, c, "FL", "2026-07-01", 10000);
  rl_book_set_setting (f->book, "stale-days", "1000", NULL);
  fresh_payments (f->book);
  got = run_and_carry_out (f->book, "2026-10-09", TRUE);
  g_assert_cmpstr (got, ==, "L:final_notice");
  /* The formal notice follows after the final notice's gap (10 days for that step). */
  g_clear_pointer (&got, g_free);
  got = run_and_carry_out (f->book, "2026-10-18", TRUE);
  g_assert_cmpstr (got, ==, "");
  g_clear_pointer (&got, g_free);
  got = run_and_carry_out (f->book, "2026-10-19", TRUE);
  g_assert_cmpstr (got, ==, "L:formal_notice");
}

/* Without a plan of its own, a customer follows the plan of its risk class, rescored by the run:
 * a customer that paid its last invoices very late gets the high-risk plan, with its call at +5. */
static void
test_risk_class_chooses_plan (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(RlCustomer) c = rl_customer_new ();
  g_autoptr(RlRunReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RlCustomer) back = NULL;

  c->code = g_strdup ("R");
  c->name = g_strdup ("Client R");
  g_assert_true (rl_book_upsert_customer (f->book, c, 0, NULL, NULL));
  rl_book_set_setting (f->book, "stale-days", "1000", NULL);
  fresh_payments (f->book);
  for (int i = 0; i < 6; i++)
    {
      g_autofree char *number = g_strdup_printf ("OLD%d", i);
      g_autofree char *due = NULL;
      g_autofree char *paid_on = NULL;
      RlDay d = day ("2026-03-01") + 20 * i;

      due = rl_day_to_iso (d);
      paid_on = rl_day_to_iso (d + 95);
      add_invoice (f->book, c->id, number, due, 50000);
      pay (f->book, c->id, number, paid_on, 50000);
    }
  add_invoice (f->book, c->id, "NEW", "2026-10-01", 50000);
  g_assert_true (rl_engine_run (f->book, day ("2026-10-06"), FALSE, &report, &error));
  g_assert_no_error (error);
  back = rl_book_find_customer (f->book, "R", NULL);
  g_assert_cmpint (back->risk_class, ==, 'D');
  g_assert_cmpuint (report->new_actions->len, ==, 1);
  g_assert_cmpstr (((RlAction *) g_ptr_array_index (report->new_actions, 0))->template_key, ==,
                   "call_script");
}

static gint64
count_audit (RlBook     *book,
             const char *action)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (_rl_book_get_db (book),
                                       "SELECT count(*) FROM audit_log WHERE action = ?", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, action, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* A second run the same day does not rescore a book that did not change; a payment in between
 * is taken into account. */
static void
test_rescoring_follows_changes (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(RlCustomer) c = rl_customer_new ();
  g_autoptr(RlCustomer) before = NULL, after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 scored;

  c->code = g_strdup ("Z");
  c->name = g_strdup ("Client Z");
  g_assert_true (rl_book_upsert_customer (f->book, c, 0, NULL, NULL));
  add_invoice (f->book, c->id, "FZ1", "2026-08-01", 50000);
  add_invoice (f->book, c->id, "FZ2", "2026-09-01", 50000);
  g_assert_true (rl_engine_run (f->book, day ("2026-10-10"), FALSE, NULL, &error));
  scored = count_audit (f->book, "risk");
  g_assert_cmpint (scored, ==, 1);
  before = rl_book_find_customer (f->book, "Z", NULL);
  g_assert_true (rl_engine_run (f->book, day ("2026-10-10"), FALSE, NULL, &error));
  g_assert_cmpint (count_audit (f->book, "risk"), ==, scored);
  pay (f->book, c->id, "FZ1", "2026-10-10", 50000);
  g_assert_true (rl_engine_run (f->book, day ("2026-10-10"), FALSE, NULL, &error));
  g_assert_no_error (error);
  after = rl_book_find_customer (f->book, "Z", NULL);
  g_assert_cmpint (count_audit (f->book, "risk"), ==, scored + 1);
  g_assert_cmpstr (after->risk_facts, !=, before->risk_facts);
}

static void
test_default_plans (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rl_book_begin (f->book, NULL));
  g_assert_true (rl_plans_ensure_defaults (f->book, &error));
  g_assert_true (rl_plans_ensure_defaults (f->book, &error));
  g_assert_true (rl_book_commit (f->book, NULL));
  plans = rl_book_list_plans (f->book, &error);
  g_assert_cmpuint (plans->len, ==, 4);
  for (guint i = 0; i < plans->len; i++)
    {
      RlPlan *p = g_ptr_array_index (plans, i);
      RlPlanStep *last = g_ptr_array_index (p->steps, p->steps->len - 1);
      gboolean call_before_notice = FALSE;

      g_assert_cmpint (p->risk_class, ==, 'A' + (int) i);
      g_assert_cmpint (last->channel, ==, RL_CHANNEL_REGISTERED_LETTER);
      g_assert_cmpstr (last->template_key, ==, "formal_notice");
      g_assert_true (last->needs_approval);
      g_assert_true (last->claims_penalties);
      for (guint s = 0; s + 1 < p->steps->len; s++)
        {
          RlPlanStep *a = g_ptr_array_index (p->steps, s);
          RlPlanStep *b = g_ptr_array_index (p->steps, s + 1);

          g_assert_cmpint (a->offset_days, <, b->offset_days);
          call_before_notice = call_before_notice || a->channel == RL_CHANNEL_CALL;
        }
      g_assert_true (call_before_notice);
    }
  /* The riskier the customer, the sooner the formal notice. */
  for (guint i = 0; i + 1 < plans->len; i++)
    {
      RlPlan *a = g_ptr_array_index (plans, i), *b = g_ptr_array_index (plans, i + 1);
      RlPlanStep *la = g_ptr_array_index (a->steps, a->steps->len - 1);
      RlPlanStep *lb = g_ptr_array_index (b->steps, b->steps->len - 1);

      g_assert_cmpint (la->offset_days, >, lb->offset_days);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/relance/engine/" path, Fixture, NULL, rl_test_book_set_up, func, \
              rl_test_book_tear_down)
  ADD ("whole-story", test_whole_story);
  ADD ("payment-stops-and-thanks", test_payment_stops_and_thanks);
  ADD ("partial-payment-goes-on", test_partial_payment_goes_on);
  ADD ("catch-up-skips", test_catch_up_skips);
  ADD ("dispute-cancels-and-resumes", test_dispute_cancels_and_resumes);
  ADD ("promises", test_promises);
  ADD ("holds-and-never-chase", test_holds_and_never_chase);
  ADD ("stale-data-flagged", test_stale_data_flagged);
  ADD ("dry-run-writes-nothing", test_dry_run_writes_nothing);
  ADD ("credit-notes-cover", test_credit_notes_cover);
  ADD ("transitions", test_transitions);
  ADD ("call-outcome-promise", test_call_outcome_promise);
  ADD ("formal-notice-never-first", test_formal_notice_never_first);
  ADD ("risk-class-chooses-plan", test_risk_class_chooses_plan);
  ADD ("rescoring-follows-changes", test_rescoring_follows_changes);
  ADD ("default-plans", test_default_plans);
#undef ADD
  return g_test_run ();
}
