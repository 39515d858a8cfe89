/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "rl-book-private.h"
#include "rl-demo-data.h"
#include "rl-demo.h"
#include "rl-error.h"
#include "rl-test-util.h"

#define AS_OF_ISO "2025-06-30"
#define N_CUSTOMERS 300
#define N_INVOICES 6000

/* Books made by one test live in their own temporary directory. */
typedef struct
{
  char   *dir;
  RlBook *book;
} Scratch;

#define remove_dir rl_test_remove_dir

static RlBook *
open_book (const char *dir,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  RlBook *book = rl_book_open (path, RL_BOOK_OPEN_CREATE | RL_BOOK_OPEN_FAST, &error);

  g_assert_no_error (error);
  rl_book_set_actor (book, "test");
  return book;
}

static RlDemoOptions
options (guint   n_customers,
         guint   n_invoices,
         guint64 seed)
{
  RlDemoOptions o = { n_customers, n_invoices, seed, rl_day_from_iso (AS_OF_ISO), 24 };

  return o;
}

static void
generate (RlBook              *book,
          const RlDemoOptions *o)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rl_demo_generate (book, o, NULL, NULL, &error));
  g_assert_no_error (error);
}

static gint64
query_int (RlBook     *book,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 v = G_MININT64;

  if (sqlite3_prepare_v2 (_rl_book_get_db (book), sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (_rl_book_get_db (book)));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

/* A digest of everything in the book but the timestamps. */
static char *
dump_book (RlBook *book)
{
  static const char * const tables[] = { "company", "customers", "contacts", "invoices",
                                         "payments", "allocations", "imports", "audit_log",
                                         "settings" };
  static const char * const skipped[] = { "created_at", "updated_at", "started_at",
                                          "finished_at", "at", NULL };
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY 1", tables[t]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (_rl_book_get_db (book), sql, -1, &stmt, NULL), ==,
                       SQLITE_OK);
      g_checksum_update (sum, (const guchar *) tables[t], -1);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int i = 0; i < sqlite3_column_count (stmt); i++)
          {
            const char *text;

            if (g_strv_contains (skipped, sqlite3_column_name (stmt, i)))
              continue;
            text = (const char *) sqlite3_column_text (stmt, i);
            g_checksum_update (sum, (const guchar *) (text ? text : "\x01NULL"), -1);
            g_checksum_update (sum, (const guchar *) "\x1f", 1);
          }
      sqlite3_finalize (stmt);
    }
  return g_strdup (g_checksum_get_string (sum));
}

/* One mid-sized book shared by the tests that only read it. */
static char *shared_dir;
static RlBook *shared_book;

static RlBook *
shared (void)
{
  if (shared_book == NULL)
    {
      RlDemoOptions o = options (N_CUSTOMERS, N_INVOICES, 7);

      shared_dir = g_dir_make_tmp ("relance-demo-XXXXXX", NULL);
      g_assert_nonnull (shared_dir);
      shared_book = open_book (shared_dir, "shared.relance");
      generate (shared_book, &o);
    }
  return shared_book;
}

/* Identifiers */

