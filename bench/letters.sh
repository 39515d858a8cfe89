#!/usr/bin/env bash
# Benchmark of issue 4: a day's batch of printed letters, written to bench/RESULTS-letters.md.
#
#   bench/letters.sh [LETTERS]     default 1000
#
# 1. relancectl letters: LETTERS approved reminder letters of one page each, into one batch PDF,
#    a. --no-split: the batch alone, kept whole in the book, each letter as its pages in it;
#    b. by default: the batch plus one PDF per letter (its pages taken from the batch), the
#       batch kept whole in the book the same way.
# 2. The baseline: LibreOffice headless converting the same letters to PDF from one merged
#    document (the usual mail-merge path): the same addresses, subjects, texts, invoice tables
#    and payment QR codes, one letter per page, as a flat ODT file.
# 3. Peak memory of relancectl letters for a quarter, a half and all of the letters: it must
#    level off (letters are streamed to the PDF; SQLite's page cache is capped at 64 MB).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
load=$(cut -d' ' -f1-3 /proc/loadavg)
letters=${1:-1000}
work="$here/bench/work/letters"
build="$here/_build-bench"
as_of=2026-11-23
runs=${RUNS:-3}   # RUNS=5 bench/letters.sh for more runs

command -v soffice >/dev/null || { echo "bench needs LibreOffice (apt-get install libreoffice-writer-nogui)"; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench needs GNU time (apt-get install time)"; exit 1; }
command -v pdfimages >/dev/null || { echo "bench needs poppler-utils"; exit 1; }

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$here" --buildtype=release >/dev/null
fi
ninja -C "$build" >/dev/null
ctl="$build/src/cli/relancectl"

mkdir -p "$work"
# A book whose customers owe overdue invoices: each of the first LETTERS of them gets an
# approved reminder letter about its oldest overdue invoice (one page).
make_book () {
  local book=$1 n=$2
  rm -f "$book" "$book-wal" "$book-shm"
  # About one demo customer in four owes overdue invoices and has no credit note to apply.
  "$ctl" --book "$book" demo --customers $((n * 5)) --invoices $((n * 200)) --seed 1 \
    --as-of 2026-11-22 >/dev/null
  "$ctl" --book "$book" rates --set 2026-H2 --ecb 2.15 --legal-private 6.50 --legal-other 2.90 >/dev/null
  "$ctl" --book "$book" run --as-of 2026-11-22 >/dev/null 2>&1 || true
  sqlite3 "$book" "
    DELETE FROM action_invoices; DELETE FROM invoice_steps; DELETE FROM actions;
    CREATE TEMP TABLE chosen AS SELECT customer_id, min (id) AS invoice_id FROM invoices
      WHERE paid_cents < amount_cents AND NOT cancelled AND kind = 'invoice' AND due_date < '$as_of'
      AND customer_id NOT IN (SELECT customer_id FROM invoices WHERE kind = 'credit_note'
                              AND NOT cancelled AND paid_cents < amount_cents)
      GROUP BY customer_id ORDER BY customer_id LIMIT $n;
    INSERT INTO actions (key, customer_id, step_id, kind, channel, template, state, proposed_on,
                         state_changed_at, created_at)
      SELECT 'bench-' || customer_id, customer_id,
        (SELECT ps.id FROM plan_steps ps JOIN plans p ON p.id = ps.plan_id
          WHERE p.key = 'usual' AND ps.template = 'reminder'),
        'reminder', 'letter', 'reminder', 'approved', '$as_of', 'x', 'x' FROM chosen;
    INSERT INTO action_invoices (action_id, invoice_id, amount_cents, days_late)
      SELECT a.id, c.invoice_id, 0, 0 FROM actions a JOIN chosen c ON c.customer_id = a.customer_id;"
  local made
  made=$(sqlite3 "$book" "SELECT count(*) FROM actions")
  [ "$made" -eq "$n" ] || { echo "only $made customers owe overdue invoices"; exit 1; }
}

book="$work/letters-$letters.relance"
[ -f "$book" ] || { echo "Preparing a book with $letters approved letters…"; make_book "$book" "$letters"; }

median () { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# 1. Relance: each run on a fresh copy of the book, so that each prints every letter.
relance_run () {   # MODE_OPTIONS…: prints "seconds peak-KB cpu-seconds"
  cp "$book" "$work/run.relance"
  rm -rf "$work/out"
  # The copy of the book written to disk first: its 130 MB of dirty pages were flushed by the
  # first fdatasync of the run (0.1 s), which a book in use does not have.
  sync
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$ctl" --book "$work/run.relance" letters \
    --as-of "$as_of" --out "$work/out" "$@" > "$work/relance.log"
  cat "$work/time"
}
# The batch the merged document below takes its QR codes from.
relance_run --no-split >/dev/null
batch="$work/out/letters-$as_of.pdf"
pages=$(pdfinfo "$batch" | awk '/^Pages:/ { print $2 }')
cat "$work/relance.log"

# 2. The same letters as one merged document for LibreOffice: texts from relancectl preview,
#    invoice tables from the book, the QR codes taken from Relance's own batch.
fodt="$work/merged-$letters.fodt"
if [ ! -f "$fodt" ]; then
  echo "Writing the merged document for LibreOffice…"
  rm -rf "$work/qr"; mkdir -p "$work/qr"
  pdfimages -png "$batch" "$work/qr/qr"
  /usr/bin/python3 - "$ctl" "$work/run.relance" "$as_of" "$work/qr" "$fodt" <<'PY'
import base64, glob, html, sqlite3, subprocess, sys
ctl, book, as_of, qr_dir, out = sys.argv[1:]
db = sqlite3.connect(book)
company = db.execute("SELECT name, address1, postcode, city FROM company").fetchone()
actions = db.execute("SELECT a.id, c.name, coalesce (c.address1, ''), coalesce (c.postcode, ''),"
                     " coalesce (c.city, '') FROM actions a JOIN customers c ON c.id = a.customer_id"
                     " ORDER BY c.code, a.id").fetchall()
qrs = sorted(glob.glob(qr_dir + "/qr-*.png"), key=lambda p: int(p.rsplit("-", 1)[1][:-4]))
assert len(qrs) == len(actions), (len(qrs), len(actions))
e = lambda s: html.escape(s, quote=False)
P = lambda s, style="P": f'<text:p text:style-name="{style}">{e(s)}</text:p>'
parts = []
for n, (aid, name, address1, postcode, city) in enumerate(actions):
    text = subprocess.run([ctl, "--book", book, "preview", str(aid), "--as-of", as_of],
                          capture_output=True, text=True, check=True).stdout
    subject, _, body = text.partition("\n\n")
    rows = db.execute("SELECT i.number, i.issue_date, i.due_date, i.amount_cents, i.paid_cents"
                      " FROM action_invoices ai JOIN invoices i ON i.id = ai.invoice_id"
                      " WHERE ai.action_id = ?", (aid,)).fetchall()
    money = lambda c: f"{c // 100:,}".replace(",", "\u202f") + f",{c % 100:02d}\u00a0€"
    cells = lambda vals: "<table:table-row>" + "".join(
        f"<table:table-cell>{P(v)}</table:table-cell>" for v in vals) + "</table:table-row>"
    table = (f'<table:table table:name="T{n}"><table:table-column table:number-columns-repeated="6"/>'
             + cells(["Facture", "Date", "Échéance", "Montant TTC", "Déjà réglé", "Reste dû"])
             + "".join(cells([r[0], r[1], r[2], money(r[3]), money(r[4]), money(r[3] - r[4])])
                       for r in rows) + "</table:table>")
    with open(qrs[n], "rb") as f:
        png = base64.b64encode(f.read()).decode()
    qr = (f'<text:p><draw:frame draw:name="Q{n}" text:anchor-type="as-char" svg:width="34mm" '
          f'svg:height="34mm"><draw:image><office:binary-data>{png}</office:binary-data>'
          f'</draw:image></draw:frame></text:p>')
    head = [P(company[0], "Break" if n else "P"), P(company[1] or ""), P(f"{company[2]} {company[3]}"),
            P(name, "Addr"), P(address1, "Addr"), P(f"{postcode} {city.upper()}", "Addr"),
            P(f"{company[3]}, le 23 novembre 2026", "Right"), P(f"Objet : {subject}", "Bold")]
    parts.append("".join(head) + "".join(P(l) for l in body.split("\n")) + table + qr)
doc = f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="DejaVu Serif" svg:font-family="'DejaVu Serif'"/></office:font-face-decls>
<office:styles><style:style style:name="Standard" style:family="paragraph"><style:text-properties style:font-name="DejaVu Serif" fo:font-size="9.5pt"/></style:style></office:styles>
<office:automatic-styles>
<style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm" fo:margin-top="12mm" fo:margin-bottom="12mm" fo:margin-left="20mm" fo:margin-right="20mm"/></style:page-layout>
<style:style style:name="P" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-bottom="0.6mm"/><style:text-properties style:font-name="DejaVu Serif" fo:font-size="9.5pt"/></style:style>
<style:style style:name="Break" style:family="paragraph" style:parent-style-name="P"><style:paragraph-properties fo:break-before="page"/></style:style>
<style:style style:name="Addr" style:family="paragraph" style:parent-style-name="P"><style:paragraph-properties fo:margin-left="90mm"/></style:style>
<style:style style:name="Right" style:family="paragraph" style:parent-style-name="P"><style:paragraph-properties fo:text-align="end"/></style:style>
<style:style style:name="Bold" style:family="paragraph" style:parent-style-name="P"><style:text-properties fo:font-weight="bold"/></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"/></office:master-styles>
<office:body><office:text>{"".join(parts)}</office:text></office:body></office:document>'''
with open(out, "w") as f:
    f.write(doc)
PY
fi

# Each run times Relance (the batch alone, then with a PDF per letter) and LibreOffice one
# after the other, so that a burst of load on the shared machine falls on both sides.
lo_run () {   # prints "seconds peak-KB cpu-seconds"
  rm -rf "$work/lo"
  sync
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" soffice --headless --norestore \
    -env:UserInstallation=file://"$work/lo-profile" --convert-to pdf --outdir "$work/lo" "$fodt" \
    >/dev/null 2>&1
  cat "$work/time"
}
split_times=(); whole_times=(); split_cpus=(); whole_cpus=(); lo_times=(); lo_cpus=()
for i in $(seq $runs); do
  read -r t m u s < <(relance_run --no-split); whole_times+=("$t"); whole_mem=$m
  whole_cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')")
  read -r t m u s < <(relance_run); split_times+=("$t"); split_mem=$m
  split_cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')")
  read -r t m u s < <(lo_run); lo_times+=("$t"); lo_mem=$m
  lo_cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')")
done
whole=$(printf '%s\n' "${whole_times[@]}" | median)
split=$(printf '%s\n' "${split_times[@]}" | median)
whole_cpu=$(printf '%s\n' "${whole_cpus[@]}" | median)
split_cpu=$(printf '%s\n' "${split_cpus[@]}" | median)
lo=$(printf '%s\n' "${lo_times[@]}" | median)
lo_cpu=$(printf '%s\n' "${lo_cpus[@]}" | median)
lo_pages=$(pdfinfo "$work/lo/$(basename "$fodt" .fodt).pdf" | awk '/^Pages:/ { print $2 }')

# 3. Peak memory for a quarter, a half, all and twice the letters, in both modes.
mem_rows=""
for n in $((letters / 4)) $((letters / 2)) "$letters" $((letters * 2)); do
  part="$work/letters-$n.relance"
  [ -f "$part" ] || make_book "$part" "$n"
  row="| $n |"
  for mode in --no-split ""; do
    cp "$part" "$work/run.relance"
    rm -rf "$work/out"
    /usr/bin/time -f "%e %M" -o "$work/time" "$ctl" --book "$work/run.relance" letters \
      --as-of "$as_of" --out "$work/out" $mode >/dev/null
    row+=" $(cut -d' ' -f1 "$work/time") s, $(( $(cut -d' ' -f2 "$work/time") / 1024 )) MB |"
  done
  mem_rows+="$row"$'\n'
done

ratio_whole=$(awk -v a="$lo" -v b="$whole" 'BEGIN { printf "%.1f", a / b }')
ratio_split=$(awk -v a="$lo" -v b="$split" 'BEGIN { printf "%.1f", a / b }')
cpu_ratio_whole=$(awk -v a="$lo_cpu" -v b="$whole_cpu" 'BEGIN { printf "%.1f", a / b }')
cpu_ratio_split=$(awk -v a="$lo_cpu" -v b="$split_cpu" 'BEGIN { printf "%.1f", a / b }')
cat > "$here/bench/RESULTS-letters.md" <<EOF
# Letters benchmark (issue 4)

Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo); $(date -u +%Y-%m-%d).
Median of $runs runs, each run timing Relance (both ways) and LibreOffice one after the other;
\`bench/letters.sh $letters\`; load average at the start: $load, at the end: $(cut -d' ' -f1-3 /proc/loadavg)
(other sessions building and testing on the same 2 cores).

| | time | processor time | peak memory | pages |
|---|---|---|---|---|
| relancectl letters --no-split: $letters letters, the batch PDF, kept whole in the book | $whole s | $whole_cpu s | $((whole_mem / 1024)) MB | $pages |
| relancectl letters: the batch PDF + one PDF per letter, the batch kept in the book | $split s | $split_cpu s | $((split_mem / 1024)) MB | $pages |
| LibreOffice headless, the same letters merged into one document, to PDF | $lo s | $lo_cpu s | $((lo_mem / 1024)) MB | $lo_pages |

The batch (\`--no-split\`) is ${ratio_whole}× as fast as LibreOffice; with one PDF per letter too,
${ratio_split}× (by processor time: ${cpu_ratio_whole}× and ${cpu_ratio_split}×). The machine is
shared: other builds and tests ran at the same time, so the times vary by some tens of percent
from run to run; processor time (user + system, the threads of a process added up) varies
less. The batch is drawn in parts, one per processor, each part a PDF of its own drawn by its
worker thread, while the main thread reads the next letters from the book and marks them done;
the parts are then joined into the batch (their objects copied and renumbered under one page
tree). With one PDF per letter too, each letter's own PDF is its pages taken from its part
with the objects they use (font subsets copied, not made again), and is the same bytes as
taken again from the batch kept in the book (a reprint).

Time and peak memory (RSS) of relancectl letters by batch size. Letters are streamed to the
PDF one after another; what grows with the batch is SQLite's page cache, as the letters read
more and more of a book of $((letters * 200)) invoices: it is capped at 64 MB
(\`PRAGMA cache_size\`), so memory levels off there (valgrind massif on 1,000 letters
--no-split: nearly all of the heap's growth is SQLite's page cache; the letters' own memory
does not grow):

| letters | --no-split | one PDF per letter too |
|---|---|---|
$mem_rows
EOF
cat "$here/bench/RESULTS-letters.md"
