/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-gui-letters.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rl-action-text.h"
#include "rl-book-letters.h"
#include "rl-engine.h"
#include "rl-error.h"
#include "rl-letter.h"

static void
gui_letter_clear (gpointer p)
{
  g_free (((RlGuiLetter *) p)->kind);
}

static RlGuiLetterSet *
letter_set_new (RlDay as_of)
{
  RlGuiLetterSet *set = g_new0 (RlGuiLetterSet, 1);

  set->as_of = as_of;
  set->letters = g_array_new (FALSE, TRUE, sizeof (RlGuiLetter));
  g_array_set_clear_func (set->letters, gui_letter_clear);
  set->failures = g_ptr_array_new_with_free_func (g_free);
  return set;
}

void
rl_gui_letter_set_free (RlGuiLetterSet *set)
{
  if (set == NULL)
    return;
  g_clear_pointer (&set->pdf, g_bytes_unref);
  g_array_unref (set->letters);
  g_ptr_array_unref (set->failures);
  g_free (set);
}

static RlLetterWriter *
open_writer (RlBook      *book,
             const char  *batch_path,
             RlDay        as_of,
             GError     **error)
{
  g_autoptr(RlLetterSettings) settings = rl_book_get_letter_settings (book, error);

  return settings != NULL ? rl_letter_writer_new (settings, batch_path, as_of, error) : NULL;
}

/* Adds one action's letter to @writer and to @set's list. */
static gboolean
add_action (RlBook          *book,
            RlLetterWriter  *writer,
            gint64           action_id,
            RlGuiLetterSet  *set,
            GBytes         **out_pdf,
            GError         **error)
{
  g_autoptr(RlActionDocument) doc = rl_action_render_document (book, action_id, set->as_of,
                                                               error);
  RlGuiLetter letter = { action_id, 0, NULL, (int) rl_letter_writer_get_batch_pages (writer) + 1,
                         0 };

  if (doc == NULL)
    return FALSE;
  if (doc->channel != RL_CHANNEL_LETTER && doc->channel != RL_CHANNEL_REGISTERED_LETTER
      && g_strcmp0 (doc->template_key, "thank_you") != 0)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE,
                   _("This action is not a letter but a message by %s."),
                   rl_channel_label (doc->channel));
      return FALSE;
    }
  if (!rl_letter_writer_add_action (writer, doc, out_pdf, &letter.pages, error))
    return FALSE;
  letter.customer_id = doc->customer->id;
  letter.kind = g_strdup (doc->template_key);
  g_array_append_val (set->letters, letter);
  return TRUE;
}

/**
 * rl_gui_letter_render_action:
 *
 * Returns: (transfer full): the letter of @action_id as its PDF, recorded nowhere yet, or
 *   %NULL with @error (not a letter, no bank details, an address that does not fit)
 */
RlGuiLetterSet *
rl_gui_letter_render_action (RlBook  *book,
                             gint64   action_id,
                             RlDay    as_of,
                             GError **error)
{
  g_autoptr(RlGuiLetterSet) set = letter_set_new (as_of);
  g_autoptr(RlLetterWriter) writer = open_writer (book, NULL, as_of, error);

  if (writer == NULL || !add_action (book, writer, action_id, set, &set->pdf, error))
    return NULL;
  set->pages = g_array_index (set->letters, RlGuiLetter, 0).pages;
  return g_steal_pointer (&set);
}

/**
 * rl_gui_letter_render_calibration:
 *
 * Returns: (transfer full): the envelope calibration page, with the company's address where
 *   the customer's goes
 */
RlGuiLetterSet *
rl_gui_letter_render_calibration (RlBook  *book,
                                  RlDay    as_of,
                                  GError **error)
{
  g_autoptr(RlGuiLetterSet) set = letter_set_new (as_of);
  g_autoptr(RlLetterWriter) writer = open_writer (book, NULL, as_of, error);
  g_autoptr(RlCompany) company = rl_book_get_company (book, error);

  if (writer == NULL || company == NULL
      || !rl_letter_writer_add_calibration (writer, company, &set->pdf, &set->pages, error))
    return NULL;
  return g_steal_pointer (&set);
}

