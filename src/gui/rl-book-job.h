/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rl-book.h"

G_BEGIN_DECLS

/* Book work off the main thread: the function runs in a worker thread on its own connection to
 * the book (the same file opened again), and the result comes back to the caller's main
 * context. The main loop never waits for SQLite. */

typedef gpointer (*RlBookJobFunc) (RlBook   *book,
                                   gpointer  data,
                                   GError  **error);

void      rl_book_job_run_async (const char          *book_path,
                                 RlBookJobFunc        func,
                                 gpointer             data,
                                 GDestroyNotify       data_free,
                                 GDestroyNotify       result_free,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
gpointer  rl_book_job_finish    (GAsyncResult        *result,
                                 GError             **error);
void      rl_book_job_thread_background (void);

/* A change to the book, made in one transaction: all of it or nothing. */
typedef gboolean (*RlBookChangeFunc) (RlBook   *book,
                                      gpointer  data,
                                      GError  **error);

void      rl_book_change_async  (const char          *book_path,
                                 RlBookChangeFunc     func,
                                 gpointer             data,
                                 GDestroyNotify       data_free,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
gboolean  rl_book_change_finish (GAsyncResult        *result,
                                 GError             **error);

GCancellable *rl_cancellable_renew (GCancellable **cancellable);

G_END_DECLS
