/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-letters"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rl-ids.h"
#include "rl-letter-private.h"

/* The page: its furniture (fold marks, footer, page numbers), text that flows from page to
 * page, and tables whose header repeats. The blocks at fixed places (letterhead, address,
 * signature, payment box, calibration) are rl-letter-blocks.c's. */

/* Text stops above the footer; pages after the first start below a running header. */
#define TEXT_BOTTOM   274.0
#define NEXT_PAGE_TOP  24.0
#define FOOTER_TOP    278.0

/* Text */

/* Shaping text is most of the work: each piece of text is laid out once and kept, for the
 * pass that counts the pages, the letter's own PDF and the batch, and for the words every
 * letter repeats. The cache is emptied when it grows, so memory stays bounded. */
#define LAYOUT_CACHE_MAX 4096

/* What a layout is cached under: looked up without a copy of the text, or formatting. */
typedef struct
{
  RlFont          font;
  int             width;
  PangoAlignment  align;
  const char     *text;
} LayoutKey;

static guint
layout_key_hash (gconstpointer data)
{
  const LayoutKey *k = data;

  return g_str_hash (k->text) ^ (guint) k->width ^ ((guint) k->font << 24)
         ^ ((guint) k->align << 28);
}

static gboolean
layout_key_equal (gconstpointer a,
                  gconstpointer b)
{
  const LayoutKey *ka = a, *kb = b;

  return ka->font == kb->font && ka->width == kb->width && ka->align == kb->align
         && strcmp (ka->text, kb->text) == 0;
}

/* A key and its text in one block, freed with g_free(). */
static LayoutKey *
layout_key_copy (const LayoutKey *k)
{
  gsize len = strlen (k->text) + 1;
  LayoutKey *copy = g_malloc (sizeof *copy + len);

  *copy = *k;
  copy->text = memcpy (copy + 1, k->text, len);
  return copy;
}

/* A text laid out, and once it is drawn again, the form it is then painted from. */
typedef struct
{
  PangoLayout     *layout;
  cairo_surface_t *form;       /* the layout drawn into a recording surface, in rgba */
  double           rgba[4];
  guint            pages;      /* how many pages it was drawn on */
  guint            last_page;  /* the last of them (RlLetterWriter.pages_begun) */
} CachedText;

static void
cached_text_free (gpointer data)
{
  CachedText *t = data;

  g_object_unref (t->layout);
  g_clear_pointer (&t->form, cairo_surface_destroy);
  g_free (t);
}

/* The layouts of a writer (RlLetterWriter.layouts): key → CachedText. */
GHashTable *
_rl_layout_cache_new (void)
{
  return g_hash_table_new_full (layout_key_hash, layout_key_equal, g_free, cached_text_free);
}

