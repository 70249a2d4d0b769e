"""mufakat serve over HTTP: nobody speaks for another (a wrong or missing
secret, another delegation's secret, the Chair's actions, a replayed
token, an oversized request, a CSRF-style form post, a state-changing
GET, the rate per secret), each refused with nothing changed in the
state or the journal; and a server killed with SIGKILL in the middle of
a stream of stances, started again on the same journal, resumes with
the same links and every acknowledged action."""
import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_client import Server, check, driver, fails, passes, \
    wait_for  # noqa: E402

AMM = os.path.join(os.environ["top_srcdir"], "examples", "asean-amm.json")


def show(journal):
    exe, env = driver()
    r = subprocess.run([exe, "show", journal, "--format", "json"],
                       capture_output=True, text=True, env=env)
    return r.returncode, json.loads(r.stdout) if r.stdout else None, r.stderr


tmp = tempfile.mkdtemp()
try:
    j = os.path.join(tmp, "amm.journal")
    s = Server(AMM, j)
    members = [k for k in s.links if k not in ("chair", "public")]
    check(members[:3] == ["BRN", "KHM", "IDN"] and len(members) == 11,
          "a link for each of the 11 delegations, in roster order")
    check(all(len(v) == 32 and int(v, 16) >= 0 for v in s.secret.values()),
          "secrets of 128 bits in hex")
    check(len(set(s.secret.values())) == 12, "every secret different")
    mode = stat.S_IMODE(os.stat(j + ".secrets").st_mode)
    check(mode == 0o600, "J.secrets has mode 0600 (has %o)" % mode)

    st, body = s.act("KHM", "stance", stance="object", reason="not yet")
    check(st == 200, "KHM gives its own stance (%d %s)" % (st, body))

    def frozen():
        return s.state(), os.path.getsize(j)

    before = frozen()

    def refused(want, got, what):
        check(got == want, "%s: status %d, want %d" % (what, got, want))
        after = frozen()
        check(after == before, what + ": nothing changed")

    good = {"token": s.token["KHM"], "stance": "support"}
    # No secret, a wrong one, one that is not hex, and a page of none.
    refused(401, s.request("POST", "/api/stance", None, good)[0],
            "no secret")
    refused(401, s.request("POST", "/api/stance", "0" * 32, good)[0],
            "a wrong secret")
    refused(401, s.request("POST", "/api/stance", "zz" * 16, good)[0],
            "a secret that is not hex")
    refused(401, s.request("POST", "/api/stance", s.secret["KHM"][:-2],
                           good)[0], "a secret cut short")
    refused(404, s.request("GET", "/d/" + "1" * 32)[0], "a link of no one")
    refused(401, s.request("GET", "/api/state", "1" * 32)[0],
            "the state read with a wrong secret")
    # Another delegation's stance, and the Chair's actions.
    s.state("IDN")
    refused(403, s.request("POST", "/api/stance", s.secret["KHM"],
                           dict(good, member="IDN"))[0],
            "KHM's secret setting Indonesia's stance")
    refused(403, s.act("IDN", "close")[0], "a delegation closing the round")
    refused(403, s.act("IDN", "amend", text="Ours")[0],
            "a delegation amending the text")
    refused(403, s.act("IDN", "next")[0], "a delegation moving on")
    refused(403, s.act("chair", "stance", stance="join")[0],
            "the Chair giving a stance")
    # A replayed request: the same body, the token used already.
    s.state("MYS")
    replay = {"token": s.token["MYS"], "stance": "join"}
    st = s.request("POST", "/api/stance", s.secret["MYS"], replay)[0]
    check(st == 200, "MYS joins")
    before = frozen()
    refused(409, s.request("POST", "/api/stance", s.secret["MYS"],
                           replay)[0], "a replayed request")
    refused(409, s.request("POST", "/api/stance", s.secret["MYS"],
                           dict(replay, token="0" * 32))[0],
            "a token never given")
    refused(400, s.request("POST", "/api/stance", s.secret["MYS"],
                           {"stance": "join"})[0], "no token")
    # Oversized: the body, a reason, a text.
    s.state("MYS")
    refused(413, s.request("POST", "/api/stance", s.secret["MYS"],
                           b"{" + b" " * 9000 + b"}")[0],
            "a body of 9000 bytes")
    refused(413, s.act("MYS", "stance", stance="join",
                       reason="x" * 1001)[0], "a reason of 1001 bytes")
    refused(400, s.act("MYS", "stance", stance="yes")[0], "no such stance")
    refused(400, s.request("POST", "/api/stance", s.secret["MYS"],
                           b"{\"token\": 1")[0], "JSON cut short")
    # CSRF-style posts: what a form on another site can send.
    form = "token=%s&stance=support" % s.token["MYS"]
    refused(415, s.request("POST", "/api/stance", None, form.encode(),
                           ctype="application/x-www-form-urlencoded",
                           headers={"Origin": "http://evil.example"})[0],
            "a form post from another site")
    refused(415, s.request("POST", "/api/stance", None,
                           json.dumps(good).encode(), ctype="text/plain",
                           headers={"Origin": "http://evil.example"})[0],
            "a text/plain form post of JSON")
    refused(415, s.request("POST", "/api/stance", s.secret["MYS"],
                           form.encode(),
                           ctype="application/x-www-form-urlencoded")[0],
            "a form post even with the secret")
    # No state-changing GET; no other method.
    refused(405, s.request("GET", "/api/close", s.secret["chair"])[0],
            "a GET of an action")
    refused(405, s.request("PUT", "/api/stance", s.secret["MYS"], good)[0],
            "a PUT")
    st, j401, _ = s.request("POST", "/api/stance", None, good)
    check(j401 == {"error": "no secret: expected Authorization: Bearer "
                   "SECRET", "status": 401}, "errors are JSON with the status")
    # The rate is per secret: SGP spends its bucket, THA still gets in.
    codes = [s.request("GET", "/api/state", s.secret["SGP"])[0]
             for _ in range(80)]
    check(429 in codes and codes[0] == 200,
          "a secret's requests are limited (%d refused of 80)" %
          codes.count(429))
    check(s.request("GET", "/api/state", s.secret["THA"])[0] == 200,
          "another secret is not limited by SGP's requests")
    check(s.request("GET", "/api/state")[0] == 200,
          "the public page is not limited by a secret's requests")
    errtext = open(s.err_path).read()
    with open(j, "rb") as f:
        jbytes = f.read()
    check(not any(v in errtext or v.encode() in jbytes
                  for v in s.secret.values()),
          "no secret in the journal or on standard error")
    check(s.stop() == 0, "SIGTERM stops it, exit 0")

    # ---- killed in a stream of stances, resumed on the same journal ----
    s = Server(AMM, j)
    links = dict(s.secret)
    st0 = s.state()
    check(st0["given"] == {"KHM": "object", "MYS": "join"},
          "started again, the open round's stances are back (%s)"
          % st0["given"])
    check(st0["reasons"] == {"KHM": "not yet"}, "and their reasons")
    acked = {}
    inflight = {}  # sent, not yet answered: journaled or not at the kill
    lock = threading.Lock()
    stop = threading.Event()

    def give(m):
        stances = ["support", "join", "reservation", "abstain", "object"]
        c = s.conn()
        while not stop.is_set():
            v = random.choice(stances)
            with lock:
                inflight[m] = v
            try:
                stc, _ = s.act(m, "stance", conn=c, stance=v)
            except Exception:
                return
            if stc == 200:
                with lock:
                    acked[m] = v
            elif stc != 429:
                return

    th = [threading.Thread(target=give, args=(m,)) for m in members]
    for t in th:
        t.start()
    wait_for(lambda: len(acked) == 11, timeout=10)
    # Then the Chair acts, and the kill comes at once.
    os.kill(s.p.pid, signal.SIGKILL)
    stop.set()
    for t in th:
        t.join()
    s.p.wait()
    s.err.close()
    s = Server(AMM, j)
    check(s.secret == links, "the same links after a kill")
    st1 = s.state()
    check(len(acked) == 11 and all(
        st1["given"].get(m) in (acked[m], inflight.get(m)) for m in acked),
        "every acknowledged stance is there after a kill (or the one sent "
        "after it)\n  got  %s\n  want %s" % (st1["given"], acked))
    acked = dict(st1["given"])
    # The Chair closes, amends, and a second round adopts.
    for m in members:
        if acked.get(m) == "object":
            s.act(m, "stance", stance="join")
    s.act("KHM", "stance", stance="object", reason="the text is not ready")
    check(s.act("chair", "close")[0] == 200, "the Chair closes round 1")
    check(s.act("chair", "amend", text="A text all can live with")[0] == 200,
          "the Chair amends between rounds")
    check(s.act("KHM", "stance", stance="join")[0] == 200, "KHM joins")
    check(s.act("chair", "amend", text="Too late")[0] == 409,
          "no amendment once a stance is given")
    state_before = s.state()
    os.kill(s.p.pid, signal.SIGKILL)
    s.p.wait()
    s.err.close()
    s = Server(AMM, j)
    check(s.state() == state_before, "the state as it was at the kill")
    for m in members:
        if m != "KHM":
            s.act(m, "stance", stance="join")
    check(s.act("chair", "close")[0] == 200, "the Chair closes round 2")
    st2 = s.state()
    check(st2["outcome"] and st2["outcome"]["outcome"] == "adopted",
          "P1 adopted in round 2 (%s)" % st2["outcome"])
    check(s.act("chair", "next")[0] == 200, "the Chair moves to P2")
    check(s.state()["proposal"]["id"] == "P2", "P2 is before the meeting")
    check(s.stop() == 0, "stopped")
    s = Server(AMM, j)
    check(s.state()["proposal"]["id"] == "P2", "resumed at P2")
    check(s.stop() == 0, "stopped again")
    rc, out, err = show(j)
    check(rc == 0, "show reads the journal (%d %s)" % (rc, err))
    recs = out["records"] if out else []
    check([r["proposal"]["id"] for r in recs] == ["P1"],
          "one record of a decision, P1's, however often resumed (%s)"
          % [r["proposal"]["id"] for r in recs])
    if recs:
        r = recs[0]
        check(len(r["rounds"]) == 2, "two rounds on the record")
        check(r["rounds"][0].get("reasons", {}).get("KHM") ==
              "the text is not ready", "KHM's reason on the record")
        check(r["outcome"] == "adopted", "adopted on the record")
finally:
    shutil.rmtree(tmp)

print("%d passed, %d failed" % (passes[0], len(fails)))
sys.exit(1 if fails else 0)
