/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-prefs-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rl-delivery-setup.h"
#include "rl-dispatch-thread.h"
#include "rl-error.h"
#include "rl-gui-widgets.h"
#include "rl-provider.h"
#include "rl-secret.h"
#include "rl-send-dialog.h"
#include "rl-sms.h"

/* The Sending page of the preferences: the e-mail relay and the SMS provider, each with its
 * key in the keyring (asked without blocking), and a test message to an address or a number
 * the user types. */

typedef struct
{
  Prefs               *p;
  RlChannel            channel;
  AdwComboRow         *provider;
  GPtrArray           *ids;          /* the combo's providers; NULL: none (SMS only) */
  GtkWidget           *rows[RL_PREFS_N_RELAY];
  AdwPasswordEntryRow *key;
  AdwActionRow        *key_state;
  GtkLabel            *error;
  GtkWidget           *test_to;
  GtkLabel            *test_result;
} Relay;

typedef struct
{
  Relay relays[2];     /* e-mail, SMS */
} Sending;

static void
sending_free (Sending *s)
{
  for (int i = 0; i < 2; i++)
    g_ptr_array_unref (s->relays[i].ids);
  g_free (s);
}

static Relay *
relay_of (gpointer  window,
          RlChannel channel)
{
  Sending *s = g_object_get_data (G_OBJECT (window), "sending");

  return &s->relays[channel == RL_CHANNEL_SMS];
}

static gboolean
is_sms (Relay *r)
{
  return r->channel == RL_CHANNEL_SMS;
}

/* The chosen provider's id, or NULL when SMS are not sent. */
static const char *
provider_id (Relay *r)
{
  guint i = adw_combo_row_get_selected (r->provider);

  if (i < r->ids->len)
    return g_ptr_array_index (r->ids, i);
  return is_sms (r) ? NULL : g_ptr_array_index (r->ids, 0);
}

/* The key's state, asked of the keyring without blocking. */
typedef struct
{
  AdwPreferencesWindow *window;
  RlChannel             channel;
} Asking;

static Asking *
asking_new (Relay *r)
{
  Asking *a = g_new0 (Asking, 1);

  a->window = g_object_ref (r->p->window);
  a->channel = r->channel;
  return a;
}

static void
asking_free (Asking *a)
{
  g_object_unref (a->window);
  g_free (a);
}

static void
on_key_state_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Asking *a = user_data;
  Relay *r = relay_of (a->window, a->channel);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = rl_secret_lookup_key_finish (result, &error);

  if (key != NULL)
    {
      memset (key, 0, strlen (key));
      adw_action_row_set_subtitle (r->key_state, _("In the keyring"));
    }
  else
    adw_action_row_set_subtitle (r->key_state,
                                 g_error_matches (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_NO_KEY)
                                 ? _("Missing: messages cannot be sent")
                                 : _("The keyring cannot be reached"));
  asking_free (a);
}

static void
show_key_state (Relay *r)
{
  const char *id = provider_id (r);

  if (id == NULL)
    {
      adw_action_row_set_subtitle (r->key_state, _("No SMS are sent"));
      return;
    }
  adw_action_row_set_subtitle (r->key_state, "…");
  rl_secret_lookup_key_async (id, r->channel, NULL, on_key_state_cb, asking_new (r));
}

static void
on_key_stored_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Asking *a = user_data;
  Relay *r = relay_of (a->window, a->channel);
  g_autoptr(GError) error = NULL;

  rl_secret_store_key_finish (result, &error);
  _rl_prefs_show_error (r->error, error);
  if (error == NULL)
    _rl_prefs_toast (r->p, _("API key kept in the keyring"));
  show_key_state (r);
  asking_free (a);
}

static void
on_key_apply_cb (AdwEntryRow *row,
                 Relay       *r)
{
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (provider_id (r) == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_CONFIG,
                                                     _("Choose an SMS provider first, and save."));

      _rl_prefs_show_error (r->error, error);
      return;
    }
  rl_secret_store_key_async (provider_id (r), r->channel, key, NULL, on_key_stored_cb,
                             asking_new (r));
  memset (key, 0, strlen (key));
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
on_key_keep_cb (GtkButton *button,
                Relay     *r)
{
  on_key_apply_cb (ADW_ENTRY_ROW (r->key), r);
}

