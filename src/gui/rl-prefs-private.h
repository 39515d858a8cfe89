/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rl-book-job.h"
#include "rl-preferences.h"

G_BEGIN_DECLS

/* What the pages of the preferences window (rl-preferences.c, rl-prefs-*.c) share: the window,
 * its book, and the small builders of rows. Each page keeps its own state in a struct of its
 * file, reached from the window with g_object_get_data (window, "<page>"). */

typedef struct _RlPrefsPage RlPrefsPage;

typedef struct
{
  AdwPreferencesWindow *window;
  char                 *book_path;
  GtkWidget            *from;                 /* (weak) */
  RlPrefs              *prefs;
  gboolean              loading;
} Prefs;

/* Called back in the main loop once a change of the book is done (or refused). */
typedef void (*RlPrefsDone) (Prefs        *p,
                             gpointer      data,
                             const GError *error);
/* Called back with what a read of the book returned (NULL with @error). */
typedef void (*RlPrefsRead) (Prefs        *p,
                             gpointer      result,
                             const GError *error);

Prefs               *_rl_prefs_of              (gpointer              window);
void                 _rl_prefs_toast           (Prefs                *p,
                                                const char           *text);
void                 _rl_prefs_show_error      (GtkLabel             *label,
                                                const GError         *error);
GtkLabel            *_rl_prefs_error_label     (AdwPreferencesGroup  *group);
GtkWidget           *_rl_prefs_entry_row       (AdwPreferencesGroup  *group,
                                                const char           *title);
void                 _rl_prefs_set_entry       (GtkWidget            *row,
                                                const char           *text);
const char          *_rl_prefs_entry_text      (GtkWidget            *row);
AdwPreferencesGroup *_rl_prefs_group_new       (AdwPreferencesPage   *page,
                                                const char           *title,
                                                const char           *description);
AdwPreferencesPage  *_rl_prefs_page_new        (Prefs                *p,
                                                const char           *title,
                                                const char           *icon);
GtkSpinButton       *_rl_prefs_spin_row        (AdwPreferencesGroup  *group,
                                                const char           *title,
                                                const char           *subtitle,
                                                double                min,
                                                double                max,
                                                double                step,
                                                guint                 digits);
AdwComboRow         *_rl_prefs_combo_row       (AdwPreferencesGroup  *group,
                                                const char           *title,
                                                const char * const   *items);
GtkLabel            *_rl_prefs_outcome_row     (AdwPreferencesGroup  *group,
                                                const char           *title,
                                                const char           *accessible);
void                 _rl_prefs_change          (Prefs                *p,
                                                RlBookChangeFunc      func,
                                                gpointer              data,
                                                GDestroyNotify        data_free,
                                                RlPrefsDone           done);
void                 _rl_prefs_read            (Prefs                *p,
                                                RlBookJobFunc         func,
                                                gpointer              data,
                                                GDestroyNotify        data_free,
                                                GDestroyNotify        result_free,
                                                RlPrefsRead           done);

/* The pages, in the window's order. Each builds itself; fill puts the values of p->prefs in. */
void                 _rl_prefs_company_page    (Prefs                *p);
void                 _rl_prefs_letters_page    (Prefs                *p);
void                 _rl_prefs_letters_fill    (Prefs                *p);
void                 _rl_prefs_sending_page    (Prefs                *p);
void                 _rl_prefs_sending_fill    (Prefs                *p);
void                 _rl_prefs_plans_page      (Prefs                *p);
void                 _rl_prefs_templates_page  (Prefs                *p);
void                 _rl_prefs_rates_page      (Prefs                *p);

G_END_DECLS
