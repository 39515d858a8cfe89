/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <string.h>

#include "rl-book.h"
#include "rl-book-matches.h"
#include "rl-camt.h"
#include "rl-error.h"
#include "rl-test-import.h"
#include "rl-test-util.h"

/* Bank statements: the real samples (figures computed here with XPath on the raw file),
 * generated statements of every version, matching, reversals, re-imports and bad input. */

/* ---- A book with customers and invoices to match. */

typedef struct
{
  RlTestBook t;
  gint64     martin, garage, dupont;
} Fixture;

static gint64
add_customer (RlBook     *book,
              const char *code,
              const char *name)
{
  g_autoptr(RlCustomer) c = rl_customer_new ();
  g_autoptr(GError) error = NULL;

  c->code = g_strdup (code);
  c->name = g_strdup (name);
  g_assert_true (rl_book_upsert_customer (book, c, 0, NULL, &error));
  g_assert_no_error (error);
  return c->id;
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlInvoice) ref = NULL;

  rl_test_book_set_up (&f->t, data);
  f->martin = add_customer (f->t.book, "MARTIN", "Boulangerie Martin");
  f->garage = add_customer (f->t.book, "GARAGE", "Garage Dupont");
  f->dupont = add_customer (f->t.book, "DUPONT", "Dupont SA");
  rl_test_add_invoice (f->t.book, f->martin, "F-100", "2024-03-01", 12000);
  rl_test_add_invoice (f->t.book, f->martin, "F-101", "2024-03-15", 8000);
  rl_test_add_invoice (f->t.book, f->garage, "F-200", "2024-03-01", 25000);
  rl_test_add_invoice (f->t.book, f->garage, "F-201", "2024-04-01", 25000);
  rl_test_add_invoice (f->t.book, f->dupont, "F-300", "2024-03-20", 9990);
  /* F-100 carries a structured creditor reference. */
  ref = rl_book_find_invoice (f->t.book, "F-100", &error);
  ref->reference = g_strdup ("RF18539007547034");
  g_assert_true (rl_book_upsert_invoice (f->t.book, ref, 0, NULL, &error));
  g_assert_no_error (error);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  rl_test_book_tear_down (&f->t, data);
}

/* ---- Generated statements. */

typedef struct
{
  const char *amount;      /* "80.00" */
  const char *indicator;   /* CRDT or DBIT */
  const char *status;      /* BOOK, PDNG */
  gboolean    reversal;
  const char *name;
  const char *iban;
  const char *text;        /* Ustrd */
  const char *sref;        /* Strd/CdtrRefInf/Ref */
  const char *e2e;
  guint       batch;       /* > 1: the entry holds this many copies as TxDtls */
} Tx;

/* Writes a camt.053 (or .054) of @version (2 to 8): up to 7, Sts is text and the debtor
 * Dbtr/Nm; in 8, Sts/Cd and Dbtr/Pty/Nm. */