static void
test_siren (void)
{
  static const struct { const char *siren; gboolean valid; } cases[] = {
    { "732829320", TRUE }, { "542107651", TRUE }, { "552100554", TRUE }, { "356000000", TRUE },
    { "732829321", FALSE }, { "542107615", FALSE }, { "552100555", FALSE },
    { "73282932", FALSE }, { "7328293200", FALSE }, { "73282932a", FALSE },
    { " 73282932", FALSE }, { "732 829 320", FALSE }, { "", FALSE }, { NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("SIREN %s", cases[i].siren ? cases[i].siren : "(null)");
      g_assert_cmpint (rl_siren_is_valid (cases[i].siren), ==, cases[i].valid);
    }
  for (guint32 body = 10000000; body < 10002000; body++)
    {
      char siren[10];

      g_snprintf (siren, sizeof siren, "%08u%u", body, _rl_demo_luhn_key (body));
      g_assert_true (rl_siren_is_valid (siren));
    }
}

static void
test_identifiers (void)
{
  static const struct { const char *postcode; int zone; } zones[] = {
    { "75001", 1 }, { "92100", 1 }, { "35000", 2 }, { "29200", 2 }, { "67000", 3 },
    { "59000", 3 }, { "69001", 4 }, { "06000", 4 }, { "20000", 4 }, { "33000", 5 },
    { "64000", 5 }, { "87000", 5 },
  };
  char vat[14], iban[35];

  _rl_demo_vat_fr ("732829320", vat);
  g_assert_cmpstr (vat, ==, "FR44732829320");
  _rl_demo_vat_fr ("552100554", vat);
  g_assert_cmpstr (vat, ==, "FR96552100554");

  g_assert_cmpuint (_rl_demo_rib_key (30006, 1, G_GUINT64_CONSTANT (12345678901)), ==, 89);
  _rl_demo_iban ("FR", "30006000011234567890189", iban);
  g_assert_cmpstr (iban, ==, "FR7630006000011234567890189");
  g_assert_true (_rl_demo_iban_is_valid ("FR7630006000011234567890189"));
  g_assert_true (_rl_demo_iban_is_valid ("GB29NWBK60161331926819"));
  g_assert_true (_rl_demo_iban_is_valid ("BE68539007547034"));
  g_assert_false (_rl_demo_iban_is_valid ("FR7630006000011234567890188"));

  for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
    g_assert_cmpint (_rl_demo_phone_zone (zones[i].postcode), ==, zones[i].zone);
}

static const RlDemoCommune *
find_commune (const char *postcode,
              const char *city)
{
  for (guint i = 0; i < _rl_demo_n_communes; i++)
    if (strcmp (_rl_demo_communes[i].postcode, postcode) == 0
        && strcmp (_rl_demo_communes[i].city, city) == 0)
      return &_rl_demo_communes[i];
  return NULL;
}

static void
test_communes (void)
{
  static const char * const known[][2] = {
    { "69001", "Lyon" }, { "13001", "Marseille" }, { "31000", "Toulouse" }, { "44000", "Nantes" },
    { "67000", "Strasbourg" }, { "33000", "Bordeaux" }, { "59000", "Lille" },
    { "35000", "Rennes" }, { "21000", "Dijon" }, { "74000", "Annecy" }, { "38000", "Grenoble" },
    { "06000", "Nice" }, { "34000", "Montpellier" }, { "49000", "Angers" }, { "37000", "Tours" },
    { "87000", "Limoges" }, { "63000", "Clermont-Ferrand" }, { "29200", "Brest" },
    { "76000", "Rouen" }, { "14000", "Caen" }, { "51100", "Reims" }, { "25000", "Besançon" },
    { "57000", "Metz" }, { "54000", "Nancy" }, { "64000", "Pau" },
  };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_cmpuint (_rl_demo_n_communes, >=, 100);
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    g_assert_nonnull (find_commune (known[i][0], known[i][1]));
  for (guint i = 0; i < _rl_demo_n_communes; i++)
    {
      const char *pc = _rl_demo_communes[i].postcode;
      char *key = g_strconcat (pc, " ", _rl_demo_communes[i].city, NULL);

      g_assert_cmpuint (strlen (pc), ==, 5);
      g_assert_cmpuint (strspn (pc, "0123456789"), ==, 5);
      g_assert_true (g_utf8_validate (_rl_demo_communes[i].city, -1, NULL));
      g_assert_true (g_hash_table_add (seen, key));   /* no duplicates */
    }
}

/* The shared book */

static void
test_counts (void)
{
  RlBook *book = shared ();

  g_assert_cmpint (rl_book_count_customers (book), ==, N_CUSTOMERS);
  g_assert_cmpint (rl_book_count_invoices (book), ==, N_INVOICES);
  g_assert_cmpint (rl_book_count_payments (book), >, N_INVOICES / 2);
  g_assert_cmpint (query_int (book, "SELECT count(DISTINCT code) FROM customers"), ==,
                   N_CUSTOMERS);
  g_assert_cmpint (query_int (book, "SELECT count(*) FROM customers"
                                    " WHERE code NOT GLOB 'C[0-9][0-9][0-9][0-9][0-9]'"), ==, 0);
}

static void
test_identities (void)
{
  RlBook *book = shared ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RlCompany) company = rl_book_get_company (book, &error);
  sqlite3_stmt *stmt = NULL;
  char vat[14];
  guint n_sirens = 0, n_ibans = 0;

  g_assert_no_error (error);
  g_assert_true (rl_siren_is_valid (company->siren));
  _rl_demo_vat_fr (company->siren, vat);
  g_assert_cmpstr (company->vat_number, ==, vat);
  g_assert_true (g_str_has_prefix (company->iban, "FR76"));
  g_assert_cmpuint (strlen (company->iban), ==, 27);
  g_assert_true (_rl_demo_iban_is_valid (company->iban));
  g_assert_nonnull (company->bic);
  g_assert_cmpint (company->payment_terms_days, ==, 30);
  g_assert_nonnull (find_commune (company->postcode, company->city));

  g_assert_cmpint (sqlite3_prepare_v2 (_rl_book_get_db (book),
                                       "SELECT siren, vat_number FROM customers"
                                       " WHERE siren IS NOT NULL", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *siren = (const char *) sqlite3_column_text (stmt, 0);

      g_assert_true (rl_siren_is_valid (siren));
      _rl_demo_vat_fr (siren, vat);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, vat);
      n_sirens++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n_sirens, >, N_CUSTOMERS * 8 / 10);
  g_assert_cmpint (query_int (book, "SELECT count(DISTINCT siren) FROM customers"), ==, n_sirens);

  g_assert_cmpint (sqlite3_prepare_v2 (_rl_book_get_db (book),
                                       "SELECT DISTINCT payer_iban FROM payments"
                                       " WHERE payer_iban IS NOT NULL", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_assert_true (_rl_demo_iban_is_valid ((const char *) sqlite3_column_text (stmt, 0)));
      n_ibans++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n_ibans, >, 0);
}

static void
test_addresses (void)
{
  RlBook *book = shared ();
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_rl_book_get_db (book),
                                       "SELECT postcode, city, country, language, phone, email,"
                                       " address1 FROM customers", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *postcode = (const char *) sqlite3_column_text (stmt, 0);
      const char *city = (const char *) sqlite3_column_text (stmt, 1);
      const char *country = (const char *) sqlite3_column_text (stmt, 2);
      const char *language = (const char *) sqlite3_column_text (stmt, 3);
      const char *phone = (const char *) sqlite3_column_text (stmt, 4);
      const char *email = (const char *) sqlite3_column_text (stmt, 5);

      g_assert_nonnull (sqlite3_column_text (stmt, 6));
      g_assert_nonnull (strchr (email, '@'));
      if (strcmp (country, "FR") == 0)
        {
          g_assert_cmpstr (language, ==, "fr");
          g_assert_cmpuint (strlen (postcode), ==, 5);
          g_assert_nonnull (find_commune (postcode, city));
          g_assert_true (g_regex_match_simple ("^0[1-7]( [0-9]{2}){4}$", phone, 0, 0));
        }
      else
        {
          gboolean found = FALSE;

          g_assert_cmpstr (language, ==, "en");
          for (guint i = 0; i < _rl_demo_n_foreign_places; i++)
            found |= strcmp (_rl_demo_foreign_places[i].country, country) == 0
                     && strcmp (_rl_demo_foreign_places[i].postcode, postcode) == 0
                     && strcmp (_rl_demo_foreign_places[i].city, city) == 0;
          g_assert_true (found);
          g_assert_true (phone[0] == '+');
        }
    }
  sqlite3_finalize (stmt);
}

