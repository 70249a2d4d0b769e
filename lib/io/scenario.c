/* Scenarios: the body, its proposals and their scripted rounds, built
 * from the data model that JSON and CBOR files share (CONTRACT). Every
 * error names the value at fault by its JSON Pointer. */
#include "records-private.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct script_round {
    unsigned char *stances; /* one per member */
    int has_position;
    double position[MFK_MAX_DIMS];
    char *text; /* NULL: unchanged */
    char **reasons; /* one per member, NULL where none; NULL: none */
};

struct sprop {
    mfk_proposal *p;
    size_t nrounds;
    struct script_round *rounds;
    int model;
    /* "candidate_rules": the rules the Summit chooses among. */
    size_t ncand;
    mfk_rule *cand;
    /* The Summit's two steps: stances of the Summit's members on each
     * candidate rule ("summit_rounds", one round a rule), who decides
     * under the rule chosen ("decided_by": 1 the Summit, 0 the body) and
     * the rounds held under it ("after_summit_rounds"); the proposals of
     * the steps, made when first consulted (the last one is step 2's). */
    size_t nsum, nafter;
    unsigned char **sum, **after;
    int by_summit;
    mfk_proposal *step[MFK_MAX_CANDIDATE_RULES + 1];
    char *deadline; /* the silence procedure: UTC; NULL: not circulated */
    char *at;       /* round 1's stances' times, 40 bytes a member */
};

/* A meeting of a series: its year and the proposals first put there
 * (indexes, in the order given). */
struct meeting {
    int year;
    size_t n;
    size_t *props;
};
struct ctx;
struct wctx;
static int read_circulation(struct ctx *c, json_t *v, struct sprop *sp);
struct script;
static int consult_circulated(mfk_consultation *c, const struct script *sc);
static void w_circulation(struct wctx *w, json_t *o, json_t *rounds,
                          const struct sprop *sp);

struct mfk_scenario {
    mfk_allocator alloc;
    mfk_body *body;
    size_t np;
    struct sprop *props;
    int year;
    /* The rotation as read, for the writers: 0 when the chair is fixed. */
    int base_year;
    size_t base_chair, nskip;
    size_t *skip;
    int rotation; /* the chair comes from a rotation */
    /* Meetings in series ("meetings"): none when absent. */
    size_t nmeet;
    struct meeting *meet;
    /* The body the scenario's body refers to ("summit", "refers_to"). */
    mfk_body *summit;
};

typedef struct ctx {
    const mfk_allocator *alloc;
    const char *const *also; /* keys check_keys accepts but does not list */
    mfk_error *err;
    mfk__path path;
    unsigned dims;
    char dims_from[256]; /* where the number of dimensions was read */
    mfk_scenario *s;
    mfk__index ids; /* the proposals' ids read so far */
    int series; /* the scenario has "meetings": rounds are checked after */
} ctx;

static const char *proposal_id_at(const void *ud, size_t pos)
{
    const mfk_scenario *s = ud;
    return mfk_proposal_id(s->props[pos].p);
}

/* The elements of an array (none when arr is not one); unlike
 * json_array_foreach, no test for a NULL element, which an index within
 * the array never gives. */
#define EACH(arr, i, v)                                                      \
    for ((i) = 0; ((v) = json_array_get((arr), (i))) != NULL; (i)++)

/* Text quoted, its first 60 bytes and "..." when there is more; its
 * control characters shown escaped (mfk_text_escape), cut at 60 bytes
 * too. */
#define QUOTE_SIZE 72
static const char *quote(const char *text, char *buf, size_t size)
{
    char esc[256]; /* 60 bytes escaped take at most 240 */
    size_t n = strlen(text), len;
    mfk_text_escape(text, n > 60 ? 60 : n, 0, esc, sizeof esc, &len);
    snprintf(buf, size, "\"%.60s\"%s", esc,
             n > 60 || len > 60 ? "..." : "");
    return buf;
}

/* What was found, quoted where it has a value: "joined", 3.5, an array. */
static const char *found(const json_t *v, char *buf, size_t size)
{
    switch (json_typeof(v)) {
    case JSON_STRING:
        return quote(json_string_value(v), buf, size);
    case JSON_INTEGER:
        snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return buf;
    case JSON_REAL:
        snprintf(buf, size, "%.17g", json_real_value(v));
        return buf;
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_TRUE:
        return "true";
    case JSON_FALSE:
        return "false";
    default:
        return "null";
    }
}

static int fail(ctx *c, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int fail(ctx *c, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return mfk__error_set(c->err, MFK_EFORMAT, &c->path, "%s", msg);
}

static int nomem(ctx *c)
{
    return mfk__error_set(c->err, MFK_ENOMEM, NULL, "out of memory");
}

/* Adds a name to a list "a, b, c" in list[size], as much as fits. */
static void list_add(char *list, size_t size, const char *name)
{
    if (list[0] != '\0')
        strncat(list, ", ", size - strlen(list) - 1);
    strncat(list, name, size - strlen(list) - 1);
}

/* Unknown keys are errors, but for those starting with "x-". */
static int check_keys(ctx *c, json_t *obj, const char *const *allowed)
{
    void *it;
    for (it = json_object_iter(obj); it != NULL;
         it = json_object_iter_next(obj, it)) {
        const char *key = json_object_iter_key(it);
        size_t i, saved;
        char list[200], q[QUOTE_SIZE];
        int ok = strncmp(key, "x-", 2) == 0;
        for (i = 0; !ok && allowed[i] != NULL; i++)
            ok = strcmp(key, allowed[i]) == 0;
        for (i = 0; !ok && c->also != NULL && c->also[i] != NULL; i++)
            ok = strcmp(key, c->also[i]) == 0;
        if (ok)
            continue;
        list[0] = '\0';
        for (i = 0; allowed[i] != NULL; i++)
            list_add(list, sizeof list, allowed[i]);
        mfk__path_push_key(&c->path, key, &saved);
        return fail(c,
                    "unknown key %s: expected one of %s (or a key "
                    "starting with \"x-\")",
                    quote(key, q, sizeof q), list);
    }
    return MFK_OK;
}

static int expect_type(ctx *c, json_t *v, json_type t, const char *what)
{
    char buf[96];
    if (json_typeof(v) == t)
        return MFK_OK;
    return fail(c, "expected %s, found %s", what, found(v, buf, sizeof buf));
}

static int read_string(ctx *c, json_t *v, const char **out)
{
    int rc = expect_type(c, v, JSON_STRING, "a string");
    if (rc == MFK_OK)
        *out = json_string_value(v);
    return rc;
}

static int read_number(ctx *c, json_t *v, double *out)
{
    char buf[96];
    if (json_typeof(v) != JSON_INTEGER && json_typeof(v) != JSON_REAL)
        return fail(c, "expected a number, found %s",
                    found(v, buf, sizeof buf));
    /* Finite: neither jansson nor the CBOR reader makes other numbers.
     * Bounded, so that no distance overflows (model-private.h). */
    *out = json_number_value(v);
    if (fabs(*out) > MFK__MAX_COORD)
        return fail(c, "expected a number from -1e100 to 1e100, found %s",
                    mfk_number_json(*out, buf));
    return MFK_OK;
}

/* "expected an integer from lo to hi", or "expected lo" when they are
 * the same, found what v is. */
static int int_range_fail(ctx *c, json_t *v, long long lo, long long hi)
{
    char buf[96];
    if (lo == hi)
        return fail(c, "expected %lld, found %s", lo,
                    found(v, buf, sizeof buf));
    return fail(c, "expected an integer from %lld to %lld, found %s", lo, hi,
                found(v, buf, sizeof buf));
}

/* An integer in [lo, hi]; CBOR may bring it as a float with no fraction. */
static int read_int(ctx *c, json_t *v, long long lo, long long hi,
                    long long *out)
{
    double d;
    if (json_typeof(v) == JSON_INTEGER) {
        *out = json_integer_value(v);
    } else if (json_typeof(v) == JSON_REAL &&
               floor(json_real_value(v)) == json_real_value(v) &&
               fabs(json_real_value(v)) < 9e15) {
        d = json_real_value(v);
        *out = (long long)d;
    } else {
        return int_range_fail(c, v, lo, hi);
    }
    if (*out < lo || *out > hi)
        return int_range_fail(c, v, lo, hi);
    return MFK_OK;
}

/* A name of `kind`, e.g. a stance; `what` is said in the error. */
static int read_name(ctx *c, json_t *v, mfk_names kind, const char *what,
                     int *out)
{
    char list[200], q[QUOTE_SIZE];
    const char *s, *n;
    int i, rc;

    rc = read_string(c, v, &s);
    if (rc != MFK_OK)
        return rc;
    if (mfk_lookup(kind, s, out) == MFK_OK)
        return MFK_OK;
    list[0] = '\0';
    for (i = 0; (n = mfk_name(kind, i)) != NULL; i++) {
        if (kind == MFK_NAMES_RULE && i == MFK_RULE_CALLBACK)
            break;
        list_add(list, sizeof list, n);
    }
    return fail(c, "unknown %s %s: expected one of %s", what,
                found(v, q, sizeof q), list);
}

/* A vector of the body's dimensions. */
static int read_vector(ctx *c, json_t *v, double *out)
{
    size_t i, saved;
    int rc;
    char buf[96];

    if (json_typeof(v) != JSON_ARRAY)
        return fail(c, "expected an array of %u number%s, found %s",
                    c->dims, c->dims == 1 ? "" : "s",
                    found(v, buf, sizeof buf));
    /* Past the limit, the limit is what is wrong, whatever the first
     * vector's length. */
    if (json_array_size(v) > MFK_MAX_DIMS)
        return fail(c, "%zu numbers: a scenario has at most %d dimensions",
                    json_array_size(v), MFK_MAX_DIMS);
    if (json_array_size(v) != c->dims)
        return fail(c,
                    "expected %u number%s, one per dimension (as at %s), "
                    "found %zu",
                    c->dims, c->dims == 1 ? "" : "s",
                    c->dims_from[0] ? c->dims_from : "the first vector",
                    json_array_size(v));
    for (i = 0; i < c->dims; i++) {
        mfk__path_push_index(&c->path, i, &saved);
        rc = read_number(c, json_array_get(v, i), &out[i]);
        if (rc != MFK_OK)
            return rc;
        mfk__path_pop(&c->path, saved);
    }
    return MFK_OK;
}

/* A member's index from its id; observers and strangers are errors. */
static int find_member(ctx *c, const char *id, size_t *idx)
{
    char q[QUOTE_SIZE];
    size_t i;
    if (mfk_body_find_member(c->s->body, id, idx) == MFK_OK)
        return MFK_OK;
    for (i = 0; i < mfk_body_observer_count(c->s->body); i++)
        if (strcmp(mfk_body_observer_id(c->s->body, i), id) == 0)
            return fail(c, "%s is an observer: expected a member's id",
                        quote(id, q, sizeof q));
    return fail(c, "unknown member %s: expected a member's id",
                quote(id, q, sizeof q));
}

/* A member's index from a value, its id. */
static int read_member(ctx *c, json_t *v, size_t *idx)
{
    const char *id;
    int rc = read_string(c, v, &id);
    return rc != MFK_OK ? rc : find_member(c, id, idx);
}

/* When v (NULL or any value) is a vector of 1 to MFK_MAX_DIMS elements,
 * takes its length as the number of dimensions, found at the place
 * `fmt` says, and returns 1. */
static int dims_of(ctx *c, const json_t *v, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int dims_of(ctx *c, const json_t *v, const char *fmt, ...)
{
    va_list ap;
    size_t n = json_array_size(v);
    if (n < 1 || n > MFK_MAX_DIMS)
        return 0;
    c->dims = (unsigned)n;
    va_start(ap, fmt);
    vsnprintf(c->dims_from, sizeof c->dims_from, fmt, ap);
    va_end(ap);
    return 1;
}

/* Finds the number of dimensions: the length of the first vector in the
 * document; 1 when there is none. Errors are left to the main pass. */
static void find_dims(ctx *c, json_t *root)
{
    static const char *const mkeys[] = {"ideal", "salience"};
    static const char *const pkeys[] = {"position", "status_quo"};
    json_t *members = json_object_get(json_object_get(root, "body"),
                                      "members");
    json_t *props = json_object_get(root, "proposals");
    json_t *v, *r;
    size_t i, j, k;

    c->dims = 1;
    c->dims_from[0] = '\0';
    if (dims_of(c, json_object_get(json_object_get(root, "body"),
                                   "dimensions"),
                "/body/dimensions"))
        return;
    EACH(members, i, v) {
        for (k = 0; k < 2; k++)
            if (dims_of(c, json_object_get(v, mkeys[k]),
                        "/body/members/%zu/%s", i, mkeys[k]))
                return;
    }
    EACH(props, i, v) {
        for (k = 0; k < 2; k++)
            if (dims_of(c, json_object_get(v, pkeys[k]), "/proposals/%zu/%s",
                        i, pkeys[k]))
                return;
        EACH(json_object_get(v, "rounds"), j, r) {
            if (dims_of(c, json_object_get(json_object_get(r, "amend"),
                                           "position"),
                        "/proposals/%zu/rounds/%zu/amend/position", i, j))
                return;
        }
    }
}

/* Parameter k of a rule, from x. */
static int read_param(ctx *c, json_t *x, enum mfk__param k, mfk_rule *rule)
{
    const struct mfk__param_row *p = &mfk__params[k];
    long long n;
    double d = 0;
    int rc = MFK_OK, b;

    switch (p->type) {
    case MFK__UINT:
        rc = read_int(c, x, (long long)p->lo, (long long)p->hi, &n);
        d = (double)n;
        break;
    case MFK__SHARE:
        rc = read_number(c, x, &d);
        if (rc == MFK_OK && (d < p->lo || d > p->hi))
            rc = fail(c, "expected a share from %g to %g, found %.17g",
                      p->lo, p->hi, d);
        break;
    case MFK__NUMBER:
        rc = read_number(c, x, &d);
        break;
    case MFK__BASE:
        rc = read_name(c, x, MFK_NAMES_BASE, "base", &b);
        d = b;
        break;
    case MFK__FLAG:
        rc = json_typeof(x) == JSON_FALSE
                 ? MFK_OK
                 : expect_type(c, x, JSON_TRUE, "true or false");
        d = json_typeof(x) == JSON_TRUE;
        break;
    }
    if (rc == MFK_OK)
        mfk__param_set(rule, k, d);
    return rc;
}

/* A rule's quorum keys, x its object: "quorum", the members present it
 * needs (1 to the body's members), and "quorum_weight", the weight
 * present (above 0, at most the members' total). */
static int read_quorum(ctx *c, json_t *v, struct mfk__quorum *q)
{
    const mfk_body *b = c->s->body;
    size_t saved, i, n = mfk_body_member_count(b);
    double total = 0;
    long long k;
    json_t *x;
    int rc;

    memset(q, 0, sizeof *q);
    if ((x = json_object_get(v, "quorum")) != NULL) {
        mfk__path_push_key(&c->path, "quorum", &saved);
        if ((rc = read_int(c, x, 1, (long long)n, &k)))
            return rc;
        q->members = (unsigned)k;
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "quorum_weight")) != NULL) {
        mfk__path_push_key(&c->path, "quorum_weight", &saved);
        if ((rc = read_number(c, x, &q->weight)))
            return rc;
        for (i = 0; i < n; i++)
            total += mfk_body_member_weight(b, i);
        if (!(q->weight > 0) || q->weight > total)
            return fail(c, "expected a weight above 0 and at most the "
                           "members' total, %.17g, found %.17g",
                        total, q->weight);
        mfk__path_pop(&c->path, saved);
    }
    return MFK_OK;
}

