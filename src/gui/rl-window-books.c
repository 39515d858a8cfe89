/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-window-private.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rl-bench.h"
#include "rl-book-job.h"
#include "rl-demo.h"
#include "rl-import-dialog.h"

/* The window's books: the recent ones, opening one, creating one (empty or the demo), choosing
 * one in a file chooser, and files dropped to be imported into the one open. */

#define MAX_RECENT 8

void
_rl_window_update_recent_menu (RlWindow *self)
{
  g_auto(GStrv) recent = NULL;

  g_menu_remove_all (self->recent_menu);
  if (self->settings == NULL)
    return;
  recent = g_settings_get_strv (self->settings, "recent-books");
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *name = g_path_get_basename (recent[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (name, NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent", "s", recent[i]);
      g_menu_append_item (self->recent_menu, item);
    }
}

static void
remember_book (RlWindow   *self,
               const char *path)
{
  g_auto(GStrv) recent = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  if (self->settings == NULL)
    return;
  g_settings_set_string (self->settings, "last-book", path);
  recent = g_settings_get_strv (self->settings, "recent-books");
  g_strv_builder_add (builder, path);
  for (guint i = 0; recent[i] != NULL && n < MAX_RECENT; i++)
    if (!g_str_equal (recent[i], path) && g_file_test (recent[i], G_FILE_TEST_EXISTS))
      {
        g_strv_builder_add (builder, recent[i]);
        n++;
      }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-books", (const char * const *) updated);
  _rl_window_update_recent_menu (self);
}

/* Opening: the book is read once in a worker, which also checks it is a book. */
static gpointer
open_job (RlBook   *book,
          gpointer  data,
          GError  **error)
{
  g_autoptr(RlCompany) company = rl_book_get_company (book, error);

  if (company == NULL)
    return NULL;
  return g_strdup (company->name && *company->name ? company->name : "");
}

static void
on_book_opened_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RlWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *company = rl_book_job_finish (result, &error);
  g_autofree char *path = g_object_steal_data (G_OBJECT (self), "opening");

  if (company == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("Cannot open %s: %s"), path, error->message);
      _rl_window_toast (self, text);
      _rl_window_show_stack (self, self->book_path ? "book" : "empty", NULL);
      return;
    }
  g_free (self->book_path);
  self->book_path = g_steal_pointer (&path);
  self->engine_day = RL_DAY_NONE;
  gtk_window_set_title (GTK_WINDOW (self), *company ? company : "Relance");
  /* Shown when the window is too narrow for the view switcher. */
  adw_view_switcher_title_set_title (self->switcher_title, *company ? company : "Relance");
  remember_book (self, self->book_path);
  _rl_window_reload_views (self);
  _rl_window_show_stack (self, "book", NULL);
  if (self->pending_imports != NULL)
    {
      g_auto(GStrv) paths = g_steal_pointer (&self->pending_imports);

      rl_import_dialog_open (GTK_WINDOW (self), self->book_path, (const char * const *) paths);
    }
  if (rl_bench_enabled ())
    rl_bench_start (GTK_WINDOW (self), self->dashboard, self->view_stack, self->invoices_view);
  else
    _rl_window_run_engine (self);
}

/**
 * rl_window_open_book:
 *
 * Opens the book at @path in the window, or says why it cannot.
 */
void
rl_window_open_book (RlWindow   *self,
                     const char *path)
{
  g_return_if_fail (RL_IS_WINDOW (self));

  _rl_window_show_stack (self, "loading", _("Opening the Book…"));
  g_object_set_data_full (G_OBJECT (self), "opening", g_strdup (path), g_free);
  rl_book_job_run_async (path, open_job, NULL, NULL, g_free, self->cancellable,
                         on_book_opened_cb, g_object_ref (self));
}

void
rl_window_open_last_book (RlWindow *self)
{
  g_autofree char *last = NULL;

  if (self->settings != NULL)
    last = g_settings_get_string (self->settings, "last-book");
  if (last != NULL && *last != '\0' && g_file_test (last, G_FILE_TEST_EXISTS))
    rl_window_open_book (self, last);
  else
    _rl_window_show_stack (self, "empty", NULL);
}

const char *
rl_window_get_book_path (RlWindow *self)
{
  return self->book_path;
}

/**
 * rl_window_import_files:
 * @paths: files to import into the open book (or the book being opened)
 *
 * Opens the import dialog on them, one after another.
 */
