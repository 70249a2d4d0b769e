/* The simulator's workers: one a thread, each with its own copy of the
 * body, a proposal and a consultation on it. */
#include "sim/sim-parts.h"

/* ---- copies of the body ---------------------------------------------- */

int mfk__sim_copy_body(mfk_body **out, const mfk_body *src, unsigned rounds,
                       const mfk_allocator *alloc)
{
    mfk_body *b;
    mfk_member_param p;
    size_t i;
    int rc;

    rc = mfk_body_new(&b, src->name, src->dims, alloc);
    if (rc != MFK_OK)
        return rc;
    for (i = 0; i < src->n && rc == MFK_OK; i++) {
        rc = mfk_body_add_member(b, src->id[i], src->mname[i], NULL);
        if (rc == MFK_OK)
            rc = mfk_body_set_weight(b, i, src->weight[i]);
        if (rc == MFK_OK)
            rc = mfk_body_set_salience(b, i, src->salience + i * src->dims);
        if (rc == MFK_OK)
            rc = mfk_body_set_tolerance(b, i, src->tolerance[i]);
        for (p = MFK_MEMBER_EXTERNALITY; p <= MFK_MEMBER_ABSENCE && rc == MFK_OK;
             p++)
            rc = mfk_body_set_member_param(b, i, p,
                                           mfk_body_member_param(src, i, p));
        if (rc == MFK_OK && src->has_ideal[i])
            rc = mfk_body_set_ideal(b, i, src->ideal + i * src->dims);
    }
    if (rc == MFK_OK)
        rc = mfk_body_set_fallback(b, src->fallback);
    if (rc == MFK_OK && rounds > 0)
        rc = mfk_body_set_max_rounds(b, rounds);
    if (rc != MFK_OK) {
        mfk_body_free(b);
        return rc;
    }
    *out = b;
    return MFK_OK;
}

static void worker_free(mfk_sim *s, struct mfk__worker *w)
{
    mfk_consultation_free(w->c);
    mfk_proposal_free(w->prop);
    mfk_body_free(w->body);
    mfk__free(&s->alloc, w->reach);
    mfk__free(&s->alloc, w->x0);
    mfk__free(&s->alloc, w->obj1);
    mfk__free(&s->alloc, w->lanes);
    mfk__free(&s->alloc, w->dsum);
    mfk__sim_full_free(s, w);
}

void mfk__sim_free_workers(mfk_sim *s)
{
    size_t t;
    for (t = 0; t < s->nworkers; t++)
        worker_free(s, &s->workers[t]);
    mfk__free(&s->alloc, s->workers);
    s->workers = NULL;
    s->nworkers = 0;
}

/* ---- workers ---------------------------------------------------------- */

static int worker_init(mfk_sim *s, struct mfk__worker *w)
{
    unsigned r;
    size_t i, n = s->n;
    int rc;

    memset(w, 0, sizeof *w);
    w->sim = s;
    rc = mfk__sim_copy_body(&w->body, s->tmpl, s->max_rounds, &s->alloc);
    if (rc != MFK_OK)
        return rc;
    /* Every member gets an ideal point; each run overwrites them. */
    for (i = 0; i < n && rc == MFK_OK; i++)
        if (!w->body->has_ideal[i])
            rc = mfk_body_set_ideal(w->body, i, w->sq);
    if (rc == MFK_OK)
        rc = mfk_proposal_new(&w->prop, w->body, "sim", "simulated",
                              &s->alloc);
    /* Flexible participation is allowed on the economic pillar. */
    if (rc == MFK_OK)
        rc = mfk_proposal_set_pillar(w->prop, MFK_PILLAR_ECONOMIC);
    /* Room for every version a consultation can make, taken now. */
    for (r = 0; r < s->max_rounds && rc == MFK_OK; r++)
        rc = mfk_proposal_amend(w->prop, NULL, NULL);
    if (rc == MFK_OK)
        rc = mfk_proposal_reset(w->prop);
    if (rc == MFK_OK)
        rc = mfk_consultation_new(&w->c, w->body, w->prop, &s->alloc);
    if (rc == MFK_OK) {
        w->reach = mfk__malloc(&s->alloc, n * (sizeof *w->reach +
                                               sizeof *w->near + 2));
        if (w->reach == NULL)
            rc = MFK_ENOMEM;
    }
    if (rc != MFK_OK)
        return rc;
    w->x0 = mfk__malloc(&s->alloc, n * s->dims * sizeof *w->x0);
    if (w->x0 == NULL)
        return MFK_ENOMEM;
    w->words = (n + 63) / 64;
    w->tally_size = sizeof(struct tally) / sizeof(u64) + s->max_rounds + 1 +
                    (n <= 64 ? (n + 7) / 8 * 2 : w->words * SLICES);
    w->obj1 = mfk__calloc(&s->alloc,
                          3 * w->words + s->nrules * w->tally_size +
                              3 * sim_pairs(s) + s->nrules,
                          sizeof *w->obj1);
    if (w->obj1 == NULL)
        return MFK_ENOMEM;
    w->k = s->kern;
    if (w->k->draw4 != NULL) {
        /* The values of a run, rounded up to a multiple of 4. */
        w->lane_len = ((n + 1) * s->dims + 3) / 4 * 4;
        w->lanes = mfk__malloc(&s->alloc, 4 * w->lane_len * sizeof *w->lanes);
        if (w->lanes == NULL)
            return MFK_ENOMEM;
    }
    w->dsum = mfk__calloc(&s->alloc, s->nrules * (n + 1), sizeof *w->dsum);
    if (w->dsum == NULL)
        return MFK_ENOMEM;
    w->obj = w->obj1 + w->words;
    w->blk = w->obj + w->words;
    w->tally = (struct tally *)(void *)(w->blk + w->words);
    w->pairs = w->blk + w->words + s->nrules * w->tally_size;
    w->adopt = w->pairs + 3 * sim_pairs(s);
    w->near = (size_t *)(void *)(w->reach + n);
    w->x = w->body->ideal;
    w->chair_1d = s->dims == 1;
    w->unit = 1;
    for (i = 0; i < n * s->dims; i++)
        w->unit &= w->body->salience[i] == 1;
    for (i = 0; i < n; i++)
        if (!(w->body->salience[i] > 0) || w->body->tolerance[i] < 0)
            w->chair_1d = 0;
    w->st = (unsigned char *)(w->near + n);
    w->fl = w->st + n;
    w->c_open = 1;
    return mfk__sim_full_init(w);
}

int mfk__sim_ensure_workers(mfk_sim *s, size_t count)
{
    struct mfk__worker *ws;
    size_t t;
    int rc;

    if (count <= s->nworkers)
        return MFK_OK;
    ws = mfk__calloc(&s->alloc, count, sizeof *ws);
    if (ws == NULL)
        return MFK_ENOMEM;
    if (s->nworkers > 0)
        memcpy(ws, s->workers, s->nworkers * sizeof *ws);
    for (t = s->nworkers; t < count; t++) {
        rc = worker_init(s, &ws[t]);
        if (rc != MFK_OK) {
            /* Keep what was made whole; let the rest go. */
            worker_free(s, &ws[t]);
            mfk__free(&s->alloc, s->workers);
            s->workers = ws;
            s->nworkers = t;
            return rc;
        }
    }
    mfk__free(&s->alloc, s->workers);
    s->workers = ws;
    s->nworkers = count;
    return MFK_OK;
}
