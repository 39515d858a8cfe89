/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-demo"

#include "config.h"

#include "rl-demo-private.h"

/* The ledger of a demo book: invoices drawn day after day over the history, each paid the way
 * its customer pays, a few credited, the payments allocated as a bank reconciliation would
 * have done, and nothing dated after as_of. */

static const char * const method_names[] = { "transfer", "cheque", "direct_debit", "card" };

static const char sql_invoice[] =
  "INSERT INTO invoices (number, customer_id, kind, issue_date, due_date, amount_cents,"
  " reference, credited_number, import_id, created_at, updated_at)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)";
static const char sql_payment[] =
  "INSERT INTO payments (key, customer_id, date, amount_cents, method, reference, payer_name,"
  " payer_iban, invoice_number, import_id, created_at, updated_at)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)";
static const char sql_allocation[] =
  "INSERT INTO allocations (invoice_id, payment_id, credit_note_id, amount_cents, date,"
  " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/* Dates */

static int
weekday (RlDay day)
{
  return (int) ((day - 1) % 7);  /* 0 Monday … 6 Sunday */
}

static RlDay
next_bank_day (RlDay day)
{
  while (weekday (day) >= 5)
    day++;
  return day;
}

/* How many invoices a day gets, relative to an ordinary weekday (100): none on Sundays and
 * public holidays, more at month end, fewer in August and at Christmas, slowly growing. */
static guint
day_weight (const RlDemoGen *g,
            RlDay            day)
{
  int y, m, d, wd = weekday (day);
  guint w;

  rl_day_to_ymd (day, &y, &m, &d);
  if (wd == 6 || (d == 1 && (m == 1 || m == 5 || m == 11)) || (d == 8 && m == 5)
      || (d == 14 && m == 7) || (d == 15 && m == 8) || (d == 11 && m == 11)
      || (d == 25 && m == 12))
    return 0;
  w = wd == 5 ? 8 : 100;
  if (d > rl_day_days_in_month (y, m) - 3)
    w = w * 16 / 10;
  if (m == 8 || (m == 12 && d > 20))
    w = w / 2;
  return w * (100 + 40 * (day - g->start) / (g->as_of - g->start + 1)) / 100;
}

/* "30 jours fin de mois": the terms, then the end of that month. */
static RlDay
due_date (RlDay issue,
          int   terms,
          int   end_of_month)
{
  RlDay due = issue + (RlDay) terms;

  return end_of_month ? rl_day_end_of_month (due) : due;
}

/* Invoices, credit notes and payments */

static void
next_number (RlDemoSequence *seq,
             const char     *prefix,
             RlDay           day,
             char            out[24])
{
  int year;

  rl_day_to_ymd (day, &year, NULL, NULL);
  if (year != seq->year)
    {
      seq->year = year;
      seq->seq = 0;
    }
  g_snprintf (out, 24, "%s%d-%06u", prefix, year, ++seq->seq);
}

static gboolean
insert_document (RlDemoGen   *g,
                 const char  *number,
                 gint64       customer_id,
                 gboolean     credit_note,
                 RlDay        issue,
                 RlDay        due,
                 RlCents      amount,
                 const char  *reference,
                 const char  *credited,
                 gint64      *out_id,
                 GError     **error)
{
  sqlite3_stmt *s = g->ins_invoice;
  char issue_iso[11], due_iso[11];

  rl_day_to_iso_buf (issue, issue_iso);
  rl_day_to_iso_buf (due, due_iso);
  _rl_demo_bind_static (s, 1, number);
  sqlite3_bind_int64 (s, 2, customer_id);
  _rl_demo_bind_static (s, 3, credit_note ? "credit_note" : "invoice");
  _rl_demo_bind_static (s, 4, issue_iso);
  _rl_demo_bind_static (s, 5, due_iso);
  sqlite3_bind_int64 (s, 6, amount);
  _rl_demo_bind_static (s, 7, reference);
  _rl_demo_bind_static (s, 8, credited);
  sqlite3_bind_int64 (s, 9, g->import_id);
  _rl_demo_bind_static (s, 10, g->now);
  if (!_rl_demo_step_done (g, s, error))
    return FALSE;
  *out_id = sqlite3_last_insert_rowid (g->db);
  g->n_docs++;
  return TRUE;
}

