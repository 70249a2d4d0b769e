/* Drawing a run of the simulator from its own stream: the ideal points,
 * the status quo and the proposal. */
#include "sim/sim-parts.h"

/* ---- drawing a run ---------------------------------------------------- */

/* The uniform values of a run come two from each output of the
 * generator, its low 32 bits first, on the grid of 2^-32 in [0, 1):
 * half the work of a 53-bit draw, and finer than any simulated
 * preference needs. A high half not used at once waits for the next
 * uniform value; any other draw drops it. */
struct halves {
    mfk_rng r;
    u64 spare;
    int has_spare;
};

/* count uniform values into a, then count2 into b (b may be NULL when
 * count2 is 0): the halves of the outputs in order, a spare high half
 * first. */
static void fill_unit2(const struct mfk__sim_kernel *k, struct halves *h,
                       double *a, size_t count, double *b, size_t count2)
{
    mfk_rng r = h->r; /* in registers for the loops */
    size_t i = 0, j = 0;

    if (count > 0 && h->has_spare) {
        a[i++] = mfk__u32_unit(h->spare);
        h->has_spare = 0;
    } else if (count2 > 0 && h->has_spare) {
        b[j++] = mfk__u32_unit(h->spare);
        h->has_spare = 0;
    }
    k->unit_pairs(&r, a + i, (count - i) / 2);
    i += (count - i) / 2 * 2;
    if (i < count) {
        u64 u = mfk__rng_next(&r);
        a[i] = mfk__u32_unit(u);
        if (count2 > 0) {
            b[j++] = mfk__u32_unit(u >> 32);
        } else {
            h->spare = u >> 32;
            h->has_spare = 1;
        }
    }
    if (j < count2) {
        k->unit_pairs(&r, b + j, (count2 - j) / 2);
        j += (count2 - j) / 2 * 2;
    }
    if (j < count2) {
        u64 u = mfk__rng_next(&r);
        b[j] = mfk__u32_unit(u);
        h->spare = u >> 32;
        h->has_spare = 1;
    }
    h->r = r;
}

static void fill_unit(const struct mfk__sim_kernel *k, struct halves *h,
                      double *out, size_t count)
{
    fill_unit2(k, h, out, count, NULL, 0);
}

/* mfk__sim_draw_run() in the commonest case, a uniform culture with a
 * random status quo and proposals at a member's ideal point: one pass
 * with the generator in registers. */
static void draw_uniform(const struct mfk__sim_kernel *kern, u64 mix,
                         u64 run, size_t count, unsigned D, double *ideal,
                         double *sq, double *pos, mfk_rng *rng)
{
    mfk_rng r;
    size_t i, m;
    unsigned k = 0;

    mfk__rng_seed_stream(&r, mix, run);
    kern->unit_pairs(&r, ideal, count / 2);
    i = count / 2 * 2;
    if (i < count) {
        u64 u = mfk__rng_next(&r);
        ideal[i] = mfk__u32_unit(u);
        sq[k++] = mfk__u32_unit(u >> 32);
    }
    if (k + 2 <= D) {
        kern->unit_pairs(&r, sq + k, (D - k) / 2);
        k += (D - k) / 2 * 2;
    }
    if (k < D)
        sq[k] = mfk__u32_unit(mfk__rng_next(&r));
    m = (size_t)mfk__rng_below(&r, count / D);
    for (k = 0; k < D; k++)
        pos[k] = ideal[m * D + k];
    *rng = r;
}

/* mfk__sim_draw_run() in every other case. */
static void draw_other(const mfk_sim *s, u64 mix, u64 run, double *ideal,
                       double *sq, double *pos, mfk_rng *rng)
{
    double centre[MAX_BLOCS * MFK_MAX_DIMS];
    unsigned D = s->dims, k, j;
    size_t i, n = s->n, m;
    struct halves h;

    mfk__rng_seed_stream(&h.r, mix, run);
    h.has_spare = 0;
    switch (s->culture) {
    case MFK_CULTURE_UNIFORM:
        /* The random status quo follows on, in the same pass. */
        fill_unit2(s->kern, &h, ideal, n * D, sq, s->sq_fixed ? 0 : D);
        break;
    case MFK_CULTURE_GAUSSIAN:
        for (i = 0; i < n * D; i++)
            ideal[i] = 0.5 + s->spread * mfk_rng_normal(&h.r);
        break;
    case MFK_CULTURE_BLOCS:
        fill_unit(s->kern, &h, centre, s->blocs * D);
        h.has_spare = 0;
        for (i = 0; i < n; i++) {
            j = (unsigned)mfk__rng_below(&h.r, s->blocs);
            for (k = 0; k < D; k++)
                ideal[i * D + k] =
                    centre[j * D + k] + s->spread * mfk_rng_normal(&h.r);
        }
        break;
    case MFK_CULTURE_FIXED:
        memcpy(ideal, s->tmpl->ideal, n * D * sizeof *ideal);
        break;
    }
    if (s->sq_fixed)
        memcpy(sq, s->sq, D * sizeof *sq);
    else if (s->culture != MFK_CULTURE_UNIFORM)
        fill_unit(s->kern, &h, sq, D);
    if (s->at_member) {
        m = (size_t)mfk__rng_below(&h.r, n);
        for (k = 0; k < D; k++)
            pos[k] = ideal[m * D + k];
    } else {
        fill_unit(s->kern, &h, pos, D);
    }
    *rng = h.r;
}

/*
 * The draw of run `run`, from stream (seed, run) (the seed's mix given),
 * in this order: the members' ideal points (member by member, dimension
 * by dimension; for blocs, first the bloc centres, then for each member
 * its bloc and its offset), the status quo when it is random, then the
 * proposal: a member drawn uniformly, whose ideal point it takes, or a
 * uniform point. The stream goes on to the behaviour (face-saving),
 * which starts again from the same place for each rule.
 */
void mfk__sim_draw_run(const mfk_sim *s, u64 mix, u64 run, double *ideal,
                       double *sq, double *pos, mfk_rng *rng)
{
    if (s->culture == MFK_CULTURE_UNIFORM && !s->sq_fixed && s->at_member)
        draw_uniform(s->kern, mix, run, s->n * s->dims, s->dims, ideal, sq,
                     pos, rng);
    else
        draw_other(s, mix, run, ideal, sq, pos, rng);
}

int mfk_sim_draw(const mfk_sim *s, u64 seed, u64 run, mfk_body *body,
                 mfk_proposal *prop)
{
    double sq[MFK_MAX_DIMS], pos[MFK_MAX_DIMS], *ideal;
    mfk_rng rng;
    size_t i;
    int rc = MFK_OK;

    if (s == NULL || body == NULL || prop == NULL || prop->body != body ||
        body->n != s->n || body->dims != s->dims)
        return MFK_EINVAL;
    ideal = mfk__malloc(&s->alloc, s->n * s->dims * sizeof *ideal);
    if (ideal == NULL)
        return MFK_ENOMEM;
    mfk__sim_draw_run(s, mfk__rng_seed_mix(seed), run, ideal, sq, pos, &rng);
    for (i = 0; i < s->n && rc == MFK_OK; i++)
        rc = mfk_body_set_ideal(body, i, ideal + i * s->dims);
    mfk__free(&s->alloc, ideal);
    if (rc == MFK_OK)
        rc = mfk_proposal_reset(prop);
    if (rc == MFK_OK)
        rc = mfk_proposal_set_position(prop, pos);
    if (rc == MFK_OK)
        rc = mfk_proposal_set_status_quo(prop, sq);
    return rc;
}
