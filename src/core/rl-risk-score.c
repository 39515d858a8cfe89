/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-risk"

#include "config.h"

#include "rl-risk.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "rl-money.h"
#include "rl-risk-private.h"

/* The score, class and facts of an account whose sums the passes over the book read
 * (rl-risk.c), and the facts told in the user's language. The formula and the thresholds are
 * in rl-risk.h. */

#define MAX_PCT        9999  /* overdue over a limit of zero, or absurdly over one */
#define SHRINK_ITEMS   2     /* invoices of neutral evidence the history is blended with */

/* Helpers */

/* Overdue as a whole percentage of the credit limit, rounded; −1 without a limit. */
static int
overdue_pct (RlCents  overdue,
             gboolean has_limit,
             RlCents  limit)
{
  if (!has_limit)
    return -1;
  if (overdue <= 0)
    return 0;
  if (limit <= 0 || overdue / limit >= MAX_PCT / 100)
    return MAX_PCT;
  return (int) MIN (rl_money_mul_div_round (overdue, 100, limit), MAX_PCT);
}

/* Describing facts */

typedef struct
{
  int late, paid, avg, worst, overdue, pct, disputes, past_disputes, broken, no_history;
} Facts;

static void
parse_facts (const char *text,
             Facts      *facts)
{
  g_auto(GStrv) pairs = g_strsplit (text, ";", -1);
  static const struct { const char *key; gsize offset; } keys[] = {
    { "avg", G_STRUCT_OFFSET (Facts, avg) },
    { "worst", G_STRUCT_OFFSET (Facts, worst) },
    { "overdue", G_STRUCT_OFFSET (Facts, overdue) },
    { "overdue_pct_limit", G_STRUCT_OFFSET (Facts, pct) },
    { "disputes", G_STRUCT_OFFSET (Facts, disputes) },
    { "past_disputes", G_STRUCT_OFFSET (Facts, past_disputes) },
    { "broken_promises", G_STRUCT_OFFSET (Facts, broken) },
    { "no_history", G_STRUCT_OFFSET (Facts, no_history) },
  };

  *facts = (Facts) { .pct = -1 };
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *eq = strchr (pairs[i], '=');
      const char *value;

      if (eq == NULL)
        continue;
      *eq = '\0';
      value = eq + 1;
      if (strcmp (pairs[i], "late") == 0)
        {
          char *end = NULL;

          facts->late = (int) CLAMP (g_ascii_strtoll (value, &end, 10), 0, G_MAXINT);
          if (end != NULL && *end == '/')
            facts->paid = (int) CLAMP (g_ascii_strtoll (end + 1, NULL, 10), 0, G_MAXINT);
          continue;
        }
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        if (strcmp (pairs[i], keys[k].key) == 0)
          G_STRUCT_MEMBER (int, facts, keys[k].offset) =
            (int) CLAMP (g_ascii_strtoll (value, NULL, 10), -1, G_MAXINT);
    }
}

static void
add_sentence (GString    *out,
              const char *format,
              ...) G_GNUC_PRINTF (2, 3);

static void
add_sentence (GString    *out,
              const char *format,
              ...)
{
  va_list args;

  if (out->len > 0)
    g_string_append (out, "; ");
  va_start (args, format);
  g_string_append_vprintf (out, format, args);
  va_end (args);
}

/* Scoring */

/* Scores an account: @acc may be %NULL (nothing at all in the book). */
void
_rl_risk_score_account (const Acc *acc,
                        gboolean   has_limit,
                        RlCents    limit,
                        int       *out_score,
                        char      *out_klass,
                        char     **out_facts)
{
  static const Acc empty = { 0 };
  gboolean no_history;
  int avg = 0, pct, score;
  double history, n, penalty = 0;

  if (acc == NULL)
    acc = &empty;
  no_history = acc->n_paid == 0 && acc->n_overdue == 0;
  pct = overdue_pct (acc->overdue, has_limit, limit);
  if (acc->late_amount > 0)
    avg = (int) MIN ((acc->late_amount_days * 2 + acc->late_amount) / (acc->late_amount * 2),
                     G_MAXINT);

  if (no_history)
    {
      score = RL_RISK_NO_HISTORY_SCORE;
    }
  else
    {
      history = 100.0 - 35.0 * (double) acc->w_late / (double) acc->w_all;
      if (acc->wa_all > 0)
        history -= MIN (35.0, 1.5 * (double) acc->wad_late / (double) acc->wa_all);
      history -= MIN (15.0, MAX (0, acc->worst - 30) / 4.0);
      /* A few invoices say little: their score leans towards the neutral one. */
      n = acc->n_paid + acc->n_overdue;
      history = RL_RISK_NO_HISTORY_SCORE
                + (history - RL_RISK_NO_HISTORY_SCORE) * n / (n + SHRINK_ITEMS);
      if (pct > 50)
        penalty += MIN (25.0, (pct - 50) / 4.0);
      penalty += MIN (16, 8 * acc->open_disputes) + MIN (9, 3 * acc->past_disputes);
      penalty += MIN (24, 8 * acc->broken_promises);
      score = CLAMP ((int) floor (history - penalty + 0.5), 0, 100);
    }

  *out_score = score;
  *out_klass = rl_risk_class_for_score (score);
  *out_facts = g_strdup_printf ("late=%u/%u;avg=%d;worst=%d;overdue=%u;overdue_pct_limit=%d;"
                                "disputes=%u;past_disputes=%u;broken_promises=%u;no_history=%d",
                                acc->n_paid_late, acc->n_paid, avg, acc->worst, acc->n_overdue,
                                pct, acc->open_disputes, acc->past_disputes,
                                acc->broken_promises, no_history);
}

