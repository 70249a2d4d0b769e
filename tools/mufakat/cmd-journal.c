/* The journal: `run --journal` appends records; `show` prints them;
 * `report` is the implementation report that the AMM presents to the
 * Summit. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- run --journal J [--time T] --------------------------------------- */

struct cli_journal {
    mfk_journal *j;
    const char *path;
    char time[40];
};

/* A journal's errors name the byte at fault whenever there is one. */
static void journal_error(const char *path, const mfk_error *err)
{
    if (err->offset >= 0)
        cli_error("%s: byte %lld: %s", path, err->offset,
                  err->message[0] ? err->message : mfk_strerror(err->code));
    else
        cli_input_error(path, err);
}

/* RFC 3339 in UTC as records take it: "YYYY-MM-DDTHH:MM:SS[.frac]Z";
 * *secs (optional) gets the seconds since 1970. */
static int parse_time(const char *t, long long *secs)
{
    struct tm tm;
    const char *rest;
    size_t len = strlen(t);
    if (len < 20 || len >= 40 || t[4] != '-' || t[7] != '-' || t[10] != 'T')
        return 0;
    memset(&tm, 0, sizeof tm);
    rest = strptime(t, "%Y-%m-%dT%H:%M:%S", &tm);
    if (rest == NULL || rest != t + 19)
        return 0;
    if (*rest == '.') {
        if (rest[1] < '0' || rest[1] > '9')
            return 0;
        for (rest++; *rest >= '0' && *rest <= '9'; rest++)
            ;
    }
    if (secs != NULL)
        *secs = (long long)timegm(&tm);
    return rest[0] == 'Z' && rest[1] == '\0';
}

int cli_journal_open(cli_journal **out, const char *path, const char *when)
{
    cli_journal *j;
    mfk_error err;
    *out = NULL;
    if (when != NULL && !parse_time(when, NULL))
        return cli_usage_error("run",
                               "--time: \"%s\" is not a time in RFC 3339, "
                               "UTC: expected e.g. 2026-07-10T09:00:00Z",
                               when);
    if ((j = calloc(1, sizeof *j)) == NULL) {
        cli_error("out of memory");
        return CLI_INPUT;
    }
    if (when != NULL) {
        snprintf(j->time, sizeof j->time, "%s", when);
    } else {
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(j->time, sizeof j->time, "%Y-%m-%dT%H:%M:%SZ", &tm);
    }
    j->path = path;
    if (mfk_journal_open(&j->j, path, NULL, &err) != MFK_OK) {
        journal_error(path, &err);
        if (err.code == MFK_ETORN)
            fprintf(stderr, "Run '%s show %s --repair' to move the torn "
                            "record aside.\n",
                    cli_progname, path);
        free(j);
        return CLI_INPUT;
    }
    *out = j;
    return CLI_OK;
}

int cli_journal_append(cli_journal *j, const mfk_consultation *c)
{
    mfk_record *r;
    mfk_error err;
    int rc = mfk_record_new(&r, c, j->time, NULL);
    if (rc != MFK_OK) {
        cli_error("%s: %s", j->path, mfk_strerror(rc));
        return CLI_INPUT;
    }
    rc = mfk_journal_append(j->j, r, &err);
    mfk_record_free(r);
    if (rc != MFK_OK) {
        journal_error(j->path, &err);
        return CLI_INPUT;
    }
    return CLI_OK;
}

int cli_journal_close(cli_journal *j)
{
    int rc = CLI_OK;
    if (j == NULL)
        return CLI_OK;
    if (mfk_journal_close(j->j) != MFK_OK) {
        cli_error("%s: cannot close", j->path);
        rc = CLI_INPUT;
    }
    free(j);
    return rc;
}

/* ---- reading ---------------------------------------------------------- */

typedef int (*record_fn)(const mfk_record *r, void *ud);

/* Calls fn on every record; at a torn tail or damage, prints the message
 * and, with repair, moves the rest aside. Returns a CLI status. */
