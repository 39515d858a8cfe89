/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rl-book.h"
#include "rl-csv-fields.h"
#include "rl-import-file.h"
#include "rl-test-import.h"
#include "rl-test-util.h"

/* One file of any format, as the app's import dialog imports it: dry run, progress,
 * cancellation (the book left exactly as it was), the CSV preview and the rejects file. */

typedef struct
{
  double    last;
  guint     calls;
  gboolean  backwards;
  double    cancel_at;   /* cancel once the fraction reaches it; above 1: never */
  GCancellable *cancellable;
} Watch;

static void
on_progress (double   fraction,
             gpointer user_data)
{
  Watch *w = user_data;

  if (fraction < w->last)
    w->backwards = TRUE;
  w->last = fraction;
  w->calls++;
  if (fraction >= w->cancel_at)
    g_cancellable_cancel (w->cancellable);
}

/* What the book holds, to tell whether an import changed it. */
typedef struct
{
  gint64 customers, invoices, payments, audit;
} Counts;

static Counts
counts_of (RlBook *book)
{
  return (Counts) { rl_book_count_customers (book), rl_book_count_invoices (book),
                    rl_book_count_payments (book), rl_book_count_audit (book) };
}

static void
assert_same (const Counts *a,
             const Counts *b)
{
  g_assert_cmpint (a->customers, ==, b->customers);
  g_assert_cmpint (a->invoices, ==, b->invoices);
  g_assert_cmpint (a->payments, ==, b->payments);
  g_assert_cmpint (a->audit, ==, b->audit);
}

typedef struct
{
  const char     *file;       /* under tests/data */
  RlImportFormat  format;
  gboolean        adds_invoices;
  gboolean        adds_payments;
} Sample;

static const Sample samples[] = {
  { "csv/invoices-fr.csv", RL_IMPORT_FORMAT_CSV, TRUE, FALSE },
  { "samples/fec/000000000FEC20231231.txt", RL_IMPORT_FORMAT_FEC, TRUE, TRUE },
  { "samples/camt/OCA16_test-camt053.xml", RL_IMPORT_FORMAT_CAMT, FALSE, TRUE },
  { "samples/facturx/akretion_factur-x-en16931.xml", RL_IMPORT_FORMAT_FACTURX, TRUE, FALSE },
};

typedef enum
{
  MODE_DRY_RUN,
  MODE_CANCEL_AT_START,
  MODE_CANCEL_AT_END,   /* everything done, cancelled just before the commit */
  MODE_IMPORT,
} Mode;

static void
run_sample (const Sample *sample,
            Mode          mode)
{
  RlTestBook f = { 0 };
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", sample->file, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RlImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  Watch watch = { .cancel_at = 2.0, .cancellable = cancellable };
  RlImportControl control = { cancellable, on_progress, &watch };
  RlImportFileOptions options = { .control = &control };
  Counts before, after;
  gboolean ok;

  rl_test_book_set_up (&f, NULL);
  before = counts_of (f.book);
  options.dry_run = mode == MODE_DRY_RUN;
  if (mode == MODE_CANCEL_AT_START)
    watch.cancel_at = 0.0;
  else if (mode == MODE_CANCEL_AT_END)
    watch.cancel_at = 1.0;

  ok = rl_import_file (f.book, path, &options, &report, &error);
  after = counts_of (f.book);
  g_assert_false (rl_book_in_transaction (f.book));
  g_assert_nonnull (report);
  g_assert_cmpint (report->format, ==, sample->format);
  g_assert_false (watch.backwards);
  g_assert_cmpuint (watch.calls, >, 0);
  switch (mode)
    {
    case MODE_DRY_RUN:
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpfloat (watch.last, ==, 1.0);
      g_assert_cmpuint (report->counts.inserted, >, 0);
      g_assert_cmpint (report->import_id, ==, 0);
      assert_same (&before, &after);
      break;
    case MODE_CANCEL_AT_START:
    case MODE_CANCEL_AT_END:
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_false (ok);
      g_assert_cmpint (report->import_id, ==, 0);
      assert_same (&before, &after);
      break;
    case MODE_IMPORT:
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpfloat (watch.last, ==, 1.0);
      g_assert_cmpint (report->import_id, >, 0);
      if (sample->adds_invoices)
        g_assert_cmpint (after.invoices, >, before.invoices);
      if (sample->adds_payments)
        g_assert_cmpint (after.payments, >, before.payments);
      g_assert_cmpint (after.audit, >, before.audit);
      break;
    }
  rl_test_book_tear_down (&f, NULL);
}

