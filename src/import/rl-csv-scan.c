/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-import"

#include "config.h"

#include "rl-csv-reader.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/* The checksum and the encoding of a file, in one pass of fixed-size chunks. */

#define CHUNK_SIZE (256 * 1024)

void
rl_csv_scan_clear (RlCsvScan *scan)
{
  g_clear_pointer (&scan->sha256, g_free);
}

/* Length of a UTF-8 sequence cut short at the end of [p, p + n), or 0 if it is not one. */
static gsize
incomplete_utf8_tail (const guint8 *p,
                      gsize         n)
{
  gsize need;

  if (n == 0 || n > 3)
    return 0;
  if (p[0] >= 0xC2 && p[0] <= 0xDF)
    need = 2;
  else if (p[0] >= 0xE0 && p[0] <= 0xEF)
    need = 3;
  else if (p[0] >= 0xF0 && p[0] <= 0xF4)
    need = 4;
  else
    return 0;
  if (n >= need)
    return 0;
  for (gsize i = 1; i < n; i++)
    if ((p[i] & 0xC0) != 0x80)
      return 0;
  return n;
}

/**
 * rl_csv_scan_file:
 *
 * Reads the file once, in chunks: its SHA-256, whether it is UTF-8 (and where it stops being
 * so), whether it has a byte order mark and C1 bytes.
 *
 * Returns: %FALSE with %RL_IMPORT_ERROR_IO if the file cannot be read
 */
gboolean
rl_csv_scan_file (const char  *path,
                  RlCsvScan   *scan,
                  GError     **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buf = g_malloc (CHUNK_SIZE + 4);
  gsize carry = 0;
  guint64 offset = 0;   /* file offset of buf[0] */
  gboolean first = TRUE;
  int fd;

  memset (scan, 0, sizeof *scan);
  scan->valid_utf8 = TRUE;
  scan->invalid_offset = -1;

  fd = g_open (path, O_RDONLY, 0);
  if (fd < 0)
    {
      _rl_csv_set_io_error (error, path, errno);
      return FALSE;
    }

  for (;;)
    {
      gssize n = _rl_csv_read_all (fd, buf + carry, CHUNK_SIZE);
      gsize len, start = 0;

      if (n < 0)
        {
          _rl_csv_set_io_error (error, path, errno);
          close (fd);
          return FALSE;
        }
      if (n == 0)
        break;
      g_checksum_update (sum, buf + carry, n);
      scan->size += n;
      for (const guint8 *q = buf + carry, *e = buf + carry + n;
           (q = memchr (q, '\n', e - q)) != NULL; q++)
        scan->n_newlines++;
      len = carry + n;

      if (first)
        {
          first = FALSE;
          if (len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
            {
              scan->utf8_bom = TRUE;
              start = 3;
            }
          else if (len >= 2 && ((buf[0] == 0xFF && buf[1] == 0xFE)
                                || (buf[0] == 0xFE && buf[1] == 0xFF)))
            {
              scan->utf16_bom = TRUE;
              scan->utf16_le = buf[0] == 0xFF;
              scan->valid_utf8 = FALSE;
            }
        }

      if (!scan->has_c1)
        for (gsize i = carry; i < len; i++)
          if ((buf[i] & 0xE0) == 0x80)
            {
              scan->has_c1 = TRUE;
              break;
            }

      if (scan->valid_utf8)
        {
          const char *p = (const char *) buf + start;
          const char *end;

          carry = 0;
          if (!g_utf8_validate_len (p, len - start, &end))
            {
              gsize tail = len - ((const guint8 *) end - buf);

              carry = incomplete_utf8_tail ((const guint8 *) end, tail);
              if (carry > 0)
                memmove (buf, end, carry);
              else
                {
                  scan->valid_utf8 = FALSE;
                  scan->invalid_offset = offset + ((const guint8 *) end - buf);
                }
            }
        }
      else
        carry = 0;
      offset += len - carry;
    }
  close (fd);

  if (carry > 0 && scan->valid_utf8)
    {
      /* The file ends in the middle of a character. */
      scan->valid_utf8 = FALSE;
      scan->invalid_offset = offset;
    }
  scan->sha256 = g_strdup (g_checksum_get_string (sum));
  return TRUE;
}

/* Returns: the encoding the scan suggests */
const char *
rl_csv_scan_guess_encoding (const RlCsvScan *scan)
{
  if (scan->utf16_bom)
    return scan->utf16_le ? "UTF-16LE" : "UTF-16BE";
  if (scan->valid_utf8 || scan->utf8_bom)
    return "UTF-8";
  if (scan->has_c1)
    return "WINDOWS-1252";
  return "ISO-8859-15";
}
