/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE  /* RUSAGE_THREAD */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

/* Frames the scroll to the end of the list takes. */
#define SCROLL_FRAMES 120

/* The list is opened this long after the dashboard is first drawn, as a click would come. Opened
 * in the frame after, it met the window's first buffers still held by the compositor (weston)
 * in one launch out of three to six: GDK made a new one and painted the whole window into fresh
 * memory (2,400 page faults, 50–70 ms), which is the launch's, not the list's. */
#define OPEN_LIST_DELAY_MS 1000

/* The frame clock's phases, timed to tell where a long frame goes (G_MESSAGES_DEBUG=rl-gui). */
enum
{
  PHASE_FLUSH,
  PHASE_BEFORE,
  PHASE_UPDATE,
  PHASE_LAYOUT,
  PHASE_PAINT,
  PHASE_AFTER,
  N_PHASES
};

static const char *const phase_signals[N_PHASES] = {
  "flush-events", "before-paint", "update", "layout", "paint", "after-paint",
};

typedef struct
{
  GtkWindow    *window;
  AdwViewStack *stack;
  RlListView   *invoices;
  gint64        last_frame;
  gint64        worst_gap;
  gint64        first_gap;    /* the longest before a row is shown: the view drawn, rows counted */
  gint64        worst_after;  /* the longest since: rows appearing, read, scrolled */
  guint         frames;
  guint         ticks;
  guint         slow;         /* gaps longer than two frames at 60 Hz */
  gint64        phase[N_PHASES];  /* when each phase of the frame clock ended, this frame */
  gint64        phases_end;       /* when the previous frame ended */
  gint64        cpu_end;          /* the main thread's processor time then */
  long          faults_end;       /* the main thread's page faults then */
  gint64        phase_sum[N_PHASES];  /* each phase's time over all frames */
  guint         n_frames;
} Bench;

/* The main loop's turns: the time from the return of one poll to the next call, when the loop
 * answers nothing (input, redraws). Watched while the list opens and scrolls. */
typedef struct
{
  GPollFunc poll;          /* GLib's */
  gboolean  watching;
  gint64    busy_since;    /* when the last poll returned */
  gint64    cpu_since;
  gint64    worst;         /* the longest turn … */
  gint64    worst_cpu;     /* … and the processor time it took */
  guint     turns;
  guint     over_frame;    /* turns longer than a frame at 60 Hz */
  gint64    cpu_total;     /* the processor time of all turns */
} Turns;

static Turns turns;

gboolean
rl_bench_enabled (void)
{
  return g_strcmp0 (g_getenv ("RELANCE_BENCH"), "1") == 0;
}

static long
resident_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line != NULL ? strtol (line + 6, NULL, 10) : -1;
}

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static int
watch_poll (GPollFD *fds,
            guint    n_fds,
            int      timeout)
{
  int ret;

  if (turns.watching && turns.busy_since != 0)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 cpu = thread_cpu_us ();

      turns.turns++;
      turns.cpu_total += cpu - turns.cpu_since;
      turns.over_frame += now - turns.busy_since > G_USEC_PER_SEC / 60;
      if (now - turns.busy_since > turns.worst)
        {
          turns.worst = now - turns.busy_since;
          turns.worst_cpu = cpu - turns.cpu_since;
        }
      if (now - turns.busy_since > 8000)
        g_debug ("bench: a turn of the main loop of %.1f ms (cpu %.1f) from %" G_GINT64_FORMAT,
                 (now - turns.busy_since) / 1000.0, (cpu - turns.cpu_since) / 1000.0,
                 turns.busy_since);
    }
  ret = turns.poll (fds, n_fds, timeout);
  turns.busy_since = g_get_monotonic_time ();
  turns.cpu_since = thread_cpu_us ();
  return ret;
}

/* Minor page faults of the main thread: memory touched for the first time. */
static long
thread_faults (void)
{
  struct rusage usage;

  getrusage (RUSAGE_THREAD, &usage);
  return usage.ru_minflt;
}

