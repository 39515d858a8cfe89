/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-import"

#include "config.h"

#include "rl-csv-fields.h"

#include <glib/gi18n-lib.h>

#include <string.h>

typedef struct
{
  RlCsvField  field;
  const char *name;       /* for the mapping option and the report */
  const char *synonyms;   /* header names, '|'-separated, compared after rl_csv_normalize() */
} FieldSpec;

/* Headers shared by several kinds of file. In each list the more specific names come first:
 * when two columns match one field ("Montant" and "Montant TTC"), the one named by the earlier
 * synonym wins. The first synonym is the example given when a column is missing. */
#define CUSTOMER_CODE_HEADERS \
  "code client|n° client|numéro client|compte client|customer code|customer id|" \
  "customer number|customer no|id client|code tiers|client id|client code|compte tiers|" \
  "compte auxiliaire|n° compte client|référence client|customer ref|account number|n° tiers"
#define CUSTOMER_NAME_HEADERS \
  "raison sociale|nom client|nom du client|customer name|company name|nom tiers|client|" \
  "customer|société|company|dénomination|tiers|nom|name"
#define EXTRA_CUSTOMER_SPECS \
  { RL_CSV_FIELD_SIREN, "siren", "siren|siret|siren/siret|n° siren|n° siret|siren client|" \
    "siret client|numéro siren|numéro siret" }, \
  { RL_CSV_FIELD_EMAIL, "email", "email|e-mail|courriel|adresse email|adresse e-mail|" \
    "adresse mail|email address|e-mail address|emails|email client|mail" }, \
  { RL_CSV_FIELD_PHONE, "phone", "téléphone|tél|tel|phone|phone number|numéro de téléphone|" \
    "telephone number|mobile|portable|gsm" }, \
  { RL_CSV_FIELD_ADDRESS1, "address1", "adresse 1|adresse1|adresse ligne 1|address 1|address1|" \
    "address line 1|ligne adresse 1|adresse|address|street|rue" }, \
  { RL_CSV_FIELD_ADDRESS2, "address2", "adresse 2|adresse2|adresse ligne 2|address 2|address2|" \
    "address line 2|complément d'adresse|complément adresse|ligne adresse 2" }, \
  { RL_CSV_FIELD_ADDRESS3, "address3", "adresse 3|adresse3|adresse ligne 3|address 3|address3|" \
    "address line 3|ligne adresse 3" }, \
  { RL_CSV_FIELD_POSTCODE, "postcode", "code postal|postcode|postal code|post code|zip code|zip|" \
    "cp" }, \
  { RL_CSV_FIELD_CITY, "city", "ville|city|commune|localité|town" }, \
  { RL_CSV_FIELD_COUNTRY, "country", "pays|country|code pays|country code" }, \
  { RL_CSV_FIELD_LANGUAGE, "language", "langue|language|lang" }, \
  { RL_CSV_FIELD_TERMS_DAYS, "payment_terms_days", "délai de paiement|délai de paiement (jours)|" \
    "conditions de paiement (jours)|conditions de paiement|payment terms (days)|payment terms|" \
    "terms (days)|terms|délai (jours)|délai" }, \
  { RL_CSV_FIELD_TERMS_EOM, "terms_end_of_month", "fin de mois|end of month|eom|fdm" }, \
  { RL_CSV_FIELD_ASSIGNED_TO, "assigned_to", "chargé de recouvrement|responsable|commercial|" \
    "chargé de clientèle|assigned to|account manager|gestionnaire|owner" }

static const FieldSpec customer_specs[] = {
  { RL_CSV_FIELD_CODE, "code", CUSTOMER_CODE_HEADERS "|code" },
  { RL_CSV_FIELD_NAME, "name", CUSTOMER_NAME_HEADERS },
  { RL_CSV_FIELD_CUSTOMER_KIND, "kind", "type client|type de client|particulier/professionnel|"
    "professionnel/particulier|customer type|b2b/b2c|catégorie client|type|kind" },
  { RL_CSV_FIELD_VAT_NUMBER, "vat_number", "tva intracommunautaire|n° tva intracommunautaire|"
    "numéro tva intracommunautaire|n° tva|numéro de tva|vat number|vat id|vat|tva" },
  EXTRA_CUSTOMER_SPECS,
  { RL_CSV_FIELD_CREDIT_LIMIT, "credit_limit", "plafond|limite de crédit|encours autorisé|"
    "credit limit|plafond de crédit|encours maximum|encours max" },
  { RL_CSV_FIELD_NOTES, "notes", "notes|note|commentaire|commentaires|remarks|remarques|"
    "comments|comment|observations" },
};

