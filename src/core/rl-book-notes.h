/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-book.h"
#include "rl-date.h"
#include "rl-money.h"

G_BEGIN_DECLS

/* Notes written about a customer, and how a payment plan's installments are cut. */

/* The longest note, in characters. */
#define RL_NOTE_MAX_CHARS 4000
/* The most installments a payment plan may have. */
#define RL_INSTALLMENTS_MAX 60

typedef struct
{
  gint64  id;
  gint64  customer_id;
  char   *created_at;   /* ISO 8601 UTC timestamp */
  char   *author;       /* may be "" */
  char   *text;
} RlNote;

void       rl_note_free          (RlNote      *note);
gint64     rl_book_add_note      (RlBook      *book,
                                  gint64       customer_id,
                                  const char  *author,
                                  const char  *text,
                                  GError     **error);
GPtrArray *rl_book_list_notes    (RlBook      *book,
                                  gint64       customer_id,
                                  GError     **error);

typedef enum
{
  RL_PERIOD_WEEK,
  RL_PERIOD_FORTNIGHT,
  RL_PERIOD_MONTH,
  RL_PERIOD_QUARTER,
} RlPeriod;

gboolean   rl_installments_split (RlCents      total,
                                  guint        n,
                                  RlDay        first,
                                  RlPeriod     period,
                                  RlDay       *due_dates,
                                  RlCents     *amounts,
                                  GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlNote, rl_note_free)

G_END_DECLS
