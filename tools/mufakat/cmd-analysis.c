/* The analysis commands: power, winset, dynamics. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_STATUS                                                            \
    "Exit status: 0 when it ran; 1 for invalid input or a file that "          \
    "cannot be read;\n2 for a wrong command line.\n"

/* ---- parsing numbers ---------------------------------------------------- */

/* Splits s at `sep` into numbers, finite; *out is malloc'ed. Returns 0,
 * or -1 (with nothing allocated) for an empty item or one that is not a
 * number. */
static int parse_numbers(const char *s, char sep, double **out, size_t *n)
{
    size_t cap = 1, k = 0;
    const char *p;
    double *v;
    for (p = s; *p; p++)
        if (*p == sep)
            cap++;
    v = malloc(cap * sizeof *v);
    if (v == NULL)
        return -1;
    p = s;
    for (;;) {
        char *end;
        errno = 0;
        v[k] = strtod(p, &end);
        if (end == p || errno != 0 || !isfinite(v[k]) ||
            (*end != sep && *end != '\0')) {
            free(v);
            return -1;
        }
        k++;
        if (*end == '\0')
            break;
        p = end + 1;
    }
    *out = v;
    *n = k;
    return 0;
}

/* Rows separated by ';', each of `cols` numbers separated by ','; *rows
 * gets their number. */
static int parse_rows(const char *s, size_t cols, double **out, size_t *rows)
{
    double *v = NULL, *row;
    size_t k = 0, n;
    const char *p = s;
    char *item;
    for (;;) {
        const char *semi = strchr(p, ';');
        size_t len = semi ? (size_t)(semi - p) : strlen(p);
        double *grown;
        item = malloc(len + 1);
        if (item == NULL)
            break;
        memcpy(item, p, len);
        item[len] = '\0';
        row = NULL;
        if (parse_numbers(item, ',', &row, &n) != 0 || n != cols) {
            free(item);
            free(row);
            break;
        }
        free(item);
        grown = realloc(v, (k + 1) * cols * sizeof *v);
        if (grown == NULL) {
            free(row);
            break;
        }
        v = grown;
        memcpy(v + k * cols, row, cols * sizeof *v);
        free(row);
        k++;
        if (semi == NULL) {
            *out = v;
            *rows = k;
            return 0;
        }
        p = semi + 1;
    }
    free(v);
    return -1;
}

/* How many items separated by sep. */
static size_t items(const char *s, char sep)
{
    size_t n = 1;
    for (; *s; s++)
        if (*s == sep)
            n++;
    return n;
}

/* An option that takes a value: 1 when argv[*i] was `name`, 0 when not,
 * CLI_USAGE (message printed) when its value is missing. */
static int value_of(const char *cmd, int argc, char **argv, int *i,
                    const char *name, const char **value)
{
    int r = cli_option_value(argc, argv, i, name, value);
    if (r < 0) {
        cli_usage_error(cmd, "option --%s needs a value", name);
        return -CLI_USAGE;
    }
    return r;
}

/* The options of a command: --help (prints help, returns -1), --format,
 * and --NAME VALUE for each of names[0..] (values[k] gets its value);
 * one FILE argument where file is not NULL. Returns 0, -1 after help, or
 * CLI_USAGE (message printed). */
static int parse_options(const char *cmd, int argc, char **argv,
                         void (*help)(void), enum cli_format *fmt,
                         const char *const *names, const char **values,
                         const char **file)
{
    int i, r, k;
    for (i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            help();
            return -1;
        }
        if ((r = cli_format_option(argc, argv, &i, fmt)) != 0) {
            if (r < 0)
                return cli_try_help(cmd);
            continue;
        }
        for (k = 0, r = 0; names[k] != NULL && r == 0; k++)
            r = value_of(cmd, argc, argv, &i, names[k], &values[k]);
        if (r < 0)
            return -r;
        if (r > 0)
            continue;
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error(cmd, "unknown option \"%s\"", argv[i]);
        if (file == NULL || *file != NULL)
            return cli_usage_error(cmd, "unexpected argument \"%s\"", argv[i]);
        *file = argv[i];
    }
    return 0;
}

/* ---- power ----------------------------------------------------------- */

