/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-import-figures.h"

#include <glib/gi18n.h>

#include "rl-csv-fields.h"
#include "rl-gui-format.h"

/* What the import dialog says of a file and of its import, in words. */

void
rl_import_figure_free (RlImportFigure *figure)
{
  g_free (figure->title);
  g_free (figure->value);
  g_free (figure);
}

static void
add_count (GPtrArray  *figures,
           const char *title,
           guint       n)
{
  RlImportFigure *f = g_new0 (RlImportFigure, 1);

  f->title = g_strdup (title);
  f->value = g_strdup_printf ("%u", n);
  g_ptr_array_add (figures, f);
}

static void
add_money (GPtrArray  *figures,
           const char *title,
           RlCents     cents)
{
  RlImportFigure *f = g_new0 (RlImportFigure, 1);

  f->title = g_strdup (title);
  f->value = rl_gui_money (cents);
  g_ptr_array_add (figures, f);
}

/**
 * rl_import_report_figures:
 *
 * What an import (or its dry run) does to the book, in the words of the file's kind.
 *
 * Returns: (transfer full) (element-type RlImportFigure): the figures, in the order shown
 */
GPtrArray *
rl_import_report_figures (const RlImportReport *report)
{
  GPtrArray *figures = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_import_figure_free);
  const RlImportCounts *c = &report->counts;

  switch (report->format)
    {
    case RL_IMPORT_FORMAT_CSV:
      if (report->csv_kind == RL_CSV_KIND_CUSTOMERS)
        {
          add_count (figures, _("New customers"), c->inserted);
          add_count (figures, _("Updated customers"), c->updated);
        }
      else if (report->csv_kind == RL_CSV_KIND_PAYMENTS)
        {
          add_count (figures, _("New payments"), c->inserted);
          add_count (figures, _("Updated payments"), c->updated);
        }
      else
        {
          add_count (figures, _("New invoices and credit notes"), c->inserted);
          add_count (figures, _("Updated invoices and credit notes"), c->updated);
        }
      add_count (figures, _("Unchanged"), c->unchanged);
      if (report->csv_kind != RL_CSV_KIND_CUSTOMERS)
        add_count (figures, _("New customers"), c->customers_created);
      if (report->csv_kind == RL_CSV_KIND_PAYMENTS)
        add_money (figures, _("Allocated to invoices"), report->allocated);
      break;
    case RL_IMPORT_FORMAT_FEC:
      add_count (figures, _("Customers"), report->customers);
      add_count (figures, _("Invoices"), report->invoices);
      add_count (figures, _("Open invoices"), report->open_items);
      add_count (figures, _("Credit notes"), report->credit_notes);
      add_count (figures, _("Payments"), report->payments);
      add_count (figures, _("New entries"), c->inserted);
      add_count (figures, _("Updated entries"), c->updated);
      add_money (figures, _("Allocated to invoices"), report->allocated);
      break;
    case RL_IMPORT_FORMAT_CAMT:
      add_count (figures, _("New payments"), report->payments);
      add_count (figures, _("Matched to invoices"), report->matched);
      add_count (figures, _("Matches waiting for you"), report->pending);
      add_count (figures, _("Not matched"), report->unmatched);
      add_count (figures, _("Imported before"), report->already_seen);
      add_count (figures, _("Reversed"), report->reversed);
      add_money (figures, _("Allocated to invoices"), report->allocated);
      break;
    case RL_IMPORT_FORMAT_FACTURX:
      add_count (figures, _("Invoices"), report->invoices);
      add_count (figures, _("Credit notes"), report->credit_notes);
      add_count (figures, _("New"), c->inserted);
      add_count (figures, _("Updated"), c->updated);
      add_count (figures, _("New customers"), c->customers_created);
      break;
    case RL_IMPORT_FORMAT_UNKNOWN:
    default:
      break;
    }
  add_count (figures, _("Rejected rows"), c->rejected);
  return figures;
}

/**
 * rl_import_field_label:
 * @field: a #RlCsvField, or -1
 *
 * Returns: what a column of a CSV file of @kind is taken for, in words
 */
