/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-gui-widgets.h"

#include <glib/gi18n.h>

#include "rl-gui-format.h"
#include "rl-penalties.h"

void
rl_gui_clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* For dispose: a composite widget's template root is not a bound child and stays parented
 * unless removed here. */
void
rl_gui_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

/**
 * rl_gui_list_add_row:
 * @subtitle: (nullable): a second line
 * @value: (nullable): a figure shown at the end of the row
 *
 * Returns: (transfer none): the new #AdwActionRow; titles are plain text, never markup
 */
GtkWidget *
rl_gui_list_add_row (GtkListBox *list,
                     const char *title,
                     const char *subtitle,
                     const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *t = g_markup_escape_text (title ? title : "", -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), t);
  if (subtitle != NULL && *subtitle != '\0')
    {
      g_autofree char *s = g_markup_escape_text (subtitle, -1);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), s);
    }
  if (value != NULL)
    {
      GtkWidget *label = gtk_label_new (value);

      gtk_widget_add_css_class (label, "numeric");
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  gtk_list_box_append (list, row);
  return row;
}

/**
 * rl_gui_form_dialog_new:
 * @from: a widget of the window the dialog belongs to
 * @out_box: (out) (transfer none): where the form's fields go
 *
 * Returns: (transfer none): a dialog with "cancel" and "save" responses, not shown yet
 */
AdwMessageDialog *
rl_gui_form_dialog_new (GtkWidget   *from,
                        const char  *heading,
                        const char  *body,
                        const char  *save_label,
                        GtkWidget  **out_box)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (from)), heading, body));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "save", save_label, NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  *out_box = box;
  return dialog;
}

/* Returns: (transfer none): an entry named @label for screen readers, added to @box. */
GtkWidget *
rl_gui_form_entry (GtkWidget  *box,
                   const char *label)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_box_append (GTK_BOX (box), entry);
  return entry;
}

static void
name_by_label (GtkWidget *widget)
{
  const char *label = GTK_IS_BUTTON (widget) ? gtk_button_get_label (GTK_BUTTON (widget))
                      : gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
  g_autofree char *name = rl_gui_without_mnemonic (label);

  if (name != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    name, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
on_label_changed_cb (GtkWidget  *widget,
                     GParamSpec *pspec,
                     gpointer    user_data)
{
  name_by_label (widget);
}

/**
 * rl_gui_name_mnemonic_buttons:
 * @root: a widget made from a template
 *
 * GTK 4.8 names a button with a mnemonic by its label as written and then by its text
 * ("_Importer… Importer…"): screen readers read both. The buttons and check buttons under
 * @root that have one are named by their text, now and when their label changes.
 */
void
rl_gui_name_mnemonic_buttons (GtkWidget *root)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      gboolean mnemonic = (GTK_IS_BUTTON (c) && gtk_button_get_use_underline (GTK_BUTTON (c)))
                          || (GTK_IS_CHECK_BUTTON (c)
                              && gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (c)));

      if (mnemonic)
        {
          name_by_label (c);
          g_signal_connect (c, "notify::label", G_CALLBACK (on_label_changed_cb), NULL);
        }
      else
        rl_gui_name_mnemonic_buttons (c);
    }
}

/* A rate missing, said as the window's banner says it: the half-year in words, where to confirm
 * it (the engine's message names the half-year by its key, and relancectl's rates table).
 * NULL for another error. */
static char *
rate_missing_text (const char   *what,
                   const GError *error)
{
  char key[8];
  g_autofree char *half = NULL;

  if (!rl_penalty_error_half_year (error, key))
    return NULL;
  half = rl_gui_half_year (key);
  /* TRANSLATORS: what failed, then what to do, e.g. "No letter to show: confirm the
   * late-payment rates of the second half of 2026 in the preferences" (one line, keep it short) */
  return g_strdup_printf (_("%s: confirm the late-payment rates of the %s in the preferences"),
                          what, half);
}

/* Says in a toast of the window that @what failed, and why. */
void
rl_gui_toast_error (GtkWidget    *widget,
                    const char   *what,
                    const GError *error)
{
  g_autofree char *text = rate_missing_text (what, error);

  if (text == NULL)
    /* TRANSLATORS: what failed, then why, e.g. "Not recorded: the date is not valid" */
    text = g_strdup_printf (_("%s: %s"), what, error->message);
  gtk_widget_activate_action (widget, "win.toast", "s", text);
}

static GtkWidget *
set_up_button (GtkWidget  *button,
               const char *accessible,
               GCallback   callback,
               gpointer    data)
{
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_signal_connect (button, "clicked", callback, data);
  return button;
}

/* Returns: (transfer none): a button with a mnemonic @label, named @accessible for screen
 * readers, calling @callback with @data when clicked. */
GtkWidget *
rl_gui_button_new (const char *label,
                   const char *accessible,
                   GCallback   callback,
                   gpointer    data)
{
  return set_up_button (gtk_button_new_with_mnemonic (label), accessible, callback, data);
}

/* Returns: (transfer none): a button showing the icon @icon_name, named @accessible for screen
 * readers and in its tooltip, calling @callback with @data when clicked. For a title bar that
 * must fit in 360 px: a label there made a window too wide. */
GtkWidget *
rl_gui_icon_button_new (const char *icon_name,
                        const char *accessible,
                        GCallback   callback,
                        gpointer    data)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, accessible);
  return set_up_button (button, accessible, callback, data);
}
