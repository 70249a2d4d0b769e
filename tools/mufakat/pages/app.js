/* mufakat serve: the pages' script. Each page reads the state from
 * /api/state and is told of each change by /api/events (server-sent
 * events); a delegation's or the Chair's page acts by POSTs to /api/...
 * with its secret (from its link) and a one-time token. Text from the
 * meeting is set as text, never as HTML. See mufakat-serve(7). */
"use strict";
(function () {
  var secret = location.pathname.indexOf("/d/") === 0
    ? location.pathname.split("/")[2] : null;
  var role = secret ? null : "public";
  var token = null, me = null, state = null, pictured = -1;

  function $(id) { return document.getElementById(id); }
  function text(id, s) { var e = $(id); if (e) e.textContent = s; }
  function el(tag, cls, s) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (s !== undefined && s !== null) e.textContent = s;
    return e;
  }
  function api(method, path, body) {
    var h = {};
    if (secret) h.Authorization = "Bearer " + secret;
    if (body) h["Content-Type"] = "application/json";
    return fetch(path, { method: method, headers: h, cache: "no-store",
                         credentials: "omit",
                         body: body ? JSON.stringify(body) : undefined })
      .then(function (r) {
        return r.json().then(function (j) { return { status: r.status, json: j }; });
      });
  }
  function note(s, bad) {
    var e = $("note");
    if (!e) return;
    e.textContent = s;
    e.className = bad ? "note error" : "note";
  }
  function load() {
    return api("GET", "/api/state").then(function (r) {
      if (r.status !== 200) { note(r.json.error, true); return; }
      if (role === "public") { render(r.json); return; }
      token = r.json.token;
      me = r.json.me;
      if (role === null) {
        role = r.json.role;
        document.body.setAttribute("data-role", role);
        $(role === "chair" ? "chair" : "mine").hidden = false;
        if (role === "chair") text("title", "The Chair");
      }
      render(r.json.state);
    });
  }
  function post(action, body) {
    body.token = token;
    return api("POST", "/api/" + action, body).then(function (r) {
      if (r.status === 200) {
        token = r.json.token;
        note("Done: it is on the record.");
        return true;
      }
      note(r.json.error + " (" + r.status + ")", true);
      if (r.status === 409) load();
      return false;
    });
  }
  function memberName(s, id) {
    for (var i = 0; i < s.members.length; i++)
      if (s.members[i].id === id) return s.members[i].name;
    return id;
  }

  function renderGrid(s) {
    var head = $("grid").tHead, body = $("grid").tBodies[0], tr, r, i;
    head.textContent = "";
    body.textContent = "";
    tr = el("tr");
    tr.appendChild(el("th", null, "Member"));
    for (r = 0; r < s.rounds.length; r++)
      tr.appendChild(el("th", null, "Round " + s.rounds[r].round));
    if (s.open) tr.appendChild(el("th", null, "Round " + s.round + " (open)"));
    head.appendChild(tr);
    for (i = 0; i < s.members.length; i++) {
      var m = s.members[i], td, st;
      tr = el("tr");
      tr.setAttribute("data-member", m.id);
      tr.appendChild(el("th", null, m.name + (m.id === s.chair ? " (Chair)" : "")));
      for (r = 0; r < s.rounds.length; r++) {
        st = s.rounds[r].stances[m.id];
        td = el("td", "st st-" + st, st);
        if (s.rounds[r].reasons[m.id]) td.title = s.rounds[r].reasons[m.id];
        tr.appendChild(td);
      }
      if (s.open) {
        st = s.given[m.id];
        td = el("td", "st open" + (st ? " st-" + st : ""), st || "…");
        if (s.reasons[m.id]) td.title = s.reasons[m.id];
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
  }

  function render(s) {
    var p = s.proposal, i, li, k;
    state = s;
    text("body-name", s.body);
    text("proposal-head", p.id + " — " + p.title);
    text("text", p.text || p.title);
    text("meta", "Proposal " + (p.index + 1) + " of " + p.count +
         " · rule: " + p.rule + (s.round ? " · round " + s.round : ""));
    text("status", s.over ? "The meeting is over." :
         !p.admissible ? "It cannot be put: a principle forbids it." :
         s.open ? "Round " + s.round + " is open: the delegations give their stances." :
         "The consultation on this proposal is over.");
    renderGrid(s);
    text("provisional", s.provisional ?
         "If the round closed now: " + s.provisional.verdict + ". " + s.provisional.why : "");
    $("verdicts").textContent = "";
    for (i = 0; i < s.rounds.length; i++) {
      var rd = s.rounds[i];
      li = el("li", null, "Round " + rd.round + ": " + rd.verdict + ". " + rd.why);
      for (k in rd.reasons)
        li.appendChild(el("div", "note", memberName(s, k) + ": “" + rd.reasons[k] + "”"));
      $("verdicts").appendChild(li);
    }
    text("outcome", s.outcome ? "Outcome: " + s.outcome.outcome + ". " + (s.outcome.why || "") : "");
    $("decided").textContent = "";
    for (i = 0; i < s.decided.length; i++) {
      var d = s.decided[i];
      if (d) $("decided").appendChild(el("li", null, d.id + " " + d.title + ": " + d.outcome));
    }
    if (s.done && !s.over && s.outcome) /* and the one just decided */
      $("decided").appendChild(el("li", null, p.id + " " + p.title + ": " + s.outcome.outcome));
    if (!$("decided").firstChild)
      $("decided").appendChild(el("li", "note", "Nothing yet."));
    var ndone = s.decided.length + (s.done && !s.over ? 1 : 0);
    if (ndone > 0 && ndone !== pictured) {
      pictured = ndone;
      $("picture").src = "/api/grid.svg?n=" + ndone;
      $("picture").hidden = false;
    }
    if (role === "delegation") renderMine(s);
    if (role === "chair") renderChair(s);
  }

  function renderMine(s) {
    var box = $("stance-choices"), i;
    if (me === null) return;
    text("title", memberName(s, me));
    text("mine-head", "The stance of " + memberName(s, me));
    if (!box.firstChild) {
      for (i = 0; i < s.stances.length; i++) {
        var lab = el("label", "st-" + s.stances[i]), inp = el("input");
        inp.type = "radio";
        inp.name = "stance";
        inp.value = s.stances[i];
        inp.id = "stance-" + s.stances[i];
        lab.appendChild(inp);
        lab.appendChild(el("span", null, s.stances[i]));
        box.appendChild(lab);
      }
    }
    text("mine-now", !s.open ? "No round is open." :
         s.given[me] ? "Your stance in round " + s.round + ": " + s.given[me] +
         " (you may change it until the Chair closes the round)." :
         "You have not given a stance in round " + s.round + " yet.");
    $("give").disabled = !s.open;
  }

  function renderChair(s) {
    var ids = [], n = 0, i;
    for (i = 0; i < s.members.length; i++)
      if (s.given[s.members[i].id]) { n++; ids.push(s.members[i].id); }
    text("answered", s.open ? n + " of " + s.members.length + " have answered" +
         (n ? ": " + ids.join(", ") : "") + "." : "");
    $("close").disabled = !s.open;
    $("amend").disabled = !s.amendable;
    $("next").disabled = s.over;
    text("next", s.proposal.index + 1 < s.proposal.count ? "Next proposal" : "End the meeting");
  }

  function wire() {
    var f = $("stance-form");
    if (f) f.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var c = document.querySelector("input[name=stance]:checked");
      if (!c) { note("Choose a stance first.", true); return; }
      var body = { stance: c.value }, why = $("reason").value.trim();
      if (why) body.reason = why;
      post("stance", body);
    });
    if ($("close")) $("close").addEventListener("click", function () { post("close", {}); });
    if ($("next")) $("next").addEventListener("click", function () { post("next", {}); });
    f = $("amend-form");
    if (f) f.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var t = $("amend-text").value.trim();
      if (!t) { note("Write the new text first.", true); return; }
      post("amend", { text: t }).then(function (ok) { if (ok) $("amend-text").value = ""; });
    });
  }

  wire();
  load().then(function () {
    var es = new EventSource("/api/events");
    es.addEventListener("state", function (e) {
      render(JSON.parse(e.data));
      text("link-state", "Live: updated as the meeting goes (version " + state.version + ").");
    });
    es.addEventListener("reset", function () { load(); });
    es.onerror = function () { text("link-state", "Connection lost: reconnecting…"); };
  });
}());
