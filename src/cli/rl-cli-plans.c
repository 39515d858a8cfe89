/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relancectl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "rl-cli.h"
#include "rl-engine.h"

/* Editing the dunning plans, and agreeing payment plans, on the command line. Values the
 * command line cannot read are usage errors (exit 2); what the book refuses is a failure
 * (exit 1); either way the book is left as it was. */

/* The step options as given on the line, NULL when not given. */
typedef struct
{
  const char *day;
  const char *channel;
  const char *template_key;
  const char *approval;
  const char *penalties;
  const char *gap;
} StepOptions;

static gboolean
parse_int (const char *option,
           const char *text,
           int        *out)
{
  gint64 value;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_signed (text, 10, G_MININT, G_MAXINT, &value, NULL))
    {
      rl_cli_error (_("%s: “%s” is not a whole number"), option, text);
      return FALSE;
    }
  *out = (int) value;
  return TRUE;
}

static gboolean
parse_yes_no (const char *option,
              const char *text,
              gboolean   *out)
{
  if (text == NULL)
    return TRUE;
  if (g_ascii_strcasecmp (text, "yes") == 0)
    *out = TRUE;
  else if (g_ascii_strcasecmp (text, "no") == 0)
    *out = FALSE;
  else
    {
      rl_cli_error (_("%s: write yes or no, not “%s”"), option, text);
      return FALSE;
    }
  return TRUE;
}

/* Applies the step options given on the line over @step, which holds the defaults of a new
 * step or the values of the step being changed; its template_key is borrowed from @o or from
 * the caller. The ranges are the book's to check. */
static gboolean
parse_step_options (const StepOptions *o,
                    RlPlanStep        *step)
{
  if (!parse_int ("--day", o->day, &step->offset_days)
      || !parse_int ("--gap", o->gap, &step->min_gap_days)
      || !parse_yes_no ("--approval", o->approval, &step->needs_approval)
      || !parse_yes_no ("--penalties", o->penalties, &step->claims_penalties))
    return FALSE;
  if (o->channel != NULL && !rl_channel_from_string (o->channel, &step->channel))
    {
      rl_cli_error (_("--channel: “%s” is not a channel: write email, sms, letter, "
                      "registered_letter, call or task"), o->channel);
      return FALSE;
    }
  if (o->template_key != NULL)
    step->template_key = (char *) o->template_key;
  return TRUE;
}

static gboolean
has_step_options (const StepOptions *o)
{
  return o->day || o->channel || o->template_key || o->approval || o->penalties || o->gap;
}


static RlPlanStep *
find_step (RlPlan *plan,
           gint64  step_id)
{
  for (guint i = 0; i < plan->steps->len; i++)
    {
      RlPlanStep *s = g_ptr_array_index (plan->steps, i);

      if (s->id == step_id)
        return s;
    }
  return NULL;
}

