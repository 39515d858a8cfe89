/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-template"

#include "config.h"

#include "rl-template.h"

#include "rl-template-private.h"

/* The values a template is rendered with: a tree of records whose fields are strings, money,
 * days, integers or lists of records. */

static void
value_free (gpointer data)
{
  RlTemplateValue *v = data;

  if (v->type == RL_TEMPLATE_VALUE_STRING)
    g_free (v->s);
  else if (v->type == RL_TEMPLATE_VALUE_LIST)
    g_ptr_array_unref (v->list);
  g_free (v);
}

static RlTemplateRecord *
record_new (void)
{
  RlTemplateRecord *rec = g_new0 (RlTemplateRecord, 1);

  rec->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, value_free);
  return rec;
}

static void
record_free (gpointer data)
{
  RlTemplateRecord *rec = data;

  g_hash_table_unref (rec->fields);
  g_free (rec);
}

static RlTemplateValue *
record_put (RlTemplateRecord    *rec,
            const char          *name,
            RlTemplateValueType  type)
{
  RlTemplateValue *v = g_new0 (RlTemplateValue, 1);

  v->type = type;
  g_hash_table_replace (rec->fields, g_strdup (name), v);
  return v;
}

/* Contexts */

/**
 * rl_template_context_new:
 * @language: the reader's language, "fr" or "en": amounts and dates are written in it
 *
 * Returns: (transfer full): an empty context; free with rl_template_context_free()
 */
RlTemplateContext *
rl_template_context_new (const char *language)
{
  RlTemplateContext *ctx = g_new0 (RlTemplateContext, 1);

  ctx->language = g_strdup (language != NULL ? language : "fr");
  ctx->root = record_new ();
  return ctx;
}

void
rl_template_context_free (RlTemplateContext *ctx)
{
  if (ctx == NULL)
    return;
  record_free (ctx->root);
  g_free (ctx->language);
  g_free (ctx);
}

const char *
rl_template_context_get_language (const RlTemplateContext *ctx)
{
  g_return_val_if_fail (ctx != NULL, NULL);
  return ctx->language;
}

/**
 * rl_template_context_get_root:
 *
 * Returns: (transfer none): the record of the top-level names
 */
RlTemplateRecord *
rl_template_context_get_root (RlTemplateContext *ctx)
{
  g_return_val_if_fail (ctx != NULL, NULL);
  return ctx->root;
}

void
rl_template_context_set_string (RlTemplateContext *ctx,
                                const char        *name,
                                const char        *value)
{
  g_return_if_fail (ctx != NULL);
  rl_template_record_set_string (ctx->root, name, value);
}

void
rl_template_context_set_money (RlTemplateContext *ctx,
                               const char        *name,
                               RlCents            value)
{
  g_return_if_fail (ctx != NULL);
  rl_template_record_set_money (ctx->root, name, value);
}

void
rl_template_context_set_day (RlTemplateContext *ctx,
                             const char        *name,
                             RlDay              value)
{
  g_return_if_fail (ctx != NULL);
  rl_template_record_set_day (ctx->root, name, value);
}

void
rl_template_context_set_int (RlTemplateContext *ctx,
                             const char        *name,
                             gint64             value)
{
  g_return_if_fail (ctx != NULL);
  rl_template_record_set_int (ctx->root, name, value);
}

/**
 * rl_template_context_set_list:
 *
 * Makes @name an empty list (replacing any value): a list with no items must still be set,
 * or a template using it fails to render.
 */
void
rl_template_context_set_list (RlTemplateContext *ctx,
                              const char        *name)
{
  g_return_if_fail (ctx != NULL);
  rl_template_record_set_list (ctx->root, name);
}

/**
 * rl_template_context_list_append:
 *
 * Adds an item to the list @name, creating the list if needed.
 *
 * Returns: (transfer none): the new item, owned by the context; set its fields
 */
RlTemplateRecord *
rl_template_context_list_append (RlTemplateContext *ctx,
                                 const char        *name)
{
  g_return_val_if_fail (ctx != NULL, NULL);
  return rl_template_record_list_append (ctx->root, name);
}

/* A NULL string is stored as "": a caller that sets a name says it has no value to show. */
void
rl_template_record_set_string (RlTemplateRecord *rec,
                               const char       *name,
                               const char       *value)
{
  g_return_if_fail (rec != NULL);
  g_return_if_fail (name != NULL);
  record_put (rec, name, RL_TEMPLATE_VALUE_STRING)->s = g_strdup (value != NULL ? value : "");
}

void
rl_template_record_set_money (RlTemplateRecord *rec,
                              const char       *name,
                              RlCents           value)
{
  g_return_if_fail (rec != NULL);
  g_return_if_fail (name != NULL);
  record_put (rec, name, RL_TEMPLATE_VALUE_MONEY)->money = value;
}

/* RL_DAY_NONE is false in "if" and an error when printed. */
void
rl_template_record_set_day (RlTemplateRecord *rec,
                            const char       *name,
                            RlDay             value)
{
  g_return_if_fail (rec != NULL);
  g_return_if_fail (name != NULL);
  record_put (rec, name, RL_TEMPLATE_VALUE_DAY)->day = value;
}

void
rl_template_record_set_int (RlTemplateRecord *rec,
                            const char       *name,
                            gint64            value)
{
  g_return_if_fail (rec != NULL);
  g_return_if_fail (name != NULL);
  record_put (rec, name, RL_TEMPLATE_VALUE_INT)->i = value;
}

void
rl_template_record_set_list (RlTemplateRecord *rec,
                             const char       *name)
{
  g_return_if_fail (rec != NULL);
  g_return_if_fail (name != NULL);
  record_put (rec, name, RL_TEMPLATE_VALUE_LIST)->list =
    g_ptr_array_new_with_free_func (record_free);
}

/**
 * rl_template_record_list_append:
 *
 * Adds an item to the list @name of @rec (for lists inside list items), creating the list
 * if needed.
 *
 * Returns: (transfer none): the new item
 */
RlTemplateRecord *
rl_template_record_list_append (RlTemplateRecord *rec,
                                const char       *name)
{
  RlTemplateValue *v;
  RlTemplateRecord *item;

  g_return_val_if_fail (rec != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  v = g_hash_table_lookup (rec->fields, name);
  if (v == NULL || v->type != RL_TEMPLATE_VALUE_LIST)
    {
      rl_template_record_set_list (rec, name);
      v = g_hash_table_lookup (rec->fields, name);
    }
  item = record_new ();
  g_ptr_array_add (v->list, item);
  return item;
}
