/* mufakat predict: the predicted outcome of a negotiation, issue by
 * issue, by the compromise model, the weighted median, the Nash
 * bargaining solution and the exchange model (mfk_predict(3)). */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void predict_help(void)
{
    printf("Usage: mufakat predict FILE [--model LIST] [--rounds N] "
           "[--status-quo X1,...]\n"
           "                       [--format text|json] [--svg FILE] "
           "[--scenario OUT]\n"
           "The outcome of a negotiation predicted from each member's "
           "position, salience\nand capability on each issue. FILE is a "
           "scenario (the body's dimensions are\nthe issues) or a table "
           "of the exchange model (#A, #P, #M and #D rows).\n\n"
           "  --model LIST        models, comma-separated: compromise "
           "(default), median,\n"
           "                      nbs, exchange\n"
           "  --rounds N          the exchange model's rounds (default "
           "10)\n"
           "  --status-quo X1,... nbs: the status quo, one number an issue "
           "(default: the\n"
           "                      scenario's first proposal's)\n"
           "  --format text|json  text for people (default), or JSON\n"
           "  --svg FILE          also draw the positions and outcomes, "
           "issue by issue\n"
           "  --scenario OUT      also write FILE's scenario with the first "
           "model's outcome\n"
           "                      as a new proposal \"predicted\", for "
           "'mufakat run OUT'\n"
           "  --help              print this help\n\n"
           "Exit status: 0 when it ran; 1 for invalid input or a file that "
           "cannot be\nread or written; 2 for a wrong command line.\n"
           "See mufakat-predict(1), mfk_predict(3).\n");
}

struct predict_opts {
    const char *file, *models, *rounds, *sq, *svg, *scenario;
    enum cli_format fmt;
};

struct predict_out {
    const mfk_prediction *const *ps;
    size_t n;
    const mfk_body *body;
};

static int write_predictions(const void *ud, char *buf, size_t size,
                             size_t *len)
{
    const struct predict_out *o = ud;
    return mfk_prediction_write_json(o->ps, o->n, o->body, NULL, buf, size,
                                     len);
}

static int write_chart(const void *ud, char *buf, size_t size, size_t *len)
{
    const struct predict_out *o = ud;
    return mfk_prediction_write_svg(o->ps, o->n, o->body, NULL, buf, size,
                                    len);
}

static const char *issue_name(const mfk_body *b, unsigned k, char *num,
                              size_t size)
{
    const char *name = mfk_body_dimension_name(b, k);
    if (name != NULL)
        return name;
    snprintf(num, size, "%u", k + 1);
    return num;
}

/* The models of LIST into models[], *n of them; 0, or -1 (message
 * printed) for an unknown or repeated one. */
static int parse_models(const char *list, mfk_predict_model *models,
                        size_t *n)
{
    char name[32];
    const char *p = list, *end;
    size_t k;
    *n = 0;
    for (;;) {
        mfk_predict_model m;
        end = strchr(p, ',');
        k = end != NULL ? (size_t)(end - p) : strlen(p);
        if (k == 0 || k >= sizeof name) {
            cli_usage_error("predict", "--model: \"%s\" is not a list of "
                                       "compromise, median, nbs, exchange",
                            list);
            return -1;
        }
        memcpy(name, p, k);
        name[k] = '\0';
        if (mfk_predict_model_lookup(name, &m) != MFK_OK) {
            cli_usage_error("predict", "--model: unknown model \"%s\": "
                                       "expected compromise, median, nbs "
                                       "or exchange",
                            name);
            return -1;
        }
        for (k = 0; k < *n; k++)
            if (models[k] == m) {
                cli_usage_error("predict", "--model: \"%s\" named twice",
                                name);
                return -1;
            }
        models[(*n)++] = m;
        if (end == NULL)
            return 0;
        p = end + 1;
    }
}

/* X1,...,Xd: exactly d finite numbers. */
static int parse_point(const char *s, unsigned d, double *x)
{
    unsigned k = 0;
    char *end;
    for (;;) {
        if (k == d)
            return -1;
        errno = 0;
        x[k] = strtod(s, &end);
        if (end == s || errno != 0 || !isfinite(x[k]))
            return -1;
        k++;
        if (*end == '\0')
            return k == d ? 0 : -1;
        if (*end != ',')
            return -1;
        s = end + 1;
    }
}

