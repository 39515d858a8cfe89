/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rl-book.h"
#include "rl-engine.h"
#include "rl-fec.h"
#include "rl-test-import.h"
#include "rl-test-util.h"

/* FEC import: the real samples (figures computed here from the raw file), every variant of
 * DOMAIN.md §3 on generated files, lettering, terms, re-imports and bad input. */

/* ---- Independent reading of a raw TAB FEC (UTF-8, Debit/Credit): the test's own figures. */

typedef struct
{
  GHashTable *balance;      /* customer code → gint64 cents (debit − credit) */
  GHashTable *let_balance;  /* "code\tlet" → gint64 cents */
  guint       debits;       /* non-zero debit lines on 411 */
  guint       unlettered;   /* 411 lines without lettering */
} RawFigures;

static gint64
raw_cents (const char *s)
{
  g_auto(GStrv) parts = g_strsplit (s, ",", 2);
  gint64 units = g_ascii_strtoll (parts[0], NULL, 10) * 100;

  if (parts[0] != NULL && parts[1] != NULL)
    units += g_ascii_strtoll (parts[1], NULL, 10) * (strlen (parts[1]) == 1 ? 10 : 1);
  return units;
}

static void
raw_add (GHashTable *table,
         const char *key,
         gint64      cents)
{
  gint64 *v = g_hash_table_lookup (table, key);

  if (v == NULL)
    {
      v = g_new0 (gint64, 1);
      g_hash_table_insert (table, g_strdup (key), v);
    }
  *v += cents;
}

static void
raw_figures (const char *path,
             RawFigures *f)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  f->balance = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  f->let_balance = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  f->debits = f->unlettered = 0;
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) c = g_strsplit (g_strchomp (lines[i]), "\t", -1);
      gint64 debit, credit;

      if (g_strv_length (c) < 14 || !g_str_has_prefix (c[4], "411"))
        continue;
      debit = raw_cents (c[11]);
      credit = raw_cents (c[12]);
      if (debit == credit)
        continue;
      raw_add (f->balance, c[6], debit - credit);
      if (debit > credit)
        f->debits++;
      if (*c[13] == '\0')
        f->unlettered++;
      else
        {
          g_autofree char *k = g_strdup_printf ("%s\t%s", c[6], c[13]);

          raw_add (f->let_balance, k, debit - credit);
        }
    }
}

static void
raw_figures_clear (RawFigures *f)
{
  g_hash_table_unref (f->balance);
  g_hash_table_unref (f->let_balance);
}

/* ---- What the book says. */

typedef struct
{
  gint64 balance;
  guint  invoices;
  guint  open;
} BookSum;

static gboolean
sum_invoice (RlInvoice *inv,
             gpointer   data)
{
  BookSum *s = data;

  if (inv->kind == RL_INVOICE_KIND_CREDIT_NOTE)
    s->balance -= inv->amount - inv->paid;
  else
    {
      s->balance += inv->amount - inv->paid;
      s->invoices++;
      s->open += inv->paid < inv->amount;
    }
  return TRUE;
}

static gboolean
sum_payment (RlPayment *p,
             gpointer   data)
{
  BookSum *s = data;

  s->balance -= p->unallocated;
  return TRUE;
}

static BookSum
book_sum (RlBook     *book,
          const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlCustomer) c = NULL;
  BookSum s = { 0 };
  gint64 id = 0;

  if (code != NULL)
    {
      c = rl_book_find_customer (book, code, &error);
      g_assert_no_error (error);
      g_assert_nonnull (c);
      id = c->id;
    }
  g_assert_true (rl_book_foreach_invoice (book, id, FALSE, sum_invoice, &s, &error));
  g_assert_no_error (error);
  g_assert_true (rl_book_foreach_payment (book, id, FALSE, sum_payment, &s, &error));
  g_assert_no_error (error);
  return s;
}

static char *
sample_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "samples", "fec", name, NULL);
}

static RlImportReport *
import_ok (RlBook     *book,
           const char *path,
           const char *prefix)
{
  g_autoptr(GError) error = NULL;
  RlImportReport *report = NULL;
  RlFecOptions options;

  rl_fec_options_init (&options);
  options.receivable_prefix = prefix;
  g_assert_true (rl_fec_import (book, path, &options, &report, &error));
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->problems->len, ==, 0);
  g_assert_cmpint (report->import_id, >, 0);
  return report;
}

