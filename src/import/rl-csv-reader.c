/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-import"

#include "config.h"

#include "rl-csv-reader.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "rl-csv-import.h"

#define CHUNK_SIZE (256 * 1024)
#define DEFAULT_MAX_RECORD (16 * 1024 * 1024)

typedef enum
{
  PENDING_NONE,
  PENDING_NOT_UTF8,
  PENDING_BAD_BYTE,
  PENDING_TRUNCATED,
} PendingKind;

struct _RlCsvReader
{
  int          fd;
  char        *encoding;
  GIConv       conv;             /* (GIConv) -1 when the file is UTF-8 already */
  gint64       invalid_offset;   /* UTF-8: where the bytes stop being UTF-8, or -1 */
  guint64      raw_offset;       /* file offset of the next byte to read */

  char        *raw;              /* iconv: bytes read, not yet converted */
  gsize        raw_len;
  gboolean     raw_eof;

  char        *buf;              /* UTF-8 text not yet tokenized: [pos, len) */
  gsize        buf_size;
  gsize        len;
  gsize        pos;
  gboolean     eof;
  PendingKind  pending;          /* an encoding error right after the data in buf */
  guint8       pending_byte;

  char         delimiter;
  guint8       special[256];     /* bytes that stop an unquoted run */
  guint8       quoted_special[256];
  guint        line;             /* physical line at pos, from 1 */
  gboolean     after_cr;         /* the last line break was a CR: a LF now is part of it */
  guint        record_line;
  guint        error_line;       /* where the last error was found */
  gsize        max_record;

  GString     *data;             /* the fields of the current record, each NUL-terminated */
  GArray      *starts;           /* (element-type gsize) */
  GPtrArray   *fields;           /* (element-type utf8): pointers into data, NULL-terminated */
};

/* Helpers shared with rl-csv-scan.c */

void
_rl_csv_set_io_error (GError    **error,
                      const char *path,
                      int         saved_errno)
{
  g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_IO, _("%s: %s"), path,
               g_strerror (saved_errno));
}

gssize
_rl_csv_read_all (int    fd,
                  void  *buf,
                  gsize  count)
{
  gssize n;

  do
    n = read (fd, buf, count);
  while (n < 0 && errno == EINTR);
  return n;
}

/* The reader */

static gboolean
is_utf8_name (const char *encoding)
{
  return g_ascii_strcasecmp (encoding, "UTF-8") == 0 || g_ascii_strcasecmp (encoding, "UTF8") == 0;
}

/**
 * rl_csv_reader_new:
 * @encoding: the file's encoding
 * @scan: what rl_csv_scan_file() found (byte order mark, where UTF-8 stops being valid)
 *
 * Returns: (transfer full): a reader at the start of the file, or %NULL with
 *   %RL_IMPORT_ERROR_IO or %RL_IMPORT_ERROR_ENCODING
 */
RlCsvReader *
rl_csv_reader_new (const char       *path,
                   const char       *encoding,
                   const RlCsvScan  *scan,
                   GError          **error)
{
  g_autoptr(RlCsvReader) r = g_new0 (RlCsvReader, 1);
  guint64 skip = 0;

  r->fd = -1;
  r->conv = (GIConv) -1;
  r->invalid_offset = -1;
  r->line = 1;
  r->max_record = DEFAULT_MAX_RECORD;
  r->encoding = g_strdup (encoding);
  r->data = g_string_sized_new (1024);
  r->starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  r->fields = g_ptr_array_new ();

  if (is_utf8_name (encoding))
    {
      r->invalid_offset = scan->valid_utf8 ? -1 : MAX (scan->invalid_offset, 0);
      skip = scan->utf8_bom ? 3 : 0;
    }
  else
    {
      r->conv = g_iconv_open ("UTF-8", encoding);
      if (r->conv == (GIConv) -1)
        {
          g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_ENCODING,
                       _("%s: unknown encoding “%s”"), path, encoding);
          return NULL;
        }
      if (scan->utf16_bom && g_ascii_strncasecmp (encoding, "UTF-16", 6) == 0)
        skip = 2;
      r->raw = g_malloc (CHUNK_SIZE + 16);
    }

  r->fd = g_open (path, O_RDONLY, 0);
  if (r->fd < 0 || (skip > 0 && lseek (r->fd, skip, SEEK_SET) < 0))
    {
      _rl_csv_set_io_error (error, path, errno);
      return NULL;
    }
  r->raw_offset = skip;
  rl_csv_reader_set_delimiter (r, ';');
  return g_steal_pointer (&r);
}

