/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-letters"

#include "config.h"

#include "rl-letter-pool.h"

#include "rl-letter-private.h"

/* A day's batch drawn on worker threads. Shaping text, the QR codes and each letter's own
 * PDF (its font subsets compressed again for every letter) are most of a batch's work, and
 * each letter's are its own: worker threads draw letters into recording surfaces and their
 * own PDFs, several at a time, while the caller's thread reads the next ones from the book
 * and replays the pages drawn, in the order given, into the one batch PDF.
 *
 * Each worker has its own writer, made on its own thread: Pango's default font map is one
 * per thread, and cairo surfaces are only shared once a worker is done with them. */

typedef struct
{
  RlActionDocument *doc;       /* NULL: a letter refused before drawing, see error */
  gboolean          want_pdf;
  char             *path;      /* where to write its own PDF, or NULL */
  gpointer          tag;
  /* Set by the worker, under the pool's lock. */
  gboolean          done;
  GPtrArray        *pages;     /* recording surfaces, a page each */
  GBytes           *pdf;
  GError           *error;
} Job;

struct _RlLetterPool
{
  RlLetterWriter   *batch;     /* the caller's writer, that owns the batch */
  const RlLetterSettings *settings; /* what each worker makes its writer from */
  RlDay             as_of;
  GPtrArray        *threads;
  GAsyncQueue      *todo;      /* Job *, or the pool itself to stop a worker */
  GQueue            order;     /* Job *, as pushed: popped in this order */
  GMutex            lock;
  GCond             done;
};

static void
job_free (Job *job)
{
  g_clear_pointer (&job->doc, rl_action_document_free);
  g_free (job->path);
  g_clear_pointer (&job->pages, g_ptr_array_unref);
  g_clear_pointer (&job->pdf, g_bytes_unref);
  g_clear_error (&job->error);
  g_free (job);
}

/* A new letter in the order letters come back in. */
static Job *
queue_job (RlLetterPool *pool,
           gpointer      tag)
{
  Job *job = g_new0 (Job, 1);

  job->tag = tag;
  g_queue_push_tail (&pool->order, job);
  return job;
}

static gpointer
work (gpointer data)
{
  RlLetterPool *pool = data;
  g_autoptr(RlLetterWriter) writer = NULL;
  g_autoptr(GError) writer_error = NULL;
  gpointer item;

  writer = rl_letter_writer_new (pool->settings, NULL, pool->as_of, &writer_error);
  while ((item = g_async_queue_pop (pool->todo)) != pool)
    {
      Job *job = item;
      GPtrArray *pages = NULL;
      GBytes *pdf = NULL;
      GError *error = NULL;

      if (writer == NULL)
        error = g_error_copy (writer_error);
      else
        pages = _rl_letter_writer_record_action (writer, job->doc, job->want_pdf ? &pdf : NULL,
                                                 &error);
      /* Written here too, off the thread that keeps the batch. */
      if (pages != NULL && job->path != NULL && !rl_letter_save (job->path, pdf, &error))
        g_clear_pointer (&pages, g_ptr_array_unref);
      g_mutex_lock (&pool->lock);
      job->pages = pages;
      job->pdf = pdf;
      job->error = error;
      job->done = TRUE;
      g_cond_broadcast (&pool->done);
      g_mutex_unlock (&pool->lock);
    }
  return NULL;
}

/**
 * rl_letter_pool_new:
 * @batch: the writer whose batch receives the letters, in order; it must outlive the pool
 * @settings: the letter settings @batch was made with; they must outlive the pool
 * @as_of: the day of the letters
 * @n_threads: how many worker threads draw letters; 0 draws each letter into the batch
 *   directly, in the caller's thread, when it is popped
 *
 * Returns: (transfer full): a pool drawing letters on @n_threads threads
 */
RlLetterPool *
rl_letter_pool_new (RlLetterWriter         *batch,
                    const RlLetterSettings *settings,
                    RlDay                   as_of,
                    guint                   n_threads)
{
  RlLetterPool *pool;

  g_return_val_if_fail (batch != NULL && settings != NULL, NULL);

  pool = g_new0 (RlLetterPool, 1);
  pool->batch = batch;
  pool->settings = settings;
  pool->as_of = as_of;
  pool->todo = g_async_queue_new ();
  g_queue_init (&pool->order);
  g_mutex_init (&pool->lock);
  g_cond_init (&pool->done);
  pool->threads = g_ptr_array_new ();
  for (guint i = 0; i < n_threads; i++)
    g_ptr_array_add (pool->threads, g_thread_new ("rl-letters", work, pool));
  return pool;
}

