/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-import"

#include "config.h"

#include "rl-camt.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "rl-csv-import.h"

/* Reading ISO 20022 bank statements (camt.053) and notifications (camt.054), versions 001.02
 * to 001.08, with libxml2: no network, no DTD, no entity substitution (a document that
 * declares a DTD is refused outright, entity-expansion bombs with it). Elements are found by
 * local name, whatever the namespace prefix. */

static void
tx_free (gpointer data)
{
  RlCamtTx *t = data;

  g_free (t->xpath);
  g_free (t->currency);
  g_free (t->key);
  g_free (t->end_to_end);
  g_free (t->debtor_name);
  g_free (t->debtor_iban);
  g_free (t->text);
  g_free (t->structured_ref);
  g_free (t);
}

void
rl_camt_doc_free (RlCamtDoc *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->message);
  g_ptr_array_unref (doc->txs);
  g_free (doc);
}

/* A date of Dt or DtTm below @node */
static RlDay
day_of (xmlNode *node)
{
  g_autofree char *text = rl_xml_text_at (node, "Dt");

  if (text == NULL)
    text = rl_xml_text_at (node, "DtTm");
  if (text == NULL || strlen (text) < 10)
    return RL_DAY_NONE;
  text[10] = '\0';
  return rl_day_from_iso (text);
}

typedef struct
{
  const char     *name;
  RlImportReport *report;
  RlCamtDoc      *doc;
  GHashTable     *keys;   /* key → how many times seen */
  guint           n_bad;
} Parse;

static void
bad (Parse      *p,
     const char *xpath,
     const char *message)
{
  p->n_bad++;
  rl_import_report_add (p->report, p->name, 0, xpath, message);
}

/* What the transactions of an entry share. */
typedef struct
{
  xmlNode  *node;
  char     *xpath;
  gboolean  credit, booked, reversal;
  RlDay     date;
  char     *amount_text;
  char     *currency;
  char     *ref;
  guint     n_tx;
} Entry;

