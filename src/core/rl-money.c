/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-money"

#include "config.h"

#include "rl-money.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "rl-error.h"

/* Spaces that may group thousands: space, no-break space (U+00A0), narrow no-break
 * space (U+202F), thin space (U+2009), and the apostrophe used in Switzerland. */
static gsize
grouping_space_len (const char *p)
{
  const guchar *u = (const guchar *) p;

  if (u[0] == ' ' || u[0] == '\'')
    return 1;
  if (u[0] == 0xC2 && u[1] == 0xA0)
    return 2;
  if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xAF || u[2] == 0x89 || u[2] == 0x99))
    return 3;
  return 0;
}

static const char *
skip_spaces (const char *p)
{
  gsize n;

  while ((n = grouping_space_len (p)) > 0 || *p == '\t')
    p += n > 0 ? n : 1;
  return p;
}

/* Strips a currency mark at *p if there is one: "€", "EUR". */
static const char *
skip_currency (const char *p)
{
  if (g_str_has_prefix (p, "\xE2\x82\xAC"))
    return skip_spaces (p + 3);
  if (g_ascii_strncasecmp (p, "EUR", 3) == 0)
    return skip_spaces (p + 3);
  return p;
}

/**
 * rl_money_parse:
 * @text: an amount as written by people or programs: "1 234,56", "1234.56", "-12,00",
 *   "12,00-", "(12.00)", "1.234,56 €", "EUR 12"
 * @style: how to read a lone separator followed by exactly three digits
 * @out_cents: (out): the amount in cents
 *
 * Reads an amount exactly, without floating point. More than two decimals are accepted only
 * when the extra ones are zeros: an amount is never rounded silently.
 *
 * Returns: %TRUE on success; %FALSE with @error in %RL_PARSE_ERROR otherwise.
 */
gboolean
rl_money_parse (const char      *text,
                RlDecimalStyle   style,
                RlCents         *out_cents,
                GError         **error)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *p;
  gboolean negative = FALSE;
  gboolean parens = FALSE;
  int n_comma = 0, n_point = 0, n_space_groups = 0;
  char last_sep = 0;
  gssize last_sep_pos = -1;   /* index in digits where the last '.'/',' was seen */
  gsize int_digits, frac_digits;
  char decimal_sep = 0;
  gint64 units = 0;
  gint64 cents = 0;

  g_return_val_if_fail (out_cents != NULL, FALSE);

  if (text == NULL)
    text = "";

  p = skip_spaces (text);
  p = skip_currency (p);

  if (*p == '(')
    {
      parens = TRUE;
      p = skip_spaces (p + 1);
    }
  if (*p == '-' || *p == '+')
    {
      negative = (*p == '-');
      p = skip_spaces (p + 1);
    }
  else if (g_str_has_prefix (p, "\xE2\x88\x92")) /* U+2212 MINUS SIGN */
    {
      negative = TRUE;
      p = skip_spaces (p + 3);
    }
  p = skip_currency (p);

  if (*p == '\0')
    {
      g_set_error_literal (error, RL_PARSE_ERROR, RL_PARSE_ERROR_EMPTY, _("empty amount"));
      return FALSE;
    }

  while (*p != '\0')
    {
      gsize sp;

      if (g_ascii_isdigit (*p))
        {
          g_string_append_c (digits, *p);
          p++;
          continue;
        }
      if (*p == ',' || *p == '.')
        {
          if (*p == ',')
            n_comma++;
          else
            n_point++;
          last_sep = *p;
          last_sep_pos = digits->len;
          p++;
          continue;
        }
      sp = grouping_space_len (p);
      if (sp > 0 && g_ascii_isdigit (p[sp]) && digits->len > 0)
        {
          n_space_groups++;
          p += sp;
          continue;
        }
      break;
    }

  /* What may follow the number: spaces, a currency, a trailing minus, a closing parenthesis. */
  p = skip_spaces (p);
  p = skip_currency (p);
  if (*p == '-')
    {
      if (negative)
        goto syntax;
      negative = TRUE;
      p = skip_spaces (p + 1);
    }
  if (parens)
    {
      if (*p != ')')
        goto syntax;
      negative = !negative;
      p = skip_spaces (p + 1);
    }
  p = skip_currency (p);
  if (*p != '\0' || digits->len == 0)
    goto syntax;

  /* Which separator, if any, is the decimal one? */
  if (n_comma > 0 && n_point > 0)
    decimal_sep = last_sep;
  else if (n_comma + n_point == 1)
    {
      gsize after = digits->len - last_sep_pos;

      if (after != 3)
        decimal_sep = last_sep;
      else if (style == RL_DECIMAL_COMMA)
        decimal_sep = last_sep == ',' ? ',' : 0;
      else if (style == RL_DECIMAL_POINT)
        decimal_sep = last_sep == '.' ? '.' : 0;
      else
        {
          g_set_error (error, RL_PARSE_ERROR, RL_PARSE_ERROR_AMBIGUOUS,
                       _("ambiguous amount “%s”: “%c” may separate thousands or decimals"),
                       text, last_sep);
          return FALSE;
        }
    }
  else if (n_comma + n_point > 1)
    {
      /* Several of one kind: "1.234.567" groups thousands. */
      decimal_sep = 0;
    }

  if (decimal_sep != 0)
    {
      /* The other separator, if present, must come before the decimal one. */
      if ((decimal_sep == ',' && n_comma > 1) || (decimal_sep == '.' && n_point > 1))
        goto syntax;
      int_digits = last_sep_pos;
      frac_digits = digits->len - last_sep_pos;
    }
  else
    {
      int_digits = digits->len;
      frac_digits = 0;
    }

  if (int_digits == 0 && frac_digits == 0)
    goto syntax;

  for (gsize i = 0; i < int_digits; i++)
    {
      units = units * 10 + (digits->str[i] - '0');
      if (units > RL_MONEY_MAX / 100)
        {
          g_set_error (error, RL_PARSE_ERROR, RL_PARSE_ERROR_RANGE, _("amount “%s” is too large"), text);
          return FALSE;
        }
    }
  for (gsize i = 0; i < frac_digits; i++)
    {
      int d = digits->str[int_digits + i] - '0';

      if (i == 0)
        cents += d * 10;
      else if (i == 1)
        cents += d;
      else if (d != 0)
        {
          g_set_error (error, RL_PARSE_ERROR, RL_PARSE_ERROR_PRECISION,
                       _("amount “%s” has more than two decimals"), text);
          return FALSE;
        }
    }

  *out_cents = units * 100 + cents;
  if (negative)
    *out_cents = -*out_cents;
  return TRUE;

