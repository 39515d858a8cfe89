/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-prefs-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rl-date.h"
#include "rl-gui-widgets.h"
#include "rl-penalties.h"

/* The Rates page of the preferences: the late-payment rates by half-year. A half-year whose
 * rates are not confirmed is flagged (no letter or message claiming penalties for it can be
 * made, and the day's run warns); choosing it fills the form, and saving confirms it. */

typedef struct
{
  Prefs               *p;
  AdwPreferencesPage  *page;
  AdwComboRow         *half_year;
  GtkStringList       *half_years;
  GtkSpinButton       *ecb;
  GtkSpinButton       *legal_private;
  GtkSpinButton       *legal_other;
  AdwActionRow        *state;
  GtkLabel            *error;
  AdwPreferencesGroup *list;
  GArray              *rates;        /* (element-type RlRate), one per entry of half_years */
  char                 current[8];
  gboolean             loading;
} Rates;

static void
rates_free (Rates *r)
{
  g_clear_pointer (&r->rates, g_array_unref);
  g_object_unref (r->half_years);
  g_free (r);
}

static Rates *
rates_of (gpointer window)
{
  return g_object_get_data (G_OBJECT (window), "rates");
}

static char *
percent (int bp)
{
  return g_strdup_printf ("%.2f %%", bp / 100.0);
}

/**
 * rl_prefs_rates_with_current:
 * @rates: (element-type RlRate): the book's rates, in half-year order
 *
 * The book's rates, newest first, with @current (unconfirmed, no values) added when the book
 * lacks it: the half-year of today must always be there to confirm.
 *
 * Returns: (transfer full) (element-type RlRate)
 */
GArray *
rl_prefs_rates_with_current (GArray     *rates,
                             const char *current)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (RlRate));
  gboolean found = FALSE;

  for (guint i = rates->len; i > 0; i--)
    {
      RlRate *rate = &g_array_index (rates, RlRate, i - 1);

      if (!found && strcmp (rate->half_year, current) < 0)
        {
          RlRate missing = { 0 };

          g_strlcpy (missing.half_year, current, sizeof missing.half_year);
          g_array_append_val (out, missing);
        }
      found = found || strcmp (rate->half_year, current) <= 0;
      g_array_append_val (out, *rate);
    }
  if (!found)
    {
      RlRate missing = { 0 };

      g_strlcpy (missing.half_year, current, sizeof missing.half_year);
      g_array_append_val (out, missing);
    }
  return out;
}

static void
show_rate (Rates *r)
{
  guint i = adw_combo_row_get_selected (r->half_year);
  const RlRate *rate;

  if (r->rates == NULL || i >= r->rates->len)
    return;
  rate = &g_array_index (r->rates, RlRate, i);
  gtk_spin_button_set_value (r->ecb, rate->ecb_bp / 100.0);
  gtk_spin_button_set_value (r->legal_private, rate->legal_private_bp / 100.0);
  gtk_spin_button_set_value (r->legal_other, rate->legal_other_bp / 100.0);
  adw_action_row_set_subtitle (r->state, rate->confirmed
                               ? _("Confirmed")
                               : _("Not confirmed: no letter or message claiming penalties "
                                   "for it can be made"));
  if (rate->confirmed)
    gtk_widget_remove_css_class (GTK_WIDGET (r->state), "warning");
  else
    gtk_widget_add_css_class (GTK_WIDGET (r->state), "warning");
}

static void
on_half_year_changed_cb (AdwComboRow *row,
                         GParamSpec  *pspec,
                         Rates       *r)
{
  if (!r->loading)
    show_rate (r);
}

static void
list_rates (Rates *r)
{
  if (r->list != NULL)
    adw_preferences_page_remove (r->page, r->list);
  r->list = _rl_prefs_group_new (r->page, _("All Half-Years"), NULL);
  for (guint i = 0; i < r->rates->len; i++)
    {
      const RlRate *rate = &g_array_index (r->rates, RlRate, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *ecb = percent (rate->ecb_bp);
      g_autofree char *b2b = percent (rate->b2b_bp);
      g_autofree char *lp = percent (rate->legal_private_bp);
      g_autofree char *lo = percent (rate->legal_other_bp);
      g_autofree char *subtitle = NULL;

      if (rate->confirmed || rate->ecb_bp > 0)
        subtitle = g_strdup_printf (_("ECB %s, businesses %s, legal rate %s (private "
                                      "creditor) and %s (others)"), ecb, b2b, lp, lo);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rate->half_year);
      if (!rate->confirmed)
        {
          g_autofree char *flagged = g_strdup_printf ("%s%s%s", _("Not confirmed"),
                                                      subtitle != NULL ? " — " : "",
                                                      subtitle != NULL ? subtitle : "");

          g_free (subtitle);
          subtitle = g_steal_pointer (&flagged);
          gtk_widget_add_css_class (row, "warning");
        }
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_preferences_group_add (r->list, row);
    }
}