static void
on_phase_ended_cb (GdkFrameClock *clock,
                   gpointer       user_data)
{
  Bench *bench = user_data;
  const char *signal = g_signal_name (g_signal_get_invocation_hint (clock)->signal_id);
  gint64 now = g_get_monotonic_time ();
  gint64 cpu;
  guint phase = 0;

  while (phase < N_PHASES && g_strcmp0 (phase_signals[phase], signal) != 0)
    phase++;
  if (phase == N_PHASES)
    return;
  bench->phase[phase] = now;
  if (phase != PHASE_AFTER)
    return;
  /* A phase nobody asked for was skipped: it took no time. "between" is mostly the main loop's
   * other work since the previous frame (the book's answers, the list growing, X events). */
  for (guint i = 0; i < N_PHASES; i++)
    if (bench->phase[i] == 0)
      bench->phase[i] = i == 0 ? bench->phases_end : bench->phase[i - 1];
  cpu = thread_cpu_us ();
  if (bench->phases_end != 0)
    {
      bench->n_frames++;
      for (guint i = 0; i < N_PHASES; i++)
        bench->phase_sum[i] += bench->phase[i] - (i == 0 ? bench->phases_end : bench->phase[i - 1]);
    }
  /* The processor time tells the app's own work from the time it waited for a processor on a
   * shared machine. */
  if (bench->phases_end != 0 && now - bench->phases_end > G_USEC_PER_SEC / 60 + 1000)
    g_debug ("bench: frame of %.1f ms (cpu %.1f): flush %.1f, between %.1f, update %.1f,"
             " layout %.1f, paint %.1f, after-paint %.1f; from %" G_GINT64_FORMAT "; %u rows%s;"
             " %ld page faults",
             (now - bench->phases_end) / 1000.0, (cpu - bench->cpu_end) / 1000.0,
             (bench->phase[PHASE_FLUSH] - bench->phases_end) / 1000.0,
             (bench->phase[PHASE_BEFORE] - bench->phase[PHASE_FLUSH]) / 1000.0,
             (bench->phase[PHASE_UPDATE] - bench->phase[PHASE_BEFORE]) / 1000.0,
             (bench->phase[PHASE_LAYOUT] - bench->phase[PHASE_UPDATE]) / 1000.0,
             (bench->phase[PHASE_PAINT] - bench->phase[PHASE_LAYOUT]) / 1000.0,
             (bench->phase[PHASE_AFTER] - bench->phase[PHASE_PAINT]) / 1000.0, bench->phases_end,
             rl_list_view_get_n_items (bench->invoices),
             rl_list_view_get_loading (bench->invoices) ? ", loading" : "",
             thread_faults () - bench->faults_end);
  bench->phases_end = now;
  bench->cpu_end = cpu;
  bench->faults_end = thread_faults ();
  memset (bench->phase, 0, sizeof bench->phase);
}

