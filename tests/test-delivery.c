/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "delivery-fake.h"
#include "delivery-fixture.h"
#include "rl-book-outbox.h"
#include "rl-book-private.h"
#include "rl-dispatcher.h"
#include "rl-engine.h"
#include "rl-test-util.h"

/* The dispatcher against an in-process server playing each provider. A book with customers
 * on the "usual" plan, invoices due on 10 December 2025; the run of 7 December proposes their
 * courtesy e-mails, approved at once. Customers on an SMS plan get an SMS instead. */

#define day rl_test_day

static GPtrArray *
dispatch (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *results = rl_dispatcher_send_sync (f->dispatcher, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);
  return results;
}

static RlOutboxItem *
only_item (Fixture *f)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) all = rl_book_list_outbox (f->tb.book, TRUE, NULL);

  g_assert_cmpuint (all->len, ==, 1);
  return rl_book_get_outbox_item (f->tb.book,
                                  ((RlOutboxItem *) g_ptr_array_index (all, 0))->action_id, NULL);
}

#define REFUSED "Refused by the test server"

/* What the server does, and what must follow for a provider with or without an idempotency
 * key: the state, the HTTP requests, the messages taken. */
typedef struct
{
  const char    *name;
  int            script[4];
  guint          n_script;
  RlActionState  state, state_no_key;
  guint          hits, hits_no_key;
  guint          accepted, accepted_no_key;
  const char    *reason;
} Scenario;

static const Scenario scenarios[] = {
  { "accepted", { 0 }, 1, RL_ACTION_DONE, RL_ACTION_DONE, 1, 1, 1, 1, NULL },
  { "400", { 400 }, 1, RL_ACTION_FAILED, RL_ACTION_FAILED, 1, 1, 0, 0, REFUSED },
  { "401", { 401 }, 1, RL_ACTION_FAILED, RL_ACTION_FAILED, 1, 1, 0, 0, REFUSED },
  { "422", { 422 }, 1, RL_ACTION_FAILED, RL_ACTION_FAILED, 1, 1, 0, 0, REFUSED },
  { "429-then-accepted", { 429, 0 }, 2, RL_ACTION_DONE, RL_ACTION_DONE, 2, 2, 1, 1, NULL },
  { "500-then-accepted", { 500, 0 }, 2, RL_ACTION_DONE, RL_ACTION_DONE, 2, 2, 1, 1, NULL },
  { "503-thrice", { 503, 503, 503 }, 3, RL_ACTION_FAILED, RL_ACTION_FAILED, 3, 3, 0, 0,
    "3 attempts" },
  { "dropped", { FAKE_DROP, 0 }, 2, RL_ACTION_DONE, RL_ACTION_IN_DOUBT, 2, 1, 1, 0,
    NULL },
  { "taken-then-dropped", { FAKE_ACCEPT_DROP, 0 }, 2, RL_ACTION_DONE, RL_ACTION_IN_DOUBT, 2, 1,
    1, 1, NULL },
  { "stalled", { FAKE_STALL, 0 }, 2, RL_ACTION_DONE, RL_ACTION_IN_DOUBT, 2, 1, 1, 0, NULL },
};

/* One scenario played by one provider. */
typedef struct
{
  const RlProvider *provider;
  const Scenario   *scenario;
} Case;

