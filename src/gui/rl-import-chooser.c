/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-import-dialog.h"

#include <glib/gi18n.h>

/* Asking for the files to import: the native file chooser, a filter per format. Each file
 * chosen then has its import dialog (rl-import-dialog.c). */

static void
on_choose_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       gpointer         user_data)
{
  g_autofree char *book_path = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) paths = NULL;

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);

          if (path != NULL)
            g_strv_builder_add (builder, path);
        }
      paths = g_strv_builder_end (builder);
      if (paths[0] != NULL)
        rl_import_dialog_open (gtk_native_dialog_get_transient_for (chooser), book_path,
                               (const char * const *) paths);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
add_filter (GtkFileChooser *chooser,
            GtkFileFilter  *all,
            const char     *name,
            const char * const *suffixes)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; suffixes[i] != NULL; i++)
    {
      gtk_file_filter_add_suffix (filter, suffixes[i]);
      gtk_file_filter_add_suffix (all, suffixes[i]);
    }
  gtk_file_chooser_add_filter (chooser, filter);
}

/**
 * rl_import_dialog_choose:
 *
 * Asks for the files to import into the book at @book_path, then imports them.
 */
void
rl_import_dialog_choose (GtkWindow  *parent,
                         const char *book_path)
{
  static const char * const csv[] = { "csv", "txt", "tsv", NULL };
  static const char * const fec[] = { "txt", "csv", NULL };
  static const char * const camt[] = { "xml", "zip", "053", "054", NULL };
  static const char * const facturx[] = { "pdf", "xml", NULL };
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Import Files"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                 _("_Import"), _("_Cancel"));
  GtkFileChooser *fc = GTK_FILE_CHOOSER (chooser);
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  g_return_if_fail (book_path != NULL);

  gtk_file_filter_set_name (all, _("All supported files"));
  gtk_file_chooser_add_filter (fc, all);
  add_filter (fc, all, _("Customers, invoices or payments (CSV)"), csv);
  add_filter (fc, all, _("FEC accounting export"), fec);
  add_filter (fc, all, _("Bank statements (camt.053, camt.054)"), camt);
  add_filter (fc, all, _("Factur-X invoices (PDF)"), facturx);
  gtk_file_chooser_set_filter (fc, all);
  gtk_file_chooser_set_select_multiple (fc, TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_choose_response_cb),
                    g_strdup (book_path));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
