/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-aging-totals"

#include "config.h"

#include <string.h>

#include "rl-aging.h"
#include "rl-book-pages.h"
#include "rl-book-private.h"
#include "rl-book-schema.h"
#include "rl-book.h"
#include "rl-demo.h"
#include "rl-test-util.h"

/* The totals the book keeps (migration 10) against the pass over every invoice they replace:
 * on books of every shape, changed in every way the book allows and a few it only allows
 * through SQL, the aged balance and the dashboard's figures must be the same to the cent at
 * every day, past ones included, and the kept tables the same as computed again from scratch. */

typedef RlTestBook Fixture;
#define fixture_set_up rl_test_book_set_up
#define fixture_tear_down rl_test_book_tear_down
#define day rl_test_day
#define exec rl_test_exec
#define add_customer rl_test_add_customer
#define add_payment rl_test_add_payment
#define allocate rl_test_allocate
#define add_item rl_test_add_item
#define INVOICE RL_INVOICE_KIND_INVOICE
#define CREDIT RL_INVOICE_KIND_CREDIT_NOTE

/* Helpers */

static void
assert_same_aging (const RlAging *kept,
                   const RlAging *full)
{
  g_assert_cmpuint (kept->as_of, ==, full->as_of);
  g_assert_cmpstr (kept->currency, ==, full->currency);
  g_assert_cmpuint (kept->other_currency_items, ==, full->other_currency_items);
  g_assert_cmpuint (kept->rows->len, ==, 0);
  for (int b = 0; b < RL_N_BUCKETS; b++)
    g_assert_cmpint (kept->total.buckets[b], ==, full->total.buckets[b]);
  g_assert_cmpint (kept->total.open_invoices, ==, full->total.open_invoices);
  g_assert_cmpint (kept->total.overdue, ==, full->total.overdue);
  g_assert_cmpint (kept->total.unapplied_credits, ==, full->total.unapplied_credits);
  g_assert_cmpint (kept->total.unallocated_payments, ==, full->total.unallocated_payments);
  g_assert_cmpint (kept->total.outstanding, ==, full->total.outstanding);
  g_assert_cmpuint (kept->total.n_open, ==, full->total.n_open);
  g_assert_cmpuint (kept->total.n_overdue, ==, full->total.n_overdue);
  g_assert_cmpint (kept->total.max_days_late, ==, full->total.max_days_late);
  g_assert_cmpint (kept->total.adbt_tenths, ==, full->total.adbt_tenths);
  g_assert_cmpint (kept->sales_90_days, ==, full->sales_90_days);
  g_assert_cmpint (kept->dso_countback_tenths, ==, full->dso_countback_tenths);
  g_assert_cmpint (kept->dso_simple_tenths, ==, full->dso_simple_tenths);
  g_assert_cmpuint (kept->customers_over_limit, ==, full->customers_over_limit);
  /* Everything else too: both are zero-filled, padding included. */
  g_assert_cmpmem (&kept->total, sizeof (RlAging) - G_STRUCT_OFFSET (RlAging, total),
                   &full->total, sizeof (RlAging) - G_STRUCT_OFFSET (RlAging, total));
}

/* The kept tables' rows that count, as text, in key order. */
static char *
dump_totals (RlBook *book)
{
  static const char * const queries[] = {
    "SELECT currency, due_date, owed_cents, n FROM totals_open WHERE n <> 0"
    " ORDER BY currency, due_date",
    "SELECT customer_id, currency, invoices_cents, credits_cents, n FROM totals_customers"
    " WHERE n <> 0 ORDER BY customer_id, currency",
    "SELECT currency, issue_date, net_cents FROM totals_sales WHERE net_cents <> 0"
    " ORDER BY currency, issue_date",
    "SELECT payment_id, customer_id, currency, date, left_cents FROM totals_unallocated"
    " ORDER BY payment_id",
  };
  GString *out = g_string_new (NULL);
  sqlite3 *db = _rl_book_get_db (book);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (out, "%s%s", c ? "|" : "",
                                    (const char *) sqlite3_column_text (stmt, c));
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
      g_string_append (out, "--\n");
    }
  return g_string_free (out, FALSE);
}

/* What the triggers kept is what a bulk load's end computes from scratch. */
static void
assert_totals_rebuilt (RlBook *book)
{
  g_autofree char *kept = dump_totals (book);
  g_autofree char *again = NULL;

  exec (book, "SAVEPOINT rebuild");
  exec (book, _rl_book_schema_totals_fill ("invoices"));
  exec (book, _rl_book_schema_totals_fill ("payments"));
  again = dump_totals (book);
  exec (book, "ROLLBACK TO rebuild; RELEASE rebuild");
  g_assert_cmpstr (kept, ==, again);
}

