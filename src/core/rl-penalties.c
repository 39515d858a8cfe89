/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-penalties"

#include "config.h"

#include "rl-penalties.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _RlRateTable
{
  GArray *rates;  /* RlRate, sorted by half_year */
};

/* 10,000 basis points × 365 days: every year counts 365 days, leap years too. */
#define INTEREST_DENOMINATOR ((gint64) 10000 * 365)

/* Rates above 100 % are certainly typing mistakes. */
#define RATE_MAX_BP 10000

G_DEFINE_QUARK (rl-penalty-error-quark, rl_penalty_error)

static int
compare_rates (gconstpointer a,
               gconstpointer b)
{
  return strcmp (((const RlRate *) a)->half_year, ((const RlRate *) b)->half_year);
}

static int
compare_settlements (gconstpointer a,
                     gconstpointer b)
{
  RlDay da = ((const RlSettlement *) a)->date;
  RlDay db = ((const RlSettlement *) b)->date;

  return (da > db) - (da < db);
}

/* @num / @den rounded half away from zero; @den > 0. */
static RlCents
round_div_128 (__int128 num,
               gint64   den)
{
  gboolean neg = num < 0;
  __int128 q, r;

  g_assert (den > 0);

  if (neg)
    num = -num;
  q = num / den;
  r = num % den;
  if (r * 2 >= den)
    q++;
  return (RlCents) (neg ? -q : q);
}

/**
 * rl_half_year_of:
 * @out: (out caller-allocates): 8 bytes, receives "YYYY-H1" or "YYYY-H2"
 *
 * Writes the half-year @day falls in.
 */
void
rl_half_year_of (RlDay day,
                 char  out[8])
{
  int year = 0, month = 0, mday = 0;

  g_return_if_fail (out != NULL);

  rl_day_to_ymd (day, &year, &month, &mday);
  g_snprintf (out, 8, "%04d-H%d", CLAMP (year, 0, 9999), month <= 6 ? 1 : 2);
}

/**
 * rl_half_year_parse:
 * @half_year: text such as "2026-H1"
 * @out_year: (out) (optional): the year
 * @out_half: (out) (optional): 1 or 2
 *
 * Returns: %TRUE if @half_year is exactly "YYYY-H1" or "YYYY-H2", year 1 to 9999
 */
gboolean
rl_half_year_parse (const char *half_year,
                    int        *out_year,
                    int        *out_half)
{
  int year = 0;

  if (half_year == NULL || strlen (half_year) != 7)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      if (!g_ascii_isdigit (half_year[i]))
        return FALSE;
      year = year * 10 + (half_year[i] - '0');
    }
  if (year < 1 || half_year[4] != '-' || half_year[5] != 'H'
      || (half_year[6] != '1' && half_year[6] != '2'))
    return FALSE;
  if (out_year)
    *out_year = year;
  if (out_half)
    *out_half = half_year[6] - '0';
  return TRUE;
}

/**
 * rl_penalty_error_half_year:
 * @error: an error of rl_penalty_compute() or of what calls it
 * @out_half_year: (out caller-allocates): 8 bytes: the half-year to confirm, "2026-H2"
 *
 * The half-year a %RL_PENALTY_ERROR_RATE_MISSING error asks to confirm, for those that get the
 * error through layers that do not pass @out_missing_half_year (a letter's rendering): its
 * message names it in any language.
 *
 * Returns: whether @error is such an error and names one
 */
gboolean
rl_penalty_error_half_year (const GError *error,
                            char         *out_half_year)
{
  if (!g_error_matches (error, RL_PENALTY_ERROR, RL_PENALTY_ERROR_RATE_MISSING))
    return FALSE;
  for (const char *p = error->message; strlen (p) >= 7; p++)
    {
      g_strlcpy (out_half_year, p, 8);
      if (rl_half_year_parse (out_half_year, NULL, NULL))
        return TRUE;
    }
  out_half_year[0] = '\0';
  return FALSE;
}

/**
 * rl_half_year_first_day:
 *
 * Returns: 1 January or 1 July of @half_year, or %RL_DAY_NONE if it is not a half-year
 */
RlDay
rl_half_year_first_day (const char *half_year)
{
  int year, half;

  if (!rl_half_year_parse (half_year, &year, &half))
    return RL_DAY_NONE;
  return rl_day_from_ymd (year, half == 1 ? 1 : 7, 1);
}

