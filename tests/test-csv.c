/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rl-book.h"
#include "rl-csv-import.h"
#include "rl-error.h"

typedef struct
{
  char   *dir;
  RlBook *book;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fx->dir = g_dir_make_tmp ("relance-csv-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fx->dir, "test.relance", NULL);
  fx->book = rl_book_open (path, RL_BOOK_OPEN_CREATE, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fx->dir, 0, NULL);
  const char *name;

  g_clear_object (&fx->book);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fx->dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (fx->dir);
  g_free (fx->dir);
}

#define TEST(name, func) \
  g_test_add ("/relance/csv/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

static char *
write_file (Fixture    *fx,
            const char *name,
            const char *content,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fx->dir, name, NULL);

  g_file_set_contents (path, content, len, &error);
  g_assert_no_error (error);
  return path;
}

static char *
data_file (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "csv", name, NULL);
}

static RlCsvReport *
import_ok (Fixture            *fx,
           const char         *path,
           const RlCsvOptions *options)
{
  g_autoptr(GError) error = NULL;
  RlCsvReport *report = NULL;
  gboolean ok = rl_csv_import (fx->book, path, options, &report, &error);

  if (!ok)
    for (guint i = 0; i < report->problems->len; i++)
      {
        g_autofree char *s = rl_import_problem_to_string (report->problems->pdata[i]);

        g_test_message ("%s", s);
      }
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_nonnull (report);
  return report;
}

static RlCsvReport *
import_text (Fixture            *fx,
             const char         *content,
             const RlCsvOptions *options)
{
  g_autofree char *path = write_file (fx, "in.csv", content, -1);

  return import_ok (fx, path, options);
}

/* Imports and expects a failure with @code; returns the report. */
static RlCsvReport *
import_fails (Fixture            *fx,
              const char         *path,
              const RlCsvOptions *options,
              int                 code,
              char              **message)
{
  g_autoptr(GError) error = NULL;
  RlCsvReport *report = NULL;

  g_assert_false (rl_csv_import (fx->book, path, options, &report, &error));
  g_assert_error (error, RL_IMPORT_ERROR, code);
  g_assert_nonnull (report);
  g_assert_cmpint (report->import_id, ==, 0);
  if (message != NULL)
    *message = g_strdup (error->message);
  return report;
}

static RlInvoice *
invoice (Fixture    *fx,
         const char *number)
{
  g_autoptr(GError) error = NULL;
  RlInvoice *i = rl_book_find_invoice (fx->book, number, &error);

  g_assert_no_error (error);
  if (i == NULL)
    g_error ("no invoice %s", number);
  return i;
}

static RlCustomer *
customer (Fixture    *fx,
          const char *code)
{
  g_autoptr(GError) error = NULL;
  RlCustomer *c = rl_book_find_customer (fx->book, code, &error);

  g_assert_no_error (error);
  if (c == NULL)
    g_error ("no customer %s", code);
  return c;
}

static void
assert_day (RlDay       day,
            const char *iso)
{
  g_autofree char *s = rl_day_to_iso (day);

  g_assert_cmpstr (s, ==, iso);
}

static void
assert_counts (const RlCsvReport *r,
               guint              rows,
               guint              inserted,
               guint              updated,
               guint              unchanged,
               guint              rejected)
{
  g_assert_cmpuint (r->counts.rows, ==, rows);
  g_assert_cmpuint (r->counts.inserted, ==, inserted);
  g_assert_cmpuint (r->counts.updated, ==, updated);
  g_assert_cmpuint (r->counts.unchanged, ==, unchanged);
  g_assert_cmpuint (r->counts.rejected, ==, rejected);
}

static void
assert_problem (const RlCsvReport *r,
                guint              index,
                guint              line,
                const char        *column,
                const char        *message_part)
{
  const RlImportProblem *p;

  g_assert_cmpuint (index, <, r->problems->len);
  p = r->problems->pdata[index];
  g_assert_cmpuint (p->line, ==, line);
  g_assert_cmpstr (p->column, ==, column);
  if (strstr (p->message, message_part) == NULL)
    g_error ("problem %u: “%s” does not say “%s”", index, p->message, message_part);
}

