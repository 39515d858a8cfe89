/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-import-format.h"

G_BEGIN_DECLS

/* What a receivable line of a FEC becomes. */
typedef enum
{
  RL_FEC_INVOICE,       /* a debit */
  RL_FEC_CREDIT_NOTE,   /* a credit in a sales journal */
  RL_FEC_PAYMENT,       /* any other credit */
} RlFecKind;

typedef struct
{
  guint        line;           /* 1-based */
  RlFecKind    kind;
  const char  *customer_code;  /* CompAuxNum, else CompteNum */
  const char  *customer_name;
  const char  *label;          /* EcritureLib, or NULL */
  const char  *let;            /* EcritureLet, or NULL when open */
  const char  *key;            /* the invoice number or the payment key, unique in the file */
  RlDay        date;           /* PieceDate, else EcritureDate */
  RlCents      amount;         /* debit positive, credit negative */
  gboolean     opening;        /* an opening balance (à-nouveaux journal) */
  gint64       id;             /* in the book, once written */
  RlCents      owed;           /* an invoice's rest once lettered, -1 when not known */
} RlFecLine;

typedef struct
{
  GArray       *lines;         /* (element-type RlFecLine): the receivable lines */
  GStringChunk *strings;
  char          sha256[65];
} RlFecFile;

gboolean  rl_fec_read        (const char      *path,
                              const char      *prefix,
                              const char      *encoding,
                              RlFecFile       *file,
                              RlImportReport  *report,
                              GError         **error);
void      rl_fec_file_clear  (RlFecFile       *file);

G_END_DECLS
