/* Sweeps of the simulation (`mufakat simulate --sweep NAME=FROM:TO:N`):
 * the values, each point's results as they are kept, and the sweep's
 * JSON and CSV. A point keeps each rule's object of the JSON and a few
 * numbers, never the runs. */
#include "records-private.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Points at most: far more than a chart or a table shows. */
#define MAX_POINTS 100000

/* What a point keeps of each rule for the table, the CSV and the chart. */
struct cell {
    double runs, adopted, share, lo, hi, mean_rounds;
};

struct mfk_sim_sweep {
    mfk_allocator alloc;
    char name[32];
    int integer; /* the parameter takes whole values */
    double from, to;
    size_t n;
    size_t kept;
    size_t nrules;
    char **names;        /* nrules, copied at the first point */
    unsigned long long seed, runs;
    struct cell *cells;  /* n * nrules, once the rules are known */
    mfk__json points;    /* "[{point}, {point} ..." */
};

static int number(const char *s, size_t len, double *v)
{
    char text[64], *end;
    if (len == 0 || len >= sizeof text)
        return -1;
    memcpy(text, s, len);
    text[len] = '\0';
    errno = 0;
    *v = strtod(text, &end);
    return *end == '\0' && errno == 0 && isfinite(*v) ? 0 : -1;
}

/* The message for a spec refused, as err gets it. */
#define REFUSE(code, ...) mfk__error_set(err, code, NULL, __VA_ARGS__)

int mfk_sim_sweep_new(mfk_sim_sweep **out, const char *spec,
                      const mfk_allocator *alloc, mfk_error *err)
{
    const char *eq, *c1, *c2, *expected = NULL;
    mfk_sim_sweep *sw;
    mfk_allocator a;
    double from, to, count, lo = 0, hi = 0;
    int numeric = 0;
    size_t i, len;
    const char *name;

    if (out == NULL)
        return MFK_EINVAL;
    *out = NULL;
    if (spec == NULL)
        return REFUSE(MFK_EINVAL, "%s", mfk_strerror(MFK_EINVAL));
    eq = strchr(spec, '=');
    c1 = eq ? strchr(eq + 1, ':') : NULL;
    c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (eq == NULL || c1 == NULL || c2 == NULL || strchr(c2 + 1, ':'))
        return REFUSE(MFK_ESYNTAX, "\"%.120s\": expected NAME=FROM:TO:N",
                      spec);
    len = (size_t)(eq - spec);
    for (i = 0; (name = mfk_sim_param(i, &numeric, &lo, &hi, &expected)) !=
                NULL;
         i++)
        if (strlen(name) == len && strncmp(name, spec, len) == 0)
            break;
    if (name == NULL || numeric == 0 || strcmp(name, "max-rounds") == 0)
        return REFUSE(MFK_ERANGE, "\"%.*s\" is not a parameter to sweep",
                      (int)(len < 64 ? len : 64), spec);
    if (number(eq + 1, (size_t)(c1 - eq - 1), &from) != 0 ||
        number(c1 + 1, (size_t)(c2 - c1 - 1), &to) != 0)
        return REFUSE(MFK_ESYNTAX, "\"%.120s\": FROM and TO must be numbers",
                      spec);
    if (number(c2 + 1, strlen(c2 + 1), &count) != 0 || count != floor(count) ||
        count < 2 || count > MAX_POINTS || strchr(c2 + 1, '.') ||
        strchr(c2 + 1, 'e') || strchr(c2 + 1, 'E'))
        return REFUSE(MFK_ERANGE, "\"%.120s\": N must be an integer from 2 "
                                  "to %d",
                      spec, MAX_POINTS);
    if (from < lo || from > hi || to < lo || to > hi)
        return REFUSE(MFK_ERANGE, "%s: expected values from %g to %g", name,
                      lo, hi);
    if (numeric == 2) {
        /* Every value whole: FROM, TO and the step. */
        double step = (to - from) / (count - 1);
        if (from != floor(from) || to != floor(to) || step != floor(step))
            return REFUSE(MFK_ERANGE, "%s: every value must be whole, not "
                                      "FROM + k (TO - FROM)/(N - 1) = %g + "
                                      "k %g",
                          name, from, step);
    }
    mfk__alloc_init(&a, alloc);
    sw = mfk__calloc(&a, 1, sizeof *sw);
    if (sw == NULL)
        return REFUSE(MFK_ENOMEM, "%s", mfk_strerror(MFK_ENOMEM));
    sw->alloc = a;
    memcpy(sw->name, name, strlen(name) + 1);
    sw->integer = numeric == 2;
    sw->from = from;
    sw->to = to;
    sw->n = (size_t)count;
    mfk__json_init(&sw->points, &sw->alloc);
    mfk__json_begin_array(&sw->points);
    *out = sw;
    return MFK_OK;
}

