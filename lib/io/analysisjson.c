/* What `mufakat power`, `winset` and `dynamics` print as JSON (CONTRACT),
 * made from the analysis module's public results. */
#include "records-private.h"

#include <stdio.h>

static void numbers(mfk__json *j, const double *x, size_t n)
{
    size_t i;
    mfk__json_begin_array(j);
    for (i = 0; i < n; i++)
        mfk__json_number(j, x[i]);
    mfk__json_end_array(j);
}

/* The indices of `mufakat power`, in the order it prints them: that of
 * mfk_index, named by MFK_NAMES_INDEX. */
#define NPOWER ((size_t)MFK_INDEX_JOHNSTON + 1)

/* The JSON of game g with the indices `want` asks for (bits by
 * mfk_index). `optional` bits may be missing (null: the Shapley-Shubik
 * index of mfk_game_write_json()); any other missing is MFK_ESTATE. */
static int write_power(const mfk_game *g, const char *const *names,
                       const char *rule, unsigned want, unsigned optional,
                       const mfk_allocator *alloc, char *buf, size_t size,
                       size_t *len)
{
    mfk_allocator a;
    mfk__json j;
    double *x[NPOWER] = {NULL}, *err[NPOWER] = {NULL};
    int have[NPOWER], approximate = 0;
    size_t n, i, k;
    char pname[32];
    int rc = MFK_OK;

    if (g == NULL || len == NULL)
        return MFK_EINVAL;
    n = mfk_game_player_count(g);
    if (names != NULL)
        for (i = 0; i < n; i++)
            if (names[i] == NULL)
                return MFK_EINVAL;
    mfk__alloc_init(&a, alloc);
    for (k = 0; k < NPOWER; k++) {
        have[k] = 0;
        if (!(want >> k & 1))
            continue;
        if ((x[k] = mfk__calloc(&a, n ? n : 1, sizeof *x[k])) == NULL ||
            (err[k] = mfk__calloc(&a, n ? n : 1, sizeof *err[k])) == NULL) {
            rc = MFK_ENOMEM;
            goto done;
        }
        have[k] = mfk_game_index(g, (mfk_index)k, x[k]) == MFK_OK;
        if (!have[k] && !(optional >> k & 1)) {
            rc = MFK_ESTATE;
            goto done;
        }
        if (mfk_game_index_error(g, (mfk_index)k, err[k]) == MFK_OK)
            approximate = 1;
        else {
            mfk__free(&a, err[k]);
            err[k] = NULL;
        }
    }
    mfk__json_init(&j, &a);
    mfk__json_begin_object(&j);
    if (rule != NULL) {
        mfk__json_key(&j, "rule");
        mfk__json_string(&j, rule);
    }
    if (approximate) {
        mfk__json_key(&j, "method");
        mfk__json_string(&j, "approximate");
    }
    if (mfk_game_scale(g) != 1) {
        mfk__json_key(&j, "scale");
        mfk__json_integer(&j, (long long)mfk_game_scale(g));
    }
    mfk__json_key(&j, "quota");
    mfk__json_integer(&j, (long long)mfk_game_quota(g));
    mfk__json_key(&j, "total_weight");
    mfk__json_integer(&j, (long long)mfk_game_total_weight(g));
    if (mfk_game_members_quota(g) > 0) {
        mfk__json_key(&j, "members_quota");
        mfk__json_integer(&j, (long long)mfk_game_members_quota(g));
    }
    if (mfk_game_min_blocking(g) > 0) {
        mfk__json_key(&j, "min_blocking");
        mfk__json_integer(&j, (long long)mfk_game_min_blocking(g));
    }
    mfk__json_key(&j, "players");
    mfk__json_begin_array(&j);
    for (i = 0; i < n; i++) {
        int veto = 0, dummy = 0, known;
        mfk_game_veto(g, i, &veto);
        known = mfk_game_dummy(g, i, &dummy) == MFK_OK;
        mfk__json_begin_object(&j);
        mfk__json_key(&j, "name");
        if (names == NULL)
            snprintf(pname, sizeof pname, "P%zu", i + 1);
        mfk__json_string(&j, names != NULL ? names[i] : pname);
        mfk__json_key(&j, "weight");
        mfk__json_integer(&j, (long long)mfk_game_weight(g, i));
        for (k = 0; k < NPOWER; k++) {
            if (!(want >> k & 1))
                continue;
            mfk__json_key(&j, mfk_name(MFK_NAMES_INDEX, (int)k));
            if (have[k])
                mfk__json_number(&j, x[k][i]);
            else
                mfk__json_null(&j);
        }
        if (approximate) {
            mfk__json_key(&j, "error");
            mfk__json_begin_object(&j);
            for (k = 0; k < NPOWER; k++)
                if (err[k] != NULL) {
                    mfk__json_key(&j, mfk_name(MFK_NAMES_INDEX, (int)k));
                    mfk__json_number(&j, err[k][i]);
                }
            mfk__json_end_object(&j);
        }
        mfk__json_key(&j, "veto");
        mfk__json_bool(&j, veto);
        mfk__json_key(&j, "dummy");
        if (known)
            mfk__json_bool(&j, dummy);
        else
            mfk__json_null(&j);
        mfk__json_end_object(&j);
    }
    mfk__json_end_array(&j);
    mfk__json_end_object(&j);
    rc = mfk__json_give(&j, 1, buf, size, len);
done:
    for (k = 0; k < NPOWER; k++) {
        mfk__free(&a, x[k]);
        mfk__free(&a, err[k]);
    }
    return rc;
}

