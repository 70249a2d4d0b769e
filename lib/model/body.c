/* Roster: members, observers, the chair and its rotation, and the body's
 * settings. */
#include "model/model-private.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* The id at position pos of the index: member pos / 2, or observer. */
static const char *id_at(const void *ud, size_t pos)
{
    const mfk_body *b = ud;
    return pos % 2 ? b->obs_id[pos / 2] : b->id[pos / 2];
}

int mfk_body_new(mfk_body **out, const char *name, unsigned dims,
                 const mfk_allocator *alloc)
{
    mfk_body *b;
    mfk_allocator a;
    int p;

    if (out == NULL)
        return MFK_EINVAL;
    *out = NULL;
    if (name == NULL || dims < 1 || dims > MFK_MAX_DIMS)
        return MFK_EINVAL;
    mfk__alloc_init(&a, alloc);
    b = mfk__calloc(&a, 1, sizeof *b);
    if (b == NULL)
        return MFK_ENOMEM;
    b->alloc = a;
    b->dims = dims;
    b->name = mfk__strdup(&a, name);
    if (b->name == NULL) {
        mfk__free(&a, b);
        return MFK_ENOMEM;
    }
    mfk_rule_init(&b->rule, MFK_RULE_CONSENSUS);
    for (p = 0; p < MFK_PRINCIPLE_COUNT; p++)
        b->modes[p] = MFK_MODE_ENFORCE;
    b->flexible_pillars = 1u << MFK_PILLAR_ECONOMIC;
    b->max_rounds = 5;
    b->fallback = MFK_FALLBACK_DEFER;
    b->ids.key = id_at;
    b->ids.ud = b;
    for (p = 0; p < MFK_MAX_DIMS; p++)
        b->scale_hi[p] = 100;
    *out = b;
    return MFK_OK;
}

void mfk_body_free(mfk_body *b)
{
    size_t i;
    const mfk_allocator *a;

    if (b == NULL)
        return;
    a = &b->alloc;
    for (i = 0; i < b->n; i++) {
        mfk__free(a, b->id[i]);
        mfk__free(a, b->mname[i]);
    }
    for (i = 0; i < b->nobs; i++) {
        mfk__free(a, b->obs_id[i]);
        mfk__free(a, b->obs_name[i]);
    }
    for (i = 0; i < b->nup; i++)
        mfk__free(a, b->up[i].name);
    mfk__free(a, b->up);
    mfk__free(a, b->id);
    mfk__free(a, b->mname);
    mfk__free(a, b->weight);
    mfk__free(a, b->tolerance);
    mfk__free(a, b->externality);
    mfk__free(a, b->reservation);
    mfk__free(a, b->indifference);
    mfk__free(a, b->support_gain);
    mfk__free(a, b->absence);
    mfk__free(a, b->ideal);
    mfk__free(a, b->salience);
    mfk__free(a, b->has_ideal);
    mfk__free(a, b->capability);
    mfk__free(a, b->has_cap);
    mfk__free(a, b->dim_order);
    for (i = 0; i < MFK_MAX_DIMS; i++)
        mfk__free(a, b->dim_name[i]);
    mfk__free(a, b->obs_id);
    mfk__free(a, b->obs_name);
    mfk__free(a, b->name);
    mfk__index_free(&b->ids, a);
    mfk__free(a, b);
}

const char *mfk_body_name(const mfk_body *b)
{
    return b == NULL ? NULL : b->name;
}

unsigned mfk_body_dims(const mfk_body *b)
{
    return b == NULL ? 0 : b->dims;
}

static int id_taken(const mfk_body *b, const char *id)
{
    return mfk__index_find(&b->ids, id) != SIZE_MAX;
}

/* Makes room for one more member in every per-member array. An array
 * that grew stays grown when a later one fails: cap moves only when all
 * have room. */
