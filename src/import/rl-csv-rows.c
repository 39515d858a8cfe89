/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-import"

#include "config.h"

#include "rl-csv-private.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "rl-error.h"

/* What an invoice or a payment row means to the book. */

typedef struct
{
  gint64  credit_id;
  char   *credited_number;
} PendingCredit;

static void
pending_credit_clear (gpointer data)
{
  PendingCredit *p = data;

  g_free (p->credited_number);
}

void
_rl_csv_rows_init (RlCsvImport *ctx)
{
  _rl_csv_customers_init (ctx);
  ctx->pending_credits = g_array_new (FALSE, FALSE, sizeof (PendingCredit));
  g_array_set_clear_func (ctx->pending_credits, pending_credit_clear);
  ctx->scratch = g_string_chunk_new (256);
  ctx->buf = g_string_new (NULL);
}

void
_rl_csv_rows_clear (RlCsvImport *ctx)
{
  _rl_csv_customers_clear (ctx);
  g_clear_pointer (&ctx->pending_credits, g_array_unref);
  g_clear_pointer (&ctx->scratch, g_string_chunk_free);
  if (ctx->buf != NULL)
    g_string_free (g_steal_pointer (&ctx->buf), TRUE);
}

void
_rl_csv_rows_begin_row (RlCsvImport *ctx)
{
  _rl_csv_customers_begin_row (ctx);
  ctx->pending_mark = ctx->pending_credits->len;
  g_string_chunk_clear (ctx->scratch);
}

/* The row was rolled back: forget what it left in memory. */
void
_rl_csv_rows_undo_row (RlCsvImport *ctx)
{
  _rl_csv_customers_undo_row (ctx);
  if (ctx->pending_credits->len > ctx->pending_mark)
    g_array_set_size (ctx->pending_credits, ctx->pending_mark);
}

/* Book errors about the data make the row invalid; others stop the import. */
RlCsvRowResult
_rl_csv_book_failure (RlCsvImport  *ctx,
                      GError       *local_error,
                      GError      **error)
{
  if (g_error_matches (local_error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID)
      || g_error_matches (local_error, RL_BOOK_ERROR, RL_BOOK_ERROR_CONSTRAINT)
      || g_error_matches (local_error, RL_BOOK_ERROR, RL_BOOK_ERROR_NOT_FOUND))
    {
      _rl_csv_problem (ctx, -1, "%s", local_error->message);
      g_error_free (local_error);
      return RL_CSV_ROW_INVALID;
    }
  g_propagate_error (error, local_error);
  return RL_CSV_ROW_FATAL;
}

void
_rl_csv_count_result (RlCsvImport    *ctx,
                      RlUpsertResult  result)
{
  switch (result)
    {
    case RL_UPSERT_INSERTED:
      ctx->report->counts.inserted++;
      break;
    case RL_UPSERT_UPDATED:
      ctx->report->counts.updated++;
      break;
    case RL_UPSERT_UNCHANGED:
    default:
      ctx->report->counts.unchanged++;
      break;
    }
}

/* Values */

