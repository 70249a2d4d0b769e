"""A client of mufakat serve for the tests and the load benchmark: starts
the server on a free port, reads its links, speaks its JSON API
(mufakat-serve(7)) over the standard library's HTTP client."""
import http.client
import json
import os
import subprocess
import time


def driver():
    """The real driver binary (not the libtool wrapper), and its
    environment."""
    b = os.environ["top_builddir"]
    real = os.path.join(b, "tools", "mufakat", ".libs", "mufakat")
    env = dict(os.environ)
    if os.path.exists(real):
        env["LD_LIBRARY_PATH"] = os.path.join(b, "lib", ".libs")
        return real, env
    return os.path.join(b, "tools", "mufakat", "mufakat"), env


# The tests' tally: check(cond, what) counts a pass or prints a failure.
fails = []
passes = [0]


def check(cond, what):
    if cond:
        passes[0] += 1
    else:
        fails.append(what)
        print("FAIL:", what)


class Server:
    def __init__(self, scenario, journal=None, extra=()):
        exe, env = driver()
        args = [exe, "serve", scenario, "--listen", "127.0.0.1:0"]
        if journal:
            args += ["--journal", journal]
        self.err_path = (journal or "/tmp/mufakat-serve") + ".stderr"
        self.err = open(self.err_path, "w")
        self.p = subprocess.Popen(args + list(extra), stdout=subprocess.PIPE,
                                  stderr=self.err, env=env, text=True)
        self.links = {}
        for line in self.p.stdout:
            k, url = line.split()
            self.links[k] = url
            if k == "public":
                break
        if "public" not in self.links:
            self.p.wait()
            raise RuntimeError("serve exited %d: %s" % (
                self.p.returncode, open(self.err_path).read()))
        self.base = self.links["public"]
        hostport = self.base.split("/")[2]
        self.host, port = hostport.split(":")
        self.port = int(port)
        self.secret = {k: v.rsplit("/", 1)[1] for k, v in self.links.items()
                       if k != "public"}
        self.token = {}

    def stop(self, sig=15):
        if self.p.poll() is None:
            self.p.send_signal(sig)
            self.p.wait(timeout=20)
        self.err.close()
        return self.p.returncode

    def conn(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=20)

    def request(self, method, path, secret=None, body=None,
                ctype="application/json", headers=None, conn=None):
        """(status, decoded JSON or None, raw bytes)."""
        h = dict(headers or {})
        if secret is not None:
            h["Authorization"] = "Bearer " + secret
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else \
                json.dumps(body).encode()
            h["Content-Type"] = ctype
        c = conn or self.conn()
        try:
            c.request(method, path, body=data, headers=h)
            r = c.getresponse()
            raw = r.read()
        finally:
            if conn is None:
                c.close()
        try:
            j = json.loads(raw)
        except ValueError:
            j = None
        return r.status, j, raw

    def state(self, who=None):
        st, j, _ = self.request("GET", "/api/state",
                                self.secret[who] if who else None)
        assert st == 200, (st, j)
        if who:
            self.token[who] = j["token"]
            return j["state"]
        return j

    def act(self, who, action, conn=None, **fields):
        """POSTs action as `who` with its current token (fetched when not
        known); returns (status, JSON)."""
        if who not in self.token:
            self.state(who)
        body = dict(fields, token=self.token[who])
        st, j, _ = self.request("POST", "/api/" + action, self.secret[who],
                                body, conn=conn)
        if st == 200:
            self.token[who] = j["token"]
        return st, j


def wait_for(pred, timeout=10.0, step=0.05):
    t = time.time() + timeout
    while time.time() < t:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()
