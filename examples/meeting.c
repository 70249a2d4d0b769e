/* mufakat-meeting: a consultation held at a prompt, on the public API
 * of libmufakat alone. It loads a scenario's body and one of its
 * proposals, asks for each member's stance round by round, announces
 * each verdict and why, lets the Chair amend the text between rounds,
 * and appends the record to a journal. See mufakat(1). */
#include <mufakat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define USAGE                                                               \
    "Usage: mufakat-meeting SCENARIO PROPOSAL [--journal J] [--time T]\n" \
    "                       [--circulate DEADLINE]\n"

static int echo; /* answers come from a file: show them */
static const char *deadline; /* --circulate: round 1 runs until then */

static void print_stances(const char *lead, size_t wrap);

static void help(void)
{
    printf(USAGE
           "Holds a meeting of the body of scenario SCENARIO on its "
           "proposal PROPOSAL\n(an id): asks for each member's stance, "
           "round by round, says the verdict\nand why, and lets the Chair "
           "amend the text between rounds. The scenario must be\nvalid "
           "(see mufakat-scenario(5)), but its scripted rounds are not "
           "used:\nthe meeting gives the stances.\n\n");
    print_stances("Stances:", 72);
    printf("At the Chair's prompt: a new text, \"position X[,Y...]\" to "
           "move the\nposition, an empty line to keep the text, or \"end\" "
           "to close the\nconsultation. End of input closes it too; its "
           "fallback then applies.\n\n"
           "  --journal J  append the record to journal J (created if "
           "missing)\n"
           "  --time T     the RFC 3339 time of the record (default: "
           "now)\n"
           "  --circulate DEADLINE\n"
           "               the silence procedure (the silence rule only): "
           "round 1 is\n"
           "               circulated until DEADLINE (RFC 3339); each "
           "stance but silent\n"
           "               comes with its time, e.g. \"o "
           "2026-07-01T11:30:00+07:00\",\n"
           "               and the round closes at the deadline\n\n"
           "Exit status: 0 when the meeting was held, 1 for invalid input "
           "or a journal\nthat cannot be written, 2 for a wrong command "
           "line.\n");
}

/* Reads a line without its newline; 0 at the end of input. */
static int ask(const char *prompt, char *buf, size_t size)
{
    size_t len;
    fputs(prompt, stdout);
    fflush(stdout);
    if (fgets(buf, (int)size, stdin) == NULL) {
        if (echo)
            fputc('\n', stdout);
        return 0;
    }
    len = strcspn(buf, "\r\n");
    buf[len] = '\0';
    if (echo)
        printf("%s\n", buf);
    return 1;
}

/* A stance from a name or its letter; -1 when it is neither. The
 * letters are the library's table of stances (this tool is built in
 * mufakat's tree; a copy elsewhere would list them here). */
/* Each stance's letter at the prompt (0: none), from the stances' table. */
static const char letters[MFK_STANCE_COUNT] = {
#define MFK__STANCE(e, name, letter, ...) [MFK_##e] = letter,
#include "model/stances.def"
#undef MFK__STANCE
};

/* "support (s), join (j), ..., silent (an empty line)", wrapped after
 * `wrap` columns, the stances in their order, from their names. */
static void print_stances(const char *lead, size_t wrap)
{
    size_t col = strlen(lead);
    int v;

    fputs(lead, stdout);
    for (v = 0; v < MFK_STANCE_COUNT; v++) {
        char item[64];
        const char *name = mfk_name(MFK_NAMES_STANCE, v);
        if (letters[v] != 0)
            snprintf(item, sizeof item, "%s (%c)%s", name, letters[v],
                     v + 1 < MFK_STANCE_COUNT ? "," : ".");
        else
            snprintf(item, sizeof item, "%s (an empty line)%s", name,
                     v + 1 < MFK_STANCE_COUNT ? "," : ".");
        if (col + 1 + strlen(item) > wrap) {
            fputs("\n", stdout);
            col = 0;
        } else {
            fputc(' ', stdout);
            col++;
        }
        fputs(item, stdout);
        col += strlen(item);
    }
    fputc('\n', stdout);
}

static int parse_stance(const char *s)
{
    int v;
    if (s[0] == '\0')
        return MFK_SILENT;
    for (v = 0; s[1] == '\0' && v < MFK_STANCE_COUNT; v++)
        if (letters[v] != 0 && letters[v] == s[0])
            return v;
    if (mfk_lookup(MFK_NAMES_STANCE, s, &v) == MFK_OK)
        return v;
    return -1;
}