static int reserve_member(mfk_body *b)
{
    const mfk_allocator *a = &b->alloc;
    size_t cap = b->cap ? b->cap * 2 : 8;

    if (b->n < b->cap)
        return MFK_OK;
    if (mfk__grow(a, (void **)&b->id, cap, sizeof *b->id) ||
        mfk__grow(a, (void **)&b->mname, cap, sizeof *b->mname) ||
        mfk__grow(a, (void **)&b->weight, cap, sizeof *b->weight) ||
        mfk__grow(a, (void **)&b->tolerance, cap, sizeof *b->tolerance) ||
        mfk__grow(a, (void **)&b->externality, cap,
                  sizeof *b->externality) ||
        mfk__grow(a, (void **)&b->reservation, cap,
                  sizeof *b->reservation) ||
        mfk__grow(a, (void **)&b->indifference, cap,
                  sizeof *b->indifference) ||
        mfk__grow(a, (void **)&b->support_gain, cap,
                  sizeof *b->support_gain) ||
        mfk__grow(a, (void **)&b->absence, cap, sizeof *b->absence) ||
        mfk__grow(a, (void **)&b->ideal, cap * b->dims, sizeof *b->ideal) ||
        mfk__grow(a, (void **)&b->salience, cap * b->dims,
                  sizeof *b->salience) ||
        mfk__grow(a, (void **)&b->has_ideal, cap, sizeof *b->has_ideal) ||
        mfk__grow(a, (void **)&b->capability, cap * b->dims,
                  sizeof *b->capability) ||
        mfk__grow(a, (void **)&b->has_cap, cap, sizeof *b->has_cap))
        return MFK_ENOMEM;
    b->cap = cap;
    return MFK_OK;
}

int mfk_body_add_member(mfk_body *b, const char *id, const char *name,
                        size_t *index)
{
    char *idc, *namec;
    size_t i, k;

    if (b == NULL || id == NULL || name == NULL || *id == '\0')
        return MFK_EINVAL;
    if (b->users > 0)
        return MFK_ESTATE;
    if (b->n >= MFK_MAX_MEMBERS)
        return MFK_ELIMIT;
    if (id_taken(b, id))
        return MFK_EEXISTS;
    if (reserve_member(b) != MFK_OK)
        return MFK_ENOMEM;
    idc = mfk__strdup(&b->alloc, id);
    namec = idc ? mfk__strdup(&b->alloc, name) : NULL;
    if (namec == NULL) {
        mfk__free(&b->alloc, idc);
        return MFK_ENOMEM;
    }
    i = b->n;
    b->id[i] = idc;
    if (mfk__index_add(&b->ids, &b->alloc, 2 * i) != MFK_OK) {
        mfk__free(&b->alloc, idc);
        mfk__free(&b->alloc, namec);
        return MFK_ENOMEM;
    }
    b->n++;
    b->mname[i] = namec;
    b->weight[i] = 1.0;
    b->tolerance[i] = 0.0;
    b->externality[i] = 1.0;
    b->reservation[i] = 0.0;
    b->indifference[i] = 0.0;
    b->support_gain[i] = 0.0;
    b->absence[i] = 0.0;
    b->has_ideal[i] = 0;
    b->has_cap[i] = 0;
    if (b->dim_order != NULL) { /* a new member counts last */
        mfk__free(&b->alloc, b->dim_order);
        b->dim_order = NULL;
    }
    for (k = 0; k < b->dims; k++) {
        b->capability[i * b->dims + k] = 0.0;
        b->ideal[i * b->dims + k] = 0.0;
        b->salience[i * b->dims + k] = 1.0;
    }
    if (index != NULL)
        *index = i;
    return MFK_OK;
}

