/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relancectl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "rl-action-text.h"
#include "rl-cli.h"
#include "rl-engine.h"
#include "rl-template.h"

/* The words of the messages on the command line: preview an action, list, show, set and
 * reset the templates, edit one action's text.
 *
 * A template as a file, shown by "template" and read by "template --set" and
 * "edit-action --file": the subject on the first line, an empty line, then the body. */

static gboolean
parse_action_id (int      argc,
                 char   **argv,
                 gint64  *out_id)
{
  if (argc != 2)
    {
      rl_cli_error (_("give one action number"));
      return FALSE;
    }
  return rl_cli_parse_action_id (argv[1], out_id);
}

/* Reads a template file: its first line is the subject; one empty line after it, as
 * "template" prints it, is not part of the body. */
static gboolean
read_template_file (const char  *path,
                    char       **out_subject,
                    char       **out_body)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *nl, *body;
  gsize len;

  if (!g_file_get_contents (path, &text, &len, &error))
    {
      rl_cli_error ("%s", error->message);
      return FALSE;
    }
  if (!g_utf8_validate_len (text, len, NULL))
    {
      rl_cli_error (_("%s: not UTF-8 text"), path);
      return FALSE;
    }
  nl = strchr (text, '\n');
  *out_subject = nl != NULL ? g_strndup (text, nl - text) : g_strdup (text);
  g_strchomp (*out_subject);
  body = nl != NULL ? nl + 1 : "";
  if (body[0] == '\n')
    body++;
  else if (body[0] == '\r' && body[1] == '\n')
    body += 2;
  *out_body = g_strdup (body);
  return TRUE;
}

/* Ends the transaction like rl_cli_commit_or_report(); a template error names @file, the text
 * it comes from. */
static int
commit_or_report (RlBook     *book,
                  gboolean    ok,
                  GError     *error,
                  const char *file)
{
  if (!ok && file != NULL && error != NULL && error->domain == RL_TEMPLATE_ERROR)
    g_prefix_error (&error, "%s: ", file);
  return rl_cli_commit_or_report (book, ok, error);
}

static void
print_text (const char *subject,
            const char *body)
{
  printf ("%s\n\n%s", subject, body);
  if (*body != '\0' && !g_str_has_suffix (body, "\n"))
    printf ("\n");
}

