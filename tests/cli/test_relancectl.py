#!/usr/bin/python3
"""Integration tests: drive relancectl on temporary books, as a user or a script would.

Prints TAP. Each test_* function is one case.
"""
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import traceback

RELANCECTL = os.environ["RELANCECTL"]
DATA = os.environ["TEST_DATA"]


def run(book, *args, lang="C.UTF-8", check=True, env_extra=None):
    env = dict(os.environ)
    env["LC_ALL"] = lang
    env.pop("LANGUAGE", None)
    env.pop("RELANCE_BOOK", None)
    if env_extra:
        env.update(env_extra)
    cmd = [RELANCECTL]
    if book is not None:
        cmd += ["--book", book]
    cmd += list(args)
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    if check and p.returncode != 0:
        raise AssertionError(f"{cmd} exited {p.returncode}:\n{p.stdout}\n{p.stderr}")
    return p


def run_json(book, *args):
    return json.loads(run(book, *args).stdout)


def state(book):
    """Everything a user can see of a book, to prove it did not change."""
    parts = [run(book, "customers", "--json", "--as-of", "2026-11-22").stdout,
             run(book, "invoices", "--json", "--as-of", "2026-11-22").stdout,
             run(book, "aging", "--json", "--by-customer", "--as-of", "2026-11-22").stdout]
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def new_book(tmp, name="test.relance"):
    path = os.path.join(tmp, name)
    run(path, "init", "--name", "Menuiserie Dubois")
    return path


def test_init_creates_private_book(tmp):
    path = os.path.join(tmp, "a.relance")
    p = run(path, "init", "--name", "Menuiserie Dubois", "--terms", "45")
    assert path in p.stdout
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    again = run(path, "init", check=False)
    assert again.returncode == 1, again
    assert "already exists" in again.stderr
    assert again.stderr.count("\n") == 1, "one clear line"


def test_company_identity(tmp):
    book = new_book(tmp)
    out = run(book, "company", "--address1", "4 place Bellecour", "--postcode", "69002",
              "--city", "Lyon", "--siren", "552 081 317", "--iban",
              "fr76 3000 6000 0112 3456 7890 189", "--bic", "agrifrpp", "--vat",
              "FR40552081317", "--email", "compta@dubois.fr").stdout
    assert "FR7630006000011234567890189" in out and "552081317" in out, out
    before = run(book, "company").stdout
    for args, why in ((("--iban", "FR7630006000011234567890188"), "IBAN"),
                      (("--siren", "552081318"), "SIREN"),
                      (("--bic", "AGRI"), "BIC"),
                      (("--country", "France"), "country"),
                      (("--terms", "400"), "payment terms")):
        p = run(book, "company", *args, check=False)
        assert p.returncode == 1 and why in p.stderr, (args, p.stderr)
        assert run(book, "company").stdout == before, args
    fr = run(book, "company", "--iban", "FR00", lang="fr_FR.UTF-8", check=False)
    assert "n’est pas valide" in fr.stderr, fr.stderr
    # An empty value clears a field.
    out = run(book, "company", "--email", "").stdout
    assert "compta@dubois.fr" not in out and "Lyon" in out, out


def test_import_fec_camt_facturx(tmp):
    """The real sample files import through relancectl, the format found from the content;
    importing them again adds nothing; a PDF without an invoice inside is a clear error."""
    samples = os.path.join(DATA, "samples")
    book = new_book(tmp)
    fec = os.path.join(samples, "fec", "0000000001FEC20220831.txt")
    out = run(book, "import", fec).stdout
    assert "FEC (TAB, UTF-8, Debit/Credit)" in out and "17 customers created" in out, out
    first = state(book)
    again = run(book, "import", fec).stdout
    assert "0 added" in again, again
    assert state(book) == first
    camt = os.path.join(samples, "camt", "OCA16_test-camt053.zip")
    out = run(book, "import", camt).stdout
    assert "camt.053.001.02" in out, out
    again = run(book, "import", camt).stdout
    assert "Payments: 0;" in again or "seen before: 2" in again, again
    assert run_json(book, "matches", "--json") == []
    pdf = os.path.join(samples, "facturx", "akretion_invoice_EN16931.pdf")
    out = run(book, "import", pdf).stdout
    assert "Factur-X" in out and "1 added" in out, out
    plain = run(book, "import", os.path.join(DATA, "delivery", "letter.pdf"), check=False)
    assert plain.returncode == 1 and "no Factur-X invoice in this PDF" in plain.stderr, plain


def test_missing_book_is_an_error(tmp):
    path = os.path.join(tmp, "missing.relance")
    p = run(path, "aging", check=False)
    assert p.returncode == 1
    assert "init" in p.stderr
    assert not os.path.exists(path)


