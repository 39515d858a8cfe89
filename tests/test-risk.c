/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-risk"

#include "config.h"

#include <string.h>

#include "rl-book-private.h"
#include "rl-book.h"
#include "rl-demo.h"
#include "rl-error.h"
#include "rl-risk.h"
#include "rl-test-util.h"

/* Small books built through the public API; disputes and promises are inserted in SQL, as
 * nothing public writes them yet. The as-of date of every test is AS_OF. */

typedef RlTestBook Fixture;
#define fixture_set_up rl_test_book_set_up
#define fixture_tear_down rl_test_book_tear_down

#define AS_OF "2026-11-22"

/* Helpers */

#define day rl_test_day
#define exec rl_test_exec
#define add_customer rl_test_add_customer

static char *
iso_plus (const char *iso,
          int         days)
{
  return rl_day_to_iso (day (iso) + days);
}

/* An invoice of @amount due on @due, issued 30 days before. */
static gint64
add_invoice (RlBook     *book,
             gint64      customer_id,
             const char *number,
             const char *due,
             RlCents     amount)
{
  g_autoptr(RlInvoice) inv = rl_invoice_new ();
  g_autoptr(GError) error = NULL;

  inv->number = g_strdup (number);
  inv->customer_id = customer_id;
  inv->kind = RL_INVOICE_KIND_INVOICE;
  inv->issue_date = day (due) - 30;
  inv->due_date = day (due);
  inv->currency = g_strdup ("EUR");
  inv->amount = amount;
  g_assert_true (rl_book_upsert_invoice (book, inv, 0, NULL, &error));
  g_assert_no_error (error);
  return inv->id;
}

/* Pays invoice @number in full on @date, the payer naming it. */
static void
pay (RlBook     *book,
     gint64      customer_id,
     const char *number,
     const char *date,
     RlCents     amount)
{
  g_autoptr(RlPayment) p = rl_payment_new ();
  g_autoptr(GError) error = NULL;
  RlCents allocated = 0;

  p->key = g_strdup_printf ("pay-%s", number);
  p->customer_id = customer_id;
  p->date = day (date);
  p->amount = amount;
  p->currency = g_strdup ("EUR");
  p->invoice_number = g_strdup (number);
  g_assert_true (rl_book_upsert_payment (book, p, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rl_book_allocate_payment (book, p->id, RL_ALLOCATE_NAMED_ONLY, &allocated,
                                           &error));
  g_assert_no_error (error);
  g_assert_cmpint (allocated, ==, amount);
}

/* An invoice of 1000 € due @due_days_ago before AS_OF, paid @late days after it (or left open
 * when @late is G_MININT). */
static void
add_history (RlBook     *book,
             gint64      customer_id,
             const char *code,
             int         n,
             int         due_days_ago,
             int         late)
{
  g_autofree char *number = g_strdup_printf ("%s-%03d", code, n);
  g_autofree char *due = iso_plus (AS_OF, -due_days_ago);

  add_invoice (book, customer_id, number, due, 100000);
  if (late != G_MININT)
    {
      g_autofree char *paid = iso_plus (due, late);

      pay (book, customer_id, number, paid, 100000);
    }
}

/* @n invoices due a month apart, the last one @from days before AS_OF, paid @late days late. */
static void
add_run (RlBook     *book,
         gint64      customer_id,
         const char *code,
         int         first,
         int         n,
         int         from,
         int         late)
{
  for (int i = 0; i < n; i++)
    add_history (book, customer_id, code, first + i, from + 30 * i, late);
}

static RlRisk *
compute (RlBook *book,
         gint64  customer_id)
{
  g_autoptr(GError) error = NULL;
  RlRisk *risk = rl_risk_compute (book, customer_id, day (AS_OF), &error);

  g_assert_no_error (error);
  g_assert_nonnull (risk);
  g_assert_cmpint (risk->customer_id, ==, customer_id);
  g_assert_cmpuint (risk->as_of, ==, day (AS_OF));
  g_assert_cmpint (risk->score, >=, 0);
  g_assert_cmpint (risk->score, <=, 100);
  g_assert_cmpint (risk->klass, ==, rl_risk_class_for_score (risk->score));
  g_assert_nonnull (risk->facts);
  return risk;
}

/* Whether the description of @risk has @sentence as one of its parts. */
static void
assert_reason (const RlRisk *risk,
               const char   *sentence)
{
  g_autofree char *text = rl_risk_describe (risk->facts);
  g_auto(GStrv) parts = g_strsplit (text, "; ", -1);

  if (!g_strv_contains ((const char * const *) parts, sentence))
    g_error ("“%s” not in “%s” (facts %s)", sentence, text, risk->facts);
}

static guint
update_all (RlBook *book)
{
  g_autoptr(GError) error = NULL;
  guint changed = G_MAXUINT;

  g_assert_true (rl_risk_update_all (book, day (AS_OF), &changed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, !=, G_MAXUINT);
  return changed;
}

/* Every customer's stored score is what rl_risk_compute() says. Returns how many there are. */
static guint
assert_stored_matches (RlBook *book)
{
  sqlite3 *db = _rl_book_get_db (book);
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, risk_score, risk_class, risk_reasons,"
                                       " risk_as_of FROM customers ORDER BY id", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(RlRisk) risk = compute (book, sqlite3_column_int64 (stmt, 0));
      char klass[2] = { risk->klass, '\0' };

      g_assert_cmpint (sqlite3_column_type (stmt, 1), ==, SQLITE_INTEGER);
      g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, risk->score);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, klass);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, risk->facts);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 4), ==, AS_OF);
      n++;
    }
  sqlite3_finalize (stmt);
  return n;
}

