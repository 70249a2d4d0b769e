/* Decision records: made from a finished consultation, encoded as
 * deterministic CBOR (mufakat-record(5)), decoded through the bounded
 * reader into the record's own arrays. */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */
#include "records-private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NONE ((size_t)-1)

struct rver {
    size_t text; /* NONE: no text */
    int has_pos;
};

struct rround {
    mfk_verdict verdict;
    size_t version;
};

struct rviol {
    size_t name;
    mfk_mode mode;
};

/* A member's reason for its stance in a round (format 2). */
struct rreason {
    unsigned round;
    size_t member, text;
    int at; /* 1: not a reason but the stance's time (circulated round) */
};

struct mfk_record {
    mfk_allocator alloc;
    unsigned format; /* 1 or 2 (mufakat-record(5)) */
    unsigned long long seq;
    unsigned char prev[MFK__SHA256_BYTES]; /* format 2, in a journal */
    int has_prev;
    size_t event, emember, etext; /* an event record: its kind, NONE */
    char time[40];
    char *pool; /* every string, NUL-terminated; fields hold offsets */
    size_t plen, pcap;
    size_t body, chair, pid, title;
    size_t n, mcap; /* members; arrays of one entry a member have mcap */
    size_t *member, *mname; /* ids; names (NONE: not recorded) */
    unsigned char *roles, *participants;
    mfk_pillar pillar;
    mfk_component component;
    unsigned measures;
    mfk_rule_kind rule;
    unsigned dims;
    size_t nver, vcap;
    struct rver *ver;
    double *pos; /* vcap * MFK_MAX_DIMS */
    unsigned nrounds;
    size_t rcap;
    struct rround *rounds;
    unsigned char *stances, *blockers; /* rows of mcap bytes */
    size_t sbytes;
    size_t nviol, viocap;
    struct rviol *viol;
    unsigned char *vmembers; /* rows of mcap bytes */
    size_t vmbytes;
    struct rreason *reasons; /* by round, then member */
    size_t nreasons, reacap;
    unsigned circ;   /* the round circulated, 0: none; its deadline: */
    size_t deadline;
    int admissible;
    mfk_outcome outcome;
    /* A proposal taken up again (format 2): the number of its first
     * round, the year of its meeting (0: none), and the record it
     * continues. */
    unsigned first;
    int year;
    int has_cont;
    unsigned long long cont_seq;
    unsigned char cont_sha[MFK__SHA256_BYTES];
};

static int fill_circulated(mfk_record *r, const mfk_consultation *c);
static const char *reason_of(const mfk_record *r, unsigned round,
                             size_t member, int at);
struct dctx;
static int want_time(struct dctx *d, const struct mfk__cnode *x);
static int read_circulated(struct dctx *d, const struct mfk__cnode *at,
                           const struct mfk__cnode *deadline,
                           unsigned round);

/* ---- memory ---------------------------------------------------------- */

/* Room for `more` bytes in the pool. */
static int pool_reserve(mfk_record *r, size_t more)
{
    if (r->plen + more > r->pcap) {
        size_t ncap = r->pcap ? r->pcap : 256;
        while (ncap < r->plen + more)
            ncap *= 2;
        if (mfk__grow(&r->alloc, (void **)&r->pool, ncap, 1) != MFK_OK)
            return MFK_ENOMEM;
        r->pcap = ncap;
    }
    return MFK_OK;
}

/* s (len bytes) and a NUL into the pool, which has room; its offset. */
static size_t pool_put(mfk_record *r, const char *s, size_t len)
{
    size_t off = r->plen;
    memcpy(r->pool + off, s, len);
    r->pool[off + len] = '\0';
    r->plen += len + 1;
    return off;
}

static int pool_add(mfk_record *r, const char *s, size_t len, size_t *off)
{
    if (pool_reserve(r, len + 1) != MFK_OK)
        return MFK_ENOMEM;
    *off = pool_put(r, s, len);
    return MFK_OK;
}

static size_t pool_str(mfk_record *r, const char *s)
{
    return pool_put(r, s, strlen(s));
}

static const char *str(const mfk_record *r, size_t off)
{
    return off == NONE ? NULL : r->pool + off;
}

/* Room for n members, v versions, k rounds and w violations. The
 * members' room is made first, before any round or violation is filled:
 * their arrays have a row of mcap bytes each. */
static int reserve(mfk_record *r, size_t n, size_t v, size_t k, size_t w)
{
    const mfk_allocator *a = &r->alloc;
    if (n > r->mcap) {
        if (mfk__grow(a, (void **)&r->member, n, sizeof *r->member) ||
            mfk__grow(a, (void **)&r->mname, n, sizeof *r->mname) ||
            mfk__grow(a, (void **)&r->roles, n, 1) ||
            mfk__grow(a, (void **)&r->participants, n, 1))
            return MFK_ENOMEM;
        r->mcap = n;
        r->sbytes = r->vmbytes = 0; /* rows are longer: grow again */
    }
    if (k > r->rcap) {
        if (mfk__grow(a, (void **)&r->rounds, k, sizeof *r->rounds))
            return MFK_ENOMEM;
        r->rcap = k;
    }
    if (k * r->mcap > r->sbytes) {
        if (mfk__grow(a, (void **)&r->stances, k * r->mcap, 1) ||
            mfk__grow(a, (void **)&r->blockers, k * r->mcap, 1))
            return MFK_ENOMEM;
        r->sbytes = k * r->mcap;
    }
    if (w > r->viocap) {
        if (mfk__grow(a, (void **)&r->viol, w, sizeof *r->viol))
            return MFK_ENOMEM;
        r->viocap = w;
    }
    if (w * r->mcap > r->vmbytes) {
        if (mfk__grow(a, (void **)&r->vmembers, w * r->mcap, 1))
            return MFK_ENOMEM;
        r->vmbytes = w * r->mcap;
    }
    if (v > r->vcap) {
        if (mfk__grow(a, (void **)&r->ver, v, sizeof *r->ver) ||
            mfk__grow(a, (void **)&r->pos, v * MFK_MAX_DIMS, sizeof *r->pos))
            return MFK_ENOMEM;
        r->vcap = v;
    }
    return MFK_OK;
}

static void clear(mfk_record *r)
{
    r->format = 2;
    r->has_prev = 0;
    r->event = r->emember = r->etext = NONE;
    r->nreasons = 0;
    r->circ = 0;
    r->deadline = NONE;
    r->seq = 0;
    r->time[0] = '\0';
    r->plen = 0;
    r->body = r->chair = r->pid = r->title = NONE;
    r->n = r->nver = r->nviol = 0;
    r->nrounds = 0;
    r->dims = 0;
    r->measures = 0;
    r->pillar = MFK_PILLAR_POLITICAL_SECURITY;
    r->component = MFK_COMPONENT_POLITICAL_DEVELOPMENT;
    r->rule = MFK_RULE_CONSENSUS;
    r->admissible = 1;
    r->outcome = MFK_OUTCOME_NO_OUTCOME;
    r->first = 1;
    r->year = 0;
    r->has_cont = 0;
}

