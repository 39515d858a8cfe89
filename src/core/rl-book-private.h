/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "rl-book-pages.h"
#include "rl-book.h"

G_BEGIN_DECLS

/* Internals shared by the book-*.c files: only core/ sees SQL. */

sqlite3      *_rl_book_get_db      (RlBook      *self);
sqlite3_stmt *_rl_book_stmt        (RlBook      *self,
                                    const char  *sql,
                                    GError     **error);
gboolean      _rl_book_sql_error   (RlBook      *self,
                                    int          rc,
                                    GError     **error);
gboolean      _rl_book_step_done   (RlBook       *self,
                                    sqlite3_stmt *stmt,
                                    GError      **error);
gboolean      _rl_book_exec        (RlBook      *self,
                                    const char  *sql,
                                    GError     **error);
void          _rl_bind_text        (sqlite3_stmt *stmt,
                                    int           index,
                                    const char   *text);
void          _rl_bind_day         (sqlite3_stmt *stmt,
                                    int           index,
                                    RlDay         day);
char         *_rl_column_text      (sqlite3_stmt *stmt,
                                    int           col);
RlDay         _rl_column_day       (sqlite3_stmt *stmt,
                                    int           col);
char         *_rl_now_iso          (void);
const char   *_rl_book_now         (RlBook      *self);

gboolean      _rl_book_set_derived_setting (RlBook      *self,
                                            const char  *key,
                                            const char  *value,
                                            GError     **error);
gboolean      _rl_book_try_begin   (RlBook      *self);
void          _rl_book_keep_cached (RlBook      *self,
                                    const char  *family,
                                    const char  *key,
                                    const char  *text,
                                    int          keep);
gint64        _rl_book_query_int64 (RlBook      *self,
                                    const char  *sql);
gboolean      _rl_book_begin_trusted (RlBook     *self,
                                      GError    **error);
gboolean      _rl_book_totals_stale  (RlBook     *self);
gboolean      _rl_book_fill_invoice_totals (RlBook  *self,
                                            GError **error);

gboolean      _rl_book_compute_dashboard_figures (RlBook             *book,
                                                  RlDay               as_of,
                                                  int                 days,
                                                  gboolean            full,
                                                  RlDashboardFigures *out,
                                                  GError            **error);

/* For rl-book-open.c, which opens a book and brings its schema up to date. */
gboolean      _rl_book_connect     (RlBook      *self,
                                    const char  *path,
                                    GError     **error);
void          _rl_book_set_schema_version (RlBook *self,
                                           int     version);

/* For tests: create or upgrade a book only up to a given schema version. */
RlBook       *_rl_book_open_at_version (const char  *path,
                                        int          version,
                                        GError     **error);

G_END_DECLS
