/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-delivery"

#include "config.h"

#include "rl-provider.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_QUARK (rl-delivery-error-quark, rl_delivery_error)

static const RlProvider * const providers[] = {
  &rl_provider_brevo,
  &rl_provider_mailjet,
  &rl_provider_sendgrid,
  &rl_provider_postmark,
  &rl_provider_mailgun,
  &rl_provider_brevo_sms,
  &rl_provider_twilio,
  NULL,
};

/**
 * rl_provider_all:
 *
 * Returns: (transfer none): every provider, e-mail first, %NULL-terminated
 */
const RlProvider * const *
rl_provider_all (void)
{
  return providers;
}

/**
 * rl_provider_find:
 *
 * Returns: (nullable): the provider @id for @channel (Brevo has one for each)
 */
const RlProvider *
rl_provider_find (const char *id,
                  RlChannel   channel)
{
  for (guint i = 0; providers[i] != NULL; i++)
    if (g_strcmp0 (providers[i]->id, id) == 0 && providers[i]->channel == channel)
      return providers[i];
  return NULL;
}

void
rl_provider_config_clear (RlProviderConfig *config)
{
  g_clear_pointer (&config->base_url, g_free);
  if (config->key != NULL)
    memset (config->key, 0, strlen (config->key));
  g_clear_pointer (&config->key, g_free);
  g_clear_pointer (&config->account, g_free);
}

SoupMessage *
_rl_provider_post (const RlProviderConfig  *config,
                   const char              *path,
                   GError                 **error)
{
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *base = config->base_url;
  gsize len = strlen (base);

  while (len > 0 && base[len - 1] == '/')
    len--;
  url = g_strdup_printf ("%.*s%s", (int) len, base, path);
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0
                      && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      g_set_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_CONFIG,
                   _("“%s” is not a valid base URL for the provider"), config->base_url);
      return NULL;
    }
  return soup_message_new_from_uri (SOUP_METHOD_POST, uri);
}

/* How the attachment's place is written in the JSON, as json-glib escapes it. */
#define ATTACHMENT_ESCAPED "\"\\u0001rl-attachment\\u0001\""

/* @json with the attachment's placeholder replaced by @attachment in base64, encoded straight
 * into the body: a PDF of some hundreds of kilobytes is neither copied as a string nor scanned
 * by the JSON generator for characters to escape (base64 has none). The placeholder is looked
 * for from the end: every provider writes the texts, which come from the book, before the
 * attachment, and after it only the action's key. */
static GBytes *
splice_attachment (char   *json,
                   gsize   len,
                   GBytes *attachment)
{
  const char *at = attachment != NULL ? g_strrstr_len (json, len, ATTACHMENT_ESCAPED) : NULL;
  gsize head, tail, data_len, out = 0;
  const guchar *data;
  int state = 0, save = 0;
  char *body;

  if (at == NULL)
    return g_bytes_new_take (json, len);
  data = g_bytes_get_data (attachment, &data_len);
  head = at - json + 1;                                   /* up to the opening quote */
  tail = len - (head + strlen (ATTACHMENT_ESCAPED) - 2);  /* from the closing quote */
  body = g_malloc (head + (data_len / 3 + 1) * 4 + 4 + tail);
  memcpy (body, json, head);
  out = head;
  out += g_base64_encode_step (data, data_len, FALSE, body + out, &state, &save);
  out += g_base64_encode_close (FALSE, body + out, &state, &save);
  memcpy (body + out, json + len - tail, tail);
  out += tail;
  g_free (json);
  return g_bytes_new_take (body, out);
}

/**
 * _rl_provider_post_json:
 * @attachment: (nullable): the bytes whose base64 replaces %RL_ATTACHMENT_PLACEHOLDER
 *
 * A POST of @builder's JSON to the base URL and @path.
 */
SoupMessage *
_rl_provider_post_json (const RlProviderConfig  *config,
                        const char              *path,
                        JsonBuilder             *builder,
                        GBytes                  *attachment,
                        GError                 **error)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  SoupMessage *msg = _rl_provider_post (config, path, error);
  g_autoptr(GBytes) body = NULL;
  gsize len;
  char *json;

  if (msg == NULL)
    return NULL;
  json_generator_set_root (gen, root);
  json = json_generator_to_data (gen, &len);
  body = splice_attachment (json, len, attachment);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  _rl_provider_header (msg, "Accept", "application/json");
  return msg;
}

void
_rl_provider_header (SoupMessage *msg,
                     const char  *name,
                     const char  *value)
{
  soup_message_headers_replace (soup_message_get_request_headers (msg), name, value);
}

