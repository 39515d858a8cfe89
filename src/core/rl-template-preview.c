/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-engine"

#include "config.h"

#include "rl-action-text.h"

#include <glib/gi18n-lib.h>

/* A template rendered as it is being typed: the same checks as when it is saved (syntax,
 * unknown variables), then the text with the sample customer's values. */

static char *
preview_part (const char               *text,
              const RlTemplateContext  *ctx,
              const char               *what,
              GError                  **error)
{
  g_autoptr(RlTemplate) tpl = rl_template_parse (text != NULL ? text : "", error);
  char *out = NULL;

  if (tpl != NULL && rl_template_check (tpl, NULL, error))
    out = rl_template_render (tpl, ctx, RL_TEMPLATE_ESCAPE_NONE, error);
  if (out == NULL)
    g_prefix_error (error, "%s: ", what);
  return out;
}

/**
 * rl_template_preview:
 * @ctx: the values, from rl_book_sample_context()
 *
 * Renders a subject and a body being edited. Pure: reads nothing but its arguments.
 *
 * Returns: %TRUE with both texts, or %FALSE with @error saying which part is wrong and where
 *   (%RL_TEMPLATE_ERROR_SYNTAX, %RL_TEMPLATE_ERROR_UNKNOWN_VARIABLE…)
 */
gboolean
rl_template_preview (const RlTemplateContext  *ctx,
                     const char               *subject,
                     const char               *body,
                     char                    **out_subject,
                     char                    **out_body,
                     GError                  **error)
{
  g_autofree char *s = NULL;
  g_autofree char *b = NULL;

  g_return_val_if_fail (ctx != NULL, FALSE);

  s = preview_part (subject, ctx, _("Subject"), error);
  if (s == NULL)
    return FALSE;
  b = preview_part (body, ctx, _("Body"), error);
  if (b == NULL)
    return FALSE;
  *out_subject = g_steal_pointer (&s);
  *out_body = g_steal_pointer (&b);
  return TRUE;
}
