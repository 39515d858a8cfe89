/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-date.h"
#include "rl-money.h"

G_BEGIN_DECLS

/* The text of a reminder: a small template language, pure (it never reads the book).
 *
 *   {{ customer.name }}                         a value; dotted names
 *   {{ invoice.due_date.short }}                a date in short form ("22/11/2026")
 *   {% for invoice in invoices %}…{% endfor %}  a loop over a list of records
 *   {% if total.interest %}…{% else %}…{% endif %}, {% if not contact.name %}
 *   {# a comment #}
 *
 * A {% … %} or {# … #} tag alone on its line takes the whole line with it, its newline
 * included, so block tags never leave empty lines. {{ … }} and {% … %} stay on one line.
 * True in {% if %}: a non-empty string, a non-zero amount or number, a date, a non-empty list.
 *
 * Values are typed: strings as they are, amounts with rl_money_format() in euros and dates
 * with rl_day_format_long() ("22 novembre 2026"), both in the context's language.
 * A value used by a template but absent from the context is an error, never a blank.
 *
 * The variables the application supplies (rl_template_known_vars(); "X[]" is a list, whose
 * items have the fields listed under it):
 *
 *   customer.code, customer.name, customer.siren      strings; siren may be ""
 *   customer.address           the postal address without the name, one line per element
 *   customer.address1 … customer.address3, customer.postcode, customer.city, customer.country
 *   contact.name               the person the message is for; may be ""
 *   company.name, company.siren, company.vat_number, company.iban, company.bic,
 *   company.phone, company.email, company.city        the creditor (the user's company)
 *   company.address            its postal address, one line per element, postcode and city last
 *   invoices[]                 the invoices the message is about (overdue ones in reminders, soon
 *                              due ones in the courtesy note, the settled ones in thank-you notes)
 *     .number (string), .issue_date, .due_date (dates), .amount (incl. VAT), .paid,
 *     .remaining, .interest (late-payment penalties to date), .indemnity (40 € or 0),
 *     .days_late (integer, 0 when not late)
 *   credit_notes[]             the customer's credit notes not yet fully applied
 *     .number, .issue_date, .remaining
 *   total.remaining            principal still due: the invoices' remaining amounts less the
 *                              credit notes' unapplied amounts
 *   total.interest, total.indemnity                   claimed penalties and indemnities, 0 when
 *                                                     not claimed (consumers, waived)
 *   total.due                  total.remaining + total.interest + total.indemnity
 *   payment_reference          the reference to quote with the transfer
 *   today                      the date of the message
 *   deadline                   the date to pay by
 *   previous_reminders[]       the reminders already sent for these invoices, oldest first
 *     .date, .channel (a string in the customer's language: "courriel", "lettre recommandée")
 *   step.days_late             the largest days_late of the invoices
 *   printed                    1 in a printed letter, 0 in an e-mail, SMS or call script
 *   invoice_table              in a printed letter, a line where the letter draws its table of
 *                              invoices and totals (the text then leaves them out); "" elsewhere
 */

#define RL_TEMPLATE_ERROR (rl_template_error_quark ())

typedef enum
{
  RL_TEMPLATE_ERROR_SYNTAX,            /* rl_template_parse() */
  RL_TEMPLATE_ERROR_UNKNOWN_VARIABLE,  /* rl_template_check() */
  RL_TEMPLATE_ERROR_TYPE,              /* a list printed, a value looped over */
  RL_TEMPLATE_ERROR_MISSING_VALUE,     /* rl_template_render() */
} RlTemplateError;

typedef enum
{
  RL_TEMPLATE_ESCAPE_NONE,   /* plain text: letters, SMS, subjects */
  RL_TEMPLATE_ESCAPE_HTML,   /* every value is escaped; the template's own text is not */
} RlTemplateEscape;

typedef enum
{
  RL_TEMPLATE_VALUE_STRING,
  RL_TEMPLATE_VALUE_MONEY,
  RL_TEMPLATE_VALUE_DAY,
  RL_TEMPLATE_VALUE_INT,
  RL_TEMPLATE_VALUE_LIST,
} RlTemplateValueType;