static void
test_history_ends_at_as_of (void)
{
  RlBook *book = shared ();
  static const char * const queries[] = {
    "SELECT count(*) FROM payments WHERE date > '" AS_OF_ISO "'",
    "SELECT count(*) FROM allocations WHERE date > '" AS_OF_ISO "'",
    "SELECT count(*) FROM invoices WHERE issue_date > '" AS_OF_ISO "'",
    "SELECT count(*) FROM invoices WHERE settled_on > '" AS_OF_ISO "'",
    "SELECT count(*) FROM invoices WHERE issue_date < '2023-07-01'",
    "SELECT count(*) FROM invoices WHERE due_date < issue_date",
    /* A payment never precedes the invoice it pays. */
    "SELECT count(*) FROM allocations a JOIN invoices i ON i.id = a.invoice_id"
    " WHERE a.date < i.issue_date",
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_test_message ("%s", queries[i]);
      g_assert_cmpint (query_int (book, queries[i]), ==, 0);
    }
  g_assert_cmpint (query_int (book, "SELECT count(*) FROM payments WHERE date = '" AS_OF_ISO "'"
                                    " OR date > date('" AS_OF_ISO "', '-7 days')"), >, 0);
}

static void
test_paid_amounts (void)
{
  RlBook *book = shared ();
  static const char * const queries[] = {
    /* paid_cents is the sum of the allocations, both ways */
    "SELECT count(*) FROM invoices i WHERE paid_cents <> (SELECT coalesce (sum (amount_cents), 0)"
    " FROM allocations a WHERE a.invoice_id = i.id OR a.credit_note_id = i.id)",
    "SELECT count(*) FROM invoices WHERE paid_cents > amount_cents",
    "SELECT count(*) FROM payments p WHERE amount_cents < (SELECT coalesce (sum (amount_cents), 0)"
    " FROM allocations a WHERE a.payment_id = p.id)",
    /* settled on the last allocation's day, and only when settled */
    "SELECT count(*) FROM invoices i WHERE status = 'paid' AND settled_on IS NOT (SELECT max (date)"
    " FROM allocations a WHERE a.invoice_id = i.id OR a.credit_note_id = i.id)",
    "SELECT count(*) FROM invoices WHERE status = 'open' AND settled_on IS NOT NULL",
    /* credit notes go against invoices of the same customer, never against credit notes */
    "SELECT count(*) FROM allocations a JOIN invoices c ON c.id = a.credit_note_id"
    " JOIN invoices i ON i.id = a.invoice_id"
    " WHERE c.kind <> 'credit_note' OR i.kind <> 'invoice' OR c.customer_id <> i.customer_id",
    "SELECT count(*) FROM allocations a JOIN payments p ON p.id = a.payment_id"
    " JOIN invoices i ON i.id = a.invoice_id"
    " WHERE p.customer_id <> i.customer_id OR p.invoice_number <> i.number",
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_test_message ("%s", queries[i]);
      g_assert_cmpint (query_int (book, queries[i]), ==, 0);
    }
}

