/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-date"

#include "config.h"

#include "rl-date.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "rl-error.h"

static const char * const months_fr[12] = {
  "janvier", "février", "mars", "avril", "mai", "juin",
  "juillet", "août", "septembre", "octobre", "novembre", "décembre",
};
static const char * const months_en[12] = {
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
};

int
rl_day_days_in_month (int year,
                      int month)
{
  static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  g_return_val_if_fail (month >= 1 && month <= 12, 0);
  if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
    return 29;
  return days[month - 1];
}

/**
 * rl_day_from_ymd:
 *
 * Returns: the day, or %RL_DAY_NONE when the date does not exist (30 February) or lies
 *   outside years 1..9999.
 */
/* GDate's Julian day of 1970-01-01: days are counted as GDate counts them. */
#define JULIAN_1970 719163

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms):
 * plain arithmetic, as fast as the million dates of an import need. */
static gint64
days_from_civil (gint64 y,
                 int    m,
                 int    d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void
civil_from_days (gint64  z,
                 int    *year,
                 int    *month,
                 int    *day)
{
  gint64 era, doe, yoe, y, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *day = (int) (doy - (153 * mp + 2) / 5 + 1);
  *month = (int) (mp < 10 ? mp + 3 : mp - 9);
  *year = (int) (y + (*month <= 2));
}

/**
 * rl_day_from_ymd:
 *
 * Returns: the day, or %RL_DAY_NONE when the date does not exist (30 February) or lies
 *   outside years 1..9999.
 */
RlDay
rl_day_from_ymd (int year,
                 int month,
                 int day)
{
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
    return RL_DAY_NONE;
  if (day > rl_day_days_in_month (year, month))
    return RL_DAY_NONE;
  return (RlDay) (days_from_civil (year, month, day) + JULIAN_1970);
}

void
rl_day_to_ymd (RlDay  day,
               int   *year,
               int   *month,
               int   *mday)
{
  int y, m, d;

  g_return_if_fail (day != RL_DAY_NONE);
  civil_from_days ((gint64) day - JULIAN_1970, &y, &m, &d);
  if (year)
    *year = y;
  if (month)
    *month = m;
  if (mday)
    *mday = d;
}

static gboolean
read_digits (const char *p,
             int         n,
             int        *out)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      v = v * 10 + (p[i] - '0');
    }
  *out = v;
  return TRUE;
}

/**
 * rl_day_from_iso:
 * @iso: (nullable): "YYYY-MM-DD"
 *
 * The fast, strict reader for the book's own dates.
 *
 * Returns: the day, or %RL_DAY_NONE if @iso is %NULL or not a valid ISO date
 */
RlDay
rl_day_from_iso (const char *iso)
{
  int y, m, d;

  if (iso == NULL || strlen (iso) < 10 || iso[4] != '-' || iso[7] != '-')
    return RL_DAY_NONE;
  if (!read_digits (iso, 4, &y) || !read_digits (iso + 5, 2, &m) || !read_digits (iso + 8, 2, &d))
    return RL_DAY_NONE;
  if (iso[10] != '\0')
    return RL_DAY_NONE;
  return rl_day_from_ymd (y, m, d);
}

void
rl_day_to_iso_buf (RlDay day,
                   char  buf[11])
{
  int y, m, d;

  if (day == RL_DAY_NONE)
    {
      buf[0] = '\0';
      return;
    }
  rl_day_to_ymd (day, &y, &m, &d);
  buf[0] = '0' + y / 1000;
  buf[1] = '0' + y / 100 % 10;
  buf[2] = '0' + y / 10 % 10;
  buf[3] = '0' + y % 10;
  buf[4] = '-';
  buf[5] = '0' + m / 10;
  buf[6] = '0' + m % 10;
  buf[7] = '-';
  buf[8] = '0' + d / 10;
  buf[9] = '0' + d % 10;
  buf[10] = '\0';
}

/**
 * rl_day_to_iso:
 *
 * Returns: (transfer full) (nullable): "YYYY-MM-DD", or %NULL for %RL_DAY_NONE
 */
char *
rl_day_to_iso (RlDay day)
{
  char buf[11];

  if (day == RL_DAY_NONE)
    return NULL;
  rl_day_to_iso_buf (day, buf);
  return g_strdup (buf);
}

RlDay
rl_day_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return rl_day_from_ymd (g_date_time_get_year (now), g_date_time_get_month (now),
                          g_date_time_get_day_of_month (now));
}

/* Same day of the month, months later (or earlier), clamped to the month's last day. */
RlDay
rl_day_add_months (RlDay day,
                   int   months)
{
  int y, m, d, total;

  rl_day_to_ymd (day, &y, &m, &d);
  total = y * 12 + (m - 1) + months;
  y = total / 12;
  m = total % 12 + 1;
  d = MIN (d, rl_day_days_in_month (y, m));
  return rl_day_from_ymd (y, m, d);
}

RlDay
rl_day_end_of_month (RlDay day)
{
  int y, m;

  rl_day_to_ymd (day, &y, &m, NULL);
  return rl_day_from_ymd (y, m, rl_day_days_in_month (y, m));
}

