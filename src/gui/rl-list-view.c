/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-list-view.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rl-book-job.h"
#include "rl-gui-format.h"
#include "rl-gui-widgets.h"
#include "rl-list-cell.h"
#include "rl-page-model.h"

/* "Due soon" from the dashboard looks this many days ahead. */
#define DUE_SOON_DAYS 14

struct _RlListView
{
  GtkWidget        parent_instance;

  GtkSearchEntry  *search_entry;
  GtkCheckButton  *overdue_check;
  GtkCheckButton  *open_check;
  GtkCheckButton  *hold_check;
  GtkCheckButton  *limit_check;
  GtkDropDown     *risk_dropdown;
  GtkDropDown     *assignee_dropdown;
  GtkStack        *content_stack;
  GtkScrolledWindow *scrolled;
  GtkColumnView   *column_view;
  GtkLabel        *count_label;

  RlListKind       kind;
  char            *book_path;
  RlPageModel     *model;
  GtkStringList   *assignees;
  GObject         *probe[2];        /* to learn which column the user sorts by */
  int              probed_column;
  RlListSort       sort;
  gboolean         descending;
  RlDay            due_from;        /* a filter only the dashboard sets */
  gboolean         pending;         /* a query to run once the list is shown */
  gboolean         stale;           /* the book changed while the list was hidden */
  gboolean         assignees_stale; /* the people to filter by are read when first shown */
  gboolean         applying;        /* setting the filter widgets from code */
  GCancellable    *cancellable;
};

G_DEFINE_FINAL_TYPE (RlListView, rl_list_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  RlListView *view;
  int         column;
} ColumnSort;

static char
selected_risk (RlListView *self)
{
  guint i = gtk_drop_down_get_selected (self->risk_dropdown);

  return i >= 1 && i <= 4 ? (char) ('A' + i - 1) : 0;
}

static void
update_count (RlListView *self)
{
  /* The rows counted, while the list may still be showing them a few at a time. */
  guint n = rl_page_model_get_count (self->model);
  g_autofree char *text = NULL;

  if (rl_page_model_get_loading (self->model) && n == 0)
    text = g_strdup (_("Loading…"));
  else if (self->kind == RL_LIST_CUSTOMERS)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u customer", "%u customers", n), n);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u invoice", "%u invoices", n), n);
  if (self->due_from != RL_DAY_NONE)
    {
      char *with = g_strdup_printf (_("%s, falling due in the next %d days"), text,
                                    DUE_SOON_DAYS);

      g_free (text);
      text = with;
    }
  gtk_label_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->content_stack,
                                    n == 0 && !rl_page_model_get_loading (self->model)
                                    ? "empty" : "list");
}

static void
update_query (RlListView *self)
{
  RlListQuery query = { 0 };
  guint assignee = gtk_drop_down_get_selected (self->assignee_dropdown);

  if (self->model == NULL)
    return;
  /* A list nobody looks at does not compete with the dashboard for the book. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->pending = TRUE;
      update_count (self);
      return;
    }
  self->pending = FALSE;
  query.search = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  query.overdue_only = gtk_check_button_get_active (self->overdue_check);
  query.open_only = gtk_check_button_get_active (self->open_check);
  query.on_hold_only = gtk_check_button_get_active (self->hold_check);
  query.over_limit_only = gtk_check_button_get_active (self->limit_check);
  query.risk_class = selected_risk (self);
  if (assignee != GTK_INVALID_LIST_POSITION && assignee > 0)
    query.assigned_to = g_strdup (gtk_string_list_get_string (self->assignees, assignee));
  query.sort = self->sort;
  query.descending = self->descending;
  query.as_of = rl_day_today ();
  if (self->due_from != RL_DAY_NONE)
    {
      query.due_from = self->due_from;
      query.due_to = self->due_from + DUE_SOON_DAYS;
    }
  rl_page_model_set_query (self->model, &query);
  rl_list_query_clear (&query);
  update_count (self);
}

static void
on_filters_changed_cb (RlListView *self)
{
  if (self->applying)
    return;
  self->due_from = RL_DAY_NONE;
  update_query (self);
}

static void
on_stop_search_cb (RlListView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_row_activated_cb (RlListView *self,
                     guint       position)
{
  g_autoptr(RlRowItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  gconstpointer row = item ? rl_row_item_get_row (item) : NULL;
  gint64 customer_id;

  if (row == NULL)
    return;
  customer_id = self->kind == RL_LIST_CUSTOMERS ? ((const RlCustomerRow *) row)->id
                                                : ((const RlInvoiceRow *) row)->customer_id;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-customer", "x", customer_id);
}

static void
on_model_changed_cb (RlListView *self)
{
  update_count (self);
}

/* The column sorters never sort items: comparing two probes tells which column the column
 * view's sorter puts first, and in which direction (GTK 4.8 has no getter for it). */
static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  ColumnSort *cs = user_data;

  if (cs->view->probed_column < 0)
    cs->view->probed_column = cs->column;
  if (a == b)
    return GTK_ORDERING_EQUAL;
  return a == cs->view->probe[0] ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
}

