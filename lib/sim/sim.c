/* The Monte Carlo of consultations: the simulation, its settings and
 * its results (sim-parts.h names the other parts). */
#include "sim/sim-parts.h"

/* ---- the sim object --------------------------------------------------- */

static size_t per_rule(const mfk_sim *s)
{
    return OFF_HIST + s->max_rounds + 1 + 2 * s->n;
}

/* The totals are laid out for the rules and rounds in force: any change
 * of them clears the totals and lets the workers go. */
static int relayout(mfk_sim *s)
{
    size_t size = per_rule(s) * (s->nrules ? s->nrules : 1) + 3 * sim_pairs(s);
    double *t = mfk__calloc(&s->alloc, size, sizeof *t);
    if (t == NULL || mfk__sim_build_fast(s) != MFK_OK) {
        mfk__free(&s->alloc, t);
        return MFK_ENOMEM;
    }
    mfk__free(&s->alloc, s->total);
    s->total = t;
    s->per_rule = per_rule(s);
    mfk__sim_free_workers(s);
    return MFK_OK;
}

int mfk__sim_relayout(mfk_sim *s)
{
    return relayout(s);
}

int mfk_sim_new(mfk_sim **out, const mfk_body *body,
                const mfk_allocator *alloc)
{
    mfk_sim *s;
    mfk_allocator a;
    int rc;

    if (out == NULL)
        return MFK_EINVAL;
    *out = NULL;
    if (body == NULL || body->n == 0)
        return MFK_EINVAL;
    mfk__alloc_init(&a, alloc);
    s = mfk__calloc(&a, 1, sizeof *s);
    if (s == NULL)
        return MFK_ENOMEM;
    s->alloc = a;
    s->n = body->n;
    s->dims = body->dims;
    s->culture = MFK_CULTURE_UNIFORM;
    s->spread = 0.15;
    s->blocs = 3;
    s->at_member = 1;
    s->chair = MFK_CHAIR_DEFAULT;
    s->max_rounds = 10;
    s->kern = mfk__sim_kernel_best();
    rc = mfk__sim_copy_body(&s->tmpl, body, 0, &a);
    if (rc == MFK_OK)
        rc = relayout(s);
    if (rc != MFK_OK) {
        mfk_sim_free(s);
        return rc;
    }
    *out = s;
    return MFK_OK;
}

void mfk_sim_free(mfk_sim *s)
{
    if (s == NULL)
        return;
    mfk__sim_free_workers(s);
    mfk__sim_free_fast(s);
    mfk__free(&s->alloc, s->total);
    mfk__free(&s->alloc, s->rules);
    mfk_body_free(s->tmpl);
    mfk__free(&s->alloc, s);
}

int mfk_sim_set_culture(mfk_sim *s, mfk_culture culture, double spread,
                        unsigned blocs)
{
    if (s == NULL || (int)culture < 0 || culture > MFK_CULTURE_FIXED)
        return MFK_EINVAL;
    if (!isfinite(spread) || spread < 0)
        return MFK_ERANGE;
    if (culture == MFK_CULTURE_BLOCS && (blocs < 1 || blocs > MAX_BLOCS))
        return MFK_ERANGE;
    if (culture == MFK_CULTURE_FIXED && !mfk_body_has_ideals(s->tmpl))
        return MFK_EINVAL;
    s->culture = culture;
    s->spread = spread;
    if (culture == MFK_CULTURE_BLOCS)
        s->blocs = blocs;
    return MFK_OK;
}

int mfk_sim_set_proposals(mfk_sim *s, int at_member, const double *sq)
{
    unsigned k;
    if (s == NULL)
        return MFK_EINVAL;
    if (sq != NULL) {
        for (k = 0; k < s->dims; k++)
            if (!isfinite(sq[k]))
                return MFK_ERANGE;
        memcpy(s->sq, sq, s->dims * sizeof *sq);
    }
    s->sq_fixed = sq != NULL;
    s->at_member = at_member != 0;
    return MFK_OK;
}