/* Tests */

static void
test_prompt (Fixture       *f,
             gconstpointer  data)
{
  gint64 id = add_customer (f->book, "PROMPT", -1);
  g_autoptr(RlRisk) risk = NULL;

  /* Ten invoices over the last ten months, paid on the due date or a few days early. */
  for (int i = 0; i < 10; i++)
    add_history (f->book, id, "PROMPT", i, 15 + 30 * i, -(i % 3));
  risk = compute (f->book, id);
  /* No penalty: 100, leaning towards 60 for ten invoices: 60 + 40 × 10 / 12 = 93.3. */
  g_assert_cmpint (risk->score, ==, 93);
  g_assert_cmpint (risk->klass, ==, 'A');
  g_assert_cmpstr (risk->facts, ==, "late=0/10;avg=0;worst=0;overdue=0;overdue_pct_limit=-1;"
                   "disputes=0;past_disputes=0;broken_promises=0;no_history=0");
  assert_reason (risk, "paid all of its last 10 invoices on time");
}

static void
test_chronic (Fixture       *f,
              gconstpointer  data)
{
  /* 7 of 10 late by 10 … 61 days: 161 / 7 = 23 days on average, equal amounts. */
  static const int late[10] = { 10, 0, 12, 14, -2, 16, 18, 0, 30, 61 };
  gint64 id = add_customer (f->book, "LATE", -1);
  g_autoptr(RlRisk) risk = NULL;
  g_autofree char *text = NULL;

  for (int i = 0; i < 10; i++)
    add_history (f->book, id, "LATE", i, 70 + 30 * i, late[i]);
  risk = compute (f->book, id);
  g_test_message ("chronic late payer: %d %c %s", risk->score, risk->klass, risk->facts);
  g_assert_true (risk->klass == 'C' || risk->klass == 'D');
  g_assert_true (g_str_has_prefix (risk->facts, "late=7/10;avg=23;worst=61;overdue=0;"));
  assert_reason (risk, "paid 7 of its last 10 invoices late, 23 days on average");
  assert_reason (risk, "worst delay: 61 days");
  text = rl_risk_describe (risk->facts);
  g_assert_cmpstr (text, ==, "paid 7 of its last 10 invoices late, 23 days on average; "
                   "worst delay: 61 days");
}