void
rl_csv_reader_free (RlCsvReader *r)
{
  if (r == NULL)
    return;
  if (r->fd >= 0)
    close (r->fd);
  if (r->conv != (GIConv) -1)
    g_iconv_close (r->conv);
  g_free (r->encoding);
  g_free (r->raw);
  g_free (r->buf);
  g_string_free (r->data, TRUE);
  g_array_unref (r->starts);
  g_ptr_array_unref (r->fields);
  g_free (r);
}

void
rl_csv_reader_set_delimiter (RlCsvReader *r,
                             char         delimiter)
{
  r->delimiter = delimiter;
  memset (r->special, 0, sizeof r->special);
  memset (r->quoted_special, 0, sizeof r->quoted_special);
  r->special[(guint8) delimiter] = 1;
  r->special['"'] = r->special['\r'] = r->special['\n'] = r->special[0] = 1;
  r->quoted_special['"'] = r->quoted_special['\r'] = r->quoted_special['\n'] = 1;
  r->quoted_special[0] = 1;
}

/* Bounds the memory a record may take (an unclosed quote would swallow the file). */
void
rl_csv_reader_set_max_record (RlCsvReader *r,
                              gsize        max_bytes)
{
  r->max_record = max_bytes;
}

static gboolean
raise_pending (RlCsvReader  *r,
               GError      **error)
{
  switch (r->pending)
    {
    case PENDING_NOT_UTF8:
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_ENCODING,
                   _("the text is not valid UTF-8 (choose the file’s encoding)"));
      break;
    case PENDING_BAD_BYTE:
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_ENCODING,
                   _("byte 0x%02X is not valid in %s (choose the file’s encoding)"),
                   r->pending_byte, r->encoding);
      break;
    case PENDING_TRUNCATED:
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_ENCODING,
                   _("the file ends in the middle of a character"));
      break;
    case PENDING_NONE:
    default:
      g_assert_not_reached ();
    }
  r->error_line = r->line;
  return FALSE;
}

/* Reads UTF-8 bytes straight into buf. */
static gssize
fill_utf8 (RlCsvReader *r)
{
  gsize want = CHUNK_SIZE;
  gssize n;

  if (r->invalid_offset >= 0)
    {
      if ((gint64) r->raw_offset >= r->invalid_offset)
        {
          r->pending = PENDING_NOT_UTF8;
          return 0;
        }
      want = MIN ((guint64) want, (guint64) r->invalid_offset - r->raw_offset);
    }
  n = _rl_csv_read_all (r->fd, r->buf + r->len, want);
  if (n > 0)
    {
      r->raw_offset += n;
      r->len += n;
    }
  else if (n == 0)
    r->eof = TRUE;
  return n;
}

/* Reads raw bytes and converts them to UTF-8 into buf. */
static gssize
fill_iconv (RlCsvReader *r)
{
  char *in, *out;
  gsize in_left, out_left, added;
  gsize res;

  if (!r->raw_eof)
    {
      gssize n = _rl_csv_read_all (r->fd, r->raw + r->raw_len, CHUNK_SIZE);

      if (n < 0)
        return -1;
      if (n == 0)
        r->raw_eof = TRUE;
      r->raw_len += n;
      r->raw_offset += n;
    }
  in = r->raw;
  in_left = r->raw_len;
  out = r->buf + r->len;
  out_left = r->buf_size - r->len;
  res = g_iconv (r->conv, &in, &in_left, &out, &out_left);
  added = out - (r->buf + r->len);
  r->len += added;
  if (res == (gsize) -1 && errno == EILSEQ)
    {
      r->pending = PENDING_BAD_BYTE;
      r->pending_byte = (guint8) *in;
    }
  else if (res == (gsize) -1 && errno == EINVAL && r->raw_eof)
    r->pending = PENDING_TRUNCATED;
  memmove (r->raw, in, in_left);
  r->raw_len = in_left;
  if (r->raw_eof && in_left == 0 && r->pending == PENDING_NONE)
    r->eof = TRUE;
  return added;
}

/* Appends more text to buf, keeping [pos, len). Returns %FALSE at the end of the data, with
 * @error set if the data stops because of an error. */
