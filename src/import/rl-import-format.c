/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-import"

#include "config.h"

#include "rl-import-format.h"

#include "rl-book-matches.h"
#include "rl-risk.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <libxml/parser.h>

/* Past this many, problems are counted in one last line, not listed. */
#define MAX_PROBLEMS 10000
#define SNIFF_SIZE 8192

RlImportReport *
rl_import_report_new (RlImportFormat format)
{
  RlImportReport *r = g_new0 (RlImportReport, 1);

  r->format = format;
  r->problems = g_ptr_array_new_with_free_func (rl_import_problem_free);
  return r;
}

void
rl_import_report_free (RlImportReport *report)
{
  if (report == NULL)
    return;
  g_free (report->detail);
  g_ptr_array_unref (report->problems);
  g_free (report);
}

/* Adds "file:line: where: message" (line 0 and a NULL where are left out). */
void
rl_import_report_add (RlImportReport *report,
                      const char     *file,
                      guint           line,
                      const char     *where,
                      const char     *message)
{
  RlImportProblem *p;

  if (report->problems->len >= MAX_PROBLEMS)
    return;
  p = g_new0 (RlImportProblem, 1);
  p->file = g_strdup (file);
  p->line = line;
  p->column = g_strdup (where);
  p->message = g_strdup (message);
  g_ptr_array_add (report->problems, p);
}

const char *
rl_import_format_to_string (RlImportFormat format)
{
  switch (format)
    {
    case RL_IMPORT_FORMAT_CSV:
      return "csv";
    case RL_IMPORT_FORMAT_FEC:
      return "fec";
    case RL_IMPORT_FORMAT_CAMT:
      return "camt";
    case RL_IMPORT_FORMAT_FACTURX:
      return "factur-x";
    case RL_IMPORT_FORMAT_UNKNOWN:
    default:
      return "unknown";
    }
}

/* Case-insensitive search of @needle in the first @n bytes of @hay. */
static gboolean
contains (const char *hay,
          gsize       n,
          const char *needle)
{
  gsize k = strlen (needle);

  for (gsize i = 0; i + k <= n; i++)
    if (g_ascii_strncasecmp (hay + i, needle, k) == 0)
      return TRUE;
  return FALSE;
}

/**
 * rl_import_detect_format:
 *
 * Looks at the first bytes of a file: a PDF, a Cross Industry Invoice XML or a folder are
 * Factur-X invoices, a zip or an XML document naming camt.05x is a bank statement, a first line naming JournalCode and CompteNum is a FEC,
 * anything else is taken for CSV.
 *
 * Returns: the format, %RL_IMPORT_FORMAT_UNKNOWN with @error if the file cannot be read
 */
RlImportFormat
rl_import_detect_format (const char  *path,
                         GError     **error)
{
  char buf[SNIFF_SIZE];
  const char *p = buf;
  gsize n, first_line;
  FILE *f;

  /* A folder: the Factur-X invoices in it. */
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return RL_IMPORT_FORMAT_FACTURX;
  f = g_fopen (path, "rb");

  if (f == NULL)
    {
      int saved = errno;

      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_IO, "%s: %s", path,
                   g_strerror (saved));
      return RL_IMPORT_FORMAT_UNKNOWN;
    }
  n = fread (buf, 1, sizeof buf, f);
  fclose (f);

  if (n >= 5 && memcmp (buf, "%PDF-", 5) == 0)
    return RL_IMPORT_FORMAT_FACTURX;
  if (n >= 4 && memcmp (buf, "PK\003\004", 4) == 0)
    return RL_IMPORT_FORMAT_CAMT;
  if (n >= 3 && memcmp (buf, "\xEF\xBB\xBF", 3) == 0)
    {
      p += 3;
      n -= 3;
    }
  while (n > 0 && g_ascii_isspace (*p))
    p++, n--;
  if (n > 0 && *p == '<' && contains (p, n, "camt.05"))
    return RL_IMPORT_FORMAT_CAMT;
  if (n > 0 && *p == '<' && contains (p, n, "CrossIndustry"))
    return RL_IMPORT_FORMAT_FACTURX;
  for (first_line = 0; first_line < n && p[first_line] != '\n' && p[first_line] != '\r';
       first_line++)
    ;
  if (contains (p, first_line, "JournalCode") && contains (p, first_line, "CompteNum"))
    return RL_IMPORT_FORMAT_FEC;
  return RL_IMPORT_FORMAT_CSV;
}

