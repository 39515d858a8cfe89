/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-preferences.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stddef.h>
#include <string.h>

#include "rl-book-job.h"
#include "rl-delivery-setup.h"
#include "rl-error.h"
#include "rl-gui-widgets.h"
#include "rl-letter-preview.h"
#include "rl-secret.h"
#include "rl-send-dialog.h"

static const char * const relay_keys[RL_PREFS_N_RELAY] = {
  RL_SETTING_EMAIL_PROVIDER, RL_SETTING_FROM, RL_SETTING_REPLY_TO, RL_SETTING_EMAIL_BASE_URL,
};

#define STALE_KEY "stale-days"

/**
 * rl_prefs_load:
 *
 * Returns: (transfer full): what the preferences show, or %NULL with a book error
 */
RlPrefs *
rl_prefs_load (RlBook  *book,
               GError **error)
{
  g_autoptr(RlPrefs) prefs = g_new0 (RlPrefs, 1);
  g_autofree char *stale = rl_book_get_setting (book, STALE_KEY);
  gint64 days;

  prefs->company = rl_book_get_company (book, error);
  if (prefs->company == NULL)
    return NULL;
  prefs->letters = rl_book_get_letter_settings (book, error);
  if (prefs->letters == NULL)
    return NULL;
  prefs->relay[RL_PREFS_PROVIDER] = rl_delivery_provider_id (book, RL_CHANNEL_EMAIL);
  for (int i = RL_PREFS_FROM; i < RL_PREFS_N_RELAY; i++)
    prefs->relay[i] = rl_book_get_setting (book, relay_keys[i]);
  prefs->stale_days = stale != NULL && g_ascii_string_to_signed (stale, 10, 0, G_MAXINT, &days,
                                                                 NULL)
                      ? (int) days : RL_STALE_DAYS_DEFAULT;
  return g_steal_pointer (&prefs);
}

void
rl_prefs_free (RlPrefs *prefs)
{
  if (prefs == NULL)
    return;
  g_clear_pointer (&prefs->company, rl_company_free);
  g_clear_pointer (&prefs->letters, rl_letter_settings_free);
  for (int i = 0; i < RL_PREFS_N_RELAY; i++)
    g_free (prefs->relay[i]);
  g_free (prefs);
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

static gboolean
check_address (const char  *address,
               const char  *what,
               GError     **error)
{
  const char *at = address != NULL ? strchr (address, '@') : NULL;

  if (is_blank (address))
    return TRUE;
  if (at == NULL || at == address || strchr (at, '.') == NULL || strpbrk (address, " <>,;")
      != NULL)
    {
      /* TRANSLATORS: the first %s is "The sender" or "The reply address" */
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                   _("%s is not an e-mail address: “%s”"), what, address);
      return FALSE;
    }
  return TRUE;
}

/**
 * rl_prefs_save_relay:
 * @relay: (array fixed-size=RL_PREFS_N_RELAY): provider id, sender, reply-to, base URL; empty
 *   or %NULL goes back to the default
 *
 * Checks, then keeps the relay settings: nothing is kept when one is wrong.
 *
 * Returns: %TRUE, or %FALSE with a message to show
 */
gboolean
rl_prefs_save_relay (RlBook       *book,
                     char * const *relay,
                     GError      **error)
{
  const char *url = relay[RL_PREFS_BASE_URL];

  if (!is_blank (relay[RL_PREFS_PROVIDER])
      && rl_provider_find (relay[RL_PREFS_PROVIDER], RL_CHANNEL_EMAIL) == NULL)
    {
      g_set_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_CONFIG,
                   _("“%s” is not an e-mail provider (brevo, mailjet, sendgrid, postmark, "
                     "mailgun)"), relay[RL_PREFS_PROVIDER]);
      return FALSE;
    }
  if (!check_address (relay[RL_PREFS_FROM], _("The sender"), error)
      || !check_address (relay[RL_PREFS_REPLY_TO], _("The reply address"), error))
    return FALSE;
  if (!is_blank (url) && !g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://"))
    {
      g_set_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_CONFIG,
                   _("The base URL must start with https://: “%s”"), url);
      return FALSE;
    }
  for (int i = 0; i < RL_PREFS_N_RELAY; i++)
    if (!rl_book_set_setting (book, relay_keys[i], is_blank (relay[i]) ? NULL : relay[i], error))
      return FALSE;
  return TRUE;
}

/**
 * rl_prefs_save_stale_days:
 *
 * Returns: %TRUE, or %FALSE when @days is not between 1 and RL_STALE_DAYS_MAX
 */
