/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-book.h"

G_BEGIN_DECLS

#define RL_ENGINE_ERROR (rl_engine_error_quark ())

typedef enum
{
  RL_ENGINE_ERROR_NOT_FOUND,
  RL_ENGINE_ERROR_STATE,      /* the action is not in a state that allows this */
  RL_ENGINE_ERROR_INVALID,
} RlEngineError;

typedef enum
{
  RL_CHANNEL_EMAIL,
  RL_CHANNEL_SMS,
  RL_CHANNEL_LETTER,
  RL_CHANNEL_REGISTERED_LETTER,
  RL_CHANNEL_CALL,
  RL_CHANNEL_TASK,
  RL_N_CHANNELS,
} RlChannel;

typedef enum
{
  RL_ACTION_PROPOSED,
  RL_ACTION_APPROVED,
  RL_ACTION_SENDING,
  RL_ACTION_DONE,
  RL_ACTION_FAILED,
  RL_ACTION_IN_DOUBT,
  RL_ACTION_CANCELLED,
  RL_ACTION_SKIPPED,
} RlActionState;

typedef struct
{
  gint64     id;
  int        position;
  int        offset_days;      /* from the due date; negative: before it */
  RlChannel  channel;
  char      *template_key;
  gboolean   needs_approval;
  gboolean   claims_penalties;
  int        min_gap_days;     /* since the customer's last contact */
} RlPlanStep;

typedef struct
{
  gint64      id;
  char       *key;
  char       *name;
  char        risk_class;      /* 'A'..'D', or 0 for a plan given to customers by hand */
  gboolean    thank_you;
  GPtrArray  *steps;           /* (element-type RlPlanStep), by position */
} RlPlan;

typedef struct
{
  gint64         id;
  char          *key;
  gint64         customer_id;
  char          *customer_code;
  char          *customer_name;
  gint64         step_id;      /* 0 for a thank-you */
  gboolean       thank_you;
  RlChannel      channel;
  char          *template_key;
  RlActionState  state;
  RlDay          proposed_on;
  gboolean       stale_data;
  RlCents        amount;       /* what its invoices still owed when proposed (or shrunk) */
  GArray        *invoice_ids;  /* gint64 */
  char          *reason;       /* why it was cancelled, shrunk or skipped */
  char          *outcome;
  char          *note;
  char          *registered_number; /* of a registered letter, once posted */
  RlDay          received_on;  /* when its acknowledgement of receipt came back */
} RlAction;

/* A payment plan (échéancier) agreed with a customer, with its installments. */
typedef struct
{
  gint64     id;
  gint64     customer_id;
  char      *customer_code;
  RlDay      agreed_on;
  char      *state;          /* "active", "completed", "broken", "cancelled" */
  RlDay      ended_on;
  GArray    *due_dates;      /* RlDay */
  GArray    *amounts;        /* RlCents */
} RlPaymentPlan;

#define RL_PLAN_MAX_STEPS 32   /* steps in a plan */

/* What a run did. */
typedef struct
{
  RlDay     as_of;
  guint     proposed;          /* new actions */
  guint     skipped_steps;     /* steps jumped over by a catch-up, per invoice */
  guint     deferred;          /* customers waiting for the minimum gap */
  guint     cancelled;         /* earlier actions cancelled: all their invoices settled or held */
  guint     shrunk;            /* earlier actions that lost some invoices */
  guint     promises_broken;
  guint     promises_kept;
  guint     payment_plans_broken;
  guint     thank_yous;
  guint     covered_by_credits; /* customers left alone: open credit notes cover what is due */
  gboolean  stale_data;        /* the last payment import is older than the threshold */
  RlDay     last_payment_import;
  char      rates_unconfirmed[8]; /* the run's half-year ("2026-H2") when its late-payment rates
                                   * are not confirmed (letters cannot claim interest), or "" */
  GPtrArray *new_actions;      /* (element-type RlAction) */
} RlRunReport;

GQuark         rl_engine_error_quark       (void);

const char    *rl_channel_to_string        (RlChannel      channel);
gboolean       rl_channel_from_string      (const char    *s,
                                            RlChannel     *out);
const char    *rl_channel_label            (RlChannel      channel);
const char    *rl_action_state_to_string   (RlActionState  state);
gboolean       rl_action_state_from_string (const char    *s,
                                            RlActionState *out);
const char    *rl_action_state_label       (RlActionState  state);
const char    *rl_step_label               (const char    *template_key);
const char    *rl_plan_label               (const RlPlan  *plan);

void           rl_plan_free                (RlPlan        *plan);
void           rl_action_free              (RlAction      *action);
void           rl_run_report_free          (RlRunReport   *report);
void           rl_payment_plan_free        (RlPaymentPlan *plan);

/* Plans (rl-plans.c) */
gboolean       rl_plans_ensure_defaults    (RlBook        *book,
                                            GError       **error);
GPtrArray     *rl_book_list_plans          (RlBook        *book,
                                            GError       **error);
RlPlan        *rl_book_find_plan           (RlBook        *book,
                                            const char    *key,
                                            GError       **error);
