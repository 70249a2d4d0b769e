#!/bin/sh
# Banzhaf for 3,000 players beside VotingGames (github.com/kristja6/
# VotingGames, exact, C++ with NTL), on the same game, when
# MFK_BENCH_VOTINGGAMES names a checkout of it: its command-line program is
# built from its sources without R (Debian's libntl-dev and libgmp-dev).
# $1: the driver, $2: the game, "n quota" then the weights (bench_power).
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
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
srcs=""
for f in main voting_game coalitional_game math arguments \
         additive_voting_game sum_of_unanimity; do
  srcs="$srcs $vg/src/$f.cpp"
done
if ! ${CXX:-g++} -O3 -std=c++17 -I"$vg/src" -o "$tmp/voting-games" $srcs \
     -lntl -lgmp -lm -pthread 2> "$tmp/build.log"; then
  echo "  VotingGames: does not build here:"
  sed 's/^/    /' "$tmp/build.log" | head -5
  exit 0
fi
now() { date +%s.%N; }
quota=$(head -1 "$game" | cut -d' ' -f2)
tail -n +2 "$game" > "$tmp/weights"
t0=$(now)
"$tmp/voting-games" -b "$game" > /dev/null
t1=$(now)
"$mufakat" power --quota "$quota" --weights "@$tmp/weights" --index banzhaf \
  --format json > /dev/null
t2=$(now)
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
  printf "  3000 players, Banzhaf: VotingGames %.3f s, mufakat %.3f s: " \
         "mufakat takes %.2f times its time\n", b - a, c - b, (c - b) / (b - a) }'
