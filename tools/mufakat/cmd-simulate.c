/* mufakat simulate: Monte Carlo consultations, on threads and, in a build
 * --with-mpi, on MPI ranks. The output depends on the seed alone. */
#include "config.h"

#include "cli.h"
#include "model/tables.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef MFK_HAVE_MPI
#include <mpi.h>
#endif

#define MAX_RULES 16

#define MAX_SETTINGS 64

/* A flag that names one of the simulation's parameters (mfk_sim_param),
 * set on it in the order given. */
struct setting {
    const char *name, *value;
};

struct sim_opts {
    enum cli_format format;
    const char *scenario;
    unsigned long members;
    unsigned long dims;
    const char *rules;
    unsigned long long runs;
    unsigned long long seed;
    unsigned long threads;
    /* which of the numbers above were given */
    int members_given, dims_given, runs_given, seed_given, threads_given;
    unsigned long max_rounds;
    struct setting set[MAX_SETTINGS];
    size_t nset;
    const char *sweep;
    const char *csv;
    const char *svg;
};

/* Where the runs go: this process's rank among `ranks`. */
struct place {
    int rank, ranks;
};

/* One line for each kind that takes a parameter on the command line,
 * from the rules' table: "majority:P  P = threshold". */
static void rule_options(void)
{
    int k, p;

    for (k = 0; k < MFK__RULE_COUNT; k++) {
        const struct mfk__rule_row *r = &mfk__rules[k];
        char spec[64];
        for (p = 0; p < MFK__PARAM_COUNT && !(r->option & (1u << p)); p++)
            ;
        if (k == MFK_RULE_CALLBACK || p == MFK__PARAM_COUNT)
            continue;
        snprintf(spec, sizeof spec, "%s:P", r->name);
        printf("                      %-22s P = %s%s\n", spec,
               mfk__params[p].key,
               r->required & r->option ? " (required)" : "");
    }
}

static void help(void)
{
    printf(
        "Usage: mufakat simulate [--scenario FILE | --members N --dims D]\n"
        "         [--rule KIND[:P][,KIND[:P]...]] [--runs R] [--seed S]\n"
        "         [--threads T] [--max-rounds M] [--sweep NAME=FROM:TO:N]\n"
        "         [--csv FILE] [--svg FILE]\n"
        "         [--format text|json] [OPTION]...\n"
        "Monte Carlo of consultations: each run draws the members' ideal "
        "points,\nthe status quo and a proposal, and consults the body on "
        "it under each\nrule, with the behaviour model and the Chair's "
        "strategy. The same seed\ngives the same output whatever the "
        "threads or MPI ranks.\n\n"
        "  --scenario FILE   the body of a scenario (its ideal points are "
        "kept)\n"
        "  --members N       members M1..MN (default 11)\n"
        "  --dims D          policy dimensions, 1 to 16 (default 1)\n"
        "  --rule LIST       rules, comma-separated (default consensus); "
        "KIND:P sets\n"
        "                    the kind's parameter P:\n");
    rule_options();
    printf(
        "  --runs R          runs (default 10000)\n"
        "  --seed S          seed (default 1)\n"
        "  --threads T       threads (default: one per core)\n"
        "  --max-rounds M    rounds at most (default 10)\n"
        "  --culture C       uniform, gaussian, blocs[:K] or fixed "
        "(default\n"
        "                    uniform; fixed for a scenario with ideal "
        "points)\n"
        "  --spread X        standard deviation for gaussian and blocs "
        "(0.15)\n"
        "  --proposal P      member (a random member's ideal point, the "
        "default)\n"
        "                    or random\n"
        "  --status-quo Q    random (the default) or X1,X2,...\n"
        "  --concession X    tolerance added each round after the first\n"
        "  --face-saving P   probability that an objector abstains\n"
        "  --dynamics S      Friedkin-Johnsen between rounds: members move "
        "to S x\n"
        "                    the mean ideal point + (1 - S) x their own\n"
        "  --chair C         default, toward-status-quo or single-round\n"
        "  --tolerance X     every member's tolerance (with --scenario, "
        "over its own)\n"
        "  --externality X   share of a text's effect felt standing aside "
        "under\n"
        "                    flexible, 0 to 1 (default 1: never stands "
        "aside)\n"
        "  --reservation X   joins with a reservation within X of "
        "objecting\n"
        "  --indifference X  abstains when |L| <= X\n"
        "  --support-gain X  supports when the text gains it X or more\n"
        "  --absence P       probability that a member is not heard in a "
        "round\n"
        "  --sweep NAME=FROM:TO:N\n"
        "                    N values of NAME from FROM to TO, each on "
        "the same seed:\n"
        "                    a numeric option above, members or dims\n"
        "  --csv FILE        one row per run (with --sweep: per value "
        "and rule)\n"
        "  --svg FILE        the adoption shares with their 95%% "
        "intervals\n"
        "                    (with --sweep: against the value)\n"
        "  --format F        text (default) or json\n\n"
        "Timings go to standard error. Exit status: 0 when it ran, 1 for "
        "invalid\ninput or a file that cannot be written, 2 for a wrong "
        "command line.\n");
}

