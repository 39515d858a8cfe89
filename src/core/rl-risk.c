/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-risk"

#include "config.h"

#include "rl-risk.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "rl-book-private.h"
#include "rl-error.h"
#include "rl-risk-private.h"

/* Risk scoring in a few passes, each one statement over the whole book (or over one customer
 * for rl_risk_compute()), accumulated per customer in C:
 *
 *  1. allocations dated after the as-of date, by invoice: what was still owed then (an index
 *     range, empty when the as-of date is today);
 *  2. one scan of the invoices paid in the window or overdue at the as-of date;
 *  3. disputes and broken promises, grouped by customer, in one statement;
 *  4. the customers, their credit limits and stored scores: only changed rows are written.
 *
 * Sums are integers (the recency weights are integers too), so the order of the rows does not
 * matter and one customer scored alone scores exactly as in the whole book. The formula and the
 * thresholds are in rl-risk.h; the score of the sums, and their facts in words, in
 * rl-risk-score.c. */

#define WINDOW_MONTHS  24
#define HALF_LIFE_DAYS 182.5
#define WEIGHT_ONE     1024
#define N_WEIGHTS      800   /* ages past this weigh as much as the last one */

typedef struct
{
  RlBook     *book;
  gint64      customer_id;   /* 0: all customers, or those of ids_json */
  const char *ids_json;      /* the customers to score, as a JSON array of ids; NULL: all */
  RlDay       as_of;
  char        as_of_iso[11];
  char        window_iso[11]; /* paid after this day counts */
  GHashTable *accounts;      /* gint64 *customer_id -> Acc *, for ids not in dense */
  Acc        *dense;         /* indexed by customer id when the ids are dense enough */
  gint64      n_dense;
  GHashTable *later;         /* gint64 *invoice_id -> RlCents *: allocated after the as-of date */
  int         weights[N_WEIGHTS];
} Pass;

/* Helpers */

/* The book's CHECK constraints guarantee 'DDDD-DD-DD' for due dates; settled_on is written by
 * the triggers from allocation dates. Returns RL_DAY_NONE for anything else. */
