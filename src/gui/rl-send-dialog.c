/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-send-dialog.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "rl-book-job.h"
#include "rl-book-outbox.h"
#include "rl-delivery-setup.h"
#include "rl-dispatch-thread.h"
#include "rl-secret.h"
#include "rl-gui-widgets.h"

/**
 * rl_send_outcome_text:
 *
 * Returns: (transfer full): how the message ended, with the provider's words when it did not
 *   leave or may not have
 */
char *
rl_send_outcome_text (const RlDispatchResult *result)
{
  const char *why = result->error != NULL && *result->error != '\0' ? result->error : NULL;

  switch (result->state)
    {
    case RL_ACTION_DONE:
      return g_strdup (_("Sent"));
    case RL_ACTION_IN_DOUBT:
      /* TRANSLATORS: %s is the provider's answer, or what went wrong */
      return why != NULL ? g_strdup_printf (_("In doubt: %s"), why) : g_strdup (_("In doubt"));
    case RL_ACTION_FAILED:
    default:
      return why != NULL ? g_strdup_printf (_("Failed: %s"), why) : g_strdup (_("Failed"));
    }
}

/**
 * rl_send_setup_problem:
 * @out_fixable: (out): whether the preferences can fix it (a key, a provider)
 *
 * Returns: (transfer full): the sentence to show when the dispatcher cannot be set up
 */
char *
rl_send_setup_problem (const GError *error,
                       gboolean     *out_fixable)
{
  *out_fixable = TRUE;
  if (g_error_matches (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_NO_KEY))
    return g_strdup (_("No API key for the relay provider is set. Enter it in the preferences "
                       "(it is kept in your keyring)."));
  if (g_error_matches (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_NO_SECRET_SERVICE))
    {
      *out_fixable = FALSE;
      return g_strdup_printf (_("The keyring that holds the relay provider’s key cannot be "
                                "reached: %s"), error->message);
    }
  if (g_error_matches (error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_CONFIG))
    return g_strdup_printf (_("The relay provider is not set up right: %s"), error->message);
  *out_fixable = FALSE;
  return g_strdup (error->message);
}

/* The messages go out one at a time from a worker thread (rl-dispatch-thread.c): the book
 * is written there, and each outcome shows here as soon as it is known. */
typedef struct
{
  GtkWidget        *from;        /* (weak) */
  GtkWidget        *window;      /* (weak); made when the first message starts */
  RlDispatchThread *thread;
  GApplication     *app;         /* held while the thread runs */
  GPtrArray        *items;       /* (element-type RlOutboxItem): to send */
  guint             next;
  guint             counts[3];   /* sent, in doubt, failed */
  gboolean          started;
  gboolean          stopping;
  gboolean          over;
  GtkProgressBar   *progress;
  GtkLabel         *status;
  GtkListBox       *list;
  GtkButton        *stop;
} Run;

static void build_window (Run *run);
static void tell_problem (GtkWidget *from, const GError *error);

static void
run_free (Run *run)
{
  if (run->from != NULL)
    g_object_remove_weak_pointer (G_OBJECT (run->from), (gpointer *) &run->from);
  if (run->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (run->window), (gpointer *) &run->window);
  g_signal_handlers_disconnect_by_data (run->thread, run);
  g_clear_object (&run->thread);
  g_clear_object (&run->app);
  g_ptr_array_unref (run->items);
  g_free (run);
}

static void
show_status (Run *run)
{
  guint n = run->items->len;
  guint settled = run->counts[0] + run->counts[1] + run->counts[2];
  g_autofree char *text = NULL;
  g_autofree char *counts = NULL;

  gtk_progress_bar_set_fraction (run->progress, n > 0 ? (double) run->next / n : 1.0);
  if (run->next < n && !run->stopping && !run->over)
    text = g_strdup_printf (_("Sending %u of %u…"), run->next + 1, n);
  else
    text = g_strdup_printf (_("Sent: %u, in doubt: %u, failed: %u"), run->counts[0],
                            run->counts[1], run->counts[2]);
  gtk_progress_bar_set_text (run->progress, text);
  /* Stopped before the end: say what was not sent, and that it waits, still approved. */
  if (run->over && run->stopping && settled < n)
    {
      counts = g_steal_pointer (&text);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s. Stopped: %u message was not sent; it stays "
                                           "approved.",
                                           "%s. Stopped: %u messages were not sent; they stay "
                                           "approved.", n - settled), counts, n - settled);
    }
  gtk_label_set_text (run->status, text);
}

