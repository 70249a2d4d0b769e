/* An account of a consultation: why each principle, each round and the
 * outcome came out as they did, as data (JSON) and as the English
 * sentences `mufakat run` and `mufakat demo` print, made from the
 * engine's public queries. */
#include "records-private.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* What the sentences of one part need. */
struct acc {
    mfk__cbuf b;
    const mfk_consultation *c;
    const mfk_body *body;
    const mfk_proposal *p;
    size_t n;
    unsigned char *mark; /* scratch: one byte a member */
};

static void put(struct acc *a, const char *s)
{
    mfk__cbuf_raw(&a->b, s, strlen(s));
}

/* Formatted text of constant words and numbers (names go through put). */
static void say(struct acc *a, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void say(struct acc *a, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof small)
        a->b.failed = 1;
    else
        mfk__cbuf_raw(&a->b, small, (size_t)n);
}

/* Adds "A, B and C": the members whose byte in set has a bit of mask.
 * Returns how many. */
static size_t add_names(struct acc *a, const unsigned char *set,
                        unsigned char mask)
{
    size_t i, k = 0, total = 0;
    for (i = 0; i < a->n; i++)
        total += (set[i] & mask) != 0;
    for (i = 0; i < a->n; i++)
        if (set[i] & mask) {
            put(a, k == 0 ? "" : k + 1 == total ? " and " : ", ");
            put(a, mfk_body_member_name(a->body, i));
            k++;
        }
    return total;
}

/* Marks the members whose stance is s (s < 0: any) and whose flags have
 * a bit of flag_mask (0: any); returns how many. */
static size_t mark_stance(struct acc *a, const unsigned char *st,
                          const unsigned char *fl, int s,
                          unsigned char flag_mask)
{
    size_t i, k = 0;
    for (i = 0; i < a->n; i++) {
        a->mark[i] = (unsigned char)((s < 0 || st[i] == s) &&
                                     (flag_mask == 0 || (fl[i] & flag_mask)));
        k += a->mark[i];
    }
    return k;
}

/* Marks the sponsors whose flags have a bit of flag; returns how many. */
static size_t mark_sponsors(struct acc *a, const unsigned char *fl,
                            unsigned char flag)
{
    size_t i, k = 0;
    for (i = 0; i < a->n; i++) {
        a->mark[i] = (unsigned char)((fl[i] & flag) &&
                                     (mfk_proposal_roles(a->p, i) &
                                      MFK_ROLE_SPONSOR));
        k += a->mark[i];
    }
    return k;
}

/* A verb for one member or several: "objects" or "object". */
static const char *stance_verb(int s, int plural)
{
    static const char *const verbs[][2] = {
        {"supports it", "support it"},
        {"joins", "join"},
        {"joins with a reservation", "join with reservations"},
        {"abstains", "abstain"},
        {"is not ready", "are not ready"},
        {"objects", "object"},
        {"stays silent", "stay silent"}};
    _Static_assert(sizeof verbs / sizeof verbs[0] == MFK_STANCE_COUNT,
                   "a verb for every stance");
    return verbs[s][plural != 0];
}

/* Adds "A objects; B is not ready" for the members whose flags have a
 * bit of flag, strongest objection first. */
static void add_by_stance(struct acc *a, const unsigned char *st,
                          const unsigned char *fl, unsigned char flag)
{
    int s, any = 0;
    for (s = MFK_STANCE_COUNT - 1; s >= 0; s--) {
        size_t k = mark_stance(a, st, fl, s, flag);
        if (k == 0)
            continue;
        put(a, any++ ? "; " : "");
        add_names(a, a->mark, 1);
        say(a, " %s", stance_verb(s, k > 1));
    }
}

