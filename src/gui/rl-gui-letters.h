/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <poppler.h>

#include "rl-book.h"
#include "rl-date.h"

G_BEGIN_DECLS

/* Letters for the app, on top of the letters library: one action's letter or the day's batch
 * rendered into memory (nothing is recorded until it is printed or saved), then recorded in
 * the book as the command line does; the PDF's pages drawn with Poppler. No GTK here: the
 * functions run in worker threads and in tests. */

typedef struct
{
  gint64  action_id;
  gint64  customer_id;
  char   *kind;         /* the template key, or "calibration" */
  int     first_page;   /* in the set's PDF, from 1 */
  int     pages;
} RlGuiLetter;

typedef struct
{
  GBytes   *pdf;
  int       pages;
  RlDay     as_of;
  gboolean  batch;       /* several letters, recorded as a batch */
  GArray   *letters;     /* (element-type RlGuiLetter) */
  GPtrArray *failures;   /* (element-type utf8): "Customer: why", letters left out */
} RlGuiLetterSet;

RlGuiLetterSet *rl_gui_letter_render_action   (RlBook          *book,
                                               gint64           action_id,
                                               RlDay            as_of,
                                               GError         **error);
RlGuiLetterSet *rl_gui_letter_render_day      (RlBook          *book,
                                               RlDay            as_of,
                                               GError         **error);
RlGuiLetterSet *rl_gui_letter_render_calibration (RlBook       *book,
                                               RlDay            as_of,
                                               GError         **error);
RlGuiLetterSet *rl_gui_letter_render_statement (RlBook         *book,
                                               gint64           customer_id,
                                               RlDay            as_of,
                                               GError         **error);
GArray         *rl_gui_letters_to_print       (RlBook          *book,
                                               GError         **error);
gboolean        rl_gui_letter_set_record      (RlBook          *book,
                                               RlGuiLetterSet  *set,
                                               GError         **error);
void            rl_gui_letter_set_free        (RlGuiLetterSet  *set);

/* Poppler */
PopplerDocument *rl_gui_pdf_open              (GBytes          *pdf,
                                               GError         **error);
cairo_surface_t *rl_gui_pdf_render_page       (PopplerDocument *doc,
                                               int              index,
                                               double           scale);
void             rl_gui_pdf_print_page        (PopplerDocument *doc,
                                               int              index,
                                               cairo_t         *cr,
                                               double           width,
                                               double           height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlGuiLetterSet, rl_gui_letter_set_free)

/* Poppler 22.12 (Debian 12) declares no cleanup functions of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

G_END_DECLS
