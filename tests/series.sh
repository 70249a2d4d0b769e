#!/bin/sh
# Meetings in series (issue 18, item 2): a scenario of meetings run to its
# golden outputs; a deferred item put again at the next meeting, its
# rounds numbered on and its record continuing the one before, the link
# the SHA-256 of that record's bytes in the journal; `run --continue`
# taking up what a journal left deferred; `report` showing each item's
# path across meetings; errors naming the file and the place.
# MFK_UPDATE_GOLDEN=1 rewrites the expected files.
mufakat="$top_builddir/tools/mufakat/mufakat"
data=$(cd "$top_srcdir/tests/data/series" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
py=/usr/bin/python3
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
ok() { pass=$((pass + 1)); }
# expect STATUS CMD...: CMD exits with STATUS, its output in $tmp/out
expect() {
  want=$1; shift
  if "$@" > "$tmp/out" 2> "$tmp/err"; then got=0; else got=$?; fi
  [ "$got" = "$want" ] && ok || { bad "$* exited $got, want $want"; cat "$tmp/err"; }
}
golden() { # golden FILE: the last output is exactly data/FILE
  if [ "${MFK_UPDATE_GOLDEN:-0}" = 1 ]; then cp "$tmp/out" "$data/$1"; fi
  cmp -s "$tmp/out" "$data/$1" && ok || { bad "output differs from $1"; diff -u "$data/$1" "$tmp/out" | head -30; }
}
said() { # said TEXT: the last error is exactly TEXT
  [ "$(cat "$tmp/err")" = "$1" ] && ok || { bad "error: want \"$1\", got:"; cat "$tmp/err"; }
}
# records J: "seq id year rounds outcome continued-seq", one a line.
records() {
  "$mufakat" show "$1" --format json | $py -c '
import json, sys
for r in json.load(sys.stdin)["records"]:
    c = r.get("continues", {}).get("seq", "-")
    print(r["seq"], r["proposal"]["id"], r.get("year", "-"),
          ",".join(str(x["round"]) for x in r["rounds"]), r["outcome"], c)'
}
cd "$data" || exit 1
t1=2026-07-08T09:00:00Z t2=2029-07-10T09:00:00Z
j="$tmp/amm.journal"

# ---- run: the meetings in order, to their golden outputs ---------------
NO_COLOR=1 expect 0 "$mufakat" run series.json
golden series.txt
expect 0 "$mufakat" run series.json --format json
golden series.out
# The same scenario in CBOR holds the same meetings.
if "$mufakat" --version | grep -q cbor; then
  $py -c 'import cbor2, json, sys
sys.stdout.buffer.write(cbor2.dumps(json.load(open("series.json"))))' > "$tmp/series.cbor"
  expect 0 "$mufakat" run "$tmp/series.cbor" --format json
  cmp -s "$tmp/out" series.out && ok || bad "the CBOR scenario ran otherwise"
fi
expect 0 "$mufakat" run series.json --journal "$j" --time "$t1" --format json
cmp -s "$tmp/out" series.out && ok || bad "run --journal printed other JSON"
records "$j" > "$tmp/out"
golden series.records
expect 0 "$mufakat" show "$j"
golden series.show
expect 0 "$mufakat" verify "$j"

# ---- each link is the SHA-256 of the earlier record's bytes -------------
"$mufakat" show "$j" --format json > "$tmp/show.json"
$py - "$j" "$tmp/show.json" <<'PY' && ok || bad "a continues link is not the earlier record's SHA-256"
import cbor2, hashlib, io, json, sys
data = open(sys.argv[1], "rb").read()
f = io.BytesIO(data)
dec = cbor2.CBORDecoder(f)
dec.decode()
spans = []
while f.tell() < len(data):
    s = f.tell(); dec.decode(); spans.append((s, f.tell()))
recs = json.load(open(sys.argv[2]))["records"]
links = [r for r in recs if "continues" in r]
assert len(links) == 2, links
for r in links:
    s, e = spans[r["continues"]["seq"] - 1]
    assert r["continues"]["sha256"] == hashlib.sha256(data[s:e]).hexdigest(), r
PY

# ---- report: each item's path through the meetings ---------------------
expect 0 "$mufakat" report "$j"
golden report-1.txt
grep -q '^Across meetings$' "$tmp/out" && ok || bad "report has no paths across meetings"
# --year counts a decision in its meeting's year, though all were
# recorded at the same time.
expect 0 "$mufakat" report "$j" --year 2027 --format json
$py -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["records"] == 2 and r["by_outcome"]["adopted"] == 1, r
assert [d["id"] for d in r["deferred"]] == ["P3"], r["deferred"]' "$tmp/out" &&
  ok || bad "report --year 2027 does not count the meeting of 2027"

# ---- run --continue: what the journal left deferred, taken up ----------
cp "$j" "$tmp/before.journal"
cd "$tmp" || exit 1
NO_COLOR=1 expect 0 "$mufakat" run "$data/next.json" --continue amm.journal --time "$t2"
golden next.txt
cd "$data" || exit 1
records "$j" > "$tmp/out"
golden next.records
expect 0 "$mufakat" report "$j" --format json
golden report-2.json
$py -c '
import json, sys
r = json.load(open(sys.argv[1]))
p3 = [x for x in r["across_meetings"] if x["id"] == "P3"][0]["path"]
assert [(s["year"], s["rounds"], s["outcome"]) for s in p3] == [
    (2027, [1, 2], "deferred"), (2028, [3, 4], "deferred"),
    (2029, [5, 5], "adopted")], p3' "$tmp/out" && ok ||
  bad "report does not give P3's path 2027, 2028, 2029"
expect 0 "$mufakat" report "$j"
golden report-2.txt
expect 0 "$mufakat" verify "$j"
# Taken up again, nothing is left deferred: a second --continue takes
# up nothing and numbers nothing on.
expect 0 "$mufakat" run next.json --continue "$j" --journal "$tmp/other.journal" --time "$t2" --format json
$py -c '
import json, sys
m = json.load(open(sys.argv[1]))["meetings"]
assert [p["rounds"][0]["round"] for p in m[0]["proposals"]] == [1, 1], m' "$tmp/out" &&
  ok || bad "a second --continue numbered rounds on"
# --journal takes the records; J is left as it was.
cp "$tmp/before.journal" "$tmp/k.journal"
expect 0 "$mufakat" run next.json --continue "$tmp/k.journal" --journal "$tmp/new.journal" --time "$t2"
cmp -s "$tmp/k.journal" "$tmp/before.journal" && ok || bad "--continue J --journal K wrote to J"
records "$tmp/new.journal" > "$tmp/out"
[ "$(head -1 "$tmp/out")" = "1 P3 2029 5 adopted 5" ] && ok ||
  { bad "the record in K does not continue J's"; cat "$tmp/out"; }

# ---- the Summit's steps in a series --------------------------------------
# P2, referred to the Summit in 2027, is taken there at once: the Summit
# chooses "ASEAN minus X", the AMM then adopts it with Lao PDR standing
# aside. Both steps' records are of 2027 and continue P2's referral; the
# report counts the Summit's choice of rule as a step of P2's path, not
# as a decision of the body's, and `show` tells each step as such.
js="$tmp/summit.journal"
NO_COLOR=1 expect 0 "$mufakat" run summit.json
golden summit.txt
# A proposal taken up again says so, whoever put it forward.
tr '\n' ' ' < "$tmp/out" | tr -s ' ' | grep -qF "Taken up again from the meeting before, its rounds numbered on; put forward by Indonesia;" &&
  ok || bad "P1, put forward by Indonesia, is not said to be taken up again"
grep -q '^  2027  P2   adopted-flexible ' "$tmp/out" && ok || bad "the summary leaves out the Summit's decision"
expect 0 "$mufakat" run summit.json --journal "$js" --time "$t1" --format json
golden summit.out
$py -c '
import json, sys
m = json.load(open(sys.argv[1]))["meetings"]
p2 = m[1]["proposals"][1]
assert p2["outcome"] == "referred-to-summit", p2
s = p2["summit"]
assert (s["rule"], s["decided_by"]) == ("flexible", "body"), s
assert [x["id"] for x in s["step1"]] == ["P2/rule-1"], s
assert s["step2"]["outcome"] == "adopted-flexible", s' "$tmp/out" && ok ||
  bad "the series JSON does not hold the Summit's steps"
records "$js" > "$tmp/out"
golden summit.records
expect 0 "$mufakat" show "$js"
golden summit.show
expect 0 "$mufakat" verify "$js"
expect 0 "$mufakat" report "$js" --format json
$py -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["records"] == 4, r["records"]
e = r["by_pillar"]["economic"]
assert (e["total"], e["adopted"], e["adopted-flexible"]) == (2, 0, 1), e
p2 = [x for x in r["across_meetings"] if x["id"] == "P2"][0]["path"]
assert [(s["seq"], s["outcome"], s.get("summit")) for s in p2] == [
    (3, "referred-to-summit", None), (4, "adopted", "rule"),
    (5, "adopted-flexible", "decision")], p2
assert p2[1]["title"] == "The rule for P2: flexible", p2[1]
assert not any(x["id"] == "P2/rule-1" for x in r["across_meetings"])' "$tmp/out" && ok ||
  bad "report does not give P2's path through the Summit"
expect 0 "$mufakat" report "$js"
golden summit-report.txt

# ---- errors name the file and the place --------------------------------
expect 1 "$mufakat" run next.json --continue "$tmp/missing.journal"
grep -q "^mufakat: $tmp/missing.journal: " "$tmp/err" && ok || { bad "missing journal not named"; cat "$tmp/err"; }
expect 1 "$mufakat" run next.json --continue "$top_srcdir/tests/data/journal/v1.journal" --journal "$tmp/x.journal"
said "mufakat: $top_srcdir/tests/data/journal/v1.journal: a journal of version 1: its records cannot be continued (the links need version 2)"
head -c 300 "$tmp/before.journal" > "$tmp/torn.journal"
expect 1 "$mufakat" run next.json --continue "$tmp/torn.journal" --journal "$tmp/y.journal"
grep -q "^mufakat: $tmp/torn.journal: byte [0-9]*: " "$tmp/err" && ok || { bad "torn journal not named by byte"; cat "$tmp/err"; }
# A record whose position has other dimensions than FILE's body: named
# by the journal, the byte and the record.
cat > "$tmp/two.json" <<'JSON'
{"mufakat": 1,
 "body": {"name": "B", "members": [{"id": "BRN", "name": "Brunei"}, {"id": "LAO", "name": "Lao"}]},
 "proposals": [{"id": "P3", "title": "t", "position": [0.1, 0.2],
                "rounds": [{"stances": {"BRN": "join", "LAO": "object"}}]}]}
JSON
expect 0 "$mufakat" run "$tmp/two.json" --journal "$tmp/two.journal" --time "$t1"
expect 1 "$mufakat" run next.json --continue "$tmp/two.journal" --journal "$tmp/z.journal"
said "mufakat: $tmp/two.journal: byte 36: record 1: its position has 2 dimensions: expected 1, as the scenario's body has"
# A series needs a journal of version 2: 0.1's refuses it, untouched.
cp "$top_srcdir/tests/data/journal/v1.journal" "$tmp/v1.journal"
expect 1 "$mufakat" run series.json --journal "$tmp/v1.journal" --time "$t1"
grep -q "cannot hold the year" "$tmp/err" && ok || { bad "version 1 journal: no reason given"; cat "$tmp/err"; }
cmp -s "$tmp/v1.journal" "$top_srcdir/tests/data/journal/v1.journal" && ok || bad "the version 1 journal was changed"

# The drawing of a series is bounded as any run's: 2,600 members deferred
# at 122 meetings pass the cells a drawing has; the run goes on, the
# picture is refused, nothing is written.
$py -c '
import json
m = [{"id": "M%d" % i, "ideal": [0.0 if i == 0 else 0.9]} for i in range(2600)]
p = [{"id": "P%d" % k, "title": "t", "position": [0.9], "status_quo": [0.0]}
     for k in range(2)]
meet = ([{"year": 2026, "proposals": ["P0"]}] +
        [{"year": 2027 + k, "proposals": []} for k in range(120)] +
        [{"year": 2200, "proposals": ["P1"]}])
json.dump({"mufakat": 1, "body": {"name": "B", "members": m, "max_rounds": 60},
           "proposals": p, "meetings": meet}, open("'"$tmp"'/big.json", "w"))'
expect 1 "$mufakat" run "$tmp/big.json" --svg "$tmp/big.svg"
said "mufakat: $tmp/big.svg: not written: $tmp/big.json needs more than 250000 cells (members times rounds) by /proposals/0, the most a drawing has"
[ ! -e "$tmp/big.svg" ] && ok || bad "a refused drawing was written"
grep -q "^  2200  P1 " "$tmp/out" && ok || bad "the run did not go on past the refused drawing"

echo "series: $pass passed, $fail failed"
[ $fail -eq 0 ]
