/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-dashboard.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rl-aging-chart.h"
#include "rl-aging.h"
#include "rl-book-job.h"
#include "rl-book-pages.h"
#include "rl-engine.h"
#include "rl-gui-format.h"
#include "rl-gui-widgets.h"
#include "rl-penalties.h"

/* "Due soon" looks this many days ahead. */
#define DUE_SOON_DAYS 14
/* The DSO trend compares with this many days earlier. */
#define TREND_DAYS 30
/* Dispute deadlines shown. */
#define MAX_DISPUTES 5

typedef struct
{
  GtkWidget *button;
  GtkLabel  *value;
  GtkLabel  *detail;
} Tile;

enum
{
  TILE_OUTSTANDING,
  TILE_OVERDUE,
  TILE_DSO,
  TILE_ADBT,
  TILE_OVER_LIMIT,
  TILE_TO_INVOICE,
  N_TILES
};

struct _RlDashboard
{
  GtkWidget      parent_instance;

  Tile           tiles[N_TILES];
  RlAgingChart  *aging_chart;
  GtkLabel      *aging_reconciled;
  GtkListBox    *risk_list;
  GtkListBox    *due_list;
  GtkListBox    *actions_list;
  GtkListBox    *disputes_list;

  GCancellable  *cancellable;
  gboolean       loaded;
  char          *book_path;
  int            dso_tenths;     /* shown now, -1: none */
};

G_DEFINE_FINAL_TYPE (RlDashboard, rl_dashboard, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  RlAging            *aging;
  RlDashboardFigures  figures;
  GPtrArray          *disputes;   /* (element-type RlDisputeRow) */
} Figures;

static void
figures_free (Figures *f)
{
  g_clear_pointer (&f->aging, rl_aging_free);
  g_clear_pointer (&f->disputes, g_ptr_array_unref);
  g_free (f);
}

static gpointer
figures_job (RlBook   *book,
             gpointer  data,
             GError  **error)
{
  RlDay today = GPOINTER_TO_UINT (data);
  Figures *f = g_new0 (Figures, 1);

  f->aging = rl_aging_compute_totals (book, today, error);
  if (f->aging == NULL)
    goto fail;
  if (!rl_book_dashboard_figures (book, today, DUE_SOON_DAYS, &f->figures, error))
    goto fail;
  f->disputes = rl_book_open_disputes (book, error);
  if (f->disputes == NULL)
    goto fail;
  return f;

fail:
  figures_free (f);
  return NULL;
}

static void
set_tile (Tile       *tile,
          const char *title,
          const char *value,
          const char *detail)
{
  /* TRANSLATORS: a figure read aloud: its title, then its value, e.g. "Overdue: 1,234.56 €" */
  g_autofree char *label = g_strdup_printf (_("%s: %s"), title, value);

  gtk_label_set_text (tile->value, value);
  gtk_label_set_text (tile->detail, detail ? detail : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (tile->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, detail ? detail : "",
                                  -1);
}

/* A row that names an action: a click goes to the list behind the figure. */
static void
add_row (GtkListBox *list,
         const char *title,
         const char *value,
         const char *action,
         GVariant   *target)
{
  GtkWidget *row = rl_gui_list_add_row (list, title, NULL, value);

  if (action != NULL)
    {
      /* The target first: the action is looked up as soon as it is named. */
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), target);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), action);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
    }
  else if (target != NULL)
    g_variant_unref (g_variant_ref_sink (target));
}

/* The chart shows the open invoices; the Outstanding tile, what is owed once the credit notes
 * and payments not applied yet are taken off. Said under the chart when they differ, so that
 * the figures add up. */
