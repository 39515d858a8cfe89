/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the Factur-X (Cross Industry Invoice) XML reader. */
#include "config.h"

#include <glib.h>
#include <stdint.h>

#include "rl-facturx.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(RlImportReport) report = rl_import_report_new (RL_IMPORT_FORMAT_FACTURX);
  g_autoptr(GError) error = NULL;
  g_autoptr(RlFacturx) fx = rl_facturx_parse_xml ((const char *) data, size, "fuzz.xml", report,
                                                  &error);

  return 0;
}
