/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rl-dispatcher.h"

G_BEGIN_DECLS

/* The dispatcher run in a thread of its own: its own connection to the book, its own main
 * context and HTTP session. Recording each message's states waits on SQLite (up to the busy
 * timeout while another process writes); the caller's main loop never does. What happens is
 * told in the caller's main context, in order: "message-started", then "message-done", for
 * each message. */

#define RL_TYPE_DISPATCH_THREAD (rl_dispatch_thread_get_type ())
G_DECLARE_FINAL_TYPE (RlDispatchThread, rl_dispatch_thread, RL, DISPATCH_THREAD, GObject)

/* Run in the worker thread, on its connection to the book. */
typedef RlDispatcher *(*RlDispatcherFactory) (RlBook   *book,
                                              gpointer  data,
                                              GError  **error);
typedef RlMessage    *(*RlMessageFactory)    (RlBook   *book,
                                              gpointer  data,
                                              GError  **error);

RlDispatchThread *rl_dispatch_thread_new        (const char           *book_path,
                                                 RlDispatcherFactory   factory,
                                                 gpointer              data,
                                                 GDestroyNotify        data_free);
void              rl_dispatch_thread_send_async (RlDispatchThread     *self,
                                                 GArray               *action_ids,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
void              rl_dispatch_thread_send_message_async (RlDispatchThread *self,
                                                 RlMessageFactory      build,
                                                 gpointer              data,
                                                 GDestroyNotify        data_free,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GPtrArray        *rl_dispatch_thread_send_finish (RlDispatchThread    *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
void              rl_dispatch_thread_stop       (RlDispatchThread     *self);

G_END_DECLS