const char *
rl_import_field_label (RlCsvKind kind,
                       int       field)
{
  static const char * const labels[RL_CSV_N_FIELDS] = {
    [RL_CSV_FIELD_CODE] = N_("Customer code"),
    [RL_CSV_FIELD_NAME] = N_("Customer name"),
    [RL_CSV_FIELD_CUSTOMER_KIND] = N_("Business or consumer"),
    [RL_CSV_FIELD_SIREN] = N_("SIREN"),
    [RL_CSV_FIELD_VAT_NUMBER] = N_("VAT number"),
    [RL_CSV_FIELD_LANGUAGE] = N_("Language"),
    [RL_CSV_FIELD_EMAIL] = N_("E-mail"),
    [RL_CSV_FIELD_PHONE] = N_("Phone"),
    [RL_CSV_FIELD_ADDRESS1] = N_("Address"),
    [RL_CSV_FIELD_ADDRESS2] = N_("Address, line 2"),
    [RL_CSV_FIELD_ADDRESS3] = N_("Address, line 3"),
    [RL_CSV_FIELD_POSTCODE] = N_("Postcode"),
    [RL_CSV_FIELD_CITY] = N_("City"),
    [RL_CSV_FIELD_COUNTRY] = N_("Country"),
    [RL_CSV_FIELD_CREDIT_LIMIT] = N_("Credit limit"),
    [RL_CSV_FIELD_TERMS_DAYS] = N_("Payment terms in days"),
    [RL_CSV_FIELD_TERMS_EOM] = N_("End of month terms"),
    [RL_CSV_FIELD_ASSIGNED_TO] = N_("Assigned to"),
    [RL_CSV_FIELD_NOTES] = N_("Notes"),
    [RL_CSV_FIELD_NUMBER] = N_("Invoice number"),
    [RL_CSV_FIELD_DOC_KIND] = N_("Invoice or credit note"),
    [RL_CSV_FIELD_ISSUE_DATE] = N_("Invoice date"),
    [RL_CSV_FIELD_DUE_DATE] = N_("Due date"),
    [RL_CSV_FIELD_CURRENCY] = N_("Currency"),
    [RL_CSV_FIELD_AMOUNT] = N_("Amount"),
    [RL_CSV_FIELD_PAID] = N_("Amount paid"),
    [RL_CSV_FIELD_REFERENCE] = N_("Reference"),
    [RL_CSV_FIELD_CREDITED_NUMBER] = N_("Invoice credited"),
    [RL_CSV_FIELD_DATE] = N_("Payment date"),
    [RL_CSV_FIELD_INVOICE_NUMBER] = N_("Invoice paid"),
    [RL_CSV_FIELD_METHOD] = N_("Payment method"),
    [RL_CSV_FIELD_PAYER_NAME] = N_("Payer"),
    [RL_CSV_FIELD_PAYER_IBAN] = N_("Payer’s IBAN"),
    [RL_CSV_FIELD_KEY] = N_("Payment identifier"),
  };

  if (field < 0 || field >= RL_CSV_N_FIELDS || labels[field] == NULL)
    return _("Not used");
  if (kind == RL_CSV_KIND_CUSTOMERS && field == RL_CSV_FIELD_NAME)
    return _("Name");
  return _(labels[field]);
}

/**
 * rl_import_format_text:
 *
 * Returns: (transfer full): the format of the file and how it was read, in words
 */
char *
rl_import_format_text (const RlImportReport *report)
{
  const char *detail = report->detail ? report->detail : "";

  switch (report->format)
    {
    case RL_IMPORT_FORMAT_CSV:
      if (report->csv_kind == RL_CSV_KIND_CUSTOMERS)
        return g_strdup_printf (_("CSV file of customers: %s"), detail);
      if (report->csv_kind == RL_CSV_KIND_PAYMENTS)
        return g_strdup_printf (_("CSV file of payments: %s"), detail);
      if (report->csv_kind == RL_CSV_KIND_INVOICES)
        return g_strdup_printf (_("CSV file of invoices and credit notes: %s"), detail);
      return g_strdup_printf (_("CSV file: %s"), detail);
    case RL_IMPORT_FORMAT_FEC:
      return g_strdup_printf (_("FEC accounting export: %s"), detail);
    case RL_IMPORT_FORMAT_CAMT:
      return g_strdup_printf (_("Bank statement: %s"), detail);
    case RL_IMPORT_FORMAT_FACTURX:
      return g_strdup_printf (_("Factur-X invoices: profile %s"), detail);
    case RL_IMPORT_FORMAT_UNKNOWN:
    default:
      return g_strdup (_("Unknown format"));
    }
}
