"""The objects a researcher scripts with: bodies, proposals, consultations
held round by round, scenarios, journals, games and simulations. Each
wraps the library's object and frees it when it goes out of scope; an
object keeps those it was made on alive."""
import datetime
import os

from ._mufakat import ffi, lib
from ._api import Error, _check, _input_error, _json, _path, _numbers, \
    _read_scenario, _text, _append, _CULTURES, _CHAIRS

__all__ = ["Body", "Proposal", "Consultation", "Scenario", "Journal",
           "Game", "Simulation", "name", "lookup"]


def name(kind, value):
    """The name of an enum value: name("outcome", 0) == "adopted"; kind one
    of stance, verdict, outcome, fallback, pillar, component, measure, rule,
    base, principle, mode."""
    try:
        return _NAMED[kind, value]
    except KeyError:
        pass
    _NAMED[kind, value] = t = _text(lib.mfk_name(_kind(kind), value))
    return t


_NAMED = {}


_LOOKED_UP = {}


def lookup(kind, text):
    """The value of a name: lookup("stance", "object")."""
    try:
        return _LOOKED_UP[kind, text]
    except KeyError:
        pass
    v = ffi.new("int *")
    if lib.mfk_lookup(_kind(kind), text.encode(), v) != lib.MFK_OK:
        raise Error('"%s" is not a %s' % (text, kind))
    _LOOKED_UP[kind, text] = v[0]   # the library's tables never change
    return v[0]


def _kind(kind):
    try:
        return getattr(lib, "MFK_NAMES_" + kind.upper().replace("-", "_"))
    except AttributeError:
        raise TypeError("no names of kind %r" % (kind,)) from None


def _owned(ptr, free, *keep):
    """ptr, freed by free() when it goes out of scope; the objects in keep
    (those ptr was made on) live at least as long, whatever the order in
    which Python lets go of them."""
    return ffi.gc(ptr, lambda p: (free(p), keep))


def _value(kind, v):
    return lookup(kind, v) if isinstance(v, str) else v


class Body:
    """A body of members deciding by consultation: Body("AMM", dims=1)."""

    def __init__(self, name, dims=1, _ptr=None, _owner=None):
        if _ptr is not None:
            self._p, self._owner = _ptr, _owner
            return
        out = ffi.new("mfk_body **")
        _check(lib.mfk_body_new(out, name.encode(), dims, ffi.NULL), "body")
        self._p = ffi.gc(out[0], lib.mfk_body_free)
        self._owner = None

    @property
    def name(self):
        return _text(lib.mfk_body_name(self._p))

    @property
    def dims(self):
        return lib.mfk_body_dims(self._p)

    def add_member(self, id, name=None, weight=None, ideal=None,
                   salience=None, tolerance=None):
        """Adds a member; returns its index (roster order, from 0)."""
        _check(lib.mfk_body_add_member(self._p, id.encode(),
                                       (name or id).encode(), ffi.NULL),
               "add_member")
        i = len(self) - 1
        if weight is not None:
            _check(lib.mfk_body_set_weight(self._p, i, weight), "weight")
        if ideal is not None:
            _check(lib.mfk_body_set_ideal(self._p, i, _numbers(ideal,
                                                               "ideal")),
                   "ideal")
        if salience is not None:
            _check(lib.mfk_body_set_salience(self._p, i,
                                             _numbers(salience, "salience")),
                   "salience")
        if tolerance is not None:
            _check(lib.mfk_body_set_tolerance(self._p, i, tolerance),
                   "tolerance")
        return i

    def __len__(self):
        return lib.mfk_body_member_count(self._p)

    @property
    def members(self):
        """The members' ids, in roster order."""
        return [_text(lib.mfk_body_member_id(self._p, i))
                for i in range(len(self))]

    def index(self, id):
        """A member's index from its id."""
        cache = self.__dict__.setdefault("_index", {})
        if id in cache:
            return cache[id]
        i = ffi.new("size_t *")
        if lib.mfk_body_find_member(self._p, id.encode(), i) != lib.MFK_OK:
            raise Error('"%s" is not a member' % id)
        cache[id] = i[0]    # members are never removed nor moved
        return i[0]

    def set_chair(self, id):
        _check(lib.mfk_body_set_chair(self._p, self.index(id)), "chair")

    def set_rule(self, rule):
        """The body's rule, "KIND[:P]" as on simulate's command line."""
        _check(lib.mfk_body_set_rule(self._p, _rule(rule)), "rule")

    def set_quorum(self, members=0, weight=0.0):
        """The members present and the weight present a vote needs (0:
        none), for the majority, qualified-majority and weighted rules."""
        _check(lib.mfk_body_set_quorum(self._p, members, weight), "quorum")

    @property
    def quorum(self):
        """The body's quorum, (members, weight)."""
        return _quorum(lib.mfk_body_quorum, self._p)

    def apply_rule(self, rule, stances, quorum=(0, 0.0), proposal=None):
        """The verdict of rule ("KIND[:P]") on one round's stances (a dict
        by id, missing members silent, or a list), with a quorum (members,
        weight)."""
        n = len(self)
        st = ffi.new("unsigned char[]", max(n, 1))
        for i, m in enumerate(self.members):
            s = stances.get(m, "silent") if isinstance(stances, dict) \
                else stances[i]
            st[i] = _value("stance", s)
        fl = ffi.new("unsigned char[]", max(n, 1))
        v = ffi.new("mfk_verdict *")
        _check(lib.mfk_rule_apply_quorum(
            _rule(rule), quorum[0], quorum[1], self._p,
            proposal._p if proposal is not None else ffi.NULL, st, fl, v),
            "rule")
        return name("verdict", v[0])

    def set_max_rounds(self, rounds):
        _check(lib.mfk_body_set_max_rounds(self._p, rounds), "max_rounds")

    def set_fallback(self, fallback):
        _check(lib.mfk_body_set_fallback(self._p, _value("fallback",
                                                         fallback)),
               "fallback")

    def set_principle(self, principle, mode):
        _check(lib.mfk_body_set_principle(self._p,
                                          _value("principle", principle),
                                          _value("mode", mode)), "principle")