def test_usage_errors(tmp):
    book = new_book(tmp)
    assert run(book, "frobnicate", check=False).returncode == 2
    assert run(book, "aging", "--as-of", "31/02/2026", check=False).returncode == 2
    assert run(book, "aging", "--nope", check=False).returncode == 2
    assert run(None, check=False).returncode == 2
    h = run(None, "--help")
    for cmd in ("init", "demo", "import", "customers", "invoices", "customer", "aging"):
        assert cmd in h.stdout
        sub = run(None, cmd, "--help")
        assert "--book" not in sub.stderr
        assert sub.returncode == 0


def test_import_and_aging(tmp):
    book = new_book(tmp)
    p = run(book, "import", os.path.join(DATA, "csv", "invoices-fr.csv"))
    assert "5 rows: 5 added" in p.stdout, p.stdout
    p = run(book, "import", os.path.join(DATA, "csv", "payments-fr.csv"))
    assert "3 rows: 3 added" in p.stdout, p.stdout

    a = run_json(book, "aging", "--json", "--as-of", "2026-11-22", "--by-customer")
    # FA-001 paid; FA-002 300.50 due 15/10 -> 38 days late (31-60);
    # FA-003 2000 - 500 = 1500 due 31/10 -> 22 days (1-30); FA-004 450 not due;
    # credit note 100 unapplied; 250 unallocated from C002.
    b = a["buckets"]
    assert b["not_due_cents"] == 45000
    assert b["days_1_30_cents"] == 150000
    assert b["days_31_60_cents"] == 30050
    assert b["days_61_90_cents"] == 0
    assert b["days_over_90_cents"] == 0
    assert a["open_invoices_cents"] == 225050
    assert a["unapplied_credits_cents"] == 10000
    assert a["unallocated_payments_cents"] == 25000
    assert a["outstanding_cents"] == 225050 - 10000 - 25000
    assert a["overdue_cents"] == 180050
    codes = [c["code"] for c in a["customers"]]
    assert codes == ["C001", "C002"]

    # The same at an earlier date: the October payment of FA-001 had not come yet.
    early = run_json(book, "aging", "--json", "--as-of", "2026-10-02")
    assert early["buckets"]["days_1_30_cents"] == 120000
    assert early["buckets"]["not_due_cents"] == 30050 + 200000

    # The totals the book keeps give what reading every invoice gives, today and before.
    for day in ("2026-09-30", "2026-10-02", "2026-10-31", "2026-11-22"):
        assert run(book, "aging", "--json", "--as-of", day).stdout \
            == run(book, "aging", "--json", "--as-of", day, "--full").stdout

    c = run_json(book, "customer", "C002", "--json", "--as-of", "2026-11-22")
    assert c["name"] == "Garage Lefèvre"
    assert [i["number"] for i in c["open_invoices"]] == ["FA-003", "FA-004"]
    assert c["open_invoices"][0]["left_cents"] == 150000
    assert c["unallocated_payments"][0]["amount_cents"] == 25000


def test_reimport_never_duplicates(tmp):
    book = new_book(tmp)
    inv = os.path.join(DATA, "csv", "invoices-fr.csv")
    pay = os.path.join(DATA, "csv", "payments-fr.csv")
    run(book, "import", inv, pay)
    before = state(book)
    p = run(book, "import", inv, pay)
    assert "5 rows: 0 added, 0 updated, 5 unchanged" in p.stdout, p.stdout
    assert "3 rows: 0 added, 0 updated, 3 unchanged" in p.stdout, p.stdout
    assert state(book) == before

    # An updated export: one amount changed, one invoice added.
    updated = os.path.join(tmp, "invoices-updated.csv")
    with open(inv, encoding="utf-8") as f:
        text = f.read().replace("450,00", "480,00")
    text += "FA-005;C003;Menuiserie Petit;10/11/2026;10/12/2026;99,90\n"
    with open(updated, "w", encoding="utf-8") as f:
        f.write(text)
    p = run(book, "import", updated)
    assert "6 rows: 1 added, 1 updated, 4 unchanged" in p.stdout, p.stdout
    invoices = run_json(book, "invoices", "--json")
    assert len(invoices) == 6
    fa4 = [i for i in invoices if i["number"] == "FA-004"][0]
    assert fa4["amount_cents"] == 48000


def test_bad_rows_leave_book_unchanged(tmp):
    book = new_book(tmp)
    run(book, "import", os.path.join(DATA, "csv", "invoices-fr.csv"))
    before = state(book)
    bad = os.path.join(DATA, "csv", "invoices-bad.csv")
    p = run(book, "import", bad, check=False)
    assert p.returncode == 1
    lines = p.stderr.splitlines()
    assert any(l.startswith(f"{bad}:3: ") and "31/02/2026" in l for l in lines), p.stderr
    assert any(l.startswith(f"{bad}:4: ") and "douze" in l for l in lines), p.stderr
    assert state(book) == before


