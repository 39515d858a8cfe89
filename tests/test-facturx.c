/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <poppler.h>
#include <string.h>

#include "rl-book.h"
#include "rl-csv-import.h"
#include "rl-facturx.h"
#include "rl-test-import.h"
#include "rl-test-util.h"

/* Factur-X: the real samples (figures read here with XPath on the raw XML), generated PDFs of
 * every profile, buyers matched by SIREN then name, terms, folders, re-imports, bad input. */

/* ---- The samples. */

static char *
sample_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "samples", "facturx", name, NULL);
}

static char *
xpath_string (xmlDoc     *doc,
              const char *expr)
{
  xmlXPathContext *ctx = xmlXPathNewContext (doc);
  xmlXPathObject *o;
  char *s;

  xmlXPathRegisterNs (ctx, (const xmlChar *) "rsm",
                      (const xmlChar *) "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100");
  xmlXPathRegisterNs (ctx, (const xmlChar *) "ram",
                      (const xmlChar *) "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100");
  xmlXPathRegisterNs (ctx, (const xmlChar *) "udt",
                      (const xmlChar *) "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100");
  o = xmlXPathEvalExpression ((const xmlChar *) expr, ctx);
  s = g_strdup ((const char *) xmlXPathCastToString (o));
  xmlXPathFreeObject (o);
  xmlXPathFreeContext (ctx);
  return s;
}

static RlCents
cents_of (const char *decimal)
{
  g_auto(GStrv) parts = g_strsplit (decimal, ".", 2);
  RlCents c = g_ascii_strtoll (parts[0], NULL, 10) * 100;

  if (parts[1] != NULL)
    c += g_ascii_strtoll (parts[1], NULL, 10) * (strlen (parts[1]) == 1 ? 10 : 1);
  return c;
}

#define SUM "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/"

/* Checks what the parser read against XPath on the same bytes. */
static void
check_against_xpath (const RlFacturx *fx,
                     const char      *data,
                     gsize            len)
{
  xmlDoc *doc = xmlReadMemory (data, (int) len, NULL, NULL, XML_PARSE_NONET);
  g_autofree char *number = xpath_string (doc, "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID");
  g_autofree char *guideline = xpath_string (doc, "//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID");
  g_autofree char *grand = xpath_string (doc, SUM "ram:GrandTotalAmount");
  g_autofree char *due = xpath_string (doc, SUM "ram:DuePayableAmount");
  g_autofree char *basis = xpath_string (doc, SUM "ram:TaxBasisTotalAmount");
  g_autofree char *buyer = xpath_string (doc, "//ram:BuyerTradeParty/ram:Name");
  g_autofree char *siren = xpath_string (doc, "//ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID[@schemeID='0002']");
  g_autofree char *due_date = xpath_string (doc, "//ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString");
  g_autofree char *issue = xpath_string (doc, "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString");

  g_assert_cmpstr (fx->number, ==, number);
  g_assert_nonnull (strstr (guideline, fx->profile));
  g_assert_cmpint (fx->grand_total, ==, cents_of (grand));
  g_assert_cmpint (fx->due_payable, ==, cents_of (due));
  g_assert_cmpint (fx->tax_basis, ==, cents_of (basis));
  g_assert_cmpstr (fx->buyer_name, ==, buyer);
  g_assert_cmpstr (fx->buyer_siren, ==, *siren ? siren : NULL);
  g_assert_cmpint (fx->issue_date, ==, rl_day_from_ymd (atoi (issue) / 10000,
                                                        atoi (issue) / 100 % 100,
                                                        atoi (issue) % 100));
  if (*due_date != '\0')
    g_assert_cmpint (fx->due_date, ==, rl_day_from_ymd (atoi (due_date) / 10000,
                                                        atoi (due_date) / 100 % 100,
                                                        atoi (due_date) % 100));
  else
    g_assert_cmpint (fx->due_date, ==, RL_DAY_NONE);
  xmlFreeDoc (doc);
}

static const char * const profiles[] = { "minimum", "basicwl", "basic", "en16931", "extended" };

static void
test_sample_xml (gconstpointer data)
{
  const char *profile = data;
  g_autofree char *name = g_strdup_printf ("akretion_factur-x-%s.xml", profile);
  g_autofree char *path = sample_path (name);
  g_autofree char *xml = NULL;
  g_autoptr(RlImportReport) report = rl_import_report_new (RL_IMPORT_FORMAT_FACTURX);
  g_autoptr(RlFacturx) fx = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &xml, &len, &error));
  fx = rl_facturx_parse_xml (xml, len, path, report, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fx->profile, ==, profile);
  check_against_xpath (fx, xml, len);
  g_assert_false (fx->credit_note);
}

