/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "rl-aging.h"
#include "rl-book-letters.h"
#include "rl-book-matches.h"
#include "rl-book-notes.h"
#include "rl-book-outbox.h"
#include "rl-book-private.h"
#include "rl-error.h"
#include "rl-test-util.h"

typedef RlTestBook Fixture;
#define fixture_set_up rl_test_book_set_up
#define fixture_tear_down rl_test_book_tear_down
#define remove_dir rl_test_remove_dir

static gint64
query_int (RlBook     *book,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 v = G_MININT64;

  g_assert_cmpint (sqlite3_prepare_v2 (_rl_book_get_db (book), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static char *
query_text (RlBook     *book,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *v = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_rl_book_get_db (book), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0))
    v = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return v;
}

/* The schema as text, to compare a migrated book with a new one. */
static char *
schema_dump (RlBook *book)
{
  return query_text (book, "SELECT group_concat (type || ' ' || name || ': ' || coalesce (sql, ''),"
                           " char (10)) FROM (SELECT * FROM sqlite_master ORDER BY type, name)");
}

static void
test_open_create (Fixture       *f,
                  gconstpointer  data)
{
  struct stat st;
  g_autofree char *mode = NULL;

  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (rl_book_get_schema_version (f->book), ==, rl_book_schema_version_latest ());
  mode = query_text (f->book, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (query_int (f->book, "PRAGMA foreign_keys"), ==, 1);
  g_assert_true (rl_book_integrity_check (f->book, NULL));

  /* Writing creates the -wal file, private too. */
  g_assert_true (rl_book_set_setting (f->book, "k", "v", NULL));
  {
    g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
    g_assert_cmpint (g_stat (wal, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0077, ==, 0);
  }
}

static void
test_open_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("relance-book-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.relance", NULL);
  g_autofree char *text = g_build_filename (dir, "text.relance", NULL);
  g_autofree char *foreign = g_build_filename (dir, "foreign.relance", NULL);
  g_autofree char *newer = g_build_filename (dir, "newer.relance", NULL);
  g_autofree char *contents = NULL;
  RlBook *book;
  sqlite3 *db;

  book = rl_book_open (missing, RL_BOOK_OPEN_DEFAULT, &error);
  g_assert_null (book);
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_OPEN);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (text, "Not a database at all, just some text.\n", -1, NULL));
  book = rl_book_open (text, RL_BOOK_OPEN_DEFAULT, &error);
  g_assert_null (book);
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_OPEN);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (text, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "Not a database at all, just some text.\n");

  g_assert_cmpint (sqlite3_open (foreign, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "CREATE TABLE t (x)", NULL, NULL, NULL);
  sqlite3_close (db);
  book = rl_book_open (foreign, RL_BOOK_OPEN_DEFAULT, &error);
  g_assert_null (book);
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_OPEN);
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA user_version = 999", NULL, NULL, NULL);
  sqlite3_close (db);
  book = rl_book_open (newer, RL_BOOK_OPEN_DEFAULT, &error);
  g_assert_null (book);
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_TOO_NEW);
  g_clear_error (&error);

  remove_dir (dir);
}

