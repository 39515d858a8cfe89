/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-book"

#include "config.h"

#include "rl-book.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rl-book-private.h"
#include "rl-book-schema.h"
#include "rl-error.h"

/* The book's file: opening it (created private), bringing its schema up to date, checking it
 * and copying it. */

/* Opening and migrating */

int
rl_book_schema_version_latest (void)
{
  return _rl_book_schema_n_migrations ();
}

static int
read_user_version (RlBook *self)
{
  sqlite3_stmt *stmt = NULL;
  int v = -1;

  if (sqlite3_prepare_v2 (_rl_book_get_db (self), "PRAGMA user_version", -1, &stmt, NULL)
      == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static gboolean
migrate (RlBook  *self,
         int      target,
         GError **error)
{
  int from = rl_book_get_schema_version (self);

  for (int v = from + 1; v <= target; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", v);
      g_autoptr(GError) local_error = NULL;

      if (!_rl_book_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!_rl_book_exec (self, _rl_book_schema_migration (v), &local_error)
          || !_rl_book_exec (self, set_version, &local_error)
          || !_rl_book_exec (self, "COMMIT", &local_error))
        {
          _rl_book_exec (self, "ROLLBACK", NULL);
          g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_MIGRATION,
                       _("%s: migration to version %d failed: %s"), rl_book_get_path (self), v,
                       local_error->message);
          return FALSE;
        }
      _rl_book_set_schema_version (self, v);
      g_debug ("%s: migrated to schema version %d", rl_book_get_path (self), v);
    }
  if (target > from && from > 0)
    {
      g_autofree char *detail = g_strdup_printf ("schema %d -> %d", from, target);

      rl_book_audit (self, "migrate", "book", 0, detail, NULL);
    }
  return TRUE;
}

static RlBook *
open_book (const char       *path,
           RlBookOpenFlags   flags,
           int               target_version,
           GError          **error)
{
  g_autoptr(RlBook) self = NULL;
  gboolean exists;
  int rc;
  int fd = -1;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (RL_TYPE_BOOK, NULL);

  /* Create the file ourselves so that it is private from the first byte; SQLite gives its
   * -wal and -shm files the same mode. An existing book is never opened here: closing any
   * descriptor of a file drops every POSIX lock the process holds on it, SQLite's included,
   * and would break the other connections of this process to the same book (the app has
   * one per worker thread). */
  exists = g_access (path, F_OK) == 0;
  if (exists ? g_access (path, R_OK | W_OK) != 0
             : (fd = g_open (path, O_RDWR | ((flags & RL_BOOK_OPEN_CREATE) ? O_CREAT : 0),
                             0600)) < 0)
    {
      int saved = errno;

      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_OPEN, _("%s: %s"), path,
                   saved == ENOENT ? _("no such book (use “init” to create one)")
                                   : g_strerror (saved));
      return NULL;
    }
  if (exists)
    g_chmod (path, 0600);
  else
    {
      fchmod (fd, 0600);
      close (fd);
    }

  if (!_rl_book_connect (self, path, error))
    return NULL;

  /* A file that is not SQLite fails here, before anything is written to it. */
  rc = sqlite3_exec (_rl_book_get_db (self), "SELECT count(*) FROM sqlite_master", NULL, NULL,
                     NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_OPEN, _("%s: not a Relance book (%s)"),
                   path, sqlite3_errmsg (_rl_book_get_db (self)));
      return NULL;
    }

  if (!_rl_book_exec (self, "PRAGMA journal_mode = WAL", error)
      || !_rl_book_exec (self, "PRAGMA foreign_keys = ON", error)
      || !_rl_book_exec (self, (flags & RL_BOOK_OPEN_FAST) ? "PRAGMA synchronous = OFF"
                                                          : "PRAGMA synchronous = NORMAL", error)
      || !_rl_book_exec (self, "PRAGMA cache_size = -65536", error))
    return NULL;

  _rl_book_set_schema_version (self, read_user_version (self));
  if (rl_book_get_schema_version (self) < 0)
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_OPEN, _("%s: cannot read the schema version"),
                   path);
      return NULL;
    }
  if (rl_book_get_schema_version (self) > rl_book_schema_version_latest ())
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_TOO_NEW,
                   _("%s: this book was written by a newer Relance (schema %d, this one knows %d)"),
                   path, rl_book_get_schema_version (self), rl_book_schema_version_latest ());
      return NULL;
    }
  if (rl_book_get_schema_version (self) == 0)
    {
      /* An empty file is a new book; a file with foreign tables is not ours. */
      sqlite3_stmt *stmt = NULL;
      int n = 0;

      if (sqlite3_prepare_v2 (_rl_book_get_db (self), "SELECT count(*) FROM sqlite_master", -1,
                              &stmt, NULL)
          == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      if (n > 0)
        {
          g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_OPEN,
                       _("%s: an SQLite file, but not a Relance book"), path);
          return NULL;
        }
    }
  else if (rl_book_get_schema_version (self) < target_version)
    {
      /* Keep a copy of the book as it was before changing its schema. */
      g_autofree char *backup = g_strdup_printf ("%s.schema%d.bak", path,
                                                 rl_book_get_schema_version (self));

      if (!rl_book_backup (self, backup, error))
        return NULL;
    }

  if (!migrate (self, target_version, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * rl_book_open:
 * @path: the book's file
 * @flags: whether to create it
 *
 * Opens a book, creating it with mode 0600 when asked, and brings its schema to the latest
 * version (after a backup copy "FILE.schemaN.bak" of an older book).
 *
 * Returns: (transfer full): the book, or %NULL with @error set (%RL_BOOK_ERROR_OPEN,
 *   %RL_BOOK_ERROR_TOO_NEW, %RL_BOOK_ERROR_MIGRATION)
 */
RlBook *
rl_book_open (const char       *path,
              RlBookOpenFlags   flags,
              GError          **error)
{
  return open_book (path, flags, rl_book_schema_version_latest (), error);
}

RlBook *
_rl_book_open_at_version (const char  *path,
                          int          version,
                          GError     **error)
{
  return open_book (path, RL_BOOK_OPEN_CREATE, version, error);
}

/* Checking and copying */

gboolean
rl_book_integrity_check (RlBook  *self,
                         GError **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (self), FALSE);

  rc = sqlite3_prepare_v2 (_rl_book_get_db (self), "PRAGMA integrity_check", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return _rl_book_sql_error (self, rc, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0)
        g_string_append_printf (problems, "%s%s", problems->len ? "; " : "", line);
    }
  sqlite3_finalize (stmt);
  rc = sqlite3_prepare_v2 (_rl_book_get_db (self), "PRAGMA foreign_key_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (problems->len > 0)
        g_string_append (problems, "; ");
      g_string_append_printf (problems, _("foreign key violation in %s"),
                              sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);

  if (problems->len > 0)
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID, _("%s: %s"),
                   rl_book_get_path (self), problems->str);
      return FALSE;
    }
  return TRUE;
}

/**
 * rl_book_backup:
 * @dest_path: where to write the copy (replaced if it exists)
 *
 * Copies the book with SQLite's online backup, consistent even while it is in use.
 */
gboolean
rl_book_backup (RlBook      *self,
                const char  *dest_path,
                GError     **error)
{
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;
  int fd;

  g_return_val_if_fail (RL_IS_BOOK (self), FALSE);

  fd = g_open (dest_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_OPEN, _("%s: %s"), dest_path,
                   g_strerror (saved));
      return FALSE;
    }
  close (fd);

  rc = sqlite3_open_v2 (dest_path, &dest, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (dest, "main", _rl_book_get_db (self), "main");
      if (backup != NULL)
        {
          sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
        }
      rc = sqlite3_errcode (dest);
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_SQL, _("%s: backup failed: %s"), dest_path,
                   sqlite3_errmsg (dest));
      sqlite3_close (dest);
      return FALSE;
    }
  sqlite3_close (dest);
  return TRUE;
}
