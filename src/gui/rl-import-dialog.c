/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-import-dialog.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rl-book-job.h"
#include "rl-csv-fields.h"
#include "rl-gui-format.h"
#include "rl-gui-widgets.h"
#include "rl-import-columns.h"
#include "rl-import-figures.h"

#include <string.h>

/* The first rows shown of a CSV file, and the rejects listed (all are in the saved file). */
#define PREVIEW_ROWS 5
#define MAX_LISTED_REJECTS 200

typedef enum
{
  STATE_CHECKING,   /* the dry run */
  STATE_READY,      /* its outcome shown, waiting for Import */
  STATE_IMPORTING,
  STATE_OVER,       /* imported, cancelled or failed */
} State;

/* How far the worker has come, in thousandths: written by the worker, read by a timeout. */
typedef struct
{
  int permille;
} Progress;

struct _RlImportDialog
{
  AdwWindow             parent_instance;

  AdwWindowTitle       *window_title;
  GtkButton            *cancel_button;
  GtkButton            *import_button;
  GtkSpinner           *check_spinner;
  GtkStack             *stack;
  AdwStatusPage        *busy_page;
  GtkProgressBar       *progress_bar;
  GtkLabel             *progress_label;
  GtkLabel             *heading_label;
  GtkLabel             *format_label;
  GtkLabel             *message_label;
  AdwPreferencesGroup  *counts_group;
  GtkListBox           *counts_list;
  AdwPreferencesGroup  *rejects_group;
  GtkListBox           *rejects_list;
  GtkButton            *save_rejects_button;
  RlImportColumns      *columns;
  AdwPreferencesGroup  *rows_group;
  GtkGrid              *rows_grid;

  char                 *book_path;
  char                 *path;
  GStrv                 next_paths;    /* the files to import after this one */
  char                 *rejects_path;  /* where the CSV importer writes the rows it leaves out */
  State                 state;
  gboolean              checked;       /* a dry run's outcome was shown: checks again keep it */
  guint                 job_serial;    /* of the last job started: older outcomes are dropped */
  gboolean              disposed;
  GCancellable         *cancellable;
  Progress             *progress;
  guint                 progress_id;
  RlImportReport       *report;        /* of the dry run, then of the import */
};

G_DEFINE_FINAL_TYPE (RlImportDialog, rl_import_dialog, ADW_TYPE_WINDOW)

/* The worker's part: one dry run or one import, and the CSV preview with the dry run. */
typedef struct
{
  char          *path;
  char          *rejects_path;
  gboolean       dry_run;
  RlCsvKind      kind;       /* chosen, or AUTO */
  GArray        *fields;     /* (nullable) (element-type int): per column, the field chosen */
  guint          serial;
  GCancellable  *cancellable;
  Progress      *progress;
} Job;

typedef struct
{
  guint           serial;
  RlImportReport *report;
  RlCsvPreview   *preview;
  GError         *error;
} Outcome;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job->rejects_path);
  g_clear_pointer (&job->fields, g_array_unref);
  g_clear_object (&job->cancellable);
  g_atomic_rc_box_release (job->progress);
  g_free (job);
}