static void
test_exchange (Fixture       *f,
               gconstpointer  data)
{
  const Case *kase = data;
  const Scenario *sc = kase->scenario;
  gboolean key = kase->provider->idempotency_window_s > 0;
  struct
  {
    const RlProvider *provider;
    RlActionState     state;
    guint             hits, accepted;
    const char       *reason;
  } expected = { kase->provider, key ? sc->state : sc->state_no_key,
                 key ? sc->hits : sc->hits_no_key, key ? sc->accepted : sc->accepted_no_key,
                 sc->reason }, *c = &expected;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(RlOutboxItem) item = NULL;
  RlDispatchResult *r;
  guint max = 0;

  if (c->state == RL_ACTION_IN_DOUBT)
    c->reason = "no answer";
  make_actions (f, 1, c->provider->channel == RL_CHANNEL_SMS);
  use_provider (f, c->provider, 3);
  fake_provider_script (f->fake, sc->script, sc->n_script);
  f->fake->hint = "0";
  results = dispatch (f);

  g_assert_cmpuint (results->len, ==, 1);
  r = g_ptr_array_index (results, 0);
  g_assert_cmpint (r->state, ==, c->state);
  g_assert_cmpuint (r->attempts, ==, c->hits);
  g_assert_cmpuint (f->fake->hits, ==, c->hits);
  g_assert_cmpuint (fake_provider_accepted (f->fake, &max), ==, c->accepted);
  g_assert_cmpuint (max, <=, 1);
  fake_provider_assert_clean (f->fake);

  item = only_item (f);
  g_assert_cmpint (item->state, ==, c->state);
  g_assert_cmpuint (item->attempts, ==, c->hits);
  g_assert_cmpstr (item->provider, ==, c->provider->id);
  if (c->state == RL_ACTION_DONE)
    {
      g_assert_nonnull (item->provider_message_id);
      g_assert_cmpstr (item->provider_message_id, ==, r->message_id);
      g_assert_nonnull (item->sent_at);
    }
  else
    g_assert_null (item->provider_message_id);
  if (c->reason != NULL)
    g_assert_nonnull (strstr (item->reason, c->reason));
}

/* The server's hint is honoured: a 429 with Brevo's reset header of one second. */
static void
test_rate_limit_hint (Fixture       *f,
                      gconstpointer  data)
{
  static const int script[] = { 429, 0 };
  g_autoptr(GPtrArray) results = NULL;
  gint64 start;

  make_actions (f, 1, FALSE);
  use_provider (f, &rl_provider_brevo, 3);
  fake_provider_script (f->fake, script, G_N_ELEMENTS (script));
  f->fake->hint = "1";
  start = g_get_monotonic_time ();
  results = dispatch (f);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 1000 * 1000);
  g_assert_cmpint (((RlDispatchResult *) g_ptr_array_index (results, 0))->state, ==,
                   RL_ACTION_DONE);
  g_assert_cmpuint (f->fake->hits, ==, 2);
}

/* The provider's rate holds with several messages in flight: 6 requests at 20 a second take
 * at least a quarter of a second. */
static void
test_rate_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  gint64 start;

  make_actions (f, 6, FALSE);
  use_provider (f, &rl_provider_postmark, 3);
  rl_dispatcher_set_rate (f->dispatcher, RL_CHANNEL_EMAIL, 20);
  start = g_get_monotonic_time ();
  results = dispatch (f);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 5 * G_USEC_PER_SEC / 20);
  g_assert_cmpuint (results->len, ==, 6);
  g_assert_cmpuint (f->fake->hits, ==, 6);
}