static void power_help(void)
{
    printf("Usage: mufakat power --quota Q --weights W1,W2,...|@FILE "
           "[--names A,B,...]\n"
           "                     [--index LIST] [--method exact|approximate]"
           " [--format text|json]\n"
           "       mufakat power FILE [--index LIST] [--method "
           "exact|approximate] [--format text|json]\n"
           "Voting power in a weighted game, where a coalition wins when its "
           "weight is at\nleast Q (integers): Banzhaf (normalised and "
           "absolute), Shapley-Shubik,\nColeman's power to prevent action and "
           "to initiate it, veto players and\ndummies, from exact counts. "
           "With FILE, the game of the rule of the\nscenario's body; weights "
           "that are not integers are scaled by the smallest\npower of ten "
           "(at most 10^6) that makes them integers.\n\n"
           "  --quota Q           the weight a coalition needs\n"
           "  --weights W1,...    the players' weights, integers >= 0\n"
           "  --weights @FILE     the weights from FILE, separated by commas "
           "or white space\n"
           "  --names A,B,...     the players' names (default P1, P2, ...)\n"
           "  --index LIST        only these indices, separated by commas: "
           "banzhaf,\n"
           "                      banzhaf_absolute, shapley_shubik, "
           "coleman_prevent,\n"
           "                      coleman_initiate, deegan_packel, "
           "public_good, johnston\n"
           "                      (default: the first five)\n"
           "  --method approximate  banzhaf and shapley_shubik estimated, "
           "with a bound on\n"
           "                      each one's error, for games too large to "
           "count\n"
           "  --format text|json  a table for people (default), or JSON\n"
           "  --help              print this help\n\n" EXIT_STATUS
           "See mufakat-power(1), mfk_game_new(3), "
           "mfk_game_compute_indices(3).\n");
}

struct power_in {
    mfk_game *g;
    char **names; /* NULL: P1, P2, ... */
    const char *rule;
    /* the indices asked for (0.2); count 0: the five of 0.1 */
    mfk_index index[MFK_INDEX_JOHNSTON + 1];
    size_t count;
    int approximate;
};

static const char *player_name(const struct power_in *in, size_t i, char *buf)
{
    if (in->names != NULL)
        return in->names[i];
    snprintf(buf, 32, "P%zu", i + 1);
    return buf;
}

static int write_game(const void *ud, char *buf, size_t size, size_t *len)
{
    const struct power_in *in = ud;
    if (in->count > 0)
        return mfk_game_write_json_indices(
            in->g, (const char *const *)in->names, in->rule, in->index,
            in->count, NULL, buf, size, len);
    return mfk_game_write_json(in->g, (const char *const *)in->names, in->rule,
                               NULL, buf, size, len);
}

/* The game's rule, scale and quota, the table's first lines. */
static void power_heading(const struct power_in *in)
{
    const mfk_game *g = in->g;
    if (in->rule != NULL)
        printf("Rule: %s.\n", in->rule);
    if (mfk_game_scale(g) != 1)
        printf("Weights scaled by %lu to make them integers.\n",
               mfk_game_scale(g));
    printf("Quota %lu of %lu", mfk_game_quota(g), mfk_game_total_weight(g));
    if (mfk_game_members_quota(g) > 0)
        printf(", with at least %zu member%s", mfk_game_members_quota(g),
               mfk_game_members_quota(g) == 1 ? "" : "s");
    if (mfk_game_min_blocking(g) > 0)
        printf("; fewer than %zu outside cannot block",
               mfk_game_min_blocking(g));
}

/* Prints the indices; CLI_OK, or CLI_INPUT (message printed). */
static int power_print(const struct power_in *in, enum cli_format fmt,
                       int shapley)
{
    const mfk_game *g = in->g;
    size_t n = mfk_game_player_count(g), i;
    double *x[5];
    static const mfk_index which[5] = {
        MFK_INDEX_BANZHAF, MFK_INDEX_BANZHAF_ABSOLUTE, MFK_INDEX_SHAPLEY_SHUBIK,
        MFK_INDEX_COLEMAN_PREVENT, MFK_INDEX_COLEMAN_INITIATE};
    char buf[32];
    int k, rc = CLI_OK;

    if (fmt == CLI_JSON)
        return cli_json_print("power", write_game, in);
    for (k = 0; k < 5; k++) {
        x[k] = calloc(n, sizeof *x[k]);
        if (x[k] != NULL && (k != 2 || shapley))
            mfk_game_index(g, which[k], x[k]);
    }
    for (k = 0; k < 5; k++)
        if (x[k] == NULL) {
            cli_error("out of memory");
            rc = CLI_INPUT;
            goto done;
        }
    power_heading(in);
    printf(".\n\n%-12s %10s %9s %10s %9s %9s %9s\n", "player", "weight",
           "Banzhaf", "absolute", "Shapley", "prevent", "initiate");
    for (i = 0; i < n; i++) {
        int veto = 0, dummy = 0;
        mfk_game_veto(g, i, &veto);
        mfk_game_dummy(g, i, &dummy);
        printf("%-12s %10lu %9.4f %10.4g ", player_name(in, i, buf),
               mfk_game_weight(g, i), x[0][i], x[1][i]);
        if (shapley)
            printf("%9.4f", x[2][i]);
        else
            printf("%9s", "-");
        printf(" %9.4f %9.4g%s%s\n", x[3][i], x[4][i], veto ? "  veto" : "",
               dummy ? "  dummy" : "");
    }
done:
    for (k = 0; k < 5; k++)
        free(x[k]);
    return rc;
}

