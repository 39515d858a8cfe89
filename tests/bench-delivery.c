/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rl-book-outbox.h"
#include "rl-dispatcher.h"
#include "rl-engine.h"
#include "rl-test-util.h"

/* The dispatcher's cost: N approved e-mails with an attachment of K kilobytes sent to a local
 * server playing Brevo, in a child process so that its CPU time is not counted as ours.
 * Prints the throughput, Relance's CPU time per message and its resident memory as the
 * queue empties (it must stay flat).
 *
 *   bench-delivery [MESSAGES [ATTACHMENT-KB]]     default 10000 200 */

static guint served;

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           data)
{
  static const char answer[] = "{\"messageId\":\"<bench@relay>\"}";
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  served++;
  if (body->length < 1000)
    g_error ("request %u too short", served);
  soup_server_message_set_status (msg, 201, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, answer,
                                    strlen (answer));
}

static G_GNUC_NORETURN void
serve (int fd)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GSList *uris;
  guint16 port;

  soup_server_add_handler (server, NULL, on_request_cb, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("%s", error->message);
  uris = soup_server_get_uris (server);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (write (fd, &port, sizeof port) != sizeof port)
    g_error ("cannot tell the port");
  close (fd);
  g_main_loop_run (loop);
  _exit (0);
}

static GBytes *
attachment_cb (RlBook    *book,
               gint64     action_id,
               char     **out_name,
               gpointer   data,
               GError   **error)
{
  *out_name = g_strdup ("relance.pdf");
  return g_bytes_ref (data);
}

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (p = strstr (status, "VmRSS:")) == NULL)
    return 0;
  return strtol (p + 6, NULL, 10);
}

typedef struct
{
  RlBook *book;
  guint   total;
  guint   next_mark;
} Sampler;

/* Prints the memory each time another tenth of the queue is done. */
static gboolean
on_sample_cb (gpointer data)
{
  Sampler *s = data;
  g_autoptr(GArray) done = rl_book_outbox_ids (s->book, RL_ACTION_DONE, NULL);

  while (done != NULL && done->len >= s->next_mark && s->next_mark <= s->total)
    {
      g_print ("rss_kb_at_%u %ld\n", s->next_mark, rss_kb ());
      s->next_mark += s->total / 10;
    }
  return G_SOURCE_CONTINUE;
}

static double
cpu_seconds (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec
         + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  guint kb = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 200;
  RlTestBook tb = { 0 };
  g_autoptr(RlCompany) company = rl_company_new ();
  g_autoptr(RlRunReport) report = NULL;
  g_autoptr(RlDispatcher) d = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  RlProviderConfig config = { 0 };
  Sampler sampler;
  guchar *data;
  int fds[2];
  pid_t child;
  guint16 port;
  gint64 start;
  double cpu0, cpu, wall;
  guint sent = 0;

  if (pipe (fds) != 0)
    return 1;
  child = fork ();
  if (child == 0)
    {
      close (fds[0]);
      serve (fds[1]);
    }
  close (fds[1]);
  if (read (fds[0], &port, sizeof port) != sizeof port)
    return 1;
  close (fds[0]);

  /* A book with n customers, each owing one invoice due in three days: n courtesy e-mails. */
  rl_test_book_set_up (&tb, NULL);
  company->name = g_strdup ("Menuiserie Dubois");
  company->email = g_strdup ("compta@dubois.example");
  company->currency = g_strdup ("EUR");
  company->language = g_strdup ("fr");
  company->payment_terms_days = 30;
  rl_book_set_company (tb.book, company, NULL);
  rl_book_set_setting (tb.book, "stale-days", "1000", NULL);
  g_assert_true (rl_book_begin (tb.book, NULL));
  g_assert_true (rl_plans_ensure_defaults (tb.book, NULL));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RlCustomer) c = rl_customer_new ();
      g_autofree char *number = g_strdup_printf ("FA-%06u", i);

      c->code = g_strdup_printf ("C%06u", i);
      c->name = g_strdup_printf ("Client %u", i);
      c->email = g_strdup_printf ("client%u@example.com", i);
      g_assert_true (rl_book_upsert_customer (tb.book, c, 0, NULL, NULL));
      rl_test_add_invoice (tb.book, c->id, number, "2025-12-10", 10000 + i);
    }
  g_assert_true (rl_book_commit (tb.book, NULL));
  g_assert_true (rl_engine_run (tb.book, rl_test_day ("2025-12-07"), FALSE, &report, &error));
  g_assert_cmpuint (report->new_actions->len, ==, n);

  data = g_malloc (kb * 1024);
  for (gsize i = 0; i < kb * 1024; i++)
    data[i] = (guchar) g_random_int ();
  pdf = g_bytes_new_take (data, kb * 1024);

  d = rl_dispatcher_new (tb.book);
  config.base_url = g_strdup_printf ("http://127.0.0.1:%u", port);
  config.key = g_strdup ("bench");
  rl_dispatcher_set_provider (d, &rl_provider_brevo, &config);
  rl_dispatcher_set_rate (d, RL_CHANNEL_EMAIL, 1e6);
  rl_dispatcher_set_attachment_func (d, attachment_cb, pdf);
  rl_dispatcher_set_as_of (d, rl_test_day ("2025-12-07"));

  sampler = (Sampler) { tb.book, n, n / 10 };
  g_timeout_add (200, on_sample_cb, &sampler);
  g_print ("rss_kb_at_0 %ld\n", rss_kb ());
  cpu0 = cpu_seconds ();
  start = g_get_monotonic_time ();
  results = rl_dispatcher_send_sync (d, NULL, NULL, &error);
  wall = (g_get_monotonic_time () - start) / 1e6;
  cpu = cpu_seconds () - cpu0;
  g_assert_no_error (error);
  on_sample_cb (&sampler);
  for (guint i = 0; i < results->len; i++)
    sent += ((RlDispatchResult *) g_ptr_array_index (results, i))->state == RL_ACTION_DONE;

  g_print ("messages %u\nattachment_kb %u\nsent %u\nwall_s %.2f\nper_second %.1f\n"
           "cpu_ms_per_message %.3f\nrss_kb_end %ld\n", n, kb, sent, wall, n / wall,
           cpu * 1000.0 / n, rss_kb ());
  kill (child, SIGTERM);
  waitpid (child, NULL, 0);
  {
    struct rusage ru;

    getrusage (RUSAGE_CHILDREN, &ru);
    g_print ("server_cpu_ms_per_message %.3f\n",
             (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec
              + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6) * 1000.0 / n);
  }
  g_clear_object (&d);
  rl_test_book_tear_down (&tb, NULL);
  return sent == n ? 0 : 1;
}
