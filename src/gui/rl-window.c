/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-window-private.h"

#include <glib/gi18n.h>

#include "rl-book-job.h"
#include "rl-engine.h"
#include "rl-gui-format.h"
#include "rl-gui-widgets.h"
#include "rl-import-dialog.h"
#include "rl-notifier.h"
#include "rl-penalties.h"
#include "rl-preferences.h"

/* How often the app checks whether a new day has begun and the engine should run. */
#define DAY_CHECK_SECONDS 300

/* Narrower than this, the views' switcher cannot be in the title bar (five views in French). */
#define NARROW_WIDTH 600

G_DEFINE_FINAL_TYPE (RlWindow, rl_window, ADW_TYPE_APPLICATION_WINDOW)

void
_rl_window_toast (RlWindow   *self,
                  const char *text)
{
  AdwToast *toast = adw_toast_new (text);

  /* Long enough to be read (most of them say what went wrong and what to do): five seconds,
   * a second more for each dozen characters beyond three dozen, twelve at most. */
  adw_toast_set_timeout (toast, CLAMP (2 + g_utf8_strlen (text, -1) / 12, 5, 12));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
set_busy (RlWindow *self,
          gboolean  busy)
{
  self->busy += busy ? 1 : -1;
  gtk_spinner_set_spinning (self->busy_spinner, self->busy > 0);
}

void
_rl_window_show_stack (RlWindow   *self,
                       const char *name,
                       const char *loading_title)
{
  if (loading_title != NULL)
    adw_status_page_set_title (self->loading_page, loading_title);
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (name, "loading"));
  gtk_stack_set_visible_child_name (self->main_stack, name);
}

void
_rl_window_reload_views (RlWindow *self)
{
  rl_dashboard_set_book (self->dashboard, self->book_path);
  rl_list_view_set_book (self->customers_view, self->book_path);
  rl_list_view_set_book (self->invoices_view, self->book_path);
  rl_todo_view_set_book (self->todo_view, self->book_path);
  rl_disputes_view_set_book (self->disputes_view, self->book_path);
}

/* The engine: proposes today's actions, at start-up and when a new day begins. */
static gpointer
engine_job (RlBook   *book,
            gpointer  data,
            GError  **error)
{
  RlRunReport *report = NULL;

  if (!rl_engine_run (book, GPOINTER_TO_UINT (data), FALSE, &report, error))
    return NULL;
  return report;
}

static void
on_engine_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RlWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RlRunReport) report = rl_book_job_finish (result, &error);

  set_busy (self, FALSE);
  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("The reminders could not be prepared: %s"),
                                                   error->message);
          _rl_window_toast (self, text);
        }
      return;
    }
  {
    g_autoptr(GString) text = g_string_new (NULL);

    if (report->stale_data)
      {
        g_autofree char *day = rl_gui_day (report->last_payment_import);

        if (report->last_payment_import != RL_DAY_NONE)
          g_string_append_printf (text, _("Payments were last imported on %s: import the "
                                          "latest bank statement before sending reminders, or "
                                          "some customers who have paid will be chased."), day);
        else
          g_string_append (text, _("No payments have been imported yet: import a bank statement "
                                   "before sending reminders."));
      }
    if (report->rates_unconfirmed[0] != '\0')
      {
        g_autofree char *half = rl_gui_half_year (report->rates_unconfirmed);

        if (text->len > 0)
          g_string_append_c (text, '\n');
        g_string_append_printf (text, _("The late-payment rates of the %s are not confirmed: "
                                        "letters and messages that claim penalties cannot be "
                                        "made until you confirm them in the preferences."),
                                half);
      }
    gtk_label_set_text (self->banner_label, text->str);
    gtk_widget_set_visible (self->banner_import_button, report->stale_data);
    gtk_widget_set_visible (self->banner_rates_button, report->rates_unconfirmed[0] != '\0');
    gtk_revealer_set_reveal_child (self->banner_revealer, text->len > 0);
  }
  if (report->proposed > 0)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new action to review",
                                      "%u new actions to review", report->proposed),
                         report->proposed);
      _rl_window_toast (self, text);
    }
  _rl_window_reload_views (self);
  rl_notifier_check (GTK_WIDGET (self), self->book_path);
}

void
_rl_window_run_engine (RlWindow *self)
{
  RlDay today = rl_day_today ();

  if (self->book_path == NULL)
    return;
  self->engine_day = today;
  set_busy (self, TRUE);
  rl_book_job_run_async (self->book_path, engine_job, GUINT_TO_POINTER (today), NULL,
                         (GDestroyNotify) rl_run_report_free, self->cancellable,
                         on_engine_done_cb, g_object_ref (self));
}

