/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rl-dispatcher.h"

G_BEGIN_DECLS

/* The book's delivery settings (table settings). */
#define RL_SETTING_EMAIL_PROVIDER  "delivery.email.provider"   /* default: brevo */
#define RL_SETTING_EMAIL_BASE_URL  "delivery.email.base-url"
#define RL_SETTING_EMAIL_ACCOUNT   "delivery.email.account"    /* Mailgun's domain */
#define RL_SETTING_SMS_PROVIDER    "delivery.sms.provider"     /* none unless set */
#define RL_SETTING_SMS_BASE_URL    "delivery.sms.base-url"
#define RL_SETTING_SMS_SENDER      "delivery.sms.sender"
#define RL_SETTING_FROM            "delivery.from"             /* default: the company's */
#define RL_SETTING_REPLY_TO        "delivery.reply-to"
#define RL_SETTING_RATE            "delivery.rate"             /* requests per second */
#define RL_SETTING_MAX_ATTEMPTS    "delivery.max-attempts"
#define RL_SETTING_RETRY_DELAY_MS  "delivery.retry-delay-ms"
#define RL_SETTING_TIMEOUT         "delivery.timeout"          /* seconds */

char         *rl_delivery_provider_id  (RlBook            *book,
                                        RlChannel          channel);
RlDispatcher *rl_delivery_dispatcher   (RlBook            *book,
                                        const char        *email_key,
                                        const char        *sms_key,
                                        GError           **error);
RlDispatcher *rl_delivery_dispatcher_for_channel (RlBook    *book,
                                                  RlChannel  channel,
                                                  const char *key,
                                                  GError   **error);

G_END_DECLS
