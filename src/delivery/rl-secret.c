/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-delivery"

#include "config.h"

#include "rl-secret.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "rl-provider.h"

static const SecretSchema *
relay_schema (void)
{
  static const SecretSchema schema = {
    "io.github.relance.Relance.RelayKey", SECRET_SCHEMA_NONE,
    {
      { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "channel", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* A keyring that cannot be reached says so in words the user can act on. */
static void
explain (GError **error,
         GError  *local)
{
  if (local == NULL)
    return;
  g_set_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_NO_SECRET_SERVICE,
               _("the keyring (secret service) cannot be reached: %s. Start GNOME Keyring, or "
                 "give the key in the RELANCE_RELAY_KEY environment variable for unattended runs"),
               local->message);
  g_error_free (local);
}

/**
 * rl_secret_store_key:
 *
 * Keeps @key for @provider's @channel in the default keyring, replacing the one there.
 */
gboolean
rl_secret_store_key (const char  *provider,
                     RlChannel    channel,
                     const char  *key,
                     GError     **error)
{
  g_autofree char *label = g_strdup_printf (_("Relance: %s API key (%s)"), provider,
                                            rl_channel_to_string (channel));
  GError *local = NULL;

  if (!secret_password_store_sync (relay_schema (), SECRET_COLLECTION_DEFAULT, label, key, NULL,
                                   &local, "provider", provider,
                                   "channel", rl_channel_to_string (channel), NULL))
    {
      explain (error, local);
      return FALSE;
    }
  return TRUE;
}

/**
 * rl_secret_lookup_key:
 *
 * Returns: (transfer full) (nullable): the key kept for @provider's @channel; %NULL with
 *   RL_DELIVERY_ERROR_NO_KEY if there is none, or RL_DELIVERY_ERROR_NO_SECRET_SERVICE
 */
char *
rl_secret_lookup_key (const char  *provider,
                      RlChannel    channel,
                      GError     **error)
{
  GError *local = NULL;
  char *secret = secret_password_lookup_sync (relay_schema (), NULL, &local,
                                              "provider", provider,
                                              "channel", rl_channel_to_string (channel), NULL);
  char *key;

  if (local != NULL)
    {
      explain (error, local);
      return NULL;
    }
  if (secret == NULL)
    {
      g_set_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_NO_KEY,
                   _("no API key for %s in the keyring: store it with “relancectl relay "
                     "--store-key”, or give it in RELANCE_RELAY_KEY"), provider);
      return NULL;
    }
  key = g_strdup (secret);
  secret_password_free (secret);
  return key;
}

gboolean
rl_secret_clear_key (const char  *provider,
                     RlChannel    channel,
                     GError     **error)
{
  GError *local = NULL;

  secret_password_clear_sync (relay_schema (), NULL, &local, "provider", provider,
                              "channel", rl_channel_to_string (channel), NULL);
  if (local != NULL)
    {
      explain (error, local);
      return FALSE;
    }
  return TRUE;
}

/* The same, without blocking: libsecret's asynchronous calls, with its errors explained. */

static void
on_stored_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *local = NULL;
  GError *error = NULL;

  /* A clear that found no key to remove is not an error: only @local says one. */
  if (g_task_get_task_data (task) != NULL)
    secret_password_clear_finish (result, &local);
  else
    secret_password_store_finish (result, &local);
  if (local != NULL)
    {
      explain (&error, local);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * rl_secret_store_key_async:
 * @key: (nullable): the key to keep; %NULL or "" removes the one kept
 *
 * Keeps (or removes) @provider's key for @channel without blocking; see rl_secret_store_key().
 */
void
rl_secret_store_key_async (const char          *provider,
                           RlChannel            channel,
                           const char          *key,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  const char *ch = rl_channel_to_string (channel);

  g_task_set_source_tag (task, rl_secret_store_key_async);
  if (key == NULL || *key == '\0')
    {
      g_task_set_task_data (task, GINT_TO_POINTER (1), NULL);
      secret_password_clear (relay_schema (), cancellable, on_stored_cb, task,
                             "provider", provider, "channel", ch, NULL);
    }
  else
    {
      g_autofree char *label = g_strdup_printf (_("Relance: %s API key (%s)"), provider, ch);

      secret_password_store (relay_schema (), SECRET_COLLECTION_DEFAULT, label, key, cancellable,
                             on_stored_cb, task, "provider", provider, "channel", ch, NULL);
    }
}

gboolean
rl_secret_store_key_finish (GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_looked_up_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *local = NULL;
  GError *error = NULL;
  char *secret = secret_password_lookup_finish (result, &local);

  if (local != NULL)
    {
      explain (&error, local);
      g_task_return_error (task, error);
      return;
    }
  if (secret == NULL)
    {
      g_task_return_new_error (task, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_NO_KEY,
                               _("no API key for %s in the keyring: store it with “relancectl "
                                 "relay --store-key”, or give it in RELANCE_RELAY_KEY"),
                               (const char *) g_task_get_task_data (task));
      return;
    }
  g_task_return_pointer (task, g_strdup (secret), g_free);
  secret_password_free (secret);
}

/**
 * rl_secret_lookup_key_async:
 *
 * Looks up @provider's key for @channel without blocking; rl_secret_lookup_key_finish() gives
 * it, or the errors of rl_secret_lookup_key().
 */
void
rl_secret_lookup_key_async (const char          *provider,
                            RlChannel            channel,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, rl_secret_lookup_key_async);
  g_task_set_task_data (task, g_strdup (provider), g_free);
  secret_password_lookup (relay_schema (), cancellable, on_looked_up_cb, task,
                          "provider", provider, "channel", rl_channel_to_string (channel), NULL);
}

/**
 * rl_secret_lookup_key_finish:
 *
 * Returns: (transfer full) (nullable): the key, or %NULL with @error set
 */
char *
rl_secret_lookup_key_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
