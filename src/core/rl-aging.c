/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-aging"

#include "config.h"

#include "rl-aging.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rl-aging-private.h"
#include "rl-book-private.h"

/* Aging and receivables KPIs at any as-of date, in a few passes over the book, all inside one
 * read snapshot:
 *
 *  1. allocations dated after the as-of date, summed by the invoice or credit note they settled
 *     since (those were still owed then): an index range, empty when the as-of date is today;
 *  2. one table scan of the invoices and credit notes issued by the as-of date that are open now
 *     or were issued in the countback window (their sales): the sales need most rows anyway;
 *  3. a merge of the payments and of their allocations, both in payment order, for the money
 *     received by the as-of date and not yet applied then;
 *  4. the customers, for the code, name and credit limit of those that have anything open.
 *
 * Days are counted here as day numbers read straight from the ISO text: only differences
 * matter. Money stays in gint64 cents, averages in integer tenths. */

#define N_PERIODS  RL_AGING_PERIODS
#define SALES_DAYS RL_AGING_SALES_DAYS

typedef struct
{
  RlAgingRow row;
  __int128   late_weight;  /* Σ overdue remaining × days late, for the ADBT */
} Account;

typedef struct
{
  gint64  id;      /* of an invoice or a credit note */
  RlCents amount;  /* applied to it after the as-of date */
} Later;

typedef struct
{
  RlBook      *book;
  gint64       customer_id;     /* only this customer's items; 0 for the whole book */
  const char  *currency;
  RlAgingWindow w;
  GHashTable  *accounts;        /* gint64 *customer_id -> Account * */
  GHashTable  *later;           /* gint64 *id -> Later *: allocated after the as-of date */
  guint        other_currency_items;
} Pass;

/* Helpers */

static int
days_in_month_index (int month_index)
{
  return rl_day_days_in_month (month_index / 12, month_index % 12 + 1);
}

/* The book's CHECK constraints guarantee 'DDDD-DD-DD'; this only reads the digits. */
gboolean
_rl_aging_ymd (sqlite3_stmt *stmt,
               int           col,
               int          *year,
               int          *month,
               int          *day)
{
  const unsigned char *s = sqlite3_column_text (stmt, col);

  if (s == NULL || sqlite3_column_bytes (stmt, col) != 10)
    return FALSE;
  *year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  *month = (s[5] - '0') * 10 + (s[6] - '0');
  *day = (s[8] - '0') * 10 + (s[9] - '0');
  return *month >= 1 && *month <= 12 && *day >= 1 && *day <= 31;
}

static int
clamp_int (__int128 v)
{
  return v > G_MAXINT ? G_MAXINT : v < G_MININT ? G_MININT : (int) v;
}

static void
aging_row_free (gpointer data)
{
  RlAgingRow *row = data;

  g_free (row->code);
  g_free (row->name);
  g_free (row);
}

static void
account_free (gpointer data)
{
  Account *acc = data;

  g_free (acc->row.code);
  g_free (acc->row.name);
  g_free (acc);
}

static Account *
get_account (Pass   *pass,
             gint64  customer_id)
{
  Account *acc = g_hash_table_lookup (pass->accounts, &customer_id);

  if (acc == NULL)
    {
      acc = g_new0 (Account, 1);
      acc->row.customer_id = customer_id;
      acc->row.credit_usage_bp = -1;
      g_hash_table_insert (pass->accounts, &acc->row.customer_id, acc);
    }
  return acc;
}

