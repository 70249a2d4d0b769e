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
echo "== memory"
"$build/libtool" --mode=execute sh "$src/bench/memory.sh" \
  "$build/tools/mufakat/mufakat"
echo "== simulate under callgrind (the whole process)"
# (through libtool, which runs the real binary, not its wrapper)
sh "$src/bench/simulate-callgrind.sh" "$build/libtool" \
  "$build/tools/mufakat/mufakat"
echo "== reading under callgrind (instructions in the read alone)"
sh "$src/bench/read-callgrind.sh" "$build/libtool" "$build/bench/bench_read"
echo "== votinggames"
sh "$src/bench/votinggames.sh" "$driver" "$game"
echo "== bench_predict"
"$build/libtool" --mode=execute "$build/bench/bench_predict" \
  "$build/tools/mufakat/mufakat"
if "$driver" --version | grep -q '^features:.* serve'; then
  echo "== bench_serve"
  # The real driver, given the library's folder (bench_serve is not a
  # libtool program).
  LD_LIBRARY_PATH="$build/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    "$build/bench/bench_serve" "$driver" "$src/examples/asean-amm.json" 500 1000 10 1
  LD_LIBRARY_PATH="$build/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    "$build/bench/bench_serve" "$driver" "$src/examples/asean-amm.json" 1 1000 10 1
fi
# Two threads against one through the driver (issue 15: at least 1.8
# times as fast): 11 members, one rule, 10^7 runs, the real binary, the
# best of three each, taken in turns so that other work on the machine
# weighs on both alike; the load average beside it.
echo "== simulate, threads"
lib="$build/lib/.libs"
times=$(for k in 1 2 3; do
  for t in 1 2; do
    s=$(date +%s.%N)
    LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$driver" simulate \
      --members 11 --rule consensus --runs 10000000 --seed 1 --threads $t \
      > /dev/null 2>&1
    echo "$t $s $(date +%s.%N)"
  done
done)
echo "$times" | awk -v load="$(cut -d' ' -f1-3 /proc/loadavg)" '
  { d = $3 - $2; if (!($1 in best) || d < best[$1]) best[$1] = d }
  END { printf "  10^7 runs, 11 members, consensus, best of 3: %.3f s on 1 thread, %.3f s on 2: %.2f times as fast (load %s)\n", best[1], best[2], best[1] / best[2], load }'
if ls "$build"/python/mufakat/_mufakat*.so >/dev/null 2>&1; then
  echo "== python"
  ${PYTHON:-/usr/bin/python3} "$src/bench/python.py" "$build"
fi