/* A declared variable. The fields of a list's items are named after the list:
 * "invoices.number" is the field "number" of each item of "invoices". */
typedef struct
{
  const char          *name;
  RlTemplateValueType  type;
  const char          *description;  /* English, marked with N_(): show it with _() */
} RlTemplateVar;

typedef struct
{
  const RlTemplateVar *vars;
  gsize                n_vars;
} RlTemplateVars;

typedef struct _RlTemplate        RlTemplate;
typedef struct _RlTemplateContext RlTemplateContext;
typedef struct _RlTemplateRecord  RlTemplateRecord;

GQuark                rl_template_error_quark     (void);

RlTemplate           *rl_template_parse           (const char              *text,
                                                   GError                 **error);
void                  rl_template_free            (RlTemplate              *tpl);
gboolean              rl_template_check           (const RlTemplate        *tpl,
                                                   const RlTemplateVars    *known,
                                                   GError                 **error);
char                 *rl_template_render          (const RlTemplate        *tpl,
                                                   const RlTemplateContext *ctx,
                                                   RlTemplateEscape         escape,
                                                   GError                 **error);

const RlTemplateVars *rl_template_known_vars      (void);
const RlTemplateVar  *rl_template_vars_lookup     (const RlTemplateVars    *vars,
                                                   const char              *name);

RlTemplateContext    *rl_template_context_new     (const char              *language);
void                  rl_template_context_free    (RlTemplateContext       *ctx);
const char           *rl_template_context_get_language (const RlTemplateContext *ctx);
RlTemplateRecord     *rl_template_context_get_root (RlTemplateContext      *ctx);
void                  rl_template_context_set_string (RlTemplateContext    *ctx,
                                                      const char           *name,
                                                      const char           *value);
void                  rl_template_context_set_money (RlTemplateContext     *ctx,
                                                     const char            *name,
                                                     RlCents                value);
void                  rl_template_context_set_day (RlTemplateContext       *ctx,
                                                   const char              *name,
                                                   RlDay                    value);
void                  rl_template_context_set_int (RlTemplateContext       *ctx,
                                                   const char              *name,
                                                   gint64                   value);
void                  rl_template_context_set_list (RlTemplateContext      *ctx,
                                                    const char             *name);
RlTemplateRecord     *rl_template_context_list_append (RlTemplateContext   *ctx,
                                                       const char          *name);

void                  rl_template_record_set_string (RlTemplateRecord      *rec,
                                                     const char            *name,
                                                     const char            *value);
void                  rl_template_record_set_money (RlTemplateRecord       *rec,
                                                    const char             *name,
                                                    RlCents                 value);
void                  rl_template_record_set_day  (RlTemplateRecord        *rec,
                                                   const char              *name,
                                                   RlDay                    value);
void                  rl_template_record_set_int  (RlTemplateRecord        *rec,
                                                   const char              *name,
                                                   gint64                   value);
void                  rl_template_record_set_list (RlTemplateRecord        *rec,
                                                   const char              *name);
RlTemplateRecord     *rl_template_record_list_append (RlTemplateRecord     *rec,
                                                      const char           *name);

/* The texts shipped with the application; the book's templates table overrides them. */
typedef struct
{
  const char *key;       /* "courtesy", "reminder", "reminder_firm", "final_notice",
                            "formal_notice", "call_script", "sms", "thank_you" */
  const char *language;  /* "fr" or "en" */
  const char *subject;   /* a template too; "" for the SMS */
  const char *body;
} RlTemplateDefault;

const RlTemplateDefault *rl_template_default      (const char              *key,
                                                   const char              *language);
const char * const      *rl_template_default_keys (void);
const char * const      *rl_template_editable_keys (void);
const char              *rl_template_language     (const char              *language);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlTemplate, rl_template_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlTemplateContext, rl_template_context_free)

G_END_DECLS