/* Adds what an invoice or a credit note still owed at the as-of date. */
static void
age_item (Pass         *pass,
          gint64        customer_id,
          gboolean      credit_note,
          sqlite3_stmt *stmt,
          int           col_due,
          RlCents       remaining)
{
  Account *acc = get_account (pass, customer_id);
  int y, m, d, late;

  if (credit_note)
    {
      acc->row.unapplied_credits += remaining;
      return;
    }

  /* A due date the book could not hold (never seen) counts as due on the as-of date. */
  late = _rl_aging_ymd (stmt, col_due, &y, &m, &d)
         ? pass->w.as_of - (int) rl_day_from_ymd (y, m, d) : 0;
  acc->row.buckets[rl_aging_bucket (late)] += remaining;
  acc->row.open_invoices += remaining;
  acc->row.n_open++;
  if (late > 0)
    {
      acc->row.overdue += remaining;
      acc->row.n_overdue++;
      acc->row.max_days_late = MAX (acc->row.max_days_late, late);
      acc->late_weight += (__int128) remaining * late;
    }
}

static gboolean
finish_stmt (Pass          *pass,
             sqlite3_stmt  *stmt,
             int            rc,
             GError       **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (pass->book, rc, error);
  return TRUE;
}

/* Pass 1: allocations dated after the as-of date, summed by the invoice or credit note they
 * settled: these were still owed at the as-of date. */
static gboolean
scan_later_allocations (Pass    *pass,
                        GError **error)
{
  static const char sql[] =
    "SELECT invoice_id, credit_note_id, amount_cents FROM allocations WHERE date > ?1";
  sqlite3_stmt *stmt = _rl_book_stmt (pass->book, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, pass->w.as_of_iso, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RlCents amount = sqlite3_column_int64 (stmt, 2);

      for (int col = 0; col < 2; col++)
        {
          gint64 id = sqlite3_column_int64 (stmt, col);
          Later *later;

          if (id <= 0)
            continue;
          later = g_hash_table_lookup (pass->later, &id);
          if (later == NULL)
            {
              later = g_new0 (Later, 1);
              later->id = id;
              g_hash_table_insert (pass->later, &later->id, later);
            }
          later->amount += amount;
        }
    }
  return finish_stmt (pass, stmt, rc, error);
}

/* Pass 2: one scan for what was open at the as-of date and for the sales of the countback
 * window. Most rows only count as sales: the other columns are read when needed. NOT INDEXED
 * keeps the plan a sequential scan, which beats any index range over most of the table. When
 * allocations dated after the as-of date exist, an invoice settled now may have been open
 * then, whenever it was issued: the scan then takes all rows. */
static gboolean
scan_invoices (Pass    *pass,
               GError **error)
{
#define INVOICES_SQL(FROM, AND) \
    "SELECT amount_cents - paid_cents, currency = ?3, issue_date, amount_cents," \
    "  kind = 'credit_note', id, customer_id, due_date" \
    " FROM " FROM \
    " WHERE issue_date <= ?1 AND NOT cancelled" \
    "  AND (paid_cents < amount_cents OR issue_date >= ?2)" AND
  static const char all_sql[] = INVOICES_SQL ("invoices NOT INDEXED", "");
  static const char one_sql[] = INVOICES_SQL ("invoices", " AND customer_id = ?4");
#undef INVOICES_SQL
  sqlite3_stmt *stmt = _rl_book_stmt (pass->book, pass->customer_id ? one_sql : all_sql, error);
  gboolean any_later = g_hash_table_size (pass->later) > 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, pass->w.as_of_iso, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, any_later ? "0000-01-01" : pass->w.window_iso, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, pass->currency, -1, SQLITE_STATIC);
  if (pass->customer_id)
    sqlite3_bind_int64 (stmt, 4, pass->customer_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RlCents remaining = sqlite3_column_int64 (stmt, 0);
      gboolean in_currency = sqlite3_column_int (stmt, 1);
      int y, m, d;

      if (in_currency && _rl_aging_ymd (stmt, 2, &y, &m, &d))
        {
          RlCents amount = sqlite3_column_int64 (stmt, 3);

          _rl_aging_add_sale (&pass->w, y, m, d, sqlite3_column_int (stmt, 4) ? -amount : amount);
        }

      if (any_later)
        {
          gint64 id = sqlite3_column_int64 (stmt, 5);
          Later *later = g_hash_table_lookup (pass->later, &id);

          if (later != NULL)
            remaining += later->amount;
        }
      if (remaining <= 0)
        continue;
      if (in_currency)
        age_item (pass, sqlite3_column_int64 (stmt, 6), sqlite3_column_int (stmt, 4), stmt, 7,
                  remaining);
      else
        pass->other_currency_items++;
    }
  return finish_stmt (pass, stmt, rc, error);
}

