/* Predicted outcomes of a negotiation from the members' positions,
 * saliences and capabilities per issue: the compromise model, the
 * weighted median, the Nash bargaining solution, and the exchange model
 * (lib/analysis/exchange.c). */
#include "analysis-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const model_names[MFK_PREDICT_MODEL_COUNT] = {
    "compromise", "median", "nbs", "exchange"};

const char *mfk_predict_model_name(mfk_predict_model model)
{
    return (unsigned)model < MFK_PREDICT_MODEL_COUNT ? model_names[model]
                                                     : NULL;
}

int mfk_predict_model_lookup(const char *name, mfk_predict_model *model)
{
    int i;
    if (name == NULL || model == NULL)
        return MFK_EINVAL;
    for (i = 0; i < MFK_PREDICT_MODEL_COUNT; i++)
        if (strcmp(name, model_names[i]) == 0) {
            *model = (mfk_predict_model)i;
            return MFK_OK;
        }
    return MFK_ENOTFOUND;
}

/* Member i's capability on issue k: its own, else its weight. */
static double capability(const mfk_body *b, size_t i, unsigned k)
{
    const double *c = mfk_body_member_capability(b, i);
    return c != NULL ? c[k] : mfk_body_member_weight(b, i);
}

static double salience(const mfk_body *b, size_t i, unsigned k)
{
    return mfk_body_member_salience(b, i)[k];
}

/* The members taking part in issue k (salience above 0), in the order in
 * which the issue counts them; their number. */
static size_t members_in(const mfk_body *b, unsigned k, size_t *in)
{
    size_t r, i, n = b->n, c = 0;
    for (r = 0; r < n; r++) {
        i = b->dim_order != NULL ? b->dim_order[(size_t)k * n + r] : r;
        if (salience(b, i, k) > 0)
            in[c++] = i;
    }
    return c;
}

static void compromise(const mfk_body *b, const size_t *in,
                       const size_t *count, double *out)
{
    unsigned k;
    size_t r, i;
    for (k = 0; k < b->dims; k++) {
        double num = 0, den = 0, w;
        for (r = 0; r < count[k]; r++) {
            i = in[(size_t)k * b->n + r];
            w = capability(b, i, k) * salience(b, i, k);
            num += w * mfk_body_member_ideal(b, i)[k];
            den += w;
        }
        out[k] = num / den;
    }
}

struct posw {
    double x, w;
};

static int by_position(const void *a, const void *b)
{
    double x = ((const struct posw *)a)->x, y = ((const struct posw *)b)->x;
    return (x > y) - (x < y);
}

static int median(const mfk_body *b, const size_t *in, const size_t *count,
                  double *out)
{
    unsigned k;
    size_t r, i;
    struct posw *v = mfk__calloc(&b->alloc, b->n, sizeof *v);
    if (v == NULL)
        return MFK_ENOMEM;
    for (k = 0; k < b->dims; k++) {
        double total = 0, cum = 0;
        for (r = 0; r < count[k]; r++) {
            i = in[(size_t)k * b->n + r];
            v[r].x = mfk_body_member_ideal(b, i)[k];
            v[r].w = capability(b, i, k) * salience(b, i, k);
            total += v[r].w;
        }
        qsort(v, count[k], sizeof *v, by_position);
        out[k] = v[count[k] - 1].x;
        for (r = 0; r < count[k]; r++) {
            cum += v[r].w;
            if (2 * cum >= total || mfk__same_amount(2 * cum, total)) {
                out[k] = v[r].x;
                break;
            }
        }
    }
    mfk__free(&b->alloc, v);
    return MFK_OK;
}

/* ---- the Nash bargaining solution ------------------------------------ */

struct nbs {
    size_t n;   /* members counted */
    unsigned d; /* issues */
    const double *ideal, *sal, *w; /* n * d, n * d, n */
    double *dq;                    /* utility of the status quo, n */
};

