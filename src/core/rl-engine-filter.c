/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-engine"

#include "config.h"

#include "rl-engine-filter.h"

#include "rl-book-private.h"

/* Sets of invoice ids are sorted arrays: filled first, then looked up (sorted on the first
 * look-up after a change); far fewer allocations than a hash table of boxed ids. */
typedef struct
{
  GArray   *ids;      /* gint64 */
  gboolean  sorted;
} IdSet;

struct _RlRunFilter
{
  GArray       *customers;      /* RlRunCustomer, by id */
  GStringChunk *strings;        /* their codes and names */
  guint         last;           /* the index of the customer looked up last */
  IdSet         held_invoices;  /* disputed, held, promised, in a payment plan */
  IdSet         in_action;      /* invoices in a reminder not carried out yet */
};

/* Orders gint64s, or structures that begin with one (an id). */
int
_rl_run_compare_ids (gconstpointer a,
                     gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
id_set_add (IdSet  *set,
            gint64  id)
{
  g_array_append_val (set->ids, id);
  set->sorted = FALSE;
}

static gboolean
id_set_contains (IdSet  *set,
                 gint64  id)
{
  if (set->ids->len == 0)
    return FALSE;
  if (!set->sorted)
    {
      g_array_sort (set->ids, _rl_run_compare_ids);
      set->sorted = TRUE;
    }
  return g_array_binary_search (set->ids, &id, _rl_run_compare_ids, NULL);
}

/* Runs @sql with the as-of day as ?1 and hands each row to @row. */
static gboolean
each_row (RlBook        *book,
          const char    *sql,
          const char    *as_of_iso,
          void         (*row) (RlRunFilter *, sqlite3_stmt *),
          RlRunFilter   *filter,
          GError       **error)
{
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (as_of_iso != NULL)
    sqlite3_bind_text (stmt, 1, as_of_iso, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    row (filter, stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  return TRUE;
}

static void
add_customer (RlRunFilter  *filter,
              sqlite3_stmt *stmt)
{
  const char *klass = (const char *) sqlite3_column_text (stmt, 2);
  const char *code = (const char *) sqlite3_column_text (stmt, 4);
  const char *name = (const char *) sqlite3_column_text (stmt, 5);
  RlRunCustomer c = {
    .id = sqlite3_column_int64 (stmt, 0),
    .plan_id = sqlite3_column_int64 (stmt, 1),
    .risk_class = klass != NULL ? klass[0] : 0,
    .never_chase = sqlite3_column_int (stmt, 3) != 0,
    .code = g_string_chunk_insert (filter->strings, code != NULL ? code : ""),
    .name = g_string_chunk_insert (filter->strings, name != NULL ? name : ""),
  };

  g_array_append_val (filter->customers, c);
}

/* The customers are read in the order of their ids. */
static RlRunCustomer *
find_customer (RlRunFilter *filter,
               gint64       customer_id)
{
  RlRunCustomer probe = { .id = customer_id };
  guint index;

  if (filter->last < filter->customers->len
      && g_array_index (filter->customers, RlRunCustomer, filter->last).id == customer_id)
    return &g_array_index (filter->customers, RlRunCustomer, filter->last);
  if (!g_array_binary_search (filter->customers, &probe, _rl_run_compare_ids, &index))
    return NULL;
  filter->last = index;
  return &g_array_index (filter->customers, RlRunCustomer, index);
}

static void
add_held_invoice (RlRunFilter  *filter,
                  sqlite3_stmt *stmt)
{
  id_set_add (&filter->held_invoices, sqlite3_column_int64 (stmt, 0));
}

/* A hold names an invoice or a customer; a promise without invoices covers the customer. */
static void
add_hold (RlRunFilter  *filter,
          sqlite3_stmt *stmt)
{
  if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    id_set_add (&filter->held_invoices, sqlite3_column_int64 (stmt, 0));
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    {
      RlRunCustomer *c = find_customer (filter, sqlite3_column_int64 (stmt, 1));

      if (c != NULL)
        c->held = TRUE;
    }
}

static void
add_credits (RlRunFilter  *filter,
             sqlite3_stmt *stmt)
{
  RlRunCustomer *c = find_customer (filter, sqlite3_column_int64 (stmt, 0));

  if (c != NULL)
    c->open_credits = sqlite3_column_int64 (stmt, 1);
}

/**
 * _rl_run_filter_new:
 * @as_of: the day of the run
 *
 * Reads the customers with their open credit notes, and what holds invoices back at @as_of:
 * disputes open that day, holds in force, open promises (those naming invoices hold those, the
 * others the whole customer), and active payment plans.
 */
RlRunFilter *
_rl_run_filter_new (RlBook  *book,
                    RlDay    as_of,
                    GError **error)
{
  /* Read from an index that holds it (migration 11), not from the table. */
  static const char customers_sql[] =
    "SELECT id, coalesce (plan_id, 0), risk_class, never_chase, code, name"
    " FROM customers INDEXED BY customers_run ORDER BY id";
  static const char disputes_sql[] =
    "SELECT invoice_id FROM disputes WHERE opened_on <= ?1"
    " AND (resolved_on IS NULL OR resolved_on > ?1)";
  static const char plans_sql[] =
    "SELECT ppi.invoice_id FROM payment_plans pp JOIN payment_plan_invoices ppi"
    " ON ppi.payment_plan_id = pp.id WHERE pp.state = 'active' AND pp.agreed_on <= ?1";
  static const char holds_sql[] =
    "SELECT invoice_id, customer_id FROM holds WHERE starts_on <= ?1"
    " AND (expires_on IS NULL OR expires_on > ?1) AND (released_on IS NULL OR released_on > ?1)"
    " UNION ALL"
    " SELECT pi.invoice_id, CASE WHEN pi.invoice_id IS NULL THEN pr.customer_id END"
    " FROM promises pr LEFT JOIN promise_invoices pi ON pi.promise_id = pr.id"
    " WHERE pr.state = 'open' AND pr.made_on <= ?1 AND pr.promised_for >= ?1";
  /* Read through the partial index of open credit notes. */
  static const char credits_sql[] =
    "SELECT customer_id, sum (amount_cents - paid_cents) FROM invoices"
    " WHERE kind = 'credit_note' AND NOT cancelled AND paid_cents < amount_cents"
    " AND issue_date <= ?1 GROUP BY customer_id";
  g_autoptr(RlRunFilter) filter = g_new0 (RlRunFilter, 1);
  sqlite3_stmt *stmt;
  gint64 room = 0;
  char iso[11];

  /* Room for them all at once: as many as the highest id, most of the time. */
  stmt = _rl_book_stmt (book, "SELECT max (id) FROM customers", error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    room = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  rl_day_to_iso_buf (as_of, iso);
  filter->customers = g_array_sized_new (FALSE, FALSE, sizeof (RlRunCustomer),
                                         (guint) CLAMP (room, 0, 1 << 22));
  filter->strings = g_string_chunk_new (64 * 1024);
  filter->held_invoices.ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  filter->in_action.ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!each_row (book, customers_sql, NULL, add_customer, filter, error)
      || !each_row (book, disputes_sql, iso, add_held_invoice, filter, error)
      || !each_row (book, plans_sql, iso, add_held_invoice, filter, error)
      || !each_row (book, holds_sql, iso, add_hold, filter, error)
      || !each_row (book, credits_sql, iso, add_credits, filter, error))
    return NULL;
  return g_steal_pointer (&filter);
}

/* An invoice in a reminder not carried out yet (proposed, approved, on its way, in doubt or
 * failed): it waits for it. */
void
_rl_run_filter_add_in_action (RlRunFilter *filter,
                              gint64       invoice_id)
{
  id_set_add (&filter->in_action, invoice_id);
}

void
_rl_run_filter_free (RlRunFilter *filter)
{
  if (filter == NULL)
    return;
  g_clear_pointer (&filter->customers, g_array_unref);
  g_clear_pointer (&filter->strings, g_string_chunk_free);
  g_clear_pointer (&filter->held_invoices.ids, g_array_unref);
  g_clear_pointer (&filter->in_action.ids, g_array_unref);
  g_free (filter);
}

const RlRunCustomer *
_rl_run_filter_customer (RlRunFilter *filter,
                         gint64       customer_id)
{
  return find_customer (filter, customer_id);
}

gboolean
_rl_run_filter_invoice_held (RlRunFilter *filter,
                             gint64       invoice_id)
{
  return id_set_contains (&filter->held_invoices, invoice_id);
}

gboolean
_rl_run_filter_in_open_action (RlRunFilter *filter,
                               gint64       invoice_id)
{
  return id_set_contains (&filter->in_action, invoice_id);
}
