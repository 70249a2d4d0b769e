/* What `mufakat simulate` prints as JSON (CONTRACT), made from the
 * simulation's public totals. */
#include "records-private.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static double total(const mfk_sim *sim, size_t j, mfk_sim_stat_kind k,
                    size_t index)
{
    double v = 0;
    mfk_sim_stat(sim, j, k, index, &v);
    return v;
}

void mfk__sim_rule_json(mfk__json *js, const mfk_sim *sim, const mfk_body *b,
                        const char *name, unsigned long long seed,
                        unsigned long long runs, size_t j)
{
    double n = total(sim, j, MFK_SIM_RUNS, 0);
    double adopted = total(sim, j, MFK_SIM_ADOPTED, 0);
    double share = 0, lo = 0, hi = 0, v;
    size_t i, r;
    int k;

    mfk_sim_adoption(sim, j, &share, &lo, &hi);
    mfk__json_begin_object(js);
    mfk__json_key(js, "runs");
    mfk__json_integer(js, (long long)runs);
    mfk__json_key(js, "seed");
    mfk__json_integer(js, (long long)seed);
    mfk__json_key(js, "rule");
    mfk__json_string(js, name);
    mfk__json_key(js, "adopted");
    mfk__json_begin_object(js);
    mfk__json_key(js, "share");
    mfk__json_number(js, share);
    mfk__json_key(js, "ci95");
    mfk__json_begin_array(js);
    mfk__json_number(js, lo);
    mfk__json_number(js, hi);
    mfk__json_end_array(js);
    mfk__json_end_object(js);
    mfk__json_key(js, "outcomes");
    mfk__json_begin_object(js);
    for (k = MFK_OUTCOME_ADOPTED; k <= MFK_OUTCOME_INADMISSIBLE; k++) {
        mfk__json_key(js, mfk_name(MFK_NAMES_OUTCOME, k));
        mfk__json_integer(js, (long long)total(sim, j, MFK_SIM_OUTCOMES,
                                               (size_t)k));
    }
    mfk__json_end_object(js);
    mfk__json_key(js, "mean_rounds");
    mfk__json_number(js, total(sim, j, MFK_SIM_ROUNDS, 0) / n);
    mfk__json_key(js, "member_rounds");
    mfk__json_integer(js, (long long)total(sim, j, MFK_SIM_MEMBER_ROUNDS, 0));
    /* Beyond CONTRACT's keys: the distribution of rounds (runs that held
     * 1, 2, ... rounds, up to the simulation's most), the adopted texts,
     * who blocks. */
    mfk__json_key(js, "rounds");
    mfk__json_begin_array(js);
    for (r = 1; mfk_sim_stat(sim, j, MFK_SIM_ROUNDS_HELD, r, &v) == MFK_OK;
         r++)
        mfk__json_integer(js, (long long)v);
    mfk__json_end_array(js);
    mfk__json_key(js, "mean_distance");
    if (adopted > 0)
        mfk__json_number(js, total(sim, j, MFK_SIM_DISTANCE, 0) / adopted);
    else
        mfk__json_null(js);
    mfk__json_key(js, "mean_participants");
    if (adopted > 0)
        mfk__json_number(js,
                         total(sim, j, MFK_SIM_PARTICIPANTS, 0) / adopted);
    else
        mfk__json_null(js);
    mfk__json_key(js, "members");
    mfk__json_begin_object(js);
    for (i = 0; i < mfk_body_member_count(b); i++) {
        mfk__json_key(js, mfk_body_member_id(b, i));
        mfk__json_begin_object(js);
        mfk__json_key(js, "blocking");
        mfk__json_number(js, total(sim, j, MFK_SIM_BLOCKING, i) / n);
        mfk__json_key(js, "mean_distance");
        if (adopted > 0)
            mfk__json_number(js, total(sim, j, MFK_SIM_DISTANCE_IDEAL, i) /
                                     adopted);
        else
            mfk__json_null(js);
        mfk__json_end_object(js);
    }
    mfk__json_end_object(js);
    mfk__json_end_object(js);
}

/* Each pair of rules, i < j in their order, on the same runs. */
static void paired(mfk__json *js, const mfk_sim *sim,
                   const char *const *rule_names, size_t nrules)
{
    static const char *const keys[4] = {"both", "first_only",
                                        "second_only", "neither"};
    size_t i, j;
    int k;

    mfk__json_key(js, "paired");
    mfk__json_begin_array(js);
    for (i = 0; i < nrules; i++)
        for (j = i + 1; j < nrules; j++) {
            double n[4], d, ci[2];
            mfk_sim_paired(sim, i, j, n, &d, ci);
            mfk__json_begin_object(js);
            mfk__json_key(js, "rules");
            mfk__json_begin_array(js);
            mfk__json_string(js, rule_names[i]);
            mfk__json_string(js, rule_names[j]);
            mfk__json_end_array(js);
            for (k = 0; k < 4; k++) {
                mfk__json_key(js, keys[k]);
                mfk__json_integer(js, (long long)n[k]);
            }
            mfk__json_key(js, "difference");
            mfk__json_number(js, d);
            mfk__json_key(js, "ci95");
            mfk__json_begin_array(js);
            mfk__json_number(js, ci[0]);
            mfk__json_number(js, ci[1]);
            mfk__json_end_array(js);
            mfk__json_end_object(js);
        }
    mfk__json_end_array(js);
}

