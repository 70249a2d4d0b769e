#!/bin/sh
# The fuzzing figures, run by hand (CI runs each target 60 s): every
# libFuzzer target for SECONDS (default 600), two at a time at most,
# under nice -n 19, each through tests/fuzz/run.sh. Prints each target's
# time run (less than SECONDS when it found a crash: libFuzzer stops at
# the first), executions, executions per second and coverage; the logs
# stay in the build folder as fuzz-TARGET.log. BUILD-DIR is a build configured with
# ./configure CC=clang --enable-fuzzers.
# Usage: bench/fuzz.sh BUILD-DIR SOURCE-DIR [SECONDS] [TARGET...]
set -e
build=$1 src=$2 secs=${3:-600}
shift 3 2>/dev/null || shift $#
targets=${*:-json engine cbor record journal}
status=0
# one TARGET: runs it, its seconds in fuzz-TARGET.time.
one() {
  t0=$(date +%s)
  rc=0
  nice -n 19 sh "$src/tests/fuzz/run.sh" "$build" "$src" "$secs" "$1" \
    >"$build/fuzz-$1.out" 2>&1 || rc=$?
  echo $(($(date +%s) - t0)) > "$build/fuzz-$1.time"
  return $rc
}
# shellcheck disable=SC2086
set -- $targets
while [ $# -gt 0 ]; do
  a=$1; shift
  b=
  if [ $# -gt 0 ]; then b=$1; shift; fi
  one "$a" &
  pa=$!
  pb=
  if [ -n "$b" ]; then
    one "$b" &
    pb=$!
  fi
  wait "$pa" || status=1
  [ -z "$pb" ] || wait "$pb" || status=1
  for t in $a $b; do
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/fuzz-$t.log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$build/fuzz-$t.log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$build/fuzz-$t.log" | tail -1)
    echo "fuzz_$t: $(cat "$build/fuzz-$t.time") s, $execs executions, $rate per second, $cov"
    if grep -q 'Test unit written' "$build/fuzz-$t.log"; then
      grep 'Test unit written' "$build/fuzz-$t.log"
    fi
  done
done
exit $status