/* Pass 3: payments received by the as-of date less their allocations dated by then. Both
 * statements return rows in payment order, so one walk matches them. Payments whose payer is
 * not known yet belong to no customer and are left out. */
static gboolean
scan_payments (Pass    *pass,
               GError **error)
{
  static const char payments_sql[] =
    "SELECT id, amount_cents, currency = ?2, customer_id FROM payments NOT INDEXED"
    " WHERE date <= ?1 AND customer_id > 0 ORDER BY id";
  static const char allocations_sql[] =
    "SELECT payment_id, amount_cents FROM allocations"
    " WHERE payment_id IS NOT NULL AND date <= ?1 ORDER BY payment_id";
  static const char one_payments_sql[] =
    "SELECT id, amount_cents, currency = ?2, customer_id FROM payments"
    " WHERE date <= ?1 AND customer_id = ?3 ORDER BY id";
  static const char one_allocations_sql[] =
    "SELECT payment_id, amount_cents FROM allocations WHERE date <= ?1"
    " AND payment_id IN (SELECT id FROM payments WHERE customer_id = ?2) ORDER BY payment_id";
  sqlite3_stmt *pay = _rl_book_stmt (pass->book, pass->customer_id ? one_payments_sql
                                                                    : payments_sql, error);
  sqlite3_stmt *alloc;
  int rc, alloc_rc;

  if (pay == NULL)
    return FALSE;
  alloc = _rl_book_stmt (pass->book, pass->customer_id ? one_allocations_sql : allocations_sql,
                         error);
  if (alloc == NULL)
    return FALSE;
  sqlite3_bind_text (pay, 1, pass->w.as_of_iso, -1, SQLITE_STATIC);
  sqlite3_bind_text (pay, 2, pass->currency, -1, SQLITE_STATIC);
  sqlite3_bind_text (alloc, 1, pass->w.as_of_iso, -1, SQLITE_STATIC);
  if (pass->customer_id)
    {
      sqlite3_bind_int64 (pay, 3, pass->customer_id);
      sqlite3_bind_int64 (alloc, 2, pass->customer_id);
    }

  alloc_rc = sqlite3_step (alloc);
  while ((rc = sqlite3_step (pay)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (pay, 0);
      RlCents left = sqlite3_column_int64 (pay, 1);

      for (; alloc_rc == SQLITE_ROW; alloc_rc = sqlite3_step (alloc))
        {
          gint64 payment_id = sqlite3_column_int64 (alloc, 0);

          if (payment_id > id)
            break;
          if (payment_id == id)
            left -= sqlite3_column_int64 (alloc, 1);
        }
      if (alloc_rc != SQLITE_ROW && alloc_rc != SQLITE_DONE)
        {
          sqlite3_reset (pay);
          return finish_stmt (pass, alloc, alloc_rc, error);
        }
      if (left <= 0)
        continue;
      if (sqlite3_column_int (pay, 2))
        get_account (pass, sqlite3_column_int64 (pay, 3))->row.unallocated_payments += left;
      else
        pass->other_currency_items++;
    }
  sqlite3_reset (alloc);
  return finish_stmt (pass, pay, rc, error);
}

/* Pass 4: who the customers with anything open are, and their credit limits. */
static gboolean
read_customers (Pass      *pass,
                gboolean   names,
                GError   **error)
{
  static const char all_sql[] = "SELECT id, credit_limit_cents, code, name FROM customers";
  static const char limits_sql[] =
    "SELECT id, credit_limit_cents FROM customers WHERE credit_limit_cents IS NOT NULL";
  static const char one_sql[] =
    "SELECT id, credit_limit_cents, code, name FROM customers WHERE id = ?1";
  sqlite3_stmt *stmt;
  int rc;

  if (g_hash_table_size (pass->accounts) == 0)
    return TRUE;
  stmt = _rl_book_stmt (pass->book, pass->customer_id ? one_sql : names ? all_sql : limits_sql,
                        error);
  if (stmt == NULL)
    return FALSE;
  if (pass->customer_id)
    sqlite3_bind_int64 (stmt, 1, pass->customer_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      Account *acc = g_hash_table_lookup (pass->accounts, &id);

      if (acc == NULL)
        continue;
      if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        {
          acc->row.has_credit_limit = TRUE;
          acc->row.credit_limit = sqlite3_column_int64 (stmt, 1);
        }
      if (names)
        {
          acc->row.code = _rl_column_text (stmt, 2);
          acc->row.name = _rl_column_text (stmt, 3);
        }
    }
  return finish_stmt (pass, stmt, rc, error);
}

/* Average days late of @overdue weighted by amount, in tenths of a day, rounded half up. */
static int
adbt_tenths (__int128 late_weight,
             RlCents  overdue)
{
  if (overdue <= 0)
    return 0;
  return clamp_int ((late_weight * 20 + overdue) / ((__int128) overdue * 2));
}

/* Outstanding over the credit limit in basis points; 0 when nothing is owed, G_MAXINT when
 * something is owed over a limit of zero. */
static int
credit_usage_bp (RlCents outstanding,
                 RlCents limit)
{
  if (outstanding <= 0)
    return 0;
  if (limit <= 0 || outstanding / limit >= G_MAXINT / 10000)
    return G_MAXINT;
  return (int) rl_money_mul_div_round (outstanding, 10000, limit);
}

static void
close_account (Account    *acc,
               RlAging    *aging,
               __int128   *total_weight)
{
  RlAgingRow *row = &acc->row;
  RlAgingRow *total = &aging->total;

  row->outstanding = row->open_invoices - row->unapplied_credits - row->unallocated_payments;
  row->adbt_tenths = adbt_tenths (acc->late_weight, row->overdue);
  if (row->has_credit_limit)
    {
      row->credit_usage_bp = credit_usage_bp (row->outstanding, row->credit_limit);
      if (row->outstanding > row->credit_limit)
        aging->customers_over_limit++;
    }

  for (int b = 0; b < RL_N_BUCKETS; b++)
    total->buckets[b] += row->buckets[b];
  total->open_invoices += row->open_invoices;
  total->overdue += row->overdue;
  total->unapplied_credits += row->unapplied_credits;
  total->unallocated_payments += row->unallocated_payments;
  total->outstanding += row->outstanding;
  total->n_open += row->n_open;
  total->n_overdue += row->n_overdue;
  total->max_days_late = MAX (total->max_days_late, row->max_days_late);
  *total_weight += acc->late_weight;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const RlAgingRow *ra = *(const RlAgingRow * const *) a;
  const RlAgingRow *rb = *(const RlAgingRow * const *) b;
  int c = g_strcmp0 (ra->code, rb->code);

  if (c != 0)
    return c;
  return (ra->customer_id > rb->customer_id) - (ra->customer_id < rb->customer_id);
}

/* Receivables over the sales of the last 90 days, times 90 days. */
static int
dso_simple (RlCents outstanding,
            RlCents sales)
{
  if (sales <= 0)
    return -1;
  if (outstanding <= 0)
    return 0;
  if (outstanding / sales >= G_MAXINT / (SALES_DAYS * 10))
    return G_MAXINT;
  return (int) rl_money_mul_div_round (outstanding, SALES_DAYS * 10, sales);
}

/* Walks back from the as-of date's month through the net sales of each month until they
 * account for the receivables. A month with no net sales (credit notes may outweigh its
 * invoices) accounts for none of them: its days count, the receivables stay. */
static int
dso_countback (RlCents        outstanding,
               const RlCents  sales[N_PERIODS],
               const int      days[N_PERIODS])
{
  RlCents left = outstanding;
  gint64 tenths = 0;
  gboolean any = FALSE;

  for (int p = 0; p < N_PERIODS; p++)
    any |= sales[p] > 0;
  if (!any)
    return -1;
  if (outstanding <= 0)
    return 0;
  for (int p = 0; p < N_PERIODS; p++)
    {
      if (sales[p] > 0 && left <= sales[p])
        return (int) (tenths + rl_money_mul_div_round (left, days[p] * 10, sales[p]));
      if (sales[p] > 0)
        left -= sales[p];
      tenths += days[p] * 10;
    }
  return (int) tenths;
}

void
_rl_aging_window_init (RlAgingWindow *w,
                       RlDay          as_of)
{
  int y, m, d, first;

  memset (w, 0, sizeof *w);
  rl_day_to_ymd (as_of, &y, &m, &d);
  rl_day_to_iso_buf (as_of, w->as_of_iso);
  w->as_of = (int) rl_day_from_ymd (y, m, d);
  w->sales_from = w->as_of - (SALES_DAYS - 1);
  w->month0 = y * 12 + m - 1;
  first = MAX (w->month0 - (N_PERIODS - 1), 12);  /* not before year 1 */
  g_snprintf (w->window_iso, sizeof w->window_iso, "%04d-%02d-01", first / 12, first % 12 + 1);
  w->period_days[0] = d;
  for (int p = 1; p < N_PERIODS; p++)
    w->period_days[p] = days_in_month_index (w->month0 - p);
}

/* Counts @amount (negative for a credit note) in the sales of its month, when that month is
 * in the countback window, and in the 90 days of the simple DSO. */
void
_rl_aging_add_sale (RlAgingWindow *w,
                    int            y,
                    int            m,
                    int            d,
                    RlCents        amount)
{
  int period = w->month0 - (y * 12 + m - 1);

  if (period < 0 || period >= N_PERIODS)
    return;
  w->period_sales[period] += amount;
  if ((int) rl_day_from_ymd (y, m, d) >= w->sales_from)
    w->sales_90_days += amount;
}

/* An aging with nothing in it yet, zero-filled (its total row compares as bytes). */
RlAging *
_rl_aging_new (RlDay       as_of,
               const char *currency)
{
  RlAging *aging = g_new0 (RlAging, 1);

  aging->as_of = as_of;
  aging->currency = g_strdup (currency);
  aging->rows = g_ptr_array_new_with_free_func (aging_row_free);
  aging->total.credit_usage_bp = -1;
  return aging;
}

/* The KPIs of the total, once its amounts are in: @late_weight is Σ overdue × days late. */
void
_rl_aging_finish (RlAging             *aging,
                  const RlAgingWindow *w,
                  __int128             late_weight)
{
  aging->total.adbt_tenths = adbt_tenths (late_weight, aging->total.overdue);
  aging->sales_90_days = w->sales_90_days;
  aging->dso_simple_tenths = dso_simple (aging->total.outstanding, w->sales_90_days);
  aging->dso_countback_tenths = dso_countback (aging->total.outstanding, w->period_sales,
                                               w->period_days);
}

static void
pass_init (Pass   *pass,
           RlBook *book,
           RlDay   as_of)
{
  pass->book = book;
  _rl_aging_window_init (&pass->w, as_of);
  pass->accounts = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, account_free);
  pass->later = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
}

