#!/bin/sh
# HACKING stays true: every path it names (lib/..., tools/..., tests/...,
# man/..., examples/..., include/...) exists in the source tree.
set -e
f="$top_srcdir/HACKING"
[ -f "$f" ] || { echo "hacking: no HACKING"; exit 1; }
paths=$(grep -oE '(lib|tools|tests|man|examples|include|bench)/[A-Za-z0-9_./-]*[A-Za-z0-9_]' "$f" | sort -u)
n=0 status=0
for p in $paths; do
  n=$((n + 1))
  if [ ! -e "$top_srcdir/$p" ]; then
    echo "hacking: HACKING names $p, which is not in the tree"
    status=1
  fi
done
[ "$n" -gt 40 ] || { echo "hacking: only $n paths found in HACKING"; exit 1; }
[ $status -eq 0 ] && echo "hacking: the $n paths HACKING names exist"
exit $status
