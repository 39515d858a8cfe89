/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-prefs-private.h"

#include <glib/gi18n.h>

#include "rl-gui-widgets.h"
#include "rl-letter-preview.h"

/* The Letters page of the preferences: logo, signature, signatory, envelope and the address's
 * offsets, with the calibration page to check them. */

typedef struct
{
  Prefs         *p;
  GtkWidget     *signatory;
  GtkWidget     *signatory_title;
  AdwActionRow  *image_rows[2];        /* logo, signature */
  GBytes        *images[2];
  AdwComboRow   *envelope;
  GtkSpinButton *offsets[2];           /* x, y in mm */
  GtkLabel      *error;
  gboolean       calibrate;
} Letters;

static const char * const envelope_keys[] = { "fr", "din", "ch" };

static void
letters_free (Letters *l)
{
  g_clear_pointer (&l->images[0], g_bytes_unref);
  g_clear_pointer (&l->images[1], g_bytes_unref);
  g_free (l);
}

static Letters *
letters_of (gpointer window)
{
  return g_object_get_data (G_OBJECT (window), "letters");
}

static gboolean
letters_change (RlBook   *book,
                gpointer  data,
                GError  **error)
{
  return rl_book_set_letter_settings (book, data, error);
}

static void
letters_saved (Prefs        *p,
               gpointer      data,
               const GError *error)
{
  Letters *l = letters_of (p->window);

  _rl_prefs_show_error (l->error, error);
  if (error != NULL)
    {
      l->calibrate = FALSE;
      return;
    }
  if (l->calibrate && p->from != NULL)
    rl_letter_preview_open (p->from, p->book_path, RL_LETTER_PREVIEW_CALIBRATION, 0);
  else
    _rl_prefs_toast (p, _("Letter settings saved"));
  l->calibrate = FALSE;
}

static char *
text_or_null (GtkWidget *row)
{
  const char *text = _rl_prefs_entry_text (row);

  return *text != '\0' ? g_strdup (text) : NULL;
}

static void
on_letters_save_cb (GtkButton *button,
                    Letters   *l)
{
  RlLetterSettings *s = g_new0 (RlLetterSettings, 1);
  guint envelope = adw_combo_row_get_selected (l->envelope);

  for (int i = 0; i < 2; i++)
    if (l->images[i] != NULL)
      (i == 0 ? &s->logo : &s->signature)[0] = g_bytes_ref (l->images[i]);
  s->signatory = text_or_null (l->signatory);
  s->signatory_title = text_or_null (l->signatory_title);
  s->envelope = g_strdup (envelope_keys[MIN (envelope, G_N_ELEMENTS (envelope_keys) - 1)]);
  s->offset_x_dmm = rl_prefs_mm_to_dmm (gtk_spin_button_get_value (l->offsets[0]));
  s->offset_y_dmm = rl_prefs_mm_to_dmm (gtk_spin_button_get_value (l->offsets[1]));
  s->duplex = l->p->prefs->letters->duplex;
  _rl_prefs_change (l->p, letters_change, s, (GDestroyNotify) rl_letter_settings_free,
                    letters_saved);
}

static void
on_calibrate_cb (GtkButton *button,
                 Letters   *l)
{
  l->calibrate = TRUE;
  on_letters_save_cb (button, l);
}

static void
show_image_state (Letters *l,
                  int      i)
{
  adw_action_row_set_subtitle (l->image_rows[i], l->images[i] != NULL
                               ? _("Chosen; saved with the letter settings") : _("None"));
}

static void
on_image_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(AdwPreferencesWindow) window = user_data;
  Letters *l = letters_of (window);
  int i = GPOINTER_TO_INT (g_object_get_data (source, "image"));
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &len, NULL, &error))
    {
      _rl_prefs_show_error (l->error, error);
      return;
    }
  g_clear_pointer (&l->images[i], g_bytes_unref);
  l->images[i] = g_bytes_new_take (contents, len);
  show_image_state (l, i);
}

static void
on_image_chosen_cb (GtkNativeDialog *chooser,
                    int              response,
                    Letters         *l)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT
      && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      g_object_set_data (G_OBJECT (file), "image",
                         g_object_get_data (G_OBJECT (chooser), "image"));
      g_file_load_contents_async (file, NULL, on_image_loaded_cb, g_object_ref (l->p->window));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
