/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "delivery-fake.h"

#include <string.h>

/* Each provider's request, checked against its documentation (../shared/docs/DOMAIN.md §7):
 * path, authentication, fields, and the PDF decoded back from base64. */

static void
problem (FakeProvider *f,
         const char   *format,
         ...) G_GNUC_PRINTF (2, 3);

static void
problem (FakeProvider *f,
         const char   *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (f->problems, g_strdup_vprintf (format, args));
  va_end (args);
}

static char *
jstr (JsonNode   *root,
      const char *path)
{
  g_autoptr(JsonNode) found = json_path_query (path, root, NULL);
  JsonArray *a;

  if (found == NULL || !JSON_NODE_HOLDS_ARRAY (found))
    return NULL;
  a = json_node_get_array (found);
  if (json_array_get_length (a) == 0 || !JSON_NODE_HOLDS_VALUE (json_array_get_element (a, 0)))
    return NULL;
  return g_strdup (json_node_get_string (json_array_get_element (a, 0)));
}

/* Checks that @path holds a string (equal to @expected, if given). */
static void
expect (FakeProvider *f,
        JsonNode     *root,
        const char   *path,
        const char   *expected)
{
  g_autofree char *value = jstr (root, path);

  if (value == NULL || *value == '\0')
    problem (f, "%s: %s missing", f->provider->name, path);
  else if (expected != NULL && g_strcmp0 (value, expected) != 0)
    problem (f, "%s: %s is “%s”, not “%s”", f->provider->name, path, value, expected);
}

static void
expect_pdf_b64 (FakeProvider *f,
                JsonNode     *root,
                const char   *path)
{
  g_autofree char *b64 = jstr (root, path);
  g_autofree guchar *data = NULL;
  gsize len = 0;

  if (b64 != NULL)
    data = g_base64_decode (b64, &len);
  if (data == NULL || len != g_bytes_get_size (f->pdf)
      || memcmp (data, g_bytes_get_data (f->pdf, NULL), len) != 0)
    problem (f, "%s: %s does not decode to the PDF", f->provider->name, path);
}

static void
expect_header (FakeProvider       *f,
               SoupMessageHeaders *h,
               const char         *name,
               const char         *expected)
{
  const char *value = soup_message_headers_get_one (h, name);

  if (g_strcmp0 (value, expected) != 0)
    problem (f, "%s: header %s is “%s”, not “%s”", f->provider->name, name,
             value ? value : "(none)", expected);
}

static void
expect_basic (FakeProvider       *f,
              SoupMessageHeaders *h,
              const char         *pair)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *value = g_strdup_printf ("Basic %s", b64);

  expect_header (f, h, "Authorization", value);
}

/* What a JSON request must hold: at @path, a string equal to @value, or any non-empty one if
 * @value is NULL; CORR stands for the message's correlation key, PDF for the attachment in
 * base64. */
#define CORR "\x01corr"
#define PDF "\x01pdf"

typedef struct
{
  const char *path;
  const char *value;
} Field;

static const Field brevo_fields[] = {
  { "$.sender.email", FAKE_FROM }, { "$.sender.name", NULL }, { "$.to[0].email", NULL },
  { "$.replyTo.email", NULL }, { "$.subject", NULL }, { "$.htmlContent", NULL },
  { "$.textContent", NULL }, { "$.attachment[0].name", NULL }, { "$.attachment[0].content", PDF },
  { "$.headers.idempotencyKey", NULL }, { "$.headers['X-Relance-Key']", CORR },
};

static const Field mailjet_fields[] = {
  { "$.Messages[0].From.Email", FAKE_FROM }, { "$.Messages[0].To[0].Email", NULL },
  { "$.Messages[0].Subject", NULL }, { "$.Messages[0].TextPart", NULL },
  { "$.Messages[0].HTMLPart", NULL },
  { "$.Messages[0].Attachments[0].ContentType", "application/pdf" },
  { "$.Messages[0].Attachments[0].Filename", NULL },
  { "$.Messages[0].Attachments[0].Base64Content", PDF }, { "$.Messages[0].CustomID", CORR },
};

static const Field sendgrid_fields[] = {
  { "$.personalizations[0].to[0].email", NULL }, { "$.from.email", FAKE_FROM },
  { "$.subject", NULL }, { "$.content[0].type", "text/plain" },
  { "$.content[1].type", "text/html" }, { "$.content[1].value", NULL },
  { "$.attachments[0].type", "application/pdf" }, { "$.attachments[0].filename", NULL },
  { "$.attachments[0].content", PDF }, { "$.headers['X-Relance-Key']", CORR },
};

