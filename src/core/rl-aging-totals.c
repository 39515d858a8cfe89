/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-aging"

#include "config.h"

#include "rl-aging-private.h"

#include <string.h>

#include "rl-book-private.h"

/* The totals of an aged balance from the totals the book keeps (migration 10) instead of a pass
 * over every invoice: open invoices by due date, open items and credit notes by customer, net
 * sales by issue date, and the payments with money not applied yet. Those hold the book as it
 * is now; the as-of date only moves the figures through the items dated after it:
 *
 *  - allocations dated after the as-of date: what they settled since was still owed then (and
 *    the payments they came from not yet applied then);
 *  - open items issued after the as-of date: not owed yet;
 *  - payments received after the as-of date: not received yet.
 *
 * Each such item's part of the totals now is taken away and its part then added. On the day
 * itself there are none or few, and a month back (the DSO trend) tens of thousands on a book
 * of a million invoices; a day so long past that they are more than a sixth of the invoices
 * is better answered by the pass over the book (rl-aging.c), which reads each row once. The
 * figures are exactly those of the pass, which the tests compare on many books and days. */

#define MIN_MOVES      10000  /* always moved through the totals, however small the book */
#define MOVES_FRACTION 6      /* of the invoices, above which the pass is faster */

typedef struct
{
  RlCents owed;
  gint64  n;
} DueDay;

typedef struct
{
  RlCents owed;          /* open invoices, less credit notes and money not applied */
  gint64  n;             /* open items in the book's currency, payments included */
} Limited;

typedef struct
{
  RlBook        *book;
  const char    *currency;
  RlAgingWindow  w;
  GHashTable    *due;          /* day number -> DueDay *: open invoices in the currency */
  GHashTable    *limits;       /* gint64 *customer_id -> RlCents *: customers with a limit */
  GHashTable    *limited;      /* gint64 *customer_id -> Limited *: their balance */
  GHashTable    *moved;        /* gint64 *id: items settled in part after the as-of date */
  RlCents        credits;      /* credit notes not applied, in the currency */
  RlCents        unallocated;  /* payments not applied, in the currency */
  gint64         other_items;  /* open items and payments in other currencies */
} Kept;

/* Helpers */

static gboolean
finish (Kept          *k,
        sqlite3_stmt  *stmt,
        int            rc,
        GError       **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (k->book, rc, error);
  return TRUE;
}

static sqlite3_stmt *
prepare (Kept        *k,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = _rl_book_stmt (k->book, sql, error);

  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, k->w.as_of_iso, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, k->currency, -1, SQLITE_STATIC);
    }
  return stmt;
}

/* The balance of @customer_id when it has a credit limit, %NULL otherwise. */
static Limited *
limited (Kept   *k,
         gint64  customer_id)
{
  Limited *lim = g_hash_table_lookup (k->limited, &customer_id);

  if (lim == NULL && g_hash_table_contains (k->limits, &customer_id))
    {
      lim = g_new0 (Limited, 1);
      g_hash_table_insert (k->limited, g_memdup2 (&customer_id, sizeof customer_id), lim);
    }
  return lim;
}

static DueDay *
due_day (Kept *k,
         int   day)
{
  DueDay *dd = g_hash_table_lookup (k->due, GINT_TO_POINTER (day));

  if (dd == NULL)
    {
      dd = g_new0 (DueDay, 1);
      g_hash_table_insert (k->due, GINT_TO_POINTER (day), dd);
    }
  return dd;
}

/* The day number the pass ages an item due on column @col by: a due date the book could not
 * hold (never seen) counts as due on the as-of date. */
static int
column_due_day (Kept         *k,
                sqlite3_stmt *stmt,
                int           col)
{
  int y, m, d;

  return _rl_aging_ymd (stmt, col, &y, &m, &d) ? (int) rl_day_from_ymd (y, m, d) : k->w.as_of;
}

/* Adds @sign × an open item of @customer_id (an invoice, or a credit note, due on @due_col)
 * owing @remaining to the totals; nothing when it owes nothing. */
