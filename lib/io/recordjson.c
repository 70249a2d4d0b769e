/* What `mufakat show --format json` prints of one record (CONTRACT): an
 * element of its {"records": [...]} array, made from the record's public
 * queries. */
#include "records-private.h"

#include <stdio.h>

static const char *member_id(const void *r, size_t i)
{
    return mfk_record_member(r, i);
}

/* The ids of the record's members with (set[i] & mask). */
static void ids(mfk__json *j, const mfk_record *r, const unsigned char *set,
                unsigned mask)
{
    mfk__json_ids(j, mfk_record_member_count(r), set, mask, member_id, r);
}

/* The ids of the record's members with a role in mask. */
static void with_role(mfk__json *j, const mfk_record *r, unsigned mask)
{
    size_t i;
    mfk__json_begin_array(j);
    for (i = 0; i < mfk_record_member_count(r); i++)
        if ((mfk_record_roles(r, i) & mask) != 0)
            mfk__json_string(j, mfk_record_member(r, i));
    mfk__json_end_array(j);
}

static void position(mfk__json *j, const mfk_record *r, const double *pos)
{
    unsigned d;
    mfk__json_begin_array(j);
    for (d = 0; d < mfk_record_dims(r); d++)
        mfk__json_number(j, pos[d]);
    mfk__json_end_array(j);
}

static void proposal(mfk__json *j, const mfk_record *r)
{
    static const struct {
        const char *key;
        unsigned role;
    } roles[] = {{"sponsors", MFK_ROLE_SPONSOR},
                 {"concerns", MFK_ROLE_CONCERN},
                 {"parties", MFK_ROLE_PARTY},
                 {"consent", MFK_ROLE_CONSENT}};
    size_t i;
    unsigned bit;

    mfk__json_begin_object(j);
    mfk__json_key(j, "id");
    mfk__json_string(j, mfk_record_proposal_id(r));
    mfk__json_key(j, "title");
    mfk__json_string(j, mfk_record_title(r));
    mfk__json_key(j, "pillar");
    mfk__json_string(j, mfk_name(MFK_NAMES_PILLAR, (int)mfk_record_pillar(r)));
    mfk__json_key(j, "component");
    mfk__json_string(j, mfk_name(MFK_NAMES_COMPONENT,
                                 (int)mfk_record_component(r)));
    mfk__json_key(j, "rule");
    mfk__json_string(j, mfk_name(MFK_NAMES_RULE, (int)mfk_record_rule(r)));
    for (i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        mfk__json_key(j, roles[i].key);
        with_role(j, r, roles[i].role);
    }
    mfk__json_key(j, "measures");
    mfk__json_begin_array(j);
    for (bit = 0; bit < 6; bit++)
        if ((mfk_record_measures(r) >> bit) & 1)
            mfk__json_string(j, mfk_name(MFK_NAMES_MEASURE, (int)bit));
    mfk__json_end_array(j);
    mfk__json_end_object(j);
}

static void versions(mfk__json *j, const mfk_record *r)
{
    size_t v;
    mfk__json_begin_array(j);
    for (v = 0; v < mfk_record_version_count(r); v++) {
        const char *text;
        const double *pos;
        mfk_record_version(r, v, &text, &pos);
        mfk__json_begin_object(j);
        if (text != NULL) {
            mfk__json_key(j, "text");
            mfk__json_string(j, text);
        }
        if (pos != NULL) {
            mfk__json_key(j, "position");
            position(j, r, pos);
        }
        mfk__json_end_object(j);
    }
    mfk__json_end_array(j);
}

static void violations(mfk__json *j, const mfk_record *r)
{
    size_t v;
    mfk__json_begin_array(j);
    for (v = 0; v < mfk_record_violation_count(r); v++) {
        const char *name;
        mfk_mode mode;
        const unsigned char *m;
        mfk_record_violation(r, v, &name, &mode, &m);
        mfk__json_violation(j, name, mode, mfk_record_member_count(r), m,
                            member_id, r);
    }
    mfk__json_end_array(j);
}

/* A round's "reasons" (or its stances' times, "at"), in roster order,
 * where any is given (format 2). */
static void reasons(mfk__json *j, const mfk_record *r, unsigned round,
                    const char *key,
                    const char *(*get)(const mfk_record *, unsigned, size_t))
{
    size_t i, n = mfk_record_member_count(r), k = 0;
    for (i = 0; i < n; i++) {
        const char *why = get(r, round, i);
        if (why == NULL)
            continue;
        if (k++ == 0) {
            mfk__json_key(j, key);
            mfk__json_begin_object(j);
        }
        mfk__json_key(j, mfk_record_member(r, i));
        mfk__json_string(j, why);
    }
    if (k > 0)
        mfk__json_end_object(j);
}

