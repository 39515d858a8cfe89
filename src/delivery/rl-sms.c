/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-delivery"

#include "config.h"

#include "rl-sms.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rl-provider.h"

/* GSM 03.38: the basic alphabet (one unit each) and its extension table (two units each,
 * escape included). A single character outside both makes the whole message UCS-2. */
static const char gsm7_basic[] =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
static const char gsm7_extension[] = "^{}\\[~]|€\f";

/* Typography that would force UCS-2 for nothing: French no-break spaces, curly quotes,
 * dashes and the ellipsis have plain equivalents in the GSM alphabet. */
static const struct
{
  gunichar    from;
  const char *to;
} replacements[] = {
  { 0x00A0, " " }, { 0x202F, " " }, { 0x2009, " " },
  { 0x2018, "'" }, { 0x2019, "'" },
  { 0x201C, "\"" }, { 0x201D, "\"" }, { 0x00AB, "\"" }, { 0x00BB, "\"" },
  { 0x2013, "-" }, { 0x2014, "-" }, { 0x2026, "..." },
};

/**
 * rl_sms_clean_text:
 *
 * Returns: (transfer full): @text with no-break spaces, curly quotes, dashes and ellipses
 *   made plain, runs of blank lines reduced to one and the ends trimmed
 */
char *
rl_sms_clean_text (const char *text)
{
  GString *s = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *to = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (replacements) && to == NULL; i++)
        if (replacements[i].from == c)
          to = replacements[i].to;
      if (c == '\n' && g_str_has_suffix (s->str, "\n\n"))
        continue;
      /* « guillemets » lose the spaces inside them. */
      if (c == 0x00BB)
        while (s->len > 0 && s->str[s->len - 1] == ' ')
          g_string_truncate (s, s->len - 1);
      if (c == 0x00AB)
        while (*g_utf8_next_char (p) == ' ' || g_str_has_prefix (g_utf8_next_char (p), "\u00A0")
               || g_str_has_prefix (g_utf8_next_char (p), "\u202F"))
          p = g_utf8_next_char (p);
      if (to != NULL)
        g_string_append (s, to);
      else
        g_string_append_unichar (s, c);
    }
  g_strstrip (s->str);
  return g_string_free (s, FALSE);
}

static gboolean
in_alphabet (const char *alphabet,
             gunichar    c)
{
  char buf[8] = { 0 };

  if (c == 0)
    return FALSE;
  g_unichar_to_utf8 (c, buf);
  return strstr (alphabet, buf) != NULL;
}

/**
 * rl_sms_measure:
 * @out_units: (out): its length in the encoding's units (septets or UTF-16 code units)
 * @out_parts: (out): how many SMS it takes
 */
void
rl_sms_measure (const char    *text,
                RlSmsEncoding *out_encoding,
                guint         *out_units,
                guint         *out_parts)
{
  guint septets = 0, utf16 = 0;
  gboolean gsm = TRUE;
  guint single, multi;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      utf16 += c > 0xFFFF ? 2 : 1;
      if (in_alphabet (gsm7_basic, c))
        septets += 1;
      else if (in_alphabet (gsm7_extension, c))
        septets += 2;
      else
        gsm = FALSE;
    }
  *out_encoding = gsm ? RL_SMS_GSM7 : RL_SMS_UCS2;
  *out_units = gsm ? septets : utf16;
  single = gsm ? 160 : 70;
  multi = gsm ? 153 : 67;
  if (*out_units <= single)
    *out_parts = *out_units > 0 ? 1 : 0;
  else
    *out_parts = (*out_units + multi - 1) / multi;
}

/**
 * rl_sms_check_text:
 *
 * Returns: %FALSE with RL_DELIVERY_ERROR_MESSAGE if @text is empty or takes more than
 *   @max_parts SMS
 */
gboolean
rl_sms_check_text (const char  *text,
                   guint        max_parts,
                   GError     **error)
{
  RlSmsEncoding enc;
  guint units, parts;

  rl_sms_measure (text, &enc, &units, &parts);
  if (parts == 0)
    {
      g_set_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_MESSAGE, _("the SMS is empty"));
      return FALSE;
    }
  if (parts > max_parts)
    {
      g_set_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_MESSAGE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "the SMS takes %u parts, more than the %u allowed",
                                "the SMS takes %u parts, more than the %u allowed", max_parts),
                   parts, max_parts);
      return FALSE;
    }
  return TRUE;
}

/**
 * rl_sms_check_sender:
 *
 * An SMS comes from a name of at most 11 letters and digits (with a letter in it), or from a
 * phone number in international form (+ and up to 15 digits).
 */
gboolean
rl_sms_check_sender (const char  *sender,
                     GError     **error)
{
  gsize len = sender != NULL ? strlen (sender) : 0;
  gboolean letter = FALSE, ok = len > 0;

  if (ok && sender[0] == '+')
    {
      ok = len >= 8 && len <= 16;
      for (gsize i = 1; ok && i < len; i++)
        ok = g_ascii_isdigit (sender[i]);
    }
  else
    {
      ok = ok && len <= 11;
      for (gsize i = 0; ok && i < len; i++)
        {
          ok = g_ascii_isalnum (sender[i]);
          letter = letter || g_ascii_isalpha (sender[i]);
        }
      ok = ok && letter;
    }
  if (!ok)
    g_set_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_CONFIG,
                 _("“%s” cannot send an SMS: give a name of at most 11 letters and digits, or a "
                   "number such as +33612345678"), sender != NULL ? sender : "");
  return ok;
}

/**
 * rl_sms_phone_e164:
 * @country: the country of numbers written without their international prefix ("FR")
 *
 * Returns: (transfer full) (nullable): @phone as +CC… digits, or %NULL with
 *   RL_DELIVERY_ERROR_MESSAGE if it is not a phone number
 */
char *
rl_sms_phone_e164 (const char  *phone,
                   const char  *country,
                   GError     **error)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean plus = FALSE;

  for (const char *p = phone; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p == '+' && digits->len == 0)
        plus = TRUE;
      else if (strchr (" .-()/", *p) == NULL)
        {
          digits->len = 0;
          break;
        }
    }
  if (!plus && g_str_has_prefix (digits->str, "00"))
    {
      g_string_erase (digits, 0, 2);
      plus = TRUE;
    }
  if (!plus && digits->len == 10 && digits->str[0] == '0'
      && g_ascii_strcasecmp (country != NULL ? country : "FR", "FR") == 0)
    {
      g_string_erase (digits, 0, 1);
      g_string_prepend (digits, "33");
      plus = TRUE;
    }
  if (!plus || digits->len < 8 || digits->len > 15)
    {
      g_set_error (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_MESSAGE,
                   _("“%s” is not a phone number that can receive an SMS"), phone);
      return NULL;
    }
  g_string_prepend_c (digits, '+');
  return g_string_free (g_steal_pointer (&digits), FALSE);
}