int mfk__sim_names_ok(const mfk_sim *sim, const char *const *rule_names)
{
    size_t j, nrules = mfk_sim_rule_count(sim);
    if (nrules == 0)
        return 0;
    for (j = 0; j < nrules; j++)
        if (rule_names[j] == NULL)
            return 0;
    return 1;
}

int mfk_sim_write_json(const mfk_sim *sim, const mfk_body *body,
                       const char *const *rule_names,
                       unsigned long long seed, unsigned long long runs,
                       const mfk_allocator *alloc, char *buf, size_t size,
                       size_t *len)
{
    mfk_allocator a;
    mfk__json js;
    size_t j, n, nrules;
    double v;

    if (sim == NULL || body == NULL || rule_names == NULL || len == NULL)
        return MFK_EINVAL;
    nrules = mfk_sim_rule_count(sim);
    if (!mfk__sim_names_ok(sim, rule_names))
        return MFK_EINVAL;
    /* The body the simulation was made on: as many members. */
    n = mfk_body_member_count(body);
    if (mfk_sim_stat(sim, 0, MFK_SIM_BLOCKING, n - 1, &v) != MFK_OK ||
        mfk_sim_stat(sim, 0, MFK_SIM_BLOCKING, n, &v) == MFK_OK)
        return MFK_EINVAL;
    mfk__alloc_init(&a, alloc);
    mfk__json_init(&js, &a);
    if (nrules == 1) {
        mfk__sim_rule_json(&js, sim, body, rule_names[0], seed, runs, 0);
    } else {
        mfk__json_begin_object(&js);
        mfk__json_key(&js, "runs");
        mfk__json_integer(&js, (long long)runs);
        mfk__json_key(&js, "seed");
        mfk__json_integer(&js, (long long)seed);
        mfk__json_key(&js, "rules");
        mfk__json_begin_array(&js);
        for (j = 0; j < nrules; j++)
            mfk__sim_rule_json(&js, sim, body, rule_names[j], seed, runs,
                               j);
        mfk__json_end_array(&js);
        paired(&js, sim, rule_names, nrules);
        mfk__json_end_object(&js);
    }
    return mfk__json_give(&js, 1, buf, size, len);
}

int mfk_sim_write_trace_csv(const mfk_sim *sim, const char *const *rule_names,
                            const double *trace, unsigned long long first,
                            unsigned long long count, int header,
                            const mfk_allocator *alloc, char *buf,
                            size_t size, size_t *len)
{
    static const char *const fields[MFK_SIM_TRACE_FIELDS] = {
        "outcome", "rounds", "blockers", "participants", "distance"};
    mfk_allocator a;
    mfk__cbuf b;
    unsigned long long r;
    size_t j, nrules, stride;
    char num[64], d[32];
    int k;

    if (sim == NULL || rule_names == NULL || len == NULL ||
        (trace == NULL && count > 0) || !mfk__sim_names_ok(sim, rule_names))
        return MFK_EINVAL;
    nrules = mfk_sim_rule_count(sim);
    stride = nrules * MFK_SIM_TRACE_FIELDS;
    mfk__alloc_init(&a, alloc);
    memset(&b, 0, sizeof b);
    b.alloc = &a;
    if (header) {
        mfk__cbuf_raw(&b, "run", 3);
        for (j = 0; j < nrules; j++)
            for (k = 0; k < MFK_SIM_TRACE_FIELDS; k++) {
                mfk__cbuf_raw(&b, ",", 1);
                mfk__cbuf_raw(&b, rule_names[j], strlen(rule_names[j]));
                mfk__cbuf_raw(&b, ".", 1);
                mfk__cbuf_raw(&b, fields[k], strlen(fields[k]));
            }
        mfk__cbuf_raw(&b, "\n", 1);
    }
    for (r = 0; r < count; r++) {
        const double *t = trace + r * stride;
        snprintf(num, sizeof num, "%llu", first + r);
        mfk__cbuf_raw(&b, num, strlen(num));
        for (j = 0; j < nrules; j++, t += MFK_SIM_TRACE_FIELDS) {
            const char *o = mfk_name(MFK_NAMES_OUTCOME, (int)t[0]);
            mfk__cbuf_raw(&b, ",", 1);
            mfk__cbuf_raw(&b, o, strlen(o));
            snprintf(num, sizeof num, ",%.0f,%.0f,%.0f,", t[1], t[2], t[3]);
            mfk__cbuf_raw(&b, num, strlen(num));
            if (!isnan(t[4])) {
                mfk_number_json(t[4], d);
                mfk__cbuf_raw(&b, d, strlen(d));
            }
        }
        mfk__cbuf_raw(&b, "\n", 1);
    }
    return mfk__cbuf_give(&b, buf, size, len);
}
