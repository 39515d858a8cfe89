/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-letters"

#include "config.h"

#include "rl-letter.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <librsvg/rsvg.h>
#include <string.h>

#include "rl-letter-private.h"

/* The writer: fonts, images, envelope windows, and the PDF files letters stream into. */

/* The envelope windows (see ../shared/docs/DOMAIN.md §2). */
static const RlEnvelopeWindow windows[] = {
  /* French right window, the NF letter layout: 100 × 45 mm at 100 mm, 35 mm. */
  { "fr", 100.0, 35.0, 100.0, 45.0, 10.0, 9.0, 16.0, 99.0, 198.0 },
  /* DIN 5008 form B, left window: 85 × 45 mm at 20 mm, 45 mm; the top 17.7 mm take the
   * notes and the registered-mail label. */
  { "din", 20.0, 45.0, 85.0, 45.0, 5.0, 17.7, 17.7, 105.0, 210.0 },
  /* Swiss right window, for an A4 sheet folded in three into a C5/6 (or C5) envelope with its
   * window on the right: Swiss Post still recommends right addressing, and the business letter
   * standard SN 010130 provides for both sides (myelco.ch, "Couvert-Wissen"; officeworld.ch,
   * C4 envelopes). The figures are those of KOMA-Script's SN letter class option, for Swiss
   * letters after SN 010130 (scrkernel-letterclassoptions.dtx, researched by Roger Luethi):
   * the address field 90 × 45 mm, 45 mm from the top and 8 mm from the right edge
   * (x = 210 − 8 − 90 = 112 mm), its first 5 mm for the sender's return line, the address
   * from the field's left edge; folds at 105 and 210 mm. A registered letter's label takes
   * the lines under the return line. */
  { "ch", 112.0, 45.0, 90.0, 45.0, 0.0, 5.0, 12.0, 105.0, 210.0 },
};

static const char * const font_names[RL_N_FONTS] = {
  [RL_FONT_BODY] = "DejaVu Serif 9.5",
  [RL_FONT_BODY_BOLD] = "DejaVu Serif Bold 9.5",
  [RL_FONT_SMALL] = "DejaVu Sans 6.8",
  [RL_FONT_SMALL_BOLD] = "DejaVu Sans Bold 6.8",
  [RL_FONT_TABLE] = "DejaVu Sans 7.2",
  [RL_FONT_TABLE_BOLD] = "DejaVu Sans Bold 7.2",
  [RL_FONT_TITLE] = "DejaVu Sans Bold 12",
  [RL_FONT_ADDRESS] = "DejaVu Sans 9",
};

double
_rl_mm (double mm)
{
  return mm * POINTS_PER_MM;
}

/**
 * rl_envelope_window_lookup:
 * @key: "fr", "din" or "ch"
 *
 * Returns: (nullable): the window, or %NULL for an unknown key
 */
const RlEnvelopeWindow *
rl_envelope_window_lookup (const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (windows); i++)
    if (g_strcmp0 (key, windows[i].key) == 0)
      return &windows[i];
  return NULL;
}

/* The writer */

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
} ReadState;

