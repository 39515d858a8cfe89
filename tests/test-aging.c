/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-aging"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "rl-aging.h"
#include "rl-book-private.h"
#include "rl-book.h"
#include "rl-demo.h"
#include "rl-test-util.h"

/* Small books built through the public API, with every expected number worked out by hand in
 * the comments. Amounts are in cents. */

typedef RlTestBook Fixture;
#define fixture_set_up rl_test_book_set_up
#define fixture_tear_down rl_test_book_tear_down

/* Helpers */

#define day rl_test_day
#define add_customer rl_test_add_customer
#define add_item rl_test_add_item
#define add_payment rl_test_add_payment
#define allocate rl_test_allocate

static gint64
add_invoice (RlBook     *book,
             gint64      customer_id,
             const char *number,
             const char *issue,
             const char *due,
             RlCents     amount)
{
  return add_item (book, customer_id, RL_INVOICE_KIND_INVOICE, number, issue, due, amount, "EUR",
                   FALSE);
}

static gint64
add_credit_note (RlBook     *book,
                 gint64      customer_id,
                 const char *number,
                 const char *issue,
                 RlCents     amount)
{
  return add_item (book, customer_id, RL_INVOICE_KIND_CREDIT_NOTE, number, issue, issue, amount,
                   "EUR", FALSE);
}

/* A payment in full of an invoice, applied on its date. */
static void
pay (RlBook     *book,
     gint64      customer_id,
     gint64      invoice_id,
     const char *key,
     const char *date,
     RlCents     amount)
{
  allocate (book, add_payment (book, customer_id, key, date, amount, "EUR"), 0, invoice_id,
            amount, date);
}

static RlAging *
compute (RlBook     *book,
         const char *as_of,
         gboolean    per_customer)
{
  g_autoptr(GError) error = NULL;
  RlAging *aging = rl_aging_compute (book, day (as_of), per_customer, &error);

  g_assert_no_error (error);
  g_assert_nonnull (aging);
  g_assert_cmpuint (aging->as_of, ==, day (as_of));
  g_assert_cmpstr (aging->currency, ==, "EUR");
  g_assert_nonnull (aging->rows);
  if (!per_customer)
    g_assert_cmpuint (aging->rows->len, ==, 0);
  return aging;
}

static const RlAgingRow *
find_row (RlAging    *aging,
          const char *code)
{
  for (guint i = 0; i < aging->rows->len; i++)
    {
      const RlAgingRow *row = g_ptr_array_index (aging->rows, i);

      if (g_strcmp0 (row->code, code) == 0)
        return row;
    }
  g_assert_not_reached ();
  return NULL;
}

static void
assert_buckets (const RlAgingRow *row,
                RlCents           not_due,
                RlCents           d1_30,
                RlCents           d31_60,
                RlCents           d61_90,
                RlCents           over_90)
{
  g_assert_cmpint (row->buckets[RL_BUCKET_NOT_DUE], ==, not_due);
  g_assert_cmpint (row->buckets[RL_BUCKET_1_30], ==, d1_30);
  g_assert_cmpint (row->buckets[RL_BUCKET_31_60], ==, d31_60);
  g_assert_cmpint (row->buckets[RL_BUCKET_61_90], ==, d61_90);
  g_assert_cmpint (row->buckets[RL_BUCKET_OVER_90], ==, over_90);
  g_assert_cmpint (row->open_invoices, ==, not_due + d1_30 + d31_60 + d61_90 + over_90);
  g_assert_cmpint (row->overdue, ==, d1_30 + d31_60 + d61_90 + over_90);
}

/* The same totals whether the rows are asked for or not, and the total is their sum. */
static void
assert_total_is_sum (RlBook     *book,
                     RlAging    *aging,
                     const char *as_of)
{
  g_autoptr(RlAging) bare = compute (book, as_of, FALSE);
  RlAgingRow sum = { 0 };

  for (guint i = 0; i < aging->rows->len; i++)
    {
      const RlAgingRow *row = g_ptr_array_index (aging->rows, i);

      for (int b = 0; b < RL_N_BUCKETS; b++)
        sum.buckets[b] += row->buckets[b];
      sum.open_invoices += row->open_invoices;
      sum.overdue += row->overdue;
      sum.unapplied_credits += row->unapplied_credits;
      sum.unallocated_payments += row->unallocated_payments;
      sum.outstanding += row->outstanding;
      sum.n_open += row->n_open;
      sum.n_overdue += row->n_overdue;
      sum.max_days_late = MAX (sum.max_days_late, row->max_days_late);
      if (i > 0)
        {
          const RlAgingRow *prev = g_ptr_array_index (aging->rows, i - 1);

          g_assert_cmpstr (prev->code, <, row->code);
        }
    }
  for (int b = 0; b < RL_N_BUCKETS; b++)
    g_assert_cmpint (aging->total.buckets[b], ==, sum.buckets[b]);
  g_assert_cmpint (aging->total.open_invoices, ==, sum.open_invoices);
  g_assert_cmpint (aging->total.overdue, ==, sum.overdue);
  g_assert_cmpint (aging->total.unapplied_credits, ==, sum.unapplied_credits);
  g_assert_cmpint (aging->total.unallocated_payments, ==, sum.unallocated_payments);
  g_assert_cmpint (aging->total.outstanding, ==, sum.outstanding);
  g_assert_cmpint (aging->total.outstanding, ==, aging->total.open_invoices
                   - aging->total.unapplied_credits - aging->total.unallocated_payments);
  g_assert_cmpuint (aging->total.n_open, ==, sum.n_open);
  g_assert_cmpuint (aging->total.n_overdue, ==, sum.n_overdue);
  g_assert_cmpint (aging->total.max_days_late, ==, sum.max_days_late);
  g_assert_cmpint (aging->total.customer_id, ==, 0);
  g_assert_null (aging->total.code);
  g_assert_false (aging->total.has_credit_limit);
  g_assert_cmpint (aging->total.credit_usage_bp, ==, -1);

  /* Both are zero-filled, padding included: everything after the rows compares as bytes. */
  g_assert_cmpuint (bare->other_currency_items, ==, aging->other_currency_items);
  g_assert_cmpmem (&bare->total, sizeof (RlAging) - G_STRUCT_OFFSET (RlAging, total),
                   &aging->total, sizeof (RlAging) - G_STRUCT_OFFSET (RlAging, total));
}

