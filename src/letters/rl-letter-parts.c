/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-letters"

#include "config.h"

#include "rl-letter-parts.h"

#include <glib/gstdio.h>

#include "rl-letter-private.h"
#include "rl-pdf-merge.h"

/* A day's batch drawn in parts. A batch is one PDF, and a PDF is written by one thread: the
 * letters are split into as many runs as there are worker threads, each drawn by its thread
 * into a PDF of its own, and those are joined in order at the end (rl-pdf-merge.c), so that
 * every processor draws. The caller's thread reads the letters from the book, alternately for
 * each part, and keeps them in the book as they are drawn.
 *
 * Each worker makes its own writer on its own thread: Pango's default font map is one per
 * thread. */

typedef struct
{
  RlActionDocument *doc;
  /* Set by the worker, under the lock. */
  gboolean          done;
  GError           *error;
  int               pages;
  guint             first_page;  /* in its part, from 1 */
} Letter;

typedef struct
{
  RlLetterParts  *parts;
  guint           first;        /* its letters: [first, end) */
  guint           end;
  char           *path;
  GThread        *thread;
  GAsyncQueue    *todo;         /* letter index + 1, or 0 to stop */
  /* Set by the worker, under the lock. */
  gboolean        ready;
  GError         *error;        /* the writer could not be made or finished */
  guint           pages;
  guint           page_offset;  /* its first page in the batch, less one */
} Part;

struct _RlLetterParts
{
  const RlLetterSettings *settings;
  char           *batch_path;
  RlDay           as_of;
  guint           n_letters;
  Letter         *letters;
  guint          *order;        /* the order to read letters in: each part in turn */
  Part           *parts;
  guint           n_parts;
  gboolean        stopped;
  guint           pages;
  Letter         *waiting;      /* the letter the caller's thread waits for, under the lock */
  Part           *open_part;    /* the part letters are taken from now */
  RlPdfFile      *open_file;
  GMutex          lock;
  GCond           cond;
};

static Part *
part_of (RlLetterParts *lp,
         guint          index)
{
  for (guint k = 0; k < lp->n_parts; k++)
    if (index < lp->parts[k].end)
      return &lp->parts[k];
  g_assert_not_reached ();
}

static gpointer
work (gpointer data)
{
  Part *part = data;
  RlLetterParts *lp = part->parts;
  g_autoptr(RlLetterWriter) writer = NULL;
  GError *error = NULL;
  gpointer item;

  writer = rl_letter_writer_new (lp->settings, part->path, lp->as_of, &error);
  g_mutex_lock (&lp->lock);
  part->ready = TRUE;
  part->error = error;
  g_cond_broadcast (&lp->cond);
  g_mutex_unlock (&lp->lock);

  while ((item = g_async_queue_pop (part->todo)) != GUINT_TO_POINTER (G_MAXUINT))
    {
      Letter *letter = &lp->letters[GPOINTER_TO_UINT (item) - 1];
      guint first_page = 0;
      int pages = 0;

      error = NULL;
      if (writer == NULL)
        error = g_error_copy (part->error);
      else
        {
          first_page = rl_letter_writer_get_batch_pages (writer) + 1;
          rl_letter_writer_add_action (writer, letter->doc, NULL, &pages, &error);
        }
      g_clear_pointer (&letter->doc, rl_action_document_free);
      g_mutex_lock (&lp->lock);
      letter->error = error;
      letter->pages = pages;
      letter->first_page = first_page;
      letter->done = TRUE;
      /* Only the letter waited for wakes the caller's thread up. */
      if (lp->waiting == letter)
        g_cond_broadcast (&lp->cond);
      g_mutex_unlock (&lp->lock);
    }

  error = NULL;
  if (writer != NULL)
    {
      guint pages = rl_letter_writer_get_batch_pages (writer);

      rl_letter_writer_finish (writer, &error);
      g_mutex_lock (&lp->lock);
      part->error = error;
      part->pages = pages;
      g_mutex_unlock (&lp->lock);
    }
  return NULL;
}

