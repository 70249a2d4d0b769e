/* `mufakat serve`: a meeting held in the browser, on the public API of
 * libmufakat alone, as the meeting tool holds one at a prompt. Each
 * delegation has its own secret link and gives only its own stance; the
 * Chair's link closes rounds, amends the text and moves on; the public
 * link reads, and is told of each change by server-sent events. Every
 * action is appended to the journal (an event record) before it is
 * acknowledged, and the journal is replayed at start, so that a server
 * killed at any moment resumes where its last acknowledged action left
 * the meeting. The JSON API is mufakat-serve(7). */
#include "config.h"

#include "cli.h"
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SECRET_BYTES 16      /* 128 bits */
#define BODY_LIMIT 8192      /* bytes of a request's body */
#define REASON_LIMIT 1000    /* bytes of a stance's reason */
#define TEXT_LIMIT 4000      /* bytes of an amended text */
#define RATE_BURST 40.0      /* requests a secret may make at once */
#define RATE_PER_S 20.0      /* and then each second */
#define RING 4096            /* events a watcher may fall behind */
#define PING_S 15            /* a comment to idle watchers, seconds */
#define POOL 4               /* the server's threads */

/* A link: a delegation (member >= 0) or the Chair (member -1). */
struct role {
    char id[64];
    long member;
    unsigned char secret[SECRET_BYTES];
    unsigned char token[SECRET_BYTES]; /* the one-time token of its POST */
    double bucket;                      /* requests it may still make */
    double stamp;                       /* when the bucket was filled */
};

struct reason {
    size_t proposal;
    unsigned round;
    size_t member;
    char *text;
};

/* An SSE frame, shared by the watchers that send it. */
struct frame {
    int refs; /* atomic */
    size_t len;
    char text[];
};

static void frame_drop(struct frame *f)
{
    if (f != NULL && __atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL) == 0)
        free(f);
}

/* Two locks, always taken in this order: mu for the meeting and its
 * journal (held over an append and its fsync), pmu for what is
 * published (the version, the frames, the state's text, the grid, the
 * tokens and rates), held only to read or swap them. */
static struct server {
    pthread_mutex_t mu;
    pthread_mutex_t pmu;
    struct watcher *parked; /* with pmu: suspended until a change */
    unsigned long pings;    /* ping ticks so far */
    mfk_scenario *s;
    const mfk_body *b;
    size_t n, np;
    mfk_consultation **cs;  /* one a proposal opened */
    mfk_consultation *scratch; /* the verdict if the round closed now */
    unsigned char *written; /* the record of a decision is in the journal */
    unsigned char *pending; /* it is owed to the journal (replay) */
    size_t cur;             /* the proposal before the meeting */
    int over;               /* the Chair moved past the last one */
    signed char *given;     /* the open round: each stance, -1 none */
    char **why;             /* and reasons */
    struct reason *reasons;
    size_t nreasons;
    mfk_journal *j;
    const char *jpath;
    struct role *roles; /* n delegations, then the Chair */
    size_t nroles;
    unsigned long long version; /* of the state: one an action */
    struct frame *ring[RING];   /* the SSE frame of each version */
    char *pub;                  /* the public state's JSON */
    char *svg;
    size_t svglen;
    char svgdir[64];
    int stopping;
} S;

static void wake_watchers(void);

/* ---- small things ------------------------------------------------------ */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int random_bytes(unsigned char *out, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t k = getrandom(out + got, n - got, 0);
        if (k < 0 && errno != EINTR)
            return -1;
        if (k > 0)
            got += (size_t)k;
    }
    return 0;
}