/* Public API */

/**
 * rl_aging_bucket:
 * @days_late: days past the due date; 0 or less when not due yet
 *
 * Returns: the aging bucket of an item that many days late
 */
RlBucket
rl_aging_bucket (int days_late)
{
  if (days_late <= 0)
    return RL_BUCKET_NOT_DUE;
  if (days_late <= 30)
    return RL_BUCKET_1_30;
  if (days_late <= 60)
    return RL_BUCKET_31_60;
  if (days_late <= 90)
    return RL_BUCKET_61_90;
  return RL_BUCKET_OVER_90;
}

/**
 * rl_aging_compute:
 * @book: the book
 * @as_of: the day the receivables are looked at, today or any day before
 * @per_customer: whether to fill @rows, one per customer with anything open
 *
 * Ages what customers owed at @as_of, in the book's currency: invoices and credit notes
 * issued by then and not cancelled, less what was applied to them by then (allocations are
 * dated), and payments received by then not yet applied then. Payments whose payer is not
 * known yet are no customer's and are left out. Computes the DSO (countback over up to 36
 * months, and simple over 90 days), the ADBT and the use of credit limits (0 when nothing is
 * owed, G_MAXINT when anything is owed over a limit of zero). All the reads share one snapshot
 * of the book; it may be called inside a transaction.
 *
 * Without @per_customer, the figures come from the totals the book keeps (migration 10) and
 * the few items dated after @as_of, exactly as a pass over the book gives them; when too many
 * are (a day long past), or while a bulk load has left the totals behind, from a pass over
 * every invoice as with rl_aging_compute_full().
 *
 * Returns: (transfer full): the aging, free with rl_aging_free(); %NULL with @error set
 *   (%RL_BOOK_ERROR) when the book cannot be read
 */