static gboolean
insert_allocation (RlDemoGen  *g,
                   gint64      invoice_id,
                   gint64      payment_id,
                   gint64      credit_note_id,
                   RlCents     amount,
                   RlDay       day,
                   GError    **error)
{
  sqlite3_stmt *s = g->ins_allocation;
  char iso[11];

  rl_day_to_iso_buf (day, iso);
  sqlite3_bind_int64 (s, 1, invoice_id);
  if (payment_id > 0)
    sqlite3_bind_int64 (s, 2, payment_id);
  if (credit_note_id > 0)
    sqlite3_bind_int64 (s, 3, credit_note_id);
  sqlite3_bind_int64 (s, 4, amount);
  _rl_demo_bind_static (s, 5, iso);
  _rl_demo_bind_static (s, 6, g->now);
  return _rl_demo_step_done (g, s, error);
}

/* One payment of (part of) an invoice; now and then the payer gives no usable reference and
 * the payment stays unallocated, sometimes without even a known customer. */
static gboolean
insert_payment (RlDemoGen       *g,
                RlDemoCustomer  *c,
                gint64           invoice_id,
                const char      *number,
                RlDay            day,
                RlCents          amount,
                GError         **error)
{
  RlDemoRng *r = &g->rng;
  sqlite3_stmt *s = g->ins_payment;
  gboolean allocated = !rng_chance (r, 6);
  char key[24], iso[11], reference[200];

  g_snprintf (key, sizeof key, "DEMO-P%08u", ++g->n_payments);
  rl_day_to_iso_buf (day, iso);
  switch ((RlDemoMethod) c->method)
    {
    case RL_DEMO_METHOD_CHEQUE:
      g_snprintf (reference, sizeof reference, "REMISE CHQ %07d", rng_range (r, 0, 9999999));
      break;
    case RL_DEMO_METHOD_DIRECT_DEBIT:
      g_snprintf (reference, sizeof reference, "PRLV SEPA %s", number);
      break;
    case RL_DEMO_METHOD_CARD:
      g_snprintf (reference, sizeof reference, "CB %s", number);
      break;
    case RL_DEMO_METHOD_TRANSFER:
    default:
      if (!allocated)
        g_snprintf (reference, sizeof reference, "VIR SEPA %s", c->payer);
      else if (rng_chance (r, 300))
        g_snprintf (reference, sizeof reference, "VIR SEPA %s FACT %s", c->payer, number);
      else
        g_snprintf (reference, sizeof reference, "%s", number);
    }

  _rl_demo_bind_static (s, 1, key);
  if (allocated || !rng_chance (r, 300))
    sqlite3_bind_int64 (s, 2, c->id);
  _rl_demo_bind_static (s, 3, iso);
  sqlite3_bind_int64 (s, 4, amount);
  _rl_demo_bind_static (s, 5, method_names[c->method]);
  _rl_demo_bind_static (s, 6, reference);
  _rl_demo_bind_static (s, 7, c->payer);
  _rl_demo_bind_static (s, 8, c->method == RL_DEMO_METHOD_TRANSFER
                              || c->method == RL_DEMO_METHOD_DIRECT_DEBIT ? c->iban : NULL);
  _rl_demo_bind_static (s, 9, allocated ? number : NULL);
  sqlite3_bind_int64 (s, 10, g->import_id);
  _rl_demo_bind_static (s, 11, g->now);
  if (!_rl_demo_step_done (g, s, error))
    return FALSE;
  if (!allocated)
    return TRUE;
  return insert_allocation (g, invoice_id, sqlite3_last_insert_rowid (g->db), 0, amount, day,
                            error);
}

/* Pays @to_pay of an invoice the way its customer pays, in one to three instalments; what
 * would be paid after as_of (or after the customer stopped paying) is left open. */