/* The indices asked for with --index, as a table: a column for each (and
 * its bound after an approximation). */
static int power_print_indices(const struct power_in *in, enum cli_format fmt)
{
    const mfk_game *g = in->g;
    size_t n = mfk_game_player_count(g), i, k;
    double *x[MFK_INDEX_JOHNSTON + 1] = {NULL}, *e[MFK_INDEX_JOHNSTON + 1] = {NULL};
    char buf[32];
    int rc = CLI_OK;

    if (fmt == CLI_JSON)
        return cli_json_print("power", write_game, in);
    for (k = 0; k < in->count; k++) {
        x[k] = calloc(n, sizeof *x[k]);
        e[k] = calloc(n, sizeof *e[k]);
        if (x[k] == NULL || e[k] == NULL) {
            cli_error("out of memory");
            rc = CLI_INPUT;
            goto done;
        }
        mfk_game_index(g, in->index[k], x[k]);
        if (!in->approximate) {
            free(e[k]);
            e[k] = NULL;
        } else {
            mfk_game_index_error(g, in->index[k], e[k]);
        }
    }
    power_heading(in);
    printf(".\n%s\n%-12s %10s", in->approximate
                                    ? "Estimates by the multilinear "
                                      "extension, each with a bound on "
                                      "its error.\n"
                                    : "",
           "player", "weight");
    for (k = 0; k < in->count; k++) {
        printf(" %16s", mfk_name(MFK_NAMES_INDEX, (int)in->index[k]));
        if (e[k] != NULL)
            printf(" %9s", "error");
    }
    printf("\n");
    for (i = 0; i < n; i++) {
        int veto = 0, dummy = 0, known;
        mfk_game_veto(g, i, &veto);
        known = mfk_game_dummy(g, i, &dummy) == MFK_OK;
        printf("%-12s %10lu", player_name(in, i, buf), mfk_game_weight(g, i));
        for (k = 0; k < in->count; k++) {
            printf(" %16.6g", x[k][i]);
            if (e[k] != NULL)
                printf(" %9.2g", e[k][i]);
        }
        printf("%s%s\n", veto ? "  veto" : "",
               known && dummy ? "  dummy" : "");
    }
done:
    for (k = 0; k < in->count; k++) {
        free(x[k]);
        free(e[k]);
    }
    return rc;
}

/* "power: the tables ... would take N bytes; the limit is ...", for a
 * request refused with MFK_ELIMIT. */
static void power_limit_error(const mfk_game *g, const mfk_index *index,
                              size_t count)
{
    size_t bytes = 0;
    if (mfk_game_table_bytes(g, index, count, &bytes) != MFK_OK ||
        bytes == (size_t)-1)
        cli_error("power: the tables of exact counts would pass the limit "
                  "of %zu bytes (1 GiB)",
                  MFK_GAME_MAX_BYTES);
    else
        cli_error("power: the tables of exact counts would take %zu bytes "
                  "(%.3g GiB); the limit is %zu bytes (1 GiB)",
                  bytes, (double)bytes / (double)MFK_GAME_MAX_BYTES,
                  MFK_GAME_MAX_BYTES);
}

/* Computes every index; when the Shapley-Shubik table would be too large,
 * the others alone, saying so. Returns 1 with Shapley-Shubik, 0 without,
 * -1 on failure (message printed). */
static int power_compute(mfk_game *g)
{
    int rc = mfk_game_compute(g, MFK_POWER_ALL);
    if (rc == MFK_OK)
        return 1;
    if (rc == MFK_ELIMIT) {
        cli_error("the Shapley-Shubik index needs more than 1 GiB for this "
                  "game: left out");
        rc = mfk_game_compute(g, MFK_POWER_BANZHAF);
        if (rc == MFK_OK)
            return 0;
    }
    if (rc == MFK_ELIMIT) {
        mfk_index bz = MFK_INDEX_BANZHAF;
        power_limit_error(g, &bz, 1);
    } else {
        cli_error("power: %s", mfk_strerror(rc));
    }
    return -1;
}

