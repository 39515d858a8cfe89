/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-import"

#include "config.h"

#include "rl-csv-import.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rl-csv-private.h"
#include "rl-error.h"
#include "rl-risk.h"

/* Past this many, problems are counted, not listed: a file of a million bad rows must not
 * take a million messages of memory. */
#define MAX_PROBLEMS 10000
#define ROW_SAVEPOINT "rl_csv_row"

/* CSV import: the file (scan, header, rows, rejects), the transaction and the report. What a
 * row means to the book is in rl-csv-rows.c and rl-csv-customers.c; reading the bytes is in
 * rl-csv-scan.c and rl-csv-reader.c; the names of columns are in rl-csv-fields.c. */

/* Loading many invoices into a book that has few is faster with its indexes rebuilt once at
 * the end (see rl_book_begin_bulk()); the rows' customers come from the book itself. Payments
 * need the indexes to find a customer's invoices, and a small monthly file into a big book is
 * faster row by row. */
#define BULK_MIN_ROWS 20000

static gboolean
begin (RlCsvImport     *ctx,
       const RlCsvScan *scan,
       GError         **error)
{
  static const char * const tables[] = { "invoices", NULL };

  if (ctx->kind == RL_CSV_KIND_INVOICES && scan->n_newlines >= BULK_MIN_ROWS
      && (gint64) scan->n_newlines >= rl_book_count_invoices (ctx->book) / 2)
    return rl_book_begin_bulk (ctx->book, tables, error);
  return rl_book_begin (ctx->book, error);
}

G_DEFINE_QUARK (rl-import-error-quark, rl_import_error)

/* Rows between two looks at the import's control. */
#define CONTROL_EVERY 256

/**
 * rl_import_control_step:
 * @control: (nullable): the caller's control, %NULL for none
 * @fraction: how far the import has come, from 0 to 1
 *
 * Tells the caller how far the import has come and whether it must stop.
 *
 * Returns: %FALSE with %G_IO_ERROR_CANCELLED when the import was cancelled
 */
gboolean
rl_import_control_step (const RlImportControl  *control,
                        double                  fraction,
                        GError                **error)
{
  if (control == NULL)
    return TRUE;
  if (control->progress != NULL)
    control->progress (CLAMP (fraction, 0.0, 1.0), control->progress_data);
  return !g_cancellable_set_error_if_cancelled (control->cancellable, error);
}

/**
 * rl_csv_options_init:
 *
 * Sets the defaults: everything detected, dates day first, all-or-nothing, payments
 * allocated only to the invoice they name.
 */
void
rl_csv_options_init (RlCsvOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->kind = RL_CSV_KIND_AUTO;
  options->decimal = RL_DECIMAL_AUTO;
  options->date_order = RL_DATE_ORDER_DMY;
  options->allocate = RL_ALLOCATE_NAMED_ONLY;
}

void
rl_import_problem_free (gpointer data)
{
  RlImportProblem *p = data;

  g_free (p->file);
  g_free (p->column);
  g_free (p->message);
  g_free (p);
}

static RlCsvReport *
report_new (void)
{
  RlCsvReport *r = g_new0 (RlCsvReport, 1);

  r->columns = g_ptr_array_new_with_free_func (g_free);
  r->ignored = g_ptr_array_new_with_free_func (g_free);
  r->problems = g_ptr_array_new_with_free_func (rl_import_problem_free);
  return r;
}

void
rl_csv_report_free (RlCsvReport *report)
{
  if (report == NULL)
    return;
  g_free (report->encoding);
  g_ptr_array_unref (report->columns);
  g_ptr_array_unref (report->ignored);
  g_ptr_array_unref (report->problems);
  g_free (report->rejects_path);
  g_free (report);
}

/**
 * rl_import_problem_to_string:
 *
 * Returns: (transfer full): "file:line: column: why", without the parts that are empty
 */
