/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-action-box.h"

#include "rl-gui-widgets.h"

/* The buttons at the end of a row, in a line. In compact mode the secondary ones give way to a
 * menu button that offers the same actions, and the main one stays: at 360 px a row of four
 * buttons left its title a letter wide. The list sets the mode from its own width
 * (rl_action_box_get_full_width()): a row's box and title share the row's width, and a box
 * that shrank by itself took the compact mode at any width. The buttons are hidden by their
 * container (child-visible), not removed: they keep their names for screen readers.
 * (libadwaita 1.2 has no breakpoints, and a squeezer would hold each button twice.) */

#define SPACING 6

struct _RlActionBox
{
  GtkWidget  parent_instance;

  GtkWidget *overflow;   /* the menu button, first child */
  gboolean   compact;    /* the secondary buttons hidden, the menu shown */
};

G_DEFINE_FINAL_TYPE (RlActionBox, rl_action_box, GTK_TYPE_WIDGET)

/* Marks the secondary buttons, read at each measure. */
static GQuark secondary_quark;

static gboolean
is_secondary (GtkWidget *child)
{
  return g_object_get_qdata (G_OBJECT (child), secondary_quark) != NULL;
}

static gboolean
shown_in_mode (RlActionBox *self,
               GtkWidget   *child,
               gboolean     compact)
{
  if (!gtk_widget_get_visible (child))
    return FALSE;
  if (child == self->overflow)
    return compact;
  return !(compact && is_secondary (child));
}

/* The width of the buttons shown in one mode, spacing included. */
static void
measure_mode (RlActionBox *self,
              gboolean     compact,
              int         *minimum,
              int         *natural)
{
  guint n = 0;

  *minimum = *natural = 0;
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      int min, nat;

      if (!shown_in_mode (self, c, compact))
        continue;
      gtk_widget_measure (c, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
      *minimum += min;
      *natural += nat;
      n++;
    }
  if (n > 1)
    {
      *minimum += SPACING * (int) (n - 1);
      *natural += SPACING * (int) (n - 1);
    }
}

static gboolean
has_secondary (RlActionBox *self)
{
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (c != self->overflow && gtk_widget_get_visible (c) && is_secondary (c))
      return TRUE;
  return FALSE;
}

static void
rl_action_box_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  RlActionBox *self = RL_ACTION_BOX (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      gboolean secondary = has_secondary (self);
      int compact_min, compact_nat;

      measure_mode (self, self->compact && secondary, minimum, natural);
      /* At least the compact mode's width, whatever the mode: a window wide enough for the
       * full line told the window manager it could be no narrower, and the user could not
       * make it narrow enough for the list to take the compact mode. */
      if (!self->compact && secondary)
        {
          measure_mode (self, TRUE, &compact_min, &compact_nat);
          *minimum = MIN (*minimum, compact_min);
        }
      return;
    }
  *minimum = *natural = 0;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      int min, nat;

      if (!gtk_widget_get_visible (c))
        continue;
      gtk_widget_measure (c, GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
      *minimum = MAX (*minimum, min);
      *natural = MAX (*natural, nat);
    }
}

static void
rl_action_box_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  RlActionBox *self = RL_ACTION_BOX (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  gboolean secondary = has_secondary (self);
  gboolean compact = self->compact && secondary;
  int min_line, line, x;

  /* Narrower than the full line (a window being made narrower, before the list takes the
   * compact mode after this allocation): the compact line rather than buttons over the title. */
  if (!compact && secondary)
    {
      int minimum, natural;

      measure_mode (self, FALSE, &minimum, &natural);
      compact = width < minimum;
    }

  /* Given more than the line needs (the compact one beside a long title), the buttons keep to
   * the row's end, in line with the other rows'. */
  measure_mode (self, compact, &min_line, &line);
  x = MAX (0, width - line);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      gboolean shown = shown_in_mode (self, c, compact);
      int min, nat, h;

      gtk_widget_set_child_visible (c, shown);
      if (!shown)
        continue;
      gtk_widget_measure (c, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
      gtk_widget_measure (c, GTK_ORIENTATION_VERTICAL, nat, &h, NULL, NULL, NULL);
      h = MIN (h, height);
      gtk_widget_size_allocate (c, &(GtkAllocation) { rtl ? width - x - nat : x,
                                                      (height - h) / 2, nat, h }, -1);
      x += nat + SPACING;
    }
}

static void
rl_action_box_dispose (GObject *object)
{
  rl_gui_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (rl_action_box_parent_class)->dispose (object);
}

static void
rl_action_box_class_init (RlActionBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rl_action_box_dispose;
  widget_class->measure = rl_action_box_measure;
  widget_class->size_allocate = rl_action_box_size_allocate;
  secondary_quark = g_quark_from_static_string ("rl-action-box-secondary");
}

static void
rl_action_box_init (RlActionBox *self)
{
}

/**
 * rl_action_box_new:
 * @overflow: the secondary buttons' actions, offered by a menu when they do not fit
 * @overflow_label: the menu button's name for screen readers
 */
GtkWidget *
rl_action_box_new (GMenuModel *overflow,
                   const char *overflow_label)
{
  RlActionBox *self = g_object_new (RL_TYPE_ACTION_BOX, NULL);

  self->overflow = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->overflow), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->overflow), overflow);
  gtk_widget_set_tooltip_text (self->overflow, overflow_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->overflow),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, overflow_label, -1);
  gtk_widget_set_valign (self->overflow, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (self->overflow, GTK_WIDGET (self));
  gtk_widget_set_child_visible (self->overflow, FALSE);
  return GTK_WIDGET (self);
}

/* Adds @button after the others; a secondary one gives way to the menu when space is short. */
void
rl_action_box_append (RlActionBox *self,
                      GtkWidget   *button,
                      gboolean     secondary)
{
  g_return_if_fail (RL_IS_ACTION_BOX (self));

  if (secondary)
    g_object_set_qdata (G_OBJECT (button), secondary_quark, GINT_TO_POINTER (TRUE));
  gtk_widget_set_parent (button, GTK_WIDGET (self));
}

/* Hides the secondary buttons behind the menu, or shows them again. */
void
rl_action_box_set_compact (RlActionBox *self,
                           gboolean     compact)
{
  g_return_if_fail (RL_IS_ACTION_BOX (self));

  if (self->compact == !!compact)
    return;
  self->compact = !!compact;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* The width all the buttons take in a line. */
int
rl_action_box_get_full_width (RlActionBox *self)
{
  int minimum, natural;

  g_return_val_if_fail (RL_IS_ACTION_BOX (self), 0);
  measure_mode (self, FALSE, &minimum, &natural);
  return natural;
}
