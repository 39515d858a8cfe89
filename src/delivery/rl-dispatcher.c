/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-delivery"

#include "config.h"

#include "rl-dispatcher.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rl-book-outbox.h"

/* The outbox dispatcher: sends approved e-mail and SMS actions one after the other through
 * an asynchronous libsoup session, at most at the provider's rate.
 *
 * Each attempt is recorded and committed before its request leaves. Transport errors, 429
 * and 5xx are tried again after an exponential backoff that honours the server's hints;
 * other 4xx fail at once with the provider's words. Without an idempotency key, a request
 * that left and got no answer puts the action in doubt: it is never resent silently. */

struct _RlDispatcher
{
  GObject           parent_instance;

  RlBook           *book;
  SoupSession      *session;
  const RlProvider *providers[2];     /* e-mail, SMS */
  RlProviderConfig  configs[2];
  double            rates[2];         /* requests per second, 0: the provider's default */
  gint64            next_slot[2];     /* monotonic µs before which no request may leave */
  RlAttachmentFunc  attachment_func;
  gpointer          attachment_data;
  guint             max_attempts;
  guint             base_delay_ms;
  guint             max_delay_ms;
  RlDay             as_of;

  guint             max_in_flight;

  /* The run in progress */
  GTask            *task;
  GQueue            jobs;             /* waiting to start */
  guint             in_flight;        /* started, not yet concluded */
  GPtrArray        *results;
  GError           *run_error;        /* the book failed: no new job starts */
};

typedef struct
{
  RlDispatcher     *self;             /* alive as long as its run's task */
  gint64            action_id;
  RlMessage        *message;
  int               slot;
  gint64            attempt_id;
  guint             attempts;
  gboolean          request_sent;     /* this attempt's body went out */
  gboolean          ever_sent;        /* some attempt's body went out without an answer */
  SoupMessage      *msg;
} Job;

G_DEFINE_FINAL_TYPE (RlDispatcher, rl_dispatcher, G_TYPE_OBJECT)

#define DEFAULT_MAX_ATTEMPTS 5
#define DEFAULT_BASE_DELAY_MS 1000
#define DEFAULT_MAX_DELAY_MS (5 * 60 * 1000)
#define DEFAULT_TIMEOUT_S 30
#define DEFAULT_IN_FLIGHT 4

static void pump (RlDispatcher *self);
static void send_attempt (RlDispatcher *self, Job *job);

static void
job_free (Job *job)
{
  rl_message_free (job->message);
  if (job->msg != NULL)
    g_signal_handlers_disconnect_by_data (job->msg, job);
  g_clear_object (&job->msg);
  g_free (job);
}

void
rl_dispatch_result_free (RlDispatchResult *r)
{
  if (r == NULL)
    return;
  g_free (r->message_id);
  g_free (r->error);
  g_free (r);
}

static int
slot_of (RlChannel channel)
{
  return channel == RL_CHANNEL_SMS ? 1 : 0;
}

/* Stops the run with @error (the book failed, or the run was cancelled): no job starts any
 * more; the run ends with @error once those in flight are over. */
static void
abort_run (RlDispatcher *self,
           GError       *error)
{
  if (rl_book_in_transaction (self->book))
    rl_book_rollback (self->book);
  g_queue_clear_full (&self->jobs, (GDestroyNotify) job_free);
  if (self->run_error == NULL)
    self->run_error = error;
  else
    g_error_free (error);
}

/* A started job is over: another may start. */
static void
job_done (RlDispatcher *self,
          Job          *job)
{
  job_free (job);
  g_assert (self->in_flight > 0);
  self->in_flight--;
  pump (self);
}

/* Stops the run with @error, and drops @job. */
static void
job_failed (RlDispatcher *self,
            Job          *job,
            GError       *error)
{
  abort_run (self, error);
  job_done (self, job);
}

static void
add_result (RlDispatcher  *self,
            Job           *job,
            RlActionState  state,
            const char    *message_id,
            const char    *error_text)
{
  RlDispatchResult *r = g_new0 (RlDispatchResult, 1);

  r->action_id = job->action_id;
  r->state = state;
  r->attempts = job->attempts;
  r->message_id = g_strdup (message_id);
  r->error = g_strdup (error_text);
  g_ptr_array_add (self->results, r);
}

