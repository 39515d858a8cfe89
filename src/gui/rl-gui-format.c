/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-gui-format.h"

#include "rl-penalties.h"

#include <glib/gi18n.h>

static char *language;

static const RlListColumn customer_columns[] = {
  { "code", N_("Code"), RL_LIST_SORT_CODE, FALSE, FALSE, 9, 9 },
  { "name", N_("Customer"), RL_LIST_SORT_NAME, FALSE, TRUE, 24, 6 },
  { "risk", N_("Risk"), RL_LIST_SORT_RISK, FALSE, FALSE, 14, 6 },
  { "outstanding", N_("Open balance"), RL_LIST_SORT_OUTSTANDING, TRUE, FALSE, 14, 14 },
  { "overdue", N_("Overdue"), RL_LIST_SORT_OVERDUE, TRUE, FALSE, 14, 14 },
  { "open", N_("Open invoices"), RL_N_LIST_SORTS, TRUE, FALSE, 6, 6 },
  { "limit", N_("Credit limit"), RL_N_LIST_SORTS, TRUE, FALSE, 14, 14 },
  { "assigned", N_("Assigned to"), RL_N_LIST_SORTS, FALSE, FALSE, 14, 6 },
};

static const RlListColumn invoice_columns[] = {
  { "number", N_("Number"), RL_LIST_SORT_CODE, FALSE, FALSE, 14, 14 },
  { "customer", N_("Customer"), RL_LIST_SORT_NAME, FALSE, TRUE, 24, 6 },
  { "issued", N_("Issued"), RL_LIST_SORT_ISSUE_DATE, TRUE, FALSE, 11, 11 },
  { "due", N_("Due"), RL_LIST_SORT_DUE_DATE, TRUE, FALSE, 11, 11 },
  { "amount", N_("Amount"), RL_LIST_SORT_AMOUNT, TRUE, FALSE, 13, 13 },
  { "remaining", N_("Left to pay"), RL_LIST_SORT_OUTSTANDING, TRUE, FALSE, 13, 13 },
  { "late", N_("Days late"), RL_LIST_SORT_OVERDUE, TRUE, FALSE, 9, 9 },
  { "status", N_("Status"), RL_N_LIST_SORTS, FALSE, FALSE, 22, 6 },
};

/**
 * rl_gui_language:
 *
 * Returns: "fr" or "en": the language of the messages, which money and dates follow
 */
const char *
rl_gui_language (void)
{
  const char * const *names;

  if (language != NULL)
    return language;
  names = g_get_language_names_with_category ("LC_MESSAGES");
  for (gsize i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "fr"))
        return "fr";
      if (g_str_has_prefix (names[i], "en") || g_str_equal (names[i], "C"))
        return "en";
    }
  return "en";
}

/* For tests: force the language of figures. */
void
rl_gui_set_language (const char *lang)
{
  g_free (language);
  language = g_strdup (lang);
}

static gboolean
is_french (void)
{
  return g_str_equal (rl_gui_language (), "fr");
}

char *
rl_gui_money (RlCents cents)
{
  return rl_money_format (cents, "EUR", rl_gui_language ());
}

char *
rl_gui_day (RlDay day)
{
  if (day == RL_DAY_NONE)
    return g_strdup ("—");
  return rl_day_format_short (day, rl_gui_language ());
}

static char *
tenths (int value)
{
  return g_strdup_printf ("%d%s%d", value / 10, is_french () ? "," : ".", ABS (value % 10));
}

/* Days in tenths, e.g. "42,5 j" or "42.5 days"; negative means "not known". */
char *
rl_gui_tenths_days (int value)
{
  g_autofree char *number = NULL;

  if (value < 0)
    return g_strdup ("—");
  number = tenths (value);
  /* TRANSLATORS: a number of days with one decimal, e.g. "42.5 days" */
  return g_strdup_printf (_("%s days"), number);
}

/* Basis points as a percentage with one decimal: French puts a no-break space before "%". */
char *
rl_gui_percent_bp (int bp)
{
  g_autofree char *number = NULL;

  if (bp < 0)
    return g_strdup ("—");
  number = tenths (bp / 10);
  return g_strdup_printf (is_french () ? "%s\u00a0%%" : "%s%%", number);
}

char *
rl_gui_days_late (int days)
{
  if (days <= 0)
    return g_strdup ("");
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", days), days);
}

const char *
rl_gui_risk_class (char klass)
{
  switch (klass)
    {
    case 'A': return C_("risk class", "A · low");
    case 'B': return C_("risk class", "B · moderate");
    case 'C': return C_("risk class", "C · high");
    case 'D': return C_("risk class", "D · very high");
    default: return C_("risk class", "Not scored");
    }
}

/* The title of a group of actions of one channel: « Lettres », « Appels ». */
const char *
rl_gui_channel_title (RlChannel channel)
{
  switch (channel)
    {
    case RL_CHANNEL_EMAIL:
      return C_("actions of a channel", "Emails");
    case RL_CHANNEL_SMS:
      return C_("actions of a channel", "SMS");
    case RL_CHANNEL_LETTER:
      return C_("actions of a channel", "Letters");
    case RL_CHANNEL_REGISTERED_LETTER:
      return C_("actions of a channel", "Registered Letters");
    case RL_CHANNEL_CALL:
      return C_("actions of a channel", "Phone Calls");
    case RL_CHANNEL_TASK:
    case RL_N_CHANNELS:
    default:
      return C_("actions of a channel", "Tasks");
    }
}

