/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relancectl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "rl-aging.h"
#include "rl-book-notes.h"
#include "rl-cli.h"
#include "rl-engine.h"
#include "rl-error.h"
#include "rl-penalties.h"
#include "rl-risk.h"

/* customers */

static void
json_add_risk (JsonBuilder      *b,
               const RlCustomer *c)
{
  char klass[2] = { c->risk_class, '\0' };

  json_builder_set_member_name (b, "risk_score");
  if (c->risk_score >= 0)
    json_builder_add_int_value (b, c->risk_score);
  else
    json_builder_add_null_value (b);
  rl_cli_json_string (b, "risk_class", c->risk_class ? klass : NULL);
  if (c->risk_facts != NULL)
    {
      g_autofree char *reasons = rl_risk_describe (c->risk_facts);

      rl_cli_json_string (b, "risk_reasons", reasons);
    }
}

typedef struct
{
  RlCli        *cli;
  GHashTable   *rows;        /* customer id -> RlAgingRow */
  const char   *search;
  gboolean      overdue_only;
  RlCliTable   *table;
  JsonBuilder  *json;
  guint         count;
} CustomersData;

static gboolean
matches (const char *haystack,
         const char *needle)
{
  g_autofree char *h = NULL;
  g_autofree char *n = NULL;

  if (needle == NULL)
    return TRUE;
  if (haystack == NULL)
    return FALSE;
  h = g_utf8_casefold (haystack, -1);
  n = g_utf8_casefold (needle, -1);
  return strstr (h, n) != NULL;
}

static gboolean
on_customer (RlCustomer *c,
             gpointer    user_data)
{
  CustomersData *d = user_data;
  const RlAgingRow *row = g_hash_table_lookup (d->rows, &c->id);
  RlAgingRow empty = { 0 };

  if (row == NULL)
    row = &empty;
  if (d->overdue_only && row->overdue <= 0)
    return TRUE;
  if (d->search && !matches (c->code, d->search) && !matches (c->name, d->search)
      && !matches (c->city, d->search))
    return TRUE;
  d->count++;

  if (d->json)
    {
      JsonBuilder *b = d->json;

      json_builder_begin_object (b);
      rl_cli_json_string (b, "code", c->code);
      rl_cli_json_string (b, "name", c->name);
      rl_cli_json_string (b, "kind", rl_customer_kind_to_string (c->kind));
      rl_cli_json_string (b, "city", c->city);
      rl_cli_json_money (b, "open_invoices_cents", row->open_invoices);
      rl_cli_json_money (b, "overdue_cents", row->overdue);
      rl_cli_json_money (b, "outstanding_cents", row->outstanding);
      json_builder_set_member_name (b, "max_days_late");
      json_builder_add_int_value (b, row->max_days_late);
      json_builder_set_member_name (b, "credit_limit_cents");
      if (c->has_credit_limit)
        json_builder_add_int_value (b, c->credit_limit);
      else
        json_builder_add_null_value (b);
      json_add_risk (b, c);
      json_builder_end_object (b);
    }
  else
    {
      g_autofree char *open = g_strdup_printf ("%u", row->n_open);
      g_autofree char *overdue = rl_cli_money (d->cli, row->overdue);
      g_autofree char *outstanding = rl_cli_money (d->cli, row->outstanding);
      g_autofree char *limit = c->has_credit_limit ? rl_cli_money (d->cli, c->credit_limit)
                                                   : g_strdup ("");
      g_autofree char *late = row->max_days_late > 0 ? g_strdup_printf ("%d", row->max_days_late)
                                                     : g_strdup ("");

      char risk[2] = { c->risk_class, '\0' };

      rl_cli_table_add (d->table, c->code, c->name, c->city, open, outstanding, overdue, late,
                        limit, risk);
    }
  return TRUE;
}