/* Why violation v is one, in words. */
static void add_violation(struct acc *a, size_t v)
{
    const char *name;
    mfk_mode mode;
    const unsigned char *m;
    int pr = -1; /* a user's principle has no built-in name */
    size_t k;

    mfk_consultation_violation(a->c, v, &name, &mode, &m);
    if (mfk_lookup(MFK_NAMES_PRINCIPLE, name, &pr) != MFK_OK)
        pr = -1;
    put(a, mode == MFK_MODE_ENFORCE ? "Inadmissible: " : "Reported: ");
    switch (pr) {
    case MFK_PRINCIPLE_INTERNAL_AFFAIRS:
        put(a, "it concerns the internal affairs of ");
        k = add_names(a, m, 1);
        say(a, ", which %s not consented. Non-interference in the "
               "internal affairs of members comes first among ASEAN's "
               "principles",
            k == 1 ? "has" : "have");
        break;
    case MFK_PRINCIPLE_NO_COERCION:
        put(a, "it would impose sanctions, suspension or force on ");
        if (add_names(a, m, 1) == 0)
            put(a, "members");
        put(a, ", and ASEAN renounces the coercion of its members");
        break;
    case MFK_PRINCIPLE_BILATERAL_CONSENT:
        put(a, "it puts a dispute on the agenda without the consent of ");
        add_names(a, m, 1);
        put(a, ". A dispute between members goes before the body only "
               "with the parties' consent");
        break;
    case MFK_PRINCIPLE_FLEXIBLE_SCOPE:
        put(a, "it applies \"ASEAN minus X\" outside the pillars where "
               "the body allows flexible participation");
        break;
    case MFK_PRINCIPLE_SOVEREIGN_PARTICIPATION:
        add_names(a, m, 1);
        put(a, " would be bound by a decision they were against");
        break;
    case MFK_PRINCIPLE_PACE:
        put(a, "the rule counted an objection as consent, faster than "
               "a pace comfortable to all");
        break;
    default:
        put(a, "the principle \"");
        put(a, name);
        put(a, "\" is broken");
        if (add_names(a, m, 1) == 0)
            put(a, " (no member named)");
    }
    if (mode == MFK_MODE_ENFORCE)
        put(a, ". While that principle is enforced the proposal cannot "
               "even be put: no round is held.");
    else if (mfk_consultation_admissible(a->c))
        put(a, ". The body only reports this principle, so the "
               "consultation goes ahead.");
    else
        put(a, ". The body only reports this principle.");
}

/* Whether a round before r was blocked (not_ready: with a member not
 * ready among its blockers): why a round blocks is said once a
 * consultation, at the first. */
static int blocked_before(const mfk_consultation *c, unsigned r,
                          int not_ready)
{
    size_t i, n = mfk_body_member_count(mfk_consultation_body(c));
    unsigned k;
    for (k = 1; k < r; k++) {
        const unsigned char *st, *fl;
        mfk_verdict v;
        mfk_consultation_round(c, k, &st, &fl, &v, NULL);
        if (v != MFK_VERDICT_BLOCKED)
            continue;
        if (!not_ready)
            return 1;
        for (i = 0; i < n; i++)
            if (st[i] == MFK_NOT_READY && (fl[i] & MFK_FLAG_BLOCKER))
                return 1;
    }
    return 0;
}

/* Why a rule blocks, after the blockers' names, or "". */
static const char *why_blocked(mfk_rule_kind kind)
{
    switch (kind) {
    case MFK_RULE_CONSENSUS:
        return " Under consensus one objection, or one silence, is enough "
               "to stop a text.";
    case MFK_RULE_CONSENSUS_MINUS_X:
        return " Only the objections of parties to the dispute can be set "
               "aside; these cannot.";
    case MFK_RULE_FLEXIBLE:
        return " Members may stand aside from \"ASEAN minus X\", not "
               "object to it: applying the formula needs consensus.";
    case MFK_RULE_UNANIMITY:
        return " Under unanimity every member must be in favour.";
    case MFK_RULE_SILENCE:
        return " Under the silence procedure, one member breaking silence "
               "is enough.";
    case MFK_RULE_NEGATIVE_CONSENSUS:
    case MFK_RULE_MAJORITY:
    case MFK_RULE_QUALIFIED_MAJORITY:
    case MFK_RULE_WEIGHTED:
    case MFK_RULE_CALLBACK:
        break;
    }
    return "";
}

/* Why round r, blocked, was blocked, after the blockers' names: said at
 * the first round blocked; under consensus, what a member not ready does
 * is said at the first round it blocks, and silence named only when a
 * silence blocked. */
static void add_why_blocked(struct acc *a, mfk_rule_kind kind, unsigned r,
                            const unsigned char *st, const unsigned char *fl)
{
    int first = !blocked_before(a->c, r, 0);
    size_t objections, silences;

    if (kind != MFK_RULE_CONSENSUS ||
        mark_stance(a, st, fl, MFK_NOT_READY, MFK_FLAG_BLOCKER) == 0) {
        if (first)
            put(a, why_blocked(kind));
        return;
    }
    if (blocked_before(a->c, r, 1))
        return;
    objections = mark_stance(a, st, fl, MFK_OBJECT, MFK_FLAG_BLOCKER);
    silences = mark_stance(a, st, fl, MFK_SILENT, MFK_FLAG_BLOCKER);
    put(a, " Under consensus ");
    if (first && (objections > 0 || silences > 0))
        say(a, "%s is enough to stop a text, and ",
            objections == 0  ? "one silence"
            : silences == 0 ? "one objection"
                            : "one objection, or one silence,");
    put(a, "a member that is not ready cannot stand aside, as it could "
           "under \"ASEAN minus X\": it counts as against, and stops a "
           "text as an objection does.");
}