static void hex(const unsigned char *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    size_t i;
    for (i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

/* 2n lowercase or uppercase hex digits into n bytes; 0 on anything else. */
static int unhex(const char *s, size_t len, unsigned char *out, size_t n)
{
    size_t i;
    if (len != 2 * n)
        return 0;
    for (i = 0; i < 2 * n; i++) {
        int c = (unsigned char)s[i], v;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v = c - 'A' + 10;
        else
            return 0;
        if (i % 2 == 0)
            out[i / 2] = (unsigned char)(v << 4);
        else
            out[i / 2] |= (unsigned char)v;
    }
    return 1;
}

/* Whether a and b (n bytes) are equal, in a time that does not depend
 * on where they differ. */
static int same_bytes(const unsigned char *a, const unsigned char *b,
                      size_t n)
{
    volatile unsigned char d = 0;
    size_t i;
    for (i = 0; i < n; i++)
        d |= (unsigned char)(a[i] ^ b[i]);
    return d == 0;
}

/* The role whose secret is the 32 hex digits at s (len bytes), or -1.
 * Every secret is compared, whole, whichever matches. */
static long find_role(const char *s, size_t len)
{
    unsigned char want[SECRET_BYTES];
    long found = -1;
    size_t r;
    if (s == NULL || !unhex(s, len, want, SECRET_BYTES))
        return -1;
    for (r = 0; r < S.nroles; r++) {
        long mask = -(long)same_bytes(want, S.roles[r].secret, SECRET_BYTES);
        found = (found & ~mask) | ((long)r & mask);
    }
    return found;
}

/* A growing string. */
struct sbuf {
    char *p;
    size_t len, cap;
    int failed;
};

static void sb_add(struct sbuf *b, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void sb_add(struct sbuf *b, const char *fmt, ...)
{
    va_list ap;
    int k;
    if (b->failed)
        return;
    for (;;) {
        size_t room = b->cap - b->len;
        va_start(ap, fmt);
        k = vsnprintf(b->p ? b->p + b->len : NULL, room, fmt, ap);
        va_end(ap);
        if (k < 0) {
            b->failed = 1;
            return;
        }
        if ((size_t)k < room) {
            b->len += (size_t)k;
            return;
        }
        {
            size_t cap = b->cap * 2 + (size_t)k + 64;
            char *p = realloc(b->p, cap);
            if (p == NULL) {
                b->failed = 1;
                return;
            }
            b->p = p;
            b->cap = cap;
        }
    }
}

/* "Cambodia (object), Lao PDR (not-ready)": the members whose flags have
 * a bit of mask (0: all), or whose stance is `stance` (-1: any). */
static size_t sb_members(struct sbuf *sb, const unsigned char *st,
                         const unsigned char *fl, unsigned mask, int stance)
{
    size_t i, k = 0;
    for (i = 0; i < S.n; i++)
        if ((mask == 0 || (fl[i] & mask)) && (stance < 0 || st[i] == stance))
            sb_add(sb, "%s%s (%s)", k++ ? ", " : "",
                   mfk_body_member_name(S.b, i),
                   mfk_name(MFK_NAMES_STANCE, st[i]));
    return k;
}

/* Why a round's verdict is what it is, in a sentence. */
static void sb_why(struct sbuf *sb, const unsigned char *st,
                   const unsigned char *fl, mfk_verdict v)
{
    size_t i, favour = 0;
    if (v == MFK_VERDICT_BLOCKED) {
        sb_add(sb, "Blocked by ");
        sb_members(sb, st, fl, MFK_FLAG_BLOCKER, -1);
        sb_add(sb, ".");
        return;
    }
    for (i = 0; i < S.n; i++)
        favour += (fl[i] & MFK_FLAG_FAVOUR) != 0;
    sb_add(sb, "%zu of %zu members in favour", favour, S.n);
    if (v == MFK_VERDICT_SHORT) {
        sb_add(sb, ": not enough under the rule.");
        return;
    }
    if (v == MFK_VERDICT_ADOPTED)
        sb_add(sb, "; nobody stands in the way");
    for (i = 0; i < S.n && !(fl[i] & MFK_FLAG_DISCOUNTED); i++)
        ;
    if (i < S.n) {
        sb_add(sb, "; not counted, as parties: ");
        sb_members(sb, st, fl, MFK_FLAG_DISCOUNTED, -1);
    }
    for (i = 0; i < S.n && st[i] != MFK_RESERVATION; i++)
        ;
    if (i < S.n) {
        sb_add(sb, "; reservations on record: ");
        sb_members(sb, st, fl, 0, MFK_RESERVATION);
    }
    sb_add(sb, ".");
}

/* ---- the state as JSON -------------------------------------------------- */

static json_t *jstr(const char *s)
{
    return s != NULL ? json_string(s) : json_null();
}

static json_t *why_json(const unsigned char *st, const unsigned char *fl,
                        mfk_verdict v)
{
    struct sbuf sb = {0};
    json_t *o = json_object();
    sb_why(&sb, st, fl, v);
    json_object_set_new(o, "verdict",
                        json_string(mfk_name(MFK_NAMES_VERDICT, (int)v)));
    json_object_set_new(o, "why", jstr(sb.failed ? NULL : sb.p));
    free(sb.p);
    return o;
}

static json_t *outcome_json(const mfk_consultation *c)
{
    mfk_outcome o;
    struct sbuf sb = {0};
    size_t i, k = 0;
    json_t *j;
    if (mfk_consultation_outcome(c, &o) != MFK_OK)
        return json_null();
    if (o <= MFK_OUTCOME_ADOPTED_FLEXIBLE) {
        for (i = 0; i < S.n; i++)
            k += mfk_consultation_participant(c, i) != 0;
        if (k == S.n)
            sb_add(&sb, "Every member is bound.");
        else {
            sb_add(&sb, "Not bound:");
            for (i = 0; i < S.n; i++)
                if (!mfk_consultation_participant(c, i))
                    sb_add(&sb, " %s", mfk_body_member_name(S.b, i));
            sb_add(&sb, ".");
        }
    }
    j = json_pack("{s:s, s:o}", "outcome", mfk_name(MFK_NAMES_OUTCOME, (int)o),
                  "why", jstr(sb.failed ? NULL : sb.p));
    free(sb.p);
    return j;
}

static const char *reason_of(size_t prop, unsigned round, size_t member)
{
    size_t k;
    for (k = S.nreasons; k-- > 0;)
        if (S.reasons[k].proposal == prop && S.reasons[k].round == round &&
            S.reasons[k].member == member)
            return S.reasons[k].text;
    return NULL;
}

static int is_open(void)
{
    return !S.over && !mfk_consultation_done(S.cs[S.cur]);
}

static size_t given_count(void)
{
    size_t i, k = 0;
    for (i = 0; i < S.n; i++)
        k += S.given[i] >= 0;
    return k;
}

/* The public state (mufakat-serve(7)) at `version`, as a new JSON
 * text. Under mu. */
static char *state_json(unsigned long long version)
{
    const mfk_consultation *c = S.cs[S.cur];
    const mfk_proposal *p = mfk_consultation_proposal(c);
    json_t *o = json_object(), *a, *g, *rs, *rounds;
    size_t i, k, chair;
    unsigned r;
    char *text;

    json_object_set_new(o, "version", json_integer((json_int_t)version));
    json_object_set_new(o, "body", jstr(mfk_body_name(S.b)));
    a = json_array();
    for (i = 0; i < S.n; i++)
        json_array_append_new(a, json_pack("{s:s, s:s}", "id",
                                           mfk_body_member_id(S.b, i), "name",
                                           mfk_body_member_name(S.b, i)));
    json_object_set_new(o, "members", a);
    json_object_set_new(o, "chair",
                        mfk_body_chair(S.b, &chair) == MFK_OK
                            ? json_string(mfk_body_member_id(S.b, chair))
                            : json_null());
    a = json_array();
    for (i = 0; i < MFK_STANCE_COUNT; i++)
        json_array_append_new(a, json_string(mfk_name(MFK_NAMES_STANCE,
                                                      (int)i)));
    json_object_set_new(o, "stances", a);
    json_object_set_new(
        o, "proposal",
        json_pack("{s:I, s:I, s:s, s:s, s:o, s:s, s:b}", "index",
                  (json_int_t)S.cur, "count", (json_int_t)S.np, "id",
                  mfk_proposal_id(p), "title", mfk_proposal_title(p), "text",
                  jstr(mfk_proposal_text(p)), "rule",
                  mfk_name(MFK_NAMES_RULE, (int)mfk_proposal_rule(p)->kind),
                  "admissible", mfk_consultation_admissible(c)));
    json_object_set_new(o, "open", json_boolean(is_open()));
    json_object_set_new(o, "done",
                        json_boolean(mfk_consultation_done(c) != 0));
    json_object_set_new(o, "over", json_boolean(S.over));
    json_object_set_new(o, "round",
                        json_integer(mfk_consultation_rounds(c) +
                                     (is_open() ? 1 : 0)));
    json_object_set_new(o, "amendable",
                        json_boolean(is_open() &&
                                     mfk_consultation_rounds(c) > 0 &&
                                     given_count() == 0));
    /* The open round: the stances given so far, and the verdict if it
     * closed now. */
    g = json_object();
    rs = json_object();
    if (is_open())
        for (i = 0; i < S.n; i++) {
            if (S.given[i] >= 0)
                json_object_set_new(
                    g, mfk_body_member_id(S.b, i),
                    json_string(mfk_name(MFK_NAMES_STANCE, S.given[i])));
            if (S.why[i] != NULL)
                json_object_set_new(rs, mfk_body_member_id(S.b, i),
                                    json_string(S.why[i]));
        }
    json_object_set_new(o, "given", g);
    json_object_set_new(o, "reasons", rs);
    if (is_open() && given_count() > 0 && S.scratch != NULL &&
        mfk_consultation_reset(S.scratch) == MFK_OK) {
        const unsigned char *st, *fl;
        mfk_verdict v;
        for (i = 0; i < S.n; i++)
            mfk_consultation_set_stance(S.scratch, i,
                                        S.given[i] >= 0
                                            ? (mfk_stance)S.given[i]
                                            : MFK_SILENT);
        if (mfk_consultation_close_round(S.scratch, &v) == MFK_OK &&
            mfk_consultation_round(S.scratch, 1, &st, &fl, &v, NULL) ==
                MFK_OK)
            json_object_set_new(o, "provisional", why_json(st, fl, v));
    }
    if (json_object_get(o, "provisional") == NULL)
        json_object_set_new(o, "provisional", json_null());
    /* The rounds held on this proposal. */
    rounds = json_array();
    for (r = 1; r <= mfk_consultation_rounds(c); r++) {
        const unsigned char *st, *fl;
        const char *vtext;
        mfk_verdict v;
        size_t ver;
        json_t *one, *sts = json_object(), *why = json_object();
        mfk_consultation_round(c, r, &st, &fl, &v, &ver);
        one = why_json(st, fl, v);
        for (i = 0; i < S.n; i++) {
            const char *rtext = reason_of(S.cur, r, i);
            json_object_set_new(sts, mfk_body_member_id(S.b, i),
                                json_string(mfk_name(MFK_NAMES_STANCE,
                                                     st[i])));
            if (rtext != NULL)
                json_object_set_new(why, mfk_body_member_id(S.b, i),
                                    json_string(rtext));
        }
        mfk_proposal_version(p, ver, &vtext, NULL);
        json_object_set_new(one, "round", json_integer(r));
        json_object_set_new(one, "text", jstr(vtext));
        json_object_set_new(one, "stances", sts);
        json_object_set_new(one, "reasons", why);
        json_array_append_new(rounds, one);
    }
    json_object_set_new(o, "rounds", rounds);
    json_object_set_new(o, "outcome", outcome_json(c));
    /* What was decided before. */
    a = json_array();
    for (k = 0; k < S.cur + (S.over ? 1 : 0) && k < S.np; k++) {
        json_t *d = outcome_json(S.cs[k]);
        if (json_is_object(d)) {
            json_object_set_new(
                d, "id", json_string(mfk_proposal_id(
                             mfk_consultation_proposal(S.cs[k]))));
            json_object_set_new(
                d, "title", json_string(mfk_proposal_title(
                                mfk_consultation_proposal(S.cs[k]))));
        }
        json_array_append_new(a, d);
    }
    json_object_set_new(o, "decided", a);
    text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return text;
}

/* Draws the grid of the consultations over (the run command's picture)
 * into S.svg. */
static void draw_grid(void)
{
    mfk_consultation *done[1024];
    char path[96];
    size_t k, n = 0;
    FILE *f;
    long len;

    for (k = 0; k <= S.cur && k < S.np && n < 1024; k++)
        if (S.cs[k] != NULL && mfk_consultation_done(S.cs[k]))
            done[n++] = S.cs[k];
    snprintf(path, sizeof path, "%s/grid.svg", S.svgdir);
    if (cli_svg_consultations(path, mfk_body_name(S.b), done, n) != CLI_OK)
        return;
    if ((f = fopen(path, "rb")) == NULL)
        return;
    if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) > 0 &&
        fseek(f, 0, SEEK_SET) == 0) {
        char *p = malloc((size_t)len);
        if (p != NULL && fread(p, 1, (size_t)len, f) == (size_t)len) {
            pthread_mutex_lock(&S.pmu);
            free(S.svg);
            S.svg = p;
            S.svglen = (size_t)len;
            pthread_mutex_unlock(&S.pmu);
        } else
            free(p);
    }
    fclose(f);
}

/* After each action (under the lock): a new version, its frame for the
 * watchers, and the grid when a consultation ended. */
static void publish(int grid)
{
    unsigned long long v = S.version + 1;
    struct frame *f, *old;
    char *text = state_json(v);
    size_t len;
    if (text == NULL)
        return;
    if (grid)
        draw_grid();
    len = strlen(text) + 64;
    if ((f = malloc(sizeof *f + len)) == NULL) {
        free(text);
        return;
    }
    f->refs = 1; /* the ring's */
    f->len = (size_t)snprintf(f->text, len, "id: %llu\nevent: state\ndata: "
                                            "%s\n\n", v, text);
    pthread_mutex_lock(&S.pmu);
    free(S.pub);
    S.pub = text;
    old = S.ring[v % RING];
    S.ring[v % RING] = f;
    S.version = v;
    wake_watchers();
    pthread_mutex_unlock(&S.pmu);
    frame_drop(old);
}

/* ---- the meeting's actions ---------------------------------------------- */

static void say(const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 1, 2)))
#endif
    ;
