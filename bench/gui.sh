#!/usr/bin/env bash
# Benchmark of the desktop app: bench/gui.sh [CUSTOMERS INVOICES] (default 50000 1000000).
# Writes its table to bench/RESULTS-gui.md.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
customers=${1:-50000}
invoices=${2:-1000000}
work="$here/bench/work"
build="$here/_build-bench"
as_of=$(date +%F)

# The frames are measured under a headless Wayland compositor too (GNOME's session on Debian 12).
command -v weston >/dev/null || { echo "bench needs weston (apt-get install weston)"; exit 1; }

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$here" --buildtype=release >/dev/null
fi
ninja -C "$build" >/dev/null
mkdir -p "$work"
big="$work/gui-$customers-$invoices.relance"
empty="$work/gui-empty.relance"
[ -f "$big" ] || "$build/src/cli/relancectl" --book "$big" demo --customers "$customers" \
  --invoices "$invoices" --seed 1 --as-of "$as_of"
[ -f "$empty" ] || "$build/src/cli/relancectl" --book "$empty" init --name "Vide"
table="$work/gui-table.md"
GSETTINGS_SCHEMA_DIR="$build/data" "$here/tests/gui/run.sh" /usr/bin/python3 "$here/bench/gui.py" \
  "$build/src/relance" "$big" "$empty" | tee "$table"
# The table replaces the one between the markers; the notes around it stay.
/usr/bin/python3 - "$table" "$here/bench/RESULTS-gui.md" <<'PY'
import sys
table, results = sys.argv[1:]
begin, end = "<!-- bench/gui.sh: begin -->\n", "<!-- bench/gui.sh: end -->\n"
text = open(results, encoding="utf-8").read()
new = begin + open(table, encoding="utf-8").read().rstrip("\n") + "\n" + end
if begin in text and end in text:
    text = text[:text.index(begin)] + new + text[text.index(end) + len(end):]
else:
    text = new + "\n" + text
open(results, "w", encoding="utf-8").write(text)
PY
