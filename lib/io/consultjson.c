/* What `mufakat run` and `mufakat check` print as JSON (CONTRACT): the
 * {"proposals": [...]} document of a list of consultations, made from
 * the engine's public queries. */
#include "records-private.h"

static const char *member_id(const void *b, size_t i)
{
    return mfk_body_member_id(b, i);
}

static void members(mfk__json *j, const mfk_body *b,
                    const unsigned char *set, unsigned mask)
{
    mfk__json_ids(j, mfk_body_member_count(b), set, mask, member_id, b);
}

static void violations(mfk__json *j, const mfk_consultation *c)
{
    const mfk_body *b = mfk_consultation_body(c);
    size_t v;
    mfk__json_begin_array(j);
    for (v = 0; v < mfk_consultation_violation_count(c); v++) {
        const char *name;
        mfk_mode mode;
        const unsigned char *set;
        mfk_consultation_violation(c, v, &name, &mode, &set);
        mfk__json_violation(j, name, mode, mfk_body_member_count(b), set,
                            member_id, b);
    }
    mfk__json_end_array(j);
}

/* A circulated round's "deadline" and "at": its stances' times, in
 * roster order (the silence procedure). */
static void circulated(mfk__json *j, const mfk_consultation *c, unsigned r)
{
    const mfk_body *b = mfk_consultation_body(c);
    unsigned circ;
    const char *dl = mfk_consultation_deadline(c, &circ), *at;
    size_t i;

    if (dl == NULL || circ != r)
        return;
    mfk__json_key(j, "deadline");
    mfk__json_string(j, dl);
    mfk__json_key(j, "at");
    mfk__json_begin_object(j);
    for (i = 0; i < mfk_body_member_count(b); i++)
        if ((at = mfk_consultation_stance_time(c, r, i)) != NULL) {
            mfk__json_key(j, mfk_body_member_id(b, i));
            mfk__json_string(j, at);
        }
    mfk__json_end_object(j);
}

static void rounds(mfk__json *j, const mfk_consultation *c)
{
    const mfk_body *b = mfk_consultation_body(c);
    const mfk_proposal *p = mfk_consultation_proposal(c);
    size_t n = mfk_body_member_count(b), i;
    unsigned r, k;

    mfk__json_begin_array(j);
    for (r = 1; r <= mfk_consultation_rounds(c); r++) {
        const unsigned char *st, *fl;
        const double *pos;
        mfk_verdict v;
        size_t version;
        mfk_consultation_round(c, r, &st, &fl, &v, &version);
        mfk_proposal_version(p, version, NULL, &pos);
        mfk__json_begin_object(j);
        mfk__json_key(j, "round");
        mfk__json_integer(j, (long long)mfk_consultation_first_round(c) +
                                 r - 1);
        if (pos != NULL) {
            mfk__json_key(j, "position");
            mfk__json_begin_array(j);
            for (k = 0; k < mfk_body_dims(b); k++)
                mfk__json_number(j, pos[k]);
            mfk__json_end_array(j);
        }
        mfk__json_key(j, "verdict");
        mfk__json_string(j, mfk_name(MFK_NAMES_VERDICT, (int)v));
        mfk__json_key(j, "blockers");
        members(j, b, fl, MFK_FLAG_BLOCKER);
        mfk__json_key(j, "stances");
        mfk__json_begin_object(j);
        for (i = 0; i < n; i++) {
            mfk__json_key(j, mfk_body_member_id(b, i));
            mfk__json_string(j, mfk_name(MFK_NAMES_STANCE, st[i]));
        }
        mfk__json_end_object(j);
        circulated(j, c, r);
        mfk__json_end_object(j);
    }
    mfk__json_end_array(j);
}

void mfk__consultation_json_item(mfk__json *j, const mfk_consultation *c,
                                 unsigned flags)
{
    const mfk_body *b = mfk_consultation_body(c);
    size_t n = mfk_body_member_count(b), i, chair;
    mfk_outcome outcome;

    mfk__json_begin_object(j);
    mfk__json_key(j, "id");
    mfk__json_string(j, mfk_proposal_id(mfk_consultation_proposal(c)));
    mfk__json_key(j, "admissible");
    mfk__json_bool(j, mfk_consultation_admissible(c));
    mfk__json_key(j, "violations");
    violations(j, c);
    if (!(flags & MFK_JSON_CHECK)) {
        mfk__json_key(j, "rounds");
        rounds(j, c);
        mfk_consultation_outcome(c, &outcome);
        mfk__json_key(j, "outcome");
        mfk__json_string(j, mfk_name(MFK_NAMES_OUTCOME, (int)outcome));
        mfk__json_key(j, "participants");
        mfk__json_begin_array(j);
        for (i = 0; i < n; i++)
            if (mfk_consultation_participant(c, i))
                mfk__json_string(j, mfk_body_member_id(b, i));
        mfk__json_end_array(j);
        if (mfk_consultation_chair(c, &chair) == MFK_OK) {
            mfk__json_key(j, "chair");
            mfk__json_string(j, mfk_body_member_id(b, chair));
        }
    }
    mfk__json_end_object(j);
}

int mfk_consultation_write_json(mfk_consultation *const *cs, size_t n,
                                unsigned flags, const mfk_allocator *alloc,
                                char *buf, size_t size, size_t *len)
{
    mfk_allocator a;
    mfk__json j;
    size_t i;

    if (len == NULL || (cs == NULL && n > 0) ||
        (flags & ~(unsigned)MFK_JSON_CHECK) != 0)
        return MFK_EINVAL;
    for (i = 0; i < n; i++) {
        if (cs[i] == NULL)
            return MFK_EINVAL;
        if (!(flags & MFK_JSON_CHECK) && !mfk_consultation_done(cs[i]))
            return MFK_ESTATE;
    }
    mfk__alloc_init(&a, alloc);
    mfk__json_init(&j, &a);
    mfk__json_begin_object(&j);
    mfk__json_key(&j, "proposals");
    mfk__json_begin_array(&j);
    for (i = 0; i < n; i++)
        mfk__consultation_json_item(&j, cs[i], flags);
    mfk__json_end_array(&j);
    mfk__json_end_object(&j);
    return mfk__json_give(&j, 1, buf, size, len);
}