static int read_rule(ctx *c, json_t *v, mfk_rule *rule,
                     struct mfk__quorum *q)
{
    const char *keys[MFK__PARAM_COUNT + 4];
    json_t *kind, *x;
    size_t saved, nkeys = 0;
    unsigned params;
    int k, p, rc;

    rc = expect_type(c, v, JSON_OBJECT, "a rule, an object with \"kind\"");
    if (rc != MFK_OK)
        return rc;
    kind = json_object_get(v, "kind");
    if (kind == NULL)
        return fail(c, "no \"kind\": expected a rule's kind, e.g. "
                       "\"consensus\"");
    mfk__path_push_key(&c->path, "kind", &saved);
    rc = read_name(c, kind, MFK_NAMES_RULE, "rule", &k);
    if (rc == MFK_OK && k == MFK_RULE_CALLBACK)
        rc = fail(c, "a \"callback\" rule is given by a program, not a "
                     "file: expected a built-in rule's kind");
    if (rc != MFK_OK)
        return rc;
    mfk__path_pop(&c->path, saved);
    mfk_rule_init(rule, (mfk_rule_kind)k);
    params = mfk__rules[k].params;
    keys[nkeys++] = "kind";
    for (p = 0; p < MFK__PARAM_COUNT; p++)
        if (params & (1u << p))
            keys[nkeys++] = mfk__params[p].key;
    if (mfk__rule_takes_quorum((mfk_rule_kind)k)) {
        keys[nkeys++] = "quorum";
        keys[nkeys++] = "quorum_weight";
    }
    keys[nkeys] = NULL;
    rc = check_keys(c, v, keys);
    if (rc == MFK_OK)
        rc = read_quorum(c, v, q);
    if (rc != MFK_OK)
        return rc;
    for (p = 0; p < MFK__PARAM_COUNT; p++) {
        if (!(params & (1u << p)) ||
            (x = json_object_get(v, mfk__params[p].key)) == NULL)
            continue;
        mfk__path_push_key(&c->path, mfk__params[p].key, &saved);
        rc = read_param(c, x, (enum mfk__param)p, rule);
        if (rc != MFK_OK)
            return rc;
        mfk__path_pop(&c->path, saved);
    }
    for (p = 0; p < MFK__PARAM_COUNT; p++)
        if ((mfk__rules[k].required & (1u << p)) &&
            json_object_get(v, mfk__params[p].key) == NULL)
            return fail(c, "no \"%s\": a %s rule needs one",
                        mfk__params[p].key, mfk__rules[k].name);
    return MFK_OK;
}

/* The object of a member or observer (`noun`): its keys, its "id" (a
 * string, not empty) and its "name" (the id when absent). The path is
 * left at the object. */
static int read_id_name(ctx *c, json_t *o, const char *const *keys,
                        const char *noun, const char **id, const char **name)
{
    char what[64];
    json_t *x;
    size_t saved;
    int rc;

    snprintf(what, sizeof what, "a%s %s, an object with \"id\"",
             noun[0] == 'o' ? "n" : "", noun);
    rc = expect_type(c, o, JSON_OBJECT, what);
    if (rc == MFK_OK)
        rc = check_keys(c, o, keys);
    if (rc != MFK_OK)
        return rc;
    if ((x = json_object_get(o, "id")) == NULL)
        return fail(c, "no \"id\": expected the %s's id", noun);
    mfk__path_push_key(&c->path, "id", &saved);
    if ((rc = read_string(c, x, id)) != MFK_OK)
        return rc;
    if (**id == '\0')
        return fail(c, "expected an id, found \"\"");
    mfk__path_pop(&c->path, saved);
    *name = *id;
    if ((x = json_object_get(o, "name")) != NULL) {
        mfk__path_push_key(&c->path, "name", &saved);
        if ((rc = read_string(c, x, name)) != MFK_OK)
            return rc;
        mfk__path_pop(&c->path, saved);
    }
    return MFK_OK;
}

/* A member's behaviour-model keys besides tolerance, each in its range
 * (mfk_body_set_member_param()). */
static int read_member_model(ctx *c, json_t *m, size_t idx)
{
    static const struct {
        const char *key, *range;
        mfk_member_param param;
    } keys[] = {
        {"externality", "from 0 to 1", MFK_MEMBER_EXTERNALITY},
        {"reservation", "of 0 or more", MFK_MEMBER_RESERVATION},
        {"indifference", "of 0 or more", MFK_MEMBER_INDIFFERENCE},
        {"support_gain", "above 0", MFK_MEMBER_SUPPORT_GAIN},
        {"absence", "from 0 to below 1", MFK_MEMBER_ABSENCE},
    };
    char buf[64];
    size_t k, saved;
    double d = 0;
    json_t *x;
    int rc;

    for (k = 0; k < sizeof keys / sizeof *keys; k++) {
        if ((x = json_object_get(m, keys[k].key)) == NULL)
            continue;
        mfk__path_push_key(&c->path, keys[k].key, &saved);
        if ((rc = read_number(c, x, &d)) != MFK_OK)
            return rc;
        /* support_gain 0 would be none: a scenario leaves the key out */
        if ((keys[k].param == MFK_MEMBER_SUPPORT_GAIN && d == 0) ||
            mfk_body_set_member_param(c->s->body, idx, keys[k].param, d) !=
                MFK_OK)
            return fail(c, "expected %s %s, found %s", keys[k].key,
                        keys[k].range, mfk_number_json(d, buf));
        mfk__path_pop(&c->path, saved);
    }
    return MFK_OK;
}

static int read_body_members(ctx *c, json_t *arr)
{
    static const char *const keys[] = {"id",       "name",      "weight",
                                       "ideal",    "salience",  "tolerance",
                                       NULL};
    /* accepted too, but not listed: the message of 0.1 stays as it was */
    static const char *const also[] = {
        "capability", "externality",  "reservation", "indifference",
        "support_gain", "absence", NULL};
    mfk_body *b = c->s->body;
    json_t *m, *x;
    size_t i, idx, saved, saved2, first_ideal = (size_t)-1;
    const char *id, *name;
    char q[QUOTE_SIZE];
    double vec[MFK_MAX_DIMS], d = 0; /* read_number sets it; gcc misses it */
    int rc;

    if ((rc = expect_type(c, arr, JSON_ARRAY, "an array of members")))
        return rc;
    if (json_array_size(arr) == 0)
        return fail(c, "expected at least one member, found none");
    if (json_array_size(arr) > MFK_MAX_MEMBERS)
        return fail(c, "%zu members: at most %d are allowed",
                    json_array_size(arr), MFK_MAX_MEMBERS);
    EACH(arr, i, m) {
        mfk__path_push_index(&c->path, i, &saved);
        c->also = also;
        rc = read_id_name(c, m, keys, "member", &id, &name);
        c->also = NULL;
        if (rc != MFK_OK)
            return rc;
        rc = mfk_body_add_member(b, id, name, &idx);
        if (rc == MFK_EEXISTS) {
            mfk__path_push_key(&c->path, "id", &saved2);
            return fail(c, "duplicate id %s: expected each member's id "
                           "once", quote(id, q, sizeof q));
        }
        if (rc != MFK_OK) /* the id is not empty, the count checked */
            return nomem(c);
        if ((x = json_object_get(m, "weight")) != NULL) {
            mfk__path_push_key(&c->path, "weight", &saved2);
            if ((rc = read_number(c, x, &d)) != MFK_OK)
                return rc;
            if (d < 0)
                return fail(c, "expected a weight of 0 or more, found %.17g",
                            d);
            if (d > MFK__MAX_WEIGHT)
                return fail(c, "expected a weight of at most 1e12, found %s",
                            mfk_number_json(d, q));
            mfk_body_set_weight(b, idx, d);
            mfk__path_pop(&c->path, saved2);
        }
        if ((x = json_object_get(m, "ideal")) != NULL) {
            mfk__path_push_key(&c->path, "ideal", &saved2);
            if ((rc = read_vector(c, x, vec)) != MFK_OK)
                return rc;
            mfk_body_set_ideal(b, idx, vec);
            mfk__path_pop(&c->path, saved2);
            if (first_ideal == (size_t)-1)
                first_ideal = i;
        }
        if ((x = json_object_get(m, "salience")) != NULL) {
            unsigned k;
            mfk__path_push_key(&c->path, "salience", &saved2);
            if ((rc = read_vector(c, x, vec)) != MFK_OK)
                return rc;
            for (k = 0; k < c->dims; k++)
                if (vec[k] < 0) {
                    mfk__path_push_index(&c->path, k, &saved2);
                    return fail(c, "expected a salience of 0 or more, "
                                   "found %.17g", vec[k]);
                }
            mfk_body_set_salience(b, idx, vec);
            mfk__path_pop(&c->path, saved2);
        }
        if ((x = json_object_get(m, "capability")) != NULL) {
            unsigned k;
            mfk__path_push_key(&c->path, "capability", &saved2);
            if ((rc = read_vector(c, x, vec)) != MFK_OK)
                return rc;
            for (k = 0; k < c->dims; k++)
                if (vec[k] < 0) {
                    mfk__path_push_index(&c->path, k, &saved2);
                    return fail(c, "expected a capability of 0 or more, "
                                   "found %.17g", vec[k]);
                }
            mfk_body_set_capability(b, idx, vec);
            mfk__path_pop(&c->path, saved2);
        }
        if ((x = json_object_get(m, "tolerance")) != NULL) {
            mfk__path_push_key(&c->path, "tolerance", &saved2);
            if ((rc = read_number(c, x, &d)) != MFK_OK)
                return rc;
            mfk_body_set_tolerance(b, idx, d);
            mfk__path_pop(&c->path, saved2);
        }
        if ((rc = read_member_model(c, m, idx)) != MFK_OK)
            return rc;
        mfk__path_pop(&c->path, saved);
    }
    if (first_ideal != (size_t)-1 && !mfk_body_has_ideals(b)) {
        for (i = 0; mfk_body_member_ideal(b, i) != NULL; i++)
            continue; /* some member has none */
        mfk__path_push_index(&c->path, i, &saved);
        return fail(c,
                    "no \"ideal\" point, but /body/members/%zu has one: "
                    "expected an ideal point for every member or for none",
                    first_ideal);
    }
    return MFK_OK;
}

static int read_observers(ctx *c, json_t *arr)
{
    static const char *const keys[] = {"id", "name", NULL};
    json_t *o;
    size_t i, saved, saved2;
    const char *id, *name;
    char q[QUOTE_SIZE];
    int rc;

    if ((rc = expect_type(c, arr, JSON_ARRAY, "an array of observers")))
        return rc;
    EACH(arr, i, o) {
        mfk__path_push_index(&c->path, i, &saved);
        rc = read_id_name(c, o, keys, "observer", &id, &name);
        if (rc != MFK_OK)
            return rc;
        mfk__path_push_key(&c->path, "id", &saved2);
        rc = mfk_body_add_observer(c->s->body, id, name);
        if (rc == MFK_EEXISTS)
            return fail(c, "duplicate id %s: a member or observer has it "
                           "already", quote(id, q, sizeof q));
        if (rc != MFK_OK)
            return nomem(c);
        mfk__path_pop(&c->path, saved);
    }
    return MFK_OK;
}

static int read_rotation(ctx *c, json_t *v)
{
    static const char *const keys[] = {"year", "base_year", "base_chair",
                                       "skip", NULL};
    size_t saved, saved2, base, skip[MFK_MAX_MEMBERS], nskip = 0, i, chair;
    long long year, base_year;
    json_t *x;
    int rc;

    if ((rc = expect_type(c, v, JSON_OBJECT, "a rotation, an object")) ||
        (rc = check_keys(c, v, keys)))
        return rc;
#define REQUIRED(name, what)                                                 \
    if ((x = json_object_get(v, name)) == NULL)                              \
        return fail(c, "no \"" name "\": expected " what);                   \
    mfk__path_push_key(&c->path, name, &saved)
    REQUIRED("base_year", "the year of the base chair");
    if ((rc = read_int(c, x, 0, 100000, &base_year)))
        return rc;
    mfk__path_pop(&c->path, saved);
    REQUIRED("year", "the year whose chair the rotation gives");
    if ((rc = read_int(c, x, 0, 100000, &year)))
        return rc;
    if (year < base_year)
        return fail(c, "expected a year from base_year (%lld) on, found "
                       "%lld", base_year, year);
    mfk__path_pop(&c->path, saved);
    REQUIRED("base_chair", "the member who chaired in base_year");
    if ((rc = read_member(c, x, &base)))
        return rc;
    mfk__path_pop(&c->path, saved);
#undef REQUIRED
    if ((x = json_object_get(v, "skip")) != NULL) {
        json_t *e;
        mfk__path_push_key(&c->path, "skip", &saved);
        if ((rc = expect_type(c, x, JSON_ARRAY, "an array of member ids")))
            return rc;
        EACH(x, i, e) {
            mfk__path_push_index(&c->path, i, &saved2);
            if (nskip >= MFK_MAX_MEMBERS)
                return fail(c, "too many members to skip");
            if ((rc = read_member(c, e, &skip[nskip++])))
                return rc;
            mfk__path_pop(&c->path, saved2);
        }
        mfk__path_pop(&c->path, saved);
    }
    rc = mfk_body_rotation(c->s->body, (int)year, (int)base_year, base, skip,
                           nskip, &chair);
    if (rc != MFK_OK)
        return fail(c, "no member is left to chair: every member, the "
                       "base chair too, is skipped");
    mfk_body_set_chair(c->s->body, chair);
    c->s->year = (int)year;
    c->s->rotation = 1;
    c->s->base_year = (int)base_year;
    c->s->base_chair = base;
    if (nskip > 0) {
        c->s->skip = mfk__calloc(c->alloc, nskip, sizeof *c->s->skip);
        if (c->s->skip == NULL)
            return nomem(c);
        memcpy(c->s->skip, skip, nskip * sizeof *skip);
        c->s->nskip = nskip;
    }
    return MFK_OK;
}

