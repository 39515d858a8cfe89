/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-todo-view.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rl-action-box.h"
#include "rl-action-text.h"
#include "rl-book-job.h"
#include "rl-book-outbox.h"
#include "rl-engine.h"
#include "rl-gui-format.h"
#include "rl-gui-letters.h"
#include "rl-gui-widgets.h"
#include "rl-letter-preview.h"
#include "rl-send-dialog.h"
#include "rl-todo-view-private.h"

struct _RlTodoView
{
  GtkWidget      parent_instance;

  GtkStack      *stack;
  GtkBox        *content_box;

  char          *book_path;
  GPtrArray     *items;        /* (element-type RlTodoItem) */
  guint          n_letters;    /* approved letters not printed yet */
  guint          n_messages;   /* approved e-mails and SMS not sent yet */
  guint          n_proposed;
  GPtrArray     *boxes;        /* (element-type RlActionBox): the rows' buttons, not owned */
  gboolean       compact;      /* the rows' secondary buttons in a menu: a narrow window */
  guint          compact_id;   /* applies a new mode after the allocation that chose it */
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (RlTodoView, rl_todo_view, GTK_TYPE_WIDGET)

/* A row's buttons and its title share its width: the rows take the compact mode when the
 * buttons in a line would leave the title less than this (with the avatar, the row's padding
 * and the margins around the list). */
#define ROOM_FOR_TITLE 320

static void choose_compact (RlTodoView *self);

enum
{
  PROP_0,
  PROP_N_PROPOSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
todo_item_free (RlTodoItem *item)
{
  rl_action_free (item->action);
  g_free (item->phone);
  g_free (item);
}

RlTodoChange *
_rl_todo_change_new (gint64 id)
{
  RlTodoChange *c = g_new0 (RlTodoChange, 1);

  c->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (id != 0)
    g_array_append_val (c->ids, id);
  return c;
}

void
_rl_todo_change_free (RlTodoChange *c)
{
  g_array_unref (c->ids);
  g_free (c->subject);
  g_free (c->body);
  g_free (c->outcome);
  g_free (c->note);
  g_free (c->dispute_reason);
  g_free (c);
}

/* What the view shows: the proposed actions, and how many approved ones wait to go out. */
typedef struct
{
  GPtrArray *items;
  guint      n_letters;
  guint      n_messages;
} Loaded;

static void
loaded_free (Loaded *l)
{
  g_clear_pointer (&l->items, g_ptr_array_unref);
  g_free (l);
}

static gpointer
load_job (RlBook   *book,
          gpointer  data,
          GError  **error)
{
  g_autoptr(GPtrArray) actions = rl_book_list_actions (book, 0, TRUE, error);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) todo_item_free);
  g_autoptr(GArray) letters = NULL;
  g_autoptr(GArray) messages = NULL;
  Loaded *loaded;

  if (actions == NULL)
    return NULL;
  for (guint i = 0; i < actions->len; i++)
    {
      RlAction *a = g_ptr_array_index (actions, i);
      RlTodoItem *item;

      if (a->state != RL_ACTION_PROPOSED)
        continue;
      item = g_new0 (RlTodoItem, 1);
      item->action = g_steal_pointer (&actions->pdata[i]);
      if (a->channel == RL_CHANNEL_CALL)
        {
          g_autoptr(RlCustomer) c = rl_book_get_customer (book, a->customer_id, NULL);

          item->phone = c != NULL ? rl_gui_unbroken (c->phone) : NULL;   /* shown only */
        }
      g_ptr_array_add (items, item);
    }
  letters = rl_gui_letters_to_print (book, error);
  messages = letters != NULL ? rl_book_outbox_ids (book, RL_ACTION_APPROVED, error) : NULL;
  if (messages == NULL)
    return NULL;
  loaded = g_new0 (Loaded, 1);
  loaded->items = g_steal_pointer (&items);
  loaded->n_letters = letters->len;
  loaded->n_messages = messages->len;
  return loaded;
}

static gboolean
state_change (RlBook   *book,
              gpointer  data,
              GError  **error)
{
  RlTodoChange *c = data;

  for (guint i = 0; i < c->ids->len; i++)
    if (!rl_book_set_action_state (book, g_array_index (c->ids, gint64, i), c->state, NULL,
                                   rl_day_today (), error))
      return FALSE;
  return TRUE;
}

static void reload (RlTodoView *self);

static void
on_changed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RlTodoView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rl_book_change_finish (result, &error))
    {
      rl_gui_toast_error (GTK_WIDGET (self), _("Not done"), error);
    }
  reload (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.book-changed", "s", "todo");
}

