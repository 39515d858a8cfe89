/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rl-csv-import.h"
#include "rl-fec-private.h"

/* Reading a FEC: separators, encodings, line endings, column spellings and amount styles of
 * DOMAIN.md §3. */

#define MAX_LINE   65536   /* longer lines are refused: no FEC line comes near */
#define MAX_FIELDS 64
#define MAX_BAD    10000   /* problems listed; past this the count only */
#define WINDOW     (8u * 1024 * 1024)  /* bytes read before their pages are given back */

typedef enum
{
  COL_JOURNAL_CODE,
  COL_JOURNAL_LIB,
  COL_ECRITURE_NUM,
  COL_ECRITURE_DATE,
  COL_COMPTE_NUM,
  COL_COMPTE_LIB,
  COL_AUX_NUM,
  COL_AUX_LIB,
  COL_PIECE_REF,
  COL_PIECE_DATE,
  COL_ECRITURE_LIB,
  COL_DEBIT,
  COL_CREDIT,
  COL_LET,
  COL_MONTANT,
  COL_SENS,
  N_COLS
} Col;

/* Header names, lower case, without spaces, dashes or underscores. */
static const char * const col_names[N_COLS] = {
  [COL_JOURNAL_CODE] = "journalcode|codejournal",
  [COL_JOURNAL_LIB] = "journallib|libellejournal",
  [COL_ECRITURE_NUM] = "ecriturenum|numecriture",
  [COL_ECRITURE_DATE] = "ecrituredate|dateecriture",
  [COL_COMPTE_NUM] = "comptenum|numcompte",
  [COL_COMPTE_LIB] = "comptelib|libellecompte",
  [COL_AUX_NUM] = "compauxnum|compteauxnum|compauxnu",
  [COL_AUX_LIB] = "compauxlib|compteauxlib",
  [COL_PIECE_REF] = "pieceref|refpiece",
  [COL_PIECE_DATE] = "piecedate|datepiece",
  [COL_ECRITURE_LIB] = "ecriturelib|libelleecriture",
  [COL_DEBIT] = "debit",
  [COL_CREDIT] = "credit",
  [COL_LET] = "ecriturelet|lettrage",
  [COL_MONTANT] = "montant",
  [COL_SENS] = "sens",
};

typedef struct
{
  const char     *path;
  RlImportReport *report;
  guint           n_bad;
  int             col[N_COLS];
  char           *header[MAX_FIELDS];
  guint           n_header;
  int             last_needed;  /* the last column a line must have */
  char            delimiter;
  gboolean        latin9;
  GIConv          conv;
  /* the current line, split */
  char           *fields[MAX_FIELDS];
  guint           n_fields;
  guint           line;
  GString        *buf;
} Reader;

static void
bad (Reader     *r,
     guint       line,
     int         col,
     const char *format,
     ...) G_GNUC_PRINTF (4, 5);

static void
bad (Reader     *r,
     guint       line,
     int         col,
     const char *format,
     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  r->n_bad++;
  if (r->n_bad > MAX_BAD)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  rl_import_report_add (r->report, r->path, line,
                        col >= 0 && r->col[col] >= 0 ? r->header[r->col[col]] : NULL, message);
}

static char *
trim (char *s)
{
  char *end;

  while (*s == ' ' || *s == '\t' || *s == '"')
    s++;
  end = s + strlen (s);
  while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '"'))
    end--;
  *end = '\0';
  return s;
}

/* Splits @buf in place on the delimiter; fields past MAX_FIELDS stay in the last one. */
static void
split (Reader *r,
       char   *s)
{
  r->n_fields = 0;
  r->fields[r->n_fields++] = s;
  for (char *p = s; *p != '\0' && r->n_fields < MAX_FIELDS; p++)
    if (*p == r->delimiter)
      {
        *p = '\0';
        r->fields[r->n_fields++] = p + 1;
      }
  for (guint i = 0; i < r->n_fields; i++)
    r->fields[i] = trim (r->fields[i]);
}

static const char *
get (Reader *r,
     Col     c)
{
  int i = r->col[c];

  if (i < 0 || (guint) i >= r->n_fields || *r->fields[i] == '\0')
    return NULL;
  return r->fields[i];
}

