/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-notifier.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "rl-book-alerts.h"
#include "rl-book-job.h"
#include "rl-book-pages.h"
#include "rl-gui-format.h"

/* A dispute is announced this many days before its deadline, and again once it has passed. */
#define DISPUTE_WARNING_DAYS 3
/* Beyond this, the rest are counted in one notification. */
#define MAX_NOTIFICATIONS 4

typedef struct
{
  char   *summary;
  char   *body;
  char   *action;      /* win.show-view or win.show-customer */
  GVariant *target;
} Event;

static void
event_free (Event *e)
{
  g_free (e->summary);
  g_free (e->body);
  g_free (e->action);
  g_variant_unref (e->target);
  g_free (e);
}

/* Adds the event unless the book has announced it already, and remembers it. */
static gboolean
add_event (RlBook      *book,
           GPtrArray   *events,
           const char  *key,
           char        *summary,
           char        *body,
           const char  *action,
           GVariant    *target,
           GError     **error)
{
  g_autofree char *setting = g_strconcat ("notified:", key, NULL);
  g_autofree char *done = rl_book_get_setting (book, setting);
  Event *e;

  if (done != NULL)
    {
      g_free (summary);
      g_free (body);
      g_variant_unref (g_variant_ref_sink (target));
      return TRUE;
    }
  if (!rl_book_set_setting (book, setting, "1", error))
    {
      g_free (summary);
      g_free (body);
      g_variant_unref (g_variant_ref_sink (target));
      return FALSE;
    }
  e = g_new0 (Event, 1);
  e->summary = summary;
  e->body = body;
  e->action = g_strdup (action);
  e->target = g_variant_ref_sink (target);
  g_ptr_array_add (events, e);
  return TRUE;
}

static gboolean
actions_events (RlBook     *book,
                RlDay       today,
                GPtrArray  *events,
                GError    **error)
{
  RlDashboardFigures fig;
  g_autofree char *day = rl_day_to_iso (today);
  g_autofree char *key = g_strconcat ("actions:", day, NULL);
  guint n = 0;

  if (!rl_book_dashboard_figures (book, today, 0, &fig, error))
    return FALSE;
  for (int c = 0; c < RL_N_CHANNELS; c++)
    n += fig.proposed[c];
  if (n == 0)
    return TRUE;
  return add_event (book, events, key,
                    g_strdup (_("Today’s actions are ready")),
                    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u action to review",
                                                  "%u actions to review", n), n),
                    "win.show-view", g_variant_new_string ("todo"), error);
}

