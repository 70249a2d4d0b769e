#!/bin/sh
# Reading in linear time, counted exactly (issue 16): callgrind's
# instructions inside mfk_scenario_read_json alone, for 100,000 and
# 200,000 proposals and for 250,000 and 500,000 sponsor ids, and each
# pair's ratio. Unlike bench_read's processor times these do not move
# with the load on the machine; they leave out what memory costs
# (caches, page faults), which bench_read's times show.
# $1: libtool, $2: bench_read as built.
command -v valgrind >/dev/null 2>&1 || { echo "  valgrind not found"; exit 0; }
libtool=$1 bench=$2 tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count() { # count KIND N: the instructions of one read
  "$libtool" --mode=execute valgrind --tool=callgrind \
    --toggle-collect=mfk_scenario_read_json \
    --callgrind-out-file="$tmp/cg" "$bench" --once "$1" "$2" \
    > /dev/null 2>&1 || { echo 0; return; }
  sed -n 's/^\(summary\|totals\): *//p' "$tmp/cg" | head -1
}
for pair in "proposals 100000" "sponsors 250000"; do
  set -- $pair
  small=$(count "$1" "$2")
  large=$(count "$1" $(($2 * 2)))
  awk -v k="$1" -v n="$2" -v a="$small" -v b="$large" 'BEGIN {
    if (a == 0 || b == 0) { printf "  %s: callgrind failed\n", k; exit }
    printf "  %-10s %7d: %.0f instructions   %7d: %.0f   ratio %.3f\n",
      k, n, a, 2 * n, b, b / a }'
done