/* "8 of 11 members are in favour" */
static void add_favour(struct acc *a, size_t favour)
{
    say(a, "%zu of %zu member%s %s in favour", favour, a->n,
        a->n == 1 ? "" : "s", favour == 1 ? "is" : "are");
}

/* Who, in an adopting round, joined with reservations, was set aside as
 * a party, stood aside, abstained but took part, or was outvoted. */
static void add_adopted_round(struct acc *a, const mfk_rule *rule,
                              const unsigned char *st,
                              const unsigned char *fl)
{
    size_t k;
    if (mark_stance(a, st, fl, MFK_RESERVATION, 0) > 0) {
        put(a, " ");
        k = add_names(a, a->mark, 1);
        say(a, " %s with a reservation, which is put on record.",
            k > 1 ? "join" : "joins");
    }
    if (mark_stance(a, st, fl, -1, MFK_FLAG_DISCOUNTED) > 0) {
        put(a, " ");
        k = add_names(a, a->mark, 1);
        say(a, " %s, but as %s to the dispute %s not counted.",
            k > 1 ? "object" : "objects", k > 1 ? "parties" : "a party",
            k > 1 ? "their objections are" : "its objection is");
    }
    if (rule->kind == MFK_RULE_FLEXIBLE &&
        mark_stance(a, st, fl, MFK_NOT_READY, 0) > 0) {
        put(a, " ");
        k = add_names(a, a->mark, 1);
        say(a, " %s not ready and stand%s aside.", k > 1 ? "are" : "is",
            k > 1 ? "" : "s");
    }
    if (rule->kind == MFK_RULE_FLEXIBLE &&
        mark_stance(a, st, fl, MFK_ABSTAIN, MFK_FLAG_PARTICIPANT) > 0) {
        put(a, " ");
        k = add_names(a, a->mark, 1);
        say(a, " abstain%s but take%s part.", k > 1 ? "" : "s",
            k > 1 ? "" : "s");
    }
    /* Under the others, no member against is left when it is adopted
     * but the parties set aside, named above. */
    if (mfk__rules[rule->kind].outvoted &&
        mark_stance(a, st, fl, -1, MFK_FLAG_AGAINST) > 0) {
        put(a, " Outvoted: ");
        add_by_stance(a, st, fl, MFK_FLAG_AGAINST);
        put(a, ".");
    }
}

/* Whether round st meets the quorum in force of rule (always, for a rule
 * that takes none). */
static int quorum_met(const struct acc *a, const mfk_rule *rule,
                      const unsigned char *st)
{
    return !mfk__rule_takes_quorum(rule->kind) ||
           mfk__quorum_met(a->body, st, mfk__proposal_quorum(a->p), NULL,
                           NULL);
}

/* Why a round whose rule would have adopted is short of its quorum. */
static void add_no_quorum(struct acc *a, const unsigned char *st)
{
    const struct mfk__quorum *q = mfk__proposal_quorum(a->p);
    char w[MFK_NUMBER_JSON_MAX], qw[MFK_NUMBER_JSON_MAX];
    size_t present;
    double weight;

    mfk__quorum_met(a->body, st, q, &present, &weight);
    if (present < q->members)
        say(a, "Only %zu of %zu member%s %s present, fewer than the quorum "
               "of %u: the round cannot decide.",
            present, a->n, a->n == 1 ? "" : "s",
            present == 1 ? "is" : "are", q->members);
    else
        say(a, "The members present weigh %s, less than the quorum of %s: "
               "the round cannot decide.",
            mfk_number_json(weight, w), mfk_number_json(q->weight, qw));
}