/* Tests */

static void
test_bucket (void)
{
  static const struct { int days_late; RlBucket bucket; } cases[] = {
    { -400, RL_BUCKET_NOT_DUE }, { -1, RL_BUCKET_NOT_DUE }, { 0, RL_BUCKET_NOT_DUE },
    { 1, RL_BUCKET_1_30 }, { 30, RL_BUCKET_1_30 }, { 31, RL_BUCKET_31_60 },
    { 60, RL_BUCKET_31_60 }, { 61, RL_BUCKET_61_90 }, { 90, RL_BUCKET_61_90 },
    { 91, RL_BUCKET_OVER_90 }, { 10000, RL_BUCKET_OVER_90 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (rl_aging_bucket (cases[i].days_late), ==, cases[i].bucket);
}

/* One customer per case, one invoice of 100.00 × (i + 1) due days_late days before the as-of
 * date. The as-of date, 2024-03-31, is in a leap year: 31 days before it is 29 February. */
static void
test_boundaries (Fixture       *f,
                 gconstpointer  data)
{
  static const struct { int days_late; RlBucket bucket; } cases[] = {
    { -10, RL_BUCKET_NOT_DUE }, { 0, RL_BUCKET_NOT_DUE }, { 1, RL_BUCKET_1_30 },
    { 30, RL_BUCKET_1_30 }, { 31, RL_BUCKET_31_60 }, { 60, RL_BUCKET_31_60 },
    { 61, RL_BUCKET_61_90 }, { 90, RL_BUCKET_61_90 }, { 91, RL_BUCKET_OVER_90 },
    { 400, RL_BUCKET_OVER_90 },
  };
  g_autoptr(RlAging) aging = NULL;
  RlDay as_of = day ("2024-03-31");
  g_autofree char *leap_day = rl_day_to_iso (as_of - 31);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *code = g_strdup_printf ("B%02u", i);
      g_autofree char *due = rl_day_to_iso (as_of - cases[i].days_late);
      g_autofree char *issue = rl_day_to_iso (as_of - cases[i].days_late - 30);

      add_invoice (f->book, add_customer (f->book, code, -1), code, issue, due, 10000 * (i + 1));
    }
  g_assert_cmpstr (leap_day, ==, "2024-02-29");

  aging = compute (f->book, "2024-03-31", TRUE);
  g_assert_cmpuint (aging->rows->len, ==, G_N_ELEMENTS (cases));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *code = g_strdup_printf ("B%02u", i);
      g_autofree char *expected_name = g_strdup_printf ("Client B%02u", i);
      const RlAgingRow *row = find_row (aging, code);
      RlCents amount = 10000 * (i + 1);
      int late = cases[i].days_late;

      for (int b = 0; b < RL_N_BUCKETS; b++)
        g_assert_cmpint (row->buckets[b], ==, b == (int) cases[i].bucket ? amount : 0);
      g_assert_cmpint (row->open_invoices, ==, amount);
      g_assert_cmpint (row->overdue, ==, late > 0 ? amount : 0);
      g_assert_cmpint (row->outstanding, ==, amount);
      g_assert_cmpuint (row->n_open, ==, 1);
      g_assert_cmpuint (row->n_overdue, ==, late > 0);
      g_assert_cmpint (row->max_days_late, ==, MAX (late, 0));
      g_assert_cmpint (row->adbt_tenths, ==, late > 0 ? late * 10 : 0);
      g_assert_cmpint (row->customer_id, >, 0);
      g_assert_cmpstr (row->name, ==, expected_name);
    }

  /* Not due 1 + 2, 1–30 3 + 4, 31–60 5 + 6, 61–90 7 + 8, > 90 9 + 10 (× 100.00).
   * ADBT: Σ amount × days = (3×1 + 4×30 + 5×31 + 6×60 + 7×61 + 8×90 + 9×91 + 10×400) × 10000
   * = 6604 × 10000 over (3 + … + 10) × 10000 = 52 × 10000: exactly 127 days. */
  assert_buckets (&aging->total, 30000, 70000, 110000, 150000, 190000);
  g_assert_cmpuint (aging->total.n_open, ==, 10);
  g_assert_cmpuint (aging->total.n_overdue, ==, 8);
  g_assert_cmpint (aging->total.max_days_late, ==, 400);
  g_assert_cmpint (aging->total.adbt_tenths, ==, 1270);
  assert_total_is_sum (f->book, aging, "2024-03-31");
}