/* Old bad and recent good behaviour scores better than old good and recent bad. */
static void
test_recency (Fixture       *f,
              gconstpointer  data)
{
  gint64 mended = add_customer (f->book, "MENDED", -1);
  gint64 worse = add_customer (f->book, "WORSE", -1);
  g_autoptr(RlRisk) r_mended = NULL;
  g_autoptr(RlRisk) r_worse = NULL;

  add_run (f->book, mended, "MENDED", 0, 5, 20, 0);     /* last five months: on time */
  add_run (f->book, mended, "MENDED", 5, 5, 540, 40);   /* 18 to 22 months ago: 40 days late */
  add_run (f->book, worse, "WORSE", 0, 5, 60, 40);      /* last months: 40 days late */
  add_run (f->book, worse, "WORSE", 5, 5, 540, 0);      /* long ago: on time */

  r_mended = compute (f->book, mended);
  r_worse = compute (f->book, worse);
  g_test_message ("mended %d %c, worse %d %c", r_mended->score, r_mended->klass,
                  r_worse->score, r_worse->klass);
  /* The same plain facts, 5 of 10 late by 40 days, not the same score. */
  g_assert_cmpstr (r_mended->facts, ==, r_worse->facts);
  g_assert_cmpint (r_mended->score, >, r_worse->score + 20);
  g_assert_cmpint (r_mended->klass, <, r_worse->klass);
}

static void
test_credit_limit (Fixture       *f,
                   gconstpointer  data)
{
  static const struct { const char *code; RlCents limit; int pct; } cases[] = {
    { "NOLIMIT", -1, -1 },
    { "WIDE", 10000000, 1 },
    { "OVER", 100000, 120 },
    { "ZERO", 0, 9999 },
  };
  int scores[G_N_ELEMENTS (cases)];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 id = add_customer (f->book, cases[i].code, cases[i].limit);
      g_autofree char *number = g_strdup_printf ("%s-OPEN", cases[i].code);
      g_autofree char *due = iso_plus (AS_OF, -10);
      g_autofree char *pct = g_strdup_printf ("overdue_pct_limit=%d;", cases[i].pct);
      g_autoptr(RlRisk) risk = NULL;

      /* A prompt payer with 1200 € overdue for ten days. */
      add_run (f->book, id, cases[i].code, 0, 10, 40, 0);
      add_invoice (f->book, id, number, due, 120000);
      risk = compute (f->book, id);
      g_test_message ("%s: %d %c %s", cases[i].code, risk->score, risk->klass, risk->facts);
      g_assert_nonnull (strstr (risk->facts, pct));
      g_assert_nonnull (strstr (risk->facts, ";worst=10;overdue=1;"));
      assert_reason (risk, "1 invoice overdue");
      scores[i] = risk->score;
      if (cases[i].pct < 0)
        g_assert_cmpint (risk->klass, ==, 'A');
      if (cases[i].pct == 120)
        {
          g_assert_cmpint (risk->klass, >, 'A');
          assert_reason (risk, "overdue is 120 % of its credit limit");
        }
    }
  g_assert_cmpint (scores[0], ==, scores[1]);
  g_assert_cmpint (scores[2], <, scores[1]);
  g_assert_cmpint (scores[3], <, scores[2]);
}

