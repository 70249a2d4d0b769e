#!/bin/sh
# mufakat predict: the contract's JSON on the COP21 table, the text, the
# SVG, the scenario it writes for `run`, and its errors (a table's name
# the line and the field; a wrong command line exits 2).
mufakat="$top_builddir/tools/mufakat/mufakat"
data="$top_srcdir/tests/data/exchange"
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3)
if [ -z "$py" ]; then
  echo "predict: python3 not found"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# The JSON of compromise and exchange on cop21, as CONTRACT shows it.
if "$mufakat" predict "$data/cop21.csv" --model compromise,exchange \
     --format json > "$tmp/cop21.json"; then
  if "$py" - "$tmp/cop21.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["issues"][0] == "differentiation" and len(d["issues"]) == 13
c, x = d["models"]
assert c["model"] == "compromise" and round(c["outcome"][0], 4) == 49.2554
assert x["model"] == "exchange" and len(x["rounds"]) == 10
assert x["outcome"] == x["rounds"][-1]["outcome"]
assert sum(len(r["exchanges"]) for r in x["rounds"]) == 1309
e = x["rounds"][0]["exchanges"][0]
assert (e["i"], e["j"], e["p"], e["q"]) == ("USA", "China", "finance_vol", "eaa")
assert round(e["gain"], 4) == 2.1907 and e["i_move"] == -100
assert round(e["j_move"], 4) == -89.2139
assert all(x["rounds"][0]["start"][k] == c["outcome"][k] or
           abs(x["rounds"][0]["start"][k] - c["outcome"][k]) < 1e-9
           for k in range(13))
PY
  then ok; else bad "cop21: the JSON is not the contract's"; fi
else
  bad "predict cop21.csv failed"
fi

# Text, the SVG, and the scenario for run, on the invented example.
ex="$top_srcdir/examples/asean-digital.json"
if "$mufakat" predict "$ex" --model compromise,median,nbs,exchange \
     --svg "$tmp/p.svg" --scenario "$tmp/put.json" > "$tmp/out.txt"; then
  grep -q '^entry_into_force' "$tmp/out.txt" && ok ||
    bad "text: no row for entry_into_force"
  "$py" -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' \
    "$tmp/p.svg" && ok || bad "the SVG is not well-formed"
  if "$mufakat" run "$tmp/put.json" --format json > "$tmp/run.json"; then
    grep -q '"id": "predicted"' "$tmp/run.json" && ok ||
      bad "run: no consultation on the predicted proposal"
  else
    bad "run of the written scenario failed"
  fi
else
  bad "predict asean-digital.json failed"
fi

# Errors: a table's line and field; exit 1. A wrong command line: 2.
printf "'#A'\t'a'\n'#P'\t'x'\n'#D'\t'a'\t'x'\t50\tmuch\t1\n" > "$tmp/bad.csv"
"$mufakat" predict "$tmp/bad.csv" 2> "$tmp/err"
[ $? -eq 1 ] && grep -q "bad.csv: line 3, field 5 (salience): expected a number" "$tmp/err" &&
  ok || bad "bad table: $(cat "$tmp/err")"
"$mufakat" predict "$data/cop21.csv" --model vote 2> /dev/null
[ $? -eq 2 ] && ok || bad "--model vote: not exit 2"
"$mufakat" predict "$data/cop21.csv" --model nbs 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "status quo" "$tmp/err" && ok ||
  bad "nbs without a status quo: $(cat "$tmp/err")"
"$mufakat" predict "$ex" --status-quo 1,2 2> /dev/null
[ $? -eq 2 ] && ok || bad "--status-quo of 2 numbers for 4 issues: not exit 2"

echo "predict: $pass passed, $fail failed"
[ $fail -eq 0 ]