static int each_record(const char *path, int repair, record_fn fn, void *ud)
{
    mfk_journal_reader *jr;
    const mfk_record *r;
    mfk_error err;
    int rc;

    if (mfk_journal_reader_new(&jr, path, NULL, &err) != MFK_OK) {
        journal_error(path, &err);
        return CLI_INPUT;
    }
    while ((rc = mfk_journal_reader_next(jr, &r, &err)) == MFK_OK)
        if (fn(r, ud) != 0)
            break;
    mfk_journal_reader_free(jr);
    if (rc == MFK_DONE || rc == MFK_OK)
        return CLI_OK;
    fflush(stdout);
    journal_error(path, &err);
    if (repair && rc != MFK_ENOMEM && rc != MFK_EIO) {
        long long off;
        char side[4096];
        mfk_error rerr;
        if (mfk_journal_repair(path, &off, side, sizeof side, NULL,
                               &rerr) != MFK_OK) {
            journal_error(path, &rerr);
            return CLI_INPUT;
        }
        if (off >= 0) {
            cli_error("%s: byte %lld: the bytes from here on are moved to "
                      "%s; the journal ends here now",
                      path, off, side);
            return CLI_OK;
        }
    } else if (rc == MFK_ETORN) {
        fprintf(stderr, "Run '%s show %s --repair' to move the torn record "
                        "aside.\n",
                cli_progname, path);
    }
    return CLI_INPUT;
}

/* Options of show and report: FILE, --format, and one more. */
struct jopts {
    enum cli_format format;
    const char *file;
    int repair;
    int year; /* 0: every year */
};

static int parse_jopts(const char *cmd, int argc, char **argv,
                       struct jopts *o, void (*help)(void))
{
    int i, r;
    const char *v;
    memset(o, 0, sizeof *o);
    for (i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            help();
            return -1;
        }
        if ((r = cli_format_option(argc, argv, &i, &o->format)) != 0) {
            if (r < 0)
                return cli_usage_error(cmd, "bad --format");
            continue;
        }
        if (strcmp(cmd, "show") == 0 && strcmp(argv[i], "--repair") == 0) {
            o->repair = 1;
            continue;
        }
        if (strcmp(cmd, "report") == 0 &&
            (r = cli_option_value(argc, argv, &i, "year", &v)) != 0) {
            char *end;
            long y = r > 0 ? strtol(v, &end, 10) : 0;
            if (r < 0 || *v == '\0' || *end != '\0' || y < 1 || y > 9999)
                return cli_usage_error(cmd, "--year needs a year, e.g. "
                                            "2026");
            o->year = (int)y;
            continue;
        }
        if (strcmp(argv[i], "--") == 0 && i + 1 < argc && o->file == NULL) {
            o->file = argv[++i];
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error(cmd, "unknown option \"%s\"", argv[i]);
        if (o->file != NULL)
            return cli_usage_error(cmd, "unexpected argument \"%s\"",
                                   argv[i]);
        o->file = argv[i];
    }
    if (o->file == NULL)
        return cli_usage_error(cmd, "no journal given");
    return 0;
}

/* ---- show ------------------------------------------------------------- */

/* One record of show's {"records": [...]}, as the library writes it;
 * first says whether it opens the array. 1 (stop) when the library
 * fails, message printed. */
struct show_json_state {
    int first;
    int failed;
};

static int show_json(const mfk_record *r, void *ud)
{
    struct show_json_state *st = ud;
    size_t len;
    char *text = NULL;
    int rc = mfk_record_write_json(r, NULL, NULL, 0, &len);
    if (rc == MFK_ERANGE && (text = malloc(len)) == NULL)
        rc = MFK_ENOMEM;
    else if (rc == MFK_ERANGE)
        rc = mfk_record_write_json(r, NULL, text, len, &len);
    if (rc == MFK_OK) {
        if (!st->first)
            fputs(", ", stdout);
        fwrite(text, 1, len, stdout);
        st->first = 0;
    } else {
        cli_error("record %llu: %s", (unsigned long long)mfk_record_seq(r),
                  mfk_strerror(rc));
        st->failed = 1;
    }
    free(text);
    return rc != MFK_OK;
}

/* Member ids where set has mask, e.g. "KHM, LAO"; `none` when empty. */
static void text_ids(FILE *f, const mfk_record *r, const unsigned char *set,
                     unsigned mask, const char *none)
{
    size_t i, k = 0;
    for (i = 0; i < mfk_record_member_count(r); i++)
        if (set == NULL ? (mfk_record_roles(r, i) & mask) != 0
                        : (set[i] & mask) != 0)
            fprintf(f, "%s%s", k++ ? ", " : "", mfk_record_member(r, i));
    if (k == 0)
        fputs(none, f);
}

