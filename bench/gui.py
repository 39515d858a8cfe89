#!/usr/bin/python3
"""Benchmark of the desktop app (issue 6), run under a private X server by bench/gui.sh.

For the big demo book and an empty book, in one run: time from launch to the dashboard drawn
with its figures, resident memory then, and, on the big book, the longest gap between two
frames while the invoice list opens and scrolls to its end. Medians of RUNS launches.
"""
import os
import sqlite3
import statistics
import subprocess
import sys
import time

RUNS = int(os.environ.get("RUNS", "3"))
OUT = os.fdopen(int(os.environ.get("REPORT_FD", "1")), "w", buffering=1)
sys.stdout = OUT
app, big, empty = sys.argv[1:4]


def launch(book):
    env = dict(os.environ, RELANCE_BENCH="1", GSETTINGS_BACKEND="memory", LC_ALL="C.UTF-8",
               NO_AT_BRIDGE="1", GSK_RENDERER="cairo")
    start = time.monotonic()
    proc = subprocess.Popen([app, book], env=env, stderr=subprocess.PIPE, text=True)
    drawn = rss = worst = rows = slow = ticks = first = after = None
    for line in proc.stderr:
        if line.startswith("bench: dashboard_drawn"):
            drawn = time.monotonic() - start
            rss = int(line.split("rss_kb=")[1].split()[0])
        elif line.startswith("bench: worst_frame_ms"):
            worst = float(line.split("=")[1].split()[0])
            slow = int(line.split("slow=")[1].split()[0])
            ticks = int(line.split("ticks=")[1].split()[0])
            first = float(line.split("first_ms=")[1].split()[0])
            after = float(line.split("after_ms=")[1].split()[0])
            rows = int(line.split("rows=")[1])
    proc.wait(timeout=600)
    if drawn is None or worst is None:
        raise SystemExit(f"the app did not report on {book}")
    return drawn, rss, worst, rows, slow, ticks, first, after


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
            max(r[2] for r in runs), runs[0][3], sum(r[4] for r in runs), sum(r[5] for r in runs),
            max(r[6] for r in runs), max(r[7] for r in runs))


big_c, big_crss, *_ = medians(big, first=True)
empty_c, empty_crss, *_ = medians(empty, first=True)
big_t, big_rss, big_worst, big_rows, big_slow, big_ticks, big_first, big_after = medians(big)
empty_t, empty_rss, empty_worst, *_ = medians(empty)
print("## Issue 6: the desktop app\n")
print(f"Launch of `relance` on the {big_rows}-invoice demo book vs an empty book, medians of "
      f"{RUNS} launches, Xvfb, GSettings in memory, the engine's start-up run left out.\n")
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
print(f"| longest gap between two frames, invoice list opened and scrolled to its end "
      f"({big_rows} rows, 120 steps) | {big_worst:.1f} ms | {empty_worst:.1f} ms | — "
      f"| ≤ 1 frame |")
print(f"| of which before the first rows are shown (the view drawn, the rows counted) | {big_first:.1f} ms "
      f"| | — | |")
print(f"| and since (the rows appearing, read, scrolled to the end) "
      f"| {big_after:.1f} ms | | — | |")
print(f"| frames later than two frames at 60 Hz while scrolling the big list | {big_slow} of "
      f"{big_ticks} | | | |")
load = open("/proc/loadavg").read().split()[:3]
print(f"\nLoad average at the end: {' '.join(load)} on {os.cpu_count()} processors (a shared "
      "machine: frame gaps include time the app waited for a CPU). GSK_RENDERER=cairo: Xvfb has "
      "no GPU.")