static gboolean
has_string (GPtrArray  *array,
            const char *s)
{
  for (guint i = 0; i < array->len; i++)
    if (g_strcmp0 (array->pdata[i], s) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
collect_payment (RlPayment *p,
                 gpointer   data)
{
  g_ptr_array_add (data, g_strdup_printf ("%s=%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, p->key,
                                          p->amount, p->unallocated));
  return TRUE;
}

/* "key=amount/unallocated" of every payment, by date */
static GPtrArray *
payments (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);

  rl_book_foreach_payment (fx->book, 0, FALSE, collect_payment, list, &error);
  g_assert_no_error (error);
  return list;
}

/* Delimiters */

static const struct
{
  const char *name;
  const char *text;
  char        delimiter;
  const char *beta_name;
} delimiter_cases[] = {
  { "semicolon",
    "N° facture;Code client;Client;Date;Échéance;Montant TTC\n"
    "F1;C1;Alpha;01/02/2026;03/03/2026;1 234,56\n"
    "F2;C2;\"Beta; fils\";02/02/2026;04/03/2026;10,00\n", ';', "Beta; fils" },
  { "comma",
    "Invoice number,Customer code,Customer,Invoice date,Due date,Amount\n"
    "F1,C1,Alpha,01/02/2026,03/03/2026,\"1,234.56\"\n"
    "F2,C2,\"Beta, fils\",02/02/2026,04/03/2026,10.00\n", ',', "Beta, fils" },
  { "tab",
    "N° facture\tCode client\tClient\tDate\tÉchéance\tMontant TTC\n"
    "F1\tC1\tAlpha\t01/02/2026\t03/03/2026\t1 234,56\n"
    "F2\tC2\t\"Beta\tfils\"\t02/02/2026\t04/03/2026\t10,00\n", '\t', "Beta\tfils" },
};

static void
test_delimiters (Fixture       *fx,
                 gconstpointer  data)
{
  for (guint k = 0; k < G_N_ELEMENTS (delimiter_cases); k++)
    {
      g_autoptr(RlCsvReport) r = NULL;
      g_autoptr(RlInvoice) f1 = NULL;
      g_autoptr(RlInvoice) f2 = NULL;
      g_autoptr(RlCustomer) c2 = NULL;

      g_test_message ("%s", delimiter_cases[k].name);
      r = import_text (fx, delimiter_cases[k].text, NULL);
      g_assert_cmpint (r->delimiter, ==, delimiter_cases[k].delimiter);
      g_assert_cmpint (r->kind, ==, RL_CSV_KIND_INVOICES);
      assert_counts (r, 2, k == 0 ? 2 : 0, 0, k == 0 ? 0 : 2, 0);
      f1 = invoice (fx, "F1");
      g_assert_cmpint (f1->amount, ==, 123456);
      assert_day (f1->issue_date, "2026-02-01");
      assert_day (f1->due_date, "2026-03-03");
      f2 = invoice (fx, "F2");
      g_assert_cmpint (f2->amount, ==, 1000);
      c2 = customer (fx, "C2");
      g_assert_cmpstr (c2->name, ==, delimiter_cases[k].beta_name);
    }
}

static void
test_delimiter_option (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(RlCsvReport) r = NULL;
  g_autoptr(RlCustomer) c = NULL;
  RlCsvOptions options;

  /* More commas than semicolons in the header, but the user knows better. */
  rl_csv_options_init (&options);
  options.delimiter = ';';
  r = import_text (fx, "Code;Nom;a,b,c,d\nC1;Dupont, Jean, M.;x\n", &options);
  g_assert_cmpint (r->delimiter, ==, ';');
  c = customer (fx, "C1");
  g_assert_cmpstr (c->name, ==, "Dupont, Jean, M.");
}

/* Encodings */

static const char customers_utf8[] =
  "Code;Nom;Notes\r\nC1;Société Générale;Prix en € œuvre\r\nC2;Bœuf & Cie;Dû : 10 €\r\n";

static void
check_encoded_customers (Fixture    *fx,
                         const char *path,
                         const char *encoding,
                         const char *notes)
{
  g_autoptr(RlCsvReport) r = import_ok (fx, path, NULL);
  g_autoptr(RlCustomer) c1 = customer (fx, "C1");
  g_autoptr(RlCustomer) c2 = customer (fx, "C2");

  g_assert_cmpstr (r->encoding, ==, encoding);
  g_assert_cmpint (r->kind, ==, RL_CSV_KIND_CUSTOMERS);
  g_assert_cmpuint (r->counts.rows, ==, 2);
  g_assert_cmpstr (c1->name, ==, "Société Générale");
  g_assert_cmpstr (c1->notes, ==, notes);
  g_assert_cmpstr (c2->name, ==, "Bœuf & Cie");
  g_assert_cmpstr (c2->notes, ==, "Dû : 10 €");
}

static void
test_encodings (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *plain = write_file (fx, "plain.csv", customers_utf8, -1);
  g_autofree char *bom_text = g_strconcat ("\xEF\xBB\xBF", customers_utf8, NULL);
  g_autofree char *bom = write_file (fx, "bom.csv", bom_text, -1);
  g_autofree char *latin9 = data_file ("customers-iso-8859-15.csv");
  g_autofree char *cp1252 = data_file ("customers-windows-1252.csv");
  g_autofree char *bytes = NULL;
  gsize len;

  /* The fixtures hold the bytes that matter: € is 0xA4 in Latin-9, 0x80 in Windows-1252. */
  g_assert_true (g_file_get_contents (latin9, &bytes, &len, NULL));
  g_assert_nonnull (memchr (bytes, 0xA4, len));
  g_assert_nonnull (memchr (bytes, 0xBD, len));
  g_clear_pointer (&bytes, g_free);
  g_assert_true (g_file_get_contents (cp1252, &bytes, &len, NULL));
  g_assert_nonnull (memchr (bytes, 0x80, len));
  g_assert_nonnull (memchr (bytes, 0x9C, len));

  check_encoded_customers (fx, plain, "UTF-8", "Prix en € œuvre");
  check_encoded_customers (fx, bom, "UTF-8", "Prix en € œuvre");
  check_encoded_customers (fx, latin9, "ISO-8859-15", "Prix en € œuvre");
  check_encoded_customers (fx, cp1252, "WINDOWS-1252", "Prix en € œuvre");
  g_assert_cmpint (rl_book_count_customers (fx->book), ==, 2);
}

static void
test_utf16 (Fixture       *fx,
            gconstpointer  data)
{
  /* What Excel saves as "Unicode text": UTF-16LE with a byte order mark, TAB-separated. */
  static const char text[] = "Code\tNom\tNotes\r\nC1\tSociété Générale\tPrix en € œuvre\r\n";
  g_autoptr(GError) error = NULL;
  gsize len;
  g_autofree char *utf16 = g_convert (text, -1, "UTF-16LE", "UTF-8", NULL, &len, &error);
  g_autofree char *bytes = g_malloc (len + 2);
  g_autofree char *path = NULL;
  g_autoptr(RlCsvReport) r = NULL;
  g_autoptr(RlCustomer) c1 = NULL;

  g_assert_no_error (error);
  bytes[0] = (char) 0xFF;
  bytes[1] = (char) 0xFE;
  memcpy (bytes + 2, utf16, len);
  path = write_file (fx, "utf16.csv", bytes, len + 2);
  r = import_ok (fx, path, NULL);
  g_assert_cmpstr (r->encoding, ==, "UTF-16LE");
  g_assert_cmpint (r->delimiter, ==, '\t');
  c1 = customer (fx, "C1");
  g_assert_cmpstr (c1->name, ==, "Société Générale");
  g_assert_cmpstr (c1->notes, ==, "Prix en € œuvre");
}

static void
test_encoding_option (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *latin9 = data_file ("customers-iso-8859-15.csv");
  g_autoptr(RlCsvReport) r = NULL;
  g_autoptr(RlCsvReport) bad = NULL;
  g_autoptr(RlCustomer) c1 = NULL;
  g_autofree char *message = NULL;
  RlCsvOptions options;
  gint64 audit = rl_book_count_audit (fx->book);

  /* Read as Windows-1252, 0xA4 is "¤" and 0xBD "½". */
  rl_csv_options_init (&options);
  options.encoding = "WINDOWS-1252";
  r = import_ok (fx, latin9, &options);
  g_assert_cmpstr (r->encoding, ==, "WINDOWS-1252");
  c1 = customer (fx, "C1");
  g_assert_cmpstr (c1->notes, ==, "Prix en ¤ ½uvre");

  /* Forced to UTF-8, the Latin-9 bytes are an error at their line; nothing is written. */
  options.encoding = "UTF-8";
  bad = import_fails (fx, latin9, &options, RL_IMPORT_ERROR_ENCODING, &message);
  g_assert_nonnull (strstr (message, "customers-iso-8859-15.csv:2: "));
  g_assert_nonnull (strstr (message, "UTF-8"));
  g_assert_cmpint (rl_book_count_audit (fx->book), ==, audit + 1);

  options.encoding = "NO-SUCH-ENCODING";
  g_clear_pointer (&bad, rl_csv_report_free);
  bad = import_fails (fx, latin9, &options, RL_IMPORT_ERROR_ENCODING, NULL);
}

static void
test_encoding_bad_byte (Fixture       *fx,
                        gconstpointer  data)
{
  /* 0x80 says Windows-1252, where 0x81 means nothing. */
  static const char bytes[] = "Code;Nom\nC1;Prix \x80\nC2;A\x81" "B\n";
  g_autofree char *path = write_file (fx, "b.csv", bytes, sizeof bytes - 1);
  g_autofree char *message = NULL;
  g_autoptr(RlCsvReport) r = import_fails (fx, path, NULL, RL_IMPORT_ERROR_ENCODING, &message);

  g_assert_cmpstr (r->encoding, ==, "WINDOWS-1252");
  g_assert_nonnull (strstr (message, "b.csv:3: "));
  g_assert_nonnull (strstr (message, "0x81"));
  g_assert_cmpint (rl_book_count_customers (fx->book), ==, 0);
}

/* Headers */

static const struct
{
  const char *header;
  const char *row;
  const char *columns[10];
} invoice_header_cases[] = {
  { "N° de facture;Code client;Raison sociale;Date d'émission;Date d'échéance;Montant TTC;"
    "Devise;Référence commande;Colonne perso",
    "F1;C1;Alpha;15/01/2026;14/02/2026;120,00;EUR;BC-1;x",
    { "number ← N° de facture", "customer_code ← Code client", "customer_name ← Raison sociale",
      "issue_date ← Date d'émission", "due_date ← Date d'échéance", "amount ← Montant TTC",
      "currency ← Devise", "reference ← Référence commande", NULL } },
  { "NUMÉRO FACTURE;  compte   client ;CLIENT;DATE PIÈCE;ÉCHÉANCE;Total TTC (€)",
    "F1;C1;Alpha;15/01/2026;14/02/2026;120,00",
    { "number ← NUMÉRO FACTURE", "customer_code ← compte   client", "customer_name ← CLIENT",
      "issue_date ← DATE PIÈCE", "due_date ← ÉCHÉANCE", "amount ← Total TTC (€)", NULL } },
  { "Invoice No.,Customer ID,Customer Name,Issue Date,Due Date,Total incl. tax,Currency,"
    "Payment reference,Custom",
    "F1,C1,Alpha,15/01/2026,14/02/2026,120.00,EUR,BC-1,x",
    { "number ← Invoice No.", "customer_code ← Customer ID", "customer_name ← Customer Name",
      "issue_date ← Issue Date", "due_date ← Due Date", "amount ← Total incl. tax",
      "currency ← Currency", "reference ← Payment reference", NULL } },
  { "Facture;Client;Date;Échéance;Montant;Montant TTC;Montant HT",
    "F1;Alpha;15/01/2026;14/02/2026;100,00;120,00;100,00",
    { "number ← Facture", "customer_name ← Client", "issue_date ← Date", "due_date ← Échéance",
      "amount ← Montant TTC", NULL } },
  { "invoice #;customer code;company;invoice date;due;gross amount",
    "F1;C1;Alpha;15/01/2026;14/02/2026;120,00",
    { "number ← invoice #", "customer_code ← customer code", "customer_name ← company",
      "issue_date ← invoice date", "due_date ← due", "amount ← gross amount", NULL } },
};

static void
test_invoice_headers (Fixture       *fx,
                      gconstpointer  data)
{
  for (guint k = 0; k < G_N_ELEMENTS (invoice_header_cases); k++)
    {
      g_autofree char *text = g_strdup_printf ("%s\n%s\n", invoice_header_cases[k].header,
                                               invoice_header_cases[k].row);
      g_autoptr(RlCsvReport) r = import_text (fx, text, NULL);
      g_autoptr(RlInvoice) f1 = invoice (fx, "F1");
      guint n = 0;

      g_test_message ("%s", invoice_header_cases[k].header);
      g_assert_cmpint (r->kind, ==, RL_CSV_KIND_INVOICES);
      for (; invoice_header_cases[k].columns[n] != NULL; n++)
        if (!has_string (r->columns, invoice_header_cases[k].columns[n]))
          g_error ("no “%s” in the report", invoice_header_cases[k].columns[n]);
      g_assert_cmpuint (r->columns->len, ==, n);
      g_assert_cmpint (f1->amount, ==, 12000);
      assert_day (f1->due_date, "2026-02-14");
    }
}

static void
test_customer_headers_fr (Fixture       *fx,
                          gconstpointer  data)
{
  g_autoptr(RlCsvReport) r = import_text (fx,
    "Code tiers;Raison sociale;Type;SIREN/SIRET;TVA intracommunautaire;Langue;E-mail;"
    "Téléphone;Adresse;Adresse 2;CP;Ville;Pays;Plafond;Délai de paiement (jours);Fin de mois;"
    "Chargé de recouvrement;Commentaire;Divers\n"
    "411DUP;Dupont SARL;Professionnel;123 456 789 00012;fr 12 123456789;Anglais;"
    "\"compta@dupont.fr; boss@dupont.fr\";01 23 45 67 89;1 rue de la Paix;Bâtiment B;75002;Paris;"
    "France;5 000,00;45;oui;Anne;Bon payeur;?\n"
    "411MAR;Martin Jean;Particulier;;;fr;;;;;;;Belgique;;30 jours fin de mois;;;;\n", NULL);
  g_autoptr(RlCustomer) d = customer (fx, "411DUP");
  g_autoptr(RlCustomer) m = customer (fx, "411MAR");

  g_assert_cmpint (r->kind, ==, RL_CSV_KIND_CUSTOMERS);
  g_assert_cmpuint (r->columns->len, ==, 18);
  g_assert_true (has_string (r->columns, "siren ← SIREN/SIRET"));
  g_assert_true (has_string (r->columns, "terms_end_of_month ← Fin de mois"));
  g_assert_cmpuint (r->ignored->len, ==, 1);
  g_assert_cmpstr (r->ignored->pdata[0], ==, "Divers");
  assert_counts (r, 2, 2, 0, 0, 0);

  g_assert_cmpstr (d->name, ==, "Dupont SARL");
  g_assert_cmpint (d->kind, ==, RL_CUSTOMER_BUSINESS);
  g_assert_cmpstr (d->siren, ==, "123456789");
  g_assert_cmpstr (d->vat_number, ==, "FR12123456789");
  g_assert_cmpstr (d->language, ==, "en");
  g_assert_cmpstr (d->email, ==, "compta@dupont.fr, boss@dupont.fr");
  g_assert_cmpstr (d->phone, ==, "01 23 45 67 89");
  g_assert_cmpstr (d->address1, ==, "1 rue de la Paix");
  g_assert_cmpstr (d->address2, ==, "Bâtiment B");
  g_assert_cmpstr (d->postcode, ==, "75002");
  g_assert_cmpstr (d->city, ==, "Paris");
  g_assert_cmpstr (d->country, ==, "FR");
  g_assert_true (d->has_credit_limit);
  g_assert_cmpint (d->credit_limit, ==, 500000);
  g_assert_cmpint (d->payment_terms_days, ==, 45);
  g_assert_cmpint (d->terms_end_of_month, ==, 1);
  g_assert_cmpstr (d->assigned_to, ==, "Anne");
  g_assert_cmpstr (d->notes, ==, "Bon payeur");

  g_assert_cmpint (m->kind, ==, RL_CUSTOMER_CONSUMER);
  g_assert_cmpstr (m->country, ==, "BE");
  g_assert_cmpint (m->payment_terms_days, ==, 30);
  g_assert_cmpint (m->terms_end_of_month, ==, 1);
  g_assert_false (m->has_credit_limit);
}

static void
test_customer_headers_en (Fixture       *fx,
                          gconstpointer  data)
{
  g_autoptr(RlCsvReport) r = import_text (fx,
    "Customer code,Company,Customer type,SIREN,VAT number,Language,Email,Phone,"
    "Address line 1,Postal code,City,Country,Credit limit,Payment terms,End of month,Owner,"
    "Remarks\n"
    "ACME,\"Acme, Inc.\",B2C,987654321,,English,ap@acme.test,+1 555 0100,1 Main St,10001,"
    "New York,United States,\"1,500.50\",60,no,bob,VIP\n", NULL);
  g_autoptr(RlCustomer) a = customer (fx, "ACME");

  g_assert_cmpint (r->delimiter, ==, ',');
  g_assert_cmpuint (r->columns->len, ==, 17);
  g_assert_cmpuint (r->ignored->len, ==, 0);
  g_assert_cmpstr (a->name, ==, "Acme, Inc.");
  g_assert_cmpint (a->kind, ==, RL_CUSTOMER_CONSUMER);
  g_assert_cmpstr (a->siren, ==, "987654321");
  g_assert_cmpstr (a->language, ==, "en");
  g_assert_cmpstr (a->country, ==, "US");
  g_assert_cmpint (a->credit_limit, ==, 150050);
  g_assert_cmpint (a->payment_terms_days, ==, 60);
  g_assert_cmpint (a->terms_end_of_month, ==, 0);
  g_assert_cmpstr (a->assigned_to, ==, "bob");
  g_assert_cmpstr (a->notes, ==, "VIP");
}

static void
test_customer_bad_values (Fixture       *fx,
                          gconstpointer  data)
{
  g_autofree char *path = write_file (fx, "c.csv",
    "Code;Nom;Type;SIREN;Langue;Email;Pays;Délai de paiement;Fin de mois\n"
    "C1;Un;Martien;123;klingon;pas-un-mail;Atlantide;400;peut-être\n"
    ";;;;;;;;\n"
    ";Sans code;;;;;;;\n", -1);
  g_autoptr(RlCsvReport) r = import_fails (fx, path, NULL, RL_IMPORT_ERROR_INVALID_ROWS, NULL);

  /* Every bad value of the row is reported; the empty row is skipped; the row without a
   * code gets one from its name. */
  g_assert_cmpuint (r->problems->len, ==, 7);
  assert_problem (r, 0, 2, "Type", "neither a business nor a consumer");
  assert_problem (r, 1, 2, "SIREN", "“123” is neither a SIREN");
  assert_problem (r, 2, 2, "Langue", "unknown language “klingon”");
  assert_problem (r, 3, 2, "Email", "“pas-un-mail” is not an e-mail address");
  assert_problem (r, 4, 2, "Pays", "unknown country “Atlantide”");
  assert_problem (r, 5, 2, "Délai de paiement", "“400” is not a number of days");
  assert_problem (r, 6, 2, "Fin de mois", "“peut-être” is neither yes nor no");
  assert_counts (r, 2, 1, 0, 0, 1);
  g_assert_cmpint (rl_book_count_customers (fx->book), ==, 0);
}

/* Values */

static void
test_numbers (Fixture       *fx,
              gconstpointer  data)
{
  static const struct { const char *number, *text; RlCents cents; gboolean credit; } rows[] = {
    { "N1", "1 234,56", 123456, FALSE },
    { "N2", "1234.56", 123456, FALSE },
    { "N3", "-12,00", 1200, TRUE },
    { "N4", "12,00-", 1200, TRUE },
    { "N5", "(12.00)", 1200, TRUE },
    { "N6", "1.234,56 €", 123456, FALSE },
    { "N7", "1\xC2\xA0" "234,56", 123456, FALSE },
    { "N8", "1 000", 100000, FALSE },
    { "N9", "EUR 7,5", 750, FALSE },
  };
  g_autoptr(GString) text = g_string_new ("N° facture;Client;Date;Montant TTC\n");
  g_autoptr(RlCsvReport) r = NULL;
  g_autoptr(RlCsvReport) r2 = NULL;
  g_autoptr(RlInvoice) p1 = NULL;
  g_autoptr(RlInvoice) p2 = NULL;
  g_autoptr(RlInvoice) p3 = NULL;
  RlCsvOptions options;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_string_append_printf (text, "%s;Alpha;01/03/2026;\"%s\"\n", rows[i].number, rows[i].text);
  r = import_text (fx, text->str, NULL);
  g_assert_cmpuint (r->counts.inserted, ==, G_N_ELEMENTS (rows));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(RlInvoice) inv = invoice (fx, rows[i].number);

      g_assert_cmpint (inv->amount, ==, rows[i].cents);
      g_assert_cmpint (inv->kind, ==, rows[i].credit ? RL_INVOICE_KIND_CREDIT_NOTE
                                                     : RL_INVOICE_KIND_INVOICE);
    }

  /* A ','-separated file reads "1,234" as thousands; an explicit style wins. */
  r2 = import_text (fx, "Invoice,Customer,Invoice date,Amount\nP1,Alpha,01/03/2026,\"1,234\"\n"
                        "P2,Alpha,01/03/2026,\"1,234.5\"\n", NULL);
  p1 = invoice (fx, "P1");
  g_assert_cmpint (p1->amount, ==, 123400);
  p2 = invoice (fx, "P2");
  g_assert_cmpint (p2->amount, ==, 123450);
  rl_csv_options_init (&options);
  options.decimal = RL_DECIMAL_POINT;
  g_clear_pointer (&r2, rl_csv_report_free);
  r2 = import_text (fx, "N° facture;Client;Date;Montant TTC\nP3;Alpha;01/03/2026;1,234\n",
                    &options);
  p3 = invoice (fx, "P3");
  g_assert_cmpint (p3->amount, ==, 123400);
}

