/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-customer-page.h"
#include "rl-customer-page-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rl-aging.h"
#include "rl-book-job.h"
#include "rl-book-pages.h"
#include "rl-engine.h"
#include "rl-gui-format.h"
#include "rl-gui-widgets.h"
#include "rl-ids.h"
#include "rl-risk.h"

/* Rows of history and open invoices shown. */
#define MAX_TIMELINE 100
#define MAX_INVOICES 200

G_DEFINE_FINAL_TYPE (RlCustomerPage, rl_customer_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  RlCustomer    *customer;
  RlCustomerRow *summary;
  GPtrArray     *contacts;
  GPtrArray     *invoices;
  GPtrArray     *timeline;
  GPtrArray     *plans;
  RlCents        balance;   /* net of credit notes and payments not allocated yet */
  char          *risk_text;
} CustomerData;

/* What the hold, promise and dispute dialogs ask for. */
typedef struct
{
  gint64   customer_id;
  gint64   invoice_id;
  char    *text;
  RlDay    day;
  RlCents  amount;
} HoldData;

static void
customer_data_free (CustomerData *d)
{
  g_clear_pointer (&d->customer, rl_customer_free);
  g_clear_pointer (&d->summary, rl_customer_row_free);
  g_clear_pointer (&d->contacts, g_ptr_array_unref);
  g_clear_pointer (&d->invoices, g_ptr_array_unref);
  g_clear_pointer (&d->timeline, g_ptr_array_unref);
  g_clear_pointer (&d->plans, g_ptr_array_unref);
  g_free (d->risk_text);
  g_free (d);
}

static void
hold_data_free (HoldData *h)
{
  g_free (h->text);
  g_free (h);
}

static gpointer
load_job (RlBook   *book,
          gpointer  data,
          GError  **error)
{
  gint64 id = *(gint64 *) data;
  RlListQuery query = { .customer_id = id, .as_of = rl_day_today () };
  g_autoptr(GPtrArray) summary = NULL;
  g_autoptr(RlAging) aging = NULL;
  CustomerData *d = g_new0 (CustomerData, 1);

  d->customer = rl_book_get_customer (book, id, error);
  if (d->customer == NULL)
    goto fail;
  summary = rl_book_customer_rows (book, &query, 0, 1, error);
  if (summary == NULL)
    goto fail;
  if (summary->len > 0)
    d->summary = g_steal_pointer (&summary->pdata[0]);
  d->contacts = rl_book_list_contacts (book, id, error);
  if (d->contacts == NULL)
    goto fail;
  query.open_only = TRUE;
  query.sort = RL_LIST_SORT_DUE_DATE;
  d->invoices = rl_book_invoice_rows (book, &query, 0, MAX_INVOICES, error);
  if (d->invoices == NULL)
    goto fail;
  d->timeline = rl_book_customer_timeline (book, id, MAX_TIMELINE, error);
  if (d->timeline == NULL)
    goto fail;
  d->plans = rl_book_list_plans (book, error);
  if (d->plans == NULL)
    goto fail;
  aging = rl_aging_compute_customer (book, id, query.as_of, error);
  if (aging == NULL)
    goto fail;
  if (aging->rows->len > 0)
    d->balance = ((RlAgingRow *) g_ptr_array_index (aging->rows, 0))->outstanding;
  d->risk_text = d->customer->risk_facts ? rl_risk_describe (d->customer->risk_facts) : NULL;
  return d;

fail:
  customer_data_free (d);
  return NULL;
}