static gboolean
on_day_check_cb (gpointer user_data)
{
  RlWindow *self = user_data;

  if (self->book_path != NULL && self->engine_day != rl_day_today () && self->busy == 0)
    _rl_window_run_engine (self);
  return G_SOURCE_CONTINUE;
}

/* Actions */

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RlWindow *self = RL_WINDOW (widget);

  if (self->book_path == NULL)
    return;
  adw_leaflet_set_visible_child (self->leaflet, self->main_page);
  adw_view_stack_set_visible_child_name (self->view_stack,
                                         g_variant_get_string (parameter, NULL));
}

/* "invoices:overdue", "customers:open"…: a list with a filter, from the dashboard. */
static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RlWindow *self = RL_WINDOW (widget);
  g_auto(GStrv) parts = g_strsplit (g_variant_get_string (parameter, NULL), ":", 2);
  RlListView *view = g_str_equal (parts[0], "invoices") ? self->invoices_view
                                                        : self->customers_view;

  rl_list_view_apply_filter (view, parts[1]);
  adw_leaflet_set_visible_child (self->leaflet, self->main_page);
  adw_view_stack_set_visible_child_name (self->view_stack, parts[0]);
}

static void
show_customer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RlWindow *self = RL_WINDOW (widget);

  if (self->book_path == NULL)
    return;
  adw_window_title_set_title (self->customer_title, "");
  rl_customer_page_show (self->customer_page, self->book_path, g_variant_get_int64 (parameter));
  adw_leaflet_set_visible_child (self->leaflet, self->customer_box);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RlWindow *self = RL_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->main_page);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RlWindow *self = RL_WINDOW (widget);

  if (self->book_path == NULL)
    return;
  /* The engine looks at the book too (what changed elsewhere may end or start reminders, and
   * the banner says what it finds); the views are read again when it is done. */
  if (self->busy == 0)
    _rl_window_run_engine (self);
  else
    _rl_window_reload_views (self);
  if (adw_leaflet_get_visible_child (self->leaflet) == self->customer_box)
    rl_customer_page_reload (self->customer_page);
}

/* A view changed the book: the figures elsewhere follow. */
static void
book_changed_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RlWindow *self = RL_WINDOW (widget);

  rl_dashboard_set_book (self->dashboard, self->book_path);
  rl_list_view_reload (self->customers_view);
  rl_list_view_reload (self->invoices_view);
  rl_disputes_view_set_book (self->disputes_view, self->book_path);
  if (!g_str_equal (g_variant_get_string (parameter, NULL), "todo"))
    rl_todo_view_set_book (self->todo_view, self->book_path);
  /* Rates confirmed: the banner that asked for them goes with the engine's next look. */
  if (g_str_equal (g_variant_get_string (parameter, NULL), "rates") && self->busy == 0)
    _rl_window_run_engine (self);
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  _rl_window_toast (RL_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RlWindow *self = RL_WINDOW (widget);

  if (self->book_path != NULL)
    rl_preferences_show (widget, self->book_path, NULL);
}

/* From the banner: the preferences at the rates to confirm. */
static void
confirm_rates_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RlWindow *self = RL_WINDOW (widget);

  if (self->book_path != NULL)
    rl_preferences_show (widget, self->book_path, "rates");
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RlWindow *self = RL_WINDOW (widget);

  if (self->book_path == NULL)
    _rl_window_toast (self, _("Open or create a book first, then import your files into it"));
  else
    rl_import_dialog_choose (GTK_WINDOW (self), self->book_path);
}

/* After an import: every view reads the book again, and the engine looks at what changed
 * (payments received cancel reminders), as when the book is opened. */
static void
imported_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  reload_action (widget, action_name, parameter);
}

static void
run_engine_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RlWindow *self = RL_WINDOW (widget);

  if (self->busy == 0)
    _rl_window_run_engine (self);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RlWindow *self = RL_WINDOW (widget);
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (self->book_path == NULL)
    return;
  if (g_strcmp0 (name, "invoices") != 0)
    {
      name = "customers";
      adw_view_stack_set_visible_child_name (self->view_stack, name);
    }
  rl_list_view_focus_search (g_str_equal (name, "invoices") ? self->invoices_view
                                                            : self->customers_view);
}

static void
on_todo_count_changed_cb (RlWindow *self)
{
  guint n = rl_todo_view_get_n_proposed (self->todo_view);

  adw_view_stack_page_set_needs_attention (self->todo_page, n > 0);
  adw_view_stack_page_set_badge_number (self->todo_page, n);
}

static void
on_view_changed_cb (RlWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (self->settings != NULL && name != NULL && self->book_path != NULL)
    g_settings_set_string (self->settings, "last-view", name);
}

static gboolean
rl_window_close_request (GtkWindow *window)
{
  RlWindow *self = RL_WINDOW (window);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
    }
  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (rl_window_parent_class)->close_request (window);
}

