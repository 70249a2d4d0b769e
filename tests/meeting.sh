#!/bin/sh
# mufakat-meeting answered from here-documents: the verdicts it announces,
# the Chair's amendment, the outcome, the journal it appends to, and its
# exit statuses.
meeting="$top_builddir/examples/mufakat-meeting"
mufakat="$top_builddir/tools/mufakat/mufakat"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
has() { # has TEXT: standard output of the last meeting has the line TEXT
  if grep -qxF -- "$1" "$tmp/out"; then ok; else bad "no line \"$1\""; sed 's/^/  | /' "$tmp/out"; fi
}
status() { # status WANT GOT WHAT
  if [ "$2" = "$1" ]; then ok; else bad "$3 exited $2, want $1"; cat "$tmp/err"; fi
}

cat > "$tmp/council.json" <<'EOF'
{"mufakat": 1,
 "body": {"name": "Council",
  "members": [{"id": "A", "name": "Aland"}, {"id": "B", "name": "Bland"},
              {"id": "C", "name": "Cland"}],
  "chair": "A", "max_rounds": 3, "fallback": "chairs-statement"},
 "proposals": [
  {"id": "P1", "title": "Fish", "text": "Fish on Fridays",
   "rounds": [{"stances": {}}]},
  {"id": "P2", "title": "Inside Bland", "concerns": ["B"],
   "rounds": [{"stances": {}}]},
  {"id": "P3", "title": "Dispute", "parties": ["B", "C"], "consent": ["B", "C"],
   "rule": {"kind": "consensus-minus-x", "max": 2},
   "rounds": [{"stances": {}}]}]}
EOF

# Blocked, amended by the Chair, then adopted with a reservation; a
# stance it does not know is asked again.
"$meeting" "$tmp/council.json" P1 > "$tmp/out" 2> "$tmp/err" <<'EOF'
support
object

j
Fish on Saturdays
s
maybe
r

join
EOF
status 0 $? "meeting P1"
has "Round 1: blocked by Bland (object)."
has "Round 2 on: \"Fish on Saturdays\""
has "Round 2: adopted. 3 of 3 members in favour; nobody stands in the way; reservations on record: Bland (reservation)."
has "Outcome: adopted-with-reservations. Every member is bound."
grep -q "expected one of: support (s), join (j)," "$tmp/out" && ok || bad "an unknown stance is not asked again"

# Blocked every round, the text kept: the fallback after max_rounds.
printf 'o\n\nj\nj\n\nsilent\nj\nj\n\nj\nj\nnot-ready\n' |
  "$meeting" "$tmp/council.json" P1 > "$tmp/out" 2> "$tmp/err"
status 0 $? "meeting P1, blocked"
has "Round 1: blocked by Aland (object)."
has "Round 2: blocked by Aland (silent)."
has "Round 3: blocked by Cland (not-ready)."
has "Outcome: chairs-statement."

# The Chair moves the position; a position it cannot read keeps the text.
cat > "$tmp/model.json" <<'EOF'
{"mufakat": 1,
 "body": {"name": "Council",
  "members": [{"id": "A", "name": "Aland"}, {"id": "B", "name": "Bland"}],
  "chair": "A", "max_rounds": 3},
 "proposals": [{"id": "M", "title": "Far", "position": [0.9], "status_quo": [0],
                "rounds": [{"stances": {}}]}]}
EOF
printf 'j
o

position 0.4
j
o

position x
j
j
' |
  "$meeting" "$tmp/model.json" M > "$tmp/out" 2> "$tmp/err"
status 0 $? "meeting M"
has "Round 1 on: \"Far\", at position 0.9"
has "Round 2 on: \"Far\", at position 0.4"
has "  expected 1 number, e.g. \"position 0.5\"; the text is kept"
has "Round 3 on: \"Far\", at position 0.4"
has "Outcome: adopted. Every member is bound."

# The Chair closes early: "end".
printf 'o\n\nj\nj\nend\n' | "$meeting" "$tmp/council.json" P1 > "$tmp/out" 2> "$tmp/err"
status 0 $? "meeting P1, ended"
has "Outcome: chairs-statement."
grep -q "^Round 2 on" "$tmp/out" && bad "a round after \"end\"" || ok

# The end of input closes the consultation.
printf 's\n' | "$meeting" "$tmp/council.json" P1 > "$tmp/out" 2> "$tmp/err"
status 0 $? "meeting P1, end of input"
has "(end of input: the consultation is closed)"
has "Outcome: chairs-statement."

# Inadmissible: no round, nothing asked.
"$meeting" "$tmp/council.json" P2 > "$tmp/out" 2> "$tmp/err" < /dev/null
status 0 $? "meeting P2"
has "Principle internal-affairs broken: Bland"
has "Outcome: inadmissible."

# Consensus minus the parties: a party's objection is not counted, and
# the party is not bound.
printf 'j\nobject\n\nj\n' | "$meeting" "$tmp/council.json" P3 > "$tmp/out" 2> "$tmp/err"
status 0 $? "meeting P3"
has "Round 1: adopted. 2 of 3 members in favour; nobody stands in the way; not counted, as parties: Bland (object)."
has "Outcome: adopted. Bound: A C; not bound: B."

# The journal: two meetings, two records.
printf 'j\nj\nj\n' | "$meeting" "$tmp/council.json" P1 --journal "$tmp/j.cbor" \
  --time 2026-07-01T10:00:00Z > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "not available" "$tmp/err"; then
  echo "meeting: journal not in this build"
