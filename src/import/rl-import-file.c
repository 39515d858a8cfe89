/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-import"

#include "config.h"

#include "rl-import-file.h"

#include <glib/gi18n-lib.h>

#include "rl-camt.h"
#include "rl-csv-fields.h"
#include "rl-csv-reader.h"
#include "rl-facturx.h"
#include "rl-fec.h"

/* Folds what a CSV import did into the report every other format gives. */
static RlImportReport *
report_from_csv (RlCsvReport *csv)
{
  RlImportReport *report = rl_import_report_new (RL_IMPORT_FORMAT_CSV);
  const char *delimiter = csv->delimiter == '\t' ? _("tab") : csv->delimiter == ';' ? ";" : ",";

  report->csv_kind = csv->kind;
  report->counts = csv->counts;
  report->allocated = csv->allocated;
  report->import_id = csv->import_id;
  report->detail = g_strdup_printf (_("delimiter “%s”, encoding %s"), delimiter,
                                    csv->encoding ? csv->encoding : "");
  g_ptr_array_extend_and_steal (report->problems, g_steal_pointer (&csv->problems));
  csv->problems = g_ptr_array_new_with_free_func (rl_import_problem_free);
  return report;
}

/**
 * rl_import_file:
 * @path: a CSV file, a FEC, a bank statement or Factur-X invoices (a PDF, its XML, a folder)
 * @options: (nullable): %NULL for an import of the whole file or nothing
 * @out_report: (out) (optional) (transfer full): what was done, set even on failure when the
 *   file could be read, so that the problems can be shown
 *
 * Imports one file in one transaction, whatever its format: on failure, cancellation or a
 * dry run the book is left exactly as it was.
 *
 * Returns: %TRUE on success; %FALSE with @error in %RL_IMPORT_ERROR, %RL_BOOK_ERROR or
 *   %G_IO_ERROR_CANCELLED
 */
gboolean
rl_import_file (RlBook                     *book,
                const char                 *path,
                const RlImportFileOptions  *options,
                RlImportReport            **out_report,
                GError                    **error)
{
  static const RlImportFileOptions defaults = { 0 };
  g_autoptr(RlImportReport) report = NULL;
  RlImportFormat format;
  gboolean ok = FALSE;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    options = &defaults;
  format = rl_import_detect_format (path, error);
  if (format == RL_IMPORT_FORMAT_CSV)
    {
      g_autoptr(RlCsvReport) csv = NULL;
      RlCsvOptions csv_options;

      rl_csv_options_init (&csv_options);
      csv_options.dry_run = options->dry_run;
      csv_options.skip_invalid = options->skip_invalid;
      csv_options.rejects_path = options->rejects_path;
      csv_options.chosen = options->mapping;
      csv_options.control = options->control;
      ok = rl_csv_import (book, path, &csv_options, &csv, error);
      if (csv != NULL)
        report = report_from_csv (csv);
    }
  else if (format == RL_IMPORT_FORMAT_FEC)
    {
      RlFecOptions fec_options;

      rl_fec_options_init (&fec_options);
      fec_options.dry_run = options->dry_run;
      fec_options.control = options->control;
      ok = rl_fec_import (book, path, &fec_options, &report, error);
    }
  else if (format == RL_IMPORT_FORMAT_CAMT)
    {
      RlCamtOptions camt_options = { .dry_run = options->dry_run, .control = options->control };

      ok = rl_camt_import (book, path, &camt_options, &report, error);
    }
  else if (format == RL_IMPORT_FORMAT_FACTURX)
    {
      RlFacturxOptions fx_options = { .dry_run = options->dry_run,
                                      .control = options->control };

      ok = rl_facturx_import (book, path, &fx_options, &report, error);
    }
  if (out_report != NULL)
    *out_report = g_steal_pointer (&report);
  return ok;
}

void
rl_csv_preview_free (RlCsvPreview *preview)
{
  if (preview == NULL)
    return;
  g_free (preview->encoding);
  g_ptr_array_unref (preview->header);
  g_array_unref (preview->fields);
  g_ptr_array_unref (preview->rows);
  g_free (preview);
}

/* The columns of the header, each with the field it is taken for (or none): as chosen, else
 * as the import finds them from the header. */
