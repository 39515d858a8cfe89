/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-engine"

#include "config.h"

#include "rl-action-text.h"

#include <glib/gi18n-lib.h>

#include "rl-action-text-private.h"
#include "rl-book-letters.h"
#include "rl-book-private.h"
#include "rl-engine.h"
#include "rl-error.h"
#include "rl-ids.h"
#include "rl-penalties.h"

/* The context an action's text is rendered in (rl-action-text.c renders it): the customer,
 * the company, the invoices with what was paid and the penalties, the credit notes, the
 * earlier reminders, the totals and the deadline; for a printed letter, the same facts in an
 * RlActionDocument. */

/* Days given to pay: a formal notice gives the usual legal 8 days, other messages more. */
#define FORMAL_NOTICE_DAYS 8
#define REMINDER_DAYS      15

/* How an earlier reminder went out, written into the message: data in the customer's
 * language, not strings of the user interface (so not translated with gettext). */
static const char * const channel_words_fr[RL_N_CHANNELS] = {
  [RL_CHANNEL_EMAIL] = "courriel",
  [RL_CHANNEL_SMS] = "SMS",
  [RL_CHANNEL_LETTER] = "lettre",
  [RL_CHANNEL_REGISTERED_LETTER] = "lettre recommandée",
  [RL_CHANNEL_CALL] = "appel téléphonique",
  [RL_CHANNEL_TASK] = "tâche",
};

static const char * const channel_words_en[RL_N_CHANNELS] = {
  [RL_CHANNEL_EMAIL] = "email",
  [RL_CHANNEL_SMS] = "SMS",
  [RL_CHANNEL_LETTER] = "letter",
  [RL_CHANNEL_REGISTERED_LETTER] = "registered letter",
  [RL_CHANNEL_CALL] = "phone call",
  [RL_CHANNEL_TASK] = "task",
};

static RlDay formal_notice_day (RlBook *book,
                                gint64  invoice_id);

/* Building the context */

/* A postal address, one line per element, postcode and city together, the country only
 * when it is not @home_country. */
static char *
address_block (const char *address1,
               const char *address2,
               const char *address3,
               const char *postcode,
               const char *city,
               const char *country,
               const char *home_country)
{
  g_autoptr(GString) s = g_string_new (NULL);
  const char *lines[] = { address1, address2, address3 };
  g_autofree char *town = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (lines); i++)
    if (lines[i] != NULL && *lines[i] != '\0')
      g_string_append_printf (s, "%s%s", s->len ? "\n" : "", lines[i]);
  town = g_strstrip (g_strdup_printf ("%s %s", postcode ? postcode : "", city ? city : ""));
  if (*town != '\0')
    g_string_append_printf (s, "%s%s", s->len ? "\n" : "", town);
  if (country != NULL && *country != '\0' && g_ascii_strcasecmp (country, home_country) != 0)
    g_string_append_printf (s, "%s%s", s->len ? "\n" : "", country);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
set_customer (RlTemplateContext *ctx,
              const RlCustomer  *c,
              const RlCompany   *company)
{
  const char *home = company->country != NULL ? company->country : "FR";
  g_autofree char *address = address_block (c->address1, c->address2, c->address3,
                                            c->postcode, c->city, c->country, home);
  g_autofree char *siren = c->siren != NULL ? rl_siren_format (c->siren) : NULL;

  rl_template_context_set_string (ctx, "customer.code", c->code);
  rl_template_context_set_string (ctx, "customer.name", c->name);
  rl_template_context_set_string (ctx, "customer.siren", siren);
  rl_template_context_set_string (ctx, "customer.address", address);
  rl_template_context_set_string (ctx, "customer.address1", c->address1);
  rl_template_context_set_string (ctx, "customer.address2", c->address2);
  rl_template_context_set_string (ctx, "customer.address3", c->address3);
  rl_template_context_set_string (ctx, "customer.postcode", c->postcode);
  rl_template_context_set_string (ctx, "customer.city", c->city);
  rl_template_context_set_string (ctx, "customer.country", c->country);
  rl_template_context_set_int (ctx, "customer.consumer", c->kind == RL_CUSTOMER_CONSUMER);
}

