#!/usr/bin/python3
"""Integration tests of printed letters: relancectl letters, letter, statement,
calibration-page and letter-settings on temporary books, checked through the PDF files
(poppler-utils, zbar-tools) and the book itself.

Prints TAP. Each test_* function is one case.
"""
import hashlib
import os
import re
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_relancectl import DATA, demo_book, main, run, run_json  # noqa: E402

LETTERS = os.path.join(DATA, "letters")
AS_OF = "2026-11-23"


def tool(*args):
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pages(pdf):
    info = tool("pdfinfo", pdf)
    assert "(A4)" in info, info
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def text(pdf):
    return tool("pdftotext", "-enc", "UTF-8", "-layout", pdf, "-").replace("\u202f", " ")


def assert_fonts_embedded(pdf):
    rows = tool("pdffonts", pdf).splitlines()[2:]
    assert rows, "no font"
    for row in rows:
        assert row.split()[-5] == "yes", row


def letters_in_book(book):
    db = sqlite3.connect(book)
    try:
        return db.execute("SELECT action_id, kind, pages, sha256, pdf FROM letters"
                          " ORDER BY id").fetchall()
    finally:
        db.close()


def letter_book(tmp):
    """A demo book whose letter actions of the day are approved."""
    book = demo_book(tmp, "letters.relance")
    run(book, "rates", "--set", "2026-H2", "--ecb", "2.15", "--legal-private", "6.50",
        "--legal-other", "2.90")
    run(book, "run", "--as-of", AS_OF)
    ids = [str(a["id"]) for a in run_json(book, "actions", "--json")
           if a["channel"] in ("letter", "registered_letter")]
    assert ids, "the demo has letters to send"
    run(book, "approve", *ids)
    return book, ids


def test_batch_of_the_day(tmp):
    book, ids = letter_book(tmp)
    out = os.path.join(tmp, "out")
    p = run(book, "letters", "--as-of", AS_OF, "--out", out)
    batch = os.path.join(out, f"letters-{AS_OF}.pdf")
    assert batch in p.stdout, p.stdout
    singles = sorted(f for f in os.listdir(out) if f.startswith("letter-"))
    assert len(singles) == len(ids), singles
    # Every letter starts on a new sheet: the batch is the letters one after another.
    total = sum(pages(os.path.join(out, f)) for f in singles)
    assert pages(batch) == total, (pages(batch), total)
    assert f"{len(ids)} letters, {total} pages" in p.stdout, p.stdout
    assert_fonts_embedded(batch)
    words = text(batch)
    assert words.count("Règlement par virement") + words.count("Payment by bank transfer") \
        == len(ids), words
    # The book keeps the batch whole with its checksum, each letter as its pages in it: a
    # letter printed again is taken from it, the same bytes as its file.
    with open(batch, "rb") as f:
        batch_sha = hashlib.sha256(f.read()).hexdigest()
    rows = letters_in_book(book)
    assert sorted(str(r[0]) for r in rows) == sorted(ids)
    for action_id, kind, n, sha, pdf in rows:
        path = os.path.join(out, f"letter-{AS_OF}-{action_id}.pdf")
        with open(path, "rb") as f:
            data = f.read()
        assert pdf is None and sha == batch_sha
        assert n == pages(path)
        again = os.path.join(tmp, f"again-{action_id}.pdf")
        run(book, "letter", str(action_id), "--out", again)
        with open(again, "rb") as f:
            assert f.read() == data, action_id
    # Printing marks the letters done on the day of the letters: a second batch prints nothing.
    actions = {str(a["id"]): a for a in run_json(book, "actions", "--json", "--all")}
    assert all(actions[i]["state"] == "done" for i in ids), actions
    assert all(done_on(book, i) == AS_OF for i in ids)
    again = run(book, "letters", "--as-of", AS_OF, "--out", out)
    assert "No letter to print." in again.stdout
    assert len(letters_in_book(book)) == len(ids)


def done_on(book, action_id):
    db = sqlite3.connect(book)
    try:
        return db.execute("SELECT done_on FROM actions WHERE id = ?", (action_id,)).fetchone()[0]
    finally:
        db.close()


