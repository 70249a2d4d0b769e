/* The exchange model's input tables, as the decide-exchange-model package
 * reads them: one row a line, fields separated by tabs (or ';' or ','),
 * each perhaps quoted with ' or ". The first field is the row's kind:
 *   #A  actor: id, full name, comment
 *   #P  issue: name, description
 *   #M  a point of an issue's scale: issue, position, description
 *   #D  actor, issue, position, salience, power, comment
 *   #/  and #O: comments.
 * An issue's scale runs from its first #M position to its largest (0 to
 * 100 without #M rows). Made into a scenario without proposals: a member
 * per actor, a dimension per issue in #P order, positions, saliences and
 * capabilities (power) per issue, each issue counting its members in the
 * order of its #D rows. An actor without a #D row for an issue, or with
 * salience 0, takes no part in it. Errors name the line and the field. */
#include "io/io-private.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXF 16

typedef struct row {
    int line;
    size_t nf;
    char *f[MAXF];
} row;

typedef struct tctx {
    const mfk_allocator *a;
    mfk_error *err;
} tctx;

static int tfail(tctx *c, int line, size_t field, const char *what,
                 const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static int tfail(tctx *c, int line, size_t field, const char *what,
                 const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (field > 0)
        return mfk__error_set(c->err, MFK_EFORMAT, NULL,
                              "line %d, field %zu (%s): %s", line, field,
                              what, msg);
    return mfk__error_set(c->err, MFK_EFORMAT, NULL, "line %d: %s", line,
                          msg);
}

/* Splits line (modified in place) into fields. */
static size_t split(char *s, char sep, char **f)
{
    size_t n = 0;
    char *w;
    for (;;) {
        char q = *s;
        if (n == MAXF)
            return n;
        if (q == '\'' || q == '"') {
            w = f[n++] = ++s;
            while (*s != '\0') {
                if (*s == q && s[1] == q) {
                    *w++ = q;
                    s += 2;
                } else if (*s == q) {
                    s++;
                    break;
                } else {
                    *w++ = *s++;
                }
            }
            while (*s != '\0' && *s != sep)
                *w++ = *s++; /* text after the closing quote */
        } else {
            w = f[n++] = s;
            while (*s != '\0' && *s != sep)
                w++, s++;
        }
        if (*s == '\0') {
            *w = '\0';
            return n;
        }
        *w = '\0';
        s++;
    }
}

static int number(tctx *c, const row *r, size_t i, const char *what,
                  double *out)
{
    char *end;
    const char *s = i < r->nf ? r->f[i] : "";
    errno = 0;
    *out = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (*s == '\0' || *end != '\0' || errno == ERANGE || !isfinite(*out))
        return tfail(c, r->line, i + 1, what, "expected a number, found "
                     "\"%.40s\"", s);
    return MFK_OK;
}

static long find(char **names, size_t n, const char *s)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return (long)i;
    return -1;
}

static long find_size(const size_t *v, size_t n, size_t x)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (v[i] == x)
            return (long)i;
    return -1;
}

struct drow {
    size_t actor;
    unsigned issue;
    double pos, sal, pow;
};