static void
preview_fields (RlCsvPreview       *preview,
                const RlCsvMapping *mapping)
{
  RlCsvColumns columns;
  char **header = (char **) preview->header->pdata;
  guint n = preview->header->len;

  preview->kind = mapping != NULL && mapping->kind != RL_CSV_KIND_AUTO
                  ? mapping->kind : rl_csv_detect_kind (header, n, NULL, NULL);
  g_array_set_size (preview->fields, n);
  for (guint i = 0; i < n; i++)
    g_array_index (preview->fields, int, i) = -1;
  if (preview->kind == RL_CSV_KIND_AUTO)
    return;
  if (mapping != NULL && mapping->n_columns > 0)
    {
      /* What the import would refuse is shown as chosen all the same: the import says why. */
      for (guint i = 0; i < MIN (n, mapping->n_columns); i++)
        if (mapping->fields[i] >= 0 && mapping->fields[i] < RL_CSV_N_FIELDS
            && rl_csv_field_name (preview->kind, mapping->fields[i]) != NULL)
          g_array_index (preview->fields, int, i) = mapping->fields[i];
      return;
    }
  if (!rl_csv_match_columns (preview->kind, header, n, NULL, FALSE, &columns, NULL))
    return;
  for (guint f = 0; f < RL_CSV_N_FIELDS; f++)
    {
      int col = columns.col[f];

      if (col >= 0 && (guint) col < n && g_array_index (preview->fields, int, col) < 0)
        g_array_index (preview->fields, int, col) = f;
    }
}

/**
 * rl_csv_preview:
 * @mapping: (nullable): the kind and the columns chosen, as given to the import
 * @max_rows: how many rows after the header to read
 *
 * Reads the header and the first rows of a CSV file the way rl_csv_import() does (encoding
 * and delimiter detected, fields trimmed), without a book, and what each column is taken
 * for.
 *
 * Returns: (transfer full): the preview, %NULL with @error when the file cannot be read
 */
RlCsvPreview *
rl_csv_preview (const char          *path,
                const RlCsvMapping  *mapping,
                guint                max_rows,
                GError             **error)
{
  g_autoptr(RlCsvPreview) preview = g_new0 (RlCsvPreview, 1);
  g_autoptr(RlCsvReader) reader = NULL;
  g_autoptr(GError) local_error = NULL;
  RlCsvScan scan = { 0 };
  const char *encoding;

  g_return_val_if_fail (path != NULL, NULL);

  preview->header = g_ptr_array_new_with_free_func (g_free);
  preview->fields = g_array_new (FALSE, FALSE, sizeof (int));
  preview->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  if (!rl_csv_scan_file (path, &scan, error))
    return NULL;
  encoding = rl_csv_scan_guess_encoding (&scan);
  preview->encoding = g_ascii_strup (encoding, -1);
  reader = rl_csv_reader_new (path, encoding, &scan, error);
  rl_csv_scan_clear (&scan);
  if (reader == NULL)
    return NULL;
  preview->delimiter = rl_csv_reader_detect_delimiter (reader, error);
  if (preview->delimiter == 0)
    return NULL;
  rl_csv_reader_set_delimiter (reader, preview->delimiter);
  while (preview->rows->len < max_rows && rl_csv_reader_next (reader, &local_error))
    {
      char **fields = rl_csv_reader_fields (reader);
      guint n = rl_csv_reader_n_fields (reader);
      GStrvBuilder *row;

      if (preview->header->len == 0)
        {
          for (guint i = 0; i < n; i++)
            g_ptr_array_add (preview->header, g_strstrip (g_strdup (fields[i])));
          continue;
        }
      row = g_strv_builder_new ();
      for (guint i = 0; i < preview->header->len; i++)
        g_strv_builder_add (row, i < n ? g_strstrip (fields[i]) : "");
      g_ptr_array_add (preview->rows, g_strv_builder_end (row));
      g_strv_builder_unref (row);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (preview->header->len == 0)
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT, "%s: %s", path,
                   _("the file is empty: it needs a header line"));
      return NULL;
    }
  preview_fields (preview, mapping);
  return g_steal_pointer (&preview);
}

/**
 * rl_import_write_problems:
 * @problems: (element-type RlImportProblem): an import's problems
 *
 * Writes the problems as a CSV file (UTF-8, ';'): file, line, field, why.
 *
 * Returns: %FALSE with @error (%G_FILE_ERROR) when the file cannot be written
 */
gboolean
rl_import_write_problems (GPtrArray   *problems,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *header[] = { _("File"), _("Line"), _("Field"), _("Why") };

  g_return_val_if_fail (problems != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  rl_csv_append_record (out, ';', header, G_N_ELEMENTS (header));
  for (guint i = 0; i < problems->len; i++)
    {
      const RlImportProblem *p = g_ptr_array_index (problems, i);
      g_autofree char *base = p->file ? g_path_get_basename (p->file) : g_strdup ("");
      g_autofree char *line = p->line > 0 ? g_strdup_printf ("%u", p->line) : g_strdup ("");
      const char *row[] = { base, line, p->column ? p->column : "",
                            p->message ? p->message : "" };

      rl_csv_append_record (out, ';', row, G_N_ELEMENTS (row));
    }
  return g_file_set_contents (path, out->str, out->len, error);
}
