/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relancectl"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

#include "rl-cli.h"
#include "rl-csv-import.h"
#include "rl-camt.h"
#include "rl-facturx.h"
#include "rl-fec.h"
#include "rl-import-format.h"
#include "rl-demo.h"
#include "rl-error.h"

/* init */

int
rl_cli_init (RlCli  *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *siren = NULL;
  g_autofree char *language = NULL;
  int terms = 30;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The company’s name"), N_("NAME") },
    { "siren", 0, 0, G_OPTION_ARG_STRING, &siren, N_("The company’s SIREN"), N_("NUMBER") },
    { "terms", 0, 0, G_OPTION_ARG_INT, &terms, N_("Default payment terms in days (30)"), N_("DAYS") },
    { "language", 0, 0, G_OPTION_ARG_STRING, &language, N_("Language of letters: fr or en (fr)"), N_("LANG") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rl_cli_context (NULL, _("Create a new, empty book."), entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(RlCompany) company = NULL;
  g_autoptr(GError) error = NULL;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (!rl_cli_no_arguments (argc, argv))
    return RL_EXIT_USAGE;
  if (language != NULL && !g_str_equal (language, "fr") && !g_str_equal (language, "en"))
    {
      rl_cli_error (_("--language: “%s” is not fr or en"), language);
      return RL_EXIT_USAGE;
    }
  if (g_file_test (cli->book_path, G_FILE_TEST_EXISTS))
    {
      rl_cli_error (_("%s: a file with this name already exists"), cli->book_path);
      return RL_EXIT_FAILURE;
    }
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_CREATE);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  company = rl_book_get_company (book, &error);
  if (company == NULL)
    return rl_cli_report_error (error);
  g_free (company->name);
  company->name = g_strdup (name ? name : "");
  g_free (company->siren);
  company->siren = g_steal_pointer (&siren);
  g_free (company->language);
  company->language = g_strdup (language ? language : "fr");
  company->payment_terms_days = terms;
  if (!rl_book_set_company (book, company, &error))
    {
      g_clear_object (&book);
      g_unlink (cli->book_path);
      return rl_cli_report_error (error);
    }
  printf (_("Created %s\n"), cli->book_path);
  return RL_EXIT_OK;
}

/* company */

static void
print_company (const RlCompany *c)
{
  const struct { const char *label; const char *value; } rows[] = {
    { N_("Name"), c->name },
    { N_("Address"), c->address1 },
    { "", c->address2 },
    { "", c->address3 },
    { N_("Postcode"), c->postcode },
    { N_("City"), c->city },
    { N_("Country"), c->country },
    { N_("SIREN"), c->siren },
    { N_("VAT number"), c->vat_number },
    { N_("IBAN"), c->iban },
    { N_("BIC"), c->bic },
    { N_("Email"), c->email },
    { N_("Phone"), c->phone },
    { N_("Language"), c->language },
  };
  g_autoptr(RlCliTable) t = rl_cli_table_new (2, "", "", NULL);
  g_autofree char *terms = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days",
                                                         c->payment_terms_days),
                                            c->payment_terms_days);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (rows[i].value != NULL && *rows[i].value != '\0')
      rl_cli_table_add (t, *rows[i].label ? _(rows[i].label) : "", rows[i].value, NULL);
  rl_cli_table_add (t, _("Payment terms"), terms, NULL);
  rl_cli_table_print (t);
}

static void
replace_field (char       **field,
               const char  *value)
{
  if (value == NULL)
    return;
  g_free (*field);
  *field = *value != '\0' ? g_strdup (value) : NULL;
}

