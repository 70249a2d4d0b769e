/* The journal: `run --journal` appends records; `show` prints them;
 * `report` is the implementation report that the AMM presents to the
 * Summit. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- run --journal J [--time T] [--sign NAME] ------------------------ */

struct cli_journal {
    mfk_journal *j;
    const char *path;
    char time[40];
    /* The last record appended: its seq and hash, for the Summit's steps
     * to link to (seq 0: none, as in a journal of version 1). */
    unsigned long long seq;
    unsigned char sha[32];
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

/* n bytes from the file at path: one line of 2n lowercase (or uppercase)
 * hex digits. 0, or 1 with a message printed. */
static int read_hex_key(const char *path, unsigned char *out, size_t n,
                        const char *what)
{
    char line[300];
    size_t i, len;
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        cli_error("%s: cannot read: %s", path, strerror(errno));
        return 1;
    }
    if (fgets(line, sizeof line, f) == NULL)
        line[0] = '\0';
    fclose(f);
    len = strcspn(line, "\r\n");
    if (len != 2 * n)
        goto bad;
    for (i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(line + 2 * i, "%2x", &v) != 1 ||
            !isxdigit((unsigned char)line[2 * i]) ||
            !isxdigit((unsigned char)line[2 * i + 1]))
            goto bad;
        out[i] = (unsigned char)v;
    }
    return 0;
bad:
    cli_error("%s: not %s: expected one line of %zu hex digits (as "
              "'mufakat keygen' writes it)",
              path, what, 2 * n);
    return 1;
}