static void
on_sorter_changed_cb (RlListView *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  guint n_columns;
  const RlListColumn *columns = rl_list_columns (self->kind, &n_columns);
  GtkOrdering order;

  self->probed_column = -1;
  order = gtk_sorter_compare (sorter, self->probe[0], self->probe[1]);
  if (self->probed_column >= 0 && (guint) self->probed_column < n_columns)
    {
      self->sort = columns[self->probed_column].sort;
      self->descending = order == GTK_ORDERING_LARGER;
    }
  else
    {
      self->sort = RL_LIST_SORT_CODE;
      self->descending = FALSE;
    }
  update_query (self);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  const RlListColumn *column = user_data;
  /* In a narrow window the list scrolls sideways below its columns' narrow widths. */
  GtkWidget *cell = rl_list_cell_new (column->min_chars, column->chars, column->numeric);

  rl_list_cell_set_tag (RL_LIST_CELL (cell), column);
  gtk_list_item_set_child (list_item, cell);
}

static void
update_cell (GObject *object)
{
  GtkListItem *list_item = GTK_LIST_ITEM (object);
  RlRowItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  const RlListColumn *column;
  g_autofree char *text = NULL;

  /* A cell whose widget was dropped while its row was still being read has nothing to show. */
  if (item == NULL || cell == NULL)
    return;
  column = rl_list_cell_get_tag (RL_LIST_CELL (cell));
  text = rl_list_cell_text (rl_row_item_get_kind (item), column->id, rl_row_item_get_row (item));
  rl_list_cell_set_text (RL_LIST_CELL (cell), text);
}

/* A placeholder row fills in when its page arrives. */
static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  RlRowItem *item = gtk_list_item_get_item (list_item);

  update_cell (G_OBJECT (list_item));
  if (rl_row_item_get_row (item) == NULL)
    rl_row_item_wait (item, update_cell, G_OBJECT (list_item));
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  RlRowItem *item = gtk_list_item_get_item (list_item);

  if (item != NULL)
    rl_row_item_unwait (item, G_OBJECT (list_item));
}

/* The titles of the columns of numbers end where their figures end, the sort arrow before
 * them. GTK 4.8 has no way to align a column's title: its header is a row of titles (a box
 * holding the label and the sort arrow) in the order of the columns. Should a later GTK build
 * the header otherwise, the titles stay as they are. */
static void
align_number_titles (RlListView *self)
{
  guint n_columns;
  const RlListColumn *columns = rl_list_columns (self->kind, &n_columns);
  GtkWidget *header = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
  GtkWidget *title;
  guint i = 0;

  if (header == NULL || g_strcmp0 (gtk_widget_get_css_name (header), "header") != 0)
    return;
  for (title = gtk_widget_get_first_child (header); title != NULL && i < n_columns;
       title = gtk_widget_get_next_sibling (title), i++)
    {
      GtkWidget *box = gtk_widget_get_first_child (title);
      GtkWidget *label = box != NULL ? gtk_widget_get_first_child (box) : NULL;
      GtkWidget *arrow = label != NULL ? gtk_widget_get_next_sibling (label) : NULL;

      if (!columns[i].numeric || !GTK_IS_BOX (box) || !GTK_IS_LABEL (label) || arrow == NULL)
        continue;
      gtk_box_reorder_child_after (GTK_BOX (box), label, arrow);
      gtk_widget_set_halign (box, GTK_ALIGN_END);
    }
}

static void
add_columns (RlListView *self)
{
  guint n_columns;
  const RlListColumn *columns = rl_list_columns (self->kind, &n_columns);

  for (guint i = 0; i < n_columns; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), (gpointer) &columns[i]);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), (gpointer) &columns[i]);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), NULL);
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      if (columns[i].sort != RL_N_LIST_SORTS)
        {
          ColumnSort *cs = g_new0 (ColumnSort, 1);
          g_autoptr(GtkSorter) sorter = NULL;

          cs->view = self;
          cs->column = (int) i;
          sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, cs, g_free));
          gtk_column_view_column_set_sorter (column, sorter);
        }
      gtk_column_view_append_column (self->column_view, column);
    }
  align_number_titles (self);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_sorter_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
