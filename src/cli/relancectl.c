/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relancectl"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "rl-cli.h"

/* relancectl is built three times from these sources. The program on the PATH leaves out the
 * commands that draw letters, import files or talk to the relay provider: they need Poppler,
 * librsvg, libsoup, libsecret and the like, some eighty shared libraries whose loading took
 * 30 ms of every command, four times the work of many. For those commands it hands its
 * command line to a helper (exec: same process, same arguments and environment):
 * relancectl-letters for the letters, built with cairo, pango and librsvg (half the
 * libraries, 24 ms instead of 38 to start), relancectl-full for the rest, built with
 * everything. */
#if defined(RL_CLI_LIGHT) || defined(RL_CLI_LETTERS)
#define HEAVY(func) NULL, "relancectl-full"
#else
#define HEAVY(func) func, NULL
#endif
#ifdef RL_CLI_LIGHT
#define LETTERS(func) NULL, "relancectl-letters"
#else
#define LETTERS(func) func, NULL
#endif
#define LIGHT(func) func, NULL

static const RlCliCommand commands[] = {
  { "init", HEAVY (rl_cli_init), N_("Create a new book") },
  { "company", HEAVY (rl_cli_company), N_("Show or change the company’s identity, address and bank details") },
  { "demo", HEAVY (rl_cli_demo), N_("Create a demo book with realistic French data") },
  { "import", HEAVY (rl_cli_import), N_("Import CSV files, FEC exports and bank statements") },
  { "customers", LIGHT (rl_cli_customers), N_("List customers with what they owe") },
  { "customer", LIGHT (rl_cli_customer), N_("Show one customer: identity, balance, open invoices") },
  { "invoices", LIGHT (rl_cli_invoices), N_("List invoices and credit notes") },
  { "aging", LIGHT (rl_cli_aging), N_("Aged balance and receivables KPIs at a date") },
  { "run", LIGHT (rl_cli_run), N_("Run the dunning plans for a day and propose the actions due") },
  { "actions", LIGHT (rl_cli_actions), N_("List the action queue") },
  { "approve", LIGHT (rl_cli_approve), N_("Approve proposed actions") },
  { "skip", LIGHT (rl_cli_skip), N_("Skip actions (their step is not proposed again)") },
  { "cancel", LIGHT (rl_cli_cancel), N_("Cancel actions") },
  { "done", LIGHT (rl_cli_done), N_("Mark actions as done (letter posted, task finished)") },
  { "call", LIGHT (rl_cli_call), N_("Record the outcome of a phone call") },
  { "dispute", LIGHT (rl_cli_dispute), N_("Open or resolve a dispute on an invoice") },
  { "promise", LIGHT (rl_cli_promise), N_("Record a promise to pay") },
  { "hold", LIGHT (rl_cli_hold), N_("Put a customer or an invoice on hold, or release it") },
  { "plans", LIGHT (rl_cli_plans), N_("List the dunning plans and their steps") },
  { "set-plan", LIGHT (rl_cli_set_plan), N_("Choose a customer’s plan, or never chase it") },
  { "plan-edit", LIGHT (rl_cli_plan_edit), N_("Create a plan, rename it, or add, change or remove its steps") },
  { "payment-plan", LIGHT (rl_cli_payment_plan), N_("Agree a payment plan: installments that pause the chasing") },
  { "payment-plans", LIGHT (rl_cli_payment_plans), N_("List the payment plans and their installments") },
  { "note", LIGHT (rl_cli_note), N_("Write a note about a customer, kept in its history") },
  { "matches", LIGHT (rl_cli_matches), N_("Bank payments matched to invoices, waiting for your yes or no") },
  { "contract-rate", LIGHT (rl_cli_contract_rate), N_("Set the late-payment rate of a customer’s contract") },
  { "rates", LIGHT (rl_cli_rates), N_("List or set the late-payment rates by half-year") },
  { "preview", LIGHT (rl_cli_preview), N_("Show an action’s message as the customer will receive it") },
  { "edit-action", LIGHT (rl_cli_edit_action), N_("Replace the text of one proposed or approved action") },
  { "templates", LIGHT (rl_cli_templates), N_("List the message templates and whether you edited them") },
  { "template", LIGHT (rl_cli_template), N_("Show, replace or reset a message template") },
  { "relay", HEAVY (rl_cli_relay), N_("Show or set the relay provider for e-mails and SMS, keep its key") },
  { "send", HEAVY (rl_cli_send), N_("Send the approved e-mails and SMS through the relay provider") },
  { "outbox", HEAVY (rl_cli_outbox), N_("List the e-mails and SMS pending, in doubt or failed") },
  { "test-email", HEAVY (rl_cli_test_email), N_("Send a sample e-mail through the relay provider") },
  { "letters", LETTERS (rl_cli_letters), N_("Print the day’s approved letters as PDF, ready to post") },
  { "letter", LETTERS (rl_cli_letter), N_("Print one letter action as a PDF") },
  { "statement", LETTERS (rl_cli_statement), N_("Print a customer’s account statement as a PDF") },
  { "calibration-page", LETTERS (rl_cli_calibration_page),
    N_("Print a page to check the address against your window envelopes") },
  { "letter-settings", LETTERS (rl_cli_letter_settings),
    N_("Show or change the logo, signature, envelope window and calibration of letters") },
  { "registered", LETTERS (rl_cli_registered),
    N_("Record a registered letter’s number and the date of its acknowledgement of receipt") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: relancectl [--book FILE] COMMAND [OPTION…]"));
  fprintf (out, "%s\n\n", _("Relance keeps the book of what your customers owe and chases late payments."));
  fprintf (out, "%s\n", _("Commands:"));
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-13s  %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Options:"));
  {
    g_autofree char *book = g_strdup_printf ("--book %s", _("FILE"));
    int width = MAX (12, (int) g_utf8_strlen (book, -1) + 2);

    fprintf (out, "  %-*s%s\n", width, book,
             _("The book to use (default: $RELANCE_BOOK, or Relance.relance in the data folder)"));
    fprintf (out, "  %-*s%s\n", width, "--version", _("Show the version"));
    fprintf (out, "  %-*s%s\n\n", width, "--help", _("Show this help"));
  }
  fprintf (out, "%s\n", _("Run “relancectl COMMAND --help” for the options of a command."));
}

static const char *
default_book_path (void)
{
  const char *env = g_getenv ("RELANCE_BOOK");
  static char *path;

  if (env != NULL && *env != '\0')
    return env;
  if (path == NULL)
    path = g_build_filename (g_get_user_data_dir (), "relance", "Relance.relance", NULL);
  return path;
}

/* Money and dates in human output follow the language of the messages. */
static const char *
output_language (void)
{
  const char * const *names = g_get_language_names_with_category ("LC_MESSAGES");

  for (gsize i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "fr"))
        return "fr";
      if (g_str_has_prefix (names[i], "en") || g_str_equal (names[i], "C"))
        return "en";
    }
  return "en";
}