static RlDay
column_day (sqlite3_stmt *stmt,
            int           col)
{
  const unsigned char *s = sqlite3_column_text (stmt, col);

  if (s == NULL || sqlite3_column_bytes (stmt, col) != 10)
    return RL_DAY_NONE;
  for (int i = 0; i < 10; i++)
    if (i == 4 || i == 7 ? s[i] != '-' : !g_ascii_isdigit (s[i]))
      return RL_DAY_NONE;
  return rl_day_from_ymd ((s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10
                          + (s[3] - '0'),
                          (s[5] - '0') * 10 + (s[6] - '0'), (s[8] - '0') * 10 + (s[9] - '0'));
}

static gboolean
finish_stmt (RlBook        *book,
             sqlite3_stmt  *stmt,
             int            rc,
             GError       **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  return TRUE;
}

static Acc *
get_account (Pass   *pass,
             gint64  customer_id)
{
  Acc *acc;

  if (customer_id > 0 && customer_id < pass->n_dense)
    {
      acc = &pass->dense[customer_id];
      acc->customer_id = customer_id;
      return acc;
    }
  acc = g_hash_table_lookup (pass->accounts, &customer_id);

  if (acc == NULL)
    {
      acc = g_new0 (Acc, 1);
      acc->customer_id = customer_id;
      g_hash_table_insert (pass->accounts, &acc->customer_id, acc);
    }
  return acc;
}

/* An account not found and an empty one score the same. */
static const Acc *
find_account (Pass   *pass,
              gint64  customer_id)
{
  if (customer_id > 0 && customer_id < pass->n_dense)
    return &pass->dense[customer_id];
  return g_hash_table_lookup (pass->accounts, &customer_id);
}

/* Customer ids are the rowids of the customers: an array indexed by them beats a hash table
 * (fewer cache misses) when they are dense, as they are unless many customers were deleted. */
static gboolean
make_dense (Pass    *pass,
            GError **error)
{
  static const char sql[] = "SELECT max(id), count(*) FROM customers";
  sqlite3_stmt *stmt = _rl_book_stmt (pass->book, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gint64 max_id = sqlite3_column_int64 (stmt, 0);
      gint64 count = sqlite3_column_int64 (stmt, 1);

      if (max_id > 0 && max_id <= 2 * count + 1024)
        {
          pass->n_dense = max_id + 1;
          pass->dense = g_new0 (Acc, pass->n_dense);
        }
      rc = sqlite3_step (stmt);
    }
  return finish_stmt (pass->book, stmt, rc, error);
}

static void
pass_init (Pass   *pass,
           RlBook *book,
           gint64  customer_id,
           RlDay   as_of)
{
  pass->book = book;
  pass->customer_id = customer_id;
  pass->as_of = as_of;
  rl_day_to_iso_buf (as_of, pass->as_of_iso);
  rl_day_to_iso_buf (rl_day_add_months (as_of, -WINDOW_MONTHS), pass->window_iso);
  pass->accounts = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  pass->later = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (int age = 0; age < N_WEIGHTS; age++)
    pass->weights[age] = (int) floor (WEIGHT_ONE * exp2 (-age / HALF_LIFE_DAYS) + 0.5);
}

static void
pass_clear (Pass *pass)
{
  g_clear_pointer (&pass->accounts, g_hash_table_unref);
  g_clear_pointer (&pass->dense, g_free);
  g_clear_pointer (&pass->later, g_hash_table_unref);
}

/* The customer or the set of customers a pass scores, into parameter @n. */
static void
bind_customers (Pass         *pass,
                sqlite3_stmt *stmt,
                int           n)
{
  if (pass->customer_id)
    sqlite3_bind_int64 (stmt, n, pass->customer_id);
  else if (pass->ids_json)
    sqlite3_bind_text (stmt, n, pass->ids_json, -1, SQLITE_STATIC);
}

/* One invoice, late by @days (≤ 0: on time), weighing @weight, for @amount. */
static void
add_item (Acc      *acc,
          int       days,
          int       weight,
          RlCents   amount)
{
  acc->w_all += weight;
  acc->wa_all += (__int128) weight * amount;
  if (days <= 0)
    return;
  acc->w_late += weight;
  acc->wad_late += (__int128) weight * amount * days;
  acc->worst = MAX (acc->worst, days);
}

/* Pass 1: allocations dated after the as-of date, by the invoice they settled. Found by their
 * date: usually none (left to itself, SQLite walks every allocation to group them). */
static gboolean
scan_later_allocations (Pass    *pass,
                        GError **error)
{
  static const char sql[] =
    "SELECT invoice_id, sum(amount_cents) FROM allocations INDEXED BY allocations_date"
    " WHERE date > ?1 GROUP BY invoice_id";
  sqlite3_stmt *stmt = _rl_book_stmt (pass->book, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, pass->as_of_iso, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *id = g_new (gint64, 1);
      RlCents *amount = g_new (RlCents, 1);

      *id = sqlite3_column_int64 (stmt, 0);
      *amount = sqlite3_column_int64 (stmt, 1);
      g_hash_table_insert (pass->later, id, amount);
    }
  return finish_stmt (pass->book, stmt, rc, error);
}

/* Pass 2: the invoices paid in the window, and those overdue at the as-of date, read from the
 * index of a customer's invoices, which holds every column read (migration 9): a fraction of
 * the size of the table. */
#define INVOICES_SELECT \
  "SELECT customer_id, amount_cents, due_date, settled_on, amount_cents - paid_cents, id," \
  "  currency = (SELECT currency FROM company)" \
  " FROM invoices"
#define INVOICES_COND \
  " kind = 'invoice' AND NOT cancelled AND amount_cents > 0 AND issue_date <= ?1" \
  "  AND ((settled_on > ?2 AND settled_on <= ?1)" \
  "       OR (due_date < ?1 AND (settled_on IS NULL OR settled_on > ?1)))"
#define INVOICES_WHERE " WHERE" INVOICES_COND
/* The customers of a set, as a JSON array bound to ?3 (or ?1). */
#define IN_SET(n) " IN (SELECT value FROM json_each (?" #n "))"

static gboolean
scan_invoices (Pass    *pass,
               GError **error)
{
  static const char all_sql[] = INVOICES_SELECT " INDEXED BY invoices_customer" INVOICES_WHERE;
  static const char one_sql[] = INVOICES_SELECT " INDEXED BY invoices_customer" INVOICES_WHERE
                                " AND customer_id = ?3";
  static const char set_sql[] = INVOICES_SELECT " INDEXED BY invoices_customer"
                                " WHERE customer_id" IN_SET (3) " AND" INVOICES_COND;
  const char *sql = pass->customer_id ? one_sql : pass->ids_json ? set_sql : all_sql;
  sqlite3_stmt *stmt = _rl_book_stmt (pass->book, sql, error);
  gboolean any_later = g_hash_table_size (pass->later) > 0;
  Acc *acc = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, pass->as_of_iso, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, pass->window_iso, -1, SQLITE_STATIC);
  bind_customers (pass, stmt, 3);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 customer_id = sqlite3_column_int64 (stmt, 0);
      RlCents amount = sqlite3_column_int64 (stmt, 1);
      RlDay due = column_day (stmt, 2);
      RlDay settled = column_day (stmt, 3);

      if (due == RL_DAY_NONE)
        continue;
      /* Invoices of one customer often come in runs. */
      if (acc == NULL || acc->customer_id != customer_id)
        acc = get_account (pass, customer_id);

      if (settled != RL_DAY_NONE && settled <= pass->as_of)
        {
          int days = (int) settled - (int) due;
          int age = MIN ((int) (pass->as_of - settled), N_WEIGHTS - 1);

          acc->n_paid++;
          if (days > 0)
            {
              acc->n_paid_late++;
              acc->late_amount += amount;
              acc->late_amount_days += (__int128) amount * days;
            }
          add_item (acc, days, pass->weights[age], amount);
        }
      else
        {
          RlCents owed = sqlite3_column_int64 (stmt, 4);
          int days = (int) pass->as_of - (int) due;

          if (any_later)
            {
              gint64 id = sqlite3_column_int64 (stmt, 5);
              RlCents *later = g_hash_table_lookup (pass->later, &id);

              if (later != NULL)
                owed += *later;
            }
          if (owed <= 0 || days <= 0)
            continue;
          acc->n_overdue++;
          if (sqlite3_column_int (stmt, 6))
            acc->overdue += owed;
          add_item (acc, days, pass->weights[0], owed);
        }
    }
  return finish_stmt (pass->book, stmt, rc, error);
}