static void print_text(const mfk_body *b, mfk_prediction *const *ps,
                       size_t n)
{
    unsigned k, dims = mfk_body_dims(b), r;
    size_t i, total;
    int w = 5;
    char num[16], v[MFK_NUMBER_JSON_MAX];

    for (k = 0; k < dims; k++) {
        int l = (int)strlen(issue_name(b, k, num, sizeof num));
        if (l > w)
            w = l;
    }
    printf("%-*s", w, "issue");
    for (i = 0; i < n; i++)
        printf("  %10s", mfk_predict_model_name(mfk_prediction_model(ps[i])));
    printf("\n");
    for (k = 0; k < dims; k++) {
        printf("%-*s", w, issue_name(b, k, num, sizeof num));
        for (i = 0; i < n; i++) {
            snprintf(v, sizeof v, "%.4f", mfk_prediction_outcome(ps[i])[k]);
            printf("  %10s", v);
        }
        printf("\n");
    }
    for (i = 0; i < n; i++) {
        if (mfk_prediction_model(ps[i]) != MFK_PREDICT_EXCHANGE)
            continue;
        total = 0;
        for (r = 0; r < mfk_prediction_rounds(ps[i]); r++)
            total += mfk_prediction_exchange_count(ps[i], r);
        printf("\nexchange: %u round%s, %zu exchange%s",
               mfk_prediction_rounds(ps[i]),
               mfk_prediction_rounds(ps[i]) == 1 ? "" : "s", total,
               total == 1 ? "" : "s");
        if (mfk_prediction_exchange_count(ps[i], 0) > 0) {
            const mfk_exchange *x = mfk_prediction_exchange(ps[i], 0, 0);
            char num2[16];
            printf("; the first: %s moves on %s, %s on %s (gain %.4f "
                   "each)",
                   mfk_body_member_id(b, x->i),
                   issue_name(b, x->q, num, sizeof num),
                   mfk_body_member_id(b, x->j),
                   issue_name(b, x->p, num2, sizeof num2), x->gain);
        }
        printf(".\n");
    }
}

/* FILE's scenario with outcome as a new proposal "predicted". */
static int write_scenario(const struct predict_opts *o, mfk_scenario *sc,
                          const mfk_prediction *p, const double *sq)
{
    char title[80], *text = NULL;
    size_t len;
    FILE *f;
    int rc;

    snprintf(title, sizeof title, "The outcome the %s model predicts",
             mfk_predict_model_name(mfk_prediction_model(p)));
    rc = mfk_scenario_add_proposal(sc, "predicted", title,
                                   mfk_prediction_outcome(p), sq, NULL);
    if (rc == MFK_EEXISTS) {
        cli_error("%s: a proposal \"predicted\" is there already", o->file);
        return CLI_INPUT;
    }
    if (rc == MFK_OK && (rc = mfk_scenario_write_json(sc, NULL, 0, &len)) ==
                            MFK_ERANGE) {
        if ((text = malloc(len)) == NULL)
            rc = MFK_ENOMEM;
        else
            rc = mfk_scenario_write_json(sc, text, len, &len);
    }
    if (rc != MFK_OK) {
        free(text);
        cli_error("%s: %s", o->scenario, mfk_strerror(rc));
        return CLI_INPUT;
    }
    f = fopen(o->scenario, "w");
    if (f == NULL || fwrite(text, 1, len, f) != len) {
        cli_error("%s: cannot write: %s", o->scenario, strerror(errno));
        if (f != NULL)
            fclose(f);
        free(text);
        return CLI_INPUT;
    }
    free(text);
    if (fclose(f) != 0) {
        cli_error("%s: cannot write: %s", o->scenario, strerror(errno));
        return CLI_INPUT;
    }
    return CLI_OK;
}

