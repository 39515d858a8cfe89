/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-delivery"

#include "config.h"

#include "rl-provider.h"

/* SendGrid Mail Send v3: JSON with personalizations, Bearer key; 202 with the message id in
 * the X-Message-Id header. No idempotency key. */

static void
add_content (JsonBuilder *b,
             const char  *type,
             const char  *value)
{
  json_builder_begin_object (b);
  _rl_provider_json_member (b, "type", type);
  _rl_provider_json_member (b, "value", value);
  json_builder_end_object (b);
}

static SoupMessage *
sendgrid_build (const RlProviderConfig  *config,
                const RlMessage         *m,
                GError                 **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *bearer = NULL;
  SoupMessage *msg;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "personalizations");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "to");
  _rl_provider_json_to (b, "email", "name", m);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "from");
  _rl_provider_json_mailbox (b, "email", "name", m->from_address, m->from_name);
  if (m->reply_to != NULL)
    {
      json_builder_set_member_name (b, "reply_to");
      _rl_provider_json_mailbox (b, "email", NULL, m->reply_to, NULL);
    }
  _rl_provider_json_member (b, "subject", m->subject);
  json_builder_set_member_name (b, "content");
  json_builder_begin_array (b);
  add_content (b, "text/plain", m->text);
  add_content (b, "text/html", m->html);
  json_builder_end_array (b);
  if (m->attachment != NULL)
    {
      json_builder_set_member_name (b, "attachments");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      _rl_provider_json_member (b, "content", RL_ATTACHMENT_PLACEHOLDER);
      _rl_provider_json_member (b, "type", "application/pdf");
      _rl_provider_json_member (b, "filename", m->attachment_name);
      _rl_provider_json_member (b, "disposition", "attachment");
      json_builder_end_object (b);
      json_builder_end_array (b);
    }
  json_builder_set_member_name (b, "headers");
  json_builder_begin_object (b);
  _rl_provider_json_member (b, RL_CORRELATION_HEADER, m->correlation);
  json_builder_end_object (b);
  json_builder_end_object (b);

  msg = _rl_provider_post_json (config, "/v3/mail/send", b, m->attachment, error);
  if (msg == NULL)
    return NULL;
  bearer = g_strdup_printf ("Bearer %s", config->key);
  _rl_provider_header (msg, "Authorization", bearer);
  return msg;
}

static gboolean
sendgrid_parse_sent (SoupMessage  *msg,
                     GBytes       *body,
                     char        **out_id,
                     GError      **error)
{
  *out_id = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                    "X-Message-Id"));
  return TRUE;
}

const RlProvider rl_provider_sendgrid = {
  .id = "sendgrid",
  .name = "SendGrid",
  .channel = RL_CHANNEL_EMAIL,
  .default_base_url = "https://api.sendgrid.com",
  .default_rate = 10.0,
  .reset_header = "X-RateLimit-Reset",
  .reset_is_epoch = TRUE,
  .build = sendgrid_build,
  .parse_sent = sendgrid_parse_sent,
  .error_paths = { "$.errors[0].message" },
};
