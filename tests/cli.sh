#!/bin/sh
# The driver as a command-line tool: help, version, exit statuses, the
# forms of its error messages, the shape of demo's, run's and check's JSON,
# and text that reads plainly when piped and in colour on a terminal.
mufakat="$top_builddir/tools/mufakat/mufakat"
amm_json="$top_srcdir/examples/asean-amm.json"
demo_json="$top_srcdir/examples/asean-meetings.json"
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
err_is() { # err_is TEXT...: standard error is exactly these lines
  printf '%s\n' "$@" > "$tmp/want"
  if cmp -s "$tmp/want" "$tmp/err"; then ok
  else bad "standard error differs:"; diff "$tmp/want" "$tmp/err"; fi
}
out_empty() { [ ! -s "$tmp/out" ] && ok || bad "$1 wrote to standard output"; }
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3 || true)

# ---- the program ------------------------------------------------------
expect 0 "$mufakat" --help
grep -q '^Usage: mufakat' "$tmp/out" || bad "--help has no usage line"
for cmd in demo run check show report power winset dynamics simulate; do
  grep -q "^  $cmd " "$tmp/out" && ok || bad "--help does not list $cmd"
done
expect 0 "$mufakat" -h
expect 0 "$mufakat" --version
grep -q '^mufakat [0-9][0-9.]* (libmufakat [0-9][0-9.]*)$' "$tmp/out" || bad "--version: $(head -1 "$tmp/out")"
grep -q '^features: .*json' "$tmp/out" || bad "--version names no features"
expect 2 "$mufakat"
grep -q '^Usage: mufakat' "$tmp/err" || bad "no command: no usage on standard error"
expect 2 "$mufakat" no-such-command
err_is 'mufakat: unknown command "no-such-command"' "Try 'mufakat --help'."

# ---- every command's --help -------------------------------------------
# A command whose issue has not landed says so with status 2; it is
# skipped here until it does.
for cmd in demo run check show report power winset dynamics simulate; do
  "$mufakat" "$cmd" --help > "$tmp/out" 2> "$tmp/err"
  rc=$?
  if [ $rc -eq 2 ] && grep -q "not available in this build" "$tmp/err"; then
    echo "cli: $cmd is not in this build"
    continue
  fi
  [ $rc -eq 0 ] && ok || bad "$cmd --help exited $rc"
  grep -q "^Usage: mufakat $cmd" "$tmp/out" && ok || bad "$cmd --help has no usage line"
  [ -s "$tmp/err" ] && bad "$cmd --help wrote to standard error" || ok
done
for cmd in demo run check; do
  "$mufakat" "$cmd" --help > "$tmp/out"
  grep -q -- "--format text|json" "$tmp/out" && grep -q "Exit status" "$tmp/out" && ok ||
    bad "$cmd --help does not give --format and the exit status"
done

# ---- wrong command lines: status 2, a message and a hint --------------
expect 2 "$mufakat" run
err_is "mufakat: no scenario file given" "Try 'mufakat run --help'."
out_empty "run with no file"
expect 2 "$mufakat" check
err_is "mufakat: no scenario file given" "Try 'mufakat check --help'."
expect 2 "$mufakat" run a.json b.json
err_is 'mufakat: unexpected argument "b.json"' "Try 'mufakat run --help'."
expect 2 "$mufakat" run --format yaml x.json
err_is 'mufakat: --format: unknown format "yaml": expected text or json' "Try 'mufakat run --help'."
expect 2 "$mufakat" run x.json --format
err_is 'mufakat: option --format needs a value: text or json' "Try 'mufakat run --help'."
expect 2 "$mufakat" demo --no-such-option
err_is 'mufakat: unknown option "--no-such-option"' "Try 'mufakat demo --help'."
expect 2 "$mufakat" demo extra
err_is 'mufakat: unexpected argument "extra"' "Try 'mufakat demo --help'."
expect 2 "$mufakat" demo --svg
err_is 'mufakat: option --svg needs a file' "Try 'mufakat demo --help'."
expect 2 "$mufakat" check "$amm_json" --svg x.svg
err_is 'mufakat: unknown option "--svg"' "Try 'mufakat check --help'."
expect 2 "$mufakat" run "$amm_json" --journal
expect 2 "$mufakat" run "$amm_json" --time 2026-07-08T09:00:00Z
err_is 'mufakat: --time needs --journal' "Try 'mufakat run --help'."
out_empty "run --time without --journal"

