/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-model"

#include "config.h"

#include "rl-model.h"

RlCompany *
rl_company_new (void)
{
  RlCompany *c = g_new0 (RlCompany, 1);

  c->payment_terms_days = 30;
  return c;
}

void
rl_company_free (RlCompany *c)
{
  if (c == NULL)
    return;
  g_free (c->name);
  g_free (c->address1);
  g_free (c->address2);
  g_free (c->address3);
  g_free (c->postcode);
  g_free (c->city);
  g_free (c->country);
  g_free (c->siren);
  g_free (c->vat_number);
  g_free (c->iban);
  g_free (c->bic);
  g_free (c->email);
  g_free (c->phone);
  g_free (c->currency);
  g_free (c->language);
  g_free (c);
}

RlCustomer *
rl_customer_new (void)
{
  RlCustomer *c = g_new0 (RlCustomer, 1);

  c->kind = RL_CUSTOMER_KIND_UNSET;
  c->payment_terms_days = -1;
  c->terms_end_of_month = -1;
  c->risk_score = -1;
  c->contract_rate_bp = -1;
  return c;
}

void
rl_customer_free (RlCustomer *c)
{
  if (c == NULL)
    return;
  g_free (c->code);
  g_free (c->name);
  g_free (c->siren);
  g_free (c->vat_number);
  g_free (c->language);
  g_free (c->email);
  g_free (c->phone);
  g_free (c->address1);
  g_free (c->address2);
  g_free (c->address3);
  g_free (c->postcode);
  g_free (c->city);
  g_free (c->country);
  g_free (c->assigned_to);
  g_free (c->notes);
  g_free (c->risk_facts);
  g_free (c);
}

RlContact *
rl_contact_new (void)
{
  return g_new0 (RlContact, 1);
}

void
rl_contact_free (RlContact *c)
{
  if (c == NULL)
    return;
  g_free (c->name);
  g_free (c->role);
  g_free (c->email);
  g_free (c->phone);
  g_free (c);
}

RlInvoice *
rl_invoice_new (void)
{
  return g_new0 (RlInvoice, 1);
}

void
rl_invoice_free (RlInvoice *i)
{
  if (i == NULL)
    return;
  g_free (i->number);
  g_free (i->currency);
  g_free (i->reference);
  g_free (i->credited_number);
  g_free (i);
}

RlPayment *
rl_payment_new (void)
{
  return g_new0 (RlPayment, 1);
}

void
rl_payment_free (RlPayment *p)
{
  if (p == NULL)
    return;
  g_free (p->key);
  g_free (p->currency);
  g_free (p->method);
  g_free (p->reference);
  g_free (p->payer_name);
  g_free (p->payer_iban);
  g_free (p->invoice_number);
  g_free (p);
}

const char *
rl_customer_kind_to_string (RlCustomerKind kind)
{
  return kind == RL_CUSTOMER_CONSUMER ? "consumer" : "business";
}

gboolean
rl_customer_kind_from_string (const char     *s,
                              RlCustomerKind *out)
{
  if (g_strcmp0 (s, "business") == 0)
    *out = RL_CUSTOMER_BUSINESS;
  else if (g_strcmp0 (s, "consumer") == 0)
    *out = RL_CUSTOMER_CONSUMER;
  else
    return FALSE;
  return TRUE;
}

const char *
rl_invoice_kind_to_string (RlInvoiceKind kind)
{
  return kind == RL_INVOICE_KIND_CREDIT_NOTE ? "credit_note" : "invoice";
}

const char *
rl_invoice_status_to_string (RlInvoiceStatus status)
{
  switch (status)
    {
    case RL_INVOICE_STATUS_PAID:
      return "paid";
    case RL_INVOICE_STATUS_CANCELLED:
      return "cancelled";
    case RL_INVOICE_STATUS_OPEN:
    default:
      return "open";
    }
}
