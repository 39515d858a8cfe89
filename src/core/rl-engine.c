/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-engine"

#include "config.h"

#include "rl-engine.h"
#include "rl-engine-filter.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "rl-book-private.h"
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
#define THANK_YOU_WINDOW_DAYS 30
#define MAX_LEAD_DAYS 60   /* the earliest a step may come before a due date */

G_STATIC_ASSERT (RL_PLAN_MAX_STEPS <= 32);   /* Item.skipped */

/* One invoice in an action being made, with the step it is to receive (none for a thank-you)
 * and the steps of its plan it jumped over on the way (bit s for the plan's step s). */
typedef struct
{
  gint64             id;
  RlCents            left;
  RlDay              due;
  const RlPlanStep  *step;
  const RlPlan      *plan;
  guint32            skipped;
} Item;

/* Rows the run writes, kept until its end and then inserted in key order: sorted inserts
 * touch each page of the table once instead of once per row. */
typedef struct
{
  gint64        invoice_id;
  gint64        step_id;
  gint64        action_id;
  const RlPlan *plan;
  guint32       skipped;     /* the steps of @plan jumped over, as in Item */
} StepRow;

typedef struct
{
  gint64       action_id;
  gint64       invoice_id;
  RlCents      left;
  int          days_late;
} LinkRow;

/* An open invoice issued by the day of the run and due by its horizon. */
typedef struct
{
  gint64       id;
  gint64       customer_id;
  RlDay        due;
  RlCents      left;
} OpenInvoice;

typedef struct
{
  RlBook      *book;
  RlDay        as_of;
  char         as_of_iso[11];
  GPtrArray   *plans;        /* RlPlan */
  RlRunReport *report;
  GArray      *step_rows;    /* StepRow */
  GArray      *link_rows;    /* LinkRow */
  RlRunFilter *filter;       /* customers and holds at the day */
  GArray      *open;         /* OpenInvoice: the invoices the run may chase, by customer */
  GArray      *open_ids;     /* OpenInvoice: the same, sorted by id */
} Run;

