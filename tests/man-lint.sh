#!/bin/sh
# Every page in man/ passes mandoc -Tlint -W warning with no message, and
# every function of mufakat.h is named in a section 3 page.
set -e
mandoc=${MANDOC:-mandoc}
if ! command -v "$mandoc" >/dev/null 2>&1; then
  echo "man-lint: mandoc not found"
  exit 77
fi
cd "$top_srcdir"
status=0
# The pages, without the stubs of man/links.sh (one line `.so man3/PAGE.3`,
# which tests/man-names.sh checks): mandoc lints a page, not a pointer.
pages=$(for p in man/*.[1357]; do
  case $(head -1 "$p") in '.so '*) ;; *) echo "$p" ;; esac
done)
pages135=$(printf '%s\n' "$pages" | grep -v '\.7$')
pages3=$(printf '%s\n' "$pages" | grep '\.3$')
# shellcheck disable=SC2086
out=$("$mandoc" -Tlint -W warning $pages 2>&1) || status=1
if [ -n "$out" ]; then
  echo "$out"
  status=1
fi
for f in $(grep -oE '\bmfk_[a-z0-9_]+[[:space:]]*\(' include/mufakat.h | tr -d ' (' | sort -u); do
  # shellcheck disable=SC2086
  if ! grep -qw -- "$f" $pages3; then
    echo "man-lint: $f has no man page"
    status=1
  fi
done
# man(1) itself renders every page without a warning (groff's "can't
# break line" among them).
if command -v man >/dev/null 2>&1 && command -v groff >/dev/null 2>&1; then
  for p in $pages135; do
    out=$(MANWIDTH=80 man --warnings -l "$p" 2>&1 >/dev/null)
    [ -z "$out" ] || { echo "man-lint: man $p: $out"; status=1; }
  done
fi
# A function's name in a sentence takes no bare words as its arguments:
# ".Pq Fn f sets it" renders "f(sets, it)".
# shellcheck disable=SC2086
if grep -n '^\.Pq Fn [a-z0-9_]* [a-z]' $pages3; then
  echo "man-lint: bare words given to .Fn as arguments"
  status=1
fi
# mufakat(3) is the index of the library: its description refers to every
# section 3 page, and its SEE ALSO names every other page.
desc=$(sed -n '/^\.Sh DESCRIPTION/,/^\.Sh SEE ALSO/p' man/mufakat.3)
also=$(sed -n '/^\.Sh SEE ALSO/,/^\.Sh /p' man/mufakat.3)
for p in $pages135; do
  base=$(basename "$p"); name=${base%.*}; sec=${base##*.}
  [ "$base" = mufakat.3 ] && continue
  printf '%s\n' "$also" | grep -q "^\.Xr $name $sec\b" ||
    { echo "man-lint: mufakat(3)'s SEE ALSO does not name $name($sec)"; status=1; }
  [ "$sec" = 3 ] || continue
  printf '%s\n' "$desc" | grep -q "^\.Xr $name 3\b" ||
    { echo "man-lint: mufakat(3)'s index does not refer to $name(3)"; status=1; }
done
# A bound the header states is the one the page states.
hdr=$(grep -B4 'MFK_API int mfk_record_decode' include/mufakat.h | grep -oE '2\^[0-9]+' | head -1)
pg=$(grep -oE 'a record to 2\^[0-9]+' man/mfk_record_new.3 | grep -oE '2\^[0-9]+')
[ -n "$hdr" ] && [ "$hdr" = "$pg" ] ||
  { echo "man-lint: mfk_record_decode's bound: header ${hdr:-unstated}, page ${pg:-unstated}"; status=1; }
[ $status -eq 0 ] && echo "man-lint: $(printf '%s\n' "$pages135" | wc -l) pages, no message"
exit $status
