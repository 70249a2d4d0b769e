/* The commands that consult: run, check and demo. */
#define _XOPEN_SOURCE 700
#include "cli.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct run_opts {
    enum cli_format format;
    const char *svg;
    const char *journal;
    const char *time;
    const char *sign;
    const char *cont; /* --continue J */
};

/* ---- JSON (CONTRACT): the library's -------------------------------- */

/* The document is printed a proposal at a time, so that a consultation
 * is freed once printed: the library's {"proposals": [X]} of each one,
 * X printed between the document's own head and tail. */
#define JSON_HEAD "{\"proposals\": ["
#define JSON_TAIL "]}\n"

static int json_item_with(const char *file, mfk_consultation *c,
                          unsigned flags, int first, const char *extra);

static int json_item(const char *file, mfk_consultation *c, unsigned flags,
                     int first)
{
    return json_item_with(file, c, flags, first, NULL);
}

/* The item, with extra (NULL: none) put before its closing brace. */
static int json_item_with(const char *file, mfk_consultation *c,
                          unsigned flags, int first, const char *extra)
{
    size_t len, head = sizeof JSON_HEAD - 1, tail = sizeof JSON_TAIL - 1;
    char *text = NULL;
    int r = mfk_consultation_write_json(&c, 1, flags, NULL, NULL, 0, &len);
    if (r == MFK_ERANGE && (text = malloc(len)) == NULL)
        r = MFK_ENOMEM;
    else if (r == MFK_ERANGE)
        r = mfk_consultation_write_json(&c, 1, flags, NULL, text, len, &len);
    if (r == MFK_OK && (len < head + tail || memcmp(text, JSON_HEAD, head) ||
                        memcmp(text + len - tail, JSON_TAIL, tail)))
        r = MFK_EINVAL;
    if (r == MFK_OK) {
        fputs(first > 0 ? JSON_HEAD : first < 0 ? "" : ", ", stdout);
        if (extra == NULL) {
            fwrite(text + head, 1, len - head - tail, stdout);
        } else {
            fwrite(text + head, 1, len - head - tail - 1, stdout);
            fputs(extra, stdout);
            fputc('}', stdout);
        }
    } else {
        cli_error("%s: %s", file, mfk_strerror(r));
    }
    free(text);
    return r == MFK_OK ? CLI_OK : CLI_INPUT;
}

/* ---- text: a narrative for people --------------------------------------- */

/* Whether the text carries the driver's colours: text from input is
 * written through cli_write_safe, its colours let through only then. */
static int keep_sgr;

/* s padded with spaces to width columns, its control characters
 * escaped. */
static void put_padded(FILE *f, const char *s, size_t width)
{
    size_t w = strlen(s);
    cli_write_safe(f, s, w, 0);
    for (; w < width; w++)
        fputc(' ', f);
}

/* A paragraph: built piece by piece, then printed wrapped at 78 columns. */
struct para {
    char *buf;
    size_t len, size;
};

