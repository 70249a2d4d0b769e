/* Meetings in series: the meetings of a scenario held in order, each
 * with the chair its year gives; a proposal deferred at one is put again
 * at the next, as its text then stands and its rounds numbered on, and
 * its record continues the one before (mufakat-record(5)). A series may
 * also take up what a journal left deferred. */
#include "records-private.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum { NEW, CARRIED, PUT };

/* What the series knows of each proposal of the scenario. */
struct pstate {
    int state;
    size_t used;         /* scripted rounds held so far */
    unsigned next;       /* the number of its next round */
    int fresh;           /* consulted from its original text */
    size_t meeting;      /* where it was last consulted */
    int has_link;        /* its last record, in a journal */
    unsigned long long seq;
    unsigned char sha[MFK__SHA256_BYTES];
};

struct mfk_series {
    mfk_allocator alloc;
    mfk_scenario *s;
    size_t nmeet;      /* the scenario's meetings, or one of its year */
    size_t m;          /* the meeting being held */
    size_t k, nq;      /* the next in its queue, of nq */
    int started;
    struct pstate *ps; /* one a proposal */
    size_t *queue;     /* np: this meeting's order */
    size_t *carry, ncarry; /* np: deferred, for the next meeting */
};

int mfk_series_new(mfk_series **out, mfk_scenario *s,
                   const mfk_allocator *alloc)
{
    mfk_allocator a;
    mfk_series *q;
    size_t i, np;
    if (out == NULL)
        return MFK_EINVAL;
    *out = NULL;
    if (s == NULL)
        return MFK_EINVAL;
    mfk__alloc_init(&a, alloc);
    np = mfk_scenario_proposal_count(s);
    if ((q = mfk__calloc(&a, 1, sizeof *q)) == NULL)
        return MFK_ENOMEM;
    q->alloc = a;
    q->s = s;
    q->nmeet = mfk_scenario_meeting_count(s);
    if (q->nmeet == 0)
        q->nmeet = 1;
    q->ps = mfk__calloc(&a, np + 1, sizeof *q->ps);
    q->queue = mfk__calloc(&a, np + 1, sizeof *q->queue);
    q->carry = mfk__calloc(&a, np + 1, sizeof *q->carry);
    if (q->ps == NULL || q->queue == NULL || q->carry == NULL) {
        mfk_series_free(q);
        return MFK_ENOMEM;
    }
    for (i = 0; i < np; i++) {
        q->ps[i].next = 1;
        q->ps[i].fresh = 1;
    }
    *out = q;
    return MFK_OK;
}

void mfk_series_free(mfk_series *q)
{
    if (q == NULL)
        return;
    mfk__free(&q->alloc, q->ps);
    mfk__free(&q->alloc, q->queue);
    mfk__free(&q->alloc, q->carry);
    mfk__free(&q->alloc, q);
}

size_t mfk_series_meeting_count(const mfk_series *q)
{
    return q == NULL ? 0 : q->nmeet;
}

int mfk_series_meeting_year(const mfk_series *q, size_t m)
{
    if (q == NULL || m >= q->nmeet)
        return 0;
    if (mfk_scenario_meeting_count(q->s) == 0)
        return mfk_scenario_year(q->s);
    return mfk_scenario_meeting_year(q->s, m);
}

static size_t find(const mfk_series *q, const char *id)
{
    size_t i, np = mfk_scenario_proposal_count(q->s);
    for (i = 0; i < np; i++)
        if (strcmp(mfk_proposal_id(mfk_scenario_proposal(q->s, i)), id) == 0)
            return i;
    return SIZE_MAX;
}

/* Where a record's fault is: "record N: ". */
static int record_error(mfk_error *err, int code, unsigned long long seq,
                        long long offset, const char *what)
{
    mfk__error_set(err, code, NULL, "record %llu: %s", seq, what);
    if (err != NULL)
        err->offset = offset;
    return code;
}

/* Takes the proposal as the record left it: its last text and position
 * as version 0, its rounds numbered on. */
