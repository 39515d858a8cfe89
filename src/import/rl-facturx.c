/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-import"

#include "config.h"

#include "rl-facturx.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libxml/tree.h>
#include <poppler.h>
#include <string.h>

#include "rl-csv-import.h"

/* Factur-X and ZUGFeRD invoices (DOMAIN.md §5): the XML attached to the PDF, found through
 * Poppler's attachments, read with libxml2 (rl_import_read_xml(): no network, no DTD). The
 * Cross Industry Invoice elements are found by local name, so that every profile (minimum to
 * extended) and ZUGFeRD 1's older element names read alike. */

#define MAX_PDF (256u * 1024 * 1024)

void
rl_facturx_free (RlFacturx *invoice)
{
  if (invoice == NULL)
    return;
  g_free (invoice->profile);
  g_free (invoice->number);
  g_free (invoice->buyer_name);
  g_free (invoice->buyer_siren);
  g_free (invoice->currency);
  g_free (invoice->payment_reference);
  g_free (invoice->credited_number);
  g_free (invoice);
}

static char *
profile_of (const char *id)
{
  static const char * const names[] = { "extended", "basicwl", "basic", "minimum", "en16931" };

  if (id == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strstr (id, names[i]) != NULL)
      return g_strdup (names[i]);
  /* ZUGFeRD 1 */
  if (strstr (id, "comfort") != NULL)
    return g_strdup ("en16931");
  return g_strdup (id);
}

/* A date in format 102 (YYYYMMDD), or ISO. */
static RlDay
day_at (xmlNode *node)
{
  g_autofree char *text = rl_xml_text (rl_xml_descendant (node, "DateTimeString"));

  if (text == NULL)
    text = rl_xml_text (node);
  if (text == NULL)
    return RL_DAY_NONE;
  if (strlen (text) == 8 && strspn (text, "0123456789") == 8)
    {
      int v = atoi (text);

      return rl_day_from_ymd (v / 10000, v / 100 % 100, v % 100);
    }
  return rl_day_from_iso (text);
}

/* The buyer's SIREN: its legal organization (scheme 0002), else a French VAT number. */
static char *
siren_of (xmlNode *buyer)
{
  xmlNode *org = rl_xml_find (buyer, "SpecifiedLegalOrganization/ID");
  g_autofree char *id = rl_xml_text (org);
  xmlNode *tax;

  if (id != NULL && strlen (id) == 9 && strspn (id, "0123456789") == 9)
    return g_steal_pointer (&id);
  for (tax = buyer ? buyer->children : NULL; tax != NULL; tax = tax->next)
    if (rl_xml_is (tax, "SpecifiedTaxRegistration"))
      {
        g_autofree char *vat = rl_xml_text_at (tax, "ID");

        if (vat != NULL && strlen (vat) == 13 && g_ascii_strncasecmp (vat, "FR", 2) == 0
            && strspn (vat + 4, "0123456789") == 9)
          return g_strdup (vat + 4);
      }
  return NULL;
}

typedef struct
{
  const char     *name;
  RlImportReport *report;
  guint           n_bad;
} Parse;

/* Reads an amount element: missing is zero; present and wrong is a problem. */
static RlCents
amount_at (Parse      *p,
           xmlNode    *summation,
           const char *element)
{
  xmlNode *node = rl_xml_child (summation, element);
  g_autofree char *text = rl_xml_text (node);
  RlCents cents = 0;

  if (node != NULL && !rl_import_parse_amount (text, &cents))
    {
      g_autofree char *where = g_strdup_printf (".../%s", element);
      g_autofree char *message = g_strdup_printf (_("“%s” is not an amount"), text ? text : "");

      p->n_bad++;
      rl_import_report_add (p->report, p->name, (guint) MAX (xmlGetLineNo (node), 0), where,
                            message);
    }
  return cents;
}

static void
missing (Parse      *p,
         const char *where)
{
  p->n_bad++;
  rl_import_report_add (p->report, p->name, 0, where, _("missing"));
}

/**
 * rl_facturx_parse_xml:
 *
 * Returns: (transfer full): the invoice, %NULL with @error when the XML is not a Cross
 *   Industry Invoice or lacks what an invoice needs (listed in @report's problems)
 */