/**
 * rl_gui_letter_render_statement:
 *
 * Returns: (transfer full): the account statement of @customer_id at @as_of, recorded nowhere
 *   yet, or %NULL with @error (an unknown customer, an address that does not fit)
 */
RlGuiLetterSet *
rl_gui_letter_render_statement (RlBook  *book,
                                gint64   customer_id,
                                RlDay    as_of,
                                GError **error)
{
  g_autoptr(RlGuiLetterSet) set = letter_set_new (as_of);
  g_autoptr(RlLetterWriter) writer = open_writer (book, NULL, as_of, error);
  g_autoptr(RlStatement) st = NULL;
  RlGuiLetter letter = { 0, customer_id, NULL, 1, 0 };

  if (writer == NULL || (st = rl_book_get_statement (book, customer_id, as_of, error)) == NULL
      || !rl_letter_writer_add_statement (writer, st, &set->pdf, &letter.pages, error))
    return NULL;
  letter.kind = g_strdup ("statement");
  g_array_append_val (set->letters, letter);
  set->pages = letter.pages;
  return g_steal_pointer (&set);
}

/**
 * rl_gui_letters_to_print:
 *
 * Returns: (transfer full) (element-type gint64): the approved letter actions not printed
 *   yet, by customer code, or %NULL with a book error
 */
GArray *
rl_gui_letters_to_print (RlBook  *book,
                         GError **error)
{
  return rl_book_list_letter_actions (book, FALSE, error);
}

static char *
failure_text (RlBook       *book,
              gint64        action_id,
              const GError *why)
{
  g_autoptr(RlAction) action = rl_book_get_action (book, action_id, NULL);

  if (action == NULL)
    return g_strdup_printf (_("Action %lld: %s"), (long long) action_id, why->message);
  return g_strdup_printf ("%s: %s", action->customer_name, why->message);
}

static char *
scratch_pdf (GError **error)
{
  g_autofree char *dir = g_dir_make_tmp ("relance-letters-XXXXXX", error);

  return dir != NULL ? g_build_filename (dir, "batch.pdf", NULL) : NULL;
}

static void
remove_scratch (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_remove (path);
  g_rmdir (dir);
}

/**
 * rl_gui_letter_render_day:
 *
 * The approved letters not printed yet, in one PDF, each on a new sheet. A letter that
 * cannot be printed is left out and said in @set->failures.
 *
 * Returns: (transfer full): the batch, or %NULL with @error (nothing to print, no bank
 *   details, the book)
 */
RlGuiLetterSet *
rl_gui_letter_render_day (RlBook  *book,
                          RlDay    as_of,
                          GError **error)
{
  g_autoptr(RlGuiLetterSet) set = letter_set_new (as_of);
  g_autoptr(GArray) ids = rl_gui_letters_to_print (book, error);
  g_autoptr(RlLetterWriter) writer = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) first_error = NULL;
  gsize len = 0;
  gboolean ok;

  if (ids == NULL)
    return NULL;
  if (ids->len == 0)
    {
      g_set_error_literal (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE,
                           _("No approved letter is waiting to be printed."));
      return NULL;
    }
  path = scratch_pdf (error);
  if (path == NULL || (writer = open_writer (book, path, as_of, error)) == NULL)
    return NULL;
  set->batch = TRUE;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) letter_error = NULL;
      gint64 id = g_array_index (ids, gint64, i);

      if (add_action (book, writer, id, set, NULL, &letter_error))
        continue;
      g_ptr_array_add (set->failures, failure_text (book, id, letter_error));
      if (first_error == NULL)
        {
          first_error = g_steal_pointer (&letter_error);
          g_free (first_error->message);
          first_error->message = g_strdup (g_ptr_array_index (set->failures, 0));
        }
    }
  ok = rl_letter_writer_finish (writer, error)
       && g_file_get_contents (path, &contents, &len, error);
  remove_scratch (path);
  if (!ok)
    return NULL;
  if (set->letters->len == 0)
    {
      /* Not one letter: why the first could not be printed. */
      g_propagate_error (error, g_steal_pointer (&first_error));
      return NULL;
    }
  set->pages = (int) rl_letter_writer_get_batch_pages (writer);
  set->pdf = g_bytes_new_take (g_steal_pointer (&contents), len);
  return g_steal_pointer (&set);
}