static void
set_company (RlTemplateContext *ctx,
             const RlCompany   *c)
{
  g_autofree char *address = address_block (c->address1, c->address2, c->address3,
                                            c->postcode, c->city, c->country, "FR");
  /* As a reader expects them: « 812 345 678 », « FR76 3000 6000 … ». */
  g_autofree char *siren = c->siren != NULL ? rl_siren_format (c->siren) : NULL;
  g_autofree char *iban = c->iban != NULL ? rl_iban_format (c->iban) : NULL;

  rl_template_context_set_string (ctx, "company.name", c->name);
  rl_template_context_set_string (ctx, "company.address", address);
  rl_template_context_set_string (ctx, "company.city", c->city);
  rl_template_context_set_string (ctx, "company.siren", siren);
  rl_template_context_set_string (ctx, "company.vat_number", c->vat_number);
  rl_template_context_set_string (ctx, "company.iban", iban);
  rl_template_context_set_string (ctx, "company.bic", c->bic);
  rl_template_context_set_string (ctx, "company.phone", c->phone);
  rl_template_context_set_string (ctx, "company.email", c->email);
}

static gboolean
set_contact (RlBook             *book,
             RlTemplateContext  *ctx,
             gint64              customer_id,
             char              **out_name,
             GError            **error)
{
  g_autofree char *name = NULL;

  if (!rl_book_get_primary_contact (book, customer_id, &name, error))
    return FALSE;
  rl_template_context_set_string (ctx, "contact.name", name);
  if (out_name != NULL)
    *out_name = g_steal_pointer (&name);
  return TRUE;
}

/* What an action's step says: whether it claims penalties (a thank-you never does). */
static gboolean
step_claims_penalties (RlBook    *book,
                       gint64     step_id,
                       gboolean  *out_claims,
                       GError   **error)
{
  static const char sql[] = "SELECT claims_penalties FROM plan_steps WHERE id = ?";
  sqlite3_stmt *stmt;
  int rc;

  *out_claims = FALSE;
  if (step_id <= 0)
    return TRUE;
  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, step_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_claims = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  return TRUE;
}

static int
compare_settlements (gconstpointer a,
                     gconstpointer b)
{
  const RlSettlement *x = a, *y = b;

  return x->date < y->date ? -1 : x->date > y->date;
}

/* What was paid on the invoice by @as_of, and how many days late it is (or was when it was
 * settled), by the same rules as rl_penalty_compute(). */
static void
invoice_state_at (const RlInvoice *inv,
                  GArray          *settlements,
                  RlDay            as_of,
                  RlCents         *out_paid,
                  int             *out_days_late)
{
  RlCents paid = 0;
  RlDay settled_on = RL_DAY_NONE;
  RlDay until;

  g_array_sort (settlements, compare_settlements);
  for (guint i = 0; i < settlements->len; i++)
    {
      const RlSettlement *s = &g_array_index (settlements, RlSettlement, i);

      if (s->date > as_of)
        break;
      paid += s->amount;
      if (settled_on == RL_DAY_NONE && paid >= inv->amount)
        settled_on = s->date;
    }
  until = settled_on != RL_DAY_NONE ? settled_on : as_of;
  *out_paid = MIN (paid, inv->amount);
  *out_days_late = inv->amount > 0 && until > inv->due_date ? (int) (until - inv->due_date) : 0;
}

typedef struct
{
  RlCents  remaining;
  RlCents  interest;
  RlCents  indemnity;
  int      days_late;
  GArray  *lines;         /* RlDocumentLine, or NULL: for a printed letter */
  GArray  *credit_lines;  /* likewise */
} Totals;