int mfk_body_add_observer(mfk_body *b, const char *id, const char *name)
{
    char *idc, *namec;
    size_t cap;

    if (b == NULL || id == NULL || name == NULL || *id == '\0')
        return MFK_EINVAL;
    if (id_taken(b, id))
        return MFK_EEXISTS;
    if (b->nobs == b->obscap) {
        cap = b->obscap ? b->obscap * 2 : 4;
        if (mfk__grow(&b->alloc, (void **)&b->obs_id, cap,
                      sizeof *b->obs_id) ||
            mfk__grow(&b->alloc, (void **)&b->obs_name, cap,
                      sizeof *b->obs_name))
            return MFK_ENOMEM;
        b->obscap = cap;
    }
    idc = mfk__strdup(&b->alloc, id);
    namec = idc ? mfk__strdup(&b->alloc, name) : NULL;
    if (namec == NULL) {
        mfk__free(&b->alloc, idc);
        return MFK_ENOMEM;
    }
    b->obs_id[b->nobs] = idc;
    if (mfk__index_add(&b->ids, &b->alloc, 2 * b->nobs + 1) != MFK_OK) {
        mfk__free(&b->alloc, idc);
        mfk__free(&b->alloc, namec);
        return MFK_ENOMEM;
    }
    b->obs_name[b->nobs] = namec;
    b->nobs++;
    return MFK_OK;
}

size_t mfk_body_member_count(const mfk_body *b)
{
    return b == NULL ? 0 : b->n;
}

size_t mfk_body_observer_count(const mfk_body *b)
{
    return b == NULL ? 0 : b->nobs;
}

int mfk_body_find_member(const mfk_body *b, const char *id, size_t *index)
{
    size_t pos;
    if (b == NULL || id == NULL)
        return MFK_EINVAL;
    pos = mfk__index_find(&b->ids, id);
    if (pos == SIZE_MAX || pos % 2)
        return MFK_ENOTFOUND;
    if (index != NULL)
        *index = pos / 2;
    return MFK_OK;
}

const char *mfk_body_member_id(const mfk_body *b, size_t i)
{
    return b == NULL || i >= b->n ? NULL : b->id[i];
}

const char *mfk_body_member_name(const mfk_body *b, size_t i)
{
    return b == NULL || i >= b->n ? NULL : b->mname[i];
}

const char *mfk_body_observer_id(const mfk_body *b, size_t i)
{
    return b == NULL || i >= b->nobs ? NULL : b->obs_id[i];
}

const char *mfk_body_observer_name(const mfk_body *b, size_t i)
{
    return b == NULL || i >= b->nobs ? NULL : b->obs_name[i];
}

static int finite_vector(const double *v, unsigned n, int nonneg)
{
    unsigned k;
    for (k = 0; k < n; k++)
        if (!isfinite(v[k]) || (nonneg && v[k] < 0))
            return 0;
    return 1;
}

int mfk_body_set_weight(mfk_body *b, size_t i, double weight)
{
    if (b == NULL || i >= b->n)
        return MFK_EINVAL;
    if (!isfinite(weight) || weight < 0 || weight > MFK__MAX_API_WEIGHT)
        return MFK_ERANGE;
    b->weight[i] = weight;
    return MFK_OK;
}

int mfk_body_set_ideal(mfk_body *b, size_t i, const double *ideal)
{
    if (b == NULL || i >= b->n || ideal == NULL)
        return MFK_EINVAL;
    if (!finite_vector(ideal, b->dims, 0))
        return MFK_ERANGE;
    memcpy(b->ideal + i * b->dims, ideal, b->dims * sizeof *ideal);
    if (!b->has_ideal[i]) {
        b->has_ideal[i] = 1;
        b->n_ideal++;
    }
    return MFK_OK;
}

int mfk_body_set_salience(mfk_body *b, size_t i, const double *salience)
{
    if (b == NULL || i >= b->n || salience == NULL)
        return MFK_EINVAL;
    if (!finite_vector(salience, b->dims, 1))
        return MFK_ERANGE;
    memcpy(b->salience + i * b->dims, salience, b->dims * sizeof *salience);
    return MFK_OK;
}

