/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-import"

#include "config.h"

#include "rl-fec.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rl-book-matches.h"
#include "rl-fec-private.h"

/* FEC import (DOMAIN.md §3). The file is read once, whole, before the book is touched: every
 * line on a receivable account is kept (the others are only checked for length), so a bad line
 * leaves the book unchanged and memory grows with the receivable lines only. Then, in one
 * transaction: customers (CompAuxNum), invoices (debits), credit notes (credits of a sales
 * journal), payments (the other credits), and the lettering turned into allocations. */

void
rl_fec_options_init (RlFecOptions *options)
{
  g_return_if_fail (options != NULL);
  memset (options, 0, sizeof *options);
}

typedef struct
{
  gint64  id;
  int     terms_days;    /* -1: the company's */
  gboolean end_of_month;
} CustomerEntry;

typedef struct
{
  RlBook             *book;
  const char         *path;
  RlImportReport     *report;
  RlFecFile           file;
  GHashTable         *customers;   /* code → CustomerEntry */
  char               *currency;
  int                 default_terms;
  gint64              import_id;
} FecImport;

static RlUpsertResult
count_upsert (FecImport      *ctx,
              RlUpsertResult  r)
{
  RlImportCounts *c = &ctx->report->counts;

  if (r == RL_UPSERT_INSERTED)
    c->inserted++;
  else if (r == RL_UPSERT_UPDATED)
    c->updated++;
  else
    c->unchanged++;
  return r;
}

static gboolean
import_customers (FecImport  *ctx,
                  GError    **error)
{
  for (guint i = 0; i < ctx->file.lines->len; i++)
    {
      const RlFecLine *l = &g_array_index (ctx->file.lines, RlFecLine, i);
      g_autoptr(RlCustomer) c = NULL;
      g_autoptr(RlCustomer) stored = NULL;
      CustomerEntry *e;
      RlUpsertResult r;

      if (g_hash_table_contains (ctx->customers, l->customer_code))
        continue;
      c = rl_customer_new ();
      c->code = g_strdup (l->customer_code);
      c->name = g_strdup (l->customer_name);
      if (!rl_book_upsert_customer (ctx->book, c, ctx->import_id, &r, error))
        return FALSE;
      if (r == RL_UPSERT_INSERTED)
        ctx->report->counts.customers_created++;
      stored = rl_book_get_customer (ctx->book, c->id, error);
      if (stored == NULL)
        return FALSE;
      e = g_new0 (CustomerEntry, 1);
      e->id = stored->id;
      e->terms_days = stored->payment_terms_days;
      e->end_of_month = stored->terms_end_of_month > 0;
      g_hash_table_insert (ctx->customers, (gpointer) l->customer_code, e);
    }
  ctx->report->customers = g_hash_table_size (ctx->customers);
  return TRUE;
}

static gboolean
import_documents (FecImport  *ctx,
                  GError    **error)
{
  RlImportReport *report = ctx->report;

  for (guint i = 0; i < ctx->file.lines->len; i++)
    {
      RlFecLine *l = &g_array_index (ctx->file.lines, RlFecLine, i);
      CustomerEntry *e = g_hash_table_lookup (ctx->customers, l->customer_code);
      RlUpsertResult r;

      if (l->kind == RL_FEC_PAYMENT)
        {
          g_autoptr(RlPayment) p = rl_payment_new ();

          p->key = g_strdup (l->key);
          p->customer_id = e->id;
          p->date = l->date;
          p->amount = -l->amount;
          p->currency = g_strdup (ctx->currency);
          p->reference = g_strdup (l->label);
          p->payer_name = g_strdup (l->customer_name);
          if (!rl_book_upsert_payment (ctx->book, p, ctx->import_id, &r, error))
            return FALSE;
          count_upsert (ctx, r);
          l->id = p->id;
          report->payments++;
        }
      else
        {
          g_autoptr(RlInvoice) inv = rl_invoice_new ();
          int terms = e->terms_days >= 0 ? e->terms_days : ctx->default_terms;

          inv->number = g_strdup (l->key);
          inv->customer_id = e->id;
          inv->kind = l->kind == RL_FEC_CREDIT_NOTE ? RL_INVOICE_KIND_CREDIT_NOTE
                                                    : RL_INVOICE_KIND_INVOICE;
          inv->issue_date = l->date;
          inv->due_date = l->date + MAX (terms, 0);
          if (e->end_of_month)
            inv->due_date = rl_day_end_of_month (inv->due_date);
          inv->currency = g_strdup (ctx->currency);
          inv->amount = l->amount < 0 ? -l->amount : l->amount;
          if (!rl_book_upsert_invoice (ctx->book, inv, ctx->import_id, &r, error))
            return FALSE;
          count_upsert (ctx, r);
          l->id = inv->id;
          if (l->kind == RL_FEC_CREDIT_NOTE)
            report->credit_notes++;
          else
            report->invoices++;
        }
    }
  return TRUE;
}

