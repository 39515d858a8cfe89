/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-delivery"

#include "config.h"

#include "rl-message.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rl-action-text.h"
#include "rl-book-outbox.h"
#include "rl-provider.h"
#include "rl-sms.h"

/* The message of an action, rendered from the book's templates in the customer's language:
 * the plain text once, the HTML once more with every value from the book escaped. */

#define SMS_MAX_PARTS_DEFAULT 3

RlMessage *
rl_message_new (void)
{
  return g_new0 (RlMessage, 1);
}

void
rl_message_free (RlMessage *m)
{
  if (m == NULL)
    return;
  g_free (m->from_address);
  g_free (m->from_name);
  g_free (m->reply_to);
  g_strfreev (m->to);
  g_free (m->to_name);
  g_free (m->subject);
  g_free (m->text);
  g_free (m->html);
  g_free (m->attachment_name);
  g_clear_pointer (&m->attachment, g_bytes_unref);
  g_free (m->correlation);
  g_free (m->idempotency_key);
  g_free (m->sms_sender);
  g_free (m);
}

/**
 * rl_message_text_to_html:
 * @text: a rendered body whose values are already escaped for HTML
 * @language: (nullable): the text's language ("fr", "en")
 *
 * Returns: (transfer full): an HTML document, one paragraph per block of lines
 */
char *
rl_message_text_to_html (const char *text,
                         const char *language)
{
  g_autoptr(GString) html = g_string_new ("<!DOCTYPE html>\n");
  g_auto(GStrv) blocks = NULL;

  /* The language goes into an attribute: only a plain tag is taken. */
  if (language != NULL && language[0] != '\0' && strspn (language, "abcdefghijklmnopqrstuvwxyz-")
      == strlen (language))
    g_string_append_printf (html, "<html lang=\"%s\">", language);
  else
    g_string_append (html, "<html>");
  g_string_append (html, "<head><meta charset=\"utf-8\"></head><body>\n");
  blocks = g_strsplit (text, "\n\n", -1);

  for (guint i = 0; blocks[i] != NULL; i++)
    {
      g_auto(GStrv) lines = NULL;
      g_autofree char *joined = NULL;

      g_strstrip (blocks[i]);
      if (blocks[i][0] == '\0')
        continue;
      lines = g_strsplit (blocks[i], "\n", -1);
      joined = g_strjoinv ("<br>\n", lines);
      g_string_append_printf (html, "<p>%s</p>\n", joined);
    }
  g_string_append (html, "</body></html>\n");
  return g_string_free (g_steal_pointer (&html), FALSE);
}

/**
 * rl_message_set_sender:
 *
 * Makes @m an e-mail from the company: the sender the relay settings name, else the company's
 * address, its name, and the reply-to address if one is set.
 *
 * Returns: %FALSE with %RL_DELIVERY_ERROR_CONFIG when there is no address to send from
 */
gboolean
rl_message_set_sender (RlBook     *book,
                       RlMessage  *m,
                       GError    **error)
{
  g_autoptr(RlCompany) company = rl_book_get_company (book, error);
  g_autofree char *from = NULL;

  if (company == NULL)
    return FALSE;
  from = rl_book_get_setting (book, "delivery.from");
  if (from == NULL && company->email != NULL && *company->email != '\0')
    from = g_strdup (company->email);
  if (from == NULL)
    {
      g_set_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_CONFIG,
                   _("the company has no e-mail address to send from"));
      return FALSE;
    }
  m->channel = RL_CHANNEL_EMAIL;
  g_free (m->from_address);
  m->from_address = g_steal_pointer (&from);
  g_free (m->from_name);
  m->from_name = g_strdup (company->name);
  g_free (m->reply_to);
  m->reply_to = rl_book_get_setting (book, "delivery.reply-to");
  return TRUE;
}

