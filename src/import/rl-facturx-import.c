/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rl-book-matches.h"
#include "rl-csv-import.h"
#include "rl-facturx.h"

/* Factur-X invoices into the book: a PDF, its XML alone, or a folder of them, in one
 * transaction. Every file is read first; any bad file leaves the book unchanged. */

typedef struct
{
  RlBook          *book;
  RlImportReport  *report;
  gint64           import_id;
  int              default_terms;
} Import;

/* Reads one file: a PDF (its attached XML) or the XML itself. */
static RlFacturx *
read_one (const char      *path,
          RlImportReport  *report,
          GError         **error)
{
  g_autoptr(GBytes) xml = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autofree char *attachment = NULL;
  g_autofree char *name = NULL;
  const char *data;
  gsize len;

  mapped = g_mapped_file_new (path, FALSE, error);
  if (mapped == NULL)
    return NULL;
  data = g_mapped_file_get_contents (mapped);
  len = g_mapped_file_get_length (mapped);
  if (len >= 5 && memcmp (data, "%PDF-", 5) == 0)
    {
      xml = rl_facturx_extract_xml (path, &attachment, error);
      if (xml == NULL)
        return NULL;
      name = g_strdup_printf ("%s/%s", path, attachment);
    }
  else
    {
      xml = g_mapped_file_get_bytes (mapped);
      name = g_strdup (path);
    }
  data = g_bytes_get_data (xml, &len);
  return rl_facturx_parse_xml (data ? data : "", len, name, report, error);
}

/* The files to read: @path itself, or the PDF and XML files of a folder, by name. */
static GPtrArray *
list_files (const char  *path,
            GError     **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (files, g_strdup (path));
      return g_steal_pointer (&files);
    }
  dir = g_dir_open (path, 0, error);
  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (name, -1);

      if (g_str_has_suffix (lower, ".pdf") || g_str_has_suffix (lower, ".xml"))
        g_ptr_array_add (files, g_build_filename (path, name, NULL));
    }
  g_ptr_array_sort (files, (GCompareFunc) g_strcmp0);
  if (files->len == 0)
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                   _("%s: no PDF or XML invoice in this folder"), path);
      return NULL;
    }
  return g_steal_pointer (&files);
}

/* A code for a new customer: its SIREN, else its name in capitals, made unique. */
static char *
new_code (RlBook          *book,
          const RlFacturx *inv)
{
  g_autofree char *base = NULL;

  if (inv->buyer_siren != NULL)
    base = g_strdup (inv->buyer_siren);
  else
    {
      g_autofree char *ascii = g_str_to_ascii (inv->buyer_name, "C");
      GString *s = g_string_new (NULL);

      for (const char *c = ascii; *c != '\0' && s->len < 12; c++)
        if (g_ascii_isalnum (*c))
          g_string_append_c (s, g_ascii_toupper (*c));
      base = g_string_free (s, FALSE);
      if (*base == '\0')
        {
          g_free (base);
          base = g_strdup ("CLIENT");
        }
    }
  for (guint n = 1;; n++)
    {
      g_autofree char *code = n == 1 ? g_strdup (base) : g_strdup_printf ("%s-%u", base, n);
      g_autoptr(RlCustomer) c = rl_book_find_customer (book, code, NULL);

      if (c == NULL)
        return g_steal_pointer (&code);
    }
}

/* The buyer: by SIREN, then by name, else a new customer. */
static RlCustomer *
buyer (Import           *ctx,
       const RlFacturx  *inv,
       GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RlCustomer) c = NULL;
  gint64 id = 0;
  RlUpsertResult r;

  if (inv->buyer_siren != NULL)
    id = rl_book_find_customer_by_siren (ctx->book, inv->buyer_siren, &local_error);
  if (id != 0)
    return rl_book_get_customer (ctx->book, id, error);
  if (local_error == NULL && inv->buyer_name != NULL)
    c = rl_book_find_customer_by_name (ctx->book, inv->buyer_name, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (c != NULL)
    return g_steal_pointer (&c);
  c = rl_customer_new ();
  c->code = new_code (ctx->book, inv);
  c->name = g_strdup (inv->buyer_name ? inv->buyer_name : inv->buyer_siren);
  c->siren = g_strdup (inv->buyer_siren);
  c->kind = RL_CUSTOMER_BUSINESS;
  if (!rl_book_upsert_customer (ctx->book, c, ctx->import_id, &r, error))
    return NULL;
  ctx->report->counts.customers_created++;
  return rl_book_get_customer (ctx->book, c->id, error);
}

