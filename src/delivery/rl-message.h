/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-book.h"
#include "rl-date.h"
#include "rl-engine.h"

G_BEGIN_DECLS

/* One message ready to leave: an e-mail with its HTML and text parts and its PDF, or an SMS. */
typedef struct
{
  RlChannel  channel;
  char      *from_address;      /* e-mail: the company's address */
  char      *from_name;
  char      *reply_to;          /* (nullable) */
  char     **to;                /* e-mail addresses, or one phone number in E.164 (+33…) */
  char      *to_name;
  char      *subject;
  char      *text;              /* plain text; for an SMS, the whole message */
  char      *html;              /* (nullable) for an SMS */
  char      *attachment_name;   /* (nullable) */
  GBytes    *attachment;        /* (nullable) PDF */
  char      *correlation;       /* the action's key, sent in a header */
  char      *idempotency_key;   /* of this send (kept across its attempts) */
  char      *sms_sender;        /* SMS: alphanumeric name (≤ 11) or number */
} RlMessage;

/* Where a message's PDF comes from: the letter or the statement of the action. Returns
 * %NULL without error when the action has none. */
typedef GBytes *(*RlAttachmentFunc) (RlBook    *book,
                                     gint64     action_id,
                                     char     **out_name,
                                     gpointer   user_data,
                                     GError   **error);

RlMessage *rl_message_new          (void);
void       rl_message_free         (RlMessage  *message);
gboolean   rl_message_set_sender   (RlBook           *book,
                                    RlMessage        *message,
                                    GError          **error);
char      *rl_message_text_to_html (const char *text,
                                    const char *language);
RlMessage *rl_message_for_action   (RlBook           *book,
                                    gint64            action_id,
                                    RlDay             as_of,
                                    RlAttachmentFunc  attachment_func,
                                    gpointer          attachment_data,
                                    GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlMessage, rl_message_free)

G_END_DECLS