static int read_principles(ctx *c, json_t *v)
{
    const char *key;
    char q[QUOTE_SIZE];
    void *it;
    size_t saved;
    int p, m, rc;

    if ((rc = expect_type(c, v, JSON_OBJECT,
                          "an object of principles and their modes")))
        return rc;
    for (it = json_object_iter(v); it != NULL;
         it = json_object_iter_next(v, it)) {
        key = json_object_iter_key(it);
        if (strncmp(key, "x-", 2) == 0)
            continue;
        mfk__path_push_key(&c->path, key, &saved);
        if (mfk_lookup(MFK_NAMES_PRINCIPLE, key, &p) != MFK_OK)
            return fail(c, "unknown principle %s: expected "
                           "internal-affairs, no-coercion, "
                           "bilateral-consent, flexible-scope, "
                           "sovereign-participation or pace",
                        quote(key, q, sizeof q));
        if ((rc = read_name(c, json_object_iter_value(it), MFK_NAMES_MODE,
                            "mode", &m)))
            return rc;
        mfk_body_set_principle(c->s->body, (mfk_principle)p, (mfk_mode)m);
        mfk__path_pop(&c->path, saved);
    }
    return MFK_OK;
}

/* A list of names of `kind` as a bit mask. */
static int read_mask(ctx *c, json_t *v, mfk_names kind, const char *what,
                     unsigned *mask)
{
    json_t *e;
    size_t i, saved;
    int k, rc;
    char expected[64];

    snprintf(expected, sizeof expected, "an array of %s names", what);
    if ((rc = expect_type(c, v, JSON_ARRAY, expected)))
        return rc;
    *mask = 0;
    EACH(v, i, e) {
        mfk__path_push_index(&c->path, i, &saved);
        if ((rc = read_name(c, e, kind, what, &k)))
            return rc;
        *mask |= 1u << k;
        mfk__path_pop(&c->path, saved);
    }
    return MFK_OK;
}

/* The names of the body's dimensions (its issues), one each, distinct. */
static int read_dimensions(ctx *c, json_t *v)
{
    json_t *e;
    size_t i, j, saved;
    const char *name;
    char q[QUOTE_SIZE], buf[96];
    int rc;

    if (json_array_size(v) > MFK_MAX_DIMS)
        return fail(c, "%zu names: a scenario has at most %d dimensions",
                    json_array_size(v), MFK_MAX_DIMS);
    if (json_typeof(v) != JSON_ARRAY || json_array_size(v) != c->dims)
        return fail(c, "expected an array of %u name%s, one per dimension "
                       "(as at %s), found %s",
                    c->dims, c->dims == 1 ? "" : "s",
                    c->dims_from[0] ? c->dims_from : "the first vector",
                    found(v, buf, sizeof buf));
    EACH(v, i, e) {
        mfk__path_push_index(&c->path, i, &saved);
        if ((rc = read_string(c, e, &name)))
            return rc;
        if (*name == '\0')
            return fail(c, "expected a dimension's name, found \"\"");
        for (j = 0; j < i; j++)
            if (strcmp(json_string_value(json_array_get(v, j)), name) == 0)
                return fail(c, "duplicate name %s: expected each "
                               "dimension's name once",
                            quote(name, q, sizeof q));
        if (mfk_body_set_dimension_name(c->s->body, (unsigned)i, name))
            return nomem(c);
        mfk__path_pop(&c->path, saved);
    }
    return MFK_OK;
}

/* Each dimension's scale, [lo, hi] with lo < hi. */
static int read_scales(ctx *c, json_t *v)
{
    json_t *e;
    size_t i, saved, saved2;
    double lo = 0, hi = 0;
    char buf[96];
    int rc;

    if (json_typeof(v) != JSON_ARRAY || json_array_size(v) != c->dims)
        return fail(c, "expected an array of %u scale%s [lo, hi], one per "
                       "dimension (as at %s), found %s",
                    c->dims, c->dims == 1 ? "" : "s",
                    c->dims_from[0] ? c->dims_from : "the first vector",
                    found(v, buf, sizeof buf));
    EACH(v, i, e) {
        mfk__path_push_index(&c->path, i, &saved);
        if (json_typeof(e) != JSON_ARRAY || json_array_size(e) != 2)
            return fail(c, "expected a scale [lo, hi], found %s",
                        found(e, buf, sizeof buf));
        mfk__path_push_index(&c->path, 0, &saved2);
        if ((rc = read_number(c, json_array_get(e, 0), &lo)))
            return rc;
        mfk__path_pop(&c->path, saved2);
        mfk__path_push_index(&c->path, 1, &saved2);
        if ((rc = read_number(c, json_array_get(e, 1), &hi)))
            return rc;
        if (!(lo < hi))
            return fail(c, "expected a scale's upper end above its lower "
                           "end %.17g, found %.17g", lo, hi);
        mfk__path_pop(&c->path, saved2);
        mfk_body_set_scale(c->s->body, (unsigned)i, lo, hi);
        mfk__path_pop(&c->path, saved);
    }
    return MFK_OK;
}

static int read_body(ctx *c, json_t *v)
{
    static const char *const keys[] = {
        "name",  "members",    "observers",        "chair",
        "rotation", "rule",    "principles",       "flexible_pillars",
        "max_rounds", "fallback", "refers_to", NULL};
    static const char *const also[] = {"dimensions", "scales", NULL};
    json_t *x;
    size_t saved, idx;
    const char *name;
    long long n;
    unsigned mask;
    mfk_rule rule;
    struct mfk__quorum quorum;
    int rc, k;

    if ((rc = expect_type(c, v, JSON_OBJECT, "the body, an object")))
        return rc;
    c->also = also;
    rc = check_keys(c, v, keys);
    c->also = NULL;
    if (rc)
        return rc;
    if ((x = json_object_get(v, "name")) == NULL)
        return fail(c, "no \"name\": expected the body's name");
    mfk__path_push_key(&c->path, "name", &saved);
    if ((rc = read_string(c, x, &name)))
        return rc;
    mfk__path_pop(&c->path, saved);
    rc = mfk_body_new(&c->s->body, name, c->dims, c->alloc);
    if (rc != MFK_OK)
        return nomem(c);
    if ((x = json_object_get(v, "dimensions")) != NULL) {
        mfk__path_push_key(&c->path, "dimensions", &saved);
        if ((rc = read_dimensions(c, x)))
            return rc;
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "scales")) != NULL) {
        mfk__path_push_key(&c->path, "scales", &saved);
        if ((rc = read_scales(c, x)))
            return rc;
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "members")) == NULL)
        return fail(c, "no \"members\": expected an array of members");
    mfk__path_push_key(&c->path, "members", &saved);
    if ((rc = read_body_members(c, x)))
        return rc;
    mfk__path_pop(&c->path, saved);
    if ((x = json_object_get(v, "observers")) != NULL) {
        mfk__path_push_key(&c->path, "observers", &saved);
        if ((rc = read_observers(c, x)))
            return rc;
        mfk__path_pop(&c->path, saved);
    }
    if (json_object_get(v, "chair") && json_object_get(v, "rotation")) {
        mfk__path_push_key(&c->path, "rotation", &saved);
        return fail(c, "both \"chair\" and \"rotation\" are given: expected "
                       "one of them");
    }
    if ((x = json_object_get(v, "chair")) != NULL) {
        mfk__path_push_key(&c->path, "chair", &saved);
        if ((rc = read_member(c, x, &idx)))
            return rc;
        mfk_body_set_chair(c->s->body, idx);
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "rotation")) != NULL) {
        mfk__path_push_key(&c->path, "rotation", &saved);
        if ((rc = read_rotation(c, x)))
            return rc;
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "rule")) != NULL) {
        mfk__path_push_key(&c->path, "rule", &saved);
        if ((rc = read_rule(c, x, &rule, &quorum)))
            return rc;
        mfk_body_set_rule(c->s->body, &rule);
        mfk_body_set_quorum(c->s->body, quorum.members, quorum.weight);
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "principles")) != NULL) {
        mfk__path_push_key(&c->path, "principles", &saved);
        if ((rc = read_principles(c, x)))
            return rc;
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "flexible_pillars")) != NULL) {
        mfk__path_push_key(&c->path, "flexible_pillars", &saved);
        if ((rc = read_mask(c, x, MFK_NAMES_PILLAR, "pillar", &mask)))
            return rc;
        mfk_body_set_flexible_pillars(c->s->body, mask);
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "max_rounds")) != NULL) {
        mfk__path_push_key(&c->path, "max_rounds", &saved);
        if ((rc = read_int(c, x, 1, MFK_MAX_ROUNDS, &n)))
            return rc;
        mfk_body_set_max_rounds(c->s->body, (unsigned)n);
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "fallback")) != NULL) {
        mfk__path_push_key(&c->path, "fallback", &saved);
        if ((rc = read_name(c, x, MFK_NAMES_FALLBACK, "fallback", &k)))
            return rc;
        mfk_body_set_fallback(c->s->body, (mfk_fallback)k);
        mfk__path_pop(&c->path, saved);
    }
    return MFK_OK;
}

static int read_roles(ctx *c, json_t *v, mfk_proposal *p, unsigned role)
{
    json_t *e;
    size_t i, idx, saved;
    int rc;

    if ((rc = expect_type(c, v, JSON_ARRAY, "an array of member ids")))
        return rc;
    EACH(v, i, e) {
        mfk__path_push_index(&c->path, i, &saved);
        if ((rc = read_member(c, e, &idx)))
            return rc;
        mfk_proposal_add_role(p, idx, role);
        mfk__path_pop(&c->path, saved);
    }
    return MFK_OK;
}

static int read_amend(ctx *c, json_t *v, struct script_round *r)
{
    static const char *const keys[] = {"position", "text", NULL};
    json_t *x;
    size_t saved;
    const char *text;
    int rc;

    if ((rc = expect_type(c, v, JSON_OBJECT,
                          "an amendment, an object with \"position\" "
                          "or \"text\"")) ||
        (rc = check_keys(c, v, keys)))
        return rc;
    if ((x = json_object_get(v, "position")) != NULL) {
        mfk__path_push_key(&c->path, "position", &saved);
        if ((rc = read_vector(c, x, r->position)))
            return rc;
        r->has_position = 1;
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "text")) != NULL) {
        mfk__path_push_key(&c->path, "text", &saved);
        if ((rc = read_string(c, x, &text)))
            return rc;
        if ((r->text = mfk__strdup(c->alloc, text)) == NULL)
            return nomem(c);
        mfk__path_pop(&c->path, saved);
    }
    return MFK_OK;
}

/* A round's reasons: {"KHM": "text", ...}, any member, any stance. */
static int read_reasons(ctx *c, json_t *v, struct script_round *sr, size_t n)
{
    size_t idx, saved;
    const char *key;
    void *it;
    int rc;
    if ((rc = expect_type(c, v, JSON_OBJECT,
                          "an object of member ids and reasons")))
        return rc;
    sr->reasons = mfk__calloc(c->alloc, n, sizeof *sr->reasons);
    if (sr->reasons == NULL)
        return nomem(c);
    for (it = json_object_iter(v); it != NULL;
         it = json_object_iter_next(v, it)) {
        json_t *x = json_object_iter_value(it);
        key = json_object_iter_key(it);
        mfk__path_push_key(&c->path, key, &saved);
        if ((rc = find_member(c, key, &idx)) ||
            (rc = expect_type(c, x, JSON_STRING, "a reason, a string")))
            return rc;
        sr->reasons[idx] = mfk__strdup(c->alloc, json_string_value(x));
        if (sr->reasons[idx] == NULL)
            return nomem(c);
        mfk__path_pop(&c->path, saved);
    }
    return MFK_OK;
}

static int read_rounds(ctx *c, json_t *v, struct sprop *sp)
{
    static const char *const keys[] = {"stances", "amend", "reasons", "at",
                                       NULL};
    size_t n = mfk_body_member_count(c->s->body);
    size_t i, idx, saved, saved2, saved3;
    unsigned max = mfk_proposal_max_rounds(sp->p);
    json_t *r, *x, *st;
    const char *key;
    void *it;
    int rc, k;

    if ((rc = expect_type(c, v, JSON_ARRAY, "an array of rounds")))
        return rc;
    if (json_array_size(v) > max && !c->series)
        return fail(c, "%zu scripted rounds: expected at most max_rounds "
                       "(%u)", json_array_size(v), max);
    sp->rounds = mfk__calloc(c->alloc, json_array_size(v) + 1,
                             sizeof *sp->rounds);
    if (sp->rounds == NULL)
        return nomem(c);
    EACH(v, i, r) {
        struct script_round *sr = &sp->rounds[i];
        mfk__path_push_index(&c->path, i, &saved);
        if ((rc = expect_type(c, r, JSON_OBJECT,
                              "a round, an object with \"stances\"")) ||
            (rc = check_keys(c, r, keys)))
            return rc;
        sr->stances = mfk__malloc(c->alloc, n);
        if (sr->stances == NULL)
            return nomem(c);
        sp->nrounds = i + 1;
        memset(sr->stances, MFK_SILENT, n);
        if ((st = json_object_get(r, "stances")) == NULL)
            return fail(c, "no \"stances\": expected an object of member "
                           "ids and their stances");
        mfk__path_push_key(&c->path, "stances", &saved2);
        if ((rc = expect_type(c, st, JSON_OBJECT,
                              "an object of member ids and stances")))
            return rc;
        for (it = json_object_iter(st); it != NULL;
             it = json_object_iter_next(st, it)) {
            key = json_object_iter_key(it);
            mfk__path_push_key(&c->path, key, &saved3);
            if ((rc = find_member(c, key, &idx)) ||
                (rc = read_name(c, json_object_iter_value(it),
                                MFK_NAMES_STANCE, "stance", &k)))
                return rc;
            sr->stances[idx] = (unsigned char)k;
            mfk__path_pop(&c->path, saved3);
        }
        mfk__path_pop(&c->path, saved2);
        if ((x = json_object_get(r, "amend")) != NULL) {
            mfk__path_push_key(&c->path, "amend", &saved2);
            if ((rc = read_amend(c, x, sr)))
                return rc;
            mfk__path_pop(&c->path, saved2);
        }
        if ((x = json_object_get(r, "reasons")) != NULL) {
            mfk__path_push_key(&c->path, "reasons", &saved2);
            if ((rc = read_reasons(c, x, sr, n)))
                return rc;
            mfk__path_pop(&c->path, saved2);
        }
        mfk__path_pop(&c->path, saved);
    }
    return MFK_OK;
}

