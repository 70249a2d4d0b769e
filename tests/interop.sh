#!/bin/sh
# The journal through the driver, and against CBOR decoders nobody here
# wrote: Debian's python3-cbor2 (through /usr/bin/python3) and npm's cbor
# where node has it.
#  - run --journal/--time, show and report print exactly the golden files
#    in tests/data/journal/ (MFK_UPDATE_GOLDEN=1 rewrites them);
#  - a torn journal is reported with the offset of the torn record, and
#    show --repair moves it aside;
#  - cbor2 decodes the journal: the header, every record, each record
#    in deterministic encoding (RFC 8949 section 4.2.1) and as
#    mufakat-record(5)'s schema says;
#  - a scenario that cbor2 (and npm's cbor) encodes from a JSON scenario
#    runs exactly as the JSON one.
mufakat="$top_builddir/tools/mufakat/mufakat"
data="$top_srcdir/tests/data/journal"
demo="$top_srcdir/examples/asean-amm.json"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 skip=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

golden() { # NAME: compare $tmp/out with $data/NAME
  if [ "${MFK_UPDATE_GOLDEN:-0}" = 1 ]; then cp "$tmp/out" "$data/$1"; fi
  if cmp -s "$tmp/out" "$data/$1"; then ok; else
    bad "$1 differs"; diff -u "$data/$1" "$tmp/out" | head -30
  fi
}

# ---- the driver --------------------------------------------------------
j="$tmp/amm.journal"
(cd "$data" && "$mufakat" run decisions.json --journal "$j" --time 2025-03-01T10:00:00Z) > /dev/null 2> "$tmp/err" &&
  (cd "$data" && "$mufakat" run decisions.json --journal "$j" --time 2026-06-01T10:00:00.5Z) > /dev/null 2>> "$tmp/err" &&
  ok || { bad "run --journal: $(cat "$tmp/err")"; }
# A journal of version 2 (this version's), and v1.journal, the same two
# runs written by 0.1: each prints the golden files, byte for byte; a
# version 2 record adds only "names" to show's JSON.
for jj in "$j" "$data/v1.journal"; do
  "$mufakat" show "$jj" > "$tmp/out" 2> "$tmp/err" && ok || bad "show $jj exited $?"
  golden show.txt
  "$mufakat" report "$jj" > "$tmp/out" 2> "$tmp/err" && ok || bad "report $jj exited $?"
  golden report.txt
  "$mufakat" report "$jj" --year 2025 --format json > "$tmp/out" 2> "$tmp/err" && ok || bad "report --year exited $?"
  golden report-2025.json
done
"$mufakat" show "$data/v1.journal" --format json > "$tmp/out" 2> "$tmp/err" && ok || bad "show --format json exited $?"
golden show.json
"$mufakat" show "$j" --format json > "$tmp/out" 2> "$tmp/err" && ok || bad "show --format json exited $?"
golden show-v2.json
"$mufakat" run "$data/decisions.json" --journal "$j" --time yesterday > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'not a time in RFC 3339' "$tmp/err" && ok || bad "run --time yesterday"

# A torn journal: the records before it, then the message, exit 1.
size=$(wc -c < "$j")
head -c $((size - 5)) "$j" > "$tmp/torn.journal"
"$mufakat" show "$tmp/torn.journal" --format json > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc -eq 1 ] && ok || bad "show of a torn journal exited $rc, not 1"
grep -q "^mufakat: $tmp/torn.journal: byte [0-9]*: torn record" "$tmp/err" && ok ||
  bad "torn journal: $(head -1 "$tmp/err")"
at=$(sed -n 's/.*: byte \([0-9]*\): torn.*/\1/p' "$tmp/err" | head -1)
"$mufakat" run "$data/decisions.json" --journal "$tmp/torn.journal" > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && grep -q "show $tmp/torn.journal --repair" "$tmp/err" && ok ||
  bad "run --journal on a torn journal"
"$mufakat" show "$tmp/torn.journal" --repair > /dev/null 2> "$tmp/err" && ok || bad "show --repair exited $?"
[ "$(wc -c < "$tmp/torn.journal")" -eq "$at" ] && ok || bad "--repair did not cut at $at"
[ "$(wc -c < "$tmp/torn.journal.torn-$at")" -eq $((size - 5 - at)) ] && ok ||
  bad "--repair side file"
"$mufakat" show "$tmp/torn.journal" > /dev/null 2>&1 && ok || bad "repaired journal does not read"

# ---- python3-cbor2 -------------------------------------------------------
py=/usr/bin/python3
if [ -x "$py" ] && "$py" -c 'import cbor2' 2> /dev/null; then
  for pair in "$j:$data/show-v2.json" "$data/v1.journal:$data/show.json"; do
  "$py" - "${pair%%:*}" "${pair#*:}" <<'EOF' && ok || bad "cbor2 reading ${pair%%:*}"
