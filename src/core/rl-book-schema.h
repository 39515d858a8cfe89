/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int         _rl_book_schema_n_migrations (void);
const char *_rl_book_schema_migration    (int version);
const char *_rl_book_schema_totals_triggers (void);
const char *_rl_book_schema_totals_fill  (const char *table);

G_END_DECLS
