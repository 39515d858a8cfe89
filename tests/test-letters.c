/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <string.h>

#include "rl-action-text.h"
#include "rl-book-letters.h"
#include "rl-book-private.h"
#include "rl-engine.h"
#include "rl-error.h"
#include "rl-epc.h"
#include "rl-letter-parts.h"
#include "rl-letter-pool.h"
#include "rl-letter.h"
#include "rl-pdf-merge.h"
#include "rl-postal.h"
#include "rl-test-util.h"

/* Letters, checked through the real PDF: pdftotext for the words and amounts, pdftotext
 * -bbox for where the address falls, pdffonts for embedded fonts, pdfinfo for the size and
 * pages, zbarimg for the payment QR code. The letters come from a book whose actions are
 * written directly, on the "usual" plan's steps. */

#define day rl_test_day
#define AS_OF "2026-05-20"

/* Postal addresses */

typedef struct
{
  const char *name;
  RlPostalAddress address;
  const char *expected;   /* lines joined by "|", or NULL for an error */
} PostalCase;

static const PostalCase postal_cases[] = {
  { "simple",
    { "Boulangerie Martin", NULL, "12 rue des Lilas", NULL, NULL, "69003", "Lyon", "FR" },
    "Boulangerie Martin|12 rue des Lilas|69003 LYON" },
  { "accents-city",
    { "Café de la Gare", "Mme Hélène Roux", "3 place de l’Église", NULL, NULL, "38000",
      "Saint-Égrève", NULL },
    "Café de la Gare|Mme Hélène Roux|3 place de l’Église|38000 SAINT-EGREVE" },
  { "abbreviated-street",
    { "SCI Les Tilleuls", NULL, "Résidence les Jardins de la Grande Fontaine", "Bâtiment B",
      "147 boulevard du Général de Gaulle prolongé", "13008", "Marseille", "FR" },
    "SCI Les Tilleuls|RES les Jardins de la GDE Fontaine|Bâtiment B|"
    "147 BD du Général de Gaulle prolongé|13008 MARSEILLE" },
  { "long-name-wraps",
    { "Établissements Boulangerie-Pâtisserie Saint-Exupéry et Fils", NULL, "2 rue Neuve", NULL,
      NULL, "75001", "Paris", "FR" },
    "ETS Boulangerie-Pâtisserie ST-Exupéry|et Fils|2 rue Neuve|75001 PARIS" },
  { "foreign-polish",
    { "Wydawnictwo Łódzkie Sp. z o.o.", "Przemysław Żółkiewski", "ul. Piotrkowska 104",
      NULL, NULL, "90-001", "Łódź", "PL" },
    "Wydawnictwo Łódzkie Sp. z o.o.|Przemysław Żółkiewski|ul. Piotrkowska 104|90-001 LODZ|"
    "POLOGNE" },
  { "foreign-czech-name",
    { "Dvořák a synové s.r.o.", NULL, "Václavské náměstí 28", NULL, NULL, "110 00", "Praha",
      "CZ" },
    "Dvořák a synové s.r.o.|Václavské náměstí 28|110 00 PRAHA|TCHEQUIE" },
  { "too-many-lines-drops-attention",
    { "Cabinet d’Expertise Comptable Roux et Associés", "M. Paul Roux", "Bureau 12",
      "Immeuble Le Triangle", "5 allée Verte", "69100", "Villeurbanne", NULL },
    "Cabinet d’Expertise Comptable Roux et|Associés|Bureau 12|Immeuble Le Triangle|"
    "5 allée Verte|69100 VILLEURBANNE" },
  { "no-punctuation-from-line-4",
    { "Garage Dupont, Fils & Cie", "À l’att. de M. Dupont", "12, rue des Lilas",
      "Z.I. des Vignes (bât. C)", NULL, "69003", "Lyon", NULL },
    "Garage Dupont, Fils & Cie|À l’att. de M. Dupont|12 rue des Lilas|ZI des Vignes bât C|"
    "69003 LYON" },
  { "punctuation-kept-where-needed",
    { "Mme Roux", NULL, "12-14 quai de l’Horloge", "Bât. A/2", NULL, "38000",
      "Saint-Égrève", NULL },
    "Mme Roux|12-14 quai de l’Horloge|Bât A/2|38000 SAINT-EGREVE" },
  { "short-address-street-is-line-4",
    { "M. Jean Petit", NULL, "3, av. Foch", NULL, NULL, "75016", "Paris", NULL },
    "M. Jean Petit|3 av Foch|75016 PARIS" },
  { "white-space",
    { "  Atelier   Bois ", NULL, " 7  rue Haute ", "", NULL, "21000", "dijon", "fr" },
    "Atelier Bois|7 rue Haute|21000 DIJON" },
  { "one-word-too-long", { "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL, "1 rue A", NULL,
                           NULL, "75001", "Paris", NULL }, NULL },
  { "street-too-long-for-one-line",
    { "Ferme Bio", NULL, "1 chemin Creux", "Lieu-dit Les Hauts de la Combe aux Loups Garous",
      NULL, "25000", "Besançon", NULL }, NULL },
  { "no-city", { "Ferme Bio", NULL, "1 rue A", NULL, NULL, "25000", "", NULL }, NULL },
};

static void
test_postal (gconstpointer data)
{
  const PostalCase *c = data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = rl_postal_format (&c->address, "FR", &error);

  if (c->expected == NULL)
    {
      g_assert_null (lines);
      g_assert_error (error, RL_LETTER_ERROR, RL_LETTER_ERROR_ADDRESS);
      return;
    }
  g_assert_no_error (error);
  {
    g_autofree char *joined = g_strjoinv ("|", lines);

    g_assert_cmpstr (joined, ==, c->expected);
  }
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_cmpint (g_utf8_strlen (lines[i], -1), <=, RL_POSTAL_MAX_LINE_CHARS);
}

/* SEPA payment codes */

typedef struct
{
  const char *name;
  const char *beneficiary;
  const char *iban;
  const char *bic;
  RlCents     amount;
  const char *reference;
  const char *expected;   /* NULL: an error */
} EpcCase;

static const EpcCase epc_cases[] = {
  { "usual", "Menuiserie Dubois", "FR76 3000 6000 0112 3456 7890 189", "AGRIFRPP", 123456,
    "C1-42",
    "BCD\n002\n1\nSCT\nAGRIFRPP\nMenuiserie Dubois\nFR7630006000011234567890189\nEUR1234.56"
    "\n\n\nC1-42" },
  { "one-cent", "Menuiserie Dubois", "fr7630006000011234567890189", NULL, 1, "C1-1",
    "BCD\n002\n1\nSCT\n\nMenuiserie Dubois\nFR7630006000011234567890189\nEUR0.01\n\n\nC1-1" },
  { "millions", "Menuiserie Dubois", "FR7630006000011234567890189", "AGRIFRPP", 999999999,
    "C1-2",
    "BCD\n002\n1\nSCT\nAGRIFRPP\nMenuiserie Dubois\nFR7630006000011234567890189\n"
    "EUR9999999.99\n\n\nC1-2" },
  { "accents", "Łódź Drukarnia Dvořák", "DE89 3704 0044 0532 0130 00", "COBADEFFXXX", 5000,
    "PL-7",
    "BCD\n002\n1\nSCT\nCOBADEFFXXX\nŁódź Drukarnia Dvořák\nDE89370400440532013000\nEUR50.00"
    "\n\n\nPL-7" },
  { "zero", "Menuiserie Dubois", "FR7630006000011234567890189", NULL, 0, "C1-3", NULL },
  { "bad-check-digits", "Menuiserie Dubois", "FR7630006000011234567890188", NULL, 100, "x",
    NULL },
  { "no-iban", "Menuiserie Dubois", "", NULL, 100, "x", NULL },
};

