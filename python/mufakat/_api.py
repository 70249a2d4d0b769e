"""The driver's commands as functions: each returns what `mufakat COMMAND
--format json` prints, as Python values, made by the library's own JSON
writers (the text is parsed here, never composed)."""
import datetime
import json
import os

from ._mufakat import ffi, lib

__all__ = ["Error", "run", "check", "power", "winset", "dynamics",
           "predict", "simulate", "read_journal", "read_events", "report"]


class Error(Exception):
    """An error of input: a file that cannot be read, a bad scenario, a bad
    value. Its message is the driver's first line without "mufakat: ";
    `code` is the library's code (a negative MFK_E* value, or None), and
    `records`, for read_journal(), the records read before the damage."""

    def __init__(self, message, code=None, records=None):
        super().__init__(message)
        self.code = code
        self.records = records if records is not None else []


def _text(p):
    return ffi.string(p).decode("utf-8", "replace") if p != ffi.NULL else ""


def _strerror(rc):
    return _text(lib.mfk_strerror(rc))


def _input_error(path, err):
    """The message the driver prints for err about path (cli-out.c)."""
    msg = _text(err.message)
    if err.code == lib.MFK_ESYNTAX and err.line > 0:
        text = "%s:%d:%d: %s" % (path, err.line, err.column, msg)
    elif err.code in (lib.MFK_ESYNTAX, lib.MFK_ELIMIT, lib.MFK_ETORN):
        text = "%s: byte %d: %s" % (path, err.offset,
                                    msg or _strerror(err.code))
    elif err.pointer[0] != b"\0":
        text = "%s: %s: %s" % (path, _text(err.pointer), msg)
    else:
        text = "%s: %s" % (path, msg or _strerror(err.code))
    return Error(text, err.code)


def _check(rc, what):
    if rc != lib.MFK_OK:
        raise Error("%s: %s" % (what, _strerror(rc)), rc)


def _json(write, what):
    """Calls write(buf, size, lenp) twice, as the driver does: once for the
    length, once for the text; returns the parsed value."""
    n = ffi.new("size_t *")
    rc = write(ffi.NULL, 0, n)
    if rc == lib.MFK_ERANGE:
        buf = ffi.new("char[]", n[0])
        rc = write(buf, n[0], n)
    _check(rc, what)
    return json.loads(ffi.buffer(buf, n[0])[:].decode("utf-8"))


def _text_of(write, what):
    """The text a two-call writer makes, as bytes."""
    n = ffi.new("size_t *")
    rc = write(ffi.NULL, 0, n)
    buf = ffi.new("char[]", max(n[0], 1))
    if rc == lib.MFK_ERANGE:
        rc = write(buf, n[0], n)
    _check(rc, what)
    return ffi.buffer(buf, n[0])[:]


def _write_file(path, data):
    """Writes data whole to path, or nothing: into a file beside it,
    renamed over it once written, as the driver writes its files."""
    p = _path(path, "file")
    tmp = p + b".tmp%d" % os.getpid()
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, p)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise Error("%s: cannot write: %s" % (os.fsdecode(p), e.strerror))


def _path(path, name="path"):
    if not isinstance(path, (str, bytes, os.PathLike)):
        raise TypeError("%s must be a file name, not %s"
                        % (name, type(path).__name__))
    return os.fsencode(path)


def _numbers(values, name):
    try:
        out = [float(v) for v in values]
    except (TypeError, ValueError):
        raise TypeError("%s must be a list of numbers" % name) from None
    return out


def _read_scenario(path):
    """A scenario read from a file (JSON or CBOR), freed with the object."""
    p = _path(path)
    out = ffi.new("mfk_scenario **")
    err = ffi.new("mfk_error *")
    if lib.mfk_scenario_read_file(out, p, ffi.NULL, err) != lib.MFK_OK:
        raise _input_error(os.fsdecode(p), err)
    return ffi.gc(out[0], lib.mfk_scenario_free)