/**
 * rl_half_year_last_day:
 *
 * Returns: 30 June or 31 December of @half_year, or %RL_DAY_NONE if it is not a half-year
 */
RlDay
rl_half_year_last_day (const char *half_year)
{
  int year, half;

  if (!rl_half_year_parse (half_year, &year, &half))
    return RL_DAY_NONE;
  return half == 1 ? rl_day_from_ymd (year, 6, 30) : rl_day_from_ymd (year, 12, 31);
}

/**
 * rl_rate_normalize:
 * @rate: (inout): the rate to check
 *
 * Checks @rate's half-year and ranges (ECB −10 % to 100 %, the others 0 to 100 %) and sets
 * its b2b rate to ECB + 10 points when it is negative ("not given").
 *
 * Returns: %TRUE if @rate is valid; otherwise sets %RL_PENALTY_ERROR_INVALID
 */
gboolean
rl_rate_normalize (RlRate  *rate,
                   GError **error)
{
  g_return_val_if_fail (rate != NULL, FALSE);

  if (memchr (rate->half_year, '\0', sizeof rate->half_year) == NULL
      || !rl_half_year_parse (rate->half_year, NULL, NULL))
    {
      g_set_error (error, RL_PENALTY_ERROR, RL_PENALTY_ERROR_INVALID,
                   _("“%.*s” is not a half-year: write it as 2026-H1 or 2026-H2"),
                   (int) sizeof rate->half_year, rate->half_year);
      return FALSE;
    }
  if (rate->b2b_bp < 0)
    rate->b2b_bp = rate->ecb_bp + 1000;
  if (rate->ecb_bp < -1000 || rate->ecb_bp > RATE_MAX_BP
      || rate->b2b_bp > RATE_MAX_BP || rate->b2b_bp < 0
      || rate->legal_private_bp < 0 || rate->legal_private_bp > RATE_MAX_BP
      || rate->legal_other_bp < 0 || rate->legal_other_bp > RATE_MAX_BP)
    {
      g_set_error (error, RL_PENALTY_ERROR, RL_PENALTY_ERROR_INVALID,
                   _("the rates of %s are out of range"), rate->half_year);
      return FALSE;
    }
  rate->confirmed = !!rate->confirmed;
  return TRUE;
}

/**
 * rl_rate_table_new:
 *
 * Returns: (transfer full): an empty rate table
 */
RlRateTable *
rl_rate_table_new (void)
{
  RlRateTable *table = g_new0 (RlRateTable, 1);

  table->rates = g_array_new (FALSE, TRUE, sizeof (RlRate));
  return table;
}

void
rl_rate_table_free (RlRateTable *table)
{
  if (table == NULL)
    return;
  g_array_unref (table->rates);
  g_free (table);
}

/**
 * rl_rate_table_add:
 * @rate: the rates of one half-year, checked and completed as by rl_rate_normalize()
 *
 * Adds @rate, or replaces the table's rate of the same half-year.
 *
 * Returns: %TRUE on success; %RL_PENALTY_ERROR_INVALID if @rate is not valid
 */
gboolean
rl_rate_table_add (RlRateTable   *table,
                   const RlRate  *rate,
                   GError       **error)
{
  RlRate copy;
  guint i;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (rate != NULL, FALSE);

  copy = *rate;
  if (!rl_rate_normalize (&copy, error))
    return FALSE;
  for (i = 0; i < table->rates->len; i++)
    {
      RlRate *r = &g_array_index (table->rates, RlRate, i);
      int cmp = strcmp (r->half_year, copy.half_year);

      if (cmp == 0)
        {
          *r = copy;
          return TRUE;
        }
      if (cmp > 0)
        break;
    }
  g_array_insert_val (table->rates, i, copy);
  return TRUE;
}

/**
 * rl_rate_table_lookup:
 *
 * Returns: (transfer none) (nullable): the rates of @half_year, confirmed or not, or %NULL
 */
const RlRate *
rl_rate_table_lookup (const RlRateTable *table,
                      const char        *half_year)
{
  RlRate key = { 0 };
  guint index;

  g_return_val_if_fail (table != NULL, NULL);

  if (!rl_half_year_parse (half_year, NULL, NULL))
    return NULL;
  memcpy (key.half_year, half_year, 8);
  if (!g_array_binary_search (table->rates, &key, compare_rates, &index))
    return NULL;
  return &g_array_index (table->rates, RlRate, index);
}