static void
test_epc (gconstpointer data)
{
  const EpcCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = rl_epc_payload (c->beneficiary, c->iban, c->bic, c->amount,
                                             c->reference, NULL, &error);

  if (c->expected == NULL)
    {
      g_assert_null (payload);
      g_assert_error (error, RL_LETTER_ERROR, RL_LETTER_ERROR_PAYMENT);
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpstr (payload, ==, c->expected);
}

static void
test_epc_long_name (void)
{
  g_autofree char *name = g_strnfill (90, 'e');
  g_autofree char *payload = rl_epc_payload (name, "FR7630006000011234567890189", NULL, 100,
                                             "r", NULL, NULL);
  g_auto(GStrv) lines = g_strsplit (payload, "\n", -1);

  g_assert_cmpuint (strlen (lines[5]), ==, 70);
  g_assert_cmpuint (strlen (payload), <=, RL_EPC_MAX_BYTES);
}

/* The book */

typedef struct
{
  RlTestBook  tb;
  char       *out;        /* a scratch PDF */
} Fixture;

static void
set_company (RlBook     *book,
             const char *name)
{
  g_autoptr(RlCompany) company = rl_company_new ();
  g_autoptr(GError) error = NULL;

  company->name = g_strdup (name);
  company->address1 = g_strdup ("4 place Bellecour");
  company->postcode = g_strdup ("69002");
  company->city = g_strdup ("Lyon");
  company->country = g_strdup ("FR");
  company->siren = g_strdup ("123456782");
  company->vat_number = g_strdup ("FR11123456782");
  company->iban = g_strdup ("FR76 3000 6000 0112 3456 7890 189");
  company->bic = g_strdup ("AGRIFRPP");
  company->phone = g_strdup ("04 72 00 00 00");
  company->currency = g_strdup ("EUR");
  company->language = g_strdup ("fr");
  company->payment_terms_days = 30;
  g_assert_true (rl_book_set_company (book, company, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  rl_test_book_set_up (&f->tb, data);
  f->out = g_build_filename (f->tb.dir, "letter.pdf", NULL);
  set_company (f->tb.book, "Menuiserie Dubois");
  g_assert_true (rl_book_begin (f->tb.book, NULL));
  g_assert_true (rl_plans_ensure_defaults (f->tb.book, NULL));
  g_assert_true (rl_book_commit (f->tb.book, NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->out);
  rl_test_book_tear_down (&f->tb, data);
}

static gint64
add_customer (Fixture               *f,
              const char            *code,
              const char            *language,
              RlCustomerKind         kind,
              const RlPostalAddress *a)
{
  g_autoptr(RlCustomer) c = rl_customer_new ();
  g_autoptr(GError) error = NULL;

  c->code = g_strdup (code);
  c->name = g_strdup (a->name);
  c->language = g_strdup (language);
  c->kind = kind;
  c->address1 = g_strdup (a->address1);
  c->address2 = g_strdup (a->address2);
  c->address3 = g_strdup (a->address3);
  c->postcode = g_strdup (a->postcode);
  c->city = g_strdup (a->city);
  c->country = g_strdup (a->country);
  g_assert_true (rl_book_upsert_customer (f->tb.book, c, 0, NULL, &error));
  g_assert_no_error (error);
  if (a->attention != NULL)
    {
      g_autoptr(RlContact) contact = rl_contact_new ();

      contact->customer_id = c->id;
      contact->name = g_strdup (a->attention);
      contact->is_primary = TRUE;
      g_assert_true (rl_book_add_contact (f->tb.book, contact, &error));
      g_assert_no_error (error);
    }
  return c->id;
}

/* An approved action of the "usual" plan's @template step, about the customer's invoices. */
static gint64
add_action (Fixture    *f,
            gint64      customer_id,
            const char *template_key,
            const char *channel)
{
  static int n;
  gboolean thank_you = g_str_equal (template_key, "thank_you");
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO actions (key, customer_id, step_id, kind, channel, template, state,"
    " proposed_on, state_changed_at, created_at) VALUES ('k%d', %lld,"
    " (SELECT ps.id FROM plan_steps ps JOIN plans p ON p.id = ps.plan_id"
    "  WHERE p.key = 'usual' AND ps.template = '%s'), '%s', '%s', '%s', 'approved',"
    " '" AS_OF "', 'x', 'x');"
    "INSERT INTO action_invoices (action_id, invoice_id, amount_cents, days_late)"
    " SELECT last_insert_rowid (), id, amount_cents - paid_cents, 0 FROM invoices"
    " WHERE customer_id = %lld AND kind = 'invoice' AND (%d OR paid_cents < amount_cents);",
    ++n, (long long) customer_id, template_key, thank_you ? "thank_you" : "reminder", channel,
    template_key, (long long) customer_id, thank_you);
  g_autoptr(GError) error = NULL;

  g_assert_true (_rl_book_exec (f->tb.book, sql, &error));
  g_assert_no_error (error);
  return sqlite3_last_insert_rowid (_rl_book_get_db (f->tb.book));
}

static const RlPostalAddress martin = {
  "Boulangerie Martin", "Mme Martin", "12 rue des Lilas", NULL, NULL, "69003", "Lyon", "FR",
};

/* Writes the action's letter to f->out; returns its pages. */
static int
print_action (Fixture                *f,
              const RlLetterSettings *settings,
              gint64                  action_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlActionDocument) doc = rl_action_render_document (f->tb.book, action_id,
                                                               day (AS_OF), &error);
  g_autoptr(RlLetterWriter) writer = NULL;
  g_autoptr(GBytes) pdf = NULL;
  gsize len;
  const char *bytes;
  int pages = 0;

  g_assert_no_error (error);
  writer = rl_letter_writer_new (settings, NULL, day (AS_OF), &error);
  g_assert_no_error (error);
  g_assert_true (rl_letter_writer_add_action (writer, doc, &pdf, &pages, &error));
  g_assert_no_error (error);
  bytes = g_bytes_get_data (pdf, &len);
  g_assert_true (g_file_set_contents (f->out, bytes, len, NULL));
  return pages;
}

static RlLetterSettings *
default_settings (void)
{
  RlLetterSettings *s = g_new0 (RlLetterSettings, 1);

  s->envelope = g_strdup ("fr");
  return s;
}

/* The PDF tools */

static char *
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH
                               | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static char *
pdf_text (const char *path,
          int         page)
{
  g_autofree char *p = g_strdup_printf ("%d", page);

  if (page > 0)
    {
      const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-layout", "-f", p, "-l", p, path, "-", NULL };

      return run_tool (argv);
    }
  {
    const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-layout", path, "-", NULL };

    return run_tool (argv);
  }
}

/* How many times @needle is in the @len bytes of @data. */
static guint
count_in (const char *data,
          gsize       len,
          const char *needle)
{
  gsize n = strlen (needle);
  guint count = 0;

  for (gsize i = 0; i + n <= len; i++)
    count += memcmp (data + i, needle, n) == 0;
  return count;
}

static int
pdf_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = run_tool (argv);
  const char *p = strstr (info, "Pages:");

  g_assert_nonnull (p);
  g_assert_nonnull (strstr (info, "(A4)"));
  return atoi (p + strlen ("Pages:"));
}

static void
assert_fonts_embedded (const char *path)
{
  const char *argv[] = { "pdffonts", path, NULL };
  g_autofree char *out = run_tool (argv);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint fonts = 0;

  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = NULL;
      guint n;

      if (*lines[i] == '\0')
        continue;
      cols = g_regex_split_simple ("\\s+", g_strstrip (lines[i]), 0, 0);
      n = g_strv_length (cols);
      /* … emb sub uni object ID */
      g_assert_cmpstr (cols[n - 5], ==, "yes");
      fonts++;
    }
  g_assert_cmpuint (fonts, >, 0);
}

/* pdftotext writes the no-break spaces of French typography as spaces. */
static char *
plain_spaces (const char *text)
{
  g_autoptr(GString) s = g_string_new (text);

  g_string_replace (s, "\u202F", " ", 0);
  g_string_replace (s, "\u00A0", " ", 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  g_autofree char *t = plain_spaces (text), *n = plain_spaces (needle);

  if (strstr (t, n) == NULL)
    g_error ("“%s” not found in:\n%s", needle, text);
}

static void
assert_lacks (const char *text,
              const char *needle)
{
  g_autofree char *t = plain_spaces (text), *n = plain_spaces (needle);

  if (strstr (t, n) != NULL)
    g_error ("“%s” unexpectedly found in:\n%s", needle, text);
}

/* The QR code of @page, decoded. */
static char *
pdf_qr (Fixture *f,
        int      page)
{
  g_autofree char *p = g_strdup_printf ("%d", page);
  g_autofree char *prefix = g_build_filename (f->tb.dir, "qr", NULL);
  g_autofree char *png = g_build_filename (f->tb.dir, "qr.png", NULL);
  const char *render[] = { "pdftoppm", "-r", "200", "-f", p, "-l", p, "-png", "-singlefile",
                           f->out, prefix, NULL };
  const char *scan[] = { "zbarimg", "-q", "--raw", png, NULL };
  g_autofree char *ignored = run_tool (render);
  char *text = run_tool (scan);

  /* zbarimg ends what it read with a newline of its own. */
  if (g_str_has_suffix (text, "\n"))
    text[strlen (text) - 1] = '\0';
  return text;
}

/* Every word of page 1 that touches the envelope window lies inside it and is part of the
 * address. */
static void
assert_address_in_window (Fixture                *f,
                          const RlEnvelopeWindow *win,
                          char                  **lines,
                          double                  offset_x,
                          double                  offset_y)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-bbox", "-f", "1", "-l", "1", f->out, "-", NULL };
  g_autofree char *html = run_tool (argv);
  g_autoptr(GRegex) re = g_regex_new ("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" "
                                      "xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)</word>",
                                      0, 0, NULL);
  g_autoptr(GMatchInfo) m = NULL;
  g_autofree char *joined = g_strjoinv (" ", lines);
  g_auto(GStrv) expected = g_strsplit (joined, " ", -1);
  double k = 72.0 / 25.4;
  double wx1 = (win->x + offset_x) * k, wy1 = (win->y + offset_y) * k;
  double wx2 = wx1 + win->width * k, wy2 = wy1 + win->height * k;
  guint inside = 0;

  g_regex_match (re, html, 0, &m);
  for (; g_match_info_matches (m); g_match_info_next (m, NULL))
    {
      g_autofree char *x1s = g_match_info_fetch (m, 1), *y1s = g_match_info_fetch (m, 2);
      g_autofree char *x2s = g_match_info_fetch (m, 3), *y2s = g_match_info_fetch (m, 4);
      g_autofree char *word = g_match_info_fetch (m, 5);
      double x1 = g_ascii_strtod (x1s, NULL), y1 = g_ascii_strtod (y1s, NULL);
      double x2 = g_ascii_strtod (x2s, NULL), y2 = g_ascii_strtod (y2s, NULL);

      if (x2 < wx1 || x1 > wx2 || y2 < wy1 || y1 > wy2)
        continue;
      g_assert_cmpfloat (x1, >=, wx1);
      g_assert_cmpfloat (x2, <=, wx2);
      g_assert_cmpfloat (y1, >=, wy1);
      g_assert_cmpfloat (y2, <=, wy2);
      g_assert_true (g_strv_contains ((const char * const *) expected, word));
      inside++;
    }
  /* pdftotext escapes &, < and > in words; the address words here have none. */
  g_assert_cmpuint (inside, ==, g_strv_length (expected));
}

/* The letters */

static void
test_formal_notice (Fixture       *f,
                    gconstpointer  data)
{
  gint64 c = add_customer (f, "C1", "fr", RL_CUSTOMER_BUSINESS, &martin);
  g_autoptr(RlLetterSettings) s = default_settings ();
  g_autofree char *text = NULL, *last = NULL, *qr = NULL, *due = NULL, *expected = NULL;
  g_autoptr(RlActionDocument) doc = NULL;
  g_auto(GStrv) lines = rl_postal_format (&martin, "FR", NULL);
  gint64 id;
  int pages;

  rl_test_add_invoice (f->tb.book, c, "FA-101", "2026-03-10", 120000);
  rl_test_add_invoice (f->tb.book, c, "FA-102", "2026-03-10", 50000);
  rl_test_pay (f->tb.book, c, "FA-102", "2026-03-20", 20000);
  g_assert_true (_rl_book_exec (f->tb.book, "UPDATE customers SET siren = '552100554'", NULL));
  id = add_action (f, c, "formal_notice", "registered_letter");
  pages = print_action (f, s, id);

  g_assert_cmpint (pdf_pages (f->out), ==, pages);
  assert_fonts_embedded (f->out);
  text = pdf_text (f->out, 0);
  assert_contains (text, "LETTRE RECOMMANDÉE AVEC ACCUSÉ DE RÉCEPTION");
  assert_contains (text, "Mise en demeure de payer");
  assert_contains (text, "Lyon, le 20 mai 2026");
  assert_contains (text, "SIREN 123 456 782");
  assert_contains (text, "SIREN 552 100 554");
  assert_contains (text, "TVA FR11123456782");
  assert_contains (text, "FA-101");
  assert_contains (text, "Indemnités forfaitaires pour frais de recouvrement (2 × 40 €)");
  assert_contains (text, "Total réclamé");
  assert_contains (text, "procédure");
  /* The table stands for the text's list of invoices: it is not printed twice. */
  assert_lacks (text, "– facture n°");
  g_assert_cmpint (pages, >=, 1);
  {
    g_autofree char *page = g_strdup_printf ("1/%d", pages);

    assert_contains (text, page);
  }

  doc = rl_action_render_document (f->tb.book, id, day (AS_OF), NULL);
  due = rl_money_format (doc->due, "EUR", "fr");
  assert_contains (text, due);
  /* 1 200 € and 300 € due on 10 March, paid nothing of the first, 200 € of the second on
   * 20 March: the amounts are the book's. */
  g_assert_cmpint (doc->remaining, ==, 150000);
  g_assert_cmpint (doc->indemnity, ==, 8000);
  g_assert_cmpint (doc->interest, >, 0);

  last = pdf_text (f->out, pages);
  assert_contains (last, "Règlement par virement");
  qr = pdf_qr (f, pages);
  expected = rl_epc_payload ("Menuiserie Dubois", "FR7630006000011234567890189", "AGRIFRPP",
                             doc->due, doc->payment_reference, NULL, NULL);
  g_assert_cmpstr (qr, ==, expected);

  /* The registered letter leaves room above the address for the label. */
  assert_address_in_window (f, rl_envelope_window_lookup ("fr"), lines, 0, 0);
}

static void
test_reminder_text_modes (Fixture       *f,
                          gconstpointer  data)
{
  gint64 c = add_customer (f, "C1", "fr", RL_CUSTOMER_BUSINESS, &martin);
  g_autoptr(RlActionDocument) doc = NULL;
  g_autofree char *body = NULL;
  gint64 id;

  rl_test_add_invoice (f->tb.book, c, "FA-101", "2026-05-10", 120000);
  id = add_action (f, c, "reminder", "letter");
  /* An e-mail lists the invoices in its text; a letter leaves a mark for its table. */
  g_assert_true (rl_action_render (f->tb.book, id, day (AS_OF), RL_TEMPLATE_ESCAPE_NONE, NULL,
                                   &body, NULL));
  assert_contains (body, "– facture n°\u00A0FA-101");
  assert_lacks (body, RL_ACTION_TABLE_MARK);
  doc = rl_action_render_document (f->tb.book, id, day (AS_OF), NULL);
  assert_contains (doc->body, "\n" RL_ACTION_TABLE_MARK "\n");
  assert_lacks (doc->body, "FA-101");
  g_assert_cmpuint (doc->invoices->len, ==, 1);
  g_assert_cmpstr (g_array_index (doc->invoices, RlDocumentLine, 0).number, ==, "FA-101");
  g_assert_cmpint (g_array_index (doc->invoices, RlDocumentLine, 0).days_late, ==, 10);
}

typedef struct
{
  const char *name;
  RlCents     amount;
  const char *qr_amount;
} AmountCase;

static const AmountCase amount_cases[] = {
  { "one-cent", 1, "EUR0.01" },
  { "millions", 999999999, "EUR9999999.99" },
};

static void
test_amounts (Fixture       *f,
              gconstpointer  data)
{
  const AmountCase *ac = data;
  gint64 c = add_customer (f, "C1", "fr", RL_CUSTOMER_BUSINESS, &martin);
  g_autoptr(RlLetterSettings) s = default_settings ();
  g_autofree char *text = NULL, *qr = NULL, *money = rl_money_format (ac->amount, "EUR", "fr");
  g_autofree char *line = g_strconcat ("\n", ac->qr_amount, "\n", NULL);
  int pages;

  rl_test_add_invoice (f->tb.book, c, "FA-1", "2026-05-10", ac->amount);
  pages = print_action (f, s, add_action (f, c, "reminder", "letter"));
  text = pdf_text (f->out, 0);
  assert_contains (text, money);
  qr = pdf_qr (f, pages);
  assert_contains (qr, line);
}

/* 200 open invoices: the table runs over several pages, its header on each. */
static void
test_many_invoices (Fixture       *f,
                    gconstpointer  data)
{
  gint64 c = add_customer (f, "C1", "fr", RL_CUSTOMER_BUSINESS, &martin);
  g_autoptr(RlLetterSettings) s = default_settings ();
  g_autofree char *all = NULL;
  int pages, with_rows = 0;

  g_assert_true (rl_book_begin (f->tb.book, NULL));
  for (int i = 1; i <= 200; i++)
    {
      g_autofree char *number = g_strdup_printf ("FA-%04d", i);

      rl_test_add_invoice (f->tb.book, c, number, "2026-04-10", 10000 + i);
    }
  g_assert_true (rl_book_commit (f->tb.book, NULL));
  pages = print_action (f, s, add_action (f, c, "final_notice", "letter"));
  g_assert_cmpint (pages, >=, 5);
  g_assert_cmpint (pdf_pages (f->out), ==, pages);
  all = pdf_text (f->out, 0);
  for (int i = 1; i <= 200; i++)
    {
      g_autofree char *number = g_strdup_printf ("FA-%04d", i);

      assert_contains (all, number);
    }
  for (int p = 1; p <= pages; p++)
    {
      g_autofree char *text = pdf_text (f->out, p);
      g_autofree char *number = g_strdup_printf ("%d/%d", p, pages);

      assert_contains (text, number);
      if (strstr (text, "FA-0") != NULL)
        {
          assert_contains (text, "Montant TTC");
          with_rows++;
        }
      /* On the top of the pages after the first: to whom and about what, the company's
       * name once (the subject ends with it). */
      if (p > 1)
        {
          g_auto(GStrv) lines = g_strsplit (text, "\n", 2);
          const char *company = strstr (lines[0], "Menuiserie Dubois");

          assert_contains (lines[0], "Martin");
          g_assert_nonnull (company);
          g_assert_null (strstr (company + 1, "Menuiserie Dubois"));
        }
    }
  g_assert_cmpint (with_rows, >=, 4);
}

/* The company's identity under the page: too long for a line, it breaks between two of its
 * parts, not inside one (an e-mail address at its hyphen). */
static void
test_footer_breaks_between_parts (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(RlCompany) company = rl_book_get_company (f->tb.book, NULL);
  g_autoptr(RlLetterSettings) s = default_settings ();
  gint64 c = add_customer (f, "C1", "fr", RL_CUSTOMER_BUSINESS, &martin);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  int footer = -1;

  g_free (company->email);
  company->email = g_strdup ("comptabilite-clients@menuiserie-dubois-et-fils.fr");
  g_assert_true (rl_book_set_company (f->tb.book, company, NULL));
  g_assert_true (rl_book_begin (f->tb.book, NULL));
  rl_test_add_invoice (f->tb.book, c, "FA-0001", "2026-04-10", 12000);
  g_assert_true (rl_book_commit (f->tb.book, NULL));
  print_action (f, s, add_action (f, c, "reminder", "letter"));

  text = pdf_text (f->out, 1);
  lines = g_strsplit (text, "\n", -1);
  for (int i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], "SIREN 123 456 782 —") != NULL)
      footer = i;
  g_assert_cmpint (footer, >=, 0);
  /* The first line ends with a whole part; the address is whole on the next. */
  g_assert_nonnull (strstr (lines[footer], "04 72 00 00 00"));
  g_assert_null (strstr (lines[footer], "comptabilite"));
  g_assert_nonnull (lines[footer + 1]);
  assert_contains (lines[footer + 1], "comptabilite-clients@menuiserie-dubois-et-fils.fr");
}