int mfk_scenario_read_table(mfk_scenario **out, const char *text,
                            size_t len, const mfk_allocator *alloc,
                            mfk_error *err)
{
    mfk_allocator a;
    tctx c;
    char *buf = NULL, *p, *nl, sep = '\t';
    row *rows = NULL;
    size_t nrows = 0, i, j, na = 0, np = 0, nd = 0, nrow_cap;
    char **aid = NULL, **aname = NULL, *pname[MFK_MAX_DIMS];
    double lo[MFK_MAX_DIMS], hi[MFK_MAX_DIMS];
    int has_m[MFK_MAX_DIMS];
    struct drow *d = NULL;
    mfk_body *b = NULL;
    double *vec = NULL;
    size_t *order = NULL;
    int rc = MFK_OK, line;

    mfk__error_clear(err);
    if (out == NULL)
        return MFK_EINVAL;
    *out = NULL;
    if (text == NULL)
        return MFK_EINVAL;
    mfk__alloc_init(&a, alloc);
    c.a = &a;
    c.err = err;
    if ((buf = mfk__malloc(&a, len + 1)) == NULL)
        return mfk__error_set(err, MFK_ENOMEM, NULL, "out of memory");
    memcpy(buf, text, len);
    buf[len] = '\0';
    if (memchr(buf, '\0', len) != NULL) {
        rc = mfk__error_set(err, MFK_EFORMAT, NULL,
                            "a NUL byte: expected a text table");
        goto done;
    }
    /* the separator: the first of tab, ';' and ',' in the first line */
    nl = strchr(buf, '\n');
    if (nl != NULL)
        *nl = '\0';
    if (strchr(buf, '\t') == NULL)
        sep = strchr(buf, ';') != NULL ? ';' : ',';
    if (nl != NULL)
        *nl = '\n';
    nrow_cap = 1;
    for (p = buf; *p != '\0'; p++)
        nrow_cap += *p == '\n';
    rows = mfk__calloc(&a, nrow_cap, sizeof *rows);
    aid = mfk__calloc(&a, nrow_cap, sizeof *aid);
    aname = mfk__calloc(&a, nrow_cap, sizeof *aname);
    d = mfk__calloc(&a, nrow_cap, sizeof *d);
    if (!rows || !aid || !aname || !d) {
        rc = mfk__error_set(err, MFK_ENOMEM, NULL, "out of memory");
        goto done;
    }
    for (p = buf, line = 1; p != NULL; line++) {
        row *r;
        size_t l;
        nl = strchr(p, '\n');
        if (nl != NULL)
            *nl = '\0';
        l = strlen(p);
        if (l > 0 && p[l - 1] == '\r')
            p[--l] = '\0';
        if (l > 0) {
            r = &rows[nrows++];
            r->line = line;
            r->nf = split(p, sep, r->f);
        }
        p = nl != NULL ? nl + 1 : NULL;
    }
    for (i = 0; i < MFK_MAX_DIMS; i++) {
        lo[i] = 0;
        hi[i] = 100;
        has_m[i] = 0;
    }
    /* actors and issues first: #D and #M rows may come before them */
    for (i = 0; i < nrows; i++) {
        row *r = &rows[i];
        const char *k = r->f[0];
        if (strcmp(k, "#A") == 0) {
            if (r->nf < 2 || r->f[1][0] == '\0') {
                rc = tfail(&c, r->line, 2, "id", "expected an actor's id");
                goto done;
            }
            if (find(aid, na, r->f[1]) >= 0) {
                rc = tfail(&c, r->line, 2, "id", "duplicate actor \"%.40s\"",
                           r->f[1]);
                goto done;
            }
            aid[na] = r->f[1];
            aname[na++] = r->nf > 2 && r->f[2][0] ? r->f[2] : r->f[1];
        } else if (strcmp(k, "#P") == 0) {
            if (r->nf < 2 || r->f[1][0] == '\0') {
                rc = tfail(&c, r->line, 2, "name", "expected an issue's name");
                goto done;
            }
            if (find(pname, np, r->f[1]) >= 0) {
                rc = tfail(&c, r->line, 2, "name",
                           "duplicate issue \"%.40s\"", r->f[1]);
                goto done;
            }
            if (np == MFK_MAX_DIMS) {
                rc = tfail(&c, r->line, 2, "name",
                           "more than %d issues", MFK_MAX_DIMS);
                goto done;
            }
            pname[np++] = r->f[1];
        } else if (strcmp(k, "#M") != 0 && strcmp(k, "#D") != 0 &&
                   strcmp(k, "#/") != 0 && strcmp(k, "#O") != 0) {
            rc = tfail(&c, r->line, 1, "kind",
                       "unknown kind \"%.20s\": expected #A, #P, #M, #D, "
                       "#/ or #O", k);
            goto done;
        }
    }
    if (na == 0 || np == 0) {
        rc = mfk__error_set(err, MFK_EFORMAT, NULL,
                            "no %s: expected a table of the exchange model "
                            "(#A, #P, #M and #D rows)",
                            na == 0 ? "#A rows (actors)" : "#P rows (issues)");
        goto done;
    }
    for (i = 0; i < nrows; i++) {
        row *r = &rows[i];
        long pi;
        double x;
        if (strcmp(r->f[0], "#M") == 0) {
            if ((pi = find(pname, np, r->nf > 1 ? r->f[1] : "")) < 0) {
                rc = tfail(&c, r->line, 2, "issue",
                           "unknown issue \"%.40s\": expected an issue of a "
                           "#P row", r->nf > 1 ? r->f[1] : "");
                goto done;
            }
            if ((rc = number(&c, r, 2, "position", &x)))
                goto done;
            if (!has_m[pi]) {
                lo[pi] = hi[pi] = x;
                has_m[pi] = 1;
            } else if (x > hi[pi]) {
                hi[pi] = x;
            } else if (x < lo[pi]) {
                rc = tfail(&c, r->line, 3, "position",
                           "%.17g is below the issue's first #M position "
                           "%.17g: expected the scale's lower end first",
                           x, lo[pi]);
                goto done;
            }
        }
    }
    for (i = 0; i < np; i++)
        if (!(lo[i] < hi[i])) {
            rc = mfk__error_set(err, MFK_EFORMAT, NULL,
                                "issue \"%.40s\": its #M rows give the "
                                "scale %.17g to %.17g: expected two ends",
                                pname[i], lo[i], hi[i]);
            goto done;
        }
    for (i = 0; i < nrows; i++) {
        row *r = &rows[i];
        long ai, pi;
        struct drow dr;
        if (strcmp(r->f[0], "#D") != 0)
            continue;
        if ((ai = find(aid, na, r->nf > 1 ? r->f[1] : "")) < 0) {
            rc = tfail(&c, r->line, 2, "actor",
                       "unknown actor \"%.40s\": expected an id of a #A row",
                       r->nf > 1 ? r->f[1] : "");
            goto done;
        }
        if ((pi = find(pname, np, r->nf > 2 ? r->f[2] : "")) < 0) {
            rc = tfail(&c, r->line, 3, "issue",
                       "unknown issue \"%.40s\": expected an issue of a "
                       "#P row", r->nf > 2 ? r->f[2] : "");
            goto done;
        }
        if ((rc = number(&c, r, 3, "position", &dr.pos)) ||
            (rc = number(&c, r, 4, "salience", &dr.sal)) ||
            (rc = number(&c, r, 5, "power", &dr.pow)))
            goto done;
        if (dr.pos < lo[pi] || dr.pos > hi[pi]) {
            rc = tfail(&c, r->line, 4, "position",
                       "%.17g is outside the issue's scale %.17g to %.17g",
                       dr.pos, lo[pi], hi[pi]);
            goto done;
        }
        if (dr.sal < 0 || dr.sal > 100) {
            rc = tfail(&c, r->line, 5, "salience",
                       "expected 0 to 100, found %.17g", dr.sal);
            goto done;
        }
        if (dr.pow < 0 || dr.pow > 100) {
            rc = tfail(&c, r->line, 6, "power",
                       "expected 0 to 100, found %.17g", dr.pow);
            goto done;
        }
        dr.actor = (size_t)ai;
        dr.issue = (unsigned)pi;
        /* a duplicate keeps its first place and takes the last values */
        for (j = 0; j < nd; j++)
            if (d[j].actor == dr.actor && d[j].issue == dr.issue)
                break;
        d[j] = dr;
        if (j == nd)
            nd++;
    }
    if ((rc = mfk_body_new(&b, "negotiation", (unsigned)np, &a)) != MFK_OK)
        goto nomem;
    for (i = 0; i < na; i++)
        if (mfk_body_add_member(b, aid[i], aname[i], NULL) != MFK_OK)
            goto nomem;
    vec = mfk__calloc(&a, 3 * np * na + 1, sizeof *vec);
    order = mfk__calloc(&a, na + 1, sizeof *order);
    if (vec == NULL || order == NULL)
        goto nomem;
    for (i = 0; i < na; i++)
        for (j = 0; j < np; j++)
            vec[i * np + j] = lo[j]; /* no #D row: at the lower end */
    for (j = 0; j < nd; j++) {
        size_t at = d[j].actor * np + d[j].issue;
        vec[at] = d[j].pos;
        vec[np * na + at] = d[j].sal;
        vec[2 * np * na + at] = d[j].pow;
    }
    for (i = 0; i < na; i++)
        if (mfk_body_set_ideal(b, i, &vec[i * np]) ||
            mfk_body_set_salience(b, i, &vec[np * na + i * np]) ||
            mfk_body_set_capability(b, i, &vec[2 * np * na + i * np]))
            goto nomem;
    for (j = 0; j < np; j++) {
        size_t m = 0, r2;
        if (mfk_body_set_dimension_name(b, (unsigned)j, pname[j]) ||
            mfk_body_set_scale(b, (unsigned)j, lo[j], hi[j]))
            goto nomem;
        for (i = 0; i < nd; i++)
            if (d[i].issue == j)
                order[m++] = d[i].actor;
        for (r2 = 0; r2 < na; r2++) /* then those without a row */
            if (find_size(order, m, r2) < 0)
                order[m++] = r2;
        if (mfk__body_set_order(b, (unsigned)j, order))
            goto nomem;
    }
    rc = mfk__scenario_from_body(out, b, &a);
    b = NULL; /* the scenario's, or freed */
    if (rc != MFK_OK)
        goto nomem;
    goto done;
nomem:
    rc = mfk__error_set(err, MFK_ENOMEM, NULL, "out of memory");
done:
    mfk_body_free(b);
    mfk__free(&a, vec);
    mfk__free(&a, order);
    mfk__free(&a, rows);
    mfk__free(&a, aid);
    mfk__free(&a, aname);
    mfk__free(&a, d);
    mfk__free(&a, buf);
    return rc;
}
