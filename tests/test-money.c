/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rl-error.h"
#include "rl-money.h"

typedef struct
{
  const char     *text;
  RlDecimalStyle  style;
  gboolean        ok;
  RlCents         cents;
  int             error_code;
} ParseCase;

static const ParseCase parse_cases[] = {
  { "1 234,56", RL_DECIMAL_COMMA, TRUE, 123456, 0 },
  { "1 234,56", RL_DECIMAL_AUTO, TRUE, 123456, 0 },
  { "1\xC2\xA0" "234,56", RL_DECIMAL_AUTO, TRUE, 123456, 0 },          /* no-break space */
  { "1\xE2\x80\xAF" "234,56\xC2\xA0\xE2\x82\xAC", RL_DECIMAL_AUTO, TRUE, 123456, 0 },
  { "1234.56", RL_DECIMAL_COMMA, TRUE, 123456, 0 },
  { "1234.56", RL_DECIMAL_POINT, TRUE, 123456, 0 },
  { "-12,00", RL_DECIMAL_COMMA, TRUE, -1200, 0 },
  { "12,00-", RL_DECIMAL_COMMA, TRUE, -1200, 0 },
  { "(12.00)", RL_DECIMAL_POINT, TRUE, -1200, 0 },
  { "+7", RL_DECIMAL_AUTO, TRUE, 700, 0 },
  { "0,01", RL_DECIMAL_COMMA, TRUE, 1, 0 },
  { "0.5", RL_DECIMAL_AUTO, TRUE, 50, 0 },
  { ".5", RL_DECIMAL_AUTO, TRUE, 50, 0 },
  { "9 999 999,99", RL_DECIMAL_COMMA, TRUE, 999999999, 0 },
  { "1.234,56", RL_DECIMAL_AUTO, TRUE, 123456, 0 },
  { "1,234.56", RL_DECIMAL_AUTO, TRUE, 123456, 0 },
  { "1.234.567", RL_DECIMAL_AUTO, TRUE, 123456700, 0 },
  { "1,234", RL_DECIMAL_POINT, TRUE, 123400, 0 },
  { "1.234", RL_DECIMAL_COMMA, TRUE, 123400, 0 },
  { "1,500", RL_DECIMAL_COMMA, TRUE, 150, 0 },
  { "12.5000", RL_DECIMAL_POINT, TRUE, 1250, 0 },
  { "EUR 15", RL_DECIMAL_AUTO, TRUE, 1500, 0 },
  { "\xE2\x82\xAC" "15.20", RL_DECIMAL_AUTO, TRUE, 1520, 0 },
  { "  42  ", RL_DECIMAL_AUTO, TRUE, 4200, 0 },
  { "1'234.50", RL_DECIMAL_POINT, TRUE, 123450, 0 },
  { "\xE2\x88\x92" "3,10", RL_DECIMAL_COMMA, TRUE, -310, 0 },          /* U+2212 minus */
  { "1,234", RL_DECIMAL_AUTO, FALSE, 0, RL_PARSE_ERROR_AMBIGUOUS },
  { "1,234", RL_DECIMAL_COMMA, FALSE, 0, RL_PARSE_ERROR_PRECISION },
  { "12,345", RL_DECIMAL_COMMA, FALSE, 0, RL_PARSE_ERROR_PRECISION },
  { "", RL_DECIMAL_AUTO, FALSE, 0, RL_PARSE_ERROR_EMPTY },
  { "   ", RL_DECIMAL_AUTO, FALSE, 0, RL_PARSE_ERROR_EMPTY },
  { "abc", RL_DECIMAL_AUTO, FALSE, 0, RL_PARSE_ERROR_SYNTAX },
  { "12a", RL_DECIMAL_AUTO, FALSE, 0, RL_PARSE_ERROR_SYNTAX },
  { "--12", RL_DECIMAL_AUTO, FALSE, 0, RL_PARSE_ERROR_SYNTAX },
  { "-12-", RL_DECIMAL_AUTO, FALSE, 0, RL_PARSE_ERROR_SYNTAX },
  { "(12", RL_DECIMAL_AUTO, FALSE, 0, RL_PARSE_ERROR_SYNTAX },
  { "1,2,3.4,5", RL_DECIMAL_AUTO, FALSE, 0, RL_PARSE_ERROR_SYNTAX },
  { "99999999999999999999", RL_DECIMAL_AUTO, FALSE, 0, RL_PARSE_ERROR_RANGE },
  { "12 34", RL_DECIMAL_AUTO, TRUE, 123400, 0 },
};