static char *
statement (int       kind,
           int       version,
           const Tx *txs,
           guint     n)
{
  GString *s = g_string_new (NULL);
  gboolean v8 = version >= 8;
  const char *group = kind == 53 ? "BkToCstmrStmt" : "BkToCstmrDbtCdtNtfctn";
  const char *item = kind == 53 ? "Stmt" : "Ntfctn";

  g_string_append_printf (s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.0%d.001.0%d\">"
                          "<%s><GrpHdr><MsgId>M1</MsgId></GrpHdr><%s><Id>S1</Id>",
                          kind, version, group, item);
  for (guint i = 0; i < n; i++)
    {
      const Tx *t = &txs[i];
      guint copies = MAX (t->batch, 1);

      g_string_append_printf (s, "<Ntry><Amt Ccy=\"EUR\">%s</Amt><CdtDbtInd>%s</CdtDbtInd>"
                              "<RvslInd>%s</RvslInd>",
                              t->amount, t->indicator ? t->indicator : "CRDT",
                              t->reversal ? "true" : "false");
      if (v8)
        g_string_append_printf (s, "<Sts><Cd>%s</Cd></Sts>", t->status ? t->status : "BOOK");
      else
        g_string_append_printf (s, "<Sts>%s</Sts>", t->status ? t->status : "BOOK");
      g_string_append_printf (s, "<BookgDt><Dt>2024-03-2%u</Dt></BookgDt>"
                              "<ValDt><DtTm>2024-03-2%uT10:00:00</DtTm></ValDt>"
                              "<AcctSvcrRef>BANK-%u</AcctSvcrRef><NtryDtls>", i % 10, i % 10, i);
      for (guint c = 0; c < copies; c++)
        {
          g_string_append (s, "<TxDtls><Refs>");
          if (t->e2e)
            g_string_append_printf (s, "<EndToEndId>%s</EndToEndId>", t->e2e);
          else
            g_string_append (s, "<EndToEndId>NOTPROVIDED</EndToEndId>");
          g_string_append (s, "</Refs>");
          if (copies > 1)
            g_string_append_printf (s, "<Amt Ccy=\"EUR\">%s</Amt>", t->amount);
          g_string_append (s, "<RltdPties>");
          if (t->name && v8)
            g_string_append_printf (s, "<Dbtr><Pty><Nm>%s</Nm></Pty></Dbtr>", t->name);
          else if (t->name)
            g_string_append_printf (s, "<Dbtr><Nm>%s</Nm></Dbtr>", t->name);
          if (t->iban)
            g_string_append_printf (s, "<DbtrAcct><Id><IBAN>%s</IBAN></Id></DbtrAcct>", t->iban);
          g_string_append (s, "</RltdPties><RmtInf>");
          if (t->text)
            g_string_append_printf (s, "<Ustrd>%s</Ustrd>", t->text);
          if (t->sref)
            g_string_append_printf (s, "<Strd><CdtrRefInf><Ref>%s</Ref></CdtrRefInf></Strd>",
                                    t->sref);
          g_string_append (s, "</RmtInf></TxDtls>");
        }
      g_string_append (s, "</NtryDtls></Ntry>");
    }
  g_string_append_printf (s, "</%s></%s></Document>\n", item, group);
  return g_string_free (s, FALSE);
}

static RlImportReport *
import_ok (RlBook     *book,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  RlImportReport *report = NULL;

  g_assert_true (rl_camt_import (book, path, NULL, &report, &error));
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static RlCents
paid_of (RlBook     *book,
         const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlInvoice) inv = rl_book_find_invoice (book, number, &error);

  g_assert_no_error (error);
  g_assert_nonnull (inv);
  return inv != NULL ? inv->paid : -1;
}

static GPtrArray *
matches (RlBook   *book,
         gboolean  pending_only)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = rl_book_list_matches (book, pending_only, &error);

  g_assert_no_error (error);
  return list;
}

/* ---- Matching, one case at a time. */

typedef struct
{
  const char    *name;
  Tx             tx;
  RlMatchReason  reason;
  int            confidence;   /* 0: nothing matched */
  RlMatchState   state;
  guint          n_matches;
  const char    *invoice;      /* the first match's */
  RlCents        allocated;
} MatchCase;

