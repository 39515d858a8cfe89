/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relancectl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "rl-book-outbox.h"
#include "rl-cli.h"
#include "rl-delivery-setup.h"
#include "rl-engine.h"
#include "rl-secret.h"
#include "rl-sms.h"

/* E-mail and SMS out: the relay provider's settings and key, sending the approved actions,
 * the outbox, a test e-mail.
 *
 * Keys never go into the book: "relay --store-key" reads one on standard input and keeps it
 * in the keyring; unattended runs give it in RELANCE_RELAY_KEY (and RELANCE_SMS_KEY). */

#define ENV_EMAIL_KEY "RELANCE_RELAY_KEY"
#define ENV_SMS_KEY "RELANCE_SMS_KEY"

static RlDispatcher *
open_dispatcher (RlBook *book)
{
  g_autoptr(GError) error = NULL;
  RlDispatcher *d = rl_delivery_dispatcher (book, g_getenv (ENV_EMAIL_KEY),
                                            g_getenv (ENV_SMS_KEY), &error);

  if (d == NULL)
    rl_cli_report_error (error);
  return d;
}

/* Reads one line (the key) from standard input. */
static char *
read_key (void)
{
  char buf[1024];

  if (fgets (buf, sizeof buf, stdin) == NULL)
    return NULL;
  g_strstrip (buf);
  return buf[0] != '\0' ? g_strdup (buf) : NULL;
}

static gboolean
store_key (RlBook    *book,
           RlChannel  channel)
{
  g_autofree char *id = rl_delivery_provider_id (book, channel);
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;

  if (id == NULL)
    {
      rl_cli_error (_("choose the SMS provider first (--sms-provider)"));
      return FALSE;
    }
  key = read_key ();
  if (key == NULL)
    {
      rl_cli_error (_("give the API key on standard input"));
      return FALSE;
    }
  if (!rl_secret_store_key (id, channel, key, &error))
    {
      memset (key, 0, strlen (key));
      rl_cli_report_error (error);
      return FALSE;
    }
  memset (key, 0, strlen (key));
  printf (_("The %s key is in the keyring.\n"), id);
  return TRUE;
}

static const char *
key_source (const char *env,
            const char *provider,
            RlChannel   channel)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  if (provider == NULL)
    return "";
  if (g_getenv (env) != NULL && *g_getenv (env) != '\0')
    return env;
  key = rl_secret_lookup_key (provider, channel, &error);
  if (key != NULL)
    {
      memset (key, 0, strlen (key));
      return _("in the keyring");
    }
  return g_error_matches (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_NO_KEY)
         ? _("missing") : _("keyring unavailable");
}

/* One "label   value" line, the values aligned whatever the labels' accents. */
static void
print_row (const char *label,
           const char *value)
{
  glong width = g_utf8_strlen (label, -1);

  printf ("%s%*s %s\n", label, (int) MAX (22 - width, 0), "", value != NULL ? value : "—");
}

static void
print_setting (RlBook     *book,
               const char *label,
               const char *key)
{
  g_autofree char *value = rl_book_get_setting (book, key);

  print_row (label, value);
}

