/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-book.h"
#include "rl-date.h"
#include "rl-engine.h"
#include "rl-model.h"
#include "rl-template.h"

G_BEGIN_DECLS

/* The words of an action: the book's templates (the user's edited versions of the shipped
 * texts), an action's own edited text, and the message an action sends, rendered from the
 * book in the customer's language.
 *
 * Templates are checked when they are saved: a syntax error or an unknown variable is
 * refused then, with its line, so that a letter never goes out with a blank in it. */

gboolean  rl_book_get_template   (RlBook            *book,
                                  const char        *key,
                                  const char        *language,
                                  char             **out_subject,
                                  char             **out_body,
                                  gboolean          *out_edited,
                                  GError           **error);
gboolean  rl_book_set_template   (RlBook            *book,
                                  const char        *key,
                                  const char        *language,
                                  const char        *subject,
                                  const char        *body,
                                  GError           **error);
gboolean  rl_book_reset_template (RlBook            *book,
                                  const char        *key,
                                  const char        *language,
                                  GError           **error);

/* Previews of the templates (rl-template-preview.c for the rendering). */
RlTemplateContext *rl_book_sample_context (RlBook            *book,
                                           const char        *language,
                                           RlDay              as_of,
                                           GError           **error);
gboolean  rl_template_preview    (const RlTemplateContext *ctx,
                                  const char        *subject,
                                  const char        *body,
                                  char             **out_subject,
                                  char             **out_body,
                                  GError           **error);

gboolean  rl_action_render       (RlBook            *book,
                                  gint64             action_id,
                                  RlDay              as_of,
                                  RlTemplateEscape   escape,
                                  char             **out_subject,
                                  char             **out_body,
                                  GError           **error);
gboolean  rl_action_set_text     (RlBook            *book,
                                  gint64             action_id,
                                  const char        *subject,
                                  const char        *body,
                                  GError           **error);

/* A printed letter: its text rendered with "printed" set, plus the facts it draws itself
 * (the invoice table, totals, payment reference). In the body, a line that is exactly
 * RL_ACTION_TABLE_MARK is where the invoice table goes. */
#define RL_ACTION_TABLE_MARK "\x1e"

typedef struct
{
  char    *number;
  RlDay    issue_date;
  RlDay    due_date;
  RlCents  amount;      /* incl. VAT */
  RlCents  paid;
  RlCents  remaining;
  RlCents  interest;    /* claimed penalties, 0 when not claimed */
  RlCents  indemnity;
  int      days_late;
} RlDocumentLine;

typedef struct
{
  gint64       action_id;
  char        *template_key;
  RlChannel    channel;
  char        *language;       /* "fr" or "en" */
  char        *subject;
  char        *body;
  RlCustomer  *customer;
  RlCompany   *company;
  char        *contact_name;   /* may be NULL */
  GArray      *invoices;       /* (element-type RlDocumentLine) */
  GArray      *credit_notes;   /* (element-type RlDocumentLine): number, issue_date, remaining */
  RlCents      remaining;      /* total.remaining */
  RlCents      interest;
  RlCents      indemnity;
  RlCents      due;            /* total.due */
  char        *payment_reference;
  RlDay        today;
  RlDay        deadline;
} RlActionDocument;

RlActionDocument *rl_action_render_document (RlBook          *book,
                                             gint64           action_id,
                                             RlDay            as_of,
                                             GError         **error);
void              rl_action_document_free   (RlActionDocument *doc);
void              rl_document_line_clear    (gpointer          line);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlActionDocument, rl_action_document_free)

G_END_DECLS
