/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-prefs-private.h"

#include <glib/gi18n.h>

#include "rl-action-text.h"
#include "rl-engine.h"
#include "rl-gui-widgets.h"

/* The Templates page of the preferences: a template's subject and body in French or English,
 * with a preview underneath rendered with a customer of the book as the user types (after a
 * short pause), the unknown variables and syntax errors said there; reset to the shipped
 * text; save. */

#define PREVIEW_DELAY_MS 300

static const char * const languages[] = { "fr", "en" };

typedef struct
{
  Prefs             *p;
  AdwComboRow       *template;
  AdwComboRow       *language;
  GtkWidget         *subject;
  GtkTextBuffer     *body;
  AdwActionRow      *state;
  GtkWidget         *reset;     /* only for the user's own version */
  GtkLabel          *error;
  GtkLabel          *preview_subject;
  GtkLabel          *preview_body;
  GtkLabel          *problem;
  AdwPreferencesGroup *preview;
  RlTemplateContext *context;      /* the sample customer's values, in the language shown */
  guint              preview_id;
  gboolean           loading;
} Templates;

static void
templates_free (Templates *t)
{
  g_clear_handle_id (&t->preview_id, g_source_remove);
  g_clear_pointer (&t->context, rl_template_context_free);
  g_free (t);
}

static Templates *
templates_of (gpointer window)
{
  return g_object_get_data (G_OBJECT (window), "templates");
}

static const char *
chosen_key (Templates *t)
{
  const char * const *keys = rl_template_editable_keys ();
  guint i = adw_combo_row_get_selected (t->template);

  return i < g_strv_length ((char **) keys) ? keys[i] : keys[0];
}

static const char *
chosen_language (Templates *t)
{
  return languages[MIN (adw_combo_row_get_selected (t->language), G_N_ELEMENTS (languages) - 1)];
}

static char *
body_text (Templates *t)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (t->body, &start, &end);
  return gtk_text_buffer_get_text (t->body, &start, &end, FALSE);
}

/* The preview */

static gboolean
on_preview_cb (gpointer data)
{
  Templates *t = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = body_text (t);
  g_autofree char *subject = NULL, *text = NULL;

  t->preview_id = 0;
  if (t->context == NULL)
    return G_SOURCE_REMOVE;
  if (rl_template_preview (t->context, _rl_prefs_entry_text (t->subject), body, &subject, &text,
                           &error))
    {
      gtk_label_set_text (t->preview_subject, subject);
      gtk_label_set_text (t->preview_body, text);
    }
  _rl_prefs_show_error (t->problem, error);
  return G_SOURCE_REMOVE;
}

static void
preview_soon (Templates *t)
{
  g_clear_handle_id (&t->preview_id, g_source_remove);
  t->preview_id = g_timeout_add (PREVIEW_DELAY_MS, on_preview_cb, t);
}

static void
on_text_changed_cb (gpointer   emitter,
                    Templates *t)
{
  if (!t->loading)
    preview_soon (t);
}

/* Reading: the template and the sample customer, in the language chosen. */
typedef struct
{
  char              *key;
  char              *language;
  char              *subject;
  char              *body;
  gboolean           edited;
  RlTemplateContext *context;
  char              *customer;
  GError            *sample_error;
} Loaded;

static void
loaded_free (Loaded *l)
{
  g_free (l->key);
  g_free (l->language);
  g_free (l->subject);
  g_free (l->body);
  g_clear_pointer (&l->context, rl_template_context_free);
  g_free (l->customer);
  g_clear_error (&l->sample_error);
  g_free (l);
}

static gpointer
template_job (RlBook   *book,
              gpointer  data,
              GError  **error)
{
  Loaded *l = data;

  if (!rl_book_get_template (book, l->key, l->language, &l->subject, &l->body, &l->edited,
                             error))
    return NULL;
  /* A book without customers still edits its templates: the preview says why it is empty. */
  l->context = rl_book_sample_context (book, l->language, rl_day_today (), &l->sample_error);
  return l;
}

static void
template_read (Prefs        *p,
               gpointer      result,
               const GError *error)
{
  Templates *t = templates_of (p->window);
  Loaded *l = result;

  _rl_prefs_show_error (t->error, error);
  if (l == NULL)
    return;
  t->loading = TRUE;
  _rl_prefs_set_entry (t->subject, l->subject);
  gtk_text_buffer_set_text (t->body, l->body, -1);
  t->loading = FALSE;
  adw_action_row_set_subtitle (t->state, l->edited ? _("Your version")
                                                   : _("The text shipped with Relance"));
  gtk_widget_set_sensitive (t->reset, l->edited);
  g_clear_pointer (&t->context, rl_template_context_free);
  t->context = g_steal_pointer (&l->context);
  gtk_label_set_text (t->preview_subject, "");
  gtk_label_set_text (t->preview_body, "");
  _rl_prefs_show_error (t->problem, l->sample_error);
  if (t->context != NULL)
    preview_soon (t);
}

static void
reload (Templates *t)
{
  Loaded *l = g_new0 (Loaded, 1);

  l->key = g_strdup (chosen_key (t));
  l->language = g_strdup (chosen_language (t));
  /* The job fills @l and returns it: it is freed with the data, not as a result. */
  _rl_prefs_read (t->p, template_job, l, (GDestroyNotify) loaded_free, NULL, template_read);
}

