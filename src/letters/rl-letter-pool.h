/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-letter.h"

G_BEGIN_DECLS

/* Letters drawn on worker threads and put into a writer's batch in the order given: see
 * rl-letter-pool.c. */

typedef struct _RlLetterPool RlLetterPool;

RlLetterPool *rl_letter_pool_new         (RlLetterWriter          *batch,
                                          const RlLetterSettings  *settings,
                                          RlDay                    as_of,
                                          guint                    n_threads);
void          rl_letter_pool_push_action (RlLetterPool            *pool,
                                          RlActionDocument        *doc,
                                          gboolean                 want_pdf,
                                          const char              *path,
                                          gpointer                 tag);
void          rl_letter_pool_push_error  (RlLetterPool            *pool,
                                          GError                  *error,
                                          gpointer                 tag);
guint         rl_letter_pool_get_threads (RlLetterPool            *pool);
guint         rl_letter_pool_get_pending (RlLetterPool            *pool);
gboolean      rl_letter_pool_pop         (RlLetterPool            *pool,
                                          gpointer                *out_tag,
                                          GBytes                 **out_pdf,
                                          int                     *out_pages,
                                          GError                 **error);
void          rl_letter_pool_free        (RlLetterPool            *pool);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlLetterPool, rl_letter_pool_free)

G_END_DECLS