/* ---- options -------------------------------------------------------------- */

static int parse_ull(const char *s, unsigned long long *v)
{
    char *end;
    if (s[0] == '-' || s[0] == '\0')
        return -1;
    errno = 0;
    *v = strtoull(s, &end, 10);
    return errno == 0 && *end == '\0' ? 0 : -1;
}

/* One option with a numeric value: 1 when argv[*i] was it, 0 when not,
 * -1 on a bad value (message printed). */
static int ull_option(int argc, char **argv, int *i, const char *name,
                      unsigned long long lo, unsigned long long hi,
                      unsigned long long *v)
{
    const char *s;
    int r = cli_option_value(argc, argv, i, name, &s);
    if (r == 0)
        return 0;
    if (r < 0 || parse_ull(s, v) != 0 || *v < lo || *v > hi) {
        cli_usage_error("simulate", "--%s: expected an integer from %llu "
                                    "to %llu, not \"%s\"",
                        name, lo, hi, r < 0 ? "" : s);
        return -1;
    }
    return 1;
}

/* The parameter of the simulation that option argv[*i] names, or NULL;
 * members and dims build the body and are not among them. */
static const char *param_option(const char *arg)
{
    const char *name;
    size_t i;
    if (strncmp(arg, "--", 2) != 0)
        return NULL;
    for (i = 0; (name = mfk_sim_param(i, NULL, NULL, NULL, NULL)) != NULL;
         i++) {
        size_t len = strlen(name);
        if (strcmp(name, "members") == 0 || strcmp(name, "dims") == 0)
            continue;
        if (strncmp(arg + 2, name, len) == 0 &&
            (arg[2 + len] == '\0' || arg[2 + len] == '='))
            return name;
    }
    return NULL;
}

static int parse_options(int argc, char **argv, struct sim_opts *o)
{
    static const char *const strings[] = {"scenario", "rule", "sweep", "csv",
                                          "svg"};
    const char **targets[5];
    int i, r, k;
    unsigned long long v;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);

    memset(o, 0, sizeof *o);
    o->format = CLI_TEXT;
    o->members = 11;
    o->dims = 1;
    o->rules = "consensus";
    o->runs = 10000;
    o->seed = 1;
    o->threads = cores > 0 ? (unsigned long)cores : 1;
    o->max_rounds = 10;
    targets[0] = &o->scenario;
    targets[1] = &o->rules;
    targets[2] = &o->sweep;
    targets[3] = &o->csv;
    targets[4] = &o->svg;
    for (i = 1; i < argc; i++) {
        const char *param;
        if (cli_is_help(argv[i])) {
            help();
            return 1;
        }
        r = cli_format_option(argc, argv, &i, &o->format);
        if (r < 0)
            return cli_usage_error("simulate", "bad --format");
        if (r > 0)
            continue;
        for (k = 0; k < 5; k++) {
            r = cli_option_value(argc, argv, &i, strings[k], targets[k]);
            if (r != 0)
                break;
        }
        if (r < 0)
            return cli_usage_error("simulate", "option --%s needs a value",
                                   strings[k]);
        if (r > 0)
            continue;
        param = param_option(argv[i]);
        if (param != NULL) {
            struct setting *st = &o->set[o->nset];
            if (o->nset == MAX_SETTINGS)
                return cli_usage_error("simulate", "too many options");
            if (cli_option_value(argc, argv, &i, param, &st->value) < 0)
                return cli_usage_error("simulate",
                                       "option --%s needs a value", param);
            st->name = param;
            o->nset++;
            if (strcmp(param, "max-rounds") == 0)
                o->max_rounds = strtoul(st->value, NULL, 10);
            continue;
        }
#define ULL(name, lo, hi, field)                                             \
    r = ull_option(argc, argv, &i, name, lo, hi, &v);                        \
    if (r < 0)                                                               \
        return CLI_USAGE;                                                    \
    if (r > 0) {                                                             \
        o->field = v;                                                        \
        o->field##_given = 1;                                                \
        continue;                                                            \
    }
        ULL("members", 1, MFK_MAX_MEMBERS, members)
        ULL("dims", 1, MFK_MAX_DIMS, dims)
        ULL("runs", 1, 1ULL << 50, runs)
        ULL("seed", 0, ULLONG_MAX, seed)
        ULL("threads", 1, 256, threads)
#undef ULL
        return cli_usage_error("simulate", "%s \"%s\"",
                               argv[i][0] == '-' ? "unknown option"
                                                 : "unexpected argument",
                               argv[i]);
    }
    return 0;
}

