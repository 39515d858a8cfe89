/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-letters"

#include "config.h"

#include "rl-pdf-merge.h"

#include <errno.h>
#include <glib/gprintf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rl-postal.h"

/* Joins PDF files written by cairo into one, their pages one after another: what lets a day's
 * batch be drawn in parts, one per processor. Only the plain files cairo 1.16 writes are read
 * (objects in order with a cross-reference table, one flat page tree, a catalogue naming
 * nothing but it): their objects are copied as they are, renumbered, streams untouched, under
 * a new page tree. Each part keeps its own font subsets, so the pages look exactly as drawn. */

typedef struct
{
  guint   number;
  gsize   start;      /* of "N 0 obj" */
  gsize   end;        /* just past the object's last byte */
} Object;

typedef struct
{
  GMappedFile *file;
  GBytes      *bytes;     /* or the PDF in memory */
  const char  *data;
  gsize        len;
  GArray      *objects;   /* (element-type Object), by their place in the file */
  guint        size;      /* the cross-reference table's size: numbers are below it */
  guint        root, info, pages;
  GArray      *kids;      /* (element-type guint): the pages, in order */
  guint       *renumber;  /* joining parts: old number → new one, 0 when dropped */
  guint       *place;     /* number → its place in objects, plus one; 0: none */
} Part;

static void
part_clear (Part *p)
{
  g_clear_pointer (&p->file, g_mapped_file_unref);
  g_clear_pointer (&p->bytes, g_bytes_unref);
  g_clear_pointer (&p->objects, g_array_unref);
  g_clear_pointer (&p->kids, g_array_unref);
  g_clear_pointer (&p->renumber, g_free);
  g_clear_pointer (&p->place, g_free);
}

static int
compare_objects (gconstpointer a,
                 gconstpointer b)
{
  gsize x = ((const Object *) a)->start, y = ((const Object *) b)->start;

  return x < y ? -1 : x > y;
}

/* The first occurrence of @needle in [@from, @to) of the part, or NULL. */
static const char *
find (const Part  *p,
      gsize        from,
      gsize        to,
      const char  *needle)
{
  return g_strstr_len (p->data + from, (gssize) (to - from), needle);
}

static const Object *
object (const Part *p,
        guint       number)
{
  if (number >= p->size || p->place[number] == 0)
    return NULL;
  return &g_array_index (p->objects, Object, p->place[number] - 1);
}

/* The number of the reference that follows @key in the object @number ("/Pages 1 0 R"). */
static guint
reference_after (const Part *p,
                 gsize       from,
                 gsize       to,
                 const char *key)
{
  const char *at = find (p, from, to, key);
  guint64 n = 0;

  if (at != NULL)
    n = g_ascii_strtoull (at + strlen (key), NULL, 10);
  return n <= G_MAXUINT ? (guint) n : 0;
}