static RlAging *
compute (RlBook    *book,
         gint64     customer_id,
         RlDay      as_of,
         gboolean   per_customer,
         gboolean   full,
         GError   **error)
{
  g_autoptr(RlAging) aging = NULL;
  g_autoptr(RlCompany) company = NULL;
  g_autoptr(GHashTable) accounts = NULL;
  g_autoptr(GHashTable) later = NULL;
  Pass pass = { 0 };
  GHashTableIter iter;
  gpointer value;
  __int128 total_weight = 0;
  gboolean ok;

  g_return_val_if_fail (RL_IS_BOOK (book), NULL);
  g_return_val_if_fail (as_of != RL_DAY_NONE, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  company = rl_book_get_company (book, error);
  if (company == NULL)
    return NULL;

  pass.currency = company->currency != NULL ? company->currency : "EUR";
  if (!full && !per_customer && customer_id == 0 && !_rl_book_totals_stale (book))
    {
      GError *local_error = NULL;

      aging = _rl_aging_compute_kept (book, as_of, pass.currency, &local_error);
      if (aging != NULL || local_error != NULL)
        {
          if (local_error != NULL)
            g_propagate_error (error, local_error);
          return g_steal_pointer (&aging);
        }
    }

  pass_init (&pass, book, as_of);
  pass.customer_id = customer_id;
  accounts = pass.accounts;
  later = pass.later;

  /* A savepoint gives all the passes the same snapshot of the book. */
  if (!rl_book_savepoint (book, "rl_aging", error))
    return NULL;
  ok = scan_later_allocations (&pass, error)
       && scan_invoices (&pass, error)
       && scan_payments (&pass, error)
       && read_customers (&pass, per_customer, error);
  rl_book_release (book, "rl_aging", NULL);
  if (!ok)
    return NULL;

  aging = _rl_aging_new (as_of, pass.currency);
  aging->other_currency_items = pass.other_currency_items;

  g_hash_table_iter_init (&iter, accounts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Account *acc = value;

      close_account (acc, aging, &total_weight);
      if (per_customer)
        {
          RlAgingRow *row = g_memdup2 (&acc->row, sizeof acc->row);

          acc->row.code = NULL;
          acc->row.name = NULL;
          g_ptr_array_add (aging->rows, row);
        }
    }
  g_ptr_array_sort (aging->rows, compare_rows);
  _rl_aging_finish (aging, &pass.w, total_weight);
  return g_steal_pointer (&aging);
}

RlAging *
rl_aging_compute (RlBook    *book,
                  RlDay      as_of,
                  gboolean   per_customer,
                  GError   **error)
{
  return compute (book, 0, as_of, per_customer, FALSE, error);
}

/**
 * rl_aging_compute_full:
 * @book: the book
 * @as_of: the day the receivables are looked at, today or any day before
 * @per_customer: whether to fill @rows, one per customer with anything open
 *
 * Ages the book as rl_aging_compute() does, always from a pass over every invoice and payment,
 * never from the totals the book keeps: the reference those totals are checked against.
 *
 * Returns: (transfer full): the aging, free with rl_aging_free(); %NULL with @error set
 */
RlAging *
rl_aging_compute_full (RlBook    *book,
                       RlDay      as_of,
                       gboolean   per_customer,
                       GError   **error)
{
  return compute (book, 0, as_of, per_customer, TRUE, error);
}

/**
 * rl_aging_compute_customer:
 * @book: the book
 * @customer_id: a customer of the book
 * @as_of: the day the receivables are looked at, today or any day before
 *
 * Ages one customer's account exactly as rl_aging_compute() ages it within the whole book,
 * reading only that customer's rows: @rows holds its row when it has anything open, and the
 * total, the sales and the DSO are the customer's own.
 *
 * Returns: (transfer full): the aging, free with rl_aging_free(); %NULL with @error set
 */
RlAging *
rl_aging_compute_customer (RlBook    *book,
                           gint64     customer_id,
                           RlDay      as_of,
                           GError   **error)
{
  g_return_val_if_fail (customer_id > 0, NULL);

  return compute (book, customer_id, as_of, TRUE, FALSE, error);
}

/* The totals of an aging are kept in the book's settings with their day and the last change
 * to what they are computed from (invoices, payments, customers and their credit limits,
 * imports, the company's currency): the same day on an unchanged book gives them back without
 * reading the book. */
#define CACHE_KEY "aging-totals:"   /* then the day: a dashboard asks for today and a month ago */
#define CACHE_KEEP 4                 /* days kept */
#define CACHE_FIELDS 23

static gint64
aging_mark (RlBook *book)
{
  static const char sql[] =
    "SELECT id FROM audit_log WHERE entity IN ('invoice', 'payment', 'customer', 'import',"
    " 'company') ORDER BY id DESC LIMIT 1";

  return _rl_book_query_int64 (book, sql);
}

static char *
cache_key_prefix (RlDay  as_of,
                  gint64 mark)
{
  char iso[11];

  rl_day_to_iso_buf (as_of, iso);
  return g_strdup_printf ("1|%s|%lld|", iso, (long long) mark);
}

static char *
cache_write (const RlAging *a,
             const char    *prefix)
{
  const RlAgingRow *t = &a->total;

  return g_strdup_printf ("%s%s|%u|%lld|%lld|%lld|%lld|%lld|%lld|%lld|%lld|%lld|%lld|%u|%u|%d|%d"
                          "|%d|%lld|%d|%lld|%d|%d|%u",
                          prefix, a->currency, a->other_currency_items,
                          (long long) t->buckets[0], (long long) t->buckets[1],
                          (long long) t->buckets[2], (long long) t->buckets[3],
                          (long long) t->buckets[4], (long long) t->open_invoices,
                          (long long) t->overdue, (long long) t->unapplied_credits,
                          (long long) t->unallocated_payments, (long long) t->outstanding,
                          t->n_open, t->n_overdue, t->max_days_late, t->adbt_tenths,
                          t->has_credit_limit, (long long) t->credit_limit, t->credit_usage_bp,
                          (long long) a->sales_90_days, a->dso_countback_tenths,
                          a->dso_simple_tenths, a->customers_over_limit);
}

static RlAging *
cache_read (const char *text,
            const char *prefix,
            RlDay       as_of)
{
  g_auto(GStrv) f = NULL;
  RlAging *a;
  RlAgingRow *t;
  int k = 0;

  if (text == NULL || !g_str_has_prefix (text, prefix))
    return NULL;
  f = g_strsplit (text + strlen (prefix), "|", -1);
  if (g_strv_length (f) != CACHE_FIELDS)
    return NULL;
  a = _rl_aging_new (as_of, f[k++]);
  t = &a->total;
  a->other_currency_items = (guint) g_ascii_strtoull (f[k++], NULL, 10);
  for (int b = 0; b < RL_N_BUCKETS; b++)
    t->buckets[b] = g_ascii_strtoll (f[k++], NULL, 10);
  t->open_invoices = g_ascii_strtoll (f[k++], NULL, 10);
  t->overdue = g_ascii_strtoll (f[k++], NULL, 10);
  t->unapplied_credits = g_ascii_strtoll (f[k++], NULL, 10);
  t->unallocated_payments = g_ascii_strtoll (f[k++], NULL, 10);
  t->outstanding = g_ascii_strtoll (f[k++], NULL, 10);
  t->n_open = (guint) g_ascii_strtoull (f[k++], NULL, 10);
  t->n_overdue = (guint) g_ascii_strtoull (f[k++], NULL, 10);
  t->max_days_late = (int) g_ascii_strtoll (f[k++], NULL, 10);
  t->adbt_tenths = (int) g_ascii_strtoll (f[k++], NULL, 10);
  t->has_credit_limit = g_ascii_strtoll (f[k++], NULL, 10) != 0;
  t->credit_limit = g_ascii_strtoll (f[k++], NULL, 10);
  t->credit_usage_bp = (int) g_ascii_strtoll (f[k++], NULL, 10);
  a->sales_90_days = g_ascii_strtoll (f[k++], NULL, 10);
  a->dso_countback_tenths = (int) g_ascii_strtoll (f[k++], NULL, 10);
  a->dso_simple_tenths = (int) g_ascii_strtoll (f[k++], NULL, 10);
  a->customers_over_limit = (guint) g_ascii_strtoull (f[k++], NULL, 10);
  return a;
}

/**
 * rl_aging_compute_totals:
 * @book: the book
 * @as_of: the day the receivables are looked at
 *
 * The totals and KPIs of rl_aging_compute() without the rows, given back from the book's cache
 * when it was computed for the same day and nothing it depends on changed since, and kept there
 * otherwise (unless another connection is writing: the cache is then left as it was).
 *
 * Returns: (transfer full): the aging, its @rows empty; %NULL with @error set
 */
RlAging *
rl_aging_compute_totals (RlBook   *book,
                         RlDay     as_of,
                         GError  **error)
{
  g_autofree char *prefix = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *text = NULL;
  g_autofree char *key = NULL;
  char iso[11];
  RlAging *aging;

  g_return_val_if_fail (RL_IS_BOOK (book), NULL);
  g_return_val_if_fail (as_of != RL_DAY_NONE, NULL);

  rl_day_to_iso_buf (as_of, iso);
  key = g_strconcat (CACHE_KEY, iso, NULL);
  prefix = cache_key_prefix (as_of, aging_mark (book));
  stored = rl_book_get_setting (book, key);
  aging = cache_read (stored, prefix, as_of);
  if (aging != NULL)
    return aging;
  aging = compute (book, 0, as_of, FALSE, FALSE, error);
  if (aging == NULL)
    return NULL;
  text = cache_write (aging, prefix);
  _rl_book_keep_cached (book, CACHE_KEY, key, text, CACHE_KEEP);
  return aging;
}

/**
 * rl_aging_free:
 * @aging: (nullable): an aging from rl_aging_compute()
 *
 * Frees @aging with its rows.
 */
void
rl_aging_free (RlAging *aging)
{
  if (aging == NULL)
    return;
  g_free (aging->currency);
  g_clear_pointer (&aging->rows, g_ptr_array_unref);
  g_free (aging->total.code);
  g_free (aging->total.name);
  g_free (aging);
}