void
rl_window_import_files (RlWindow           *self,
                        const char * const *paths)
{
  g_return_if_fail (RL_IS_WINDOW (self));

  if (paths == NULL || paths[0] == NULL)
    return;
  if (g_object_get_data (G_OBJECT (self), "opening") != NULL)
    {
      g_strfreev (self->pending_imports);
      self->pending_imports = g_strdupv ((char **) paths);
    }
  else if (self->book_path == NULL)
    _rl_window_toast (self, _("Open or create a book first, then import your files into it"));
  else
    rl_import_dialog_open (GTK_WINDOW (self), self->book_path, paths);
}

gboolean
_rl_window_on_drop_cb (GtkDropTarget *target,
                       const GValue  *value,
                       double         x,
                       double         y,
                       RlWindow      *self)
{
  GSList *files = g_value_get_boxed (value);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) paths = NULL;

  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);

      if (path != NULL)
        g_strv_builder_add (builder, path);
    }
  paths = g_strv_builder_end (builder);
  if (paths[0] == NULL)
    return FALSE;
  rl_window_import_files (self, (const char * const *) paths);
  return TRUE;
}

/* Creating a book (empty or the demo) in a worker thread. */
typedef struct
{
  char     *path;
  gboolean  demo;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
create_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CreateData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RlBook) book = NULL;
  g_autofree char *dir = g_path_get_dirname (data->path);
  gboolean ok;

  g_mkdir_with_parents (dir, 0700);
  book = rl_book_open (data->path, RL_BOOK_OPEN_CREATE | (data->demo ? RL_BOOK_OPEN_FAST : 0),
                       &error);
  if (book == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (data->demo)
    {
      RlDemoOptions options = { .n_customers = 300, .n_invoices = 6000, .seed = 1,
                                .as_of = rl_day_today (), .months = 24 };

      ok = rl_demo_generate (book, &options, NULL, NULL, &error);
    }
  else
    {
      g_autoptr(RlCompany) company = rl_book_get_company (book, &error);
      g_autofree char *base = g_path_get_basename (data->path);
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      ok = company != NULL;
      if (ok)
        {
          g_free (company->name);
          company->name = g_strdup (base);
          ok = rl_book_set_company (book, company, &error);
        }
    }
  if (!ok)
    {
      g_clear_object (&book);
      g_unlink (data->path);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_book_created_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RlWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  CreateData *data = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *text = g_strdup_printf (_("Cannot create %s: %s"), data->path,
                                               error->message);

      _rl_window_toast (self, text);
      _rl_window_show_stack (self, self->book_path ? "book" : "empty", NULL);
      return;
    }
  rl_window_open_book (self, data->path);
}

static void
create_book (RlWindow   *self,
             const char *path,
             gboolean    demo)
{
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, on_book_created_cb,
                                      g_object_ref (self));
  CreateData *data = g_new0 (CreateData, 1);

  data->path = g_strdup (path);
  data->demo = demo;
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);
  _rl_window_show_stack (self, "loading",
                         demo ? _("Creating the Demo Book…") : _("Creating the Book…"));
  g_task_run_in_thread (task, create_thread);
}

static void
on_open_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  RlWindow *self = user_data;
  gboolean create = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (dialog))
                    == GTK_FILE_CHOOSER_ACTION_SAVE;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL && create)
        {
          if (!g_str_has_suffix (path, ".relance"))
            {
              char *with_suffix = g_strconcat (path, ".relance", NULL);

              g_free (path);
              path = with_suffix;
            }
          if (g_file_test (path, G_FILE_TEST_EXISTS))
            _rl_window_toast (self, _("A file with this name already exists"));
          else
            create_book (self, path, FALSE);
        }
      else if (path != NULL)
        rl_window_open_book (self, path);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose_book (RlWindow *self,
             gboolean  create)
{
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (create ? _("New Book") : _("Open a Book"), GTK_WINDOW (self),
                                 create ? GTK_FILE_CHOOSER_ACTION_SAVE
                                        : GTK_FILE_CHOOSER_ACTION_OPEN,
                                 create ? _("_Create") : _("_Open"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Relance books"));
  gtk_file_filter_add_suffix (filter, "relance");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (create)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("My Company.relance"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
new_book_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  choose_book (RL_WINDOW (widget), TRUE);
}

static void
open_book_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  choose_book (RL_WINDOW (widget), FALSE);
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  rl_window_open_book (RL_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
open_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RlWindow *self = RL_WINDOW (widget);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "relance", "Demo.relance",
                                            NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    rl_window_open_book (self, path);
  else
    create_book (self, path, TRUE);
}

void
_rl_window_install_book_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new-book", NULL, new_book_action);
  gtk_widget_class_install_action (widget_class, "win.open-book", NULL, open_book_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, open_demo_action);
}