# ---- invalid input: status 1, the forms of CONTRACT.md ----------------
expect 1 "$mufakat" run "$tmp/missing.json"
grep -q "^mufakat: $tmp/missing.json: cannot open" "$tmp/err" || bad "unreadable file not named: $(cat "$tmp/err")"
out_empty "run on a missing file"
printf '{"mufakat": 1,\n "body": [}\n' > "$tmp/syntax.json"
expect 1 "$mufakat" run "$tmp/syntax.json"
grep -qE "^mufakat: $tmp/syntax.json:2:[0-9]+: " "$tmp/err" || bad "syntax error without line and column: $(cat "$tmp/err")"
expect 1 "$mufakat" check "$tmp/syntax.json"
# Columns count from 1, an empty file's too (issue 17).
: > "$tmp/empty.json"
expect 1 "$mufakat" run "$tmp/empty.json"
grep -q "^mufakat: $tmp/empty.json:1:1: " "$tmp/err" || bad "an empty file not at 1:1: $(cat "$tmp/err")"
printf '\n\n' > "$tmp/blank.json"
expect 1 "$mufakat" run "$tmp/blank.json"
grep -qE "^mufakat: $tmp/blank.json:[0-9]+:[1-9][0-9]*: " "$tmp/err" || bad "a blank file at column 0: $(cat "$tmp/err")"
# A range of one value reads as that value (issue 17).
printf '{"mufakat": 2, "body": {"name": "B", "members": [{"id": "A", "name": "Aa"}]}}\n' > "$tmp/version.json"
expect 1 "$mufakat" run "$tmp/version.json"
grep -q "^mufakat: $tmp/version.json: /mufakat: expected 1, found 2" "$tmp/err" || bad "format version error: $(cat "$tmp/err")"
"$mufakat" winset --ideals 0.5 --status-quo 0 --rule quota:2 > "$tmp/out" 2> "$tmp/err"
grep -q 'or quota:1$' "$tmp/err" && ok || bad "winset's one-member range: $(head -1 "$tmp/err")"
# One member is not "1 members" (issue 17).
cat > "$tmp/one.json" <<'EOF'
{"mufakat": 1, "body": {"name": "B", "members": [{"id": "A", "name": "Aa"}], "chair": "A"},
 "proposals": [{"id": "P1", "title": "t", "rounds": [{"stances": {"A": "join"}}]}]}
EOF
expect 0 "$mufakat" run "$tmp/one.json"
grep -q "1 members" "$tmp/out" && bad "run says 1 members" || ok
grep -q "^ *1 member," "$tmp/out" && ok || bad "run does not say 1 member: $(sed -n 2p "$tmp/out")"
cat > "$tmp/pointer.json" <<'EOF'
{"mufakat": 1, "body": {"name": "B", "members": [{"id": "A", "name": "Aa"}], "chair": "A"},
 "proposals": [{"id": "P1", "title": "t", "sponsors": ["ZZ"], "rounds": [{"stances": {}}]}]}
EOF
expect 1 "$mufakat" run "$tmp/pointer.json" --format json
grep -q "^mufakat: $tmp/pointer.json: /proposals/0/sponsors/0: .*\"ZZ\"" "$tmp/err" ||
  bad "error without its JSON Pointer: $(cat "$tmp/err")"
out_empty "run on an invalid file"
if "$mufakat" --version | grep -q '^features:.* cbor'; then
  printf '\241\147mufakat' > "$tmp/torn.cbor"
  expect 1 "$mufakat" run "$tmp/torn.cbor"
  grep -qE "^mufakat: $tmp/torn.cbor: byte [0-9]+: " "$tmp/err" || bad "CBOR error without its byte: $(cat "$tmp/err")"
fi
if [ -w /dev/full ]; then
  "$mufakat" demo > /dev/full 2> "$tmp/err"
  [ $? -eq 1 ] && grep -q "cannot write" "$tmp/err" && ok || bad "a full standard output is not an error"
fi

# ---- run --journal: a record of each proposal -------------------------
"$mufakat" run "$amm_json" --journal "$tmp/amm.journal" --time 2026-07-08T09:00:00Z \
  > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "not available" "$tmp/err"; then
  echo "cli: run --journal is not in this build"
else
  [ $rc -eq 0 ] && ok || { bad "run --journal exited $rc"; cat "$tmp/err"; }
  "$mufakat" run "$amm_json" > "$tmp/plain"
  cmp -s "$tmp/out" "$tmp/plain" && ok || bad "--journal changed standard output"
  [ "$(od -An -tx1 -N3 "$tmp/amm.journal" | tr -d ' ')" = d9d9f7 ] && ok ||
    bad "the journal does not start with tag 55799"
  expect 0 "$mufakat" run "$amm_json" --journal "$tmp/amm.journal" --format json
  if [ -n "$py" ] && "$mufakat" show "$tmp/amm.journal" --format json > "$tmp/show" 2> "$tmp/err"; then
    "$py" -c 'import json, sys; n = len(json.load(open(sys.argv[1]))["records"]); sys.exit(n != 16)' \
      "$tmp/show" && ok || bad "show does not give the 16 records of two runs"
  fi
  expect 2 "$mufakat" run "$amm_json" --journal "$tmp/amm.journal" --time yesterday
fi

# ---- text: a narrative, plain when piped -----------------------------
expect 0 "$mufakat" demo
grep -q "Philippines" "$tmp/out" || bad "demo does not name the chair"
for id in P1 P2 P3 P4 P5 P6 P7 P8 P9 P10 P10/rule-1; do
  grep -q "^$id  " "$tmp/out" && ok || bad "demo does not tell $id"
