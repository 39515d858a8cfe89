/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-aging-chart.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rl-gui-format.h"

#define BAR_GAP 12
#define LABEL_SPACE 40

struct _RlAgingChart
{
  GtkWidget  parent_instance;
  RlCents    buckets[RL_N_BUCKETS];
};

G_DEFINE_FINAL_TYPE (RlAgingChart, rl_aging_chart, GTK_TYPE_WIDGET)

/* From the not yet due in green to the oldest in red: the same hues read on a light and on a
 * dark background. */
static const GdkRGBA bar_colors[RL_N_BUCKETS] = {
  { 0.20, 0.60, 0.35, 1.0 },
  { 0.90, 0.65, 0.05, 1.0 },
  { 0.93, 0.47, 0.10, 1.0 },
  { 0.85, 0.25, 0.15, 1.0 },
  { 0.70, 0.12, 0.20, 1.0 },
};

const char *
rl_aging_bucket_label (RlBucket bucket)
{
  switch (bucket)
    {
    case RL_BUCKET_NOT_DUE: return _("Not due");
    case RL_BUCKET_1_30: return _("1–30 days");
    case RL_BUCKET_31_60: return _("31–60 days");
    case RL_BUCKET_61_90: return _("61–90 days");
    case RL_BUCKET_OVER_90: return _("Over 90 days");
    case RL_N_BUCKETS:
    default: g_return_val_if_reached ("");
    }
}

static void
draw_text (GtkSnapshot   *snapshot,
           PangoLayout   *layout,
           const char    *text,
           double         x,
           double         y,
           double         width,
           const GdkRGBA *color)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) (x + (width - w) / 2),
                                                          (float) y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
rl_aging_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  RlAgingChart *self = RL_AGING_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA fg;
  GdkRGBA dim;
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  RlCents max = 1;
  double bar_width = (width - BAR_GAP * (RL_N_BUCKETS - 1)) / (double) RL_N_BUCKETS;
  double plot = height - 2 * LABEL_SPACE;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  dim = fg;
  dim.alpha *= 0.7f;
  if (plot < 10 || bar_width < 10)
    return;
  for (int k = 0; k < RL_N_BUCKETS; k++)
    max = MAX (max, self->buckets[k]);
  for (int k = 0; k < RL_N_BUCKETS; k++)
    {
      double x = k * (bar_width + BAR_GAP);
      /* Heights are a picture, not an amount: the ratio of two counts of cents is fine. */
      double h = self->buckets[k] > 0 ? MAX (2.0, plot * (double) self->buckets[k] / (double) max)
                                      : 0.0;
      g_autofree char *amount = rl_gui_money (self->buckets[k]);

      gtk_snapshot_append_color (snapshot, &bar_colors[k],
                                 &GRAPHENE_RECT_INIT ((float) x,
                                                      (float) (LABEL_SPACE + plot - h),
                                                      (float) bar_width, (float) h));
      draw_text (snapshot, layout, amount, x, LABEL_SPACE + plot - h - 22, bar_width, &fg);
      draw_text (snapshot, layout, rl_aging_bucket_label (k), x, LABEL_SPACE + plot + 8,
                 bar_width, &dim);
    }
}

static void
rl_aging_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 5 * 56;
      *natural = 600;
    }
  else
    {
      *minimum = 180;
      *natural = 240;
    }
}

static void
rl_aging_chart_class_init (RlAgingChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = rl_aging_chart_snapshot;
  widget_class->measure = rl_aging_chart_measure;
  gtk_widget_class_set_css_name (widget_class, "agingchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
rl_aging_chart_init (RlAgingChart *self)
{
}

GtkWidget *
rl_aging_chart_new (void)
{
  return g_object_new (RL_TYPE_AGING_CHART, NULL);
}

/* Shows @buckets (RL_N_BUCKETS amounts) and describes them to screen readers. */
void
rl_aging_chart_set_buckets (RlAgingChart  *self,
                            const RlCents *buckets)
{
  g_autoptr(GString) description = g_string_new (NULL);

  g_return_if_fail (RL_IS_AGING_CHART (self));
  memcpy (self->buckets, buckets, sizeof self->buckets);
  for (int k = 0; k < RL_N_BUCKETS; k++)
    {
      g_autofree char *amount = rl_gui_money (buckets[k]);

      g_string_append_printf (description, "%s%s: %s", k ? "; " : "", rl_aging_bucket_label (k),
                              amount);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Aged balance"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