int mfk_sim_set_behaviour(mfk_sim *s, double concession, double face_saving,
                          mfk_chair_strategy chair)
{
    if (s == NULL || (int)chair < 0 || chair > MFK_CHAIR_SINGLE_ROUND)
        return MFK_EINVAL;
    if (!isfinite(concession) || concession < 0 || !(face_saving >= 0) ||
        face_saving > 1)
        return MFK_ERANGE;
    s->concession = concession;
    s->face_saving = face_saving;
    s->chair = chair;
    return MFK_OK;
}

int mfk_sim_set_stance_model(mfk_sim *s, mfk_sim_stance_fn fn, void *ud)
{
    if (s == NULL)
        return MFK_EINVAL;
    s->stance_fn = fn;
    s->stance_ud = fn != NULL ? ud : NULL;
    return MFK_OK;
}

int mfk_sim_set_dynamics(mfk_sim *s, double susceptibility)
{
    if (s == NULL)
        return MFK_EINVAL;
    if (!(susceptibility >= 0) || susceptibility > 1)
        return MFK_ERANGE;
    s->susceptibility = susceptibility;
    return MFK_OK;
}

int mfk_sim_set_max_rounds(mfk_sim *s, unsigned rounds)
{
    unsigned old;
    int rc;
    if (s == NULL)
        return MFK_EINVAL;
    if (rounds < 1 || rounds > MFK_MAX_ROUNDS)
        return MFK_ERANGE;
    old = s->max_rounds;
    s->max_rounds = rounds;
    rc = relayout(s);
    if (rc != MFK_OK)
        s->max_rounds = old;
    return rc;
}

int mfk_sim_add_rule(mfk_sim *s, const mfk_rule *rule)
{
    int rc;
    if (s == NULL || rule == NULL)
        return MFK_EINVAL;
    rc = mfk__rule_check(rule);
    if (rc != MFK_OK)
        return rc;
    if (s->nrules == s->rulecap) {
        size_t cap = s->rulecap ? 2 * s->rulecap : 4;
        if (mfk__grow(&s->alloc, (void **)&s->rules, cap, sizeof *s->rules))
            return MFK_ENOMEM;
        s->rulecap = cap;
    }
    s->rules[s->nrules++] = *rule;
    rc = relayout(s);
    if (rc != MFK_OK)
        s->nrules--;
    return rc;
}

size_t mfk_sim_rule_count(const mfk_sim *s)
{
    return s == NULL ? 0 : s->nrules;
}

size_t mfk_sim_record_size(const mfk_sim *s)
{
    return s == NULL ? 0 : sim_record_size(s);
}

#ifdef MFK_TEST_HOOKS
#include "mufakat-test.h"

int mfk__test_sim_force_kernel(mfk_sim *s, const char *name)
{
    const struct mfk__sim_kernel *k;
    if (s == NULL || name == NULL)
        return MFK_EINVAL;
    k = mfk__sim_kernel_named(name);
    if (k == NULL)
        return MFK_EUNSUPPORTED;
    s->kern = k;
    /* The workers were made for the kernel before. */
    mfk__sim_free_workers(s);
    return MFK_OK;
}

const char *mfk__test_sim_kernel(const mfk_sim *s)
{
    return s == NULL ? NULL : s->kern->name;
}

int mfk__test_sim_engine_only(mfk_sim *s, int on)
{
    if (s == NULL)
        return MFK_EINVAL;
    s->engine_only = on != 0;
    return MFK_OK;
}
#endif

/* ---- results ---------------------------------------------------------- */

