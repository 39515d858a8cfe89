/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <locale.h>
#include <string.h>

#include "rl-csv-fields.h"
#include "rl-import-figures.h"

/* What the import dialog says of a file and of its dry run or import, without a display. */

typedef struct
{
  RlImportFormat  format;
  RlCsvKind       kind;
  const char     *title;   /* a figure the dialog shows */
  const char     *value;
  const char     *format_text;
} FigureCase;

static RlImportReport *
sample_report (RlImportFormat format,
               RlCsvKind      kind)
{
  RlImportReport *r = rl_import_report_new (format);

  r->csv_kind = kind;
  r->detail = g_strdup ("D");
  r->counts = (RlImportCounts) { .rows = 12, .inserted = 7, .updated = 3, .unchanged = 1,
                                 .rejected = 1, .customers_created = 2 };
  r->customers = 4;
  r->invoices = 9;
  r->credit_notes = 2;
  r->payments = 5;
  r->open_items = 6;
  r->matched = 3;
  r->pending = 1;
  r->unmatched = 1;
  r->already_seen = 8;
  r->allocated = 123456;
  return r;
}

static const FigureCase figure_cases[] = {
  { RL_IMPORT_FORMAT_CSV, RL_CSV_KIND_INVOICES, "New invoices and credit notes", "7",
    "CSV file of invoices and credit notes: D" },
  { RL_IMPORT_FORMAT_CSV, RL_CSV_KIND_INVOICES, "New customers", "2", NULL },
  { RL_IMPORT_FORMAT_CSV, RL_CSV_KIND_CUSTOMERS, "Updated customers", "3",
    "CSV file of customers: D" },
  { RL_IMPORT_FORMAT_CSV, RL_CSV_KIND_PAYMENTS, "Allocated to invoices", "€1,234.56",
    "CSV file of payments: D" },
  { RL_IMPORT_FORMAT_FEC, RL_CSV_KIND_AUTO, "Open invoices", "6", "FEC accounting export: D" },
  { RL_IMPORT_FORMAT_CAMT, RL_CSV_KIND_AUTO, "Matches waiting for you", "1",
    "Bank statement: D" },
  { RL_IMPORT_FORMAT_CAMT, RL_CSV_KIND_AUTO, "Imported before", "8", NULL },
  { RL_IMPORT_FORMAT_FACTURX, RL_CSV_KIND_AUTO, "Credit notes", "2",
    "Factur-X invoices: profile D" },
};

static void
test_figures (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (figure_cases); i++)
    {
      const FigureCase *c = &figure_cases[i];
      g_autoptr(RlImportReport) report = sample_report (c->format, c->kind);
      g_autoptr(GPtrArray) figures = rl_import_report_figures (report);
      g_autofree char *format = rl_import_format_text (report);
      const RlImportFigure *last = g_ptr_array_index (figures, figures->len - 1);
      gboolean found = FALSE;

      for (guint k = 0; k < figures->len; k++)
        {
          const RlImportFigure *f = g_ptr_array_index (figures, k);

          if (g_str_equal (f->title, c->title))
            {
              g_assert_false (found);
              g_assert_cmpstr (f->value, ==, c->value);
              found = TRUE;
            }
        }
      g_assert_true (found);
      /* The rejects always come last, zero included: the user sees nothing was left out. */
      g_assert_cmpstr (last->title, ==, "Rejected rows");
      g_assert_cmpstr (last->value, ==, "1");
      if (c->format_text != NULL)
        g_assert_cmpstr (format, ==, c->format_text);
    }
}

static void
test_field_labels (void)
{
  static const struct { RlCsvKind kind; int field; const char *label; } cases[] = {
    { RL_CSV_KIND_INVOICES, RL_CSV_FIELD_AMOUNT, "Amount" },
    { RL_CSV_KIND_INVOICES, RL_CSV_FIELD_NAME, "Customer name" },
    { RL_CSV_KIND_CUSTOMERS, RL_CSV_FIELD_NAME, "Name" },
    { RL_CSV_KIND_PAYMENTS, RL_CSV_FIELD_DATE, "Payment date" },
    { RL_CSV_KIND_INVOICES, -1, "Not used" },
    { RL_CSV_KIND_INVOICES, RL_CSV_N_FIELDS, "Not used" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (rl_import_field_label (cases[i].kind, cases[i].field), ==, cases[i].label);
  /* Every field has words of its own. */
  for (int f = 0; f < RL_CSV_N_FIELDS; f++)
    g_assert_cmpstr (rl_import_field_label (RL_CSV_KIND_INVOICES, f), !=, "Not used");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/relance/gui-import/figures", test_figures);
  g_test_add_func ("/relance/gui-import/field-labels", test_field_labels);
  return g_test_run ();
}
