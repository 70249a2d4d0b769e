#!/bin/sh
# Safe output (issue 16): control characters from a scenario are shown
# escaped in text output and in messages, colour or not, so that a forged
# title cannot rewrite a line or set the terminal's title.
mufakat="$top_builddir/tools/mufakat/mufakat"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# raw FILE: FILE holds ESC, BEL, CR, DEL or a C1 control (U+009B).
raw() { LC_ALL=C grep -q "$(printf '[\033\007\r\177]')\|$(printf '\302\233')" "$1"; }

cat > "$tmp/forged.json" <<'JSON'
{"mufakat": 1, "body": {"name": "Body\u001b]0;owned\u0007", "members": [
  {"id": "A", "name": "Alpha\r\u001b[2K"}, {"id": "B"}]},
 "proposals": [{"id": "P1", "title": "Trade\r\u001b[1AP1 adopted Sanctions\u009b",
  "text": "x\u007fy", "rounds": [{"stances": {"A": "object"}}]}]}
JSON
for env in "NO_COLOR=1" "NO_COLOR="; do
  env $env "$mufakat" run "$tmp/forged.json" > "$tmp/out" 2> "$tmp/err"
  rc=$?
  if [ $rc -ne 0 ]; then bad "run ($env): exit $rc"; cat "$tmp/err"
  elif raw "$tmp/out"; then bad "run ($env): a control character reached the output"
  elif ! grep -q 'Trade\\x0d\\x1b\[1AP1 adopted Sanctions\\u009b' "$tmp/out"; then
    bad "run ($env): the title is not shown escaped"; cat "$tmp/out"
  elif ! grep -q 'Body\\x1b\]0;owned\\x07' "$tmp/out"; then bad "run ($env): the body's name"
  else ok
  fi
done

# The journal of that scenario, shown and reported as text: the record's
# strings (title, body, member ids and names, reasons, the amended text)
# are shown escaped too (show and report printed them raw).
cat > "$tmp/forged-j.json" <<'JSON'
{"mufakat": 1, "body": {"name": "Body\u001b]0;owned\u0007", "chair": "A\u0007",
  "members": [{"id": "A\u0007", "name": "Alpha\r\u001b[2K"}, {"id": "B"}]},
 "proposals": [{"id": "P\u001b[31m1", "title": "Trade\r\u001b[1AP1 adopted Sanctions\u009b",
  "sponsors": ["A\u0007"], "text": "x\u007fy",
  "rounds": [{"stances": {"A\u0007": "object"}, "reasons": {"A\u0007": "no\r\u001b[2Kyes"},
              "amend": {"text": "z\u001b]2;t\u0007"}},
             {"stances": {"A\u0007": "join", "B": "join"}}]},
  {"id": "P2", "title": "Trade\r\u001b[1AP1 adopted Sanctions\u009b", "max_rounds": 1,
   "rounds": [{"stances": {"A\u0007": "object"}}]}]}
JSON
if ! NO_COLOR=1 "$mufakat" run "$tmp/forged-j.json" --journal "$tmp/forged.journal" \
     > /dev/null 2> "$tmp/err"; then
  bad "run --journal the forged scenario"; cat "$tmp/err"
fi
for cmd in show report; do
  for env in "NO_COLOR=1" "NO_COLOR="; do
    env $env "$mufakat" $cmd "$tmp/forged.journal" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    if [ $rc -ne 0 ]; then bad "$cmd ($env): exit $rc"; cat "$tmp/err"
    elif raw "$tmp/out"; then bad "$cmd ($env): a control character reached the output"; cat -v "$tmp/out"
    elif ! grep -q 'Trade\\x0d\\x1b\[1AP1 adopted Sanctions\\u009b' "$tmp/out"; then
      bad "$cmd ($env): the title is not shown escaped"; cat "$tmp/out"
    else ok
    fi
  done
done
NO_COLOR=1 "$mufakat" show "$tmp/forged.journal" > "$tmp/out" 2>&1
for want in 'Body\\x1b\]0;owned\\x07, chaired by A\\x07' 'sponsors: A\\x07;' \
            'A\\x07 (object): "no\\x0d\\x1b\[2Kyes"' 'text: "z\\x1b\]2;t\\x07"' \
            '#1  [^ ]*  P\\x1b\[31m1  Trade'; do
  grep -q "$want" "$tmp/out" && ok || { bad "show lacks $want"; cat "$tmp/out"; }
done

# A message that quotes input: an unknown member's id.
printf '{"mufakat": 1, "body": {"name": "B", "members": [{"id": "A"}]}, "proposals": [{"id": "P1", "sponsors": ["\\u001b]0;x\\u0007"], "rounds": []}]}\n' > "$tmp/bad.json"
"$mufakat" check "$tmp/bad.json" > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ $rc -ne 1 ]; then bad "an unknown id: exit $rc, want 1"
elif raw "$tmp/err"; then bad "a control character reached a message"
elif ! grep -q 'unknown member "\\x1b\]0;x\\x07"' "$tmp/err"; then bad "the message: $(cat "$tmp/err")"
else ok
fi