def _string_of(write, what):
    """The text a two-call writer ending it with a NUL makes (as
    mfk_consultation_account does), as str."""
    n = ffi.new("size_t *")
    rc = write(ffi.NULL, 0, n)
    buf = ffi.new("char[]", n[0] + 1)
    if rc == lib.MFK_ERANGE:
        rc = write(buf, n[0] + 1, n)
    _check(rc, what)
    return ffi.buffer(buf, n[0])[:].decode("utf-8")


def _open_journal(journal, error):
    """The journal at path `journal` opened for appending; error(path,
    err) makes what is raised when it cannot be."""
    jp = ffi.new("mfk_journal **")
    err = ffi.new("mfk_error *")
    if lib.mfk_journal_open(jp, _path(journal, "journal"), ffi.NULL,
                            err) != lib.MFK_OK:
        raise error(os.fsdecode(_path(journal)), err)
    return jp[0]


def _consult_all(path, full, journal=None, time=None, svg=None):
    s = _read_scenario(path)
    n = lib.mfk_scenario_proposal_count(s)
    cs = ffi.new("mfk_consultation *[]", max(n, 1))
    jr = None
    err = ffi.new("mfk_error *")
    name = os.fsdecode(_path(path))
    if time is not None and journal is None:
        raise Error("run: --time is only for --journal")
    try:
        if journal is not None:
            jr = _open_journal(journal, _input_error)
        if time is None:
            time = datetime.datetime.now(datetime.timezone.utc).strftime(
                "%Y-%m-%dT%H:%M:%SZ")
        tm = ffi.new("char[]", time.encode())
        b = lib.mfk_scenario_body(s)
        cells = ffi.new("size_t *")
        refused = None
        summits = {}
        for i in range(n):
            one = ffi.new("mfk_consultation **")
            if full:
                rc = lib.mfk_scenario_consult(s, i, ffi.NULL, one)
            else:
                rc = lib.mfk_consultation_new(one, b,
                                              lib.mfk_scenario_proposal(s, i),
                                              ffi.NULL)
            if rc != lib.MFK_OK:
                raise Error("%s: /proposals/%d: %s"
                            % (name, i, _strerror(rc)), rc)
            cs[i] = one[0]
            if svg is not None and refused is None and \
                    lib.mfk_consultation_svg_cells(cs[i], i, cells,
                                                   err) != lib.MFK_OK:
                # As the driver: the rest goes on, the drawing is refused.
                refused = Error("%s: not written: %s %s"
                                % (os.fsdecode(_path(svg, "svg")), name,
                                   _text(err.message)), err.code)
            link = None
            if jr is not None:
                link = _append(jr, cs[i], tm, journal)
            if full:
                summits[i] = _summit_steps(s, i, cs[i], name, jr, tm,
                                           journal, link)
        flags = 0 if full else lib.MFK_JSON_CHECK
        if refused is not None:
            raise refused
        if svg is not None:
            title = ffi.new("char[]", _string_of(
                lambda buf, size, lp: lib.mfk_scenario_svg_title(
                    s, buf, size, lp), name).encode())
            _write_file(svg, _text_of(
                lambda buf, size, lp: lib.mfk_consultation_write_svg(
                    cs, n, title, ffi.NULL, buf, size, lp), name))
        out = _json(lambda buf, size, lp: lib.mfk_consultation_write_json(
            cs, n, flags, ffi.NULL, buf, size, lp), name)
        for i, steps in summits.items():
            if steps is not None:
                out["proposals"][i]["summit"] = steps
        return out
    finally:
        for i in range(n):
            if cs[i] != ffi.NULL:
                lib.mfk_consultation_free(cs[i])
        if jr is not None and lib.mfk_journal_close(jr) != lib.MFK_OK:
            raise Error("%s: cannot close" % os.fsdecode(_path(journal)))