/* Names outside Latin-1, a foreign address, a long company name, English. */
static void
test_foreign_and_long (Fixture       *f,
                       gconstpointer  data)
{
  const RlPostalAddress polish = {
    "Wydawnictwo Łódzkie Sp. z o.o.", "Przemysław Żółkiewski", "ul. Piotrkowska 104", NULL,
    NULL, "90-001", "Łódź", "PL",
  };
  g_auto(GStrv) lines = rl_postal_format (&polish, "FR", NULL);
  g_autoptr(RlLetterSettings) s = default_settings ();
  g_autofree char *text = NULL;
  gint64 c;

  set_company (f->tb.book, "Société Coopérative Ouvrière de Production des Menuiseries et "
                           "Charpentes Réunies de la Métropole de Lyon");
  c = add_customer (f, "PL1", "en", RL_CUSTOMER_BUSINESS, &polish);
  rl_test_add_invoice (f->tb.book, c, "FA-7", "2026-04-10", 250000);
  print_action (f, s, add_action (f, c, "final_notice", "letter"));
  text = pdf_text (f->out, 0);
  assert_contains (text, "Wydawnictwo Łódzkie Sp. z o.o.");
  assert_contains (text, "Przemysław Żółkiewski");
  assert_contains (text, "90-001 LODZ");
  assert_contains (text, "POLOGNE");
  assert_contains (text, "Lyon, 20 May 2026");
  assert_contains (text, "€2,500.00");
  assert_contains (text, "Charpentes Réunies");
  assert_fonts_embedded (f->out);
  assert_address_in_window (f, rl_envelope_window_lookup ("fr"), lines, 0, 0);
}