/* Pass 3: disputes opened by the as-of date and still open then, or resolved in the window;
 * promises to pay due in the window and broken. */
#define DISPUTES_SQL \
  "SELECT i.customer_id, sum(d.resolved_on IS NULL OR d.resolved_on > ?1)," \
  "  sum(d.resolved_on <= ?1 AND d.resolved_on > ?2), 0" \
  " FROM disputes d JOIN invoices i ON i.id = d.invoice_id WHERE d.opened_on <= ?1"
#define PROMISES_SQL \
  "SELECT customer_id, 0, 0, count(*) FROM promises" \
  " WHERE state = 'broken' AND promised_for <= ?1 AND promised_for > ?2"

static gboolean
scan_holds (Pass    *pass,
            GError **error)
{
  static const char all_sql[] =
    DISPUTES_SQL " GROUP BY i.customer_id UNION ALL " PROMISES_SQL " GROUP BY customer_id";
  static const char one_sql[] =
    DISPUTES_SQL " AND i.customer_id = ?3 GROUP BY i.customer_id"
    " UNION ALL " PROMISES_SQL " AND customer_id = ?3 GROUP BY customer_id";
  static const char set_sql[] =
    DISPUTES_SQL " AND i.customer_id" IN_SET (3) " GROUP BY i.customer_id"
    " UNION ALL " PROMISES_SQL " AND customer_id" IN_SET (3) " GROUP BY customer_id";
  const char *sql = pass->customer_id ? one_sql : pass->ids_json ? set_sql : all_sql;
  sqlite3_stmt *stmt = _rl_book_stmt (pass->book, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, pass->as_of_iso, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, pass->window_iso, -1, SQLITE_STATIC);
  bind_customers (pass, stmt, 3);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Acc *acc = get_account (pass, sqlite3_column_int64 (stmt, 0));

      acc->open_disputes += (guint) sqlite3_column_int (stmt, 1);
      acc->past_disputes += (guint) sqlite3_column_int (stmt, 2);
      acc->broken_promises += (guint) sqlite3_column_int (stmt, 3);
    }
  return finish_stmt (pass->book, stmt, rc, error);
}