static cairo_status_t
read_bytes (void          *closure,
            unsigned char *data,
            unsigned int   length)
{
  ReadState *r = closure;

  if (r->len - r->pos < length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, r->data + r->pos, length);
  r->pos += length;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
load_png (GBytes      *bytes,
          const char  *refusal,
          GError     **error)
{
  ReadState r = { g_bytes_get_data (bytes, &r.len), 0, 0 };
  cairo_surface_t *s;

  r.data = g_bytes_get_data (bytes, &r.len);
  s = cairo_image_surface_create_from_png_stream (read_bytes, &r);
  if (cairo_surface_status (s) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (s);
      g_set_error_literal (error, RL_LETTER_ERROR, RL_LETTER_ERROR_IMAGE, refusal);
      return NULL;
    }
  return s;
}

static gboolean
is_png (GBytes *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  return len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0;
}

static gboolean
load_logo (RlLetterWriter  *w,
           GBytes          *logo,
           GError         **error)
{
  gsize len;
  const guint8 *data;
  gdouble width, height;

  if (is_png (logo))
    {
      w->logo_png = load_png (logo, _("the logo is not a PNG or SVG image"), error);
      if (w->logo_png == NULL)
        return FALSE;
      w->logo_width = cairo_image_surface_get_width (w->logo_png);
      w->logo_height = cairo_image_surface_get_height (w->logo_png);
      return w->logo_width > 0 && w->logo_height > 0;
    }
  data = g_bytes_get_data (logo, &len);
  w->logo_svg = rsvg_handle_new_from_data (data, len, NULL);
  if (w->logo_svg == NULL || !rsvg_handle_get_intrinsic_size_in_pixels (w->logo_svg, &width,
                                                                        &height)
      || width <= 0 || height <= 0)
    {
      g_set_error_literal (error, RL_LETTER_ERROR, RL_LETTER_ERROR_IMAGE,
                           _("the logo is not a PNG or SVG image"));
      return FALSE;
    }
  w->logo_width = width;
  w->logo_height = height;
  return TRUE;
}

static cairo_surface_t *
new_pdf_surface (RlLetterWriter         *w,
                 const char             *path,
                 GByteArray             *buffer)
{
  cairo_surface_t *s;

  if (path != NULL)
    s = cairo_pdf_surface_create (path, _rl_mm (RL_PAGE_WIDTH), _rl_mm (RL_PAGE_HEIGHT));
  else
    s = cairo_pdf_surface_create_for_stream (append_bytes, buffer, _rl_mm (RL_PAGE_WIDTH),
                                             _rl_mm (RL_PAGE_HEIGHT));
  /* A fixed date makes the same letter the same bytes. */
  cairo_pdf_surface_set_metadata (s, CAIRO_PDF_METADATA_CREATE_DATE, w->create_date);
  cairo_pdf_surface_set_metadata (s, CAIRO_PDF_METADATA_CREATOR, "Relance");
  return s;
}

/* Font options that differ from one thread to another, and change nothing drawn: a font
 * axis no font has. cairo keeps one scaled font for each face, size and options in the
 * whole process; threads drawing letters at once with the same fonts shared them, and
 * cairo 1.16 sometimes aborted (« cairo_scaled_font_destroy: Assertion
 * `! scaled_font->cache_frozen' failed ») when one thread let go of a scaled font while
 * another used it: once in about a hundred batches of 1,000 letters. With these options each
 * thread has scaled fonts of its own. */
static const char *
thread_font_variations (void)
{
  static gint next = 0;
  static GPrivate key = G_PRIVATE_INIT (g_free);
  char *variations = g_private_get (&key);

  if (variations == NULL)
    {
      variations = g_strdup_printf ("RLth=%d", g_atomic_int_add (&next, 1));
      g_private_set (&key, variations);
    }
  return variations;
}

/**
 * rl_letter_writer_new:
 * @settings: logo, signature, envelope and calibration
 * @batch_path: (nullable): the PDF that receives every letter, one after another
 * @as_of: the day of the letters
 *
 * Returns: (transfer full): a writer, or %NULL with %RL_LETTER_ERROR_IMAGE for a logo or
 *   signature that is no image, or %RL_LETTER_ERROR_WRITE when @batch_path cannot be created
 */
RlLetterWriter *
rl_letter_writer_new (const RlLetterSettings  *settings,
                      const char              *batch_path,
                      RlDay                    as_of,
                      GError                 **error)
{
  g_autoptr(RlLetterWriter) w = g_new0 (RlLetterWriter, 1);
  g_autofree char *iso = rl_day_to_iso (as_of);
  cairo_font_options_t *options;

  g_return_val_if_fail (settings != NULL, NULL);

  w->window = rl_envelope_window_lookup (settings->envelope);
  if (w->window == NULL)
    w->window = &windows[0];
  w->offset_x = settings->offset_x_dmm / 10.0;
  w->offset_y = settings->offset_y_dmm / 10.0;
  w->duplex = settings->duplex;
  w->signatory = g_strdup (settings->signatory);
  w->signatory_title = g_strdup (settings->signatory_title);
  w->create_date = g_strdup_printf ("%sT00:00:00", iso);

  w->layouts = _rl_layout_cache_new ();
  w->stamps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) cairo_surface_destroy);
  w->pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_resolution (w->pango, 72);
  pango_context_set_round_glyph_positions (w->pango, FALSE);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_variations (options, thread_font_variations ());
  pango_cairo_context_set_font_options (w->pango, options);
  cairo_font_options_destroy (options);
  for (int i = 0; i < RL_N_FONTS; i++)
    w->fonts[i] = pango_font_description_from_string (font_names[i]);

  if (settings->logo != NULL && !load_logo (w, settings->logo, error))
    return NULL;
  if (settings->signature != NULL
      && (w->signature = load_png (settings->signature,
                                          _("the signature is not a PNG image"), error)) == NULL)
    return NULL;

  if (batch_path != NULL)
    {
      w->batch = new_pdf_surface (w, batch_path, NULL);
      if (cairo_surface_status (w->batch) != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, RL_LETTER_ERROR, RL_LETTER_ERROR_WRITE, _("%s: cannot write: %s"),
                       batch_path, cairo_status_to_string (cairo_surface_status (w->batch)));
          return NULL;
        }
      w->batch_cr = cairo_create (w->batch);
    }
  return g_steal_pointer (&w);
}