/* Data written at each schema version, to check that migrations keep it. */
static void
fill_at_version (RlBook *book,
                 int     version)
{
  g_autoptr(GError) error = NULL;

  if (version >= 1)
    {
      g_assert_true (_rl_book_exec (book,
        "INSERT INTO customers (code, name, created_at, updated_at)"
        "  VALUES ('OLD1', 'Ancien client', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z');"
        "INSERT INTO invoices (number, customer_id, issue_date, due_date, amount_cents,"
        "  created_at, updated_at) VALUES ('F-OLD-1', 1, '2024-01-01', '2024-01-31', 12345,"
        "  '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z');", &error));
      g_assert_no_error (error);
    }
  if (version >= 2)
    {
      g_assert_true (_rl_book_exec (book,
        "INSERT INTO plans (key, name, risk_class, created_at, updated_at)"
        "  VALUES ('mine', 'Mon plan', NULL, 'x', 'x');"
        "INSERT INTO plan_steps (plan_id, position, offset_days, channel, template)"
        "  VALUES (1, 1, 5, 'email', 'reminder');"
        "UPDATE customers SET plan_id = 1, risk_score = 42, risk_class = 'C';"
        "INSERT INTO disputes (invoice_id, reason, opened_on, created_at)"
        "  VALUES (1, 'abîmé', '2024-02-01', 'x');"
        "INSERT INTO actions (key, customer_id, step_id, channel, template, state, proposed_on,"
        "  state_changed_at, created_at) VALUES ('k1', 1, 1, 'email', 'reminder', 'approved',"
        "  '2024-02-05', 'x', 'x');"
        "INSERT INTO invoice_steps (invoice_id, step_id, action_id, state, on_date)"
        "  VALUES (1, 1, NULL, 'skipped', '2024-02-05');", &error));
      g_assert_no_error (error);
    }
  if (version >= 3)
    {
      g_assert_true (_rl_book_exec (book,
        "UPDATE actions SET state = 'done', provider = 'brevo', provider_message_id = '<m1>',"
        "  idempotency_key = 'u1', sent_at = 'y';"
        "INSERT INTO delivery_attempts (action_id, provider, number, started_at, finished_at,"
        "  http_status, outcome, provider_message_id)"
        "  VALUES (1, 'brevo', 1, 'x', 'y', 201, 'sent', '<m1>');", &error));
      g_assert_no_error (error);
    }
  if (version >= 4)
    {
      g_assert_true (_rl_book_exec (book,
        "UPDATE letter_settings SET envelope = 'din', offset_x_dmm = -15, signatory = 'Léa';"
        "INSERT INTO letters (customer_id, kind, as_of, pages, sha256, pdf, created_at)"
        "  VALUES (1, 'statement', '2024-03-01', 2, 'abc', x'25504446', 'x');", &error));
      g_assert_no_error (error);
    }
  if (version >= 5)
    {
      g_assert_true (_rl_book_exec (book,
        "INSERT INTO payments (key, customer_id, date, amount_cents, payer_iban, created_at,"
        "  updated_at) VALUES ('camt:1', 1, '2024-02-02', 5000, 'FR7612345', 'x', 'x');"
        "INSERT INTO payment_matches (payment_id, invoice_id, amount_cents, reason, confidence,"
        "  state, created_at) VALUES (1, 1, 5000, 'amount_name', 60, 'pending', 'x');", &error));
      g_assert_no_error (error);
    }
  if (version >= 6)
    {
      g_assert_true (_rl_book_exec (book,
        "UPDATE actions SET registered_number = '1A12345678901', received_on = '2024-02-09';",
        &error));
      g_assert_no_error (error);
    }
  if (version >= 7)
    {
      g_assert_true (_rl_book_exec (book, "UPDATE invoice_steps SET skipped = '1';", &error));
      g_assert_no_error (error);
      /* A step an action is to give, with the step jumped over on the way: a pending row of
       * invoice_steps before migration 9, kept with the action's invoice since. */
      g_assert_true (_rl_book_exec (book,
        "INSERT INTO plan_steps (plan_id, position, offset_days, channel, template)"
        "  VALUES (1, 2, 10, 'letter', 'reminder_2');", &error));
      g_assert_no_error (error);
      g_assert_true (_rl_book_exec (book, version >= 9
        ? "INSERT INTO action_invoices (action_id, invoice_id, amount_cents, days_late, step_id,"
          "  skipped) VALUES (1, 1, 12345, 10, 2, '1');"
        : "INSERT INTO action_invoices (action_id, invoice_id, amount_cents, days_late)"
          "  VALUES (1, 1, 12345, 10);"
          "INSERT INTO invoice_steps (invoice_id, step_id, action_id, state, on_date, skipped)"
          "  VALUES (1, 2, 1, 'pending', '2024-02-10', '1');", &error));
      g_assert_no_error (error);
    }
  if (version >= 8)
    {
      g_assert_true (_rl_book_exec (book,
        "INSERT INTO customer_notes (customer_id, created_at, author, text)"
        "  VALUES (1, '2024-02-10T09:00:00Z', 'Léa', 'Rappeler lundi');", &error));
      g_assert_no_error (error);
    }
  if (version >= 10)
    {
      /* Written with the totals' triggers in place. */
      g_assert_true (_rl_book_exec (book,
        "INSERT INTO invoices (number, customer_id, kind, issue_date, due_date, amount_cents,"
        "  created_at, updated_at) VALUES ('AV-NEW-1', 1, 'credit_note', '2024-03-01',"
        "  '2024-03-01', 2000, 'x', 'x');", &error));
      g_assert_no_error (error);
    }
}

/* The totals of migration 10, as text: built by the migration from what older versions held,
 * kept by triggers since. */