/* Reads the cross-reference table, the trailer, the catalogue and the page tree. */
static gboolean
part_read (Part *p)
{
  const char *at, *end = p->data + p->len;
  const Object *catalog, *pages;
  char *next;
  guint64 xref, first, count;

  /* "startxref\nOFFSET\n%%EOF" at the end. */
  at = g_strrstr_len (p->data + (p->len > 64 ? p->len - 64 : 0), MIN (p->len, 64), "startxref");
  if (at == NULL)
    return FALSE;
  xref = g_ascii_strtoull (at + strlen ("startxref"), NULL, 10);
  if (xref + 5 >= p->len || memcmp (p->data + xref, "xref", 4) != 0)
    return FALSE;
  first = g_ascii_strtoull (p->data + xref + 4, &next, 10);
  count = g_ascii_strtoull (next, &next, 10);
  if (first != 0 || count < 2 || count > G_MAXUINT / 2)
    return FALSE;
  while (next < end && g_ascii_isspace (*next))
    next++;
  if ((gsize) (end - next) < count * 20)
    return FALSE;
  p->size = (guint) count;
  p->objects = g_array_new (FALSE, FALSE, sizeof (Object));
  for (guint n = 1; n < count; n++)
    {
      const char *entry = next + n * 20;
      Object o = { n, g_ascii_strtoull (entry, NULL, 10), 0 };

      if (entry[17] != 'n')
        continue;
      if (o.start >= xref)
        return FALSE;
      g_array_append_val (p->objects, o);
    }
  g_array_sort (p->objects, compare_objects);
  p->place = g_new0 (guint, count);
  for (guint i = 0; i < p->objects->len; i++)
    {
      Object *o = &g_array_index (p->objects, Object, i);

      p->place[o->number] = i + 1;

      o->end = i + 1 < p->objects->len ? g_array_index (p->objects, Object, i + 1).start : xref;
      if (g_ascii_strtoull (p->data + o->start, NULL, 10) != o->number)
        return FALSE;
    }

  at = find (p, xref, p->len, "trailer");
  if (at == NULL)
    return FALSE;
  p->root = reference_after (p, at - p->data, p->len, "/Root ");
  p->info = reference_after (p, at - p->data, p->len, "/Info ");
  catalog = object (p, p->root);
  if (catalog == NULL)
    return FALSE;
  p->pages = reference_after (p, catalog->start, catalog->end, "/Pages ");
  /* A catalogue with outlines, names or tags would need more than a new page tree. */
  if (find (p, catalog->start, catalog->end, "/Outlines") != NULL
      || find (p, catalog->start, catalog->end, "/Names") != NULL
      || find (p, catalog->start, catalog->end, "/StructTreeRoot") != NULL
      || find (p, catalog->start, catalog->end, "/PageLabels") != NULL)
    return FALSE;
  pages = object (p, p->pages);
  if (pages == NULL || (at = find (p, pages->start, pages->end, "/Kids [")) == NULL)
    return FALSE;
  p->kids = g_array_new (FALSE, FALSE, sizeof (guint));
  next = (char *) at + strlen ("/Kids [");
  for (;;)
    {
      guint64 kid;
      char *after;

      while (next < end && g_ascii_isspace (*next))
        next++;
      if (next >= end || *next == ']')
        break;
      kid = g_ascii_strtoull (next, &after, 10);
      if (after == next || strncmp (after, " 0 R", 4) != 0 || kid >= count)
        return FALSE;
      g_array_append_val (p->kids, kid);
      next = after + 4;
    }
  return p->pages != 0 && object (p, p->info) != NULL;
}

/* Where a new PDF goes: a file, or memory. */
typedef struct
{
  FILE       *file;
  GByteArray *bytes;
} Out;

static void
out_write (Out        *out,
           const void *data,
           gsize       len)
{
  if (out->file != NULL)
    fwrite (data, 1, len, out->file);
  else
    g_byte_array_append (out->bytes, data, (guint) len);
}

G_GNUC_PRINTF (2, 3)
static void
out_printf (Out        *out,
            const char *format,
            ...)
{
  g_autofree char *text = NULL;
  va_list args;
  int len;

  va_start (args, format);
  len = g_vasprintf (&text, format, args);
  va_end (args);
  out_write (out, text, (gsize) len);
}

/* A number, without printf's work: a letter's own PDF renumbers some thousand references. */
static void
out_uint (Out   *out,
          guint  n)
{
  char digits[16];
  int i = G_N_ELEMENTS (digits);

  do
    digits[--i] = (char) ('0' + n % 10);
  while ((n /= 10) > 0);
  out_write (out, digits + i, G_N_ELEMENTS (digits) - (gsize) i);
}

static goffset
out_tell (Out *out)
{
  return out->file != NULL ? ftello (out->file) : (goffset) out->bytes->len;
}

/* Finds the next reference ("12 0 R") in [*pos, len) of @data: its number and where its
 * digits are. Looks for the R first: a font's dictionary holds hundreds of numbers (its
 * widths) and few references. */
static gboolean
next_reference (const char *data,
                gsize       len,
                gsize      *pos,
                gsize      *start,
                gsize      *end,
                guint64    *number)
{
  gsize i = *pos;
  const char *r;

  while (i < len && (r = memchr (data + i, 'R', len - i)) != NULL)
    {
      gsize k = (gsize) (r - data), j;

      i = k + 1;
      /* " 0 R", not followed by a letter or digit ("/Resources"), after digits */
      if (k < *pos + 4 || memcmp (data + k - 3, " 0 ", 3) != 0 || !g_ascii_isdigit (data[k - 4])
          || (k + 1 < len && g_ascii_isalnum (data[k + 1])))
        continue;
      for (j = k - 4; j > *pos && g_ascii_isdigit (data[j - 1]); j--)
        ;
      /* … that stand alone: not the end of a name or of a number ("/F1 0 R", "1.5 0 R") */
      if (j > 0 && (g_ascii_isalnum (data[j - 1]) || strchr ("./-+", data[j - 1]) != NULL))
        continue;
      *start = j;
      *end = k - 3;
      *pos = k + 1;
      *number = g_ascii_strtoull (data + j, NULL, 10);
      return TRUE;
    }
  *pos = len;
  return FALSE;
}