gboolean
rl_prefs_save_stale_days (RlBook  *book,
                          int      days,
                          GError **error)
{
  char text[16];

  if (days < 1 || days > RL_STALE_DAYS_MAX)
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                   _("The threshold must be between 1 and %d days"), RL_STALE_DAYS_MAX);
      return FALSE;
    }
  g_snprintf (text, sizeof text, "%d", days);
  return rl_book_set_setting (book, STALE_KEY, text, error);
}

/* Millimetres typed to tenths of a millimetre, within what the letters allow. */
int
rl_prefs_mm_to_dmm (double mm)
{
  double dmm = mm * 10.0;

  dmm = dmm < 0 ? dmm - 0.5 : dmm + 0.5;
  return CLAMP ((int) dmm, -RL_LETTER_OFFSET_MAX, RL_LETTER_OFFSET_MAX);
}

/* The window */

typedef struct
{
  const char *label;
  gsize       offset;
  int         group;      /* identity, address, bank */
} CompanyField;

static const CompanyField company_fields[] = {
  { N_("Company name"), G_STRUCT_OFFSET (RlCompany, name), 0 },
  { N_("SIREN"), G_STRUCT_OFFSET (RlCompany, siren), 0 },
  { N_("VAT number"), G_STRUCT_OFFSET (RlCompany, vat_number), 0 },
  { N_("E-mail"), G_STRUCT_OFFSET (RlCompany, email), 0 },
  { N_("Phone"), G_STRUCT_OFFSET (RlCompany, phone), 0 },
  { N_("Address"), G_STRUCT_OFFSET (RlCompany, address1), 1 },
  { N_("Address, line 2"), G_STRUCT_OFFSET (RlCompany, address2), 1 },
  { N_("Address, line 3"), G_STRUCT_OFFSET (RlCompany, address3), 1 },
  { N_("Postcode"), G_STRUCT_OFFSET (RlCompany, postcode), 1 },
  { N_("City"), G_STRUCT_OFFSET (RlCompany, city), 1 },
  { N_("Country (ISO code, FR)"), G_STRUCT_OFFSET (RlCompany, country), 1 },
  { N_("IBAN"), G_STRUCT_OFFSET (RlCompany, iban), 2 },
  { N_("BIC"), G_STRUCT_OFFSET (RlCompany, bic), 2 },
};

static const char * const envelope_keys[] = { "fr", "din", "ch" };

#define N_COMPANY_FIELDS G_N_ELEMENTS (company_fields)

typedef struct
{
  AdwPreferencesWindow *window;
  char                 *book_path;
  GtkWidget            *from;                 /* (weak) */
  RlPrefs              *prefs;
  GtkWidget            *company_rows[N_COMPANY_FIELDS];
  GtkLabel             *company_error;
  GtkWidget            *signatory;
  GtkWidget            *signatory_title;
  AdwActionRow         *image_rows[2];        /* logo, signature */
  GBytes               *images[2];
  AdwComboRow          *envelope;
  GtkSpinButton        *offsets[2];           /* x, y in mm */
  GtkLabel             *letters_error;
  gboolean              calibrate;
  AdwComboRow          *provider;
  GPtrArray            *provider_ids;
  GtkWidget            *relay_rows[RL_PREFS_N_RELAY];
  AdwPasswordEntryRow  *key;
  AdwActionRow         *key_state;
  GtkLabel             *relay_error;
  GtkWidget            *test_to;
  GtkLabel             *test_result;
  GtkSpinButton        *stale;
  gboolean              loading;
} Prefs;

static void
prefs_free (Prefs *p)
{
  if (p->from != NULL)
    g_object_remove_weak_pointer (G_OBJECT (p->from), (gpointer *) &p->from);
  g_free (p->book_path);
  rl_prefs_free (p->prefs);
  g_clear_pointer (&p->images[0], g_bytes_unref);
  g_clear_pointer (&p->images[1], g_bytes_unref);
  g_ptr_array_unref (p->provider_ids);
  g_free (p);
}

static void
toast (Prefs      *p,
       const char *text)
{
  adw_preferences_window_add_toast (p->window, adw_toast_new (text));
}

static void
show_error (GtkLabel     *label,
            const GError *error)
{
  gtk_label_set_text (label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), error != NULL);
}

static GtkLabel *
error_label (AdwPreferencesGroup *group)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_visible (label, FALSE);
  adw_preferences_group_add (group, label);
  return GTK_LABEL (label);
}

