/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rl-book-letters.h"
#include "rl-book.h"

G_BEGIN_DECLS

/* The preferences window (AdwPreferencesWindow) over a book: the company, the letters, the
 * e-mail and SMS providers and their keys (in the keyring), the stale-data threshold, the
 * dunning plans, the templates and the late-payment rates. */

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

enum
{
  RL_PREFS_SMS_PROVIDER,
  RL_PREFS_SMS_SENDER,
  RL_PREFS_SMS_BASE_URL,
  RL_PREFS_N_SMS
};

/* What the window shows, read from the book in a worker. */
typedef struct
{
  RlCompany        *company;
  RlLetterSettings *letters;
  char             *relay[RL_PREFS_N_RELAY];
  char             *sms[RL_PREFS_N_SMS];
  int               stale_days;
} RlPrefs;

RlPrefs  *rl_prefs_load             (RlBook       *book,
                                     GError      **error);
void      rl_prefs_free             (RlPrefs      *prefs);
gboolean  rl_prefs_save_relay       (RlBook       *book,
                                     char * const *relay,
                                     GError      **error);
gboolean  rl_prefs_save_sms         (RlBook       *book,
                                     char * const *sms,
                                     GError      **error);
gboolean  rl_prefs_check_address    (const char   *address,
                                     const char   *what,
                                     GError      **error);
gboolean  rl_prefs_save_stale_days  (RlBook       *book,
                                     int           days,
                                     GError      **error);
int       rl_prefs_mm_to_dmm        (double        mm);
GArray   *rl_prefs_rates_with_current (GArray     *rates,
                                       const char *current);

void      rl_preferences_show       (GtkWidget    *from,
                                     const char   *book_path,
                                     const char   *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlPrefs, rl_prefs_free)

G_END_DECLS
