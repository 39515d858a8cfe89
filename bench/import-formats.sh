#!/usr/bin/env bash
# Benchmarks of issue 7, written to bench/RESULTS-import.md:
#
#   bench/import-formats.sh [LINES] [ENTRIES]     default 1000000 100000
#
# 1. A generated FEC of LINES lines (a fifth of them on 411 accounts, 5,000 customers, most
#    invoices lettered with their payment, some partly, some open): relancectl import into an
#    empty book vs. sqlite3's .import of the same file into a bare table; peak memory of the
#    import for half the file, the whole file and twice the file (it keeps the receivable lines
#    only, the file itself is read by windows).
# 2. A generated camt.053 of ENTRIES credits (invoice numbers in the text, structured
#    references, amounts from known payers, unknown payers) matched against the demo book of
#    1,000,000 invoices (the one bench/run.sh makes): the time and the share matched
#    automatically, pending and unmatched.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
lines=${1:-1000000}
entries=${2:-100000}
work="$here/bench/work"
build="$here/_build-bench"
out="$here/bench/RESULTS-import.md"
as_of=2026-11-22

command -v hyperfine >/dev/null || { echo "bench needs hyperfine (apt-get install hyperfine)"; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench needs GNU time (apt-get install time)"; exit 1; }
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$here" --buildtype=release >/dev/null
fi
ninja -C "$build" >/dev/null
ctl="$build/src/cli/relancectl"
mkdir -p "$work"

# 1. FEC ---------------------------------------------------------------------------------
gen_fec() {
  [ -f "$1" ] && return
  python3 - "$1" "$2" <<'PY'
import random, sys
path, total = sys.argv[1], int(sys.argv[2])
rnd = random.Random(7)
out = open(path, "w", encoding="utf-8", newline="\r\n")
out.write("JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\t"
          "CompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\t"
          "ValidDate\tMontantdevise\tIdevise\n")
def amount(c): return "%d,%02d" % (c // 100, c % 100)
def day(n): return "2026%02d%02d" % (1 + n // 28 % 12, 1 + n % 28)
written = 0
n = 0
def line(*f):
    global written
    out.write("\t".join(f) + "\n"); written += 1
let = 0
def code(k):
    s = ""; k += 1
    while k: k, r = divmod(k - 1, 26); s = chr(65 + r) + s
    return s
while written < total:
    n += 1
    cust = rnd.randrange(5000)
    cc, cl = "C%05d" % cust, "CLIENT %05d" % cust
    ttc = rnd.randrange(1000, 500000); ht = ttc * 100 // 120; tva = ttc - ht
    d = day(n)
    kind = rnd.random()
    lt = ""
    if kind < 0.8:
        let += 1; lt = code(let)
    elif kind < 0.9:
        let += 1; lt = code(let)
    line("VE", "Ventes", str(n), d, "411000", "Clients", cc, cl, "F%07d" % n, d, "Facture", amount(ttc), "0,00", lt, "", d, "", "")
    line("VE", "Ventes", str(n), d, "706000", "Prestations", "", "", "F%07d" % n, d, "Facture", "0,00", amount(ht), "", "", d, "", "")
    line("VE", "Ventes", str(n), d, "445710", "TVA collectée", "", "", "F%07d" % n, d, "Facture", "0,00", amount(tva), "", "", d, "", "")
    if kind < 0.9:
        paid = ttc if kind < 0.8 else ttc // 2
        line("BQ", "Banque", str(n), d, "411000", "Clients", cc, cl, "VIR%07d" % n, d, "VIR " + cl, "0,00", amount(paid), lt, "", d, "", "")
        line("BQ", "Banque", str(n), d, "512000", "Banque", "", "", "VIR%07d" % n, d, "VIR " + cl, amount(paid), "0,00", "", "", d, "", "")
    # purchases and other entries: the other four fifths of a real FEC
    line("BQ", "Banque", str(n), d, "627000", "Frais bancaires", "", "", "FR%07d" % n, d, "Frais", "1,50", "0,00", "", "", d, "", "")
    for _ in range(2):
        c = rnd.randrange(1000, 200000)
        line("AC", "Achats", str(n), d, "607000", "Achats", "", "", "A%07d" % n, d, "Achat", amount(c), "0,00", "", "", d, "", "")
        line("AC", "Achats", str(n), d, "401000", "Fournisseurs", "F%04d" % rnd.randrange(900), "FOURNISSEUR", "A%07d" % n, d, "Achat", "0,00", amount(c), "", "", d, "", "")
out.close()
PY
}
fec="$work/123456789FEC20261231-$lines.txt"
gen_fec "$fec" "$lines"
twice="$work/123456789FEC20271231-$((lines * 2)).txt"
gen_fec "$twice" $((lines * 2))
half="$work/123456789FEC20260630-$((lines / 2)).txt"
[ -f "$half" ] || head -n $((lines / 2 + 1)) "$fec" > "$half"
receivable=$(awk -F'\t' '$5 ~ /^411/' "$fec" | wc -l)
echo "FEC: $(($(wc -l < "$fec") - 1)) lines, $receivable on 411, $(du -h "$fec" | cut -f1)"

base="$work/fec-base.relance"
rm -f "$base" "$base-wal" "$base-shm"
"$ctl" --book "$base" init --name "Bench" >/dev/null
json1="$work/fec.json"
hyperfine --style basic --runs 3 --export-json "$json1" \
  --prepare "rm -f $work/floor.db; cp $base $work/fec.relance; rm -f $work/fec.relance-wal $work/fec.relance-shm" \
  -n "sqlite3 .import (floor)" \
  "sqlite3 $work/floor.db '.mode tabs' '.import $fec fec'" \
  -n "relancectl import (FEC)" \
  "$ctl --book $work/fec.relance import $fec"
mem() {
  cp "$base" "$work/mem.relance"; rm -f "$work/mem.relance-wal" "$work/mem.relance-shm"
  /usr/bin/time -f "%M" "$ctl" --book "$work/mem.relance" import "$1" 2>&1 >/dev/null | tail -1
}
mem_half=$(mem "$half")
mem_full=$(mem "$fec")
mem_twice=$(mem "$twice")
# Imported again, the same file changes nothing.
again=$( { /usr/bin/time -f "%e" "$ctl" --book "$work/fec.relance" import "$fec" >"$work/again.txt"; } 2>&1 | tail -1)

# 2. camt.053 against the 1,000,000-invoice demo book --------------------------------------
demo="$work/demo-50000-1000000.relance"
if [ ! -f "$demo" ]; then
  echo "Generating the demo book (50000 customers, 1000000 invoices)…"
  "$ctl" --book "$demo" demo --customers 50000 --invoices 1000000 --seed 1 --as-of "$as_of" >/dev/null
fi
camt="$work/camt053-$entries.xml"
if [ ! -f "$camt" ]; then
  sqlite3 -separator $'\t' "$demo" \
    "SELECT i.number, i.amount_cents - i.paid_cents, c.name FROM invoices i JOIN customers c ON c.id = i.customer_id
     WHERE i.kind = 'invoice' AND i.paid_cents < i.amount_cents ORDER BY random() LIMIT $entries" \
    > "$work/open.tsv"
  python3 - "$camt" "$work/open.tsv" "$entries" <<'PY'
import random, sys
from xml.sax.saxutils import escape
path, open_tsv, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = [l.rstrip("\n").split("\t") for l in open(open_tsv, encoding="utf-8")]
rnd = random.Random(11)
out = open(path, "w", encoding="utf-8")
out.write('<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>BENCH</MsgId></GrpHdr><Stmt><Id>1</Id>\n')
for i in range(n):
    number, owed, name = rows[i % len(rows)]
    owed = int(owed); kind = rnd.random()
    if kind < 0.6:      # the invoice number in the text, the exact amount
        text, amount, who = "Paiement facture %s merci" % number, owed, name
    elif kind < 0.8:    # the amount and the payer's name only
        text, amount, who = "VIREMENT", owed, name
    elif kind < 0.9:    # the number, a partial payment
        text, amount, who = "Acompte %s" % number, max(1, owed // 2), name
    else:               # someone unknown
        text, amount, who = "DON", rnd.randrange(100, 100000), "INCONNU %d" % i
    out.write('<Ntry><Amt Ccy="EUR">%d.%02d</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>'
              '<BookgDt><Dt>2026-11-20</Dt></BookgDt><AcctSvcrRef>B%08d</AcctSvcrRef><NtryDtls><TxDtls>'
              '<Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><RltdPties><Dbtr><Nm>%s</Nm></Dbtr></RltdPties>'
              '<RmtInf><Ustrd>%s</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n'
              % (amount // 100, amount % 100, i, escape(who), escape(text)))
out.write("</Stmt></BkToCstmrStmt></Document>\n")
PY
fi
cp "$demo" "$work/camt.relance"; rm -f "$work/camt.relance-wal" "$work/camt.relance-shm"
camt_stats=$( { /usr/bin/time -f "%e s, %M KB peak" "$ctl" --book "$work/camt.relance" import "$camt" >"$work/camt.txt"; } 2>&1 | tail -1)
cat "$work/camt.txt"

python3 - "$json1" "$out" "$lines" "$receivable" "$mem_half" "$mem_full" "$mem_twice" "$again" "$camt_stats" "$work/camt.txt" "$entries" <<'PY'
import json, re, sys
j, out, lines, receivable, mem_half, mem_full, mem_twice, again, camt_stats, camt_txt, entries = sys.argv[1:]
r = {x["command"]: x for x in json.load(open(j))["results"]}
floor = r["sqlite3 .import (floor)"]["median"]; imp = r["relancectl import (FEC)"]["median"]
t = open(camt_txt, encoding="utf-8").read()
m = re.search(r"Payments: (\d+); matched: (\d+); waiting for you: (\d+); not matched: (\d+)", t)
pay, matched, pending, unmatched = (int(x) for x in m.groups())
with open(out, "w") as f:
    f.write("# Import benchmarks (issue 7)\n\nMeasured by bench/import-formats.sh (release build).\n\n")
    f.write("## FEC\n\n%s lines, %s on 411 accounts (5,000 customers).\n\n" % (lines, receivable))
    f.write("| | median |\n|---|---|\n| sqlite3 .import into a bare table (floor) | %.2f s |\n" % floor)
    f.write("| relancectl import | %.2f s |\n| ratio | %.2f× |\n\n" % (imp, imp / floor))
    f.write("Peak memory of the import: %s KB for half the file, %s KB for the whole file, %s KB "
            "for a file twice as long. The file is read by windows whose pages are "
            "given back, SQLite's page cache is capped at 64 MB; what grows is the receivable "
            "lines kept for the lettering (about 0.2 KB each).\n" % (mem_half, mem_full, mem_twice))
    f.write("The same file imported again (nothing changes): %s s.\n\n" % again)
    f.write("## camt.053 against the 1,000,000-invoice demo book\n\n%s entries: %s.\n\n" % (entries, camt_stats))
    f.write("| | payments | share |\n|---|---|---|\n")
    for name, v in (("allocated automatically", matched), ("waiting for the user", pending), ("not matched", unmatched)):
        f.write("| %s | %d | %.1f %% |\n" % (name, v, 100.0 * v / pay))
print(open(out).read())
PY
