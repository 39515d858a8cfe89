/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-prefs-private.h"

#include <glib/gi18n.h>

#include "rl-engine.h"
#include "rl-gui-widgets.h"
#include "rl-template.h"

/* The Plans page of the preferences: the dunning plans and their steps, kept in the order of
 * their days; a form above them edits the step chosen or adds one; and which plan each risk
 * class follows. Every change is made in a worker, and the page is read again after it. */

#define N_CLASSES 4

typedef struct
{
  Prefs               *p;
  AdwPreferencesPage  *page;
  GPtrArray           *plans;            /* (element-type RlPlan) as last read */
  GPtrArray           *groups;           /* one AdwPreferencesGroup per plan */
  AdwComboRow         *classes[N_CLASSES];
  AdwActionRow        *editing;
  GtkSpinButton       *offset;
  AdwComboRow         *channel;
  AdwComboRow         *template;
  GtkSwitch           *approval;
  GtkSwitch           *penalties;
  GtkSpinButton       *gap;
  GtkLabel            *error;
  gint64               plan_id;          /* the plan of the step edited, 0: none chosen */
  gint64               step_id;          /* the step edited, 0: a new one */
  gboolean             loading;
} Plans;

static void
plans_free (Plans *s)
{
  g_clear_pointer (&s->plans, g_ptr_array_unref);
  g_ptr_array_unref (s->groups);
  g_free (s);
}

static Plans *
plans_of (gpointer window)
{
  return g_object_get_data (G_OBJECT (window), "plans");
}

/* A step in a few words: "Day +15: Firm reminder". */
static char *
step_title (const RlPlanStep *step)
{
  /* TRANSLATORS: a step of a dunning plan: its day from the due date, then what it is */
  return g_strdup_printf (_("Day %+d: %s"), step->offset_days, rl_step_label (step->template_key));
}

