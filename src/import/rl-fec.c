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

static gboolean
is_source (const RlFecLine *l)
{
  return l->kind == RL_FEC_PAYMENT || l->kind == RL_FEC_CREDIT_NOTE;
}

static gboolean
clear_source (FecImport        *ctx,
              const RlFecLine  *src,
              GError          **error)
{
  if (src->kind == RL_FEC_PAYMENT)
    return rl_book_clear_allocations (ctx->book, src->id, error);
  return rl_book_clear_credit_allocations (ctx->book, src->id, error);
}

static int
compare_allocations (gconstpointer a,
                     gconstpointer b)
{
  const RlAllocation *x = a, *y = b;

  if (x->invoice_id != y->invoice_id)
    return x->invoice_id < y->invoice_id ? -1 : 1;
  return x->amount < y->amount ? -1 : x->amount > y->amount;
}

/* What each debit's invoice owes now, into @owed. */
static gboolean
owed_now (FecImport  *ctx,
          GPtrArray  *debits,
          GArray     *owed,
          GError    **error)
{
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
  return TRUE;
}

/* The debits and the credits of a group, each by date. */
static void
split_group (GPtrArray *group,
             GPtrArray *debits,
             GPtrArray *credits)
{
  for (guint i = 0; i < group->len; i++)
    {
      RlFecLine *l = g_ptr_array_index (group, i);

      g_ptr_array_add (is_source (l) ? credits : debits, l);
    }
  g_ptr_array_sort (debits, compare_by_date);
  g_ptr_array_sort (credits, compare_by_date);
}

/* Whether the book already holds a group's allocations as its lettering wants them (an earlier
 * import of the same lettering): then they are left as they are; else the group's credits are
 * cleared, to be applied again by allocate_group() once every changed group is cleared, and
 * the invoices they were applied to are added to @freed. */
static gboolean
check_group (FecImport  *ctx,
             GPtrArray  *group,
             gboolean   *changed,
             RlCents    *out_total,
             GHashTable *freed,
             GError    **error)
{
  g_autoptr(GPtrArray) debits = g_ptr_array_new ();
  g_autoptr(GPtrArray) credits = g_ptr_array_new ();
  g_autoptr(GPtrArray) current = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) debit_index = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) owed = g_array_new (FALSE, FALSE, sizeof (RlCents));
  gboolean same = TRUE;
  RlCents total = 0;
  guint d = 0;

  split_group (group, debits, credits);
  if (!owed_now (ctx, debits, owed, error))
    return FALSE;
  for (guint i = 0; i < debits->len; i++)
    {
      RlFecLine *l = g_ptr_array_index (debits, i);

      g_hash_table_insert (debit_index, GSIZE_TO_POINTER ((gsize) l->id), GUINT_TO_POINTER (i + 1));
    }
  /* What the group's credits are applied to now no longer counts as paid. */
  for (guint c = 0; c < credits->len; c++)
    {
      RlFecLine *src = g_ptr_array_index (credits, c);
      GArray *list = rl_book_list_allocations (ctx->book,
                                               src->kind == RL_FEC_PAYMENT ? src->id : 0,
                                               src->kind == RL_FEC_PAYMENT ? 0 : src->id, error);

      if (list == NULL)
        return FALSE;
      g_ptr_array_add (current, list);
      for (guint k = 0; k < list->len; k++)
        {
          RlAllocation *a = &g_array_index (list, RlAllocation, k);
          guint at = GPOINTER_TO_UINT (g_hash_table_lookup (debit_index,
                                                            GSIZE_TO_POINTER ((gsize) a->invoice_id)));

          if (at > 0)
            g_array_index (owed, RlCents, at - 1) += a->amount;
        }
    }
  for (guint c = 0; c < credits->len; c++)
    {
      RlFecLine *src = g_ptr_array_index (credits, c);
      g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (RlAllocation));
      RlCents left = -src->amount;

      while (left > 0 && d < debits->len)
        {
          RlFecLine *dst = g_ptr_array_index (debits, d);
          RlCents *rest = &g_array_index (owed, RlCents, d);
          RlAllocation a = { dst->id, MIN (left, *rest) };

          if (a.amount > 0)
            {
              g_array_append_val (parts, a);
              left -= a.amount;
              *rest -= a.amount;
              total += a.amount;
            }
          if (*rest <= 0)
            d++;
        }
      g_array_sort (parts, compare_allocations);
      same &= parts->len == ((GArray *) current->pdata[c])->len
              && memcmp (parts->data, ((GArray *) current->pdata[c])->data,
                         parts->len * sizeof (RlAllocation)) == 0;
    }
  *changed = !same;
  if (!same)
    {
      for (guint c = 0; c < credits->len; c++)
        {
          GArray *list = current->pdata[c];

          for (guint k = 0; k < list->len; k++)
            g_hash_table_add (freed, GSIZE_TO_POINTER ((gsize) g_array_index (list, RlAllocation,
                                                                              k).invoice_id));
          if (list->len > 0 && !clear_source (ctx, g_ptr_array_index (credits, c), error))
            return FALSE;
        }
      return TRUE;
    }
  for (guint i = 0; i < debits->len; i++)
    ((RlFecLine *) g_ptr_array_index (debits, i))->owed = g_array_index (owed, RlCents, i);
  *out_total = total;
  return TRUE;
}