static gboolean
fill (RlCsvReader  *r,
      GError      **error)
{
  if (r->pos > 0)
    {
      memmove (r->buf, r->buf + r->pos, r->len - r->pos);
      r->len -= r->pos;
      r->pos = 0;
    }
  for (;;)
    {
      gsize need = r->len + 4 * CHUNK_SIZE + 16;
      gssize n;

      if (r->pending != PENDING_NONE)
        return raise_pending (r, error);
      if (r->eof)
        return FALSE;
      if (r->buf_size < need)
        {
          r->buf_size = MAX (need, 2 * r->buf_size);
          r->buf = g_realloc (r->buf, r->buf_size);
        }
      n = r->conv == (GIConv) -1 ? fill_utf8 (r) : fill_iconv (r);
      if (n < 0)
        {
          g_set_error_literal (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_IO, g_strerror (errno));
          r->error_line = r->line;
          return FALSE;
        }
      if (n > 0)
        return TRUE;
    }
}

/**
 * rl_csv_reader_detect_delimiter:
 *
 * Looks at the first line that is not empty, without consuming it, and counts ';', ',' and
 * TAB outside quotes: the one that gives the most fields wins (';' on a tie, or if there is
 * none at all).
 *
 * Returns: the delimiter, or 0 with @error set
 */
char
rl_csv_reader_detect_delimiter (RlCsvReader  *r,
                                GError      **error)
{
  static const char candidates[] = { ';', '\t', ',' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0 };
  gboolean quoted = FALSE, content = FALSE;
  gsize i = 0;  /* offset from pos */
  char best = ';';
  guint best_count = 0;

  for (;;)
    {
      char c;

      if (r->pos + i == r->len)
        {
          g_autoptr(GError) local_error = NULL;

          if (i > r->max_record || !fill (r, &local_error))
            {
              if (local_error != NULL)
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  return 0;
                }
              break;
            }
        }
      c = r->buf[r->pos + i++];
      if (c == '"')
        quoted = !quoted;
      else if (!quoted && (c == '\r' || c == '\n'))
        {
          if (content)
            break;
          continue;
        }
      else if (!quoted)
        for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
          if (c == candidates[k])
            counts[k]++;
      content = TRUE;
    }
  for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
    if (counts[k] > best_count)
      {
        best = candidates[k];
        best_count = counts[k];
      }
  rl_csv_reader_set_delimiter (r, best);
  return best;
}

typedef enum
{
  FIELD_START,
  UNQUOTED,
  QUOTED,
  QUOTE_IN_QUOTED,
} TokState;

static void
end_field (RlCsvReader *r)
{
  gsize start;

  g_string_append_c (r->data, '\0');
  start = r->data->len;
  g_array_append_val (r->starts, start);
}

static void
end_record (RlCsvReader *r)
{
  g_string_append_c (r->data, '\0');
  g_ptr_array_set_size (r->fields, 0);
  for (guint i = 0; i < r->starts->len; i++)
    g_ptr_array_add (r->fields, r->data->str + g_array_index (r->starts, gsize, i));
  g_ptr_array_add (r->fields, NULL);
}

/**
 * rl_csv_reader_next:
 *
 * Reads the next record that is not an empty line.
 *
 * Returns: %TRUE with a record; %FALSE at the end of the file, or with @error set
 *   (%RL_IMPORT_ERROR_FORMAT for an unclosed quote or a record that is too long,
 *   %RL_IMPORT_ERROR_ENCODING, %RL_IMPORT_ERROR_IO)
 */