/* The presets and the calibration move the address with the window. */
typedef struct
{
  const char *envelope;
  int         offset_x_dmm;
  int         offset_y_dmm;
  gboolean    full;        /* a registered letter abroad with an address of 7 lines */
} WindowCase;

static const WindowCase window_cases[] = {
  { "fr", 0, 0, FALSE },
  { "fr", 35, -20, FALSE },
  { "din", 0, 0, FALSE },
  { "ch", 0, 0, FALSE },
  { "ch", -25, 15, FALSE },
  { "fr", 0, 0, TRUE },
  { "din", 0, 0, TRUE },
  { "ch", 0, 0, TRUE },
};

static const RlPostalAddress seven_lines = {
  "Drukarnia Świętokrzyska Sp. z o.o.", "Zofia Wiśniewska", "Biuro 12", "Budynek C",
  "ul. Piotrkowska 104", "90-001", "Łódź", "PL",
};

static void
test_windows (Fixture       *f,
              gconstpointer  data)
{
  const WindowCase *wc = data;
  const RlPostalAddress *address = wc->full ? &seven_lines : &martin;
  gint64 c = add_customer (f, "C1", "fr", RL_CUSTOMER_BUSINESS, address);
  g_autoptr(RlLetterSettings) s = default_settings ();
  g_auto(GStrv) lines = rl_postal_format (address, "FR", NULL);

  g_free (s->envelope);
  s->envelope = g_strdup (wc->envelope);
  s->offset_x_dmm = wc->offset_x_dmm;
  s->offset_y_dmm = wc->offset_y_dmm;
  g_assert_cmpuint (g_strv_length (lines), ==, wc->full ? 7 : 4);
  if (g_str_equal (wc->envelope, "ch"))
    {
      const RlEnvelopeWindow *ch = rl_envelope_window_lookup ("ch");

      /* SN 010130 as KOMA-Script's SN option has it: 90 × 45 mm, 45 mm from the top and
       * 8 mm from the right edge of the sheet, folds at 105 and 210 mm. */
      g_assert_cmpfloat_with_epsilon (ch->x + ch->width, 210.0 - 8.0, 1e-9);
      g_assert_cmpfloat_with_epsilon (ch->y, 45.0, 1e-9);
      g_assert_cmpfloat_with_epsilon (ch->width, 90.0, 1e-9);
      g_assert_cmpfloat_with_epsilon (ch->height, 45.0, 1e-9);
      g_assert_cmpfloat_with_epsilon (ch->fold1, 105.0, 1e-9);
      g_assert_cmpfloat_with_epsilon (ch->fold2, 210.0, 1e-9);
    }
  rl_test_add_invoice (f->tb.book, c, "FA-1", "2026-05-10", 1000);
  print_action (f, s, add_action (f, c, wc->full ? "formal_notice" : "reminder",
                                  wc->full ? "registered_letter" : "letter"));
  assert_address_in_window (f, rl_envelope_window_lookup (wc->envelope), lines,
                            wc->offset_x_dmm / 10.0, wc->offset_y_dmm / 10.0);
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
png_logo (void)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 120, 40);
  cairo_t *cr = cairo_create (s);
  g_autoptr(GByteArray) buffer = g_byte_array_new ();

  cairo_set_source_rgb (cr, 0.1, 0.3, 0.6);
  cairo_rectangle (cr, 0, 0, 120, 40);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (s, append_png, buffer);
  cairo_surface_destroy (s);
  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

static int
count_images (const char *path)
{
  const char *argv[] = { "pdfimages", "-list", path, NULL };
  g_autofree char *out = run_tool (argv);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  int n = 0;

  for (guint i = 2; lines[i] != NULL; i++)
    n += *lines[i] != '\0';
  return n;
}

