/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relancectl"

#include "config.h"

#include "rl-cli.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "rl-error.h"

/**
 * rl_cli_error:
 *
 * Prints one line "relancectl: message" on standard error.
 */
void
rl_cli_error (const char *format,
              ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "relancectl: %s\n", msg);
}

int
rl_cli_report_error (const GError *error)
{
  rl_cli_error ("%s", error->message);
  return RL_EXIT_FAILURE;
}

RlBook *
rl_cli_open_book (RlCli           *cli,
                  RlBookOpenFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *actor = NULL;
  RlBook *book;

  if (flags & RL_BOOK_OPEN_CREATE)
    {
      g_autofree char *dir = g_path_get_dirname (cli->book_path);

      g_mkdir_with_parents (dir, 0700);
    }
  book = rl_book_open (cli->book_path, flags, &error);
  if (book == NULL)
    {
      rl_cli_report_error (error);
      return NULL;
    }
  actor = g_strdup_printf ("cli:%s", g_get_user_name ());
  rl_book_set_actor (book, actor);
  return book;
}

/* Opens the book and begins the command's transaction: NULL after saying why. */
RlBook *
rl_cli_open_book_to_change (RlCli *cli)
{
  g_autoptr(RlBook) book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  g_autoptr(GError) error = NULL;

  if (book == NULL)
    return NULL;
  if (!rl_book_begin (book, &error))
    {
      rl_cli_report_error (error);
      return NULL;
    }
  return g_steal_pointer (&book);
}

GOptionContext *
rl_cli_context (const char   *parameter,
                const char   *summary,
                GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameter);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

gboolean
rl_cli_parse (GOptionContext   *context,
              int              *argc,
              char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      rl_cli_error ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

/* The customer with this code, or NULL after saying why on standard error. */
RlCustomer *
rl_cli_find_customer (RlBook     *book,
                      const char *code)
{
  g_autoptr(GError) error = NULL;
  RlCustomer *c = rl_book_find_customer (book, code, &error);

  if (c == NULL && error != NULL)
    rl_cli_report_error (error);
  else if (c == NULL)
    rl_cli_error (_("no customer with code “%s”"), code);
  return c;
}

gint64
rl_cli_customer_id (RlBook     *book,
                    const char *code)
{
  g_autoptr(RlCustomer) c = rl_cli_find_customer (book, code);

  return c ? c->id : 0;
}

/**
 * rl_cli_commit_or_report:
 * @ok: whether the command's changes succeeded
 * @error: (transfer full) (nullable): why they did not
 *
 * Ends a command's transaction: committed when @ok, otherwise rolled back and @error reported.
 *
 * Returns: the command's exit status
 */
int
rl_cli_commit_or_report (RlBook  *book,
                         gboolean ok,
                         GError  *error)
{
  g_autoptr(GError) owned = error;

  if (!ok)
    {
      rl_book_rollback (book);
      return owned != NULL ? rl_cli_report_error (owned) : RL_EXIT_FAILURE;
    }
  if (!rl_book_commit (book, &owned))
    return rl_cli_report_error (owned);
  return RL_EXIT_OK;
}

/* An action's number on the command line: a positive whole number. */
gboolean
rl_cli_parse_action_id (const char *text,
                        gint64     *out)
{
  char *end = NULL;
  gint64 v = text != NULL ? g_ascii_strtoll (text, &end, 10) : 0;

  if (text == NULL || *text == '\0' || *end != '\0' || v <= 0)
    {
      rl_cli_error (_("“%s” is not an action number"), text ? text : "");
      return FALSE;
    }
  *out = v;
  return TRUE;
}

/* For commands that take only options: complains about anything left on the line. */
gboolean
rl_cli_no_arguments (int    argc,
                     char **argv)
{
  if (argc <= 1)
    return TRUE;
  rl_cli_error (_("unexpected argument “%s”"), argv[1]);
  return FALSE;
}

/* Reads --as-of: an ISO or French date, or "today". */
gboolean
rl_cli_parse_as_of (const char *text,
                    RlDay      *out_day)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL || g_str_equal (text, "today"))
    {
      *out_day = rl_day_today ();
      return TRUE;
    }
  if (!rl_day_parse (text, RL_DATE_ORDER_DMY, out_day, &error))
    {
      rl_cli_error (_("--as-of: %s"), error->message);
      return FALSE;
    }
  return TRUE;
}