/* The aged balance and the dashboard's figures, kept and full, at @as_of. */
static void
assert_same_at (RlBook *book,
                RlDay   as_of)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlAging) kept = rl_aging_compute (book, as_of, FALSE, &error);
  g_autoptr(RlAging) full = rl_aging_compute_full (book, as_of, FALSE, &error);
  g_autoptr(RlAging) rows = rl_aging_compute_full (book, as_of, TRUE, &error);
  RlDashboardFigures kept_figures, full_figures;

  g_assert_no_error (error);
  assert_same_aging (kept, full);
  g_assert_cmpmem (&full->total, sizeof full->total, &rows->total, sizeof rows->total);

  g_assert_true (_rl_book_compute_dashboard_figures (book, as_of, 14, FALSE, &kept_figures,
                                                     &error));
  g_assert_true (_rl_book_compute_dashboard_figures (book, as_of, 14, TRUE, &full_figures,
                                                     &error));
  g_assert_no_error (error);
  g_assert_cmpmem (&kept_figures, sizeof kept_figures, &full_figures, sizeof full_figures);
}

/* Every few days from @from to @to, and the days around the month ends. */
static void
assert_same_days (RlBook     *book,
                  const char *from,
                  const char *to)
{
  for (RlDay d = day (from); d <= day (to); d += 5)
    assert_same_at (book, d);
  for (RlDay d = day (from); d <= day (to); d = rl_day_add_months (d, 1))
    {
      int y, m, dd;

      rl_day_to_ymd (d, &y, &m, &dd);
      assert_same_at (book, rl_day_from_ymd (y, m, rl_day_days_in_month (y, m)));
      assert_same_at (book, rl_day_from_ymd (y, m, 1));
    }
  assert_totals_rebuilt (book);
}

/* Books */

/* Every kind of item and what may happen to it, in two currencies, for three customers (one
 * over its limit, one with a limit of zero, one without). */
static void
build_mixed (RlBook *book)
{
  gint64 a = add_customer (book, "A", 500000);
  gint64 b = add_customer (book, "B", 0);
  gint64 c = add_customer (book, "C", -1);
  gint64 inv, cn, pay;

  /* Due on the edges of the buckets as of 2026-06-30. */
  add_item (book, a, INVOICE, "A-0", "2026-05-01", "2026-06-30", 10000, "EUR", FALSE);
  add_item (book, a, INVOICE, "A-1", "2026-05-01", "2026-06-29", 10100, "EUR", FALSE);
  add_item (book, a, INVOICE, "A-30", "2026-04-01", "2026-05-31", 10300, "EUR", FALSE);
  add_item (book, a, INVOICE, "A-31", "2026-04-01", "2026-05-30", 10310, "EUR", FALSE);
  add_item (book, a, INVOICE, "A-61", "2026-03-01", "2026-04-30", 10610, "EUR", FALSE);
  add_item (book, a, INVOICE, "A-91", "2026-02-01", "2026-03-31", 10910, "EUR", FALSE);
  add_item (book, a, INVOICE, "A-BIG", "2025-01-15", "2025-02-14", 900000,
            "EUR", FALSE);

  /* Paid in part, then in full later. */
  inv = add_item (book, b, INVOICE, "B-1", "2026-01-10", "2026-02-09", 120000,
                  "EUR", FALSE);
  pay = add_payment (book, b, "pb-1", "2026-02-20", 50000, "EUR");
  allocate (book, pay, 0, inv, 50000, "2026-02-20");
  pay = add_payment (book, b, "pb-2", "2026-07-15", 100000, "EUR");
  allocate (book, pay, 0, inv, 70000, "2026-07-15");   /* 30000 of it not applied */

  /* A credit note applied in part after it was issued, another still open. */
  cn = add_item (book, b, CREDIT, "B-AV1", "2026-03-05", "2026-03-05", 30000,
                 "EUR", FALSE);
  inv = add_item (book, b, INVOICE, "B-2", "2026-03-01", "2026-03-31", 45000,
                  "EUR", FALSE);
  allocate (book, 0, cn, inv, 20000, "2026-05-10");
  add_item (book, c, CREDIT, "C-AV1", "2026-06-01", "2026-06-01", 7000,
            "EUR", FALSE);

  /* Cancelled, open or paid. */
  add_item (book, c, INVOICE, "C-X1", "2026-02-01", "2026-03-03", 55000, "EUR", FALSE);
  exec (book, "UPDATE invoices SET cancelled = 1 WHERE number = 'C-X1'");
  inv = add_item (book, c, INVOICE, "C-X2", "2026-02-01", "2026-03-03", 66000,
                  "EUR", FALSE);
  pay = add_payment (book, c, "pc-x2", "2026-03-10", 66000, "EUR");
  allocate (book, pay, 0, inv, 66000, "2026-03-10");
  exec (book, "UPDATE invoices SET cancelled = 1 WHERE number = 'C-X2'");

  /* Issued after some of the days looked at, and in the future. */
  add_item (book, c, INVOICE, "C-NEXT", "2026-08-20", "2026-09-19", 33000, "EUR", FALSE);
  add_item (book, c, INVOICE, "C-FUTURE", "2027-01-10", "2027-02-09", 44000,
            "EUR", FALSE);
  add_item (book, c, CREDIT, "C-AVF", "2027-01-11", "2027-01-11", 4000,
            "EUR", FALSE);

  /* Payments: one not applied, one of a payer not known yet, one received after. */
  add_payment (book, c, "pc-free", "2026-04-04", 12345, "EUR");
  add_payment (book, 0, "p-unknown", "2026-04-05", 99999, "EUR");
  add_payment (book, a, "pa-late", "2026-09-01", 2500, "EUR");

  /* Another currency: left out, but counted. */
  inv = add_item (book, a, INVOICE, "A-USD", "2026-03-01", "2026-03-31", 70000,
                  "USD", FALSE);
  pay = add_payment (book, a, "pa-usd", "2026-06-15", 20000, "USD");
  allocate (book, pay, 0, inv, 15000, "2026-06-15");
  add_item (book, c, CREDIT, "C-AVUSD", "2026-03-02", "2026-03-02", 500,
            "USD", FALSE);
}

