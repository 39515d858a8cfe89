/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rl-delivery-setup.h"
#include "rl-secret.h"
#include "rl-test-util.h"

/* API keys in a real keyring: a GNOME Keyring started unlocked in a private D-Bus session
 * (tests/keyring-session.sh). With RELANCE_TEST_KEYRING=none the session bus is unreachable
 * and every call must say so clearly. */

static void
test_store_and_lookup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL, *sms = NULL, *other = NULL;

  g_assert_true (rl_secret_store_key ("brevo", RL_CHANNEL_EMAIL, "xkeysib-first", &error));
  g_assert_no_error (error);
  g_assert_true (rl_secret_store_key ("brevo", RL_CHANNEL_EMAIL, "xkeysib-second", &error));
  g_assert_true (rl_secret_store_key ("brevo", RL_CHANNEL_SMS, "xkeysib-sms", &error));
  g_assert_no_error (error);

  key = rl_secret_lookup_key ("brevo", RL_CHANNEL_EMAIL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "xkeysib-second");
  sms = rl_secret_lookup_key ("brevo", RL_CHANNEL_SMS, &error);
  g_assert_cmpstr (sms, ==, "xkeysib-sms");

  other = rl_secret_lookup_key ("postmark", RL_CHANNEL_EMAIL, &error);
  g_assert_null (other);
  g_assert_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_NO_KEY);
  g_clear_error (&error);

  g_assert_true (rl_secret_clear_key ("brevo", RL_CHANNEL_SMS, &error));
  g_assert_no_error (error);
  g_assert_null (rl_secret_lookup_key ("brevo", RL_CHANNEL_SMS, &error));
  g_assert_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_NO_KEY);
}

/* A dispatcher set up from the book reads the key from the keyring when none is given. */
static void
test_dispatcher_key (RlTestBook    *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlDispatcher) with_key = NULL;
  g_autoptr(RlDispatcher) none = NULL;

  g_assert_true (rl_book_set_setting (f->book, RL_SETTING_EMAIL_PROVIDER, "mailgun", NULL));
  none = rl_delivery_dispatcher (f->book, NULL, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_NO_KEY);
  g_clear_error (&error);

  g_assert_true (rl_secret_store_key ("mailgun", RL_CHANNEL_EMAIL, "key-123", &error));
  with_key = rl_delivery_dispatcher (f->book, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (with_key);

  /* An SMS provider without its key: a test e-mail still has its dispatcher. */
  g_assert_true (rl_book_set_setting (f->book, RL_SETTING_SMS_PROVIDER, "brevo", NULL));
  g_assert_null (rl_delivery_dispatcher (f->book, NULL, NULL, &error));
  g_assert_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_NO_KEY);
  g_clear_error (&error);
  g_clear_object (&with_key);
  with_key = rl_delivery_dispatcher_for_channel (f->book, RL_CHANNEL_EMAIL, "key-123", &error);
  g_assert_no_error (error);
  g_assert_nonnull (with_key);
}

/* The asynchronous calls the preferences use: store, look up, remove, and the same errors. */
static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_async (void)
{
  static const struct
  {
    const char *store;      /* NULL or "": remove the key */
    const char *lookup;     /* what is found after; NULL: none */
  } cases[] = {
    { "sk-first", "sk-first" }, { "sk-second", "sk-second" }, { "", NULL }, { NULL, NULL },
    { "sk-again", "sk-again" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GAsyncResult) stored = NULL, found = NULL;
      g_autofree char *key = NULL;

      rl_secret_store_key_async ("twilio", RL_CHANNEL_SMS, cases[i].store, NULL, on_done_cb,
                                 &stored);
      g_assert_true (rl_secret_store_key_finish (wait_for (&stored), &error));
      g_assert_no_error (error);
      rl_secret_lookup_key_async ("twilio", RL_CHANNEL_SMS, NULL, on_done_cb, &found);
      key = rl_secret_lookup_key_finish (wait_for (&found), &error);
      g_assert_cmpstr (key, ==, cases[i].lookup);
      if (cases[i].lookup == NULL)
        g_assert_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_NO_KEY);
      else
        g_assert_no_error (error);
    }
}

static void
test_no_service_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) stored = NULL, found = NULL;

  rl_secret_store_key_async ("brevo", RL_CHANNEL_EMAIL, "k", NULL, on_done_cb, &stored);
  g_assert_false (rl_secret_store_key_finish (wait_for (&stored), &error));
  g_assert_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_NO_SECRET_SERVICE);
  g_clear_error (&error);
  rl_secret_lookup_key_async ("brevo", RL_CHANNEL_EMAIL, NULL, on_done_cb, &found);
  g_assert_null (rl_secret_lookup_key_finish (wait_for (&found), &error));
  g_assert_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_NO_SECRET_SERVICE);
}

static void
test_no_service (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (rl_secret_store_key ("brevo", RL_CHANNEL_EMAIL, "k", &error));
  g_assert_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_NO_SECRET_SERVICE);
  g_assert_nonnull (strstr (error->message, "RELANCE_RELAY_KEY"));
  g_clear_error (&error);
  g_assert_null (rl_secret_lookup_key ("brevo", RL_CHANNEL_EMAIL, &error));
  g_assert_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_NO_SECRET_SERVICE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (g_strcmp0 (g_getenv ("RELANCE_TEST_KEYRING"), "none") == 0)
    {
      g_test_add_func ("/relance/secret/no-service", test_no_service);
      g_test_add_func ("/relance/secret/no-service-async", test_no_service_async);
    }
  else
    {
      g_test_add_func ("/relance/secret/async", test_async);
      g_test_add_func ("/relance/secret/store-and-lookup", test_store_and_lookup);
      g_test_add ("/relance/secret/dispatcher-key", RlTestBook, NULL, rl_test_book_set_up,
                  test_dispatcher_key, rl_test_book_tear_down);
    }
  return g_test_run ();
}
