#!/bin/sh
# The demo's scenario, examples/asean-meetings.json, holds the meeting of
# examples/asean-amm.json: the same body (less its "refers_to") and the
# same proposals, each the same value, in the same order, before those of
# 2027. A change to one that is not made to the other fails here.
py=/usr/bin/python3
[ -x "$py" ] || { echo "examples: no /usr/bin/python3"; exit 77; }
"$py" - "$top_srcdir/examples/asean-amm.json" \
  "$top_srcdir/examples/asean-meetings.json" <<'PY'
import json, sys
amm, meet = (json.load(open(f)) for f in sys.argv[1:3])
body = dict(meet["body"])
assert body.pop("refers_to") == meet["summit"]["name"], "refers_to"
assert body == amm["body"], "the bodies differ"
n = len(amm["proposals"])
assert meet["proposals"][:n] == amm["proposals"], "the proposals of 2026 differ"
first = meet["meetings"][0]
assert first["year"] == amm["body"]["rotation"]["year"], first
assert first["proposals"][:n] == [p["id"] for p in amm["proposals"]], first
assert [m["id"] for m in meet["summit"]["members"]] == \
    [m["id"] for m in amm["body"]["members"]], "the Summit's members differ"
print("examples: asean-meetings.json holds asean-amm.json's meeting")
PY