RlFacturx *
rl_facturx_parse_xml (const char      *data,
                      gsize            len,
                      const char      *name,
                      RlImportReport  *report,
                      GError         **error)
{
  g_autoptr(RlFacturx) inv = g_new0 (RlFacturx, 1);
  g_autofree char *type = NULL;
  g_autofree char *guideline = NULL;
  xmlDoc *xml = rl_import_read_xml (data, len, name, error);
  xmlNode *root, *doc, *buyer, *sum, *terms, *settlement;
  Parse p = { .name = name, .report = report };

  if (xml == NULL)
    return NULL;
  root = xmlDocGetRootElement (xml);
  if (!rl_xml_is (root, "CrossIndustryInvoice") && !rl_xml_is (root, "CrossIndustryDocument"))
    {
      xmlFreeDoc (xml);
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                   _("%s: not a Factur-X invoice: no CrossIndustryInvoice"), name);
      return NULL;
    }
  guideline = rl_xml_text_at (rl_xml_descendant (root, "GuidelineSpecifiedDocumentContextParameter"),
                              "ID");
  inv->profile = profile_of (guideline);
  doc = rl_xml_child (root, "ExchangedDocument");
  if (doc == NULL)
    doc = rl_xml_child (root, "HeaderExchangedDocument");
  inv->number = rl_xml_text_at (doc, "ID");
  type = rl_xml_text_at (doc, "TypeCode");
  inv->credit_note = g_strcmp0 (type, "381") == 0 || g_strcmp0 (type, "261") == 0;
  inv->issue_date = day_at (rl_xml_child (doc, "IssueDateTime"));
  buyer = rl_xml_descendant (root, "BuyerTradeParty");
  inv->buyer_name = rl_xml_text_at (buyer, "Name");
  inv->buyer_siren = siren_of (buyer);
  settlement = rl_xml_descendant (root, "ApplicableHeaderTradeSettlement");
  if (settlement == NULL)
    settlement = rl_xml_descendant (root, "ApplicableSupplyChainTradeSettlement");
  inv->currency = rl_xml_text_at (settlement, "InvoiceCurrencyCode");
  inv->payment_reference = rl_xml_text_at (settlement, "PaymentReference");
  terms = rl_xml_descendant (settlement, "SpecifiedTradePaymentTerms");
  inv->due_date = day_at (rl_xml_child (terms, "DueDateDateTime"));
  inv->credited_number = rl_xml_text_at (rl_xml_descendant (settlement,
                                                            "InvoiceReferencedDocument"),
                                         "IssuerAssignedID");
  sum = rl_xml_descendant (settlement, "SpecifiedTradeSettlementHeaderMonetarySummation");
  if (sum == NULL)
    sum = rl_xml_descendant (settlement, "SpecifiedTradeSettlementMonetarySummation");

  if (inv->number == NULL)
    missing (&p, "ExchangedDocument/ID");
  if (inv->issue_date == RL_DAY_NONE)
    missing (&p, "ExchangedDocument/IssueDateTime");
  if (inv->buyer_name == NULL && inv->buyer_siren == NULL)
    missing (&p, "BuyerTradeParty/Name");
  if (sum == NULL || rl_xml_child (sum, "GrandTotalAmount") == NULL)
    missing (&p, "SpecifiedTradeSettlementHeaderMonetarySummation/GrandTotalAmount");
  inv->tax_basis = amount_at (&p, sum, "TaxBasisTotalAmount");
  inv->grand_total = amount_at (&p, sum, "GrandTotalAmount");
  inv->prepaid = amount_at (&p, sum, "TotalPrepaidAmount");
  inv->due_payable = rl_xml_child (sum, "DuePayableAmount") != NULL
                     ? amount_at (&p, sum, "DuePayableAmount")
                     : inv->grand_total - inv->prepaid;
  xmlFreeDoc (xml);
  if (inv->currency == NULL || strlen (inv->currency) != 3)
    {
      g_free (inv->currency);
      inv->currency = g_strdup ("EUR");
    }
  if (p.n_bad == 0 && (inv->grand_total < 0 || inv->prepaid < 0 || inv->due_payable < 0))
    {
      p.n_bad++;
      rl_import_report_add (report, name, 0, "GrandTotalAmount",
                            _("a negative total: write it as a credit note"));
    }
  if (p.n_bad > 0)
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_INVALID_ROWS,
                   _("%s: not a complete invoice"), name);
      return NULL;
    }
  return g_steal_pointer (&inv);
}