static gboolean
add_invoices (RlBook             *book,
              RlTemplateContext  *ctx,
              const RlAction     *action,
              const RlCustomer   *customer,
              gboolean            claims,
              RlDay               as_of,
              Totals             *totals,
              GError            **error)
{
  g_autoptr(RlRateTable) rates = NULL;

  if (claims)
    {
      rates = rl_rate_table_load (book, error);
      if (rates == NULL)
        return FALSE;
    }

  rl_template_context_set_list (ctx, "invoices");
  for (guint i = 0; i < action->invoice_ids->len; i++)
    {
      gint64 id = g_array_index (action->invoice_ids, gint64, i);
      g_autoptr(RlInvoice) inv = rl_book_get_invoice (book, id, error);
      g_autoptr(GArray) settlements = NULL;
      g_auto(RlPenalty) penalty = { 0 };
      RlTemplateRecord *rec;
      RlCents paid;
      int days_late;

      if (inv == NULL || (settlements = rl_book_invoice_settlements (book, id, error)) == NULL)
        return FALSE;
      invoice_state_at (inv, settlements, as_of, &paid, &days_late);

      if (claims)
        {
          RlPenaltyInput input = {
            .amount = inv->amount,
            .due_date = inv->due_date,
            .settlements = (const RlSettlement *) settlements->data,
            .n_settlements = settlements->len,
            .as_of = as_of,
            .debtor = customer->kind == RL_CUSTOMER_CONSUMER ? RL_CUSTOMER_CONSUMER
                                                             : RL_CUSTOMER_BUSINESS,
            .contract_rate_bp = customer->contract_rate_bp,
            /* A consumer owes interest only from a formal notice about the invoice. */
            .formal_notice = formal_notice_day (book, id),
          };

          if (!rl_penalty_compute (&input, rates, &penalty, NULL, error))
            return FALSE;
        }

      rec = rl_template_context_list_append (ctx, "invoices");
      rl_template_record_set_string (rec, "number", inv->number);
      rl_template_record_set_day (rec, "issue_date", inv->issue_date);
      rl_template_record_set_day (rec, "due_date", inv->due_date);
      rl_template_record_set_money (rec, "amount", inv->amount);
      rl_template_record_set_money (rec, "paid", paid);
      rl_template_record_set_money (rec, "remaining", inv->amount - paid);
      rl_template_record_set_money (rec, "interest", penalty.interest);
      rl_template_record_set_money (rec, "indemnity", penalty.indemnity);
      rl_template_record_set_int (rec, "days_late", days_late);

      if (totals->lines != NULL)
        {
          RlDocumentLine line = {
            g_strdup (inv->number), inv->issue_date, inv->due_date, inv->amount, paid,
            inv->amount - paid, penalty.interest, penalty.indemnity, days_late,
          };

          g_array_append_val (totals->lines, line);
        }
      totals->remaining += inv->amount - paid;
      totals->interest += penalty.interest;
      totals->indemnity += penalty.indemnity;
      totals->days_late = MAX (totals->days_late, days_late);
    }
  return TRUE;
}

/* The customer's credit notes not yet fully applied: they lessen what is asked. */
static gboolean
add_credit_notes (RlBook             *book,
                  RlTemplateContext  *ctx,
                  gint64              customer_id,
                  Totals             *totals,
                  GError            **error)
{
  static const char sql[] =
    "SELECT number, issue_date, amount_cents - paid_cents FROM invoices"
    " WHERE customer_id = ? AND kind = 'credit_note' AND NOT cancelled"
    " AND paid_cents < amount_cents ORDER BY issue_date, number";
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rl_template_context_set_list (ctx, "credit_notes");
  sqlite3_bind_int64 (stmt, 1, customer_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RlTemplateRecord *rec = rl_template_context_list_append (ctx, "credit_notes");
      RlCents remaining = sqlite3_column_int64 (stmt, 2);

      rl_template_record_set_string (rec, "number", (const char *) sqlite3_column_text (stmt, 0));
      rl_template_record_set_day (rec, "issue_date", _rl_column_day (stmt, 1));
      rl_template_record_set_money (rec, "remaining", remaining);
      if (totals->credit_lines != NULL)
        {
          RlDocumentLine line = {
            .number = _rl_column_text (stmt, 0), .issue_date = _rl_column_day (stmt, 1),
            .amount = remaining, .remaining = remaining,
          };

          g_array_append_val (totals->credit_lines, line);
        }
      totals->remaining -= remaining;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  return TRUE;
}

/* The day a formal notice about this invoice was sent, or RL_DAY_NONE. */
static RlDay
formal_notice_day (RlBook *book,
                   gint64  invoice_id)
{
  static const char sql[] =
    "SELECT min (a.done_on) FROM actions a JOIN action_invoices ai ON ai.action_id = a.id"
    " WHERE ai.invoice_id = ? AND a.template = 'formal_notice' AND a.state = 'done'";
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, NULL);
  RlDay day = RL_DAY_NONE;

  if (stmt == NULL)
    return RL_DAY_NONE;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    day = _rl_column_day (stmt, 0);
  sqlite3_reset (stmt);
  return day;
}