def _append(jr, c, tm, journal, link=None, year=0):
    """Appends c's record, of the meeting of `year` when not 0,
    continuing `link` (seq, sha256) when given; returns the record's
    (seq, sha256), or None where the journal holds no links (version
    1)."""
    r = ffi.new("mfk_record **")
    err = ffi.new("mfk_error *")
    rc = lib.mfk_record_new(r, c, tm, ffi.NULL)
    if rc == lib.MFK_OK and year != 0:
        rc = lib.mfk_record_set_year(r[0], year)
    if rc == lib.MFK_OK and link is not None:
        rc = lib.mfk_record_set_continues(r[0], link[0], link[1])
    if rc != lib.MFK_OK:
        if r[0] != ffi.NULL:
            lib.mfk_record_free(r[0])
        raise Error("%s: %s" % (os.fsdecode(_path(journal)), _strerror(rc)),
                    rc)
    try:
        if lib.mfk_journal_append(jr, r[0], err) != lib.MFK_OK:
            raise _input_error(os.fsdecode(_path(journal)), err)
        seq = lib.mfk_record_seq(r[0])
    finally:
        lib.mfk_record_free(r[0])
    sha = ffi.new("unsigned char[32]")
    if lib.mfk_journal_last_sha256(jr, sha) != lib.MFK_OK:
        return None
    return (seq, sha)


def _summit_steps(s, i, c, name, jr, tm, journal, link, year=0):
    """The Summit's two steps on proposal i when c referred it there
    (mfk_scenario_summit_run(3)), as the driver's summit_steps(): the
    item's "summit" as the library writes it, or None; records appended
    after c's, linked to it, of the meeting of `year` when not 0."""
    oc = ffi.new("mfk_outcome *")
    if lib.mfk_scenario_candidate_rule_count(s, i) == 0 or \
            lib.mfk_consultation_outcome(c, oc) != lib.MFK_OK or \
            oc[0] != lib.MFK_OUTCOME_REFERRED_TO_SUMMIT:
        return None
    what = "%s: /proposals/%d: at the Summit" % (name, i)
    one = ffi.new("mfk_summit_steps **")
    _check(lib.mfk_scenario_summit_run(s, i, ffi.NULL, one), what)
    st = ffi.gc(one[0], lib.mfk_summit_steps_free)
    out = _json(lambda buf, size, lp: lib.mfk_summit_steps_write_json(
        st, ffi.NULL, buf, size, lp), what)
    if jr is not None:
        steps = [lib.mfk_summit_steps_step(st, k)
                 for k in range(lib.mfk_summit_steps_count(st))]
        d = lib.mfk_summit_steps_decision(st)
        for x in steps + ([d] if d != ffi.NULL else []):
            _append(jr, x, tm, journal, link, year)
    return out


def run(path, journal=None, time=None, svg=None, continue_=None):
    """Consults the body of the scenario at `path` on each of its proposals
    and returns what `mufakat run path --format json` prints: {"proposals":
    [...]}. With `journal`, appends a record of each consultation to that
    journal, `time` (RFC 3339, default now) the records' time; with `svg`,
    a file name, draws the consultations there as `--svg` does. A scenario
    of meetings, or `continue_` (a journal whose deferred items are taken
    up first, as `--continue`; records go there unless `journal` is
    given), gives {"meetings": [{"year", "proposals": [...]}]}."""
    if continue_ is not None:
        _path(continue_, "continue_")
    s = _read_scenario(path)
    if continue_ is not None or lib.mfk_scenario_meeting_count(s) > 0:
        return _series(s, path, journal, time, svg, continue_)
    del s
    return _consult_all(path, True, journal, time, svg)


def _journal_error(path, err):
    """A journal's error as the driver prints it: by byte when it has
    one (cmd-journal.c)."""
    if err.offset >= 0:
        msg = _text(err.message) or _strerror(err.code)
        return Error("%s: byte %d: %s" % (path, err.offset, msg), err.code)
    return _input_error(path, err)


