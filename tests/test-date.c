/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rl-date.h"
#include "rl-error.h"

typedef struct
{
  const char  *text;
  RlDateOrder  order;
  const char  *iso;      /* NULL: must fail */
  int          error_code;
} ParseCase;

static const ParseCase parse_cases[] = {
  { "22/11/2026", RL_DATE_ORDER_DMY, "2026-11-22", 0 },
  { "2026-11-22", RL_DATE_ORDER_DMY, "2026-11-22", 0 },
  { "22.11.2026", RL_DATE_ORDER_DMY, "2026-11-22", 0 },
  { "22-11-2026", RL_DATE_ORDER_DMY, "2026-11-22", 0 },
  { "20261122", RL_DATE_ORDER_DMY, "2026-11-22", 0 },
  { "2026/11/22", RL_DATE_ORDER_DMY, "2026-11-22", 0 },
  { "3/4/2026", RL_DATE_ORDER_DMY, "2026-04-03", 0 },
  { "3/4/2026", RL_DATE_ORDER_MDY, "2026-03-04", 0 },
  { "22/11/26", RL_DATE_ORDER_DMY, "2026-11-22", 0 },
  { "2026-11-22T10:00:00", RL_DATE_ORDER_DMY, "2026-11-22", 0 },
  { "22/11/2026 10:15", RL_DATE_ORDER_DMY, "2026-11-22", 0 },
  { " 01/01/2024", RL_DATE_ORDER_DMY, "2024-01-01", 0 },
  { "29/02/2024", RL_DATE_ORDER_DMY, "2024-02-29", 0 },
  { "29/02/2026", RL_DATE_ORDER_DMY, NULL, RL_PARSE_ERROR_RANGE },
  { "31/04/2026", RL_DATE_ORDER_DMY, NULL, RL_PARSE_ERROR_RANGE },
  { "11/22/2026", RL_DATE_ORDER_DMY, NULL, RL_PARSE_ERROR_RANGE },
  { "00/01/2026", RL_DATE_ORDER_DMY, NULL, RL_PARSE_ERROR_RANGE },
  { "2026-13-01", RL_DATE_ORDER_DMY, NULL, RL_PARSE_ERROR_RANGE },
  { "", RL_DATE_ORDER_DMY, NULL, RL_PARSE_ERROR_EMPTY },
  { "tomorrow", RL_DATE_ORDER_DMY, NULL, RL_PARSE_ERROR_SYNTAX },
  { "22/11-2026", RL_DATE_ORDER_DMY, NULL, RL_PARSE_ERROR_SYNTAX },
  { "22/11/2026x", RL_DATE_ORDER_DMY, NULL, RL_PARSE_ERROR_SYNTAX },
  { "2026-11-22 later", RL_DATE_ORDER_DMY, NULL, RL_PARSE_ERROR_SYNTAX },
  { "123/11/2026", RL_DATE_ORDER_DMY, NULL, RL_PARSE_ERROR_SYNTAX },
  { "22/11/202", RL_DATE_ORDER_DMY, NULL, RL_PARSE_ERROR_SYNTAX },
};

static void
test_parse (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      const ParseCase *c = &parse_cases[i];
      g_autoptr(GError) error = NULL;
      RlDay day = RL_DAY_NONE;
      gboolean ok = rl_day_parse (c->text, c->order, &day, &error);

      g_test_message ("case %zu: “%s”", i, c->text);
      if (c->iso != NULL)
        {
          g_autofree char *iso = NULL;

          g_assert_no_error (error);
          g_assert_true (ok);
          iso = rl_day_to_iso (day);
          g_assert_cmpstr (iso, ==, c->iso);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, RL_PARSE_ERROR, c->error_code);
        }
    }
}

