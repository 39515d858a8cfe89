/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relancectl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "rl-cli.h"
#include "rl-engine.h"
#include "rl-error.h"

/* What pauses the chasing, on the command line: calls' outcomes, disputes, promises, holds,
 * and the plans themselves. */

static gint64
find_customer_id (RlBook     *book,
                  const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlCustomer) c = rl_book_find_customer (book, code, &error);

  if (c == NULL)
    {
      if (error != NULL)
        rl_cli_report_error (error);
      else
        rl_cli_error (_("no customer with code “%s”"), code);
      return 0;
    }
  return c->id;
}

static gint64
find_invoice_id (RlBook     *book,
                 const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlInvoice) inv = rl_book_find_invoice (book, number, &error);

  if (inv == NULL)
    {
      if (error != NULL)
        rl_cli_report_error (error);
      else
        rl_cli_error (_("no invoice numbered “%s”"), number);
      return 0;
    }
  return inv->id;
}

static gboolean
parse_day (const char *option,
           const char *text,
           RlDay      *out)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    {
      *out = RL_DAY_NONE;
      return TRUE;
    }
  if (!rl_day_parse (text, RL_DATE_ORDER_DMY, out, &error))
    {
      rl_cli_error ("%s: %s", option, error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_amount (const char *text,
              RlCents    *out)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    {
      *out = 0;
      return TRUE;
    }
  if (!rl_money_parse (text, RL_DECIMAL_AUTO, out, &error))
    {
      rl_cli_error ("--amount: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

/* Runs @func on the book in one transaction and reports its error. */
static int
commit_or_report (RlBook   *book,
                  gboolean  ok,
                  GError   *error)
{
  if (!ok)
    {
      rl_book_rollback (book);
      return rl_cli_report_error (error);
    }
  if (!rl_book_commit (book, &error))
    return rl_cli_report_error (error);
  return RL_EXIT_OK;
}

int
rl_cli_call (RlCli  *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *outcome = NULL, *note = NULL, *on_text = NULL;
  g_autofree char *promise_text = NULL, *amount_text = NULL, *reason = NULL;
  GOptionEntry entries[] = {
    { "outcome", 'o', 0, G_OPTION_ARG_STRING, &outcome, N_("reached, no_answer, promise, dispute or wrong_number"), N_("OUTCOME") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("What was said"), N_("TEXT") },
    { "promise-date", 0, 0, G_OPTION_ARG_STRING, &promise_text, N_("With a promise: the day the customer will pay"), N_("DATE") },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount_text, N_("With a promise: how much"), N_("AMOUNT") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("With a dispute: what the customer disputes"), N_("TEXT") },
    { "on", 0, 0, G_OPTION_ARG_STRING, &on_text, N_("The day of the call (today)"), N_("DATE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (_("ACTION-ID"), _("Record the outcome of a phone call task."), entries);
  g_autoptr(RlBook) book = NULL;
  GError *error = NULL;
  RlDay on, promise_date;
  RlCents amount;
  gint64 id;
  char *end = NULL;
  gboolean ok;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (argc != 2 || (id = g_ascii_strtoll (argv[1], &end, 10)) <= 0 || *end != '\0')
    {
      rl_cli_error (_("give one action number"));
      return RL_EXIT_USAGE;
    }
  if (outcome == NULL)
    {
      rl_cli_error (_("--outcome is required"));
      return RL_EXIT_USAGE;
    }
  if (!rl_cli_parse_as_of (on_text, &on) || !parse_day ("--promise-date", promise_text, &promise_date)
      || !parse_amount (amount_text, &amount))
    return RL_EXIT_USAGE;
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL || !rl_book_begin (book, &error))
    return error ? rl_cli_report_error (error) : RL_EXIT_FAILURE;
  ok = rl_book_record_call (book, id, on, outcome, note, promise_date, amount, reason, &error);
  if (ok)
    printf (_("Call #%lld recorded: %s\n"), (long long) id, outcome);
  return commit_or_report (book, ok, error);
}

int
rl_cli_dispute (RlCli  *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *reason = NULL, *deadline_text = NULL, *on_text = NULL, *resolve = NULL;
  GOptionEntry entries[] = {
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason, N_("What the customer disputes"), N_("TEXT") },
    { "deadline", 0, 0, G_OPTION_ARG_STRING, &deadline_text, N_("When it must be settled"), N_("DATE") },
    { "resolve", 0, 0, G_OPTION_ARG_STRING, &resolve, N_("Close the invoice’s dispute with this resolution"), N_("TEXT") },
    { "on", 0, 0, G_OPTION_ARG_STRING, &on_text, N_("The day (today)"), N_("DATE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (_("INVOICE"), _("Open a dispute on an invoice (it is not chased until "
                                    "resolved), or resolve it."), entries);
  g_autoptr(RlBook) book = NULL;
  GError *error = NULL;
  RlDay on, deadline;
  gint64 invoice_id;
  gboolean ok;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (argc != 2)
    {
      rl_cli_error (_("give one invoice number"));
      return RL_EXIT_USAGE;
    }
  if (!rl_cli_parse_as_of (on_text, &on) || !parse_day ("--deadline", deadline_text, &deadline))
    return RL_EXIT_USAGE;
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL || (invoice_id = find_invoice_id (book, argv[1])) == 0)
    return RL_EXIT_FAILURE;
  if (!rl_book_begin (book, &error))
    return rl_cli_report_error (error);
  if (resolve != NULL)
    ok = rl_book_resolve_dispute (book, invoice_id, on, resolve, &error);
  else
    ok = rl_book_open_dispute (book, invoice_id, reason, on, deadline, &error) > 0;
  if (ok)
    printf (resolve ? _("Dispute on %s resolved\n") : _("Invoice %s is in dispute\n"), argv[1]);
  return commit_or_report (book, ok, error);
}

int
rl_cli_promise (RlCli  *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *date_text = NULL, *amount_text = NULL, *note = NULL, *on_text = NULL;
  GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_text, N_("The day the customer will pay"), N_("DATE") },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount_text, N_("How much"), N_("AMOUNT") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note"), N_("TEXT") },
    { "on", 0, 0, G_OPTION_ARG_STRING, &on_text, N_("The day the promise was made (today)"), N_("DATE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (_("CUSTOMER"), _("Record a promise to pay: the customer is not chased until "
                                     "the date; unpaid by then, the promise is broken and the "
                                     "plan resumes."), entries);
  g_autoptr(RlBook) book = NULL;
  GError *error = NULL;
  RlDay on, date;
  RlCents amount;
  gint64 customer_id;
  gboolean ok;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (argc != 2 || date_text == NULL || amount_text == NULL)
    {
      rl_cli_error (_("give one customer code, --date and --amount"));
      return RL_EXIT_USAGE;
    }
  if (!rl_cli_parse_as_of (on_text, &on) || !parse_day ("--date", date_text, &date)
      || !parse_amount (amount_text, &amount))
    return RL_EXIT_USAGE;
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL || (customer_id = find_customer_id (book, argv[1])) == 0)
    return RL_EXIT_FAILURE;
  if (!rl_book_begin (book, &error))
    return rl_cli_report_error (error);
  ok = rl_book_add_promise (book, customer_id, on, date, amount, note, &error) > 0;
  if (ok)
    printf (_("Promise recorded for %s\n"), argv[1]);
  return commit_or_report (book, ok, error);
}

int
rl_cli_hold (RlCli  *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *reason = NULL, *until_text = NULL, *on_text = NULL, *invoice = NULL;
  gint64 release = 0;
  GOptionEntry entries[] = {
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason, N_("Why"), N_("TEXT") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until_text, N_("When chasing resumes by itself (none: until released)"), N_("DATE") },
    { "invoice", 0, 0, G_OPTION_ARG_STRING, &invoice, N_("Hold one invoice instead of the customer"), N_("NUMBER") },
    { "release", 0, 0, G_OPTION_ARG_INT64, &release, N_("Release the hold with this number"), N_("ID") },
    { "on", 0, 0, G_OPTION_ARG_STRING, &on_text, N_("The day (today)"), N_("DATE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (_("[CUSTOMER]"), _("Put a customer or an invoice on hold, or release a hold."),
                    entries);
  g_autoptr(RlBook) book = NULL;
  GError *error = NULL;
  RlDay on, until;
  gint64 customer_id = 0, invoice_id = 0, id = 0;
  gboolean ok;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (!rl_cli_parse_as_of (on_text, &on) || !parse_day ("--until", until_text, &until))
    return RL_EXIT_USAGE;
  if (release == 0 && (argc == 2) == (invoice != NULL))
    {
      rl_cli_error (_("give a customer code or --invoice, or --release"));
      return RL_EXIT_USAGE;
    }
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  if (release == 0)
    {
      if (invoice != NULL && (invoice_id = find_invoice_id (book, invoice)) == 0)
        return RL_EXIT_FAILURE;
      if (invoice == NULL && (customer_id = find_customer_id (book, argv[1])) == 0)
        return RL_EXIT_FAILURE;
    }
  if (!rl_book_begin (book, &error))
    return rl_cli_report_error (error);
  if (release > 0)
    ok = rl_book_release_hold (book, release, on, &error);
  else
    ok = (id = rl_book_add_hold (book, customer_id, invoice_id, reason, on, until, &error)) > 0;
  if (ok && release > 0)
    printf (_("Hold #%lld released\n"), (long long) release);
  else if (ok)
    printf (_("Hold #%lld recorded\n"), (long long) id);
  return commit_or_report (book, ok, error);
}

int
rl_cli_plans (RlCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(GOptionContext) context =
    rl_cli_context (NULL, _("List the dunning plans and their steps."), NULL);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  GError *error = NULL;

  if (!rl_cli_parse (context, &argc, &argv) || !rl_cli_no_arguments (argc, argv))
    return RL_EXIT_USAGE;
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  if (!rl_book_begin (book, &error))
    return rl_cli_report_error (error);
  if (!rl_plans_ensure_defaults (book, &error) || !rl_book_commit (book, &error))
    {
      rl_book_rollback (book);
      return rl_cli_report_error (error);
    }
  plans = rl_book_list_plans (book, &error);
  if (plans == NULL)
    return rl_cli_report_error (error);
  for (guint i = 0; i < plans->len; i++)
    {
      RlPlan *p = g_ptr_array_index (plans, i);
      g_autoptr(RlCliTable) t = rl_cli_table_new (5, _("Day"), _("Channel"), _("Template"),
                                                  _("Approval"), _("Penalties"));

      if (p->risk_class != 0)
        printf (_("%s (%s, risk class %c)\n"), p->name, p->key, p->risk_class);
      else
        printf ("%s (%s)\n", p->name, p->key);
      rl_cli_table_right (t, 0);
      for (guint s = 0; s < p->steps->len; s++)
        {
          RlPlanStep *st = g_ptr_array_index (p->steps, s);
          g_autofree char *day = g_strdup_printf ("%+d", st->offset_days);

          rl_cli_table_add (t, day, rl_channel_label (st->channel), st->template_key,
                            st->needs_approval ? _("yes") : _("no"),
                            st->claims_penalties ? _("yes") : _("no"));
        }
      rl_cli_table_print (t);
      printf ("\n");
    }
  return RL_EXIT_OK;
}
