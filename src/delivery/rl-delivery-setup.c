/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-delivery"

#include "config.h"

#include "rl-delivery-setup.h"

#include <glib/gi18n-lib.h>

#include "rl-secret.h"

/* A dispatcher set up from the book's settings, with the API keys given (from the
 * environment, for unattended runs) or else from the keyring. */

/**
 * rl_delivery_provider_id:
 *
 * Returns: (transfer full) (nullable): the provider chosen for @channel: Brevo for e-mail
 *   unless another is set, none for SMS unless one is set
 */
char *
rl_delivery_provider_id (RlBook    *book,
                         RlChannel  channel)
{
  char *id = rl_book_get_setting (book, channel == RL_CHANNEL_SMS ? RL_SETTING_SMS_PROVIDER
                                                                  : RL_SETTING_EMAIL_PROVIDER);

  if (id == NULL && channel == RL_CHANNEL_EMAIL)
    id = g_strdup ("brevo");
  return id;
}

static guint
setting_uint (RlBook     *book,
              const char *key,
              guint       fallback)
{
  g_autofree char *text = rl_book_get_setting (book, key);
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
    return fallback;
  return (guint) value;
}

static gboolean
add_provider (RlDispatcher  *dispatcher,
              RlBook        *book,
              RlChannel      channel,
              const char    *key,
              gboolean      *out_added,
              GError       **error)
{
  g_auto(RlProviderConfig) config = { 0 };
  g_autofree char *id = rl_delivery_provider_id (book, channel);
  gboolean sms = channel == RL_CHANNEL_SMS;
  const RlProvider *provider;

  *out_added = FALSE;
  if (id == NULL)
    return TRUE;
  provider = rl_provider_find (id, channel);
  if (provider == NULL)
    {
      g_set_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_CONFIG,
                   sms ? _("“%s” is not an SMS provider (brevo, twilio)")
                       : _("“%s” is not an e-mail provider (brevo, mailjet, sendgrid, postmark, "
                           "mailgun)"), id);
      return FALSE;
    }
  config.key = key != NULL && *key != '\0' ? g_strdup (key)
                                            : rl_secret_lookup_key (id, channel, error);
  if (config.key == NULL)
    return FALSE;
  config.base_url = rl_book_get_setting (book, sms ? RL_SETTING_SMS_BASE_URL
                                                   : RL_SETTING_EMAIL_BASE_URL);
  config.account = rl_book_get_setting (book, RL_SETTING_EMAIL_ACCOUNT);
  rl_dispatcher_set_provider (dispatcher, provider, &config);
  *out_added = TRUE;
  return TRUE;
}

/* A dispatcher for the providers set in @book, of the channels asked for. */
static RlDispatcher *
dispatcher_for (RlBook      *book,
                gboolean     with_email,
                const char  *email_key,
                gboolean     with_sms,
                const char  *sms_key,
                GError     **error)
{
  g_autoptr(RlDispatcher) d = rl_dispatcher_new (book);
  g_autofree char *rate = rl_book_get_setting (book, RL_SETTING_RATE);
  gboolean email = FALSE, sms = FALSE;

  if ((with_email && !add_provider (d, book, RL_CHANNEL_EMAIL, email_key, &email, error))
      || (with_sms && !add_provider (d, book, RL_CHANNEL_SMS, sms_key, &sms, error)))
    return NULL;
  rl_dispatcher_set_retry (d, setting_uint (book, RL_SETTING_MAX_ATTEMPTS, 5),
                           setting_uint (book, RL_SETTING_RETRY_DELAY_MS, 1000), 5 * 60 * 1000);
  rl_dispatcher_set_timeout (d, setting_uint (book, RL_SETTING_TIMEOUT, 30));
  if (rate != NULL)
    {
      rl_dispatcher_set_rate (d, RL_CHANNEL_EMAIL, g_ascii_strtod (rate, NULL));
      rl_dispatcher_set_rate (d, RL_CHANNEL_SMS, g_ascii_strtod (rate, NULL));
    }
  return g_steal_pointer (&d);
}

/**
 * rl_delivery_dispatcher:
 * @email_key: (nullable): the e-mail provider's key, or %NULL to read it from the keyring
 * @sms_key: (nullable): the same for the SMS provider
 *
 * Returns: (transfer full): a dispatcher for the providers set in @book, or %NULL with
 *   RL_DELIVERY_ERROR_CONFIG, _NO_KEY or _NO_SECRET_SERVICE
 */
RlDispatcher *
rl_delivery_dispatcher (RlBook      *book,
                        const char  *email_key,
                        const char  *sms_key,
                        GError     **error)
{
  return dispatcher_for (book, TRUE, email_key, TRUE, sms_key, error);
}

/**
 * rl_delivery_dispatcher_for_channel:
 * @key: the provider's key, already read (the keyring is not asked)
 *
 * A dispatcher for @channel's provider only, as a test message needs: the other channel's
 * settings and key play no part.
 *
 * Returns: (transfer full): the dispatcher, or %NULL with RL_DELIVERY_ERROR_CONFIG
 */
RlDispatcher *
rl_delivery_dispatcher_for_channel (RlBook      *book,
                                    RlChannel    channel,
                                    const char  *key,
                                    GError     **error)
{
  g_return_val_if_fail (key != NULL && *key != '\0', NULL);

  return dispatcher_for (book, channel == RL_CHANNEL_EMAIL, key, channel == RL_CHANNEL_SMS, key,
                         error);
}
