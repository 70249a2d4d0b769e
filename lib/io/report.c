/* The implementation report that the AMM presents to the Summit, as
 * `mufakat report --format json` prints it (CONTRACT): the decisions of
 * a year (or of every year) by pillar, component and outcome, what was
 * adopted with flexible participation, what is still deferred and the
 * violations of principles reported, gathered record by record. */
#include "records-private.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOUTCOMES (MFK_OUTCOME_INADMISSIBLE + 1)
#define NPILLARS 3
#define NCOMPONENTS 6

/* A list of member ids: n strings one after the other, each with its
 * NUL. */
struct ids {
    char *s;
    size_t n;
};

/* The latest record of a proposal, for what is still deferred. */
struct prop_state {
    char *id, *title;
    mfk_outcome last;
    char since[40]; /* first of the deferrals in a row */
    unsigned times; /* deferrals in a row */
};

/* A flexible adoption (ids: taking part, others: standing aside) or a
 * violation (what: the principle, ids: the members named). */
struct line {
    unsigned long long seq;
    char *id, *title, *what;
    struct ids ids, others;
    mfk_mode mode;
};

/* One record, for the paths of items across meetings: a step of a
 * proposal's path (prop: its index in props). A record continuing one
 * referred to the Summit is a step there (mfk_scenario_summit_run(3)):
 * the Summit on how to decide it (SUMMIT_RULE: its proposal "ID/rule-K",
 * its title kept), or the decision under the rule chosen
 * (SUMMIT_DECISION: the same proposal). */
enum { NOT_SUMMIT, SUMMIT_RULE, SUMMIT_DECISION };
struct hop {
    unsigned long long seq, cont; /* cont: the record continued, 0: none */
    size_t prop;
    int year, summit;
    unsigned first, rounds;
    mfk_outcome outcome;
    char *title; /* SUMMIT_RULE's: the rule put to the Summit */
};

struct mfk_report {
    mfk_allocator alloc;
    int year;
    int failed; /* an allocation failed: the report is only to be freed */
    size_t records;
    unsigned by_pillar[NPILLARS][NOUTCOMES];
    unsigned by_component[NCOMPONENTS][NOUTCOMES];
    struct prop_state *props;
    size_t nprops, capprops;
    struct line *flex, *viol;
    size_t nflex, capflex, nviol, capviol;
    char latest[40]; /* the latest time read */
    struct hop *hops;
    size_t nhops, caphops;
    int linked; /* some record continues another */
};

int mfk_report_new(mfk_report **out, int year, const mfk_allocator *alloc)
{
    mfk_allocator a;
    mfk_report *rep;
    if (out == NULL)
        return MFK_EINVAL;
    *out = NULL;
    if (year < 0)
        return MFK_EINVAL;
    mfk__alloc_init(&a, alloc);
    if ((rep = mfk__calloc(&a, 1, sizeof *rep)) == NULL)
        return MFK_ENOMEM;
    rep->alloc = a;
    rep->year = year;
    *out = rep;
    return MFK_OK;
}

static char *dup_(mfk_report *rep, const char *s)
{
    char *d = mfk__strdup(&rep->alloc, s);
    if (d == NULL)
        rep->failed = 1;
    return d;
}

/* The ids of r's members where set has (set[i] != 0) == want. */
static void id_list(mfk_report *rep, const mfk_record *r,
                    const unsigned char *set, int want, struct ids *out)
{
    size_t i, len = 0, n = mfk_record_member_count(r);
    char *p;
    for (i = 0; i < n; i++)
        if ((set[i] != 0) == want)
            len += strlen(mfk_record_member(r, i)) + 1;
    out->n = 0;
    if ((out->s = mfk__malloc(&rep->alloc, len ? len : 1)) == NULL) {
        rep->failed = 1;
        return;
    }
    for (i = 0, p = out->s; i < n; i++)
        if ((set[i] != 0) == want) {
            size_t l = strlen(mfk_record_member(r, i)) + 1;
            memcpy(p, mfk_record_member(r, i), l);
            p += l;
            out->n++;
        }
}