int cli_journal_open(cli_journal **out, const char *path, const char *when,
                     const char *sign)
{
    cli_journal *j;
    mfk_error err;
    unsigned char key[64];
    *out = NULL;
    if ((j = calloc(1, sizeof *j)) == NULL) {
        cli_error("out of memory");
        return CLI_INPUT;
    }
    if (when != NULL &&
        mfk_time_to_utc(when, j->time, sizeof j->time) != MFK_OK) {
        free(j);
        return cli_usage_error("run",
                               "--time: \"%s\" is not a time in RFC 3339: "
                               "expected a date-time that exists, e.g. "
                               "2026-07-10T09:00:00Z or "
                               "2026-07-10T16:00:00+07:00",
                               when);
    }
    if (when == NULL) {
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(j->time, sizeof j->time, "%Y-%m-%dT%H:%M:%SZ", &tm);
    }
    if (sign != NULL && read_hex_key(sign, key, sizeof key, "a secret key")) {
        free(j);
        return CLI_INPUT;
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
    if (sign != NULL) {
        mfk_journal_set_key(j->j, key);
        memset(key, 0, sizeof key);
    }
    *out = j;
    return CLI_OK;
}

int cli_journal_append(cli_journal *j, const mfk_consultation *c,
                       const mfk_scenario *s, size_t proposal)
{
    mfk_record *r;
    mfk_error err;
    unsigned k;
    size_t i;
    int rc = mfk_record_new(&r, c, j->time, NULL);
    if (rc != MFK_OK) {
        cli_error("%s: %s", j->path, mfk_strerror(rc));
        return CLI_INPUT;
    }
    /* The scenario's reasons, round by round. */
    for (k = 1; s != NULL && rc == MFK_OK && k <= mfk_record_rounds(r); k++)
        for (i = 0; rc == MFK_OK && i < mfk_record_member_count(r); i++) {
            const char *why = mfk_scenario_reason(s, proposal, k, i);
            if (why != NULL)
                rc = mfk_record_set_reason(r, k, i, why);
        }
    if (rc != MFK_OK) {
        cli_error("%s: %s", j->path, mfk_strerror(rc));
        mfk_record_free(r);
        return CLI_INPUT;
    }
    rc = mfk_journal_append(j->j, r, &err);
    j->seq = mfk_record_seq(r);
    mfk_record_free(r);
    if (rc != MFK_OK) {
        journal_error(j->path, &err);
        return CLI_INPUT;
    }
    if (mfk_journal_last_sha256(j->j, j->sha) != MFK_OK)
        j->seq = 0;
    return CLI_OK;
}

/* Appends the record of step c at the Summit, of the meeting of `year`
 * (0: none said), linked to the record last appended by
 * cli_journal_append() or cli_journal_append_series() (the referring
 * body's), where the journal can hold the link. */
int cli_journal_append_step(cli_journal *j, const mfk_consultation *c,
                            int year)
{
    mfk_record *r;
    mfk_error err;
    int rc = mfk_record_new(&r, c, j->time, NULL);
    if (rc == MFK_OK && year != 0)
        rc = mfk_record_set_year(r, year);
    if (rc == MFK_OK && j->seq != 0)
        rc = mfk_record_set_continues(r, j->seq, j->sha);
    if (rc == MFK_OK && (rc = mfk_journal_append(j->j, r, &err)) != MFK_OK) {
        mfk_record_free(r);
        journal_error(j->path, &err);
        return CLI_INPUT;
    }
    mfk_record_free(r);
    if (rc != MFK_OK) {
        cli_error("%s: %s", j->path, mfk_strerror(rc));
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

int cli_journal_append_series(cli_journal *j, mfk_series *q,
                              const mfk_consultation *c)
{
    mfk_record *r;
    mfk_error err;
    int rc = mfk_series_record(q, c, j->time, &r);
    if (rc != MFK_OK) {
        cli_error("%s: %s", j->path, mfk_strerror(rc));
        return CLI_INPUT;
    }
    rc = mfk_series_append(q, j->j, r, &err);
    j->seq = mfk_record_seq(r);
    mfk_record_free(r);
    if (rc != MFK_OK) {
        journal_error(j->path, &err);
        return CLI_INPUT;
    }
    if (mfk_journal_last_sha256(j->j, j->sha) != MFK_OK)
        j->seq = 0;
    return CLI_OK;
}

int cli_series_take_up(mfk_series *q, const char *path, size_t *count)
{
    mfk_error err;
    if (mfk_series_take_up(q, path, count, NULL, &err) != MFK_OK) {
        journal_error(path, &err);
        return CLI_INPUT;
    }
    return CLI_OK;
}

/* ---- reading ---------------------------------------------------------- */

typedef int (*record_fn)(const mfk_record *r, void *ud);

/* A fault of record N at byte B, as show, report and verify say it. */
static void fault_line(const char *path, mfk_journal_reader *jr,
                       const mfk_error *err)
{
    cli_error("%s: record %llu (byte %lld): %s", path,
              mfk_journal_reader_fault(jr), err->offset,
              err->message[0] ? err->message : mfk_strerror(err->code));
}

/* Whether the last each_record() read to the end, whatever the faults
 * it reported: what it read can still be printed. */
static int read_through;

/* Calls fn on every whole record; each fault is reported, and reading
 * goes on after it; at a torn tail, with repair, the tail is moved
 * aside. Returns a CLI status: CLI_INPUT while damage is present. */
static int each_record(const char *path, int repair, record_fn fn, void *ud)
{
    mfk_journal_reader *jr;
    const mfk_record *r;
    mfk_error err;
    int rc, status = CLI_OK, torn = 0, inside = 0;

    read_through = 0;
    if (mfk_journal_reader_new(&jr, path, NULL, &err) != MFK_OK) {
        journal_error(path, &err);
        if (err.code == MFK_ETORN && repair)
            torn = 1;
        else
            return CLI_INPUT;
    }
    while (!torn && (rc = mfk_journal_reader_next(jr, &r, &err)) != MFK_DONE) {
        if (rc == MFK_OK) {
            if (fn(r, ud) != 0) {
                status = CLI_INPUT;
                break;
            }
            continue;
        }
        fflush(stdout);
        if (rc == MFK_ENOMEM || rc == MFK_EIO) {
            journal_error(path, &err);
            status = CLI_INPUT;
            break;
        }
        if (rc == MFK_ETORN) {
            journal_error(path, &err); /* 0.1's words: byte N: torn */
            torn = 1;
        } else {
            fault_line(path, jr, &err);
            inside++;
        }
        status = CLI_INPUT;
        if (r != NULL && fn(r, ud) != 0) /* whole, its link at fault */
            break;
    }
    read_through = rc == MFK_DONE || torn;
    if (mfk_journal_reader_events(jr) > 0)
        fprintf(stderr, "%s: %llu event records passed over\n", path,
                mfk_journal_reader_events(jr));
    mfk_journal_reader_free(jr);
    if (torn && repair) {
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
            if (inside == 0)
                status = CLI_OK;
        }
    } else if (torn) {
        fprintf(stderr, "Run '%s show %s --repair' to move the torn record "
                        "aside.\n",
                cli_progname, path);
    }
    if (inside > 0 && repair)
        cli_error("%s: damage inside the journal is not repaired: the "
                  "records around it are kept",
                  path);
    return status;
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
            cli_printf_safe(f, "%s%s", k++ ? ", " : "", mfk_record_member(r, i));
    if (k == 0)
        fputs(none, f);
}

/* What `show` remembers of the records before: those that referred a
 * proposal to the Summit (seq and proposal id), so that the Summit's
 * steps, which continue them, are told as such. */
struct show_text_state {
    struct referred {
        unsigned long long seq;
        char *id;
    } *ref;
    size_t n, cap;
};

/* The proposal id of referred record seq; NULL when none was read. */
static const char *referred_id(const struct show_text_state *st,
                               unsigned long long seq)
{
    size_t k;
    for (k = 0; k < st->n; k++)
        if (st->ref[k].seq == seq)
            return st->ref[k].id;
    return NULL;
}

/* Remembers r when it referred its proposal to the Summit; 1 when out of
 * memory. */
static int remember_referred(struct show_text_state *st, const mfk_record *r)
{
    char *id;
    if (mfk_record_outcome(r) != MFK_OUTCOME_REFERRED_TO_SUMMIT)
        return 0;
    if (st->n == st->cap) {
        size_t ncap = st->cap ? 2 * st->cap : 8;
        void *p = realloc(st->ref, ncap * sizeof *st->ref);
        if (p == NULL)
            return 1;
        st->ref = p;
        st->cap = ncap;
    }
    if ((id = strdup(mfk_record_proposal_id(r))) == NULL)
        return 1;
    st->ref[st->n].seq = mfk_record_seq(r);
    st->ref[st->n++].id = id;
    return 0;
}

/* A proposal taken up again, or a step at the Summit: its meeting and
 * the record it continues; nothing for other records. */
static void show_meeting(FILE *f, const mfk_record *r,
                         const struct show_text_state *st)
{
    unsigned long long seq;
    int linked = mfk_record_continues(r, &seq, NULL) == MFK_OK;
    const char *from = linked ? referred_id(st, seq) : NULL;
    if (mfk_record_year(r) == 0 && !linked)
        return;
    fputs("  ", f);
    if (mfk_record_year(r) != 0)
        fprintf(f, "meeting of %d%s", mfk_record_year(r), linked ? "; " : "");
    if (from != NULL && strcmp(from, mfk_record_proposal_id(r)) != 0)
        fprintf(f, "continues #%llu: the Summit on how it is to be decided",
                seq);
    else if (from != NULL)
        fprintf(f, "continues #%llu: decided under the rule the Summit "
                   "chose", seq);
    else if (linked)
        fprintf(f, "continues #%llu, its rounds numbered on", seq);
    fputc('\n', f);
}


/* A circulated round's deadline and its stances' times (the silence
 * procedure). */
static void show_circulated(FILE *f, const mfk_record *r, unsigned k,
                            const unsigned char *st)
{
    unsigned circ;
    const char *dl = mfk_record_deadline(r, &circ), *at;
    size_t i;

    if (dl == NULL || circ != k)
        return;
    cli_printf_safe(f, "    circulated until %s\n", dl);
    for (i = 0; i < mfk_record_member_count(r); i++)
        if ((at = mfk_record_stance_time(r, k, i)) != NULL)
            cli_printf_safe(f, "    %s %s at %s\n", mfk_record_member(r, i),
                            mfk_name(MFK_NAMES_STANCE, st[i]), at);
}
static int show_text(const mfk_record *r, void *ud)
{
    FILE *f = stdout;
    size_t i, v, n = mfk_record_member_count(r);
    unsigned k;
    const unsigned char *part = mfk_record_participants(r);
    mfk_outcome o = mfk_record_outcome(r);
    struct show_text_state *state = ud;

    cli_printf_safe(f, "#%llu  %s  %s  %s\n", mfk_record_seq(r), mfk_record_time(r),
            mfk_record_proposal_id(r), mfk_record_title(r));
    cli_printf_safe(f, "  %s", mfk_record_body(r));
    if (mfk_record_chair(r) != NULL)
        cli_printf_safe(f, ", chaired by %s", mfk_record_chair(r));
    cli_printf_safe(f, "; %s pillar, %s; rule: %s\n",
            mfk_name(MFK_NAMES_PILLAR, (int)mfk_record_pillar(r)),
            mfk_name(MFK_NAMES_COMPONENT, (int)mfk_record_component(r)),
            mfk_name(MFK_NAMES_RULE, (int)mfk_record_rule(r)));
    show_meeting(f, r, state);
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
        cli_printf_safe(f, "  principle %s %s: ", name,
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
        cli_printf_safe(f, "  round %u (version %zu",
                        mfk_record_first_round(r) - 1 + k, version);
        if (pos != NULL) {
            char num[32];
            unsigned d;
            fputs(", position ", f);
            for (d = 0; d < mfk_record_dims(r); d++)
                cli_printf_safe(f, "%s%s", d ? "," : "", mfk_number_json(pos[d], num));
        }
        cli_printf_safe(f, "): %s", mfk_name(MFK_NAMES_VERDICT, (int)verdict));
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
                cli_printf_safe(f, "    text: \"%s\"\n", text);
        }
        fputs("   ", f);
        for (i = 0; i < n; i++)
            cli_printf_safe(f, " %s %s%s", mfk_record_member(r, i),
                    mfk_name(MFK_NAMES_STANCE, st[i]), i + 1 < n ? "," : "");
        fputc('\n', f);
        for (i = 0; i < n; i++) {
            const char *why = mfk_record_reason(r, k, i);
            if (why != NULL)
                cli_printf_safe(f, "    %s (%s): \"%s\"\n", mfk_record_member(r, i),
                        mfk_name(MFK_NAMES_STANCE, st[i]), why);
        }
        show_circulated(f, r, k, st);
    }
    cli_printf_safe(f, "  outcome: %s", mfk_name(MFK_NAMES_OUTCOME, (int)o));
    if (o <= MFK_OUTCOME_ADOPTED_FLEXIBLE) {
        fputs(" (taking part: ", f);
        text_ids(f, r, part, 1, "nobody");
        fputc(')', f);
    }
    fputs("\n\n", f);
    if (remember_referred(state, r) != 0) {
        cli_error("out of memory");
        return 1;
    }
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
        struct show_text_state state = {NULL, 0, 0};
        size_t k;
        rc = each_record(o.file, o.repair, show_text, &state);
        for (k = 0; k < state.n; k++)
            free(state.ref[k].id);
        free(state.ref);
    }
    if (fflush(stdout) != 0) {
        cli_error("standard output: cannot write");
        return CLI_INPUT;
    }
    return rc;
}

