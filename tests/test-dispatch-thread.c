/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>

#include "delivery-fake.h"
#include "delivery-fixture.h"
#include "rl-book-outbox.h"
#include "rl-dispatch-thread.h"

/* The dispatcher run in a worker thread (rl-dispatch-thread.c) against the fake provider,
 * which answers in this thread's main loop: the outcomes are recorded from the worker and told
 * here in order; a cancel mid-batch sends nothing twice; a book locked by another connection
 * does not stop this main loop. */

typedef struct
{
  Fixture          *f;
  const RlProvider *provider;
  GThread          *made_in;        /* where the dispatcher was made */
  GThread          *attached_in;    /* where the statements were attached */
} Setup;

typedef struct
{
  GArray        *started;           /* (element-type guint) */
  GArray        *done;              /* (element-type guint) */
  GPtrArray     *outcomes;          /* (element-type RlDispatchResult) */
  gboolean       wrong_thread;
  GAsyncResult  *result;
} Seen;

/* The fixture's attachment, noting the thread it is made in. */
static GBytes *
noting_attachment_cb (RlBook    *book,
                      gint64     action_id,
                      char     **out_name,
                      gpointer   data,
                      GError   **error)
{
  Setup *setup = data;

  g_atomic_pointer_set (&setup->attached_in, g_thread_self ());
  return attachment_cb (book, action_id, out_name, setup->f->pdf, error);
}

static RlDispatcher *
make_dispatcher (RlBook   *book,
                 gpointer  data,
                 GError  **error)
{
  Setup *setup = data;
  RlDispatcher *dispatcher = rl_dispatcher_new (book);

  g_atomic_pointer_set (&setup->made_in, g_thread_self ());
  configure_dispatcher (setup->f, dispatcher, setup->provider, 3);
  rl_dispatcher_set_attachment_func (dispatcher, noting_attachment_cb, setup);
  return dispatcher;
}

static void
on_started_cb (RlDispatchThread *thread,
               guint             index,
               gint64            action_id,
               Seen             *seen)
{
  seen->wrong_thread |= !g_main_context_is_owner (g_main_context_default ());
  g_array_append_val (seen->started, index);
}

static void
on_done_cb (RlDispatchThread *thread,
            guint             index,
            gint64            action_id,
            GPtrArray        *results,
            const GError     *error,
            Seen             *seen)
{
  seen->wrong_thread |= !g_main_context_is_owner (g_main_context_default ());
  g_array_append_val (seen->done, index);
  for (guint i = 0; results != NULL && i < results->len; i++)
    g_ptr_array_add (seen->outcomes, rl_dispatch_result_copy (g_ptr_array_index (results, i)));
}

static void
on_finished_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Seen *seen = data;

  seen->result = g_object_ref (result);
}

static void
seen_clear (Seen *seen)
{
  g_clear_pointer (&seen->started, g_array_unref);
  g_clear_pointer (&seen->done, g_array_unref);
  g_clear_pointer (&seen->outcomes, g_ptr_array_unref);
  g_clear_object (&seen->result);
}

/* Sends @ids from a worker thread, cancelling @cancellable once the fake holds a request
 * without answering it, if @cancel_when_stalled; returns the run's results, or NULL with
 * @error. */
static GPtrArray *
send_in_thread (Setup         *setup,
                GArray        *ids,
                gboolean       cancel_when_stalled,
                Seen          *seen,
                GError       **error)
{
  g_autoptr(RlDispatchThread) thread = rl_dispatch_thread_new (setup->f->tb.path,
                                                               make_dispatcher, setup, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  seen_clear (seen);
  seen->started = g_array_new (FALSE, FALSE, sizeof (guint));
  seen->done = g_array_new (FALSE, FALSE, sizeof (guint));
  seen->outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_dispatch_result_free);
  seen->wrong_thread = FALSE;
  g_signal_connect (thread, "message-started", G_CALLBACK (on_started_cb), seen);
  g_signal_connect (thread, "message-done", G_CALLBACK (on_done_cb), seen);
  rl_dispatch_thread_send_async (thread, ids, cancellable, on_finished_cb, seen);
  while (seen->result == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      if (cancel_when_stalled && setup->f->fake->stalled->len > 0)
        g_cancellable_cancel (cancellable);
    }
  return rl_dispatch_thread_send_finish (thread, seen->result, error);
}

/* The state the book holds for action @i of @ids. */
static RlActionState
state_of (Fixture *f,
          GArray  *ids,
          guint    i)
{
  g_autoptr(RlOutboxItem) item = rl_book_get_outbox_item (f->tb.book,
                                                          g_array_index (ids, gint64, i), NULL);

  if (item == NULL)
    g_error ("action #%lld is not in the outbox", (long long) g_array_index (ids, gint64, i));
  return item->state;
}

