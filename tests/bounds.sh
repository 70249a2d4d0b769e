#!/bin/sh
# Bounded cost on any input (issue 16): what the driver holds grows with
# what it consults, not with what a scenario allows.
mufakat="$top_builddir/tools/mufakat/mufakat"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# members N: a body of N members, M0 ... M(N-1).
members() {
  printf '"body": {"name": "Wide", "members": ['
  i=0; sep=
  while [ $i -lt "$1" ]; do printf '%s{"id": "M%d"}' "$sep" $i; sep=,; i=$((i + 1)); done
  printf ']}'
}

# 4,000 members, 200 proposals allowed 1000 rounds each, one round held:
# once 1.6 GB (each consultation took max_rounds x members x 2 bytes, and
# the driver kept them all); now a few MB. Run under a 400 MB address
# space, where the build allows one (a sanitizer's shadow does not).
sh "$top_srcdir/bench/rounds-scenario.sh" > "$tmp/rounds.json"
if (ulimit -v 400000 && "$mufakat" --version) > /dev/null 2>&1; then
  for format in text json; do
    (ulimit -v 400000 && exec "$mufakat" run "$tmp/rounds.json" --format $format) \
      > "$tmp/out" 2> "$tmp/err"
    rc=$?
    if [ $rc -ne 0 ]; then bad "200 proposals of max_rounds 1000 ($format): exit $rc"; cat "$tmp/err"
    elif [ "$(grep -o '"outcome": "deferred"' "$tmp/out" | wc -l)" -ne 200 ] &&
         [ "$(grep -c '^  P[0-9]* *deferred' "$tmp/out")" -ne 200 ]; then
      bad "200 proposals of max_rounds 1000 ($format): not 200 deferred"
    else ok
    fi
  done
else
  echo "bounds: no address-space limit here; the memory test is skipped"
fi

# A drawing is bounded (issue 16: a 75 KB scenario made a 1 GB SVG): 2,600
# members and 100 scripted rounds are 260,000 cells, past the 250,000 a
# drawing has. The consultations still run and print; the SVG is refused
# with a message, not written, and the exit status is 1.
{
  printf '{"mufakat": 1, '
  members 2600
  printf ', "proposals": [{"id": "P1", "max_rounds": 100, "rounds": ['
  i=0; sep=
  while [ $i -lt 100 ]; do printf '%s{"stances": {"M0": "object"}}' "$sep"; sep=,; i=$((i + 1)); done
  printf ']}]}\n'
} > "$tmp/wide.json"
"$mufakat" run "$tmp/wide.json" --svg "$tmp/wide.svg" --format json > "$tmp/wide.out" 2> "$tmp/err"
rc=$?
if [ $rc -ne 1 ]; then bad "a drawing of 260000 cells: exit $rc, want 1"
elif [ -e "$tmp/wide.svg" ]; then bad "a drawing of 260000 cells was written"
elif ! grep -q "wide.svg: not written: .*more than 250000 cells" "$tmp/err"; then
  bad "a drawing too large: no message"; cat "$tmp/err"
elif ! grep -q '"round": 100,' "$tmp/wide.out"; then bad "a drawing too large: the run did not print"
else ok
fi

echo "bounds: $pass passed, $fail failed"
[ $fail -eq 0 ]