def _series(s, path, journal, time, svg, cont):
    """run() on meetings in series (mfk_series_new(3)), as the driver's
    consult_series() does."""
    name = os.fsdecode(_path(path))
    if time is not None and journal is None and cont is None:
        raise Error("run: --time is only for --journal")
    out = ffi.new("mfk_series **")
    _check(lib.mfk_series_new(out, s, ffi.NULL), name)
    q = ffi.gc(out[0], lib.mfk_series_free)
    err = ffi.new("mfk_error *")
    if cont is not None and lib.mfk_series_take_up(
            q, _path(cont), ffi.NULL, ffi.NULL, err) != lib.MFK_OK:
        raise _journal_error(os.fsdecode(_path(cont)), err)
    jpath = journal if journal is not None else cont
    jr = None
    if time is None:
        time = datetime.datetime.now(datetime.timezone.utc).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
    tm = ffi.new("char[]", time.encode())
    meetings, kept, last = [], [], None
    try:
        if jpath is not None:
            jr = _open_journal(jpath, _journal_error)
        while True:
            c = ffi.new("mfk_consultation **")
            m = ffi.new("size_t *")
            p = ffi.new("size_t *")
            rc = lib.mfk_series_next(q, c, m, p)
            if rc == lib.MFK_DONE:
                break
            if rc != lib.MFK_OK:
                raise Error("%s: /proposals/%d: %s"
                            % (name, p[0], _strerror(rc)), rc)
            con = ffi.gc(c[0], lib.mfk_consultation_free)
            if m[0] != last:
                year = lib.mfk_series_meeting_year(q, m[0])
                meetings.append({"year": year or None, "proposals": []})
                last = m[0]
            one = ffi.new("mfk_consultation *[1]", [con])
            item = _json(
                lambda buf, size, lp: lib.mfk_consultation_write_json(
                    one, 1, 0, ffi.NULL, buf, size, lp), name)["proposals"][0]
            link = None
            if jr is not None:
                link = _append_series(q, jr, con, tm, jpath)
            steps = _summit_steps(s, p[0], con, name, jr, tm, jpath, link,
                                  lib.mfk_series_meeting_year(q, m[0]))
            if steps is not None:
                item["summit"] = steps
            meetings[-1]["proposals"].append(item)
            if svg is not None:
                kept.append(con)
        if svg is not None:
            cs = ffi.new("mfk_consultation *[]", kept or [ffi.NULL])
            title = ffi.new("char[]", _text(lib.mfk_body_name(
                lib.mfk_scenario_body(s))).encode())
            _write_file(svg, _text_of(
                lambda buf, size, lp: lib.mfk_consultation_write_svg(
                    cs, len(kept), title, ffi.NULL, buf, size, lp), name))
        return {"meetings": meetings}
    finally:
        if jr is not None and lib.mfk_journal_close(jr) != lib.MFK_OK:
            raise Error("%s: cannot close" % os.fsdecode(_path(jpath)))


def _append_series(q, jr, c, tm, journal):
    """Appends c's record as the series makes it (mfk_series_record(3));
    returns its (seq, sha256), or None where the journal holds no
    links."""
    r = ffi.new("mfk_record **")
    err = ffi.new("mfk_error *")
    rc = lib.mfk_series_record(q, c, tm, r)
    if rc != lib.MFK_OK:
        raise Error("%s: %s" % (os.fsdecode(_path(journal)), _strerror(rc)),
                    rc)
    try:
        if lib.mfk_series_append(q, jr, r[0], err) != lib.MFK_OK:
            raise _journal_error(os.fsdecode(_path(journal)), err)
        seq = lib.mfk_record_seq(r[0])
    finally:
        lib.mfk_record_free(r[0])
    sha = ffi.new("unsigned char[32]")
    if lib.mfk_journal_last_sha256(jr, sha) != lib.MFK_OK:
        return None
    return (seq, sha)


def check(path):
    """Which proposals of the scenario at `path` the principles admit: what
    `mufakat check path --format json` prints."""
    return _consult_all(path, False)


def _integers(values, name):
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError("%s must be a list of integers" % name)
    out = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, int):
            raise TypeError("%s must be a list of integers" % name)
        if v < 0:
            raise Error("power: --weights: %d is not an integer >= 0" % v)
        out.append(v)
    return out