static char *
normalize_header (const char *h)
{
  GString *s = g_string_new (NULL);
  g_autofree char *plain = g_str_to_ascii (h, "C");

  for (const char *p = plain; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (s, g_ascii_tolower (*p));
  return g_string_free (s, FALSE);
}

static gboolean
read_header (Reader  *r,
             char    *line,
             GError **error)
{
  guint tabs = 0, pipes = 0;

  for (const char *p = line; *p != '\0'; p++)
    {
      tabs += *p == '\t';
      pipes += *p == '|';
    }
  if (tabs == 0 && pipes == 0)
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                   _("%s:%u: not a FEC: the header has neither TAB nor | between its columns"),
                   r->path, r->line);
      return FALSE;
    }
  r->delimiter = tabs >= pipes ? '\t' : '|';
  split (r, line);
  r->n_header = r->n_fields;
  for (guint c = 0; c < N_COLS; c++)
    r->col[c] = -1;
  for (guint i = 0; i < r->n_header; i++)
    {
      g_autofree char *name = normalize_header (r->fields[i]);

      r->header[i] = g_strdup (r->fields[i]);
      for (guint c = 0; c < N_COLS && *name != '\0'; c++)
        {
          g_auto(GStrv) names = g_strsplit (col_names[c], "|", -1);

          if (r->col[c] < 0 && g_strv_contains ((const char * const *) names, name))
            r->col[c] = (int) i;
        }
    }
  r->last_needed = -1;
  for (guint c = 0; c < N_COLS; c++)
    if (c == COL_COMPTE_NUM || c == COL_DEBIT || c == COL_CREDIT || c == COL_MONTANT
        || c == COL_SENS || c == COL_ECRITURE_DATE)
      r->last_needed = MAX (r->last_needed, r->col[c]);
  if (r->col[COL_COMPTE_NUM] < 0
      || (r->col[COL_ECRITURE_DATE] < 0 && r->col[COL_PIECE_DATE] < 0)
      || ((r->col[COL_DEBIT] < 0 || r->col[COL_CREDIT] < 0)
          && (r->col[COL_MONTANT] < 0 || r->col[COL_SENS] < 0)))
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                   _("%s:%u: not a FEC: the header needs CompteNum, EcritureDate, and Debit and "
                     "Credit (or Montant and Sens)"), r->path, r->line);
      return FALSE;
    }
  return TRUE;
}

static RlDay
parse_day (const char *text)
{
  RlDay day = RL_DAY_NONE;

  if (text == NULL)
    return RL_DAY_NONE;
  if (strlen (text) == 8 && strspn (text, "0123456789") == 8)
    {
      int v = atoi (text);

      return rl_day_from_ymd (v / 10000, v / 100 % 100, v % 100);
    }
  if (!rl_day_parse (text, RL_DATE_ORDER_DMY, &day, NULL))
    return RL_DAY_NONE;
  return day;
}

static gboolean
is_sales_journal (const char *code,
                  const char *lib)
{
  g_autofree char *l = lib ? g_utf8_strdown (lib, -1) : NULL;

  if (code != NULL && (code[0] == 'V' || code[0] == 'v'))
    return TRUE;
  return l != NULL && strstr (l, "vente") != NULL;
}

/* The à-nouveaux journal carries the balances of the previous year forward. */
static gboolean
is_opening_journal (const char *code,
                    const char *lib)
{
  g_autofree char *l = lib ? g_utf8_strdown (lib, -1) : NULL;

  if (code != NULL && g_ascii_strncasecmp (code, "AN", 2) == 0)
    return TRUE;
  return l != NULL && strstr (l, "nouveau") != NULL;
}

/* Reads the amounts of the current line: debit positive, credit negative. */
static gboolean
read_amount (Reader  *r,
             RlCents *out)
{
  RlCents debit, credit;
  const char *sens;

  if (r->col[COL_DEBIT] >= 0 && r->col[COL_CREDIT] >= 0)
    {
      if (!rl_import_parse_amount (get (r, COL_DEBIT), &debit))
        {
          bad (r, r->line, COL_DEBIT, _("“%s” is not an amount"), get (r, COL_DEBIT));
          return FALSE;
        }
      if (!rl_import_parse_amount (get (r, COL_CREDIT), &credit))
        {
          bad (r, r->line, COL_CREDIT, _("“%s” is not an amount"), get (r, COL_CREDIT));
          return FALSE;
        }
      *out = debit - credit;
      return TRUE;
    }
  if (!rl_import_parse_amount (get (r, COL_MONTANT), &debit))
    {
      bad (r, r->line, COL_MONTANT, _("“%s” is not an amount"), get (r, COL_MONTANT));
      return FALSE;
    }
  sens = get (r, COL_SENS);
  if (g_strcmp0 (sens, "D") == 0 || g_strcmp0 (sens, "d") == 0 || g_strcmp0 (sens, "+1") == 0
      || g_strcmp0 (sens, "1") == 0)
    *out = debit;
  else if (g_strcmp0 (sens, "C") == 0 || g_strcmp0 (sens, "c") == 0
           || g_strcmp0 (sens, "-1") == 0)
    *out = -debit;
  else
    {
      bad (r, r->line, COL_SENS, _("“%s” is not D, C, +1 or -1"), sens ? sens : "");
      return FALSE;
    }
  return TRUE;
}