/* "unanimity, ..., majority[:THRESHOLD], ... or weighted:QUOTA": the
 * rules a command line may name, with their options. */
static const char *rule_list(char *buf, size_t size)
{
    size_t len = 0;
    int k, p, last = MFK__RULE_COUNT - 1;

    buf[0] = '\0';
    while (last == MFK_RULE_CALLBACK)
        last--;
    for (k = 0; k <= last && len < size; k++) {
        const struct mfk__rule_row *r = &mfk__rules[k];
        if (k == MFK_RULE_CALLBACK)
            continue;
        for (p = 0; p < MFK__PARAM_COUNT && !(r->option & (1u << p)); p++)
            ;
        len += (size_t)snprintf(
            buf + len, size - len, "%s%s%s%s%s",
            k == 0 ? "" : k == last ? " or " : ", ", r->name,
            p == MFK__PARAM_COUNT ? "" : r->required & r->option ? ":" : "[:",
            p == MFK__PARAM_COUNT ? "" : mfk__params[p].word,
            p == MFK__PARAM_COUNT || r->required & r->option ? "" : "]");
    }
    return buf;
}

/* ---- the model ------------------------------------------------------------ */

struct model {
    mfk_scenario *scenario;
    mfk_body *own;
    const mfk_body *body;
    mfk_sim *sim;
    mfk_rule rules[MAX_RULES];
    char names[MAX_RULES][64];
    size_t nrules;
};

static int build_body(const struct sim_opts *o, struct model *m)
{
    mfk_error err;
    unsigned long i;
    char id[32];

    if (o->scenario != NULL) {
        if (mfk_scenario_read_file(&m->scenario, o->scenario, NULL, &err) !=
            MFK_OK) {
            cli_input_error(o->scenario, &err);
            return CLI_INPUT;
        }
        m->body = mfk_scenario_body(m->scenario);
        return CLI_OK;
    }
    if (mfk_body_new(&m->own, "simulated body", (unsigned)o->dims, NULL) !=
        MFK_OK) {
        cli_error("simulate: out of memory");
        return CLI_INPUT;
    }
    for (i = 0; i < o->members; i++) {
        snprintf(id, sizeof id, "M%lu", i + 1);
        if (mfk_body_add_member(m->own, id, id, NULL) != MFK_OK) {
            cli_error("simulate: out of memory");
            return CLI_INPUT;
        }
    }
    m->body = m->own;
    return CLI_OK;
}

/* One setting on the simulation, a wrong command line when refused. */
static int set_param(mfk_sim *sim, const char *name, const char *value)
{
    mfk_error err;
    int rc = mfk_sim_set_param(sim, name, value, &err);
    if (rc == MFK_ENOMEM) {
        cli_error("simulate: %s", mfk_strerror(rc));
        return CLI_INPUT;
    }
    if (rc != MFK_OK)
        return cli_usage_error("simulate", "--%s: %s", name, err.message);
    return CLI_OK;
}