static int show_text(const mfk_record *r, void *ud)
{
    FILE *f = stdout;
    size_t i, v, n = mfk_record_member_count(r);
    unsigned k;
    const unsigned char *part = mfk_record_participants(r);
    mfk_outcome o = mfk_record_outcome(r);
    (void)ud;

    fprintf(f, "#%llu  %s  %s  %s\n", mfk_record_seq(r), mfk_record_time(r),
            mfk_record_proposal_id(r), mfk_record_title(r));
    fprintf(f, "  %s", mfk_record_body(r));
    if (mfk_record_chair(r) != NULL)
        fprintf(f, ", chaired by %s", mfk_record_chair(r));
    fprintf(f, "; %s pillar, %s; rule: %s\n",
            mfk_name(MFK_NAMES_PILLAR, (int)mfk_record_pillar(r)),
            mfk_name(MFK_NAMES_COMPONENT, (int)mfk_record_component(r)),
            mfk_name(MFK_NAMES_RULE, (int)mfk_record_rule(r)));
    fputs("  sponsors: ", f);
    text_ids(f, r, NULL, MFK_ROLE_SPONSOR, "none");
    fputs("; concerns: ", f);
    text_ids(f, r, NULL, MFK_ROLE_CONCERN, "none");
    fputs("; parties: ", f);
    text_ids(f, r, NULL, MFK_ROLE_PARTY, "none");
    fputc('\n', f);
    for (v = 0; v < mfk_record_violation_count(r); v++) {
        const char *name;
        mfk_mode mode;
        const unsigned char *m;
        mfk_record_violation(r, v, &name, &mode, &m);
        fprintf(f, "  principle %s %s: ", name,
                mode == MFK_MODE_ENFORCE ? "enforced" : "reported");
        text_ids(f, r, m, 1, "(no member named)");
        fputc('\n', f);
    }
    for (k = 1; k <= mfk_record_rounds(r); k++) {
        const unsigned char *st, *bl;
        const double *pos;
        const char *text;
        mfk_verdict verdict;
        size_t version;
        mfk_record_round(r, k, &st, &bl, &verdict, &version);
        mfk_record_version(r, version, &text, &pos);
        fprintf(f, "  round %u (version %zu", k, version);
        if (pos != NULL) {
            char num[32];
            unsigned d;
            fputs(", position ", f);
            for (d = 0; d < mfk_record_dims(r); d++)
                fprintf(f, "%s%s", d ? "," : "", mfk_number_json(pos[d], num));
        }
        fprintf(f, "): %s", mfk_name(MFK_NAMES_VERDICT, (int)verdict));
        if (verdict == MFK_VERDICT_BLOCKED) {
            fputs(" by ", f);
            text_ids(f, r, bl, 1, "nobody");
        }
        fputc('\n', f);
        if (k > 1 && text != NULL) {
            const char *before;
            size_t prev;
            mfk_record_round(r, k - 1, NULL, NULL, NULL, &prev);
            mfk_record_version(r, prev, &before, NULL);
            if (before == NULL || strcmp(before, text) != 0)
                fprintf(f, "    text: \"%s\"\n", text);
        }
        fputs("   ", f);
        for (i = 0; i < n; i++)
            fprintf(f, " %s %s%s", mfk_record_member(r, i),
                    mfk_name(MFK_NAMES_STANCE, st[i]), i + 1 < n ? "," : "");
        fputc('\n', f);
    }
    fprintf(f, "  outcome: %s", mfk_name(MFK_NAMES_OUTCOME, (int)o));
    if (o <= MFK_OUTCOME_ADOPTED_FLEXIBLE) {
        fputs(" (taking part: ", f);
        text_ids(f, r, part, 1, "nobody");
        fputc(')', f);
    }
    fputs("\n\n", f);
    return 0;
}

static void show_help(void)
{
    printf("Usage: mufakat show J [--format text|json] [--repair]\n"
           "Prints the decision records of journal J, oldest first.\n\n"
           "  --format text|json  text for people (default), or JSON: "
           "{\"records\": [...]}\n"
           "  --repair            when J ends in a torn record, move its "
           "bytes to the side\n"
           "                      file J.torn-OFFSET and truncate J there\n"
           "  --help              print this help\n\n"
           "Exit status: 0 when every record was read (or the journal was "
           "repaired); 1 for\na torn or damaged journal, reported after "
           "the records before it as\n\"mufakat: J: byte N: ...\", or a "
           "file that cannot be read; 2 for a wrong\ncommand line. See "
           "mufakat(1), mufakat-record(5).\n");
}