/**
 * rl_letter_pool_push_action:
 * @doc: (transfer full): a letter action, from rl_action_render_document()
 * @want_pdf: whether the letter also needs a PDF of its own
 * @path: (nullable): with @want_pdf, the file to write that PDF to
 * @tag: given back by rl_letter_pool_pop() with this letter
 *
 * Queues a letter to draw. Letters come back from rl_letter_pool_pop() in the order pushed.
 */
void
rl_letter_pool_push_action (RlLetterPool      *pool,
                            RlActionDocument  *doc,
                            gboolean           want_pdf,
                            const char        *path,
                            gpointer           tag)
{
  Job *job = queue_job (pool, tag);

  g_return_if_fail (path == NULL || want_pdf);

  job->doc = doc;
  job->want_pdf = want_pdf;
  job->path = g_strdup (path);
  if (pool->threads->len > 0)
    g_async_queue_push (pool->todo, job);
}

/**
 * rl_letter_pool_push_error:
 * @error: (transfer full): why the letter tagged @tag cannot be drawn
 *
 * Queues a letter refused before drawing, so that it comes back in its place.
 */
void
rl_letter_pool_push_error (RlLetterPool *pool,
                           GError       *error,
                           gpointer      tag)
{
  Job *job = queue_job (pool, tag);

  job->error = error;
  job->done = TRUE;
}

/**
 * rl_letter_pool_get_threads:
 *
 * Returns: how many worker threads draw letters
 */
guint
rl_letter_pool_get_threads (RlLetterPool *pool)
{
  return pool->threads->len;
}

/**
 * rl_letter_pool_get_pending:
 *
 * Returns: how many letters were pushed and not popped yet
 */
guint
rl_letter_pool_get_pending (RlLetterPool *pool)
{
  return pool->order.length;
}

/* Without worker threads: the letter drawn into the batch directly. */
static gboolean
pop_here (RlLetterPool  *pool,
          Job           *job,
          gpointer      *out_tag,
          GBytes       **out_pdf,
          int           *out_pages,
          GError       **error)
{
  g_autoptr(GBytes) pdf = NULL;
  gboolean ok;

  *out_tag = job->tag;
  ok = rl_letter_writer_add_action (pool->batch, job->doc, job->want_pdf ? &pdf : NULL,
                                    out_pages, error)
       && (job->path == NULL || rl_letter_save (job->path, pdf, error));
  if (ok && out_pdf != NULL)
    *out_pdf = g_steal_pointer (&pdf);
  job_free (job);
  return ok;
}

/**
 * rl_letter_pool_pop:
 * @out_tag: (out): the tag the letter was pushed with
 * @out_pdf: (out) (optional): the letter's own PDF, when it was wanted
 * @out_pages: (out) (optional): its number of pages
 *
 * Waits for the first letter pushed and not popped yet, and draws it into the batch.
 *
 * Returns: %TRUE, or %FALSE with the letter's error (the batch is left as it was); %FALSE
 *   with @out_tag %NULL and no error when no letter is pending
 */
gboolean
rl_letter_pool_pop (RlLetterPool  *pool,
                    gpointer      *out_tag,
                    GBytes       **out_pdf,
                    int           *out_pages,
                    GError       **error)
{
  Job *job = g_queue_pop_head (&pool->order);
  gboolean ok;

  *out_tag = NULL;
  if (job == NULL)
    return FALSE;
  if (pool->threads->len == 0 && !job->done)
    return pop_here (pool, job, out_tag, out_pdf, out_pages, error);
  g_mutex_lock (&pool->lock);
  while (!job->done)
    g_cond_wait (&pool->done, &pool->lock);
  g_mutex_unlock (&pool->lock);

  *out_tag = job->tag;
  ok = job->error == NULL;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&job->error));
  else
    {
      _rl_letter_writer_add_pages (pool->batch, job->pages);
      if (out_pages != NULL)
        *out_pages = (int) job->pages->len;
      if (out_pdf != NULL)
        *out_pdf = g_steal_pointer (&job->pdf);
    }
  job_free (job);
  return ok;
}

/**
 * rl_letter_pool_free:
 *
 * Stops the worker threads, once they are done with the letters queued; the letters not
 * popped are dropped.
 */
void
rl_letter_pool_free (RlLetterPool *pool)
{
  if (pool == NULL)
    return;
  for (guint i = 0; i < pool->threads->len; i++)
    g_async_queue_push (pool->todo, pool);
  for (guint i = 0; i < pool->threads->len; i++)
    g_thread_join (g_ptr_array_index (pool->threads, i));
  g_ptr_array_unref (pool->threads);
  g_queue_clear_full (&pool->order, (GDestroyNotify) job_free);
  g_async_queue_unref (pool->todo);
  g_mutex_clear (&pool->lock);
  g_cond_clear (&pool->done);
  g_free (pool);
}
