/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-template"

#include "config.h"

#include "rl-template.h"
#include "rl-template-private.h"

#include <glib/gi18n-lib.h>

static const char * const keys[] = {
  "courtesy",
  "reminder",
  "reminder_firm",
  "final_notice",
  "formal_notice",
  "call_script",
  "sms",
  "thank_you",
  NULL,
};

/**
 * rl_template_default:
 * @key: "courtesy", "reminder", "reminder_firm", "final_notice", "formal_notice",
 *   "call_script", "sms", "thank_you", or "statement" (the e-mail an account statement goes
 *   with)
 * @language: (nullable): the reader's language; "fr", "fr_FR"… give French, anything else
 *   English
 *
 * Returns: (transfer none) (nullable): the shipped subject and body, %NULL for an unknown @key
 */
/**
 * rl_template_language:
 * @language: (nullable): a reader's language ("fr", "fr_FR", "en"…)
 *
 * Returns: the language of the templates that reader gets: "fr" for French, "en" otherwise
 */
const char *
rl_template_language (const char *language)
{
  return language != NULL && g_str_has_prefix (language, "fr") ? "fr" : "en";
}

const RlTemplateDefault *
rl_template_default (const char *key,
                     const char *language)
{
  const char *lang = rl_template_language (language);

  g_return_val_if_fail (key != NULL, NULL);

  for (gsize i = 0; i < _rl_template_n_texts; i++)
    if (g_str_equal (_rl_template_texts[i].key, key) && g_str_equal (_rl_template_texts[i].language, lang))
      return &_rl_template_texts[i];
  return NULL;
}

/**
 * rl_template_default_keys:
 *
 * Returns: (transfer none): the keys of the shipped templates, %NULL-terminated, in the order
 *   of a dunning plan
 */
const char * const *
rl_template_default_keys (void)
{
  return keys;
}

/**
 * rl_template_editable_keys:
 *
 * Returns: (transfer none): the keys of every shipped text the user may edit, %NULL-terminated:
 *   the plan steps' templates, then "statement" (the e-mail an account statement goes with,
 *   not a step of a plan)
 */
const char * const *
rl_template_editable_keys (void)
{
  static const char *all[G_N_ELEMENTS (keys) + 1];

  if (all[0] == NULL)
    {
      for (gsize i = 0; keys[i] != NULL; i++)
        all[i] = keys[i];
      all[G_N_ELEMENTS (keys) - 1] = "statement";
    }
  return all;
}