static int read_candidates(ctx *c, json_t *v, struct sprop *sp);
static int read_summit(ctx *c, json_t *root);
static int read_steps(ctx *c, json_t *v, struct sprop *sp);

static int read_proposal(ctx *c, json_t *v, struct sprop *sp)
{
    static const char *const keys[] = {
        "id",       "title",      "text",       "pillar",   "component",
        "sponsors", "concerns",   "parties",    "consent",  "measures",
        "rule",     "position",   "status_quo", "max_rounds", "fallback",
        "rounds",   "candidate_rules", "deadline", "summit_rounds",
        "decided_by", "after_summit_rounds", NULL};
    static const struct {
        const char *key;
        unsigned role;
    } roles[] = {{"sponsors", MFK_ROLE_SPONSOR},
                 {"concerns", MFK_ROLE_CONCERN},
                 {"parties", MFK_ROLE_PARTY},
                 {"consent", MFK_ROLE_CONSENT}};
    json_t *x;
    size_t saved, i;
    const char *id, *title = "", *text;
    char q[QUOTE_SIZE];
    double vec[MFK_MAX_DIMS];
    unsigned mask;
    long long n;
    mfk_rule rule;
    struct mfk__quorum quorum;
    int rc, k;

    if ((rc = expect_type(c, v, JSON_OBJECT,
                          "a proposal, an object with \"id\"")) ||
        (rc = check_keys(c, v, keys)))
        return rc;
    if ((x = json_object_get(v, "id")) == NULL)
        return fail(c, "no \"id\": expected the proposal's id");
    mfk__path_push_key(&c->path, "id", &saved);
    if ((rc = read_string(c, x, &id)))
        return rc;
    if ((i = mfk__index_find(&c->ids, id)) != SIZE_MAX)
        return fail(c, "duplicate id %s: /proposals/%zu has it "
                       "already", quote(id, q, sizeof q), i);
    mfk__path_pop(&c->path, saved);
    if ((x = json_object_get(v, "title")) != NULL) {
        mfk__path_push_key(&c->path, "title", &saved);
        if ((rc = read_string(c, x, &title)))
            return rc;
        mfk__path_pop(&c->path, saved);
    }
    if (mfk_proposal_new(&sp->p, c->s->body, id, title, c->alloc) != MFK_OK)
        return nomem(c);
    c->s->np++;
    if (mfk__index_add(&c->ids, c->alloc, c->s->np - 1) != MFK_OK)
        return nomem(c);
    if ((x = json_object_get(v, "text")) != NULL) {
        mfk__path_push_key(&c->path, "text", &saved);
        if ((rc = read_string(c, x, &text)))
            return rc;
        if (mfk_proposal_set_text(sp->p, text) != MFK_OK)
            return nomem(c);
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "pillar")) != NULL) {
        mfk__path_push_key(&c->path, "pillar", &saved);
        if ((rc = read_name(c, x, MFK_NAMES_PILLAR, "pillar", &k)))
            return rc;
        mfk_proposal_set_pillar(sp->p, (mfk_pillar)k);
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "component")) != NULL) {
        mfk__path_push_key(&c->path, "component", &saved);
        if ((rc = read_name(c, x, MFK_NAMES_COMPONENT, "component", &k)))
            return rc;
        mfk_proposal_set_component(sp->p, (mfk_component)k);
        mfk__path_pop(&c->path, saved);
    }
    for (i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        if ((x = json_object_get(v, roles[i].key)) == NULL)
            continue;
        mfk__path_push_key(&c->path, roles[i].key, &saved);
        if ((rc = read_roles(c, x, sp->p, roles[i].role)))
            return rc;
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "measures")) != NULL) {
        mfk__path_push_key(&c->path, "measures", &saved);
        if ((rc = read_mask(c, x, MFK_NAMES_MEASURE, "measure", &mask)))
            return rc;
        mfk_proposal_set_measures(sp->p, mask);
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "rule")) != NULL) {
        mfk__path_push_key(&c->path, "rule", &saved);
        if ((rc = read_rule(c, x, &rule, &quorum)))
            return rc;
        mfk_proposal_set_rule(sp->p, &rule);
        mfk_proposal_set_quorum(sp->p, quorum.members, quorum.weight);
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "position")) != NULL) {
        mfk__path_push_key(&c->path, "position", &saved);
        if ((rc = read_vector(c, x, vec)))
            return rc;
        mfk_proposal_set_position(sp->p, vec);
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "status_quo")) != NULL) {
        mfk__path_push_key(&c->path, "status_quo", &saved);
        if ((rc = read_vector(c, x, vec)))
            return rc;
        mfk_proposal_set_status_quo(sp->p, vec);
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "max_rounds")) != NULL) {
        mfk__path_push_key(&c->path, "max_rounds", &saved);
        if ((rc = read_int(c, x, 1, MFK_MAX_ROUNDS, &n)))
            return rc;
        mfk_proposal_set_max_rounds(sp->p, (unsigned)n);
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "fallback")) != NULL) {
        mfk__path_push_key(&c->path, "fallback", &saved);
        if ((rc = read_name(c, x, MFK_NAMES_FALLBACK, "fallback", &k)))
            return rc;
        mfk_proposal_set_fallback(sp->p, (mfk_fallback)k);
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "rounds")) != NULL) {
        mfk__path_push_key(&c->path, "rounds", &saved);
        if ((rc = read_rounds(c, x, sp)))
            return rc;
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "candidate_rules")) != NULL) {
        mfk__path_push_key(&c->path, "candidate_rules", &saved);
        if ((rc = read_candidates(c, x, sp)))
            return rc;
        mfk__path_pop(&c->path, saved);
    }
    if ((rc = read_steps(c, v, sp)))
        return rc;
    sp->model = mfk_body_has_ideals(c->s->body) &&
                mfk_proposal_position(sp->p) != NULL &&
                mfk_proposal_status_quo(sp->p) != NULL;
    if (sp->nrounds == 0 && !sp->model)
        return fail(c, "no scripted \"rounds\" and no behaviour model: "
                       "expected rounds, or ideal points for every member "
                       "with the proposal's position and status_quo");
    return read_circulation(c, v, sp);
}

int mfk__scenario_from_body(mfk_scenario **out, mfk_body *b,
                            const mfk_allocator *alloc)
{
    mfk_allocator a;
    mfk_scenario *s;
    mfk__alloc_init(&a, alloc);
    s = mfk__calloc(&a, 1, sizeof *s);
    if (s != NULL)
        s->props = mfk__calloc(&a, 1, sizeof *s->props);
    if (s == NULL || s->props == NULL) {
        if (s != NULL)
            mfk__free(&a, s);
        mfk_body_free(b);
        return MFK_ENOMEM;
    }
    s->alloc = a;
    s->body = b;
    *out = s;
    return MFK_OK;
}

int mfk_scenario_add_proposal(mfk_scenario *s, const char *id,
                              const char *title, const double *position,
                              const double *status_quo, size_t *index)
{
    mfk_proposal *p;
    size_t i;
    int rc;

    if (s == NULL || id == NULL || title == NULL)
        return MFK_EINVAL;
    for (i = 0; i < s->np; i++)
        if (strcmp(mfk_proposal_id(s->props[i].p), id) == 0)
            return MFK_EEXISTS;
    if (mfk__grow(&s->alloc, (void **)&s->props, s->np + 2,
                  sizeof *s->props))
        return MFK_ENOMEM;
    if ((rc = mfk_proposal_new(&p, s->body, id, title, &s->alloc)))
        return rc;
    if ((position != NULL &&
         (rc = mfk_proposal_set_position(p, position)) != MFK_OK) ||
        (status_quo != NULL &&
         (rc = mfk_proposal_set_status_quo(p, status_quo)) != MFK_OK)) {
        mfk_proposal_free(p);
        return rc;
    }
    memset(&s->props[s->np], 0, sizeof s->props[s->np]);
    s->props[s->np].p = p;
    s->props[s->np].model = mfk_body_has_ideals(s->body) &&
                            position != NULL && status_quo != NULL;
    if (index != NULL)
        *index = s->np;
    s->np++;
    return MFK_OK;
}

void mfk_scenario_free(mfk_scenario *s)
{
    size_t i, r;
    if (s == NULL)
        return;
    for (i = 0; i < s->np; i++) {
        struct sprop *sp = &s->props[i];
        if (sp->rounds != NULL) {
            for (r = 0; r < sp->nrounds; r++) {
                struct script_round *sr = &sp->rounds[r];
                mfk__free(&s->alloc, sr->stances);
                mfk__free(&s->alloc, sr->text);
                if (sr->reasons != NULL) {
                    size_t m;
                    for (m = 0; m < mfk_body_member_count(s->body); m++)
                        mfk__free(&s->alloc, sr->reasons[m]);
                    mfk__free(&s->alloc, sr->reasons);
                }
            }
            mfk__free(&s->alloc, sp->rounds);
        }
        mfk__free(&s->alloc, sp->cand);
        for (r = 0; r < sp->nsum; r++)
            mfk__free(&s->alloc, sp->sum[r]);
        for (r = 0; r < sp->nafter; r++)
            mfk__free(&s->alloc, sp->after[r]);
        mfk__free(&s->alloc, sp->sum);
        mfk__free(&s->alloc, sp->after);
        for (r = 0; r <= MFK_MAX_CANDIDATE_RULES; r++)
            mfk_proposal_free(sp->step[r]);
        mfk__free(&s->alloc, sp->deadline);
        mfk__free(&s->alloc, sp->at);
        mfk_proposal_free(sp->p);
    }
    mfk__free(&s->alloc, s->props);
    mfk__free(&s->alloc, s->skip);
    for (i = 0; i < s->nmeet; i++)
        mfk__free(&s->alloc, s->meet[i].props);
    mfk__free(&s->alloc, s->meet);
    mfk_body_free(s->body);
    mfk_body_free(s->summit);
    mfk__free(&s->alloc, s);
}

/* One meeting of a series: {"year", "body" (optional, the body's name),
 * "proposals": ids of proposals first put there}; `at` holds, for each
 * proposal, the meeting that puts it (SIZE_MAX: none yet). */
static int read_meeting(ctx *c, json_t *v, size_t m, json_t *body,
                        size_t *at)
{
    static const char *const keys[] = {"year", "body", "proposals", NULL};
    struct meeting *mt = &c->s->meet[m];
    json_t *x, *e;
    size_t saved, saved2, i, k;
    long long year, from = c->s->rotation ? c->s->base_year : 1;
    char q[QUOTE_SIZE], q2[QUOTE_SIZE];
    const char *id;
    int rc;

    if ((rc = expect_type(c, v, JSON_OBJECT,
                          "a meeting, an object with \"year\" and "
                          "\"proposals\"")) ||
        (rc = check_keys(c, v, keys)))
        return rc;
    if ((x = json_object_get(v, "year")) == NULL)
        return fail(c, "no \"year\": expected the year of the meeting");
    mfk__path_push_key(&c->path, "year", &saved);
    if (m > 0 && c->s->meet[m - 1].year > from)
        from = c->s->meet[m - 1].year;
    if ((rc = read_int(c, x, from, 100000, &year))) {
        if (json_is_integer(x) && m > 0 &&
            json_integer_value(x) < c->s->meet[m - 1].year)
            return fail(c, "expected a year from %d on (the meeting "
                           "before), found %lld",
                        c->s->meet[m - 1].year,
                        (long long)json_integer_value(x));
        if (json_is_integer(x) && c->s->rotation &&
            json_integer_value(x) < c->s->base_year)
            return fail(c, "expected a year from the rotation's base_year "
                           "(%d) on, found %lld",
                        c->s->base_year, (long long)json_integer_value(x));
        return rc;
    }
    mt->year = (int)year;
    mfk__path_pop(&c->path, saved);
    if ((x = json_object_get(v, "body")) != NULL) {
        const char *name = json_string_value(json_object_get(body, "name"));
        mfk__path_push_key(&c->path, "body", &saved);
        if ((rc = read_string(c, x, &id)))
            return rc;
        if (name == NULL || strcmp(id, name) != 0)
            return fail(c, "unknown body %s: expected the name of the "
                           "scenario's body, %s",
                        quote(id, q, sizeof q),
                        quote(name ? name : "", q2, sizeof q2));
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "proposals")) == NULL)
        return fail(c, "no \"proposals\": expected an array of the ids of "
                       "the proposals first put at this meeting");
    mfk__path_push_key(&c->path, "proposals", &saved);
    if ((rc = expect_type(c, x, JSON_ARRAY, "an array of proposal ids")))
        return rc;
    mt->props = mfk__calloc(c->alloc, json_array_size(x) + 1,
                            sizeof *mt->props);
    if (mt->props == NULL)
        return nomem(c);
    EACH(x, k, e) {
        mfk__path_push_index(&c->path, k, &saved2);
        if ((rc = read_string(c, e, &id)))
            return rc;
        if ((i = mfk__index_find(&c->ids, id)) == SIZE_MAX)
            return fail(c, "unknown proposal %s: expected the id of one of "
                           "the scenario's proposals",
                        quote(id, q, sizeof q));
        if (at[i] != SIZE_MAX)
            return fail(c, "%s is put at /meetings/%zu already: a proposal "
                           "is put once, and taken up again at the next "
                           "meeting while it is deferred",
                        quote(id, q, sizeof q), at[i]);
        at[i] = m;
        mt->props[mt->n++] = i;
        mfk__path_pop(&c->path, saved2);
    }
    mfk__path_pop(&c->path, saved);
    return MFK_OK;
}

