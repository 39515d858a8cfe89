/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RL_BOOK_ERROR (rl_book_error_quark ())
#define RL_PARSE_ERROR (rl_parse_error_quark ())

/* Errors of the book itself: opening, migrating, reading, writing. */
typedef enum
{
  RL_BOOK_ERROR_OPEN,
  RL_BOOK_ERROR_TOO_NEW,
  RL_BOOK_ERROR_MIGRATION,
  RL_BOOK_ERROR_SQL,
  RL_BOOK_ERROR_NOT_FOUND,
  RL_BOOK_ERROR_CONSTRAINT,
  RL_BOOK_ERROR_INVALID,
} RlBookError;

/* Errors of a value read from text: a number, a date, a code. */
typedef enum
{
  RL_PARSE_ERROR_EMPTY,
  RL_PARSE_ERROR_SYNTAX,
  RL_PARSE_ERROR_RANGE,
  RL_PARSE_ERROR_PRECISION,
  RL_PARSE_ERROR_AMBIGUOUS,
} RlParseError;

GQuark rl_book_error_quark (void);
GQuark rl_parse_error_quark (void);

G_END_DECLS