/* Why round r came out as it did. */
static void add_round(struct acc *a, unsigned r)
{
    const mfk_rule *rule = mfk_proposal_rule(a->p);
    const unsigned char *st, *fl;
    mfk_verdict v;
    size_t i, favour = 0, part = 0, version;

    mfk_consultation_round(a->c, r, &st, &fl, &v, &version);
    for (i = 0; i < a->n; i++) {
        favour += (fl[i] & MFK_FLAG_FAVOUR) != 0;
        part += (fl[i] & MFK_FLAG_PARTICIPANT) != 0;
    }
    say(a, "Round %u: %s. ", mfk_consultation_first_round(a->c) - 1 + r,
        mfk_name(MFK_NAMES_VERDICT, (int)v));
    if (v == MFK_VERDICT_BLOCKED) {
        add_by_stance(a, st, fl, MFK_FLAG_BLOCKER);
        put(a, ".");
        if (version > 0 && (i = mark_sponsors(a, fl, MFK_FLAG_BLOCKER)) > 0) {
            say(a, " Among them %s its sponsor%s, ", i > 1 ? "are" : "is",
                i > 1 ? "s" : "");
            add_names(a, a->mark, 1);
            say(a, ": the amended text no longer says what %s wanted.",
                i > 1 ? "they" : "it");
        }
        add_why_blocked(a, rule->kind, r, st, fl);
    } else if (v == MFK_VERDICT_SHORT) {
        if (!quorum_met(a, rule, st))
            add_no_quorum(a, st);
        else if (rule->kind == MFK_RULE_FLEXIBLE)
            say(a, "Only %zu member%s would take part; the rule needs at "
                   "least %u.",
                part, part == 1 ? "" : "s", rule->min_participants);
        else {
            add_favour(a, favour);
            put(a, ": not enough under the rule.");
        }
    } else {
        if (!mfk__rules[rule->kind].objectors_decide) {
            add_favour(a, favour);
            put(a, ": enough under the rule.");
        } else {
            put(a, "Nobody stands in the way: ");
            add_favour(a, favour);
            put(a, ".");
        }
        add_adopted_round(a, rule, st, fl);
    }
}

/* Who takes part in an adopted outcome and who not, and why. */
static void add_bound(struct acc *a, mfk_outcome o, const unsigned char *st,
                      const unsigned char *fl)
{
    size_t i, k, bound = 0;

    for (i = 0; i < a->n; i++) {
        a->mark[i] = (unsigned char)mfk_consultation_participant(a->c, i);
        bound += a->mark[i];
    }
    if (o == MFK_OUTCOME_ADOPTED_FLEXIBLE)
        say(a, "\"ASEAN minus %zu\": ", a->n - bound);
    if (bound == a->n)
        put(a, "Every member takes part and is bound.");
    else if (bound > a->n / 2 && o != MFK_OUTCOME_ADOPTED_FLEXIBLE) {
        put(a, "Every member but ");
        for (i = 0; i < a->n; i++)
            a->mark[i] = (unsigned char)!a->mark[i];
        add_names(a, a->mark, 1);
        put(a, " takes part and is bound.");
    } else {
        add_names(a, a->mark, 1);
        say(a, " take%s part and %s bound.", bound == 1 ? "s" : "",
            bound == 1 ? "is" : "are");
    }
    if (o == MFK_OUTCOME_ADOPTED_WITH_RESERVATIONS &&
        mark_stance(a, st, fl, MFK_RESERVATION, 0) > 0) {
        put(a, " The reservations of ");
        add_names(a, a->mark, 1);
        put(a, " stay on record beside the decision.");
    }
    for (i = 0, k = 0; i < a->n; i++) {
        a->mark[i] = (unsigned char)(!mfk_consultation_participant(a->c, i) &&
                                     st[i] == MFK_NOT_READY);
        k += a->mark[i];
    }
    if (k > 0) {
        put(a, " ");
        add_names(a, a->mark, 1);
        say(a, " stand%s aside: not bound, free to join later.",
            k == 1 ? "s" : "");
    }
    for (i = 0, k = 0; i < a->n; i++) {
        a->mark[i] = (unsigned char)(!mfk_consultation_participant(a->c, i) &&
                                     st[i] != MFK_NOT_READY);
        k += a->mark[i];
    }
    if (k > 0) {
        put(a, " ");
        add_names(a, a->mark, 1);
        say(a, " %s not bound: %s against it, and nobody is bound against "
               "its will (sovereign participation).",
            k == 1 ? "is" : "are", k == 1 ? "it was" : "they were");
    }
}