static void para_add(struct para *p, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void para_add(struct para *p, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (p->len + (size_t)n + 1 > p->size) {
        size_t size = 2 * (p->len + (size_t)n + 1);
        char *b = realloc(p->buf, size);
        if (b == NULL)
            return;
        p->buf = b;
        p->size = size;
    }
    va_start(ap, fmt);
    vsnprintf(p->buf + p->len, p->size - p->len, fmt, ap);
    va_end(ap);
    p->len += (size_t)n;
}

/* Columns taken on screen: escape sequences and UTF-8 continuation bytes
 * take none. */
static size_t visible(const char *s, size_t n)
{
    size_t i, w = 0;
    for (i = 0; i < n; i++) {
        if (s[i] == '\033') {
            while (i < n && s[i] != 'm')
                i++;
            continue;
        }
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            w++;
    }
    return w;
}

/* Prints the paragraph wrapped, the first line indented by `indent`, the
 * others by `hang`; empties it. */
static void para_print(FILE *f, struct para *p, int indent, int hang)
{
    const char *s = p->buf, *end = p->buf + p->len;
    size_t col = 0;
    int first = 1;

    while (s != NULL && s < end) {
        const char *w;
        size_t wl, wv;
        while (s < end && *s == ' ')
            s++;
        if (s >= end)
            break;
        for (w = s; s < end && *s != ' '; s++)
            ;
        wl = (size_t)(s - w);
        wv = visible(w, wl);
        if (first) {
            fprintf(f, "%*s", indent, "");
            col = (size_t)indent;
            first = 0;
        } else if (col + 1 + wv > 78) {
            fprintf(f, "\n%*s", hang, "");
            col = (size_t)hang;
        } else {
            fputc(' ', f);
            col++;
        }
        cli_write_safe(f, w, wl, keep_sgr);
        col += wv;
    }
    if (!first)
        fputc('\n', f);
    p->len = 0;
}

/* What the text writer needs for one consultation. */
struct text {
    FILE *f;
    int colour;
    const mfk_body *b;
    const mfk_proposal *p;
    const mfk_consultation *c;
    size_t n;
    unsigned char *mark; /* scratch: one byte a member */
    unsigned *explained; /* rule kinds already explained (bits) */
    struct para para;
};

static const char *tc(const struct text *t, const char *code)
{
    return t->colour ? code : "";
}

static const char *stance_colour(unsigned char s)
{
    if (s >= MFK_STANCE_COUNT)
        return "\033[2m"; /* dim */
    switch ((mfk_stance)s) {
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
    case MFK_SILENT:
        break;
    }
    return "\033[2m"; /* dim */
}

static const char *outcome_colour(mfk_outcome o)
{
    if (o <= MFK_OUTCOME_ADOPTED_FLEXIBLE)
        return "\033[1;32m";
    if (o == MFK_OUTCOME_INADMISSIBLE)
        return "\033[1;31m";
    return "\033[1;33m";
}

/* Adds "A, B and C": the members whose mark has a bit of mask. Returns
 * how many. */
static size_t add_names(struct text *t, const unsigned char *set,
                        unsigned char mask)
{
    size_t i, k = 0, total = 0;
    for (i = 0; i < t->n; i++)
        total += (set[i] & mask) != 0;
    for (i = 0; i < t->n; i++)
        if (set[i] & mask) {
            para_add(&t->para, "%s%s",
                     k == 0 ? "" : k + 1 == total ? " and " : ",",
                     k == 0 || k + 1 == total ? "" : " ");
            para_add(&t->para, "%s", mfk_body_member_name(t->b, i));
            k++;
        }
    return total;
}

/* Keeps of each member's bits in mark only flag's, as 1 or 0; returns
 * how many have it. */
static size_t mark_flag(struct text *t, unsigned char flag)
{
    size_t i, k = 0;
    for (i = 0; i < t->n; i++)
        k += t->mark[i] = (unsigned char)((t->mark[i] & flag) != 0);
    return k;
}

static const char *pillar_text(mfk_pillar p)
{
    static const char *const names[] = {"Political-Security", "Economic",
                                        "Socio-Cultural"};
    return (unsigned)p < 3 ? names[p] : "?";
}

static const char *component_text(mfk_component c)
{
    static const char *const names[] = {
        "political development",       "shaping and sharing of norms",
        "conflict prevention",         "conflict resolution",
        "post-conflict peace building", "implementing mechanisms"};
    return (unsigned)c < 6 ? names[c] : "?";
}

/* Adds the library's account of a part of the consultation
 * (mfk_consultation_account) to the paragraph and prints it, indented
 * by 4, the lines after the first by hang; in colour, the word after
 * prefix with which it starts ("Round 1: " "blocked") is coloured. */
static void print_account(struct text *t, mfk_account_part part,
                          size_t index, const char *prefix,
                          const char *word, const char *colour, int hang)
{
    char small[1024], *s = small;
    size_t len, pl = strlen(prefix), wl = strlen(word);
    int r = mfk_consultation_account(t->c, part, index, 0, NULL, small,
                                     sizeof small, &len);
    if (r == MFK_ERANGE && (s = malloc(len + 1)) == NULL)
        r = MFK_ENOMEM;
    else if (r == MFK_ERANGE)
        r = mfk_consultation_account(t->c, part, index, 0, NULL, s,
                                     len + 1, &len);
    if (r != MFK_OK)
        para_add(&t->para, "%s%s: %s", prefix, word, mfk_strerror(r));
    else if (t->colour && strncmp(s, prefix, pl) == 0 &&
             strncmp(s + pl, word, wl) == 0)
        para_add(&t->para, "%s%s%s%s%s", prefix, colour, word, "\033[0m",
                 s + pl + wl);
    else
        para_add(&t->para, "%s", s);
    para_print(t->f, &t->para, 4, hang);
    if (s != small)
        free(s);
}

/* The rule in force and why it decides as it does: in full the first
 * time a kind is met, after that briefly. */
static void add_rule(struct text *t, const mfk_rule *r)
{
    int told = r->kind < 32 && (*t->explained & (1u << r->kind));
    if (r->kind < 32)
        *t->explained |= 1u << r->kind;
    print_account(t, MFK_ACCOUNT_RULE, told ? 1 : 0, "Rule: ",
                  mfk_name(MFK_NAMES_RULE, (int)r->kind), "\033[1m", 4);
}

/* Why principle v is broken, in words. */
static void add_violation(struct text *t, size_t v)
{
    const char *name;
    mfk_mode mode;
    mfk_consultation_violation(t->c, v, &name, &mode, NULL);
    print_account(t, MFK_ACCOUNT_VIOLATION, v, "",
                  mode == MFK_MODE_ENFORCE ? "Inadmissible" : "Reported",
                  mode == MFK_MODE_ENFORCE ? "\033[1;31m" : "\033[33m", 4);
}

/* Why round r came out as it did. */
/* Round r's number as written: numbered on when the proposal was taken
 * up again. */
static unsigned on(const struct text *t, unsigned r)
{
    return mfk_consultation_first_round(t->c) - 1 + r;
}

static void add_verdict(struct text *t, unsigned r)
{
    char prefix[32];
    mfk_verdict v;
    mfk_consultation_round(t->c, r, NULL, NULL, &v, NULL);
    snprintf(prefix, sizeof prefix, "Round %u: ", on(t, r));
    print_account(t, MFK_ACCOUNT_ROUND, r, prefix,
                  mfk_name(MFK_NAMES_VERDICT, (int)v),
                  v == MFK_VERDICT_ADOPTED ? "\033[1;32m" : "\033[1;31m", 6);
}

/* Adds a position: "0.9", or "(0.9, 0.1)" in several dimensions. */
static void add_vector(struct text *t, const double *x)
{
    unsigned k, dims = mfk_body_dims(t->b);
    char one[32];
    para_add(&t->para, "%s", dims > 1 ? "(" : "");
    for (k = 0; k < dims; k++)
        para_add(&t->para, "%s%s", k ? ", " : "", mfk_number_json(x[k], one));
    para_add(&t->para, "%s", dims > 1 ? ")" : "");
}

/* The proposal: its text, sponsors, pillar, and the consent it has. */
static void add_intro(struct text *t)
{
    struct para *p = &t->para;
    const char *text = NULL;
    const double *first = NULL;
    size_t i, k, v = 0;
    int again;

    /* The text as it stood at the first round: the original, or, for a
     * proposal taken up again, what the meeting before left. */
    mfk_consultation_round(t->c, 1, NULL, NULL, NULL, &v);
    mfk_proposal_version(t->p, v, &text, NULL);
    fputs(tc(t, "\033[1m"), t->f);
    cli_puts_safe(t->f, mfk_proposal_id(t->p));
    fputs("  ", t->f);
    cli_puts_safe(t->f, mfk_proposal_title(t->p));
    fprintf(t->f, "%s\n", tc(t, "\033[0m"));
    if (text != NULL) {
        para_add(p, "\"%s\"", text);
        para_print(t->f, p, 4, 5);
    }
    for (i = 0; i < t->n; i++)
        t->mark[i] = (unsigned char)mfk_proposal_roles(t->p, i);
    again = mfk_consultation_first_round(t->c) > 1;
    if (again)
        para_add(p, "Taken up again from the meeting before, its rounds "
                    "numbered on; ");
    if (mark_flag(t, MFK_ROLE_SPONSOR) > 0) {
        para_add(p, again ? "put forward by " : "Put forward by ");
        add_names(t, t->mark, 1);
        para_add(p, "; ");
    } else if (!again) {
        para_add(p, "Put on the table; ");
    }
    para_add(p, "%s pillar", pillar_text(mfk_proposal_pillar(t->p)));
    if (mfk_proposal_has_component(t->p))
        para_add(p, ", %s",
                 component_text(mfk_proposal_component(t->p)));
    para_add(p, ".");
    /* Consent given where it is needed, so that it may be put. */
    for (i = 0; i < t->n; i++)
        t->mark[i] = (unsigned char)((mfk_proposal_roles(t->p, i) &
                                      MFK_ROLE_CONCERN) &&
                                     mfk_proposal_consents(t->p, i));
    for (i = 0, k = 0; i < t->n; i++)
        k += t->mark[i];
    if (k > 0) {
        para_add(p, " It concerns the internal affairs of ");
        add_names(t, t->mark, 1);
        para_add(p, ", which %s: so non-interference does not stand in "
                    "its way (without that consent it could not be put).",
                 k == 1 ? "consents" : "consent");
    }
    for (i = 0; i < t->n; i++)
        t->mark[i] = (unsigned char)((mfk_proposal_roles(t->p, i) &
                                      MFK_ROLE_PARTY) != 0);
    if (mark_flag(t, 1) > 0) {
        size_t all = 1;
        para_add(p, " It concerns a dispute between ");
        add_names(t, t->mark, 1);
        for (i = 0; i < t->n; i++)
            if (t->mark[i] && !mfk_proposal_consents(t->p, i))
                all = 0;
        para_add(p, "%s", all ? ", who consent to its being put."
                               : "; not every party consents.");
    }
    para_print(t->f, p, 4, 4);
    mfk_proposal_version(t->p, 0, NULL, &first);
    if (first != NULL && mfk_proposal_status_quo(t->p) != NULL &&
        mfk_body_has_ideals(t->b)) {
        int one = mfk_body_dims(t->b) == 1;
        para_add(p, "Where it stands: ");
        add_vector(t, first);
        para_add(p, " on the body's policy scale%s, against a status quo "
                    "of ",
                 one ? "" : "s");
        add_vector(t, mfk_proposal_status_quo(t->p));
        para_add(p, ". Each member has an ideal point on %s and objects "
                    "to a text that lies further from it than the status "
                    "quo does (by more than its tolerance).",
                 one ? "that scale" : "those scales");
        para_print(t->f, p, 4, 4);
    }
}

/* The table: members down, rounds across, then the position and the
 * verdict of each round. Rounds that do not fit in 78 columns go on to
 * another block. */
static void add_table(struct text *t)
{
    unsigned rounds = mfk_consultation_rounds(t->c), r0, r;
    unsigned dims = mfk_body_dims(t->b);
    size_t i, width = 8, per;
    const char *off = tc(t, "\033[0m");

    for (i = 0; i < t->n; i++)
        if (strlen(mfk_body_member_name(t->b, i)) > width)
            width = strlen(mfk_body_member_name(t->b, i));
    per = width + 4 < 78 ? (78 - 4 - width) / 13 : 1;
    if (per == 0)
        per = 1;
    for (r0 = 1; r0 <= rounds; r0 += (unsigned)per) {
        unsigned r1 = r0 + (unsigned)per - 1 < rounds
                          ? r0 + (unsigned)per - 1 : rounds;
        fprintf(t->f, "\n    %s%-*s", tc(t, "\033[1m"), (int)width, "member");
        for (r = r0; r <= r1; r++)
            fprintf(t->f, r < r1 ? "  round %-5u" : "  round %u", on(t, r));
        fprintf(t->f, "%s\n", off);
        for (i = 0; i < t->n; i++) {
            fputs("    ", t->f);
            put_padded(t->f, mfk_body_member_name(t->b, i), (size_t)width);
            for (r = r0; r <= r1; r++) {
                const unsigned char *st;
                mfk_consultation_round(t->c, r, &st, NULL, NULL, NULL);
                fprintf(t->f, "  %s%-*s%s", tc(t, stance_colour(st[i])),
                        r < r1 ? 11 : 0, mfk_name(MFK_NAMES_STANCE, st[i]),
                        off);
            }
            fputc('\n', t->f);
        }
        if (mfk_proposal_position(t->p) != NULL) {
            fprintf(t->f, "    %-*s", (int)width, "position");
            for (r = r0; r <= r1; r++) {
                const double *pos;
                size_t version, len = 0;
                char num[32], buf[64];
                unsigned k;
                mfk_consultation_round(t->c, r, NULL, NULL, NULL, &version);
                mfk_proposal_version(t->p, version, NULL, &pos);
                buf[0] = '\0';
                for (k = 0; pos != NULL && k < dims && len < sizeof buf; k++)
                    len += (size_t)snprintf(buf + len, sizeof buf - len,
                                            "%s%s", k ? "," : "",
                                            mfk_number_json(pos[k], num));
                fprintf(t->f, "  %-*.11s", r < r1 ? 11 : 0, buf);
            }
            fputc('\n', t->f);
        }
        fprintf(t->f, "    %-*s", (int)width, "verdict");
        for (r = r0; r <= r1; r++) {
            mfk_verdict v;
            mfk_consultation_round(t->c, r, NULL, NULL, &v, NULL);
            fprintf(t->f, "  %s%-*s%s",
                    tc(t, v == MFK_VERDICT_ADOPTED ? "\033[1;32m"
                                                   : "\033[1;31m"),
                    r < r1 ? 11 : 0, mfk_name(MFK_NAMES_VERDICT, (int)v),
                    off);
        }
        fputc('\n', t->f);
    }
    fputc('\n', t->f);
}

static void add_circulation(struct text *t, unsigned r);

/* What the chair changed between round r and the next. */
static void add_amendment(struct text *t, unsigned r)
{
    struct para *p = &t->para;
    unsigned dims = mfk_body_dims(t->b);
    size_t v0, v1, chair;
    const double *p0, *p1;
    const char *t0, *t1;
    int moved, redrafted;

    mfk_consultation_round(t->c, r, NULL, NULL, NULL, &v0);
    mfk_consultation_round(t->c, r + 1, NULL, NULL, NULL, &v1);
    mfk_proposal_version(t->p, v0, &t0, &p0);
    mfk_proposal_version(t->p, v1, &t1, &p1);
    moved = p0 != NULL && p1 != NULL && memcmp(p0, p1, dims * sizeof *p0);
    redrafted = t1 != NULL && (t0 == NULL || strcmp(t0, t1) != 0);
    if (!moved && !redrafted) {
        para_add(p, "Round %u is held on the same text.", on(t, r + 1));
        para_print(t->f, p, 6, 6);
        return;
    }
    if (mfk_consultation_chair(t->c, &chair) == MFK_OK)
        para_add(p, "The Chair, %s, ", mfk_body_member_name(t->b, chair));
    else
        para_add(p, "The Chair ");
    para_add(p, "consults and amends the text for round %u",
             on(t, r + 1));
    if (moved) {
        char a[32];
        const double *sq = mfk_proposal_status_quo(t->p);
        para_add(p, ": it moves from ");
        add_vector(t, p0);
        para_add(p, " to ");
        add_vector(t, p1);
        if (sq != NULL && dims == 1)
            para_add(p, ", towards the status quo (%s), to meet the "
                        "objections",
                     mfk_number_json(sq[0], a));
    }
    if (redrafted) {
        size_t len = strlen(t1);
        para_add(p, "%s now reads \"%s\"", moved ? "; it" : ": it", t1);
        if (len == 0 || strchr(".!?", t1[len - 1]) == NULL)
            para_add(p, ".");
    } else
        para_add(p, ".");
    para_print(t->f, p, 6, 6);
}

/* The outcome, who is bound, and what happens next. */
static void add_outcome(struct text *t)
{
    mfk_outcome o;
    mfk_consultation_outcome(t->c, &o);
    print_account(t, MFK_ACCOUNT_OUTCOME, 0, "Outcome: ",
                  mfk_name(MFK_NAMES_OUTCOME, (int)o), outcome_colour(o), 6);
}

static void text_result(FILE *f, const mfk_consultation *c, int full,
                        int colour, unsigned *explained)
{
    struct text t;
    size_t v, nv;
    unsigned r, rounds;

    memset(&t, 0, sizeof t);
    t.f = f;
    t.colour = colour;
    t.c = c;
    t.explained = explained;
    t.b = mfk_consultation_body(c);
    t.p = mfk_consultation_proposal(c);
    t.n = mfk_body_member_count(t.b);
    t.mark = calloc(t.n ? t.n : 1, 1);
    if (t.mark == NULL) {
        cli_puts_safe(f, mfk_proposal_id(t.p));
        fputs(": out of memory\n\n", f);
        return;
    }
    add_intro(&t);
    nv = mfk_consultation_violation_count(c);
    for (v = 0; v < nv; v++)
        add_violation(&t, v);
    if (!mfk_consultation_admissible(c) || !full) {
        if (mfk_consultation_admissible(c))
            fprintf(f, "    Admissible: no principle in force forbids "
                       "putting it.\n");
        else if (full)
            add_outcome(&t);
        fputc('\n', f);
        free(t.mark);
        free(t.para.buf);
        return;
    }
    add_rule(&t, mfk_proposal_rule(t.p));
    add_table(&t);
    rounds = mfk_consultation_rounds(c);
    for (r = 1; r <= rounds; r++) {
        add_circulation(&t, r);
        add_verdict(&t, r);
        if (r < rounds)
            add_amendment(&t, r);
    }
    add_outcome(&t);
    fputc('\n', f);
    free(t.mark);
    free(t.para.buf);
}

/* What a fallback does, after "if they bring no decision". */
static const char *fallback_text(mfk_fallback f)
{
    switch (f) {
    case MFK_FALLBACK_REFER_TO_SUMMIT:
        return "it goes to the Summit";
    case MFK_FALLBACK_CHAIRS_STATEMENT:
        return "the Chair issues a Chair's Statement";
    case MFK_FALLBACK_WITHDRAW:
        return "it is withdrawn";
    case MFK_FALLBACK_NONE:
        return "nothing comes of it";
    default:
        return "it is deferred to a later meeting";
    }
}

/* The body, once, before its proposals. */
static void text_header(FILE *f, mfk_scenario *s, int full, int colour)
{
    mfk_body *b = mfk_scenario_body(s);
    size_t i, chair, no = mfk_body_observer_count(b);
    size_t np = mfk_scenario_proposal_count(s);
    struct para p = {NULL, 0, 0};

    fputs(colour ? "\033[1m" : "", f);
    cli_puts_safe(f, mfk_body_name(b));
    fputs(colour ? "\033[0m" : "", f);
    if (mfk_scenario_year(s))
        fprintf(f, ", %d", mfk_scenario_year(s));
    fputc('\n', f);
    para_add(&p, "%zu member%s", mfk_body_member_count(b),
             mfk_body_member_count(b) == 1 ? "" : "s");
    if (mfk_body_chair(b, &chair) == MFK_OK)
        para_add(&p, ", chaired by %s%s", mfk_body_member_name(b, chair),
                 mfk_scenario_year(s) ? " (the chair rotates each year in "
                                        "the alphabetical order of the "
                                        "members' names)"
                                      : "");
    para_add(&p, ".");
    if (no > 0) {
        para_add(&p, " Observers, consulted but never deciding: ");
        for (i = 0; i < no; i++)
            para_add(&p, "%s%s",
                     i == 0 ? "" : i + 1 == no ? " and " : ", ",
                     mfk_body_observer_name(b, i));
        para_add(&p, ".");
    }
    para_add(&p, " Its rule is %s; a proposal has at most %u round%s, and "
                 "if they bring no decision %s (unless the proposal says "
                 "otherwise).",
             mfk_name(MFK_NAMES_RULE, (int)mfk_body_rule(b)->kind),
             mfk_body_max_rounds(b), mfk_body_max_rounds(b) == 1 ? "" : "s",
             fallback_text(mfk_body_fallback(b)));
    para_add(&p, " %zu proposal%s follow%s.", np, np == 1 ? "" : "s",
             np == 1 ? "s" : "");
    para_print(f, &p, 2, 2);
    if (full) {
        fputc('\n', f);
        para_add(&p, "How to read it: before any round, the principles "
                     "decide whether a proposal may be put at all. Then, "
                     "round by round, each member takes a stance: support; "
                     "join (no objection, \"can live with it\"); "
                     "reservation (joins, with a reservation on record); "
                     "abstain; not-ready (stands aside); object; silent "
                     "(not heard). The rule turns the stances into a "
                     "verdict: adopted, blocked (by the members named), or "
                     "short (too few in favour). Between rounds the Chair "
                     "may amend the text. When no round adopts, the "
                     "fallback decides what happens.");
        para_print(f, &p, 2, 2);
    }
    fputc('\n', f);
    free(p.buf);
}

/* ---- commands --------------------------------------------------------- */

/* Prints text from column col, wrapped at 78 columns with the lines
 * after the first indented to col, and a newline. */
static void print_wrapped(FILE *f, const char *text, size_t col)
{
    size_t at = col;
    int first = 1;
    while (*text != '\0') {
        size_t len, w;
        while (*text == ' ')
            text++;
        len = strcspn(text, " ");
        if (len == 0)
            break;
        w = visible(text, len);
        if (!first && at + 1 + w > 78) {
            fprintf(f, "\n%*s", (int)col, "");
            at = col;
        } else if (!first) {
            fputc(' ', f);
            at++;
        }
        cli_write_safe(f, text, len, keep_sgr);
        at += w;
        text += len;
        first = 0;
    }
    fputc('\n', f);
}

/* The column of the ids in "In short": the longest id given, at least 4
 * (as put_padded counts). */
static size_t id_column(size_t width, const mfk_proposal *p)
{
    size_t w = strlen(mfk_proposal_id(p));
    return w > width ? w : width;
}

/* One line a proposal, after the narratives. */
static void text_summary(FILE *f, mfk_scenario *s,
                         const unsigned char *outcomes, size_t n, int colour)
{
    size_t k, width = 4;
    for (k = 0; k < n; k++)
        width = id_column(width, mfk_scenario_proposal(s, k));
    fprintf(f, "%sIn short%s\n", colour ? "\033[1m" : "",
            colour ? "\033[0m" : "");
    for (k = 0; k < n; k++) {
        const mfk_proposal *p = mfk_scenario_proposal(s, k);
        mfk_outcome o = (mfk_outcome)outcomes[k];
        fputs("  ", f);
        put_padded(f, mfk_proposal_id(p), width);
        fprintf(f, " %s%-25s%s ", colour ? outcome_colour(o) : "",
                mfk_name(MFK_NAMES_OUTCOME, (int)o), colour ? "\033[0m" : "");
        print_wrapped(f, mfk_proposal_title(p), width + 29);
    }
}

/* rc, or CLI_INPUT when standard output cannot take what was printed. */
static int flushed(int rc)
{
    if (fflush(stdout) != 0 && rc == CLI_OK) {
        cli_error("standard output: cannot write");
        rc = CLI_INPUT;
    }
    return rc;
}
/* The drawing of the n consultations cs of s, under the library's
 * title. */
static int svg_write(const char *path, const char *file, mfk_scenario *s,
                     mfk_consultation *const *cs, size_t n)
{
    char small[300], *title = small;
    size_t len;
    int r = mfk_scenario_svg_title(s, small, sizeof small, &len);
    if (r == MFK_ERANGE && (title = malloc(len + 1)) == NULL)
        r = MFK_ENOMEM;
    else if (r == MFK_ERANGE)
        r = mfk_scenario_svg_title(s, title, len + 1, &len);
    if (r == MFK_OK)
        r = cli_svg_consultations(path, title, cs, n);
    else {
        cli_error("%s: %s", file, mfk_strerror(r));
        r = CLI_INPUT;
    }
    if (title != small)
        free(title);
    return r;
}

/* Consults (full) or checks each proposal of s and prints the results,
 * one proposal at a time, freeing each once printed; with o->svg, keeps
 * them to draw them at the end, up to the cells a drawing has
 * (mfk_consultation_svg_cells). */
/* ---- the Summit's two steps ------------------------------------------ */

/* One of the steps' sentences from the library
 * (mfk_summit_steps_account(3)), indented by two. */
static int summit_sentence(const char *file, const mfk_summit_steps *st,
                           mfk_summit_part part)
{
    char small[512], *s = small;
    size_t len;
    int r = mfk_summit_steps_account(st, part, 0, NULL, small, sizeof small,
                                     &len);
    if (r == MFK_ERANGE && (s = malloc(len + 1)) == NULL)
        r = MFK_ENOMEM;
    else if (r == MFK_ERANGE)
        r = mfk_summit_steps_account(st, part, 0, NULL, s, len + 1, &len);
    if (r == MFK_OK) {
        fputs("  ", stdout);
        print_wrapped(stdout, s, 2);
        fputc('\n', stdout);
    } else {
        cli_error("%s: %s", file, mfk_strerror(r));
    }
    if (s != small)
        free(s);
    return r == MFK_OK ? CLI_OK : CLI_INPUT;
}

/* Where proposal i, referred to the Summit, is taken there
 * (mfk_scenario_summit_run(3)): step 1, the Summit on each candidate
 * rule until it adopts one; step 2, the proposal under it. In text they
 * follow the proposal's result; in JSON *extra gets the proposal item's
 * "summit" (malloc'ed). Records follow the body's, of the meeting of
 * `year` (0: none said). *final gets step 2's outcome, when it was held,
 * and is left as it was otherwise. */
static int summit_steps(const char *file, mfk_scenario *s, size_t i,
                        const struct run_opts *o, cli_journal *journal,
                        int year, int colour, unsigned *explained,
                        char **extra, mfk_outcome *final)
{
    size_t k, held, len;
    mfk_summit_steps *st = NULL;
    const mfk_consultation *d;
    int r, rc = CLI_OK;

    *extra = NULL;
    if ((r = mfk_scenario_summit_run(s, i, NULL, &st)) != MFK_OK) {
        cli_error("%s: /proposals/%zu: at the Summit: %s", file, i,
                  mfk_strerror(r));
        return CLI_INPUT;
    }
    held = mfk_summit_steps_count(st);
    d = mfk_summit_steps_decision(st);
    if (d != NULL)
        mfk_consultation_outcome(d, final);
    if (o->format == CLI_TEXT) {
        if ((rc = summit_sentence(file, st, MFK_SUMMIT_QUESTION)) == CLI_OK)
            for (k = 0; k < held; k++)
                text_result(stdout, mfk_summit_steps_step(st, k), 1, colour,
                            explained);
        if (rc == CLI_OK &&
            (rc = summit_sentence(file, st, MFK_SUMMIT_CHOICE)) == CLI_OK &&
            d != NULL)
            text_result(stdout, d, 1, colour, explained);
    } else {
        static const char key[] = ", \"summit\": ";
        r = mfk_summit_steps_write_json(st, NULL, NULL, 0, &len);
        if (r == MFK_ERANGE &&
            (*extra = malloc(sizeof key - 1 + len + 1)) == NULL)
            r = MFK_ENOMEM;
        else if (r == MFK_ERANGE) {
            memcpy(*extra, key, sizeof key - 1);
            r = mfk_summit_steps_write_json(st, NULL, *extra + sizeof key - 1,
                                            len, &len);
            (*extra)[sizeof key - 1 + len] = '\0';
        }
        if (r != MFK_OK) {
            cli_error("%s: %s", file, mfk_strerror(r));
            rc = CLI_INPUT;
        }
    }
    for (k = 0; k < held && rc == CLI_OK && journal != NULL; k++)
        rc = cli_journal_append_step(journal, mfk_summit_steps_step(st, k),
                                     year);
    if (rc == CLI_OK && journal != NULL && d != NULL)
        rc = cli_journal_append_step(journal, d, year);
    mfk_summit_steps_free(st);
    if (rc != CLI_OK) {
        free(*extra);
        *extra = NULL;
    }
    return rc;
}

/* With --svg: adds the cells of c, proposal `index`, to *cells; past the
 * most a drawing has, says so, frees the kept consultations and returns
 * 0 (the rest goes on; only the drawing is refused), else 1. */
static int svg_fits(const struct run_opts *o, const char *file,
                    const mfk_consultation *c, size_t index, size_t *cells,
                    mfk_consultation **cs, size_t *kept)
{
    mfk_error err;
    if (mfk_consultation_svg_cells(c, index, cells, &err) == MFK_OK)
        return 1;
    cli_error("%s: not written: %s %s", o->svg, file, err.message);
    while (*kept > 0)
        mfk_consultation_free(cs[--*kept]);
    return 0;
}

static int consult_all(const char *file, mfk_scenario *s,
                       const struct run_opts *o, int full)
{
    size_t i, np = mfk_scenario_proposal_count(s), kept = 0;
    size_t cells = 0;
    mfk_body *b = mfk_scenario_body(s);
    int colour = o->format == CLI_TEXT && cli_colour(stdout);
    int svg = o->svg != NULL && full, svg_refused = 0;
    int rc = CLI_OK;
    unsigned explained = 0;
    mfk_consultation **cs = calloc(svg && np ? np : 1, sizeof *cs);
    unsigned char *outcomes = calloc(np ? np : 1, 1);
    cli_journal *journal = NULL;
    cli_progress progress;

    if (cs == NULL || outcomes == NULL) {
        cli_error("%s: out of memory", file);
        free(cs);
        free(outcomes);
        return CLI_INPUT;
    }
    if (o->journal != NULL &&
        (rc = cli_journal_open(&journal, o->journal, o->time, o->sign)) !=
            CLI_OK) {
        free(cs);
        free(outcomes);
        return rc;
    }
    keep_sgr = colour;
    if (o->format == CLI_TEXT)
        text_header(stdout, s, full, colour);
    /* A bar for long work, when it does not share the terminal with the
     * results. */
    cli_progress_start(&progress, full ? "consulting" : "checking",
                       np >= 50 && !isatty(fileno(stdout)) ? (double)np : 0);
    for (i = 0; i < np && rc == CLI_OK; i++) {
        mfk_consultation *c = NULL;
        mfk_outcome oc = MFK_OUTCOME_INADMISSIBLE;
        int r;
        cli_progress_update(&progress, (double)i);
        if (full)
            r = mfk_scenario_consult(s, i, NULL, &c);
        else
            r = mfk_consultation_new(&c, b, mfk_scenario_proposal(s, i),
                                     NULL);
        if (r != MFK_OK) {
            cli_error("%s: /proposals/%zu: %s", file, i, mfk_strerror(r));
            rc = CLI_INPUT;
            break;
        }
        if (mfk_consultation_outcome(c, &oc) == MFK_OK)
            outcomes[i] = (unsigned char)oc;
        if (svg && !svg_fits(o, file, c, i, &cells, cs, &kept)) {
            svg = 0;
            svg_refused = 1;
        }
        if (full && oc == MFK_OUTCOME_REFERRED_TO_SUMMIT &&
            mfk_scenario_candidate_rule_count(s, i) > 0) {
            /* The body's record first, then the Summit's steps. */
            char *extra = NULL;
            if (rc == CLI_OK && o->format == CLI_TEXT)
                text_result(stdout, c, full, colour, &explained);
            if (rc == CLI_OK && journal != NULL)
                rc = cli_journal_append(journal, c, s, i);
            if (rc == CLI_OK)
                rc = summit_steps(file, s, i, o, journal, 0, colour,
                                  &explained, &extra, &oc);
            outcomes[i] = (unsigned char)oc;
            if (rc == CLI_OK && o->format != CLI_TEXT)
                rc = json_item_with(file, c, 0, i == 0, extra);
            free(extra);
        } else {
            if (rc == CLI_OK && o->format == CLI_TEXT)
                text_result(stdout, c, full, colour, &explained);
            else if (rc == CLI_OK)
                rc = json_item(file, c, full ? 0 : MFK_JSON_CHECK, i == 0);
            if (rc == CLI_OK && journal != NULL)
                rc = cli_journal_append(journal, c, s, i);
        }
        if (svg)
            cs[kept++] = c;
        else
            mfk_consultation_free(c);
    }
    cli_progress_end(&progress);
    if (rc == CLI_OK) {
        if (o->format == CLI_JSON)
            fputs(np == 0 ? JSON_HEAD JSON_TAIL : JSON_TAIL, stdout);
        else if (full && np > 0)
            text_summary(stdout, s, outcomes, np, colour);
    }
    if (journal != NULL) {
        int r = cli_journal_close(journal);
        if (rc == CLI_OK)
            rc = r;
    }
    if (rc == CLI_OK && svg)
        rc = svg_write(o->svg, file, s, cs, np);
    if (svg_refused && rc == CLI_OK)
        rc = CLI_INPUT;
    for (i = 0; i < kept; i++)
        mfk_consultation_free(cs[i]);
    free(cs);
    free(outcomes);
    return flushed(rc);
}

/* ---- meetings in series ---------------------------------------------- */

/* The heading of meeting m: its year and chair. */
static void meeting_heading(FILE *f, mfk_series *q, size_t m,
                            const mfk_body *b, int colour)
{
    size_t chair;
    int year = mfk_series_meeting_year(q, m);
    fprintf(f, "%sMeeting %zu of %zu", colour ? "\033[1m" : "", m + 1,
            mfk_series_meeting_count(q));
    if (year != 0)
        fprintf(f, ", %d", year);
    fputs(colour ? "\033[0m" : "", f);
    if (mfk_body_chair(b, &chair) == MFK_OK) {
        fputs(": chaired by ", f);
        cli_puts_safe(f, mfk_body_member_name(b, chair));
    }
    fputs(".\n\n", f);
}

/* One line a consultation held, after the narratives. */
struct held {
    size_t meeting, proposal;
    unsigned char outcome;
};

static void series_summary(FILE *f, mfk_scenario *s, mfk_series *q,
                           const struct held *h, size_t n, int colour)
{
    size_t k, width = 4;
    for (k = 0; k < n; k++)
        width = id_column(width, mfk_scenario_proposal(s, h[k].proposal));
    fprintf(f, "%sIn short%s\n", colour ? "\033[1m" : "",
            colour ? "\033[0m" : "");
    for (k = 0; k < n; k++) {
        const mfk_proposal *p = mfk_scenario_proposal(s, h[k].proposal);
        mfk_outcome o = (mfk_outcome)h[k].outcome;
        int year = mfk_series_meeting_year(q, h[k].meeting);
        if (year != 0)
            fprintf(f, "  %-5d ", year);
        else
            fprintf(f, "  %-5zu ", h[k].meeting + 1);
        put_padded(f, mfk_proposal_id(p), width);
        fprintf(f, " %s%-25s%s ", colour ? outcome_colour(o) : "",
                mfk_name(MFK_NAMES_OUTCOME, (int)o), colour ? "\033[0m" : "");
        print_wrapped(f, mfk_proposal_title(p), width + 35);
    }
}

/* `run` on a scenario of meetings, or with --continue: the meetings in
 * order (mfk_series_new(3)). JSON: {"meetings": [{"year", "proposals":
 * [as {"proposals": [...]} has them]}]}. */
static int consult_series(const char *file, mfk_scenario *s,
                          const struct run_opts *o)
{
    mfk_body *b = mfk_scenario_body(s);
    int colour = o->format == CLI_TEXT && cli_colour(stdout);
    int rc = CLI_OK, r;
    unsigned explained = 0;
    size_t nheld = 0, cap = 0, kept = 0, m = 0, prop = 0, last = SIZE_MAX;
    size_t taken = 0, cells = 0;
    int svg = o->svg != NULL;
    struct held *held = NULL;
    mfk_consultation **cs = NULL;
    const char *jpath = o->journal != NULL ? o->journal : o->cont;
    cli_journal *journal = NULL;
    mfk_series *q;

    if (mfk_series_new(&q, s, NULL) != MFK_OK) {
        cli_error("%s: out of memory", file);
        return CLI_INPUT;
    }
    if (o->cont != NULL && (rc = cli_series_take_up(q, o->cont, &taken)))
        goto out;
    if (jpath != NULL &&
        (rc = cli_journal_open(&journal, jpath, o->time, o->sign)) != CLI_OK)
        goto out;
    keep_sgr = colour;
    if (o->format == CLI_TEXT) {
        text_header(stdout, s, 1, colour);
        if (o->cont != NULL) {
            fprintf(stdout, "  Taken up from journal ");
            cli_puts_safe(stdout, o->cont);
            fprintf(stdout, ": %zu proposal%s it left deferred.\n\n",
                    taken, taken == 1 ? "" : "s");
        }
    } else {
        fputs("{\"meetings\": [", stdout);
    }
    for (;;) {
        mfk_consultation *c = NULL;
        mfk_outcome oc = MFK_OUTCOME_INADMISSIBLE;
        r = mfk_series_next(q, &c, &m, &prop);
        if (r == MFK_DONE)
            break;
        if (r != MFK_OK) {
            cli_error("%s: /proposals/%zu: %s", file, prop, mfk_strerror(r));
            rc = CLI_INPUT;
            break;
        }
        if (m != last && o->format == CLI_TEXT) {
            meeting_heading(stdout, q, m, b, colour);
        } else if (m != last) {
            int year = mfk_series_meeting_year(q, m);
            fputs(last == SIZE_MAX ? "" : "]}, ", stdout);
            if (year != 0)
                printf("{\"year\": %d, \"proposals\": [", year);
            else
                fputs("{\"year\": null, \"proposals\": [", stdout);
        }
        mfk_consultation_outcome(c, &oc);
        if (nheld + 2 > cap) {
            size_t ncap = cap ? 2 * cap : 16;
            void *h = realloc(held, ncap * sizeof *held);
            void *k = o->svg ? realloc(cs, ncap * sizeof *cs) : cs;
            if (h != NULL)
                held = h;
            if (k != NULL)
                cs = k;
            if (h == NULL || (o->svg && k == NULL)) {
                cli_error("%s: out of memory", file);
                mfk_consultation_free(c);
                rc = CLI_INPUT;
                break;
            }
            cap = ncap;
        }
        held[nheld].meeting = m;
        held[nheld].proposal = prop;
        held[nheld].outcome = (unsigned char)oc;
        if (oc == MFK_OUTCOME_REFERRED_TO_SUMMIT &&
            mfk_scenario_candidate_rule_count(s, prop) > 0) {
            /* The body's record first, then the Summit's steps. */
            char *extra = NULL;
            if (o->format == CLI_TEXT)
                text_result(stdout, c, 1, colour, &explained);
            if (journal != NULL)
                rc = cli_journal_append_series(journal, q, c);
            if (rc == CLI_OK)
                rc = summit_steps(file, s, prop, o, journal,
                                  mfk_series_meeting_year(q, m), colour,
                                  &explained, &extra, &oc);
            if (rc == CLI_OK && o->format != CLI_TEXT)
                rc = json_item_with(file, c, 0, m != last ? -1 : 0, extra);
            free(extra);
            /* The Summit's decision, a line of its own in the summary. */
            if (oc != (mfk_outcome)held[nheld].outcome) {
                held[nheld + 1] = held[nheld];
                held[nheld + 1].outcome = (unsigned char)oc;
                nheld++;
            }
        } else {
            if (o->format == CLI_TEXT)
                text_result(stdout, c, 1, colour, &explained);
            else
                rc = json_item(file, c, 0, m != last ? -1 : 0);
            if (rc == CLI_OK && journal != NULL)
                rc = cli_journal_append_series(journal, q, c);
        }
        last = m;
        nheld++;
        if (svg && !svg_fits(o, file, c, prop, &cells, cs, &kept))
            svg = 0;
        if (svg)
            cs[kept++] = c;
        else
            mfk_consultation_free(c);
        if (rc != CLI_OK)
            break;
    }
    if (rc == CLI_OK && o->format == CLI_JSON)
        fputs(last == SIZE_MAX ? "]}\n" : "]}]}\n", stdout);
    else if (rc == CLI_OK && nheld > 0)
        series_summary(stdout, s, q, held, nheld, colour);
    if (journal != NULL) {
        int r2 = cli_journal_close(journal);
        if (rc == CLI_OK)
            rc = r2;
    }
    if (rc == CLI_OK && svg)
        rc = cli_svg_consultations(o->svg, mfk_body_name(b), cs, kept);
    else if (rc == CLI_OK && o->svg != NULL)
        rc = CLI_INPUT; /* the drawing refused */
out:
    while (kept > 0)
        mfk_consultation_free(cs[--kept]);
    free(cs);
    free(held);
    mfk_series_free(q);
    return flushed(rc);
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
                return cli_try_help(cmd);
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
             (r = cli_option_value(argc, argv, &i, "time", &o->time)) != 0 ||
             (r = cli_option_value(argc, argv, &i, "sign", &o->sign)) != 0 ||
             (r = cli_option_value(argc, argv, &i, "continue", &o->cont)) !=
                 0)) {
            if (r < 0)
                return cli_usage_error(cmd, "option %s needs a value",
                                       argv[i]);
            continue;
        }
        if (strcmp(argv[i], "--") == 0 && i + 1 < argc &&
            strcmp(cmd, "demo") != 0 && *file == NULL) {
            *file = argv[++i];
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

#define EXIT_STATUS                                                         \
    "Exit status: 0 when it ran; 1 for invalid input or a file that "       \
    "cannot be read\nor written; 2 for a wrong command line. "

static void run_help(void)
{
    printf("Usage: mufakat run FILE [--format text|json] [--svg FILE]\n"
           "                        [--journal J [--time RFC3339] "
           "[--sign KEY]]\n"
           "                        [--continue J]\n"
           "Consults the body of scenario FILE (JSON or CBOR) on each of "
           "its proposals:\nthe principles first, then rounds of stances "
           "until the rule adopts, the\nrounds run out, or the Chair has "
           "nothing new to put; then the fallback.\n\n"
           "  --format text|json  a narrative for people (default), or "
           "JSON\n"
           "  --svg FILE          also draw each consultation as a grid, "
           "in SVG\n"
           "  --journal J         append a record of each proposal to "
           "journal J\n"
           "                      (created if missing)\n"
           "  --time RFC3339      the time written in records, e.g. "
           "2026-07-08T09:00:00Z\n"
           "                      (offsets are taken to UTC; default: "
           "now)\n"
           "  --sign KEY          sign each record with the secret key in "
           "file KEY\n"
           "                      ('mufakat keygen' makes one)\n"
           "  --continue J        take up first what journal J left "
           "deferred, its rounds\n"
           "                      numbered on; records go to J (or to "
           "--journal)\n"
           "  --help              print this help\n\n" EXIT_STATUS
           "See mufakat(1),\nmufakat-scenario(5).\n");
}

static void check_help(void)
{
    printf("Usage: mufakat check FILE [--format text|json]\n"
           "Validates scenario FILE and prints, for each proposal, whether "
           "it is\nadmissible and which principles it breaks. Holds no "
           "round.\n\n"
           "  --format text|json  text for people (default), or JSON\n"
           "  --help              print this help\n\n"
           "Exit status: 0 for a valid file, even when proposals are "
           "inadmissible;\n1 for invalid input or a file that cannot be "
           "read; 2 for a wrong command\nline. See mufakat(1), "
           "mufakat-scenario(5).\n");
}

static void demo_help(void)
{
    printf("Usage: mufakat demo [--format text|json] [--svg FILE]\n"
           "Runs the built-in scenario, no file needed: two meetings of the "
           "ASEAN Foreign\nMinisters, 2026 and 2027, its 11 members, the "
           "chair by rotation (the\nPhilippines, then Singapore; Myanmar "
           "passed over). In 2026, nine proposals\nwhose fates differ: "
           "adopted at once, after the Chair's amendment, with\n"
           "reservations, with flexible participation (\"ASEAN minus X\"), "
           "inadmissible\nwithout a member's consent and adopted with it, "
           "ending in a Chair's\nStatement, settled by consensus minus the "
           "parties, and deferred. In 2027,\nthe deferred treaty taken up "
           "and adopted, and a power grid referred to the\nSummit, which "
           "decides by consensus that it is decided \"ASEAN minus X\".\n"
           "The same scenario is installed as examples/asean-meetings.json "
           "(the 2026\nmeeting alone as examples/asean-amm.json), to edit "
           "and run with \"mufakat run\".\n\n"
           "  --format text|json  a narrative for people (default), or "
           "JSON\n"
           "  --svg FILE          also draw each consultation as a grid, "
           "in SVG\n"
           "  --help              print this help\n\n" EXIT_STATUS
           "See mufakat(1).\n");
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
    if (o.time != NULL && o.journal == NULL && o.cont == NULL)
        return cli_usage_error("run", "--time needs --journal");
    if (o.sign != NULL && o.journal == NULL && o.cont == NULL)
        return cli_usage_error("run", "--sign needs --journal");
    if (cli_same_file(o.svg, o.cont)) {
        cli_error("%s: not written: it is the journal, an input", o.svg);
        return CLI_INPUT;
    }
    if (cli_same_file(o.svg, file) || cli_same_file(o.svg, o.journal)) {
        cli_error("%s: not written: it is the %s, an input", o.svg,
                  cli_same_file(o.svg, file) ? "scenario" : "journal");
        return CLI_INPUT;
    }
    if ((rc = load(file, &s)) != CLI_OK)
        return rc;
    if (mfk_scenario_meeting_count(s) > 0 || o.cont != NULL)
        rc = consult_series(file, s, &o);
    else
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

/* The demo's short simulation: where members can stand aside or go
 * unheard, the three rules come apart (mufakat(1), "demo"). The same as
 * mufakat simulate --runs 2000 --seed 1 --max-rounds 1 --tolerance 0.1
 * --externality 0.3 --absence 0.05 --rule consensus,flexible,silence. */
static int demo_simulation(void)
{
    static const mfk_rule_kind kinds[] = {
        MFK_RULE_CONSENSUS, MFK_RULE_FLEXIBLE, MFK_RULE_SILENCE};
    mfk_body *b = NULL;
    mfk_sim *sim = NULL;
    mfk_rule r;
    double share[3];
    char id[8];
    size_t i;
    int rc;

    rc = mfk_body_new(&b, "simulated body", 1, NULL);
    for (i = 0; i < 11 && rc == MFK_OK; i++) {
        snprintf(id, sizeof id, "M%zu", i + 1);
        rc = mfk_body_add_member(b, id, id, NULL);
    }
    if (rc == MFK_OK)
        rc = mfk_body_set_all(b, MFK_MEMBER_TOLERANCE, 0.1);
    if (rc == MFK_OK)
        rc = mfk_body_set_all(b, MFK_MEMBER_EXTERNALITY, 0.3);
    if (rc == MFK_OK)
        rc = mfk_body_set_all(b, MFK_MEMBER_ABSENCE, 0.05);
    if (rc == MFK_OK)
        rc = mfk_sim_new(&sim, b, NULL);
    if (rc == MFK_OK)
        rc = mfk_sim_set_max_rounds(sim, 1);
    for (i = 0; i < 3 && rc == MFK_OK; i++)
        if ((rc = mfk_rule_init(&r, kinds[i])) == MFK_OK)
            rc = mfk_sim_add_rule(sim, &r);
    if (rc == MFK_OK)
        rc = mfk_sim_run(sim, 1, 2000, 1);
    for (i = 0; i < 3 && rc == MFK_OK; i++)
        rc = mfk_sim_adoption(sim, i, &share[i], NULL, NULL);
    if (rc == MFK_OK)
        printf("\nA short simulation\n"
               "  2000 bodies of 11 members on one policy scale, each text "
               "put in one round.\n"
               "  Each member tolerates a loss of 0.1, feels 0.3 of a text's "
               "effect when it\n"
               "  stands aside, and is not heard one round in twenty "
               "(mufakat simulate\n"
               "  --max-rounds 1 --tolerance 0.1 --externality 0.3 "
               "--absence 0.05).\n"
               "    consensus  adopts %4.1f%%\n"
               "    flexible   adopts %4.1f%%\n"
               "    silence    adopts %4.1f%%\n"
               "  Consensus needs every member heard and none objecting; "
               "under flexible\n"
               "  participation a member the text costs little stands aside "
               "instead of\n"
               "  objecting; under the silence procedure a member not heard "
               "consents.\n",
               100 * share[0], 100 * share[1], 100 * share[2]);
    mfk_sim_free(sim);
    mfk_body_free(b);
    if (rc != MFK_OK) {
        cli_error("demo: simulation: %s", mfk_strerror(rc));
        return CLI_INPUT;
    }
    return CLI_OK;
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
    if (mfk_scenario_read_json(&s, (const char *)mfk_demo_json,
                               mfk_demo_json_len, NULL, &err) != MFK_OK) {
        cli_input_error("(built-in demo)", &err);
        return CLI_INPUT;
    }
    if (o.format == CLI_TEXT)
        fputs("mufakat's built-in demo: the proposals are illustrations "
              "drawn from the ASEAN\nSecurity Community Plan of Action "
              "(2004) and the ASEAN Charter (2008); the\nstances are "
              "invented. To change them, edit a copy of asean-meetings.json "
              "and\nrun \"mufakat run\" on it. See mufakat(1).\n\n",
              stdout);
    rc = consult_series("(built-in demo)", s, &o);
    mfk_scenario_free(s);
    if (rc == CLI_OK && o.format == CLI_TEXT)
        rc = demo_simulation();
    return rc;
}

/* Round r circulated under the silence procedure: its deadline and who
 * broke silence or spoke, and when. */
static void add_circulation(struct text *t, unsigned r)
{
    struct para *p = &t->para;
    unsigned circ;
    const char *dl = mfk_consultation_deadline(t->c, &circ), *at;
    const unsigned char *st;
    size_t i, k = 0;

    if (dl == NULL || circ != r)
        return;
    mfk_consultation_round(t->c, r, &st, NULL, NULL, NULL);
    para_add(p, "Round %u was circulated until %s (UTC)", r, dl);
    for (i = 0; i < t->n; i++)
        if ((at = mfk_consultation_stance_time(t->c, r, i)) != NULL)
            para_add(p, "%s %s: %s at %s", k++ ? ";" : ":",
                     mfk_body_member_name(t->b, i),
                     mfk_name(MFK_NAMES_STANCE, st[i]), at);
    para_add(p, k ? "; the others kept silence." : ": everyone kept silence.");
    para_print(t->f, p, 4, 6);
}