static void
show_identity (RlCustomerPage     *self,
               const CustomerData *d)
{
  const RlCustomer *c = d->customer;
  g_autofree char *address = NULL;
  g_autoptr(GStrvBuilder) lines = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;
  const char *street[] = { c->address1, c->address2, c->address3 };

  for (guint i = 0; i < G_N_ELEMENTS (street); i++)
    if (street[i] != NULL && *street[i] != '\0')
      g_strv_builder_add (lines, street[i]);
  rl_gui_clear_list (self->identity_list);
  rl_gui_list_add_row (self->identity_list, _("Code"), NULL, c->code);
  if (c->postcode != NULL || c->city != NULL)
    {
      g_autofree char *city = g_strjoin (" ", c->postcode ? c->postcode : "",
                                         c->city ? c->city : "", NULL);

      g_strv_builder_add (lines, g_strstrip (city));
    }
  parts = g_strv_builder_end (lines);
  address = g_strjoinv (", ", parts);
  if (*address != '\0')
    rl_gui_list_add_row (self->identity_list, _("Address"), address, NULL);
  if (c->email != NULL)
    rl_gui_list_add_row (self->identity_list, _("Email"), c->email, NULL);
  if (c->phone != NULL)
    {
      g_autofree char *phone = rl_gui_unbroken (c->phone);

      rl_gui_list_add_row (self->identity_list, _("Phone"), phone, NULL);
    }
  if (c->siren != NULL)
    {
      g_autofree char *siren = rl_siren_format (c->siren);

      rl_gui_list_add_row (self->identity_list, _("SIREN"), siren, NULL);
    }
  if (c->assigned_to != NULL)
    rl_gui_list_add_row (self->identity_list, _("Assigned to"), c->assigned_to, NULL);
  rl_gui_list_add_row (self->identity_list, _("Dunning plan"), NULL,
                       _rl_customer_page_plan_label (d->plans, c->plan_id));
  for (guint i = 0; i < d->contacts->len; i++)
    {
      const RlContact *k = g_ptr_array_index (d->contacts, i);
      g_autofree char *phone = rl_gui_unbroken (k->phone);
      g_autofree char *how = g_strjoin (" · ", k->role ? k->role : "", k->email ? k->email : "",
                                        phone ? phone : "", NULL);

      rl_gui_list_add_row (self->identity_list, k->name, how, NULL);
    }
}

static void
show_risk (RlCustomerPage     *self,
           const CustomerData *d)
{
  const RlCustomer *c = d->customer;
  g_autofree char *score = c->risk_score >= 0 ? g_strdup_printf (_("%d / 100"), c->risk_score)
                                              : g_strdup ("—");
  RlCents outstanding = d->summary ? d->summary->outstanding : 0;

  rl_gui_clear_list (self->risk_list);
  rl_gui_list_add_row (self->risk_list, rl_gui_risk_class (c->risk_class), d->risk_text, score);
  if (c->has_credit_limit)
    {
      g_autofree char *limit = rl_gui_money (c->credit_limit);
      g_autofree char *owed = rl_gui_money (outstanding);
      g_autofree char *subtitle = g_strdup_printf (_("%s owed of %s"), owed, limit);
      GtkWidget *row = rl_gui_list_add_row (self->risk_list, _("Credit limit"), subtitle, NULL);
      GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);
      /* A gauge is a picture: a ratio of two amounts in cents, capped at full. */
      double used = c->credit_limit > 0 ? MIN (1.0, (double) outstanding / (double) c->credit_limit)
                                        : 1.0;

      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), used);
      gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW, 0.75);
      gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH, 0.9);
      gtk_widget_set_size_request (bar, 120, -1);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Credit used"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
    }
  else
    rl_gui_list_add_row (self->risk_list, _("Credit limit"), _("None set"), NULL);
}

static void
show_invoices (RlCustomerPage     *self,
               const CustomerData *d)
{
  rl_gui_clear_list (self->invoices_list);
  for (guint i = 0; i < d->invoices->len; i++)
    {
      const RlInvoiceRow *r = g_ptr_array_index (d->invoices, i);
      g_autofree char *due = rl_list_cell_text (RL_LIST_INVOICES, "due", r);
      g_autofree char *status = rl_list_cell_text (RL_LIST_INVOICES, "status", r);
      g_autofree char *late = rl_list_cell_text (RL_LIST_INVOICES, "late", r);
      g_autofree char *left = rl_list_cell_text (RL_LIST_INVOICES, "remaining", r);
      g_autofree char *subtitle = *late ? g_strdup_printf (_("Due %s · %s · %s late"), due, status,
                                                           late)
                                        : g_strdup_printf (_("Due %s · %s"), due, status);

      rl_gui_list_add_row (self->invoices_list, r->number, subtitle, left);
    }
  if (d->invoices->len == 0)
    rl_gui_list_add_row (self->invoices_list, _("Nothing owed"), NULL, NULL);
}