/* 1,000.00 issued 10 January, due 9 February 2026; 400.00 paid on 20 February. */
static void
test_partial_payment (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlAging) before = NULL;
  g_autoptr(RlAging) after = NULL;
  gint64 c = add_customer (f->book, "P1", -1);
  gint64 p;
  RlCents allocated = 0;

  add_invoice (f->book, c, "F-1", "2026-01-10", "2026-02-09", 100000);
  p = add_payment (f->book, c, "bank-1", "2026-02-20", 40000, "EUR");
  g_assert_true (rl_book_allocate_payment (f->book, p, RL_ALLOCATE_OLDEST_FIRST, &allocated,
                                           &error));
  g_assert_no_error (error);
  g_assert_cmpint (allocated, ==, 40000);

  /* 1 March: 600.00 left, 20 days after 9 February. */
  after = compute (f->book, "2026-03-01", TRUE);
  g_assert_cmpuint (after->rows->len, ==, 1);
  assert_buckets (find_row (after, "P1"), 0, 60000, 0, 0, 0);
  g_assert_cmpint (after->total.outstanding, ==, 60000);
  g_assert_cmpint (after->total.unallocated_payments, ==, 0);
  g_assert_cmpint (after->total.max_days_late, ==, 20);
  g_assert_cmpint (after->total.adbt_tenths, ==, 200);

  /* 19 February, before the payment: all of it, 10 days late. */
  before = compute (f->book, "2026-02-19", FALSE);
  assert_buckets (&before->total, 0, 100000, 0, 0, 0);
  g_assert_cmpint (before->total.max_days_late, ==, 10);
  assert_total_is_sum (f->book, after, "2026-03-01");
}

/* 500.00 due 1 February 2026, paid in full on 15 March; 800.00 received on 1 March and
 * applied on 20 March to an invoice of 800.00 due 1 March; 300.00 received on 20 March, not
 * applied. */
static void
test_later_payment (Fixture       *f,
                    gconstpointer  data)
{
  gint64 c = add_customer (f->book, "L1", -1);
  gint64 a = add_invoice (f->book, c, "F-A", "2026-01-02", "2026-02-01", 50000);
  gint64 b = add_invoice (f->book, c, "F-B", "2026-01-30", "2026-03-01", 80000);
  gint64 p800 = add_payment (f->book, c, "p800", "2026-03-01", 80000, "EUR");

  pay (f->book, c, a, "p500", "2026-03-15", 50000);
  allocate (f->book, p800, 0, b, 80000, "2026-03-20");
  add_payment (f->book, c, "p300", "2026-03-20", 30000, "EUR");

  {
    /* 20 January: F-A not due yet; F-B issued later; nothing received. */
    g_autoptr(RlAging) aging = compute (f->book, "2026-01-20", TRUE);

    assert_buckets (&aging->total, 50000, 0, 0, 0, 0);
    g_assert_cmpuint (aging->total.n_open, ==, 1);
    g_assert_cmpint (aging->total.unallocated_payments, ==, 0);
    assert_total_is_sum (f->book, aging, "2026-01-20");
  }
  {
    /* 10 March: F-A 37 days late and F-B 9 days late are both open again; the 800.00 was
     * received but not applied yet; the 300.00 is not received yet. */
    g_autoptr(RlAging) aging = compute (f->book, "2026-03-10", TRUE);
    const RlAgingRow *row = find_row (aging, "L1");

    assert_buckets (row, 0, 80000, 50000, 0, 0);
    g_assert_cmpint (row->unallocated_payments, ==, 80000);
    g_assert_cmpint (row->outstanding, ==, 50000);
    g_assert_cmpint (row->max_days_late, ==, 37);
    /* (800.00 × 9 + 500.00 × 37) / 1,300.00 = 25,700 / 1,300 = 19.769 days */
    g_assert_cmpint (row->adbt_tenths, ==, 198);
    assert_total_is_sum (f->book, aging, "2026-03-10");
  }
  {
    /* 15 March: F-A paid that day. */
    g_autoptr(RlAging) aging = compute (f->book, "2026-03-15", FALSE);

    assert_buckets (&aging->total, 0, 80000, 0, 0, 0);
    g_assert_cmpint (aging->total.unallocated_payments, ==, 80000);
    g_assert_cmpint (aging->total.outstanding, ==, 0);
  }
  {
    /* 25 March: all settled, 300.00 received and not applied. */
    g_autoptr(RlAging) aging = compute (f->book, "2026-03-25", TRUE);
    const RlAgingRow *row = find_row (aging, "L1");

    assert_buckets (row, 0, 0, 0, 0, 0);
    g_assert_cmpuint (row->n_open, ==, 0);
    g_assert_cmpint (row->unallocated_payments, ==, 30000);
    g_assert_cmpint (row->outstanding, ==, -30000);
    g_assert_cmpint (row->max_days_late, ==, 0);
    g_assert_cmpint (row->adbt_tenths, ==, 0);
    assert_total_is_sum (f->book, aging, "2026-03-25");
  }
}

/* An invoice of 1,000.00 due 30 April 2026; credit notes of 200.00 (applied in full on
 * 20 March), 100.00 (40.00 applied on 5 March) and 150.00 (not applied). */