int mfk_body_set_tolerance(mfk_body *b, size_t i, double tolerance)
{
    if (b == NULL || i >= b->n)
        return MFK_EINVAL;
    if (!isfinite(tolerance))
        return MFK_ERANGE;
    b->tolerance[i] = tolerance;
    return MFK_OK;
}

/* ---- the behaviour model's parameters ------------------------------- */

static double *param_array(const mfk_body *b, mfk_member_param p)
{
    switch (p) {
    case MFK_MEMBER_TOLERANCE:
        return b->tolerance;
    case MFK_MEMBER_EXTERNALITY:
        return b->externality;
    case MFK_MEMBER_RESERVATION:
        return b->reservation;
    case MFK_MEMBER_INDIFFERENCE:
        return b->indifference;
    case MFK_MEMBER_SUPPORT_GAIN:
        return b->support_gain;
    case MFK_MEMBER_ABSENCE:
        return b->absence;
    }
    return NULL;
}

/* Whether v is a value parameter p may take. */
static int param_ok(mfk_member_param p, double v)
{
    if (!isfinite(v))
        return 0;
    switch (p) {
    case MFK_MEMBER_TOLERANCE:
        return 1;
    case MFK_MEMBER_EXTERNALITY:
        return v >= 0 && v <= 1;
    case MFK_MEMBER_RESERVATION:
    case MFK_MEMBER_INDIFFERENCE:
    case MFK_MEMBER_SUPPORT_GAIN:
        return v >= 0;
    case MFK_MEMBER_ABSENCE:
        return v >= 0 && v < 1;
    }
    return 0;
}

static int param_default(mfk_member_param p, double v)
{
    return p == MFK_MEMBER_EXTERNALITY ? v == 1 : v == 0;
}

/* Sets one member's value, keeping the count of members whose model is
 * away from its defaults (n_model). */
static void param_put(mfk_body *b, size_t i, mfk_member_param p, double v)
{
    double *a = param_array(b, p);
    int was, now;
    mfk_member_param q;

    if (p == MFK_MEMBER_TOLERANCE) {
        a[i] = v;
        return;
    }
    was = 0;
    for (q = MFK_MEMBER_EXTERNALITY; q <= MFK_MEMBER_ABSENCE; q++)
        was |= !param_default(q, param_array(b, q)[i]);
    a[i] = v;
    now = 0;
    for (q = MFK_MEMBER_EXTERNALITY; q <= MFK_MEMBER_ABSENCE; q++)
        now |= !param_default(q, param_array(b, q)[i]);
    b->n_model += (size_t)now;
    b->n_model -= (size_t)was;
}

int mfk_body_set_member_param(mfk_body *b, size_t i, mfk_member_param p,
                              double value)
{
    if (b == NULL || i >= b->n || param_array(b, p) == NULL)
        return MFK_EINVAL;
    if (!param_ok(p, value))
        return MFK_ERANGE;
    param_put(b, i, p, value);
    return MFK_OK;
}

int mfk_body_set_all(mfk_body *b, mfk_member_param p, double value)
{
    size_t i;

    if (b == NULL || param_array(b, p) == NULL)
        return MFK_EINVAL;
    if (!param_ok(p, value))
        return MFK_ERANGE;
    for (i = 0; i < b->n; i++)
        param_put(b, i, p, value);
    return MFK_OK;
}

double mfk_body_member_param(const mfk_body *b, size_t i,
                             mfk_member_param p)
{
    const double *a;
    if (b == NULL || i >= b->n || (a = param_array(b, p)) == NULL)
        return NAN;
    return a[i];
}

int mfk_body_set_externality(mfk_body *b, size_t i, double externality)
{
    return mfk_body_set_member_param(b, i, MFK_MEMBER_EXTERNALITY,
                                     externality);
}

int mfk_body_set_reservation(mfk_body *b, size_t i, double reservation)
{
    return mfk_body_set_member_param(b, i, MFK_MEMBER_RESERVATION,
                                     reservation);
}