/* u_i(x) - u_i(q), u_i(x) = -sum_k s_ik (x_k - ideal_ik)^2 */
static double gain_of(const struct nbs *g, size_t i, const double *x)
{
    unsigned k;
    double u = 0, t;
    for (k = 0; k < g->d; k++) {
        t = x[k] - g->ideal[i * g->d + k];
        u -= g->sal[i * g->d + k] * t * t;
    }
    return u - g->dq[i];
}

/* sum_i w_i log(gain_i(x)); -inf when a member does not gain. */
static double nash_value(const struct nbs *g, const double *x)
{
    size_t i;
    double f = 0, v;
    for (i = 0; i < g->n; i++) {
        v = gain_of(g, i, x);
        if (!(v > 0))
            return -INFINITY;
        f += g->w[i] * log(v);
    }
    return f;
}

/* Solves A y = r for the d x d positive definite A (Cholesky, in place);
 * 0 when A is not. */
static int cholesky_solve(double *A, double *r, unsigned d)
{
    unsigned i, j, k;
    for (j = 0; j < d; j++) {
        double s = A[j * d + j];
        for (k = 0; k < j; k++)
            s -= A[j * d + k] * A[j * d + k];
        if (!(s > 0))
            return 0;
        A[j * d + j] = sqrt(s);
        for (i = j + 1; i < d; i++) {
            double t = A[i * d + j];
            for (k = 0; k < j; k++)
                t -= A[i * d + k] * A[j * d + k];
            A[i * d + j] = t / A[j * d + j];
        }
    }
    for (i = 0; i < d; i++) {
        for (k = 0; k < i; k++)
            r[i] -= A[i * d + k] * r[k];
        r[i] /= A[i * d + i];
    }
    for (i = d; i-- > 0;) {
        for (k = i + 1; k < d; k++)
            r[i] -= A[k * d + i] * r[k];
        r[i] /= A[i * d + i];
    }
    return 1;
}

/* A point every member prefers to q: q + t * dir, dir making a positive
 * angle with every member's gradient at q (found by the perceptron rule,
 * which finds one whenever one exists); 0 when none is found. */
static int nbs_start(const struct nbs *g, const double *q, double *x)
{
    double dir[MFK_MAX_DIMS] = {0}, grad[MFK_MAX_DIMS], t;
    unsigned k, it;
    size_t i;
    int ok = 0;

    for (it = 0; it < 100000 && !ok; it++) {
        ok = 1;
        for (i = 0; i < g->n; i++) {
            double dot = 0, norm = 0;
            for (k = 0; k < g->d; k++) {
                grad[k] = g->sal[i * g->d + k] * (g->ideal[i * g->d + k] -
                                                  q[k]);
                dot += grad[k] * dir[k];
                norm += grad[k] * grad[k];
            }
            if (norm == 0)
                return 0; /* at its ideal: nothing is better for it */
            if (dot <= 1e-12 * sqrt(norm)) {
                for (k = 0; k < g->d; k++)
                    dir[k] += grad[k] / sqrt(norm);
                ok = 0;
            }
        }
    }
    if (!ok)
        return 0;
    for (t = 1; t > 1e-300; t /= 2) {
        for (k = 0; k < g->d; k++)
            x[k] = q[k] + t * dir[k];
        if (nash_value(g, x) > -INFINITY)
            return 1;
    }
    return 0;
}

/* Maximises the Nash product by Newton's method from a point preferred by
 * all; the status quo when there is none. */