/* Stops the workers once they are done with the letters queued. */
static void
stop (RlLetterParts *lp)
{
  if (lp->stopped)
    return;
  lp->stopped = TRUE;
  for (guint k = 0; k < lp->n_parts; k++)
    if (lp->parts[k].thread != NULL)
      g_async_queue_push (lp->parts[k].todo, GUINT_TO_POINTER (G_MAXUINT));
  for (guint k = 0; k < lp->n_parts; k++)
    g_clear_pointer (&lp->parts[k].thread, g_thread_join);
}

/**
 * rl_letter_parts_new:
 * @settings: the letter settings; they must outlive @parts
 * @batch_path: the PDF that receives every letter, one after another
 * @as_of: the day of the letters
 * @n_letters: how many letters the batch will have
 * @n_parts: how many parts (and worker threads) draw them, at least 1; fewer when there are
 *   fewer letters
 *
 * Returns: (transfer full): the batch on its way, or %NULL with the error of
 *   rl_letter_writer_new()
 */
RlLetterParts *
rl_letter_parts_new (const RlLetterSettings  *settings,
                     const char              *batch_path,
                     RlDay                    as_of,
                     guint                    n_letters,
                     guint                    n_parts,
                     GError                 **error)
{
  g_autoptr(RlLetterParts) lp = NULL;
  guint n = 0;

  g_return_val_if_fail (settings != NULL && batch_path != NULL, NULL);

  lp = g_new0 (RlLetterParts, 1);
  lp->settings = settings;
  lp->batch_path = g_strdup (batch_path);
  lp->as_of = as_of;
  lp->n_letters = n_letters;
  lp->letters = g_new0 (Letter, MAX (n_letters, 1));
  lp->order = g_new0 (guint, MAX (n_letters, 1));
  lp->n_parts = CLAMP (MIN (n_parts, n_letters), 1, 64);
  lp->parts = g_new0 (Part, lp->n_parts);
  g_mutex_init (&lp->lock);
  g_cond_init (&lp->cond);
  for (guint k = 0; k < lp->n_parts; k++)
    {
      Part *part = &lp->parts[k];

      part->parts = lp;
      part->first = (guint) ((guint64) n_letters * k / lp->n_parts);
      part->end = (guint) ((guint64) n_letters * (k + 1) / lp->n_parts);
      part->path = lp->n_parts == 1 ? g_strdup (batch_path)
                                    : g_strdup_printf ("%s.part%u", batch_path, k + 1);
      part->todo = g_async_queue_new ();
      part->thread = g_thread_new ("rl-letters", work, part);
    }
  for (guint j = 0; n < n_letters; j++)
    for (guint k = 0; k < lp->n_parts; k++)
      if (lp->parts[k].first + j < lp->parts[k].end)
        lp->order[n++] = lp->parts[k].first + j;

  g_mutex_lock (&lp->lock);
  for (guint k = 0; k < lp->n_parts; k++)
    {
      while (!lp->parts[k].ready)
        g_cond_wait (&lp->cond, &lp->lock);
      if (lp->parts[k].error != NULL && (error == NULL || *error == NULL))
        g_propagate_error (error, g_error_copy (lp->parts[k].error));
    }
  g_mutex_unlock (&lp->lock);
  for (guint k = 0; k < lp->n_parts; k++)
    if (lp->parts[k].error != NULL)
      return NULL;
  return g_steal_pointer (&lp);
}

guint
rl_letter_parts_get_parts (RlLetterParts *lp)
{
  return lp->n_parts;
}

/**
 * rl_letter_parts_get_index:
 * @n: from 0 to the number of letters, less one
 *
 * Returns: the letter to read @n-th: each part's next letter in turn, so that every worker
 *   has letters to draw
 */
guint
rl_letter_parts_get_index (RlLetterParts *lp,
                           guint          n)
{
  g_return_val_if_fail (n < lp->n_letters, 0);

  return lp->order[n];
}

/**
 * rl_letter_parts_push_action:
 * @index: the letter's place in the batch, from 0
 * @doc: (transfer full): the letter action
 *
 * Queues a letter to draw into its part.
 */
void
rl_letter_parts_push_action (RlLetterParts     *lp,
                             guint              index,
                             RlActionDocument  *doc)
{
  g_return_if_fail (index < lp->n_letters && doc != NULL && !lp->stopped);

  lp->letters[index].doc = doc;
  g_async_queue_push (part_of (lp, index)->todo, GUINT_TO_POINTER (index + 1));
}