on_image_choose_cb (GtkButton *button,
                    Letters   *l)
{
  int i = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "image"));
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (i == 0 ? _("Choose the Logo") : _("Choose the Signature"),
                                 GTK_WINDOW (l->p->window), GTK_FILE_CHOOSER_ACTION_OPEN,
                                 _("_Choose"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, i == 0 ? _("PNG or SVG images") : _("PNG images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  if (i == 0)
    gtk_file_filter_add_mime_type (filter, "image/svg+xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "image", GINT_TO_POINTER (i));
  g_signal_connect (chooser, "response", G_CALLBACK (on_image_chosen_cb), l);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_image_remove_cb (GtkButton *button,
                    Letters   *l)
{
  int i = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "image"));

  g_clear_pointer (&l->images[i], g_bytes_unref);
  show_image_state (l, i);
}

static void
image_row (Letters             *l,
           AdwPreferencesGroup *group,
           int                  i)
{
  GtkWidget *row = adw_action_row_new ();
  const char *title = i == 0 ? _("Logo") : _("Signature");
  g_autofree char *choose = g_strdup_printf (_("Choose a file: %s"), title);
  g_autofree char *remove = g_strdup_printf (_("Remove: %s"), title);
  GtkWidget *b1 = rl_gui_button_new (_("_Choose…"), choose, G_CALLBACK (on_image_choose_cb), l);
  GtkWidget *b2 = rl_gui_button_new (_("_Remove"), remove, G_CALLBACK (on_image_remove_cb), l);

  g_object_set_data (G_OBJECT (b1), "image", GINT_TO_POINTER (i));
  g_object_set_data (G_OBJECT (b2), "image", GINT_TO_POINTER (i));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), b2);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), b1);
  adw_preferences_group_add (group, row);
  l->image_rows[i] = ADW_ACTION_ROW (row);
}

void
_rl_prefs_letters_page (Prefs *p)
{
  Letters *l = g_new0 (Letters, 1);
  AdwPreferencesPage *page = _rl_prefs_page_new (p, _("Letters"), "mail-send-symbolic");
  AdwPreferencesGroup *sign = _rl_prefs_group_new (page, _("Signature"), NULL);
  AdwPreferencesGroup *envelope =
    _rl_prefs_group_new (page, _("Envelope"),
                         _("Where the address falls: print the calibration page on plain "
                           "paper, hold it against an envelope, and move the address if "
                           "needed"));
  const char *envelopes[] = { _("French window, on the right"), _("DIN 5008, on the left"),
                              _("Swiss window, on the right"), NULL };
  GtkWidget *button, *row;

  l->p = p;
  g_object_set_data_full (G_OBJECT (p->window), "letters", l, (GDestroyNotify) letters_free);
  image_row (l, sign, 0);
  image_row (l, sign, 1);
  l->signatory = _rl_prefs_entry_row (sign, _("Signed by"));
  l->signatory_title = _rl_prefs_entry_row (sign, _("Title of the signatory"));
  l->envelope = _rl_prefs_combo_row (envelope, _("Envelope"), envelopes);
  l->offsets[0] = _rl_prefs_spin_row (envelope, _("Move the address right"),
                                      _("Millimetres; a negative value moves it left"),
                                      -RL_LETTER_OFFSET_MAX / 10.0, RL_LETTER_OFFSET_MAX / 10.0,
                                      0.5, 1);
  l->offsets[1] = _rl_prefs_spin_row (envelope, _("Move the address down"),
                                      _("Millimetres; a negative value moves it up"),
                                      -RL_LETTER_OFFSET_MAX / 10.0, RL_LETTER_OFFSET_MAX / 10.0,
                                      0.5, 1);
  l->error = _rl_prefs_error_label (envelope);
  button = rl_gui_button_new (_("_Save"), _("Save the letter settings"),
                              G_CALLBACK (on_letters_save_cb), l);
  gtk_widget_add_css_class (button, "suggested-action");
  adw_preferences_group_set_header_suffix (sign, button);
  /* In a row of its own, not beside the group's title: at 360 px a long button there left the
   * group's description a word wide. */
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Calibration page"));
  button = rl_gui_button_new (_("_Print…"), _("Print the calibration page"),
                              G_CALLBACK (on_calibrate_cb), l);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_preferences_group_add (envelope, row);
}

void
_rl_prefs_letters_fill (Prefs *p)
{
  Letters *l = letters_of (p->window);
  RlLetterSettings *s = p->prefs->letters;

  _rl_prefs_set_entry (l->signatory, s->signatory);
  _rl_prefs_set_entry (l->signatory_title, s->signatory_title);
  for (int i = 0; i < 2; i++)
    {
      GBytes *image = i == 0 ? s->logo : s->signature;

      g_clear_pointer (&l->images[i], g_bytes_unref);
      l->images[i] = image != NULL ? g_bytes_ref (image) : NULL;
      show_image_state (l, i);
    }
  for (guint i = 0; i < G_N_ELEMENTS (envelope_keys); i++)
    if (g_strcmp0 (s->envelope, envelope_keys[i]) == 0)
      adw_combo_row_set_selected (l->envelope, i);
  gtk_spin_button_set_value (l->offsets[0], s->offset_x_dmm / 10.0);
  gtk_spin_button_set_value (l->offsets[1], s->offset_y_dmm / 10.0);
}