static const char *
timeline_title (const RlTimelineRow *t)
{
  if (g_str_equal (t->kind, "invoice"))
    return _("Invoice issued");
  if (g_str_equal (t->kind, "credit_note"))
    return _("Credit note issued");
  if (g_str_equal (t->kind, "payment"))
    return _("Payment received");
  if (g_str_equal (t->kind, "action"))
    return rl_step_label (t->detail);
  if (g_str_equal (t->kind, "call"))
    return _("Call");
  if (g_str_equal (t->kind, "dispute"))
    return _("Dispute opened");
  if (g_str_equal (t->kind, "promise"))
    return _("Promise to pay");
  if (g_str_equal (t->kind, "hold"))
    return _("Put on hold");
  if (g_str_equal (t->kind, "payment_plan"))
    return _("Payment plan agreed");
  if (g_str_equal (t->kind, "note"))
    return _("Note");
  if (g_str_equal (t->kind, "statement"))
    return _("Account statement");
  return t->kind;
}

static void
show_timeline (RlCustomerPage     *self,
               const CustomerData *d)
{
  rl_gui_clear_list (self->timeline_list);
  for (guint i = 0; i < d->timeline->len; i++)
    {
      const RlTimelineRow *t = g_ptr_array_index (d->timeline, i);
      g_autofree char *day = rl_gui_day (t->day);
      g_autofree char *amount = t->amount != 0 ? rl_gui_money (t->amount) : NULL;
      const char *detail = g_str_equal (t->kind, "action") ? NULL : t->detail;
      RlActionState state;
      const char *state_label = NULL;
      g_autofree char *subtitle = NULL;

      if (g_str_equal (t->kind, "action") && rl_action_state_from_string (t->state, &state))
        state_label = rl_action_state_label (state);
      subtitle = g_strjoin (" · ", day, detail ? detail : (state_label ? state_label : ""), NULL);
      rl_gui_list_add_row (self->timeline_list, timeline_title (t), subtitle, amount);
    }
  if (d->timeline->len == 0)
    rl_gui_list_add_row (self->timeline_list, _("Nothing yet"), NULL, NULL);
}

static void
set_title (RlCustomerPage *self,
           const char     *title)
{
  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  CustomerData *d = rl_book_job_finish (result, &error);
  RlCustomerPage *self;
  g_autofree char *summary = NULL;

  if (d == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot show the customer: %s", error->message);
      return;
    }
  self = RL_CUSTOMER_PAGE (user_data);
  set_title (self, d->customer->name);
  gtk_label_set_text (self->name_label, d->customer->name);
  if (d->summary != NULL)
    {
      g_autofree char *owed = rl_gui_money (d->summary->outstanding);
      g_autofree char *overdue = rl_gui_money (d->summary->overdue);

      summary = g_strdup_printf (_("Owes %s, of which %s overdue"), owed, overdue);
      if (d->summary->on_hold)
        {
          char *with = g_strdup_printf ("%s · %s", summary, _("on hold"));

          g_free (summary);
          summary = with;
        }
    }
  gtk_label_set_text (self->summary_label, summary ? summary : "");
  show_identity (self, d);
  show_risk (self, d);
  show_invoices (self, d);
  show_timeline (self, d);
  g_clear_pointer (&self->invoices, g_ptr_array_unref);
  self->invoices = g_steal_pointer (&d->invoices);
  g_clear_pointer (&self->plans, g_ptr_array_unref);
  self->plans = g_steal_pointer (&d->plans);
  self->plan_id = d->customer->plan_id;
  self->balance = d->balance;
  g_free (self->email);
  self->email = g_strdup (d->customer->email);
  customer_data_free (d);
}

/* Holds, promises and disputes */

static gboolean
hold_change (RlBook   *book,
             gpointer  data,
             GError  **error)
{
  HoldData *h = data;

  return rl_book_add_hold (book, h->customer_id, 0, h->text, rl_day_today (), h->day, error) > 0;
}

static gboolean
promise_change (RlBook   *book,
                gpointer  data,
                GError  **error)
{
  HoldData *h = data;

  return rl_book_add_promise (book, h->customer_id, rl_day_today (), h->day, h->amount, h->text,
                              error) > 0;
}

static gboolean
dispute_change (RlBook   *book,
                gpointer  data,
                GError  **error)
{
  HoldData *h = data;

  return rl_book_open_dispute (book, h->invoice_id, h->text, rl_day_today (), h->day, error) > 0;
}