int cli_show(int argc, char **argv)
{
    struct jopts o;
    struct show_json_state st = {1, 0};
    int rc = parse_jopts("show", argc, argv, &o, show_help);
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if (o.format == CLI_JSON) {
        /* The document around the library's records. */
        fputs("{\"records\": [", stdout);
        rc = each_record(o.file, o.repair, show_json, &st);
        fputs("]}\n", stdout);
        if (st.failed)
            rc = CLI_INPUT;
    } else {
        rc = each_record(o.file, o.repair, show_text, NULL);
    }
    if (fflush(stdout) != 0) {
        cli_error("standard output: cannot write");
        return CLI_INPUT;
    }
    return rc;
}

/* ---- report ----------------------------------------------------------- */

#define NOUTCOMES (MFK_OUTCOME_INADMISSIBLE + 1)
#define NPILLARS 3
#define NCOMPONENTS 6

/* The latest record of a proposal, for what is still deferred. */
struct prop_state {
    char *id, *title;
    mfk_outcome last;
    char since[40]; /* first of the deferrals in a row */
    char last_time[40];
    unsigned times; /* deferrals in a row */
};

/* Lines of the report kept for the end: flexible adoptions and
 * violations. */
struct line {
    unsigned long long seq;
    char *id, *title, *what; /* what: participants, or the principle */
    char *members;           /* standing aside, or the members named */
    mfk_mode mode;
};

struct report {
    int year;
    size_t records;
    unsigned by_pillar[NPILLARS][NOUTCOMES];
    unsigned by_component[NCOMPONENTS][NOUTCOMES];
    struct prop_state *props;
    size_t nprops, capprops;
    struct line *flex, *viol;
    size_t nflex, capflex, nviol, capviol;
    char latest[40]; /* the latest time read */
    int nomem;
};

static char *xstrdup(struct report *rep, const char *s)
{
    char *d = strdup(s);
    if (d == NULL)
        rep->nomem = 1;
    return d;
}

/* Ids where set (or the complement) has 1, as one string. */
static char *id_list(struct report *rep, const mfk_record *r,
                     const unsigned char *set, int want)
{
    size_t i, len = 1, n = mfk_record_member_count(r);
    char *s;
    for (i = 0; i < n; i++)
        len += strlen(mfk_record_member(r, i)) + 2;
    if ((s = malloc(len)) == NULL) {
        rep->nomem = 1;
        return NULL;
    }
    s[0] = '\0';
    for (i = 0; i < n; i++)
        if ((set[i] != 0) == want) {
            if (s[0] != '\0')
                strcat(s, ", ");
            strcat(s, mfk_record_member(r, i));
        }
    return s;
}

static struct line *add_line(struct report *rep, struct line **arr,
                             size_t *n, size_t *cap)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        struct line *p = realloc(*arr, ncap * sizeof *p);
        if (p == NULL) {
            rep->nomem = 1;
            return NULL;
        }
        *arr = p;
        *cap = ncap;
    }
    memset(&(*arr)[*n], 0, sizeof **arr);
    return &(*arr)[(*n)++];
}

static int report_record(const mfk_record *r, void *ud)
{
    struct report *rep = ud;
    const char *t = mfk_record_time(r);
    mfk_outcome o = mfk_record_outcome(r);
    struct prop_state *ps = NULL;
    struct line *l;
    size_t i, v;

    if (rep->year != 0 && atoi(t) > rep->year)
        return 0;
    if (strcmp(t, rep->latest) > 0)
        snprintf(rep->latest, sizeof rep->latest, "%s", t);
    /* Every proposal's latest state, up to the end of the year. */
    for (i = 0; i < rep->nprops; i++)
        if (strcmp(rep->props[i].id, mfk_record_proposal_id(r)) == 0) {
            ps = &rep->props[i];
            break;
        }
    if (ps == NULL) {
        if (rep->nprops == rep->capprops) {
            size_t ncap = rep->capprops ? rep->capprops * 2 : 16;
            struct prop_state *p = realloc(rep->props, ncap * sizeof *p);
            if (p == NULL) {
                rep->nomem = 1;
                return 1;
            }
            rep->props = p;
            rep->capprops = ncap;
        }
        ps = &rep->props[rep->nprops++];
        memset(ps, 0, sizeof *ps);
        ps->id = xstrdup(rep, mfk_record_proposal_id(r));
        ps->title = xstrdup(rep, mfk_record_title(r));
        ps->last = MFK_OUTCOME_NO_OUTCOME;
    }
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
    snprintf(ps->last_time, sizeof ps->last_time, "%s", t);
    if (rep->year != 0 && atoi(t) != rep->year)
        return rep->nomem;
    /* Decisions of the year. */
    rep->records++;
    rep->by_pillar[mfk_record_pillar(r)][o]++;
    rep->by_component[mfk_record_component(r)][o]++;
    if (o == MFK_OUTCOME_ADOPTED_FLEXIBLE &&
        (l = add_line(rep, &rep->flex, &rep->nflex, &rep->capflex))) {
        l->seq = mfk_record_seq(r);
        l->id = xstrdup(rep, mfk_record_proposal_id(r));
        l->title = xstrdup(rep, mfk_record_title(r));
        l->what = id_list(rep, r, mfk_record_participants(r), 1);
        l->members = id_list(rep, r, mfk_record_participants(r), 0);
    }
    for (v = 0; v < mfk_record_violation_count(r); v++) {
        const char *name;
        mfk_mode mode;
        const unsigned char *m;
        mfk_record_violation(r, v, &name, &mode, &m);
        if ((l = add_line(rep, &rep->viol, &rep->nviol, &rep->capviol))) {
            l->seq = mfk_record_seq(r);
            l->id = xstrdup(rep, mfk_record_proposal_id(r));
            l->title = xstrdup(rep, mfk_record_title(r));
            l->what = xstrdup(rep, name);
            l->members = id_list(rep, r, m, 1);
            l->mode = mode;
        }
    }
    return rep->nomem;
}