def test_skip_invalid_writes_rejects(tmp):
    book = new_book(tmp)
    bad = os.path.join(tmp, "bad.csv")
    shutil.copy(os.path.join(DATA, "csv", "invoices-bad.csv"), bad)
    rejects = os.path.join(tmp, "rejects.csv")
    p = run(book, "import", "--skip-invalid", "--rejects", rejects, bad)
    assert "4 rows: 2 added" in p.stdout and "2 rejected" in p.stdout, p.stdout
    with open(rejects, encoding="utf-8") as f:
        rows = f.read().splitlines()
    assert len(rows) == 3
    assert rows[1].startswith("FA-102;") and rows[2].startswith("FA-103;")
    numbers = [i["number"] for i in run_json(book, "invoices", "--json")]
    assert sorted(numbers) == ["FA-101", "FA-104"]


def test_dry_run_writes_nothing(tmp):
    book = new_book(tmp)
    before = state(book)
    p = run(book, "import", "--dry-run", os.path.join(DATA, "csv", "invoices-fr.csv"))
    assert "5 added" in p.stdout
    assert state(book) == before


def test_demo_is_deterministic(tmp):
    a = os.path.join(tmp, "a.relance")
    b = os.path.join(tmp, "b.relance")
    c = os.path.join(tmp, "c.relance")
    for path, seed in ((a, "7"), (b, "7"), (c, "8")):
        run(path, "demo", "--customers", "60", "--invoices", "900", "--seed", seed,
            "--as-of", "2026-11-22")
    assert state(a) == state(b)
    assert state(a) != state(c)
    customers = run_json(a, "customers", "--json", "--as-of", "2026-11-22")
    assert len(customers) == 60
    assert len(run_json(a, "invoices", "--json")) == 900
    aging = run_json(a, "aging", "--json", "--as-of", "2026-11-22")
    assert aging["overdue_cents"] > 0
    assert aging["dso_countback_days"] > 0
    # A demo never lands in a book that has data.
    p = run(a, "demo", "--customers", "5", "--invoices", "5", check=False)
    assert p.returncode == 1
    assert state(a) == state(b)


def test_aging_totals_match_customer_rows(tmp):
    book = os.path.join(tmp, "demo.relance")
    run(book, "demo", "--customers", "80", "--invoices", "1500", "--seed", "3",
        "--as-of", "2026-11-22")
    a = run_json(book, "aging", "--json", "--by-customer", "--as-of", "2026-11-22")
    for key in ("open_invoices_cents", "overdue_cents", "outstanding_cents"):
        assert sum(c[key] for c in a["customers"]) == a[key], key
    listed = run_json(book, "customers", "--json", "--as-of", "2026-11-22")
    assert sum(c["outstanding_cents"] for c in listed) == a["outstanding_cents"]
    overdue = run_json(book, "customers", "--json", "--overdue", "--as-of", "2026-11-22")
    assert all(c["overdue_cents"] > 0 for c in overdue)
    assert len(overdue) == sum(1 for c in a["customers"] if c["overdue_cents"] > 0)


def test_french_messages_and_numbers(tmp):
    book = new_book(tmp)
    run(book, "import", os.path.join(DATA, "csv", "invoices-fr.csv"))
    fr = run(book, "aging", "--as-of", "2026-11-22", lang="fr_FR.UTF-8")
    assert "Balance âgée au 22 novembre 2026" in fr.stdout, fr.stdout
    assert "1\u202f500,00\u00a0€" in fr.stdout or "2\u202f000,00\u00a0€" in fr.stdout, fr.stdout
    en = run(book, "aging", "--as-of", "2026-11-22", lang="en_US.UTF-8")
    assert "Aged balance at 22 November 2026" in en.stdout, en.stdout
    assert "€2,000.00" in en.stdout or "€2,300.50" in en.stdout, en.stdout
    err = run(book, "customer", "NOPE", lang="fr_FR.UTF-8", check=False)
    assert err.returncode == 1
    assert "aucun client" in err.stderr.lower(), err.stderr


def demo_book(tmp, name, customers=120, invoices=2000, seed="5"):
    path = os.path.join(tmp, name)
    run(path, "demo", "--customers", str(customers), "--invoices", str(invoices), "--seed", seed,
        "--as-of", "2026-11-22")
    return path


def action_summary(book):
    return sorted((a["customer"], a["template"], a["state"], tuple(a["invoice_ids"]))
                  for a in run_json(book, "actions", "--all", "--json"))


