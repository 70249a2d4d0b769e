#!/bin/sh
# A program outside the tree builds against the installed library with
# pkg-config, and runs: the example of the README, compiled against a
# staged `make install`, shared and static; it is examples/vote.c too.
# Usage: tests/outside.sh BUILD-DIR SOURCE-DIR
set -e
build=$1 src=$2
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
make -s -C "$build" install DESTDIR="$stage" >/dev/null 2>&1
prefix=$(sed -n 's/^prefix=//p' "$build/mufakat.pc")
# Every function of the header has a page, or a link to one, by its name.
man3="$stage$prefix/share/man/man3"
missing=0
for f in $(grep -oE '\bmfk_[a-z0-9_]+[[:space:]]*\(' "$src/include/mufakat.h" | tr -d ' (' | sort -u); do
  [ -e "$man3/$f.3" ] || { echo "outside: man 3 $f finds no page"; missing=1; }
done
# And every public type: an enum or struct typedef, an opaque object or a
# callback type.
for t in $(grep -oE '^} mfk_[a-z0-9_]+;|^typedef struct mfk_[a-z0-9_]+ mfk_[a-z0-9_]+;|^typedef [a-z ]+\(\*mfk_[a-z0-9_]+\)' "$src/include/mufakat.h" |
           grep -oE 'mfk_[a-z0-9_]+' | sort -u); do
  [ -e "$man3/$t.3" ] || { echo "outside: man 3 $t finds no page"; missing=1; }