void
_rl_todo_view_apply_change (RlTodoView       *self,
                            RlBookChangeFunc  func,
                            RlTodoChange     *change)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->content_box), FALSE);
  rl_book_change_async (self->book_path, func, change, (GDestroyNotify) _rl_todo_change_free, NULL,
                        on_changed_cb, g_object_ref (self));
}

static void
on_stale_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  RlTodoView *self = g_object_get_data (G_OBJECT (dialog), "view");
  RlTodoChange *change = user_data;

  if (g_str_equal (response, "approve"))
    _rl_todo_view_apply_change (self, state_change, change);
  else
    _rl_todo_change_free (change);
}

/* Approving an action proposed on old payment data asks first. */
static void
approve (RlTodoView   *self,
         RlTodoChange *change,
         gboolean      stale)
{
  AdwMessageDialog *dialog;

  change->state = RL_ACTION_APPROVED;
  if (!stale)
    {
      _rl_todo_view_apply_change (self, state_change, change);
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), _("Approve Without Recent Payments?"),
    _("Payments have not been imported lately: a customer who has paid may be chased. Import "
      "the latest bank statement first if you can.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "approve", _("_Approve"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "approve", ADW_RESPONSE_DESTRUCTIVE);
  g_object_set_data (G_OBJECT (dialog), "view", self);
  g_signal_connect (dialog, "response", G_CALLBACK (on_stale_response_cb), change);
  gtk_window_present (GTK_WINDOW (dialog));
}

static RlTodoItem *
item_of (RlTodoView *self,
         GtkWidget  *button)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "item"));

  return i < self->items->len ? g_ptr_array_index (self->items, i) : NULL;
}

static void
on_approve_clicked_cb (GtkWidget  *button,
                       RlTodoView *self)
{
  RlTodoItem *item = item_of (self, button);

  if (item != NULL)
    approve (self, _rl_todo_change_new (item->action->id), item->action->stale_data);
}

static void
on_approve_all_clicked_cb (GtkWidget  *button,
                           RlTodoView *self)
{
  RlChannel channel = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "channel"));
  RlTodoChange *change = _rl_todo_change_new (0);
  gboolean stale = FALSE;

  for (guint i = 0; i < self->items->len; i++)
    {
      RlTodoItem *item = g_ptr_array_index (self->items, i);

      if (item->action->channel == channel)
        {
          g_array_append_val (change->ids, item->action->id);
          stale |= item->action->stale_data;
        }
    }
  approve (self, change, stale);
}

static void
skip_item (RlTodoView *self,
           RlTodoItem *item)
{
  RlTodoChange *change = _rl_todo_change_new (item->action->id);

  change->state = RL_ACTION_SKIPPED;
  _rl_todo_view_apply_change (self, state_change, change);
}

static void
on_skip_clicked_cb (GtkWidget  *button,
                    RlTodoView *self)
{
  RlTodoItem *item = item_of (self, button);

  if (item != NULL)
    skip_item (self, item);
}

static void
on_edit_clicked_cb (GtkWidget  *button,
                    RlTodoView *self)
{
  RlTodoItem *item = item_of (self, button);

  if (item != NULL)
    _rl_todo_edit_text (self, item);
}

static void
on_call_clicked_cb (GtkWidget  *button,
                    RlTodoView *self)
{
  RlTodoItem *item = item_of (self, button);

  if (item != NULL)
    _rl_todo_record_call (self, item);
}

static GtkWidget *
row_button (RlTodoView *self,
            const char *label,
            const char *accessible,
            guint       index,
            GCallback   callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_object_set_data (G_OBJECT (button), "item", GUINT_TO_POINTER (index));
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static void on_preview_clicked_cb (GtkWidget  *button,
                                   RlTodoView *self);

static void
add_menu_item (GMenu      *menu,
               const char *label,
               const char *action,
               guint       index)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, g_variant_new_uint32 (index));
  g_menu_append_item (menu, item);
}