/* The attachment as Poppler gives it, for the test's own reading. */
static GBytes *
attachment_of (const char *pdf_path)
{
  g_autofree char *uri = g_filename_to_uri (pdf_path, NULL, NULL);
  PopplerDocument *pdf = poppler_document_new_from_file (uri, NULL, NULL);
  GList *list = poppler_document_get_attachments (pdf);
  GByteArray *out = g_byte_array_new ();

  for (GList *l = list; l != NULL; l = l->next)
    {
      PopplerAttachment *a = l->data;

      if (g_str_equal (a->name, "factur-x.xml"))
        {
          gchar *data = NULL;
          gsize n = 0;
          g_autofree char *tmp = g_build_filename (g_get_tmp_dir (), "relance-fx-att.xml", NULL);

          g_assert_true (poppler_attachment_save (a, tmp, NULL));
          g_assert_true (g_file_get_contents (tmp, &data, &n, NULL));
          g_byte_array_append (out, (const guint8 *) data, n);
          g_free (data);
          g_remove (tmp);
        }
    }
  g_list_free_full (list, g_object_unref);
  g_object_unref (pdf);
  return g_byte_array_free_to_bytes (out);
}

static void
test_sample_pdf (RlTestBook    *f,
                 gconstpointer  data)
{
  g_autofree char *path = sample_path ("akretion_invoice_EN16931.pdf");
  g_autoptr(GBytes) raw = attachment_of (path);
  g_autoptr(GBytes) xml = NULL;
  g_autofree char *name = NULL;
  g_autoptr(RlImportReport) report = rl_import_report_new (RL_IMPORT_FORMAT_FACTURX);
  g_autoptr(RlImportReport) imported = NULL;
  g_autoptr(RlImportReport) again = NULL;
  g_autoptr(RlFacturx) fx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RlInvoice) inv = NULL;
  g_autoptr(RlCustomer) c = NULL;
  gsize len;
  const char *bytes;

  g_assert_cmpuint (g_bytes_get_size (raw), >, 0);
  xml = rl_facturx_extract_xml (path, &name, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "factur-x.xml");
  g_assert_true (g_bytes_equal (xml, raw));
  bytes = g_bytes_get_data (xml, &len);
  fx = rl_facturx_parse_xml (bytes, len, path, report, &error);
  g_assert_no_error (error);
  check_against_xpath (fx, bytes, len);

  g_assert_true (rl_facturx_import (f->book, path, NULL, &imported, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (imported->invoices, ==, 1);
  g_assert_cmpuint (imported->counts.customers_created, ==, 1);
  inv = rl_book_find_invoice (f->book, fx->number, &error);
  g_assert_nonnull (inv);
  g_assert_cmpint (inv->amount, ==, fx->grand_total);
  g_assert_cmpint (inv->amount - inv->paid, ==, fx->due_payable);
  g_assert_cmpint (inv->issue_date, ==, fx->issue_date);
  c = rl_book_get_customer (f->book, inv->customer_id, &error);
  g_assert_cmpstr (c->name, ==, fx->buyer_name);
  g_assert_cmpstr (c->siren, ==, fx->buyer_siren);

  g_assert_true (rl_facturx_import (f->book, path, NULL, &again, &error));
  g_assert_cmpuint (again->counts.inserted + again->counts.updated, ==, 0);
  g_assert_cmpint (rl_book_count_invoices (f->book), ==, 1);
  g_assert_cmpint (rl_book_count_customers (f->book), ==, 1);
}

/* ---- Generated invoices. */

typedef struct
{
  const char *profile;
  const char *number;
  const char *type;          /* 380, 381 */
  const char *issue;         /* YYYYMMDD */
  const char *due;           /* NULL: none */
  const char *buyer;
  const char *siren;         /* NULL: none */
  const char *vat;           /* NULL: none */
  const char *grand;         /* "120.00" */
  const char *prepaid;       /* NULL: none */
  const char *credited;      /* a credit note's invoice */
} Gen;

static char *
invoice_xml (const Gen *g)
{
  GString *s = g_string_new (NULL);
  g_autofree char *guideline = g_str_equal (g->profile, "en16931")
    ? g_strdup ("urn:cen.eu:en16931:2017")
    : g_strdup_printf ("urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:%s", g->profile);

  g_string_append_printf (s,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\""
    " xmlns:ram=\"urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100\""
    " xmlns:udt=\"urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100\">\n"
    "<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>%s</ram:ID>"
    "</ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>\n"
    "<rsm:ExchangedDocument><ram:ID>%s</ram:ID><ram:TypeCode>%s</ram:TypeCode>"
    "<ram:IssueDateTime><udt:DateTimeString format=\"102\">%s</udt:DateTimeString></ram:IssueDateTime>"
    "</rsm:ExchangedDocument>\n<rsm:SupplyChainTradeTransaction><ram:ApplicableHeaderTradeAgreement>"
    "<ram:SellerTradeParty><ram:Name>Nous</ram:Name></ram:SellerTradeParty>"
    "<ram:BuyerTradeParty><ram:Name>%s</ram:Name>",
    guideline, g->number, g->type ? g->type : "380", g->issue, g->buyer);
  if (g->siren)
    g_string_append_printf (s, "<ram:SpecifiedLegalOrganization><ram:ID schemeID=\"0002\">%s</ram:ID>"
                            "</ram:SpecifiedLegalOrganization>", g->siren);
  if (g->vat)
    g_string_append_printf (s, "<ram:SpecifiedTaxRegistration><ram:ID schemeID=\"VA\">%s</ram:ID>"
                            "</ram:SpecifiedTaxRegistration>", g->vat);
  g_string_append (s, "</ram:BuyerTradeParty></ram:ApplicableHeaderTradeAgreement>"
                   "<ram:ApplicableHeaderTradeDelivery/><ram:ApplicableHeaderTradeSettlement>"
                   "<ram:PaymentReference>REF-");
  g_string_append_printf (s, "%s</ram:PaymentReference><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>",
                          g->number);
  if (g->due)
    g_string_append_printf (s, "<ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime>"
                            "<udt:DateTimeString format=\"102\">%s</udt:DateTimeString>"
                            "</ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>", g->due);
  g_string_append_printf (s, "<ram:SpecifiedTradeSettlementHeaderMonetarySummation>"
                          "<ram:TaxBasisTotalAmount>%s</ram:TaxBasisTotalAmount>"
                          "<ram:GrandTotalAmount>%s</ram:GrandTotalAmount>", g->grand, g->grand);
  if (g->prepaid)
    g_string_append_printf (s, "<ram:TotalPrepaidAmount>%s</ram:TotalPrepaidAmount>", g->prepaid);
  g_string_append_printf (s, "<ram:DuePayableAmount>%s</ram:DuePayableAmount>"
                          "</ram:SpecifiedTradeSettlementHeaderMonetarySummation>", g->grand);
  if (g->credited)
    g_string_append_printf (s, "<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>%s"
                            "</ram:IssuerAssignedID></ram:InvoiceReferencedDocument>", g->credited);
  g_string_append (s, "</ram:ApplicableHeaderTradeSettlement></rsm:SupplyChainTradeTransaction>"
                   "</rsm:CrossIndustryInvoice>\n");
  return g_string_free (s, FALSE);
}

/* A one-page PDF with @content attached as @name (a PDF string, escapes allowed); no
 * attachment when @name is NULL. */
static GBytes *
make_pdf (const char *name,
          const char *content)
{
  GString *s = g_string_new ("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
  gsize offsets[6];
  guint n = name ? 6 : 4;
  gsize xref;

  offsets[1] = s->len;
  if (name)
    g_string_append_printf (s, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles "
                            "<< /Names [(%s) 4 0 R] >> >> >>\nendobj\n", name);
  else
    g_string_append (s, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
  offsets[2] = s->len;
  g_string_append (s, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
  offsets[3] = s->len;
  g_string_append (s, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n");
  if (name)
    {
      offsets[4] = s->len;
      g_string_append_printf (s, "4 0 obj\n<< /Type /Filespec /F (%s) /UF (%s) /EF << /F 5 0 R >> "
                              "/AFRelationship /Data >>\nendobj\n", name, name);
      offsets[5] = s->len;
      g_string_append_printf (s, "5 0 obj\n<< /Type /EmbeddedFile /Subtype /text#2Fxml /Length %zu >>\n"
                              "stream\n%s\nendstream\nendobj\n", strlen (content), content);
    }
  xref = s->len;
  g_string_append_printf (s, "xref\n0 %u\n0000000000 65535 f \n", n);
  for (guint i = 1; i < n; i++)
    g_string_append_printf (s, "%010zu 00000 n \n", offsets[i]);
  g_string_append_printf (s, "trailer\n<< /Size %u /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
                          n, xref);
  return g_string_free_to_bytes (s);
}

static char *
write_pdf (const char *dir,
           const char *file,
           const char *name,
           const char *content)
{
  g_autoptr(GBytes) pdf = make_pdf (name, content);
  gsize len;
  const char *data = g_bytes_get_data (pdf, &len);

  return rl_test_write_file (dir, file, data, len);
}

static char *
write_invoice_pdf (const char *dir,
                   const Gen  *g)
{
  g_autofree char *xml = invoice_xml (g);
  g_autofree char *file = g_strdup_printf ("%s.pdf", g->number);

  return write_pdf (dir, file, "factur-x.xml", xml);
}

static RlImportReport *
import_ok (RlBook     *book,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  RlImportReport *report = NULL;

  g_assert_true (rl_facturx_import (book, path, NULL, &report, &error));
  g_assert_no_error (error);
  return report;
}

static RlInvoice *
invoice (RlBook     *book,
         const char *number)
{
  g_autoptr(GError) error = NULL;
  RlInvoice *inv = rl_book_find_invoice (book, number, &error);

  g_assert_no_error (error);
  g_assert_nonnull (inv);
  return inv;
}

/* Every profile, in a generated PDF: the same invoice. */
static void
test_profile (RlTestBook    *f,
              gconstpointer  data)
{
  Gen g = { .profile = data, .number = "FX-1", .issue = "20240110", .due = "20240209",
            .buyer = "Épicerie Gérard", .siren = "552100554", .grand = "1200.50" };
  g_autofree char *path = NULL;
  g_autoptr(RlImportReport) report = NULL;
  g_autoptr(RlInvoice) inv = NULL;
  g_autoptr(RlCustomer) c = NULL;
  g_autoptr(GError) error = NULL;

  if (g_str_equal (g.profile, "minimum"))
    g.due = NULL;
  path = write_invoice_pdf (f->dir, &g);
  g_assert_cmpint (rl_import_detect_format (path, NULL), ==, RL_IMPORT_FORMAT_FACTURX);
  report = import_ok (f->book, path);
  g_assert_cmpstr (report->detail, ==, g.profile);
  inv = invoice (f->book, "FX-1");
  g_assert_cmpint (inv->amount, ==, 120050);
  g_assert_cmpstr (inv->reference, ==, "REF-FX-1");
  g_assert_cmpint (inv->issue_date, ==, rl_test_day ("2024-01-10"));
  /* The minimum profile has no due date: the company's 30 days. */
  g_assert_cmpint (inv->due_date, ==, rl_test_day ("2024-02-09"));
  c = rl_book_find_customer (f->book, "552100554", &error);
  g_assert_nonnull (c);
  g_assert_cmpstr (c->name, ==, "Épicerie Gérard");
}

/* Buyers: by SIREN (the name may differ), by a French VAT number, by name, else new. */
static void
test_buyers (RlTestBook    *f,
             gconstpointer  data)
{
  const Gen gens[] = {
    { "basic", "B-1", NULL, "20240105", NULL, "Garage Dupont SARL", "443061841", NULL, "10.00" },
    { "basic", "B-2", NULL, "20240106", NULL, "GARAGE DUPONT", "443061841", NULL, "20.00" },
    { "basic", "B-3", NULL, "20240107", NULL, "Autre nom", NULL, "FR40443061841", "30.00" },
    { "basic", "B-4", NULL, "20240108", NULL, "boulangerie martin", NULL, NULL, "40.00" },
    { "basic", "B-5", NULL, "20240109", NULL, "Nouveau Client", NULL, NULL, "50.00" },
  };
  g_autoptr(RlCustomer) martin = rl_customer_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RlImportReport) report = NULL;
  g_autofree char *dir = g_build_filename (f->dir, "factures", NULL);
  g_autoptr(RlInvoice) b1 = NULL;
  g_autoptr(RlInvoice) b2 = NULL;
  g_autoptr(RlInvoice) b3 = NULL;
  g_autoptr(RlInvoice) b4 = NULL;
  g_autoptr(RlInvoice) b5 = NULL;
  g_autoptr(RlCustomer) fresh = NULL;

  martin->code = g_strdup ("MARTIN");
  martin->name = g_strdup ("Boulangerie Martin");
  martin->payment_terms_days = 45;
  g_assert_true (rl_book_upsert_customer (f->book, martin, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (gens); i++)
    g_free (write_invoice_pdf (dir, &gens[i]));
  /* A folder imports in one go. */
  report = import_ok (f->book, dir);
  g_assert_cmpuint (report->invoices, ==, 5);
  g_assert_cmpuint (report->counts.customers_created, ==, 2);
  b1 = invoice (f->book, "B-1");
  b2 = invoice (f->book, "B-2");
  b3 = invoice (f->book, "B-3");
  b4 = invoice (f->book, "B-4");
  b5 = invoice (f->book, "B-5");
  g_assert_cmpint (b1->customer_id, ==, b2->customer_id);
  g_assert_cmpint (b1->customer_id, ==, b3->customer_id);
  g_assert_cmpint (b4->customer_id, ==, martin->id);
  /* Martin's own terms: 45 days. */
  g_assert_cmpint (b4->due_date - b4->issue_date, ==, 45);
  fresh = rl_book_get_customer (f->book, b5->customer_id, &error);
  g_assert_cmpstr (fresh->code, ==, "NOUVEAUCLIEN");
  g_assert_cmpint (rl_book_count_customers (f->book), ==, 3);
}

/* What was paid in advance, and a credit note naming its invoice. */
static void
test_prepaid_and_credit (RlTestBook    *f,
                         gconstpointer  data)
{
  const Gen inv_gen = { "en16931", "P-1", "380", "20240301", "20240331", "Client P", "732829320",
                        NULL, "300.00", "100.00" };
  const Gen credit_gen = { "en16931", "AV-1", "381", "20240305", NULL, "Client P", "732829320",
                           NULL, "50.00", NULL, "P-1" };
  g_autofree char *p1 = write_invoice_pdf (f->dir, &inv_gen);
  g_autofree char *p2 = write_invoice_pdf (f->dir, &credit_gen);
  g_autoptr(RlImportReport) r1 = import_ok (f->book, p1);
  g_autoptr(RlImportReport) r2 = import_ok (f->book, p2);
  g_autoptr(RlImportReport) r3 = import_ok (f->book, p2);
  g_autoptr(RlInvoice) inv = invoice (f->book, "P-1");
  g_autoptr(RlInvoice) credit = invoice (f->book, "AV-1");

  g_assert_cmpuint (r2->credit_notes, ==, 1);
  g_assert_cmpint (credit->kind, ==, RL_INVOICE_KIND_CREDIT_NOTE);
  g_assert_cmpint (credit->amount, ==, 5000);
  g_assert_cmpint (inv->amount, ==, 30000);
  /* 100.00 prepaid, 50.00 credited, once only though imported twice. */
  g_assert_cmpint (inv->paid, ==, 15000);
  g_assert_cmpint (rl_book_count_payments (f->book), ==, 1);
  g_assert_cmpuint (r3->counts.inserted, ==, 0);
}

/* The attachment's name escaped in the PDF string. */
static void
test_escaped_name (RlTestBook    *f,
                   gconstpointer  data)
{
  const Gen g = { "basic", "E-1", NULL, "20240105", NULL, "X", "552100554", NULL, "1.00" };
  g_autofree char *xml = invoice_xml (&g);
  g_autofree char *path = write_pdf (f->dir, "e.pdf", "factur\\055x.xml", xml);
  g_autoptr(RlImportReport) report = import_ok (f->book, path);

  g_assert_cmpuint (report->invoices, ==, 1);
}

/* ---- Bad input. */

typedef struct
{
  const char *name;
  const char *attachment;   /* NULL: a plain PDF; "-": not a PDF, the content as the file */
  const char *content;
  int         code;
  const char *message;
} BadCase;

static const BadCase bad_cases[] = {
  { "plain-pdf", NULL, NULL, RL_IMPORT_ERROR_FORMAT, "no Factur-X invoice in this PDF: it has no attached XML" },
  { "other-attachment", "bon-de-livraison.txt", "hello", RL_IMPORT_ERROR_FORMAT, "bon-de-livraison.txt" },
  { "broken-pdf", "-", "%PDF-1.4\ngarbage", RL_IMPORT_ERROR_FORMAT, "not a readable PDF" },
  { "xml-bomb", "factur-x.xml",
    "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><r>&b;</r>",
    RL_IMPORT_ERROR_FORMAT, "DTD" },
  { "not-cii", "factur-x.xml", "<?xml version=\"1.0\"?><Invoice><ID>1</ID></Invoice>",
    RL_IMPORT_ERROR_FORMAT, "not a Factur-X invoice" },
  { "truncated-xml", "factur-x.xml",
    "<?xml version=\"1.0\"?>\n<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:x\">\n<rsm:ExchangedDocument>",
    RL_IMPORT_ERROR_FORMAT, ":3: " },
  { "incomplete", "factur-x.xml",
    "<?xml version=\"1.0\"?><rsm:CrossIndustryInvoice xmlns:rsm=\"urn:x\"><rsm:ExchangedDocument/></rsm:CrossIndustryInvoice>",
    RL_IMPORT_ERROR_INVALID_ROWS, "not a complete invoice" },
  { "bad-xml-alone", "-", "<?xml version=\"1.0\"?><rsm:CrossIndustryInvoice xmlns:rsm=\"urn:x\">",
    RL_IMPORT_ERROR_FORMAT, ":1: " },
};

static void
test_bad (RlTestBook    *f,
          gconstpointer  data)
{
  const BadCase *b = data;
  g_autofree char *path = NULL;
  g_autoptr(RlImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  if (b->attachment != NULL && g_str_equal (b->attachment, "-"))
    path = rl_test_write_file (f->dir, "bad", b->content, -1);
  else
    path = write_pdf (f->dir, "bad.pdf", b->attachment, b->content);
  g_assert_false (rl_facturx_import (f->book, path, NULL, &report, &error));
  g_assert_error (error, RL_IMPORT_ERROR, b->code);
  g_assert_nonnull (strstr (error->message, b->message));
  g_assert_cmpint (rl_book_count_invoices (f->book), ==, 0);
  g_assert_cmpint (rl_book_count_customers (f->book), ==, 0);
}

/* The wrong type in an amount: the problem names the element and its line. */
static void
test_bad_amount (RlTestBook    *f,
                 gconstpointer  data)
{
  const Gen g = { "basic", "A-1", NULL, "20240105", NULL, "X", NULL, NULL, "12,3a" };
  g_autofree char *path = write_invoice_pdf (f->dir, &g);
  g_autoptr(RlImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const RlImportProblem *p;

  g_assert_false (rl_facturx_import (f->book, path, NULL, &report, &error));
  g_assert_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_INVALID_ROWS);
  g_assert_cmpuint (report->problems->len, >=, 1);
  p = g_ptr_array_index (report->problems, 0);
  g_assert_cmpstr (p->column, ==, ".../TaxBasisTotalAmount");
  g_assert_cmpuint (p->line, ==, 5);   /* the line of the summation in the generated XML */
  g_assert_nonnull (strstr (p->message, "12,3a"));
}

/* One bad file in a folder: nothing imported, each bad file said. */
static void
test_bad_folder (RlTestBook    *f,
                 gconstpointer  data)
{
  const Gen good = { "basic", "G-1", NULL, "20240105", NULL, "X", NULL, NULL, "1.00" };
  g_autofree char *dir = g_build_filename (f->dir, "lot", NULL);
  g_autoptr(RlImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_free (write_invoice_pdf (dir, &good));
  g_free (write_pdf (dir, "scan.pdf", NULL, NULL));
  g_assert_false (rl_facturx_import (f->book, dir, NULL, &report, &error));
  g_assert_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_INVALID_ROWS);
  g_assert_nonnull (strstr (error->message, "1 file is not"));
  g_assert_cmpuint (report->problems->len, ==, 1);
  g_assert_cmpint (rl_book_count_invoices (f->book), ==, 0);
}

#define ADD(name, func, data) \
  g_test_add (name, RlTestBook, data, rl_test_book_set_up, func, rl_test_book_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      g_autofree char *xml = g_strdup_printf ("/facturx/sample/%s", profiles[i]);
      g_autofree char *gen = g_strdup_printf ("/facturx/profile/%s", profiles[i]);

      g_test_add_data_func (xml, profiles[i], test_sample_xml);
      ADD (gen, test_profile, profiles[i]);
    }
  ADD ("/facturx/sample/pdf", test_sample_pdf, NULL);
  ADD ("/facturx/buyers-and-folder", test_buyers, NULL);
  ADD ("/facturx/prepaid-and-credit", test_prepaid_and_credit, NULL);
  ADD ("/facturx/escaped-name", test_escaped_name, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/facturx/bad/%s", bad_cases[i].name);

      ADD (name, test_bad, &bad_cases[i]);
    }
  ADD ("/facturx/bad/amount", test_bad_amount, NULL);
  ADD ("/facturx/bad/folder", test_bad_folder, NULL);
  return g_test_run ();
}
