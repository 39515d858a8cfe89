/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A window showing letters as the real PDF (Poppler), to print through the desktop's print
 * dialog or to save as a PDF file. Printing or saving keeps the letters in the book. */

typedef enum
{
  RL_LETTER_PREVIEW_ACTION,       /* one letter action */
  RL_LETTER_PREVIEW_DAY,          /* the approved letters not printed yet, in one batch */
  RL_LETTER_PREVIEW_CALIBRATION,  /* the envelope calibration page */
  RL_LETTER_PREVIEW_STATEMENT,    /* a customer's account statement (the id is the customer's);
                                   * it can also be e-mailed to the customer */
} RlLetterPreviewKind;

/* Pages shown at most; printing and saving take them all. */
#define RL_LETTER_PREVIEW_MAX_PAGES 24

void rl_letter_preview_open (GtkWidget           *from,
                             const char          *book_path,
                             RlLetterPreviewKind  kind,
                             gint64               action_id);

G_END_DECLS