static char *
step_subtitle (const RlPlanStep *step)
{
  g_autoptr(GString) s = g_string_new (rl_channel_label (step->channel));

  if (step->needs_approval)
    g_string_append_printf (s, " · %s", _("needs approval"));
  if (step->claims_penalties)
    g_string_append_printf (s, " · %s", _("claims penalties"));
  if (step->min_gap_days > 0)
    {
      g_string_append (s, " · ");
      g_string_append_printf (s, ngettext ("at least %d day after the last contact",
                                           "at least %d days after the last contact",
                                           step->min_gap_days), step->min_gap_days);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static const RlPlan *
find_plan (Plans  *s,
           gint64  plan_id)
{
  for (guint i = 0; s->plans != NULL && i < s->plans->len; i++)
    if (((RlPlan *) s->plans->pdata[i])->id == plan_id)
      return s->plans->pdata[i];
  return NULL;
}

static const RlPlanStep *
find_step (const RlPlan *plan,
           gint64        step_id)
{
  for (guint i = 0; plan != NULL && i < plan->steps->len; i++)
    if (((RlPlanStep *) plan->steps->pdata[i])->id == step_id)
      return plan->steps->pdata[i];
  return NULL;
}

/* Reading */

static gpointer
plans_job (RlBook   *book,
           gpointer  data,
           GError  **error)
{
  if (!rl_book_begin (book, error))
    return NULL;
  if (!rl_plans_ensure_defaults (book, error) || !rl_book_commit (book, error))
    {
      rl_book_rollback (book);
      return NULL;
    }
  return rl_book_list_plans (book, error);
}

static void show_plans (Plans *s);

static void
plans_read (Prefs        *p,
            gpointer      result,
            const GError *error)
{
  Plans *s = plans_of (p->window);

  if (result == NULL)
    {
      _rl_prefs_show_error (s->error, error);
      return;
    }
  g_clear_pointer (&s->plans, g_ptr_array_unref);
  s->plans = result;
  show_plans (s);
}

static void
reload (Plans *s)
{
  _rl_prefs_read (s->p, plans_job, NULL, NULL, NULL, plans_read);
}

/* Changing */

typedef enum
{
  CHANGE_SAVE_STEP,
  CHANGE_REMOVE_STEP,
  CHANGE_MOVE_EARLIER,
  CHANGE_MOVE_LATER,
  CHANGE_CLASS,
  CHANGE_COPY,
  CHANGE_RENAME,
  CHANGE_DELETE,
} ChangeKind;

typedef struct
{
  ChangeKind  kind;
  gint64      plan_id;
  gint64      step_id;
  RlPlanStep  step;
  char        risk_class;
  char       *key;        /* the plan copied */
  char       *name;       /* of the copy, or the new name */
} Change;

static void
change_free (Change *c)
{
  g_free (c->step.template_key);
  g_free (c->key);
  g_free (c->name);
  g_free (c);
}

/* A copy of the plan @c->key, under the first key free after it ("usual-copy-1"…). */
static gboolean
copy_plan (RlBook  *book,
           Change  *c,
           GError **error)
{
  for (int n = 1; n < 100; n++)
    {
      g_autofree char *key = g_strdup_printf ("%.30s-copy-%d", c->key, n);
      g_autoptr(RlPlan) taken = rl_book_find_plan (book, key, error);

      if (taken == NULL && error != NULL && *error != NULL)
        return FALSE;
      if (taken == NULL)
        return rl_book_create_plan (book, key, c->name, 0, c->key, error) > 0;
    }
  g_set_error_literal (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID,
                       _("too many copies of this plan already"));
  return FALSE;
}

static gboolean
plans_change (RlBook   *book,
              gpointer  data,
              GError  **error)
{
  Change *c = data;
  const RlPlanStep *st = &c->step;

  switch (c->kind)
    {
    case CHANGE_SAVE_STEP:
      if (c->step_id == 0)
        return rl_book_add_step (book, c->plan_id, st->offset_days, st->channel,
                                 st->template_key, st->needs_approval, st->claims_penalties,
                                 st->min_gap_days, error) > 0;
      return rl_book_update_step (book, c->step_id, st->offset_days, st->channel,
                                  st->template_key, st->needs_approval, st->claims_penalties,
                                  st->min_gap_days, error);
    case CHANGE_REMOVE_STEP:
      return rl_book_remove_step (book, c->step_id, error);
    case CHANGE_MOVE_EARLIER:
    case CHANGE_MOVE_LATER:
      return rl_book_move_step (book, c->step_id, c->kind == CHANGE_MOVE_LATER, error);
    case CHANGE_COPY:
      return copy_plan (book, c, error);
    case CHANGE_RENAME:
      return rl_book_rename_plan (book, c->plan_id, c->name, error);
    case CHANGE_DELETE:
      return rl_book_delete_plan (book, c->plan_id, error);
    case CHANGE_CLASS:
    default:
      return rl_book_set_plan_risk_class (book, c->plan_id, c->risk_class, error);
    }
}

static void
plans_changed (Prefs        *p,
               gpointer      data,
               const GError *error)
{
  Plans *s = plans_of (p->window);
  Change *c = data;

  _rl_prefs_show_error (s->error, error);
  if (error == NULL)
    {
      _rl_prefs_toast (p, c->kind == CHANGE_CLASS ? _("Plan of the risk class changed")
                          : c->kind == CHANGE_COPY ? _("Plan copied")
                          : c->kind == CHANGE_DELETE ? _("Plan deleted")
                                                     : _("Plan saved"));
      if (c->kind == CHANGE_SAVE_STEP && c->step_id == 0)
        s->plan_id = 0;
    }
  /* Refused or not, the page shows the book as it is. */
  reload (s);
}

static void
change (Plans  *s,
        Change *c)
{
  _rl_prefs_change (s->p, plans_change, c, (GDestroyNotify) change_free, plans_changed);
}

/* The form */

static void
show_editing (Plans *s)
{
  const RlPlan *plan = find_plan (s, s->plan_id);
  g_autofree char *title = NULL;

  if (plan == NULL)
    title = g_strdup (_("Choose a step below, or add one to a plan"));
  else if (s->step_id == 0)
    title = g_strdup_printf (_("New step of “%s”"), rl_plan_label (plan));
  else
    {
      const RlPlanStep *step = find_step (plan, s->step_id);

      title = g_strdup_printf (_("Step %d of “%s”"), step != NULL ? step->position : 0,
                               rl_plan_label (plan));
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (s->editing), title);
}

static void
edit (Plans            *s,
      gint64            plan_id,
      const RlPlanStep *step)
{
  const char * const *keys = rl_template_default_keys ();

  s->plan_id = plan_id;
  s->step_id = step != NULL ? step->id : 0;
  gtk_spin_button_set_value (s->offset, step != NULL ? step->offset_days : 15);
  adw_combo_row_set_selected (s->channel, step != NULL ? step->channel : RL_CHANNEL_EMAIL);
  adw_combo_row_set_selected (s->template, 0);
  for (guint i = 0; step != NULL && keys[i] != NULL; i++)
    if (g_strcmp0 (keys[i], step->template_key) == 0)
      adw_combo_row_set_selected (s->template, i);
  gtk_switch_set_active (s->approval, step != NULL && step->needs_approval);
  gtk_switch_set_active (s->penalties, step != NULL && step->claims_penalties);
  gtk_spin_button_set_value (s->gap, step != NULL ? step->min_gap_days : 0);
  _rl_prefs_show_error (s->error, NULL);
  show_editing (s);
  gtk_widget_grab_focus (GTK_WIDGET (s->offset));
}

static void
on_save_step_cb (GtkButton *button,
                 Plans     *s)
{
  const char * const *keys = rl_template_default_keys ();
  guint t = adw_combo_row_get_selected (s->template);
  Change *c;

  if (find_plan (s, s->plan_id) == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID,
                                                     _("Choose a step to change, or a plan to "
                                                       "add a step to."));

      _rl_prefs_show_error (s->error, error);
      return;
    }
  c = g_new0 (Change, 1);
  c->kind = CHANGE_SAVE_STEP;
  c->plan_id = s->plan_id;
  c->step_id = s->step_id;
  c->step.offset_days = gtk_spin_button_get_value_as_int (s->offset);
  c->step.channel = MIN (adw_combo_row_get_selected (s->channel), RL_N_CHANNELS - 1);
  c->step.template_key = g_strdup (t < g_strv_length ((char **) keys) ? keys[t] : "");
  c->step.needs_approval = gtk_switch_get_active (s->approval);
  c->step.claims_penalties = gtk_switch_get_active (s->penalties);
  c->step.min_gap_days = gtk_spin_button_get_value_as_int (s->gap);
  change (s, c);
}

static GtkSwitch *
switch_row (AdwPreferencesGroup *group,
            const char          *title)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  adw_preferences_group_add (group, row);
  return GTK_SWITCH (sw);
}

