/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-delivery"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rl-provider.h"

/* Twilio Programmable Messaging: a form to /2010-04-01/Accounts/{sid}/Messages.json, Basic
 * authentication with the account SID and its token, given together as "SID:token"; 201
 * {sid}. No idempotency key. */

static SoupMessage *
twilio_build (const RlProviderConfig  *config,
              const RlMessage         *m,
              GError                 **error)
{
  g_auto(GStrv) creds = g_strsplit (config->key, ":", 2);
  g_autofree char *path = NULL;
  g_autoptr(GBytes) body = NULL;
  SoupMessage *msg;
  char *form;

  if (creds[0] == NULL || creds[1] == NULL || strchr (creds[0], '/') != NULL)
    {
      g_set_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_CONFIG,
                   _("the Twilio key must be given as “account SID:auth token”"));
      return NULL;
    }
  path = g_strdup_printf ("/2010-04-01/Accounts/%s/Messages.json", creds[0]);
  msg = _rl_provider_post (config, path, error);
  if (msg != NULL)
    {
      form = soup_form_encode ("To", m->to[0], "From", m->sms_sender, "Body", m->text, NULL);
      body = g_bytes_new_take (form, strlen (form));
      soup_message_set_request_body_from_bytes (msg, SOUP_FORM_MIME_TYPE_URLENCODED, body);
      _rl_provider_basic_auth (msg, creds[0], creds[1]);
    }
  memset (creds[1], 0, strlen (creds[1]));
  return msg;
}

const RlProvider rl_provider_twilio = {
  .id = "twilio",
  .name = "Twilio",
  .channel = RL_CHANNEL_SMS,
  .default_base_url = "https://api.twilio.com",
  .default_rate = 10.0,
  .id_path = "$.sid",
  .error_paths = { "$.message" },
  .build = twilio_build,
};