static gpointer
rates_job (RlBook   *book,
           gpointer  data,
           GError  **error)
{
  return rl_book_list_rates (book, error);
}

static void
rates_read (Prefs        *p,
            gpointer      result,
            const GError *error)
{
  Rates *r = rates_of (p->window);
  guint selected = 0;

  if (result == NULL)
    {
      _rl_prefs_show_error (r->error, error);
      return;
    }
  g_clear_pointer (&r->rates, g_array_unref);
  r->rates = rl_prefs_rates_with_current (result, r->current);
  r->loading = TRUE;
  gtk_string_list_splice (r->half_years, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (r->half_years)), NULL);
  for (guint i = 0; i < r->rates->len; i++)
    {
      const RlRate *rate = &g_array_index (r->rates, RlRate, i);
      g_autofree char *name = rate->confirmed
                              ? g_strdup (rate->half_year)
                              : g_strdup_printf (_("%s (not confirmed)"), rate->half_year);

      gtk_string_list_append (r->half_years, name);
      if (strcmp (rate->half_year, r->current) == 0)
        selected = i;
    }
  adw_combo_row_set_selected (r->half_year, selected);
  r->loading = FALSE;
  show_rate (r);
  list_rates (r);
}

static void
reload (Rates *r)
{
  _rl_prefs_read (r->p, rates_job, NULL, NULL, (GDestroyNotify) g_array_unref, rates_read);
}

static gboolean
rate_change (RlBook   *book,
             gpointer  data,
             GError  **error)
{
  return rl_book_set_rate (book, data, error);
}

static void
rate_saved (Prefs        *p,
            gpointer      data,
            const GError *error)
{
  Rates *r = rates_of (p->window);

  _rl_prefs_show_error (r->error, error);
  if (error != NULL)
    return;
  _rl_prefs_toast (p, _("Rates confirmed"));
  reload (r);
  if (p->from != NULL)
    gtk_widget_activate_action (p->from, "win.book-changed", "s", "rates");
}

static int
to_bp (GtkSpinButton *spin)
{
  double bp = gtk_spin_button_get_value (spin) * 100.0;

  return (int) (bp + 0.5);
}

static void
on_confirm_cb (GtkButton *button,
               Rates     *r)
{
  guint i = adw_combo_row_get_selected (r->half_year);
  RlRate *rate;

  if (r->rates == NULL || i >= r->rates->len)
    return;
  rate = g_new0 (RlRate, 1);
  g_strlcpy (rate->half_year, g_array_index (r->rates, RlRate, i).half_year,
             sizeof rate->half_year);
  rate->ecb_bp = to_bp (r->ecb);
  rate->b2b_bp = -1;
  rate->legal_private_bp = to_bp (r->legal_private);
  rate->legal_other_bp = to_bp (r->legal_other);
  _rl_prefs_change (r->p, rate_change, rate, g_free, rate_saved);
}

void
_rl_prefs_rates_page (Prefs *p)
{
  Rates *r = g_new0 (Rates, 1);
  AdwPreferencesGroup *form;
  GtkWidget *button;

  r->p = p;
  g_object_set_data_full (G_OBJECT (p->window), "rates", r, (GDestroyNotify) rates_free);
  rl_half_year_of (rl_day_today (), r->current);
  r->page = _rl_prefs_page_new (p, _("Rates"), "accessories-calculator-symbolic");
  adw_preferences_page_set_name (r->page, "rates");
  form = _rl_prefs_group_new (r->page, _("Late-Payment Rates"),
                              _("The ECB rate of 1 January or 1 July and the legal interest "
                                "rates of the half-year, as published; businesses owe the ECB "
                                "rate plus 10 points. Letters claim interest only for a "
                                "confirmed half-year"));
  r->half_years = gtk_string_list_new (NULL);
  r->half_year = _rl_prefs_combo_row (form, _("Half-year"), NULL);
  adw_combo_row_set_model (r->half_year, G_LIST_MODEL (r->half_years));
  g_signal_connect (r->half_year, "notify::selected", G_CALLBACK (on_half_year_changed_cb), r);
  r->state = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r->state), _("State"));
  adw_preferences_group_add (form, GTK_WIDGET (r->state));
  r->ecb = _rl_prefs_spin_row (form, _("ECB rate (%)"), NULL, -5, 30, 0.01, 2);
  r->legal_private = _rl_prefs_spin_row (form, _("Legal rate, private creditor (%)"), NULL,
                                         0, 50, 0.01, 2);
  r->legal_other = _rl_prefs_spin_row (form, _("Legal rate, other cases (%)"), NULL, 0, 50,
                                       0.01, 2);
  r->error = _rl_prefs_error_label (form);
  button = rl_gui_button_new (_("_Confirm"), _("Confirm the rates of the half-year"),
                              G_CALLBACK (on_confirm_cb), r);
  gtk_widget_add_css_class (button, "suggested-action");
  adw_preferences_group_set_header_suffix (form, button);
  reload (r);
}