def power(quota, weights, names=None):
    """Voting power of the weighted game [quota; weights]: what `mufakat
    power --quota Q --weights W... [--names ...] --format json` prints."""
    if isinstance(quota, bool) or not isinstance(quota, int):
        raise TypeError("quota must be an integer")
    w = _integers(weights, "weights")
    keep = []
    cnames = ffi.NULL
    if names is not None:
        if isinstance(names, str):
            names = names.split(",")
        names = list(names)
        if len(names) != len(w):
            raise Error("--names: %d names for %d weights"
                        % (len(names), len(w)))
        keep = [ffi.new("char[]", str(x).encode()) for x in names]
        cnames = ffi.new("char *[]", keep)
    g = ffi.new("mfk_game **")
    if quota < 0:
        raise Error('--quota: "%d" is not an integer' % quota)
    rc = lib.mfk_game_new(g, len(w), quota, w, ffi.NULL)
    if rc == lib.MFK_ERANGE:
        raise Error("--quota: %d is not between 1 and the total weight"
                    % quota, rc)
    _check(rc, "power")
    game = ffi.gc(g[0], lib.mfk_game_free)
    rc = lib.mfk_game_compute(game, lib.MFK_POWER_ALL)
    if rc == lib.MFK_ELIMIT:
        rc = lib.mfk_game_compute(game, lib.MFK_POWER_BANZHAF)
    _check(rc, "power")
    return _json(lambda buf, size, lp: lib.mfk_game_write_json(
        game, cnames, ffi.NULL, ffi.NULL, buf, size, lp), "power")


def _quota(rule, n):
    """The members a winset rule needs (mfk_winset_quota)."""
    if not isinstance(rule, str):
        raise TypeError("rule must be unanimity, majority or quota:K")
    q = ffi.new("size_t *")
    err = ffi.new("mfk_error *")
    if lib.mfk_winset_quota(rule.encode(), n, q, err) != lib.MFK_OK:
        raise Error("--rule: " + _text(err.message), err.code)
    return q[0]


def winset(ideals, status_quo, rule):
    """The win-set of a rule in one dimension (ideals a list of numbers,
    status_quo a number: {"empty", "winset"}) or two (ideals a list of
    pairs, status_quo a pair: {"empty", "point"}), as `mufakat winset`
    prints it."""
    ideals = list(ideals)
    n = len(ideals)
    if n and all(isinstance(x, (list, tuple)) for x in ideals):
        flat = []
        for x in ideals:
            if len(x) != 2:
                raise TypeError("ideals must be numbers or pairs of numbers")
            flat += _numbers(x, "ideals")
        sq = _numbers(status_quo, "status_quo")
        if len(sq) != 2:
            raise TypeError("status_quo must be a pair with pairs of ideals")
        q = _quota(rule, n)
        empty = ffi.new("int *")
        pt = ffi.new("double[2]")
        xs = ffi.new("double[]", flat)
        _check(lib.mfk_winset_2d(n, xs, ffi.NULL, float(q), sq, xs, empty,
                                 pt, ffi.NULL), "winset")
        e = empty[0]
        return _json(lambda buf, size, lp: lib.mfk_winset_point_write_json(
            e, pt, ffi.NULL, buf, size, lp), "winset")
    xs = _numbers(ideals, "ideals")
    if isinstance(status_quo, bool) or \
            not isinstance(status_quo, (int, float)):
        raise TypeError("status_quo must be a number with numbers as ideals")
    q = _quota(rule, n)
    iv = ffi.new("double[]", max(2 * n, 1))
    count = ffi.new("size_t *")
    _check(lib.mfk_winset_1d(n, xs, ffi.NULL, float(q), float(status_quo), iv,
                             n, count, ffi.NULL), "winset")
    c = count[0]
    return _json(lambda buf, size, lp: lib.mfk_winset_write_json(
        iv, c, ffi.NULL, buf, size, lp), "winset")


