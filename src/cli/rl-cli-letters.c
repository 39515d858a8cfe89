/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relancectl"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "rl-action-text.h"
#include "rl-book-letters.h"
#include "rl-cli.h"
#include "rl-engine.h"
#include "rl-epc.h"
#include "rl-letter-parts.h"
#include "rl-letter-pool.h"
#include "rl-letter.h"
#include "rl-pdf-merge.h"

/* Printed letters: the day's batch of approved letter actions, one letter, an account
 * statement and the calibration page (the letter settings: rl-cli-letter-settings.c). Every
 * letter printed is kept in the book: the batch whole, each letter as its pages in it, or a
 * letter printed alone with its own PDF. */

static RlLetterWriter *
open_writer (RlBook      *book,
             const char  *batch_path,
             RlDay        as_of,
             GError     **error)
{
  g_autoptr(RlLetterSettings) settings = rl_book_get_letter_settings (book, error);

  if (settings == NULL)
    return NULL;
  return rl_letter_writer_new (settings, batch_path, as_of, error);
}

/* A letter of a batch kept whole, recorded once the batch is in the book. */
typedef struct
{
  gint64  action_id;
  gint64  customer_id;
  char   *kind;
  int     pages;
  int     first_page;
} BatchLetter;

static void
batch_letter_clear (gpointer p)
{
  g_free (((BatchLetter *) p)->kind);
}

static void
batch_letter_free (BatchLetter *letter)
{
  batch_letter_clear (letter);
  g_free (letter);
}

/* Reads from the book the letter of an action, refusing an action that is no letter. */
static RlActionDocument *
read_letter (RlBook   *book,
             gint64    action_id,
             RlDay     as_of,
             GError  **error)
{
  g_autoptr(RlActionDocument) doc = rl_action_render_document (book, action_id, as_of, error);

  if (doc == NULL)
    return NULL;
  if (doc->channel != RL_CHANNEL_LETTER && doc->channel != RL_CHANNEL_REGISTERED_LETTER
      && g_strcmp0 (doc->template_key, "thank_you") != 0)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE,
                   _("action #%lld is not a letter but a message by %s"), (long long) action_id,
                   rl_channel_label (doc->channel));
      return NULL;
    }
  return g_steal_pointer (&doc);
}

/* Writes a letter's own PDF to @path when given and keeps it in the book. */
static gboolean
keep_letter (RlBook       *book,
             const char   *path,
             gint64        action_id,
             gint64        customer_id,
             const char   *kind,
             RlDay         as_of,
             int           pages,
             GBytes       *pdf,
             GError      **error)
{
  return (path == NULL || rl_letter_save (path, pdf, error))
         && rl_book_record_letter (book, action_id, customer_id, kind, as_of, pages, pdf,
                                   error) != 0;
}

/* Prints one action's letter as a PDF of its own, written to @path and, with @keep, kept in
 * the book. */
static gboolean
print_action (RlBook          *book,
              RlLetterWriter  *writer,
              gint64           action_id,
              RlDay            as_of,
              const char      *path,
              int             *out_pages,
              gboolean         keep,
              GError         **error)
{
  g_autoptr(RlActionDocument) doc = read_letter (book, action_id, as_of, error);
  g_autoptr(GBytes) pdf = NULL;

  if (doc == NULL || !rl_letter_writer_add_action (writer, doc, &pdf, out_pages, error))
    return FALSE;
  if (!keep)
    return rl_letter_save (path, pdf, error);
  return keep_letter (book, path, action_id, doc->customer->id, doc->template_key, as_of,
                      *out_pages, pdf, error);
}

/* A batch on its way: letters are drawn on worker threads, read from the book and kept in
 * it here, in order. */
typedef struct
{
  RlBook         *book;
  RlLetterWriter *writer;
  RlLetterPool   *pool;
  const char     *out_dir;
  const char     *iso;
  RlDay           as_of;
  gboolean        keep_approved;
  gboolean        split;          /* a PDF per letter too */
  GArray         *batch_letters;  /* (element-type BatchLetter): the batch kept whole */
  guint           printed;
  guint           failed;
  /* Where the time goes, in µs (G_MESSAGES_DEBUG=relancectl): reading the letters from the
   * book, waiting for them to be drawn and putting them into the batch, keeping them. */
  gint64          reading;
  gint64          drawing;
  gint64          keeping;
} Batch;

