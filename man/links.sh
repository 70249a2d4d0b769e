#!/bin/sh
# Gives every name of the manual a file of its own in man/, so that
# `man 3 NAME` finds it from the source tree as from an install:
#  - each `.Nm NAME` of the NAME section of a page man/PAGE.3, where
#    man/NAME.3 is not itself a page, and
#  - each type of man/types.txt, with the page that documents it,
# get man/NAME.3, one line `.so man3/PAGE.3` (man-db and mandoc follow
# it from the root of the manual). man/links.mk lists them for
# man/local.mk, which installs them as pages. A stub no name asks for
# any more is removed.
# Usage: sh man/links.sh [TOP]   (TOP: the source tree, default: this one)
# Run it after adding a page, a name to a page's NAME section or a type,
# and commit what it writes; tests/man-names.sh fails until then.
set -e
top=${1:-$(dirname "$0")/..}
cd "$top/man"
LC_ALL=C; export LC_ALL

# A stub is a file of one line `.so man3/PAGE.3`; any other file is a page.
is_stub() {
  [ "$(wc -l < "$1")" -eq 1 ] && grep -qx '\.so man3/[A-Za-z0-9_.-]*\.3' "$1"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/pages"
for p in *.3; do
  [ -f "$p" ] || continue
  is_stub "$p" || echo "$p" >> "$tmp/pages"
done

# NAME PAGE, one a line: the names of each page, then the types.
: > "$tmp/wanted"
while read -r p; do
  sed -n '/^\.Sh NAME/,/^\.Nd/s/^\.Nm \([A-Za-z0-9_]*\).*/\1/p' "$p" |
    while read -r n; do
      grep -qx "$n\.3" "$tmp/pages" || echo "$n $p"
    done >> "$tmp/wanted"
done < "$tmp/pages"
sed -n 's/^\(mfk_[a-z0-9_]*\) \([a-z0-9_]*\.3\)$/\1 \2/p' types.txt |
  while read -r t p; do
    grep -qx "$t\.3" "$tmp/pages" || echo "$t $p"
  done >> "$tmp/wanted"
sort -u "$tmp/wanted" > "$tmp/links"

# Each name goes to one page, and that page exists.
bad=$(awk '{ if ($1 in to) print "links.sh: " $1 " is named by both " to[$1] " and " $2;
             else to[$1] = $2 }' "$tmp/links")
while read -r n p; do
  grep -qx "$p" "$tmp/pages" ||
    bad="$bad${bad:+
}links.sh: $n: $p is not a page in man/"
done < "$tmp/links"
if [ -n "$bad" ]; then
  printf '%s\n' "$bad" >&2
  exit 1
fi

# Remove the stubs no name asks for, then write those that differ.
for s in *.3; do
  if [ -f "$s" ] && is_stub "$s" && ! grep -q "^${s%.3} " "$tmp/links"; then
    rm -f "$s"
  fi
done
while read -r n p; do
  line=".so man3/$p"
  if [ ! -f "$n.3" ] || [ "$(cat "$n.3")" != "$line" ]; then
    printf '%s\n' "$line" > "$n.3"
  fi
done < "$tmp/links"

{
  echo '# Written by man/links.sh from the NAME sections and man/types.txt:'
  echo '# run `sh man/links.sh` rather than edit it. Each file is one line,'
  echo '# `.so man3/PAGE.3`, installed as a page of its own.'
  printf 'MAN_LINKS ='
  while read -r n p; do printf ' \\\n\tman/%s.3' "$n"; done < "$tmp/links"
  echo
} > "$tmp/links.mk"
cmp -s "$tmp/links.mk" links.mk 2>/dev/null || cp "$tmp/links.mk" links.mk
echo "links.sh: $(wc -l < "$tmp/links" | tr -d ' ') names, each with man/NAME.3"