static const FieldSpec invoice_specs[] = {
  { RL_CSV_FIELD_NUMBER, "number", "n° facture|numéro de facture|invoice number|invoice no|"
    "invoice id|num facture|référence facture|n° pièce|numéro de pièce|document number|"
    "n° document|n° avoir|facture/avoir|facture|invoice|pièce|numéro|number" },
  { RL_CSV_FIELD_CODE, "customer_code", CUSTOMER_CODE_HEADERS },
  { RL_CSV_FIELD_NAME, "customer_name", CUSTOMER_NAME_HEADERS },
  { RL_CSV_FIELD_DOC_KIND, "kind", "type de pièce|type pièce|document type|type de document|"
    "type facture|nature pièce|type|nature|kind" },
  { RL_CSV_FIELD_ISSUE_DATE, "issue_date", "date facture|date de facture|date de la facture|"
    "invoice date|date d'émission|issue date|date de pièce|date document|document date|"
    "émise le|date" },
  { RL_CSV_FIELD_DUE_DATE, "due_date", "date d'échéance|due date|échéance|échéance le|"
    "date limite de paiement|payment due|due on|date limite|due" },
  { RL_CSV_FIELD_CURRENCY, "currency", "devise|currency|monnaie|code devise" },
  { RL_CSV_FIELD_AMOUNT, "amount", "montant ttc|total ttc|montant total ttc|amount incl. vat|"
    "total incl. vat|amount incl. tax|total incl. tax|gross amount|net à payer|total amount|"
    "montant facture|ttc|montant|amount|total" },
  { RL_CSV_FIELD_PAID, "paid", "montant réglé|déjà payé|déjà réglé|montant payé|"
    "montant encaissé|amount paid|paid amount|réglé|payé|paid" },
  { RL_CSV_FIELD_REFERENCE, "reference", "référence de paiement|payment reference|"
    "référence commande|n° commande|order number|po number|bon de commande|commande|order|"
    "référence|reference|ref|réf" },
  { RL_CSV_FIELD_CREDITED_NUMBER, "credited_number", "facture d'origine|facture avoir|"
    "credited invoice|original invoice|avoir sur facture|facture créditée|facture liée|"
    "related invoice|facture de référence" },
  { RL_CSV_FIELD_CUSTOMER_KIND, "customer_kind", "type client|type de client|customer type|"
    "particulier/professionnel|professionnel/particulier" },
  { RL_CSV_FIELD_VAT_NUMBER, "vat_number", "tva intracommunautaire|n° tva intracommunautaire|"
    "numéro tva intracommunautaire|vat number|vat id" },
  EXTRA_CUSTOMER_SPECS,
};

static const FieldSpec payment_specs[] = {
  { RL_CSV_FIELD_DATE, "date", "date de paiement|date de règlement|payment date|date valeur|"
    "value date|date d'encaissement|date d'opération|booking date|date de réception|paid on|"
    "payé le|réglé le|reçu le|received on|date" },
  { RL_CSV_FIELD_AMOUNT, "amount", "montant réglé|montant payé|montant encaissé|montant reçu|"
    "paid amount|amount paid|montant du règlement|montant paiement|payment amount|crédit|"
    "credit|montant|amount" },
  { RL_CSV_FIELD_CODE, "customer_code", CUSTOMER_CODE_HEADERS },
  { RL_CSV_FIELD_NAME, "customer_name", CUSTOMER_NAME_HEADERS },
  { RL_CSV_FIELD_INVOICE_NUMBER, "invoice_number", "n° facture|numéro de facture|"
    "invoice number|invoice no|facture réglée|référence facture|invoice ref|invoice reference|"
    "n° pièce|facture|factures|invoice|pièce" },
  { RL_CSV_FIELD_REFERENCE, "reference", "référence paiement|référence de paiement|"
    "payment reference|libellé|libellé opération|remittance information|communication|motif|"
    "référence|reference|ref|réf" },
  { RL_CSV_FIELD_METHOD, "method", "mode de paiement|mode de règlement|moyen de paiement|"
    "payment method|type de paiement|type de règlement|method|mode|moyen" },
  { RL_CSV_FIELD_PAYER_NAME, "payer_name", "payeur|donneur d'ordre|payer name|nom du payeur|"
    "nom payeur|payer|émetteur|debtor|débiteur" },
  { RL_CSV_FIELD_PAYER_IBAN, "payer_iban", "iban payeur|payer iban|iban du payeur|"
    "iban donneur d'ordre|compte payeur|iban" },
  { RL_CSV_FIELD_KEY, "key", "id paiement|payment id|identifiant paiement|transaction id|"
    "id transaction|identifiant transaction|id règlement|n° paiement|n° transaction|"
    "identifiant|id" },
  { RL_CSV_FIELD_CURRENCY, "currency", "devise|currency|monnaie|code devise" },
};