/* The part of an object that may hold references: all of it, or what is before its stream;
 * sets *@stream to the stream's data and what follows it, or NULL. */
static gsize
object_head (const Part    *p,
             const Object  *o,
             const char   **stream)
{
  const char *data = p->data + o->start;
  gsize len = o->end - o->start;
  const char *at = g_strstr_len (data, (gssize) len, ">>\nstream\n");

  *stream = NULL;
  if (at == NULL)
    return len;
  at += strlen (">>\nstream\n");
  if (g_strrstr_len (at, (gssize) (data + len - at), "endstream") == NULL)
    return len;
  *stream = at;
  return (gsize) (at - data);
}

/* Writes @len bytes at @data, the references in them renumbered by @renumber. */
static void
write_renumbered (Out         *out,
                  const Part  *p,
                  const guint *renumber,
                  const char  *data,
                  gsize        len)
{
  gsize done = 0, pos = 0, start, end;
  guint64 n;

  while (next_reference (data, len, &pos, &start, &end, &n))
    {
      out_write (out, data + done, start - done);
      out_uint (out, n < p->size ? renumber[n] : 0);
      done = end;
    }
  out_write (out, data + done, len - done);
}

/* Copies an object under its new number (@renumber, old number → new): its dictionary
 * renumbered, its stream as it is. */
static void
copy_object (Out           *out,
             const Part    *p,
             const guint   *renumber,
             const Object  *o)
{
  const char *data = p->data + o->start;
  const char *body = g_strstr_len (data, (gssize) (o->end - o->start), " obj");
  const char *stream;
  gsize head = object_head (p, o, &stream);

  out_uint (out, renumber[o->number]);
  out_write (out, " 0", 2);
  write_renumbered (out, p, renumber, body, data + head - body);
  if (stream != NULL)
    out_write (out, stream, p->data + o->end - stream);
}

/* Ends a new PDF: its page tree of @kids, catalogue, cross-reference table and trailer.
 * @offsets holds where each object numbered from 2 starts; @next is the first number free. */
static void
write_end (Out     *out,
           GArray  *offsets,
           GArray  *kids,
           guint    info,
           guint    next)
{
  guint catalog = next++;
  goffset xref;

  g_array_set_size (offsets, next);
  g_array_index (offsets, goffset, 1) = out_tell (out);
  out_printf (out, "1 0 obj\n<< /Type /Pages\n   /Kids [");
  for (guint i = 0; i < kids->len; i++)
    out_printf (out, " %u 0 R", g_array_index (kids, guint, i));
  out_printf (out, " ]\n   /Count %u\n>>\nendobj\n", kids->len);
  g_array_index (offsets, goffset, catalog) = out_tell (out);
  out_printf (out, "%u 0 obj\n<< /Type /Catalog\n   /Pages 1 0 R\n>>\nendobj\n", catalog);
  xref = out_tell (out);
  out_printf (out, "xref\n0 %u\n0000000000 65535 f \n", next);
  for (guint n = 1; n < next; n++)
    out_printf (out, "%010" G_GINT64_FORMAT " 00000 n \n",
                (gint64) g_array_index (offsets, goffset, n));
  out_printf (out, "trailer\n<< /Size %u\n   /Root %u 0 R\n   /Info %u 0 R\n>>\n"
                   "startxref\n%" G_GINT64_FORMAT "\n%%%%EOF\n", next, catalog, info,
              (gint64) xref);
}

/* Opens a PDF file as cairo writes them, or says why not. */
static gboolean
part_open (Part        *p,
           const char  *path,
           GError     **error)
{
  p->file = g_mapped_file_new (path, FALSE, error);
  if (p->file == NULL)
    return FALSE;
  p->data = g_mapped_file_get_contents (p->file);
  p->len = g_mapped_file_get_length (p->file);
  if (p->data != NULL && part_read (p))
    return TRUE;
  g_set_error (error, RL_LETTER_ERROR, RL_LETTER_ERROR_WRITE,
               _("%s: not a PDF file as the batch’s parts are written"), path);
  return FALSE;
}