static void
check_against_raw (RlBook     *book,
                   const char *path)
{
  RawFigures raw;
  GHashTableIter it;
  gpointer key, value;
  BookSum all;

  raw_figures (path, &raw);
  g_assert_cmpint (rl_book_count_customers (book), ==, g_hash_table_size (raw.balance));
  g_hash_table_iter_init (&it, raw.balance);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      BookSum s = book_sum (book, key);

      g_assert_cmpint (s.balance, ==, *(gint64 *) value);
    }
  all = book_sum (book, NULL);
  g_assert_cmpuint (all.invoices, ==, raw.debits);
  raw_figures_clear (&raw);
}

static void
test_sample_lettered (RlTestBook    *f,
                      gconstpointer  data)
{
  g_autofree char *path = sample_path ("0000000001FEC20220831.txt");
  g_autoptr(RlImportReport) report = import_ok (f->book, path, NULL);
  g_autoptr(RlImportReport) again = NULL;
  g_autoptr(GError) error = NULL;
  RawFigures raw;
  GHashTableIter it;
  gpointer key, value;
  guint balanced = 0;

  check_against_raw (f->book, path);
  raw_figures (path, &raw);
  /* PROVENANCE.md: 538 lines on 411 accounts, 17 customers, 10 unlettered lines. */
  g_assert_cmpuint (report->counts.rows, ==, 538);
  g_assert_cmpuint (report->customers, ==, 17);
  g_assert_cmpuint (raw.unlettered, ==, 10);
  g_assert_cmpuint (report->invoices, ==, raw.debits);
  g_assert_cmpstr (report->detail, ==, "TAB, UTF-8, Debit/Credit");

  /* Every invoice of a lettering group that balances is paid. */
  g_hash_table_iter_init (&it, raw.let_balance);
  while (g_hash_table_iter_next (&it, &key, &value))
    if (*(gint64 *) value == 0)
      balanced++;
  g_assert_cmpuint (balanced, >, 100);
  {
    g_autoptr(RlInvoice) inv = rl_book_find_invoice (f->book, "FA  220272", &error);

    /* JULES NOURRIT's last invoice is not lettered: open, nothing allocated. */
    g_assert_no_error (error);
    g_assert_nonnull (inv);
    g_assert_cmpint (inv->paid, ==, 0);
    g_assert_cmpint (inv->amount, ==, 811506);
  }
  raw_figures_clear (&raw);

  /* The same file again: nothing added, nothing changed. */
  again = import_ok (f->book, path, NULL);
  g_assert_cmpuint (again->counts.inserted, ==, 0);
  g_assert_cmpuint (again->counts.updated, ==, 0);
  g_assert_cmpuint (again->counts.customers_created, ==, 0);
  g_assert_cmpint (again->allocated, ==, report->allocated);
  check_against_raw (f->book, path);
}

static void
test_sample_bnc (RlTestBook    *f,
                 gconstpointer  data)
{
  g_autofree char *path = sample_path ("000000000FEC20231231.txt");
  g_autoptr(RlImportReport) report = import_ok (f->book, path, NULL);

  check_against_raw (f->book, path);
  g_assert_cmpuint (report->customers, ==, 4);
  g_assert_cmpint (report->allocated, ==, 0);
  g_assert_cmpuint (report->open_items, ==, report->invoices);
}

/* ---- Generated files. */

#define HEADER18 "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\t" \
  "CompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\t" \
  "DateLet\tValidDate\tMontantdevise\tIdevise"

/* The logical content every variant writes: customers, invoices, a credit note, payments. */
static const char * const base_lines[] = {
  "VE\tVentes\t1\t20240105\t411000\tClients\tC001\tÉpicerie Gérard\tF2024-001\t20240105\tFacture\t1200,00\t0,00\tAA\t\t20240131\t\t",
  "VE\tVentes\t1\t20240105\t706000\tVentes\t\t\tF2024-001\t20240105\tFacture\t0,00\t1000,00\t\t\t20240131\t\t",
  "VE\tVentes\t2\t20240110\t411000\tClients\tC002\tBoulangerie Lenôtre\tF2024-002\t20240110\tFacture\t500,00\t0,00\tAB\t\t20240131\t\t",
  "VE\tVentes\t3\t20240112\t411000\tClients\tC001\tÉpicerie Gérard\tF2024-003\t20240112\tFacture\t300,00\t0,00\t\t\t20240131\t\t",
  "VE\tVentes\t4\t20240115\t411000\tClients\tC002\tBoulangerie Lenôtre\tAV2024-001\t20240115\tAvoir\t0,00\t100,00\tAB\t\t20240131\t\t",
  "BQ\tBanque\t7\t20240201\t411000\tClients\tC001\tÉpicerie Gérard\tVIR0201\t20240201\tVIR GERARD\t0,00\t1200,00\tAA\t\t20240229\t\t",
  "BQ\tBanque\t8\t20240205\t411000\tClients\tC002\tBoulangerie Lenôtre\tVIR0205\t20240205\tVIR LENOTRE\t0,00\t250,00\tAB\t\t20240229\t\t",
  "BQ\tBanque\t9\t20240210\t411000\tClients\tC003\tTraiteur Duval\tCHQ0210\t20240210\tCHQ DUVAL\t0,00\t80,00\t\t\t20240229\t\t",
};

