/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the daily run's parts share (rl-engine.c runs them in order): reading the book and
 * revisiting the open actions (rl-engine-read.c), proposing the day's actions
 * (rl-engine-propose.c) and the thank-yous (rl-engine-thanks.c). */

#include "rl-engine.h"
#include "rl-engine-filter.h"

G_BEGIN_DECLS

G_STATIC_ASSERT (RL_PLAN_MAX_STEPS <= 32);   /* Item.skipped */

/* One invoice in an action being made, with the step it is to receive (none for a thank-you)
 * and the steps of its plan it jumped over on the way (bit s for the plan's step s). */
typedef struct
{
  gint64             id;
  RlCents            left;
  RlDay              due;
  const RlPlanStep  *step;
  const RlPlan      *plan;
  guint32            skipped;
} Item;

/* An invoice of an action the run made, with the step it is to receive (none for a
 * thank-you) and the steps of its plan it jumped over (as in Item): kept until the end of the
 * run, then written in key order (actions are numbered in the order they were made). The step
 * is the invoice's once the action is carried out or skipped (rl_book_set_action_state()). */
typedef struct
{
  gint64        action_id;
  gint64        invoice_id;
  RlCents       left;
  int           days_late;
  gint64        step_id;     /* 0: none */
  const RlPlan *plan;
  guint32       skipped;
} LinkRow;

/* An open invoice issued by the day of the run and due by its horizon. */
typedef struct
{
  gint64       id;
  gint64       customer_id;
  RlDay        due;
  RlCents      left;
} OpenInvoice;

typedef struct
{
  RlBook      *book;
  RlDay        as_of;
  char         as_of_iso[11];
  GPtrArray   *plans;        /* RlPlan */
  RlRunReport *report;
  GArray      *link_rows;    /* LinkRow */
  RlRunFilter *filter;       /* customers and holds at the day */
  GArray      *open;         /* OpenInvoice: the invoices the run may chase, by customer */
  GArray      *open_ids;     /* OpenInvoice: the same, sorted by id (made when first needed) */
  GArray      *scratch;      /* Item: room reused by each action made */
  GArray      *steps_had;    /* StepsHad by invoice id, when read in one pass (else NULL) */
} Run;

/* The steps an invoice had (see steps_had() in rl-engine-propose.c). */
typedef struct
{
  gint64 invoice_id;
  int    value;
} StepsHad;

const RlPlan *_rl_engine_plan_by_id           (Run               *run,
                                               gint64             id);
const RlPlan *_rl_engine_plan_for_class       (Run               *run,
                                               char               klass);
gboolean      _rl_engine_chaseable            (Run               *run,
                                               gint64             invoice_id,
                                               gint64             customer_id);
gboolean      _rl_engine_load_open_invoices   (Run               *run,
                                               GError           **error);
gboolean      _rl_engine_revisit_open_actions (Run               *run,
                                               GError           **error);
gboolean      _rl_engine_create_action        (Run               *run,
                                               gint64             customer_id,
                                               const char        *customer_code,
                                               const char        *customer_name,
                                               const RlPlanStep  *top,
                                               gboolean           needs_approval,
                                               gboolean           stale,
                                               GArray            *items,
                                               RlCents            amount,
                                               const char        *kind,
                                               GError           **error);
gboolean      _rl_engine_propose              (Run               *run,
                                               gboolean           stale,
                                               GError           **error);
gboolean      _rl_engine_flush_rows           (Run               *run,
                                               GError           **error);
gboolean      _rl_engine_thank_yous           (Run               *run,
                                               gboolean           stale,
                                               GError           **error);

G_END_DECLS
