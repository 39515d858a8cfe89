/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

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

G_END_DECLS
