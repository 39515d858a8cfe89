/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-disputes-view.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rl-book-job.h"
#include "rl-book-pages.h"
#include "rl-gui-format.h"
#include "rl-gui-widgets.h"

struct _RlDisputesView
{
  GtkWidget      parent_instance;

  GtkStack      *stack;
  GtkListBox    *list;

  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (RlDisputesView, rl_disputes_view, GTK_TYPE_WIDGET)

static gpointer
load_job (RlBook   *book,
          gpointer  data,
          GError  **error)
{
  return rl_book_open_disputes (book, error);
}

static GtkWidget *
dispute_row (const RlDisputeRow *d)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf ("%s · %s", d->invoice_number, d->customer_name);
  g_autofree char *amount = rl_gui_money (d->remaining);
  g_autofree char *opened = rl_gui_day (d->opened_on);
  g_autofree char *subtitle = g_strdup_printf (_("%s · opened on %s · %s"), d->reason, opened,
                                               amount);
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *escaped_subtitle = g_markup_escape_text (subtitle, -1);
  g_autofree char *deadline = NULL;
  GtkWidget *label;

  if (d->deadline != RL_DAY_NONE)
    {
      g_autofree char *day = rl_gui_day (d->deadline);

      deadline = g_strdup_printf (_("Deadline %s"), day);
    }
  label = gtk_label_new (deadline ? deadline : _("No deadline"));
  if (d->deadline != RL_DAY_NONE && d->deadline < rl_day_today ())
    gtk_widget_add_css_class (label, "late");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", d->customer_id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-customer");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) disputes = rl_book_job_finish (result, &error);
  RlDisputesView *self;
  if (disputes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot list the disputes: %s", error->message);
      return;
    }
  self = RL_DISPUTES_VIEW (user_data);
  rl_gui_clear_list (self->list);
  for (guint i = 0; i < disputes->len; i++)
    gtk_list_box_append (self->list, dispute_row (g_ptr_array_index (disputes, i)));
  gtk_stack_set_visible_child_name (self->stack, disputes->len > 0 ? "list" : "empty");
}

static void
rl_disputes_view_dispose (GObject *object)
{
  RlDisputesView *self = RL_DISPUTES_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RL_TYPE_DISPUTES_VIEW);
  rl_gui_unparent_children (GTK_WIDGET (self));
  G_OBJECT_CLASS (rl_disputes_view_parent_class)->dispose (object);
}

static void
rl_disputes_view_class_init (RlDisputesViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rl_disputes_view_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/relance/Relance/ui/rl-disputes-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RlDisputesView, stack);
  gtk_widget_class_bind_template_child (widget_class, RlDisputesView, list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rl_disputes_view_init (RlDisputesView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
rl_disputes_view_set_book (RlDisputesView *self,
                           const char     *book_path)
{
  g_return_if_fail (RL_IS_DISPUTES_VIEW (self));

  if (book_path == NULL)
    return;
  rl_book_job_run_async (book_path, load_job, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                         rl_cancellable_renew (&self->cancellable), on_loaded_cb, self);
}
