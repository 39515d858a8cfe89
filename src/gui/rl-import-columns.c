/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-import-columns.h"

#include <glib/gi18n.h>

#include "rl-csv-fields.h"
#include "rl-gui-widgets.h"
#include "rl-import-figures.h"

struct _RlImportColumns
{
  AdwPreferencesGroup  parent_instance;

  AdwComboRow         *kind_row;
  GtkListBox          *list;
  GtkLabel            *note_label;

  RlCsvKind            kind;          /* of the rows' choices */
  RlCsvField           kind_fields[RL_CSV_N_FIELDS];
  guint                n_kind_fields;
  GtkStringList       *choices;       /* "Not imported", then the kind's fields */
  GPtrArray           *header;        /* (element-type utf8): the columns shown */
  GArray              *fields;        /* (element-type int): per column, its field or -1 */
  gboolean             chosen;        /* a column's field was chosen by the user */
  guint                updating;      /* set while the rows follow a preview: no "changed" */
};

G_DEFINE_FINAL_TYPE (RlImportColumns, rl_import_columns, ADW_TYPE_PREFERENCES_GROUP)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Whether a choice is a required field, in words: "" when it is not. */
static const char *
required_text (RlImportColumns *self,
               guint            position)
{
  RlCsvField field;

  if (position == 0 || position > self->n_kind_fields)
    return "";
  field = self->kind_fields[position - 1];
  if (!rl_csv_field_required (self->kind, field))
    return "";
  if (field == RL_CSV_FIELD_CODE)
    /* TRANSLATORS: the customer code is required, unless the customer's name is given */
    return _("required, or the name");
  if (field == RL_CSV_FIELD_NAME)
    /* TRANSLATORS: the customer name is required, unless the customer's code is given */
    return _("required, or the code");
  return _("required");
}

static void
set_kind (RlImportColumns *self,
          RlCsvKind        kind)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) labels = NULL;

  self->kind = kind;
  self->n_kind_fields = rl_csv_kind_fields (kind, self->kind_fields);
  g_strv_builder_add (builder, _("Not imported"));
  for (guint k = 0; k < self->n_kind_fields; k++)
    g_strv_builder_add (builder, rl_import_field_label (kind, self->kind_fields[k]));
  labels = g_strv_builder_end (builder);
  g_clear_object (&self->choices);
  self->choices = gtk_string_list_new ((const char * const *) labels);
}

static guint
position_of (RlImportColumns *self,
             int              field)
{
  for (guint k = 0; k < self->n_kind_fields; k++)
    if ((int) self->kind_fields[k] == field)
      return k + 1;
  return 0;
}

static GtkWidget *
row_at (RlImportColumns *self,
        guint            column)
{
  return GTK_WIDGET (gtk_list_box_get_row_at_index (self->list, column));
}

/* What a screen reader says of a column: its name and what it is taken for. */
static void
label_row (RlImportColumns *self,
           guint            column)
{
  const char *header = g_ptr_array_index (self->header, column);
  int field = g_array_index (self->fields, int, column);
  const char *what = field >= 0 ? rl_import_field_label (self->kind, field) : _("Not imported");
  /* TRANSLATORS: a column of the file and what it is taken for: "Montant TTC: Amount" */
  g_autofree char *label = g_strdup_printf (_("Column %s: %s"), header, what);

  gtk_accessible_update_property (GTK_ACCESSIBLE (row_at (self, column)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
select_field (RlImportColumns *self,
              guint            column,
              int              field)
{
  g_array_index (self->fields, int, column) = field;
  self->updating++;
  adw_combo_row_set_selected (ADW_COMBO_ROW (row_at (self, column)), position_of (self, field));
  self->updating--;
  label_row (self, column);
}

static void
set_note (RlImportColumns *self,
          const char      *text)
{
  gtk_label_set_text (self->note_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), text != NULL);
}

/* The choices: in the row, the field chosen; in its list, every field with whether it is
 * required and a mark on the one chosen. The labels are never cut in the list. */
static void
on_choice_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    RlImportColumns          *self)
{
  gboolean in_list = g_object_get_data (G_OBJECT (factory), "list") != NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  if (in_list)
    {
      GtkWidget *required = gtk_label_new (NULL);
      GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_add_css_class (required, "dim-label");
      gtk_widget_add_css_class (required, "caption");
      gtk_box_append (GTK_BOX (box), required);
      gtk_box_append (GTK_BOX (box), check);
    }
  else
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, box);
}