static const Field postmark_fields[] = {
  { "$.To", NULL }, { "$.Subject", NULL }, { "$.HtmlBody", NULL }, { "$.TextBody", NULL },
  { "$.Attachments[0].Name", NULL }, { "$.Attachments[0].ContentType", "application/pdf" },
  { "$.Attachments[0].Content", PDF }, { "$.Headers[0].Value", CORR },
};

static const Field brevo_sms_fields[] = {
  { "$.sender", "Dubois" }, { "$.content", NULL }, { "$.type", "transactional" },
};

static void
expect_fields (FakeProvider *f,
               JsonNode     *j,
               const Field  *fields,
               guint         n,
               const char   *corr)
{
  for (guint i = 0; i < n; i++)
    {
      if (g_strcmp0 (fields[i].value, PDF) == 0)
        expect_pdf_b64 (f, j, fields[i].path);
      else
        expect (f, j, fields[i].path,
                g_strcmp0 (fields[i].value, CORR) == 0 ? corr : fields[i].value);
    }
}

static void
check_postmark_from (FakeProvider *f,
                     JsonNode     *j)
{
  g_autofree char *from = jstr (j, "$.From");

  if (from == NULL || strstr (from, "<" FAKE_FROM ">") == NULL)
    problem (f, "Postmark: From is “%s”", from ? from : "(none)");
}

static void
check_brevo_sms_recipient (FakeProvider *f,
                           JsonNode     *j)
{
  g_autofree char *to = jstr (j, "$.recipient");

  if (to == NULL || to[0] == '+' || strspn (to, "0123456789") != strlen (to))
    problem (f, "Brevo SMS: recipient “%s” is not digits in international form", to);
}

static void
check_multipart (FakeProvider      *f,
                 SoupServerMessage *msg,
                 GBytes            *body)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  g_autoptr(SoupMultipart) mp = soup_multipart_new_from_message (h, body);
  gboolean from = FALSE, to = FALSE, pdf = FALSE, html = FALSE, corr = FALSE;

  expect_basic (f, h, "api:" FAKE_KEY);
  if (mp == NULL)
    {
      problem (f, "Mailgun: not multipart/form-data");
      return;
    }
  for (int i = 0; i < soup_multipart_get_length (mp); i++)
    {
      SoupMessageHeaders *ph;
      GBytes *part;
      g_autoptr(GHashTable) params = NULL;
      const char *name;

      soup_multipart_get_part (mp, i, &ph, &part);
      if (!soup_message_headers_get_content_disposition (ph, NULL, &params))
        continue;
      name = g_hash_table_lookup (params, "name");
      from = from || (g_strcmp0 (name, "from") == 0
                      && g_strstr_len (g_bytes_get_data (part, NULL), g_bytes_get_size (part),
                                       FAKE_FROM) != NULL);
      to = to || g_strcmp0 (name, "to") == 0;
      html = html || g_strcmp0 (name, "html") == 0;
      corr = corr || g_strcmp0 (name, "h:X-Relance-Key") == 0;
      pdf = pdf || (g_strcmp0 (name, "attachment") == 0 && g_bytes_equal (part, f->pdf));
    }
  if (!from || !to || !html || !pdf || !corr)
    problem (f, "Mailgun: from %d, to %d, html %d, attachment %d, correlation %d", from, to, html,
             pdf, corr);
}

static void
check_twilio (FakeProvider *f,
              SoupServerMessage *msg,
              GBytes            *body)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_autoptr(GHashTable) form = soup_form_decode (text);
  const char *to = g_hash_table_lookup (form, "To");

  expect_basic (f, soup_server_message_get_request_headers (msg), FAKE_PAIR_KEY);
  if (to == NULL || to[0] != '+' || g_hash_table_lookup (form, "Body") == NULL
      || g_strcmp0 (g_hash_table_lookup (form, "From"), "Dubois") != 0)
    problem (f, "Twilio: form To “%s”, From, Body missing or wrong", to);
}