def _quorum(get, p):
    m = ffi.new("unsigned *")
    w = ffi.new("double *")
    _check(get(p, m, w), "quorum")
    return (m[0], w[0])


def _rule(spec):
    r = ffi.new("mfk_rule *")
    b = spec.encode()
    if lib.mfk_rule_parse(r, b, len(b)) != lib.MFK_OK:
        raise Error('"%s" is not a rule' % spec)
    return r


class Proposal:
    """A proposal put to a body: Proposal(body, "P1", "Joint statement")."""

    def __init__(self, body, id, title, position=None, status_quo=None,
                 rule=None, _ptr=None):
        self.body = body
        if _ptr is not None:
            self._p = _ptr
            return
        out = ffi.new("mfk_proposal **")
        _check(lib.mfk_proposal_new(out, body._p, id.encode(),
                                    title.encode(), ffi.NULL), "proposal")
        self._p = _owned(out[0], lib.mfk_proposal_free, body)
        if position is not None:
            _check(lib.mfk_proposal_set_position(
                self._p, _numbers(position, "position")), "position")
        if status_quo is not None:
            _check(lib.mfk_proposal_set_status_quo(
                self._p, _numbers(status_quo, "status_quo")), "status_quo")
        if rule is not None:
            _check(lib.mfk_proposal_set_rule(self._p, _rule(rule)), "rule")

    @property
    def id(self):
        return _text(lib.mfk_proposal_id(self._p))

    @property
    def title(self):
        return _text(lib.mfk_proposal_title(self._p))

    def set_quorum(self, members=0, weight=0.0):
        """The proposal's own quorum, in force whatever the body's."""
        _check(lib.mfk_proposal_set_quorum(self._p, members, weight),
               "quorum")

    @property
    def quorum(self):
        """The quorum in force, (members, weight): its own, else the
        body's."""
        return _quorum(lib.mfk_proposal_quorum, self._p)

    def add_role(self, member, roles):
        """roles: "sponsor", "concern", "party", "consent", or a list."""
        if isinstance(roles, str):
            roles = [roles]
        mask = 0
        for r in roles:
            mask |= getattr(lib, "MFK_ROLE_" + r.upper())
        _check(lib.mfk_proposal_add_role(self._p, self.body.index(member),
                                         mask), "role")


