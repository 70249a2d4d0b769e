#!/bin/sh
# Banzhaf for 3,000 players beside VotingGames (github.com/kristja6/
# VotingGames, exact, C++ with NTL), on the same game, when
# MFK_BENCH_VOTINGGAMES names a checkout of it: its command-line program is
# built from its sources without R (Debian's libntl-dev and libgmp-dev),
# once, into MFK_BENCH_VOTINGGAMES_BIN (default: voting-games beside this
# run's temporary files). Both are timed in processor time (user + system,
# GNU time), one after the other, so that a loaded machine weighs on both;
# three rounds of the two, the best time of each.
# $1: the driver (the real binary), $2: the game, "n quota" then the
# weights (bench_power).
mufakat=$1
game=$2
vg=${MFK_BENCH_VOTINGGAMES:-}
if [ -z "$vg" ]; then
  echo "  VotingGames: not run (MFK_BENCH_VOTINGGAMES names no checkout)"
  exit 0
fi
if [ ! -s "$game" ]; then
  echo "  VotingGames: not run (no game from bench_power)"
  exit 0
fi
if [ ! -x /usr/bin/time ]; then
  echo "  VotingGames: not run (no GNU time for processor times)"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=${MFK_BENCH_VOTINGGAMES_BIN:-$tmp/voting-games}
if [ ! -x "$bin" ]; then
  srcs=""
  for f in main voting_game coalitional_game math arguments \
           additive_voting_game sum_of_unanimity; do
    srcs="$srcs $vg/src/$f.cpp"
  done
  # $srcs holds several paths: split on purpose
  if ! ${CXX:-g++} -O3 -std=c++17 -I"$vg/src" -o "$bin" $srcs \
       -lntl -lgmp -lm -pthread 2> "$tmp/build.log"; then
    echo "  VotingGames: does not build here:"
    sed 's/^/    /' "$tmp/build.log" | head -5
    exit 0
  fi
fi
quota=$(head -1 "$game" | cut -d' ' -f2)
tail -n +2 "$game" > "$tmp/weights"
# each time file: user, system (seconds), the largest resident set (KiB)
best() {
  awk -v f="$2" '{ t = $1 + $2 }
    NR == 1 || t < b { b = t; u = $1; s = $2; m = $3 }
    END { print u, s, m > f }' "$1"
}
: > "$tmp/vg.times"
: > "$tmp/mfk.times"
for round in 1 2 3; do
  /usr/bin/time -f "%U %S %M" -a -o "$tmp/vg.times" "$bin" -b "$game" \
    > "$tmp/vg.out"
  /usr/bin/time -f "%U %S %M" -a -o "$tmp/mfk.times" "$mufakat" power \
    --quota "$quota" --weights "@$tmp/weights" --index banzhaf \
    --format json > "$tmp/mfk.json"
done
best "$tmp/vg.times" "$tmp/vg.time"
best "$tmp/mfk.times" "$tmp/mfk.time"
# the same indices: VotingGames prints them on one line
/usr/bin/python3 - "$tmp/vg.out" "$tmp/mfk.json" <<'PY' || exit 0
import json, sys
vg = [float(x) for x in open(sys.argv[1]).read().split()]
ours = [p["banzhaf"] for p in json.load(open(sys.argv[2]))["players"]]
worst = max(abs(a - b) / max(abs(b), 1e-300) for a, b in zip(vg, ours))
if len(vg) != len(ours) or worst > 1e-12:
    print("  VotingGames: its indices differ from ours (relative %g)" % worst)
    sys.exit(1)
PY
read -r vu vs vm < "$tmp/vg.time"
read -r mu ms mm < "$tmp/mfk.time"
awk -v vu="$vu" -v vs="$vs" -v vm="$vm" -v mu="$mu" -v ms="$ms" -v mm="$mm" \
  'BEGIN {
  v = vu + vs; m = mu + ms
  printf "  3000 players, Banzhaf, the same indices, best of 3: VotingGames " \
         "%.2f s CPU " \
         "(%d KiB),\n  mufakat %.2f s CPU (%d KiB): VotingGames takes %.2f " \
         "times mufakat'"'"'s time\n", v, vm, m, mm, v / m }'
