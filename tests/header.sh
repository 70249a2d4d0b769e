#!/bin/sh
# mufakat.h stands alone: it compiles as strict C99 and as C++, and
# includes no dependency's header.
set -e
hdr="$top_srcdir/include/mufakat.h"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if grep -nE '#include[[:space:]]*<(jansson|cbor|gmp|mpi)' "$hdr"; then
  echo "header: mufakat.h includes a dependency's header"
  exit 1
fi
printf '#include "mufakat.h"\nint main(void) { return mfk_strerror(MFK_ENOMEM) == 0; }\n' > "$tmp/t.c"
${CC:-cc} -std=c99 -pedantic -Wall -Wextra -Werror -I"$top_srcdir/include" -c "$tmp/t.c" -o "$tmp/t.o"
echo "header: C99 -pedantic: ok"
cp "$tmp/t.c" "$tmp/t.cpp"
cxx=${CXX:-c++}
if command -v "$cxx" >/dev/null 2>&1 || command -v g++ >/dev/null 2>&1; then
  command -v "$cxx" >/dev/null 2>&1 || cxx=g++
  "$cxx" -std=c++11 -pedantic -Wall -Wextra -Werror -I"$top_srcdir/include" -c "$tmp/t.cpp" -o "$tmp/t2.o"
  echo "header: C++11: ok"
else
  echo "header: no C++ compiler; C++ check skipped"
fi