/* A logo as PNG or SVG, a signature; none at all; an image that is none is refused. */
static void
test_images (Fixture       *f,
             gconstpointer  data)
{
  static const char svg[] =
    "<svg xmlns='http://www.w3.org/2000/svg' width='200' height='80'>"
    "<rect width='200' height='80' fill='#246'/></svg>";
  gint64 c = add_customer (f, "C1", "fr", RL_CUSTOMER_BUSINESS, &martin);
  g_autoptr(RlLetterSettings) s = default_settings ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RlLetterWriter) bad = NULL;
  g_autofree char *text = NULL;
  gint64 id;

  rl_test_add_invoice (f->tb.book, c, "FA-1", "2026-05-10", 1000);
  id = add_action (f, c, "reminder", "letter");
  /* The payment QR code is an image of one pixel per module. */
  print_action (f, s, id);
  g_assert_cmpint (count_images (f->out), ==, 1);

  s->logo = png_logo ();
  s->signature = png_logo ();
  s->signatory = g_strdup ("Claire Dubois");
  s->signatory_title = g_strdup ("Gérante");
  print_action (f, s, id);
  g_assert_cmpint (count_images (f->out), ==, 3);
  text = pdf_text (f->out, 0);
  assert_contains (text, "Claire Dubois");
  assert_contains (text, "Gérante");

  g_bytes_unref (s->logo);
  s->logo = g_bytes_new_static (svg, sizeof svg - 1);
  print_action (f, s, id);
  g_assert_cmpint (count_images (f->out), ==, 2);

  g_bytes_unref (s->logo);
  s->logo = g_bytes_new_static ("not an image", 12);
  bad = rl_letter_writer_new (s, NULL, day (AS_OF), &error);
  g_assert_null (bad);
  g_assert_error (error, RL_LETTER_ERROR, RL_LETTER_ERROR_IMAGE);
}

/* A batch: every letter on a new sheet, odd pages with duplex; the same letter twice is the
 * same bytes. */
static void
test_batch (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(RlLetterSettings) s = default_settings ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RlLetterWriter) writer = NULL;
  g_autoptr(GBytes) first = NULL, again = NULL;
  g_autoptr(RlActionDocument) doc = NULL;
  gint64 ids[3];
  int total = 0;

  for (int i = 0; i < 3; i++)
    {
      g_autofree char *code = g_strdup_printf ("C%d", i);
      gint64 c = add_customer (f, code, "fr", RL_CUSTOMER_BUSINESS, &martin);

      for (int k = 0; k < (i == 1 ? 60 : 1); k++)
        {
          g_autofree char *number = g_strdup_printf ("F%d-%d", i, k);

          rl_test_add_invoice (f->tb.book, c, number, "2026-05-10", 1000);
        }
      ids[i] = add_action (f, c, "reminder", "letter");
    }
  s->duplex = TRUE;
  writer = rl_letter_writer_new (s, f->out, day (AS_OF), &error);
  g_assert_no_error (error);
  for (int i = 0; i < 3; i++)
    {
      g_autoptr(RlActionDocument) d = rl_action_render_document (f->tb.book, ids[i],
                                                                 day (AS_OF), NULL);
      int pages = 0;

      g_assert_true (rl_letter_writer_add_action (writer, d, NULL, &pages, &error));
      total += pages + pages % 2;
    }
  g_assert_true (rl_letter_writer_finish (writer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (total, >, 6);
  g_assert_cmpint (pdf_pages (f->out), ==, total);
  g_assert_cmpuint (rl_letter_writer_get_batch_pages (writer), ==, total);

  doc = rl_action_render_document (f->tb.book, ids[0], day (AS_OF), NULL);
  g_clear_pointer (&writer, rl_letter_writer_free);
  writer = rl_letter_writer_new (s, NULL, day (AS_OF), NULL);
  g_assert_true (rl_letter_writer_add_action (writer, doc, &first, NULL, NULL));
  g_clear_pointer (&writer, rl_letter_writer_free);
  writer = rl_letter_writer_new (s, NULL, day (AS_OF), NULL);
  g_assert_true (rl_letter_writer_add_action (writer, doc, &again, NULL, NULL));
  g_assert_true (g_bytes_equal (first, again));
}

static GBytes *
read_bytes (const char *path)
{
  char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_bytes_new_take (data, len);
}

/* A page rendered in grey levels by pdftoppm -gray (a PGM file): its pixels, to free. */
static guint8 *
read_pgm (const char *path,
          int        *width,
          int        *height)
{
  g_autoptr(GBytes) bytes = read_bytes (path);
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  int depth = 0, used = 0;

  g_assert_cmpint (sscanf (data, "P5 %d %d %d%n", width, height, &depth, &used), ==, 3);
  g_assert_cmpint (depth, ==, 255);
  used++;   /* the one white space after the depth */
  g_assert_cmpuint (size - (gsize) used, ==, (gsize) *width * (gsize) *height);
  return g_memdup2 (data + used, (gsize) *width * (gsize) *height);
}

/* The pages of two PDF files look the same: as many, the same size, and at most one pixel
 * in 300 a little different. In a batch, a text every letter repeats is painted from a form
 * (drawn once), which moves its glyphs by less than a thousandth of a millimetre: the edges
 * of a few glyphs are shaded a little differently than when the same text is drawn in
 * place. With @exact, the pages are the same pixel for pixel. */
static void
assert_renders (Fixture    *f,
                const char *a,
                const char *b,
                gboolean    exact)
{
  g_autofree char *prefix_a = g_build_filename (f->tb.dir, "render-a", NULL);
  g_autofree char *prefix_b = g_build_filename (f->tb.dir, "render-b", NULL);
  const char *argv_a[] = { "pdftoppm", "-r", "40", "-gray", a, prefix_a, NULL };
  const char *argv_b[] = { "pdftoppm", "-r", "40", "-gray", b, prefix_b, NULL };
  g_autofree char *out_a = run_tool (argv_a), *out_b = run_tool (argv_b);
  int n = pdf_pages (a);

  /* pdftoppm numbers the pages with as many digits as the last one has. */
  int digits = n < 10 ? 1 : n < 100 ? 2 : 3;

  g_assert_cmpint (pdf_pages (b), ==, n);
  for (int page = 1; page <= n; page++)
    {
      g_autofree char *pa = g_strdup_printf ("%s-%0*d.pgm", prefix_a, digits, page);
      g_autofree char *pb = g_strdup_printf ("%s-%0*d.pgm", prefix_b, digits, page);
      int wa, ha, wb, hb, differ = 0;
      g_autofree guint8 *ba = read_pgm (pa, &wa, &ha);
      g_autofree guint8 *bb = read_pgm (pb, &wb, &hb);

      g_assert_cmpint (wa, ==, wb);
      g_assert_cmpint (ha, ==, hb);
      for (int i = 0; i < wa * ha; i++)
        differ += abs (ba[i] - bb[i]) > (exact ? 0 : 24);
      if (differ * 300 > wa * ha || (exact && differ > 0))
        g_error ("%s and %s, page %d: %d pixels differ", a, b, page, differ);
      g_unlink (pa);
      g_unlink (pb);
    }
}

static void
assert_same_renders (Fixture    *f,
                     const char *a,
                     const char *b)
{
  assert_renders (f, a, b, TRUE);
}

static void
assert_renders_look_same (Fixture    *f,
                          const char *a,
                          const char *b)
{
  assert_renders (f, a, b, FALSE);
}

/* The letters of a batch drawn on threads: in French and English, one of several pages, a
 * formal notice, and one refused (its address is too long). */
#define BATCH_LETTERS 8
#define BATCH_REFUSED 5

static void
add_batch_letters (Fixture *f,
                   gint64  *ids)
{
  const RlPostalAddress bad = {
    "Ferme Bio", NULL, "1 chemin Creux", "Lieu-dit Les Hauts de la Combe aux Loups Garous",
    NULL, "25000", "Besançon", NULL,
  };

  for (guint i = 0; i < BATCH_LETTERS; i++)
    {
      g_autofree char *code = g_strdup_printf ("C%u", i);
      gint64 c = add_customer (f, code, i % 2 ? "en" : "fr", RL_CUSTOMER_BUSINESS,
                               i == BATCH_REFUSED ? &bad : &martin);

      for (guint k = 0; k < (i == 2 ? 60 : 1 + i); k++)
        {
          g_autofree char *number = g_strdup_printf ("F%u-%u", i, k);

          rl_test_add_invoice (f->tb.book, c, number, "2026-05-10", 1000 + 100 * k);
        }
      ids[i] = add_action (f, c, i == 3 ? "formal_notice" : "reminder",
                           i == 3 ? "registered_letter" : "letter");
    }
}

/* Duplex, so that blank backs count in the pages; with a logo and a signature or without. */
static RlLetterSettings *
batch_settings (gboolean images)
{
  RlLetterSettings *s = default_settings ();

  s->duplex = TRUE;
  if (images)
    {
      s->logo = png_logo ();
      s->signature = png_logo ();
    }
  return s;
}

/* The number of pages of a PDF in memory. */
static int
pdf_pages_of (GBytes *pdf)
{
  g_autoptr(RlPdfFile) file = rl_pdf_file_new_from_bytes (pdf, NULL);

  g_assert_nonnull (file);
  return (int) rl_pdf_file_get_pages (file);
}

/* The batch letters drawn one after another into f->out, each letter's own PDF into
 * @own_pdfs and its first page into @first_pages when given; returns the batch's pages. */
static guint
draw_batch (Fixture          *f,
            RlLetterSettings *s,
            const gint64     *ids,
            GPtrArray        *own_pdfs,
            guint            *first_pages)
{
  g_autoptr(RlLetterWriter) writer = rl_letter_writer_new (s, f->out, day (AS_OF), NULL);
  guint pages;

  g_assert_nonnull (writer);
  for (guint i = 0; i < BATCH_LETTERS; i++)
    {
      g_autoptr(RlActionDocument) doc = rl_action_render_document (f->tb.book, ids[i],
                                                                   day (AS_OF), NULL);
      GBytes *pdf = NULL;

      if (first_pages != NULL)
        first_pages[i] = rl_letter_writer_get_batch_pages (writer) + 1;
      g_assert_cmpint (rl_letter_writer_add_action (writer, doc, own_pdfs ? &pdf : NULL, NULL,
                                                    NULL), ==, i != BATCH_REFUSED);
      if (own_pdfs != NULL)
        g_ptr_array_add (own_pdfs, pdf);
    }
  pages = rl_letter_writer_get_batch_pages (writer);
  g_assert_true (rl_letter_writer_finish (writer, NULL));
  return pages;
}

/* Letters drawn on worker threads are the same as drawn one after another: each letter's own
 * PDF the same bytes, and the batch, in the order given, with a letter refused in its place.
 * With a logo and a signature, each worker has its copy of the images, so the batch holds
 * each image once per worker: it looks the same, pixel for pixel. */
static void
check_pool (Fixture  *f,
            gboolean  images,
            guint     threads)
{
  g_autoptr(RlLetterSettings) s = batch_settings (images);
  g_autofree char *pooled_path = g_strconcat (f->out, ".pool.pdf", NULL);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(RlLetterWriter) writer = NULL;
  g_autoptr(RlLetterPool) pool = NULL;
  g_autoptr(GBytes) sequential = NULL, pooled = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ids[BATCH_LETTERS];
  guint n = G_N_ELEMENTS (ids), refused = BATCH_REFUSED;

  add_batch_letters (f, ids);
  draw_batch (f, s, ids, expected, NULL);

  writer = rl_letter_writer_new (s, pooled_path, day (AS_OF), &error);
  g_assert_no_error (error);
  pool = rl_letter_pool_new (writer, s, day (AS_OF), threads);
  g_assert_cmpuint (rl_letter_pool_get_threads (pool), ==, threads);
  for (guint i = 0; i < n; i++)
    rl_letter_pool_push_action (pool, rl_action_render_document (f->tb.book, ids[i],
                                                                 day (AS_OF), NULL),
                                TRUE, NULL, GUINT_TO_POINTER (i + 1));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GBytes) pdf = NULL;
      g_autoptr(GError) letter_error = NULL;
      gpointer tag = NULL;
      int pages = 0;
      gboolean ok = rl_letter_pool_pop (pool, &tag, &pdf, &pages, &letter_error);

      g_assert_cmpuint (GPOINTER_TO_UINT (tag), ==, i + 1);
      if (i == refused)
        {
          g_assert_false (ok);
          g_assert_error (letter_error, RL_LETTER_ERROR, RL_LETTER_ERROR_ADDRESS);
          continue;
        }
      g_assert_no_error (letter_error);
      g_assert_true (ok);
      g_assert_cmpint (pages, >=, i == 2 ? 2 : 1);
      g_assert_true (g_bytes_equal (pdf, g_ptr_array_index (expected, i)));
    }
  g_assert_cmpuint (rl_letter_pool_get_pending (pool), ==, 0);
  g_clear_pointer (&pool, rl_letter_pool_free);
  g_assert_true (rl_letter_writer_finish (writer, NULL));

  sequential = read_bytes (f->out);
  pooled = read_bytes (pooled_path);
  if (images && threads > 0)
    assert_same_renders (f, f->out, pooled_path);
  else
    g_assert_true (g_bytes_equal (sequential, pooled));
  g_assert_cmpint (pdf_pages (pooled_path), >, (int) n);
  g_unlink (pooled_path);
}