static void nbs_solve(const struct nbs *g, const double *q, double *x)
{
    double grad[MFK_MAX_DIMS], H[MFK_MAX_DIMS * MFK_MAX_DIMS],
        step[MFK_MAX_DIMS], y[MFK_MAX_DIMS], gi[MFK_MAX_DIMS];
    unsigned d = g->d, k, l, it;
    size_t i;

    if (!nbs_start(g, q, x)) {
        memcpy(x, q, d * sizeof *x);
        return;
    }
    for (it = 0; it < 200; it++) {
        double f = nash_value(g, x), t, dec = 0;
        memset(grad, 0, sizeof grad);
        memset(H, 0, sizeof H);
        for (i = 0; i < g->n; i++) {
            double v = gain_of(g, i, x), w = g->w[i];
            for (k = 0; k < d; k++)
                gi[k] = -2 * g->sal[i * d + k] * (x[k] - g->ideal[i * d + k]);
            for (k = 0; k < d; k++) {
                grad[k] += w * gi[k] / v;
                /* -Hessian: w (2 s / v + g g^T / v^2) */
                H[k * d + k] += w * 2 * g->sal[i * d + k] / v;
                for (l = 0; l < d; l++)
                    H[k * d + l] += w * gi[k] * gi[l] / (v * v);
            }
        }
        memcpy(step, grad, sizeof step);
        if (!cholesky_solve(H, step, d))
            break;
        for (k = 0; k < d; k++)
            dec += grad[k] * step[k];
        if (dec < 1e-20)
            break;
        for (t = 1; t > 1e-12; t /= 2) {
            for (k = 0; k < d; k++)
                y[k] = x[k] + t * step[k];
            if (nash_value(g, y) >= f + 0.25 * t * dec)
                break;
        }
        if (t <= 1e-12)
            break;
        memcpy(x, y, d * sizeof *x);
    }
}

static int nbs(const mfk_body *b, const double *q, double *out)
{
    struct nbs g;
    size_t n = b->n, i, m = 0;
    unsigned k, d = b->dims;
    double *ideal, *sal, *w, *dq;
    int rc = MFK_OK;

    ideal = mfk__calloc(&b->alloc, n * d, sizeof *ideal);
    sal = mfk__calloc(&b->alloc, n * d, sizeof *sal);
    w = mfk__calloc(&b->alloc, n, sizeof *w);
    dq = mfk__calloc(&b->alloc, n, sizeof *dq);
    if (!ideal || !sal || !w || !dq) {
        rc = MFK_ENOMEM;
        goto done;
    }
    /* members with a weight and some salience; the weight the mean
     * capability over the issues it takes part in */
    for (i = 0; i < n; i++) {
        double cs = 0, ss = 0;
        unsigned in = 0;
        for (k = 0; k < d; k++)
            if (salience(b, i, k) > 0) {
                cs += capability(b, i, k);
                ss += salience(b, i, k);
                in++;
            }
        if (in == 0 || !(cs > 0))
            continue;
        for (k = 0; k < d; k++) {
            ideal[m * d + k] = mfk_body_member_ideal(b, i)[k];
            sal[m * d + k] = salience(b, i, k);
        }
        w[m] = cs / in;
        m++;
    }
    g.n = m;
    g.d = d;
    g.ideal = ideal;
    g.sal = sal;
    g.w = w;
    g.dq = dq;
    for (i = 0; i < m; i++) {
        dq[i] = 0;
        dq[i] = gain_of(&g, i, q);
    }
    nbs_solve(&g, q, out);
done:
    mfk__free(&b->alloc, ideal);
    mfk__free(&b->alloc, sal);
    mfk__free(&b->alloc, w);
    mfk__free(&b->alloc, dq);
    return rc;
}

/* ---- the calls ------------------------------------------------------- */