static mfk_record *alloc_record(const mfk_allocator *alloc)
{
    mfk_allocator a;
    mfk_record *r;
    mfk__alloc_init(&a, alloc);
    r = mfk__calloc(&a, 1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->alloc = a;
    clear(r);
    return r;
}

void mfk_record_free(mfk_record *r)
{
    const mfk_allocator *a;
    if (r == NULL)
        return;
    a = &r->alloc;
    mfk__free(a, r->pool);
    mfk__free(a, r->member);
    mfk__free(a, r->mname);
    mfk__free(a, r->reasons);
    mfk__free(a, r->roles);
    mfk__free(a, r->participants);
    mfk__free(a, r->ver);
    mfk__free(a, r->pos);
    mfk__free(a, r->rounds);
    mfk__free(a, r->stances);
    mfk__free(a, r->blockers);
    mfk__free(a, r->viol);
    mfk__free(a, r->vmembers);
    a->free(r, a->ud);
}

/* ---- time ------------------------------------------------------------ */

static time_t time_now(void)
{
    return time(NULL);
}

/* "YYYY-MM-DDTHH:MM:SS[.fraction]Z", RFC 3339 in UTC, as 0.1 checked it:
 * what records already hold is read by this (2026-02-31 included). */
static int valid_time(const char *s, size_t len)
{
    size_t i;
    if (len < 20 || len >= 40)
        return 0;
    if (!mfk__digits(s, 4, 0, 9999) || s[4] != '-' || !mfk__digits(s + 5, 2, 1, 12) ||
        s[7] != '-' || !mfk__digits(s + 8, 2, 1, 31) || s[10] != 'T' ||
        !mfk__digits(s + 11, 2, 0, 23) || s[13] != ':' ||
        !mfk__digits(s + 14, 2, 0, 59) || s[16] != ':' ||
        !mfk__digits(s + 17, 2, 0, 60) || s[len - 1] != 'Z')
        return 0;
    if (len == 20)
        return 1;
    if (s[19] != '.' || len < 22)
        return 0;
    for (i = 20; i < len - 1; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* ---- from a consultation -------------------------------------------- */

static int fill(mfk_record *r, const mfk_consultation *c)
{
    const mfk_body *b = mfk_consultation_body(c);
    const mfk_proposal *p = mfk_consultation_proposal(c);
    size_t n = mfk_body_member_count(b), i, v, chair;
    size_t nver = mfk_proposal_version_count(p);
    size_t nviol = mfk_consultation_violation_count(c);
    unsigned k, rounds = mfk_consultation_rounds(c);
    size_t need;
    const char *s;
    int rc;

    /* Every string's room first, so that the copies cannot fail. */
    need = strlen(mfk_body_name(b)) + strlen(mfk_proposal_id(p)) +
           strlen(mfk_proposal_title(p)) + 3;
    for (i = 0; i < n; i++) {
        const char *nm = mfk_body_member_name(b, i);
        need += strlen(mfk_body_member_id(b, i)) + 1;
        need += nm != NULL ? strlen(nm) + 1 : 0;
    }
    for (v = 0; v < nver; v++) {
        mfk_proposal_version(p, v, &s, NULL);
        need += s != NULL ? strlen(s) + 1 : 0;
    }
    for (v = 0; v < nviol; v++) {
        mfk_consultation_violation(c, v, &s, NULL, NULL);
        need += strlen(s) + 1;
    }
    if (reserve(r, n, nver, rounds, nviol) != MFK_OK ||
        pool_reserve(r, need) != MFK_OK)
        return MFK_ENOMEM;
    r->dims = mfk_body_dims(b);
    r->body = pool_str(r, mfk_body_name(b));
    for (i = 0; i < n; i++) {
        const char *nm = mfk_body_member_name(b, i);
        r->member[i] = pool_str(r, mfk_body_member_id(b, i));
        r->mname[i] = nm != NULL ? pool_str(r, nm) : NONE;
        r->roles[i] = (unsigned char)mfk_proposal_roles(p, i);
        r->participants[i] = (unsigned char)mfk_consultation_participant(c, i);
    }
    r->n = n;
    if (mfk_consultation_chair(c, &chair) == MFK_OK)
        r->chair = r->member[chair];
    r->pid = pool_str(r, mfk_proposal_id(p));
    r->title = pool_str(r, mfk_proposal_title(p));
    r->pillar = mfk_proposal_pillar(p);
    r->component = mfk_proposal_component(p);
    r->measures = mfk_proposal_measures(p);
    r->rule = mfk_proposal_rule(p)->kind;
    for (v = 0; v < nver; v++) {
        const char *text;
        const double *pos;
        mfk_proposal_version(p, v, &text, &pos);
        r->ver[v].text = text != NULL ? pool_str(r, text) : NONE;
        r->ver[v].has_pos = pos != NULL;
        if (pos != NULL)
            memcpy(&r->pos[v * MFK_MAX_DIMS], pos, r->dims * sizeof *pos);
    }
    r->nver = nver;
    for (k = 0; k < rounds; k++) {
        const unsigned char *st, *fl;
        mfk_consultation_round(c, k + 1, &st, &fl, &r->rounds[k].verdict,
                               &r->rounds[k].version);
        memcpy(&r->stances[k * r->mcap], st, n);
        for (i = 0; i < n; i++)
            r->blockers[k * r->mcap + i] = (fl[i] & MFK_FLAG_BLOCKER) != 0;
    }
    r->nrounds = rounds;
    r->first = mfk_consultation_first_round(c);
    for (v = 0; v < nviol; v++) {
        const char *name;
        const unsigned char *m;
        mfk_consultation_violation(c, v, &name, &r->viol[v].mode, &m);
        r->viol[v].name = pool_str(r, name);
        for (i = 0; i < n; i++)
            r->vmembers[v * r->mcap + i] = m[i] != 0;
    }
    r->nviol = nviol;
    r->admissible = mfk_consultation_admissible(c);
    if ((rc = fill_circulated(r, c)) != MFK_OK)
        return rc;
    return mfk_consultation_outcome(c, &r->outcome);
}

int mfk_record_new(mfk_record **out, const mfk_consultation *c,
                   const char *time, const mfk_allocator *alloc)
{
    mfk_record *r;
    char utc[40];
    int rc;
    if (out == NULL)
        return MFK_EINVAL;
    *out = NULL;
    if (c == NULL)
        return MFK_EINVAL;
    if (time == NULL) { /* now */
        struct tm tm;
        time_t now = time_now();
        if (gmtime_r(&now, &tm) == NULL ||
            strftime(utc, sizeof utc, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
            return MFK_EINVAL;
    } else if (mfk_time_to_utc(time, utc, sizeof utc) != MFK_OK) {
        return MFK_EINVAL;
    }
    if (!mfk_consultation_done(c))
        return MFK_ESTATE;
    if ((r = alloc_record(alloc)) == NULL)
        return MFK_ENOMEM;
    strcpy(r->time, utc);
    if ((rc = fill(r, c)) != MFK_OK) {
        mfk_record_free(r);
        return rc;
    }
    *out = r;
    return MFK_OK;
}

/* ---- encoding -------------------------------------------------------- */

static void put_ids(mfk__cbuf *b, const mfk_record *r,
                    const unsigned char *set, unsigned mask)
{
    size_t i, k = 0;
    for (i = 0; i < r->n; i++)
        k += (set[i] & mask) != 0;
    mfk__cbuf_head(b, 4, k);
    for (i = 0; i < r->n; i++)
        if (set[i] & mask)
            mfk__cbuf_text(b, str(r, r->member[i]));
}

/* Deterministic CBOR sorts map keys shorter first, then byte by byte. */
static int key_cmp(const mfk_record *r, size_t x, size_t y)
{
    const char *a = str(r, r->member[x]), *b = str(r, r->member[y]);
    size_t la = strlen(a), lb = strlen(b);
    return la != lb ? (la < lb ? -1 : 1) : strcmp(a, b);
}

/* Sorts v[0..n-1] (member indices, or reasons by their member when
 * reasons is 1) by key_cmp, stably; tmp has room for n. */
static void sort_keys(const mfk_record *r, size_t *v, size_t *tmp, size_t n,
                      int reasons)
{
    size_t w, i, lo, mid, hi, a, b;
    for (w = 1; w < n; w *= 2) {
        for (lo = 0; lo < n; lo += 2 * w) {
            mid = lo + w < n ? lo + w : n;
            hi = lo + 2 * w < n ? lo + 2 * w : n;
            for (a = lo, b = mid, i = lo; i < hi; i++) {
                size_t x = a < mid ? v[a] : 0, y = b < hi ? v[b] : 0;
                if (b >= hi ||
                    (a < mid &&
                     key_cmp(r, reasons ? r->reasons[x].member : x,
                             reasons ? r->reasons[y].member : y) <= 0))
                    tmp[i] = v[a++];
                else
                    tmp[i] = v[b++];
            }
        }
        memcpy(v, tmp, n * sizeof *v);
    }
}

/* The reasons of a round as a map, its keys sorted; work has room for
 * 2 * nreasons. */
static void put_reasons(mfk__cbuf *b, const mfk_record *r, unsigned round,
                        int at, size_t *work)
{
    size_t k, n = 0;
    for (k = 0; k < r->nreasons; k++)
        if (r->reasons[k].round == round && r->reasons[k].at == at)
            work[n++] = k;
    sort_keys(r, work, work + r->nreasons, n, 1);
    mfk__cbuf_head(b, 5, n);
    for (k = 0; k < n; k++) {
        mfk__cbuf_text(b, str(r, r->member[r->reasons[work[k]].member]));
        mfk__cbuf_text(b, str(r, r->reasons[work[k]].text));
    }
}

static int round_has_reasons(const mfk_record *r, unsigned round, int at)
{
    size_t k;
    for (k = 0; k < r->nreasons; k++)
        if (r->reasons[k].round == round && r->reasons[k].at == at)
            return 1;
    return 0;
}

static void put_prev(mfk__cbuf *b, const mfk_record *r)
{
    if (r->has_prev) {
        mfk__cbuf_text(b, "prev");
        mfk__cbuf_head(b, 2, MFK__SHA256_BYTES);
        mfk__cbuf_raw(b, r->prev, MFK__SHA256_BYTES);
    }
}

/* An event record (format 2): what a meeting did, not what it decided. */
static void put_event(mfk__cbuf *b, const mfk_record *r, int link)
{
    mfk__cbuf_head(b, 5, 4 + (link && r->has_prev) + (r->etext != NONE) +
                             (r->emember != NONE));
    mfk__cbuf_text(b, "seq");
    mfk__cbuf_uint(b, r->seq);
    if (link)
        put_prev(b, r);
    if (r->etext != NONE) {
        mfk__cbuf_text(b, "text");
        mfk__cbuf_text(b, str(r, r->etext));
    }
    mfk__cbuf_text(b, "time");
    mfk__cbuf_text(b, r->time);
    mfk__cbuf_text(b, "event");
    mfk__cbuf_text(b, str(r, r->event));
    if (r->emember != NONE) {
        mfk__cbuf_text(b, "member");
        mfk__cbuf_text(b, str(r, r->emember));
    }
    mfk__cbuf_text(b, "mufakat");
    mfk__cbuf_uint(b, 2);
}

/* Map keys below are written in the order RFC 8949 section 4.2.1 sorts
 * them: shorter first, then byte by byte. Format 1 is 0.1's, unchanged;
 * format 2 adds prev, names and each round's reasons. */
static void put_record(mfk__cbuf *b, const mfk_record *r, int link)
{
    size_t i, v, nnames = 0, *order = NULL;
    unsigned k, bit, d;
    int two = r->format == 2;

    if (r->event != NONE) {
        put_event(b, r, link);
        return;
    }
    if (two) {
        /* Room to sort the names' keys, then each round's reasons. */
        size_t room = 2 * (r->n > r->nreasons ? r->n : r->nreasons) + 1;
        order = mfk__malloc(&r->alloc, room * sizeof *order);
        if (order == NULL) {
            b->failed = 1;
            return;
        }
        for (i = 0; i < r->n; i++) {
            if (r->mname[i] != NONE)
                order[nnames++] = i;
        }
        sort_keys(r, order, order + r->n, nnames, 0);
    }
    mfk__cbuf_head(b, 5, 12 + (r->chair != NONE) +
                             (two ? 1 + (link && r->has_prev) +
                                        (r->year != 0) + r->has_cont
                                  : 0));
    mfk__cbuf_text(b, "seq");
    mfk__cbuf_uint(b, r->seq);
    mfk__cbuf_text(b, "body");
    mfk__cbuf_text(b, str(r, r->body));
    if (two && link)
        put_prev(b, r);
    mfk__cbuf_text(b, "time");
    mfk__cbuf_text(b, r->time);
    if (two && r->year != 0) {
        mfk__cbuf_text(b, "year");
        mfk__cbuf_uint(b, (uint64_t)r->year);
    }
    if (r->chair != NONE) {
        mfk__cbuf_text(b, "chair");
        mfk__cbuf_text(b, str(r, r->chair));
    }
    if (two) {
        mfk__cbuf_text(b, "names");
        mfk__cbuf_head(b, 5, nnames);
        for (i = 0; i < nnames; i++) {
            mfk__cbuf_text(b, str(r, r->member[order[i]]));
            mfk__cbuf_text(b, str(r, r->mname[order[i]]));
        }
    }
    mfk__cbuf_text(b, "rounds");
    mfk__cbuf_head(b, 4, r->nrounds);
    for (k = 0; k < r->nrounds; k++) {
        const unsigned char *st = &r->stances[k * r->mcap];
        int why = two && round_has_reasons(r, k + 1, 0);
        int at = two && round_has_reasons(r, k + 1, 1);
        int dl = two && r->circ == k + 1;
        mfk__cbuf_head(b, 5, 5 + why + at + dl);
        if (at) {
            mfk__cbuf_text(b, "at");
            put_reasons(b, r, k + 1, 1, order);
        }
        mfk__cbuf_text(b, "round");
        mfk__cbuf_uint(b, (uint64_t)r->first + k);
        if (why) {
            mfk__cbuf_text(b, "reasons");
            put_reasons(b, r, k + 1, 0, order);
        }
        mfk__cbuf_text(b, "stances");
        mfk__cbuf_head(b, 4, r->n);
        for (i = 0; i < r->n; i++)
            mfk__cbuf_text(b, mfk_name(MFK_NAMES_STANCE, st[i]));
        mfk__cbuf_text(b, "verdict");
        mfk__cbuf_text(b, mfk_name(MFK_NAMES_VERDICT,
                                   (int)r->rounds[k].verdict));
        mfk__cbuf_text(b, "version");
        mfk__cbuf_uint(b, r->rounds[k].version);
        mfk__cbuf_text(b, "blockers");
        put_ids(b, r, &r->blockers[k * r->mcap], 1);
        if (dl) {
            mfk__cbuf_text(b, "deadline");
            mfk__cbuf_text(b, str(r, r->deadline));
        }
    }
    mfk__cbuf_text(b, "members");
    mfk__cbuf_head(b, 4, r->n);
    for (i = 0; i < r->n; i++)
        mfk__cbuf_text(b, str(r, r->member[i]));
    mfk__cbuf_text(b, "mufakat");
    mfk__cbuf_uint(b, two ? 2 : 1);
    mfk__cbuf_text(b, "outcome");
    mfk__cbuf_text(b, mfk_name(MFK_NAMES_OUTCOME, (int)r->outcome));
    mfk__cbuf_text(b, "proposal");
    mfk__cbuf_head(b, 5, 10);
    mfk__cbuf_text(b, "id");
    mfk__cbuf_text(b, str(r, r->pid));
    mfk__cbuf_text(b, "rule");
    mfk__cbuf_text(b, mfk_name(MFK_NAMES_RULE, (int)r->rule));
    mfk__cbuf_text(b, "title");
    mfk__cbuf_text(b, str(r, r->title));
    mfk__cbuf_text(b, "pillar");
    mfk__cbuf_text(b, mfk_name(MFK_NAMES_PILLAR, (int)r->pillar));
    mfk__cbuf_text(b, "consent");
    put_ids(b, r, r->roles, MFK_ROLE_CONSENT);
    mfk__cbuf_text(b, "parties");
    put_ids(b, r, r->roles, MFK_ROLE_PARTY);
    mfk__cbuf_text(b, "concerns");
    put_ids(b, r, r->roles, MFK_ROLE_CONCERN);
    mfk__cbuf_text(b, "measures");
    for (bit = 0, k = 0; bit < 6; bit++)
        k += (r->measures >> bit) & 1;
    mfk__cbuf_head(b, 4, k);
    for (bit = 0; bit < 6; bit++)
        if ((r->measures >> bit) & 1)
            mfk__cbuf_text(b, mfk_name(MFK_NAMES_MEASURE, (int)bit));
    mfk__cbuf_text(b, "sponsors");
    put_ids(b, r, r->roles, MFK_ROLE_SPONSOR);
    mfk__cbuf_text(b, "component");
    mfk__cbuf_text(b, mfk_name(MFK_NAMES_COMPONENT, (int)r->component));
    mfk__cbuf_text(b, "versions");
    mfk__cbuf_head(b, 4, r->nver);
    for (v = 0; v < r->nver; v++) {
        const struct rver *x = &r->ver[v];
        mfk__cbuf_head(b, 5, (x->text != NONE) + (x->has_pos != 0));
        if (x->text != NONE) {
            mfk__cbuf_text(b, "text");
            mfk__cbuf_text(b, str(r, x->text));
        }
        if (x->has_pos) {
            mfk__cbuf_text(b, "position");
            mfk__cbuf_head(b, 4, r->dims);
            for (d = 0; d < r->dims; d++)
                mfk__cbuf_double(b, r->pos[v * MFK_MAX_DIMS + d]);
        }
    }
    if (two && r->has_cont) {
        mfk__cbuf_text(b, "continues");
        mfk__cbuf_head(b, 5, 2);
        mfk__cbuf_text(b, "seq");
        mfk__cbuf_uint(b, r->cont_seq);
        mfk__cbuf_text(b, "sha256");
        mfk__cbuf_head(b, 2, MFK__SHA256_BYTES);
        mfk__cbuf_raw(b, r->cont_sha, MFK__SHA256_BYTES);
    }
    mfk__cbuf_text(b, "admissible");
    mfk__cbuf_simple(b, r->admissible ? 21 : 20);
    mfk__cbuf_text(b, "violations");
    mfk__cbuf_head(b, 4, r->nviol);
    for (v = 0; v < r->nviol; v++) {
        mfk__cbuf_head(b, 5, 3);
        mfk__cbuf_text(b, "mode");
        mfk__cbuf_text(b, mfk_name(MFK_NAMES_MODE, (int)r->viol[v].mode));
        mfk__cbuf_text(b, "members");
        put_ids(b, r, &r->vmembers[v * r->mcap], 1);
        mfk__cbuf_text(b, "principle");
        mfk__cbuf_text(b, str(r, r->viol[v].name));
    }
    mfk__cbuf_text(b, "participants");
    put_ids(b, r, r->participants, 1);
    mfk__free(&r->alloc, order);
}

static int encode_as(const mfk_record *r, mfk__cbuf *b, int link)
{
    size_t start = b->len;
    put_record(b, r, link);
    if (b->failed)
        return MFK_ENOMEM;
    if (b->len - start > MFK_RECORD_MAX_BYTES)
        return MFK_ELIMIT;
    return MFK_OK;
}

int mfk__record_encode(const mfk_record *r, mfk__cbuf *b)
{
    return encode_as(r, b, 1);
}

int mfk_record_encode(const mfk_record *r, unsigned char *buf, size_t size,
                      size_t *len)
{
    mfk__cbuf b;
    int rc;
    if (r == NULL || len == NULL)
        return MFK_EINVAL;
    memset(&b, 0, sizeof b);
    b.alloc = &r->alloc;
    rc = encode_as(r, &b, 0); /* the record alone, not its place */
    if (rc == MFK_OK) {
        *len = b.len;
        if (buf == NULL || size < b.len)
            rc = MFK_ERANGE;
        else
            memcpy(buf, b.buf, b.len);
    }
    mfk__free(&r->alloc, b.buf);
    return rc;
}

/* ---- decoding -------------------------------------------------------- */

typedef struct dctx {
    mfk_record *r;
    const mfk__ctree *t;
    mfk_error *err;
} dctx;

static const char *kind_name(const mfk__cnode *x)
{
    static const char *const names[] = {
        "an integer", "an integer",  "a byte string", "a text string",
        "an array",   "a map",       "a float",       "false",
        "true",       "null",        "undefined"};
    return names[x->kind];
}

static int bad(dctx *d, const mfk__cnode *x, const char *what)
{
    return mfk__cnode_error(d->err, MFK_EFORMAT, x, "expected %s, found %s",
                            what, kind_name(x));
}

static int want(dctx *d, const mfk__cnode *x, int kind, const char *what)
{
    return x->kind == kind ? MFK_OK : bad(d, x, what);
}

static int text(dctx *d, const mfk__cnode *x, size_t *off)
{
    int rc = want(d, x, MFK__C_TEXT, "a text string");
    if (rc != MFK_OK)
        return rc;
    if (pool_add(d->r, mfk__cstr(d->t, x), x->n, off))
        return mfk__error_set(d->err, MFK_ENOMEM, NULL, "out of memory");
    return MFK_OK;
}

/* A name of `kind` from a text node. */
static int name(dctx *d, const mfk__cnode *x, mfk_names kind,
                const char *what, int *value)
{
    const char *s, *n;
    int i, rc = want(d, x, MFK__C_TEXT, what);
    if (rc != MFK_OK)
        return rc;
    s = mfk__cstr(d->t, x);
    for (i = 0; (n = mfk_name(kind, i)) != NULL; i++)
        if (strlen(n) == x->n && memcmp(n, s, x->n) == 0) {
            *value = i;
            return MFK_OK;
        }
    return mfk__cnode_error(d->err, MFK_EFORMAT, x, "unknown %s \"%.*s\"",
                            what, (int)(x->n > 40 ? 40 : x->n), s);
}

static int uint_of(dctx *d, const mfk__cnode *x, uint64_t max, uint64_t *u)
{
    int rc = want(d, x, MFK__C_UINT, "an unsigned integer");
    if (rc != MFK_OK)
        return rc;
    if (x->v.u > max)
        return mfk__cnode_error(d->err, MFK_EFORMAT, x,
                                "%llu is out of range (at most %llu)",
                                (unsigned long long)x->v.u,
                                (unsigned long long)max);
    *u = x->v.u;
    return MFK_OK;
}

/* The index of a member from its id; *hint is where to look first. */
static int member(dctx *d, const mfk__cnode *x, size_t *hint, size_t *idx)
{
    mfk_record *r = d->r;
    const char *s;
    size_t i, k;
    int rc = want(d, x, MFK__C_TEXT, "a member's id");
    if (rc != MFK_OK)
        return rc;
    s = mfk__cstr(d->t, x);
    for (k = 0; k < r->n; k++) {
        i = (*hint + k) % r->n;
        if (strncmp(r->pool + r->member[i], s, x->n) == 0 &&
            r->pool[r->member[i] + x->n] == '\0') {
            *idx = i;
            *hint = i + 1;
            return MFK_OK;
        }
    }
    return mfk__cnode_error(d->err, MFK_EFORMAT, x,
                            "\"%.*s\" is not among the members",
                            (int)(x->n > 40 ? 40 : x->n), s);
}

/* An array of member ids: set[i] |= bits for each. */
static int ids(dctx *d, const mfk__cnode *x, unsigned char *set,
               unsigned bits)
{
    const mfk__cnode *e;
    size_t hint = 0, idx;
    size_t k;
    int rc = want(d, x, MFK__C_ARRAY, "an array of member ids");
    if (rc != MFK_OK)
        return rc;
    for (k = 0, e = x + 1; k < x->n; k++, e = mfk__cnext(e)) {
        if ((rc = member(d, e, &hint, &idx)) != MFK_OK)
            return rc;
        set[idx] |= (unsigned char)bits;
    }
    return MFK_OK;
}

/* Looks up the values of a map's keys: vals[k] for keys[k], NULL where
 * absent. Other keys are errors unless they start with "x-". */
static int fields(dctx *d, const mfk__cnode *x, const char *const *keys,
                  const mfk__cnode **vals, const char *what)
{
    const mfk__cnode *c;
    size_t i, k;
    int rc = want(d, x, MFK__C_MAP, what);
    if (rc != MFK_OK)
        return rc;
    for (k = 0; keys[k] != NULL; k++)
        vals[k] = NULL;
    for (i = 0, c = x + 1; i < x->n; i++) {
        const mfk__cnode *v = mfk__cnext(c);
        const char *s;
        if (c->kind != MFK__C_TEXT)
            return bad(d, c, "a text key");
        s = mfk__cstr(d->t, c);
        for (k = 0; keys[k] != NULL; k++)
            if (strlen(keys[k]) == c->n && memcmp(keys[k], s, c->n) == 0)
                break;
        if (keys[k] != NULL) {
            if (vals[k] != NULL)
                return mfk__cnode_error(d->err, MFK_EFORMAT, c,
                                        "duplicate key \"%s\"", keys[k]);
            vals[k] = v;
        } else if (!(c->n >= 2 && s[0] == 'x' && s[1] == '-')) {
            return mfk__cnode_error(d->err, MFK_EFORMAT, c,
                                    "unknown key \"%.*s\" in %s",
                                    (int)(c->n > 40 ? 40 : c->n), s, what);
        }
        c = mfk__cnext(v);
    }
    return MFK_OK;
}

static int required(dctx *d, const mfk__cnode *map,
                    const char *const *keys, const mfk__cnode **vals,
                    const char *what)
{
    size_t k;
    for (k = 0; keys[k] != NULL; k++)
        if (vals[k] == NULL && keys[k][0] != '?')
            return mfk__cnode_error(d->err, MFK_EFORMAT, map,
                                    "%s has no \"%s\"", what, keys[k]);
    return MFK_OK;
}

/* A finite number: positions are, in every proposal. */
static int number(dctx *d, const mfk__cnode *x, double *out)
{
    if (x->kind == MFK__C_FLOAT && !isfinite(x->v.d))
        return mfk__cnode_error(d->err, MFK_EFORMAT, x,
                                "%s: expected a finite number",
                                isnan(x->v.d) ? "NaN" : "an infinity");
    if (x->kind == MFK__C_FLOAT)
        *out = x->v.d;
    else if (x->kind == MFK__C_UINT)
        *out = (double)x->v.u;
    else if (x->kind == MFK__C_NINT)
        *out = -1.0 - (double)x->v.u;
    else
        return bad(d, x, "a number");
    return MFK_OK;
}

static int read_proposal(dctx *d, const mfk__cnode *x)
{
    static const char *const keys[] = {"id",       "rule",     "title",
                                       "pillar",   "consent",  "parties",
                                       "concerns", "measures", "sponsors",
                                       "component", NULL};
    static const unsigned roles[] = {MFK_ROLE_CONSENT, MFK_ROLE_PARTY,
                                     MFK_ROLE_CONCERN, 0, MFK_ROLE_SPONSOR};
    const mfk__cnode *v[11], *e;
    mfk_record *r = d->r;
    size_t k, i;
    int rc, val;

    if ((rc = fields(d, x, keys, v, "the proposal")) ||
        (rc = required(d, x, keys, v, "the proposal")) ||
        (rc = text(d, v[0], &r->pid)) ||
        (rc = name(d, v[1], MFK_NAMES_RULE, "rule", &val)))
        return rc;
    r->rule = (mfk_rule_kind)val;
    if ((rc = text(d, v[2], &r->title)) ||
        (rc = name(d, v[3], MFK_NAMES_PILLAR, "pillar", &val)))
        return rc;
    r->pillar = (mfk_pillar)val;
    memset(r->roles, 0, r->n);
    for (i = 0; i < 5; i++)
        if (roles[i] && (rc = ids(d, v[4 + i], r->roles, roles[i])))
            return rc;
    if ((rc = want(d, v[7], MFK__C_ARRAY, "an array of measures")))
        return rc;
    r->measures = 0;
    for (k = 0, e = v[7] + 1; k < v[7]->n; k++, e = mfk__cnext(e)) {
        if ((rc = name(d, e, MFK_NAMES_MEASURE, "measure", &val)))
            return rc;
        r->measures |= 1u << val;
    }
    if ((rc = name(d, v[9], MFK_NAMES_COMPONENT, "component", &val)))
        return rc;
    r->component = (mfk_component)val;
    return MFK_OK;
}

static int read_versions(dctx *d, const mfk__cnode *x)
{
    static const char *const match[] = {"text", "position", NULL};
    mfk_record *r = d->r;
    const mfk__cnode *e, *v[2], *p;
    size_t k, j;
    int rc;

    if ((rc = want(d, x, MFK__C_ARRAY, "an array of versions")))
        return rc;
    if (x->n == 0)
        return mfk__cnode_error(d->err, MFK_EFORMAT, x,
                                "no versions: expected the original text");
    if (reserve(r, r->n, x->n, 0, 0))
        return mfk__error_set(d->err, MFK_ENOMEM, NULL, "out of memory");
    for (k = 0, e = x + 1; k < x->n; k++, e = mfk__cnext(e)) {
        struct rver *ver = &r->ver[k];
        if ((rc = fields(d, e, match, v, "a version")))
            return rc;
        ver->text = NONE;
        ver->has_pos = 0;
        if (v[0] != NULL && (rc = text(d, v[0], &ver->text)))
            return rc;
        if ((p = v[1]) != NULL) {
            if ((rc = want(d, p, MFK__C_ARRAY, "a position")))
                return rc;
            if (p->n == 0 || p->n > MFK_MAX_DIMS ||
                (r->dims != 0 && p->n != r->dims))
                return mfk__cnode_error(d->err, MFK_EFORMAT, p,
                                        "a position of %zu numbers: "
                                        "expected 1 to %d, the same in "
                                        "every version",
                                        p->n, MFK_MAX_DIMS);
            r->dims = p->n;
            for (j = 0, p = p + 1; j < r->dims; j++, p = mfk__cnext(p))
                if ((rc = number(d, p, &r->pos[k * MFK_MAX_DIMS + j])))
                    return rc;
            ver->has_pos = 1;
        }
    }
    r->nver = x->n;
    return MFK_OK;
}

/* Room for one more reason. */
static int reason_room(mfk_record *r)
{
    if (r->nreasons == r->reacap) {
        size_t ncap = r->reacap ? 2 * r->reacap : 8;
        if (mfk__grow(&r->alloc, (void **)&r->reasons, ncap,
                      sizeof *r->reasons))
            return MFK_ENOMEM;
        r->reacap = ncap;
    }
    return MFK_OK;
}

/* A round's reasons (format 2): {id: text}. */
static int read_reasons(dctx *d, const mfk__cnode *x, unsigned round,
                        int at)
{
    mfk_record *r = d->r;
    const mfk__cnode *c;
    size_t i, hint = 0, idx;
    int rc;
    if (r->format != 2)
        return mfk__cnode_error(d->err, MFK_EFORMAT, x,
                                at ? "\"at\" in a record of format 1"
                                   : "reasons in a record of format 1");
    if ((rc = want(d, x, MFK__C_MAP,
                   at ? "a map of member ids and times"
                      : "a map of member ids and reasons")))
        return rc;
    for (i = 0, c = x + 1; i < x->n; i++) {
        const mfk__cnode *v = mfk__cnext(c);
        struct rreason *w;
        if ((rc = member(d, c, &hint, &idx)))
            return rc;
        if (reason_room(r))
            return mfk__error_set(d->err, MFK_ENOMEM, NULL, "out of memory");
        w = &r->reasons[r->nreasons];
        w->round = round;
        w->member = idx;
        w->at = at;
        if ((at && (rc = want_time(d, v))) || (rc = text(d, v, &w->text)))
            return rc;
        r->nreasons++;
        c = mfk__cnext(v);
    }
    return MFK_OK;
}

/* The members' names (format 2): {id: name}. */
static int read_names(dctx *d, const mfk__cnode *x)
{
    mfk_record *r = d->r;
    const mfk__cnode *c;
    size_t i, hint = 0, idx;
    int rc;
    if ((rc = want(d, x, MFK__C_MAP, "a map of member ids and names")))
        return rc;
    for (i = 0, c = x + 1; i < x->n; i++) {
        const mfk__cnode *v = mfk__cnext(c);
        if ((rc = member(d, c, &hint, &idx)) || (rc = text(d, v, &r->mname[idx])))
            return rc;
        c = mfk__cnext(v);
    }
    return MFK_OK;
}

/* The link to the item before (format 2): 32 bytes. */
static int read_prev(dctx *d, const mfk__cnode *x)
{
    int rc = want(d, x, MFK__C_BYTES, "a byte string (SHA-256)");
    if (rc != MFK_OK)
        return rc;
    if (x->n != MFK__SHA256_BYTES)
        return mfk__cnode_error(d->err, MFK_EFORMAT, x,
                                "a link of %zu bytes: expected %d", x->n,
                                MFK__SHA256_BYTES);
    memcpy(d->r->prev, mfk__cstr(d->t, x), MFK__SHA256_BYTES);
    d->r->has_prev = 1;
    return MFK_OK;
}

/* The year of the meeting (format 2). */
static int read_year(dctx *d, const mfk__cnode *x)
{
    uint64_t u;
    int rc = uint_of(d, x, 100000, &u);
    if (rc != MFK_OK)
        return rc;
    if (u == 0)
        return bad(d, x, "a year from 1 to 100000");
    d->r->year = (int)u;
    return MFK_OK;
}

/* The record a proposal taken up again continues (format 2):
 * {"seq": N, "sha256": the 32 bytes of that record in its journal}. */
static int read_continues(dctx *d, const mfk__cnode *x)
{
    static const char *const keys[] = {"seq", "sha256", NULL};
    const mfk__cnode *v[2];
    uint64_t u;
    int rc;
    if ((rc = fields(d, x, keys, v, "the record continued")) ||
        (rc = required(d, x, keys, v, "the record continued")) ||
        (rc = uint_of(d, v[0], UINT64_MAX, &u)))
        return rc;
    if (u == 0)
        return bad(d, v[0], "a seq from 1");
    if ((rc = want(d, v[1], MFK__C_BYTES, "a byte string (SHA-256)")))
        return rc;
    if (v[1]->n != MFK__SHA256_BYTES)
        return mfk__cnode_error(d->err, MFK_EFORMAT, v[1],
                                "a hash of %zu bytes: expected %d", v[1]->n,
                                MFK__SHA256_BYTES);
    d->r->cont_seq = u;
    memcpy(d->r->cont_sha, mfk__cstr(d->t, v[1]), MFK__SHA256_BYTES);
    d->r->has_cont = 1;
    return MFK_OK;
}

/* The record format: 1 or 2. */
static int read_format(dctx *d, const mfk__cnode *x)
{
    uint64_t u;
    int rc = uint_of(d, x, UINT64_MAX, &u);
    if (rc != MFK_OK)
        return rc;
    if (u != 1 && u != 2)
        return mfk__cnode_error(d->err, MFK_EFORMAT, x,
                                "record format %llu: expected 1 or 2",
                                (unsigned long long)u);
    d->r->format = (unsigned)u;
    return MFK_OK;
}

static int read_time(dctx *d, const mfk__cnode *x)
{
    int rc = want(d, x, MFK__C_TEXT, "a time");
    if (rc != MFK_OK)
        return rc;
    if (!valid_time(mfk__cstr(d->t, x), x->n))
        return mfk__cnode_error(d->err, MFK_EFORMAT, x,
                                "expected a time in RFC 3339, UTC");
    memcpy(d->r->time, mfk__cstr(d->t, x), x->n);
    d->r->time[x->n] = '\0';
    return MFK_OK;
}

/* An event record (format 2). */
static int read_event(dctx *d, const mfk__cnode *root)
{
    static const char *const keys[] = {"seq",    "?prev",  "?text", "time",
                                       "event",  "?member", "mufakat",
                                       NULL};
    static const char *const match[] = {"seq",   "prev",   "text", "time",
                                        "event", "member", "mufakat", NULL};
    const mfk__cnode *v[7];
    mfk_record *r = d->r;
    uint64_t u;
    int rc;
    if ((rc = fields(d, root, match, v, "an event record")) ||
        (rc = required(d, root, keys, v, "an event record")) ||
        (rc = read_format(d, v[6])))
        return rc;
    if (r->format != 2)
        return mfk__cnode_error(d->err, MFK_EFORMAT, v[6],
                                "an event record of format 1: expected 2");
    if ((rc = uint_of(d, v[0], UINT64_MAX, &u)))
        return rc;
    r->seq = u;
    if ((v[1] != NULL && (rc = read_prev(d, v[1]))) ||
        (v[2] != NULL && (rc = text(d, v[2], &r->etext))) ||
        (rc = read_time(d, v[3])) || (rc = text(d, v[4], &r->event)) ||
        (v[5] != NULL && (rc = text(d, v[5], &r->emember))))
        return rc;
    return MFK_OK;
}

static int read_rounds(dctx *d, const mfk__cnode *x)
{
    static const char *const keys[] = {"round",   "stances",  "verdict",
                                       "version", "blockers", "?reasons",
                                       "?at",     "?deadline", NULL};
    static const char *const match[] = {"round",   "stances",  "verdict",
                                        "version", "blockers", "reasons",
                                        "at",      "deadline", NULL};
    mfk_record *r = d->r;
    const mfk__cnode *e, *v[8], *s;
    size_t k, i;
    uint64_t u;
    int rc, val;

    if ((rc = want(d, x, MFK__C_ARRAY, "an array of rounds")))
        return rc;
    if (x->n > MFK_MAX_ROUNDS)
        return mfk__cnode_error(d->err, MFK_EFORMAT, x,
                                "%zu rounds: at most %d", x->n,
                                MFK_MAX_ROUNDS);
    if (reserve(r, r->n, 0, x->n, 0))
        return mfk__error_set(d->err, MFK_ENOMEM, NULL, "out of memory");
    for (k = 0, e = x + 1; k < x->n; k++, e = mfk__cnext(e)) {
        unsigned char *st = &r->stances[k * r->mcap];
        if ((rc = fields(d, e, match, v, "a round")) ||
            (rc = required(d, e, keys, v, "a round")) ||
            (rc = uint_of(d, v[0], MFK_MAX_ROUNDS, &u)))
            return rc;
        /* From 1, or, in format 2, numbered on from any round. */
        if (k == 0 && r->format == 2 && u >= 1 &&
            u <= MFK_MAX_FIRST_ROUND)
            r->first = (unsigned)u;
        if (u != r->first + k)
            return mfk__cnode_error(d->err, MFK_EFORMAT, v[0],
                                    "round %llu: expected %zu",
                                    (unsigned long long)u,
                                    (size_t)r->first + k);
        if ((rc = want(d, v[1], MFK__C_ARRAY, "an array of stances")))
            return rc;
        if (v[1]->n != r->n)
            return mfk__cnode_error(d->err, MFK_EFORMAT, v[1],
                                    "%zu stances: expected one per member "
                                    "(%zu)",
                                    v[1]->n, r->n);
        for (i = 0, s = v[1] + 1; i < r->n; i++, s = mfk__cnext(s)) {
            if ((rc = name(d, s, MFK_NAMES_STANCE, "stance", &val)))
                return rc;
            st[i] = (unsigned char)val;
        }
        if ((rc = name(d, v[2], MFK_NAMES_VERDICT, "verdict", &val)))
            return rc;
        r->rounds[k].verdict = (mfk_verdict)val;
        if ((rc = uint_of(d, v[3], r->nver - 1, &u)))
            return rc;
        r->rounds[k].version = (size_t)u;
        memset(&r->blockers[k * r->mcap], 0, r->n);
        if ((rc = ids(d, v[4], &r->blockers[k * r->mcap], 1)))
            return rc;
        if (v[5] != NULL && (rc = read_reasons(d, v[5], (unsigned)k + 1, 0)))
            return rc;
        if ((v[6] != NULL || v[7] != NULL) &&
            (rc = read_circulated(d, v[6], v[7], (unsigned)k + 1)))
            return rc;
    }
    r->nrounds = x->n;
    return MFK_OK;
}

static int read_violations(dctx *d, const mfk__cnode *x)
{
    static const char *const keys[] = {"mode", "members", "principle", NULL};
    mfk_record *r = d->r;
    const mfk__cnode *e, *v[3];
    size_t k;
    int rc, val;

    if ((rc = want(d, x, MFK__C_ARRAY, "an array of violations")))
        return rc;
    if (reserve(r, r->n, 0, 0, x->n))
        return mfk__error_set(d->err, MFK_ENOMEM, NULL, "out of memory");
    for (k = 0, e = x + 1; k < x->n; k++, e = mfk__cnext(e)) {
        if ((rc = fields(d, e, keys, v, "a violation")) ||
            (rc = required(d, e, keys, v, "a violation")) ||
            (rc = name(d, v[0], MFK_NAMES_MODE, "mode", &val)))
            return rc;
        r->viol[k].mode = (mfk_mode)val;
        memset(&r->vmembers[k * r->mcap], 0, r->n);
        if ((rc = ids(d, v[1], &r->vmembers[k * r->mcap], 1)) ||
            (rc = text(d, v[2], &r->viol[k].name)))
            return rc;
    }
    r->nviol = x->n;
    return MFK_OK;
}

/* Fills r (cleared) from the record at the tree's root. */
int mfk__record_from_tree(mfk_record *r, const mfk__ctree *t,
                          mfk_error *err)
{
    static const char *const keys[] = {
        "seq",      "body",     "time",       "?chair",     "rounds",
        "members",  "mufakat",  "outcome",    "proposal",   "versions",
        "admissible", "violations", "participants", "?prev", "?names",
        "?year", "?continues", NULL};
    static const char *const match[] = {
        "seq",      "body",     "time",       "chair",      "rounds",
        "members",  "mufakat",  "outcome",    "proposal",   "versions",
        "admissible", "violations", "participants", "prev", "names",
        "year", "continues", NULL};
    const mfk__cnode *root = t->nodes, *v[17], *e;
    dctx d;
    uint64_t u;
    size_t k;
    size_t hint = 0, idx;
    int rc, val;

    d.r = r;
    d.t = t;
    d.err = err;
    clear(r);
    if (root->kind == MFK__C_MAP) { /* an event record has "event" */
        const mfk__cnode *c = root + 1;
        for (k = 0; k < root->n; k++, c = mfk__cnext(mfk__cnext(c)))
            if (mfk__ctext_is(t, c, "event"))
                return read_event(&d, root);
    }
    if ((rc = fields(&d, root, match, v, "a record")))
        return rc;
    if ((rc = required(&d, root, keys, v, "a record")) ||
        (rc = read_format(&d, v[6])))
        return rc;
    for (k = 13; r->format == 1 && k < 17; k++)
        if (v[k] != NULL)
            return mfk__cnode_error(err, MFK_EFORMAT, v[k],
                                    "\"%s\" in a record of format 1",
                                    match[k]);
    if ((rc = uint_of(&d, v[0], UINT64_MAX, &u)))
        return rc;
    r->seq = u;
    if ((rc = read_time(&d, v[2])))
        return rc;
    if ((rc = text(&d, v[1], &r->body)))
        return rc;
    /* The members first: the rest names them. */
    if ((rc = want(&d, v[5], MFK__C_ARRAY, "an array of member ids")))
        return rc;
    if (v[5]->n == 0 || v[5]->n > MFK_MAX_MEMBERS)
        return mfk__cnode_error(err, MFK_EFORMAT, v[5],
                                "%zu members: expected 1 to %d",
                                v[5]->n, MFK_MAX_MEMBERS);
    if (reserve(r, v[5]->n, 0, 0, 0))
        return mfk__error_set(err, MFK_ENOMEM, NULL, "out of memory");
    for (k = 0, e = v[5] + 1; k < v[5]->n; k++, e = mfk__cnext(e)) {
        if ((rc = text(&d, e, &r->member[k])))
            return rc;
        r->mname[k] = NONE;
    }
    r->n = v[5]->n;
    if (v[3] != NULL) {
        if ((rc = member(&d, v[3], &hint, &idx)))
            return rc;
        r->chair = r->member[idx];
    }
    if ((v[13] != NULL && (rc = read_prev(&d, v[13]))) ||
        (v[14] != NULL && (rc = read_names(&d, v[14]))) ||
        (v[15] != NULL && (rc = read_year(&d, v[15]))) ||
        (v[16] != NULL && (rc = read_continues(&d, v[16]))))
        return rc;
    if ((rc = read_proposal(&d, v[8])) || (rc = read_versions(&d, v[9])) ||
        (rc = read_rounds(&d, v[4])) || (rc = read_violations(&d, v[11])))
        return rc;
    if (v[10]->kind != MFK__C_TRUE && v[10]->kind != MFK__C_FALSE)
        return bad(&d, v[10], "true or false");
    r->admissible = v[10]->kind == MFK__C_TRUE;
    if ((rc = name(&d, v[7], MFK_NAMES_OUTCOME, "outcome", &val)))
        return rc;
    r->outcome = (mfk_outcome)val;
    memset(r->participants, 0, r->n);
    return ids(&d, v[12], r->participants, 1);
}

mfk_record *mfk__record_alloc(const mfk_allocator *alloc)
{
    return alloc_record(alloc);
}

int mfk__record_too_large(mfk_error *err, long long offset)
{
    mfk__error_set(err, MFK_ELIMIT, NULL,
                   "a record larger than %u MiB",
                   MFK_RECORD_MAX_BYTES >> 20);
    if (err != NULL)
        err->offset = offset;
    return MFK_ELIMIT;
}

int mfk_record_decode(mfk_record **out, const void *data, size_t len,
                      size_t *used, const mfk_allocator *alloc,
                      mfk_error *err)
{
    mfk_record *r;
    mfk__ctree t;
    size_t n;
    int rc;

    mfk__error_clear(err);
    if (out == NULL)
        return MFK_EINVAL;
    *out = NULL;
    if (data == NULL)
        return mfk__error_set(err, MFK_EINVAL, NULL, "no data");
    if ((r = alloc_record(alloc)) == NULL)
        return mfk__error_set(err, MFK_ENOMEM, NULL, "out of memory");
    mfk__ctree_init(&t, &r->alloc, MFK__RECORD_MAX_NODES);
    rc = mfk__cbor_parse(&t, data,
                         len > MFK_RECORD_MAX_BYTES ? MFK_RECORD_MAX_BYTES
                                                    : len,
                         len, 0, &n, err);
    if (rc == MFK__CBOR_MORE)
        rc = mfk__record_too_large(err, 0);
    if (rc == MFK_OK)
        rc = mfk__record_from_tree(r, &t, err);
    mfk__ctree_free(&t);
    if (rc != MFK_OK) {
        mfk_record_free(r);
        return rc;
    }
    if (used != NULL)
        *used = n;
    *out = r;
    return MFK_OK;
}

/* ---- accessors ------------------------------------------------------- */

unsigned long long mfk_record_seq(const mfk_record *r)
{
    return r == NULL ? 0 : r->seq;
}

int mfk_record_set_seq(mfk_record *r, unsigned long long seq)
{
    if (r == NULL)
        return MFK_EINVAL;
    r->seq = seq;
    return MFK_OK;
}

const char *mfk_record_time(const mfk_record *r)
{
    return r == NULL ? NULL : r->time;
}

const char *mfk_record_body(const mfk_record *r)
{
    return r == NULL ? NULL : str(r, r->body);
}

size_t mfk_record_member_count(const mfk_record *r)
{
    return r == NULL ? 0 : r->n;
}

const char *mfk_record_member(const mfk_record *r, size_t i)
{
    return r == NULL || i >= r->n ? NULL : str(r, r->member[i]);
}

const char *mfk_record_chair(const mfk_record *r)
{
    return r == NULL ? NULL : str(r, r->chair);
}

const char *mfk_record_proposal_id(const mfk_record *r)
{
    return r == NULL ? NULL : str(r, r->pid);
}

const char *mfk_record_title(const mfk_record *r)
{
    return r == NULL ? NULL : str(r, r->title);
}

mfk_pillar mfk_record_pillar(const mfk_record *r)
{
    return r == NULL ? MFK_PILLAR_POLITICAL_SECURITY : r->pillar;
}

mfk_component mfk_record_component(const mfk_record *r)
{
    return r == NULL ? MFK_COMPONENT_POLITICAL_DEVELOPMENT : r->component;
}

unsigned mfk_record_measures(const mfk_record *r)
{
    return r == NULL ? 0 : r->measures;
}

mfk_rule_kind mfk_record_rule(const mfk_record *r)
{
    return r == NULL ? MFK_RULE_CONSENSUS : r->rule;
}

unsigned mfk_record_roles(const mfk_record *r, size_t i)
{
    return r == NULL || i >= r->n ? 0 : r->roles[i];
}

unsigned mfk_record_dims(const mfk_record *r)
{
    return r == NULL ? 0 : r->dims;
}

size_t mfk_record_version_count(const mfk_record *r)
{
    return r == NULL ? 0 : r->nver;
}

int mfk_record_version(const mfk_record *r, size_t v, const char **text,
                       const double **position)
{
    if (r == NULL || v >= r->nver)
        return MFK_EINVAL;
    if (text != NULL)
        *text = str(r, r->ver[v].text);
    if (position != NULL)
        *position = r->ver[v].has_pos ? &r->pos[v * MFK_MAX_DIMS] : NULL;
    return MFK_OK;
}

unsigned mfk_record_rounds(const mfk_record *r)
{
    return r == NULL ? 0 : r->nrounds;
}

int mfk_record_round(const mfk_record *r, unsigned round,
                     const unsigned char **stances,
                     const unsigned char **blockers, mfk_verdict *verdict,
                     size_t *version)
{
    size_t k;
    if (r == NULL || round < 1 || round > r->nrounds)
        return MFK_EINVAL;
    k = round - 1;
    if (stances != NULL)
        *stances = &r->stances[k * r->mcap];
    if (blockers != NULL)
        *blockers = &r->blockers[k * r->mcap];
    if (verdict != NULL)
        *verdict = r->rounds[k].verdict;
    if (version != NULL)
        *version = r->rounds[k].version;
    return MFK_OK;
}

size_t mfk_record_violation_count(const mfk_record *r)
{
    return r == NULL ? 0 : r->nviol;
}

int mfk_record_violation(const mfk_record *r, size_t v, const char **name,
                         mfk_mode *mode, const unsigned char **members)
{
    if (r == NULL || v >= r->nviol)
        return MFK_EINVAL;
    if (name != NULL)
        *name = str(r, r->viol[v].name);
    if (mode != NULL)
        *mode = r->viol[v].mode;
    if (members != NULL)
        *members = &r->vmembers[v * r->mcap];
    return MFK_OK;
}

int mfk_record_admissible(const mfk_record *r)
{
    return r != NULL && r->admissible;
}

mfk_outcome mfk_record_outcome(const mfk_record *r)
{
    return r == NULL ? MFK_OUTCOME_NO_OUTCOME : r->outcome;
}

const unsigned char *mfk_record_participants(const mfk_record *r)
{
    return r == NULL ? NULL : r->participants;
}

/* ---- format 2: names, reasons, links, events --------------------------- */

const char *mfk_record_member_name(const mfk_record *r, size_t i)
{
    return r == NULL || i >= r->n ? NULL : str(r, r->mname[i]);
}

unsigned mfk_record_format(const mfk_record *r)
{
    return r == NULL ? 0 : r->format;
}

static int utf8_ok(const char *s, size_t len)
{
    return mfk__utf8_valid((const unsigned char *)s, len);
}

int mfk_record_set_reason(mfk_record *r, unsigned round, size_t member,
                          const char *text)
{
    size_t k, len, off;
    if (r == NULL || text == NULL || r->event != NONE || round < 1 ||
        round > r->nrounds || member >= r->n)
        return MFK_EINVAL;
    len = strlen(text);
    if (!utf8_ok(text, len))
        return MFK_EINVAL;
    if (reason_room(r) || pool_add(r, text, len, &off))
        return MFK_ENOMEM;
    for (k = 0; k < r->nreasons; k++)
        if (r->reasons[k].round == round && r->reasons[k].member == member &&
            !r->reasons[k].at) {
            r->reasons[k].text = off; /* the new one replaces it */
            return MFK_OK;
        }
    r->reasons[r->nreasons].round = round;
    r->reasons[r->nreasons].member = member;
    r->reasons[r->nreasons].text = off;
    r->reasons[r->nreasons].at = 0;
    r->nreasons++;
    return MFK_OK;
}

const char *mfk_record_reason(const mfk_record *r, unsigned round,
                              size_t member)
{
    return reason_of(r, round, member, 0);
}

/* A member's reason (at 0) or stance's time (at 1) in a round. */
static const char *reason_of(const mfk_record *r, unsigned round,
                             size_t member, int at)
{
    size_t k;
    if (r == NULL)
        return NULL;
    for (k = 0; k < r->nreasons; k++)
        if (r->reasons[k].round == round && r->reasons[k].member == member &&
            r->reasons[k].at == at)
            return str(r, r->reasons[k].text);
    return NULL;
}

unsigned mfk__record_format(const mfk_record *r)
{
    return r->format;
}

void mfk__record_set_format(mfk_record *r, unsigned format)
{
    r->format = format;
}

int mfk__record_needs_two(const mfk_record *r)
{
    return r->nreasons > 0 || r->event != NONE || r->first != 1 ||
           r->year != 0 || r->has_cont || r->circ != 0;
}

void mfk__record_set_prev(mfk_record *r, const unsigned char *prev)
{
    r->has_prev = prev != NULL;
    if (prev != NULL)
        memcpy(r->prev, prev, MFK__SHA256_BYTES);
}

const char *mfk__record_two_what(const mfk_record *r)
{
    if (r->nreasons > 0)
        return "reasons";
    if (r->event != NONE)
        return "event records";
    return "the year, rounds numbered on or the link of a proposal taken "
           "up again";
}

const unsigned char *mfk__record_prev(const mfk_record *r)
{
    return r->has_prev ? r->prev : NULL;
}

int mfk__record_is_event(const mfk_record *r)
{
    return r->event != NONE;
}

int mfk__record_make_event(mfk_record *r, const char *event,
                           const char *member, const char *text,
                           const char *time)
{
    size_t need;
    if (event == NULL || event[0] == '\0' || time == NULL ||
        !utf8_ok(event, strlen(event)) ||
        (member != NULL && !utf8_ok(member, strlen(member))) ||
        (text != NULL && !utf8_ok(text, strlen(text))) ||
        !valid_time(time, strlen(time)))
        return MFK_EINVAL;
    clear(r);
    need = strlen(event) + 1 + (member ? strlen(member) + 1 : 0) +
           (text ? strlen(text) + 1 : 0);
    if (pool_reserve(r, need))
        return MFK_ENOMEM;
    r->event = pool_str(r, event);
    if (member != NULL)
        r->emember = pool_str(r, member);
    if (text != NULL)
        r->etext = pool_str(r, text);
    strcpy(r->time, time);
    return MFK_OK;
}

const char *mfk_record_event(const mfk_record *r)
{
    return r == NULL ? NULL : str(r, r->event);
}

const char *mfk_record_event_member(const mfk_record *r)
{
    return r == NULL || r->event == NONE ? NULL : str(r, r->emember);
}

const char *mfk_record_event_text(const mfk_record *r)
{
    return r == NULL || r->event == NONE ? NULL : str(r, r->etext);
}

int mfk__record_check(const unsigned char *bytes, size_t len,
                      const mfk_allocator *alloc, mfk_error *err)
{
    mfk_record *r;
    mfk__ctree t;
    size_t n;
    int rc;
    if (len > MFK_RECORD_MAX_BYTES)
        return mfk__record_too_large(err, 0);
    if ((r = alloc_record(alloc)) == NULL)
        return mfk__error_set(err, MFK_ENOMEM, NULL, "out of memory");
    mfk__ctree_init(&t, &r->alloc, MFK__RECORD_MAX_NODES);
    rc = mfk__cbor_parse(&t, bytes, len, len, 0, &n, err);
    if (rc == MFK_OK && n != len)
        rc = mfk__error_set(err, MFK_EFORMAT, NULL, "bytes after the record");
    if (rc == MFK_OK)
        rc = mfk__record_from_tree(r, &t, err);
    mfk__ctree_free(&t);
    mfk_record_free(r);
    return rc;
}

/* ---- a proposal taken up again --------------------------------------- */

unsigned mfk_record_first_round(const mfk_record *r)
{
    return r == NULL ? 0 : r->first;
}

int mfk_record_set_year(mfk_record *r, int year)
{
    if (r == NULL || year < 0 || year > 100000 || r->event != NONE)
        return MFK_EINVAL;
    r->year = year;
    return MFK_OK;
}

int mfk_record_year(const mfk_record *r)
{
    return r == NULL ? 0 : r->year;
}

int mfk_record_set_continues(mfk_record *r, unsigned long long seq,
                             const unsigned char *sha256)
{
    if (r == NULL || r->event != NONE || (seq == 0) != (sha256 == NULL))
        return MFK_EINVAL;
    r->has_cont = sha256 != NULL;
    r->cont_seq = seq;
    if (sha256 != NULL)
        memcpy(r->cont_sha, sha256, MFK__SHA256_BYTES);
    return MFK_OK;
}

int mfk_record_continues(const mfk_record *r, unsigned long long *seq,
                         unsigned char *sha256)
{
    if (r == NULL)
        return MFK_EINVAL;
    if (!r->has_cont)
        return MFK_ENOTFOUND;
    if (seq != NULL)
        *seq = r->cont_seq;
    if (sha256 != NULL)
        memcpy(sha256, r->cont_sha, MFK__SHA256_BYTES);
    return MFK_OK;
}

/* ---- the silence procedure: a circulated round's deadline and times --- */

/* The circulated round's deadline and its stances' times, as the
 * consultation keeps them (mfk_consultation_circulate). */
static int fill_circulated(mfk_record *r, const mfk_consultation *c)
{
    unsigned round;
    const char *t = mfk_consultation_deadline(c, &round);
    size_t i, off;

    if (t == NULL || round > r->nrounds)
        return MFK_OK;
    if (pool_add(r, t, strlen(t), &r->deadline))
        return MFK_ENOMEM;
    r->circ = round;
    for (i = 0; i < r->n; i++) {
        if ((t = mfk_consultation_stance_time(c, round, i)) == NULL)
            continue;
        if (reason_room(r) || pool_add(r, t, strlen(t), &off))
            return MFK_ENOMEM;
        r->reasons[r->nreasons].round = round;
        r->reasons[r->nreasons].member = i;
        r->reasons[r->nreasons].text = off;
        r->reasons[r->nreasons].at = 1;
        r->nreasons++;
    }
    return MFK_OK;
}

static int want_time(dctx *d, const mfk__cnode *x)
{
    int rc = want(d, x, MFK__C_TEXT, "a time");
    if (rc == MFK_OK && !valid_time(mfk__cstr(d->t, x), x->n))
        rc = mfk__cnode_error(d->err, MFK_EFORMAT, x,
                              "expected a time in RFC 3339, UTC");
    return rc;
}

/* A round's "at" (its stances' times) and "deadline" (format 2): a
 * circulated round has its deadline, and one round at most is. */
static int read_circulated(dctx *d, const mfk__cnode *at,
                           const mfk__cnode *deadline, unsigned round)
{
    mfk_record *r = d->r;
    const mfk__cnode *x = deadline != NULL ? deadline : at;
    int rc;

    if (r->format != 2)
        return mfk__cnode_error(d->err, MFK_EFORMAT, x,
                                "a circulated round in a record of format 1");
    if (deadline == NULL)
        return mfk__cnode_error(d->err, MFK_EFORMAT, at,
                                "stances' times in a round without a "
                                "\"deadline\"");
    if (r->circ != 0)
        return mfk__cnode_error(d->err, MFK_EFORMAT, deadline,
                                "a second circulated round (%u): expected "
                                "one at most",
                                r->circ);
    if ((rc = want_time(d, deadline)) || (rc = text(d, deadline, &r->deadline)))
        return rc;
    r->circ = round;
    return at != NULL ? read_reasons(d, at, round, 1) : MFK_OK;
}

const char *mfk_record_deadline(const mfk_record *r, unsigned *round)
{
    if (r == NULL || r->circ == 0)
        return NULL;
    if (round != NULL)
        *round = r->circ;
    return str(r, r->deadline);
}

const char *mfk_record_stance_time(const mfk_record *r, unsigned round,
                                   size_t member)
{
    return reason_of(r, round, member, 1);
}
