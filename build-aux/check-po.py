#!/usr/bin/python3
"""Fails when a source file with translatable strings is missing from po/POTFILES.in, or when
po/fr.po lacks a translation of a current string or has fuzzy entries.

Prints TAP: one case for POTFILES, one for the French catalogue.
"""
import os
import re
import subprocess
import sys
import tempfile

src = sys.argv[1]
marks = re.compile(r'(?<![A-Za-z0-9_])(_|N_|C_|NC_|ngettext|g_dngettext)\s*\(')

with open(os.path.join(src, "po", "POTFILES.in"), encoding="utf-8") as f:
    listed = {l.strip() for l in f if l.strip() and not l.startswith("#")}

# Files translatable by their kind, whatever they hold.
by_kind = (".desktop.in", ".metainfo.xml.in", ".mime.xml.in", ".gschema.xml")

missing = []
for top in ("src", "data"):
    for root, _dirs, files in os.walk(os.path.join(src, top)):
        for name in files:
            if not name.endswith((".c", ".ui") + by_kind):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, src)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if (name.endswith(by_kind) or marks.search(text) or 'translatable="yes"' in text) \
                    and rel not in listed:
                missing.append(rel)
stale = [p for p in listed if not os.path.exists(os.path.join(src, p))]

print("1..2")
if missing or stale:
    print("not ok 1 - POTFILES.in lists every file with translatable strings")
    for p in missing:
        print(f"# missing from po/POTFILES.in: {p}")
    for p in stale:
        print(f"# listed in po/POTFILES.in but gone: {p}")
else:
    print("ok 1 - POTFILES.in lists every file with translatable strings")

with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "relance.pot")
    files = sorted(listed - set(stale))
    subprocess.run(["xgettext", "--from-code=UTF-8", "--keyword=_",
                    "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
                    "--keyword=ngettext:1,2", "--keyword=g_dngettext:2,3", "--add-comments",
                    "-o", pot, "-D", src] + files, check=True)
    merged = os.path.join(tmp, "fr.po")
    subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "-o", merged,
                    os.path.join(src, "po", "fr.po"), pot], check=True)
    stats = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, merged],
                           capture_output=True, text=True)
    report = stats.stderr.strip()
    untranslated = subprocess.run(["msgattrib", "--untranslated", "--no-obsolete", merged],
                                  capture_output=True, text=True).stdout
    fuzzy = subprocess.run(["msgattrib", "--only-fuzzy", "--no-obsolete", merged],
                           capture_output=True, text=True).stdout
    # Entries as msgattrib prints them: msgid "" then continuation lines for long ones.
    ids = [m.replace('"\n"', "") for m in
           re.findall(r'^msgid ((?:".*"\n)+)', untranslated + fuzzy, re.M)]
    ids = [i.strip().strip('"') for i in ids if i.strip() != '""']
    if stats.returncode != 0 or ids or "untranslated" in report or "fuzzy" in report:
        print(f"not ok 2 - fr.po is complete ({report})")
        for i in ids[:50]:
            print(f"# not translated or fuzzy: {i}")
        for line in stats.stderr.splitlines():
            print(f"# {line}")
    else:
        print(f"ok 2 - fr.po is complete ({report})")