/* What the fallback does, after "No consensus after N rounds. " */
static const char *fallback_sentence(mfk_outcome o)
{
    switch (o) {
    case MFK_OUTCOME_DEFERRED:
        return "The proposal is deferred: carried to a later meeting as "
               "it now stands.";
    case MFK_OUTCOME_REFERRED_TO_SUMMIT:
        return "It goes to the Summit, which may decide how this decision "
               "is to be made (Charter Art. 20(2)).";
    case MFK_OUTCOME_CHAIRS_STATEMENT:
        return "The Chair issues a Chair's Statement on its own authority: "
               "the positions are noted, nothing is agreed and nobody is "
               "bound. So it went at the 45th AMM in Phnom Penh in July "
               "2012: the ministers could not agree on a paragraph on the "
               "South China Sea, for the first time issued no joint "
               "communiqué, and the Chair set out the positions in its "
               "own statement.";
    case MFK_OUTCOME_WITHDRAWN:
        return "The sponsors withdraw it.";
    default:
        return "The meeting ends with nothing on it: no text, no statement "
               "(as at the 2012 AMM, which issued no joint communiqué).";
    }
}

/* The outcome, who is bound, and what happens next. */
static void add_outcome(struct acc *a)
{
    unsigned rounds = mfk_consultation_rounds(a->c);
    const unsigned char *st = NULL, *fl = NULL;
    mfk_outcome o;

    mfk_consultation_outcome(a->c, &o);
    say(a, "Outcome: %s. ", mfk_name(MFK_NAMES_OUTCOME, (int)o));
    if (rounds > 0)
        mfk_consultation_round(a->c, rounds, &st, &fl, NULL, NULL);
    if (o <= MFK_OUTCOME_ADOPTED_FLEXIBLE && st != NULL)
        add_bound(a, o, st, fl);
    else if (o == MFK_OUTCOME_INADMISSIBLE)
        put(a, "Nobody is bound; the sponsors may come back with a text "
               "the principles allow.");
    else {
        mfk_rule_kind kind = mfk_proposal_rule(a->p)->kind;
        say(a, "%s after %u round%s. ",
            mfk__rules[kind].consensus ? "No consensus" : "Not adopted",
            rounds, rounds == 1 ? "" : "s");
        put(a, fallback_sentence(o));
    }
}

/* The quorum in force, after the rule's sentence, where the rule takes
 * one. */
static void add_quorum(struct acc *a, const mfk_rule *r)
{
    unsigned members;
    double weight;
    char w[MFK_NUMBER_JSON_MAX];

    if (!mfk__rule_takes_quorum(r->kind) ||
        mfk_proposal_quorum(a->p, &members, &weight) != MFK_OK ||
        (members == 0 && weight <= 0))
        return;
    put(a, " A round decides only with a quorum present:");
    if (members > 0)
        say(a, " at least %u member%s", members, members == 1 ? "" : "s");
    if (weight > 0)
        say(a, "%s weighing at least %s", members > 0 ? "," : " members",
            mfk_number_json(weight, w));
    put(a, "; silent members are not present.");
}

/* The rule in force and why it decides as it does; brief: ", as above."
 * for a kind told before. */