void mfk_sim_sweep_free(mfk_sim_sweep *sw)
{
    size_t j;
    if (sw == NULL)
        return;
    for (j = 0; sw->names != NULL && j < sw->nrules; j++)
        mfk__free(&sw->alloc, sw->names[j]);
    mfk__free(&sw->alloc, sw->names);
    mfk__free(&sw->alloc, sw->cells);
    mfk__free(&sw->alloc, sw->points.b.buf);
    mfk__free(&sw->alloc, sw);
}

const char *mfk_sim_sweep_name(const mfk_sim_sweep *sw)
{
    return sw == NULL ? NULL : sw->name;
}

size_t mfk_sim_sweep_count(const mfk_sim_sweep *sw)
{
    return sw == NULL ? 0 : sw->n;
}

double mfk_sim_sweep_value(const mfk_sim_sweep *sw, size_t k)
{
    if (sw == NULL || k >= sw->n)
        return NAN;
    if (k == sw->n - 1)
        return sw->to;
    return sw->from + (double)k * (sw->to - sw->from) / (double)(sw->n - 1);
}

int mfk_sim_sweep_apply(const mfk_sim_sweep *sw, size_t k, mfk_sim *sim,
                        mfk_error *err)
{
    if (sw == NULL || sim == NULL || k >= sw->n)
        return REFUSE(MFK_EINVAL, "%s", mfk_strerror(MFK_EINVAL));
    return mfk_sim_set_number(sim, sw->name, mfk_sim_sweep_value(sw, k),
                              err);
}

/* The rules' names and the cells, at the first point. */
static int first_point(mfk_sim_sweep *sw, size_t nrules,
                       const char *const *names)
{
    size_t j;
    sw->names = mfk__calloc(&sw->alloc, nrules, sizeof *sw->names);
    sw->cells = mfk__calloc(&sw->alloc, sw->n * nrules, sizeof *sw->cells);
    if (sw->names == NULL || sw->cells == NULL)
        return MFK_ENOMEM;
    sw->nrules = nrules;
    for (j = 0; j < nrules; j++) {
        size_t len = strlen(names[j]) + 1;
        sw->names[j] = mfk__malloc(&sw->alloc, len);
        if (sw->names[j] == NULL)
            return MFK_ENOMEM;
        memcpy(sw->names[j], names[j], len);
    }
    return MFK_OK;
}

