/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "rl-dispatcher.h"

G_BEGIN_DECLS

/* Shared by rl-dispatcher.c (the object, its settings, the runs) and rl-dispatcher-jobs.c
 * (the attempts of each message). */

struct _RlDispatcher
{
  GObject           parent_instance;

  RlBook           *book;
  SoupSession      *session;
  const RlProvider *providers[2];     /* e-mail, SMS */
  RlProviderConfig  configs[2];
  double            rates[2];         /* requests per second, 0: the provider's default */
  gint64            next_slot[2];     /* monotonic µs before which no request may leave */
  RlAttachmentFunc  attachment_func;
  gpointer          attachment_data;
  guint             max_attempts;
  guint             base_delay_ms;
  guint             max_delay_ms;
  RlDay             as_of;

  guint             max_in_flight;

  /* The run in progress */
  GTask            *task;
  GQueue            jobs;             /* waiting to start */
  guint             in_flight;        /* started, not yet concluded */
  GPtrArray        *results;
  GError           *run_error;        /* the book failed: no new job starts */
};

typedef struct
{
  RlDispatcher     *self;             /* alive as long as its run's task */
  gint64            action_id;
  RlMessage        *message;
  int               slot;
  gint64            attempt_id;
  guint             attempts;
  gboolean          request_sent;     /* this attempt's body went out */
  gboolean          ever_sent;        /* some attempt's body went out without an answer */
  gint64            sent_at;          /* monotonic µs: when this attempt's body went out */
  gint64            first_unanswered; /* when the first unanswered one went out, or 0 */
  SoupMessage      *msg;
} Job;

int      _rl_dispatcher_slot          (RlChannel      channel);
Job     *_rl_dispatcher_job_new       (RlDispatcher  *self,
                                       gint64         action_id);
void     _rl_dispatcher_job_free      (Job           *job);
void     _rl_dispatcher_abort         (RlDispatcher  *self,
                                       GError        *error);
void     _rl_dispatcher_pump          (RlDispatcher  *self);

G_END_DECLS