static const MatchCase match_cases[] = {
  { "structured-reference", { .amount = "120.00", .sref = "RF18539007547034", .name = "BOULANGERIE M" },
    RL_MATCH_REFERENCE, 100, RL_MATCH_AUTO, 1, "F-100", 12000 },
  { "creditor-reference-payload", { .amount = "120.00", .sref = "RF71F-100" },
    RL_MATCH_REFERENCE, 100, RL_MATCH_AUTO, 1, "F-100", 12000 },
  { "number-in-text", { .amount = "80.00", .text = "Facture F-101. Merci", .name = "X" },
    RL_MATCH_INVOICE_NUMBER, 95, RL_MATCH_AUTO, 1, "F-101", 8000 },
  { "two-numbers-in-text", { .amount = "500.00", .text = "Reglement F-200 et F-201" },
    RL_MATCH_INVOICE_NUMBER, 95, RL_MATCH_AUTO, 2, "F-200", 50000 },
  { "number-partial", { .amount = "50.00", .text = "acompte F-100" },
    RL_MATCH_INVOICE_NUMBER, 85, RL_MATCH_AUTO, 1, "F-100", 5000 },
  { "number-too-much", { .amount = "150.00", .text = "F-100" },
    RL_MATCH_INVOICE_NUMBER, 60, RL_MATCH_PENDING, 1, "F-100", 0 },
  { "number-in-end-to-end", { .amount = "80.00", .e2e = "F-101" },
    RL_MATCH_INVOICE_NUMBER, 95, RL_MATCH_AUTO, 1, "F-101", 8000 },
  { "amount-and-name", { .amount = "99.90", .name = "DUPONT SA" },
    RL_MATCH_AMOUNT_NAME, 70, RL_MATCH_PENDING, 1, "F-300", 0 },
  { "amount-two-candidates", { .amount = "250.00", .name = "Garage Dupont" },
    RL_MATCH_AMOUNT_NAME, 40, RL_MATCH_PENDING, 2, "F-200", 0 },
  { "unknown-payer", { .amount = "99.90", .name = "Someone Else", .text = "cadeau" },
    0, 0, 0, 0, NULL, 0 },
};

static void
test_match (Fixture       *f,
            gconstpointer  data)
{
  const MatchCase *c = data;
  g_autofree char *xml = statement (53, 2, &c->tx, 1);
  g_autofree char *path = rl_test_write_file (f->t.dir, "stmt.xml", xml, -1);
  g_autoptr(RlImportReport) report = import_ok (f->t.book, path);
  g_autoptr(GPtrArray) all = matches (f->t.book, FALSE);
  g_autoptr(RlImportReport) again = NULL;
  g_autoptr(GPtrArray) after = NULL;

  g_assert_cmpuint (report->payments, ==, 1);
  g_assert_cmpint (report->allocated, ==, c->allocated);
  g_assert_cmpuint (all->len, ==, c->n_matches);
  g_assert_cmpuint (report->matched, ==, c->state == RL_MATCH_AUTO && c->n_matches > 0);
  g_assert_cmpuint (report->pending, ==, c->state == RL_MATCH_PENDING && c->n_matches > 0);
  g_assert_cmpuint (report->unmatched, ==, c->n_matches == 0);
  if (c->n_matches > 0)
    {
      RlMatch *m = g_ptr_array_index (all, 0);

      g_assert_cmpint (m->reason, ==, c->reason);
      g_assert_cmpint (m->confidence, ==, c->confidence);
      g_assert_cmpint (m->state, ==, c->state);
      g_assert_cmpstr (m->invoice_number, ==, c->invoice);
      if (c->state == RL_MATCH_AUTO)
        g_assert_cmpint (paid_of (f->t.book, c->invoice), >, 0);
      else
        g_assert_cmpint (paid_of (f->t.book, c->invoice), ==, 0);
    }

  /* The same statement again adds nothing. */
  again = import_ok (f->t.book, path);
  g_assert_cmpuint (again->payments, ==, 0);
  g_assert_cmpuint (again->already_seen, ==, 1);
  g_assert_cmpint (again->allocated, ==, 0);
  g_assert_cmpint (rl_book_count_payments (f->t.book), ==, 1);
  after = matches (f->t.book, FALSE);
  g_assert_cmpuint (after->len, ==, all->len);
}