/**
 * rl_letter_parts_push_error:
 * @error: (transfer full): why the letter at @index cannot be drawn
 */
void
rl_letter_parts_push_error (RlLetterParts *lp,
                            guint          index,
                            GError        *error)
{
  g_return_if_fail (index < lp->n_letters && error != NULL);

  g_mutex_lock (&lp->lock);
  lp->letters[index].error = error;
  lp->letters[index].done = TRUE;
  g_mutex_unlock (&lp->lock);
}

/**
 * rl_letter_parts_wait:
 * @index: a letter pushed
 * @out_pages: (out) (optional): its number of pages
 *
 * Waits for the letter to be drawn into its part.
 *
 * Returns: %TRUE, or %FALSE with the letter's error (it is not in the batch)
 */
gboolean
rl_letter_parts_wait (RlLetterParts  *lp,
                      guint           index,
                      int            *out_pages,
                      GError        **error)
{
  Letter *letter;
  gboolean ok;

  g_return_val_if_fail (index < lp->n_letters, FALSE);

  letter = &lp->letters[index];
  g_mutex_lock (&lp->lock);
  lp->waiting = letter;
  while (!letter->done)
    g_cond_wait (&lp->cond, &lp->lock);
  lp->waiting = NULL;
  g_mutex_unlock (&lp->lock);
  ok = letter->error == NULL;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&letter->error));
  else if (out_pages != NULL)
    *out_pages = letter->pages;
  return ok;
}

/**
 * rl_letter_parts_finish:
 *
 * Waits for the letters pushed to be drawn, closes the parts and joins them into the batch.
 *
 * Returns: %TRUE, or %FALSE with %RL_LETTER_ERROR_WRITE or a #G_FILE_ERROR
 */
gboolean
rl_letter_parts_finish (RlLetterParts  *lp,
                        GError        **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  gboolean ok = TRUE;

  g_return_val_if_fail (!lp->stopped, FALSE);

  stop (lp);
  for (guint k = 0; k < lp->n_parts; k++)
    {
      Part *part = &lp->parts[k];

      if (part->error != NULL)
        {
          if (ok)
            g_propagate_error (error, g_steal_pointer (&part->error));
          ok = FALSE;
        }
      part->page_offset = lp->pages;
      lp->pages += part->pages;
      /* A part without letters is a blank page: left out. */
      if (part->pages > 0)
        g_ptr_array_add (paths, part->path);
    }
  if (lp->n_parts == 1 || !ok)
    return ok;
  if (paths->len == 0)
    g_ptr_array_add (paths, lp->parts[0].path);
  g_ptr_array_add (paths, NULL);
  return rl_pdf_merge ((const char * const *) paths->pdata, lp->batch_path, NULL, error);
}

/**
 * rl_letter_parts_get_first_page:
 * @index: a letter drawn, once the batch is finished
 *
 * Returns: the letter's first page in the batch, from 1
 */
guint
rl_letter_parts_get_first_page (RlLetterParts *lp,
                                guint          index)
{
  g_return_val_if_fail (index < lp->n_letters && lp->stopped, 0);

  return part_of (lp, index)->page_offset + lp->letters[index].first_page;
}

/* A letter as a PDF of its own: its pages taken from @file, its part. */
static GBytes *
letter_pdf (RlPdfFile    *file,
            const Letter *letter)
{
  return rl_pdf_file_extract (file, letter->first_page, (guint) letter->pages);
}

/* What a thread of rl_letter_parts_save_letters() does: the letters of one part. */
typedef struct
{
  RlLetterParts       *lp;
  const Part          *part;
  const char * const  *paths;
  GError              *error;
} Saver;

static gpointer
save_part_letters (gpointer data)
{
  Saver *s = data;
  Letter *letters = s->lp->letters;
  RlPdfFile *file = NULL;

  for (guint i = s->part->first; i < s->part->end && s->error == NULL; i++)
    {
      g_autoptr(GBytes) pdf = NULL;

      if (s->paths[i] == NULL || letters[i].pages == 0)
        continue;
      if (file == NULL && (file = rl_pdf_file_open (s->part->path, &s->error)) == NULL)
        break;
      pdf = letter_pdf (file, &letters[i]);
      rl_letter_save (s->paths[i], pdf, &s->error);
    }
  rl_pdf_file_free (file);
  return NULL;
}