/* Prints the members whose flags have a bit of mask, with their
 * stances: "Cambodia (object), Lao PDR (not-ready)". */
static size_t list(const mfk_body *b, const unsigned char *st,
                   const unsigned char *fl, unsigned mask, int stance)
{
    size_t i, k = 0;
    for (i = 0; i < mfk_body_member_count(b); i++)
        if ((mask == 0 || (fl[i] & mask)) && (stance < 0 || st[i] == stance))
            printf("%s%s (%s)", k++ ? ", " : "", mfk_body_member_name(b, i),
                   mfk_name(MFK_NAMES_STANCE, st[i]));
    return k;
}

static void announce(const mfk_consultation *c, unsigned r)
{
    const mfk_body *b = mfk_consultation_body(c);
    const unsigned char *st, *fl;
    size_t i, n = mfk_body_member_count(b), favour = 0;
    mfk_verdict v;

    mfk_consultation_round(c, r, &st, &fl, &v, NULL);
    for (i = 0; i < n; i++)
        favour += (fl[i] & MFK_FLAG_FAVOUR) != 0;
    printf("Round %u: %s", r, mfk_name(MFK_NAMES_VERDICT, (int)v));
    if (v == MFK_VERDICT_BLOCKED) {
        fputs(" by ", stdout);
        list(b, st, fl, MFK_FLAG_BLOCKER, -1);
        puts(".");
        return;
    }
    printf(". %zu of %zu members in favour", favour, n);
    if (v == MFK_VERDICT_SHORT) {
        puts(": not enough under the rule.");
        return;
    }
    fputs(v == MFK_VERDICT_ADOPTED ? "; nobody stands in the way" : "",
          stdout);
    for (i = 0; i < n && !(fl[i] & MFK_FLAG_DISCOUNTED); i++)
        ;
    if (i < n) {
        fputs("; not counted, as parties: ", stdout);
        list(b, st, fl, MFK_FLAG_DISCOUNTED, -1);
    }
    for (i = 0; i < n && st[i] != MFK_RESERVATION; i++)
        ;
    if (i < n) {
        fputs("; reservations on record: ", stdout);
        list(b, st, fl, 0, MFK_RESERVATION);
    }
    puts(".");
}

static void outcome(const mfk_consultation *c)
{
    const mfk_body *b = mfk_consultation_body(c);
    size_t i, n = mfk_body_member_count(b), k = 0;
    mfk_outcome o;

    mfk_consultation_outcome(c, &o);
    printf("Outcome: %s.", mfk_name(MFK_NAMES_OUTCOME, (int)o));
    if (o <= MFK_OUTCOME_ADOPTED_FLEXIBLE) {
        for (i = 0; i < n; i++)
            k += mfk_consultation_participant(c, i) != 0;
        if (k == n)
            fputs(" Every member is bound.", stdout);
        else {
            fputs(" Bound:", stdout);
            for (i = 0; i < n; i++)
                if (mfk_consultation_participant(c, i))
                    printf(" %s", mfk_body_member_id(b, i));
            fputs("; not bound:", stdout);
            for (i = 0; i < n; i++)
                if (!mfk_consultation_participant(c, i))
                    printf(" %s", mfk_body_member_id(b, i));
            fputc('.', stdout);
        }
    }
    fputc('\n', stdout);
}

/* "0.5" or "0.5, 0.2": dims finite numbers. */
static int parse_position(const char *s, double *pos, unsigned dims)
{
    unsigned k;
    char *end;
    for (k = 0; k < dims; k++) {
        pos[k] = strtod(s, &end);
        if (end == s || pos[k] != pos[k] || pos[k] - pos[k] != 0)
            return 0;
        s = end + strspn(end, " ");
        if (k + 1 < dims && *s++ != ',')
            return 0;
    }
    return *s == '\0';
}

/* The reasons given for objections and reservations, for the record. */
struct reason {
    unsigned round;
    size_t member;
    char *text;
};
static struct reason *reasons;
static size_t nreasons;

/* Asks member i for a reason for its stance in round r and keeps it;
 * 0 at the end of input. */
