/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-delivery"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rl-provider.h"

/* Mailjet Send API v3.1: JSON Messages[], Basic authentication with "key:secret". A 200 may
 * still carry a message whose Status is "error". No idempotency key. */

static SoupMessage *
mailjet_build (const RlProviderConfig  *config,
               const RlMessage         *m,
               GError                 **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_auto(GStrv) creds = g_strsplit (config->key, ":", 2);
  SoupMessage *msg;

  if (creds[0] == NULL || creds[1] == NULL)
    {
      g_set_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_CONFIG,
                   _("the Mailjet key must be given as “API key:secret key”"));
      return NULL;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "Messages");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "From");
  _rl_provider_json_mailbox (b, "Email", "Name", m->from_address, m->from_name);
  json_builder_set_member_name (b, "To");
  _rl_provider_json_to (b, "Email", "Name", m);
  if (m->reply_to != NULL)
    {
      json_builder_set_member_name (b, "ReplyTo");
      _rl_provider_json_mailbox (b, "Email", NULL, m->reply_to, NULL);
    }
  _rl_provider_json_member (b, "Subject", m->subject);
  _rl_provider_json_member (b, "TextPart", m->text);
  _rl_provider_json_member (b, "HTMLPart", m->html);
  if (m->attachment != NULL)
    {
      json_builder_set_member_name (b, "Attachments");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      _rl_provider_json_member (b, "ContentType", "application/pdf");
      _rl_provider_json_member (b, "Filename", m->attachment_name);
      _rl_provider_json_member (b, "Base64Content", RL_ATTACHMENT_PLACEHOLDER);
      json_builder_end_object (b);
      json_builder_end_array (b);
    }
  _rl_provider_json_member (b, "CustomID", m->correlation);
  json_builder_set_member_name (b, "Headers");
  json_builder_begin_object (b);
  _rl_provider_json_member (b, RL_CORRELATION_HEADER, m->correlation);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);

  msg = _rl_provider_post_json (config, "/v3.1/send", b, m->attachment, error);
  if (msg != NULL)
    _rl_provider_basic_auth (msg, creds[0], creds[1]);
  memset (creds[1], 0, strlen (creds[1]));
  return msg;
}

static gboolean
mailjet_parse_sent (SoupMessage  *msg,
                    GBytes       *body,
                    char        **out_id,
                    GError      **error)
{
  g_autoptr(JsonNode) root = _rl_provider_parse_json (body);
  g_autofree char *status = _rl_provider_json_string (root, "$.Messages[0].Status");

  if (g_strcmp0 (status, "success") != 0)
    {
      g_autofree char *why = rl_provider_parse_error (&rl_provider_mailjet, body);

      g_set_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_REFUSED, "%s",
                   why != NULL ? why : _("Mailjet did not accept the message"));
      return FALSE;
    }
  *out_id = _rl_provider_json_string (root, "$.Messages[0].To[0].MessageID");
  return TRUE;
}

const RlProvider rl_provider_mailjet = {
  .id = "mailjet",
  .name = "Mailjet",
  .channel = RL_CHANNEL_EMAIL,
  .default_base_url = "https://api.mailjet.com",
  .default_rate = 10.0,
  .build = mailjet_build,
  .parse_sent = mailjet_parse_sent,
  .error_paths = { "$.Messages[0].Errors[0].ErrorMessage", "$.ErrorMessage" },
};