static int
compare_by_date (gconstpointer a,
                 gconstpointer b)
{
  const RlFecLine *x = *(RlFecLine * const *) a;
  const RlFecLine *y = *(RlFecLine * const *) b;

  if (x->date != y->date)
    return x->date < y->date ? -1 : 1;
  return x->line < y->line ? -1 : x->line > y->line;
}

/* Applies the credits of one lettering group to its debits, oldest first on both sides. */
static gboolean
allocate_group (FecImport  *ctx,
                GPtrArray  *group,
                GError    **error)
{
  g_autoptr(GPtrArray) debits = g_ptr_array_new ();
  g_autoptr(GPtrArray) credits = g_ptr_array_new ();
  g_autoptr(GArray) owed = g_array_new (FALSE, FALSE, sizeof (RlCents));
  guint d = 0;

  for (guint i = 0; i < group->len; i++)
    {
      RlFecLine *l = g_ptr_array_index (group, i);

      g_ptr_array_add (l->kind == RL_FEC_INVOICE ? debits : credits, l);
    }
  if (debits->len == 0 || credits->len == 0)
    return TRUE;
  g_ptr_array_sort (debits, compare_by_date);
  g_ptr_array_sort (credits, compare_by_date);
  for (guint i = 0; i < debits->len; i++)
    {
      RlFecLine *l = g_ptr_array_index (debits, i);
      g_autoptr(RlInvoice) inv = rl_book_get_invoice (ctx->book, l->id, error);
      RlCents left;

      if (inv == NULL)
        return FALSE;
      left = inv->amount - inv->paid;
      g_array_append_val (owed, left);
    }
  for (guint c = 0; c < credits->len; c++)
    {
      RlFecLine *src = g_ptr_array_index (credits, c);
      RlCents left = -src->amount;

      while (left > 0 && d < debits->len)
        {
          RlFecLine *dst = g_ptr_array_index (debits, d);
          RlCents *rest = &g_array_index (owed, RlCents, d);
          RlCents part = MIN (left, *rest);

          if (part > 0)
            {
              gboolean is_payment = src->kind == RL_FEC_PAYMENT;

              if (!rl_book_allocate (ctx->book, is_payment ? src->id : 0,
                                     is_payment ? 0 : src->id, dst->id, part,
                                     MAX (src->date, dst->date), error))
                return FALSE;
              ctx->report->allocated += part;
              left -= part;
              *rest -= part;
            }
          if (*rest == 0)
            d++;
        }
    }
  for (guint i = 0; i < debits->len; i++)
    ((RlFecLine *) g_ptr_array_index (debits, i))->owed = g_array_index (owed, RlCents, i);
  return TRUE;
}

/* A lettered credit with no debit of its group in the file was lettered with entries of an
 * earlier year: it settled part of what the customer's opening balance carries forward. */
static gboolean
allocate_to_opening (FecImport  *ctx,
                     GPtrArray  *groups,
                     GError    **error)
{
  g_autoptr(GHashTable) by_customer =
    g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  for (guint i = 0; i < ctx->file.lines->len; i++)
    {
      RlFecLine *l = &g_array_index (ctx->file.lines, RlFecLine, i);
      GPtrArray *pseudo;

      if (!l->opening || l->kind != RL_FEC_INVOICE || l->let != NULL)
        continue;
      pseudo = g_hash_table_lookup (by_customer, l->customer_code);
      if (pseudo == NULL)
        {
          pseudo = g_ptr_array_new ();
          g_hash_table_insert (by_customer, (gpointer) l->customer_code, pseudo);
          g_ptr_array_add (order, pseudo);
        }
      g_ptr_array_add (pseudo, l);
    }
  for (guint i = 0; i < groups->len; i++)
    {
      GPtrArray *group = g_ptr_array_index (groups, i);
      gboolean has_debit = FALSE;

      for (guint k = 0; k < group->len; k++)
        has_debit |= ((RlFecLine *) g_ptr_array_index (group, k))->kind == RL_FEC_INVOICE;
      for (guint k = 0; k < group->len && !has_debit; k++)
        {
          RlFecLine *l = g_ptr_array_index (group, k);
          GPtrArray *pseudo = g_hash_table_lookup (by_customer, l->customer_code);

          if (pseudo != NULL)
            g_ptr_array_add (pseudo, l);
        }
    }
  for (guint i = 0; i < order->len; i++)
    if (!allocate_group (ctx, g_ptr_array_index (order, i), error))
      return FALSE;
  return TRUE;
}