static gboolean
record_batch (RlBook          *book,
              RlGuiLetterSet  *set,
              GError         **error)
{
  g_autofree char *path = scratch_pdf (error);
  gsize len;
  const char *data;
  gint64 batch_id = 0;

  if (path == NULL)
    return FALSE;
  data = g_bytes_get_data (set->pdf, &len);
  if (g_file_set_contents (path, data, len, error))
    batch_id = rl_book_record_letter_batch (book, set->as_of, set->pages, path, error);
  remove_scratch (path);
  for (guint i = 0; batch_id != 0 && i < set->letters->len; i++)
    {
      const RlGuiLetter *l = &g_array_index (set->letters, RlGuiLetter, i);

      if (rl_book_record_batch_letter (book, batch_id, l->first_page, l->action_id,
                                       l->customer_id, l->kind, l->pages, error) == 0)
        return FALSE;
    }
  return batch_id != 0;
}

/**
 * rl_gui_letter_set_record:
 *
 * Keeps the letters printed or saved in the book, with their PDF: a batch whole, with each
 * letter as its pages in it. The calibration page is not kept.
 *
 * Returns: %TRUE, or %FALSE with a book error
 */
gboolean
rl_gui_letter_set_record (RlBook          *book,
                          RlGuiLetterSet  *set,
                          GError         **error)
{
  const RlGuiLetter *l;

  if (set->letters->len == 0)
    return TRUE;
  if (set->batch)
    return record_batch (book, set, error);
  l = &g_array_index (set->letters, RlGuiLetter, 0);
  return rl_book_record_letter (book, l->action_id, l->customer_id, l->kind, set->as_of,
                                l->pages, set->pdf, error) != 0;
}

/**
 * rl_gui_pdf_open:
 *
 * Returns: (transfer full): the document, or %NULL with Poppler's error
 */
PopplerDocument *
rl_gui_pdf_open (GBytes  *pdf,
                 GError **error)
{
  return poppler_document_new_from_bytes (pdf, NULL, error);
}

/**
 * rl_gui_pdf_render_page:
 * @scale: pixels per PDF point
 *
 * Returns: (transfer full): the page on a white image surface
 */
cairo_surface_t *
rl_gui_pdf_render_page (PopplerDocument *doc,
                        int              index,
                        double           scale)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (doc, index);
  double width = 0, height = 0;
  cairo_surface_t *surface;
  cairo_t *cr;

  g_return_val_if_fail (page != NULL, NULL);
  poppler_page_get_size (page, &width, &height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) (width * scale + 0.5),
                                        (int) (height * scale + 0.5));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Draws page @index on a printed sheet of @width × @height (the context's units), the whole
 * page at its true size when the sheet is A4. */
void
rl_gui_pdf_print_page (PopplerDocument *doc,
                       int              index,
                       cairo_t         *cr,
                       double           width,
                       double           height)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (doc, index);
  double pw = 0, ph = 0;

  g_return_if_fail (page != NULL);
  poppler_page_get_size (page, &pw, &ph);
  cairo_save (cr);
  cairo_scale (cr, MIN (width / pw, height / ph), MIN (width / pw, height / ph));
  poppler_page_render_for_printing (page, cr);
  cairo_restore (cr);
}
