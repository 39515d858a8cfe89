#!/usr/bin/env bash
# Benchmarks of issue 2 (the engine's are in bench/engine.sh), each measured side by side with its baseline in one run, medians of
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

mem() {
  cp "$base" "$work/mem.relance"; rm -f "$work/mem.relance-wal" "$work/mem.relance-shm"
  /usr/bin/time -f "%M" "$ctl" --book "$work/mem.relance" import "$1" 2>&1 >/dev/null | tail -n 1
}
mem_full=$(mem "$csv")
mem_half=$(mem "$csv_half")
mem_quarter=$(mem "$csv_quarter")
mem_double=$(mem "$csv_double")

/usr/bin/python3 - "$json1" "$json2" "$mem_full" "$mem_half" "$mem_quarter" "$mem_double" "$rows" "$customers" "$here/bench/RESULTS.md" <<'PY'
import json, platform, subprocess, sys, datetime
imp, agi, mem_full, mem_half, mem_quarter, mem_double, rows, customers, out = sys.argv[1:]
def med(path):
    r = json.load(open(path))["results"]
    return [(x["command"], x["median"]) for x in r]
(i_floor_n, i_floor), (i_ours_n, i_ours) = med(imp)
(a_base_n, a_base), (a_ours_n, a_ours) = med(agi)
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
 "Reproduce: `bench/run.sh` (50,000 customers, 1,000,000 invoices; about 10 minutes with generation). The engine: `bench/engine.sh`, below.",
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
