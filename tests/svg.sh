#!/bin/sh
# The pictures of `demo --svg` and `run --svg`: well-formed XML, every
# member named, and one cell for each stance of each round, as the JSON
# output of the same consultations says.
mufakat="$top_builddir/tools/mufakat/mufakat"
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3)
if [ -z "$py" ] && ! command -v xmllint >/dev/null 2>&1; then
  echo "svg: neither python3 nor xmllint found"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# well_formed FILE: parses as XML.
well_formed() {
  if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout "$1" || return 1
  fi
  if [ -n "$py" ]; then
    "$py" -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$1" || return 1
  fi
  return 0
}

# matches SVG JSON SCENARIO: the SVG has a <svg> root, names every member
# of SCENARIO, and has, for each consultation in JSON in order (of each
# meeting, in a series), a cell "NAME, round R: STANCE" for every stance
# of every round, and no other cell.
matches() {
  [ -n "$py" ] || return 0
  "$py" - "$@" <<'PY'
import json, sys, xml.dom.minidom
svg, out, scen = sys.argv[1:4]
doc = xml.dom.minidom.parse(svg)
root = doc.documentElement
assert root.tagName == "svg", root.tagName
assert root.getAttribute("xmlns") == "http://www.w3.org/2000/svg"
texts = " ".join(t.firstChild.data for t in doc.getElementsByTagName("text")
                 if t.firstChild is not None)
members = json.load(open(scen))["body"]["members"]
for m in members:
    assert m["name"] in texts, "member %s not named" % m["name"]
names = {m["id"]: m["name"] for m in members}
groups = [g for g in doc.getElementsByTagName("g")
          if g.getAttribute("class") == "consultation"]
doc_out = json.load(open(out))
result = (doc_out["proposals"] if "proposals" in doc_out else
          [p for m in doc_out["meetings"] for p in m["proposals"]])
gids = [g.getAttribute("data-proposal") for g in groups]
assert gids == [p["id"] for p in result], (gids, [p["id"] for p in result])
for g, p in zip(groups, result):
    cells = set()
    for rect in g.getElementsByTagName("rect"):
        for t in rect.getElementsByTagName("title"):
            cells.add(t.firstChild.data.split(" (")[0])
    want = {"%s, round %d: %s" % (names[mid], r["round"], st)
            for r in p["rounds"] for mid, st in r["stances"].items()}
    assert cells == want, (p["id"], sorted(cells ^ want)[:5])
    gtext = " ".join(t.firstChild.data for t in g.getElementsByTagName("text")
                     if t.firstChild is not None)
    assert ("outcome: " + p["outcome"]) in gtext, (p["id"], p["outcome"])
    # The member marked chair (the label after the name) is the chair the
    # JSON gives: in a series, that meeting's.
    ts = [x.firstChild.data for x in g.getElementsByTagName("text")
          if x.firstChild is not None]
    marked = [ts[k - 1] for k in range(1, len(ts))
              if ts[k].split(", ")[0] == "chair"]
    assert marked == ([names[p["chair"]]] if "chair" in p else []), (p["id"], marked)
PY
}

# The demo.
"$mufakat" demo --svg "$tmp/demo.svg" > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ $rc -eq 0 ] && [ -s "$tmp/demo.svg" ]; then ok; else bad "demo --svg exited $rc"; cat "$tmp/err"; fi
if well_formed "$tmp/demo.svg"; then ok; else bad "demo SVG is not well-formed XML"; fi
"$mufakat" demo --format json > "$tmp/demo.json"
if matches "$tmp/demo.svg" "$tmp/demo.json" "$top_srcdir/examples/asean-meetings.json"; then ok
else bad "demo SVG does not show the consultations"; fi
# The text output is the same with or without a picture.
"$mufakat" demo > "$tmp/plain"
if cmp -s "$tmp/plain" "$tmp/out"; then ok; else bad "--svg changed standard output"; fi

# run FILE --svg, on a scenario whose names need escaping in XML.
cat > "$tmp/esc.json" <<'EOF'
{"mufakat": 1,
 "body": {"name": "Council <of> \"Three\" & Friends",
  "members": [{"id": "A", "name": "Ayes & <Co>"},
              {"id": "B", "name": "Bee's \"Nest\""},
              {"id": "C", "name": "Cé"}],
  "chair": "A"},
 "proposals": [
  {"id": "Q&1", "title": "Fish <and> chips", "rounds": [
    {"stances": {"A": "support", "B": "object", "C": "silent"},
     "amend": {"text": "Chips only"}},
    {"stances": {"A": "join", "B": "join", "C": "reservation"}}]},
  {"id": "Q2", "title": "Concerns B", "concerns": ["B"], "rounds": [
    {"stances": {"A": "join", "B": "join", "C": "join"}}]}]}
EOF
"$mufakat" run "$tmp/esc.json" --svg "$tmp/esc.svg" > /dev/null 2> "$tmp/err"
rc=$?
if [ $rc -eq 0 ]; then ok; else bad "run --svg exited $rc"; cat "$tmp/err"; fi
if well_formed "$tmp/esc.svg"; then ok; else bad "escaped SVG is not well-formed XML"; fi
"$mufakat" run "$tmp/esc.json" --format json > "$tmp/esc.out"
if matches "$tmp/esc.svg" "$tmp/esc.out" "$tmp/esc.json"; then ok
else bad "run SVG does not show the consultations"; fi

# A picture that cannot be written: exit 1, the file named.
"$mufakat" demo --svg "$tmp/no/such/dir/x.svg" > /dev/null 2> "$tmp/err"
rc=$?
if [ $rc -eq 1 ] && grep -q "x.svg: cannot write" "$tmp/err"; then ok
else bad "unwritable --svg: exit $rc, $(cat "$tmp/err")"; fi
# --svg without a file is a wrong command line.
"$mufakat" demo --svg > /dev/null 2>&1
rc=$?
if [ $rc -eq 2 ]; then ok; else bad "--svg without a file exited $rc, want 2"; fi

# The simulator's chart (cli_svg_bars): one bar a rule, its share and
# interval as the JSON gives them.
"$mufakat" simulate --rule consensus,majority --runs 2000 --seed 3 --threads 1 \
  --svg "$tmp/sim.svg" --format json > "$tmp/sim.json" 2> "$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "not available" "$tmp/err"; then
  echo "svg: simulate is not in this build"
elif [ $rc -ne 0 ]; then
  bad "simulate --svg exited $rc"; cat "$tmp/err"
elif ! well_formed "$tmp/sim.svg"; then
  bad "the simulator's chart is not well-formed XML"
elif [ -n "$py" ]; then
  "$py" - "$tmp/sim.svg" "$tmp/sim.json" <<'CHART' && ok || bad "the simulator's chart does not show the shares"
import json, sys, xml.dom.minidom
doc = xml.dom.minidom.parse(sys.argv[1])
texts = [t.firstChild.data for t in doc.getElementsByTagName("text") if t.firstChild]
for r in json.load(open(sys.argv[2]))["rules"]:
    assert r["rule"] in texts, r["rule"]
    a = r["adopted"]
    want = "%.3g  [%.3g, %.3g]" % (a["share"], a["ci95"][0], a["ci95"][1])
    assert want in texts, (want, texts)
CHART
else ok
fi

echo "svg: $pass passed, $fail failed"
[ $fail -eq 0 ]
