/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rl-import-file.h"

G_BEGIN_DECLS

#define RL_TYPE_IMPORT_DIALOG (rl_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RlImportDialog, rl_import_dialog, RL, IMPORT_DIALOG, AdwWindow)

void       rl_import_dialog_open     (GtkWindow             *parent,
                                      const char            *book_path,
                                      const char * const    *paths);
void       rl_import_dialog_choose   (GtkWindow             *parent,
                                      const char            *book_path);

G_END_DECLS