char *
rl_import_problem_to_string (const RlImportProblem *problem)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (problem != NULL, NULL);

  if (problem->file != NULL && *problem->file != '\0')
    g_string_append (s, problem->file);
  if (problem->line > 0)
    {
      if (s->len > 0)
        g_string_append_printf (s, ":%u", problem->line);
      else
        g_string_append_printf (s, _("line %u"), problem->line);
    }
  if (problem->column != NULL && *problem->column != '\0')
    g_string_append_printf (s, "%s%s", s->len > 0 ? ": " : "", problem->column);
  g_string_append_printf (s, "%s%s", s->len > 0 ? ": " : "",
                          problem->message ? problem->message : "");
  return g_string_free (s, FALSE);
}

/**
 * rl_csv_kind_label:
 *
 * Returns: what a file of this kind holds, in words for people ("invoice files")
 */
const char *
rl_csv_kind_label (RlCsvKind kind)
{
  switch (kind)
    {
    case RL_CSV_KIND_CUSTOMERS:
      return _("customer files");
    case RL_CSV_KIND_INVOICES:
      return _("invoice files");
    case RL_CSV_KIND_PAYMENTS:
      return _("payment files");
    case RL_CSV_KIND_AUTO:
    default:
      return _("files of unknown content");
    }
}

const char *
rl_csv_kind_to_string (RlCsvKind kind)
{
  switch (kind)
    {
    case RL_CSV_KIND_CUSTOMERS:
      return "customers";
    case RL_CSV_KIND_INVOICES:
      return "invoices";
    case RL_CSV_KIND_PAYMENTS:
      return "payments";
    case RL_CSV_KIND_AUTO:
    default:
      return "auto";
    }
}

gboolean
rl_csv_kind_from_string (const char *s,
                         RlCsvKind  *out)
{
  static const struct { const char *names; RlCsvKind kind; } kinds[] = {
    { "auto", RL_CSV_KIND_AUTO },
    { "customers|customer|clients|client", RL_CSV_KIND_CUSTOMERS },
    { "invoices|invoice|factures|facture", RL_CSV_KIND_INVOICES },
    { "payments|payment|paiements|paiement|reglements|règlements", RL_CSV_KIND_PAYMENTS },
  };

  g_return_val_if_fail (out != NULL, FALSE);

  if (s == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_auto(GStrv) names = g_strsplit (kinds[i].names, "|", -1);

      for (guint j = 0; names[j] != NULL; j++)
        if (g_ascii_strcasecmp (names[j], s) == 0)
          {
            *out = kinds[i].kind;
            return TRUE;
          }
    }
  return FALSE;
}

/* Helpers shared with rl-csv-rows.c */

static void
add_problem (RlCsvImport *ctx,
             guint        line,
             const char  *column,
             const char  *message)
{
  RlImportProblem *p;

  if (ctx->report->problems->len >= MAX_PROBLEMS)
    {
      ctx->n_problems_dropped++;
      return;
    }
  p = g_new0 (RlImportProblem, 1);
  p->file = g_strdup (ctx->path);
  p->line = line;
  p->column = g_strdup (column);
  p->message = g_strdup (message);
  g_ptr_array_add (ctx->report->problems, p);
}

/* Records a problem of the current row, in the column of @field (or none if -1). */
void
_rl_csv_problem (RlCsvImport *ctx,
                 int          field,
                 const char  *format,
                 ...)
{
  g_autofree char *message = NULL;
  const char *column = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (field >= 0 && ctx->columns.col[field] >= 0)
    column = ctx->header[ctx->columns.col[field]];
  ctx->row_invalid = TRUE;
  g_string_append_printf (ctx->row_errors, "%s%s%s%s", ctx->row_errors->len ? "; " : "",
                          column ? column : "", column ? ": " : "", message);
  add_problem (ctx, ctx->line, column, message);
}