static int ask_reason(unsigned r, size_t i)
{
    char line[1024];
    struct reason *more;
    if (!ask("    reason (empty: none)? ", line, sizeof line))
        return 0;
    if (line[0] == '\0')
        return 1;
    more = realloc(reasons, (nreasons + 1) * sizeof *reasons);
    if (more == NULL || (more[nreasons].text = strdup(line)) == NULL) {
        if (more != NULL)
            reasons = more;
        fputs("mufakat-meeting: out of memory: the reason is not kept\n",
              stderr);
        return 1;
    }
    reasons = more;
    reasons[nreasons].round = r;
    reasons[nreasons].member = i;
    nreasons++;
    return 1;
}

/* Holds the rounds; returns 0, or -1 after a library error (printed). */
/* In a circulated round, member i's stance s at time at (NULL: none
 * given): s when taken, -1 to ask again, -2 on an error. Silence needs
 * no time: it is what a member that says nothing keeps. */
static int give_at(mfk_consultation *c, size_t i, int s, const char *at)
{
    int rc;
    if (s == MFK_SILENT)
        return s;
    if (at == NULL) {
        puts("  expected the stance's time after it, e.g. \"o "
             "2026-07-01T11:30:00+07:00\"");
        return -1;
    }
    rc = mfk_consultation_set_stance_at(c, i, (mfk_stance)s, at);
    if (rc == MFK_EINVAL) {
        printf("  \"%s\" is not an RFC 3339 time\n", at);
        return -1;
    }
    if (rc == MFK_ESTATE) {
        printf("  %s is after the deadline (%s): refused\n", at,
               mfk_consultation_deadline(c, NULL));
        return -1;
    }
    if (rc != MFK_OK) {
        fprintf(stderr, "mufakat-meeting: %s\n", mfk_strerror(rc));
        return -2;
    }
    return s;
}

static int hold(mfk_consultation *c)
{
    const mfk_body *b = mfk_consultation_body(c);
    const mfk_proposal *p = mfk_consultation_proposal(c);
    size_t i, n = mfk_body_member_count(b), chair;
    char line[1024], prompt[300];
    int more = 1, rc;

    while (more && !mfk_consultation_done(c)) {
        unsigned r = mfk_consultation_rounds(c) + 1;
        mfk_verdict v;
        printf("\nRound %u on: \"%s\"", r,
               mfk_proposal_text(p) ? mfk_proposal_text(p)
                                    : mfk_proposal_title(p));
        if (mfk_proposal_position(p) != NULL) {
            unsigned k;
            fputs(", at position", stdout);
            for (k = 0; k < mfk_body_dims(b); k++)
                printf("%s %g", k ? "," : "", mfk_proposal_position(p)[k]);
        }
        fputc('\n', stdout);
        for (i = 0; more && i < n; i++) {
            int s = -1;
            snprintf(prompt, sizeof prompt, "  %s (%s)? ",
                     mfk_body_member_name(b, i), mfk_body_member_id(b, i));
            while (s < 0 && (more = ask(prompt, line, sizeof line)) != 0) {
                char *at = deadline != NULL && r == 1 ? strchr(line, ' ')
                                                      : NULL;
                if (at != NULL)
                    *at++ = '\0';
                if ((s = parse_stance(line)) < 0)
                    print_stances("  expected one of:", 72);
                else if (deadline != NULL && r == 1 &&
                         (s = give_at(c, i, s, at)) == -2)
                    return -1;
            }
            if (more && !(deadline != NULL && r == 1) &&
                (rc = mfk_consultation_set_stance(c, i, (mfk_stance)s)) !=
                    MFK_OK) {
                fprintf(stderr, "mufakat-meeting: %s\n", mfk_strerror(rc));
                return -1;
            }
            if (more && (s == MFK_OBJECT || s == MFK_RESERVATION))
                more = ask_reason(r, i);
        }
        if (!more) {
            puts("(end of input: the consultation is closed)");
            break;
        }
        if (deadline != NULL && r == 1) {
            printf("At the deadline, %s, the round closes.\n",
                   mfk_consultation_deadline(c, NULL));
            rc = mfk_consultation_close_at(c, deadline, &v);
        } else
            rc = mfk_consultation_close_round(c, &v);
        if (rc != MFK_OK) {
            fprintf(stderr, "mufakat-meeting: %s\n", mfk_strerror(rc));
            return -1;
        }
        announce(c, r);
        if (mfk_consultation_done(c))
            break;
        if (mfk_body_chair(b, &chair) == MFK_OK)
            snprintf(prompt, sizeof prompt,
                     "The Chair (%s) may amend the text (empty: keep it; "
                     "\"end\": close): ",
                     mfk_body_member_name(b, chair));
        else
            snprintf(prompt, sizeof prompt, "Amend the text (empty: keep "
                                            "it; \"end\": close): ");
        if (!(more = ask(prompt, line, sizeof line)) ||
            strcmp(line, "end") == 0) {
            more = 0;
            break;
        }
        if (strncmp(line, "position ", 9) == 0) {
            double pos[MFK_MAX_DIMS];
            if (!parse_position(line + 9, pos, mfk_body_dims(b))) {
                printf("  expected %u number%s, e.g. \"position 0.5\"; the "
                       "text is kept\n",
                       mfk_body_dims(b), mfk_body_dims(b) == 1 ? "" : "s");
                continue;
            }
            rc = mfk_consultation_amend(c, pos, NULL);
        } else
            rc = line[0] != '\0' ? mfk_consultation_amend(c, NULL, line)
                                 : MFK_OK;
        if (rc != MFK_OK) {
            fprintf(stderr, "mufakat-meeting: %s\n", mfk_strerror(rc));
            return -1;
        }
    }
    if (!mfk_consultation_done(c))
        mfk_consultation_end(c);
    return 0;
}

