/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-list-cell.h"

#include <math.h>
#include <string.h>

/* A cell of a long list: one line of text, ellipsized, given its width in characters like a
 * GtkInscription, but lighter to make. GTK 4.8's column views make a row of cells for some 200
 * items at once, and an inscription made a Pango context of its own when created and shaped
 * a sample text to learn the font's metrics each time it was measured: a third of the time a
 * list took to fill. The cells of a list share their list's Pango context, and the metrics are
 * read once per font. */

struct _RlListCell
{
  GtkWidget    parent_instance;

  char        *text;       /* short_text, or its own copy when longer; never NULL */
  char         short_text[48];
  gconstpointer tag;       /* the list's own (its column): read at each bind, 1,640 a frame */
  PangoLayout *layout;     /* made when first drawn */
  guint        context_serial;
  guint        min_chars;
  guint        nat_chars;
  gboolean     numeric;
};

G_DEFINE_FINAL_TYPE (RlListCell, rl_list_cell, GTK_TYPE_WIDGET)

typedef struct
{
  guint serial;       /* of the Pango context they were read from */
  int   char_width;   /* in Pango units, as GtkInscription counts a character */
  int   ascent;
  int   descent;
} Metrics;

static GQuark metrics_quark;

/* The context of the list the cell is in: every cell of a list has the same font. */
static PangoContext *
list_context (RlListCell *self)
{
  GtkWidget *list = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_COLUMN_VIEW);

  if (list == NULL)
    list = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_LIST_VIEW);
  return gtk_widget_get_pango_context (list != NULL ? list : GTK_WIDGET (self));
}

static const Metrics *
get_metrics (RlListCell *self)
{
  PangoContext *context = list_context (self);
  Metrics *metrics = g_object_get_qdata (G_OBJECT (context), metrics_quark);

  if (metrics == NULL || metrics->serial != pango_context_get_serial (context))
    {
      PangoFontMetrics *font = pango_context_get_metrics (context, NULL, NULL);

      metrics = g_new0 (Metrics, 1);
      metrics->serial = pango_context_get_serial (context);
      metrics->char_width = MAX (pango_font_metrics_get_approximate_char_width (font),
                                 pango_font_metrics_get_approximate_digit_width (font));
      metrics->ascent = pango_font_metrics_get_ascent (font);
      metrics->descent = pango_font_metrics_get_descent (font);
      pango_font_metrics_unref (font);
      g_object_set_qdata_full (G_OBJECT (context), metrics_quark, metrics, g_free);
    }
  return metrics;
}

static PangoLayout *
ensure_layout (RlListCell *self)
{
  PangoContext *context = list_context (self);

  if (self->layout != NULL && pango_layout_get_context (self->layout) != context)
    g_clear_object (&self->layout);
  if (self->layout == NULL)
    {
      self->layout = pango_layout_new (context);
      pango_layout_set_text (self->layout, self->text, -1);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (self->layout, TRUE);
      if (self->numeric)
        {
          /* As the numeric style class asks: figures of one width, aligned in a column. */
          PangoAttrList *attrs = pango_attr_list_new ();

          pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
          pango_layout_set_attributes (self->layout, attrs);
          pango_attr_list_unref (attrs);
        }
      self->context_serial = pango_context_get_serial (context);
    }
  else if (self->context_serial != pango_context_get_serial (context))
    {
      pango_layout_context_changed (self->layout);
      self->context_serial = pango_context_get_serial (context);
    }
  return self->layout;
}

static void
rl_list_cell_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  RlListCell *self = RL_LIST_CELL (widget);
  const Metrics *metrics = get_metrics (self);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = PANGO_PIXELS_CEIL (self->min_chars * metrics->char_width);
      *natural = PANGO_PIXELS_CEIL (MAX (self->min_chars, self->nat_chars) * metrics->char_width);
    }
  else
    {
      *minimum = *natural = PANGO_PIXELS_CEIL (metrics->ascent + metrics->descent);
      *minimum_baseline = *natural_baseline = PANGO_PIXELS_CEIL (metrics->ascent);
    }
}

static void
rl_list_cell_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  RlListCell *self = RL_LIST_CELL (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  PangoLayout *layout;
  PangoRectangle logical;
  GdkRGBA color;
  float y;

  if (*self->text == '\0' || width <= 0)
    return;
  layout = ensure_layout (self);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  /* Numbers to the right, words to the left; the other way round in a right-to-left language. */
  pango_layout_set_alignment (layout,
                              (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
                              != self->numeric ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  y = MAX (0.0f, floorf ((height - logical.height) / 2.0f));
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, y));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);
}

static void
rl_list_cell_finalize (GObject *object)
{
  RlListCell *self = RL_LIST_CELL (object);

  g_clear_object (&self->layout);
  if (self->text != self->short_text)
    g_free (self->text);
  G_OBJECT_CLASS (rl_list_cell_parent_class)->finalize (object);
}

static void
rl_list_cell_class_init (RlListCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = rl_list_cell_finalize;
  widget_class->measure = rl_list_cell_measure;
  widget_class->snapshot = rl_list_cell_snapshot;
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
  metrics_quark = g_quark_from_static_string ("rl-list-cell-metrics");
}

static void
rl_list_cell_init (RlListCell *self)
{
  self->text = self->short_text;
}

/**
 * rl_list_cell_new:
 * @min_chars: the width it asks for at least, in characters
 * @nat_chars: the width it would like, in characters
 * @numeric: whether it shows a number: aligned to the end, its figures of one width
 *
 * Returns: (transfer floating): a cell without text
 */
GtkWidget *
rl_list_cell_new (guint    min_chars,
                  guint    nat_chars,
                  gboolean numeric)
{
  RlListCell *self = g_object_new (RL_TYPE_LIST_CELL, NULL);

  self->min_chars = min_chars;
  self->nat_chars = nat_chars;
  self->numeric = numeric;
  if (numeric)
    gtk_widget_add_css_class (GTK_WIDGET (self), "numeric");
  return GTK_WIDGET (self);
}

/* What the cell shows for its list, set once when it is made: a field, not object data, as a
 * list rebinds every cell of some 200 rows when scrolled far. */
gconstpointer
rl_list_cell_get_tag (RlListCell *self)
{
  g_return_val_if_fail (RL_IS_LIST_CELL (self), NULL);
  return self->tag;
}

void
rl_list_cell_set_tag (RlListCell   *self,
                      gconstpointer tag)
{
  g_return_if_fail (RL_IS_LIST_CELL (self));
  self->tag = tag;
}

/* Shows @text: the cell's size does not change, it is drawn again. Screen readers read it.
 * Most texts of a list fit in the cell itself: a list scrolled far sets 1,640 of them at each
 * step, and a copy elsewhere in memory (read to compare, freed) cost a sixth of the step. */
void
rl_list_cell_set_text (RlListCell *self,
                       const char *text)
{
  size_t length;

  g_return_if_fail (RL_IS_LIST_CELL (self));

  if (text == NULL)
    text = "";
  if (strcmp (self->text, text) == 0)
    return;
  if (self->text != self->short_text)
    g_free (self->text);
  length = strlen (text);
  if (length < sizeof self->short_text)
    self->text = memcpy (self->short_text, text, length + 1);
  else
    self->text = g_strndup (text, length);
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, self->text, (int) length);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->text, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
