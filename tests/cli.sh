#!/bin/sh
# The driver as a command-line tool: help, version, exit statuses, the
# shape of demo's JSON.
mufakat="$top_builddir/examples/mufakat"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
expect() { # expect STATUS CMD...: runs CMD, checks its exit status
  want=$1; shift
  "$@" > "$tmp/out" 2> "$tmp/err"
  got=$?
  if [ "$got" = "$want" ]; then ok; else bad "$* exited $got, want $want"; cat "$tmp/err"; fi
}

expect 0 "$mufakat" --help
grep -q '^Usage: mufakat' "$tmp/out" || bad "--help has no usage line"
expect 0 "$mufakat" --version
grep -q '^features: ' "$tmp/out" || bad "--version names no features"
expect 2 "$mufakat"
expect 2 "$mufakat" no-such-command
grep -q "unknown command" "$tmp/err" || bad "unknown command not named"
for cmd in demo run check show report power winset dynamics simulate; do
  expect 0 "$mufakat" "$cmd" --help
  [ -s "$tmp/out" ] || bad "$cmd --help printed nothing"
done
expect 2 "$mufakat" run
expect 2 "$mufakat" run --format yaml x.json
expect 2 "$mufakat" demo --no-such-option
expect 1 "$mufakat" run "$tmp/missing.json"
grep -q "missing.json: cannot open" "$tmp/err" || bad "unreadable file not named"
printf '{"mufakat": 1,\n "body": [}\n' > "$tmp/syntax.json"
expect 1 "$mufakat" run "$tmp/syntax.json"
grep -qE "syntax.json:2:[0-9]+: " "$tmp/err" || bad "syntax error without line and column: $(cat "$tmp/err")"
expect 0 "$mufakat" demo
grep -q "Philippines" "$tmp/out" || bad "demo does not name the chair"
expect 0 "$mufakat" demo --format json
if command -v /usr/bin/python3 >/dev/null 2>&1; then
  /usr/bin/python3 - "$tmp/out" <<'PY' && ok || bad "demo JSON has not CONTRACT's shape"
import json, sys
d = json.load(open(sys.argv[1]))
ps = d["proposals"]
assert len(ps) >= 6
ids = ["BRN","KHM","IDN","LAO","MYS","MMR","PHL","SGP","THA","TLS","VNM"]
for p in ps:
    assert set(p) >= {"id","admissible","violations","rounds","outcome","participants","chair"}, p.keys()
    assert p["chair"] == "PHL"
    for r in p["rounds"]:
        assert list(r["stances"]) == ids
        assert r["verdict"] in ("adopted","blocked","short")
outcomes = {p["outcome"] for p in ps}
for o in ("adopted","adopted-with-reservations","adopted-flexible","inadmissible","chairs-statement"):
    assert o in outcomes, o
PY
fi
echo "cli: $pass passed, $fail failed"
[ $fail -eq 0 ]