syntax:
  g_set_error (error, RL_PARSE_ERROR, RL_PARSE_ERROR_SYNTAX, _("“%s” is not an amount"), text);
  return FALSE;
}

/**
 * rl_money_to_plain:
 * @cents: an amount
 *
 * Returns: (transfer full): the amount for machines: "-1234.56", always two decimals,
 *   a point, no grouping.
 */
char *
rl_money_to_plain (RlCents cents)
{
  guint64 abs = cents < 0 ? (guint64) (-(cents + 1)) + 1 : (guint64) cents;

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%02u", cents < 0 ? "-" : "",
                          abs / 100, (guint) (abs % 100));
}

/**
 * rl_money_format:
 * @cents: an amount
 * @currency: (nullable): ISO 4217 code; %NULL or "EUR" gives the euro sign
 * @language: "fr" or "en" (anything else reads as English)
 *
 * French: "1 234,56 €" with a narrow no-break space between thousands and a no-break space
 * before the sign. English: "€1,234.56".
 *
 * Returns: (transfer full): the formatted amount
 */
char *
rl_money_format (RlCents     cents,
                 const char *currency,
                 const char *language)
{
  gboolean fr = language != NULL && g_str_has_prefix (language, "fr");
  guint64 abs = cents < 0 ? (guint64) (-(cents + 1)) + 1 : (guint64) cents;
  g_autofree char *units = g_strdup_printf ("%" G_GUINT64_FORMAT, abs / 100);
  g_autoptr(GString) s = g_string_new (NULL);
  const char *sym;
  gsize len = strlen (units);

  if (currency == NULL || g_str_equal (currency, "EUR"))
    sym = "\xE2\x82\xAC";
  else
    sym = currency;

  if (cents < 0)
    g_string_append_c (s, '-');
  if (!fr)
    g_string_append (s, sym);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (s, fr ? "\xE2\x80\xAF" : ",");
      g_string_append_c (s, units[i]);
    }
  g_string_append_printf (s, "%c%02u", fr ? ',' : '.', (guint) (abs % 100));

  if (fr)
    {
      g_string_append (s, "\xC2\xA0");
      g_string_append (s, sym);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/**
 * rl_money_mul_div_round:
 * @value: an amount in cents
 * @numerator: multiplier
 * @denominator: divisor, not zero
 *
 * Computes value × numerator / denominator exactly in 128 bits and rounds half away from
 * zero to the cent: the one rounding rule of the book (interest, shares, ratios of money).
 *
 * Returns: the rounded result
 */
RlCents
rl_money_mul_div_round (RlCents value,
                        gint64  numerator,
                        gint64  denominator)
{
  __int128 prod, q, r;
  gboolean neg;

  g_return_val_if_fail (denominator != 0, 0);

  prod = (__int128) value * numerator;
  neg = (prod < 0) != (denominator < 0);
  if (prod < 0)
    prod = -prod;
  if (denominator < 0)
    denominator = -denominator;
  q = prod / denominator;
  r = prod % denominator;
  if (r * 2 >= denominator)
    q++;
  return (RlCents) (neg ? -q : q);
}