static void
test_credit_notes (Fixture       *f,
                   gconstpointer  data)
{
  gint64 c = add_customer (f->book, "K1", -1);
  gint64 inv = add_invoice (f->book, c, "F-1", "2026-03-01", "2026-04-30", 100000);
  gint64 cn200 = add_credit_note (f->book, c, "AV-1", "2026-03-02", 20000);
  gint64 cn100 = add_credit_note (f->book, c, "AV-2", "2026-03-03", 10000);

  add_credit_note (f->book, c, "AV-3", "2026-03-04", 15000);
  allocate (f->book, 0, cn200, inv, 20000, "2026-03-20");
  allocate (f->book, 0, cn100, inv, 4000, "2026-03-05");

  {
    /* 31 March: 1,000 − 200 − 40 = 760.00 open; 60 + 150 = 210.00 unapplied; 550.00 owed. */
    g_autoptr(RlAging) aging = compute (f->book, "2026-03-31", TRUE);
    const RlAgingRow *row = find_row (aging, "K1");

    assert_buckets (row, 76000, 0, 0, 0, 0);
    g_assert_cmpint (row->unapplied_credits, ==, 21000);
    g_assert_cmpint (row->outstanding, ==, 55000);
    g_assert_cmpuint (row->n_open, ==, 1);
    assert_total_is_sum (f->book, aging, "2026-03-31");
  }
  {
    /* 10 March: AV-1 not applied yet: 960.00 open, 200 + 60 + 150 = 410.00 unapplied. */
    g_autoptr(RlAging) aging = compute (f->book, "2026-03-10", TRUE);

    assert_buckets (&aging->total, 96000, 0, 0, 0, 0);
    g_assert_cmpint (aging->total.unapplied_credits, ==, 41000);
    g_assert_cmpint (aging->total.outstanding, ==, 55000);
    assert_total_is_sum (f->book, aging, "2026-03-10");
  }
  {
    /* 3 March: AV-1 and AV-2 issued, nothing applied, AV-3 not issued yet. */
    g_autoptr(RlAging) aging = compute (f->book, "2026-03-03", FALSE);

    assert_buckets (&aging->total, 100000, 0, 0, 0, 0);
    g_assert_cmpint (aging->total.unapplied_credits, ==, 30000);
    g_assert_cmpint (aging->total.outstanding, ==, 70000);
    /* Net sales: 1,000 − 200 − 100. */
    g_assert_cmpint (aging->sales_90_days, ==, 70000);
  }
}

/* Unapplied payments: by customer, in other currencies, from payers not known yet. */
static void
test_unallocated_payments (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(RlAging) aging = NULL;
  gint64 c1 = add_customer (f->book, "U1", 100000);
  gint64 c2 = add_customer (f->book, "U2", -1);
  gint64 inv = add_invoice (f->book, c2, "F-1", "2026-05-01", "2026-05-31", 30000);
  gint64 p = add_payment (f->book, c2, "p-c2", "2026-05-20", 50000, "EUR");

  add_payment (f->book, c1, "p-c1", "2026-05-10", 25000, "EUR");
  add_payment (f->book, c1, "p-usd", "2026-05-10", 99900, "USD");
  add_payment (f->book, 0, "p-unknown", "2026-05-10", 77700, "EUR");
  add_payment (f->book, c1, "p-later", "2026-06-02", 11100, "EUR");
  allocate (f->book, p, 0, inv, 30000, "2026-05-20");

  /* U1: 250.00 received, nothing owed: −250.00, no use of its 1,000.00 limit.
   * U2: 500.00 received, 300.00 of it applied to its invoice: −200.00. */
  aging = compute (f->book, "2026-06-01", TRUE);
  g_assert_cmpuint (aging->rows->len, ==, 2);
  g_assert_cmpint (find_row (aging, "U1")->unallocated_payments, ==, 25000);
  g_assert_cmpint (find_row (aging, "U1")->outstanding, ==, -25000);
  g_assert_cmpint (find_row (aging, "U1")->credit_usage_bp, ==, 0);
  g_assert_cmpint (find_row (aging, "U1")->open_invoices, ==, 0);
  g_assert_cmpint (find_row (aging, "U2")->unallocated_payments, ==, 20000);
  g_assert_cmpint (find_row (aging, "U2")->outstanding, ==, -20000);
  g_assert_cmpint (find_row (aging, "U2")->credit_usage_bp, ==, -1);
  g_assert_cmpint (aging->total.unallocated_payments, ==, 45000);
  g_assert_cmpint (aging->total.outstanding, ==, -45000);
  g_assert_cmpuint (aging->other_currency_items, ==, 1);
  g_assert_cmpuint (aging->customers_over_limit, ==, 0);
  /* Sales of 300.00, nothing owed. */
  g_assert_cmpint (aging->dso_simple_tenths, ==, 0);
  g_assert_cmpint (aging->dso_countback_tenths, ==, 0);
  assert_total_is_sum (f->book, aging, "2026-06-01");
}

/* What is left out: issued after the as-of date, cancelled, in another currency. */
static void
test_exclusions (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(RlAging) aging = NULL;
  gint64 c = add_customer (f->book, "X1", -1);
  gint64 usd_paid = add_item (f->book, c, RL_INVOICE_KIND_INVOICE, "F-USD-PAID", "2026-06-01",
                              "2026-06-30", 5000, "USD", FALSE);
  gint64 p;

  add_invoice (f->book, c, "F-KEPT", "2026-06-01", "2026-06-30", 12300);
  add_invoice (f->book, c, "F-FUTURE", "2026-07-02", "2026-08-01", 40000);
  add_item (f->book, c, RL_INVOICE_KIND_INVOICE, "F-CANCELLED", "2026-06-01", "2026-06-30",
            50000, "EUR", TRUE);
  add_item (f->book, c, RL_INVOICE_KIND_CREDIT_NOTE, "AV-CANCELLED", "2026-06-01", "2026-06-01",
            7000, "EUR", TRUE);
  add_item (f->book, c, RL_INVOICE_KIND_INVOICE, "F-USD", "2026-06-01", "2026-06-30", 60000,
            "USD", FALSE);
  add_item (f->book, c, RL_INVOICE_KIND_CREDIT_NOTE, "AV-USD", "2026-06-01", "2026-06-01", 1000,
            "USD", FALSE);
  p = add_payment (f->book, c, "p-usd", "2026-06-10", 5000, "USD");
  allocate (f->book, p, 0, usd_paid, 5000, "2026-06-10");

  /* Only F-KEPT counts, 1 day late; F-USD and AV-USD are the two open items left out. */
  aging = compute (f->book, "2026-07-01", TRUE);
  g_assert_cmpuint (aging->rows->len, ==, 1);
  assert_buckets (find_row (aging, "X1"), 0, 12300, 0, 0, 0);
  g_assert_cmpint (aging->total.unapplied_credits, ==, 0);
  g_assert_cmpint (aging->total.outstanding, ==, 12300);
  g_assert_cmpuint (aging->other_currency_items, ==, 2);
  g_assert_cmpint (aging->sales_90_days, ==, 12300);
  assert_total_is_sum (f->book, aging, "2026-07-01");
}