static void
read_tx (Parse   *p,
         Entry   *e,
         xmlNode *tx,
         guint    index)
{
  RlCamtTx *t = g_new0 (RlCamtTx, 1);
  xmlNode *amt = NULL;
  g_autofree char *amount_text = NULL;
  g_autofree char *indicator = NULL;
  g_autofree char *tx_ref = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  xmlNode *rmt;

  t->xpath = tx ? g_strdup_printf ("%s/NtryDtls/TxDtls[%u]", e->xpath, index)
                : g_strdup (e->xpath);
  if (tx != NULL)
    {
      amt = rl_xml_child (tx, "Amt");
      if (amt == NULL)
        amt = rl_xml_find (tx, "AmtDtls/TxAmt/Amt");
    }
  if (amt != NULL)
    {
      xmlChar *ccy = xmlGetProp (amt, (const xmlChar *) "Ccy");

      amount_text = rl_xml_text (amt);
      t->currency = g_strdup (ccy ? (const char *) ccy : e->currency);
      xmlFree (ccy);
    }
  else if (e->n_tx <= 1)
    {
      amount_text = g_strdup (e->amount_text);
      t->currency = g_strdup (e->currency);
    }
  indicator = tx ? rl_xml_text_at (tx, "CdtDbtInd") : NULL;
  t->credit = indicator ? g_strcmp0 (indicator, "CRDT") == 0 : e->credit;
  t->booked = e->booked;
  t->reversal = e->reversal;
  t->date = e->date;
  if (!rl_import_parse_amount (amount_text, &t->amount) || amount_text == NULL
      || t->amount <= 0)
    {
      g_autofree char *where = g_strconcat (t->xpath, "/Amt", NULL);
      g_autofree char *message = amount_text
        ? g_strdup_printf (_("“%s” is not a positive amount"), amount_text)
        : g_strdup (_("no amount"));

      bad (p, where, message);
      tx_free (t);
      return;
    }
  if (t->currency == NULL || strlen (t->currency) != 3)
    {
      g_free (t->currency);
      t->currency = g_strdup ("EUR");
    }
  else
    {
      char *up = g_ascii_strup (t->currency, -1);

      g_free (t->currency);
      t->currency = up;
    }

  if (tx != NULL)
    {
      tx_ref = rl_xml_text_at (tx, "Refs/AcctSvcrRef");
      t->end_to_end = rl_xml_text_at (tx, "Refs/EndToEndId");
      if (t->end_to_end != NULL && g_ascii_strcasecmp (t->end_to_end, "NOTPROVIDED") == 0)
        g_clear_pointer (&t->end_to_end, g_free);
      t->debtor_name = rl_xml_text_at (tx, "RltdPties/Dbtr/Nm");
      if (t->debtor_name == NULL)
        t->debtor_name = rl_xml_text_at (tx, "RltdPties/Dbtr/Pty/Nm");
      t->debtor_iban = rl_xml_text_at (tx, "RltdPties/DbtrAcct/Id/IBAN");
      rmt = rl_xml_child (tx, "RmtInf");
      for (xmlNode *c = rmt ? rmt->children : NULL; c != NULL; c = c->next)
        {
          if (rl_xml_is (c, "Ustrd"))
            {
              g_autofree char *u = rl_xml_text (c);

              if (u != NULL)
                g_string_append_printf (text, "%s%s", text->len ? " " : "", u);
            }
          else if (rl_xml_is (c, "Strd") && t->structured_ref == NULL)
            t->structured_ref = rl_xml_text_at (c, "CdtrRefInf/Ref");
        }
    }
  if (text->len > 0)
    t->text = g_strdup (text->str);
  /* The bank's reference is not always unique (a batch may repeat it): the key adds a digest
   * of what the transaction says, and a counter for exact repeats within the document. */
  {
    const char *ref = tx_ref ? tx_ref : e->ref;
    g_autofree char *id = g_strdup_printf ("%d|%" G_GINT64_FORMAT "|%s|%s|%s|%s|%s|%s|%s",
                                           (int) t->date, t->amount, t->currency,
                                           t->end_to_end ?: "", t->debtor_name ?: "",
                                           t->debtor_iban ?: "", t->text ?: "",
                                           t->structured_ref ?: "", ref ? "" : t->xpath);
    g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, id, -1);
    g_autofree char *key = g_strdup_printf ("camt:%s:%.16s", ref ? ref : "", sum);
    guint n = GPOINTER_TO_UINT (g_hash_table_lookup (p->keys, key)) + 1;

    t->key = n > 1 ? g_strdup_printf ("%s#%u", key, n) : g_strdup (key);
    g_hash_table_insert (p->keys, g_steal_pointer (&key), GUINT_TO_POINTER (n));
  }
  g_ptr_array_add (p->doc->txs, t);
}

static void
read_entry (Parse      *p,
            xmlNode    *ntry,
            const char *xpath)
{
  Entry e = { .node = ntry, .xpath = (char *) xpath };
  g_autofree char *indicator = rl_xml_text_at (ntry, "CdtDbtInd");
  g_autofree char *status = rl_xml_text_at (ntry, "Sts/Cd");
  g_autofree char *reversal = rl_xml_text_at (ntry, "RvslInd");
  xmlNode *amt = rl_xml_child (ntry, "Amt");
  xmlChar *ccy = amt ? xmlGetProp (amt, (const xmlChar *) "Ccy") : NULL;
  guint index = 0;

  if (status == NULL)
    status = rl_xml_text_at (ntry, "Sts");
  e.credit = g_strcmp0 (indicator, "CRDT") == 0;
  e.booked = status == NULL || g_strcmp0 (status, "BOOK") == 0;
  e.reversal = g_strcmp0 (reversal, "true") == 0 || g_strcmp0 (reversal, "1") == 0;
  e.date = day_of (rl_xml_child (ntry, "BookgDt"));
  if (e.date == RL_DAY_NONE)
    e.date = day_of (rl_xml_child (ntry, "ValDt"));
  e.amount_text = rl_xml_text (amt);
  e.currency = ccy ? g_strdup ((const char *) ccy) : NULL;
  xmlFree (ccy);
  e.ref = rl_xml_text_at (ntry, "AcctSvcrRef");
  if (e.ref == NULL)
    e.ref = rl_xml_text_at (ntry, "NtryRef");

  if (indicator == NULL || (!e.credit && g_strcmp0 (indicator, "DBIT") != 0))
    {
      g_autofree char *where = g_strconcat (xpath, "/CdtDbtInd", NULL);

      bad (p, where, _("CdtDbtInd must be CRDT or DBIT"));
    }
  else if (e.date == RL_DAY_NONE && e.booked)
    {
      g_autofree char *where = g_strconcat (xpath, "/BookgDt", NULL);

      bad (p, where, _("no booking date (YYYY-MM-DD)"));
    }
  else
    {
      for (xmlNode *d = ntry->children; d != NULL; d = d->next)
        if (rl_xml_is (d, "NtryDtls"))
          for (xmlNode *t = d->children; t != NULL; t = t->next)
            e.n_tx += rl_xml_is (t, "TxDtls");
      for (xmlNode *d = ntry->children; d != NULL; d = d->next)
        if (rl_xml_is (d, "NtryDtls"))
          for (xmlNode *t = d->children; t != NULL; t = t->next)
            if (rl_xml_is (t, "TxDtls"))
              read_tx (p, &e, t, ++index);
      if (e.n_tx == 0)
        read_tx (p, &e, NULL, 0);
    }
  g_free (e.amount_text);
  g_free (e.currency);
  g_free (e.ref);
}

