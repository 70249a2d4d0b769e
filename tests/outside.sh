#!/bin/sh
# A program outside the tree builds against the installed library with
# pkg-config, and runs: the example of the README, compiled against a
# staged `make install`, shared and static.
# Usage: tests/outside.sh BUILD-DIR SOURCE-DIR
set -e
build=$1 src=$2
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
make -s -C "$build" install DESTDIR="$stage" >/dev/null 2>&1
prefix=$(sed -n 's/^prefix=//p' "$build/mufakat.pc")
export PKG_CONFIG_PATH="$stage$prefix/lib/pkgconfig"
export PKG_CONFIG_SYSROOT_DIR="$stage"
# The README's example: from its #include line to the closing brace.
sed -n '/^    #include <mufakat.h>/,/^    }/s/^    //p' "$src/README" > "$stage/vote.c"
[ -s "$stage/vote.c" ] || { echo "outside: no example in README"; exit 1; }
# shellcheck disable=SC2046
${CC:-cc} -std=c11 -Wall -Werror -o "$stage/vote" "$stage/vote.c" $(pkg-config --cflags --libs mufakat)
out=$(LD_LIBRARY_PATH="$stage$prefix/lib" "$stage/vote")
[ "$out" = adopted ] || { echo "outside: the example printed '$out', not 'adopted'"; exit 1; }
echo "outside: the README's example builds with pkg-config and prints '$out'"
if [ -f "$stage$prefix/lib/libmufakat.a" ]; then
  # shellcheck disable=SC2046
  ${CC:-cc} -std=c11 -Wall -Werror -o "$stage/vote-static" "$stage/vote.c" \
    $(pkg-config --cflags mufakat) "$stage$prefix/lib/libmufakat.a" \
    $(pkg-config --static --libs mufakat | sed 's/-lmufakat//')
  out=$("$stage/vote-static")
  [ "$out" = adopted ] || { echo "outside: the static example printed '$out'"; exit 1; }
  echo "outside: and statically linked, with pkg-config --static"
fi
