#!/bin/sh
# Every example program in a section 3 page (a literal block with a
# main()) compiles against the built library and runs to its end, given
# examples/asean-amm.json as its argument; and each year its introduction
# names is one the program prints, so that the prose tells what it does.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The shared library directly (libtool's wrappers cost a second each);
# libtool where there is only the static one (the sanitizer build).
libdir="$top_builddir/lib/.libs"
if [ -f "$libdir/libmufakat.so" ]; then
  link="$CC" libs="-L$libdir -Wl,-rpath,$libdir -lmufakat -lm" run=
else
  link="$top_builddir/libtool --mode=link --quiet $CC"
  libs="$top_builddir/lib/libmufakat.la -lm"
  run="$top_builddir/libtool --mode=execute"
fi
cd "$top_srcdir" || exit 1
status=0 n=0
for page in man/*.3; do
  name=$(basename "$page" .3)
  # The first literal block with a main(), escapes undone.
  awk '/^\.Bd -literal/ { on = 1; buf = ""; next }
       /^\.Ed/ { if (on && buf ~ /main\(/) { printf "%s", buf; exit } on = 0 }
       on { buf = buf $0 "\n" }' "$page" |
    sed -e 's/\\e/\\/g' -e 's/\\(em/--/g' -e 's/\\&//g' > "$tmp/$name.c"
  [ -s "$tmp/$name.c" ] || continue
  n=$((n + 1))
  # shellcheck disable=SC2086
  if ! $link ${MFK_EXAMPLE_FLAGS:-} -std=c11 -w -I"$top_srcdir/include" -o "$tmp/$name" \
      "$tmp/$name.c" $libs > "$tmp/$name.err" 2>&1; then
    echo "man-examples: $page: the example does not compile:"
    head -5 "$tmp/$name.err"
    status=1
    continue
  fi
  (cd "$tmp" && $run "./$name" \
     "$top_srcdir/examples/asean-amm.json" < /dev/null > "$name.out" 2>&1)
  rc=$?
  if [ $rc -ge 128 ]; then
    echo "man-examples: $page: the example died (status $rc)"
    status=1
  fi
  # The years named in the EXAMPLES prose before the program.
  for y in $(sed -n '/^\.Sh EXAMPLES/,/^\.Bd -literal/p' "$page" |
             grep -v '^\.Bd' | grep -oE '\b(19|20)[0-9][0-9]\b' | sort -u); do
    grep -q "$y" "$tmp/$name.out" ||
      { echo "man-examples: $page: the example's text names $y, which it never prints"; status=1; }
  done
done
[ $status -eq 0 ] && echo "man-examples: $n examples compile and run"
exit $status
