/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rl-dashboard.h"
#include "rl-list-view.h"

G_BEGIN_DECLS

/* With RELANCE_BENCH=1 in the environment, the app reports on standard error when the
 * dashboard is first drawn (with its resident memory), then opens the invoice list, scrolls
 * it to the end and reports the longest gap between two frames, and quits. bench/gui.py reads
 * these lines. */
gboolean rl_bench_enabled (void);
void     rl_bench_start   (GtkWindow    *window,
                           RlDashboard  *dashboard,
                           AdwViewStack *stack,
                           RlListView   *invoices);

G_END_DECLS
