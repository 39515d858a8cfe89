/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *name;
  GBytes *bytes;
} RlZipEntry;

gboolean   rl_zip_is_zip      (const guchar *data,
                               gsize         len);
GPtrArray *rl_zip_read        (const guchar *data,
                               gsize         len,
                               gsize         max_total,
                               GError      **error);
void       rl_zip_entry_free  (RlZipEntry   *entry);

G_END_DECLS