static void
test_dates (Fixture       *fx,
            gconstpointer  data)
{
  static const char * const texts[] = {
    "22/11/2026", "2026-11-22", "22.11.2026", "22-11-2026", "20261122", "22/11/26",
    "2026-11-22T10:30:00",
  };
  g_autoptr(GString) text = g_string_new ("Facture;Client;Date;Échéance;Montant\n");
  g_autoptr(RlCsvReport) r = NULL;
  g_autoptr(RlCsvReport) r2 = NULL;
  g_autoptr(RlInvoice) us = NULL;
  RlCsvOptions options;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_string_append_printf (text, "D%u;Alpha;%s;%s;1,00\n", i, texts[i], texts[i]);
  r = import_text (fx, text->str, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *number = g_strdup_printf ("D%u", i);
      g_autoptr(RlInvoice) inv = invoice (fx, number);

      assert_day (inv->issue_date, "2026-11-22");
      assert_day (inv->due_date, "2026-11-22");
    }

  rl_csv_options_init (&options);
  options.date_order = RL_DATE_ORDER_MDY;
  r2 = import_text (fx, "Facture;Client;Date;Échéance;Montant\n"
                        "US1;Alpha;11/22/2026;12/22/2026;1,00\n", &options);
  us = invoice (fx, "US1");
  assert_day (us->issue_date, "2026-11-22");
  assert_day (us->due_date, "2026-12-22");
}

