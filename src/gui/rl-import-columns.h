/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rl-import-file.h"

G_BEGIN_DECLS

/* What each column of a CSV file is taken for, and what the file holds, as the user may
 * change them in the import dialog. */
#define RL_TYPE_IMPORT_COLUMNS (rl_import_columns_get_type ())
G_DECLARE_FINAL_TYPE (RlImportColumns, rl_import_columns, RL, IMPORT_COLUMNS, AdwPreferencesGroup)

void       rl_import_columns_show_preview (RlImportColumns    *self,
                                           const RlCsvPreview *preview);
RlCsvKind  rl_import_columns_get_kind     (RlImportColumns    *self);
GArray    *rl_import_columns_dup_fields   (RlImportColumns    *self);
char      *rl_import_columns_dup_missing  (RlImportColumns    *self);

G_END_DECLS