/* Nobody listening: the request never left, so it is retried and then fails, never in doubt. */
static void
test_connection_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(RlOutboxItem) item = NULL;
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                          G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  RlProviderConfig config = { 0 };

  /* A port that was free a moment ago and is closed again. */
  g_assert_true (g_socket_bind (sock, any, TRUE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  config.base_url = g_strdup_printf ("http://127.0.0.1:%u",
                                     g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (sock, NULL);

  make_actions (f, 1, FALSE);
  f->dispatcher = rl_dispatcher_new (f->tb.book);
  config.key = g_strdup (FAKE_KEY);
  rl_dispatcher_set_provider (f->dispatcher, &rl_provider_postmark, &config);
  rl_dispatcher_set_retry (f->dispatcher, 3, 5, 50);
  rl_dispatcher_set_as_of (f->dispatcher, day ("2025-12-07"));
  results = dispatch (f);
  item = only_item (f);
  g_assert_cmpint (item->state, ==, RL_ACTION_FAILED);
  g_assert_cmpuint (item->attempts, ==, 3);
}

/* The HTML part escapes the book's values; the text part keeps them as they are; From,
 * Reply-To and the correlation key come from the book. */
static void
test_message (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(RlMessage) m = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RlAction) action = NULL;

  make_actions (f, 1, FALSE);
  ids = rl_book_outbox_ids (f->tb.book, RL_ACTION_APPROVED, NULL);
  action = rl_book_get_action (f->tb.book, g_array_index (ids, gint64, 0), NULL);
  m = rl_message_for_action (f->tb.book, action->id, day ("2025-12-07"), attachment_cb, f->pdf,
                             &error);
  g_assert_no_error (error);
  g_assert_cmpstr (m->from_address, ==, FAKE_FROM);
  g_assert_cmpstr (m->from_name, ==, "Menuiserie Dubois");
  g_assert_cmpstr (m->reply_to, ==, "relances@dubois.example");
  g_assert_cmpstr (m->to[0], ==, "C01@client.example");
  g_assert_null (m->to[1]);
  g_assert_cmpstr (m->correlation, ==, action->key);
  g_assert_nonnull (strstr (m->text, "Mme <Martin> & fils"));
  g_assert_nonnull (strstr (m->html, "Mme &lt;Martin&gt; &amp; fils"));
  g_assert_null (strstr (m->html, "<Martin>"));
  g_assert_nonnull (strstr (m->html, "<p>"));
  g_assert_true (g_str_has_prefix (m->html, "<!DOCTYPE html>\n<html lang=\"fr\">"));
  g_assert_true (g_bytes_equal (m->attachment, f->pdf));
}

/* A customer without any e-mail address: the action fails with the reason, nothing is sent. */
static void
test_no_address (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(RlOutboxItem) item = NULL;

  make_actions (f, 1, FALSE);
  g_assert_true (_rl_book_exec (f->tb.book, "UPDATE contacts SET email = NULL", NULL));
  use_provider (f, &rl_provider_brevo, 3);
  results = dispatch (f);
  item = only_item (f);
  g_assert_cmpint (item->state, ==, RL_ACTION_FAILED);
  g_assert_nonnull (strstr (item->reason, "no e-mail address"));
  g_assert_cmpuint (f->fake->hits, ==, 0);
}

/* A dispatcher stopped after marking actions "sending": the next run resends them under the
 * same key with Brevo (the provider takes each once), and puts them in doubt with others. */
static void
interrupted (Fixture          *f,
             const RlProvider *provider,
             RlActionState     expected,
             guint             expected_hits)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) all = NULL;
  static const int taken_then_drop[] = { FAKE_ACCEPT_DROP };
  guint max = 0;

  make_actions (f, 3, FALSE);
  use_provider (f, provider, 1);
  /* The first is taken by the provider and the connection lost; only one attempt allowed:
   * Brevo leaves it in doubt after its single attempt, the others at once. */
  fake_provider_script (f->fake, taken_then_drop, 1);
  ids = rl_book_outbox_ids (f->tb.book, RL_ACTION_APPROVED, NULL);
  g_array_set_size (ids, 1);
  g_clear_pointer (&results, g_ptr_array_unref);
  results = rl_dispatcher_send_sync (f->dispatcher, ids, NULL, NULL);
  g_assert_cmpint (((RlDispatchResult *) g_ptr_array_index (results, 0))->state, ==,
                   RL_ACTION_IN_DOUBT);

  /* The two others marked "sending", as by a dispatcher killed just before its requests. */
  g_clear_pointer (&ids, g_array_unref);
  ids = rl_book_outbox_ids (f->tb.book, RL_ACTION_APPROVED, NULL);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_true (rl_book_begin (f->tb.book, NULL));
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *key = NULL;

      g_assert_cmpint (rl_book_outbox_start_attempt (f->tb.book, g_array_index (ids, gint64, i),
                                                     provider->id, &key, NULL, NULL), >, 0);
    }
  g_assert_true (rl_book_commit (f->tb.book, NULL));

  use_provider (f, provider, 3);
  g_clear_pointer (&results, g_ptr_array_unref);
  results = dispatch (f);
  all = rl_book_list_outbox (f->tb.book, TRUE, NULL);
  g_assert_cmpuint (all->len, ==, 3);
  for (guint i = 1; i < all->len; i++)
    g_assert_cmpint (((RlOutboxItem *) g_ptr_array_index (all, i))->state, ==, expected);
  g_assert_cmpuint (f->fake->hits, ==, expected_hits);
  fake_provider_accepted (f->fake, &max);
  g_assert_cmpuint (max, ==, 1);
  fake_provider_assert_clean (f->fake);
}