/* Quoting, line endings and line numbers */

static char *
with_eol (const char *text,
          const char *eol)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  return g_strjoinv (eol, lines);
}

static void
test_quoting (Fixture       *fx,
              gconstpointer  data)
{
  static const char text[] =
    "N° facture;Client;Date;Montant TTC;Référence\n"
    "F1;\"Dupont; fils\";01/02/2026;10,00;\"ref \"\"A\"\"\"\n"
    "F2;Martin;01/02/2026;20,00;\"multi\n"
    "line\"\n"
    "F3;Martin;pas une date;30,00;x\n"
    "F4;\"Durand\n"
    "\n"
    "SA\";01/02/2026;abc;y\n"
    "\n"
    "\n";
  static const char * const eols[] = { "\n", "\r\n", "\r" };

  for (guint k = 0; k < G_N_ELEMENTS (eols); k++)
    {
      g_autofree char *content = with_eol (text, eols[k]);
      g_autofree char *path = write_file (fx, "q.csv", content, -1);
      g_autofree char *multi = g_strconcat ("multi", eols[k], "line", NULL);
      g_autoptr(RlCsvReport) bad = NULL;
      g_autoptr(RlCsvReport) r = NULL;
      g_autoptr(RlInvoice) f1 = NULL;
      g_autoptr(RlInvoice) f2 = NULL;
      g_autoptr(RlCustomer) dupont = NULL;
      RlCsvOptions options;

      bad = import_fails (fx, path, NULL, RL_IMPORT_ERROR_INVALID_ROWS, NULL);
      g_assert_cmpuint (bad->problems->len, ==, 2);
      assert_problem (bad, 0, 5, "Date", "“pas une date” is not a date");
      assert_problem (bad, 1, 6, "Montant TTC", "“abc” is not an amount");
      /* F2's reference holds the line break, so it changes from one ending to the next. */
      assert_counts (bad, 4, k == 0 ? 2 : 0, k == 0 ? 0 : 1, k == 0 ? 0 : 1, 2);

      rl_csv_options_init (&options);
      options.skip_invalid = TRUE;
      r = import_ok (fx, path, &options);
      assert_counts (r, 4, k == 0 ? 2 : 0, k == 0 ? 0 : 1, k == 0 ? 0 : 1, 2);
      f1 = invoice (fx, "F1");
      g_assert_cmpstr (f1->reference, ==, "ref \"A\"");
      f2 = invoice (fx, "F2");
      g_assert_cmpstr (f2->reference, ==, multi);
      dupont = customer (fx, "DUPONTFILS");
      g_assert_cmpstr (dupont->name, ==, "Dupont; fils");
    }
}

static void
test_short_rows (Fixture       *fx,
                 gconstpointer  data)
{
  /* Missing optional trailing fields are empty; extra empty fields are ignored. */
  g_autoptr(RlCsvReport) r = import_text (fx, "Code;Nom;Email;Ville\nC1;Alpha\nC2;Beta;;Lyon;;\n",
                                          NULL);
  g_autoptr(RlCustomer) c2 = customer (fx, "C2");

  assert_counts (r, 2, 2, 0, 0, 0);
  g_assert_cmpstr (c2->city, ==, "Lyon");
}

/* Re-imports */

static const char reimport_text[] =
  "N° facture;Code client;Client;Date;Échéance;Montant\n"
  "F1;C1;Alpha;01/01/2026;31/01/2026;100,00\n"
  "F2;C1;Alpha;02/01/2026;01/02/2026;200,00\n"
  "F3;C2;Beta;03/01/2026;02/02/2026;300,00\n";

static void
test_reimport (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(RlCsvReport) r1 = import_text (fx, reimport_text, NULL);
  g_autoptr(RlCsvReport) r2 = NULL;
  g_autoptr(RlCsvReport) r3 = NULL;
  g_autoptr(GString) updated = g_string_new (reimport_text);
  g_autoptr(RlInvoice) f2 = NULL;
  gint64 audit;

  assert_counts (r1, 3, 3, 0, 0, 0);
  g_assert_cmpuint (r1->counts.customers_created, ==, 2);
  g_assert_cmpint (r1->import_id, >, 0);

  audit = rl_book_count_audit (fx->book);
  r2 = import_text (fx, reimport_text, NULL);
  assert_counts (r2, 3, 0, 0, 3, 0);
  g_assert_cmpuint (r2->counts.customers_created, ==, 0);
  g_assert_cmpint (r2->import_id, >, r1->import_id);
  g_assert_cmpint (rl_book_count_invoices (fx->book), ==, 3);
  g_assert_cmpint (rl_book_count_customers (fx->book), ==, 2);
  /* Only the import itself is logged. */
  g_assert_cmpint (rl_book_count_audit (fx->book), ==, audit + 1);

  g_string_replace (updated, "200,00", "250,00", 1);
  g_string_append (updated, "F4;C3;Gamma;04/01/2026;03/02/2026;400,00\n");
  r3 = import_text (fx, updated->str, NULL);
  assert_counts (r3, 4, 1, 1, 2, 0);
  g_assert_cmpuint (r3->counts.customers_created, ==, 1);
  f2 = invoice (fx, "F2");
  g_assert_cmpint (f2->amount, ==, 25000);
  g_assert_cmpint (rl_book_count_invoices (fx->book), ==, 4);
}

/* Bad rows */

static const char bad_text[] =
  "N° facture;Code client;Client;Date;Échéance;Montant\n"
  "F1;C1;Alpha;01/02/2026;03/03/2026;10,00\n"
  "F2;C1;Alpha;31/02/2026;03/03/2026;10,00\n"
  ";C1;Alpha;01/02/2026;03/03/2026;10,00\n"
  "F4;C1;Alpha;01/02/2026;03/03/2026;dix\n"
  "F5;C1;Alpha;01/02/2026;03/01/2026;10,00\n"
  "F6;C1;Alpha;01/02/2026\n"
  "F7;C2;Beta;01/02/2026;03/03/2026;10,00;extra\n"
  "F8;;;01/02/2026;03/03/2026;10,00\n"
  "F9;C3;Gamma;01/02/2026;03/03/2026;10,00\n";

static void
test_bad_rows (Fixture       *fx,
               gconstpointer  data)
{
  g_autofree char *path = write_file (fx, "bad.csv", bad_text, -1);
  g_autoptr(RlCsvReport) r = NULL;
  g_autofree char *message = NULL;
  g_autofree char *line = NULL;
  g_autofree char *expected = NULL;
  gint64 audit = rl_book_count_audit (fx->book);

  r = import_fails (fx, path, NULL, RL_IMPORT_ERROR_INVALID_ROWS, &message);
  g_assert_true (g_str_has_suffix (message, "7 invalid rows"));
  g_assert_cmpuint (r->problems->len, ==, 7);
  assert_problem (r, 0, 3, "Date", "“31/02/2026” is not a valid date");
  assert_problem (r, 1, 4, "N° facture", "no invoice number");
  assert_problem (r, 2, 5, "Montant", "“dix” is not an amount");
  assert_problem (r, 3, 6, "Échéance", "due on 2026-01-03, before it was issued on 2026-02-01");
  assert_problem (r, 4, 7, NULL, "4 fields where the header has 6");
  assert_problem (r, 5, 8, NULL, "7 fields where the header has 6");
  assert_problem (r, 6, 9, "Code client", "no customer");
  assert_counts (r, 9, 2, 0, 0, 7);

  line = rl_import_problem_to_string (r->problems->pdata[0]);
  expected = g_strdup_printf ("%s:3: Date: “31/02/2026” is not a valid date", path);
  g_assert_cmpstr (line, ==, expected);

  /* The book is as it was. */
  g_assert_cmpint (rl_book_count_invoices (fx->book), ==, 0);
  g_assert_cmpint (rl_book_count_customers (fx->book), ==, 0);
  g_assert_cmpint (rl_book_count_audit (fx->book), ==, audit);
  g_assert_false (rl_book_in_transaction (fx->book));
}