static const char *
keep (RlFecFile  *file,
      const char *s)
{
  return s ? g_string_chunk_insert_const (file->strings, s) : NULL;
}

/* Reads one receivable line into @file. */
static void
read_line (Reader     *r,
           RlFecFile  *file)
{
  RlFecLine l = { 0 };
  const char *code = get (r, COL_AUX_NUM);
  const char *name = get (r, COL_AUX_LIB);
  const char *date_text = get (r, COL_PIECE_DATE);
  int date_col = COL_PIECE_DATE;

  if (!read_amount (r, &l.amount))
    return;
  if (date_text == NULL)
    {
      date_text = get (r, COL_ECRITURE_DATE);
      date_col = COL_ECRITURE_DATE;
    }
  l.date = parse_day (date_text);
  if (l.date == RL_DAY_NONE)
    {
      bad (r, r->line, date_col, _("“%s” is not a date (YYYYMMDD)"), date_text ? date_text : "");
      return;
    }
  if (l.amount == 0)
    return;
  if (code == NULL)
    {
      code = get (r, COL_COMPTE_NUM);
      name = get (r, COL_COMPTE_LIB);
    }
  if (!g_utf8_validate (code, -1, NULL) || (name && !g_utf8_validate (name, -1, NULL)))
    {
      bad (r, r->line, -1, _("the text is not in the file's encoding"));
      return;
    }
  l.line = r->line;
  l.owed = -1;
  l.customer_code = keep (file, code);
  l.customer_name = keep (file, name ? name : code);
  l.label = keep (file, get (r, COL_ECRITURE_LIB));
  l.let = keep (file, get (r, COL_LET));
  l.opening = is_opening_journal (get (r, COL_JOURNAL_CODE), get (r, COL_JOURNAL_LIB));
  if (l.amount > 0)
    l.kind = RL_FEC_INVOICE;
  else if (is_sales_journal (get (r, COL_JOURNAL_CODE), get (r, COL_JOURNAL_LIB)))
    l.kind = RL_FEC_CREDIT_NOTE;
  else
    l.kind = RL_FEC_PAYMENT;
  /* The key, for now: the piece reference, or what identifies the line. Made unique later. */
  {
    char day[11];
    const char *piece = get (r, COL_PIECE_REF);

    rl_day_to_iso_buf (l.date, day);
    if (l.kind != RL_FEC_PAYMENT && piece != NULL)
      l.key = keep (file, piece);
    else
      {
        g_autofree char *k = g_strdup_printf ("fec:%s:%s:%s:%s:%s:%" G_GINT64_FORMAT,
                                              get (r, COL_JOURNAL_CODE) ?: "",
                                              get (r, COL_ECRITURE_NUM) ?: "", day, code,
                                              piece ?: "", -l.amount);
        l.key = keep (file, k);
      }
  }
  g_array_append_val (file->lines, l);
}

/* Invoice numbers: the piece reference; when several documents share it, the first in the
 * file keeps it (a FEC is in date order and the next month's repeats this month's lines, so
 * the first stays first) and the others add the customer and the date, then a counter.
 * Payment keys likewise get a counter when repeated. */
static void
make_keys_unique (RlFecFile *file)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < file->lines->len; i++)
    {
      RlFecLine *l = &g_array_index (file->lines, RlFecLine, i);
      g_autofree char *k = NULL;
      guint n;

      if (!g_hash_table_contains (seen, l->key))
        {
          g_hash_table_insert (seen, (gpointer) l->key, GUINT_TO_POINTER (1));
          continue;
        }
      if (l->kind != RL_FEC_PAYMENT)
        {
          char day[11];

          rl_day_to_iso_buf (l->date, day);
          k = g_strdup_printf ("%s/%s/%s", l->key, l->customer_code, day);
        }
      else
        k = g_strdup (l->key);
      n = GPOINTER_TO_UINT (g_hash_table_lookup (seen, k)) + 1;
      g_hash_table_insert (seen, (gpointer) keep (file, k), GUINT_TO_POINTER (n));
      if (n > 1)
        {
          g_autofree char *again = g_strdup_printf ("%s#%u", k, n);

          l->key = keep (file, again);
          g_hash_table_insert (seen, (gpointer) l->key, GUINT_TO_POINTER (1));
        }
      else
        l->key = keep (file, k);
    }
}