static const RlPlan *
plan_by_id (Run    *run,
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

static const RlPlan *
plan_for_class (Run  *run,
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

/* An invoice may be chased at the as-of date when it is an open invoice issued by then (the
 * SQL below), not disputed, not held, not under a promise or a payment plan, and its customer
 * may be chased (the run's filter). */
static gboolean
chaseable (Run     *run,
           gint64   invoice_id,
           gint64   customer_id)
{
  const RlRunCustomer *c = _rl_run_filter_customer (run->filter, customer_id);

  return c != NULL && !c->never_chase && !c->held
         && !_rl_run_filter_invoice_held (run->filter, invoice_id);
}

static int
lead_days (Run *run)
{
  int lead = 0;

  for (guint i = 0; i < run->plans->len; i++)
    {
      const RlPlan *p = g_ptr_array_index (run->plans, i);

      for (guint k = 0; k < p->steps->len; k++)
        lead = MAX (lead, -((const RlPlanStep *) g_ptr_array_index (p->steps, k))->offset_days);
    }
  return MIN (lead, MAX_LEAD_DAYS);
}

/* The open invoices issued by the day and due by its horizon (invoices not yet due matter only
 * as far ahead as the earliest step of any plan), in one pass over the index of open invoices:
 * by customer and due date for proposing, and their ids sorted for revisiting the actions. */
static gboolean
load_open_invoices (Run     *run,
                    GError **error)
{
  /* The index holds every column read, in the order proposing needs (see migration 9). */
  static const char sql[] =
    "SELECT id, customer_id, due_date, amount_cents - paid_cents"
    " FROM invoices INDEXED BY invoices_chase"
    " WHERE paid_cents < amount_cents AND NOT cancelled AND due_date <= ?2"
    " AND kind = 'invoice' AND issue_date <= ?1 ORDER BY customer_id, due_date, id";
  sqlite3_stmt *stmt = _rl_book_stmt (run->book, sql, error);
  char horizon[11];
  int rc;

  if (stmt == NULL)
    return FALSE;
  rl_day_to_iso_buf (run->as_of + lead_days (run), horizon);
  sqlite3_bind_text (stmt, 1, run->as_of_iso, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, horizon, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OpenInvoice inv = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                          _rl_column_day (stmt, 2), sqlite3_column_int64 (stmt, 3) };

      g_array_append_val (run->open, inv);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (run->book, rc, error);
  g_array_append_vals (run->open_ids, run->open->data, run->open->len);
  g_array_sort (run->open_ids, _rl_run_compare_ids);
  return TRUE;
}

/* Whether an invoice in an action of @customer_id may still be chased: still that customer's,
 * open (among the invoices the run read, or, beyond its horizon, as the book says) and not
 * held. */
static gboolean
still_chaseable (Run     *run,
                 gint64   invoice_id,
                 gint64   customer_id,
                 GError **error)
{
  static const char sql[] =
    "SELECT kind = 'invoice' AND NOT cancelled AND paid_cents < amount_cents AND issue_date <= ?1"
    " AND customer_id = ?3 FROM invoices WHERE id = ?2";
  OpenInvoice probe = { invoice_id, 0, 0, 0 };
  sqlite3_stmt *stmt;
  gboolean open = FALSE;
  guint index;

  if (!chaseable (run, invoice_id, customer_id))
    return FALSE;
  if (g_array_binary_search (run->open_ids, &probe, _rl_run_compare_ids, &index))
    return g_array_index (run->open_ids, OpenInvoice, index).customer_id == customer_id;
  stmt = _rl_book_stmt (run->book, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, run->as_of_iso, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, invoice_id);
  sqlite3_bind_int64 (stmt, 3, customer_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    open = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return open;
}

/* Actions not carried out yet lose the invoices that were paid, credited, disputed or put on
 * hold since they were proposed; an action left with none is cancelled. The steps those
 * invoices were to receive are forgotten, so that they can come again if chasing resumes. The
 * invoices left in reminders not carried out (proposed, approved, on their way, in doubt or
 * failed) wait for them. */
static gboolean
revisit_open_actions (Run     *run,
                      GError **error)
{
  static const char open_sql[] =
    "SELECT a.id, a.customer_id, a.state IN ('proposed', 'approved'), ai.invoice_id"
    " FROM actions a INDEXED BY actions_unfinished"
    " JOIN action_invoices ai ON ai.action_id = a.id"
    " WHERE a.state IN ('proposed', 'approved', 'sending', 'in_doubt', 'failed')"
    " AND a.kind = 'reminder'";
  static const char drop_sql[] =
    "DELETE FROM action_invoices WHERE action_id = ?1 AND invoice_id = ?2";
  static const char forget_sql[] =
    "DELETE FROM invoice_steps WHERE action_id = ?1 AND invoice_id = ?2 AND state = 'pending'";
  static const char left_sql[] =
    "SELECT count (*), coalesce (sum (i.amount_cents - i.paid_cents), 0) FROM action_invoices ai"
    " JOIN invoices i ON i.id = ai.invoice_id WHERE ai.action_id = ?";
  static const char shrink_sql[] =
    "UPDATE actions SET amount_cents = ?, reason = ?, state_changed_at = ? WHERE id = ?";
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) touched = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         NULL);
  sqlite3_stmt *stmt = _rl_book_stmt (run->book, open_sql, error);
  GHashTableIter iter;
  gpointer key;
  int rc;

  if (stmt == NULL)
    return FALSE;
  /* Read first: deciding may query the book. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row[4] = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                        sqlite3_column_int64 (stmt, 2), sqlite3_column_int64 (stmt, 3) };

      g_array_append_vals (rows, row, 4);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (run->book, rc, error);
  for (guint k = 0; k < rows->len; k += 4)
    {
      const gint64 *row = &g_array_index (rows, gint64, k);
      g_autoptr(GError) local_error = NULL;

      if (row[2] == 0 || still_chaseable (run, row[3], row[1], &local_error))
        {
          _rl_run_filter_add_in_action (run->filter, row[3]);
          continue;
        }
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_array_append_vals (pairs, (gint64[]) { row[0], row[3] }, 2);
    }

  for (guint k = 0; k < pairs->len; k += 2)
    {
      gint64 action_id = g_array_index (pairs, gint64, k);
      gint64 invoice_id = g_array_index (pairs, gint64, k + 1);
      const char *sqls[] = { drop_sql, forget_sql };

      for (guint q = 0; q < G_N_ELEMENTS (sqls); q++)
        {
          stmt = _rl_book_stmt (run->book, sqls[q], error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, action_id);
          sqlite3_bind_int64 (stmt, 2, invoice_id);
          rc = sqlite3_step (stmt);
          sqlite3_reset (stmt);
          if (rc != SQLITE_DONE)
            return _rl_book_sql_error (run->book, rc, error);
        }
      if (!g_hash_table_contains (touched, &action_id))
        g_hash_table_add (touched, g_memdup2 (&action_id, sizeof action_id));
    }

  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint64 action_id = *(gint64 *) key;
      gint64 n_left = 0;
      RlCents left = 0;

      stmt = _rl_book_stmt (run->book, left_sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, action_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          n_left = sqlite3_column_int64 (stmt, 0);
          left = sqlite3_column_int64 (stmt, 1);
        }
      sqlite3_reset (stmt);
      if (n_left == 0)
        {
          if (!rl_book_set_action_state (run->book, action_id, RL_ACTION_CANCELLED,
                                         _("its invoices were paid, credited, disputed or put "
                                           "on hold"), run->as_of, error))
            return FALSE;
          run->report->cancelled++;
          continue;
        }
      stmt = _rl_book_stmt (run->book, shrink_sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, left);
      sqlite3_bind_text (stmt, 2, _("some of its invoices were paid, credited, disputed or put "
                                    "on hold"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, _rl_book_now (run->book), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, action_id);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return _rl_book_sql_error (run->book, rc, error);
      if (!rl_book_audit (run->book, "shrink", "action", action_id, NULL, error))
        return FALSE;
      run->report->shrunk++;
    }
  return TRUE;
}

static void
record_step (Run         *run,
             const Item  *item,
             gint64       action_id)
{
  StepRow row = { item->id, item->step->id, action_id, item->plan, item->skipped };

  g_array_append_val (run->step_rows, row);
  for (guint32 m = item->skipped; m != 0; m &= m - 1)
    run->report->skipped_steps++;
}

/* The ids of the steps jumped over, "12,13", into @buf; NULL when none. */
static const char *
skipped_ids (const StepRow *row,
             char          *buf,
             gsize          size)
{
  gsize len = 0;

  if (row->skipped == 0)
    return NULL;
  buf[0] = '\0';
  for (guint s = 0; s < row->plan->steps->len && s < RL_PLAN_MAX_STEPS; s++)
    if (row->skipped & (1u << s))
      {
        const RlPlanStep *step = g_ptr_array_index (row->plan->steps, s);

        len += g_snprintf (buf + len, size - MIN (len, size), "%s%lld", len ? "," : "",
                           (long long) step->id);
      }
  return len < size ? buf : NULL;
}

static int
compare_step_rows (gconstpointer a,
                   gconstpointer b)
{
  const StepRow *x = a, *y = b;

  if (x->invoice_id != y->invoice_id)
    return x->invoice_id < y->invoice_id ? -1 : 1;
  return x->step_id < y->step_id ? -1 : x->step_id > y->step_id;
}

/* Writes the steps and the invoices of the actions the run decided. */
static gboolean
flush_rows (Run     *run,
            GError **error)
{
  static const char step_sql[] =
    "INSERT INTO invoice_steps (invoice_id, step_id, action_id, state, on_date, skipped)"
    " VALUES (?, ?, ?, 'pending', ?, ?) ON CONFLICT (invoice_id, step_id) DO NOTHING";
  static const char link_sql[] =
    "INSERT INTO action_invoices (action_id, invoice_id, amount_cents, days_late)"
    " VALUES (?, ?, ?, ?)";
  sqlite3_stmt *stmt;
  int rc;

  g_array_sort (run->step_rows, compare_step_rows);
  stmt = _rl_book_stmt (run->book, step_sql, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < run->step_rows->len; i++)
    {
      const StepRow *row = &g_array_index (run->step_rows, StepRow, i);
      char buf[RL_PLAN_MAX_STEPS * 21];

      sqlite3_bind_int64 (stmt, 1, row->invoice_id);
      sqlite3_bind_int64 (stmt, 2, row->step_id);
      sqlite3_bind_int64 (stmt, 3, row->action_id);
      sqlite3_bind_text (stmt, 4, run->as_of_iso, -1, SQLITE_STATIC);
      _rl_bind_text (stmt, 5, skipped_ids (row, buf, sizeof buf));
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return _rl_book_sql_error (run->book, rc, error);
    }
  g_array_set_size (run->step_rows, 0);

  /* Actions are numbered in the order they were made: already in key order. */
  stmt = _rl_book_stmt (run->book, link_sql, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < run->link_rows->len; i++)
    {
      const LinkRow *row = &g_array_index (run->link_rows, LinkRow, i);

      sqlite3_bind_int64 (stmt, 1, row->action_id);
      sqlite3_bind_int64 (stmt, 2, row->invoice_id);
      sqlite3_bind_int64 (stmt, 3, row->left);
      sqlite3_bind_int (stmt, 4, row->days_late);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return _rl_book_sql_error (run->book, rc, error);
    }
  g_array_set_size (run->link_rows, 0);
  return TRUE;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const Item *x = a, *y = b;

  return x->id < y->id ? -1 : x->id > y->id;
}

/* Creates one action for a customer and channel, for @items (Item) in the order the letter
 * lists them. Its invoices and steps are written at the end of the run (flush_rows()). */
static gboolean
create_action (Run               *run,
               gint64             customer_id,
               const char        *customer_code,
               const char        *customer_name,
               const RlPlanStep  *top,
               gboolean           needs_approval,
               gboolean           stale,
               GArray            *items,
               RlCents            amount,
               const char        *kind,
               GError           **error)
{
  static const char sql[] =
    "INSERT INTO actions (key, customer_id, step_id, kind, channel, template, state,"
    " proposed_on, stale_data, amount_cents, state_changed_at, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)"
    " ON CONFLICT (key) DO NOTHING";
  g_autoptr(GArray) sorted = g_array_copy (items);
  g_autoptr(GString) key = g_string_new (NULL);
  /* Payments may be missing: nothing goes out before someone confirms it (approves it). */
  const char *state = needs_approval || stale ? "proposed" : "approved";
  sqlite3_stmt *stmt;
  RlAction *a;
  gint64 action_id;
  int rc;

  g_array_sort (sorted, compare_items);
  g_string_printf (key, "%s:%lld:%s:%s:", kind, (long long) customer_id,
                   rl_channel_to_string (top->channel), run->as_of_iso);
  for (guint i = 0; i < sorted->len; i++)
    g_string_append_printf (key, "%s%lld", i ? "," : "",
                            (long long) g_array_index (sorted, Item, i).id);

  stmt = _rl_book_stmt (run->book, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key->str, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, customer_id);
  if (top->id > 0)
    sqlite3_bind_int64 (stmt, 3, top->id);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_text (stmt, 4, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, rl_channel_to_string (top->channel), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, top->template_key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, run->as_of_iso, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 9, stale);
  sqlite3_bind_int64 (stmt, 10, amount);
  sqlite3_bind_text (stmt, 11, _rl_book_now (run->book), -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (run->book, rc, error);
  if (sqlite3_changes (_rl_book_get_db (run->book)) == 0)
    return TRUE;   /* the same action exists already */
  action_id = sqlite3_last_insert_rowid (_rl_book_get_db (run->book));

  a = g_new0 (RlAction, 1);
  a->id = action_id;
  a->key = g_strdup (key->str);
  a->customer_id = customer_id;
  a->customer_code = g_strdup (customer_code);
  a->customer_name = g_strdup (customer_name);
  a->step_id = top->id;
  a->thank_you = g_str_equal (kind, "thank_you");
  a->channel = top->channel;
  a->template_key = g_strdup (top->template_key);
  rl_action_state_from_string (state, &a->state);
  a->proposed_on = run->as_of;
  a->stale_data = stale;
  a->amount = amount;
  a->invoice_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), items->len);
  for (guint i = 0; i < items->len; i++)
    {
      const Item *item = &g_array_index (items, Item, i);
      LinkRow link = { action_id, item->id, item->left, (int) run->as_of - (int) item->due };

      g_array_append_val (a->invoice_ids, item->id);
      g_array_append_val (run->link_rows, link);
      if (item->step != NULL)
        record_step (run, item, action_id);
    }
  g_ptr_array_add (run->report->new_actions, a);

  if (!rl_book_audit (run->book, "propose", "action", action_id, key->str, error))
    return FALSE;
  run->report->proposed++;
  if (a->thank_you)
    run->report->thank_yous++;
  return TRUE;
}

/* The day of the customer's last contact: an action carried out, or one on its way. */
static RlDay
last_contact (Run     *run,
              gint64   customer_id)
{
  static const char sql[] =
    "SELECT max (coalesce (done_on, proposed_on)) FROM actions WHERE customer_id = ?"
    " AND kind = 'reminder' AND state <> 'cancelled' AND state <> 'skipped' AND state <> 'failed'";
  sqlite3_stmt *stmt = _rl_book_stmt (run->book, sql, NULL);
  RlDay day = RL_DAY_NONE;

  if (stmt == NULL)
    return RL_DAY_NONE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    day = _rl_column_day (stmt, 0);
  sqlite3_reset (stmt);
  return day;
}

/* What one customer gets today, by channel. */
typedef struct
{
  GArray      *items;        /* Item */
  RlCents      amount;
  const RlPlanStep *top;
  gboolean     needs_approval;
} Group;

typedef struct
{
  gint64      customer_id;
  const char *code;       /* the run filter's */
  const char *name;
  RlDay     last_contact;
  gboolean  last_contact_known;
  gboolean  deferred;
  Group     groups[RL_N_CHANNELS];
} CustomerDay;

static void
customer_day_reset (CustomerDay *cd,
                    gint64       customer_id)
{
  for (int c = 0; c < RL_N_CHANNELS; c++)
    {
      if (customer_id == 0)
        g_clear_pointer (&cd->groups[c].items, g_array_unref);
      else if (cd->groups[c].items != NULL)
        g_array_set_size (cd->groups[c].items, 0);
      cd->groups[c].amount = 0;
      cd->groups[c].top = NULL;
      cd->groups[c].needs_approval = FALSE;
    }
  cd->customer_id = customer_id;
  cd->code = cd->name = NULL;
  cd->last_contact_known = FALSE;
  cd->deferred = FALSE;
}

static int
compare_items_by_due (gconstpointer a,
                      gconstpointer b)
{
  const Item *x = a, *y = b;

  if (x->due != y->due)
    return x->due < y->due ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* Credit notes not applied yet settle the oldest invoices first, as they will be applied: the
 * invoices they cover in full leave the day's actions (a final notice for an invoice a credit
 * note cancels would be wrong). Returns how many invoices are left to chase. */
static guint
cover_with_credits (CustomerDay *cd,
                    RlCents      credits)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (Item));
  g_autoptr(GArray) covered = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint left = 0;

  for (int c = 0; c < RL_N_CHANNELS; c++)
    if (cd->groups[c].items != NULL)
      g_array_append_vals (all, cd->groups[c].items->data, cd->groups[c].items->len);
  g_array_sort (all, compare_items_by_due);
  for (guint i = 0; i < all->len && credits > 0; i++)
    {
      const Item *item = &g_array_index (all, Item, i);

      if (item->left > credits)
        break;
      credits -= item->left;
      g_array_append_val (covered, item->id);
    }
  if (covered->len > 0)
    g_array_sort (covered, _rl_run_compare_ids);
  for (int c = 0; c < RL_N_CHANNELS; c++)
    {
      Group *g = &cd->groups[c];
      guint kept = 0;

      if (g->items == NULL || covered->len == 0)
        {
          left += g->items != NULL ? g->items->len : 0;
          continue;
        }
      g->amount = 0;
      g->top = NULL;
      g->needs_approval = FALSE;
      for (guint i = 0; i < g->items->len; i++)
        {
          Item item = g_array_index (g->items, Item, i);
          guint index;

          if (g_array_binary_search (covered, &item.id, _rl_run_compare_ids, &index))
            continue;
          g_array_index (g->items, Item, kept++) = item;
          g->amount += item.left;
          if (g->top == NULL || item.step->offset_days > g->top->offset_days)
            g->top = item.step;
          g->needs_approval = g->needs_approval || item.step->needs_approval;
        }
      g_array_set_size (g->items, kept);
      left += kept;
    }
  return left;
}