/* Records how an attempt ended, in its own transaction. */
static gboolean
record_end (RlDispatcher      *self,
            Job               *job,
            RlAttemptOutcome   outcome,
            int                status,
            const char        *message_id,
            const char        *error_text,
            GError           **error)
{
  if (job->action_id == 0)
    return TRUE;
  return rl_book_begin (self->book, error)
         && rl_book_outbox_end_attempt (self->book, job->attempt_id, outcome, status, message_id,
                                        error_text, self->as_of, error)
         && rl_book_commit (self->book, error);
}

static void
conclude (RlDispatcher     *self,
          Job              *job,
          RlAttemptOutcome  outcome,
          int               status,
          const char       *message_id,
          const char       *error_text)
{
  static const RlActionState states[] = {
    [RL_ATTEMPT_SENT] = RL_ACTION_DONE,
    [RL_ATTEMPT_FAILED] = RL_ACTION_FAILED,
    [RL_ATTEMPT_IN_DOUBT] = RL_ACTION_IN_DOUBT,
  };
  GError *error = NULL;

  g_assert (outcome != RL_ATTEMPT_RETRY);
  if (!record_end (self, job, outcome, status, message_id, error_text, &error))
    {
      job_failed (self, job, error);
      return;
    }
  add_result (self, job, states[outcome], message_id, error_text);
  job_done (self, job);
}

/* The server's hint, in milliseconds: Retry-After (seconds or a date), or the provider's
 * rate-limit reset header. */
static guint64
hint_ms (const RlProvider *provider,
         SoupMessage      *msg)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 seconds = -1;

  if (value != NULL && g_ascii_isdigit (value[0]))
    seconds = g_ascii_strtoll (value, NULL, 10);
  else if (value != NULL)
    {
      g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);

      if (when != NULL)
        seconds = g_date_time_difference (when, now) / G_USEC_PER_SEC;
    }
  if (seconds < 0 && provider->reset_header != NULL
      && (value = soup_message_headers_get_one (headers, provider->reset_header)) != NULL
      && g_ascii_isdigit (value[0]))
    {
      seconds = g_ascii_strtoll (value, NULL, 10);
      if (provider->reset_is_epoch)
        seconds -= g_date_time_to_unix (now);
    }
  return seconds > 0 ? (guint64) seconds * 1000 : 0;
}

static guint64
backoff_ms (RlDispatcher *self,
            guint         attempts)
{
  guint64 delay = self->base_delay_ms;

  for (guint i = 1; i < attempts && delay < self->max_delay_ms; i++)
    delay *= 2;
  return MIN (delay, self->max_delay_ms);
}

/* After a backoff or a wait for the rate: the next attempt, unless the run was stopped. */
static gboolean
on_wait_over_cb (gpointer data)
{
  Job *job = data;

  if (job->self->run_error != NULL)
    job_done (job->self, job);
  else
    send_attempt (job->self, job);
  return G_SOURCE_REMOVE;
}

/* Another attempt after the backoff (or the server's longer hint), if any is left;
 * otherwise the message fails, or is in doubt if a request may have been taken. */
static void
retry_or_give_up (RlDispatcher *self,
                  Job          *job,
                  int           status,
                  guint64       hint,
                  const char   *error_text)
{
  GError *error = NULL;
  guint64 delay;

  if (job->attempts >= self->max_attempts)
    {
      g_autofree char *why = g_strdup_printf (_("%s (gave up after %u attempts)"), error_text,
                                              job->attempts);

      conclude (self, job, job->ever_sent ? RL_ATTEMPT_IN_DOUBT : RL_ATTEMPT_FAILED, status,
                NULL, why);
      return;
    }
  if (!record_end (self, job, RL_ATTEMPT_RETRY, status, NULL, error_text, &error))
    {
      job_failed (self, job, error);
      return;
    }
  delay = MIN (MAX (backoff_ms (self, job->attempts), hint), self->max_delay_ms);
  g_debug ("action %lld: attempt %u failed (%s), again in %" G_GUINT64_FORMAT " ms",
           (long long) job->action_id, job->attempts, error_text, delay);
  g_timeout_add ((guint) delay, on_wait_over_cb, job);
}

static void
on_wrote_body_cb (SoupMessage *msg,
                  Job         *job)
{
  job->request_sent = TRUE;
}