static void rounds(mfk__json *j, const mfk_record *r)
{
    size_t i, n = mfk_record_member_count(r);
    unsigned k, circ;
    const char *dl;
    mfk__json_begin_array(j);
    for (k = 1; k <= mfk_record_rounds(r); k++) {
        const unsigned char *st, *bl;
        const double *pos;
        mfk_verdict verdict;
        size_t version;
        mfk_record_round(r, k, &st, &bl, &verdict, &version);
        mfk_record_version(r, version, NULL, &pos);
        mfk__json_begin_object(j);
        mfk__json_key(j, "round");
        mfk__json_integer(j, (long long)mfk_record_first_round(r) - 1 + k);
        mfk__json_key(j, "version");
        mfk__json_integer(j, (long long)version);
        if (pos != NULL) {
            mfk__json_key(j, "position");
            position(j, r, pos);
        }
        mfk__json_key(j, "verdict");
        mfk__json_string(j, mfk_name(MFK_NAMES_VERDICT, (int)verdict));
        mfk__json_key(j, "blockers");
        ids(j, r, bl, 1);
        mfk__json_key(j, "stances");
        mfk__json_begin_object(j);
        for (i = 0; i < n; i++) {
            mfk__json_key(j, mfk_record_member(r, i));
            mfk__json_string(j, mfk_name(MFK_NAMES_STANCE, st[i]));
        }
        mfk__json_end_object(j);
        reasons(j, r, k, "reasons", mfk_record_reason);
        if ((dl = mfk_record_deadline(r, &circ)) != NULL && circ == k) {
            mfk__json_key(j, "deadline");
            mfk__json_string(j, dl);
            reasons(j, r, k, "at", mfk_record_stance_time);
        }
        mfk__json_end_object(j);
    }
    mfk__json_end_array(j);
}

/* A proposal taken up again: the meeting's year and the record it
 * continues, {"seq", "sha256": lowercase hex}; nothing for others. */
static void continued(mfk__json *j, const mfk_record *r)
{
    unsigned char sha[32];
    unsigned long long seq;
    char hex[65];
    size_t i;
    if (mfk_record_year(r) != 0) {
        mfk__json_key(j, "year");
        mfk__json_integer(j, mfk_record_year(r));
    }
    if (mfk_record_continues(r, &seq, sha) != MFK_OK)
        return;
    for (i = 0; i < sizeof sha; i++)
        snprintf(hex + 2 * i, 3, "%02x", sha[i]);
    mfk__json_key(j, "continues");
    mfk__json_begin_object(j);
    mfk__json_key(j, "seq");
    mfk__json_integer(j, (long long)seq);
    mfk__json_key(j, "sha256");
    mfk__json_string(j, hex);
    mfk__json_end_object(j);
}

int mfk_record_write_json(const mfk_record *r, const mfk_allocator *alloc,
                          char *buf, size_t size, size_t *len)
{
    mfk_allocator a;
    mfk__json j;
    size_t i, n;

    if (r == NULL || len == NULL)
        return MFK_EINVAL;
    n = mfk_record_member_count(r);
    mfk__alloc_init(&a, alloc);
    mfk__json_init(&j, &a);
    mfk__json_begin_object(&j);
    mfk__json_key(&j, "seq");
    mfk__json_integer(&j, (long long)mfk_record_seq(r));
    mfk__json_key(&j, "time");
    mfk__json_string(&j, mfk_record_time(r));
    mfk__json_key(&j, "body");
    mfk__json_string(&j, mfk_record_body(r));
    if (mfk_record_chair(r) != NULL) {
        mfk__json_key(&j, "chair");
        mfk__json_string(&j, mfk_record_chair(r));
    }
    mfk__json_key(&j, "members");
    mfk__json_begin_array(&j);
    for (i = 0; i < n; i++)
        mfk__json_string(&j, mfk_record_member(r, i));
    mfk__json_end_array(&j);
    if (mfk_record_format(r) == 2) { /* the members' names, by id */
        mfk__json_key(&j, "names");
        mfk__json_begin_object(&j);
        for (i = 0; i < n; i++)
            if (mfk_record_member_name(r, i) != NULL) {
                mfk__json_key(&j, mfk_record_member(r, i));
                mfk__json_string(&j, mfk_record_member_name(r, i));
            }
        mfk__json_end_object(&j);
    }
    mfk__json_key(&j, "proposal");
    proposal(&j, r);
    mfk__json_key(&j, "versions");
    versions(&j, r);
    mfk__json_key(&j, "admissible");
    mfk__json_bool(&j, mfk_record_admissible(r));
    mfk__json_key(&j, "violations");
    violations(&j, r);
    mfk__json_key(&j, "rounds");
    rounds(&j, r);
    mfk__json_key(&j, "outcome");
    mfk__json_string(&j,
                     mfk_name(MFK_NAMES_OUTCOME, (int)mfk_record_outcome(r)));
    mfk__json_key(&j, "participants");
    ids(&j, r, mfk_record_participants(r), 1);
    continued(&j, r);
    mfk__json_end_object(&j);
    return mfk__json_give(&j, 0, buf, size, len);
}
