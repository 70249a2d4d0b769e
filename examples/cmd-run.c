/* The commands that consult: run, check and demo. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

struct run_opts {
    enum cli_format format;
    const char *svg;
    const char *journal;
    const char *time;
};

/* ---- JSON (CONTRACT) -------------------------------------------------- */

static void json_members(cli_json *j, const mfk_body *b,
                         const unsigned char *set, unsigned char mask)
{
    size_t i;
    cli_json_begin_array(j);
    for (i = 0; i < mfk_body_member_count(b); i++)
        if (set[i] & mask)
            cli_json_string(j, mfk_body_member_id(b, i));
    cli_json_end_array(j);
}

static void json_vector(cli_json *j, const double *x, unsigned dims)
{
    unsigned k;
    cli_json_begin_array(j);
    for (k = 0; k < dims; k++)
        cli_json_number(j, x[k]);
    cli_json_end_array(j);
}

static void json_violations(cli_json *j, const mfk_consultation *c)
{
    const mfk_body *b = mfk_consultation_body(c);
    size_t v;
    cli_json_begin_array(j);
    for (v = 0; v < mfk_consultation_violation_count(c); v++) {
        const char *name;
        mfk_mode mode;
        const unsigned char *members;
        mfk_consultation_violation(c, v, &name, &mode, &members);
        cli_json_begin_object(j);
        cli_json_key(j, "principle");
        cli_json_string(j, name);
        cli_json_key(j, "members");
        json_members(j, b, members, 1);
        cli_json_key(j, "mode");
        cli_json_string(j, mfk_name(MFK_NAMES_MODE, (int)mode));
        cli_json_end_object(j);
    }
    cli_json_end_array(j);
}

static void json_result(cli_json *j, const mfk_consultation *c, int full)
{
    const mfk_body *b = mfk_consultation_body(c);
    const mfk_proposal *p = mfk_consultation_proposal(c);
    size_t n = mfk_body_member_count(b), i, chair;
    unsigned r;
    mfk_outcome outcome;

    cli_json_begin_object(j);
    cli_json_key(j, "id");
    cli_json_string(j, mfk_proposal_id(p));
    cli_json_key(j, "admissible");
    cli_json_bool(j, mfk_consultation_admissible(c));
    cli_json_key(j, "violations");
    json_violations(j, c);
    if (!full) {
        cli_json_end_object(j);
        return;
    }
    cli_json_key(j, "rounds");
    cli_json_begin_array(j);
    for (r = 1; r <= mfk_consultation_rounds(c); r++) {
        const unsigned char *st, *fl;
        const double *pos;
        mfk_verdict v;
        size_t version;
        mfk_consultation_round(c, r, &st, &fl, &v, &version);
        mfk_proposal_version(p, version, NULL, &pos);
        cli_json_begin_object(j);
        cli_json_key(j, "round");
        cli_json_integer(j, r);
        if (pos != NULL) {
            cli_json_key(j, "position");
            json_vector(j, pos, mfk_body_dims(b));
        }
        cli_json_key(j, "verdict");
        cli_json_string(j, mfk_name(MFK_NAMES_VERDICT, (int)v));
        cli_json_key(j, "blockers");
        json_members(j, b, fl, MFK_FLAG_BLOCKER);
        cli_json_key(j, "stances");
        cli_json_begin_object(j);
        for (i = 0; i < n; i++) {
            cli_json_key(j, mfk_body_member_id(b, i));
            cli_json_string(j, mfk_name(MFK_NAMES_STANCE, st[i]));
        }
        cli_json_end_object(j);
        cli_json_end_object(j);
    }
    cli_json_end_array(j);
    mfk_consultation_outcome(c, &outcome);
    cli_json_key(j, "outcome");
    cli_json_string(j, mfk_name(MFK_NAMES_OUTCOME, (int)outcome));
    cli_json_key(j, "participants");
    cli_json_begin_array(j);
    for (i = 0; i < n; i++)
        if (mfk_consultation_participant(c, i))
            cli_json_string(j, mfk_body_member_id(b, i));
    cli_json_end_array(j);
    if (mfk_body_chair(b, &chair) == MFK_OK) {
        cli_json_key(j, "chair");
        cli_json_string(j, mfk_body_member_id(b, chair));
    }
    cli_json_end_object(j);
}

