/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How the app writes figures and list cells, without a display. */
#include "config.h"

#include <string.h>

#include "rl-gui-format.h"

static void
test_money_and_numbers (void)
{
  static const struct
  {
    const char *language;
    RlCents     cents;
    int         tenths;
    int         bp;
    const char *money;
    const char *days;
    const char *percent;
  } cases[] = {
    { "fr", 123456789, 425, 8550, "1\u202f234\u202f567,89\u00a0€", "42,5 days", "85,5\u00a0%" },
    { "en", 123456789, 425, 8550, "€1,234,567.89", "42.5 days", "85.5%" },
    { "en", -500, 0, 0, "-€5.00", "0.0 days", "0.0%" },
    { "fr", 0, -1, -1, "0,00\u00a0€", "—", "—" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *money = NULL, *days = NULL, *percent = NULL;

      rl_gui_set_language (cases[i].language);
      money = rl_gui_money (cases[i].cents);
      days = rl_gui_tenths_days (cases[i].tenths);
      percent = rl_gui_percent_bp (cases[i].bp);
      g_assert_cmpstr (money, ==, cases[i].money);
      g_assert_cmpstr (days, ==, cases[i].days);
      g_assert_cmpstr (percent, ==, cases[i].percent);
    }
}

static void
test_days_and_labels (void)
{
  static const struct
  {
    int         days;
    const char *text;
  } late[] = {
    { -3, "" }, { 0, "" }, { 1, "1 day" }, { 45, "45 days" },
  };
  g_autofree char *none = NULL;
  g_autofree char *day = NULL;

  rl_gui_set_language ("en");
  for (guint i = 0; i < G_N_ELEMENTS (late); i++)
    {
      g_autofree char *text = rl_gui_days_late (late[i].days);

      g_assert_cmpstr (text, ==, late[i].text);
    }
  none = rl_gui_day (RL_DAY_NONE);
  g_assert_cmpstr (none, ==, "—");
  rl_gui_set_language ("fr");
  day = rl_gui_day (rl_day_from_ymd (2026, 3, 4));
  g_assert_cmpstr (day, ==, "04/03/2026");
  g_assert_cmpstr (rl_gui_risk_class ('A'), ==, "A · low");
  g_assert_cmpstr (rl_gui_risk_class ('D'), ==, "D · very high");
  g_assert_cmpstr (rl_gui_risk_class (0), ==, "Not scored");
}

static void
test_customer_cells (void)
{
  RlCustomerRow row = {
    .id = 7, .code = "C007", .name = "Scierie Morin", .assigned_to = "Nadia", .risk_class = 'C',
    .risk_score = 45, .outstanding = 150000, .overdue = 0, .n_open = 3,
    .has_credit_limit = TRUE, .credit_limit = 1000000, .on_hold = TRUE,
  };
  static const struct
  {
    const char *column;
    const char *text;
  } cases[] = {
    { "code", "C007" },
    { "name", "Scierie Morin · on hold" },
    { "risk", "C · high" },
    { "outstanding", "€1,500.00" },
    { "overdue", "" },
    { "open", "3" },
    { "limit", "€10,000.00" },
    { "assigned", "Nadia" },
  };
  guint n;
  const RlListColumn *columns = rl_list_columns (RL_LIST_CUSTOMERS, &n);
  g_autofree char *placeholder = rl_list_cell_text (RL_LIST_CUSTOMERS, "name", NULL);

  rl_gui_set_language ("en");
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (cases));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = rl_list_cell_text (RL_LIST_CUSTOMERS, columns[i].id, &row);

      g_assert_cmpstr (columns[i].id, ==, cases[i].column);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
  g_assert_cmpstr (placeholder, ==, "");
}