static void
outcome_free (Outcome *outcome)
{
  g_clear_pointer (&outcome->report, rl_import_report_free);
  g_clear_pointer (&outcome->preview, rl_csv_preview_free);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

static void
on_progress (double   fraction,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_atomic_int_set (&progress->permille, (int) (fraction * 1000));
}

static gpointer
import_job (RlBook   *book,
            gpointer  data,
            GError  **error)
{
  Job *job = data;
  Outcome *outcome = g_new0 (Outcome, 1);
  RlImportControl control = { job->cancellable, on_progress, job->progress };
  RlCsvMapping mapping = { job->kind, job->fields ? job->fields->len : 0,
                           job->fields ? (const int *) job->fields->data : NULL };
  RlImportFileOptions options = { .dry_run = job->dry_run, .skip_invalid = TRUE,
                                  .rejects_path = job->rejects_path, .control = &control,
                                  .mapping = &mapping };

  outcome->serial = job->serial;
  if (job->dry_run && rl_import_detect_format (job->path, NULL) == RL_IMPORT_FORMAT_CSV)
    outcome->preview = rl_csv_preview (job->path, &mapping, PREVIEW_ROWS, NULL);
  rl_import_file (book, job->path, &options, &outcome->report, &outcome->error);
  return outcome;
}

static void
set_message (RlImportDialog *self,
             const char     *text)
{
  gtk_label_set_text (self->message_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL && *text != '\0');
}

static void set_message_printf (RlImportDialog *self,
                                const char     *format,
                                ...) G_GNUC_PRINTF (2, 3);

static void
set_message_printf (RlImportDialog *self,
                    const char     *format,
                    ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  set_message (self, text);
}

/* Removes @row and the rows after it. */
static void
remove_rows_from (GtkListBox *list,
                  GtkWidget  *row)
{
  while (row != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (row);

      gtk_list_box_remove (list, row);
      row = next;
    }
}

/* The figures of the dry run become those of the import: the same rows, their values
 * changed in place, so that a screen reader does not lose its place. */
static void
show_figures (RlImportDialog *self,
              gboolean        known)
{
  g_autoptr(GPtrArray) figures = NULL;
  GtkWidget *row;
  guint i = 0;

  gtk_widget_set_visible (GTK_WIDGET (self->counts_group), self->report != NULL);
  if (self->report == NULL)
    return;
  figures = rl_import_report_figures (self->report);
  row = gtk_widget_get_first_child (GTK_WIDGET (self->counts_list));
  for (; i < figures->len; i++, row = row ? gtk_widget_get_next_sibling (row) : NULL)
    {
      RlImportFigure *f = g_ptr_array_index (figures, i);
      /* Not known while the file cannot be read: the figures come when its columns do. */
      const char *text = known ? f->value : "—";
      /* TRANSLATORS: a figure of an import, "New invoices: 3" */
      g_autofree char *label = g_strdup_printf (_("%s: %s"), f->title, text);
      GtkLabel *value;

      if (row == NULL || g_strcmp0 (g_object_get_data (G_OBJECT (row), "title"), f->title) != 0)
        {
          remove_rows_from (self->counts_list, row);
          row = rl_gui_list_add_row (self->counts_list, f->title, NULL, NULL);
          value = GTK_LABEL (gtk_label_new (NULL));
          gtk_widget_add_css_class (GTK_WIDGET (value), "numeric");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (value));
          g_object_set_data_full (G_OBJECT (row), "title", g_strdup (f->title), g_free);
          g_object_set_data (G_OBJECT (row), "value", value);
        }
      value = g_object_get_data (G_OBJECT (row), "value");
      gtk_label_set_text (value, text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }
  remove_rows_from (self->counts_list, row);
}

static void
show_rejects (RlImportDialog *self,
              gboolean        failed)
{
  GPtrArray *problems = self->report ? self->report->problems : NULL;
  guint n = problems ? problems->len : 0;
  gboolean remarks;

  rl_gui_clear_list (self->rejects_list);
  gtk_widget_set_visible (GTK_WIDGET (self->rejects_group), n > 0);
  /* What a bank statement or a FEC leaves aside on success (a reversal of an unknown
   * payment) is a remark, not a rejected row. */
  remarks = !failed && self->report != NULL && self->report->format != RL_IMPORT_FORMAT_CSV;
  adw_preferences_group_set_title (self->rejects_group,
                                   failed ? _("Problems")
                                   : remarks ? _("Remarks on the File") : _("Rejected Rows"));
  gtk_button_set_label (self->save_rejects_button,
                        remarks ? _("_Save the Remarks…") : _("_Save the Rejects…"));
  for (guint i = 0; i < MIN (n, MAX_LISTED_REJECTS); i++)
    {
      const RlImportProblem *p = g_ptr_array_index (problems, i);
      g_autofree char *base = p->file ? g_path_get_basename (p->file) : NULL;
      g_autofree char *where = NULL;
      g_autofree char *label = NULL;
      GtkWidget *row;

      if (p->line > 0 && p->column != NULL)
        where = g_strdup_printf (_("Line %u · %s"), p->line, p->column);
      else if (p->line > 0)
        where = g_strdup_printf (_("Line %u"), p->line);
      else
        where = g_strdup (p->column ? p->column : base ? base : _("The file"));
      row = rl_gui_list_add_row (self->rejects_list, where, p->message, NULL);
      label = g_strdup_printf (_("%s: %s"), where, p->message ? p->message : "");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
    }
  if (n > MAX_LISTED_REJECTS)
    {
      g_autofree char *more = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "And %u more: save the rejects to see them all",
                     "And %u more: save the rejects to see them all", n - MAX_LISTED_REJECTS),
        n - MAX_LISTED_REJECTS);

      rl_gui_list_add_row (self->rejects_list, more, NULL, NULL);
    }
}