/* ---- text ------------------------------------------------------------- */

static const char *stance_colour(unsigned char s)
{
    switch (s) {
    case MFK_SUPPORT:
    case MFK_JOIN:
        return "\033[32m"; /* green */
    case MFK_RESERVATION:
        return "\033[36m"; /* cyan */
    case MFK_ABSTAIN:
    case MFK_NOT_READY:
        return "\033[33m"; /* yellow */
    case MFK_OBJECT:
        return "\033[31m"; /* red */
    default:
        return "\033[2m"; /* dim */
    }
}

/* A list of member names where mask is set, e.g. "Cambodia, Lao PDR". */
static void print_names(FILE *f, const mfk_body *b, const unsigned char *set,
                        unsigned char mask, const char *none)
{
    size_t i, k = 0;
    for (i = 0; i < mfk_body_member_count(b); i++)
        if (set[i] & mask)
            fprintf(f, "%s%s", k++ ? ", " : "", mfk_body_member_name(b, i));
    if (k == 0)
        fputs(none, f);
}

static const char *rule_text(const mfk_rule *r, char *buf, size_t size)
{
    const char *kind = mfk_name(MFK_NAMES_RULE, (int)r->kind);
    switch (r->kind) {
    case MFK_RULE_CONSENSUS_MINUS_X:
        snprintf(buf, size, "%s (up to %u parties discounted)", kind, r->max);
        break;
    case MFK_RULE_FLEXIBLE:
        snprintf(buf, size, "%s (ASEAN minus X, at least %u participants)",
                 kind, r->min_participants);
        break;
    case MFK_RULE_MAJORITY:
        snprintf(buf, size, "%s (more than %g of %s%s)", kind, r->threshold,
                 mfk_name(MFK_NAMES_BASE, (int)r->base),
                 r->weighted ? ", by weight" : "");
        break;
    case MFK_RULE_WEIGHTED:
        snprintf(buf, size, "%s (quota %g)", kind, r->quota);
        break;
    default:
        snprintf(buf, size, "%s", kind);
    }
    return buf;
}

/* Why a round's verdict came out as it did. */
static void print_why(FILE *f, const mfk_consultation *c, mfk_verdict v,
                      const unsigned char *st, const unsigned char *fl)
{
    const mfk_body *b = mfk_consultation_body(c);
    const mfk_rule *rule = mfk_proposal_rule(mfk_consultation_proposal(c));
    size_t i, n = mfk_body_member_count(b), favour = 0, discounted = 0;

    for (i = 0; i < n; i++) {
        favour += (fl[i] & MFK_FLAG_FAVOUR) != 0;
        discounted += (fl[i] & MFK_FLAG_DISCOUNTED) != 0;
    }
    switch (v) {
    case MFK_VERDICT_ADOPTED:
        fprintf(f, "adopted: %zu of %zu in favour", favour, n);
        if (discounted) {
            fputs("; the objections of the parties (", f);
            print_names(f, b, fl, MFK_FLAG_DISCOUNTED, "");
            fputs(") are not counted", f);
        }
        for (i = 0; i < n && st[i] != MFK_NOT_READY; i++)
            ;
        if (i < n && rule->kind == MFK_RULE_FLEXIBLE) {
            fputs("; standing aside: ", f);
            for (i = 0; i < n; i++)
                if (st[i] == MFK_NOT_READY)
                    fprintf(f, "%s ", mfk_body_member_name(b, i));
        }
        break;
    case MFK_VERDICT_BLOCKED:
        fputs("blocked by ", f);
        print_names(f, b, fl, MFK_FLAG_BLOCKER, "nobody");
        break;
    case MFK_VERDICT_SHORT:
        fprintf(f, "short: %zu of %zu in favour, below what the rule needs",
                favour, n);
        break;
    }
    fputc('\n', f);
}