static void
on_choice_changed_cb (AdwComboRow *row,
                      GParamSpec  *pspec,
                      Templates   *t)
{
  _rl_prefs_show_error (t->error, NULL);
  reload (t);
}

/* Saving and resetting */

typedef struct
{
  char *key;
  char *language;
  char *subject;      /* NULL: back to the shipped text */
  char *body;
} Save;

static void
save_free (Save *s)
{
  g_free (s->key);
  g_free (s->language);
  g_free (s->subject);
  g_free (s->body);
  g_free (s);
}

static gboolean
template_change (RlBook   *book,
                 gpointer  data,
                 GError  **error)
{
  Save *s = data;

  if (s->body == NULL)
    return rl_book_reset_template (book, s->key, s->language, error);
  return rl_book_set_template (book, s->key, s->language, s->subject, s->body, error);
}

static void
template_saved (Prefs        *p,
                gpointer      data,
                const GError *error)
{
  Templates *t = templates_of (p->window);
  Save *s = data;

  _rl_prefs_show_error (t->error, error);
  if (error != NULL)
    return;
  _rl_prefs_toast (p, s->body == NULL ? _("Template back to the shipped text")
                                      : _("Template saved"));
  reload (t);
}

static void
on_template_button_cb (GtkButton *button,
                       Templates *t)
{
  Save *s = g_new0 (Save, 1);

  s->key = g_strdup (chosen_key (t));
  s->language = g_strdup (chosen_language (t));
  if (g_object_get_data (G_OBJECT (button), "reset") == NULL)
    {
      s->subject = g_strdup (_rl_prefs_entry_text (t->subject));
      s->body = body_text (t);
    }
  _rl_prefs_change (t->p, template_change, s, (GDestroyNotify) save_free, template_saved);
}

/* Building the page */

static GtkLabel *
preview_label (AdwPreferencesGroup *group,
               const char          *accessible)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 10);
  gtk_widget_set_margin_bottom (label, 10);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_margin_bottom (card, 6);
  gtk_box_append (GTK_BOX (card), label);
  adw_preferences_group_add (group, card);
  return GTK_LABEL (label);
}

void
_rl_prefs_templates_page (Prefs *p)
{
  Templates *t = g_new0 (Templates, 1);
  AdwPreferencesPage *page = _rl_prefs_page_new (p, _("Templates"), "accessories-text-editor-symbolic");
  AdwPreferencesGroup *choice = _rl_prefs_group_new (page, _("Template"), NULL);
  AdwPreferencesGroup *text =
    _rl_prefs_group_new (page, _("Text"),
                         _("Values go between double braces, such as {{ customer.name }}"));
  const char * const *keys = rl_template_editable_keys ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *language_names[] = { _("French"), _("English"), NULL };
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *button;

  t->p = p;
  g_object_set_data_full (G_OBJECT (p->window), "templates", t, (GDestroyNotify) templates_free);
  for (guint i = 0; keys[i] != NULL; i++)
    g_ptr_array_add (names, (gpointer) rl_step_label (keys[i]));
  g_ptr_array_add (names, NULL);
  t->template = _rl_prefs_combo_row (choice, _("Template"), (const char * const *) names->pdata);
  t->language = _rl_prefs_combo_row (choice, _("Language"), language_names);
  t->state = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (t->state), _("Text in use"));
  adw_preferences_group_add (choice, GTK_WIDGET (t->state));

  t->subject = _rl_prefs_entry_row (text, _("Subject"));
  t->body = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Body"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 180);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_widget_set_margin_top (scrolled, 6);
  adw_preferences_group_add (text, scrolled);
  t->error = _rl_prefs_error_label (text);
  /* Under the text being typed, where it is seen: what the preview cannot render. */
  t->problem = _rl_prefs_error_label (text);

  /* Reset beside what says which text is in use; Save beside the text's title, as in the
   * other groups: two buttons there left the group's description a word wide at 360 px. */
  button = rl_gui_button_new (_("_Reset"), _("Reset to the shipped text"),
                              G_CALLBACK (on_template_button_cb), t);
  g_object_set_data (G_OBJECT (button), "reset", GINT_TO_POINTER (1));
  gtk_widget_set_sensitive (button, FALSE);
  adw_action_row_add_suffix (t->state, button);
  t->reset = button;
  button = rl_gui_button_new (_("_Save"), _("Save the template"),
                              G_CALLBACK (on_template_button_cb), t);
  gtk_widget_add_css_class (button, "suggested-action");
  adw_preferences_group_set_header_suffix (text, button);

  t->preview = _rl_prefs_group_new (page, _("Preview"),
                                    _("With a customer of the book who has open invoices"));
  t->preview_subject = preview_label (t->preview, _("Preview of the subject"));
  t->preview_body = preview_label (t->preview, _("Preview of the body"));

  g_signal_connect (t->template, "notify::selected", G_CALLBACK (on_choice_changed_cb), t);
  g_signal_connect (t->language, "notify::selected", G_CALLBACK (on_choice_changed_cb), t);
  g_signal_connect (t->subject, "changed", G_CALLBACK (on_text_changed_cb), t);
  g_signal_connect (t->body, "changed", G_CALLBACK (on_text_changed_cb), t);
  reload (t);
}