/* Draws the letter on @cr: composes it again, or replays the pages recorded. */
static void
draw_on (cairo_t        *cr,
         const RlPen    *proto,
         GPtrArray      *pages,
         RlComposeFunc   compose,
         gconstpointer   data)
{
  RlPen pen = *proto;

  if (pages == NULL)
    {
      pen.cr = cr;
      compose (&pen, data, NULL);
      cairo_show_page (cr);
      return;
    }
  for (guint i = 0; i < pages->len; i++)
    {
      cairo_set_source_surface (cr, g_ptr_array_index (pages, i), 0, 0);
      cairo_paint (cr);
      cairo_show_page (cr);
    }
}

/* Draws the letter once into recording surfaces, a page each, to replay into both PDFs. */
static GPtrArray *
record (const RlPen    *proto,
        RlComposeFunc   compose,
        gconstpointer   data)
{
  RlPen pen = *proto;
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);

  pen.recording = pages;
  _rl_pen_show_page (&pen);
  compose (&pen, data, NULL);
  cairo_destroy (pen.cr);
  return pages;
}

/* Lays a letter out once to count its pages: @pen is then ready to draw it. */
static gboolean
measure (RlLetterWriter   *w,
         RlComposeFunc     compose,
         gconstpointer     data,
         const char       *language,
         const RlCompany  *company,
         const char       *running_title,
         RlPen            *pen,
         GError          **error)
{
  GError *local_error = NULL;

  *pen = (RlPen) {
    .writer = w, .words = _rl_letter_words (language), .language = language,
    .company = company, .running_title = running_title,
  };
  compose (pen, data, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  pen->total = pen->page;
  pen->page = 0;
  pen->columns = NULL;
  return TRUE;
}

/* The letter as a PDF of its own: composed on it, or its recorded @pages replayed. */
static GBytes *
own_pdf (RlLetterWriter  *w,
         const RlPen     *pen,
         GPtrArray       *pages,
         RlComposeFunc    compose,
         gconstpointer    data,
         GError         **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  cairo_surface_t *surface = new_pdf_surface (w, NULL, buffer);
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;

  draw_on (cr, pen, pages, compose, data);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, RL_LETTER_ERROR, RL_LETTER_ERROR_WRITE, "%s",
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

/* Draws the letter into the batch: composed there, or its recorded @pages replayed. */
static void
add_to_batch (RlLetterWriter  *w,
              const RlPen     *pen,
              GPtrArray       *pages,
              RlComposeFunc    compose,
              gconstpointer    data)
{
  draw_on (w->batch_cr, pen, pages, compose, data);
  w->batch_pages += pen->total;
  if (w->duplex && pen->total % 2 == 1)
    {
      /* The next letter starts on the front of a sheet. */
      cairo_show_page (w->batch_cr);
      w->batch_pages++;
    }
}

/* Lays a letter out once to count its pages, then draws it into its own PDF and the batch:
 * when it goes to both, it is drawn once and its pages replayed into each. */
static gboolean
render (RlLetterWriter   *w,
        RlComposeFunc     compose,
        gconstpointer     data,
        const char       *language,
        const RlCompany  *company,
        const char       *running_title,
        GBytes          **out_pdf,
        int              *out_pages,
        GError          **error)
{
  g_autoptr(GPtrArray) pages = NULL;
  RlPen pen;

  if (!measure (w, compose, data, language, company, running_title, &pen, error))
    return FALSE;
  if (out_pdf != NULL && w->batch_cr != NULL)
    pages = record (&pen, compose, data);
  /* Drawn into the batch alone, the texts every letter repeats are painted from forms
   * (rl-letter-page.c); a letter's own PDF is the same whatever was drawn before it. */
  pen.forms = out_pdf == NULL;
  if (out_pdf != NULL && (*out_pdf = own_pdf (w, &pen, pages, compose, data, error)) == NULL)
    return FALSE;
  if (w->batch_cr != NULL)
    add_to_batch (w, &pen, pages, compose, data);
  if (out_pages != NULL)
    *out_pages = pen.total;
  return TRUE;
}

/* The title on the top of the pages after the first: whose letter, to whom, about what; the
 * company's name once (the usual subjects end with it). */
static char *
action_title (const RlActionDocument *doc)
{
  if (*doc->company->name != '\0' && strstr (doc->subject, doc->company->name) != NULL)
    return g_strdup_printf ("%s — %s", doc->customer->name, doc->subject);
  return g_strdup_printf ("%s — %s — %s", doc->company->name, doc->customer->name,
                          doc->subject);
}

/* What the worker threads of a pool do (rl-letter-pool.c): draw a letter action into
 * recording surfaces, a page each, and with @out_pdf into a PDF of its own. */
GPtrArray *
_rl_letter_writer_record_action (RlLetterWriter          *w,
                                 const RlActionDocument  *doc,
                                 GBytes                 **out_pdf,
                                 GError                 **error)
{
  g_autofree char *title = action_title (doc);
  g_autoptr(GPtrArray) pages = NULL;
  RlPen pen;

  if (!measure (w, _rl_compose_action, doc, doc->language, doc->company, title, &pen, error))
    return NULL;
  pages = record (&pen, _rl_compose_action, doc);
  if (out_pdf != NULL
      && (*out_pdf = own_pdf (w, &pen, pages, _rl_compose_action, doc, error)) == NULL)
    return NULL;
  return g_steal_pointer (&pages);
}

/* Replays into the batch the pages recorded by _rl_letter_writer_record_action(). */
void
_rl_letter_writer_add_pages (RlLetterWriter *w,
                             GPtrArray      *pages)
{
  RlPen pen = { .writer = w, .total = (int) pages->len };

  if (w->batch_cr != NULL)
    add_to_batch (w, &pen, pages, NULL, NULL);
}

/**
 * rl_letter_writer_add_action:
 * @doc: a letter action, from rl_action_render_document()
 * @out_pdf: (out) (optional): the letter as a PDF of its own
 * @out_pages: (out) (optional): its number of pages
 *
 * Returns: %TRUE, or %FALSE with %RL_LETTER_ERROR_ADDRESS or %RL_LETTER_ERROR_PAYMENT (the
 *   batch is left as it was)
 */
gboolean
rl_letter_writer_add_action (RlLetterWriter          *w,
                             const RlActionDocument  *doc,
                             GBytes                 **out_pdf,
                             int                     *out_pages,
                             GError                 **error)
{
  g_autofree char *title = NULL;

  g_return_val_if_fail (w != NULL && doc != NULL, FALSE);

  title = action_title (doc);
  return render (w, _rl_compose_action, doc, doc->language, doc->company, title, out_pdf,
                 out_pages, error);
}

gboolean
rl_letter_writer_add_statement (RlLetterWriter     *w,
                                const RlStatement  *st,
                                GBytes            **out_pdf,
                                int                *out_pages,
                                GError            **error)
{
  g_autofree char *title = NULL;

  g_return_val_if_fail (w != NULL && st != NULL, FALSE);

  title = g_strdup_printf ("%s — %s", st->company->name, st->customer->name);
  return render (w, _rl_compose_statement, st, st->language, st->company, title, out_pdf,
                 out_pages, error);
}

gboolean
rl_letter_writer_add_calibration (RlLetterWriter   *w,
                                  const RlCompany  *company,
                                  GBytes          **out_pdf,
                                  int              *out_pages,
                                  GError          **error)
{
  const char *language = company->language != NULL ? company->language : "fr";

  g_return_val_if_fail (w != NULL && company != NULL, FALSE);

  return render (w, _rl_compose_calibration, company, language, company, NULL, out_pdf,
                 out_pages, error);
}

guint
rl_letter_writer_get_batch_pages (RlLetterWriter *w)
{
  return w->batch_pages;
}

/**
 * rl_letter_writer_finish:
 *
 * Closes the batch PDF.
 *
 * Returns: %TRUE, or %FALSE with %RL_LETTER_ERROR_WRITE
 */
gboolean
rl_letter_writer_finish (RlLetterWriter  *w,
                         GError         **error)
{
  cairo_status_t status;

  if (w->batch == NULL)
    return TRUE;
  g_clear_pointer (&w->batch_cr, cairo_destroy);
  cairo_surface_finish (w->batch);
  status = cairo_surface_status (w->batch);
  g_clear_pointer (&w->batch, cairo_surface_destroy);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, RL_LETTER_ERROR, RL_LETTER_ERROR_WRITE, "%s",
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

void
rl_letter_writer_free (RlLetterWriter *w)
{
  if (w == NULL)
    return;
  g_clear_pointer (&w->batch_cr, cairo_destroy);
  g_clear_pointer (&w->batch, cairo_surface_destroy);
  g_clear_pointer (&w->layouts, g_hash_table_unref);
  g_clear_pointer (&w->stamps, g_hash_table_unref);
  g_clear_object (&w->pango);
  for (int i = 0; i < RL_N_FONTS; i++)
    g_clear_pointer (&w->fonts[i], pango_font_description_free);
  g_clear_pointer (&w->logo_png, cairo_surface_destroy);
  g_clear_object (&w->logo_svg);
  g_clear_pointer (&w->signature, cairo_surface_destroy);
  g_free (w->signatory);
  g_free (w->signatory_title);
  g_free (w->create_date);
  g_free (w);
}

/**
 * rl_letter_save:
 * @path: the file to write
 * @pdf: a letter, a statement or a batch
 *
 * Writes @pdf whole or not at all. It is not flushed to disk, which would make a batch of a
 * thousand letters wait on the disk a thousand times: a new file is not flushed at all, one
 * replaced is, so that it is never left half old, half new.
 *
 * Returns: %TRUE, or %FALSE with a #G_FILE_ERROR
 */
gboolean
rl_letter_save (const char  *path,
                GBytes      *pdf,
                GError     **error)
{
  gsize len;
  const char *data = g_bytes_get_data (pdf, &len);

  return g_file_set_contents_full (path, data, len,
                                   G_FILE_SET_CONTENTS_CONSISTENT
                                   | G_FILE_SET_CONTENTS_ONLY_EXISTING, 0600, error);
}

/**
 * rl_letter_render_statement:
 * @customer_id: a customer of the book
 * @as_of: the day of the statement
 *
 * The customer's account statement as a PDF of its own, with the book's letter settings: what
 * an e-mail carries as its attachment.
 *
 * Returns: (transfer full): the PDF, or %NULL with @error set
 */
GBytes *
rl_letter_render_statement (RlBook   *book,
                            gint64    customer_id,
                            RlDay     as_of,
                            GError  **error)
{
  g_autoptr(RlLetterSettings) settings = NULL;
  g_autoptr(RlStatement) statement = NULL;
  g_autoptr(RlLetterWriter) writer = NULL;
  GBytes *pdf = NULL;
  int pages = 0;

  settings = rl_book_get_letter_settings (book, error);
  if (settings == NULL)
    return NULL;
  statement = rl_book_get_statement (book, customer_id, as_of, error);
  if (statement == NULL)
    return NULL;
  writer = rl_letter_writer_new (settings, NULL, as_of, error);
  if (writer == NULL)
    return NULL;
  if (!rl_letter_writer_add_statement (writer, statement, &pdf, &pages, error)
      || !rl_letter_writer_finish (writer, error))
    {
      g_clear_pointer (&pdf, g_bytes_unref);
      return NULL;
    }
  return pdf;
}