static gboolean
flush_customer (Run          *run,
                CustomerDay  *cd,
                gboolean      stale,
                GError      **error)
{
  RlCents credits;
  guint n_items = 0;

  if (cd->customer_id == 0)
    return TRUE;
  if (cd->deferred)
    run->report->deferred++;
  for (int c = 0; c < RL_N_CHANNELS; c++)
    n_items += cd->groups[c].items != NULL ? cd->groups[c].items->len : 0;
  credits = _rl_run_filter_customer (run->filter, cd->customer_id)->open_credits;
  /* Credit notes not applied yet that cover all of it: the customer owes nothing on balance,
   * there is nothing to chase until they are applied. */
  if (n_items > 0 && credits > 0 && cover_with_credits (cd, credits) == 0)
    {
      run->report->covered_by_credits++;
      return TRUE;
    }
  for (int c = 0; c < RL_N_CHANNELS; c++)
    {
      Group *g = &cd->groups[c];

      if (g->items == NULL || g->items->len == 0)
        continue;
      if (!create_action (run, cd->customer_id, cd->code, cd->name, g->top, g->needs_approval,
                          stale, g->items, g->amount, "reminder", error))
        return FALSE;
    }
  return TRUE;
}

/* One open invoice: which step it reaches today, and which it jumped over. */
static gboolean
consider_invoice (Run           *run,
                  CustomerDay   *cd,
                  const RlPlan  *plan,
                  gint64         invoice_id,
                  RlDay          due,
                  RlCents        left,
                  gboolean       has_last,
                  int            last_offset,
                  gboolean       had_reminder,
                  GError       **error)
{
  int days = (int) run->as_of - (int) due;
  const RlPlanStep *target = NULL;
  const RlPlanStep *before = NULL;
  guint32 skipped = 0;
  Group *g;

  if (plan == NULL)
    return TRUE;
  for (guint s = 0; s < plan->steps->len; s++)
    {
      const RlPlanStep *step = g_ptr_array_index (plan->steps, s);

      if ((!has_last || step->offset_days > last_offset) && step->offset_days <= days)
        {
          before = target;
          target = step;
        }
    }
  if (target == NULL)
    return TRUE;
  /* A formal notice refers to the reminders before it and is never the first contact: an
   * invoice that had none (a book imported late, a long gap) gets the step before it first. */
  if (target->channel == RL_CHANNEL_REGISTERED_LETTER && !had_reminder && before != NULL)
    target = before;

  if (!cd->last_contact_known)
    {
      cd->last_contact = last_contact (run, cd->customer_id);
      cd->last_contact_known = TRUE;
    }
  if (cd->last_contact != RL_DAY_NONE
      && (int) run->as_of - (int) cd->last_contact < target->min_gap_days)
    {
      cd->deferred = TRUE;
      return TRUE;
    }

  /* The steps between the last one it had and today's were missed: skipped, never sent (and
   * recorded so with the step it reaches, when its action is made). */
  for (guint s = 0; s < plan->steps->len && s < RL_PLAN_MAX_STEPS; s++)
    {
      const RlPlanStep *step = g_ptr_array_index (plan->steps, s);

      if (step == target)
        break;
      if (step->offset_days > target->offset_days)
        break;
      if ((!has_last || step->offset_days > last_offset) && step->offset_days <= days)
        skipped |= 1u << s;
    }

  g = &cd->groups[target->channel];
  if (g->items == NULL)
    g->items = g_array_new (FALSE, FALSE, sizeof (Item));
  {
    Item item = { invoice_id, left, due, target, plan, skipped };

    g_array_append_val (g->items, item);
  }
  g->amount += left;
  if (g->top == NULL || target->offset_days > g->top->offset_days)
    g->top = target;
  g->needs_approval = g->needs_approval || target->needs_approval;
  return TRUE;
}