static struct line *add_line(mfk_report *rep, struct line **arr, size_t *n,
                             size_t *cap)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        if (mfk__grow(&rep->alloc, (void **)arr, ncap, sizeof **arr) != 0) {
            rep->failed = 1;
            return NULL;
        }
        *cap = ncap;
    }
    memset(&(*arr)[*n], 0, sizeof **arr);
    return &(*arr)[(*n)++];
}

static struct prop_state *prop(mfk_report *rep, const mfk_record *r)
{
    struct prop_state *ps;
    size_t i;
    for (i = 0; i < rep->nprops; i++)
        if (strcmp(rep->props[i].id, mfk_record_proposal_id(r)) == 0)
            return &rep->props[i];
    if (rep->nprops == rep->capprops) {
        size_t ncap = rep->capprops ? rep->capprops * 2 : 16;
        if (mfk__grow(&rep->alloc, (void **)&rep->props, ncap,
                      sizeof *rep->props) != 0) {
            rep->failed = 1;
            return NULL;
        }
        rep->capprops = ncap;
    }
    ps = &rep->props[rep->nprops++];
    memset(ps, 0, sizeof *ps);
    ps->id = dup_(rep, mfk_record_proposal_id(r));
    ps->title = dup_(rep, mfk_record_title(r));
    ps->last = MFK_OUTCOME_NO_OUTCOME;
    return ps;
}

/* The hop of the record that r continues, when it was read and referred
 * r's proposal to the Summit; NULL otherwise. */
static const struct hop *referring(const mfk_report *rep,
                                   const mfk_record *r)
{
    unsigned long long cont;
    size_t k;
    if (mfk_record_continues(r, &cont, NULL) != MFK_OK)
        return NULL;
    for (k = rep->nhops; k-- > 0;)
        if (rep->hops[k].seq == cont)
            return rep->hops[k].outcome == MFK_OUTCOME_REFERRED_TO_SUMMIT
                       ? &rep->hops[k]
                       : NULL;
    return NULL;
}

/* The record as a step of its proposal's path; summit as its hop's. */
static void add_hop(mfk_report *rep, const mfk_record *r, size_t prop,
                    int summit)
{
    struct hop *h;
    unsigned long long cont = 0;
    if (rep->nhops == rep->caphops) {
        size_t ncap = rep->caphops ? rep->caphops * 2 : 16;
        if (mfk__grow(&rep->alloc, (void **)&rep->hops, ncap,
                      sizeof *rep->hops) != 0) {
            rep->failed = 1;
            return;
        }
        rep->caphops = ncap;
    }
    h = &rep->hops[rep->nhops++];
    if (mfk_record_continues(r, &cont, NULL) == MFK_OK)
        rep->linked = 1;
    h->seq = mfk_record_seq(r);
    h->cont = cont;
    h->prop = prop;
    h->year = mfk_record_year(r) ? mfk_record_year(r)
                                 : atoi(mfk_record_time(r));
    h->first = mfk_record_first_round(r);
    h->rounds = mfk_record_rounds(r);
    h->outcome = mfk_record_outcome(r);
    h->summit = summit;
    h->title = summit == SUMMIT_RULE ? dup_(rep, mfk_record_title(r)) : NULL;
}