static GtkWidget *
action_row (RlTodoView *self,
            guint       index)
{
  RlTodoItem *item = g_ptr_array_index (self->items, index);
  RlAction *a = item->action;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_markup_escape_text (a->customer_name, -1);
  g_autofree char *summary = rl_gui_action_summary (a);
  g_autofree char *subtitle = NULL;
  g_autofree char *approve_label = g_strdup_printf (_("Approve: %s"), a->customer_name);
  g_autofree char *skip_label = g_strdup_printf (_("Skip: %s"), a->customer_name);
  g_autofree char *edit_label = g_strdup_printf (_("Edit the text: %s"), a->customer_name);
  g_autofree char *call_label = g_strdup_printf (_("Record the call: %s"), a->customer_name);
  g_autofree char *preview_label = g_strdup_printf (_("Preview the letter: %s"),
                                                    a->customer_name);
  g_autofree char *customer_label = g_strdup_printf (_("Open the customer: %s"),
                                                     a->customer_name);
  g_autofree char *more_label = g_strdup_printf (_("More actions: %s"), a->customer_name);
  gboolean letter = a->channel == RL_CHANNEL_LETTER || a->channel == RL_CHANNEL_REGISTERED_LETTER;
  gboolean editable = a->channel != RL_CHANNEL_CALL && a->channel != RL_CHANNEL_TASK;
  g_autoptr(GMenu) menu = NULL;
  GtkWidget *button, *box;

  button = gtk_button_new_from_icon_name ("avatar-default-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Open the customer"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  customer_label, -1);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", a->customer_id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-customer");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), button);
  subtitle = a->channel == RL_CHANNEL_CALL && item->phone != NULL
             ? g_strdup_printf ("%s · %s", summary, item->phone) : g_strdup (summary);
  g_free (summary);
  summary = g_markup_escape_text (subtitle, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);
  /* The buttons, and the same actions in a menu for a narrow window (rl-action-box.c). */
  menu = g_menu_new ();
  if (letter)
    add_menu_item (menu, _("_Preview…"), "todo.preview", index);
  if (editable)
    add_menu_item (menu, _("_Edit…"), "todo.edit", index);
  add_menu_item (menu, _("_Skip"), "todo.skip", index);
  box = rl_action_box_new (G_MENU_MODEL (menu), more_label);
  rl_action_box_set_compact (RL_ACTION_BOX (box), self->compact);
  g_ptr_array_add (self->boxes, box);
  if (letter)
    rl_action_box_append (RL_ACTION_BOX (box),
                          row_button (self, _("_Preview…"), preview_label, index,
                                      G_CALLBACK (on_preview_clicked_cb)), TRUE);
  if (editable)
    rl_action_box_append (RL_ACTION_BOX (box),
                          row_button (self, _("_Edit…"), edit_label, index,
                                      G_CALLBACK (on_edit_clicked_cb)), TRUE);
  rl_action_box_append (RL_ACTION_BOX (box),
                        row_button (self, _("_Skip"), skip_label, index,
                                    G_CALLBACK (on_skip_clicked_cb)), TRUE);
  if (a->channel == RL_CHANNEL_CALL)
    button = row_button (self, _("_Record Call…"), call_label, index,
                         G_CALLBACK (on_call_clicked_cb));
  else
    button = row_button (self, _("_Approve"), approve_label, index,
                         G_CALLBACK (on_approve_clicked_cb));
  gtk_widget_add_css_class (button, "suggested-action");
  rl_action_box_append (RL_ACTION_BOX (box), button, FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  return row;
}

static void
on_print_day_clicked_cb (GtkWidget  *button,
                         RlTodoView *self)
{
  rl_letter_preview_open (GTK_WIDGET (self), self->book_path, RL_LETTER_PREVIEW_DAY, 0);
}

static void
on_send_clicked_cb (GtkWidget  *button,
                    RlTodoView *self)
{
  rl_send_dialog_open (GTK_WIDGET (self), self->book_path);
}

static void
preview_item (RlTodoView *self,
              RlTodoItem *item)
{
  rl_letter_preview_open (GTK_WIDGET (self), self->book_path, RL_LETTER_PREVIEW_ACTION,
                          item->action->id);
}

static void
on_preview_clicked_cb (GtkWidget  *button,
                       RlTodoView *self)
{
  RlTodoItem *item = item_of (self, button);

  if (item != NULL)
    preview_item (self, item);
}

/* The secondary buttons' actions, from a row's menu when the row is too narrow for them. */
static void
item_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RlTodoView *self = RL_TODO_VIEW (widget);
  guint index = g_variant_get_uint32 (parameter);
  RlTodoItem *item = index < self->items->len ? g_ptr_array_index (self->items, index) : NULL;

  if (item == NULL)
    return;
  if (g_str_equal (action_name, "todo.preview"))
    preview_item (self, item);
  else if (g_str_equal (action_name, "todo.edit"))
    _rl_todo_edit_text (self, item);
  else
    skip_item (self, item);
}

