#!/bin/sh
# Instructions per member-round over the whole `mufakat simulate`
# process (issue 15's method): callgrind on the real binary, its total
# divided by the member-rounds of every rule. 11 members, one dimension,
# at most 10 rounds. The defaults at 10^6 runs, consensus; the full model
# (--tolerance 0.05 --externality 0.5 --reservation 0.02 --indifference
# 0.01 --absence 0.02, consensus, flexible and silence) at 10^5 runs,
# through the simulator's fast path for the full model
# (lib/sim/run-full.c), where the process's own start-up is already
# under 1% of the count.
# $1: libtool, $2: the driver as built (libtool --mode=execute runs the
# real binary under valgrind, with the library's path).
libtool=$1
driver=$2
if ! valgrind --version >/dev/null 2>&1; then
  echo "  valgrind not found"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count() { # count NAME RUNS ARGS...
  name=$1 runs=$2
  shift 2
  "$libtool" --mode=execute valgrind --tool=callgrind \
    --callgrind-out-file="$tmp/cg" "$driver" simulate --runs "$runs" \
    --seed 1 --threads 1 --format json "$@" > "$tmp/json" 2>/dev/null ||
    { echo "  $name: callgrind failed"; return; }
  ir=$(sed -n 's/^\(summary\|totals\): *//p' "$tmp/cg" | head -1)
  mr=$(grep -o '"member_rounds": [0-9]*' "$tmp/json" |
       awk '{ s += $2 } END { print s }')
  awk -v n="$name" -v ir="$ir" -v mr="$mr" -v r="$runs" 'BEGIN {
    printf "  %s: %.1f instructions per member-round (%.0f instructions, %.0f member-rounds, %d runs)\n",
      n, ir / mr, ir, mr, r }'
}
count "defaults, consensus" 1000000
count "full model, consensus,flexible,silence" 100000 --tolerance 0.05 \
  --externality 0.5 --reservation 0.02 --indifference 0.01 --absence 0.02 \
  --rule consensus,flexible,silence
