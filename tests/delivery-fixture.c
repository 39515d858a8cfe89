/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "delivery-fixture.h"

#include "rl-engine.h"

/* A book with customers on the "usual" plan, invoices due on 10 December 2025; the run of
 * 7 December proposes their courtesy e-mails, approved at once. Customers on an SMS plan get
 * an SMS instead. */

#define day rl_test_day

GBytes *
attachment_cb (RlBook    *book,
               gint64     action_id,
               char     **out_name,
               gpointer   data,
               GError   **error)
{
  *out_name = g_strdup_printf ("relance-%lld.pdf", (long long) action_id);
  return g_bytes_ref (data);
}

static gint64
add_customer (RlBook     *book,
              const char *code,
              const char *name,
              const char *plan_key)
{
  g_autoptr(RlCustomer) c = rl_customer_new ();
  g_autoptr(RlContact) contact = rl_contact_new ();
  g_autoptr(RlPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  c->code = g_strdup (code);
  c->name = g_strdup (name);
  c->language = g_strdup ("fr");
  c->phone = g_strdup ("06 12 34 56 78");
  g_assert_true (rl_book_upsert_customer (book, c, 0, NULL, &error));
  g_assert_no_error (error);
  contact->customer_id = c->id;
  contact->name = g_strdup ("Mme <Martin> & fils");
  contact->email = g_strdup_printf ("%s@client.example", code);
  contact->is_primary = TRUE;
  g_assert_true (rl_book_add_contact (book, contact, &error));
  g_assert_true (rl_book_begin (book, NULL));
  plan = rl_book_find_plan (book, plan_key, NULL);
  g_assert_nonnull (plan);
  g_assert_true (rl_book_set_customer_plan (book, c->id, plan->id, NULL));
  g_assert_true (rl_book_commit (book, NULL));
  return c->id;
}

/* Makes @n customers (half of them on SMS if @sms) and runs the engine: @n approved actions. */
/* No payments were ever imported: a run asks for someone's approval, given here. */
void
approve_new (RlBook      *book,
             RlRunReport *report)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < report->new_actions->len; i++)
    {
      const RlAction *a = g_ptr_array_index (report->new_actions, i);

      g_assert_true (a->stale_data);
      g_assert_true (rl_book_set_action_state (book, a->id, RL_ACTION_APPROVED, NULL,
                                               RL_DAY_NONE, &error));
      g_assert_no_error (error);
    }
}

void
make_actions (Fixture  *f,
              guint     n,
              gboolean  sms)
{
  RlBook *book = f->tb.book;
  g_autoptr(RlRunReport) report = NULL;
  g_autoptr(GError) error = NULL;

  if (sms)
    {
      g_assert_true (rl_book_begin (book, NULL));
      g_assert_cmpint (rl_book_create_plan (book, "sms", "SMS", 0, NULL, &error), >, 0);
      g_assert_no_error (error);
      g_assert_cmpint (rl_book_add_step (book, rl_book_find_plan (book, "sms", NULL)->id, -3,
                                         RL_CHANNEL_SMS, "sms", FALSE, FALSE, 0, &error), >, 0);
      g_assert_no_error (error);
      g_assert_true (rl_book_commit (book, NULL));
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *code = g_strdup_printf ("C%02u", i + 1);
      g_autofree char *number = g_strdup_printf ("FA-%03u", i + 1);
      gint64 id = add_customer (book, code, "Boulangerie <Martin> & Fils", sms ? "sms" : "usual");

      rl_test_add_invoice (book, id, number, "2025-12-10", 120000 + i);
    }
  g_assert_true (rl_engine_run (book, day ("2025-12-07"), FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->new_actions->len, ==, n);
  approve_new (book, report);
}

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(RlCompany) company = rl_company_new ();
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "delivery", "letter.pdf",
                                                 NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, &error);
  RlBook *book;

  g_assert_no_error (error);
  f->pdf = g_mapped_file_get_bytes (file);
  rl_test_book_set_up (&f->tb, data);
  book = f->tb.book;
  company->name = g_strdup ("Menuiserie Dubois");
  company->email = g_strdup (FAKE_FROM);
  company->country = g_strdup ("FR");
  company->currency = g_strdup ("EUR");
  company->language = g_strdup ("fr");
  company->payment_terms_days = 30;
  g_assert_true (rl_book_set_company (book, company, &error));
  g_assert_no_error (error);
  g_assert_true (rl_book_set_setting (book, "stale-days", "1000", NULL));
  g_assert_true (rl_book_set_setting (book, "delivery.reply-to", "relances@dubois.example",
                                      NULL));
  g_assert_true (rl_book_set_setting (book, "delivery.sms.sender", "Dubois", NULL));
  g_assert_true (rl_book_begin (book, NULL));
  g_assert_true (rl_plans_ensure_defaults (book, NULL));
  g_assert_true (rl_book_commit (book, NULL));
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->dispatcher);
  g_clear_pointer (&f->fake, fake_provider_free);
  g_clear_pointer (&f->pdf, g_bytes_unref);
  rl_test_book_tear_down (&f->tb, data);
}

/* Points @dispatcher at @provider's fake: short timeouts and backoff, at most @max_attempts. */
void
configure_dispatcher (Fixture          *f,
                      RlDispatcher     *dispatcher,
                      const RlProvider *provider,
                      guint             max_attempts)
{
  RlProviderConfig config = { 0 };

  config.base_url = g_strdup (f->fake->base_url);
  config.key = g_strdup (g_str_equal (provider->id, "mailjet") || g_str_equal (provider->id,
                                                                                 "twilio")
                         ? FAKE_PAIR_KEY : FAKE_KEY);
  config.account = g_strdup (FAKE_DOMAIN);
  rl_dispatcher_set_provider (dispatcher, provider, &config);
  rl_dispatcher_set_attachment_func (dispatcher, attachment_cb, f->pdf);
  rl_dispatcher_set_retry (dispatcher, max_attempts, 5, 2000);
  rl_dispatcher_set_timeout (dispatcher, 1);
  rl_dispatcher_set_rate (dispatcher, provider->channel, 1000);
  rl_dispatcher_set_as_of (dispatcher, day ("2025-12-07"));
}

/* A dispatcher to @provider's fake (made the first time), as configure_dispatcher() says. */
void
use_provider (Fixture          *f,
              const RlProvider *provider,
              guint             max_attempts)
{
  if (f->fake == NULL)
    f->fake = fake_provider_new (provider, f->pdf);
  g_clear_object (&f->dispatcher);
  f->dispatcher = rl_dispatcher_new (f->tb.book);
  configure_dispatcher (f, f->dispatcher, provider, max_attempts);
}
