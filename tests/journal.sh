#!/bin/sh
# Journals of version 2 through the driver (issue 16): verify, keygen and
# run --sign; a changed byte anywhere found and named; damage inside read
# past, reported and never repaired away; seq numbers never reused; a
# header that cannot take in records; 0.1's journals appended to as 0.1
# wrote them; --time as RFC 3339 has it; the writer refusing, before it
# writes, the record the reader would refuse.
mufakat="$top_builddir/tools/mufakat/mufakat"
data="$top_srcdir/tests/data/journal"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
expect() { # expect STATUS CMD...
  want=$1; shift
  "$@" > "$tmp/out" 2> "$tmp/err"
  got=$?
  if [ "$got" = "$want" ]; then ok; else bad "$* exited $got, want $want"; cat "$tmp/err"; fi
}
has() { grep -q -- "$1" "$2" && ok || { bad "$2 lacks \"$1\":"; cat "$2"; }; }
py=/usr/bin/python3
run2() { # run2 JOURNAL TIME [OPTION...]: the test scenario, appended
  j=$1 t=$2; shift 2
  (cd "$data" && "$mufakat" run decisions.json --journal "$j" --time "$t" "$@") > /dev/null
}

# ---- keygen, --sign, verify --key ----------------------------------------
expect 0 "$mufakat" keygen "$tmp/k"
[ "$(stat -c %a "$tmp/k")" = 600 ] && ok || bad "the secret key is not mode 0600"
[ "$(tr -d '\n' < "$tmp/k" | wc -c)" = 128 ] && [ "$(tr -d '\n' < "$tmp/k.pub" | wc -c)" = 64 ] &&
  ok || bad "keys are not 64 and 32 bytes of hex"
grep -qv '^[0-9a-f]*$' "$tmp/k" "$tmp/k.pub" && bad "keys are not lowercase hex" || ok
cp "$tmp/k" "$tmp/k.before"
expect 1 "$mufakat" keygen "$tmp/k"
has 'already exists' "$tmp/err"
cmp -s "$tmp/k" "$tmp/k.before" && ok || bad "keygen overwrote a key"
expect 0 "$mufakat" keygen "$tmp/other"
j="$tmp/signed.journal"
run2 "$j" 2025-03-01T10:00:00Z --sign "$tmp/k" && ok || bad "run --sign"
expect 0 "$mufakat" verify "$j" --key "$tmp/k.pub"
grep -Eq '^4 records, last sha256 [0-9a-f]{64}$' "$tmp/out" && ok || { bad "verify's last line"; cat "$tmp/out"; }
expect 1 "$mufakat" verify "$j" --key "$tmp/other.pub"
has "^mufakat: $j: record 1 (byte 36): its signature is not that of the key" "$tmp/err"
[ "$(grep -c 'signature' "$tmp/err")" = 4 ] && ok || bad "not every record named"
u="$tmp/unsigned.journal"
run2 "$u" 2025-03-01T10:00:00Z && ok || bad "run"
expect 0 "$mufakat" verify "$u"
expect 1 "$mufakat" verify "$u" --key "$tmp/k.pub"
has "record 4 (byte [0-9]*): not signed" "$tmp/err"
expect 2 "$mufakat" run "$data/decisions.json" --sign "$tmp/k"

# ---- reasons are kept and shown ---------------------------------------------
# (Every byte changed is found: tests/check_journal.c, in process.)
cat > "$tmp/one.json" <<'EOF'
{"mufakat": 1, "body": {"name": "B", "members": [{"id": "AAA", "name": "Aland"},
 {"id": "BBB", "name": "Bland"}]}, "proposals": [{"id": "P1", "title": "T",
 "pillar": "economic", "component": "norms", "rounds": [{"stances":
 {"AAA": "join", "BBB": "object"}, "reasons": {"BBB": "too soon"}}]}]}
EOF
t="$tmp/two.journal"
expect 0 "$mufakat" run "$tmp/one.json" --journal "$t"
expect 0 "$mufakat" show "$t"
has '^    BBB (object): "too soon"$' "$tmp/out"
expect 0 "$mufakat" show "$t" --format json
has '"names": {"AAA": "Aland", "BBB": "Bland"}' "$tmp/out"
has '"reasons": {"BBB": "too soon"}' "$tmp/out"

# ---- damage inside: read past, reported, never repaired away ---------------
d="$tmp/nine.journal"
run2 "$d" 2025-03-01T10:00:00Z && run2 "$d" 2025-03-02T10:00:00Z && ok || bad "run"
"$py" - "$d" <<'EOF'
import sys
p = sys.argv[1]; b = bytearray(open(p, "rb").read())
at = b.index(b"Statement on maritime")      # record 1's title
b[at] = 0xff                                 # no longer UTF-8
open(p, "wb").write(b)
EOF
cp "$d" "$tmp/nine.before"
expect 1 "$mufakat" show "$d" --format json
has "^mufakat: $d: record 1 (byte 36): damaged" "$tmp/err"
"$py" -c 'import json, sys; r = json.load(open(sys.argv[1]))["records"]; sys.exit([x["seq"] for x in r] != list(range(2, 9)))' \
  "$tmp/out" && ok || bad "show does not give records 2 to 8"
expect 1 "$mufakat" report "$d"
has "record 1 (byte 36)" "$tmp/err"
has "^Implementation report: 7 decisions recorded" "$tmp/out"
expect 1 "$mufakat" show "$d" --repair
has "not repaired" "$tmp/err"
cmp -s "$d" "$tmp/nine.before" && ok || bad "--repair changed a journal damaged inside"
ls "$d".torn-* > /dev/null 2>&1 && bad "--repair made a side file" || ok
expect 1 "$mufakat" verify "$d"
run2 "$d" 2025-03-03T10:00:00Z && ok || bad "appending after damage inside"
"$mufakat" show "$d" --format json 2> /dev/null |
  "$py" -c 'import json, sys; r = json.load(sys.stdin)["records"]; sys.exit([x["seq"] for x in r][-4:] != [9, 10, 11, 12])' &&
  ok || bad "seq is reused after damage"