/* The reminders the customer has already had, oldest first. */
static gboolean
add_previous_reminders (RlBook             *book,
                        RlTemplateContext  *ctx,
                        const RlAction     *action,
                        RlDay               as_of,
                        GError            **error)
{
  static const char sql[] =
    /* The reminders about these invoices after they fell due: a courtesy note sent before the
     * due date was not a reminder "left unanswered". */
    "SELECT a.done_on, a.channel FROM actions a JOIN plan_steps ps ON ps.id = a.step_id"
    " WHERE a.customer_id = ?1 AND a.id <> ?2 AND a.state = 'done' AND a.kind = 'reminder'"
    " AND a.done_on IS NOT NULL AND a.done_on <= ?3 AND ps.offset_days > 0"
    " AND EXISTS (SELECT 1 FROM action_invoices x JOIN action_invoices y"
    "             ON y.invoice_id = x.invoice_id WHERE x.action_id = a.id AND y.action_id = ?2)"
    " ORDER BY a.done_on, a.id";
  const char * const *words =
    g_str_equal (rl_template_context_get_language (ctx), "fr") ? channel_words_fr
                                                                : channel_words_en;
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rl_template_context_set_list (ctx, "previous_reminders");
  sqlite3_bind_int64 (stmt, 1, action->customer_id);
  sqlite3_bind_int64 (stmt, 2, action->id);
  _rl_bind_day (stmt, 3, as_of);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RlTemplateRecord *rec = rl_template_context_list_append (ctx, "previous_reminders");
      RlChannel channel = RL_CHANNEL_EMAIL;

      rl_channel_from_string ((const char *) sqlite3_column_text (stmt, 1), &channel);
      rl_template_record_set_day (rec, "date", _rl_column_day (stmt, 0));
      rl_template_record_set_string (rec, "channel", words[channel]);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  return TRUE;
}

