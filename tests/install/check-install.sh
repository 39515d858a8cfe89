#!/bin/bash
# `meson install` into a scratch folder gives a working installation: both programs, the
# translations, the settings schema, the desktop file, the metainfo, the MIME type, the D-Bus
# service and the icons, each where the desktop looks for it. Prints TAP.
set -u
build="$1"
prefix="$2"
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
root="$dest$prefix"
n=0
fail=0
check() {
  n=$((n + 1))
  if eval "$2" >/dev/null 2>&1; then echo "ok $n - $1"; else echo "not ok $n - $1"; fail=1; fi
}

if ! meson install -C "$build" --destdir "$dest" --no-rebuild >"$dest.log" 2>&1; then
  echo "1..1"; echo "not ok 1 - meson install"; sed 's/^/# /' "$dest.log"; rm -f "$dest.log"; exit 1
fi
rm -f "$dest.log"
app=io.github.relance.Relance
echo "1..13"
check "relancectl installed and runs" "'$root/bin/relancectl' --help"
check "relancectl hands the letter commands to the installed relancectl-letters" \
  "test -x '$root/libexec/relancectl-letters' && '$root/bin/relancectl' calibration-page --help | grep -q -- '--out'"
check "relancectl hands imports to the installed relancectl-full" \
  "test -x '$root/libexec/relancectl-full' && '$root/bin/relancectl' import --help | grep -q -- '--dry-run'"
check "relance installed" "test -x '$root/bin/relance'"
check "French translations installed" "test -f '$root/share/locale/fr/LC_MESSAGES/relance.mo'"
check "relancectl speaks French from the installed catalogue" \
  "RELANCE_LOCALEDIR='$root/share/locale' LC_ALL=fr_FR.UTF-8 '$root/bin/relancectl' --help | grep -q 'Créer un livre'"
check "settings schema installed and compiles" \
  "test -f '$root/share/glib-2.0/schemas/$app.gschema.xml' && glib-compile-schemas --strict --dry-run '$root/share/glib-2.0/schemas'"
check "desktop file installed and valid" \
  "desktop-file-validate '$root/share/applications/$app.desktop' && grep -q '^Name\[fr\]=' '$root/share/applications/$app.desktop'"
check "metainfo installed and valid" "appstreamcli validate --no-net '$root/share/metainfo/$app.metainfo.xml'"
check "MIME type of books installed" "grep -q '\*.relance' '$root/share/mime/packages/$app.xml'"
check "D-Bus service runs the installed app" \
  "grep -qx 'Exec=$prefix/bin/relance --gapplication-service' '$root/share/dbus-1/services/$app.service'"
check "app icon installed" "test -f '$root/share/icons/hicolor/scalable/apps/$app.svg'"
check "symbolic icon installed" "test -f '$root/share/icons/hicolor/symbolic/apps/$app-symbolic.svg'"
exit $fail