static void
test_parse (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      const ParseCase *c = &parse_cases[i];
      g_autoptr(GError) error = NULL;
      RlCents cents = -999;
      gboolean ok = rl_money_parse (c->text, c->style, &cents, &error);

      g_test_message ("case %zu: “%s”", i, c->text);
      if (c->ok)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpint (cents, ==, c->cents);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, RL_PARSE_ERROR, c->error_code);
        }
    }
}

typedef struct
{
  RlCents     cents;
  const char *language;
  const char *expected;
} FormatCase;

static const FormatCase format_cases[] = {
  { 123456, "fr", "1\xE2\x80\xAF" "234,56\xC2\xA0\xE2\x82\xAC" },
  { 1, "fr", "0,01\xC2\xA0\xE2\x82\xAC" },
  { 999999999, "fr", "9\xE2\x80\xAF" "999\xE2\x80\xAF" "999,99\xC2\xA0\xE2\x82\xAC" },
  { -4000, "fr", "-40,00\xC2\xA0\xE2\x82\xAC" },
  { 0, "fr", "0,00\xC2\xA0\xE2\x82\xAC" },
  { 100000, "fr", "1\xE2\x80\xAF" "000,00\xC2\xA0\xE2\x82\xAC" },
  { 123456, "en", "\xE2\x82\xAC" "1,234.56" },
  { -5, "en", "-\xE2\x82\xAC" "0.05" },
  { 99999, "en", "\xE2\x82\xAC" "999.99" },
};

static void
test_format (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (format_cases); i++)
    {
      g_autofree char *s = rl_money_format (format_cases[i].cents, "EUR",
                                            format_cases[i].language);
      g_assert_cmpstr (s, ==, format_cases[i].expected);
    }
}

static void
test_plain (void)
{
  static const struct { RlCents c; const char *s; } cases[] = {
    { 0, "0.00" }, { 1, "0.01" }, { -1, "-0.01" }, { 123456, "1234.56" }, { -100, "-1.00" },
    { G_MININT64, "-92233720368547758.08" }, { G_MAXINT64, "92233720368547758.07" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = rl_money_to_plain (cases[i].c);
      g_assert_cmpstr (s, ==, cases[i].s);
    }
}

static void
test_round_trip (void)
{
  /* Every amount formatted for machines reads back to itself. */
  for (RlCents c = -100000; c <= 100000; c += 7)
    {
      g_autofree char *s = rl_money_to_plain (c);
      RlCents back = 0;

      g_assert_true (rl_money_parse (s, RL_DECIMAL_POINT, &back, NULL));
      g_assert_cmpint (back, ==, c);
    }
}

static void
test_mul_div_round (void)
{
  /* Rounding is half away from zero, to the cent. */
  static const struct { RlCents v; gint64 n, d; RlCents r; } cases[] = {
    { 100, 1, 3, 33 },
    { 200, 1, 3, 67 },
    { 5, 1, 2, 3 },           /* 2.5 -> 3 */
    { -5, 1, 2, -3 },         /* -2.5 -> -3 */
    { 15, 1, 10, 2 },         /* 1.5 -> 2 */
    { 14, 1, 10, 1 },
    /* DOMAIN.md: 15,000.00 € at 15 % for 30 days = 184.93 €. */
    { 1500000, 1500 * 30, 10000 * 365, 18493 },
    { G_MAXINT64 / 2, 2, 2, G_MAXINT64 / 2 - 0 },
    { 7, 0, 5, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (rl_money_mul_div_round (cases[i].v, cases[i].n, cases[i].d), ==, cases[i].r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/relance/money/parse", test_parse);
  g_test_add_func ("/relance/money/format", test_format);
  g_test_add_func ("/relance/money/plain", test_plain);
  g_test_add_func ("/relance/money/round-trip", test_round_trip);
  g_test_add_func ("/relance/money/mul-div-round", test_mul_div_round);
  return g_test_run ();
}
