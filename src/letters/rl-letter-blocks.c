/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-letters"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <librsvg/rsvg.h>
#include <math.h>

#include "rl-epc.h"
#include "rl-ids.h"
#include "rl-letter-private.h"

/* The blocks drawn at fixed places of a page: the logo and letterhead, the recipient's address
 * in the envelope window, the references beside it, the signature, the payment box with its
 * QR code, and the calibration page's rulers and window. The page and the flowing text are
 * rl-letter-page.c's. */

#define LOGO_MAX_WIDTH      45.0
#define LOGO_MAX_HEIGHT     20.0
#define SIGNATURE_MAX_WIDTH 50.0
#define SIGNATURE_MAX_HEIGHT 18.0
#define QR_SIZE             30.0
#define PAYMENT_HEIGHT      36.0

/* Images */

/* Draws @image @width millimetres wide, its proportions kept. */
static void
draw_png (cairo_t         *cr,
          cairo_surface_t *image,
          double           x,
          double           y,
          double           width)
{
  double scale = _rl_mm (width) / cairo_image_surface_get_width (image);

  cairo_save (cr);
  cairo_translate (cr, _rl_mm (x), _rl_mm (y));
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_rectangle (cr, 0, 0, cairo_image_surface_get_width (image),
                   cairo_image_surface_get_height (image));
  cairo_fill (cr);
  cairo_restore (cr);
}

/* The size that keeps the image's proportions inside a box. */
static void
fit_box (double  natural_width,
         double  natural_height,
         double  max_width,
         double  max_height,
         double *out_width,
         double *out_height)
{
  double scale = MIN (max_width / natural_width, max_height / natural_height);

  *out_width = natural_width * scale;
  *out_height = natural_height * scale;
}

static double
draw_logo (RlPen  *pen,
           double  x,
           double  y)
{
  RlLetterWriter *w = pen->writer;
  double width, height;

  if (w->logo_png == NULL && w->logo_svg == NULL)
    return 0;
  fit_box (w->logo_width, w->logo_height, LOGO_MAX_WIDTH, LOGO_MAX_HEIGHT, &width, &height);
  if (pen->cr == NULL)
    return width;
  if (w->logo_png != NULL)
    draw_png (pen->cr, w->logo_png, x, y, width);
  else
    {
      RsvgRectangle viewport = { _rl_mm (x), _rl_mm (y), _rl_mm (width), _rl_mm (height) };

      rsvg_handle_render_document (w->logo_svg, pen->cr, &viewport, NULL);
    }
  return width;
}

/* The first page's furniture */

typedef struct
{
  double      x;
  const char *address;
  const char *ids;
} Letterhead;

static void
draw_letterhead (RlPen         *pen,
                 gconstpointer  data)
{
  const Letterhead *head = data;
  double x = head->x;
  double width = RL_PAGE_WIDTH - RL_MARGIN - x;
  double y = 12;

  y += _rl_pen_text_at (pen, x, y, width, pen->company->name, RL_FONT_TITLE,
                        PANGO_ALIGN_LEFT) + 0.8;
  _rl_pen_set_grey (pen, 0.25);
  y += _rl_pen_text_at (pen, x, y, width, head->address, RL_FONT_SMALL, PANGO_ALIGN_LEFT);
  if (*head->ids != '\0')
    _rl_pen_text_at (pen, x, y, width, head->ids, RL_FONT_SMALL, PANGO_ALIGN_LEFT);
}

void
_rl_pen_letterhead (RlPen *pen)
{
  const RlCompany *c = pen->company;
  g_autoptr(GString) address = g_string_new (NULL);
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autofree char *key = NULL;
  const char *parts[] = { c->address1, c->address2, c->address3 };
  Letterhead head;
  double logo_width;

  if (pen->cr == NULL)
    return;
  /* The logo is drawn on each page as it was: an image renders a little differently from
   * inside a form. */
  logo_width = draw_logo (pen, RL_MARGIN, 12);
  for (gsize i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL && *parts[i] != '\0')
      g_string_append_printf (address, "%s%s", address->len ? "\n" : "", parts[i]);
  g_string_append_printf (address, "%s%s %s", address->len ? "\n" : "",
                          c->postcode ? c->postcode : "", c->city ? c->city : "");
  if (c->siren != NULL && *c->siren != '\0')
    {
      g_autofree char *siren = rl_siren_format (c->siren);

      g_string_append_printf (ids, "%s %s", pen->words->siren, siren);
    }
  if (c->vat_number != NULL && *c->vat_number != '\0')
    g_string_append_printf (ids, "%s%s %s", ids->len ? " — " : "", pen->words->vat,
                            c->vat_number);
  head = (Letterhead) { RL_MARGIN + (logo_width > 0 ? logo_width + 6 : 0), address->str,
                        ids->str };
  key = g_strdup_printf ("letterhead\x1f%g\x1f%s\x1f%s\x1f%s", head.x, c->name, address->str,
                         ids->str);
  _rl_pen_stamp (pen, key, draw_letterhead, &head);
}