/* The journal API (mufakat-record(5)) came with the records section of
 * mufakat.h; without it, --journal is not available. */
#if defined(MFK_RECORD_MAX_BYTES)
/* Appends the record of c to journal path; 0, or 1 (message printed). */
static int journal(const mfk_consultation *c, const char *path,
                   const char *when)
{
    mfk_record *rec = NULL;
    mfk_journal *j = NULL;
    mfk_error err;
    char now[32];
    size_t k;
    int rc;

    if (when == NULL) {
        time_t t = time(NULL);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
        when = now;
    }
    if ((rc = mfk_record_new(&rec, c, when, NULL)) != MFK_OK) {
        fprintf(stderr, "mufakat-meeting: --time %s: %s\n", when,
                mfk_strerror(rc));
        return rc == MFK_EINVAL ? 2 : 1;
    }
    for (k = 0; k < nreasons; k++)
        if ((rc = mfk_record_set_reason(rec, reasons[k].round,
                                        reasons[k].member,
                                        reasons[k].text)) != MFK_OK) {
            fprintf(stderr, "mufakat-meeting: a reason: %s\n",
                    mfk_strerror(rc));
            mfk_record_free(rec);
            return 1;
        }
    if ((rc = mfk_journal_open(&j, path, NULL, &err)) == MFK_OK &&
        (rc = mfk_journal_append(j, rec, &err)) == MFK_OK) {
        rc = mfk_journal_close(j);
        j = NULL;
    }
    if (rc != MFK_OK)
        fprintf(stderr, "mufakat-meeting: %s: %s\n", path,
                err.message[0] && rc != MFK_EIO ? err.message
                                                : mfk_strerror(rc));
    else
        printf("Recorded in %s as record %llu.\n", path,
               mfk_record_seq(rec));
    mfk_journal_close(j);
    mfk_record_free(rec);
    return rc == MFK_OK ? 0 : 1;
}
#else
static int journal(const mfk_consultation *c, const char *path,
                   const char *when)
{
    (void)c;
    (void)when;
    fprintf(stderr, "mufakat-meeting: %s: --journal: not available in this "
                    "build\n", path);
    return 2;
}
#endif

/* An RFC 3339 date-time, as records take it (mfk_time_to_utc(3)). */
static int rfc3339(const char *t)
{
    char utc[40];
    return mfk_time_to_utc(t, utc, sizeof utc) == MFK_OK;
}

