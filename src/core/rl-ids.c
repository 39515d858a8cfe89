/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rl-ids.h"

/* Without spaces, in capitals. */
static GString *
compact (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    if (*p != ' ')
      g_string_append_c (s, g_ascii_toupper (*p));
  return s;
}

char *
rl_iban_check (const char *iban)
{
  g_autoptr(GString) s = compact (iban);
  guint remainder = 0;

  if (s->len < 15 || s->len > 34 || !g_ascii_isalpha (s->str[0]) || !g_ascii_isalpha (s->str[1])
      || !g_ascii_isdigit (s->str[2]) || !g_ascii_isdigit (s->str[3]))
    return NULL;
  /* The first four characters moved to the end, letters as 10 to 35: mod 97 must be 1. */
  for (gsize i = 0; i < s->len; i++)
    {
      char c = s->str[(i + 4) % s->len];

      if (g_ascii_isdigit (c))
        remainder = (remainder * 10 + (guint) (c - '0')) % 97;
      else if (g_ascii_isupper (c))
        remainder = (remainder * 100 + (guint) (c - 'A' + 10)) % 97;
      else
        return NULL;
    }
  if (remainder != 1)
    return NULL;
  return g_string_free (g_steal_pointer (&s), FALSE);
}

char *
rl_bic_check (const char *bic)
{
  g_autoptr(GString) s = compact (bic);

  /* Bank (4 letters), country (2 letters), location (2), branch (3, optional). */
  if (s->len != 8 && s->len != 11)
    return NULL;
  for (gsize i = 0; i < s->len; i++)
    if (i < 6 ? !g_ascii_isupper (s->str[i]) : !g_ascii_isalnum (s->str[i]))
      return NULL;
  return g_string_free (g_steal_pointer (&s), FALSE);
}

char *
rl_siren_check (const char *siren)
{
  g_autoptr(GString) s = compact (siren);
  int sum = 0;

  if (s->len != 9)
    return NULL;
  for (gsize i = 0; i < 9; i++)
    {
      int d;

      if (!g_ascii_isdigit (s->str[i]))
        return NULL;
      d = s->str[i] - '0';
      /* Luhn: every second digit from the right doubled. */
      if (i % 2 == 1)
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
  if (sum % 10 != 0)
    return NULL;
  return g_string_free (g_steal_pointer (&s), FALSE);
}

char *
rl_iban_format (const char *iban)
{
  g_autoptr(GString) s = compact (iban);
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < s->len; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, s->str[i]);
    }
  return g_string_free (out, FALSE);
}

char *
rl_siren_format (const char *siren)
{
  g_autoptr(GString) s = compact (siren);
  GString *out;

  if (s->len != 9 && s->len != 14)
    return g_strdup (siren != NULL ? siren : "");
  for (gsize i = 0; i < s->len; i++)
    if (!g_ascii_isdigit (s->str[i]))
      return g_strdup (siren);
  out = g_string_new (NULL);
  for (gsize i = 0; i < s->len; i++)
    {
      /* After the 3rd, 6th and 9th digits: the SIRET's establishment number stays whole. */
      if (i > 0 && i % 3 == 0 && i <= 9)
        g_string_append (out, "\u00A0");
      g_string_append_c (out, s->str[i]);
    }
  return g_string_free (out, FALSE);
}