int mfk_report_add(mfk_report *rep, const mfk_record *r)
{
    const char *t;
    const struct hop *from;
    mfk_outcome o;
    struct prop_state *ps;
    struct line *l;
    size_t v;
    int year;

    if (rep == NULL || r == NULL)
        return MFK_EINVAL;
    if (rep->failed)
        return MFK_ENOMEM;
    t = mfk_record_time(r);
    o = mfk_record_outcome(r);
    /* A decision's year: its meeting's, where the record says it, else
     * the year of its time. */
    year = mfk_record_year(r) != 0 ? mfk_record_year(r) : atoi(t);
    if (rep->year != 0 && year > rep->year)
        return MFK_OK;
    if (strcmp(t, rep->latest) > 0 && strlen(t) < sizeof rep->latest)
        strcpy(rep->latest, t);
    /* The Summit on how to decide a proposal: a step of that proposal's
     * path, not a decision of the body's. */
    if ((from = referring(rep, r)) != NULL &&
        strcmp(rep->props[from->prop].id, mfk_record_proposal_id(r)) != 0) {
        add_hop(rep, r, from->prop, SUMMIT_RULE);
        return rep->failed ? MFK_ENOMEM : MFK_OK;
    }
    /* Every proposal's latest state, up to the end of the year. */
    if ((ps = prop(rep, r)) == NULL)
        return MFK_ENOMEM;
    if (o == MFK_OUTCOME_DEFERRED) {
        if (ps->last != MFK_OUTCOME_DEFERRED || ps->times == 0) {
            snprintf(ps->since, sizeof ps->since, "%s", t);
            ps->times = 0;
        }
        ps->times++;
    } else {
        ps->times = 0;
    }
    ps->last = o;
    add_hop(rep, r, (size_t)(ps - rep->props),
            from != NULL ? SUMMIT_DECISION : NOT_SUMMIT);
    if (rep->year != 0 && year != rep->year)
        return rep->failed ? MFK_ENOMEM : MFK_OK;
    /* Decisions of the year. */
    rep->records++;
    rep->by_pillar[mfk_record_pillar(r)][o]++;
    rep->by_component[mfk_record_component(r)][o]++;
    if (o == MFK_OUTCOME_ADOPTED_FLEXIBLE &&
        (l = add_line(rep, &rep->flex, &rep->nflex, &rep->capflex))) {
        l->seq = mfk_record_seq(r);
        l->id = dup_(rep, mfk_record_proposal_id(r));
        l->title = dup_(rep, mfk_record_title(r));
        id_list(rep, r, mfk_record_participants(r), 1, &l->ids);
        id_list(rep, r, mfk_record_participants(r), 0, &l->others);
    }
    for (v = 0; v < mfk_record_violation_count(r); v++) {
        const char *name;
        mfk_mode mode;
        const unsigned char *m;
        mfk_record_violation(r, v, &name, &mode, &m);
        if ((l = add_line(rep, &rep->viol, &rep->nviol, &rep->capviol))) {
            l->seq = mfk_record_seq(r);
            l->id = dup_(rep, mfk_record_proposal_id(r));
            l->title = dup_(rep, mfk_record_title(r));
            l->what = dup_(rep, name);
            id_list(rep, r, m, 1, &l->ids);
            l->mode = mode;
        }
    }
    return rep->failed ? MFK_ENOMEM : MFK_OK;
}

static void free_lines(const mfk_allocator *a, struct line *l, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        mfk__free(a, l[i].id);
        mfk__free(a, l[i].title);
        mfk__free(a, l[i].what);
        mfk__free(a, l[i].ids.s);
        mfk__free(a, l[i].others.s);
    }
    mfk__free(a, l);
}

void mfk_report_free(mfk_report *rep)
{
    size_t i;
    if (rep == NULL)
        return;
    for (i = 0; i < rep->nprops; i++) {
        mfk__free(&rep->alloc, rep->props[i].id);
        mfk__free(&rep->alloc, rep->props[i].title);
    }
    mfk__free(&rep->alloc, rep->props);
    for (i = 0; i < rep->nhops; i++)
        mfk__free(&rep->alloc, rep->hops[i].title);
    mfk__free(&rep->alloc, rep->hops);
    free_lines(&rep->alloc, rep->flex, rep->nflex);
    free_lines(&rep->alloc, rep->viol, rep->nviol);
    mfk__free(&rep->alloc, rep);
}

/* Seconds since 1970 of a record time "YYYY-MM-DDTHH:MM:SS...", or -1. */
static long long seconds(const char *t)
{
    int f[6], i, k = 0;
    static const int at[6] = {0, 5, 8, 11, 14, 17};
    static const int len[6] = {4, 2, 2, 2, 2, 2};
    long long y, m, era, yoe, doy, doe;
    if (strlen(t) < 20)
        return -1;
    for (i = 0; i < 6; i++) {
        f[i] = 0;
        for (k = 0; k < len[i]; k++) {
            char c = t[at[i] + k];
            if (c < '0' || c > '9')
                return -1;
            f[i] = f[i] * 10 + (c - '0');
        }
    }
    /* Days from the civil date (proleptic Gregorian). */
    y = f[0] - (f[1] <= 2);
    m = f[1];
    era = y / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + f[2] - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (era * 146097 + doe - 719468) * 86400 + f[3] * 3600LL +
           f[4] * 60LL + f[5];
}