int
rl_cli_preview (RlCli  *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *as_of_text = NULL;
  gboolean html = FALSE;
  GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, N_("The day of the message (today)"),
      N_("DATE") },
    { "html", 0, 0, G_OPTION_ARG_NONE, &html, N_("Escape the values for an HTML e-mail"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (_("ACTION-ID"), _("Show an action’s message as the customer will receive it."),
                    entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL, *body = NULL;
  RlDay as_of;
  gint64 id;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (!parse_action_id (argc, argv, &id) || !rl_cli_parse_as_of (as_of_text, &as_of))
    return RL_EXIT_USAGE;
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  if (!rl_action_render (book, id, as_of,
                         html ? RL_TEMPLATE_ESCAPE_HTML : RL_TEMPLATE_ESCAPE_NONE,
                         &subject, &body, &error))
    return rl_cli_report_error (error);
  print_text (subject, body);
  return RL_EXIT_OK;
}

int
rl_cli_templates (RlCli  *cli,
                  int     argc,
                  char  **argv)
{
  static const char * const languages[] = { "fr", "en" };
  g_autoptr(GOptionContext) context =
    rl_cli_context (NULL, _("List the message templates and whether you edited them."), NULL);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(RlCliTable) table = NULL;
  const char * const *keys = rl_template_editable_keys ();

  if (!rl_cli_parse (context, &argc, &argv) || !rl_cli_no_arguments (argc, argv))
    return RL_EXIT_USAGE;
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;

  table = rl_cli_table_new (3, _("Template"), "fr", "en");
  for (gsize i = 0; keys[i] != NULL; i++)
    {
      const char *cells[G_N_ELEMENTS (languages)];

      for (gsize l = 0; l < G_N_ELEMENTS (languages); l++)
        {
          g_autoptr(GError) error = NULL;
          gboolean edited = FALSE;

          if (!rl_book_get_template (book, keys[i], languages[l], NULL, NULL, &edited, &error))
            return rl_cli_report_error (error);
          cells[l] = edited ? _("edited") : _("shipped");
        }
      rl_cli_table_add (table, keys[i], cells[0], cells[1]);
    }
  rl_cli_table_print (table);
  return RL_EXIT_OK;
}

int
rl_cli_template (RlCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autofree char *language = NULL, *set_file = NULL;
  gboolean reset = FALSE;
  GOptionEntry entries[] = {
    { "language", 'l', 0, G_OPTION_ARG_STRING, &language, N_("fr or en (fr)"), N_("LANGUAGE") },
    { "set", 0, 0, G_OPTION_ARG_FILENAME, &set_file,
      N_("Replace it with the file’s text: the subject on the first line, then the body"),
      N_("FILE") },
    { "reset", 0, 0, G_OPTION_ARG_NONE, &reset, N_("Go back to the shipped text"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (_("KEY"), _("Show a message template, or replace it, or reset it."), entries);
  g_autoptr(RlBook) book = NULL;
  g_autofree char *subject = NULL, *body = NULL;
  GError *error = NULL;
  const char *key;
  gboolean ok;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (argc != 2)
    {
      rl_cli_error (_("give one template key (see “relancectl templates”)"));
      return RL_EXIT_USAGE;
    }
  key = argv[1];
  if (language == NULL)
    language = g_strdup ("fr");
  if (!g_str_equal (language, "fr") && !g_str_equal (language, "en"))
    {
      rl_cli_error (_("--language: “fr” or “en”"));
      return RL_EXIT_USAGE;
    }
  if (set_file != NULL && reset)
    {
      rl_cli_error (_("--set and --reset do not go together"));
      return RL_EXIT_USAGE;
    }
  if (set_file != NULL && !read_template_file (set_file, &subject, &body))
    return RL_EXIT_FAILURE;

  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;

  if (set_file == NULL && !reset)
    {
      g_autoptr(GError) local_error = NULL;

      if (!rl_book_get_template (book, key, language, &subject, &body, NULL, &local_error))
        return rl_cli_report_error (local_error);
      print_text (subject, body);
      return RL_EXIT_OK;
    }

  if (!rl_book_begin (book, &error))
    return commit_or_report (book, FALSE, error, NULL);
  if (reset)
    ok = rl_book_reset_template (book, key, language, &error);
  else
    ok = rl_book_set_template (book, key, language, subject, body, &error);
  if (ok)
    printf (reset ? _("Template %s (%s) reset to the shipped text\n")
                  : _("Template %s (%s) saved\n"), key, language);
  return commit_or_report (book, ok, error, set_file);
}

int
rl_cli_edit_action (RlCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_autofree char *file = NULL;
  GOptionEntry entries[] = {
    { "file", 'f', 0, G_OPTION_ARG_FILENAME, &file,
      N_("The text: the subject on the first line, then the body"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (_("ACTION-ID"), _("Replace the text of one proposed or approved action."),
                    entries);
  g_autoptr(RlBook) book = NULL;
  g_autofree char *subject = NULL, *body = NULL;
  GError *error = NULL;
  gint64 id;
  gboolean ok;

  if (!rl_cli_parse (context, &argc, &argv) || !parse_action_id (argc, argv, &id))
    return RL_EXIT_USAGE;
  if (file == NULL)
    {
      rl_cli_error (_("--file is required"));
      return RL_EXIT_USAGE;
    }
  if (!read_template_file (file, &subject, &body))
    return RL_EXIT_FAILURE;
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  if (!rl_book_begin (book, &error))
    return commit_or_report (book, FALSE, error, NULL);
  ok = rl_action_set_text (book, id, subject, body, &error);
  if (ok)
    printf (_("Text of action #%lld saved\n"), (long long) id);
  return commit_or_report (book, ok, error, file);
}