/**
 * rl_day_parse:
 * @text: a date as written in files: "22/11/2026", "2026-11-22", "22.11.2026", "22-11-2026",
 *   "20261122", "22/11/26", optionally followed by a time ("2026-11-22T10:00:00",
 *   "22/11/2026 10:15") which is ignored
 * @order: how to read a date whose year is last
 * @out_day: (out): the day
 *
 * Returns: %TRUE on success; %FALSE with @error in %RL_PARSE_ERROR otherwise
 */
gboolean
rl_day_parse (const char   *text,
              RlDateOrder   order,
              RlDay        *out_day,
              GError      **error)
{
  int f[3] = { 0, 0, 0 };
  int len[3] = { 0, 0, 0 };
  int nf = 0;
  const char *p;
  char sep = 0;
  int y = 0, m = 0, d = 0;
  RlDay day;

  g_return_val_if_fail (out_day != NULL, FALSE);

  if (text == NULL)
    text = "";
  p = text;
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p == '\0')
    {
      g_set_error_literal (error, RL_PARSE_ERROR, RL_PARSE_ERROR_EMPTY, _("empty date"));
      return FALSE;
    }

  /* Compact YYYYMMDD, as in the FEC. */
  if (read_digits (p, 8, &y) && !g_ascii_isdigit (p[8]))
    {
      y = f[0] = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
      read_digits (p + 4, 2, &m);
      read_digits (p + 6, 2, &d);
      p += 8;
      goto check_tail;
    }

  while (nf < 3)
    {
      if (!g_ascii_isdigit (*p))
        goto syntax;
      while (g_ascii_isdigit (*p) && len[nf] < 5)
        {
          f[nf] = f[nf] * 10 + (*p - '0');
          len[nf]++;
          p++;
        }
      if (g_ascii_isdigit (*p))
        goto syntax;
      nf++;
      if (nf == 3)
        break;
      if (*p != '/' && *p != '-' && *p != '.')
        goto syntax;
      if (sep != 0 && *p != sep)
        goto syntax;
      sep = *p++;
    }

  if (len[0] == 4)
    {
      y = f[0];
      m = f[1];
      d = f[2];
      if (len[1] > 2 || len[2] > 2)
        goto syntax;
    }
  else
    {
      if (len[0] > 2 || len[1] > 2 || (len[2] != 4 && len[2] != 2))
        goto syntax;
      y = len[2] == 2 ? 2000 + f[2] : f[2];
      if (order == RL_DATE_ORDER_MDY)
        {
          m = f[0];
          d = f[1];
        }
      else
        {
          d = f[0];
          m = f[1];
        }
    }

check_tail:
  /* Allow a time of day after the date, nothing else. */
  if (*p == 'T' || *p == ' ')
    {
      const char *t = p + 1;

      while (*t == ' ')
        t++;
      if (*t != '\0' && !(g_ascii_isdigit (t[0]) && g_ascii_isdigit (t[1]) && t[2] == ':'))
        goto syntax;
    }
  else if (*p != '\0')
    goto syntax;

  day = rl_day_from_ymd (y, m, d);
  if (day == RL_DAY_NONE)
    {
      g_set_error (error, RL_PARSE_ERROR, RL_PARSE_ERROR_RANGE, _("“%s” is not a valid date"), text);
      return FALSE;
    }
  *out_day = day;
  return TRUE;

syntax:
  g_set_error (error, RL_PARSE_ERROR, RL_PARSE_ERROR_SYNTAX, _("“%s” is not a date"), text);
  return FALSE;
}

/**
 * rl_day_format_long:
 * @language: "fr" or "en"
 *
 * The date as a letter writes it: "1er novembre 2026", "22 novembre 2026", "22 November 2026".
 * The language is the reader's (the customer's), not the user's interface language.
 *
 * Returns: (transfer full): the text
 */
char *
rl_day_format_long (RlDay       day,
                    const char *language)
{
  int y, m, d;

  g_return_val_if_fail (day != RL_DAY_NONE, g_strdup (""));
  rl_day_to_ymd (day, &y, &m, &d);
  if (language != NULL && g_str_has_prefix (language, "fr"))
    {
      if (d == 1)
        return g_strdup_printf ("1er %s %d", months_fr[m - 1], y);
      return g_strdup_printf ("%d %s %d", d, months_fr[m - 1], y);
    }
  return g_strdup_printf ("%d %s %d", d, months_en[m - 1], y);
}

/**
 * rl_day_format_short:
 *
 * "22/11/2026" in French, "22 Nov 2026" in English (never the ambiguous 11/22 form).
 *
 * Returns: (transfer full): the text
 */
char *
rl_day_format_short (RlDay       day,
                     const char *language)
{
  int y, m, d;

  if (day == RL_DAY_NONE)
    return g_strdup ("");
  rl_day_to_ymd (day, &y, &m, &d);
  if (language != NULL && g_str_has_prefix (language, "fr"))
    return g_strdup_printf ("%02d/%02d/%04d", d, m, y);
  return g_strdup_printf ("%d %.3s %d", d, months_en[m - 1], y);
}