static const char *
entry_text (GtkWidget *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static GtkWidget *
entry_row (AdwPreferencesGroup *group,
           const char          *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  adw_preferences_group_add (group, row);
  return row;
}

static void
set_entry (GtkWidget  *row,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static AdwPreferencesGroup *
group_new (AdwPreferencesPage *page,
           const char         *title,
           const char         *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (group));
  return ADW_PREFERENCES_GROUP (group);
}

static AdwPreferencesPage *
page_new (Prefs      *p,
          const char *title,
          const char *icon)
{
  GtkWidget *page = adw_preferences_page_new ();

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), title);
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), icon);
  adw_preferences_window_add (p->window, ADW_PREFERENCES_PAGE (page));
  return ADW_PREFERENCES_PAGE (page);
}

static GtkSpinButton *
spin_row (AdwPreferencesGroup *group,
          const char          *title,
          const char          *subtitle,
          double               min,
          double               max,
          double               step,
          guint                digits)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, step);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (group, row);
  return GTK_SPIN_BUTTON (spin);
}

/* Book changes from the window: the data is the change, done in a worker; the callback gets
 * the window back. */
typedef struct
{
  Prefs     *p;
  RlCompany *company;
  RlLetterSettings *letters;
  char      *relay[RL_PREFS_N_RELAY];
  int        stale_days;
} Save;

static void
save_free (Save *s)
{
  g_clear_pointer (&s->company, rl_company_free);
  g_clear_pointer (&s->letters, rl_letter_settings_free);
  for (int i = 0; i < RL_PREFS_N_RELAY; i++)
    g_free (s->relay[i]);
  g_free (s);
}

static void fill (Prefs *p);

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AdwPreferencesWindow) window = user_data;
  Prefs *p = g_object_get_data (G_OBJECT (window), "prefs");
  g_autoptr(GError) error = NULL;
  RlPrefs *prefs = rl_book_job_finish (result, &error);

  if (prefs == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Cannot read the book: %s"), error->message);

      toast (p, text);
      return;
    }
  rl_prefs_free (p->prefs);
  p->prefs = prefs;
  fill (p);
}

static gpointer
load_job (RlBook   *book,
          gpointer  data,
          GError  **error)
{
  return rl_prefs_load (book, error);
}

static void
reload (Prefs *p)
{
  rl_book_job_run_async (p->book_path, load_job, NULL, NULL, (GDestroyNotify) rl_prefs_free,
                         NULL, on_loaded_cb, g_object_ref (p->window));
}

typedef void (*SavedFunc) (Prefs *p, const GError *error);

typedef struct
{
  AdwPreferencesWindow *window;
  SavedFunc             done;
} Saving;

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Saving *saving = user_data;
  Prefs *p = g_object_get_data (G_OBJECT (saving->window), "prefs");
  g_autoptr(GError) error = NULL;

  rl_book_change_finish (result, &error);
  saving->done (p, error);
  g_object_unref (saving->window);
  g_free (saving);
}

static void
save (Prefs            *p,
      RlBookChangeFunc  func,
      Save             *s,
      SavedFunc         done)
{
  Saving *saving = g_new0 (Saving, 1);

  saving->window = g_object_ref (p->window);
  saving->done = done;
  s->p = p;
  rl_book_change_async (p->book_path, func, s, (GDestroyNotify) save_free, NULL, on_saved_cb,
                        saving);
}

/* Company */

static gboolean
company_change (RlBook   *book,
                gpointer  data,
                GError  **error)
{
  return rl_book_set_company (book, ((Save *) data)->company, error);
}

static void
company_saved (Prefs        *p,
               const GError *error)
{
  show_error (p->company_error, error);
  if (error == NULL)
    {
      toast (p, _("Company details saved"));
      reload (p);
      if (p->from != NULL)
        gtk_widget_activate_action (p->from, "win.book-changed", "s", "company");
    }
}

static void
on_company_save_cb (GtkButton *button,
                    Prefs     *p)
{
  Save *s = g_new0 (Save, 1);
  const RlCompany *old = p->prefs->company;

  s->company = rl_company_new ();
  for (guint i = 0; i < N_COMPANY_FIELDS; i++)
    {
      const char *text = entry_text (p->company_rows[i]);

      G_STRUCT_MEMBER (char *, s->company, company_fields[i].offset) =
        *text != '\0' ? g_strstrip (g_strdup (text)) : NULL;
    }
  s->company->currency = g_strdup (old->currency);
  s->company->language = g_strdup (old->language);
  s->company->payment_terms_days = old->payment_terms_days;
  save (p, company_change, s, company_saved);
}