int mfk_sim_sweep_keep(mfk_sim_sweep *sw, size_t k, const mfk_sim *sim,
                       const char *const *rule_names,
                       unsigned long long seed, unsigned long long runs)
{
    size_t j, nrules;
    mfk__json *js;
    int rc;

    if (sw == NULL || sim == NULL || rule_names == NULL)
        return MFK_EINVAL;
    nrules = mfk_sim_rule_count(sim);
    if (!mfk__sim_names_ok(sim, rule_names))
        return MFK_EINVAL;
    if (k != sw->kept || k >= sw->n)
        return MFK_ESTATE;
    if (k == 0) {
        rc = first_point(sw, nrules, rule_names);
        if (rc != MFK_OK)
            return rc;
        sw->seed = seed;
        sw->runs = runs;
    } else if (nrules != sw->nrules || seed != sw->seed || runs != sw->runs) {
        return MFK_ESTATE;
    }
    js = &sw->points;
    mfk__json_begin_object(js);
    mfk__json_key(js, "value");
    mfk__json_number(js, mfk_sim_sweep_value(sw, k));
    mfk__json_key(js, "rules");
    mfk__json_begin_array(js);
    for (j = 0; j < nrules; j++) {
        struct cell *c = &sw->cells[k * nrules + j];
        double rounds = 0;
        mfk__sim_rule_json(js, sim, mfk_sim_body(sim), rule_names[j], seed,
                           runs, j);
        mfk_sim_stat(sim, j, MFK_SIM_RUNS, 0, &c->runs);
        mfk_sim_stat(sim, j, MFK_SIM_ADOPTED, 0, &c->adopted);
        mfk_sim_stat(sim, j, MFK_SIM_ROUNDS, 0, &rounds);
        mfk_sim_adoption(sim, j, &c->share, &c->lo, &c->hi);
        c->mean_rounds = rounds / c->runs;
    }
    mfk__json_end_array(js);
    mfk__json_end_object(js);
    if (js->b.failed)
        return MFK_ENOMEM;
    sw->kept++;
    return MFK_OK;
}

int mfk_sim_sweep_result(const mfk_sim_sweep *sw, size_t k, size_t rule,
                         double *runs, double *share, double *lo,
                         double *hi, double *mean_rounds)
{
    const struct cell *c;
    if (sw == NULL || k >= sw->kept || rule >= sw->nrules)
        return MFK_EINVAL;
    c = &sw->cells[k * sw->nrules + rule];
    if (runs != NULL)
        *runs = c->runs;
    if (share != NULL)
        *share = c->share;
    if (lo != NULL)
        *lo = c->lo;
    if (hi != NULL)
        *hi = c->hi;
    if (mean_rounds != NULL)
        *mean_rounds = c->mean_rounds;
    return MFK_OK;
}

int mfk_sim_sweep_write_json(const mfk_sim_sweep *sw,
                             const mfk_allocator *alloc, char *buf,
                             size_t size, size_t *len)
{
    mfk_allocator a;
    mfk__json js;
    size_t k;

    if (sw == NULL || len == NULL)
        return MFK_EINVAL;
    if (sw->kept != sw->n)
        return MFK_ESTATE;
    mfk__alloc_init(&a, alloc);
    mfk__json_init(&js, &a);
    mfk__json_begin_object(&js);
    mfk__json_key(&js, "runs");
    mfk__json_integer(&js, (long long)sw->runs);
    mfk__json_key(&js, "seed");
    mfk__json_integer(&js, (long long)sw->seed);
    mfk__json_key(&js, "sweep");
    mfk__json_begin_object(&js);
    mfk__json_key(&js, "name");
    mfk__json_string(&js, sw->name);
    mfk__json_key(&js, "values");
    mfk__json_begin_array(&js);
    for (k = 0; k < sw->n; k++)
        mfk__json_number(&js, mfk_sim_sweep_value(sw, k));
    mfk__json_end_array(&js);
    mfk__json_end_object(&js);
    mfk__json_key(&js, "points");
    mfk__json_raw(&js, (const char *)sw->points.b.buf, sw->points.b.len);
    mfk__cbuf_raw(&js.b, "]", 1);
    mfk__json_end_object(&js);
    return mfk__json_give(&js, 1, buf, size, len);
}

/* A field of the CSV: quoted when it holds a comma, a quote or a line. */
static void csv_field(mfk__cbuf *b, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        mfk__cbuf_raw(b, s, strlen(s));
        return;
    }
    mfk__cbuf_raw(b, "\"", 1);
    for (; *s; s++)
        mfk__cbuf_raw(b, s, 1 + (*s == '"'));
    mfk__cbuf_raw(b, "\"", 1);
}

