#!/bin/sh
# The coverage report of a build configured with --enable-coverage: lines
# and branches of each file of lib/'s layers in the library the unit tests
# link (lib/libmufakat-test.la), and the totals, from gcov. Written to
# coverage.txt in the build folder and printed.
# Usage: tests/coverage.sh BUILD-DIR SOURCE-DIR
build=$1 src=$2
out="$build/coverage.txt"
{
  printf '%-14s %8s %8s %10s %10s\n' file lines covered branches taken
  for c in "$src"/lib/*/*.c; do
    name=$(basename "$c" .c)
    layer=$(basename "$(dirname "$c")")
    cd "$build/lib/$layer" || exit 1
    obj=$(ls libmufakat_test_la-"$name".gcda .libs/libmufakat_test_la-"$name".gcda 2>/dev/null | head -n1)
    [ -n "$obj" ] || { printf '%-14s (not run)\n' "$name"; continue; }
    (cd "$(dirname "$obj")" && gcov -b -n "$(basename "$obj")" 2>/dev/null) | awk -v f="$name" -v l="$layer" '
      /^File / { want = ($0 ~ "lib/" l "/" f "\\.c") }
      want && /^Lines executed:/ { split($2, a, "%"); sub("executed:", "", a[1]); lp = a[1]; ln = $4 }
      want && /^Taken at least once:/ { split($4, b, "%"); sub("once:", "", b[1]); bp = b[1]; bn = $6 }
      want && /^No branches/ { bp = 100; bn = 0 }
      END { if (ln != "") printf "%-14s %8d %7.1f%% %10d %9.1f%%\n", f, ln, lp, bn, bp }'
  done
} > "$out"
awk 'NR > 1 && NF == 5 { l += $2; lc += $2 * $3 / 100; b += $4; bc += $4 * $5 / 100 }
     END { printf "%-14s %8d %7.1f%% %10d %9.1f%%\n", "total", l, 100 * lc / l, b, (b ? 100 * bc / b : 100) }' "$out" >> "$out"
cat "$out"