/* A cell of the first rows: long texts are cut, the grid scrolls sideways. */
static GtkWidget *
cell (const char *text,
      gboolean    heading)
{
  g_autofree char *start = g_utf8_strlen (text, -1) > 32 ? g_utf8_substring (text, 0, 31)
                                                          : NULL;
  g_autofree char *cut = start ? g_strconcat (start, "…", NULL) : NULL;
  GtkWidget *label = gtk_label_new (cut ? cut : text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, heading ? "heading" : "numeric");
  return label;
}

static void
show_preview (RlImportDialog     *self,
              const RlCsvPreview *preview)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows_grid))) != NULL)
    gtk_grid_remove (self->rows_grid, child);
  gtk_widget_set_visible (GTK_WIDGET (self->columns), preview != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->rows_group), preview != NULL);
  if (preview == NULL)
    return;
  rl_import_columns_show_preview (self->columns, preview);
  for (guint i = 0; i < preview->header->len; i++)
    {
      const char *column = g_ptr_array_index (preview->header, i);

      gtk_grid_attach (self->rows_grid, cell (column, TRUE), i, 0, 1, 1);
      for (guint r = 0; r < preview->rows->len; r++)
        gtk_grid_attach (self->rows_grid, cell (((char **) preview->rows->pdata[r])[i], FALSE),
                         i, r + 1, 1, 1);
    }
}

static void
set_state (RlImportDialog *self,
           State           state)
{
  gboolean over = state == STATE_OVER;

  self->state = state;
  gtk_button_set_label (self->cancel_button, over ? _("_Close") : _("_Cancel"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), state != STATE_OVER);
  if (state != STATE_READY)
    gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
  /* Checked again after a change of columns, the file's summary stays where it is. */
  gtk_widget_set_visible (GTK_WIDGET (self->check_spinner),
                          state == STATE_CHECKING && self->checked);
  gtk_spinner_set_spinning (self->check_spinner, state == STATE_CHECKING && self->checked);
  gtk_stack_set_visible_child_name (self->stack, (state == STATE_CHECKING && !self->checked)
                                                 || state == STATE_IMPORTING ? "busy"
                                                                              : "summary");
}

static gboolean
on_progress_timeout_cb (gpointer user_data)
{
  RlImportDialog *self = user_data;
  int permille = g_atomic_int_get (&self->progress->permille);
  g_autofree char *text = g_strdup_printf (_("%d %%"), permille / 10);

  gtk_progress_bar_set_fraction (self->progress_bar, permille / 1000.0);
  gtk_progress_bar_set_text (self->progress_bar, text);
  return G_SOURCE_CONTINUE;
}

static void on_job_done_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data);

static void
start_job (RlImportDialog *self,
           gboolean        dry_run)
{
  Job *job = g_new0 (Job, 1);

  /* A check of other columns replaces the one under way. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_atomic_int_set (&self->progress->permille, 0);
  job->path = g_strdup (self->path);
  job->rejects_path = g_strdup (self->rejects_path);
  job->dry_run = dry_run;
  job->kind = rl_import_columns_get_kind (self->columns);
  job->fields = rl_import_columns_dup_fields (self->columns);
  job->serial = ++self->job_serial;
  job->cancellable = g_object_ref (self->cancellable);
  job->progress = g_atomic_rc_box_acquire (self->progress);

  adw_status_page_set_title (self->busy_page, dry_run ? _("Checking the File…")
                                                      : _("Importing…"));
  gtk_label_set_text (self->progress_label,
                      dry_run ? _("Nothing is written to the book while the file is checked.")
                              : _("Cancel to leave the book as it was."));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  set_state (self, dry_run ? STATE_CHECKING : STATE_IMPORTING);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  self->progress_id = g_timeout_add (100, on_progress_timeout_cb, self);
  /* Not the task's cancellable: a cancelled import still brings its report back. */
  rl_book_job_run_async (self->book_path, import_job, job, (GDestroyNotify) job_free,
                         (GDestroyNotify) outcome_free, NULL, on_job_done_cb,
                         g_object_ref (self));
}