static gboolean
settle (RlDemoGen   *g,
        guint        ci,
        gint64       invoice_id,
        const char  *number,
        RlDay        issue,
        RlDay        due,
        RlCents      to_pay,
        RlDay        not_before,
        GError     **error)
{
  static const guint split_per_mille[] = { 20, 40, 100, 250, 150 };
  RlDemoCustomer *c = &g->customers[ci];
  RlDemoRng *r = &g->rng;
  gint64 pay;
  int delay, parts = 1;
  gboolean disputed = FALSE;

  if (to_pay <= 0)
    return TRUE;
  switch ((RlDemoBehaviour) c->behaviour)
    {
    case RL_DEMO_PAYS_EARLY:
      delay = -rng_range (r, 0, MIN (c->terms, 20));
      break;
    case RL_DEMO_PAYS_ON_TIME:
      delay = rng_chance (r, 850) ? rng_range (r, -4, 5) : rng_range (r, 6, 20);
      break;
    case RL_DEMO_PAYS_CHRONIC:
      delay = rng_range (r, 30, 120);
      break;
    case RL_DEMO_PAYS_SLOW:
    case RL_DEMO_PAYS_STOPPED:
    default:
      delay = rng_chance (r, 900) ? rng_range (r, 10, 30) : rng_range (r, 31, 60);
    }
  /* Disputed or forgotten invoices: paid very late, or never. */
  if (rng_chance (r, 12))
    {
      if (rng_chance (r, 500))
        return TRUE;
      disputed = TRUE;
      delay += rng_range (r, 90, 300);
    }
  pay = (gint64) due + delay;
  if (c->method == RL_DEMO_METHOD_DIRECT_DEBIT && !disputed)
    pay = due;
  pay = MAX (pay, (gint64) MAX (issue + 1, not_before));
  pay = next_bank_day ((RlDay) pay);
  if (rng_chance (r, split_per_mille[c->behaviour]))
    parts = rng_range (r, 2, 3);

  for (int i = 0; i < parts && to_pay > 0; i++)
    {
      RlCents part = to_pay, amount;

      if (i < parts - 1)
        {
          part = to_pay * rng_range (r, 25, 60) / 100;
          part -= part % 100;
          if (part <= 0 || part >= to_pay)
            part = to_pay;
        }
      if (pay > g->as_of || (c->stop != RL_DAY_NONE && pay >= c->stop))
        break;
      amount = part;
      /* Payers abroad often leave the bank charges to us. */
      if (c->foreign && part > 5000 && rng_chance (r, 350))
        amount -= rng_range (r, 800, 2500);
      if (!insert_payment (g, c, invoice_id, number, (RlDay) pay, amount, error))
        return FALSE;
      to_pay -= part;
      pay = next_bank_day ((RlDay) pay + (RlDay) rng_range (r, 12, 40));
    }
  return TRUE;
}

static guint
pick_customer (RlDemoGen *g,
               RlDay      day)
{
  guint64 total = g->cum_weights[g->n_customers - 1];
  guint best = 0;

  /* Skewed by weight; customers who had not started or had left by then are drawn again. */
  for (int attempt = 0; attempt < 8; attempt++)
    {
      guint64 x = rng_next (&g->rng) % total;
      guint lo = 0, hi = g->n_customers - 1;
      const RlDemoCustomer *c;

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (g->cum_weights[mid] > x)
            hi = mid;
          else
            lo = mid + 1;
        }
      c = &g->customers[lo];
      best = lo;
      if (day >= c->since && (c->until == RL_DAY_NONE || day <= c->until))
        break;
    }
  return best;
}