/* Returns: (nullable): the trimmed value of @field in the current row, %NULL if empty */
const char *
_rl_csv_get (RlCsvImport *ctx,
             RlCsvField   field)
{
  int col = ctx->columns.col[field];

  if (col < 0 || (guint) col >= ctx->n_fields || *ctx->fields[col] == '\0')
    return NULL;
  return ctx->fields[col];
}

/* FNV-1a: a 64-bit digest to count values without keeping them. */
guint64
_rl_csv_hash64 (const char *text)
{
  guint64 h = 14695981039346656037ULL;

  for (const char *p = text; *p != '\0'; p++)
    h = (h ^ (guchar) *p) * 1099511628211ULL;
  return h;
}

/* Returns: how many times @hash was counted, this time included */
guint
_rl_csv_bump (GHashTable *counts,
              guint64     hash)
{
  gpointer key = GSIZE_TO_POINTER ((gsize) hash);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1;

  g_hash_table_insert (counts, key, GUINT_TO_POINTER (n));
  return n;
}

static gboolean
is_blank_char (const char *p,
               gsize      *len)
{
  if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
    {
      *len = 1;
      return TRUE;
    }
  if ((guchar) p[0] == 0xC2 && (guchar) p[1] == 0xA0)
    {
      *len = 2;
      return TRUE;
    }
  return FALSE;
}