static void add_rule(struct acc *a, int brief)
{
    const mfk_rule *r = mfk_proposal_rule(a->p);
    const mfk_rule *own = mfk_body_rule(a->body);

    say(a, "Rule: %s", mfk_name(MFK_NAMES_RULE, (int)r->kind));
    if (r != own)
        say(a, " (set for this proposal; the body's own is %s)",
            mfk_name(MFK_NAMES_RULE, (int)own->kind));
    if (brief && r->kind != MFK_RULE_CALLBACK) {
        put(a, ", as above.");
        add_quorum(a, r);
        return;
    }
    put(a, ": ");
    switch (r->kind) {
    case MFK_RULE_UNANIMITY:
        put(a, "every member must be in favour; abstaining or staying "
               "silent stops it as an objection does.");
        break;
    case MFK_RULE_CONSENSUS:
        put(a, "the ASEAN way, decision by consultation and consensus "
               "(Charter Art. 20). Nothing is adopted while a member "
               "objects or stays silent: each member can stop a text.");
        break;
    case MFK_RULE_CONSENSUS_MINUS_X:
        if (r->max == 0) {
            put(a, "consensus, the objections of parties to the dispute "
                   "counted as any other (none may be set aside): any "
                   "objection, or silence, stops it.");
        } else {
            if (r->max == 1)
                put(a, "consensus, except that the objection of a party to "
                       "the dispute is not counted while it is the only "
                       "party against, ");
            else
                say(a, "consensus, except that the objections of up to %u "
                       "parties to the dispute are not counted, ",
                    r->max);
            put(a, "so that the parties cannot block the settlement of "
                   "their own dispute (as the OSCE's \"consensus minus "
                   "one\"). Any other objection, or silence, still stops "
                   "it.");
        }
        break;
    case MFK_RULE_FLEXIBLE:
        put(a, "\"ASEAN minus X\" (Charter Art. 21(2)), for economic "
               "commitments: members not ready may stand aside, are not "
               "bound and may join later; ");
        say(a, "the others go ahead if at least %u take part. ",
            r->min_participants);
        put(a, "The formula itself needs consensus, so an objection still "
               "blocks.");
        break;
    case MFK_RULE_NEGATIVE_CONSENSUS:
        put(a, "negative consensus: adopted unless every member that is "
               "not a party objects (as in ASEAN's 2004 dispute-settlement "
               "protocol and at the WTO).");
        break;
    case MFK_RULE_SILENCE:
        put(a, "the silence procedure: adopted unless a member breaks "
               "silence by objecting; silence is consent.");
        break;
    case MFK_RULE_MAJORITY:
        say(a, "more than %g of %s must be in favour%s.", r->threshold,
            r->base == MFK_BASE_PRESENT  ? "the members present"
            : r->base == MFK_BASE_VOTING ? "those voting"
                                         : "all members",
            r->weighted ? ", counted by weight" : "");
        break;
    case MFK_RULE_QUALIFIED_MAJORITY:
        say(a, "a double majority, as in the EU: at least %g%% of the "
               "members, holding %g%% of the weight, in favour; ",
            r->members_share * 100, r->weight_share * 100);
        say(a, "or fewer than %u members not in favour.", r->min_blocking);
        break;
    case MFK_RULE_WEIGHTED:
        say(a, "the weight in favour must reach %g.", r->quota);
        break;
    case MFK_RULE_CALLBACK:
        put(a, "a rule supplied by the program.");
        break;
    }
    add_quorum(a, r);
}

/* Columns a UTF-8 text takes: one a character. */
static size_t columns(const char *s, size_t n)
{
    size_t i, w = 0;
    for (i = 0; i < n; i++)
        w += ((unsigned char)s[i] & 0xc0) != 0x80;
    return w;
}

/* The n bytes of text with its words put on lines of at most width
 * columns (a longer word has a line of its own), lines ending in '\n'
 * but the last. */
static void wrap(mfk__cbuf *out, const char *s, size_t n, unsigned width)
{
    const char *end = s + n;
    size_t col = 0;
    int first = 1;

    while (s < end) {
        const char *w;
        size_t wv;
        while (s < end && *s == ' ')
            s++;
        if (s >= end)
            break;
        for (w = s; s < end && *s != ' '; s++)
            ;
        wv = columns(w, (size_t)(s - w));
        if (first)
            first = 0;
        else if (col + 1 + wv > width) {
            mfk__cbuf_raw(out, "\n", 1);
            col = 0;
        } else {
            mfk__cbuf_raw(out, " ", 1);
            col++;
        }
        mfk__cbuf_raw(out, w, (size_t)(s - w));
        col += wv;
    }
}

static int acc_init(struct acc *a, const mfk_consultation *c,
                    const mfk_allocator *alloc)
{
    memset(a, 0, sizeof *a);
    a->b.alloc = alloc;
    a->c = c;
    a->body = mfk_consultation_body(c);
    a->p = mfk_consultation_proposal(c);
    a->n = mfk_body_member_count(a->body);
    a->mark = mfk__calloc(alloc, a->n ? a->n : 1, 1);
    return a->mark == NULL ? MFK_ENOMEM : MFK_OK;
}

int mfk_consultation_account(const mfk_consultation *c,
                             mfk_account_part part, size_t index,
                             unsigned width, const mfk_allocator *alloc,
                             char *buf, size_t size, size_t *len)
{
    mfk_allocator al;
    mfk__cbuf out;
    struct acc a;
    mfk_outcome o;
    int rc;

    if (c == NULL || len == NULL)
        return MFK_EINVAL;
    switch (part) {
    case MFK_ACCOUNT_VIOLATION:
        if (index >= mfk_consultation_violation_count(c))
            return MFK_EINVAL;
        break;
    case MFK_ACCOUNT_ROUND:
        if (index < 1 || index > mfk_consultation_rounds(c))
            return MFK_EINVAL;
        break;
    case MFK_ACCOUNT_OUTCOME:
        if (index != 0)
            return MFK_EINVAL;
        if (mfk_consultation_outcome(c, &o) != MFK_OK)
            return MFK_ESTATE;
        break;
    case MFK_ACCOUNT_RULE:
        if (index > 1)
            return MFK_EINVAL;
        break;
    default:
        return MFK_EINVAL;
    }
    mfk__alloc_init(&al, alloc);
    if ((rc = acc_init(&a, c, &al)) != MFK_OK)
        return rc;
    if (part == MFK_ACCOUNT_VIOLATION)
        add_violation(&a, index);
    else if (part == MFK_ACCOUNT_ROUND)
        add_round(&a, (unsigned)index);
    else if (part == MFK_ACCOUNT_RULE)
        add_rule(&a, index == 1);
    else
        add_outcome(&a);
    mfk__free(&al, a.mark);
    if (width == 0 || a.b.failed)
        return mfk__cbuf_give_text(&a.b, buf, size, len);
    memset(&out, 0, sizeof out);
    out.alloc = &al;
    wrap(&out, (const char *)a.b.buf, a.b.len, width);
    mfk__free(&al, a.b.buf);
    return mfk__cbuf_give_text(&out, buf, size, len);
}

