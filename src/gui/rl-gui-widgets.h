/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Small pieces the views build at run time: rows of boxed lists and short forms. */

void              rl_gui_clear_list      (GtkListBox  *list);
void              rl_gui_unparent_children (GtkWidget *widget);
void              rl_gui_name_mnemonic_buttons (GtkWidget *root);
GtkWidget        *rl_gui_list_add_row    (GtkListBox  *list,
                                          const char  *title,
                                          const char  *subtitle,
                                          const char  *value);
AdwMessageDialog *rl_gui_form_dialog_new (GtkWidget   *from,
                                          const char  *heading,
                                          const char  *body,
                                          const char  *save_label,
                                          GtkWidget  **out_box);
GtkWidget        *rl_gui_form_entry      (GtkWidget   *box,
                                          const char  *label);
GtkWidget        *rl_gui_button_new      (const char  *label,
                                          const char  *accessible,
                                          GCallback    callback,
                                          gpointer     data);
GtkWidget        *rl_gui_icon_button_new (const char  *icon_name,
                                          const char  *accessible,
                                          GCallback    callback,
                                          gpointer     data);
void              rl_gui_toast_error     (GtkWidget    *widget,
                                          const char   *what,
                                          const GError *error);

G_END_DECLS
