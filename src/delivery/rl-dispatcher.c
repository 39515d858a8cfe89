/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-delivery"

#include "config.h"

#include "rl-dispatcher.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rl-book-outbox.h"
#include "rl-dispatcher-private.h"
#include "rl-letter.h"

/* The outbox dispatcher: sends approved e-mail and SMS actions through an asynchronous
 * libsoup session, a few at once, at most at the provider's rate (the attempts of each
 * message are in rl-dispatcher-jobs.c).
 *
 * Each attempt is recorded and committed before its request leaves. Transport errors, 429
 * and 5xx are tried again after an exponential backoff that honours the server's hints;
 * other 4xx fail at once with the provider's words. Without an idempotency key, a request
 * that left and got no answer puts the action in doubt: it is never resent silently. */

G_DEFINE_FINAL_TYPE (RlDispatcher, rl_dispatcher, G_TYPE_OBJECT)

#define DEFAULT_MAX_ATTEMPTS 5
#define DEFAULT_BASE_DELAY_MS 1000
#define DEFAULT_MAX_DELAY_MS (5 * 60 * 1000)
#define DEFAULT_TIMEOUT_S 30
#define DEFAULT_IN_FLIGHT 4

void
rl_dispatch_result_free (RlDispatchResult *r)
{
  if (r == NULL)
    return;
  g_free (r->message_id);
  g_free (r->error);
  g_free (r);
}

/**
 * rl_dispatch_result_copy:
 *
 * Returns: (transfer full): a copy of @r
 */
RlDispatchResult *
rl_dispatch_result_copy (const RlDispatchResult *r)
{
  RlDispatchResult *copy = g_memdup2 (r, sizeof *r);

  copy->message_id = g_strdup (r->message_id);
  copy->error = g_strdup (r->error);
  return copy;
}

/* Whether the send of @it, interrupted, can go out again under its key: with the provider it
 * used, one that honours keys, still within the time the provider keeps them. */
static gboolean
resendable (RlDispatcher       *self,
            const RlOutboxItem *it)
{
  const RlProvider *p = self->providers[_rl_dispatcher_slot (it->channel)];
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (p == NULL || p->idempotency_window_s == 0 || g_strcmp0 (p->id, it->provider) != 0
      || it->idempotency_key == NULL || it->send_started_at == NULL)
    return FALSE;
  first = g_date_time_new_from_iso8601 (it->send_started_at, NULL);
  return first != NULL
         && g_date_time_difference (now, first) < (GTimeSpan) p->idempotency_window_s * G_USEC_PER_SEC;
}

/* Actions found "sending" were interrupted: those that can go out again under their key do;
 * the others are put in doubt. */
static gboolean
recover_interrupted (RlDispatcher  *self,
                     GError       **error)
{
  g_autoptr(GArray) ids = rl_book_outbox_ids (self->book, RL_ACTION_SENDING, error);

  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(RlOutboxItem) it = rl_book_get_outbox_item (self->book, id, error);

      if (it == NULL)
        return FALSE;
      if (resendable (self, it))
        {
          g_queue_push_tail (&self->jobs, _rl_dispatcher_job_new (self, id));
          continue;
        }
      if (!rl_book_begin (self->book, error)
          || !rl_book_outbox_interrupted (self->book, id, self->as_of, error)
          || !rl_book_commit (self->book, error))
        {
          rl_book_rollback (self->book);
          return FALSE;
        }
      {
        RlDispatchResult *r = g_new0 (RlDispatchResult, 1);

        r->action_id = id;
        r->state = RL_ACTION_IN_DOUBT;
        r->error = g_strdup (_("the sending was interrupted: the message may have left"));
        g_ptr_array_add (self->results, r);
      }
    }
  return TRUE;
}

static gboolean
start_run (RlDispatcher         *self,
           GCancellable         *cancellable,
           GAsyncReadyCallback   callback,
           gpointer              user_data,
           gpointer              source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  if (self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("the outbox is already being sent"));
      g_object_unref (task);
      return FALSE;
    }
  self->task = task;
  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_dispatch_result_free);
  return TRUE;
}

/**
 * rl_dispatcher_send_async:
 * @action_ids: (nullable) (element-type gint64): the actions to send, or %NULL for every
 *   approved e-mail and SMS action
 *
 * Sends the approved actions through the providers set, and first deals with the actions a
 * previous run left "sending". Actions of a channel without a provider stay approved.
 */