/* ---- report ----------------------------------------------------------- */

/* The library's report of the records (mfk_report_new(3)), in JSON or as
 * text; a failure is the writer's to tell (the report keeps it). */
static int report_add(const mfk_record *r, void *ud)
{
    return mfk_report_add(ud, r) != MFK_OK;
}

static int write_report(const void *ud, char *buf, size_t size, size_t *len)
{
    return mfk_report_write_json(ud, buf, size, len);
}

static int write_report_text(const void *ud, char *buf, size_t size,
                             size_t *len)
{
    return mfk_report_write_text(ud, buf, size, len);
}

static int report_print(const struct jopts *o)
{
    mfk_report *rep;
    int rc = mfk_report_new(&rep, o->year, NULL);
    if (rc != MFK_OK) {
        cli_error("report: %s", mfk_strerror(rc));
        return CLI_INPUT;
    }
    rc = each_record(o->file, 0, report_add, rep);
    if (read_through) { /* damage is reported: the rest still counts */
        int r = cli_json_print("report", o->format == CLI_JSON
                                             ? write_report
                                             : write_report_text,
                               rep);
        if (r != CLI_OK)
            rc = r;
    }
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
    int rc = parse_jopts("report", argc, argv, &o, report_help);
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    rc = report_print(&o);
    if (read_through && fflush(stdout) != 0) {
        cli_error("standard output: cannot write");
        rc = CLI_INPUT;
    }
    return rc;
}

