/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-book.h"
#include "rl-import-format.h"

G_BEGIN_DECLS

/* One file of any format the book imports, for front ends that do not care which: the app's
 * import dialog. The format is found from the content (rl_import_detect_format()). */
typedef struct
{
  gboolean               dry_run;       /* do everything, then roll back */
  gboolean               skip_invalid;  /* CSV: import the valid rows, report the others */
  const char            *rejects_path;  /* CSV with skip_invalid: where the rejected rows go */
  const RlCsvMapping    *mapping;       /* CSV: (nullable) the kind and the columns chosen */
  const RlImportControl *control;       /* (nullable): progress and cancellation */
} RlImportFileOptions;

gboolean  rl_import_file            (RlBook                     *book,
                                     const char                 *path,
                                     const RlImportFileOptions  *options,
                                     RlImportReport            **out_report,
                                     GError                    **error);

/* The first rows of a CSV file and what each column is taken for. */
typedef struct
{
  RlCsvKind   kind;        /* chosen, or from the header; AUTO when the header does not say */
  char        delimiter;
  char       *encoding;
  GPtrArray  *header;      /* (element-type utf8) */
  GArray     *fields;      /* (element-type int): per column, its #RlCsvField (chosen, or
                              found from the header), or -1 */
  GPtrArray  *rows;        /* (element-type GStrv): the first rows, as many fields as the header */
} RlCsvPreview;

RlCsvPreview *rl_csv_preview        (const char          *path,
                                     const RlCsvMapping  *mapping,
                                     guint                max_rows,
                                     GError       **error);
void          rl_csv_preview_free   (RlCsvPreview  *preview);

gboolean  rl_import_write_problems  (GPtrArray     *problems,
                                     const char    *path,
                                     GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlCsvPreview, rl_csv_preview_free)

G_END_DECLS