static char last_error[512];
static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
}

/* Appends an event, or does nothing when not live (a replay) or without a
 * journal. 0, or -1 with last_error set. */
static int journal_event(int live, const char *event, const char *member,
                         const char *text)
{
    mfk_error err;
    int rc;
    if (!live || S.j == NULL)
        return 0;
    rc = mfk_journal_append_event(S.j, event, member, text, NULL, &err);
    if (rc != MFK_OK) {
        say("the journal cannot be written: %s",
            err.message[0] ? err.message : mfk_strerror(rc));
        return -1;
    }
    return 0;
}

/* The record of decision of proposal k, as run writes it, with the
 * reasons given. 0, or -1 with last_error set. */
static int write_record(size_t k)
{
    mfk_record *rec = NULL;
    mfk_error err;
    size_t i;
    int rc;
    if (S.j == NULL || S.written[k])
        return 0;
    if ((rc = mfk_record_new(&rec, S.cs[k], NULL, NULL)) != MFK_OK) {
        say("the record cannot be made: %s", mfk_strerror(rc));
        return -1;
    }
    for (i = 0; i < S.nreasons; i++)
        if (S.reasons[i].proposal == k &&
            (rc = mfk_record_set_reason(rec, S.reasons[i].round,
                                        S.reasons[i].member,
                                        S.reasons[i].text)) != MFK_OK)
            break;
    if (rc == MFK_OK)
        rc = mfk_journal_append(S.j, rec, &err);
    else
        err.message[0] = '\0';
    mfk_record_free(rec);
    if (rc != MFK_OK) {
        say("the record cannot be written: %s",
            err.message[0] ? err.message : mfk_strerror(rc));
        return -1;
    }
    S.written[k] = 1;
    S.pending[k] = 0;
    return 0;
}

/* A consultation just ended: its record is owed; written now when
 * live. */
static int ended(size_t k, int live)
{
    S.pending[k] = 1;
    return live ? write_record(k) : 0;
}

static int open_proposal(size_t k, int live)
{
    int rc;
    size_t i;
    mfk_proposal *p = mfk_scenario_proposal(S.s, k);
    mfk_consultation_free(S.scratch);
    S.scratch = NULL;
    if ((rc = mfk_consultation_new(&S.cs[k], S.b, p, NULL)) != MFK_OK ||
        (rc = mfk_consultation_new(&S.scratch, S.b, p, NULL)) != MFK_OK) {
        say("proposal %s: %s", mfk_proposal_id(p), mfk_strerror(rc));
        return -1;
    }
    S.cur = k;
    for (i = 0; i < S.n; i++) {
        S.given[i] = -1;
        free(S.why[i]);
        S.why[i] = NULL;
    }
    if (mfk_consultation_done(S.cs[k]))
        return ended(k, live);
    return 0;
}

/* The actions. Each returns an HTTP status: 200, or an error with
 * last_error set; nothing changes on error. */
static int act_stance(size_t m, int stance, const char *reason, int live)
{
    char text[REASON_LIMIT + 64];
    char *copy = NULL;
    if (!is_open()) {
        say("no round is open");
        return 409;
    }
    snprintf(text, sizeof text, "%s%s%s", mfk_name(MFK_NAMES_STANCE, stance),
             reason ? ": " : "", reason ? reason : "");
    if (reason != NULL && (copy = strdup(reason)) == NULL) {
        say("out of memory");
        return 500;
    }
    if (journal_event(live, "stance", mfk_body_member_id(S.b, m), text)) {
        free(copy);
        return 500;
    }
    S.given[m] = (signed char)stance;
    free(S.why[m]);
    S.why[m] = copy;
    return 200;
}

