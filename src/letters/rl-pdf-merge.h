/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* PDF files written by cairo, joined or taken pages from: see rl-pdf-merge.c. */

typedef struct _RlPdfFile RlPdfFile;

gboolean   rl_pdf_merge          (const char * const  *parts,
                                  const char          *path,
                                  guint               *out_pages,
                                  GError             **error);

RlPdfFile *rl_pdf_file_open      (const char          *path,
                                  GError             **error);
RlPdfFile *rl_pdf_file_new_from_bytes
                                 (GBytes              *pdf,
                                  GError             **error);
guint      rl_pdf_file_get_pages (RlPdfFile           *file);
GBytes    *rl_pdf_file_extract   (RlPdfFile           *file,
                                  guint                first_page,
                                  guint                n_pages);
void       rl_pdf_file_free      (RlPdfFile           *file);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlPdfFile, rl_pdf_file_free)

G_END_DECLS
