#!/usr/bin/python3
"""Benchmark of the desktop app (issue 6), run under a private X server by bench/gui.sh.

For the big demo book and an empty book, in one run: time from launch to the dashboard drawn
with its figures, resident memory then, and, on the big book, how long the main loop stays
busy at a time (a turn: from one poll's return to the next call) while the invoice list opens
and scrolls to its end, with the longest gap between two frames. Medians of RUNS launches.
The frames are measured on the X server (GDK's X11 backend) and, when weston is installed, on
a headless Wayland compositor too (GNOME's default session on Debian 12).
"""
import contextlib
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(os.environ.get("RUNS", "3"))
OUT = os.fdopen(int(os.environ.get("REPORT_FD", "1")), "w", buffering=1)
sys.stdout = OUT
app, big, empty = sys.argv[1:4]


@contextlib.contextmanager
def wayland():
    """A headless weston for one launch: the environment that points GTK to it."""
    runtime = tempfile.mkdtemp(prefix="relance-wl-")
    socket = "wayland-bench"
    weston = subprocess.Popen(["weston", "--backend=headless-backend.so", f"--socket={socket}",
                               "--width=1280", "--height=800", "--use-pixman", "--idle-time=0",
                               "--no-config"], env=dict(os.environ, XDG_RUNTIME_DIR=runtime),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            if os.path.exists(os.path.join(runtime, socket)):
                break
            time.sleep(0.025)
        else:
            raise SystemExit("weston did not start")
        yield {"XDG_RUNTIME_DIR": runtime, "WAYLAND_DISPLAY": socket, "GDK_BACKEND": "wayland"}
    finally:
        weston.terminate()
        weston.wait()
        shutil.rmtree(runtime, ignore_errors=True)


def field(line, name, kind=float):
    return kind(line.split(f"{name}=")[1].split()[0])


def launch(book, extra=None):
    env = dict(os.environ, RELANCE_BENCH="1", GSETTINGS_BACKEND="memory", LC_ALL="C.UTF-8",
               NO_AT_BRIDGE="1", GSK_RENDERER="cairo", **(extra or {}))
    start = time.monotonic()
    proc = subprocess.Popen([app, book], env=env, stderr=subprocess.PIPE, text=True)
    drawn = rss = frames = None
    for line in proc.stderr:
        if line.startswith("bench: dashboard_drawn"):
            drawn = time.monotonic() - start
            rss = field(line, "rss_kb", int)
        elif line.startswith("bench: worst_frame_ms"):
            frames = {name: field(line, name) for name in
                      ("worst_frame_ms", "slow", "ticks", "turn_ms", "turn_cpu_ms", "turns",
                       "turns_over", "rows")}
    proc.wait(timeout=600)
    if drawn is None or frames is None:
        raise SystemExit(f"the app did not report on {book}")
    return drawn, rss, frames


def launch_wayland(book):
    with wayland() as extra:
        return launch(book, extra)


def forget_caches(book):
    """As after an import or a day's work: the figures the book keeps for the day are gone."""
    db = sqlite3.connect(book)
    db.execute("DELETE FROM settings WHERE key LIKE 'aging-totals:%'"
               " OR key LIKE 'dashboard-figures:%'")
    db.commit()
    db.close()


def cold(book):
    forget_caches(book)
    return launch(book)


def medians(book, first=False):
    runs = [(cold if first else launch)(book) for _ in range(RUNS)]
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
            [r[2] for r in runs])


def spread(frames, name):
    """Median of the runs, and the range."""
    values = sorted(f[name] for f in frames)
    return f"{statistics.median(values):.1f} ({values[0]:.1f}–{values[-1]:.1f})"


big_c, big_crss, _ = medians(big, first=True)
empty_c, empty_crss, _ = medians(empty, first=True)
big_t, big_rss, big_frames = medians(big)
empty_t, empty_rss, empty_frames = medians(empty)
on_wayland = shutil.which("weston") is not None
# The big book and the empty one in turn, as above.
wl_big, wl_empty = [], []
for _ in range(RUNS if on_wayland else 0):
    wl_big.append(launch_wayland(big)[2])
    wl_empty.append(launch_wayland(empty)[2])
rows = int(big_frames[0]["rows"])
print("## Issue 6: the desktop app\n")
print(f"Launch of `relance` on the {rows}-invoice demo book vs an empty book, medians of "
      f"{RUNS} launches under Xvfb, GSettings in memory, the engine's start-up run left out; "
      "the frames under Xvfb (GDK's X11 backend, no window manager) and under a headless "
      "weston (Wayland), the cairo renderer in both.\n")
print("| measure | big book | empty book | ratio | target |")
print("|---|---|---|---|---|")
print(f"| first launch after the book changed (the day's figures computed) | {big_c:.2f} s "
      f"| {empty_c:.2f} s | {big_c / empty_c:.2f}× | ≤ 1.5× |")
print(f"| resident memory then | {big_crss / 1024:.0f} MB | {empty_crss / 1024:.0f} MB "
      f"| {big_crss / empty_crss:.2f}× | ≤ 1.5× |")
print(f"| later launches the same day (figures kept in the book) | {big_t:.2f} s "
      f"| {empty_t:.2f} s | {big_t / empty_t:.2f}× | ≤ 1.5× |")
print(f"| resident memory then | {big_rss / 1024:.0f} MB | {empty_rss / 1024:.0f} MB "
      f"| {big_rss / empty_rss:.2f}× | ≤ 1.5× |")


def frame_rows(where, big_runs, empty_runs):
    over = sum(int(f["turns_over"]) for f in big_runs)
    turns = sum(int(f["turns"]) for f in big_runs)
    print(f"| {where}: longest turn of the main loop, invoice list opened and scrolled to its end "
          f"({rows} rows, 120 steps), median (range) of {len(big_runs)} runs "
          f"| {spread(big_runs, 'turn_ms')} ms | {spread(empty_runs, 'turn_ms')} ms | — "
          f"| ≤ 16.7 ms (a frame at 60 Hz) |")
    print(f"| processor time of that turn | {spread(big_runs, 'turn_cpu_ms')} ms "
          f"| {spread(empty_runs, 'turn_cpu_ms')} ms | | |")
    print(f"| turns longer than a frame, all runs | {over} of {turns} | "
          f"{sum(int(f['turns_over']) for f in empty_runs)} of "
          f"{sum(int(f['turns']) for f in empty_runs)} | | |")
    print(f"| longest gap between two frames (the frame clock's, in steps of 16.7 ms) "
          f"| {spread(big_runs, 'worst_frame_ms')} ms | {spread(empty_runs, 'worst_frame_ms')} ms "
          f"| | |")


frame_rows("X11 (Xvfb)", big_frames, empty_frames)
if on_wayland:
    frame_rows("Wayland (weston, headless)", wl_big, wl_empty)
load = open("/proc/loadavg").read().split()[:3]
print(f"\nLoad average at the end: {' '.join(load)} on {os.cpu_count()} processors (a shared "
      "machine: a turn includes time the app waited for a CPU). GSK_RENDERER=cairo: no GPU here."
      + ("" if on_wayland else " weston is not installed: no Wayland run."))
