#!/usr/bin/env bash
# Set up a Debian 12 machine for Relance, build it, and either open the demo book or run
# every test. Idempotent: installs only what is missing, reuses the build directory.
#
#   build-aux/dev.sh demo    install, build, create a demo book and open the app on it
#   build-aux/dev.sh test    install, build, run the whole test suite
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build="${RELANCE_BUILD_DIR:-$here/_build}"
mode="${1:-}"

# What the build, the tests and the benchmarks need, as Debian 12 packages.
packages=(
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-bin libsqlite3-dev sqlite3 libjson-glib-dev
  python3 locales
  desktop-file-utils appstream libxml2-utils
  libsoup-3.0-dev libsecret-1-dev dbus-daemon gnome-keyring
  libcairo2-dev libpango1.0-dev libqrencode-dev librsvg2-dev fonts-dejavu-core
  poppler-utils zbar-tools
  libxml2-dev libpoppler-glib-dev
  libgtk-4-dev libadwaita-1-dev libnotify-dev
  xvfb xauth dbus at-spi2-core python3-pyatspi python3-dbusmock imagemagick
  python3-gi gir1.2-gtk-4.0
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi

install_missing() {
  local missing=()
  for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  fi
  # The tests read messages and numbers in French and in English.
  local need_gen=0
  for loc in fr_FR.UTF-8 en_US.UTF-8; do
    if ! locale -a 2>/dev/null | grep -qi "^${loc%.UTF-8}.utf8$"; then
      "${sudo_cmd[@]}" sed -i "s/^# *${loc} UTF-8/${loc} UTF-8/" /etc/locale.gen
      need_gen=1
    fi
  done
  if [ "$need_gen" -eq 1 ]; then
    "${sudo_cmd[@]}" locale-gen >/dev/null
  fi
}

build() {
  local werror=false
  if [ "${CI:-}" = "true" ]; then werror=true; fi
  if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$here" -Dwerror=$werror >/dev/null
  else
    meson configure "$build" -Dwerror=$werror >/dev/null
  fi
  ninja -C "$build"
}

case "$mode" in
  demo)
    install_missing
    build
    data="${XDG_DATA_HOME:-$HOME/.local/share}/relance"
    book="$data/Demo.relance"
    mkdir -p "$data"
    if [ ! -f "$book" ]; then
      "$build/src/cli/relancectl" --book "$book" demo --customers 300 --invoices 6000 --seed 1
    fi
    echo
    "$build/src/cli/relancectl" --book "$book" aging --by-customer | sed -n '1,25p'
    echo "…"
    "$build/src/cli/relancectl" --book "$book" aging
    echo
    echo "The demo book is $book. Try:"
    echo "  $build/src/cli/relancectl --book $book customers --overdue"
    echo "  $build/src/cli/relancectl --book $book run --dry-run"
    echo "  $build/src/cli/relancectl --book $book customer C00002"
    echo
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      echo "Opening the app on the demo book…"
      GSETTINGS_SCHEMA_DIR="$build/data" exec "$build/src/relance" "$book"
    else
      echo "No display here: on a desktop session, open the app with"
      echo "  GSETTINGS_SCHEMA_DIR=$build/data $build/src/relance $book"
    fi
    ;;
  test)
    install_missing
    build
    status=0
    meson test -C "$build" --print-errorlogs --num-processes 2 || status=$?
    /usr/bin/python3 "$here/build-aux/test-summary.py" "$build/meson-logs/testlog.json"
    exit $status
    ;;
  *)
    echo "usage: $0 demo|test" >&2
    exit 2
    ;;
esac