void
_rl_customer_page_changed_cb (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(RlCustomerPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rl_book_change_finish (result, &error))
    {
      rl_gui_toast_error (GTK_WIDGET (self), _("Not recorded"), error);
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", _("Recorded"));
  rl_customer_page_reload (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.book-changed", "s", "customer");
}

typedef enum
{
  ASK_HOLD,
  ASK_PROMISE,
  ASK_DISPUTE,
} Ask;

static gboolean
parse_optional_day (const char  *text,
                    RlDay       *out,
                    GError     **error)
{
  *out = RL_DAY_NONE;
  if (text == NULL || *text == '\0')
    return TRUE;
  /* The form asks for DD/MM/YYYY, in English too; ISO dates are understood as well. */
  return rl_day_parse (text, RL_DATE_ORDER_DMY, out, error);
}

static void
on_ask_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  RlCustomerPage *self = user_data;
  Ask ask = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "ask"));
  GtkEditable *text = g_object_get_data (G_OBJECT (dialog), "text");
  GtkEditable *day = g_object_get_data (G_OBJECT (dialog), "day");
  GtkEditable *amount = g_object_get_data (G_OBJECT (dialog), "amount");
  GtkDropDown *invoice = g_object_get_data (G_OBJECT (dialog), "invoice");
  g_autoptr(GError) error = NULL;
  HoldData *h;
  RlBookChangeFunc func;

  if (!g_str_equal (response, "save"))
    return;
  h = g_new0 (HoldData, 1);
  h->customer_id = self->customer_id;
  h->text = g_strstrip (g_strdup (gtk_editable_get_text (text)));
  if (!parse_optional_day (gtk_editable_get_text (day), &h->day, &error))
    goto invalid;
  switch (ask)
    {
    case ASK_HOLD:
      func = hold_change;
      break;
    case ASK_PROMISE:
      func = promise_change;
      if (h->day == RL_DAY_NONE)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("give the date the customer promised"));
      else
        rl_money_parse (gtk_editable_get_text (amount), RL_DECIMAL_AUTO, &h->amount, &error);
      break;
    case ASK_DISPUTE:
    default:
      func = dispute_change;
      {
        guint i = gtk_drop_down_get_selected (invoice);

        if (self->invoices == NULL || i >= self->invoices->len)
          g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("choose the invoice in dispute"));
        else
          h->invoice_id = ((RlInvoiceRow *) g_ptr_array_index (self->invoices, i))->id;
      }
      break;
    }
  if (error != NULL)
    goto invalid;
  if (*h->text == '\0' && ask != ASK_PROMISE)
    {
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("give a reason"));
      goto invalid;
    }
  rl_book_change_async (self->book_path, func, h, (GDestroyNotify) hold_data_free, NULL,
                        _rl_customer_page_changed_cb, g_object_ref (self));
  return;

invalid:
  rl_gui_toast_error (GTK_WIDGET (self), _("Not recorded"), error);
  hold_data_free (h);
}

static void
ask (RlCustomerPage *self,
     Ask             what)
{
  static const char *headings[] = { N_("Put on Hold"), N_("Record a Promise"),
                                    N_("Open a Dispute") };
  static const char *bodies[] = {
    N_("No reminder goes to this customer while the hold lasts."),
    N_("Reminders wait until the promised date; if the payment does not come, they resume."),
    N_("Reminders about the invoice stop until the dispute is resolved."),
  };
  AdwMessageDialog *dialog;
  GtkWidget *box;

  if (self->book_path == NULL)
    return;
  dialog = rl_gui_form_dialog_new (GTK_WIDGET (self), _(headings[what]), _(bodies[what]),
                                   _("_Record"), &box);
  if (what == ASK_DISPUTE)
    {
      g_autoptr(GtkStringList) numbers = gtk_string_list_new (NULL);
      GtkWidget *dropdown;

      for (guint i = 0; self->invoices != NULL && i < self->invoices->len; i++)
        gtk_string_list_append (numbers,
                                ((RlInvoiceRow *) g_ptr_array_index (self->invoices, i))->number);
      dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&numbers)), NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Invoice"), -1);
      gtk_box_append (GTK_BOX (box), dropdown);
      g_object_set_data (G_OBJECT (dialog), "invoice", dropdown);
    }
  if (what == ASK_PROMISE)
    g_object_set_data (G_OBJECT (dialog), "amount", rl_gui_form_entry (box, _("Amount promised")));
  g_object_set_data (G_OBJECT (dialog), "day",
                     rl_gui_form_entry (box, what == ASK_HOLD ? _("Until (DD/MM/YYYY, optional)")
                                 : what == ASK_PROMISE ? _("Promised for (DD/MM/YYYY)")
                                 : _("Deadline (DD/MM/YYYY, optional)")));
  g_object_set_data (G_OBJECT (dialog), "text",
                     rl_gui_form_entry (box, what == ASK_PROMISE ? _("Note (optional)") : _("Reason")));
  g_object_set_data (G_OBJECT (dialog), "ask", GUINT_TO_POINTER (what));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_ask_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