static void
test_interrupted_brevo (Fixture       *f,
                        gconstpointer  data)
{
  interrupted (f, &rl_provider_brevo, RL_ACTION_DONE, 3);
}

/* A send interrupted longer ago than Brevo keeps its key is not resent: it is in doubt. */
static void
test_interrupted_too_late (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(RlOutboxItem) item = NULL;
  g_autofree char *key = NULL;

  make_actions (f, 1, FALSE);
  ids = rl_book_outbox_ids (f->tb.book, RL_ACTION_APPROVED, NULL);
  g_assert_true (rl_book_begin (f->tb.book, NULL));
  g_assert_cmpint (rl_book_outbox_start_attempt (f->tb.book, g_array_index (ids, gint64, 0),
                                                 "brevo", &key, NULL, NULL), >, 0);
  g_assert_true (rl_book_commit (f->tb.book, NULL));
  g_assert_true (_rl_book_exec (f->tb.book, "UPDATE delivery_attempts"
                                " SET started_at = '2025-12-07T08:00:00Z'", NULL));
  use_provider (f, &rl_provider_brevo, 3);
  results = dispatch (f);
  g_assert_cmpuint (results->len, ==, 1);
  g_assert_cmpint (((RlDispatchResult *) g_ptr_array_index (results, 0))->state, ==,
                   RL_ACTION_IN_DOUBT);
  item = only_item (f);
  g_assert_cmpint (item->state, ==, RL_ACTION_IN_DOUBT);
  g_assert_cmpuint (f->fake->hits, ==, 0);
}

/* Within a run too: a request that went out unanswered is not sent again under its key once
 * the provider may have forgotten it (here a provider keeping keys for one second). */
static void
test_retry_too_late (Fixture       *f,
                     gconstpointer  data)
{
  static const int script[] = { FAKE_STALL, 0 };
  RlProvider forgetful = rl_provider_brevo;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(RlOutboxItem) item = NULL;

  forgetful.idempotency_window_s = 1;
  make_actions (f, 1, FALSE);
  f->fake = fake_provider_new (&rl_provider_brevo, f->pdf);
  use_provider (f, &forgetful, 3);
  fake_provider_script (f->fake, script, G_N_ELEMENTS (script));
  results = dispatch (f);
  item = only_item (f);
  g_assert_cmpint (item->state, ==, RL_ACTION_IN_DOUBT);
  g_assert_nonnull (strstr (item->reason, "too late"));
  g_assert_cmpuint (f->fake->hits, ==, 1);
}

static void
test_interrupted_postmark (Fixture       *f,
                           gconstpointer  data)
{
  interrupted (f, &rl_provider_postmark, RL_ACTION_IN_DOUBT, 1);
}