/* Computes and prints what in asks for; CLI_OK or CLI_INPUT. */
static int power_run(struct power_in *in, enum cli_format fmt)
{
    int rc, shapley;
    if (in->count == 0) {
        shapley = power_compute(in->g);
        return shapley >= 0 ? power_print(in, fmt, shapley) : CLI_INPUT;
    }
    rc = in->approximate
             ? mfk_game_approximate(in->g, in->index, in->count)
             : mfk_game_compute_indices(in->g, in->index, in->count);
    if (rc == MFK_ELIMIT) {
        power_limit_error(in->g, in->index, in->count);
        cli_error("power: --method approximate estimates banzhaf and "
                  "shapley_shubik for games of any size");
        return CLI_INPUT;
    }
    if (rc == MFK_EINVAL && (mfk_game_members_quota(in->g) > 0 ||
                             mfk_game_min_blocking(in->g) > 0)) {
        cli_error("power: %s needs a game of weights and quota alone, "
                  "without a members quota or a blocking clause",
                  in->approximate ? "--method approximate"
                                  : "deegan_packel, public_good or johnston");
        return CLI_INPUT;
    }
    if (rc != MFK_OK) {
        cli_error("power: %s", mfk_strerror(rc));
        return CLI_INPUT;
    }
    return power_print_indices(in, fmt);
}

/* --index LIST and --method into in; CLI_OK or CLI_USAGE (message
 * printed). */
static int power_options(struct power_in *in, const char *index,
                         const char *method)
{
    if (method != NULL) {
        if (strcmp(method, "approximate") == 0)
            in->approximate = 1;
        else if (strcmp(method, "exact") != 0)
            return cli_usage_error("power",
                                   "--method: \"%s\" is neither exact nor "
                                   "approximate",
                                   method);
    }
    if (index != NULL) {
        const char *p = index;
        for (;;) {
            const char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p), k;
            char name[32];
            int v;
            if (len >= sizeof name)
                len = sizeof name - 1;
            memcpy(name, p, len);
            name[len] = '\0';
            if (mfk_lookup(MFK_NAMES_INDEX, name, &v) != MFK_OK)
                return cli_usage_error(
                    "power", "--index: \"%s\" is not an index (banzhaf, "
                             "banzhaf_absolute, shapley_shubik, "
                             "coleman_prevent, coleman_initiate, "
                             "deegan_packel, public_good, johnston)",
                    name);
            for (k = 0; k < in->count && in->index[k] != (mfk_index)v; k++)
                ;
            if (k == in->count)
                in->index[in->count++] = (mfk_index)v;
            if (comma == NULL)
                break;
            p = comma + 1;
        }
    }
    if (in->approximate) {
        size_t k;
        if (in->count == 0) {
            in->index[in->count++] = MFK_INDEX_BANZHAF;
            in->index[in->count++] = MFK_INDEX_SHAPLEY_SHUBIK;
        }
        for (k = 0; k < in->count; k++)
            if (in->index[k] != MFK_INDEX_BANZHAF &&
                in->index[k] != MFK_INDEX_SHAPLEY_SHUBIK)
                return cli_usage_error(
                    "power", "--method approximate: only banzhaf and "
                             "shapley_shubik, not %s",
                    mfk_name(MFK_NAMES_INDEX, (int)in->index[k]));
    }
    return CLI_OK;
}

static int power_from_file(const char *file, enum cli_format fmt,
                           struct power_in *in)
{
    mfk_scenario *s = NULL;
    mfk_error err;
    const mfk_body *b;
    size_t i, n;
    int rc;

    if (mfk_scenario_read_file(&s, file, NULL, &err) != MFK_OK) {
        cli_input_error(file, &err);
        return CLI_INPUT;
    }
    b = mfk_scenario_body(s);
    n = mfk_body_member_count(b);
    rc = mfk_game_from_rule(&in->g, b, NULL, NULL);
    if (rc != MFK_OK) {
        if (rc == MFK_ERANGE)
            cli_error("%s: /body/rule: no game of weights and quota: the "
                      "members' weights need more than six decimals, or "
                      "no coalition (or every one) meets the rule",
                      file);
        else
            cli_error("%s: /body/rule: %s", file, mfk_strerror(rc));
        mfk_scenario_free(s);
        return CLI_INPUT;
    }
    in->rule = mfk_name(MFK_NAMES_RULE, (int)mfk_body_rule(b)->kind);
    in->names = calloc(n, sizeof *in->names);
    if (in->names == NULL) {
        cli_error("out of memory");
        rc = CLI_INPUT;
    } else {
        for (i = 0; i < n; i++)
            in->names[i] = (char *)mfk_body_member_id(b, i);
        rc = power_run(in, fmt);
    }
    free(in->names);
    mfk_game_free(in->g);
    mfk_scenario_free(s);
    return rc;
}

/* The largest weight, as --weights @FILE reads them: 15 digits. */
#define WEIGHT_MAX 999999999999999.0

/* Integers >= 0 separated by commas: 0, -1 when it is not such a list, or
 * the place (from 1) of a weight past WEIGHT_MAX. */
