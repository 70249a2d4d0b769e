"""The Python package against the driver: each function returns exactly
what the driver prints with --format json, as Python values."""
import gc
import json
import os
import subprocess
import threading

import pytest

import mufakat

DRIVER = os.environ.get("MUFAKAT", "mufakat")
EXAMPLES = os.environ.get("MUFAKAT_EXAMPLES", "examples")
AMM = os.path.join(EXAMPLES, "asean-amm.json")


def driver(*args, status=0):
    p = subprocess.run([DRIVER] + list(args) + ["--format", "json"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.returncode == status, p.stderr
    return json.loads(p.stdout) if status == 0 else \
        p.stderr.decode().splitlines()[0]


def test_power_of_the_issue():
    r = mufakat.power(39, [7] * 5 + [1] * 10)
    assert abs(r["players"][0]["shapley_shubik"] - 0.19627) < 1e-5
    assert r == driver("power", "--quota", "39", "--weights",
                       ",".join(["7"] * 5 + ["1"] * 10))


def test_power_names():
    assert mufakat.power(3, [2, 1, 1], names=["A", "B", "C"]) == \
        driver("power", "--quota", "3", "--weights", "2,1,1",
               "--names", "A,B,C")


def test_run_and_check_are_the_drivers():
    assert mufakat.run(AMM) == driver("run", AMM)
    assert mufakat.check(AMM) == driver("check", AMM)
    assert mufakat.run(AMM)["proposals"][0]["id"]


def test_winset_one_and_two_dimensions():
    assert mufakat.winset([0.1, 0.5, 0.9], 0.0, "majority") == \
        driver("winset", "--ideals", "0.1,0.5,0.9", "--status-quo", "0",
               "--rule", "majority")
    assert mufakat.winset([[0, 0], [1, 0], [0, 1]], [2, 2], "quota:2") == \
        driver("winset", "--ideals", "0,0;1,0;0,1", "--status-quo", "2,2",
               "--rule", "quota:2")


def test_dynamics():
    m = [[0.5, 0.5], [0.25, 0.75]]
    assert mufakat.dynamics("degroot", m, [0, 1]) == \
        driver("dynamics", "--model", "degroot", "--matrix",
               "0.5,0.5;0.25,0.75", "--initial", "0,1")
    assert mufakat.dynamics("friedkin-johnsen", m, [0, 1],
                            susceptibility=[0.5, 0.9], rounds=50) == \
        driver("dynamics", "--model", "friedkin-johnsen", "--matrix",
               "0.5,0.5;0.25,0.75", "--initial", "0,1",
               "--susceptibility", "0.5,0.9", "--rounds", "50")


@pytest.mark.parametrize("opts", [
    {"rule": "consensus", "runs": 3000, "seed": 5},
    {"rule": ["consensus", "majority:0.6", "flexible"], "runs": 2000,
     "seed": 2, "members": 7, "dims": 2, "threads": 2},
    {"rule": "consensus-minus-x:2", "runs": 1000, "culture": "blocs:4",
     "spread": 0.1, "proposal": "random", "status_quo": "0.5",
     "concession": 0.2, "face_saving": 0.1, "max_rounds": 4},
    {"rule": ["consensus", "flexible", "silence", "unanimity"], "runs": 1500,
     "seed": 3, "tolerance": 0.05, "externality": 0.5, "reservation": 0.02,
     "indifference": 0.01, "support_gain": 0.3, "absence": 0.02},
])
def test_simulate_is_the_drivers(opts):
    args = []
    for k, v in opts.items():
        v = ",".join(v) if isinstance(v, list) else str(v)
        args += ["--" + k.replace("_", "-"), v]
    assert mufakat.simulate(**opts) == driver("simulate", *args)


def test_simulation_stance_model():
    import math

    # the built-in model at its defaults (one dimension, salience 1,
    # tolerance 0), written in Python with the library's arithmetic
    def builtin(i, x, pos, sq, rule, round, uniform):
        dp = math.sqrt((pos[0] - x[0]) ** 2)
        dq = math.sqrt((sq[0] - x[0]) ** 2)
        return "object" if dp > dq + 0.0 else "join"

    opts = dict(rule="consensus,flexible", runs=400, seed=4)
    sim = mufakat.Simulation(rule=opts["rule"])
    base = sim.run(runs=400, seed=4, threads=1)
    assert base == mufakat.simulate(threads=1, **opts)
    sim.set_stance_model(builtin)
    assert sim.run(runs=400, seed=4, threads=2) == base

    # a model that differs: every member joins, drawing from the stream
    def lenient(i, x, pos, sq, rule, round, uniform):
        assert 0 <= uniform() < 1
        return "join"

    sim.set_stance_model(lenient)
    one = sim.run(runs=400, seed=4, threads=1)
    two = sim.run(runs=400, seed=4, threads=2)
    assert one == two
    assert one["rules"][0]["adopted"]["share"] == 1
    assert base["rules"][0]["adopted"]["share"] < 1

    def broken(i, x, pos, sq, rule, round, uniform):
        raise ValueError("no stance")

    sim.set_stance_model(broken)
    with pytest.raises(ValueError):
        sim.run(runs=10, seed=4, threads=2)
    sim.set_stance_model(None)
    assert sim.run(runs=400, seed=4, threads=1) == base


def test_member_params():
    b = mufakat.Body("b", 1)
    b.add_member("A")
    b.add_member("B")
    assert b.member_param(0, "externality") == 1
    b.set_all("absence", 0.25)
    b.set_member_param("B", "externality", 0.5)
    assert b.member_param(1, "absence") == 0.25
    assert b.member_param("B", "externality") == 0.5
    assert b.member_param("A", "externality") == 1
    with pytest.raises(mufakat.Error):
        b.set_all("absence", 1)
    with pytest.raises(mufakat.Error):
        b.set_all("nonsense", 0)


def test_simulate_scenario():
    opts = dict(scenario=AMM, rule="consensus,silence", runs=500, seed=3)
    assert mufakat.simulate(**opts) == driver(
        "simulate", "--scenario", AMM, "--rule", "consensus,silence",
        "--runs", "500", "--seed", "3")


def test_errors_are_the_drivers_first_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"mufakat": 1,\n "body": [}\n')
    with pytest.raises(mufakat.Error) as e:
        mufakat.run(str(bad))
    assert "mufakat: " + str(e.value) == driver("run", str(bad), status=1)
    empty = tmp_path / "empty.json"
    empty.write_text("")
    with pytest.raises(mufakat.Error) as e:
        mufakat.check(str(empty))
    assert str(e.value).startswith(str(empty) + ":1:1: ")
    with pytest.raises(mufakat.Error) as e:
        mufakat.run(str(tmp_path / "missing.json"))
    assert "cannot open" in str(e.value)
    assert isinstance(e.value, Exception)
    with pytest.raises(mufakat.Error):
        mufakat.simulate(rule="nonsense", runs=10)
    with pytest.raises(mufakat.Error):
        mufakat.winset([0.5], 0, "quota:2")


def test_wrong_types():
    with pytest.raises(TypeError):
        mufakat.power("39", [1, 2])
    with pytest.raises(TypeError):
        mufakat.power(3, "1,2")
    with pytest.raises(TypeError):
        mufakat.run(42)
    with pytest.raises(TypeError):
        mufakat.simulate(format="json")
    with pytest.raises(TypeError):
        mufakat.dynamics("degroot", [[1]], ["x"])


def test_journal_round_trip_and_damage(tmp_path):
    j = str(tmp_path / "amm.journal")
    t = "2026-07-10T09:00:00Z"
    out = mufakat.run(AMM, journal=j, time=t)
    records = mufakat.read_journal(j)
    assert len(records) == len(out["proposals"])
    assert records == driver("show", j)["records"]
    assert records[0]["time"] == t
    with open(j, "ab") as f:
        f.write(b"\xa2\x63seq")          # a record torn at the end
    with pytest.raises(mufakat.Error) as e:
        mufakat.read_journal(j)
    assert e.value.records == records
    assert "byte " in str(e.value)


def test_journal_events_read_back(tmp_path):
    j = str(tmp_path / "meeting.journal")
    t = "2026-07-10T09:00:00Z"
    with mufakat.Journal(j, time=t) as jr:
        jr.append_event("stance", "KHM", "object")
        jr.append_event("round-closed")
    mufakat.run(AMM, journal=j, time=t)
    evs = mufakat.read_events(j)
    assert evs[0] == {"seq": 1, "time": t, "event": "stance",
                      "member": "KHM", "text": "object"}
    assert evs[1] == {"seq": 2, "time": t, "event": "round-closed",
                      "member": None, "text": None}
    assert [e["event"] for e in evs[2:]] == [None] * (len(evs) - 2)
    assert [e["seq"] for e in evs] == list(range(1, len(evs) + 1))
    # read_journal passes the events over, as show does.
    assert len(mufakat.read_journal(j)) == len(evs) - 2
    with pytest.raises(mufakat.Error):
        with mufakat.Journal(j) as jr:
            jr.append_event("")


def test_report_is_the_drivers(tmp_path):
    j = str(tmp_path / "amm.journal")
    mufakat.run(AMM, journal=j, time="2025-07-10T09:00:00Z")
    mufakat.run(AMM, journal=j, time="2026-07-10T09:00:00Z")
    assert mufakat.report(j) == driver("report", j)
    assert mufakat.report(j, year=2025) == \
        driver("report", j, "--year", "2025")
    p = subprocess.run([DRIVER, "report", j], stdout=subprocess.PIPE)
    assert p.returncode == 0
    assert mufakat.report(j, text=True) == p.stdout.decode()
    assert mufakat.report(j, text=True).startswith(
        "Implementation report: %d decisions recorded\n" %
        mufakat.report(j)["records"])
    with pytest.raises(TypeError):
        mufakat.report(j, year="2025")
    with open(j, "ab") as f:
        f.write(b"\xa2\x63seq")
    with pytest.raises(mufakat.Error) as e:
        mufakat.report(j)
    assert "byte " in str(e.value)


def test_consultation_round_by_round():
    b = mufakat.Body("AMM")
    for m in ("IDN", "PHL", "KHM"):
        b.add_member(m)
    p = mufakat.Proposal(b, "P1", "Joint statement")
    c = mufakat.Consultation(p)
    c.set_stance("IDN", "support")
    c.set_stance("PHL", "join")
    c.set_stance("KHM", "object")
    assert c.close_round() == "blocked"
    assert not c.done
    c.amend(text="Second draft")
    c.set_stance(0, "join")
    c.set_stance(1, "join")
    c.set_stance(2, "reservation")
    assert c.close_round() == "adopted"
    assert c.done and c.rounds == 2
    assert c.outcome == "adopted-with-reservations"
    assert c.round(1)["stances"] == {"IDN": "support", "PHL": "join",
                                     "KHM": "object"}
    j = c.json()
    assert j["outcome"] == "adopted-with-reservations"
    assert [r["verdict"] for r in j["rounds"]] == ["blocked", "adopted"]


def test_account_is_the_drivers_text():
    p = subprocess.run([DRIVER, "run", AMM], stdout=subprocess.PIPE,
                       env=dict(os.environ, NO_COLOR="1"))
    assert p.returncode == 0
    flat = " ".join(p.stdout.decode("utf-8").split())
    s = mufakat.Scenario(AMM)
    told = 0
    for i in range(len(s)):
        c = s.consult(i)
        j = c.json()
        parts = [c.account("violation", v)
                 for v in range(len(j["violations"]))]
        parts += [c.account("round", r) for r in range(1, c.rounds + 1)]
        parts.append(c.account())
        for text in parts:
            assert "\n" not in text
            assert text in flat
            told += 1
        out = c.account(width=30)
        assert all(len(line) <= 30 or " " not in line
                   for line in out.split("\n"))
        assert " ".join(out.split("\n")) == parts[-1]
        r = c.reasons()
        assert r["id"] == j["id"] and r["outcome"] == j["outcome"]
        assert [x["blockers"] for x in r["rounds"]] == \
            [x["blockers"] for x in j["rounds"]]
        if j["outcome"].startswith("adopted"):
            assert r["bound"] == j["participants"]
        else:
            assert r["bound"] == [] and r["fallback"] is not None or \
                j["outcome"] == "inadmissible"
    assert told > len(s)
    with pytest.raises(TypeError):
        c.account("verdict")
    with pytest.raises(mufakat.Error):
        c.account("round", 0)


def test_quorum(tmp_path):
    b = mufakat.Body("B")
    for m in ("AAA", "BBB", "CCC"):
        b.add_member(m)
    assert b.quorum == (0, 0.0)
    assert b.apply_rule("majority", {"AAA": "join", "BBB": "join"}) == \
        "adopted"
    assert b.apply_rule("majority", {"AAA": "join", "BBB": "join"},
                        quorum=(3, 0)) == "short"
    assert b.apply_rule("majority", ["join", "join", "object"],
                        quorum=(3, 3.0)) == "adopted"
    with pytest.raises(mufakat.Error):
        b.apply_rule("consensus", {}, quorum=(1, 0))
    b.set_rule("majority")
    b.set_quorum(3)
    p = mufakat.Proposal(b, "P", "t")
    assert p.quorum == (3, 0.0)
    c = mufakat.Consultation(p)
    c.set_stance("AAA", "join")
    c.set_stance("BBB", "join")
    assert c.close_round() == "short"
    assert "fewer than the quorum of 3" in c.account("round", 1)
    with pytest.raises(mufakat.Error):
        c.reasons()     # not over yet
    c.end()
    assert c.reasons()["quorum"] == {"members": 3, "weight": 0}
    assert c.reasons()["rounds"][0]["quorum_met"] is False
    p.set_quorum(0, 1.5)
    assert p.quorum == (0, 1.5)
    with pytest.raises(mufakat.Error):
        b.set_quorum(1, -1.0)
    # A scenario's quorum: what the driver prints.
    q = os.path.join(os.path.dirname(EXAMPLES), "tests", "data", "run",
                     "quorum.json")
    assert mufakat.run(q) == driver("run", q)


def test_behaviour_model_and_a_stance_model_in_python():
    b = mufakat.Body("B", dims=1)
    for i, x in enumerate([0.1, 0.4, 0.9]):
        b.add_member("M%d" % i, ideal=[x])
    p = mufakat.Proposal(b, "P", "t", position=[0.45], status_quo=[0.0])
    c = mufakat.Consultation(p)
    outcome = c.run()
    assert outcome in ("adopted", "deferred")
    seen = []

    def model(cons, rnd):
        seen.append(rnd)
        return {"M0": "join", "M1": "join",
                "M2": "object" if rnd == 1 else "join"}
    p2 = mufakat.Proposal(b, "Q", "t", position=[0.45], status_quo=[0.0])
    c2 = mufakat.Consultation(p2)
    assert c2.run(model) == "adopted"
    assert seen == [1, 2] and c2.rounds == 2

    def broken(cons, rnd):
        raise ValueError("the model failed")
    c3 = mufakat.Consultation(mufakat.Proposal(b, "R", "t", position=[0.4],
                                               status_quo=[0.0]))
    with pytest.raises(ValueError):
        c3.run(broken)


def test_scenario_objects_and_the_journal_object(tmp_path):
    s = mufakat.Scenario(AMM)
    assert len(s) == len(mufakat.run(AMM)["proposals"])
    c = s.consult(0)
    assert c.json() == mufakat.run(AMM)["proposals"][0]
    j = str(tmp_path / "j")
    with mufakat.Journal(j, time="2026-01-02T03:04:05Z") as jr:
        jr.append(c)
    assert [r["proposal"]["id"] if isinstance(r["proposal"], dict)
            else r["proposal"] for r in mufakat.read_journal(j)]


def test_simulation_setters_and_game():
    sim = mufakat.Simulation(members=5, rule="consensus,majority")
    sim.set_culture("gaussian", 0.2)
    sim.set_behaviour(concession=0.1)
    sim.set_max_rounds(3)
    r = sim.run(runs=1000, seed=9, threads=1)
    assert r == driver("simulate", "--members", "5", "--rule",
                       "consensus,majority", "--culture", "gaussian",
                       "--spread", "0.2", "--concession", "0.1",
                       "--max-rounds", "3", "--runs", "1000", "--seed", "9")
    g = mufakat.Game(3, [2, 1, 1])
    assert g.json(["A", "B", "C"]) == mufakat.power(3, [2, 1, 1],
                                                    ["A", "B", "C"])
    assert mufakat.name("outcome", mufakat.lookup("outcome", "deferred")) \
        == "deferred"


def test_objects_freed_out_of_scope():
    # Made and dropped many times over: the library's objects are freed
    # with them (the sanitizer build holds the library to no leak).
    for _ in range(2000):
        b = mufakat.Body("B")
        b.add_member("A")
        c = mufakat.Consultation(mufakat.Proposal(b, "P", "t"))
        c.set_stance("A", "join")
        c.close_round()
        del b, c
    gc.collect()


def test_the_gil_is_released_during_a_simulation():
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.001)
    t = threading.Thread(target=tick)
    t.start()
    before = len(ticks)
    mufakat.simulate(rule="consensus", runs=400000, seed=1, threads=1)
    during = len(ticks) - before
    stop.set()
    t.join()
    assert during > 5


def driver_text(*args, status=0):
    p = subprocess.run([DRIVER] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    assert p.returncode == status, p.stderr
    return p.stderr.decode().splitlines()[0]


@pytest.mark.parametrize("spec,extra", [
    ("members=3:12:4", ["--rule", "consensus,majority"]),
    ("face-saving=0:0.6:4", ["--rule", "consensus,flexible",
                             "--chair", "toward-status-quo"]),
    ("spread=0.05:0.4:3", ["--culture", "gaussian"]),
])
def test_sweep_is_the_drivers(spec, extra, tmp_path):
    opts = {"sweep": spec, "runs": 1200, "seed": 4, "threads": 2}
    for k, v in zip(extra[::2], extra[1::2]):
        opts[k[2:].replace("-", "_")] = v
    mine = tmp_path / "py.csv"
    theirs = tmp_path / "driver.csv"
    r = mufakat.simulate(csv=str(mine), **opts)
    assert r == driver("simulate", "--sweep", spec, "--runs", "1200",
                       "--seed", "4", "--threads", "1", "--csv",
                       str(theirs), *extra)
    assert mine.read_bytes() == theirs.read_bytes()
    assert r["sweep"]["name"] == spec.split("=")[0]


def test_sweep_errors_are_the_drivers():
    for spec, more in (("members=3:4:3", {}), ("concession=0:1", {}),
                       ("quorum=0:1:3", {}), ("spread=0:1:3",
                                              {"spread": 0.2})):
        args = ["simulate", "--runs", "10", "--sweep", spec]
        for k, v in more.items():
            args += ["--" + k, str(v)]
        with pytest.raises(mufakat.Error) as e:
            mufakat.simulate(runs=10, sweep=spec, **more)
        assert "mufakat: " + str(e.value) == driver_text(*args, status=2)


def test_parameters_by_name():
    params = mufakat.Simulation.parameters()
    for name in ("concession", "face_saving", "dynamics", "spread",
                 "tolerance", "members", "dims", "max_rounds", "culture",
                 "chair", "proposal", "status_quo"):
        assert name in params, name
    assert params["face_saving"] == (1, 0.0, 1.0)
    assert mufakat.simulate(rule="consensus,majority", tolerance=0.05,
                            runs=800, seed=3, members=6) == \
        driver("simulate", "--rule", "consensus,majority", "--tolerance",
               "0.05", "--runs", "800", "--seed", "3", "--members", "6")
    with pytest.raises(mufakat.Error) as e:
        mufakat.simulate(face_saving=1.5, runs=10)
    assert "mufakat: " + str(e.value) == driver_text(
        "simulate", "--face-saving", "1.5", "--runs", "10", status=2)
    with pytest.raises(TypeError):
        mufakat.Simulation().set("quorum", 1)
    with pytest.raises(TypeError):
        mufakat.Simulation().set("spread", True)


def test_members_and_dims_without_a_new_simulation():
    sim = mufakat.Simulation(members=5, rule="consensus,majority")
    sim.set_members(9)
    sim.set_dims(2)
    assert sim.run(runs=900, seed=2, threads=1) == driver(
        "simulate", "--members", "9", "--dims", "2", "--rule",
        "consensus,majority", "--runs", "900", "--seed", "2")


def test_paired_on_the_simulation():
    sim = mufakat.Simulation(rule="consensus,majority,unanimity",
                             face_saving=0.2)
    r = sim.run(runs=3000, seed=8, threads=2)
    for p in r["paired"]:
        a, b = p["rules"]
        got = sim.paired(a, b)
        assert got == {k: p[k] for k in ("both", "first_only",
                                         "second_only", "neither",
                                         "difference", "ci95")}
    # The other way round: the difference and its interval turn over.
    ab, ba = sim.paired(0, 1), sim.paired(1, 0)
    assert ab["first_only"] == ba["second_only"]
    assert ab["difference"] == -ba["difference"]
    with pytest.raises(mufakat.Error):
        sim.paired("consensus", "silence")
    with pytest.raises(mufakat.Error):
        sim.paired(0, 0)


def test_svgs_are_the_drivers(tmp_path):
    mine, theirs = tmp_path / "py.svg", tmp_path / "driver.svg"
    mufakat.run(AMM, svg=str(mine))
    driver("run", AMM, "--svg", str(theirs))
    assert mine.read_bytes() == theirs.read_bytes()
    assert mine.read_bytes().startswith(b"<?xml")
    mufakat.simulate(rule="consensus,majority", runs=700, seed=2,
                     svg=str(mine))
    driver("simulate", "--rule", "consensus,majority", "--runs", "700",
           "--seed", "2", "--svg", str(theirs))
    assert mine.read_bytes() == theirs.read_bytes()
    mufakat.simulate(rule="consensus,majority", runs=700, seed=2,
                     sweep="dynamics=0:0.5:3", svg=str(mine))
    driver("simulate", "--rule", "consensus,majority", "--runs", "700",
           "--seed", "2", "--sweep", "dynamics=0:0.5:3", "--svg",
           str(theirs))
    assert mine.read_bytes() == theirs.read_bytes()
    assert b"<polyline" in mine.read_bytes()
    with pytest.raises(mufakat.Error):
        mufakat.run(AMM, svg=str(tmp_path / "no" / "such" / "dir.svg"))


def test_csv_of_each_run_is_the_drivers(tmp_path):
    mine, theirs = tmp_path / "py.csv", tmp_path / "driver.csv"
    r = mufakat.simulate(rule="consensus,majority:0.6", runs=70000, seed=3,
                         dims=2, threads=2, csv=str(mine))
    assert r == driver("simulate", "--rule", "consensus,majority:0.6",
                       "--runs", "70000", "--seed", "3", "--dims", "2",
                       "--csv", str(theirs))
    assert mine.read_bytes() == theirs.read_bytes()
    assert len(mine.read_bytes().splitlines()) == 70001


SERIES = os.path.join(EXAMPLES, os.pardir, "tests", "data", "series")


def test_run_of_meetings_is_the_drivers(tmp_path):
    """A scenario of meetings: run() gives the driver's {"meetings": ...},
    and the records it appends continue each other as the driver's do."""
    f = os.path.join(SERIES, "series.json")
    t = "2026-07-08T09:00:00Z"
    assert mufakat.run(f) == driver("run", f)
    a, b = str(tmp_path / "a.journal"), str(tmp_path / "b.journal")
    got = mufakat.run(f, journal=a, time=t)
    assert got == driver("run", f, "--journal", b, "--time", t)
    assert [m["year"] for m in got["meetings"]] == [2026, 2027, 2028]
    p1 = got["meetings"][1]["proposals"][0]
    assert (p1["id"], [r["round"] for r in p1["rounds"]]) == ("P1", [3])
    assert open(a, "rb").read() == open(b, "rb").read()
    recs = mufakat.read_journal(a)
    assert recs[2]["continues"]["seq"] == 1 and recs[2]["year"] == 2027


def test_run_continue_takes_up_what_was_deferred(tmp_path):
    f, nxt = (os.path.join(SERIES, n) for n in ("series.json", "next.json"))
    t1, t2 = "2026-07-08T09:00:00Z", "2029-07-10T09:00:00Z"
    a, b = str(tmp_path / "a.journal"), str(tmp_path / "b.journal")
    mufakat.run(f, journal=a, time=t1)
    driver("run", f, "--journal", b, "--time", t1)
    got = mufakat.run(nxt, continue_=a, time=t2)
    assert got == driver("run", nxt, "--continue", b, "--time", t2)
    p3 = got["meetings"][0]["proposals"][0]
    assert (p3["id"], p3["rounds"][0]["round"], p3["outcome"]) == \
        ("P3", 5, "adopted")
    assert open(a, "rb").read() == open(b, "rb").read()
    assert mufakat.report(a) == driver("report", b)
    with pytest.raises(mufakat.Error) as e:
        mufakat.run(nxt, continue_=str(tmp_path / "missing.journal"))
    assert str(e.value).startswith(str(tmp_path / "missing.journal") + ": ")
    with pytest.raises(TypeError):
        mufakat.run(nxt, continue_=3)


def test_scenario_meetings_and_first_round():
    s = mufakat.Scenario(os.path.join(SERIES, "series.json"))
    assert s.meetings == [{"year": 2026, "proposals": ["P1", "P2"]},
                          {"year": 2027, "proposals": ["P3"]},
                          {"year": 2028, "proposals": ["P4"]}]
    assert mufakat.Scenario(AMM).meetings == []
    b = mufakat.Body("B")
    b.add_member("AAA")
    c = mufakat.Consultation(mufakat.Proposal(b, "P", "t"))
    assert c.first_round == 1
    c.first_round = 4
    c.set_stance("AAA", "join")
    c.close_round()
    assert c.first_round == 4 and c.json()["rounds"][0]["round"] == 4
    with pytest.raises(mufakat.Error):
        c.first_round = 5          # a round is closed
    with pytest.raises(mufakat.Error):
        mufakat.Consultation(mufakat.Proposal(b, "Q", "t")).first_round = 0


def test_scenario_summit_and_candidate_rules():
    s = mufakat.Scenario(os.path.join(EXAMPLES, os.pardir, "tests", "data",
                                      "run", "summit.json"))
    assert s.summit.name == "ASEAN Summit"
    assert s.summit.members == ["BRN", "KHM", "IDN", "PHL"]
    assert s.body.name == "ASEAN Foreign Ministers' Meeting"
    assert s.candidate_rules(0) == ["consensus-minus-x", "majority"]
    assert s.candidate_rules(1) == []
    with pytest.raises(IndexError):
        s.candidate_rules(2)
    assert mufakat.Scenario(AMM).summit is None
def test_rule_account_is_the_drivers_text():
    for path in (AMM, os.path.join(EXAMPLES, "asean-digital.json")):
        p = subprocess.run([DRIVER, "run", path], stdout=subprocess.PIPE,
                           env=dict(os.environ, NO_COLOR="1"))
        assert p.returncode == 0
        flat = " ".join(p.stdout.decode("utf-8").split())
        s = mufakat.Scenario(path)
        told = set()
        for i in range(len(s)):
            c = s.consult(i)
            j = c.reasons()
            if j["outcome"] == "inadmissible":
                continue
            text = c.account("rule", 1 if j["rule"] in told else 0)
            told.add(j["rule"])
            assert text.startswith("Rule: " + j["rule"])
            assert text in flat
        with pytest.raises(mufakat.Error):
            c.account("rule", 2)


def test_predict_is_the_drivers(tmp_path):
    for models in ("compromise", "median,nbs,exchange"):
        mine, theirs = tmp_path / "mine.svg", tmp_path / "theirs.svg"
        assert mufakat.predict(AMM, model=models, rounds=3, svg=mine,
                               status_quo=[0.2]) == \
            driver("predict", AMM, "--model", models, "--rounds", "3",
                   "--status-quo", "0.2", "--svg", str(theirs))
        assert mine.read_bytes() == theirs.read_bytes()
        assert mine.read_bytes().startswith(b"<?xml")
    assert mufakat.predict(AMM, model=["median"], status_quo=[0.5]) == \
        driver("predict", AMM, "--model", "median", "--status-quo", "0.5")
    for kw, args in (({"model": "compromise,bogus"}, ["--model",
                                                        "compromise,bogus"]),
                     ({"model": "nbs,nbs"}, ["--model", "nbs,nbs"]),
                     ({"rounds": 0}, ["--rounds", "0"]),
                     ({"status_quo": [1, 2]}, ["--status-quo", "1,2"]),
                     ({"model": "nbs"}, ["--model", "nbs"])):
        with pytest.raises(mufakat.Error) as e:
            mufakat.predict(AMM, **kw)
        assert "mufakat: " + str(e.value) == \
            driver("predict", AMM, *args, status=2)


def test_run_svg_is_the_drivers(tmp_path):
    for path in (AMM, os.path.join(EXAMPLES, "asean-digital.json")):
        mine, theirs = tmp_path / "mine.svg", tmp_path / "theirs.svg"
        assert mufakat.run(path, svg=mine) == \
            driver("run", path, "--svg", str(theirs))
        assert mine.read_bytes() == theirs.read_bytes()


def test_run_svg_refuses_as_the_driver(tmp_path):
    """A drawing past the cells it may have is refused with the driver's
    message; nothing is written."""
    members = ", ".join('{"id": "M%d", "name": "Member %d"}' % (i, i)
                        for i in range(2600))
    rounds = ", ".join(['{"stances": {"M0": "object"}}'] * 100)
    wide = tmp_path / "wide.json"
    wide.write_text('{"mufakat": 1, "body": {"name": "Wide", "members": '
                    '[%s]}, "proposals": [{"id": "P1", "title": "T", '
                    '"max_rounds": 100, "rounds": [%s]}]}'
                    % (members, rounds))
    mine, theirs = tmp_path / "mine.svg", tmp_path / "theirs.svg"
    with pytest.raises(mufakat.Error) as e:
        mufakat.run(wide, svg=mine)
    msg = driver("run", str(wide), "--svg", str(theirs), status=1)
    assert "mufakat: " + str(e.value) == \
        msg.replace(str(theirs), str(mine))
    assert "more than 250000 cells" in msg
    assert not mine.exists() and not theirs.exists()


def test_winset_rules_are_the_drivers():
    for rule in ("quota:9", "quota:+2", "quota:-1", "quota:", "bogus"):
        for ideals in ("0.1,0.5,0.9", "0.1"):
            xs = [float(x) for x in ideals.split(",")]
            p = subprocess.run([DRIVER, "winset", "--ideals", ideals,
                                "--status-quo", "0", "--rule", rule],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            if p.returncode == 0:
                assert mufakat.winset(xs, 0.0, rule) is not None
                continue
            assert p.returncode == 2
            with pytest.raises(mufakat.Error) as e:
                mufakat.winset(xs, 0.0, rule)
            assert "mufakat: " + str(e.value) == \
                p.stderr.decode().splitlines()[0]
def test_hook_mirrors_the_consultation():
    b = mufakat.Body("AMM")
    for m in ("IDN", "PHL", "KHM"):
        b.add_member(m)
    p = mufakat.Proposal(b, "P1", "Joint statement", position=[0.8])
    c = mufakat.Consultation(p)
    seen = []
    c.set_hook(seen.append)
    c.set_stance("IDN", "join")
    c.set_stance("KHM", "object")
    assert c.close_round() == "blocked"
    c.amend(position=[0.5], text="Second draft")
    for m in ("IDN", "PHL", "KHM"):
        c.set_stance(m, "join")
    assert c.close_round() == "adopted"
    assert seen == [
        {"type": "stance", "round": 1, "member": "IDN", "stance": "join",
         "time": None},
        {"type": "stance", "round": 1, "member": "KHM", "stance": "object",
         "time": None},
        {"type": "round", "round": 1, "verdict": "blocked"},
        {"type": "amend", "round": 2, "position": [0.5],
         "text": "Second draft"},
        {"type": "stance", "round": 2, "member": "IDN", "stance": "join",
         "time": None},
        {"type": "stance", "round": 2, "member": "PHL", "stance": "join",
         "time": None},
        {"type": "stance", "round": 2, "member": "KHM", "stance": "join",
         "time": None},
        {"type": "round", "round": 2, "verdict": "adopted"},
        {"type": "outcome", "round": 2, "outcome": "adopted"}]
    # the mirror is the consultation's own account of itself
    j = c.json()
    assert [r["verdict"] for r in j["rounds"]] == ["blocked", "adopted"]


def test_hook_that_raises_aborts_the_action():
    b = mufakat.Body("AMM")
    for m in ("IDN", "KHM"):
        b.add_member(m)
    c = mufakat.Consultation(mufakat.Proposal(b, "P1", "Joint statement"))
    c.set_stance("IDN", "join")
    c.set_stance("KHM", "join")

    def refuse(event):
        raise RuntimeError("the mirror is down")

    c.set_hook(refuse, events=["round"])
    with pytest.raises(RuntimeError):
        c.close_round()
    assert c.rounds == 0 and not c.done
    c.set_hook(None)
    assert c.close_round() == "adopted"
    with pytest.raises(TypeError):
        c.set_hook(refuse, events=["vote"])


def test_silence_procedure_by_its_deadline(tmp_path):
    b = mufakat.Body("AMM")
    for m in ("IDN", "PHL", "KHM"):
        b.add_member(m)
    b.set_rule("silence")
    p = mufakat.Proposal(b, "P1", "Joint statement")
    c = mufakat.Consultation(p)
    seen = []
    c.set_hook(seen.append, events="stance")
    c.circulate("2026-07-01T17:00:00+08:00")
    assert c.deadline == "2026-07-01T09:00:00Z"
    with pytest.raises(mufakat.Error):
        c.set_stance("IDN", "join")  # a circulated round takes times
    c.set_stance("PHL", "reservation", at="2026-06-30T10:00:00Z")
    with pytest.raises(mufakat.Error):
        c.set_stance("KHM", "object", at="2026-07-01T09:00:01Z")  # late
    with pytest.raises(mufakat.Error):
        c.close_round(at="2026-07-01T08:00:00Z")  # before the deadline
    with pytest.raises(TypeError):
        c.close_round(at=1751360400)
    assert c.close_round(at="2026-07-01T09:00:00Z") == "adopted"
    assert c.outcome == "adopted-with-reservations"
    assert c.stance_time(1, "PHL") == "2026-06-30T10:00:00Z"
    assert c.stance_time(1, "KHM") is None
    assert seen == [{"type": "stance", "round": 1, "member": "PHL",
                     "stance": "reservation",
                     "time": "2026-06-30T10:00:00Z"}]
    j = str(tmp_path / "j")
    with mufakat.Journal(j, time="2026-07-01T09:00:00Z") as jr:
        jr.append(c)
    r = mufakat.read_journal(j)[0]["rounds"][0]
    assert r["deadline"] == "2026-07-01T09:00:00Z"
    assert r["at"] == {"PHL": "2026-06-30T10:00:00Z"}


def test_run_scripts_a_circulation():
    path = os.path.join(EXAMPLES, os.pardir, "tests", "data", "run",
                        "deadline.json")
    got = mufakat.run(path)
    p = subprocess.run([DRIVER, "run", path, "--format", "json"],
                       stdout=subprocess.PIPE, check=True)
    assert got == json.loads(p.stdout.decode("utf-8"))
    r = got["proposals"][1]["rounds"][0]
    assert r["deadline"] == "2026-07-01T09:00:00Z"
    assert r["at"] == {"KHM": "2026-07-01T04:30:00Z"}
    text = subprocess.run([DRIVER, "run", path], stdout=subprocess.PIPE,
                          env=dict(os.environ, NO_COLOR="1"),
                          check=True).stdout.decode("utf-8")
    assert ("Round 1 was circulated until 2026-07-01T09:00:00Z (UTC): "
            "Cambodia: object at 2026-07-01T04:30:00Z; the others kept "
            "silence.") in " ".join(text.split())


def test_run_takes_the_summit_steps_as_the_driver(tmp_path):
    """A proposal referred to the Summit: run() gives the driver's JSON,
    its "summit" the two steps, and appends the same records, each step's
    linked to the referring body's."""
    run = os.path.join(SERIES, os.pardir, "run")
    f, none = (os.path.join(run, n) for n in ("summit.json",
                                               "summit-none.json"))
    t = "2026-07-08T09:00:00Z"
    a, b = str(tmp_path / "a.journal"), str(tmp_path / "b.journal")
    got = mufakat.run(f, journal=a, time=t)
    assert got == driver("run", f, "--journal", b, "--time", t)
    assert open(a, "rb").read() == open(b, "rb").read()
    steps = got["proposals"][0]["summit"]
    assert (steps["rule"], steps["decided_by"]) == ("consensus-minus-x",
                                                    "body")
    assert [x["id"] for x in steps["step1"]] == ["AEC-1/rule-1"]
    assert steps["step2"]["outcome"] == "adopted-with-reservations"
    assert "summit" not in got["proposals"][1]
    recs = mufakat.read_journal(a)
    assert [r["continues"]["seq"] for r in recs[1:3]] == [1, 1]
    got = mufakat.run(os.path.join(run, "summit-model.json"))
    assert got == driver("run", os.path.join(run, "summit-model.json"))
    assert got["proposals"][0]["summit"]["step2"]["outcome"] == "adopted"
    got = mufakat.run(none)
    assert got == driver("run", none)
    assert got["proposals"][0]["summit"]["rule"] is None
    assert len(got["proposals"][0]["summit"]["step1"]) == 2


def test_scenario_summit_steps_are_the_runs():
    """Scenario.summit_steps(i) gives what run() puts in the item's
    "summit", from the same library call; a proposal without candidate
    rules has no steps to take."""
    run = os.path.join(SERIES, os.pardir, "run")
    for n in ("summit.json", "summit-none.json", "summit-model.json"):
        f = os.path.join(run, n)
        s = mufakat.Scenario(f)
        s.consult(0)
        assert s.summit_steps(0) == mufakat.run(f)["proposals"][0]["summit"]
    with pytest.raises(mufakat.Error) as e:
        mufakat.Scenario(os.path.join(run, "summit.json")).summit_steps(1)
    assert "/proposals/1: at the Summit" in str(e.value)
    with pytest.raises(IndexError):
        s.summit_steps(9)


def test_series_takes_the_summit_steps_as_the_driver(tmp_path):
    """A series whose item is referred to the Summit: run() gives the
    driver's JSON with the Summit's steps, and the same journal, the
    steps' records of the meeting's year and linked to the referral."""
    f = os.path.join(SERIES, "summit.json")
    t = "2026-07-08T09:00:00Z"
    a, b = str(tmp_path / "a.journal"), str(tmp_path / "b.journal")
    got = mufakat.run(f, journal=a, time=t)
    assert got == driver("run", f, "--journal", b, "--time", t)
    assert open(a, "rb").read() == open(b, "rb").read()
    p2 = got["meetings"][1]["proposals"][1]
    assert p2["summit"]["step2"]["outcome"] == "adopted-flexible"
    recs = mufakat.read_journal(a)
    assert [(r["seq"], r.get("year"), r.get("continues", {}).get("seq"))
            for r in recs[2:]] == [(3, 2027, None), (4, 2027, 3),
                                   (5, 2027, 3)]


def test_consultation_keeps_its_chair():
    """A consultation's chair is the body's when it was made, whatever
    the body's chair becomes after."""
    b = mufakat.Body("AMM")
    for m in ("IDN", "PHL", "KHM"):
        b.add_member(m)
    p = mufakat.Proposal(b, "P1", "Joint statement")
    assert mufakat.Consultation(p).chair is None
    b.set_chair("PHL")
    c = mufakat.Consultation(p)
    b.set_chair("KHM")
    assert c.chair == "PHL"
    for m in ("IDN", "PHL", "KHM"):
        c.set_stance(m, "join")
    c.close_round()
    assert c.json()["chair"] == "PHL"


def test_scenario_summit_sentences_are_the_drivers():
    """Scenario.summit_sentences(i) gives the library's two sentences, the
    ones `mufakat run` prints around the Summit's steps."""
    f = os.path.join(SERIES, os.pardir, "run", "summit.json")
    s = mufakat.Scenario(f)
    q, c = s.summit_sentences(0)
    assert q == ("At the Summit: how AEC-1 is to be decided, by consensus "
                 "of the ASEAN Summit.")
    assert c.startswith("The Summit chooses the rule consensus-minus-x: ")
    text = " ".join(subprocess.run([DRIVER, "run", f], stdout=subprocess.PIPE,
                                   check=True).stdout.decode().split())
    assert q in text and c in text
    assert all(len(x) <= 30 for x in s.summit_sentences(0, 30)[0].split("\n"))


def test_proposal_pillar_and_component():
    """A proposal's pillar and component; no component until one is
    given, though the library's default is political development."""
    b = mufakat.Body("AMM")
    b.add_member("IDN")
    p = mufakat.Proposal(b, "P1", "Power grid")
    assert p.component is None
    p.pillar = "economic"
    assert p.pillar == "economic" and p.component is None
    p.component = "implementing-mechanisms"
    assert p.component == "implementing-mechanisms"
    with pytest.raises(mufakat.Error):
        p.component = "no-such-component"
    s = mufakat.Scenario(os.path.join(EXAMPLES, "asean-meetings.json"))
    assert (s.proposal(9).pillar, s.proposal(9).component) == (
        "economic", "implementing-mechanisms")


def test_predict_writes_the_scenario_as_the_driver(tmp_path):
    """predict(scenario=) writes what `--scenario` writes: the scenario
    with the first model's outcome as proposal "predicted", which run()
    then puts to the body."""
    ex = os.path.join(EXAMPLES, "asean-digital.json")
    mine, theirs = tmp_path / "mine.json", tmp_path / "theirs.json"
    got = mufakat.predict(ex, model="median,compromise", scenario=mine)
    assert got == driver("predict", ex, "--model", "median,compromise",
                         "--scenario", str(theirs))
    assert mine.read_bytes() == theirs.read_bytes()
    put = mufakat.run(str(mine))["proposals"]
    assert put[-1]["id"] == "predicted"
    with pytest.raises(mufakat.Error) as e:
        mufakat.predict(str(mine), scenario=tmp_path / "again.json")
    assert 'a proposal "predicted" is there already' in str(e.value)
    assert not (tmp_path / "again.json").exists()