static void
finish (Run *run)
{
  show_status (run);
  gtk_button_set_label (run->stop, _("_Close"));
  gtk_widget_set_sensitive (GTK_WIDGET (run->stop), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (run->stop), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Close"), -1);
  if (run->counts[1] > 0)
    {
      GtkWidget *label = gtk_label_new (_("A message in doubt may have left: check with the "
                                          "provider before sending it again. It is never resent "
                                          "by itself."));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_insert_after (label, gtk_widget_get_parent (GTK_WIDGET (run->status)),
                               GTK_WIDGET (run->status));
    }
}

static void
add_outcome (Run                    *run,
             const RlOutboxItem     *item,
             const RlDispatchResult *result,
             const char             *problem)
{
  g_autofree char *text = result != NULL ? rl_send_outcome_text (result) : g_strdup (problem);
  g_autofree char *title = g_strdup_printf ("%s · %s", item->customer_name,
                                            rl_channel_label (item->channel));
  GtkWidget *row = rl_gui_list_add_row (run->list, title, text, NULL);
  g_autofree char *label = g_strdup_printf ("%s: %s", title, text);

  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  if (result == NULL || result->state == RL_ACTION_FAILED)
    run->counts[2]++;
  else
    run->counts[result->state == RL_ACTION_DONE ? 0 : 1]++;
}

/* The message a result is about: the one sent, or an earlier one of this batch that its own
 * run left "sending" (the book could not record its outcome) and this run dealt with first.
 * One left by an earlier batch is not in the list: it shows under the message sent. */
static const RlOutboxItem *
item_of (Run                    *run,
         const RlDispatchResult *result,
         const RlOutboxItem     *sent)
{
  for (guint i = 0; i < run->items->len; i++)
    {
      const RlOutboxItem *item = g_ptr_array_index (run->items, i);

      if (item->action_id == result->action_id)
        return item;
    }
  return sent;
}

static void
on_message_started_cb (RlDispatchThread *thread,
                       guint             index,
                       gint64            action_id,
                       Run              *run)
{
  if (!run->started)
    {
      run->started = TRUE;
      if (run->from != NULL)
        build_window (run);
    }
  run->next = index;
  if (run->window != NULL)
    show_status (run);
}

static void
on_message_done_cb (RlDispatchThread *thread,
                    guint             index,
                    gint64            action_id,
                    GPtrArray        *results,
                    const GError     *error,
                    Run              *run)
{
  const RlOutboxItem *item = g_ptr_array_index (run->items, index);

  run->next = index + 1;
  if (run->window == NULL)
    return;
  if (results == NULL)
    add_outcome (run, item, NULL, error->message);
  else if (results->len == 0)
    add_outcome (run, item, NULL, _("Not sent: no provider is set up for this channel"));
  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      const RlDispatchResult *r = g_ptr_array_index (results, i);

      add_outcome (run, item_of (run, r, item), r, NULL);
    }
  show_status (run);
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = rl_dispatch_thread_send_finish (RL_DISPATCH_THREAD (source),
                                                                 result, &error);

  run->over = TRUE;
  if (!run->started && run->from != NULL)
    {
      /* Nothing left: the dispatcher could not be set up (a provider, a key), or the book
       * not be opened. */
      if (error != NULL)
        tell_problem (run->from, error);
    }
  if (run->started && run->from != NULL)
    gtk_widget_activate_action (run->from, "win.book-changed", "s", "todo");
  if (run->app != NULL)
    g_application_release (run->app);
  /* The window stays to be read; the run goes with it. */
  if (run->window != NULL)
    finish (run);
  else
    run_free (run);
}

static void
on_stop_clicked_cb (GtkButton *button,
                    Run       *run)
{
  if (run->over)
    gtk_window_destroy (GTK_WINDOW (run->window));
  else
    {
      /* The message on its way is let finish: cut short, it could be in doubt. */
      run->stopping = TRUE;
      rl_dispatch_thread_stop (run->thread);
      gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
    }
}

static void
on_window_destroy_cb (GtkWidget *window,
                      Run       *run)
{
  /* Gone now, whoever still holds it. */
  g_object_remove_weak_pointer (G_OBJECT (window), (gpointer *) &run->window);
  run->window = NULL;
  if (run->over)
    {
      run_free (run);
      return;
    }
  /* The message on its way finishes; the run is freed when the thread is over. */
  run->stopping = TRUE;
  rl_dispatch_thread_stop (run->thread);
}