# ---- a header changed by one bit takes in no record -------------------------
h="$tmp/header.journal"
cp "$u" "$h"
printf '\243' | dd of="$h" bs=1 seek=3 conv=notrunc 2> /dev/null
expect 1 "$mufakat" show "$h"
has "header is damaged" "$tmp/err"
expect 1 "$mufakat" report "$h"
expect 1 "$mufakat" run "$data/decisions.json" --journal "$h"

# ---- a torn tail: repair moves it, and only it ------------------------------
c="$tmp/torn.journal"
size=$(wc -c < "$u")
head -c $((size - 20)) "$u" > "$c"
expect 1 "$mufakat" show "$c"
has "^mufakat: $c: byte [0-9]*: torn record" "$tmp/err"
expect 0 "$mufakat" show "$c" --repair
[ "$(grep -c '^#' "$tmp/out")" = 3 ] && ok || bad "--repair lost a record"
expect 0 "$mufakat" verify "$c"
run2 "$c" 2025-03-04T10:00:00Z && ok || bad "appending after repair"
expect 0 "$mufakat" verify "$c"
has '^7 records' "$tmp/out"

# ---- 0.1's journals: read, appended to as 0.1 wrote them ------------------
o="$tmp/v1.journal"
cp "$data/v1.journal" "$o"
run2 "$o" 2027-01-01T00:00:00Z && ok || bad "appending to a version 1 journal"
[ "$(od -An -tx1 -j35 -N1 "$o" | tr -d ' ')" = 01 ] && ok || bad "the header is no longer version 1"
expect 0 "$mufakat" verify "$o"
has '12 records; a journal of version 1 has no chain' "$tmp/out"
"$mufakat" show "$o" --format json | grep -q '"names"' && bad "a version 1 record with names" || ok
cp "$o" "$tmp/v1.before"
expect 1 "$mufakat" run "$tmp/one.json" --journal "$o"
has 'version 1 cannot hold reasons' "$tmp/err"
expect 1 "$mufakat" run "$data/decisions.json" --journal "$o" --sign "$tmp/k"
has 'cannot hold signatures' "$tmp/err"
cmp -s "$o" "$tmp/v1.before" && ok || bad "a refused append changed the journal"

# ---- --time: RFC 3339, offsets to UTC, days that exist --------------------
expect 0 "$mufakat" run "$tmp/one.json" --journal "$tmp/time.journal" --time 2026-07-10T16:00:00+07:00
"$mufakat" show "$tmp/time.journal" | grep -q '^#1  2026-07-10T09:00:00Z' && ok || bad "--time offset not taken to UTC"
for bad_time in 2026-02-31T00:00:00Z 2026-06-30T23:59:60Z 2026-07-10T09:00:00 2026-07-10 \
                2026-07-10T09:00:00+7:00 yesterday; do
  expect 2 "$mufakat" run "$tmp/one.json" --journal "$tmp/time.journal" --time "$bad_time"
done

# ---- the writer refuses what the reader would (2^18 data items) -----------
# 4096 members, everyone silent: each round holds two items a member.
"$py" - "$tmp" <<'EOF'
import json, sys
members = [{"id": "M%04d" % i} for i in range(4096)]
for k in (29, 32):
    s = {"mufakat": 1, "body": {"name": "B", "members": members, "max_rounds": 40},
         "proposals": [{"id": "P", "title": "T", "pillar": "economic", "component": "norms",
                        "max_rounds": 40, "rounds": [{"stances": {}}] * k}]}
    json.dump(s, open("%s/silent-%d.json" % (sys.argv[1], k), "w"))
EOF
big="$tmp/big.journal"
expect 0 "$mufakat" run "$tmp/silent-29.json" --journal "$big" --format json
before=$(wc -c < "$big")
expect 1 "$mufakat" run "$tmp/silent-32.json" --journal "$big" --format json
has 'would not read back' "$tmp/err"
[ "$(wc -c < "$big")" = "$before" ] && ok || bad "the refused record was written"
expect 0 "$mufakat" show "$big" --format json
expect 0 "$mufakat" verify "$big"
# The reader at the same limit: record 1 given one item too many (an
# "x-" key), framed again with its checksum.
"$py" - "$big" "$tmp/over.journal" "$tmp/at.journal" <<'EOF'
import cbor2, hashlib, sys
data = open(sys.argv[1], "rb").read()
head, item = data[:36], cbor2.loads(data[36:])
rec = cbor2.loads(item[0])
def count(x):
    if isinstance(x, dict): return 1 + sum(count(k) + count(v) for k, v in x.items())
    if isinstance(x, list): return 1 + sum(count(v) for v in x)
    return 1
n = count(rec)
assert n <= 1 << 18, n
def write(path, items):
    rec["x-pad"] = [0] * (items - n - 2)
    body = cbor2.dumps(rec, canonical=True)
    frame = b"\xd9\xd9\xf7\x83" + cbor2.dumps(body) + b"\xf6\x58\x20"
    open(path, "wb").write(head + frame + hashlib.sha256(frame).digest())
write(sys.argv[2], (1 << 18) + 1)
write(sys.argv[3], 1 << 18)
EOF
expect 1 "$mufakat" verify "$tmp/over.journal"
has 'record 1 (byte 36): damaged' "$tmp/err"
expect 0 "$mufakat" verify "$tmp/at.journal"

echo "journal: $pass passed, $fail failed"
[ $fail -eq 0 ]
