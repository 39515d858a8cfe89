/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-book.h"
#include "rl-date.h"
#include "rl-template.h"

G_BEGIN_DECLS

/* The words of an action: the book's templates (the user's edited versions of the shipped
 * texts), an action's own edited text, and the message an action sends, rendered from the
 * book in the customer's language.
 *
 * Templates are checked when they are saved: a syntax error or an unknown variable is
 * refused then, with its line, so that a letter never goes out with a blank in it. */

gboolean  rl_book_get_template   (RlBook            *book,
                                  const char        *key,
                                  const char        *language,
                                  char             **out_subject,
                                  char             **out_body,
                                  gboolean          *out_edited,
                                  GError           **error);
gboolean  rl_book_set_template   (RlBook            *book,
                                  const char        *key,
                                  const char        *language,
                                  const char        *subject,
                                  const char        *body,
                                  GError           **error);
gboolean  rl_book_reset_template (RlBook            *book,
                                  const char        *key,
                                  const char        *language,
                                  GError           **error);

gboolean  rl_action_render       (RlBook            *book,
                                  gint64             action_id,
                                  RlDay              as_of,
                                  RlTemplateEscape   escape,
                                  char             **out_subject,
                                  char             **out_body,
                                  GError           **error);
gboolean  rl_action_set_text     (RlBook            *book,
                                  gint64             action_id,
                                  const char        *subject,
                                  const char        *body,
                                  GError           **error);

G_END_DECLS