static void
show_reconciliation (RlDashboard      *self,
                     const RlAgingRow *t)
{
  g_autofree char *open = rl_gui_money (t->open_invoices);
  g_autofree char *credits = rl_gui_money (t->unapplied_credits);
  g_autofree char *payments = rl_gui_money (t->unallocated_payments);
  g_autofree char *outstanding = rl_gui_money (t->outstanding);
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->aging_reconciled),
                          t->unapplied_credits != 0 || t->unallocated_payments != 0);
  /* TRANSLATORS: under the aged balance: "Open invoices €1,577,312.48, less €98,000.00 of
   * credit notes not applied yet and €35,705.04 of payments not allocated yet: €1,443,607.44
   * outstanding" */
  text = g_strdup_printf (_("Open invoices %s, less %s of credit notes not applied yet and %s of "
                            "payments not allocated yet: %s outstanding"),
                          open, credits, payments, outstanding);
  gtk_label_set_text (self->aging_reconciled, text);
}

static void
show_tiles (RlDashboard   *self,
            const Figures *f)
{
  const RlAgingRow *t = &f->aging->total;
  g_autofree char *outstanding = rl_gui_money (t->outstanding);
  g_autofree char *overdue = rl_gui_money (t->overdue);
  g_autofree char *dso = rl_gui_tenths_days (f->aging->dso_countback_tenths);
  g_autofree char *adbt = rl_gui_tenths_days (t->adbt_tenths);
  g_autofree char *open = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open invoice",
                                                        "%u open invoices", t->n_open),
                                           t->n_open);
  g_autofree char *late = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u invoice late",
                                                        "%u invoices late", t->n_overdue),
                                           t->n_overdue);
  g_autofree char *over = g_strdup_printf ("%u", f->aging->customers_over_limit);
  g_autofree char *worst_days = rl_gui_days_late (t->max_days_late);
  g_autofree char *worst = *worst_days ? g_strdup_printf (_("Oldest: %s late"), worst_days)
                                       : NULL;

  self->dso_tenths = f->aging->dso_countback_tenths;
  set_tile (&self->tiles[TILE_OUTSTANDING], _("Outstanding"), outstanding, open);
  set_tile (&self->tiles[TILE_OVERDUE], _("Overdue"), overdue, late);
  set_tile (&self->tiles[TILE_DSO], _("DSO"), dso, NULL);
  set_tile (&self->tiles[TILE_ADBT], _("Average Days Late"), adbt, worst);
  set_tile (&self->tiles[TILE_OVER_LIMIT], _("Over Credit Limit"), over,
            g_dngettext (GETTEXT_PACKAGE, "customer", "customers",
                         f->aging->customers_over_limit));
  rl_aging_chart_set_buckets (self->aging_chart, t->buckets);
  show_reconciliation (self, t);
}

static void
show_lists (RlDashboard   *self,
            const Figures *f)
{
  const RlDashboardFigures *fig = &f->figures;
  g_autofree char *due = rl_gui_money (fig->due_soon);
  g_autofree char *due_title =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u invoice in the next %d days",
                                  "%u invoices in the next %d days", fig->n_due_soon),
                     fig->n_due_soon, DUE_SOON_DAYS);
  gboolean any_action = FALSE;

  rl_gui_clear_list (self->risk_list);
  for (int k = 0; k < 5; k++)
    {
      g_autofree char *amount = rl_gui_money (fig->by_risk[k]);
      g_autofree char *target = g_strdup_printf ("customers:risk-%c", k < 4 ? 'A' + k : '-');

      if (k == 4 && fig->by_risk[k] == 0)
        continue;
      add_row (self->risk_list, rl_gui_risk_class (k < 4 ? (char) ('A' + k) : 0), amount,
               k < 4 ? "win.show-list" : NULL, g_variant_new_string (target));
    }

  rl_gui_clear_list (self->due_list);
  add_row (self->due_list, due_title, due, "win.show-list",
           g_variant_new_string ("invoices:due-soon"));

  rl_gui_clear_list (self->actions_list);
  for (int c = 0; c < RL_N_CHANNELS; c++)
    {
      g_autofree char *n = NULL;
      g_autofree char *title = NULL;

      if (fig->proposed[c] == 0)
        continue;
      title = g_strdup (rl_gui_channel_title (c));
      n = g_strdup_printf ("%u", fig->proposed[c]);
      add_row (self->actions_list, title, n, "win.show-view",
               g_variant_new_string ("todo"));
      any_action = TRUE;
    }
  if (!any_action)
    add_row (self->actions_list, _("Nothing to review"), "", NULL, NULL);

  rl_gui_clear_list (self->disputes_list);
  for (guint i = 0; i < f->disputes->len && i < MAX_DISPUTES; i++)
    {
      const RlDisputeRow *d = g_ptr_array_index (f->disputes, i);
      g_autofree char *title = g_strdup_printf ("%s · %s", d->invoice_number, d->customer_name);
      g_autofree char *deadline = rl_gui_day (d->deadline);

      add_row (self->disputes_list, title, deadline, "win.show-view",
               g_variant_new_string ("disputes"));
    }
  if (f->disputes->len == 0)
    add_row (self->disputes_list, _("No open disputes"), "", NULL, NULL);
}

