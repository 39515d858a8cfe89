/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "rl-book.h"
#include "rl-csv-import.h"

G_BEGIN_DECLS

/* What `relancectl import` finds in a file, from its content (not its name). */
typedef enum
{
  RL_IMPORT_FORMAT_UNKNOWN,
  RL_IMPORT_FORMAT_CSV,      /* customers, invoices or payments (rl-csv-import.h) */
  RL_IMPORT_FORMAT_FEC,      /* Fichier des écritures comptables (rl-fec.h) */
  RL_IMPORT_FORMAT_CAMT,     /* ISO 20022 camt.053 / camt.054, XML or zipped (rl-camt.h) */
  RL_IMPORT_FORMAT_FACTURX,  /* PDF */
} RlImportFormat;

/* What an import of a FEC or a bank statement did. */
typedef struct
{
  RlImportFormat  format;
  RlCsvKind       csv_kind;      /* CSV (rl_import_file()): what the file holds */
  char           *detail;        /* how the file was read: "TAB, UTF-8, Debit/Credit" */
  RlImportCounts  counts;        /* rows: the lines or entries used */
  guint           customers;     /* in the file */
  guint           invoices;
  guint           credit_notes;
  guint           payments;
  guint           open_items;    /* invoices of the file still (partly) unpaid */
  RlCents         allocated;     /* allocated by this import */
  guint           matched;       /* bank: payments allocated automatically */
  guint           pending;       /* bank: matches waiting for the user */
  guint           unmatched;     /* bank: payments matched to nothing */
  guint           already_seen;  /* bank: entries imported before */
  guint           reversed;      /* bank: reversals that undid a payment */
  GPtrArray      *problems;      /* (element-type RlImportProblem) */
  gint64          import_id;     /* 0 after a dry run or a failure */
} RlImportReport;

RlImportFormat  rl_import_detect_format  (const char     *path,
                                          GError        **error);
const char     *rl_import_format_to_string (RlImportFormat format);

RlImportReport *rl_import_report_new     (RlImportFormat  format);
void            rl_import_report_free    (RlImportReport *report);
void            rl_import_report_add     (RlImportReport *report,
                                          const char     *file,
                                          guint           line,
                                          const char     *where,
                                          const char     *message);

/* Past this size an XML file is refused. */
#define RL_IMPORT_MAX_XML (512u * 1024 * 1024)

xmlDoc         *rl_import_read_xml       (const char     *data,
                                          gsize           len,
                                          const char     *name,
                                          GError        **error);
gboolean        rl_xml_is                (xmlNode        *node,
                                          const char     *name);
xmlNode        *rl_xml_child             (xmlNode        *node,
                                          const char     *name);
xmlNode        *rl_xml_find              (xmlNode        *node,
                                          const char     *path);
xmlNode        *rl_xml_descendant        (xmlNode        *node,
                                          const char     *name);
char           *rl_xml_text              (xmlNode        *node);
char           *rl_xml_text_at           (xmlNode        *node,
                                          const char     *path);
gint64          rl_import_begin          (RlBook         *book,
                                          const char     *file_name,
                                          const char     *checksum,
                                          const char     *format,
                                          GError        **error);
gboolean        rl_import_end            (RlBook         *book,
                                          gboolean        ok,
                                          gint64          import_id,
                                          RlImportReport *report,
                                          gboolean        rescore,
                                          gboolean        dry_run,
                                          GError        **error);
gboolean        rl_import_parse_amount   (const char     *text,
                                          RlCents        *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlImportReport, rl_import_report_free)

G_END_DECLS
