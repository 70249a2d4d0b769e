#!/bin/sh
# The Python package's tests (python/tests, pytest), on the package as
# `make` built it in the build folder. Skipped where it is not built: no
# shared library, the sanitizer build (an instrumented extension does not
# load into an uninstrumented python), no cffi or Python headers.
py=${PYTHON:-/usr/bin/python3}
ext=$(ls "$top_builddir"/python/mufakat/_mufakat*.so 2>/dev/null | head -1)
if [ -z "$ext" ]; then
  echo "python: the package is not built here (see configure's summary)"
  exit 77
fi
if ! "$py" -c 'import pytest' 2>/dev/null; then
  echo "python: $py has no pytest (python3-pytest)"
  exit 77
fi
export PYTHONPATH="$top_builddir/python" PYTHONDONTWRITEBYTECODE=1
export MUFAKAT="$top_builddir/tools/mufakat/mufakat"
export MUFAKAT_EXAMPLES="$top_srcdir/examples"
cd "$top_builddir" || exit 1
exec "$py" -m pytest -q -p no:cacheprovider "$top_srcdir/python/tests"