done
# Ten proposals, P9 put at both meetings, and P10 at the Summit on its
# rule and then decided under it: 13 consultations.
[ "$(grep -c '^    Outcome: ' "$tmp/out")" = 13 ] && ok || bad "demo: not one outcome a consultation"
grep -q "^Meeting 2 of 2, 2027: chaired by Singapore\.$" "$tmp/out" && ok || bad "demo: no second meeting"
grep -q "^    member  *round 1  *round 2" "$tmp/out" && ok || bad "demo: no table of rounds"
# The narrative, its lines joined.
tr '\n' ' ' < "$tmp/out" | tr -s ' ' > "$tmp/flat"
says() { grep -qF -- "$1" "$tmp/flat" && ok || bad "demo does not say: $1"; }
says "Round 1: blocked. Cambodia, Lao PDR and Myanmar object."
says "Where it stands: 0.9 on the body's policy scale, against a status quo of 0."
says "The Chair, Philippines, consults and amends the text for round 2: it moves from 0.9 to 0.549"
says "Myanmar and Viet Nam join with a reservation"
says "Cambodia, Lao PDR and Myanmar stand aside: not bound"
says "it concerns the internal affairs of Myanmar, which has not consented"
says "It concerns the internal affairs of Myanmar, which consents"
says "The Chair issues a Chair's Statement"
says "Thailand objects, but as a party to the dispute its objection is not counted"
says "Thailand is not bound"
says "Taken up again from the meeting before, its rounds numbered on"
says "Round 3: adopted."
says "At the Summit: how P10 is to be decided, by consensus of the ASEAN Summit."
says "The Summit chooses the rule flexible: P10 is decided under it by the ASEAN Foreign Ministers' Meeting."
says "\"ASEAN minus 2\""
says "Lao PDR and Myanmar stand aside: not bound, free to join later."
# The short simulation, where the rules come apart (the shares are the
# driver's: simulate --runs 2000 --seed 1 --max-rounds 1 --tolerance 0.1
# --externality 0.3 --absence 0.05 --rule consensus,flexible,silence)
says "consensus adopts 11.8% flexible adopts 31.4% silence adopts 20.6%"
says "under the silence procedure a member not heard consents"
if grep -q "$(printf '\033')" "$tmp/out"; then bad "colour when piped"; else ok; fi
awk 'length > 79 { exit 1 }' "$tmp/out" && ok || bad "demo: lines longer than 79 columns"
# The same, less the demo's first paragraph and its closing simulation
# (after a blank line), as run on the example file.
"$mufakat" run "$demo_json" > "$tmp/run.txt"
sed '1,/^$/d' "$tmp/out" | sed -n '/^A short simulation$/q;p' | sed '$d' \
  > "$tmp/demo.txt"
cmp -s "$tmp/demo.txt" "$tmp/run.txt" && ok || bad "run on the installed example differs from demo"

# "In short": one column for the outcomes and one for the titles, however
# long the ids (summit.json's AEC-1 and APSC-1; a series' with its ids made
# longer than 4 characters).
short_aligned() { # short_aligned FIELDS FILE: the rows' columns all line up
  sed -n '/^In short$/,$p' "$2" | awk -v n="$1" '
    /^  [^ ]/ { re = "^  "; for (k = 0; k < n; k++) re = re "[^ ]+ +"
                if (!match($0, re)) exit 1
                if (at != "" && RLENGTH != at) exit 1
                at = RLENGTH; rows++ }
    END { exit rows < 2 }'
}
(cd "$top_srcdir/tests/data/run" && "$mufakat" run summit.json) > "$tmp/summit.txt"
short_aligned 1 "$tmp/summit.txt" && short_aligned 2 "$tmp/summit.txt" && ok ||
  bad "run: In short misaligned with ids of 5 and 6 characters: $(sed -n '/^In short$/,$p' "$tmp/summit.txt")"
sed 's/"P1"/"APSC-1"/g; s/"P3"/"AEC-3"/g' "$top_srcdir/tests/data/series/series.json" \
  > "$tmp/series-ids.json"
"$mufakat" run "$tmp/series-ids.json" > "$tmp/series-ids.txt"
short_aligned 2 "$tmp/series-ids.txt" && short_aligned 3 "$tmp/series-ids.txt" && ok ||
  bad "run of meetings: In short misaligned with long ids: $(sed -n '/^In short$/,$p' "$tmp/series-ids.txt")"

# A proposal's Plan of Action component is named only when it was given:
# flexible.json gives F1 one, the others none (no "political development",
# the default, on an economic or socio-cultural proposal).
"$mufakat" run "$top_srcdir/tests/data/run/flexible.json" > "$tmp/flexible.txt"
grep '^    Put on the table; ' "$tmp/flexible.txt" > "$tmp/pillars"
printf '%s\n' "    Put on the table; Economic pillar, implementing mechanisms." \
  "    Put on the table; Political-Security pillar." \
  "    Put on the table; Socio-Cultural pillar." \
  "    Put on the table; Economic pillar." "    Put on the table; Economic pillar." \
  > "$tmp/want"
cmp -s "$tmp/pillars" "$tmp/want" && ok ||
  bad "run: components not given are named: $(cat "$tmp/pillars")"

# Colour on a terminal, none with NO_COLOR or TERM=dumb.
if [ -n "$py" ] && "$py" -c 'import pty; pty.openpty()' 2>/dev/null; then
  onpty() { "$py" - "$@" <<'PY'
import os, pty, sys
out = b""
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
os.waitpid(pid, 0)
sys.exit(0 if b"\x1b[" in out else 3)
PY
  }
  (unset NO_COLOR; TERM=xterm; export TERM; onpty "$mufakat" demo) && ok || bad "no colour on a terminal"
  (NO_COLOR=1; export NO_COLOR; onpty "$mufakat" demo); [ $? -eq 3 ] && ok || bad "colour despite NO_COLOR"
  (unset NO_COLOR; TERM=dumb; export TERM; onpty "$mufakat" demo); [ $? -eq 3 ] && ok || bad "colour with TERM=dumb"
fi