/* A row of the "Ready to go out" group: what waits, and the button that sends it off. */
static GtkWidget *
outgoing_row (RlTodoView *self,
              const char *title,
              const char *subtitle,
              const char *label,
              const char *accessible,
              GCallback   callback)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = row_button (self, label, accessible, 0, callback);
  GtkWidget *text = gtk_button_get_child (GTK_BUTTON (button));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  /* In a narrow window the button's words go on two lines rather than the row's title on
   * ten. */
  if (GTK_IS_LABEL (text))
    {
      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD);
      gtk_label_set_natural_wrap_mode (GTK_LABEL (text), GTK_NATURAL_WRAP_NONE);
      gtk_label_set_justify (GTK_LABEL (text), GTK_JUSTIFY_CENTER);
    }
  gtk_widget_add_css_class (button, "suggested-action");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
show_outgoing (RlTodoView *self)
{
  GtkWidget *group;

  if (self->n_letters == 0 && self->n_messages == 0)
    return;
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Ready to Go Out"));
  if (self->n_letters > 0)
    {
      g_autofree char *subtitle =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u approved letter not printed yet",
                                      "%u approved letters not printed yet", self->n_letters),
                         self->n_letters);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 outgoing_row (self, _("Letters"), subtitle,
                                               _("_Print the Day’s Letters…"),
                                               _("Print the day’s letters"),
                                               G_CALLBACK (on_print_day_clicked_cb)));
    }
  if (self->n_messages > 0)
    {
      g_autofree char *subtitle =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u approved e-mail or SMS not sent yet",
                                      "%u approved e-mails and SMS not sent yet",
                                      self->n_messages), self->n_messages);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 outgoing_row (self, _("E-mails and SMS"), subtitle,
                                               _("_Send the Approved Messages…"),
                                               _("Send the approved messages"),
                                               G_CALLBACK (on_send_clicked_cb)));
    }
  gtk_box_append (self->content_box, group);
}

static void
show_items (RlTodoView *self)
{
  GtkWidget *child;

  g_ptr_array_set_size (self->boxes, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content_box))) != NULL)
    gtk_box_remove (self->content_box, child);
  show_outgoing (self);
  for (int channel = 0; channel < RL_N_CHANNELS; channel++)
    {
      GtkWidget *group = NULL;
      guint n = 0;

      for (guint i = 0; i < self->items->len; i++)
        {
          RlTodoItem *item = g_ptr_array_index (self->items, i);

          if ((int) item->action->channel != channel)
            continue;
          if (group == NULL)
            group = adw_preferences_group_new ();
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), action_row (self, i));
          n++;
        }
      if (group == NULL)
        continue;
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                       rl_gui_channel_title (channel));
      if (channel != RL_CHANNEL_CALL)
        {
          GtkWidget *all = gtk_button_new_with_mnemonic (_("Approve _All"));
          g_autofree char *label = g_strdup_printf (_("Approve all: %s"),
                                                    rl_gui_channel_title (channel));

          gtk_accessible_update_property (GTK_ACCESSIBLE (all), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          label, -1);
          gtk_widget_add_css_class (all, "flat");
          g_object_set_data (G_OBJECT (all), "channel", GUINT_TO_POINTER (channel));
          g_signal_connect (all, "clicked", G_CALLBACK (on_approve_all_clicked_cb), self);
          adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), all);
        }
      {
        g_autofree char *description =
          g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u action to review",
                                        "%u actions to review", n), n);

        adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
      }
      gtk_box_append (self->content_box, group);
    }
  gtk_stack_set_visible_child_name (self->stack, self->items->len + self->n_letters
                                                 + self->n_messages > 0 ? "list" : "empty");
  choose_compact (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->content_box), TRUE);
  if (self->n_proposed != self->items->len)
    {
      self->n_proposed = self->items->len;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PROPOSED]);
    }
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  Loaded *loaded = rl_book_job_finish (result, &error);
  RlTodoView *self;

  if (loaded == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot list the actions: %s", error->message);
      return;
    }
  self = RL_TODO_VIEW (user_data);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = g_steal_pointer (&loaded->items);
  self->n_letters = loaded->n_letters;
  self->n_messages = loaded->n_messages;
  loaded_free (loaded);
  show_items (self);
}

static void
reload (RlTodoView *self)
{
  if (self->book_path == NULL)
    return;
  rl_book_job_run_async (self->book_path, load_job, NULL, NULL, (GDestroyNotify) loaded_free,
                         rl_cancellable_renew (&self->cancellable), on_loaded_cb, self);
}

/* Whether the rows' buttons in a line would leave too little of a row @width wide for its
 * title. */