/* The steps an invoice had, in one probe: twice the highest offset, plus one when it had a
 * reminder after its due date carried out; FALSE when it had none. */
static gboolean
steps_had (Run     *run,
           gint64   invoice_id,
           int     *out_last_offset,
           gboolean *out_had_reminder)
{
  static const char sql[] =
    "SELECT max (ps.offset_days) * 2 + max (s.state = 'done' AND ps.offset_days > 0)"
    " FROM invoice_steps s JOIN plan_steps ps ON ps.id = s.step_id WHERE s.invoice_id = ?";
  sqlite3_stmt *stmt = _rl_book_stmt (run->book, sql, NULL);
  gboolean has = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      int steps = sqlite3_column_int (stmt, 0);
      int had = ((steps % 2) + 2) % 2;

      has = TRUE;
      *out_last_offset = (steps - had) / 2;
      *out_had_reminder = had != 0;
    }
  sqlite3_reset (stmt);
  return has;
}

static gboolean
propose (Run       *run,
         gboolean   stale,
         GError   **error)
{
  CustomerDay cd = { 0 };
  gboolean ok = TRUE;

  for (guint i = 0; ok && i < run->open->len; i++)
    {
      const OpenInvoice *inv = &g_array_index (run->open, OpenInvoice, i);
      const RlRunCustomer *customer;
      const RlPlan *plan = NULL;
      gboolean has_last = FALSE;
      int last_offset = 0;
      gboolean had_reminder = FALSE;

      if (!chaseable (run, inv->id, inv->customer_id))
        continue;
      customer = _rl_run_filter_customer (run->filter, inv->customer_id);
      if (inv->customer_id != cd.customer_id)
        {
          ok = flush_customer (run, &cd, stale, error);
          customer_day_reset (&cd, inv->customer_id);
          if (!ok)
            break;
          cd.code = customer->code;
          cd.name = customer->name;
        }
      /* An invoice in an action not carried out yet waits for it. */
      if (_rl_run_filter_in_open_action (run->filter, inv->id))
        continue;
      if (customer->plan_id > 0)
        plan = plan_by_id (run, customer->plan_id);
      if (plan == NULL)
        plan = plan_for_class (run, customer->risk_class ? customer->risk_class : 'B');
      has_last = steps_had (run, inv->id, &last_offset, &had_reminder);
      ok = consider_invoice (run, &cd, plan, inv->id, inv->due, inv->left, has_last, last_offset,
                             had_reminder, error);
    }
  if (ok)
    ok = flush_customer (run, &cd, stale, error);
  customer_day_reset (&cd, 0);
  return ok;
}