static int take(mfk_series *q, size_t i, const mfk_record *r,
                const unsigned char *sha, long long offset, mfk_error *err)
{
    mfk_proposal *p = mfk_scenario_proposal(q->s, i);
    const mfk_body *b = mfk_scenario_body(q->s);
    struct pstate *ps = &q->ps[i];
    size_t nv = mfk_record_version_count(r);
    const char *text = NULL;
    const double *pos = NULL;
    unsigned long long next;
    int rc;

    if (nv > 0)
        mfk_record_version(r, nv - 1, &text, &pos);
    if (pos != NULL && mfk_record_dims(r) != mfk_body_dims(b)) {
        char what[160];
        snprintf(what, sizeof what,
                 "its position has %u dimension%s: expected %u, as the "
                 "scenario's body has",
                 mfk_record_dims(r), mfk_record_dims(r) == 1 ? "" : "s",
                 mfk_body_dims(b));
        return record_error(err, MFK_EFORMAT, mfk_record_seq(r), offset,
                            what);
    }
    next = (unsigned long long)mfk_record_first_round(r) +
           mfk_record_rounds(r);
    if (next > MFK_MAX_FIRST_ROUND)
        return record_error(err, MFK_ELIMIT, mfk_record_seq(r), offset,
                            "too many rounds to number on");
    mfk_proposal_reset(p);
    if ((text != NULL && (rc = mfk_proposal_set_text(p, text)) != MFK_OK) ||
        (pos != NULL && (rc = mfk_proposal_set_position(p, pos)) != MFK_OK))
        return mfk__error_set(err, rc, NULL, "%s", mfk_strerror(rc));
    ps->next = (unsigned)next;
    ps->fresh = 0;
    ps->has_link = 1;
    ps->seq = mfk_record_seq(r);
    memcpy(ps->sha, sha, MFK__SHA256_BYTES);
    return MFK_OK;
}

/* One pass over the journal: the first (take 0) finds each proposal's
 * last record, its place in *place and its outcome in last (outcome + 1;
 * 0: none); the second takes up those left deferred. */
static int pass(mfk_series *q, const char *journal, int second,
                size_t *place, unsigned char *last,
                const mfk_allocator *alloc, mfk_error *err)
{
    mfk_journal_reader *jr;
    const mfk_record *r;
    unsigned char sha[MFK__SHA256_BYTES];
    size_t i, k;
    int rc;

    if ((rc = mfk_journal_reader_new(&jr, journal, alloc, err)) != MFK_OK)
        return rc;
    if (mfk_journal_reader_version(jr) != 2) {
        mfk_journal_reader_free(jr);
        return mfk__error_set(err, MFK_EFORMAT, NULL,
                              "a journal of version 1: its records cannot "
                              "be continued (the links need version 2)");
    }
    for (k = 0;; k++) {
        long long offset = mfk_journal_reader_offset(jr);
        rc = mfk_journal_reader_next(jr, &r, err);
        if (rc == MFK_DONE) {
            rc = MFK_OK;
            break;
        }
        if (rc != MFK_OK)
            break;
        if ((i = find(q, mfk_record_proposal_id(r))) == SIZE_MAX)
            continue; /* not the scenario's: it stays as it is */
        if (!second) {
            place[i] = k;
            last[i] = (unsigned char)(mfk_record_outcome(r) + 1);
        } else if (place[i] == k && last[i] == MFK_OUTCOME_DEFERRED + 1 &&
                   ((rc = mfk_journal_reader_last_sha256(jr, sha)) !=
                        MFK_OK ||
                    (rc = take(q, i, r, sha, offset, err)) != MFK_OK)) {
            break;
        }
    }
    mfk_journal_reader_free(jr);
    return rc;
}

int mfk_series_take_up(mfk_series *q, const char *journal, size_t *count,
                       const mfk_allocator *alloc, mfk_error *err)
{
    size_t i, np, n = 0, *place;
    unsigned char *last;
    int rc;

    if (count != NULL)
        *count = 0;
    if (q == NULL || journal == NULL)
        return MFK_EINVAL;
    if (q->started)
        return MFK_ESTATE;
    np = mfk_scenario_proposal_count(q->s);
    last = mfk__calloc(&q->alloc, np + 1, 1);
    place = mfk__calloc(&q->alloc, np + 1, sizeof *place);
    if (last == NULL || place == NULL)
        rc = mfk__error_set(err, MFK_ENOMEM, NULL, "out of memory");
    else
        rc = pass(q, journal, 0, place, last, alloc, err);
    if (rc == MFK_OK)
        rc = pass(q, journal, 1, place, last, alloc, err);
    for (i = 0; rc == MFK_OK && i < np; i++)
        if (last[i] == MFK_OUTCOME_DEFERRED + 1 && q->ps[i].state == NEW) {
            q->ps[i].state = CARRIED;
            q->carry[q->ncarry++] = i;
            n++;
        }
    mfk__free(&q->alloc, last);
    mfk__free(&q->alloc, place);
    if (rc == MFK_OK && count != NULL)
        *count = n;
    return rc;
}

/* The queue of meeting m: what the meeting before deferred, in order,
 * then the proposals first put there (every proposal, when the scenario
 * has no meetings) that were not put before. */
static void queue(mfk_series *q)
{
    size_t i, k, n;
    q->nq = 0;
    q->k = 0;
    for (k = 0; k < q->ncarry; k++)
        q->queue[q->nq++] = q->carry[k];
    q->ncarry = 0;
    n = mfk_scenario_meeting_count(q->s) == 0
            ? mfk_scenario_proposal_count(q->s)
            : mfk_scenario_meeting_proposal_count(q->s, q->m);
    for (k = 0; k < n; k++) {
        i = mfk_scenario_meeting_count(q->s) == 0
                ? k
                : mfk_scenario_meeting_proposal(q->s, q->m, k);
        if (q->ps[i].state == NEW)
            q->queue[q->nq++] = i;
    }
}