# check: admissibility in words, no round held.
expect 0 "$mufakat" check "$amm_json"
[ "$(grep -c '^    Admissible: ' "$tmp/out")" = 7 ] && ok || bad "check: not 7 admissible"
[ "$(grep -c '^    Inadmissible: ' "$tmp/out")" = 1 ] && ok || bad "check: not 1 inadmissible"
grep -q "round 1" "$tmp/out" && bad "check holds rounds" || ok

# ---- JSON: CONTRACT's shape, and what the demo shows -----------------
expect 0 "$mufakat" demo --format json
cp "$tmp/out" "$tmp/demo.json"
expect 0 "$mufakat" run "$demo_json" --format json
cmp -s "$tmp/out" "$tmp/demo.json" && ok || bad "run --format json on the example differs from demo"
expect 0 "$mufakat" check "$amm_json" --format json
cp "$tmp/out" "$tmp/check.json"
if [ -n "$py" ]; then
  "$py" - "$tmp/demo.json" "$tmp/check.json" <<'PY' && ok || bad "demo JSON has not CONTRACT's shape or outcomes"
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["meetings"]
assert [(m["year"], [p["id"] for p in m["proposals"]]) for m in d["meetings"]] == [
    (2026, ["P%d" % k for k in range(1, 10)]), (2027, ["P9", "P10"])]
ps = d["meetings"][0]["proposals"][:8]
ids = ["BRN","KHM","IDN","LAO","MYS","MMR","PHL","SGP","THA","TLS","VNM"]
stances = {"support","join","reservation","abstain","not-ready","object","silent"}
for p in ps:
    keys = ["id","admissible","violations","rounds","outcome","participants","chair"]
    assert list(p) == keys, list(p)
    assert p["chair"] == "PHL"
    assert isinstance(p["admissible"], bool)
    for v in p["violations"]:
        assert list(v) == ["principle","members","mode"], v
    for k, r in enumerate(p["rounds"]):
        assert r["round"] == k + 1
        assert set(r) <= {"round","position","verdict","blockers","stances"}
        assert list(r["stances"]) == ids
        assert set(r["stances"].values()) <= stances
        assert r["verdict"] in ("adopted","blocked","short")
        assert r["blockers"] == [m for m in ids if m in r["blockers"]]
        assert (r["verdict"] == "blocked") == bool(r["blockers"])
    assert p["participants"] == [m for m in ids if m in p["participants"]]
    if not p["outcome"].startswith("adopted"):
        assert p["participants"] == []
by = {p["id"]: p for p in ps}
def rounds(i): return len(by[i]["rounds"])
assert by["P1"]["outcome"] == "adopted" and rounds("P1") == 1
assert by["P1"]["participants"] == ids
assert by["P2"]["outcome"] == "adopted" and rounds("P2") >= 2
p2 = by["P2"]["rounds"]
assert p2[0]["verdict"] == "blocked" and p2[0]["position"] != p2[-1]["position"]
assert by["P3"]["outcome"] == "adopted-with-reservations"
assert by["P4"]["outcome"] == "adopted-flexible"
assert set(ids) - set(by["P4"]["participants"]) == {"KHM","LAO","MMR"}
assert by["P5"]["outcome"] == "inadmissible" and not by["P5"]["admissible"]
assert by["P5"]["rounds"] == []
assert by["P5"]["violations"] == [{"principle": "internal-affairs", "members": ["MMR"], "mode": "enforce"}]
assert by["P6"]["outcome"] == "adopted" and by["P6"]["admissible"]
assert by["P7"]["outcome"] == "chairs-statement" and rounds("P7") == 3
assert all(r["verdict"] == "blocked" for r in by["P7"]["rounds"])
assert by["P8"]["outcome"] == "adopted"
assert set(ids) - set(by["P8"]["participants"]) == {"THA"}
p9 = [d["meetings"][0]["proposals"][8], d["meetings"][1]["proposals"][0]]
assert [p["outcome"] for p in p9] == ["deferred", "adopted"]
assert [r["round"] for p in p9 for r in p["rounds"]] == [1, 2, 3]
assert d["meetings"][1]["proposals"][0]["chair"] == "SGP"
p10 = d["meetings"][1]["proposals"][1]
assert p10["outcome"] == "referred-to-summit"
s = p10["summit"]
assert (s["rule"], s["decided_by"]) == ("flexible", "body")
assert [x["outcome"] for x in s["step1"]] == ["adopted"]
assert s["step2"]["outcome"] == "adopted-flexible"
assert set(ids) - set(s["step2"]["participants"]) == {"LAO", "MMR"}
c = json.load(open(sys.argv[2]))
assert [list(p) for p in c["proposals"]] == [["id","admissible","violations"]] * len(ps)
assert [p["admissible"] for p in c["proposals"]] == [p["admissible"] for p in ps]
PY
fi

# ---- the analysis commands and simulate -------------------------------
# Each is checked only where this build has it. Expected values are worked
# out by hand from CONTRACT.md, or computed here from first principles.
have() {
  "$mufakat" "$1" --help > /dev/null 2> "$tmp/err"
  [ $? -eq 2 ] && grep -q "not available in this build" "$tmp/err" && {
    echo "cli: $1 is not in this build"; return 1; }
  return 0
}