int mfk_body_set_indifference(mfk_body *b, size_t i, double indifference)
{
    return mfk_body_set_member_param(b, i, MFK_MEMBER_INDIFFERENCE,
                                     indifference);
}

int mfk_body_set_support_gain(mfk_body *b, size_t i, double gain)
{
    return mfk_body_set_member_param(b, i, MFK_MEMBER_SUPPORT_GAIN, gain);
}

int mfk_body_set_absence(mfk_body *b, size_t i, double absence)
{
    return mfk_body_set_member_param(b, i, MFK_MEMBER_ABSENCE, absence);
}

double mfk_body_member_externality(const mfk_body *b, size_t i)
{
    return b == NULL || i >= b->n ? 1.0 : b->externality[i];
}

double mfk_body_member_reservation(const mfk_body *b, size_t i)
{
    return b == NULL || i >= b->n ? 0.0 : b->reservation[i];
}

double mfk_body_member_indifference(const mfk_body *b, size_t i)
{
    return b == NULL || i >= b->n ? 0.0 : b->indifference[i];
}

double mfk_body_member_support_gain(const mfk_body *b, size_t i)
{
    return b == NULL || i >= b->n ? 0.0 : b->support_gain[i];
}

double mfk_body_member_absence(const mfk_body *b, size_t i)
{
    return b == NULL || i >= b->n ? 0.0 : b->absence[i];
}

double mfk_body_member_weight(const mfk_body *b, size_t i)
{
    return b == NULL || i >= b->n ? 0.0 : b->weight[i];
}

const double *mfk_body_member_ideal(const mfk_body *b, size_t i)
{
    if (b == NULL || i >= b->n || !b->has_ideal[i])
        return NULL;
    return b->ideal + i * b->dims;
}

const double *mfk_body_member_salience(const mfk_body *b, size_t i)
{
    return b == NULL || i >= b->n ? NULL : b->salience + i * b->dims;
}

double mfk_body_member_tolerance(const mfk_body *b, size_t i)
{
    return b == NULL || i >= b->n ? 0.0 : b->tolerance[i];
}

int mfk_body_has_ideals(const mfk_body *b)
{
    return b != NULL && b->n > 0 && b->n_ideal == b->n;
}

int mfk_body_set_chair(mfk_body *b, size_t i)
{
    if (b == NULL || i >= b->n)
        return MFK_EINVAL;
    b->chair = i;
    b->has_chair = 1;
    return MFK_OK;
}

int mfk_body_chair(const mfk_body *b, size_t *i)
{
    if (b == NULL)
        return MFK_EINVAL;
    if (!b->has_chair)
        return MFK_ENOTFOUND;
    if (i != NULL)
        *i = b->chair;
    return MFK_OK;
}

static int skipped(size_t m, const size_t *skip, size_t nskip)
{
    size_t k;
    for (k = 0; k < nskip; k++)
        if (skip[k] == m)
            return 1;
    return 0;
}

/* The member after m in name order (byte by byte), wrapping round; ties in
 * name go by roster order. Scanning in roster order, a strict comparison
 * keeps the first of equal names. */
static size_t next_by_name(const mfk_body *b, size_t m)
{
    size_t i, best = 0, first = 0;
    int have_best = 0;

    for (i = 0; i < b->n; i++) {
        int c = strcmp(b->mname[i], b->mname[m]);
        if ((c > 0 || (c == 0 && i > m)) &&
            (!have_best || strcmp(b->mname[i], b->mname[best]) < 0)) {
            best = i;
            have_best = 1;
        }
        if (strcmp(b->mname[i], b->mname[first]) < 0)
            first = i;
    }
    return have_best ? best : first;
}

