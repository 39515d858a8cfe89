/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rl-book.h"

G_BEGIN_DECLS

/* What the FEC and bank-statement imports need of the book beyond rl-book.h. */

gboolean     rl_book_clear_credit_allocations (RlBook     *self,
                                               gint64      credit_note_id,
                                               GError    **error);

G_END_DECLS