/* How many letters may be drawn ahead of the one kept next, per worker thread: enough to
 * keep the workers busy, few enough for memory not to grow with the batch. */
#define LETTERS_AHEAD 4

/* How many worker threads draw the letters (RELANCE_LETTER_THREADS to choose; 0: each letter
 * drawn into the batch in the main thread): one per processor. With a PDF per letter, the
 * letters' own PDFs are most of the work, and each is drawn on its own. The batch alone is
 * drawn in parts, one per thread, joined at the end: replaying into one batch the pages
 * workers recorded would cost its thread about what drawing them there does. */
static guint
letter_threads (void)
{
  const char *env = g_getenv ("RELANCE_LETTER_THREADS");

  if (env != NULL)
    return (guint) g_ascii_strtoull (env, NULL, 10);
  return g_get_num_processors ();
}

/* A part of a batch has at least this many letters, each worker making its own writer
 * (RELANCE_LETTERS_PER_PART to choose, for tests). */
static guint
letters_per_part (void)
{
  const char *env = g_getenv ("RELANCE_LETTERS_PER_PART");

  if (env != NULL)
    return MAX ((guint) g_ascii_strtoull (env, NULL, 10), 1);
  return 16;
}

/* Keeps the next letter drawn: in the batch, its file and the book, then marked done. */
static void
keep_next (Batch *b)
{
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  guint first_page = rl_letter_writer_get_batch_pages (b->writer) + 1;
  BatchLetter *letter = NULL;
  gint64 start = g_get_monotonic_time (), popped;
  gboolean ok;
  int pages = 0;

  ok = rl_letter_pool_pop (b->pool, (gpointer *) &letter, b->batch_letters ? NULL : &pdf, &pages,
                           &error);
  popped = g_get_monotonic_time ();
  b->drawing += popped - start;
  /* The pool wrote the letter's own file. */
  if (ok && b->batch_letters == NULL)
    ok = keep_letter (b->book, NULL, letter->action_id, letter->customer_id, letter->kind,
                      b->as_of, pages, pdf, &error);
  if (ok && !b->keep_approved)
    ok = rl_book_set_action_state (b->book, letter->action_id, RL_ACTION_DONE, NULL, b->as_of,
                                   &error);
  if (ok)
    {
      b->printed++;
      letter->first_page = (int) first_page;
      letter->pages = pages;
      if (b->batch_letters != NULL)
        {
          g_array_append_val (b->batch_letters, *letter);
          letter->kind = NULL;
        }
    }
  else
    {
      /* A letter that cannot be printed (an address too long) does not stop the others. */
      b->failed++;
      rl_cli_error (_("action #%lld: %s"), (long long) letter->action_id, error->message);
    }
  batch_letter_free (letter);
  b->keeping += g_get_monotonic_time () - popped;
}

/* Reads each letter from the book and hands it to the workers, keeping those drawn. */
static void
print_batch (Batch  *b,
             GArray *ids)
{
  guint ahead = LETTERS_AHEAD * MAX (rl_letter_pool_get_threads (b->pool), 1);

  for (guint i = 0; i < ids->len; i++)
    {
      BatchLetter *letter = g_new0 (BatchLetter, 1);
      gint64 start = g_get_monotonic_time ();
      GError *error = NULL;
      RlActionDocument *doc;

      letter->action_id = g_array_index (ids, gint64, i);
      doc = read_letter (b->book, letter->action_id, b->as_of, &error);
      b->reading += g_get_monotonic_time () - start;
      if (doc == NULL)
        rl_letter_pool_push_error (b->pool, error, letter);
      else
        {
          g_autofree char *name = g_strdup_printf ("letter-%s-%lld.pdf", b->iso,
                                                   (long long) letter->action_id);
          g_autofree char *path = g_build_filename (b->out_dir, name, NULL);
          gboolean split = b->batch_letters == NULL;

          letter->customer_id = doc->customer->id;
          letter->kind = g_strdup (doc->template_key);
          rl_letter_pool_push_action (b->pool, doc, split, split ? path : NULL, letter);
        }
      while (rl_letter_pool_get_pending (b->pool) >= ahead)
        keep_next (b);
    }
  while (rl_letter_pool_get_pending (b->pool) > 0)
    keep_next (b);
  g_debug ("%u letters: %.2f s reading the book, %.2f s waiting for letters and drawing them "
           "into the batch, %.2f s keeping them", ids->len, b->reading / 1e6, b->drawing / 1e6,
           b->keeping / 1e6);
}