def test_run_proposes_each_action_once(tmp):
    book = demo_book(tmp, "run.relance")
    first = run_json(book, "run", "--as-of", "2026-11-23", "--json")
    assert first["proposed"] > 0
    assert len(first["actions"]) == first["proposed"]
    # Each customer gets at most one action per channel.
    pairs = [(a["customer"], a["channel"]) for a in first["actions"]]
    assert len(pairs) == len(set(pairs))
    again = run_json(book, "run", "--as-of", "2026-11-23", "--json")
    assert again["proposed"] == 0 and again["skipped_steps"] == 0
    assert len(run_json(book, "actions", "--json")) == first["proposed"]
    # A formal notice is never the first contact.
    assert all(a["template"] != "formal_notice" for a in first["actions"])


def test_done_all_is_for_what_is_carried_out_by_hand(tmp):
    book = demo_book(tmp, "done.relance")
    run(book, "run", "--as-of", "2026-11-23")
    run(book, "approve", "--all", "--confirm-stale", "--on", "2026-11-23")
    before = run_json(book, "actions", "--json")
    assert {a["state"] for a in before} == {"approved"}, before
    run(book, "done", "--all", "--on", "2026-11-24")
    after = {a["id"]: a for a in run_json(book, "actions", "--all", "--json")}
    for a in before:
        by_hand = a["channel"] not in ("email", "sms")
        assert after[a["id"]]["state"] == ("done" if by_hand else "approved"), after[a["id"]]
    # E-mails are done by sending them, or when named.
    run(book, "done", "--all", "--channel", "email")
    states = {a["state"] for a in run_json(book, "actions", "--all", "--json")
              if a["channel"] == "email"}
    assert states == {"done"}, states


def test_run_dry_run_writes_nothing(tmp):
    book = demo_book(tmp, "dry.relance")
    dry = run_json(book, "run", "--as-of", "2026-11-23", "--dry-run", "--json")
    assert dry["proposed"] > 0
    assert run_json(book, "actions", "--all", "--json") == []
    real = run_json(book, "run", "--as-of", "2026-11-23", "--json")
    assert real["proposed"] == dry["proposed"]


def test_stale_data_needs_confirmation(tmp):
    book = new_book(tmp)
    run(book, "import", os.path.join(DATA, "csv", "invoices-fr.csv"))
    out = run_json(book, "run", "--as-of", "2026-11-22", "--json")
    assert out["stale_data"] is True
    ids = [str(a["id"]) for a in out["actions"] if a["state"] == "proposed"]
    assert ids, out
    p = run(book, "approve", ids[0], check=False)
    assert p.returncode == 1 and "--confirm-stale" in p.stderr, p.stderr
    run(book, "approve", "--confirm-stale", ids[0])
    states = {a["id"]: a["state"] for a in run_json(book, "actions", "--json")}
    assert states[int(ids[0])] == "approved"


def test_dispute_and_hold_from_cli(tmp):
    book = new_book(tmp)
    run(book, "import", os.path.join(DATA, "csv", "invoices-fr.csv"))
    run(book, "dispute", "FA-002", "--reason", "Livraison incomplète", "--on", "2026-11-01")
    run(book, "hold", "C002", "--reason", "Accord du gérant", "--until", "2026-12-31",
        "--on", "2026-11-01")
    out = run_json(book, "run", "--as-of", "2026-11-22", "--json")
    chased = {i for a in out["actions"] for i in a["invoice_ids"]}
    invoices = {i["number"]: i for i in run_json(book, "invoices", "--json")}
    # FA-001 is still open in this book (no payments imported): it is chased; FA-002 is
    # disputed and C002 is on hold.
    assert out["proposed"] == 1
    p = run(book, "dispute", "FA-404", "--reason", "x", check=False)
    assert p.returncode == 1
    p = run(book, "dispute", "FA-002", "--reason", "again", check=False)
    assert p.returncode == 1 and "already" in p.stderr


