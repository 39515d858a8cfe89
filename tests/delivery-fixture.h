/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "delivery-fake.h"
#include "rl-dispatcher.h"
#include "rl-engine.h"
#include "rl-test-util.h"

G_BEGIN_DECLS

/* What the tests of the delivery layer share: a book with approved actions, and dispatchers
 * pointed at an in-process fake of a provider (delivery-fake.c). */

typedef struct
{
  RlTestBook    tb;
  GBytes       *pdf;
  FakeProvider *fake;
  RlDispatcher *dispatcher;
} Fixture;

GBytes *attachment_cb        (RlBook           *book,
                              gint64            action_id,
                              char            **out_name,
                              gpointer          data,
                              GError          **error);
void    approve_new          (RlBook           *book,
                              RlRunReport      *report);
void    make_actions         (Fixture          *f,
                              guint             n,
                              gboolean          sms);
void    fixture_set_up       (Fixture          *f,
                              gconstpointer     data);
void    fixture_tear_down    (Fixture          *f,
                              gconstpointer     data);
void    configure_dispatcher (Fixture          *f,
                              RlDispatcher     *dispatcher,
                              const RlProvider *provider,
                              guint             max_attempts);
void    use_provider         (Fixture          *f,
                              const RlProvider *provider,
                              guint             max_attempts);

G_END_DECLS