/* Every transition of a sent message is in the audit log, with the provider's id. */
static void
test_audit (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  gint64 before;

  make_actions (f, 2, FALSE);
  use_provider (f, &rl_provider_brevo, 3);
  before = rl_book_count_audit (f->tb.book);
  results = dispatch (f);
  /* Per message: approved → sending, "sent" with the id, sending → done. */
  g_assert_cmpint (rl_book_count_audit (f->tb.book) - before, ==, 2 * 3);
  for (guint i = 0; i < results->len; i++)
    {
      RlDispatchResult *r = g_ptr_array_index (results, i);
      g_autofree char *detail = g_strdup_printf ("brevo: %s", r->message_id);
      sqlite3_stmt *stmt = NULL;

      g_assert_nonnull (r->message_id);
      g_assert_cmpint (sqlite3_prepare_v2 (_rl_book_get_db (f->tb.book),
                                           "SELECT count(*) FROM audit_log WHERE action = 'sent'"
                                           " AND entity = 'action' AND entity_id = ?"
                                           " AND detail = ?", -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_int64 (stmt, 1, r->action_id);
      sqlite3_bind_text (stmt, 2, detail, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
      sqlite3_finalize (stmt);
    }
}

/* Four messages in flight at once, through errors that are retried: each taken once. */
static void
test_in_flight (Fixture       *f,
                gconstpointer  data)
{
  static const int script[] = { 500, FAKE_DROP, FAKE_ACCEPT_DROP, 503, 429 };
  g_autoptr(GPtrArray) results = NULL;
  guint max = 0;

  make_actions (f, 12, FALSE);
  use_provider (f, &rl_provider_brevo, 3);
  rl_dispatcher_set_in_flight (f->dispatcher, 4);
  fake_provider_script (f->fake, script, G_N_ELEMENTS (script));
  f->fake->hint = "0";
  results = dispatch (f);
  g_assert_cmpuint (results->len, ==, 12);
  for (guint i = 0; i < results->len; i++)
    {
      RlDispatchResult *r = g_ptr_array_index (results, i);

      g_assert_cmpint (r->state, ==, RL_ACTION_DONE);
      if (i > 0)
        g_assert_cmpint (r->action_id, >, ((RlDispatchResult *) g_ptr_array_index (results,
                                                                                    i - 1))->action_id);
    }
  g_assert_cmpuint (f->fake->hits, ==, 12 + G_N_ELEMENTS (script));
  g_assert_cmpuint (fake_provider_accepted (f->fake, &max), ==, 12);
  g_assert_cmpuint (max, ==, 1);
  fake_provider_assert_clean (f->fake);
}

/* A thank-you after the payment of a reminded invoice, when the plan asks for one, leaves
 * through the same outbox once approved. */
static void
test_thank_you (Fixture       *f,
                gconstpointer  data)
{
  RlBook *book = f->tb.book;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(RlRunReport) report = NULL;
  g_autoptr(RlPlan) usual = rl_book_find_plan (book, "usual", NULL);
  g_autoptr(RlCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  RlAction *thanks;

  g_assert_true (rl_book_begin (book, NULL));
  g_assert_true (rl_book_set_plan_thank_you (book, usual->id, TRUE, &error));
  g_assert_true (rl_book_commit (book, NULL));
  make_actions (f, 1, FALSE);
  use_provider (f, &rl_provider_brevo, 3);
  first = dispatch (f);
  g_assert_cmpint (((RlDispatchResult *) g_ptr_array_index (first, 0))->state, ==,
                   RL_ACTION_DONE);
  /* The reminder of 13 December goes out too; the invoice is paid the day after. */
  g_assert_true (rl_engine_run (book, day ("2025-12-13"), FALSE, &report, &error));
  g_assert_cmpuint (report->new_actions->len, ==, 1);
  approve_new (book, report);
  g_clear_pointer (&first, g_ptr_array_unref);
  rl_dispatcher_set_as_of (f->dispatcher, day ("2025-12-13"));
  first = dispatch (f);
  g_assert_cmpint (((RlDispatchResult *) g_ptr_array_index (first, 0))->state, ==,
                   RL_ACTION_DONE);
  g_clear_pointer (&report, rl_run_report_free);

  customer = rl_book_find_customer (book, "C01", NULL);
  rl_test_pay (book, customer->id, "FA-001", "2025-12-14", 120000);
  g_assert_true (rl_engine_run (book, day ("2025-12-15"), FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->thank_yous, ==, 1);
  thanks = g_ptr_array_index (report->new_actions, 0);
  g_assert_true (thanks->thank_you);
  g_assert_cmpint (thanks->channel, ==, RL_CHANNEL_EMAIL);
  g_assert_true (rl_book_begin (book, NULL));
  g_assert_true (rl_book_set_action_state (book, thanks->id, RL_ACTION_APPROVED, NULL,
                                           day ("2025-12-15"), &error));
  g_assert_true (rl_book_commit (book, NULL));

  rl_dispatcher_set_as_of (f->dispatcher, day ("2025-12-15"));
  second = dispatch (f);
  g_assert_cmpuint (second->len, ==, 1);
  g_assert_cmpint (((RlDispatchResult *) g_ptr_array_index (second, 0))->action_id, ==,
                   thanks->id);
  g_assert_cmpint (((RlDispatchResult *) g_ptr_array_index (second, 0))->state, ==,
                   RL_ACTION_DONE);
  g_assert_cmpuint (fake_provider_accepted (f->fake, NULL), ==, 3);
  fake_provider_assert_clean (f->fake);
}

/* Each provider's answers read: the message id of a success, the provider's words of a
 * refusal, and Mailjet's 200 that refuses a message after all. */
static void
test_parse_answers (void)
{
  static const struct
  {
    const RlProvider *provider;
    const char       *body;
    gboolean          sent;
    const char       *result;   /* the id, or the words */
  } answers[] = {
    { &rl_provider_brevo, "{\"messageId\":\"<2021@smtp-relay.mailin.fr>\"}", TRUE,
      "<2021@smtp-relay.mailin.fr>" },
    { &rl_provider_brevo, "{\"code\":\"invalid_parameter\",\"message\":\"email is not valid\"}",
      FALSE, "email is not valid" },
    { &rl_provider_brevo_sms, "{\"reference\":\"ab1\",\"messageId\":1511882900176220}", TRUE,
      "1511882900176220" },
    { &rl_provider_mailjet, "{\"Messages\":[{\"Status\":\"success\",\"To\":[{\"Email\":\"a@b.c\","
      "\"MessageID\":576460754655154659}]}]}", TRUE, "576460754655154659" },
    { &rl_provider_mailjet, "{\"Messages\":[{\"Status\":\"error\",\"Errors\":[{\"ErrorMessage\":"
      "\"Type mismatch\"}]}]}", FALSE, "Type mismatch" },
    { &rl_provider_mailjet, "{\"ErrorMessage\":\"API key authentication failure\"}", FALSE,
      "API key authentication failure" },
    { &rl_provider_sendgrid, "{\"errors\":[{\"message\":\"The from address does not match\"}]}",
      FALSE, "The from address does not match" },
    { &rl_provider_postmark, "{\"ErrorCode\":0,\"Message\":\"OK\",\"MessageID\":\"b7bc2f4a\"}",
      TRUE, "b7bc2f4a" },
    { &rl_provider_postmark, "{\"ErrorCode\":300,\"Message\":\"Invalid email request\"}", FALSE,
      "Invalid email request" },
    { &rl_provider_mailgun, "{\"id\":\"<20240101.1@mg.example.com>\",\"message\":\"Queued\"}", TRUE,
      "<20240101.1@mg.example.com>" },
    { &rl_provider_mailgun, "{\"message\":\"'to' parameter is missing\"}", FALSE,
      "'to' parameter is missing" },
    { &rl_provider_twilio, "{\"sid\":\"SM1234\",\"status\":\"queued\"}", TRUE, "SM1234" },
    { &rl_provider_twilio, "{\"code\":21211,\"message\":\"Invalid 'To' Phone Number\"}", FALSE,
      "Invalid 'To' Phone Number" },
    { &rl_provider_brevo, "not json", FALSE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (answers[i].body, strlen (answers[i].body));
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", "http://127.0.0.1/");
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL, *words = NULL;
      gboolean ok;

      g_test_message ("answer %u: %s", i, answers[i].body);
      if (answers[i].sent)
        {
          g_assert_true (rl_provider_parse_sent (answers[i].provider, msg, body, &id, &error));
          g_assert_no_error (error);
          g_assert_cmpstr (id, ==, answers[i].result);
          continue;
        }
      words = rl_provider_parse_error (answers[i].provider, body);
      g_assert_cmpstr (words, ==, answers[i].result);
      /* A Mailjet 200 whose message has an error is a refusal. */
      ok = rl_provider_parse_sent (answers[i].provider, msg, body, &id, &error);
      if (answers[i].provider == &rl_provider_mailjet)
        {
          g_assert_false (ok);
          g_assert_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_REFUSED);
          g_assert_cmpstr (error->message, ==, answers[i].result);
        }
    }

  {
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", "http://127.0.0.1/");
    g_autofree char *id = NULL;

    soup_message_headers_replace (soup_message_get_response_headers (msg), "X-Message-Id",
                                  "14c5d75ce93");
    g_assert_true (rl_provider_parse_sent (&rl_provider_sendgrid, msg, NULL, &id, NULL));
    g_assert_cmpstr (id, ==, "14c5d75ce93");
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) kases = g_ptr_array_new_with_free_func (g_free);

  g_test_init (&argc, &argv, NULL);

  for (const RlProvider * const *p = rl_provider_all (); *p != NULL; p++)
    for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
      {
        g_autofree char *path = g_strdup_printf ("/relance/delivery/exchange/%s-%s/%s",
                                                 (*p)->id, rl_channel_to_string ((*p)->channel),
                                                 scenarios[i].name);
        Case *kase = g_new0 (Case, 1);

        kase->provider = *p;
        kase->scenario = &scenarios[i];
        g_ptr_array_add (kases, kase);
        g_test_add (path, Fixture, kase, fixture_set_up, test_exchange, fixture_tear_down);
      }
  g_test_add_func ("/relance/delivery/parse-answers", test_parse_answers);
  g_test_add ("/relance/delivery/rate-limit-hint", Fixture, NULL, fixture_set_up,
              test_rate_limit_hint, fixture_tear_down);
  g_test_add ("/relance/delivery/rate-limit", Fixture, NULL, fixture_set_up, test_rate_limit,
              fixture_tear_down);
  g_test_add ("/relance/delivery/connection-refused", Fixture, NULL, fixture_set_up,
              test_connection_refused, fixture_tear_down);
  g_test_add ("/relance/delivery/message", Fixture, NULL, fixture_set_up, test_message,
              fixture_tear_down);
  g_test_add ("/relance/delivery/no-address", Fixture, NULL, fixture_set_up, test_no_address,
              fixture_tear_down);
  g_test_add ("/relance/delivery/interrupted/brevo", Fixture, NULL, fixture_set_up,
              test_interrupted_brevo, fixture_tear_down);
  g_test_add ("/relance/delivery/interrupted/too-late", Fixture, NULL, fixture_set_up,
              test_interrupted_too_late, fixture_tear_down);
  g_test_add ("/relance/delivery/retry-too-late", Fixture, NULL, fixture_set_up,
              test_retry_too_late, fixture_tear_down);
  g_test_add ("/relance/delivery/interrupted/postmark", Fixture, NULL, fixture_set_up,
              test_interrupted_postmark, fixture_tear_down);
  g_test_add ("/relance/delivery/in-flight", Fixture, NULL, fixture_set_up, test_in_flight,
              fixture_tear_down);
  g_test_add ("/relance/delivery/thank-you", Fixture, NULL, fixture_set_up, test_thank_you,
              fixture_tear_down);
  g_test_add ("/relance/delivery/audit", Fixture, NULL, fixture_set_up, test_audit,
              fixture_tear_down);
  return g_test_run ();
}