static void
test_skip_invalid (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *path = write_file (fx, "bad.csv", bad_text, -1);
  g_autofree char *rejects = g_build_filename (fx->dir, "bad.rejects.csv", NULL);
  g_autofree char *content = NULL;
  g_autoptr(RlCsvReport) r = NULL;
  g_autoptr(RlInvoice) f9 = NULL;
  RlCsvOptions options;

  rl_csv_options_init (&options);
  options.skip_invalid = TRUE;
  r = import_ok (fx, path, &options);
  assert_counts (r, 9, 2, 0, 0, 7);
  g_assert_cmpuint (r->problems->len, ==, 7);
  g_assert_cmpstr (r->rejects_path, ==, rejects);
  g_assert_cmpint (r->import_id, >, 0);
  g_assert_cmpint (rl_book_count_invoices (fx->book), ==, 2);
  g_assert_cmpint (rl_book_count_customers (fx->book), ==, 2);
  f9 = invoice (fx, "F9");
  g_assert_cmpint (f9->amount, ==, 1000);

  g_assert_true (g_file_get_contents (rejects, &content, NULL, NULL));
  g_assert_cmpstr (content, ==,
    "N° facture;Code client;Client;Date;Échéance;Montant;Error\r\n"
    "F2;C1;Alpha;31/02/2026;03/03/2026;10,00;Date: “31/02/2026” is not a valid date\r\n"
    ";C1;Alpha;01/02/2026;03/03/2026;10,00;N° facture: no invoice number\r\n"
    "F4;C1;Alpha;01/02/2026;03/03/2026;dix;Montant: “dix” is not an amount\r\n"
    "F5;C1;Alpha;01/02/2026;03/01/2026;10,00;"
    "Échéance: due on 2026-01-03, before it was issued on 2026-02-01\r\n"
    "F6;C1;Alpha;01/02/2026;;;4 fields where the header has 6\r\n"
    "F7;C2;Beta;01/02/2026;03/03/2026;10,00;extra;7 fields where the header has 6\r\n"
    "F8;;;01/02/2026;03/03/2026;10,00;Code client: no customer\r\n");
}

static void
test_rejects_path_option (Fixture       *fx,
                          gconstpointer  data)
{
  g_autofree char *path = write_file (fx, "in.csv",
    "Code;Nom;Langue\nC1;Alpha;fr\nC2;\"Beta; \"\"B\"\"\";martien\n", -1);
  g_autofree char *rejects = g_build_filename (fx->dir, "out.csv", NULL);
  g_autofree char *content = NULL;
  g_autoptr(RlCsvReport) r = NULL;
  RlCsvOptions options;

  rl_csv_options_init (&options);
  options.skip_invalid = TRUE;
  options.rejects_path = rejects;
  r = import_ok (fx, path, &options);
  g_assert_cmpstr (r->rejects_path, ==, rejects);
  g_assert_true (g_file_get_contents (rejects, &content, NULL, NULL));
  g_assert_cmpstr (content, ==, "Code;Nom;Langue;Error\r\n"
                                "C2;\"Beta; \"\"B\"\"\";martien;"
                                "Langue: unknown language “martien” (fr or en)\r\n");
}

/* Payments */

static const char payment_invoices[] =
  "N° facture;Code client;Client;Date;Échéance;Montant\n"
  "F1;C1;Alpha;01/01/2026;31/01/2026;100,00\n"
  "F2;C1;Alpha;01/02/2026;28/02/2026;200,00\n"
  "F3;C2;Beta;01/02/2026;28/02/2026;50,00\n";

static const char payment_text[] =
  "Date de paiement;Code client;N° facture;Montant;Mode de paiement;Référence\n"
  "10/02/2026;C1;F2;150,00;Virement;VIR-001\n"
  "11/02/2026;C1;;80,00;Chèque;CHQ-9\n"
  "12/02/2026;;F3;50,00;Virement;VIR-002\n";

static void
assert_paid (Fixture    *fx,
             const char *number,
             RlCents     paid)
{
  g_autoptr(RlInvoice) inv = invoice (fx, number);

  g_assert_cmpint (inv->paid, ==, paid);
}

static void
test_payments_named (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(RlCsvReport) inv = import_text (fx, payment_invoices, NULL);
  g_autoptr(RlCsvReport) r = import_text (fx, payment_text, NULL);
  g_autoptr(RlCsvReport) again = NULL;
  g_autoptr(GPtrArray) list = NULL;

  assert_counts (inv, 3, 3, 0, 0, 0);
  g_assert_cmpint (r->kind, ==, RL_CSV_KIND_PAYMENTS);
  assert_counts (r, 3, 3, 0, 0, 0);
  g_assert_cmpint (r->allocated, ==, 20000);
  assert_paid (fx, "F1", 0);
  assert_paid (fx, "F2", 15000);
  assert_paid (fx, "F3", 5000);
  list = payments (fx);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (list->pdata[0], ==, "csv:ref:VIR-001=15000/0");
  g_assert_cmpstr (list->pdata[1], ==, "csv:ref:CHQ-9=8000/8000");
  g_assert_cmpstr (list->pdata[2], ==, "csv:ref:VIR-002=5000/0");

  again = import_text (fx, payment_text, NULL);
  assert_counts (again, 3, 0, 0, 3, 0);
  g_assert_cmpint (again->allocated, ==, 0);
  g_assert_cmpint (rl_book_count_payments (fx->book), ==, 3);
  assert_paid (fx, "F2", 15000);
}

static void
test_payments_oldest_first (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(RlCsvReport) inv = import_text (fx, payment_invoices, NULL);
  g_autoptr(RlCsvReport) r = NULL;
  RlCsvOptions options;

  assert_counts (inv, 3, 3, 0, 0, 0);
  rl_csv_options_init (&options);
  options.allocate = RL_ALLOCATE_OLDEST_FIRST;
  r = import_text (fx, payment_text, &options);
  g_assert_cmpint (r->allocated, ==, 28000);
  assert_paid (fx, "F1", 8000);
  assert_paid (fx, "F2", 15000);
  assert_paid (fx, "F3", 5000);
}