/* ---- the same as data ------------------------------------------------ */

static const char *member_id(const void *b, size_t i)
{
    return mfk_body_member_id(b, i);
}

static void ids(mfk__json *j, const struct acc *a, const unsigned char *set)
{
    mfk__json_ids(j, a->n, set, 1, member_id, a->body);
}

/* Key and the members whose stance is s (s < 0: any) and whose flags
 * have a bit of flag_mask (0: any). */
static void ids_of(mfk__json *j, struct acc *a, const char *key,
                   const unsigned char *st, const unsigned char *fl, int s,
                   unsigned char flag_mask)
{
    mark_stance(a, st, fl, s, flag_mask);
    mfk__json_key(j, key);
    ids(j, a, a->mark);
}

static void json_round(mfk__json *j, struct acc *a, unsigned r)
{
    const mfk_rule *rule = mfk_proposal_rule(a->p);
    const unsigned char *st, *fl;
    mfk_verdict v;
    size_t i;

    mfk_consultation_round(a->c, r, &st, &fl, &v, NULL);
    mfk__json_begin_object(j);
    mfk__json_key(j, "round");
    mfk__json_integer(j, r);
    mfk__json_key(j, "verdict");
    mfk__json_string(j, mfk_name(MFK_NAMES_VERDICT, (int)v));
    ids_of(j, a, "in_favour", st, fl, -1, MFK_FLAG_FAVOUR);
    ids_of(j, a, "against", st, fl, -1, MFK_FLAG_AGAINST);
    ids_of(j, a, "blockers", st, fl, -1, MFK_FLAG_BLOCKER);
    ids_of(j, a, "reservations", st, fl, -1, MFK_FLAG_RESERVATION);
    ids_of(j, a, "discounted", st, fl, -1, MFK_FLAG_DISCOUNTED);
    for (i = 0; i < a->n; i++)
        a->mark[i] = (unsigned char)(st[i] == MFK_NOT_READY &&
                                     !(fl[i] & MFK_FLAG_AGAINST));
    mfk__json_key(j, "standing_aside");
    ids(j, a, a->mark);
    ids_of(j, a, "silent", st, fl, MFK_SILENT, 0);
    for (i = 0; i < a->n; i++)
        a->mark[i] = (unsigned char)(v == MFK_VERDICT_ADOPTED &&
                                     mfk__rules[rule->kind].outvoted &&
                                     (fl[i] & MFK_FLAG_AGAINST));
    mfk__json_key(j, "outvoted");
    ids(j, a, a->mark);
    ids_of(j, a, "participants", st, fl, -1, MFK_FLAG_PARTICIPANT);
    mfk__json_key(j, "quorum_met");
    mfk__json_bool(j, quorum_met(a, rule, st));
    mfk__json_end_object(j);
}

/* bound, not_bound, standing_aside, against_not_bound and reservations
 * of the outcome o, the last round's stances st (NULL: none held). */
