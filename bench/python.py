"""The Python package's costs, against the driver (make bench runs it).

1. A 10^7-run mufakat.simulate() from Python against the driver's real
   binary (tools/mufakat/.libs/mufakat, the library on LD_LIBRARY_PATH, not
   libtool's wrapper) on the same options: the ratio of wall times, each
   the best of a few runs, and the two outputs compared.
2. 10^5 small consultations held round by round from Python: a body of
   five, one proposal, two rounds of stances set one by one.

Usage: bench/python.py BUILD [RUNS]   (RUNS default 10^7)
Figures only, never pass or fail.
"""
import json
import os
import resource
import subprocess
import sys
import time


def cpu(who):
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def best(f, times):
    t = []
    for _ in range(times):
        t0 = time.perf_counter()
        out = f()
        t.append(time.perf_counter() - t0)
    return min(t), out


def main():
    build = os.path.abspath(sys.argv[1])
    runs = int(float(sys.argv[2])) if len(sys.argv) > 2 else 10 ** 7
    sys.path.insert(0, os.path.join(build, "python"))
    import mufakat

    threads = os.cpu_count() or 1
    opts = {"rule": "consensus,majority", "runs": runs, "seed": 1,
            "threads": threads}
    exe = os.path.join(build, "tools", "mufakat", ".libs", "mufakat")
    env = dict(os.environ, LD_LIBRARY_PATH=os.path.join(build, "lib",
                                                        ".libs"))
    argv = [exe, "simulate", "--rule", opts["rule"], "--runs", str(runs),
            "--seed", "1", "--threads", str(threads), "--format", "json"]

    def drive():
        p = subprocess.run(argv, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, check=True)
        return json.loads(p.stdout)

    def py():
        return mufakat.simulate(**opts)

    # Interleaved, so that a machine shared with other work weighs on
    # both alike; the best wall time of each, and the processor time.
    t_drv = t_py = float("inf")
    c_drv = c_py = 0.0
    for _ in range(3):
        c0 = cpu(resource.RUSAGE_CHILDREN)
        t, out_drv = best(drive, 1)
        c_drv += cpu(resource.RUSAGE_CHILDREN) - c0
        t_drv = min(t_drv, t)
        c0 = cpu(resource.RUSAGE_SELF)
        t, out_py = best(py, 1)
        c_py += cpu(resource.RUSAGE_SELF) - c0
        t_py = min(t_py, t)
    print("simulate, %d runs, 2 rules, %d threads: driver %.3f s, "
          "Python %.3f s, ratio %.3f (processor time: %.3f); outputs %s"
          % (runs, threads, t_drv, t_py, t_py / t_drv, c_py / c_drv,
             "equal" if out_drv == out_py else "DIFFER"))

    n = 10 ** 5
    ids = ["BRN", "IDN", "MYS", "PHL", "SGP"]

    def consultations():
        b = mufakat.Body("AMM")
        for m in ids:
            b.add_member(m)
        adopted = 0
        for k in range(n):
            c = mufakat.Consultation(mufakat.Proposal(b, "P", "t"))
            for m in ids:
                c.set_stance(m, "object" if m == "PHL" else "join")
            c.close_round()
            for m in ids:
                c.set_stance(m, "join")
            c.close_round()
            adopted += c.outcome == "adopted"
        return adopted

    t_c, adopted = best(consultations, 1)
    print("%d consultations of 5 members, 2 rounds each, round by round: "
          "%.3f s, %.1f us each (%d adopted)"
          % (n, t_c, t_c / n * 1e6, adopted))


if __name__ == "__main__":
    main()
