/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-action-text.h"
#include "rl-book.h"
#include "rl-date.h"
#include "rl-money.h"

G_BEGIN_DECLS

/* What the book keeps for printed letters: their settings, the letters printed (each with
 * its PDF and checksum), the letter actions waiting to be printed, and account statements. */

/* How far the address may be moved to fit an envelope, in tenths of a millimetre. */
#define RL_LETTER_OFFSET_MAX 300

typedef struct
{
  GBytes   *logo;             /* PNG or SVG, or NULL */
  GBytes   *signature;        /* PNG, or NULL */
  char     *signatory;        /* who signs; may be NULL */
  char     *signatory_title;  /* "Responsable du recouvrement"; may be NULL */
  char     *envelope;         /* "fr" (right window), "din" (DIN 5008 left window), "ch" */
  int       offset_x_dmm;     /* calibration, tenths of a millimetre, + moves right */
  int       offset_y_dmm;     /* + moves down */
  gboolean  duplex;           /* batches: each letter starts on an odd page */
} RlLetterSettings;

typedef struct
{
  gint64  id;
  gint64  action_id;         /* 0 for a statement */
  gint64  customer_id;
  char   *kind;              /* the template key, or "statement", "calibration" */
  RlDay   as_of;
  int     pages;
  char   *sha256;            /* of its own PDF, or of the batch it is part of */
  gint64  batch_id;          /* 0: the letter has a PDF of its own */
  int     first_page;        /* its first page in the batch */
} RlLetterRecord;

/* A payment shown on an account statement. */
typedef struct
{
  RlDay    date;
  char    *reference;        /* may be NULL */
  RlCents  amount;
  RlCents  unapplied;        /* not yet applied to an invoice: it lessens the balance */
} RlStatementPayment;

typedef struct
{
  RlCustomer *customer;
  RlCompany  *company;
  char       *contact_name;    /* may be NULL */
  char       *language;        /* "fr" or "en" */
  RlDay       as_of;
  RlDay       payments_since;  /* payments are listed from this day */
  GArray     *invoices;        /* (element-type RlDocumentLine): open invoices, by due date */
  GArray     *credit_notes;    /* (element-type RlDocumentLine): credit notes not fully applied */
  GArray     *payments;        /* (element-type RlStatementPayment) */
  RlCents     balance;         /* invoices − credit notes − unapplied payments */
} RlStatement;

RlLetterSettings *rl_book_get_letter_settings (RlBook                 *book,
                                               GError                **error);
gboolean          rl_book_set_letter_settings (RlBook                 *book,
                                               const RlLetterSettings *settings,
                                               GError                **error);
void              rl_letter_settings_free     (RlLetterSettings       *settings);

gint64            rl_book_record_letter       (RlBook                 *book,
                                               gint64                  action_id,
                                               gint64                  customer_id,
                                               const char             *kind,
                                               RlDay                   as_of,
                                               int                     pages,
                                               GBytes                 *pdf,
                                               GError                **error);
gint64            rl_book_record_letter_batch (RlBook                 *book,
                                               RlDay                   as_of,
                                               int                     pages,
                                               const char             *path,
                                               GError                **error);
gint64            rl_book_record_batch_letter (RlBook                 *book,
                                               gint64                  batch_id,
                                               int                     first_page,
                                               gint64                  action_id,
                                               gint64                  customer_id,
                                               const char             *kind,
                                               int                     pages,
                                               GError                **error);
GPtrArray        *rl_book_list_letters        (RlBook                 *book,
                                               gint64                  action_id,
                                               GError                **error);
GBytes           *rl_book_get_letter_pdf      (RlBook                 *book,
                                               gint64                  letter_id,
                                               int                    *out_first_page,
                                               GError                **error);
void              rl_letter_record_free       (RlLetterRecord         *record);

GArray           *rl_book_list_letter_actions (RlBook                 *book,
                                               gboolean                printed_too,
                                               GError                **error);

gboolean          rl_book_get_primary_contact (RlBook                 *book,
                                               gint64                  customer_id,
                                               char                  **out_name,
                                               GError                **error);

RlStatement      *rl_book_get_statement       (RlBook                 *book,
                                               gint64                  customer_id,
                                               RlDay                   as_of,
                                               GError                **error);
void              rl_statement_free           (RlStatement            *statement);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlLetterSettings, rl_letter_settings_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlLetterRecord, rl_letter_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlStatement, rl_statement_free)

G_END_DECLS