def test_plans_rates_and_never_chase(tmp):
    book = new_book(tmp)
    run(book, "import", os.path.join(DATA, "csv", "invoices-fr.csv"))
    plans = run(book, "plans").stdout
    for key in ("reliable", "usual", "often-late", "high-risk"):
        assert f"({key}, risk class" in plans, plans
    run(book, "set-plan", "C001", "--never-chase")
    out = run_json(book, "run", "--as-of", "2026-11-22", "--json")
    assert all(a["customer"] != "C001" for a in out["actions"]), out
    assert run(book, "set-plan", "C001", "nope", check=False).returncode == 1
    assert run(book, "set-plan", "C001", check=False).returncode == 2
    # 2026-H2 is not shipped: each run says so until the user confirms it.
    assert "2026-H2" not in run(book, "rates").stdout
    assert run_json(book, "run", "--as-of", "2026-11-23", "--json")["rates_unconfirmed"] == "2026-H2"
    out = run(book, "run", "--as-of", "2026-11-24").stdout
    assert "rates of 2026-H2 are not confirmed" in out and "rates --set 2026-H2" in out, out
    assert run_json(book, "run", "--as-of", "2026-06-30", "--dry-run", "--json")["rates_unconfirmed"] is None
    run(book, "rates", "--set", "2026-H2", "--ecb", "2.15", "--legal-private", "6.50",
        "--legal-other", "2.90")
    assert run_json(book, "run", "--as-of", "2026-11-25", "--json")["rates_unconfirmed"] is None
    assert "not confirmed" not in run(book, "run", "--as-of", "2026-11-26").stdout
    line = [l for l in run(book, "rates").stdout.splitlines() if l.startswith("2026-H2")][0]
    assert line.split()[1:5] == ["2.15", "12.15", "6.50", "2.90"], line
    assert run(book, "rates", "--set", "2026-H3", "--ecb", "1", "--legal-private", "1",
               "--legal-other", "1", check=False).returncode != 0
    rate = [r for r in run_json(book, "rates", "--json") if r["half_year"] == "2026-H2"][0]
    assert rate == {"half_year": "2026-H2", "ecb_bp": 215, "b2b_bp": 1215,
                    "legal_private_bp": 650, "legal_other_bp": 290, "confirmed": True}, rate
    plans = run_json(book, "plans", "--json")
    assert [(p["key"], p["risk_class"]) for p in plans] == [
        ("reliable", "A"), ("usual", "B"), ("often-late", "C"), ("high-risk", "D")], plans
    steps = plans[1]["steps"]
    assert [s["position"] for s in steps] == list(range(1, len(steps) + 1)), steps
    assert all(steps[i]["offset_days"] < steps[i + 1]["offset_days"]
               for i in range(len(steps) - 1)), steps
    assert {"id", "channel", "template", "needs_approval", "claims_penalties",
            "min_gap_days"} <= set(steps[0]), steps[0]


def test_contract_rate(tmp):
    book = new_book(tmp)
    run(book, "import", os.path.join(DATA, "csv", "invoices-fr.csv"))
    run(book, "contract-rate", "C001", "15,5")
    assert "15.5%" in run(book, "customer", "C001").stdout
    fr = run(book, "customer", "C001", lang="fr_FR.UTF-8").stdout
    assert "Taux contractuel des pénalités" in fr and "15,5\u00a0%" in fr, fr
    run(book, "contract-rate", "C001", "--legal")
    assert "Contract" not in run(book, "customer", "C001").stdout
    assert run(book, "contract-rate", "C001", "150", check=False).returncode == 2
    assert run(book, "contract-rate", "NOPE", "5", check=False).returncode == 1


