#!/bin/sh
# Runs a program on a private X server and session bus. Other builds on the same machine may
# start X servers too: the search for a free display number begins at a random place. What the
# bus starts (the accessibility registry) writes to standard output: the program writes its
# report to file descriptor 3 ($REPORT_FD), which is this script's standard output. Access
# control is off (-ac): under some test runners the X client did not get the cookie.
set -e
exec 3>&1
REPORT_FD=3 exec xvfb-run -a -n "$(shuf -i 100-900 -n 1)" -s "-ac -screen 0 1280x800x24" \
  dbus-run-session -- "$@" 3>&3 >&2