static int configure(const struct sim_opts *o, struct model *m)
{
    const char *r = o->rules;
    size_t j;
    int rc, status;

    while (*r != '\0') {
        const char *comma = strchr(r, ',');
        size_t len = comma ? (size_t)(comma - r) : strlen(r);
        if (m->nrules == MAX_RULES)
            return cli_usage_error("simulate", "--rule: at most %d rules",
                                   MAX_RULES);
        if (mfk_rule_parse(&m->rules[m->nrules], r, len) != MFK_OK ||
            len >= sizeof m->names[0]) {
            char list[512];
            return cli_usage_error("simulate",
                                   "--rule: \"%.*s\" is not a rule: "
                                   "expected %s",
                                   (int)len, r, rule_list(list, sizeof list));
        }
        memcpy(m->names[m->nrules], r, len);
        m->names[m->nrules][len] = '\0';
        m->nrules++;
        r += len;
        if (*r == ',')
            r++;
    }
    if (m->nrules == 0)
        return cli_usage_error("simulate", "--rule: no rule given");
    rc = mfk_sim_new(&m->sim, m->body, NULL);
    if (rc != MFK_OK) {
        cli_error("simulate: %s", mfk_strerror(rc));
        return rc == MFK_ENOMEM ? CLI_INPUT : CLI_USAGE;
    }
    /* A scenario's ideal points are kept unless --culture says else. */
    status = CLI_OK;
    if (o->scenario != NULL && mfk_body_has_ideals(m->body))
        status = set_param(m->sim, "culture", "fixed");
    for (j = 0; j < o->nset && status == CLI_OK; j++)
        status = set_param(m->sim, o->set[j].name, o->set[j].value);
    if (status != CLI_OK)
        return status;
    for (j = 0, rc = MFK_OK; j < m->nrules && rc == MFK_OK; j++)
        rc = mfk_sim_add_rule(m->sim, &m->rules[j]);
    if (rc != MFK_OK) {
        cli_error("simulate: %s", mfk_strerror(rc));
        return rc == MFK_ENOMEM ? CLI_INPUT : CLI_USAGE;
    }
    return CLI_OK;
}

/* ---- output --------------------------------------------------------------- */

static double stat(const struct model *m, size_t j, mfk_sim_stat_kind k,
                   size_t index)
{
    double v = 0;
    mfk_sim_stat(m->sim, j, k, index, &v);
    return v;
}

/* The library's JSON of the totals, for cli_json_print. */
struct json_sim {
    const struct model *m;
    const struct sim_opts *o;
    const char *names[MAX_RULES];
};

static int write_sim(const void *ud, char *buf, size_t size, size_t *len)
{
    const struct json_sim *j = ud;
    return mfk_sim_write_json(j->m->sim, j->m->body, j->names, j->o->seed,
                              j->o->runs, NULL, buf, size, len);
}

static void json_sim_init(struct json_sim *j, const struct model *m,
                          const struct sim_opts *o)
{
    size_t k;
    j->m = m;
    j->o = o;
    for (k = 0; k < m->nrules; k++)
        j->names[k] = m->names[k];
}

static int print_json(const struct model *m, const struct sim_opts *o)
{
    struct json_sim j;
    json_sim_init(&j, m, o);
    return cli_json_print("simulate", write_sim, &j);
}

/* Each pair of rules on the same runs, in percentage points: "flexible
 * adopts 4.2 points more often than consensus [3.9, 4.5]". */
static void print_paired(const struct model *m)
{
    size_t i, j;

    for (i = 0; i < m->nrules; i++)
        for (j = i + 1; j < m->nrules; j++) {
            double n[4], d, ci[2];
            mfk_sim_paired(m->sim, i, j, n, &d, ci);
            if (i == 0 && j == 1)
                printf("\n");
            if (n[1] == 0 && n[2] == 0)
                printf("%s adopts in the same runs as %s\n", m->names[j],
                       m->names[i]);
            else if (d >= 0)
                printf("%s adopts %.1f points more often than %s "
                       "[%.1f, %.1f]\n",
                       m->names[j], 100 * d, m->names[i], 100 * ci[0],
                       100 * ci[1]);
            else
                printf("%s adopts %.1f points less often than %s "
                       "[%.1f, %.1f]\n",
                       m->names[j], -100 * d, m->names[i], -100 * ci[1],
                       -100 * ci[0]);
        }
}