static void
on_response_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Job *job = data;
  RlDispatcher *self = job->self;
  const RlProvider *provider = self->providers[job->slot];
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *text = NULL, *message_id = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  status = error == NULL ? soup_message_get_status (job->msg) : 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Left "sending": the next run resends it under its key, or puts it in doubt. */
      job_failed (self, job, g_steal_pointer (&error));
      return;
    }
  if (error != NULL)
    {
      job->ever_sent = job->ever_sent || job->request_sent;
      if (job->request_sent && !provider->idempotent)
        {
          text = g_strdup_printf (_("no answer from %s after the message was sent: %s"),
                                  provider->name, error->message);
          conclude (self, job, RL_ATTEMPT_IN_DOUBT, 0, NULL, text);
        }
      else
        retry_or_give_up (self, job, 0, 0, error->message);
      return;
    }
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      if (rl_provider_parse_sent (provider, job->msg, body, &message_id, &error))
        conclude (self, job, RL_ATTEMPT_SENT, status, message_id, NULL);
      else
        conclude (self, job, RL_ATTEMPT_FAILED, status, NULL, error->message);
      return;
    }

  {
    g_autofree char *words = rl_provider_parse_error (provider, body);

    text = g_strdup_printf (_("%s answered %u %s%s%s"), provider->name, status,
                            soup_message_get_reason_phrase (job->msg),
                            words != NULL ? ": " : "", words != NULL ? words : "");
  }
  if (status == 429 || status >= 500)
    retry_or_give_up (self, job, status, hint_ms (provider, job->msg), text);
  else
    conclude (self, job, RL_ATTEMPT_FAILED, status, NULL, text);
}

/* Records the attempt, waits for the provider's rate, then sends the request. */
static void
send_attempt (RlDispatcher *self,
              Job          *job)
{
  const RlProvider *provider = self->providers[job->slot];
  gint64 now = g_get_monotonic_time ();
  double rate = self->rates[job->slot] > 0 ? self->rates[job->slot] : provider->default_rate;
  GError *error = NULL;

  if (now < self->next_slot[job->slot])
    {
      g_timeout_add ((guint) ((self->next_slot[job->slot] - now + 999) / 1000), on_wait_over_cb,
                     job);
      return;
    }
  self->next_slot[job->slot] = now + (gint64) (G_USEC_PER_SEC / rate);

  if (job->action_id != 0)
    {
      g_autofree char *key = NULL;

      if (!rl_book_begin (self->book, &error)
          || (job->attempt_id = rl_book_outbox_start_attempt (self->book, job->action_id,
                                                              provider->id, &key, NULL,
                                                              &error)) == 0
          || !rl_book_commit (self->book, &error))
        {
          job_failed (self, job, error);
          return;
        }
      g_free (job->message->idempotency_key);
      job->message->idempotency_key = g_steal_pointer (&key);
    }

  if (job->msg != NULL)
    g_signal_handlers_disconnect_by_data (job->msg, job);
  g_clear_object (&job->msg);
  job->msg = provider->build (&self->configs[job->slot], job->message, &error);
  job->attempts++;
  job->request_sent = FALSE;
  if (job->msg == NULL)
    {
      conclude (self, job, RL_ATTEMPT_FAILED, 0, NULL, error->message);
      g_error_free (error);
      return;
    }
  _rl_provider_header (job->msg, RL_CORRELATION_HEADER, job->message->correlation);
  g_signal_connect (job->msg, "wrote-body", G_CALLBACK (on_wrote_body_cb), job);
  soup_session_send_and_read_async (self->session, job->msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (self->task), on_response_cb, job);
}

/* An action that cannot become a message (no address, SMS too long…) fails with the reason,
 * through a recorded attempt that sent nothing. */
static gboolean
fail_unsendable (RlDispatcher *self,
                 Job          *job,
                 const char   *why,
                 GError      **error)
{
  g_autofree char *key = NULL;

  if (!rl_book_begin (self->book, error))
    return FALSE;
  job->attempt_id = rl_book_outbox_start_attempt (self->book, job->action_id,
                                                  self->providers[job->slot] != NULL
                                                  ? self->providers[job->slot]->id : "none",
                                                  &key, NULL, error);
  if (job->attempt_id == 0)
    {
      rl_book_rollback (self->book);
      return FALSE;
    }
  if (!rl_book_outbox_end_attempt (self->book, job->attempt_id, RL_ATTEMPT_FAILED, 0, NULL, why,
                                   self->as_of, error)
      || !rl_book_commit (self->book, error))
    {
      rl_book_rollback (self->book);
      return FALSE;
    }
  add_result (self, job, RL_ACTION_FAILED, NULL, why);
  return TRUE;
}