/* Trims spaces (and no-break spaces) in place. Returns: whether the field is empty. */
static gboolean
trim_field (char **field)
{
  char *s = *field;
  gsize n, k;

  while (is_blank_char (s, &k))
    s += k;
  n = strlen (s);
  while (n > 0)
    {
      if (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')
        n--;
      else if (n >= 2 && (guchar) s[n - 2] == 0xC2 && (guchar) s[n - 1] == 0xA0)
        n -= 2;
      else
        break;
    }
  s[n] = '\0';
  *field = s;
  return n == 0;
}

/* Errors of the file itself: "FILE:LINE: why", also listed among the problems. */
static gboolean
file_error (RlCsvImport  *ctx,
            guint         line,
            GError       *local_error,
            GError      **error)
{
  add_problem (ctx, line, NULL, local_error->message);
  if (line > 0)
    g_set_error (error, local_error->domain, local_error->code, "%s:%u: %s", ctx->path, line,
                 local_error->message);
  else
    g_set_error (error, local_error->domain, local_error->code, "%s: %s", ctx->path,
                 local_error->message);
  g_error_free (local_error);
  return FALSE;
}

static char *
default_rejects_path (const char *path)
{
  gsize n = strlen (path);

  if (n > 4 && g_ascii_strcasecmp (path + n - 4, ".csv") == 0)
    return g_strdup_printf ("%.*s.rejects.csv", (int) (n - 4), path);
  return g_strconcat (path, ".rejects.csv", NULL);
}

/* Appends the current row to the rejects file, with why it was rejected. */
static gboolean
write_reject (RlCsvImport  *ctx,
              GError      **error)
{
  g_autoptr(GPtrArray) row = NULL;
  g_autoptr(GString) out = NULL;
  char delimiter = ctx->report->delimiter;

  /* A dry run writes nothing, rejects included: the problems are in the report. */
  if (ctx->options->dry_run)
    return TRUE;
  row = g_ptr_array_new ();
  out = g_string_new (NULL);
  if (ctx->rejects == NULL)
    {
      const char *path = ctx->options->rejects_path;

      ctx->report->rejects_path = path ? g_strdup (path) : default_rejects_path (ctx->path);
      ctx->rejects = g_fopen (ctx->report->rejects_path, "wb");
      if (ctx->rejects == NULL)
        {
          int saved = errno;

          g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_IO, _("%s: %s"),
                       ctx->report->rejects_path, g_strerror (saved));
          return FALSE;
        }
      for (guint i = 0; i < ctx->n_header; i++)
        g_ptr_array_add (row, ctx->header[i]);
      g_ptr_array_add (row, _("Error"));
      rl_csv_append_record (out, delimiter, (const char * const *) row->pdata, row->len);
      g_ptr_array_set_size (row, 0);
    }
  for (guint i = 0; i < MAX (ctx->n_fields, ctx->n_header); i++)
    g_ptr_array_add (row, i < ctx->n_fields ? ctx->fields[i] : "");
  g_ptr_array_add (row, ctx->row_errors->str);
  rl_csv_append_record (out, delimiter, (const char * const *) row->pdata, row->len);
  if (fwrite (out->str, 1, out->len, ctx->rejects) != out->len)
    {
      int saved = errno;

      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_IO, _("%s: %s"),
                   ctx->report->rejects_path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* Payments: how often each id and each reference occurs, to know which identify a payment. */
static gboolean
count_payment_ids (RlCsvImport      *ctx,
                   const char       *encoding,
                   const RlCsvScan  *scan,
                   GError          **error)
{
  g_autoptr(RlCsvReader) reader = NULL;
  g_autoptr(GError) local_error = NULL;
  int key_col = ctx->columns.col[RL_CSV_FIELD_KEY];
  int ref_col = ctx->columns.col[RL_CSV_FIELD_REFERENCE];
  gboolean header = TRUE;

  ctx->tuple_counts = g_hash_table_new (g_direct_hash, g_direct_equal);
  if (key_col < 0 && ref_col < 0)
    return TRUE;
  if (key_col >= 0)
    ctx->key_counts = g_hash_table_new (g_direct_hash, g_direct_equal);
  if (ref_col >= 0)
    ctx->ref_counts = g_hash_table_new (g_direct_hash, g_direct_equal);

  reader = rl_csv_reader_new (ctx->path, encoding, scan, error);
  if (reader == NULL)
    return FALSE;
  rl_csv_reader_set_delimiter (reader, ctx->report->delimiter);
  while (rl_csv_reader_next (reader, &local_error))
    {
      char **fields = rl_csv_reader_fields (reader);
      guint n = rl_csv_reader_n_fields (reader);

      if (header)
        {
          header = FALSE;
          continue;
        }
      if (key_col >= 0 && (guint) key_col < n && !trim_field (&fields[key_col]))
        _rl_csv_bump (ctx->key_counts, _rl_csv_hash64 (fields[key_col]));
      if (ref_col >= 0 && (guint) ref_col < n && !trim_field (&fields[ref_col]))
        _rl_csv_bump (ctx->ref_counts, _rl_csv_hash64 (fields[ref_col]));
    }
  if (local_error != NULL)
    return file_error (ctx, rl_csv_reader_error_line (reader), g_steal_pointer (&local_error),
                       error);
  return TRUE;
}

/* Reads the header: the delimiter, the kind of file and which column is what. */
static gboolean
read_header (RlCsvImport  *ctx,
             RlCsvReader  *reader,
             GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  const RlCsvOptions *options = ctx->options;
  RlCsvReport *report = ctx->report;
  char **fields;
  gboolean empty = TRUE;
  gboolean chosen, matched;

  report->delimiter = options->delimiter;
  if (report->delimiter == 0)
    {
      report->delimiter = rl_csv_reader_detect_delimiter (reader, &local_error);
      if (report->delimiter == 0)
        return file_error (ctx, rl_csv_reader_error_line (reader),
                           g_steal_pointer (&local_error), error);
    }
  rl_csv_reader_set_delimiter (reader, report->delimiter);
  ctx->decimal = options->decimal;
  if (ctx->decimal == RL_DECIMAL_AUTO)
    ctx->decimal = report->delimiter == ',' ? RL_DECIMAL_POINT : RL_DECIMAL_COMMA;

  if (!rl_csv_reader_next (reader, &local_error))
    {
      if (local_error == NULL)
        local_error = g_error_new_literal (RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                                           _("the file is empty: it needs a header line"));
      return file_error (ctx, rl_csv_reader_error_line (reader), g_steal_pointer (&local_error),
                         error);
    }
  fields = rl_csv_reader_fields (reader);
  ctx->n_header = rl_csv_reader_n_fields (reader);
  for (guint i = 0; i < ctx->n_header; i++)
    empty &= trim_field (&fields[i]);
  ctx->header = g_strdupv (fields);
  if (empty)
    return file_error (ctx, rl_csv_reader_line (reader),
                       g_error_new_literal (RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                                            _("the header line is empty")), error);

  chosen = options->chosen != NULL && options->chosen->n_columns > 0;
  ctx->kind = options->chosen != NULL && options->chosen->kind != RL_CSV_KIND_AUTO
              ? options->chosen->kind : options->kind;
  if (ctx->kind == RL_CSV_KIND_AUTO)
    {
      const char *mapping = chosen ? NULL : options->mapping;

      if (!rl_csv_check_mapping_names (mapping, &local_error))
        return file_error (ctx, 0, g_steal_pointer (&local_error), error);
      ctx->kind = rl_csv_detect_kind (ctx->header, ctx->n_header, mapping, &local_error);
      if (ctx->kind == RL_CSV_KIND_AUTO)
        return file_error (ctx, 0, g_steal_pointer (&local_error), error);
    }
  report->kind = ctx->kind;
  if (chosen)
    matched = rl_csv_columns_from_fields (ctx->kind, ctx->header, ctx->n_header,
                                          options->chosen->fields, options->chosen->n_columns,
                                          &ctx->columns, &local_error);
  else
    matched = rl_csv_match_columns (ctx->kind, ctx->header, ctx->n_header, options->mapping,
                                    TRUE, &ctx->columns, &local_error);
  if (!matched || !rl_csv_check_required (ctx->kind, &ctx->columns, &local_error))
    return file_error (ctx, 0, g_steal_pointer (&local_error), error);

  for (guint i = 0; i < ctx->n_header; i++)
    {
      const char *name = NULL;

      for (guint f = 0; f < RL_CSV_N_FIELDS && name == NULL; f++)
        if (ctx->columns.col[f] == (int) i)
          name = rl_csv_field_name (ctx->kind, f);
      if (name != NULL)
        g_ptr_array_add (report->columns, g_strdup_printf ("%s ← %s", name, ctx->header[i]));
      else
        g_ptr_array_add (report->ignored, g_strdup (ctx->header[i]));
    }
  return TRUE;
}

/* Checks the number of fields of the current row. A short row is accepted when the missing
 * columns are optional; extra fields are accepted when empty. */
static void
check_field_count (RlCsvImport *ctx)
{
  if (ctx->n_fields > ctx->n_header)
    {
      for (guint i = ctx->n_header; i < ctx->n_fields; i++)
        if (*ctx->fields[i] != '\0')
          {
            _rl_csv_problem (ctx, -1, g_dngettext (GETTEXT_PACKAGE,
                                                    "%u field where the header has %u",
                                                    "%u fields where the header has %u",
                                                    ctx->n_fields),
                             ctx->n_fields, ctx->n_header);
            return;
          }
      return;
    }
  for (guint f = 0; f < RL_CSV_N_FIELDS; f++)
    if (ctx->columns.col[f] >= (int) ctx->n_fields && rl_csv_field_required (ctx->kind, f))
      {
        _rl_csv_problem (ctx, -1, g_dngettext (GETTEXT_PACKAGE,
                                                "%u field where the header has %u",
                                                "%u fields where the header has %u",
                                                ctx->n_fields),
                         ctx->n_fields, ctx->n_header);
        return;
      }
}

/* Imports the rows inside the transaction. Returns %FALSE on a fatal error only. */
static gboolean
import_rows (RlCsvImport  *ctx,
             RlCsvReader  *reader,
             guint64       n_lines,
             GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  const RlImportControl *control = ctx->options->control;
  gboolean skip = ctx->options->skip_invalid;
  guint n = 0;

  while (rl_csv_reader_next (reader, &local_error))
    {
      gboolean blank = TRUE;

      ctx->fields = rl_csv_reader_fields (reader);
      ctx->n_fields = rl_csv_reader_n_fields (reader);
      for (guint i = 0; i < ctx->n_fields; i++)
        blank &= trim_field (&ctx->fields[i]);
      if (blank)
        continue;

      ctx->line = rl_csv_reader_line (reader);
      if (++n % CONTROL_EVERY == 0
          && !rl_import_control_step (control, (double) ctx->line / MAX (n_lines, 1), error))
        return FALSE;
      ctx->row_invalid = FALSE;
      g_string_truncate (ctx->row_errors, 0);
      ctx->report->counts.rows++;
      _rl_csv_rows_begin_row (ctx);

      check_field_count (ctx);
      if (!ctx->row_invalid)
        {
          RlCsvRowResult r;

          if (skip && !rl_book_savepoint (ctx->book, ROW_SAVEPOINT, error))
            return FALSE;
          r = _rl_csv_import_row (ctx, error);
          if (r == RL_CSV_ROW_FATAL)
            return FALSE;
          if (skip && r == RL_CSV_ROW_OK && !rl_book_release (ctx->book, ROW_SAVEPOINT, error))
            return FALSE;
          if (skip && r != RL_CSV_ROW_OK)
            {
              rl_book_rollback_to (ctx->book, ROW_SAVEPOINT);
              _rl_csv_rows_undo_row (ctx);
            }
        }
      if (ctx->row_invalid)
        {
          ctx->report->counts.rejected++;
          if (skip && !write_reject (ctx, error))
            return FALSE;
        }
    }
  if (local_error != NULL)
    return file_error (ctx, rl_csv_reader_error_line (reader), g_steal_pointer (&local_error),
                       error);
  return TRUE;
}

static gboolean
run_import (RlCsvImport  *ctx,
            GError      **error)
{
  g_autoptr(RlCsvReader) reader = NULL;
  g_autoptr(RlCompany) company = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *format = NULL;
  const char *encoding;
  RlCsvScan scan = { 0 };
  RlCsvReport *report = ctx->report;
  gboolean ok = FALSE;

  if (!rl_csv_scan_file (ctx->path, &scan, &local_error))
    {
      add_problem (ctx, 0, NULL, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  encoding = ctx->options->encoding ? ctx->options->encoding : rl_csv_scan_guess_encoding (&scan);
  report->encoding = g_ascii_strup (encoding, -1);

  reader = rl_csv_reader_new (ctx->path, encoding, &scan, &local_error);
  if (reader == NULL)
    {
      add_problem (ctx, 0, NULL, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto out;
    }
  if (!read_header (ctx, reader, error))
    goto out;
  if (ctx->kind == RL_CSV_KIND_PAYMENTS && !count_payment_ids (ctx, encoding, &scan, error))
    goto out;

  company = rl_book_get_company (ctx->book, error);
  if (company == NULL)
    goto out;
  ctx->currency = g_strdup (company->currency ? company->currency : "EUR");
  ctx->default_terms = company->payment_terms_days;

  basename = g_path_get_basename (ctx->path);
  format = g_strdup_printf ("csv-%s", rl_csv_kind_to_string (ctx->kind));
  if (!begin (ctx, &scan, error))
    goto out;
  ctx->import_id = rl_book_begin_import (ctx->book, basename, scan.sha256, format, error);
  if (ctx->import_id <= 0)
    goto rollback;

  _rl_csv_rows_init (ctx);
  if (!rl_import_control_step (ctx->options->control, 0.0, error)
      || !import_rows (ctx, reader, scan.n_newlines, error)
      || !_rl_csv_apply_pending_credits (ctx, error))
    goto rollback;

  if (ctx->n_problems_dropped > 0)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "and %u more problem",
                                                            "and %u more problems",
                                                            ctx->n_problems_dropped),
                                               ctx->n_problems_dropped);

      ctx->n_problems_dropped = 0;
      add_problem (ctx, 0, NULL, more);
    }
  if (report->counts.rejected > 0 && !ctx->options->skip_invalid)
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_INVALID_ROWS,
                   g_dngettext (GETTEXT_PACKAGE, "%s: %u invalid row", "%s: %u invalid rows",
                                report->counts.rejected),
                   ctx->path, report->counts.rejected);
      goto rollback;
    }
  if (ctx->rejects != NULL)
    {
      FILE *rejects = g_steal_pointer (&ctx->rejects);

      if (fclose (rejects) != 0)
        {
          int saved = errno;

          g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_IO, _("%s: %s"),
                       report->rejects_path, g_strerror (saved));
          goto rollback;
        }
    }
  /* New invoices and payments change how each customer pays: rescore them with the import. A
   * bulk load (a whole history at once) leaves it to the next run, which rescores first. */
  if (ctx->kind != RL_CSV_KIND_CUSTOMERS && !rl_book_in_bulk (ctx->book)
      && !rl_risk_update_all (ctx->book, rl_day_today (), NULL, error))
    goto rollback;
  if (!rl_book_finish_import (ctx->book, ctx->import_id, &report->counts, error)
      || !rl_import_control_step (ctx->options->control, 1.0, error))
    goto rollback;
  if (ctx->options->dry_run)
    {
      rl_book_rollback (ctx->book);
      ctx->import_id = 0;
    }
  else if (!rl_book_commit (ctx->book, error))
    goto rollback;
  report->import_id = ctx->import_id;
  ok = TRUE;
  goto out;