static void
on_provider_changed_cb (AdwComboRow *row,
                        GParamSpec  *pspec,
                        Relay       *r)
{
  if (!r->p->loading)
    show_key_state (r);
}

/* Saving the settings */

typedef struct
{
  RlChannel  channel;
  char      *values[RL_PREFS_N_RELAY];
} RelaySave;

static void
relay_save_free (RelaySave *s)
{
  for (int i = 0; i < RL_PREFS_N_RELAY; i++)
    g_free (s->values[i]);
  g_free (s);
}

static gboolean
relay_change (RlBook   *book,
              gpointer  data,
              GError  **error)
{
  RelaySave *s = data;

  return s->channel == RL_CHANNEL_SMS ? rl_prefs_save_sms (book, s->values, error)
                                      : rl_prefs_save_relay (book, s->values, error);
}

static void
relay_saved (Prefs        *p,
             gpointer      data,
             const GError *error)
{
  Relay *r = relay_of (p->window, ((RelaySave *) data)->channel);

  _rl_prefs_show_error (r->error, error);
  if (error == NULL)
    _rl_prefs_toast (p, is_sms (r) ? _("SMS settings saved") : _("Relay settings saved"));
}

static void
on_relay_save_cb (GtkButton *button,
                  Relay     *r)
{
  RelaySave *s = g_new0 (RelaySave, 1);

  s->channel = r->channel;
  s->values[0] = g_strdup (provider_id (r));
  for (int i = 1; i < RL_PREFS_N_RELAY; i++)
    if (r->rows[i] != NULL)
      s->values[i] = g_strstrip (g_strdup (_rl_prefs_entry_text (r->rows[i])));
  _rl_prefs_change (r->p, relay_change, s, (GDestroyNotify) relay_save_free, relay_saved);
}

/* The test message: the key from the keyring, then a dispatcher of its own in a worker
 * thread, which reads the book's settings and company (rl-dispatch-thread.c). */
typedef struct
{
  AdwPreferencesWindow *window;
  RlChannel             channel;
  char                 *to;
  char                 *key;
  RlDispatchThread     *thread;
} TestSend;

static void
test_send_free (TestSend *t)
{
  g_clear_object (&t->thread);
  g_object_unref (t->window);
  if (t->key != NULL)
    memset (t->key, 0, strlen (t->key));
  g_free (t->key);
  g_free (t->to);
  g_free (t);
}

static void
on_test_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TestSend *t = user_data;
  Relay *r = relay_of (t->window, t->channel);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = rl_dispatch_thread_send_finish (t->thread, result, &error);

  if (results != NULL && results->len > 0)
    {
      g_autofree char *text = rl_send_outcome_text (g_ptr_array_index (results, 0));

      gtk_label_set_text (r->test_result, text);
    }
  else if (error != NULL)
    {
      gboolean fixable;
      g_autofree char *text = rl_send_setup_problem (error, &fixable);

      gtk_label_set_text (r->test_result, text);
    }
  else
    gtk_label_set_text (r->test_result, _("Not sent"));
  test_send_free (t);
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

/* In the worker thread. */
static RlMessage *
test_message (RlBook      *book,
              gpointer     data,
              GError     **error)
{
  TestSend *t = data;
  RlChannel channel = t->channel;
  const char *to = t->to;
  g_autoptr(RlCompany) company = rl_book_get_company (book, error);
  g_autoptr(RlMessage) m = NULL;
  g_autofree char *body = NULL;

  if (company == NULL)
    return NULL;
  m = rl_message_new ();
  m->channel = channel;
  m->to = g_new0 (char *, 2);
  m->to[0] = g_strdup (to);
  m->correlation = g_strdup_printf ("test:%s", to);
  if (channel == RL_CHANNEL_SMS)
    {
      m->sms_sender = rl_book_get_setting (book, RL_SETTING_SMS_SENDER);
      m->text = g_strdup (_("Relance test: your SMS provider works."));
      return g_steal_pointer (&m);
    }
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
  m->subject = g_strdup_printf (_("Test message from Relance — %s"), company->name);
  m->text = g_strdup (_("This message checks that Relance can send e-mails through your relay "
                        "provider. You need not answer it.\n"));
  body = g_markup_escape_text (m->text, -1);
  m->html = rl_message_text_to_html (body, company->language);
  return g_steal_pointer (&m);
}

