/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the zip reader of zipped bank statements (offsets, sizes, inflate). */
#include "config.h"

#include <glib.h>
#include <stdint.h>

#include "rl-zip.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = rl_zip_read (data, size, 16 * 1024 * 1024, &error);

  if (entries != NULL)
    g_ptr_array_unref (entries);
  return 0;
}