static void
test_records (Fixture       *f,
              gconstpointer  data)
{
  Setup setup = { f, &rl_provider_brevo, NULL, NULL };
  Seen seen = { 0 };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  static const int script[] = { 500, 0, 400 };
  guint max = 0;

  make_actions (f, 4, FALSE);
  f->fake = fake_provider_new (&rl_provider_brevo, f->pdf);
  fake_provider_script (f->fake, script, G_N_ELEMENTS (script));
  ids = rl_book_outbox_ids (f->tb.book, RL_ACTION_APPROVED, NULL);
  results = send_in_thread (&setup, ids, FALSE, &seen, &error);
  g_assert_no_error (error);

  /* Made and fed in the worker; told here, one message after the other. */
  g_assert_nonnull (setup.made_in);
  g_assert_true (setup.made_in != g_thread_self ());
  g_assert_true (setup.attached_in == setup.made_in);
  g_assert_false (seen.wrong_thread);
  g_assert_cmpuint (seen.started->len, ==, 4);
  g_assert_cmpuint (seen.done->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpuint (g_array_index (seen.started, guint, i), ==, i);
      g_assert_cmpuint (g_array_index (seen.done, guint, i), ==, i);
    }

  /* The first tried again, the second refused; what the run says is what the book holds. */
  g_assert_cmpuint (results->len, ==, 4);
  g_assert_cmpuint (seen.outcomes->len, ==, 4);
  for (guint i = 0; i < results->len; i++)
    {
      RlDispatchResult *r = g_ptr_array_index (results, i);
      RlDispatchResult *told = g_ptr_array_index (seen.outcomes, i);

      g_assert_cmpint (r->action_id, ==, g_array_index (ids, gint64, i));
      g_assert_cmpint (told->action_id, ==, r->action_id);
      g_assert_cmpint (told->state, ==, r->state);
      g_assert_cmpint (state_of (f, ids, i), ==, r->state);
      g_assert_cmpint (r->state, ==, i == 1 ? RL_ACTION_FAILED : RL_ACTION_DONE);
      g_assert_cmpuint (r->attempts, ==, i == 0 ? 2 : 1);
    }
  g_assert_cmpuint (fake_provider_accepted (f->fake, &max), ==, 3);
  g_assert_cmpuint (max, ==, 1);
  fake_provider_assert_clean (f->fake);
  seen_clear (&seen);
}

/* Cancelled while the provider holds the third message (taken, not answered): the first two
 * are sent, the third is left "sending", the others stay approved. The next run sends it
 * again under its key (Brevo gives back the message it took) or puts it in doubt (Postmark
 * keeps no key): each message is taken once. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  const RlProvider *provider = data;
  gboolean keys = provider->idempotency_window_s > 0;
  Setup setup = { f, provider, NULL, NULL };
  Seen seen = { 0 };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) left = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  static const int script[] = { 0, 0, FAKE_ACCEPT_STALL };
  guint max = 0;

  make_actions (f, 6, FALSE);
  f->fake = fake_provider_new (provider, f->pdf);
  fake_provider_script (f->fake, script, G_N_ELEMENTS (script));
  ids = rl_book_outbox_ids (f->tb.book, RL_ACTION_APPROVED, NULL);
  results = send_in_thread (&setup, ids, TRUE, &seen, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (results);
  g_clear_error (&error);
  g_assert_cmpuint (seen.started->len, ==, 3);
  g_assert_cmpuint (seen.done->len, ==, 3);
  g_assert_cmpuint (seen.outcomes->len, ==, 2);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (state_of (f, ids, i), ==, i < 2 ? RL_ACTION_DONE
                                               : i == 2 ? RL_ACTION_SENDING : RL_ACTION_APPROVED);
  g_assert_cmpuint (f->fake->hits, ==, 3);

  /* The next run: the one left "sending" first, then the three approved. */
  left = rl_book_outbox_ids (f->tb.book, RL_ACTION_APPROVED, NULL);
  g_assert_cmpuint (left->len, ==, 3);
  results = send_in_thread (&setup, left, FALSE, &seen, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 4);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (state_of (f, ids, i), ==, i == 2 && !keys ? RL_ACTION_IN_DOUBT
                                                               : RL_ACTION_DONE);
  g_assert_cmpuint (f->fake->hits, ==, keys ? 7 : 6);
  g_assert_cmpuint (fake_provider_accepted (f->fake, &max), ==, 6);
  g_assert_cmpuint (max, ==, 1);
  fake_provider_assert_clean (f->fake);
  seen_clear (&seen);
}

/* The main loop's longest wait between two ticks, while another connection holds the book's
 * write lock for LOCK_MS. */
#define LOCK_MS 1500
#define TICK_MS 5

typedef struct
{
  gint64    last;
  gint64    longest;
  sqlite3  *locker;
  guint     lock_ms;
  GThread  *unlocker;
} Ticks;

