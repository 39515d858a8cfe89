/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relancectl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "rl-cli.h"
#include "rl-engine.h"
#include "rl-error.h"
#include "rl-book-notes.h"
#include "rl-penalties.h"

/* What pauses the chasing, on the command line: calls' outcomes, disputes, promises, holds,
 * and the plans themselves. */

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
  gboolean ok;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (argc != 2)
    {
      rl_cli_error (_("give one action number"));
      return RL_EXIT_USAGE;
    }
  if (!rl_cli_parse_action_id (argv[1], &id))
    return RL_EXIT_USAGE;
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
  return rl_cli_commit_or_report (book, ok, error);
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
    { "on", 0, 0, G_OPTION_ARG_STRING, &on_text, N_("The day it happens (today)"), N_("DATE") },
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
  return rl_cli_commit_or_report (book, ok, error);
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
  if (book == NULL || (customer_id = rl_cli_customer_id (book, argv[1])) == 0)
    return RL_EXIT_FAILURE;
  if (!rl_book_begin (book, &error))
    return rl_cli_report_error (error);
  ok = rl_book_add_promise (book, customer_id, on, date, amount, note, &error) > 0;
  if (ok)
    printf (_("Promise recorded for %s\n"), argv[1]);
  return rl_cli_commit_or_report (book, ok, error);
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
    { "until", 0, 0, G_OPTION_ARG_STRING, &until_text, N_("When chasing resumes by itself (if not given: until released)"), N_("DATE") },
    { "invoice", 0, 0, G_OPTION_ARG_STRING, &invoice, N_("Hold one invoice instead of the customer"), N_("NUMBER") },
    { "release", 0, 0, G_OPTION_ARG_INT64, &release, N_("Release the hold with this number"), N_("ID") },
    { "on", 0, 0, G_OPTION_ARG_STRING, &on_text, N_("The day it happens (today)"), N_("DATE") },
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
      if (invoice == NULL && (customer_id = rl_cli_customer_id (book, argv[1])) == 0)
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
  return rl_cli_commit_or_report (book, ok, error);
}