/* The plans */

static void
on_step_button_cb (GtkButton *button,
                   Plans     *s)
{
  ChangeKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "kind"));
  gint64 plan_id = *(gint64 *) g_object_get_data (G_OBJECT (button), "plan");
  gint64 *step_id = g_object_get_data (G_OBJECT (button), "step");
  const RlPlan *plan = find_plan (s, plan_id);
  Change *c;

  if (plan == NULL)
    return;
  if (step_id == NULL)
    {
      edit (s, plan_id, NULL);
      return;
    }
  if (kind == CHANGE_SAVE_STEP)
    {
      edit (s, plan_id, find_step (plan, *step_id));
      return;
    }
  c = g_new0 (Change, 1);
  c->kind = kind;
  c->plan_id = plan_id;
  c->step_id = *step_id;
  change (s, c);
}

/* A flat icon button that carries its plan, step (0 for none) and kind of change. */
static GtkWidget *
icon_button (const char *icon,
             const char *accessible,
             ChangeKind  kind,
             gint64      plan_id,
             gint64      step_id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);
  gint64 *ids = g_new (gint64, 2);

  ids[0] = plan_id;
  ids[1] = step_id;
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, accessible);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_object_set_data_full (G_OBJECT (button), "ids", ids, g_free);
  g_object_set_data (G_OBJECT (button), "plan", &ids[0]);
  if (step_id > 0)
    g_object_set_data (G_OBJECT (button), "step", &ids[1]);
  g_object_set_data (G_OBJECT (button), "kind", GINT_TO_POINTER (kind));
  return button;
}

static GtkWidget *
step_button (Plans      *s,
             const char *icon,
             const char *accessible,
             ChangeKind  kind,
             gint64      plan_id,
             gint64      step_id)
{
  GtkWidget *button = icon_button (icon, accessible, kind, plan_id, step_id);

  g_signal_connect (button, "clicked", G_CALLBACK (on_step_button_cb), s);
  return button;
}

static void
step_row (Plans               *s,
          AdwPreferencesGroup *group,
          const RlPlan        *plan,
          const RlPlanStep    *step)
{
  static const struct { const char *icon; const char *what; ChangeKind kind; } buttons[] = {
    { "document-edit-symbolic", N_("Edit the step"), CHANGE_SAVE_STEP },
    { "go-up-symbolic", N_("Move the step earlier"), CHANGE_MOVE_EARLIER },
    { "go-down-symbolic", N_("Move the step later"), CHANGE_MOVE_LATER },
    { "user-trash-symbolic", N_("Remove the step"), CHANGE_REMOVE_STEP },
  };
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = step_title (step);
  g_autofree char *subtitle = step_subtitle (step);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      /* TRANSLATORS: a button's name for screen readers: what it does, the plan, the step */
      g_autofree char *name = g_strdup_printf (_("%s: %s, %s"), _(buttons[i].what),
                                               rl_plan_label (plan), title);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 step_button (s, buttons[i].icon, name, buttons[i].kind,
                                              plan->id, step->id));
    }
  adw_preferences_group_add (group, row);
}

