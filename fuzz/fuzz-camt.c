/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the camt.053/054 reader (libxml2 with no DTD, entries, amounts). */
#include "config.h"

#include <glib.h>
#include <stdint.h>

#include "rl-camt.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(RlImportReport) report = rl_import_report_new (RL_IMPORT_FORMAT_CAMT);
  g_autoptr(GError) error = NULL;
  g_autoptr(RlCamtDoc) doc = rl_camt_parse ((const char *) data, size, "fuzz.xml", report,
                                            &error);

  return 0;
}