static char *
message_type (xmlNode *root)
{
  const char *href = root->ns && root->ns->href ? (const char *) root->ns->href : "";
  const char *at = strstr (href, "camt.");

  return at ? g_strdup (at) : NULL;
}

/**
 * rl_camt_parse:
 * @name: the file (or zip member) name, for messages
 *
 * Returns: (transfer full): the transactions; %NULL with @error when the document is not a
 *   bank statement, declares a DTD, is not well-formed, or has bad entries (listed in
 *   @report's problems with their XPath)
 */
RlCamtDoc *
rl_camt_parse (const char      *data,
               gsize            len,
               const char      *name,
               RlImportReport  *report,
               GError         **error)
{
  g_autoptr(RlCamtDoc) doc = g_new0 (RlCamtDoc, 1);
  xmlDoc *xml;
  xmlNode *root, *group;
  const char *list_name, *item_name;
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Parse p = { .name = name, .report = report, .keys = keys };
  guint n_group = 0;

  doc->txs = g_ptr_array_new_with_free_func (tx_free);
  p.doc = doc;
  xml = rl_import_read_xml (data, len, name, error);
  if (xml == NULL)
    return NULL;
  root = xmlDocGetRootElement (xml);
  if (!rl_xml_is (root, "Document"))
    goto not_camt;
  doc->message = message_type (root);
  if ((group = rl_xml_child (root, "BkToCstmrStmt")) != NULL)
    {
      list_name = "Stmt";
      item_name = "BkToCstmrStmt";
    }
  else if ((group = rl_xml_child (root, "BkToCstmrDbtCdtNtfctn")) != NULL)
    {
      list_name = "Ntfctn";
      item_name = "BkToCstmrDbtCdtNtfctn";
    }
  else
    goto not_camt;
  if (doc->message == NULL)
    doc->message = g_strdup (list_name[0] == 'S' ? "camt.053" : "camt.054");

  for (xmlNode *s = group->children; s != NULL; s = s->next)
    {
      guint n_entry = 0;

      if (!rl_xml_is (s, list_name))
        continue;
      n_group++;
      for (xmlNode *n = s->children; n != NULL; n = n->next)
        if (rl_xml_is (n, "Ntry"))
          {
            g_autofree char *xpath = g_strdup_printf ("/Document/%s/%s[%u]/Ntry[%u]",
                                                      item_name, list_name, n_group,
                                                      ++n_entry);

            read_entry (&p, n, xpath);
          }
    }
  xmlFreeDoc (xml);
  if (p.n_bad > 0)
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_INVALID_ROWS,
                   g_dngettext (GETTEXT_PACKAGE, "%s: %u invalid entry", "%s: %u invalid entries",
                                p.n_bad), name, p.n_bad);
      return NULL;
    }
  return g_steal_pointer (&doc);

not_camt:
  xmlFreeDoc (xml);
  g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
               _("%s: not a bank statement: no BkToCstmrStmt or BkToCstmrDbtCdtNtfctn"), name);
  return NULL;
}