static void
company_page (Prefs *p)
{
  AdwPreferencesPage *page = page_new (p, _("Company"), "emblem-documents-symbolic");
  AdwPreferencesGroup *groups[3];
  GtkWidget *button;

  groups[0] = group_new (page, _("Identity"), _("Printed on every letter and e-mail"));
  groups[1] = group_new (page, _("Address"), NULL);
  groups[2] = group_new (page, _("Bank Details"),
                         _("Letters carry them with a payment QR code: without a valid IBAN, "
                           "no letter can be printed"));
  for (guint i = 0; i < N_COMPANY_FIELDS; i++)
    p->company_rows[i] = entry_row (groups[company_fields[i].group],
                                    _(company_fields[i].label));
  /* Under the first group, next to its Save button, where it is seen without scrolling. */
  p->company_error = error_label (groups[0]);
  button = rl_gui_button_new (_("_Save"), _("Save the company details"),
                       G_CALLBACK (on_company_save_cb), p);
  gtk_widget_add_css_class (button, "suggested-action");
  adw_preferences_group_set_header_suffix (groups[0], button);
}

/* Letters */

static gboolean
letters_change (RlBook   *book,
                gpointer  data,
                GError  **error)
{
  return rl_book_set_letter_settings (book, ((Save *) data)->letters, error);
}

static void
letters_saved (Prefs        *p,
               const GError *error)
{
  show_error (p->letters_error, error);
  if (error != NULL)
    {
      p->calibrate = FALSE;
      return;
    }
  if (p->calibrate && p->from != NULL)
    rl_letter_preview_open (p->from, p->book_path, RL_LETTER_PREVIEW_CALIBRATION, 0);
  else
    toast (p, _("Letter settings saved"));
  p->calibrate = FALSE;
}

static char *
text_or_null (GtkWidget *row)
{
  const char *text = entry_text (row);

  return *text != '\0' ? g_strdup (text) : NULL;
}

static void
on_letters_save_cb (GtkButton *button,
                    Prefs     *p)
{
  Save *s = g_new0 (Save, 1);
  guint envelope = adw_combo_row_get_selected (p->envelope);

  s->letters = g_new0 (RlLetterSettings, 1);
  for (int i = 0; i < 2; i++)
    if (p->images[i] != NULL)
      (i == 0 ? &s->letters->logo : &s->letters->signature)[0] = g_bytes_ref (p->images[i]);
  s->letters->signatory = text_or_null (p->signatory);
  s->letters->signatory_title = text_or_null (p->signatory_title);
  s->letters->envelope = g_strdup (envelope_keys[MIN (envelope, G_N_ELEMENTS (envelope_keys) - 1)]);
  s->letters->offset_x_dmm = rl_prefs_mm_to_dmm (gtk_spin_button_get_value (p->offsets[0]));
  s->letters->offset_y_dmm = rl_prefs_mm_to_dmm (gtk_spin_button_get_value (p->offsets[1]));
  s->letters->duplex = p->prefs->letters->duplex;
  save (p, letters_change, s, letters_saved);
}

static void
on_calibrate_cb (GtkButton *button,
                 Prefs     *p)
{
  p->calibrate = TRUE;
  on_letters_save_cb (button, p);
}

static void
show_image_state (Prefs *p,
                  int    i)
{
  adw_action_row_set_subtitle (p->image_rows[i], p->images[i] != NULL
                               ? _("Chosen; saved with the letter settings") : _("None"));
}

static void
on_image_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(AdwPreferencesWindow) window = user_data;
  Prefs *p = g_object_get_data (G_OBJECT (window), "prefs");
  int i = GPOINTER_TO_INT (g_object_get_data (source, "image"));
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &len, NULL, &error))
    {
      show_error (p->letters_error, error);
      return;
    }
  g_clear_pointer (&p->images[i], g_bytes_unref);
  p->images[i] = g_bytes_new_take (contents, len);
  show_image_state (p, i);
}

static void
on_image_chosen_cb (GtkNativeDialog *chooser,
                    int              response,
                    Prefs           *p)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT
      && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      g_object_set_data (G_OBJECT (file), "image",
                         g_object_get_data (G_OBJECT (chooser), "image"));
      g_file_load_contents_async (file, NULL, on_image_loaded_cb, g_object_ref (p->window));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