static int act_close(int live)
{
    const mfk_consultation *c = S.cs[S.cur];
    char text[300];
    mfk_verdict v;
    size_t i;
    int rc;
    if (!is_open()) {
        say("no round is open");
        return 409;
    }
    snprintf(text, sizeof text, "%s round %u",
             mfk_proposal_id(mfk_consultation_proposal(c)),
             mfk_consultation_rounds(c) + 1);
    /* Room for the reasons first: after the event nothing may fail. */
    {
        struct reason *more =
            realloc(S.reasons, (S.nreasons + S.n + 1) * sizeof *S.reasons);
        if (more == NULL) {
            say("out of memory");
            return 500;
        }
        S.reasons = more;
    }
    if (journal_event(live, "round-closed", "chair", text))
        return 500;
    for (i = 0; i < S.n; i++)
        mfk_consultation_set_stance(S.cs[S.cur], i,
                                    S.given[i] >= 0 ? (mfk_stance)S.given[i]
                                                    : MFK_SILENT);
    if ((rc = mfk_consultation_close_round(S.cs[S.cur], &v)) != MFK_OK) {
        say("the round cannot be closed: %s", mfk_strerror(rc));
        return 500;
    }
    for (i = 0; i < S.n; i++) {
        if (S.why[i] != NULL) {
            S.reasons[S.nreasons].proposal = S.cur;
            S.reasons[S.nreasons].round = mfk_consultation_rounds(c);
            S.reasons[S.nreasons].member = i;
            S.reasons[S.nreasons].text = S.why[i];
            S.nreasons++;
            S.why[i] = NULL;
        }
        S.given[i] = -1;
    }
    if (mfk_consultation_done(c) && ended(S.cur, live))
        return 500;
    return 200;
}

static int act_amend(const char *text, int live)
{
    int rc;
    if (!is_open() || mfk_consultation_rounds(S.cs[S.cur]) == 0 ||
        given_count() > 0) {
        say("the text is amended between rounds: after a round closed, "
            "before a stance is given");
        return 409;
    }
    if (journal_event(live, "amended", "chair", text))
        return 500;
    if ((rc = mfk_consultation_amend(S.cs[S.cur], NULL, text)) != MFK_OK) {
        say("the text cannot be amended: %s", mfk_strerror(rc));
        return 500;
    }
    return 200;
}

static int act_next(int live)
{
    const char *to;
    if (S.over) {
        say("the meeting is over");
        return 409;
    }
    to = S.cur + 1 < S.np
             ? mfk_proposal_id(mfk_scenario_proposal(S.s, S.cur + 1))
             : "end";
    if (journal_event(live, "next-proposal", "chair", to))
        return 500;
    if (!mfk_consultation_done(S.cs[S.cur])) {
        mfk_consultation_end(S.cs[S.cur]);
        if (ended(S.cur, live))
            return 500;
    }
    if (S.cur + 1 >= S.np) {
        S.over = 1;
        return 200;
    }
    return open_proposal(S.cur + 1, live) ? 500 : 200;
}

/* ---- the journal: replayed at start ------------------------------------- */

static long member_index(const char *id)
{
    size_t i;
    for (i = 0; id != NULL && i < S.n; i++)
        if (strcmp(mfk_body_member_id(S.b, i), id) == 0)
            return (long)i;
    return -1;
}

/* Applies event record r; 0, or -1 (message in last_error). */
static int replay_event(const mfk_record *r)
{
    const char *ev = mfk_record_event(r), *m = mfk_record_event_member(r),
               *t = mfk_record_event_text(r);
    if (strcmp(ev, "stance") == 0) {
        long i = member_index(m);
        char name[32];
        const char *colon;
        size_t len;
        int v;
        if (i < 0 || t == NULL) {
            say("a stance of no member of the body");
            return -1;
        }
        colon = strstr(t, ": ");
        len = colon ? (size_t)(colon - t) : strlen(t);
        if (len >= sizeof name) {
            say("a stance that is none");
            return -1;
        }
        memcpy(name, t, len);
        name[len] = '\0';
        if (mfk_lookup(MFK_NAMES_STANCE, name, &v) != MFK_OK) {
            say("a stance that is none");
            return -1;
        }
        return act_stance((size_t)i, v, colon ? colon + 2 : NULL, 0) == 200
                   ? 0
                   : -1;
    }
    if (strcmp(ev, "round-closed") == 0) {
        char want[300];
        const mfk_consultation *c = S.cs[S.cur];
        snprintf(want, sizeof want, "%s round %u",
                 mfk_proposal_id(mfk_consultation_proposal(c)),
                 mfk_consultation_rounds(c) + 1);
        if (t == NULL || strcmp(t, want) != 0) {
            say("a round closed that is not the meeting's next (\"%s\")",
                t ? t : "");
            return -1;
        }
        return act_close(0) == 200 ? 0 : -1;
    }
    if (strcmp(ev, "amended") == 0)
        return t != NULL && act_amend(t, 0) == 200 ? 0 : -1;
    if (strcmp(ev, "next-proposal") == 0) {
        const char *want =
            S.cur + 1 < S.np
                ? mfk_proposal_id(mfk_scenario_proposal(S.s, S.cur + 1))
                : "end";
        if (t == NULL || strcmp(t, want) != 0) {
            say("a move to \"%s\", not to the meeting's next proposal",
                t ? t : "");
            return -1;
        }
        return act_next(0) == 200 ? 0 : -1;
    }
    return 0; /* another kind: not this server's */
}

/* Replays journal path: CLI_OK, or CLI_INPUT (message printed). */
static int replay(const char *path)
{
    mfk_journal_reader *jr;
    const mfk_record *r;
    mfk_error err;
    size_t k;
    int rc;

    if ((rc = mfk_journal_reader_new(&jr, path, NULL, &err)) != MFK_OK) {
        cli_input_error(path, &err);
        return CLI_INPUT;
    }
    mfk_journal_reader_set_events(jr, 1);
    while ((rc = mfk_journal_reader_next(jr, &r, &err)) == MFK_OK) {
        if (mfk_record_event(r) != NULL) {
            S.version++; /* the versions go on where they stood */
            if (replay_event(r) != 0) {
                cli_error("%s: record %llu: %s", path, mfk_record_seq(r),
                          last_error);
                mfk_journal_reader_free(jr);
                return CLI_INPUT;
            }
            continue;
        }
        /* A record of a decision owed by the replay is there. */
        for (k = 0; k < S.np; k++)
            if (S.pending[k] && S.cs[k] != NULL &&
                strcmp(mfk_record_proposal_id(r),
                       mfk_proposal_id(mfk_consultation_proposal(
                           S.cs[k]))) == 0) {
                S.pending[k] = 0;
                S.written[k] = 1;
            }
    }
    mfk_journal_reader_free(jr);
    if (rc != MFK_DONE) {
        cli_input_error(path, &err);
        return CLI_INPUT;
    }
    /* Killed between an event and the record it owed: write it now. */
    for (k = 0; k < S.np; k++)
        if (S.pending[k] && write_record(k) != 0) {
            cli_error("%s: %s", path, last_error);
            return CLI_INPUT;
        }
    return CLI_OK;
}