static void
on_choice_selected_cb (AdwComboRow *row,
                       GParamSpec  *pspec,
                       GtkListItem *item)
{
  GtkWidget *check = gtk_widget_get_last_child (gtk_list_item_get_child (item));

  gtk_widget_set_opacity (check, adw_combo_row_get_selected (row)
                                 == gtk_list_item_get_position (item) ? 1 : 0);
}

static void
on_choice_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   RlImportColumns          *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkStringObject *choice = gtk_list_item_get_item (item);
  GtkWidget *row;

  gtk_label_set_text (GTK_LABEL (label), gtk_string_object_get_string (choice));
  if (g_object_get_data (G_OBJECT (factory), "list") == NULL)
    return;
  row = gtk_widget_get_ancestor (box, ADW_TYPE_COMBO_ROW);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (label)),
                      row == GTK_WIDGET (self->kind_row)
                      ? "" : required_text (self, gtk_list_item_get_position (item)));
  if (row == NULL)
    return;
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_choice_selected_cb), item);
  on_choice_selected_cb (ADW_COMBO_ROW (row), NULL, item);
  g_object_set_data (G_OBJECT (item), "row", row);
}

static void
on_choice_unbind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     RlImportColumns          *self)
{
  GObject *row = g_object_steal_data (G_OBJECT (item), "row");

  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, on_choice_selected_cb, item);
}

static GtkListItemFactory *
choice_factory (RlImportColumns *self,
                gboolean         in_list)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  if (in_list)
    g_object_set_data (G_OBJECT (factory), "list", GINT_TO_POINTER (TRUE));
  g_signal_connect_object (factory, "setup", G_CALLBACK (on_choice_setup_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (on_choice_bind_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (on_choice_unbind_cb), self, 0);
  return factory;
}

/* Signal callbacks */

static void
on_column_selected_cb (AdwComboRow     *row,
                       GParamSpec      *pspec,
                       RlImportColumns *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "column"));
  guint position = adw_combo_row_get_selected (row);
  int field = position > 0 && position <= self->n_kind_fields
              ? (int) self->kind_fields[position - 1] : -1;
  g_autofree char *note = NULL;

  if (self->updating > 0 || field == g_array_index (self->fields, int, column))
    return;
  /* One column per field: the column that had it lets it go, and the user is told. */
  for (guint i = 0; field >= 0 && i < self->fields->len; i++)
    if (i != column && g_array_index (self->fields, int, i) == field)
      {
        /* TRANSLATORS: a column of the file and a field: "The column “Total” was taken for
         * Amount: it is no longer imported." */
        note = g_strdup_printf (_("The column “%s” was taken for %s: it is no longer "
                                  "imported."),
                                (const char *) g_ptr_array_index (self->header, i),
                                rl_import_field_label (self->kind, field));
        select_field (self, i, -1);
      }
  set_note (self, note);
  g_array_index (self->fields, int, column) = field;
  label_row (self, column);
  self->chosen = TRUE;
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_kind_selected_cb (RlImportColumns *self)
{
  guint position = adw_combo_row_get_selected (self->kind_row);

  if (self->updating > 0 || position == GTK_INVALID_LIST_POSITION
      || (RlCsvKind) (position + 1) == self->kind)
    return;
  /* Another kind of file: its columns are found from the header again. */
  set_kind (self, position + 1);
  self->chosen = FALSE;
  set_note (self, NULL);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Overrides */

static void
rl_import_columns_dispose (GObject *object)
{
  RlImportColumns *self = RL_IMPORT_COLUMNS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RL_TYPE_IMPORT_COLUMNS);
  g_clear_object (&self->choices);
  G_OBJECT_CLASS (rl_import_columns_parent_class)->dispose (object);
}