/* The DSO of 30 days ago comes second: a whole aged balance again, the figures of today are
 * shown without waiting for it. */
static gpointer
trend_job (RlBook   *book,
           gpointer  data,
           GError  **error)
{
  g_autoptr(RlAging) before = rl_aging_compute_totals (book, GPOINTER_TO_UINT (data) - TREND_DAYS,
                                                       error);
  int *tenths;

  if (before == NULL)
    return NULL;
  tenths = g_new (int, 1);
  *tenths = before->dso_countback_tenths;
  return tenths;
}

static void
on_trend_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree int *before = rl_book_job_finish (result, &error);
  RlDashboard *self;
  g_autofree char *dso = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *trend = NULL;
  int diff;

  if (before == NULL)
    return;
  self = RL_DASHBOARD (user_data);
  if (self->dso_tenths < 0 || *before < 0)
    return;
  diff = self->dso_tenths - *before;
  amount = rl_gui_tenths_days (ABS (diff));
  trend = diff == 0 ? g_strdup (_("Same as 30 days ago"))
          : g_strdup_printf (diff > 0 ? _("▲ %s over 30 days") : _("▼ %s over 30 days"),
                             amount);
  dso = rl_gui_tenths_days (self->dso_tenths);
  set_tile (&self->tiles[TILE_DSO], _("DSO"), dso, trend);
}

/* What could be invoiced also comes second: the interest of every overdue invoice, day by
 * day, is more work than the aged balance. */
static gpointer
claimable_job (RlBook   *book,
               gpointer  data,
               GError  **error)
{
  RlClaimable *c = g_new0 (RlClaimable, 1);

  if (!rl_book_claimable_penalties (book, GPOINTER_TO_UINT (data), c, error))
    g_clear_pointer (&c, g_free);
  return c;
}

/* What could be invoiced on top: interest and indemnities, or which rates to confirm first. */
static void
show_claimable (RlDashboard       *self,
                const RlClaimable *c)
{
  g_autofree char *total = NULL;
  g_autofree char *interest = NULL;
  g_autofree char *indemnities = NULL;
  g_autofree char *detail = NULL;

  if (c->missing_half_year[0] != '\0')
    {
      g_autofree char *half = rl_gui_half_year (c->missing_half_year);

      detail = g_strdup_printf (_("Confirm the rates of the %s first"), half);
      set_tile (&self->tiles[TILE_TO_INVOICE], _("To Invoice"), "—", detail);
      return;
    }
  total = rl_gui_money (c->interest + c->indemnities);
  interest = rl_gui_money (c->interest);
  indemnities = rl_gui_money (c->indemnities);
  /* TRANSLATORS: late-payment interest, then the 40 € recovery indemnities */
  detail = g_strdup_printf (_("%s interest, %s indemnities"), interest, indemnities);
  set_tile (&self->tiles[TILE_TO_INVOICE], _("To Invoice"), total, detail);
}

static void
on_claimable_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autofree RlClaimable *c = rl_book_job_finish (result, NULL);

  /* Cancelled by a newer load, or a book error the other figures already said: the tile
   * keeps its dash. */
  if (c != NULL)
    show_claimable (RL_DASHBOARD (user_data), c);
}

