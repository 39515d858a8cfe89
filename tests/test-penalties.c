/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rl-book-private.h"
#include "rl-error.h"
#include "rl-penalties.h"
#include "rl-test-util.h"

typedef RlTestBook Fixture;

/* The rates the book ships (DOMAIN.md §1), for the tests that need no book. */
static const RlRate shipped_rates[] = {
  { "2023-H1", 250, 1250, 447, 206, TRUE },
  { "2023-H2", 400, 1400, 682, 422, TRUE },
  { "2024-H1", 450, 1450, 801, 507, TRUE },
  { "2024-H2", 425, 1425, 816, 492, TRUE },
  { "2025-H1", 315, 1315, 721, 371, TRUE },
  { "2025-H2", 215, 1215, 665, 276, TRUE },
  { "2026-H1", 215, 1215, 667, 262, TRUE },
};

static RlRateTable *
shipped_table (void)
{
  g_autoptr(RlRateTable) table = rl_rate_table_new ();
  g_autoptr(GError) error = NULL;

  /* Added backwards: the table sorts them. */
  for (int i = G_N_ELEMENTS (shipped_rates) - 1; i >= 0; i--)
    {
      g_assert_true (rl_rate_table_add (table, &shipped_rates[i], &error));
      g_assert_no_error (error);
    }
  return g_steal_pointer (&table);
}

#define day rl_test_day

/* Half-years */