/* The recipient's address, inside the envelope window, moved by the calibration. */
void
_rl_pen_address (RlPen     *pen,
                 char     **lines,
                 gboolean   registered)
{
  RlLetterWriter *w = pen->writer;
  const RlEnvelopeWindow *win = w->window;
  g_autofree char *text = g_strjoinv ("\n", lines);
  double x = win->x + win->indent + w->offset_x;
  double y = win->y + (registered ? win->top_registered : win->top) + w->offset_y;

  _rl_pen_text_at (pen, x, y, win->width - win->indent - 2, text, RL_FONT_ADDRESS,
                   PANGO_ALIGN_LEFT);
}

/* References and the registered-mail mention, beside the window. */
void
_rl_pen_side_block (RlPen      *pen,
                    const char *text,
                    gboolean    registered)
{
  const RlEnvelopeWindow *win = pen->writer->window;
  gboolean window_left = win->x < RL_PAGE_WIDTH / 2 - 20;
  double x = window_left ? win->x + win->width + 12 : RL_MARGIN;
  double width = window_left ? RL_PAGE_WIDTH - RL_MARGIN - x : win->x - RL_MARGIN - 6;
  double y = win->y + 4;

  if (registered)
    {
      g_autofree char *mention = g_utf8_strup (pen->words->registered, -1);

      y += _rl_pen_text_at (pen, x, y, width, mention, RL_FONT_SMALL_BOLD, PANGO_ALIGN_LEFT) + 3;
    }
  y += _rl_pen_text_at (pen, x, y, width, text, RL_FONT_SMALL, PANGO_ALIGN_LEFT);
  pen->y = MAX (win->y + win->height, y) + 7;
}

void
_rl_pen_signature (RlPen *pen)
{
  RlLetterWriter *w = pen->writer;
  double x = RL_MARGIN + 95;
  double width = RL_TEXT_WIDTH - 95;
  double img_w = 0, img_h = 0;

  if (w->signature == NULL && w->signatory == NULL)
    return;
  if (w->signature != NULL)
    fit_box (cairo_image_surface_get_width (w->signature),
             cairo_image_surface_get_height (w->signature), SIGNATURE_MAX_WIDTH,
             SIGNATURE_MAX_HEIGHT, &img_w, &img_h);
  _rl_pen_skip (pen, 3);
  _rl_pen_ensure (pen, img_h + 12);
  if (w->signature != NULL)
    {
      if (pen->cr != NULL)
        draw_png (pen->cr, w->signature, x, pen->y, img_w);
      pen->y += img_h + 1;
    }
  if (w->signatory != NULL)
    pen->y += _rl_pen_text_at (pen, x, pen->y, width, w->signatory, RL_FONT_BODY_BOLD,
                               PANGO_ALIGN_LEFT);
  if (w->signatory_title != NULL)
    pen->y += _rl_pen_text_at (pen, x, pen->y, width, w->signatory_title, RL_FONT_BODY,
                               PANGO_ALIGN_LEFT);
}

/* How to pay, with the SEPA QR code for @amount. */
gboolean
_rl_pen_payment (RlPen       *pen,
                 RlCents      amount,
                 const char  *reference,
                 GError     **error)
{
  const RlCompany *c = pen->company;
  g_autofree char *iban = NULL, *iban_text = NULL, *money = NULL, *payee = NULL, *sum = NULL;
  g_autofree char *payload = NULL;
  const RlLetterWords *words = pen->words;
  double top, y;

  if (amount <= 0)
    return TRUE;
  payload = rl_epc_payload (c->name, c->iban, c->bic, amount, reference, NULL, error);
  if (payload == NULL || !rl_iban_normalize (c->iban, &iban, error))
    {
      g_prefix_error (error, _("Payment details of the letter: "));
      return FALSE;
    }
  iban_text = rl_iban_format (iban);
  money = rl_money_format (amount, "EUR", pen->language);
  /* Who is paid, the same on every letter (a form in a batch), then how much and for what. */
  payee = g_strdup_printf ("%s %s\nIBAN %s%s%s", words->pay_beneficiary, c->name, iban_text,
                           c->bic != NULL && *c->bic != '\0' ? "\nBIC " : "",
                           c->bic != NULL ? c->bic : "");
  sum = g_strdup_printf ("%s %s\n%s %s", words->pay_amount, money, words->pay_reference,
                         reference);

  _rl_pen_skip (pen, 3);
  _rl_pen_ensure (pen, PAYMENT_HEIGHT);
  top = pen->y;
  if (pen->cr != NULL)
    {
      _rl_pen_set_grey (pen, 0.6);
      cairo_set_line_width (pen->cr, 0.6);
      cairo_rectangle (pen->cr, _rl_mm (RL_MARGIN), _rl_mm (top), _rl_mm (RL_TEXT_WIDTH),
                       _rl_mm (PAYMENT_HEIGHT - 2));
      cairo_stroke (pen->cr);
      _rl_pen_set_grey (pen, 0);
      if (!rl_epc_draw (pen->cr, payload, _rl_mm (RL_PAGE_WIDTH - RL_MARGIN - QR_SIZE - 2),
                        _rl_mm (top + 2), _rl_mm (QR_SIZE), error))
        return FALSE;
    }
  _rl_pen_text_at (pen, RL_MARGIN + 4, top + 2.5, 120, words->pay_title, RL_FONT_BODY_BOLD,
                   PANGO_ALIGN_LEFT);
  y = top + 7.5;
  y += _rl_pen_text_at (pen, RL_MARGIN + 4, y, 120, payee, RL_FONT_BODY, PANGO_ALIGN_LEFT);
  _rl_pen_text_at (pen, RL_MARGIN + 4, y, 120, sum, RL_FONT_BODY, PANGO_ALIGN_LEFT);
  _rl_pen_set_grey (pen, 0.35);
  _rl_pen_text_at (pen, RL_MARGIN + 4, top + PAYMENT_HEIGHT - 7, 120, words->pay_scan,
                   RL_FONT_SMALL, PANGO_ALIGN_LEFT);
  _rl_pen_set_grey (pen, 0);
  pen->y = top + PAYMENT_HEIGHT;
  return TRUE;
}