static gboolean
fill_email (RlBook     *book,
            RlMessage  *m,
            gint64      action_id,
            const char *language,
            RlDay       as_of,
            GError    **error)
{
  g_autofree char *html_subject = NULL, *html_body = NULL;

  if (!rl_message_set_sender (book, m, error))
    return FALSE;
  if (!rl_action_render (book, action_id, as_of, RL_TEMPLATE_ESCAPE_NONE, &m->subject, &m->text,
                         error)
      || !rl_action_render (book, action_id, as_of, RL_TEMPLATE_ESCAPE_HTML, &html_subject,
                            &html_body, error))
    return FALSE;
  m->html = rl_message_text_to_html (html_body, language);
  return TRUE;
}

static gboolean
fill_sms (RlBook     *book,
          RlMessage  *m,
          gint64      action_id,
          const char *country,
          RlDay       as_of,
          GError    **error)
{
  g_autofree char *subject = NULL, *body = NULL, *phone = NULL, *max = NULL;
  guint max_parts = SMS_MAX_PARTS_DEFAULT;

  m->sms_sender = rl_book_get_setting (book, "delivery.sms.sender");
  if (!rl_sms_check_sender (m->sms_sender, error))
    return FALSE;
  phone = rl_sms_phone_e164 (m->to[0], country, error);
  if (phone == NULL)
    return FALSE;
  g_free (m->to[0]);
  m->to[0] = g_steal_pointer (&phone);
  if (!rl_action_render (book, action_id, as_of, RL_TEMPLATE_ESCAPE_NONE, &subject, &body, error))
    return FALSE;
  m->subject = g_steal_pointer (&subject);
  m->text = rl_sms_clean_text (body);
  max = rl_book_get_setting (book, "delivery.sms.max-parts");
  if (max != NULL && g_ascii_strtoull (max, NULL, 10) > 0)
    max_parts = (guint) g_ascii_strtoull (max, NULL, 10);
  return rl_sms_check_text (m->text, max_parts, error);
}

/**
 * rl_message_for_action:
 * @attachment_func: (nullable): where the e-mail's PDF comes from
 *
 * Builds the message an e-mail or SMS action sends: its recipient (contact first), its words
 * rendered for @as_of, the company as sender, the action's key as correlation.
 *
 * Returns: (transfer full): the message, or %NULL with RL_DELIVERY_ERROR_MESSAGE or
 *   RL_DELIVERY_ERROR_CONFIG when it cannot be sent as it stands
 */
RlMessage *
rl_message_for_action (RlBook            *book,
                       gint64             action_id,
                       RlDay              as_of,
                       RlAttachmentFunc   attachment_func,
                       gpointer           attachment_data,
                       GError           **error)
{
  g_autoptr(RlAction) action = rl_book_get_action (book, action_id, error);
  g_autoptr(RlMessage) m = NULL;
  g_autoptr(RlCustomer) customer = NULL;
  g_autoptr(GError) local = NULL;
  gboolean ok;

  if (action == NULL)
    return NULL;
  customer = rl_book_get_customer (book, action->customer_id, error);
  if (customer == NULL)
    return NULL;
  m = rl_message_new ();
  m->channel = action->channel;
  m->correlation = g_strdup (action->key);
  if (!rl_book_outbox_recipient (book, action->customer_id, action->channel, &m->to,
                                 &m->to_name, &local))
    {
      g_set_error_literal (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_MESSAGE, local->message);
      return NULL;
    }
  if (action->channel == RL_CHANNEL_EMAIL)
    ok = fill_email (book, m, action_id, customer->language, as_of, error);
  else if (action->channel == RL_CHANNEL_SMS)
    ok = fill_sms (book, m, action_id, customer->country, as_of, error);
  else
    {
      g_set_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_MESSAGE,
                   _("action #%lld is neither an e-mail nor an SMS"), (long long) action_id);
      return NULL;
    }
  if (!ok)
    return NULL;
  if (action->channel == RL_CHANNEL_EMAIL && attachment_func != NULL)
    {
      m->attachment = attachment_func (book, action_id, &m->attachment_name, attachment_data,
                                       &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      if (m->attachment != NULL && m->attachment_name == NULL)
        m->attachment_name = g_strdup_printf ("%s.pdf", action->key);
    }
  return g_steal_pointer (&m);
}