def dynamics(model, matrix, initial, susceptibility=None, rounds=1000):
    """DeGroot or Friedkin-Johnsen opinion dynamics, as `mufakat dynamics`
    prints them: {"final", "rounds", "converged"}; matrix a list of rows."""
    if model not in ("degroot", "friedkin-johnsen"):
        raise Error('--model: "%s" is not degroot or friedkin-johnsen'
                    % (model,))
    fj = model == "friedkin-johnsen"
    if fj != (susceptibility is not None):
        raise Error("friedkin-johnsen needs --susceptibility" if fj else
                    "--susceptibility is for friedkin-johnsen")
    if isinstance(rounds, bool) or not isinstance(rounds, int):
        raise TypeError("rounds must be an integer")
    if not 1 <= rounds <= 100000000:
        raise Error('--rounds: "%d" is not a number of rounds from 1 to 10^8'
                    % rounds)
    x0 = _numbers(initial, "initial")
    n = len(x0)
    rows = [_numbers(r, "matrix") for r in matrix]
    if len(rows) != n or any(len(r) != n for r in rows):
        raise Error("--matrix: not %d rows of %d numbers" % (n, n))
    w = [v for r in rows for v in r]
    lam = ffi.NULL
    if fj:
        lam = _numbers(susceptibility, "susceptibility")
        if len(lam) != n:
            raise Error("--susceptibility: not %d numbers" % n)
    final = ffi.new("double[]", max(n, 1))
    done = ffi.new("unsigned *")
    conv = ffi.new("int *")
    _check(lib.mfk_dynamics_run(n, w, lam, x0, 1e-12, rounds, final, done,
                                conv, ffi.NULL), "dynamics")
    r, c = done[0], conv[0]
    return _json(lambda buf, size, lp: lib.mfk_dynamics_write_json(
        final, n, r, c, ffi.NULL, buf, size, lp), "dynamics")


_PREDICT_FAILS = {
    lib.MFK_ERANGE: "a position outside its issue's scale, or a division by zero "
              "(a member with salience or capability 0 where it moves)",
    lib.MFK_EINVAL: "an issue where no member takes part with capability above 0"}


def _models(model):
    names = model.split(",") if isinstance(model, str) else list(model)
    out = []
    for m in names:
        if not isinstance(m, str) or not m or len(m) >= 32:
            raise Error('--model: "%s" is not a list of compromise, '
                        'median, nbs, exchange' % ",".join(map(str, names)))
        v = ffi.new("mfk_predict_model *")
        if lib.mfk_predict_model_lookup(m.encode(), v) != lib.MFK_OK:
            raise Error('--model: unknown model "%s": expected '
                        'compromise, median, nbs or exchange' % m)
        if v[0] in out:
            raise Error('--model: "%s" named twice' % m)
        out.append(v[0])
    return out


def predict(path, model="compromise", rounds=10, status_quo=None, svg=None,
            scenario=None):
    """The outcome of the negotiation of the scenario or exchange-model
    table at `path`, issue by issue, as `mufakat predict path --format
    json` prints it: {"issues", "models"}. model: a list of compromise,
    median, nbs, exchange (or "a,b"); rounds: the exchange model's;
    status_quo: one number an issue (default: the first proposal's); svg:
    a file name, where the chart of `--svg` is drawn; scenario: a file
    name, where the scenario is written with the first model's outcome as
    a new proposal "predicted", for run() to put to the body (as
    `--scenario`)."""
    models = _models(model)
    if isinstance(rounds, bool) or not isinstance(rounds, int):
        raise TypeError("rounds must be an integer")
    if not 1 <= rounds <= 100000:
        raise Error('--rounds: "%d" is not a number from 1 to '
                    '100000' % rounds)
    s = _read_scenario(path)
    name = os.fsdecode(_path(path))
    b = lib.mfk_scenario_body(s)
    dims = lib.mfk_body_dims(b)
    sq = ffi.NULL
    if status_quo is not None:
        x = _numbers(status_quo, "status_quo")
        if len(x) != dims:
            raise Error('--status-quo: "%s" is not %d number%s '
                        'separated by commas, one an issue'
                        % (",".join("%g" % v for v in x), dims,
                           "" if dims == 1 else "s"))
        sq = ffi.new("double[]", x)
    elif lib.mfk_scenario_proposal_count(s) > 0:
        sq = lib.mfk_proposal_status_quo(lib.mfk_scenario_proposal(s, 0))
    if not lib.mfk_body_has_ideals(b):
        raise Error('%s: the members have no positions ("ideal"): expected '
                    'one for every member' % name)
    ps = ffi.new("mfk_prediction *[]", max(len(models), 1))
    keep = []
    for i, m in enumerate(models):
        if m == lib.MFK_PREDICT_NBS and sq == ffi.NULL:
            raise Error("nbs needs a status quo: --status-quo, or a "
                        "first proposal with one")
        one = ffi.new("mfk_prediction **")
        rc = lib.mfk_predict(one, b, m, sq, rounds, ffi.NULL)
        if rc != lib.MFK_OK:
            why = _PREDICT_FAILS.get(rc, _strerror(rc))
            raise Error("%s: %s: %s" % (name, _text(
                lib.mfk_predict_model_name(m)), why), rc)
        keep.append(ffi.gc(one[0], lib.mfk_prediction_free))
        ps[i] = one[0]
    n = len(models)
    out = _json(lambda buf, size, lp: lib.mfk_prediction_write_json(
        ps, n, b, ffi.NULL, buf, size, lp), name)
    if svg is not None:
        _write_file(svg, _text_of(lambda buf, size, lp:
                                  lib.mfk_prediction_write_svg(
                                      ps, n, b, ffi.NULL, buf, size, lp),
                                  name))
    if scenario is not None:
        _predicted_scenario(s, name, ps[0], sq, scenario)
    return out


