#!/usr/bin/python3
"""Print the closing line of a test run, "N passed, N failed", from meson's test log.

Each meson test is a GLib test program (or an integration script) with many cases; the
counts are of cases, read from the TAP output of each program ("ok N" / "not ok N"), and
a program that crashed or timed out counts as one failed case more.
"""
import json
import re
import sys

passed = failed = skipped = 0
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        entry = json.loads(line)
        out = entry.get("stdout") or ""
        oks = len(re.findall(r"^ok \d+(?! # ?SKIP)", out, re.M))
        skips = len(re.findall(r"^ok \d+ # ?SKIP", out, re.M | re.I))
        bads = len(re.findall(r"^not ok \d+", out, re.M))
        if oks + bads + skips == 0:
            # Not TAP: the program's exit status is its one result.
            if entry["result"] == "OK":
                passed += 1
            elif entry["result"] == "SKIP":
                skipped += 1
            else:
                failed += 1
            continue
        passed += oks
        skipped += skips
        failed += bads
        if entry["result"] not in ("OK", "SKIP", "EXPECTEDFAIL") and bads == 0:
            failed += 1

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