int mfk_predict(mfk_prediction **out, const mfk_body *b,
                mfk_predict_model model, const double *status_quo,
                unsigned rounds, const mfk_allocator *alloc)
{
    mfk_prediction *p;
    mfk_allocator a;
    size_t *in = NULL, count[MFK_MAX_DIMS], i;
    unsigned k;
    int rc = MFK_OK;

    if (out == NULL)
        return MFK_EINVAL;
    *out = NULL;
    if (b == NULL || (unsigned)model >= MFK_PREDICT_MODEL_COUNT ||
        !mfk_body_has_ideals(b) ||
        (model == MFK_PREDICT_NBS && status_quo == NULL) ||
        (model == MFK_PREDICT_EXCHANGE && rounds < 1))
        return MFK_EINVAL;
    for (i = 0; i < b->n; i++)
        for (k = 0; k < b->dims; k++) {
            double x = mfk_body_member_ideal(b, i)[k];
            if (x < b->scale_lo[k] || x > b->scale_hi[k])
                return MFK_ERANGE;
        }
    mfk__alloc_init(&a, alloc);
    if ((p = mfk__calloc(&a, 1, sizeof *p)) == NULL)
        return MFK_ENOMEM;
    p->alloc = a;
    p->model = model;
    p->dims = b->dims;
    if ((in = mfk__calloc(&a, (size_t)b->dims * b->n, sizeof *in)) == NULL) {
        rc = MFK_ENOMEM;
        goto done;
    }
    for (k = 0; k < b->dims; k++) {
        double w = 0;
        count[k] = members_in(b, k, &in[(size_t)k * b->n]);
        for (i = 0; i < count[k]; i++)
            w += capability(b, in[(size_t)k * b->n + i], k);
        if (!(w > 0)) {
            rc = MFK_EINVAL;
            goto done;
        }
    }
    switch (model) {
    case MFK_PREDICT_COMPROMISE:
        compromise(b, in, count, p->outcome);
        break;
    case MFK_PREDICT_MEDIAN:
        rc = median(b, in, count, p->outcome);
        break;
    case MFK_PREDICT_NBS:
        rc = nbs(b, status_quo, p->outcome);
        break;
    case MFK_PREDICT_EXCHANGE: {
        struct mfk__xinput xi;
        double *cap = mfk__calloc(&a, (size_t)b->dims * b->n, sizeof *cap);
        if (cap == NULL) {
            rc = MFK_ENOMEM;
            break;
        }
        for (i = 0; i < b->n; i++)
            for (k = 0; k < b->dims; k++)
                cap[i * b->dims + k] = capability(b, i, k);
        xi.n = b->n;
        xi.dims = b->dims;
        xi.pos = b->ideal;
        xi.sal = b->salience;
        xi.cap = cap;
        xi.in = in;
        xi.count = count;
        xi.lo = b->scale_lo;
        xi.hi = b->scale_hi;
        rc = mfk__exchange_run(p, &xi, rounds);
        mfk__free(&a, cap);
        break;
    }
    }
done:
    mfk__free(&a, in);
    if (rc != MFK_OK) {
        mfk_prediction_free(p);
        return rc;
    }
    *out = p;
    return MFK_OK;
}

void mfk_prediction_free(mfk_prediction *p)
{
    if (p == NULL)
        return;
    mfk__free(&p->alloc, p->start);
    mfk__free(&p->alloc, p->after);
    mfk__free(&p->alloc, p->first);
    mfk__free(&p->alloc, p->x);
    mfk__free(&p->alloc, p);
}

mfk_predict_model mfk_prediction_model(const mfk_prediction *p)
{
    return p == NULL ? MFK_PREDICT_COMPROMISE : p->model;
}

unsigned mfk_prediction_dims(const mfk_prediction *p)
{
    return p == NULL ? 0 : p->dims;
}

const double *mfk_prediction_outcome(const mfk_prediction *p)
{
    return p == NULL ? NULL : p->outcome;
}

unsigned mfk_prediction_rounds(const mfk_prediction *p)
{
    return p == NULL ? 0 : p->rounds;
}

const double *mfk_prediction_round_start(const mfk_prediction *p,
                                         unsigned r)
{
    return p == NULL || r >= p->rounds ? NULL : &p->start[(size_t)r * p->dims];
}

const double *mfk_prediction_round_outcome(const mfk_prediction *p,
                                           unsigned r)
{
    return p == NULL || r >= p->rounds ? NULL : &p->after[(size_t)r * p->dims];
}

size_t mfk_prediction_exchange_count(const mfk_prediction *p, unsigned r)
{
    return p == NULL || r >= p->rounds ? 0 : p->first[r + 1] - p->first[r];
}

const mfk_exchange *mfk_prediction_exchange(const mfk_prediction *p,
                                            unsigned r, size_t e)
{
    if (p == NULL || r >= p->rounds || e >= p->first[r + 1] - p->first[r])
        return NULL;
    return &p->x[p->first[r] + e];
}