int mfk_game_write_json(const mfk_game *g, const char *const *names,
                        const char *rule, const mfk_allocator *alloc,
                        char *buf, size_t size, size_t *len)
{
    /* the five of 0.1, the Shapley-Shubik index null when its table
     * would pass the limit */
    return write_power(g, names, rule, 0x1f, 1u << MFK_INDEX_SHAPLEY_SHUBIK,
                       alloc, buf, size, len);
}

int mfk_game_write_json_indices(const mfk_game *g, const char *const *names,
                                const char *rule, const mfk_index *indices,
                                size_t count, const mfk_allocator *alloc,
                                char *buf, size_t size, size_t *len)
{
    unsigned want = 0;
    size_t k;
    if (indices == NULL && count > 0)
        return MFK_EINVAL;
    for (k = 0; k < count; k++) {
        if ((int)indices[k] < 0 || (size_t)indices[k] >= NPOWER)
            return MFK_EINVAL;
        want |= 1u << indices[k];
    }
    return write_power(g, names, rule, want, 0, alloc, buf, size, len);
}

int mfk_winset_write_json(const double *intervals, size_t count,
                          const mfk_allocator *alloc, char *buf, size_t size,
                          size_t *len)
{
    mfk_allocator a;
    mfk__json j;
    size_t k;

    if (len == NULL || (intervals == NULL && count > 0))
        return MFK_EINVAL;
    mfk__alloc_init(&a, alloc);
    mfk__json_init(&j, &a);
    mfk__json_begin_object(&j);
    mfk__json_key(&j, "empty");
    mfk__json_bool(&j, count == 0);
    mfk__json_key(&j, "winset");
    mfk__json_begin_array(&j);
    for (k = 0; k < count; k++)
        numbers(&j, intervals + 2 * k, 2);
    mfk__json_end_array(&j);
    mfk__json_end_object(&j);
    return mfk__json_give(&j, 1, buf, size, len);
}

int mfk_winset_point_write_json(int empty, const double *point,
                                const mfk_allocator *alloc, char *buf,
                                size_t size, size_t *len)
{
    mfk_allocator a;
    mfk__json j;

    if (len == NULL || (!empty && point == NULL))
        return MFK_EINVAL;
    mfk__alloc_init(&a, alloc);
    mfk__json_init(&j, &a);
    mfk__json_begin_object(&j);
    mfk__json_key(&j, "empty");
    mfk__json_bool(&j, empty != 0);
    mfk__json_key(&j, "point");
    if (empty)
        mfk__json_null(&j);
    else
        numbers(&j, point, 2);
    mfk__json_end_object(&j);
    return mfk__json_give(&j, 1, buf, size, len);
}

int mfk_dynamics_write_json(const double *final, size_t n, unsigned rounds,
                            int converged, const mfk_allocator *alloc,
                            char *buf, size_t size, size_t *len)
{
    mfk_allocator a;
    mfk__json j;

    if (len == NULL || (final == NULL && n > 0))
        return MFK_EINVAL;
    mfk__alloc_init(&a, alloc);
    mfk__json_init(&j, &a);
    mfk__json_begin_object(&j);
    mfk__json_key(&j, "final");
    numbers(&j, final, n);
    mfk__json_key(&j, "rounds");
    mfk__json_integer(&j, rounds);
    mfk__json_key(&j, "converged");
    mfk__json_bool(&j, converged != 0);
    mfk__json_end_object(&j);
    return mfk__json_give(&j, 1, buf, size, len);
}