static void text_result(FILE *f, const mfk_consultation *c, int full,
                        int colour)
{
    const mfk_body *b = mfk_consultation_body(c);
    const mfk_proposal *p = mfk_consultation_proposal(c);
    size_t n = mfk_body_member_count(b), i, nv, width = 6;
    unsigned r, rounds = mfk_consultation_rounds(c), dims = mfk_body_dims(b);
    const char *bold = colour ? "\033[1m" : "", *off = colour ? "\033[0m" : "";
    char buf[160];
    mfk_outcome outcome;

    fprintf(f, "%s%s  %s%s\n", bold, mfk_proposal_id(p),
            mfk_proposal_title(p), off);
    fprintf(f, "  %s pillar, %s; rule: %s\n",
            mfk_name(MFK_NAMES_PILLAR, (int)mfk_proposal_pillar(p)),
            mfk_name(MFK_NAMES_COMPONENT, (int)mfk_proposal_component(p)),
            rule_text(mfk_proposal_rule(p), buf, sizeof buf));
    nv = mfk_consultation_violation_count(c);
    for (i = 0; i < nv; i++) {
        const char *name;
        mfk_mode mode;
        const unsigned char *m;
        mfk_consultation_violation(c, i, &name, &mode, &m);
        fprintf(f, "  principle %s %s: ", name,
                mode == MFK_MODE_ENFORCE ? "enforced" : "reported");
        print_names(f, b, m, 1, "(no member named)");
        fputc('\n', f);
    }
    if (!mfk_consultation_admissible(c)) {
        fprintf(f, "  %sinadmissible%s: a principle in force forbids "
                   "putting it; no round is held\n\n", bold, off);
        return;
    }
    if (!full) {
        fputs("  admissible\n\n", f);
        return;
    }
    for (i = 0; i < n; i++)
        if (strlen(mfk_body_member_name(b, i)) > width)
            width = strlen(mfk_body_member_name(b, i));
    fprintf(f, "\n  %-*s", (int)width, "member");
    for (r = 1; r <= rounds; r++)
        fprintf(f, "  round %-5u", r);
    fputc('\n', f);
    for (i = 0; i < n; i++) {
        fprintf(f, "  %-*s", (int)width, mfk_body_member_name(b, i));
        for (r = 1; r <= rounds; r++) {
            const unsigned char *st;
            mfk_consultation_round(c, r, &st, NULL, NULL, NULL);
            fprintf(f, "  %s%-11s%s", colour ? stance_colour(st[i]) : "",
                    mfk_name(MFK_NAMES_STANCE, st[i]), off);
        }
        fputc('\n', f);
    }
    if (mfk_proposal_position(p) != NULL) {
        fprintf(f, "  %-*s", (int)width, "position");
        for (r = 1; r <= rounds; r++) {
            const double *pos;
            size_t version;
            char num[32];
            unsigned k;
            size_t len = 0;
            mfk_consultation_round(c, r, NULL, NULL, NULL, &version);
            mfk_proposal_version(p, version, NULL, &pos);
            buf[0] = '\0';
            for (k = 0; pos != NULL && k < dims; k++)
                len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
                                        k ? "," : "",
                                        cli_shortest(pos[k], num));
            fprintf(f, "  %-11.11s", buf);
        }
        fputc('\n', f);
    }
    for (r = 1; r <= rounds; r++) {
        const unsigned char *st, *fl;
        mfk_verdict v;
        size_t version;
        const char *text;
        mfk_consultation_round(c, r, &st, &fl, &v, &version);
        fprintf(f, "  round %u: ", r);
        print_why(f, c, v, st, fl);
        if (r < rounds) {
            size_t next;
            const double *p0, *p1;
            const char *t0;
            mfk_consultation_round(c, r + 1, NULL, NULL, NULL, &next);
            mfk_proposal_version(p, version, &t0, &p0);
            mfk_proposal_version(p, next, &text, &p1);
            if (p0 != NULL && p1 != NULL &&
                memcmp(p0, p1, dims * sizeof *p0) != 0) {
                char a[32], z[32];
                fprintf(f, "    the chair moves the position from %s",
                        cli_shortest(p0[0], a));
                fprintf(f, "%s to %s%s\n", dims > 1 ? ",..." : "",
                        cli_shortest(p1[0], z), dims > 1 ? ",..." : "");
            }
            if (text != NULL && (t0 == NULL || strcmp(t0, text) != 0))
                fprintf(f, "    the text is amended: \"%s\"\n", text);
        }
    }
    mfk_consultation_outcome(c, &outcome);
    fprintf(f, "  %soutcome: %s%s", bold,
            mfk_name(MFK_NAMES_OUTCOME, (int)outcome), off);
    if (outcome <= MFK_OUTCOME_ADOPTED_FLEXIBLE) {
        unsigned char *part = malloc(n ? n : 1);
        size_t k = 0;
        for (i = 0; part != NULL && i < n; i++) {
            part[i] = (unsigned char)mfk_consultation_participant(c, i);
            k += part[i];
        }
        if (k == n)
            fputs(" (every member takes part)", f);
        else if (part != NULL) {
            fputs(" (taking part: ", f);
            print_names(f, b, part, 1, "nobody");
            fputs(")", f);
        }
        free(part);
    }
    fputs("\n\n", f);
}