int
rl_cli_customers (RlCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autofree char *as_of_text = NULL;
  g_autofree char *search = NULL;
  gboolean json = FALSE;
  gboolean overdue = FALSE;
  GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, N_("Balances at this date (today)"), N_("DATE") },
    { "search", 's', 0, G_OPTION_ARG_STRING, &search, N_("Only customers whose code, name or city contains TEXT"), N_("TEXT") },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue, N_("Only customers with overdue invoices"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Write JSON, amounts in cents"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rl_cli_context (NULL, _("List customers with what they owe."),
                                                      entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(RlAging) aging = NULL;
  g_autoptr(GHashTable) rows = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(RlCliTable) t = NULL;
  CustomersData d = { 0 };
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
  aging = rl_cli_compute_aging (book, as_of, TRUE, FALSE);
  if (aging == NULL)
    return RL_EXIT_FAILURE;
  for (guint i = 0; i < aging->rows->len; i++)
    {
      RlAgingRow *row = g_ptr_array_index (aging->rows, i);
      g_hash_table_insert (rows, &row->customer_id, row);
    }

  d.cli = cli;
  d.rows = rows;
  d.search = search;
  d.overdue_only = overdue;
  if (json)
    {
      b = json_builder_new ();
      json_builder_begin_array (b);
      d.json = b;
    }
  else
    {
      t = rl_cli_table_new (9, _("Code"), _("Name"), _("City"), _("Open"), _("Outstanding"),
                            _("Overdue"), _("Days late"), _("Credit limit"), _("Risk"));
      for (guint c = 3; c < 8; c++)
        rl_cli_table_right (t, c);
      d.table = t;
    }
  if (!rl_book_foreach_customer (book, on_customer, &d, &error))
    return rl_cli_report_error (error);
  if (json)
    {
      json_builder_end_array (b);
      rl_cli_print_json (b);
    }
  else
    {
      rl_cli_table_print (t);
      printf (ngettext ("%u customer\n", "%u customers\n", d.count), d.count);
    }
  return RL_EXIT_OK;
}

/* invoices and customer */

typedef struct
{
  RlCli        *cli;
  RlBook       *book;
  RlDay         as_of;
  GHashTable   *codes;      /* customer id -> code */
  gboolean      overdue_only;
  RlCliTable   *table;
  JsonBuilder  *json;
  guint         count;
  RlCents       total_left;
} InvoicesData;

static const char *
customer_code (InvoicesData *d,
               gint64        id)
{
  char *code = g_hash_table_lookup (d->codes, &id);

  if (code == NULL)
    {
      g_autoptr(RlCustomer) c = rl_book_get_customer (d->book, id, NULL);
      gint64 *key = g_new (gint64, 1);

      *key = id;
      code = g_strdup (c ? c->code : "?");
      g_hash_table_insert (d->codes, key, code);
    }
  return code;
}

static const char *
status_label (const RlInvoice *inv,
              int              days_late)
{
  if (inv->kind == RL_INVOICE_KIND_CREDIT_NOTE)
    {
      if (inv->status == RL_INVOICE_STATUS_PAID)
        return C_("credit note status", "applied");
      if (inv->status == RL_INVOICE_STATUS_CANCELLED)
        return C_("credit note status", "cancelled");
      return C_("credit note status", "to apply");
    }
  if (inv->status == RL_INVOICE_STATUS_PAID)
    return C_("invoice status", "paid");
  if (inv->status == RL_INVOICE_STATUS_CANCELLED)
    return C_("invoice status", "cancelled");
  if (inv->paid > 0)
    return days_late > 0 ? C_("invoice status", "partly paid, late")
                         : C_("invoice status", "partly paid");
  return days_late > 0 ? C_("invoice status", "late") : C_("invoice status", "open");
}