/* Three customers entered out of order and one with nothing open. ADBT of A1:
 * (1,000.00 × 10 + 3,000.00 × 40) / 4,000.00 = 32.5 days. Of B2: (1.00 × 1 + 3.00 × 2) / 4.00
 * = 1.75 days, 17.5 tenths, rounded half up to 18. Of all: (100,000 × 10 + 300,000 × 40
 * + 100 × 1 + 300 × 2) / 400,400 = 13,000,700 / 400,400 = 32.469 days. */
static void
test_per_customer (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(RlAging) aging = NULL;
  gint64 c3 = add_customer (f->book, "C3", -1);
  gint64 a1 = add_customer (f->book, "A1", -1);
  gint64 b2 = add_customer (f->book, "B2", -1);
  gint64 d4 = add_customer (f->book, "D4", -1);
  const RlAgingRow *row;

  add_invoice (f->book, a1, "A-1", "2026-04-01", "2026-05-01", 100000);   /* 10 days late */
  add_invoice (f->book, a1, "A-2", "2026-03-01", "2026-04-01", 300000);   /* 40 days late */
  add_invoice (f->book, a1, "A-3", "2026-05-05", "2026-06-04", 50000);    /* not due */
  add_invoice (f->book, b2, "B-1", "2026-04-10", "2026-05-10", 100);      /* 1 day late */
  add_invoice (f->book, b2, "B-2", "2026-04-09", "2026-05-09", 300);      /* 2 days late */
  add_invoice (f->book, c3, "C-1", "2026-05-10", "2026-06-09", 7000);     /* not due */
  pay (f->book, d4, add_invoice (f->book, d4, "D-1", "2026-04-01", "2026-05-01", 9900), "p-d4",
       "2026-05-02", 9900);

  aging = compute (f->book, "2026-05-11", TRUE);
  g_assert_cmpuint (aging->rows->len, ==, 3);
  row = g_ptr_array_index (aging->rows, 0);
  g_assert_cmpstr (row->code, ==, "A1");
  g_assert_cmpstr (row->name, ==, "Client A1");
  g_assert_cmpint (row->customer_id, ==, a1);
  assert_buckets (row, 50000, 100000, 300000, 0, 0);
  g_assert_cmpuint (row->n_open, ==, 3);
  g_assert_cmpuint (row->n_overdue, ==, 2);
  g_assert_cmpint (row->max_days_late, ==, 40);
  g_assert_cmpint (row->adbt_tenths, ==, 325);
  g_assert_false (row->has_credit_limit);
  g_assert_cmpint (row->credit_usage_bp, ==, -1);

  row = g_ptr_array_index (aging->rows, 1);
  g_assert_cmpstr (row->code, ==, "B2");
  assert_buckets (row, 0, 400, 0, 0, 0);
  g_assert_cmpint (row->max_days_late, ==, 2);
  g_assert_cmpint (row->adbt_tenths, ==, 18);

  row = g_ptr_array_index (aging->rows, 2);
  g_assert_cmpstr (row->code, ==, "C3");
  g_assert_cmpint (row->customer_id, ==, c3);
  assert_buckets (row, 7000, 0, 0, 0, 0);
  g_assert_cmpuint (row->n_overdue, ==, 0);
  g_assert_cmpint (row->adbt_tenths, ==, 0);

  assert_buckets (&aging->total, 57000, 100400, 300000, 0, 0);
  g_assert_cmpuint (aging->total.n_open, ==, 6);
  g_assert_cmpuint (aging->total.n_overdue, ==, 4);
  g_assert_cmpint (aging->total.max_days_late, ==, 40);
  g_assert_cmpint (aging->total.adbt_tenths, ==, 325);
  assert_total_is_sum (f->book, aging, "2026-05-11");
}

/* One customer aged alone is aged exactly as within the whole book, today and at a past date
 * (payments made since then put back). */