int mfk_sim_sweep_write_csv(const mfk_sim_sweep *sw,
                            const mfk_allocator *alloc, char *buf,
                            size_t size, size_t *len)
{
    static const char head[] =
        "name,value,rule,runs,adopted,share,ci_lo,ci_hi,mean_rounds\n";
    mfk_allocator a;
    mfk__cbuf b;
    size_t k, j;

    if (sw == NULL || len == NULL)
        return MFK_EINVAL;
    if (sw->kept != sw->n)
        return MFK_ESTATE;
    mfk__alloc_init(&a, alloc);
    memset(&b, 0, sizeof b);
    b.alloc = &a;
    mfk__cbuf_raw(&b, head, sizeof head - 1);
    for (k = 0; k < sw->n; k++)
        for (j = 0; j < sw->nrules; j++) {
            const struct cell *c = &sw->cells[k * sw->nrules + j];
            const double v[] = {c->share, c->lo, c->hi, c->mean_rounds};
            char num[32];
            size_t f;
            csv_field(&b, sw->name);
            mfk__cbuf_raw(&b, ",", 1);
            mfk_number_json(mfk_sim_sweep_value(sw, k), num);
            mfk__cbuf_raw(&b, num, strlen(num));
            mfk__cbuf_raw(&b, ",", 1);
            csv_field(&b, sw->names[j]);
            snprintf(num, sizeof num, ",%.0f,%.0f", c->runs, c->adopted);
            mfk__cbuf_raw(&b, num, strlen(num));
            for (f = 0; f < 4; f++) {
                mfk__cbuf_raw(&b, ",", 1);
                mfk_number_json(v[f], num);
                mfk__cbuf_raw(&b, num, strlen(num));
            }
            mfk__cbuf_raw(&b, "\n", 1);
        }
    return mfk__cbuf_give(&b, buf, size, len);
}

int mfk_sim_sweep_write_svg(const mfk_sim_sweep *sw,
                            const mfk_allocator *alloc, char *buf,
                            size_t size, size_t *len)
{
    mfk_allocator a;
    mfk__cbuf b;
    mfk__svg_series *series;
    double *v;
    size_t k, j, n;
    char title[96];

    if (sw == NULL || len == NULL)
        return MFK_EINVAL;
    if (sw->kept != sw->n)
        return MFK_ESTATE;
    mfk__alloc_init(&a, alloc);
    n = sw->n;
    series = mfk__calloc(&a, sw->nrules, sizeof *series);
    v = mfk__calloc(&a, n * (1 + 3 * sw->nrules), sizeof *v);
    if (series == NULL || v == NULL) {
        mfk__free(&a, series);
        mfk__free(&a, v);
        return MFK_ENOMEM;
    }
    for (k = 0; k < n; k++)
        v[k] = mfk_sim_sweep_value(sw, k);
    for (j = 0; j < sw->nrules; j++) {
        double *y = v + n * (1 + 3 * j);
        series[j].label = sw->names[j];
        series[j].y = y;
        series[j].lo = y + n;
        series[j].hi = y + 2 * n;
        for (k = 0; k < n; k++) {
            const struct cell *c = &sw->cells[k * sw->nrules + j];
            y[k] = c->share;
            y[n + k] = c->lo;
            y[2 * n + k] = c->hi;
        }
    }
    snprintf(title, sizeof title, "Adoption share by rule as %s varies",
             sw->name);
    memset(&b, 0, sizeof b);
    b.alloc = &a;
    mfk__svg_lines(&b, title, sw->name, "share adopted (95% band)", v, n,
                   series, sw->nrules);
    mfk__free(&a, series);
    mfk__free(&a, v);
    return mfk__cbuf_give(&b, buf, size, len);
}
