/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rl-action-text.h"
#include "rl-book-outbox.h"
#include "rl-gui-format.h"
#include "rl-gui-widgets.h"
#include "rl-todo-view-private.h"

/* The day's actions' forms: a message's text edited before it goes out, and a call's outcome. */

static const char * const call_outcomes[] = {
  "reached", "no_answer", "promise", "dispute", "wrong_number",
};

static const char *
call_outcome_label (guint i)
{
  switch (i)
    {
    case 0: return _("Reached, nothing agreed");
    case 1: return _("No answer");
    case 2: return _("Promised to pay");
    case 3: return _("Disputes the invoice");
    case 4: return _("Wrong number");
    default: g_return_val_if_reached ("");
    }
}

static gboolean
text_change (RlBook   *book,
             gpointer  data,
             GError  **error)
{
  RlTodoChange *c = data;

  return rl_action_set_text (book, g_array_index (c->ids, gint64, 0), c->subject, c->body,
                             error);
}

static gboolean
call_change (RlBook   *book,
             gpointer  data,
             GError  **error)
{
  RlTodoChange *c = data;

  return rl_book_record_call (book, g_array_index (c->ids, gint64, 0), rl_day_today (),
                              c->outcome, c->note, c->promise_date, c->promise_amount,
                              c->dispute_reason, error);
}

/* Editing the text: the action's own text, rendered in a worker, in a dialog. */
typedef struct
{
  char *subject;
  char *body;
} Text;

static void
text_free (Text *t)
{
  g_free (t->subject);
  g_free (t->body);
  g_free (t);
}

static gpointer
render_job (RlBook   *book,
            gpointer  data,
            GError  **error)
{
  Text *t = g_new0 (Text, 1);

  if (!rl_action_render (book, GPOINTER_TO_SIZE (data), rl_day_today (),
                         RL_TEMPLATE_ESCAPE_NONE, &t->subject, &t->body, error))
    {
      text_free (t);
      return NULL;
    }
  return t;
}

static void
on_edit_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  RlTodoView *self = user_data;
  GtkEditable *subject = g_object_get_data (G_OBJECT (dialog), "subject");
  GtkTextView *body = g_object_get_data (G_OBJECT (dialog), "body");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (body);
  GtkTextIter start, end;
  RlTodoChange *change;

  if (!g_str_equal (response, "save"))
    return;
  change = _rl_todo_change_new (GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "id")));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  change->subject = g_strdup (gtk_editable_get_text (subject));
  change->body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  _rl_todo_view_apply_change (self, text_change, change);
}

static void
on_rendered_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RlTodoView) self = user_data;
  g_autoptr(GError) error = NULL;
  Text *t = rl_book_job_finish (result, &error);
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (self), "editing"));
  AdwMessageDialog *dialog;
  GtkWidget *box, *subject, *scrolled, *body;

  if (t == NULL)
    {
      rl_gui_toast_error (GTK_WIDGET (self), _("Cannot show the text"), error);
      return;
    }
  dialog = rl_gui_form_dialog_new (GTK_WIDGET (self), _("Edit the Message"), NULL, _("_Save"),
                                   &box);
  subject = rl_gui_form_entry (box, _("Subject"));
  gtk_editable_set_text (GTK_EDITABLE (subject), t->subject ? t->subject : "");
  body = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (body), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (body), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (body), 8);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (body), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (body), 8);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (body)),
                            t->body ? t->body : "", -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (body), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Message"), -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), body);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_box_append (GTK_BOX (box), scrolled);
  g_object_set_data (G_OBJECT (dialog), "subject", subject);
  g_object_set_data (G_OBJECT (dialog), "body", body);
  g_object_set_data (G_OBJECT (dialog), "id", GSIZE_TO_POINTER (id));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 600, -1);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_edit_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  text_free (t);
}

/* Opens the action's text, as it would go out, in a dialog to edit it. */
void
_rl_todo_edit_text (RlTodoView       *self,
                    const RlTodoItem *item)
{
  g_object_set_data (G_OBJECT (self), "editing", GSIZE_TO_POINTER (item->action->id));
  rl_book_job_run_async (_rl_todo_view_get_book_path (self), render_job, GSIZE_TO_POINTER (item->action->id), NULL,
                         (GDestroyNotify) text_free, NULL, on_rendered_cb, g_object_ref (self));
}

/* A call's outcome. */
static void
on_call_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  RlTodoView *self = user_data;
  GtkDropDown *outcome = g_object_get_data (G_OBJECT (dialog), "outcome");
  GtkEditable *note = g_object_get_data (G_OBJECT (dialog), "note");
  GtkEditable *date = g_object_get_data (G_OBJECT (dialog), "date");
  GtkEditable *amount = g_object_get_data (G_OBJECT (dialog), "amount");
  guint i = gtk_drop_down_get_selected (outcome);
  g_autoptr(GError) error = NULL;
  RlTodoChange *change;

  if (!g_str_equal (response, "save") || i >= G_N_ELEMENTS (call_outcomes))
    return;
  change = _rl_todo_change_new (GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "id")));
  change->outcome = g_strdup (call_outcomes[i]);
  change->note = *gtk_editable_get_text (note) ? g_strdup (gtk_editable_get_text (note)) : NULL;
  if (g_str_equal (change->outcome, "promise")
      && (!rl_day_parse (gtk_editable_get_text (date), RL_DATE_ORDER_DMY,
                         &change->promise_date, &error)
          || !rl_money_parse (gtk_editable_get_text (amount), RL_DECIMAL_AUTO,
                              &change->promise_amount, &error)))
    {
      rl_gui_toast_error (GTK_WIDGET (self), _("Not recorded"), error);
      _rl_todo_change_free (change);
      return;
    }
  if (g_str_equal (change->outcome, "dispute"))
    change->dispute_reason = g_strdup (change->note ? change->note : _("Disputed on the phone"));
  _rl_todo_view_apply_change (self, call_change, change);
}

/* The call's script, with the customer's number, and a form for its outcome. */
void
_rl_todo_record_call (RlTodoView       *self,
                      const RlTodoItem *item)
{
  AdwMessageDialog *dialog;
  g_autofree char *amount = NULL;
  g_autofree char *body = NULL;
  GtkWidget *box, *dropdown;
  const char *labels[G_N_ELEMENTS (call_outcomes) + 1] = { NULL };

  amount = rl_gui_money (item->action->amount);
  body = g_strdup_printf (_("Call %s on %s about %s overdue. Say who you are, give the invoice "
                            "numbers and ask when they will be paid."),
                          item->action->customer_name, item->phone ? item->phone : "—", amount);
  dialog = rl_gui_form_dialog_new (GTK_WIDGET (self), _("Record the Call"), body, _("_Record"),
                                   &box);
  for (guint i = 0; i < G_N_ELEMENTS (call_outcomes); i++)
    labels[i] = call_outcome_label (i);
  dropdown = gtk_drop_down_new_from_strings (labels);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Outcome"), -1);
  gtk_box_append (GTK_BOX (box), dropdown);
  g_object_set_data (G_OBJECT (dialog), "outcome", dropdown);
  g_object_set_data (G_OBJECT (dialog), "note", rl_gui_form_entry (box, _("Note")));
  g_object_set_data (G_OBJECT (dialog), "date",
                     rl_gui_form_entry (box, _("Promised for (DD/MM/YYYY)")));
  g_object_set_data (G_OBJECT (dialog), "amount", rl_gui_form_entry (box, _("Promised amount")));
  g_object_set_data (G_OBJECT (dialog), "id", GSIZE_TO_POINTER (item->action->id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_call_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
