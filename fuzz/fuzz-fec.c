/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the FEC reader (separators, encodings, line endings, amounts, dates). */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <unistd.h>

#include "rl-fec-private.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static char *path;
  g_autoptr(RlImportReport) report = rl_import_report_new (RL_IMPORT_FORMAT_FEC);
  g_autoptr(GError) error = NULL;
  RlFecFile file = { 0 };

  if (path == NULL)
    path = g_strdup_printf ("%s/relance-fuzz-fec-%d.txt", g_get_tmp_dir (), (int) getpid ());
  if (!g_file_set_contents (path, (const char *) data, size, NULL))
    return 0;
  rl_fec_read (path, "411", NULL, &file, report, &error);
  rl_fec_file_clear (&file);
  return 0;
}