static long parse_weights(const char *s, unsigned long **out, size_t *n)
{
    double *v;
    size_t i;
    if (parse_numbers(s, ',', &v, n) != 0)
        return -1;
    *out = malloc(*n * sizeof **out);
    if (*out == NULL) {
        free(v);
        return -1;
    }
    for (i = 0; i < *n; i++) {
        if (v[i] < 0 || v[i] != floor(v[i]) || v[i] > WEIGHT_MAX) {
            long bad = v[i] > WEIGHT_MAX ? (long)i + 1 : -1;
            free(v);
            free(*out);
            return bad;
        }
        (*out)[i] = (unsigned long)v[i];
    }
    free(v);
    return 0;
}

/* --weights @FILE: integers >= 0 separated by commas or white space (a
 * comma between two, at most). CLI_OK, or CLI_INPUT with a message that
 * names the file, line and column. */
static int read_weights(const char *file, unsigned long **out, size_t *n)
{
    FILE *f = fopen(file, "r");
    unsigned long *v = NULL, line = 1, col = 0, x = 0;
    size_t cap = 0, k = 0;
    int c, in_number = 0, comma = 0, digits = 0;
    unsigned long at_line = 1, at_col = 1;

    if (f == NULL) {
        cli_error("%s: %s", file, strerror(errno));
        return CLI_INPUT;
    }
    for (;;) {
        c = getc(f);
        col++;
        if (c != EOF && c >= '0' && c <= '9') {
            if (!in_number) {
                at_line = line;
                at_col = col;
                x = 0;
                digits = 0;
            }
            in_number = 1;
            if (++digits > 15)
                goto bad_number;
            x = x * 10 + (unsigned long)(c - '0');
            continue;
        }
        if (in_number) {
            if (k == cap) {
                unsigned long *grown;
                cap = cap ? 2 * cap : 1024;
                grown = realloc(v, cap * sizeof *v);
                if (grown == NULL) {
                    cli_error("out of memory");
                    goto fail;
                }
                v = grown;
            }
            v[k++] = x;
            in_number = 0;
            comma = 0;
        }
        if (c == EOF)
            break;
        if (c == ',') {
            if (comma || k == 0) {
                cli_error("%s:%lu:%lu: a comma where a weight should be",
                          file, line, col);
                goto fail;
            }
            comma = 1;
        } else if (c == '\n') {
            line++;
            col = 0;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            at_line = line;
            at_col = col;
            goto bad_number;
        }
    }
    if (ferror(f)) {
        cli_error("%s: %s", file, strerror(errno));
        goto fail;
    }
    fclose(f);
    if (k == 0) {
        free(v);
        cli_error("%s: no weights", file);
        return CLI_INPUT;
    }
    *out = v;
    *n = k;
    return CLI_OK;
bad_number:
    cli_error("%s:%lu:%lu: not a weight (an integer from 0 to "
              "999999999999999)",
              file, at_line, at_col);
fail:
    fclose(f);
    free(v);
    return CLI_INPUT;
}

/* The names, split at commas, in one malloc'ed block. */
static char **split_names(const char *s, size_t *n)
{
    size_t count = items(s, ','), len = strlen(s), k = 0;
    char **v = malloc(count * sizeof *v + len + 1), *copy, *p;
    if (v == NULL)
        return NULL;
    copy = (char *)(v + count);
    memcpy(copy, s, len + 1);
    v[k++] = copy;
    for (p = copy; *p; p++)
        if (*p == ',') {
            *p = '\0';
            v[k++] = p + 1;
        }
    *n = count;
    return v;
}

int cli_power(int argc, char **argv)
{
    static const char *const names_[] = {"quota", "weights", "names",
                                         "index", "method",  NULL};
    enum cli_format fmt = CLI_TEXT;
    const char *v[5] = {NULL, NULL, NULL, NULL, NULL}, *file = NULL;
    const char *quota, *weights, *names;
    struct power_in in;
    unsigned long *w = NULL, q;
    size_t n, nn = 0;
    char *end;
    long bad;
    int rc;

    memset(&in, 0, sizeof in);
    rc = parse_options("power", argc, argv, power_help, &fmt, names_, v, &file);
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    quota = v[0];
    weights = v[1];
    names = v[2];
    if ((rc = power_options(&in, v[3], v[4])) != CLI_OK)
        return rc;
    if (file != NULL) {
        if (quota != NULL || weights != NULL || names != NULL)
            return cli_usage_error("power", "give either FILE or --quota "
                                            "and --weights, not both");
        return power_from_file(file, fmt, &in);
    }
    if (quota == NULL || weights == NULL)
        return cli_usage_error("power", "--quota and --weights are needed "
                                        "(or a scenario FILE)");
    errno = 0;
    q = strtoul(quota, &end, 10);
    if (end == quota || *end != '\0' || errno != 0 || quota[0] == '-')
        return cli_usage_error("power", "--quota: \"%s\" is not an integer",
                               quota);
    if (weights[0] == '@') {
        if (read_weights(weights + 1, &w, &n) != CLI_OK)
            return CLI_INPUT;
    } else if ((bad = parse_weights(weights, &w, &n)) > 0) {
        const char *at = weights;
        long k;
        for (k = 1; k < bad; k++)
            at = strchr(at, ',') + 1;
        return cli_usage_error("power",
                               "--weights: weight %ld, %.*s, is past "
                               "999999999999999, the largest a weight "
                               "may be",
                               bad, (int)strcspn(at, ","), at);
    } else if (bad != 0) {
        return cli_usage_error("power",
                               "--weights: \"%s\" is not a list of "
                               "integers >= 0 separated by commas",
                               weights);
    }
    if (names != NULL) {
        in.names = split_names(names, &nn);
        if (in.names == NULL || nn != n) {
            free(w);
            free(in.names);
            return cli_usage_error("power",
                                   "--names: %zu names for %zu weights", nn, n);
        }
    }
    rc = mfk_game_new(&in.g, n, q, w, NULL);
    free(w);
    if (rc != MFK_OK) {
        free(in.names);
        if (rc == MFK_ERANGE)
            return cli_usage_error("power",
                                   "--quota: %lu is not between 1 and "
                                   "the total weight",
                                   q);
        return cli_usage_error("power", "%s", mfk_strerror(rc));
    }
    rc = power_run(&in, fmt);
    mfk_game_free(in.g);
    free(in.names);
    return rc;
}