static void
test_holds (Fixture       *f,
            gconstpointer  data)
{
  static const struct
  {
    const char *code;
    int         open_disputes;
    int         resolved_disputes;
    int         broken;
    const char *reason;
  } cases[] = {
    { "CLEAN", 0, 0, 0, "paid all of its last 10 invoices on time" },
    { "DISPUTE", 1, 0, 0, "1 open dispute" },
    { "DISPUTES", 2, 1, 0, "2 open disputes" },
    { "RESOLVED", 0, 2, 0, "2 resolved disputes" },
    { "PROMISE", 0, 0, 1, "1 broken promise" },
    { "PROMISES", 1, 0, 2, "2 broken promises" },
  };
  int clean = -1;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 id = add_customer (f->book, cases[i].code, -1);
      g_autoptr(RlRisk) risk = NULL;

      add_run (f->book, id, cases[i].code, 0, 10, 40, 0);
      for (int d = 0; d < cases[i].open_disputes + cases[i].resolved_disputes; d++)
        {
          g_autofree char *sql = g_strdup_printf (
            "INSERT INTO disputes (invoice_id, reason, opened_on, resolved_on, created_at)"
            " SELECT id, 'quality', '2026-10-01', %s, '2026-10-01T00:00:00Z' FROM invoices"
            " WHERE number = '%s-%03d'",
            d < cases[i].open_disputes ? "NULL" : "'2026-11-01'", cases[i].code, d);

          exec (f->book, sql);
        }
      for (int p = 0; p < cases[i].broken; p++)
        {
          g_autofree char *sql = g_strdup_printf (
            "INSERT INTO promises (customer_id, made_on, promised_for, amount_cents, state,"
            " created_at) VALUES (%" G_GINT64_FORMAT ", '2026-09-01', '2026-09-15', 5000,"
            " 'broken', '2026-09-01T00:00:00Z')", id);

          exec (f->book, sql);
        }
      /* Neither a promise kept nor one broken long ago counts. */
      {
        g_autofree char *sql = g_strdup_printf (
          "INSERT INTO promises (customer_id, made_on, promised_for, amount_cents, state,"
          " created_at) VALUES (%" G_GINT64_FORMAT ", '2026-09-01', '2026-09-15', 5000, 'kept',"
          " 'x'), (%" G_GINT64_FORMAT ", '2023-09-01', '2023-09-15', 5000, 'broken', 'x')",
          id, id);

        exec (f->book, sql);
      }

      risk = compute (f->book, id);
      g_test_message ("%s: %d %c %s", cases[i].code, risk->score, risk->klass, risk->facts);
      assert_reason (risk, cases[i].reason);
      if (i == 0)
        {
          clean = risk->score;
          g_assert_cmpint (risk->klass, ==, 'A');
        }
      else
        {
          g_assert_cmpint (risk->score, <, clean);
        }
      if (g_str_equal (cases[i].code, "PROMISES"))
        g_assert_cmpint (risk->klass, >, 'A');
    }
}

static void
test_no_history (Fixture       *f,
                 gconstpointer  data)
{
  gint64 none = add_customer (f->book, "NONE", -1);
  gint64 fresh = add_customer (f->book, "FRESH", 100000);
  gint64 ancient = add_customer (f->book, "ANCIENT", -1);
  gint64 ids[] = { none, fresh, ancient };
  g_autoptr(GError) error = NULL;
  RlRisk *missing;

  add_invoice (f->book, fresh, "FRESH-1", "2026-12-22", 50000);   /* not due yet */
  add_history (f->book, ancient, "ANCIENT", 0, 1000, 90);         /* paid late, long ago */
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(RlRisk) risk = compute (f->book, ids[i]);
      g_autofree char *text = rl_risk_describe (risk->facts);

      g_assert_cmpint (risk->score, ==, 60);
      g_assert_cmpint (risk->klass, ==, 'B');
      g_assert_true (g_str_has_suffix (risk->facts, ";no_history=1"));
      g_assert_cmpstr (text, ==, "no payment history yet");
    }

  missing = rl_risk_compute (f->book, 999999, day (AS_OF), &error);
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_NOT_FOUND);
  g_assert_null (missing);
}

/* Ties the plain-facts parts to a book where allocations after the as-of date exist: what was
 * owed then counts as overdue, and the invoice does not count as paid. */