static const FieldSpec *
specs_for (RlCsvKind  kind,
           guint     *n)
{
  switch (kind)
    {
    case RL_CSV_KIND_CUSTOMERS:
      *n = G_N_ELEMENTS (customer_specs);
      return customer_specs;
    case RL_CSV_KIND_INVOICES:
      *n = G_N_ELEMENTS (invoice_specs);
      return invoice_specs;
    case RL_CSV_KIND_PAYMENTS:
      *n = G_N_ELEMENTS (payment_specs);
      return payment_specs;
    case RL_CSV_KIND_AUTO:
    default:
      *n = 0;
      return NULL;
    }
}

/* Normalizing text */

static gboolean
token_in (const char *token,
          const char *list)   /* '|'-separated */
{
  gsize n = strlen (token);

  for (const char *p = list; p != NULL; p = strchr (p, '|'), p = p ? p + 1 : NULL)
    if (strncmp (p, token, n) == 0 && (p[n] == '|' || p[n] == '\0'))
      return TRUE;
  return FALSE;
}

/* Lowercase words without accents or punctuation, separated by one space; with @header,
 * "n°", "no", "#", "number"… become "numero" and small words ("de", "of") are dropped. */
static char *
normalize (const char *text,
           gboolean    header)
{
  g_autofree char *nfkd = NULL;
  g_autoptr(GString) word = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean last_numero = FALSE;

  if (text == NULL)
    return g_strdup ("");
  nfkd = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  if (nfkd == NULL)
    return g_strdup ("");

  for (const char *p = nfkd;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK
          || type == G_UNICODE_ENCLOSING_MARK)
        continue;
      c = g_unichar_tolower (c);
      if (c == 0x0153)
        g_string_append (word, "oe");
      else if (c == 0x00E6)
        g_string_append (word, "ae");
      else if (c == 0x00DF)
        g_string_append (word, "ss");
      else if (c != 0 && g_unichar_isalnum (c))
        g_string_append_unichar (word, c);
      else
        {
          gboolean mark = header && (c == '#' || c == 0x00B0);

          if (word->len > 0 || mark)
            {
              const char *tok = mark ? "#" : word->str;

              if (header && token_in (tok, "no|n|num|nr|nro|number|numero|#"))
                {
                  if (!last_numero)
                    g_string_append_printf (out, "%snumero", out->len ? " " : "");
                  last_numero = TRUE;
                }
              else if (!header || !token_in (tok, "de|du|des|d|l|of|the|en"))
                {
                  g_string_append_printf (out, "%s%s", out->len ? " " : "", tok);
                  last_numero = FALSE;
                }
              g_string_truncate (word, 0);
            }
          if (c == 0)
            break;
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * rl_csv_normalize:
 *
 * The form in which column headers are compared: "N° de facture" and "numero facture" give
 * "numero facture", "Date d'échéance" gives "date echeance".
 *
 * Returns: (transfer full): the normalized header
 */
char *
rl_csv_normalize (const char *text)
{
  return normalize (text, TRUE);
}

/* Normalized synonym → field, one table per kind, built once. */
static GHashTable *
synonyms_for (RlCsvKind kind)
{
  static GHashTable *tables[RL_CSV_KIND_PAYMENTS + 1];
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      for (int k = RL_CSV_KIND_CUSTOMERS; k <= RL_CSV_KIND_PAYMENTS; k++)
        {
          guint n;
          const FieldSpec *specs = specs_for (k, &n);

          tables[k] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          for (guint i = 0; i < n; i++)
            {
              g_auto(GStrv) names = g_strsplit (specs[i].synonyms, "|", -1);

              for (guint j = 0; names[j] != NULL; j++)
                {
                  char *norm = rl_csv_normalize (names[j]);

                  g_assert (j < 256);
                  if (g_hash_table_contains (tables[k], norm))
                    g_free (norm);
                  else
                    g_hash_table_insert (tables[k], norm,
                                         GINT_TO_POINTER ((specs[i].field << 8 | j) + 1));
                }
            }
        }
      g_once_init_leave (&initialized, 1);
    }
  return tables[kind];
}

/* Returns: the field a header names, or -1; @rank: the synonym's place in its list */
static int
lookup_header (RlCsvKind   kind,
               const char *normalized,
               int        *rank)
{
  int v = GPOINTER_TO_INT (g_hash_table_lookup (synonyms_for (kind), normalized)) - 1;

  *rank = v < 0 ? 0 : v & 0xff;
  return v < 0 ? -1 : v >> 8;
}

/* Returns: the field's name in files of @kind, or %NULL if they do not have it */
const char *
rl_csv_field_name (RlCsvKind  kind,
                   RlCsvField field)
{
  guint n;
  const FieldSpec *specs = specs_for (kind, &n);

  for (guint i = 0; i < n; i++)
    if (specs[i].field == field)
      return specs[i].name;
  return NULL;
}

static int
field_by_name (RlCsvKind   kind,
               const char *name)
{
  guint n;
  const FieldSpec *specs = specs_for (kind, &n);

  for (guint i = 0; i < n; i++)
    if (g_ascii_strcasecmp (specs[i].name, name) == 0)
      return specs[i].field;
  return -1;
}

static char *
field_list (RlCsvKind kind)
{
  guint n;
  const FieldSpec *specs = specs_for (kind, &n);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", specs[i].name);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static int
find_header (char * const *headers,
             guint         n,
             const char   *wanted)
{
  g_autofree char *norm = NULL;

  for (guint i = 0; i < n; i++)
    if (strcmp (headers[i], wanted) == 0)
      return i;
  for (guint i = 0; i < n; i++)
    if (g_ascii_strcasecmp (headers[i], wanted) == 0)
      return i;
  norm = rl_csv_normalize (wanted);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *h = rl_csv_normalize (headers[i]);

      if (*norm != '\0' && strcmp (h, norm) == 0)
        return i;
    }
  return -1;
}

/* Splits "field=Header,field=Header" into pairs. A piece without '=' belongs to the previous
 * header, so that a header may contain a comma. */
static GPtrArray *
parse_mapping (const char *mapping)
{
  GPtrArray *pairs = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) pieces = NULL;

  if (mapping == NULL)
    return pairs;
  pieces = g_strsplit (mapping, ",", -1);
  for (guint i = 0; pieces[i] != NULL; i++)
    {
      char *eq = strchr (pieces[i], '=');

      if (eq == NULL && pairs->len > 0)
        {
          char *prev = g_ptr_array_steal_index (pairs, pairs->len - 1);

          g_ptr_array_add (pairs, g_strconcat (prev, ",", pieces[i], NULL));
          g_free (prev);
        }
      else if (g_strstrip (pieces[i])[0] != '\0')
        g_ptr_array_add (pairs, g_strdup (pieces[i]));
    }
  return pairs;
}

