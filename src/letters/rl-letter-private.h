/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>

#include "rl-letter.h"

G_BEGIN_DECLS

/* What the page drawing (rl-letter.c) shares with the documents (rl-letter-documents.c).
 * Every length is in millimetres from the top left corner of the sheet. */

#define POINTS_PER_MM   (72.0 / 25.4)
#define RL_PAGE_WIDTH   210.0
#define RL_PAGE_HEIGHT  297.0
#define RL_MARGIN        20.0
#define RL_TEXT_WIDTH   (RL_PAGE_WIDTH - 2 * RL_MARGIN)

typedef enum
{
  RL_FONT_BODY,
  RL_FONT_BODY_BOLD,
  RL_FONT_SMALL,
  RL_FONT_SMALL_BOLD,
  RL_FONT_TABLE,
  RL_FONT_TABLE_BOLD,
  RL_FONT_TITLE,
  RL_FONT_ADDRESS,
  RL_N_FONTS,
} RlFont;

/* The fixed words of a letter, in the customer's language: data, not interface strings. */
typedef struct
{
  const char *subject;            /* "Objet : " */
  const char *page;               /* "%d/%d" */
  const char *place_date;         /* "%s, le %s" */
  const char *date_only;          /* "Le %s" */
  const char *registered;         /* the LRAR mention */
  const char *your_ref;
  const char *our_ref;
  const char *followed_by;
  const char *col_number, *col_date, *col_due, *col_amount, *col_paid, *col_remaining,
             *col_days, *col_interest;
  const char *credit_note;        /* "avoir", in the due date column */
  const char *principal;
  const char *interest_b2b;       /* "Pénalités de retard au %s" */
  const char *interest_b2c;
  const char *indemnity;          /* "Indemnités forfaitaires … (%u × 40 €)" */
  const char *total_claimed;
  const char *total_due;
  const char *pay_title;
  const char *pay_beneficiary, *pay_amount, *pay_reference;
  const char *pay_scan;
  const char *siren, *vat;
  const char *statement_subject;  /* "Relevé de compte au %s" */
  const char *statement_intro;
  const char *open_items;
  const char *payments_since;     /* "Règlements reçus depuis le %s" */
  const char *col_payment_date, *col_payment_ref, *col_payment_amount, *col_unapplied;
  const char *no_payments;
  const char *balance;
  const char *statement_closing;
  const char *calibration_title;
  const char *calibration_help;
  const char *calibration_info;   /* "Fenêtre %s, décalage …" */
  const char *window_names[3];    /* the envelope windows "fr", "din", "ch", in words */
} RlLetterWords;

const RlLetterWords *_rl_letter_words (const char *language);
char               *_rl_words_printf (const char *format,
                                      ...);

/* What the writer holds (rl-letter.c) and the page drawing reads. */
struct _RlLetterWriter
{
  const RlEnvelopeWindow *window;
  double                  offset_x;   /* calibration, mm */
  double                  offset_y;
  gboolean                duplex;
  char                   *signatory;
  char                   *signatory_title;
  char                   *create_date;
  PangoContext           *pango;
  PangoFontDescription   *fonts[RL_N_FONTS];
  cairo_surface_t        *logo_png;
  RsvgHandle             *logo_svg;
  double                  logo_width;   /* its natural size, in its own units */
  double                  logo_height;
  cairo_surface_t        *signature;
  GHashTable             *layouts;    /* key → CachedText: text shaped once */
  guint                   pages_begun; /* pages drawn so far, by any pen */
  GHashTable             *stamps;     /* key → recording surface: drawn once, painted again */
  cairo_surface_t        *batch;
  cairo_t                *batch_cr;
  guint                   batch_pages;
};

/* A letter being laid out: measured first (cr NULL) to count its pages, then drawn. */
typedef struct
{
  RlLetterWriter    *writer;
  cairo_t           *cr;          /* NULL while measuring */
  const RlLetterWords *words;
  const char        *language;
  const RlCompany   *company;
  const char        *running_title; /* on the top of the pages after the first */
  double             y;           /* where the next line goes */
  int                page;        /* of this letter, from 1 */
  int                total;       /* pages of this letter, 0 while measuring */
  const struct _RlColumn *columns; /* the table being drawn: its header repeats */
  guint              n_columns;
  GPtrArray         *recording;   /* when set, each page is recorded there, not shown */
  gboolean           forms;       /* repeated texts painted from forms (the batch alone) */
} RlPen;

/* A column of a table: its share of the text width and how it aligns. */
typedef struct _RlColumn
{
  const char     *header;
  double          width;
  PangoAlignment  align;
} RlColumn;

typedef void (*RlComposeFunc) (RlPen *pen, gconstpointer data, GError **error);
/* Draws what is the same on every page it goes on (see _rl_pen_stamp()). */
typedef void (*RlStampFunc) (RlPen *pen, gconstpointer data);

double    _rl_mm                   (double          mm);
GHashTable *_rl_layout_cache_new   (void);

void      _rl_pen_set_grey         (RlPen          *pen,
                                    double          level);
void      _rl_pen_stamp            (RlPen          *pen,
                                    const char     *key,
                                    RlStampFunc     draw,
                                    gconstpointer   data);
void      _rl_pen_begin            (RlPen          *pen);
void      _rl_pen_show_page        (RlPen          *pen);
double    _rl_pen_text_at          (RlPen          *pen,
                                    double          x,
                                    double          y,
                                    double          width,
                                    const char     *text,
                                    RlFont          font,
                                    PangoAlignment  align);
void      _rl_pen_paragraph        (RlPen          *pen,
                                    const char     *text,
                                    RlFont          font,
                                    PangoAlignment  align);
double    _rl_pen_paragraph_height (RlPen          *pen,
                                    const char     *text,
                                    RlFont          font);
void      _rl_pen_skip             (RlPen          *pen,
                                    double          mm);
void      _rl_pen_ensure           (RlPen          *pen,
                                    double          mm);
void      _rl_pen_table_header     (RlPen          *pen,
                                    const RlColumn *columns,
                                    guint           n_columns);
void      _rl_pen_table_row        (RlPen          *pen,
                                    const RlColumn *columns,
                                    guint           n_columns,
                                    const char * const *cells,
                                    gboolean        bold);
void      _rl_pen_totals_row       (RlPen          *pen,
                                    const char     *label,
                                    const char     *amount,
                                    gboolean        bold);
void      _rl_pen_letterhead       (RlPen          *pen);
void      _rl_pen_address          (RlPen          *pen,
                                    char          **lines,
                                    gboolean        registered);
void      _rl_pen_side_block       (RlPen          *pen,
                                    const char     *text,
                                    gboolean        registered);
void      _rl_pen_signature        (RlPen          *pen);
gboolean  _rl_pen_payment          (RlPen          *pen,
                                    RlCents         amount,
                                    const char     *reference,
                                    GError        **error);
void      _rl_pen_calibration      (RlPen          *pen);

GPtrArray *_rl_letter_writer_record_action (RlLetterWriter          *w,
                                            const RlActionDocument  *doc,
                                            GBytes                 **out_pdf,
                                            GError                 **error);
void       _rl_letter_writer_add_pages     (RlLetterWriter          *w,
                                            GPtrArray               *pages);

void      _rl_compose_action       (RlPen          *pen,
                                    gconstpointer   doc,
                                    GError        **error);
void      _rl_compose_statement    (RlPen          *pen,
                                    gconstpointer   statement,
                                    GError        **error);
void      _rl_compose_calibration  (RlPen          *pen,
                                    gconstpointer   company,
                                    GError        **error);

G_END_DECLS