static void
count (Import         *ctx,
       RlUpsertResult  r)
{
  if (r == RL_UPSERT_INSERTED)
    ctx->report->counts.inserted++;
  else if (r == RL_UPSERT_UPDATED)
    ctx->report->counts.updated++;
  else
    ctx->report->counts.unchanged++;
}

/* What was paid in advance becomes a payment allocated to the invoice; a credit note that
 * names its invoice is applied to it. */
static gboolean
settle (Import           *ctx,
        const RlFacturx  *fx,
        const RlInvoice  *inv,
        GError          **error)
{
  if (!fx->credit_note && fx->prepaid > 0)
    {
      g_autoptr(RlPayment) p = rl_payment_new ();
      RlUpsertResult r;

      p->key = g_strdup_printf ("facturx:%s:prepaid", fx->number);
      p->customer_id = inv->customer_id;
      p->date = inv->issue_date;
      p->amount = fx->prepaid;
      p->currency = g_strdup (inv->currency);
      p->invoice_number = g_strdup (inv->number);
      p->method = g_strdup ("prepaid");
      if (!rl_book_upsert_payment (ctx->book, p, ctx->import_id, &r, error)
          || !rl_book_clear_allocations (ctx->book, p->id, error)
          || !rl_book_allocate_payment (ctx->book, p->id, RL_ALLOCATE_NAMED_ONLY, NULL, error))
        return FALSE;
    }
  if (fx->credit_note && fx->credited_number != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(RlInvoice) target = rl_book_find_invoice (ctx->book, fx->credited_number,
                                                          &local_error);
      g_autoptr(RlInvoice) credit = NULL;

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (!rl_book_clear_credit_allocations (ctx->book, inv->id, error))
        return FALSE;
      credit = rl_book_get_invoice (ctx->book, inv->id, error);
      if (credit == NULL)
        return FALSE;
      if (target != NULL && target->kind == RL_INVOICE_KIND_INVOICE && !target->cancelled
          && target->customer_id == inv->customer_id && target->paid < target->amount
          && g_strcmp0 (target->currency, inv->currency) == 0)
        {
          RlCents part = MIN (credit->amount - credit->paid, target->amount - target->paid);

          if (part > 0 && !rl_book_allocate (ctx->book, 0, inv->id, target->id, part,
                                             inv->issue_date, error))
            return FALSE;
          ctx->report->allocated += part;
        }
    }
  return TRUE;
}

static gboolean
import_invoice (Import           *ctx,
                const RlFacturx  *fx,
                GError          **error)
{
  g_autoptr(RlCustomer) c = buyer (ctx, fx, error);
  g_autoptr(RlInvoice) inv = NULL;
  RlUpsertResult r;
  int terms;

  if (c == NULL)
    return FALSE;
  inv = rl_invoice_new ();
  inv->number = g_strdup (fx->number);
  inv->customer_id = c->id;
  inv->kind = fx->credit_note ? RL_INVOICE_KIND_CREDIT_NOTE : RL_INVOICE_KIND_INVOICE;
  inv->issue_date = fx->issue_date;
  terms = c->payment_terms_days >= 0 ? c->payment_terms_days : ctx->default_terms;
  inv->due_date = fx->due_date;
  if (inv->due_date == RL_DAY_NONE || inv->due_date < inv->issue_date)
    {
      inv->due_date = inv->issue_date + MAX (terms, 0);
      if (c->terms_end_of_month > 0)
        inv->due_date = rl_day_end_of_month (inv->due_date);
    }
  inv->currency = g_strdup (fx->currency);
  inv->amount = fx->grand_total;
  inv->reference = g_strdup (fx->payment_reference);
  inv->credited_number = g_strdup (fx->credited_number);
  if (!rl_book_upsert_invoice (ctx->book, inv, ctx->import_id, &r, error))
    return FALSE;
  count (ctx, r);
  if (fx->credit_note)
    ctx->report->credit_notes++;
  else
    ctx->report->invoices++;
  if (!settle (ctx, fx, inv, error))
    return FALSE;
  return TRUE;
}