/**
 * rl_csv_match_columns:
 * @headers: the header fields, as in the file
 * @mapping: (nullable): "field=Header,…" pairs that override the matching; an empty header
 *   leaves the field out
 * @strict: fail on a mapping that names an unknown field or a missing header (otherwise
 *   such pairs are ignored)
 *
 * Returns: %FALSE with %RL_IMPORT_ERROR_MAPPING when @strict and the mapping is wrong
 */
gboolean
rl_csv_match_columns (RlCsvKind      kind,
                      char * const  *headers,
                      guint          n_headers,
                      const char    *mapping,
                      gboolean       strict,
                      RlCsvColumns  *columns,
                      GError       **error)
{
  static const RlCsvField spill[] = {
    RL_CSV_FIELD_ADDRESS1, RL_CSV_FIELD_ADDRESS2, RL_CSV_FIELD_ADDRESS3,
  };
  g_autoptr(GPtrArray) pairs = parse_mapping (mapping);
  int ranks[RL_CSV_N_FIELDS];

  for (guint f = 0; f < RL_CSV_N_FIELDS; f++)
    {
      columns->col[f] = -1;
      ranks[f] = 0;
    }

  for (guint i = 0; i < n_headers; i++)
    {
      g_autofree char *norm = rl_csv_normalize (headers[i]);
      int rank;
      int f = lookup_header (kind, norm, &rank);

      if (f < 0)
        continue;
      /* A second "Adresse" column is the second line of the address. */
      for (guint k = 0; k + 1 < G_N_ELEMENTS (spill); k++)
        if (f == (int) spill[k] && columns->col[f] >= 0)
          f = spill[k + 1];
      if (columns->col[f] < 0 || rank < ranks[f])
        {
          columns->col[f] = i;
          ranks[f] = rank;
        }
    }

  for (guint k = 0; k < pairs->len; k++)
    {
      g_auto(GStrv) kv = g_strsplit (g_ptr_array_index (pairs, k), "=", 2);
      const char *name = g_strstrip (kv[0]);
      const char *header = kv[1] ? g_strstrip (kv[1]) : "";
      int f = field_by_name (kind, name);
      int col;

      if (f < 0)
        {
          g_autofree char *list = field_list (kind);

          if (!strict)
            continue;
          g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_MAPPING,
                       _("mapping: “%s” is not a field of %s (fields: %s)"), name,
                       rl_csv_kind_label (kind), list);
          return FALSE;
        }
      if (*header == '\0')
        {
          columns->col[f] = -1;
          continue;
        }
      col = find_header (headers, n_headers, header);
      if (col < 0)
        {
          if (!strict)
            continue;
          g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_MAPPING,
                       _("mapping: the file has no column “%s”"), header);
          return FALSE;
        }
      for (guint g = 0; g < RL_CSV_N_FIELDS; g++)
        if (columns->col[g] == col)
          columns->col[g] = -1;
      columns->col[f] = col;
    }
  return TRUE;
}

