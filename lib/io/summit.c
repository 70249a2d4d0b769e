/* The Summit's two steps on a proposal referred to it, held at once
 * (mfk_scenario_summit_run(3)), and their JSON: what `mufakat run` and
 * the Python package show of them, made in one place. */
#include "records-private.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct mfk_summit_steps {
    mfk_allocator alloc;
    size_t held;    /* step 1's consultations, in order */
    size_t chosen;  /* the candidate rule the Summit adopted; SIZE_MAX */
    const mfk_rule *rule;
    const mfk_body *by;
    int by_summit;  /* the body of step 2 is the Summit */
    /* For the account, owned by the scenario: the proposal's id, the
     * Summit's name, the name of the body that decides under the rule,
     * and the number of candidate rules. */
    const char *id, *summit, *decider;
    size_t ncand;
    mfk_consultation *step[MFK_MAX_CANDIDATE_RULES];
    mfk_consultation *decision; /* step 2; NULL when not held */
};

int mfk_scenario_summit_run(mfk_scenario *s, size_t i,
                            const mfk_allocator *alloc,
                            mfk_summit_steps **out)
{
    mfk_allocator a;
    mfk_summit_steps *st;
    mfk_outcome oc;
    size_t k, n;
    int rc = MFK_OK;

    if (out == NULL)
        return MFK_EINVAL;
    *out = NULL;
    if (s == NULL || i >= mfk_scenario_proposal_count(s))
        return MFK_EINVAL;
    if ((n = mfk_scenario_candidate_rule_count(s, i)) == 0 ||
        mfk_scenario_summit(s) == NULL)
        return MFK_ENOTFOUND;
    mfk__alloc_init(&a, alloc);
    if ((st = mfk__malloc(&a, sizeof *st)) == NULL)
        return MFK_ENOMEM;
    memset(st, 0, sizeof *st);
    st->alloc = a;
    st->chosen = SIZE_MAX;
    st->id = mfk_proposal_id(mfk_scenario_proposal(s, i));
    st->summit = mfk_body_name(mfk_scenario_summit(s));
    st->decider = mfk_body_name(mfk_scenario_decided_by(s, i));
    st->ncand = n;
    for (k = 0; k < n; k++) {
        rc = mfk_scenario_summit_consult(s, i, k, alloc, &st->step[k]);
        if (rc != MFK_OK)
            break;
        st->held = k + 1;
        if (mfk_consultation_outcome(st->step[k], &oc) == MFK_OK &&
            oc == MFK_OUTCOME_ADOPTED) {
            st->chosen = k;
            break;
        }
    }
    if (rc == MFK_ENOTFOUND)
        rc = MFK_OK;
    if (rc == MFK_OK && st->chosen != SIZE_MAX) {
        st->rule = mfk_scenario_candidate_rule(s, i, st->chosen);
        rc = mfk_scenario_summit_decide(s, i, st->chosen, alloc,
                                        &st->decision);
        if (rc == MFK_ENOTFOUND)
            rc = MFK_OK;
        if (rc == MFK_OK && st->decision != NULL) {
            st->by = mfk_scenario_decided_by(s, i);
            st->by_summit = st->by == mfk_scenario_summit(s);
        }
    }
    if (rc != MFK_OK) {
        mfk_summit_steps_free(st);
        return rc;
    }
    *out = st;
    return MFK_OK;
}

void mfk_summit_steps_free(mfk_summit_steps *st)
{
    size_t k;
    if (st == NULL)
        return;
    for (k = 0; k < st->held; k++)
        mfk_consultation_free(st->step[k]);
    mfk_consultation_free(st->decision);
    mfk__free(&st->alloc, st);
}

size_t mfk_summit_steps_count(const mfk_summit_steps *st)
{
    return st != NULL ? st->held : 0;
}

const mfk_consultation *mfk_summit_steps_step(const mfk_summit_steps *st,
                                              size_t k)
{
    return st != NULL && k < st->held ? st->step[k] : NULL;
}