def _predicted_scenario(s, name, p, sq, path):
    """Scenario s with prediction p's outcome as proposal "predicted",
    written to path, as the driver's write_scenario() does."""
    if sq == ffi.NULL:
        raise Error("%s: --scenario needs a status quo: --status-quo, or a "
                    "first proposal with one" % name)
    title = ("The outcome the %s model predicts" % _text(
        lib.mfk_predict_model_name(lib.mfk_prediction_model(p)))).encode()
    rc = lib.mfk_scenario_add_proposal(s, b"predicted", title,
                                       lib.mfk_prediction_outcome(p), sq,
                                       ffi.NULL)
    if rc == lib.MFK_EEXISTS:
        raise Error('%s: a proposal "predicted" is there already' % name, rc)
    _check(rc, os.fsdecode(_path(path, "scenario")))
    _write_file(path, _text_of(lambda buf, size, lp:
                               lib.mfk_scenario_write_json(s, buf, size, lp),
                               os.fsdecode(_path(path, "scenario"))))


_RUN_OPTIONS = {"scenario", "members", "dims", "rule", "runs", "seed",
                "threads", "sweep", "csv", "svg"}


def simulate(**options):
    """A Monte Carlo of consultations: what `mufakat simulate --format json`
    prints for the same options, each long option a keyword ("-" read as
    "_"): scenario, members, dims, rule (a list or "a,b"), runs, seed,
    threads, sweep ("NAME=FROM:TO:N", then what `--sweep` prints), csv and
    svg (file names, written as the driver writes them) and every
    parameter of Simulation.parameters()
    (max_rounds, culture, spread, proposal, status_quo, concession,
    face_saving, dynamics, chair, tolerance, ...)."""
    from ._objects import Simulation, PARAMETERS
    bad = set(options) - _RUN_OPTIONS - set(PARAMETERS)
    if bad:
        raise TypeError("simulate() got an unexpected keyword argument %r"
                        % sorted(bad)[0])
    sweep = options.get("sweep")
    if sweep is not None:
        name = sweep.split("=", 1)[0].replace("-", "_") \
            if isinstance(sweep, str) else None
        if name in ("members", "dims") and \
                options.get("scenario") is not None:
            raise Error("--sweep %s: not with --scenario" % name)
        if name is not None and options.get(name) is not None:
            raise Error("--sweep %s and --%s together"
                        % (name.replace("_", "-"), name.replace("_", "-")))
    sim = Simulation(**{k: v for k, v in options.items()
                        if k not in ("csv", "svg", "runs", "seed",
                                     "threads", "sweep")})
    runs = options.get("runs", 10000)
    seed = options.get("seed", 1)
    if sweep is not None:
        return sim.sweep(sweep, runs=runs, seed=seed,
                         threads=options.get("threads"),
                         csv=options.get("csv"), svg=options.get("svg"))
    out = sim.run(runs=runs, seed=seed, threads=options.get("threads"),
                  csv=options.get("csv"))
    if options.get("svg") is not None:
        sim.svg(options["svg"])
    return out


