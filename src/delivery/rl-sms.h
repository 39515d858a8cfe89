/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The rules of an SMS: its alphabet and length, its sender, its recipient's number. */

typedef enum
{
  RL_SMS_GSM7,   /* 160 characters in one part, 153 per part beyond */
  RL_SMS_UCS2,   /* 70 characters in one part, 67 per part beyond */
} RlSmsEncoding;

char     *rl_sms_clean_text    (const char     *text);
void      rl_sms_measure       (const char     *text,
                                RlSmsEncoding  *out_encoding,
                                guint          *out_units,
                                guint          *out_parts);
gboolean  rl_sms_check_text    (const char     *text,
                                guint           max_parts,
                                GError        **error);
gboolean  rl_sms_check_sender  (const char     *sender,
                                GError        **error);
char     *rl_sms_phone_e164    (const char     *phone,
                                const char     *country,
                                GError        **error);

G_END_DECLS