static gboolean
starts_with_prefix (const char *account,
                    const char *prefix)
{
  while (*account == ' ' || *account == '"')
    account++;
  return g_str_has_prefix (account, prefix);
}

/* Whether a line may be on a receivable account, from its raw bytes: most lines of a FEC are
 * not, and are skipped without being split. A line too short to have the account column is
 * read whole, to be reported. */
static gboolean
may_be_receivable (Reader     *r,
                   const char *text,
                   gsize       len,
                   const char *prefix)
{
  const char *p = text, *end = text + len;
  gsize n = strlen (prefix);

  for (int col = 0; col < r->col[COL_COMPTE_NUM]; col++)
    {
      p = memchr (p, r->delimiter, end - p);
      if (p == NULL)
        return TRUE;
      p++;
    }
  while (p < end && (*p == ' ' || *p == '"'))
    p++;
  return (gsize) (end - p) >= n && memcmp (p, prefix, n) == 0;
}

/* Handles one physical line (without its end). Returns %FALSE on a fatal problem. */
static gboolean
handle_line (Reader     *r,
             const char *text,
             gsize       len,
             const char *prefix,
             RlFecFile  *file,
             GError    **error)
{
  g_string_truncate (r->buf, 0);
  if (len > MAX_LINE)
    {
      bad (r, r->line, -1, _("line longer than %u bytes"), MAX_LINE);
      return TRUE;
    }
  g_string_append_len (r->buf, text, len);
  if (r->n_header == 0)
    {
      if (len == 0)
        return TRUE;
      if (r->latin9)
        {
          g_autofree char *u = g_convert_with_iconv (text, len, r->conv, NULL, NULL, NULL);

          g_string_assign (r->buf, u ? u : "");
        }
      return read_header (r, r->buf->str, error);
    }
  if (!may_be_receivable (r, text, len, prefix))
    return TRUE;
  split (r, r->buf->str);
  if (r->n_fields == 1 && *r->fields[0] == '\0')
    return TRUE;
  if ((int) r->n_fields <= r->last_needed)
    {
      bad (r, r->line, -1, g_dngettext (GETTEXT_PACKAGE, "%u field where the header has %u",
                                        "%u fields where the header has %u", r->n_fields),
           r->n_fields, r->n_header);
      return TRUE;
    }
  if (get (r, COL_COMPTE_NUM) == NULL || !starts_with_prefix (get (r, COL_COMPTE_NUM), prefix))
    return TRUE;
  if (r->latin9)
    {
      g_autofree char *u = g_convert_with_iconv (text, len, r->conv, NULL, NULL, NULL);

      g_string_assign (r->buf, u ? u : "");
      split (r, r->buf->str);
    }
  r->report->counts.rows++;
  read_line (r, file);
  return TRUE;
}

/* Gives back the pages of the mapped file between @from and @to, read already: a FEC of any
 * size is read with a few megabytes resident (they come back from the page cache if read
 * again). Returns: where the next release starts */
static const char *
release (const char *base,
         const char *from,
         const char *to)
{
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  gsize start = (gsize) (from - base) / page * page;
  gsize stop = (gsize) (to - base) / page * page;

#ifdef MADV_DONTNEED
  if (stop > start)
    madvise ((void *) (base + start), stop - start, MADV_DONTNEED);
#endif
  return base + stop;
}

/* One pass over the file by windows: its checksum, whether it holds NUL bytes (a UTF-16 or
 * binary file), whether it is valid UTF-8 and whether its lines end with LF. */
static gboolean
scan (const char *data,
      gsize       size,
      char        sha256[65],
      gboolean   *valid_utf8,
      gboolean   *has_lf)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *v = data;
  gboolean nul = FALSE;

  *valid_utf8 = TRUE;
  *has_lf = FALSE;
  for (gsize off = 0; off < size && !nul; off += WINDOW)
    {
      gsize n = MIN (WINDOW, size - off);
      const char *w = data + off, *stop;

      g_checksum_update (sum, (const guchar *) w, n);
      nul = memchr (w, '\0', n) != NULL;
      *has_lf = *has_lf || memchr (w, '\n', n) != NULL;
      if (*valid_utf8 && !g_utf8_validate (v, w + n - v, &stop))
        {
          /* A character cut by the window's end is checked whole with the next window. */
          if (w + n - stop < 4 && off + n < size)
            v = stop;
          else
            *valid_utf8 = FALSE;
        }
      else
        v = w + n;
      release (data, w, w + n);
    }
  g_strlcpy (sha256, g_checksum_get_string (sum), 65);
  return !nul;
}

