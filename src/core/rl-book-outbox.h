/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-book.h"
#include "rl-engine.h"

G_BEGIN_DECLS

/* The outbox: e-mail and SMS actions on their way out through a relay provider, and the
 * attempts made to send each of them. Every function works in the caller's transaction. */

typedef struct
{
  gint64         action_id;
  char          *key;
  char          *customer_code;
  char          *customer_name;
  RlChannel      channel;
  RlActionState  state;
  gboolean       thank_you;
  char          *template_key;
  char          *provider;             /* the provider of its last send, or NULL */
  char          *provider_message_id;
  char          *idempotency_key;
  char          *sent_at;              /* ISO 8601 UTC, once accepted */
  char          *state_changed_at;
  char          *reason;               /* why it failed or is in doubt */
  guint          attempts;
  int            last_http_status;     /* 0: none, or no answer */
  char          *send_started_at;      /* when the first attempt of its current send (under
                                          its idempotency key) started, ISO 8601 UTC */
} RlOutboxItem;

/* The last attempt's verdict. */
typedef enum
{
  RL_ATTEMPT_SENT,      /* the provider accepted the message */
  RL_ATTEMPT_RETRY,     /* a transport error, 429 or 5xx: tried again later */
  RL_ATTEMPT_FAILED,    /* refused (another 4xx), or out of attempts */
  RL_ATTEMPT_IN_DOUBT,  /* no answer after the request left, and no idempotency key */
} RlAttemptOutcome;

void          rl_outbox_item_free            (RlOutboxItem      *item);

GPtrArray    *rl_book_list_outbox            (RlBook            *book,
                                              gboolean           with_done,
                                              GError           **error);
RlOutboxItem *rl_book_get_outbox_item        (RlBook            *book,
                                              gint64             action_id,
                                              GError           **error);
GArray       *rl_book_outbox_ids             (RlBook            *book,
                                              RlActionState      state,
                                              GError           **error);
gint64        rl_book_outbox_start_attempt   (RlBook            *book,
                                              gint64             action_id,
                                              const char        *provider,
                                              char             **out_idempotency_key,
                                              guint             *out_number,
                                              GError           **error);
gboolean      rl_book_outbox_end_attempt     (RlBook            *book,
                                              gint64             attempt_id,
                                              RlAttemptOutcome   outcome,
                                              int                http_status,
                                              const char        *message_id,
                                              const char        *error_text,
                                              RlDay              on,
                                              GError           **error);
gboolean      rl_book_outbox_interrupted     (RlBook            *book,
                                              gint64             action_id,
                                              RlDay              on,
                                              GError           **error);
gboolean      rl_book_outbox_recipient       (RlBook            *book,
                                              gint64             customer_id,
                                              RlChannel          channel,
                                              char            ***out_addresses,
                                              char             **out_name,
                                              GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlOutboxItem, rl_outbox_item_free)

G_END_DECLS