static void
move_item (Kept         *k,
           gint64        customer_id,
           gboolean      credit_note,
           gboolean      in_currency,
           sqlite3_stmt *stmt,
           int           due_col,
           RlCents       remaining,
           int           sign)
{
  Limited *lim;

  if (remaining <= 0)
    return;
  if (!in_currency)
    {
      k->other_items += sign;
      return;
    }
  if (credit_note)
    k->credits += sign * remaining;
  else
    {
      DueDay *dd = due_day (k, column_due_day (k, stmt, due_col));

      dd->owed += sign * remaining;
      dd->n += sign;
    }
  if ((lim = limited (k, customer_id)) != NULL)
    {
      lim->owed += sign * (credit_note ? -remaining : remaining);
      lim->n += sign;
    }
}

/* Adds a payment's money not applied, @left, to the totals. */
static void
add_unallocated (Kept     *k,
                 gint64    customer_id,
                 gboolean  in_currency,
                 RlCents   left)
{
  Limited *lim;

  if (left <= 0 || customer_id <= 0)
    return;
  if (!in_currency)
    {
      k->other_items++;
      return;
    }
  k->unallocated += left;
  if ((lim = limited (k, customer_id)) != NULL)
    {
      lim->owed -= left;
      lim->n++;
    }
}

/* Steps */

/* Whether the items dated after the as-of date are few enough for the totals to be the faster
 * way: counted from their indexes, up to the most worth moving. */
static gboolean
few_moves (Kept     *k,
           gboolean *few,
           GError  **error)
{
  static const char sql[] =
    "SELECT (SELECT count (*) FROM (SELECT 1 FROM allocations INDEXED BY allocations_date"
    "         WHERE date > ?1 LIMIT ?3))"
    " + (SELECT count (*) FROM (SELECT 1 FROM invoices INDEXED BY invoices_open_issued"
    "    WHERE issue_date > ?1 AND paid_cents < amount_cents AND NOT cancelled LIMIT ?3))";
  gint64 most = MAX (_rl_book_query_int64 (k->book, "SELECT max (id) FROM invoices")
                     / MOVES_FRACTION, MIN_MOVES);
  sqlite3_stmt *stmt = prepare (k, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 3, most + 1);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      *few = sqlite3_column_int64 (stmt, 0) <= most;
      rc = SQLITE_DONE;
    }
  return finish (k, stmt, rc, error);
}

/* The customers with a credit limit, from their own index. */
static gboolean
read_limits (Kept    *k,
             GError **error)
{
  static const char sql[] =
    "SELECT id, credit_limit_cents FROM customers INDEXED BY customers_credit_limit"
    " WHERE credit_limit_cents IS NOT NULL";
  sqlite3_stmt *stmt = _rl_book_stmt (k->book, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      RlCents limit = sqlite3_column_int64 (stmt, 1);

      g_hash_table_insert (k->limits, g_memdup2 (&id, sizeof id),
                           g_memdup2 (&limit, sizeof limit));
    }
  return finish (k, stmt, rc, error);
}

/* Items settled (in part) after the as-of date: owed then what they owe now and what was
 * applied to them since, if they were issued by then. */
static gboolean
move_later_items (Kept    *k,
                  GError **error)
{
  static const char sql[] =
    "SELECT i.id, i.customer_id, i.kind = 'credit_note', i.currency = ?2, i.due_date,"
    "  i.amount_cents - i.paid_cents, NOT i.cancelled, i.issue_date <= ?1, l.later"
    " FROM (SELECT id, sum (amount) AS later FROM"
    "  (SELECT invoice_id AS id, amount_cents AS amount"
    "   FROM allocations INDEXED BY allocations_date WHERE date > ?1"
    "   UNION ALL SELECT credit_note_id, amount_cents FROM allocations INDEXED BY allocations_date"
    "   WHERE date > ?1 AND credit_note_id IS NOT NULL) GROUP BY id) l"
    " JOIN invoices i ON i.id = l.id";
  sqlite3_stmt *stmt = prepare (k, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 customer_id = sqlite3_column_int64 (stmt, 1);
      gboolean credit_note = sqlite3_column_int (stmt, 2);
      gboolean in_currency = sqlite3_column_int (stmt, 3);
      RlCents now = sqlite3_column_int64 (stmt, 5);
      gboolean counted = sqlite3_column_int (stmt, 6);
      gboolean issued = sqlite3_column_int (stmt, 7);
      RlCents later = sqlite3_column_int64 (stmt, 8);

      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_hash_table_add (k->moved, g_memdup2 (&id, sizeof id));
      if (counted)
        move_item (k, customer_id, credit_note, in_currency, stmt, 4, now, -1);
      if (counted && issued)
        move_item (k, customer_id, credit_note, in_currency, stmt, 4, now + later, +1);
    }
  return finish (k, stmt, rc, error);
}