static gboolean
on_scroll_tick_cb (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  Bench *bench = user_data;
  GtkAdjustment *adj = rl_list_view_get_vadjustment (bench->invoices);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  if (bench->last_frame != 0)
    {
      bench->worst_gap = MAX (bench->worst_gap, now - bench->last_frame);
      if (rl_list_view_get_n_items (bench->invoices) == 0)
        bench->first_gap = MAX (bench->first_gap, now - bench->last_frame);
      else
        bench->worst_after = MAX (bench->worst_after, now - bench->last_frame);
      bench->slow += now - bench->last_frame > 2 * G_USEC_PER_SEC / 60;
      if (now - bench->last_frame > 2 * G_USEC_PER_SEC / 60)
        g_debug ("bench: a gap of %.1f ms before step %u of the scroll (list %s, %u rows)",
                 (now - bench->last_frame) / 1000.0, bench->frames,
                 rl_list_view_get_loading (bench->invoices) ? "loading" : "loaded",
                 rl_list_view_get_n_items (bench->invoices));
      bench->ticks++;
    }
  bench->last_frame = now;
  if (rl_list_view_get_loading (bench->invoices))
    return G_SOURCE_CONTINUE;
  if (bench->frames < SCROLL_FRAMES && rl_list_view_get_n_items (bench->invoices) > 0)
    {
      bench->frames++;
      gtk_adjustment_set_value (adj, end * bench->frames / SCROLL_FRAMES);
      return G_SOURCE_CONTINUE;
    }
  if (rl_list_view_get_n_items (bench->invoices) > 0
      && !rl_list_view_last_row_loaded (bench->invoices))
    return G_SOURCE_CONTINUE;
  turns.watching = FALSE;
  g_debug ("bench: %u frames; on average between %.2f, update %.2f, layout %.2f, paint %.2f ms",
           bench->n_frames, bench->phase_sum[PHASE_BEFORE] / 1000.0 / bench->n_frames,
           bench->phase_sum[PHASE_UPDATE] / 1000.0 / bench->n_frames,
           bench->phase_sum[PHASE_LAYOUT] / 1000.0 / bench->n_frames,
           bench->phase_sum[PHASE_PAINT] / 1000.0 / bench->n_frames);
  fprintf (stderr, "bench: worst_frame_ms=%.1f slow=%u ticks=%u first_ms=%.1f after_ms=%.1f"
           " turn_ms=%.1f turn_cpu_ms=%.1f turns=%u turns_over=%u cpu_ms=%.0f rows=%u\n",
           bench->worst_gap / 1000.0, bench->slow, bench->ticks,
           bench->first_gap / 1000.0, bench->worst_after / 1000.0, turns.worst / 1000.0,
           turns.worst_cpu / 1000.0, turns.turns, turns.over_frame, turns.cpu_total / 1000.0,
           rl_list_view_get_n_items (bench->invoices));
  g_signal_handlers_disconnect_by_func (clock, on_phase_ended_cb, bench);
  gtk_window_destroy (bench->window);
  g_free (bench);
  return G_SOURCE_REMOVE;
}

static gboolean
open_list_cb (gpointer user_data)
{
  Bench *bench = user_data;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench->window));

  for (guint i = 0; i < N_PHASES; i++)
    g_signal_connect_after (clock, phase_signals[i], G_CALLBACK (on_phase_ended_cb), bench);
  bench->phases_end = g_get_monotonic_time ();
  bench->cpu_end = thread_cpu_us ();
  bench->faults_end = thread_faults ();
  /* The turn that switches to the list counts: it begins here. */
  turns.watching = TRUE;
  turns.busy_since = bench->phases_end;
  turns.cpu_since = bench->cpu_end;
  adw_view_stack_set_visible_child_name (bench->stack, "invoices");
  gtk_widget_add_tick_callback (GTK_WIDGET (bench->invoices), on_scroll_tick_cb, bench, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       user_data)
{
  g_signal_handlers_disconnect_by_func (clock, on_after_paint_cb, user_data);
  fprintf (stderr, "bench: dashboard_drawn rss_kb=%ld\n", resident_kb ());
  g_timeout_add (OPEN_LIST_DELAY_MS, open_list_cb, user_data);
}

static void
on_dashboard_loaded_cb (RlDashboard *dashboard,
                        GParamSpec  *pspec,
                        gpointer     user_data)
{
  Bench *bench = user_data;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (dashboard));

  g_signal_handlers_disconnect_by_func (dashboard, on_dashboard_loaded_cb, user_data);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), bench);
  gtk_widget_queue_draw (GTK_WIDGET (dashboard));
}

void
rl_bench_start (GtkWindow    *window,
                RlDashboard  *dashboard,
                AdwViewStack *stack,
                RlListView   *invoices)
{
  Bench *bench = g_new0 (Bench, 1);

  bench->window = window;
  bench->stack = stack;
  bench->invoices = invoices;
  turns.poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, watch_poll);
  adw_view_stack_set_visible_child_name (stack, "dashboard");
  g_signal_connect (dashboard, "notify::loaded", G_CALLBACK (on_dashboard_loaded_cb), bench);
}
