/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rl-book-alerts.h"
#include "rl-book-private.h"
#include "rl-penalties.h"
#include "rl-test-util.h"

typedef RlTestBook Fixture;

/* Today, in the cases below: 2026-12-07. */
#define TODAY "2026-12-07"

/* One customer per case, with one open invoice of 1 000,00 € (FA-<customer>). */
static void
add_customers (RlBook *book,
               guint   n)
{
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO customers (id, code, name, created_at, updated_at)"
        "  VALUES (%u, 'C%u', 'Client %u', 'x', 'x');"
        "INSERT INTO invoices (id, number, customer_id, issue_date, due_date, amount_cents,"
        "  created_at, updated_at) VALUES (%u, 'FA-%u', %u, '2026-09-01', '2026-10-01', 100000,"
        "  'x', 'x');", i, i, i, i, i, i);
      g_autoptr(GError) error = NULL;

      g_assert_true (_rl_book_exec (book, sql, &error));
      g_assert_no_error (error);
    }
}

static const struct
{
  const char *made_on;
  const char *promised_for;
  const char *state;
  const char *paid_on;     /* a payment of 500,00 € on this day, or NULL */
  gboolean    broken;
} promise_cases[] = {
  { "2026-11-20", "2026-12-01", "open", NULL, TRUE },            /* passed, nothing paid */
  { "2026-11-20", "2026-12-01", "broken", NULL, TRUE },          /* marked by a run */
  { "2026-11-20", "2026-12-01", "open", "2026-11-25", FALSE },   /* kept */
  { "2026-11-20", "2026-12-07", "open", NULL, FALSE },           /* due today: not yet */
  { "2026-10-01", "2026-10-15", "broken", NULL, FALSE },         /* old news */
  { "2026-11-20", "2026-12-01", "cancelled", NULL, FALSE },
  { "2026-11-20", "2026-12-01", "open", "2026-11-10", TRUE },    /* paid before the promise */
};

static void
test_broken_promises (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint expected = 0;

  add_customers (f->book, G_N_ELEMENTS (promise_cases));
  for (guint i = 0; i < G_N_ELEMENTS (promise_cases); i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO promises (id, customer_id, made_on, promised_for, amount_cents, state,"
        "  created_at) VALUES (%u, %u, '%s', '%s', 50000, '%s', 'x');", i + 1, i + 1,
        promise_cases[i].made_on, promise_cases[i].promised_for, promise_cases[i].state);

      g_assert_true (_rl_book_exec (f->book, sql, &error));
      if (promise_cases[i].paid_on != NULL)
        {
          g_autofree char *pay = g_strdup_printf (
            "INSERT INTO payments (key, customer_id, date, amount_cents, created_at, updated_at)"
            "  VALUES ('p%u', %u, '%s', 50000, 'x', 'x');", i + 1, i + 1,
            promise_cases[i].paid_on);

          g_assert_true (_rl_book_exec (f->book, pay, &error));
        }
      expected += promise_cases[i].broken;
    }
  rows = rl_book_broken_promises (f->book, rl_day_from_iso (TODAY), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, expected);
  for (guint i = 0; i < rows->len; i++)
    {
      const RlAlertRow *r = g_ptr_array_index (rows, i);

      g_assert_true (promise_cases[r->id - 1].broken);
      g_assert_cmpint (r->customer_id, ==, r->id);
      g_assert_cmpint (r->amount, ==, 50000);
      g_assert_cmpuint (r->day, ==, rl_day_from_iso (promise_cases[r->id - 1].promised_for));
    }
}

static const struct
{
  const char *template_key;
  const char *channel;
  const char *state;
  const char *done_on;
  RlCents     paid;
  gboolean    expired;
} notice_cases[] = {
  { "formal_notice", "registered_letter", "done", "2026-11-27", 0, TRUE },      /* 10 days */
  { "formal_notice", "registered_letter", "done", "2026-11-28", 30000, TRUE },  /* part paid */
  { "formal_notice", "registered_letter", "done", "2026-11-29", 100000, FALSE }, /* paid */
  { "formal_notice", "registered_letter", "done", "2026-11-30", 0, FALSE },     /* deadline today */
  { "formal_notice", "registered_letter", "approved", NULL, 0, FALSE },         /* not posted */
  { "final_notice", "letter", "done", "2026-11-01", 0, FALSE },                 /* no notice */
  { "formal_notice", "registered_letter", "done", "2026-10-01", 0, FALSE },     /* old news */
};

