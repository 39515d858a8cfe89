/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rl-camt.h"
#include "rl-csv-import.h"
#include "rl-match.h"
#include "rl-zip.h"

/* Bank statements into the book: every document is read (and checked) before the book is
 * touched; then, in one transaction, booked credits become payments matched to invoices,
 * reversals undo the payment they reverse, and entries seen before are left alone. */

typedef struct
{
  RlBook          *book;
  const char      *path;
  RlImportReport  *report;
  gint64           import_id;
} CamtImport;

/* Reads the file: one XML document, or the XML members of a zip. */
static GPtrArray *
read_documents (const char      *path,
                RlImportReport  *report,
                char             sha256[65],
                GError         **error)
{
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_camt_doc_free);
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autofree char *checksum = NULL;
  const char *data;
  gsize len;

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_IO, "%s", local_error->message);
      return NULL;
    }
  data = g_mapped_file_get_contents (mapped);
  len = g_mapped_file_get_length (mapped);
  if (data == NULL)
    data = "";
  checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  g_strlcpy (sha256, checksum, 65);

  if (!rl_zip_is_zip ((const guchar *) data, len))
    {
      RlCamtDoc *doc = rl_camt_parse (data, len, path, report, error);

      if (doc == NULL)
        return NULL;
      g_ptr_array_add (docs, doc);
      return g_steal_pointer (&docs);
    }
  members = rl_zip_read ((const guchar *) data, len, RL_CAMT_MAX_SIZE, &local_error);
  if (members == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", path,
                   local_error->message);
      return NULL;
    }
  for (guint i = 0; i < members->len; i++)
    {
      RlZipEntry *m = g_ptr_array_index (members, i);
      g_autofree char *name = NULL;
      gsize size;
      const char *bytes;
      RlCamtDoc *doc;

      if (!g_str_has_suffix (m->name, ".xml") && !g_str_has_suffix (m->name, ".XML"))
        continue;
      name = g_strdup_printf ("%s/%s", path, m->name);
      bytes = g_bytes_get_data (m->bytes, &size);
      doc = rl_camt_parse (bytes ? bytes : "", size, name, report, error);
      if (doc == NULL)
        return NULL;
      g_ptr_array_add (docs, doc);
    }
  if (docs->len == 0)
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                   _("%s: the zip file holds no XML bank statement"), path);
      return NULL;
    }
  return g_steal_pointer (&docs);
}

static gboolean
reverse (CamtImport      *ctx,
         const RlCamtTx  *t,
         GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *ref = t->structured_ref ? t->structured_ref : t->end_to_end;
  gint64 id = ref ? rl_book_find_payment_to_reverse (ctx->book, ref, t->amount, &local_error)
                  : 0;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (id == 0)
    {
      rl_import_report_add (ctx->report, ctx->path, 0, t->xpath,
                            _("a reversal of a payment that is not in the book: ignored"));
      return TRUE;
    }
  if (!rl_book_delete_payment (ctx->book, id, error))
    return FALSE;
  ctx->report->reversed++;
  return TRUE;
}

static gboolean
import_tx (CamtImport      *ctx,
           const RlCamtTx  *t,
           GError         **error)
{
  g_autoptr(RlPayment) p = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GError) local_error = NULL;
  RlMatchResult match = { 0 };
  RlImportReport *report = ctx->report;
  RlUpsertResult r;
  RlCents allocated = 0;
  gint64 seen;
  gboolean ok;

  if (!t->booked)
    return TRUE;
  if (t->reversal && !t->credit)
    return reverse (ctx, t, error);
  if (!t->credit || t->reversal)
    return TRUE;
  report->counts.rows++;
  seen = rl_book_find_payment_id (ctx->book, t->key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (seen != 0)
    {
      report->already_seen++;
      report->counts.unchanged++;
      return TRUE;
    }

  p = rl_payment_new ();
  p->key = g_strdup (t->key);
  p->date = t->date;
  p->amount = t->amount;
  p->currency = g_strdup (t->currency);
  p->method = g_strdup ("transfer");
  p->reference = g_strdup (t->structured_ref ? t->structured_ref : t->end_to_end);
  p->payer_name = g_strdup (t->debtor_name);
  p->payer_iban = g_strdup (t->debtor_iban);
  text = g_string_new (t->text);
  if (t->end_to_end != NULL)
    g_string_append_printf (text, " %s", t->end_to_end);

  ok = rl_match_payment (ctx->book, p, t->structured_ref, text->str, &match, error);
  if (ok)
    {
      p->customer_id = match.customer_id;
      ok = rl_book_upsert_payment (ctx->book, p, ctx->import_id, &r, error)
           && rl_match_apply (ctx->book, p, &match, &allocated, error);
    }
  if (ok)
    {
      report->payments++;
      report->counts.inserted++;
      report->allocated += allocated;
      if (match.invoice_ids->len == 0)
        report->unmatched++;
      else if (match.automatic)
        report->matched++;
      else
        report->pending++;
    }
  rl_match_result_clear (&match);
  return ok;
}