/* "meetings": the series; every proposal put at one of them, its
 * scripted rounds no more than max_rounds at each meeting from its own. */
static int read_meetings(ctx *c, json_t *v, json_t *body)
{
    size_t i, m, saved, *at;
    json_t *e;
    char q[QUOTE_SIZE];
    int rc = MFK_OK;

    if ((rc = expect_type(c, v, JSON_ARRAY, "an array of meetings")))
        return rc;
    if (json_array_size(v) == 0)
        return fail(c, "no meeting: expected at least one, an object with "
                       "\"year\" and \"proposals\"");
    c->s->meet = mfk__calloc(c->alloc, json_array_size(v),
                             sizeof *c->s->meet);
    at = mfk__malloc(c->alloc, (c->s->np + 1) * sizeof *at);
    if (c->s->meet == NULL || at == NULL) {
        mfk__free(c->alloc, at);
        return nomem(c);
    }
    for (i = 0; i < c->s->np; i++)
        at[i] = SIZE_MAX;
    EACH(v, m, e) {
        mfk__path_push_index(&c->path, m, &saved);
        c->s->nmeet = m + 1;
        if ((rc = read_meeting(c, e, m, body, at)))
            break;
        mfk__path_pop(&c->path, saved);
    }
    for (i = 0; rc == MFK_OK && i < c->s->np; i++) {
        const struct sprop *sp = &c->s->props[i];
        unsigned max = mfk_proposal_max_rounds(sp->p);
        if (at[i] == SIZE_MAX) {
            rc = fail(c, "/proposals/%zu (%s) is put at no meeting: "
                         "expected its id in the \"proposals\" of one",
                      i, quote(mfk_proposal_id(sp->p), q, sizeof q));
        } else if (sp->nrounds > (size_t)max * (c->s->nmeet - at[i])) {
            size_t s0;
            mfk__path_pop(&c->path, 0);
            mfk__path_push_key(&c->path, "proposals", &s0);
            mfk__path_push_index(&c->path, i, &s0);
            mfk__path_push_key(&c->path, "rounds", &s0);
            size_t left = c->s->nmeet - at[i];
            rc = fail(c, "%zu scripted rounds: expected at most %zu, "
                         "max_rounds (%u) at each of the %zu meeting%s "
                         "from /meetings/%zu on",
                      sp->nrounds, (size_t)max * left, max, left,
                      left == 1 ? "" : "s", at[i]);
        }
    }
    mfk__free(c->alloc, at);
    return rc;
}

int mfk__scenario_from_value(mfk_scenario **out, json_t *root,
                             const mfk_allocator *alloc, mfk_error *err)
{
    static const char *const keys[] = {"mufakat", "body", "proposals",
                                       "meetings", "summit", NULL};
    ctx c;
    json_t *x, *p;
    size_t i, saved;
    long long version;
    int rc;

    memset(&c, 0, sizeof c);
    c.err = err;
    *out = NULL;
    {
        mfk_allocator a;
        mfk__alloc_init(&a, alloc);
        c.s = mfk__calloc(&a, 1, sizeof *c.s);
        if (c.s == NULL)
            return nomem(&c);
        c.s->alloc = a;
        c.alloc = &c.s->alloc;
    }
    c.ids.key = proposal_id_at;
    c.ids.ud = c.s;
    rc = expect_type(&c, root, JSON_OBJECT, "a scenario, an object with "
                                            "\"mufakat\", \"body\" and "
                                            "\"proposals\"");
    if (rc == MFK_OK)
        rc = check_keys(&c, root, keys);
    if (rc != MFK_OK)
        goto fail;
    if ((x = json_object_get(root, "mufakat")) == NULL) {
        rc = fail(&c, "no \"mufakat\": expected the format version, 1");
        goto fail;
    }
    mfk__path_push_key(&c.path, "mufakat", &saved);
    if ((rc = read_int(&c, x, 1, 1, &version)))
        goto fail;
    mfk__path_pop(&c.path, saved);
    find_dims(&c, root);
    c.series = json_object_get(root, "meetings") != NULL;
    if ((x = json_object_get(root, "body")) == NULL) {
        rc = fail(&c, "no \"body\": expected the body that decides");
        goto fail;
    }
    mfk__path_push_key(&c.path, "body", &saved);
    if ((rc = read_body(&c, x)))
        goto fail;
    mfk__path_pop(&c.path, saved);
    if ((rc = read_summit(&c, root)))
        goto fail;
    if ((x = json_object_get(root, "proposals")) == NULL) {
        rc = fail(&c, "no \"proposals\": expected an array of proposals");
        goto fail;
    }
    mfk__path_push_key(&c.path, "proposals", &saved);
    if ((rc = expect_type(&c, x, JSON_ARRAY, "an array of proposals")))
        goto fail;
    c.s->props = mfk__calloc(c.alloc, json_array_size(x) + 1,
                             sizeof *c.s->props);
    if (c.s->props == NULL ||
        mfk__index_reserve(&c.ids, c.alloc, json_array_size(x)) != MFK_OK) {
        rc = nomem(&c);
        goto fail;
    }
    EACH(x, i, p) {
        size_t saved2;
        mfk__path_push_index(&c.path, i, &saved2);
        if ((rc = read_proposal(&c, p, &c.s->props[i])))
            goto fail;
        mfk__path_pop(&c.path, saved2);
        /* Its values are copied: the proposal's part of the tree (about
         * 1.2 KB) is freed now, so that the next proposals are built in
         * memory it held, and reading takes no more memory or page
         * faults than the larger of the two. */
        json_array_set_new(x, i, json_null());
    }
    mfk__path_pop(&c.path, saved);
    if ((x = json_object_get(root, "meetings")) != NULL) {
        mfk__path_push_key(&c.path, "meetings", &saved);
        if ((rc = read_meetings(&c, x, json_object_get(root, "body"))))
            goto fail;
        mfk__path_pop(&c.path, saved);
    }
    mfk__index_free(&c.ids, c.alloc);
    *out = c.s;
    return MFK_OK;
fail:
    mfk__index_free(&c.ids, c.alloc);
    mfk_scenario_free(c.s);
    return rc;
}

mfk_body *mfk_scenario_body(const mfk_scenario *s)
{
    return s == NULL ? NULL : s->body;
}

size_t mfk_scenario_proposal_count(const mfk_scenario *s)
{
    return s == NULL ? 0 : s->np;
}

mfk_proposal *mfk_scenario_proposal(const mfk_scenario *s, size_t i)
{
    return s == NULL || i >= s->np ? NULL : s->props[i].p;
}

int mfk_scenario_year(const mfk_scenario *s)
{
    return s == NULL ? 0 : s->year;
}

/* Scripted rounds first, from script round `from` on (the rounds that
 * earlier meetings held came before), then the behaviour model where
 * there is one. */
struct script {
    const struct sprop *sp;
    size_t from;
};

static int script_stances(const mfk_consultation *c, unsigned round,
                          unsigned char *stances, void *ud)
{
    const struct script *sc = ud;
    const struct sprop *sp = sc->sp;
    if (sc->from + round <= sp->nrounds) {
        memcpy(stances, sp->rounds[sc->from + round - 1].stances,
               mfk_body_member_count(mfk_consultation_body(c)));
        return MFK_OK;
    }
    /* Only with a model: without one, script_chair ended it. */
    return mfk_model_stances(c, round, stances, NULL);
}

/* After a scripted round, its amendment; after a model round, the
 * default chair strategy. */
static int script_chair(mfk_consultation *c, unsigned round, void *ud)
{
    const struct script *sc = ud;
    const struct sprop *sp = sc->sp;
    if (sc->from + round <= sp->nrounds) {
        const struct script_round *r = &sp->rounds[sc->from + round - 1];
        if (sc->from + round == sp->nrounds && !sp->model)
            return MFK_DONE;
        if (!r->has_position && r->text == NULL)
            return MFK_OK;
        return mfk_consultation_amend(c, r->has_position ? r->position : NULL,
                                      r->text);
    }
    return mfk_chair_default(c, round, NULL);
}

int mfk__scenario_consult_from(mfk_scenario *s, size_t i, size_t from,
                               unsigned first, int fresh,
                               const mfk_allocator *alloc,
                               mfk_consultation **out)
{
    struct script sc;
    int rc;

    if (out == NULL)
        return MFK_EINVAL;
    *out = NULL;
    if (s == NULL || i >= s->np)
        return MFK_EINVAL;
    sc.sp = &s->props[i];
    sc.from = from;
    if (fresh)
        mfk__proposal_truncate(sc.sp->p, 1);
    rc = mfk_consultation_new(out, s->body, sc.sp->p, alloc);
    if (rc == MFK_OK)
        rc = mfk_consultation_set_first_round(*out, first);
    if (rc == MFK_OK)
        rc = consult_circulated(*out, &sc);
    if (rc == MFK_OK)
        rc = mfk_consultation_run(*out, script_stances, &sc, script_chair,
                                  &sc);
    if (rc != MFK_OK) {
        mfk_consultation_free(*out);
        *out = NULL;
    }
    return rc;
}

int mfk_scenario_consult(mfk_scenario *s, size_t i,
                         const mfk_allocator *alloc, mfk_consultation **out)
{
    return mfk__scenario_consult_from(s, i, 0, 1, 1, alloc, out);
}

/* Whether proposal i has rounds left to hold after `from` scripted ones:
 * more of its script, or the behaviour model. */
int mfk__scenario_more(const mfk_scenario *s, size_t i, size_t from)
{
    return s != NULL && i < s->np &&
           (s->props[i].model || from < s->props[i].nrounds);
}

/* ---- meetings in series ------------------------------------------------ */

size_t mfk_scenario_meeting_count(const mfk_scenario *s)
{
    return s == NULL ? 0 : s->nmeet;
}

int mfk_scenario_meeting_year(const mfk_scenario *s, size_t m)
{
    return s == NULL || m >= s->nmeet ? 0 : s->meet[m].year;
}

size_t mfk_scenario_meeting_proposal_count(const mfk_scenario *s, size_t m)
{
    return s == NULL || m >= s->nmeet ? 0 : s->meet[m].n;
}

size_t mfk_scenario_meeting_proposal(const mfk_scenario *s, size_t m,
                                     size_t k)
{
    if (s == NULL || m >= s->nmeet || k >= s->meet[m].n)
        return SIZE_MAX;
    return s->meet[m].props[k];
}

int mfk__scenario_chair_for(const mfk_scenario *s, int year, size_t *chair)
{
    if (s == NULL || chair == NULL)
        return MFK_EINVAL;
    if (s->rotation) {
        if (year < s->base_year)
            return MFK_EINVAL;
        return mfk_body_rotation(s->body, year, s->base_year, s->base_chair,
                                 s->skip, s->nskip, chair) == MFK_OK
                   ? MFK_OK
                   : MFK_ENOTFOUND;
    }
    return mfk_body_chair(s->body, chair);
}

/* ---- writers ---------------------------------------------------------- */

/* The scenario as the data model (jansson's values): what reads back to
 * the same scenario. NULL when out of memory. A value that jansson could
 * not make is NULL; setting it, or anything in a NULL container, fails
 * (and frees what was to be set), which marks the whole as failed. */
typedef struct wctx {
    const mfk_scenario *s;
    int nomem;
} wctx;

static void w_set(wctx *w, json_t *obj, const char *key, json_t *v)
{
    w->nomem |= json_object_set_new(obj, key, v) != 0;
}

static void w_append(wctx *w, json_t *arr, json_t *v)
{
    w->nomem |= json_array_append_new(arr, v) != 0;
}

/* A member's behaviour-model keys besides tolerance, those not at their
 * defaults (so that a scenario of 0.1 writes as it did). */
static void w_member_model(wctx *w, json_t *m, const mfk_body *b, size_t i)
{
    static const struct {
        const char *key;
        mfk_member_param param;
        double dflt;
    } keys[] = {
        {"externality", MFK_MEMBER_EXTERNALITY, 1},
        {"reservation", MFK_MEMBER_RESERVATION, 0},
        {"indifference", MFK_MEMBER_INDIFFERENCE, 0},
        {"support_gain", MFK_MEMBER_SUPPORT_GAIN, 0},
        {"absence", MFK_MEMBER_ABSENCE, 0},
    };
    size_t k;
    for (k = 0; k < sizeof keys / sizeof *keys; k++) {
        double v = mfk_body_member_param(b, i, keys[k].param);
        if (v != keys[k].dflt)
            w_set(w, m, keys[k].key, json_real(v));
    }
}

static json_t *w_vector(wctx *w, const double *x, unsigned dims)
{
    json_t *a = json_array();
    unsigned k;
    for (k = 0; k < dims; k++)
        w_append(w, a, json_real(x[k]));
    return a;
}

/* The dimensions' names and scales, where the body has them. */
static void w_issues(wctx *w, json_t *o, const mfk_body *b)
{
    unsigned k, dims = mfk_body_dims(b);
    int named = 0, scaled = 0;
    double lo, hi;
    json_t *a;
    for (k = 0; k < dims; k++) {
        mfk_body_scale(b, k, &lo, &hi);
        named |= mfk_body_dimension_name(b, k) != NULL;
        scaled |= lo != 0 || hi != 100;
    }
    if (named) {
        char num[16];
        a = json_array();
        for (k = 0; k < dims; k++) {
            snprintf(num, sizeof num, "%u", k + 1);
            w_append(w, a, json_string(mfk_body_dimension_name(b, k)
                                           ? mfk_body_dimension_name(b, k)
                                           : num));
        }
        w_set(w, o, "dimensions", a);
    }
    if (scaled) {
        a = json_array();
        for (k = 0; k < dims; k++) {
            json_t *s = json_array();
            mfk_body_scale(b, k, &lo, &hi);
            w_append(w, s, json_real(lo));
            w_append(w, s, json_real(hi));
            w_append(w, a, s);
        }
        w_set(w, o, "scales", a);
    }
}