static void
test_every_format (gconstpointer data)
{
  Mode mode = GPOINTER_TO_INT (data);

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_test_message ("%s", samples[i].file);
      run_sample (&samples[i], mode);
    }
}

/* Many rows, cancelled half-way: nothing of the rows read so far stays. */
static void
test_cancel_mid_way (void)
{
  RlTestBook f = { 0 };
  g_autoptr(GString) csv = g_string_new ("N° facture;Code client;Client;Date facture;"
                                         "Date d'échéance;Montant TTC\n");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RlImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  Watch watch = { .cancel_at = 0.5, .cancellable = cancellable };
  RlImportControl control = { cancellable, on_progress, &watch };
  RlImportFileOptions options = { .control = &control };
  Counts before;

  rl_test_book_set_up (&f, NULL);
  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (csv, "F-%05u;C%03u;Client %u;01/09/2026;01/10/2026;%u,50\n", i,
                            i % 300, i % 300, 100 + i);
  path = rl_test_write_file (f.dir, "big.csv", csv->str, csv->len);
  before = counts_of (f.book);

  g_assert_false (rl_import_file (f.book, path, &options, &report, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (watch.last, >=, 0.5);
  g_assert_cmpfloat (watch.last, <, 1.0);
  g_assert_cmpuint (report->counts.rows, >, 1000);
  g_assert_cmpuint (report->counts.rows, <, 5000);
  assert_same (&before, &(Counts) { rl_book_count_customers (f.book),
                                    rl_book_count_invoices (f.book),
                                    rl_book_count_payments (f.book),
                                    rl_book_count_audit (f.book) });
  g_assert_false (rl_book_in_transaction (f.book));

  /* The same file, not cancelled, goes in whole. */
  g_clear_pointer (&report, rl_import_report_free);
  g_clear_error (&error);
  g_assert_true (rl_import_file (f.book, path, NULL, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rl_book_count_invoices (f.book), ==, 5000);
  rl_test_book_tear_down (&f, NULL);
}

/* A bad row: all or nothing by default; with skip_invalid the others go in and the bad one
 * is reported with its line and field; the report's problems make a rejects file. */
static void
test_rejects (void)
{
  RlTestBook f = { 0 };
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv", "invoices-bad.csv",
                                                 NULL);
  g_autoptr(RlImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rejects = NULL;
  g_autofree char *written = NULL;
  g_autofree char *kept = NULL;
  RlImportFileOptions options = { .dry_run = TRUE, .skip_invalid = TRUE };

  rl_test_book_set_up (&f, NULL);
  g_assert_false (rl_import_file (f.book, path, NULL, &report, &error));
  g_assert_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_INVALID_ROWS);
  g_assert_cmpuint (report->problems->len, >=, 2);
  g_assert_cmpint (rl_book_count_invoices (f.book), ==, 0);

  /* The dry run of the valid rows says what would go in and what would not. */
  g_clear_pointer (&report, rl_import_report_free);
  g_clear_error (&error);
  g_assert_true (rl_import_file (f.book, path, &options, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->counts.inserted, ==, 2);
  g_assert_cmpuint (report->counts.rejected, ==, 2);
  g_assert_cmpint (report->csv_kind, ==, RL_CSV_KIND_INVOICES);
  g_assert_cmpint (rl_book_count_invoices (f.book), ==, 0);

  g_clear_pointer (&report, rl_import_report_free);
  kept = g_build_filename (f.dir, "kept.csv", NULL);
  options.dry_run = FALSE;
  options.rejects_path = kept;
  g_assert_true (rl_import_file (f.book, path, &options, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rl_book_count_invoices (f.book), ==, 2);
  g_assert_cmpuint (report->problems->len, ==, 2);
  g_assert_cmpuint (((RlImportProblem *) report->problems->pdata[0])->line, ==, 3);

  rejects = g_build_filename (f.dir, "rejects.csv", NULL);
  g_assert_true (rl_import_write_problems (report->problems, rejects, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (rejects, &written, NULL, NULL));
  g_assert_true (g_str_has_prefix (written, "File;Line;Field;Why\r\n"));
  g_assert_nonnull (strstr (written, "invoices-bad.csv;3;"));
  g_assert_nonnull (strstr (written, "invoices-bad.csv;4;Montant TTC;"));
  rl_test_book_tear_down (&f, NULL);
}

typedef struct
{
  const char *content;
  RlCsvKind   kind;
  char        delimiter;
  guint       n_rows;
  const char *column;  /* a header */
  const char *field;   /* what it is taken for, NULL: not used */
} PreviewCase;

static const PreviewCase preview_cases[] = {
  { "N° facture;Code client;Date facture;Date d'échéance;Montant TTC;Remarque\n"
    "FA-1;C1;01/09/2026;01/10/2026;1 200,00;x\nFA-2;C1;02/09/2026;02/10/2026;10,00\n",
    RL_CSV_KIND_INVOICES, ';', 2, "Montant TTC", "amount" },
  { "N° facture;Code client;Date facture;Montant TTC;Remarque\nFA-1;C1;01/10/2026;1,00;x\n",
    RL_CSV_KIND_INVOICES, ';', 1, "Remarque", NULL },
  { "Date de règlement,Code client,N° facture,Montant\n2026-11-02,C1,FA-1,12.50\n",
    RL_CSV_KIND_PAYMENTS, ',', 1, "Montant", "amount" },
  { "foo\tbar\n1\t2\n3\t4\n5\t6\n", RL_CSV_KIND_AUTO, '\t', 2, "foo", NULL },
  /* Invoices whose amount is not recognised are invoices all the same: the amount is said
   * missing, and the import dialog offers to choose it. */
  { "N° facture;Code client;Date facture;Date d'échéance;Combien\n"
    "FA-1;C1;01/09/2026;01/10/2026;5\n", RL_CSV_KIND_INVOICES, ';', 1, "Combien", NULL },
};

static void
test_preview (void)
{
  g_autofree char *dir = g_dir_make_tmp ("relance-test-XXXXXX", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (preview_cases); i++)
    {
      const PreviewCase *c = &preview_cases[i];
      g_autofree char *path = rl_test_write_file (dir, "preview.csv", c->content, -1);
      g_autoptr(GError) error = NULL;
      g_autoptr(RlCsvPreview) preview = rl_csv_preview (path, NULL, 2, &error);
      gboolean found = FALSE;

      g_assert_no_error (error);
      g_assert_cmpint (preview->kind, ==, c->kind);
      g_assert_cmpint (preview->delimiter, ==, c->delimiter);
      g_assert_cmpuint (preview->rows->len, ==, c->n_rows);
      g_assert_cmpuint (preview->fields->len, ==, preview->header->len);
      for (guint k = 0; k < preview->rows->len; k++)
        g_assert_cmpuint (g_strv_length (preview->rows->pdata[k]), ==, preview->header->len);
      for (guint k = 0; k < preview->header->len; k++)
        if (g_str_equal (preview->header->pdata[k], c->column))
          {
            found = TRUE;
            if (c->field == NULL)
              g_assert_cmpint (g_array_index (preview->fields, int, k), ==, -1);
            else
              g_assert_cmpstr (rl_csv_field_name (preview->kind,
                                                  g_array_index (preview->fields, int, k)),
                               ==, c->field);
          }
      g_assert_true (found);
      g_remove (path);
    }
  g_rmdir (dir);
}

/* Headers no program of ours knows, one with a comma and '=' in it, a second "Pièce": the
 * columns chosen one by one, as the import dialog does. */
#define ODD_CSV \
  "Pièce;Compte, code=tiers;Émis;Combien=TTC;Pièce\n" \
  "X-1;C1;01/09/2026;1 200,00;a\n" \
  "X-2;C2;02/09/2026;300,50;b\n"

static void
test_mapping (void)
{
  static const int fields[] = { RL_CSV_FIELD_NUMBER, RL_CSV_FIELD_CODE, RL_CSV_FIELD_ISSUE_DATE,
                                RL_CSV_FIELD_AMOUNT, -1 };
  const RlCsvMapping mapping = { RL_CSV_KIND_INVOICES, G_N_ELEMENTS (fields), fields };
  RlTestBook f = { 0 };
  g_autofree char *path = NULL;
  g_autoptr(RlImportReport) report = NULL;
  g_autoptr(RlCsvPreview) preview = NULL;
  g_autoptr(RlInvoice) invoice = NULL;
  g_autoptr(RlCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  RlImportFileOptions options = { .dry_run = TRUE };
  Counts before;

  rl_test_book_set_up (&f, NULL);
  path = rl_test_write_file (f.dir, "odd.csv", ODD_CSV, -1);
  before = counts_of (f.book);

  /* From the header alone, the file cannot be read. */
  preview = rl_csv_preview (path, NULL, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpint (preview->kind, ==, RL_CSV_KIND_AUTO);
  g_assert_cmpint (g_array_index (preview->fields, int, 3), ==, -1);
  g_assert_false (rl_import_file (f.book, path, &options, &report, &error));
  g_assert_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT);
  g_clear_error (&error);
  g_clear_pointer (&report, rl_import_report_free);
  g_clear_pointer (&preview, rl_csv_preview_free);

  /* The preview shows the columns as chosen. */
  preview = rl_csv_preview (path, &mapping, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpint (preview->kind, ==, RL_CSV_KIND_INVOICES);
  g_assert_cmpstr (preview->header->pdata[1], ==, "Compte, code=tiers");
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_assert_cmpint (g_array_index (preview->fields, int, i), ==, fields[i]);

  /* The dry run, then the import, take them. */
  options.mapping = &mapping;
  g_assert_true (rl_import_file (f.book, path, &options, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report->csv_kind, ==, RL_CSV_KIND_INVOICES);
  g_assert_cmpuint (report->counts.inserted, ==, 2);
  assert_same (&before, &(Counts) { rl_book_count_customers (f.book),
                                    rl_book_count_invoices (f.book),
                                    rl_book_count_payments (f.book),
                                    rl_book_count_audit (f.book) });
  g_clear_pointer (&report, rl_import_report_free);
  options.dry_run = FALSE;
  g_assert_true (rl_import_file (f.book, path, &options, &report, &error));
  g_assert_no_error (error);
  invoice = rl_book_find_invoice (f.book, "X-1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (invoice);
  g_assert_cmpint (invoice->amount, ==, 120000);
  customer = rl_book_find_customer (f.book, "C1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (customer);
  g_assert_cmpint (invoice->customer_id, ==, customer->id);
  g_assert_cmpint (rl_book_count_invoices (f.book), ==, 2);
  rl_test_book_tear_down (&f, NULL);
}

/* What cannot be imported is refused with the reason, and the book stays as it was. */
static void
test_mapping_refused (void)
{
  static const int twice[] = { RL_CSV_FIELD_NUMBER, RL_CSV_FIELD_CODE, RL_CSV_FIELD_ISSUE_DATE,
                               RL_CSV_FIELD_AMOUNT, RL_CSV_FIELD_AMOUNT };
  static const int short_[] = { RL_CSV_FIELD_NUMBER, RL_CSV_FIELD_CODE };
  static const int foreign[] = { RL_CSV_FIELD_NUMBER, RL_CSV_FIELD_CODE, RL_CSV_FIELD_ISSUE_DATE,
                                 RL_CSV_FIELD_AMOUNT, RL_CSV_FIELD_PAYER_IBAN };
  static const int no_amount[] = { RL_CSV_FIELD_NUMBER, RL_CSV_FIELD_CODE,
                                   RL_CSV_FIELD_ISSUE_DATE, -1, -1 };
  const struct
  {
    RlCsvMapping  mapping;
    int           code;
    const char   *says;
  } cases[] = {
    { { RL_CSV_KIND_INVOICES, G_N_ELEMENTS (twice), twice }, RL_IMPORT_ERROR_MAPPING,
      "“amount” is chosen for two columns, “Combien=TTC” and “Pièce”" },
    { { RL_CSV_KIND_INVOICES, G_N_ELEMENTS (short_), short_ }, RL_IMPORT_ERROR_MAPPING,
      "2 columns chosen, the file has 5" },
    { { RL_CSV_KIND_INVOICES, G_N_ELEMENTS (foreign), foreign }, RL_IMPORT_ERROR_MAPPING,
      "the column “Pièce” is taken for a field" },
    { { RL_CSV_KIND_INVOICES, G_N_ELEMENTS (no_amount), no_amount }, RL_IMPORT_ERROR_FORMAT,
      "missing columns for invoice files: amount" },
  };
  RlTestBook f = { 0 };
  g_autofree char *path = NULL;
  Counts before;

  rl_test_book_set_up (&f, NULL);
  path = rl_test_write_file (f.dir, "odd.csv", ODD_CSV, -1);
  before = counts_of (f.book);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RlImportFileOptions options = { .mapping = &cases[i].mapping };
      g_autoptr(RlImportReport) report = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (rl_import_file (f.book, path, &options, &report, &error));
      g_assert_error (error, RL_IMPORT_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].says));
      assert_same (&before, &(Counts) { rl_book_count_customers (f.book),
                                        rl_book_count_invoices (f.book),
                                        rl_book_count_payments (f.book),
                                        rl_book_count_audit (f.book) });
    }
  rl_test_book_tear_down (&f, NULL);
}

/* The kind alone: the columns are found from the header, for that kind. */
static void
test_mapping_kind_only (void)
{
  const RlCsvMapping payments = { RL_CSV_KIND_PAYMENTS, 0, NULL };
  g_autofree char *dir = g_dir_make_tmp ("relance-test-XXXXXX", NULL);
  g_autofree char *path = rl_test_write_file (dir, "kind.csv",
                                              "Date;Code client;Montant\n"
                                              "02/11/2026;C1;12,50\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(RlCsvPreview) preview = rl_csv_preview (path, &payments, 5, &error);

  g_assert_no_error (error);
  g_assert_cmpint (preview->kind, ==, RL_CSV_KIND_PAYMENTS);
  g_assert_cmpint (g_array_index (preview->fields, int, 0), ==, RL_CSV_FIELD_DATE);
  g_assert_cmpint (g_array_index (preview->fields, int, 2), ==, RL_CSV_FIELD_AMOUNT);
  g_remove (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/relance/import-file/dry-run", GINT_TO_POINTER (MODE_DRY_RUN),
                        test_every_format);
  g_test_add_data_func ("/relance/import-file/cancel-at-start",
                        GINT_TO_POINTER (MODE_CANCEL_AT_START), test_every_format);
  g_test_add_data_func ("/relance/import-file/cancel-before-commit",
                        GINT_TO_POINTER (MODE_CANCEL_AT_END), test_every_format);
  g_test_add_data_func ("/relance/import-file/import", GINT_TO_POINTER (MODE_IMPORT),
                        test_every_format);
  g_test_add_func ("/relance/import-file/cancel-mid-way", test_cancel_mid_way);
  g_test_add_func ("/relance/import-file/rejects", test_rejects);
  g_test_add_func ("/relance/import-file/preview", test_preview);
  g_test_add_func ("/relance/import-file/mapping", test_mapping);
  g_test_add_func ("/relance/import-file/mapping-refused", test_mapping_refused);
  g_test_add_func ("/relance/import-file/mapping-kind-only", test_mapping_kind_only);
  return g_test_run ();
}