/* ---- the links' secrets (J.secrets) ------------------------------------ */

/* Reads J.secrets, or makes the secrets and writes it (mode 0600,
 * synced). CLI_OK or CLI_INPUT (message printed). */
static int secrets(const char *jpath)
{
    char path[4200], line[256];
    size_t r, got = 0;
    FILE *f;
    int fd;

    for (r = 0; r < S.nroles; r++)
        if (random_bytes(S.roles[r].secret, SECRET_BYTES) ||
            random_bytes(S.roles[r].token, SECRET_BYTES)) {
            cli_error("getrandom: %s", strerror(errno));
            return CLI_INPUT;
        }
    if (jpath == NULL)
        return CLI_OK;
    snprintf(path, sizeof path, "%s.secrets", jpath);
    if ((f = fopen(path, "r")) != NULL) {
        struct stat st;
        if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077) != 0) {
            cli_error("%s: readable by others (mode %03o): expected 0600",
                      path, (unsigned)(st.st_mode & 0777));
            fclose(f);
            return CLI_INPUT;
        }
        while (fgets(line, sizeof line, f) != NULL) {
            char *sp = strchr(line, ' ');
            size_t len;
            if (line[0] == '#' || sp == NULL)
                continue;
            *sp++ = '\0';
            len = strcspn(sp, "\r\n");
            for (r = 0; r < S.nroles; r++)
                if (strcmp(S.roles[r].id, line) == 0 &&
                    unhex(sp, len, S.roles[r].secret, SECRET_BYTES))
                    got++;
        }
        fclose(f);
        if (got != S.nroles) {
            cli_error("%s: expected a secret for each of the %zu links",
                      path, S.nroles);
            return CLI_INPUT;
        }
        return CLI_OK;
    }
    if (errno != ENOENT) {
        cli_error("%s: cannot read: %s", path, strerror(errno));
        return CLI_INPUT;
    }
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
        cli_error("%s: cannot write: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return CLI_INPUT;
    }
    fputs("# mufakat serve: the secret of each link (keep it private)\n", f);
    for (r = 0; r < S.nroles; r++) {
        char h[2 * SECRET_BYTES + 1];
        hex(S.roles[r].secret, SECRET_BYTES, h);
        fprintf(f, "%s %s\n", S.roles[r].id, h);
    }
    if (fflush(f) != 0 || fsync(fileno(f)) != 0 || ferror(f)) {
        cli_error("%s: cannot write: %s", path, strerror(errno));
        fclose(f);
        unlink(path);
        return CLI_INPUT;
    }
    fclose(f);
    return CLI_OK;
}

/* ---- HTTP --------------------------------------------------------------- */

struct request {
    char body[BODY_LIMIT + 1];
    size_t len;
    int too_large;
};

static enum MHD_Result send_bytes(struct MHD_Connection *conn,
                                  unsigned status, const char *type,
                                  const void *data, size_t len, int copy)
{
    struct MHD_Response *res = MHD_create_response_from_buffer(
        len, (void *)data,
        copy ? MHD_RESPMEM_MUST_COPY : MHD_RESPMEM_PERSISTENT);
    enum MHD_Result rc;
    if (res == NULL)
        return MHD_NO;
    MHD_add_response_header(res, "Content-Type", type);
    MHD_add_response_header(res, "Cache-Control", "no-store");
    MHD_add_response_header(res, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(res, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(res, "X-Frame-Options", "DENY");
    MHD_add_response_header(res, "Content-Security-Policy",
                            "default-src 'none'; script-src 'self'; "
                            "style-src 'self'; img-src 'self'; "
                            "connect-src 'self'; base-uri 'none'; "
                            "form-action 'none'; frame-ancestors 'none'");
    rc = MHD_queue_response(conn, status, res);
    MHD_destroy_response(res);
    return rc;
}

static enum MHD_Result send_json(struct MHD_Connection *conn,
                                 unsigned status, const char *text)
{
    return send_bytes(conn, status, "application/json", text, strlen(text),
                      1);
}

/* {"error": "...", "status": N} */
static enum MHD_Result send_error(struct MHD_Connection *conn,
                                  unsigned status, const char *message)
{
    json_t *o = json_pack("{s:s, s:i}", "error", message, "status",
                          (int)status);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    enum MHD_Result rc =
        send_json(conn, status,
                  text ? text : "{\"error\":\"out of memory\",\"status\":500}");
    free(text);
    json_decref(o);
    return rc;
}

/* The role of the request's "Authorization: Bearer SECRET", -1 when it
 * has none, -2 when it names no link. */
static long request_role(struct MHD_Connection *conn)
{
    const char *h =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
    long r;
    if (h == NULL)
        return -1;
    if (strncmp(h, "Bearer ", 7) != 0)
        return -2;
    r = find_role(h + 7, strlen(h + 7));
    return r < 0 ? -2 : r;
}

/* Takes one from role r's bucket; 0 when it is empty. Takes pmu. */
static int rate_ok(long r)
{
    struct role *ro = &S.roles[r];
    double t = now_s();
    int ok = 0;
    pthread_mutex_lock(&S.pmu);
    ro->bucket += (t - ro->stamp) * RATE_PER_S;
    if (ro->bucket > RATE_BURST)
        ro->bucket = RATE_BURST;
    ro->stamp = t;
    if (ro->bucket >= 1) {
        ro->bucket -= 1;
        ok = 1;
    }
    pthread_mutex_unlock(&S.pmu);
    return ok;
}

/* ---- server-sent events ------------------------------------------------ */

struct watcher {
    struct MHD_Connection *conn;
    struct watcher *parked;  /* the next suspended watcher */
    unsigned long pings;     /* S.pings when it was suspended */
    unsigned long long next; /* the version to send next */
    struct frame *f;         /* the frame being sent, or NULL */
    char own[64];            /* or a ping or a reset */
    const char *text;
    size_t len, off;
};

/* A watcher with nothing to send is suspended, out of the server's
 * polling, and resumed by the next change, ping tick or stop: one
 * thread serves them all, and an event costs a resume each, not a
 * thread woken each. Under pmu: a watcher is on S.parked exactly while
 * it is suspended, so none is resumed twice or freed while parked. */
static void wake_watchers(void)
{
    struct watcher *w = S.parked;
    S.parked = NULL;
    while (w != NULL) {
        struct watcher *next = w->parked;
        w->parked = NULL;
        MHD_resume_connection(w->conn);
        w = next;
    }
}

static ssize_t sse_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    struct watcher *w = cls;
    size_t k;
    (void)pos;
    if (w->off == w->len) {
        frame_drop(w->f);
        w->f = NULL;
        w->text = NULL;
        w->len = w->off = 0;
        pthread_mutex_lock(&S.pmu);
        if (S.stopping) {
            pthread_mutex_unlock(&S.pmu);
            return MHD_CONTENT_READER_END_OF_STREAM;
        }
        if (w->next <= S.version) {
            if (S.version - w->next < RING &&
                (w->f = S.ring[w->next % RING]) != NULL) {
                __atomic_add_fetch(&w->f->refs, 1, __ATOMIC_ACQ_REL);
                w->text = w->f->text;
                w->len = w->f->len;
                w->next++;
            } else { /* too far behind: "reset", then the state */
                w->len = (size_t)snprintf(w->own, sizeof w->own,
                                          "event: reset\ndata: %llu\n\n",
                                          S.version);
                w->text = w->own;
                w->next = S.version;
            }
        } else if (w->pings == S.pings) { /* nothing yet: wait */
            MHD_suspend_connection(w->conn);
            w->parked = S.parked;
            S.parked = w;
            pthread_mutex_unlock(&S.pmu);
            return 0;
        }
        w->pings = S.pings;
        pthread_mutex_unlock(&S.pmu);
        if (w->text == NULL) { /* a ping, to see that it still listens */
            w->len = (size_t)snprintf(w->own, sizeof w->own, ": ping\n\n");
            w->text = w->own;
        }
    }
    k = w->len - w->off < max ? w->len - w->off : max;
    memcpy(buf, w->text + w->off, k);
    w->off += k;
    return (ssize_t)k;
}

static void sse_free(void *cls)
{
    struct watcher *w = cls;
    frame_drop(w->f);
    free(w);
}

static enum MHD_Result serve_events(struct MHD_Connection *conn)
{
    struct watcher *w = calloc(1, sizeof *w);
    struct MHD_Response *res;
    const char *last =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Last-Event-ID");
    enum MHD_Result rc;
    if (w == NULL)
        return send_error(conn, 500, "out of memory");
    w->conn = conn;
    pthread_mutex_lock(&S.pmu);
    w->pings = S.pings;
    w->next = S.version; /* the state as it is, then each change */
    if (last != NULL) {
        char *end;
        unsigned long long v = strtoull(last, &end, 10);
        if (*end == '\0' && end != last && v < S.version &&
            S.version - v < RING)
            w->next = v + 1;
    }
    pthread_mutex_unlock(&S.pmu);
    res = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16384, sse_read,
                                            w, sse_free);
    if (res == NULL) {
        free(w);
        return MHD_NO;
    }
    MHD_add_response_header(res, "Content-Type", "text/event-stream");
    MHD_add_response_header(res, "Cache-Control", "no-store");
    MHD_add_response_header(res, "X-Content-Type-Options", "nosniff");
    rc = MHD_queue_response(conn, MHD_HTTP_OK, res);
    MHD_destroy_response(res);
    return rc;
}