/* Lettering: allocations of this file's credits are made again from scratch. */
static gboolean
allocate_lettering (FecImport  *ctx,
                    GError    **error)
{
  g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GStringChunk) keys = g_string_chunk_new (4096);
  g_autoptr(GString) key = g_string_new (NULL);

  for (guint i = 0; i < ctx->file.lines->len; i++)
    {
      RlFecLine *l = &g_array_index (ctx->file.lines, RlFecLine, i);
      GPtrArray *group;

      if (l->kind == RL_FEC_PAYMENT && !rl_book_clear_allocations (ctx->book, l->id, error))
        return FALSE;
      if (l->kind == RL_FEC_CREDIT_NOTE
          && !rl_book_clear_credit_allocations (ctx->book, l->id, error))
        return FALSE;
      if (l->let == NULL)
        continue;
      g_string_printf (key, "%s\037%s", l->customer_code, l->let);
      group = g_hash_table_lookup (groups, key->str);
      if (group == NULL)
        {
          group = g_ptr_array_new ();
          g_hash_table_insert (groups, g_string_chunk_insert (keys, key->str), group);
          g_ptr_array_add (order, group);
        }
      g_ptr_array_add (group, l);
    }
  for (guint i = 0; i < order->len; i++)
    if (!allocate_group (ctx, g_ptr_array_index (order, i), error))
      return FALSE;
  return allocate_to_opening (ctx, order, error);
}

static gboolean
count_open (FecImport  *ctx,
            GError    **error)
{
  for (guint i = 0; i < ctx->file.lines->len; i++)
    {
      RlFecLine *l = &g_array_index (ctx->file.lines, RlFecLine, i);
      g_autoptr(RlInvoice) inv = NULL;

      if (l->kind != RL_FEC_INVOICE)
        continue;
      if (l->owed >= 0)
        {
          ctx->report->open_items += l->owed > 0;
          continue;
        }
      inv = rl_book_get_invoice (ctx->book, l->id, error);
      if (inv == NULL)
        return FALSE;
      if (inv->paid < inv->amount)
        ctx->report->open_items++;
    }
  return TRUE;
}

static gboolean
write_book (FecImport  *ctx,
            gboolean    dry_run,
            GError    **error)
{
  g_autoptr(RlCompany) company = rl_book_get_company (ctx->book, error);
  g_autofree char *basename = g_path_get_basename (ctx->path);
  g_autoptr(GTimer) timer = NULL;
  double customers, documents, lettering;
  gboolean ok;

  if (company == NULL)
    return FALSE;
  ctx->currency = g_strdup (company->currency ? company->currency : "EUR");
  ctx->default_terms = company->payment_terms_days;

  ctx->import_id = rl_import_begin (ctx->book, basename, ctx->file.sha256, "fec", error);
  if (ctx->import_id == 0)
    return FALSE;
  timer = g_timer_new ();
  ok = import_customers (ctx, error);
  customers = g_timer_elapsed (timer, NULL);
  ok = ok && import_documents (ctx, error);
  documents = g_timer_elapsed (timer, NULL);
  ok = ok && allocate_lettering (ctx, error) && count_open (ctx, error);
  lettering = g_timer_elapsed (timer, NULL);
  ok = rl_import_end (ctx->book, ok, ctx->import_id, ctx->report, TRUE, dry_run, error);
  g_debug ("FEC %s: customers %.2f s, documents %.2f s, lettering %.2f s, end %.2f s",
           basename, customers, documents - customers, lettering - documents,
           g_timer_elapsed (timer, NULL) - lettering);
  return ok;
}

/**
 * rl_fec_import:
 * @path: the FEC file
 * @options: (nullable): %NULL for the defaults
 * @out_report: (out) (optional) (transfer full): what was done, set even on failure so that
 *   the problems can be shown
 *
 * Imports the receivable lines of a FEC in one transaction: on failure (or a dry run) the
 * book is unchanged. Importing a later FEC of the same company updates what is already in the
 * book and never duplicates.
 *
 * Returns: %TRUE on success; %FALSE with @error in %RL_IMPORT_ERROR (%RL_IMPORT_ERROR_INVALID_ROWS
 *   when lines are bad: see the report's problems) or %RL_BOOK_ERROR
 */
gboolean
rl_fec_import (RlBook              *book,
               const char          *path,
               const RlFecOptions  *options,
               RlImportReport     **out_report,
               GError             **error)
{
  g_autoptr(RlImportReport) report = rl_import_report_new (RL_IMPORT_FORMAT_FEC);
  g_autofree char *setting = NULL;
  g_autoptr(GTimer) timer = NULL;
  RlFecOptions defaults;
  FecImport ctx = { 0 };
  const char *prefix;
  gboolean ok;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (!rl_book_in_transaction (book), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    {
      rl_fec_options_init (&defaults);
      options = &defaults;
    }
  prefix = options->receivable_prefix;
  if (prefix == NULL)
    {
      setting = rl_book_get_setting (book, RL_FEC_SETTING_PREFIX);
      prefix = setting != NULL && *setting != '\0' ? setting : "411";
    }
  ctx.book = book;
  ctx.path = path;
  ctx.report = report;
  ctx.customers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  timer = g_timer_new ();
  ok = rl_fec_read (path, prefix, options->encoding, &ctx.file, report, error);
  g_debug ("FEC %s: read in %.2f s", path, g_timer_elapsed (timer, NULL));
  ok = ok && write_book (&ctx, options->dry_run, error);

  rl_fec_file_clear (&ctx.file);
  g_hash_table_unref (ctx.customers);
  g_free (ctx.currency);
  if (out_report != NULL)
    *out_report = g_steal_pointer (&report);
  return ok;
}