void
rl_fec_file_clear (RlFecFile *file)
{
  g_clear_pointer (&file->lines, g_array_unref);
  g_clear_pointer (&file->strings, g_string_chunk_free);
}

/**
 * rl_fec_read:
 * @prefix: accounts starting with it are receivables
 * @encoding: (nullable): NULL to detect
 *
 * Reads the receivable lines of a FEC. Bad lines are listed in @report's problems.
 *
 * Returns: %FALSE with @error when the file cannot be read, is not a FEC or has bad lines
 */
gboolean
rl_fec_read (const char      *path,
             const char      *prefix,
             const char      *encoding,
             RlFecFile       *file,
             RlImportReport  *report,
             GError         **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *base, *data, *end, *released;
  gboolean valid_utf8, has_lf;
  gsize size;
  char eol;
  Reader r = { .path = path, .report = report, .conv = (GIConv) -1 };
  gboolean ok = FALSE;

  file->lines = g_array_new (FALSE, FALSE, sizeof (RlFecLine));
  file->strings = g_string_chunk_new (64 * 1024);

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_IO, "%s", local_error->message);
      return FALSE;
    }
  base = data = g_mapped_file_get_contents (mapped);
  size = g_mapped_file_get_length (mapped);
  if (size == 0)
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                   _("%s: the file is empty: it needs a header line"), path);
      return FALSE;
    }
  if (!scan (data, size, file->sha256, &valid_utf8, &has_lf))
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_ENCODING,
                   _("%s: not a text file (it holds NUL bytes: UTF-16 or binary)"), path);
      return FALSE;
    }
  if (size >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      size -= 3;
      if (encoding == NULL)
        encoding = "UTF-8";
    }
  if (encoding == NULL)
    encoding = valid_utf8 ? "UTF-8" : "ISO-8859-15";
  if (g_ascii_strcasecmp (encoding, "UTF-8") != 0)
    {
      r.conv = g_iconv_open ("UTF-8", encoding);
      if (r.conv == (GIConv) -1)
        {
          g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_ENCODING,
                       _("%s: unknown encoding “%s”"), path, encoding);
          return FALSE;
        }
      r.latin9 = TRUE;
    }

  r.buf = g_string_new (NULL);
  eol = has_lf ? '\n' : '\r';
  end = data + size;
  released = base;
  for (const char *p = data; p < end;)
    {
      const char *nl = memchr (p, eol, end - p);
      const char *stop = nl ? nl : end;
      const char *e = stop;

      while (e > p && (e[-1] == '\r' || e[-1] == '\n'))
        e--;
      r.line++;
      if (!handle_line (&r, p, e - p, prefix, file, error))
        goto out;
      p = nl ? nl + 1 : end;
      if ((gsize) (p - released) >= WINDOW)
        released = release (base, released, p);
    }
  if (r.n_header == 0)
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                   _("%s: the file is empty: it needs a header line"), path);
      goto out;
    }
  if (r.n_bad > 0)
    {
      if (r.n_bad > MAX_BAD)
        {
          g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "and %u more problem",
                                                                "and %u more problems",
                                                                r.n_bad - MAX_BAD),
                                                   r.n_bad - MAX_BAD);

          rl_import_report_add (report, path, 0, NULL, more);
        }
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_INVALID_ROWS,
                   g_dngettext (GETTEXT_PACKAGE, "%s: %u invalid row", "%s: %u invalid rows",
                                r.n_bad), path, r.n_bad);
      goto out;
    }
  make_keys_unique (file);
  report->detail = g_strdup_printf ("%s, %s, %s", r.delimiter == '\t' ? "TAB" : "|",
                                    r.latin9 ? encoding : "UTF-8",
                                    r.col[COL_DEBIT] >= 0 && r.col[COL_CREDIT] >= 0
                                    ? "Debit/Credit" : "Montant/Sens");
  ok = TRUE;

out:
  if (r.conv != (GIConv) -1)
    g_iconv_close (r.conv);
  for (guint i = 0; i < r.n_header; i++)
    g_free (r.header[i]);
  g_string_free (r.buf, TRUE);
  return ok;
}