/* Items issued after the as-of date that are open now: not owed yet then. */
static gboolean
move_later_issued (Kept    *k,
                   GError **error)
{
  static const char sql[] =
    "SELECT id, customer_id, kind = 'credit_note', currency = ?2, due_date,"
    "  amount_cents - paid_cents"
    " FROM invoices INDEXED BY invoices_open_issued"
    " WHERE issue_date > ?1 AND paid_cents < amount_cents AND NOT cancelled";
  sqlite3_stmt *stmt = prepare (k, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (g_hash_table_contains (k->moved, &id))
        continue;
      move_item (k, sqlite3_column_int64 (stmt, 1), sqlite3_column_int (stmt, 2),
                 sqlite3_column_int (stmt, 3), stmt, 4, sqlite3_column_int64 (stmt, 5), -1);
    }
  return finish (k, stmt, rc, error);
}

/* Money not applied at the as-of date: that of the payments whose allocations were made after
 * it, as it was then, and that of the other payments not applied now, received by then. A
 * payment of a known payer missing from the kept ones is applied exactly. */
static gboolean
read_unallocated (Kept    *k,
                  GError **error)
{
  static const char later_sql[] =
    "SELECT p.id, p.customer_id, p.currency = ?2, p.date <= ?1,"
    "  coalesce (u.left_cents, 0) + l.later"
    " FROM (SELECT payment_id, sum (amount_cents) AS later"
    "       FROM allocations INDEXED BY allocations_date"
    "       WHERE date > ?1 AND payment_id IS NOT NULL GROUP BY payment_id) l"
    " JOIN payments p ON p.id = l.payment_id"
    " LEFT JOIN totals_unallocated u ON u.payment_id = l.payment_id";
  static const char now_sql[] =
    "SELECT payment_id, customer_id, currency = ?2, date <= ?1, left_cents"
    " FROM totals_unallocated";
  g_autoptr(GHashTable) later = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       NULL);
  sqlite3_stmt *stmt = prepare (k, later_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_hash_table_add (later, g_memdup2 (&id, sizeof id));
      if (sqlite3_column_int (stmt, 3))
        add_unallocated (k, sqlite3_column_int64 (stmt, 1), sqlite3_column_int (stmt, 2),
                         sqlite3_column_int64 (stmt, 4));
    }
  if (!finish (k, stmt, rc, error))
    return FALSE;

  if ((stmt = prepare (k, now_sql, error)) == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (sqlite3_column_int (stmt, 3) && !g_hash_table_contains (later, &id))
        add_unallocated (k, sqlite3_column_int64 (stmt, 1), sqlite3_column_int (stmt, 2),
                         sqlite3_column_int64 (stmt, 4));
    }
  return finish (k, stmt, rc, error);
}

static gboolean
read_open (Kept    *k,
           GError **error)
{
  static const char sql[] =
    "SELECT due_date, owed_cents, n FROM totals_open WHERE currency = ?2";
  sqlite3_stmt *stmt = prepare (k, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DueDay *dd = due_day (k, column_due_day (k, stmt, 0));

      dd->owed += sqlite3_column_int64 (stmt, 1);
      dd->n += sqlite3_column_int64 (stmt, 2);
    }
  return finish (k, stmt, rc, error);
}

static gboolean
read_customers (Kept    *k,
                GError **error)
{
  static const char sql[] =
    "SELECT customer_id, currency = ?2, invoices_cents, credits_cents, n"
    " FROM totals_customers WHERE n <> 0";
  sqlite3_stmt *stmt = prepare (k, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 customer_id = sqlite3_column_int64 (stmt, 0);
      RlCents credits = sqlite3_column_int64 (stmt, 3);
      gint64 n = sqlite3_column_int64 (stmt, 4);
      Limited *lim;

      if (!sqlite3_column_int (stmt, 1))
        {
          k->other_items += n;
          continue;
        }
      k->credits += credits;
      if ((lim = limited (k, customer_id)) == NULL)
        continue;
      lim->owed += sqlite3_column_int64 (stmt, 2) - credits;
      lim->n += n;
    }
  return finish (k, stmt, rc, error);
}

