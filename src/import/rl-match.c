/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-import"

#include "config.h"

#include "rl-match.h"

#include <string.h>

/* Matching a received payment to invoices (DOMAIN.md §4): the structured reference first,
 * then invoice numbers found in the remittance text, then the amount from a payer known by
 * its IBAN or its name. Only sure matches are allocated; the others wait for the user. */

#define MAX_TOKENS 64

void
rl_match_result_clear (RlMatchResult *result)
{
  g_clear_pointer (&result->invoice_ids, g_array_unref);
  memset (result, 0, sizeof *result);
}

/* Returns: (transfer full) (nullable): the invoice if it is open, in @currency */
static RlInvoice *
open_invoice (RlBook      *book,
              gint64       id,
              const char  *number,
              const char  *currency,
              GError     **error)
{
  g_autoptr(RlInvoice) inv = NULL;

  inv = number ? rl_book_find_invoice (book, number, error) : rl_book_get_invoice (book, id, error);
  if (inv == NULL || inv->kind != RL_INVOICE_KIND_INVOICE || inv->cancelled
      || inv->paid >= inv->amount || g_strcmp0 (inv->currency, currency) != 0)
    return NULL;
  return g_steal_pointer (&inv);
}

static void
set (RlMatchResult *result,
     RlMatchReason  reason,
     int            confidence,
     gint64         customer_id)
{
  result->reason = reason;
  result->confidence = confidence;
  result->automatic = confidence >= RL_MATCH_AUTO_CONFIDENCE;
  if (customer_id > 0)
    result->customer_id = customer_id;
}

static gboolean
by_reference (RlBook          *book,
              const RlPayment *p,
              const char      *ref,
              RlMatchResult   *result,
              GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RlInvoice) inv = NULL;
  gint64 id;

  id = rl_book_find_invoice_by_reference (book, ref, &local_error);
  /* An ISO 11649 creditor reference: RF, two check digits, then the reference itself. */
  if (id == 0 && local_error == NULL && strlen (ref) > 4 && g_ascii_strncasecmp (ref, "RF", 2) == 0
      && g_ascii_isdigit (ref[2]) && g_ascii_isdigit (ref[3]))
    id = rl_book_find_invoice_by_reference (book, ref + 4, &local_error);
  if (id != 0 && local_error == NULL)
    inv = open_invoice (book, id, NULL, p->currency, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (inv != NULL)
    {
      g_array_append_val (result->invoice_ids, inv->id);
      set (result, RL_MATCH_REFERENCE, p->amount == inv->amount - inv->paid ? 100 : 90,
           inv->customer_id);
    }
  return TRUE;
}