static void
test_half_year_of (void)
{
  static const struct { const char *day; const char *half_year; } cases[] = {
    { "2024-01-01", "2024-H1" },
    { "2024-06-30", "2024-H1" },
    { "2024-07-01", "2024-H2" },
    { "2024-12-31", "2024-H2" },
    { "0999-03-01", "0999-H1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char hy[8];

      rl_half_year_of (day (cases[i].day), hy);
      g_assert_cmpstr (hy, ==, cases[i].half_year);
    }
}

static void
test_half_year_parse (void)
{
  static const struct { const char *text; gboolean ok; int year; int half; } cases[] = {
    { "2026-H1", TRUE, 2026, 1 },
    { "2026-H2", TRUE, 2026, 2 },
    { "0001-H1", TRUE, 1, 1 },
    { "2026-H3", FALSE },
    { "2026-H0", FALSE },
    { "2026-h1", FALSE },
    { "26-H1", FALSE },
    { "2026-H1 ", FALSE },
    { "2026/H1", FALSE },
    { "0000-H1", FALSE },
    { "", FALSE },
    { NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int year = -1, half = -1;

      g_assert_cmpint (rl_half_year_parse (cases[i].text, &year, &half), ==, cases[i].ok);
      if (cases[i].ok)
        {
          g_assert_cmpint (year, ==, cases[i].year);
          g_assert_cmpint (half, ==, cases[i].half);
        }
    }
  g_assert_cmpuint (rl_half_year_first_day ("2024-H1"), ==, day ("2024-01-01"));
  g_assert_cmpuint (rl_half_year_last_day ("2024-H1"), ==, day ("2024-06-30"));
  g_assert_cmpuint (rl_half_year_first_day ("2024-H2"), ==, day ("2024-07-01"));
  g_assert_cmpuint (rl_half_year_last_day ("2024-H2"), ==, day ("2024-12-31"));
  g_assert_cmpuint (rl_half_year_first_day ("2024-H3"), ==, RL_DAY_NONE);
  g_assert_cmpuint (rl_half_year_last_day ("x"), ==, RL_DAY_NONE);
}

/* The in-memory table */

static void
test_rate_table (void)
{
  g_autoptr(RlRateTable) table = shipped_table ();
  g_autoptr(GError) error = NULL;
  RlRate r = { "2026-H2", 200, -1, 650, 250, FALSE };
  RlRate bad = { "2026-H3", 200, -1, 650, 250, TRUE };
  RlRate range = { "2026-H2", 200, 20000, 650, 250, TRUE };
  const RlRate *got;

  g_assert_cmpuint (rl_rate_table_get_n_rates (table), ==, 7);
  for (guint i = 0; i < 7; i++)
    g_assert_cmpstr (rl_rate_table_get_rate (table, i)->half_year, ==, shipped_rates[i].half_year);
  got = rl_rate_table_lookup (table, "2024-H1");
  g_assert_nonnull (got);
  g_assert_cmpint (got->legal_other_bp, ==, 507);
  g_assert_null (rl_rate_table_lookup (table, "2026-H2"));
  g_assert_null (rl_rate_table_lookup (table, "nonsense"));

  /* b2b < 0: ECB + 10 points. */
  g_assert_true (rl_rate_table_add (table, &r, &error));
  g_assert_no_error (error);
  got = rl_rate_table_lookup (table, "2026-H2");
  g_assert_nonnull (got);
  g_assert_cmpint (got->b2b_bp, ==, 1200);
  g_assert_false (got->confirmed);

  /* The same half-year again replaces it. */
  r.confirmed = TRUE;
  r.b2b_bp = 1210;
  g_assert_true (rl_rate_table_add (table, &r, &error));
  g_assert_cmpuint (rl_rate_table_get_n_rates (table), ==, 8);
  got = rl_rate_table_lookup (table, "2026-H2");
  g_assert_cmpint (got->b2b_bp, ==, 1210);
  g_assert_true (got->confirmed);
  g_assert_cmpstr (rl_rate_table_get_rate (table, 7)->half_year, ==, "2026-H2");

  g_assert_false (rl_rate_table_add (table, &bad, &error));
  g_assert_error (error, RL_PENALTY_ERROR, RL_PENALTY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2026-H3"));
  g_clear_error (&error);
  g_assert_false (rl_rate_table_add (table, &range, &error));
  g_assert_error (error, RL_PENALTY_ERROR, RL_PENALTY_ERROR_INVALID);
  g_assert_cmpuint (rl_rate_table_get_n_rates (table), ==, 8);
}

/* The computation, table-driven */

#define B RL_CUSTOMER_BUSINESS
#define C RL_CUSTOMER_CONSUMER

typedef struct
{
  const char *from;
  const char *to;
  RlCents     base;
  int         rate_bp;
  int         days;
} SegmentCase;

typedef struct
{
  const char     *name;
  RlCents         amount;
  const char     *due;
  struct { const char *date; RlCents amount; } settlements[3];
  const char     *as_of;
  RlCustomerKind  debtor;
  int             contract_bp;
  const char     *notice;
  /* Expected */
  RlCents         interest;
  RlCents         indemnity;
  int             days_late;
  RlCents         balance;
  guint           n_segments;
  SegmentCase     segments[3];
} PenaltyCase;

static const PenaltyCase penalty_cases[] = {
  /* DOMAIN.md: 15,000.00 € at 15 % for 30 days = 184.93 €. 2025-H2's floor is
   * 3 × 2.76 % = 8.28 % < 15 %: the contract rate applies.
   * 1,500,000 × 1500 × 30 / 3,650,000 = 18,493.15 → 18,493 cents. */
  { "worked-example", 1500000, "2025-09-30", { { NULL } }, "2025-10-30", B, 1500, NULL,
    18493, 4000, 30, 1500000, 1,
    { { "2025-10-01", "2025-10-30", 1500000, 1500, 30 } } },

  /* Default rate of 2025-H2, ECB 2.15 + 10 = 12.15 %, 1 August to 29 September = 60 days:
   * 1,000,000 × 1215 × 60 / 3,650,000 = 19,972.60 → 19,973 cents. */
  { "default-rate-2025-h2", 1000000, "2025-07-31", { { NULL } }, "2025-09-29", B, -1, NULL,
    19973, 4000, 60, 1000000, 1,
    { { "2025-08-01", "2025-09-29", 1000000, 1215, 60 } } },

  /* Across 2025-H2 / 2026-H1 (both 12.15 %): two segments, 31 + 59 days.
   * 800,000 × 1215 × 90 / 3,650,000 = 23,967.12 → 23,967 cents. */
  { "across-2025-h2-2026-h1", 800000, "2025-11-30", { { NULL } }, "2026-02-28", B, -1, NULL,
    23967, 4000, 90, 800000, 2,
    { { "2025-12-01", "2025-12-31", 800000, 1215, 31 },
      { "2026-01-01", "2026-02-28", 800000, 1215, 59 } } },

  /* Across 2024-H2 (14.25 %) / 2025-H1 (13.15 %):
   * 800,000 × (1425 × 31 + 1315 × 59) / 3,650,000 = 97,408,000,000 / 3,650,000
   * = 26,687.12 → 26,687 cents. */
  { "across-2024-h2-2025-h1", 800000, "2024-11-30", { { NULL } }, "2025-02-28", B, -1, NULL,
    26687, 4000, 90, 800000, 2,
    { { "2024-12-01", "2024-12-31", 800000, 1425, 31 },
      { "2025-01-01", "2025-02-28", 800000, 1315, 59 } } },

  /* 3,000.49 € due 15 June 2024, 1,000.00 € paid on 10 July (counts until the end of the
   * 10th), as of 31 July:
   *   16–30 June   300,049 × 1450 × 15 = 6,526,065,750  (alone: 1,787.96)
   *   1–10 July    300,049 × 1425 × 10 = 4,275,698,250  (alone: 1,171.42)
   *   11–31 July   200,049 × 1425 × 21 = 5,986,466,325  (alone: 1,640.13)
   *   sum 16,788,230,325 / 3,650,000 = 4,599.515 → 4,600 cents, rounded once. Rounding each
   *   segment would give 1,788 + 1,171 + 1,640 = 4,599. */
  { "partial-payment-across-half-years", 300049, "2024-06-15",
    { { "2024-07-10", 100000 } }, "2024-07-31", B, -1, NULL,
    4600, 4000, 46, 200049, 3,
    { { "2024-06-16", "2024-06-30", 300049, 1450, 15 },
      { "2024-07-01", "2024-07-10", 300049, 1425, 10 },
      { "2024-07-11", "2024-07-31", 200049, 1425, 21 } } },

  /* Contract 13 %: 2023-H2's floor is 3 × 4.22 = 12.66 %, kept at 13 %; 2024-H1's floor is
   * 3 × 5.07 = 15.21 %, above the contract and above ECB + 10 = 14.50 %. 29 February counts,
   * the year still has 365 days.
   * (1300 × 31 + 1521 × 60) × 1,000,000 / 3,650,000 = 36,043.84 → 36,044 cents. */
  { "contract-rate-floor-per-half-year", 1000000, "2023-11-30", { { NULL } }, "2024-02-29", B,
    1300, NULL,
    36044, 4000, 91, 1000000, 2,
    { { "2023-12-01", "2023-12-31", 1000000, 1300, 31 },
      { "2024-01-01", "2024-02-29", 1000000, 1521, 60 } } },

  /* Contract 10 % in 2024-H1 is raised to 15.21 %:
   * 1,000,000 × 1521 × 30 / 3,650,000 = 12,501.37 → 12,501 cents. */
  { "contract-rate-below-floor-2024-h1", 1000000, "2024-01-31", { { NULL } }, "2024-03-01", B,
    1000, NULL,
    12501, 4000, 30, 1000000, 1,
    { { "2024-02-01", "2024-03-01", 1000000, 1521, 30 } } },

  /* The same without a contract: ECB + 10 = 14.50 %, lower than the contract floor.
   * 1,000,000 × 1450 × 30 / 3,650,000 = 11,917.81 → 11,918 cents. */
  { "default-rate-2024-h1", 1000000, "2024-01-31", { { NULL } }, "2024-03-01", B, -1, NULL,
    11918, 4000, 30, 1000000, 1,
    { { "2024-02-01", "2024-03-01", 1000000, 1450, 30 } } },

  /* A payment, then a credit note on the due day: settled in time. */
  { "paid-before-due", 500000, "2025-03-31",
    { { "2025-03-31", 200000 }, { "2025-03-15", 300000 } }, "2025-06-30", B, -1, NULL,
    0, 0, 0, 0, 0 },

  /* Paid in full 30 days late, 2 March 2025 (13.15 %); nothing runs after that.
   * 120,000 × 1315 × 30 / 3,650,000 = 1,296.99 → 1,297 cents. */
  { "paid-late", 120000, "2025-01-31", { { "2025-03-02", 120000 } }, "2025-06-30", B, -1, NULL,
    1297, 4000, 30, 0, 1,
    { { "2025-02-01", "2025-03-02", 120000, 1315, 30 } } },

  /* One day late still costs the 40 €. 100,000 × 1315 × 1 / 3,650,000 = 36.03 → 36 cents. */
  { "paid-one-day-late", 100000, "2025-01-31", { { "2025-02-01", 100000 } }, "2025-06-30", B,
    -1, NULL,
    36, 4000, 1, 0, 1,
    { { "2025-02-01", "2025-02-01", 100000, 1315, 1 } } },

  /* A payment after the as-of day is not known yet: same as paid-late at 2 March. */
  { "payment-after-as-of-ignored", 120000, "2025-01-31", { { "2025-07-15", 120000 } },
    "2025-03-02", B, -1, NULL,
    1297, 4000, 30, 120000, 1,
    { { "2025-02-01", "2025-03-02", 120000, 1315, 30 } } },

  { "not-yet-due", 120000, "2025-01-31", { { NULL } }, "2025-01-31", B, -1, NULL,
    0, 0, 0, 120000, 0 },

  /* Paid on 30 June 2026: 2026-H2 has no rate but no day of it is late, no error.
   * 100,000 × 1215 × 30 / 3,650,000 = 998.63 → 999 cents. */
  { "unknown-half-year-not-needed", 100000, "2026-05-31", { { "2026-06-30", 100000 } },
    "2026-08-01", B, -1, NULL,
    999, 4000, 30, 0, 1,
    { { "2026-06-01", "2026-06-30", 100000, 1215, 30 } } },

  /* Consumer without a formal notice: nothing, no 40 €. */
  { "consumer-without-notice", 250000, "2025-03-31", { { NULL } }, "2025-06-14", C, -1, NULL,
    0, 0, 75, 250000, 0 },

  /* Consumer, formal notice on 15 May 2025: legal rate "other cases" of 2025-H1, 3.71 %,
   * 16 May to 14 June = 30 days. 250,000 × 371 × 30 / 3,650,000 = 762.33 → 762 cents. */
  { "consumer-with-notice", 250000, "2025-03-31", { { NULL } }, "2025-06-14", C, -1,
    "2025-05-15",
    762, 0, 75, 250000, 1,
    { { "2025-05-16", "2025-06-14", 250000, 371, 30 } } },

  /* A consumer's contract rate is not an L441-10 rate: ignored. */
  { "consumer-contract-rate-ignored", 250000, "2025-03-31", { { NULL } }, "2025-06-14", C, 1500,
    "2025-05-15",
    762, 0, 75, 250000, 1,
    { { "2025-05-16", "2025-06-14", 250000, 371, 30 } } },

  /* A notice sent before the due date: interest still starts the day after the due date.
   * 250,000 × 371 × 30 / 3,650,000 = 762.33 → 762 cents. */
  { "consumer-notice-before-due", 250000, "2025-05-15", { { NULL } }, "2025-06-14", C, -1,
    "2025-05-01",
    762, 0, 30, 250000, 1,
    { { "2025-05-16", "2025-06-14", 250000, 371, 30 } } },
};

static void
test_penalty_case (gconstpointer data)
{
  const PenaltyCase *c = data;
  g_autoptr(RlRateTable) rates = shipped_table ();
  g_autoptr(GError) error = NULL;
  g_auto(RlPenalty) p = { 0 };
  RlSettlement settlements[G_N_ELEMENTS (c->settlements)];
  RlPenaltyInput in = { 0 };
  char missing[8] = "junk";
  RlCents sum = 0;
  guint n = 0;

  while (n < G_N_ELEMENTS (c->settlements) && c->settlements[n].date != NULL)
    {
      settlements[n].date = day (c->settlements[n].date);
      settlements[n].amount = c->settlements[n].amount;
      n++;
    }
  in.amount = c->amount;
  in.due_date = day (c->due);
  in.settlements = settlements;
  in.n_settlements = n;
  in.as_of = day (c->as_of);
  in.debtor = c->debtor;
  in.contract_rate_bp = c->contract_bp;
  in.formal_notice = c->notice ? day (c->notice) : RL_DAY_NONE;

  g_assert_true (rl_penalty_compute (&in, rates, &p, missing, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (missing, ==, "");
  g_assert_cmpint (p.interest, ==, c->interest);
  g_assert_cmpint (p.indemnity, ==, c->indemnity);
  g_assert_cmpint (p.days_late, ==, c->days_late);
  g_assert_cmpint (p.balance, ==, c->balance);
  g_assert_nonnull (p.segments);
  g_assert_cmpuint (p.segments->len, ==, c->n_segments);
  for (guint i = 0; i < c->n_segments; i++)
    {
      const RlPenaltySegment *s = &g_array_index (p.segments, RlPenaltySegment, i);
      const SegmentCase *e = &c->segments[i];
      char hy[8];

      g_assert_cmpuint (s->from, ==, day (e->from));
      g_assert_cmpuint (s->to, ==, day (e->to));
      g_assert_cmpint (s->base, ==, e->base);
      g_assert_cmpint (s->rate_bp, ==, e->rate_bp);
      g_assert_cmpint (s->days, ==, e->days);
      rl_half_year_of (s->from, hy);
      g_assert_cmpstr (s->half_year, ==, hy);
      g_assert_cmpint (s->interest, ==,
                       rl_money_mul_div_round (s->base, (gint64) s->rate_bp * s->days, 3650000));
      sum += s->interest;
    }
  /* Rounded once: the display amounts add up to the total within a cent per segment. */
  g_assert_cmpint (ABS (sum - p.interest), <=, (RlCents) c->n_segments);
}

/* Missing and unconfirmed rates */

static void
compute_2026_h2 (RlRateTable  *rates,
                 RlPenalty    *p,
                 char          missing[8],
                 GError      **error,
                 gboolean      expect_ok)
{
  /* 1,000.00 € due 15 June 2026, as of 15 July 2026: 15 days in 2026-H1, 15 in 2026-H2. */
  RlPenaltyInput in = {
    .amount = 100000,
    .due_date = day ("2026-06-15"),
    .as_of = day ("2026-07-15"),
    .debtor = RL_CUSTOMER_BUSINESS,
    .contract_rate_bp = -1,
  };

  g_assert_cmpint (rl_penalty_compute (&in, rates, p, missing, error), ==, expect_ok);
}

static void
test_rate_missing (void)
{
  g_autoptr(RlRateTable) rates = shipped_table ();
  g_autoptr(GError) error = NULL;
  g_auto(RlPenalty) p = { 0 };
  char missing[8] = "";

  compute_2026_h2 (rates, &p, missing, &error, FALSE);
  g_assert_error (error, RL_PENALTY_ERROR, RL_PENALTY_ERROR_RATE_MISSING);
  g_assert_cmpstr (error->message, ==,
                   "no confirmed rate for 2026-H2: confirm it in the rates table");
  g_assert_cmpstr (missing, ==, "2026-H2");
  /* Told by the error alone, as a letter's rendering passes it on. */
  {
    char told[8];

    g_assert_true (rl_penalty_error_half_year (error, told));
    g_assert_cmpstr (told, ==, "2026-H2");
  }
  g_assert_null (p.segments);
  g_assert_cmpint (p.interest, ==, 0);
  g_assert_cmpint (p.indemnity, ==, 0);
  g_clear_error (&error);

  /* The missing half-year is optional. */
  {
    RlPenaltyInput in = { .amount = 100000, .due_date = day ("2026-06-15"),
                          .as_of = day ("2026-07-15"), .debtor = RL_CUSTOMER_BUSINESS,
                          .contract_rate_bp = 1500 };

    g_assert_false (rl_penalty_compute (&in, rates, &p, NULL, &error));
    g_assert_error (error, RL_PENALTY_ERROR, RL_PENALTY_ERROR_RATE_MISSING);
  }
}

static void
test_rate_unconfirmed (void)
{
  g_autoptr(RlRateTable) rates = shipped_table ();
  g_autoptr(GError) error = NULL;
  g_auto(RlPenalty) p = { 0 };
  RlRate r = { "2026-H2", 215, -1, 667, 262, FALSE };
  char missing[8] = "";

  g_assert_true (rl_rate_table_add (rates, &r, NULL));
  compute_2026_h2 (rates, &p, missing, &error, FALSE);
  g_assert_error (error, RL_PENALTY_ERROR, RL_PENALTY_ERROR_RATE_MISSING);
  g_assert_nonnull (strstr (error->message, "2026-H2"));
  g_assert_cmpstr (missing, ==, "2026-H2");
  g_clear_error (&error);

  /* Confirmed, it is used: 100,000 × 1215 × 30 / 3,650,000 = 998.63 → 999 cents. */
  r.confirmed = TRUE;
  g_assert_true (rl_rate_table_add (rates, &r, NULL));
  compute_2026_h2 (rates, &p, missing, &error, TRUE);
  g_assert_no_error (error);
  g_assert_cmpstr (missing, ==, "");
  g_assert_cmpint (p.interest, ==, 999);
  g_assert_cmpint (p.indemnity, ==, 4000);
  g_assert_cmpuint (p.segments->len, ==, 2);
  g_assert_cmpstr (g_array_index (p.segments, RlPenaltySegment, 1).half_year, ==, "2026-H2");
}

static void
test_invalid_input (void)
{
  g_autoptr(RlRateTable) rates = shipped_table ();
  RlSettlement undated = { RL_DAY_NONE, 100 };
  struct { const char *name; RlPenaltyInput in; } cases[] = {
    { "no due date", { .amount = 100, .as_of = day ("2025-01-01"), .contract_rate_bp = -1 } },
    { "no as-of", { .amount = 100, .due_date = day ("2025-01-01"), .contract_rate_bp = -1 } },
    { "negative amount", { .amount = -1, .due_date = day ("2025-01-01"),
                           .as_of = day ("2025-02-01"), .contract_rate_bp = -1 } },
    { "kind unset", { .amount = 100, .due_date = day ("2025-01-01"), .as_of = day ("2025-02-01"),
                      .debtor = RL_CUSTOMER_KIND_UNSET, .contract_rate_bp = -1 } },
    { "contract rate", { .amount = 100, .due_date = day ("2025-01-01"),
                         .as_of = day ("2025-02-01"), .contract_rate_bp = -2 } },
    { "undated payment", { .amount = 100, .due_date = day ("2025-01-01"),
                           .as_of = day ("2025-02-01"), .contract_rate_bp = -1,
                           .settlements = &undated, .n_settlements = 1 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(RlPenalty) p = { 0 };

      g_test_message ("%s", cases[i].name);
      g_assert_false (rl_penalty_compute (&cases[i].in, rates, &p, NULL, &error));
      g_assert_error (error, RL_PENALTY_ERROR, RL_PENALTY_ERROR_INVALID);
      g_assert_null (p.segments);
    }
}

/* The rates table of a real book */

static gint64
query_int (RlBook     *book,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 v = G_MININT64;

  g_assert_cmpint (sqlite3_prepare_v2 (_rl_book_get_db (book), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static char *
last_audit (RlBook *book)
{
  sqlite3_stmt *stmt = NULL;
  char *v = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_rl_book_get_db (book),
                                       "SELECT action || ' ' || entity || ': ' || detail"
                                       " FROM audit_log ORDER BY id DESC LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return v;
}

static void
test_book_list_shipped (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rates = rl_book_list_rates (f->book, &error);
  const RlRate *r;

  g_assert_no_error (error);
  g_assert_nonnull (rates);
  g_assert_cmpuint (rates->len, ==, 7);
  for (guint i = 0; i < rates->len; i++)
    {
      r = &g_array_index (rates, RlRate, i);
      g_assert_cmpstr (r->half_year, ==, shipped_rates[i].half_year);
      g_assert_cmpint (r->ecb_bp, ==, shipped_rates[i].ecb_bp);
      g_assert_cmpint (r->b2b_bp, ==, shipped_rates[i].b2b_bp);
      g_assert_cmpint (r->legal_private_bp, ==, shipped_rates[i].legal_private_bp);
      g_assert_cmpint (r->legal_other_bp, ==, shipped_rates[i].legal_other_bp);
      g_assert_true (r->confirmed);
    }
  r = &g_array_index (rates, RlRate, 5);
  g_assert_cmpstr (r->half_year, ==, "2025-H2");
  g_assert_cmpint (r->ecb_bp, ==, 215);
  g_assert_cmpint (r->b2b_bp, ==, 1215);
  g_assert_cmpint (r->legal_private_bp, ==, 665);
  g_assert_cmpint (r->legal_other_bp, ==, 276);
}

static void
test_book_set_rate (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rates = NULL;
  g_autoptr(RlRateTable) table = NULL;
  g_autofree char *audit = NULL;
  g_auto(RlPenalty) p = { 0 };
  RlRate r = { "2026-H2", 215, -1, 667, 262, FALSE };
  char missing[8];
  gint64 n_audit;

  /* Before: 2026-H2 is missing from the book too. */
  table = rl_rate_table_load (f->book, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rl_rate_table_get_n_rates (table), ==, 7);
  compute_2026_h2 (table, &p, missing, &error, FALSE);
  g_assert_error (error, RL_PENALTY_ERROR, RL_PENALTY_ERROR_RATE_MISSING);
  g_assert_cmpstr (missing, ==, "2026-H2");
  g_clear_error (&error);
  g_clear_pointer (&table, rl_rate_table_free);

  /* A new half-year: confirmed whatever the struct says, b2b = ECB + 10. */
  n_audit = rl_book_count_audit (f->book);
  g_assert_true (rl_book_set_rate (f->book, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rl_book_count_audit (f->book), ==, n_audit + 1);
  audit = last_audit (f->book);
  g_assert_cmpstr (audit, ==,
                   "insert rate: 2026-H2; ecb 215; b2b 1215; legal_private 667; legal_other 262");
  g_clear_pointer (&audit, g_free);
  rates = rl_book_list_rates (f->book, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rates->len, ==, 8);
  g_assert_cmpstr (g_array_index (rates, RlRate, 7).half_year, ==, "2026-H2");
  g_assert_cmpint (g_array_index (rates, RlRate, 7).b2b_bp, ==, 1215);
  g_assert_true (g_array_index (rates, RlRate, 7).confirmed);
  g_clear_pointer (&rates, g_array_unref);

  table = rl_rate_table_load (f->book, &error);
  g_assert_no_error (error);
  compute_2026_h2 (table, &p, missing, &error, TRUE);
  g_assert_no_error (error);
  g_assert_cmpint (p.interest, ==, 999);
  rl_penalty_clear (&p);
  g_clear_pointer (&table, rl_rate_table_free);

  /* The same values again: nothing written. */
  g_assert_true (rl_book_set_rate (f->book, &r, &error));
  g_assert_cmpint (rl_book_count_audit (f->book), ==, n_audit + 1);

  /* An update is audited with old and new values. */
  r = (RlRate) { "2025-H2", 220, -1, 665, 276, TRUE };
  g_assert_true (rl_book_set_rate (f->book, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rl_book_count_audit (f->book), ==, n_audit + 2);
  audit = last_audit (f->book);
  g_assert_cmpstr (audit, ==, "update rate: 2025-H2; ecb 215 → 220; b2b 1215 → 1220;"
                              " legal_private 665; legal_other 276");
  g_clear_pointer (&audit, g_free);
  g_assert_cmpint (query_int (f->book, "SELECT b2b_bp FROM rates WHERE half_year = '2025-H2'"),
                   ==, 1220);
  g_assert_cmpint (query_int (f->book, "SELECT count(*) FROM rates"), ==, 8);

  /* Invalid half-years and rates are rejected, nothing written. */
  {
    static const RlRate bad[] = {
      { "2026-H3", 215, -1, 667, 262, TRUE },
      { "26-H1", 215, -1, 667, 262, TRUE },
      { "2026-h1", 215, -1, 667, 262, TRUE },
      { "", 215, -1, 667, 262, TRUE },
      { "2027-H1", 215, 1215, -1, 262, TRUE },
      { "2027-H1", 9500, -1, 667, 262, TRUE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (rl_book_set_rate (f->book, &bad[i], &error));
        g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID);
        g_clear_error (&error);
      }
  }
  g_assert_cmpint (rl_book_count_audit (f->book), ==, n_audit + 2);
  g_assert_cmpint (query_int (f->book, "SELECT count(*) FROM rates"), ==, 8);
}

static void
test_book_unconfirmed (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlRateTable) table = NULL;
  g_autofree char *audit = NULL;
  g_auto(RlPenalty) p = { 0 };
  RlRate r = { "2026-H1", 215, 1215, 667, 262, TRUE };
  char missing[8];

  /* A rate the app knows but the user has not confirmed (e.g. proposed for a new half-year). */
  g_assert_true (_rl_book_exec (f->book, "UPDATE rates SET confirmed = 0"
                                         " WHERE half_year = '2026-H1'", NULL));
  table = rl_rate_table_load (f->book, &error);
  g_assert_no_error (error);
  g_assert_false (rl_rate_table_lookup (table, "2026-H1")->confirmed);
  compute_2026_h2 (table, &p, missing, &error, FALSE);
  g_assert_error (error, RL_PENALTY_ERROR, RL_PENALTY_ERROR_RATE_MISSING);
  g_assert_cmpstr (missing, ==, "2026-H1");
  g_assert_cmpstr (error->message, ==,
                   "no confirmed rate for 2026-H1: confirm it in the rates table");
  g_clear_error (&error);

  /* Setting it, same values, confirms it. */
  g_assert_true (rl_book_set_rate (f->book, &r, &error));
  g_assert_no_error (error);
  audit = last_audit (f->book);
  g_assert_cmpstr (audit, ==, "update rate: 2026-H1; ecb 215; b2b 1215; legal_private 667;"
                              " legal_other 262; confirmed 0 → 1");
  g_clear_pointer (&table, rl_rate_table_free);
  table = rl_rate_table_load (f->book, &error);
  g_assert_true (rl_rate_table_lookup (table, "2026-H1")->confirmed);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/relance/penalties/half-year-of", test_half_year_of);
  g_test_add_func ("/relance/penalties/half-year-parse", test_half_year_parse);
  g_test_add_func ("/relance/penalties/rate-table", test_rate_table);
  for (guint i = 0; i < G_N_ELEMENTS (penalty_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/relance/penalties/compute/%s",
                                               penalty_cases[i].name);

      g_test_add_data_func (path, &penalty_cases[i], test_penalty_case);
    }
  g_test_add_func ("/relance/penalties/rate-missing", test_rate_missing);
  g_test_add_func ("/relance/penalties/rate-unconfirmed", test_rate_unconfirmed);
  g_test_add_func ("/relance/penalties/invalid-input", test_invalid_input);
  g_test_add ("/relance/penalties/book/list-shipped", Fixture, NULL, rl_test_book_set_up,
              test_book_list_shipped, rl_test_book_tear_down);
  g_test_add ("/relance/penalties/book/set-rate", Fixture, NULL, rl_test_book_set_up,
              test_book_set_rate, rl_test_book_tear_down);
  g_test_add ("/relance/penalties/book/unconfirmed", Fixture, NULL, rl_test_book_set_up,
              test_book_unconfirmed, rl_test_book_tear_down);

  return g_test_run ();
}
