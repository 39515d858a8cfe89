/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relancectl"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "rl-book-letters.h"
#include "rl-cli.h"
#include "rl-engine.h"
#include "rl-letter.h"

/* How letters are printed (logo, signature, envelope window, calibration) and the
 * registered-mail numbers of the letters posted. */

static gboolean
read_image (const char  *path,
            GBytes     **out)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len;

  if (path == NULL)
    return TRUE;
  if (!g_file_get_contents (path, &data, &len, &error))
    {
      rl_cli_error ("%s", error->message);
      return FALSE;
    }
  g_clear_pointer (out, g_bytes_unref);
  *out = g_bytes_new_take (data, len);
  return TRUE;
}

static gboolean
parse_offset (const char *option,
              const char *text,
              int        *out_dmm)
{
  char *end = NULL;
  double mm;

  if (text == NULL)
    return TRUE;
  mm = g_ascii_strtod (text, &end);
  if (*text == '\0' || end == NULL || *end != '\0' || !isfinite (mm)
      || fabs (mm) * 10 > RL_LETTER_OFFSET_MAX)
    {
      rl_cli_error (_("%s: give millimetres between −%d and %d, e.g. 1.5"), option,
                    RL_LETTER_OFFSET_MAX / 10, RL_LETTER_OFFSET_MAX / 10);
      return FALSE;
    }
  *out_dmm = (int) lround (mm * 10);
  return TRUE;
}