def _fn(name):
    """A function of the library (or the Python trampoline) as a pointer."""
    return ffi.addressof(lib, name)


@ffi.def_extern()
def mfk_py_stances(c, round, stances, ud):
    """The trampoline of a stance model written in Python."""
    cons = ffi.from_handle(ud)
    try:
        got = cons._model(cons, round)
        members = cons.proposal.body.members
        for i, m in enumerate(members):
            s = got.get(m, "silent") if isinstance(got, dict) else got[i]
            stances[i] = _value("stance", s)
        return lib.MFK_OK
    except BaseException as e:  # kept for run() to raise
        cons._raised = e
        return lib.MFK_ECALLBACK


class Consultation:
    """The consultation of a body on a proposal, held round by round:
    set_stance() for each member, then close_round(); or run() with the
    behaviour model, or a stance model written in Python."""

    def __init__(self, proposal, _ptr=None):
        self.proposal = proposal
        if _ptr is not None:
            self._p = _ptr
            return
        out = ffi.new("mfk_consultation **")
        _check(lib.mfk_consultation_new(out, proposal.body._p, proposal._p,
                                        ffi.NULL), "consultation")
        self._p = _owned(out[0], lib.mfk_consultation_free, proposal,
                         proposal.body)

    def set_stance(self, member, stance):
        """member: an id or an index; stance: a name ("join") or a value."""
        i = self.proposal.body.index(member) if isinstance(member, str) \
            else member
        _check(lib.mfk_consultation_set_stance(self._p, i,
                                               _value("stance", stance)),
               "stance")

    def close_round(self):
        """Closes the round; returns its verdict's name."""
        v = ffi.new("mfk_verdict *")
        _check(lib.mfk_consultation_close_round(self._p, v), "close_round")
        return name("verdict", v[0])

    def amend(self, position=None, text=None):
        _check(lib.mfk_consultation_amend(
            self._p, _numbers(position, "position") if position is not None
            else ffi.NULL, text.encode() if text is not None else ffi.NULL),
            "amend")

    def end(self):
        _check(lib.mfk_consultation_end(self._p), "end")

    def run(self, model=None):
        """Holds the rounds left: with the library's behaviour model and
        default Chair, or with model(consultation, round) in Python, which
        returns each member's stance (a dict by id, or a list)."""
        if model is None:
            _check(lib.mfk_consultation_run(self._p, _fn("mfk_model_stances"),
                                            ffi.NULL,
                                            _fn("mfk_chair_default"),
                                            ffi.NULL), "run")
            return self.outcome
        self._model, self._raised = model, None
        h = ffi.new_handle(self)
        rc = lib.mfk_consultation_run(self._p, _fn("mfk_py_stances"), h,
                                      _fn("mfk_chair_default"), ffi.NULL)
        if self._raised is not None:
            raise self._raised
        _check(rc, "run")
        return self.outcome

    @property
    def done(self):
        return bool(lib.mfk_consultation_done(self._p))

    @property
    def rounds(self):
        return lib.mfk_consultation_rounds(self._p)

    @property
    def outcome(self):
        o = ffi.new("mfk_outcome *")
        _check(lib.mfk_consultation_outcome(self._p, o), "outcome")
        return name("outcome", o[0])

    def round(self, r):
        """Round r (from 1): {"verdict", "stances": {id: stance}}."""
        st = ffi.new("unsigned char **")
        fl = ffi.new("unsigned char **")
        v = ffi.new("mfk_verdict *")
        ver = ffi.new("size_t *")
        _check(lib.mfk_consultation_round(self._p, r, st, fl, v, ver),
               "round")
        ids = self.proposal.body.members
        return {"verdict": name("verdict", v[0]),
                "stances": {m: name("stance", st[0][i])
                            for i, m in enumerate(ids)}}

    def json(self):
        """This consultation as `mufakat run --format json` gives it."""
        cs = ffi.new("mfk_consultation *[1]", [self._p])
        return _json(lambda buf, size, lp: lib.mfk_consultation_write_json(
            cs, 1, 0, ffi.NULL, buf, size, lp), "consultation")["proposals"][0]


    def account(self, part="outcome", index=0, width=0):
        """Why the consultation came out as it did, in English, as `mufakat
        run` tells it: part "violation" (index from 0), "round" (index
        from 1) or "outcome"; width 0 for one line, else the columns of
        the lines it is wrapped on."""
        try:
            p = {"violation": lib.MFK_ACCOUNT_VIOLATION,
                 "round": lib.MFK_ACCOUNT_ROUND,
                 "outcome": lib.MFK_ACCOUNT_OUTCOME}[part]
        except (KeyError, TypeError):
            raise TypeError('part must be "violation", "round" or '
                            '"outcome", not %r' % (part,)) from None
        n = ffi.new("size_t *")
        rc = lib.mfk_consultation_account(self._p, p, index, width, ffi.NULL,
                                          ffi.NULL, 0, n)
        if rc == lib.MFK_ERANGE:
            buf = ffi.new("char[]", n[0] + 1)
            rc = lib.mfk_consultation_account(self._p, p, index, width,
                                              ffi.NULL, buf, n[0] + 1, n)
        _check(rc, "account")
        return ffi.buffer(buf, n[0])[:].decode("utf-8")

    def reasons(self):
        """The reasons of the verdicts and the outcome as data: the
        library's mfk_consultation_account_write_json()."""
        return _json(lambda buf, size, lp:
                     lib.mfk_consultation_account_write_json(
                         self._p, ffi.NULL, buf, size, lp), "reasons")


