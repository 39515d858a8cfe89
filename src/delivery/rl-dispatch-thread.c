/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-delivery"

#include "config.h"

#include "rl-dispatch-thread.h"

#include <glib/gi18n-lib.h>

/* A run is one thread: it opens the book, pushes a main context of its own (the dispatcher's
 * SoupSession is made there, libsoup 3.2 sessions belong to the context they were made in),
 * then sends the messages one at a time, each with its own dispatcher run, so that each
 * outcome shows as soon as it is known.
 *
 * Stopping lets the message on its way finish. Cancelling cuts it short: the caller's
 * GCancellable is relayed to one cancelled in the worker's own context (the HTTP request is
 * cancelled from the thread that made it); the action is left "sending", and the next run
 * sends it again under the same idempotency key or puts it in doubt, never twice. Messages
 * not started stay approved. */

struct _RlDispatchThread
{
  GObject              parent_instance;

  char                *book_path;
  RlDispatcherFactory  factory;
  gpointer             factory_data;
  GDestroyNotify       factory_data_free;
  gint                 stopping;           /* atomic */
  gboolean             running;
};

G_DEFINE_FINAL_TYPE (RlDispatchThread, rl_dispatch_thread, G_TYPE_OBJECT)

enum
{
  MESSAGE_STARTED,
  MESSAGE_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define WORKER_BUSY_TIMEOUT_MS (60 * 1000)

typedef struct
{
  RlDispatchThread *self;
  GTask            *task;
  GMainContext     *caller;
  GMainContext     *context;        /* the worker's */
  GCancellable     *cancellable;    /* the worker's own, cancelled in its context */
  gulong            relay_id;
  GArray           *action_ids;     /* or: */
  RlMessageFactory  build;
  gpointer          build_data;
  GDestroyNotify    build_data_free;
  GPtrArray        *results;        /* every message's */
} Run;

static void
run_free (Run *run)
{
  if (run->build_data_free != NULL && run->build_data != NULL)
    run->build_data_free (run->build_data);
  g_clear_pointer (&run->action_ids, g_array_unref);
  g_clear_pointer (&run->results, g_ptr_array_unref);
  g_clear_object (&run->cancellable);
  g_main_context_unref (run->caller);
  g_object_unref (run->self);
  g_free (run);
}

/* What the caller's context is told. */
typedef struct
{
  RlDispatchThread *self;
  guint             signal;
  guint             index;
  gint64            action_id;
  GPtrArray        *results;
  GError           *error;
} Event;

static void
event_free (Event *e)
{
  g_clear_pointer (&e->results, g_ptr_array_unref);
  g_clear_error (&e->error);
  g_object_unref (e->self);
  g_free (e);
}

static gboolean
emit_event_cb (gpointer data)
{
  Event *e = data;

  if (e->signal == MESSAGE_STARTED)
    g_signal_emit (e->self, signals[MESSAGE_STARTED], 0, e->index, e->action_id);
  else
    g_signal_emit (e->self, signals[MESSAGE_DONE], 0, e->index, e->action_id, e->results,
                   e->error);
  return G_SOURCE_REMOVE;
}

/* Sources of the same priority are dispatched in the order they were attached: the events,
 * then the task's result, come in the order they happened. */
static void
post (Run        *run,
      guint       signal,
      guint       index,
      gint64      action_id,
      GPtrArray  *results,
      GError     *error)
{
  Event *e = g_new0 (Event, 1);

  e->self = g_object_ref (run->self);
  e->signal = signal;
  e->index = index;
  e->action_id = action_id;
  e->results = results != NULL ? g_ptr_array_ref (results) : NULL;
  e->error = error != NULL ? g_error_copy (error) : NULL;
  g_main_context_invoke_full (run->caller, G_PRIORITY_DEFAULT, emit_event_cb, e,
                              (GDestroyNotify) event_free);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* In whichever thread cancelled: the worker's cancellable is cancelled in the worker. */
static void
on_cancelled_cb (GCancellable *outer,
                 Run          *run)
{
  g_main_context_invoke_full (run->context, G_PRIORITY_HIGH, cancel_cb,
                              g_object_ref (run->cancellable), g_object_unref);
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

/* One dispatcher run, waited for in the worker's context. */
static GPtrArray *
wait_run (Run           *run,
          RlDispatcher  *dispatcher,
          gint64         action_id,
          RlMessage     *message,
          GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (message != NULL)
    rl_dispatcher_send_message_async (dispatcher, message, run->cancellable, on_done_cb, &result);
  else
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      g_array_append_val (ids, action_id);
      rl_dispatcher_send_async (dispatcher, ids, run->cancellable, on_done_cb, &result);
    }
  while (result == NULL)
    g_main_context_iteration (run->context, TRUE);
  return rl_dispatcher_send_finish (dispatcher, result, error);
}

/* Sends message @index (an action, or the message built), tells how it went. Returns FALSE
 * when the run must stop (cancelled). */
static gboolean
send_one (Run          *run,
          RlBook       *book,
          RlDispatcher *dispatcher,
          guint         index)
{
  gint64 action_id = run->action_ids != NULL ? g_array_index (run->action_ids, gint64, index) : 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  RlMessage *message = NULL;

  post (run, MESSAGE_STARTED, index, action_id, NULL, NULL);
  if (run->build != NULL)
    message = run->build (book, run->build_data, &error);
  if (run->build == NULL || message != NULL)
    results = wait_run (run, dispatcher, action_id, message, &error);
  post (run, MESSAGE_DONE, index, action_id, results, error);
  for (guint i = 0; results != NULL && i < results->len; i++)
    g_ptr_array_add (run->results, rl_dispatch_result_copy (g_ptr_array_index (results, i)));
  if (run->build != NULL && error != NULL)
    {
      /* The one message was not sent: the run ends with why. */
      g_task_return_error (run->task, g_steal_pointer (&error));
      g_clear_object (&run->task);
      return FALSE;
    }
  return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
send_all (Run      *run,
          RlBook   *book,
          GError  **error)
{
  g_autoptr(RlDispatcher) dispatcher = run->self->factory (book, run->self->factory_data, error);
  guint n = run->action_ids != NULL ? run->action_ids->len : 1;

  if (dispatcher == NULL)
    return;
  for (guint i = 0; i < n; i++)
    if (g_atomic_int_get (&run->self->stopping)
        || g_cancellable_is_cancelled (run->cancellable)
        || !send_one (run, book, dispatcher, i))
      break;
  g_clear_object (&dispatcher);
  /* What the session left to do (closing its connections) before its context goes. */
  while (g_main_context_pending (run->context))
    g_main_context_iteration (run->context, FALSE);
}

static gpointer
run_thread (gpointer data)
{
  Run *run = data;
  GCancellable *outer = g_task_get_cancellable (run->task);
  g_autoptr(GError) error = NULL;
  RlBook *book;

  run->context = g_main_context_new ();
  g_main_context_push_thread_default (run->context);
  if (outer != NULL)
    run->relay_id = g_cancellable_connect (outer, G_CALLBACK (on_cancelled_cb), run, NULL);

  book = rl_book_open (run->self->book_path, RL_BOOK_OPEN_DEFAULT, &error);
  if (book != NULL)
    {
      rl_book_set_actor (book, g_get_user_name ());
      /* Nobody waits for this thread: better wait for an import to end than leave a message
       * sent but not recorded ("database is locked"), to be sorted out by the next run. */
      rl_book_set_busy_timeout (book, WORKER_BUSY_TIMEOUT_MS);
      send_all (run, book, &error);
      g_object_unref (book);
    }
  if (error == NULL)
    g_cancellable_set_error_if_cancelled (run->cancellable, &error);

  /* Waits for a handler running in another thread: none touches the context after this. */
  if (outer != NULL)
    g_cancellable_disconnect (outer, run->relay_id);
  g_main_context_pop_thread_default (run->context);
  g_main_context_unref (run->context);
  run->context = NULL;

  if (run->task != NULL)
    {
      if (error != NULL)
        g_task_return_error (run->task, g_steal_pointer (&error));
      else
        g_task_return_pointer (run->task, g_steal_pointer (&run->results),
                               (GDestroyNotify) g_ptr_array_unref);
      g_clear_object (&run->task);
    }
  run_free (run);
  return NULL;
}

static void
on_task_completed_cb (GTask            *task,
                      GParamSpec       *pspec,
                      RlDispatchThread *self)
{
  self->running = FALSE;
}

static void
start (RlDispatchThread    *self,
       Run                 *run,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data,
       gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  GThread *thread;

  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);
  run->self = g_object_ref (self);
  run->caller = g_main_context_ref_thread_default ();
  run->cancellable = g_cancellable_new ();
  run->results = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_dispatch_result_free);
  if (self->running)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("the outbox is already being sent"));
      g_object_unref (task);
      run_free (run);
      return;
    }
  self->running = TRUE;
  g_atomic_int_set (&self->stopping, 0);
  g_signal_connect_object (task, "notify::completed", G_CALLBACK (on_task_completed_cb), self,
                           0);
  run->task = task;
  thread = g_thread_try_new ("rl-dispatch", run_thread, run, &error);
  if (thread == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_clear_object (&run->task);
      run_free (run);
      return;
    }
  g_thread_unref (thread);
}