static void
test_mixed (Fixture       *f,
            gconstpointer  data)
{
  build_mixed (f->book);
  assert_same_days (f->book, "2025-01-01", "2027-03-01");
}

/* What the book does to items after they are written, and what only SQL does: the totals
 * follow, and are the same as computed again. */
static void
test_changes (Fixture       *f,
              gconstpointer  data)
{
  static const char * const changes[] = {
    /* Amounts changed: an open invoice's, and one lowered under what was applied to it, which
     * then owes nothing (over-paid). */
    "UPDATE invoices SET amount_cents = 800000 WHERE number = 'A-BIG'",
    "UPDATE invoices SET amount_cents = 40000 WHERE number = 'B-1'",
    "UPDATE invoices SET amount_cents = 15000 WHERE number = 'B-2'",
    "UPDATE invoices SET amount_cents = 6000 WHERE number = 'C-AV1'",
    /* A payment lowered under what it applied, a payment's payer forgotten, then known. */
    "UPDATE payments SET amount_cents = 60000 WHERE key = 'pb-2'",
    "UPDATE payments SET customer_id = NULL WHERE key = 'pc-free'",
    "UPDATE payments SET customer_id = (SELECT id FROM customers WHERE code = 'B')"
    " WHERE key = 'p-unknown'",
    /* Dates, currency, customer and kind changed. */
    "UPDATE invoices SET due_date = '2026-01-31' WHERE number = 'A-0'",
    "UPDATE invoices SET issue_date = '2026-07-01' WHERE number = 'A-1'",
    "UPDATE invoices SET currency = 'USD' WHERE number = 'A-30'",
    "UPDATE invoices SET customer_id = (SELECT id FROM customers WHERE code = 'C')"
    " WHERE number = 'A-31'",
    "UPDATE payments SET date = '2026-01-01', currency = 'USD' WHERE key = 'pa-late'",
    /* Cancelled and restored. */
    "UPDATE invoices SET cancelled = 1 WHERE number = 'A-61'",
    "UPDATE invoices SET cancelled = 0 WHERE number = 'C-X1'",
    /* Allocations undone, an invoice and a payment removed. */
    "DELETE FROM allocations WHERE credit_note_id IS NOT NULL",
    "DELETE FROM allocations WHERE payment_id = (SELECT id FROM payments WHERE key = 'pb-1')",
    "DELETE FROM payments WHERE key = 'pb-1'",
    "DELETE FROM invoices WHERE number = 'A-91'",
  };
  g_autoptr(GError) error = NULL;

  build_mixed (f->book);
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      exec (f->book, changes[i]);
      assert_totals_rebuilt (f->book);
      assert_same_at (f->book, day ("2026-06-30"));
      assert_same_at (f->book, day ("2026-03-15"));
    }
  /* Another currency for the book. */
  {
    g_autoptr(RlCompany) company = rl_book_get_company (f->book, &error);

    g_free (company->currency);
    company->currency = g_strdup ("USD");
    g_assert_true (rl_book_set_company (f->book, company, &error));
    g_assert_no_error (error);
  }
  assert_same_days (f->book, "2026-01-01", "2026-12-31");
}