/* The text laid out, owned by the cache: valid until the next text is looked up. */
static CachedText *
cached_text (RlPen          *pen,
             const char     *text,
             RlFont          font,
             double          width,
             PangoAlignment  align)
{
  RlLetterWriter *w = pen->writer;
  LayoutKey key = { font, pango_units_from_double (_rl_mm (width)), align, text };
  CachedText *t = g_hash_table_lookup (w->layouts, &key);

  if (t != NULL)
    return t;
  if (g_hash_table_size (w->layouts) >= LAYOUT_CACHE_MAX)
    g_hash_table_remove_all (w->layouts);
  t = g_new0 (CachedText, 1);
  t->layout = pango_layout_new (w->pango);
  pango_layout_set_font_description (t->layout, w->fonts[font]);
  pango_layout_set_width (t->layout, key.width);
  pango_layout_set_wrap (t->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (t->layout, align);
  pango_layout_set_text (t->layout, text, -1);
  g_hash_table_insert (w->layouts, layout_key_copy (&key), t);
  return t;
}

static PangoLayout *
make_layout (RlPen          *pen,
             const char     *text,
             RlFont          font,
             double          width,
             PangoAlignment  align)
{
  return g_object_ref (cached_text (pen, text, font, width, align)->layout);
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return pango_units_to_double (height) / POINTS_PER_MM;
}

/* Whether @t is drawn on a third page: a text that comes back from letter to letter, not one
 * a letter repeats (its amount), which a form would only make longer. */
static gboolean
drawn_again (RlLetterWriter *w,
             CachedText     *t)
{
  if (t->last_page != w->pages_begun)
    {
      t->last_page = w->pages_begun;
      t->pages++;
    }
  return t->pages >= 3;
}

/* Draws @t with its top left corner at @x, @y (in points), in the current colour. A text
 * drawn on a third page by the writer (the words every letter repeats: the salutation, the
 * paragraphs without a name or an amount, the table's header, the place and date) is drawn
 * into a form then, and painted from it from then on: the PDF has its glyphs
 * once, and each page refers to them, which spares cairo most of the work of a text. Only
 * in the batch alone (pen->forms): a letter's own PDF does not depend on the letters
 * before it. */
static void
draw_text (RlPen      *pen,
           CachedText *t,
           double      x,
           double      y)
{
  cairo_t *cr = pen->cr;
  double rgba[4];

  /* Where cairo_move_to() puts the current point (a 24.8 fixed-point number), so that the
   * form lies exactly where the text drawn itself would. */
  x = round (x * 256) / 256;
  y = round (y * 256) / 256;
  if (!pen->forms
      || cairo_pattern_get_rgba (cairo_get_source (cr), &rgba[0], &rgba[1], &rgba[2],
                                 &rgba[3]) != CAIRO_STATUS_SUCCESS
      || !drawn_again (pen->writer, t)
      || (t->form != NULL && memcmp (rgba, t->rgba, sizeof rgba) != 0))
    {
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, t->layout);
      return;
    }
  if (t->form == NULL)
    {
      PangoRectangle ink, logical;
      cairo_rectangle_t extents;
      cairo_t *form;
      int x0, y0, x1, y1;

      /* What the text covers, with a margin: outside it, the form is clipped. */
      pango_layout_get_pixel_extents (t->layout, &ink, &logical);
      x0 = MIN (ink.x, logical.x) - 2;
      y0 = MIN (ink.y, logical.y) - 2;
      x1 = MAX (ink.x + ink.width, logical.x + logical.width) + 2;
      y1 = MAX (ink.y + ink.height, logical.y + logical.height) + 2;
      extents = (cairo_rectangle_t) { x0, y0, x1 - x0, y1 - y0 };
      t->form = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
      form = cairo_create (t->form);
      cairo_set_source_rgba (form, rgba[0], rgba[1], rgba[2], rgba[3]);
      pango_cairo_show_layout (form, t->layout);
      cairo_destroy (form);
      memcpy (t->rgba, rgba, sizeof rgba);
    }
  cairo_set_source_surface (cr, t->form, x, y);
  cairo_paint (cr);
  cairo_set_source_rgba (cr, rgba[0], rgba[1], rgba[2], rgba[3]);
}

/* Draws @text at a fixed place, without page breaks; returns its height. */
double
_rl_pen_text_at (RlPen          *pen,
                 double          x,
                 double          y,
                 double          width,
                 const char     *text,
                 RlFont          font,
                 PangoAlignment  align)
{
  CachedText *t = cached_text (pen, text, font, width, align);

  if (pen->cr != NULL)
    draw_text (pen, t, _rl_mm (x), _rl_mm (y));
  return layout_height (t->layout);
}

void
_rl_pen_set_grey (RlPen  *pen,
                  double  level)
{
  if (pen->cr != NULL)
    cairo_set_source_rgb (pen->cr, level, level, level);
}

static void
hline (RlPen  *pen,
       double  x1,
       double  x2,
       double  y,
       double  width_pt)
{
  if (pen->cr == NULL)
    return;
  cairo_set_line_width (pen->cr, width_pt);
  cairo_move_to (pen->cr, _rl_mm (x1), _rl_mm (y));
  cairo_line_to (pen->cr, _rl_mm (x2), _rl_mm (y));
  cairo_stroke (pen->cr);
}

/* Stamps */

/* What is the same on every page of a batch (fold marks, footer, letterhead) is drawn once
 * per writer into a recording surface, then painted from it: cairo writes such a surface once
 * into the PDF, as a form that each page refers to, instead of drawing it again on each page.
 * @key says everything the drawing depends on but the writer. */
#define STAMP_CACHE_MAX 16