static void
test_invoice_cells (void)
{
  static const struct
  {
    RlInvoiceKind   kind;
    RlInvoiceStatus status;
    RlCents         amount;
    RlCents         remaining;
    int             days_late;
    gboolean        in_dispute;
    const char     *status_text;
    const char     *amount_text;
    const char     *remaining_text;
    const char     *late_text;
  } cases[] = {
    { RL_INVOICE_KIND_INVOICE, RL_INVOICE_STATUS_OPEN, 10000, 10000, 0, FALSE, "Open", "€100.00",
      "€100.00", "" },
    { RL_INVOICE_KIND_INVOICE, RL_INVOICE_STATUS_OPEN, 10000, 2500, 0, FALSE, "Partly paid",
      "€100.00", "€25.00", "" },
    { RL_INVOICE_KIND_INVOICE, RL_INVOICE_STATUS_OPEN, 10000, 10000, 12, FALSE, "Overdue",
      "€100.00", "€100.00", "12 days" },
    { RL_INVOICE_KIND_INVOICE, RL_INVOICE_STATUS_OPEN, 10000, 10000, 12, TRUE, "In dispute",
      "€100.00", "€100.00", "12 days" },
    { RL_INVOICE_KIND_INVOICE, RL_INVOICE_STATUS_PAID, 10000, 0, 0, FALSE, "Paid", "€100.00", "",
      "" },
    { RL_INVOICE_KIND_INVOICE, RL_INVOICE_STATUS_CANCELLED, 10000, 10000, 0, FALSE, "Cancelled",
      "€100.00", "", "" },
    { RL_INVOICE_KIND_CREDIT_NOTE, RL_INVOICE_STATUS_OPEN, 3000, 3000, 0, FALSE,
      "Credit note, unapplied", "-€30.00", "-€30.00", "" },
    { RL_INVOICE_KIND_CREDIT_NOTE, RL_INVOICE_STATUS_OPEN, 3000, 1000, 0, FALSE,
      "Credit note, part-applied", "-€30.00", "-€10.00", "" },
    { RL_INVOICE_KIND_CREDIT_NOTE, RL_INVOICE_STATUS_PAID, 3000, 0, 0, FALSE,
      "Credit note, applied", "-€30.00", "", "" },
  };

  rl_gui_set_language ("en");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RlInvoiceRow row = {
        .id = 1, .number = "F-1", .customer_name = "Morin", .kind = cases[i].kind,
        .issue_date = rl_day_from_ymd (2026, 1, 1), .due_date = rl_day_from_ymd (2026, 1, 31),
        .amount = cases[i].amount, .remaining = cases[i].remaining, .status = cases[i].status,
        .days_late = cases[i].days_late, .in_dispute = cases[i].in_dispute,
      };
      g_autofree char *status = rl_list_cell_text (RL_LIST_INVOICES, "status", &row);
      g_autofree char *amount = rl_list_cell_text (RL_LIST_INVOICES, "amount", &row);
      g_autofree char *remaining = rl_list_cell_text (RL_LIST_INVOICES, "remaining", &row);
      g_autofree char *late = rl_list_cell_text (RL_LIST_INVOICES, "late", &row);
      g_autofree char *due = rl_list_cell_text (RL_LIST_INVOICES, "due", &row);

      g_assert_cmpstr (status, ==, cases[i].status_text);
      g_assert_cmpstr (amount, ==, cases[i].amount_text);
      g_assert_cmpstr (remaining, ==, cases[i].remaining_text);
      g_assert_cmpstr (late, ==, cases[i].late_text);
      g_assert_cmpstr (due, ==, "31 Jan 2026");
    }
}

static void
test_columns_sort_keys (void)
{
  for (RlListKind kind = RL_LIST_CUSTOMERS; kind <= RL_LIST_INVOICES; kind++)
    {
      guint n;
      const RlListColumn *columns = rl_list_columns (kind, &n);
      guint sortable = 0;

      for (guint i = 0; i < n; i++)
        {
          g_assert_nonnull (columns[i].title);
          for (guint j = i + 1; j < n; j++)
            {
              g_assert_cmpstr (columns[i].id, !=, columns[j].id);
              if (columns[i].sort != RL_N_LIST_SORTS)
                g_assert_cmpint (columns[i].sort, !=, columns[j].sort);
            }
          sortable += columns[i].sort != RL_N_LIST_SORTS;
        }
      g_assert_cmpuint (sortable, >=, 5);
    }
}