/* Demo books, written in bulk (the triggers dropped, the totals computed at the end), of
 * several sizes and histories, then changed row by row. */
static void
test_demo (Fixture       *f,
           gconstpointer  data)
{
  static const struct { guint customers, invoices, seed, months; } books[] = {
    { 30, 400, 1, 24 },
    { 80, 1500, 7, 40 },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (books); i++)
    {
      g_autofree char *name = g_strdup_printf ("demo%u.relance", i);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_autoptr(RlBook) book = rl_book_open (path, RL_BOOK_OPEN_CREATE, &error);
      RlDemoOptions options = { .n_customers = books[i].customers,
                                .n_invoices = books[i].invoices, .seed = books[i].seed,
                                .as_of = day ("2026-11-22"), .months = books[i].months };
      gint64 c;

      g_assert_no_error (error);
      rl_book_set_actor (book, "test");
      g_assert_true (rl_demo_generate (book, &options, NULL, NULL, &error));
      g_assert_no_error (error);
      assert_same_days (book, "2024-06-01", "2026-12-31");

      /* Written one by one afterwards: a new invoice paid in part late, a payment's
       * allocations cleared. */
      c = add_customer (book, "LATE", 100);
      allocate (book, add_payment (book, c, "p-late", "2026-11-20", 5000, "EUR"), 0,
                add_item (book, c, INVOICE, "LATE-1", "2026-09-01",
                          "2026-10-01", 9000, "EUR", FALSE), 4000, "2026-11-21");
      g_assert_true (rl_book_clear_allocations (book, 1, &error));
      g_assert_no_error (error);
      assert_same_days (book, "2026-06-01", "2026-12-31");
    }
}

/* During a bulk load the triggers are gone and the totals behind: the figures then come from
 * the pass; a rollback brings the triggers back, a commit the totals up to date. */
static void
test_bulk (Fixture       *f,
           gconstpointer  data)
{
  static const char * const tables[] = { "invoices", "payments", NULL };
  g_autofree char *before = NULL;
  g_autoptr(GError) error = NULL;
  gint64 c;

  build_mixed (f->book);
  before = dump_totals (f->book);
  c = add_customer (f->book, "BULK", -1);

  g_assert_true (rl_book_begin_bulk (f->book, tables, &error));
  g_assert_no_error (error);
  g_assert_cmpint (_rl_book_query_int64 (f->book, "SELECT count (*) FROM sqlite_master"
                                         " WHERE name GLOB 'totals_invoices_*'"), ==, 0);
  add_item (f->book, c, INVOICE, "BULK-1", "2026-05-01", "2026-05-31", 1000,
            "EUR", FALSE);
  g_assert_true (_rl_book_totals_stale (f->book));
  {
    g_autoptr(RlAging) kept = rl_aging_compute (f->book, day ("2026-06-30"), FALSE, &error);
    g_autoptr(RlAging) full = rl_aging_compute_full (f->book, day ("2026-06-30"), FALSE, &error);

    g_assert_no_error (error);
    assert_same_aging (kept, full);
  }
  rl_book_rollback (f->book);
  g_assert_cmpint (_rl_book_query_int64 (f->book, "SELECT count (*) FROM sqlite_master"
                                         " WHERE name GLOB 'totals_*' AND type = 'trigger'"),
                   ==, 9);
  {
    g_autofree char *after = dump_totals (f->book);

    g_assert_cmpstr (after, ==, before);
  }

  g_assert_true (rl_book_begin_bulk (f->book, tables, &error));
  add_item (f->book, c, INVOICE, "BULK-2", "2026-05-01", "2026-05-31", 2000,
            "EUR", FALSE);
  add_payment (f->book, c, "p-bulk", "2026-05-02", 700, "EUR");
  g_assert_true (rl_book_commit (f->book, &error));
  g_assert_no_error (error);
  g_assert_cmpint (_rl_book_query_int64 (f->book, "SELECT count (*) FROM sqlite_master"
                                         " WHERE name GLOB 'totals_*' AND type = 'trigger'"),
                   ==, 9);
  g_assert_false (_rl_book_totals_stale (f->book));
  assert_same_days (f->book, "2026-01-01", "2026-12-31");
}

int
main (int    argc,
      char **argv)
{
  static const struct { const char *path; void (*func) (Fixture *, gconstpointer); } tests[] = {
    { "/relance/aging-totals/mixed", test_mixed },
    { "/relance/aging-totals/changes", test_changes },
    { "/relance/aging-totals/demo", test_demo },
    { "/relance/aging-totals/bulk", test_bulk },
  };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    g_test_add (tests[i].path, Fixture, NULL, fixture_set_up, tests[i].func, fixture_tear_down);
  return g_test_run ();
}