def test_keep_approved_until_posted(tmp):
    book, ids = letter_book(tmp)
    out = os.path.join(tmp, "out")
    run(book, "letters", "--as-of", AS_OF, "--out", out, "--keep-approved")
    states = {str(a["id"]): a["state"] for a in run_json(book, "actions", "--json")}
    assert all(states[i] == "approved" for i in ids), states
    # Still approved but printed: not printed again, unless asked to.
    again = run(book, "letters", "--as-of", AS_OF, "--out", out, "--keep-approved")
    assert "No letter to print." in again.stdout
    assert len(letters_in_book(book)) == len(ids)
    run(book, "letters", "--as-of", AS_OF, "--out", out, "--again")
    assert len(letters_in_book(book)) == 2 * len(ids)
    states = {str(a["id"]): a["state"] for a in run_json(book, "actions", "--json", "--all")}
    assert all(states[i] == "done" for i in ids), states


def audit_details(book, action_id):
    db = sqlite3.connect(book)
    try:
        return [r[0] for r in db.execute(
            "SELECT detail FROM audit_log WHERE entity = 'action' AND entity_id = ?"
            " AND action = 'registered' ORDER BY id", (action_id,))]
    finally:
        db.close()


def test_registered_number_and_acknowledgement(tmp):
    book, ids = letter_book(tmp)
    # The formal notice of the first letter goes by registered mail.
    aid, plain = ids[0], ids[1:]
    db = sqlite3.connect(book)
    try:
        db.execute("UPDATE actions SET channel = 'registered_letter' WHERE id = ?", (aid,))
        db.commit()
    finally:
        db.close()
    out = os.path.join(tmp, "out")
    run(book, "letters", "--as-of", AS_OF, "--out", out, "--keep-approved")
    # Recording the number of a letter still approved: it was posted, so it is done.
    p = run(book, "registered", aid, "1a 123 456 7890 1", "--on", "2026-11-24")
    assert "1A12345678901" in p.stdout and "not yet back" in p.stdout, p.stdout
    a = [x for x in run_json(book, "actions", "--json", "--all") if str(x["id"]) == aid][0]
    assert a["state"] == "done" and a["registered_number"] == "1A12345678901", a
    assert a["received_on"] is None and done_on(book, aid) == "2026-11-24"
    # Later, the acknowledgement of receipt comes back.
    p = run(book, "registered", aid, "1A12345678901", "--received", "26/11/2026",
            "--on", "2026-11-27")
    assert "received on 26 Nov 2026" in p.stdout, p.stdout
    a = [x for x in run_json(book, "actions", "--json", "--all") if str(x["id"]) == aid][0]
    assert a["received_on"] == "2026-11-26", a
    table = run(book, "actions", "--all").stdout
    assert "registered 1A12345678901, received 26 Nov 2026" in table, table
    assert audit_details(book, aid) == ["1A12345678901", "1A12345678901, received 2026-11-26"]
    # Refused, and the book left as it was.
    for args, message in [
        ([plain[0], "1A12345678901"], "not a registered letter"),
        ([aid, "1A-12"], "not a registered-mail number"),
        ([aid, "1A12345678901", "--received", "2026-11-01"], "acknowledgement of receipt"),
        ([aid, "1A12345678901", "--received", "2027-01-01", "--on", "2026-11-27"],
         "acknowledgement of receipt"),
        ([aid, "1A12345678901", "--received", "31/02/2026"], "--received"),
        (["99999", "1A12345678901"], "99999"),
        ([aid], "give an action number"),
    ]:
        p = run(book, "registered", *args, check=False)
        assert p.returncode != 0 and message in p.stderr, (args, p)
    assert len(audit_details(book, aid)) == 2
    fr = run(book, "actions", "--all", lang="fr_FR.UTF-8").stdout
    assert "faite, recommandé 1A12345678901, AR reçu le 26/11/2026" in fr, fr