int
rl_cli_company (RlCli  *cli,
                int     argc,
                char  **argv)
{
  char *values[14] = { NULL };
  int terms = -1;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &values[0], N_("The company’s name"), N_("NAME") },
    { "address1", 0, 0, G_OPTION_ARG_STRING, &values[1], N_("First line of the address"), N_("TEXT") },
    { "address2", 0, 0, G_OPTION_ARG_STRING, &values[2], N_("Second line of the address"), N_("TEXT") },
    { "address3", 0, 0, G_OPTION_ARG_STRING, &values[3], N_("Third line of the address"), N_("TEXT") },
    { "postcode", 0, 0, G_OPTION_ARG_STRING, &values[4], N_("Postcode"), N_("CODE") },
    { "city", 0, 0, G_OPTION_ARG_STRING, &values[5], N_("City"), N_("CITY") },
    { "country", 0, 0, G_OPTION_ARG_STRING, &values[6], N_("Country, as a two-letter ISO code (FR)"), N_("CODE") },
    { "siren", 0, 0, G_OPTION_ARG_STRING, &values[7], N_("The company’s SIREN"), N_("NUMBER") },
    { "vat", 0, 0, G_OPTION_ARG_STRING, &values[8], N_("Intra-community VAT number"), N_("NUMBER") },
    { "iban", 0, 0, G_OPTION_ARG_STRING, &values[9], N_("IBAN of the account customers pay to"), N_("IBAN") },
    { "bic", 0, 0, G_OPTION_ARG_STRING, &values[10], N_("BIC of that account"), N_("BIC") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &values[11], N_("E-mail address of the company"), N_("ADDRESS") },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &values[12], N_("Phone number of the company"), N_("NUMBER") },
    { "language", 0, 0, G_OPTION_ARG_STRING, &values[13], N_("Language of letters: fr or en"), N_("LANG") },
    { "terms", 0, 0, G_OPTION_ARG_INT, &terms, N_("Default payment terms in days"), N_("DAYS") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (NULL, _("Show or change the company’s identity, address and bank details, "
                            "as letters and e-mails show them. An empty value clears a field."),
                    entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(RlCompany) company = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;
  int status = RL_EXIT_FAILURE;

  if (!rl_cli_parse (context, &argc, &argv) || !rl_cli_no_arguments (argc, argv))
    status = RL_EXIT_USAGE;
  else if ((book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT)) == NULL)
    status = RL_EXIT_FAILURE;
  else if (!rl_book_begin (book, &error))
    status = rl_cli_report_error (error);
  else if ((company = rl_book_get_company (book, &error)) == NULL)
    status = rl_cli_commit_or_report (book, FALSE, g_steal_pointer (&error));
  else
    {
      char **fields[] = { &company->name, &company->address1, &company->address2,
                          &company->address3, &company->postcode, &company->city,
                          &company->country, &company->siren, &company->vat_number,
                          &company->iban, &company->bic, &company->email, &company->phone,
                          &company->language };
      gboolean ok;

      for (guint i = 0; i < G_N_ELEMENTS (values); i++)
        {
          changed = changed || values[i] != NULL;
          replace_field (fields[i], values[i]);
        }
      if (terms >= 0)
        {
          company->payment_terms_days = terms;
          changed = TRUE;
        }
      if (company->country != NULL)
        {
          char *up = g_ascii_strup (company->country, -1);

          g_free (company->country);
          company->country = up;
        }
      ok = !changed || rl_book_set_company (book, company, &error);
      status = rl_cli_commit_or_report (book, ok, g_steal_pointer (&error));
      if (status == RL_EXIT_OK)
        {
          g_autoptr(RlCompany) now = rl_book_get_company (book, NULL);

          if (now != NULL)
            print_company (now);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    g_free (values[i]);
  return status;
}

/* demo */

static void
on_demo_progress (double   fraction,
                  gpointer user_data)
{
  fprintf (stderr, "\r%s %3d %%", _("Writing the demo book…"), (int) (fraction * 100));
}

int
rl_cli_demo (RlCli  *cli,
             int     argc,
             char  **argv)
{
  int customers = 200;
  int invoices = 4000;
  gint64 seed = 1;
  g_autofree char *as_of_text = NULL;
  GOptionEntry entries[] = {
    { "customers", 0, 0, G_OPTION_ARG_INT, &customers, N_("Number of customers (200)"), N_("N") },
    { "invoices", 0, 0, G_OPTION_ARG_INT, &invoices, N_("Number of invoices (4000)"), N_("M") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Random seed: the same seed gives the same book (1)"), N_("S") },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, N_("The book’s today: its history ends on this date (today)"), N_("DATE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (NULL, _("Create a demo book: a French company, its customers, 24 months of "
                            "invoices and payments, from prompt payers to chronic late payers."),
                    entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  RlDemoOptions options = { 0 };
  gboolean existed;
  gboolean tty = isatty (2);

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (!rl_cli_no_arguments (argc, argv))
    return RL_EXIT_USAGE;
  if (customers < 1 || invoices < 0)
    {
      rl_cli_error (_("--customers must be at least 1 and --invoices at least 0"));
      return RL_EXIT_USAGE;
    }
  if (seed < 0)
    {
      rl_cli_error (_("--seed must not be negative"));
      return RL_EXIT_USAGE;
    }
  options.n_customers = customers;
  options.n_invoices = invoices;
  options.seed = seed;
  options.months = 24;
  if (!rl_cli_parse_as_of (as_of_text, &options.as_of))
    return RL_EXIT_USAGE;

  existed = g_file_test (cli->book_path, G_FILE_TEST_EXISTS);
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_CREATE | RL_BOOK_OPEN_FAST);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  if (!rl_demo_generate (book, &options, tty ? on_demo_progress : NULL, NULL, &error))
    {
      if (tty)
        fprintf (stderr, "\n");
      g_clear_object (&book);
      if (!existed)
        {
          g_autofree char *wal = g_strconcat (cli->book_path, "-wal", NULL);
          g_autofree char *shm = g_strconcat (cli->book_path, "-shm", NULL);

          g_unlink (cli->book_path);
          g_unlink (wal);
          g_unlink (shm);
        }
      return rl_cli_report_error (error);
    }
  if (tty)
    fprintf (stderr, "\n");
  printf (_("Demo book %s: %d customers, %d invoices (seed %lld) in %.1f s\n"),
          cli->book_path, customers, invoices, (long long) seed, g_timer_elapsed (timer, NULL));
  return RL_EXIT_OK;
}

/* import */

static gboolean
parse_kind (const char *text,
            RlCsvKind  *kind)
{
  if (text == NULL)
    {
      *kind = RL_CSV_KIND_AUTO;
      return TRUE;
    }
  if (rl_csv_kind_from_string (text, kind))
    return TRUE;
  rl_cli_error (_("--kind: “%s” is not customers, invoices or payments"), text);
  return FALSE;
}

/* The words after the numbers are stable: scripts and tests read this line. */
static void
print_counts (const RlImportCounts *counts)
{
  printf (ngettext ("%u row: %u added, %u updated, %u unchanged, %u rejected; ",
                    "%u rows: %u added, %u updated, %u unchanged, %u rejected; ",
                    counts->rows),
          counts->rows, counts->inserted, counts->updated, counts->unchanged, counts->rejected);
  printf (ngettext ("%u customer created\n", "%u customers created\n",
                    counts->customers_created),
          counts->customers_created);
}

static void
print_report (RlCli             *cli,
              const char        *path,
              const RlCsvReport *report,
              gboolean           dry_run)
{
  const char *delimiter = report->delimiter == '\t' ? "TAB"
                        : report->delimiter == ';' ? ";" : ",";
  g_autofree char *allocated = rl_cli_money (cli, report->allocated);

  printf (_("%s: %s, delimiter %s, encoding %s\n"), path,
          rl_csv_kind_label (report->kind), delimiter, report->encoding);
  for (guint i = 0; report->columns && i < report->columns->len; i++)
    printf ("  %s\n", (const char *) g_ptr_array_index (report->columns, i));
  if (report->ignored && report->ignored->len > 0)
    {
      g_autoptr(GString) s = g_string_new (NULL);

      for (guint i = 0; i < report->ignored->len; i++)
        g_string_append_printf (s, "%s“%s”", i ? ", " : "",
                                (const char *) g_ptr_array_index (report->ignored, i));
      printf (_("  columns not used: %s\n"), s->str);
    }
  if (dry_run)
    printf ("%s\n", _("Dry run: nothing was written."));
  print_counts (&report->counts);
  if (report->kind == RL_CSV_KIND_PAYMENTS)
    printf (_("Allocated to invoices: %s\n"), allocated);
  if (report->rejects_path != NULL)
    printf (_("Rejected rows written to %s\n"), report->rejects_path);
}


/* Bad rows are listed one per line, as "file:line: column: why". */
static void
print_problems (GPtrArray *problems)
{
  for (guint k = 0; problems && k < problems->len; k++)
    {
      g_autofree char *line = rl_import_problem_to_string (g_ptr_array_index (problems, k));

      fprintf (stderr, "%s\n", line);
    }
}

static void
print_import_report (RlCli                *cli,
                     const char           *path,
                     const RlImportReport *report,
                     gboolean              dry_run)
{
  g_autofree char *allocated = rl_cli_money (cli, report->allocated);

  if (report->format == RL_IMPORT_FORMAT_FEC)
    printf (_("%s: FEC (%s)\n"), path, report->detail ? report->detail : "");
  else if (report->format == RL_IMPORT_FORMAT_FACTURX)
    printf (_("%s: Factur-X invoices (profile %s)\n"), path, report->detail ? report->detail : "");
  else
    printf (_("%s: bank statement (%s)\n"), path, report->detail ? report->detail : "");
  if (dry_run)
    printf ("%s\n", _("Dry run: nothing was written."));
  print_counts (&report->counts);
  if (report->format == RL_IMPORT_FORMAT_FACTURX)
    printf (_("Invoices: %u; credit notes: %u\n"), report->invoices, report->credit_notes);
  else if (report->format == RL_IMPORT_FORMAT_FEC)
    printf (_("Customers: %u; invoices: %u (%u open); credit notes: %u; payments: %u\n"),
            report->customers, report->invoices, report->open_items, report->credit_notes,
            report->payments);
  else
    printf (_("Payments: %u; matched: %u; waiting for you: %u; not matched: %u; "
              "seen before: %u; reversed: %u\n"),
            report->payments, report->matched, report->pending, report->unmatched,
            report->already_seen, report->reversed);
  printf (_("Allocated to invoices: %s\n"), allocated);
}

/* Imports a FEC or a bank statement; the CSV options do not apply. */
static int
import_other (RlCli          *cli,
              RlBook         *book,
              const char     *path,
              RlImportFormat  format,
              const char     *prefix,
              gboolean        dry_run)
{
  g_autoptr(RlImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  if (format == RL_IMPORT_FORMAT_FEC)
    {
      RlFecOptions options;

      rl_fec_options_init (&options);
      options.receivable_prefix = prefix;
      options.dry_run = dry_run;
      ok = rl_fec_import (book, path, &options, &report, &error);
    }
  else if (format == RL_IMPORT_FORMAT_CAMT)
    {
      RlCamtOptions options = { .dry_run = dry_run };

      ok = rl_camt_import (book, path, &options, &report, &error);
    }
  else if (format == RL_IMPORT_FORMAT_FACTURX)
    {
      RlFacturxOptions options = { .dry_run = dry_run };

      ok = rl_facturx_import (book, path, &options, &report, &error);
    }
  else
    g_set_error (&error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                 _("%s: this kind of file cannot be imported yet"), path);
  if (report != NULL)
    print_problems (report->problems);
  if (!ok)
    {
      rl_cli_error ("%s", error->message);
      return RL_EXIT_FAILURE;
    }
  print_import_report (cli, path, report, dry_run);
  return RL_EXIT_OK;
}

int
rl_cli_import (RlCli  *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *kind_text = NULL;
  g_autofree char *delimiter = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *decimal = NULL;
  g_autofree char *date_order = NULL;
  g_autofree char *mapping = NULL;
  g_autofree char *rejects = NULL;
  g_autofree char *allocate = NULL;
  g_autofree char *prefix = NULL;
  gboolean skip_invalid = FALSE;
  gboolean dry_run = FALSE;
  GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_("What the file holds: customers, invoices or payments (detected)"), N_("KIND") },
    { "delimiter", 0, 0, G_OPTION_ARG_STRING, &delimiter, N_("Field delimiter: ';' ',' or 'tab' (detected)"), N_("CHAR") },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding, N_("Encoding: UTF-8, WINDOWS-1252 or ISO-8859-15 (detected)"), N_("NAME") },
    { "decimal", 0, 0, G_OPTION_ARG_STRING, &decimal, N_("Decimal separator: comma or point (comma unless the delimiter is ',')"), N_("SEP") },
    { "date-order", 0, 0, G_OPTION_ARG_STRING, &date_order, N_("Order of dd/mm/yyyy dates: dmy or mdy (dmy)"), N_("ORDER") },
    { "map", 0, 0, G_OPTION_ARG_STRING, &mapping, N_("Explicit columns: field=Header,field=Header"), N_("MAPPING") },
    { "skip-invalid", 0, 0, G_OPTION_ARG_NONE, &skip_invalid, N_("Import the valid rows and write the others to a rejects file"), NULL },
    { "rejects", 0, 0, G_OPTION_ARG_FILENAME, &rejects, N_("Where to write rejected rows (FILE.rejects.csv)"), N_("FILE") },
    { "allocate", 0, 0, G_OPTION_ARG_STRING, &allocate, N_("Payments: named (only to the invoice they name) or oldest-first (named)"), N_("POLICY") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, N_("Show what would change without writing"), NULL },
    { "receivable-prefix", 0, 0, G_OPTION_ARG_STRING, &prefix, N_("FEC: accounts of customer receivables start with this (411)"), N_("PREFIX") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (_("FILE…"), _("Import CSV files, FEC accounting exports, bank "
                                  "statements (camt.053, camt.054) and Factur-X invoices (PDF, "
                                  "XML or a folder of them), the format found from the "
                                  "content. Importing a file again updates the book "
                                  "and never duplicates. Each file is imported whole or not at "
                                  "all, unless --skip-invalid."), entries);
  g_autoptr(RlBook) book = NULL;
  RlCsvOptions options;
  int status = RL_EXIT_OK;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (argc < 2)
    {
      rl_cli_error (_("no file to import"));
      return RL_EXIT_USAGE;
    }

  rl_csv_options_init (&options);
  if (!parse_kind (kind_text, &options.kind))
    return RL_EXIT_USAGE;
  if (delimiter != NULL)
    {
      if (g_ascii_strcasecmp (delimiter, "tab") == 0 || g_str_equal (delimiter, "\\t")
          || g_str_equal (delimiter, "\t"))
        options.delimiter = '\t';
      else if (g_str_equal (delimiter, ";") || g_str_equal (delimiter, ","))
        options.delimiter = delimiter[0];
      else
        {
          rl_cli_error (_("--delimiter: “%s” is not ';' ',' or 'tab'"), delimiter);
          return RL_EXIT_USAGE;
        }
    }
  options.encoding = encoding;
  if (decimal != NULL)
    {
      if (g_str_equal (decimal, "comma") || g_str_equal (decimal, ","))
        options.decimal = RL_DECIMAL_COMMA;
      else if (g_str_equal (decimal, "point") || g_str_equal (decimal, "."))
        options.decimal = RL_DECIMAL_POINT;
      else
        {
          rl_cli_error (_("--decimal: “%s” is not comma or point"), decimal);
          return RL_EXIT_USAGE;
        }
    }
  if (date_order != NULL)
    {
      if (g_ascii_strcasecmp (date_order, "dmy") == 0)
        options.date_order = RL_DATE_ORDER_DMY;
      else if (g_ascii_strcasecmp (date_order, "mdy") == 0)
        options.date_order = RL_DATE_ORDER_MDY;
      else
        {
          rl_cli_error (_("--date-order: “%s” is not dmy or mdy"), date_order);
          return RL_EXIT_USAGE;
        }
    }
  if (allocate != NULL)
    {
      if (g_str_equal (allocate, "named"))
        options.allocate = RL_ALLOCATE_NAMED_ONLY;
      else if (g_str_equal (allocate, "oldest-first"))
        options.allocate = RL_ALLOCATE_OLDEST_FIRST;
      else
        {
          rl_cli_error (_("--allocate: “%s” is not named or oldest-first"), allocate);
          return RL_EXIT_USAGE;
        }
    }
  if (rejects != NULL && argc > 2)
    {
      rl_cli_error (_("--rejects takes one file to import at a time"));
      return RL_EXIT_USAGE;
    }
  options.mapping = mapping;
  options.skip_invalid = skip_invalid;
  options.rejects_path = rejects;
  options.dry_run = dry_run;

  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(RlCsvReport) report = NULL;
      g_autoptr(GError) error = NULL;
      RlImportFormat format = rl_import_detect_format (argv[i], &error);
      gboolean ok;

      if (format == RL_IMPORT_FORMAT_UNKNOWN)
        {
          rl_cli_error ("%s", error->message);
          status = RL_EXIT_FAILURE;
          break;
        }
      if (format != RL_IMPORT_FORMAT_CSV)
        {
          status = import_other (cli, book, argv[i], format, prefix, dry_run);
          if (status != RL_EXIT_OK)
            break;
          continue;
        }
      ok = rl_csv_import (book, argv[i], &options, &report, &error);

      /* A problem with the whole file is the error itself. */
      if (report != NULL
          && (ok || g_error_matches (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_INVALID_ROWS)))
        print_problems (report->problems);
      if (!ok)
        {
          rl_cli_error ("%s", error->message);
          if (g_error_matches (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_INVALID_ROWS))
            rl_cli_error (_("%s: nothing imported; fix the rows above or use --skip-invalid"),
                          argv[i]);
          else if (g_error_matches (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT)
                   && report != NULL && report->kind == RL_CSV_KIND_AUTO)
            rl_cli_error (_("say what the file holds with --kind customers, --kind invoices "
                            "or --kind payments"));
          status = RL_EXIT_FAILURE;
          break;
        }
      print_report (cli, argv[i], report, dry_run);
    }
  return status;
}