/* A thank-you after the payment of an invoice that had a reminder, when the plan says so. */
static gboolean
thank_yous (Run       *run,
            gboolean   stale,
            GError   **error)
{
  static const char sql[] =
    "SELECT i.customer_id, i.id, c.plan_id, c.risk_class, i.due_date,"
    " i.amount_cents - i.paid_cents, c.code, c.name FROM invoices i"
    " JOIN customers c ON c.id = i.customer_id"
    /* The invoices settled lately that had a reminder, found from the index of settlement
     * days alone: only those are read. */
    " WHERE i.id IN (SELECT x.id FROM invoices x INDEXED BY invoices_settled"
    "                WHERE x.settled_on <= ?1 AND x.settled_on > ?2"
    "                AND EXISTS (SELECT 1 FROM invoice_steps s JOIN plan_steps ps"
    "                            ON ps.id = s.step_id WHERE s.invoice_id = x.id"
    "                            AND s.state = 'done' AND ps.offset_days > 0))"
    " AND i.kind = 'invoice' AND NOT i.cancelled AND i.paid_cents >= i.amount_cents"
    " AND NOT c.never_chase"
    " AND NOT EXISTS (SELECT 1 FROM action_invoices ai JOIN actions a ON a.id = ai.action_id"
    "                 WHERE ai.invoice_id = i.id AND a.kind = 'thank_you')"
    " ORDER BY i.customer_id, i.id";
  RlPlanStep thanks = { 0, 0, 0, RL_CHANNEL_EMAIL, (char *) "thank_you", TRUE, FALSE, 0 };
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (Item));
  g_autofree char *code = NULL;
  g_autofree char *name = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 current = 0;
  char since[11];
  gboolean ok = TRUE;
  int rc;

  rc = sqlite3_prepare_v2 (_rl_book_get_db (run->book), sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return _rl_book_sql_error (run->book, rc, error);
  rl_day_to_iso_buf (run->as_of - THANK_YOU_WINDOW_DAYS, since);
  sqlite3_bind_text (stmt, 1, run->as_of_iso, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, since, -1, SQLITE_STATIC);
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 customer_id = sqlite3_column_int64 (stmt, 0);
      Item item = { sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 5),
                    _rl_column_day (stmt, 4), NULL, NULL, 0 };
      const char *klass = (const char *) sqlite3_column_text (stmt, 3);
      const RlPlan *plan = NULL;

      if (customer_id != current)
        {
          if (items->len > 0)
            ok = create_action (run, current, code, name, &thanks, TRUE, stale, items, 0,
                                "thank_you", error);
          g_array_set_size (items, 0);
          g_free (code);
          g_free (name);
          code = _rl_column_text (stmt, 6);
          name = _rl_column_text (stmt, 7);
        }
      current = customer_id;
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        plan = plan_by_id (run, sqlite3_column_int64 (stmt, 2));
      if (plan == NULL)
        plan = plan_for_class (run, klass ? klass[0] : 'B');
      if (plan != NULL && plan->thank_you)
        g_array_append_val (items, item);
    }
  if (ok && rc != SQLITE_DONE && rc != SQLITE_ROW)
    ok = _rl_book_sql_error (run->book, rc, error);
  sqlite3_finalize (stmt);
  if (ok && items->len > 0)
    ok = create_action (run, current, code, name, &thanks, TRUE, stale, items, 0, "thank_you",
                        error);
  return ok;
}