static gboolean
scan_all (Pass    *pass,
          GError **error)
{
  return scan_later_allocations (pass, error)
         && scan_invoices (pass, error)
         && scan_holds (pass, error);
}

/* Pass 4: every customer against its stored score; collects the rows to write. */
#define CUSTOMERS_SQL \
  "SELECT id, credit_limit_cents, risk_score, risk_class, risk_reasons, risk_as_of" \
  " FROM customers"

static gboolean
collect_updates (Pass       *pass,
                 GPtrArray  *updates,
                 guint      *out_changed,
                 GError    **error)
{
  static const char all_sql[] = CUSTOMERS_SQL;
  static const char one_sql[] = CUSTOMERS_SQL " WHERE id = ?1";
  static const char set_sql[] = CUSTOMERS_SQL " WHERE id" IN_SET (1);
  const char *sql = pass->customer_id ? one_sql : pass->ids_json ? set_sql : all_sql;
  sqlite3_stmt *stmt = _rl_book_stmt (pass->book, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_customers (pass, stmt, 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gboolean has_limit = sqlite3_column_type (stmt, 1) != SQLITE_NULL;
      const char *klass = (const char *) sqlite3_column_text (stmt, 3);
      const char *reasons = (const char *) sqlite3_column_text (stmt, 4);
      const char *as_of = (const char *) sqlite3_column_text (stmt, 5);
      g_autoptr(RlRisk) update = g_new0 (RlRisk, 1);
      gboolean changed;

      update->customer_id = id;
      update->as_of = pass->as_of;
      _rl_risk_score_account (find_account (pass, id), has_limit,
                              sqlite3_column_int64 (stmt, 1), &update->score, &update->klass,
                              &update->facts);
      changed = sqlite3_column_type (stmt, 2) == SQLITE_NULL
                || sqlite3_column_int (stmt, 2) != update->score
                || klass == NULL || klass[0] != update->klass || klass[1] != '\0'
                || g_strcmp0 (reasons, update->facts) != 0;
      if (changed)
        (*out_changed)++;
      if (changed || g_strcmp0 (as_of, pass->as_of_iso) != 0)
        g_ptr_array_add (updates, g_steal_pointer (&update));
    }
  return finish_stmt (pass->book, stmt, rc, error);
}

static gboolean
write_updates (Pass       *pass,
               GPtrArray  *updates,
               GError    **error)
{
  static const char sql[] =
    "UPDATE customers SET risk_score = ?1, risk_class = ?2, risk_reasons = ?3, risk_as_of = ?4"
    " WHERE id = ?5";

  for (guint i = 0; i < updates->len; i++)
    {
      const RlRisk *update = g_ptr_array_index (updates, i);
      sqlite3_stmt *stmt = _rl_book_stmt (pass->book, sql, error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int (stmt, 1, update->score);
      sqlite3_bind_text (stmt, 2, &update->klass, 1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, update->facts, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, pass->as_of_iso, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, update->customer_id);
      rc = sqlite3_step (stmt);
      if (!finish_stmt (pass->book, stmt, rc, error))
        return FALSE;
    }
  return TRUE;
}

/* What the scores depend on changes with the invoices, payments, customers (credit limits),
 * disputes and promises: the last audit line about one of those. */
static gint64
evidence_mark (RlBook *book)
{
  static const char sql[] =
    "SELECT id FROM audit_log WHERE entity IN ('invoice', 'payment', 'customer', 'import',"
    " 'dispute', 'promise') ORDER BY id DESC LIMIT 1";

  return _rl_book_query_int64 (book, sql);
}

#define SCORED_KEY "risk-scored"

static gboolean
write_scored (RlBook  *book,
              RlDay    as_of,
              GError **error)
{
  char day[11];
  g_autofree char *value = NULL;

  rl_day_to_iso_buf (as_of, day);
  value = g_strdup_printf ("%s|%lld", day, (long long) evidence_mark (book));
  return _rl_book_set_derived_setting (book, SCORED_KEY, value, error);
}

static gboolean
finish_pass (Pass       *pass,
             GPtrArray  *updates,
             guint       changed,
             gint64      start,
             GError    **error)
{
  gboolean ok = write_updates (pass, updates, error);

  if (ok && updates->len > 0)
    {
      g_autofree char *detail = g_strdup_printf ("%u customers rescored", changed);

      ok = rl_book_audit (pass->book, "risk", "book", 0, detail, error);
    }
  g_debug ("%u customers rescored as of %s, %u rows written, in %.3f s", changed,
           pass->as_of_iso, updates->len, (g_get_monotonic_time () - start) / 1e6);
  return ok;
}

/* Rescores every customer (@ids %NULL) in one pass over the book, or the customers @ids in one
 * pass over their invoices, as the whole book would score them. A full scoring is remembered (rl_risk_refresh()). */
static gboolean
update (RlBook  *book,
        RlDay    as_of,
        GArray  *ids,
        guint   *out_changed,
        GError **error)
{
  g_autoptr(GPtrArray) updates = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_risk_free);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GString) json = NULL;
  Pass pass = { 0 };
  gboolean ok = TRUE;

  pass_init (&pass, book, 0, as_of);
  if (ids != NULL)
    {
      json = g_string_new ("[");
      for (guint i = 0; i < ids->len; i++)
        g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i ? "," : "",
                                g_array_index (ids, gint64, i));
      g_string_append_c (json, ']');
      pass.ids_json = json->str;
    }
  else
    ok = make_dense (&pass, error);
  ok = ok
       && scan_all (&pass, error)
       && collect_updates (&pass, updates, out_changed, error);
  ok = ok && finish_pass (&pass, updates, *out_changed, start, error)
       && (ids != NULL || write_scored (book, as_of, error));
  pass_clear (&pass);
  return ok;
}