def test_kill_run_at_random_points(tmp):
    """Kill relancectl run at random points, then run again: the book stays sound and ends with
    exactly the actions of an uninterrupted run, none lost or doubled."""
    import random
    import signal
    import sqlite3
    import time
    pristine = demo_book(tmp, "pristine.relance", customers=300, invoices=6000, seed="9")
    reference = os.path.join(tmp, "reference.relance")
    shutil.copy(pristine, reference)
    started = time.monotonic()
    run(reference, "run", "--as-of", "2026-11-23")
    duration = time.monotonic() - started
    expected = action_summary(reference)
    assert expected
    rng = random.Random(1234)
    env = dict(os.environ, LC_ALL="C.UTF-8")
    victim = os.path.join(tmp, "victim.relance")
    killed = 0
    for attempt in range(20):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(victim + suffix):
                os.remove(victim + suffix)
        shutil.copy(pristine, victim)
        proc = subprocess.Popen([RELANCECTL, "--book", victim, "run", "--as-of", "2026-11-23"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        time.sleep(rng.uniform(0.0, duration))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
        db = sqlite3.connect(victim)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.close()
        run(victim, "run", "--as-of", "2026-11-23")
        run(victim, "run", "--as-of", "2026-11-23")
        assert action_summary(victim) == expected, f"attempt {attempt}"
    assert killed >= 5, f"only {killed} of 20 runs were killed mid-way"
    print(f"# killed {killed} of 20 runs mid-way; each recovered to the same actions")


def test_preview_action(tmp):
    book = demo_book(tmp, "preview.relance")
    run(book, "run", "--as-of", "2026-11-23")
    actions = run_json(book, "actions", "--json")
    call = [a for a in actions if a["template"] == "call_script" and a["state"] == "proposed"][0]
    name = run_json(book, "customer", call["customer"], "--json")["name"]
    numbers = {i["number"] for i in run_json(book, "invoices", "--json")
               if i["customer"] == call["customer"] and i["status"] == "open"}
    p = run(book, "preview", str(call["id"]), "--as-of", "2026-11-23")
    subject, blank, *body = p.stdout.split("\n")
    assert name in subject and blank == "", p.stdout
    assert any(n in p.stdout for n in numbers), p.stdout
    assert f"{call['customer']}-{call['id']}" in p.stdout, "payment reference"
    # Penalties in 2026-H2 need its rate, which is not shipped: one clear line.
    final = [a for a in actions if a["template"] == "final_notice"][0]
    p = run(book, "preview", str(final["id"]), "--as-of", "2026-11-23", check=False)
    assert p.returncode == 1 and "2026-H2" in p.stderr and p.stderr.count("\n") == 1, p.stderr
    run(book, "rates", "--set", "2026-H2", "--ecb", "2.15", "--legal-private", "6.50",
        "--legal-other", "2.90")
    p = run(book, "preview", str(final["id"]), "--as-of", "2026-11-23", "--html")
    assert "€" in p.stdout
    assert run(book, "preview", "999999", check=False).returncode == 1
    assert run(book, "preview", "x", check=False).returncode == 2


def test_templates_set_and_reset(tmp):
    book = new_book(tmp)
    listing = run(book, "templates").stdout
    for key in ("courtesy", "reminder", "formal_notice", "thank_you"):
        assert key in listing, listing
    shipped = run(book, "template", "reminder").stdout
    assert shipped.startswith("Rappel"), shipped
    assert run(book, "template", "reminder", "--language", "en").stdout != shipped

    bad = os.path.join(tmp, "bad.txt")
    with open(bad, "w", encoding="utf-8") as f:
        f.write("Relance {{ customer.code }}\n\nBonjour,\n\n{{ customer.nom }}\n")
    audit_before = run(book, "template", "reminder").stdout
    p = run(book, "template", "reminder", "--set", bad, check=False)
    assert p.returncode == 1, p
    assert p.stderr.count("\n") == 1, p.stderr
    assert "Line 3" in p.stderr and "customer.nom" in p.stderr, p.stderr
    assert run(book, "template", "reminder").stdout == audit_before, "nothing saved"

    good = os.path.join(tmp, "good.txt")
    with open(good, "w", encoding="utf-8") as f:
        f.write("Relance {{ customer.code }}\n\nBonjour {{ contact.name }},\n")
    run(book, "template", "reminder", "--set", good)
    assert run(book, "template", "reminder").stdout == \
        "Relance {{ customer.code }}\n\nBonjour {{ contact.name }},\n"
    line = [l for l in run(book, "templates").stdout.splitlines() if l.startswith("reminder ")]
    assert line and line[0].split()[1:] == ["edited", "shipped"], line
    # What "template" prints, "--set" reads back unchanged.
    again = os.path.join(tmp, "again.txt")
    with open(again, "w", encoding="utf-8") as f:
        f.write(shipped)
    run(book, "template", "reminder", "--reset")
    assert run(book, "template", "reminder").stdout == shipped
    run(book, "template", "reminder", "--set", again)
    assert run(book, "template", "reminder").stdout == shipped
    run(book, "template", "reminder", "--reset")
    assert "edited" not in run(book, "templates").stdout
    assert run(book, "template", "nope", check=False).returncode == 1
    assert run(book, "template", "reminder", "--language", "de", check=False).returncode == 2


def test_edit_action_text(tmp):
    book = new_book(tmp)
    run(book, "import", os.path.join(DATA, "csv", "invoices-fr.csv"))
    run(book, "rates", "--set", "2026-H2", "--ecb", "2.15", "--legal-private", "6.50",
        "--legal-other", "2.90")
    out = run_json(book, "run", "--as-of", "2026-11-22", "--json")
    action = out["actions"][0]
    text = os.path.join(tmp, "text.txt")
    with open(text, "w", encoding="utf-8") as f:
        f.write("À propos de {{ customer.name }}\n\n{% for i in invoices %}{{ i.number }}\n"
                "{% endfor %}")
    run(book, "edit-action", str(action["id"]), "--file", text)
    p = run(book, "preview", str(action["id"]), "--as-of", "2026-11-22")
    assert p.stdout.startswith("À propos de Boulangerie Martin\n\nFA-001\n"), p.stdout
    run(book, "cancel", str(action["id"]))
    p = run(book, "edit-action", str(action["id"]), "--file", text, check=False)
    assert p.returncode == 1 and p.stderr.count("\n") == 1, p.stderr


def plan_lines(book, key):
    """The steps of one plan as `relancectl plans` shows them: [(id, day)], and its block."""
    out = run(book, "plans").stdout
    block = [b for b in out.split("\n\n") if b.strip() and f"({key}" in b.splitlines()[0]][0]
    rows = [line.split() for line in block.splitlines()[2:]]
    return [(int(cells[0]), cells[1]) for cells in rows], block


def test_plan_edit_from_cli(tmp):
    book = new_book(tmp)
    run(book, "import", os.path.join(DATA, "csv", "invoices-fr.csv"))
    p = run(book, "plan-edit", "mine", "--create", "Mon plan", "--risk-class", "A",
            "--copy-from", "usual")
    assert "mine" in p.stdout
    plans = run(book, "plans").stdout
    assert "(mine, risk class A)" in plans and "(reliable)\n" in plans, plans
    steps, _ = plan_lines(book, "mine")
    assert [d for _, d in steps] == ["-3", "+3", "+12", "+20", "+30", "+45"], steps
    header = plans.splitlines()[1].split()
    assert header[:2] == ["ID", "Day"], header

    p = run(book, "plan-edit", "mine", "--add-step", "--day", "2", "--channel", "sms",
            "--template", "sms", "--approval", "no")
    new_id = int(p.stdout.split("#")[1].split()[0])
    steps, block = plan_lines(book, "mine")
    assert steps[1] == (new_id, "+2"), block
    run(book, "plan-edit", "mine", "--update-step", str(new_id), "--day", "-1")
    steps, block = plan_lines(book, "mine")
    assert steps[1] == (new_id, "-1"), block
    run(book, "plan-edit", "mine", "--update-step", str(new_id), "--day=2")
    assert plan_lines(book, "mine")[0][1] == (new_id, "+2")

    # Refusals: one line, the plans unchanged; values the command line cannot read exit 2.
    before = run(book, "plans").stdout
    usual_id = plan_lines(book, "usual")[0][0][0]
    for args, code in [
        (["mine", "--add-step", "--day", "3", "--channel", "email", "--template", "reminder"], 1),
        (["mine", "--add-step", "--day", "400", "--channel", "email", "--template", "reminder"], 1),
        (["mine", "--add-step", "--day", "5", "--channel", "email", "--template", "nope"], 1),
        (["mine", "--add-step", "--day", "5", "--channel", "fax", "--template", "reminder"], 2),
        (["mine", "--add-step", "--day", "five", "--channel", "email", "--template", "reminder"], 2),
        (["mine", "--add-step", "--day", "5", "--channel", "email"], 2),
        (["mine", "--update-step", str(new_id), "--gap", "91"], 1),
        (["mine", "--update-step", str(new_id), "--approval", "maybe"], 2),
        (["mine", "--remove-step", str(usual_id)], 1),
        (["mine", "--rename", "X", "--thank-you", "no"], 2),
        (["mine", "--create", "Again"], 1),
        (["Bad Key", "--create", "X"], 1),
        (["nope", "--rename", "X"], 1),
        (["mine", "--risk-class", "B", "--rename", "X"], 2),
    ]:
        p = run(book, "plan-edit", *args, check=False)
        assert p.returncode == code, (args, p.returncode, p.stderr)
        assert p.stderr.count("\n") == 1, (args, p.stderr)
    assert run(book, "plans").stdout == before

    # C001 follows the plan: on 2026-10-03 FA-001 is at +2, the new SMS step.
    run(book, "set-plan", "C001", "mine")
    out = run_json(book, "run", "--as-of", "2026-10-03", "--json")
    assert [a["template"] for a in out["actions"] if a["customer"] == "C001"] == ["sms"], out
    # FA-001 had the step: it stays. The last step, never had, may go.
    p = run(book, "plan-edit", "mine", "--remove-step", str(new_id), check=False)
    assert p.returncode == 1 and "cannot be removed" in p.stderr, p.stderr
    last_id = plan_lines(book, "mine")[0][-1][0]
    run(book, "plan-edit", "mine", "--remove-step", str(last_id))
    steps, _ = plan_lines(book, "mine")
    assert [d for _, d in steps] == ["-3", "+2", "+3", "+12", "+20", "+30"], steps

    # Deleting: refused for a risk class's plan followed by C001; a spare plan nobody used goes.
    p = run(book, "plan-edit", "mine", "--delete", check=False)
    assert p.returncode == 1 and p.stderr.count("\n") == 1, p.stderr
    run(book, "plan-edit", "spare", "--create", "Spare", "--copy-from", "usual")
    run(book, "plan-edit", "spare", "--delete")
    assert "(spare)" not in run(book, "plans").stdout
    run(book, "plan-edit", "mine", "--rename", "Plan doux")
    run(book, "plan-edit", "mine", "--thank-you", "no")
    assert "Plan doux (mine, risk class A)" in run(book, "plans").stdout


def chased(book, as_of):
    out = run_json(book, "run", "--as-of", as_of, "--json")
    return {a["customer"] for a in out["actions"]}


def test_payment_plan_pauses_chasing(tmp):
    book = new_book(tmp)
    run(book, "import", os.path.join(DATA, "csv", "invoices-fr.csv"))
    p = run(book, "payment-plan", "C002", "--installment", "2026-11-15:1000",
            "--installment", "15/12/2026:1 000,00", "--on", "2026-11-05")
    assert "2 installments" in p.stdout, p.stdout
    # C002 (FA-003 due 31/10) is left alone while the plan holds; C001 is chased.
    assert chased(book, "2026-11-10") == {"C001"}
    assert "C002" not in chased(book, "2026-11-15")
    # Nothing paid by 15/11: the plan is broken and C002 is chased again.
    plans = run_json(book, "payment-plans", "C002", "--json")
    assert [p["state"] for p in plans] == ["active"], plans
    assert [i["amount_cents"] for i in plans[0]["installments"]] == [100000, 100000]
    out = run_json(book, "run", "--as-of", "2026-11-16", "--json")
    assert out["payment_plans_broken"] == 1, out
    assert "C002" in {a["customer"] for a in out["actions"]}
    assert run_json(book, "payment-plans", "--json")[0]["state"] == "broken"
    assert "1 payment plan" in run(book, "payment-plans").stdout

    # Bad installments: exit 2, or 1 for what the book refuses; nothing recorded.
    before = state(book)
    for args, code in [
        (["C002", "--installment", "2026-12-01"], 2),
        (["C002", "--installment", "2026-12-01:abc"], 2),
        (["C002", "--installment", "31/02/2026:100"], 2),
        (["C002"], 2),
        (["C404", "--installment", "2026-12-01:100"], 1),
        (["C002", "--installment", "2026-12-20:100", "--installment", "2026-12-10:100"], 1),
        (["C002", "--installment", "2026-12-20:-5"], 1),
    ]:
        p = run(book, "payment-plan", *args, "--on", "2026-11-20", check=False)
        assert p.returncode == code, (args, p.returncode, p.stderr)
        assert p.stderr.count("\n") == 1, (args, p.stderr)
    assert state(book) == before


def test_payment_plan_kept_then_missed(tmp):
    book = new_book(tmp)
    run(book, "import", os.path.join(DATA, "csv", "invoices-fr.csv"))
    run(book, "import", os.path.join(DATA, "csv", "payments-fr.csv"))
    # C002 paid 500 on 10/11 and 250 on 12/11: the first installment is met.
    run(book, "payment-plan", "C002", "--installment", "12/11/2026:700",
        "--installment", "15/12/2026:800", "--on", "01/11/2026")
    assert "C002" not in chased(book, "2026-11-20")
    assert "C002" not in chased(book, "2026-12-15")
    # 750 paid of the 1500 due by 15/12: broken.
    assert "C002" in chased(book, "2026-12-16")


def test_note_kept_in_customer_history(tmp):
    book = new_book(tmp)
    run(book, "import", os.path.join(DATA, "csv", "invoices-fr.csv"))
    p = run(book, "note", "C002", "Rappeler lundi : « le chèque part demain »",
            "--author", "Léa")
    assert "Note #1 written for C002" in p.stdout, p.stdout
    run(book, "note", "C002", "  Chèque reçu  ")
    out = run_json(book, "customer", "C002", "--json")
    notes = out["notes"]
    assert [n["text"] for n in notes] == ["Chèque reçu",
                                          "Rappeler lundi : « le chèque part demain »"], notes
    assert notes[1]["author"] == "Léa" and notes[0]["author"], notes
    assert notes[0]["created_at"][:4].isdigit(), notes
    assert run_json(book, "customer", "C001", "--json")["notes"] == []
    text = run(book, "customer", "C002").stdout
    assert "Notes" in text and "Rappeler lundi" in text, text
    # An empty note, an unknown customer, a missing text: one clear line, nothing written.
    before = run(book, "customer", "C002", "--json").stdout
    for args, code in [(["C002", "   "], 1), (["C404", "Bonjour"], 1), (["C002"], 2),
                       (["C002", "x" * 4001], 1)]:
        p = run(book, "note", *args, check=False)
        assert p.returncode == code, (args, p.returncode, p.stderr)
        assert p.stderr.count("\n") == 1, (args, p.stderr)
    assert run(book, "customer", "C002", "--json").stdout == before


def main(namespace=None):
    """Runs the test_* functions of @namespace (this module's by default)."""
    namespace = namespace if namespace is not None else globals()
    tests = [(n, f) for n, f in sorted(namespace.items()) if n.startswith("test_")]
    print(f"1..{len(tests)}")
    failed = 0
    for i, (name, func) in enumerate(tests, 1):
        tmp = tempfile.mkdtemp(prefix="relance-cli-")
        try:
            func(tmp)
            print(f"ok {i} - {name}")
        except Exception:
            failed += 1
            print(f"not ok {i} - {name}")
            for line in traceback.format_exc().splitlines():
                print(f"# {line}")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