static char *
join_lines (const char        *header,
            const char * const *lines,
            guint              n,
            const char        *eol)
{
  GString *s = g_string_new (header);

  g_string_append (s, eol);
  for (guint i = 0; i < n; i++)
    {
      g_string_append (s, lines[i]);
      g_string_append (s, eol);
    }
  return g_string_free (s, FALSE);
}

/* Checks the figures every variant must give. */
static void
check_base_figures (RlBook *book)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlInvoice) f1 = rl_book_find_invoice (book, "F2024-001", &error);
  g_autoptr(RlInvoice) f2 = rl_book_find_invoice (book, "F2024-002", &error);
  g_autoptr(RlInvoice) f3 = rl_book_find_invoice (book, "F2024-003", &error);
  g_autoptr(RlInvoice) av = rl_book_find_invoice (book, "AV2024-001", &error);
  g_autoptr(RlCustomer) c1 = rl_book_find_customer (book, "C001", &error);

  g_assert_no_error (error);
  g_assert_nonnull (f1);
  g_assert_nonnull (f2);
  g_assert_nonnull (f3);
  g_assert_nonnull (av);
  g_assert_cmpint (rl_book_count_customers (book), ==, 3);
  g_assert_cmpstr (c1->name, ==, "Épicerie Gérard");
  /* Fully lettered: paid. */
  g_assert_cmpint (f1->amount, ==, 120000);
  g_assert_cmpint (f1->paid, ==, 120000);
  g_assert_cmpint (f1->status, ==, RL_INVOICE_STATUS_PAID);
  /* Group AB does not balance (500 − 100 − 250): a partial payment. */
  g_assert_cmpint (f2->paid, ==, 35000);
  g_assert_cmpint (av->kind, ==, RL_INVOICE_KIND_CREDIT_NOTE);
  g_assert_cmpint (av->amount, ==, 10000);
  g_assert_cmpint (av->paid, ==, 10000);
  /* Not lettered: open. */
  g_assert_cmpint (f3->paid, ==, 0);
  /* Due dates from the company's terms (30 days by default). */
  g_assert_cmpint (f3->due_date - f3->issue_date, ==, 30);
  g_assert_cmpint (book_sum (book, "C003").balance, ==, -8000);
  g_assert_cmpint (book_sum (book, NULL).balance, ==, 120000 + 50000 + 30000 - 10000 - 120000
                                                      - 25000 - 8000);
}

/* Rewrites the base lines for one variant. */
typedef char *(*VariantFunc) (void);

static char *
variant_lf (void)
{
  return join_lines (HEADER18, base_lines, G_N_ELEMENTS (base_lines), "\n");
}

static char *
variant_crlf (void)
{
  return join_lines (HEADER18, base_lines, G_N_ELEMENTS (base_lines), "\r\n");
}

static char *
variant_crcrlf (void)
{
  return join_lines (HEADER18, base_lines, G_N_ELEMENTS (base_lines), "\r\r\n");
}

static char *
variant_cr (void)
{
  return join_lines (HEADER18, base_lines, G_N_ELEMENTS (base_lines), "\r");
}

static char *
variant_bom (void)
{
  g_autofree char *body = variant_crlf ();

  return g_strconcat ("\xEF\xBB\xBF", body, NULL);
}

