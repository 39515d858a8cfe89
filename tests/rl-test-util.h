/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

#include "rl-book.h"

G_BEGIN_DECLS

/* What the unit tests share: a scratch folder and a new book in it. */

typedef struct
{
  char   *dir;
  char   *path;
  RlBook *book;
} RlTestBook;

/* Removes a scratch folder and the files in it (books, their -wal and -shm, exports). */
static inline void
rl_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);

      g_remove (p);
    }
  g_rmdir (dir);
}

static inline void
rl_test_book_set_up (RlTestBook    *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("relance-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.relance", NULL);
  f->book = rl_book_open (f->path, RL_BOOK_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->book);
  rl_book_set_actor (f->book, "test");
}

static inline void
rl_test_book_tear_down (RlTestBook    *f,
                        gconstpointer  data)
{
  g_clear_object (&f->book);
  rl_test_remove_dir (f->dir);
  g_clear_pointer (&f->path, g_free);
  g_clear_pointer (&f->dir, g_free);
}

G_END_DECLS
