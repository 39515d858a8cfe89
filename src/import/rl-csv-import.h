/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rl-book.h"

G_BEGIN_DECLS

#define RL_IMPORT_ERROR (rl_import_error_quark ())

typedef enum
{
  RL_IMPORT_ERROR_IO,            /* cannot read the file */
  RL_IMPORT_ERROR_ENCODING,      /* not in a known encoding */
  RL_IMPORT_ERROR_FORMAT,        /* no header, unknown kind, missing required column */
  RL_IMPORT_ERROR_INVALID_ROWS,  /* some rows are bad: see the report's problems */
  RL_IMPORT_ERROR_MAPPING,       /* the explicit mapping names a field or column that is not there */
  RL_IMPORT_ERROR_CANCELLED,
} RlImportError;

/* How far an import has come, from 0 to 1; called in the thread that imports. */
typedef void (*RlImportProgressFunc) (double   fraction,
                                      gpointer user_data);

/* What the caller of an import can watch and stop. Every importer takes one (nullable): a
 * cancelled import rolls its one transaction back and fails with %G_IO_ERROR_CANCELLED. */
typedef struct
{
  GCancellable         *cancellable;
  RlImportProgressFunc  progress;
  gpointer              progress_data;
} RlImportControl;

typedef enum
{
  RL_CSV_KIND_AUTO,
  RL_CSV_KIND_CUSTOMERS,
  RL_CSV_KIND_INVOICES,   /* invoices and credit notes */
  RL_CSV_KIND_PAYMENTS,
} RlCsvKind;

/* What the columns of a CSV file are taken for, chosen one by one (the app's import dialog)
 * rather than found from the header. By position, so that any header can be chosen, even one
 * with a comma or '=' in it, or two columns of the same name. */
typedef struct
{
  RlCsvKind    kind;       /* AUTO: from the header */
  guint        n_columns;  /* 0: the columns are found from the header, for @kind */
  const int   *fields;     /* per column of the header: its #RlCsvField, or -1: not imported */
} RlCsvMapping;

typedef struct
{
  RlCsvKind         kind;         /* AUTO: from the header */
  char              delimiter;    /* 0: detect among ';' ',' TAB */
  const char       *encoding;     /* NULL: detect UTF-8 (BOM or not), Windows-1252, ISO-8859-15 */
  RlDecimalStyle    decimal;      /* AUTO: comma for ';' and TAB files, point for ',' files */
  RlDateOrder       date_order;   /* DMY by default */
  const char       *mapping;      /* "field=Column header,field=Column header", overrides the
                                     header matching; NULL for none */
  const RlCsvMapping *chosen;     /* (nullable): the kind and every column's field, chosen;
                                     overrides @kind, @mapping and the header matching */
  gboolean          skip_invalid; /* import the valid rows, report the others */
  const char       *rejects_path; /* with skip_invalid: where to write the rejected rows as CSV
                                     (NULL: FILE.rejects.csv beside the input) */
  RlAllocatePolicy  allocate;     /* for payments */
  gboolean          dry_run;      /* do everything, then roll back */
  const RlImportControl *control; /* (nullable): progress and cancellation */
} RlCsvOptions;

/* One bad row (or a file-level problem, with line 0). */
typedef struct
{
  char  *file;
  guint  line;      /* physical line number where the record starts, 1-based */
  char  *column;    /* header name as in the file, or NULL */
  char  *message;
} RlImportProblem;

typedef struct
{
  RlCsvKind       kind;
  char            delimiter;
  char           *encoding;
  GPtrArray      *columns;      /* (element-type utf8): "field ← Header" for every mapped column */
  GPtrArray      *ignored;      /* (element-type utf8): headers not used */
  RlImportCounts  counts;
  RlCents         allocated;    /* payments: how much went to invoices */
  GPtrArray      *problems;     /* (element-type RlImportProblem) */
  char           *rejects_path; /* where the rejects were written, if any */
  gint64          import_id;    /* 0 after a dry run or a failure */
} RlCsvReport;

GQuark       rl_import_error_quark  (void);
gboolean     rl_import_control_step (const RlImportControl *control,
                                     double         fraction,
                                     GError       **error);

void         rl_csv_options_init    (RlCsvOptions  *options);
gboolean     rl_csv_import          (RlBook             *book,
                                     const char         *path,
                                     const RlCsvOptions *options,
                                     RlCsvReport       **out_report,
                                     GError            **error);
void         rl_csv_report_free     (RlCsvReport   *report);
char        *rl_import_problem_to_string (const RlImportProblem *problem);
void         rl_import_problem_free (gpointer data);
const char  *rl_csv_kind_to_string  (RlCsvKind      kind);
const char  *rl_csv_kind_label      (RlCsvKind      kind);
gboolean     rl_csv_kind_from_string (const char   *s,
                                      RlCsvKind    *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlCsvReport, rl_csv_report_free)

G_END_DECLS