static void json_bound(mfk__json *j, struct acc *a, mfk_outcome o,
                       const unsigned char *st)
{
    int adopted = o <= MFK_OUTCOME_ADOPTED_FLEXIBLE && st != NULL;
    size_t i;
    for (i = 0; i < a->n; i++)
        a->mark[i] = (unsigned char)(adopted &&
                                     mfk_consultation_participant(a->c, i));
    mfk__json_key(j, "bound");
    ids(j, a, a->mark);
    for (i = 0; i < a->n; i++)
        a->mark[i] = (unsigned char)!a->mark[i];
    mfk__json_key(j, "not_bound");
    ids(j, a, a->mark);
    for (i = 0; i < a->n; i++)
        a->mark[i] = (unsigned char)(a->mark[i] && adopted &&
                                     st[i] == MFK_NOT_READY);
    mfk__json_key(j, "standing_aside");
    ids(j, a, a->mark);
    for (i = 0; i < a->n; i++)
        a->mark[i] = (unsigned char)(adopted &&
                                     !mfk_consultation_participant(a->c, i) &&
                                     st[i] != MFK_NOT_READY);
    mfk__json_key(j, "against_not_bound");
    ids(j, a, a->mark);
    for (i = 0; i < a->n; i++)
        a->mark[i] = (unsigned char)(o == MFK_OUTCOME_ADOPTED_WITH_RESERVATIONS &&
                                     st != NULL && st[i] == MFK_RESERVATION);
    mfk__json_key(j, "reservations");
    ids(j, a, a->mark);
}

/* The quorum in force, {"members", "weight"}, or null when there is
 * none or the rule takes none. */
static void json_quorum(mfk__json *j, const struct acc *a)
{
    const struct mfk__quorum *q = mfk__proposal_quorum(a->p);
    if (!mfk__rule_takes_quorum(mfk_proposal_rule(a->p)->kind) ||
        (q->members == 0 && q->weight <= 0)) {
        mfk__json_null(j);
        return;
    }
    mfk__json_begin_object(j);
    mfk__json_key(j, "members");
    mfk__json_integer(j, q->members);
    mfk__json_key(j, "weight");
    mfk__json_number(j, q->weight);
    mfk__json_end_object(j);
}

int mfk_consultation_account_write_json(const mfk_consultation *c,
                                        const mfk_allocator *alloc,
                                        char *buf, size_t size, size_t *len)
{
    mfk_allocator al;
    mfk__json j;
    struct acc a;
    const unsigned char *st = NULL;
    unsigned r, rounds;
    mfk_outcome o;
    size_t v;
    int rc;

    if (c == NULL || len == NULL)
        return MFK_EINVAL;
    if (mfk_consultation_outcome(c, &o) != MFK_OK)
        return MFK_ESTATE;
    mfk__alloc_init(&al, alloc);
    if ((rc = acc_init(&a, c, &al)) != MFK_OK)
        return rc;
    rounds = mfk_consultation_rounds(c);
    if (rounds > 0)
        mfk_consultation_round(c, rounds, &st, NULL, NULL, NULL);
    mfk__json_init(&j, &al);
    mfk__json_begin_object(&j);
    mfk__json_key(&j, "id");
    mfk__json_string(&j, mfk_proposal_id(a.p));
    mfk__json_key(&j, "admissible");
    mfk__json_bool(&j, mfk_consultation_admissible(c));
    mfk__json_key(&j, "rule");
    mfk__json_string(&j, mfk_name(MFK_NAMES_RULE,
                                  (int)mfk_proposal_rule(a.p)->kind));
    mfk__json_key(&j, "quorum");
    json_quorum(&j, &a);
    mfk__json_key(&j, "violations");
    mfk__json_begin_array(&j);
    for (v = 0; v < mfk_consultation_violation_count(c); v++) {
        const char *name;
        mfk_mode mode;
        const unsigned char *set;
        mfk_consultation_violation(c, v, &name, &mode, &set);
        mfk__json_violation(&j, name, mode, a.n, set, member_id, a.body);
    }
    mfk__json_end_array(&j);
    mfk__json_key(&j, "rounds");
    mfk__json_begin_array(&j);
    for (r = 1; r <= rounds; r++)
        json_round(&j, &a, r);
    mfk__json_end_array(&j);
    mfk__json_key(&j, "outcome");
    mfk__json_string(&j, mfk_name(MFK_NAMES_OUTCOME, (int)o));
    mfk__json_key(&j, "fallback");
    if (o > MFK_OUTCOME_ADOPTED_FLEXIBLE && o != MFK_OUTCOME_INADMISSIBLE)
        mfk__json_string(&j, mfk_name(MFK_NAMES_FALLBACK,
                                      (int)mfk_proposal_fallback(a.p)));
    else
        mfk__json_null(&j);
    json_bound(&j, &a, o, st);
    mfk__json_end_object(&j);
    mfk__free(&al, a.mark);
    return mfk__json_give(&j, 1, buf, size, len);
}

void mfk__account_wrap(mfk__cbuf *out, const char *s, size_t n,
                       unsigned width)
{
    wrap(out, s, n, width);
}