static char *
replace_all (const char *text,
             const char *from,
             const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

static char *
variant_pipe (void)
{
  g_autofree char *body = variant_lf ();

  return replace_all (body, "\t", "|");
}

static char *
variant_trailing_separator (void)
{
  g_autofree char *body = variant_lf ();

  return replace_all (body, "\n", "\t\n");
}

static char *
variant_padded (void)
{
  g_autofree char *body = variant_lf ();
  g_autofree char *a = replace_all (body, "\t", "   \t  ");

  return replace_all (a, "\n", "  \n");
}

static char *
variant_header_spelling (void)
{
  g_autofree char *body = variant_lf ();
  g_autofree char *a = replace_all (body, "Montantdevise", "MontantDevise");

  return replace_all (a, "EcritureLet", "Ecriture_Let");
}

/* BNC: 22 columns, the last four extra. */
static char *
variant_extra_columns (void)
{
  GString *s = g_string_new (HEADER18 "\tDateRglt\tModeRglt\tNatOp\tIdClient\n");

  for (guint i = 0; i < G_N_ELEMENTS (base_lines); i++)
    g_string_append_printf (s, "%s\t20240301\tVIR\t\tX%u\n", base_lines[i], i);
  return g_string_free (s, FALSE);
}

typedef enum
{
  AMOUNTS_SENS_DC,    /* Montant and Sens D/C in place of Debit and Credit */
  AMOUNTS_SENS_PM,    /* Montant and Sens +1/-1 */
  AMOUNTS_SIGN_LAST,  /* signed amounts in the Debit column, the sign last: "250,00-" */
} AmountStyle;

static char *
rewrite_amounts (AmountStyle style)
{
  g_autofree char *header = style == AMOUNTS_SIGN_LAST
                            ? g_strdup (HEADER18)
                            : replace_all (HEADER18, "Debit\tCredit", "Montant\tSens");
  GString *s = g_string_new (header);

  g_string_append_c (s, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (base_lines); i++)
    {
      g_auto(GStrv) c = g_strsplit (base_lines[i], "\t", -1);
      gboolean debit = g_strcmp0 (c[12], "0,00") == 0;
      g_autofree char *line = NULL;

      if (!debit)
        {
          g_free (c[11]);
          c[11] = style == AMOUNTS_SIGN_LAST ? g_strdup_printf ("%s-", c[12]) : g_strdup (c[12]);
        }
      g_free (c[12]);
      if (style == AMOUNTS_SIGN_LAST)
        c[12] = g_strdup ("");
      else if (style == AMOUNTS_SENS_PM)
        c[12] = g_strdup (debit ? "+1" : "-1");
      else
        c[12] = g_strdup (debit ? "D" : "C");
      line = g_strjoinv ("\t", c);
      g_string_append_printf (s, "%s\n", line);
    }
  return g_string_free (s, FALSE);
}

static char *
variant_montant_dc (void)
{
  return rewrite_amounts (AMOUNTS_SENS_DC);
}

static char *
variant_montant_pm (void)
{
  return rewrite_amounts (AMOUNTS_SENS_PM);
}

static char *
variant_sign_last (void)
{
  return rewrite_amounts (AMOUNTS_SIGN_LAST);
}

/* ISO 8859-15 (the é and ô become single bytes). */
static char *
variant_latin9 (void)
{
  g_autofree char *body = variant_crlf ();
  g_autoptr(GError) error = NULL;
  char *latin = g_convert (body, -1, "ISO-8859-15", "UTF-8", NULL, NULL, &error);

  g_assert_no_error (error);
  return latin;
}

typedef struct
{
  const char  *name;
  VariantFunc  make;
  const char  *detail;
} Variant;

static const Variant variants[] = {
  { "lf", variant_lf, "TAB, UTF-8, Debit/Credit" },
  { "crlf", variant_crlf, "TAB, UTF-8, Debit/Credit" },
  { "crcrlf", variant_crcrlf, "TAB, UTF-8, Debit/Credit" },
  { "cr", variant_cr, "TAB, UTF-8, Debit/Credit" },
  { "bom", variant_bom, "TAB, UTF-8, Debit/Credit" },
  { "pipe", variant_pipe, "|, UTF-8, Debit/Credit" },
  { "trailing-separator", variant_trailing_separator, "TAB, UTF-8, Debit/Credit" },
  { "padded", variant_padded, "TAB, UTF-8, Debit/Credit" },
  { "header-spelling", variant_header_spelling, "TAB, UTF-8, Debit/Credit" },
  { "extra-columns", variant_extra_columns, "TAB, UTF-8, Debit/Credit" },
  { "montant-sens-dc", variant_montant_dc, "TAB, UTF-8, Montant/Sens" },
  { "montant-sens-pm", variant_montant_pm, "TAB, UTF-8, Montant/Sens" },
  { "sign-last", variant_sign_last, "TAB, UTF-8, Debit/Credit" },
  { "latin9", variant_latin9, "TAB, ISO-8859-15, Debit/Credit" },
};

static void
test_variant (RlTestBook    *f,
              gconstpointer  data)
{
  const Variant *v = data;
  g_autofree char *content = v->make ();
  g_autofree char *path = rl_test_write_file (f->dir, "123456789FEC20241231.txt", content, -1);
  g_autoptr(RlImportReport) report = import_ok (f->book, path, NULL);
  g_autoptr(RlImportReport) again = NULL;

  g_assert_cmpstr (report->detail, ==, v->detail);
  g_assert_cmpuint (report->counts.rows, ==, G_N_ELEMENTS (base_lines) - 1);
  g_assert_cmpuint (report->invoices, ==, 3);
  g_assert_cmpuint (report->credit_notes, ==, 1);
  g_assert_cmpuint (report->payments, ==, 3);
  g_assert_cmpuint (report->open_items, ==, 2);
  g_assert_cmpint (report->allocated, ==, 120000 + 10000 + 25000);
  check_base_figures (f->book);
  again = import_ok (f->book, path, NULL);
  g_assert_cmpuint (again->counts.inserted + again->counts.updated, ==, 0);
  check_base_figures (f->book);
}

/* Next month's FEC of the same company: one more invoice, a payment lettered with the open
 * invoice. What the user added stays. */
static void
test_next_month (RlTestBook    *f,
                 gconstpointer  data)
{
  g_autofree char *january = variant_lf ();
  g_autofree char *p1 = rl_test_write_file (f->dir, "123456789FEC20240131.txt", january, -1);
  g_autoptr(RlImportReport) r1 = import_ok (f->book, p1, NULL);
  g_autoptr(RlImportReport) r2 = NULL;
  g_autoptr(RlCustomer) c = NULL;
  g_autoptr(RlCustomer) after = NULL;
  g_autoptr(RlInvoice) f3 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) feb = g_string_new (january);
  g_autofree char *p2 = NULL;
  gint64 n_invoices = rl_book_count_invoices (f->book);
  gint64 hold;

  /* The user's additions: an e-mail address, notes, a hold. */
  c = rl_book_find_customer (f->book, "C001", &error);
  g_assert_no_error (error);
  g_free (c->email);
  c->email = g_strdup ("compta@epicerie-gerard.fr");
  g_free (c->notes);
  c->notes = g_strdup ("Appeler le mardi");
  g_assert_true (rl_book_upsert_customer (f->book, c, 0, NULL, &error));
  g_assert_no_error (error);
  hold = rl_book_add_hold (f->book, c->id, 0, "litige", rl_test_day ("2024-02-01"), RL_DAY_NONE,
                           &error);
  g_assert_cmpint (hold, >, 0);
  g_assert_no_error (error);

  /* February: F2024-003 lettered AC with a payment, a new invoice F2024-004. The January
   * lines are all there again (a FEC covers the year so far). */
  {
    g_autofree char *s = replace_all (feb->str,
                                      "F2024-003\t20240112\tFacture\t300,00\t0,00\t\t",
                                      "F2024-003\t20240112\tFacture\t300,00\t0,00\tAC\t");

    g_string_assign (feb, s);
  }
  g_string_append (feb, "BQ\tBanque\t12\t20240220\t411000\tClients\tC001\tÉpicerie Gérard\tVIR0220\t20240220\tVIR GERARD\t0,00\t300,00\tAC\t\t20240229\t\t\n");
  g_string_append (feb, "VE\tVentes\t5\t20240221\t411000\tClients\tC002\tBoulangerie Lenôtre\tF2024-004\t20240221\tFacture\t90,00\t0,00\t\t\t20240229\t\t\n");
  /* A second document under a piece reference already used: a new invoice, the first kept. */
  g_string_append (feb, "VE\tVentes\t6\t20240225\t411000\tClients\tC001\tÉpicerie Gérard\tF2024-003\t20240225\tRefacturation\t40,00\t0,00\t\t\t20240229\t\t\n");
  p2 = rl_test_write_file (f->dir, "123456789FEC20240229.txt", feb->str, -1);
  r2 = import_ok (f->book, p2, NULL);

  g_assert_cmpuint (r1->counts.inserted, ==, 7);
  g_assert_cmpuint (r2->counts.inserted, ==, 3);   /* the payment, F2024-004, F2024-003/… */
  g_assert_cmpuint (r2->counts.customers_created, ==, 0);
  g_assert_cmpint (rl_book_count_invoices (f->book), ==, n_invoices + 2);
  {
    g_autoptr(RlInvoice) again = rl_book_find_invoice (f->book, "F2024-003/C001/2024-02-25",
                                                      &error);

    g_assert_nonnull (again);
    g_assert_cmpint (again->amount, ==, 4000);
  }
  g_assert_cmpint (rl_book_count_payments (f->book), ==, 4);
  f3 = rl_book_find_invoice (f->book, "F2024-003", &error);
  g_assert_cmpint (f3->paid, ==, 30000);
  after = rl_book_find_customer (f->book, "C001", &error);
  g_assert_cmpstr (after->email, ==, "compta@epicerie-gerard.fr");
  g_assert_cmpstr (after->notes, ==, "Appeler le mardi");
  /* The hold is still there to be released. */
  g_assert_true (rl_book_release_hold (f->book, hold, rl_test_day ("2024-03-01"), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (after->name, ==, "Épicerie Gérard");
}

/* The accountant letters anew: a payment moves from one invoice to another. */
static void
test_relettered (RlTestBook    *f,
                 gconstpointer  data)
{
  const char *january = HEADER18 "\n"
    "VE\tVentes\t1\t20240105\t411000\tClients\tC1\tA\tF1\t20240105\tF\t100,00\t0,00\tAA\t\t\t\t\n"
    "VE\tVentes\t2\t20240106\t411000\tClients\tC1\tA\tF2\t20240106\tF\t100,00\t0,00\t\t\t\t\t\n"
    "BQ\tBanque\t3\t20240120\t411000\tClients\tC1\tA\tP1\t20240120\tVIR\t0,00\t100,00\tAA\t\t\t\t\n";
  const char *february = HEADER18 "\n"
    "VE\tVentes\t1\t20240105\t411000\tClients\tC1\tA\tF1\t20240105\tF\t100,00\t0,00\tAA\t\t\t\t\n"
    "VE\tVentes\t2\t20240106\t411000\tClients\tC1\tA\tF2\t20240106\tF\t100,00\t0,00\tAB\t\t\t\t\n"
    "BQ\tBanque\t3\t20240120\t411000\tClients\tC1\tA\tP1\t20240120\tVIR\t0,00\t100,00\tAB\t\t\t\t\n"
    "BQ\tBanque\t4\t20240210\t411000\tClients\tC1\tA\tP2\t20240210\tVIR\t0,00\t60,00\tAA\t\t\t\t\n";
  g_autofree char *p1 = rl_test_write_file (f->dir, "jan.txt", january, -1);
  g_autofree char *p2 = rl_test_write_file (f->dir, "feb.txt", february, -1);
  g_autoptr(RlImportReport) r1 = import_ok (f->book, p1, NULL);
  g_autoptr(RlImportReport) r2 = import_ok (f->book, p2, NULL);
  g_autoptr(RlImportReport) r3 = import_ok (f->book, p2, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RlInvoice) f1 = rl_book_find_invoice (f->book, "F1", &error);
  g_autoptr(RlInvoice) f2 = rl_book_find_invoice (f->book, "F2", &error);

  g_assert_cmpint (r1->allocated, ==, 10000);
  g_assert_cmpint (f1->paid, ==, 6000);
  g_assert_cmpint (f2->paid, ==, 10000);
  g_assert_cmpint (r2->allocated, ==, 16000);
  g_assert_cmpint (r3->allocated, ==, 16000);
  g_assert_cmpuint (r3->open_items, ==, 1);
  g_assert_cmpint (book_sum (f->book, "C1").balance, ==, 4000);
}

/* The customer's own terms, else the company's. */
static void
test_terms (RlTestBook    *f,
            gconstpointer  data)
{
  g_autoptr(RlCustomer) c = rl_customer_new ();
  g_autoptr(RlCompany) company = NULL;
  g_autoptr(RlImportReport) report = NULL;
  g_autoptr(RlInvoice) f1 = NULL;
  g_autoptr(RlInvoice) f2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *content = variant_lf ();
  g_autofree char *path = rl_test_write_file (f->dir, "fec.txt", content, -1);

  company = rl_book_get_company (f->book, &error);
  company->payment_terms_days = 60;
  g_assert_true (rl_book_set_company (f->book, company, &error));
  c->code = g_strdup ("C001");
  c->name = g_strdup ("Épicerie Gérard");
  c->payment_terms_days = 45;
  c->terms_end_of_month = 1;
  g_assert_true (rl_book_upsert_customer (f->book, c, 0, NULL, &error));
  g_assert_no_error (error);

  report = import_ok (f->book, path, NULL);
  f1 = rl_book_find_invoice (f->book, "F2024-001", &error);
  f2 = rl_book_find_invoice (f->book, "F2024-002", &error);
  /* 5 January + 45 days = 19 February, end of month: 29 February. */
  g_assert_cmpint (f1->due_date, ==, rl_test_day ("2024-02-29"));
  g_assert_cmpint (f2->due_date, ==, rl_test_day ("2024-03-10"));
}

/* The receivable prefix: an option, or the book's setting. */
static void
test_prefix (RlTestBook    *f,
             gconstpointer  data)
{
  g_autofree char *base = variant_lf ();
  g_autofree char *content = replace_all (base, "\t411000\t", "\t4110100\t");
  g_autofree char *path = rl_test_write_file (f->dir, "fec.txt", content, -1);
  g_autoptr(RlImportReport) none = import_ok (f->book, path, "412");
  g_autoptr(RlImportReport) some = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (none->counts.rows, ==, 0);
  g_assert_cmpint (rl_book_count_invoices (f->book), ==, 0);
  g_assert_true (rl_book_set_setting (f->book, RL_FEC_SETTING_PREFIX, "41101", &error));
  some = import_ok (f->book, path, NULL);
  g_assert_cmpuint (some->counts.rows, ==, 7);
  check_base_figures (f->book);
}

/* A customer without an auxiliary account: the account itself. */
static void
test_no_aux_account (RlTestBook    *f,
                     gconstpointer  data)
{
  const char *content = HEADER18 "\n"
    "VE\tVentes\t1\t20240105\t411DUPONT\tDupont SARL\t\t\tF1\t20240105\tFacture\t10,00\t0,00\t\t\t\t\t\n";
  g_autofree char *path = rl_test_write_file (f->dir, "fec.txt", content, -1);
  g_autoptr(RlImportReport) report = import_ok (f->book, path, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RlCustomer) c = rl_book_find_customer (f->book, "411DUPONT", &error);

  g_assert_nonnull (c);
  g_assert_cmpstr (c->name, ==, "Dupont SARL");
}

/* ---- Bad input: a clear "file:line: column: why", the book unchanged, no crash. */

typedef struct
{
  const char *name;
  const char *content;     /* NULL: made by the test */
  gssize      len;
  int         code;        /* RlImportError */
  guint       line;        /* of the first problem, 0 for none */
  const char *column;
  const char *message;     /* in the error or the problem */
} BadCase;

static const BadCase bad_cases[] = {
  { "empty", "", 0, RL_IMPORT_ERROR_FORMAT, 0, NULL, "empty" },
  { "blank-lines", "\n\n\r\n", -1, RL_IMPORT_ERROR_FORMAT, 0, NULL, "empty" },
  { "not-fec", "a;b;c\n1;2;3\n", -1, RL_IMPORT_ERROR_FORMAT, 0, NULL, "not a FEC" },
  { "missing-columns", "JournalCode\tCompteNum\tDebit\n", -1, RL_IMPORT_ERROR_FORMAT, 0, NULL,
    "CompteNum, EcritureDate" },
  { "amount-text", HEADER18 "\nVE\tV\t1\t20240105\t411000\tC\tC1\tA\tF1\t20240105\tF\tdouze\t0,00\t\t\t\t\t\n",
    -1, RL_IMPORT_ERROR_INVALID_ROWS, 2, "Debit", "“douze” is not an amount" },
  { "amount-two-commas", HEADER18 "\nVE\tV\t1\t20240105\t411000\tC\tC1\tA\tF1\t20240105\tF\t1,2,3\t0,00\t\t\t\t\t\n",
    -1, RL_IMPORT_ERROR_INVALID_ROWS, 2, "Debit", "not an amount" },
  { "amount-huge", HEADER18 "\nVE\tV\t1\t20240105\t411000\tC\tC1\tA\tF1\t20240105\tF\t99999999999999999999,00\t0,00\t\t\t\t\t\n",
    -1, RL_IMPORT_ERROR_INVALID_ROWS, 2, "Debit", "not an amount" },
  { "date-bad", HEADER18 "\nVE\tV\t1\t20240231\t411000\tC\tC1\tA\tF1\t20240231\tF\t1,00\t0,00\t\t\t\t\t\n",
    -1, RL_IMPORT_ERROR_INVALID_ROWS, 2, "PieceDate", "not a date" },
  { "sens-bad", "JournalCode\tEcritureDate\tCompteNum\tCompAuxNum\tPieceRef\tMontant\tSens\nVE\t20240105\t411\tC1\tF1\t1,00\tX\n",
    -1, RL_IMPORT_ERROR_INVALID_ROWS, 2, "Sens", "not D, C" },
  { "utf16", "J\0o\0u\0r\0", 8, RL_IMPORT_ERROR_ENCODING, 0, NULL, "NUL" },
  { "truncated", HEADER18 "\nVE\tV\t1\t2024", -1, RL_IMPORT_ERROR_INVALID_ROWS, 2, NULL,
    "4 fields where the header has 18" },
  { "huge-line", NULL, 0, RL_IMPORT_ERROR_INVALID_ROWS, 2, NULL, "longer than" },
};

static void
test_bad (RlTestBook    *f,
          gconstpointer  data)
{
  const BadCase *b = data;
  g_autoptr(RlImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *content = NULL;
  g_autofree char *path = NULL;
  gint64 audit = rl_book_count_audit (f->book);
  gssize len = b->len;

  if (b->content != NULL)
    content = g_memdup2 (b->content, len >= 0 ? (gsize) len : strlen (b->content) + 1);
  else
    {
      GString *s = g_string_new (HEADER18 "\n");

      for (guint i = 0; i < 100000; i++)
        g_string_append (s, "411000\t");
      g_string_append_c (s, '\n');
      len = s->len;
      content = g_string_free (s, FALSE);
    }
  path = rl_test_write_file (f->dir, "bad.txt", content, len);
  g_assert_false (rl_fec_import (f->book, path, NULL, &report, &error));
  g_assert_error (error, RL_IMPORT_ERROR, b->code);
  g_assert_nonnull (report);
  if (b->line > 0)
    {
      const RlImportProblem *p;
      g_autofree char *text = NULL;
      g_autofree char *prefix = g_strdup_printf ("%s:%u: ", path, b->line);

      g_assert_cmpuint (report->problems->len, >, 0);
      p = g_ptr_array_index (report->problems, 0);
      text = rl_import_problem_to_string (p);
      g_assert_true (g_str_has_prefix (text, prefix));
      g_assert_cmpstr (p->column, ==, b->column);
      g_assert_nonnull (strstr (p->message, b->message));
    }
  else if (b->message != NULL)
    g_assert_nonnull (strstr (error->message, b->message));
  g_assert_cmpint (rl_book_count_customers (f->book), ==, 0);
  g_assert_cmpint (rl_book_count_invoices (f->book), ==, 0);
  g_assert_cmpint (rl_book_count_audit (f->book), ==, audit);
  g_assert_false (rl_book_in_transaction (f->book));
}

static void
test_dry_run (RlTestBook    *f,
              gconstpointer  data)
{
  g_autofree char *content = variant_lf ();
  g_autofree char *path = rl_test_write_file (f->dir, "fec.txt", content, -1);
  g_autoptr(RlImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  RlFecOptions options;

  rl_fec_options_init (&options);
  options.dry_run = TRUE;
  g_assert_true (rl_fec_import (f->book, path, &options, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->counts.inserted, ==, 7);
  g_assert_cmpint (report->import_id, ==, 0);
  g_assert_cmpint (rl_book_count_invoices (f->book), ==, 0);
  g_assert_cmpint (rl_book_count_customers (f->book), ==, 0);
}

static void
test_detect (void)
{
  static const struct { const char *content; RlImportFormat format; } cases[] = {
    { "\xEF\xBB\xBFJournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\n", RL_IMPORT_FORMAT_FEC },
    { "JournalCode|CompteNum|Debit\n", RL_IMPORT_FORMAT_FEC },
    { "Code;Nom;Email\nC1;A;a@b\n", RL_IMPORT_FORMAT_CSV },
    { "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">", RL_IMPORT_FORMAT_CAMT },
    { "PK\003\004rest", RL_IMPORT_FORMAT_CAMT },
    { "%PDF-1.7\n", RL_IMPORT_FORMAT_FACTURX },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("relance-detect-XXXXXX", &error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = rl_test_write_file (dir, "f", cases[i].content, -1);

      g_assert_cmpint (rl_import_detect_format (path, &error), ==, cases[i].format);
      g_assert_no_error (error);
    }
  g_assert_cmpint (rl_import_detect_format ("/nonexistent/file", &error), ==,
                   RL_IMPORT_FORMAT_UNKNOWN);
  g_assert_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_IO);
  rl_test_remove_dir (dir);
}

#define ADD(name, func, data) \
  g_test_add (name, RlTestBook, data, rl_test_book_set_up, func, rl_test_book_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/fec/sample/lettered", test_sample_lettered, NULL);
  ADD ("/fec/sample/bnc", test_sample_bnc, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *name = g_strdup_printf ("/fec/variant/%s", variants[i].name);

      ADD (name, test_variant, &variants[i]);
    }
  ADD ("/fec/next-month", test_next_month, NULL);
  ADD ("/fec/relettered", test_relettered, NULL);
  ADD ("/fec/terms", test_terms, NULL);
  ADD ("/fec/prefix", test_prefix, NULL);
  ADD ("/fec/no-aux-account", test_no_aux_account, NULL);
  ADD ("/fec/dry-run", test_dry_run, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/fec/bad/%s", bad_cases[i].name);

      ADD (name, test_bad, &bad_cases[i]);
    }
  g_test_add_func ("/fec/detect", test_detect);
  return g_test_run ();
}