int mfk_sim_stat(const mfk_sim *s, size_t rule, mfk_sim_stat_kind kind,
                 size_t index, double *value)
{
    const double *r;
    if (s == NULL || value == NULL || rule >= s->nrules)
        return MFK_EINVAL;
    r = s->total + rule * s->per_rule;
    switch (kind) {
    case MFK_SIM_RUNS:
        *value = r[OFF_RUNS];
        return MFK_OK;
    case MFK_SIM_OUTCOMES:
        if (index > MFK_OUTCOME_INADMISSIBLE)
            return MFK_ERANGE;
        *value = r[OFF_OUT + index];
        return MFK_OK;
    case MFK_SIM_ADOPTED:
        *value = r[OFF_ADOPTED];
        return MFK_OK;
    case MFK_SIM_ROUNDS:
        *value = r[OFF_ROUNDS];
        return MFK_OK;
    case MFK_SIM_ROUNDS_HELD:
        if (index > s->max_rounds)
            return MFK_ERANGE;
        *value = r[OFF_HIST + index];
        return MFK_OK;
    case MFK_SIM_MEMBER_ROUNDS:
        *value = r[OFF_MEMBER_ROUNDS];
        return MFK_OK;
    case MFK_SIM_PARTICIPANTS:
        *value = r[OFF_PART];
        return MFK_OK;
    case MFK_SIM_DISTANCE:
        *value = r[OFF_DIST];
        return MFK_OK;
    case MFK_SIM_DISTANCE_IDEAL:
        if (index >= s->n)
            return MFK_ERANGE;
        *value = r[OFF_HIST + s->max_rounds + 1 + s->n + index];
        return MFK_OK;
    case MFK_SIM_BLOCKING:
        if (index >= s->n)
            return MFK_ERANGE;
        *value = r[OFF_HIST + s->max_rounds + 1 + index];
        return MFK_OK;
    }
    return MFK_EINVAL;
}

int mfk_sim_adoption(const mfk_sim *s, size_t rule, double *share,
                     double *lo, double *hi)
{
    double runs, adopted, l, h;
    int rc;

    if (s == NULL || rule >= s->nrules)
        return MFK_EINVAL;
    mfk_sim_stat(s, rule, MFK_SIM_RUNS, 0, &runs);
    mfk_sim_stat(s, rule, MFK_SIM_ADOPTED, 0, &adopted);
    rc = mfk_wilson(adopted, runs, 1.959963984540054, &l, &h);
    if (rc != MFK_OK)
        return rc;
    if (share != NULL)
        *share = runs > 0 ? adopted / runs : 0;
    if (lo != NULL)
        *lo = l;
    if (hi != NULL)
        *hi = h;
    return MFK_OK;
}

int mfk_sim_paired(const mfk_sim *s, size_t a, size_t b, double counts[4],
                   double *difference, double ci95[2])
{
    const double *c;
    double n[4], runs, pa, la, ua, pb, lb, ub, delta, m, phi, d, dl, dh;
    size_t i, j, p;

    if (s == NULL || a >= s->nrules || b >= s->nrules || a == b)
        return MFK_EINVAL;
    i = a < b ? a : b;
    j = a < b ? b : a;
    /* pair (i, j) after those of every rule before i */
    p = i * s->nrules - i * (i + 1) / 2 + (j - i - 1);
    c = s->total + s->nrules * s->per_rule + 3 * p;
    runs = s->total[OFF_RUNS];
    n[0] = c[0];
    n[1] = a < b ? c[1] : c[2];
    n[2] = a < b ? c[2] : c[1];
    n[3] = runs - c[0] - c[1] - c[2];
    mfk_sim_adoption(s, a, &pa, &la, &ua);
    mfk_sim_adoption(s, b, &pb, &lb, &ub);
    d = pb - pa;
    /* phi of the 2 x 2 table, as Newcombe corrects it */
    delta = n[0] * n[3] - n[1] * n[2];
    m = (n[0] + n[1]) * (n[2] + n[3]) * (n[0] + n[2]) * (n[1] + n[3]);
    if (m == 0 || (delta >= 0 && delta <= runs / 2))
        phi = 0;
    else if (delta > runs / 2)
        phi = (delta - runs / 2) / sqrt(m);
    else
        phi = delta / sqrt(m);
    dl = (pb - lb) * (pb - lb) - 2 * phi * (pb - lb) * (ua - pa) +
         (ua - pa) * (ua - pa);
    dh = (ub - pb) * (ub - pb) - 2 * phi * (ub - pb) * (pa - la) +
         (pa - la) * (pa - la);
    if (counts != NULL)
        memcpy(counts, n, sizeof n);
    if (difference != NULL)
        *difference = d;
    if (ci95 != NULL) {
        ci95[0] = d - sqrt(dl > 0 ? dl : 0);
        ci95[1] = d + sqrt(dh > 0 ? dh : 0);
    }
    return MFK_OK;
}
