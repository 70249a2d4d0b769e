/* The simulation's parameters by name: one table, from which the driver's
 * flags, the Python package's keywords and the sweeps all set a
 * simulation; and the setters of its size (members, dimensions). */
#include "sim/sim-parts.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- the size of the body --------------------------------------------- */

/* A new template of n members in dims dimensions: member i < the old
 * count as it was (salience in dimension 0 for every dimension when dims
 * change), the others named M<i+1> with the settings of the last. */
static int resize(mfk_sim *s, size_t n, unsigned dims)
{
    const mfk_body *src = s->tmpl;
    mfk_body *b;
    double sal[MFK_MAX_DIMS];
    size_t i, from;
    unsigned k, p;
    int rc;

    if (s->culture == MFK_CULTURE_FIXED)
        return MFK_EINVAL; /* the ideal points are the template's own */
    if (dims != s->dims && s->sq_fixed)
        return MFK_EINVAL; /* a status quo of the old dimensions */
    rc = mfk_body_new(&b, src->name, dims, &s->alloc);
    if (rc != MFK_OK)
        return rc;
    for (i = 0; i < n && rc == MFK_OK; i++) {
        char id[32];
        from = i < src->n ? i : src->n - 1;
        if (i < src->n) {
            rc = mfk_body_add_member(b, src->id[i], src->mname[i], NULL);
        } else {
            snprintf(id, sizeof id, "M%zu", i + 1);
            rc = mfk_body_add_member(b, id, id, NULL);
        }
        for (k = 0; k < dims; k++)
            sal[k] = src->salience[from * src->dims +
                                   (dims == src->dims ? k : 0)];
        if (rc == MFK_OK)
            rc = mfk_body_set_weight(b, i, src->weight[from]);
        if (rc == MFK_OK)
            rc = mfk_body_set_salience(b, i, sal);
        for (p = 0; p < MFK_MEMBER_PARAM_COUNT && rc == MFK_OK; p++)
            rc = mfk_body_set_member_param(
                b, i, (mfk_member_param)p,
                mfk_body_member_param(src, from, (mfk_member_param)p));
    }
    if (rc == MFK_OK)
        rc = mfk_body_set_fallback(b, src->fallback);
    if (rc == MFK_OK) {
        size_t old_n = s->n;
        unsigned old_dims = s->dims;
        mfk_body *old = s->tmpl;
        s->tmpl = b;
        s->n = n;
        s->dims = dims;
        rc = mfk__sim_relayout(s);
        if (rc != MFK_OK) {
            s->tmpl = old;
            s->n = old_n;
            s->dims = old_dims;
        } else {
            b = old;
        }
    }
    mfk_body_free(b);
    return rc;
}

int mfk_sim_set_members(mfk_sim *s, size_t n)
{
    if (s == NULL)
        return MFK_EINVAL;
    if (n < 1 || n > MFK_MAX_MEMBERS)
        return MFK_ERANGE;
    return n == s->n ? MFK_OK : resize(s, n, s->dims);
}

int mfk_sim_set_dims(mfk_sim *s, unsigned dims)
{
    if (s == NULL)
        return MFK_EINVAL;
    if (dims < 1 || dims > MFK_MAX_DIMS)
        return MFK_ERANGE;
    return dims == s->dims ? MFK_OK : resize(s, s->n, dims);
}

const mfk_body *mfk_sim_body(const mfk_sim *s)
{
    return s == NULL ? NULL : s->tmpl;
}

/* Every member's parameter p of the behaviour model. */
static int set_member(mfk_sim *s, mfk_member_param p, double v)
{
    int rc = mfk_body_set_all(s->tmpl, p, v);
    /* The workers hold copies of the template. */
    mfk__sim_free_workers(s);
    return rc;
}

#define MEMBER_SETTER(fn, p)                                                  \
    static int fn(mfk_sim *s, double v) { return set_member(s, p, v); }
MEMBER_SETTER(set_tolerance, MFK_MEMBER_TOLERANCE)
MEMBER_SETTER(set_externality, MFK_MEMBER_EXTERNALITY)
MEMBER_SETTER(set_reservation, MFK_MEMBER_RESERVATION)
MEMBER_SETTER(set_indifference, MFK_MEMBER_INDIFFERENCE)
MEMBER_SETTER(set_support_gain, MFK_MEMBER_SUPPORT_GAIN)
MEMBER_SETTER(set_absence, MFK_MEMBER_ABSENCE)
#undef MEMBER_SETTER

/* ---- the table ------------------------------------------------------------ */

enum kind { NUMBER, INTEGER, WORD };

struct param {
    const char *name;
    enum kind kind;
    double lo, hi;        /* NUMBER and INTEGER */
    const char *expected; /* WORD: what a value may be */
    /* NUMBER and INTEGER: the value, checked against lo and hi; WORD:
     * the text. MFK_ERANGE for a word it does not know. */
    int (*set_number)(mfk_sim *s, double v);
    int (*set_word)(mfk_sim *s, const char *v);
    int open_hi; /* NUMBER: hi itself is out of range */
};