char *
rl_cli_money (RlCli   *cli,
              RlCents  cents)
{
  return rl_money_format (cents, "EUR", cli->language);
}

char *
rl_cli_date (RlCli *cli,
             RlDay  day)
{
  return rl_day_format_short (day, cli->language);
}

void
rl_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  printf ("%s\n", text);
}

/* Money in JSON is an integer count of cents: exact, and the same in every locale. */
void
rl_cli_json_money (JsonBuilder *builder,
                   const char  *member,
                   RlCents      cents)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, cents);
}

void
rl_cli_json_day (JsonBuilder *builder,
                 const char  *member,
                 RlDay        day)
{
  json_builder_set_member_name (builder, member);
  if (day == RL_DAY_NONE)
    json_builder_add_null_value (builder);
  else
    {
      char buf[11];

      rl_day_to_iso_buf (day, buf);
      json_builder_add_string_value (builder, buf);
    }
}

void
rl_cli_json_string (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

/* Tables */

struct _RlCliTable
{
  guint       n_columns;
  GPtrArray  *rows;      /* of char ** (n_columns strings) */
  gboolean   *right;
};

static GPtrArray *
collect_cells (guint       n,
               const char *first,
               va_list     args)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (cells, g_strdup (first ? first : ""));
  for (guint i = 1; i < n; i++)
    {
      const char *s = va_arg (args, const char *);

      g_ptr_array_add (cells, g_strdup (s ? s : ""));
    }
  return cells;
}

RlCliTable *
rl_cli_table_new (guint       n_columns,
                  const char *first_header,
                  ...)
{
  RlCliTable *t = g_new0 (RlCliTable, 1);
  va_list args;

  t->n_columns = n_columns;
  t->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  t->right = g_new0 (gboolean, n_columns);
  va_start (args, first_header);
  g_ptr_array_add (t->rows, collect_cells (n_columns, first_header, args));
  va_end (args);
  return t;
}

void
rl_cli_table_right (RlCliTable *t,
                    guint       column)
{
  g_return_if_fail (column < t->n_columns);
  t->right[column] = TRUE;
}

void
rl_cli_table_add (RlCliTable *t,
                  const char *first_cell,
                  ...)
{
  va_list args;

  va_start (args, first_cell);
  g_ptr_array_add (t->rows, collect_cells (t->n_columns, first_cell, args));
  va_end (args);
}

static glong
display_width (const char *s)
{
  glong w = 0;
  const char *p = s;

  /* Most cells are plain ASCII: a column each. */
  while (*p != '\0' && (guchar) *p < 0x80)
    p++;
  if (*p == '\0')
    return p - s;
  for (p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      w += g_unichar_iswide (c) ? 2 : 1;
    }
  return w;
}

void
rl_cli_table_print (RlCliTable *t)
{
  g_autofree glong *widths = g_new0 (glong, t->n_columns);
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint r = 0; r < t->rows->len; r++)
    {
      GPtrArray *cells = g_ptr_array_index (t->rows, r);

      for (guint c = 0; c < t->n_columns; c++)
        widths[c] = MAX (widths[c], display_width (g_ptr_array_index (cells, c)));
    }
  for (guint r = 0; r < t->rows->len; r++)
    {
      GPtrArray *cells = g_ptr_array_index (t->rows, r);
      gboolean blank = TRUE;

      for (guint c = 0; c < t->n_columns && blank; c++)
        blank = *(const char *) g_ptr_array_index (cells, c) == '\0';
      /* A table without headers starts with its first row. */
      if (r == 0 && blank)
        continue;
      g_string_truncate (line, 0);
      for (guint c = 0; c < t->n_columns; c++)
        {
          const char *s = g_ptr_array_index (cells, c);
          glong pad = widths[c] - display_width (s);
          gboolean last = c + 1 == t->n_columns;

          if (c > 0)
            g_string_append (line, "  ");
          if (t->right[c])
            for (glong k = 0; k < pad; k++)
              g_string_append_c (line, ' ');
          g_string_append (line, s);
          if (!t->right[c] && !last)
            for (glong k = 0; k < pad; k++)
              g_string_append_c (line, ' ');
        }
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      printf ("%s\n", line->str);
    }
}

void
rl_cli_table_free (RlCliTable *t)
{
  if (t == NULL)
    return;
  g_ptr_array_unref (t->rows);
  g_free (t->right);
  g_free (t);
}