guint
rl_rate_table_get_n_rates (const RlRateTable *table)
{
  g_return_val_if_fail (table != NULL, 0);
  return table->rates->len;
}

/**
 * rl_rate_table_get_rate:
 *
 * Returns: (transfer none): the @index-th rate in half-year order
 */
const RlRate *
rl_rate_table_get_rate (const RlRateTable *table,
                        guint              index)
{
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (index < table->rates->len, NULL);
  return &g_array_index (table->rates, RlRate, index);
}

static gboolean
validate_input (const RlPenaltyInput  *in,
                GError               **error)
{
  if (in->amount < 0 || in->amount > RL_MONEY_MAX)
    {
      g_set_error (error, RL_PENALTY_ERROR, RL_PENALTY_ERROR_INVALID,
                   _("the invoice amount is out of range"));
      return FALSE;
    }
  if (in->due_date == RL_DAY_NONE || in->as_of == RL_DAY_NONE)
    {
      g_set_error (error, RL_PENALTY_ERROR, RL_PENALTY_ERROR_INVALID,
                   _("penalties need a due date and an as-of date"));
      return FALSE;
    }
  if (in->debtor != RL_CUSTOMER_BUSINESS && in->debtor != RL_CUSTOMER_CONSUMER)
    {
      g_set_error (error, RL_PENALTY_ERROR, RL_PENALTY_ERROR_INVALID,
                   _("penalties need to know whether the debtor is a business or a consumer"));
      return FALSE;
    }
  if (in->contract_rate_bp < -1 || in->contract_rate_bp > RATE_MAX_BP)
    {
      g_set_error (error, RL_PENALTY_ERROR, RL_PENALTY_ERROR_INVALID,
                   _("the contract rate is out of range"));
      return FALSE;
    }
  for (guint i = 0; i < in->n_settlements; i++)
    {
      const RlSettlement *s = &in->settlements[i];

      if (s->date == RL_DAY_NONE || s->amount < 0 || s->amount > RL_MONEY_MAX)
        {
          g_set_error (error, RL_PENALTY_ERROR, RL_PENALTY_ERROR_INVALID,
                       _("a payment on the invoice has no date or an amount out of range"));
          return FALSE;
        }
    }
  return TRUE;
}

/* The rate that applies to a day of @rate's half-year. */
static int
applied_rate (const RlPenaltyInput *in,
              const RlRate         *rate)
{
  if (in->debtor == RL_CUSTOMER_CONSUMER)
    return rate->legal_other_bp;
  if (in->contract_rate_bp >= 0)
    return MAX (in->contract_rate_bp, 3 * rate->legal_other_bp);
  return rate->b2b_bp;
}

/**
 * rl_penalty_compute:
 * @input: the invoice, what was settled on it and when, the debtor, the as-of day
 * @rates: the rate table
 * @out_penalty: (out caller-allocates): receives the result; zero-initialised or cleared
 *   with rl_penalty_clear() beforehand, to be cleared by the caller afterwards
 * @out_missing_half_year: (out caller-allocates) (optional): 8 bytes; on
 *   %RL_PENALTY_ERROR_RATE_MISSING receives the half-year to confirm, otherwise ""
 *
 * Computes the late-payment interest and indemnity of one invoice at @input's as-of day, by
 * the rules at the top of rl-penalties.h. Pure: reads nothing but its arguments.
 *
 * Returns: %TRUE on success. On failure @out_penalty is left cleared and @error is set:
 *   %RL_PENALTY_ERROR_RATE_MISSING if a half-year of the period has no confirmed rate,
 *   %RL_PENALTY_ERROR_INVALID if the input is out of range.
 */