/* Keeps a letter drawn into its part of the batch: marked done, and its pages noted. */
static void
keep_part_letter (Batch         *b,
                  RlLetterParts *parts,
                  BatchLetter   *letter,
                  guint          index)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time (), drawn;
  int pages = 0;
  gboolean ok = rl_letter_parts_wait (parts, index, &pages, &error);

  drawn = g_get_monotonic_time ();
  b->drawing += drawn - start;
  if (ok && !b->keep_approved)
    ok = rl_book_set_action_state (b->book, letter->action_id, RL_ACTION_DONE, NULL, b->as_of,
                                   &error);
  if (ok)
    {
      b->printed++;
      letter->pages = pages;
    }
  else
    {
      b->failed++;
      rl_cli_error (_("action #%lld: %s"), (long long) letter->action_id, error->message);
    }
  b->keeping += g_get_monotonic_time () - drawn;
}

/* Each letter's own PDF, its pages taken from its part of the batch, written to its file: the
 * same bytes as taken again from the batch kept in the book (reprint_action()). */
static gboolean
write_own_pdfs (Batch          *b,
                RlLetterParts  *parts,
                BatchLetter    *letters,
                guint           n,
                GError        **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_full (n, g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("letter-%s-%lld.pdf", b->iso,
                                               (long long) letters[i].action_id);

      g_ptr_array_add (paths, letters[i].pages > 0 ? g_build_filename (b->out_dir, name, NULL)
                                                   : NULL);
    }
  return rl_letter_parts_save_letters (parts, (const char * const *) paths->pdata, error);
}

/* The batch drawn in parts by the workers: reads the letters from the book for each part in
 * turn and marks them done as they are drawn, then joins the parts and fills
 * b->batch_letters, the batch to keep whole in the book with each letter as its pages in it.
 * Unless b->split is FALSE (--no-split), each letter's own PDF is written too. */
static gboolean
print_batch_in_parts (Batch          *b,
                      GArray         *ids,
                      RlLetterParts  *parts,
                      GError        **error)
{
  guint ahead = LETTERS_AHEAD * rl_letter_parts_get_parts (parts), kept = 0;
  g_autofree BatchLetter *letters = g_new0 (BatchLetter, MAX (ids->len, 1));

  for (guint n = 0; n < ids->len; n++)
    {
      guint i = rl_letter_parts_get_index (parts, n);
      gint64 start = g_get_monotonic_time ();
      GError *read_error = NULL;
      RlActionDocument *doc;

      letters[i].action_id = g_array_index (ids, gint64, i);
      doc = read_letter (b->book, letters[i].action_id, b->as_of, &read_error);
      b->reading += g_get_monotonic_time () - start;
      if (doc == NULL)
        rl_letter_parts_push_error (parts, i, read_error);
      else
        {
          letters[i].customer_id = doc->customer->id;
          letters[i].kind = g_strdup (doc->template_key);
          rl_letter_parts_push_action (parts, i, doc);
        }
      for (; kept + ahead <= n + 1; kept++)
        {
          guint k = rl_letter_parts_get_index (parts, kept);

          keep_part_letter (b, parts, &letters[k], k);
        }
    }
  for (; kept < ids->len; kept++)
    {
      guint k = rl_letter_parts_get_index (parts, kept);

      keep_part_letter (b, parts, &letters[k], k);
    }
  g_debug ("%u letters in %u parts: %.2f s reading the book, %.2f s waiting for letters to be "
           "drawn, %.2f s keeping them", ids->len, rl_letter_parts_get_parts (parts),
           b->reading / 1e6, b->drawing / 1e6, b->keeping / 1e6);
  if (!rl_letter_parts_finish (parts, error))
    {
      for (guint i = 0; i < ids->len; i++)
        batch_letter_clear (&letters[i]);
      return FALSE;
    }
  if (b->split && !write_own_pdfs (b, parts, letters, ids->len, error))
    {
      for (guint i = 0; i < ids->len; i++)
        batch_letter_clear (&letters[i]);
      return FALSE;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      if (letters[i].pages == 0)
        batch_letter_clear (&letters[i]);
      else
        {
          letters[i].first_page = (int) rl_letter_parts_get_first_page (parts, i);
          g_array_append_val (b->batch_letters, letters[i]);
        }
    }
  return TRUE;
}