def test_one_bad_address_does_not_stop_the_batch(tmp):
    book, ids = letter_book(tmp)
    action = [a for a in run_json(book, "actions", "--json") if str(a["id"]) == ids[0]][0]
    db = sqlite3.connect(book)
    try:
        db.execute("UPDATE customers SET address2 = ? WHERE code = ?",
                   ("Lieu-dit Les Hauts de la Combe aux Loups Garous", action["customer"]))
        db.commit()
    finally:
        db.close()
    out = os.path.join(tmp, "out")
    p = run(book, "letters", "--as-of", AS_OF, "--out", out, check=False)
    assert p.returncode == 1, p
    assert p.stderr.count("\n") == 1 and f"#{ids[0]}" in p.stderr and "38" in p.stderr, p.stderr
    printed = sorted(str(r[0]) for r in letters_in_book(book))
    assert printed == sorted(ids[1:]), "the others are printed and kept"
    assert not os.path.exists(os.path.join(out, f"letter-{AS_OF}-{ids[0]}.pdf"))


def test_every_letter_refused_leaves_no_batch(tmp):
    """When no letter can be printed, no blank batch is left to be taken for the day's."""
    book, ids = letter_book(tmp)
    db = sqlite3.connect(book)
    try:
        db.execute("UPDATE customers SET address2 = ?",
                   ("Lieu-dit Les Hauts de la Combe aux Loups Garous",))
        db.commit()
    finally:
        db.close()
    out = os.path.join(tmp, "out")
    for mode in ("--no-split", None):
        p = run(book, "letters", "--as-of", AS_OF, "--out", out, *([mode] if mode else []),
                check=False)
        assert p.returncode == 1 and p.stdout == "No letter printed.\n", p
        assert p.stderr.count("\n") == len(ids), p.stderr
        assert os.listdir(out) == [] and letters_in_book(book) == [], mode


def test_no_iban_prints_nothing(tmp):
    book, ids = letter_book(tmp)
    db = sqlite3.connect(book)
    try:
        db.execute("UPDATE company SET iban = NULL")
        db.commit()
    finally:
        db.close()
    out = os.path.join(tmp, "out")
    p = run(book, "letters", "--as-of", AS_OF, "--out", out, check=False)
    assert p.returncode == 1 and p.stderr.count("\n") == 1 and "IBAN" in p.stderr, p.stderr
    assert not os.path.exists(out) and letters_in_book(book) == []


def test_batch_kept_whole(tmp):
    book, ids = letter_book(tmp)
    out = os.path.join(tmp, "whole")
    run(book, "letters", "--as-of", AS_OF, "--out", out, "--no-split")
    batch = os.path.join(out, f"letters-{AS_OF}.pdf")
    assert os.listdir(out) == [os.path.basename(batch)], "no PDF per letter"
    with open(batch, "rb") as f:
        data = f.read()
    db = sqlite3.connect(book)
    try:
        stored, sha, n = db.execute("SELECT pdf, sha256, pages FROM letter_batches").fetchone()
        rows = db.execute("SELECT action_id, pages, first_page, sha256, pdf FROM letters"
                          " ORDER BY first_page").fetchall()
    finally:
        db.close()
    assert stored == data and sha == hashlib.sha256(data).hexdigest() and n == pages(batch)
    assert sorted(str(r[0]) for r in rows) == sorted(ids)
    # The letters follow one another in the batch, each from its first page.
    expected = 1
    for action_id, n, first, letter_sha, pdf in rows:
        assert first == expected and letter_sha == sha and pdf is None
        expected += n
    assert expected - 1 == pages(batch)


def renders(pdf, prefix, first=None, last=None):
    """The pages of a PDF (from @first to @last) in grey levels, (width, height, pixels) each."""
    pick = ["-f", str(first), "-l", str(last)] if first else []
    tool("pdftoppm", "-r", "30", "-gray", *pick, pdf, prefix)
    files = sorted(f for f in os.listdir(os.path.dirname(prefix))
                   if f.startswith(os.path.basename(prefix) + "-"))
    out = []
    for f in files:
        path = os.path.join(os.path.dirname(prefix), f)
        with open(path, "rb") as pgm:
            magic, width, height, depth, pixels = pgm.read().split(maxsplit=4)
        assert magic == b"P5" and depth == b"255", path
        out.append((int(width), int(height), pixels))
        os.unlink(path)
    return out