static gboolean
write_book (CamtImport             *ctx,
            GPtrArray              *docs,
            const char             *sha256,
            gboolean                dry_run,
            const RlImportControl  *control,
            GError                **error)
{
  guint n_tx = 0, done = 0;

  g_autofree char *basename = g_path_get_basename (ctx->path);
  gboolean ok;

  ctx->import_id = rl_import_begin (ctx->book, basename, sha256, "camt", error);
  if (ctx->import_id == 0)
    return FALSE;
  for (guint d = 0; d < docs->len; d++)
    n_tx += ((RlCamtDoc *) g_ptr_array_index (docs, d))->txs->len;
  ok = TRUE;
  for (guint d = 0; ok && d < docs->len; d++)
    {
      RlCamtDoc *doc = g_ptr_array_index (docs, d);

      for (guint i = 0; ok && i < doc->txs->len; i++)
        ok = rl_import_control_step (control, (double) done++ / MAX (n_tx, 1), error)
             && import_tx (ctx, g_ptr_array_index (doc->txs, i), error);
    }
  ok = ok && rl_import_control_step (control, 1.0, error);
  return rl_import_end (ctx->book, ok, ctx->import_id, ctx->report,
                        ctx->report->payments > 0 || ctx->report->reversed > 0, dry_run, error);
}

/**
 * rl_camt_import:
 * @path: a camt.053 or camt.054 XML file, or a zip of them
 * @options: (nullable): %NULL for the defaults
 * @out_report: (out) (optional) (transfer full): what was done, set even on failure
 *
 * Imports the booked credits of bank statements as payments, in one transaction: on failure
 * (or a dry run) the book is unchanged. Each payment is matched to invoices; sure matches are
 * allocated, the others wait for the user (rl_book_list_matches()). Importing the same
 * statement again adds nothing.
 */
gboolean
rl_camt_import (RlBook               *book,
                const char           *path,
                const RlCamtOptions  *options,
                RlImportReport      **out_report,
                GError              **error)
{
  g_autoptr(RlImportReport) report = rl_import_report_new (RL_IMPORT_FORMAT_CAMT);
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GString) detail = g_string_new (NULL);
  CamtImport ctx = { .book = book, .path = path, .report = report };
  char sha256[65] = { 0 };
  gboolean ok = FALSE;
  guint n_tx = 0;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (!rl_book_in_transaction (book), FALSE);

  docs = read_documents (path, report, sha256, error);
  if (docs != NULL)
    {
      for (guint d = 0; d < docs->len; d++)
        {
          RlCamtDoc *doc = g_ptr_array_index (docs, d);

          if (strstr (detail->str, doc->message) == NULL)
            g_string_append_printf (detail, "%s%s", detail->len ? ", " : "", doc->message);
          n_tx += doc->txs->len;
        }
      g_string_append_printf (detail, g_dngettext (GETTEXT_PACKAGE, "; %u transaction",
                                                   "; %u transactions", n_tx), n_tx);
      report->detail = g_strdup (detail->str);
      ok = write_book (&ctx, docs, sha256, options != NULL && options->dry_run,
                       options != NULL ? options->control : NULL, error);
    }
  if (out_report != NULL)
    *out_report = g_steal_pointer (&report);
  return ok;
}
