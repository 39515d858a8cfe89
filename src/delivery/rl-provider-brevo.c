/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-delivery"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rl-provider.h"

/* Brevo (formerly Sendinblue): transactional e-mail and SMS, JSON, key in the "api-key"
 * header. An idempotency key in the e-mail's headers makes a resend safe. */

static SoupMessage *
brevo_build (const RlProviderConfig  *config,
             const RlMessage         *m,
             GError                 **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  SoupMessage *msg;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "sender");
  _rl_provider_json_mailbox (b, "email", "name", m->from_address, m->from_name);
  json_builder_set_member_name (b, "to");
  _rl_provider_json_to (b, "email", "name", m);
  if (m->reply_to != NULL)
    {
      json_builder_set_member_name (b, "replyTo");
      _rl_provider_json_mailbox (b, "email", NULL, m->reply_to, NULL);
    }
  _rl_provider_json_member (b, "subject", m->subject);
  _rl_provider_json_member (b, "htmlContent", m->html);
  _rl_provider_json_member (b, "textContent", m->text);
  if (m->attachment != NULL)
    {
      json_builder_set_member_name (b, "attachment");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      _rl_provider_json_member (b, "name", m->attachment_name);
      _rl_provider_json_member (b, "content", RL_ATTACHMENT_PLACEHOLDER);
      json_builder_end_object (b);
      json_builder_end_array (b);
    }
  json_builder_set_member_name (b, "headers");
  json_builder_begin_object (b);
  _rl_provider_json_member (b, RL_CORRELATION_HEADER, m->correlation);
  _rl_provider_json_member (b, "idempotencyKey", m->idempotency_key);
  json_builder_end_object (b);
  json_builder_end_object (b);

  msg = _rl_provider_post_json (config, "/v3/smtp/email", b, m->attachment, error);
  if (msg != NULL)
    _rl_provider_header (msg, "api-key", config->key);
  return msg;
}

const RlProvider rl_provider_brevo = {
  .id = "brevo",
  .name = "Brevo",
  .channel = RL_CHANNEL_EMAIL,
  .default_base_url = "https://api.brevo.com",
  /* Brevo keeps an idempotency key for about 15 minutes; a resend stays well within. */
  .idempotency_window_s = 10 * 60,
  .default_rate = 10.0,
  .reset_header = "x-sib-ratelimit-reset",
  .build = brevo_build,
  .id_path = "$.messageId",
  .error_paths = { "$.message" },
};

/* Brevo wants the number in international form without the "+". */
static SoupMessage *
brevo_sms_build (const RlProviderConfig  *config,
                 const RlMessage         *m,
                 GError                 **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char *to = m->to[0];
  SoupMessage *msg;

  json_builder_begin_object (b);
  _rl_provider_json_member (b, "sender", m->sms_sender);
  _rl_provider_json_member (b, "recipient", to[0] == '+' ? to + 1 : to);
  _rl_provider_json_member (b, "content", m->text);
  _rl_provider_json_member (b, "type", "transactional");
  _rl_provider_json_member (b, "tag", m->correlation);
  json_builder_end_object (b);

  msg = _rl_provider_post_json (config, "/v3/transactionalSMS/sms", b, NULL, error);
  if (msg != NULL)
    _rl_provider_header (msg, "api-key", config->key);
  return msg;
}

const RlProvider rl_provider_brevo_sms = {
  .id = "brevo",
  .name = "Brevo SMS",
  .channel = RL_CHANNEL_SMS,
  .default_base_url = "https://api.brevo.com",
  .default_rate = 10.0,
  .reset_header = "x-sib-ratelimit-reset",
  .build = brevo_sms_build,
  .id_path = "$.messageId",
  .error_paths = { "$.message" },
};
