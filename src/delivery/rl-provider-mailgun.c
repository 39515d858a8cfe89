/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-delivery"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rl-provider.h"

/* Mailgun: multipart/form-data to /v3/{domain}/messages, Basic authentication as "api"; the
 * EU region has its own host (https://api.eu.mailgun.net), set as the base URL. No
 * idempotency key. */

static SoupMessage *
mailgun_build (const RlProviderConfig  *config,
               const RlMessage         *m,
               GError                 **error)
{
  g_autoptr(SoupMultipart) form = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  g_autofree char *from = _rl_provider_mailbox (m->from_name, m->from_address);
  g_autofree char *path = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;

  if (config->account == NULL || *config->account == '\0' || strchr (config->account, '/'))
    {
      g_set_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_CONFIG,
                   _("Mailgun needs the sending domain (the account)"));
      return NULL;
    }
  path = g_strdup_printf ("/v3/%s/messages", config->account);
  msg = _rl_provider_post (config, path, error);
  if (msg == NULL)
    return NULL;

  soup_multipart_append_form_string (form, "from", from);
  for (guint i = 0; m->to[i] != NULL; i++)
    soup_multipart_append_form_string (form, "to", m->to[i]);
  soup_multipart_append_form_string (form, "subject", m->subject);
  soup_multipart_append_form_string (form, "text", m->text);
  soup_multipart_append_form_string (form, "html", m->html);
  if (m->reply_to != NULL)
    soup_multipart_append_form_string (form, "h:Reply-To", m->reply_to);
  soup_multipart_append_form_string (form, "h:" RL_CORRELATION_HEADER, m->correlation);
  if (m->attachment != NULL)
    soup_multipart_append_form_file (form, "attachment", m->attachment_name, "application/pdf",
                                     m->attachment);

  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  soup_multipart_to_message (form, headers, &body);
  soup_message_set_request_body_from_bytes (msg,
                                            soup_message_headers_get_one (headers, "Content-Type"),
                                            body);
  _rl_provider_basic_auth (msg, "api", config->key);
  return g_steal_pointer (&msg);
}

const RlProvider rl_provider_mailgun = {
  .id = "mailgun",
  .name = "Mailgun",
  .channel = RL_CHANNEL_EMAIL,
  .default_base_url = "https://api.mailgun.net",
  .default_rate = 10.0,
  .id_path = "$.id",
  .error_paths = { "$.message" },
  .build = mailgun_build,
};
