/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-action-text.h"
#include "rl-book-letters.h"
#include "rl-postal.h"

G_BEGIN_DECLS

/* Print-ready letters as PDF (A4, fonts embedded): reminders and formal notices with their
 * invoice table, totals and SEPA payment QR code, account statements, thank-you letters and
 * a calibration page for the envelope window.
 *
 * A writer draws each letter into a PDF of its own (to keep in the book and to save) and,
 * when it has a batch file, into that one PDF too, one letter after another: the batch is
 * written as it goes, so its memory does not grow with the number of letters. Its output is
 * deterministic: the same letter on the same day gives the same bytes. */

typedef struct _RlLetterWriter RlLetterWriter;

/* An envelope window: where the recipient's address shows, in millimetres from the top left
 * corner of the sheet, and where the sheet folds. */
typedef struct
{
  const char *key;       /* "fr", "din", "ch" */
  double      x, y;      /* the window's top left corner */
  double      width;
  double      height;
  double      indent;    /* of the address, from the window's left edge */
  double      top;       /* of the address, from the window's top edge */
  double      top_registered; /* likewise, leaving room above for the registered-mail label */
  double      fold1;     /* fold marks */
  double      fold2;
} RlEnvelopeWindow;

const RlEnvelopeWindow *rl_envelope_window_lookup (const char             *key);

RlLetterWriter *rl_letter_writer_new             (const RlLetterSettings *settings,
                                                  const char             *batch_path,
                                                  RlDay                   as_of,
                                                  GError                **error);
gboolean        rl_letter_writer_add_action      (RlLetterWriter         *writer,
                                                  const RlActionDocument *doc,
                                                  GBytes                **out_pdf,
                                                  int                    *out_pages,
                                                  GError                **error);
gboolean        rl_letter_writer_add_statement   (RlLetterWriter         *writer,
                                                  const RlStatement      *statement,
                                                  GBytes                **out_pdf,
                                                  int                    *out_pages,
                                                  GError                **error);
gboolean        rl_letter_writer_add_calibration (RlLetterWriter         *writer,
                                                  const RlCompany        *company,
                                                  GBytes                **out_pdf,
                                                  int                    *out_pages,
                                                  GError                **error);
guint           rl_letter_writer_get_batch_pages (RlLetterWriter         *writer);
gboolean        rl_letter_writer_finish          (RlLetterWriter         *writer,
                                                  GError                **error);
void            rl_letter_writer_free            (RlLetterWriter         *writer);

gboolean        rl_letter_save                   (const char             *path,
                                                  GBytes                 *pdf,
                                                  GError                **error);

GBytes         *rl_letter_render_statement       (RlBook                 *book,
                                                  gint64                  customer_id,
                                                  RlDay                   as_of,
                                                  GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlLetterWriter, rl_letter_writer_free)

G_END_DECLS
