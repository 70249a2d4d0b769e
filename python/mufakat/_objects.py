"""The objects a researcher scripts with: bodies, proposals, consultations
held round by round, scenarios, journals, games and simulations. Each
wraps the library's object and frees it when it goes out of scope; an
object keeps those it was made on alive."""
import datetime
import os

from ._mufakat import ffi, lib
from ._api import Error, _check, _input_error, _json, _path, _numbers, \
    _read_scenario, _text, _append, _text_of, _write_file

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

    # the behaviour model's parameters, by their scenario keys
    MEMBER_PARAMS = ("tolerance", "externality", "reservation",
                     "indifference", "support_gain", "absence")

    def _param(self, name):
        if name not in self.MEMBER_PARAMS:
            raise Error("%s: not one of %s" % (name,
                                               ", ".join(self.MEMBER_PARAMS)))
        return self.MEMBER_PARAMS.index(name)

    def set_member_param(self, member, name, value):
        """Sets one member's model parameter (index or id), as the
        scenario key of that name."""
        i = member if isinstance(member, int) else self.index(member)
        _check(lib.mfk_body_set_member_param(self._p, i, self._param(name),
                                             value), name)

    def set_all(self, name, value):
        """Gives every member the same model parameter."""
        _check(lib.mfk_body_set_all(self._p, self._param(name), value), name)

    def member_param(self, member, name):
        i = member if isinstance(member, int) else self.index(member)
        return lib.mfk_body_member_param(self._p, i, self._param(name))

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

    @property
    def pillar(self):
        """Its pillar of the ASEAN Community: "political-security",
        "economic" or "socio-cultural"."""
        return name("pillar", lib.mfk_proposal_pillar(self._p))

    @pillar.setter
    def pillar(self, value):
        _check(lib.mfk_proposal_set_pillar(self._p, lookup("pillar", value)),
               "pillar")

    @property
    def component(self):
        """Its component of the Plan of Action (e.g. "norms"), None when
        none was given (mfk_proposal_has_component())."""
        if not lib.mfk_proposal_has_component(self._p):
            return None
        return name("component", lib.mfk_proposal_component(self._p))

    @component.setter
    def component(self, value):
        _check(lib.mfk_proposal_set_component(
            self._p, lookup("component", value)), "component")

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


@ffi.def_extern()
def mfk_py_sim_stance(body, i, position, status_quo, kind, round, rng, ud):
    """The trampoline of a simulation's stance model written in Python:
    model(i, ideal, position, status_quo, rule, round, uniform) -> a
    stance, uniform() drawing from the run's own stream."""
    sim = ffi.from_handle(ud)
    try:
        d = lib.mfk_body_dims(body)
        x = lib.mfk_body_member_ideal(body, i)
        s = sim._stance_model(i, [x[k] for k in range(d)],
                              [position[k] for k in range(d)],
                              [status_quo[k] for k in range(d)],
                              name("rule", kind), round,
                              lambda: lib.mfk_rng_uniform(rng))
        return _value("stance", s)
    except BaseException as e:  # kept for run() to raise
        sim._raised = e
        return lib.MFK_ECALLBACK


_EVENTS = ("stance", "round", "amend", "outcome")


def _time(t):
    """An RFC 3339 time as bytes; a str only."""
    if not isinstance(t, str):
        raise TypeError("a time is an RFC 3339 string, not %r" % (t,))
    return t.encode()


def _event(cons, e):
    """An event of the library as a dict (mfk_consultation_set_hook(3))."""
    t = lib.mfk_event_get_type(e)
    kind = _EVENTS[(1, 2, 4, 8).index(t)]
    ev = {"type": kind, "round": lib.mfk_event_round(e)}
    if kind == "stance":
        ev["member"] = cons.proposal.body.members[lib.mfk_event_member(e)]
        ev["stance"] = name("stance", lib.mfk_event_stance(e))
        t = lib.mfk_event_time(e)
        ev["time"] = ffi.string(t).decode() if t != ffi.NULL else None
    elif kind == "round":
        ev["verdict"] = name("verdict", lib.mfk_event_verdict(e))
    elif kind == "amend":
        x = lib.mfk_event_position(e)
        d = lib.mfk_body_dims(cons.proposal.body._p)
        ev["position"] = [x[k] for k in range(d)] if x != ffi.NULL else None
        t = lib.mfk_event_text(e)
        ev["text"] = ffi.string(t).decode() if t != ffi.NULL else None
    else:
        ev["outcome"] = name("outcome", lib.mfk_event_outcome(e))
    return ev


