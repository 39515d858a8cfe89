/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relancectl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>

#include "rl-cli.h"
#include "rl-engine.h"
#include "rl-error.h"

/* The dunning engine on the command line: the daily run, the action queue, holds. */

static void
json_action (JsonBuilder    *b,
             const RlAction *a)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, a->id);
  rl_cli_json_string (b, "customer", a->customer_code);
  rl_cli_json_string (b, "kind", a->thank_you ? "thank_you" : "reminder");
  rl_cli_json_string (b, "channel", rl_channel_to_string (a->channel));
  rl_cli_json_string (b, "template", a->template_key);
  rl_cli_json_string (b, "state", rl_action_state_to_string (a->state));
  rl_cli_json_day (b, "proposed_on", a->proposed_on);
  json_builder_set_member_name (b, "stale_data");
  json_builder_add_boolean_value (b, a->stale_data);
  rl_cli_json_money (b, "amount_cents", a->amount);
  json_builder_set_member_name (b, "invoice_ids");
  json_builder_begin_array (b);
  for (guint i = 0; i < a->invoice_ids->len; i++)
    json_builder_add_int_value (b, g_array_index (a->invoice_ids, gint64, i));
  json_builder_end_array (b);
  rl_cli_json_string (b, "reason", a->reason);
  rl_cli_json_string (b, "outcome", a->outcome);
  rl_cli_json_string (b, "registered_number", a->registered_number);
  rl_cli_json_day (b, "received_on", a->received_on);
  json_builder_end_object (b);
}

static RlCliTable *
new_action_table (void)
{
  RlCliTable *t = rl_cli_table_new (8, _("ID"), _("Date"), _("Customer"), _("Channel"),
                                    _("Step"), _("Invoices"), _("Amount"), _("State"));

  rl_cli_table_right (t, 0);
  rl_cli_table_right (t, 5);
  rl_cli_table_right (t, 6);
  return t;
}

static void
add_action_row (RlCli          *cli,
                RlCliTable     *t,
                const RlAction *a)
{
  g_autofree char *id = g_strdup_printf ("%lld", (long long) a->id);
  g_autofree char *date = rl_cli_date (cli, a->proposed_on);
  g_autofree char *n = g_strdup_printf ("%u", a->invoice_ids->len);
  g_autofree char *amount = rl_cli_money (cli, a->amount);
  g_autofree char *state = g_strdup_printf ("%s%s", rl_action_state_label (a->state),
                                            a->stale_data ? " (!)" : "");

  if (a->registered_number != NULL)
    {
      /* A registered letter: its number, and when its acknowledgement of receipt came back. */
      g_autofree char *received = a->received_on != RL_DAY_NONE
                                  ? rl_cli_date (cli, a->received_on) : NULL;
      g_autofree char *with_number = received != NULL
        ? g_strdup_printf (_("%s, registered %s, received %s"), state, a->registered_number,
                           received)
        : g_strdup_printf (_("%s, registered %s"), state, a->registered_number);

      g_free (state);
      state = g_steal_pointer (&with_number);
    }

  rl_cli_table_add (t, id, date, a->customer_code, rl_channel_label (a->channel),
                    rl_step_label (a->template_key), n, amount, state);
}