gboolean       rl_book_set_customer_plan   (RlBook        *book,
                                            gint64         customer_id,
                                            gint64         plan_id,
                                            GError       **error);
gboolean       rl_book_set_never_chase     (RlBook        *book,
                                            gint64         customer_id,
                                            gboolean       never,
                                            GError       **error);

/* Editing plans (rl-plans-edit.c); in the caller's transaction */
gint64         rl_book_create_plan         (RlBook        *book,
                                            const char    *key,
                                            const char    *name,
                                            char           risk_class,
                                            const char    *copy_from_key,
                                            GError       **error);
gboolean       rl_book_delete_plan         (RlBook        *book,
                                            gint64         plan_id,
                                            GError       **error);
gboolean       rl_book_rename_plan         (RlBook        *book,
                                            gint64         plan_id,
                                            const char    *name,
                                            GError       **error);
gboolean       rl_book_set_plan_thank_you  (RlBook        *book,
                                            gint64         plan_id,
                                            gboolean       thank_you,
                                            GError       **error);
gint64         rl_book_add_step            (RlBook        *book,
                                            gint64         plan_id,
                                            int            offset_days,
                                            RlChannel      channel,
                                            const char    *template_key,
                                            gboolean       needs_approval,
                                            gboolean       claims_penalties,
                                            int            min_gap_days,
                                            GError       **error);
gboolean       rl_book_update_step         (RlBook        *book,
                                            gint64         step_id,
                                            int            offset_days,
                                            RlChannel      channel,
                                            const char    *template_key,
                                            gboolean       needs_approval,
                                            gboolean       claims_penalties,
                                            int            min_gap_days,
                                            GError       **error);
gboolean       rl_book_remove_step         (RlBook        *book,
                                            gint64         step_id,
                                            GError       **error);
gboolean       rl_book_move_step           (RlBook        *book,
                                            gint64         step_id,
                                            gboolean       later,
                                            GError       **error);
gboolean       rl_book_set_plan_risk_class (RlBook        *book,
                                            gint64         plan_id,
                                            char           risk_class,
                                            GError       **error);

/* Holds (rl-book-holds.c) */
gint64         rl_book_open_dispute        (RlBook        *book,
                                            gint64         invoice_id,
                                            const char    *reason,
                                            RlDay          opened_on,
                                            RlDay          deadline,
                                            GError       **error);
gboolean       rl_book_resolve_dispute     (RlBook        *book,
                                            gint64         invoice_id,
                                            RlDay          resolved_on,
                                            const char    *resolution,
                                            GError       **error);
gint64         rl_book_add_promise         (RlBook        *book,
                                            gint64         customer_id,
                                            RlDay          made_on,
                                            RlDay          promised_for,
                                            RlCents        amount,
                                            const char    *note,
                                            GError       **error);
gint64         rl_book_add_hold            (RlBook        *book,
                                            gint64         customer_id,
                                            gint64         invoice_id,
                                            const char    *reason,
                                            RlDay          starts_on,
                                            RlDay          expires_on,
                                            GError       **error);
gboolean       rl_book_release_hold        (RlBook        *book,
                                            gint64         hold_id,
                                            RlDay          released_on,
                                            GError       **error);
GPtrArray     *rl_book_list_payment_plans  (RlBook        *book,
                                            gint64         customer_id,
                                            GError       **error);
gint64         rl_book_add_payment_plan    (RlBook        *book,
                                            gint64         customer_id,
                                            RlDay          agreed_on,
                                            const RlDay   *due_dates,
                                            const RlCents *amounts,
                                            guint          n_installments,
                                            GError       **error);

/* The action queue (rl-book-actions.c) */
GPtrArray     *rl_book_list_actions        (RlBook        *book,
                                            gint64         customer_id,
                                            gboolean       open_only,
                                            GError       **error);
RlAction      *rl_book_get_action          (RlBook        *book,
                                            gint64         id,
                                            GError       **error);
gboolean       rl_book_set_action_state    (RlBook        *book,
                                            gint64         id,
                                            RlActionState  state,
                                            const char    *reason,
                                            RlDay          on,
                                            GError       **error);
gboolean       rl_book_record_call         (RlBook        *book,
                                            gint64         action_id,
                                            RlDay          called_on,
                                            const char    *outcome,
                                            const char    *note,
                                            RlDay          promise_date,
                                            RlCents        promise_amount,
                                            const char    *dispute_reason,
                                            GError       **error);
gboolean       rl_book_set_registered      (RlBook        *book,
                                            gint64         action_id,
                                            const char    *number,
                                            RlDay          received_on,
                                            RlDay          today,
                                            GError       **error);

/* The run (rl-engine.c) */
gboolean       rl_engine_run               (RlBook        *book,
                                            RlDay          as_of,
                                            gboolean       dry_run,
                                            RlRunReport  **out_report,
                                            GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlPlan, rl_plan_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlAction, rl_action_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlRunReport, rl_run_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlPaymentPlan, rl_payment_plan_free)

G_END_DECLS