static json_t *w_names(wctx *w, mfk_names kind, unsigned mask, int count)
{
    json_t *a = json_array();
    int k;
    for (k = 0; k < count; k++)
        if (mask & (1u << k))
            w_append(w, a, json_string(mfk_name(kind, k)));
    return a;
}

static json_t *w_rule(wctx *w, const mfk_rule *r,
                      const struct mfk__quorum *q)
{
    json_t *o = json_object();
    int k;
    if (q->members > 0)
        w_set(w, o, "quorum", json_integer((json_int_t)q->members));
    if (q->weight > 0)
        w_set(w, o, "quorum_weight", json_real(q->weight));
    w_set(w, o, "kind", json_string(mfk_name(MFK_NAMES_RULE, (int)r->kind)));
    for (k = 0; k < MFK__PARAM_COUNT; k++) {
        const char *key = mfk__params[k].key;
        double x = mfk__param_get(r, (enum mfk__param)k);
        if (!(mfk__rules[r->kind].params & (1u << k)))
            continue;
        switch (mfk__params[k].type) {
        case MFK__UINT:
            w_set(w, o, key, json_integer((json_int_t)x));
            break;
        case MFK__SHARE:
        case MFK__NUMBER:
            w_set(w, o, key, json_real(x));
            break;
        case MFK__BASE:
            w_set(w, o, key, json_string(mfk_name(MFK_NAMES_BASE, (int)x)));
            break;
        case MFK__FLAG:
            w_set(w, o, key, json_boolean(x != 0));
            break;
        }
    }
    return o;
}

static json_t *w_ids(wctx *w, const mfk_body *b, const mfk_proposal *p,
                     unsigned role)
{
    json_t *a = json_array();
    size_t i;
    for (i = 0; i < mfk_body_member_count(b); i++)
        if (mfk_proposal_roles(p, i) & role)
            w_append(w, a, json_string(mfk_body_member_id(b, i)));
    return a;
}

static json_t *w_body(wctx *w)
{
    const mfk_scenario *s = w->s;
    const mfk_body *b = s->body;
    json_t *o = json_object(), *arr, *m;
    unsigned dims = mfk_body_dims(b);
    size_t i, chair;
    int p;

    w_set(w, o, "name", json_string(mfk_body_name(b)));
    w_issues(w, o, b);
    arr = json_array();
    for (i = 0; i < mfk_body_member_count(b); i++) {
        m = json_object();
        w_set(w, m, "id", json_string(mfk_body_member_id(b, i)));
        w_set(w, m, "name", json_string(mfk_body_member_name(b, i)));
        w_set(w, m, "weight", json_real(mfk_body_member_weight(b, i)));
        if (mfk_body_member_ideal(b, i) != NULL)
            w_set(w, m, "ideal", w_vector(w, mfk_body_member_ideal(b, i),
                                          dims));
        w_set(w, m, "salience",
              w_vector(w, mfk_body_member_salience(b, i), dims));
        w_set(w, m, "tolerance", json_real(mfk_body_member_tolerance(b, i)));
        w_member_model(w, m, b, i);
        if (mfk_body_member_capability(b, i) != NULL)
            w_set(w, m, "capability",
                  w_vector(w, mfk_body_member_capability(b, i), dims));
        w_append(w, arr, m);
    }
    w_set(w, o, "members", arr);
    if (mfk_body_observer_count(b) > 0) {
        arr = json_array();
        for (i = 0; i < mfk_body_observer_count(b); i++) {
            m = json_object();
            w_set(w, m, "id", json_string(mfk_body_observer_id(b, i)));
            w_set(w, m, "name", json_string(mfk_body_observer_name(b, i)));
            w_append(w, arr, m);
        }
        w_set(w, o, "observers", arr);
    }
    if (s->year != 0) {
        m = json_object();
        w_set(w, m, "year", json_integer(s->year));
        w_set(w, m, "base_year", json_integer(s->base_year));
        w_set(w, m, "base_chair",
              json_string(mfk_body_member_id(b, s->base_chair)));
        arr = json_array();
        for (i = 0; i < s->nskip; i++)
            w_append(w, arr, json_string(mfk_body_member_id(b, s->skip[i])));
        w_set(w, m, "skip", arr);
        w_set(w, o, "rotation", m);
    } else if (mfk_body_chair(b, &chair) == MFK_OK) {
        w_set(w, o, "chair", json_string(mfk_body_member_id(b, chair)));
    }
    w_set(w, o, "rule", w_rule(w, mfk_body_rule(b), &b->quorum));
    m = json_object();
    for (p = 0; p < MFK_PRINCIPLE_COUNT; p++)
        w_set(w, m, mfk_name(MFK_NAMES_PRINCIPLE, p),
              json_string(mfk_name(MFK_NAMES_MODE,
                                   (int)mfk_body_principle(
                                       b, (mfk_principle)p))));
    w_set(w, o, "principles", m);
    w_set(w, o, "flexible_pillars",
          w_names(w, MFK_NAMES_PILLAR, mfk_body_flexible_pillars(b), 3));
    w_set(w, o, "max_rounds", json_integer(mfk_body_max_rounds(b)));
    w_set(w, o, "fallback", json_string(mfk_name(MFK_NAMES_FALLBACK,
                                                 (int)mfk_body_fallback(b))));
    return o;
}

static json_t *w_proposal(wctx *w, const struct sprop *sp)
{
    static const struct {
        const char *key;
        unsigned role;
    } roles[] = {{"sponsors", MFK_ROLE_SPONSOR},
                 {"concerns", MFK_ROLE_CONCERN},
                 {"parties", MFK_ROLE_PARTY},
                 {"consent", MFK_ROLE_CONSENT}};
    const mfk_proposal *p = sp->p;
    const mfk_body *b = w->s->body;
    unsigned dims = mfk_body_dims(b);
    json_t *o = json_object(), *arr, *r, *st;
    const char *text;
    const double *pos;
    size_t i, k;

    w_set(w, o, "id", json_string(mfk_proposal_id(p)));
    w_set(w, o, "title", json_string(mfk_proposal_title(p)));
    mfk_proposal_version(p, 0, &text, &pos);
    if (text != NULL)
        w_set(w, o, "text", json_string(text));
    w_set(w, o, "pillar", json_string(mfk_name(MFK_NAMES_PILLAR,
                                               (int)mfk_proposal_pillar(p))));
    if (mfk_proposal_has_component(p))
        w_set(w, o, "component",
              json_string(mfk_name(MFK_NAMES_COMPONENT,
                                   (int)mfk_proposal_component(p))));
    for (i = 0; i < sizeof roles / sizeof roles[0]; i++)
        w_set(w, o, roles[i].key, w_ids(w, b, p, roles[i].role));
    w_set(w, o, "measures",
          w_names(w, MFK_NAMES_MEASURE, mfk_proposal_measures(p), 6));
    if (p->has_rule)
        w_set(w, o, "rule", w_rule(w, &p->rule, mfk__proposal_quorum(p)));
    if (pos != NULL)
        w_set(w, o, "position", w_vector(w, pos, dims));
    if (mfk_proposal_status_quo(p) != NULL)
        w_set(w, o, "status_quo",
              w_vector(w, mfk_proposal_status_quo(p), dims));
    if (p->max_rounds != 0)
        w_set(w, o, "max_rounds", json_integer(p->max_rounds));
    if (p->fallback != MFK__FALLBACK_BODY)
        w_set(w, o, "fallback",
              json_string(mfk_name(MFK_NAMES_FALLBACK, p->fallback)));
    if (sp->nrounds > 0) {
        arr = json_array();
        for (k = 0; k < sp->nrounds; k++) {
            const struct script_round *sr = &sp->rounds[k];
            r = json_object();
            st = json_object();
            for (i = 0; i < mfk_body_member_count(b); i++)
                w_set(w, st, mfk_body_member_id(b, i),
                      json_string(mfk_name(MFK_NAMES_STANCE,
                                           sr->stances[i])));
            w_set(w, r, "stances", st);
            if (sr->has_position || sr->text != NULL) {
                json_t *am = json_object();
                if (sr->has_position)
                    w_set(w, am, "position",
                          w_vector(w, sr->position, dims));
                if (sr->text != NULL)
                    w_set(w, am, "text", json_string(sr->text));
                w_set(w, r, "amend", am);
            }
            if (sr->reasons != NULL) {
                json_t *why = json_object();
                for (i = 0; i < mfk_body_member_count(b); i++)
                    if (sr->reasons[i] != NULL)
                        w_set(w, why, mfk_body_member_id(b, i),
                              json_string(sr->reasons[i]));
                w_set(w, r, "reasons", why);
            }
            w_append(w, arr, r);
        }
        w_circulation(w, o, arr, sp);
        w_set(w, o, "rounds", arr);
    }
    return o;
}

static json_t *w_meetings(wctx *w)
{
    const mfk_scenario *s = w->s;
    json_t *arr = json_array(), *o, *ids;
    size_t m, k;
    for (m = 0; m < s->nmeet; m++) {
        o = json_object();
        w_set(w, o, "year", json_integer(s->meet[m].year));
        ids = json_array();
        for (k = 0; k < s->meet[m].n; k++)
            w_append(w, ids, json_string(mfk_proposal_id(
                                 s->props[s->meet[m].props[k]].p)));
        w_set(w, o, "proposals", ids);
        w_append(w, arr, o);
    }
    return arr;
}

static void w_summit(wctx *w, json_t *root);
struct sprop;
static void w_steps(wctx *w, json_t *o, const struct sprop *sp);

static json_t *to_value(const mfk_scenario *s)
{
    wctx w;
    json_t *root, *arr;
    size_t i;
    w.s = s;
    w.nomem = 0;
    root = json_object();
    w_set(&w, root, "mufakat", json_integer(1));
    w_set(&w, root, "body", w_body(&w));
    arr = json_array();
    for (i = 0; i < s->np; i++)
        w_append(&w, arr, w_proposal(&w, &s->props[i]));
    w_set(&w, root, "proposals", arr);
    if (s->nmeet > 0)
        w_set(&w, root, "meetings", w_meetings(&w));
    w_summit(&w, root);
    if (w.nomem) {
        json_decref(root);
        return NULL;
    }
    return root;
}

/* Copies out into buf as the two-call writers do. */
static int give(const void *out, size_t n, void *buf, size_t size,
                size_t *len)
{
    *len = n;
    if (buf == NULL || size < n)
        return MFK_ERANGE;
    memcpy(buf, out, n);
    return MFK_OK;
}

/* What jansson writes of a scalar, appended to the buffer. */
static int put_cb(const char *text, size_t size, void *data)
{
    mfk__cbuf_raw(data, text, size);
    return 0;
}

/* A string, an integer or a boolean as JSON; NULL (a value that jansson
 * could not make) fails the buffer. */
static void put_scalar(mfk__cbuf *b, const json_t *v)
{
    b->failed |= json_dump_callback(v, put_cb, b, JSON_ENCODE_ANY) != 0;
}

static void put_indent(mfk__cbuf *b, int depth)
{
    int k;
    mfk__cbuf_raw(b, "\n", 1);
    for (k = 0; k < depth; k++)
        mfk__cbuf_raw(b, "  ", 2);
}

/* JSON text for people: two spaces of indent, arrays of scalars on one
 * line, numbers in the shortest form that reads back to the same double.
 * An array holds scalars or objects, never arrays. A failure is the
 * buffer's (b->failed). */
static void put_json(mfk__cbuf *b, json_t *v, int depth)
{
    char num[40];
    json_t *x;
    void *it;
    size_t i;
    int flat;

    switch (json_typeof(v)) {
    case JSON_OBJECT:
        mfk__cbuf_raw(b, "{", 1);
        for (it = json_object_iter(v); it != NULL;
             it = json_object_iter_next(v, it)) {
            json_t *key = json_string_nocheck(json_object_iter_key(it));
            if (it != json_object_iter(v))
                mfk__cbuf_raw(b, ",", 1);
            put_indent(b, depth + 1);
            put_scalar(b, key);
            json_decref(key);
            mfk__cbuf_raw(b, ": ", 2);
            put_json(b, json_object_iter_value(it), depth + 1);
        }
        put_indent(b, depth); /* the writer makes no empty object */
        mfk__cbuf_raw(b, "}", 1);
        break;
    case JSON_ARRAY:
        x = json_array_get(v, 0);
        flat = x == NULL || json_typeof(x) != JSON_OBJECT;
        mfk__cbuf_raw(b, "[", 1);
        EACH(v, i, x) {
            if (i > 0)
                mfk__cbuf_raw(b, ", ", flat ? 2 : 1);
            if (!flat)
                put_indent(b, depth + 1);
            put_json(b, x, depth + 1);
        }
        if (!flat) /* not empty */
            put_indent(b, depth);
        mfk__cbuf_raw(b, "]", 1);
        break;
    case JSON_REAL: /* the fewest digits, at most 17, that read back */
        mfk_number_json(json_real_value(v), num);
        mfk__cbuf_raw(b, num, strlen(num));
        break;
    default:
        put_scalar(b, v);
    }
}

int mfk_scenario_write_json(const mfk_scenario *s, char *buf, size_t size,
                            size_t *len)
{
    json_t *root;
    mfk__cbuf b;
    int rc;
    if (s == NULL || len == NULL)
        return MFK_EINVAL;
    if ((root = to_value(s)) == NULL)
        return MFK_ENOMEM;
    memset(&b, 0, sizeof b);
    b.alloc = &s->alloc;
    put_json(&b, root, 0);
    mfk__cbuf_raw(&b, "\n", 1);
    json_decref(root);
    rc = b.failed ? MFK_ENOMEM : give(b.buf, b.len, buf, size, len);
    mfk__free(&s->alloc, b.buf);
    return rc;
}

/* Map keys in the order RFC 8949 section 4.2.1 sorts them. */
static int key_order(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    size_t lx = strlen(x), ly = strlen(y);
    if (lx != ly)
        return lx < ly ? -1 : 1;
    return memcmp(x, y, lx);
}

/* The value as deterministic CBOR. The writer makes no null. A failure
 * is the buffer's (b->failed). */