done
# A name with no page of its own is a stub of man/links.sh, one line
# `.so man3/PAGE.3`, which man follows from the root of the manual: that
# page is installed, and man renders it for the name.
stub=
for f in "$man3"/*.3; do
  line=$(head -1 "$f")
  case $line in '.so '*) ;; *) continue ;; esac
  [ -n "$stub" ] || stub=$(basename "$f" .3)
  [ -f "$stage$prefix/share/man/${line#.so }" ] ||
    { echo "outside: man3/$(basename "$f") points to ${line#.so }, which is not installed"; missing=1; }
done
[ -n "$stub" ] || { echo "outside: no stub installed in man3"; missing=1; }
if [ -n "$stub" ] && command -v man >/dev/null 2>&1 && command -v groff >/dev/null 2>&1; then
  out=$(MANPATH="$stage$prefix/share/man" MANWIDTH=80 man 3 "$stub" 2>&1) &&
    printf '%s\n' "$out" | grep -q "^NAME" && printf '%s\n' "$out" | grep -qw "$stub" &&
    ! printf '%s\n' "$out" | grep -q "can't open\|failed \.so" ||
    { echo "outside: man 3 $stub does not render its page:"; printf '%s\n' "$out" | head -5; missing=1; }
fi
[ $missing -eq 0 ] || exit 1
echo "outside: man 3 finds each function and type of mufakat.h by its name"
# The installed pages name the installed files, under the real prefix.
for page in man1/mufakat.1 man5/mufakat-scenario.5; do
  f="$stage$prefix/share/man/$page"
  grep -q '@examplesdir@\|source tree' "$f" && { echo "outside: $page names no installed file"; exit 1; }
  for ex in asean-meetings.json asean-amm.json; do
    grep -q "$prefix/share/mufakat/examples/$ex" "$f" ||
      { echo "outside: $page does not name $prefix/share/mufakat/examples/$ex"; exit 1; }
  done
done
for ex in asean-meetings.json asean-amm.json; do
  [ -f "$stage$prefix/share/mufakat/examples/$ex" ] || { echo "outside: no installed $ex"; exit 1; }
done
echo "outside: mufakat(1) and mufakat-scenario(5) name the installed example"
export PKG_CONFIG_PATH="$stage$prefix/lib/pkgconfig"
export PKG_CONFIG_SYSROOT_DIR="$stage"
# The README's example, from its #include line to the closing brace, is
# examples/vote.c after that file's opening comment.
sed -n '/^    #include <mufakat.h>/,/^    }/s/^    //p' "$src/README" > "$stage/readme.c"
[ -s "$stage/readme.c" ] || { echo "outside: no example in README"; exit 1; }
sed -n '/^#include <mufakat.h>/,$p' "$src/examples/vote.c" > "$stage/example.c"
if ! diff -u "$stage/readme.c" "$stage/example.c"; then
  echo "outside: README's example and examples/vote.c differ"; exit 1
fi
cp "$src/examples/vote.c" "$stage/vote.c"
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
# CMake: find_package(mufakat) and the imported target mufakat::mufakat,
# shared and static, from the staged install moved to another folder
# (the package file takes its paths from where it stands).
if command -v cmake >/dev/null 2>&1; then
  moved="$stage/moved"
  mkdir -p "$moved"
  cp -a "$stage$prefix/." "$moved/"
  mkdir -p "$stage/cm"
  cp "$src/examples/vote.c" "$stage/cm/vote.c"
  cat > "$stage/cm/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.13)
project(vote C)
find_package(mufakat 0.1 REQUIRED)
add_executable(vote vote.c)
target_link_libraries(vote PRIVATE mufakat::mufakat)
CMAKE
  for kind in shared static; do
    static=OFF
    [ $kind = static ] && static=ON
    [ $kind = static ] && [ ! -f "$moved/lib/libmufakat.a" ] && continue
    b="$stage/cm-$kind"
    if ! PKG_CONFIG_SYSROOT_DIR= PKG_CONFIG_PATH= cmake -S "$stage/cm" -B "$b" \
        -DCMAKE_PREFIX_PATH="$moved" -Dmufakat_USE_STATIC_LIBS=$static \
        > "$stage/cmake.log" 2>&1 || ! cmake --build "$b" >> "$stage/cmake.log" 2>&1; then
      cat "$stage/cmake.log"; echo "outside: CMake cannot build the example ($kind)"; exit 1
    fi
    out=$(LD_LIBRARY_PATH="$moved/lib" "$b/vote")
    [ "$out" = adopted ] || { echo "outside: the CMake-built example ($kind) printed '$out'"; exit 1; }
    if [ $kind = static ] && ldd "$b/vote" | grep -q libmufakat; then
      echo "outside: the static CMake build links the shared library"; exit 1
    fi
    if [ $kind = shared ] && ! LD_LIBRARY_PATH="$moved/lib" ldd "$b/vote" | grep -q "$moved/lib/libmufakat.so"; then
      echo "outside: the shared CMake build does not load the moved library"; exit 1
    fi
  done
  # A version this one cannot meet is refused.
  sed -i 's/find_package(mufakat 0.1 REQUIRED)/find_package(mufakat 1.0 REQUIRED)/' "$stage/cm/CMakeLists.txt"
  if cmake -S "$stage/cm" -B "$stage/cm-v" -DCMAKE_PREFIX_PATH="$moved" > /dev/null 2>&1; then
    echo "outside: find_package(mufakat 1.0) accepted version 0.x"; exit 1
  fi
  echo "outside: CMake's find_package(mufakat) builds it too, shared and static, from a moved install"
else
  echo "outside: cmake not found: the CMake package file is not tried"
fi
# The Python package, where the install put it for $PYTHON, imports and
# computes (the loader pointed at the staged library).
py=${PYTHON:-/usr/bin/python3}
pkg=$(ls -d "$stage$prefix"/lib/python3*/*-packages/mufakat 2>/dev/null | head -1)
if [ -n "$pkg" ]; then
  [ ! -e "$pkg/_mufakat.la" ] || { echo "outside: libtool's .la installed with the package"; exit 1; }
  case $pkg in
    */dist-packages/*|*/site-packages/*) ;;
    *) echo "outside: the package went to $pkg"; exit 1 ;;
  esac
  got=$(cd "$stage" && PYTHONPATH="${pkg%/mufakat}" LD_LIBRARY_PATH="$stage$prefix/lib" PYTHONDONTWRITEBYTECODE=1 \
    "$py" -c 'import mufakat; print(mufakat.power(39, [7]*5 + [1]*10)["players"][0]["shapley_shubik"])')
  case $got in
    0.19627*) echo "outside: the installed Python package (${pkg#"$stage"}) gives $got" ;;
    *) echo "outside: the installed Python package printed '$got'"; exit 1 ;;
  esac
fi