/* In the worker thread: the chosen channel's provider only, with the key read. */
static RlDispatcher *
test_dispatcher (RlBook   *book,
                 gpointer  data,
                 GError  **error)
{
  TestSend *t = data;

  return rl_delivery_dispatcher_for_channel (book, t->channel, t->key, error);
}

static void
on_test_key_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  TestSend *t = user_data;
  Relay *r = relay_of (t->window, t->channel);
  g_autoptr(GError) error = NULL;

  t->key = rl_secret_lookup_key_finish (result, &error);
  if (t->key == NULL)
    {
      gboolean fixable;
      g_autofree char *text = rl_send_setup_problem (error, &fixable);

      gtk_label_set_text (r->test_result, text);
      test_send_free (t);
      return;
    }
  /* @t lives until the run is over: the worker borrows it. */
  t->thread = rl_dispatch_thread_new (r->p->book_path, test_dispatcher, t, NULL);
  rl_dispatch_thread_send_message_async (t->thread, test_message, t, NULL, NULL,
                                         on_test_sent_cb, t);
}

static void
on_test_clicked_cb (GtkButton *button,
                    Relay     *r)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *to = g_strstrip (g_strdup (_rl_prefs_entry_text (r->test_to)));
  g_autofree char *number = NULL;
  TestSend *t;

  if (provider_id (r) == NULL)
    {
      gtk_label_set_text (r->test_result, _("Choose an SMS provider first, and save."));
      return;
    }
  if (*to == '\0')
    {
      gtk_label_set_text (r->test_result, is_sms (r) ? _("Type the number to send to.")
                                                     : _("Type the address to send to."));
      return;
    }
  if (is_sms (r) ? (number = rl_sms_phone_e164 (to, "FR", &error)) == NULL
                 : !rl_prefs_check_address (to, _("The test address"), &error))
    {
      gtk_label_set_text (r->test_result, error->message);
      return;
    }
  gtk_label_set_text (r->test_result, _("Sending…"));
  t = g_new0 (TestSend, 1);
  t->window = g_object_ref (r->p->window);
  t->channel = r->channel;
  t->to = number != NULL ? g_steal_pointer (&number) : g_steal_pointer (&to);
  rl_secret_lookup_key_async (provider_id (r), r->channel, NULL, on_test_key_cb, t);
}

/* Building the page */

static void
test_rows (Relay               *r,
           AdwPreferencesGroup *test)
{
  gboolean sms = is_sms (r);
  GtkWidget *button;

  r->test_to = _rl_prefs_entry_row (test, sms ? _("Send a test SMS to")
                                              : _("Send a test e-mail to"));
  button = rl_gui_button_new (sms ? _("Send _Test SMS") : _("Send _Test E-mail"),
                              sms ? _("Send a test SMS") : _("Send a test e-mail"),
                              G_CALLBACK (on_test_clicked_cb), r);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (r->test_to), button);
  r->test_result = _rl_prefs_outcome_row (test, _("Outcome"),
                                          sms ? _("Outcome of the test SMS")
                                              : _("Outcome of the test e-mail"));
}

