/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rl-book-letters.h"
#include "rl-book.h"

G_BEGIN_DECLS

/* The preferences window (AdwPreferencesWindow) over a book: the company, the letters, the
 * relay provider and its key (in the keyring), the stale-data threshold. */

#define RL_STALE_DAYS_DEFAULT 7
#define RL_STALE_DAYS_MAX     90

enum
{
  RL_PREFS_PROVIDER,
  RL_PREFS_FROM,
  RL_PREFS_REPLY_TO,
  RL_PREFS_BASE_URL,
  RL_PREFS_N_RELAY
};

/* What the window shows, read from the book in a worker. */
typedef struct
{
  RlCompany        *company;
  RlLetterSettings *letters;
  char             *relay[RL_PREFS_N_RELAY];
  int               stale_days;
} RlPrefs;

RlPrefs  *rl_prefs_load             (RlBook       *book,
                                     GError      **error);
void      rl_prefs_free             (RlPrefs      *prefs);
gboolean  rl_prefs_save_relay       (RlBook       *book,
                                     char * const *relay,
                                     GError      **error);
gboolean  rl_prefs_save_stale_days  (RlBook       *book,
                                     int           days,
                                     GError      **error);
int       rl_prefs_mm_to_dmm        (double        mm);

void      rl_preferences_show       (GtkWidget    *from,
                                     const char   *book_path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlPrefs, rl_prefs_free)

G_END_DECLS