def assert_look_same(a, b, what):
    """Pages that look the same: as many, the same size, and at most one pixel in 300 a little
    different. In a batch, a text every letter repeats is painted from a form (drawn once),
    which moves its glyphs by less than a thousandth of a millimetre: the edges of a few
    glyphs are shaded a little differently than when the same text is drawn in place."""
    assert len(a) == len(b), f"{what}: {len(a)} pages, then {len(b)}"
    for n, ((wa, ha, pa), (wb, hb, pb)) in enumerate(zip(a, b), 1):
        assert (wa, ha) == (wb, hb), f"{what}, page {n}: {wa}×{ha}, then {wb}×{hb}"
        differ = sum(1 for x, y in zip(pa, pb) if abs(x - y) > 24)
        assert differ * 300 <= wa * ha, f"{what}, page {n}: {differ} pixels differ"


def test_batch_drawn_in_parts(tmp):
    """Drawn by three threads, a part each, the batch and each letter look the same as drawn
    one after another in one thread, with each letter on the same pages of the batch."""
    book, ids = letter_book(tmp)
    assert len(ids) >= 3, "a part each"
    run(book, "letter-settings", "--duplex")
    results = {}
    for threads in ("0", "3"):
        for mode in ("--no-split", None):
            copy = os.path.join(tmp, f"copy-{threads}-{bool(mode)}.relance")
            with open(book, "rb") as f, open(copy, "wb") as g:
                g.write(f.read())
            out = os.path.join(tmp, f"parts-{threads}-{bool(mode)}")
            args = ["letters", "--as-of", AS_OF, "--out", out] + ([mode] if mode else [])
            p = run(copy, *args, env_extra={"RELANCE_LETTER_THREADS": threads,
                                            "RELANCE_LETTERS_PER_PART": "1"})
            db = sqlite3.connect(copy)
            try:
                # With a PDF per letter drawn in one thread, each is kept whole: no first page.
                columns = "action_id, pages" + (", first_page" if mode else "")
                rows = db.execute(f"SELECT {columns} FROM letters ORDER BY action_id").fetchall()
            finally:
                db.close()
            singles = {f: renders(os.path.join(out, f), os.path.join(tmp, "r"))
                       for f in sorted(os.listdir(out)) if f.startswith("letter-")}
            batch = renders(os.path.join(out, f"letters-{AS_OF}.pdf"), os.path.join(tmp, "r"))
            results[threads, mode] = (p.stdout.rsplit(":", 1)[0], rows, singles, batch)
    for mode in ("--no-split", None):
        one, three = results["0", mode], results["3", mode]
        assert one[:2] == three[:2], mode
        assert sorted(one[2]) == sorted(three[2]), mode
        for f in one[2]:
            assert_look_same(one[2][f], three[2][f], f)
        assert_look_same(one[3], three[3], f"batch {mode}")
    assert len(results["0", None][2]) == len(ids)
    assert_look_same(results["0", "--no-split"][3], results["0", None][3], "batch")


def test_duplex_starts_letters_on_odd_pages(tmp):
    book, ids = letter_book(tmp)
    run(book, "letter-settings", "--duplex")
    out = os.path.join(tmp, "duplex")
    run(book, "letters", "--as-of", AS_OF, "--out", out)
    singles = [pages(os.path.join(out, f)) for f in os.listdir(out) if f.startswith("letter-")]
    assert pages(os.path.join(out, f"letters-{AS_OF}.pdf")) == sum(n + n % 2 for n in singles)


def test_one_letter_and_errors(tmp):
    book, ids = letter_book(tmp)
    pdf = os.path.join(tmp, "one.pdf")
    p = run(book, "letter", ids[0], "--as-of", AS_OF, "--out", pdf)
    assert pdf in p.stdout
    action = [a for a in run_json(book, "actions", "--json", "--all")
              if str(a["id"]) == ids[0]][0]
    customer = run_json(book, "customer", action["customer"], "--json")
    words = text(pdf)
    assert customer["name"] in words
    assert f"{action['customer']}-{ids[0]}" in words, "payment reference"
    n = pages(pdf)
    scan = os.path.join(tmp, "scan")
    tool("pdftoppm", "-r", "200", "-f", str(n), "-l", str(n), "-png", "-singlefile", pdf, scan)
    qr = tool("zbarimg", "-q", "--raw", scan + ".png")
    assert qr.startswith("BCD\n002\n1\nSCT\n"), qr
    assert f"\n{action['customer']}-{ids[0]}" in qr
    email = [a for a in run_json(book, "actions", "--all", "--json")
             if a["channel"] == "email"][0]
    p = run(book, "letter", str(email["id"]), "--out", pdf, check=False)
    assert p.returncode == 1 and p.stderr.count("\n") == 1, p.stderr
    assert run(book, "letter", "999999", "--out", pdf, check=False).returncode == 1
    assert run(book, "letter", "x", check=False).returncode == 2
    assert len(letters_in_book(book)) == 1