static void
test_pool (Fixture       *f,
           gconstpointer  data)
{
  check_pool (f, FALSE, 3);
}

static void
test_pool_images (Fixture       *f,
                  gconstpointer  data)
{
  check_pool (f, TRUE, 3);
}

/* In a batch alone, the texts every letter repeats are painted from forms, each drawn once
 * into the PDF: the words read the same as when each letter is drawn in place (with its own
 * PDF, drawn without forms), and the pages look the same. */
static void
test_batch_forms (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(RlLetterSettings) s = batch_settings (FALSE);
  g_autoptr(GPtrArray) own = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree char *in_place = g_strconcat (f->out, ".in-place.pdf", NULL);
  g_autofree char *with_forms = NULL, *without = NULL;
  g_autofree char *data_forms = NULL, *data_plain = NULL;
  gsize len_forms, len_plain;
  gint64 ids[BATCH_LETTERS];

  add_batch_letters (f, ids);
  draw_batch (f, s, ids, own, NULL);
  g_assert_cmpint (g_rename (f->out, in_place), ==, 0);
  draw_batch (f, s, ids, NULL, NULL);

  g_assert_true (g_file_get_contents (f->out, &data_forms, &len_forms, NULL));
  g_assert_true (g_file_get_contents (in_place, &data_plain, &len_plain, NULL));
  /* The page furniture is a form in both; the repeated texts only in the batch alone. */
  g_assert_cmpuint (count_in (data_forms, len_forms, "/Subtype /Form"), >=,
                    count_in (data_plain, len_plain, "/Subtype /Form") + 8);

  with_forms = pdf_text (f->out, 0);
  without = pdf_text (in_place, 0);
  g_assert_cmpstr (with_forms, ==, without);
  g_assert_nonnull (strstr (with_forms, "Madame, Monsieur,"));
  assert_renders_look_same (f, f->out, in_place);
  g_unlink (in_place);
}

/* Without worker threads, each letter is drawn into the batch when it is popped. */
static void
test_pool_in_caller (Fixture       *f,
                     gconstpointer  data)
{
  check_pool (f, TRUE, 0);
}

typedef struct
{
  guint    parts;
  gboolean images;
} PartsCase;

static const PartsCase parts_cases[] = {
  { 1, FALSE }, { 2, FALSE }, { 3, TRUE }, { 8, FALSE },  /* 8: a part of one letter, refused */
};

/* A batch drawn in parts, one per thread, then joined, looks the same as drawn one after
 * another, pixel for pixel (each part has its own font subsets and images), with each letter
 * on the same pages, a letter refused left out; in one part, it is the same bytes. A letter
 * taken from its part looks the same as drawn alone. */