int
rl_cli_run (RlCli  *cli,
            int     argc,
            char  **argv)
{
  g_autofree char *as_of_text = NULL;
  gboolean dry_run = FALSE;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, N_("The day of the run (today)"), N_("DATE") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, N_("Show what would be proposed without writing"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Write JSON, amounts in cents"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (NULL, _("Run the dunning plans for a day: propose the reminders, calls and "
                            "formal notices that are due, once each."), entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(RlRunReport) report = NULL;
  g_autoptr(GError) error = NULL;
  RlDay as_of;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (!rl_cli_no_arguments (argc, argv) || !rl_cli_parse_as_of (as_of_text, &as_of))
    return RL_EXIT_USAGE;
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  if (!rl_engine_run (book, as_of, dry_run, &report, &error))
    return rl_cli_report_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      rl_cli_json_day (b, "as_of", report->as_of);
      json_builder_set_member_name (b, "dry_run");
      json_builder_add_boolean_value (b, dry_run);
      json_builder_set_member_name (b, "stale_data");
      json_builder_add_boolean_value (b, report->stale_data);
      rl_cli_json_day (b, "last_payment_import", report->last_payment_import);
      json_builder_set_member_name (b, "rates_unconfirmed");
      if (report->rates_unconfirmed[0] != '\0')
        json_builder_add_string_value (b, report->rates_unconfirmed);
      else
        json_builder_add_null_value (b);
#define COUNT(name, value) \
      json_builder_set_member_name (b, name); \
      json_builder_add_int_value (b, value);
      COUNT ("proposed", report->proposed);
      COUNT ("skipped_steps", report->skipped_steps);
      COUNT ("deferred", report->deferred);
      COUNT ("cancelled", report->cancelled);
      COUNT ("shrunk", report->shrunk);
      COUNT ("promises_kept", report->promises_kept);
      COUNT ("promises_broken", report->promises_broken);
      COUNT ("thank_yous", report->thank_yous);
      COUNT ("payment_plans_broken", report->payment_plans_broken);
      COUNT ("covered_by_credits", report->covered_by_credits);
#undef COUNT
      json_builder_set_member_name (b, "actions");
      json_builder_begin_array (b);
      for (guint i = 0; i < report->new_actions->len; i++)
        json_action (b, g_ptr_array_index (report->new_actions, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      rl_cli_print_json (b);
      return RL_EXIT_OK;
    }

  {
    g_autofree char *date = rl_day_format_long (as_of, cli->language);
    g_autoptr(RlCliTable) t = new_action_table ();

    if (dry_run)
      printf ("%s\n", _("Dry run: nothing was written."));
    printf (_("Run of %s\n"), date);
    if (report->stale_data && report->last_payment_import != RL_DAY_NONE)
      {
        g_autofree char *last = rl_cli_date (cli, report->last_payment_import);

        printf (_("Warning: payments were last imported on %s; some customers may have paid "
                  "since. Import the latest payments before carrying out the actions.\n"), last);
      }
    else if (report->stale_data)
      printf ("%s\n", _("Warning: no payments were ever imported; some customers may have paid. "
                         "Import the payments before carrying out the actions."));
    if (report->rates_unconfirmed[0] != '\0')
      printf (_("Warning: the late-payment rates of %s are not confirmed: letters and messages "
                "that claim penalties cannot be made until you confirm them (relancectl rates "
                "--set %s --ecb … --legal-private … --legal-other …).\n"),
              report->rates_unconfirmed, report->rates_unconfirmed);
    for (guint i = 0; i < report->new_actions->len; i++)
      add_action_row (cli, t, g_ptr_array_index (report->new_actions, i));
    if (report->new_actions->len > 0)
      rl_cli_table_print (t);
    printf (ngettext ("%u action proposed", "%u actions proposed", report->proposed),
            report->proposed);
    printf (ngettext (", %u step skipped", ", %u steps skipped", report->skipped_steps),
            report->skipped_steps);
    printf (ngettext (", %u customer waiting for the minimum gap",
                      ", %u customers waiting for the minimum gap", report->deferred),
            report->deferred);
    printf (ngettext (", %u earlier action cancelled", ", %u earlier actions cancelled",
                      report->cancelled), report->cancelled);
    printf (ngettext (", %u reduced to the invoices still due.\n",
                      ", %u reduced to the invoices still due.\n", report->shrunk),
            report->shrunk);
    if (report->covered_by_credits > 0)
      printf (ngettext ("%u customer not chased: credit notes not applied yet cover what is "
                        "due.\n",
                        "%u customers not chased: credit notes not applied yet cover what is "
                        "due.\n", report->covered_by_credits), report->covered_by_credits);
    if (report->payment_plans_broken > 0)
      printf (ngettext ("%u payment plan broken: chasing resumes.\n",
                        "%u payment plans broken: chasing resumes.\n",
                        report->payment_plans_broken), report->payment_plans_broken);
    if (report->promises_kept + report->promises_broken > 0)
      printf (_("Promises to pay: %u kept, %u broken.\n"), report->promises_kept,
              report->promises_broken);
  }
  return RL_EXIT_OK;
}

int
rl_cli_actions (RlCli  *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *customer = NULL;
  gboolean all = FALSE;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "customer", 0, 0, G_OPTION_ARG_STRING, &customer, N_("Only this customer’s actions"), N_("CODE") },
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_("Also the actions done, cancelled or skipped"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Write JSON, amounts in cents"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (NULL, _("List the action queue: what is proposed, approved, being sent or "
                            "in doubt."), entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GError) error = NULL;
  gint64 customer_id = 0;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (!rl_cli_no_arguments (argc, argv))
    return RL_EXIT_USAGE;
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  if (customer != NULL && (customer_id = rl_cli_customer_id (book, customer)) == 0)
    return RL_EXIT_FAILURE;
  actions = rl_book_list_actions (book, customer_id, !all, &error);
  if (actions == NULL)
    return rl_cli_report_error (error);
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < actions->len; i++)
        json_action (b, g_ptr_array_index (actions, i));
      json_builder_end_array (b);
      rl_cli_print_json (b);
    }
  else
    {
      g_autoptr(RlCliTable) t = new_action_table ();

      for (guint i = 0; i < actions->len; i++)
        add_action_row (cli, t, g_ptr_array_index (actions, i));
      rl_cli_table_print (t);
      printf (ngettext ("%u action\n", "%u actions\n", actions->len), actions->len);
    }
  return RL_EXIT_OK;
}