/* Whole days from a to b, two record times. */
static long long days_between(const char *a, const char *b)
{
    long long x = seconds(a), y = seconds(b);
    if (x < 0 || y < 0 || y < x)
        return 0;
    return (y - x) / 86400;
}

static void counts(mfk__json *j, const char *key, mfk_names kind,
                   unsigned rows, const unsigned (*c)[NOUTCOMES])
{
    unsigned i, t;
    int o;
    mfk__json_key(j, key);
    mfk__json_begin_object(j);
    for (i = 0; i < rows; i++) {
        mfk__json_key(j, mfk_name(kind, (int)i));
        mfk__json_begin_object(j);
        for (o = 0, t = 0; o < NOUTCOMES; o++)
            t += c[i][o];
        mfk__json_key(j, "total");
        mfk__json_integer(j, t);
        for (o = 0; o < NOUTCOMES; o++) {
            mfk__json_key(j, mfk_name(MFK_NAMES_OUTCOME, o));
            mfk__json_integer(j, c[i][o]);
        }
        mfk__json_end_object(j);
    }
    mfk__json_end_object(j);
}

static void list(mfk__json *j, const struct ids *ids)
{
    const char *s = ids->s;
    size_t i;
    mfk__json_begin_array(j);
    for (i = 0; i < ids->n; i++, s += strlen(s) + 1)
        mfk__json_string(j, s);
    mfk__json_end_array(j);
}

static void line_head(mfk__json *j, const struct line *l)
{
    mfk__json_begin_object(j);
    mfk__json_key(j, "seq");
    mfk__json_integer(j, (long long)l->seq);
    mfk__json_key(j, "id");
    mfk__json_string(j, l->id);
}

/* The step after hop h: the first that continues it, or after a step
 * at the Summit on the rule, the next that continues the same record
 * (another rule, or the decision); SIZE_MAX: none. */
static size_t next_hop(const mfk_report *rep, size_t h)
{
    const struct hop *x = &rep->hops[h];
    size_t k;
    for (k = h + 1; k < rep->nhops; k++)
        if (rep->hops[k].cont != 0 &&
            (rep->hops[k].cont == x->seq ||
             (x->summit == SUMMIT_RULE && rep->hops[k].cont == x->cont)))
            return k;
    return SIZE_MAX;
}

/* Whether hop h begins a path across meetings: something continues it,
 * and it continues nothing read. */
static int path_head(const mfk_report *rep, size_t h)
{
    size_t k;
    if (next_hop(rep, h) == SIZE_MAX)
        return 0;
    for (k = 0; k < h && rep->hops[h].cont != 0; k++)
        if (rep->hops[k].seq == rep->hops[h].cont)
            return 0;
    return 1;
}

/* "across_meetings": each item taken up again, its path in order:
 * {"id", "title", "path": [{"seq", "year", "rounds": [first, last],
 * "outcome"}]}. */
static void paths_json(mfk__json *j, const mfk_report *rep)
{
    size_t h, k;
    mfk__json_key(j, "across_meetings");
    mfk__json_begin_array(j);
    for (h = 0; h < rep->nhops; h++) {
        if (!path_head(rep, h))
            continue;
        mfk__json_begin_object(j);
        mfk__json_key(j, "id");
        mfk__json_string(j, rep->props[rep->hops[h].prop].id);
        mfk__json_key(j, "title");
        mfk__json_string(j, rep->props[rep->hops[h].prop].title);
        mfk__json_key(j, "path");
        mfk__json_begin_array(j);
        for (k = h; k != SIZE_MAX; k = next_hop(rep, k)) {
            const struct hop *x = &rep->hops[k];
            mfk__json_begin_object(j);
            mfk__json_key(j, "seq");
            mfk__json_integer(j, (long long)x->seq);
            mfk__json_key(j, "year");
            mfk__json_integer(j, x->year);
            mfk__json_key(j, "rounds");
            mfk__json_begin_array(j);
            if (x->rounds > 0) {
                mfk__json_integer(j, x->first);
                mfk__json_integer(j, (long long)x->first + x->rounds - 1);
            }
            mfk__json_end_array(j);
            mfk__json_key(j, "outcome");
            mfk__json_string(j, mfk_name(MFK_NAMES_OUTCOME, (int)x->outcome));
            if (x->summit != NOT_SUMMIT) {
                mfk__json_key(j, "summit");
                mfk__json_string(j, x->summit == SUMMIT_RULE ? "rule"
                                                             : "decision");
            }
            if (x->title != NULL) {
                mfk__json_key(j, "title");
                mfk__json_string(j, x->title);
            }
            mfk__json_end_object(j);
        }
        mfk__json_end_array(j);
        mfk__json_end_object(j);
    }
    mfk__json_end_array(j);
}

