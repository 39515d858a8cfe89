/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the import tests share: files written in the scratch folder. */

/* Writes @content (@len bytes, or up to its NUL when -1) to @dir/@name. Returns: the path */
static inline char *
rl_test_write_file (const char *dir,
                    const char *name,
                    const char *content,
                    gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, content, len, &error));
  g_assert_no_error (error);
  return path;
}

G_END_DECLS