static int predict(const struct predict_opts *o)
{
    mfk_predict_model models[MFK_PREDICT_MODEL_COUNT];
    mfk_prediction *ps[MFK_PREDICT_MODEL_COUNT] = {NULL};
    struct predict_out out;
    double sqv[MFK_MAX_DIMS];
    const double *sq = NULL;
    mfk_scenario *sc = NULL;
    mfk_body *b;
    mfk_error err;
    size_t nm, i;
    unsigned long rounds = 10;
    int rc = CLI_OK, r;

    if (parse_models(o->models != NULL ? o->models : "compromise", models,
                     &nm) != 0)
        return CLI_USAGE;
    if (o->rounds != NULL) {
        char *end;
        errno = 0;
        rounds = strtoul(o->rounds, &end, 10);
        if (*o->rounds < '0' || *o->rounds > '9' || *end != '\0' ||
            errno != 0 || rounds < 1 || rounds > 100000)
            return cli_usage_error("predict", "--rounds: \"%s\" is not a "
                                              "number from 1 to 100000",
                                   o->rounds);
    }
    if (mfk_scenario_read_file(&sc, o->file, NULL, &err) != MFK_OK) {
        cli_input_error(o->file, &err);
        return CLI_INPUT;
    }
    b = mfk_scenario_body(sc);
    if (o->sq != NULL) {
        if (parse_point(o->sq, mfk_body_dims(b), sqv) != 0) {
            unsigned dims = mfk_body_dims(b);
            mfk_scenario_free(sc); /* and b with it */
            return cli_usage_error("predict", "--status-quo: \"%s\" is not "
                                              "%u number%s separated by "
                                              "commas, one an issue",
                                   o->sq, dims, dims == 1 ? "" : "s");
        }
        sq = sqv;
    } else if (mfk_scenario_proposal_count(sc) > 0) {
        sq = mfk_proposal_status_quo(mfk_scenario_proposal(sc, 0));
    }
    if (!mfk_body_has_ideals(b)) {
        cli_error("%s: the members have no positions (\"ideal\"): "
                  "expected one for every member", o->file);
        rc = CLI_INPUT;
        goto done;
    }
    for (i = 0; i < nm; i++) {
        if (models[i] == MFK_PREDICT_NBS && sq == NULL) {
            rc = cli_usage_error("predict", "nbs needs a status quo: "
                                            "--status-quo, or a first "
                                            "proposal with one");
            goto done;
        }
        r = mfk_predict(&ps[i], b, models[i], sq, (unsigned)rounds, NULL);
        if (r != MFK_OK) {
            cli_error("%s: %s: %s", o->file, mfk_predict_model_name(models[i]),
                      r == MFK_ERANGE
                          ? "a position outside its issue's scale, or a "
                            "division by zero (a member with salience or "
                            "capability 0 where it moves)"
                      : r == MFK_EINVAL
                          ? "an issue where no member takes part with "
                            "capability above 0"
                          : mfk_strerror(r));
            rc = CLI_INPUT;
            goto done;
        }
    }
    out.ps = (const mfk_prediction *const *)ps;
    out.n = nm;
    out.body = b;
    if (o->fmt == CLI_JSON)
        rc = cli_json_print("predict", write_predictions, &out);
    else
        print_text(b, ps, nm);
    if (rc == CLI_OK && o->svg != NULL)
        rc = cli_write_file(o->svg, write_chart, &out);
    if (rc == CLI_OK && o->scenario != NULL) {
        if (sq == NULL) {
            cli_error("%s: --scenario needs a status quo: --status-quo, or "
                      "a first proposal with one", o->file);
            rc = CLI_INPUT;
        } else {
            rc = write_scenario(o, sc, ps[0], sq);
        }
    }
done:
    for (i = 0; i < nm; i++)
        mfk_prediction_free(ps[i]);
    mfk_scenario_free(sc);
    return rc;
}

int cli_predict(int argc, char **argv)
{
    static const char *const names[] = {"model", "rounds", "status-quo",
                                        "svg",   "scenario", NULL};
    struct predict_opts o;
    const char **vals[5];
    int i, r, k;

    memset(&o, 0, sizeof o);
    o.fmt = CLI_TEXT;
    vals[0] = &o.models;
    vals[1] = &o.rounds;
    vals[2] = &o.sq;
    vals[3] = &o.svg;
    vals[4] = &o.scenario;
    for (i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            predict_help();
            return CLI_OK;
        }
        if ((r = cli_format_option(argc, argv, &i, &o.fmt)) != 0) {
            if (r < 0)
                return cli_try_help("predict");
            continue;
        }
        for (k = 0, r = 0; names[k] != NULL && r == 0; k++)
            r = cli_option_value(argc, argv, &i, names[k], vals[k]);
        if (r < 0)
            return cli_usage_error("predict", "option --%s needs a value",
                                   names[k - 1]);
        if (r > 0)
            continue;
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("predict", "unknown option \"%s\"",
                                   argv[i]);
        if (o.file != NULL)
            return cli_usage_error("predict", "one FILE only");
        o.file = argv[i];
    }
    if (o.file == NULL)
        return cli_usage_error("predict", "a FILE is needed");
    return predict(&o);
}