# A wrong option: status 2, the hint, nothing on standard output.
for cmd in power winset dynamics simulate show report; do
  have "$cmd" || continue
  expect 2 "$mufakat" "$cmd" --no-such-option
  tail -n 1 "$tmp/err" | grep -qxF "Try 'mufakat $cmd --help'." && ok ||
    bad "$cmd --no-such-option gives no hint: $(cat "$tmp/err")"
  out_empty "$cmd --no-such-option"
done

if have simulate; then
  # The same seed gives the same bytes whatever the threads; another seed
  # draws other runs.
  expect 0 "$mufakat" simulate --format json --runs 5000 --seed 3 --threads 1
  cp "$tmp/out" "$tmp/sim1.json"
  expect 0 "$mufakat" simulate --format json --runs 5000 --seed 3 --threads 4
  cmp -s "$tmp/out" "$tmp/sim1.json" && ok || bad "simulate: 4 threads print other bytes than 1"
  [ -s "$tmp/sim1.json" ] && ok || bad "simulate --format json printed nothing"
  expect 0 "$mufakat" simulate --format json --runs 5000 --seed 4 --threads 1
  cmp -s "$tmp/out" "$tmp/sim1.json" && bad "simulate: seeds 3 and 4 print the same" || ok
  expect 2 "$mufakat" simulate --rule nonsense
  grep -q "nonsense" "$tmp/err" && ok || bad "simulate --rule nonsense does not quote it"
  out_empty "simulate --rule nonsense"
  expect 1 "$mufakat" simulate --runs 10 --csv /nonexistent/x
  grep -q "^mufakat: /nonexistent/x: " "$tmp/err" && ok || bad "unwritable --csv not named: $(cat "$tmp/err")"
  expect 1 "$mufakat" simulate --runs 10 --scenario /nonexistent
  grep -q "^mufakat: /nonexistent: " "$tmp/err" && ok || bad "unreadable --scenario not named: $(cat "$tmp/err")"
  out_empty "simulate --scenario /nonexistent"
  expect 0 "$mufakat" simulate --format json --runs 2000 --seed 5 --rule consensus,unanimity,majority
  cp "$tmp/out" "$tmp/sim2.json"
  if [ -n "$py" ]; then
    "$py" - "$tmp/sim1.json" "$tmp/sim2.json" <<'PY' && ok || bad "simulate JSON has not CONTRACT's keys or sums"
import json, sys
outcomes = ["adopted", "adopted-with-reservations", "adopted-flexible",
            "deferred", "referred-to-summit", "chairs-statement",
            "withdrawn", "no-outcome", "inadmissible"]
def rule(r, runs, seed, name=None, members=11):
    for k in ("runs", "seed", "rule", "adopted", "outcomes", "mean_rounds",
              "member_rounds"):
        assert k in r, k
    assert r["runs"] == runs and r["seed"] == seed, r
    assert isinstance(r["rule"], str)
    if name is not None:
        assert r["rule"] == name, r["rule"]
    assert set(r["outcomes"]) <= set(outcomes), r["outcomes"]
    assert sum(r["outcomes"].values()) == runs
    adopted = sum(r["outcomes"].get(k, 0) for k in outcomes[:3])
    share = r["adopted"]["share"]
    assert abs(share - adopted / runs) < 1e-12, (share, adopted)
    lo, hi = r["adopted"]["ci95"]
    assert 0 <= lo <= share <= hi <= 1 and lo < hi, (lo, share, hi)
    # every member takes a stance in every round held, 1 to 10 rounds
    assert 1 <= r["mean_rounds"] <= 10
    assert abs(r["member_rounds"] - members * r["mean_rounds"] * runs) < 1e-6 * r["member_rounds"]
    return adopted
one = json.load(open(sys.argv[1]))
rule(one, 5000, 3)
two = json.load(open(sys.argv[2]))
assert list(two) == ["runs", "seed", "rules", "paired"], list(two)
assert two["runs"] == 2000 and two["seed"] == 5
assert len(two["rules"]) == 3
c = rule(two["rules"][0], 2000, 5, "consensus")
u = rule(two["rules"][1], 2000, 5, "unanimity")
m = rule(two["rules"][2], 2000, 5, "majority")
# The model's stances are join or object: on the same proposals, unanimity
# and consensus adopt exactly the same runs.
assert c == u, (c, u)
# Paired comparisons, i < j: the 2 x 2 counts add up to each rule's
# adoptions, and the interval is Newcombe's method 10 (CONTRACT), from
# the rules' own Wilson intervals.
names = ["consensus", "unanimity", "majority"]
pairs = two["paired"]
assert [p["rules"] for p in pairs] == [[names[i], names[j]] for i in range(3) for j in range(i + 1, 3)]
adopted = [c, u, m]
k = 0
for i in range(3):
    for j in range(i + 1, 3):
        p = pairs[k]; k += 1
        assert list(p) == ["rules", "both", "first_only", "second_only", "neither", "difference", "ci95"], list(p)
        n11, n10, n01, n00 = p["both"], p["first_only"], p["second_only"], p["neither"]
        R = 2000
        assert n11 + n10 + n01 + n00 == R
        assert n11 + n10 == adopted[i] and n11 + n01 == adopted[j], p
        pa, pb = adopted[i] / R, adopted[j] / R
        la, ua = two["rules"][i]["adopted"]["ci95"]
        lb, ub = two["rules"][j]["adopted"]["ci95"]
        D = pb - pa
        assert abs(p["difference"] - D) < 1e-12
        delta = n11 * n00 - n10 * n01
        M = (n11 + n10) * (n01 + n00) * (n11 + n01) * (n10 + n00)
        if M == 0 or 0 <= delta <= R / 2:
            phi = 0
        elif delta > R / 2:
            phi = (delta - R / 2) / M ** 0.5
        else:
            phi = delta / M ** 0.5
        lo = D - max(0, (pb - lb) ** 2 - 2 * phi * (pb - lb) * (ua - pa) + (ua - pa) ** 2) ** 0.5
        hi = D + max(0, (ub - pb) ** 2 - 2 * phi * (ub - pb) * (pa - la) + (pa - la) ** 2) ** 0.5
        assert abs(p["ci95"][0] - lo) < 1e-12 and abs(p["ci95"][1] - hi) < 1e-12, (p, lo, hi)
        assert lo <= D <= hi