void
_rl_pen_stamp (RlPen         *pen,
               const char    *key,
               RlStampFunc    draw,
               gconstpointer  data)
{
  RlLetterWriter *w = pen->writer;
  cairo_surface_t *surface;

  surface = g_hash_table_lookup (w->stamps, key);
  if (surface == NULL)
    {
      cairo_rectangle_t sheet = { 0, 0, _rl_mm (RL_PAGE_WIDTH), _rl_mm (RL_PAGE_HEIGHT) };
      RlPen recording = *pen;
      char *id = g_strdup (key);

      if (g_hash_table_size (w->stamps) >= STAMP_CACHE_MAX)
        g_hash_table_remove_all (w->stamps);
      surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &sheet);
      recording.cr = cairo_create (surface);
      recording.recording = NULL;
      draw (&recording, data);
      cairo_destroy (recording.cr);
      /* The same stamp from another writer (pages recorded by workers, replayed into one
       * PDF) is written once too, and the PDF is the same whichever writer drew it. */
      cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_UNIQUE_ID, (guchar *) id,
                                   strlen (id), g_free, id);
      g_hash_table_insert (w->stamps, g_strdup (key), surface);
    }
  cairo_set_source_surface (pen->cr, surface, 0, 0);
  cairo_paint (pen->cr);
  _rl_pen_set_grey (pen, 0);
}

/* Pages */

#define FOOTER_WIDTH (RL_TEXT_WIDTH - 18)

/* The width @text takes on one line in @font, in millimetres. */
static double
text_width (RlPen      *pen,
            const char *text,
            RlFont      font)
{
  PangoLayout *layout = cached_text (pen, text, font, RL_PAGE_WIDTH, PANGO_ALIGN_LEFT)->layout;
  int width;

  pango_layout_get_size (layout, &width, NULL);
  return pango_units_to_double (width) / POINTS_PER_MM;
}

/* The company's identity under each page: its parts joined by dashes, a line broken between
 * two parts rather than inside one (an e-mail address at its hyphen). */
static char *
footer_text (RlPen *pen)
{
  const RlCompany *c = pen->company;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  GString *s = g_string_new (NULL);
  gsize line_start = 0;

  g_ptr_array_add (parts, g_strdup (c->name));
  if (c->siren != NULL && *c->siren != '\0')
    {
      g_autofree char *siren = rl_siren_format (c->siren);

      g_ptr_array_add (parts, g_strdup_printf ("%s %s", pen->words->siren, siren));
    }
  if (c->vat_number != NULL && *c->vat_number != '\0')
    g_ptr_array_add (parts, g_strdup_printf ("%s %s", pen->words->vat, c->vat_number));
  if (c->phone != NULL && *c->phone != '\0')
    g_ptr_array_add (parts, g_strdup (c->phone));
  if (c->email != NULL && *c->email != '\0')
    g_ptr_array_add (parts, g_strdup (c->email));
  for (guint i = 0; i < parts->len; i++)
    {
      const char *part = g_ptr_array_index (parts, i);
      gsize before = s->len;

      if (i > 0)
        g_string_append (s, " — ");
      g_string_append (s, part);
      if (i > 0 && text_width (pen, s->str + line_start, RL_FONT_SMALL) > FOOTER_WIDTH)
        {
          g_string_truncate (s, before);
          g_string_append_c (s, '\n');
          line_start = s->len;
          g_string_append (s, part);
        }
    }
  return g_string_free (s, FALSE);
}

/* Short marks in the left margin where the sheet folds, and the punch mark; the footer's
 * rule and company line. */
static void
draw_furniture (RlPen         *pen,
                gconstpointer  footer)
{
  const RlEnvelopeWindow *w = pen->writer->window;

  _rl_pen_set_grey (pen, 0.5);
  hline (pen, 4, 9, w->fold1, 0.4);
  hline (pen, 4, 9, w->fold2, 0.4);
  hline (pen, 4, 7, RL_PAGE_HEIGHT / 2, 0.4);
  _rl_pen_set_grey (pen, 0.55);
  hline (pen, RL_MARGIN, RL_PAGE_WIDTH - RL_MARGIN, FOOTER_TOP, 0.4);
  _rl_pen_set_grey (pen, 0.35);
  _rl_pen_text_at (pen, RL_MARGIN, FOOTER_TOP + 1.5, FOOTER_WIDTH, footer, RL_FONT_SMALL,
                   PANGO_ALIGN_LEFT);
}