on_image_choose_cb (GtkButton *button,
                    Prefs     *p)
{
  int i = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "image"));
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (i == 0 ? _("Choose the Logo") : _("Choose the Signature"),
                                 GTK_WINDOW (p->window), GTK_FILE_CHOOSER_ACTION_OPEN,
                                 _("_Choose"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, i == 0 ? _("PNG or SVG images") : _("PNG images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  if (i == 0)
    gtk_file_filter_add_mime_type (filter, "image/svg+xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "image", GINT_TO_POINTER (i));
  g_signal_connect (chooser, "response", G_CALLBACK (on_image_chosen_cb), p);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_image_remove_cb (GtkButton *button,
                    Prefs     *p)
{
  int i = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "image"));

  g_clear_pointer (&p->images[i], g_bytes_unref);
  show_image_state (p, i);
}

static void
image_row (Prefs               *p,
           AdwPreferencesGroup *group,
           int                  i)
{
  GtkWidget *row = adw_action_row_new ();
  const char *title = i == 0 ? _("Logo") : _("Signature");
  g_autofree char *choose = g_strdup_printf (_("Choose a file: %s"), title);
  g_autofree char *remove = g_strdup_printf (_("Remove: %s"), title);
  GtkWidget *b1 = rl_gui_button_new (_("_Choose…"), choose, G_CALLBACK (on_image_choose_cb), p);
  GtkWidget *b2 = rl_gui_button_new (_("_Remove"), remove, G_CALLBACK (on_image_remove_cb), p);

  g_object_set_data (G_OBJECT (b1), "image", GINT_TO_POINTER (i));
  g_object_set_data (G_OBJECT (b2), "image", GINT_TO_POINTER (i));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), b2);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), b1);
  adw_preferences_group_add (group, row);
  p->image_rows[i] = ADW_ACTION_ROW (row);
}

static void
letters_page (Prefs *p)
{
  AdwPreferencesPage *page = page_new (p, _("Letters"), "mail-send-symbolic");
  AdwPreferencesGroup *sign = group_new (page, _("Signature"), NULL);
  AdwPreferencesGroup *envelope = group_new (page, _("Envelope"),
                                             _("Where the address falls: print the calibration "
                                               "page on plain paper, hold it against an "
                                               "envelope, and move the address if needed"));
  const char *envelopes[] = { _("French window, on the right"), _("DIN 5008, on the left"),
                              _("Swiss window, on the right"), NULL };
  GtkWidget *combo = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (envelopes);
  GtkWidget *button;

  image_row (p, sign, 0);
  image_row (p, sign, 1);
  p->signatory = entry_row (sign, _("Signed by"));
  p->signatory_title = entry_row (sign, _("Title of the signatory"));
  adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (model));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), _("Envelope"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (combo), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Envelope"), -1);
  adw_preferences_group_add (envelope, combo);
  p->envelope = ADW_COMBO_ROW (combo);
  p->offsets[0] = spin_row (envelope, _("Move the address right"),
                            _("Millimetres; a negative value moves it left"),
                            -RL_LETTER_OFFSET_MAX / 10.0, RL_LETTER_OFFSET_MAX / 10.0, 0.5, 1);
  p->offsets[1] = spin_row (envelope, _("Move the address down"),
                            _("Millimetres; a negative value moves it up"),
                            -RL_LETTER_OFFSET_MAX / 10.0, RL_LETTER_OFFSET_MAX / 10.0, 0.5, 1);
  p->letters_error = error_label (envelope);
  button = rl_gui_button_new (_("_Save"), _("Save the letter settings"),
                       G_CALLBACK (on_letters_save_cb), p);
  gtk_widget_add_css_class (button, "suggested-action");
  adw_preferences_group_set_header_suffix (sign, button);
  button = rl_gui_button_new (_("Print _Calibration Page…"), _("Print the calibration page"),
                       G_CALLBACK (on_calibrate_cb), p);
  adw_preferences_group_set_header_suffix (envelope, button);
}

/* Sending */

static const char *
provider_id (Prefs *p)
{
  guint i = adw_combo_row_get_selected (p->provider);

  return i < p->provider_ids->len ? g_ptr_array_index (p->provider_ids, i) : "brevo";
}

/* The keyring is asked in a thread: its D-Bus calls are synchronous. */
static void
key_state_thread (GTask        *task,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = rl_secret_lookup_key (data, RL_CHANNEL_EMAIL, &error);

  if (key != NULL)
    memset (key, 0, strlen (key));
  g_task_return_int (task, key != NULL ? 0 : g_error_matches (error, RL_DELIVERY_ERROR,
                                                              RL_DELIVERY_ERROR_NO_KEY) ? 1 : 2);
}