def audit_count(book, action_id):
    db = sqlite3.connect(book)
    try:
        return db.execute("SELECT count(*) FROM audit_log WHERE entity = 'action'"
                          " AND entity_id = ?", (action_id,)).fetchone()[0]
    finally:
        db.close()


def action_state(book, action_id):
    return [a for a in run_json(book, "actions", "--json", "--all")
            if str(a["id"]) == action_id][0]["state"]


def test_one_letter_marks_it_done_and_reprints(tmp):
    book, ids = letter_book(tmp)
    first, copy_only = ids[0], ids[1]
    # A copy only: the letter stays approved, kept in the book, printed again by the batch.
    pdf = os.path.join(tmp, "copy.pdf")
    run(book, "letter", copy_only, "--as-of", AS_OF, "--out", pdf, "--keep-approved")
    assert action_state(book, copy_only) == "approved"
    assert [str(r[0]) for r in letters_in_book(book)] == [copy_only]
    # Printed: done on the day of the letter, as the batch does.
    one = os.path.join(tmp, "one.pdf")
    before = audit_count(book, first)
    p = run(book, "letter", first, "--as-of", AS_OF, "--out", one)
    assert one in p.stdout
    assert action_state(book, first) == "done" and done_on(book, first) == AS_OF
    assert audit_count(book, first) == before + 1, "one transition approved → done"
    rows = [r for r in letters_in_book(book) if str(r[0]) == first]
    with open(one, "rb") as f:
        printed = f.read()
    assert len(rows) == 1 and rows[0][4] == printed
    # A second print of the done letter is the same letter again, even asked another day:
    # no new transition, no new letter in the book.
    again = os.path.join(tmp, "again.pdf")
    p = run(book, "letter", first, "--as-of", "2026-12-01", "--out", again)
    assert again in p.stdout
    with open(again, "rb") as f:
        assert f.read() == printed
    assert audit_count(book, first) == before + 1
    assert len([r for r in letters_in_book(book) if str(r[0]) == first]) == 1
    assert action_state(book, first) == "done" and done_on(book, first) == AS_OF
    # The day's batch leaves out the letter done, prints the copy's letter for real.
    out = os.path.join(tmp, "out")
    run(book, "letters", "--as-of", AS_OF, "--out", out, "--again")
    assert not os.path.exists(os.path.join(out, f"letter-{AS_OF}-{first}.pdf"))
    assert action_state(book, copy_only) == "done"


def rows_of_batch(book):
    db = sqlite3.connect(book)
    try:
        return db.execute("SELECT action_id, pages, first_page FROM letters").fetchall()
    finally:
        db.close()


