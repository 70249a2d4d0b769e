#!/bin/sh
# make bench: runs every benchmark and prints its figures.
# $1: the build tree, $2: the source tree.
set -e
build=$1
src=$2
export MFK_BENCH_SRCDIR="$src"
# bench_power runs the driver, and leaves its 3,000-player game for
# VotingGames beside it.
# The real binary, not libtool's wrapper script (the benchmarks run
# through libtool, which gives the children the library's path too).
driver="$build/tools/mufakat/mufakat"
[ -x "$build/tools/mufakat/.libs/mufakat" ] && driver="$build/tools/mufakat/.libs/mufakat"
export MFK_BENCH_DRIVER="$driver"
game=$(mktemp)
trap 'rm -f "$game"' EXIT
export MFK_BENCH_GAME_FILE="$game"
for b in bench_core bench_power bench_journal bench_sim bench_read; do
  echo "== $b"
  "$build/libtool" --mode=execute "$build/bench/$b"
done
echo "== simulate under callgrind (the whole process)"
# (through libtool, which runs the real binary, not its wrapper)
sh "$src/bench/simulate-callgrind.sh" "$build/libtool" \
  "$build/tools/mufakat/mufakat"
echo "== votinggames"
sh "$src/bench/votinggames.sh" "$build/tools/mufakat/mufakat" "$game"
echo "== bench_predict"
"$build/libtool" --mode=execute "$build/bench/bench_predict" \
  "$build/tools/mufakat/mufakat"
if ls "$build"/python/mufakat/_mufakat*.so >/dev/null 2>&1; then
  echo "== python"
  ${PYTHON:-/usr/bin/python3} "$src/bench/python.py" "$build"
fi