static void
test_one_customer (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const days[] = { "2026-11-22", "2026-06-30", "2025-12-31" };
  RlDemoOptions options = { .n_customers = 120, .n_invoices = 2500, .seed = 11,
                            .as_of = rl_test_day ("2026-11-22"), .months = 24 };
  g_autoptr(GError) error = NULL;

  g_assert_true (rl_demo_generate (f->book, &options, NULL, NULL, &error));
  g_assert_no_error (error);

  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    {
      g_autoptr(RlAging) whole = compute (f->book, days[d], TRUE);
      g_autoptr(GHashTable) rows = g_hash_table_new (g_int64_hash, g_int64_equal);
      guint seen = 0;

      for (guint i = 0; i < whole->rows->len; i++)
        {
          RlAgingRow *row = g_ptr_array_index (whole->rows, i);

          g_hash_table_insert (rows, &row->customer_id, row);
        }
      for (gint64 id = 1; id <= (gint64) options.n_customers; id++)
        {
          g_autoptr(RlAging) one = rl_aging_compute_customer (f->book, id, rl_test_day (days[d]),
                                                              &error);
          const RlAgingRow *expected = g_hash_table_lookup (rows, &id);
          const RlAgingRow *row;

          g_assert_no_error (error);
          g_assert_nonnull (one);
          if (expected == NULL)
            {
              g_assert_cmpuint (one->rows->len, ==, 0);
              g_assert_cmpint (one->total.outstanding, ==, 0);
              continue;
            }
          seen++;
          g_assert_cmpuint (one->rows->len, ==, 1);
          row = g_ptr_array_index (one->rows, 0);
          g_assert_cmpint (row->customer_id, ==, id);
          g_assert_cmpstr (row->code, ==, expected->code);
          g_assert_cmpstr (row->name, ==, expected->name);
          for (int b = 0; b < RL_N_BUCKETS; b++)
            g_assert_cmpint (row->buckets[b], ==, expected->buckets[b]);
          g_assert_cmpint (row->unapplied_credits, ==, expected->unapplied_credits);
          g_assert_cmpint (row->unallocated_payments, ==, expected->unallocated_payments);
          g_assert_cmpint (row->outstanding, ==, expected->outstanding);
          g_assert_cmpuint (row->n_open, ==, expected->n_open);
          g_assert_cmpuint (row->n_overdue, ==, expected->n_overdue);
          g_assert_cmpint (row->max_days_late, ==, expected->max_days_late);
          g_assert_cmpint (row->adbt_tenths, ==, expected->adbt_tenths);
          g_assert_cmpint (row->credit_usage_bp, ==, expected->credit_usage_bp);
          g_assert_cmpint (one->total.outstanding, ==, expected->outstanding);
        }
      g_assert_cmpuint (seen, ==, whole->rows->len);
      g_assert_cmpuint (seen, >, 10);
    }
}

static void
assert_same_totals (const RlAging *a,
                    const RlAging *b)
{
  for (int k = 0; k < RL_N_BUCKETS; k++)
    g_assert_cmpint (a->total.buckets[k], ==, b->total.buckets[k]);
  g_assert_cmpint (a->total.outstanding, ==, b->total.outstanding);
  g_assert_cmpint (a->total.unapplied_credits, ==, b->total.unapplied_credits);
  g_assert_cmpint (a->total.unallocated_payments, ==, b->total.unallocated_payments);
  g_assert_cmpuint (a->total.n_open, ==, b->total.n_open);
  g_assert_cmpuint (a->total.n_overdue, ==, b->total.n_overdue);
  g_assert_cmpint (a->total.max_days_late, ==, b->total.max_days_late);
  g_assert_cmpint (a->total.adbt_tenths, ==, b->total.adbt_tenths);
  g_assert_cmpint (a->sales_90_days, ==, b->sales_90_days);
  g_assert_cmpint (a->dso_countback_tenths, ==, b->dso_countback_tenths);
  g_assert_cmpint (a->dso_simple_tenths, ==, b->dso_simple_tenths);
  g_assert_cmpuint (a->customers_over_limit, ==, b->customers_over_limit);
  g_assert_cmpstr (a->currency, ==, b->currency);
}

/* The totals come back from the book's cache for the same day on an unchanged book, and are
 * computed again after any change to what they depend on, or for another day. */