gboolean
rl_penalty_compute (const RlPenaltyInput  *input,
                    const RlRateTable     *rates,
                    RlPenalty             *out_penalty,
                    char                  *out_missing_half_year,
                    GError               **error)
{
  g_autoptr(GArray) sorted = NULL;
  g_autoptr(GArray) segments = NULL;
  __int128 numerator = 0;
  __int128 paid = 0;
  __int128 cum = 0;
  RlDay settled_on = RL_DAY_NONE;
  RlDay start = RL_DAY_NONE;
  RlDay day;
  guint next = 0;

  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (input->settlements != NULL || input->n_settlements == 0, FALSE);
  g_return_val_if_fail (rates != NULL, FALSE);
  g_return_val_if_fail (out_penalty != NULL, FALSE);

  memset (out_penalty, 0, sizeof *out_penalty);
  if (out_missing_half_year)
    out_missing_half_year[0] = '\0';
  if (!validate_input (input, error))
    return FALSE;

  /* What was settled up to the as-of day, in date order; later money is not known yet. */
  sorted = g_array_sized_new (FALSE, FALSE, sizeof (RlSettlement), input->n_settlements);
  for (guint i = 0; i < input->n_settlements; i++)
    if (input->settlements[i].date <= input->as_of)
      g_array_append_val (sorted, input->settlements[i]);
  g_array_sort (sorted, compare_settlements);

  for (guint i = 0; i < sorted->len; i++)
    {
      const RlSettlement *s = &g_array_index (sorted, RlSettlement, i);

      cum += s->amount;
      if (settled_on == RL_DAY_NONE && cum >= input->amount)
        settled_on = s->date;
    }
  if (input->amount == 0)
    out_penalty->days_late = 0;
  else if (settled_on != RL_DAY_NONE)
    out_penalty->days_late = settled_on > input->due_date
                             ? (int) (settled_on - input->due_date) : 0;
  else
    out_penalty->days_late = input->as_of > input->due_date
                             ? (int) (input->as_of - input->due_date) : 0;
  out_penalty->balance = cum >= input->amount ? 0 : (RlCents) (input->amount - cum);

  if (input->debtor == RL_CUSTOMER_BUSINESS)
    start = input->due_date + 1;
  else if (input->formal_notice != RL_DAY_NONE)
    start = MAX (input->due_date, input->formal_notice) + 1;

  segments = g_array_new (FALSE, TRUE, sizeof (RlPenaltySegment));
  while (next < sorted->len && g_array_index (sorted, RlSettlement, next).date < start)
    paid += g_array_index (sorted, RlSettlement, next++).amount;

  for (day = start; start != RL_DAY_NONE && day <= input->as_of; )
    {
      RlPenaltySegment seg = { 0 };
      const RlRate *rate;
      RlDay end;

      /* Settlements are never negative: once nothing is due, nothing will be. */
      if (paid >= input->amount)
        break;
      seg.base = (RlCents) (input->amount - paid);
      rl_half_year_of (day, seg.half_year);
      end = MIN (input->as_of, rl_half_year_last_day (seg.half_year));
      if (next < sorted->len && g_array_index (sorted, RlSettlement, next).date < end)
        end = g_array_index (sorted, RlSettlement, next).date;

      rate = rl_rate_table_lookup (rates, seg.half_year);
      if (rate == NULL || !rate->confirmed)
        {
          if (out_missing_half_year)
            memcpy (out_missing_half_year, seg.half_year, sizeof seg.half_year);
          g_set_error (error, RL_PENALTY_ERROR, RL_PENALTY_ERROR_RATE_MISSING,
                       _("no confirmed rate for %s: confirm it in the rates table"),
                       seg.half_year);
          memset (out_penalty, 0, sizeof *out_penalty);
          return FALSE;
        }

      seg.from = day;
      seg.to = end;
      seg.days = (int) (end - day + 1);
      seg.rate_bp = applied_rate (input, rate);
      seg.interest = rl_money_mul_div_round (seg.base, (gint64) seg.rate_bp * seg.days,
                                             INTEREST_DENOMINATOR);
      numerator += (__int128) seg.base * seg.rate_bp * seg.days;
      g_array_append_val (segments, seg);

      /* Money received on day D reduces the base from D + 1. */
      day = end + 1;
      while (next < sorted->len && g_array_index (sorted, RlSettlement, next).date < day)
        paid += g_array_index (sorted, RlSettlement, next++).amount;
    }

  out_penalty->interest = round_div_128 (numerator, INTEREST_DENOMINATOR);
  if (input->debtor == RL_CUSTOMER_BUSINESS && out_penalty->days_late > 0)
    out_penalty->indemnity = RL_PENALTY_INDEMNITY;
  out_penalty->segments = g_steal_pointer (&segments);
  return TRUE;
}

/**
 * rl_penalty_clear:
 *
 * Frees what @penalty holds and zeroes it; @penalty itself is the caller's.
 */
void
rl_penalty_clear (RlPenalty *penalty)
{
  if (penalty == NULL)
    return;
  g_clear_pointer (&penalty->segments, g_array_unref);
  memset (penalty, 0, sizeof *penalty);
}