gboolean
rl_csv_reader_next (RlCsvReader  *r,
                    GError      **error)
{
  TokState state = FIELD_START;
  gboolean any = FALSE;
  gsize zero = 0;

  g_string_truncate (r->data, 0);
  g_array_set_size (r->starts, 0);
  g_array_append_val (r->starts, zero);

  for (;;)
    {
      const guint8 *buf;
      gsize p;
      guint8 c;

      if (r->pos == r->len)
        {
          g_autoptr(GError) local_error = NULL;

          if (!fill (r, &local_error))
            {
              if (local_error != NULL)
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  return FALSE;
                }
              if (state == QUOTED)
                {
                  g_set_error_literal (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                                       _("a quoted field is not closed at the end of the file: "
                                         "the file may be truncated"));
                  r->error_line = r->record_line;
                  return FALSE;
                }
              if (!any)
                return FALSE;
              end_record (r);
              return TRUE;
            }
        }

      buf = (const guint8 *) r->buf;
      c = buf[r->pos];
      if (!any)
        {
          if (c == '\n' && r->after_cr)
            {
              r->after_cr = FALSE;
              r->pos++;
              continue;
            }
          r->record_line = r->line;
        }
      if (G_UNLIKELY (r->data->len > r->max_record))
        {
          g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                       _("the record is longer than %lu bytes: a quote may not be closed"),
                       (unsigned long) r->max_record);
          r->error_line = r->record_line;
          return FALSE;
        }

      if (state == QUOTED)
        {
          for (p = r->pos; p < r->len && !r->quoted_special[buf[p]]; p++)
            ;
          if (p > r->pos)
            {
              g_string_append_len (r->data, r->buf + r->pos, p - r->pos);
              r->pos = p;
              r->after_cr = FALSE;
              continue;
            }
          r->pos++;
          switch (c)
            {
            case '"':
              state = QUOTE_IN_QUOTED;
              r->after_cr = FALSE;
              break;
            case '\r':
              g_string_append_c (r->data, c);
              r->line++;
              r->after_cr = TRUE;
              break;
            case '\n':
              g_string_append_c (r->data, c);
              if (!r->after_cr)
                r->line++;
              r->after_cr = FALSE;
              break;
            default:
              goto nul_byte;
            }
          continue;
        }

      if (state == QUOTE_IN_QUOTED)
        {
          if (c == '"')
            {
              g_string_append_c (r->data, '"');
              r->pos++;
              state = QUOTED;
              continue;
            }
          /* The quote closed the field; anything up to the delimiter is kept as is. */
          state = UNQUOTED;
        }

      if (state == FIELD_START && c == '"')
        {
          r->pos++;
          state = QUOTED;
          any = TRUE;
          r->after_cr = FALSE;
          continue;
        }

      for (p = r->pos; p < r->len && !r->special[buf[p]]; p++)
        ;
      if (p > r->pos)
        {
          g_string_append_len (r->data, r->buf + r->pos, p - r->pos);
          r->pos = p;
          state = UNQUOTED;
          any = TRUE;
          r->after_cr = FALSE;
          continue;
        }
      r->pos++;
      if (c == (guint8) r->delimiter)
        {
          end_field (r);
          state = FIELD_START;
          any = TRUE;
          r->after_cr = FALSE;
        }
      else if (c == '\r' || c == '\n')
        {
          r->line++;
          r->after_cr = c == '\r';
          if (any)
            {
              end_record (r);
              return TRUE;
            }
        }
      else if (c == '"')
        {
          /* A quote inside an unquoted field is an ordinary character. */
          g_string_append_c (r->data, '"');
          state = UNQUOTED;
          any = TRUE;
          r->after_cr = FALSE;
        }
      else
        goto nul_byte;
    }

nul_byte:
  g_set_error_literal (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_ENCODING,
                       _("the file contains a NUL byte: it is not a text file"));
  r->error_line = r->line;
  return FALSE;
}

guint
rl_csv_reader_n_fields (RlCsvReader *r)
{
  return r->fields->len > 0 ? r->fields->len - 1 : 0;
}

/* Returns: (transfer none): the fields of the current record, NULL-terminated; they may be
 *   modified in place (trimmed) until the next record */
char **
rl_csv_reader_fields (RlCsvReader *r)
{
  return (char **) r->fields->pdata;
}

/* Returns: the physical line where the last error of rl_csv_reader_next() was found */
guint
rl_csv_reader_error_line (RlCsvReader *r)
{
  return r->error_line;
}

/* Returns: the physical line number where the current record starts */
guint
rl_csv_reader_line (RlCsvReader *r)
{
  return r->record_line;
}

/**
 * rl_csv_append_record:
 *
 * Appends one record to @out as RFC 4180 CSV, quoting where needed, ending with CRLF.
 */
void
rl_csv_append_record (GString             *out,
                      char                 delimiter,
                      const char * const  *fields,
                      guint                n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const char *f = fields[i] ? fields[i] : "";
      gsize n = strlen (f);
      gboolean quote = n > 0 && (f[0] == ' ' || f[n - 1] == ' ');

      for (const char *p = f; *p != '\0' && !quote; p++)
        quote = *p == delimiter || *p == '"' || *p == '\r' || *p == '\n';
      if (i > 0)
        g_string_append_c (out, delimiter);
      if (!quote)
        {
          g_string_append_len (out, f, n);
          continue;
        }
      g_string_append_c (out, '"');
      for (const char *p = f; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  g_string_append (out, "\r\n");
}
