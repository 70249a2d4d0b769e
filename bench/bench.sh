#!/bin/sh
# make bench: runs every benchmark and prints its figures.
# $1: the build tree, $2: the source tree.
set -e
build=$1
src=$2
export MFK_BENCH_SRCDIR="$src"
for b in bench_core bench_power bench_journal bench_sim; do
  echo "== $b"
  "$build/libtool" --mode=execute "$build/bench/$b"
done
if ls "$build"/python/mufakat/_mufakat*.so >/dev/null 2>&1; then
  echo "== python"
  ${PYTHON:-/usr/bin/python3} "$src/bench/python.py" "$build"
fi