static void
test_due_dates (void)
{
  RlBook *book = shared ();

  /* Net terms, end-of-month terms ("45 jours fin de mois"), the company's 30 days for
   * consumers; credit notes are due at once. */
  g_assert_cmpint (query_int (book,
    "SELECT count(*) FROM invoices i JOIN customers c ON c.id = i.customer_id"
    " WHERE i.kind = 'invoice' AND i.due_date <> CASE WHEN c.terms_end_of_month"
    "   THEN date (i.issue_date, '+' || coalesce (c.payment_terms_days, 30) || ' days',"
    "              'start of month', '+1 month', '-1 day')"
    "   ELSE date (i.issue_date, '+' || coalesce (c.payment_terms_days, 30) || ' days') END"), ==,
    0);
  g_assert_cmpint (query_int (book, "SELECT count(*) FROM invoices"
                                    " WHERE kind = 'credit_note' AND due_date <> issue_date"), ==,
                   0);
  g_assert_cmpint (query_int (book, "SELECT count(*) FROM customers"
                                    " WHERE payment_terms_days NOT IN (30, 45, 60)"), ==, 0);
}

static void
test_numbers (void)
{
  RlBook *book = shared ();

  g_assert_cmpint (query_int (book, "SELECT count(*) FROM invoices WHERE kind = 'invoice' AND"
                                    " (number NOT GLOB"
                                    "  'FA[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]'"
                                    "  OR substr (number, 3, 4) <> substr (issue_date, 1, 4))"), ==,
                   0);
  g_assert_cmpint (query_int (book, "SELECT count(*) FROM invoices WHERE kind = 'credit_note' AND"
                                    " (number NOT GLOB 'AV[0-9][0-9][0-9][0-9]-[0-9]*'"
                                    "  OR credited_number IS NULL)"), ==, 0);
  /* Numbered in date order, without gaps within a year. */
  g_assert_cmpint (query_int (book, "SELECT count(*) FROM (SELECT issue_date, lag (issue_date)"
                                    " OVER (PARTITION BY kind ORDER BY id) AS previous"
                                    " FROM invoices) WHERE issue_date < previous"), ==, 0);
  g_assert_cmpint (query_int (book, "SELECT max (CAST (substr (number, 8) AS INTEGER)) - count(*)"
                                    " FROM invoices WHERE number LIKE 'FA2024-%'"), ==, 0);
  g_assert_cmpint (query_int (book, "SELECT count(*) FROM invoices WHERE amount_cents <= 0"), ==,
                   0);
}