import cbor2, hashlib, json, math, re, sys
path, shown = sys.argv[1], json.load(open(sys.argv[2]))["records"]
NAMES = {
    "stance": {"support", "join", "reservation", "abstain", "not-ready", "object", "silent"},
    "verdict": {"adopted", "blocked", "short"},
    "outcome": {"adopted", "adopted-with-reservations", "adopted-flexible", "deferred",
                "referred-to-summit", "chairs-statement", "withdrawn", "no-outcome", "inadmissible"},
    "pillar": {"political-security", "economic", "socio-cultural"},
    "component": {"political-development", "norms", "conflict-prevention",
                  "conflict-resolution", "peace-building", "implementing-mechanisms"},
    "measure": {"statement", "cooperation", "assistance", "sanctions", "suspension", "use-of-force"},
    "mode": {"enforce", "report"},
}
def fail(msg):
    sys.exit("cbor2: " + msg)
def keys(m, required, optional=()):
    if not isinstance(m, dict): fail("not a map: %r" % (m,))
    missing = set(required) - set(m)
    extra = set(m) - set(required) - set(optional)
    if missing or extra: fail("keys: missing %s, unexpected %s" % (missing, extra))
def ids(v, members):
    if not isinstance(v, list) or any(x not in members for x in v): fail("not member ids: %r" % (v,))
def check(r, seq, version):
    # mufakat-record(5), the CDDL schema, as a program.
    keys(r, ["seq", "body", "time", "rounds", "members", "mufakat", "outcome", "proposal",
             "versions", "admissible", "violations", "participants"] +
            (["prev", "names"] if version == 2 else []), ["chair"])
    if r["seq"] != seq or r["mufakat"] != version: fail("seq or format")
    if version == 2 and (set(r["names"]) - set(r["members"]) or
                         not all(isinstance(v, str) for v in r["names"].values())): fail("names")
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z", r["time"]):
        fail("time " + r["time"])
    members = r["members"]
    if not members or not all(isinstance(m, str) for m in members): fail("members")
    if "chair" in r and r["chair"] not in members: fail("chair")
    p = r["proposal"]
    keys(p, ["id", "rule", "title", "pillar", "consent", "parties", "concerns", "measures",
             "sponsors", "component"])
    if p["pillar"] not in NAMES["pillar"] or p["component"] not in NAMES["component"]: fail("pillar")
    for k in ("consent", "parties", "concerns", "sponsors"): ids(p[k], members)
    if not set(p["measures"]) <= NAMES["measure"]: fail("measures")
    if not r["versions"]: fail("no versions")
    for v in r["versions"]:
        keys(v, [], ["text", "position"])
        if "position" in v and not all(isinstance(x, (int, float)) and math.isfinite(x) for x in v["position"]): fail("position")
    for i, rd in enumerate(r["rounds"]):
        keys(rd, ["round", "stances", "verdict", "version", "blockers"],
             ["reasons"] if version == 2 else [])
        if rd["round"] != i + 1 or not 0 <= rd["version"] < len(r["versions"]): fail("round")
        if len(rd["stances"]) != len(members) or not set(rd["stances"]) <= NAMES["stance"]: fail("stances")
        if rd["verdict"] not in NAMES["verdict"]: fail("verdict")
        ids(rd["blockers"], members)
    for v in r["violations"]:
        keys(v, ["mode", "members", "principle"])
        if v["mode"] not in NAMES["mode"]: fail("mode")
        ids(v["members"], members)
    if not isinstance(r["admissible"], bool) or r["outcome"] not in NAMES["outcome"]: fail("outcome")
    ids(r["participants"], members)

data = open(path, "rb").read()
with open(path, "rb") as f:
    dec = cbor2.CBORDecoder(f)
    head = dec.decode()
    # cbor2 takes tag 55799 (self-described CBOR) off as it decodes.
    if isinstance(head, cbor2.CBORTag) and head.tag == 55799:
        head = head.value
    version = head.get("version") if isinstance(head, dict) else None
    if not data.startswith(b"\xd9\xd9\xf7") or version not in (1, 2) \
            or head != {"format": "mufakat-journal", "version": version}:
        fail("header %r" % (head,))
    seq = 0
    prev = hashlib.sha256(data[:f.tell()]).digest()
    while f.tell() < len(data):
        start = f.tell()
        item = dec.decode()
        seq += 1
        raw = data[start:f.tell()]
        if version == 2:
            # tag 55799 and [the record's map, signature or null, checksum]
            if not raw.startswith(b"\xd9\xd9\xf7\x83") or not isinstance(item, list) or len(item) != 3:
                fail("record %d is not framed" % seq)
            body, sig, total = item
            if hashlib.sha256(raw[:-32]).digest() != total: fail("record %d: checksum" % seq)
            r = cbor2.loads(body)
            if r["prev"] != prev: fail("record %d: its link" % seq)
            prev = hashlib.sha256(raw).digest()
            enc = body
        else:
            r, enc = item, raw
        check(r, seq, version)
        if cbor2.dumps(r, canonical=True) != enc:
            fail("record %d is not in deterministic encoding" % seq)
        s = shown[seq - 1]
        if (s["proposal"]["id"], s["outcome"], s["time"]) != (r["proposal"]["id"], r["outcome"], r["time"]):
            fail("record %d differs from what show printed" % seq)