/* The decisions by outcome, summed over the pillars. */
static void outcome_totals(const mfk_report *rep, unsigned *by_outcome)
{
    size_t i;
    int o;
    for (i = 0; i < NPILLARS; i++)
        for (o = 0; o < NOUTCOMES; o++)
            by_outcome[o] += rep->by_pillar[i][o];
}

int mfk_report_write_json(const mfk_report *rep, char *buf, size_t size,
                          size_t *len)
{
    mfk__json j;
    unsigned by_outcome[NOUTCOMES] = {0};
    size_t i;
    int o;

    if (rep == NULL || len == NULL)
        return MFK_EINVAL;
    if (rep->failed)
        return MFK_ENOMEM;
    mfk__json_init(&j, &rep->alloc);
    mfk__json_begin_object(&j);
    mfk__json_key(&j, "year");
    if (rep->year)
        mfk__json_integer(&j, rep->year);
    else
        mfk__json_null(&j);
    mfk__json_key(&j, "records");
    mfk__json_integer(&j, (long long)rep->records);
    counts(&j, "by_pillar", MFK_NAMES_PILLAR, NPILLARS, rep->by_pillar);
    counts(&j, "by_component", MFK_NAMES_COMPONENT, NCOMPONENTS,
           rep->by_component);
    outcome_totals(rep, by_outcome);
    mfk__json_key(&j, "by_outcome");
    mfk__json_begin_object(&j);
    for (o = 0; o < NOUTCOMES; o++) {
        mfk__json_key(&j, mfk_name(MFK_NAMES_OUTCOME, o));
        mfk__json_integer(&j, by_outcome[o]);
    }
    mfk__json_end_object(&j);
    mfk__json_key(&j, "flexible");
    mfk__json_begin_array(&j);
    for (i = 0; i < rep->nflex; i++) {
        line_head(&j, &rep->flex[i]);
        mfk__json_key(&j, "title");
        mfk__json_string(&j, rep->flex[i].title);
        mfk__json_key(&j, "participants");
        list(&j, &rep->flex[i].ids);
        mfk__json_key(&j, "standing_aside");
        list(&j, &rep->flex[i].others);
        mfk__json_end_object(&j);
    }
    mfk__json_end_array(&j);
    mfk__json_key(&j, "deferred");
    mfk__json_begin_array(&j);
    for (i = 0; i < rep->nprops; i++) {
        const struct prop_state *p = &rep->props[i];
        if (p->last != MFK_OUTCOME_DEFERRED)
            continue;
        mfk__json_begin_object(&j);
        mfk__json_key(&j, "id");
        mfk__json_string(&j, p->id);
        mfk__json_key(&j, "title");
        mfk__json_string(&j, p->title);
        mfk__json_key(&j, "since");
        mfk__json_string(&j, p->since);
        mfk__json_key(&j, "times");
        mfk__json_integer(&j, p->times);
        mfk__json_key(&j, "days");
        mfk__json_integer(&j, days_between(p->since, rep->latest));
        mfk__json_end_object(&j);
    }
    mfk__json_end_array(&j);
    if (rep->linked)
        paths_json(&j, rep);
    mfk__json_key(&j, "violations");
    mfk__json_begin_array(&j);
    for (i = 0; i < rep->nviol; i++) {
        line_head(&j, &rep->viol[i]);
        mfk__json_key(&j, "principle");
        mfk__json_string(&j, rep->viol[i].what);
        mfk__json_key(&j, "mode");
        mfk__json_string(&j, mfk_name(MFK_NAMES_MODE, (int)rep->viol[i].mode));
        mfk__json_key(&j, "members");
        list(&j, &rep->viol[i].ids);
        mfk__json_end_object(&j);
    }
    mfk__json_end_array(&j);
    mfk__json_end_object(&j);
    return mfk__json_give(&j, 1, buf, size, len);
}