static void
check_totals (RlBook *book,
              int     version)
{
  g_autofree char *open = query_text (book, "SELECT group_concat (currency || '|' || due_date"
                                            " || '|' || owed_cents || '|' || n, ';')"
                                            " FROM totals_open WHERE n <> 0");
  g_autofree char *customers = query_text (book, "SELECT group_concat (customer_id || '|'"
                                                 " || currency || '|' || invoices_cents || '|'"
                                                 " || credits_cents || '|' || n, ';')"
                                                 " FROM totals_customers WHERE n <> 0");
  g_autofree char *sales = query_text (book, "SELECT group_concat (currency || '|' || issue_date"
                                             " || '|' || net_cents, ';') FROM (SELECT * FROM"
                                             " totals_sales ORDER BY issue_date)");
  g_autofree char *unallocated = query_text (book, "SELECT group_concat (payment_id || '|'"
                                                   " || customer_id || '|' || date || '|'"
                                                   " || left_cents, ';')"
                                                   " FROM totals_unallocated");
  g_autoptr(RlAging) kept = rl_aging_compute (book, rl_test_day ("2024-06-30"), FALSE, NULL);
  g_autoptr(RlAging) full = rl_aging_compute_full (book, rl_test_day ("2024-06-30"), FALSE,
                                                   NULL);

  g_assert_cmpstr (open, ==, "EUR|2024-01-31|12345|1");
  g_assert_cmpstr (customers, ==, version >= 10 ? "1|EUR|12345|2000|2" : "1|EUR|12345|0|1");
  g_assert_cmpstr (sales, ==, version >= 10 ? "EUR|2024-01-01|12345;EUR|2024-03-01|-2000"
                                            : "EUR|2024-01-01|12345");
  /* Migration 5's payment, received and not applied. */
  g_assert_cmpstr (unallocated, ==, version >= 5 ? "1|1|2024-02-02|5000" : NULL);
  g_assert_cmpint (kept->total.outstanding, ==, 12345 - (version >= 10 ? 2000 : 0)
                                                - (version >= 5 ? 5000 : 0));
  g_assert_cmpint (kept->total.outstanding, ==, full->total.outstanding);
  g_assert_cmpint (kept->dso_countback_tenths, ==, full->dso_countback_tenths);
}

static void
check_filled (RlBook *book,
              int     version)
{
  if (version >= 1)
    {
      g_autoptr(RlInvoice) inv = rl_book_find_invoice (book, "F-OLD-1", NULL);

      g_assert_nonnull (inv);
      g_assert_cmpint (inv->amount, ==, 12345);
      g_assert_cmpint (rl_book_count_customers (book), ==, 1);
    }
  if (version >= 2)
    {
      g_autoptr(RlCustomer) c = rl_book_find_customer (book, "OLD1", NULL);

      g_assert_cmpint (c->risk_score, ==, 42);
      g_assert_cmpint (c->risk_class, ==, 'C');
      g_assert_cmpint (c->plan_id, ==, 1);
    }
  if (version >= 2)
    {
      g_autoptr(RlOutboxItem) item = rl_book_get_outbox_item (book, 1, NULL);

      g_assert_nonnull (item);
      /* Migration 3 left an older action as it was, with no send. */
      g_assert_cmpint (item->state, ==, version >= 3 ? RL_ACTION_DONE : RL_ACTION_APPROVED);
      g_assert_cmpstr (item->provider, ==, version >= 3 ? "brevo" : NULL);
      g_assert_cmpuint (item->attempts, ==, version >= 3 ? 1 : 0);
      g_assert_cmpint (item->last_http_status, ==, version >= 3 ? 201 : 0);
    }
  if (version >= 4)
    {
      g_autoptr(RlLetterSettings) ls = rl_book_get_letter_settings (book, NULL);
      g_autoptr(GPtrArray) letters = rl_book_list_letters (book, 0, NULL);

      g_assert_cmpstr (ls->envelope, ==, "din");
      g_assert_cmpint (ls->offset_x_dmm, ==, -15);
      g_assert_cmpstr (ls->signatory, ==, "Léa");
      g_assert_cmpuint (letters->len, ==, 1);
      g_assert_cmpint (((RlLetterRecord *) letters->pdata[0])->pages, ==, 2);
    }
  else if (version >= 1)
    {
      g_autoptr(RlLetterSettings) ls = rl_book_get_letter_settings (book, NULL);

      /* Migration 4 set the French right window, uncalibrated, by default. */
      g_assert_cmpstr (ls->envelope, ==, "fr");
      g_assert_cmpint (ls->offset_y_dmm, ==, 0);
    }
  if (version >= 5)
    {
      g_autoptr(GPtrArray) pending = rl_book_list_matches (book, TRUE, NULL);

      g_assert_cmpuint (pending->len, ==, 1);
      g_assert_cmpint (((RlMatch *) g_ptr_array_index (pending, 0))->confidence, ==, 60);
    }
  if (version >= 2)
    {
      g_autoptr(RlAction) a = rl_book_get_action (book, 1, NULL);

      /* Migration 6 added the acknowledgement's date, empty for the actions before it. */
      g_assert_cmpstr (a->registered_number, ==, version >= 6 ? "1A12345678901" : NULL);
      g_assert_cmpint (a->received_on, ==,
                       version >= 6 ? rl_day_from_ymd (2024, 2, 9) : RL_DAY_NONE);
    }
  if (version >= 2)
    {
      g_autofree char *step = query_text (book, "SELECT state || ':' || coalesce (skipped, '-')"
                                                " FROM invoice_steps");

      /* Migration 7 added the steps jumped over, kept with the step reached. */
      g_assert_cmpstr (step, ==, version >= 7 ? "skipped:1" : "skipped:-");
    }
  if (version >= 7)
    {
      g_autofree char *link = query_text (book, "SELECT step_id || ':' || skipped"
                                                " FROM action_invoices");
      g_autofree char *pending = query_text (book, "SELECT count (*) FROM invoice_steps"
                                                   " WHERE state = 'pending'");

      /* Migration 9 moved the pending step to the action's invoice. */
      g_assert_cmpstr (link, ==, "2:1");
      g_assert_cmpstr (pending, ==, "0");
    }
  if (version >= 1)
    {
      g_autoptr(GPtrArray) notes = rl_book_list_notes (book, 1, NULL);

      /* Migration 8 added the notes, none for the books before it. */
      g_assert_nonnull (notes);
      g_assert_cmpuint (notes->len, ==, version >= 8 ? 1 : 0);
      if (version >= 8)
        g_assert_cmpstr (((RlNote *) notes->pdata[0])->text, ==, "Rappeler lundi");
    }
  if (version == 1)
    {
      g_autoptr(RlCustomer) c = rl_book_find_customer (book, "OLD1", NULL);

      /* Migration 2 added the engine's columns with their defaults. */
      g_assert_cmpint (c->risk_score, ==, -1);
      g_assert_false (c->never_chase);
    }
}