int mfk_body_rotation(const mfk_body *b, int year, int base_year,
                      size_t base_chair, const size_t *skip, size_t nskip,
                      size_t *chair)
{
    size_t m, i, eligible = 0;
    long steps;

    if (b == NULL || chair == NULL || base_chair >= b->n ||
        (nskip > 0 && skip == NULL))
        return MFK_EINVAL;
    if (year < base_year)
        return MFK_EINVAL;
    for (i = 0; i < b->n; i++)
        if (!skipped(i, skip, nskip))
            eligible++;
    m = base_chair;
    steps = (long)year - base_year;
    if (steps > 0 && eligible == 0)
        return MFK_EINVAL;
    /* After a whole cycle of eligible members the walk repeats. */
    if (eligible > 0 && steps > (long)eligible)
        steps = (steps - 1) % (long)eligible + 1;
    while (steps-- > 0) {
        do
            m = next_by_name(b, m);
        while (skipped(m, skip, nskip));
    }
    *chair = m;
    return MFK_OK;
}

int mfk_body_set_rule(mfk_body *b, const mfk_rule *rule)
{
    int rc;
    if (b == NULL || rule == NULL)
        return MFK_EINVAL;
    rc = mfk__rule_check(rule);
    if (rc != MFK_OK)
        return rc;
    b->rule = *rule;
    return MFK_OK;
}

int mfk_body_set_quorum(mfk_body *b, unsigned members, double weight)
{
    if (b == NULL || mfk__quorum_check(weight) != MFK_OK)
        return MFK_EINVAL;
    b->quorum.members = members;
    b->quorum.weight = weight;
    return MFK_OK;
}

int mfk_body_quorum(const mfk_body *b, unsigned *members, double *weight)
{
    if (b == NULL)
        return MFK_EINVAL;
    if (members != NULL)
        *members = b->quorum.members;
    if (weight != NULL)
        *weight = b->quorum.weight;
    return MFK_OK;
}

const mfk_rule *mfk_body_rule(const mfk_body *b)
{
    return b == NULL ? NULL : &b->rule;
}

int mfk_body_set_principle(mfk_body *b, mfk_principle p, mfk_mode mode)
{
    if (b == NULL || (int)p < 0 || p >= MFK_PRINCIPLE_COUNT ||
        (int)mode < 0 || mode > MFK_MODE_OFF)
        return MFK_EINVAL;
    b->modes[p] = mode;
    return MFK_OK;
}

mfk_mode mfk_body_principle(const mfk_body *b, mfk_principle p)
{
    if (b == NULL || (int)p < 0 || p >= MFK_PRINCIPLE_COUNT)
        return MFK_MODE_OFF;
    return b->modes[p];
}

int mfk_body_set_flexible_pillars(mfk_body *b, unsigned mask)
{
    if (b == NULL || (mask & ~7u) != 0)
        return MFK_EINVAL;
    b->flexible_pillars = mask;
    return MFK_OK;
}

unsigned mfk_body_flexible_pillars(const mfk_body *b)
{
    return b == NULL ? 0 : b->flexible_pillars;
}

int mfk_body_set_max_rounds(mfk_body *b, unsigned rounds)
{
    if (b == NULL)
        return MFK_EINVAL;
    if (rounds < 1 || rounds > MFK_MAX_ROUNDS)
        return MFK_ERANGE;
    b->max_rounds = rounds;
    return MFK_OK;
}

unsigned mfk_body_max_rounds(const mfk_body *b)
{
    return b == NULL ? 0 : b->max_rounds;
}

int mfk_body_set_fallback(mfk_body *b, mfk_fallback fallback)
{
    if (b == NULL || (int)fallback < 0 || fallback > MFK_FALLBACK_NONE)
        return MFK_EINVAL;
    b->fallback = fallback;
    return MFK_OK;
}

mfk_fallback mfk_body_fallback(const mfk_body *b)
{
    return b == NULL ? MFK_FALLBACK_DEFER : b->fallback;
}

