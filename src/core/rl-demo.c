/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-demo"

#include "config.h"

#include "rl-demo.h"
#include "rl-risk.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "rl-demo-private.h"
#include "rl-error.h"

/* A demo book: a French SME, its customers, two years of invoices, payments and credit notes,
 * drawn from a seeded generator so that a seed always gives the same book. Rows go in through
 * prepared statements in one transaction, registered as one import; the allocation triggers
 * keep paid_cents and settled_on as they do for real data. Memory stays proportional to the
 * number of customers: invoices are written as they are drawn, day after day (see
 * rl-demo-ledger.c). This file makes the company and the customers and runs the whole. */

static const char sql_customer[] =
  "INSERT INTO customers (code, name, kind, siren, vat_number, language, email, phone, address1,"
  " address2, postcode, city, country, credit_limit_cents, payment_terms_days,"
  " terms_end_of_month, assigned_to, notes, import_id, created_at, updated_at)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
  " ?19, ?20, ?20)";
static const char sql_contact[] =
  "INSERT INTO contacts (customer_id, name, role, email, phone, is_primary)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/* Statements */

gboolean
_rl_demo_step_done (RlDemoGen     *g,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (g->book, rc, error);
  return TRUE;
}

void
_rl_demo_report (RlDemoGen *g,
                 double     fraction)
{
  if (g->progress != NULL && (fraction >= 1.0 || fraction - g->reported >= 0.01))
    {
      g->reported = fraction;
      g->progress (fraction, g->user_data);
    }
}

/* The company */

static gboolean
make_company (RlDemoGen  *g,
              RlDemoRng  *r,
              GError    **error)
{
  g_autoptr(RlCompany) company = rl_company_new ();

  _rl_demo_draw_company (r, g->sirens, company);
  return rl_book_set_company (g->book, company, error);
}

/* Customers */

static gboolean
add_contact (RlDemoGen   *g,
             RlDemoRng   *r,
             gint64       customer_id,
             const char  *domain,
             gboolean     primary,
             GError     **error)
{
  char name[96], email[160], phone[24];
  const char *role;

  _rl_demo_draw_contact (r, domain, name, &role, email, phone);
  sqlite3_bind_int64 (g->ins_contact, 1, customer_id);
  _rl_demo_bind_static (g->ins_contact, 2, name);
  _rl_demo_bind_static (g->ins_contact, 3, role);
  _rl_demo_bind_static (g->ins_contact, 4, email);
  _rl_demo_bind_static (g->ins_contact, 5, phone);
  sqlite3_bind_int (g->ins_contact, 6, primary);
  return _rl_demo_step_done (g, g->ins_contact, error);
}

/* How a customer buys and pays, drawn once. */
static void
draw_habits (RlDemoGen *g,
             RlDemoRng *r,
             guint      index,
             int        size)
{
  RlDemoCustomer *c = &g->customers[index];
  int ndays = (int) (g->as_of - g->start + 1);
  int t = rng_range (r, 0, 99);
  guint64 weight;

  if (c->consumer || c->foreign || t < 45)
    c->terms = 30, c->end_of_month = 0;
  else if (t < 60)
    c->terms = 30, c->end_of_month = 1;
  else if (t < 80)
    c->terms = 45, c->end_of_month = 1;
  else if (t < 85)
    c->terms = 45, c->end_of_month = 0;
  else
    c->terms = 60, c->end_of_month = 0;

  t = rng_range (r, 0, 99);
  c->behaviour = t < 22 ? RL_DEMO_PAYS_EARLY : t < 64 ? RL_DEMO_PAYS_ON_TIME
               : t < 84 ? RL_DEMO_PAYS_SLOW : t < 97 ? RL_DEMO_PAYS_CHRONIC : RL_DEMO_PAYS_STOPPED;
  if (c->behaviour == RL_DEMO_PAYS_STOPPED)
    c->stop = g->as_of - (RlDay) MIN (rng_range (r, 45, 240), ndays - 1);

  t = rng_range (r, 0, 99);
  if (c->consumer)
    c->method = t < 40 ? RL_DEMO_METHOD_CARD
              : t < 80 ? RL_DEMO_METHOD_TRANSFER : RL_DEMO_METHOD_CHEQUE;
  else if (c->foreign)
    c->method = RL_DEMO_METHOD_TRANSFER;
  else if (t < 12 && c->behaviour <= RL_DEMO_PAYS_ON_TIME)
    c->method = RL_DEMO_METHOD_DIRECT_DEBIT;
  else
    c->method = t > 85 ? RL_DEMO_METHOD_CHEQUE : RL_DEMO_METHOD_TRANSFER;

  c->vat_permille = c->foreign ? 0 : rng_chance (r, 120) ? 100 : 200;
  c->mu = (gint16) (c->consumer ? rng_range (r, 1900, 2700)
                    : rng_range (r, 2300 + 300 * size, 3200 + 300 * size));
  if (!rng_chance (r, 700))
    c->since = g->start + rng_below (r, (guint) ndays * 9 / 10);
  if (rng_chance (r, 100))
    {
      c->until = MAX (c->since, g->start) + (RlDay) rng_range (r, 60, MAX (ndays, 61));
      if (c->until >= g->as_of)
        c->until = RL_DAY_NONE;
    }
  weight = (guint64) (c->consumer ? rng_range (r, 1, 3)
                      : size == 2 ? rng_range (r, 150, 600)
                      : size == 1 ? rng_range (r, 15, 80) : rng_range (r, 1, 12));
  g->cum_weights[index] = (index > 0 ? g->cum_weights[index - 1] : 0) + weight;
}