def _open_reader(path):
    p = _path(path)
    jr = ffi.new("mfk_journal_reader **")
    err = ffi.new("mfk_error *")
    name = os.fsdecode(p)
    if lib.mfk_journal_reader_new(jr, p, ffi.NULL, err) != lib.MFK_OK:
        raise _journal_error(name, err)
    return name, ffi.gc(jr[0], lib.mfk_journal_reader_free), err


def read_journal(path):
    """The records of the journal at `path`, as `mufakat show --format json`
    gives them (its "records"). On a torn or damaged journal it raises
    Error, the records read before the damage in its `records`."""
    name, reader, err = _open_reader(path)
    r = ffi.new("mfk_record **")
    out = []
    while True:
        rc = lib.mfk_journal_reader_next(reader, r, err)
        if rc != lib.MFK_OK:
            break
        rec = r[0]
        out.append(_json(lambda buf, size, lp: lib.mfk_record_write_json(
            rec, ffi.NULL, buf, size, lp), name))
    if rc != lib.MFK_DONE:
        e = _journal_error(name, err)
        e.records = out
        raise e
    return out


def read_events(path):
    """The records of the journal at `path` with its event records in
    their place: each event a dict of its "seq", "time", "event",
    "member" and "text" (None when not given), each record of a decision
    {"seq", "time", "event": None}. Raises Error on damage."""
    name, reader, err = _open_reader(path)
    lib.mfk_journal_reader_set_events(reader, 1)
    r = ffi.new("mfk_record **")
    out = []
    while True:
        rc = lib.mfk_journal_reader_next(reader, r, err)
        if rc != lib.MFK_OK:
            break
        rec = r[0]
        ev = {"seq": lib.mfk_record_seq(rec),
              "time": _text(lib.mfk_record_time(rec)),
              "event": None}
        if lib.mfk_record_event(rec) != ffi.NULL:
            ev["event"] = _text(lib.mfk_record_event(rec))
            for k, f in (("member", lib.mfk_record_event_member),
                         ("text", lib.mfk_record_event_text)):
                v = f(rec)
                ev[k] = _text(v) if v != ffi.NULL else None
        out.append(ev)
    if rc != lib.MFK_DONE:
        raise _journal_error(name, err)
    return out


def report(path, year=None, text=False):
    """The implementation report of the journal at `path`, as `mufakat
    report [--year Y] --format json` prints it; with `text`, the text
    tables `mufakat report` prints, as a str (both made by the library:
    mfk_report_write_json and mfk_report_write_text). A torn or damaged
    journal raises Error, as read_journal() does."""
    if year is not None and (isinstance(year, bool) or
                             not isinstance(year, int) or year < 1):
        raise TypeError("year must be a positive integer")
    rp = ffi.new("mfk_report **")
    _check(lib.mfk_report_new(rp, year or 0, ffi.NULL), "report")
    rep = ffi.gc(rp[0], lib.mfk_report_free)
    name, reader, err = _open_reader(path)
    r = ffi.new("mfk_record **")
    while True:
        rc = lib.mfk_journal_reader_next(reader, r, err)
        if rc != lib.MFK_OK:
            break
        _check(lib.mfk_report_add(rep, r[0]), "report")
    if rc != lib.MFK_DONE:
        raise _journal_error(name, err)
    if not text:
        return _json(lambda buf, size, lp: lib.mfk_report_write_json(
            rep, buf, size, lp), "report")
    n = ffi.new("size_t *")
    rc = lib.mfk_report_write_text(rep, ffi.NULL, 0, n)
    if rc == lib.MFK_ERANGE:
        buf = ffi.new("char[]", n[0])
        rc = lib.mfk_report_write_text(rep, buf, n[0], n)
    _check(rc, "report")
    return ffi.buffer(buf, n[0])[:].decode("utf-8")


def _journal_error(name, err):
    if err.offset >= 0:
        return Error("%s: byte %d: %s" % (name, err.offset,
                                          _text(err.message) or
                                          _strerror(err.code)), err.code)
    return _input_error(name, err)
