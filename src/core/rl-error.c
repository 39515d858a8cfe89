/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rl-error.h"

G_DEFINE_QUARK (rl-book-error-quark, rl_book_error)
G_DEFINE_QUARK (rl-parse-error-quark, rl_parse_error)