set_kind (RlListView *self,
          guint       kind)
{
  self->kind = kind == RL_LIST_INVOICES ? RL_LIST_INVOICES : RL_LIST_CUSTOMERS;
  add_columns (self);
  g_object_set (self->search_entry, "placeholder-text",
                self->kind == RL_LIST_CUSTOMERS ? _("Search customers by name or code")
                                                : _("Search invoices by number or customer"),
                NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->kind == RL_LIST_CUSTOMERS ? _("Search customers")
                                                                  : _("Search invoices"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->kind == RL_LIST_CUSTOMERS ? _("Customers")
                                                                  : _("Invoices"),
                                  -1);
  gtk_widget_set_visible (GTK_WIDGET (self->limit_check), self->kind == RL_LIST_CUSTOMERS);
  gtk_check_button_set_label (self->open_check, self->kind == RL_LIST_CUSTOMERS
                                                ? _("With _unpaid invoices") : _("_Unpaid"));
}

static gpointer
assignees_job (RlBook   *book,
               gpointer  data,
               GError  **error)
{
  return rl_book_list_assignees (book, error);
}

static void
on_assignees_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = rl_book_job_finish (result, &error);
  RlListView *self;

  if (names == NULL)
    return;
  self = RL_LIST_VIEW (user_data);
  self->applying = TRUE;
  gtk_string_list_splice (self->assignees, 1,
                          g_list_model_get_n_items (G_LIST_MODEL (self->assignees)) - 1, NULL);
  for (guint i = 0; i < names->len; i++)
    gtk_string_list_append (self->assignees, g_ptr_array_index (names, i));
  gtk_widget_set_visible (GTK_WIDGET (self->assignee_dropdown), names->len > 0);
  self->applying = FALSE;
}

static void
load_assignees (RlListView *self)
{
  self->assignees_stale = FALSE;
  rl_book_job_run_async (self->book_path, assignees_job, NULL, NULL,
                         (GDestroyNotify) g_ptr_array_unref,
                         rl_cancellable_renew (&self->cancellable), on_assignees_cb, self);
}

static void
rl_list_view_map (GtkWidget *widget)
{
  RlListView *self = RL_LIST_VIEW (widget);

  GTK_WIDGET_CLASS (rl_list_view_parent_class)->map (widget);
  if (self->assignees_stale && self->book_path != NULL)
    load_assignees (self);
  if (self->pending)
    update_query (self);
  if (self->stale && self->model != NULL)
    {
      self->stale = FALSE;
      rl_page_model_reload (self->model);
      update_count (self);
    }
}

static void
rl_list_view_dispose (GObject *object)
{
  RlListView *self = RL_LIST_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  gtk_widget_dispose_template (GTK_WIDGET (self), RL_TYPE_LIST_VIEW);
  rl_gui_unparent_children (GTK_WIDGET (self));
  G_OBJECT_CLASS (rl_list_view_parent_class)->dispose (object);
}

static void
rl_list_view_finalize (GObject *object)
{
  RlListView *self = RL_LIST_VIEW (object);

  g_clear_object (&self->probe[0]);
  g_clear_object (&self->probe[1]);
  g_clear_object (&self->assignees);
  g_free (self->book_path);
  G_OBJECT_CLASS (rl_list_view_parent_class)->finalize (object);
}

