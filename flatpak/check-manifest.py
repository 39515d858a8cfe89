#!/usr/bin/python3
"""Checks the Flatpak manifest: well-formed, the app's id and command, the GNOME runtime, minimal
permissions, every source pinned by sha256, and every library the meson build asks for provided
either by the runtime or by a module of the manifest.

    check-manifest.py MANIFEST SOURCE_ROOT APP_ID

Prints TAP.
"""
import json
import os
import re
import sys

manifest_path, root, app_id = sys.argv[1:4]

# pkg-config names the GNOME runtime (org.gnome.Platform, on the freedesktop base) provides.
# libnotify is part of the GNOME platform (and since 0.8 it notifies through the notification
# portal inside the sandbox: no bus name to talk to); libsecret too (freedesktop base since
# 25.08, GNOME platform before). Poppler is not: the manifest builds it. A dependency with
# required: false (libqrencode, the reference the QR code test compares with) is left out.
RUNTIME = {
    "glib-2.0", "gobject-2.0", "gio-2.0", "gio-unix-2.0", "gmodule-2.0", "gtk4", "libadwaita-1",
    "libsoup-3.0", "json-glib-1.0", "sqlite3", "cairo", "cairo-pdf", "cairo-png", "pango",
    "pangocairo", "libxml-2.0", "libsecret-1", "librsvg-2.0", "gdk-pixbuf-2.0", "libarchive",
    "zlib", "libnotify",
}
# What each module of the manifest builds, by its name.
MODULES = {
    "poppler": {"poppler", "poppler-glib"},
}
ALLOWED_ARGS = {
    "--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--device=dri",
    "--share=network", "--talk-name=org.freedesktop.secrets",
}
REQUIRED_ARGS = {"--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--share=network"}

results = []


def check(ok, what, detail=""):
    results.append((ok, what, detail))


try:
    with open(manifest_path, encoding="utf-8") as f:
        m = json.load(f)
    check(True, "the manifest is well-formed JSON")
except (OSError, ValueError) as e:
    print("1..1")
    print(f"not ok 1 - the manifest is well-formed JSON\n# {e}")
    sys.exit(1)

check(m.get("id") == app_id and m.get("command") == "relance",
      "the app's id and command", f"id {m.get('id')}, command {m.get('command')}")
check(m.get("runtime") == "org.gnome.Platform" and m.get("sdk") == "org.gnome.Sdk"
      and re.fullmatch(r"\d+", str(m.get("runtime-version", ""))) is not None,
      "the GNOME runtime and SDK, by version number")

args = set(m.get("finish-args", []))
check(args <= ALLOWED_ARGS and REQUIRED_ARGS <= args,
      "minimal permissions: no home or host files (portals), no X11 unless as a fallback",
      f"extra: {sorted(args - ALLOWED_ARGS)}, missing: {sorted(REQUIRED_ARGS - args)}")

unpinned = []
for mod in m.get("modules", []):
    for src in mod.get("sources", []):
        if src.get("type") in ("archive", "file"):
            if not (src.get("url", "").startswith("https://")
                    and re.fullmatch(r"[0-9a-f]{64}", src.get("sha256", ""))):
                unpinned.append(mod.get("name"))
        elif src.get("type") == "git":
            if not re.fullmatch(r"[0-9a-f]{40}", src.get("commit", "")):
                unpinned.append(mod.get("name"))
        elif src.get("type") != "dir":
            unpinned.append(mod.get("name"))
check(not unpinned, "every source is pinned (https and sha256, or a git commit)",
      f"not pinned: {unpinned}")

modules = m.get("modules", [])
check(bool(modules) and modules[-1].get("name") == "relance"
      and modules[-1].get("buildsystem") == "meson",
      "the app itself is built last, with meson")

needed = set()
for dirpath, dirnames, filenames in os.walk(root):
    dirnames[:] = [d for d in dirnames if not d.startswith(("_build", ".", "subprojects"))
                   and d not in ("bench", "fuzz")]
    if "meson.build" in filenames:
        with open(os.path.join(dirpath, "meson.build"), encoding="utf-8") as f:
            text = f.read()
        for name, rest in re.findall(r"dependency\(\s*'([^']+)'([^)]*)\)", text):
            if not re.search(r"required\s*:\s*false", rest):
                needed.add(name)
provided = set(RUNTIME)
for mod in modules:
    provided |= MODULES.get(mod.get("name"), set())
missing = sorted(needed - provided)
check(not missing, "every library the meson build needs is in the runtime or a module",
      f"missing: {missing}; needed: {sorted(needed)}")

print(f"1..{len(results)}")
for i, (ok, what, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {what}")
    if not ok and detail:
        print(f"# {detail}")
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