/* An envelope window in the letter's words: "française, à droite", not its key "fr". */
static const char *
window_name (const RlLetterWords *words,
             const char          *key)
{
  static const char * const keys[] = { "fr", "din", "ch" };

  G_STATIC_ASSERT (G_N_ELEMENTS (keys) == G_N_ELEMENTS (words->window_names));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_str_equal (key, keys[i]))
      return words->window_names[i];
  return key;
}

/* A signed length in tenths of a millimetre, with the language's decimal mark. */
static char *
offset_text (RlPen  *pen,
             double  mm)
{
  int dmm = (int) lround (mm * 10);

  return g_strdup_printf ("%c%d%s%d", dmm < 0 ? '-' : '+', ABS (dmm) / 10,
                          g_str_equal (pen->language, "fr") ? "," : ".", ABS (dmm) % 10);
}

/* The calibration page: rulers, the window as the layout expects it, the address box. */
void
_rl_pen_calibration (RlPen *pen)
{
  RlLetterWriter *w = pen->writer;
  const RlEnvelopeWindow *win = w->window;
  cairo_t *cr = pen->cr;
  double ax = win->x + win->indent + w->offset_x;
  double ay = win->y + win->top + w->offset_y;
  static const double dash[] = { 4, 3 };

  if (cr == NULL)
    return;
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 0.4);
  /* Rulers along the top and left edges, a tick each millimetre. */
  for (int mm = 0; mm <= 210; mm++)
    {
      double len = mm % 10 == 0 ? 5 : mm % 5 == 0 ? 3.5 : 2;

      cairo_move_to (cr, _rl_mm (mm), 0);
      cairo_line_to (cr, _rl_mm (mm), _rl_mm (len));
    }
  for (int mm = 0; mm <= 297; mm++)
    {
      double len = mm % 10 == 0 ? 5 : mm % 5 == 0 ? 3.5 : 2;

      cairo_move_to (cr, 0, _rl_mm (mm));
      cairo_line_to (cr, _rl_mm (len), _rl_mm (mm));
    }
  cairo_stroke (cr);
  for (int mm = 10; mm < 210; mm += 10)
    {
      g_autofree char *label = g_strdup_printf ("%d", mm);

      _rl_pen_text_at (pen, mm - 5, 5.5, 10, label, RL_FONT_SMALL, PANGO_ALIGN_CENTER);
    }
  for (int mm = 10; mm < 297; mm += 10)
    {
      g_autofree char *label = g_strdup_printf ("%d", mm);

      _rl_pen_text_at (pen, 6, mm - 1.3, 10, label, RL_FONT_SMALL, PANGO_ALIGN_LEFT);
    }
  /* The window, dashed; the address's first line starts at the cross. */
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_rectangle (cr, _rl_mm (win->x), _rl_mm (win->y), _rl_mm (win->width),
                   _rl_mm (win->height));
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_move_to (cr, _rl_mm (ax - 3), _rl_mm (ay));
  cairo_line_to (cr, _rl_mm (ax + 3), _rl_mm (ay));
  cairo_move_to (cr, _rl_mm (ax), _rl_mm (ay - 3));
  cairo_line_to (cr, _rl_mm (ax), _rl_mm (ay + 3));
  cairo_stroke (cr);
  {
    g_autofree char *x = offset_text (pen, w->offset_x);
    g_autofree char *y = offset_text (pen, w->offset_y);
    g_autofree char *info = _rl_words_printf (pen->words->calibration_info,
                                              window_name (pen->words, win->key), x, y);

    _rl_pen_text_at (pen, RL_MARGIN, 100, RL_TEXT_WIDTH, info, RL_FONT_BODY, PANGO_ALIGN_LEFT);
  }
}