/* Applies the credits of one lettering group to its debits, oldest first on both sides, from
 * what the invoices owe now. */
static gboolean
allocate_group (FecImport  *ctx,
                GPtrArray  *group,
                GError    **error)
{
  g_autoptr(GPtrArray) debits = g_ptr_array_new ();
  g_autoptr(GPtrArray) credits = g_ptr_array_new ();
  g_autoptr(GArray) owed = g_array_new (FALSE, FALSE, sizeof (RlCents));
  guint d = 0;

  split_group (group, debits, credits);
  if (!owed_now (ctx, debits, owed, error))
    return FALSE;
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

static void
add_to (GHashTable  *by_key,
        GPtrArray   *order,
        const char  *key,
        RlFecLine   *line)
{
  GPtrArray *group = g_hash_table_lookup (by_key, key);

  if (group == NULL)
    {
      group = g_ptr_array_new ();
      g_hash_table_insert (by_key, (gpointer) key, group);
      g_ptr_array_add (order, group);
    }
  g_ptr_array_add (group, line);
}

static gboolean
has_kind (GPtrArray *group,
          gboolean   source)
{
  for (guint k = 0; k < group->len; k++)
    if (is_source (g_ptr_array_index (group, k)) == source)
      return TRUE;
  return FALSE;
}

/* Lettering: each group of lines sharing a customer and a lettering code is settled; a
 * lettered credit whose group has no debit in the file was lettered with entries of an earlier
 * year, and settles part of what the customer's opening balance (the à-nouveaux) carries
 * forward. Credits in no group are applied to nothing. */
static gboolean
allocate_lettering (FecImport  *ctx,
                    GError    **error)
{
  g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) openings = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) opening_order =
    g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) settled = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) redo = g_ptr_array_new ();
  g_autoptr(GPtrArray) pending = g_ptr_array_new ();
  g_autoptr(GHashTable) kept = g_hash_table_new (NULL, NULL);   /* group → its allocated total */
  GHashTableIter it;
  gpointer kept_total;
  g_autoptr(GString) key = g_string_new (NULL);

  for (guint i = 0; i < ctx->file.lines->len; i++)
    {
      RlFecLine *l = &g_array_index (ctx->file.lines, RlFecLine, i);

      if (l->let != NULL)
        {
          g_string_printf (key, "%s\037%s", l->customer_code, l->let);
          add_to (groups, order, g_string_chunk_insert_const (ctx->file.strings, key->str), l);
        }
      else if (l->opening && l->kind == RL_FEC_INVOICE)
        add_to (openings, opening_order, l->customer_code, l);
    }
  for (guint i = 0; i < order->len; i++)
    {
      GPtrArray *group = g_ptr_array_index (order, i);
      GPtrArray *opening;

      if (has_kind (group, FALSE))
        continue;
      opening = g_hash_table_lookup (openings,
                                     ((RlFecLine *) g_ptr_array_index (group, 0))->customer_code);
      for (guint k = 0; opening != NULL && k < group->len; k++)
        g_ptr_array_add (opening, g_ptr_array_index (group, k));
      g_ptr_array_set_size (group, 0);
    }
  g_ptr_array_extend_and_steal (order, g_steal_pointer (&opening_order));
  for (guint i = 0; i < order->len; i++)
    {
      GPtrArray *group = g_ptr_array_index (order, i);

      if (has_kind (group, TRUE) && has_kind (group, FALSE))
        for (guint k = 0; k < group->len; k++)
          g_hash_table_add (settled, g_ptr_array_index (group, k));
    }
  /* Credits in no group first: what they were applied to before owes again. */
  for (guint i = 0; i < ctx->file.lines->len; i++)
    {
      RlFecLine *l = &g_array_index (ctx->file.lines, RlFecLine, i);

      if (is_source (l) && !g_hash_table_contains (settled, l) && !clear_source (ctx, l, error))
        return FALSE;
    }
  /* A group found unchanged is checked again when a changed one freed one of its invoices. */
  for (guint i = 0; i < order->len; i++)
    {
      GPtrArray *group = g_ptr_array_index (order, i);

      if (has_kind (group, TRUE) && has_kind (group, FALSE))
        g_ptr_array_add (pending, group);
    }
  while (pending->len > 0)
    {
      g_autoptr(GHashTable) freed = g_hash_table_new (NULL, NULL);
      g_autoptr(GPtrArray) same = g_ptr_array_new ();

      for (guint i = 0; i < pending->len; i++)
        {
          GPtrArray *group = g_ptr_array_index (pending, i);
          gboolean changed = FALSE;
          RlCents total = 0;

          if (!check_group (ctx, group, &changed, &total, freed, error))
            return FALSE;
          g_ptr_array_add (changed ? redo : same, group);
          if (changed)
            g_hash_table_remove (kept, group);
          else
            g_hash_table_insert (kept, group, GSIZE_TO_POINTER ((gsize) total));
        }
      g_ptr_array_set_size (pending, 0);
      for (guint i = 0; i < same->len && g_hash_table_size (freed) > 0; i++)
        {
          GPtrArray *group = g_ptr_array_index (same, i);

          for (guint k = 0; k < group->len; k++)
            {
              RlFecLine *l = g_ptr_array_index (group, k);

              if (!is_source (l) && g_hash_table_contains (freed, GSIZE_TO_POINTER ((gsize) l->id)))
                {
                  g_ptr_array_add (pending, group);
                  break;
                }
            }
        }
    }
  g_hash_table_iter_init (&it, kept);
  while (g_hash_table_iter_next (&it, NULL, &kept_total))
    ctx->report->allocated += (RlCents) GPOINTER_TO_SIZE (kept_total);
  for (guint i = 0; i < redo->len; i++)
    if (!allocate_group (ctx, g_ptr_array_index (redo, i), error))
      return FALSE;
  return TRUE;
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
write_book (FecImport              *ctx,
            gboolean                dry_run,
            const RlImportControl  *control,
            GError                **error)
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
  ok = rl_import_control_step (control, 0.1, error) && import_customers (ctx, error);
  customers = g_timer_elapsed (timer, NULL);
  ok = ok && rl_import_control_step (control, 0.3, error) && import_documents (ctx, error);
  documents = g_timer_elapsed (timer, NULL);
  ok = ok && rl_import_control_step (control, 0.7, error) && allocate_lettering (ctx, error)
       && count_open (ctx, error) && rl_import_control_step (control, 1.0, error);
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
  ok = ok && write_book (&ctx, options->dry_run, options->control, error);

  rl_fec_file_clear (&ctx.file);
  g_hash_table_unref (ctx.customers);
  g_free (ctx.currency);
  if (out_report != NULL)
    *out_report = g_steal_pointer (&report);
  return ok;
}
