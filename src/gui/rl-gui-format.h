/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-book-pages.h"
#include "rl-engine.h"

G_BEGIN_DECLS

/* How the app writes figures: one place for money, days, percentages and the columns of the
 * lists, so that every view reads alike. Pure functions, tested without a display. */

typedef enum
{
  RL_LIST_CUSTOMERS,
  RL_LIST_INVOICES,
} RlListKind;

typedef struct
{
  const char *id;            /* stable, for tests and state */
  const char *title;         /* N_() */
  RlListSort  sort;          /* RL_N_LIST_SORTS: not sortable */
  gboolean    numeric;       /* right-aligned, tabular figures */
  gboolean    expand;
  guint       chars;         /* the width of its cells, in characters of the font */
  guint       min_chars;     /* what it keeps in a narrow window: figures, dates and codes
                              * whole (« 116 4… € » would read as another amount), words
                              * ellipsized */
} RlListColumn;

const char         *rl_gui_language        (void);
void                rl_gui_set_language    (const char   *language);
char               *rl_gui_money           (RlCents       cents);
char               *rl_gui_day             (RlDay         day);
char               *rl_gui_tenths_days     (int           tenths);
char               *rl_gui_percent_bp      (int           bp);
char               *rl_gui_days_late       (int           days);
char               *rl_gui_half_year       (const char   *half_year);
char               *rl_gui_unbroken        (const char   *text);
char               *rl_gui_without_mnemonic (const char  *label);
const char         *rl_gui_risk_class      (char          klass);
const char         *rl_gui_channel_title   (RlChannel     channel);
char               *rl_gui_action_summary  (const RlAction *action);

const RlListColumn *rl_list_columns        (RlListKind    kind,
                                            guint        *n_columns);
char               *rl_list_cell_text      (RlListKind    kind,
                                            const char   *column_id,
                                            gconstpointer row);

G_END_DECLS