/* Attachment names decoded from PDF name escapes ("factur#2Dx.xml"), lower case. */
static char *
plain_name (const char *name)
{
  GString *s = g_string_new (NULL);

  for (const char *c = name ? name : ""; *c != '\0'; c++)
    {
      if (c[0] == '#' && g_ascii_isxdigit (c[1]) && g_ascii_isxdigit (c[2]))
        {
          g_string_append_c (s, (char) (g_ascii_xdigit_value (c[1]) * 16
                                        + g_ascii_xdigit_value (c[2])));
          c += 2;
        }
      else
        g_string_append_c (s, g_ascii_tolower (*c));
    }
  return g_string_free (s, FALSE);
}

static gboolean
save_chunk (const char *buf,
            gsize       count,
            gpointer    data,
            GError    **error)
{
  GByteArray *out = data;

  if (out->len + count > RL_IMPORT_MAX_XML)
    {
      g_set_error_literal (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                           _("the attached XML is too large"));
      return FALSE;
    }
  g_byte_array_append (out, (const guint8 *) buf, count);
  return TRUE;
}

/**
 * rl_facturx_extract_xml:
 * @out_name: (out) (optional): the attachment's name
 *
 * Returns: (transfer full): the invoice XML attached to a Factur-X or ZUGFeRD PDF; %NULL with
 *   @error when the PDF cannot be read or holds no invoice XML
 */
GBytes *
rl_facturx_extract_xml (const char  *pdf_path,
                        char       **out_name,
                        GError     **error)
{
  static const char * const known[] = {
    "factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "order-x.xml",
  };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (pdf_path, FALSE, &local_error);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GObject) pdf = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  PopplerAttachment *chosen = NULL;
  GList *attachments, *l;
  GBytes *result = NULL;

  if (mapped == NULL)
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_IO, "%s", local_error->message);
      return NULL;
    }
  if (g_mapped_file_get_length (mapped) > MAX_PDF)
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                   _("%s: too large for an invoice"), pdf_path);
      return NULL;
    }
  bytes = g_mapped_file_get_bytes (mapped);
  pdf = G_OBJECT (poppler_document_new_from_bytes (bytes, NULL, &local_error));
  if (pdf == NULL)
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT, _("%s: not a readable PDF: %s"),
                   pdf_path, local_error->message);
      return NULL;
    }
  attachments = poppler_document_get_attachments (POPPLER_DOCUMENT (pdf));
  for (guint pass = 0; pass < 2 && chosen == NULL; pass++)
    for (l = attachments; l != NULL && chosen == NULL; l = l->next)
      {
        PopplerAttachment *a = l->data;
        g_autofree char *name = plain_name (a->name);

        if (pass == 0)
          {
            g_string_append_printf (names, "%s%s", names->len ? ", " : "", a->name);
            for (guint i = 0; i < G_N_ELEMENTS (known); i++)
              if (g_str_equal (name, known[i]))
                chosen = a;
          }
        else if (g_str_has_suffix (name, ".xml"))
          chosen = a;   /* some tools name it otherwise: any XML, checked when read */
      }
  if (chosen != NULL)
    {
      g_autoptr(GByteArray) out = g_byte_array_new ();

      if (poppler_attachment_save_to_callback (chosen, save_chunk, out, &local_error))
        {
          result = g_byte_array_free_to_bytes (g_steal_pointer (&out));
          if (out_name != NULL)
            *out_name = g_strdup (chosen->name);
        }
      else
        g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT, "%s: %s", pdf_path,
                     local_error->message);
    }
  else if (names->len > 0)
    g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                 _("%s: no Factur-X invoice in this PDF: its attachments (%s) hold no invoice "
                   "XML"), pdf_path, names->str);
  else
    g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                 _("%s: no Factur-X invoice in this PDF: it has no attached XML (a plain PDF "
                   "invoice cannot be read; ask for the Factur-X version)"), pdf_path);
  g_list_free_full (attachments, g_object_unref);
  return result;
}