/* The header, as cairo wrote it. */
static void
write_header (Out        *out,
              const Part *p)
{
  out_write (out, p->data, g_array_index (p->objects, Object, 0).start);
}

/**
 * rl_pdf_merge:
 * @parts: (array zero-terminated=1): PDF files written by cairo, in order
 * @path: the PDF to write, their pages one after another
 * @out_pages: (out) (optional): its number of pages
 *
 * Returns: %TRUE, or %FALSE with a #G_FILE_ERROR or %RL_LETTER_ERROR_WRITE (a part that is
 *   not a PDF as cairo writes them); @path is then removed
 */
gboolean
rl_pdf_merge (const char * const  *parts,
              const char          *path,
              guint               *out_pages,
              GError             **error)
{
  guint n_parts = g_strv_length ((char **) parts);
  g_autofree Part *p = g_new0 (Part, n_parts);
  g_autoptr(GArray) offsets = g_array_new (FALSE, TRUE, sizeof (goffset));
  g_autoptr(GArray) kids = g_array_new (FALSE, FALSE, sizeof (guint));
  Out out = { NULL, NULL };
  guint next = 2;
  gboolean ok = FALSE;
  int saved_errno;

  g_return_val_if_fail (n_parts > 0 && path != NULL, FALSE);

  for (guint k = 0; k < n_parts; k++)
    {
      if (!part_open (&p[k], parts[k], error))
        goto out;
      /* Page tree and catalogue are made anew; the first part's information is kept. */
      p[k].renumber = g_new0 (guint, p[k].size);
      for (guint i = 0; i < p[k].objects->len; i++)
        {
          guint n = g_array_index (p[k].objects, Object, i).number;

          if (n == p[k].pages)
            p[k].renumber[n] = 1;
          else if (n != p[k].root && (n != p[k].info || k == 0))
            p[k].renumber[n] = next++;
        }
      for (guint i = 0; i < p[k].kids->len; i++)
        g_array_append_val (kids, p[k].renumber[g_array_index (p[k].kids, guint, i)]);
    }

  out.file = g_fopen (path, "wb");
  if (out.file == NULL)
    {
      saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("%s: cannot write: %s"), path, g_strerror (saved_errno));
      goto out;
    }
  g_array_set_size (offsets, next);
  write_header (&out, &p[0]);
  for (guint k = 0; k < n_parts; k++)
    for (guint i = 0; i < p[k].objects->len; i++)
      {
        const Object *o = &g_array_index (p[k].objects, Object, i);
        guint n = p[k].renumber[o->number];

        if (n < 2)
          continue;
        g_array_index (offsets, goffset, n) = out_tell (&out);
        copy_object (&out, &p[k], p[k].renumber, o);
      }
  write_end (&out, offsets, kids, p[0].renumber[p[0].info], next);
  ok = !ferror (out.file);
  saved_errno = errno;
  ok = fclose (out.file) == 0 && ok;
  if (!ok)
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                 _("%s: cannot write: %s"), path, g_strerror (saved_errno));
  else if (out_pages != NULL)
    *out_pages = kids->len;

out:
  if (!ok)
    g_unlink (path);
  for (guint k = 0; k < n_parts; k++)
    part_clear (&p[k]);
  return ok;
}

/**
 * rl_pdf_file_open:
 * @path: a PDF file written by cairo
 *
 * Returns: (transfer full): the file, to take pages from, or %NULL with a #G_FILE_ERROR or
 *   %RL_LETTER_ERROR_WRITE (not a PDF as cairo writes them)
 */
RlPdfFile *
rl_pdf_file_open (const char  *path,
                  GError     **error)
{
  Part *p = g_new0 (Part, 1);

  if (!part_open (p, path, error))
    {
      part_clear (p);
      g_free (p);
      return NULL;
    }
  return (RlPdfFile *) p;
}

/**
 * rl_pdf_file_new_from_bytes:
 * @pdf: a PDF written by cairo
 *
 * Returns: (transfer full): the PDF, to take pages from, or %NULL with
 *   %RL_LETTER_ERROR_WRITE (not a PDF as cairo writes them)
 */