const mfk_rule *mfk_summit_steps_rule(const mfk_summit_steps *st,
                                      size_t *index)
{
    if (index != NULL)
        *index = st != NULL ? st->chosen : SIZE_MAX;
    return st != NULL ? st->rule : NULL;
}

const mfk_consultation *
mfk_summit_steps_decision(const mfk_summit_steps *st)
{
    return st != NULL ? st->decision : NULL;
}

const mfk_body *mfk_summit_steps_decided_by(const mfk_summit_steps *st)
{
    return st != NULL ? st->by : NULL;
}

int mfk_summit_steps_write_json(const mfk_summit_steps *st,
                                const mfk_allocator *alloc, char *buf,
                                size_t size, size_t *len)
{
    mfk_allocator a;
    mfk__json j;
    size_t k;

    if (st == NULL || len == NULL)
        return MFK_EINVAL;
    mfk__alloc_init(&a, alloc);
    mfk__json_init(&j, &a);
    mfk__json_begin_object(&j);
    mfk__json_key(&j, "rule");
    if (st->rule == NULL)
        mfk__json_null(&j);
    else
        mfk__json_string(&j, mfk_name(MFK_NAMES_RULE, st->rule->kind));
    mfk__json_key(&j, "decided_by");
    if (st->decision == NULL)
        mfk__json_null(&j);
    else
        mfk__json_string(&j, st->by_summit ? "summit" : "body");
    mfk__json_key(&j, "step1");
    mfk__json_begin_array(&j);
    for (k = 0; k < st->held; k++)
        mfk__consultation_json_item(&j, st->step[k], 0);
    mfk__json_end_array(&j);
    mfk__json_key(&j, "step2");
    if (st->decision == NULL)
        mfk__json_null(&j);
    else
        mfk__consultation_json_item(&j, st->decision, 0);
    mfk__json_end_object(&j);
    return mfk__json_give(&j, 0, buf, size, len);
}

static void put(mfk__cbuf *b, const char *s)
{
    mfk__cbuf_raw(b, s, strlen(s));
}

int mfk_summit_steps_account(const mfk_summit_steps *st,
                             mfk_summit_part part, unsigned width,
                             const mfk_allocator *alloc, char *buf,
                             size_t size, size_t *len)
{
    mfk_allocator a;
    mfk__cbuf b, out;
    char count[32];

    if (st == NULL || len == NULL ||
        (part != MFK_SUMMIT_QUESTION && part != MFK_SUMMIT_CHOICE))
        return MFK_EINVAL;
    mfk__alloc_init(&a, alloc);
    memset(&b, 0, sizeof b);
    b.alloc = &a;
    if (part == MFK_SUMMIT_QUESTION) {
        put(&b, "At the Summit: how ");
        put(&b, st->id);
        put(&b, " is to be decided, by consensus of the ");
        put(&b, st->summit);
        put(&b, ".");
    } else if (st->rule == NULL && st->held == 0) {
        put(&b, "No round at the Summit is scripted: ");
        put(&b, st->id);
        put(&b, " stays referred to the Summit.");
    } else if (st->rule == NULL) {
        snprintf(count, sizeof count, "%zu", st->ncand);
        put(&b, "The Summit adopts none of the ");
        put(&b, count);
        put(&b, st->ncand == 1 ? " candidate rule: " : " candidate rules: ");
        put(&b, st->id);
        put(&b, " stays referred to the Summit.");
    } else {
        put(&b, "The Summit chooses the rule ");
        put(&b, mfk_name(MFK_NAMES_RULE, st->rule->kind));
        put(&b, ": ");
        put(&b, st->id);
        put(&b, " is decided under it by the ");
        put(&b, st->decider);
        put(&b, st->decision != NULL ? "."
                                     : "; no rounds under it are scripted, "
                                       "and it waits.");
    }
    if (width == 0 || b.failed)
        return mfk__cbuf_give_text(&b, buf, size, len);
    memset(&out, 0, sizeof out);
    out.alloc = &a;
    mfk__account_wrap(&out, (const char *)b.buf, b.len, width);
    mfk__free(&a, b.buf);
    return mfk__cbuf_give_text(&out, buf, size, len);
}