else
  status 0 $rc "meeting --journal"
  has "Recorded in $tmp/j.cbor as record 1."
  "$meeting" "$tmp/council.json" P2 --journal "$tmp/j.cbor" \
    --time 2026-07-01T11:00:00Z > "$tmp/out" 2> "$tmp/err" < /dev/null
  status 0 $? "meeting --journal, again"
  has "Recorded in $tmp/j.cbor as record 2."
  # The journal starts with the self-described CBOR tag 55799.
  [ "$(od -An -tx1 -N3 "$tmp/j.cbor" | tr -d ' ')" = d9d9f7 ] && ok ||
    bad "the journal does not start with tag 55799"
  if "$mufakat" show "$tmp/j.cbor" --format json > "$tmp/show" 2> "$tmp/err"; then
    grep -q '"inadmissible"' "$tmp/show" && grep -q '"adopted"' "$tmp/show" && ok ||
      bad "show does not give the meetings' outcomes"
  fi
  # A reason asked for on an objection and a reservation, kept in the
  # record, shown by show.
  printf 'j\no\nnot our affair\nj\n\nr\nwith a note\nj\nj\n' |
    "$meeting" "$tmp/council.json" P1 --journal "$tmp/why.cbor" > "$tmp/out" 2> "$tmp/err"
  status 0 $? "meeting with reasons"
  grep -q "reason (empty: none)? " "$tmp/out" && ok || bad "no reason asked for"
  "$mufakat" show "$tmp/why.cbor" > "$tmp/show" 2> "$tmp/err" &&
    grep -q '^    B (object): "not our affair"$' "$tmp/show" &&
    grep -q '^    A (reservation): "with a note"$' "$tmp/show" && ok ||
    { bad "the reasons are not in the record"; cat "$tmp/show" "$tmp/err"; }
  "$meeting" "$tmp/council.json" P2 --journal "$tmp/why.cbor" \
    --time 2026-07-01T18:00:00+07:00 > "$tmp/out" 2> "$tmp/err" < /dev/null
  status 0 $? "meeting --time with an offset"
  "$mufakat" show "$tmp/why.cbor" | grep -q '^#2  2026-07-01T11:00:00Z' && ok ||
    bad "meeting --time not taken to UTC"
fi

# Command line and input errors.
"$meeting" > "$tmp/out" 2> "$tmp/err"
status 2 $? "meeting without arguments"
"$meeting" "$tmp/council.json" P1 --bogus > "$tmp/out" 2> "$tmp/err"
status 2 $? "meeting --bogus"
"$meeting" "$tmp/council.json" P1 --time yesterday > "$tmp/out" 2> "$tmp/err" < /dev/null
status 2 $? "meeting --time yesterday"
"$meeting" "$tmp/council.json" P9 > "$tmp/out" 2> "$tmp/err" < /dev/null
status 1 $? "meeting on an unknown proposal"
grep -q 'no proposal "P9"' "$tmp/err" && ok || bad "unknown proposal not named"
printf '{"mufakat": 1,\n "body": [}\n' > "$tmp/syntax.json"
"$meeting" "$tmp/syntax.json" P1 > "$tmp/out" 2> "$tmp/err" < /dev/null
status 1 $? "meeting on a bad file"
grep -qE "syntax.json:2:[0-9]+: " "$tmp/err" && ok || bad "syntax error without line and column"
"$meeting" --help > "$tmp/out" 2> "$tmp/err"
status 0 $? "meeting --help"
grep -q "^Usage: mufakat-meeting" "$tmp/out" && ok || bad "--help has no usage line"

# The silence procedure: round 1 circulated until a deadline, each
# stance with its time, one after the deadline refused and asked again;
# the journal keeps the times. Only the silence rule circulates.
cat > "$tmp/silence.json" <<'EOF'
{"mufakat": 1,
 "body": {"name": "Council",
  "members": [{"id": "A", "name": "Aland"}, {"id": "B", "name": "Bland"},
              {"id": "C", "name": "Cland"}],
  "chair": "A", "max_rounds": 2, "rule": {"kind": "silence"}},
 "proposals": [{"id": "P1", "title": "Fish", "rounds": [{"stances": {}}]}]}
EOF
"$meeting" "$tmp/silence.json" P1 --circulate 2026-07-01T17:00:00+08:00 \
  --journal "$tmp/silence.j" --time 2026-07-01T09:00:00Z > "$tmp/out" 2> "$tmp/err" <<'EOF'
o
o 2026-07-02T00:00:00Z
o 2026-07-01T11:30:00+07:00

j 2026-06-30T09:00:00Z

Fish on Saturdays
j
j
j
EOF
status 0 $? "meeting --circulate"
has "Circulated until 2026-07-01T09:00:00Z: silence is consent."
has "  expected the stance's time after it, e.g. \"o 2026-07-01T11:30:00+07:00\""
has "  2026-07-02T00:00:00Z is after the deadline (2026-07-01T09:00:00Z): refused"
has "At the deadline, 2026-07-01T09:00:00Z, the round closes."
has "Round 1: blocked by Aland (object)."
has "Outcome: adopted. Every member is bound."
"$mufakat" show "$tmp/silence.j" > "$tmp/out" 2> "$tmp/err"
status 0 $? "show of a circulation"
has "    circulated until 2026-07-01T09:00:00Z"
has "    A object at 2026-07-01T04:30:00Z"
has "    B join at 2026-06-30T09:00:00Z"
"$meeting" "$tmp/council.json" P1 --circulate 2026-07-01T09:00:00Z > "$tmp/out" 2> "$tmp/err" < /dev/null
status 1 $? "meeting --circulate under consensus"
grep -q "needs the silence rule" "$tmp/err" && ok || bad "circulation under consensus not refused"
"$meeting" "$tmp/silence.json" P1 --circulate tomorrow > "$tmp/out" 2> "$tmp/err" < /dev/null
status 2 $? "meeting --circulate tomorrow"

echo "meeting: $pass passed, $fail failed"
[ $fail -eq 0 ]