/* Public API */

/**
 * rl_risk_class_for_score:
 * @score: a score from 0 to 100
 *
 * Returns: the class of @score: 'A' from 80, 'B' from 60, 'C' from 40, 'D' below
 */
char
rl_risk_class_for_score (int score)
{
  if (score >= 80)
    return 'A';
  if (score >= 60)
    return 'B';
  if (score >= 40)
    return 'C';
  return 'D';
}

/**
 * rl_risk_class_label:
 * @klass: 'A', 'B', 'C' or 'D'
 *
 * Returns: (transfer none): the class with its meaning, translated, such as
 *   "A — reliable payer"
 */
const char *
rl_risk_class_label (char klass)
{
  switch (klass)
    {
    case 'A':
      return _("A — reliable payer");
    case 'B':
      return _("B — usually pays");
    case 'C':
      return _("C — often late");
    case 'D':
      return _("D — high risk");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * rl_risk_describe:
 * @facts: (nullable): facts as stored in customers.risk_reasons
 *
 * Renders the facts as short sentences in the user's language, joined with "; ", such as
 * "paid 7 of its last 10 invoices late, 23 days on average; worst delay: 61 days". Unknown
 * facts are ignored, so that older code reads newer books.
 *
 * Returns: (transfer full): the sentences, empty when there is nothing to say
 */
char *
rl_risk_describe (const char *facts)
{
  GString *out = g_string_new (NULL);
  Facts f;

  if (facts == NULL)
    return g_string_free (out, FALSE);
  parse_facts (facts, &f);

  if (f.no_history > 0)
    add_sentence (out, "%s", _("no payment history yet"));
  if (f.paid > 0 && f.late == 0)
    add_sentence (out, g_dngettext (GETTEXT_PACKAGE, "paid its last invoice on time",
                                    "paid all of its last %d invoices on time", f.paid),
                  f.paid);
  else if (f.paid == 1 && f.late > 0)
    add_sentence (out, g_dngettext (GETTEXT_PACKAGE, "paid its last invoice late, by %d day",
                                    "paid its last invoice late, by %d days", f.avg),
                  f.avg);
  else if (f.paid > 1 && f.late > 0)
    /* TRANSLATORS: "paid 7 of its last 10 invoices late, 23 days on average"; the plural
     * form follows the number of days. */
    add_sentence (out, g_dngettext (GETTEXT_PACKAGE,
                                    "paid %d of its last %d invoices late, %d day on average",
                                    "paid %d of its last %d invoices late, %d days on average",
                                    f.avg),
                  f.late, f.paid, f.avg);
  /* The worst delay says something new unless it is the average already given. */
  if (f.worst > 0 && (f.late == 0 || f.worst != f.avg))
    add_sentence (out, g_dngettext (GETTEXT_PACKAGE, "worst delay: %d day",
                                    "worst delay: %d days", f.worst),
                  f.worst);
  if (f.overdue > 0)
    add_sentence (out, g_dngettext (GETTEXT_PACKAGE, "%d invoice overdue",
                                    "%d invoices overdue", f.overdue),
                  f.overdue);
  if (f.pct > 0)
    /* TRANSLATORS: the overdue amount as a percentage of the customer's credit limit. */
    add_sentence (out, _("overdue is %d %% of its credit limit"), f.pct);
  if (f.disputes > 0)
    add_sentence (out, g_dngettext (GETTEXT_PACKAGE, "%d open dispute", "%d open disputes",
                                    f.disputes),
                  f.disputes);
  if (f.past_disputes > 0)
    add_sentence (out, g_dngettext (GETTEXT_PACKAGE, "%d resolved dispute",
                                    "%d resolved disputes", f.past_disputes),
                  f.past_disputes);
  if (f.broken > 0)
    add_sentence (out, g_dngettext (GETTEXT_PACKAGE, "%d broken promise",
                                    "%d broken promises", f.broken),
                  f.broken);
  return g_string_free (out, FALSE);
}
