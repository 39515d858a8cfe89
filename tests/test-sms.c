/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rl-provider.h"
#include "rl-sms.h"

/* The rules of an SMS: GSM 7-bit or UCS-2, parts of 160/153 or 70/67, French typography made
 * plain, sender names, phone numbers. */

typedef struct
{
  const char    *text;
  guint          repeat;     /* the text is repeated this many times */
  RlSmsEncoding  encoding;
  guint          units;
  guint          parts;
} MeasureCase;

static const MeasureCase measures[] = {
  { "a", 160, RL_SMS_GSM7, 160, 1 },
  { "a", 161, RL_SMS_GSM7, 161, 2 },
  { "a", 306, RL_SMS_GSM7, 306, 2 },
  { "a", 307, RL_SMS_GSM7, 307, 3 },
  { "é", 160, RL_SMS_GSM7, 160, 1 },          /* é is in the GSM alphabet */
  { "€", 80, RL_SMS_GSM7, 160, 1 },           /* € takes two septets */
  { "€", 81, RL_SMS_GSM7, 162, 2 },
  { "ê", 70, RL_SMS_UCS2, 70, 1 },            /* ê is not: UCS-2 */
  { "ê", 71, RL_SMS_UCS2, 71, 2 },
  { "ê", 134, RL_SMS_UCS2, 134, 2 },
  { "ê", 135, RL_SMS_UCS2, 135, 3 },
  { "1\u00A0234,56\u00A0€", 1, RL_SMS_UCS2, 10, 1 },  /* before cleaning: NBSP is not GSM */
  { "", 1, RL_SMS_GSM7, 0, 0 },
};

static void
test_measure (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (measures); i++)
    {
      const MeasureCase *c = &measures[i];
      g_autoptr(GString) s = g_string_new (NULL);
      RlSmsEncoding enc;
      guint units, parts;

      for (guint n = 0; n < c->repeat; n++)
        g_string_append (s, c->text);
      rl_sms_measure (s->str, &enc, &units, &parts);
      g_test_message ("case %u: %s ×%u", i, c->text, c->repeat);
      g_assert_cmpint (enc, ==, c->encoding);
      g_assert_cmpuint (units, ==, c->units);
      g_assert_cmpuint (parts, ==, c->parts);
    }
}

static void
test_clean (void)
{
  g_autofree char *clean = rl_sms_clean_text ("  Montant\u00A0: 1\u202F234,56\u00A0€ – l’échéance "
                                              "« proche »…\n\n\n\nMerci  ");
  RlSmsEncoding enc;
  guint units, parts;

  g_assert_cmpstr (clean, ==, "Montant : 1 234,56 € - l'échéance \"proche\"...\n\nMerci");
  rl_sms_measure (clean, &enc, &units, &parts);
  g_assert_cmpint (enc, ==, RL_SMS_GSM7);
}

static void
test_check_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_text = g_strnfill (400, 'x');

  g_assert_true (rl_sms_check_text ("Bonjour", 1, NULL));
  g_assert_false (rl_sms_check_text ("", 3, &error));
  g_assert_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_MESSAGE);
  g_clear_error (&error);
  g_assert_false (rl_sms_check_text (long_text, 2, &error));
  g_assert_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_MESSAGE);
  g_assert_true (rl_sms_check_text (long_text, 3, NULL));
}

static void
test_sender (void)
{
  static const struct { const char *sender; gboolean ok; } senders[] = {
    { "Dubois", TRUE }, { "DuboisSARL", TRUE }, { "DuboisSARL1", TRUE },
    { "Dubois SARL", FALSE },    /* letters and digits only */
    { "Dubois SARL2", FALSE },   /* 12 characters */
    { "Dubois-SARL", FALSE }, { "Société", FALSE }, { "12345", FALSE }, { "", FALSE },
    { "+33612345678", TRUE }, { "+3361234567890123", FALSE }, { "+33 6 12", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (senders); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("sender “%s”", senders[i].sender);
      g_assert_cmpint (rl_sms_check_sender (senders[i].sender, &error), ==, senders[i].ok);
      if (!senders[i].ok)
        g_assert_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_CONFIG);
    }
  g_assert_false (rl_sms_check_sender (NULL, NULL));
}

static void
test_phone (void)
{
  static const struct { const char *in, *country, *out; } phones[] = {
    { "06 12 34 56 78", "FR", "+33612345678" },
    { "06.12.34.56.78", NULL, "+33612345678" },
    { "+33 6 12 34 56 78", "FR", "+33612345678" },
    { "0033612345678", "FR", "+33612345678" },
    { "+44 20 7946 0958", "FR", "+442079460958" },
    { "020 7946 0958", "GB", NULL },   /* no rule for national numbers outside France */
    { "06 12 34", "FR", NULL },
    { "appeler le standard", "FR", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (phones); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *e164 = rl_sms_phone_e164 (phones[i].in, phones[i].country, &error);

      g_assert_cmpstr (e164, ==, phones[i].out);
      if (phones[i].out == NULL)
        g_assert_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_MESSAGE);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/relance/sms/measure", test_measure);
  g_test_add_func ("/relance/sms/clean", test_clean);
  g_test_add_func ("/relance/sms/check-text", test_check_text);
  g_test_add_func ("/relance/sms/sender", test_sender);
  g_test_add_func ("/relance/sms/phone", test_phone);
  return g_test_run ();
}
