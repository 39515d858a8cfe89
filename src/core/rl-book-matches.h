/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rl-book.h"

G_BEGIN_DECLS

/* What the FEC and bank-statement imports need of the book beyond rl-book.h: payments matched
 * to invoices, with the reason and the confidence; the uncertain ones wait for the user. */

typedef enum
{
  RL_MATCH_REFERENCE,       /* the structured reference of the transfer */
  RL_MATCH_INVOICE_NUMBER,  /* an invoice number found in the remittance text */
  RL_MATCH_AMOUNT_IBAN,     /* the amount, from a payer known by its IBAN */
  RL_MATCH_AMOUNT_NAME,     /* the amount, from a payer known by its name */
} RlMatchReason;

typedef enum
{
  RL_MATCH_AUTO,      /* sure: allocated by the import */
  RL_MATCH_PENDING,   /* waiting for the user */
  RL_MATCH_ACCEPTED,  /* the user said yes: allocated */
  RL_MATCH_REJECTED,  /* the user said no */
} RlMatchState;

typedef struct
{
  gint64         id;
  gint64         payment_id;
  gint64         invoice_id;
  RlCents        amount;
  RlMatchReason  reason;
  int            confidence;      /* 0 to 100 */
  RlMatchState   state;
  /* Read-only, for display */
  char          *invoice_number;
  char          *customer_code;
  char          *payer_name;
  char          *payment_reference;
  RlDay          payment_date;
  RlCents        payment_amount;
} RlMatch;

void         rl_match_free                    (RlMatch    *match);
const char  *rl_match_reason_to_string        (RlMatchReason reason);
const char  *rl_match_reason_label            (RlMatchReason reason);
const char  *rl_match_state_to_string         (RlMatchState  state);
const char  *rl_match_state_label             (RlMatchState  state);

gint64       rl_book_add_match                (RlBook        *self,
                                               const RlMatch *match,
                                               GError       **error);
GPtrArray   *rl_book_list_matches             (RlBook        *self,
                                               gboolean       pending_only,
                                               GError       **error);
gboolean     rl_book_decide_match             (RlBook        *self,
                                               gint64         match_id,
                                               gboolean       accept,
                                               GError       **error);

gboolean     rl_book_set_temp_in_memory       (RlBook        *self,
                                               gboolean       in_memory);
/* One allocation of a payment or a credit note. */
typedef struct
{
  gint64   invoice_id;
  RlCents  amount;
} RlAllocation;

GArray      *rl_book_list_allocations         (RlBook        *self,
                                               gint64         payment_id,
                                               gint64         credit_note_id,
                                               GError       **error);
gboolean     rl_book_clear_credit_allocations (RlBook        *self,
                                               gint64         credit_note_id,
                                               GError       **error);
gint64       rl_book_find_payment_id          (RlBook        *self,
                                               const char    *key,
                                               GError       **error);
gint64       rl_book_find_payment_to_reverse (RlBook       *self,
                                               const char    *reference,
                                               RlCents        amount,
                                               GError       **error);
gboolean     rl_book_delete_payment           (RlBook        *self,
                                               gint64         payment_id,
                                               GError       **error);
gint64       rl_book_find_invoice_by_reference (RlBook       *self,
                                               const char    *reference,
                                               GError       **error);
gint64       rl_book_find_customer_by_siren (RlBook       *self,
                                               const char    *siren,
                                               GError       **error);
gint64       rl_book_find_customer_by_iban    (RlBook        *self,
                                               const char    *iban,
                                               GError       **error);
GArray      *rl_book_open_invoices_of_amount  (RlBook        *self,
                                               gint64         customer_id,
                                               RlCents        amount,
                                               const char    *currency,
                                               GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlMatch, rl_match_free)

G_END_DECLS
