/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relancectl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "rl-book-matches.h"
#include "rl-cli.h"

/* relancectl matches: the payments of bank statements matched to invoices, the uncertain
 * ones waiting for the user's yes or no. */

static void
print_json (GPtrArray *matches)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < matches->len; i++)
    {
      RlMatch *m = g_ptr_array_index (matches, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, m->id);
      rl_cli_json_day (b, "payment_date", m->payment_date);
      rl_cli_json_money (b, "payment_cents", m->payment_amount);
      rl_cli_json_string (b, "payer", m->payer_name);
      rl_cli_json_string (b, "reference", m->payment_reference);
      rl_cli_json_string (b, "invoice", m->invoice_number);
      rl_cli_json_string (b, "customer", m->customer_code);
      rl_cli_json_money (b, "amount_cents", m->amount);
      rl_cli_json_string (b, "reason", rl_match_reason_to_string (m->reason));
      json_builder_set_member_name (b, "confidence");
      json_builder_add_int_value (b, m->confidence);
      rl_cli_json_string (b, "state", rl_match_state_to_string (m->state));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  rl_cli_print_json (b);
}

static void
print_table (RlCli     *cli,
             GPtrArray *matches,
             gboolean   all)
{
  g_autoptr(RlCliTable) table = NULL;

  if (matches->len == 0)
    {
      printf ("%s\n", all ? _("No payment was matched to an invoice.")
                          : _("No match is waiting for you."));
      return;
    }
  table = rl_cli_table_new (10, _("Match"), _("Date"), _("Payer"), _("Paid"), _("Invoice"),
                            _("Customer"), _("Amount"), _("Why"), _("Sure"), _("State"));
  rl_cli_table_right (table, 3);
  rl_cli_table_right (table, 6);
  rl_cli_table_right (table, 8);
  for (guint i = 0; i < matches->len; i++)
    {
      RlMatch *m = g_ptr_array_index (matches, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, m->id);
      g_autofree char *date = rl_cli_date (cli, m->payment_date);
      g_autofree char *paid = rl_cli_money (cli, m->payment_amount);
      g_autofree char *amount = rl_cli_money (cli, m->amount);
      g_autofree char *sure = g_strdup_printf ("%d %%", m->confidence);

      rl_cli_table_add (table, id, date, m->payer_name ? m->payer_name : "", paid,
                        m->invoice_number, m->customer_code, amount,
                        rl_match_reason_label (m->reason), sure,
                        rl_match_state_label (m->state));
    }
  rl_cli_table_print (table);
  if (!all)
    printf ("%s\n", _("Accept with “relancectl matches accept MATCH”, refuse with "
                      "“relancectl matches reject MATCH”."));
}

static gboolean
parse_match_id (const char *text,
                gint64     *out)
{
  char *end = NULL;

  *out = g_ascii_strtoll (text, &end, 10);
  return *text != '\0' && *end == '\0' && *out > 0;
}

static int
decide (RlCli   *cli,
        int      argc,
        char   **argv,
        gboolean accept)
{
  g_autoptr(RlBook) book = NULL;
  GError *error = NULL;
  gboolean ok = TRUE;

  if (argc < 3)
    {
      rl_cli_error (_("say which match: relancectl matches %s MATCH…"), argv[1]);
      return RL_EXIT_USAGE;
    }
  for (int i = 2; i < argc; i++)
    {
      gint64 id;

      if (!parse_match_id (argv[i], &id))
        {
          rl_cli_error (_("“%s” is not a match number"), argv[i]);
          return RL_EXIT_USAGE;
        }
    }
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL || !rl_book_begin (book, &error))
    return error ? rl_cli_report_error (error) : RL_EXIT_FAILURE;
  for (int i = 2; i < argc && ok; i++)
    {
      gint64 id = 0;

      parse_match_id (argv[i], &id);
      ok = rl_book_decide_match (book, id, accept, &error);
      if (ok)
        printf (accept ? _("Match %s accepted: the payment is allocated to the invoice.\n")
                       : _("Match %s rejected.\n"), argv[i]);
    }
  return rl_cli_commit_or_report (book, ok, error);
}

int
rl_cli_matches (RlCli  *cli,
                int     argc,
                char  **argv)
{
  gboolean all = FALSE;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_("All matches, not only those waiting for you"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Write JSON, amounts in cents"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (_("[accept|reject MATCH…]"),
                    _("List the payments of bank statements matched to invoices but not sure "
                      "enough to be allocated without you; accept or reject them."), entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GError) error = NULL;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (argc >= 2 && g_str_equal (argv[1], "accept"))
    return decide (cli, argc, argv, TRUE);
  if (argc >= 2 && g_str_equal (argv[1], "reject"))
    return decide (cli, argc, argv, FALSE);
  if (argc >= 2)
    {
      rl_cli_error (_("“%s”: say accept or reject"), argv[1]);
      return RL_EXIT_USAGE;
    }
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  matches = rl_book_list_matches (book, !all, &error);
  if (matches == NULL)
    return rl_cli_report_error (error);
  if (json)
    print_json (matches);
  else
    print_table (cli, matches, all);
  return RL_EXIT_OK;
}