hold_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ask (RL_CUSTOMER_PAGE (widget), ASK_HOLD);
}

static void
promise_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ask (RL_CUSTOMER_PAGE (widget), ASK_PROMISE);
}

static void
dispute_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ask (RL_CUSTOMER_PAGE (widget), ASK_DISPUTE);
}

static void
rl_customer_page_dispose (GObject *object)
{
  RlCustomerPage *self = RL_CUSTOMER_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RL_TYPE_CUSTOMER_PAGE);
  rl_gui_unparent_children (GTK_WIDGET (self));
  G_OBJECT_CLASS (rl_customer_page_parent_class)->dispose (object);
}

static void
rl_customer_page_finalize (GObject *object)
{
  RlCustomerPage *self = RL_CUSTOMER_PAGE (object);

  g_clear_pointer (&self->invoices, g_ptr_array_unref);
  g_clear_pointer (&self->plans, g_ptr_array_unref);
  g_free (self->email);
  g_free (self->book_path);
  g_free (self->title);
  G_OBJECT_CLASS (rl_customer_page_parent_class)->finalize (object);
}

static void
rl_customer_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, RL_CUSTOMER_PAGE (object)->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rl_customer_page_class_init (RlCustomerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rl_customer_page_dispose;
  object_class->finalize = rl_customer_page_finalize;
  object_class->get_property = rl_customer_page_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/relance/Relance/ui/rl-customer-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RlCustomerPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, RlCustomerPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RlCustomerPage, identity_list);
  gtk_widget_class_bind_template_child (widget_class, RlCustomerPage, risk_list);
  gtk_widget_class_bind_template_child (widget_class, RlCustomerPage, invoices_list);
  gtk_widget_class_bind_template_child (widget_class, RlCustomerPage, timeline_list);
  gtk_widget_class_install_action (widget_class, "customer.hold", NULL, hold_action);
  gtk_widget_class_install_action (widget_class, "customer.promise", NULL, promise_action);
  gtk_widget_class_install_action (widget_class, "customer.dispute", NULL, dispute_action);
  _rl_customer_page_install_actions (widget_class);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rl_customer_page_init (RlCustomerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rl_gui_name_mnemonic_buttons (GTK_WIDGET (self));
}

/* Shows the customer @customer_id of the book at @book_path, read in a worker. */
void
rl_customer_page_show (RlCustomerPage *self,
                       const char     *book_path,
                       gint64          customer_id)
{
  g_return_if_fail (RL_IS_CUSTOMER_PAGE (self));

  g_free (self->book_path);
  self->book_path = g_strdup (book_path);
  if (self->customer_id != customer_id)
    {
      self->customer_id = customer_id;
      set_title (self, "");
      gtk_label_set_text (self->name_label, "");
      gtk_label_set_text (self->summary_label, "");
      rl_gui_clear_list (self->identity_list);
      rl_gui_clear_list (self->risk_list);
      rl_gui_clear_list (self->invoices_list);
      rl_gui_clear_list (self->timeline_list);
    }
  rl_customer_page_reload (self);
}

void
rl_customer_page_reload (RlCustomerPage *self)
{
  gint64 *id;

  g_return_if_fail (RL_IS_CUSTOMER_PAGE (self));

  if (self->book_path == NULL)
    return;
  id = g_new (gint64, 1);
  *id = self->customer_id;
  rl_book_job_run_async (self->book_path, load_job, id, g_free,
                         (GDestroyNotify) customer_data_free,
                         rl_cancellable_renew (&self->cancellable), on_loaded_cb, self);
}