static void
test_payment_keys (Fixture       *fx,
                   gconstpointer  data)
{
  static const char text[] =
    "Date;Client;Montant;Mode de paiement;Référence\n"
    "10/02/2026;Alpha;100,00;Virement;VIR\n"
    "10/02/2026;Alpha;100,00;Virement;VIR\n"
    "11/02/2026;Alpha;50,00;Virement;UNIQUE-1\n";
  g_autoptr(RlCsvReport) r = import_text (fx, text, NULL);
  g_autoptr(RlCsvReport) again = NULL;
  g_autoptr(RlCsvReport) ids = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(RlCustomer) alpha = NULL;

  /* Two identical payments are two payments; a re-import adds neither again. */
  g_assert_cmpint (r->kind, ==, RL_CSV_KIND_PAYMENTS);
  assert_counts (r, 3, 3, 0, 0, 0);
  g_assert_cmpuint (r->counts.customers_created, ==, 1);
  alpha = customer (fx, "ALPHA");
  g_assert_cmpstr (alpha->name, ==, "Alpha");
  list = payments (fx);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_true (g_str_has_prefix (list->pdata[0], "csv:2026-02-10:10000:"));
  g_assert_true (g_str_has_suffix (list->pdata[0], ":1=10000/10000")
                 || g_str_has_suffix (list->pdata[0], ":2=10000/10000"));
  g_assert_cmpstr (list->pdata[2], ==, "csv:ref:UNIQUE-1=5000/5000");
  again = import_text (fx, text, NULL);
  assert_counts (again, 3, 0, 0, 3, 0);
  g_assert_cmpint (rl_book_count_payments (fx->book), ==, 3);

  /* An id column is the identity; a changed amount updates the payment. */
  ids = import_text (fx, "ID paiement;Date de règlement;Montant;Facture\n"
                         "P-1;12/02/2026;10,00;\nP-2;12/02/2026;20,00;\n", NULL);
  assert_counts (ids, 2, 2, 0, 0, 0);
  g_clear_pointer (&ids, rl_csv_report_free);
  ids = import_text (fx, "ID paiement;Date de règlement;Montant;Facture\n"
                         "P-1;12/02/2026;10,00;\nP-2;12/02/2026;25,00;\n", NULL);
  assert_counts (ids, 2, 0, 1, 1, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = payments (fx);
  g_assert_true (has_string (list, "csv:id:P-2=2500/2500"));
  g_assert_cmpint (rl_book_count_payments (fx->book), ==, 5);
}

static void
test_payment_bad_rows (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *path = write_file (fx, "p.csv",
    "Date de règlement;Montant;N° facture\n"
    "10/02/2026;-10,00;F1\n"
    "10/02/2026;0,00;F1\n"
    ";10,00;F1\n", -1);
  g_autoptr(RlCsvReport) r = import_fails (fx, path, NULL, RL_IMPORT_ERROR_INVALID_ROWS, NULL);

  g_assert_cmpuint (r->problems->len, ==, 3);
  assert_problem (r, 0, 2, "Montant", "a payment cannot be negative");
  assert_problem (r, 1, 3, "Montant", "a payment of zero");
  assert_problem (r, 2, 4, "Date de règlement", "no date");
  g_assert_cmpint (rl_book_count_payments (fx->book), ==, 0);
}

/* Credit notes */

static void
test_credit_notes (Fixture       *fx,
                   gconstpointer  data)
{
  static const char text[] =
    "N° facture;Type;Code client;Client;Date;Montant;Facture d'origine\n"
    "AV1;Avoir;C1;Alpha;05/01/2026;30,00;F1\n"
    "F1;Facture;C1;Alpha;01/01/2026;100,00;\n"
    "F2;FA;C1;Alpha;02/01/2026;50,00;\n"
    "AV2;credit note;C1;Alpha;06/01/2026;-80,00;F2\n"
    "AV3;AV;C2;Beta;06/01/2026;10,00;F1\n";
  g_autoptr(RlCsvReport) r = import_text (fx, text, NULL);
  g_autoptr(RlCsvReport) again = NULL;
  g_autoptr(RlInvoice) av1 = invoice (fx, "AV1");
  g_autoptr(RlInvoice) av2 = invoice (fx, "AV2");
  g_autoptr(RlInvoice) av3 = invoice (fx, "AV3");

  assert_counts (r, 5, 5, 0, 0, 0);
  g_assert_cmpint (av1->kind, ==, RL_INVOICE_KIND_CREDIT_NOTE);
  g_assert_cmpint (av1->amount, ==, 3000);
  g_assert_cmpstr (av1->credited_number, ==, "F1");
  /* The credit note came before its invoice: applied at the end of the file. */
  g_assert_cmpint (av1->paid, ==, 3000);
  assert_paid (fx, "F1", 3000);
  /* More than F2 owed: 50 applied, 30 left. */
  g_assert_cmpint (av2->amount, ==, 8000);
  g_assert_cmpint (av2->paid, ==, 5000);
  assert_paid (fx, "F2", 5000);
  /* Another customer's invoice is not credited. */
  g_assert_cmpint (av3->paid, ==, 0);

  again = import_text (fx, text, NULL);
  assert_counts (again, 5, 0, 0, 5, 0);
  assert_paid (fx, "F1", 3000);
  assert_paid (fx, "F2", 5000);
}

static void
test_credit_note_by_sign (Fixture       *fx,
                          gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(RlCsvReport) r = import_text (fx, "N° facture;Client;Date;Montant TTC\n"
                                              "F1;Alpha;01/01/2026;100,00\n"
                                              "AV1;Alpha;02/01/2026;-25,00\n", NULL);
  g_autoptr(RlInvoice) av1 = invoice (fx, "AV1");
  g_autoptr(RlInvoice) f1 = invoice (fx, "F1");
  g_autoptr(RlCsvReport) bad = NULL;

  assert_counts (r, 2, 2, 0, 0, 0);
  g_assert_cmpint (av1->kind, ==, RL_INVOICE_KIND_CREDIT_NOTE);
  g_assert_cmpint (av1->amount, ==, 2500);
  g_assert_cmpint (f1->kind, ==, RL_INVOICE_KIND_INVOICE);

  /* A negative invoice when the kind column says invoice is an error. */
  path = write_file (fx, "neg.csv", "N° facture;Type;Client;Date;Montant\n"
                                    "F9;Facture;Alpha;01/01/2026;-5,00\n"
                                    "F10;Bon;Alpha;01/01/2026;5,00\n", -1);
  bad = import_fails (fx, path, NULL, RL_IMPORT_ERROR_INVALID_ROWS, NULL);
  assert_problem (bad, 0, 2, "Montant", "negative");
  assert_problem (bad, 1, 3, "Type", "“Bon” is neither an invoice nor a credit note");
}

/* Due dates and paid amounts */

static void
test_due_from_terms (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlCompany) company = rl_book_get_company (fx->book, &error);
  g_autoptr(RlCsvReport) c = NULL;
  g_autoptr(RlCsvReport) r = NULL;
  static const struct { const char *number, *due; } expected[] = {
    { "F1", "2026-03-31" },  /* 15/01 + 45 days = 01/03, end of month */
    { "F2", "2026-01-25" },  /* + 10 days */
    { "F3", "2026-03-16" },  /* the company's 60 days */
    { "F4", "2026-02-20" },  /* given */
    { "F5", "2026-02-28" },  /* terms on the invoice file: 30 days end of month */
  };

  company->payment_terms_days = 60;
  g_assert_true (rl_book_set_company (fx->book, company, &error));
  g_assert_no_error (error);
  c = import_text (fx, "Code client;Nom;Délai de paiement;Fin de mois\n"
                       "C1;Alpha;45;oui\nC2;Beta;10;non\n", NULL);
  r = import_text (fx, "N° facture;Code client;Client;Date;Échéance;Montant;"
                       "Conditions de paiement\n"
                       "F1;C1;Alpha;15/01/2026;;10,00;\n"
                       "F2;C2;Beta;15/01/2026;;10,00;\n"
                       "F3;C3;Gamma;15/01/2026;;10,00;\n"
                       "F4;C3;Gamma;15/01/2026;20/02/2026;10,00;\n"
                       "F5;C4;Delta;15/01/2026;;10,00;30 jours fin de mois\n", NULL);
  assert_counts (r, 5, 5, 0, 0, 0);
  g_assert_cmpuint (r->counts.customers_created, ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(RlInvoice) inv = invoice (fx, expected[i].number);

      assert_day (inv->due_date, expected[i].due);
    }
}

static void
test_paid_column (Fixture       *fx,
                  gconstpointer  data)
{
  static const char text[] =
    "N° facture;Client;Date;Échéance;Montant TTC;Montant réglé\n"
    "F1;Alpha;01/01/2026;31/01/2026;100,00;100,00\n"
    "F2;Alpha;01/01/2026;31/01/2026;100,00;40,00\n"
    "F3;Alpha;01/01/2026;31/01/2026;100,00;\n";
  g_autoptr(RlCsvReport) r = import_text (fx, text, NULL);
  g_autoptr(RlCsvReport) again = NULL;
  g_autoptr(RlCsvReport) more = NULL;
  g_autoptr(RlInvoice) f1 = invoice (fx, "F1");
  g_autoptr(GString) updated = g_string_new (text);

  g_assert_cmpint (r->kind, ==, RL_CSV_KIND_INVOICES);
  assert_counts (r, 3, 3, 0, 0, 0);
  g_assert_cmpint (f1->status, ==, RL_INVOICE_STATUS_PAID);
  assert_paid (fx, "F2", 4000);
  assert_paid (fx, "F3", 0);
  g_assert_cmpint (rl_book_count_payments (fx->book), ==, 2);

  again = import_text (fx, text, NULL);
  assert_counts (again, 3, 0, 0, 3, 0);
  assert_paid (fx, "F2", 4000);

  g_string_replace (updated, "100,00;40,00", "100,00;60,00", 1);
  more = import_text (fx, updated->str, NULL);
  assert_counts (more, 3, 0, 1, 2, 0);
  assert_paid (fx, "F2", 6000);
  g_assert_cmpint (rl_book_count_payments (fx->book), ==, 2);
}

/* Customers on invoice files */

static void
test_customers_by_name (Fixture       *fx,
                        gconstpointer  data)
{
  static const char text[] =
    "N° facture;Client;Date;Montant TTC\n"
    "F1;Société Générale;01/01/2026;10,00\n"
    "F2;Société Générale Bis;01/01/2026;10,00\n"
    "F3;société générale;01/01/2026;10,00\n";
  g_autoptr(RlCsvReport) r = import_text (fx, text, NULL);
  g_autoptr(RlCsvReport) again = NULL;
  g_autoptr(RlCustomer) a = customer (fx, "SOCIETEGENER");
  g_autoptr(RlCustomer) b = customer (fx, "SOCIETEGENE2");
  g_autoptr(RlInvoice) f3 = invoice (fx, "F3");

  g_assert_cmpuint (r->counts.customers_created, ==, 2);
  g_assert_cmpstr (a->name, ==, "Société Générale");
  g_assert_cmpstr (b->name, ==, "Société Générale Bis");
  g_assert_cmpint (f3->customer_id, ==, a->id);

  again = import_text (fx, text, NULL);
  g_assert_cmpuint (again->counts.customers_created, ==, 0);
  assert_counts (again, 3, 0, 0, 3, 0);
  g_assert_cmpint (rl_book_count_customers (fx->book), ==, 2);
}

