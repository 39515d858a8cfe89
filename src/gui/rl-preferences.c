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
#include "rl-prefs-private.h"
#include "rl-send-dialog.h"
#include "rl-sms.h"

static const char * const relay_keys[RL_PREFS_N_RELAY] = {
  RL_SETTING_EMAIL_PROVIDER, RL_SETTING_FROM, RL_SETTING_REPLY_TO, RL_SETTING_EMAIL_BASE_URL,
};

static const char * const sms_keys[RL_PREFS_N_SMS] = {
  RL_SETTING_SMS_PROVIDER, RL_SETTING_SMS_SENDER, RL_SETTING_SMS_BASE_URL,
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
  for (int i = 0; i < RL_PREFS_N_SMS; i++)
    prefs->sms[i] = rl_book_get_setting (book, sms_keys[i]);
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
  for (int i = 0; i < RL_PREFS_N_SMS; i++)
    g_free (prefs->sms[i]);
  g_free (prefs);
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

gboolean
rl_prefs_check_address (const char  *address,
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

static gboolean
check_url (const char  *url,
           GError     **error)
{
  if (!is_blank (url) && !g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://"))
    {
      g_set_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_CONFIG,
                   _("The base URL must start with https://: “%s”"), url);
      return FALSE;
    }
  return TRUE;
}

/* Keeps @values under @keys; an empty value goes back to the default. */
static gboolean
set_settings (RlBook             *book,
              const char * const *keys,
              char * const       *values,
              int                 n,
              GError            **error)
{
  for (int i = 0; i < n; i++)
    if (!rl_book_set_setting (book, keys[i], is_blank (values[i]) ? NULL : values[i], error))
      return FALSE;
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
  if (!rl_prefs_check_address (relay[RL_PREFS_FROM], _("The sender"), error)
      || !rl_prefs_check_address (relay[RL_PREFS_REPLY_TO], _("The reply address"), error)
      || !check_url (url, error))
    return FALSE;
  return set_settings (book, relay_keys, relay, RL_PREFS_N_RELAY, error);
}

/**
 * rl_prefs_save_sms:
 * @sms: (array fixed-size=RL_PREFS_N_SMS): provider id (empty: no SMS), sender name, base URL
 *
 * Checks, then keeps the SMS settings: nothing is kept when one is wrong.
 *
 * Returns: %TRUE, or %FALSE with a message to show
 */
gboolean
rl_prefs_save_sms (RlBook       *book,
                   char * const *sms,
                   GError      **error)
{
  if (!is_blank (sms[RL_PREFS_SMS_PROVIDER])
      && rl_provider_find (sms[RL_PREFS_SMS_PROVIDER], RL_CHANNEL_SMS) == NULL)
    {
      g_set_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_CONFIG,
                   _("“%s” is not an SMS provider (brevo, twilio)"), sms[RL_PREFS_SMS_PROVIDER]);
      return FALSE;
    }
  if ((!is_blank (sms[RL_PREFS_SMS_SENDER]) && !rl_sms_check_sender (sms[RL_PREFS_SMS_SENDER],
                                                                      error))
      || !check_url (sms[RL_PREFS_SMS_BASE_URL], error))
    return FALSE;
  return set_settings (book, sms_keys, sms, RL_PREFS_N_SMS, error);
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

#define N_COMPANY_FIELDS G_N_ELEMENTS (company_fields)

/* The company and reminders pages, built here. */
typedef struct
{
  Prefs          base;
  GtkWidget     *company_rows[N_COMPANY_FIELDS];
  GtkLabel      *company_error;
  GtkSpinButton *stale;
} Window;

static void
window_free (Window *w)
{
  Prefs *p = &w->base;

  if (p->from != NULL)
    g_object_remove_weak_pointer (G_OBJECT (p->from), (gpointer *) &p->from);
  g_free (p->book_path);
  rl_prefs_free (p->prefs);
  g_free (w);
}

Prefs *
_rl_prefs_of (gpointer window)
{
  return g_object_get_data (G_OBJECT (window), "prefs");
}

void
_rl_prefs_toast (Prefs      *p,
                 const char *text)
{
  adw_preferences_window_add_toast (p->window, adw_toast_new (text));
}

void
_rl_prefs_show_error (GtkLabel     *label,
                      const GError *error)
{
  gtk_label_set_text (label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), error != NULL);
}

GtkLabel *
_rl_prefs_error_label (AdwPreferencesGroup *group)
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

const char *
_rl_prefs_entry_text (GtkWidget *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

GtkWidget *
_rl_prefs_entry_row (AdwPreferencesGroup *group,
                     const char          *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  adw_preferences_group_add (group, row);
  return row;
}

void
_rl_prefs_set_entry (GtkWidget  *row,
                     const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

AdwPreferencesGroup *
_rl_prefs_group_new (AdwPreferencesPage *page,
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

AdwPreferencesPage *
_rl_prefs_page_new (Prefs      *p,
                    const char *title,
                    const char *icon)
{
  GtkWidget *page = adw_preferences_page_new ();

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), title);
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), icon);
  adw_preferences_window_add (p->window, ADW_PREFERENCES_PAGE (page));
  return ADW_PREFERENCES_PAGE (page);
}