/* ---- verify ----------------------------------------------------------- */

static void verify_help(void)
{
    printf("Usage: mufakat verify J [--key PUBFILE] [--format text|json]\n"
           "Checks every record of journal J: that it is whole, that its "
           "checksum holds,\nand that it links to the item before it (a "
           "journal of version 2); with\n--key, that it is signed by that "
           "key. Each fault is reported as\n\"mufakat: J: record N (byte "
           "B): ...\"; the last line is \"N records, last\nsha256 HEX\", to "
           "hold against a value published elsewhere.\n\n"
           "  --key PUBFILE       the public key ('mufakat keygen' writes "
           "NAME.pub)\n"
           "  --format text|json  text (default), or JSON: {\"version\", "
           "\"records\",\n"
           "                      \"last_sha256\", \"faults\": [{\"record\", "
           "\"byte\", \"message\"}]}\n"
           "  --help              print this help\n\n"
           "Exit status: 0 when every record is whole, linked (and signed); "
           "1 for any\nfault or a file that cannot be read; 2 for a wrong "
           "command line. See\nmufakat(1), mufakat-record(5).\n");
}

/* A JSON string of text that the library made (UTF-8 already). */
static void json_text(const char *s)
{
    putchar('"');
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

int cli_verify(int argc, char **argv)
{
    const char *file = NULL, *keyfile = NULL, *v;
    enum cli_format format = CLI_TEXT;
    unsigned char key[32], last[32];
    mfk_journal_reader *jr;
    const mfk_record *r;
    mfk_error err;
    unsigned long long faults = 0;
    int i, rc, version, has_last;

    for (i = 1; i < argc; i++) {
        int x;
        if (cli_is_help(argv[i])) {
            verify_help();
            return CLI_OK;
        }
        if ((x = cli_format_option(argc, argv, &i, &format)) != 0) {
            if (x < 0)
                return cli_usage_error("verify", "bad --format");
            continue;
        }
        if ((x = cli_option_value(argc, argv, &i, "key", &v)) != 0) {
            if (x < 0)
                return cli_usage_error("verify", "--key needs a file");
            keyfile = v;
            continue;
        }
        if (strcmp(argv[i], "--") == 0 && i + 1 < argc && file == NULL) {
            file = argv[++i];
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("verify", "unknown option \"%s\"",
                                   argv[i]);
        if (file != NULL)
            return cli_usage_error("verify", "unexpected argument \"%s\"",
                                   argv[i]);
        file = argv[i];
    }
    if (file == NULL)
        return cli_usage_error("verify", "no journal given");
    if (keyfile != NULL && read_hex_key(keyfile, key, sizeof key,
                                        "a public key"))
        return CLI_INPUT;
    if (mfk_journal_reader_new(&jr, file, NULL, &err) != MFK_OK) {
        journal_error(file, &err);
        return CLI_INPUT;
    }
    version = mfk_journal_reader_version(jr);
    if (keyfile != NULL) {
        if (version == 1) {
            cli_error("%s: a journal of version 1 holds no signatures",
                      file);
            mfk_journal_reader_free(jr);
            return CLI_INPUT;
        }
        mfk_journal_reader_set_key(jr, key);
    }
    if (format == CLI_JSON)
        printf("{\"version\": %d, \"faults\": [", version);
    while ((rc = mfk_journal_reader_next(jr, &r, &err)) != MFK_DONE) {
        if (rc == MFK_OK)
            continue;
        if (rc == MFK_EIO || rc == MFK_ENOMEM) {
            journal_error(file, &err);
            mfk_journal_reader_free(jr);
            if (format == CLI_JSON)
                printf("]}\n");
            return CLI_INPUT;
        }
        if (format == CLI_JSON) {
            printf("%s{\"record\": %llu, \"byte\": %lld, \"message\": ",
                   faults ? ", " : "", mfk_journal_reader_fault(jr),
                   err.offset);
            json_text(err.message);
            putchar('}');
        }
        fflush(stdout);
        fault_line(file, jr, &err);
        faults++;
    }
    has_last = mfk_journal_reader_last_sha256(jr, last) == MFK_OK;
    if (format == CLI_JSON) {
        printf("], \"records\": %llu, \"last_sha256\": ",
               mfk_journal_reader_records(jr));
        if (has_last) {
            putchar('"');
            for (i = 0; i < 32; i++)
                printf("%02x", last[i]);
            putchar('"');
        } else {
            fputs("null", stdout);
        }
        puts("}");
    } else if (has_last) {
        printf("%llu records, last sha256 ", mfk_journal_reader_records(jr));
        for (i = 0; i < 32; i++)
            printf("%02x", last[i]);
        putchar('\n');
    } else {
        printf("%llu records; a journal of version 1 has no chain: its "
               "records were read as 0.1 read them\n",
               mfk_journal_reader_records(jr));
    }
    mfk_journal_reader_free(jr);
    if (fflush(stdout) != 0) {
        cli_error("standard output: cannot write");
        return CLI_INPUT;
    }
    return faults ? CLI_INPUT : CLI_OK;
}

/* ---- keygen ----------------------------------------------------------- */

static void keygen_help(void)
{
    printf("Usage: mufakat keygen NAME\n"
           "Makes an Ed25519 key pair for signing records: NAME, the secret "
           "key (64 bytes,\nmode 0600), and NAME.pub, the public key (32 "
           "bytes), each one line of\nlowercase hex. Neither file may exist "
           "yet.\n\n"
           "  --help              print this help\n\n"
           "Exit status: 0 when both were written; 1 when a file exists or "
           "cannot be\nwritten; 2 for a wrong command line. See mufakat(1)."
           "\n");
}

/* Writes bytes as one line of hex into a new file (mode); 0 or 1. */
static int write_hex_file(const char *path, const unsigned char *b,
                          size_t n, mode_t mode)
{
    char line[300];
    size_t i;
    int fd, ok;
    for (i = 0; i < n; i++)
        snprintf(line + 2 * i, 3, "%02x", b[i]);
    line[2 * n] = '\n';
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) {
        cli_error("%s: cannot write: %s", path, strerror(errno));
        return 1;
    }
    ok = write(fd, line, 2 * n + 1) == (ssize_t)(2 * n + 1) &&
         fsync(fd) == 0;
    if (close(fd) != 0)
        ok = 0;
    memset(line, 0, sizeof line);
    if (!ok) {
        cli_error("%s: cannot write: %s", path, strerror(errno));
        unlink(path);
        return 1;
    }
    return 0;
}

int cli_keygen(int argc, char **argv)
{
    unsigned char pub[32], sec[64];
    const char *name = NULL;
    char *pubname;
    struct stat st;
    int i, rc = CLI_OK;
    for (i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            keygen_help();
            return CLI_OK;
        }
        if (strcmp(argv[i], "--") == 0 && i + 1 < argc && name == NULL) {
            name = argv[++i];
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("keygen", "unknown option \"%s\"",
                                   argv[i]);
        if (name != NULL)
            return cli_usage_error("keygen", "unexpected argument \"%s\"",
                                   argv[i]);
        name = argv[i];
    }
    if (name == NULL)
        return cli_usage_error("keygen", "no NAME given");
    if ((pubname = malloc(strlen(name) + 5)) == NULL) {
        cli_error("out of memory");
        return CLI_INPUT;
    }
    strcpy(pubname, name);
    strcat(pubname, ".pub");
    if (lstat(name, &st) == 0 || lstat(pubname, &st) == 0) {
        cli_error("%s: already exists: keygen never overwrites a key",
                  lstat(name, &st) == 0 ? name : pubname);
        free(pubname);
        return CLI_INPUT;
    }
    if (mfk_sign_keypair(pub, sec) != MFK_OK) {
        cli_error("%s: cannot make a key pair", name);
        rc = CLI_INPUT;
    } else if (write_hex_file(name, sec, sizeof sec, 0600) != 0) {
        rc = CLI_INPUT;
    } else if (write_hex_file(pubname, pub, sizeof pub, 0644) != 0) {
        unlink(name);
        rc = CLI_INPUT;
    }
    memset(sec, 0, sizeof sec);
    free(pubname);
    return rc;
}