/* The importer's message without the file's path, which the window's title gives. */
static const char *
without_path (RlImportDialog *self,
              const char     *message)
{
  gsize n = strlen (self->path);

  if (strncmp (message, self->path, n) == 0 && strncmp (message + n, ": ", 2) == 0)
    return message + n + 2;
  return message;
}

static void
show_checked (RlImportDialog *self,
              Outcome        *outcome)
{
  g_autofree char *format = self->report ? rl_import_format_text (self->report) : NULL;
  const RlImportCounts *c = self->report ? &self->report->counts : NULL;
  gboolean importable = outcome->error == NULL
                        && c->inserted + c->updated + c->unchanged > 0;
  gboolean again = self->checked;

  gtk_label_set_text (self->format_label, format ? format : "");
  show_figures (self, outcome->error == NULL || outcome->preview == NULL);
  show_rejects (self, outcome->error != NULL);
  show_preview (self, outcome->preview);
  self->checked = TRUE;
  if (outcome->error != NULL && outcome->preview != NULL)
    {
      /* A CSV file read but not understood: its columns can be chosen. What the dry run
       * found is not known yet, and its problem is the message. */
      const char *why = without_path (self, outcome->error->message);
      g_autofree char *first = g_utf8_strup (why, g_utf8_next_char (why) - why);
      g_autofree char *sentence = g_strconcat (first, g_utf8_next_char (why), NULL);
      g_autofree char *missing = rl_import_columns_dup_missing (self->columns);
      g_autofree char *text = NULL;

      if (missing != NULL)
        /* TRANSLATORS: the fields of a CSV file no column is taken for, "Amount, Due date" */
        text = g_strdup_printf (_("Choose the column of each field the import needs: %s."),
                                missing);
      else if (outcome->preview->kind == RL_CSV_KIND_AUTO)
        text = g_strdup_printf ("%s.", sentence);
      else
        /* TRANSLATORS: %s is why the file cannot be imported, e.g. "Missing columns for
         * invoice files: amount" */
        text = g_strdup_printf (_("%s. Choose below what its columns are taken for."),
                                sentence);
      gtk_label_set_text (self->heading_label, _("Choose the Columns to Import"));
      set_message (self, text);
      gtk_widget_set_visible (GTK_WIDGET (self->rejects_group), FALSE);
      set_state (self, STATE_READY);
      return;
    }
  if (outcome->error != NULL)
    {
      gtk_label_set_text (self->heading_label, _("This File Cannot Be Imported"));
      set_message (self, outcome->error->message);
      set_state (self, STATE_OVER);
      return;
    }
  gtk_label_set_text (self->heading_label, _("What the Import Will Change"));
  if (c->rejected > 0 && importable)
    set_message_printf (self,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "%u row cannot be imported: it is listed below and will "
                                     "be left out.",
                                     "%u rows cannot be imported: they are listed below and "
                                     "will be left out.", c->rejected), c->rejected);
  else if (!importable)
    set_message (self, _("No row of this file can be imported."));
  else
    set_message (self, _("Nothing has been written to the book yet."));
  set_state (self, STATE_READY);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), importable);
  /* Checked again, the focus stays on the column the user changed. */
  if (importable && !again)
    gtk_widget_grab_focus (GTK_WIDGET (self->import_button));
}

