/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-application.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "rl-window.h"

struct _RlApplication
{
  AdwApplication  parent_instance;
  GSettings      *settings;
  GStrv           import_paths;  /* --import: to import once the window has its book */
};

G_DEFINE_FINAL_TYPE (RlApplication, rl_application, ADW_TYPE_APPLICATION)

static const struct
{
  const char *action;
  const char *accels[3];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "win.new-book", { "<Control>n", NULL } },
  { "win.import", { "<Control>i", NULL } },
  { "win.open-book", { "<Control>o", NULL } },
  { "win.search", { "<Control>f", NULL } },
  { "win.preferences", { "<Control>comma", NULL } },
  { "win.reload", { "F5", "<Control>r", NULL } },
  { "win.back", { "<Alt>Left", "Escape", NULL } },
  { "win.show-view('dashboard')", { "<Alt>1", NULL } },
  { "win.show-view('customers')", { "<Alt>2", NULL } },
  { "win.show-view('invoices')", { "<Alt>3", NULL } },
  { "win.show-view('todo')", { "<Alt>4", NULL } },
  { "win.show-view('disputes')", { "<Alt>5", NULL } },
  { "window.close", { "<Control>w", NULL } },
};

/* The schema is installed with the app; run from the build tree, it is compiled there. */
static GSettings *
new_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaSource) build_source = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      build_source = g_settings_schema_source_new_from_directory (BUILD_SCHEMA_DIR, source,
                                                                 FALSE, NULL);
      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, APP_ID, TRUE);
    }
  if (schema == NULL)
    {
      g_warning ("The settings schema %s is not installed: settings will not be kept", APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static RlWindow *
get_window (RlApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (rl_window_new (self));
  return RL_WINDOW (window);
}

static void
on_quit_activated_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* Closing the windows saves their state. */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_close (windows->data);
      windows = next;
    }
}

static void
on_about_activated_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "The Relance authors", NULL };
  GtkWidget *about = adw_about_window_new ();

  g_object_set (about,
                "application-name", "Relance",
                "application-icon", "x-office-spreadsheet-symbolic",
                "version", PACKAGE_VERSION,
                "developers", developers,
                "license-type", GTK_LICENSE_GPL_3_0,
                "comments", _("Know what your customers owe and get paid on time: reminders, "
                              "formal notices, calls and disputes, from one book."),
                "transient-for", gtk_application_get_active_window (app),
                "modal", TRUE,
                NULL);
  /* TRANSLATORS: put your name here, it is shown in the About window */
  adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), _("translator-credits"));
  gtk_window_present (GTK_WINDOW (about));
}

/* `relance --import FILE` while the app is already running: the running one imports. */
static void
on_import_file_activated_cb (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  RlApplication *self = user_data;
  g_autofree const char **paths = g_variant_get_bytestring_array (parameter, NULL);
  RlWindow *window = get_window (self);

  gtk_window_present (GTK_WINDOW (window));
  rl_window_import_files (window, paths);
}

static const GActionEntry app_actions[] = {
  { "quit", on_quit_activated_cb },
  { "about", on_about_activated_cb },
  { "import-files", on_import_file_activated_cb, "aay" },
};

/* Files to import, made absolute: the app that imports them may run in another folder. */
static int
rl_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  RlApplication *self = RL_APPLICATION (app);
  g_autofree const char **given = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_variant_dict_lookup (options, "import", "^a&ay", &given))
    return -1;
  builder = g_strv_builder_new ();
  for (guint i = 0; given[i] != NULL; i++)
    {
      g_autofree char *path = g_canonicalize_filename (given[i], NULL);

      g_strv_builder_add (builder, path);
    }
  g_strfreev (self->import_paths);
  self->import_paths = g_strv_builder_end (builder);
  if (!g_application_register (app, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  /* The app already runs: it imports into its book, in front of its window. */
  if (g_application_get_is_remote (app))
    {
      g_action_group_activate_action (G_ACTION_GROUP (app), "import-files",
                                      g_variant_new_bytestring_array (
                                        (const char * const *) self->import_paths, -1));
      g_clear_pointer (&self->import_paths, g_strfreev);
      g_dbus_connection_flush_sync (g_application_get_dbus_connection (app), NULL, NULL);
      return 0;
    }
  return -1;
}

/* After the book is given to the window: it imports once the book is open. */
static void
import_given_files (RlApplication *self,
                    RlWindow      *window)
{
  g_auto(GStrv) paths = g_steal_pointer (&self->import_paths);

  if (paths != NULL)
    rl_window_import_files (window, (const char * const *) paths);
}

/* Ended by a signal (the session logging out stops the app's scope with SIGTERM; Ctrl+C in a
 * terminal), the app saves its windows' state as Quit does, then ends whatever a window would
 * still wait for. */
static gboolean
on_terminate_cb (gpointer user_data)
{
  GApplication *app = user_data;

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_application_quit (app);
  return G_SOURCE_CONTINUE;
}

static void
rl_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (rl_application_parent_class)->startup (app);

  g_unix_signal_add (SIGTERM, on_terminate_cb, app);
  g_unix_signal_add (SIGINT, on_terminate_cb, app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
}

static void
rl_application_activate (GApplication *app)
{
  RlApplication *self = RL_APPLICATION (app);
  gboolean is_new = gtk_application_get_active_window (GTK_APPLICATION (app)) == NULL;
  RlWindow *window = get_window (self);

  if (is_new)
    rl_window_open_last_book (window);
  gtk_window_present (GTK_WINDOW (window));
  import_given_files (self, window);
}

static void
rl_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  RlWindow *window = get_window (RL_APPLICATION (app));
  g_autofree char *path = g_file_get_path (files[0]);

  if (path != NULL)
    rl_window_open_book (window, path);
  gtk_window_present (GTK_WINDOW (window));
  import_given_files (RL_APPLICATION (app), window);
}

static void
rl_application_dispose (GObject *object)
{
  RlApplication *self = RL_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->import_paths, g_strfreev);
  G_OBJECT_CLASS (rl_application_parent_class)->dispose (object);
}

static void
rl_application_class_init (RlApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rl_application_dispose;
  app_class->startup = rl_application_startup;
  app_class->activate = rl_application_activate;
  app_class->open = rl_application_open;
  app_class->handle_local_options = rl_application_handle_local_options;
}

static void
rl_application_init (RlApplication *self)
{
  static const GOptionEntry entries[] = {
    { "import", 'i', 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
      N_("Import FILE into the book (CSV, FEC, bank statement, Factur-X)"), N_("FILE") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[BOOK]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Open a book (the last one by default)."));
  self->settings = new_settings ();
}

RlApplication *
rl_application_new (void)
{
  return g_object_new (RL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/relance/Relance",
                       NULL);
}

/**
 * rl_application_get_settings:
 *
 * Returns: (transfer none) (nullable): the app's settings, %NULL when the schema is missing
 */
GSettings *
rl_application_get_settings (RlApplication *self)
{
  g_return_val_if_fail (RL_IS_APPLICATION (self), NULL);
  return self->settings;
}