static void
on_figures_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  Figures *f = rl_book_job_finish (result, &error);
  RlDashboard *self;

  if (f == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot compute the dashboard: %s", error->message);
      return;
    }
  self = RL_DASHBOARD (user_data);
  show_tiles (self, f);
  show_lists (self, f);
  figures_free (f);
  rl_book_job_run_async (self->book_path, trend_job, GUINT_TO_POINTER (rl_day_today ()), NULL,
                         g_free, self->cancellable, on_trend_cb, self);
  rl_book_job_run_async (self->book_path, claimable_job, GUINT_TO_POINTER (rl_day_today ()),
                         NULL, g_free, self->cancellable, on_claimable_cb, self);
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
}

static void
rl_dashboard_dispose (GObject *object)
{
  RlDashboard *self = RL_DASHBOARD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RL_TYPE_DASHBOARD);
  rl_gui_unparent_children (GTK_WIDGET (self));
  G_OBJECT_CLASS (rl_dashboard_parent_class)->dispose (object);
}

static void
rl_dashboard_finalize (GObject *object)
{
  g_free (RL_DASHBOARD (object)->book_path);
  G_OBJECT_CLASS (rl_dashboard_parent_class)->finalize (object);
}

static void
rl_dashboard_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, RL_DASHBOARD (object)->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rl_dashboard_class_init (RlDashboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rl_dashboard_dispose;
  object_class->finalize = rl_dashboard_finalize;
  object_class->get_property = rl_dashboard_get_property;

  /* The figures of a book have been shown once. */
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_type_ensure (RL_TYPE_AGING_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/relance/Relance/ui/rl-dashboard.ui");
#define BIND_TILE(i, name) \
  gtk_widget_class_bind_template_child_full (widget_class, name "_tile", FALSE, \
    G_STRUCT_OFFSET (RlDashboard, tiles) + (i) * sizeof (Tile) + G_STRUCT_OFFSET (Tile, button)); \
  gtk_widget_class_bind_template_child_full (widget_class, name "_value", FALSE, \
    G_STRUCT_OFFSET (RlDashboard, tiles) + (i) * sizeof (Tile) + G_STRUCT_OFFSET (Tile, value)); \
  gtk_widget_class_bind_template_child_full (widget_class, name "_detail", FALSE, \
    G_STRUCT_OFFSET (RlDashboard, tiles) + (i) * sizeof (Tile) + G_STRUCT_OFFSET (Tile, detail))
  BIND_TILE (TILE_OUTSTANDING, "outstanding");
  BIND_TILE (TILE_OVERDUE, "overdue");
  BIND_TILE (TILE_DSO, "dso");
  BIND_TILE (TILE_ADBT, "adbt");
  BIND_TILE (TILE_OVER_LIMIT, "over_limit");
  BIND_TILE (TILE_TO_INVOICE, "to_invoice");
#undef BIND_TILE
  gtk_widget_class_bind_template_child (widget_class, RlDashboard, aging_chart);
  gtk_widget_class_bind_template_child (widget_class, RlDashboard, aging_reconciled);
  gtk_widget_class_bind_template_child (widget_class, RlDashboard, risk_list);
  gtk_widget_class_bind_template_child (widget_class, RlDashboard, due_list);
  gtk_widget_class_bind_template_child (widget_class, RlDashboard, actions_list);
  gtk_widget_class_bind_template_child (widget_class, RlDashboard, disputes_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rl_dashboard_init (RlDashboard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Computes the figures of the book at @book_path in a worker and shows them. */
void
rl_dashboard_set_book (RlDashboard *self,
                       const char  *book_path)
{
  g_return_if_fail (RL_IS_DASHBOARD (self));

  if (book_path == NULL)
    return;
  if (g_strcmp0 (book_path, self->book_path) != 0)
    {
      g_free (self->book_path);
      self->book_path = g_strdup (book_path);
    }
  rl_book_job_run_async (book_path, figures_job, GUINT_TO_POINTER (rl_day_today ()), NULL,
                         (GDestroyNotify) figures_free, rl_cancellable_renew (&self->cancellable),
                         on_figures_cb, self);
}