static void
on_problem_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        GtkWidget        *from)
{
  if (g_str_equal (response, "preferences"))
    gtk_widget_activate_action (from, "win.preferences", NULL);
}

static void
tell_problem (GtkWidget    *from,
              const GError *error)
{
  gboolean fixable;
  g_autofree char *text = rl_send_setup_problem (error, &fixable);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (from)), _("Cannot Send"), text));

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  if (fixable)
    {
      adw_message_dialog_add_response (dialog, "preferences", _("Open _Preferences"));
      adw_message_dialog_set_response_appearance (dialog, "preferences", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "preferences");
    }
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_problem_response_cb), from, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
build_window (Run *run)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *progress = gtk_progress_bar_new ();
  GtkWidget *status = gtk_label_new (NULL);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *stop = gtk_button_new_with_mnemonic (_("_Stop"));

  run->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &run->window);
  gtk_window_set_title (GTK_WINDOW (window), _("Sending the Messages"));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 520);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  if (run->from != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (window),
                                  GTK_WINDOW (gtk_widget_get_root (run->from)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Progress"), -1);
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (progress), FALSE);
  gtk_label_set_xalign (GTK_LABEL (status), 0);
  gtk_label_set_wrap (GTK_LABEL (status), TRUE);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Outcome of each message"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (stop), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Stop after this message"), -1);
  gtk_widget_set_halign (stop, GTK_ALIGN_END);
  g_signal_connect (stop, "clicked", G_CALLBACK (on_stop_clicked_cb), run);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (content), progress);
  gtk_box_append (GTK_BOX (content), status);
  gtk_box_append (GTK_BOX (content), list);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_widget_set_margin_bottom (content, 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), content);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_widget_set_margin_end (stop, 12);
  gtk_widget_set_margin_bottom (stop, 12);
  gtk_box_append (GTK_BOX (box), stop);
  adw_window_set_content (ADW_WINDOW (window), box);
  run->progress = GTK_PROGRESS_BAR (progress);
  run->status = GTK_LABEL (status);
  run->list = GTK_LIST_BOX (list);
  run->stop = GTK_BUTTON (stop);
  g_signal_connect (window, "destroy", G_CALLBACK (on_window_destroy_cb), run);
  gtk_window_present (GTK_WINDOW (window));
}

/* The approved messages of the channels that have a provider. */
static GPtrArray *
messages_to_send (RlBook      *book,
                  gboolean     sms,
                  GError     **error)
{
  g_autoptr(GPtrArray) all = rl_book_list_outbox (book, FALSE, error);
  GPtrArray *items;

  if (all == NULL)
    return NULL;
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_outbox_item_free);
  for (guint i = 0; i < all->len; i++)
    {
      RlOutboxItem *item = g_ptr_array_index (all, i);

      if (item->state == RL_ACTION_APPROVED && (item->channel != RL_CHANNEL_SMS || sms))
        g_ptr_array_add (items, g_steal_pointer (&all->pdata[i]));
    }
  return items;
}

/* Getting ready to send: the messages and the providers read in a worker thread, then the
 * providers' keys asked of the keyring without waiting for it. */
typedef struct
{
  GtkWidget *from;               /* (weak) */
  char      *book_path;
  GPtrArray *items;              /* (element-type RlOutboxItem) */
  char      *providers[2];       /* e-mail, SMS: their ids, or NULL when not set up */
  char      *keys[2];            /* what the keyring gave */
  GError    *error;              /* or why it gave none */
  int        asking;             /* the channel whose key is asked now */
} Opening;

static void
opening_free (Opening *o)
{
  if (o->from != NULL)
    g_object_remove_weak_pointer (G_OBJECT (o->from), (gpointer *) &o->from);
  g_clear_pointer (&o->items, g_ptr_array_unref);
  for (int i = 0; i < 2; i++)
    {
      g_free (o->providers[i]);
      g_free (o->keys[i]);
    }
  g_clear_error (&o->error);
  g_free (o->book_path);
  g_free (o);
}

static gpointer
read_messages_job (RlBook    *book,
                   gpointer   data,
                   GError   **error)
{
  Opening *o = data;

  o->providers[0] = rl_delivery_provider_id (book, RL_CHANNEL_EMAIL);
  o->providers[1] = rl_delivery_provider_id (book, RL_CHANNEL_SMS);
  o->items = messages_to_send (book, o->providers[1] != NULL, error);
  return NULL;
}

