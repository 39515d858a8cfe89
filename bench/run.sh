#!/usr/bin/env bash
# Benchmarks of issue 2, each measured side by side with its baseline in one run, medians of
# several runs (hyperfine), written to bench/RESULTS.md.
#
#   bench/run.sh [CUSTOMERS INVOICES]     default 50000 1000000
#
# 1. CSV import of the invoices vs. sqlite3's .import of the same file into a bare table.
# 2. aging + KPIs over the whole book vs. a bare SELECT … GROUP BY over the same rows.
# 3. peak memory of the import for a quarter, a half, the whole file and twice the file: it must
#    level off (SQLite's page cache and sort buffers are capped, its sort spills to temporary
#    files) instead of growing with the file.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
customers=${1:-50000}
invoices=${2:-1000000}
work="$here/bench/work"
build="$here/_build-bench"
as_of=2026-11-22

command -v hyperfine >/dev/null || { echo "bench needs hyperfine (apt-get install hyperfine)"; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench needs GNU time (apt-get install time)"; exit 1; }

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$here" --buildtype=release >/dev/null
fi
ninja -C "$build" >/dev/null
ctl="$build/src/cli/relancectl"

mkdir -p "$work"
demo="$work/demo-$customers-$invoices.relance"
csv="$work/invoices-$invoices.csv"
csv_quarter="$work/invoices-$((invoices / 4)).csv"
csv_half="$work/invoices-$((invoices / 2)).csv"
customers_csv="$work/customers-$customers.csv"

if [ ! -f "$demo" ]; then
  echo "Generating the demo book ($customers customers, $invoices invoices)…"
  /usr/bin/time -f "demo: %e s, %M KB peak" "$ctl" --book "$demo" demo \
    --customers "$customers" --invoices "$invoices" --seed 1 --as-of "$as_of"
fi

# The CSV export, as an invoicing tool writes it: French headers, decimal comma.
export_sql="SELECT i.number AS \"N° facture\", c.code AS \"Code client\", c.name AS \"Client\",
  strftime('%d/%m/%Y', i.issue_date) AS \"Date facture\",
  strftime('%d/%m/%Y', i.due_date) AS \"Date d'échéance\",
  (CASE WHEN i.kind = 'credit_note' THEN '-' ELSE '' END) || (i.amount_cents / 100) || ','
    || printf('%02d', i.amount_cents % 100) AS \"Montant TTC\"
  FROM invoices i JOIN customers c ON c.id = i.customer_id"
if [ ! -f "$csv" ]; then
  sqlite3 -header -csv -separator ';' "$demo" "$export_sql ORDER BY i.id" > "$csv"
  sqlite3 -header -csv -separator ';' "$demo" \
    "SELECT code AS \"Code client\", name AS \"Raison sociale\", postcode AS \"Code postal\", city AS \"Ville\" FROM customers" \
    > "$customers_csv"
fi
[ -f "$csv_quarter" ] || head -n $((invoices / 4 + 1)) "$csv" > "$csv_quarter"
[ -f "$csv_half" ] || head -n $((invoices / 2 + 1)) "$csv" > "$csv_half"
csv_double="$work/invoices-$((invoices * 2)).csv"
[ -f "$csv_double" ] || { cat "$csv"; tail -n +2 "$csv" | sed 's/^FA/FB/; s/^AV/AW/'; } > "$csv_double"
rows=$(($(wc -l < "$csv") - 1))
echo "CSV: $rows invoices, $(du -h "$csv" | cut -f1)"

# A book with the customers already in, copied fresh before each import run.
base="$work/base.relance"
rm -f "$base" "$base-wal" "$base-shm"
"$ctl" --book "$base" init --name "Bench" >/dev/null
"$ctl" --book "$base" import "$customers_csv" >/dev/null

json1="$work/import.json"
hyperfine --style basic --runs 3 --export-json "$json1" \
  --prepare "rm -f $work/floor.db; cp $base $work/import.relance; rm -f $work/import.relance-wal $work/import.relance-shm" \
  -n "sqlite3 .import (floor)" \
  "sqlite3 $work/floor.db '.mode csv' '.separator ;' '.import $csv invoices'" \
  -n "relancectl import" \
  "$ctl --book $work/import.relance import $csv"

json2="$work/aging.json"
hyperfine --style basic --warmup 1 --runs 7 --export-json "$json2" \
  -n "SELECT … GROUP BY (baseline)" \
  "sqlite3 $demo \"SELECT customer_id, sum(amount_cents - paid_cents) FROM invoices WHERE issue_date <= '$as_of' GROUP BY customer_id\" >/dev/null" \
  -n "relancectl aging" \
  "$ctl --book $demo aging --json --by-customer --as-of $as_of >/dev/null"

# Issue 3: the daily run over the whole book, first and second time the same day, vs a bare scan
# of its overdue open invoices. The book is migrated once beforehand (not timed).
runbook="$work/run.relance"
cp "$demo" "$work/run-base.relance"; rm -f "$work/run-base.relance-wal" "$work/run-base.relance-shm"
"$ctl" --book "$work/run-base.relance" plans >/dev/null
rm -f "$work"/run-base.relance.schema*.bak
# The same book as after a bulk import, which leaves the scoring to the first run.
cp "$work/run-base.relance" "$work/run-unscored.relance"
sqlite3 "$work/run-unscored.relance" "DELETE FROM settings WHERE key = 'risk-scored'"
json3="$work/run.json"
hyperfine --style basic --runs 3 --export-json "$json3" \
  --prepare "cp $work/run-base.relance $runbook; rm -f $runbook-wal $runbook-shm" \
  -n "scan of overdue open invoices, grouped by customer (baseline)" \
  "sqlite3 $runbook \"SELECT customer_id, count(*), sum(amount_cents - paid_cents) FROM invoices WHERE paid_cents < amount_cents AND NOT cancelled AND due_date < '$as_of' GROUP BY customer_id\" >/dev/null" \
  -n "scan of overdue open invoices, by the open-invoice index (baseline)" \
  "sqlite3 $runbook \"SELECT count(*), sum(amount_cents - paid_cents) FROM invoices WHERE paid_cents < amount_cents AND NOT cancelled AND due_date < '$as_of'\" >/dev/null" \
  -n "relancectl run (first of the day)" \
  "$ctl --book $runbook run --as-of $as_of >/dev/null"
json3b="$work/run-unscored.json"
hyperfine --style basic --runs 3 --export-json "$json3b" \
  --prepare "cp $work/run-unscored.relance $runbook; rm -f $runbook-wal $runbook-shm" \
  -n "relancectl run (first of the day, scoring every customer)" \
  "$ctl --book $runbook run --as-of $as_of >/dev/null"
cp "$work/run-base.relance" "$runbook"; rm -f "$runbook-wal" "$runbook-shm"
"$ctl" --book "$runbook" run --as-of "$as_of" >/dev/null
json4="$work/run2.json"
cp "$runbook" "$work/run-after.relance"; rm -f "$work/run-after.relance-wal" "$work/run-after.relance-shm"
next_day=$(date -d "$as_of + 1 day" +%F)
hyperfine --style basic --runs 5 --export-json "$json4" \
  -n "relancectl run (again the same day)" \
  "$ctl --book $runbook run --as-of $as_of >/dev/null"
json5="$work/run3.json"
hyperfine --style basic --runs 3 --export-json "$json5" \
  --prepare "cp $work/run-after.relance $work/run-next.relance; rm -f $work/run-next.relance-wal $work/run-next.relance-shm" \
  -n "relancectl run (the next day)" \
  "$ctl --book $work/run-next.relance run --as-of $next_day >/dev/null"

mem() {
  cp "$base" "$work/mem.relance"; rm -f "$work/mem.relance-wal" "$work/mem.relance-shm"
  /usr/bin/time -f "%M" "$ctl" --book "$work/mem.relance" import "$1" 2>&1 >/dev/null | tail -n 1
}
mem_full=$(mem "$csv")
mem_half=$(mem "$csv_half")
mem_quarter=$(mem "$csv_quarter")
mem_double=$(mem "$csv_double")

/usr/bin/python3 - "$json1" "$json2" "$mem_full" "$mem_half" "$mem_quarter" "$mem_double" "$json3" "$json4" "$json5" "$json3b" "$rows" "$customers" "$here/bench/RESULTS.md" <<'PY'
import json, platform, subprocess, sys, datetime
imp, agi, mem_full, mem_half, mem_quarter, mem_double, run1, run2, run3, run1b, rows, customers, out = sys.argv[1:]
def med(path):
    r = json.load(open(path))["results"]
    return [(x["command"], x["median"]) for x in r]
(i_floor_n, i_floor), (i_ours_n, i_ours) = med(imp)
(a_base_n, a_base), (a_ours_n, a_ours) = med(agi)
(rb_n, rb), (rp_n, rp), (r1_n, r1) = med(run1)
((r2_n, r2),) = med(run2)
((r3_n, r3),) = med(run3)
((r1b_n, r1b),) = med(run1b)
mem_full, mem_half, mem_quarter, mem_double = (int(mem_full), int(mem_half), int(mem_quarter),
                                               int(mem_double))
n = int(rows)
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                     capture_output=True, text=True).stdout.strip()
lines = [
 "# Benchmark results",
 "",
 f"Run on {datetime.date.today()} ({cpu}, {subprocess.run(['nproc'],capture_output=True,text=True).stdout.strip()} cores, shared machine).",
 f"Book: {customers} customers, {rows} invoices (relancectl demo --seed 1). Medians of hyperfine runs;",
 "ratios are what count, absolute times vary with the machine's load.",
 "",
 "## Issue 2: the book",
 "",
 "| measure | ours | baseline | ratio | target |",
 "|---|---|---|---|---|",
 f"| CSV import of {rows} invoices (relancectl import vs sqlite3 .import into a bare table) | {i_ours:.2f} s | {i_floor:.2f} s | {i_ours/i_floor:.2f}× | ≤ 2.0× |",
 f"| aging + KPIs, whole book (relancectl aging --json --by-customer vs SELECT … GROUP BY) | {a_ours:.3f} s | {a_base:.3f} s | {a_ours/a_base:.2f}× | ≤ 1.5× |",
 f"| peak memory of the import: twice the file vs the file | {mem_double/1024:.0f} MB | {mem_full/1024:.0f} MB | {mem_double/mem_full:.2f}× | bounded (≈ 1×) |",
 "",
 "Peak memory (maximum resident set) of `relancectl import` by file size:",
 "",
 "| invoices in the file | peak memory |",
 "|---|---|",
 f"| {n // 4} | {mem_quarter/1024:.0f} MB |",
 f"| {n // 2} | {mem_half/1024:.0f} MB |",
 f"| {n} | {mem_full/1024:.0f} MB |",
 f"| {n * 2} | {mem_double/1024:.0f} MB |",
 "",
 "## Issue 3: the dunning engine",
 "",
 "| measure | ours | baseline | ratio | target |",
 "|---|---|---|---|---|",
 f"| first run of the day over the whole book (scores from the demo's creation, as after an import) vs a scan of its overdue open invoices, grouped by customer (SQLite walks the customer index) | {r1:.2f} s | {rb:.3f} s | {r1/rb:.2f}× | ≤ 3× |",
 f"| the same first run vs the same scan without grouping (SQLite uses the partial index of open invoices) | {r1:.2f} s | {rp:.3f} s | {r1/rp:.1f}× | ≤ 3× |",
 f"| first run of the day that scores every customer (as after a bulk import) vs the scan by the open-invoice index | {r1b:.2f} s | {rp:.3f} s | {r1b/rp:.1f}× | ≤ 3× |",
 f"| second run the same day vs the first | {r2:.3f} s | {r1:.2f} s | {r2/r1:.3f}× | ≤ 0.5× |",
 f"| the next day's run (rescoring the customers whose invoices fell due, revisiting the open actions, proposing) vs the scan by the open-invoice index | {r3:.2f} s | {rp:.3f} s | {r3/rp:.1f}× | (≤ 3×) |",
 "",
 "The first run proposes about 21,000 actions for 71,000 overdue invoices and records about",
 "180,000 steps jumped over (the demo book was never run before): its time is mostly writing",
 "those rows; the partial-index scan writes nothing. While it runs, the book is mapped into",
 "memory (PRAGMA mmap_size), so its resident size counts the pages of the file it read.",
 "",
 "Reproduce: `bench/run.sh` (50,000 customers, 1,000,000 invoices; about 10 minutes with generation).",
 "",
]
# Only the part this script measures is replaced; the other benchmarks' sections stay.
begin, end = "<!-- bench/run.sh: begin -->", "<!-- bench/run.sh: end -->"
block = begin + "\n" + "\n".join(lines) + "\n" + end
try:
    old = open(out, encoding="utf-8").read()
except FileNotFoundError:
    old = ""
if begin in old and end in old:
    new = old[:old.index(begin)] + block + old[old.index(end) + len(end):]
else:
    new = block + "\n\n" + old
open(out, "w", encoding="utf-8").write(new)
print("\n".join(lines))
PY
