/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-engine"

#include "config.h"

#include "rl-engine.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "rl-book-private.h"
#include "rl-engine-private.h"
#include "rl-error.h"
#include "rl-penalties.h"
#include "rl-risk.h"

/* The daily run. For every customer that may be chased, every open invoice that is not held
 * climbs its plan: the highest step whose day has come and that it has not had yet is proposed;
 * steps jumped over because the run did not happen on their day are recorded as skipped, never
 * sent late. One action per customer and channel groups its invoices. An invoice already in an
 * action not yet carried out waits for it; a customer contacted less than a step's minimum gap
 * ago waits too. Everything a run decides is in the book (invoice_steps, actions), so a second
 * run the same day finds nothing new, and a run interrupted at any point leaves nothing behind:
 * it is one transaction. */

#define DEFAULT_STALE_DAYS 7

const RlPlan *
_rl_engine_plan_by_id (Run    *run,
                       gint64  id)
{
  for (guint i = 0; i < run->plans->len; i++)
    {
      const RlPlan *p = g_ptr_array_index (run->plans, i);

      if (p->id == id)
        return p;
    }
  return NULL;
}

const RlPlan *
_rl_engine_plan_for_class (Run  *run,
                           char  klass)
{
  const RlPlan *fallback = NULL;

  for (guint i = 0; i < run->plans->len; i++)
    {
      const RlPlan *p = g_ptr_array_index (run->plans, i);

      if (p->risk_class == klass)
        return p;
      if (p->risk_class == 'B' || fallback == NULL)
        fallback = p;
    }
  return fallback;
}

static gboolean
exec_day (Run         *run,
          const char  *sql,
          GError     **error)
{
  sqlite3_stmt *stmt = _rl_book_stmt (run->book, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, run->as_of_iso, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (run->book, rc, error);
  return TRUE;
}

/* Promises whose day has passed: kept if the customer paid the amount since the promise was
 * made, broken otherwise — then the plan resumes. */
static gboolean
settle_promises (Run     *run,
                 GError **error)
{
  static const char kept_sql[] =
    "UPDATE promises SET state = 'kept', settled_on = ?1 WHERE state = 'open'"
    " AND promised_for < ?1 AND amount_cents <= (SELECT coalesce (sum (p.amount_cents), 0)"
    "   FROM payments p WHERE p.customer_id = promises.customer_id"
    "   AND p.date >= promises.made_on AND p.date <= promises.promised_for)";
  static const char broken_sql[] =
    "UPDATE promises SET state = 'broken', settled_on = ?1 WHERE state = 'open'"
    " AND promised_for < ?1";
  sqlite3 *db = _rl_book_get_db (run->book);

  if (!exec_day (run, kept_sql, error))
    return FALSE;
  run->report->promises_kept = sqlite3_changes (db);
  if (!exec_day (run, broken_sql, error))
    return FALSE;
  run->report->promises_broken = sqlite3_changes (db);
  if (run->report->promises_kept + run->report->promises_broken > 0)
    {
      g_autofree char *detail = g_strdup_printf ("kept %u, broken %u",
                                                 run->report->promises_kept,
                                                 run->report->promises_broken);

      return rl_book_audit (run->book, "settle", "promise", 0, detail, error);
    }
  return TRUE;
}

/* Payment plans: broken when what was paid since the agreement falls short of the installments
 * due before today; completed when their invoices are all paid. */
static gboolean
settle_payment_plans (Run     *run,
                      GError **error)
{
  static const char broken_sql[] =
    "UPDATE payment_plans SET state = 'broken', ended_on = ?1 WHERE state = 'active'"
    " AND (SELECT coalesce (sum (i.amount_cents), 0) FROM installments i"
    "      WHERE i.payment_plan_id = payment_plans.id AND i.due_date < ?1)"
    "   > (SELECT coalesce (sum (p.amount_cents), 0) FROM payments p"
    "      WHERE p.customer_id = payment_plans.customer_id AND p.date >= payment_plans.agreed_on"
    "      AND p.date < ?1)";
  static const char done_sql[] =
    "UPDATE payment_plans SET state = 'completed', ended_on = ?1 WHERE state = 'active'"
    " AND NOT EXISTS (SELECT 1 FROM payment_plan_invoices ppi JOIN invoices v"
    "   ON v.id = ppi.invoice_id WHERE ppi.payment_plan_id = payment_plans.id"
    "   AND v.paid_cents < v.amount_cents AND NOT v.cancelled)";
  sqlite3 *db = _rl_book_get_db (run->book);
  int changed;

  if (!exec_day (run, broken_sql, error))
    return FALSE;
  changed = sqlite3_changes (db);
  run->report->payment_plans_broken = changed;
  if (!exec_day (run, done_sql, error))
    return FALSE;
  changed += sqlite3_changes (db);
  if (changed > 0)
    return rl_book_audit (run->book, "settle", "payment_plan", 0, NULL, error);
  return TRUE;
}

/* The last change to the book that is not the engine's own bookkeeping, with the day: what a
 * whole run decided from (an action carried out or skipped can make a step due). */
static char *
fingerprint (Run *run)
{
  static const char sql[] =
    "SELECT id FROM audit_log WHERE action <> 'run' AND action <> 'propose'"
    " AND action <> 'shrink' AND action <> 'risk' ORDER BY id DESC LIMIT 1";
  sqlite3_stmt *stmt = _rl_book_stmt (run->book, sql, NULL);
  gint64 last = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    last = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return g_strdup_printf ("%s|%lld", run->as_of_iso, (long long) last);
}

/* The stale-data guard: how old the last import of payments is. */
static gboolean
data_is_stale (Run    *run,
               RlDay  *out_last)
{
  static const char * const payment_formats[] = { "csv-payments", "camt", "fec", "demo" };
  g_autofree char *setting = rl_book_get_setting (run->book, "stale-days");
  int limit = setting ? atoi (setting) : DEFAULT_STALE_DAYS;
  RlDay last = RL_DAY_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (payment_formats); i++)
    last = MAX (last, rl_book_last_import_day (run->book, payment_formats[i]));
  *out_last = last;
  return last == RL_DAY_NONE || (int) run->as_of - (int) last > limit;
}

