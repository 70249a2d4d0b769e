/* Analysis: opinion dynamics over rounds of consultation.
 *
 * DeGroot (1974): each member's next opinion is the weighted mean of the
 * opinions it listens to, x(k+1) = W x(k). Friedkin and Johnsen (1990):
 * a member is moved only as far as its susceptibility lambda_i, and keeps
 * the rest of its first opinion, x(k+1) = L W x(k) + (I - L) x(0). */
#include "model/model-private.h"

#include <math.h>
#include <string.h>

/* W is row-stochastic and the susceptibilities lie in [0, 1]. */
static int check_model(size_t n, const double *w, const double *lambda)
{
    size_t i, j;
    for (i = 0; i < n; i++) {
        double sum = 0;
        for (j = 0; j < n; j++) {
            double x = w[i * n + j];
            if (!isfinite(x) || x < 0)
                return MFK_ERANGE;
            sum += x;
        }
        if (fabs(sum - 1) > 1e-9)
            return MFK_ERANGE;
        if (lambda != NULL &&
            (!isfinite(lambda[i]) || lambda[i] < 0 || lambda[i] > 1))
            return MFK_ERANGE;
    }
    return MFK_OK;
}

static int check_vector(size_t n, const double *x)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return MFK_ERANGE;
    return MFK_OK;
}

/* One round, unchecked; returns the largest move. */
static double step(size_t n, const double *w, const double *lambda,
                   const double *x0, const double *x, double *next)
{
    size_t i, j;
    double moved = 0;
    for (i = 0; i < n; i++) {
        const double *row = w + i * n;
        double y = 0;
        for (j = 0; j < n; j++)
            y += row[j] * x[j];
        if (lambda != NULL)
            y = lambda[i] * y + (1 - lambda[i]) * x0[i];
        next[i] = y;
        if (fabs(y - x[i]) > moved)
            moved = fabs(y - x[i]);
    }
    return moved;
}

int mfk_dynamics_step(size_t n, const double *matrix,
                      const double *susceptibility, const double *initial,
                      const double *x, double *next)
{
    int rc;
    if (n == 0 || matrix == NULL || x == NULL || next == NULL ||
        (susceptibility != NULL && initial == NULL))
        return MFK_EINVAL;
    if ((rc = check_model(n, matrix, susceptibility)) != MFK_OK ||
        (rc = check_vector(n, x)) != MFK_OK ||
        (initial != NULL && (rc = check_vector(n, initial)) != MFK_OK))
        return rc;
    step(n, matrix, susceptibility, initial, x, next);
    return MFK_OK;
}

int mfk_dynamics_run(size_t n, const double *matrix,
                     const double *susceptibility, const double *initial,
                     double tolerance, unsigned max_rounds, double *final,
                     unsigned *rounds, int *converged,
                     const mfk_allocator *alloc)
{
    mfk_allocator a;
    double *buf, *cur, *nxt, *t;
    unsigned r = 0;
    int rc, done = 0;

    if (n == 0 || matrix == NULL || initial == NULL || final == NULL)
        return MFK_EINVAL;
    if (!isfinite(tolerance) || tolerance < 0)
        return MFK_ERANGE;
    if ((rc = check_model(n, matrix, susceptibility)) != MFK_OK ||
        (rc = check_vector(n, initial)) != MFK_OK)
        return rc;
    mfk__alloc_init(&a, alloc);
    buf = mfk__calloc(&a, 2 * n, sizeof *buf);
    if (buf == NULL)
        return MFK_ENOMEM;
    cur = buf;
    nxt = buf + n;
    memcpy(cur, initial, n * sizeof *cur);
    while (r < max_rounds && !done) {
        double moved = step(n, matrix, susceptibility, initial, cur, nxt);
        r++;
        t = cur;
        cur = nxt;
        nxt = t;
        done = moved <= tolerance;
    }
    memcpy(final, cur, n * sizeof *final);
    if (rounds != NULL)
        *rounds = r;
    if (converged != NULL)
        *converged = done;
    mfk__free(&a, buf);
    return MFK_OK;
}

int mfk_body_move_ideals(mfk_body *body, const double *matrix,
                         const double *susceptibility, const double *anchors)
{
    size_t n, i;
    unsigned d, dims;
    double *col, *x0, *next;
    int rc;

    if (body == NULL || matrix == NULL ||
        (susceptibility != NULL && anchors == NULL))
        return MFK_EINVAL;
    n = body->n;
    dims = body->dims;
    if (!mfk_body_has_ideals(body)) /* nor any member */
        return MFK_EINVAL;
    if ((rc = check_model(n, matrix, susceptibility)) != MFK_OK)
        return rc;
    if (anchors != NULL && (rc = check_vector(n * dims, anchors)) != MFK_OK)
        return rc;
    col = mfk__calloc(&body->alloc, 3 * n, sizeof *col);
    if (col == NULL)
        return MFK_ENOMEM;
    x0 = col + n;
    next = col + 2 * n;
    for (d = 0; d < dims; d++) {
        for (i = 0; i < n; i++) {
            col[i] = body->ideal[i * dims + d];
            x0[i] = anchors != NULL ? anchors[i * dims + d] : col[i];
        }
        step(n, matrix, susceptibility, x0, col, next);
        for (i = 0; i < n; i++)
            body->ideal[i * dims + d] = next[i];
    }
    mfk__free(&body->alloc, col);
    return MFK_OK;
}