static void
test_as_of_past (Fixture       *f,
                 gconstpointer  data)
{
  gint64 id = add_customer (f->book, "PAST", 100000);
  g_autoptr(RlRisk) risk = NULL;

  add_run (f->book, id, "PAST", 0, 4, 60, 0);
  add_history (f->book, id, "PAST", 10, 30, 25);   /* due 30 days ago, paid 5 days ago */
  {
    g_autoptr(GError) error = NULL;

    risk = rl_risk_compute (f->book, id, day (AS_OF) - 10, &error);
    g_assert_no_error (error);
  }
  /* Ten days ago it was 20 days overdue for 1000 €: 100 % of the limit. */
  g_assert_cmpstr (risk->facts, ==, "late=0/4;avg=0;worst=20;overdue=1;overdue_pct_limit=100;"
                   "disputes=0;past_disputes=0;broken_promises=0;no_history=0");
  g_clear_pointer (&risk, rl_risk_free);
  risk = compute (f->book, id);
  g_assert_cmpstr (risk->facts, ==, "late=1/5;avg=25;worst=25;overdue=0;overdue_pct_limit=0;"
                   "disputes=0;past_disputes=0;broken_promises=0;no_history=0");
  assert_reason (risk, "paid 1 of its last 5 invoices late, 25 days on average");
}