static void
show_imported (RlImportDialog *self,
               Outcome        *outcome)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->columns), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->rows_group), FALSE);
  if (g_error_matches (outcome->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_label_set_text (self->heading_label, _("Import Cancelled"));
      set_message (self, _("Nothing was imported: the book is as it was."));
      gtk_widget_set_visible (GTK_WIDGET (self->counts_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->rejects_group), FALSE);
    }
  else if (outcome->error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%s. Nothing was imported: the book is as it "
                                                 "was."), outcome->error->message);

      gtk_label_set_text (self->heading_label, _("The Import Failed"));
      set_message (self, text);
      show_figures (self, TRUE);
      show_rejects (self, TRUE);
    }
  else
    {
      const RlImportCounts *c = &self->report->counts;

      gtk_label_set_text (self->heading_label, _("Imported"));
      if (c->rejected > 0)
        set_message_printf (self,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "%u row was left out: save the rejects, fix them and "
                                         "import them again.",
                                         "%u rows were left out: save the rejects, fix them "
                                         "and import them again.", c->rejected), c->rejected);
      else if (self->report->problems->len > 0)
        set_message (self, _("Imported: the remarks below say what was left aside."));
      else
        set_message (self, _("Everything in the file is in the book."));
      show_figures (self, TRUE);
      show_rejects (self, FALSE);
      if (parent != NULL)
        gtk_widget_activate_action (GTK_WIDGET (parent), "win.imported", NULL);
    }
  set_state (self, STATE_OVER);
  gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
}

static void
on_job_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RlImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  Outcome *outcome = rl_book_job_finish (result, &error);
  gboolean dry_run = self->state == STATE_CHECKING;

  if (self->disposed || (outcome != NULL && outcome->serial != self->job_serial))
    {
      g_clear_pointer (&outcome, outcome_free);
      return;
    }
  g_clear_handle_id (&self->progress_id, g_source_remove);
  if (outcome == NULL)
    {
      /* The book could not be opened. */
      outcome = g_new0 (Outcome, 1);
      outcome->error = g_steal_pointer (&error);
    }
  g_clear_pointer (&self->report, rl_import_report_free);
  self->report = g_steal_pointer (&outcome->report);
  if (dry_run)
    show_checked (self, outcome);
  else
    show_imported (self, outcome);
  outcome_free (outcome);
}

/* Signal callbacks */

