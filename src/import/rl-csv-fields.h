/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-csv-import.h"

G_BEGIN_DECLS

/* What a column of a CSV file means. The customer fields also appear on invoice and payment
 * files, where they describe the invoice's customer. */
typedef enum
{
  RL_CSV_FIELD_CODE,
  RL_CSV_FIELD_NAME,
  RL_CSV_FIELD_CUSTOMER_KIND,
  RL_CSV_FIELD_SIREN,
  RL_CSV_FIELD_VAT_NUMBER,
  RL_CSV_FIELD_LANGUAGE,
  RL_CSV_FIELD_EMAIL,
  RL_CSV_FIELD_PHONE,
  RL_CSV_FIELD_ADDRESS1,
  RL_CSV_FIELD_ADDRESS2,
  RL_CSV_FIELD_ADDRESS3,
  RL_CSV_FIELD_POSTCODE,
  RL_CSV_FIELD_CITY,
  RL_CSV_FIELD_COUNTRY,
  RL_CSV_FIELD_CREDIT_LIMIT,
  RL_CSV_FIELD_TERMS_DAYS,
  RL_CSV_FIELD_TERMS_EOM,
  RL_CSV_FIELD_ASSIGNED_TO,
  RL_CSV_FIELD_NOTES,
  RL_CSV_FIELD_NUMBER,
  RL_CSV_FIELD_DOC_KIND,
  RL_CSV_FIELD_ISSUE_DATE,
  RL_CSV_FIELD_DUE_DATE,
  RL_CSV_FIELD_CURRENCY,
  RL_CSV_FIELD_AMOUNT,
  RL_CSV_FIELD_PAID,
  RL_CSV_FIELD_REFERENCE,
  RL_CSV_FIELD_CREDITED_NUMBER,
  RL_CSV_FIELD_DATE,
  RL_CSV_FIELD_INVOICE_NUMBER,
  RL_CSV_FIELD_METHOD,
  RL_CSV_FIELD_PAYER_NAME,
  RL_CSV_FIELD_PAYER_IBAN,
  RL_CSV_FIELD_KEY,
  RL_CSV_N_FIELDS
} RlCsvField;

/* Which column holds each field: col[field] is a column index or -1. */
typedef struct
{
  int col[RL_CSV_N_FIELDS];
} RlCsvColumns;

char        *rl_csv_normalize        (const char          *text);
const char  *rl_csv_field_name       (RlCsvKind            kind,
                                      RlCsvField           field);
gboolean     rl_csv_match_columns    (RlCsvKind            kind,
                                      char * const        *headers,
                                      guint                n_headers,
                                      const char          *mapping,
                                      gboolean             strict,
                                      RlCsvColumns        *columns,
                                      GError             **error);
gboolean     rl_csv_columns_from_fields (RlCsvKind          kind,
                                      char * const        *headers,
                                      guint                n_headers,
                                      const int           *fields,
                                      guint                n_fields,
                                      RlCsvColumns        *columns,
                                      GError             **error);
guint        rl_csv_kind_fields      (RlCsvKind            kind,
                                      RlCsvField          *fields);
gboolean     rl_csv_check_mapping_names (const char     *mapping,
                                      GError             **error);
RlCsvKind    rl_csv_detect_kind      (char * const        *headers,
                                      guint                n_headers,
                                      const char          *mapping,
                                      GError             **error);
gboolean     rl_csv_check_required   (RlCsvKind            kind,
                                      const RlCsvColumns  *columns,
                                      GError             **error);
gboolean     rl_csv_field_required   (RlCsvKind            kind,
                                      RlCsvField           field);

/* Values */
gboolean     rl_csv_parse_bool       (const char          *text,
                                      gboolean            *out);
gboolean     rl_csv_parse_customer_kind (const char       *text,
                                      int                 *out);
gboolean     rl_csv_parse_doc_kind   (const char          *text,
                                      gboolean            *credit_note);
const char  *rl_csv_parse_language  (const char          *text);
char        *rl_csv_parse_country    (const char          *text);
char        *rl_csv_derive_code      (const char          *name,
                                      guint                suffix);

G_END_DECLS
