#!/bin/sh
# The shared library exports exactly the functions of lib/libmufakat.map,
# and the map names exactly the functions declared in include/mufakat.h.
set -e
lib="$top_builddir/lib/.libs/libmufakat.so"
map="$top_srcdir/lib/libmufakat.map"
hdr="$top_srcdir/include/mufakat.h"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ ! -f "$lib" ]; then
  echo "exports: $lib not built (static-only build?)"
  exit 77
fi
nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRW]$/ {print $3}' |
  sed 's/@.*//' | grep -v '^MUFAKAT_' | sort -u > "$tmp/exported"
sed -e 's|/\*.*\*/||' "$map" | grep -oE '^[[:space:]]+mfk_[a-z0-9_]+;' |
  tr -d ' \t;' | sort -u > "$tmp/map"
grep -oE '\bmfk_[a-z0-9_]+[[:space:]]*\(' "$hdr" | tr -d ' (' | sort -u \
  > "$tmp/header"
status=0
if ! diff -u "$tmp/map" "$tmp/exported"; then
  echo "exports: the library's exports differ from lib/libmufakat.map (- map, + library)"
  status=1
fi
if ! diff -u "$tmp/header" "$tmp/map"; then
  echo "exports: lib/libmufakat.map differs from the functions of mufakat.h (- header, + map)"
  status=1
fi
if grep -v '^mfk_' "$tmp/exported"; then
  echo "exports: symbols without the mfk_ prefix are exported"
  status=1
fi
[ $status -eq 0 ] && echo "exports: $(wc -l < "$tmp/exported") mfk_ functions, as the map and header say"
exit $status
