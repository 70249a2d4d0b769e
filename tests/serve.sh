#!/bin/sh
# mufakat serve: the security tests and the resume after a kill
# (tests/serve.py). Not a test of the sanitizers' build nor of distcheck.
mufakat="$top_builddir/tools/mufakat/mufakat"
"$mufakat" --version | grep -q '^features:.* serve' || {
  echo "SKIP: mufakat serve is not in this build"; exit 77; }
case "$MFK_SERVE_TESTS" in no) echo "SKIP: not in this build"; exit 77;; esac
exec /usr/bin/python3 "$top_srcdir/tests/serve.py"