static void
rl_dispatch_thread_finalize (GObject *object)
{
  RlDispatchThread *self = RL_DISPATCH_THREAD (object);

  if (self->factory_data_free != NULL && self->factory_data != NULL)
    self->factory_data_free (self->factory_data);
  g_free (self->book_path);
  G_OBJECT_CLASS (rl_dispatch_thread_parent_class)->finalize (object);
}

static void
rl_dispatch_thread_class_init (RlDispatchThreadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rl_dispatch_thread_finalize;

  /**
   * RlDispatchThread::message-started:
   * @index: the message's place in the run
   * @action_id: its action, or 0 for a message built
   */
  signals[MESSAGE_STARTED] = g_signal_new ("message-started", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                           2, G_TYPE_UINT, G_TYPE_INT64);
  /**
   * RlDispatchThread::message-done:
   * @results: (nullable) (element-type RlDispatchResult): how it ended (with the messages a
   *   previous run left "sending", dealt with first); empty when its channel has no provider
   * @error: (nullable): or why the dispatcher could not send it (%G_IO_ERROR_CANCELLED when
   *   cancelled)
   */
  signals[MESSAGE_DONE] = g_signal_new ("message-done", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                        4, G_TYPE_UINT, G_TYPE_INT64, G_TYPE_POINTER,
                                        G_TYPE_POINTER);
}

