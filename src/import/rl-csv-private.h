/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdio.h>

#include "rl-csv-fields.h"
#include "rl-csv-import.h"
#include "rl-csv-reader.h"

G_BEGIN_DECLS

/* Internals shared by rl-csv-import.c (the file, the transaction, the report) and
 * rl-csv-rows.c (what each row means to the book). */

typedef enum
{
  RL_CSV_ROW_OK,
  RL_CSV_ROW_INVALID,  /* problems were added to the report */
  RL_CSV_ROW_FATAL,    /* the import must stop */
} RlCsvRowResult;

typedef struct _RlCsvCustomerEntry RlCsvCustomerEntry;

typedef struct
{
  RlBook              *book;
  const RlCsvOptions  *options;
  RlCsvReport         *report;
  const char          *path;
  RlCsvKind            kind;
  RlDecimalStyle       decimal;
  RlCsvColumns         columns;
  char               **header;          /* trimmed header fields */
  guint                n_header;
  gint64               import_id;
  char                *currency;        /* the company's */
  int                  default_terms;   /* the company's payment terms */
  gboolean             has_details;     /* invoice files: columns describing the customer */

  /* The current row. */
  guint                line;
  char               **fields;
  guint                n_fields;
  GString             *row_errors;      /* "column: why; …" for the rejects file */
  gboolean             row_invalid;
  GStringChunk        *scratch;         /* strings made for the row, cleared after it */
  GString             *buf;

  /* Customers met so far (bounded by the number of customers, not of rows). */
  GHashTable          *customers;       /* code → RlCsvCustomerEntry (owned) */
  GHashTable          *customer_names;  /* lowercase name → RlCsvCustomerEntry */
  GArray              *row_customers;   /* changes to undo if the row is rolled back */

  /* Payments: how often each key and reference occurs in the file (by 64-bit hash). */
  GHashTable          *key_counts;
  GHashTable          *ref_counts;
  GHashTable          *tuple_counts;

  /* Credit notes to apply once the invoice they credit has been read. */
  GArray              *pending_credits;
  guint                pending_mark;    /* its length when the current row began */

  FILE                *rejects;
  guint                n_problems_dropped;
} RlCsvImport;

void            _rl_csv_problem        (RlCsvImport  *ctx,
                                        int           field,
                                        const char   *format,
                                        ...) G_GNUC_PRINTF (3, 4);
const char     *_rl_csv_get            (RlCsvImport  *ctx,
                                        RlCsvField    field);
guint64         _rl_csv_hash64         (const char   *text);
guint           _rl_csv_bump           (GHashTable   *counts,
                                        guint64       hash);

/* rl-csv-rows.c */
RlCsvRowResult  _rl_csv_book_failure   (RlCsvImport  *ctx,
                                        GError       *local_error,
                                        GError      **error);
void            _rl_csv_count_result   (RlCsvImport  *ctx,
                                        RlUpsertResult result);
gboolean        _rl_csv_parse_amount   (RlCsvImport  *ctx,
                                        RlCsvField    field,
                                        gboolean      required,
                                        RlCents      *out);
void            _rl_csv_rows_init      (RlCsvImport  *ctx);
void            _rl_csv_rows_clear     (RlCsvImport  *ctx);
void            _rl_csv_rows_begin_row (RlCsvImport  *ctx);
void            _rl_csv_rows_undo_row  (RlCsvImport  *ctx);
RlCsvRowResult  _rl_csv_import_row     (RlCsvImport  *ctx,
                                        GError      **error);
gboolean        _rl_csv_apply_pending_credits (RlCsvImport *ctx,
                                        GError      **error);

/* rl-csv-customers.c */
void            _rl_csv_customers_init (RlCsvImport  *ctx);
void            _rl_csv_customers_clear (RlCsvImport *ctx);
void            _rl_csv_customers_begin_row (RlCsvImport *ctx);
void            _rl_csv_customers_undo_row (RlCsvImport *ctx);
void            _rl_csv_customer_init  (RlCustomer   *customer);
char           *_rl_csv_compact_upper  (RlCsvImport  *ctx,
                                        const char   *text);
void            _rl_csv_read_customer_details (RlCsvImport *ctx,
                                        RlCustomer   *customer,
                                        guint        *hash);
RlCsvRowResult  _rl_csv_resolve_customer (RlCsvImport *ctx,
                                        const RlCustomer *details,
                                        guint         details_hash,
                                        gboolean      required,
                                        RlCsvCustomerEntry **out,
                                        GError      **error);
gint64          _rl_csv_customer_id    (const RlCsvCustomerEntry *entry);
RlDay           _rl_csv_customer_due_date (RlCsvImport *ctx,
                                        const RlCsvCustomerEntry *entry,
                                        RlDay         issue);
RlCsvRowResult  _rl_csv_import_customer (RlCsvImport *ctx,
                                        GError      **error);

G_END_DECLS