/* One line about a proposed action: its step, amount and invoices. */
char *
rl_gui_action_summary (const RlAction *action)
{
  g_autofree char *amount = rl_gui_money (action->amount);
  guint n = action->invoice_ids != NULL ? action->invoice_ids->len : 0;
  const char *step = action->thank_you ? _("Thank-you") : rl_step_label (action->template_key);

  if (n == 0)
    return g_strdup_printf ("%s · %s", step, amount);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %s · %u invoice",
                                       "%s · %s · %u invoices", n),
                          step, amount, n);
}

/**
 * rl_list_columns:
 *
 * Returns: the columns of a list, in order
 */
const RlListColumn *
rl_list_columns (RlListKind  kind,
                 guint      *n_columns)
{
  if (kind == RL_LIST_CUSTOMERS)
    {
      *n_columns = G_N_ELEMENTS (customer_columns);
      return customer_columns;
    }
  *n_columns = G_N_ELEMENTS (invoice_columns);
  return invoice_columns;
}

static char *
customer_cell (const char          *id,
               const RlCustomerRow *r)
{
  if (g_str_equal (id, "code"))
    return g_strdup (r->code);
  if (g_str_equal (id, "name"))
    return r->on_hold ? g_strdup_printf ("%s · %s", r->name, _("on hold")) : g_strdup (r->name);
  if (g_str_equal (id, "risk"))
    return g_strdup (rl_gui_risk_class (r->risk_class));
  if (g_str_equal (id, "outstanding"))
    return rl_gui_money (r->outstanding);
  if (g_str_equal (id, "overdue"))
    return r->overdue > 0 ? rl_gui_money (r->overdue) : g_strdup ("");
  if (g_str_equal (id, "open"))
    return g_strdup_printf ("%u", r->n_open);
  if (g_str_equal (id, "limit"))
    return r->has_credit_limit ? rl_gui_money (r->credit_limit) : g_strdup ("");
  if (g_str_equal (id, "assigned"))
    return g_strdup (r->assigned_to ? r->assigned_to : "");
  g_return_val_if_reached (NULL);
}

static const char *
invoice_status (const RlInvoiceRow *r)
{
  if (r->status == RL_INVOICE_STATUS_CANCELLED)
    return _("Cancelled");
  if (r->status == RL_INVOICE_STATUS_PAID)
    return r->kind == RL_INVOICE_KIND_CREDIT_NOTE ? _("Credit note, applied") : _("Paid");
  /* What is left of a credit note is owed to the customer, to be set against invoices. */
  if (r->kind == RL_INVOICE_KIND_CREDIT_NOTE)
    return r->remaining < r->amount ? _("Credit note, part-applied")
                                    : _("Credit note, unapplied");
  if (r->in_dispute)
    return _("In dispute");
  if (r->days_late > 0)
    return _("Overdue");
  return r->remaining < r->amount ? _("Partly paid") : _("Open");
}

static char *
invoice_cell (const char         *id,
              const RlInvoiceRow *r)
{
  if (g_str_equal (id, "number"))
    return g_strdup (r->number);
  if (g_str_equal (id, "customer"))
    return g_strdup (r->customer_name);
  if (g_str_equal (id, "issued"))
    return rl_gui_day (r->issue_date);
  if (g_str_equal (id, "due"))
    return rl_gui_day (r->due_date);
  if (g_str_equal (id, "amount"))
    return rl_gui_money (r->kind == RL_INVOICE_KIND_CREDIT_NOTE ? -r->amount : r->amount);
  /* A credit note's, with its amount's sign: the customer's due, not the customer's debt. */
  if (g_str_equal (id, "remaining"))
    return r->status != RL_INVOICE_STATUS_OPEN ? g_strdup ("")
           : rl_gui_money (r->kind == RL_INVOICE_KIND_CREDIT_NOTE ? -r->remaining : r->remaining);
  if (g_str_equal (id, "late"))
    return rl_gui_days_late (r->days_late);
  if (g_str_equal (id, "status"))
    return g_strdup (invoice_status (r));
  g_return_val_if_reached (NULL);
}

/**
 * rl_list_cell_text:
 * @row: (nullable): an #RlCustomerRow or #RlInvoiceRow; %NULL while its page loads
 *
 * Returns: (transfer full): the text of a cell
 */
char *
rl_list_cell_text (RlListKind     kind,
                   const char    *column_id,
                   gconstpointer  row)
{
  if (row == NULL)
    return g_strdup ("");
  if (kind == RL_LIST_CUSTOMERS)
    return customer_cell (column_id, row);
  return invoice_cell (column_id, row);
}

/* "2026-H2" in words: "second half of 2026". */
char *
rl_gui_half_year (const char *half_year)
{
  int year, half;

  if (!rl_half_year_parse (half_year, &year, &half))
    return g_strdup (half_year);
  return half == 1 ? g_strdup_printf (_("first half of %d"), year)
                   : g_strdup_printf (_("second half of %d"), year);
}

/* @text with its spaces made no-break ones: a phone number, "04 31 50 52 85", is never cut at
 * the end of a line. */
char *
rl_gui_unbroken (const char *text)
{
  g_auto(GStrv) words = NULL;

  if (text == NULL)
    return NULL;
  words = g_strsplit (text, " ", -1);
  return g_strjoinv ("\u00a0", words);
}

/* A mnemonic label as read: "_Import…" is "Import…", "Save __As" "Save _As". */
char *
rl_gui_without_mnemonic (const char *label)
{
  GString *s;

  if (label == NULL)
    return NULL;
  s = g_string_new (NULL);
  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          p++;
          if (*p == '\0')
            break;
        }
      g_string_append_c (s, *p);
    }
  return g_string_free (s, FALSE);
}