static void
page_furniture (RlPen *pen)
{
  g_autofree char *footer = footer_text (pen);
  const RlEnvelopeWindow *w = pen->writer->window;
  /* The fold marks follow the envelope window: part of what the stamp depends on. */
  g_autofree char *key = g_strdup_printf ("footer\x1f%g\x1f%g\x1f%s", w->fold1, w->fold2,
                                          footer);
  g_autofree char *number = NULL;

  _rl_pen_stamp (pen, key, draw_furniture, footer);
  _rl_pen_set_grey (pen, 0.35);
  number = _rl_words_printf (pen->words->page, pen->page, MAX (pen->total, pen->page));
  _rl_pen_text_at (pen, RL_PAGE_WIDTH - RL_MARGIN - 16, FOOTER_TOP + 1.5, 16, number,
                   RL_FONT_SMALL, PANGO_ALIGN_RIGHT);
  _rl_pen_set_grey (pen, 0);
}

static void
page_begin (RlPen *pen)
{
  if (pen->cr == NULL)
    return;
  pen->writer->pages_begun++;
  page_furniture (pen);
  if (pen->page > 1 && pen->running_title != NULL)
    {
      _rl_pen_set_grey (pen, 0.35);
      _rl_pen_text_at (pen, RL_MARGIN, 12, RL_TEXT_WIDTH, pen->running_title, RL_FONT_SMALL,
                       PANGO_ALIGN_LEFT);
      hline (pen, RL_MARGIN, RL_PAGE_WIDTH - RL_MARGIN, 16.5, 0.4);
      _rl_pen_set_grey (pen, 0);
    }
}

/* Ends the page being drawn: shows it, or when recording, starts recording the next one. */
void
_rl_pen_show_page (RlPen *pen)
{
  cairo_rectangle_t sheet = { 0, 0, _rl_mm (RL_PAGE_WIDTH), _rl_mm (RL_PAGE_HEIGHT) };
  cairo_surface_t *page;

  if (pen->recording == NULL)
    {
      cairo_show_page (pen->cr);
      return;
    }
  g_clear_pointer (&pen->cr, cairo_destroy);
  page = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &sheet);
  g_ptr_array_add (pen->recording, page);
  pen->cr = cairo_create (page);
}

static void
page_break (RlPen *pen)
{
  if (pen->cr != NULL)
    _rl_pen_show_page (pen);
  pen->page++;
  pen->y = NEXT_PAGE_TOP;
  page_begin (pen);
  if (pen->columns != NULL)
    _rl_pen_table_header (pen, pen->columns, pen->n_columns);
}

/* Starts a letter's first page. */
void
_rl_pen_begin (RlPen *pen)
{
  pen->page = 1;
  pen->y = NEXT_PAGE_TOP;
  pen->columns = NULL;
  page_begin (pen);
}

void
_rl_pen_ensure (RlPen  *pen,
                double  mm)
{
  if (pen->y + mm > TEXT_BOTTOM)
    page_break (pen);
}

void
_rl_pen_skip (RlPen  *pen,
              double  mm)
{
  pen->y += mm;
}

/* The height @text takes as a paragraph. */
double
_rl_pen_paragraph_height (RlPen      *pen,
                          const char *text,
                          RlFont      font)
{
  g_autoptr(PangoLayout) layout = make_layout (pen, text, font, RL_TEXT_WIDTH, PANGO_ALIGN_LEFT);

  return layout_height (layout);
}

