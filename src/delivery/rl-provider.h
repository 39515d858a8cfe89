/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rl-engine.h"
#include "rl-message.h"

G_BEGIN_DECLS

/* The header that carries the action's key in every e-mail. */
#define RL_CORRELATION_HEADER "X-Relance-Key"

#define RL_DELIVERY_ERROR (rl_delivery_error_quark ())

typedef enum
{
  RL_DELIVERY_ERROR_CONFIG,           /* no provider, unknown provider, bad base URL */
  RL_DELIVERY_ERROR_NO_KEY,           /* no API key in the environment or the keyring */
  RL_DELIVERY_ERROR_NO_SECRET_SERVICE,
  RL_DELIVERY_ERROR_MESSAGE,          /* the message cannot be sent: no address, too long… */
  RL_DELIVERY_ERROR_REFUSED,          /* the provider said no (4xx) */
  RL_DELIVERY_ERROR_RESPONSE,         /* the provider's answer makes no sense */
} RlDeliveryError;

/* What a provider needs besides the message. */
typedef struct
{
  char *base_url;   /* e.g. https://api.brevo.com; tests point it at a local server */
  char *key;        /* the API key; "user:secret" for Mailjet and Twilio (account SID:token) */
  char *account;    /* Mailgun: the sending domain */
} RlProviderConfig;

/* One relay provider: its request format, its authentication, how it says yes (and the id of
 * the message) or no (and why), and its rate-limit hints. */
typedef struct
{
  const char *id;                 /* "brevo", "mailjet"… as stored in the book */
  const char *name;               /* shown to the user */
  RlChannel   channel;
  const char *default_base_url;
  guint       idempotency_window_s; /* for so long after a request, a resend under the same
                                     key cannot deliver twice; 0: the provider has no key */
  double      default_rate;       /* requests per second we allow ourselves */
  const char *reset_header;       /* (nullable) seconds until the rate limit resets */
  gboolean    reset_is_epoch;     /* reset_header is a Unix time rather than a delay */
  const char *id_path;            /* JSONPath of the message id in a 2xx answer */
  const char *error_paths[2];     /* JSONPaths of the provider's words in an error answer */

  SoupMessage *(*build)       (const RlProviderConfig *config,
                               const RlMessage        *message,
                               GError                **error);
  /* (nullable) On 2xx, instead of id_path: the provider's id of the message; FALSE with
   * @error if the answer says the message was not taken after all. */
  gboolean     (*parse_sent)  (SoupMessage            *msg,
                               GBytes                 *body,
                               char                  **out_id,
                               GError                **error);
} RlProvider;

GQuark             rl_delivery_error_quark   (void);

const RlProvider  *rl_provider_find          (const char *id,
                                              RlChannel   channel);
const RlProvider * const *rl_provider_all    (void);
gboolean           rl_provider_parse_sent    (const RlProvider *provider,
                                              SoupMessage      *msg,
                                              GBytes           *body,
                                              char            **out_id,
                                              GError          **error);
char              *rl_provider_parse_error   (const RlProvider *provider,
                                              GBytes           *body);
void               rl_provider_config_clear  (RlProviderConfig *config);

/* For the providers' modules (rl-provider.c) */
/* Where a JSON request puts the attachment's base64 (see _rl_provider_post_json()). */
#define RL_ATTACHMENT_PLACEHOLDER "\x01rl-attachment\x01"

SoupMessage *_rl_provider_post_json    (const RlProviderConfig *config,
                                        const char             *path,
                                        JsonBuilder            *builder,
                                        GBytes                 *attachment,
                                        GError                **error);
SoupMessage *_rl_provider_post         (const RlProviderConfig *config,
                                        const char             *path,
                                        GError                **error);
void         _rl_provider_basic_auth   (SoupMessage            *msg,
                                        const char             *user,
                                        const char             *password);
void         _rl_provider_header       (SoupMessage            *msg,
                                        const char             *name,
                                        const char             *value);
JsonNode    *_rl_provider_parse_json   (GBytes                 *body);
char        *_rl_provider_json_string  (JsonNode               *root,
                                        const char             *path);
void         _rl_provider_json_member  (JsonBuilder            *builder,
                                        const char             *member,
                                        const char             *value);
void         _rl_provider_json_mailbox (JsonBuilder            *builder,
                                        const char             *address_member,
                                        const char             *name_member,
                                        const char             *address,
                                        const char             *name);
void         _rl_provider_json_to      (JsonBuilder            *builder,
                                        const char             *address_member,
                                        const char             *name_member,
                                        const RlMessage        *message);
char        *_rl_provider_mailbox      (const char             *name,
                                        const char             *address);

extern const RlProvider rl_provider_brevo;
extern const RlProvider rl_provider_brevo_sms;
extern const RlProvider rl_provider_mailjet;
extern const RlProvider rl_provider_sendgrid;
extern const RlProvider rl_provider_postmark;
extern const RlProvider rl_provider_mailgun;
extern const RlProvider rl_provider_twilio;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RlProviderConfig, rl_provider_config_clear)

G_END_DECLS