/* ---- winset ---------------------------------------------------------- */

static void winset_help(void)
{
    printf("Usage: mufakat winset --ideals X1,X2,... --status-quo Q\n"
           "                      --rule unanimity|majority|quota:K "
           "[--format text|json]\n"
           "       mufakat winset --ideals X,Y;X,Y;... --status-quo X,Y "
           "--rule ...\n"
           "The win-set: the points that the rule strictly prefers to the "
           "status quo,\nwith Euclidean preferences around the members' "
           "ideal points. In one\ndimension, the open intervals it is made "
           "of; in two, whether it is empty\nand its point nearest the "
           "first member's ideal point (within 1e-9).\n\n"
           "  --ideals ...        the members' ideal points\n"
           "  --status-quo Q      the status quo\n"
           "  --rule R            unanimity (every member), majority (more "
           "than half),\n"
           "                      or quota:K (at least K members)\n"
           "  --format text|json  text for people (default), or JSON\n"
           "  --help              print this help\n\n" EXIT_STATUS
           "See mufakat(1), mfk_winset_1d(3).\n");
}

/* The members the rule needs of n (mfk_winset_quota), or 0 for a bad
 * rule, its usage error printed. */
static size_t rule_quota(const char *rule, size_t n)
{
    mfk_error err;
    size_t quota;
    if (mfk_winset_quota(rule, n, &quota, &err) == MFK_OK)
        return quota;
    cli_usage_error("winset", "--rule: %s", err.message);
    return 0;
}

static void win_empty(size_t quota, size_t n)
{
    printf("The win-set is empty: %zu of the %zu members prefer no point to "
           "the status quo.\n",
           quota, n);
}

/* The library's JSON of the results, for cli_json_print. */
struct winset_out {
    const double *iv;
    size_t count;
};

static int write_winset(const void *ud, char *buf, size_t size, size_t *len)
{
    const struct winset_out *o = ud;
    return mfk_winset_write_json(o->iv, o->count, NULL, buf, size, len);
}

struct winset_point {
    int empty;
    const double *pt;
};

static int write_winset_point(const void *ud, char *buf, size_t size,
                              size_t *len)
{
    const struct winset_point *o = ud;
    return mfk_winset_point_write_json(o->empty, o->pt, NULL, buf, size, len);
}

struct dynamics_out {
    const double *final;
    size_t n;
    unsigned rounds;
    int converged;
};

static int write_dynamics(const void *ud, char *buf, size_t size,
                          size_t *len)
{
    const struct dynamics_out *o = ud;
    return mfk_dynamics_write_json(o->final, o->n, o->rounds, o->converged,
                                   NULL, buf, size, len);
}

static int winset_1d(const double *ideals, size_t n, const char *sq_text,
                     size_t quota, enum cli_format fmt)
{
    double sq, *iv;
    size_t count, k;
    char *end;
    int rc;

    errno = 0;
    sq = strtod(sq_text, &end);
    if (end == sq_text || *end != '\0' || errno != 0 || !isfinite(sq))
        return cli_usage_error("winset", "--status-quo: \"%s\" is not a number",
                               sq_text);
    iv = malloc(2 * n * sizeof *iv);
    if (iv == NULL) {
        cli_error("out of memory");
        return CLI_INPUT;
    }
    rc = mfk_winset_1d(n, ideals, NULL, (double)quota, sq, iv, n, &count, NULL);
    if (rc != MFK_OK) {
        free(iv);
        cli_error("winset: %s", mfk_strerror(rc));
        return CLI_INPUT;
    }
    if (fmt == CLI_JSON) {
        struct winset_out out = {iv, count};
        rc = cli_json_print("winset", write_winset, &out);
    } else if (count == 0) {
        win_empty(quota, n);
    } else {
        char a[32], b[32];
        printf("Points that %zu of %zu members prefer to the status quo:",
               quota, n);
        for (k = 0; k < count; k++)
            printf("%s (%s, %s)", k ? " and" : "", mfk_number_json(iv[2 * k], a),
                   mfk_number_json(iv[2 * k + 1], b));
        printf(".\n");
    }
    free(iv);
    return fmt == CLI_JSON ? rc : CLI_OK;
}