static void put_value(mfk__cbuf *b, json_t *v)
{
    size_t i, n;
    const char **keys;
    json_t *x;
    void *it;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        n = json_object_size(v);
        keys = mfk__calloc(b->alloc, n + 1, sizeof *keys);
        if (keys == NULL) {
            b->failed = 1;
            return;
        }
        i = 0;
        for (it = json_object_iter(v); it != NULL;
             it = json_object_iter_next(v, it))
            keys[i++] = json_object_iter_key(it);
        qsort(keys, n, sizeof *keys, key_order);
        mfk__cbuf_head(b, 5, n);
        for (i = 0; i < n; i++) {
            mfk__cbuf_text(b, keys[i]);
            put_value(b, json_object_get(v, keys[i]));
        }
        mfk__free(b->alloc, keys);
        break;
    case JSON_ARRAY:
        mfk__cbuf_head(b, 4, json_array_size(v));
        EACH(v, i, x) put_value(b, x);
        break;
    case JSON_STRING:
        mfk__cbuf_textn(b, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        /* Never negative: the writer makes integers only of unsigned
         * fields (rules, rounds), the version and rotation years the
         * reader held to 0 to 100000. */
        mfk__cbuf_uint(b, (uint64_t)json_integer_value(v));
        break;
    case JSON_REAL:
        mfk__cbuf_double(b, json_real_value(v));
        break;
    default:
        mfk__cbuf_simple(b, json_typeof(v) == JSON_TRUE ? 21 : 20);
    }
}

int mfk_scenario_write_cbor(const mfk_scenario *s, unsigned char *buf,
                            size_t size, size_t *len)
{
    json_t *root;
    mfk__cbuf b;
    int rc;
    if (s == NULL || len == NULL)
        return MFK_EINVAL;
    if ((root = to_value(s)) == NULL)
        return MFK_ENOMEM;
    memset(&b, 0, sizeof b);
    b.alloc = &s->alloc;
    put_value(&b, root);
    json_decref(root);
    rc = b.failed ? MFK_ENOMEM : give(b.buf, b.len, buf, size, len);
    mfk__free(&s->alloc, b.buf);
    return rc;
}

const char *mfk_scenario_reason(const mfk_scenario *s, size_t proposal,
                                unsigned round, size_t member)
{
    const struct sprop *sp;
    if (s == NULL || proposal >= s->np)
        return NULL;
    sp = &s->props[proposal];
    if (round < 1 || round > sp->nrounds ||
        sp->rounds[round - 1].reasons == NULL ||
        member >= mfk_body_member_count(s->body))
        return NULL;
    return sp->rounds[round - 1].reasons[member];
}

/* ---- the Summit: a body above the body -------------------------------- */

/* The body the scenario's body refers to; NULL when none. */
mfk_body *mfk_scenario_summit(const mfk_scenario *s)
{
    return s == NULL ? NULL : s->summit;
}

size_t mfk_scenario_candidate_rule_count(const mfk_scenario *s, size_t i)
{
    return s == NULL || i >= s->np ? 0 : s->props[i].ncand;
}

const mfk_rule *mfk_scenario_candidate_rule(const mfk_scenario *s, size_t i,
                                            size_t k)
{
    if (s == NULL || i >= s->np || k >= s->props[i].ncand)
        return NULL;
    return &s->props[i].cand[k];
}

/* "summit" (a body, read as "body" is but with a fixed "chair") and the
 * body's "refers_to", its name. Each needs the other. */
static int read_summit(ctx *c, json_t *root)
{
    json_t *body = json_object_get(root, "body");
    json_t *sv = json_object_get(root, "summit");
    json_t *to = json_object_get(body, "refers_to");
    mfk_body *own = c->s->body;
    const char *name;
    char q[QUOTE_SIZE], q2[QUOTE_SIZE];
    size_t saved, saved2;
    int rc;

    if (to == NULL && sv == NULL)
        return MFK_OK;
    if (to == NULL) {
        mfk__path_push_key(&c->path, "summit", &saved);
        return fail(c, "no body refers to the Summit: expected "
                       "\"refers_to\" in /body, its name");
    }
    mfk__path_push_key(&c->path, "body", &saved);
    mfk__path_push_key(&c->path, "refers_to", &saved2);
    if ((rc = read_string(c, to, &name)))
        return rc;
    if (sv == NULL)
        return fail(c, "no \"summit\": %s names a body the scenario does "
                       "not have", quote(name, q, sizeof q));
    if (!json_is_object(sv) || !json_is_string(json_object_get(sv, "name")))
        mfk__path_pop(&c->path, saved);
    else if (strcmp(json_string_value(json_object_get(sv, "name")),
                    name) != 0)
        return fail(c, "unknown body %s: expected the name of the "
                       "scenario's \"summit\", %s",
                    quote(name, q, sizeof q),
                    quote(json_string_value(json_object_get(sv, "name")),
                          q2, sizeof q2));
    mfk__path_pop(&c->path, saved);
    mfk__path_push_key(&c->path, "summit", &saved);
    if (json_is_object(sv) && json_object_get(sv, "refers_to") != NULL) {
        mfk__path_push_key(&c->path, "refers_to", &saved2);
        return fail(c, "the Summit refers to no body above it: expected "
                       "no \"refers_to\" here");
    }
    if (json_is_object(sv) && json_object_get(sv, "rotation") != NULL) {
        mfk__path_push_key(&c->path, "rotation", &saved2);
        return fail(c, "the Summit's chair is the body's: expected "
                       "\"chair\", not a rotation of its own");
    }
    c->s->body = NULL;
    rc = read_body(c, sv);
    c->s->summit = c->s->body;
    c->s->body = own;
    if (rc != MFK_OK)
        return rc;
    if (json_is_object(sv) && json_object_get(sv, "name") != NULL &&
        strcmp(mfk_body_name(c->s->summit), name) != 0) {
        mfk__path_push_key(&c->path, "name", &saved2);
        return fail(c, "the Summit is named %s: expected %s, as "
                       "/body/refers_to names it",
                    quote(mfk_body_name(c->s->summit), q, sizeof q),
                    quote(name, q2, sizeof q2));
    }
    mfk__path_pop(&c->path, saved);
    return MFK_OK;
}

/* "candidate_rules": 1 to MFK_MAX_CANDIDATE_RULES rules, without a
 * quorum, among which the Summit chooses how the proposal is decided. */
static int read_candidates(ctx *c, json_t *v, struct sprop *sp)
{
    struct mfk__quorum quorum;
    json_t *x;
    size_t i, saved;
    int rc;

    if (c->s->summit == NULL)
        return fail(c, "candidate rules with no Summit to choose among "
                       "them: expected \"refers_to\" in /body and a "
                       "\"summit\"");
    if ((rc = expect_type(c, v, JSON_ARRAY, "an array of rules")))
        return rc;
    if (json_array_size(v) == 0 ||
        json_array_size(v) > MFK_MAX_CANDIDATE_RULES)
        return fail(c, "%zu candidate rules: expected 1 to %d",
                    json_array_size(v), MFK_MAX_CANDIDATE_RULES);
    sp->cand = mfk__calloc(c->alloc, json_array_size(v), sizeof *sp->cand);
    if (sp->cand == NULL)
        return nomem(c);
    EACH(v, i, x) {
        mfk__path_push_index(&c->path, i, &saved);
        if ((rc = read_rule(c, x, &sp->cand[i], &quorum)))
            return rc;
        if (quorum.members > 0 || quorum.weight > 0)
            return fail(c, "a candidate rule with a quorum: the Summit "
                           "chooses a rule, the body's quorum stays");
        mfk__path_pop(&c->path, saved);
        sp->ncand = i + 1;
    }
    return MFK_OK;
}

/* Writes "summit", the body's "refers_to" and each proposal's
 * "candidate_rules" into root, as read_summit() and read_candidates()
 * read them. */
static void w_summit(wctx *w, json_t *root)
{
    const mfk_scenario *s = w->s;
    struct mfk__quorum none = {0, 0};
    json_t *props = json_object_get(root, "proposals"), *arr;
    mfk_scenario t;
    wctx w2;
    size_t i, k;

    if (s->summit == NULL)
        return;
    w_set(w, json_object_get(root, "body"), "refers_to",
          json_string(mfk_body_name(s->summit)));
    t = *s;
    t.body = s->summit;
    t.rotation = 0;
    t.year = 0;
    w2 = *w;
    w2.s = &t;
    w_set(w, root, "summit", w_body(&w2));
    if (w2.nomem)
        w->nomem = 1;
    for (i = 0; i < s->np; i++) {
        if (s->props[i].ncand == 0)
            continue;
        arr = json_array();
        for (k = 0; k < s->props[i].ncand; k++)
            w_append(w, arr, w_rule(w, &s->props[i].cand[k], &none));
        w_set(w, json_array_get(props, i), "candidate_rules", arr);
        w_steps(w, json_array_get(props, i), &s->props[i]);
    }
}

/* Rounds of stances alone ({"stances": {member: stance}}) on the members
 * of body b: at most max of them, into *out (*n of them). */
static int read_stance_rounds(ctx *c, json_t *v, mfk_body *b, size_t max,
                              const char *what, size_t *n,
                              unsigned char ***out)
{
    static const char *const keys[] = {"stances", NULL};
    mfk_body *own = c->s->body;
    size_t m = mfk_body_member_count(b), i, idx, saved, saved2, saved3;
    json_t *r, *st;
    void *it;
    int rc = MFK_OK, k;

    if ((rc = expect_type(c, v, JSON_ARRAY, "an array of rounds")))
        return rc;
    if (json_array_size(v) == 0 || json_array_size(v) > max)
        return fail(c, "%zu rounds: expected 1 to %zu, %s",
                    json_array_size(v), max, what);
    *out = mfk__calloc(c->alloc, json_array_size(v), sizeof **out);
    if (*out == NULL)
        return nomem(c);
    c->s->body = b; /* find_member looks there */
    EACH(v, i, r) {
        mfk__path_push_index(&c->path, i, &saved);
        if ((rc = expect_type(c, r, JSON_OBJECT,
                              "a round, an object with \"stances\"")) ||
            (rc = check_keys(c, r, keys)))
            break;
        if (((*out)[i] = mfk__malloc(c->alloc, m)) == NULL) {
            rc = nomem(c);
            break;
        }
        *n = i + 1;
        memset((*out)[i], MFK_SILENT, m);
        if ((st = json_object_get(r, "stances")) == NULL) {
            rc = fail(c, "no \"stances\": expected an object of member "
                         "ids and their stances");
            break;
        }
        mfk__path_push_key(&c->path, "stances", &saved2);
        if ((rc = expect_type(c, st, JSON_OBJECT,
                              "an object of member ids and stances")))
            break;
        for (it = json_object_iter(st); it != NULL && rc == MFK_OK;
             it = json_object_iter_next(st, it)) {
            mfk__path_push_key(&c->path, json_object_iter_key(it), &saved3);
            if ((rc = find_member(c, json_object_iter_key(it), &idx)) ||
                (rc = read_name(c, json_object_iter_value(it),
                                MFK_NAMES_STANCE, "stance", &k)))
                break;
            (*out)[i][idx] = (unsigned char)k;
            mfk__path_pop(&c->path, saved3);
        }
        if (rc != MFK_OK)
            break;
        mfk__path_pop(&c->path, saved2);
        mfk__path_pop(&c->path, saved);
    }
    c->s->body = own;
    return rc;
}

/* "summit_rounds", "decided_by" and "after_summit_rounds": the Summit's
 * two steps on proposal v, which needs "candidate_rules". */
static int read_steps(ctx *c, json_t *v, struct sprop *sp)
{
    static const char *const keys[] = {"summit_rounds", "decided_by",
                                       "after_summit_rounds"};
    json_t *x;
    const char *by;
    char q[QUOTE_SIZE];
    size_t saved, k;
    int rc;

    for (k = 0; k < 3; k++)
        if (sp->ncand == 0 && json_object_get(v, keys[k]) != NULL) {
            mfk__path_push_key(&c->path, keys[k], &saved);
            return fail(c, "a step at the Summit with no candidate rules "
                           "to choose among: expected \"candidate_rules\"");
        }
    if ((x = json_object_get(v, "summit_rounds")) != NULL) {
        mfk__path_push_key(&c->path, "summit_rounds", &saved);
        if ((rc = read_stance_rounds(c, x, c->s->summit, sp->ncand,
                                     "one a candidate rule, on the "
                                     "Summit's members",
                                     &sp->nsum, &sp->sum)))
            return rc;
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "decided_by")) != NULL) {
        mfk__path_push_key(&c->path, "decided_by", &saved);
        if ((rc = read_string(c, x, &by)))
            return rc;
        if (strcmp(by, "summit") != 0 && strcmp(by, "body") != 0)
            return fail(c, "unknown decider %s: expected summit, body",
                        quote(by, q, sizeof q));
        sp->by_summit = strcmp(by, "summit") == 0;
        mfk__path_pop(&c->path, saved);
    }
    if ((x = json_object_get(v, "after_summit_rounds")) != NULL) {
        mfk__path_push_key(&c->path, "after_summit_rounds", &saved);
        if ((rc = read_stance_rounds(
                 c, x, sp->by_summit ? c->s->summit : c->s->body,
                 MFK_MAX_ROUNDS,
                 sp->by_summit ? "on the Summit's members"
                               : "on the body's members",
                 &sp->nafter, &sp->after)))
            return rc;
        mfk__path_pop(&c->path, saved);
    }
    return MFK_OK;
}

/* Writes a proposal's steps at the Summit back as read_steps() reads
 * them. */
static json_t *w_stance_rounds(wctx *w, const mfk_body *b, size_t n,
                               unsigned char *const *rounds)
{
    json_t *arr = json_array(), *o, *st;
    size_t r, m;
    for (r = 0; r < n; r++) {
        o = json_object();
        st = json_object();
        for (m = 0; m < mfk_body_member_count(b); m++)
            if (rounds[r][m] != MFK_SILENT)
                w_set(w, st, mfk_body_member_id(b, m),
                      json_string(mfk_name(MFK_NAMES_STANCE, rounds[r][m])));
        w_set(w, o, "stances", st);
        w_append(w, arr, o);
    }
    return arr;
}

static void w_steps(wctx *w, json_t *o, const struct sprop *sp)
{
    const mfk_scenario *s = w->s;
    if (sp->nsum > 0)
        w_set(w, o, "summit_rounds",
              w_stance_rounds(w, s->summit, sp->nsum, sp->sum));
    if (sp->by_summit)
        w_set(w, o, "decided_by", json_string("summit"));
    if (sp->nafter > 0)
        w_set(w, o, "after_summit_rounds",
              w_stance_rounds(w, sp->by_summit ? s->summit : s->body,
                              sp->nafter, sp->after));
}

