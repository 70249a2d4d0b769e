#!/bin/sh
# mufakat serve in a real browser: a meeting of the 11 delegations of the
# ASEAN scenario in headless chromium, driven by selenium
# (tests/serve_browser.py); screenshots in tests/serve-screens/. Plain
# build only: not with the sanitizers, not in distcheck.
mufakat="$top_builddir/tools/mufakat/mufakat"
"$mufakat" --version | grep -q '^features:.* serve' || {
  echo "SKIP: mufakat serve is not in this build"; exit 77; }
case "$MFK_SERVE_TESTS" in no) echo "SKIP: not in this build"; exit 77;; esac
for f in /usr/bin/chromium /usr/bin/chromedriver; do
  [ -x "$f" ] || { echo "SKIP: no $f (./quickstart installs it)"; exit 77; }
done
/usr/bin/python3 -c 'import selenium' 2>/dev/null || {
  echo "SKIP: no python3-selenium (./quickstart installs it)"; exit 77; }
exec timeout 600 /usr/bin/python3 "$top_srcdir/tests/serve_browser.py"
