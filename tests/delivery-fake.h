/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rl-provider.h"

G_BEGIN_DECLS

/* An in-process SoupServer that plays one relay provider: it checks each request against the
 * provider's documented format and answers as scripted. */

enum
{
  FAKE_ACCEPT = 0,          /* the provider's success answer */
  FAKE_DROP = -1,           /* close the connection without answering */
  FAKE_STALL = -2,          /* never answer */
  FAKE_ACCEPT_DROP = -3,    /* take the message, then close the connection */
  FAKE_ACCEPT_STALL = -4,   /* take the message, then never answer */
};

typedef struct
{
  SoupServer       *server;
  char             *base_url;
  const RlProvider *provider;
  GBytes           *pdf;              /* the attachment every e-mail must carry */
  int               script[8];        /* answers, in order; then FAKE_ACCEPT */
  guint             next;
  guint             hits;
  GHashTable       *accepted;         /* correlation key → times taken */
  GHashTable       *keys;             /* idempotency key → message id (Brevo) */
  GPtrArray        *problems;         /* what did not match the provider's format */
  GPtrArray        *stalled;          /* SoupServerMessage, paused */
  const char       *hint;             /* with 429: the hint header's value */
} FakeProvider;

FakeProvider *fake_provider_new          (const RlProvider *provider,
                                          GBytes           *pdf);
void          fake_provider_free         (FakeProvider     *fake);
void          fake_provider_script       (FakeProvider     *fake,
                                          const int        *answers,
                                          guint             n);
guint         fake_provider_accepted     (FakeProvider     *fake,
                                          guint            *out_max_per_message);
void          fake_provider_assert_clean (FakeProvider     *fake);

#define FAKE_KEY "test-key"
#define FAKE_PAIR_KEY "AC123:test-secret"
#define FAKE_DOMAIN "mg.example.com"
#define FAKE_FROM "compta@dubois.example"

G_END_DECLS
