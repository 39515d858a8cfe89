/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-engine"

#include "config.h"

#include "rl-book-private.h"
#include "rl-engine-private.h"

/* Proposing: each open invoice climbs its plan to the step whose day has come; one action per
 * customer and channel groups its invoices; what the actions contain is written at the end of
 * the run, in key order. */

/* Writes @id in decimal at @buf (room for 20 digits), returns the length: the run writes some
 * 100,000 ids into keys and lists, and printf was a twentieth of its time. */
static gsize
put_id (char   *buf,
        gint64  id)
{
  char digits[20];
  gsize n = 0, len;
  guint64 v = id < 0 ? (guint64) -(id + 1) + 1 : (guint64) id;

  do
    digits[n++] = (char) ('0' + v % 10);
  while ((v /= 10) != 0);
  len = n + (id < 0);
  if (id < 0)
    *buf++ = '-';
  while (n > 0)
    *buf++ = digits[--n];
  return len;
}

static void
append_id (GString *s,
           gint64   id)
{
  char buf[21];

  g_string_append_len (s, buf, (gssize) put_id (buf, id));
}

/* The ids of the steps jumped over, "12,13", into @buf; NULL when none. */
static const char *
skipped_ids (const LinkRow *row,
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

        if (len + 22 > size)
          return NULL;
        if (len > 0)
          buf[len++] = ',';
        len += put_id (buf + len, step->id);
        buf[len] = '\0';
      }
  return len < size ? buf : NULL;
}

/* Writes the invoices of the actions the run made, with their steps. (One row per statement:
 * SQLite wrote rows given 64 to a statement three times slower.) */