# consensus and unanimity: the same runs; majority adopts more
assert pairs[0]["first_only"] == 0 and pairs[0]["second_only"] == 0
assert pairs[1]["difference"] > 0 and pairs[1]["ci95"][0] > 0
PY
  fi

  # Sweeps: N values from FROM to TO, the last exactly TO; each point is
  # what a plain simulate at that value prints, on the same seed.
  sw="--runs 1500 --seed 6 --threads 2 --rule consensus,majority"
  expect 0 "$mufakat" simulate $sw --sweep face-saving=0.2:0.9:8 --format json
  cp "$tmp/out" "$tmp/sweep.json"
  expect 0 "$mufakat" simulate $sw --face-saving 0.5 --format json
  cp "$tmp/out" "$tmp/plain5.json"
  expect 0 "$mufakat" simulate $sw --face-saving 0.9 --format json
  cp "$tmp/out" "$tmp/plain9.json"
  expect 0 "$mufakat" simulate $sw --sweep members=3:9:3 --format json
  cp "$tmp/out" "$tmp/sweepm.json"
  expect 0 "$mufakat" simulate $sw --members 6 --format json
  cp "$tmp/out" "$tmp/plainm.json"
  if [ -n "$py" ]; then
    "$py" - "$tmp" <<'PY' && ok || bad "simulate --sweep: values or points wrong"
import json, sys
t = sys.argv[1]
d = json.load(open(t + "/sweep.json"))
assert list(d) == ["runs", "seed", "sweep", "points"], list(d)
assert d["runs"] == 1500 and d["seed"] == 6
assert d["sweep"]["name"] == "face-saving"
v = d["sweep"]["values"]
want = [0.2 + k * (0.9 - 0.2) / 7 for k in range(7)] + [0.9]
assert v == want, (v, want)
assert 0.2 + 7 * (0.9 - 0.2) / 7 != 0.9  # the last is TO, not the formula
assert [p["value"] for p in d["points"]] == v
for k, name in ((3, "plain5"), (7, "plain9")):
    plain = json.load(open(t + "/%s.json" % name))
    assert d["points"][k]["rules"] == plain["rules"], k
m = json.load(open(t + "/sweepm.json"))
assert m["sweep"] == {"name": "members", "values": [3, 6, 9]}, m["sweep"]
assert m["points"][1]["rules"] == json.load(open(t + "/plainm.json"))["rules"]
assert len(m["points"][2]["rules"][0]["members"]) == 9
PY
  fi
  expect 0 "$mufakat" simulate $sw --sweep face-saving=0.2:0.9:8 --csv "$tmp/sweep.csv" --svg "$tmp/sweep.svg"
  [ "$(head -1 "$tmp/sweep.csv")" = "name,value,rule,runs,adopted,share,ci_lo,ci_hi,mean_rounds" ] && ok || bad "sweep --csv header: $(head -1 "$tmp/sweep.csv")"
  [ "$(wc -l < "$tmp/sweep.csv")" -eq 17 ] && ok || bad "sweep --csv: not 16 rows and a header"
  grep -q '^face-saving,0.9,majority,1500,' "$tmp/sweep.csv" && ok || bad "sweep --csv: no row for the last value"
  grep -q '<polyline' "$tmp/sweep.svg" && grep -q '<polygon' "$tmp/sweep.svg" && ok || bad "sweep --svg draws no lines or bands"
  # The text: a row per value, a column per rule.
  [ "$(sed -n 3p "$tmp/out" | tr -s ' ')" = "face-saving consensus majority" ] && ok || bad "sweep table head: $(sed -n 3p "$tmp/out")"
  [ "$(grep -c '^0\.[0-9]* *0\.[0-9]* \[' "$tmp/out")" -eq 8 ] && ok || bad "sweep table rows: $(cat "$tmp/out")"
  # Wrong command lines, exit 2 and nothing on standard output.
  for spec in "members=3:4:3" "face-saving=0:2:3" "concession=0:1" \
              "concession=0:1:1" "quorum=0:1:3" "chair=0:1:3" \
              "dims=1:2.5:2"; do
    expect 2 "$mufakat" simulate --runs 10 --sweep "$spec"
    out_empty "simulate --sweep $spec"
  done
  expect 2 "$mufakat" simulate --runs 10 --sweep spread=0:1:3 --spread 0.2
  expect 2 "$mufakat" simulate --runs 10 --sweep members=3:9:3 --members 5
  expect 2 "$mufakat" simulate --runs 10 --sweep members=3:9:3 --scenario "$amm_json"
  grep -q "not with --scenario" "$tmp/err" && ok || bad "sweep members with --scenario: $(cat "$tmp/err")"
