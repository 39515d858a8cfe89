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

print("1..3")
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

# French typography in the translations: a non-breaking space (U+00A0 or the narrow U+202F)
# before : ; ? ! and inside « », never a plain one; « » rather than ASCII quotes; … rather
# than three dots. Format directives (%s, %d) and markup are left alone.
def msgstrs(path):
    text = open(path, encoding="utf-8").read()
    for entry in text.split("\n\n"):
        if entry.lstrip().startswith("#~"):
            continue
        strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', entry, re.M)
        ident = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.M)
        for s in strs:
            value = "".join(re.findall(r'"(.*)"', s))
            if value:
                yield ("".join(re.findall(r'"(.*)"', ident.group(1))) if ident else "", value)


problems = []
for msgid, value in msgstrs(os.path.join(src, "po", "fr.po")):
    plain = re.sub(r"<[^>]*>|%[-+ #0-9.]*[a-zA-Z]|\\n|https?://\S+|\{\{.*?\}\}|\{%.*?%\}", "",
                   value)
    why = []
    if re.search(r" [:;?!]", plain):
        why.append("plain space before : ; ? or !")
    if re.search(r"«[^\u00a0\u202f]|[^\u00a0\u202f]»", plain):
        why.append("« » without a non-breaking space inside")
    if re.search(r'\\"', value) and "«" not in value and '\\"' not in msgid:
        why.append("ASCII quotes instead of « »")
    if "..." in plain:
        why.append("three dots instead of …")
    if why:
        problems.append(f"{', '.join(why)}: {value}")
if problems:
    print("not ok 3 - fr.po follows French typography")
    for p in problems[:50]:
        print(f"# {p}")
else:
    print("ok 3 - fr.po follows French typography")