static void print_text(const struct model *m, const struct sim_opts *o)
{
    const mfk_body *b = m->body;
    size_t j, i, n = mfk_body_member_count(b);
    char a[32], l[32], h[32];

    printf("%llu run%s, seed %llu: %zu member%s, %u dimension%s, at most "
           "%lu round%s\n\n",
           o->runs, o->runs == 1 ? "" : "s", o->seed, n, n == 1 ? "" : "s",
           mfk_body_dims(b), mfk_body_dims(b) == 1 ? "" : "s", o->max_rounds,
           o->max_rounds == 1 ? "" : "s");
    printf("%-24s %8s  %-19s %7s %14s\n", "rule", "adopted",
           "95% interval", "rounds", "member-rounds");
    for (j = 0; j < m->nrules; j++) {
        double share, lo, hi, runs = stat(m, j, MFK_SIM_RUNS, 0);
        mfk_sim_adoption(m->sim, j, &share, &lo, &hi);
        snprintf(a, sizeof a, "%.4f", share);
        snprintf(l, sizeof l, "%.4f", lo);
        snprintf(h, sizeof h, "%.4f", hi);
        printf("%-24s %8s  [%s, %s] %7.3f %14.0f\n", m->names[j], a, l, h,
               stat(m, j, MFK_SIM_ROUNDS, 0) / runs,
               stat(m, j, MFK_SIM_MEMBER_ROUNDS, 0));
    }
    for (j = 0; j < m->nrules; j++) {
        double runs = stat(m, j, MFK_SIM_RUNS, 0), best = -1;
        size_t who = 0;
        const char *sep = "";
        int k;
        if (j == 0)
            printf("\n");
        printf("%s:", m->names[j]);
        for (k = MFK_OUTCOME_ADOPTED; k <= MFK_OUTCOME_INADMISSIBLE; k++) {
            double c = stat(m, j, MFK_SIM_OUTCOMES, (size_t)k);
            if (c > 0) {
                printf("%s %s %.0f", sep, mfk_name(MFK_NAMES_OUTCOME, k), c);
                sep = ",";
            }
        }
        for (i = 0; i < n; i++) {
            double v = stat(m, j, MFK_SIM_BLOCKING, i);
            if (v > best) {
                best = v;
                who = i;
            }
        }
        if (best > 0)
            printf("; blocks most: %s (%.1f%% of runs)",
                   mfk_body_member_id(b, who), 100 * best / runs);
        printf("\n");
    }
    print_paired(m);
}

/* The library's bar chart of the shares, for cli_write_file. */
static int write_svg_bars(const void *ud, char *buf, size_t size,
                          size_t *len)
{
    const struct json_sim *j = ud;
    return mfk_sim_write_svg(j->m->sim, j->names, NULL, buf, size, len);
}

static int write_svg(const struct model *m, const char *path)
{
    struct json_sim j;
    json_sim_init(&j, m, NULL);
    return cli_write_file(path, write_svg_bars, &j);
}

/* ---- CSV: one row per run ------------------------------------------------- */

/* The library's rows of `count` runs of a trace from `first`, for
 * cli_json_print's kind of writer. */
struct csv_part {
    struct json_sim j;
    const double *trace;
    unsigned long long first, count;
};

static int write_csv_part(const void *ud, char *buf, size_t size,
                          size_t *len)
{
    const struct csv_part *c = ud;
    return mfk_sim_write_trace_csv(c->j.m->sim, c->j.names, c->trace,
                                   c->first, c->count, c->first == 0, NULL,
                                   buf, size, len);
}

static int csv_rows(FILE *f, const struct model *m, const double *trace,
                    unsigned long long first, unsigned long long count)
{
    struct csv_part c;
    size_t len = 0;
    char *buf = NULL;
    int rc;

    json_sim_init(&c.j, m, NULL);
    c.trace = trace;
    c.first = first;
    c.count = count;
    rc = write_csv_part(&c, NULL, 0, &len);
    if (rc == MFK_ERANGE) {
        buf = malloc(len ? len : 1);
        rc = buf == NULL ? MFK_ENOMEM : write_csv_part(&c, buf, len, &len);
    }
    if (rc == MFK_OK && fwrite(buf, 1, len, f) != len)
        rc = MFK_EIO;
    free(buf);
    return rc;
}

/* ---- the runs -------------------------------------------------------------- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Gathers each rank's `count` doubles into all (rank 0), in rank order. */
static int gather(const struct place *pl, const double *mine, size_t count,
                  double *all)
{
#ifdef MFK_HAVE_MPI
    if (pl->ranks > 1)
        return MPI_Gather(mine, (int)count, MPI_DOUBLE, all, (int)count,
                          MPI_DOUBLE, 0, MPI_COMM_WORLD) == MPI_SUCCESS
                   ? 0
                   : -1;
#endif
    (void)pl;
    if (all != mine)
        memcpy(all, mine, count * sizeof *mine);
    return 0;
}

