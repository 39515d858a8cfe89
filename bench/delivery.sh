#!/usr/bin/env bash
# Benchmark of issue 5: the outbox dispatcher sending MESSAGES approved e-mails, each with an
# attachment of KB kilobytes, to a local server playing Brevo (a child process, so that its
# CPU time is not counted as Relance's). Prints a Markdown table for bench/RESULTS.md:
# throughput, Relance's and the server's CPU time per message, and Relance's resident memory
# each time another tenth of the queue is sent (it must stay flat).
#
#   bench/delivery.sh [MESSAGES [KB]]     default 10000 200
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
messages=${1:-10000}
kb=${2:-200}
build="$here/_build-bench"

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$here" --buildtype=release >/dev/null
fi
ninja -C "$build" tests/bench-delivery >/dev/null

out=$("$build/tests/bench-delivery" "$messages" "$kb")
get() { echo "$out" | awk -v k="$1" '$1 == k { print $2 }'; }

echo "## Issue 5: delivery"
echo
echo "$(get messages) approved e-mails with a $(get attachment_kb) KB PDF each, sent to a local"
echo "server playing Brevo (bench/delivery.sh; 4 messages in flight, no rate limit)."
echo
echo "| measure | value |"
echo "|---|---|"
echo "| messages sent | $(get sent) of $(get messages) |"
echo "| wall time | $(get wall_s) s |"
echo "| throughput | $(get per_second) messages/s |"
echo "| Relance's CPU time per message | $(get cpu_ms_per_message) ms |"
echo "| the server's CPU time per message | $(get server_cpu_ms_per_message) ms |"
echo
echo "Resident memory of Relance as the queue empties:"
echo
echo "| messages sent | resident memory |"
echo "|---|---|"
echo "$out" | awk '$1 ~ /^rss_kb_at_/ { sub("rss_kb_at_", "", $1); printf "| %s | %.1f MB |\n", $1, $2 / 1024 }'