GtkSpinButton *
_rl_prefs_spin_row (AdwPreferencesGroup *group,
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
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (group, row);
  return GTK_SPIN_BUTTON (spin);
}

AdwComboRow *
_rl_prefs_combo_row (AdwPreferencesGroup *group,
                     const char          *title,
                     const char * const  *items)
{
  GtkWidget *combo = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (items);

  adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (model));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (combo), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  adw_preferences_group_add (group, combo);
  return ADW_COMBO_ROW (combo);
}

/* A row whose value is a selectable label, for what a test or a check says. */
GtkLabel *
_rl_prefs_outcome_row (AdwPreferencesGroup *group,
                       const char          *title,
                       const char          *accessible)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new ("—");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (group, row);
  return GTK_LABEL (label);
}

/* Book work from the window: done in a worker; the callback gets the window back, or is not
 * called at all if the window is gone. */
typedef struct
{
  AdwPreferencesWindow *window;
  gpointer              data;
  GDestroyNotify        data_free;
  RlPrefsDone           done;
  RlPrefsRead           read;
  GDestroyNotify        result_free;
} Work;

static void
work_free (Work *w)
{
  if (w->data_free != NULL && w->data != NULL)
    w->data_free (w->data);
  g_object_unref (w->window);
  g_free (w);
}

static Work *
work_new (Prefs          *p,
          gpointer        data,
          GDestroyNotify  data_free)
{
  Work *w = g_new0 (Work, 1);

  w->window = g_object_ref (p->window);
  w->data = data;
  w->data_free = data_free;
  return w;
}

static void
on_changed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Work *w = user_data;
  g_autoptr(GError) error = NULL;

  rl_book_change_finish (result, &error);
  w->done (_rl_prefs_of (w->window), w->data, error);
  work_free (w);
}

void
_rl_prefs_change (Prefs            *p,
                  RlBookChangeFunc  func,
                  gpointer          data,
                  GDestroyNotify    data_free,
                  RlPrefsDone       done)
{
  Work *w = work_new (p, data, data_free);

  w->done = done;
  rl_book_change_async (p->book_path, func, data, NULL, NULL, on_changed_cb, w);
}

static void
on_read_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Work *w = user_data;
  g_autoptr(GError) error = NULL;
  gpointer value = rl_book_job_finish (result, &error);

  w->read (_rl_prefs_of (w->window), value, error);
  if (value != NULL && w->result_free != NULL)
    w->result_free (value);
  work_free (w);
}

/* Reads the book in a worker; @done gets the result, which is freed after it returns. */
void
_rl_prefs_read (Prefs          *p,
                RlBookJobFunc   func,
                gpointer        data,
                GDestroyNotify  data_free,
                GDestroyNotify  result_free,
                RlPrefsRead     done)
{
  Work *w = work_new (p, data, data_free);

  w->read = done;
  w->result_free = result_free;
  rl_book_job_run_async (p->book_path, func, data, NULL, NULL, NULL, on_read_cb, w);
}

static void fill (Prefs *p);

static void
loaded (Prefs        *p,
        gpointer      result,
        const GError *error)
{
  if (result == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Cannot read the book: %s"), error->message);

      _rl_prefs_toast (p, text);
      return;
    }
  rl_prefs_free (p->prefs);
  p->prefs = result;
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
  /* The result is kept: loaded() takes it. */
  _rl_prefs_read (p, load_job, NULL, NULL, NULL, loaded);
}

/* Company */

static gboolean
company_change (RlBook   *book,
                gpointer  data,
                GError  **error)
{
  return rl_book_set_company (book, data, error);
}

static void
company_saved (Prefs        *p,
               gpointer      data,
               const GError *error)
{
  Window *w = (Window *) p;

  _rl_prefs_show_error (w->company_error, error);
  if (error == NULL)
    {
      _rl_prefs_toast (p, _("Company details saved"));
      reload (p);
      if (p->from != NULL)
        gtk_widget_activate_action (p->from, "win.book-changed", "s", "company");
    }
}

static void
on_company_save_cb (GtkButton *button,
                    Window    *w)
{
  const RlCompany *old = w->base.prefs->company;
  RlCompany *company = rl_company_new ();

  for (guint i = 0; i < N_COMPANY_FIELDS; i++)
    {
      const char *text = _rl_prefs_entry_text (w->company_rows[i]);

      G_STRUCT_MEMBER (char *, company, company_fields[i].offset) =
        *text != '\0' ? g_strstrip (g_strdup (text)) : NULL;
    }
  company->currency = g_strdup (old->currency);
  company->language = g_strdup (old->language);
  company->payment_terms_days = old->payment_terms_days;
  _rl_prefs_change (&w->base, company_change, company, (GDestroyNotify) rl_company_free,
                    company_saved);
}