static void
rl_dispatch_thread_init (RlDispatchThread *self)
{
}

/**
 * rl_dispatch_thread_new:
 * @factory: makes the dispatcher, in the worker thread, from its connection to the book
 * @data: (transfer full): for @factory, freed with @data_free when the object is
 *
 * Returns: (transfer full): runs of the dispatcher on the book at @book_path, off the caller's
 *   thread
 */
RlDispatchThread *
rl_dispatch_thread_new (const char          *book_path,
                        RlDispatcherFactory  factory,
                        gpointer             data,
                        GDestroyNotify       data_free)
{
  RlDispatchThread *self;

  g_return_val_if_fail (book_path != NULL && factory != NULL, NULL);

  self = g_object_new (RL_TYPE_DISPATCH_THREAD, NULL);
  self->book_path = g_strdup (book_path);
  self->factory = factory;
  self->factory_data = data;
  self->factory_data_free = data_free;
  return self;
}

/**
 * rl_dispatch_thread_send_async:
 * @action_ids: (element-type gint64): the approved actions to send, in this order
 * @cancellable: (nullable): cuts the message on its way short, and starts no other
 *
 * Sends the actions one at a time in a worker thread. The first message's run also deals
 * with the actions a previous run left "sending", as rl_dispatcher_send_async() does.
 */
void
rl_dispatch_thread_send_async (RlDispatchThread    *self,
                               GArray              *action_ids,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Run *run;

  g_return_if_fail (RL_IS_DISPATCH_THREAD (self) && action_ids != NULL);

  run = g_new0 (Run, 1);
  run->action_ids = g_array_copy (action_ids);
  start (self, run, cancellable, callback, user_data, rl_dispatch_thread_send_async);
}

/**
 * rl_dispatch_thread_send_message_async:
 * @build: makes the message (of no action) in the worker thread, from its book
 * @data: (transfer full): for @build, freed with @data_free once the run is over
 *
 * Sends one message built in the worker thread: a test message, a statement. The run ends
 * with an error if it could not be built or sent.
 */
void
rl_dispatch_thread_send_message_async (RlDispatchThread    *self,
                                       RlMessageFactory     build,
                                       gpointer             data,
                                       GDestroyNotify       data_free,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  Run *run;

  g_return_if_fail (RL_IS_DISPATCH_THREAD (self) && build != NULL);

  run = g_new0 (Run, 1);
  run->build = build;
  run->build_data = data;
  run->build_data_free = data_free;
  start (self, run, cancellable, callback, user_data, rl_dispatch_thread_send_message_async);
}

/**
 * rl_dispatch_thread_send_finish:
 *
 * Returns: (transfer full) (element-type RlDispatchResult): how each message ended, sorted
 *   as they were sent; or %NULL with @error when the book could not be opened, the dispatcher
 *   not be made (RL_DELIVERY_ERROR_CONFIG, _NO_KEY…), the one message built not be sent, or
 *   the run was cancelled (%G_IO_ERROR_CANCELLED; "message-done" told what was sent)
 */
GPtrArray *
rl_dispatch_thread_send_finish (RlDispatchThread  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * rl_dispatch_thread_stop:
 *
 * Starts no other message: the one on its way finishes. Any thread may call it.
 */
void
rl_dispatch_thread_stop (RlDispatchThread *self)
{
  g_return_if_fail (RL_IS_DISPATCH_THREAD (self));

  g_atomic_int_set (&self->stopping, 1);
}