static void
test_totals_cache (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const days[] = { "2026-11-22", "2026-06-30", "2026-11-22" };
  RlDemoOptions options = { .n_customers = 40, .n_invoices = 600, .seed = 4,
                            .as_of = rl_test_day ("2026-11-22"), .months = 24 };
  g_autoptr(GError) error = NULL;
  gint64 c;

  g_assert_true (rl_demo_generate (f->book, &options, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    {
      g_autoptr(RlAging) whole = compute (f->book, days[d], FALSE);
      g_autoptr(RlAging) first = rl_aging_compute_totals (f->book, rl_test_day (days[d]), &error);
      g_autoptr(RlAging) again = rl_aging_compute_totals (f->book, rl_test_day (days[d]), &error);

      g_assert_no_error (error);
      assert_same_totals (first, whole);
      assert_same_totals (again, whole);
      g_assert_cmpuint (again->rows->len, ==, 0);
    }
  /* Days asked for are kept, the oldest forgotten. */
  for (int d = 0; d < 6; d++)
    {
      g_autoptr(RlAging) one = rl_aging_compute_totals (f->book, rl_test_day ("2026-01-10") + d,
                                                        &error);

      g_assert_nonnull (one);
    }
  {
    g_autofree char *kept = rl_book_get_setting (f->book, "aging-totals:2026-11-22");
    g_autofree char *gone = rl_book_get_setting (f->book, "aging-totals:2026-01-10");
    g_autofree char *last = rl_book_get_setting (f->book, "aging-totals:2026-01-15");

    g_assert_nonnull (kept);
    g_assert_null (gone);
    g_assert_nonnull (last);
  }

  /* A hit is the stored figures: planted ones come back. */
  {
    g_autofree char *stored = rl_book_get_setting (f->book, "aging-totals:2026-11-22");
    g_auto(GStrv) fields = NULL;
    g_autofree char *planted = NULL;
    g_autoptr(RlAging) hit = NULL;

    /* version|day|mark|currency|other|5 buckets|open|overdue|credits|payments|outstanding|… */
    g_assert_nonnull (stored);
    fields = g_strsplit (stored, "|", -1);
    g_assert_cmpuint (g_strv_length (fields), >, 14);
    g_free (fields[14]);
    fields[14] = g_strdup ("4242");
    planted = g_strjoinv ("|", fields);
    g_assert_true (_rl_book_set_derived_setting (f->book, "aging-totals:2026-11-22", planted,
                                                 &error));
    hit = rl_aging_compute_totals (f->book, rl_test_day ("2026-11-22"), &error);
    g_assert_cmpint (hit->total.outstanding, ==, 4242);
  }

  /* A new invoice changes the book: computed again, right. */
  c = add_customer (f->book, "NEW", -1);
  add_invoice (f->book, c, "NEW-1", "2026-10-01", "2026-10-31", 123456);
  {
    g_autoptr(RlAging) whole = compute (f->book, "2026-11-22", FALSE);
    g_autoptr(RlAging) fresh = rl_aging_compute_totals (f->book, rl_test_day ("2026-11-22"),
                                                        &error);

    g_assert_no_error (error);
    assert_same_totals (fresh, whole);
    g_assert_cmpint (fresh->total.outstanding, !=, 4242);
  }
}

/* Credit usage = outstanding × 10000 / limit, rounded half away from zero. */
static void
test_credit_limit (Fixture       *f,
                   gconstpointer  data)
{
  static const struct { const char *code; RlCents limit, owed; int usage_bp; } cases[] = {
    /* code, limit (-1: none), owed, usage; over the limit: L-OVER and L-ZERO */
    { "L-OVER", 100000, 150000, 15000 },   { "L-UNDER", 200000, 50000, 2500 },
    { "L-NONE", -1, 80000, -1 },           { "L-ZERO", 0, 1000, G_MAXINT },
    { "L-AT", 300000, 300000, 10000 },     { "L-THIRD", 30000, 10000, 3333 },  /* 3333.33 */
    { "L-2THIRDS", 30000, 20000, 6667 },   /* 6666.67 */
    { "L-HALF", 20000, 1, 1 },             /* 0.5, half away from zero */
  };
  g_autoptr(RlAging) aging = NULL;
  g_autoptr(RlAging) bare = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 c = add_customer (f->book, cases[i].code, cases[i].limit);
      g_autofree char *number = g_strdup_printf ("F-%u", i);

      add_invoice (f->book, c, number, "2026-01-01", "2026-12-31", cases[i].owed);
    }
  /* A customer over its limit with nothing open is not possible; a limit without anything
   * open gives no row. */
  add_customer (f->book, "L-IDLE", 100);

  aging = compute (f->book, "2026-02-01", TRUE);
  g_assert_cmpuint (aging->rows->len, ==, G_N_ELEMENTS (cases));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const RlAgingRow *row = find_row (aging, cases[i].code);

      g_assert_cmpint (row->has_credit_limit, ==, cases[i].limit >= 0);
      g_assert_cmpint (row->credit_limit, ==, MAX (cases[i].limit, 0));
      g_assert_cmpint (row->outstanding, ==, cases[i].owed);
      g_assert_cmpint (row->credit_usage_bp, ==, cases[i].usage_bp);
    }
  g_assert_cmpuint (aging->customers_over_limit, ==, 2);
  bare = compute (f->book, "2026-02-01", FALSE);
  g_assert_cmpuint (bare->customers_over_limit, ==, 2);
  assert_total_is_sum (f->book, aging, "2026-02-01");
}

/* As of 15 March 2026. Net sales by month:
 *   March 1–15 (15 days): 3,000.00 (F-MAR, open)
 *   February (28 days):   3,000.00 (F-FEB, open) − 400.00 (AV-FEB, not applied) = 2,600.00
 *   January (31 days):    6,200.00 (F-JAN, 3,100.00 paid on 15 February)
 *   December (31 days):   3,100.00 on the 20th + 100.00 on the 16th + 500.00 on the 15th, paid
 * Receivables: 3,000 + 3,000 − 400 + 3,100 = 8,700.00.
 * Countback: 8,700 > 3,000 → 5,700 left, 15 days; 5,700 > 2,600 → 3,100 left, 43 days;
 *   3,100 ≤ 6,200 → 43 + 3,100 / 6,200 × 31 = 43 + 15.5 = 58.5 days.
 * Simple: the 90 days run from 16 December 2025 (15 March − 89 days): sales 3,000 + 2,600
 *   + 6,200 + 3,100 + 100 = 15,000.00 (not the 500.00 of the 15th); 8,700 / 15,000 × 90
 *   = 52.2 days. */
static void
test_dso (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(RlAging) aging = NULL;
  gint64 c = add_customer (f->book, "S1", -1);
  gint64 jan = add_invoice (f->book, c, "F-JAN", "2026-01-05", "2026-02-04", 620000);

  add_invoice (f->book, c, "F-MAR", "2026-03-10", "2026-04-09", 300000);
  add_invoice (f->book, c, "F-FEB", "2026-02-10", "2026-03-12", 300000);
  add_credit_note (f->book, c, "AV-FEB", "2026-02-20", 40000);
  pay (f->book, c, jan, "p-jan", "2026-02-15", 310000);
  pay (f->book, c, add_invoice (f->book, c, "F-DEC20", "2025-12-20", "2026-01-19", 310000),
       "p-dec20", "2026-01-19", 310000);
  pay (f->book, c, add_invoice (f->book, c, "F-DEC16", "2025-12-16", "2026-01-15", 10000),
       "p-dec16", "2026-01-15", 10000);
  pay (f->book, c, add_invoice (f->book, c, "F-DEC15", "2025-12-15", "2026-01-14", 50000),
       "p-dec15", "2026-01-14", 50000);

  aging = compute (f->book, "2026-03-15", TRUE);
  g_assert_cmpint (aging->total.outstanding, ==, 870000);
  g_assert_cmpint (aging->sales_90_days, ==, 1500000);
  g_assert_cmpint (aging->dso_countback_tenths, ==, 585);
  g_assert_cmpint (aging->dso_simple_tenths, ==, 522);
  assert_total_is_sum (f->book, aging, "2026-03-15");
}

