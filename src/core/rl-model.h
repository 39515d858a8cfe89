/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-date.h"
#include "rl-money.h"
#include "rl-types.h"

G_BEGIN_DECLS

/* Plain records read from and written to the book. Strings are owned (g_free) and may be
 * %NULL when the book has no value. */

struct _RlCompany
{
  char *name;
  char *address1;
  char *address2;
  char *address3;
  char *postcode;
  char *city;
  char *country;        /* ISO 3166 alpha-2, "FR" */
  char *siren;
  char *vat_number;
  char *iban;
  char *bic;
  char *email;
  char *phone;
  char *currency;       /* ISO 4217, "EUR" */
  char *language;       /* "fr" or "en" */
  int   payment_terms_days;
};

typedef enum
{
  RL_CUSTOMER_KIND_UNSET = -1,
  RL_CUSTOMER_BUSINESS,
  RL_CUSTOMER_CONSUMER,
} RlCustomerKind;

/* On rl_book_upsert_customer(), an unset field (NULL string, kind UNSET, terms -1,
 * terms_end_of_month -1, has_credit_limit FALSE) keeps the book's value: an import that knows
 * only a customer's code and name never erases the e-mail the user typed. */
struct _RlCustomer
{
  gint64          id;
  char           *code;
  char           *name;
  RlCustomerKind  kind;
  char           *siren;
  char           *vat_number;
  char           *language;
  char           *email;       /* one or more addresses, separated by ", " */
  char           *phone;
  char           *address1;
  char           *address2;
  char           *address3;
  char           *postcode;
  char           *city;
  char           *country;
  gboolean        has_credit_limit;
  RlCents         credit_limit;
  int             payment_terms_days;   /* -1: the company's default */
  int             terms_end_of_month;   /* 0, 1, or -1: unset */
  char           *assigned_to;
  char           *notes;
  /* Read-only here: kept by the engine (rl-risk.c, rl-plans.c). */
  int             risk_score;          /* 0 to 100, -1: not scored yet */
  char            risk_class;          /* 'A' to 'D', 0: not scored yet */
  char           *risk_facts;          /* for rl_risk_describe() */
  gboolean        never_chase;
  gint64          plan_id;             /* its own plan, 0: by risk class */
  int             contract_rate_bp;    /* late-payment rate of its contract, -1: the legal one */
};

struct _RlContact
{
  gint64    id;
  gint64    customer_id;
  char     *name;
  char     *role;
  char     *email;
  char     *phone;
  gboolean  is_primary;
};

typedef enum
{
  RL_INVOICE_KIND_INVOICE,
  RL_INVOICE_KIND_CREDIT_NOTE,
} RlInvoiceKind;

typedef enum
{
  RL_INVOICE_STATUS_OPEN,
  RL_INVOICE_STATUS_PAID,
  RL_INVOICE_STATUS_CANCELLED,
} RlInvoiceStatus;

struct _RlInvoice
{
  gint64           id;
  char            *number;
  gint64           customer_id;
  RlInvoiceKind    kind;
  RlDay            issue_date;
  RlDay            due_date;
  char            *currency;
  RlCents          amount;          /* incl. VAT, positive for invoices and credit notes alike */
  RlCents          paid;            /* settled so far (payments and credit notes; for a credit
                                       note: the part already applied) — read-only */
  RlInvoiceStatus  status;          /* read-only: derived from amount, paid and cancelled */
  gboolean         cancelled;
  char            *reference;       /* payment or order reference */
  char            *credited_number; /* for a credit note: the invoice it credits, if known */
};

struct _RlPayment
{
  gint64   id;
  char    *key;            /* identity across re-imports */
  gint64   customer_id;    /* 0: not known yet */
  RlDay    date;
  RlCents  amount;
  char    *currency;
  char    *method;
  char    *reference;      /* the bank's or the payer's reference */
  char    *payer_name;
  char    *payer_iban;
  char    *invoice_number; /* the invoice the payer named, if any */
  RlCents  unallocated;    /* read-only */
};

RlCompany  *rl_company_new     (void);
void        rl_company_free    (RlCompany *company);
RlCustomer *rl_customer_new    (void);
void        rl_customer_free   (RlCustomer *customer);
RlContact  *rl_contact_new     (void);
void        rl_contact_free    (RlContact *contact);
RlInvoice  *rl_invoice_new     (void);
void        rl_invoice_free    (RlInvoice *invoice);
RlPayment  *rl_payment_new     (void);
void        rl_payment_free    (RlPayment *payment);

const char *rl_customer_kind_to_string (RlCustomerKind kind);
gboolean    rl_customer_kind_from_string (const char *s, RlCustomerKind *out);
const char *rl_invoice_kind_to_string (RlInvoiceKind kind);
const char *rl_invoice_status_to_string (RlInvoiceStatus status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlCompany, rl_company_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlCustomer, rl_customer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlContact, rl_contact_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlInvoice, rl_invoice_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlPayment, rl_payment_free)

G_END_DECLS
