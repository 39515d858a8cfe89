/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-book.h"
#include "rl-import-format.h"

G_BEGIN_DECLS

/* One transaction of a bank statement entry (an entry of a batch holds several). */
typedef struct
{
  char     *xpath;          /* where it is, for messages */
  gboolean  credit;         /* CRDT: money received */
  gboolean  booked;         /* BOOK; PDNG and INFO are not */
  gboolean  reversal;       /* RvslInd */
  RlDay     date;           /* BookgDt, else ValDt */
  RlCents   amount;
  char     *currency;
  char     *key;            /* the bank's reference of the transaction, unique */
  char     *end_to_end;     /* EndToEndId, NULL when NOTPROVIDED */
  char     *debtor_name;
  char     *debtor_iban;
  char     *text;           /* RmtInf/Ustrd, joined by spaces */
  char     *structured_ref; /* RmtInf/Strd/CdtrRefInf/Ref */
} RlCamtTx;

typedef struct
{
  char       *message;      /* "camt.053.001.02" */
  GPtrArray  *txs;          /* (element-type RlCamtTx) */
} RlCamtDoc;

#define RL_CAMT_MAX_SIZE RL_IMPORT_MAX_XML

RlCamtDoc *rl_camt_parse      (const char      *data,
                               gsize            len,
                               const char      *name,
                               RlImportReport  *report,
                               GError         **error);
void       rl_camt_doc_free   (RlCamtDoc       *doc);

typedef struct
{
  gboolean  dry_run;
  const RlImportControl *control;  /* (nullable): progress and cancellation */
} RlCamtOptions;

gboolean   rl_camt_import     (RlBook               *book,
                               const char           *path,
                               const RlCamtOptions  *options,
                               RlImportReport      **out_report,
                               GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlCamtDoc, rl_camt_doc_free)

G_END_DECLS