static void
on_key_state_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Prefs *p = g_object_get_data (source, "prefs");
  const char *states[] = { _("In the keyring"), _("Missing: messages cannot be sent"),
                           _("The keyring cannot be reached") };
  gssize state = g_task_propagate_int (G_TASK (result), NULL);

  adw_action_row_set_subtitle (p->key_state, states[CLAMP (state, 0, 2)]);
}

static void
show_key_state (Prefs *p)
{
  g_autoptr(GTask) task = g_task_new (p->window, NULL, on_key_state_cb, NULL);

  adw_action_row_set_subtitle (p->key_state, "…");
  g_task_set_task_data (task, g_strdup (provider_id (p)), g_free);
  g_task_run_in_thread (task, key_state_thread);
}

static gboolean
relay_change (RlBook   *book,
              gpointer  data,
              GError  **error)
{
  return rl_prefs_save_relay (book, ((Save *) data)->relay, error);
}

static void
relay_saved (Prefs        *p,
             const GError *error)
{
  show_error (p->relay_error, error);
  if (error == NULL)
    toast (p, _("Relay settings saved"));
}

static void
on_relay_save_cb (GtkButton *button,
                  Prefs     *p)
{
  Save *s = g_new0 (Save, 1);

  s->relay[RL_PREFS_PROVIDER] = g_strdup (provider_id (p));
  for (int i = RL_PREFS_FROM; i < RL_PREFS_N_RELAY; i++)
    s->relay[i] = g_strstrip (g_strdup (entry_text (p->relay_rows[i])));
  save (p, relay_change, s, relay_saved);
}

static void
on_key_apply_cb (AdwEntryRow *row,
                 Prefs       *p)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (*key == '\0')
    rl_secret_clear_key (provider_id (p), RL_CHANNEL_EMAIL, &error);
  else
    rl_secret_store_key (provider_id (p), RL_CHANNEL_EMAIL, key, &error);
  memset (key, 0, strlen (key));
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  show_error (p->relay_error, error);
  if (error == NULL)
    toast (p, _("API key kept in the keyring"));
  show_key_state (p);
}

static void
on_key_keep_cb (GtkButton *button,
                Prefs     *p)
{
  on_key_apply_cb (ADW_ENTRY_ROW (p->key), p);
}

static void
on_provider_changed_cb (AdwComboRow *row,
                        GParamSpec  *pspec,
                        Prefs       *p)
{
  if (!p->loading)
    show_key_state (p);
}

/* The test e-mail: a dispatcher of its own, in the main loop. */
typedef struct
{
  AdwPreferencesWindow *window;
  RlBook               *book;
  RlDispatcher         *dispatcher;
} TestSend;

static void
on_test_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TestSend *t = user_data;
  Prefs *p = g_object_get_data (G_OBJECT (t->window), "prefs");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = rl_dispatcher_send_message_finish (t->dispatcher, result,
                                                                    &error);

  if (results == NULL || results->len == 0)
    gtk_label_set_text (p->test_result, error != NULL ? error->message : _("Not sent"));
  else
    {
      g_autofree char *text = rl_send_outcome_text (g_ptr_array_index (results, 0));

      gtk_label_set_text (p->test_result, text);
    }
  g_object_unref (t->dispatcher);
  g_object_unref (t->book);
  g_object_unref (t->window);
  g_free (t);
}

static RlMessage *
test_message (RlBook      *book,
              const char  *to,
              GError     **error)
{
  g_autoptr(RlCompany) company = rl_book_get_company (book, error);
  g_autoptr(RlMessage) m = NULL;
  g_autofree char *body = NULL;

  if (company == NULL)
    return NULL;
  m = rl_message_new ();
  m->channel = RL_CHANNEL_EMAIL;
  m->from_address = rl_book_get_setting (book, RL_SETTING_FROM);
  if (is_blank (m->from_address))
    {
      g_free (m->from_address);
      m->from_address = g_strdup (company->email);
    }
  if (is_blank (m->from_address))
    {
      g_set_error_literal (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_CONFIG,
                           _("The company has no e-mail address to send from."));
      return NULL;
    }
  m->from_name = g_strdup (company->name);
  m->reply_to = rl_book_get_setting (book, RL_SETTING_REPLY_TO);
  m->to = g_new0 (char *, 2);
  m->to[0] = g_strdup (to);
  m->subject = g_strdup_printf (_("Test message from Relance — %s"), company->name);
  m->text = g_strdup (_("This message checks that Relance can send e-mails through your relay "
                        "provider. You need not answer it.\n"));
  body = g_markup_escape_text (m->text, -1);
  m->html = rl_message_text_to_html (body, company->language);
  m->correlation = g_strdup_printf ("test:%s", to);
  return g_steal_pointer (&m);
}