RlPdfFile *
rl_pdf_file_new_from_bytes (GBytes  *pdf,
                            GError **error)
{
  Part *p = g_new0 (Part, 1);
  gsize len = 0;

  p->bytes = g_bytes_ref (pdf);
  p->data = g_bytes_get_data (pdf, &len);
  p->len = len;
  if (p->data == NULL || !part_read (p))
    {
      g_set_error_literal (error, RL_LETTER_ERROR, RL_LETTER_ERROR_WRITE,
                           _("not a PDF file as batches are written"));
      part_clear (p);
      g_free (p);
      return NULL;
    }
  return (RlPdfFile *) p;
}

guint
rl_pdf_file_get_pages (RlPdfFile *file)
{
  return ((Part *) file)->kids->len;
}

/**
 * rl_pdf_file_extract:
 * @first_page: from 1
 * @n_pages: at least 1
 *
 * Copies pages of @file into a PDF of their own, with every object they use (their fonts as
 * they are in @file: the same subsets, copied, not made again). @file is only read: pages
 * may be taken from it by several threads at once.
 *
 * Returns: (transfer full): the PDF
 */
static int
compare_places (gconstpointer a,
                gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

GBytes *
rl_pdf_file_extract (RlPdfFile *file,
                     guint      first_page,
                     guint      n_pages)
{
  Part *p = (Part *) file;
  g_autofree guint8 *seen = NULL;
  g_autofree guint *renumber = g_new0 (guint, p->size);
  g_autoptr(GArray) todo = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) used = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) offsets = g_array_new (FALSE, TRUE, sizeof (goffset));
  g_autoptr(GArray) kids = g_array_new (FALSE, FALSE, sizeof (guint));
  Out out = { NULL, g_byte_array_new () };
  guint next = 2;

  g_return_val_if_fail (first_page >= 1 && n_pages >= 1, NULL);
  g_return_val_if_fail (first_page - 1 + n_pages <= p->kids->len, NULL);

  /* Every object the pages lead to, but the page tree and catalogue, made anew; noted by
   * their place in the file. A letter uses a few dozen of the part's thousands of objects:
   * only those are visited, sorted and numbered. */
  seen = g_new0 (guint8, p->size);
  seen[p->pages] = seen[p->root] = 1;
  for (guint i = 0; i < n_pages; i++)
    g_array_append_val (todo, g_array_index (p->kids, guint, first_page - 1 + i));
  g_array_append_val (todo, p->info);
  while (todo->len > 0)
    {
      guint n = g_array_index (todo, guint, todo->len - 1);
      const Object *o;
      const char *stream;
      gsize head, pos = 0, start, end;
      guint64 ref;

      g_array_set_size (todo, todo->len - 1);
      if (n >= p->size || seen[n] || (o = object (p, n)) == NULL)
        continue;
      seen[n] = 2;
      if (n != p->info)
        g_array_append_val (used, p->place[n]);
      head = object_head (p, o, &stream);
      while (next_reference (p->data + o->start, head, &pos, &start, &end, &ref))
        if (ref < p->size && !seen[ref])
          {
            guint r = (guint) ref;

            g_array_append_val (todo, r);
          }
    }
  /* Numbered in the order of the file, the information last: the same pages taken from a
   * part or from the batch it was joined into are the same bytes. */
  g_array_sort (used, compare_places);
  renumber[p->pages] = 1;
  for (guint i = 0; i < used->len; i++)
    {
      const Object *o = &g_array_index (p->objects, Object, g_array_index (used, guint, i) - 1);

      renumber[o->number] = next++;
    }
  renumber[p->info] = next++;
  for (guint i = 0; i < n_pages; i++)
    g_array_append_val (kids, renumber[g_array_index (p->kids, guint, first_page - 1 + i)]);

  g_array_set_size (offsets, next);
  write_header (&out, p);
  for (guint i = 0; i < used->len; i++)
    {
      const Object *o = &g_array_index (p->objects, Object, g_array_index (used, guint, i) - 1);

      g_array_index (offsets, goffset, renumber[o->number]) = out_tell (&out);
      copy_object (&out, p, renumber, o);
    }
  g_array_index (offsets, goffset, renumber[p->info]) = out_tell (&out);
  copy_object (&out, p, renumber, object (p, p->info));
  write_end (&out, offsets, kids, renumber[p->info], next);
  return g_byte_array_free_to_bytes (out.bytes);
}

void
rl_pdf_file_free (RlPdfFile *file)
{
  if (file == NULL)
    return;
  part_clear ((Part *) file);
  g_free (file);
}