static void free_lines(struct line *l, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        free(l[i].id);
        free(l[i].title);
        free(l[i].what);
        free(l[i].members);
    }
    free(l);
}

static void free_report(struct report *rep)
{
    size_t i;
    for (i = 0; i < rep->nprops; i++) {
        free(rep->props[i].id);
        free(rep->props[i].title);
    }
    free(rep->props);
    free_lines(rep->flex, rep->nflex);
    free_lines(rep->viol, rep->nviol);
}

/* Whole days from a to b, two record times. */
static long days_between(const char *a, const char *b)
{
    long long x, y;
    if (!parse_time(a, &x) || !parse_time(b, &y) || y < x)
        return 0;
    return (long)((y - x) / 86400);
}

static unsigned adopted(const unsigned *row)
{
    return row[MFK_OUTCOME_ADOPTED] +
           row[MFK_OUTCOME_ADOPTED_WITH_RESERVATIONS] +
           row[MFK_OUTCOME_ADOPTED_FLEXIBLE];
}

static unsigned total(const unsigned *row)
{
    unsigned t = 0;
    int o;
    for (o = 0; o < NOUTCOMES; o++)
        t += row[o];
    return t;
}

static void text_table(FILE *f, const char *title, mfk_names kind,
                       unsigned rows, unsigned (*counts)[NOUTCOMES])
{
    unsigned i;
    fprintf(f, "%-26s %8s %8s %8s %8s %12s\n", title, "total", "adopted",
            "deferred", "other", "inadmissible");
    for (i = 0; i < rows; i++) {
        unsigned t = total(counts[i]), a = adopted(counts[i]);
        unsigned d = counts[i][MFK_OUTCOME_DEFERRED];
        unsigned x = counts[i][MFK_OUTCOME_INADMISSIBLE];
        fprintf(f, "  %-24s %8u %8u %8u %8u %12u\n", mfk_name(kind, (int)i),
                t, a, d, t - a - d - x, x);
    }
    fputc('\n', f);
}