void
_rl_prefs_company_page (Prefs *p)
{
  Window *w = (Window *) p;
  AdwPreferencesPage *page = _rl_prefs_page_new (p, _("Company"), "emblem-documents-symbolic");
  AdwPreferencesGroup *groups[3];
  GtkWidget *button;

  groups[0] = _rl_prefs_group_new (page, _("Identity"), _("Printed on every letter and e-mail"));
  groups[1] = _rl_prefs_group_new (page, _("Address"), NULL);
  groups[2] = _rl_prefs_group_new (page, _("Bank Details"),
                                   _("Letters carry them with a payment QR code: without a "
                                     "valid IBAN, no letter can be printed"));
  for (guint i = 0; i < N_COMPANY_FIELDS; i++)
    w->company_rows[i] = _rl_prefs_entry_row (groups[company_fields[i].group],
                                              _(company_fields[i].label));
  /* Under the first group, next to its Save button, where it is seen without scrolling. */
  w->company_error = _rl_prefs_error_label (groups[0]);
  button = rl_gui_button_new (_("_Save"), _("Save the company details"),
                              G_CALLBACK (on_company_save_cb), w);
  gtk_widget_add_css_class (button, "suggested-action");
  adw_preferences_group_set_header_suffix (groups[0], button);
}

/* Reminders */

static gboolean
stale_change (RlBook   *book,
              gpointer  data,
              GError  **error)
{
  return rl_prefs_save_stale_days (book, GPOINTER_TO_INT (data), error);
}

static void
stale_saved (Prefs        *p,
             gpointer      data,
             const GError *error)
{
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Not saved: %s"), error->message);

      _rl_prefs_toast (p, text);
    }
}

static void
on_stale_changed_cb (GtkSpinButton *spin,
                     Prefs         *p)
{
  if (p->loading)
    return;
  _rl_prefs_change (p, stale_change, GINT_TO_POINTER (gtk_spin_button_get_value_as_int (spin)),
                    NULL, stale_saved);
}

static void
reminders_page (Prefs *p)
{
  Window *w = (Window *) p;
  AdwPreferencesPage *page = _rl_prefs_page_new (p, _("Reminders"), "alarm-symbolic");
  AdwPreferencesGroup *group =
    _rl_prefs_group_new (page, _("Payment Data"),
                         _("Reminders proposed on old payment data may chase a customer who has "
                           "paid: the day’s list warns, and approving asks first"));

  w->stale = _rl_prefs_spin_row (group, _("Warn after"),
                                 _("Days since the last import of payments"), 1,
                                 RL_STALE_DAYS_MAX, 1, 0);
  g_signal_connect (w->stale, "value-changed", G_CALLBACK (on_stale_changed_cb), p);
}

/* Puts the book's values in the window. */
static void
fill (Prefs *p)
{
  Window *w = (Window *) p;
  RlPrefs *prefs = p->prefs;

  p->loading = TRUE;
  for (guint i = 0; i < N_COMPANY_FIELDS; i++)
    _rl_prefs_set_entry (w->company_rows[i],
                         G_STRUCT_MEMBER (char *, prefs->company, company_fields[i].offset));
  _rl_prefs_letters_fill (p);
  _rl_prefs_sending_fill (p);
  gtk_spin_button_set_value (w->stale, prefs->stale_days);
  p->loading = FALSE;
}

/* Opens the preferences of the book at @book_path, over the window of @from, at the page named
 * @page ("rates") or at the first. */
void
rl_preferences_show (GtkWidget  *from,
                     const char *book_path,
                     const char *page)
{
  Window *w = g_new0 (Window, 1);
  Prefs *p = &w->base;

  p->window = ADW_PREFERENCES_WINDOW (adw_preferences_window_new ());
  p->book_path = g_strdup (book_path);
  p->from = from;
  g_object_add_weak_pointer (G_OBJECT (from), (gpointer *) &p->from);
  g_object_set_data_full (G_OBJECT (p->window), "prefs", w, (GDestroyNotify) window_free);
  gtk_window_set_transient_for (GTK_WINDOW (p->window),
                                GTK_WINDOW (gtk_widget_get_root (from)));
  gtk_window_set_modal (GTK_WINDOW (p->window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (p->window), 720, 760);
  adw_preferences_window_set_search_enabled (p->window, FALSE);
  _rl_prefs_company_page (p);
  _rl_prefs_letters_page (p);
  _rl_prefs_sending_page (p);
  reminders_page (p);
  _rl_prefs_plans_page (p);
  _rl_prefs_templates_page (p);
  _rl_prefs_rates_page (p);
  p->loading = TRUE;
  reload (p);
  if (page != NULL)
    adw_preferences_window_set_visible_page_name (p->window, page);
  gtk_window_present (GTK_WINDOW (p->window));
}