static void
json_int (JsonBuilder *b,
          const char  *member,
          gint64       value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

static void
json_bool (JsonBuilder *b,
           const char  *member,
           gboolean     value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_boolean_value (b, value);
}

static void
print_plans_json (GPtrArray *plans)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < plans->len; i++)
    {
      RlPlan *p = g_ptr_array_index (plans, i);
      char klass[2] = { p->risk_class, '\0' };

      json_builder_begin_object (b);
      json_int (b, "id", p->id);
      rl_cli_json_string (b, "key", p->key);
      rl_cli_json_string (b, "name", p->name);
      rl_cli_json_string (b, "risk_class", p->risk_class != 0 ? klass : NULL);
      json_bool (b, "thank_you", p->thank_you);
      json_builder_set_member_name (b, "steps");
      json_builder_begin_array (b);
      for (guint s = 0; s < p->steps->len; s++)
        {
          RlPlanStep *st = g_ptr_array_index (p->steps, s);

          json_builder_begin_object (b);
          json_int (b, "id", st->id);
          json_int (b, "position", st->position);
          json_int (b, "offset_days", st->offset_days);
          rl_cli_json_string (b, "channel", rl_channel_to_string (st->channel));
          rl_cli_json_string (b, "template", st->template_key);
          json_bool (b, "needs_approval", st->needs_approval);
          json_bool (b, "claims_penalties", st->claims_penalties);
          json_int (b, "min_gap_days", st->min_gap_days);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  rl_cli_print_json (b);
}

int
rl_cli_plans (RlCli  *cli,
              int     argc,
              char  **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Write JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (NULL, _("List the dunning plans and their steps."), entries);
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
  if (json)
    {
      print_plans_json (plans);
      return RL_EXIT_OK;
    }
  for (guint i = 0; i < plans->len; i++)
    {
      RlPlan *p = g_ptr_array_index (plans, i);
      g_autoptr(RlCliTable) t = rl_cli_table_new (7, _("ID"), _("Day"), _("Channel"), _("Step"),
                                                  _("Template"), _("Approval"), _("Penalties"));

      if (p->risk_class != 0)
        printf (_("%s (%s, risk class %c)\n"), rl_plan_label (p), p->key, p->risk_class);
      else
        printf ("%s (%s)\n", rl_plan_label (p), p->key);
      rl_cli_table_right (t, 0);
      rl_cli_table_right (t, 1);
      for (guint s = 0; s < p->steps->len; s++)
        {
          RlPlanStep *st = g_ptr_array_index (p->steps, s);
          g_autofree char *id = g_strdup_printf ("%lld", (long long) st->id);
          g_autofree char *day = g_strdup_printf ("%+d", st->offset_days);

          rl_cli_table_add (t, id, day, rl_channel_label (st->channel),
                            rl_step_label (st->template_key), st->template_key,
                            st->needs_approval ? _("yes") : _("no"),
                            st->claims_penalties ? _("yes") : _("no"));
        }
      rl_cli_table_print (t);
      printf ("\n");
    }
  return RL_EXIT_OK;
}

int
rl_cli_set_plan (RlCli  *cli,
                 int     argc,
                 char  **argv)
{
  gboolean by_risk = FALSE;
  gboolean never = FALSE;
  gboolean chase = FALSE;
  GOptionEntry entries[] = {
    { "by-risk", 0, 0, G_OPTION_ARG_NONE, &by_risk, N_("Follow the plan of the customer’s risk class again"), NULL },
    { "never-chase", 0, 0, G_OPTION_ARG_NONE, &never, N_("Never chase this customer"), NULL },
    { "chase", 0, 0, G_OPTION_ARG_NONE, &chase, N_("Chase this customer again"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (_("CUSTOMER [PLAN]"), _("Give a customer its own dunning plan (a key listed by "
                                            "“relancectl plans”), or choose how it is chased."),
                    entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(RlPlan) plan = NULL;
  GError *error = NULL;
  gint64 customer_id;
  gboolean ok = TRUE;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (argc < 2 || argc > 3 || (argc == 3 && by_risk) || (never && chase)
      || (argc == 2 && !by_risk && !never && !chase))
    {
      rl_cli_error (_("give a customer code and a plan, or --by-risk, --never-chase or --chase"));
      return RL_EXIT_USAGE;
    }
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL || (customer_id = rl_cli_customer_id (book, argv[1])) == 0)
    return RL_EXIT_FAILURE;
  if (!rl_book_begin (book, &error))
    return rl_cli_report_error (error);
  if (argc == 3)
    {
      ok = rl_plans_ensure_defaults (book, &error);
      if (ok)
        {
          plan = rl_book_find_plan (book, argv[2], &error);
          if (plan == NULL && error == NULL)
            g_set_error (&error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_NOT_FOUND,
                         _("no plan “%s” (see “relancectl plans”)"), argv[2]);
          ok = plan != NULL && rl_book_set_customer_plan (book, customer_id, plan->id, &error);
        }
    }
  else if (by_risk)
    ok = rl_book_set_customer_plan (book, customer_id, 0, &error);
  if (ok && (never || chase))
    ok = rl_book_set_never_chase (book, customer_id, never, &error);
  if (ok && argc == 3)
    printf (_("%s now follows the plan “%s”\n"), argv[1], rl_plan_label (plan));
  else if (ok && by_risk)
    printf (_("%s now follows the plan of its risk class\n"), argv[1]);
  if (ok && (never || chase))
    printf (never ? _("%s will not be chased\n") : _("%s will be chased again\n"), argv[1]);
  return rl_cli_commit_or_report (book, ok, error);
}

static char *
format_rate (int bp)
{
  return g_strdup_printf ("%d.%02d", bp / 100, ABS (bp % 100));
}

static gboolean
parse_rate (const char *option,
            const char *text,
            int        *out_bp)
{
  g_autoptr(GError) error = NULL;
  RlCents cents;

  /* A rate in percent with up to two decimals reads like an amount: 12.15 -> 1215. */
  if (text == NULL)
    return TRUE;
  if (!rl_money_parse (text, RL_DECIMAL_AUTO, &cents, &error) || cents < 0 || cents > 10000)
    {
      rl_cli_error (_("%s: “%s” is not a rate in percent (like 2.15)"), option, text);
      return FALSE;
    }
  *out_bp = (int) cents;
  return TRUE;
}

int
rl_cli_rates (RlCli  *cli,
              int     argc,
              char  **argv)
{
  g_autofree char *set = NULL, *ecb = NULL, *b2b = NULL, *priv = NULL, *other = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Write JSON, rates in basis points"), NULL },
    { "set", 0, 0, G_OPTION_ARG_STRING, &set, N_("Set (and confirm) the rates of a half-year, like 2026-H2"), N_("HALF-YEAR") },
    { "ecb", 0, 0, G_OPTION_ARG_STRING, &ecb, N_("ECB main refinancing rate on its first day, in percent"), N_("RATE") },
    { "b2b", 0, 0, G_OPTION_ARG_STRING, &b2b, N_("Late-payment rate between businesses (default: ECB + 10)"), N_("RATE") },
    { "legal-private", 0, 0, G_OPTION_ARG_STRING, &priv, N_("Legal interest rate, creditor a private person"), N_("RATE") },
    { "legal-other", 0, 0, G_OPTION_ARG_STRING, &other, N_("Legal interest rate, other cases"), N_("RATE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (NULL, _("List the late-payment rates by half-year, or set those of a "
                            "half-year."), entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(GArray) rates = NULL;
  GError *error = NULL;

  if (!rl_cli_parse (context, &argc, &argv) || !rl_cli_no_arguments (argc, argv))
    return RL_EXIT_USAGE;
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  if (set != NULL)
    {
      RlRate rate = { 0 };
      int status;

      rate.b2b_bp = -1;
      if (ecb == NULL || priv == NULL || other == NULL)
        {
          rl_cli_error (_("--set needs --ecb, --legal-private and --legal-other"));
          return RL_EXIT_USAGE;
        }
      if (strlen (set) >= sizeof rate.half_year)
        {
          rl_cli_error (_("--set: “%s” is not a half-year: write it as 2026-H1 or 2026-H2"), set);
          return RL_EXIT_USAGE;
        }
      g_strlcpy (rate.half_year, set, sizeof rate.half_year);
      if (!parse_rate ("--ecb", ecb, &rate.ecb_bp) || !parse_rate ("--b2b", b2b, &rate.b2b_bp)
          || !parse_rate ("--legal-private", priv, &rate.legal_private_bp)
          || !parse_rate ("--legal-other", other, &rate.legal_other_bp))
        return RL_EXIT_USAGE;
      rate.confirmed = TRUE;
      if (!rl_book_begin (book, &error))
        return rl_cli_report_error (error);
      status = rl_cli_commit_or_report (book, rl_book_set_rate (book, &rate, &error), error);
      if (status != RL_EXIT_OK)
        return status;
    }
  rates = rl_book_list_rates (book, &error);
  if (rates == NULL)
    return rl_cli_report_error (error);
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < rates->len; i++)
        {
          const RlRate *r = &g_array_index (rates, RlRate, i);

          json_builder_begin_object (b);
          rl_cli_json_string (b, "half_year", r->half_year);
          json_int (b, "ecb_bp", r->ecb_bp);
          json_int (b, "b2b_bp", r->b2b_bp);
          json_int (b, "legal_private_bp", r->legal_private_bp);
          json_int (b, "legal_other_bp", r->legal_other_bp);
          json_bool (b, "confirmed", r->confirmed);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      rl_cli_print_json (b);
      return RL_EXIT_OK;
    }
  {
    g_autoptr(RlCliTable) t = rl_cli_table_new (6, _("Half-year"), _("ECB"), _("Businesses"),
                                                _("Legal, private"), _("Legal, other"),
                                                _("Confirmed"));

    for (guint c = 1; c < 5; c++)
      rl_cli_table_right (t, c);
    for (guint i = 0; i < rates->len; i++)
      {
        const RlRate *r = &g_array_index (rates, RlRate, i);
        g_autofree char *e = format_rate (r->ecb_bp), *b = format_rate (r->b2b_bp);
        g_autofree char *p = format_rate (r->legal_private_bp);
        g_autofree char *o = format_rate (r->legal_other_bp);

        rl_cli_table_add (t, r->half_year, e, b, p, o, r->confirmed ? _("yes") : _("no"));
      }
    rl_cli_table_print (t);
  }
  return RL_EXIT_OK;
}

int
rl_cli_contract_rate (RlCli  *cli,
                      int     argc,
                      char  **argv)
{
  gboolean legal = FALSE;
  GOptionEntry entries[] = {
    { "legal", 0, 0, G_OPTION_ARG_NONE, &legal, N_("Use the legal rate again (ECB + 10 points)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (_("CUSTOMER [RATE]"), _("Set the late-payment rate of a customer’s contract, "
                                            "in percent (never below 3 × the legal interest "
                                            "rate), or go back to the legal rate."), entries);
  g_autoptr(RlBook) book = NULL;
  GError *error = NULL;
  gint64 customer_id;
  int rate_bp = -1;
  gboolean ok;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if ((argc == 3) == legal || argc < 2 || argc > 3)
    {
      rl_cli_error (_("give a customer code and a rate, or --legal"));
      return RL_EXIT_USAGE;
    }
  if (argc == 3 && !parse_rate ("RATE", argv[2], &rate_bp))
    return RL_EXIT_USAGE;
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL || (customer_id = rl_cli_customer_id (book, argv[1])) == 0)
    return RL_EXIT_FAILURE;
  if (!rl_book_begin (book, &error))
    return rl_cli_report_error (error);
  ok = rl_book_set_contract_rate (book, customer_id, rate_bp, &error);
  if (ok && rate_bp >= 0)
    printf (_("%s: contract rate %s %%\n"), argv[1], argv[2]);
  else if (ok)
    printf (_("%s: legal late-payment rate\n"), argv[1]);
  return rl_cli_commit_or_report (book, ok, error);
}

int
rl_cli_note (RlCli  *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *author = NULL;
  GOptionEntry entries[] = {
    { "author", 0, 0, G_OPTION_ARG_STRING, &author, N_("Who writes it (the login name)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (_("CUSTOMER TEXT"), _("Write a note about a customer: it is kept in the "
                                          "customer’s history."), entries);
  g_autoptr(RlBook) book = NULL;
  GError *error = NULL;
  gint64 customer_id, id;
  gboolean ok;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (argc != 3)
    {
      rl_cli_error (_("give one customer code and the note’s text (quoted)"));
      return RL_EXIT_USAGE;
    }
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL || (customer_id = rl_cli_customer_id (book, argv[1])) == 0)
    return RL_EXIT_FAILURE;
  if (!rl_book_begin (book, &error))
    return rl_cli_report_error (error);
  id = rl_book_add_note (book, customer_id, author ? author : g_get_user_name (), argv[2], &error);
  ok = id > 0;
  if (ok)
    printf (_("Note #%lld written for %s\n"), (long long) id, argv[1]);
  return rl_cli_commit_or_report (book, ok, error);
}

/* The customer's notes, for relancectl customer. */
void
rl_cli_notes_json (JsonBuilder *b,
                   GPtrArray   *notes)
{
  json_builder_set_member_name (b, "notes");
  json_builder_begin_array (b);
  for (guint i = 0; i < notes->len; i++)
    {
      const RlNote *n = g_ptr_array_index (notes, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, n->id);
      rl_cli_json_string (b, "created_at", n->created_at);
      rl_cli_json_string (b, "author", n->author);
      rl_cli_json_string (b, "text", n->text);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

void
rl_cli_notes_print (GPtrArray *notes)
{
  g_autoptr(RlCliTable) t = rl_cli_table_new (3, _("Written"), _("By"), _("Note"));

  if (notes->len == 0)
    return;
  for (guint i = 0; i < notes->len; i++)
    {
      const RlNote *n = g_ptr_array_index (notes, i);

      rl_cli_table_add (t, n->created_at, n->author, n->text);
    }
  printf (_("\nNotes\n"));
  rl_cli_table_print (t);
}