/* The worst code of every rank (codes are 0 or negative). */
static int agree(const struct place *pl, int rc)
{
#ifdef MFK_HAVE_MPI
    if (pl->ranks > 1) {
        int worst = rc;
        MPI_Allreduce(&rc, &worst, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
        return worst;
    }
#endif
    (void)pl;
    return rc;
}

/*
 * The runs go in steps: in each, every rank does `block` consecutive
 * chunks, rank 0 gathers their records and merges them in chunk order,
 * so the sums are the same for any number of ranks and threads.
 */
/* Chunks a rank and step: as many as 4 MiB of records hold, at least
 * 256 (65,536 runs), and 256 when each run is traced, whose rows take far
 * more; fewer when the runs need fewer (need: chunks a rank). Threads
 * start and join, and ranks gather, once a step; on a machine shared with
 * other work a thread that is not running when its step ends keeps the
 * others waiting, so steps of 256 chunks (a few milliseconds) left the
 * second thread's share mostly unused. */
static size_t step_chunks(size_t rs, int traced, unsigned long long need)
{
    size_t step = 256;
    if (!traced && rs > 0 && ((size_t)4 << 20) / sizeof(double) / rs > step)
        step = ((size_t)4 << 20) / sizeof(double) / rs;
    if (need < step)
        return need > 0 ? (size_t)need : 1;
    return step;
}

static int simulate(const struct model *m, const struct sim_opts *o,
                    const struct place *pl, FILE *csv, cli_progress *prog,
                    double done)
{
    int traced = o->csv != NULL; /* on every rank; only rank 0 writes */
    unsigned long long chunks =
        (o->runs + MFK_SIM_CHUNK - 1) / MFK_SIM_CHUNK;
    size_t rs = mfk_sim_record_size(m->sim);
    size_t ts = MFK_SIM_CHUNK * m->nrules * MFK_SIM_TRACE_FIELDS;
    unsigned long long need = (chunks + (unsigned long long)pl->ranks - 1) /
                              (unsigned long long)pl->ranks;
    size_t block = step_chunks(rs, traced, need);
    size_t all = block * (size_t)pl->ranks;
    double *rec, *allrec = NULL, *trace = NULL, *alltrace = NULL;
    unsigned long long base;
    int rc = MFK_OK, csv_rc = MFK_OK;

    rec = malloc(block * rs * sizeof *rec);
    if (pl->rank == 0)
        allrec = malloc(all * rs * sizeof *allrec);
    if (traced) {
        trace = malloc(block * ts * sizeof *trace);
        if (pl->rank == 0)
            alltrace = malloc(all * ts * sizeof *alltrace);
    }
    if (rec == NULL || (pl->rank == 0 && allrec == NULL) ||
        (traced && (trace == NULL || (pl->rank == 0 && alltrace == NULL))))
        rc = MFK_ENOMEM;
    rc = agree(pl, rc);
    mfk_sim_clear(m->sim);
    for (base = 0; base < chunks && rc == MFK_OK; base += all) {
        unsigned long long valid = chunks - base < all ? chunks - base : all;
        rc = mfk_sim_run_chunks(m->sim, o->seed, o->runs,
                                base + (unsigned long long)pl->rank * block,
                                block, (unsigned)o->threads, rec, trace);
        rc = agree(pl, rc);
        if (rc != MFK_OK)
            break;
        if (gather(pl, rec, block * rs, allrec) != 0 ||
            (traced && gather(pl, trace, block * ts, alltrace) != 0)) {
            rc = MFK_EIO;
            break;
        }
        if (pl->rank == 0) {
            unsigned long long first = base * MFK_SIM_CHUNK;
            unsigned long long last = (base + valid) * MFK_SIM_CHUNK;
            mfk_sim_merge(m->sim, allrec, (size_t)valid);
            /* A failed write is told at the end: the other ranks go on. */
            if (csv != NULL && csv_rc == MFK_OK)
                csv_rc = csv_rows(csv, m, alltrace, first,
                                  (last < o->runs ? last : o->runs) - first);
            cli_progress_update(prog, done + (double)(last < o->runs
                                                          ? last
                                                          : o->runs));
        }
    }
    free(rec);
    free(allrec);
    free(trace);
    free(alltrace);
    return rc == MFK_OK ? csv_rc : rc;
}

/* ---- a sweep ----------------------------------------------------------- */

/* The sweep of --sweep, checked against the other options: a wrong
 * command line when it is not one. */
static int sweep_open(const struct sim_opts *o, mfk_sim_sweep **sw)
{
    mfk_error err;
    const char *name;
    size_t j;

    *sw = NULL;
    if (o->sweep == NULL)
        return CLI_OK;
    if (mfk_sim_sweep_new(sw, o->sweep, NULL, &err) != MFK_OK)
        return err.code == MFK_ENOMEM
                   ? (cli_error("simulate: %s", mfk_strerror(err.code)),
                      CLI_INPUT)
                   : cli_usage_error("simulate", "--sweep: %s", err.message);
    name = mfk_sim_sweep_name(*sw);
    if ((strcmp(name, "members") == 0 || strcmp(name, "dims") == 0) &&
        o->scenario != NULL)
        return cli_usage_error("simulate", "--sweep %s: not with --scenario",
                               name);
    if ((strcmp(name, "members") == 0 && o->members_given) ||
        (strcmp(name, "dims") == 0 && o->dims_given))
        return cli_usage_error("simulate", "--sweep %s and --%s together",
                               name, name);
    for (j = 0; j < o->nset; j++)
        if (strcmp(o->set[j].name, name) == 0)
            return cli_usage_error("simulate", "--sweep %s and --%s together",
                                   name, name);
    return CLI_OK;
}

/* Every point of the sweep on the same seed, kept on rank 0. */
static int sweep_run(struct model *m, const struct sim_opts *o,
                     const struct place *pl, mfk_sim_sweep *sw)
{
    const char *names[MAX_RULES];
    size_t k, j, n = mfk_sim_sweep_count(sw);
    cli_progress prog;
    int status = CLI_OK;

    for (j = 0; j < m->nrules; j++)
        names[j] = m->names[j];
    if (pl->rank == 0)
        cli_progress_start(&prog, "simulate", (double)o->runs * (double)n);
    for (k = 0; k < n && status == CLI_OK; k++) {
        mfk_error err;
        int rc = mfk_sim_sweep_apply(sw, k, m->sim, &err);
        if (rc != MFK_OK) {
            if (pl->rank == 0)
                cli_progress_end(&prog);
            return rc == MFK_ENOMEM
                       ? (cli_error("simulate: %s", mfk_strerror(rc)),
                          CLI_INPUT)
                       : cli_usage_error("simulate", "--sweep %s=%g: %s",
                                         mfk_sim_sweep_name(sw),
                                         mfk_sim_sweep_value(sw, k),
                                         err.message);
        }
        rc = simulate(m, o, pl, NULL, &prog, (double)o->runs * (double)k);
        if (rc == MFK_OK && pl->rank == 0)
            rc = mfk_sim_sweep_keep(sw, k, m->sim, names, o->seed, o->runs);
        if (rc != MFK_OK) {
            cli_error("simulate: %s", mfk_strerror(rc));
            status = CLI_INPUT;
        }
    }
    if (pl->rank == 0)
        cli_progress_end(&prog);
    return status;
}

static int write_sweep_json(const void *ud, char *buf, size_t size,
                            size_t *len)
{
    return mfk_sim_sweep_write_json(ud, NULL, buf, size, len);
}

/* A table: a row per value, a column per rule. */
static void sweep_text(const struct model *m, const struct sim_opts *o,
                       const mfk_sim_sweep *sw)
{
    size_t k, j, n = mfk_sim_sweep_count(sw);
    const char *name = mfk_sim_sweep_name(sw);

    printf("%llu runs a value, seed %llu: %s from %g to %g, %zu values; "
           "the share adopted [95%% interval]\n\n",
           o->runs, o->seed, name, mfk_sim_sweep_value(sw, 0),
           mfk_sim_sweep_value(sw, n - 1), n);
    printf("%-12s", name);
    for (j = 0; j < m->nrules; j++)
        printf(j + 1 < m->nrules ? "  %-24s" : "  %s", m->names[j]);
    printf("\n");
    for (k = 0; k < n; k++) {
        printf("%-12g", mfk_sim_sweep_value(sw, k));
        for (j = 0; j < m->nrules; j++) {
            double share, lo, hi;
            char cell[64];
            mfk_sim_sweep_result(sw, k, j, NULL, &share, &lo, &hi, NULL);
            snprintf(cell, sizeof cell, "%.4f [%.4f, %.4f]", share, lo, hi);
            printf(j + 1 < m->nrules ? "  %-24s" : "  %s", cell);
        }
        printf("\n");
    }
}

static int sweep_csv(const mfk_sim_sweep *sw, FILE *f)
{
    size_t len = 0;
    char *buf;
    int rc = mfk_sim_sweep_write_csv(sw, NULL, NULL, 0, &len);
    if (rc != MFK_ERANGE)
        return rc;
    buf = malloc(len);
    if (buf == NULL)
        return MFK_ENOMEM;
    rc = mfk_sim_sweep_write_csv(sw, NULL, buf, len, &len);
    if (rc == MFK_OK && fwrite(buf, 1, len, f) != len)
        rc = MFK_EIO;
    free(buf);
    return rc;
}

static int write_sweep_svg(const void *ud, char *buf, size_t size,
                           size_t *len)
{
    return mfk_sim_sweep_write_svg(ud, NULL, buf, size, len);
}

static int run_all(const struct sim_opts *o, const struct place *pl)
{
    struct model m;
    mfk_sim_sweep *sw = NULL;
    cli_out out;
    FILE *csv = NULL;
    double t0 = 0, t1 = 0, mr = 0;
    size_t j;
    int status, rc;

    memset(&m, 0, sizeof m);
    if (cli_same_file(o->csv, o->scenario) ||
        cli_same_file(o->svg, o->scenario)) {
        cli_error("%s: not written: it is the scenario, an input",
                  cli_same_file(o->csv, o->scenario) ? o->csv : o->svg);
        return CLI_INPUT;
    }
    status = sweep_open(o, &sw);
    if (status == CLI_OK)
        status = build_body(o, &m);
    if (status == CLI_OK)
        status = configure(o, &m);
    if (status == CLI_OK && o->csv != NULL && pl->rank == 0) {
        csv = cli_out_open(&out, o->csv);
        if (csv == NULL)
            status = CLI_INPUT;
    }
    status = -agree(pl, -status);
    if (status == CLI_OK && sw != NULL) {
        t0 = now();
        status = sweep_run(&m, o, pl, sw);
        t1 = now();
    } else if (status == CLI_OK) {
        cli_progress prog;
        if (pl->rank == 0)
            cli_progress_start(&prog, "simulate", (double)o->runs);
        t0 = now();
        rc = simulate(&m, o, pl, csv, &prog, 0);
        t1 = now();
        if (pl->rank == 0)
            cli_progress_end(&prog);
        if (rc != MFK_OK) {
            cli_error("simulate: %s", mfk_strerror(rc));
            status = CLI_INPUT;
        }
    }
    if (status == CLI_OK && pl->rank == 0) {
        size_t points = sw != NULL ? mfk_sim_sweep_count(sw) : 1;
        if (sw == NULL)
            for (j = 0; j < m.nrules; j++)
                mr += stat(&m, j, MFK_SIM_MEMBER_ROUNDS, 0);
        fprintf(stderr,
                "%s: simulate: %llu runs, %zu rule%s, %d rank%s x %lu "
                "thread%s: %.3f s",
                cli_progname, o->runs * points, m.nrules,
                m.nrules == 1 ? "" : "s", pl->ranks,
                pl->ranks == 1 ? "" : "s", o->threads,
                o->threads == 1 ? "" : "s", t1 - t0);
        if (sw == NULL)
            fprintf(stderr, ", %.3g member-rounds/s", mr / (t1 - t0));
        fprintf(stderr, "\n");
        if (sw != NULL && o->format == CLI_JSON)
            status = cli_json_print("simulate", write_sweep_json, sw);
        else if (sw != NULL)
            sweep_text(&m, o, sw);
        else if (o->format == CLI_JSON)
            status = print_json(&m, o);
        else
            print_text(&m, o);
        if (fflush(stdout) != 0) {
            cli_error("standard output: cannot write: %s", strerror(errno));
            status = CLI_INPUT;
        }
        if (sw != NULL && csv != NULL && sweep_csv(sw, csv) != MFK_OK) {
            cli_error("%s: cannot write", o->csv);
            status = CLI_INPUT;
        }
        if (o->svg != NULL &&
            (sw != NULL ? cli_write_file(o->svg, write_sweep_svg, sw)
                       : write_svg(&m, o->svg)) !=
                CLI_OK)
            status = CLI_INPUT;
    }
    if (csv != NULL && cli_out_close(&out, status == CLI_OK) != CLI_OK)
        status = CLI_INPUT;
    mfk_sim_sweep_free(sw);
    mfk_sim_free(m.sim);
    mfk_body_free(m.own);
    mfk_scenario_free(m.scenario);
    return status;
}

int cli_simulate(int argc, char **argv)
{
    struct sim_opts o;
    struct place pl = {0, 1};
    int status;

#ifdef MFK_HAVE_MPI
    int inited = 0;
    MPI_Initialized(&inited);
    if (!inited && MPI_Init(&argc, &argv) != MPI_SUCCESS) {
        cli_error("simulate: MPI could not start");
        return CLI_INPUT;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &pl.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &pl.ranks);
    /* Rank 0 speaks for all: the others parse the same arguments and
     * would say the same. */
    if (pl.rank != 0 && (freopen("/dev/null", "w", stdout) == NULL ||
                         freopen("/dev/null", "w", stderr) == NULL))
        return CLI_INPUT;
#endif
    status = parse_options(argc, argv, &o);
    if (status == 1)
        status = CLI_OK; /* --help */
    else if (status == 0)
        status = run_all(&o, &pl);
#ifdef MFK_HAVE_MPI
    if (!inited)
        MPI_Finalize();
#endif
    return status;
}