gboolean
_rl_engine_flush_rows (Run     *run,
                       GError **error)
{
  static const char link_sql[] =
    "INSERT INTO action_invoices (action_id, invoice_id, amount_cents, days_late, step_id,"
    " skipped) VALUES (?, ?, ?, ?, ?, ?)";
  sqlite3_stmt *stmt = _rl_book_stmt (run->book, link_sql, error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < run->link_rows->len; i++)
    {
      const LinkRow *row = &g_array_index (run->link_rows, LinkRow, i);
      char buf[RL_PLAN_MAX_STEPS * 21];

      sqlite3_bind_int64 (stmt, 1, row->action_id);
      sqlite3_bind_int64 (stmt, 2, row->invoice_id);
      sqlite3_bind_int64 (stmt, 3, row->left);
      sqlite3_bind_int (stmt, 4, row->days_late);
      if (row->step_id > 0)
        sqlite3_bind_int64 (stmt, 5, row->step_id);
      else
        sqlite3_bind_null (stmt, 5);
      _rl_bind_text (stmt, 6, row->step_id > 0 ? skipped_ids (row, buf, sizeof buf) : NULL);
      if (!_rl_book_step_done (run->book, stmt, error))
        return FALSE;
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
gboolean
_rl_engine_create_action (Run               *run,
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
  GArray *sorted;
  g_autoptr(GString) key = g_string_new (NULL);
  /* Payments may be missing: nothing goes out before someone confirms it (approves it). */
  const char *state = needs_approval || stale ? "proposed" : "approved";
  sqlite3_stmt *stmt;
  RlAction *a;
  gint64 action_id;
  int rc;

  if (run->scratch == NULL)
    run->scratch = g_array_new (FALSE, FALSE, sizeof (Item));
  sorted = run->scratch;
  g_array_set_size (sorted, 0);
  g_array_append_vals (sorted, items->data, items->len);
  g_array_sort (sorted, compare_items);
  g_string_assign (key, kind);
  g_string_append_c (key, ':');
  append_id (key, customer_id);
  g_string_append_c (key, ':');
  g_string_append (key, rl_channel_to_string (top->channel));
  g_string_append_c (key, ':');
  g_string_append (key, run->as_of_iso);
  g_string_append_c (key, ':');
  for (guint i = 0; i < sorted->len; i++)
    {
      if (i > 0)
        g_string_append_c (key, ',');
      append_id (key, g_array_index (sorted, Item, i).id);
    }

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
      LinkRow link = { action_id, item->id, item->left, (int) run->as_of - (int) item->due,
                       item->step != NULL ? item->step->id : 0, item->plan,
                       item->step != NULL ? item->skipped : 0 };

      g_array_append_val (a->invoice_ids, item->id);
      g_array_append_val (run->link_rows, link);
      for (guint32 m = link.skipped; m != 0; m &= m - 1)
        run->report->skipped_steps++;
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
      if (!_rl_engine_create_action (run, cd->customer_id, cd->code, cd->name, g->top, g->needs_approval,
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

/* What the steps an invoice had come to: twice the highest offset, plus one when it had a
 * reminder after its due date carried out. */
#define STEPS_HAD_VALUE \
  "max (ps.offset_days) * 2 + max (s.state = 'done' AND ps.offset_days > 0)"

/* When the book holds fewer steps than there are open invoices to look at (a book never run,
 * or run for a short while), they are all read in one pass instead of one probe per invoice:
 * the rows counted are at most as many as the probes saved. */
static gboolean
read_steps_had (Run     *run,
                GError **error)
{
  static const char count_sql[] =
    "SELECT count (*) FROM (SELECT 1 FROM invoice_steps LIMIT ?)";
  static const char all_sql[] =
    "SELECT s.invoice_id, " STEPS_HAD_VALUE " FROM invoice_steps s"
    " JOIN plan_steps ps ON ps.id = s.step_id GROUP BY s.invoice_id ORDER BY s.invoice_id";
  sqlite3_stmt *stmt = _rl_book_stmt (run->book, count_sql, error);
  gint64 rows = G_MAXINT64;
  int rc;

  g_clear_pointer (&run->steps_had, g_array_unref);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run->open->len);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    rows = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _rl_book_sql_error (run->book, rc, error);
  if (rows >= run->open->len)
    return TRUE;   /* probed invoice by invoice */

  stmt = _rl_book_stmt (run->book, all_sql, error);
  if (stmt == NULL)
    return FALSE;
  run->steps_had = g_array_sized_new (FALSE, FALSE, sizeof (StepsHad), rows);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      StepsHad had = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int (stmt, 1) };

      g_array_append_val (run->steps_had, had);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (run->book, rc, error);
  return TRUE;
}

/* The steps an invoice had, from what read_steps_had() read or in one probe; FALSE when it
 * had none. */
static gboolean
steps_had (Run     *run,
           gint64   invoice_id,
           int     *out_last_offset,
           gboolean *out_had_reminder)
{
  static const char sql[] =
    "SELECT " STEPS_HAD_VALUE
    " FROM invoice_steps s JOIN plan_steps ps ON ps.id = s.step_id WHERE s.invoice_id = ?";
  gboolean has = FALSE;
  int steps = 0;

  if (run->steps_had != NULL)
    {
      StepsHad probe = { invoice_id, 0 };
      guint index;

      if (run->steps_had->len == 0
          || !g_array_binary_search (run->steps_had, &probe, _rl_run_compare_ids, &index))
        return FALSE;
      steps = g_array_index (run->steps_had, StepsHad, index).value;
      has = TRUE;
    }
  else
    {
      sqlite3_stmt *stmt = _rl_book_stmt (run->book, sql, NULL);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, invoice_id);
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        {
          steps = sqlite3_column_int (stmt, 0);
          has = TRUE;
        }
      sqlite3_reset (stmt);
    }
  if (has)
    {
      int had = ((steps % 2) + 2) % 2;

      *out_last_offset = (steps - had) / 2;
      *out_had_reminder = had != 0;
    }
  return has;
}

gboolean
_rl_engine_propose (Run       *run,
                    gboolean   stale,
                    GError   **error)
{
  CustomerDay cd = { 0 };
  gboolean ok;

  /* Room for a row per invoice, the most the reminders can have, allocated once (an array
   * keeps its room when emptied). */
  if (run->link_rows->len == 0)
    {
      g_array_set_size (run->link_rows, run->open->len);
      g_array_set_size (run->link_rows, 0);
    }
  ok = read_steps_had (run, error);
  for (guint i = 0; ok && i < run->open->len; i++)
    {
      const OpenInvoice *inv = &g_array_index (run->open, OpenInvoice, i);
      const RlRunCustomer *customer;
      const RlPlan *plan = NULL;
      gboolean has_last = FALSE;
      int last_offset = 0;
      gboolean had_reminder = FALSE;

      if (!_rl_engine_chaseable (run, inv->id, inv->customer_id))
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
        plan = _rl_engine_plan_by_id (run, customer->plan_id);
      if (plan == NULL)
        plan = _rl_engine_plan_for_class (run, customer->risk_class ? customer->risk_class : 'B');
      has_last = steps_had (run, inv->id, &last_offset, &had_reminder);
      ok = consider_invoice (run, &cd, plan, inv->id, inv->due, inv->left, has_last, last_offset,
                             had_reminder, error);
    }
  if (ok)
    ok = flush_customer (run, &cd, stale, error);
  customer_day_reset (&cd, 0);
  return ok;
}
