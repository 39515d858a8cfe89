/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relancectl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "rl-aging.h"
#include "rl-cli.h"
#include "rl-engine.h"
#include "rl-error.h"
#include "rl-penalties.h"

/* relancectl aging, and how the reports write an aged balance. */

/* "42,3" or "42.3" from tenths. */
char *
rl_cli_tenths (RlCli *cli,
               int    tenths)
{
  return g_strdup_printf ("%d%s%d", tenths / 10, g_str_equal (cli->language, "fr") ? "," : ".",
                          ABS (tenths % 10));
}

static void
json_tenths (JsonBuilder *b,
             const char  *member,
             int          tenths)
{
  json_builder_set_member_name (b, member);
  if (tenths < 0)
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, tenths / 10.0);
}

static const char * const bucket_keys[RL_N_BUCKETS] = {
  "not_due", "days_1_30", "days_31_60", "days_61_90", "days_over_90",
};

const char *
rl_cli_bucket_label (RlBucket b)
{
  switch (b)
    {
    case RL_BUCKET_NOT_DUE:
      return _("Not due");
    case RL_BUCKET_1_30:
      return _("1–30 days");
    case RL_BUCKET_31_60:
      return _("31–60 days");
    case RL_BUCKET_61_90:
      return _("61–90 days");
    case RL_BUCKET_OVER_90:
    case RL_N_BUCKETS:
    default:
      return _("Over 90 days");
    }
}

void
rl_cli_json_aging_row (JsonBuilder      *b,
                       const RlAgingRow *row)
{
  json_builder_set_member_name (b, "buckets");
  json_builder_begin_object (b);
  for (int k = 0; k < RL_N_BUCKETS; k++)
    {
      g_autofree char *key = g_strconcat (bucket_keys[k], "_cents", NULL);
      rl_cli_json_money (b, key, row->buckets[k]);
    }
  json_builder_end_object (b);
  rl_cli_json_money (b, "open_invoices_cents", row->open_invoices);
  rl_cli_json_money (b, "overdue_cents", row->overdue);
  rl_cli_json_money (b, "unapplied_credits_cents", row->unapplied_credits);
  rl_cli_json_money (b, "unallocated_payments_cents", row->unallocated_payments);
  rl_cli_json_money (b, "outstanding_cents", row->outstanding);
  json_builder_set_member_name (b, "open_invoices");
  json_builder_add_int_value (b, row->n_open);
  json_builder_set_member_name (b, "overdue_invoices");
  json_builder_add_int_value (b, row->n_overdue);
  json_builder_set_member_name (b, "max_days_late");
  json_builder_add_int_value (b, row->max_days_late);
  json_tenths (b, "average_days_beyond_terms", row->adbt_tenths);
}

RlAging *
rl_cli_compute_aging (RlBook   *book,
                      RlDay     as_of,
                      gboolean  per_customer,
                      gboolean  full)
{
  g_autoptr(GError) error = NULL;
  RlAging *aging = full ? rl_aging_compute_full (book, as_of, per_customer, &error)
                        : rl_aging_compute (book, as_of, per_customer, &error);

  if (aging == NULL)
    rl_cli_report_error (error);
  return aging;
}

/* aging */

static void
json_to_invoice (JsonBuilder       *b,
                 const RlClaimable *c)
{
  json_builder_set_member_name (b, "to_invoice");
  json_builder_begin_object (b);
  rl_cli_json_money (b, "interest_cents", c->interest);
  rl_cli_json_money (b, "indemnities_cents", c->indemnities);
  json_builder_set_member_name (b, "invoices");
  json_builder_add_int_value (b, c->n_invoices);
  rl_cli_json_string (b, "rates_to_confirm", c->missing_half_year[0] ? c->missing_half_year
                                                                     : NULL);
  json_builder_end_object (b);
}