static char *
plan_description (const RlPlan *plan)
{
  if (plan->risk_class != 0)
    return g_strdup_printf (_("Customers of risk class %c"), plan->risk_class);
  return g_strdup (_("Given to customers by hand"));
}

static void
on_plan_button_cb (GtkButton *button,
                   Plans     *s)
{
  const RlPlan *plan = find_plan (s, *(gint64 *) g_object_get_data (G_OBJECT (button), "plan"));
  Change *c;

  if (plan == NULL)
    return;
  c = g_new0 (Change, 1);
  c->kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "kind"));
  c->plan_id = plan->id;
  if (c->kind == CHANGE_COPY)
    {
      c->key = g_strdup (plan->key);
      /* TRANSLATORS: the name of a new plan, copied from the one named */
      c->name = g_strdup_printf (_("Copy of %s"), rl_plan_label (plan));
    }
  change (s, c);
}

static void
on_plan_renamed_cb (AdwEntryRow *row,
                    Plans       *s)
{
  Change *c = g_new0 (Change, 1);

  c->kind = CHANGE_RENAME;
  c->plan_id = *(gint64 *) g_object_get_data (G_OBJECT (row), "plan");
  c->name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  change (s, c);
}

/* The plan's own buttons: add a step, copy the plan (a new plan starts so), delete it. */
static GtkWidget *
plan_buttons (Plans        *s,
              const RlPlan *plan)
{
  const char *label = rl_plan_label (plan);
  g_autofree char *add = g_strdup_printf (_("Add a step to “%s”"), label);
  g_autofree char *copy = g_strdup_printf (_("Copy the plan “%s” into a new plan"), label);
  g_autofree char *delete = g_strdup_printf (_("Delete the plan “%s”"), label);
  const struct { const char *icon; const char *name; ChangeKind kind; } buttons[] = {
    { "edit-copy-symbolic", copy, CHANGE_COPY },
    { "user-trash-symbolic", delete, CHANGE_DELETE },
  };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_box_append (GTK_BOX (box),
                  step_button (s, "list-add-symbolic", add, CHANGE_SAVE_STEP, plan->id, 0));
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *button = icon_button (buttons[i].icon, buttons[i].name, buttons[i].kind,
                                       plan->id, 0);

      g_signal_connect (button, "clicked", G_CALLBACK (on_plan_button_cb), s);
      gtk_box_append (GTK_BOX (box), button);
    }
  return box;
}

static void
plan_group (Plans        *s,
            const RlPlan *plan)
{
  g_autofree char *description = plan_description (plan);
  AdwPreferencesGroup *group = _rl_prefs_group_new (s->page, rl_plan_label (plan), description);
  GtkWidget *name = adw_entry_row_new ();
  g_autofree char *name_label = g_strdup_printf (_("Name of the plan “%s”"), rl_plan_label (plan));

  adw_preferences_group_set_header_suffix (group, plan_buttons (s, plan));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name), _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (name), rl_plan_label (plan));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (name), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (name), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  name_label, -1);
  g_object_set_data_full (G_OBJECT (name), "plan", g_memdup2 (&plan->id, sizeof plan->id),
                          g_free);
  g_signal_connect (name, "apply", G_CALLBACK (on_plan_renamed_cb), s);
  adw_preferences_group_add (group, name);
  if (plan->steps->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No steps: nothing is sent"));
      adw_preferences_group_add (group, row);
    }
  for (guint i = 0; i < plan->steps->len; i++)
    step_row (s, group, plan, plan->steps->pdata[i]);
  g_ptr_array_add (s->groups, group);
}

