/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-customer-page-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rl-book-job.h"
#include "rl-book-notes.h"
#include "rl-engine.h"
#include "rl-gui-format.h"
#include "rl-gui-widgets.h"
#include "rl-letter-preview.h"

/* The customer page's other actions: agree a payment plan, choose the dunning plan, send an
 * account statement, write a note. Each change goes to the book in a worker, in one
 * transaction; what the user typed is checked first and said when wrong. */

typedef struct
{
  gint64    customer_id;
  gint64    plan_id;
  char     *text;
  guint     n;
  RlDay    *due_dates;
  RlCents  *amounts;
} Change;

static const char *period_labels[] = {
  N_("Every week"), N_("Every two weeks"), N_("Every month"), N_("Every quarter"),
};

static void
change_free (Change *c)
{
  g_free (c->text);
  g_free (c->due_dates);
  g_free (c->amounts);
  g_free (c);
}

static Change *
change_new (RlCustomerPage *self)
{
  Change *c = g_new0 (Change, 1);

  c->customer_id = self->customer_id;
  return c;
}

static void
apply (RlCustomerPage   *self,
       RlBookChangeFunc  func,
       Change           *change)
{
  rl_book_change_async (self->book_path, func, change, (GDestroyNotify) change_free, NULL,
                        _rl_customer_page_changed_cb, g_object_ref (self));
}

static void
refuse (RlCustomerPage *self,
        GError         *error)
{
  rl_gui_toast_error (GTK_WIDGET (self), _("Not recorded"), error);
}

static GtkWidget *
form_dropdown (GtkWidget   *box,
               GtkStringList *items,
               const char  *label)
{
  GtkWidget *dropdown = gtk_drop_down_new (G_LIST_MODEL (items), NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  gtk_box_append (GTK_BOX (box), dropdown);
  return dropdown;
}

/* Payment plan */

static gboolean
payment_plan_change (RlBook   *book,
                     gpointer  data,
                     GError  **error)
{
  Change *c = data;

  return rl_book_add_payment_plan (book, c->customer_id, rl_day_today (), c->due_dates,
                                   c->amounts, c->n, error) > 0;
}

static void
on_payment_plan_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             RlCustomerPage   *self)
{
  GtkEditable *count = g_object_get_data (G_OBJECT (dialog), "count");
  GtkEditable *first = g_object_get_data (G_OBJECT (dialog), "first");
  GtkDropDown *period = g_object_get_data (G_OBJECT (dialog), "period");
  g_autoptr(GError) error = NULL;
  guint64 n = 0;
  RlDay day = RL_DAY_NONE;
  Change *c;
  g_autofree char *count_text = g_strstrip (g_strdup (gtk_editable_get_text (count)));

  if (!g_str_equal (response, "save"))
    return;
  if (!g_ascii_string_to_unsigned (count_text, 10, 1, RL_INSTALLMENTS_MAX, &n, NULL))
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("give between 1 and %d installments"), RL_INSTALLMENTS_MAX);
      refuse (self, error);
      return;
    }
  if (!rl_day_parse (gtk_editable_get_text (first), RL_DATE_ORDER_DMY, &day, &error))
    {
      refuse (self, error);
      return;
    }
  c = change_new (self);
  c->n = (guint) n;
  c->due_dates = g_new0 (RlDay, c->n);
  c->amounts = g_new0 (RlCents, c->n);
  if (!rl_installments_split (self->balance, c->n, day,
                              (RlPeriod) gtk_drop_down_get_selected (period), c->due_dates,
                              c->amounts, &error))
    {
      refuse (self, error);
      change_free (c);
      return;
    }
  apply (self, payment_plan_change, c);
}