static int winset_2d(const char *ideals_text, const char *sq_text,
                     const char *rule, enum cli_format fmt)
{
    double *ideals, *sq, pt[2];
    size_t n, nsq, quota;
    int empty, rc;

    if (parse_rows(ideals_text, 2, &ideals, &n) != 0)
        return cli_usage_error("winset",
                               "--ideals: \"%s\" is not a list of points "
                               "X,Y separated by ';'",
                               ideals_text);
    sq = NULL;
    if (parse_numbers(sq_text, ',', &sq, &nsq) != 0 || nsq != 2) {
        free(sq);
        free(ideals);
        return cli_usage_error(
            "winset", "--status-quo: \"%s\" is not a point X,Y", sq_text);
    }
    quota = rule_quota(rule, n);
    if (quota == 0) {
        free(ideals);
        free(sq);
        return CLI_USAGE;
    }
    rc = mfk_winset_2d(n, ideals, NULL, (double)quota, sq, ideals, &empty, pt,
                       NULL);
    free(ideals);
    free(sq);
    if (rc != MFK_OK) {
        cli_error("winset: %s", mfk_strerror(rc));
        return CLI_INPUT;
    }
    if (fmt == CLI_JSON) {
        struct winset_point out = {empty, pt};
        return cli_json_print("winset", write_winset_point, &out);
    } else if (empty) {
        win_empty(quota, n);
    } else {
        char a[32], b[32];
        printf("The win-set is not empty; its point nearest the first "
               "member's ideal point:\n(%s, %s).\n",
               mfk_number_json(pt[0], a), mfk_number_json(pt[1], b));
    }
    return CLI_OK;
}

int cli_winset(int argc, char **argv)
{
    static const char *const names[] = {"ideals", "status-quo", "rule", NULL};
    enum cli_format fmt = CLI_TEXT;
    const char *v[3] = {NULL, NULL, NULL}, *ideals, *sq, *rule;
    double *x;
    size_t n, quota;
    int rc;

    rc = parse_options("winset", argc, argv, winset_help, &fmt, names, v, NULL);
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    ideals = v[0];
    sq = v[1];
    rule = v[2];
    if (ideals == NULL || sq == NULL || rule == NULL)
        return cli_usage_error("winset",
                               "--ideals, --status-quo and --rule are needed");
    if (strchr(sq, ',') != NULL)
        return winset_2d(ideals, sq, rule, fmt);
    if (strchr(ideals, ';') != NULL)
        return cli_usage_error("winset", "--ideals in two dimensions need a "
                                         "status quo X,Y");
    if (parse_numbers(ideals, ',', &x, &n) != 0)
        return cli_usage_error("winset",
                               "--ideals: \"%s\" is not a list of numbers "
                               "separated by commas",
                               ideals);
    quota = rule_quota(rule, n);
    if (quota == 0) {
        free(x);
        return CLI_USAGE;
    }
    rc = winset_1d(x, n, sq, quota, fmt);
    free(x);
    return rc;
}

/* ---- dynamics -------------------------------------------------------- */

static void dynamics_help(void)
{
    printf("Usage: mufakat dynamics --model degroot|friedkin-johnsen "
           "--matrix \"A,B;C,D\"\n"
           "                        --initial X1,X2,... "
           "[--susceptibility L1,L2,...]\n"
           "                        [--rounds N] [--format text|json]\n"
           "Opinions over rounds of consultation. DeGroot: x(k+1) = W x(k); "
           "each member\ntakes the mean of the opinions it heeds, row i of "
           "W. Friedkin-Johnsen:\nx(k+1) = L W x(k) + (I - L) x(0), L the "
           "susceptibilities: each member keeps\na share of its first "
           "opinion. Rounds stop when no opinion moves by more\nthan "
           "1e-12, or after N.\n\n"
           "  --model M             degroot or friedkin-johnsen\n"
           "  --matrix \"A,B;C,D\"    W, rows separated by ';', each "
           "non-negative and\n"
           "                        summing to 1\n"
           "  --initial X1,...      the first opinions\n"
           "  --susceptibility ...  friedkin-johnsen: each member's, from "
           "0 to 1\n"
           "  --rounds N            at most N rounds (default 1000)\n"
           "  --format text|json    text for people (default), or JSON\n"
           "  --help                print this help\n\n" EXIT_STATUS
           "See mufakat(1), mfk_dynamics_run(3).\n");
}