/* approve, skip, cancel, done: one transition for one or more actions, in one transaction. */
static int
transition (RlCli          *cli,
            int             argc,
            char          **argv,
            RlActionState   to,
            const char     *summary)
{
  g_autofree char *reason = NULL;
  g_autofree char *channel_text = NULL;
  g_autofree char *on_text = NULL;
  gboolean all = FALSE;
  gboolean confirm_stale = FALSE;
  GOptionEntry entries[] = {
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason, N_("Why, kept with the action"), N_("TEXT") },
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all,
      to == RL_ACTION_DONE ? N_("All the approved actions carried out by hand (letters, calls, tasks), or those of --channel")
                           : N_("All the proposed actions (of --channel)"), NULL },
    { "channel", 0, 0, G_OPTION_ARG_STRING, &channel_text, N_("With --all: only this channel (email, sms, letter, registered_letter, call, task)"), N_("CHANNEL") },
    { "confirm-stale", 0, 0, G_OPTION_ARG_NONE, &confirm_stale, N_("Approve even though payments were not imported recently"), NULL },
    { "on", 0, 0, G_OPTION_ARG_STRING, &on_text, N_("The day it happened (today)"), N_("DATE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rl_cli_context (_("ID…"), summary, entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  RlChannel channel = RL_N_CHANNELS;
  RlDay on;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (!rl_cli_parse_as_of (on_text, &on))
    return RL_EXIT_USAGE;
  if (channel_text != NULL && !rl_channel_from_string (channel_text, &channel))
    {
      rl_cli_error (_("--channel: “%s” is not a channel"), channel_text);
      return RL_EXIT_USAGE;
    }
  if ((argc < 2) == !all)
    {
      rl_cli_error (_("give action numbers, or --all"));
      return RL_EXIT_USAGE;
    }
  for (int i = 1; i < argc; i++)
    {
      gint64 id;

      if (!rl_cli_parse_action_id (argv[i], &id))
        return RL_EXIT_USAGE;
      g_array_append_val (ids, id);
    }
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  if (all)
    {
      g_autoptr(GPtrArray) open = rl_book_list_actions (book, 0, TRUE, &error);

      if (open == NULL)
        return rl_cli_report_error (error);
      for (guint i = 0; i < open->len; i++)
        {
          RlAction *a = g_ptr_array_index (open, i);
          /* Done follows approved. E-mails and SMS are done by sending them: only when their
           * channel is named. */
          gboolean by_hand = a->channel != RL_CHANNEL_EMAIL && a->channel != RL_CHANNEL_SMS;
          gboolean wanted = to == RL_ACTION_DONE
                            ? a->state == RL_ACTION_APPROVED
                              && (channel == RL_N_CHANNELS ? by_hand : a->channel == channel)
                            : a->state == RL_ACTION_PROPOSED
                              && (channel == RL_N_CHANNELS || a->channel == channel);

          if (wanted)
            g_array_append_val (ids, a->id);
        }
    }

  if (!rl_book_begin (book, &error))
    return rl_cli_report_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(RlAction) a = rl_book_get_action (book, id, &error);

      if (a == NULL)
        break;
      if (to == RL_ACTION_APPROVED && a->stale_data && !confirm_stale)
        {
          g_set_error (&error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE,
                       _("action #%lld was proposed while payments had not been imported "
                         "recently: import them, or approve with --confirm-stale"),
                       (long long) id);
          break;
        }
      if (!rl_book_set_action_state (book, id, to, reason, on, &error))
        break;
    }
  if (error != NULL)
    {
      rl_book_rollback (book);
      return rl_cli_report_error (error);
    }
  if (!rl_book_commit (book, &error))
    return rl_cli_report_error (error);
  printf (ngettext ("%u action changed; new state: %s\n", "%u actions changed; new state: %s\n",
                    ids->len), ids->len, rl_action_state_label (to));
  return RL_EXIT_OK;
}

int
rl_cli_approve (RlCli *cli, int argc, char **argv)
{
  return transition (cli, argc, argv, RL_ACTION_APPROVED,
                     _("Approve proposed actions so that they are carried out."));
}

int
rl_cli_skip (RlCli *cli, int argc, char **argv)
{
  return transition (cli, argc, argv, RL_ACTION_SKIPPED,
                     _("Skip actions: their step is not done and will not be proposed again."));
}

int
rl_cli_cancel (RlCli *cli, int argc, char **argv)
{
  return transition (cli, argc, argv, RL_ACTION_CANCELLED, _("Cancel actions."));
}

int
rl_cli_done (RlCli *cli, int argc, char **argv)
{
  return transition (cli, argc, argv, RL_ACTION_DONE,
                     _("Mark approved actions as done: a letter posted, a task finished."));
}
