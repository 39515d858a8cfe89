/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rl-book-private.h"
#include "rl-demo-data.h"
#include "rl-demo.h"

G_BEGIN_DECLS

/* Internals shared by rl-demo.c (the book, the company and the customers) and
 * rl-demo-ledger.c (invoices, credit notes and payments). */

typedef enum
{
  RL_DEMO_PAYS_EARLY,      /* before the due date */
  RL_DEMO_PAYS_ON_TIME,    /* around the due date */
  RL_DEMO_PAYS_SLOW,       /* 10 to 30 days late */
  RL_DEMO_PAYS_CHRONIC,    /* 30 to 120 days late */
  RL_DEMO_PAYS_STOPPED,    /* slow, then nothing at all lately */
} RlDemoBehaviour;

typedef enum
{
  RL_DEMO_METHOD_TRANSFER,
  RL_DEMO_METHOD_CHEQUE,
  RL_DEMO_METHOD_DIRECT_DEBIT,
  RL_DEMO_METHOD_CARD,
} RlDemoMethod;

typedef struct
{
  gint64      id;
  const char *payer;       /* as a bank statement spells it */
  const char *iban;
  RlDay       since;       /* first invoice not before */
  RlDay       until;       /* no invoice after, or RL_DAY_NONE */
  RlDay       stop;        /* pays nothing from this day on, or RL_DAY_NONE */
  gint16      mu;          /* log10 of a typical invoice in euros, × 1000 */
  guint8      behaviour;
  guint8      method;
  guint8      terms;
  guint8      end_of_month;
  guint8      vat_permille;
  guint8      consumer : 1;
  guint8      foreign : 1;
} RlDemoCustomer;

/* An invoice whose credit note comes a few days later; its payments wait for the credit note,
 * so that allocations are written in date order. */
typedef struct
{
  RlDay    day;
  guint    customer;
  gint64   invoice_id;
  RlDay    issue;
  RlDay    due;
  RlCents  invoice_amount;
  RlCents  amount;
  gboolean applied;
  char     number[24];
} RlDemoPendingCredit;

typedef struct
{
  int  year;
  guint seq;
} RlDemoSequence;

typedef struct
{
  RlBook          *book;
  sqlite3         *db;
  guint            n_customers;
  guint            n_docs_wanted;
  RlDay            as_of;
  RlDay            start;
  gint64           import_id;
  char             now[32];
  RlDemoRng        rng;
  RlDemoCustomer  *customers;
  guint64         *cum_weights;
  GStringChunk    *strings;
  GHashTable      *sirens;
  GArray          *pending;
  RlDemoSequence   invoice_seq;
  RlDemoSequence   credit_seq;
  guint            n_docs;
  guint            n_payments;
  sqlite3_stmt    *ins_customer;
  sqlite3_stmt    *ins_contact;
  sqlite3_stmt    *ins_invoice;
  sqlite3_stmt    *ins_payment;
  sqlite3_stmt    *ins_allocation;
  RlDemoProgress   progress;
  gpointer         user_data;
  double           reported;
} RlDemoGen;

#define rng_next    _rl_demo_rng_next
#define rng_below   _rl_demo_rng_below
#define rng_range   _rl_demo_rng_range
#define rng_chance  _rl_demo_rng_chance
#define rng_word    _rl_demo_rng_word

/* Binds text that outlives the statement's next step. */
static inline void
_rl_demo_bind_static (sqlite3_stmt *stmt,
                      int           index,
                      const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

gboolean _rl_demo_step_done     (RlDemoGen     *g,
                                 sqlite3_stmt  *stmt,
                                 GError       **error);
void     _rl_demo_report        (RlDemoGen     *g,
                                 double         fraction);
gboolean _rl_demo_make_invoices (RlDemoGen     *g,
                                 GError       **error);

G_END_DECLS
