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
out=$("$mandoc" -Tlint -W warning man/*.[1357] 2>&1) || status=1
if [ -n "$out" ]; then
  echo "$out"
  status=1
fi
for f in $(grep -oE '\bmfk_[a-z0-9_]+[[:space:]]*\(' include/mufakat.h | tr -d ' (' | sort -u); do
  if ! grep -qw -- "$f" man/*.3; then
    echo "man-lint: $f has no man page"
    status=1
  fi
done
[ $status -eq 0 ] && echo "man-lint: $(ls man/*.[135] | wc -l) pages, no message"
exit $status