static void
on_test_clicked_cb (GtkButton *button,
                    Prefs     *p)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlBook) book = NULL;
  g_autoptr(RlDispatcher) dispatcher = NULL;
  g_autofree char *to = g_strstrip (g_strdup (entry_text (p->test_to)));
  RlMessage *m = NULL;
  TestSend *t;

  if (!check_address (to, _("The test address"), &error) || *to == '\0')
    {
      gtk_label_set_text (p->test_result, error != NULL ? error->message
                                                          : _("Type the address to send to."));
      return;
    }
  book = rl_book_open (p->book_path, RL_BOOK_OPEN_DEFAULT, &error);
  if (book != NULL)
    dispatcher = rl_delivery_dispatcher (book, NULL, NULL, &error);
  if (dispatcher != NULL)
    m = test_message (book, to, &error);
  if (m == NULL)
    {
      gboolean fixable;
      g_autofree char *text = rl_send_setup_problem (error, &fixable);

      gtk_label_set_text (p->test_result, text);
      return;
    }
  gtk_label_set_text (p->test_result, _("Sending…"));
  t = g_new0 (TestSend, 1);
  t->window = g_object_ref (p->window);
  t->book = g_steal_pointer (&book);
  t->dispatcher = g_steal_pointer (&dispatcher);
  rl_dispatcher_send_message_async (t->dispatcher, m, NULL, on_test_sent_cb, t);
}

static void
sending_page (Prefs *p)
{
  AdwPreferencesPage *page = page_new (p, _("Sending"), "mail-unread-symbolic");
  AdwPreferencesGroup *relay = group_new (page, _("Relay Provider"),
                                          _("The service that sends the e-mails"));
  AdwPreferencesGroup *test = group_new (page, _("Test"), NULL);
  const char * const titles[RL_PREFS_N_RELAY] = {
    NULL, _("Sender address (the company’s by default)"), _("Reply-to address"),
    _("API base URL (the provider’s by default)"),
  };
  const RlProvider * const *all = rl_provider_all ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *combo = adw_combo_row_new ();
  GtkWidget *key = adw_password_entry_row_new ();
  GtkWidget *state = adw_action_row_new ();
  GtkWidget *button, *row, *label;

  for (guint i = 0; all[i] != NULL; i++)
    if (all[i]->channel == RL_CHANNEL_EMAIL)
      {
        gtk_string_list_append (names, all[i]->name);
        g_ptr_array_add (p->provider_ids, (gpointer) all[i]->id);
      }
  adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (names));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), _("Provider"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (combo), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Provider"), -1);
  g_signal_connect (combo, "notify::selected", G_CALLBACK (on_provider_changed_cb), p);
  adw_preferences_group_add (relay, combo);
  p->provider = ADW_COMBO_ROW (combo);
  for (int i = RL_PREFS_FROM; i < RL_PREFS_N_RELAY; i++)
    p->relay_rows[i] = entry_row (relay, titles[i]);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (key), _("API key"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (key), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("API key"), -1);
  g_signal_connect (key, "entry-activated", G_CALLBACK (on_key_apply_cb), p);
  button = rl_gui_button_new (_("_Keep"), _("Keep the key in the keyring"),
                              G_CALLBACK (on_key_keep_cb), p);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (key), button);
  adw_preferences_group_add (relay, key);
  p->key = ADW_PASSWORD_ENTRY_ROW (key);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (state), _("Key in the keyring"));
  adw_preferences_group_add (relay, state);
  p->key_state = ADW_ACTION_ROW (state);
  p->relay_error = error_label (relay);
  button = rl_gui_button_new (_("_Save"), _("Save the relay settings"), G_CALLBACK (on_relay_save_cb),
                       p);
  gtk_widget_add_css_class (button, "suggested-action");
  adw_preferences_group_set_header_suffix (relay, button);

  p->test_to = entry_row (test, _("Send a test e-mail to"));
  button = rl_gui_button_new (_("Send _Test E-mail"), _("Send a test e-mail"),
                       G_CALLBACK (on_test_clicked_cb), p);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (p->test_to), button);
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Outcome"));
  label = gtk_label_new ("—");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Outcome of the test e-mail"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (test, row);
  p->test_result = GTK_LABEL (label);
}