static void
test_variety (void)
{
  static const struct { const char *what; const char *sql; gint64 at_least; } cases[] = {
    { "open", "SELECT count(*) FROM invoices WHERE kind = 'invoice' AND paid_cents = 0", 50 },
    { "paid", "SELECT count(*) FROM invoices WHERE kind = 'invoice' AND status = 'paid'", 3000 },
    { "partly paid", "SELECT count(*) FROM invoices WHERE kind = 'invoice'"
                     " AND paid_cents > 0 AND paid_cents < amount_cents", 20 },
    { "overdue", "SELECT count(*) FROM invoices WHERE kind = 'invoice' AND status = 'open'"
                 " AND due_date < '" AS_OF_ISO "'", 50 },
    { "overdue 90 days", "SELECT count(*) FROM invoices WHERE status = 'open'"
                         " AND due_date < date ('" AS_OF_ISO "', '-90 days')", 5 },
    { "not yet due", "SELECT count(*) FROM invoices WHERE due_date > '" AS_OF_ISO "'", 50 },
    { "paid early", "SELECT count(*) FROM invoices WHERE settled_on < due_date", 100 },
    { "paid late", "SELECT count(*) FROM invoices WHERE settled_on > date (due_date, '+30 days')",
      100 },
    { "credit notes", "SELECT count(*) FROM invoices WHERE kind = 'credit_note'", 60 },
    { "applied credit notes", "SELECT count(*) FROM allocations"
                              " WHERE credit_note_id IS NOT NULL", 20 },
    { "open credit notes", "SELECT count(*) FROM invoices WHERE kind = 'credit_note'"
                           " AND status = 'open'", 10 },
    { "instalments", "SELECT count(*) FROM (SELECT invoice_id FROM allocations"
                     " WHERE payment_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1)", 50 },
    { "unallocated payments", "SELECT count(*) FROM payments p WHERE NOT EXISTS"
                              " (SELECT 1 FROM allocations a WHERE a.payment_id = p.id)", 5 },
    { "consumers", "SELECT count(*) FROM customers WHERE kind = 'consumer'", 3 },
    { "English", "SELECT count(*) FROM customers WHERE language = 'en'", 2 },
    { "end of month", "SELECT count(*) FROM customers WHERE terms_end_of_month", 20 },
    { "credit limits", "SELECT count(*) FROM customers WHERE credit_limit_cents"
                       " BETWEEN 500000 AND 10000000 AND credit_limit_cents % 50000 = 0", 150 },
    { "contacts", "SELECT count(*) FROM contacts", 50 },
    { "assigned", "SELECT count(DISTINCT assigned_to) FROM customers", 4 },
    { "methods", "SELECT count(DISTINCT method) FROM payments", 4 },
    /* skewed: the busiest tenth of the customers has over a third of the invoices */
    { "skew", "SELECT sum (n) * 3 - " G_STRINGIFY (N_INVOICES) " FROM (SELECT count(*) n"
              " FROM invoices GROUP BY customer_id ORDER BY n DESC LIMIT 30)", 1 },
  };
  RlBook *book = shared ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 n = query_int (book, cases[i].sql);

      g_test_message ("%s: %" G_GINT64_FORMAT, cases[i].what, n);
      g_assert_cmpint (n, >=, cases[i].at_least);
    }
}