/* Every older version migrates to the latest, keeps its data, backs itself up first and ends
 * with exactly the schema of a new book. */
static void
test_migrations (void)
{
  int latest = rl_book_schema_version_latest ();
  g_autofree char *dir = g_dir_make_tmp ("relance-mig-XXXXXX", NULL);
  g_autofree char *fresh_path = g_build_filename (dir, "fresh.relance", NULL);
  g_autoptr(RlBook) fresh = rl_book_open (fresh_path, RL_BOOK_OPEN_CREATE, NULL);
  g_autofree char *fresh_schema = schema_dump (fresh);

  for (int v = 0; v <= latest; v++)
    {
      g_autofree char *name = g_strdup_printf ("v%d.relance", v);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *backup = g_strdup_printf ("%s.schema%d.bak", path, v);
      g_autoptr(GError) error = NULL;
      g_autoptr(RlBook) book = NULL;
      g_autofree char *schema = NULL;

      book = _rl_book_open_at_version (path, v, &error);
      g_assert_no_error (error);
      g_assert_cmpint (rl_book_get_schema_version (book), ==, v);
      fill_at_version (book, v);
      g_clear_object (&book);

      book = rl_book_open (path, RL_BOOK_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      g_assert_cmpint (rl_book_get_schema_version (book), ==, latest);
      check_filled (book, v);
      if (v >= 1)
        check_totals (book, v);
      schema = schema_dump (book);
      g_assert_cmpstr (schema, ==, fresh_schema);
      g_assert_true (rl_book_integrity_check (book, NULL));
      /* A book with data at an older version was copied before the change. */
      g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS) == (v > 0 && v < latest));
    }
  g_clear_object (&fresh);
  remove_dir (dir);
}