static void
test_update_all (Fixture       *f,
                 gconstpointer  data)
{
  gint64 late = add_customer (f->book, "LATE", -1);
  gint64 prompt = add_customer (f->book, "PROMPT", 500000);
  g_autoptr(GError) error = NULL;
  gint64 audit;
  guint changed;

  add_customer (f->book, "NONE", -1);
  add_run (f->book, late, "LATE", 0, 6, 30, 20);
  add_run (f->book, prompt, "PROMPT", 0, 6, 30, 0);

  audit = rl_book_count_audit (f->book);
  g_assert_cmpuint (update_all (f->book), ==, 3);
  g_assert_cmpint (rl_book_count_audit (f->book), ==, audit + 1);
  g_assert_cmpuint (assert_stored_matches (f->book), ==, 3);

  /* Nothing changed: nothing written, nothing audited. */
  g_assert_cmpuint (update_all (f->book), ==, 0);
  g_assert_cmpint (rl_book_count_audit (f->book), ==, audit + 1);

  /* One new late invoice changes one customer, inside the caller's transaction. */
  g_assert_true (rl_book_begin (f->book, &error));
  g_assert_no_error (error);
  add_history (f->book, prompt, "PROMPT", 50, 5, G_MININT);
  audit = rl_book_count_audit (f->book);
  changed = update_all (f->book);
  g_assert_true (rl_book_in_transaction (f->book));
  g_assert_true (rl_book_commit (f->book, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (rl_book_count_audit (f->book), ==, audit + 1);
  g_assert_cmpuint (assert_stored_matches (f->book), ==, 3);
}

/* The day @code was last scored at, and whether its stored score is what it scores at that day. */
static char *
scored_at (RlBook     *book,
           const char *code)
{
  g_autoptr(RlCustomer) c = rl_book_find_customer (book, code, NULL);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(RlRisk) risk = NULL;
  char *iso;

  g_assert_nonnull (c);
  g_assert_cmpint (sqlite3_prepare_v2 (_rl_book_get_db (book),
                                       "SELECT risk_as_of, risk_score, risk_reasons"
                                       " FROM customers WHERE id = ?", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, c->id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  iso = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  risk = rl_risk_compute (book, c->id, day (iso), &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, risk->score);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, risk->facts);
  sqlite3_finalize (stmt);
  return iso;
}

/* The daily refresh: everyone when the evidence changed, the scoring is a week old or from a
 * later day; otherwise only the customers with an invoice that fell due since. */
static void
test_refresh (Fixture       *f,
              gconstpointer  data)
{
  static const struct
  {
    int          days;        /* after AS_OF */
    gboolean     pay_first;   /* a payment comes in before the refresh */
    gboolean     full;
    const char  *soon_at;     /* the day SOON's score is from afterwards */
    const char  *late_at;     /* the day LATE's score is from afterwards */
  } steps[] = {
    { 0, FALSE, TRUE, "2026-11-22", "2026-11-22" },   /* never refreshed: full */
    { 1, FALSE, FALSE, "2026-11-22", "2026-11-22" },  /* nothing fell due: nobody */
    { 4, FALSE, FALSE, "2026-11-26", "2026-11-22" },  /* SOON's invoice fell due on the 25th */
    { 5, FALSE, FALSE, "2026-11-27", "2026-11-22" },  /* still since the full scoring */
    { 7, FALSE, TRUE, "2026-11-29", "2026-11-29" },   /* a week after the full scoring */
    { 8, TRUE, TRUE, "2026-11-30", "2026-11-30" },    /* a payment: full */
    { 3, FALSE, TRUE, "2026-11-25", "2026-11-25" },   /* back in time: full */
  };
  gint64 soon = add_customer (f->book, "SOON", -1);
  gint64 late = add_customer (f->book, "LATE", -1);

  add_run (f->book, soon, "SOON", 0, 4, 30, 3);
  add_run (f->book, late, "LATE", 0, 4, 30, 20);
  add_invoice (f->book, soon, "SOON-NEXT", "2026-11-25", 50000);
  add_history (f->book, late, "LATE", 90, 40, G_MININT);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *soon_at = NULL;
      g_autofree char *late_at = NULL;
      gboolean full = !steps[i].full;

      if (steps[i].pay_first)
        pay (f->book, late, "LATE-090", "2026-11-30", 100000);
      g_assert_true (rl_risk_refresh (f->book, day (AS_OF) + steps[i].days, &full, &error));
      g_assert_no_error (error);
      g_assert_cmpint (full, ==, steps[i].full);
      soon_at = scored_at (f->book, "SOON");
      late_at = scored_at (f->book, "LATE");
      g_assert_cmpstr (soon_at, ==, steps[i].soon_at);
      g_assert_cmpstr (late_at, ==, steps[i].late_at);
    }
}

/* The same book scores the same twice, and every customer alone as in the whole book. */
static void
test_determinism (Fixture       *f,
                  gconstpointer  data)
{
  RlDemoOptions options = { .n_customers = 300, .n_invoices = 4000, .seed = 7,
                            .as_of = day (AS_OF), .months = 24 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) classes = g_hash_table_new (g_direct_hash, g_direct_equal);
  gint64 start;
  guint changed;

  g_assert_true (rl_demo_generate (f->book, &options, NULL, NULL, &error));
  g_assert_no_error (error);
  /* The demo book comes scored; score it again from nothing. */
  g_assert_cmpuint (assert_stored_matches (f->book), ==, options.n_customers);
  exec (f->book, "UPDATE customers SET risk_score = NULL, risk_class = NULL, risk_reasons = NULL");

  start = g_get_monotonic_time ();
  changed = update_all (f->book);
  g_test_message ("rl_risk_update_all: %u customers, %u invoices in %.1f ms", options.n_customers,
                  options.n_invoices, (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (changed, ==, options.n_customers);
  g_assert_cmpuint (assert_stored_matches (f->book), ==, options.n_customers);

  start = g_get_monotonic_time ();
  g_assert_cmpuint (update_all (f->book), ==, 0);
  g_test_message ("again, nothing changed: %.1f ms", (g_get_monotonic_time () - start) / 1000.0);

  /* Three days later, the daily refresh rescores the customers whose invoices fell due
   * meanwhile, all in one pass: each as it scores alone. */
  {
    g_autofree char *later = NULL;
    sqlite3_stmt *stmt = NULL;
    gboolean full = TRUE;
    guint n = 0;

    g_assert_true (rl_risk_refresh (f->book, day (AS_OF), &full, &error));
    g_assert_true (rl_risk_refresh (f->book, day (AS_OF) + 3, &full, &error));
    g_assert_no_error (error);
    g_assert_false (full);
    later = rl_day_to_iso (day (AS_OF) + 3);
    g_assert_cmpint (sqlite3_prepare_v2 (_rl_book_get_db (f->book),
                                         "SELECT id, risk_score, risk_reasons FROM customers"
                                         " WHERE risk_as_of = ?", -1, &stmt, NULL), ==,
                     SQLITE_OK);
    sqlite3_bind_text (stmt, 1, later, -1, SQLITE_STATIC);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        g_autoptr(RlRisk) risk = rl_risk_compute (f->book, sqlite3_column_int64 (stmt, 0),
                                                  day (AS_OF) + 3, &error);

        g_assert_no_error (error);
        g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, risk->score);
        g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, risk->facts);
        n++;
      }
    sqlite3_finalize (stmt);
    g_test_message ("refresh three days later: %u customers rescored", n);
    g_assert_cmpuint (n, >, 1);
  }

  /* A spread of classes, reported for tuning. */
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (_rl_book_get_db (f->book),
                                         "SELECT risk_class, count(*) FROM customers"
                                         " GROUP BY risk_class ORDER BY risk_class", -1, &stmt,
                                         NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_test_message ("class %s: %d customers", sqlite3_column_text (stmt, 0),
                      sqlite3_column_int (stmt, 1));
    sqlite3_finalize (stmt);
  }
}

static void
test_describe (void)
{
  static const struct { const char *facts; const char *text; } cases[] = {
    { NULL, "" },
    { "", "" },
    { "garbage;=;x=1", "" },
    { "late=0/1;avg=0;worst=0", "paid its last invoice on time" },
    { "late=1/1;avg=1;worst=1", "paid its last invoice late, by 1 day" },
    { "late=1/1;avg=5;worst=5;overdue=1",
      "paid its last invoice late, by 5 days; 1 invoice overdue" },
    { "late=1/1;avg=5;worst=9;overdue=2",
      "paid its last invoice late, by 5 days; worst delay: 9 days; 2 invoices overdue" },
    { "late=2/3;avg=1;worst=1", "paid 2 of its last 3 invoices late, 1 day on average" },
    { "late=0/4;avg=0;worst=1;overdue=1;overdue_pct_limit=0",
      "paid all of its last 4 invoices on time; worst delay: 1 day; 1 invoice overdue" },
    { "late=0/0;avg=0;worst=12;overdue=3;overdue_pct_limit=120",
      "worst delay: 12 days; 3 invoices overdue; overdue is 120 % of its credit limit" },
    { "late=0/0;overdue_pct_limit=-1;disputes=1;past_disputes=1;broken_promises=1;no_history=1",
      "no payment history yet; 1 open dispute; 1 resolved dispute; 1 broken promise" },
    { "disputes=3;past_disputes=2;broken_promises=2;future_fact=7",
      "3 open disputes; 2 resolved disputes; 2 broken promises" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = rl_risk_describe (cases[i].facts);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_classes (void)
{
  static const struct { int score; char klass; } cases[] = {
    { 100, 'A' }, { 80, 'A' }, { 79, 'B' }, { 60, 'B' }, { 59, 'C' }, { 40, 'C' }, { 39, 'D' },
    { 0, 'D' },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (rl_risk_class_for_score (cases[i].score), ==, cases[i].klass);
  g_assert_cmpstr (rl_risk_class_label ('A'), ==, "A — reliable payer");
  g_assert_cmpstr (rl_risk_class_label ('B'), ==, "B — usually pays");
  g_assert_cmpstr (rl_risk_class_label ('C'), ==, "C — often late");
  g_assert_cmpstr (rl_risk_class_label ('D'), ==, "D — high risk");
}

int
main (int    argc,
      char **argv)
{
  static const struct { const char *path; void (*func) (Fixture *, gconstpointer); } tests[] = {
    { "/relance/risk/prompt", test_prompt },
    { "/relance/risk/chronic", test_chronic },
    { "/relance/risk/recency", test_recency },
    { "/relance/risk/credit-limit", test_credit_limit },
    { "/relance/risk/holds", test_holds },
    { "/relance/risk/no-history", test_no_history },
    { "/relance/risk/as-of-past", test_as_of_past },
    { "/relance/risk/update-all", test_update_all },
    { "/relance/risk/determinism", test_determinism },
    { "/relance/risk/refresh", test_refresh },
  };

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/relance/risk/describe", test_describe);
  g_test_add_func ("/relance/risk/classes", test_classes);
  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    g_test_add (tests[i].path, Fixture, NULL, fixture_set_up, tests[i].func, fixture_tear_down);
  return g_test_run ();
}