/**
 * rl_import_parse_amount:
 * @text: (nullable): a decimal comma or point, no thousands separator (spaces are skipped),
 *   the sign first or last, at most two decimals that are not zero
 *
 * Reads an amount of a FEC or of an XML file (“1234,50”, “1234.5”, “12,00-”). %NULL or empty
 * is zero.
 *
 * Returns: whether @text is an amount within %RL_MONEY_MAX
 */
gboolean
rl_import_parse_amount (const char *text,
                        RlCents    *out)
{
  gboolean negative = FALSE, seen_sep = FALSE, seen_digit = FALSE;
  gint64 units = 0;
  int decimals = 0;
  const char *p = text, *end;

  *out = 0;
  if (text == NULL)
    return TRUE;
  end = text + strlen (text);
  if (*p == '-' || *p == '+')
    negative = *p++ == '-';
  else if (end > p && (end[-1] == '-' || end[-1] == '+'))
    negative = *--end == '-';
  for (; p < end; p++)
    {
      if (*p == ' ')
        continue;
      if (*p == ',' || *p == '.')
        {
          if (seen_sep)
            return FALSE;
          seen_sep = TRUE;
          continue;
        }
      if (!g_ascii_isdigit (*p))
        return FALSE;
      seen_digit = TRUE;
      if (seen_sep && ++decimals > 2)
        {
          if (*p != '0')
            return FALSE;
          continue;
        }
      if (units > RL_MONEY_MAX / 10)
        return FALSE;
      units = units * 10 + (*p - '0');
    }
  if (!seen_digit)
    return FALSE;
  for (; decimals < 2; decimals++)
    units *= 10;
  if (units > RL_MONEY_MAX)
    return FALSE;
  *out = negative ? -units : units;
  return TRUE;
}

static void
silent (void       *ctx,
        const char *msg,
        ...)
{
}

/**
 * rl_import_read_xml:
 * @name: the file, for messages
 *
 * Parses an XML document the safe way: no network, no DTD (a document that declares one, or
 * entities, is refused: no entity expansion bombs, no external entities), a size limit.
 *
 * Returns: (transfer full): the document (xmlFreeDoc()), %NULL with @error ("name:line: why")
 */
xmlDoc *
rl_import_read_xml (const char  *data,
                    gsize        len,
                    const char  *name,
                    GError     **error)
{
  xmlParserCtxt *ctxt;
  xmlDoc *xml;

  if (len > RL_IMPORT_MAX_XML || len > G_MAXINT)
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                   _("%s: too large for an XML file"), name);
      return NULL;
    }
  if (g_strstr_len (data, len, "<!DOCTYPE") != NULL || g_strstr_len (data, len, "<!ENTITY"))
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT,
                   _("%s: refused: the document declares a DTD or entities"), name);
      return NULL;
    }
  /* Parse errors come back in the context; nothing is printed on stderr. */
  xmlSetGenericErrorFunc (NULL, silent);
  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_IO, _("%s: out of memory"), name);
      return NULL;
    }
  xml = xmlCtxtReadMemory (ctxt, data, (int) len, NULL, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING
                           | XML_PARSE_BIG_LINES);
  if (xml == NULL)
    {
      const xmlError *e = xmlCtxtGetLastError (ctxt);
      g_autofree char *why = g_strstrip (g_strdup (e && e->message ? e->message
                                                                   : _("not well-formed")));

      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_FORMAT, "%s:%d: %s", name,
                   e ? e->line : 0, why);
    }
  xmlFreeParserCtxt (ctxt);
  return xml;
}