static void
test_integrity (void)
{
  RlBook *book = shared ();
  g_autoptr(GError) error = NULL;

  g_assert_true (rl_book_integrity_check (book, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (book, "PRAGMA foreign_keys"), ==, 1);
  /* One line for the company, one for the import that holds every row, one for the scores. */
  g_assert_cmpint (rl_book_count_audit (book), ==, 3);
  g_assert_cmpint (query_int (book, "SELECT count(*) FROM customers WHERE risk_class IS NULL"),
                   ==, 0);
  g_assert_cmpint (query_int (book, "SELECT count(*) FROM imports WHERE format = 'demo'"
                                    " AND checksum = 'seed:7' AND finished_at IS NOT NULL"
                                    " AND customers_created = " G_STRINGIFY (N_CUSTOMERS)), ==, 1);
  g_assert_cmpint (query_int (book, "SELECT count(*) FROM invoices WHERE import_id IS NULL"), ==,
                   0);
  g_assert_cmpint (query_int (book, "SELECT count(*) FROM payments WHERE import_id IS NULL"), ==,
                   0);
  /* The indexes dropped for the bulk load are all back. */
  g_assert_cmpint (query_int (book, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                                    " AND name IN ('invoices_customer', 'invoices_open',"
                                    " 'payments_customer', 'allocations_invoice',"
                                    " 'allocations_payment', 'allocations_credit_note',"
                                    " 'allocations_date', 'customers_name', 'contacts_customer')"),
                   ==, 9);
}

/* Books of their own */

static void
test_deterministic (void)
{
  g_autofree char *dir = g_dir_make_tmp ("relance-demo-XXXXXX", NULL);
  RlDemoOptions o = options (120, 2500, 12345);
  g_autoptr(RlBook) a = open_book (dir, "a.relance");
  g_autoptr(RlBook) b = open_book (dir, "b.relance");
  g_autoptr(RlBook) c = open_book (dir, "c.relance");
  g_autoptr(RlBook) d = open_book (dir, "d.relance");
  g_autofree char *dump_a = NULL, *dump_b = NULL, *dump_c = NULL;

  generate (a, &o);
  generate (b, &o);
  o.seed = 12346;
  generate (c, &o);
  /* More invoices, same customers. */
  o.seed = 12345;
  o.n_invoices = 3000;
  generate (d, &o);

  dump_a = dump_book (a);
  dump_b = dump_book (b);
  dump_c = dump_book (c);
  g_assert_cmpstr (dump_a, ==, dump_b);
  g_assert_cmpstr (dump_a, !=, dump_c);
  g_assert_cmpint (query_int (d, "SELECT count(*) FROM invoices"), ==, 3000);
  {
    g_autofree char *sql = g_strdup_printf ("ATTACH '%s/a.relance' AS a", dir);

    g_assert_cmpint (sqlite3_exec (_rl_book_get_db (d), sql, NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_cmpint (query_int (d, "SELECT count(*) FROM (SELECT code, name, siren, email,"
                                   " address1, city FROM customers EXCEPT SELECT code, name, siren,"
                                   " email, address1, city FROM a.customers)"), ==, 0);
  }

  g_clear_object (&a);
  g_clear_object (&b);
  g_clear_object (&c);
  g_clear_object (&d);
  remove_dir (dir);
}

static void
test_refuses (void)
{
  g_autofree char *dir = g_dir_make_tmp ("relance-demo-XXXXXX", NULL);
  g_autoptr(RlBook) book = open_book (dir, "refuse.relance");
  g_autoptr(RlCustomer) customer = rl_customer_new ();
  g_autoptr(GError) error = NULL;
  RlDemoOptions o = options (0, 10, 1);
  g_autofree char *before = NULL, *after = NULL;

  g_assert_false (rl_demo_generate (book, &o, NULL, NULL, &error));
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID);
  g_clear_error (&error);
  o = options (10, 10, 1);
  o.months = 500;
  g_assert_false (rl_demo_generate (book, &o, NULL, NULL, &error));
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID);
  g_clear_error (&error);

  /* A real customer: no demo data goes in beside it. */
  customer->code = g_strdup ("ACME");
  customer->name = g_strdup ("Acme");
  g_assert_true (rl_book_upsert_customer (book, customer, 0, NULL, &error));
  g_assert_no_error (error);
  before = dump_book (book);
  o = options (10, 10, 1);
  g_assert_false (rl_demo_generate (book, &o, NULL, NULL, &error));
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  after = dump_book (book);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (rl_book_in_transaction (book));
  g_assert_cmpint (query_int (book, "PRAGMA foreign_keys"), ==, 1);

  g_clear_object (&book);
  remove_dir (dir);
}

static void
test_refuses_second_run (void)
{
  g_autofree char *dir = g_dir_make_tmp ("relance-demo-XXXXXX", NULL);
  g_autoptr(RlBook) book = open_book (dir, "twice.relance");
  g_autoptr(GError) error = NULL;
  RlDemoOptions o = options (5, 0, 3);

  /* No invoices at all is fine. */
  generate (book, &o);
  g_assert_cmpint (rl_book_count_customers (book), ==, 5);
  g_assert_cmpint (rl_book_count_invoices (book), ==, 0);
  o.n_invoices = 10;
  g_assert_false (rl_demo_generate (book, &o, NULL, NULL, &error));
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID);
  g_assert_cmpint (rl_book_count_invoices (book), ==, 0);

  g_clear_object (&book);
  remove_dir (dir);
}