/* The customers with an open invoice that fell due after @since and by @as_of. */
static GArray *
newly_overdue (RlBook  *book,
               RlDay    since,
               RlDay    as_of,
               GError **error)
{
  static const char sql[] =
    "SELECT DISTINCT customer_id FROM invoices WHERE paid_cents < amount_cents"
    " AND NOT cancelled AND due_date >= ?1 AND due_date < ?2 ORDER BY customer_id";
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  char from[11], to[11];
  int rc;

  if (stmt == NULL)
    return NULL;
  rl_day_to_iso_buf (since, from);
  rl_day_to_iso_buf (as_of, to);
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (!finish_stmt (book, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&ids);
}

/* Public API */

/**
 * rl_risk_compute:
 * @book: the book
 * @customer_id: a customer of the book
 * @as_of: the day to score at
 * @error: return location for an error
 *
 * Scores one customer at @as_of, exactly as rl_risk_update_all() would, without writing
 * anything.
 *
 * Returns: (transfer full) (nullable): the score, class and facts, free with rl_risk_free(); or
 *   %NULL with %RL_BOOK_ERROR_NOT_FOUND when there is no such customer, or an SQL error
 */
RlRisk *
rl_risk_compute (RlBook  *book,
                 gint64   customer_id,
                 RlDay    as_of,
                 GError **error)
{
  static const char sql[] = "SELECT credit_limit_cents FROM customers WHERE id = ?1";
  g_autoptr(RlRisk) risk = NULL;
  sqlite3_stmt *stmt;
  gboolean has_limit;
  RlCents limit;
  Pass pass = { 0 };
  gboolean ok;
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (book), NULL);
  g_return_val_if_fail (customer_id > 0, NULL);
  g_return_val_if_fail (as_of != RL_DAY_NONE, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (!finish_stmt (book, stmt, rc, error))
        return NULL;
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_NOT_FOUND, _("no customer #%lld"),
                   (long long) customer_id);
      return NULL;
    }
  has_limit = sqlite3_column_type (stmt, 0) != SQLITE_NULL;
  limit = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  pass_init (&pass, book, customer_id, as_of);
  ok = scan_all (&pass, error);
  if (ok)
    {
      risk = g_new0 (RlRisk, 1);
      risk->customer_id = customer_id;
      risk->as_of = as_of;
      _rl_risk_score_account (find_account (&pass, customer_id), has_limit, limit,
                              &risk->score, &risk->klass, &risk->facts);
    }
  pass_clear (&pass);
  return g_steal_pointer (&risk);
}