static void
test_parts (Fixture       *f,
            gconstpointer  data)
{
  const PartsCase *c = data;
  g_autoptr(RlLetterSettings) s = batch_settings (c->images);
  g_autofree char *parts_path = g_strconcat (f->out, ".parts.pdf", NULL);
  g_autofree char *part1 = g_strconcat (parts_path, ".part1", NULL);
  g_autoptr(RlLetterParts) parts = NULL;
  g_autoptr(RlLetterWriter) single = rl_letter_writer_new (s, NULL, day (AS_OF), NULL);
  g_autoptr(GError) error = NULL;
  gint64 ids[BATCH_LETTERS];
  guint n = G_N_ELEMENTS (ids), first_pages[BATCH_LETTERS], seen[BATCH_LETTERS] = { 0 };
  guint pages;

  add_batch_letters (f, ids);
  pages = draw_batch (f, s, ids, NULL, first_pages);
  parts = rl_letter_parts_new (s, parts_path, day (AS_OF), n, c->parts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rl_letter_parts_get_parts (parts), ==, c->parts);
  for (guint k = 0; k < n; k++)
    {
      guint i = rl_letter_parts_get_index (parts, k);

      g_assert_cmpuint (i, <, n);
      seen[i]++;
      rl_letter_parts_push_action (parts, i, rl_action_render_document (f->tb.book, ids[i],
                                                                        day (AS_OF), NULL));
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) letter_error = NULL;
      int letter_pages = 0;
      gboolean ok = rl_letter_parts_wait (parts, i, &letter_pages, &letter_error);

      g_assert_cmpuint (seen[i], ==, 1);
      if (i == BATCH_REFUSED)
        {
          g_assert_error (letter_error, RL_LETTER_ERROR, RL_LETTER_ERROR_ADDRESS);
          g_assert_false (ok);
          continue;
        }
      g_assert_no_error (letter_error);
      g_assert_cmpint (letter_pages, >=, i == 2 ? 2 : 1);
    }
  g_assert_true (rl_letter_parts_finish (parts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rl_letter_parts_get_pages (parts), ==, pages);
  for (guint i = 0; i < n; i++)
    if (i != BATCH_REFUSED)
      g_assert_cmpuint (rl_letter_parts_get_first_page (parts, i), ==, first_pages[i]);
  /* Each letter taken from its part looks as drawn alone. */
  for (guint i = 0; i < n; i++)
    if (i != BATCH_REFUSED && (c->images || i % 3 == 0))
      {
        g_autoptr(GBytes) pdf = rl_letter_parts_get_letter_pdf (parts, i, &error);
        g_autoptr(RlActionDocument) doc = rl_action_render_document (f->tb.book, ids[i],
                                                                     day (AS_OF), NULL);
        g_autoptr(GBytes) own = NULL;
        g_autofree char *alone = g_build_filename (f->tb.dir, "alone.pdf", NULL);
        g_autofree char *taken = g_build_filename (f->tb.dir, "taken.pdf", NULL);

        g_assert_no_error (error);
        /* The same bytes as taken from the batch the parts were joined into. */
        {
          g_autoptr(RlPdfFile) joined = rl_pdf_file_open (parts_path, &error);
          g_autoptr(GBytes) again = NULL;

          g_assert_no_error (error);
          g_assert_cmpuint (rl_pdf_file_get_pages (joined), ==, pages);
          again = rl_pdf_file_extract (joined, first_pages[i], (guint) pdf_pages_of (pdf));
          g_assert_true (g_bytes_equal (again, pdf));
        }
        g_assert_true (rl_letter_writer_add_action (single, doc, &own, NULL, NULL));
        g_assert_true (rl_letter_save (alone, own, NULL));
        g_assert_true (rl_letter_save (taken, pdf, NULL));
        assert_fonts_embedded (taken);
        assert_renders_look_same (f, alone, taken);
      }
  /* Written by a thread per part: each the same bytes as taken one after the other. */
  {
    g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; i < n; i++)
      g_ptr_array_add (paths, i == BATCH_REFUSED ? NULL
                                                 : g_strdup_printf ("%s.letter-%u.pdf", f->out, i));
    g_assert_true (rl_letter_parts_save_letters (parts, (const char * const *) paths->pdata,
                                                 &error));
    g_assert_no_error (error);
    for (guint i = 0; i < n; i++)
      if (i != BATCH_REFUSED)
        {
          g_autoptr(GBytes) pdf = rl_letter_parts_get_letter_pdf (parts, i, &error);
          g_autoptr(GBytes) saved = read_bytes (g_ptr_array_index (paths, i));

          g_assert_true (g_bytes_equal (pdf, saved));
          g_unlink (g_ptr_array_index (paths, i));
        }
  }
  g_clear_pointer (&parts, rl_letter_parts_free);
  g_assert_false (g_file_test (part1, G_FILE_TEST_EXISTS));
  g_assert_cmpint (pdf_pages (parts_path), ==, (int) pages);
  assert_fonts_embedded (parts_path);
  if (c->parts == 1)
    {
      g_autoptr(GBytes) a = read_bytes (f->out), b = read_bytes (parts_path);

      g_assert_true (g_bytes_equal (a, b));
    }
  else
    assert_renders_look_same (f, f->out, parts_path);
  g_unlink (parts_path);
}

/* Only PDF files as cairo writes them are joined; nothing is left of a failed join. */
static void
test_merge_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *text = g_build_filename (f->tb.dir, "not-a-pdf.pdf", NULL);
  g_autofree char *out = g_build_filename (f->tb.dir, "joined.pdf", NULL);
  const char *parts[] = { text, NULL };
  const char *missing[] = { out, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (text, "%PDF-1.5\nnot really\n", -1, NULL));
  g_assert_false (rl_pdf_merge (parts, out, NULL, &error));
  g_assert_error (error, RL_LETTER_ERROR, RL_LETTER_ERROR_WRITE);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_assert_false (rl_pdf_merge (missing, text, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

static void
test_thank_you (Fixture       *f,
                gconstpointer  data)
{
  gint64 c = add_customer (f, "C1", "fr", RL_CUSTOMER_BUSINESS, &martin);
  g_autoptr(RlLetterSettings) s = default_settings ();
  g_autofree char *text = NULL;

  rl_test_add_invoice (f->tb.book, c, "FA-9", "2026-05-10", 45000);
  rl_test_pay (f->tb.book, c, "FA-9", "2026-05-15", 45000);
  print_action (f, s, add_action (f, c, "thank_you", "letter"));
  text = pdf_text (f->out, 0);
  assert_contains (text, "Merci pour votre règlement");
  assert_contains (text, "FA-9");
  assert_contains (text, "450,00 €");
  assert_lacks (text, "Règlement par virement");
  assert_lacks (text, "Jours de");
}

static void
test_statement (Fixture       *f,
                gconstpointer  data)
{
  gint64 c = add_customer (f, "C1", "fr", RL_CUSTOMER_BUSINESS, &martin);
  g_autoptr(RlLetterSettings) s = default_settings ();
  g_autoptr(RlStatement) st = NULL;
  g_autoptr(RlLetterWriter) writer = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL, *qr = NULL;
  const char *bytes;
  gsize len;
  int pages = 0;

  rl_test_add_invoice (f->tb.book, c, "FA-1", "2026-03-10", 100000);
  rl_test_add_invoice (f->tb.book, c, "FA-2", "2026-06-10", 30000);
  rl_test_add_invoice (f->tb.book, c, "FA-3", "2026-02-10", 5000);
  rl_test_pay (f->tb.book, c, "FA-1", "2026-04-02", 40000);
  rl_test_pay (f->tb.book, c, "FA-3", "2026-04-05", 5000);

  st = rl_book_get_statement (f->tb.book, c, day (AS_OF), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (st->invoices->len, ==, 2);
  g_assert_cmpuint (st->payments->len, ==, 2);
  g_assert_cmpint (st->balance, ==, 90000);
  writer = rl_letter_writer_new (s, NULL, day (AS_OF), &error);
  g_assert_true (rl_letter_writer_add_statement (writer, st, &pdf, &pages, &error));
  g_assert_no_error (error);
  bytes = g_bytes_get_data (pdf, &len);
  g_assert_true (g_file_set_contents (f->out, bytes, len, NULL));
  text = pdf_text (f->out, 0);
  assert_contains (text, "Relevé de compte au 20 mai 2026");
  assert_contains (text, "FA-1");
  assert_contains (text, "FA-2");
  assert_lacks (text, "FA-3");
  assert_contains (text, "02/04/2026");
  assert_contains (text, "Solde dû");
  assert_contains (text, "900,00 €");
  qr = pdf_qr (f, pages);
  assert_contains (qr, "\nEUR900.00\n");
}

static void
test_calibration (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(RlLetterSettings) s = default_settings ();
  g_autoptr(RlCompany) company = rl_book_get_company (f->tb.book, NULL);
  g_autoptr(RlLetterWriter) writer = rl_letter_writer_new (s, NULL, day (AS_OF), NULL);
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;
  const char *bytes;
  gsize len;

  s->offset_x_dmm = 15;
  g_clear_pointer (&writer, rl_letter_writer_free);
  writer = rl_letter_writer_new (s, NULL, day (AS_OF), NULL);
  g_assert_true (rl_letter_writer_add_calibration (writer, company, &pdf, NULL, NULL));
  bytes = g_bytes_get_data (pdf, &len);
  g_assert_true (g_file_set_contents (f->out, bytes, len, NULL));
  g_assert_cmpint (pdf_pages (f->out), ==, 1);
  text = pdf_text (f->out, 0);
  assert_contains (text, "Page d’étalonnage");
  assert_contains (text, "française, à droite");
  assert_contains (text, "décalage horizontal +1,5");
  assert_contains (text, "69002 LYON");
}

/* The book keeps the settings and each letter with its checksum. */
static void
test_book_records (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(RlLetterSettings) s = default_settings ();
  g_autoptr(RlLetterSettings) back = NULL;
  g_autoptr(GPtrArray) letters = NULL;
  g_autoptr(GBytes) pdf = g_bytes_new_static ("%PDF-1.5 test", 13), stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) todo = NULL;
  gint64 c = add_customer (f, "C1", "fr", RL_CUSTOMER_BUSINESS, &martin);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  g_autofree char *batch_data = NULL, *batch_sha = NULL;
  g_autoptr(GBytes) batch_bytes = NULL;
  gint64 id, letter, batch;
  int first_page = -1;

  s->signatory = g_strdup ("Claire Dubois");
  s->offset_y_dmm = -12;
  g_assert_true (rl_book_begin (f->tb.book, NULL));
  g_assert_true (rl_book_set_letter_settings (f->tb.book, s, &error));
  g_assert_no_error (error);
  g_free (s->envelope);
  s->envelope = g_strdup ("us");
  g_assert_false (rl_book_set_letter_settings (f->tb.book, s, &error));
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID);
  g_clear_error (&error);
  g_free (s->envelope);
  s->envelope = g_strdup ("fr");
  s->offset_x_dmm = 301;
  g_assert_false (rl_book_set_letter_settings (f->tb.book, s, &error));
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (rl_book_commit (f->tb.book, NULL));
  back = rl_book_get_letter_settings (f->tb.book, NULL);
  g_assert_cmpstr (back->signatory, ==, "Claire Dubois");
  g_assert_cmpint (back->offset_y_dmm, ==, -12);
  g_assert_cmpint (back->offset_x_dmm, ==, 0);

  rl_test_add_invoice (f->tb.book, c, "FA-1", "2026-05-10", 1000);
  id = add_action (f, c, "reminder", "letter");
  add_action (f, c, "reminder", "email");
  todo = rl_book_list_letter_actions (f->tb.book, FALSE, NULL);
  g_assert_cmpuint (todo->len, ==, 1);
  g_assert_cmpint (g_array_index (todo, gint64, 0), ==, id);

  letter = rl_book_record_letter (f->tb.book, id, c, "reminder", day (AS_OF), 1, pdf, &error);
  g_assert_no_error (error);
  letters = rl_book_list_letters (f->tb.book, id, NULL);
  g_assert_cmpuint (letters->len, ==, 1);
  g_assert_cmpstr (((RlLetterRecord *) letters->pdata[0])->sha256, ==, sha);
  /* Printed: no longer to print, unless again. */
  {
    g_autoptr(GArray) left = rl_book_list_letter_actions (f->tb.book, FALSE, NULL);
    g_autoptr(GArray) again = rl_book_list_letter_actions (f->tb.book, TRUE, NULL);

    g_assert_cmpuint (left->len, ==, 0);
    g_assert_cmpuint (again->len, ==, 1);
    g_assert_cmpint (g_array_index (again, gint64, 0), ==, id);
  }
  stored = rl_book_get_letter_pdf (f->tb.book, letter, &first_page, NULL);
  g_assert_true (g_bytes_equal (stored, pdf));
  g_assert_cmpint (first_page, ==, 0);
  g_assert_null (rl_book_get_letter_pdf (f->tb.book, letter + 1, NULL, &error));
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A batch kept whole, bigger than one chunk of the copy; its letters point into it. */
  batch_data = g_malloc (200000);
  for (gsize i = 0; i < 200000; i++)
    batch_data[i] = (char) (i * 7);
  g_assert_true (g_file_set_contents (f->out, batch_data, 200000, NULL));
  batch_bytes = g_bytes_new_take (g_steal_pointer (&batch_data), 200000);
  batch_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, batch_bytes);
  batch = rl_book_record_letter_batch (f->tb.book, day (AS_OF), 3, f->out, &error);
  g_assert_no_error (error);
  letter = rl_book_record_batch_letter (f->tb.book, batch, 2, id, c, "reminder", 2, &error);
  g_assert_no_error (error);
  g_clear_pointer (&stored, g_bytes_unref);
  stored = rl_book_get_letter_pdf (f->tb.book, letter, &first_page, NULL);
  g_assert_true (g_bytes_equal (stored, batch_bytes));
  g_assert_cmpint (first_page, ==, 2);
  g_clear_pointer (&letters, g_ptr_array_unref);
  letters = rl_book_list_letters (f->tb.book, id, NULL);
  g_assert_cmpuint (letters->len, ==, 2);
  g_assert_cmpstr (((RlLetterRecord *) letters->pdata[1])->sha256, ==, batch_sha);
  g_assert_cmpint (((RlLetterRecord *) letters->pdata[1])->batch_id, ==, batch);
  g_assert_cmpint (rl_book_record_batch_letter (f->tb.book, batch + 1, 1, id, c, "reminder", 1,
                                                &error), ==, 0);
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_NOT_FOUND);
}

