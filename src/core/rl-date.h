/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A calendar day as a GDate Julian day number (1 = 0001-01-01); 0 means "no date".
 * The book stores days as ISO 8601 text "YYYY-MM-DD"; the code computes with RlDay. */
typedef guint32 RlDay;

#define RL_DAY_NONE ((RlDay) 0)

/* Order of day and month in a date like 03/04/2026. */
typedef enum
{
  RL_DATE_ORDER_DMY,  /* French and most of Europe: 03/04/2026 is 3 April */
  RL_DATE_ORDER_MDY,  /* United States */
  RL_DATE_ORDER_YMD,
} RlDateOrder;

RlDay     rl_day_from_ymd         (int year, int month, int day);
void      rl_day_to_ymd           (RlDay day, int *year, int *month, int *mday);
RlDay     rl_day_from_iso         (const char *iso);
char     *rl_day_to_iso           (RlDay day);
void      rl_day_to_iso_buf       (RlDay day, char buf[11]);
RlDay     rl_day_today            (void);
RlDay     rl_day_add_months       (RlDay day, int months);
RlDay     rl_day_end_of_month     (RlDay day);
int       rl_day_days_in_month    (int year, int month);
gboolean  rl_day_parse            (const char  *text,
                                   RlDateOrder  order,
                                   RlDay       *out_day,
                                   GError     **error);
char     *rl_day_format_long      (RlDay day, const char *language);
char     *rl_day_format_short     (RlDay day, const char *language);

G_END_DECLS