static void
rl_import_columns_finalize (GObject *object)
{
  RlImportColumns *self = RL_IMPORT_COLUMNS (object);

  g_ptr_array_unref (self->header);
  g_array_unref (self->fields);
  G_OBJECT_CLASS (rl_import_columns_parent_class)->finalize (object);
}

static void
rl_import_columns_class_init (RlImportColumnsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rl_import_columns_dispose;
  object_class->finalize = rl_import_columns_finalize;

  /**
   * RlImportColumns::changed:
   *
   * The user chose another field for a column, or another kind of file.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/relance/Relance/ui/rl-import-columns.ui");
  gtk_widget_class_bind_template_child (widget_class, RlImportColumns, kind_row);
  gtk_widget_class_bind_template_child (widget_class, RlImportColumns, list);
  gtk_widget_class_bind_template_child (widget_class, RlImportColumns, note_label);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_selected_cb);
}

static void
rl_import_columns_init (RlImportColumns *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  rl_gui_name_mnemonic_buttons (GTK_WIDGET (self));
  self->header = g_ptr_array_new_with_free_func (g_free);
  self->fields = g_array_new (FALSE, FALSE, sizeof (int));
  set_kind (self, RL_CSV_KIND_AUTO);
  factory = choice_factory (self, FALSE);
  adw_combo_row_set_factory (self->kind_row, factory);
  g_object_unref (factory);
  factory = choice_factory (self, TRUE);
  adw_combo_row_set_list_factory (self->kind_row, factory);
  g_object_unref (factory);
}

/* Public API */

static gboolean
same_header (RlImportColumns    *self,
             const RlCsvPreview *preview)
{
  if (self->header->len != preview->header->len)
    return FALSE;
  for (guint i = 0; i < self->header->len; i++)
    if (g_strcmp0 (self->header->pdata[i], preview->header->pdata[i]) != 0)
      return FALSE;
  return TRUE;
}

/**
 * rl_import_columns_show_preview:
 *
 * Shows what the file holds and each column with what it is taken for, as the dry run read
 * them. The rows stay the same while the header does, so that the keyboard focus and a
 * screen reader keep their place when a choice is checked again.
 */
void
rl_import_columns_show_preview (RlImportColumns    *self,
                                const RlCsvPreview *preview)
{
  gboolean rebuild;

  g_return_if_fail (RL_IS_IMPORT_COLUMNS (self));
  g_return_if_fail (preview != NULL);

  self->updating++;
  rebuild = !same_header (self, preview);
  if (preview->kind != self->kind || rebuild)
    {
      set_kind (self, preview->kind);
      for (GtkWidget *row = rebuild ? NULL : gtk_widget_get_first_child (GTK_WIDGET (self->list));
           row != NULL; row = gtk_widget_get_next_sibling (row))
        adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (self->choices));
    }
  adw_combo_row_set_selected (self->kind_row, preview->kind == RL_CSV_KIND_AUTO
                                              ? GTK_INVALID_LIST_POSITION
                                              : (guint) preview->kind - 1);
  if (rebuild)
    {
      GtkWidget *child;

      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
        gtk_list_box_remove (self->list, child);
      g_ptr_array_set_size (self->header, 0);
      set_note (self, NULL);
      self->chosen = FALSE;
      for (guint i = 0; i < preview->header->len; i++)
        {
          const char *column = g_ptr_array_index (preview->header, i);
          const char *first = preview->rows->len > 0 ? ((char **) preview->rows->pdata[0])[i]
                                                      : NULL;
          GtkWidget *row = adw_combo_row_new ();
          g_autoptr(GtkListItemFactory) factory = choice_factory (self, FALSE);
          g_autoptr(GtkListItemFactory) list_factory = choice_factory (self, TRUE);

          g_ptr_array_add (self->header, g_strdup (column));
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), column);
          if (first != NULL && *first != '\0')
            adw_action_row_set_subtitle (ADW_ACTION_ROW (row), first);
          adw_combo_row_set_factory (ADW_COMBO_ROW (row), factory);
          adw_combo_row_set_list_factory (ADW_COMBO_ROW (row), list_factory);
          adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (self->choices));
          g_object_set_data (G_OBJECT (row), "column", GUINT_TO_POINTER (i));
          g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_column_selected_cb),
                                   self, 0);
          gtk_list_box_append (self->list, row);
        }
    }
  g_array_set_size (self->fields, preview->header->len);
  for (guint i = 0; i < preview->header->len; i++)
    {
      gtk_widget_set_sensitive (row_at (self, i), preview->kind != RL_CSV_KIND_AUTO);
      select_field (self, i, g_array_index (preview->fields, int, i));
    }
  self->updating--;
}