static gboolean
make_customer (RlDemoGen  *g,
               RlDemoRng  *r,
               guint       index,
               GError    **error)
{
  static const char * const users[] = { "Sophie", "Thomas", "Nadia", "Julien" };
  static const int limits[3][4] = {
    { 5000, 7500, 10000, 15000 }, { 15000, 20000, 30000, 50000 }, { 50000, 75000, 80000, 100000 },
  };
  RlDemoCustomer *c = &g->customers[index];
  sqlite3_stmt *s = g->ins_customer;
  int size = rng_chance (r, 30) ? 2 : rng_chance (r, 200) ? 1 : 0;
  RlDemoKind kind;
  RlDemoIdentity id;
  char code[16];

  c->consumer = rng_chance (r, 40);
  c->foreign = !c->consumer && rng_chance (r, 30);
  kind = c->consumer ? RL_DEMO_CONSUMER : c->foreign ? RL_DEMO_FOREIGN : RL_DEMO_BUSINESS;
  _rl_demo_draw_identity (r, kind, g->sirens, &id);
  draw_habits (g, r, index, size);
  g_snprintf (code, sizeof code, "C%05u", index + 1);
  {
    g_autofree char *ascii = g_str_to_ascii (id.name, "C");
    g_autofree char *upper = g_ascii_strup (ascii, -1);

    c->payer = g_string_chunk_insert (g->strings, upper);
    c->iban = g_string_chunk_insert (g->strings, id.iban);
  }

  _rl_bind_text (s, 1, code);
  _rl_bind_text (s, 2, id.name);
  _rl_bind_text (s, 3, c->consumer ? "consumer" : "business");
  _rl_bind_text (s, 4, id.siren);
  _rl_bind_text (s, 5, id.vat_number);
  _rl_bind_text (s, 6, id.language);
  _rl_bind_text (s, 7, id.email);
  _rl_bind_text (s, 8, id.phone);
  _rl_bind_text (s, 9, id.address1);
  _rl_bind_text (s, 10, id.address2);
  _rl_bind_text (s, 11, id.postcode);
  _rl_bind_text (s, 12, id.city);
  _rl_bind_text (s, 13, id.country);
  if (!c->consumer && rng_chance (r, 800))
    sqlite3_bind_int64 (s, 14, (gint64) limits[size][rng_below (r, 4)] * 100);
  if (!c->consumer)   /* consumers get the company's terms */
    sqlite3_bind_int (s, 15, c->terms);
  sqlite3_bind_int (s, 16, c->end_of_month);
  if (rng_chance (r, 850))
    _rl_bind_text (s, 17, users[rng_below (r, G_N_ELEMENTS (users))]);
  if (rng_chance (r, 40))
    _rl_bind_text (s, 18, rng_word (r, &_rl_demo_notes));
  sqlite3_bind_int64 (s, 19, g->import_id);
  _rl_bind_text (s, 20, g->now);
  if (!_rl_demo_step_done (g, s, error))
    return FALSE;
  c->id = sqlite3_last_insert_rowid (g->db);

  if (kind == RL_DEMO_BUSINESS && rng_chance (r, 350))
    {
      if (!add_contact (g, r, c->id, id.domain, TRUE, error)
          || (rng_chance (r, 300) && !add_contact (g, r, c->id, id.domain, FALSE, error)))
        return FALSE;
    }
  return TRUE;
}

/* Public API */

/**
 * rl_siren_is_valid:
 * @siren: (nullable): a SIREN as text
 *
 * Returns: whether @siren is exactly 9 digits whose Luhn checksum is right
 */
gboolean
rl_siren_is_valid (const char *siren)
{
  if (siren == NULL || strlen (siren) != 9 || strspn (siren, "0123456789") != 9)
    return FALSE;
  return _rl_demo_luhn_key ((guint32) g_ascii_strtoull (siren, NULL, 10) / 10)
         == (guint) (siren[8] - '0');
}

static gboolean
book_is_empty (RlBook  *book,
               GError **error)
{
  static const char sql[] =
    "SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM invoices)"
    " + (SELECT count(*) FROM payments)";
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  gint64 n;
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _rl_book_sql_error (book, rc, error);
  if (n > 0)
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                   _("%s already has customers, invoices or payments: demo data only goes into "
                     "a new, empty book"), rl_book_get_path (book));
      return FALSE;
    }
  return TRUE;
}