/* Builds the message of @job's action. Returns FALSE when the job is over before any request:
 * no provider for its channel (the action stays approved for a later run), a message that
 * cannot be sent (the action fails), or a book error (the run stops). */
static gboolean
prepare_job (RlDispatcher *self,
             Job          *job)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(RlAction) action = NULL;
  GError *error = NULL;

  if (job->message != NULL)
    return TRUE;
  action = rl_book_get_action (self->book, job->action_id, &error);
  if (action == NULL)
    {
      abort_run (self, error);
      return FALSE;
    }
  job->slot = slot_of (action->channel);
  if (self->providers[job->slot] == NULL)
    return FALSE;
  job->message = rl_message_for_action (self->book, job->action_id, self->as_of,
                                        self->attachment_func, self->attachment_data, &local);
  if (job->message != NULL)
    return TRUE;
  if (!fail_unsendable (self, job, local->message, &error))
    abort_run (self, error);
  return FALSE;
}

static gint
compare_results (gconstpointer a,
                 gconstpointer b)
{
  const RlDispatchResult *ra = *(const RlDispatchResult * const *) a;
  const RlDispatchResult *rb = *(const RlDispatchResult * const *) b;

  return (ra->action_id > rb->action_id) - (ra->action_id < rb->action_id);
}

/* Starts jobs while fewer than the limit are in flight; ends the run when none is left. */
static void
pump (RlDispatcher *self)
{
  GTask *task;
  Job *job;

  while (self->task != NULL && self->run_error == NULL && self->in_flight < self->max_in_flight
         && (job = g_queue_pop_head (&self->jobs)) != NULL)
    {
      if (!prepare_job (self, job))
        {
          job_free (job);
          continue;
        }
      self->in_flight++;
      send_attempt (self, job);
    }
  if (self->task == NULL || self->in_flight > 0
      || (self->run_error == NULL && !g_queue_is_empty (&self->jobs)))
    return;

  task = g_steal_pointer (&self->task);
  if (self->run_error != NULL)
    {
      g_clear_pointer (&self->results, g_ptr_array_unref);
      g_task_return_error (task, g_steal_pointer (&self->run_error));
    }
  else
    {
      g_ptr_array_sort (self->results, compare_results);
      g_task_return_pointer (task, g_steal_pointer (&self->results),
                             (GDestroyNotify) g_ptr_array_unref);
    }
  g_object_unref (task);
}

static Job *
job_new (RlDispatcher *self,
         gint64        action_id)
{
  Job *job = g_new0 (Job, 1);

  job->self = self;
  job->action_id = action_id;
  return job;
}

/* Actions found "sending" were interrupted: those whose send had an idempotency key with a
 * provider that honours it go out again under it; the others are put in doubt. */
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
      const RlProvider *p;

      if (it == NULL)
        return FALSE;
      p = self->providers[slot_of (it->channel)];
      if (p != NULL && p->idempotent && g_strcmp0 (p->id, it->provider) == 0
          && it->idempotency_key != NULL)
        {
          g_queue_push_tail (&self->jobs, job_new (self, id));
          continue;
        }
      if (!rl_book_begin (self->book, error)
          || !rl_book_outbox_interrupted (self->book, id, self->as_of, error)
          || !rl_book_commit (self->book, error))
        {
          rl_book_rollback (self->book);
          return FALSE;
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
    abort_run (self, error);
  else if (action_ids == NULL
           && (action_ids = approved = rl_book_outbox_ids (self->book, RL_ACTION_APPROVED,
                                                           &error)) == NULL)
    abort_run (self, error);
  for (guint i = 0; action_ids != NULL && self->run_error == NULL && i < action_ids->len; i++)
    g_queue_push_tail (&self->jobs, job_new (self, g_array_index (action_ids, gint64, i)));
  pump (self);
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
  job = job_new (self, 0);
  job->message = message;
  job->slot = slot_of (message->channel);
  if (message->idempotency_key == NULL)
    message->idempotency_key = g_uuid_string_random ();
  if (self->providers[job->slot] == NULL)
    {
      job_free (job);
      abort_run (self, g_error_new (RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_CONFIG,
                                    _("no relay provider is set up for this channel")));
    }
  else
    g_queue_push_tail (&self->jobs, job);
  pump (self);
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
  int slot = slot_of (provider->channel);

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
  self->rates[slot_of (channel)] = MAX (per_second, 0.0);
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