/* What `mufakat predict --format json` prints (CONTRACT, predict). */
static void issue_name(mfk__json *j, const mfk_body *b, unsigned k)
{
    char num[16];
    const char *name = mfk_body_dimension_name(b, k);
    if (name == NULL) {
        snprintf(num, sizeof num, "%u", k + 1);
        name = num;
    }
    mfk__json_string(j, name);
}

int mfk__predictions_check(const mfk_prediction *const *ps, size_t n,
                           const mfk_body *b)
{
    size_t i;
    if (ps == NULL || b == NULL)
        return MFK_EINVAL;
    for (i = 0; i < n; i++)
        if (ps[i] == NULL || mfk_prediction_dims(ps[i]) != mfk_body_dims(b))
            return MFK_EINVAL;
    return MFK_OK;
}

int mfk_prediction_write_json(const mfk_prediction *const *ps, size_t n,
                              const mfk_body *b, const mfk_allocator *alloc,
                              char *buf, size_t size, size_t *len)
{
    mfk_allocator a;
    mfk__json j;
    size_t i, e;
    unsigned k, r, dims;

    if (len == NULL || mfk__predictions_check(ps, n, b) != MFK_OK)
        return MFK_EINVAL;
    dims = mfk_body_dims(b);
    mfk__alloc_init(&a, alloc);
    mfk__json_init(&j, &a);
    mfk__json_begin_object(&j);
    mfk__json_key(&j, "issues");
    mfk__json_begin_array(&j);
    for (k = 0; k < dims; k++)
        issue_name(&j, b, k);
    mfk__json_end_array(&j);
    mfk__json_key(&j, "models");
    mfk__json_begin_array(&j);
    for (i = 0; i < n; i++) {
        const mfk_prediction *p = ps[i];
        mfk__json_begin_object(&j);
        mfk__json_key(&j, "model");
        mfk__json_string(&j, mfk_predict_model_name(mfk_prediction_model(p)));
        mfk__json_key(&j, "outcome");
        numbers(&j, mfk_prediction_outcome(p), dims);
        if (mfk_prediction_model(p) == MFK_PREDICT_EXCHANGE) {
            mfk__json_key(&j, "rounds");
            mfk__json_begin_array(&j);
            for (r = 0; r < mfk_prediction_rounds(p); r++) {
                mfk__json_begin_object(&j);
                mfk__json_key(&j, "round");
                mfk__json_integer(&j, (long long)r + 1);
                mfk__json_key(&j, "start");
                numbers(&j, mfk_prediction_round_start(p, r), dims);
                mfk__json_key(&j, "outcome");
                numbers(&j, mfk_prediction_round_outcome(p, r), dims);
                mfk__json_key(&j, "exchanges");
                mfk__json_begin_array(&j);
                for (e = 0; e < mfk_prediction_exchange_count(p, r); e++) {
                    const mfk_exchange *x = mfk_prediction_exchange(p, r, e);
                    mfk__json_begin_object(&j);
                    mfk__json_key(&j, "i");
                    mfk__json_string(&j, mfk_body_member_id(b, x->i));
                    mfk__json_key(&j, "j");
                    mfk__json_string(&j, mfk_body_member_id(b, x->j));
                    mfk__json_key(&j, "p");
                    issue_name(&j, b, x->p);
                    mfk__json_key(&j, "q");
                    issue_name(&j, b, x->q);
                    mfk__json_key(&j, "gain");
                    mfk__json_number(&j, x->gain);
                    mfk__json_key(&j, "i_move");
                    mfk__json_number(&j, x->i_move);
                    mfk__json_key(&j, "j_move");
                    mfk__json_number(&j, x->j_move);
                    mfk__json_end_object(&j);
                }
                mfk__json_end_array(&j);
                mfk__json_end_object(&j);
            }
            mfk__json_end_array(&j);
        }
        mfk__json_end_object(&j);
    }
    mfk__json_end_array(&j);
    mfk__json_end_object(&j);
    return mfk__json_give(&j, 1, buf, size, len);
}
