/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-date.h"
#include "rl-model.h"
#include "rl-money.h"
#include "rl-types.h"

G_BEGIN_DECLS

/* Late-payment penalties (Code de commerce L441-10, D441-5; Code civil 1231-6) and the table
 * of rates they use. The computation is pure: it sees only its input and a rate table, so it
 * is tested without a book.
 *
 * Rules:
 *  - Interest runs day by day from the day after the due date (business debtor) or the day
 *    after the formal notice (consumer debtor, and never before the day after the due date),
 *    up to and including the as-of day.
 *  - A settlement (payment or credit note applied) dated D reduces the base from D + 1: money
 *    received on D stops interest at the end of D. So an invoice due on the 31st and paid in
 *    full on the 30th of the next month carries 30 days of interest.
 *  - Settlements dated after the as-of day are ignored.
 *  - The base is the amount still due incl. VAT; each half-year's rate applies to the days in
 *    that half-year.
 *  - Business debtor: the half-year's b2b rate (ECB + 10 points); a contract rate replaces it
 *    but never below 3 × the half-year's legal rate ("other cases"), floor applied per
 *    half-year. Plus the 40 € indemnity (D441-5), once per invoice that was late at any time
 *    up to the as-of day, whatever the delay.
 *  - Consumer debtor: the legal rate, "other cases" column (the creditor is a business), from
 *    the day after the formal notice only; no indemnity. A contract rate is ignored.
 *  - Every year counts 365 days, leap years too (the law's "/ 365").
 *  - Rounding: interest = Σ base × rate_bp × days / (10000 × 365), summed exactly as a
 *    fraction in 128 bits, then rounded once, half away from zero, to the cent. The per-segment
 *    amounts shown in #RlPenaltySegment are rounded each on its own, for display only: their
 *    sum may differ from the total by a cent or so.
 *  - A half-year of the period that has no rate, or an unconfirmed one, is an error
 *    (%RL_PENALTY_ERROR_RATE_MISSING): the app asks the user to confirm it, it never guesses.
 */

#define RL_PENALTY_ERROR (rl_penalty_error_quark ())

/* The flat recovery indemnity of D441-5, no VAT. */
#define RL_PENALTY_INDEMNITY ((RlCents) 4000)

typedef enum
{
  RL_PENALTY_ERROR_RATE_MISSING,  /* a half-year of the period has no confirmed rate */
  RL_PENALTY_ERROR_INVALID,       /* an input or a rate is out of range */
} RlPenaltyError;

/* The rates of one half-year, in basis points (12.15 % = 1215). */
typedef struct
{
  char     half_year[8];      /* "YYYY-H1" (1 January – 30 June) or "YYYY-H2" */
  int      ecb_bp;            /* ECB main refinancing rate on 1 January / 1 July */
  int      b2b_bp;            /* default L441-10 rate, ECB + 1000 */
  int      legal_private_bp;  /* legal interest rate, creditor is a private person */
  int      legal_other_bp;    /* legal interest rate, all other cases */
  gboolean confirmed;         /* FALSE: known to the app but not confirmed, not used */
} RlRate;

typedef struct _RlRateTable RlRateTable;

/* A dated amount settled on the invoice: a payment or a credit note applied to it. */
typedef struct
{
  RlDay   date;
  RlCents amount;
} RlSettlement;

typedef struct
{
  RlCents             amount;            /* the invoice, incl. VAT */
  RlDay               due_date;
  const RlSettlement *settlements;       /* in any order; may be NULL if n_settlements is 0 */
  guint               n_settlements;
  RlDay               as_of;
  RlCustomerKind      debtor;            /* RL_CUSTOMER_BUSINESS or RL_CUSTOMER_CONSUMER */
  int                 contract_rate_bp;  /* business debtors: the contract's rate, -1 = none */
  RlDay               formal_notice;     /* consumers: day of the formal notice, or RL_DAY_NONE */
} RlPenaltyInput;

/* Days of the period with one base and one rate. */
typedef struct
{
  RlDay   from;          /* first day, included */
  RlDay   to;            /* last day, included */
  RlCents base;          /* amount still due incl. VAT */
  int     rate_bp;       /* annual rate applied */
  int     days;          /* to − from + 1 */
  RlCents interest;      /* base × rate × days / 3,650,000, rounded on its own: display only */
  char    half_year[8];
} RlPenaltySegment;

typedef struct
{
  RlCents  interest;     /* total interest, rounded once (see above) */
  RlCents  indemnity;    /* RL_PENALTY_INDEMNITY or 0 */
  int      days_late;    /* due date to full settlement, or to the as-of day if still due */
  RlCents  balance;      /* amount still due at the as-of day */
  GArray  *segments;     /* (element-type RlPenaltySegment): in date order, empty if none */
} RlPenalty;

GQuark        rl_penalty_error_quark   (void);

/* Half-years: "YYYY-H1" is 1 January – 30 June, "YYYY-H2" 1 July – 31 December. */
void          rl_half_year_of          (RlDay         day,
                                        char          out[8]);
gboolean      rl_half_year_parse       (const char   *half_year,
                                        int          *out_year,
                                        int          *out_half);
RlDay         rl_half_year_first_day   (const char   *half_year);
RlDay         rl_half_year_last_day    (const char   *half_year);

/* Checks a rate and fills in its defaults (b2b_bp < 0: ECB + 1000). */
gboolean      rl_rate_normalize        (RlRate       *rate,
                                        GError      **error);

/* In-memory rate table, sorted by half-year. */
RlRateTable  *rl_rate_table_new        (void);
void          rl_rate_table_free       (RlRateTable  *table);
gboolean      rl_rate_table_add        (RlRateTable  *table,
                                        const RlRate *rate,
                                        GError      **error);
const RlRate *rl_rate_table_lookup     (const RlRateTable *table,
                                        const char   *half_year);
guint         rl_rate_table_get_n_rates (const RlRateTable *table);
const RlRate *rl_rate_table_get_rate   (const RlRateTable *table,
                                        guint         index);

/* The book's rates table (in rl-book-rates.c). */
GArray       *rl_book_list_rates       (RlBook       *book,
                                        GError      **error);
gboolean      rl_book_set_rate         (RlBook       *book,
                                        const RlRate *rate,
                                        GError      **error);
RlRateTable  *rl_rate_table_load       (RlBook       *book,
                                        GError      **error);

/* The computation. */
gboolean      rl_penalty_compute       (const RlPenaltyInput *input,
                                        const RlRateTable    *rates,
                                        RlPenalty            *out_penalty,
                                        char                 *out_missing_half_year,
                                        GError              **error);
void          rl_penalty_clear         (RlPenalty    *penalty);
gboolean      rl_penalty_error_half_year (const GError *error,
                                          char         *out_half_year);

/* What the book could claim (in rl-book-claims.c). */
typedef struct
{
  RlCents  interest;       /* late-payment interest accrued to the day */
  RlCents  indemnities;    /* 40 € per overdue invoice */
  guint    n_invoices;     /* overdue invoices of business customers, not in dispute */
  char     missing_half_year[8]; /* a half-year without confirmed rates: nothing computed */
} RlClaimable;

GArray       *rl_book_invoice_settlements (RlBook     *book,
                                        gint64        invoice_id,
                                        GError      **error);
gboolean      rl_book_claimable_penalties (RlBook     *book,
                                        RlDay         as_of,
                                        RlClaimable  *out,
                                        GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlRateTable, rl_rate_table_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RlPenalty, rl_penalty_clear)

G_END_DECLS