/**
 * rl_csv_kind_fields:
 * @fields: (out caller-allocates) (array fixed-size=RL_CSV_N_FIELDS): the fields
 *
 * Returns: how many fields files of @kind have, set in @fields in the order of their
 *   importance (0 for %RL_CSV_KIND_AUTO)
 */
guint
rl_csv_kind_fields (RlCsvKind   kind,
                    RlCsvField *fields)
{
  guint n;
  const FieldSpec *specs;

  g_return_val_if_fail (fields != NULL, 0);

  if (kind == RL_CSV_KIND_AUTO)
    return 0;
  specs = specs_for (kind, &n);
  for (guint i = 0; i < n; i++)
    fields[i] = specs[i].field;
  return n;
}

/**
 * rl_csv_columns_from_fields:
 * @fields: (array length=n_fields): per column of the header, its #RlCsvField or -1
 *
 * The columns chosen one by one, in place of the header matching.
 *
 * Returns: %FALSE with %RL_IMPORT_ERROR_MAPPING when @fields does not have a field for each
 *   column of the header, names a field files of @kind do not have, or one field twice
 */
gboolean
rl_csv_columns_from_fields (RlCsvKind      kind,
                            char * const  *headers,
                            guint          n_headers,
                            const int     *fields,
                            guint          n_fields,
                            RlCsvColumns  *columns,
                            GError       **error)
{
  for (guint f = 0; f < RL_CSV_N_FIELDS; f++)
    columns->col[f] = -1;
  if (n_fields != n_headers)
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_MAPPING,
                   _("mapping: %u columns chosen, the file has %u"), n_fields, n_headers);
      return FALSE;
    }
  for (guint i = 0; i < n_fields; i++)
    {
      int f = fields[i];

      if (f < 0)
        continue;
      if (f >= RL_CSV_N_FIELDS || rl_csv_field_name (kind, f) == NULL)
        {
          g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_MAPPING,
                       _("mapping: the column “%s” is taken for a field %s do not have"),
                       headers[i], rl_csv_kind_label (kind));
          return FALSE;
        }
      if (columns->col[f] >= 0)
        {
          g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_MAPPING,
                       _("mapping: “%s” is chosen for two columns, “%s” and “%s”"),
                       rl_csv_field_name (kind, f), headers[columns->col[f]], headers[i]);
          return FALSE;
        }
      columns->col[f] = i;
    }
  return TRUE;
}

