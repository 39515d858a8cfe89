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


G_END_DECLS