static void
test_expired_notices (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint expected = 0;

  add_customers (f->book, G_N_ELEMENTS (notice_cases));
  for (guint i = 0; i < G_N_ELEMENTS (notice_cases); i++)
    {
      g_autofree char *done = notice_cases[i].done_on
                              ? g_strdup_printf ("'%s'", notice_cases[i].done_on)
                              : g_strdup ("NULL");
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO actions (id, key, customer_id, channel, template, state, proposed_on,"
        "  state_changed_at, created_at, done_on) VALUES (%u, 'k%u', %u, '%s', '%s', '%s',"
        "  '2026-10-20', 'x', 'x', %s);"
        "INSERT INTO action_invoices (action_id, invoice_id, amount_cents, days_late)"
        "  VALUES (%u, %u, 100000, 30);"
        "UPDATE invoices SET paid_cents = %" G_GINT64_FORMAT " WHERE id = %u;",
        i + 1, i + 1, i + 1, notice_cases[i].channel, notice_cases[i].template_key,
        notice_cases[i].state, done, i + 1, i + 1, notice_cases[i].paid, i + 1);

      g_assert_true (_rl_book_exec (f->book, sql, &error));
      g_assert_no_error (error);
      expected += notice_cases[i].expired;
    }
  rows = rl_book_expired_notices (f->book, rl_day_from_iso (TODAY), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, expected);
  for (guint i = 0; i < rows->len; i++)
    {
      const RlAlertRow *r = g_ptr_array_index (rows, i);

      g_assert_true (notice_cases[r->id - 1].expired);
      g_assert_cmpint (r->amount, ==, 100000 - notice_cases[r->id - 1].paid);
      g_assert_cmpuint (r->day, ==, rl_day_from_iso (notice_cases[r->id - 1].done_on)
                                    + RL_FORMAL_NOTICE_DEADLINE_DAYS);
    }
}

/* What the dashboard's « À facturer » counts: overdue business invoices not in dispute. */
static void
test_claimable_penalties (Fixture       *f,
                          gconstpointer  data)
{
  RlRate h2 = { "2026-H2", 215, -1, 665, 276, TRUE };
  RlClaimable c;
  g_autoptr(GError) error = NULL;

  add_customers (f->book, 4);
  g_assert_true (_rl_book_exec (f->book,
    /* 2: a consumer; 3: in dispute; 4: not due yet. */
    "UPDATE customers SET kind = 'consumer' WHERE id = 2;"
    "INSERT INTO disputes (invoice_id, reason, opened_on, created_at)"
    "  VALUES (3, 'livraison incomplète', '2026-11-01', 'x');"
    "UPDATE invoices SET due_date = '2026-12-31' WHERE id = 4;", &error));
  g_assert_no_error (error);
  g_assert_true (rl_book_set_rate (f->book, &h2, &error));
  g_assert_no_error (error);

  g_assert_true (rl_book_claimable_penalties (f->book, rl_day_from_iso (TODAY), &c, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (c.missing_half_year, ==, "");
  g_assert_cmpuint (c.n_invoices, ==, 1);
  g_assert_cmpint (c.indemnities, ==, RL_PENALTY_INDEMNITY);
  /* 1 000,00 € × 12.15 % × 67 days (2 October to 7 December) / 365 = 22,30 €. */
  g_assert_cmpint (c.interest, ==, 2230);

  /* A half-year without confirmed rates: nothing is guessed, and it is named. */
  g_assert_true (rl_book_claimable_penalties (f->book, rl_day_from_iso ("2027-02-01"), &c,
                                              &error));
  g_assert_no_error (error);
  g_assert_cmpstr (c.missing_half_year, ==, "2027-H1");
  g_assert_cmpint (c.interest, ==, 0);
  g_assert_cmpint (c.indemnities, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/relance/alerts/broken-promises", Fixture, NULL, rl_test_book_set_up,
              test_broken_promises, rl_test_book_tear_down);
  g_test_add ("/relance/alerts/expired-notices", Fixture, NULL, rl_test_book_set_up,
              test_expired_notices, rl_test_book_tear_down);
  g_test_add ("/relance/alerts/claimable-penalties", Fixture, NULL, rl_test_book_set_up,
              test_claimable_penalties, rl_test_book_tear_down);
  return g_test_run ();
}