fi

if have power && [ -n "$py" ]; then
  # Weights 2,1,1, quota 3: the winning coalitions are {1,2}, {1,3} and
  # {1,2,3}; player 1 swings in all three, the others in one each, so
  # Banzhaf 3/5 and Shapley-Shubik 4/6 for player 1. The script counts
  # every index from the coalitions.
  expect 0 "$mufakat" power --quota 3 --weights 2,1,1 --format json
  "$py" - "$tmp/out" 3 2,1,1 <<'PY' && ok || bad "power: wrong indices or keys: $(cat "$tmp/out")"
import itertools, json, math, sys
d = json.load(open(sys.argv[1]))
q, w = int(sys.argv[2]), [int(x) for x in sys.argv[3].split(",")]
n = len(w)
assert d["quota"] == q and d["total_weight"] == sum(w)
ps = d["players"]
assert len(ps) == n
keys = ["name", "weight", "banzhaf", "banzhaf_absolute", "shapley_shubik",
        "coleman_prevent", "coleman_initiate"]
coalitions = [set(c) for k in range(n + 1) for c in itertools.combinations(range(n), k)]
wins = lambda c: sum(w[i] for i in c) >= q
winning = [c for c in coalitions if wins(c)]
swings = [sum(1 for c in winning if i in c and not wins(c - {i})) for i in range(n)]
pivots = [0] * n
for order in itertools.permutations(range(n)):
    total = 0
    for i in order:
        total += w[i]
        if total >= q:
            pivots[i] += 1
            break
want = {"banzhaf": [s / sum(swings) for s in swings],
        "banzhaf_absolute": [s / 2 ** (n - 1) for s in swings],
        "shapley_shubik": [p / math.factorial(n) for p in pivots],
        "coleman_prevent": [s / len(winning) for s in swings],
        "coleman_initiate": [s / (2 ** n - len(winning)) for s in swings]}
for i, p in enumerate(ps):
    for k in keys:
        assert k in p, k
    assert isinstance(p["name"], str) and p["weight"] == w[i]
    for k, v in want.items():
        assert abs(p[k] - v[i]) <= 1e-12, (i, k, p[k], v[i])
assert abs(ps[0]["banzhaf"] - 0.6) <= 1e-12
assert abs(ps[0]["shapley_shubik"] - 2 / 3) <= 1e-12
PY
  expect 0 "$mufakat" power --quota 3 --weights 2,1,1 --names A,B,C --format json
  "$py" -c 'import json, sys; sys.exit([p["name"] for p in json.load(open(sys.argv[1]))["players"]] != ["A", "B", "C"])' \
    "$tmp/out" && ok || bad "power --names A,B,C: $(cat "$tmp/out")"
  # --index: only the indices asked for, then veto and dummy; the new
  # ones against the coalitions listed.
  expect 0 "$mufakat" power --quota 5 --weights 3,2,2,1 --index johnston,banzhaf,deegan_packel,public_good --format json
  "$py" - "$tmp/out" 5 3,2,2,1 <<'PY' && ok || bad "power --index: $(cat "$tmp/out")"
import itertools, json, sys
d = json.load(open(sys.argv[1]))
q, w = int(sys.argv[2]), [int(x) for x in sys.argv[3].split(",")]
n = len(w)
wins = lambda c: sum(w[i] for i in c) >= q
coalitions = [set(c) for k in range(n + 1) for c in itertools.combinations(range(n), k)]
winning = [c for c in coalitions if wins(c)]
critical = lambda c: [i for i in c if not wins(c - {i})]
mwc = [c for c in winning if len(critical(c)) == len(c)]
dp = [sum(1 / len(c) for c in mwc if i in c) / len(mwc) for i in range(n)]
pg = [sum(1 for c in mwc if i in c) for i in range(n)]
pg = [x / sum(pg) for x in pg]
jn = [sum(1 / len(critical(c)) for c in winning if i in critical(c)) for i in range(n)]
jn = [x / sum(jn) for x in jn]
sw = [sum(1 for c in winning if i in critical(c)) for i in range(n)]
bz = [x / sum(sw) for x in sw]
for i, p in enumerate(d["players"]):
    assert list(p) == ["name", "weight", "banzhaf", "deegan_packel",
                       "public_good", "johnston", "veto", "dummy"], list(p)
    for k, v in (("banzhaf", bz), ("deegan_packel", dp), ("public_good", pg),
                 ("johnston", jn)):
        assert abs(p[k] - v[i]) <= 1e-12, (i, k, p[k], v[i])
PY
  expect 0 "$mufakat" power --quota 3 --weights 2,1,1 --index banzhaf
  grep -q 'banzhaf' "$tmp/out" && ! grep -q -i 'shapley' "$tmp/out" && ok ||
    bad "power --index banzhaf, text: $(cat "$tmp/out")"
  # A weight past the largest is refused as such, not as "not a list".
  expect 2 "$mufakat" power --quota 3 --weights 2,1000000000000000000,1
  grep -q '^mufakat: --weights: weight 2, 1000000000000000000, is past 999999999999999, the largest a weight may be$' "$tmp/err" && ok ||
    bad "power, a weight of 10^18: $(cat "$tmp/err")"
  expect 2 "$mufakat" power --quota 3 --weights 2,1,1 --index banzhaf,nakamura
  grep -q '^mufakat: --index: "nakamura" is not an index' "$tmp/err" && ok ||
    bad "power --index nakamura: $(cat "$tmp/err")"
  # --method approximate: banzhaf and shapley_shubik with bounds; a small
  # game is taken exactly, its bounds 0.
  expect 0 "$mufakat" power --quota 3 --weights 2,1,1 --method approximate --format json
  "$py" - "$tmp/out" <<'PY' && ok || bad "power --method approximate: $(cat "$tmp/out")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["method"] == "approximate"