static void
test_action_summary (void)
{
  RlAction action = { .thank_you = TRUE, .amount = 12345 };
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 id = 1;
  g_autofree char *none = NULL;
  g_autofree char *two = NULL;

  rl_gui_set_language ("en");
  none = rl_gui_action_summary (&action);
  g_assert_cmpstr (none, ==, "Thank-you · €123.45");
  g_array_append_val (ids, id);
  g_array_append_val (ids, id);
  action.invoice_ids = ids;
  two = rl_gui_action_summary (&action);
  g_assert_cmpstr (two, ==, "Thank-you · €123.45 · 2 invoices");
}

/* The titles of the to-do list's groups: one per channel, all different, plural. */
static void
test_channel_titles (void)
{
  static const struct
  {
    RlChannel   channel;
    const char *title;
  } titles[] = {
    { RL_CHANNEL_EMAIL, "Emails" },
    { RL_CHANNEL_SMS, "SMS" },
    { RL_CHANNEL_LETTER, "Letters" },
    { RL_CHANNEL_REGISTERED_LETTER, "Registered Letters" },
    { RL_CHANNEL_CALL, "Phone Calls" },
    { RL_CHANNEL_TASK, "Tasks" },
  };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  G_STATIC_ASSERT (G_N_ELEMENTS (titles) == RL_N_CHANNELS);
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      const char *title = rl_gui_channel_title (titles[i].channel);

      g_assert_cmpstr (title, ==, titles[i].title);
      g_assert_true (g_hash_table_add (seen, (gpointer) title));
    }
}

/* Spaces made no-break ones, and nothing else changed. */
static void
test_unbroken (void)
{
  static const struct
  {
    const char *text;
    const char *unbroken;
  } cases[] = {
    { "04 31 50 52 85", "04\u00a031\u00a050\u00a052\u00a085" },
    { "+33 4 31 50 52 85", "+33\u00a04\u00a031\u00a050\u00a052\u00a085" },
    { "0431505285", "0431505285" },
    { "", "" },
    { "Zoé  Éloi", "Zoé\u00a0\u00a0Éloi" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *unbroken = rl_gui_unbroken (cases[i].text);

      g_assert_cmpstr (unbroken, ==, cases[i].unbroken);
    }
  g_assert_null (rl_gui_unbroken (NULL));
}

static void
test_without_mnemonic (void)
{
  const struct
  {
    const char *label;
    const char *read;
  } cases[] = {
    { "_Importer…", "Importer…" },
    { "Éc_héancier…", "Échéancier…" },
    { "Save __As", "Save _As" },
    { "No mnemonic", "No mnemonic" },
    { "Trailing_", "Trailing" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *read = rl_gui_without_mnemonic (cases[i].label);

      g_assert_cmpstr (read, ==, cases[i].read);
    }
  g_assert_null (rl_gui_without_mnemonic (NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/relance/gui-format/money-and-numbers", test_money_and_numbers);
  g_test_add_func ("/relance/gui-format/days-and-labels", test_days_and_labels);
  g_test_add_func ("/relance/gui-format/customer-cells", test_customer_cells);
  g_test_add_func ("/relance/gui-format/invoice-cells", test_invoice_cells);
  g_test_add_func ("/relance/gui-format/columns-sort-keys", test_columns_sort_keys);
  g_test_add_func ("/relance/gui-format/action-summary", test_action_summary);
  g_test_add_func ("/relance/gui-format/channel-titles", test_channel_titles);
  g_test_add_func ("/relance/gui-format/unbroken", test_unbroken);
  g_test_add_func ("/relance/gui-format/without-mnemonic", test_without_mnemonic);
  return g_test_run ();
}
