#!/bin/sh
# Golden files: each tests/data/run/NAME.json, run by the driver with
# --format json, prints exactly NAME.out, and checked, exactly NAME.check
# (the same files hold the library's mfk_consultation_write_json to them,
# in check_json.c); each tests/data/bad/NAME.json
# exits 1 with exactly the message in NAME.err (the file name shown as
# FILE); `mufakat demo` prints exactly demo.txt. MFK_UPDATE_GOLDEN=1
# rewrites the expected files.
mufakat="$top_builddir/tools/mufakat/mufakat"
data="$top_srcdir/tests/data"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
# golden CMD EXT: each run/NAME.json given to `mufakat CMD` prints
# exactly run/NAME.EXT.
golden() {
  for f in "$data"/run/*.json; do
    [ -e "$f" ] || continue
    want="${f%.json}.$2"
    (cd "$data/run" && "$mufakat" "$1" "$(basename "$f")" --format json) > "$tmp/out" 2> "$tmp/err"
    rc=$?
    if [ "${MFK_UPDATE_GOLDEN:-0}" = 1 ]; then cp "$tmp/out" "$want"; fi
    if [ $rc -eq 0 ] && cmp -s "$tmp/out" "$want"; then
      pass=$((pass + 1))
    else
      echo "FAIL $1 $(basename "$f") (exit $rc)"; cat "$tmp/err"
      diff -u "$want" "$tmp/out" | head -40
      fail=$((fail + 1))
    fi
  done
}
golden run out
golden check check
for f in "$data"/bad/*.json; do
  [ -e "$f" ] || continue
  want="${f%.json}.err"
  (cd "$data/bad" && "$mufakat" run "$(basename "$f")" --format json) > "$tmp/out" 2> "$tmp/err"
  rc=$?
  if [ "${MFK_UPDATE_GOLDEN:-0}" = 1 ]; then cp "$tmp/err" "$want"; fi
  if [ $rc -eq 1 ] && [ ! -s "$tmp/out" ] && cmp -s "$tmp/err" "$want"; then
    pass=$((pass + 1))
  else
    echo "FAIL bad $(basename "$f") (exit $rc, want 1)"
    diff -u "$want" "$tmp/err" | head -20
    fail=$((fail + 1))
  fi
done
# The demo's narrative, its sentences from mfk_consultation_account():
# exactly what the driver printed when it wrote them itself.
NO_COLOR=1 "$mufakat" demo > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ "${MFK_UPDATE_GOLDEN:-0}" = 1 ]; then cp "$tmp/out" "$data/demo.txt"; fi
if [ $rc -eq 0 ] && cmp -s "$tmp/out" "$data/demo.txt"; then
  pass=$((pass + 1))
else
  echo "FAIL demo text (exit $rc)"; cat "$tmp/err"
  diff -u "$data/demo.txt" "$tmp/out" | head -40
  fail=$((fail + 1))
fi
echo "scenarios: $pass passed, $fail failed"
[ $fail -eq 0 ]