static void
test_company_settings (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(RlCompany) c = rl_book_get_company (f->book, NULL);
  g_autoptr(RlCompany) back = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (c->name, ==, "");
  g_assert_cmpstr (c->currency, ==, "EUR");
  g_assert_cmpint (c->payment_terms_days, ==, 30);
  g_free (c->name);
  c->name = g_strdup ("Menuiserie Dubois SARL");
  g_free (c->siren);
  c->siren = g_strdup ("732829320");
  c->payment_terms_days = 45;
  g_assert_true (rl_book_set_company (f->book, c, NULL));
  back = rl_book_get_company (f->book, NULL);
  g_assert_cmpstr (back->name, ==, "Menuiserie Dubois SARL");
  g_assert_cmpstr (back->siren, ==, "732829320");
  g_assert_cmpint (back->payment_terms_days, ==, 45);

  c->payment_terms_days = 400;
  g_assert_false (rl_book_set_company (f->book, c, &error));
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID);

  missing = rl_book_get_setting (f->book, "stale-days");
  g_assert_null (missing);
  g_assert_true (rl_book_set_setting (f->book, "stale-days", "7", NULL));
  value = rl_book_get_setting (f->book, "stale-days");
  g_assert_cmpstr (value, ==, "7");
}

/* The company's identifiers: valid ones are kept normalised, invalid ones refused with the
 * book unchanged. */
static void
test_company_identifiers (Fixture       *f,
                          gconstpointer  data)
{
  static const struct
  {
    const char *iban, *bic, *siren, *country, *email;
    const char *expect_iban, *expect_bic, *expect_siren;   /* NULL: refused */
  } cases[] = {
    { "fr76 3000 6000 0112 3456 7890 189", "agrifrpp", "552 081 317", "FR", "a@b.fr",
      "FR7630006000011234567890189", "AGRIFRPP", "552081317" },
    { "DE89370400440532013000", "COBADEFFXXX", "732829320", "DE", NULL,
      "DE89370400440532013000", "COBADEFFXXX", "732829320" },
    { "FR7630006000011234567890188", NULL, NULL, "FR", NULL, NULL, NULL, NULL },
    { NULL, "AGRI1RPP", NULL, "FR", NULL, NULL, NULL, NULL },
    { NULL, NULL, "552081318", "FR", NULL, NULL, NULL, NULL },
    { NULL, NULL, "55208131", "FR", NULL, NULL, NULL, NULL },
    { NULL, NULL, NULL, "FRA", NULL, NULL, NULL, NULL },
    { NULL, NULL, NULL, "FR", "compta.acme.fr", NULL, NULL, NULL },
    { "", "", "", "FR", "", NULL, NULL, NULL },   /* all cleared: accepted */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RlCompany) before = rl_book_get_company (f->book, NULL);
      g_autoptr(RlCompany) c = rl_book_get_company (f->book, NULL);
      g_autoptr(RlCompany) after = NULL;
      g_autoptr(GError) error = NULL;
      gboolean all_empty = cases[i].iban != NULL && *cases[i].iban == '\0';
      gboolean valid = cases[i].expect_iban != NULL || all_empty;
      gboolean ok;

      g_free (c->iban);
      c->iban = g_strdup (cases[i].iban);
      g_free (c->bic);
      c->bic = g_strdup (cases[i].bic);
      g_free (c->siren);
      c->siren = g_strdup (cases[i].siren);
      g_free (c->country);
      c->country = g_strdup (cases[i].country);
      g_free (c->email);
      c->email = g_strdup (cases[i].email);
      ok = rl_book_set_company (f->book, c, &error);
      after = rl_book_get_company (f->book, NULL);
      if (!valid)
        {
          g_assert_false (ok);
          g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID);
          g_assert_cmpstr (after->iban, ==, before->iban);
          g_assert_cmpstr (after->siren, ==, before->siren);
          continue;
        }
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpstr (after->iban, ==, cases[i].expect_iban);
      g_assert_cmpstr (after->bic, ==, cases[i].expect_bic);
      g_assert_cmpstr (after->siren, ==, cases[i].expect_siren);
    }
}

static RlCustomer *
make_customer (const char *code,
               const char *name)
{
  RlCustomer *c = rl_customer_new ();

  c->code = g_strdup (code);
  c->name = g_strdup (name);
  return c;
}