int main(int argc, char **argv)
{
    const char *file = NULL, *id = NULL, *jpath = NULL, *when = NULL;
    mfk_scenario *s = NULL;
    mfk_consultation *c = NULL;
    mfk_proposal *p = NULL;
    mfk_error err;
    size_t i, nv;
    int a, rc;

    for (a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--help") == 0 || strcmp(argv[a], "-h") == 0) {
            help();
            return 0;
        }
        if ((strcmp(argv[a], "--journal") == 0 ||
             strcmp(argv[a], "--time") == 0 ||
             strcmp(argv[a], "--circulate") == 0) &&
            a + 1 < argc) {
            *(argv[a][2] == 'j'   ? &jpath
              : argv[a][2] == 't' ? &when
                                  : &deadline) = argv[a + 1];
            a++;
        } else if (argv[a][0] == '-' && argv[a][1] != '\0') {
            fprintf(stderr, "mufakat-meeting: bad option \"%s\"\n" USAGE,
                    argv[a]);
            return 2;
        } else if (file == NULL)
            file = argv[a];
        else if (id == NULL)
            id = argv[a];
        else {
            fprintf(stderr, "mufakat-meeting: unexpected \"%s\"\n" USAGE,
                    argv[a]);
            return 2;
        }
    }
    if (when != NULL && !rfc3339(when)) {
        fprintf(stderr, "mufakat-meeting: --time \"%s\": expected "
                        "YYYY-MM-DDTHH:MM:SSZ\n", when);
        return 2;
    }
    if (deadline != NULL && !rfc3339(deadline)) {
        fprintf(stderr, "mufakat-meeting: --circulate \"%s\": expected "
                        "an RFC 3339 time\n", deadline);
        return 2;
    }
    if (id == NULL) {
        fputs("mufakat-meeting: a scenario and a proposal id are needed\n"
              USAGE, stderr);
        return 2;
    }
    echo = !isatty(fileno(stdin));
    if (mfk_scenario_read_file(&s, file, NULL, &err) != MFK_OK) {
        if (err.code == MFK_ESYNTAX && err.line > 0)
            fprintf(stderr, "mufakat-meeting: %s:%d:%d: %s\n", file,
                    err.line, err.column, err.message);
        else
            fprintf(stderr, "mufakat-meeting: %s: %s%s%s\n", file,
                    err.pointer, err.pointer[0] ? ": " : "",
                    err.message[0] ? err.message : mfk_strerror(err.code));
        return 1;
    }
    for (i = 0; i < mfk_scenario_proposal_count(s) && p == NULL; i++)
        if (strcmp(mfk_proposal_id(mfk_scenario_proposal(s, i)), id) == 0)
            p = mfk_scenario_proposal(s, i);
    if (p == NULL) {
        fprintf(stderr, "mufakat-meeting: %s: no proposal \"%s\"\n", file,
                id);
        mfk_scenario_free(s);
        return 1;
    }
    if ((rc = mfk_consultation_new(&c, mfk_scenario_body(s), p, NULL)) !=
        MFK_OK) {
        fprintf(stderr, "mufakat-meeting: %s\n", mfk_strerror(rc));
        mfk_scenario_free(s);
        return 1;
    }
    printf("%s: %s %s\nRule: %s. Members: %zu.\n",
           mfk_body_name(mfk_scenario_body(s)), mfk_proposal_id(p),
           mfk_proposal_title(p),
           mfk_name(MFK_NAMES_RULE, (int)mfk_proposal_rule(p)->kind),
           mfk_body_member_count(mfk_scenario_body(s)));
    nv = mfk_consultation_violation_count(c);
    for (i = 0; i < nv; i++) {
        const char *name;
        mfk_mode mode;
        const unsigned char *m;
        size_t k;
        mfk_consultation_violation(c, i, &name, &mode, &m);
        printf("Principle %s %s:", name,
               mode == MFK_MODE_ENFORCE ? "broken" : "broken (reported)");
        for (k = 0; k < mfk_body_member_count(mfk_scenario_body(s)); k++)
            if (m[k])
                printf(" %s", mfk_body_member_name(mfk_scenario_body(s), k));
        fputc('\n', stdout);
    }
    rc = 0;
    if (deadline != NULL && mfk_consultation_admissible(c) &&
        (rc = mfk_consultation_circulate(c, deadline)) != MFK_OK) {
        fprintf(stderr, "mufakat-meeting: %s: cannot be circulated under "
                        "the %s rule: the silence procedure needs the "
                        "silence rule\n",
                id, mfk_name(MFK_NAMES_RULE,
                             (int)mfk_proposal_rule(p)->kind));
        mfk_consultation_free(c);
        mfk_scenario_free(s);
        return 1;
    }
    if (deadline != NULL && mfk_consultation_admissible(c))
        printf("Circulated until %s: silence is consent.\n",
               mfk_consultation_deadline(c, NULL));
    if (!mfk_consultation_admissible(c))
        puts("It cannot be put: no round is held.");
    else if (hold(c) != 0)
        rc = 1;
    if (rc == 0) {
        outcome(c);
        if (jpath != NULL)
            rc = journal(c, jpath, when);
    }
    mfk_consultation_free(c);
    mfk_scenario_free(s);
    return rc;
}
