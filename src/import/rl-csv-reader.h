/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What one pass over the raw bytes of a file tells: its checksum and its encoding. */
typedef struct
{
  char     *sha256;          /* hex digest of the whole file */
  guint64   size;
  gboolean  utf8_bom;        /* starts with EF BB BF */
  gboolean  utf16_bom;       /* starts with FF FE or FE FF */
  gboolean  utf16_le;
  gboolean  valid_utf8;      /* the whole file (after a BOM) is valid UTF-8 without NUL bytes */
  gint64    invalid_offset;  /* offset of the first byte that is not UTF-8, or -1 */
  gboolean  has_c1;          /* bytes 0x80 to 0x9F occur (Windows-1252 rather than ISO-8859-15) */
  guint64   n_newlines;      /* LF bytes: about the number of rows, to choose how to load them */
} RlCsvScan;

void         rl_csv_scan_clear        (RlCsvScan    *scan);
gboolean     rl_csv_scan_file         (const char   *path,
                                       RlCsvScan    *scan,
                                       GError      **error);
const char  *rl_csv_scan_guess_encoding (const RlCsvScan *scan);

/* A streaming RFC 4180 reader: records come out one at a time as UTF-8 fields, with the
 * physical line number where each starts. Memory stays bounded by the longest record. */
typedef struct _RlCsvReader RlCsvReader;

RlCsvReader *rl_csv_reader_new        (const char   *path,
                                       const char   *encoding,
                                       const RlCsvScan *scan,
                                       GError      **error);
void         rl_csv_reader_free       (RlCsvReader  *reader);
char         rl_csv_reader_detect_delimiter (RlCsvReader *reader,
                                       GError      **error);
void         rl_csv_reader_set_delimiter (RlCsvReader *reader,
                                       char          delimiter);
void         rl_csv_reader_set_max_record (RlCsvReader *reader,
                                       gsize         max_bytes);
gboolean     rl_csv_reader_next       (RlCsvReader  *reader,
                                       GError      **error);
guint        rl_csv_reader_n_fields   (RlCsvReader  *reader);
char       **rl_csv_reader_fields     (RlCsvReader  *reader);
guint        rl_csv_reader_line       (RlCsvReader  *reader);
guint        rl_csv_reader_error_line (RlCsvReader  *reader);

void         rl_csv_append_record     (GString      *out,
                                       char          delimiter,
                                       const char * const *fields,
                                       guint         n_fields);

/* Shared by the reader and the scan. */
void         _rl_csv_set_io_error     (GError      **error,
                                       const char   *path,
                                       int           saved_errno);
gssize       _rl_csv_read_all         (int           fd,
                                       void         *buf,
                                       gsize         count);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlCsvReader, rl_csv_reader_free)

G_END_DECLS