static void
test_customer_upsert (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RlCustomer) c = make_customer ("C001", "Boulangerie Martin");
  g_autoptr(RlCustomer) partial = make_customer ("C001", NULL);
  g_autoptr(RlCustomer) back = NULL;
  g_autoptr(GError) error = NULL;
  RlUpsertResult result;
  gint64 audit;

  c->email = g_strdup ("compta@martin.fr");
  c->kind = RL_CUSTOMER_BUSINESS;
  c->has_credit_limit = TRUE;
  c->credit_limit = 500000;
  c->payment_terms_days = 45;
  g_assert_true (rl_book_upsert_customer (f->book, c, 0, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, RL_UPSERT_INSERTED);
  g_assert_cmpint (c->id, >, 0);

  /* The same again changes nothing and logs nothing. */
  audit = rl_book_count_audit (f->book);
  g_assert_true (rl_book_upsert_customer (f->book, c, 0, &result, NULL));
  g_assert_cmpint (result, ==, RL_UPSERT_UNCHANGED);
  g_assert_cmpint (rl_book_count_audit (f->book), ==, audit);

  /* A partial record keeps what it does not know. */
  partial->city = g_strdup ("Lyon");
  g_assert_true (rl_book_upsert_customer (f->book, partial, 0, &result, NULL));
  g_assert_cmpint (result, ==, RL_UPSERT_UPDATED);
  g_assert_cmpint (partial->id, ==, c->id);
  g_assert_cmpint (rl_book_count_audit (f->book), ==, audit + 1);
  back = rl_book_find_customer (f->book, "C001", NULL);
  g_assert_cmpstr (back->name, ==, "Boulangerie Martin");
  g_assert_cmpstr (back->email, ==, "compta@martin.fr");
  g_assert_cmpstr (back->city, ==, "Lyon");
  g_assert_cmpint (back->credit_limit, ==, 500000);
  g_assert_cmpint (back->payment_terms_days, ==, 45);
  g_assert_cmpint (rl_book_count_customers (f->book), ==, 1);
  {
    g_autofree char *detail = query_text (f->book, "SELECT detail FROM audit_log"
                                                   " WHERE entity = 'customer' ORDER BY id DESC");
    g_assert_nonnull (strstr (detail, "city"));
    g_assert_nonnull (strstr (detail, "Lyon"));
  }

  g_clear_pointer (&back, rl_customer_free);
  back = rl_book_find_customer (f->book, "NOPE", &error);
  g_assert_no_error (error);
  g_assert_null (back);
  back = rl_book_find_customer_by_name (f->book, "boulangerie MARTIN", NULL);
  g_assert_nonnull (back);
  g_assert_cmpint (back->id, ==, c->id);
}

static gint64
add_invoice (RlBook     *book,
             gint64      customer_id,
             const char *number,
             const char *issue,
             const char *due,
             RlCents     amount)
{
  g_autoptr(RlInvoice) inv = rl_invoice_new ();
  g_autoptr(GError) error = NULL;

  inv->number = g_strdup (number);
  inv->customer_id = customer_id;
  inv->issue_date = rl_day_from_iso (issue);
  inv->due_date = rl_day_from_iso (due);
  inv->amount = amount;
  g_assert_true (rl_book_upsert_invoice (book, inv, 0, NULL, &error));
  g_assert_no_error (error);
  return inv->id;
}

static void
test_invoice_upsert (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RlCustomer) c = make_customer ("C1", "Client");
  g_autoptr(RlInvoice) inv = rl_invoice_new ();
  g_autoptr(RlInvoice) back = NULL;
  g_autoptr(GError) error = NULL;
  RlUpsertResult result;

  g_assert_true (rl_book_upsert_customer (f->book, c, 0, NULL, NULL));
  inv->number = g_strdup ("FA-1");
  inv->customer_id = c->id;
  inv->issue_date = rl_day_from_iso ("2026-10-01");
  inv->due_date = rl_day_from_iso ("2026-10-31");
  inv->amount = 120000;
  g_assert_true (rl_book_upsert_invoice (f->book, inv, 0, &result, NULL));
  g_assert_cmpint (result, ==, RL_UPSERT_INSERTED);
  g_assert_true (rl_book_upsert_invoice (f->book, inv, 0, &result, NULL));
  g_assert_cmpint (result, ==, RL_UPSERT_UNCHANGED);
  inv->amount = 130000;
  g_assert_true (rl_book_upsert_invoice (f->book, inv, 0, &result, NULL));
  g_assert_cmpint (result, ==, RL_UPSERT_UPDATED);
  g_assert_cmpint (rl_book_count_invoices (f->book), ==, 1);
  back = rl_book_find_invoice (f->book, "FA-1", NULL);
  g_assert_cmpint (back->amount, ==, 130000);
  g_assert_cmpint (back->status, ==, RL_INVOICE_STATUS_OPEN);

  /* Invalid ones are refused with a reason. */
  inv->due_date = rl_day_from_iso ("2026-09-01");
  g_assert_false (rl_book_upsert_invoice (f->book, inv, 0, NULL, &error));
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID);
  g_clear_error (&error);
  inv->due_date = rl_day_from_iso ("2026-10-31");
  inv->customer_id = 9999;
  g_assert_false (rl_book_upsert_invoice (f->book, inv, 0, NULL, &error));
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_CONSTRAINT);
  g_clear_error (&error);
  inv->customer_id = c->id;
  g_free (inv->currency);
  inv->currency = g_strdup ("euro");
  g_assert_false (rl_book_upsert_invoice (f->book, inv, 0, NULL, &error));
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID);
}