/**
 * rl_risk_free:
 * @risk: (nullable): a risk from rl_risk_compute()
 */
void
rl_risk_free (RlRisk *risk)
{
  if (risk == NULL)
    return;
  g_free (risk->facts);
  g_free (risk);
}

/**
 * rl_risk_update_all:
 * @book: the book
 * @as_of: the day to score at
 * @out_changed: (out) (optional): how many customers' score, class or facts changed
 * @error: return location for an error
 *
 * Scores every customer of the book at @as_of in one pass and writes customers.risk_score,
 * risk_class, risk_reasons and risk_as_of where they differ (a row whose only change is the
 * as-of day is written too, but not counted as changed). Adds one line to the audit log when
 * anything was written. Runs inside the caller's transaction if one is open (in a savepoint),
 * else in its own. On error nothing is written.
 *
 * Returns: %TRUE on success; %FALSE with an SQL error
 */
static gboolean
score_in_transaction (RlBook  *book,
                      RlDay    as_of,
                      GArray  *ids,
                      guint   *out_changed,
                      GError **error)
{
  gboolean own = FALSE;
  guint changed = 0;

  if (out_changed != NULL)
    *out_changed = 0;
  if (rl_book_in_transaction (book))
    {
      if (!rl_book_savepoint (book, "rl_risk", error))
        return FALSE;
    }
  else
    {
      if (!rl_book_begin (book, error))
        return FALSE;
      own = TRUE;
    }

  if (!update (book, as_of, ids, &changed, error))
    {
      if (own)
        rl_book_rollback (book);
      else
        rl_book_rollback_to (book, "rl_risk");
      return FALSE;
    }
  if (own ? !rl_book_commit (book, error) : !rl_book_release (book, "rl_risk", error))
    return FALSE;
  if (out_changed != NULL)
    *out_changed = changed;
  return TRUE;
}

gboolean
rl_risk_update_all (RlBook  *book,
                    RlDay    as_of,
                    guint   *out_changed,
                    GError **error)
{
  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (as_of != RL_DAY_NONE, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return score_in_transaction (book, as_of, NULL, out_changed, error);
}

/**
 * rl_risk_refresh:
 * @book: the book
 * @as_of: the day to score at
 * @out_full: (out) (optional): whether every customer was rescored
 * @error: return location for an error
 *
 * Brings the scores up to @as_of for the daily run. Every customer is rescored when anything the
 * scores depend on changed since the last full scoring (invoices, payments, credit limits,
 * disputes, promises), when that scoring is %RL_RISK_FULL_EVERY_DAYS days old or more, or when
 * it was made at a later day than @as_of. Otherwise only the customers with an invoice that
 * fell due since that scoring are rescored: the others' facts differ only by the days their
 * overdue invoices have aged and by the recency weights, which the weekly full scoring catches
 * up with. Runs in the caller's transaction if one is open, like rl_risk_update_all().
 *
 * Returns: %TRUE on success; %FALSE with an SQL error
 */
gboolean
rl_risk_refresh (RlBook    *book,
                 RlDay      as_of,
                 gboolean  *out_full,
                 GError   **error)
{
  g_autofree char *stored = NULL;
  g_autoptr(GArray) ids = NULL;
  RlDay day = RL_DAY_NONE;
  gint64 mark = -1;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (as_of != RL_DAY_NONE, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stored = rl_book_get_setting (book, SCORED_KEY);
  if (stored != NULL && strlen (stored) > 11 && stored[10] == '|')
    {
      char iso[11];

      memcpy (iso, stored, 10);
      iso[10] = '\0';
      day = rl_day_from_iso (iso);
      mark = g_ascii_strtoll (stored + 11, NULL, 10);
    }
  if (out_full != NULL)
    *out_full = TRUE;
  if (day == RL_DAY_NONE || day > as_of || (int) as_of - (int) day >= RL_RISK_FULL_EVERY_DAYS
      || mark != evidence_mark (book))
    return score_in_transaction (book, as_of, NULL, NULL, error);

  if (out_full != NULL)
    *out_full = FALSE;
  ids = newly_overdue (book, day, as_of, error);
  if (ids == NULL)
    return FALSE;
  return ids->len == 0 || score_in_transaction (book, as_of, ids, NULL, error);
}