# An output that is an input is refused before anything is written
# (--svg J overwrote the journal J after syncing it; --svg s.json the
# scenario).
cp "$top_srcdir/examples/asean-amm.json" "$tmp/s.json"
cp "$tmp/s.json" "$tmp/s.orig"
"$mufakat" run "$tmp/s.json" --svg "$tmp/s.json" > /dev/null 2> "$tmp/err"
rc=$?
if [ $rc -ne 1 ]; then bad "--svg the scenario: exit $rc, want 1"
elif ! cmp -s "$tmp/s.json" "$tmp/s.orig"; then bad "--svg the scenario overwrote it"
elif ! grep -q "s.json: not written: it is the scenario" "$tmp/err"; then bad "--svg the scenario: $(cat "$tmp/err")"
else ok
fi
"$mufakat" run "$tmp/s.json" --journal "$tmp/J" > /dev/null 2>&1
cp "$tmp/J" "$tmp/J.orig"
ln "$tmp/J" "$tmp/J.link"
"$mufakat" run "$tmp/s.json" --journal "$tmp/J" --svg "$tmp/J.link" > /dev/null 2> "$tmp/err"
rc=$?
if [ $rc -ne 1 ]; then bad "--svg the journal: exit $rc, want 1"
elif ! cmp -s "$tmp/J" "$tmp/J.orig"; then bad "--svg the journal changed it"
elif ! grep -q "J.link: not written: it is the journal" "$tmp/err"; then bad "--svg the journal: $(cat "$tmp/err")"
else ok
fi

"$mufakat" simulate --scenario "$tmp/s.json" --rule consensus --runs 20 --threads 1 \
  --csv "$tmp/s.json" > /dev/null 2> "$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "not available" "$tmp/err"; then :
elif [ $rc -ne 1 ]; then bad "simulate --csv the scenario: exit $rc, want 1"
elif ! cmp -s "$tmp/s.json" "$tmp/s.orig"; then bad "simulate --csv the scenario overwrote it"
else ok
fi

# SVG and CSV are written to a temporary file beside them and renamed into
# place: a file the name was linked to keeps its bytes (writing in place
# changed it), and nothing is left behind.
mkdir "$tmp/dir"
echo keep > "$tmp/dir/keep"
ln "$tmp/dir/keep" "$tmp/dir/demo.svg"
ln "$tmp/dir/keep" "$tmp/dir/runs.csv"
"$mufakat" demo --svg "$tmp/dir/demo.svg" > /dev/null 2> "$tmp/err"
rc=$?
if [ $rc -ne 0 ]; then bad "demo --svg: exit $rc"; cat "$tmp/err"
elif [ "$(cat "$tmp/dir/keep")" != keep ]; then bad "demo --svg wrote in place"
elif ! grep -q '^<svg ' "$tmp/dir/demo.svg"; then bad "demo --svg: no picture"
else ok
fi
"$mufakat" simulate --rule consensus --runs 50 --seed 1 --threads 1 \
  --csv "$tmp/dir/runs.csv" > /dev/null 2> "$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "not available" "$tmp/err"; then :
elif [ $rc -ne 0 ]; then bad "simulate --csv: exit $rc"; cat "$tmp/err"
elif [ "$(cat "$tmp/dir/keep")" != keep ]; then bad "simulate --csv wrote in place"
elif [ "$(wc -l < "$tmp/dir/runs.csv")" -ne 51 ]; then bad "simulate --csv: not 50 rows and a header"
else ok
fi
left=$(ls "$tmp/dir" | grep -v '^keep$\|^demo.svg$\|^runs.csv$')
[ -z "$left" ] && ok || bad "temporary files left: $left"

# Every command exits 1 when its output cannot be written (power, winset
# and dynamics exited 0 on a full disk).
if [ -w /dev/full ]; then
  for cmd in "power --quota 3 --weights 2,2" \
             "winset --ideals 0,1 --status-quo 0.5 --rule majority" \
             "dynamics --model degroot --matrix 1 --initial 1" \
             "demo" "demo --format json" "--version"; do
    # shellcheck disable=SC2086
    "$mufakat" $cmd > /dev/full 2> "$tmp/err"
    rc=$?
    if [ $rc -ne 1 ]; then bad "$cmd > /dev/full: exit $rc, want 1"
    elif ! grep -q "standard output: cannot write" "$tmp/err"; then bad "$cmd > /dev/full: no message"
    else ok
    fi
  done
fi

echo "safe-output: $pass passed, $fail failed"
[ $fail -eq 0 ]
