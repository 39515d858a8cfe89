/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Money is a count of cents in a gint64, never a floating-point number.
 * The largest amount the book accepts is ±RL_MONEY_MAX cents (10^15 €). */
typedef gint64 RlCents;

#define RL_MONEY_MAX ((RlCents) 100000000000000000LL)

/* How to read an ambiguous separator in "1,234" or "1.234". */
typedef enum
{
  RL_DECIMAL_AUTO,   /* guess: the last separator is decimal unless it has exactly 3 digits after it
                        and another separator style was seen */
  RL_DECIMAL_COMMA,  /* French: "1 234,56", "1.234,56" */
  RL_DECIMAL_POINT,  /* English: "1,234.56" */
} RlDecimalStyle;

gboolean  rl_money_parse         (const char     *text,
                                  RlDecimalStyle  style,
                                  RlCents        *out_cents,
                                  GError        **error);
char     *rl_money_to_plain      (RlCents         cents);
char     *rl_money_format        (RlCents         cents,
                                  const char     *currency,
                                  const char     *language);
RlCents   rl_money_mul_div_round (RlCents         value,
                                  gint64          numerator,
                                  gint64          denominator);

G_END_DECLS