/* Whether the late-payment rates of the day's half-year are in the book and confirmed: letters
 * claim interest only with them. */
static void
check_rates (Run *run)
{
  g_autoptr(GArray) rates = rl_book_list_rates (run->book, NULL);
  char half[8];

  rl_half_year_of (run->as_of, half);
  for (guint i = 0; rates != NULL && i < rates->len; i++)
    {
      const RlRate *rate = &g_array_index (rates, RlRate, i);

      if (g_str_equal (rate->half_year, half) && rate->confirmed)
        return;
    }
  g_strlcpy (run->report->rates_unconfirmed, half, sizeof run->report->rates_unconfirmed);
}

/**
 * rl_engine_run:
 * @as_of: the day of the run
 * @dry_run: decide everything, write nothing
 * @out_report: (out) (optional): what the run did, with the actions it proposed
 *
 * Runs the dunning engine for one day (see the top of rl-engine.c). Deterministic: the same
 * book and day give the same actions. Catching up after days without a run is one run at the
 * latest day: the steps missed meanwhile are recorded as skipped.
 */
gboolean
rl_engine_run (RlBook        *book,
               RlDay          as_of,
               gboolean       dry_run,
               RlRunReport  **out_report,
               GError       **error)
{
  g_autoptr(RlRunReport) report = g_new0 (RlRunReport, 1);
  Run run = { 0 };
  gboolean stale;
  gboolean skip = FALSE;
  gboolean ok;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (as_of != RL_DAY_NONE, FALSE);
  g_return_val_if_fail (!rl_book_in_transaction (book), FALSE);

  report->as_of = as_of;
  report->new_actions = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_action_free);
  run.book = book;
  run.as_of = as_of;
  run.report = report;
  run.link_rows = g_array_new (FALSE, FALSE, sizeof (LinkRow));
  run.open = g_array_new (FALSE, FALSE, sizeof (OpenInvoice));
  rl_day_to_iso_buf (as_of, run.as_of_iso);

  /* Every row the run writes refers to rows it has just read in the same transaction, with
   * values from constants: foreign keys and CHECK constraints need not be evaluated row by row
   * (most of the time of a run that writes many rows). */
  if (!_rl_book_begin_trusted (book, error))
    {
      g_array_unref (run.link_rows);
      g_array_unref (run.open);
      return FALSE;
    }
  ok = rl_plans_ensure_defaults (book, error);
  if (ok)
    ok = (run.plans = rl_book_list_plans (book, error)) != NULL;
  if (ok)
    {
      g_autoptr(GTimer) timer = g_timer_new ();
      g_autofree char *run_before = fingerprint (&run);
      g_autofree char *run_stored = rl_book_get_setting (book, "run-fingerprint");

      stale = data_is_stale (&run, &report->last_payment_import);
      report->stale_data = stale;
      check_rates (&run);
      /* Nothing changed since a run on this very day: it would decide nothing new. */
      skip = g_strcmp0 (run_before, run_stored) == 0;
      if (skip)
        g_debug ("%s: nothing changed since the last run of the day", run.as_of_iso);
      ok = skip || (settle_promises (&run, error) && settle_payment_plans (&run, error));
      g_debug ("%s: promises and payment plans settled in %.3f s", run.as_of_iso,
               g_timer_elapsed (timer, NULL));
      /* Broken promises and new payments change the scores, and the scores choose the plans. */
      ok = ok && (skip || rl_risk_refresh (book, as_of, NULL, error));
      g_debug ("%s: risk rescored at %.3f s", run.as_of_iso, g_timer_elapsed (timer, NULL));
      /* The customers (with their new risk classes) and what holds invoices back today, once
       * the promises and payment plans are settled. */
      ok = ok && (skip || (run.filter = _rl_run_filter_new (book, as_of, error)) != NULL);
      ok = ok && (skip || (_rl_engine_load_open_invoices (&run, error)
                           && _rl_engine_revisit_open_actions (&run, error)));
      g_debug ("%s: customers, holds and open invoices read, open actions revisited at %.3f s",
               run.as_of_iso,
               g_timer_elapsed (timer, NULL));
      ok = ok && (skip || _rl_engine_propose (&run, stale, error));
      g_debug ("%s: %u actions proposed at %.3f s", run.as_of_iso, report->proposed,
               g_timer_elapsed (timer, NULL));
      ok = ok && (skip || _rl_engine_thank_yous (&run, stale, error));
      g_debug ("%s: thank-yous at %.3f s", run.as_of_iso, g_timer_elapsed (timer, NULL));
      ok = ok && _rl_engine_flush_rows (&run, error);
      g_debug ("%s: steps and invoices of the actions written at %.3f s", run.as_of_iso,
               g_timer_elapsed (timer, NULL));
      if (ok && !skip)
        {
          g_autofree char *run_after = fingerprint (&run);

          ok = _rl_book_set_derived_setting (book, "run-fingerprint", run_after, error);
        }
    }
  if (ok)
    {
      g_autofree char *detail =
        g_strdup_printf ("%s: proposed %u, skipped steps %u, deferred %u, cancelled %u, "
                         "shrunk %u, covered by credit notes %u%s", run.as_of_iso,
                         report->proposed, report->skipped_steps,
                         report->deferred, report->cancelled, report->shrunk,
                         report->covered_by_credits,
                         report->stale_data ? ", stale payment data" : "");

      ok = rl_book_audit (book, "run", "book", 0, detail, error);
    }
  g_clear_pointer (&run.plans, g_ptr_array_unref);
  g_clear_pointer (&run.filter, _rl_run_filter_free);
  g_array_unref (run.link_rows);
  g_array_unref (run.open);
  g_clear_pointer (&run.open_ids, g_array_unref);
  g_clear_pointer (&run.scratch, g_array_unref);
  g_clear_pointer (&run.steps_had, g_array_unref);
  if (!ok || dry_run)
    rl_book_rollback (book);
  else
    ok = rl_book_commit (book, error);
  if (ok && out_report)
    *out_report = g_steal_pointer (&report);
  return ok;
}