def test_one_letter_in_a_batch_reprints(tmp):
    book, ids = letter_book(tmp)
    out = os.path.join(tmp, "whole")
    run(book, "letters", "--as-of", AS_OF, "--out", out, "--no-split")
    before = letters_in_book(book)
    audits = audit_count(book, ids[0])
    # Kept only as pages of the batch: drawn again on the batch's day, the book unchanged.
    pdf = os.path.join(tmp, "reprint.pdf")
    run(book, "letter", ids[0], "--as-of", "2026-12-15", "--out", pdf)
    assert letters_in_book(book) == before and audit_count(book, ids[0]) == audits
    words = text(pdf)
    assert "23 novembre 2026" in words or "23 November 2026" in words, words
    # Its pages taken from the batch kept in the book: the letter as printed.
    first, n = [(r[2], r[1]) for r in rows_of_batch(book) if str(r[0]) == ids[0]][0]
    batch = os.path.join(out, f"letters-{AS_OF}.pdf")
    assert pages(pdf) == n
    assert renders(pdf, os.path.join(tmp, "r")) == \
        renders(batch, os.path.join(tmp, "r"), first, first + n - 1)
    # A letter neither approved nor done is not marked done by printing it: said, nothing
    # written; a copy is allowed.
    db = sqlite3.connect(book)
    try:
        db.execute("UPDATE actions SET state = 'proposed' WHERE id = ?", (ids[1],))
        db.commit()
    finally:
        db.close()
    db_before = letters_in_book(book)
    bad = os.path.join(tmp, "proposed.pdf")
    p = run(book, "letter", ids[1], "--as-of", AS_OF, "--out", bad, check=False)
    assert p.returncode == 1 and p.stderr.count("\n") == 1 and "--keep-approved" in p.stderr
    assert not os.path.exists(bad) and letters_in_book(book) == db_before
    run(book, "letter", ids[1], "--as-of", AS_OF, "--out", bad, "--keep-approved")
    assert os.path.exists(bad) and action_state(book, ids[1]) == "proposed"


def test_statement(tmp):
    book = demo_book(tmp, "statement.relance")
    code = [i["customer"] for i in run_json(book, "invoices", "--json")
            if i["status"] == "open"][0]
    pdf = os.path.join(tmp, "statement.pdf")
    run(book, "statement", code, "--as-of", AS_OF, "--out", pdf)
    words = text(pdf)
    assert "Relevé de compte au 23 novembre 2026" in words or \
        "Statement of account as of 23 November 2026" in words, words
    opened = [i["number"] for i in run_json(book, "invoices", "--json")
              if i["customer"] == code and i["status"] == "open"]
    assert all(number in words for number in opened)
    assert letters_in_book(book)[0][1] == "statement"
    assert run(book, "statement", "NOPE", "--out", pdf, check=False).returncode == 1


def test_settings_and_calibration(tmp):
    book = demo_book(tmp, "settings.relance", customers=5, invoices=20)
    before = run(book, "letter-settings").stdout
    assert "Envelope: fr" in before
    bad = run(book, "letter-settings", "--logo", os.path.join(LETTERS, "not-an-image.png"),
              check=False)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1, bad.stderr
    assert run(book, "letter-settings", "--envelope", "us", check=False).returncode == 1
    assert run(book, "letter-settings", "--offset-x", "40", check=False).returncode == 2
    assert run(book, "letter-settings", "--offset-y", "abc", check=False).returncode == 2
    assert run(book, "letter-settings").stdout == before, "refused changes change nothing"

    p = run(book, "letter-settings", "--envelope", "din", "--offset-x", "2.5", "--offset-y",
            "-1", "--logo", os.path.join(LETTERS, "logo.svg"), "--signature",
            os.path.join(LETTERS, "signature.png"), "--signatory", "Claire Dubois",
            "--signatory-title", "Gérante")
    assert "Envelope: din" in p.stdout and "+2.5 mm" in p.stdout and "-1.0 mm" in p.stdout
    assert "Signatory: Claire Dubois" in p.stdout
    fr = run(book, "letter-settings", lang="fr_FR.UTF-8").stdout
    assert "Enveloppe\u00a0: din" in fr, fr
    run(book, "letter-settings", "--logo", os.path.join(LETTERS, "logo.png"))

    pdf = os.path.join(tmp, "calibration.pdf")
    run(book, "calibration-page", "--out", pdf)
    assert pages(pdf) == 1
    words = text(pdf)
    assert "étalonnage" in words, words
    assert "à gauche" in words, words      # the DIN window, in words
    assert "+2,5" in words or "+2.5" in words, words


def test_french_output(tmp):
    book, ids = letter_book(tmp)
    out = os.path.join(tmp, "fr")
    p = run(book, "letters", "--as-of", AS_OF, "--out", out, lang="fr_FR.UTF-8")
    assert f"{len(ids)} lettres" in p.stdout, p.stdout
    again = run(book, "letters", "--as-of", AS_OF, "--out", out, lang="fr_FR.UTF-8")
    assert "Aucune lettre à imprimer." in again.stdout


if __name__ == "__main__":
    sys.exit(main(globals()))
