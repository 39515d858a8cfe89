/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rl-action-text.h"
#include "rl-engine.h"

G_BEGIN_DECLS

/* What the rendering of an action's text (rl-action-text.c) shares with the building of its
 * context (rl-action-context.c). */

/* The context of @action's text; with @doc, for a printed letter, whose facts it fills in;
 * @language overrides the customer's when it is not %NULL. */
RlTemplateContext *_rl_action_build_context (RlBook            *book,
                                             const RlAction    *action,
                                             RlDay              as_of,
                                             const char        *language,
                                             RlActionDocument  *doc,
                                             GError           **error);

G_END_DECLS
