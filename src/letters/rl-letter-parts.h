/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-letter.h"

G_BEGIN_DECLS

/* A day's batch drawn in parts, one per worker thread, then joined: see rl-letter-parts.c. */

typedef struct _RlLetterParts RlLetterParts;

RlLetterParts *rl_letter_parts_new            (const RlLetterSettings  *settings,
                                               const char              *batch_path,
                                               RlDay                    as_of,
                                               guint                    n_letters,
                                               guint                    n_parts,
                                               GError                 **error);
guint          rl_letter_parts_get_parts      (RlLetterParts           *parts);
guint          rl_letter_parts_get_index      (RlLetterParts           *parts,
                                               guint                    n);
void           rl_letter_parts_push_action    (RlLetterParts           *parts,
                                               guint                    index,
                                               RlActionDocument        *doc);
void           rl_letter_parts_push_error     (RlLetterParts           *parts,
                                               guint                    index,
                                               GError                  *error);
gboolean       rl_letter_parts_wait           (RlLetterParts           *parts,
                                               guint                    index,
                                               int                     *out_pages,
                                               GError                 **error);
gboolean       rl_letter_parts_finish         (RlLetterParts           *parts,
                                               GError                 **error);
guint          rl_letter_parts_get_first_page (RlLetterParts           *parts,
                                               guint                    index);
GBytes        *rl_letter_parts_get_letter_pdf (RlLetterParts           *parts,
                                               guint                    index,
                                               GError                 **error);
gboolean       rl_letter_parts_save_letters   (RlLetterParts           *parts,
                                               const char * const      *paths,
                                               GError                 **error);
guint          rl_letter_parts_get_pages      (RlLetterParts           *parts);
void           rl_letter_parts_free           (RlLetterParts           *parts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlLetterParts, rl_letter_parts_free)

G_END_DECLS