/**
 * rl_csv_check_mapping_names:
 *
 * For a file of unknown kind: checks that every field the mapping names is a field of some
 * kind of file.
 *
 * Returns: %FALSE with %RL_IMPORT_ERROR_MAPPING otherwise
 */
gboolean
rl_csv_check_mapping_names (const char  *mapping,
                            GError     **error)
{
  g_autoptr(GPtrArray) pairs = parse_mapping (mapping);

  for (guint k = 0; k < pairs->len; k++)
    {
      g_auto(GStrv) kv = g_strsplit (g_ptr_array_index (pairs, k), "=", 2);
      const char *name = g_strstrip (kv[0]);

      if (field_by_name (RL_CSV_KIND_CUSTOMERS, name) < 0
          && field_by_name (RL_CSV_KIND_INVOICES, name) < 0
          && field_by_name (RL_CSV_KIND_PAYMENTS, name) < 0)
        {
          g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_MAPPING,
                       _("mapping: “%s” is not a field name"), name);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
rl_csv_field_required (RlCsvKind  kind,
                       RlCsvField field)
{
  switch (kind)
    {
    case RL_CSV_KIND_CUSTOMERS:
      return field == RL_CSV_FIELD_CODE || field == RL_CSV_FIELD_NAME;
    case RL_CSV_KIND_INVOICES:
      return field == RL_CSV_FIELD_NUMBER || field == RL_CSV_FIELD_AMOUNT
             || field == RL_CSV_FIELD_ISSUE_DATE || field == RL_CSV_FIELD_CODE
             || field == RL_CSV_FIELD_NAME;
    case RL_CSV_KIND_PAYMENTS:
      return field == RL_CSV_FIELD_DATE || field == RL_CSV_FIELD_AMOUNT;
    case RL_CSV_KIND_AUTO:
    default:
      return FALSE;
    }
}

static void
add_missing (GString    *missing,
             RlCsvKind   kind,
             RlCsvField  field,
             RlCsvField  alternative)
{
  guint n;
  const FieldSpec *specs = specs_for (kind, &n);
  const char *alt = alternative != field ? rl_csv_field_name (kind, alternative) : NULL;

  for (guint i = 0; i < n; i++)
    if (specs[i].field == field)
      {
        g_autofree char *example = g_strndup (specs[i].synonyms,
                                              strcspn (specs[i].synonyms, "|"));

        if (missing->len > 0)
          g_string_append (missing, ", ");
        if (alt != NULL)
          /* TRANSLATORS: two alternative fields of a CSV file, e.g. "customer_code or
           * customer_name" */
          g_string_append_printf (missing, _("%s or %s"), specs[i].name, alt);
        else
          g_string_append (missing, specs[i].name);
        /* TRANSLATORS: an example of a column header */
        g_string_append_printf (missing, _(" (e.g. “%s”)"), example);
      }
}

/**
 * rl_csv_check_required:
 *
 * Returns: %FALSE with %RL_IMPORT_ERROR_FORMAT naming the required columns that are missing
 */
gboolean
rl_csv_check_required (RlCsvKind            kind,
                       const RlCsvColumns  *c,
                       GError             **error)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  gboolean has_customer = c->col[RL_CSV_FIELD_CODE] >= 0 || c->col[RL_CSV_FIELD_NAME] >= 0;

  switch (kind)
    {
    case RL_CSV_KIND_CUSTOMERS:
      if (!has_customer)
        add_missing (missing, kind, RL_CSV_FIELD_CODE, RL_CSV_FIELD_NAME);
      break;
    case RL_CSV_KIND_INVOICES:
      if (c->col[RL_CSV_FIELD_NUMBER] < 0)
        add_missing (missing, kind, RL_CSV_FIELD_NUMBER, RL_CSV_FIELD_NUMBER);
      if (!has_customer)
        add_missing (missing, kind, RL_CSV_FIELD_CODE, RL_CSV_FIELD_NAME);
      if (c->col[RL_CSV_FIELD_ISSUE_DATE] < 0)
        add_missing (missing, kind, RL_CSV_FIELD_ISSUE_DATE, RL_CSV_FIELD_ISSUE_DATE);
      if (c->col[RL_CSV_FIELD_AMOUNT] < 0)
        add_missing (missing, kind, RL_CSV_FIELD_AMOUNT, RL_CSV_FIELD_AMOUNT);
      break;
    case RL_CSV_KIND_PAYMENTS:
      if (c->col[RL_CSV_FIELD_DATE] < 0)
        add_missing (missing, kind, RL_CSV_FIELD_DATE, RL_CSV_FIELD_DATE);
      if (c->col[RL_CSV_FIELD_AMOUNT] < 0)
        add_missing (missing, kind, RL_CSV_FIELD_AMOUNT, RL_CSV_FIELD_AMOUNT);
      break;
    case RL_CSV_KIND_AUTO:
    default:
      g_assert_not_reached ();
    }
  if (missing->len == 0)
    return TRUE;
  g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
               _("missing columns for %s: %s"), rl_csv_kind_label (kind), missing->str);
  return FALSE;
}