@ffi.def_extern()
def mfk_py_hook(c, e, ud):
    """The trampoline of a consultation's hook written in Python: an
    exception aborts the action, and the method that acted raises it."""
    cons = ffi.from_handle(ud)
    try:
        cons._hook(_event(cons, e))
        return 0
    except BaseException as exc:  # kept for the method to raise
        cons._hook_raised = exc
        return 1


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

    def set_hook(self, hook, events=_EVENTS):
        """Calls hook(event) for each event whose type is in events (from
        "stance", "round", "amend", "outcome"), once the action has taken
        effect; event is a dict: "type", "round", and "member", "stance",
        "time" (a stance), "verdict" (a round), "position", "text" (an
        amendment; None where unchanged) or "outcome". An exception from
        the hook aborts the action, leaving the consultation as it was,
        and the method that acted raises it. hook None: no hook."""
        if isinstance(events, str):
            events = [events]
        mask = 0
        for ev in events:
            if ev not in _EVENTS:
                raise TypeError("events: one of %s, not %r"
                                % (", ".join(_EVENTS), ev))
            mask |= 1 << _EVENTS.index(ev)
        if hook is None:
            self._hook = self._hook_handle = None
            _check(lib.mfk_consultation_set_hook(self._p, 0, ffi.NULL,
                                                 ffi.NULL), "set_hook")
            return
        self._hook, self._hook_raised = hook, None
        self._hook_handle = ffi.new_handle(self)
        _check(lib.mfk_consultation_set_hook(self._p, mask,
                                             _fn("mfk_py_hook"),
                                             self._hook_handle), "set_hook")

    def _acted(self, rc, what):
        """rc of an action: the hook's exception when it aborted it."""
        raised = getattr(self, "_hook_raised", None)
        if rc == lib.MFK_ECALLBACK and raised is not None:
            self._hook_raised = None
            raise raised
        _check(rc, what)

    def set_stance(self, member, stance, at=None):
        """member: an id or an index; stance: a name ("join") or a value;
        at: in a circulated round, the stance's time (RFC 3339)."""
        i = self.proposal.body.index(member) if isinstance(member, str) \
            else member
        if at is None:
            rc = lib.mfk_consultation_set_stance(self._p, i,
                                                 _value("stance", stance))
        else:
            rc = lib.mfk_consultation_set_stance_at(
                self._p, i, _value("stance", stance), _time(at))
        self._acted(rc, "stance")

    def close_round(self, at=None):
        """Closes the round (a circulated one at its deadline or later,
        at an RFC 3339 time); returns its verdict's name."""
        v = ffi.new("mfk_verdict *")
        if at is None:
            rc = lib.mfk_consultation_close_round(self._p, v)
        else:
            rc = lib.mfk_consultation_close_at(self._p, _time(at), v)
        self._acted(rc, "close_round")
        return name("verdict", v[0])

    def circulate(self, deadline):
        """The silence procedure: circulates the open round until deadline
        (RFC 3339); stances and the close then take their times."""
        _check(lib.mfk_consultation_circulate(self._p, _time(deadline)),
               "circulate")

    @property
    def deadline(self):
        """The circulation's deadline in UTC, or None."""
        t = lib.mfk_consultation_deadline(self._p, ffi.NULL)
        return ffi.string(t).decode() if t != ffi.NULL else None

    def stance_time(self, round, member):
        """The time (UTC) of member's stance in a circulated round, or
        None."""
        i = self.proposal.body.index(member) if isinstance(member, str) \
            else member
        t = lib.mfk_consultation_stance_time(self._p, round, i)
        return ffi.string(t).decode() if t != ffi.NULL else None

    def amend(self, position=None, text=None):
        self._acted(lib.mfk_consultation_amend(
            self._p, _numbers(position, "position") if position is not None
            else ffi.NULL, text.encode() if text is not None else ffi.NULL),
            "amend")

    def end(self):
        self._acted(lib.mfk_consultation_end(self._p), "end")

    def run(self, model=None):
        """Holds the rounds left: with the library's behaviour model and
        default Chair, or with model(consultation, round) in Python, which
        returns each member's stance (a dict by id, or a list)."""
        if model is None:
            self._acted(lib.mfk_consultation_run(
                self._p, _fn("mfk_model_stances"), ffi.NULL,
                _fn("mfk_chair_default"), ffi.NULL), "run")
            return self.outcome
        self._model, self._raised = model, None
        h = ffi.new_handle(self)
        rc = lib.mfk_consultation_run(self._p, _fn("mfk_py_stances"), h,
                                      _fn("mfk_chair_default"), ffi.NULL)
        if self._raised is not None:
            raise self._raised
        self._acted(rc, "run")
        return self.outcome

    @property
    def first_round(self):
        """The number its first round bears: 1, or more for a proposal
        taken up again (mfk_consultation_set_first_round(3)); set it
        before the first round is closed."""
        return lib.mfk_consultation_first_round(self._p)

    @first_round.setter
    def first_round(self, first):
        if isinstance(first, bool) or not isinstance(first, int):
            raise TypeError("first_round must be an integer")
        if first < 1:
            raise Error("first_round: %d is not a round number" % first,
                        lib.MFK_EINVAL)
        _check(lib.mfk_consultation_set_first_round(self._p, first),
               "first_round")

    @property
    def done(self):
        return bool(lib.mfk_consultation_done(self._p))

    @property
    def rounds(self):
        return lib.mfk_consultation_rounds(self._p)

    @property
    def chair(self):
        """The id of the member who chaired it: the body's chair when the
        consultation was made (mfk_consultation_chair()); None when the
        body had none."""
        i = ffi.new("size_t *")
        rc = lib.mfk_consultation_chair(self._p, i)
        if rc == lib.MFK_ENOTFOUND:
            return None
        _check(rc, "chair")
        return _text(lib.mfk_body_member_id(self.proposal.body._p, i[0]))

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
        from 1), "outcome" or "rule" (index 1 for the short form of a
        kind told before); width 0 for one line, else the columns of
        the lines it is wrapped on."""
        try:
            p = {"violation": lib.MFK_ACCOUNT_VIOLATION,
                 "round": lib.MFK_ACCOUNT_ROUND,
                 "outcome": lib.MFK_ACCOUNT_OUTCOME,
                 "rule": lib.MFK_ACCOUNT_RULE}[part]
        except (KeyError, TypeError):
            raise TypeError('part must be "violation", "round", "outcome" '
                            'or "rule", not %r' % (part,)) from None
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

    @property
    def meetings(self):
        """The meetings in series (the scenario's "meetings"): a list of
        {"year", "proposals": [ids first put there]}, empty when none."""
        out = []
        for m in range(lib.mfk_scenario_meeting_count(self._p)):
            ids = [_text(lib.mfk_proposal_id(lib.mfk_scenario_proposal(
                self._p, lib.mfk_scenario_meeting_proposal(self._p, m, k))))
                for k in range(lib.mfk_scenario_meeting_proposal_count(
                    self._p, m))]
            out.append({"year": lib.mfk_scenario_meeting_year(self._p, m),
                        "proposals": ids})
        return out

    @property
    def summit(self):
        """The body the scenario's body refers to (its "summit"), or None
        when it refers to none."""
        b = lib.mfk_scenario_summit(self._p)
        return None if b == ffi.NULL else Body(None, _ptr=b, _owner=self._p)

    def candidate_rules(self, i):
        """The kinds of the rules the Summit may choose among to decide
        proposal i (its "candidate_rules"), in order: a list of names,
        empty when none."""
        if not 0 <= i < len(self):
            raise IndexError("no proposal %d" % i)
        return [name("rule", lib.mfk_scenario_candidate_rule(
            self._p, i, k).kind)
            for k in range(lib.mfk_scenario_candidate_rule_count(self._p, i))]

    def _summit_run(self, i):
        """The Summit's steps on proposal i (mfk_scenario_summit_run()),
        freed with them, and the place its errors name."""
        if not 0 <= i < len(self):
            raise IndexError("no proposal %d" % i)
        what = "%s: /proposals/%d: at the Summit" % (self.path, i)
        out = ffi.new("mfk_summit_steps **")
        _check(lib.mfk_scenario_summit_run(self._p, i, ffi.NULL, out), what)
        return ffi.gc(out[0], lib.mfk_summit_steps_free), what

    def summit_steps(self, i):
        """Takes proposal i to the Summit in both steps, as `mufakat run`
        does once its consultation ends referred-to-summit
        (mfk_scenario_summit_run()): the proposal item's "summit" of
        `run --format json`, {"rule", "decided_by", "step1", "step2"}."""
        st, what = self._summit_run(i)
        return _json(lambda buf, size, lp: lib.mfk_summit_steps_write_json(
            st, ffi.NULL, buf, size, lp), what)

    def summit_sentences(self, i, width=0):
        """The two sentences `mufakat run` prints of the Summit's steps on
        proposal i (mfk_summit_steps_account()): the question put to the
        Summit and what came of it, wrapped at `width` columns (0: one
        line each)."""
        st, what = self._summit_run(i)
        said = []
        for part in (lib.MFK_SUMMIT_QUESTION, lib.MFK_SUMMIT_CHOICE):
            n = ffi.new("size_t *")
            rc = lib.mfk_summit_steps_account(st, part, width, ffi.NULL,
                                              ffi.NULL, 0, n)
            if rc == lib.MFK_ERANGE:
                buf = ffi.new("char[]", n[0] + 1)
                rc = lib.mfk_summit_steps_account(st, part, width, ffi.NULL,
                                                  buf, n[0] + 1, n)
            _check(rc, what)
            said.append(ffi.buffer(buf, n[0])[:].decode("utf-8"))
        return said

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

    def append_event(self, event, member=None, text=None, time=None):
        """Appends an event record (what a meeting did: "stance",
        "round-closed", ...), as mfk_journal_append_event(3)."""
        t = time or self.time
        err = ffi.new("mfk_error *")
        enc = [None if v is None else v.encode() for v in (member, text, t)]
        if lib.mfk_journal_append_event(
                self._p, event.encode(),
                *[ffi.NULL if v is None else v for v in enc], err) != \
                lib.MFK_OK:
            raise _input_error(os.fsdecode(_path(self.path)), err)

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


def _param_text(name, value):
    """A parameter's value as the driver's option takes it: numbers in the
    shortest form that reads back the same, a status quo's numbers
    joined by commas."""
    if isinstance(value, bool):
        raise TypeError("%s must be a number or a word, not a bool" % name)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return value
    if name == "status_quo" and hasattr(value, "__iter__"):
        return ",".join(repr(x) for x in _numbers(value, name))
    raise TypeError("%s must be a number or a word, not %s"
                    % (name, type(value).__name__))


def _params():
    """The simulation's parameters by name, from the library's table: name
    with "_" for "-" -> (kind, lo, hi), kind 1 a number, 2 an integer, 0 a
    word."""
    out = {}
    num = ffi.new("int *")
    lo = ffi.new("double *")
    hi = ffi.new("double *")
    i = 0
    while True:
        p = lib.mfk_sim_param(i, num, lo, hi, ffi.NULL)
        if p == ffi.NULL:
            return out
        out[_text(p).replace("-", "_")] = (num[0], lo[0], hi[0])
        i += 1


PARAMETERS = _params()


class Simulation:
    """A Monte Carlo of consultations: Simulation(members=11, dims=1,
    rule="consensus", scenario=None, **parameters), each parameter one of
    PARAMETERS (the options of `mufakat simulate` of those names, "-" read
    as "_"); run(runs, seed, threads) runs it, sweep(spec, ...) sweeps one
    parameter, paired(a, b) compares two rules on the same runs. `body`
    is the body it was made on; members and dims set later change the
    simulation's own copy only."""

    def __init__(self, scenario=None, members=11, dims=1, rule="consensus",
                 **params):
        bad = set(params) - set(PARAMETERS)
        if bad:
            raise TypeError("Simulation() got an unexpected keyword "
                            "argument %r" % sorted(bad)[0])
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
        # A scenario's ideal points are kept unless culture says else.
        if scenario is not None and lib.mfk_body_has_ideals(self.body._p):
            self.set("culture", "fixed")
        for k, v in params.items():
            if v is not None:
                self.set(k, v)
        for r in rules:
            _check(lib.mfk_sim_add_rule(self._p, _rule(r)), "simulate")

    def set(self, name, value):
        """Sets one parameter by name, as `mufakat simulate --NAME VALUE`
        does: set("face_saving", 0.3), set("culture", "blocs:4"). The
        totals of an earlier run stay until the next."""
        if name not in PARAMETERS:
            raise TypeError("%r is not a parameter of the simulation "
                            "(see mufakat.Simulation.parameters())" % name)
        opt = name.replace("_", "-")
        err = ffi.new("mfk_error *")
        rc = lib.mfk_sim_set_param(self._p, opt.encode(),
                                   _param_text(name, value).encode(), err)
        if rc != lib.MFK_OK:
            raise Error("--%s: %s" % (opt, _text(err.message)), rc)

    @staticmethod
    def parameters():
        """{name: (kind, lo, hi)}: kind 1 a number, 2 an integer (both in
        [lo, hi]), 0 a word."""
        return dict(PARAMETERS)

    def set_members(self, n):
        """The number of members, without a new simulation."""
        self.set("members", n)

    def set_dims(self, dims):
        self.set("dims", dims)

    def set_culture(self, culture, spread=None):
        """uniform, gaussian, blocs[:K] or fixed; spread for the middle
        two."""
        if spread is not None:
            self.set("spread", spread)
        self.set("culture", culture)

    def set_proposals(self, proposal="member", status_quo=None):
        self.set("proposal", proposal)
        self.set("status_quo", "random" if status_quo is None
                 else status_quo)

    def set_behaviour(self, concession=0.0, face_saving=0.0, chair="default"):
        self.set("concession", concession)
        self.set("face_saving", face_saving)
        self.set("chair", chair)

    def set_dynamics(self, susceptibility):
        self.set("dynamics", susceptibility)

    def set_max_rounds(self, rounds):
        self.set("max_rounds", rounds)

    def set_stance_model(self, model):
        """A stance model written in Python in place of the built-in one,
        called from the simulation's threads (one at a time, under the
        GIL): model(i, ideal, position, status_quo, rule, round, uniform)
        returns member i's stance (a name or its value), ideal being its
        ideal point in this run; uniform() draws from the
        run's own stream, which keeps the results the same for any number
        of threads. None: the built-in model again."""
        self._stance_model = model
        if model is None:
            self._handle = None
            _check(lib.mfk_sim_set_stance_model(self._p, ffi.NULL, ffi.NULL),
                   "simulate")
            return
        self._handle = ffi.new_handle(self)
        _check(lib.mfk_sim_set_stance_model(
            self._p, _fn("mfk_py_sim_stance"), self._handle), "simulate")

    def _names(self):
        keep = [ffi.new("char[]", r.encode()) for r in self.rules]
        return keep, ffi.new("char *[]", keep)

    def _call(self, rc):
        """rc of a run, or what the Python stance model raised in it."""
        if self._raised is not None:
            raised, self._raised = self._raised, None
            raise raised
        _check(rc, "simulate")

    def _run(self, runs, seed, threads):
        if threads is None:
            threads = os.cpu_count() or 1
        self._raised = None
        self._call(lib.mfk_sim_run(self._p, seed, runs, threads))

    def run(self, runs=10000, seed=1, threads=None, csv=None):
        """Runs it (the GIL released meanwhile) and returns what `mufakat
        simulate --format json` prints for the same options; with csv, a
        file name, writes there a row per run as `--csv` does."""
        if csv is not None:
            self._run_traced(runs, seed, threads, csv)
        else:
            self._run(runs, seed, threads)
        keep, names = self._names()
        sim = lib.mfk_sim_body(self._p)
        return _json(lambda buf, size, lp: lib.mfk_sim_write_json(
            self._p, sim, names, seed, runs, ffi.NULL, buf, size, lp),
            "simulate")

    def _run_traced(self, runs, seed, threads, path):
        """The runs in steps of 256 chunks, each step's trace written as
        the library's CSV rows, the records merged in chunk order."""
        if threads is None:
            threads = os.cpu_count() or 1
        keep, names = self._names()
        step = 256
        chunk = lib.MFK_SIM_CHUNK
        fields = len(self.rules) * lib.MFK_SIM_TRACE_FIELDS
        rec = ffi.new("double[]", step * lib.mfk_sim_record_size(self._p))
        trace = ffi.new("double[]", step * chunk * fields)
        chunks = (runs + chunk - 1) // chunk
        parts = []
        _check(lib.mfk_sim_clear(self._p), "simulate")
        for base in range(0, chunks, step):
            count = min(step, chunks - base)
            self._raised = None
            self._call(lib.mfk_sim_run_chunks(self._p, seed, runs, base,
                                              count, threads, rec, trace))
            _check(lib.mfk_sim_merge(self._p, rec, count), "simulate")
            first = base * chunk
            n = min((base + count) * chunk, runs) - first
            parts.append(_text_of(
                lambda buf, size, lp: lib.mfk_sim_write_trace_csv(
                    self._p, names, trace, first, n, first == 0, ffi.NULL,
                    buf, size, lp), "simulate"))
        _write_file(path, b"".join(parts))

    def paired(self, a, b):
        """Rules a and b (indices or names) on the same runs of the last
        run(): {"both", "first_only", "second_only", "neither",
        "difference", "ci95"}, the difference share(b) - share(a) and its
        interval by Newcombe's method 10, as mfk_sim_paired() gives them."""
        i, j = self._rule_index(a), self._rule_index(b)
        n = ffi.new("double[4]")
        d = ffi.new("double *")
        ci = ffi.new("double[2]")
        _check(lib.mfk_sim_paired(self._p, i, j, n, d, ci), "paired")
        return {"both": int(n[0]), "first_only": int(n[1]),
                "second_only": int(n[2]), "neither": int(n[3]),
                "difference": d[0], "ci95": [ci[0], ci[1]]}

    def _rule_index(self, r):
        if isinstance(r, str):
            if r not in self.rules:
                raise Error('"%s" is not one of the rules %s'
                            % (r, ",".join(self.rules)))
            return self.rules.index(r)
        if isinstance(r, bool) or not isinstance(r, int):
            raise TypeError("a rule is its index or its name")
        return r

    def svg(self, path):
        """Draws the shares of the last run() with their 95% intervals
        into the SVG file path, as `mufakat simulate --svg path` does."""
        keep, names = self._names()
        _write_file(path, _text_of(lambda buf, size, lp:
                                   lib.mfk_sim_write_svg(self._p, names,
                                                         ffi.NULL, buf, size,
                                                         lp), "simulate"))

    def sweep(self, spec, runs=10000, seed=1, threads=None, csv=None,
              svg=None):
        """Sweeps one parameter, spec "NAME=FROM:TO:N" as `mufakat simulate
        --sweep` takes it, every point on the same seed, and returns what
        `mufakat simulate --sweep spec --format json` prints; with csv, a
        file name, writes the sweep's CSV there, and with svg its chart.
        The simulation is left at the last value."""
        sw = _Sweep(spec)
        keep, names = self._names()
        err = ffi.new("mfk_error *")
        for k in range(lib.mfk_sim_sweep_count(sw.p)):
            rc = lib.mfk_sim_sweep_apply(sw.p, k, self._p, err)
            if rc != lib.MFK_OK:
                raise Error("--sweep %s=%g: %s"
                            % (sw.name, lib.mfk_sim_sweep_value(sw.p, k),
                               _text(err.message)), rc)
            self._run(runs, seed, threads)
            _check(lib.mfk_sim_sweep_keep(sw.p, k, self._p, names, seed,
                                          runs), "simulate")
        if csv is not None:
            _write_file(csv, _text_of(lambda buf, size, lp:
                                      lib.mfk_sim_sweep_write_csv(
                                          sw.p, ffi.NULL, buf, size, lp),
                                      "simulate"))
        if svg is not None:
            _write_file(svg, _text_of(lambda buf, size, lp:
                                      lib.mfk_sim_sweep_write_svg(
                                          sw.p, ffi.NULL, buf, size, lp),
                                      "simulate"))
        return _json(lambda buf, size, lp: lib.mfk_sim_sweep_write_json(
            sw.p, ffi.NULL, buf, size, lp), "simulate")


class _Sweep:
    def __init__(self, spec):
        if not isinstance(spec, str):
            raise TypeError("sweep must be NAME=FROM:TO:N")
        out = ffi.new("mfk_sim_sweep **")
        err = ffi.new("mfk_error *")
        rc = lib.mfk_sim_sweep_new(out, spec.encode(), ffi.NULL, err)
        if rc != lib.MFK_OK:
            raise Error("--sweep: %s" % _text(err.message), rc)
        self.p = ffi.gc(out[0], lib.mfk_sim_sweep_free)
        self.name = _text(lib.mfk_sim_sweep_name(self.p))