static const char *
expected_path (FakeProvider *f)
{
  static const struct { const char *id; RlChannel channel; const char *path; } paths[] = {
    { "brevo", RL_CHANNEL_EMAIL, "/v3/smtp/email" },
    { "mailjet", RL_CHANNEL_EMAIL, "/v3.1/send" },
    { "sendgrid", RL_CHANNEL_EMAIL, "/v3/mail/send" },
    { "postmark", RL_CHANNEL_EMAIL, "/email" },
    { "mailgun", RL_CHANNEL_EMAIL, "/v3/" FAKE_DOMAIN "/messages" },
    { "brevo", RL_CHANNEL_SMS, "/v3/transactionalSMS/sms" },
    { "twilio", RL_CHANNEL_SMS, "/2010-04-01/Accounts/AC123/Messages.json" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    if (g_str_equal (paths[i].id, f->provider->id) && paths[i].channel == f->provider->channel)
      return paths[i].path;
  g_assert_not_reached ();
}

/* Returns the request's idempotency key (Brevo e-mail), or NULL. */
static char *
check_request (FakeProvider      *f,
               SoupServerMessage *msg,
               const char        *corr)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  SoupMessageBody *req = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (req);
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *id = f->provider->id;
  JsonNode *j;

  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0
      || g_strcmp0 (g_uri_get_path (soup_server_message_get_uri (msg)), expected_path (f)) != 0)
    problem (f, "%s: %s %s", f->provider->name, soup_server_message_get_method (msg),
             g_uri_get_path (soup_server_message_get_uri (msg)));
  if (g_str_equal (id, "mailgun"))
    {
      check_multipart (f, msg, body);
      return NULL;
    }
  if (g_str_equal (id, "twilio"))
    {
      check_twilio (f, msg, body);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                   NULL))
    {
      problem (f, "%s: the body is not JSON", f->provider->name);
      return NULL;
    }
  j = json_parser_get_root (parser);
  if (f->provider == &rl_provider_brevo_sms)
    {
      expect_header (f, h, "api-key", FAKE_KEY);
      expect_fields (f, j, brevo_sms_fields, G_N_ELEMENTS (brevo_sms_fields), corr);
      check_brevo_sms_recipient (f, j);
    }
  else if (g_str_equal (id, "brevo"))
    {
      expect_header (f, h, "api-key", FAKE_KEY);
      expect_fields (f, j, brevo_fields, G_N_ELEMENTS (brevo_fields), corr);
      return jstr (j, "$.headers.idempotencyKey");
    }
  else if (g_str_equal (id, "mailjet"))
    {
      expect_basic (f, h, FAKE_PAIR_KEY);
      expect_fields (f, j, mailjet_fields, G_N_ELEMENTS (mailjet_fields), corr);
    }
  else if (g_str_equal (id, "sendgrid"))
    {
      expect_header (f, h, "Authorization", "Bearer " FAKE_KEY);
      expect_fields (f, j, sendgrid_fields, G_N_ELEMENTS (sendgrid_fields), corr);
    }
  else if (g_str_equal (id, "postmark"))
    {
      expect_header (f, h, "X-Postmark-Server-Token", FAKE_KEY);
      expect_fields (f, j, postmark_fields, G_N_ELEMENTS (postmark_fields), corr);
      check_postmark_from (f, j);
    }
  return NULL;
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json,
                                    strlen (json));
}

static void
respond_sent (FakeProvider      *f,
              SoupServerMessage *msg,
              const char        *message_id)
{
  g_autofree char *json = NULL;
  const char *id = f->provider->id;

  if (f->provider == &rl_provider_brevo_sms)
    json = g_strdup_printf ("{\"reference\":\"r\",\"messageId\":%s}", message_id + 3);
  else if (g_str_equal (id, "brevo"))
    json = g_strdup_printf ("{\"messageId\":\"%s\"}", message_id);
  else if (g_str_equal (id, "mailjet"))
    json = g_strdup_printf ("{\"Messages\":[{\"Status\":\"success\",\"To\":[{\"Email\":\"x\","
                            "\"MessageID\":%s}]}]}", message_id + 3);
  else if (g_str_equal (id, "postmark"))
    json = g_strdup_printf ("{\"ErrorCode\":0,\"Message\":\"OK\",\"MessageID\":\"%s\"}",
                            message_id);
  else if (g_str_equal (id, "mailgun"))
    json = g_strdup_printf ("{\"id\":\"%s\",\"message\":\"Queued. Thank you.\"}", message_id);
  else if (g_str_equal (id, "twilio"))
    json = g_strdup_printf ("{\"sid\":\"%s\",\"status\":\"queued\"}", message_id);

  if (g_str_equal (id, "sendgrid"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "X-Message-Id", message_id);
      soup_server_message_set_status (msg, 202, NULL);
      return;
    }
  respond_json (msg, g_str_equal (id, "mailjet") || g_str_equal (id, "postmark")
                     || g_str_equal (id, "mailgun") ? 200 : 201, json);
}

static void
respond_error (FakeProvider      *f,
               SoupServerMessage *msg,
               guint              status)
{
  static const struct { const char *id; const char *format; } bodies[] = {
    { "brevo", "{\"code\":\"invalid_parameter\",\"message\":\"MSG\"}" },
    { "mailjet", "{\"ErrorIdentifier\":\"x\",\"StatusCode\":400,\"ErrorMessage\":\"MSG\"}" },
    { "sendgrid", "{\"errors\":[{\"message\":\"MSG\",\"field\":\"from\"}]}" },
    { "postmark", "{\"ErrorCode\":300,\"Message\":\"MSG\"}" },
    { "mailgun", "{\"message\":\"MSG\"}" },
    { "twilio", "{\"code\":21211,\"message\":\"MSG\",\"status\":400}" },
  };
  g_autoptr(GString) json = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    if (g_str_equal (bodies[i].id, f->provider->id))
      g_string_assign (json, bodies[i].format);
  g_string_replace (json, "MSG", "Refused by the test server", 1);
  if (status == 429 && f->hint != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  f->provider->reset_header ? f->provider->reset_header
                                                            : "Retry-After", f->hint);
  respond_json (msg, status, json->str);
}