static void
show_plans (Plans *s)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  for (guint i = 0; i < s->groups->len; i++)
    adw_preferences_page_remove (s->page, s->groups->pdata[i]);
  g_ptr_array_set_size (s->groups, 0);
  for (guint i = 0; i < s->plans->len; i++)
    {
      const RlPlan *plan = s->plans->pdata[i];

      gtk_string_list_append (names, rl_plan_label (plan));
      plan_group (s, plan);
    }
  s->loading = TRUE;
  for (int c = 0; c < N_CLASSES; c++)
    {
      adw_combo_row_set_model (s->classes[c], G_LIST_MODEL (names));
      adw_combo_row_set_selected (s->classes[c], GTK_INVALID_LIST_POSITION);
      for (guint i = 0; i < s->plans->len; i++)
        if (((RlPlan *) s->plans->pdata[i])->risk_class == 'A' + c)
          adw_combo_row_set_selected (s->classes[c], i);
    }
  s->loading = FALSE;
  if (find_plan (s, s->plan_id) == NULL || (s->step_id != 0
                                            && find_step (find_plan (s, s->plan_id),
                                                          s->step_id) == NULL))
    s->plan_id = s->step_id = 0;
  show_editing (s);
}

static void
on_class_changed_cb (AdwComboRow *row,
                     GParamSpec  *pspec,
                     Plans       *s)
{
  guint i = adw_combo_row_get_selected (row);
  Change *c;

  if (s->loading || s->plans == NULL || i >= s->plans->len)
    return;
  c = g_new0 (Change, 1);
  c->kind = CHANGE_CLASS;
  c->plan_id = ((RlPlan *) s->plans->pdata[i])->id;
  c->risk_class = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "class"));
  if (((RlPlan *) s->plans->pdata[i])->risk_class == c->risk_class)
    {
      change_free (c);
      return;
    }
  change (s, c);
}

void
_rl_prefs_plans_page (Prefs *p)
{
  Plans *s = g_new0 (Plans, 1);
  AdwPreferencesGroup *classes, *form;
  const char * const *keys = rl_template_default_keys ();
  g_autoptr(GPtrArray) channels = g_ptr_array_new ();
  g_autoptr(GPtrArray) templates = g_ptr_array_new ();
  GtkWidget *button;

  s->p = p;
  s->groups = g_ptr_array_new ();
  g_object_set_data_full (G_OBJECT (p->window), "plans", s, (GDestroyNotify) plans_free);
  s->page = _rl_prefs_page_new (p, _("Plans"), "view-list-symbolic");

  classes = _rl_prefs_group_new (s->page, _("Risk Classes"),
                                 _("The plan each class of customers follows"));
  for (int c = 0; c < N_CLASSES; c++)
    {
      g_autofree char *title = g_strdup_printf (_("Class %c"), 'A' + c);

      s->classes[c] = _rl_prefs_combo_row (classes, title, NULL);
      g_object_set_data (G_OBJECT (s->classes[c]), "class", GINT_TO_POINTER ('A' + c));
      g_signal_connect (s->classes[c], "notify::selected", G_CALLBACK (on_class_changed_cb), s);
    }

  form = _rl_prefs_group_new (s->page, _("Step"),
                              _("Steps follow one another by their day; the order changes with "
                                "the days"));
  s->editing = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_group_add (form, GTK_WIDGET (s->editing));
  s->offset = _rl_prefs_spin_row (form, _("Day from the due date"),
                                  _("Negative: before the due date"), -60, 365, 1, 0);
  for (int c = 0; c < RL_N_CHANNELS; c++)
    g_ptr_array_add (channels, (gpointer) rl_channel_label (c));
  g_ptr_array_add (channels, NULL);
  s->channel = _rl_prefs_combo_row (form, _("Channel"), (const char * const *) channels->pdata);
  for (guint i = 0; keys[i] != NULL; i++)
    g_ptr_array_add (templates, (gpointer) rl_step_label (keys[i]));
  g_ptr_array_add (templates, NULL);
  s->template = _rl_prefs_combo_row (form, _("Template"),
                                     (const char * const *) templates->pdata);
  s->approval = switch_row (form, _("Needs approval"));
  s->penalties = switch_row (form, _("Claims late-payment penalties"));
  s->gap = _rl_prefs_spin_row (form, _("Minimum gap"),
                               _("Days since the customer’s last contact"), 0, 90, 1, 0);
  s->error = _rl_prefs_error_label (form);
  button = rl_gui_button_new (_("_Save"), _("Save the step"), G_CALLBACK (on_save_step_cb), s);
  gtk_widget_add_css_class (button, "suggested-action");
  adw_preferences_group_set_header_suffix (form, button);
  gtk_spin_button_set_value (s->offset, 15);
  show_editing (s);
  reload (s);
}
