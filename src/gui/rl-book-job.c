/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-book-job.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

/* How many book jobs run at once; the others wait their turn. */
#define MAX_JOB_THREADS 6

typedef struct
{
  char           *path;
  RlBookJobFunc   func;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
} Job;

static void
job_free (Job *job)
{
  if (job->data_free != NULL && job->data != NULL)
    job->data_free (job->data);
  g_free (job->path);
  g_free (job);
}

static void
job_thread (GTask *task)
{
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  RlBook *book = rl_book_open (job->path, RL_BOOK_OPEN_DEFAULT, &error);
  gpointer result;

  if (book == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  rl_book_set_actor (book, g_get_user_name ());
  result = job->func (book, job->data, &error);
  g_object_unref (book);
#ifdef __GLIBC__
  /* The connection's page cache (up to 64 MB after a scan of a big book) goes back to the
   * system, not to this worker thread's heap, where it would stay for nothing. */
  if (!g_getenv ("NOTRIM")) malloc_trim (0);
#endif
  if (error != NULL)
    {
      if (result != NULL && job->result_free != NULL)
        job->result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_pointer (task, result, job->result_free);
}

/**
 * rl_book_job_thread_background:
 *
 * Lowers the calling worker thread's priority (nice 10), once. Book work runs beside the main
 * loop, which draws the window: when every processor was busy, a worker at the same priority
 * took the main thread's turn, and frames came 100 ms late while a million invoices were
 * counted. A thread cannot raise its priority again: call this only from threads that do
 * nothing else than such work.
 */
void
rl_book_job_thread_background (void)
{
#ifdef __linux__
  static GPrivate lowered;

  if (g_private_get (&lowered) == NULL)
    {
      setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10);
      g_private_set (&lowered, GINT_TO_POINTER (1));
    }
#endif
}

/* The jobs run on threads of their own (GTask's threads serve GIO too): lowered once. */
static void
pool_cb (gpointer data,
         gpointer user_data)
{
  g_autoptr(GTask) task = data;

  rl_book_job_thread_background ();
  job_thread (task);
}

static void
run_in_job_thread (GTask *task)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (pool_cb, NULL, MAX_JOB_THREADS, FALSE, NULL));
  g_thread_pool_push (pool, g_object_ref (task), NULL);
}

/**
 * rl_book_job_run_async:
 * @func: runs in a worker thread with a book of its own; returns the result, or %NULL with an
 *   error (a %NULL result without an error is a valid result)
 */
void
rl_book_job_run_async (const char          *book_path,
                       RlBookJobFunc        func,
                       gpointer             data,
                       GDestroyNotify       data_free,
                       GDestroyNotify       result_free,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  g_task_set_source_tag (task, rl_book_job_run_async);
  job->path = g_strdup (book_path);
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  run_in_job_thread (task);
}

/**
 * rl_book_job_finish:
 *
 * Returns: (transfer full) (nullable): what the job's function returned
 */
gpointer
rl_book_job_finish (GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  RlBookChangeFunc  func;
  gpointer          data;
  GDestroyNotify    data_free;
} Change;

static void
change_free (Change *change)
{
  if (change->data_free != NULL && change->data != NULL)
    change->data_free (change->data);
  g_free (change);
}

static gpointer
change_job (RlBook   *book,
            gpointer  data,
            GError  **error)
{
  Change *change = data;

  if (!rl_book_begin (book, error))
    return NULL;
  if (!change->func (book, change->data, error))
    {
      rl_book_rollback (book);
      return NULL;
    }
  if (!rl_book_commit (book, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

/**
 * rl_book_change_async:
 * @func: runs in a worker thread inside a transaction, committed when it returns %TRUE and
 *   rolled back when it returns %FALSE with an error
 */
void
rl_book_change_async (const char          *book_path,
                      RlBookChangeFunc     func,
                      gpointer             data,
                      GDestroyNotify       data_free,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  Change *change = g_new0 (Change, 1);

  change->func = func;
  change->data = data;
  change->data_free = data_free;
  rl_book_job_run_async (book_path, change_job, change, (GDestroyNotify) change_free, NULL,
                         cancellable, callback, user_data);
}

gboolean
rl_book_change_finish (GAsyncResult  *result,
                       GError       **error)
{
  return rl_book_job_finish (result, error) != NULL;
}

/* Cancels the work started with *@cancellable and returns a new one for the next: a view
 * that reloads shows only the latest answer. */
GCancellable *
rl_cancellable_renew (GCancellable **cancellable)
{
  g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  *cancellable = g_cancellable_new ();
  return *cancellable;
}