rollback:
  rl_book_rollback (ctx->book);
  ctx->import_id = 0;
out:
  rl_csv_scan_clear (&scan);
  return ok;
}

/**
 * rl_csv_import:
 * @path: the CSV file
 * @options: (nullable): how to read it, %NULL for the defaults (see rl_csv_options_init())
 * @out_report: (out) (optional) (transfer full): what was done, set even on failure so that
 *   the problems can be shown
 *
 * Imports customers, invoices and credit notes, or payments from a CSV file, in one
 * transaction: on failure (or a dry run) the book is unchanged. Rows already in the book are
 * updated, never duplicated.
 *
 * Returns: %TRUE on success; %FALSE with @error in %RL_IMPORT_ERROR (%RL_IMPORT_ERROR_INVALID_ROWS
 *   when rows are bad and @options does not skip them: see the report's problems) or
 *   %RL_BOOK_ERROR
 */
gboolean
rl_csv_import (RlBook              *book,
               const char          *path,
               const RlCsvOptions  *options,
               RlCsvReport        **out_report,
               GError             **error)
{
  g_autoptr(RlCsvReport) report = NULL;
  RlCsvOptions defaults;
  RlCsvImport ctx = { 0 };
  gboolean ok;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (!rl_book_in_transaction (book), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    {
      rl_csv_options_init (&defaults);
      options = &defaults;
    }
  report = report_new ();
  ctx.book = book;
  ctx.options = options;
  ctx.report = report;
  ctx.path = path;
  ctx.row_errors = g_string_new (NULL);

  ok = run_import (&ctx, error);

  if (ctx.rejects != NULL)
    fclose (ctx.rejects);
  _rl_csv_rows_clear (&ctx);
  g_clear_pointer (&ctx.key_counts, g_hash_table_unref);
  g_clear_pointer (&ctx.ref_counts, g_hash_table_unref);
  g_clear_pointer (&ctx.tuple_counts, g_hash_table_unref);
  g_strfreev (ctx.header);
  g_free (ctx.currency);
  g_string_free (ctx.row_errors, TRUE);

  if (out_report != NULL)
    *out_report = g_steal_pointer (&report);
  return ok;
}
