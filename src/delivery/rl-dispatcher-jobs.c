/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-delivery"

#include "config.h"

#include "rl-dispatcher-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rl-book-outbox.h"

/* The attempts of each message: recorded and committed before the request leaves; transport
 * errors, 429 and 5xx tried again after an exponential backoff that honours the server's
 * hints; other 4xx failed at once with the provider's words; a request that left without an
 * answer, with no idempotency key, puts the action in doubt. Up to max_in_flight messages are
 * on their way at once. */

static void send_attempt (RlDispatcher *self, Job *job);
static gboolean on_wait_over_cb (gpointer data);

void
_rl_dispatcher_job_free (Job *job)
{
  rl_message_free (job->message);
  if (job->msg != NULL)
    g_signal_handlers_disconnect_by_data (job->msg, job);
  g_clear_object (&job->msg);
  g_free (job);
}

int
_rl_dispatcher_slot (RlChannel channel)
{
  return channel == RL_CHANNEL_SMS ? 1 : 0;
}

/* Stops the run with @error (the book failed, or the run was cancelled): no job starts any
 * more; the run ends with @error once those in flight are over. */
void
_rl_dispatcher_abort (RlDispatcher *self,
                      GError       *error)
{
  if (rl_book_in_transaction (self->book))
    rl_book_rollback (self->book);
  g_queue_clear_full (&self->jobs, (GDestroyNotify) _rl_dispatcher_job_free);
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
  _rl_dispatcher_job_free (job);
  g_assert (self->in_flight > 0);
  self->in_flight--;
  _rl_dispatcher_pump (self);
}

/* Stops the run with @error, and drops @job. */
static void
job_failed (RlDispatcher *self,
            Job          *job,
            GError       *error)
{
  _rl_dispatcher_abort (self, error);
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

/* Waits @ms in the run's main context, which is not the default one when the run is in a
 * thread of its own (g_timeout_add() would fire in the main thread). */
static void
wait_then_attempt (RlDispatcher *self,
                   Job          *job,
                   guint         ms)
{
  g_autoptr(GSource) source = g_timeout_source_new (ms);

  g_source_set_callback (source, on_wait_over_cb, job, NULL);
  g_source_set_static_name (source, "[relance] dispatcher wait");
  g_source_attach (source, g_task_get_context (self->task));
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
  delay = MIN (MAX (backoff_ms (self, job->attempts), hint), self->max_delay_ms);
  /* A request may have been taken: resend it only while the provider keeps its key. */
  if (job->first_unanswered != 0
      && g_get_monotonic_time () + (gint64) delay * 1000 - job->first_unanswered
         >= (gint64) self->providers[job->slot]->idempotency_window_s * G_USEC_PER_SEC)
    {
      g_autofree char *why = g_strdup_printf (_("%s (too late to send it again safely)"),
                                              error_text);

      conclude (self, job, RL_ATTEMPT_IN_DOUBT, status, NULL, why);
      return;
    }
  if (!record_end (self, job, RL_ATTEMPT_RETRY, status, NULL, error_text, &error))
    {
      job_failed (self, job, error);
      return;
    }
  g_debug ("action %lld: attempt %u failed (%s), again in %" G_GUINT64_FORMAT " ms",
           (long long) job->action_id, job->attempts, error_text, delay);
  wait_then_attempt (self, job, (guint) delay);
}

static void
on_wrote_body_cb (SoupMessage *msg,
                  Job         *job)
{
  job->request_sent = TRUE;
  job->sent_at = g_get_monotonic_time ();
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
      if (job->request_sent && job->first_unanswered == 0)
        job->first_unanswered = job->sent_at;
      if (job->request_sent && provider->idempotency_window_s == 0)
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
      wait_then_attempt (self, job, (guint) ((self->next_slot[job->slot] - now + 999) / 1000));
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
      _rl_dispatcher_abort (self, error);
      return FALSE;
    }
  job->slot = _rl_dispatcher_slot (action->channel);
  if (self->providers[job->slot] == NULL)
    return FALSE;
  job->message = rl_message_for_action (self->book, job->action_id, self->as_of,
                                        self->attachment_func, self->attachment_data, &local);
  if (job->message != NULL)
    return TRUE;
  if (!fail_unsendable (self, job, local->message, &error))
    _rl_dispatcher_abort (self, error);
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
void
_rl_dispatcher_pump (RlDispatcher *self)
{
  GTask *task;
  GError *error = NULL;
  Job *job;

  /* Cancelled: the messages not started yet stay approved, none is marked "sending". */
  if (self->task != NULL && self->run_error == NULL
      && g_cancellable_set_error_if_cancelled (g_task_get_cancellable (self->task), &error))
    _rl_dispatcher_abort (self, error);
  while (self->task != NULL && self->run_error == NULL && self->in_flight < self->max_in_flight
         && (job = g_queue_pop_head (&self->jobs)) != NULL)
    {
      if (!prepare_job (self, job))
        {
          _rl_dispatcher_job_free (job);
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

Job *
_rl_dispatcher_job_new (RlDispatcher *self,
                        gint64        action_id)
{
  Job *job = g_new0 (Job, 1);

  job->self = self;
  job->action_id = action_id;
  return job;
}