static gboolean
on_invoice (RlInvoice *inv,
            gpointer   user_data)
{
  InvoicesData *d = user_data;
  int days_late = inv->status == RL_INVOICE_STATUS_OPEN && inv->kind == RL_INVOICE_KIND_INVOICE
                  ? (int) d->as_of - (int) inv->due_date : 0;
  RlCents left = inv->amount - inv->paid;

  if (d->overdue_only && days_late <= 0)
    return TRUE;
  d->count++;
  if (inv->status == RL_INVOICE_STATUS_OPEN)
    d->total_left += inv->kind == RL_INVOICE_KIND_CREDIT_NOTE ? -left : left;

  if (d->json)
    {
      JsonBuilder *b = d->json;

      json_builder_begin_object (b);
      rl_cli_json_string (b, "number", inv->number);
      rl_cli_json_string (b, "customer", customer_code (d, inv->customer_id));
      rl_cli_json_string (b, "kind", rl_invoice_kind_to_string (inv->kind));
      rl_cli_json_day (b, "issue_date", inv->issue_date);
      rl_cli_json_day (b, "due_date", inv->due_date);
      rl_cli_json_string (b, "currency", inv->currency);
      rl_cli_json_money (b, "amount_cents", inv->amount);
      rl_cli_json_money (b, "paid_cents", inv->paid);
      rl_cli_json_money (b, "left_cents", inv->status == RL_INVOICE_STATUS_OPEN ? left : 0);
      rl_cli_json_string (b, "status", rl_invoice_status_to_string (inv->status));
      json_builder_set_member_name (b, "days_late");
      json_builder_add_int_value (b, MAX (days_late, 0));
      json_builder_end_object (b);
    }
  else
    {
      g_autofree char *issue = rl_cli_date (d->cli, inv->issue_date);
      g_autofree char *due = rl_cli_date (d->cli, inv->due_date);
      RlCents sign = inv->kind == RL_INVOICE_KIND_CREDIT_NOTE ? -1 : 1;
      g_autofree char *amount = rl_cli_money (d->cli, sign * inv->amount);
      g_autofree char *paid = rl_cli_money (d->cli, sign * inv->paid);
      g_autofree char *rest = rl_cli_money (d->cli, inv->status == RL_INVOICE_STATUS_OPEN
                                                    ? sign * left : 0);
      g_autofree char *late = days_late > 0 ? g_strdup_printf ("%d", days_late) : g_strdup ("");

      rl_cli_table_add (d->table, inv->number, customer_code (d, inv->customer_id), issue, due,
                        amount, paid, rest, status_label (inv, days_late), late);
    }
  return TRUE;
}

static RlCliTable *
new_invoice_table (void)
{
  RlCliTable *t = rl_cli_table_new (9, _("Number"), _("Customer"), _("Issued"), _("Due"),
                                    _("Amount"), _("Paid"), _("Left"), _("Status"),
                                    _("Days late"));

  for (guint c = 4; c < 7; c++)
    rl_cli_table_right (t, c);
  rl_cli_table_right (t, 8);
  return t;
}

