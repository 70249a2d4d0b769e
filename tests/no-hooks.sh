#!/bin/sh
# The library make install installs has no test hooks and reads no
# environment: it calls no getenv and defines no mfk__test_ function.
# Those live in lib/libmufakat-test.la, which only the tests link.
set -e
libs=""
for f in "$top_builddir/lib/.libs/libmufakat.so" "$top_builddir/lib/.libs/libmufakat.a"; do
  [ -f "$f" ] && libs="$libs $f"
done
if [ -z "$libs" ]; then
  echo "no-hooks: the library is not built"
  exit 1
fi
status=0
for lib in $libs; do
  if nm "$lib" 2>/dev/null | grep -E ' U (secure_)?getenv(@|$)'; then
    echo "no-hooks: $lib reads the environment"
    status=1
  fi
  if nm "$lib" 2>/dev/null | grep -E ' [TtDdBb] mfk__test_'; then
    echo "no-hooks: $lib has test hooks"
    status=1
  fi
done
# The hooks are there in the tests' library, so the check above can fail.
test_lib="$top_builddir/lib/.libs/libmufakat-test.a"
if [ -f "$test_lib" ] && ! nm "$test_lib" | grep -q ' T mfk__test_journal_faults$'; then
  echo "no-hooks: $test_lib has no mfk__test_journal_faults"
  status=1
fi
[ $status -eq 0 ] && echo "no-hooks:$libs: no getenv, no mfk__test_ function"
exit $status