static void
test_iso (void)
{
  static const char * const bad[] = {
    NULL, "", "2026-1-01", "2026-02-30", "2026/02/01", "2026-02-01x", "abcd-ef-gh",
  };
  RlDay d = rl_day_from_iso ("2026-11-22");

  g_assert_cmpuint (d, !=, RL_DAY_NONE);
  g_assert_cmpuint (rl_day_from_iso ("2026-11-23"), ==, d + 1);
  g_assert_cmpuint (rl_day_from_iso ("2027-11-22") - d, ==, 365);
  g_assert_cmpuint (rl_day_from_iso ("2024-03-01") - rl_day_from_iso ("2024-02-28"), ==, 2);
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_cmpuint (rl_day_from_iso (bad[i]), ==, RL_DAY_NONE);
}

/* The arithmetic agrees with GDate day after day, over leap years and centuries. */
static void
test_agrees_with_gdate (void)
{
  GDate g;
  RlDay start = rl_day_from_ymd (1599, 12, 25);

  g_date_clear (&g, 1);
  g_date_set_dmy (&g, 25, 12, 1599);
  g_assert_cmpuint (start, ==, g_date_get_julian (&g));
  for (RlDay d = start; d < start + 200000; d++)
    {
      int y, m, day;
      char iso[11], expected[11];

      rl_day_to_ymd (d, &y, &m, &day);
      g_assert_cmpint (y, ==, g_date_get_year (&g));
      g_assert_cmpint (m, ==, g_date_get_month (&g));
      g_assert_cmpint (day, ==, g_date_get_day (&g));
      g_assert_cmpuint (rl_day_from_ymd (y, m, day), ==, d);
      rl_day_to_iso_buf (d, iso);
      g_snprintf (expected, sizeof expected, "%04d-%02d-%02d", y, m, day);
      g_assert_cmpstr (iso, ==, expected);
      g_date_add_days (&g, 1);
    }
  g_assert_cmpuint (rl_day_from_ymd (1, 1, 1), ==, 1);
  g_assert_cmpuint (rl_day_from_ymd (1900, 2, 29), ==, RL_DAY_NONE);
  g_assert_cmpuint (rl_day_from_ymd (2000, 2, 29), !=, RL_DAY_NONE);
}

static void
test_months (void)
{
  static const struct { const char *from; int months; const char *to; } cases[] = {
    { "2026-01-31", 1, "2026-02-28" },
    { "2024-01-31", 1, "2024-02-29" },
    { "2026-11-22", 2, "2027-01-22" },
    { "2026-03-31", -1, "2026-02-28" },
    { "2026-01-15", -12, "2025-01-15" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *iso = rl_day_to_iso (rl_day_add_months (rl_day_from_iso (cases[i].from),
                                                               cases[i].months));
      g_assert_cmpstr (iso, ==, cases[i].to);
    }
  {
    g_autofree char *eom = rl_day_to_iso (rl_day_end_of_month (rl_day_from_iso ("2024-02-10")));
    g_assert_cmpstr (eom, ==, "2024-02-29");
  }
}

static void
test_format (void)
{
  static const struct { const char *iso; const char *lang; const char *lng; const char *shrt; } cases[] = {
    { "2026-11-22", "fr", "22 novembre 2026", "22/11/2026" },
    { "2026-11-01", "fr", "1er novembre 2026", "01/11/2026" },
    { "2026-08-15", "fr", "15 août 2026", "15/08/2026" },
    { "2026-02-03", "fr_FR", "3 février 2026", "03/02/2026" },
    { "2026-11-22", "en", "22 November 2026", "22 Nov 2026" },
    { "2026-11-01", "en", "1 November 2026", "1 Nov 2026" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RlDay d = rl_day_from_iso (cases[i].iso);
      g_autofree char *l = rl_day_format_long (d, cases[i].lang);
      g_autofree char *s = rl_day_format_short (d, cases[i].lang);

      g_assert_cmpstr (l, ==, cases[i].lng);
      g_assert_cmpstr (s, ==, cases[i].shrt);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/relance/date/parse", test_parse);
  g_test_add_func ("/relance/date/iso", test_iso);
  g_test_add_func ("/relance/date/months", test_months);
  g_test_add_func ("/relance/date/agrees-with-gdate", test_agrees_with_gdate);
  g_test_add_func ("/relance/date/format", test_format);
  return g_test_run ();
}