static void report_text(const struct report *rep)
{
    FILE *f = stdout;
    unsigned by_outcome[NOUTCOMES] = {0};
    size_t i, k;
    int o;

    if (rep->year)
        fprintf(f, "Implementation report, %d: %zu decision%s recorded\n\n",
                rep->year, rep->records, rep->records == 1 ? "" : "s");
    else
        fprintf(f, "Implementation report: %zu decision%s recorded\n\n",
                rep->records, rep->records == 1 ? "" : "s");
    text_table(f, "By pillar", MFK_NAMES_PILLAR, NPILLARS,
               (unsigned(*)[NOUTCOMES])rep->by_pillar);
    text_table(f, "By component", MFK_NAMES_COMPONENT, NCOMPONENTS,
               (unsigned(*)[NOUTCOMES])rep->by_component);
    for (i = 0; i < NPILLARS; i++)
        for (o = 0; o < NOUTCOMES; o++)
            by_outcome[o] += rep->by_pillar[i][o];
    fputs("By outcome\n", f);
    for (o = 0; o < NOUTCOMES; o++)
        fprintf(f, "  %-26s %6u\n", mfk_name(MFK_NAMES_OUTCOME, o),
                by_outcome[o]);
    fputs("\nAdopted with flexible participation (ASEAN minus X)\n", f);
    if (rep->nflex == 0)
        fputs("  none\n", f);
    for (i = 0; i < rep->nflex; i++)
        fprintf(f, "  #%llu %s  %s\n    taking part: %s\n    standing aside: "
                   "%s\n",
                rep->flex[i].seq, rep->flex[i].id, rep->flex[i].title,
                rep->flex[i].what ? rep->flex[i].what : "",
                rep->flex[i].members && rep->flex[i].members[0]
                    ? rep->flex[i].members
                    : "nobody");
    fputs("\nStill deferred\n", f);
    for (i = 0, k = 0; i < rep->nprops; i++) {
        const struct prop_state *p = &rep->props[i];
        if (p->last != MFK_OUTCOME_DEFERRED)
            continue;
        k++;
        fprintf(f, "  %s  %s\n    deferred %u time%s since %.10s, %ld day%s "
                   "ago\n",
                p->id, p->title, p->times, p->times == 1 ? "" : "s",
                p->since, days_between(p->since, rep->latest),
                days_between(p->since, rep->latest) == 1 ? "" : "s");
    }
    if (k == 0)
        fputs("  none\n", f);
    fputs("\nViolations of principles reported\n", f);
    if (rep->nviol == 0)
        fputs("  none\n", f);
    for (i = 0; i < rep->nviol; i++)
        fprintf(f, "  #%llu %s  %s %s: %s\n", rep->viol[i].seq,
                rep->viol[i].id, rep->viol[i].what,
                rep->viol[i].mode == MFK_MODE_ENFORCE ? "enforced"
                                                      : "reported",
                rep->viol[i].members && rep->viol[i].members[0]
                    ? rep->viol[i].members
                    : "(no member named)");
}

/* The library's report of the records, for `report --format json`; a
 * failure is the writer's to tell (the report keeps it). */
static int report_add(const mfk_record *r, void *ud)
{
    return mfk_report_add(ud, r) != MFK_OK;
}

static int write_report(const void *ud, char *buf, size_t size, size_t *len)
{
    return mfk_report_write_json(ud, buf, size, len);
}

static int report_json(const struct jopts *o)
{
    mfk_report *rep;
    int rc = mfk_report_new(&rep, o->year, NULL);
    if (rc != MFK_OK) {
        cli_error("report: %s", mfk_strerror(rc));
        return CLI_INPUT;
    }
    rc = each_record(o->file, 0, report_add, rep);
    if (rc == CLI_OK)
        rc = cli_json_print("report", write_report, rep);
    mfk_report_free(rep);
    return rc;
}

static void report_help(void)
{
    printf("Usage: mufakat report J [--year Y] [--format text|json]\n"
           "The implementation report of journal J, as the AMM presents "
           "it to the Summit:\ndecisions by pillar, component and outcome; "
           "who takes part in what was\nadopted with flexible "
           "participation; what remains deferred, since when and\nfor how "
           "long (in days up to the latest record); the violations of "
           "principles\nreported.\n\n"
           "  --year Y            the decisions recorded in year Y only "
           "(what is still\n"
           "                      deferred is as of the end of Y)\n"
           "  --format text|json  text tables (default), or JSON\n"
           "  --help              print this help\n\n"
           "Exit status: 0 when it ran; 1 for a journal that cannot be read, "
           "is torn or\ndamaged; 2 for a wrong command line. See "
           "mufakat(1), mufakat-record(5).\n");
}

int cli_report(int argc, char **argv)
{
    struct jopts o;
    struct report rep;
    int rc = parse_jopts("report", argc, argv, &o, report_help);
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if (o.format == CLI_JSON) {
        rc = report_json(&o);
        if (rc == CLI_OK && fflush(stdout) != 0) {
            cli_error("standard output: cannot write");
            rc = CLI_INPUT;
        }
        return rc;
    }
    memset(&rep, 0, sizeof rep);
    rep.year = o.year;
    rc = each_record(o.file, 0, report_record, &rep);
    if (rep.nomem) {
        cli_error("out of memory");
        rc = CLI_INPUT;
    }
    if (rc == CLI_OK) {
        report_text(&rep);
        if (fflush(stdout) != 0) {
            cli_error("standard output: cannot write");
            rc = CLI_INPUT;
        }
    }
    free_report(&rep);
    return rc;
}