/* A payer known by its IBAN from an earlier payment: the amount is enough. */
static void
test_match_iban (Fixture       *f,
                 gconstpointer  data)
{
  const Tx first = { .amount = "10.00", .name = "DUPONT SA", .iban = "FR7630006000011234567890189",
                     .text = "F-300" };
  const Tx second = { .amount = "89.90", .name = "D. SA", .iban = "FR7630006000011234567890189",
                      .e2e = "E-2" };
  g_autofree char *x1 = statement (53, 2, &first, 1);
  g_autofree char *x2 = statement (53, 2, &second, 1);
  g_autofree char *p1 = rl_test_write_file (f->t.dir, "s1.xml", x1, -1);
  g_autofree char *p2 = rl_test_write_file (f->t.dir, "s2.xml", x2, -1);
  g_autoptr(RlImportReport) r1 = import_ok (f->t.book, p1);
  g_autoptr(RlImportReport) r2 = import_ok (f->t.book, p2);
  g_autoptr(GPtrArray) all = matches (f->t.book, FALSE);
  RlMatch *m;

  g_assert_cmpuint (r1->matched, ==, 1);
  g_assert_cmpuint (r2->matched, ==, 1);
  g_assert_cmpuint (all->len, ==, 2);
  m = g_ptr_array_index (all, 0);   /* the latest payment first */
  g_assert_cmpint (m->reason, ==, RL_MATCH_AMOUNT_IBAN);
  g_assert_cmpint (m->confidence, ==, 85);
  g_assert_cmpint (paid_of (f->t.book, "F-300"), ==, 9990);
}

/* Pending matches wait; the user accepts one and rejects the other. */
static void
test_decide (Fixture       *f,
             gconstpointer  data)
{
  const Tx tx = { .amount = "250.00", .name = "Garage Dupont" };
  g_autofree char *xml = statement (53, 2, &tx, 1);
  g_autofree char *path = rl_test_write_file (f->t.dir, "stmt.xml", xml, -1);
  g_autoptr(RlImportReport) report = import_ok (f->t.book, path);
  g_autoptr(GPtrArray) pending = matches (f->t.book, TRUE);
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first, second;

  g_assert_cmpuint (pending->len, ==, 2);
  first = ((RlMatch *) g_ptr_array_index (pending, 0))->id;
  second = ((RlMatch *) g_ptr_array_index (pending, 1))->id;
  g_assert_true (rl_book_decide_match (f->t.book, first, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (paid_of (f->t.book, "F-200"), ==, 25000);
  /* The payment is used up: the other candidate is rejected with it. */
  g_assert_false (rl_book_decide_match (f->t.book, second, TRUE, &error));
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (paid_of (f->t.book, "F-201"), ==, 0);
  {
    g_autoptr(GPtrArray) all = matches (f->t.book, FALSE);

    g_assert_cmpuint (all->len, ==, 2);
    g_assert_cmpint (((RlMatch *) g_ptr_array_index (all, 0))->state, ==, RL_MATCH_ACCEPTED);
    g_assert_cmpint (((RlMatch *) g_ptr_array_index (all, 1))->state, ==, RL_MATCH_REJECTED);
  }
  left = matches (f->t.book, TRUE);
  g_assert_cmpuint (left->len, ==, 0);
  g_assert_false (rl_book_decide_match (f->t.book, first, FALSE, &error));
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID);
}

/* A batch entry is split per transaction; pending and debit entries add nothing. */
static void
test_batch_and_skipped (Fixture       *f,
                        gconstpointer  data)
{
  const Tx txs[] = {
    { .amount = "10.00", .name = "Lot", .text = "lot", .batch = 3 },
    { .amount = "80.00", .status = "PDNG", .text = "F-101" },
    { .amount = "80.00", .indicator = "DBIT", .text = "F-101" },
  };
  g_autofree char *xml = statement (53, 4, txs, G_N_ELEMENTS (txs));
  g_autofree char *path = rl_test_write_file (f->t.dir, "stmt.xml", xml, -1);
  g_autoptr(RlImportReport) report = import_ok (f->t.book, path);

  g_assert_cmpuint (report->payments, ==, 3);
  g_assert_cmpint (rl_book_count_payments (f->t.book), ==, 3);
  g_assert_cmpint (paid_of (f->t.book, "F-101"), ==, 0);
}

/* A reversal (a debit with RvslInd) undoes the payment it reverses. */
static void
test_reversal (Fixture       *f,
               gconstpointer  data)
{
  const Tx credit = { .amount = "80.00", .text = "F-101", .e2e = "E2E-77" };
  const Tx back = { .amount = "80.00", .indicator = "DBIT", .reversal = TRUE, .e2e = "E2E-77" };
  g_autofree char *x1 = statement (53, 2, &credit, 1);
  g_autofree char *x2 = statement (53, 2, &back, 1);
  g_autofree char *p1 = rl_test_write_file (f->t.dir, "s1.xml", x1, -1);
  g_autofree char *p2 = rl_test_write_file (f->t.dir, "s2.xml", x2, -1);
  g_autoptr(RlImportReport) r1 = import_ok (f->t.book, p1);
  g_autoptr(RlImportReport) r2 = NULL;
  g_autoptr(GPtrArray) all = NULL;

  g_assert_cmpint (paid_of (f->t.book, "F-101"), ==, 8000);
  r2 = import_ok (f->t.book, p2);
  g_assert_cmpuint (r2->reversed, ==, 1);
  g_assert_cmpint (paid_of (f->t.book, "F-101"), ==, 0);
  g_assert_cmpint (rl_book_count_payments (f->t.book), ==, 0);
  all = matches (f->t.book, FALSE);
  g_assert_cmpuint (all->len, ==, 0);
}

/* Every version from 001.02 to 001.08, statements and notifications, reads the same. */
static void
test_versions (Fixture       *f,
               gconstpointer  data)
{
  int version = GPOINTER_TO_INT (data);
  const Tx txs[] = {
    { .amount = "80.00", .name = "Boulangerie Martin", .text = "F-101" },
    { .amount = "99.90", .name = "Dupont SA" },
  };

  for (int kind = 53; kind <= 54; kind++)
    {
      g_autofree char *xml = statement (kind, version, txs, G_N_ELEMENTS (txs));
      g_autofree char *name = g_strdup_printf ("camt%d.xml", kind);
      g_autofree char *path = rl_test_write_file (f->t.dir, name, xml, -1);
      g_autoptr(RlImportReport) report = import_ok (f->t.book, path);
      g_autofree char *detail = g_strdup_printf ("camt.0%d.001.0%d; 2 transactions", kind,
                                                 version);

      g_assert_cmpstr (report->detail, ==, detail);
      if (kind == 53)
        {
          g_assert_cmpuint (report->matched, ==, 1);
          g_assert_cmpuint (report->pending, ==, 1);
        }
      else
        {
          /* The notification repeats the statement's transactions under other keys of the
           * same bank references: seen before. */
          g_assert_cmpuint (report->already_seen, ==, 2);
        }
    }
  g_assert_cmpint (paid_of (f->t.book, "F-101"), ==, 8000);
}

/* ---- The real samples: figures from the raw XML with XPath. */

static char *
sample_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "samples", "camt", name, NULL);
}