void
_rl_provider_basic_auth (SoupMessage *msg,
                         const char  *user,
                         const char  *password)
{
  g_autofree char *pair = g_strdup_printf ("%s:%s", user, password);
  g_autofree char *b64 = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *value = g_strdup_printf ("Basic %s", b64);

  memset (pair, 0, strlen (pair));
  _rl_provider_header (msg, "Authorization", value);
}

/**
 * _rl_provider_parse_json:
 *
 * Returns: (nullable): the document in @body, or %NULL if it is not JSON
 */
JsonNode *
_rl_provider_parse_json (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize len;
  const char *data;

  if (body == NULL)
    return NULL;
  data = g_bytes_get_data (body, &len);
  if (len == 0 || !json_parser_load_from_data (parser, data, len, NULL))
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

/**
 * _rl_provider_json_string:
 * @path: a JSONPath expression, e.g. "$.messageId" or "$.errors[0].message"
 *
 * Returns: (nullable): the first string (or number) at @path
 */
char *
_rl_provider_json_string (JsonNode   *root,
                          const char *path)
{
  g_autoptr(JsonNode) found = NULL;
  JsonArray *array;
  JsonNode *first;

  if (root == NULL || path == NULL)
    return NULL;
  found = json_path_query (path, root, NULL);
  if (found == NULL || !JSON_NODE_HOLDS_ARRAY (found))
    return NULL;
  array = json_node_get_array (found);
  if (json_array_get_length (array) == 0)
    return NULL;
  first = json_array_get_element (array, 0);
  if (!JSON_NODE_HOLDS_VALUE (first))
    return NULL;
  if (json_node_get_value_type (first) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (first));
  if (json_node_get_value_type (first) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (first));
  return NULL;
}

/**
 * rl_provider_parse_sent:
 * @out_id: (out) (transfer full) (nullable): the provider's id of the message
 *
 * Reads a 2xx answer.
 *
 * Returns: %FALSE with @error if the answer says the message was not taken after all
 */
gboolean
rl_provider_parse_sent (const RlProvider  *provider,
                        SoupMessage       *msg,
                        GBytes            *body,
                        char             **out_id,
                        GError           **error)
{
  g_autoptr(JsonNode) root = NULL;

  *out_id = NULL;
  if (provider->parse_sent != NULL)
    return provider->parse_sent (msg, body, out_id, error);
  root = _rl_provider_parse_json (body);
  *out_id = _rl_provider_json_string (root, provider->id_path);
  return TRUE;
}

/**
 * rl_provider_parse_error:
 *
 * Returns: (transfer full) (nullable): the provider's own words in an error answer
 */
char *
rl_provider_parse_error (const RlProvider *provider,
                         GBytes           *body)
{
  g_autoptr(JsonNode) root = _rl_provider_parse_json (body);

  for (guint i = 0; i < G_N_ELEMENTS (provider->error_paths); i++)
    {
      char *text;

      if (provider->error_paths[i] == NULL)
        break;
      text = _rl_provider_json_string (root, provider->error_paths[i]);
      if (text != NULL)
        return text;
    }
  return NULL;
}

/* "Name <address>", the name quoted when it holds characters special in a header. */
char *
_rl_provider_mailbox (const char *name,
                      const char *address)
{
  g_autoptr(GString) s = NULL;

  if (name == NULL || *name == '\0')
    return g_strdup (address);
  s = g_string_new ("\"");
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (s, '\\');
      if (*p != '\r' && *p != '\n')
        g_string_append_c (s, *p);
    }
  g_string_append_printf (s, "\" <%s>", address);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

void
_rl_provider_json_member (JsonBuilder *b,
                          const char  *member,
                          const char  *value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, value);
}

/* { address_member: address, name_member: name }, without the name when there is none. */
void
_rl_provider_json_mailbox (JsonBuilder *b,
                           const char  *address_member,
                           const char  *name_member,
                           const char  *address,
                           const char  *name)
{
  json_builder_begin_object (b);
  _rl_provider_json_member (b, address_member, address);
  if (name_member != NULL && name != NULL && *name != '\0')
    _rl_provider_json_member (b, name_member, name);
  json_builder_end_object (b);
}

/* The message's recipients as an array of mailboxes. */
void
_rl_provider_json_to (JsonBuilder     *b,
                      const char      *address_member,
                      const char      *name_member,
                      const RlMessage *m)
{
  json_builder_begin_array (b);
  for (guint i = 0; m->to[i] != NULL; i++)
    _rl_provider_json_mailbox (b, address_member, name_member, m->to[i], m->to_name);
  json_builder_end_array (b);
}