int mfk_series_next(mfk_series *q, mfk_consultation **out, size_t *meeting,
                    size_t *proposal)
{
    mfk_consultation *c;
    struct pstate *ps;
    mfk_outcome o;
    size_t i, chair;
    int rc, year;

    if (out == NULL)
        return MFK_EINVAL;
    *out = NULL;
    if (q == NULL)
        return MFK_EINVAL;
    if (!q->started) {
        q->started = 1;
        q->m = 0;
        queue(q);
    }
    while (q->k == q->nq) {
        if (q->m + 1 >= q->nmeet)
            return MFK_DONE;
        q->m++;
        queue(q);
    }
    i = q->queue[q->k];
    ps = &q->ps[i];
    if (meeting != NULL)
        *meeting = q->m;
    if (proposal != NULL)
        *proposal = i;
    year = mfk_series_meeting_year(q, q->m);
    if (year != 0 && mfk__scenario_chair_for(q->s, year, &chair) == MFK_OK)
        mfk_body_set_chair(mfk_scenario_body(q->s), chair);
    rc = mfk__scenario_consult_from(q->s, i, ps->used, ps->next, ps->fresh,
                                    &q->alloc, &c);
    if (rc != MFK_OK)
        return rc;
    q->k++;
    ps->state = PUT;
    ps->used += mfk_consultation_rounds(c);
    ps->next += mfk_consultation_rounds(c);
    ps->fresh = 0;
    ps->meeting = q->m;
    if (mfk_consultation_outcome(c, &o) == MFK_OK &&
        o == MFK_OUTCOME_DEFERRED && q->m + 1 < q->nmeet &&
        mfk__scenario_more(q->s, i, ps->used) &&
        ps->next <= MFK_MAX_FIRST_ROUND) {
        ps->state = CARRIED;
        q->carry[q->ncarry++] = i;
    }
    *out = c;
    return MFK_OK;
}

/* The proposal of the scenario that c consults; SIZE_MAX: none. */
static size_t of(const mfk_series *q, const mfk_consultation *c)
{
    size_t i, np = mfk_scenario_proposal_count(q->s);
    for (i = 0; i < np; i++)
        if (mfk_scenario_proposal(q->s, i) == mfk_consultation_proposal(c))
            return i;
    return SIZE_MAX;
}

int mfk_series_record(mfk_series *q, const mfk_consultation *c,
                      const char *time, mfk_record **out)
{
    struct pstate *ps;
    size_t i, m, from;
    unsigned k;
    int rc, year;

    if (out == NULL)
        return MFK_EINVAL;
    *out = NULL;
    if (q == NULL || c == NULL || (i = of(q, c)) == SIZE_MAX)
        return MFK_EINVAL;
    ps = &q->ps[i];
    if ((rc = mfk_record_new(out, c, time, &q->alloc)) != MFK_OK)
        return rc;
    year = mfk_series_meeting_year(q, ps->meeting);
    if (year != 0)
        mfk_record_set_year(*out, year);
    /* The scenario's reasons, its script taken on from where it was. */
    from = ps->used - mfk_consultation_rounds(c);
    for (k = 1; rc == MFK_OK && k <= mfk_record_rounds(*out); k++)
        for (m = 0; rc == MFK_OK && m < mfk_record_member_count(*out); m++) {
            const char *why = mfk_scenario_reason(q->s, i, (unsigned)from + k,
                                                  m);
            if (why != NULL)
                rc = mfk_record_set_reason(*out, k, m, why);
        }
    if (rc != MFK_OK) {
        mfk_record_free(*out);
        *out = NULL;
        return rc;
    }
    if (ps->has_link)
        mfk_record_set_continues(*out, ps->seq, ps->sha);
    return MFK_OK;
}

int mfk_series_append(mfk_series *q, mfk_journal *j, mfk_record *r,
                      mfk_error *err)
{
    struct pstate *ps;
    size_t i;
    int rc;

    if (q == NULL || j == NULL || r == NULL ||
        (i = find(q, mfk_record_proposal_id(r))) == SIZE_MAX)
        return mfk__error_set(err, MFK_EINVAL, NULL, "%s",
                              mfk_strerror(MFK_EINVAL));
    if ((rc = mfk_journal_append(j, r, err)) != MFK_OK)
        return rc;
    ps = &q->ps[i];
    ps->seq = mfk_record_seq(r);
    ps->has_link = mfk_journal_last_sha256(j, ps->sha) == MFK_OK;
    return MFK_OK;
}