/* ---- the routes --------------------------------------------------------- */

/* The state for role r (-1: public). */
static enum MHD_Result serve_state(struct MHD_Connection *conn, long r)
{
    struct sbuf sb = {0};
    enum MHD_Result rc;
    pthread_mutex_lock(&S.pmu);
    if (r < 0) {
        rc = send_json(conn, 200, S.pub);
        pthread_mutex_unlock(&S.pmu);
        return rc;
    }
    {
        char tok[2 * SECRET_BYTES + 1];
        json_t *id = json_string(S.roles[r].id);
        char *idj = json_dumps(id, JSON_ENCODE_ANY);
        hex(S.roles[r].token, SECRET_BYTES, tok);
        sb_add(&sb, "{\"role\":\"%s\",\"me\":%s,\"token\":\"%s\",\"state\":%s}",
               S.roles[r].member >= 0 ? "delegation" : "chair",
               idj ? idj : "null", tok, S.pub);
        free(idj);
        json_decref(id);
    }
    pthread_mutex_unlock(&S.pmu);
    rc = sb.failed ? send_error(conn, 500, "out of memory")
                   : send_json(conn, 200, sb.p);
    free(sb.p);
    return rc;
}

static const char *str_field(json_t *o, const char *key, int *bad)
{
    json_t *v = json_object_get(o, key);
    if (v == NULL || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        *bad = 1;
        return NULL;
    }
    return json_string_value(v);
}

/* A POST to /api/ACTION by role r, body parsed. Under the lock. */
static enum MHD_Result post_action(struct MHD_Connection *conn,
                                   const char *action, long r, json_t *o)
{
    struct role *ro = &S.roles[r];
    const char *token, *stance, *reason, *text, *member;
    unsigned char tok[SECRET_BYTES];
    char msg[600];
    int bad = 0, status, v = 0, grid = 0;

    token = str_field(o, "token", &bad);
    stance = str_field(o, "stance", &bad);
    reason = str_field(o, "reason", &bad);
    text = str_field(o, "text", &bad);
    member = str_field(o, "member", &bad);
    if (bad)
        return send_error(conn, 400, "a field that is not a string");
    if (strcmp(action, "stance") == 0) {
        if (ro->member < 0)
            return send_error(conn, 403,
                              "the Chair gives no stance: each delegation "
                              "gives its own");
        if (member != NULL && strcmp(member, ro->id) != 0)
            return send_error(conn, 403,
                              "a delegation gives only its own stance");
    } else if (ro->member >= 0)
        return send_error(conn, 403, "only the Chair may do this");
    if (token == NULL)
        return send_error(conn, 400, "\"token\": missing");
    if (!unhex(token, strlen(token), tok, SECRET_BYTES) ||
        !same_bytes(tok, ro->token, SECRET_BYTES))
        return send_error(conn, 409,
                          "\"token\": used already, or not this link's: "
                          "fetch the state again");
    if (strcmp(action, "stance") == 0) {
        if (stance == NULL || mfk_lookup(MFK_NAMES_STANCE, stance, &v) !=
                                  MFK_OK)
            return send_error(conn, 400,
                              "\"stance\": expected one of the stances");
        if (reason != NULL && strlen(reason) > REASON_LIMIT)
            return send_error(conn, 413, "\"reason\": longer than 1000 bytes");
        if (reason != NULL && reason[0] == '\0')
            reason = NULL;
        status = act_stance((size_t)ro->member, v, reason, 1);
    } else if (strcmp(action, "close") == 0) {
        status = act_close(1);
        grid = 1;
    } else if (strcmp(action, "amend") == 0) {
        if (text == NULL || text[0] == '\0')
            return send_error(conn, 400, "\"text\": missing");
        if (strlen(text) > TEXT_LIMIT)
            return send_error(conn, 413, "\"text\": longer than 4000 bytes");
        status = act_amend(text, 1);
    } else {
        status = act_next(1);
        grid = 1;
    }
    if (status != 200)
        return send_error(conn, (unsigned)status, last_error);
    /* Acknowledged: the journal has it. A new token for the next one. */
    {
        unsigned char fresh[SECRET_BYTES];
        char h[2 * SECRET_BYTES + 1];
        if (random_bytes(fresh, SECRET_BYTES) != 0)
            memset(fresh, 0, sizeof fresh); /* refuses every token */
        pthread_mutex_lock(&S.pmu);
        memcpy(ro->token, fresh, SECRET_BYTES);
        pthread_mutex_unlock(&S.pmu);
        publish(grid);
        hex(fresh, SECRET_BYTES, h);
        snprintf(msg, sizeof msg, "{\"ok\":true,\"version\":%llu,"
                                  "\"token\":\"%s\"}", S.version, h);
    }
    return send_json(conn, 200, msg);
}