static gboolean
write_book (Import                 *ctx,
            const char             *path,
            GPtrArray              *invoices,
            gboolean                dry_run,
            const RlImportControl  *control,
            GError                **error)
{
  g_autoptr(RlCompany) company = rl_book_get_company (ctx->book, error);
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *checksum = NULL;
  g_autoptr(GString) numbers = g_string_new (NULL);
  gboolean ok;

  if (company == NULL)
    return FALSE;
  ctx->default_terms = company->payment_terms_days;
  for (guint i = 0; i < invoices->len; i++)
    {
      RlFacturx *fx = g_ptr_array_index (invoices, i);

      g_string_append_printf (numbers, "%s\n", fx->number);
    }
  checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, numbers->str, -1);

  ctx->import_id = rl_import_begin (ctx->book, basename, checksum, "factur-x", error);
  if (ctx->import_id == 0)
    return FALSE;
  ok = TRUE;
  for (guint i = 0; ok && i < invoices->len; i++)
    {
      ctx->report->counts.rows++;
      ok = rl_import_control_step (control, (double) i / invoices->len, error)
           && import_invoice (ctx, g_ptr_array_index (invoices, i), error);
    }
  ok = ok && rl_import_control_step (control, 1.0, error);
  return rl_import_end (ctx->book, ok, ctx->import_id, ctx->report, TRUE, dry_run, error);
}

/**
 * rl_facturx_import:
 * @path: a Factur-X PDF, its XML, or a folder of them
 * @out_report: (out) (optional) (transfer full): what was done, set even on failure
 *
 * Imports Factur-X invoices and credit notes, their buyers matched to customers by SIREN,
 * then by name (else created). All or nothing: a file that is not a Factur-X invoice is
 * listed in the report's problems and the book is left unchanged.
 */
gboolean
rl_facturx_import (RlBook                  *book,
                   const char              *path,
                   const RlFacturxOptions  *options,
                   RlImportReport         **out_report,
                   GError                 **error)
{
  g_autoptr(RlImportReport) report = rl_import_report_new (RL_IMPORT_FORMAT_FACTURX);
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) invoices = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_facturx_free);
  g_autoptr(GString) profiles = g_string_new (NULL);
  Import ctx = { .book = book, .report = report };
  guint n_bad = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (!rl_book_in_transaction (book), FALSE);

  files = list_files (path, error);
  for (guint i = 0; files != NULL && i < files->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      const char *file = g_ptr_array_index (files, i);
      RlFacturx *fx = read_one (file, report, &local_error);

      if (fx == NULL)
        {
          n_bad++;
          if (files->len == 1)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              break;
            }
          /* In a folder, each bad file is a problem of its own. */
          if (!g_error_matches (local_error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_INVALID_ROWS))
            rl_import_report_add (report, NULL, 0, NULL, local_error->message);
          continue;
        }
      if (fx->profile && strstr (profiles->str, fx->profile) == NULL)
        g_string_append_printf (profiles, "%s%s", profiles->len ? ", " : "", fx->profile);
      g_ptr_array_add (invoices, fx);
    }
  if (files != NULL && n_bad > 0 && files->len > 1)
    g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_INVALID_ROWS,
                 g_dngettext (GETTEXT_PACKAGE, "%s: %u file is not a Factur-X invoice",
                              "%s: %u files are not Factur-X invoices", n_bad), path, n_bad);
  if (files != NULL && n_bad == 0)
    {
      report->detail = g_strdup_printf ("%s", profiles->str);
      ok = write_book (&ctx, path, invoices, options != NULL && options->dry_run,
                       options != NULL ? options->control : NULL, error);
    }
  if (out_report != NULL)
    *out_report = g_steal_pointer (&report);
  return ok;
}