static gboolean
generate (RlDemoGen  *g,
          guint64     seed,
          GError    **error)
{
  RlDemoRng company_rng = { seed ^ G_GUINT64_CONSTANT (0x636F6D70616E7921) };
  RlDemoRng customer_rng = { seed ^ G_GUINT64_CONSTANT (0x637573746F6D6572) };
  RlImportCounts counts = { 0, };
  g_autofree char *checksum = g_strdup_printf ("seed:%" G_GUINT64_FORMAT, seed);
  const char *now = _rl_book_now (g->book);

  g_strlcpy (g->now, now, sizeof g->now);
  g->rng.s = seed ^ G_GUINT64_CONSTANT (0x696E766F69636573);
  if ((g->ins_customer = _rl_book_stmt (g->book, sql_customer, error)) == NULL
      || (g->ins_contact = _rl_book_stmt (g->book, sql_contact, error)) == NULL)
    return FALSE;

  g->import_id = rl_book_begin_import (g->book, "demo", checksum, "demo", error);
  if (g->import_id <= 0 || !make_company (g, &company_rng, error))
    return FALSE;
  for (guint i = 0; i < g->n_customers; i++)
    {
      if (!make_customer (g, &customer_rng, i, error))
        return FALSE;
      if (i % 1024 == 0)
        _rl_demo_report (g, 0.05 * i / g->n_customers);
    }
  if (!_rl_demo_make_invoices (g, error))
    return FALSE;

  counts.rows = counts.inserted = g->n_customers + g->n_docs + g->n_payments;
  counts.customers_created = g->n_customers;
  return rl_book_finish_import (g->book, g->import_id, &counts, error);
}

/**
 * rl_demo_generate:
 * @book: an open book without customers, invoices or payments, and not in a transaction
 * @options: how many customers and invoices, the seed, the book's "today" (%RL_DAY_NONE: the
 *   real today) and how many months of history (0: 24)
 * @progress: (nullable): called now and then with the share done
 *
 * Fills @book with a realistic French receivables ledger: the company, @options->n_customers
 * customers with contacts, and exactly @options->n_invoices invoices and credit notes issued
 * over the months before as_of, with the payments their customers made up to as_of. The same
 * options always give the same book (except for timestamps). Everything is written in one
 * transaction, recorded as one import of format "demo" (checksum "seed:S"). For speed, foreign
 * keys are not checked during the load and the secondary indexes are rebuilt at the end.
 *
 * Returns: %TRUE on success; %FALSE with @error set (%RL_BOOK_ERROR_INVALID for bad options
 *   or a book that already has data, %RL_BOOK_ERROR_SQL), and the book left unchanged
 */
gboolean
rl_demo_generate (RlBook               *book,
                  const RlDemoOptions  *options,
                  RlDemoProgress        progress,
                  gpointer              user_data,
                  GError              **error)
{
  RlDemoGen g = { 0, };
  guint months;
  static const char * const bulk_tables[] = {
    "customers", "contacts", "invoices", "payments", "allocations", NULL
  };
  gboolean ok;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (!rl_book_in_transaction (book), FALSE);

  months = options->months > 0 ? options->months : 24;
  if (options->n_customers < 1)
    {
      g_set_error_literal (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                           _("a demo book needs at least one customer"));
      return FALSE;
    }
  if (months > 120)
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                   _("a history of %u months is too long (at most 120)"), months);
      return FALSE;
    }
  g.as_of = options->as_of != RL_DAY_NONE ? options->as_of : rl_day_today ();
  if (g.as_of < rl_day_from_ymd (1900, 1, 1) || g.as_of > rl_day_from_ymd (9000, 12, 31))
    {
      g_set_error_literal (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                           _("the demo book’s date is out of range"));
      return FALSE;
    }
  if (!book_is_empty (book, error))
    return FALSE;
  /* Every reference is right by construction; checking each one would cost a lookup per
   * column, and keeping the indexes up to date row by row is slower than building them once. */
  if (!rl_book_begin_bulk (book, bulk_tables, error))
    return FALSE;

  g.book = book;
  g.db = _rl_book_get_db (book);
  g.n_customers = options->n_customers;
  g.n_docs_wanted = options->n_invoices;
  g.start = rl_day_add_months (g.as_of, -(int) months) + 1;
  g.customers = g_new0 (RlDemoCustomer, g.n_customers);
  g.cum_weights = g_new0 (guint64, g.n_customers);
  g.strings = g_string_chunk_new (64 * 1024);
  g.sirens = g_hash_table_new (NULL, NULL);
  g.pending = g_array_new (FALSE, FALSE, sizeof (RlDemoPendingCredit));
  g.progress = progress;
  g.user_data = user_data;

  _rl_demo_report (&g, 0.0);
  ok = generate (&g, options->seed, error);
  if (ok)
    _rl_demo_report (&g, 0.9);
  ok = ok && rl_book_commit (book, error);
  if (!ok)
    rl_book_rollback (book);
  /* A demo book opens with its customers scored, as after an import. */
  ok = ok && rl_risk_update_all (book, g.as_of, NULL, error);
  if (ok)
    _rl_demo_report (&g, 1.0);

  g_array_unref (g.pending);
  g_hash_table_unref (g.sirens);
  g_string_chunk_free (g.strings);
  g_free (g.cum_weights);
  g_free (g.customers);
  return ok;
}