static enum MHD_Result serve_post(struct MHD_Connection *conn,
                                  const char *action, struct request *rq)
{
    const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                   "Content-Type");
    json_error_t jerr;
    enum MHD_Result rc;
    json_t *o;
    long r;

    if (rq->too_large)
        return send_error(conn, 413, "the request is larger than 8192 bytes");
    if (type == NULL || strncmp(type, "application/json", 16) != 0 ||
        (type[16] != '\0' && type[16] != ';'))
        return send_error(conn, 415, "expected Content-Type: "
                                     "application/json");
    r = request_role(conn);
    if (r < 0)
        return send_error(conn, 401, r == -1 ? "no secret: expected "
                                               "Authorization: Bearer SECRET"
                                             : "not a secret of this meeting");
    o = json_loadb(rq->body, rq->len, JSON_REJECT_DUPLICATES, &jerr);
    if (o == NULL || !json_is_object(o)) {
        json_decref(o);
        return send_error(conn, 400, "expected a JSON object");
    }
    if (!rate_ok(r))
        rc = send_error(conn, 429, "too many requests from this link: "
                                   "wait a second");
    else {
        pthread_mutex_lock(&S.mu);
        rc = post_action(conn, action, r, o);
        pthread_mutex_unlock(&S.mu);
    }
    json_decref(o);
    return rc;
}

static int is_action(const char *url)
{
    return strcmp(url, "/api/stance") == 0 || strcmp(url, "/api/close") == 0 ||
           strcmp(url, "/api/amend") == 0 || strcmp(url, "/api/next") == 0;
}