int
rl_cli_plan_edit (RlCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autofree char *create = NULL, *risk_class = NULL, *copy_from = NULL, *rename = NULL;
  g_autofree char *thank_you_text = NULL;
  g_autofree char *day = NULL, *channel = NULL, *template_key = NULL;
  g_autofree char *approval = NULL, *penalties = NULL, *gap = NULL;
  gboolean add_step = FALSE;
  gboolean delete_plan = FALSE;
  gint64 update_step = 0, remove_step = 0;
  GOptionEntry entries[] = {
    { "create", 0, 0, G_OPTION_ARG_STRING, &create, N_("Create the plan with this name"), N_("NAME") },
    { "risk-class", 0, 0, G_OPTION_ARG_STRING, &risk_class, N_("With --create: make it the plan of this risk class (A, B, C or D)"), N_("CLASS") },
    { "copy-from", 0, 0, G_OPTION_ARG_STRING, &copy_from, N_("With --create: start with the steps of this plan"), N_("PLAN") },
    { "rename", 0, 0, G_OPTION_ARG_STRING, &rename, N_("Give the plan a new name"), N_("NAME") },
    { "thank-you", 0, 0, G_OPTION_ARG_STRING, &thank_you_text, N_("Thank customers who settle late invoices (yes or no)"), N_("yes|no") },
    { "add-step", 0, 0, G_OPTION_ARG_NONE, &add_step, N_("Add a step (needs --day, --channel and --template)"), NULL },
    { "update-step", 0, 0, G_OPTION_ARG_INT64, &update_step, N_("Change the step with this number (listed by “relancectl plans”)"), N_("ID") },
    { "remove-step", 0, 0, G_OPTION_ARG_INT64, &remove_step, N_("Remove the step with this number, if no invoice has had it yet"), N_("ID") },
    { "delete", 0, 0, G_OPTION_ARG_NONE, &delete_plan, N_("Delete the plan, if no customer follows it, it is no risk class’s plan and no invoice had its steps"), NULL },
    { "day", 0, 0, G_OPTION_ARG_STRING, &day, N_("The step’s day from the due date, -60 to 365 (negative: before it)"), N_("N") },
    { "channel", 0, 0, G_OPTION_ARG_STRING, &channel, N_("email, sms, letter, registered_letter, call or task"), N_("CHANNEL") },
    { "template", 0, 0, G_OPTION_ARG_STRING, &template_key, N_("The message template (see “relancectl templates”)"), N_("TEMPLATE") },
    { "approval", 0, 0, G_OPTION_ARG_STRING, &approval, N_("Whether the step’s actions wait for approval (yes for a new step)"), N_("yes|no") },
    { "penalties", 0, 0, G_OPTION_ARG_STRING, &penalties, N_("Whether the step claims late-payment penalties (no for a new step)"), N_("yes|no") },
    { "gap", 0, 0, G_OPTION_ARG_STRING, &gap, N_("Days since the customer’s last contact before the step, 0 to 90 (0 for a new step)"), N_("DAYS") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (_("PLAN"), _("Create a dunning plan, rename it, or add, change or remove its "
                                 "steps (one change at a time)."), entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(RlPlan) plan = NULL;
  RlPlanStep step = { 0 };
  StepOptions so = { 0 };
  GError *error = NULL;
  gboolean thank_you = FALSE;
  gboolean ok = FALSE;
  const char *key;
  char klass = 0;
  gint64 id = 0;
  int n_operations;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  so = (StepOptions) { day, channel, template_key, approval, penalties, gap };
  n_operations = (create != NULL) + (rename != NULL) + (thank_you_text != NULL) + add_step
                 + (update_step != 0) + (remove_step != 0) + delete_plan;

  /* Usage first: one plan, one change, options that belong to it, values that can be read. */
  if (argc != 2 || n_operations != 1)
    {
      rl_cli_error (_("give one plan key and one of --create, --rename, --thank-you, "
                      "--add-step, --update-step, --remove-step or --delete"));
      return RL_EXIT_USAGE;
    }
  key = argv[1];
  if ((risk_class != NULL || copy_from != NULL) && create == NULL)
    {
      rl_cli_error (_("--risk-class and --copy-from go with --create"));
      return RL_EXIT_USAGE;
    }
  if (has_step_options (&so) && !add_step && update_step == 0)
    {
      rl_cli_error (_("--day, --channel, --template, --approval, --penalties and --gap go "
                      "with --add-step or --update-step"));
      return RL_EXIT_USAGE;
    }
  if (add_step && (so.day == NULL || so.channel == NULL || so.template_key == NULL))
    {
      rl_cli_error (_("--add-step needs --day, --channel and --template"));
      return RL_EXIT_USAGE;
    }
  if (update_step != 0 && !has_step_options (&so))
    {
      rl_cli_error (_("--update-step needs at least one of --day, --channel, --template, "
                      "--approval, --penalties or --gap"));
      return RL_EXIT_USAGE;
    }
  if (update_step < 0 || remove_step < 0)
    {
      rl_cli_error (_("a step number is a positive whole number"));
      return RL_EXIT_USAGE;
    }
  if (risk_class != NULL)
    {
      if (strlen (risk_class) != 1 || strchr ("ABCDabcd", risk_class[0]) == NULL)
        {
          rl_cli_error (_("--risk-class: write A, B, C or D, not “%s”"), risk_class);
          return RL_EXIT_USAGE;
        }
      klass = g_ascii_toupper (risk_class[0]);
    }
  if (!parse_yes_no ("--thank-you", thank_you_text, &thank_you))
    return RL_EXIT_USAGE;
  /* A new step waits for approval unless told otherwise: the safe default. */
  step.needs_approval = TRUE;
  if (!parse_step_options (&so, &step))
    return RL_EXIT_USAGE;

  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  if (!rl_book_begin (book, &error))
    return rl_cli_report_error (error);
  if (create != NULL)
    {
      ok = rl_book_create_plan (book, key, create, klass, copy_from, &error) > 0;
      if (ok)
        printf (_("Plan “%s” created\n"), key);
      return rl_cli_commit_or_report (book, ok, error);
    }
  ok = rl_plans_ensure_defaults (book, &error);
  if (ok)
    {
      plan = rl_book_find_plan (book, key, &error);
      if (plan == NULL && error == NULL)
        g_set_error (&error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_NOT_FOUND,
                     _("no plan “%s” (see “relancectl plans”)"), key);
      ok = plan != NULL;
    }
  if (!ok)
    return rl_cli_commit_or_report (book, ok, error);

  if (rename != NULL)
    {
      ok = rl_book_rename_plan (book, plan->id, rename, &error);
      if (ok)
        printf (_("Plan “%s” renamed “%s”\n"), key, rename);
    }
  else if (thank_you_text != NULL)
    {
      ok = rl_book_set_plan_thank_you (book, plan->id, thank_you, &error);
      if (ok)
        printf (thank_you ? _("Plan “%s” now thanks customers who settle late invoices\n")
                          : _("Plan “%s” no longer thanks customers who settle late invoices\n"),
                key);
    }
  else if (add_step)
    {
      id = rl_book_add_step (book, plan->id, step.offset_days, step.channel, step.template_key,
                             step.needs_approval, step.claims_penalties, step.min_gap_days,
                             &error);
      ok = id > 0;
      if (ok)
        printf (_("Step #%lld added to the plan “%s” on day %+d\n"), (long long) id, key,
                step.offset_days);
    }
  else if (delete_plan)
    {
      ok = rl_book_delete_plan (book, plan->id, &error);
      if (ok)
        printf (_("Plan “%s” deleted\n"), key);
    }
  else if (update_step != 0 || remove_step != 0)
    {
      gint64 step_id = update_step ? update_step : remove_step;
      RlPlanStep *current = find_step (plan, step_id);

      if (current == NULL)
        {
          g_set_error (&error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_NOT_FOUND,
                       _("the plan “%s” has no step #%lld (see “relancectl plans”)"), key,
                       (long long) step_id);
          ok = FALSE;
        }
      else if (remove_step != 0)
        {
          ok = rl_book_remove_step (book, step_id, &error);
          if (ok)
            printf (_("Step #%lld removed from the plan “%s”\n"), (long long) step_id, key);
        }
      else
        {
          RlPlanStep changed = *current;

          /* The options were read before the book was opened: this cannot fail. */
          parse_step_options (&so, &changed);
          ok = rl_book_update_step (book, step_id, changed.offset_days, changed.channel,
                                    changed.template_key, changed.needs_approval,
                                    changed.claims_penalties, changed.min_gap_days, &error);
          if (ok)
            printf (_("Step #%lld of the plan “%s” changed\n"), (long long) step_id, key);
        }
    }

  return rl_cli_commit_or_report (book, ok, error);
}

/* One installment, "DATE:AMOUNT": 2026-11-15:500 or 15/11/2026:1 200,50. */
static gboolean
parse_installment (const char *text,
                   RlDay      *out_day,
                   RlCents    *out_amount)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = g_strsplit (text, ":", 2);

  if (g_strv_length (parts) != 2)
    {
      rl_cli_error (_("--installment: write DATE:AMOUNT, as in 2026-11-15:500, not “%s”"), text);
      return FALSE;
    }
  if (!rl_day_parse (g_strstrip (parts[0]), RL_DATE_ORDER_DMY, out_day, &error)
      || !rl_money_parse (g_strstrip (parts[1]), RL_DECIMAL_AUTO, out_amount, &error))
    {
      rl_cli_error ("--installment: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

int
rl_cli_payment_plan (RlCli  *cli,
                     int     argc,
                     char  **argv)
{
  g_auto(GStrv) installments = NULL;
  g_autofree char *on_text = NULL;
  GOptionEntry entries[] = {
    { "installment", 'i', 0, G_OPTION_ARG_STRING_ARRAY, &installments, N_("An installment: its date and amount (repeat for each, in order)"), N_("DATE:AMOUNT") },
    { "on", 0, 0, G_OPTION_ARG_STRING, &on_text, N_("The day the plan was agreed (today)"), N_("DATE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (_("CUSTOMER"), _("Agree a payment plan with a customer: its open invoices are "
                                     "not chased while each installment is paid by its date; the "
                                     "first one missed ends the plan and chasing resumes."),
                    entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (RlDay));
  g_autoptr(GArray) amounts = g_array_new (FALSE, FALSE, sizeof (RlCents));
  g_autofree char *total_text = NULL;
  GError *error = NULL;
  RlCents total = 0;
  RlDay on;
  gint64 customer_id, id;
  gboolean ok;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (argc != 2 || installments == NULL || installments[0] == NULL)
    {
      rl_cli_error (_("give one customer code and at least one --installment DATE:AMOUNT"));
      return RL_EXIT_USAGE;
    }
  if (!rl_cli_parse_as_of (on_text, &on))
    return RL_EXIT_USAGE;
  for (guint i = 0; installments[i] != NULL; i++)
    {
      RlDay d;
      RlCents amount;

      if (!parse_installment (installments[i], &d, &amount))
        return RL_EXIT_USAGE;
      g_array_append_val (days, d);
      g_array_append_val (amounts, amount);
      total += amount;
    }
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL || (customer_id = rl_cli_customer_id (book, argv[1])) == 0)
    return RL_EXIT_FAILURE;
  if (!rl_book_begin (book, &error))
    return rl_cli_report_error (error);
  id = rl_book_add_payment_plan (book, customer_id, on, (const RlDay *) days->data,
                                 (const RlCents *) amounts->data, days->len, &error);
  ok = id > 0;
  if (ok)
    {
      total_text = rl_cli_money (cli, total);
      printf (g_dngettext (GETTEXT_PACKAGE,
                           "Payment plan #%lld agreed with %s: %u installment, %s in all\n",
                           "Payment plan #%lld agreed with %s: %u installments, %s in all\n",
                           days->len),
              (long long) id, argv[1], days->len, total_text);
    }
  return rl_cli_commit_or_report (book, ok, error);
}

static const char *
payment_plan_state_label (const char *state)
{
  if (g_strcmp0 (state, "active") == 0)
    return C_("payment plan state", "active");
  if (g_strcmp0 (state, "completed") == 0)
    return C_("payment plan state", "completed");
  if (g_strcmp0 (state, "broken") == 0)
    return C_("payment plan state", "broken");
  return C_("payment plan state", "cancelled");
}

int
rl_cli_payment_plans (RlCli  *cli,
                      int     argc,
                      char  **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Write JSON, amounts in cents"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (_("[CUSTOMER]"), _("List the payment plans agreed with customers and their "
                                       "installments."), entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;
  gint64 customer_id = 0;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (argc > 2)
    {
      rl_cli_error (_("give at most one customer code"));
      return RL_EXIT_USAGE;
    }
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  if (argc == 2 && (customer_id = rl_cli_customer_id (book, argv[1])) == 0)
    return RL_EXIT_FAILURE;
  plans = rl_book_list_payment_plans (book, customer_id, &error);
  if (plans == NULL)
    return rl_cli_report_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < plans->len; i++)
        {
          RlPaymentPlan *p = g_ptr_array_index (plans, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, p->id);
          rl_cli_json_string (b, "customer", p->customer_code);
          rl_cli_json_day (b, "agreed_on", p->agreed_on);
          rl_cli_json_string (b, "state", p->state);
          rl_cli_json_day (b, "ended_on", p->ended_on);
          json_builder_set_member_name (b, "installments");
          json_builder_begin_array (b);
          for (guint k = 0; k < p->due_dates->len; k++)
            {
              json_builder_begin_object (b);
              rl_cli_json_day (b, "due_date", g_array_index (p->due_dates, RlDay, k));
              rl_cli_json_money (b, "amount_cents", g_array_index (p->amounts, RlCents, k));
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      rl_cli_print_json (b);
      return RL_EXIT_OK;
    }

  for (guint i = 0; i < plans->len; i++)
    {
      RlPaymentPlan *p = g_ptr_array_index (plans, i);
      g_autofree char *agreed = rl_cli_date (cli, p->agreed_on);
      g_autoptr(RlCliTable) t = rl_cli_table_new (2, _("Due"), _("Amount"));

      printf (_("#%lld  %s  agreed on %s  %s\n"), (long long) p->id, p->customer_code, agreed,
              payment_plan_state_label (p->state));
      rl_cli_table_right (t, 1);
      for (guint k = 0; k < p->due_dates->len; k++)
        {
          g_autofree char *due = rl_cli_date (cli, g_array_index (p->due_dates, RlDay, k));
          g_autofree char *amount = rl_cli_money (cli, g_array_index (p->amounts, RlCents, k));

          rl_cli_table_add (t, due, amount);
        }
      rl_cli_table_print (t);
      printf ("\n");
    }
  printf (ngettext ("%u payment plan\n", "%u payment plans\n", plans->len), plans->len);
  return RL_EXIT_OK;
}