int
rl_cli_relay (RlCli  *cli,
              int     argc,
              char  **argv)
{
  struct { char *value; const char *key; } opts[] = {
    { NULL, RL_SETTING_EMAIL_PROVIDER }, { NULL, RL_SETTING_EMAIL_BASE_URL },
    { NULL, RL_SETTING_EMAIL_ACCOUNT }, { NULL, RL_SETTING_SMS_PROVIDER },
    { NULL, RL_SETTING_SMS_BASE_URL }, { NULL, RL_SETTING_SMS_SENDER },
    { NULL, RL_SETTING_FROM }, { NULL, RL_SETTING_REPLY_TO }, { NULL, RL_SETTING_RATE },
    { NULL, RL_SETTING_MAX_ATTEMPTS }, { NULL, RL_SETTING_RETRY_DELAY_MS },
    { NULL, RL_SETTING_TIMEOUT },
  };
  gboolean store = FALSE, store_sms = FALSE;
  GOptionEntry entries[] = {
    { "provider", 0, 0, G_OPTION_ARG_STRING, &opts[0].value,
      N_("E-mail provider: brevo, mailjet, sendgrid, postmark or mailgun"), N_("NAME") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &opts[1].value,
      N_("The e-mail provider’s API address, if not its usual one"), N_("URL") },
    { "account", 0, 0, G_OPTION_ARG_STRING, &opts[2].value,
      N_("Mailgun: the sending domain"), N_("DOMAIN") },
    { "sms-provider", 0, 0, G_OPTION_ARG_STRING, &opts[3].value,
      N_("SMS provider: brevo or twilio"), N_("NAME") },
    { "sms-base-url", 0, 0, G_OPTION_ARG_STRING, &opts[4].value,
      N_("The SMS provider’s API address, if not its usual one"), N_("URL") },
    { "sms-sender", 0, 0, G_OPTION_ARG_STRING, &opts[5].value,
      N_("The SMS sender: up to 11 letters and digits, or a number"), N_("NAME") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &opts[6].value,
      N_("The address e-mails come from (the company’s)"), N_("ADDRESS") },
    { "reply-to", 0, 0, G_OPTION_ARG_STRING, &opts[7].value,
      N_("The address replies go to"), N_("ADDRESS") },
    { "rate", 0, 0, G_OPTION_ARG_STRING, &opts[8].value,
      N_("Requests per second at most"), N_("N") },
    { "max-attempts", 0, 0, G_OPTION_ARG_STRING, &opts[9].value,
      N_("Requests per message at most"), N_("N") },
    { "retry-delay", 0, 0, G_OPTION_ARG_STRING, &opts[10].value,
      N_("The wait after a first failure, in milliseconds, doubled after each"), N_("MS") },
    { "timeout", 0, 0, G_OPTION_ARG_STRING, &opts[11].value,
      N_("Seconds to connect, and to wait for each read or write"), N_("SECONDS") },
    { "store-key", 0, 0, G_OPTION_ARG_NONE, &store,
      N_("Keep the e-mail provider’s API key, read on standard input, in the keyring"), NULL },
    { "store-sms-key", 0, 0, G_OPTION_ARG_NONE, &store_sms,
      N_("Keep the SMS provider’s API key, read on standard input, in the keyring"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (NULL, _("Show or set the relay provider that sends e-mails and SMS. An empty "
                            "value (--base-url '') goes back to the default."), entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *email_id = NULL, *sms_id = NULL;
  gboolean changed = FALSE, ok = TRUE;

  if (!rl_cli_parse (context, &argc, &argv) || !rl_cli_no_arguments (argc, argv))
    {
      for (guint i = 0; i < G_N_ELEMENTS (opts); i++)
        g_free (opts[i].value);
      return RL_EXIT_USAGE;
    }
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;

  if (opts[0].value != NULL && *opts[0].value != '\0' && rl_provider_find (opts[0].value, RL_CHANNEL_EMAIL) == NULL)
    {
      rl_cli_error (_("“%s” is not an e-mail provider (brevo, mailjet, sendgrid, postmark, "
                      "mailgun)"), opts[0].value);
      ok = FALSE;
    }
  if (opts[3].value != NULL && *opts[3].value != '\0' && rl_provider_find (opts[3].value, RL_CHANNEL_SMS) == NULL)
    {
      rl_cli_error (_("“%s” is not an SMS provider (brevo, twilio)"), opts[3].value);
      ok = FALSE;
    }
  if (ok && opts[5].value != NULL && *opts[5].value != '\0')
    ok = rl_sms_check_sender (opts[5].value, &error);
  ok = ok && rl_book_begin (book, &error);
  for (guint i = 0; i < G_N_ELEMENTS (opts); i++)
    {
      if (ok && opts[i].value != NULL)
        {
          ok = rl_book_set_setting (book, opts[i].key, *opts[i].value != '\0' ? opts[i].value
                                                                               : NULL, &error);
          changed = TRUE;
        }
      g_free (opts[i].value);
    }
  if (rl_cli_commit_or_report (book, ok, g_steal_pointer (&error)) != RL_EXIT_OK)
    return RL_EXIT_FAILURE;
  if ((store && !store_key (book, RL_CHANNEL_EMAIL))
      || (store_sms && !store_key (book, RL_CHANNEL_SMS)))
    return RL_EXIT_FAILURE;
  if (changed || store || store_sms)
    return RL_EXIT_OK;

  email_id = rl_delivery_provider_id (book, RL_CHANNEL_EMAIL);
  sms_id = rl_delivery_provider_id (book, RL_CHANNEL_SMS);
  print_row (_("E-mail provider"), email_id);
  print_setting (book, _("Base URL"), RL_SETTING_EMAIL_BASE_URL);
  print_setting (book, _("Account"), RL_SETTING_EMAIL_ACCOUNT);
  print_row (_("API key"), key_source (ENV_EMAIL_KEY, email_id, RL_CHANNEL_EMAIL));
  print_setting (book, _("From"), RL_SETTING_FROM);
  print_setting (book, _("Reply-To"), RL_SETTING_REPLY_TO);
  print_row (_("SMS provider"), sms_id);
  if (sms_id != NULL)
    {
      print_setting (book, _("SMS base URL"), RL_SETTING_SMS_BASE_URL);
      print_setting (book, _("SMS sender"), RL_SETTING_SMS_SENDER);
      print_row (_("SMS API key"), key_source (ENV_SMS_KEY, sms_id, RL_CHANNEL_SMS));
    }
  return RL_EXIT_OK;
}

static const char *
result_word (RlActionState state)
{
  switch (state)
    {
    case RL_ACTION_DONE:
      return _("sent");
    case RL_ACTION_IN_DOUBT:
      return _("in doubt");
    case RL_ACTION_FAILED:
    default:
      return _("failed");
    }
}

static int
print_results (GPtrArray *results)
{
  guint counts[3] = { 0 };

  for (guint i = 0; i < results->len; i++)
    {
      RlDispatchResult *r = g_ptr_array_index (results, i);
      const char *word = result_word (r->state);

      if (r->action_id > 0)
        printf ("#%-6lld ", (long long) r->action_id);
      if (r->state == RL_ACTION_DONE)
        {
          printf ("%s (%s)\n", word, r->message_id != NULL ? r->message_id : "—");
          counts[0]++;
        }
      else
        {
          printf ("%s: %s\n", word, r->error);
          counts[r->state == RL_ACTION_IN_DOUBT ? 1 : 2]++;
        }
    }
  printf (_("Sent: %u, in doubt: %u, failed: %u\n"), counts[0], counts[1], counts[2]);
  if (counts[1] > 0)
    printf ("%s\n", _("A message in doubt may have left: check with the provider, then mark it "
                      "done or cancel it. It is never resent by itself."));
  return counts[1] + counts[2] > 0 ? RL_EXIT_FAILURE : RL_EXIT_OK;
}

int
rl_cli_send (RlCli  *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *as_of_text = NULL;
  GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, N_("The day of the messages (today)"),
      N_("DATE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (_("[ACTION-ID…]"),
                    _("Send the approved e-mails and SMS (all of them, or those given) through "
                      "the relay provider."), entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(RlDispatcher) dispatcher = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  RlDay as_of;

  if (!rl_cli_parse (context, &argc, &argv) || !rl_cli_parse_as_of (as_of_text, &as_of))
    return RL_EXIT_USAGE;
  if (argc > 1)
    {
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (int i = 1; i < argc; i++)
        {
          gint64 id;

          if (!rl_cli_parse_action_id (argv[i], &id))
            return RL_EXIT_USAGE;
          g_array_append_val (ids, id);
        }
    }
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  dispatcher = open_dispatcher (book);
  if (dispatcher == NULL)
    return RL_EXIT_FAILURE;
  rl_dispatcher_set_as_of (dispatcher, as_of);
  results = rl_dispatcher_send_sync (dispatcher, ids, NULL, &error);
  if (results == NULL)
    return rl_cli_report_error (error);
  return print_results (results);
}

static void
json_item (JsonBuilder        *b,
           const RlOutboxItem *it)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, it->action_id);
  rl_cli_json_string (b, "customer", it->customer_code);
  rl_cli_json_string (b, "channel", rl_channel_to_string (it->channel));
  rl_cli_json_string (b, "state", rl_action_state_to_string (it->state));
  json_builder_set_member_name (b, "attempts");
  json_builder_add_int_value (b, it->attempts);
  rl_cli_json_string (b, "provider", it->provider);
  rl_cli_json_string (b, "provider_message_id", it->provider_message_id);
  rl_cli_json_string (b, "sent_at", it->sent_at);
  rl_cli_json_string (b, "state_changed_at", it->state_changed_at);
  rl_cli_json_string (b, "reason", it->reason);
  json_builder_end_object (b);
}

int
rl_cli_outbox (RlCli  *cli,
               int     argc,
               char  **argv)
{
  gboolean all = FALSE, json = FALSE;
  GOptionEntry entries[] = {
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_("Also the messages already sent"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Write JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (NULL, _("List the e-mails and SMS waiting to be sent, being sent, in doubt or "
                            "failed."), entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(RlCliTable) t = NULL;

  if (!rl_cli_parse (context, &argc, &argv) || !rl_cli_no_arguments (argc, argv))
    return RL_EXIT_USAGE;
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  items = rl_book_list_outbox (book, all, &error);
  if (items == NULL)
    return rl_cli_report_error (error);
  if (json)
    {
      b = json_builder_new ();
      json_builder_begin_array (b);
      for (guint i = 0; i < items->len; i++)
        json_item (b, g_ptr_array_index (items, i));
      json_builder_end_array (b);
      rl_cli_print_json (b);
      return RL_EXIT_OK;
    }
  t = rl_cli_table_new (6, _("ID"), _("Customer"), _("Channel"), _("State"), _("Attempts"),
                        _("Provider: message or reason"));
  rl_cli_table_right (t, 0);
  rl_cli_table_right (t, 4);
  for (guint i = 0; i < items->len; i++)
    {
      RlOutboxItem *it = g_ptr_array_index (items, i);
      g_autofree char *id = g_strdup_printf ("%lld", (long long) it->action_id);
      g_autofree char *n = g_strdup_printf ("%u", it->attempts);
      g_autofree char *what = g_strdup_printf ("%s%s%s", it->provider ? it->provider : "",
                                               it->provider ? ": " : "",
                                               it->provider_message_id ? it->provider_message_id
                                               : it->reason ? it->reason : "");

      rl_cli_table_add (t, id, it->customer_code, rl_channel_label (it->channel),
                        rl_action_state_label (it->state), n, what);
    }
  rl_cli_table_print (t);
  printf (ngettext ("%u message\n", "%u messages\n", items->len), items->len);
  return RL_EXIT_OK;
}

int
rl_cli_test_email (RlCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr(GOptionContext) context =
    rl_cli_context (_("ADDRESS"), _("Send a sample e-mail through the relay provider."), NULL);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(RlDispatcher) dispatcher = NULL;
  g_autoptr(RlCompany) company = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  RlMessage *m;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (argc != 2 || strchr (argv[1], '@') == NULL)
    {
      rl_cli_error (_("give one e-mail address"));
      return RL_EXIT_USAGE;
    }
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  company = rl_book_get_company (book, &error);
  if (company == NULL)
    return rl_cli_report_error (error);
  dispatcher = open_dispatcher (book);
  if (dispatcher == NULL)
    return RL_EXIT_FAILURE;

  m = rl_message_new ();
  m->channel = RL_CHANNEL_EMAIL;
  m->from_address = rl_book_get_setting (book, RL_SETTING_FROM);
  if (m->from_address == NULL)
    m->from_address = g_strdup (company->email);
  if (m->from_address == NULL || *m->from_address == '\0')
    {
      rl_message_free (m);
      rl_cli_error (_("the company has no e-mail address to send from"));
      return RL_EXIT_FAILURE;
    }
  m->from_name = g_strdup (company->name);
  m->reply_to = rl_book_get_setting (book, RL_SETTING_REPLY_TO);
  m->to = g_new0 (char *, 2);
  m->to[0] = g_strdup (argv[1]);
  m->subject = g_strdup_printf (_("Test message from Relance — %s"), company->name);
  m->text = g_strdup (_("This message checks that Relance can send e-mails through your relay "
                        "provider. You need not answer it.\n"));
  body = g_markup_escape_text (m->text, -1);
  m->html = rl_message_text_to_html (body, company->language);
  m->correlation = g_strdup_printf ("test:%s", argv[1]);
  results = rl_dispatcher_send_sync (dispatcher, NULL, m, &error);
  if (results == NULL)
    return rl_cli_report_error (error);
  return print_results (results);
}
