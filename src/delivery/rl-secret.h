/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rl-engine.h"

G_BEGIN_DECLS

/* The relay providers' API keys, in the user's keyring (libsecret), under the app's own
 * schema: never in the book, a file or a log. */

gboolean  rl_secret_store_key   (const char  *provider,
                                 RlChannel    channel,
                                 const char  *key,
                                 GError     **error);
char     *rl_secret_lookup_key  (const char  *provider,
                                 RlChannel    channel,
                                 GError     **error);
gboolean  rl_secret_clear_key   (const char  *provider,
                                 RlChannel    channel,
                                 GError     **error);

void      rl_secret_store_key_async   (const char          *provider,
                                       RlChannel            channel,
                                       const char          *key,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean  rl_secret_store_key_finish  (GAsyncResult        *result,
                                       GError             **error);
void      rl_secret_lookup_key_async  (const char          *provider,
                                       RlChannel            channel,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
char     *rl_secret_lookup_key_finish (GAsyncResult        *result,
                                       GError             **error);

G_END_DECLS