/* The variables the application supplies; see rl-template.h. */
/* Descriptions are for the template editor's list of variables. */
static const RlTemplateVar known_vars[] = {
  { "customer.code", RL_TEMPLATE_VALUE_STRING, N_("Customer code") },
  { "customer.name", RL_TEMPLATE_VALUE_STRING, N_("Customer name") },
  { "customer.siren", RL_TEMPLATE_VALUE_STRING, N_("Customer SIREN number") },
  { "customer.address", RL_TEMPLATE_VALUE_STRING,
    N_("Customer postal address, one line per element") },
  { "customer.address1", RL_TEMPLATE_VALUE_STRING, N_("Customer address, line 1") },
  { "customer.address2", RL_TEMPLATE_VALUE_STRING, N_("Customer address, line 2") },
  { "customer.address3", RL_TEMPLATE_VALUE_STRING, N_("Customer address, line 3") },
  { "customer.postcode", RL_TEMPLATE_VALUE_STRING, N_("Customer postcode") },
  { "customer.city", RL_TEMPLATE_VALUE_STRING, N_("Customer city") },
  { "customer.country", RL_TEMPLATE_VALUE_STRING, N_("Customer country") },
  { "customer.consumer", RL_TEMPLATE_VALUE_INT, N_("1 for a consumer, 0 for a business") },
  { "contact.name", RL_TEMPLATE_VALUE_STRING, N_("Name of the person the message is for") },
  { "company.name", RL_TEMPLATE_VALUE_STRING, N_("Your company’s name") },
  { "company.address", RL_TEMPLATE_VALUE_STRING, N_("Your company’s postal address") },
  { "company.city", RL_TEMPLATE_VALUE_STRING, N_("Your company’s city") },
  { "company.siren", RL_TEMPLATE_VALUE_STRING, N_("Your company’s SIREN number") },
  { "company.vat_number", RL_TEMPLATE_VALUE_STRING, N_("Your company’s VAT number") },
  { "company.iban", RL_TEMPLATE_VALUE_STRING, N_("Your bank account’s IBAN") },
  { "company.bic", RL_TEMPLATE_VALUE_STRING, N_("Your bank’s BIC") },
  { "company.phone", RL_TEMPLATE_VALUE_STRING, N_("Your company’s phone number") },
  { "company.email", RL_TEMPLATE_VALUE_STRING, N_("Your company’s email address") },
  { "invoices", RL_TEMPLATE_VALUE_LIST, N_("The invoices the message is about") },
  { "invoices.number", RL_TEMPLATE_VALUE_STRING, N_("Invoice number") },
  { "invoices.issue_date", RL_TEMPLATE_VALUE_DAY, N_("Invoice date") },
  { "invoices.due_date", RL_TEMPLATE_VALUE_DAY, N_("Due date") },
  { "invoices.amount", RL_TEMPLATE_VALUE_MONEY, N_("Invoice amount including VAT") },
  { "invoices.paid", RL_TEMPLATE_VALUE_MONEY, N_("Amount already paid") },
  { "invoices.remaining", RL_TEMPLATE_VALUE_MONEY, N_("Amount still due") },
  { "invoices.days_late", RL_TEMPLATE_VALUE_INT, N_("Days late") },
  { "invoices.interest", RL_TEMPLATE_VALUE_MONEY, N_("Late-payment penalties to date") },
  { "invoices.indemnity", RL_TEMPLATE_VALUE_MONEY, N_("Fixed recovery indemnity") },
  { "credit_notes", RL_TEMPLATE_VALUE_LIST, N_("Credit notes not yet applied") },
  { "credit_notes.number", RL_TEMPLATE_VALUE_STRING, N_("Credit note number") },
  { "credit_notes.issue_date", RL_TEMPLATE_VALUE_DAY, N_("Credit note date") },
  { "credit_notes.remaining", RL_TEMPLATE_VALUE_MONEY, N_("Credit not yet applied") },
  { "total.remaining", RL_TEMPLATE_VALUE_MONEY, N_("Principal still due, less credit notes") },
  { "total.interest", RL_TEMPLATE_VALUE_MONEY, N_("Total late-payment penalties") },
  { "total.indemnity", RL_TEMPLATE_VALUE_MONEY, N_("Total fixed recovery indemnities") },
  { "total.due", RL_TEMPLATE_VALUE_MONEY,
    N_("Total claimed: principal, penalties and indemnities") },
  { "payment_reference", RL_TEMPLATE_VALUE_STRING, N_("Reference to quote with the payment") },
  { "today", RL_TEMPLATE_VALUE_DAY, N_("Date of the message") },
  { "deadline", RL_TEMPLATE_VALUE_DAY, N_("Date to pay by") },
  { "previous_reminders", RL_TEMPLATE_VALUE_LIST, N_("Reminders already sent") },
  { "previous_reminders.date", RL_TEMPLATE_VALUE_DAY, N_("Date of the reminder") },
  { "previous_reminders.channel", RL_TEMPLATE_VALUE_STRING, N_("How the reminder was sent") },
  { "step.days_late", RL_TEMPLATE_VALUE_INT, N_("Days late of the most overdue invoice") },
  { "printed", RL_TEMPLATE_VALUE_INT,
    N_("1 in a printed letter, which draws the invoice table itself; 0 in a message") },
  { "invoice_table", RL_TEMPLATE_VALUE_STRING,
    N_("In a printed letter, where its invoice table goes, alone on its line") },
};

static const RlTemplateVars known_set = { known_vars, G_N_ELEMENTS (known_vars) };

/**
 * rl_template_known_vars:
 *
 * The variables the application supplies to templates; see rl-template.h.
 *
 * Returns: (transfer none): the declarations
 */
const RlTemplateVars *
rl_template_known_vars (void)
{
  return &known_set;
}

/**
 * rl_template_vars_lookup:
 *
 * Returns: (transfer none) (nullable): the declaration of @name in @vars
 */
const RlTemplateVar *
rl_template_vars_lookup (const RlTemplateVars *vars,
                         const char           *name)
{
  g_return_val_if_fail (vars != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (gsize i = 0; i < vars->n_vars; i++)
    if (g_str_equal (vars->vars[i].name, name))
      return &vars->vars[i];
  return NULL;
}