static enum MHD_Result serve_get(struct MHD_Connection *conn,
                                 const char *url)
{
    enum MHD_Result rc;
    long r;
    if (strcmp(url, "/") == 0)
        return send_bytes(conn, 200, "text/html; charset=utf-8",
                          serve_page, strlen(serve_page), 0);
    if (strcmp(url, "/app.css") == 0)
        return send_bytes(conn, 200, "text/css; charset=utf-8", serve_css,
                          strlen(serve_css), 0);
    if (strcmp(url, "/app.js") == 0)
        return send_bytes(conn, 200, "text/javascript; charset=utf-8",
                          serve_js, strlen(serve_js), 0);
    if (strcmp(url, "/api/events") == 0)
        return serve_events(conn);
    if (strcmp(url, "/favicon.ico") == 0) /* none: the page has no icon */
        return send_bytes(conn, 204, "image/x-icon", "", 0, 0);
    if (strncmp(url, "/d/", 3) == 0) {
        r = find_role(url + 3, strlen(url + 3));
        if (r < 0)
            return send_error(conn, 404, "no such link");
        if (!rate_ok(r))
            return send_error(conn, 429, "too many requests from this link: "
                                         "wait a second");
        return send_bytes(conn, 200, "text/html; charset=utf-8", serve_page,
                          strlen(serve_page), 0);
    }
    if (strcmp(url, "/api/state") == 0) {
        r = request_role(conn);
        if (r == -2)
            return send_error(conn, 401, "not a secret of this meeting");
        if (r >= 0 && !rate_ok(r))
            return send_error(conn, 429, "too many requests from this link: "
                                         "wait a second");
        return serve_state(conn, r);
    }
    if (strcmp(url, "/api/grid.svg") == 0) {
        pthread_mutex_lock(&S.pmu);
        rc = S.svg ? send_bytes(conn, 200, "image/svg+xml", S.svg, S.svglen,
                                1)
                   : send_error(conn, 404, "no grid yet");
        pthread_mutex_unlock(&S.pmu);
        return rc;
    }
    if (is_action(url))
        return send_error(conn, 405, "a change is a POST");
    return send_error(conn, 404, "no such page");
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn,
                              const char *url, const char *method,
                              const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    struct request *rq = *con_cls;
    (void)cls;
    (void)version;
    /* The first call only makes the request's place: answered before
     * its end, a connection is not kept alive. */
    if (rq == NULL) {
        if ((rq = calloc(1, sizeof *rq)) == NULL)
            return MHD_NO;
        *con_cls = rq;
        return MHD_YES;
    }
    if (strcmp(method, "POST") != 0) {
        if (*upload_size != 0) { /* a body for a GET: not read */
            rq->too_large = 1;
            *upload_size = 0;
            return MHD_YES;
        }
        if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
            return send_error(conn, 405, "expected GET or POST");
        return serve_get(conn, url);
    }
    if (*upload_size != 0) {
        if (rq->len + *upload_size > BODY_LIMIT)
            rq->too_large = 1;
        else {
            memcpy(rq->body + rq->len, upload, *upload_size);
            rq->len += *upload_size;
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (!is_action(url))
        return send_error(conn, strncmp(url, "/api/", 5) == 0 ? 404 : 405,
                          "no such action");
    return serve_post(conn, url + 5, rq);
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode code)
{
    (void)cls;
    (void)conn;
    (void)code;
    free(*con_cls);
    *con_cls = NULL;
}

/* ---- the command -------------------------------------------------------- */

static void help(void)
{
    printf("Usage: mufakat serve FILE [--listen ADDR:PORT] [--journal J]\n"
           "Holds a meeting of scenario FILE's body in the browser, on "
           "each of its\nproposals in turn. Prints a link for each "
           "delegation, one for the Chair\nand one public page, as lines "
           "\"ID URL\", then serves until SIGINT or SIGTERM.\n"
           "A delegation's page gives its stance and a reason; the Chair's "
           "closes the\nround, amends the text between rounds and moves to "
           "the next proposal; the\npublic page shows the stances and the "
           "verdict as they arrive.\n\n"
           "  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080; "
           "port 0: any free)\n"
           "  --journal J         append each action and each outcome to "
           "journal J before\n"
           "                      acknowledging it; started again on J, "
           "the meeting resumes\n"
           "                      with the same links (kept in J.secrets, "
           "mode 0600)\n\n"
           "The JSON API is in mufakat-serve(7).\n"
           "Exit status: 0 when stopped by a signal, 1 for invalid input or "
           "a journal that\ncannot be read or written, 2 for a wrong command "
           "line or an address in use.\n");
}

static int parse_listen(const char *s, struct sockaddr_in *a)
{
    char host[64];
    const char *colon = strrchr(s, ':');
    char *end;
    unsigned long port;
    if (colon == NULL || (size_t)(colon - s) >= sizeof host)
        return 0;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    port = strtoul(colon + 1, &end, 10);
    if (*end != '\0' || end == colon + 1 || port > 65535)
        return 0;
    memset(a, 0, sizeof *a);
    a->sin_family = AF_INET;
    a->sin_port = htons((unsigned short)port);
    return inet_pton(AF_INET, host, &a->sin_addr) == 1;
}

static void cleanup(void)
{
    size_t k;
    for (k = 0; k < S.np; k++)
        mfk_consultation_free(S.cs[k]);
    mfk_consultation_free(S.scratch);
    for (k = 0; k < S.n; k++)
        free(S.why[k]);
    for (k = 0; k < S.nreasons; k++)
        free(S.reasons[k].text);
    for (k = 0; k < RING; k++)
        frame_drop(S.ring[k]);
    free(S.reasons);
    free(S.cs);
    free(S.written);
    free(S.pending);
    free(S.given);
    free(S.why);
    free(S.roles);
    free(S.pub);
    free(S.svg);
    if (S.svgdir[0] != '\0') {
        char path[96];
        snprintf(path, sizeof path, "%s/grid.svg", S.svgdir);
        unlink(path);
        rmdir(S.svgdir);
    }
    mfk_journal_close(S.j);
    mfk_scenario_free(S.s);
}

int cli_serve(int argc, char **argv)
{
    const char *file = NULL, *listen_at = "127.0.0.1:8080", *jpath = NULL;
    struct sockaddr_in addr;
    socklen_t alen = sizeof addr;
    struct MHD_Daemon *d;
    mfk_error err;
    sigset_t sigs;
    size_t i;
    int a, fd, sig, one = 1, rc;
    char host[INET_ADDRSTRLEN];

    for (a = 1; a < argc; a++) {
        const char *v;
        int k;
        if (cli_is_help(argv[a])) {
            help();
            return CLI_OK;
        }
        if ((k = cli_option_value(argc, argv, &a, "listen", &v)) != 0) {
            if (k < 0)
                return cli_usage_error("serve", "--listen needs ADDR:PORT");
            listen_at = v;
        } else if ((k = cli_option_value(argc, argv, &a, "journal", &v)) !=
                   0) {
            if (k < 0)
                return cli_usage_error("serve", "--journal needs a file");
            jpath = v;
        } else if (argv[a][0] == '-' && argv[a][1] != '\0')
            return cli_usage_error("serve", "unknown option \"%s\"", argv[a]);
        else if (file == NULL)
            file = argv[a];
        else
            return cli_usage_error("serve", "unexpected \"%s\"", argv[a]);
    }
    if (file == NULL)
        return cli_usage_error("serve", "a scenario file is needed");
    if (!parse_listen(listen_at, &addr))
        return cli_usage_error("serve",
                               "--listen \"%s\": expected an IPv4 "
                               "ADDR:PORT, e.g. 127.0.0.1:8080",
                               listen_at);
    memset(&S, 0, sizeof S);
    pthread_mutex_init(&S.mu, NULL);
    pthread_mutex_init(&S.pmu, NULL);
    if (mfk_scenario_read_file(&S.s, file, NULL, &err) != MFK_OK) {
        cli_input_error(file, &err);
        return CLI_INPUT;
    }
    S.b = mfk_scenario_body(S.s);
    S.n = mfk_body_member_count(S.b);
    S.np = mfk_scenario_proposal_count(S.s);
    S.nroles = S.n + 1;
    S.jpath = jpath;
    if (S.np == 0 || S.n == 0) {
        cli_error("%s: a meeting needs members and a proposal", file);
        cleanup();
        return CLI_INPUT;
    }
    S.cs = calloc(S.np, sizeof *S.cs);
    S.written = calloc(S.np, 1);
    S.pending = calloc(S.np, 1);
    S.given = calloc(S.n, 1);
    S.why = calloc(S.n, sizeof *S.why);
    S.roles = calloc(S.nroles, sizeof *S.roles);
    if (!S.cs || !S.written || !S.pending || !S.given || !S.why || !S.roles) {
        cli_error("out of memory");
        cleanup();
        return CLI_INPUT;
    }
    for (i = 0; i < S.nroles; i++) {
        snprintf(S.roles[i].id, sizeof S.roles[i].id, "%s",
                 i < S.n ? mfk_body_member_id(S.b, i) : "chair");
        S.roles[i].member = i < S.n ? (long)i : -1;
        S.roles[i].bucket = RATE_BURST;
        S.roles[i].stamp = now_s();
    }
    snprintf(S.svgdir, sizeof S.svgdir, "/tmp/mufakat-serve.XXXXXX");
    if (mkdtemp(S.svgdir) == NULL) {
        cli_error("%s: cannot make a folder: %s", S.svgdir, strerror(errno));
        S.svgdir[0] = '\0';
        cleanup();
        return CLI_INPUT;
    }
    if ((rc = secrets(jpath)) != CLI_OK) {
        cleanup();
        return rc;
    }
    if (jpath != NULL) {
        if (mfk_journal_open(&S.j, jpath, NULL, &err) != MFK_OK) {
            cli_input_error(jpath, &err);
            cleanup();
            return CLI_INPUT;
        }
        if (mfk_journal_version(S.j) != 2) {
            cli_error("%s: a journal of version 1 holds no events: give "
                      "serve a new journal", jpath);
            cleanup();
            return CLI_INPUT;
        }
    }
    if (open_proposal(0, 0) != 0) {
        cli_error("%s: %s", file, last_error);
        cleanup();
        return CLI_INPUT;
    }
    if (jpath != NULL && (rc = replay(jpath)) != CLI_OK) {
        cleanup();
        return rc;
    }
    if (jpath == NULL && S.pending[0])
        S.pending[0] = 0;
    publish(1);

    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
        listen(fd, 512) != 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &alen) != 0) {
        cli_error("--listen %s: %s", listen_at, strerror(errno));
        if (fd >= 0)
            close(fd);
        cleanup();
        return CLI_USAGE;
    }
    /* The signals go to this thread alone, which waits for them. */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    d = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME, 0, NULL,
        NULL, handle, NULL, MHD_OPTION_LISTEN_SOCKET, fd,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)POOL,
        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)900,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
        MHD_OPTION_THREAD_STACK_SIZE, (size_t)(256 * 1024), MHD_OPTION_END);
    if (d == NULL) {
        cli_error("--listen %s: the server cannot start", listen_at);
        close(fd);
        cleanup();
        return CLI_INPUT;
    }
    inet_ntop(AF_INET, &addr.sin_addr, host, sizeof host);
    for (i = 0; i < S.nroles; i++) {
        char h[2 * SECRET_BYTES + 1];
        hex(S.roles[i].secret, SECRET_BYTES, h);
        printf("%s http://%s:%u/d/%s\n", S.roles[i].id, host,
               (unsigned)ntohs(addr.sin_port), h);
    }
    printf("public http://%s:%u/\n", host, (unsigned)ntohs(addr.sin_port));
    fflush(stdout);
    /* Until a signal to stop; each PING_S seconds, the idle watchers
     * are resumed to send a ping. */
    for (;;) {
        struct timespec tick = {PING_S, 0};
        sig = sigtimedwait(&sigs, NULL, &tick);
        if (sig == SIGINT || sig == SIGTERM)
            break;
        if (sig < 0 && errno == EAGAIN) {
            pthread_mutex_lock(&S.pmu);
            S.pings++;
            wake_watchers();
            pthread_mutex_unlock(&S.pmu);
        }
    }
    pthread_mutex_lock(&S.pmu);
    S.stopping = 1; /* and no watcher is suspended again */
    wake_watchers();
    pthread_mutex_unlock(&S.pmu);
    MHD_stop_daemon(d);
    close(fd);
    rc = S.j != NULL && mfk_journal_close(S.j) != MFK_OK ? CLI_INPUT : CLI_OK;
    S.j = NULL;
    if (rc != CLI_OK)
        cli_error("%s: cannot close", jpath);
    cleanup();
    return rc;
}
