/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rl-book-pages.h"
#include "rl-gui-format.h"

G_BEGIN_DECLS

/* One row of a paged list: a customer or an invoice, or nothing yet while its page loads. */
#define RL_TYPE_ROW_ITEM (rl_row_item_get_type ())
G_DECLARE_FINAL_TYPE (RlRowItem, rl_row_item, RL, ROW_ITEM, GObject)

RlListKind     rl_row_item_get_kind    (RlRowItem *self);
gconstpointer  rl_row_item_get_row     (RlRowItem *self);
gint64         rl_row_item_get_id      (RlRowItem *self);

typedef void (*RlRowItemLoadedFunc) (GObject *object);

void           rl_row_item_wait        (RlRowItem           *self,
                                        RlRowItemLoadedFunc  func,
                                        GObject             *object);
void           rl_row_item_unwait      (RlRowItem           *self,
                                        GObject             *object);

/* A GListModel over the customers or invoices of a book that matches a query: it counts the
 * rows and reads them a page at a time in a worker thread with its own connection, keeping a
 * bounded number of pages. Rows not read yet are placeholders that get their row when their
 * page arrives, telling those that rl_row_item_wait() for it. */
#define RL_TYPE_PAGE_MODEL (rl_page_model_get_type ())
G_DECLARE_FINAL_TYPE (RlPageModel, rl_page_model, RL, PAGE_MODEL, GObject)

#define RL_PAGE_MODEL_PAGE_SIZE 200

RlPageModel       *rl_page_model_new          (RlListKind         kind,
                                               const char        *book_path);
RlListKind         rl_page_model_get_kind     (RlPageModel       *self);
const RlListQuery *rl_page_model_get_query    (RlPageModel       *self);
void               rl_page_model_set_query    (RlPageModel       *self,
                                               const RlListQuery *query);
void               rl_page_model_reload       (RlPageModel       *self);
gboolean           rl_page_model_get_loading  (RlPageModel       *self);
guint              rl_page_model_get_count    (RlPageModel       *self);
guint              rl_page_model_get_n_pages_cached (RlPageModel *self);

G_END_DECLS
