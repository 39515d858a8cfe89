#!/usr/bin/env bash
# Fuzzes each import parser with libFuzzer, ASan and UBSan (clang from Debian), each for
# SECONDS (default 60), starting from the samples and the tests' files; not run in CI.
#
#   fuzz/run.sh [SECONDS [PARSER…]]     parsers: fec camt facturx zip (all by default)
#
# Prints, per parser, how long it ran, how many inputs it tried and whether it found anything
# (a crash, a leak, undefined behaviour: the input is kept in $TMPDIR/relance-fuzz/<parser>/found).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fec camt facturx zip)
work="${TMPDIR:-/tmp}/relance-fuzz"
build="$work/build"
mkdir -p "$work"

command -v clang >/dev/null || { echo "fuzzing needs clang (apt-get install clang)"; exit 1; }
if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$here" -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
ninja -C "$build" src/core/librelance-core.a >/dev/null

flags=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -I"$build" -I"$here/src/core" -I"$here/src/import"
       $(pkg-config --cflags glib-2.0 gio-2.0 libxml-2.0 sqlite3 poppler-glib))
libs=($(pkg-config --libs glib-2.0 gobject-2.0 gio-2.0 libxml-2.0 sqlite3 poppler-glib) -lm)
# The import sources are compiled with the fuzzer's coverage; core comes from the ASan build.
import_sources=("$here"/src/import/rl-*.c)

# Every harness is built before any runs: the sources may change meanwhile.
for target in "${targets[@]}"; do
  clang "${flags[@]}" "$here/fuzz/fuzz-$target.c" "${import_sources[@]}" \
    "$build/src/core/librelance-core.a" "${libs[@]}" -o "$work/fuzz-$target"
done

printf '%-10s %10s %12s  %s\n' parser seconds inputs result
for target in "${targets[@]}"; do
  exe="$work/fuzz-$target"
  corpus="$work/$target/corpus"
  mkdir -p "$corpus" "$work/$target/found"
  case $target in
    fec) cp "$here"/tests/data/samples/fec/* "$corpus/" ;;
    camt) cp "$here"/tests/data/samples/camt/*.xml "$corpus/" ;;
    facturx) cp "$here"/tests/data/samples/facturx/*.xml "$corpus/" ;;
    zip) cp "$here"/tests/data/samples/camt/*.zip "$corpus/" ;;
  esac
  log="$work/$target/log.txt"
  start=$(date +%s)
  set +e
  G_DEBUG= "$exe" "$corpus" -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=2048 \
    -artifact_prefix="$work/$target/found/" >"$log" 2>&1
  status=$?
  set -e
  took=$(( $(date +%s) - start ))
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  [ -n "$runs" ] || runs=$(grep -oE '#[0-9]+' "$log" | tail -1 | tr -d '#')
  if [ $status -eq 0 ]; then result="nothing found"; else result="FOUND: see $log"; fi
  printf '%-10s %10s %12s  %s\n' "$target" "$took" "${runs:-?}" "$result"
done