static void
drop (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  g_io_stream_close (stream, NULL, NULL);
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           data)
{
  FakeProvider *f = data;
  const char *corr = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "X-Relance-Key");
  g_autofree char *idem = NULL;
  int answer = f->next < G_N_ELEMENTS (f->script) ? f->script[f->next] : FAKE_ACCEPT;
  const char *known;

  f->hits++;
  f->next++;
  if (corr == NULL)
    {
      problem (f, "%s: no X-Relance-Key header", f->provider->name);
      corr = "";
    }
  idem = check_request (f, msg, corr);

  if (answer == FAKE_DROP)
    {
      drop (msg);
      return;
    }
  if (answer == FAKE_STALL)
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (f->stalled, g_object_ref (msg));
      return;
    }
  if (answer > 0)
    {
      respond_error (f, msg, answer);
      return;
    }

  /* Brevo answers a known idempotency key with the message it already took. */
  known = idem != NULL ? g_hash_table_lookup (f->keys, idem) : NULL;
  if (known == NULL)
    {
      g_autofree char *message_id = g_strdup_printf ("id-%u", 1000 + f->hits);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (f->accepted, corr));

      g_hash_table_replace (f->accepted, g_strdup (corr), GUINT_TO_POINTER (n + 1));
      if (idem != NULL)
        g_hash_table_replace (f->keys, g_strdup (idem), g_strdup (message_id));
      known = idem != NULL ? g_hash_table_lookup (f->keys, idem) : NULL;
      if (answer == FAKE_ACCEPT_DROP)
        {
          drop (msg);
          return;
        }
      if (answer == FAKE_ACCEPT_STALL)
        {
          soup_server_message_pause (msg);
          g_ptr_array_add (f->stalled, g_object_ref (msg));
          return;
        }
      respond_sent (f, msg, known != NULL ? known : message_id);
      return;
    }
  if (answer == FAKE_ACCEPT_DROP)
    drop (msg);
  else
    respond_sent (f, msg, known);
}

FakeProvider *
fake_provider_new (const RlProvider *provider,
                   GBytes           *pdf)
{
  FakeProvider *f = g_new0 (FakeProvider, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->provider = provider;
  f->pdf = g_bytes_ref (pdf);
  f->accepted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  f->problems = g_ptr_array_new_with_free_func (g_free);
  f->stalled = g_ptr_array_new_with_free_func (g_object_unref);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, on_request_cb, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base_url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return f;
}

void
fake_provider_free (FakeProvider *f)
{
  for (guint i = 0; i < f->stalled->len; i++)
    soup_server_message_unpause (g_ptr_array_index (f->stalled, i));
  soup_server_disconnect (f->server);
  g_object_unref (f->server);
  g_ptr_array_unref (f->stalled);
  g_ptr_array_unref (f->problems);
  g_hash_table_unref (f->keys);
  g_hash_table_unref (f->accepted);
  g_bytes_unref (f->pdf);
  g_free (f->base_url);
  g_free (f);
}

/* @answers: FAKE_* or an HTTP status, for the next requests in order. */
void
fake_provider_script (FakeProvider *f,
                      const int    *answers,
                      guint         n)
{
  g_assert_cmpuint (n, <=, G_N_ELEMENTS (f->script));
  memset (f->script, 0, sizeof f->script);
  memcpy (f->script, answers, n * sizeof (int));
  f->next = 0;
}

/* Returns how many messages were taken; @out_max_per_message: the most any one was taken. */
guint
fake_provider_accepted (FakeProvider *f,
                        guint        *out_max_per_message)
{
  GHashTableIter iter;
  gpointer value;
  guint total = 0, max = 0;

  g_hash_table_iter_init (&iter, f->accepted);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      total += GPOINTER_TO_UINT (value);
      max = MAX (max, GPOINTER_TO_UINT (value));
    }
  if (out_max_per_message != NULL)
    *out_max_per_message = max;
  return total;
}

void
fake_provider_assert_clean (FakeProvider *f)
{
  for (guint i = 0; i < f->problems->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (f->problems, i));
  g_assert_cmpuint (f->problems->len, ==, 0);
}