if seq != len(shown) or seq != 8: fail("%d records, show printed %d" % (seq, len(shown)))
EOF
  done
  # A scenario that cbor2 encodes runs as its JSON twin.
  "$py" -c 'import cbor2, json, sys; sys.stdout.buffer.write(cbor2.dumps(json.load(open(sys.argv[1]))))' \
    "$demo" > "$tmp/demo.cbor" && ok || bad "cbor2 cannot encode the demo"
  "$mufakat" run "$demo" --format json > "$tmp/json.out" 2>&1
  "$mufakat" run "$tmp/demo.cbor" --format json > "$tmp/cbor.out" 2>&1
  cmp -s "$tmp/json.out" "$tmp/cbor.out" && ok || bad "the demo in cbor2's CBOR runs differently"
  "$py" -c 'import cbor2, json, sys; sys.stdout.buffer.write(cbor2.dumps(json.load(open(sys.argv[1])), canonical=True))' \
    "$data/decisions.json" > "$tmp/decisions.cbor"
  "$mufakat" run "$data/decisions.json" --format json > "$tmp/json.out" 2>&1
  "$mufakat" run "$tmp/decisions.cbor" --format json > "$tmp/cbor.out" 2>&1
  cmp -s "$tmp/json.out" "$tmp/cbor.out" && ok || bad "decisions.json in canonical CBOR runs differently"
else
  echo "interop: /usr/bin/python3 cannot import cbor2: its checks are skipped"
  skip=$((skip + 1))
fi

# ---- the CDDL schema of mufakat-record(5) parses (npm's cddl) ----------------
cddl=$(command -v cddl || true)
[ -z "$cddl" ] && [ -n "${NODE_PATH:-}" ] && [ -x "$NODE_PATH/.bin/cddl" ] && cddl="$NODE_PATH/.bin/cddl"
if [ -n "$cddl" ]; then
  awk '/^\.Bd -literal$/{f=1;next} /^\.Ed$/{f=0} f' "$top_srcdir/man/mufakat-record.5" |
    sed 's/\\e/\\/g' > "$tmp/record.cddl"
  grep -q '^record = {' "$tmp/record.cddl" && grep -q '^journal = ' "$tmp/record.cddl" &&
    "$cddl" validate "$tmp/record.cddl" > "$tmp/out" 2>&1 && ok ||
    { bad "the CDDL schema in mufakat-record(5)"; head -20 "$tmp/out"; }
else
  echo "interop: npm's cddl is not installed: the schema's syntax is not checked"
  skip=$((skip + 1))
fi

# ---- npm's cbor -----------------------------------------------------------
if command -v node > /dev/null 2>&1 && node -e 'require("cbor")' > /dev/null 2>&1; then
  node - "$j" "$demo" "$tmp/demo-node.cbor" <<'EOF' && ok || bad "npm cbor reading the journal"
const cbor = require("cbor"), fs = require("fs");
const [journal, demo, out] = process.argv.slice(2);
const items = cbor.decodeAllSync(fs.readFileSync(journal));
const head = items.shift();
if (!(head instanceof cbor.Tagged) || head.tag !== 55799 || head.value.format !== "mufakat-journal")
  throw new Error("header");
if (items.length !== 8) throw new Error(items.length + " records");
// version 2: each record framed as 55799([record's CBOR, signature, sum])
const records = items.map((it) => {
  if (head.value.version !== 2) return it;
  if (!(it instanceof cbor.Tagged) || it.tag !== 55799 || it.value.length !== 3 ||
      !Buffer.isBuffer(it.value[0]) || it.value[2].length !== 32)
    throw new Error("frame");
  return cbor.decodeFirstSync(it.value[0]);
});
records.forEach((r, i) => { if (r.seq !== i + 1) throw new Error("seq " + r.seq); });
fs.writeFileSync(out, cbor.encode(JSON.parse(fs.readFileSync(demo, "utf8"))));
EOF
  "$mufakat" run "$demo" --format json > "$tmp/json.out" 2>&1
  "$mufakat" run "$tmp/demo-node.cbor" --format json > "$tmp/cbor.out" 2>&1
  cmp -s "$tmp/json.out" "$tmp/cbor.out" && ok || bad "the demo in npm cbor's CBOR runs differently"
else
  echo "interop: node has no cbor module: its checks are skipped"
  skip=$((skip + 1))
fi

echo "interop: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