const mfk_body *mfk_scenario_decided_by(const mfk_scenario *s, size_t i)
{
    if (s == NULL || i >= s->np || s->props[i].ncand == 0)
        return NULL;
    return s->props[i].by_summit ? s->summit : s->body;
}

/* Stances from a fixed list of rounds, and no chair between them. */
struct fixed {
    unsigned char *const *rounds;
    size_t n;
};

static int fixed_stances(const mfk_consultation *c, unsigned round,
                         unsigned char *stances, void *ud)
{
    const struct fixed *f = ud;
    if (round > f->n)
        return MFK_ESTATE;
    memcpy(stances, f->rounds[round - 1],
           mfk_body_member_count(mfk_consultation_body(c)));
    return MFK_OK;
}

static int run_fixed(mfk_proposal *p, const mfk_body *b, struct fixed *f,
                     const mfk_allocator *alloc, mfk_consultation **out)
{
    int rc = mfk_consultation_new(out, b, p, alloc);
    if (rc == MFK_OK)
        rc = mfk_consultation_run(*out, fixed_stances, f, NULL, NULL);
    if (rc != MFK_OK) {
        mfk_consultation_free(*out);
        *out = NULL;
    }
    return rc;
}

/* The arguments of a step at the Summit on candidate k of proposal i. */
static int step_args(const mfk_scenario *s, size_t i, size_t k,
                     mfk_consultation **out)
{
    if (out == NULL)
        return MFK_EINVAL;
    *out = NULL;
    if (s == NULL || i >= s->np || k >= s->props[i].ncand)
        return MFK_EINVAL;
    return MFK_OK;
}

int mfk_scenario_summit_consult(mfk_scenario *s, size_t i, size_t k,
                                const mfk_allocator *alloc,
                                mfk_consultation **out)
{
    struct sprop *sp;
    struct fixed f;
    mfk_rule rule;
    char *id, *title;
    const char *t;
    size_t n;
    int rc;

    if ((rc = step_args(s, i, k, out)) != MFK_OK)
        return rc;
    sp = &s->props[i];
    if (k >= sp->nsum)
        return MFK_ENOTFOUND;
    if (sp->step[k] == NULL) {
        t = mfk_proposal_title(sp->p);
        n = strlen(mfk_proposal_id(sp->p)) + 32 + strlen(t);
        id = mfk__malloc(&s->alloc, n);
        title = mfk__malloc(&s->alloc, n + 64);
        if (id == NULL || title == NULL) {
            mfk__free(&s->alloc, id);
            mfk__free(&s->alloc, title);
            return MFK_ENOMEM;
        }
        snprintf(id, n, "%s/rule-%zu", mfk_proposal_id(sp->p), k + 1);
        snprintf(title, n + 64, "The rule for %s: %s",
                 mfk_proposal_id(sp->p),
                 mfk_name(MFK_NAMES_RULE, sp->cand[k].kind));
        rc = mfk_proposal_new(&sp->step[k], s->summit, id, title, &s->alloc);
        mfk__free(&s->alloc, id);
        mfk__free(&s->alloc, title);
        if (rc != MFK_OK)
            return rc;
        memset(&rule, 0, sizeof rule);
        rule.kind = MFK_RULE_CONSENSUS;
        if ((rc = mfk_proposal_set_rule(sp->step[k], &rule)) != MFK_OK ||
            (rc = mfk_proposal_set_pillar(
                 sp->step[k], mfk_proposal_pillar(sp->p))) != MFK_OK ||
            (rc = mfk_proposal_set_max_rounds(sp->step[k], 1)) != MFK_OK ||
            (rc = mfk_proposal_set_fallback(sp->step[k],
                                            MFK_FALLBACK_NONE)) != MFK_OK) {
            mfk_proposal_free(sp->step[k]);
            sp->step[k] = NULL;
            return rc;
        }
    }
    f.rounds = sp->sum + k;
    f.n = 1;
    return run_fixed(sp->step[k], s->summit, &f, alloc, out);
}

int mfk_scenario_summit_decide(mfk_scenario *s, size_t i, size_t k,
                               const mfk_allocator *alloc,
                               mfk_consultation **out)
{
    mfk_proposal **pp, *p;
    const mfk_body *b;
    struct sprop *sp;
    struct fixed f;
    size_t m;
    int rc;

    if ((rc = step_args(s, i, k, out)) != MFK_OK)
        return rc;
    sp = &s->props[i];
    b = sp->by_summit ? s->summit : s->body;
    /* Without a script, the behaviour model where it applies. */
    if (sp->nafter == 0 &&
        (!mfk_body_has_ideals(b) || mfk_proposal_position(sp->p) == NULL ||
         mfk_proposal_status_quo(sp->p) == NULL))
        return MFK_ENOTFOUND;
    pp = &sp->step[MFK_MAX_CANDIDATE_RULES];
    mfk_proposal_free(*pp);
    *pp = NULL;
    if ((rc = mfk_proposal_new(pp, b, mfk_proposal_id(sp->p),
                               mfk_proposal_title(sp->p), &s->alloc)))
        return rc;
    p = *pp;
    rc = mfk_proposal_set_text(p, mfk_proposal_text(sp->p));
    if (rc == MFK_OK)
        rc = mfk_proposal_set_pillar(p, mfk_proposal_pillar(sp->p));
    if (rc == MFK_OK && mfk_proposal_has_component(sp->p))
        rc = mfk_proposal_set_component(p, mfk_proposal_component(sp->p));
    if (rc == MFK_OK)
        rc = mfk_proposal_set_measures(p, mfk_proposal_measures(sp->p));
    if (rc == MFK_OK)
        rc = mfk_proposal_set_rule(p, &sp->cand[k]);
    if (rc == MFK_OK)
        rc = mfk_proposal_set_max_rounds(
            p, sp->nafter > 0 ? (unsigned)sp->nafter
                              : mfk_proposal_max_rounds(sp->p));
    if (rc == MFK_OK && mfk_proposal_position(sp->p) != NULL)
        rc = mfk_proposal_set_position(p, mfk_proposal_position(sp->p));
    if (rc == MFK_OK && mfk_proposal_status_quo(sp->p) != NULL)
        rc = mfk_proposal_set_status_quo(p, mfk_proposal_status_quo(sp->p));
    if (rc == MFK_OK)
        rc = mfk_proposal_set_fallback(p, MFK_FALLBACK_NONE);
    /* The roles, member by member of the same id. */
    for (m = 0; rc == MFK_OK && m < mfk_body_member_count(s->body); m++) {
        size_t to;
        unsigned roles = mfk_proposal_roles(sp->p, m);
        if (roles != 0 &&
            mfk_body_find_member(b, mfk_body_member_id(s->body, m), &to) ==
                MFK_OK)
            rc = mfk_proposal_add_role(p, to, roles);
    }
    if (rc != MFK_OK)
        return rc;
    if (sp->nafter == 0) {
        rc = mfk_consultation_new(out, b, p, alloc);
        if (rc == MFK_OK)
            rc = mfk_consultation_run(*out, mfk_model_stances, NULL,
                                      mfk_chair_default, NULL);
        if (rc != MFK_OK) {
            mfk_consultation_free(*out);
            *out = NULL;
        }
        return rc;
    }
    f.rounds = sp->after;
    f.n = sp->nafter;
    return run_fixed(p, b, &f, alloc, out);
}

/* ---- the silence procedure by its deadline ---------------------------- */

#define TIME_SIZE 40 /* a time as records hold it, with its NUL */

/* A time of the scenario (the value at c's place) into utc. */
static int read_time(ctx *c, json_t *x, char *utc, const char *what)
{
    char buf[QUOTE_SIZE + 16];
    if (json_is_string(x) &&
        mfk_time_to_utc(json_string_value(x), utc, TIME_SIZE) == MFK_OK)
        return MFK_OK;
    return fail(c, "expected %s as an RFC 3339 date-time that the calendar "
                   "has, such as \"2026-07-01T17:00:00+08:00\", found %s",
                what, found(x, buf, sizeof buf));
}

/* A proposal's "deadline" circulates its first round under the silence
 * rule; that round's "at" gives each stance's time, at or before the
 * deadline. After read_rounds(), at the proposal's place. */
static int read_circulation(ctx *c, json_t *v, struct sprop *sp)
{
    json_t *dl = json_object_get(v, "deadline"), *r, *at;
    size_t n = mfk_body_member_count(c->s->body), i, idx, saved, s2, s3;
    char q[QUOTE_SIZE];
    const char *key;
    void *it;
    int rc;

    for (i = 0; i < sp->nrounds; i++) {
        r = json_array_get(json_object_get(v, "rounds"), i);
        if (json_object_get(r, "at") == NULL || (i == 0 && dl != NULL))
            continue;
        mfk__path_push_key(&c->path, "rounds", &saved);
        mfk__path_push_index(&c->path, i, &s2);
        mfk__path_push_key(&c->path, "at", &s3);
        return fail(c, dl == NULL ? "stances' times without a \"deadline\" "
                                    "on the proposal"
                                  : "stances' times in round %zu: only the "
                                    "first round is circulated",
                    i + 1);
    }
    if (dl == NULL)
        return MFK_OK;
    mfk__path_push_key(&c->path, "deadline", &saved);
    if ((sp->deadline = mfk__malloc(c->alloc, TIME_SIZE)) == NULL)
        return nomem(c);
    if ((rc = read_time(c, dl, sp->deadline, "the deadline")))
        return rc;
    if (mfk_proposal_rule(sp->p)->kind != MFK_RULE_SILENCE)
        return fail(c, "a deadline under the %s rule: expected the silence "
                       "rule (\"rule\": {\"kind\": \"silence\"})",
                    mfk_name(MFK_NAMES_RULE,
                             (int)mfk_proposal_rule(sp->p)->kind));
    if (sp->nrounds == 0)
        return fail(c, "a deadline without scripted \"rounds\": expected the "
                       "circulated round's stances, with their times in "
                       "\"at\"");
    mfk__path_pop(&c->path, saved);
    if ((sp->at = mfk__calloc(c->alloc, n, TIME_SIZE)) == NULL)
        return nomem(c);
    r = json_array_get(json_object_get(v, "rounds"), 0);
    mfk__path_push_key(&c->path, "rounds", &saved);
    mfk__path_push_index(&c->path, 0, &s2);
    if ((at = json_object_get(r, "at")) != NULL) {
        mfk__path_push_key(&c->path, "at", &s3);
        if ((rc = expect_type(c, at, JSON_OBJECT,
                              "an object of member ids and times")))
            return rc;
        for (it = json_object_iter(at); it != NULL;
             it = json_object_iter_next(at, it)) {
            char *t;
            size_t s4;
            key = json_object_iter_key(it);
            mfk__path_push_key(&c->path, key, &s4);
            if ((rc = find_member(c, key, &idx)))
                return rc;
            t = sp->at + idx * TIME_SIZE;
            if ((rc = read_time(c, json_object_iter_value(it), t,
                                "a stance's time")))
                return rc;
            if (sp->rounds[0].stances[idx] == MFK_SILENT)
                return fail(c, "a time for %s, who gives no stance in this "
                               "round: expected a member in \"stances\"",
                            quote(key, q, sizeof q));
            if (mfk__time_cmp(t, sp->deadline) > 0)
                return fail(c, "%s is after the deadline %s: a stance after "
                               "the deadline is refused",
                            t, sp->deadline);
            mfk__path_pop(&c->path, s4);
        }
        mfk__path_pop(&c->path, s3);
    }
    mfk__path_push_key(&c->path, "stances", &s3);
    for (i = 0; i < n; i++)
        if (sp->rounds[0].stances[i] != MFK_SILENT &&
            sp->at[i * TIME_SIZE] == '\0') {
            size_t s4;
            key = mfk_body_member_id(c->s->body, i);
            mfk__path_push_key(&c->path, key, &s4);
            return fail(c, "a stance in the circulated round without its "
                           "time: expected %s in the round's \"at\"",
                        quote(key, q, sizeof q));
        }
    mfk__path_pop(&c->path, s3);
    mfk__path_pop(&c->path, s2);
    mfk__path_pop(&c->path, saved);
    return MFK_OK;
}

/* Round 1 of a circulated proposal: its stances at their times, closed
 * at the deadline, then its amendment; the rounds after it as any. */
static int consult_circulated(mfk_consultation *c, const struct script *sc)
{
    const struct sprop *sp = sc->sp;
    const struct script_round *r;
    size_t i, n = mfk_body_member_count(mfk_consultation_body(c));
    int rc;

    /* Only when first put: taken up again, it is consulted as usual. */
    if (sp->deadline == NULL || sc->from != 0 || mfk_consultation_done(c))
        return MFK_OK;
    r = &sp->rounds[0]; /* the reader saw to a first round */
    if ((rc = mfk_consultation_circulate(c, sp->deadline)))
        return rc;
    for (i = 0; i < n; i++)
        if (r->stances[i] != MFK_SILENT &&
            (rc = mfk_consultation_set_stance_at(
                 c, i, (mfk_stance)r->stances[i], sp->at + i * TIME_SIZE)))
            return rc;
    if ((rc = mfk_consultation_close_at(c, sp->deadline, NULL)) ||
        mfk_consultation_done(c))
        return rc;
    rc = script_chair(c, 1, (void *)sc);
    return rc == MFK_DONE ? mfk_consultation_end(c) : rc;
}

/* A circulated proposal's "deadline", and its round 1's "at". */
static void w_circulation(wctx *w, json_t *o, json_t *rounds,
                          const struct sprop *sp)
{
    const mfk_body *b = w->s->body;
    json_t *at;
    size_t i;

    if (sp->deadline == NULL)
        return;
    w_set(w, o, "deadline", json_string(sp->deadline));
    at = json_object();
    for (i = 0; i < mfk_body_member_count(b); i++)
        if (sp->at[i * TIME_SIZE] != '\0')
            w_set(w, at, mfk_body_member_id(b, i),
                  json_string(sp->at + i * TIME_SIZE));
    w_set(w, json_array_get(rounds, 0), "at", at);
}