/* The last change to the book that is not the engine's own bookkeeping, with the day: what a
 * whole run decided from (an action carried out or skipped can make a step due). */
static char *
fingerprint (Run *run)
{
  static const char sql[] =
    "SELECT id FROM audit_log WHERE action NOT IN ('run', 'propose', 'shrink', 'risk')"
    " ORDER BY id DESC LIMIT 1";
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
  run.step_rows = g_array_new (FALSE, FALSE, sizeof (StepRow));
  run.link_rows = g_array_new (FALSE, FALSE, sizeof (LinkRow));
  run.open = g_array_new (FALSE, FALSE, sizeof (OpenInvoice));
  run.open_ids = g_array_new (FALSE, FALSE, sizeof (OpenInvoice));
  rl_day_to_iso_buf (as_of, run.as_of_iso);

  /* Every row the run writes refers to rows it has just read in the same transaction, with
   * values from constants: foreign keys and CHECK constraints need not be evaluated row by row
   * (most of the time of a run that writes many rows). */
  if (!_rl_book_begin_trusted (book, error))
    {
      g_array_unref (run.step_rows);
      g_array_unref (run.link_rows);
      g_array_unref (run.open);
      g_array_unref (run.open_ids);
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
      ok = ok && (skip || (load_open_invoices (&run, error)
                           && revisit_open_actions (&run, error)));
      g_debug ("%s: customers, holds and open invoices read, open actions revisited at %.3f s",
               run.as_of_iso,
               g_timer_elapsed (timer, NULL));
      ok = ok && (skip || propose (&run, stale, error));
      g_debug ("%s: %u actions proposed at %.3f s", run.as_of_iso, report->proposed,
               g_timer_elapsed (timer, NULL));
      ok = ok && (skip || thank_yous (&run, stale, error));
      g_debug ("%s: thank-yous at %.3f s", run.as_of_iso, g_timer_elapsed (timer, NULL));
      ok = ok && flush_rows (&run, error);
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
  g_array_unref (run.step_rows);
  g_array_unref (run.link_rows);
  g_array_unref (run.open);
  g_array_unref (run.open_ids);
  if (!ok || dry_run)
    rl_book_rollback (book);
  else
    ok = rl_book_commit (book, error);
  if (ok && out_report)
    *out_report = g_steal_pointer (&report);
  return ok;
}