/* Keeps the batch whole in the book, then its letters as their pages in it. */
static gboolean
record_batch (RlBook      *book,
              const char  *path,
              RlDay        as_of,
              int          pages,
              GArray      *letters,
              GError     **error)
{
  gint64 batch_id = rl_book_record_letter_batch (book, as_of, pages, path, error);

  if (batch_id == 0)
    return FALSE;
  for (guint i = 0; i < letters->len; i++)
    {
      const BatchLetter *l = &g_array_index (letters, BatchLetter, i);

      if (rl_book_record_batch_letter (book, batch_id, l->first_page, l->action_id,
                                       l->customer_id, l->kind, l->pages, error) == 0)
        return FALSE;
    }
  return TRUE;
}

int
rl_cli_letters (RlCli  *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *as_of_text = NULL, *out_dir = NULL;
  gboolean again = FALSE, no_split = FALSE, keep_approved = FALSE;
  GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, N_("The day of the letters (today)"),
      N_("DATE") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_dir,
      N_("The folder to write the PDF files to (the current folder)"), N_("DIR") },
    { "again", 0, 0, G_OPTION_ARG_NONE, &again,
      N_("Print again the letters already printed"), NULL },
    { "no-split", 0, 0, G_OPTION_ARG_NONE, &no_split,
      N_("Write only the batch, no PDF per letter: the book keeps the batch whole and each "
         "letter as its pages in it"), NULL },
    { "keep-approved", 0, 0, G_OPTION_ARG_NONE, &keep_approved,
      N_("Leave the letters approved, to mark them done when posted (by default, printing "
         "marks them done on the day of the letters)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (NULL, _("Print the approved letters of a day: one PDF with every letter, "
                            "each on a new sheet, and one PDF per letter."), entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(RlLetterWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *iso = NULL, *batch_name = NULL, *batch_path = NULL;
  g_autoptr(GArray) to_print = NULL;
  g_autoptr(GArray) batch_letters = NULL;
  g_autoptr(RlLetterSettings) settings = NULL;
  g_autoptr(RlLetterParts) parts = NULL;
  Batch b = { 0 };
  guint threads, batch_pages;
  gint64 start, drawn, recorded;
  RlDay as_of;
  int status;

  if (!rl_cli_parse (context, &argc, &argv) || !rl_cli_no_arguments (argc, argv)
      || !rl_cli_parse_as_of (as_of_text, &as_of))
    return RL_EXIT_USAGE;
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  to_print = rl_book_list_letter_actions (book, again, &error);
  if (to_print == NULL)
    return rl_cli_report_error (error);
  if (to_print->len == 0)
    {
      printf ("%s\n", _("No letter to print."));
      return RL_EXIT_OK;
    }

  /* Every reminder says how to pay: without the company's IBAN, none can be printed. */
  {
    g_autoptr(RlCompany) company = rl_book_get_company (book, &error);
    g_autofree char *iban = NULL;

    if (company == NULL)
      return rl_cli_report_error (error);
    if (!rl_iban_normalize (company->iban, &iban, &error))
      {
        rl_cli_error (_("no letter printed: the company’s bank details are needed (%s)"),
                      error->message);
        return RL_EXIT_FAILURE;
      }
  }
  if (out_dir == NULL)
    out_dir = g_strdup (".");
  if (g_mkdir_with_parents (out_dir, 0700) != 0)
    {
      rl_cli_error (_("%s: cannot create the folder"), out_dir);
      return RL_EXIT_FAILURE;
    }
  iso = rl_day_to_iso (as_of);
  batch_name = g_strdup_printf ("letters-%s.pdf", iso);
  batch_path = g_build_filename (out_dir, batch_name, NULL);
  settings = rl_book_get_letter_settings (book, &error);
  if (settings == NULL)
    return rl_cli_report_error (error);
  threads = letter_threads ();
  /* The book keeps the batch whole, each letter as its pages in it, unless each letter's
   * own PDF is drawn apart (in the main thread, RELANCE_LETTER_THREADS=0). */
  if (no_split || threads > 0)
    {
      batch_letters = g_array_new (FALSE, FALSE, sizeof (BatchLetter));
      g_array_set_clear_func (batch_letters, batch_letter_clear);
    }
  if (threads > 0)
    parts = rl_letter_parts_new (settings, batch_path, as_of, to_print->len,
                                 MIN (threads, MAX (to_print->len / letters_per_part (), 1)),
                                 &error);
  else
    writer = rl_letter_writer_new (settings, batch_path, as_of, &error);
  if ((parts == NULL && writer == NULL) || !rl_book_begin (book, &error))
    return rl_cli_report_error (error);

  start = g_get_monotonic_time ();
  b.book = book;
  b.writer = writer;
  b.out_dir = out_dir;
  b.iso = iso;
  b.as_of = as_of;
  b.keep_approved = keep_approved;
  b.split = !no_split;
  b.batch_letters = batch_letters;
  if (parts != NULL)
    {
      if (!print_batch_in_parts (&b, to_print, parts, &error))
        return rl_cli_commit_or_report (book, FALSE, g_steal_pointer (&error));
      batch_pages = rl_letter_parts_get_pages (parts);
    }
  else
    {
      /* Here threads is 0 (RELANCE_LETTER_THREADS=0): each letter drawn in the main thread. */
      b.pool = rl_letter_pool_new (writer, settings, as_of, 0);
      print_batch (&b, to_print);
      g_clear_pointer (&b.pool, rl_letter_pool_free);
      if (!rl_letter_writer_finish (writer, &error))
        return rl_cli_commit_or_report (book, FALSE, g_steal_pointer (&error));
      batch_pages = rl_letter_writer_get_batch_pages (writer);
    }
  drawn = g_get_monotonic_time ();
  if (batch_letters != NULL && b.printed > 0
      && !record_batch (book, batch_path, as_of, batch_pages, batch_letters, &error))
    return rl_cli_commit_or_report (book, FALSE, g_steal_pointer (&error));
  recorded = g_get_monotonic_time ();
  status = rl_cli_commit_or_report (book, TRUE, NULL);
  if (status != RL_EXIT_OK)
    return status;
  g_debug ("%.2f s to draw the letters and join the parts, %.2f s to keep the batch in the "
           "book, %.2f s to commit", (drawn - start) / 1e6, (recorded - drawn) / 1e6,
           (g_get_monotonic_time () - recorded) / 1e6);
  if (b.printed == 0)
    {
      /* Not a blank page left behind to be taken for the day's letters. */
      g_unlink (batch_path);
      printf ("%s\n", _("No letter printed."));
      return RL_EXIT_FAILURE;
    }
  printf (g_dngettext (GETTEXT_PACKAGE, "%u letter, %u pages: %s\n",
                       "%u letters, %u pages: %s\n", b.printed),
          b.printed, batch_pages, batch_path);
  return b.failed > 0 ? RL_EXIT_FAILURE : RL_EXIT_OK;
}

/* What "letter" and "statement" share: one argument, --as-of and --out. */
typedef struct
{
  char     *as_of_text;
  char     *out;
  RlDay     as_of;
  gboolean  keep_approved;    /* "letter" only */
} OneLetter;

static int
parse_one_letter (int          *argc,
                  char       ***argv,
                  const char   *parameter,
                  const char   *summary,
                  const char   *as_of_help,
                  const char   *out_help,
                  const char   *missing,
                  gboolean      with_keep_approved,
                  OneLetter    *one)
{
  GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &one->as_of_text, as_of_help, N_("DATE") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &one->out, out_help, N_("FILE") },
    { "keep-approved", 0, 0, G_OPTION_ARG_NONE, &one->keep_approved,
      N_("Print a copy only: leave the letter approved (by default, printing marks it done on "
         "the day of the letter)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;

  if (!with_keep_approved)
    entries[2] = entries[3];
  context = rl_cli_context (parameter, summary, entries);
  if (!rl_cli_parse (context, argc, argv))
    return RL_EXIT_USAGE;
  if (*argc != 2)
    {
      rl_cli_error ("%s", missing);
      return RL_EXIT_USAGE;
    }
  return rl_cli_parse_as_of (one->as_of_text, &one->as_of) ? RL_EXIT_OK : RL_EXIT_USAGE;
}

/* Says where the letter went and ends the command's transaction. */
static int
end_one_letter (RlBook     *book,
                gboolean    ok,
                int         pages,
                const char *out,
                GError     *error)
{
  if (ok)
    printf (g_dngettext (GETTEXT_PACKAGE, "%d page: %s\n", "%d pages: %s\n", pages), pages, out);
  return rl_cli_commit_or_report (book, ok, error);
}

static void
one_letter_clear (OneLetter *one)
{
  g_free (one->as_of_text);
  g_free (one->out);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OneLetter, one_letter_clear)

/* The pages of a letter kept in a batch, as a PDF of their own: the same bytes as the
 * letter's own PDF written with the batch. %NULL, with no error, for a batch they cannot be
 * taken from (not as this version writes them). */
static GBytes *
letter_from_batch (RlBook                *book,
                   const RlLetterRecord  *letter,
                   GError               **error)
{
  int first_page = 0;
  g_autoptr(GBytes) batch = rl_book_get_letter_pdf (book, letter->id, &first_page, error);
  g_autoptr(RlPdfFile) file = NULL;

  if (batch == NULL)
    return NULL;
  file = rl_pdf_file_new_from_bytes (batch, NULL);
  if (file == NULL || first_page < 1 || letter->pages < 1
      || (guint) (first_page - 1 + letter->pages) > rl_pdf_file_get_pages (file))
    return NULL;
  return rl_pdf_file_extract (file, (guint) first_page, (guint) letter->pages);
}

/* A letter done already is printed again as it was last printed: its own PDF kept in the
 * book, or, when it lives in a batch, its pages taken from the batch (drawn again on the day
 * of that batch when they cannot be). A reprint is no new sending: the book is left as it
 * was, unless it kept no copy of the letter at all (done by hand), which this first copy
 * then is. */
static gboolean
reprint_action (RlBook          *book,
                const RlAction  *action,
                OneLetter       *one,
                int             *out_pages,
                GError         **error)
{
  g_autoptr(GPtrArray) letters = rl_book_list_letters (book, action->id, error);
  g_autoptr(RlLetterWriter) writer = NULL;
  const RlLetterRecord *last;

  if (letters == NULL)
    return FALSE;
  last = letters->len > 0 ? g_ptr_array_index (letters, letters->len - 1) : NULL;
  if (last != NULL)
    {
      GError *local_error = NULL;
      g_autoptr(GBytes) pdf = last->batch_id == 0
                              ? rl_book_get_letter_pdf (book, last->id, NULL, &local_error)
                              : letter_from_batch (book, last, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      *out_pages = last->pages;
      if (pdf != NULL)
        return rl_letter_save (one->out, pdf, error);
    }
  if (last != NULL)
    one->as_of = last->as_of;
  writer = open_writer (book, NULL, one->as_of, error);
  return writer != NULL
         && print_action (book, writer, action->id, one->as_of, one->out, out_pages,
                          last == NULL, error);
}

int
rl_cli_letter (RlCli  *cli,
               int     argc,
               char  **argv)
{
  g_auto(OneLetter) one = { 0 };
  g_autoptr(RlBook) book = NULL;
  g_autoptr(RlLetterWriter) writer = NULL;
  g_autoptr(RlAction) action = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;
  int pages = 0, status;
  gboolean ok;

  status = parse_one_letter (&argc, &argv, _("ACTION-ID"),
                             _("Print one letter action as a PDF and mark it done; a letter "
                               "done already is printed again as it was."),
                             N_("The day of the letter (today)"),
                             N_("The PDF file to write (letter-ACTION-ID.pdf)"),
                             _("give one action number"), TRUE, &one);
  if (status != RL_EXIT_OK || !rl_cli_parse_action_id (argv[1], &id))
    return RL_EXIT_USAGE;
  if (one.out == NULL)
    one.out = g_strdup_printf ("letter-%lld.pdf", (long long) id);
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  action = rl_book_get_action (book, id, &error);
  if (action == NULL || !rl_book_begin (book, &error))
    return rl_cli_report_error (error);
  if (action->state == RL_ACTION_DONE)
    ok = reprint_action (book, action, &one, &pages, &error);
  else if (action->state != RL_ACTION_APPROVED && !one.keep_approved)
    {
      g_autoptr(RlActionDocument) doc = read_letter (book, id, one.as_of, &error);

      /* Said before anything is written, since printing marks the letter done. */
      if (doc != NULL)
        g_set_error (&error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE,
                     _("action #%lld is %s, not approved: approve it first, or print a copy "
                       "with --keep-approved"), (long long) id,
                     rl_action_state_label (action->state));
      ok = FALSE;
    }
  else
    ok = (writer = open_writer (book, NULL, one.as_of, &error)) != NULL
         && print_action (book, writer, id, one.as_of, one.out, &pages, TRUE, &error)
         && (one.keep_approved
             || rl_book_set_action_state (book, id, RL_ACTION_DONE, NULL, one.as_of, &error));
  return end_one_letter (book, ok, pages, one.out, g_steal_pointer (&error));
}

int
rl_cli_statement (RlCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_auto(OneLetter) one = { 0 };
  g_autoptr(RlBook) book = NULL;
  g_autoptr(RlLetterWriter) writer = NULL;
  g_autoptr(RlStatement) st = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  gint64 customer_id;
  int pages = 0, status;
  gboolean ok;

  status = parse_one_letter (&argc, &argv, _("CUSTOMER"),
                             _("Print a customer’s account statement as a PDF: every open item, "
                               "the latest payments and the balance."),
                             N_("The day of the statement (today)"),
                             N_("The PDF file to write (statement-CUSTOMER.pdf)"),
                             _("give one customer code"), FALSE, &one);
  if (status != RL_EXIT_OK)
    return status;
  if (one.out == NULL)
    one.out = g_strdup_printf ("statement-%s.pdf", argv[1]);
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL || (customer_id = rl_cli_customer_id (book, argv[1])) == 0)
    return RL_EXIT_FAILURE;
  st = rl_book_get_statement (book, customer_id, one.as_of, &error);
  if (st == NULL || (writer = open_writer (book, NULL, one.as_of, &error)) == NULL)
    return rl_cli_report_error (error);
  if (!rl_book_begin (book, &error))
    return rl_cli_report_error (error);
  ok = rl_letter_writer_add_statement (writer, st, &pdf, &pages, &error)
       && rl_letter_save (one.out, pdf, &error)
       && rl_book_record_letter (book, 0, customer_id, "statement", one.as_of, pages, pdf,
                                 &error) != 0;
  return end_one_letter (book, ok, pages, one.out, g_steal_pointer (&error));
}

int
rl_cli_calibration_page (RlCli  *cli,
                         int     argc,
                         char  **argv)
{
  g_autofree char *out = NULL;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The PDF file to write (calibration.pdf)"),
      N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rl_cli_context (NULL, _("Print a page to check where the address falls in your window "
                            "envelopes."), entries);
  g_autoptr(RlBook) book = NULL;
  g_autoptr(RlLetterWriter) writer = NULL;
  g_autoptr(RlCompany) company = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;

  if (!rl_cli_parse (context, &argc, &argv) || !rl_cli_no_arguments (argc, argv))
    return RL_EXIT_USAGE;
  if (out == NULL)
    out = g_strdup ("calibration.pdf");
  book = rl_cli_open_book (cli, RL_BOOK_OPEN_DEFAULT);
  if (book == NULL)
    return RL_EXIT_FAILURE;
  if ((writer = open_writer (book, NULL, rl_day_today (), &error)) == NULL)
    return rl_cli_report_error (error);
  company = rl_book_get_company (book, &error);
  if (company == NULL || !rl_letter_writer_add_calibration (writer, company, &pdf, NULL, &error)
      || !rl_letter_save (out, pdf, &error))
    return rl_cli_report_error (error);
  printf ("%s\n", out);
  return RL_EXIT_OK;
}
