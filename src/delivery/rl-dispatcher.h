/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rl-book.h"
#include "rl-message.h"
#include "rl-provider.h"

G_BEGIN_DECLS

#define RL_TYPE_DISPATCHER (rl_dispatcher_get_type ())
G_DECLARE_FINAL_TYPE (RlDispatcher, rl_dispatcher, RL, DISPATCHER, GObject)

/* How one message ended. */
typedef struct
{
  gint64         action_id;     /* 0 for a test message */
  RlActionState  state;         /* done, failed or in doubt */
  guint          attempts;      /* HTTP requests made in this run */
  char          *message_id;    /* the provider's, once sent */
  char          *error;         /* why it failed or is in doubt */
} RlDispatchResult;

RlDispatchResult *rl_dispatch_result_copy   (const RlDispatchResult *result);
void          rl_dispatch_result_free        (RlDispatchResult  *result);

RlDispatcher *rl_dispatcher_new              (RlBook            *book);
void          rl_dispatcher_set_provider     (RlDispatcher      *self,
                                              const RlProvider  *provider,
                                              RlProviderConfig  *config);
void          rl_dispatcher_set_attachment_func (RlDispatcher   *self,
                                              RlAttachmentFunc   func,
                                              gpointer           user_data);
void          rl_dispatcher_set_retry        (RlDispatcher      *self,
                                              guint              max_attempts,
                                              guint              base_delay_ms,
                                              guint              max_delay_ms);
void          rl_dispatcher_set_timeout      (RlDispatcher      *self,
                                              guint              seconds);
void          rl_dispatcher_set_rate         (RlDispatcher      *self,
                                              RlChannel          channel,
                                              double             per_second);
void          rl_dispatcher_set_in_flight    (RlDispatcher      *self,
                                              guint              n);
void          rl_dispatcher_set_as_of        (RlDispatcher      *self,
                                              RlDay              as_of);

void          rl_dispatcher_send_async       (RlDispatcher      *self,
                                              GArray            *action_ids,
                                              GCancellable      *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer           user_data);
GPtrArray    *rl_dispatcher_send_finish      (RlDispatcher      *self,
                                              GAsyncResult      *result,
                                              GError           **error);
void          rl_dispatcher_send_message_async (RlDispatcher    *self,
                                              RlMessage         *message,
                                              GCancellable      *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer           user_data);
GPtrArray    *rl_dispatcher_send_message_finish (RlDispatcher   *self,
                                              GAsyncResult      *result,
                                              GError           **error);
GPtrArray    *rl_dispatcher_send_sync        (RlDispatcher      *self,
                                              GArray            *action_ids,
                                              RlMessage         *message,
                                              GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlDispatchResult, rl_dispatch_result_free)

G_END_DECLS