/**
 * rl_letter_parts_save_letters:
 * @paths: for each letter, the file to write its own PDF to, or %NULL
 *
 * Writes each letter drawn as a PDF of its own, as rl_letter_parts_get_letter_pdf() makes
 * it, to its file: a thread per part, once the batch is finished.
 *
 * Returns: %TRUE, or %FALSE with the first error (then some files may be written)
 */
gboolean
rl_letter_parts_save_letters (RlLetterParts       *lp,
                              const char * const  *paths,
                              GError             **error)
{
  g_autofree Saver *savers = g_new0 (Saver, lp->n_parts);
  g_autofree GThread **threads = g_new0 (GThread *, lp->n_parts);
  gboolean ok = TRUE;

  g_return_val_if_fail (lp->stopped, FALSE);

  for (guint k = 0; k < lp->n_parts; k++)
    {
      savers[k] = (Saver) { lp, &lp->parts[k], paths, NULL };
      /* The last part in the calling thread. */
      if (k + 1 < lp->n_parts)
        threads[k] = g_thread_new ("rl-letters", save_part_letters, &savers[k]);
      else
        save_part_letters (&savers[k]);
    }
  for (guint k = 0; k < lp->n_parts; k++)
    {
      if (threads[k] != NULL)
        g_thread_join (threads[k]);
      if (savers[k].error != NULL && ok)
        {
          g_propagate_error (error, g_steal_pointer (&savers[k].error));
          ok = FALSE;
        }
      g_clear_error (&savers[k].error);
    }
  return ok;
}

/**
 * rl_letter_parts_get_letter_pdf:
 * @index: a letter drawn, once the batch is finished
 *
 * The letter as a PDF of its own, its pages taken from its part with the fonts they use:
 * nothing is drawn again. Letters are best taken in order, a part after the other.
 *
 * Returns: (transfer full): the PDF, or %NULL with the error of rl_pdf_file_open()
 */
GBytes *
rl_letter_parts_get_letter_pdf (RlLetterParts  *lp,
                                guint           index,
                                GError        **error)
{
  Part *part;

  g_return_val_if_fail (index < lp->n_letters && lp->stopped, NULL);
  g_return_val_if_fail (lp->letters[index].pages > 0, NULL);

  part = part_of (lp, index);
  if (lp->open_part != part)
    {
      g_clear_pointer (&lp->open_file, rl_pdf_file_free);
      lp->open_part = NULL;
      lp->open_file = rl_pdf_file_open (part->path, error);
      if (lp->open_file == NULL)
        return NULL;
      lp->open_part = part;
    }
  return letter_pdf (lp->open_file, &lp->letters[index]);
}

/**
 * rl_letter_parts_get_pages:
 *
 * Returns: the batch's number of pages, once finished
 */
guint
rl_letter_parts_get_pages (RlLetterParts *lp)
{
  return lp->pages;
}

/**
 * rl_letter_parts_free:
 *
 * Stops the workers, once they are done with the letters queued, and removes the parts.
 */
void
rl_letter_parts_free (RlLetterParts *lp)
{
  if (lp == NULL)
    return;
  stop (lp);
  g_clear_pointer (&lp->open_file, rl_pdf_file_free);
  for (guint k = 0; k < lp->n_parts; k++)
    {
      Part *part = &lp->parts[k];

      if (lp->n_parts > 1 && part->path != NULL)
        g_unlink (part->path);
      g_free (part->path);
      g_clear_pointer (&part->todo, g_async_queue_unref);
      g_clear_error (&part->error);
    }
  for (guint i = 0; i < lp->n_letters; i++)
    {
      g_clear_pointer (&lp->letters[i].doc, rl_action_document_free);
      g_clear_error (&lp->letters[i].error);
    }
  g_free (lp->parts);
  g_free (lp->letters);
  g_free (lp->order);
  g_free (lp->batch_path);
  g_mutex_clear (&lp->lock);
  g_cond_clear (&lp->cond);
  g_free (lp);
}