static gboolean
emit_invoice (RlDemoGen  *g,
              RlDay       day,
              GError    **error)
{
  guint ci = pick_customer (g, day);
  RlDemoCustomer *c = &g->customers[ci];
  RlDemoRng *r = &g->rng;
  RlDay due = due_date (day, c->terms, c->end_of_month);
  RlCents amount = _rl_demo_draw_cents (r, c->mu, 300);
  char number[24], reference[24];
  gboolean has_reference = !c->consumer && rng_chance (r, 250);
  gint64 id;

  if (c->consumer || rng_chance (r, 300))
    amount -= amount % 100;
  else if (rng_chance (r, 150))
    amount -= amount % 1000;
  amount = rl_money_mul_div_round (MAX (amount, 100), 1000 + c->vat_permille, 1000);
  next_number (&g->invoice_seq, "FA", day, number);
  if (has_reference)
    g_snprintf (reference, sizeof reference, "BC%06d", rng_range (r, 1, 999999));
  if (!insert_document (g, number, c->id, FALSE, day, due, amount,
                        has_reference ? reference : NULL, NULL, &id, error))
    return FALSE;

  /* About 2 % of invoices get a credit note: a cancellation or a price correction. */
  if (rng_chance (r, 22) && g->n_docs + g->pending->len < g->n_docs_wanted)
    {
      RlDemoPendingCredit p = { 0, };

      p.day = next_bank_day (day + (RlDay) rng_range (r, 2, 25));
      if (p.day <= g->as_of)
        {
          p.customer = ci;
          p.invoice_id = id;
          p.issue = day;
          p.due = due;
          p.invoice_amount = amount;
          p.amount = rng_chance (r, 350) ? amount
                   : MAX (amount * rng_range (r, 5, 50) / 100, 1);
          p.applied = rng_chance (r, 650);
          g_strlcpy (p.number, number, sizeof p.number);
          g_array_append_val (g->pending, p);
          return TRUE;
        }
    }
  return settle (g, ci, id, number, day, due, amount, RL_DAY_NONE, error);
}

static gboolean
emit_credit_notes (RlDemoGen  *g,
                   RlDay       day,
                   GError    **error)
{
  for (guint i = 0; i < g->pending->len;)
    {
      RlDemoPendingCredit p = g_array_index (g->pending, RlDemoPendingCredit, i);
      char number[24];
      gint64 id;

      if (p.day != day)
        {
          i++;
          continue;
        }
      g_array_remove_index (g->pending, i);
      next_number (&g->credit_seq, "AV", day, number);
      if (!insert_document (g, number, g->customers[p.customer].id, TRUE, day, day, p.amount,
                            NULL, p.number, &id, error)
          || (p.applied && !insert_allocation (g, p.invoice_id, 0, id, p.amount, day, error)))
        return FALSE;
      /* Whether or not the credit note was applied here, the customer deducts it. */
      if (!settle (g, p.customer, p.invoice_id, p.number, p.issue, p.due,
                   p.invoice_amount - p.amount, day + 1, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_rl_demo_make_invoices (RlDemoGen  *g,
                        GError    **error)
{
  guint64 total_weight = 0, cum = 0;

  if ((g->ins_invoice = _rl_book_stmt (g->book, sql_invoice, error)) == NULL
      || (g->ins_payment = _rl_book_stmt (g->book, sql_payment, error)) == NULL
      || (g->ins_allocation = _rl_book_stmt (g->book, sql_allocation, error)) == NULL)
    return FALSE;

  for (RlDay day = g->start; day <= g->as_of; day++)
    total_weight += day_weight (g, day);
  for (RlDay day = g->start; day <= g->as_of; day++)
    {
      guint64 target;

      cum += day_weight (g, day);
      target = day == g->as_of || total_weight == 0
        ? g->n_docs_wanted : (g->n_docs_wanted * cum + total_weight / 2) / total_weight;
      if (!emit_credit_notes (g, day, error))
        return FALSE;
      while (g->n_docs + g->pending->len < target)
        if (!emit_invoice (g, day, error))
          return FALSE;
      _rl_demo_report (g, 0.05 + 0.85 * g->n_docs / MAX (g->n_docs_wanted, 1));
    }
  g_assert (g->pending->len == 0);
  g_assert (g->n_docs == g->n_docs_wanted);
  return TRUE;
}