/* ---- commands --------------------------------------------------------- */

static int consult_all(const char *file, mfk_scenario *s,
                       const struct run_opts *o, int full)
{
    size_t i, np = mfk_scenario_proposal_count(s), chair;
    mfk_body *b = mfk_scenario_body(s);
    int colour = o->format == CLI_TEXT && cli_colour(stdout);
    cli_json j;

    if (o->format == CLI_JSON) {
        cli_json_init(&j, stdout);
        cli_json_begin_object(&j);
        cli_json_key(&j, "proposals");
        cli_json_begin_array(&j);
    } else {
        fprintf(stdout, "%s: %zu members", mfk_body_name(b),
                mfk_body_member_count(b));
        if (mfk_body_chair(b, &chair) == MFK_OK) {
            fprintf(stdout, ", chaired by %s",
                    mfk_body_member_name(b, chair));
            if (mfk_scenario_year(s))
                fprintf(stdout, " in %d", mfk_scenario_year(s));
        }
        fprintf(stdout, "; %zu proposal%s\n\n", np, np == 1 ? "" : "s");
    }
    for (i = 0; i < np; i++) {
        mfk_consultation *c = NULL;
        int rc;
        if (full)
            rc = mfk_scenario_consult(s, i, NULL, &c);
        else
            rc = mfk_consultation_new(&c, b, mfk_scenario_proposal(s, i),
                                      NULL);
        if (rc != MFK_OK) {
            cli_error("%s: /proposals/%zu: %s", file, i, mfk_strerror(rc));
            return CLI_INPUT;
        }
        if (o->format == CLI_JSON)
            json_result(&j, c, full);
        else
            text_result(stdout, c, full, colour);
        mfk_consultation_free(c);
    }
    if (o->format == CLI_JSON) {
        cli_json_end_array(&j);
        cli_json_end_object(&j);
        cli_json_finish(&j);
    }
    if (fflush(stdout) != 0) {
        cli_error("standard output: cannot write");
        return CLI_INPUT;
    }
    return CLI_OK;
}

static int parse_run_opts(const char *cmd, int argc, char **argv,
                          struct run_opts *o, const char **file,
                          void (*help)(void))
{
    int i, r;
    memset(o, 0, sizeof *o);
    *file = NULL;
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
        if (strcmp(cmd, "check") != 0 &&
            (r = cli_option_value(argc, argv, &i, "svg", &o->svg)) != 0) {
            if (r < 0)
                return cli_usage_error(cmd, "option --svg needs a file");
            continue;
        }
        if (strcmp(cmd, "run") == 0 &&
            ((r = cli_option_value(argc, argv, &i, "journal", &o->journal)) !=
                 0 ||
             (r = cli_option_value(argc, argv, &i, "time", &o->time)) != 0)) {
            if (r < 0)
                return cli_usage_error(cmd, "option %s needs a value",
                                       argv[i]);
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error(cmd, "unknown option \"%s\"", argv[i]);
        if (strcmp(cmd, "demo") == 0 || *file != NULL)
            return cli_usage_error(cmd, "unexpected argument \"%s\"",
                                   argv[i]);
        *file = argv[i];
    }
    if (strcmp(cmd, "demo") != 0 && *file == NULL)
        return cli_usage_error(cmd, "no scenario file given");
    return 0;
}

