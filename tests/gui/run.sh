#!/bin/sh
# Runs the GUI tests on a private X server and session bus. Other builds on the same machine
# may start X servers too: begin the search for a free display number at a random place.
set -e
exec xvfb-run -a -n "$(shuf -i 100-900 -n 1)" -s "-screen 0 1280x800x24" \
  dbus-run-session -- "$@"