int
rl_cli_invoices (RlCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autofree char *as_of_text = NULL;
  g_autofree char *customer = NULL;
  gboolean json = FALSE;
  gboolean open = FALSE;
  gboolean overdue = FALSE;
  GOptionEntry entries[] = {
    { "customer", 0, 0, G_OPTION_ARG_STRING, &customer, N_("Only this customer’s invoices and credit notes"), N_("CODE") },
    { "open", 0, 0, G_OPTION_ARG_NONE, &open, N_("Only invoices and credit notes not yet settled"), NULL },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue, N_("Only open invoices past their due date"), NULL },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, N_("Count days late at this date (today)"), N_("DATE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Write JSON, amounts in cents"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (NULL, _("List invoices and credit notes, by due date."), entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(RlCliTable) t = NULL;
  InvoicesData d = { 0 };
  gint64 customer_id = 0;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (!rl_cli_no_arguments (argc, argv))
    return RL_EXIT_USAGE;
  if (!rl_cli_parse_as_of (as_of_text, &d.as_of))
    return RL_EXIT_USAGE;
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  if (customer != NULL && (customer_id = rl_cli_customer_id (book, customer)) == 0)
    return RL_EXIT_FAILURE;

  d.cli = cli;
  d.book = book;
  d.codes = codes;
  d.overdue_only = overdue;
  if (json)
    {
      b = json_builder_new ();
      json_builder_begin_array (b);
      d.json = b;
    }
  else
    d.table = t = new_invoice_table ();
  if (!rl_book_foreach_invoice (book, customer_id, open || overdue, on_invoice, &d, &error))
    return rl_cli_report_error (error);
  if (json)
    {
      json_builder_end_array (b);
      rl_cli_print_json (b);
    }
  else
    {
      g_autofree char *left = rl_cli_money (cli, d.total_left);

      rl_cli_table_print (t);
      printf (ngettext ("%u item, %s left to collect\n", "%u items, %s left to collect\n",
                        d.count), d.count, left);
    }
  return RL_EXIT_OK;
}

typedef struct
{
  RlCli        *cli;
  RlCliTable   *table;
  JsonBuilder  *json;
} PaymentsData;

static gboolean
on_payment (RlPayment *p,
            gpointer   user_data)
{
  PaymentsData *d = user_data;

  if (d->json)
    {
      json_builder_begin_object (d->json);
      rl_cli_json_day (d->json, "date", p->date);
      rl_cli_json_money (d->json, "amount_cents", p->amount);
      rl_cli_json_money (d->json, "unallocated_cents", p->unallocated);
      rl_cli_json_string (d->json, "reference", p->reference);
      json_builder_end_object (d->json);
    }
  else
    {
      g_autofree char *date = rl_cli_date (d->cli, p->date);
      g_autofree char *amount = rl_cli_money (d->cli, p->amount);
      g_autofree char *left = rl_cli_money (d->cli, p->unallocated);

      rl_cli_table_add (d->table, date, amount, left, p->reference);
    }
  return TRUE;
}

int
rl_cli_customer (RlCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autofree char *as_of_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, N_("Balance at this date (today)"), N_("DATE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Write JSON, amounts in cents"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (_("CODE"), _("Show a customer: identity, contacts, balance, open invoices and "
                                 "unallocated payments."), entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(RlCustomer) c = NULL;
  g_autoptr(RlAging) aging = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  const RlPlan *plan = NULL;
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  const RlAgingRow *row = NULL;
  RlAgingRow empty = { 0 };
  InvoicesData d = { 0 };
  PaymentsData pd = { 0 };
  RlDay as_of;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (argc != 2)
    {
      rl_cli_error (_("give one customer code"));
      return RL_EXIT_USAGE;
    }
  if (!rl_cli_parse_as_of (as_of_text, &as_of))
    return RL_EXIT_USAGE;
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  c = rl_cli_find_customer (book, argv[1]);
  if (c == NULL)
    return RL_EXIT_FAILURE;
  aging = rl_aging_compute_customer (book, c->id, as_of, &error);
  if (aging == NULL)
    return rl_cli_report_error (error);
  row = aging->rows->len > 0 ? g_ptr_array_index (aging->rows, 0) : &empty;
  contacts = rl_book_list_contacts (book, c->id, &error);
  if (contacts == NULL)
    return rl_cli_report_error (error);
  notes = rl_book_list_notes (book, c->id, &error);
  if (notes == NULL)
    return rl_cli_report_error (error);
  plans = rl_book_list_plans (book, &error);
  if (plans == NULL)
    return rl_cli_report_error (error);
  for (guint i = 0; i < plans->len && c->plan_id != 0; i++)
    if (((RlPlan *) g_ptr_array_index (plans, i))->id == c->plan_id)
      plan = g_ptr_array_index (plans, i);

  d.cli = pd.cli = cli;
  d.book = book;
  d.codes = codes;
  d.as_of = as_of;

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      rl_cli_json_string (b, "code", c->code);
      rl_cli_json_string (b, "name", c->name);
      rl_cli_json_string (b, "kind", rl_customer_kind_to_string (c->kind));
      rl_cli_json_string (b, "siren", c->siren);
      rl_cli_json_string (b, "vat_number", c->vat_number);
      rl_cli_json_string (b, "language", c->language);
      rl_cli_json_string (b, "email", c->email);
      rl_cli_json_string (b, "phone", c->phone);
      rl_cli_json_string (b, "address1", c->address1);
      rl_cli_json_string (b, "address2", c->address2);
      rl_cli_json_string (b, "address3", c->address3);
      rl_cli_json_string (b, "postcode", c->postcode);
      rl_cli_json_string (b, "city", c->city);
      rl_cli_json_string (b, "country", c->country);
      json_builder_set_member_name (b, "credit_limit_cents");
      if (c->has_credit_limit)
        json_builder_add_int_value (b, c->credit_limit);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "payment_terms_days");
      if (c->payment_terms_days >= 0)
        json_builder_add_int_value (b, c->payment_terms_days);
      else
        json_builder_add_null_value (b);
      rl_cli_json_string (b, "assigned_to", c->assigned_to);
      json_add_risk (b, c);
      /* Its own dunning plan's key, or null: the plan of its risk class. */
      rl_cli_json_string (b, "plan", plan ? plan->key : NULL);
      rl_cli_json_day (b, "as_of", as_of);
      rl_cli_json_aging_row (b, row);
      json_builder_set_member_name (b, "contacts");
      json_builder_begin_array (b);
      for (guint i = 0; i < contacts->len; i++)
        {
          RlContact *ct = g_ptr_array_index (contacts, i);

          json_builder_begin_object (b);
          rl_cli_json_string (b, "name", ct->name);
          rl_cli_json_string (b, "role", ct->role);
          rl_cli_json_string (b, "email", ct->email);
          rl_cli_json_string (b, "phone", ct->phone);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "open_invoices");
      json_builder_begin_array (b);
      d.json = b;
      if (!rl_book_foreach_invoice (book, c->id, TRUE, on_invoice, &d, &error))
        return rl_cli_report_error (error);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "unallocated_payments");
      json_builder_begin_array (b);
      pd.json = b;
      if (!rl_book_foreach_payment (book, c->id, TRUE, on_payment, &pd, &error))
        return rl_cli_report_error (error);
      json_builder_end_array (b);
      rl_cli_notes_json (b, notes);
      json_builder_end_object (b);
      rl_cli_print_json (b);
      return RL_EXIT_OK;
    }

  {
    g_autoptr(RlCliTable) id = rl_cli_table_new (2, "", "");
    g_autofree char *limit = c->has_credit_limit ? rl_cli_money (cli, c->credit_limit) : NULL;
    g_autofree char *terms = NULL;
    g_autofree char *address = NULL;
    g_autofree char *date = rl_day_format_long (as_of, cli->language);

    if (c->payment_terms_days >= 0)
      terms = g_strdup_printf (c->terms_end_of_month
                               ? ngettext ("%d day, end of month", "%d days, end of month",
                                           c->payment_terms_days)
                               : ngettext ("%d day", "%d days", c->payment_terms_days),
                               c->payment_terms_days);
    {
      const char *parts[6] = { NULL };
      g_autofree char *town = NULL;
      int n = 0;

      town = g_strjoin (" ", c->postcode ? c->postcode : "", c->city ? c->city : "", NULL);
      g_strstrip (town);
      const char *lines[4] = { c->address1, c->address2, c->address3, town };

      for (int k = 0; k < 4; k++)
        if (lines[k] != NULL && *lines[k] != '\0')
          parts[n++] = lines[k];
      address = g_strjoinv (", ", (char **) parts);
    }
    printf ("%s — %s\n\n", c->code, c->name);
    rl_cli_table_add (id, _("Kind"), c->kind == RL_CUSTOMER_CONSUMER ? _("consumer") : _("business"));
    if (c->siren)
      rl_cli_table_add (id, _("SIREN"), c->siren);
    if (c->vat_number)
      rl_cli_table_add (id, _("VAT number"), c->vat_number);
    if (*address != '\0')
      rl_cli_table_add (id, _("Address"), address);
    if (c->country && !g_str_equal (c->country, "FR"))
      rl_cli_table_add (id, _("Country"), c->country);
    if (c->email)
      rl_cli_table_add (id, _("Email"), c->email);
    if (c->phone)
      rl_cli_table_add (id, _("Phone"), c->phone);
    rl_cli_table_add (id, _("Language"), c->language);
    if (terms)
      rl_cli_table_add (id, _("Payment terms"), terms);
    if (limit)
      rl_cli_table_add (id, _("Credit limit"), limit);
    if (c->contract_rate_bp >= 0)
      {
        int tenths = (int) rl_money_mul_div_round (c->contract_rate_bp, 1, 10);
        g_autofree char *p = rl_cli_tenths (cli, tenths);
        g_autofree char *rate = g_strdup_printf (g_str_equal (cli->language, "fr")
                                                 ? "%s\xC2\xA0%%" : "%s%%", p);

        rl_cli_table_add (id, _("Contract late-payment rate"), rate);
      }
    if (c->assigned_to)
      rl_cli_table_add (id, _("Assigned to"), c->assigned_to);
    if (c->risk_class != 0)
      {
        g_autofree char *reasons = c->risk_facts ? rl_risk_describe (c->risk_facts) : NULL;
        g_autofree char *risk = g_strdup_printf (_("%d/100, %s"), c->risk_score,
                                                 rl_risk_class_label (c->risk_class));

        rl_cli_table_add (id, _("Risk"), risk);
        if (reasons != NULL && *reasons != '\0')
          rl_cli_table_add (id, "", reasons);
      }
    if (plan != NULL)
      rl_cli_table_add (id, _("Dunning plan"), rl_plan_label (plan));
    if (c->never_chase)
      rl_cli_table_add (id, _("Chasing"), _("never chase this customer"));
    for (guint i = 0; i < contacts->len; i++)
      {
        RlContact *ct = g_ptr_array_index (contacts, i);
        g_autofree char *text = g_strjoin (", ", ct->name, ct->role ? ct->role : "",
                                           ct->email ? ct->email : "", ct->phone ? ct->phone : "",
                                           NULL);

        rl_cli_table_add (id, _("Contact"), text);
      }
    rl_cli_table_print (id);

    {
      g_autoptr(RlCliTable) bal = rl_cli_table_new (2, "", "");
      g_autofree char *outstanding = rl_cli_money (cli, row->outstanding);
      g_autofree char *overdue = rl_cli_money (cli, row->overdue);
      g_autofree char *credits = rl_cli_money (cli, -row->unapplied_credits);
      g_autofree char *unalloc = rl_cli_money (cli, -row->unallocated_payments);

      printf (_("\nBalance at %s\n"), date);
      rl_cli_table_right (bal, 1);
      for (int k = 0; k < RL_N_BUCKETS; k++)
        {
          g_autofree char *amount = rl_cli_money (cli, row->buckets[k]);

          rl_cli_table_add (bal, rl_cli_bucket_label (k), amount);
        }
      rl_cli_table_add (bal, _("Unapplied credit notes"), credits);
      rl_cli_table_add (bal, _("Unallocated payments"), unalloc);
      rl_cli_table_add (bal, _("Outstanding"), outstanding);
      rl_cli_table_add (bal, _("of which overdue"), overdue);
      if (row->credit_usage_bp >= 0)
        {
          int tenths = (int) rl_money_mul_div_round (row->credit_usage_bp, 1, 10);
          g_autofree char *p = rl_cli_tenths (cli, tenths);
          g_autofree char *usage = g_strdup_printf (g_str_equal (cli->language, "fr")
                                                    ? "%s\xC2\xA0%%" : "%s%%", p);

          rl_cli_table_add (bal, _("Credit limit used"), usage);
        }
      rl_cli_table_print (bal);
    }

    printf (_("\nOpen invoices and credit notes\n"));
    d.table = new_invoice_table ();
    if (!rl_book_foreach_invoice (book, c->id, TRUE, on_invoice, &d, &error))
      {
        rl_cli_table_free (d.table);
        return rl_cli_report_error (error);
      }
    rl_cli_table_print (d.table);
    rl_cli_table_free (d.table);

    pd.table = rl_cli_table_new (4, _("Date"), _("Amount"), _("Unallocated"), _("Reference"));
    rl_cli_table_right (pd.table, 1);
    rl_cli_table_right (pd.table, 2);
    if (!rl_book_foreach_payment (book, c->id, TRUE, on_payment, &pd, &error))
      {
        rl_cli_table_free (pd.table);
        return rl_cli_report_error (error);
      }
    printf (_("\nUnallocated payments\n"));
    rl_cli_table_print (pd.table);
    rl_cli_table_free (pd.table);
    rl_cli_notes_print (notes);
  }
  return RL_EXIT_OK;
}