static void
test_allocations (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(RlCustomer) c = make_customer ("C1", "Client");
  g_autoptr(RlPayment) p = rl_payment_new ();
  g_autoptr(RlInvoice) a = NULL, b = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ia, ib, ic;
  RlCents allocated;

  g_assert_true (rl_book_upsert_customer (f->book, c, 0, NULL, NULL));
  ia = add_invoice (f->book, c->id, "FA-1", "2026-09-01", "2026-10-01", 10000);
  ib = add_invoice (f->book, c->id, "FA-2", "2026-09-15", "2026-10-15", 20000);
  ic = add_invoice (f->book, c->id, "FA-3", "2026-10-01", "2026-10-31", 5000);

  /* A payment naming FA-2, larger than it: the rest stays unallocated. */
  p->key = g_strdup ("pay-1");
  p->customer_id = c->id;
  p->date = rl_day_from_iso ("2026-10-20");
  p->amount = 25000;
  p->invoice_number = g_strdup ("FA-2");
  g_assert_true (rl_book_upsert_payment (f->book, p, 0, NULL, NULL));
  g_assert_true (rl_book_allocate_payment (f->book, p->id, RL_ALLOCATE_NAMED_ONLY, &allocated,
                                           &error));
  g_assert_no_error (error);
  g_assert_cmpint (allocated, ==, 20000);
  b = rl_book_get_invoice (f->book, ib, NULL);
  g_assert_cmpint (b->paid, ==, 20000);
  g_assert_cmpint (b->status, ==, RL_INVOICE_STATUS_PAID);
  {
    g_autofree char *settled = query_text (f->book, "SELECT settled_on FROM invoices WHERE number = 'FA-2'");
    g_assert_cmpstr (settled, ==, "2026-10-20");
  }

  /* Oldest first spreads the rest: 5000 to FA-1 (oldest), nothing left for FA-3. */
  g_assert_true (rl_book_allocate_payment (f->book, p->id, RL_ALLOCATE_OLDEST_FIRST, &allocated,
                                           NULL));
  g_assert_cmpint (allocated, ==, 5000);
  a = rl_book_get_invoice (f->book, ia, NULL);
  g_assert_cmpint (a->paid, ==, 5000);
  g_assert_cmpint (a->status, ==, RL_INVOICE_STATUS_OPEN);

  /* Over-allocation is refused. */
  g_assert_false (rl_book_allocate (f->book, p->id, 0, ic, 1, p->date, &error));
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID);
  g_clear_error (&error);

  /* Changing the payment's amount drops its allocations; the triggers follow. */
  p->amount = 1000;
  g_assert_true (rl_book_upsert_payment (f->book, p, 0, NULL, NULL));
  g_clear_pointer (&b, rl_invoice_free);
  b = rl_book_get_invoice (f->book, ib, NULL);
  g_assert_cmpint (b->paid, ==, 0);
  g_assert_cmpint (b->status, ==, RL_INVOICE_STATUS_OPEN);
  g_assert_cmpint (query_int (f->book, "SELECT count(*) FROM invoices WHERE settled_on IS NOT NULL"),
                   ==, 0);
  g_assert_true (rl_book_allocate_payment (f->book, p->id, RL_ALLOCATE_NAMED_ONLY, &allocated,
                                           NULL));
  g_assert_cmpint (allocated, ==, 1000);

  /* A credit note applied to an invoice. */
  {
    g_autoptr(RlInvoice) cn = rl_invoice_new ();
    g_autoptr(RlInvoice) c3 = NULL;

    cn->number = g_strdup ("AV-1");
    cn->kind = RL_INVOICE_KIND_CREDIT_NOTE;
    cn->customer_id = c->id;
    cn->issue_date = cn->due_date = rl_day_from_iso ("2026-10-05");
    cn->amount = 5000;
    g_assert_true (rl_book_upsert_invoice (f->book, cn, 0, NULL, NULL));
    g_assert_true (rl_book_allocate (f->book, 0, cn->id, ic, 5000, cn->issue_date, &error));
    g_assert_no_error (error);
    c3 = rl_book_get_invoice (f->book, ic, NULL);
    g_assert_cmpint (c3->status, ==, RL_INVOICE_STATUS_PAID);
    g_clear_pointer (&c3, rl_invoice_free);
    c3 = rl_book_get_invoice (f->book, cn->id, NULL);
    g_assert_cmpint (c3->status, ==, RL_INVOICE_STATUS_PAID);
  }

  /* Allocations are replaced, never edited in place. */
  g_assert_false (_rl_book_exec (f->book, "UPDATE allocations SET amount_cents = 1", NULL));
  g_assert_true (rl_book_integrity_check (f->book, NULL));
}

