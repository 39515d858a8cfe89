#!/bin/sh
# Runs a test inside its own D-Bus session with a GNOME Keyring started unlocked, in scratch
# folders: the test stores and reads real secrets without touching the user's keyring.
# Usage (under dbus-run-session): keyring-session.sh PROGRAM [ARGS…]
set -eu
XDG_DATA_HOME=$(mktemp -d)
XDG_RUNTIME_DIR=$(mktemp -d)
export XDG_DATA_HOME XDG_RUNTIME_DIR
chmod 700 "$XDG_RUNTIME_DIR"
trap 'rm -rf "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"' EXIT
eval "$(printf 'relance-test' | gnome-keyring-daemon --unlock --components=secrets)"
status=0
"$@" || status=$?
exit $status
