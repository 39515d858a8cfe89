/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the day's actions view shares with its forms (rl-todo-forms.c). */

#include "rl-book-job.h"
#include "rl-engine.h"
#include "rl-todo-view.h"

G_BEGIN_DECLS

/* A proposed action as the view shows it. */
typedef struct
{
  RlAction *action;
  char     *phone;
} RlTodoItem;

/* What a change does: one state for some actions, a new text, or a call's outcome. */
typedef struct
{
  GArray        *ids;          /* gint64 */
  RlActionState  state;
  char          *subject;
  char          *body;
  char          *outcome;
  char          *note;
  RlDay          promise_date;
  RlCents        promise_amount;
  char          *dispute_reason;
} RlTodoChange;

RlTodoChange *_rl_todo_change_new          (gint64            id);
void          _rl_todo_change_free         (RlTodoChange     *c);
void          _rl_todo_view_apply_change   (RlTodoView       *self,
                                            RlBookChangeFunc  func,
                                            RlTodoChange     *change);
const char   *_rl_todo_view_get_book_path  (RlTodoView       *self);

/* The forms, in rl-todo-forms.c */
void          _rl_todo_edit_text           (RlTodoView       *self,
                                            const RlTodoItem *item);
void          _rl_todo_record_call         (RlTodoView       *self,
                                            const RlTodoItem *item);

G_END_DECLS