static void
on_progress_cb (double   fraction,
                gpointer user_data)
{
  GArray *seen = user_data;

  g_array_append_val (seen, fraction);
}

static void
test_today_and_progress (void)
{
  g_autofree char *dir = g_dir_make_tmp ("relance-demo-XXXXXX", NULL);
  g_autoptr(RlBook) book = open_book (dir, "today.relance");
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autofree char *today = rl_day_to_iso (rl_day_today ());
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM payments WHERE date > '%s'",
                                          today);
  RlDemoOptions o = { 50, 800, 99, RL_DAY_NONE, 6 };

  g_assert_true (rl_demo_generate (book, &o, on_progress_cb, seen, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (book, sql), ==, 0);
  g_assert_cmpint (rl_book_count_invoices (book), ==, 800);
  g_assert_cmpuint (seen->len, >, 2);
  g_assert_cmpuint (seen->len, <, 200);
  for (guint i = 1; i < seen->len; i++)
    g_assert_cmpfloat (g_array_index (seen, double, i), >=, g_array_index (seen, double, i - 1));
  g_assert_cmpfloat (g_array_index (seen, double, seen->len - 1), ==, 1.0);

  g_clear_object (&book);
  remove_dir (dir);
}

static void
test_large (void)
{
  g_autofree char *dir = g_dir_make_tmp ("relance-demo-XXXXXX", NULL);
  g_autoptr(RlBook) book = open_book (dir, "large.relance");
  g_autoptr(GError) error = NULL;
  RlDemoOptions o = options (2000, 40000, 2024);
  gint64 start = g_get_monotonic_time ();
  double seconds;

  generate (book, &o);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("2000 customers, 40000 invoices, %" G_GINT64_FORMAT " payments: %.2f s",
                  rl_book_count_payments (book), seconds);
  g_assert_cmpint (rl_book_count_invoices (book), ==, 40000);
  g_assert_true (rl_book_integrity_check (book, &error));
  g_assert_no_error (error);

  g_clear_object (&book);
  remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/relance/demo/siren", test_siren);
  g_test_add_func ("/relance/demo/identifiers", test_identifiers);
  g_test_add_func ("/relance/demo/communes", test_communes);
  g_test_add_func ("/relance/demo/counts", test_counts);
  g_test_add_func ("/relance/demo/identities", test_identities);
  g_test_add_func ("/relance/demo/addresses", test_addresses);
  g_test_add_func ("/relance/demo/history-ends-at-as-of", test_history_ends_at_as_of);
  g_test_add_func ("/relance/demo/paid-amounts", test_paid_amounts);
  g_test_add_func ("/relance/demo/due-dates", test_due_dates);
  g_test_add_func ("/relance/demo/numbers", test_numbers);
  g_test_add_func ("/relance/demo/variety", test_variety);
  g_test_add_func ("/relance/demo/integrity", test_integrity);
  g_test_add_func ("/relance/demo/deterministic", test_deterministic);
  g_test_add_func ("/relance/demo/refuses-non-empty", test_refuses);
  g_test_add_func ("/relance/demo/refuses-second-run", test_refuses_second_run);
  g_test_add_func ("/relance/demo/today-and-progress", test_today_and_progress);
  g_test_add_func ("/relance/demo/large", test_large);

  status = g_test_run ();

  g_clear_object (&shared_book);
  if (shared_dir != NULL)
    remove_dir (shared_dir);
  g_free (shared_dir);
  return status;
}