static gboolean
wants_compact (RlTodoView *self,
               int         width)
{
  return width < rl_action_box_get_full_width (g_ptr_array_index (self->boxes, 0))
                 + ROOM_FOR_TITLE;
}

static void
apply_compact (RlTodoView *self)
{
  for (guint i = 0; i < self->boxes->len; i++)
    rl_action_box_set_compact (g_ptr_array_index (self->boxes, i), self->compact);
}

/* The rows' mode for the view's width, or the window's before the view has one: rows made in
 * the wide mode would first widen the window to fit them. */
static void
choose_compact (RlTodoView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->boxes->len == 0)
    return;
  if (width == 0 && root != NULL)
    width = gtk_widget_get_width (GTK_WIDGET (root));
  if (width == 0 && GTK_IS_WINDOW (root))
    gtk_window_get_default_size (GTK_WINDOW (root), &width, NULL);
  if (width <= 0)
    return;
  self->compact = wants_compact (self, width);
  apply_compact (self);
}

static gboolean
apply_compact_cb (gpointer data)
{
  RlTodoView *self = data;

  self->compact_id = 0;
  apply_compact (self);
  return G_SOURCE_REMOVE;
}

/* The view is its template's one child, as in a bin; it allocates it itself to see its width. */
static void
rl_todo_view_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  *minimum = *natural = 0;
  if (child != NULL && gtk_widget_get_visible (child))
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline,
                        natural_baseline);
}

static void
rl_todo_view_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  RlTodoView *self = RL_TODO_VIEW (widget);
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL && gtk_widget_get_visible (child))
    gtk_widget_size_allocate (child, &(GtkAllocation) { 0, 0, width, height }, baseline);
  if (self->boxes->len > 0 && wants_compact (self, width) != self->compact)
    {
      /* Not during this allocation: the rows' sizes change with the mode. */
      self->compact = !self->compact;
      if (self->compact_id == 0)
        self->compact_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_compact_cb, self, NULL);
    }
}

static void
rl_todo_view_dispose (GObject *object)
{
  RlTodoView *self = RL_TODO_VIEW (object);

  g_clear_handle_id (&self->compact_id, g_source_remove);
  g_ptr_array_set_size (self->boxes, 0);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RL_TYPE_TODO_VIEW);
  rl_gui_unparent_children (GTK_WIDGET (self));
  G_OBJECT_CLASS (rl_todo_view_parent_class)->dispose (object);
}

static void
rl_todo_view_finalize (GObject *object)
{
  RlTodoView *self = RL_TODO_VIEW (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->boxes, g_ptr_array_unref);
  g_free (self->book_path);
  G_OBJECT_CLASS (rl_todo_view_parent_class)->finalize (object);
}

static void
rl_todo_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_N_PROPOSED:
      g_value_set_uint (value, RL_TODO_VIEW (object)->n_proposed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rl_todo_view_class_init (RlTodoViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rl_todo_view_dispose;
  object_class->finalize = rl_todo_view_finalize;
  widget_class->measure = rl_todo_view_measure;
  widget_class->size_allocate = rl_todo_view_size_allocate;
  object_class->get_property = rl_todo_view_get_property;

  properties[PROP_N_PROPOSED] =
    g_param_spec_uint ("n-proposed", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/relance/Relance/ui/rl-todo-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RlTodoView, stack);
  gtk_widget_class_bind_template_child (widget_class, RlTodoView, content_box);
  gtk_widget_class_install_action (widget_class, "todo.preview", "u", item_action);
  gtk_widget_class_install_action (widget_class, "todo.edit", "u", item_action);
  gtk_widget_class_install_action (widget_class, "todo.skip", "u", item_action);
}

static void
rl_todo_view_init (RlTodoView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rl_gui_name_mnemonic_buttons (GTK_WIDGET (self));
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) todo_item_free);
  self->boxes = g_ptr_array_new ();
}

/* Lists the proposed actions of the book at @book_path. */
void
rl_todo_view_set_book (RlTodoView *self,
                       const char *book_path)
{
  g_return_if_fail (RL_IS_TODO_VIEW (self));

  if (g_strcmp0 (self->book_path, book_path) != 0)
    {
      g_free (self->book_path);
      self->book_path = g_strdup (book_path);
    }
  reload (self);
}

guint
rl_todo_view_get_n_proposed (RlTodoView *self)
{
  g_return_val_if_fail (RL_IS_TODO_VIEW (self), 0);
  return self->n_proposed;
}

const char *
_rl_todo_view_get_book_path (RlTodoView *self)
{
  return self->book_path;
}