/* What the worker thread needs to make its dispatcher: the keys the keyring gave. */
typedef struct
{
  char  *keys[2];
  RlDay  as_of;
} Setup;

static void
setup_free (Setup *setup)
{
  for (int i = 0; i < 2; i++)
    if (setup->keys[i] != NULL)
      {
        memset (setup->keys[i], 0, strlen (setup->keys[i]));
        g_free (setup->keys[i]);
      }
  g_free (setup);
}

static RlDispatcher *
make_dispatcher (RlBook   *book,
                 gpointer  data,
                 GError  **error)
{
  Setup *setup = data;
  RlDispatcher *dispatcher = rl_delivery_dispatcher (book, setup->keys[0], setup->keys[1],
                                                     error);

  if (dispatcher != NULL)
    rl_dispatcher_set_as_of (dispatcher, setup->as_of);
  return dispatcher;
}

/* With the keys at hand: the run in its thread; the window shows when the first message
 * starts, or what is missing is said. */
static void
start_sending (Opening *o)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  Setup *setup;
  Run *run;

  if (o->from == NULL)
    return;
  if (o->error != NULL)
    {
      tell_problem (o->from, o->error);
      return;
    }
  setup = g_new0 (Setup, 1);
  setup->keys[0] = g_steal_pointer (&o->keys[0]);
  setup->keys[1] = g_steal_pointer (&o->keys[1]);
  setup->as_of = rl_day_today ();
  run = g_new0 (Run, 1);
  run->from = o->from;
  g_object_add_weak_pointer (G_OBJECT (run->from), (gpointer *) &run->from);
  run->items = g_steal_pointer (&o->items);
  for (guint i = 0; i < run->items->len; i++)
    g_array_append_val (ids, ((RlOutboxItem *) g_ptr_array_index (run->items, i))->action_id);
  run->thread = rl_dispatch_thread_new (o->book_path, make_dispatcher, setup,
                                        (GDestroyNotify) setup_free);
  g_signal_connect (run->thread, "message-started", G_CALLBACK (on_message_started_cb), run);
  g_signal_connect (run->thread, "message-done", G_CALLBACK (on_message_done_cb), run);
  /* Quitting waits for the message on its way: cut short, it could be in doubt. */
  if ((run->app = g_application_get_default ()) != NULL)
    {
      g_object_ref (run->app);
      g_application_hold (run->app);
    }
  rl_dispatch_thread_send_async (run->thread, ids, NULL, on_sent_cb, run);
}

static void on_key_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data);

/* Asks the keyring for the key of the next channel set up after @after, one at a time; once
 * all are known, starts sending. Frees @o in the end. */
static void
ask_next_key (Opening *o,
              int      after)
{
  static const RlChannel channels[2] = { RL_CHANNEL_EMAIL, RL_CHANNEL_SMS };

  for (int i = after + 1; i < 2; i++)
    if (o->providers[i] != NULL)
      {
        o->asking = i;
        rl_secret_lookup_key_async (o->providers[i], channels[i], NULL, on_key_cb, o);
        return;
      }
  start_sending (o);
  opening_free (o);
}

static void
on_key_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Opening *o = user_data;

  o->keys[o->asking] = rl_secret_lookup_key_finish (result, &o->error);
  /* No key (or no keyring): said without asking for the next one. */
  ask_next_key (o, o->error != NULL ? 2 : o->asking);
}

static void
on_messages_read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Opening *o = user_data;
  g_autoptr(GError) error = NULL;

  rl_book_job_finish (result, &error);
  if (o->from != NULL && o->items != NULL && o->items->len > 0 && error == NULL)
    {
      ask_next_key (o, -1);
      return;
    }
  if (o->from == NULL)
    ;
  else if (error != NULL || o->items == NULL)
    rl_gui_toast_error (o->from, _("Cannot send"), error);
  else
    gtk_widget_activate_action (o->from, "win.toast", "s", _("No approved message to send"));
  opening_free (o);
}

/* Sends the approved messages of the book at @book_path, or says what is missing. */
void
rl_send_dialog_open (GtkWidget  *from,
                     const char *book_path)
{
  Opening *o = g_new0 (Opening, 1);

  o->from = from;
  g_object_add_weak_pointer (G_OBJECT (from), (gpointer *) &o->from);
  o->book_path = g_strdup (book_path);
  rl_book_job_run_async (book_path, read_messages_job, o, NULL, NULL, NULL,
                         on_messages_read_cb, o);
}