static gboolean
parse_day (RlCsvImport *ctx,
           RlCsvField   field,
           gboolean     required,
           RlDay       *out)
{
  g_autoptr(GError) local_error = NULL;
  const char *v = _rl_csv_get (ctx, field);

  *out = RL_DAY_NONE;
  if (v == NULL)
    {
      if (required)
        _rl_csv_problem (ctx, field, _("no date"));
      return !required;
    }
  if (!rl_day_parse (v, ctx->options->date_order, out, &local_error))
    {
      _rl_csv_problem (ctx, field, "%s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
_rl_csv_parse_amount (RlCsvImport *ctx,
                      RlCsvField   field,
                      gboolean     required,
                      RlCents     *out)
{
  g_autoptr(GError) local_error = NULL;
  const char *v = _rl_csv_get (ctx, field);

  *out = 0;
  if (v == NULL)
    {
      if (required)
        _rl_csv_problem (ctx, field, _("no amount"));
      return !required;
    }
  if (!rl_money_parse (v, ctx->decimal, out, &local_error))
    {
      _rl_csv_problem (ctx, field, "%s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

static const char *
parse_currency (RlCsvImport *ctx)
{
  const char *v = _rl_csv_get (ctx, RL_CSV_FIELD_CURRENCY);
  char code[4];

  if (v == NULL)
    return ctx->currency;
  if (strcmp (v, "€") == 0)
    return "EUR";
  if (strcmp (v, "$") == 0)
    return "USD";
  if (strcmp (v, "£") == 0)
    return "GBP";
  if (strlen (v) != 3 || !g_ascii_isalpha (v[0]) || !g_ascii_isalpha (v[1])
      || !g_ascii_isalpha (v[2]))
    {
      _rl_csv_problem (ctx, RL_CSV_FIELD_CURRENCY, _("“%s” is not a currency code (EUR, USD…)"),
                       v);
      return NULL;
    }
  for (guint i = 0; i < 3; i++)
    code[i] = g_ascii_toupper (v[i]);
  code[3] = '\0';
  return g_string_chunk_insert_const (ctx->scratch, code);
}

/* Applies what is left of a credit note to the invoice it credits, if that invoice is an open
 * one of the same customer. With @defer, an invoice not in the book yet is looked for again
 * at the end of the file. */
static RlCsvRowResult
apply_credit (RlCsvImport  *ctx,
              gint64        credit_id,
              const char   *number,
              gboolean      defer,
              GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RlInvoice) credit = NULL;
  g_autoptr(RlInvoice) inv = NULL;
  RlCents left, part;

  credit = rl_book_get_invoice (ctx->book, credit_id, &local_error);
  if (credit == NULL)
    return _rl_csv_book_failure (ctx, g_steal_pointer (&local_error), error);
  left = credit->amount - credit->paid;
  if (left <= 0)
    return RL_CSV_ROW_OK;
  inv = rl_book_find_invoice (ctx->book, number, &local_error);
  if (local_error != NULL)
    return _rl_csv_book_failure (ctx, g_steal_pointer (&local_error), error);
  if (inv == NULL)
    {
      if (defer)
        {
          PendingCredit p = { credit_id, g_strdup (number) };

          g_array_append_val (ctx->pending_credits, p);
        }
      return RL_CSV_ROW_OK;
    }
  if (inv->customer_id != credit->customer_id || inv->kind != RL_INVOICE_KIND_INVOICE
      || inv->cancelled || g_strcmp0 (inv->currency, credit->currency) != 0
      || inv->paid >= inv->amount)
    return RL_CSV_ROW_OK;
  part = MIN (left, inv->amount - inv->paid);
  if (!rl_book_allocate (ctx->book, 0, credit_id, inv->id, part, credit->issue_date,
                         &local_error))
    return _rl_csv_book_failure (ctx, g_steal_pointer (&local_error), error);
  return RL_CSV_ROW_OK;
}

gboolean
_rl_csv_apply_pending_credits (RlCsvImport  *ctx,
                               GError      **error)
{
  for (guint i = 0; i < ctx->pending_credits->len; i++)
    {
      PendingCredit *p = &g_array_index (ctx->pending_credits, PendingCredit, i);

      if (apply_credit (ctx, p->credit_id, p->credited_number, FALSE, error) == RL_CSV_ROW_FATAL)
        return FALSE;
    }
  return TRUE;
}

/* The "paid" column: a payment keyed by the invoice number, allocated to it. */
static RlCsvRowResult
record_paid (RlCsvImport     *ctx,
             const RlInvoice *inv,
             RlCents          paid,
             RlUpsertResult  *result,
             GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  RlPayment p = { 0 };

  g_string_printf (ctx->buf, "csv-paid:%s", inv->number);
  p.key = ctx->buf->str;
  p.customer_id = inv->customer_id;
  p.date = inv->issue_date;
  p.amount = paid;
  p.currency = inv->currency;
  p.invoice_number = inv->number;
  if (!rl_book_upsert_payment (ctx->book, &p, ctx->import_id, result, &local_error)
      || !rl_book_allocate_payment (ctx->book, p.id, RL_ALLOCATE_NAMED_ONLY, NULL, &local_error))
    return _rl_csv_book_failure (ctx, g_steal_pointer (&local_error), error);
  return RL_CSV_ROW_OK;
}

static RlCsvRowResult
import_invoice (RlCsvImport  *ctx,
                GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  RlInvoice inv = { 0 };
  RlCustomer details;
  RlCsvCustomerEntry *e = NULL;
  RlCents amount, paid = 0;
  gboolean credit = FALSE, kind_given = FALSE;
  RlUpsertResult result, paid_result = RL_UPSERT_UNCHANGED;
  RlCsvRowResult r;
  guint hash = 0;
  const char *v;

  inv.number = (char *) _rl_csv_get (ctx, RL_CSV_FIELD_NUMBER);
  if (inv.number == NULL)
    _rl_csv_problem (ctx, RL_CSV_FIELD_NUMBER, _("no invoice number"));
  parse_day (ctx, RL_CSV_FIELD_ISSUE_DATE, TRUE, &inv.issue_date);
  parse_day (ctx, RL_CSV_FIELD_DUE_DATE, FALSE, &inv.due_date);
  if ((v = _rl_csv_get (ctx, RL_CSV_FIELD_DOC_KIND)) != NULL)
    {
      kind_given = rl_csv_parse_doc_kind (v, &credit);
      if (!kind_given)
        _rl_csv_problem (ctx, RL_CSV_FIELD_DOC_KIND,
                         _("“%s” is neither an invoice nor a credit note"), v);
    }
  if (_rl_csv_parse_amount (ctx, RL_CSV_FIELD_AMOUNT, TRUE, &amount) && amount < 0)
    {
      if (kind_given && !credit)
        _rl_csv_problem (ctx, RL_CSV_FIELD_AMOUNT,
                         _("an invoice cannot have a negative amount (is it a credit note?)"));
      credit = TRUE;
      amount = -amount;
    }
  if (_rl_csv_parse_amount (ctx, RL_CSV_FIELD_PAID, FALSE, &paid) && paid < 0)
    _rl_csv_problem (ctx, RL_CSV_FIELD_PAID, _("the amount paid cannot be negative"));
  inv.currency = (char *) parse_currency (ctx);
  inv.reference = (char *) _rl_csv_get (ctx, RL_CSV_FIELD_REFERENCE);
  inv.credited_number = (char *) _rl_csv_get (ctx, RL_CSV_FIELD_CREDITED_NUMBER);
  _rl_csv_customer_init (&details);
  if (ctx->has_details)
    _rl_csv_read_customer_details (ctx, &details, &hash);
  if (ctx->row_invalid)
    return RL_CSV_ROW_INVALID;

  r = _rl_csv_resolve_customer (ctx, &details, hash, TRUE, &e, error);
  if (r != RL_CSV_ROW_OK)
    return r;

  inv.customer_id = _rl_csv_customer_id (e);
  inv.kind = credit ? RL_INVOICE_KIND_CREDIT_NOTE : RL_INVOICE_KIND_INVOICE;
  inv.amount = amount;
  if (inv.due_date == RL_DAY_NONE)
    inv.due_date = _rl_csv_customer_due_date (ctx, e, inv.issue_date);
  else if (inv.due_date < inv.issue_date)
    {
      char due[11], issue[11];

      rl_day_to_iso_buf (inv.due_date, due);
      rl_day_to_iso_buf (inv.issue_date, issue);
      _rl_csv_problem (ctx, RL_CSV_FIELD_DUE_DATE, _("due on %s, before it was issued on %s"),
                       due, issue);
      return RL_CSV_ROW_INVALID;
    }

  if (!rl_book_upsert_invoice (ctx->book, &inv, ctx->import_id, &result, &local_error))
    return _rl_csv_book_failure (ctx, g_steal_pointer (&local_error), error);
  if (credit && inv.credited_number != NULL)
    r = apply_credit (ctx, inv.id, inv.credited_number, TRUE, error);
  else if (!credit && paid > 0)
    r = record_paid (ctx, &inv, paid, &paid_result, error);
  if (r != RL_CSV_ROW_OK)
    return r;
  if (result == RL_UPSERT_UNCHANGED && paid_result != RL_UPSERT_UNCHANGED)
    result = RL_UPSERT_UPDATED;
  _rl_csv_count_result (ctx, result);
  return RL_CSV_ROW_OK;
}

/* Payments */

static gboolean
unique_in_file (GHashTable *counts,
                const char *value)
{
  gpointer key = GSIZE_TO_POINTER ((gsize) _rl_csv_hash64 (value));

  return counts != NULL && GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) == 1;
}

/* A payment's identity across imports: its id column, else its reference if no other payment
 * of the file has it, else its customer, date, amount, invoice and reference with the
 * number of times the same five came before in the file. */
static const char *
payment_key (RlCsvImport     *ctx,
             const RlPayment *p)
{
  const char *key = _rl_csv_get (ctx, RL_CSV_FIELD_KEY);
  const char *customer = _rl_csv_get (ctx, RL_CSV_FIELD_CODE);
  g_autofree char *digest = NULL;
  char day[11];
  guint n;

  if (key != NULL && unique_in_file (ctx->key_counts, key))
    g_string_printf (ctx->buf, "csv:id:%s", key);
  else if (p->reference != NULL && unique_in_file (ctx->ref_counts, p->reference))
    g_string_printf (ctx->buf, "csv:ref:%s", p->reference);
  else
    {
      if (customer == NULL)
        customer = _rl_csv_get (ctx, RL_CSV_FIELD_NAME);
      rl_day_to_iso_buf (p->date, day);
      g_string_printf (ctx->buf, "%s\x1f%s\x1f%" G_GINT64_FORMAT "\x1f%s\x1f%s",
                       customer ? customer : "", day, p->amount,
                       p->invoice_number ? p->invoice_number : "",
                       p->reference ? p->reference : "");
      n = _rl_csv_bump (ctx->tuple_counts, _rl_csv_hash64 (ctx->buf->str));
      digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, ctx->buf->str, ctx->buf->len);
      g_string_printf (ctx->buf, "csv:%s:%" G_GINT64_FORMAT ":%.16s:%u", day, p->amount,
                       digest, n);
    }
  return ctx->buf->str;
}

static RlCsvRowResult
import_payment (RlCsvImport  *ctx,
                GError      **error)
{
  static const RlCustomer no_details = {
    .kind = RL_CUSTOMER_KIND_UNSET, .payment_terms_days = -1, .terms_end_of_month = -1,
  };
  g_autoptr(GError) local_error = NULL;
  RlPayment p = { 0 };
  RlCsvCustomerEntry *e = NULL;
  RlUpsertResult result;
  RlCsvRowResult r;
  RlCents allocated = 0;
  const char *v;

  parse_day (ctx, RL_CSV_FIELD_DATE, TRUE, &p.date);
  if (_rl_csv_parse_amount (ctx, RL_CSV_FIELD_AMOUNT, TRUE, &p.amount) && p.amount <= 0)
    _rl_csv_problem (ctx, RL_CSV_FIELD_AMOUNT, p.amount < 0
                     ? _("a payment cannot be negative (a refund is not a payment)")
                     : _("a payment of zero"));
  p.currency = (char *) parse_currency (ctx);
  p.invoice_number = (char *) _rl_csv_get (ctx, RL_CSV_FIELD_INVOICE_NUMBER);
  p.reference = (char *) _rl_csv_get (ctx, RL_CSV_FIELD_REFERENCE);
  p.method = (char *) _rl_csv_get (ctx, RL_CSV_FIELD_METHOD);
  p.payer_name = (char *) _rl_csv_get (ctx, RL_CSV_FIELD_PAYER_NAME);
  if ((v = _rl_csv_get (ctx, RL_CSV_FIELD_PAYER_IBAN)) != NULL)
    p.payer_iban = _rl_csv_compact_upper (ctx, v);
  if (ctx->row_invalid)
    return RL_CSV_ROW_INVALID;

  r = _rl_csv_resolve_customer (ctx, &no_details, 0, FALSE, &e, error);
  if (r != RL_CSV_ROW_OK)
    return r;
  p.customer_id = e != NULL ? _rl_csv_customer_id (e) : 0;
  p.key = (char *) payment_key (ctx, &p);

  if (!rl_book_upsert_payment (ctx->book, &p, ctx->import_id, &result, &local_error)
      || !rl_book_allocate_payment (ctx->book, p.id, ctx->options->allocate, &allocated,
                                    &local_error))
    return _rl_csv_book_failure (ctx, g_steal_pointer (&local_error), error);
  ctx->report->allocated += allocated;
  _rl_csv_count_result (ctx, result);
  return RL_CSV_ROW_OK;
}

/**
 * _rl_csv_import_row:
 *
 * Writes the current row to the book. On %RL_CSV_ROW_INVALID the row's problems are in the
 * report, and the book may hold part of the row: the caller rolls it back.
 */
RlCsvRowResult
_rl_csv_import_row (RlCsvImport  *ctx,
                    GError      **error)
{
  switch (ctx->kind)
    {
    case RL_CSV_KIND_CUSTOMERS:
      return _rl_csv_import_customer (ctx, error);
    case RL_CSV_KIND_INVOICES:
      return import_invoice (ctx, error);
    case RL_CSV_KIND_PAYMENTS:
      return import_payment (ctx, error);
    case RL_CSV_KIND_AUTO:
    default:
      g_assert_not_reached ();
    }
  return RL_CSV_ROW_FATAL;
}
