/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-book.h"
#include "rl-import-format.h"

G_BEGIN_DECLS

/* The setting that holds the receivable account prefix ("411" when unset). */
#define RL_FEC_SETTING_PREFIX "fec.receivable_prefix"

typedef struct
{
  const char *receivable_prefix;  /* NULL: the book's setting, else "411" */
  const char *encoding;           /* NULL: detect UTF-8 (BOM or not) or ISO-8859-15 */
  gboolean    dry_run;            /* do everything, then roll back */
  const RlImportControl *control; /* (nullable): progress and cancellation */
} RlFecOptions;

void      rl_fec_options_init  (RlFecOptions        *options);
gboolean  rl_fec_import        (RlBook              *book,
                                const char          *path,
                                const RlFecOptions  *options,
                                RlImportReport     **out_report,
                                GError             **error);

G_END_DECLS