static gboolean
on_tick_cb (gpointer data)
{
  Ticks *t = data;
  gint64 now = g_get_monotonic_time ();

  t->longest = MAX (t->longest, now - t->last);
  t->last = now;
  return G_SOURCE_CONTINUE;
}

/* Another thread lets go of the lock: this main loop may be the one waiting for it. */
static gpointer
unlock_thread (gpointer data)
{
  Ticks *t = data;

  g_usleep (t->lock_ms * 1000);
  g_assert_cmpint (sqlite3_exec (t->locker, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (t->locker);
  return NULL;
}

/* Locks the book from a second connection (as `relancectl import` would), for @ms. */
static void
lock_book (Fixture *f,
           Ticks   *t,
           guint    ms)
{
  g_assert_cmpint (sqlite3_open (f->tb.path, &t->locker), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (t->locker, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  t->lock_ms = ms;
  t->unlocker = g_thread_new ("unlocker", unlock_thread, t);
  t->last = g_get_monotonic_time ();
  t->longest = 0;
}

static void
test_locked_book (Fixture       *f,
                  gconstpointer  data)
{
  Setup setup = { f, &rl_provider_brevo, NULL, NULL };
  Seen seen = { 0 };
  Ticks t = { 0 };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  guint tick;

  make_actions (f, 4, FALSE);
  use_provider (f, &rl_provider_brevo, 3);
  ids = rl_book_outbox_ids (f->tb.book, RL_ACTION_APPROVED, NULL);
  g_array_set_size (ids, 2);
  tick = g_timeout_add (TICK_MS, on_tick_cb, &t);

  /* As the app did: the dispatcher in this main loop waits for the lock. */
  lock_book (f, &t, LOCK_MS);
  rl_dispatcher_send_async (f->dispatcher, ids, NULL, on_finished_cb, &seen);
  while (seen.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  results = rl_dispatcher_send_finish (f->dispatcher, seen.result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 2);
  g_test_message ("dispatcher in the main loop: longest main-loop stall %" G_GINT64_FORMAT
                  " ms (book locked for %d ms)", t.longest / 1000, LOCK_MS);
  g_assert_cmpint (t.longest / 1000, >=, LOCK_MS / 2);
  g_thread_join (t.unlocker);
  g_clear_object (&seen.result);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* In its thread: the main loop goes on while the worker waits. */
  ids = rl_book_outbox_ids (f->tb.book, RL_ACTION_APPROVED, NULL);
  g_assert_cmpuint (ids->len, ==, 2);
  lock_book (f, &t, LOCK_MS);
  results = send_in_thread (&setup, ids, FALSE, &seen, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 2);
  for (guint i = 0; i < results->len; i++)
    g_assert_cmpint (((RlDispatchResult *) g_ptr_array_index (results, i))->state, ==,
                     RL_ACTION_DONE);
  g_test_message ("dispatcher in its thread: longest main-loop stall %" G_GINT64_FORMAT
                  " ms (book locked for %d ms)", t.longest / 1000, LOCK_MS);
  g_assert_cmpint (t.longest / 1000, <, LOCK_MS / 3);
  g_thread_join (t.unlocker);
  g_source_remove (tick);
  seen_clear (&seen);
}

/* Locked longer than the main thread's connections would wait (5 s): the worker waits on, and
 * no message is left sent but not recorded. */
static void
test_long_lock (Fixture       *f,
                gconstpointer  data)
{
  Setup setup = { f, &rl_provider_brevo, NULL, NULL };
  Seen seen = { 0 };
  Ticks t = { 0 };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  guint max = 0;

  make_actions (f, 2, FALSE);
  f->fake = fake_provider_new (&rl_provider_brevo, f->pdf);
  ids = rl_book_outbox_ids (f->tb.book, RL_ACTION_APPROVED, NULL);
  lock_book (f, &t, 6500);
  results = send_in_thread (&setup, ids, FALSE, &seen, &error);
  g_thread_join (t.unlocker);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 2);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (state_of (f, ids, i), ==, RL_ACTION_DONE);
  g_assert_cmpuint (fake_provider_accepted (f->fake, &max), ==, 2);
  g_assert_cmpuint (max, ==, 1);
  seen_clear (&seen);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/relance/dispatch-thread/records", Fixture, NULL, fixture_set_up, test_records,
              fixture_tear_down);
  g_test_add ("/relance/dispatch-thread/cancel/brevo", Fixture, &rl_provider_brevo,
              fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/relance/dispatch-thread/cancel/postmark", Fixture, &rl_provider_postmark,
              fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/relance/dispatch-thread/locked-book", Fixture, NULL, fixture_set_up,
              test_locked_book, fixture_tear_down);
  g_test_add ("/relance/dispatch-thread/long-lock", Fixture, NULL, fixture_set_up,
              test_long_lock, fixture_tear_down);
  return g_test_run ();
}