/**
 * rl_csv_detect_kind:
 *
 * Guesses from the header what a file holds: invoices have a number, a date and an amount
 * or a due date, and no column that only payments have; payments have a date and an amount,
 * and a column naming the invoice or one that only payments have, and no due date; customers
 * have a code or a name but no amount and no due date.
 *
 * Returns: the kind, or %RL_CSV_KIND_AUTO with %RL_IMPORT_ERROR_FORMAT if unsure
 */
RlCsvKind
rl_csv_detect_kind (char * const  *headers,
                    guint          n_headers,
                    const char    *mapping,
                    GError       **error)
{
  RlCsvColumns cus, inv, pay;
  guint payment_only = 0, invoice_only = 0;
  gboolean is_cus, is_inv, is_pay;

  rl_csv_match_columns (RL_CSV_KIND_CUSTOMERS, headers, n_headers, mapping, FALSE, &cus, NULL);
  rl_csv_match_columns (RL_CSV_KIND_INVOICES, headers, n_headers, mapping, FALSE, &inv, NULL);
  rl_csv_match_columns (RL_CSV_KIND_PAYMENTS, headers, n_headers, mapping, FALSE, &pay, NULL);

  /* Headers that only one of the two kinds knows, whichever column wins the field. */
  for (guint i = 0; i < n_headers; i++)
    {
      g_autofree char *norm = rl_csv_normalize (headers[i]);
      int rank;
      gboolean in_inv = lookup_header (RL_CSV_KIND_INVOICES, norm, &rank) >= 0;
      gboolean in_pay = lookup_header (RL_CSV_KIND_PAYMENTS, norm, &rank) >= 0;

      payment_only += in_pay && !in_inv;
      invoice_only += in_inv && !in_pay;
    }

  /* A number, a date and a due date are invoices too: their amount is then said missing. */
  is_inv = inv.col[RL_CSV_FIELD_NUMBER] >= 0 && inv.col[RL_CSV_FIELD_ISSUE_DATE] >= 0
           && (inv.col[RL_CSV_FIELD_AMOUNT] >= 0 || inv.col[RL_CSV_FIELD_DUE_DATE] >= 0)
           && payment_only == 0;
  is_pay = pay.col[RL_CSV_FIELD_DATE] >= 0 && pay.col[RL_CSV_FIELD_AMOUNT] >= 0
           && (pay.col[RL_CSV_FIELD_INVOICE_NUMBER] >= 0 || payment_only > 0)
           && inv.col[RL_CSV_FIELD_DUE_DATE] < 0 && invoice_only == 0;
  /* A due date is never a customer's: such a file holds invoices whose amount was not
   * recognised. */
  is_cus = (cus.col[RL_CSV_FIELD_CODE] >= 0 || cus.col[RL_CSV_FIELD_NAME] >= 0)
           && inv.col[RL_CSV_FIELD_AMOUNT] < 0 && pay.col[RL_CSV_FIELD_AMOUNT] < 0
           && inv.col[RL_CSV_FIELD_DUE_DATE] < 0;

  if (is_inv + is_pay + is_cus == 1)
    return is_inv ? RL_CSV_KIND_INVOICES : is_pay ? RL_CSV_KIND_PAYMENTS : RL_CSV_KIND_CUSTOMERS;
  if (is_inv && is_pay)
    g_set_error_literal (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                         _("the columns could be those of invoices or of payments: "
                           "choose the kind of file"));
  else
    g_set_error_literal (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                         _("cannot tell from the columns whether the file holds customers, "
                           "invoices or payments: choose the kind of file"));
  return RL_CSV_KIND_AUTO;
}

/* Values */