static void
replace_str (char       **field,
             const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static void
print_settings (const RlLetterSettings *s)
{
  printf (_("Envelope: %s\n"), s->envelope);
  printf (_("Offset: %+.1f mm horizontally, %+.1f mm vertically\n"), s->offset_x_dmm / 10.0,
          s->offset_y_dmm / 10.0);
  printf (_("Logo: %s\n"), s->logo != NULL ? _("yes") : _("none"));
  printf (_("Signature: %s\n"), s->signature != NULL ? _("yes") : _("none"));
  printf (_("Signatory: %s\n"), s->signatory != NULL ? s->signatory : "");
  printf (_("Signatory’s title: %s\n"), s->signatory_title != NULL ? s->signatory_title : "");
  printf (_("Duplex: %s\n"), s->duplex ? _("yes") : _("no"));
}

int
rl_cli_letter_settings (RlCli  *cli,
                        int     argc,
                        char  **argv)
{
  g_autofree char *logo = NULL, *signature = NULL, *signatory = NULL, *title = NULL;
  g_autofree char *envelope = NULL, *offset_x = NULL, *offset_y = NULL;
  gboolean no_logo = FALSE, no_signature = FALSE, duplex = FALSE, no_duplex = FALSE;
  GOptionEntry entries[] = {
    { "logo", 0, 0, G_OPTION_ARG_FILENAME, &logo, N_("The company’s logo, PNG or SVG"),
      N_("FILE") },
    { "no-logo", 0, 0, G_OPTION_ARG_NONE, &no_logo, N_("Print letters without a logo"), NULL },
    { "signature", 0, 0, G_OPTION_ARG_FILENAME, &signature,
      N_("The signature, a PNG image"), N_("FILE") },
    { "no-signature", 0, 0, G_OPTION_ARG_NONE, &no_signature,
      N_("Print letters without a signature image"), NULL },
    { "signatory", 0, 0, G_OPTION_ARG_STRING, &signatory, N_("Who signs the letters"),
      N_("NAME") },
    { "signatory-title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The signatory’s position"),
      N_("TEXT") },
    { "envelope", 0, 0, G_OPTION_ARG_STRING, &envelope,
      N_("The envelope window: fr (right, French), din (left, DIN 5008) or ch (right, Swiss)"),
      N_("KIND") },
    { "offset-x", 0, 0, G_OPTION_ARG_STRING, &offset_x,
      N_("Move the address right (or left, negative), in millimetres"), N_("MM") },
    { "offset-y", 0, 0, G_OPTION_ARG_STRING, &offset_y,
      N_("Move the address down (or up, negative), in millimetres"), N_("MM") },
    { "duplex", 0, 0, G_OPTION_ARG_NONE, &duplex,
      N_("Start each letter of a batch on an odd page, for two-sided printing"), NULL },
    { "no-duplex", 0, 0, G_OPTION_ARG_NONE, &no_duplex, N_("One-sided printing"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (NULL, _("Show or change how letters are printed."), entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(RlLetterSettings) s = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!rl_cli_parse (context, &argc, &argv) || !rl_cli_no_arguments (argc, argv))
    return RL_EXIT_USAGE;
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  s = rl_book_get_letter_settings (book, &error);
  if (s == NULL)
    return rl_cli_report_error (error);
  if (logo == NULL && !no_logo && signature == NULL && !no_signature && signatory == NULL
      && title == NULL && envelope == NULL && offset_x == NULL && offset_y == NULL && !duplex
      && !no_duplex)
    {
      print_settings (s);
      return RL_EXIT_OK;
    }

  if (!parse_offset ("--offset-x", offset_x, &s->offset_x_dmm)
      || !parse_offset ("--offset-y", offset_y, &s->offset_y_dmm))
    return RL_EXIT_USAGE;
  if (no_logo)
    g_clear_pointer (&s->logo, g_bytes_unref);
  if (no_signature)
    g_clear_pointer (&s->signature, g_bytes_unref);
  if (!read_image (logo, &s->logo) || !read_image (signature, &s->signature))
    return RL_EXIT_FAILURE;
  if (signatory != NULL)
    replace_str (&s->signatory, *signatory != '\0' ? signatory : NULL);
  if (title != NULL)
    replace_str (&s->signatory_title, *title != '\0' ? title : NULL);
  if (envelope != NULL)
    replace_str (&s->envelope, envelope);
  if (duplex || no_duplex)
    s->duplex = duplex;

  /* An image the letters could not print is refused now, not on the day of the batch. */
  {
    g_autoptr(RlLetterWriter) check = rl_letter_writer_new (s, NULL, rl_day_today (), &error);

    if (check == NULL)
      return rl_cli_report_error (error);
  }
  if (!rl_book_begin (book, &error))
    return rl_cli_report_error (error);
  ok = rl_book_set_letter_settings (book, s, &error);
  if (ok)
    print_settings (s);
  return rl_cli_commit_or_report (book, ok, g_steal_pointer (&error));
}

int
rl_cli_registered (RlCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *received_text = NULL, *on_text = NULL;
  GOptionEntry entries[] = {
    { "received", 0, 0, G_OPTION_ARG_STRING, &received_text,
      N_("The date on the acknowledgement of receipt, once it has come back"), N_("DATE") },
    { "on", 0, 0, G_OPTION_ARG_STRING, &on_text,
      N_("The day the letter was posted, when it is still approved (today)"), N_("DATE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (_("ACTION-ID NUMBER"),
                    _("Record the registered-mail number of a registered letter (it is then "
                      "done) and, later, the date its acknowledgement of receipt came back."),
                    entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(GError) error = NULL;
  RlDay received = RL_DAY_NONE, on;
  gint64 id;
  gboolean ok;

  if (!rl_cli_parse (context, &argc, &argv))
    return RL_EXIT_USAGE;
  if (argc != 3)
    {
      rl_cli_error ("%s", _("give an action number and the registered-mail number"));
      return RL_EXIT_USAGE;
    }
  if (!rl_cli_parse_action_id (argv[1], &id) || !rl_cli_parse_as_of (on_text, &on))
    return RL_EXIT_USAGE;
  if (received_text != NULL && !rl_day_parse (received_text, RL_DATE_ORDER_DMY, &received, &error))
    {
      rl_cli_error (_("--received: %s"), error->message);
      return RL_EXIT_USAGE;
    }
  book = rl_cli_open_book_to_change (cli);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  ok = rl_book_set_registered (book, id, argv[2], received, on, &error);
  if (ok)
    {
      g_autoptr(RlAction) a = rl_book_get_action (book, id, NULL);

      if (a != NULL && a->received_on != RL_DAY_NONE)
        {
          g_autofree char *date = rl_cli_date (cli, a->received_on);

          printf (_("Action #%lld: registered letter %s, received on %s.\n"), (long long) id,
                  a->registered_number, date);
        }
      else if (a != NULL)
        printf (_("Action #%lld: registered letter %s, acknowledgement of receipt not yet back.\n"),
                (long long) id, a->registered_number);
    }
  return rl_cli_commit_or_report (book, ok, g_steal_pointer (&error));
}