void
rl_dispatcher_send_async (RlDispatcher        *self,
                          GArray              *action_ids,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GArray) approved = NULL;
  GError *error = NULL;

  g_return_if_fail (RL_IS_DISPATCHER (self));

  if (!start_run (self, cancellable, callback, user_data, rl_dispatcher_send_async))
    return;
  if (!recover_interrupted (self, &error))
    _rl_dispatcher_abort (self, error);
  else if (action_ids == NULL
           && (action_ids = approved = rl_book_outbox_ids (self->book, RL_ACTION_APPROVED,
                                                           &error)) == NULL)
    _rl_dispatcher_abort (self, error);
  for (guint i = 0; action_ids != NULL && self->run_error == NULL && i < action_ids->len; i++)
    g_queue_push_tail (&self->jobs, _rl_dispatcher_job_new (self, g_array_index (action_ids, gint64, i)));
  _rl_dispatcher_pump (self);
}

/**
 * rl_dispatcher_send_finish:
 *
 * Returns: (transfer full) (element-type RlDispatchResult): how each message ended, or %NULL
 *   with @error if the book could not record it (or the run was cancelled)
 */
GPtrArray *
rl_dispatcher_send_finish (RlDispatcher  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * rl_dispatcher_send_message_async:
 * @message: (transfer full): a message of no action (a test), sent as it is
 */
void
rl_dispatcher_send_message_async (RlDispatcher        *self,
                                  RlMessage           *message,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Job *job;

  g_return_if_fail (RL_IS_DISPATCHER (self));

  if (!start_run (self, cancellable, callback, user_data, rl_dispatcher_send_message_async))
    {
      rl_message_free (message);
      return;
    }
  job = _rl_dispatcher_job_new (self, 0);
  job->message = message;
  job->slot = _rl_dispatcher_slot (message->channel);
  if (message->idempotency_key == NULL)
    message->idempotency_key = g_uuid_string_random ();
  if (self->providers[job->slot] == NULL)
    {
      _rl_dispatcher_job_free (job);
      _rl_dispatcher_abort (self, g_error_new (RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_CONFIG,
                                    _("no relay provider is set up for this channel")));
    }
  else
    g_queue_push_tail (&self->jobs, job);
  _rl_dispatcher_pump (self);
}

GPtrArray *
rl_dispatcher_send_message_finish (RlDispatcher  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return rl_dispatcher_send_finish (self, result, error);
}

static void
on_sync_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

/* A reminder by e-mail carries the customer's account statement as of the day of the sends
 * (every open item, the latest payments, the balance); a thank-you carries nothing. */
static GBytes *
statement_attachment (RlBook     *book,
                      gint64      action_id,
                      char      **out_name,
                      gpointer    user_data,
                      GError    **error)
{
  RlDispatcher *self = user_data;
  g_autoptr(RlAction) action = rl_book_get_action (book, action_id, error);
  g_autoptr(RlCustomer) customer = NULL;
  g_autoptr(GError) local = NULL;
  GBytes *pdf;

  if (action == NULL)
    return NULL;
  if (action->thank_you)
    return NULL;
  customer = rl_book_get_customer (book, action->customer_id, error);
  if (customer == NULL)
    return NULL;
  pdf = rl_letter_render_statement (book, action->customer_id, self->as_of, &local);
  if (pdf == NULL)
    {
      /* The statement is a courtesy: a reminder still leaves without it (an address the
       * post could not use, say), and the reason is told. */
      g_message (_("%s: the e-mail of action #%lld leaves without the account statement: %s"),
                 customer->code, (long long) action_id, local->message);
      return NULL;
    }
  *out_name = g_strdup_printf (g_strcmp0 (customer->language, "en") == 0 ? "statement-%s.pdf"
                                                                        : "releve-de-compte-%s.pdf",
                               customer->code);
  return pdf;
}

/**
 * rl_dispatcher_send_sync:
 * @action_ids: (nullable): as for rl_dispatcher_send_async()
 * @message: (nullable) (transfer full): a test message to send instead of actions
 *
 * Sends and waits, running the thread-default main context (for the command line).
 */
GPtrArray *
rl_dispatcher_send_sync (RlDispatcher  *self,
                         GArray        *action_ids,
                         RlMessage     *message,
                         GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GMainContext *context = g_main_context_get_thread_default ();

  if (message != NULL)
    rl_dispatcher_send_message_async (self, message, NULL, on_sync_done_cb, &result);
  else
    rl_dispatcher_send_async (self, action_ids, NULL, on_sync_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  return rl_dispatcher_send_finish (self, result, error);
}

static void
rl_dispatcher_dispose (GObject *object)
{
  RlDispatcher *self = RL_DISPATCHER (object);

  g_clear_object (&self->session);
  g_clear_object (&self->book);
  G_OBJECT_CLASS (rl_dispatcher_parent_class)->dispose (object);
}

static void
rl_dispatcher_finalize (GObject *object)
{
  RlDispatcher *self = RL_DISPATCHER (object);

  rl_provider_config_clear (&self->configs[0]);
  rl_provider_config_clear (&self->configs[1]);
  G_OBJECT_CLASS (rl_dispatcher_parent_class)->finalize (object);
}

static void
rl_dispatcher_class_init (RlDispatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rl_dispatcher_dispose;
  object_class->finalize = rl_dispatcher_finalize;
}

static void
rl_dispatcher_init (RlDispatcher *self)
{
  g_queue_init (&self->jobs);
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
  self->max_in_flight = DEFAULT_IN_FLIGHT;
  self->base_delay_ms = DEFAULT_BASE_DELAY_MS;
  self->max_delay_ms = DEFAULT_MAX_DELAY_MS;
  self->as_of = rl_day_today ();
  self->session = soup_session_new_with_options ("timeout", DEFAULT_TIMEOUT_S,
                                                 "idle-timeout", DEFAULT_TIMEOUT_S,
                                                 "user-agent", "Relance/" PACKAGE_VERSION " ",
                                                 NULL);
}

RlDispatcher *
rl_dispatcher_new (RlBook *book)
{
  RlDispatcher *self;

  g_return_val_if_fail (RL_IS_BOOK (book), NULL);

  self = g_object_new (RL_TYPE_DISPATCHER, NULL);
  self->book = g_object_ref (book);
  rl_dispatcher_set_attachment_func (self, statement_attachment, self);
  return self;
}

/**
 * rl_dispatcher_set_provider:
 * @config: (transfer full): its settings, cleared by this call; a %NULL base URL means the
 *   provider's own
 *
 * Sends the messages of @provider's channel through it.
 */
void
rl_dispatcher_set_provider (RlDispatcher     *self,
                            const RlProvider *provider,
                            RlProviderConfig *config)
{
  int slot = _rl_dispatcher_slot (provider->channel);

  g_return_if_fail (RL_IS_DISPATCHER (self) && self->task == NULL);

  rl_provider_config_clear (&self->configs[slot]);
  self->providers[slot] = provider;
  self->configs[slot] = *config;
  memset (config, 0, sizeof *config);
  if (self->configs[slot].base_url == NULL)
    self->configs[slot].base_url = g_strdup (provider->default_base_url);
}

/**
 * rl_dispatcher_set_attachment_func:
 *
 * Where each e-mail's PDF comes from (the letter or the statement of its action).
 */
void
rl_dispatcher_set_attachment_func (RlDispatcher     *self,
                                   RlAttachmentFunc  func,
                                   gpointer          user_data)
{
  self->attachment_func = func;
  self->attachment_data = user_data;
}

/**
 * rl_dispatcher_set_retry:
 * @max_attempts: requests per message at most (at least 1)
 * @base_delay_ms: the wait after a first failure, doubled after each one
 * @max_delay_ms: the longest wait, the server's hints included
 */
void
rl_dispatcher_set_retry (RlDispatcher *self,
                         guint         max_attempts,
                         guint         base_delay_ms,
                         guint         max_delay_ms)
{
  self->max_attempts = MAX (max_attempts, 1);
  self->base_delay_ms = base_delay_ms;
  self->max_delay_ms = MAX (max_delay_ms, base_delay_ms);
}

/**
 * rl_dispatcher_set_timeout:
 *
 * How long connecting, and each read or write, may take before the attempt fails.
 */
void
rl_dispatcher_set_timeout (RlDispatcher *self,
                           guint         seconds)
{
  soup_session_set_timeout (self->session, seconds);
  soup_session_set_idle_timeout (self->session, seconds);
}

/**
 * rl_dispatcher_set_rate:
 * @per_second: requests per second at most to the provider of @channel; 0 for its default
 */
void
rl_dispatcher_set_rate (RlDispatcher *self,
                        RlChannel     channel,
                        double        per_second)
{
  self->rates[_rl_dispatcher_slot (channel)] = MAX (per_second, 0.0);
}

/**
 * rl_dispatcher_set_as_of:
 *
 * The day of the messages (their texts' dates) and of their outcome.
 */
void
rl_dispatcher_set_as_of (RlDispatcher *self,
                         RlDay         as_of)
{
  self->as_of = as_of;
}

/**
 * rl_dispatcher_set_in_flight:
 * @n: how many messages may be on their way at once (at least 1)
 *
 * More than one hides the provider's latency; the rate limit still holds.
 */
void
rl_dispatcher_set_in_flight (RlDispatcher *self,
                             guint         n)
{
  g_return_if_fail (RL_IS_DISPATCHER (self) && self->task == NULL);

  self->max_in_flight = MAX (n, 1);
}