static gboolean
value_is (const char *text,
          const char *list)
{
  g_autofree char *norm = normalize (text, FALSE);

  return *norm != '\0' && token_in (norm, list);
}

gboolean
rl_csv_parse_bool (const char *text,
                   gboolean   *out)
{
  if (value_is (text, "oui|yes|y|o|1|true|vrai|x|fdm|fin de mois|eom|end of month"))
    *out = TRUE;
  else if (value_is (text, "non|no|n|0|false|faux|net"))
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

/* @out: 0 for a business, 1 for a consumer (RlCustomerKind) */
gboolean
rl_csv_parse_customer_kind (const char *text,
                            int        *out)
{
  if (value_is (text, "business|entreprise|professionnel|pro|b2b|societe|company|professional|"
                      "professionnelle|morale|personne morale"))
    *out = 0;
  else if (value_is (text, "consumer|particulier|b2c|individual|private|personne physique|"
                           "physique|consommateur"))
    *out = 1;
  else
    return FALSE;
  return TRUE;
}

gboolean
rl_csv_parse_doc_kind (const char *text,
                       gboolean   *credit_note)
{
  if (value_is (text, "facture|invoice|fa|f|fac|inv|fact"))
    *credit_note = FALSE;
  else if (value_is (text, "avoir|credit note|credit|av|a|cn|facture d avoir|note de credit|"
                           "creditnote|credit memo|refund|remboursement"))
    *credit_note = TRUE;
  else
    return FALSE;
  return TRUE;
}

/* Returns: "fr", "en", or %NULL if unknown */
const char *
rl_csv_parse_language (const char *text)
{
  if (value_is (text, "fr|fra|fre|francais|french|fr fr"))
    return "fr";
  if (value_is (text, "en|eng|anglais|english|en gb|en us"))
    return "en";
  return NULL;
}

/* Returns: (transfer full) (nullable): the ISO 3166 code of a country written as a code or
 *   as a usual name */
char *
rl_csv_parse_country (const char *text)
{
  static const struct { const char *code, *names; } countries[] = {
    { "FR", "france|republique francaise|fra" },
    { "BE", "belgique|belgium|bel" },
    { "CH", "suisse|switzerland|che" },
    { "LU", "luxembourg|lux" },
    { "MC", "monaco|mco" },
    { "DE", "allemagne|germany|deutschland|deu" },
    { "ES", "espagne|spain|espana|esp" },
    { "IT", "italie|italy|italia|ita" },
    { "PT", "portugal|prt" },
    { "NL", "pays bas|netherlands|nederland|holland|hollande|nld" },
    { "GB", "royaume uni|united kingdom|uk|grande bretagne|great britain|angleterre|england|gbr" },
    { "IE", "irlande|ireland|irl" },
    { "AT", "autriche|austria|aut" },
    { "US", "etats unis|united states|usa|united states of america" },
    { "CA", "canada|can" },
    { "MA", "maroc|morocco|mar" },
    { "TN", "tunisie|tunisia|tun" },
    { "DZ", "algerie|algeria|dza" },
    { "SN", "senegal|sen" },
  };
  g_autofree char *norm = normalize (text, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    if (token_in (norm, countries[i].names))
      return g_strdup (countries[i].code);
  if (strlen (norm) == 2 && g_ascii_isalpha (norm[0]) && g_ascii_isalpha (norm[1]))
    return g_ascii_strup (norm, -1);
  return NULL;
}

/**
 * rl_csv_derive_code:
 * @suffix: 0 for none, else a number added to make the code unique
 *
 * A customer code made from a name: its ASCII letters and digits in capitals, at most 12
 * characters with the suffix.
 *
 * Returns: (transfer full): the code
 */
char *
rl_csv_derive_code (const char *name,
                    guint       suffix)
{
  g_autofree char *norm = normalize (name, FALSE);
  g_autoptr(GString) code = g_string_new (NULL);
  char tail[16] = "";
  gsize max;

  if (suffix > 0)
    g_snprintf (tail, sizeof tail, "%u", suffix);
  max = 12 - MIN (strlen (tail), 11);
  for (const char *p = norm; *p != '\0' && code->len < max; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (code, g_ascii_toupper (*p));
  if (code->len == 0)
    g_string_append (code, "CUST");
  g_string_truncate (code, MIN (code->len, max));
  g_string_append (code, tail);
  return g_string_free (g_steal_pointer (&code), FALSE);
}