int mfk_body_add_principle(mfk_body *b, const char *name, mfk_mode mode,
                           mfk_principle_fn check, void *ud)
{
    char *namec;
    size_t cap;
    int v;

    if (b == NULL || name == NULL || *name == '\0' || check == NULL ||
        (int)mode < 0 || mode > MFK_MODE_OFF)
        return MFK_EINVAL;
    if (b->users > 0)
        return MFK_ESTATE;
    if (mfk_lookup(MFK_NAMES_PRINCIPLE, name, &v) == MFK_OK)
        return MFK_EEXISTS;
    for (cap = 0; cap < b->nup; cap++)
        if (strcmp(b->up[cap].name, name) == 0)
            return MFK_EEXISTS;
    if (b->nup == b->upcap) {
        cap = b->upcap ? b->upcap * 2 : 4;
        if (mfk__grow(&b->alloc, (void **)&b->up, cap, sizeof *b->up))
            return MFK_ENOMEM;
        b->upcap = cap;
    }
    namec = mfk__strdup(&b->alloc, name);
    if (namec == NULL)
        return MFK_ENOMEM;
    b->up[b->nup].name = namec;
    b->up[b->nup].mode = mode;
    b->up[b->nup].check = check;
    b->up[b->nup].ud = ud;
    b->nup++;
    return MFK_OK;
}

int mfk_body_set_dimension_name(mfk_body *b, unsigned k, const char *name)
{
    char *c = NULL;
    if (b == NULL || k >= b->dims)
        return MFK_EINVAL;
    if (name != NULL && (c = mfk__strdup(&b->alloc, name)) == NULL)
        return MFK_ENOMEM;
    mfk__free(&b->alloc, b->dim_name[k]);
    b->dim_name[k] = c;
    return MFK_OK;
}

const char *mfk_body_dimension_name(const mfk_body *b, unsigned k)
{
    return b == NULL || k >= b->dims ? NULL : b->dim_name[k];
}

int mfk_body_set_scale(mfk_body *b, unsigned k, double lo, double hi)
{
    if (b == NULL || k >= b->dims || !isfinite(lo) || !isfinite(hi) ||
        !(lo < hi))
        return MFK_EINVAL;
    b->scale_lo[k] = lo;
    b->scale_hi[k] = hi;
    return MFK_OK;
}

int mfk_body_scale(const mfk_body *b, unsigned k, double *lo, double *hi)
{
    if (b == NULL || k >= b->dims)
        return MFK_EINVAL;
    if (lo != NULL)
        *lo = b->scale_lo[k];
    if (hi != NULL)
        *hi = b->scale_hi[k];
    return MFK_OK;
}

int mfk_body_set_capability(mfk_body *b, size_t i, const double *cap)
{
    if (b == NULL || i >= b->n)
        return MFK_EINVAL;
    if (cap == NULL) {
        b->has_cap[i] = 0;
        return MFK_OK;
    }
    if (!finite_vector(cap, b->dims, 1))
        return MFK_EINVAL;
    memcpy(&b->capability[i * b->dims], cap, b->dims * sizeof *cap);
    b->has_cap[i] = 1;
    return MFK_OK;
}

const double *mfk_body_member_capability(const mfk_body *b, size_t i)
{
    return b == NULL || i >= b->n || !b->has_cap[i]
               ? NULL
               : &b->capability[i * b->dims];
}

int mfk__body_set_order(mfk_body *b, unsigned k, const size_t *order)
{
    size_t i;
    if (b == NULL || k >= b->dims || order == NULL)
        return MFK_EINVAL;
    for (i = 0; i < b->n; i++)
        if (order[i] >= b->n)
            return MFK_EINVAL;
    if (b->dim_order == NULL) {
        b->dim_order = mfk__calloc(&b->alloc, b->n * b->dims + 1,
                                   sizeof *b->dim_order);
        if (b->dim_order == NULL)
            return MFK_ENOMEM;
        for (i = 0; i < b->n * b->dims; i++)
            b->dim_order[i] = i % b->n;
    }
    memcpy(&b->dim_order[(size_t)k * b->n], order, b->n * sizeof *order);
    return MFK_OK;
}