class Scenario:
    """A scenario file (JSON or CBOR): its body and proposals."""

    def __init__(self, path):
        self.path = os.fsdecode(_path(path))
        self._p = _read_scenario(path)
        self.body = Body(None, _ptr=lib.mfk_scenario_body(self._p),
                         _owner=self._p)

    def __len__(self):
        return lib.mfk_scenario_proposal_count(self._p)

    def proposal(self, i):
        if not 0 <= i < len(self):
            raise IndexError("no proposal %d" % i)
        return Proposal(self.body, None, None,
                        _ptr=lib.mfk_scenario_proposal(self._p, i))

    def consult(self, i):
        """Consults the body on proposal i as `mufakat run` does."""
        out = ffi.new("mfk_consultation **")
        _check(lib.mfk_scenario_consult(self._p, i, ffi.NULL, out),
               "%s: /proposals/%d" % (self.path, i))
        c = Consultation(self.proposal(i),
                         _ptr=_owned(out[0], lib.mfk_consultation_free,
                                     self._p))
        return c


class Journal:
    """A journal opened for appending: with Journal(path) as j:
    j.append(consultation)."""

    def __init__(self, path, time=None):
        self.path = path
        out = ffi.new("mfk_journal **")
        err = ffi.new("mfk_error *")
        if lib.mfk_journal_open(out, _path(path), ffi.NULL, err) != \
                lib.MFK_OK:
            raise _input_error(os.fsdecode(_path(path)), err)
        self._p = out[0]
        self.time = time

    def append(self, consultation, time=None):
        t = time or self.time or datetime.datetime.now(
            datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        _append(self._p, consultation._p, t.encode(), self.path)

    def close(self):
        if self._p is not None:
            p, self._p = self._p, None
            if lib.mfk_journal_close(p) != lib.MFK_OK:
                raise Error("%s: cannot close" % self.path)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        if getattr(self, "_p", None) is not None:
            lib.mfk_journal_close(self._p)


class Game:
    """A weighted game [quota; weights] for voting power."""

    def __init__(self, quota, weights):
        out = ffi.new("mfk_game **")
        _check(lib.mfk_game_new(out, len(weights), quota, list(weights),
                                ffi.NULL), "game")
        self._p = ffi.gc(out[0], lib.mfk_game_free)
        _check(lib.mfk_game_compute(self._p, lib.MFK_POWER_ALL), "game")

    def json(self, names=None):
        keep = [ffi.new("char[]", n.encode()) for n in names or []]
        cn = ffi.new("char *[]", keep) if names else ffi.NULL
        return _json(lambda buf, size, lp: lib.mfk_game_write_json(
            self._p, cn, ffi.NULL, ffi.NULL, buf, size, lp), "power")


class Simulation:
    """A Monte Carlo of consultations, set up with the keywords of
    simulate() (or the setters), run with run(runs, seed, threads)."""

    def __init__(self, scenario=None, members=11, dims=1, rule="consensus",
                 max_rounds=10, culture=None, spread=0.15, proposal="member",
                 status_quo=None, concession=0.0, face_saving=0.0,
                 dynamics=0.0, chair="default"):
        if scenario is not None:
            self._scenario = Scenario(scenario)
            self.body = self._scenario.body
        else:
            self.body = Body("simulated body", dims)
            for i in range(members):
                self.body.add_member("M%d" % (i + 1))
        rules = rule.split(",") if isinstance(rule, str) else list(rule)
        if not rules:
            raise Error("--rule: no rule given")
        self.rules = rules
        out = ffi.new("mfk_sim **")
        _check(lib.mfk_sim_new(out, self.body._p, ffi.NULL), "simulate")
        self._p = _owned(out[0], lib.mfk_sim_free, self.body,
                         getattr(self, "_scenario", None))
        if culture is None:
            culture = "fixed" if scenario is not None and \
                lib.mfk_body_has_ideals(self.body._p) else "uniform"
        self.set_culture(culture, spread)
        self.set_proposals(proposal, status_quo)
        self.set_behaviour(concession, face_saving, chair)
        self.set_dynamics(dynamics)
        self.set_max_rounds(max_rounds)
        for r in rules:
            _check(lib.mfk_sim_add_rule(self._p, _rule(r)), "simulate")

    def set_culture(self, culture, spread=0.15):
        """uniform, gaussian, blocs[:K] or fixed; spread for the last two."""
        blocs = 3
        if culture.startswith("blocs"):
            if culture[5:] and not (culture[5] == ":" and
                                    culture[6:].isdigit() and
                                    1 <= int(culture[6:]) <= 64):
                raise Error('--culture: "%s"' % culture)
            blocs = int(culture[6:]) if culture[5:] else 3
            c = lib.MFK_CULTURE_BLOCS
        elif culture in _CULTURES:
            c = getattr(lib, _CULTURES[culture])
        else:
            raise Error('--culture: "%s": expected uniform, gaussian, '
                        'blocs[:K] (K from 1 to 64) or fixed' % culture)
        _check(lib.mfk_sim_set_culture(self._p, c, spread, blocs),
               "simulate")

    def set_proposals(self, proposal="member", status_quo=None):
        if proposal not in ("member", "random"):
            raise Error('--proposal: "%s": expected member or random'
                        % proposal)
        sq = ffi.NULL
        if status_quo is not None and status_quo != "random":
            if isinstance(status_quo, str):
                status_quo = status_quo.split(",")
            sq = _numbers(status_quo if hasattr(status_quo, "__iter__")
                          else [status_quo], "status_quo")
            if len(sq) != self.body.dims:
                raise Error('--status-quo: expected random or %d '
                            'comma-separated numbers' % self.body.dims)
        _check(lib.mfk_sim_set_proposals(self._p, proposal == "member", sq),
               "simulate")

    def set_behaviour(self, concession=0.0, face_saving=0.0, chair="default"):
        if chair not in _CHAIRS:
            raise Error('--chair: "%s": expected default, toward-status-quo '
                        'or single-round' % chair)
        _check(lib.mfk_sim_set_behaviour(self._p, concession, face_saving,
                                         getattr(lib, _CHAIRS[chair])),
               "simulate")

    def set_dynamics(self, susceptibility):
        _check(lib.mfk_sim_set_dynamics(self._p, susceptibility), "simulate")

    def set_max_rounds(self, rounds):
        _check(lib.mfk_sim_set_max_rounds(self._p, rounds), "simulate")

    def run(self, runs=10000, seed=1, threads=None):
        """Runs it (the GIL released meanwhile) and returns what `mufakat
        simulate --format json` prints for the same options."""
        if threads is None:
            threads = os.cpu_count() or 1
        _check(lib.mfk_sim_run(self._p, seed, runs, threads), "simulate")
        keep = [ffi.new("char[]", r.encode()) for r in self.rules]
        names = ffi.new("char *[]", keep)
        return _json(lambda buf, size, lp: lib.mfk_sim_write_json(
            self._p, self.body._p, names, seed, runs, ffi.NULL, buf, size,
            lp), "simulate")