/* The context of @action's text; with @doc, for a printed letter, whose facts it fills in. */
RlTemplateContext *
_rl_action_build_context (RlBook            *book,
                          const RlAction    *action,
                          RlDay              as_of,
                          const char        *language,
                          RlActionDocument  *doc,
                          GError           **error)
{
  g_autoptr(RlCustomer) customer = rl_book_get_customer (book, action->customer_id, error);
  g_autoptr(RlCompany) company = NULL;
  g_autoptr(RlTemplateContext) ctx = NULL;
  g_autofree char *reference = NULL;
  Totals totals = { 0 };
  gboolean claims = FALSE;
  gboolean formal;
  RlDay deadline;

  if (customer == NULL || (company = rl_book_get_company (book, error)) == NULL)
    return NULL;
  ctx = rl_template_context_new (rl_template_language (language != NULL ? language
                                                                   : customer->language));
  set_customer (ctx, customer, company);
  set_company (ctx, company);
  if (!set_contact (book, ctx, customer->id, doc != NULL ? &doc->contact_name : NULL, error))
    return NULL;
  rl_template_context_set_int (ctx, "printed", doc != NULL);
  rl_template_context_set_string (ctx, "invoice_table", doc != NULL ? RL_ACTION_TABLE_MARK : "");
  if (doc != NULL)
    {
      totals.lines = doc->invoices;
      totals.credit_lines = doc->credit_notes;
    }

  if (!action->thank_you && !step_claims_penalties (book, action->step_id, &claims, error))
    return NULL;
  if (!add_invoices (book, ctx, action, customer, claims, as_of, &totals, error)
      || !add_credit_notes (book, ctx, customer->id, &totals, error)
      || !add_previous_reminders (book, ctx, action, as_of, error))
    return NULL;

  /* Credit notes larger than the invoices leave nothing to pay, not a negative amount. */
  totals.remaining = MAX (totals.remaining, 0);
  rl_template_context_set_money (ctx, "total.remaining", totals.remaining);
  rl_template_context_set_money (ctx, "total.interest", totals.interest);
  rl_template_context_set_money (ctx, "total.indemnity", totals.indemnity);
  rl_template_context_set_money (ctx, "total.due",
                                 totals.remaining + totals.interest + totals.indemnity);

  reference = g_strdup_printf ("%s-%lld", customer->code, (long long) action->id);
  rl_template_context_set_string (ctx, "payment_reference", reference);
  formal = g_strcmp0 (action->template_key, "formal_notice") == 0;
  rl_template_context_set_day (ctx, "today", as_of);
  deadline = as_of + (formal ? FORMAL_NOTICE_DAYS : REMINDER_DAYS);
  rl_template_context_set_day (ctx, "deadline", deadline);
  rl_template_context_set_int (ctx, "step.days_late", totals.days_late);

  if (doc != NULL)
    {
      doc->language = g_strdup (rl_template_context_get_language (ctx));
      doc->customer = g_steal_pointer (&customer);
      doc->company = g_steal_pointer (&company);
      doc->remaining = totals.remaining;
      doc->interest = totals.interest;
      doc->indemnity = totals.indemnity;
      doc->due = totals.remaining + totals.interest + totals.indemnity;
      doc->payment_reference = g_steal_pointer (&reference);
      doc->today = as_of;
      doc->deadline = deadline;
    }
  return g_steal_pointer (&ctx);
}

/**
 * rl_book_sample_context:
 * @language: "fr" or "en"
 *
 * The context of a reminder about the open invoices of one customer of the book (the one with
 * the oldest overdue invoice), as at @as_of, in @language: what a preview of a template shows.
 * Nothing is written.
 *
 * Returns: (transfer full): the context, or %NULL with @error set (%RL_BOOK_ERROR_NOT_FOUND
 *   when the book has no customer with an open invoice)
 */
RlTemplateContext *
rl_book_sample_context (RlBook      *book,
                        const char  *language,
                        RlDay        as_of,
                        GError     **error)
{
  static const char sql[] =
    "SELECT customer_id, id FROM invoices WHERE customer_id = (SELECT customer_id FROM invoices"
    " WHERE kind = 'invoice' AND NOT cancelled AND paid_cents < amount_cents"
    " ORDER BY due_date, id LIMIT 1)"
    " AND kind = 'invoice' AND NOT cancelled AND paid_cents < amount_cents"
    " ORDER BY due_date, id LIMIT 20";
  g_autoptr(RlAction) action = g_new0 (RlAction, 1);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (book), NULL);

  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return NULL;
  action->invoice_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  action->template_key = g_strdup ("reminder");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 1);

      action->customer_id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (action->invoice_ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rl_book_sql_error (book, rc, error);
      return NULL;
    }
  if (action->customer_id == 0)
    {
      g_set_error_literal (error, RL_BOOK_ERROR, RL_BOOK_ERROR_NOT_FOUND,
                           _("The book has no customer with an open invoice to show a "
                             "preview with."));
      return NULL;
    }
  return _rl_action_build_context (book, action, as_of, language, NULL, error);
}