/* Invoice numbers look like words with a digit: "F2024-001", "FA-12", "2024/118". */
static gboolean
by_text (RlBook          *book,
         const RlPayment *p,
         const char      *text,
         RlMatchResult   *result,
         GError         **error)
{
  g_auto(GStrv) tokens = g_strsplit_set (text, " \t\n\r,;:()[]{}\"'+*", -1);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  RlCents owed = 0, first_owed = 0;
  gint64 customer = 0;
  gboolean one_customer = TRUE;
  guint n = 0;

  for (guint i = 0; tokens[i] != NULL && n < MAX_TOKENS; i++)
    {
      char *t = tokens[i];
      gsize len = strlen (t);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(RlInvoice) inv = NULL;

      while (len > 0 && strchr ("./-_#", t[len - 1]) != NULL)
        t[--len] = '\0';
      if (len < 3 || strpbrk (t, "0123456789") == NULL)
        continue;
      n++;
      inv = open_invoice (book, 0, t, p->currency, &local_error);
      if (inv == NULL && local_error == NULL && strchr (t, '.') != NULL)
        inv = open_invoice (book, 0, strrchr (t, '.') + 1, p->currency, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (inv == NULL || g_hash_table_contains (seen, GSIZE_TO_POINTER ((gsize) inv->id)))
        continue;
      g_array_append_val (result->invoice_ids, inv->id);
      g_hash_table_add (seen, GSIZE_TO_POINTER ((gsize) inv->id));
      if (result->invoice_ids->len == 1)
        first_owed = inv->amount - inv->paid;
      owed += inv->amount - inv->paid;
      one_customer &= customer == 0 || customer == inv->customer_id;
      customer = inv->customer_id;
    }
  if (result->invoice_ids->len == 0)
    return TRUE;
  if (owed == p->amount && one_customer)
    set (result, RL_MATCH_INVOICE_NUMBER, 95, customer);
  else if (result->invoice_ids->len == 1 && p->amount < first_owed)
    set (result, RL_MATCH_INVOICE_NUMBER, 85, customer);
  else
    set (result, RL_MATCH_INVOICE_NUMBER, 60, one_customer ? customer : 0);
  return TRUE;
}

static gboolean
by_amount (RlBook          *book,
           const RlPayment *p,
           RlMatchResult   *result,
           GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) ids = NULL;
  RlMatchReason reason = RL_MATCH_AMOUNT_IBAN;
  gint64 customer = 0;

  if (p->payer_iban != NULL)
    customer = rl_book_find_customer_by_iban (book, p->payer_iban, &local_error);
  if (customer == 0 && local_error == NULL && p->payer_name != NULL)
    {
      g_autoptr(RlCustomer) c = rl_book_find_customer_by_name (book, p->payer_name,
                                                               &local_error);

      reason = RL_MATCH_AMOUNT_NAME;
      customer = c ? c->id : 0;
    }
  if (customer != 0 && local_error == NULL)
    ids = rl_book_open_invoices_of_amount (book, customer, p->amount, p->currency,
                                           &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (customer == 0)
    return TRUE;
  result->customer_id = customer;
  if (ids->len == 0)
    return TRUE;
  g_array_append_vals (result->invoice_ids, ids->data, ids->len);
  if (ids->len > 1)
    set (result, reason, 40, customer);
  else
    set (result, reason, reason == RL_MATCH_AMOUNT_IBAN ? 85 : 70, customer);
  return TRUE;
}

/**
 * rl_match_payment:
 * @payment: the payment, not yet in the book or in it
 * @structured_ref: (nullable): the structured creditor reference
 * @text: (nullable): the remittance text (with the end-to-end reference)
 *
 * Finds what @payment pays. @result is set even when nothing is found (confidence 0), with
 * the payer when it is known.
 */
gboolean
rl_match_payment (RlBook           *book,
                  const RlPayment  *payment,
                  const char       *structured_ref,
                  const char       *text,
                  RlMatchResult    *result,
                  GError          **error)
{
  memset (result, 0, sizeof *result);
  result->invoice_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (structured_ref != NULL && !by_reference (book, payment, structured_ref, result, error))
    return FALSE;
  if (result->invoice_ids->len == 0 && text != NULL
      && !by_text (book, payment, text, result, error))
    return FALSE;
  if (result->invoice_ids->len == 0 && !by_amount (book, payment, result, error))
    return FALSE;
  return TRUE;
}

/**
 * rl_match_apply:
 * @payment: the payment, in the book
 *
 * Allocates a sure match and records it; records the others as waiting for the user.
 */
gboolean
rl_match_apply (RlBook               *book,
                const RlPayment      *payment,
                const RlMatchResult  *result,
                RlCents              *out_allocated,
                GError              **error)
{
  RlCents left = payment->amount;

  *out_allocated = 0;
  for (guint i = 0; i < result->invoice_ids->len && left > 0; i++)
    {
      gint64 id = g_array_index (result->invoice_ids, gint64, i);
      g_autoptr(RlInvoice) inv = rl_book_get_invoice (book, id, error);
      RlMatch m = { 0 };

      if (inv == NULL)
        return FALSE;
      m.payment_id = payment->id;
      m.invoice_id = id;
      m.amount = MIN (left, inv->amount - inv->paid);
      m.reason = result->reason;
      m.confidence = result->confidence;
      m.state = result->automatic ? RL_MATCH_AUTO : RL_MATCH_PENDING;
      if (m.amount <= 0)
        continue;
      if (result->automatic)
        {
          if (!rl_book_allocate (book, payment->id, 0, id, m.amount, payment->date, error))
            return FALSE;
          left -= m.amount;
          *out_allocated += m.amount;
        }
      if (rl_book_add_match (book, &m, error) == 0)
        return FALSE;
    }
  return TRUE;
}