int
rl_cli_aging (RlCli  *cli,
              int     argc,
              char  **argv)
{
  g_autofree char *as_of_text = NULL;
  gboolean json = FALSE;
  gboolean by_customer = FALSE;
  gboolean claimable = FALSE;
  gboolean full = FALSE;
  GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, N_("The date of the balance (today)"), N_("DATE") },
    { "to-invoice", 0, 0, G_OPTION_ARG_NONE, &claimable, N_("Also the late-payment interest and 40 € indemnities the overdue business invoices carry"), NULL },
    { "by-customer", 'c', 0, G_OPTION_ARG_NONE, &by_customer, N_("One line per customer"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Write JSON, amounts in cents"), NULL },
    { "full", 0, 0, G_OPTION_ARG_NONE, &full, N_("Read every invoice instead of the totals the book keeps (slower: to check them)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (NULL, _("The aged balance: what customers owe by days past due, with DSO and "
                            "other receivables KPIs, at any date."), entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(RlAging) aging = NULL;
  g_autoptr(GError) error = NULL;
  RlClaimable to_invoice = { 0 };
  RlDay as_of;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (!rl_cli_no_arguments (argc, argv))
    return RL_EXIT_USAGE;
  if (!rl_cli_parse_as_of (as_of_text, &as_of))
    return RL_EXIT_USAGE;
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  aging = rl_cli_compute_aging (book, as_of, by_customer, full);
  if (aging == NULL)
    return RL_EXIT_FAILURE;
  if (claimable && !rl_book_claimable_penalties (book, as_of, &to_invoice, &error))
    return rl_cli_report_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      rl_cli_json_day (b, "as_of", aging->as_of);
      rl_cli_json_string (b, "currency", aging->currency);
      rl_cli_json_aging_row (b, &aging->total);
      rl_cli_json_money (b, "sales_90_days_cents", aging->sales_90_days);
      json_tenths (b, "dso_countback_days", aging->dso_countback_tenths);
      json_tenths (b, "dso_simple_days", aging->dso_simple_tenths);
      json_builder_set_member_name (b, "customers_over_credit_limit");
      json_builder_add_int_value (b, aging->customers_over_limit);
      json_builder_set_member_name (b, "other_currency_items");
      json_builder_add_int_value (b, aging->other_currency_items);
      if (claimable)
        json_to_invoice (b, &to_invoice);
      if (by_customer)
        {
          json_builder_set_member_name (b, "customers");
          json_builder_begin_array (b);
          for (guint i = 0; i < aging->rows->len; i++)
            {
              const RlAgingRow *row = g_ptr_array_index (aging->rows, i);

              json_builder_begin_object (b);
              rl_cli_json_string (b, "code", row->code);
              rl_cli_json_string (b, "name", row->name);
              rl_cli_json_aging_row (b, row);
              json_builder_set_member_name (b, "credit_limit_cents");
              if (row->has_credit_limit)
                json_builder_add_int_value (b, row->credit_limit);
              else
                json_builder_add_null_value (b);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
      rl_cli_print_json (b);
      return RL_EXIT_OK;
    }

  if (by_customer)
    {
      g_autoptr(RlCliTable) t =
        rl_cli_table_new (9, _("Code"), _("Customer"), rl_cli_bucket_label (0),
                          rl_cli_bucket_label (1), rl_cli_bucket_label (2),
                          rl_cli_bucket_label (3), rl_cli_bucket_label (4), _("Outstanding"),
                          _("Days late"));

      for (guint c = 2; c < 9; c++)
        rl_cli_table_right (t, c);
      for (guint i = 0; i < aging->rows->len; i++)
        {
          const RlAgingRow *row = g_ptr_array_index (aging->rows, i);
          g_autofree char *b0 = rl_cli_money (cli, row->buckets[0]);
          g_autofree char *b1 = rl_cli_money (cli, row->buckets[1]);
          g_autofree char *b2 = rl_cli_money (cli, row->buckets[2]);
          g_autofree char *b3 = rl_cli_money (cli, row->buckets[3]);
          g_autofree char *b4 = rl_cli_money (cli, row->buckets[4]);
          g_autofree char *out = rl_cli_money (cli, row->outstanding);
          g_autofree char *late = row->max_days_late > 0
                                  ? g_strdup_printf ("%d", row->max_days_late) : g_strdup ("");

          rl_cli_table_add (t, row->code, row->name, b0, b1, b2, b3, b4, out, late);
        }
      rl_cli_table_print (t);
      printf ("\n");
    }

  {
    g_autofree char *date = rl_day_format_long (aging->as_of, cli->language);
    g_autoptr(RlCliTable) t = rl_cli_table_new (3, "", "", "");
    g_autofree char *dso_cb = NULL, *dso_simple = NULL, *adbt = NULL;
    g_autofree char *open = rl_cli_money (cli, aging->total.open_invoices);
    g_autofree char *credits = rl_cli_money (cli, -aging->total.unapplied_credits);
    g_autofree char *unalloc = rl_cli_money (cli, -aging->total.unallocated_payments);
    g_autofree char *outstanding = rl_cli_money (cli, aging->total.outstanding);
    g_autofree char *overdue = rl_cli_money (cli, aging->total.overdue);
    g_autofree char *sales = rl_cli_money (cli, aging->sales_90_days);
    g_autofree char *n_over = g_strdup_printf ("%u", aging->customers_over_limit);

    printf (_("Aged balance at %s (%s)\n\n"), date, aging->currency);
    rl_cli_table_right (t, 1);
    rl_cli_table_right (t, 2);
    for (int k = 0; k < RL_N_BUCKETS; k++)
      {
        g_autofree char *amount = rl_cli_money (cli, aging->total.buckets[k]);
        g_autofree char *pct = NULL;

        if (aging->total.open_invoices > 0)
          {
            RlCents bp = rl_money_mul_div_round (aging->total.buckets[k], 1000,
                                                 aging->total.open_invoices);
            g_autofree char *p = rl_cli_tenths (cli, (int) bp);

            /* French puts a no-break space before the percent sign. */
            pct = g_strdup_printf (g_str_equal (cli->language, "fr") ? "%s\xC2\xA0%%" : "%s%%", p);
          }
        rl_cli_table_add (t, rl_cli_bucket_label (k), amount, pct);
      }
    rl_cli_table_add (t, _("Open invoices"), open, NULL);
    rl_cli_table_add (t, _("Unapplied credit notes"), credits, NULL);
    rl_cli_table_add (t, _("Unallocated payments"), unalloc, NULL);
    rl_cli_table_add (t, _("Outstanding"), outstanding, NULL);
    rl_cli_table_add (t, _("of which overdue"), overdue, NULL);
    rl_cli_table_print (t);
    printf ("\n");

    dso_cb = aging->dso_countback_tenths < 0 ? g_strdup ("—")
             : rl_cli_tenths (cli, aging->dso_countback_tenths);
    dso_simple = aging->dso_simple_tenths < 0 ? g_strdup ("—")
                 : rl_cli_tenths (cli, aging->dso_simple_tenths);
    adbt = rl_cli_tenths (cli, aging->total.adbt_tenths);
    {
      g_autoptr(RlCliTable) k = rl_cli_table_new (2, "", "");

      rl_cli_table_right (k, 1);
      rl_cli_table_add (k, _("DSO, countback method (days)"), dso_cb);
      rl_cli_table_add (k, _("DSO, simple method over 90 days (days)"), dso_simple);
      rl_cli_table_add (k, _("Average days beyond terms, weighted by amount (days)"), adbt);
      rl_cli_table_add (k, _("Sales of the last 90 days"), sales);
      rl_cli_table_add (k, _("Customers over their credit limit"), n_over);
      if (claimable && to_invoice.missing_half_year[0] != '\0')
        rl_cli_table_add (k, _("To invoice: confirm the rates of"), to_invoice.missing_half_year);
      else if (claimable)
        {
          g_autofree char *interest = rl_cli_money (cli, to_invoice.interest);
          g_autofree char *indemnities = rl_cli_money (cli, to_invoice.indemnities);

          rl_cli_table_add (k, _("To invoice: late-payment interest"), interest);
          rl_cli_table_add (k, _("To invoice: recovery indemnities"), indemnities);
        }
      rl_cli_table_print (k);
    }
    if (aging->other_currency_items > 0)
      printf (ngettext ("\n%u open item in another currency is not counted.\n",
                        "\n%u open items in other currencies are not counted.\n",
                        aging->other_currency_items), aging->other_currency_items);
  }
  return RL_EXIT_OK;
}