/* Booked credits that are not reversals: how many transactions and their total. */
static void
raw_credits (const char *path,
             guint      *n_tx,
             RlCents    *total)
{
  static const char entries[] =
    "//*[local-name()='Ntry'][*[local-name()='CdtDbtInd']='CRDT']"
    "[not(*[local-name()='RvslInd']='true')]"
    "[*[local-name()='Sts']='BOOK' or *[local-name()='Sts']/*[local-name()='Cd']='BOOK']";
  xmlDoc *doc = xmlReadFile (path, NULL, XML_PARSE_NONET);
  xmlXPathContext *ctx = xmlXPathNewContext (doc);
  xmlXPathObject *found = xmlXPathEvalExpression ((const xmlChar *) entries, ctx);

  *n_tx = 0;
  *total = 0;
  for (int i = 0; found->nodesetval && i < found->nodesetval->nodeNr; i++)
    {
      xmlNode *ntry = found->nodesetval->nodeTab[i];
      xmlXPathObject *txs, *amt;
      g_autofree char *cents = NULL;

      ctx->node = ntry;
      txs = xmlXPathEvalExpression ((const xmlChar *)
                                    "count(*[local-name()='NtryDtls']/*[local-name()='TxDtls'])",
                                    ctx);
      amt = xmlXPathEvalExpression ((const xmlChar *) "number(*[local-name()='Amt'])", ctx);
      *n_tx += MAX ((guint) txs->floatval, 1);
      *total += (RlCents) (amt->floatval * 100 + 0.5);
      xmlXPathFreeObject (txs);
      xmlXPathFreeObject (amt);
    }
  xmlXPathFreeObject (found);
  xmlXPathFreeContext (ctx);
  xmlFreeDoc (doc);
}