struct dyn_args {
    const char *model, *matrix, *initial, *lambda, *rounds;
};

static int dynamics_run(const struct dyn_args *a, enum cli_format fmt)
{
    double *w = NULL, *x0 = NULL, *lam = NULL, *final = NULL;
    size_t n = 0, rows = 0, nl = 0, k;
    unsigned long max_rounds = 1000;
    unsigned rounds;
    int fj, converged, rc = CLI_USAGE;
    char *end;

    fj = strcmp(a->model, "friedkin-johnsen") == 0;
    if (!fj && strcmp(a->model, "degroot") != 0)
        return cli_usage_error("dynamics",
                               "--model: \"%s\" is not degroot or "
                               "friedkin-johnsen",
                               a->model);
    if (fj != (a->lambda != NULL))
        return cli_usage_error("dynamics",
                               fj ? "friedkin-johnsen needs --susceptibility"
                                  : "--susceptibility is for "
                                    "friedkin-johnsen");
    if (a->rounds != NULL) {
        errno = 0;
        max_rounds = strtoul(a->rounds, &end, 10);
        if (end == a->rounds || *end != '\0' || errno != 0 ||
            a->rounds[0] == '-' || max_rounds < 1 || max_rounds > 100000000UL)
            return cli_usage_error("dynamics",
                                   "--rounds: \"%s\" is not a number of "
                                   "rounds from 1 to 10^8",
                                   a->rounds);
    }
    if (parse_numbers(a->initial, ',', &x0, &n) != 0) {
        cli_usage_error("dynamics",
                        "--initial: \"%s\" is not a list of numbers "
                        "separated by commas",
                        a->initial);
        goto done;
    }
    if (parse_rows(a->matrix, n, &w, &rows) != 0 || rows != n) {
        cli_usage_error("dynamics",
                        "--matrix: \"%s\" is not %zu rows of %zu numbers "
                        "(rows separated by ';')",
                        a->matrix, n, n);
        goto done;
    }
    if (fj && (parse_numbers(a->lambda, ',', &lam, &nl) != 0 || nl != n)) {
        cli_usage_error("dynamics",
                        "--susceptibility: \"%s\" is not %zu numbers",
                        a->lambda, n);
        goto done;
    }
    final = malloc(n * sizeof *final);
    if (final == NULL) {
        cli_error("out of memory");
        rc = CLI_INPUT;
        goto done;
    }
    rc = mfk_dynamics_run(n, w, lam, x0, 1e-12, (unsigned)max_rounds, final,
                          &rounds, &converged, NULL);
    if (rc == MFK_ERANGE) {
        rc = cli_usage_error("dynamics",
                             "--matrix rows must be non-negative and sum to "
                             "1, susceptibilities lie from 0 to 1");
        goto done;
    }
    if (rc != MFK_OK) {
        cli_error("dynamics: %s", mfk_strerror(rc));
        rc = CLI_INPUT;
        goto done;
    }
    rc = CLI_OK;
    if (fmt == CLI_JSON) {
        struct dynamics_out out = {final, n, rounds, converged};
        rc = cli_json_print("dynamics", write_dynamics, &out);
    } else {
        char buf[32];
        if (converged)
            printf("Settled after %u round%s.\n", rounds,
                   rounds == 1 ? "" : "s");
        else
            printf("Still moving after %u round%s.\n", rounds,
                   rounds == 1 ? "" : "s");
        for (k = 0; k < n; k++)
            printf("  member %zu: %s\n", k + 1, mfk_number_json(final[k], buf));
    }
done:
    free(w);
    free(x0);
    free(lam);
    free(final);
    return rc;
}

int cli_dynamics(int argc, char **argv)
{
    static const char *const names[] = {"model",          "matrix", "initial",
                                        "susceptibility", "rounds", NULL};
    enum cli_format fmt = CLI_TEXT;
    const char *v[5] = {NULL, NULL, NULL, NULL, NULL};
    struct dyn_args a;
    int rc;

    rc = parse_options("dynamics", argc, argv, dynamics_help, &fmt, names, v,
                       NULL);
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    a.model = v[0];
    a.matrix = v[1];
    a.initial = v[2];
    a.lambda = v[3];
    a.rounds = v[4];
    if (a.model == NULL || a.matrix == NULL || a.initial == NULL)
        return cli_usage_error("dynamics",
                               "--model, --matrix and --initial are needed");
    return dynamics_run(&a, fmt);
}