static gboolean
read_sales (Kept    *k,
            GError **error)
{
  static const char sql[] =
    "SELECT issue_date, net_cents FROM totals_sales"
    " WHERE currency = ?2 AND issue_date >= ?3 AND issue_date <= ?1";
  sqlite3_stmt *stmt = prepare (k, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 3, k->w.window_iso, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int y, m, d;

      if (_rl_aging_ymd (stmt, 0, &y, &m, &d))
        _rl_aging_add_sale (&k->w, y, m, d, sqlite3_column_int64 (stmt, 1));
    }
  return finish (k, stmt, rc, error);
}

/* The aging's total from the open invoices by due date and the balances of the customers. */
static void
close_totals (Kept    *k,
              RlAging *aging)
{
  RlAgingRow *t = &aging->total;
  __int128 late_weight = 0;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, k->due);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const DueDay *dd = value;
      int late = k->w.as_of - GPOINTER_TO_INT (key);

      if (dd->n <= 0)
        continue;
      t->buckets[rl_aging_bucket (late)] += dd->owed;
      t->open_invoices += dd->owed;
      t->n_open += (guint) dd->n;
      if (late > 0)
        {
          t->overdue += dd->owed;
          t->n_overdue += (guint) dd->n;
          t->max_days_late = MAX (t->max_days_late, late);
          late_weight += (__int128) dd->owed * late;
        }
    }
  t->unapplied_credits = k->credits;
  t->unallocated_payments = k->unallocated;
  t->outstanding = t->open_invoices - t->unapplied_credits - t->unallocated_payments;
  aging->other_currency_items = (guint) k->other_items;

  g_hash_table_iter_init (&iter, k->limited);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Limited *lim = value;
      const RlCents *limit = g_hash_table_lookup (k->limits, key);

      if (lim->n > 0 && lim->owed > *limit)
        aging->customers_over_limit++;
    }
  _rl_aging_finish (aging, &k->w, late_weight);
}

/**
 * _rl_aging_compute_kept:
 * @currency: the book's currency
 *
 * The totals of rl_aging_compute() at @as_of, without rows, from the totals the book keeps.
 *
 * Returns: (transfer full) (nullable): the aging; %NULL with @error set when the book cannot be
 *   read, %NULL without an error when too much happened after @as_of for the kept totals to
 *   be the faster way (the caller then makes a pass over the book)
 */
RlAging *
_rl_aging_compute_kept (RlBook      *book,
                        RlDay        as_of,
                        const char  *currency,
                        GError     **error)
{
  g_autoptr(GHashTable) due = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GHashTable) limits = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                        g_free);
  g_autoptr(GHashTable) limited = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         g_free);
  g_autoptr(GHashTable) moved = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       NULL);
  g_autoptr(RlAging) aging = NULL;
  Kept k = { .book = book, .currency = currency, .due = due, .limits = limits,
             .limited = limited, .moved = moved };
  gboolean few = FALSE;
  gboolean ok;

  _rl_aging_window_init (&k.w, as_of);
  /* One snapshot for every read, as the pass has. */
  if (!rl_book_savepoint (book, "rl_aging_kept", error))
    return NULL;
  ok = few_moves (&k, &few, error)
       && (!few
           || (read_limits (&k, error)
               && move_later_items (&k, error)
               && move_later_issued (&k, error)
               && read_unallocated (&k, error)
               && read_open (&k, error)
               && read_customers (&k, error)
               && read_sales (&k, error)));
  rl_book_release (book, "rl_aging_kept", NULL);
  if (!ok)
    return NULL;
  if (!few)
    {
      g_debug ("Many items dated after %s: the aged balance reads the whole book",
               k.w.as_of_iso);
      return NULL;
    }

  aging = _rl_aging_new (as_of, currency);
  close_totals (&k, aging);
  return g_steal_pointer (&aging);
}