p = d["players"][0]
assert abs(p["banzhaf"] - 0.6) <= 1e-12 and abs(p["shapley_shubik"] - 2 / 3) <= 1e-12
assert p["error"] == {"banzhaf": 0, "shapley_shubik": 0}
assert p["veto"] is True and p["dummy"] is None
PY
  expect 2 "$mufakat" power --quota 3 --weights 2,1,1 --method approximate --index johnston
  err_is 'mufakat: --method approximate: only banzhaf and shapley_shubik, not johnston' "Try 'mufakat power --help'."
  # --weights @FILE, and its errors by line and column
  printf '2\n1, 1\n' > "$tmp/weights"
  expect 0 "$mufakat" power --quota 3 --weights "@$tmp/weights" --index banzhaf --format json
  "$py" -c 'import json, sys; sys.exit([p["weight"] for p in json.load(open(sys.argv[1]))["players"]] != [2, 1, 1])' \
    "$tmp/out" && ok || bad "power --weights @FILE: $(cat "$tmp/out")"
  printf '2 1\n1 x\n' > "$tmp/weights"
  expect 1 "$mufakat" power --quota 3 --weights "@$tmp/weights"
  err_is "mufakat: $tmp/weights:2:3: not a weight (an integer from 0 to 999999999999999)"
  # tables over the limit: the size asked and the limit, before any is taken
  expect 1 "$mufakat" power --quota 135000001 --weights 135000000,135000000,1 --index shapley_shubik
  grep -q '^mufakat: power: the tables of exact counts would take 1080000312 bytes (1.01 GiB); the limit is 1073741824 bytes (1 GiB)$' "$tmp/err" && ok ||
    bad "power over the limit: $(cat "$tmp/err")"
fi

if have winset; then
  # Ideals 0, 1, 2 and status quo 3: member 0 prefers (-3, 3), member 1
  # (-1, 3), member 2 (1, 3); two of three agree on (-1, 3).
  expect 0 "$mufakat" winset --ideals 0,1,2 --status-quo 3 --rule majority --format json
  [ "$(cat "$tmp/out")" = '{"empty": false, "winset": [[-1, 3]]}' ] && ok ||
    bad "winset majority: $(cat "$tmp/out")"
  # A status quo at the median: nothing beats it.
  expect 0 "$mufakat" winset --ideals 0,1,2 --status-quo 1 --rule majority --format json
  [ "$(cat "$tmp/out")" = '{"empty": true, "winset": []}' ] && ok ||
    bad "winset at the median: $(cat "$tmp/out")"
  # Two dimensions: the first ideal point (0,0) is nearer every member
  # than the status quo (3,3), so it is in the win-set and is the point.
  expect 0 "$mufakat" winset --ideals "0,0;1,0;0,1" --status-quo 3,3 --rule majority --format json
  if [ -n "$py" ]; then
    "$py" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["empty", "point"] and d["empty"] is False
assert len(d["point"]) == 2 and all(abs(x) <= 1e-9 for x in d["point"])
' "$tmp/out" && ok || bad "winset in two dimensions: $(cat "$tmp/out")"
  else
    grep -q '"point"' "$tmp/out" && ok || bad "winset in two dimensions gives no point"
  fi
fi

if have dynamics && [ -n "$py" ]; then
  # Everyone heeds both equally: one step to the mean, then no move.
  expect 0 "$mufakat" dynamics --model degroot --matrix "0.5,0.5;0.5,0.5" --initial 0,1 --format json
  "$py" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["converged"] is True and isinstance(d["rounds"], int)
assert len(d["final"]) == 2 and all(abs(x - 0.5) <= 1e-12 for x in d["final"])
' "$tmp/out" && ok || bad "dynamics degroot: $(cat "$tmp/out")"
  # Friedkin-Johnsen, susceptibility 1/2: x = m/2 + x(0)/2 with m the mean,
  # so m = m/2 + 1/4, m = 1/2 and x = (1/4, 3/4).
  expect 0 "$mufakat" dynamics --model friedkin-johnsen --matrix "0.5,0.5;0.5,0.5" \
    --initial 0,1 --susceptibility 0.5,0.5 --format json
  "$py" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["converged"] is True
f = d["final"]
assert abs(f[0] - 0.25) <= 1e-10 and abs(f[1] - 0.75) <= 1e-10
' "$tmp/out" && ok || bad "dynamics friedkin-johnsen: $(cat "$tmp/out")"
fi

# One member, one run, one round: the heading's counts in the singular.
expect 0 "$mufakat" simulate --members 1 --runs 1 --max-rounds 1
head -n 1 "$tmp/out" | grep -qx '1 run, seed 1: 1 member, 1 dimension, at most 1 round' &&
  ok || bad "simulate's heading in the singular: $(head -n 1 "$tmp/out")"

echo "cli: $pass passed, $fail failed"
[ $fail -eq 0 ]