static void
relay_group (Relay              *r,
             AdwPreferencesPage *page)
{
  gboolean sms = is_sms (r);
  const char * const email_titles[RL_PREFS_N_RELAY] = {
    NULL, _("Sender address (the company’s by default)"), _("Reply-to address"),
    _("API base URL (the provider’s by default)"),
  };
  const char * const sms_titles[RL_PREFS_N_RELAY] = {
    NULL, _("SMS sender (a name of 11 letters at most, or a number)"),
    _("SMS API base URL (the provider’s by default)"), NULL,
  };
  const char * const *titles = sms ? sms_titles : email_titles;
  AdwPreferencesGroup *group =
    sms ? _rl_prefs_group_new (page, _("SMS Provider"), _("The service that sends the SMS"))
        : _rl_prefs_group_new (page, _("Relay Provider"), _("The service that sends the e-mails"));
  const RlProvider * const *all = rl_provider_all ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *key = adw_password_entry_row_new ();
  GtkWidget *state = adw_action_row_new ();
  const char *key_title = sms ? _("SMS API key") : _("API key");
  GtkWidget *button;

  r->ids = g_ptr_array_new ();
  for (guint i = 0; all[i] != NULL; i++)
    if (all[i]->channel == r->channel)
      {
        gtk_string_list_append (names, all[i]->name);
        g_ptr_array_add (r->ids, (gpointer) all[i]->id);
      }
  if (sms)
    gtk_string_list_append (names, _("None: no SMS are sent"));
  r->provider = _rl_prefs_combo_row (group, sms ? _("SMS provider") : _("Provider"), NULL);
  adw_combo_row_set_model (r->provider, G_LIST_MODEL (names));
  g_signal_connect (r->provider, "notify::selected", G_CALLBACK (on_provider_changed_cb), r);
  for (int i = 1; i < RL_PREFS_N_RELAY; i++)
    if (titles[i] != NULL)
      r->rows[i] = _rl_prefs_entry_row (group, titles[i]);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (key), key_title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (key), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  key_title, -1);
  g_signal_connect (key, "entry-activated", G_CALLBACK (on_key_apply_cb), r);
  button = rl_gui_button_new (_("_Keep"), sms ? _("Keep the SMS key in the keyring")
                                              : _("Keep the key in the keyring"),
                              G_CALLBACK (on_key_keep_cb), r);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (key), button);
  adw_preferences_group_add (group, key);
  r->key = ADW_PASSWORD_ENTRY_ROW (key);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (state), _("Key in the keyring"));
  adw_preferences_group_add (group, state);
  r->key_state = ADW_ACTION_ROW (state);
  r->error = _rl_prefs_error_label (group);
  button = rl_gui_button_new (_("_Save"), sms ? _("Save the SMS settings")
                                              : _("Save the relay settings"),
                              G_CALLBACK (on_relay_save_cb), r);
  gtk_widget_add_css_class (button, "suggested-action");
  adw_preferences_group_set_header_suffix (group, button);
}

void
_rl_prefs_sending_page (Prefs *p)
{
  Sending *s = g_new0 (Sending, 1);
  AdwPreferencesPage *page = _rl_prefs_page_new (p, _("Sending"), "mail-unread-symbolic");
  AdwPreferencesGroup *test;

  g_object_set_data_full (G_OBJECT (p->window), "sending", s, (GDestroyNotify) sending_free);
  s->relays[0].p = s->relays[1].p = p;
  s->relays[0].channel = RL_CHANNEL_EMAIL;
  s->relays[1].channel = RL_CHANNEL_SMS;
  relay_group (&s->relays[0], page);
  relay_group (&s->relays[1], page);
  test = _rl_prefs_group_new (page, _("Test"), _("With the saved settings"));
  test_rows (&s->relays[0], test);
  test_rows (&s->relays[1], test);
}

static void
fill_relay (Relay        *r,
            char * const *values)
{
  r->p->loading = TRUE;
  adw_combo_row_set_selected (r->provider, is_sms (r) ? r->ids->len : 0);
  for (guint i = 0; i < r->ids->len; i++)
    if (g_strcmp0 (values[0], r->ids->pdata[i]) == 0)
      adw_combo_row_set_selected (r->provider, i);
  for (int i = 1; i < RL_PREFS_N_RELAY; i++)
    if (r->rows[i] != NULL)
      _rl_prefs_set_entry (r->rows[i], values[i]);
  show_key_state (r);
}

void
_rl_prefs_sending_fill (Prefs *p)
{
  RlPrefs *prefs = p->prefs;
  char *sms[RL_PREFS_N_RELAY] = {
    prefs->sms[RL_PREFS_SMS_PROVIDER], prefs->sms[RL_PREFS_SMS_SENDER],
    prefs->sms[RL_PREFS_SMS_BASE_URL], NULL,
  };

  fill_relay (relay_of (p->window, RL_CHANNEL_EMAIL), prefs->relay);
  fill_relay (relay_of (p->window, RL_CHANNEL_SMS), sms);
}
