/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-import"

#include "config.h"

#include "rl-zip.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "rl-csv-import.h"

/* A zip reader for bank statements sent zipped: the central directory, stored or deflated
 * members (GIO's raw zlib decompressor). Every offset and size is checked against the file;
 * what comes out is bounded by @max_total. No zip64, no encryption. */

#define SIG_LOCAL   0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_END     0x06054b50u

static guint32
u32 (const guchar *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static guint16
u16 (const guchar *p)
{
  return (guint16) (p[0] | p[1] << 8);
}

void
rl_zip_entry_free (RlZipEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->name);
  g_bytes_unref (entry->bytes);
  g_free (entry);
}

gboolean
rl_zip_is_zip (const guchar *data,
               gsize         len)
{
  return len >= 4 && u32 (data) == SIG_LOCAL;
}

/* Returns: %NULL, with @error set */
static gpointer
corrupt (GError    **error,
         const char *why)
{
  g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT, _("damaged zip file: %s"), why);
  return NULL;
}

static GBytes *
inflate (const guchar *in,
         gsize         in_len,
         gsize         out_len,
         GError      **error)
{
  g_autoptr(GZlibDecompressor) z = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW);
  guchar *out = g_malloc (out_len + 1);
  gsize done_in = 0, done_out = 0;

  for (;;)
    {
      gsize r = 0, w = 0;
      GConverterResult res;
      g_autoptr(GError) local_error = NULL;

      res = g_converter_convert (G_CONVERTER (z), in + done_in, in_len - done_in,
                                 out + done_out, out_len + 1 - done_out,
                                 G_CONVERTER_INPUT_AT_END, &r, &w, &local_error);
      done_in += r;
      done_out += w;
      if (res == G_CONVERTER_ERROR || done_out > out_len)
        {
          g_free (out);
          corrupt (error, local_error ? local_error->message : _("larger than announced"));
          return NULL;
        }
      if (res == G_CONVERTER_FINISHED)
        break;
      if (r == 0 && w == 0)
        {
          g_free (out);
          corrupt (error, _("truncated data"));
          return NULL;
        }
    }
  if (done_out != out_len)
    {
      g_free (out);
      corrupt (error, _("smaller than announced"));
      return NULL;
    }
  return g_bytes_new_take (out, out_len);
}

/**
 * rl_zip_read:
 * @max_total: the most bytes all members may hold once uncompressed
 *
 * Returns: (transfer full) (element-type RlZipEntry): the files of the archive (folders left
 *   out), %NULL with @error if the archive is damaged, encrypted or too large
 */
GPtrArray *
rl_zip_read (const guchar *data,
             gsize         len,
             gsize         max_total,
             GError      **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_zip_entry_free);
  const guchar *end = NULL;
  gsize cd_offset, cd_size, pos, total = 0;
  guint n;

  if (len < 22)
    return corrupt (error, _("too short"));
  for (gsize i = len - 22 + 1; i-- > 0 && len - i <= 22 + 65535;)
    if (u32 (data + i) == SIG_END)
      {
        end = data + i;
        break;
      }
  if (end == NULL)
    return corrupt (error, _("no central directory"));
  n = u16 (end + 10);
  cd_size = u32 (end + 12);
  cd_offset = u32 (end + 16);
  if (cd_offset > len || cd_size > len - cd_offset)
    return corrupt (error, _("the central directory lies outside the file"));

  pos = cd_offset;
  for (guint k = 0; k < n; k++)
    {
      const guchar *c = data + pos;
      guint16 flags, method, name_len, extra_len, comment_len;
      gsize csize, usize, local, start;
      RlZipEntry *e;

      if (pos + 46 > cd_offset + cd_size || u32 (c) != SIG_CENTRAL)
        return corrupt (error, _("bad central directory entry"));
      flags = u16 (c + 8);
      method = u16 (c + 10);
      csize = u32 (c + 20);
      usize = u32 (c + 24);
      name_len = u16 (c + 28);
      extra_len = u16 (c + 30);
      comment_len = u16 (c + 32);
      local = u32 (c + 42);
      if (pos + 46 + name_len > cd_offset + cd_size)
        return corrupt (error, _("bad central directory entry"));
      e = g_new0 (RlZipEntry, 1);
      e->name = g_strndup ((const char *) c + 46, name_len);
      g_ptr_array_add (entries, e);
      pos += 46 + (gsize) name_len + extra_len + comment_len;

      if (name_len > 0 && e->name[name_len - 1] == '/')
        {
          g_ptr_array_remove (entries, e);
          continue;
        }
      if (flags & 1)
        {
          g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                       _("%s: encrypted zip members cannot be read"), e->name);
          return NULL;
        }
      if (csize == 0xFFFFFFFFu || usize == 0xFFFFFFFFu || local == 0xFFFFFFFFu)
        return corrupt (error, _("zip64 archives are not supported"));
      if (usize > max_total - total)
        {
          g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                       _("%s: too large once uncompressed"), e->name);
          return NULL;
        }
      total += usize;
      if (local > len || len - local < 30 || u32 (data + local) != SIG_LOCAL)
        return corrupt (error, _("bad local header"));
      start = local + 30 + (gsize) u16 (data + local + 26) + u16 (data + local + 28);
      if (start > len || csize > len - start)
        return corrupt (error, _("a member lies outside the file"));
      if (method == 0)
        {
          if (csize != usize)
            return corrupt (error, _("bad stored member size"));
          e->bytes = g_bytes_new (data + start, usize);
        }
      else if (method == 8)
        {
          e->bytes = inflate (data + start, csize, usize, error);
          if (e->bytes == NULL)
            return NULL;
        }
      else
        {
          g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                       _("%s: unknown zip compression method %u"), e->name, method);
          return NULL;
        }
    }
  return g_steal_pointer (&entries);
}
