#!/bin/sh
# Replays every fuzz target's seed corpus, and every input that ever made
# a target fail (tests/data/crashes/TARGET-*), through the library.
set -e
status=0
for t in json engine cbor record journal; do
  set -- "$top_srcdir/tests/fuzz/corpus/$t"
  for f in "$top_srcdir"/tests/data/crashes/"$t"-*; do
    [ -e "$f" ] && set -- "$@" "$f"
  done
  printf 'fuzz-replay %s: ' "$t"
  "$top_builddir/tests/fuzz/replay_$t" "$@" || status=1
done
exit $status
