/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-import-file.h"

G_BEGIN_DECLS

/* One figure of an import: "New invoices and credit notes", "3". */
typedef struct
{
  char *title;
  char *value;
} RlImportFigure;

GPtrArray  *rl_import_report_figures (const RlImportReport *report);
char       *rl_import_format_text    (const RlImportReport *report);
const char *rl_import_field_label    (RlCsvKind             kind,
                                      int                   field);
void        rl_import_figure_free    (RlImportFigure       *figure);

G_END_DECLS