/* Reminders */

static gboolean
stale_change (RlBook   *book,
              gpointer  data,
              GError  **error)
{
  return rl_prefs_save_stale_days (book, ((Save *) data)->stale_days, error);
}

static void
stale_saved (Prefs        *p,
             const GError *error)
{
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Not saved: %s"), error->message);

      toast (p, text);
    }
}

static void
on_stale_changed_cb (GtkSpinButton *spin,
                     Prefs         *p)
{
  Save *s;

  if (p->loading)
    return;
  s = g_new0 (Save, 1);
  s->stale_days = gtk_spin_button_get_value_as_int (spin);
  save (p, stale_change, s, stale_saved);
}

static void
reminders_page (Prefs *p)
{
  AdwPreferencesPage *page = page_new (p, _("Reminders"), "alarm-symbolic");
  AdwPreferencesGroup *group =
    group_new (page, _("Payment Data"),
               _("Reminders proposed on old payment data may chase a customer who has paid: "
                 "the day’s list warns, and approving asks first"));

  p->stale = spin_row (group, _("Warn after"), _("Days since the last import of payments"), 1,
                       RL_STALE_DAYS_MAX, 1, 0);
  g_signal_connect (p->stale, "value-changed", G_CALLBACK (on_stale_changed_cb), p);
}

/* Puts the book's values in the window. */
static void
fill (Prefs *p)
{
  RlPrefs *prefs = p->prefs;
  RlLetterSettings *l = prefs->letters;

  p->loading = TRUE;
  for (guint i = 0; i < N_COMPANY_FIELDS; i++)
    set_entry (p->company_rows[i],
               G_STRUCT_MEMBER (char *, prefs->company, company_fields[i].offset));
  set_entry (p->signatory, l->signatory);
  set_entry (p->signatory_title, l->signatory_title);
  for (int i = 0; i < 2; i++)
    {
      GBytes *image = i == 0 ? l->logo : l->signature;

      g_clear_pointer (&p->images[i], g_bytes_unref);
      p->images[i] = image != NULL ? g_bytes_ref (image) : NULL;
      show_image_state (p, i);
    }
  for (guint i = 0; i < G_N_ELEMENTS (envelope_keys); i++)
    if (g_strcmp0 (l->envelope, envelope_keys[i]) == 0)
      adw_combo_row_set_selected (p->envelope, i);
  gtk_spin_button_set_value (p->offsets[0], l->offset_x_dmm / 10.0);
  gtk_spin_button_set_value (p->offsets[1], l->offset_y_dmm / 10.0);
  for (guint i = 0; i < p->provider_ids->len; i++)
    if (g_strcmp0 (prefs->relay[RL_PREFS_PROVIDER], p->provider_ids->pdata[i]) == 0)
      adw_combo_row_set_selected (p->provider, i);
  for (int i = RL_PREFS_FROM; i < RL_PREFS_N_RELAY; i++)
    set_entry (p->relay_rows[i], prefs->relay[i]);
  gtk_spin_button_set_value (p->stale, prefs->stale_days);
  show_key_state (p);
  p->loading = FALSE;
}

/* Opens the preferences of the book at @book_path, over the window of @from. */
void
rl_preferences_show (GtkWidget  *from,
                     const char *book_path)
{
  Prefs *p = g_new0 (Prefs, 1);

  p->window = ADW_PREFERENCES_WINDOW (adw_preferences_window_new ());
  p->book_path = g_strdup (book_path);
  p->from = from;
  g_object_add_weak_pointer (G_OBJECT (from), (gpointer *) &p->from);
  p->provider_ids = g_ptr_array_new ();
  g_object_set_data_full (G_OBJECT (p->window), "prefs", p, (GDestroyNotify) prefs_free);
  gtk_window_set_transient_for (GTK_WINDOW (p->window),
                                GTK_WINDOW (gtk_widget_get_root (from)));
  gtk_window_set_modal (GTK_WINDOW (p->window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (p->window), 640, 720);
  adw_preferences_window_set_search_enabled (p->window, FALSE);
  company_page (p);
  letters_page (p);
  sending_page (p);
  reminders_page (p);
  p->loading = TRUE;
  reload (p);
  gtk_window_present (GTK_WINDOW (p->window));
}