static int set_concession(mfk_sim *s, double v)
{
    return mfk_sim_set_behaviour(s, v, s->face_saving, s->chair);
}

static int set_face_saving(mfk_sim *s, double v)
{
    return mfk_sim_set_behaviour(s, s->concession, v, s->chair);
}

static int set_dynamics(mfk_sim *s, double v)
{
    return mfk_sim_set_dynamics(s, v);
}

static int set_spread(mfk_sim *s, double v)
{
    return mfk_sim_set_culture(s, s->culture, v, s->blocs);
}

static int set_members(mfk_sim *s, double v)
{
    return mfk_sim_set_members(s, (size_t)v);
}

static int set_dims(mfk_sim *s, double v)
{
    return mfk_sim_set_dims(s, (unsigned)v);
}

static int set_max_rounds(mfk_sim *s, double v)
{
    return mfk_sim_set_max_rounds(s, (unsigned)v);
}

static int set_culture(mfk_sim *s, const char *v)
{
    unsigned long blocs = s->blocs;
    char *end;
    mfk_culture c;

    if (strcmp(v, "uniform") == 0)
        c = MFK_CULTURE_UNIFORM;
    else if (strcmp(v, "gaussian") == 0)
        c = MFK_CULTURE_GAUSSIAN;
    else if (strcmp(v, "fixed") == 0)
        c = MFK_CULTURE_FIXED;
    else if (strncmp(v, "blocs", 5) == 0 &&
             (v[5] == '\0' || (v[5] == ':' && v[6] >= '0' && v[6] <= '9' &&
                               (blocs = strtoul(v + 6, &end, 10), 1) &&
                               *end == '\0' && blocs >= 1 && blocs <= 64)))
        c = MFK_CULTURE_BLOCS;
    else
        return MFK_ERANGE;
    if (c == MFK_CULTURE_BLOCS && v[5] == '\0')
        blocs = 3;
    return mfk_sim_set_culture(s, c, s->spread, (unsigned)blocs);
}

static int set_chair(mfk_sim *s, const char *v)
{
    mfk_chair_strategy c;
    if (strcmp(v, "default") == 0)
        c = MFK_CHAIR_DEFAULT;
    else if (strcmp(v, "toward-status-quo") == 0)
        c = MFK_CHAIR_TOWARD_STATUS_QUO;
    else if (strcmp(v, "single-round") == 0)
        c = MFK_CHAIR_SINGLE_ROUND;
    else
        return MFK_ERANGE;
    return mfk_sim_set_behaviour(s, s->concession, s->face_saving, c);
}

static int set_proposal(mfk_sim *s, const char *v)
{
    if (strcmp(v, "member") != 0 && strcmp(v, "random") != 0)
        return MFK_ERANGE;
    return mfk_sim_set_proposals(s, strcmp(v, "member") == 0,
                                 s->sq_fixed ? s->sq : NULL);
}

/* "random" or exactly dims comma-separated numbers. */
static int set_status_quo(mfk_sim *s, const char *v)
{
    double x[MFK_MAX_DIMS];
    unsigned k;

    if (strcmp(v, "random") == 0)
        return mfk_sim_set_proposals(s, s->at_member, NULL);
    for (k = 0; k < s->dims; k++) {
        char *end;
        errno = 0;
        x[k] = strtod(v, &end);
        if (end == v || errno != 0 || !isfinite(x[k]))
            return MFK_ERANGE;
        if (*end == '\0' && k + 1 == s->dims)
            return mfk_sim_set_proposals(s, s->at_member, x);
        if (*end != ',')
            return MFK_ERANGE;
        v = end + 1;
    }
    return MFK_ERANGE;
}

static const struct param params[] = {
    {"concession", NUMBER, 0, 1e6, NULL, set_concession, NULL, 0},
    {"face-saving", NUMBER, 0, 1, NULL, set_face_saving, NULL, 0},
    {"dynamics", NUMBER, 0, 1, NULL, set_dynamics, NULL, 0},
    {"spread", NUMBER, 0, 1e6, NULL, set_spread, NULL, 0},
    /* the members' parameters of the behaviour model (the same value for
     * every member; with a scenario, over the members' own) */
    {"tolerance", NUMBER, -1e6, 1e6, NULL, set_tolerance, NULL, 0},
    {"externality", NUMBER, 0, 1, NULL, set_externality, NULL, 0},
    {"reservation", NUMBER, 0, 1e6, NULL, set_reservation, NULL, 0},
    {"indifference", NUMBER, 0, 1e6, NULL, set_indifference, NULL, 0},
    {"support-gain", NUMBER, 0, 1e6, NULL, set_support_gain, NULL, 0},
    {"absence", NUMBER, 0, 1, NULL, set_absence, NULL, 1},
    {"members", INTEGER, 1, MFK_MAX_MEMBERS, NULL, set_members, NULL, 0},
    {"dims", INTEGER, 1, MFK_MAX_DIMS, NULL, set_dims, NULL, 0},
    {"max-rounds", INTEGER, 1, MFK_MAX_ROUNDS, NULL, set_max_rounds, NULL, 0},
    {"culture", WORD, 0, 0,
     "uniform, gaussian, blocs[:K] (K from 1 to 64) or fixed", NULL,
     set_culture, 0},
    {"chair", WORD, 0, 0, "default, toward-status-quo or single-round", NULL,
     set_chair, 0},
    {"proposal", WORD, 0, 0, "member or random", NULL, set_proposal, 0},
    {"status-quo", WORD, 0, 0, "random or X1,X2,... (one a dimension)",
     NULL, set_status_quo, 0},
};