/* The edges of the DSO as of 15 March 2026, on one book that grows:
 * 1. the only invoice, 1,000.00, is older than 36 months: no sales, both DSO are -1;
 * 2. with 0.01 sold on 1 March 2026 and 900,000.00 on 31 March 2023 (a day before the window),
 *    36 months of sales do not account for the receivables: the countback stops after 1 April
 *    2023 to 15 March 2026, 1,080 days; the simple DSO, 901,000.01 / 0.01 × 90 days, is
 *    beyond what an int holds;
 * 3. with 2,000,000.00 received and not applied, nothing is owed: both DSO are 0. */
static void
test_dso_edges (Fixture       *f,
                gconstpointer  data)
{
  gint64 c = add_customer (f->book, "S1", -1);

  add_invoice (f->book, c, "F-OLD", "2020-01-01", "2020-01-31", 100000);
  {
    g_autoptr(RlAging) aging = compute (f->book, "2026-03-15", FALSE);

    g_assert_cmpint (aging->total.outstanding, ==, 100000);
    g_assert_cmpint (aging->total.max_days_late, ==, 2235);
    g_assert_cmpint (aging->sales_90_days, ==, 0);
    g_assert_cmpint (aging->dso_countback_tenths, ==, -1);
    g_assert_cmpint (aging->dso_simple_tenths, ==, -1);
  }

  add_invoice (f->book, c, "F-NEW", "2026-03-01", "2026-03-31", 1);
  add_invoice (f->book, c, "F-BEFORE", "2023-03-31", "2023-04-30", 90000000);
  {
    g_autoptr(RlAging) aging = compute (f->book, "2026-03-15", FALSE);

    g_assert_cmpint (aging->total.outstanding, ==, 90100001);
    g_assert_cmpint (aging->sales_90_days, ==, 1);
    g_assert_cmpint (aging->dso_countback_tenths, ==, 10800);
    g_assert_cmpint (aging->dso_simple_tenths, ==, G_MAXINT);
  }

  add_payment (f->book, c, "p-big", "2026-03-02", 200000000, "EUR");
  {
    g_autoptr(RlAging) aging = compute (f->book, "2026-03-15", FALSE);

    g_assert_cmpint (aging->total.outstanding, ==, 90100001 - 200000000);
    g_assert_cmpint (aging->dso_countback_tenths, ==, 0);
    g_assert_cmpint (aging->dso_simple_tenths, ==, 0);
  }
}

/* An empty book, looked at from inside a transaction too. */
static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(RlAging) aging = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rl_book_begin (f->book, &error));
  add_customer (f->book, "E1", 1000);
  aging = compute (f->book, "2026-11-23", TRUE);
  g_assert_true (rl_book_in_transaction (f->book));
  g_assert_true (rl_book_commit (f->book, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (aging->rows->len, ==, 0);
  assert_buckets (&aging->total, 0, 0, 0, 0, 0);
  g_assert_cmpint (aging->total.unapplied_credits, ==, 0);
  g_assert_cmpint (aging->total.unallocated_payments, ==, 0);
  g_assert_cmpint (aging->total.outstanding, ==, 0);
  g_assert_cmpuint (aging->total.n_open, ==, 0);
  g_assert_cmpint (aging->total.adbt_tenths, ==, 0);
  g_assert_cmpint (aging->total.max_days_late, ==, 0);
  g_assert_cmpint (aging->sales_90_days, ==, 0);
  g_assert_cmpint (aging->dso_countback_tenths, ==, -1);
  g_assert_cmpint (aging->dso_simple_tenths, ==, -1);
  g_assert_cmpuint (aging->customers_over_limit, ==, 0);
  g_assert_cmpuint (aging->other_currency_items, ==, 0);
  assert_total_is_sum (f->book, aging, "2026-11-23");
}

int
main (int    argc,
      char **argv)
{
  static const struct { const char *path; void (*func) (Fixture *, gconstpointer); } tests[] = {
    { "/relance/aging/boundaries", test_boundaries },
    { "/relance/aging/partial-payment", test_partial_payment },
    { "/relance/aging/later-payment", test_later_payment },
    { "/relance/aging/credit-notes", test_credit_notes },
    { "/relance/aging/unallocated-payments", test_unallocated_payments },
    { "/relance/aging/exclusions", test_exclusions },
    { "/relance/aging/per-customer", test_per_customer },
    { "/relance/aging/one-customer", test_one_customer },
    { "/relance/aging/totals-cache", test_totals_cache },
    { "/relance/aging/credit-limit", test_credit_limit },
    { "/relance/aging/dso", test_dso },
    { "/relance/aging/dso-edges", test_dso_edges },
    { "/relance/aging/empty", test_empty },
  };

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/relance/aging/bucket", test_bucket);
  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    g_test_add (tests[i].path, Fixture, NULL, fixture_set_up, tests[i].func, fixture_tear_down);
  return g_test_run ();
}
