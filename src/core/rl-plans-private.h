/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rl-book.h"

G_BEGIN_DECLS

/* What the files that edit plans (rl-plans-edit.c, rl-plans-order.c) share. */

gboolean  _rl_plans_invalid    (GError     **error,
                                const char  *message);
gboolean  _rl_plans_row        (RlBook      *book,
                                gint64       plan_id,
                                const char  *sql,
                                char       **out_key,
                                char       **out_value,
                                GError     **error);
gboolean  _rl_plans_renumber   (RlBook      *book,
                                gint64       plan_id,
                                GError     **error);
gboolean  _rl_plans_step_place (RlBook      *book,
                                gint64       step_id,
                                gint64      *out_plan_id,
                                char       **out_plan_key,
                                int         *out_offset_days,
                                GError     **error);

G_END_DECLS