static void
rl_list_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_uint (value, RL_LIST_VIEW (object)->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rl_list_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_KIND:
      set_kind (RL_LIST_VIEW (object), g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rl_list_view_class_init (RlListViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rl_list_view_dispose;
  object_class->finalize = rl_list_view_finalize;
  object_class->get_property = rl_list_view_get_property;
  object_class->set_property = rl_list_view_set_property;
  widget_class->map = rl_list_view_map;

  /* 0: customers, 1: invoices (RlListKind) */
  properties[PROP_KIND] =
    g_param_spec_uint ("kind", NULL, NULL, 0, 1, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/relance/Relance/ui/rl-list-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RlListView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RlListView, overdue_check);
  gtk_widget_class_bind_template_child (widget_class, RlListView, open_check);
  gtk_widget_class_bind_template_child (widget_class, RlListView, hold_check);
  gtk_widget_class_bind_template_child (widget_class, RlListView, limit_check);
  gtk_widget_class_bind_template_child (widget_class, RlListView, risk_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RlListView, assignee_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RlListView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, RlListView, scrolled);
  gtk_widget_class_bind_template_child (widget_class, RlListView, column_view);
  gtk_widget_class_bind_template_child (widget_class, RlListView, count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rl_list_view_init (RlListView *self)
{
  const char *risks[] = { _("Any risk"), _("Risk A"), _("Risk B"), _("Risk C"), _("Risk D"),
                          NULL };
  const char *anyone[] = { _("Anyone"), NULL };

  self->applying = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  rl_gui_name_mnemonic_buttons (GTK_WIDGET (self));
  self->probe[0] = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe[1] = g_object_new (G_TYPE_OBJECT, NULL);
  gtk_drop_down_set_model (self->risk_dropdown, G_LIST_MODEL (gtk_string_list_new (risks)));
  g_object_unref (gtk_drop_down_get_model (self->risk_dropdown));
  self->assignees = gtk_string_list_new (anyone);
  gtk_drop_down_set_model (self->assignee_dropdown, G_LIST_MODEL (self->assignees));
  gtk_widget_set_visible (GTK_WIDGET (self->assignee_dropdown), FALSE);
  self->applying = FALSE;
}

/* Shows the rows of the book at @book_path, keeping the search, filters and sort. */
void
rl_list_view_set_book (RlListView *self,
                       const char *book_path)
{
  GtkSelectionModel *selection;

  g_return_if_fail (RL_IS_LIST_VIEW (self));

  if (self->model != NULL && g_strcmp0 (book_path, self->book_path) == 0)
    {
      rl_list_view_reload (self);
      return;
    }
  g_free (self->book_path);
  self->book_path = g_strdup (book_path);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  self->model = rl_page_model_new (self->kind, book_path);
  g_signal_connect_swapped (self->model, "notify::loading", G_CALLBACK (on_model_changed_cb),
                            self);
  g_signal_connect_swapped (self->model, "notify::n-items", G_CALLBACK (on_model_changed_cb),
                            self);
  selection = GTK_SELECTION_MODEL (
    gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model))));
  gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (selection), FALSE);
  gtk_single_selection_set_can_unselect (GTK_SINGLE_SELECTION (selection), TRUE);
  gtk_column_view_set_model (self->column_view, selection);
  g_object_unref (selection);
  update_query (self);

  /* Hidden lists leave the book to the dashboard at start-up. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load_assignees (self);
  else
    self->assignees_stale = TRUE;
}

/* Reads the rows again: the book changed. */
void
rl_list_view_reload (RlListView *self)
{
  g_return_if_fail (RL_IS_LIST_VIEW (self));

  if (self->model == NULL)
    return;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  rl_page_model_reload (self->model);
  update_count (self);
}

/**
 * rl_list_view_apply_filter:
 * @filter: "open", "overdue", "over-limit", "hold", "risk-A"…"risk-D", "due-soon" or "all"
 *
 * Shows the rows behind a figure of the dashboard: clears the search and the other filters.
 */
void
rl_list_view_apply_filter (RlListView *self,
                           const char *filter)
{
  g_return_if_fail (RL_IS_LIST_VIEW (self));

  self->applying = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_check_button_set_active (self->overdue_check, g_strcmp0 (filter, "overdue") == 0);
  gtk_check_button_set_active (self->open_check, g_strcmp0 (filter, "open") == 0
                                                 || g_strcmp0 (filter, "due-soon") == 0);
  gtk_check_button_set_active (self->hold_check, g_strcmp0 (filter, "hold") == 0);
  gtk_check_button_set_active (self->limit_check, g_strcmp0 (filter, "over-limit") == 0);
  gtk_drop_down_set_selected (self->risk_dropdown,
                              filter != NULL && g_str_has_prefix (filter, "risk-")
                              && filter[5] >= 'A' && filter[5] <= 'D'
                              ? (guint) (filter[5] - 'A' + 1) : 0);
  gtk_drop_down_set_selected (self->assignee_dropdown, 0);
  self->due_from = g_strcmp0 (filter, "due-soon") == 0 ? rl_day_today () : RL_DAY_NONE;
  if (self->due_from != RL_DAY_NONE && self->kind == RL_LIST_INVOICES)
    {
      /* The invoices falling due soon, the nearest first. */
      g_autoptr(GtkColumnViewColumn) due =
        g_list_model_get_item (gtk_column_view_get_columns (self->column_view), 3);

      gtk_column_view_sort_by_column (self->column_view, due, GTK_SORT_ASCENDING);
    }
  self->applying = FALSE;
  update_query (self);
}

void
rl_list_view_focus_search (RlListView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

GtkAdjustment *
rl_list_view_get_vadjustment (RlListView *self)
{
  return gtk_scrolled_window_get_vadjustment (self->scrolled);
}

guint
rl_list_view_get_n_items (RlListView *self)
{
  return self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
}

/* Whether the last row has been read from the book, not only counted. */
gboolean
rl_list_view_last_row_loaded (RlListView *self)
{
  guint n = rl_list_view_get_n_items (self);
  g_autoptr(RlRowItem) item = n > 0 ? g_list_model_get_item (G_LIST_MODEL (self->model), n - 1)
                                    : NULL;

  return item != NULL && rl_row_item_get_row (item) != NULL;
}

/* Whether the rows are still being counted. */
gboolean
rl_list_view_get_loading (RlListView *self)
{
  return self->model == NULL || rl_page_model_get_loading (self->model);
}