static void
rl_window_dispose (GObject *object)
{
  RlWindow *self = RL_WINDOW (object);

  g_clear_handle_id (&self->day_check_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), RL_TYPE_WINDOW);
  G_OBJECT_CLASS (rl_window_parent_class)->dispose (object);
}

static void
rl_window_finalize (GObject *object)
{
  RlWindow *self = RL_WINDOW (object);

  g_free (self->book_path);
  g_strfreev (self->pending_imports);
  G_OBJECT_CLASS (rl_window_parent_class)->finalize (object);
}

/* Drawn by the cairo renderer (no GPU: virtual machines, remote desktops), the window's four
 * blurred shadows were half of each frame's drawing while a list scrolled, as the damaged rows
 * touch its rounded corners: the style sheet gives such a window one shadow
 * (window.software-rendering). */
static void
rl_window_realize (GtkWidget *widget)
{
  GskRenderer *renderer;

  GTK_WIDGET_CLASS (rl_window_parent_class)->realize (widget);
  renderer = gtk_native_get_renderer (GTK_NATIVE (widget));
  if (renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer))
    gtk_widget_add_css_class (widget, "software-rendering");
}

static void
rl_window_class_init (RlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rl_window_dispose;
  object_class->finalize = rl_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = rl_window_close_request;
  widget_class->realize = rl_window_realize;

  g_type_ensure (RL_TYPE_CUSTOMER_PAGE);
  g_type_ensure (RL_TYPE_DASHBOARD);
  g_type_ensure (RL_TYPE_DISPUTES_VIEW);
  g_type_ensure (RL_TYPE_LIST_VIEW);
  g_type_ensure (RL_TYPE_TODO_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/relance/Relance/ui/rl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RlWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, main_page);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, customer_box);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, customer_title);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, customer_page);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, todo_page);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, disputes_page);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, dashboard);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, customers_view);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, invoices_view);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, todo_view);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, disputes_view);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, banner_import_button);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, banner_rates_button);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, recent_menu);

  _rl_window_install_book_actions (widget_class);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.show-list", "s", show_list_action);
  gtk_widget_class_install_action (widget_class, "win.show-customer", "x",
                                   show_customer_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.book-changed", "s", book_changed_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.run-engine", NULL, run_engine_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.imported", NULL, imported_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.confirm-rates", NULL, confirm_rates_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
}

/* The views' switcher strictly centred in the title bar; once the window is narrow enough for
 * the switcher to go to the bottom, the title may move aside: strictly centred, the book's
 * name asked for as much room on its left as the title bar's buttons take on its right, and
 * with minimize and maximize shown the window could not be made narrower than 390 px. */
static gboolean
centering_for_title (GBinding     *binding,
                     const GValue *from,
                     GValue       *to,
                     gpointer      data)
{
  g_value_set_enum (to, g_value_get_boolean (from) ? ADW_CENTERING_POLICY_LOOSE
                                                   : ADW_CENTERING_POLICY_STRICT);
  return TRUE;
}

static void
rl_window_init (RlWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  rl_gui_name_mnemonic_buttons (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->todo_view, "notify::n-proposed",
                            G_CALLBACK (on_todo_count_changed_cb), self);
  g_object_bind_property (self->customer_page, "title", self->customer_title, "title",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name",
                            G_CALLBACK (on_view_changed_cb), self);
  g_object_bind_property_full (self->switcher_title, "title-visible", self->header_bar,
                               "centering-policy", G_BINDING_SYNC_CREATE,
                               centering_for_title, NULL, NULL, NULL);
  self->day_check_id = g_timeout_add_seconds (DAY_CHECK_SECONDS, on_day_check_cb, self);

  /* Files dropped on the window are imported into the book. */
  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (_rl_window_on_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

RlWindow *
rl_window_new (RlApplication *app)
{
  RlWindow *self = g_object_new (RL_TYPE_WINDOW, "application", app, NULL);
  GSettings *settings = rl_application_get_settings (app);

  if (settings != NULL)
    {
      g_autofree char *view = g_settings_get_string (settings, "last-view");
      int width = g_settings_get_int (settings, "window-width");

      self->settings = g_object_ref (settings);
      gtk_window_set_default_size (GTK_WINDOW (self), width,
                                   g_settings_get_int (settings, "window-height"));
      /* A window left narrow opens narrow: its switcher goes to the bottom only once laid
       * out, and the title bar strictly centred until then asked for 399 px. */
      if (width < NARROW_WIDTH)
        adw_header_bar_set_centering_policy (self->header_bar, ADW_CENTERING_POLICY_LOOSE);
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      adw_view_stack_set_visible_child_name (self->view_stack, view);
    }
  else
    gtk_window_set_default_size (GTK_WINDOW (self), 1100, 740);
  _rl_window_update_recent_menu (self);
  return self;
}