static void
test_audit_append_only (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *actor = NULL;

  g_assert_true (rl_book_audit (f->book, "test", "book", 0, "hello", NULL));
  actor = query_text (f->book, "SELECT actor FROM audit_log ORDER BY id DESC");
  g_assert_cmpstr (actor, ==, "test");
  g_assert_false (_rl_book_exec (f->book, "UPDATE audit_log SET detail = 'x'", &error));
  g_assert_nonnull (strstr (error->message, "append-only"));
  g_clear_error (&error);
  g_assert_false (_rl_book_exec (f->book, "DELETE FROM audit_log", &error));
  g_assert_nonnull (strstr (error->message, "append-only"));
}

static void
test_transaction_rollback (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(RlCustomer) c = make_customer ("C1", "Client");
  g_autoptr(RlCustomer) d = make_customer ("C2", "Autre");
  gint64 audit = rl_book_count_audit (f->book);

  g_assert_true (rl_book_begin (f->book, NULL));
  g_assert_true (rl_book_upsert_customer (f->book, c, 0, NULL, NULL));
  g_assert_true (rl_book_savepoint (f->book, "row", NULL));
  g_assert_true (rl_book_upsert_customer (f->book, d, 0, NULL, NULL));
  rl_book_rollback_to (f->book, "row");
  g_assert_cmpint (rl_book_count_customers (f->book), ==, 1);
  rl_book_rollback (f->book);
  g_assert_cmpint (rl_book_count_customers (f->book), ==, 0);
  g_assert_cmpint (rl_book_count_audit (f->book), ==, audit);
}

static void
test_backup (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(RlCustomer) c = make_customer ("C1", "Client");
  g_autofree char *copy = g_build_filename (f->dir, "copy.relance", NULL);
  g_autoptr(RlBook) other = NULL;
  struct stat st;

  g_assert_true (rl_book_upsert_customer (f->book, c, 0, NULL, NULL));
  g_assert_true (rl_book_backup (f->book, copy, NULL));
  g_assert_cmpint (g_stat (copy, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  other = rl_book_open (copy, RL_BOOK_OPEN_DEFAULT, NULL);
  g_assert_nonnull (other);
  g_assert_cmpint (rl_book_count_customers (other), ==, 1);
}

/* A second connection opened in the same process must not drop the first one's locks (the
 * app opens the book once per worker thread): without them, another process closing the book
 * believes it is the last one and removes the write-ahead log under our feet. */
static void
test_second_connection_keeps_locks (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(RlCustomer) c = make_customer ("C1", "Client");
  g_autoptr(RlBook) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *out = NULL;
  const char *argv[] = { "sqlite3", NULL, "SELECT count(*) FROM customers", NULL };
  int status = -1;

  g_assert_true (rl_book_upsert_customer (f->book, c, 0, NULL, NULL));
  second = rl_book_open (f->path, RL_BOOK_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rl_book_count_customers (second), ==, 1);
  /* Another process opens and closes the book: the sqlite3 shell. */
  argv[1] = f->path;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, "1");
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (rl_book_count_customers (f->book), ==, 1);
  g_assert_cmpint (rl_book_count_customers (second), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/relance/book/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("open-create", test_open_create);
  ADD ("company-settings", test_company_settings);
  ADD ("company-identifiers", test_company_identifiers);
  ADD ("customer-upsert", test_customer_upsert);
  ADD ("invoice-upsert", test_invoice_upsert);
  ADD ("allocations", test_allocations);
  ADD ("audit-append-only", test_audit_append_only);
  ADD ("transaction-rollback", test_transaction_rollback);
  ADD ("backup", test_backup);
  ADD ("second-connection-keeps-locks", test_second_connection_keeps_locks);
#undef ADD
  g_test_add_func ("/relance/book/open-errors", test_open_errors);
  g_test_add_func ("/relance/book/migrations", test_migrations);
  return g_test_run ();
}