static void
on_cancel_clicked_cb (RlImportDialog *self)
{
  if (self->state == STATE_IMPORTING)
    {
      g_cancellable_cancel (self->cancellable);
      gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
      gtk_label_set_text (self->progress_label, _("Cancelling…"));
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_columns_changed_cb (RlImportDialog *self)
{
  if (self->state == STATE_READY || self->state == STATE_CHECKING)
    start_job (self, TRUE);
}

static void
on_import_clicked_cb (RlImportDialog *self)
{
  if (self->state == STATE_READY)
    start_job (self, FALSE);
}

static void
on_save_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr(RlImportDialog) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT && self->report != NULL && !self->disposed)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      if (path != NULL && rl_import_write_problems (self->report->problems, path, &error))
        text = g_strdup_printf (_("The rejects were saved to %s."), path);
      else
        text = g_strdup_printf (_("The rejects could not be saved: %s"),
                                error ? error->message : _("not a local file"));
      set_message (self, text);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
on_save_rejects_clicked_cb (RlImportDialog *self)
{
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Save the Rejects"), GTK_WINDOW (self),
                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  g_autofree char *base = g_path_get_basename (self->path);
  /* TRANSLATORS: the name offered for the rejects of FILE, "FILE.rejets.csv" */
  g_autofree char *name = g_strdup_printf (_("%s.rejects.csv"), base);
  g_autoptr(GFile) file = g_file_new_for_path (self->path);
  g_autoptr(GFile) folder = g_file_get_parent (file);

  /* Beside the file imported, where the user will fix them. */
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Overrides */

static gboolean
rl_import_dialog_close_request (GtkWindow *window)
{
  RlImportDialog *self = RL_IMPORT_DIALOG (window);

  /* Closed while importing: the import is cancelled and its outcome shown. */
  if (self->state == STATE_IMPORTING)
    {
      on_cancel_clicked_cb (self);
      return TRUE;
    }
  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (rl_import_dialog_parent_class)->close_request (window);
}

static void
on_destroy_cb (RlImportDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  /* The next file of a drop or a choice of several. */
  if (parent != NULL && self->next_paths != NULL && self->next_paths[0] != NULL)
    rl_import_dialog_open (parent, self->book_path, (const char * const *) self->next_paths);
}

static void
rl_import_dialog_dispose (GObject *object)
{
  RlImportDialog *self = RL_IMPORT_DIALOG (object);

  self->disposed = TRUE;
  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RL_TYPE_IMPORT_DIALOG);
  G_OBJECT_CLASS (rl_import_dialog_parent_class)->dispose (object);
}

static void
rl_import_dialog_finalize (GObject *object)
{
  RlImportDialog *self = RL_IMPORT_DIALOG (object);

  if (self->rejects_path != NULL)
    g_unlink (self->rejects_path);
  g_free (self->rejects_path);
  g_free (self->book_path);
  g_free (self->path);
  g_strfreev (self->next_paths);
  g_clear_pointer (&self->report, rl_import_report_free);
  g_atomic_rc_box_release (self->progress);
  G_OBJECT_CLASS (rl_import_dialog_parent_class)->finalize (object);
}

static void
rl_import_dialog_class_init (RlImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (RL_TYPE_IMPORT_COLUMNS);
  object_class->dispose = rl_import_dialog_dispose;
  object_class->finalize = rl_import_dialog_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = rl_import_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/relance/Relance/ui/rl-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RlImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RlImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, RlImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, RlImportDialog, check_spinner);
  gtk_widget_class_bind_template_child (widget_class, RlImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, RlImportDialog, busy_page);
  gtk_widget_class_bind_template_child (widget_class, RlImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RlImportDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, RlImportDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, RlImportDialog, format_label);
  gtk_widget_class_bind_template_child (widget_class, RlImportDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, RlImportDialog, counts_group);
  gtk_widget_class_bind_template_child (widget_class, RlImportDialog, counts_list);
  gtk_widget_class_bind_template_child (widget_class, RlImportDialog, rejects_group);
  gtk_widget_class_bind_template_child (widget_class, RlImportDialog, rejects_list);
  gtk_widget_class_bind_template_child (widget_class, RlImportDialog, save_rejects_button);
  gtk_widget_class_bind_template_child (widget_class, RlImportDialog, columns);
  gtk_widget_class_bind_template_child (widget_class, RlImportDialog, rows_group);
  gtk_widget_class_bind_template_child (widget_class, RlImportDialog, rows_grid);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_columns_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_rejects_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rl_import_dialog_init (RlImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rl_gui_name_mnemonic_buttons (GTK_WIDGET (self));
  self->progress = g_atomic_rc_box_new0 (Progress);
  gtk_progress_bar_set_show_text (self->progress_bar, TRUE);
  g_signal_connect (self, "destroy", G_CALLBACK (on_destroy_cb), NULL);
}

/* Public API */

/**
 * rl_import_dialog_open:
 * @paths: the files to import, one dialog after another
 *
 * Checks the first file (a dry run off the main thread), shows what its import will change,
 * and imports it when asked; the next files follow when the dialog is closed.
 */
void
rl_import_dialog_open (GtkWindow          *parent,
                       const char         *book_path,
                       const char * const *paths)
{
  RlImportDialog *self;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  int fd;

  g_return_if_fail (book_path != NULL);
  g_return_if_fail (paths != NULL && paths[0] != NULL);

  self = g_object_new (RL_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->book_path = g_strdup (book_path);
  self->path = g_strdup (paths[0]);
  self->next_paths = g_strdupv ((char **) paths + 1);
  fd = g_file_open_tmp ("relance-rejects-XXXXXX.csv", &tmp, NULL);
  if (fd >= 0)
    {
      g_close (fd, NULL);
      self->rejects_path = g_steal_pointer (&tmp);
    }
  base = g_path_get_basename (self->path);
  adw_window_title_set_subtitle (self->window_title, base);
  gtk_window_present (GTK_WINDOW (self));
  start_job (self, TRUE);
}