/* An address that cannot fit is an error, not a cut word. */
static void
test_bad_address (Fixture       *f,
                  gconstpointer  data)
{
  const RlPostalAddress bad = {
    "Ferme Bio", NULL, "1 chemin Creux", "Lieu-dit Les Hauts de la Combe aux Loups Garous",
    NULL, "25000", "Besançon", NULL,
  };
  gint64 c = add_customer (f, "C1", "fr", RL_CUSTOMER_BUSINESS, &bad);
  g_autoptr(RlLetterSettings) s = default_settings ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RlActionDocument) doc = NULL;
  g_autoptr(RlLetterWriter) writer = NULL;
  g_autoptr(GBytes) pdf = NULL;

  rl_test_add_invoice (f->tb.book, c, "FA-1", "2026-05-10", 1000);
  doc = rl_action_render_document (f->tb.book, add_action (f, c, "reminder", "letter"),
                                   day (AS_OF), NULL);
  writer = rl_letter_writer_new (s, f->out, day (AS_OF), NULL);
  g_assert_false (rl_letter_writer_add_action (writer, doc, &pdf, NULL, &error));
  g_assert_error (error, RL_LETTER_ERROR, RL_LETTER_ERROR_ADDRESS);
  g_assert_null (pdf);
  g_assert_cmpuint (rl_letter_writer_get_batch_pages (writer), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (postal_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/relance/letters/postal/%s", postal_cases[i].name);

      g_test_add_data_func (path, &postal_cases[i], test_postal);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (epc_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/relance/letters/epc/%s", epc_cases[i].name);

      g_test_add_data_func (path, &epc_cases[i], test_epc);
    }
  g_test_add_func ("/relance/letters/epc/long-name", test_epc_long_name);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/relance/letters/pdf/formal-notice", test_formal_notice, NULL);
  ADD ("/relance/letters/pdf/text-modes", test_reminder_text_modes, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (amount_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/relance/letters/pdf/amount/%s",
                                               amount_cases[i].name);

      ADD (path, test_amounts, &amount_cases[i]);
    }
  ADD ("/relance/letters/pdf/200-invoices", test_many_invoices, NULL);
  ADD ("/relance/letters/pdf/footer-breaks-between-parts", test_footer_breaks_between_parts,
       NULL);
  ADD ("/relance/letters/pdf/foreign-and-long", test_foreign_and_long, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (window_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/relance/letters/pdf/window/%s-%d-%d%s",
                                               window_cases[i].envelope,
                                               window_cases[i].offset_x_dmm,
                                               window_cases[i].offset_y_dmm,
                                               window_cases[i].full ? "-registered-7-lines" : "");

      ADD (path, test_windows, &window_cases[i]);
    }
  ADD ("/relance/letters/pdf/images", test_images, NULL);
  ADD ("/relance/letters/pdf/batch", test_batch, NULL);
  ADD ("/relance/letters/pdf/pool", test_pool, NULL);
  ADD ("/relance/letters/pdf/pool-images", test_pool_images, NULL);
  ADD ("/relance/letters/pdf/batch-forms", test_batch_forms, NULL);
  ADD ("/relance/letters/pdf/pool-in-caller", test_pool_in_caller, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (parts_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/relance/letters/pdf/parts/%u%s",
                                               parts_cases[i].parts,
                                               parts_cases[i].images ? "-images" : "");

      ADD (path, test_parts, &parts_cases[i]);
    }
  ADD ("/relance/letters/pdf/merge-refused", test_merge_refused, NULL);
  ADD ("/relance/letters/pdf/thank-you", test_thank_you, NULL);
  ADD ("/relance/letters/pdf/statement", test_statement, NULL);
  ADD ("/relance/letters/pdf/calibration", test_calibration, NULL);
  ADD ("/relance/letters/book", test_book_records, NULL);
  ADD ("/relance/letters/bad-address", test_bad_address, NULL);
#undef ADD

  return g_test_run ();
}