static void
setup_gettext (void)
{
  const char *dir = g_getenv ("RELANCE_LOCALEDIR");
  g_autofree char *installed_mo = g_build_filename (LOCALEDIR, "fr", "LC_MESSAGES",
                                                    GETTEXT_PACKAGE ".mo", NULL);

  /* Run from the build tree, use the catalogues built there. */
  if (dir == NULL && !g_file_test (installed_mo, G_FILE_TEST_EXISTS)
      && g_file_test (BUILD_LOCALEDIR, G_FILE_TEST_IS_DIR))
    dir = BUILD_LOCALEDIR;
  bindtextdomain (GETTEXT_PACKAGE, dir ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

#if defined(RL_CLI_LIGHT) || defined(RL_CLI_LETTERS)
/* Where @helper (relancectl-full or relancectl-letters) is: beside this program (the build
 * tree), in the libexec folder of the prefix this program was installed in (wherever that
 * prefix was moved), or where it was installed. */
static G_NORETURN void
exec_helper (const char  *helper,
             char       **argv)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self != NULL ? g_path_get_dirname (self) : NULL;
  g_autofree char *beside = dir != NULL ? g_build_filename (dir, helper, NULL) : NULL;
  g_autofree char *relative = dir != NULL ? g_build_filename (dir, RELANCE_LIBEXEC_FROM_BINDIR,
                                                              helper, NULL) : NULL;
  g_autofree char *installed = g_build_filename (RELANCE_LIBEXECDIR, helper, NULL);
  const char *candidates[] = { beside, relative, installed };

  for (gsize i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (candidates[i] != NULL && g_file_test (candidates[i], G_FILE_TEST_IS_EXECUTABLE))
      {
        execv (candidates[i], argv);
        rl_cli_error (_("cannot run %s: %s"), candidates[i], g_strerror (errno));
        exit (RL_EXIT_FAILURE);
      }
  rl_cli_error (_("%s, which carries out this command, is not installed (looked in %s)"),
                helper, RELANCE_LIBEXECDIR);
  exit (RL_EXIT_FAILURE);
}
#endif

#if defined(__linux__) && defined(__GLIBC__) && __GLIBC_PREREQ(2, 35)
#define RL_HUGE_PAGES 1
/* A run or a batch of letters fills tens of megabytes of fresh heap (the book's page cache,
 * the rows it writes, the PDF). Touched 4 KB at a time, each page costs a fault, and faults
 * are slow on virtual machines: 8,000 of them were a fifth of a run's time. glibc backs its
 * heap with transparent huge pages when told so at start-up (the glibc.malloc.hugetlb
 * tunable, glibc 2.35). When the system offers them, the tunable is set here; the command
 * then starts again with it, in the same process (a few milliseconds), or the helper
 * the command is handed to starts with it. Returns whether it was set now. */
static gboolean
ask_huge_pages (void)
{
  static const char tunable[] = "glibc.malloc.hugetlb=1";
  const char *tunables = g_getenv ("GLIBC_TUNABLES");
  g_autofree char *thp = NULL;
  g_autofree char *value = NULL;

  if ((tunables != NULL && strstr (tunables, "glibc.malloc.hugetlb") != NULL)
      || g_getenv ("RELANCE_NO_HUGE_PAGES") != NULL
      || !g_file_get_contents ("/sys/kernel/mm/transparent_hugepage/enabled", &thp, NULL, NULL)
      || strstr (thp, "[never]") != NULL)
    return FALSE;
  value = tunables != NULL && *tunables != '\0' ? g_strconcat (tunables, ":", tunable, NULL)
                                               : g_strdup (tunable);
  return g_setenv ("GLIBC_TUNABLES", value, TRUE);
}

/* Starts again with the tunable; if that cannot be, goes on as it is. */
static void
restart_with_huge_pages (char **argv)
{
  g_autofree char *tunables = g_strdup (g_getenv ("GLIBC_TUNABLES"));
  char *added = tunables != NULL ? strstr (tunables, "glibc.malloc.hugetlb=1") : NULL;

  execv ("/proc/self/exe", argv);
  if (added != NULL)
    {
      *(added > tunables ? added - 1 : added) = '\0';   /* drop ":glibc.malloc.hugetlb=1" */
      if (*tunables != '\0')
        g_setenv ("GLIBC_TUNABLES", tunables, TRUE);
      else
        g_unsetenv ("GLIBC_TUNABLES");
    }
}
#endif

int
main (int    argc,
      char **argv)
{
  RlCli cli = { 0 };
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  g_autofree char *prgname = NULL;
  const char *command = NULL;
  int i;

#ifdef __GLIBC__
  /* A batch of letters allocates and frees the same large buffers for every letter (a PDF
   * surface, zlib's state): given back to the system at each letter and faulted in again
   * at the next, they took a third of the time of a batch. Up to 64 MB of free heap is kept
   * instead, which bounds the memory all the same. */
  mallopt (M_TRIM_THRESHOLD, 64 << 20);
  mallopt (M_TOP_PAD, 16 << 20);
  mallopt (M_MMAP_THRESHOLD, 16 << 20);
#endif
  setlocale (LC_ALL, "");
  setup_gettext ();
  g_set_prgname ("relancectl");

  cli.book_path = default_book_path ();
  cli.language = output_language ();

  /* --book may stand anywhere on the line; the first word that is not an option is the
   * command. */
  g_ptr_array_add (rest, argv[0]);
  for (i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--book"))
        {
          if (i + 1 >= argc)
            {
              rl_cli_error (_("--book needs a file name"));
              return RL_EXIT_USAGE;
            }
          cli.book_path = argv[++i];
          continue;
        }
      if (g_str_has_prefix (argv[i], "--book="))
        {
          cli.book_path = argv[i] + strlen ("--book=");
          continue;
        }
      if (command == NULL && argv[i][0] != '-')
        {
          command = argv[i];
          continue;
        }
      if (command == NULL && (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h")))
        {
          print_usage (stdout);
          return RL_EXIT_OK;
        }
      if (command == NULL && g_str_equal (argv[i], "--version"))
        {
          printf ("relancectl %s\n", PACKAGE_VERSION);
          return RL_EXIT_OK;
        }
      g_ptr_array_add (rest, argv[i]);
    }
  g_ptr_array_add (rest, NULL);

  if (command == NULL)
    {
      print_usage (stderr);
      return RL_EXIT_USAGE;
    }
  if (g_str_equal (command, "help"))
    {
      print_usage (stdout);
      return RL_EXIT_OK;
    }

  for (gsize k = 0; k < G_N_ELEMENTS (commands); k++)
    {
      if (g_str_equal (commands[k].name, command))
        {
#ifdef RL_HUGE_PAGES
          gboolean restart = ask_huge_pages ();
#endif
#if defined(RL_CLI_LIGHT) || defined(RL_CLI_LETTERS)
          /* The helper starts with the huge pages: one start, not two. */
          if (commands[k].func == NULL)
            exec_helper (commands[k].helper, argv);
#endif
#ifdef RL_HUGE_PAGES
          if (restart)
            restart_with_huge_pages (argv);
#endif
          prgname = g_strdup_printf ("relancectl %s", command);
          g_set_prgname (prgname);
          return commands[k].func (&cli, rest->len - 1, (char **) rest->pdata);
        }
    }
  rl_cli_error (_("unknown command “%s” (see “relancectl --help”)"), command);
  return RL_EXIT_USAGE;
}
