/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rl-aging.h"

G_BEGIN_DECLS

/* The aged balance as bars, one per bucket, drawn with the theme's colours. */
#define RL_TYPE_AGING_CHART (rl_aging_chart_get_type ())
G_DECLARE_FINAL_TYPE (RlAgingChart, rl_aging_chart, RL, AGING_CHART, GtkWidget)

GtkWidget *rl_aging_chart_new         (void);
void       rl_aging_chart_set_buckets (RlAgingChart  *self,
                                       const RlCents *buckets);
const char *rl_aging_bucket_label     (RlBucket       bucket);

G_END_DECLS
