/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-book.h"

G_BEGIN_DECLS

typedef struct
{
  guint    n_customers;
  guint    n_invoices;
  guint64  seed;
  RlDay    as_of;      /* the book's "today": the history ends here */
  guint    months;     /* of history before as_of, 24 by default */
} RlDemoOptions;

/* Called now and then with the share done, 0.0 to 1.0. */
typedef void (*RlDemoProgress) (double fraction, gpointer user_data);

gboolean rl_demo_generate (RlBook              *book,
                           const RlDemoOptions *options,
                           RlDemoProgress       progress,
                           gpointer             user_data,
                           GError             **error);

/* Checks a SIREN's Luhn key (9 digits). */
gboolean rl_siren_is_valid (const char *siren);

G_END_DECLS
