/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-book.h"
#include "rl-book-matches.h"

G_BEGIN_DECLS

/* Below this confidence a match waits for the user. */
#define RL_MATCH_AUTO_CONFIDENCE 85

/* Where a received payment should go, and how sure that is. */
typedef struct
{
  RlMatchReason  reason;
  int            confidence;     /* 0: nothing found */
  gboolean       automatic;      /* sure enough to allocate without asking */
  gint64         customer_id;    /* the payer, if known (0 otherwise) */
  GArray        *invoice_ids;    /* (element-type gint64): in the order to settle them */
} RlMatchResult;

void      rl_match_result_clear (RlMatchResult     *result);
gboolean  rl_match_payment      (RlBook            *book,
                                 const RlPayment   *payment,
                                 const char        *structured_ref,
                                 const char        *text,
                                 RlMatchResult     *result,
                                 GError           **error);
gboolean  rl_match_apply        (RlBook            *book,
                                 const RlPayment   *payment,
                                 const RlMatchResult *result,
                                 RlCents           *out_allocated,
                                 GError           **error);

G_END_DECLS