#define NPARAMS (sizeof params / sizeof params[0])

static const struct param *find(const char *name)
{
    size_t i;
    for (i = 0; i < NPARAMS; i++)
        if (strcmp(params[i].name, name) == 0)
            return &params[i];
    return NULL;
}

const char *mfk_sim_param(size_t i, int *numeric, double *lo, double *hi,
                          const char **expected)
{
    const struct param *p;
    if (i >= NPARAMS)
        return NULL;
    p = &params[i];
    if (numeric != NULL)
        *numeric = p->kind == NUMBER ? 1 : p->kind == INTEGER ? 2 : 0;
    if (lo != NULL)
        *lo = p->lo;
    if (hi != NULL)
        *hi = p->hi;
    if (expected != NULL)
        *expected = p->expected;
    return p->name;
}

static int fail(mfk_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    if (err != NULL) {
        err->code = code;
        err->offset = -1;
        err->line = -1;
        err->column = -1;
        err->pointer[0] = '\0';
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* The message for a value out of p's range, or not a number. */
static int bad_value(const struct param *p, const char *value, mfk_error *err)
{
    if (p->kind == WORD)
        return fail(err, MFK_ERANGE, "\"%.120s\": expected %s", value,
                    p->expected);
    return fail(err, MFK_ERANGE, "expected %s from %g to %s%g, not \"%.120s\"",
                p->kind == INTEGER ? "an integer" : "a number", p->lo,
                p->open_hi ? "below " : "", p->hi, value);
}

static int set_checked(mfk_sim *s, const struct param *p, double v,
                       const char *value, mfk_error *err)
{
    int rc;
    if (!(v >= p->lo && v <= p->hi) || (p->open_hi && v == p->hi) ||
        (p->kind == INTEGER && v != floor(v)))
        return bad_value(p, value, err);
    rc = p->set_number(s, v);
    if (rc == MFK_ERANGE)
        return bad_value(p, value, err);
    if (rc != MFK_OK)
        return fail(err, rc, "%s", mfk_strerror(rc));
    return MFK_OK;
}

int mfk_sim_set_param(mfk_sim *s, const char *name, const char *value,
                      mfk_error *err)
{
    const struct param *p;
    int rc;

    if (s == NULL || name == NULL || value == NULL)
        return fail(err, MFK_EINVAL, "%s", mfk_strerror(MFK_EINVAL));
    p = find(name);
    if (p == NULL)
        return fail(err, MFK_EINVAL, "\"%.120s\" is not a parameter of the "
                                     "simulation", name);
    if (p->kind == WORD) {
        rc = p->set_word(s, value);
        if (rc == MFK_ERANGE)
            return bad_value(p, value, err);
        if (rc == MFK_EINVAL && strcmp(name, "culture") == 0)
            return fail(err, rc, "fixed needs a body whose members all "
                                 "have ideal points");
        if (rc != MFK_OK)
            return fail(err, rc, "%s", mfk_strerror(rc));
        return MFK_OK;
    } else {
        char *end;
        double v;
        errno = 0;
        v = strtod(value, &end);
        if (end == value || *end != '\0' || errno != 0 || !isfinite(v) ||
            (p->kind == INTEGER &&
             strspn(value, "0123456789") != strlen(value)))
            return bad_value(p, value, err);
        return set_checked(s, p, v, value, err);
    }
}

int mfk_sim_set_number(mfk_sim *s, const char *name, double value,
                       mfk_error *err)
{
    const struct param *p;
    char text[32];

    if (s == NULL || name == NULL)
        return fail(err, MFK_EINVAL, "%s", mfk_strerror(MFK_EINVAL));
    p = find(name);
    if (p == NULL || p->kind == WORD)
        return fail(err, MFK_EINVAL, "\"%.120s\" is not a numeric parameter "
                                     "of the simulation", name);
    snprintf(text, sizeof text, "%.17g", value);
    return set_checked(s, p, value, text, err);
}
