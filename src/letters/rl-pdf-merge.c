/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-letters"

#include "config.h"

#include "rl-pdf-merge.h"

#include <errno.h>
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
  const char  *data;
  gsize        len;
  GArray      *objects;   /* (element-type Object), by their place in the file */
  guint        size;      /* the cross-reference table's size: numbers are below it */
  guint        root, info, pages;
  GArray      *kids;      /* (element-type guint): the pages, in order */
  guint       *renumber;  /* old number → new one, 0 when dropped */
} Part;

static void
part_clear (Part *p)
{
  g_clear_pointer (&p->file, g_mapped_file_unref);
  g_clear_pointer (&p->objects, g_array_unref);
  g_clear_pointer (&p->kids, g_array_unref);
  g_clear_pointer (&p->renumber, g_free);
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
  for (guint i = 0; i < p->objects->len; i++)
    if (g_array_index (p->objects, Object, i).number == number)
      return &g_array_index (p->objects, Object, i);
  return NULL;
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
  for (guint i = 0; i < p->objects->len; i++)
    {
      Object *o = &g_array_index (p->objects, Object, i);

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
  return p->info != 0 && p->pages != 0;
}

/* Writes @len bytes at @data, the references in them renumbered ("12 0 R"). */
static void
write_renumbered (FILE        *out,
                  const Part  *p,
                  const char  *data,
                  gsize        len)
{
  gsize done = 0;

  for (gsize i = 0; i < len; i++)
    {
      gsize j = i;
      guint64 n;

      if (!g_ascii_isdigit (data[i]) || (i > 0 && (g_ascii_isalnum (data[i - 1])
                                                   || strchr ("./-+", data[i - 1]) != NULL)))
        continue;
      while (j < len && g_ascii_isdigit (data[j]))
        j++;
      if (j + 4 > len || memcmp (data + j, " 0 R", 4) != 0
          || (j + 4 < len && g_ascii_isalnum (data[j + 4])))
        {
          i = j;
          continue;
        }
      n = g_ascii_strtoull (data + i, NULL, 10);
      fwrite (data + done, 1, i - done, out);
      fprintf (out, "%u", n < p->size ? p->renumber[n] : 0);
      done = i = j;
    }
  fwrite (data + done, 1, len - done, out);
}

/* Copies an object under its new number: its dictionary renumbered, its stream as it is. */
static void
copy_object (FILE          *out,
             const Part    *p,
             const Object  *o)
{
  const char *data = p->data + o->start;
  gsize len = o->end - o->start;
  const char *body = g_strstr_len (data, (gssize) len, " obj");
  const char *stream, *stream_end = NULL;
  gsize head;

  fprintf (out, "%u 0", p->renumber[o->number]);
  body++;
  /* Only what comes before a stream can hold references. */
  stream = g_strstr_len (body, (gssize) (data + len - body), ">>\nstream\n");
  if (stream != NULL)
    {
      stream += strlen (">>\nstream\n");
      stream_end = g_strrstr_len (stream, (gssize) (data + len - stream), "endstream");
    }
  if (stream == NULL || stream_end == NULL)
    {
      write_renumbered (out, p, body - 1, data + len - body + 1);
      return;
    }
  head = (gsize) (stream - body);
  write_renumbered (out, p, body - 1, head + 1);
  fwrite (stream, 1, data + len - stream, out);
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
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (goffset));
  FILE *out = NULL;
  guint next = 2, pages = 0, info = 0, catalog;
  gboolean ok = FALSE;
  goffset xref;
  int saved_errno;

  g_return_val_if_fail (n_parts > 0 && path != NULL, FALSE);

  for (guint k = 0; k < n_parts; k++)
    {
      p[k].file = g_mapped_file_new (parts[k], FALSE, error);
      if (p[k].file == NULL)
        goto out;
      p[k].data = g_mapped_file_get_contents (p[k].file);
      p[k].len = g_mapped_file_get_length (p[k].file);
      if (p[k].data == NULL || !part_read (&p[k]))
        {
          g_set_error (error, RL_LETTER_ERROR, RL_LETTER_ERROR_WRITE,
                       _("%s: not a PDF file as the batch’s parts are written"), parts[k]);
          goto out;
        }
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
      pages += p[k].kids->len;
    }
  info = p[0].renumber[p[0].info];
  catalog = next++;

  out = g_fopen (path, "wb");
  if (out == NULL)
    {
      saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("%s: cannot write: %s"), path, g_strerror (saved_errno));
      goto out;
    }
  g_array_set_size (offsets, next);
  /* The header, as cairo wrote it. */
  fwrite (p[0].data, 1, g_array_index (p[0].objects, Object, 0).start, out);
  for (guint k = 0; k < n_parts; k++)
    for (guint i = 0; i < p[k].objects->len; i++)
      {
        const Object *o = &g_array_index (p[k].objects, Object, i);
        guint n = p[k].renumber[o->number];

        if (n < 2)
          continue;
        g_array_index (offsets, goffset, n) = ftello (out);
        copy_object (out, &p[k], o);
      }
  g_array_index (offsets, goffset, 1) = ftello (out);
  fputs ("1 0 obj\n<< /Type /Pages\n   /Kids [", out);
  for (guint k = 0; k < n_parts; k++)
    for (guint i = 0; i < p[k].kids->len; i++)
      fprintf (out, " %u 0 R", p[k].renumber[g_array_index (p[k].kids, guint, i)]);
  fprintf (out, " ]\n   /Count %u\n>>\nendobj\n", pages);
  g_array_index (offsets, goffset, catalog) = ftello (out);
  fprintf (out, "%u 0 obj\n<< /Type /Catalog\n   /Pages 1 0 R\n>>\nendobj\n", catalog);
  xref = ftello (out);
  fprintf (out, "xref\n0 %u\n0000000000 65535 f \n", next);
  for (guint n = 1; n < next; n++)
    fprintf (out, "%010" G_GINT64_FORMAT " 00000 n \n", (gint64) g_array_index (offsets,
                                                                                goffset, n));
  fprintf (out, "trailer\n<< /Size %u\n   /Root %u 0 R\n   /Info %u 0 R\n>>\n"
                "startxref\n%" G_GINT64_FORMAT "\n%%%%EOF\n", next, catalog, info, (gint64) xref);
  ok = !ferror (out);
  saved_errno = errno;
  ok = fclose (out) == 0 && ok;
  if (!ok)
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                 _("%s: cannot write: %s"), path, g_strerror (saved_errno));
  else if (out_pages != NULL)
    *out_pages = pages;
  out = NULL;

out:
  if (!ok)
    g_unlink (path);
  for (guint k = 0; k < n_parts; k++)
    part_clear (&p[k]);
  return ok;
}