static gboolean
dispute_events (RlBook     *book,
                RlDay       today,
                GPtrArray  *events,
                GError    **error)
{
  g_autoptr(GPtrArray) disputes = rl_book_open_disputes (book, error);

  if (disputes == NULL)
    return FALSE;
  for (guint i = 0; i < disputes->len; i++)
    {
      RlDisputeRow *d = g_ptr_array_index (disputes, i);
      g_autofree char *key = NULL;
      g_autofree char *day = NULL;
      gboolean passed;

      if (d->deadline == RL_DAY_NONE || d->deadline > today + DISPUTE_WARNING_DAYS)
        continue;
      passed = d->deadline < today;
      key = g_strdup_printf ("dispute:%lld:%s", (long long) d->id, passed ? "passed" : "soon");
      day = rl_gui_day (d->deadline);
      if (!add_event (book, events, key,
                      g_strdup_printf (passed ? _("Dispute deadline passed: %s")
                                              : _("Dispute deadline on %s"),
                                       passed ? d->invoice_number : day),
                      g_strdup_printf ("%s · %s · %s", d->customer_name,
                                       passed ? day : d->invoice_number, d->reason),
                      "win.show-customer", g_variant_new_int64 (d->customer_id), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
limit_events (RlBook     *book,
              RlDay       today,
              GPtrArray  *events,
              GError    **error)
{
  RlListQuery q = { .over_limit_only = TRUE, .as_of = today };
  g_autoptr(GPtrArray) rows = rl_book_customer_rows (book, &q, 0, 1000, error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      RlCustomerRow *r = g_ptr_array_index (rows, i);
      g_autofree char *key = g_strdup_printf ("limit:%lld", (long long) r->id);
      g_autofree char *owed = rl_gui_money (r->outstanding);
      g_autofree char *limit = rl_gui_money (r->credit_limit);

      if (!add_event (book, events, key,
                      g_strdup_printf (_("%s is over its credit limit"), r->name),
                      g_strdup_printf (_("%s owed of %s"), owed, limit),
                      "win.show-customer", g_variant_new_int64 (r->id), error))
        return FALSE;
    }
  return TRUE;
}

/* Broken promises and expired formal notices: once each, opening the customer's page. */
static gboolean
alert_events (RlBook      *book,
              RlDay        today,
              GPtrArray   *events,
              GError     **error)
{
  g_autoptr(GPtrArray) promises = rl_book_broken_promises (book, today, error);
  g_autoptr(GPtrArray) notices = NULL;

  if (promises == NULL)
    return FALSE;
  notices = rl_book_expired_notices (book, today, error);
  if (notices == NULL)
    return FALSE;
  for (guint i = 0; i < promises->len + notices->len; i++)
    {
      gboolean promise = i < promises->len;
      const RlAlertRow *r = promise ? g_ptr_array_index (promises, i)
                                    : g_ptr_array_index (notices, i - promises->len);
      g_autofree char *key = g_strdup_printf (promise ? "promise:%lld:broken"
                                                      : "notice:%lld:expired", (long long) r->id);
      g_autofree char *day = rl_gui_day (r->day);
      g_autofree char *amount = rl_gui_money (r->amount);

      if (!add_event (book, events, key,
                      g_strdup_printf (promise ? _("Promise broken: %s")
                                               : _("Formal notice expired: %s"),
                                       r->customer_name),
                      /* TRANSLATORS: an amount, then a date */
                      g_strdup_printf (promise ? _("%s promised for %s, not paid")
                                               : _("%s still owed; the deadline was %s"),
                                       amount, day),
                      "win.show-customer", g_variant_new_int64 (r->customer_id), error))
        return FALSE;
    }
  return TRUE;
}

static gpointer
events_job (RlBook   *book,
            gpointer  data,
            GError  **error)
{
  RlDay today = GPOINTER_TO_UINT (data);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) event_free);

  if (!rl_book_begin (book, error))
    return NULL;
  if (!actions_events (book, today, events, error)
      || !dispute_events (book, today, events, error)
      || !alert_events (book, today, events, error)
      || !limit_events (book, today, events, error))
    {
      rl_book_rollback (book);
      return NULL;
    }
  if (!rl_book_commit (book, error))
    return NULL;
  return g_steal_pointer (&events);
}

static void
on_notification_activated_cb (NotifyNotification *notification,
                              char               *action,
                              gpointer            user_data)
{
  GtkWidget *window = user_data;
  const char *name = g_object_get_data (G_OBJECT (notification), "action");
  GVariant *target = g_object_get_data (G_OBJECT (notification), "target");

  gtk_widget_activate_action_variant (window, name, target);
  gtk_window_present (GTK_WINDOW (window));
}

static void
show (GtkWidget  *window,
      const char *summary,
      const char *body,
      const char *action,
      GVariant   *target)
{
  NotifyNotification *n = notify_notification_new (summary, body,
                                                   "x-office-spreadsheet-symbolic");
  g_autoptr(GError) error = NULL;

  g_object_set_data_full (G_OBJECT (n), "action", g_strdup (action), g_free);
  g_object_set_data_full (G_OBJECT (n), "target", g_variant_ref (target),
                          (GDestroyNotify) g_variant_unref);
  notify_notification_add_action (n, "default", C_("verb", "Open"), on_notification_activated_cb,
                                  g_object_ref (window), g_object_unref);
  if (!notify_notification_show (n, &error))
    {
      g_debug ("Cannot show a notification: %s", error->message);
      g_object_unref (n);
      return;
    }
  /* The server keeps it until it is activated or closed: so does this reference. */
  g_signal_connect (n, "closed", G_CALLBACK (g_object_unref), NULL);
}

static void
on_events_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GtkWidget) window = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = rl_book_job_finish (result, &error);

  if (events == NULL)
    {
      g_warning ("Cannot look for events to announce: %s", error->message);
      return;
    }
  if (!notify_is_initted () && !notify_init ("Relance"))
    return;
  for (guint i = 0; i < events->len && i < MAX_NOTIFICATIONS; i++)
    {
      Event *e = g_ptr_array_index (events, i);

      show (window, e->summary, e->body, e->action, e->target);
    }
  if (events->len > MAX_NOTIFICATIONS)
    {
      guint more = events->len - MAX_NOTIFICATIONS;
      g_autofree char *summary =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more event needs you",
                                      "%u more events need you", more), more);

      show (window, summary, _("Credit limits, deadlines and broken promises: see the "
                               "dashboard."),
            "win.show-view", g_variant_new_string ("dashboard"));
    }
}

void
rl_notifier_check (GtkWidget  *window,
                   const char *book_path)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  rl_book_job_run_async (book_path, events_job, GUINT_TO_POINTER (rl_day_today ()), NULL,
                         (GDestroyNotify) g_ptr_array_unref, NULL, on_events_cb,
                         g_object_ref (window));
}