static void run_help(void)
{
    printf("Usage: mufakat run FILE [--format text|json] [--journal J] "
           "[--time RFC3339]\n                   [--svg FILE]\n"
           "Consults the body of scenario FILE on each proposal: the "
           "principles first,\nthen rounds of stances until the rule "
           "adopts, the rounds run out, or the\nchair has nothing new to "
           "put; then the fallback.\n\n"
           "  --format text|json  text for people (default), or JSON\n"
           "  --journal J         append a record of each proposal to "
           "journal J\n"
           "  --time RFC3339      the time written in records (default: "
           "now)\n"
           "  --svg FILE          draw each consultation as a grid\n"
           "  --help              print this help\n\n"
           "Exit status: 0 when it ran; 1 for invalid input or a file that "
           "cannot be read\nor written; 2 for a wrong command line. See "
           "mufakat(1), mufakat-scenario(5).\n");
}

static void check_help(void)
{
    printf("Usage: mufakat check FILE [--format text|json]\n"
           "Validates scenario FILE and prints, for each proposal, whether "
           "it is\nadmissible and which principles it breaks. Runs no "
           "round. Exit status 0\nfor a valid file, even when proposals "
           "are inadmissible; 1 for invalid input;\n2 for a wrong command "
           "line.\n");
}

static void demo_help(void)
{
    printf("Usage: mufakat demo [--format text|json] [--svg FILE]\n"
           "Runs the built-in scenario: the ASEAN Foreign Ministers' "
           "Meeting in 2026,\nits 11 members, the Philippines in the chair "
           "(Myanmar passed over), and\nproposals whose fates differ. The "
           "same scenario is installed as\nexamples/asean-amm.json.\n");
}

static int load(const char *file, mfk_scenario **s)
{
    mfk_error err;
    if (mfk_scenario_read_file(s, file, NULL, &err) != MFK_OK) {
        cli_input_error(file, &err);
        return CLI_INPUT;
    }
    return CLI_OK;
}

int cli_run(int argc, char **argv)
{
    struct run_opts o;
    const char *file;
    mfk_scenario *s;
    int rc = parse_run_opts("run", argc, argv, &o, &file, run_help);
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if (o.journal != NULL || o.svg != NULL)
        return cli_usage_error("run", "--%s is not available in this build",
                               o.journal ? "journal" : "svg");
    if ((rc = load(file, &s)) != CLI_OK)
        return rc;
    rc = consult_all(file, s, &o, 1);
    mfk_scenario_free(s);
    return rc;
}

int cli_check(int argc, char **argv)
{
    struct run_opts o;
    const char *file;
    mfk_scenario *s;
    int rc = parse_run_opts("check", argc, argv, &o, &file, check_help);
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if ((rc = load(file, &s)) != CLI_OK)
        return rc;
    rc = consult_all(file, s, &o, 0);
    mfk_scenario_free(s);
    return rc;
}

int cli_demo(int argc, char **argv)
{
    struct run_opts o;
    const char *file;
    mfk_scenario *s;
    mfk_error err;
    int rc = parse_run_opts("demo", argc, argv, &o, &file, demo_help);
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if (o.svg != NULL)
        return cli_usage_error("demo", "--svg is not available in this "
                                       "build");
    if (mfk_scenario_read_json(&s, (const char *)mfk_demo_json,
                               mfk_demo_json_len, NULL, &err) != MFK_OK) {
        cli_input_error("(built-in demo)", &err);
        return CLI_INPUT;
    }
    rc = consult_all("(built-in demo)", s, &o, 1);
    mfk_scenario_free(s);
    return rc;
}
