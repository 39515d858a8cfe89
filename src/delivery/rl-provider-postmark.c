/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-delivery"

#include "config.h"

#include "rl-provider.h"

/* Postmark: JSON, server token in X-Postmark-Server-Token; 200 {MessageID}, 422 for a message
 * it refuses. No idempotency key. */

static SoupMessage *
postmark_build (const RlProviderConfig  *config,
                const RlMessage         *m,
                GError                 **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *from = _rl_provider_mailbox (m->from_name, m->from_address);
  g_autofree char *to = g_strjoinv (", ", m->to);
  SoupMessage *msg;

  json_builder_begin_object (b);
  _rl_provider_json_member (b, "From", from);
  _rl_provider_json_member (b, "To", to);
  if (m->reply_to != NULL)
    _rl_provider_json_member (b, "ReplyTo", m->reply_to);
  _rl_provider_json_member (b, "Subject", m->subject);
  _rl_provider_json_member (b, "HtmlBody", m->html);
  _rl_provider_json_member (b, "TextBody", m->text);
  if (m->attachment != NULL)
    {
      json_builder_set_member_name (b, "Attachments");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      _rl_provider_json_member (b, "Name", m->attachment_name);
      _rl_provider_json_member (b, "Content", RL_ATTACHMENT_PLACEHOLDER);
      _rl_provider_json_member (b, "ContentType", "application/pdf");
      json_builder_end_object (b);
      json_builder_end_array (b);
    }
  json_builder_set_member_name (b, "Headers");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  _rl_provider_json_member (b, "Name", RL_CORRELATION_HEADER);
  _rl_provider_json_member (b, "Value", m->correlation);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);

  msg = _rl_provider_post_json (config, "/email", b, m->attachment, error);
  if (msg != NULL)
    _rl_provider_header (msg, "X-Postmark-Server-Token", config->key);
  return msg;
}

const RlProvider rl_provider_postmark = {
  .id = "postmark",
  .name = "Postmark",
  .channel = RL_CHANNEL_EMAIL,
  .default_base_url = "https://api.postmarkapp.com",
  .default_rate = 10.0,
  .build = postmark_build,
  .id_path = "$.MessageID",
  .error_paths = { "$.Message" },
};