/* ---- the text of `mufakat report` ------------------------------------ */

/* Text made by the report itself (names from the tables, counts), never
 * from input: it needs no escaping. */
static void tput(mfk__cbuf *b, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void tput(mfk__cbuf *b, const char *fmt, ...)
{
    char s[160];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(s, sizeof s, fmt, ap);
    va_end(ap);
    if (n > 0)
        mfk__cbuf_raw(b, s, (size_t)n < sizeof s ? (size_t)n : sizeof s - 1);
}

static void tlit(mfk__cbuf *b, const char *s)
{
    mfk__cbuf_raw(b, s, strlen(s));
}

/* n bytes of a string from the records, its control characters shown
 * escaped (mfk_text_escape). */
static void tesc(mfk__cbuf *b, const char *s, size_t n)
{
    size_t len;
    char *e;
    if (b->failed)
        return;
    mfk_text_escape(s, n, 0, NULL, 0, &len);
    if ((e = mfk__malloc(b->alloc, len + 1)) == NULL) {
        b->failed = 1;
        return;
    }
    if (mfk_text_escape(s, n, 0, e, len + 1, &len) == MFK_OK)
        mfk__cbuf_raw(b, e, len);
    mfk__free(b->alloc, e);
}

static void tstr(mfk__cbuf *b, const char *s)
{
    tesc(b, s, strlen(s));
}

/* The ids joined by ", ", or `none` when there are none. */
static void tids(mfk__cbuf *b, const struct ids *ids, const char *none)
{
    const char *s = ids->s;
    size_t i;
    if (ids->n == 0)
        tlit(b, none);
    for (i = 0; i < ids->n; i++, s += strlen(s) + 1) {
        if (i > 0)
            mfk__cbuf_raw(b, ", ", 2);
        tstr(b, s);
    }
}

/* "  #SEQ ID  ", a line's beginning. */
static void text_head(mfk__cbuf *b, const struct line *l)
{
    tput(b, "  #%llu ", l->seq);
    tstr(b, l->id);
    tlit(b, "  ");
}

static void text_table(mfk__cbuf *b, const char *title, mfk_names kind,
                       unsigned rows, const unsigned (*c)[NOUTCOMES])
{
    unsigned i, t, a, d, x;
    int o;
    tput(b, "%-26s %8s %8s %8s %8s %12s\n", title, "total", "adopted",
         "deferred", "other", "inadmissible");
    for (i = 0; i < rows; i++) {
        for (o = 0, t = 0; o < NOUTCOMES; o++)
            t += c[i][o];
        a = c[i][MFK_OUTCOME_ADOPTED] +
            c[i][MFK_OUTCOME_ADOPTED_WITH_RESERVATIONS] +
            c[i][MFK_OUTCOME_ADOPTED_FLEXIBLE];
        d = c[i][MFK_OUTCOME_DEFERRED];
        x = c[i][MFK_OUTCOME_INADMISSIBLE];
        tput(b, "  %-24s %8u %8u %8u %8u %12u\n", mfk_name(kind, (int)i), t,
             a, d, t - a - d - x, x);
    }
    mfk__cbuf_raw(b, "\n", 1);
}

/* "Across meetings": each item taken up again, a line a meeting. */
static void paths_text(mfk__cbuf *b, const mfk_report *rep)
{
    size_t h, k;
    tlit(b, "\nAcross meetings\n");
    for (h = 0; h < rep->nhops; h++) {
        if (!path_head(rep, h))
            continue;
        mfk__cbuf_raw(b, "  ", 2);
        tstr(b, rep->props[rep->hops[h].prop].id);
        mfk__cbuf_raw(b, "  ", 2);
        tstr(b, rep->props[rep->hops[h].prop].title);
        mfk__cbuf_raw(b, "\n", 1);
        for (k = h; k != SIZE_MAX; k = next_hop(rep, k)) {
            const struct hop *x = &rep->hops[k];
            char r[40];
            if (x->summit == SUMMIT_RULE)
                snprintf(r, sizeof r, "at the Summit");
            else if (x->rounds == 0)
                snprintf(r, sizeof r, "no round");
            else if (x->rounds == 1)
                snprintf(r, sizeof r, "round %u", x->first);
            else
                snprintf(r, sizeof r, "rounds %u-%u", x->first,
                         x->first + x->rounds - 1);
            tput(b, "    %-5d %-13s %-26s #%llu", x->year, r,
                 mfk_name(MFK_NAMES_OUTCOME, (int)x->outcome), x->seq);
            if (x->title != NULL) {
                mfk__cbuf_raw(b, "  ", 2);
                tstr(b, x->title);
            }
            mfk__cbuf_raw(b, "\n", 1);
        }
    }
}

int mfk_report_write_text(const mfk_report *rep, char *buf, size_t size,
                          size_t *len)
{
    mfk__cbuf b;
    unsigned by_outcome[NOUTCOMES] = {0};
    size_t i, k;
    int o, rc = MFK_OK;

    if (rep == NULL || len == NULL || (buf == NULL && size > 0))
        return MFK_EINVAL;
    if (rep->failed)
        return MFK_ENOMEM;
    memset(&b, 0, sizeof b);
    b.alloc = &rep->alloc;
    if (rep->year)
        tput(&b, "Implementation report, %d: %zu decision%s recorded\n\n",
             rep->year, rep->records, rep->records == 1 ? "" : "s");
    else
        tput(&b, "Implementation report: %zu decision%s recorded\n\n",
             rep->records, rep->records == 1 ? "" : "s");
    text_table(&b, "By pillar", MFK_NAMES_PILLAR, NPILLARS, rep->by_pillar);
    text_table(&b, "By component", MFK_NAMES_COMPONENT, NCOMPONENTS,
               rep->by_component);
    outcome_totals(rep, by_outcome);
    tlit(&b, "By outcome\n");
    for (o = 0; o < NOUTCOMES; o++)
        tput(&b, "  %-26s %6u\n", mfk_name(MFK_NAMES_OUTCOME, o),
             by_outcome[o]);
    tlit(&b, "\nAdopted with flexible participation (ASEAN minus X)\n");
    if (rep->nflex == 0)
        tlit(&b, "  none\n");
    for (i = 0; i < rep->nflex; i++) {
        const struct line *l = &rep->flex[i];
        text_head(&b, l);
        tstr(&b, l->title);
        tlit(&b, "\n    taking part: ");
        tids(&b, &l->ids, "");
        tlit(&b, "\n    standing aside: ");
        tids(&b, &l->others, "nobody");
        mfk__cbuf_raw(&b, "\n", 1);
    }
    tlit(&b, "\nStill deferred\n");
    for (i = 0, k = 0; i < rep->nprops; i++) {
        const struct prop_state *p = &rep->props[i];
        long long days = days_between(p->since, rep->latest);
        if (p->last != MFK_OUTCOME_DEFERRED)
            continue;
        k++;
        mfk__cbuf_raw(&b, "  ", 2);
        tstr(&b, p->id);
        mfk__cbuf_raw(&b, "  ", 2);
        tstr(&b, p->title);
        tput(&b, "\n    deferred %u time%s since ", p->times,
             p->times == 1 ? "" : "s");
        tesc(&b, p->since, strnlen(p->since, 10));
        tput(&b, ", %lld day%s ago\n", days, days == 1 ? "" : "s");
    }
    if (k == 0)
        tlit(&b, "  none\n");
    if (rep->linked)
        paths_text(&b, rep);
    tlit(&b, "\nViolations of principles reported\n");
    if (rep->nviol == 0)
        tlit(&b, "  none\n");
    for (i = 0; i < rep->nviol; i++) {
        const struct line *l = &rep->viol[i];
        text_head(&b, l);
        tstr(&b, l->what);
        tput(&b, " %s: ",
             l->mode == MFK_MODE_ENFORCE ? "enforced" : "reported");
        tids(&b, &l->ids, "(no member named)");
        mfk__cbuf_raw(&b, "\n", 1);
    }
    if (b.failed)
        rc = MFK_ENOMEM;
    else {
        *len = b.len;
        if (buf == NULL || size < b.len)
            rc = MFK_ERANGE;
        else
            memcpy(buf, b.buf, b.len);
    }
    mfk__free(b.alloc, b.buf);
    return rc;
}
