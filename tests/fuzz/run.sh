#!/bin/sh
# Runs each libFuzzer target for SECONDS (default 60) from a copy of its
# seed corpus, under ASan and UBSan with a memory limit. A crash is saved
# in the build folder as crash-TARGET-*; copy it to tests/data/crashes/ to
# have make check replay it for ever.
# Usage: tests/fuzz/run.sh BUILD-DIR SOURCE-DIR [SECONDS] [TARGET...]
set -e
build=$1 src=$2 secs=${3:-60}
shift 3 2>/dev/null || shift $#
targets=${*:-json engine cbor record journal}
status=0
for t in $targets; do
  corpus=$(mktemp -d)
  cp "$src/tests/fuzz/corpus/$t"/* "$corpus"/
  echo "fuzz $t: $secs s"
  dict=
  [ -f "$src/tests/fuzz/$t.dict" ] && dict="-dict=$src/tests/fuzz/$t.dict"
  # shellcheck disable=SC2086
  "$build/tests/fuzz/fuzz_$t" $dict -max_total_time="$secs" -rss_limit_mb=2048 \
    -timeout=10 -artifact_prefix="$build/crash-$t-" -print_final_stats=1 \
    "$corpus" 2>"$build/fuzz-$t.log" || { status=1; tail -30 "$build/fuzz-$t.log"; }
  grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec|cov: ' "$build/fuzz-$t.log" | tail -3
  rm -rf "$corpus"
done
exit $status