static gboolean
sum_payment (RlPayment *p,
             gpointer   data)
{
  *(RlCents *) data += p->amount;
  return TRUE;
}

static const char * const samples[] = {
  "OCA16_test-camt053.xml",
  "OCA16_test-camt053-txdtls.xml",
  "OCA16_test-camt053-no-ntry.xml",
  "OCA16_test-camt054.xml",
  "genkgo_camt053.v2.minimal.xml",
};

static void
test_sample (RlTestBook    *f,
             gconstpointer  data)
{
  g_autofree char *path = sample_path (data);
  g_autoptr(RlImportReport) report = NULL;
  g_autoptr(RlImportReport) again = NULL;
  g_autoptr(GError) error = NULL;
  RlCents total = 0, raw_total;
  guint raw_n;

  raw_credits (path, &raw_n, &raw_total);
  g_assert_true (rl_camt_import (f->book, path, NULL, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->payments, ==, raw_n);
  g_assert_cmpint (rl_book_count_payments (f->book), ==, raw_n);
  g_assert_true (rl_book_foreach_payment (f->book, 0, FALSE, sum_payment, &total, &error));
  g_assert_cmpint (total, ==, raw_total);
  g_assert_true (rl_camt_import (f->book, path, NULL, &again, &error));
  g_assert_cmpuint (again->payments, ==, 0);
  g_assert_cmpuint (again->already_seen, ==, raw_n);
}

/* The zipped sample holds two statements; each is read. */
static void
test_sample_zip (RlTestBook    *f,
                 gconstpointer  data)
{
  g_autofree char *path = sample_path ("OCA16_test-camt053.zip");
  g_autoptr(RlImportReport) report = import_ok (f->book, path);

  g_assert_cmpstr (report->detail, ==, "camt.053.001.02; 6 transactions");
  /* Each of the two statements has one booked credit (the OCA16_test-camt053.xml one). */
  g_assert_cmpuint (report->payments, ==, 2);
}

/* ---- Bad input. */

/* A zip of one stored member, written here. */
static GBytes *
stored_zip (const char *name,
            const char *content)
{
  GByteArray *z = g_byte_array_new ();
  guint32 crc = 0xFFFFFFFFu;
  gsize n = strlen (content), name_len = strlen (name);
  guint8 h[46];

  for (gsize i = 0; i < n; i++)
    {
      crc ^= (guchar) content[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
    }
  crc = ~crc;
#define PUT16(p, v) do { (p)[0] = (v) & 0xFF; (p)[1] = ((v) >> 8) & 0xFF; } while (0)
#define PUT32(p, v) do { PUT16 (p, (v) & 0xFFFF); PUT16 ((p) + 2, ((v) >> 16) & 0xFFFF); } while (0)
  memset (h, 0, sizeof h);
  PUT32 (h, 0x04034b50u);
  PUT16 (h + 4, 20);
  PUT32 (h + 14, crc);
  PUT32 (h + 18, n);
  PUT32 (h + 22, n);
  PUT16 (h + 26, name_len);
  g_byte_array_append (z, h, 30);
  g_byte_array_append (z, (const guint8 *) name, name_len);
  g_byte_array_append (z, (const guint8 *) content, n);
  {
    guint32 cd = z->len;

    memset (h, 0, sizeof h);
    PUT32 (h, 0x02014b50u);
    PUT16 (h + 4, 20);
    PUT16 (h + 6, 20);
    PUT32 (h + 16, crc);
    PUT32 (h + 20, n);
    PUT32 (h + 24, n);
    PUT16 (h + 28, name_len);
    PUT32 (h + 42, 0);
    g_byte_array_append (z, h, 46);
    g_byte_array_append (z, (const guint8 *) name, name_len);
    memset (h, 0, sizeof h);
    PUT32 (h, 0x06054b50u);
    PUT16 (h + 8, 1);
    PUT16 (h + 10, 1);
    PUT32 (h + 12, z->len - cd);
    PUT32 (h + 16, cd);
    g_byte_array_append (z, h, 22);
  }
#undef PUT16
#undef PUT32
  return g_byte_array_free_to_bytes (z);
}

static void
test_generated_zip (Fixture       *f,
                    gconstpointer  data)
{
  const Tx tx = { .amount = "80.00", .text = "F-101" };
  g_autofree char *xml = statement (54, 6, &tx, 1);
  g_autoptr(GBytes) zip = stored_zip ("avis.xml", xml);
  gsize len;
  const char *bytes = g_bytes_get_data (zip, &len);
  g_autofree char *path = rl_test_write_file (f->t.dir, "avis.zip", bytes, len);
  g_autoptr(RlImportReport) report = import_ok (f->t.book, path);

  g_assert_cmpuint (report->matched, ==, 1);
  g_assert_cmpint (rl_import_detect_format (path, NULL), ==, RL_IMPORT_FORMAT_CAMT);
}

typedef struct
{
  const char *name;
  const char *content;   /* NULL: made by the test */
  int         code;
  const char *message;   /* in the error */
  const char *where;     /* the first problem's XPath, or NULL */
} BadCase;

#define DOC_START "<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt><Stmt>"
#define DOC_END "</Stmt></BkToCstmrStmt></Document>"

static const BadCase bad_cases[] = {
  { "billion-laughs",
    "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
    "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
    "<Document><BkToCstmrStmt><Stmt><Ntry><Amt>&lol3;</Amt></Ntry></Stmt></BkToCstmrStmt></Document>",
    RL_IMPORT_ERROR_FORMAT, "DTD", NULL },
  { "external-entity",
    "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Document>&x;</Document>",
    RL_IMPORT_ERROR_FORMAT, "DTD", NULL },
  { "truncated", DOC_START "<Ntry><Amt Ccy=\"EUR\">12.00</Amt><CdtDbt", RL_IMPORT_ERROR_FORMAT,
    ":1: ", NULL },
  { "not-camt", "<?xml version=\"1.0\"?><Invoice/>", RL_IMPORT_ERROR_FORMAT, "not a bank statement", NULL },
  { "empty", "", RL_IMPORT_ERROR_FORMAT, NULL, NULL },
  { "amount-text", DOC_START "<Ntry><Amt Ccy=\"EUR\">douze</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>"
    "<BookgDt><Dt>2024-01-02</Dt></BookgDt></Ntry>" DOC_END, RL_IMPORT_ERROR_INVALID_ROWS,
    "1 invalid entry", "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt" },
  { "amount-negative", DOC_START "<Ntry><Amt Ccy=\"EUR\">-5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>"
    "<BookgDt><Dt>2024-01-02</Dt></BookgDt></Ntry>" DOC_END, RL_IMPORT_ERROR_INVALID_ROWS,
    "invalid", "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt" },
  { "no-date", DOC_START "<Ntry><Amt Ccy=\"EUR\">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>"
    "<BookgDt><Dt>2024-02-30</Dt></BookgDt></Ntry>" DOC_END, RL_IMPORT_ERROR_INVALID_ROWS,
    "invalid", "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/BookgDt" },
  { "bad-indicator", DOC_START "<Ntry><Amt Ccy=\"EUR\">5.00</Amt><CdtDbtInd>MAYBE</CdtDbtInd>"
    "<BookgDt><Dt>2024-01-02</Dt></BookgDt></Ntry>" DOC_END, RL_IMPORT_ERROR_INVALID_ROWS,
    "invalid", "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/CdtDbtInd" },
  { "batch-without-amounts", DOC_START "<Ntry><Amt Ccy=\"EUR\">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
    "<BookgDt><Dt>2024-01-02</Dt></BookgDt><NtryDtls><TxDtls/><TxDtls/></NtryDtls></Ntry>" DOC_END,
    RL_IMPORT_ERROR_INVALID_ROWS, "2 invalid entries",
    "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/NtryDtls/TxDtls[1]/Amt" },
  { "zip-damaged", "PK\003\004garbage", RL_IMPORT_ERROR_FORMAT, "damaged zip", NULL },
  { "zip-without-xml", NULL, RL_IMPORT_ERROR_FORMAT, "no XML", NULL },
};

static void
test_bad (Fixture       *f,
          gconstpointer  data)
{
  const BadCase *b = data;
  g_autoptr(RlImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gint64 audit = rl_book_count_audit (f->t.book);

  if (b->content != NULL)
    path = rl_test_write_file (f->t.dir, "bad.xml", b->content, -1);
  else
    {
      g_autoptr(GBytes) zip = stored_zip ("readme.txt", "nothing here");
      gsize len;
      const char *bytes = g_bytes_get_data (zip, &len);

      path = rl_test_write_file (f->t.dir, "bad.zip", bytes, len);
    }
  g_assert_false (rl_camt_import (f->t.book, path, NULL, &report, &error));
  g_assert_error (error, RL_IMPORT_ERROR, b->code);
  if (b->message != NULL)
    g_assert_nonnull (strstr (error->message, b->message));
  if (b->where != NULL)
    {
      const RlImportProblem *p = g_ptr_array_index (report->problems, 0);

      g_assert_cmpstr (p->column, ==, b->where);
      g_assert_cmpstr (p->file, ==, path);
    }
  g_assert_cmpint (rl_book_count_payments (f->t.book), ==, 0);
  g_assert_cmpint (rl_book_count_audit (f->t.book), ==, audit);
  g_assert_false (rl_book_in_transaction (f->t.book));
}

static void
test_dry_run (Fixture       *f,
              gconstpointer  data)
{
  const Tx tx = { .amount = "80.00", .text = "F-101" };
  g_autofree char *xml = statement (53, 2, &tx, 1);
  g_autofree char *path = rl_test_write_file (f->t.dir, "stmt.xml", xml, -1);
  g_autoptr(RlImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  RlCamtOptions options = { .dry_run = TRUE };

  g_assert_true (rl_camt_import (f->t.book, path, &options, &report, &error));
  g_assert_cmpuint (report->matched, ==, 1);
  g_assert_cmpint (report->import_id, ==, 0);
  g_assert_cmpint (rl_book_count_payments (f->t.book), ==, 0);
  g_assert_cmpint (paid_of (f->t.book, "F-101"), ==, 0);
}

#define ADD(name, func, data) \
  g_test_add (name, Fixture, data, set_up, func, tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (match_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/camt/match/%s", match_cases[i].name);

      ADD (name, test_match, &match_cases[i]);
    }
  ADD ("/camt/match/iban", test_match_iban, NULL);
  ADD ("/camt/decide", test_decide, NULL);
  ADD ("/camt/batch-and-skipped", test_batch_and_skipped, NULL);
  ADD ("/camt/reversal", test_reversal, NULL);
  for (int v = 2; v <= 8; v++)
    {
      g_autofree char *name = g_strdup_printf ("/camt/version/001.0%d", v);

      ADD (name, test_versions, GINT_TO_POINTER (v));
    }
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *name = g_strdup_printf ("/camt/sample/%s", samples[i]);

      g_test_add (name, RlTestBook, samples[i], rl_test_book_set_up, test_sample,
                  rl_test_book_tear_down);
    }
  g_test_add ("/camt/sample/zip", RlTestBook, NULL, rl_test_book_set_up, test_sample_zip,
              rl_test_book_tear_down);
  ADD ("/camt/zip", test_generated_zip, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/camt/bad/%s", bad_cases[i].name);

      ADD (name, test_bad, &bad_cases[i]);
    }
  ADD ("/camt/dry-run", test_dry_run, NULL);
  return g_test_run ();
}