/* XML helpers: elements by local name, whatever the namespace prefix. */

gboolean
rl_xml_is (xmlNode    *node,
           const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE
         && strcmp ((const char *) node->name, name) == 0;
}

xmlNode *
rl_xml_child (xmlNode    *node,
              const char *name)
{
  if (node == NULL)
    return NULL;
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    if (rl_xml_is (c, name))
      return c;
  return NULL;
}

/* Follows a path of local names ("RltdPties/Dbtr/Nm"), the first match at each level. */
xmlNode *
rl_xml_find (xmlNode    *node,
             const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);

  for (guint i = 0; parts[i] != NULL && node != NULL; i++)
    node = rl_xml_child (node, parts[i]);
  return node;
}

/* Returns: (transfer full) (nullable): the trimmed text of @node, %NULL when empty */
char *
rl_xml_text (xmlNode *node)
{
  xmlChar *content;
  char *s;

  if (node == NULL)
    return NULL;
  content = xmlNodeGetContent (node);
  if (content == NULL)
    return NULL;
  s = g_strstrip (g_strdup ((const char *) content));
  xmlFree (content);
  if (*s == '\0')
    g_clear_pointer (&s, g_free);
  return s;
}

char *
rl_xml_text_at (xmlNode    *node,
                const char *path)
{
  return rl_xml_text (rl_xml_find (node, path));
}

/* Returns: the first element named @name below @node, depth first, or %NULL */
xmlNode *
rl_xml_descendant (xmlNode    *node,
                   const char *name)
{
  for (xmlNode *c = node ? node->children : NULL; c != NULL; c = c->next)
    {
      xmlNode *found;

      if (rl_xml_is (c, name))
        return c;
      found = rl_xml_descendant (c, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * rl_import_begin:
 * @file_name: the file's name, for the imports table
 * @format: "fec", "camt", "factur-x"
 *
 * Begins an import's transaction and records the import.
 *
 * Returns: the import's id, 0 with @error (no transaction is left open)
 */
gint64
rl_import_begin (RlBook      *book,
                 const char  *file_name,
                 const char  *checksum,
                 const char  *format,
                 GError     **error)
{
  gint64 id;

  rl_book_set_temp_in_memory (book, TRUE);
  if (!rl_book_begin (book, error))
    {
      rl_book_set_temp_in_memory (book, FALSE);
      return 0;
    }
  id = rl_book_begin_import (book, file_name, checksum, format, error);
  if (id <= 0)
    {
      rl_book_rollback (book);
      rl_book_set_temp_in_memory (book, FALSE);
      return 0;
    }
  return id;
}

/**
 * rl_import_end:
 * @ok: whether the import's changes inside the transaction succeeded
 * @rescore: rescore the customers (new invoices or payments change how they pay)
 * @dry_run: roll back what was done
 *
 * Ends an import's transaction: rescores, records the import's counts, then commits, or rolls
 * back on failure or for a dry run. Sets @report's import id when committed.
 *
 * Returns: @ok and whether the end succeeded
 */
gboolean
rl_import_end (RlBook          *book,
               gboolean         ok,
               gint64           import_id,
               RlImportReport  *report,
               gboolean         rescore,
               gboolean         dry_run,
               GError         **error)
{
  if (ok && rescore)
    ok = rl_risk_update_all (book, rl_day_today (), NULL, error);
  if (ok)
    ok = rl_book_finish_import (book, import_id, &report->counts, error);
  if (ok && !dry_run)
    ok = rl_book_commit (book, error);
  if (!ok || dry_run)
    rl_book_rollback (book);
  rl_book_set_temp_in_memory (book, FALSE);
  if (ok && !dry_run)
    report->import_id = import_id;
  return ok;
}
