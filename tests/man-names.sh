#!/bin/sh
# `man 3 NAME` finds a page for every name, from the source tree: each
# public function and type of mufakat.h has its file man/NAME.3, a page
# or a stub of one line `.so man3/PAGE.3`; each name of a page's NAME
# section is that page or a stub of it; each stub points to a page; and
# the stubs and man/links.mk are what man/links.sh writes.
set -u
cd "$top_srcdir" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
run="run sh man/links.sh and commit what it writes"
first() { head -1 "$1"; }
is_stub() { case $(first "$1") in '.so '*) return 0 ;; esac; return 1; }

# The header's functions and types (as tests/outside.sh reads them).
for n in $(grep -oE '\bmfk_[a-z0-9_]+[[:space:]]*\(' include/mufakat.h | tr -d ' (' | sort -u) \
         $(grep -oE '^} mfk_[a-z0-9_]+;|^typedef struct mfk_[a-z0-9_]+ mfk_[a-z0-9_]+;|^typedef [a-z ]+\(\*mfk_[a-z0-9_]+\)' include/mufakat.h |
           grep -oE 'mfk_[a-z0-9_]+' | sort -u); do
  [ -f "man/$n.3" ] ||
    { echo "man-names: $n has no man/$n.3: name it in a page's NAME section (or man/types.txt), then $run"; status=1; }
done

# Each stub is one line and points to a page of the tree.
n_stubs=0
for s in man/*.3; do
  is_stub "$s" || continue
  n_stubs=$((n_stubs + 1))
  line=$(first "$s") target=${line#.so man3/}
  if [ "$target" = "$line" ] || [ "$(wc -l < "$s")" -ne 1 ]; then
    echo "man-names: $s is not one line .so man3/PAGE.3; $run"; status=1
  elif [ ! -f "man/$target" ]; then
    echo "man-names: $s points to man3/$target, which is no page in man/"; status=1
  elif is_stub "man/$target"; then
    echo "man-names: $s points to man3/$target, itself a stub; $run"; status=1
  fi
done

# Each name of a page's NAME section is that page, or a stub of it.
for p in man/*.3; do
  is_stub "$p" && continue
  page=$(basename "$p")
  for n in $(sed -n '/^\.Sh NAME/,/^\.Nd/s/^\.Nm \([A-Za-z0-9_]*\).*/\1/p' "$p"); do
    [ "$n.3" = "$page" ] && continue
    if [ ! -f "man/$n.3" ]; then
      echo "man-names: $p names $n, which has no man/$n.3; $run"; status=1
    elif is_stub "man/$n.3" && [ "$(first "man/$n.3")" != ".so man3/$page" ]; then
      echo "man-names: man/$n.3 is not a stub of $page, whose NAME section names $n; $run"; status=1
    fi
  done
done

# man/links.sh, run on a copy of man/, changes nothing: no stub is
# missing, stale or left over, and man/links.mk lists them all.
mkdir "$tmp/top"
cp -R man "$tmp/top/man" && chmod -R u+w "$tmp/top/man"
if ! sh man/links.sh "$tmp/top" > /dev/null 2> "$tmp/err"; then
  sed 's/^/man-names: /' "$tmp/err"; status=1
fi
for g in "$tmp"/top/man/*; do
  f=${g##*/}
  [ -f "$g" ] || continue
  cmp -s "$g" "man/$f" ||
    { echo "man-names: man/$f is missing or stale: $run"; status=1; }
done
for g in man/*; do
  f=${g##*/}
  [ -e "$tmp/top/man/$f" ] ||
    { echo "man-names: man/$f is a stub no name asks for: $run"; status=1; }
done
[ $status -eq 0 ] && echo "man-names: $n_stubs stubs, every name has its man/NAME.3"
exit $status
