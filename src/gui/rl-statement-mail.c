/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-statement-mail.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rl-book-job.h"
#include "rl-book-letters.h"
#include "rl-book-outbox.h"
#include "rl-delivery-setup.h"
#include "rl-dispatch-thread.h"
#include "rl-secret.h"
#include "rl-send-dialog.h"
#include "rl-action-text.h"
#include "rl-template.h"

typedef struct
{
  char          *book_path;
  gint64         customer_id;
  char          *to;
  GBytes        *pdf;
  int            pages;
  RlDay          as_of;
  RlDispatchThread *thread;
} Mail;

static void
mail_free (Mail *m)
{
  g_free (m->book_path);
  g_free (m->to);
  g_bytes_unref (m->pdf);
  g_clear_object (&m->thread);
  g_free (m);
}

/* The subject and text of the e-mail, in the customer's language: the book's "statement"
 * template (the shipped text unless edited in the preferences), rendered. */
static gboolean
statement_text (RlBook            *book,
                const RlCustomer  *customer,
                RlMessage         *m,
                RlDay              as_of,
                GError           **error)
{
  g_autofree char *subject_text = NULL;
  g_autofree char *body_text = NULL;
  g_autoptr(RlTemplateContext) ctx = NULL;
  g_autoptr(RlTemplate) subject = NULL;
  g_autoptr(RlTemplate) body = NULL;

  if (!rl_book_get_template (book, "statement", customer->language, &subject_text, &body_text,
                             NULL, error)
      || (subject = rl_template_parse (subject_text, error)) == NULL
      || (body = rl_template_parse (body_text, error)) == NULL)
    return FALSE;
  ctx = rl_template_context_new (rl_template_language (customer->language));
  rl_template_context_set_string (ctx, "company.name", m->from_name);
  rl_template_context_set_string (ctx, "customer.name", customer->name);
  rl_template_context_set_string (ctx, "contact.name", m->to_name);
  rl_template_context_set_day (ctx, "today", as_of);
  m->subject = rl_template_render (subject, ctx, RL_TEMPLATE_ESCAPE_NONE, error);
  m->text = m->subject != NULL ? rl_template_render (body, ctx, RL_TEMPLATE_ESCAPE_NONE, error)
                               : NULL;
  return m->text != NULL;
}

/* In the worker thread, as every function given to the dispatch thread. */
static RlMessage *
statement_message (RlBook      *book,
                   gpointer     data,
                   GError     **error)
{
  Mail *mail = data;
  g_autoptr(RlCustomer) customer = rl_book_get_customer (book, mail->customer_id, error);
  g_autoptr(RlMessage) m = NULL;
  g_autofree char *body = NULL;

  if (customer == NULL)
    return NULL;
  m = rl_message_new ();
  /* The same addresses as the reminders: the first contact with one, else the customer's. */
  if (!rl_message_set_sender (book, m, error)
      || !rl_book_outbox_recipient (book, customer->id, RL_CHANNEL_EMAIL, &m->to, &m->to_name,
                                    error))
    return NULL;
  if (!statement_text (book, customer, m, mail->as_of, error))
    return NULL;
  body = g_markup_escape_text (m->text, -1);
  m->html = rl_message_text_to_html (body, customer->language);
  m->attachment_name = g_strdup_printf (g_strcmp0 (customer->language, "en") == 0
                                        ? "statement-%s.pdf" : "releve-de-compte-%s.pdf",
                                        customer->code);
  m->attachment = g_bytes_ref (mail->pdf);
  m->correlation = g_strdup_printf ("statement:%s:%lld", customer->code,
                                    (long long) mail->as_of);
  mail->to = g_strjoinv (", ", m->to);
  return g_steal_pointer (&m);
}

static gboolean
record_change (RlBook   *book,
               gpointer  data,
               GError  **error)
{
  Mail *m = data;
  gint64 id = rl_book_record_letter (book, 0, m->customer_id, "statement", m->as_of, m->pages,
                                     m->pdf, error);

  return id > 0 && rl_book_audit (book, "email", "statement", id, m->to, error);
}

static void
on_recorded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Mail *m = g_task_get_task_data (task);
  GError *error = NULL;

  if (!rl_book_change_finish (result, &error))
    {
      /* It left all the same: say so, not "not sent". */
      g_task_return_new_error (task, error->domain, error->code,
                               _("sent to %s, but not kept in the book: %s"), m->to,
                               error->message);
      g_error_free (error);
    }
  else
    g_task_return_pointer (task, g_strdup (m->to), g_free);
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Mail *m = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GPtrArray) results = rl_dispatch_thread_send_finish (m->thread, result, &error);
  const RlDispatchResult *r;

  if (results == NULL || results->len == 0)
    {
      if (error == NULL)
        g_set_error_literal (&error, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_MESSAGE, _("Not sent"));
      g_task_return_error (task, error);
      return;
    }
  r = g_ptr_array_index (results, 0);
  if (r->state != RL_ACTION_DONE)
    {
      g_autofree char *why = rl_send_outcome_text (r);

      g_task_return_new_error (task, RL_DELIVERY_ERROR, RL_DELIVERY_ERROR_MESSAGE, "%s", why);
      return;
    }
  rl_book_change_async (m->book_path, record_change, m, NULL, NULL, on_recorded_cb,
                        g_steal_pointer (&task));
}

/* The e-mail provider's only: its key asked of the keyring from the worker thread. */
static RlDispatcher *
statement_dispatcher (RlBook   *book,
                      gpointer  data,
                      GError  **error)
{
  Mail *m = data;
  g_autofree char *id = rl_delivery_provider_id (book, RL_CHANNEL_EMAIL);
  g_autofree char *key = rl_secret_lookup_key (id, RL_CHANNEL_EMAIL, error);
  RlDispatcher *dispatcher;

  if (key == NULL)
    return NULL;
  dispatcher = rl_delivery_dispatcher_for_channel (book, RL_CHANNEL_EMAIL, key, error);
  memset (key, 0, strlen (key));
  if (dispatcher != NULL)
    rl_dispatcher_set_as_of (dispatcher, m->as_of);
  return dispatcher;
}

/**
 * rl_statement_mail_send_async:
 * @pdf: the statement, as previewed
 *
 * Sends the statement to the customer's e-mail address through the book's relay provider,
 * then records it. Finishes with the address it went to, or an error that says why not (no
 * address, no key, what the provider answered).
 */
void
rl_statement_mail_send_async (const char          *book_path,
                              gint64               customer_id,
                              GBytes              *pdf,
                              int                  pages,
                              RlDay                as_of,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);
  Mail *m = g_new0 (Mail, 1);

  g_task_set_source_tag (task, rl_statement_mail_send_async);
  m->book_path = g_strdup (book_path);
  m->customer_id = customer_id;
  m->pdf = g_bytes_ref (pdf);
  m->pages = pages;
  m->as_of = as_of;
  g_task_set_task_data (task, m, (GDestroyNotify) mail_free);
  /* The settings, the key, the customer and the template are read in the worker thread that
   * sends; the task (and @m with it) lives until the run is over. */
  m->thread = rl_dispatch_thread_new (book_path, statement_dispatcher, m, NULL);
  rl_dispatch_thread_send_message_async (m->thread, statement_message, m, NULL, NULL,
                                         on_sent_cb, g_steal_pointer (&task));
}

/* Returns: (transfer full): the address the statement went to, or %NULL with @error */
char *
rl_statement_mail_send_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rl_statement_mail_send_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