static void
test_customer_details_on_invoices (Fixture       *fx,
                                   gconstpointer  data)
{
  g_autoptr(RlCsvReport) r = import_text (fx,
    "N° facture;Code client;Client;SIRET;Email;Adresse;Code postal;Ville;Date;Montant\n"
    "F1;C1;Alpha SA;123 456 789 00012;compta@alpha.fr;1 rue de la Paix;75002;Paris;"
    "01/01/2026;10,00\n"
    "F2;C1;Alpha SA;123 456 789 00012;compta@alpha.fr;1 rue de la Paix;75002;Paris;"
    "02/01/2026;10,00\n",
    NULL);
  g_autoptr(RlCsvReport) r2 = NULL;
  g_autoptr(RlCustomer) c1 = customer (fx, "C1");
  g_autoptr(RlCustomer) c1b = NULL;
  g_autoptr(RlInvoice) f1 = NULL;

  g_assert_cmpuint (r->counts.customers_created, ==, 1);
  g_assert_cmpstr (c1->name, ==, "Alpha SA");
  g_assert_cmpstr (c1->siren, ==, "123456789");
  g_assert_cmpstr (c1->email, ==, "compta@alpha.fr");
  g_assert_cmpstr (c1->address1, ==, "1 rue de la Paix");
  g_assert_cmpstr (c1->postcode, ==, "75002");
  g_assert_cmpstr (c1->city, ==, "Paris");

  /* A later export with a new e-mail and name updates the customer, keeps the rest. */
  r2 = import_text (fx, "N° facture;Code client;Client;Email;Date;Montant\n"
                        "F1;C1;Alpha SAS;relances@alpha.fr;01/01/2026;10,00\n", NULL);
  assert_counts (r2, 1, 0, 0, 1, 0);
  c1b = customer (fx, "C1");
  g_assert_cmpstr (c1b->name, ==, "Alpha SAS");
  g_assert_cmpstr (c1b->email, ==, "relances@alpha.fr");
  g_assert_cmpstr (c1b->city, ==, "Paris");
  f1 = invoice (fx, "F1");
  g_assert_cmpint (f1->customer_id, ==, c1->id);
}

/* Mapping and kinds */

static void
test_mapping (Fixture       *fx,
              gconstpointer  data)
{
  g_autofree char *path = write_file (fx, "m.csv", "Doc;Cli;Quand;Combien, TTC;Zut\n"
                                                   "X1;Alpha;01/01/2026;12,50;?\n", -1);
  g_autoptr(RlCsvReport) r = NULL;
  g_autoptr(RlCsvReport) bad = NULL;
  g_autoptr(RlInvoice) x1 = NULL;
  g_autofree char *message = NULL;
  RlCsvOptions options;

  rl_csv_options_init (&options);
  options.mapping = "number=Doc, customer_name=Cli,issue_date=quand,amount=Combien, TTC";
  r = import_ok (fx, path, &options);
  g_assert_cmpint (r->kind, ==, RL_CSV_KIND_INVOICES);
  g_assert_true (has_string (r->columns, "number ← Doc"));
  g_assert_true (has_string (r->columns, "amount ← Combien, TTC"));
  g_assert_cmpuint (r->ignored->len, ==, 1);
  g_assert_cmpstr (r->ignored->pdata[0], ==, "Zut");
  x1 = invoice (fx, "X1");
  g_assert_cmpint (x1->amount, ==, 1250);

  options.mapping = "number=Doc,customer_name=Cli,issue_date=Quand,amout=Combien, TTC";
  bad = import_fails (fx, path, &options, RL_IMPORT_ERROR_MAPPING, &message);
  g_assert_nonnull (strstr (message, "amout"));
  g_clear_pointer (&bad, rl_csv_report_free);
  g_clear_pointer (&message, g_free);

  options.kind = RL_CSV_KIND_INVOICES;
  options.mapping = "number=Doc,customer_name=Cli,issue_date=Quand,amount=Nulle part";
  bad = import_fails (fx, path, &options, RL_IMPORT_ERROR_MAPPING, &message);
  g_assert_nonnull (strstr (message, "Nulle part"));
  g_clear_pointer (&bad, rl_csv_report_free);
  g_clear_pointer (&message, g_free);

  options.mapping = "date=Quand";
  bad = import_fails (fx, path, &options, RL_IMPORT_ERROR_MAPPING, &message);
  g_assert_nonnull (strstr (message, "not a field of invoice files"));
  g_clear_pointer (&bad, rl_csv_report_free);

  /* Without the mapping, the required columns are missing: they are named. */
  g_clear_pointer (&message, g_free);
  options.mapping = NULL;
  bad = import_fails (fx, path, &options, RL_IMPORT_ERROR_FORMAT, &message);
  g_assert_nonnull (strstr (message, "number"));
  g_assert_nonnull (strstr (message, "amount"));
}

static const struct
{
  const char *header;
  RlCsvKind   kind;   /* AUTO: not recognized */
} kind_cases[] = {
  { "N° facture;Client;Date;Échéance;Montant TTC", RL_CSV_KIND_INVOICES },
  { "Facture;Code client;Date facture;Montant;Type", RL_CSV_KIND_INVOICES },
  { "Invoice number,Customer,Invoice date,Amount", RL_CSV_KIND_INVOICES },
  { "Date de paiement;Client;Facture;Montant;Mode de paiement", RL_CSV_KIND_PAYMENTS },
  { "Date de règlement;Code client;N° facture;Montant;Référence", RL_CSV_KIND_PAYMENTS },
  { "Date,Amount,Payment method,Customer", RL_CSV_KIND_PAYMENTS },
  { "Code client;Raison sociale;Email;Ville", RL_CSV_KIND_CUSTOMERS },
  { "Customer code,Name,Credit limit", RL_CSV_KIND_CUSTOMERS },
  { "Foo;Bar;Baz", RL_CSV_KIND_AUTO },
  { "N° facture;Date;Montant", RL_CSV_KIND_AUTO },
};

static void
test_kind_detection (Fixture       *fx,
                     gconstpointer  data)
{
  for (guint k = 0; k < G_N_ELEMENTS (kind_cases); k++)
    {
      g_autofree char *text = g_strconcat (kind_cases[k].header, "\n", NULL);
      g_autofree char *path = write_file (fx, "k.csv", text, -1);
      g_autoptr(RlCsvReport) r = NULL;
      g_autofree char *message = NULL;
      RlCsvOptions options;

      g_test_message ("%s", kind_cases[k].header);
      if (kind_cases[k].kind != RL_CSV_KIND_AUTO)
        {
          r = import_ok (fx, path, NULL);
          g_assert_cmpint (r->kind, ==, kind_cases[k].kind);
          continue;
        }
      r = import_fails (fx, path, NULL, RL_IMPORT_ERROR_FORMAT, &message);
      g_assert_nonnull (strstr (message, "choose the kind"));
      /* Told the kind, the file imports. */
      rl_csv_options_init (&options);
      options.kind = RL_CSV_KIND_PAYMENTS;
      if (strstr (kind_cases[k].header, "Foo") == NULL)
        {
          g_autoptr(RlCsvReport) told = import_ok (fx, path, &options);

          g_assert_cmpint (told->kind, ==, RL_CSV_KIND_PAYMENTS);
        }
    }
}

/* Damaged and odd files */

static void
test_truncated (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *path = write_file (fx, "t.csv", "Code;Nom;Notes\nC1;Alpha;ok\n"
                                                   "C2;Beta;\"unterminated\nC3;Gamma;x\n", -1);
  g_autoptr(RlCsvReport) r = NULL;
  g_autoptr(RlCsvReport) r2 = NULL;
  g_autofree char *message = NULL;
  RlCsvOptions options;
  gint64 audit = rl_book_count_audit (fx->book);

  r = import_fails (fx, path, NULL, RL_IMPORT_ERROR_FORMAT, &message);
  g_assert_nonnull (strstr (message, "t.csv:3: "));
  g_assert_nonnull (strstr (message, "truncated"));
  assert_problem (r, 0, 3, NULL, "not closed");
  rl_csv_options_init (&options);
  options.skip_invalid = TRUE;
  r2 = import_fails (fx, path, &options, RL_IMPORT_ERROR_FORMAT, NULL);
  g_assert_cmpint (rl_book_count_customers (fx->book), ==, 0);
  g_assert_cmpint (rl_book_count_audit (fx->book), ==, audit);
}

