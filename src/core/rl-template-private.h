/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rl-template.h"

G_BEGIN_DECLS

/* What the parser and renderer (rl-template.c) share with the values a caller sets
 * (rl-template-context.c). */

typedef struct
{
  RlTemplateValueType type;
  union
  {
    char      *s;
    RlCents    money;
    RlDay      day;
    gint64     i;
    GPtrArray *list;   /* of RlTemplateRecord */
  };
} RlTemplateValue;

struct _RlTemplateRecord
{
  GHashTable *fields;  /* name → RlTemplateValue */
};

struct _RlTemplateContext
{
  char             *language;
  RlTemplateRecord *root;
};


/* The texts shipped with Relance, in both languages (rl-template-texts.c). */
extern const RlTemplateDefault _rl_template_texts[];
extern const gsize             _rl_template_n_texts;

G_END_DECLS