static void
payment_plan_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RlCustomerPage *self = RL_CUSTOMER_PAGE (widget);
  g_autoptr(GtkStringList) periods = gtk_string_list_new (NULL);
  g_autofree char *balance = rl_gui_money (self->balance);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *box, *period;

  if (self->book_path == NULL)
    return;
  body = g_strdup_printf (_("The balance of %s (after credit notes and payments not yet "
                            "allocated) is split into equal installments, the last one taking "
                            "the rounding. Reminders wait while each installment is paid on "
                            "time; the first one missed ends the plan."), balance);
  dialog = rl_gui_form_dialog_new (widget, _("Set Up a Payment Plan"), body, _("_Set Up"), &box);
  g_object_set_data (G_OBJECT (dialog), "count",
                     rl_gui_form_entry (box, _("Number of installments")));
  g_object_set_data (G_OBJECT (dialog), "first",
                     rl_gui_form_entry (box, _("First installment (DD/MM/YYYY)")));
  for (guint i = 0; i < G_N_ELEMENTS (period_labels); i++)
    gtk_string_list_append (periods, _(period_labels[i]));
  period = form_dropdown (box, g_steal_pointer (&periods), _("Period"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (period), RL_PERIOD_MONTH);
  g_object_set_data (G_OBJECT (dialog), "period", period);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_payment_plan_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Dunning plan */

/* Returns: (transfer none): the name of the plan @plan_id among @plans, or "by risk class". */
const char *
_rl_customer_page_plan_label (GPtrArray *plans,
                              gint64     plan_id)
{
  for (guint i = 0; plans != NULL && i < plans->len; i++)
    {
      const RlPlan *p = g_ptr_array_index (plans, i);

      if (plan_id != 0 && p->id == plan_id)
        return rl_plan_label (p);
    }
  return _("By risk class");
}

static gboolean
dunning_plan_change (RlBook   *book,
                     gpointer  data,
                     GError  **error)
{
  Change *c = data;

  return rl_book_set_customer_plan (book, c->customer_id, c->plan_id, error);
}

static void
on_dunning_plan_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             RlCustomerPage   *self)
{
  GtkDropDown *choice = g_object_get_data (G_OBJECT (dialog), "plan");
  guint i = gtk_drop_down_get_selected (choice);
  Change *c;

  if (!g_str_equal (response, "save") || i == GTK_INVALID_LIST_POSITION)
    return;
  c = change_new (self);
  /* The first choice is "by risk class"; then the book's plans in order. */
  if (i > 0 && self->plans != NULL && i - 1 < self->plans->len)
    c->plan_id = ((RlPlan *) g_ptr_array_index (self->plans, i - 1))->id;
  apply (self, dunning_plan_change, c);
}

static void
dunning_plan_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RlCustomerPage *self = RL_CUSTOMER_PAGE (widget);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  AdwMessageDialog *dialog;
  GtkWidget *box, *choice;
  guint selected = 0;

  if (self->book_path == NULL)
    return;
  dialog = rl_gui_form_dialog_new (widget, _("Change the Dunning Plan"),
                                   _("Choose the plan this customer follows, or let its risk "
                                     "class decide."), _("_Change"), &box);
  gtk_string_list_append (names, _("By risk class"));
  for (guint i = 0; self->plans != NULL && i < self->plans->len; i++)
    {
      const RlPlan *p = g_ptr_array_index (self->plans, i);

      gtk_string_list_append (names, rl_plan_label (p));
      if (p->id == self->plan_id)
        selected = i + 1;
    }
  choice = form_dropdown (box, g_steal_pointer (&names), _("Dunning plan"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (choice), selected);
  g_object_set_data (G_OBJECT (dialog), "plan", choice);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_dunning_plan_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Note */

static gboolean
note_change (RlBook   *book,
             gpointer  data,
             GError  **error)
{
  Change *c = data;

  return rl_book_add_note (book, c->customer_id, g_get_user_name (), c->text, error) > 0;
}

static void
on_note_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     RlCustomerPage   *self)
{
  GtkEditable *text = g_object_get_data (G_OBJECT (dialog), "text");
  Change *c;

  if (!g_str_equal (response, "save"))
    return;
  c = change_new (self);
  c->text = g_strdup (gtk_editable_get_text (text));
  /* The book says why an empty or too long note is refused. */
  apply (self, note_change, c);
}

/* A note cannot be empty: the dialog does not offer to add one until something is typed. */
static void
on_note_changed_cb (GtkEditable      *text,
                    AdwMessageDialog *dialog)
{
  g_autofree char *clean = g_strstrip (g_strdup (gtk_editable_get_text (text)));

  adw_message_dialog_set_response_enabled (dialog, "save", *clean != '\0');
}

static void
note_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RlCustomerPage *self = RL_CUSTOMER_PAGE (widget);
  AdwMessageDialog *dialog;
  GtkWidget *box, *text;

  if (self->book_path == NULL)
    return;
  dialog = rl_gui_form_dialog_new (widget, _("Add a Note"),
                                   _("The note is kept in the customer’s history, with your name "
                                     "and the time."), _("_Add"), &box);
  text = rl_gui_form_entry (box, _("Note"));
  g_object_set_data (G_OBJECT (dialog), "text", text);
  adw_message_dialog_set_response_enabled (dialog, "save", FALSE);
  g_signal_connect_object (text, "changed", G_CALLBACK (on_note_changed_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_note_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Statement */

static void
statement_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RlCustomerPage *self = RL_CUSTOMER_PAGE (widget);

  if (self->book_path == NULL)
    return;
  rl_letter_preview_open (widget, self->book_path, RL_LETTER_PREVIEW_STATEMENT,
                          self->customer_id);
}

void
_rl_customer_page_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "customer.payment-plan", NULL,
                                   payment_plan_action);
  gtk_widget_class_install_action (widget_class, "customer.dunning-plan", NULL,
                                   dunning_plan_action);
  gtk_widget_class_install_action (widget_class, "customer.statement", NULL, statement_action);
  gtk_widget_class_install_action (widget_class, "customer.note", NULL, note_action);
}
