/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rl-customer-page.h"
#include "rl-dashboard.h"
#include "rl-date.h"
#include "rl-disputes-view.h"
#include "rl-list-view.h"
#include "rl-todo-view.h"
#include "rl-window.h"

G_BEGIN_DECLS

struct _RlWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *main_page;
  GtkWidget            *customer_box;
  AdwWindowTitle       *customer_title;
  RlCustomerPage       *customer_page;
  GtkStack             *main_stack;
  AdwStatusPage        *loading_page;
  GtkSpinner           *loading_spinner;
  GtkSpinner           *busy_spinner;
  AdwViewStack         *view_stack;
  AdwViewSwitcherTitle *switcher_title;
  AdwHeaderBar         *header_bar;
  AdwViewStackPage     *todo_page;
  AdwViewStackPage     *disputes_page;
  RlDashboard          *dashboard;
  RlListView           *customers_view;
  RlListView           *invoices_view;
  RlTodoView           *todo_view;
  RlDisputesView       *disputes_view;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  GtkWidget            *banner_import_button;
  GtkWidget            *banner_rates_button;
  GMenu                *recent_menu;

  GSettings            *settings;
  char                 *book_path;
  GStrv                 pending_imports;  /* to import once the book being opened is open */
  GCancellable         *cancellable;
  RlDay                 engine_day;     /* the day the engine last ran for this book */
  guint                 busy;
  guint                 day_check_id;
};

/* rl-window.c */
void     _rl_window_toast                (RlWindow       *self,
                                          const char     *text);
void     _rl_window_show_stack           (RlWindow       *self,
                                          const char     *name,
                                          const char     *loading_title);
void     _rl_window_reload_views         (RlWindow       *self);
void     _rl_window_run_engine           (RlWindow       *self);

/* rl-window-books.c */
void     _rl_window_update_recent_menu   (RlWindow       *self);
gboolean _rl_window_on_drop_cb           (GtkDropTarget  *target,
                                          const GValue   *value,
                                          double          x,
                                          double          y,
                                          RlWindow       *self);
void     _rl_window_install_book_actions (GtkWidgetClass *widget_class);

G_END_DECLS
