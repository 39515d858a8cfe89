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
    g_test_add_func ("/relance/secret/no-service", test_no_service);
  else
    {
      g_test_add_func ("/relance/secret/store-and-lookup", test_store_and_lookup);
      g_test_add ("/relance/secret/dispatcher-key", RlTestBook, NULL, rl_test_book_set_up,
                  test_dispatcher_key, rl_test_book_tear_down);
    }
  return g_test_run ();
}