/* Returns: what the file holds, as shown (%RL_CSV_KIND_AUTO when it is not known) */
RlCsvKind
rl_import_columns_get_kind (RlImportColumns *self)
{
  g_return_val_if_fail (RL_IS_IMPORT_COLUMNS (self), RL_CSV_KIND_AUTO);

  return self->kind;
}

/**
 * rl_import_columns_dup_fields:
 *
 * Returns: (transfer full) (nullable) (element-type int): per column, the field chosen or
 *   -1, or %NULL when the user chose none: the columns are then found from the header
 */
GArray *
rl_import_columns_dup_fields (RlImportColumns *self)
{
  GArray *copy;

  g_return_val_if_fail (RL_IS_IMPORT_COLUMNS (self), NULL);

  if (!self->chosen)
    return NULL;
  copy = g_array_sized_new (FALSE, FALSE, sizeof (int), self->fields->len);
  g_array_append_vals (copy, self->fields->data, self->fields->len);
  return copy;
}

static gboolean
has_field (RlImportColumns *self,
           RlCsvField       field)
{
  for (guint i = 0; i < self->fields->len; i++)
    if (g_array_index (self->fields, int, i) == (int) field)
      return TRUE;
  return FALSE;
}

/**
 * rl_import_columns_dup_missing:
 *
 * Returns: (transfer full) (nullable): the required fields no column is taken for, in
 *   words ("Amount, Invoice date"), or %NULL when none is missing or the kind is not known
 */
char *
rl_import_columns_dup_missing (RlImportColumns *self)
{
  g_autoptr(GString) missing = g_string_new (NULL);

  g_return_val_if_fail (RL_IS_IMPORT_COLUMNS (self), NULL);

  for (guint k = 0; k < self->n_kind_fields; k++)
    {
      RlCsvField field = self->kind_fields[k];
      g_autofree char *what = NULL;

      /* The customer's code or its name: either will do. */
      if (!rl_csv_field_required (self->kind, field) || has_field (self, field)
          || field == RL_CSV_FIELD_NAME
          || (field == RL_CSV_FIELD_CODE && has_field (self, RL_CSV_FIELD_NAME)))
        continue;
      if (field == RL_CSV_FIELD_CODE)
        /* TRANSLATORS: two fields of a CSV file, either of which is required: "Customer code
         * or Customer name" */
        what = g_strdup_printf (_("%s or %s"), rl_import_field_label (self->kind, field),
                                rl_import_field_label (self->kind, RL_CSV_FIELD_NAME));
      else
        what = g_strdup (rl_import_field_label (self->kind, field));
      g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "", what);
    }
  return missing->len > 0 ? g_string_free (g_steal_pointer (&missing), FALSE) : NULL;
}