/* Text that flows: line by line, onto the next page when the page is full. */
void
_rl_pen_paragraph (RlPen          *pen,
                   const char     *text,
                   RlFont          font,
                   PangoAlignment  align)
{
  CachedText *t = cached_text (pen, text, font, RL_TEXT_WIDTH, align);
  double total = layout_height (t->layout);
  PangoLayoutIter *iter;

  /* On the page whole: drawn at once. */
  if (pen->y + total <= TEXT_BOTTOM)
    {
      if (pen->cr != NULL)
        draw_text (pen, t, _rl_mm (RL_MARGIN), _rl_mm (pen->y));
      pen->y += total;
      return;
    }
  iter = pango_layout_get_iter (t->layout);
  do
    {
      PangoRectangle logical;
      double height, baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      height = pango_units_to_double (logical.height) / POINTS_PER_MM;
      baseline = pango_units_to_double (pango_layout_iter_get_baseline (iter) - logical.y);
      _rl_pen_ensure (pen, height);
      if (pen->cr != NULL)
        {
          cairo_move_to (pen->cr, _rl_mm (RL_MARGIN) + pango_units_to_double (logical.x),
                         _rl_mm (pen->y) + baseline);
          pango_cairo_show_layout_line (pen->cr, pango_layout_iter_get_line_readonly (iter));
        }
      pen->y += height;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

/* Tables */

static double
column_x (const RlColumn *columns,
          guint           index)
{
  double x = RL_MARGIN;

  for (guint i = 0; i < index; i++)
    x += columns[i].width;
  return x;
}

static double
row_height (RlPen              *pen,
            const RlColumn     *columns,
            guint               n_columns,
            const char * const *cells,
            RlFont              font)
{
  double height = 0;

  for (guint i = 0; i < n_columns; i++)
    {
      g_autoptr(PangoLayout) l = make_layout (pen, cells[i], font, columns[i].width - 2,
                                              columns[i].align);

      height = MAX (height, layout_height (l));
    }
  return height + 1.8;
}

static void
draw_row (RlPen              *pen,
          const RlColumn     *columns,
          guint               n_columns,
          const char * const *cells,
          RlFont              font)
{
  for (guint i = 0; i < n_columns; i++)
    _rl_pen_text_at (pen, column_x (columns, i) + 1, pen->y + 0.9, columns[i].width - 2,
                     cells[i], font, columns[i].align);
}

void
_rl_pen_table_header (RlPen          *pen,
                      const RlColumn *columns,
                      guint           n_columns)
{
  const char *cells[16];
  double height;

  g_assert (n_columns <= G_N_ELEMENTS (cells));
  for (guint i = 0; i < n_columns; i++)
    cells[i] = columns[i].header;
  height = row_height (pen, columns, n_columns, cells, RL_FONT_TABLE_BOLD);
  /* A header alone at the foot of a page is no use: keep a row with it. */
  pen->columns = NULL;
  _rl_pen_ensure (pen, height + 6);
  pen->columns = columns;
  pen->n_columns = n_columns;
  if (pen->cr != NULL)
    {
      cairo_set_source_rgb (pen->cr, 0.91, 0.92, 0.94);
      cairo_rectangle (pen->cr, _rl_mm (RL_MARGIN), _rl_mm (pen->y), _rl_mm (RL_TEXT_WIDTH),
                       _rl_mm (height));
      cairo_fill (pen->cr);
      _rl_pen_set_grey (pen, 0);
    }
  draw_row (pen, columns, n_columns, cells, RL_FONT_TABLE_BOLD);
  pen->y += height;
  hline (pen, RL_MARGIN, RL_PAGE_WIDTH - RL_MARGIN, pen->y, 0.6);
}

void
_rl_pen_table_row (RlPen              *pen,
                   const RlColumn     *columns,
                   guint               n_columns,
                   const char * const *cells,
                   gboolean            bold)
{
  RlFont font = bold ? RL_FONT_TABLE_BOLD : RL_FONT_TABLE;
  double height = row_height (pen, columns, n_columns, cells, font);

  _rl_pen_ensure (pen, height);
  draw_row (pen, columns, n_columns, cells, font);
  pen->y += height;
  _rl_pen_set_grey (pen, 0.8);
  hline (pen, RL_MARGIN, RL_PAGE_WIDTH - RL_MARGIN, pen->y, 0.3);
  _rl_pen_set_grey (pen, 0);
}

/* A line of totals under a table: the label, then the amount under the last column. */
void
_rl_pen_totals_row (RlPen      *pen,
                    const char *label,
                    const char *amount,
                    gboolean    bold)
{
  g_autoptr(PangoLayout) l = make_layout (pen, label, bold ? RL_FONT_BODY_BOLD : RL_FONT_BODY,
                                          128, PANGO_ALIGN_RIGHT);
  double height = layout_height (l) + 1.2;

  _rl_pen_ensure (pen, height);
  _rl_pen_text_at (pen, RL_MARGIN, pen->y + 0.6, 128, label,
                   bold ? RL_FONT_BODY_BOLD : RL_FONT_BODY, PANGO_ALIGN_RIGHT);
  _rl_pen_text_at (pen, RL_MARGIN + 130, pen->y + 0.6, RL_TEXT_WIDTH - 130, amount,
                   bold ? RL_FONT_BODY_BOLD : RL_FONT_BODY, PANGO_ALIGN_RIGHT);
  pen->y += height;
}