static void
test_huge_line (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("Code;Nom;Notes\nC1;Alpha;\"");
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autoptr(RlCsvReport) r = NULL;
  g_autoptr(RlCsvReport) bad = NULL;
  g_autoptr(RlCustomer) c1 = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;
  gsize n = 3 * 1024 * 1024;

  /* 3 MiB of notes with delimiters, quotes and line breaks in them. */
  for (gsize i = 0; text->len < n; i++)
    {
      g_string_append (text, i % 50 == 49 ? "a;b \"\"c\"\"\n" : "0123456789");
      g_string_append (notes, i % 50 == 49 ? "a;b \"c\"\n" : "0123456789");
    }
  g_string_append (text, "0123456789\"\nC2;Beta;court\n");
  g_string_append (notes, "0123456789");
  path = write_file (fx, "huge.csv", text->str, text->len);
  r = import_ok (fx, path, NULL);
  assert_counts (r, 2, 2, 0, 0, 0);
  c1 = customer (fx, "C1");
  g_assert_cmpuint (strlen (c1->notes), ==, notes->len);
  g_assert_true (strcmp (c1->notes, notes->str) == 0);

  /* A record past 16 MiB stops the import rather than eat the memory. */
  g_string_truncate (text, 0);
  g_string_append (text, "Code;Nom;Notes\nC9;Omega;\"");
  while (text->len < 17 * 1024 * 1024)
    g_string_append (text, "0123456789abcdef0123456789abcdef");
  g_string_append (text, "\"\n");
  g_free (path);
  path = write_file (fx, "huger.csv", text->str, text->len);
  bad = import_fails (fx, path, NULL, RL_IMPORT_ERROR_FORMAT, &message);
  g_assert_nonnull (strstr (message, "huger.csv:2: "));
  g_assert_cmpint (rl_book_count_customers (fx->book), ==, 2);
}

static void
test_empty_file (Fixture       *fx,
                 gconstpointer  data)
{
  static const char * const contents[] = { "", "\xEF\xBB\xBF", "\r\n\r\n\n", ";;;\n" };

  for (guint i = 0; i < G_N_ELEMENTS (contents); i++)
    {
      g_autofree char *path = write_file (fx, "e.csv", contents[i], -1);
      g_autofree char *message = NULL;
      g_autoptr(RlCsvReport) r = import_fails (fx, path, NULL, RL_IMPORT_ERROR_FORMAT, &message);

      g_assert_true (strstr (message, "empty") != NULL);
      g_assert_cmpuint (r->problems->len, ==, 1);
    }
}

static void
test_header_only (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(RlCsvReport) r = import_text (fx, "N° facture;Client;Date facture;Montant\r\n\r\n",
                                          NULL);

  g_assert_cmpint (r->kind, ==, RL_CSV_KIND_INVOICES);
  assert_counts (r, 0, 0, 0, 0, 0);
  g_assert_cmpint (r->import_id, >, 0);
  g_assert_cmpuint (r->problems->len, ==, 0);
}

static void
test_missing_file (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->dir, "nope.csv", NULL);
  g_autoptr(RlCsvReport) r = import_fails (fx, path, NULL, RL_IMPORT_ERROR_IO, NULL);

  g_assert_cmpuint (r->problems->len, ==, 1);
}

static void
test_nul_bytes (Fixture       *fx,
                gconstpointer  data)
{
  static const char bytes[] = "Code;Nom\nC1;Al\0pha\n";
  g_autofree char *path = write_file (fx, "n.csv", bytes, sizeof bytes - 1);
  g_autofree char *message = NULL;
  g_autoptr(RlCsvReport) r = import_fails (fx, path, NULL, RL_IMPORT_ERROR_ENCODING, &message);

  g_assert_nonnull (strstr (message, "n.csv:2: "));
  assert_problem (r, 0, 2, NULL, "NUL byte");
  g_assert_cmpint (rl_book_count_customers (fx->book), ==, 0);
}

static void
test_english_fixture (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *path = data_file ("invoices-en.csv");
  g_autoptr(RlCsvReport) r = import_ok (fx, path, NULL);
  g_autoptr(RlInvoice) inv1 = invoice (fx, "INV-001");
  g_autoptr(RlInvoice) inv2 = invoice (fx, "INV-002");
  g_autoptr(RlInvoice) cn1 = invoice (fx, "CN-001");
  g_autoptr(RlCustomer) acme = customer (fx, "ACME");

  g_assert_cmpint (r->delimiter, ==, ',');
  g_assert_cmpstr (r->encoding, ==, "UTF-8");
  assert_counts (r, 3, 3, 0, 0, 0);
  g_assert_cmpstr (acme->name, ==, "Acme, Inc.");
  g_assert_cmpint (inv1->amount, ==, 125000);
  g_assert_cmpstr (inv1->reference, ==, "PO-77");
  g_assert_cmpstr (inv1->currency, ==, "EUR");
  g_assert_cmpint (inv2->amount, ==, 9990);
  g_assert_cmpstr (inv2->currency, ==, "EUR");
  g_assert_cmpint (cn1->kind, ==, RL_INVOICE_KIND_CREDIT_NOTE);
  g_assert_cmpint (cn1->amount, ==, 5000);
}

/* Options and reports */

static void
test_dry_run (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(RlCsvReport) r = NULL;
  RlCsvOptions options;
  gint64 audit = rl_book_count_audit (fx->book);

  rl_csv_options_init (&options);
  options.dry_run = TRUE;
  r = import_text (fx, reimport_text, &options);
  assert_counts (r, 3, 3, 0, 0, 0);
  g_assert_cmpuint (r->counts.customers_created, ==, 2);
  g_assert_cmpint (r->import_id, ==, 0);
  g_assert_cmpint (rl_book_count_invoices (fx->book), ==, 0);
  g_assert_cmpint (rl_book_count_customers (fx->book), ==, 0);
  g_assert_cmpint (rl_book_count_audit (fx->book), ==, audit);
  g_assert_false (rl_book_in_transaction (fx->book));
}

static void
test_problem_to_string (Fixture       *fx,
                        gconstpointer  data)
{
  static const struct { RlImportProblem p; const char *text; } cases[] = {
    { { "a.csv", 3, "Date", "bad" }, "a.csv:3: Date: bad" },
    { { "a.csv", 0, NULL, "empty" }, "a.csv: empty" },
    { { "a.csv", 7, NULL, "short" }, "a.csv:7: short" },
    { { NULL, 0, NULL, "alone" }, "alone" },
    { { NULL, 5, "Col", "why" }, "line 5: Col: why" },
    { { "", 0, "", "why" }, "why" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = rl_import_problem_to_string (&cases[i].p);

      g_assert_cmpstr (s, ==, cases[i].text);
    }
}

static void
test_kind_strings (Fixture       *fx,
                   gconstpointer  data)
{
  static const struct { const char *text; RlCsvKind kind; } cases[] = {
    { "customers", RL_CSV_KIND_CUSTOMERS }, { "invoices", RL_CSV_KIND_INVOICES },
    { "payments", RL_CSV_KIND_PAYMENTS }, { "auto", RL_CSV_KIND_AUTO },
    { "Factures", RL_CSV_KIND_INVOICES }, { "clients", RL_CSV_KIND_CUSTOMERS },
  };
  RlCsvKind kind;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_true (rl_csv_kind_from_string (cases[i].text, &kind));
      g_assert_cmpint (kind, ==, cases[i].kind);
    }
  g_assert_false (rl_csv_kind_from_string ("stuff", &kind));
  g_assert_cmpstr (rl_csv_kind_to_string (RL_CSV_KIND_PAYMENTS), ==, "payments");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  TEST ("delimiters", test_delimiters);
  TEST ("delimiter-option", test_delimiter_option);
  TEST ("encodings", test_encodings);
  TEST ("encoding-option", test_encoding_option);
  TEST ("encoding-bad-byte", test_encoding_bad_byte);
  TEST ("utf16", test_utf16);
  TEST ("invoice-headers", test_invoice_headers);
  TEST ("customer-headers-fr", test_customer_headers_fr);
  TEST ("customer-headers-en", test_customer_headers_en);
  TEST ("customer-bad-values", test_customer_bad_values);
  TEST ("numbers", test_numbers);
  TEST ("dates", test_dates);
  TEST ("quoting", test_quoting);
  TEST ("short-rows", test_short_rows);
  TEST ("reimport", test_reimport);
  TEST ("bad-rows", test_bad_rows);
  TEST ("skip-invalid", test_skip_invalid);
  TEST ("rejects-path", test_rejects_path_option);
  TEST ("payments-named", test_payments_named);
  TEST ("payments-oldest-first", test_payments_oldest_first);
  TEST ("payment-keys", test_payment_keys);
  TEST ("payment-bad-rows", test_payment_bad_rows);
  TEST ("credit-notes", test_credit_notes);
  TEST ("credit-note-by-sign", test_credit_note_by_sign);
  TEST ("due-from-terms", test_due_from_terms);
  TEST ("paid-column", test_paid_column);
  TEST ("customers-by-name", test_customers_by_name);
  TEST ("customer-details-on-invoices", test_customer_details_on_invoices);
  TEST ("mapping", test_mapping);
  TEST ("kind-detection", test_kind_detection);
  TEST ("truncated", test_truncated);
  TEST ("huge-line", test_huge_line);
  TEST ("empty-file", test_empty_file);
  TEST ("header-only", test_header_only);
  TEST ("missing-file", test_missing_file);
  TEST ("nul-bytes", test_nul_bytes);
  TEST ("english-fixture", test_english_fixture);
  TEST ("dry-run", test_dry_run);
  TEST ("problem-to-string", test_problem_to_string);
  TEST ("kind-strings", test_kind_strings);

  return g_test_run ();
}
