/* SVG pictures, as the driver draws them: a small writer into a growing
 * buffer, the consultation grids of run and demo, a bar chart with
 * intervals and a line chart with bands for the simulator, and the
 * predictions of predict, issue by issue. */
#include "records-private.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Text into the buffer: formatted, or as it is. */
static void out_printf(mfk__cbuf *b, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void out_printf(mfk__cbuf *b, const char *fmt, ...)
{
    char small[256], *big;
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        mfk__cbuf_raw(b, small, (size_t)n);
        return;
    }
    big = mfk__malloc(b->alloc, (size_t)n + 1);
    if (big == NULL) {
        b->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    mfk__cbuf_raw(b, big, (size_t)n);
    mfk__free(b->alloc, big);
}

static void out_puts(mfk__cbuf *b, const char *s)
{
    mfk__cbuf_raw(b, s, strlen(s));
}

typedef struct svg {
    mfk__cbuf *f;
    double width, height;
} svg;

static void svg_rect(svg *s, double x, double y, double w, double h,
                     const char *fill, const char *stroke,
                     double stroke_width);

#define FONT "DejaVu Sans, Helvetica, Arial, sans-serif"

/* ---- the writer ------------------------------------------------------- */

/* The length of the well-formed UTF-8 sequence at p that XML allows
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF;
 * and not U+FFFE or U+FFFF), or 0. */
static size_t utf8_char(const unsigned char *p)
{
    unsigned long c;
    size_t n, k;
    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xc2 && p[0] <= 0xdf)
        n = 2, c = p[0] & 0x1f;
    else if (p[0] >= 0xe0 && p[0] <= 0xef)
        n = 3, c = p[0] & 0x0f;
    else if (p[0] >= 0xf0 && p[0] <= 0xf4)
        n = 4, c = p[0] & 0x07;
    else
        return 0;
    for (k = 1; k < n; k++) {
        if ((p[k] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (p[k] & 0x3f);
    }
    if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
        (c >= 0xd800 && c <= 0xdfff) || c == 0xfffe || c == 0xffff)
        return 0;
    return n;
}

static void svg_escape(mfk__cbuf *f, const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        size_t n = utf8_char(p);
        switch (*p) {
        case '&':
            out_puts(f, "&amp;");
            break;
        case '<':
            out_puts(f, "&lt;");
            break;
        case '>':
            out_puts(f, "&gt;");
            break;
        case '"':
            out_puts(f, "&quot;");
            break;
        case '\'':
            out_puts(f, "&apos;");
            break;
        default:
            if (n == 0) /* not UTF-8 that XML allows: U+FFFD */
                out_puts(f, "\xef\xbf\xbd");
            else if (*p < 0x20)
                mfk__cbuf_raw(f, " ", 1);
            else
                mfk__cbuf_raw(f, p, n);
        }
        p += n ? n : 1;
    }
}

/* Numbers in attributes: short, and the same in every locale the driver
 * runs in (it never calls setlocale). */
static const char *num(double x, char *buf)
{
    snprintf(buf, 32, "%.1f", x);
    if (strcmp(buf, "-0.0") == 0)
        strcpy(buf, "0.0");
    return buf;
}

static void svg_begin(svg *s, mfk__cbuf *f, double width, double height,
                   const char *title)
{
    char w[32], h[32];
    s->f = f;
    s->width = width;
    s->height = height;
    out_printf(f,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%s\" "
            "height=\"%s\" viewBox=\"0 0 %s %s\" font-family=\"%s\">\n",
            num(width, w), num(height, h), w, h, FONT);
    if (title != NULL) {
        out_puts(f, "<title>");
        svg_escape(f, title);
        out_puts(f, "</title>\n");
    }
    svg_rect(s, 0, 0, width, height, "#ffffff", NULL, 0);
}

static void svg_end(svg *s)
{
    out_puts(s->f, "</svg>\n");
}

/* A rectangle; with a tip, a <title> that browsers show on hover. */
static void rect(svg *s, double x, double y, double w, double h,
                 const char *fill, const char *stroke, double stroke_width,
                 const char *tip, int dashed)
{
    char a[32], b[32], c[32], d[32], e[32];
    out_printf(s->f, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" "
                  "fill=\"%s\"",
            num(x, a), num(y, b), num(w, c), num(h, d), fill);
    if (stroke != NULL)
        out_printf(s->f, " stroke=\"%s\" stroke-width=\"%s\"%s", stroke,
                num(stroke_width, e),
                dashed ? " stroke-dasharray=\"4 2\"" : "");
    if (tip == NULL) {
        out_puts(s->f, "/>\n");
        return;
    }
    out_puts(s->f, "><title>");
    svg_escape(s->f, tip);
    out_puts(s->f, "</title></rect>\n");
}

static void svg_rect(svg *s, double x, double y, double w, double h,
                  const char *fill, const char *stroke, double stroke_width)
{
    rect(s, x, y, w, h, fill, stroke, stroke_width, NULL, 0);
}

static void svg_line(svg *s, double x1, double y1, double x2, double y2,
                  const char *stroke, double width)
{
    char a[32], b[32], c[32], d[32], e[32];
    out_printf(s->f, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" "
                  "stroke=\"%s\" stroke-width=\"%s\"/>\n",
            num(x1, a), num(y1, b), num(x2, c), num(y2, d), stroke,
            num(width, e));
}

static void svg_text(svg *s, double x, double y, const char *anchor,
                  double size, const char *weight, const char *fill,
                  const char *text)
{
    char a[32], b[32], c[32];
    out_printf(s->f, "<text x=\"%s\" y=\"%s\" font-size=\"%s\"", num(x, a),
            num(y, b), num(size, c));
    if (anchor != NULL && strcmp(anchor, "start") != 0)
        out_printf(s->f, " text-anchor=\"%s\"", anchor);
    if (weight != NULL && strcmp(weight, "normal") != 0)
        out_printf(s->f, " font-weight=\"%s\"", weight);
    out_printf(s->f, " fill=\"%s\">", fill != NULL ? fill : "#000000");
    svg_escape(s->f, text);
    out_puts(s->f, "</text>\n");
}

static void svg_textf(svg *s, double x, double y, const char *anchor,
                   double size, const char *weight, const char *fill,
                   const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    svg_text(s, x, y, anchor, size, weight, fill, buf);
}

/* Colours that stay apart for most readers: greens for in favour, a
 * teal for reservations, yellow and orange for the middle, red against,
 * grey for silence. */
static const char *svg_stance_fill(int stance)
{
    static const char *const fills[] = {
        "#1a7837", "#7fbf7b", "#5ab4ac", "#fee08b",
        "#fdae61", "#d73027", "#d9d9d9"};
    _Static_assert(sizeof fills / sizeof fills[0] == MFK_STANCE_COUNT,
                   "a colour for every stance");
    return stance >= 0 && stance < MFK_STANCE_COUNT ? fills[stance]
                                                    : "#ffffff";
}

static const char *svg_stance_ink(int stance)
{
    return stance == MFK_SUPPORT || stance == MFK_OBJECT ? "#ffffff"
                                                         : "#1a1a1a";
}

/* ---- consultations ---------------------------------------------------- */

#define MARGIN 20.0
#define CELL_W 84.0
#define CELL_H 18.0
#define ROW_H 20.0

static const char *outcome_ink(mfk_outcome o)
{
    if (o <= MFK_OUTCOME_ADOPTED_FLEXIBLE)
        return "#1a7837";
    if (o == MFK_OUTCOME_INADMISSIBLE)
        return "#b2182b";
    return "#b35806";
}

/* Rows a consultation takes: members, then position, text and verdict. */
static double panel_height(const mfk_consultation *c)
{
    const mfk_proposal *p = mfk_consultation_proposal(c);
    size_t n = mfk_body_member_count(mfk_consultation_body(c));
    double rows = (double)n + 1; /* the verdict */
    if (mfk_proposal_position(p) != NULL)
        rows++;
    if (mfk_proposal_version_count(p) > 1)
        rows++;
    return 44 + 18 + rows * ROW_H + 34;
}

/* A list of the members marked, "A, B and C", or `none`. */
static void list_names(char *buf, size_t size, const mfk_body *b,
                       const unsigned char *set, int want,
                       const char *none)
{
    size_t i, n = mfk_body_member_count(b), total = 0, k = 0, len = 0;
    buf[0] = '\0';
    for (i = 0; i < n; i++)
        total += (set[i] != 0) == want;
    for (i = 0; i < n && len < size; i++)
        if ((set[i] != 0) == want) {
            len += (size_t)snprintf(
                buf + len, size - len, "%s%s",
                k == 0 ? "" : k + 1 == total ? " and " : ", ",
                mfk_body_member_name(b, i));
            k++;
        }
    if (total == 0)
        snprintf(buf, size, "%s", none);
}

static void draw_position(svg *s, const mfk_proposal *p, size_t version,
                          unsigned dims, double x, double y)
{
    const double *pos;
    char buf[64], one[32];
    size_t len = 0;
    unsigned k;
    mfk_proposal_version(p, version, NULL, &pos);
    buf[0] = '\0';
    for (k = 0; pos != NULL && k < dims && len < sizeof buf; k++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
                                k ? ", " : "", mfk_number_json(pos[k], one));
    svg_text(s, x, y, "middle", 11, "normal", "#1a1a1a", buf);
}

/* "chair, sponsor": what member i is to the proposal. */
static void role_label(char *buf, size_t size, const mfk_consultation *c,
                       size_t i)
{
    const mfk_proposal *p = mfk_consultation_proposal(c);
    unsigned roles = mfk_proposal_roles(p, i);
    size_t chair, len = 0;
    buf[0] = '\0';
    if (mfk_consultation_chair(c, &chair) == MFK_OK &&
        chair == i)
        len += (size_t)snprintf(buf + len, size - len, "chair");
    if ((roles & MFK_ROLE_SPONSOR) && len < size)
        len += (size_t)snprintf(buf + len, size - len, "%ssponsor",
                                len ? ", " : "");
    if ((roles & MFK_ROLE_PARTY) && len < size)
        len += (size_t)snprintf(buf + len, size - len, "%sparty",
                                len ? ", " : "");
    if ((roles & MFK_ROLE_CONCERN) && len < size)
        snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
                 mfk_proposal_consents(p, i) ? "concerned, consents"
                                             : "concerned");
}

/* A few words on what an outcome means. */
static const char *outcome_gloss(mfk_outcome o)
{
    switch (o) {
    case MFK_OUTCOME_DEFERRED:
        return "carried to a later meeting";
    case MFK_OUTCOME_REFERRED_TO_SUMMIT:
        return "the Summit decides how to decide";
    case MFK_OUTCOME_CHAIRS_STATEMENT:
        return "no consensus: the Chair notes the positions, nobody is bound";
    case MFK_OUTCOME_WITHDRAWN:
        return "withdrawn by its sponsors";
    case MFK_OUTCOME_NO_OUTCOME:
        return "no consensus, and nothing issued";
    case MFK_OUTCOME_INADMISSIBLE:
        return "a principle forbids putting it";
    default:
        return "";
    }
}

static void draw_panel(svg *s, const mfk_consultation *c, double y0,
                       double namew)
{
    const mfk_body *b = mfk_consultation_body(c);
    const mfk_proposal *p = mfk_consultation_proposal(c);
    size_t n = mfk_body_member_count(b), i, nv;
    unsigned r, rounds = mfk_consultation_rounds(c);
    double x0 = MARGIN + namew, y, top = y0 + 62;
    unsigned char *bound = calloc(n ? n : 1, 1);
    char names[512];
    mfk_outcome o;

    mfk_consultation_outcome(c, &o);
    svg_textf(s, MARGIN, y0 + 16, "start", 14, "bold", "#1a1a1a",
                  "%s  %s", mfk_proposal_id(p), mfk_proposal_title(p));
    svg_textf(s, MARGIN, y0 + 33, "start", 11, "normal", "#555555",
                  "%s pillar, %s; rule: %s",
                  mfk_name(MFK_NAMES_PILLAR, (int)mfk_proposal_pillar(p)),
                  mfk_name(MFK_NAMES_COMPONENT,
                           (int)mfk_proposal_component(p)),
                  mfk_name(MFK_NAMES_RULE,
                           (int)mfk_proposal_rule(p)->kind));
    /* Member names, and who is bound. */
    for (i = 0; i < n; i++) {
        y = top + (double)i * ROW_H;
        if (i % 2 == 0)
            svg_rect(s, MARGIN - 4, y - 1, namew + 4, ROW_H, "#f4f4f4",
                         NULL, 0);
        svg_text(s, MARGIN, y + 13, "start", 11, "normal", "#1a1a1a",
                     mfk_body_member_name(b, i));
        role_label(names, sizeof names, c, i);
        if (names[0] != '\0')
            svg_text(s, MARGIN + namew - 8, y + 13, "end", 9, "normal",
                         "#555555", names);
        if (bound != NULL)
            bound[i] = (unsigned char)mfk_consultation_participant(c, i);
    }
    if (!mfk_consultation_admissible(c)) {
        nv = mfk_consultation_violation_count(c);
        svg_rect(s, x0, top - 1, 3 * CELL_W, (double)n * ROW_H,
                     "#f7f7f7", "#b2182b", 1);
        svg_text(s, x0 + 1.5 * CELL_W, top + (double)n * ROW_H / 2,
                     "middle", 12, "bold", "#b2182b", "no round is held");
        for (i = 0; i < nv; i++) {
            const char *name;
            mfk_mode mode;
            const unsigned char *m;
            mfk_consultation_violation(c, i, &name, &mode, &m);
            if (mode != MFK_MODE_ENFORCE)
                continue;
            list_names(names, sizeof names, b, m, 1, "no member named");
            svg_textf(s, x0 + 1.5 * CELL_W,
                          top + (double)n * ROW_H / 2 + 16 * (double)(i + 1),
                          "middle", 10, "normal", "#1a1a1a",
                          "%s: %s", name, names);
        }
    }
    /* The grid: one column a round. */
    for (r = 1; r <= rounds; r++) {
        const unsigned char *st, *fl;
        mfk_verdict v;
        size_t version;
        double x = x0 + (double)(r - 1) * CELL_W;
        mfk_consultation_round(c, r, &st, &fl, &v, &version);
        svg_textf(s, x + CELL_W / 2, top - 6, "middle", 11, "bold",
                      "#1a1a1a", "round %u",
                  mfk_consultation_first_round(c) - 1 + r);
        for (i = 0; i < n; i++) {
            y = top + (double)i * ROW_H;
            snprintf(names, sizeof names, "%s, round %u: %s%s",
                     mfk_body_member_name(b, i),
                     mfk_consultation_first_round(c) - 1 + r,
                     mfk_name(MFK_NAMES_STANCE, st[i]),
                     (fl[i] & MFK_FLAG_BLOCKER)      ? " (blocks)"
                     : (fl[i] & MFK_FLAG_DISCOUNTED) ? " (not counted)"
                                                     : "");
            rect(s, x + 2, y, CELL_W - 4, CELL_H, svg_stance_fill(st[i]),
                 (fl[i] & (MFK_FLAG_BLOCKER | MFK_FLAG_DISCOUNTED))
                     ? "#000000"
                     : NULL,
                 (fl[i] & MFK_FLAG_BLOCKER) ? 2 : 1.5, names,
                 (fl[i] & MFK_FLAG_DISCOUNTED) != 0);
            svg_text(s, x + CELL_W / 2, y + 13, "middle", 10, "normal",
                         svg_stance_ink(st[i]),
                         mfk_name(MFK_NAMES_STANCE, st[i]));
        }
        y = top + (double)n * ROW_H;
        if (mfk_proposal_position(p) != NULL) {
            draw_position(s, p, version, mfk_body_dims(b), x + CELL_W / 2,
                          y + 13);
            y += ROW_H;
        }
        if (mfk_proposal_version_count(p) > 1) {
            if (version == 0)
                svg_text(s, x + CELL_W / 2, y + 13, "middle", 10,
                             "normal", "#555555", "first text");
            else
                svg_textf(s, x + CELL_W / 2, y + 13, "middle", 10,
                              "normal", "#555555", "amendment %zu",
                              version);
            y += ROW_H;
        }
        svg_text(s, x + CELL_W / 2, y + 13, "middle", 11, "bold",
                     v == MFK_VERDICT_ADOPTED ? "#1a7837" : "#b2182b",
                     mfk_name(MFK_NAMES_VERDICT, (int)v));
    }
    /* Labels of the rows under the grid. */
    y = top + (double)n * ROW_H;
    if (mfk_proposal_position(p) != NULL) {
        const double *sq = mfk_proposal_status_quo(p);
        char one[32];
        if (sq != NULL && mfk_body_dims(b) == 1)
            svg_textf(s, MARGIN, y + 13, "start", 11, "bold", "#555555",
                          "position (status quo %s)", mfk_number_json(sq[0], one));
        else
            svg_text(s, MARGIN, y + 13, "start", 11, "bold", "#555555",
                         "position");
        y += ROW_H;
    }
    if (mfk_proposal_version_count(p) > 1) {
        svg_text(s, MARGIN, y + 13, "start", 11, "bold", "#555555",
                     "text");
        y += ROW_H;
    }
    if (rounds > 0)
        svg_text(s, MARGIN, y + 13, "start", 11, "bold", "#555555",
                     "verdict");
    /* Who is bound, beside the last round. */
    if (o <= MFK_OUTCOME_ADOPTED_FLEXIBLE && bound != NULL) {
        double x = x0 + (double)rounds * CELL_W + 8;
        svg_text(s, x + 20, top - 6, "middle", 11, "bold", "#1a1a1a",
                     "bound");
        for (i = 0; i < n; i++)
            svg_text(s, x + 20, top + (double)i * ROW_H + 13, "middle",
                         11, "bold", bound[i] ? "#1a7837" : "#b2182b",
                         bound[i] ? "yes" : "no");
    }
    /* The outcome. */
    y += ROW_H + 14;
    if (o <= MFK_OUTCOME_ADOPTED_FLEXIBLE && bound != NULL) {
        list_names(names, sizeof names, b, bound, 0, "");
        svg_textf(s, MARGIN, y, "start", 13, "bold", outcome_ink(o),
                      "outcome: %s%s%s%s", mfk_name(MFK_NAMES_OUTCOME, (int)o),
                      names[0] ? " \xe2\x80\x94 not bound: " : "",
                      names[0] ? names : " \xe2\x80\x94 every member bound",
                      "");
    } else
        svg_textf(s, MARGIN, y, "start", 13, "bold", outcome_ink(o),
                      "outcome: %s \xe2\x80\x94 %s",
                      mfk_name(MFK_NAMES_OUTCOME, (int)o), outcome_gloss(o));
    free(bound);
}

static void draw_legend(svg *s, double y)
{
    int k;
    double x = MARGIN;
    for (k = 0; k < MFK_STANCE_COUNT; k++) {
        const char *name = mfk_name(MFK_NAMES_STANCE, k);
        svg_rect(s, x, y - 11, 14, 14, svg_stance_fill(k), NULL, 0);
        svg_text(s, x + 19, y, "start", 11, "normal", "#1a1a1a", name);
        x += 19 + 7.0 * (double)strlen(name) + 16;
    }
    x = MARGIN;
    y += 20;
    svg_rect(s, x, y - 11, 14, 14, "#ffffff", "#000000", 2);
    svg_text(s, x + 19, y, "start", 11, "normal", "#1a1a1a",
                 "outlined: blocked the round");
    x += 200;
    rect(s, x, y - 11, 14, 14, "#ffffff", "#000000", 1.5, NULL, 1);
    svg_text(s, x + 19, y, "start", 11, "normal", "#1a1a1a",
                 "dashed: an objection not counted (a party to the dispute)");
}

static void draw_consultations(mfk__cbuf *f, const char *title,
                               mfk_consultation *const *cs, size_t n)
{
    double width = 760, height = MARGIN + 78, namew = 90, y;
    unsigned maxr = 1;
    size_t k, i;
    svg s;

    for (k = 0; k < n; k++) {
        const mfk_body *b = mfk_consultation_body(cs[k]);
        if (mfk_consultation_rounds(cs[k]) > maxr)
            maxr = mfk_consultation_rounds(cs[k]);
        for (i = 0; i < mfk_body_member_count(b); i++) {
            double w = 7.0 * (double)strlen(mfk_body_member_name(b, i)) + 110;
            if (w > namew)
                namew = w;
        }
        height += panel_height(cs[k]);
    }
    if (MARGIN + namew + (double)maxr * CELL_W + 60 + MARGIN > width)
        width = MARGIN + namew + (double)maxr * CELL_W + 60 + MARGIN;
    svg_begin(&s, f, width, height, title);
    svg_text(&s, MARGIN, MARGIN + 10, "start", 18, "bold", "#1a1a1a",
                 title);
    draw_legend(&s, MARGIN + 38);
    y = MARGIN + 78;
    for (k = 0; k < n; k++) {
        svg_line(&s, MARGIN, y + 1, width - MARGIN, y + 1, "#bbbbbb", 1);
        out_puts(f, "<g class=\"consultation\" data-proposal=\"");
        svg_escape(f, mfk_proposal_id(mfk_consultation_proposal(cs[k])));
        out_puts(f, "\">\n");
        draw_panel(&s, cs[k], y + 6, namew);
        out_puts(f, "</g>\n");
        y += panel_height(cs[k]);
    }
    svg_end(&s);
}

/* ---- a bar chart with intervals --------------------------------------- */

/* A chart's document begun, with its title on top. */
static void chart_open(mfk__cbuf *f, svg *s, double width, double height,
                       const char *title)
{
    svg_begin(s, f, width, height, title);
    if (title != NULL)
        svg_text(s, MARGIN, MARGIN + 14, "start", 16, "bold", "#1a1a1a",
                 title);
}

void mfk__svg_bars(mfk__cbuf *f, const char *title, const char *axis,
                   const mfk__svg_bar *bars, size_t n, double max)
{
    double labelw = 80, plotw = 460, bar_h = 22, gap = 12, width, height;
    double x0, y0, y;
    size_t i;
    int t;
    svg s;

    if (!(max > 0))
        max = 1;
    for (i = 0; i < n; i++) {
        double w = 7.5 * (double)strlen(bars[i].label) + 16;
        if (w > labelw)
            labelw = w;
    }
    width = MARGIN + labelw + plotw + 150 + MARGIN;
    height = MARGIN + 40 + (double)n * (bar_h + gap) + 50 + MARGIN;
    x0 = MARGIN + labelw;
    y0 = MARGIN + 40;
    chart_open(f, &s, width, height, title);
    /* Grid lines and ticks: five steps from 0 to max. */
    for (t = 0; t <= 4; t++) {
        double x = x0 + plotw * t / 4.0;
        y = y0 + (double)n * (bar_h + gap);
        svg_line(&s, x, y0 - 6, x, y, "#dddddd", 1);
        svg_textf(&s, x, y + 16, "middle", 11, "normal", "#555555",
                      "%.3g", max * t / 4.0);
    }
    if (axis != NULL)
        svg_text(&s, x0 + plotw / 2, y0 + (double)n * (bar_h + gap) + 36,
                     "middle", 12, "normal", "#1a1a1a", axis);
    for (i = 0; i < n; i++) {
        const mfk__svg_bar *b = &bars[i];
        double v = b->value < 0 ? 0 : b->value > max ? max : b->value;
        y = y0 + (double)i * (bar_h + gap);
        svg_text(&s, x0 - 8, y + bar_h / 2 + 4, "end", 12, "normal",
                     "#1a1a1a", b->label);
        svg_rect(&s, x0, y, plotw * v / max, bar_h, "#4575b4", NULL, 0);
        if (b->lo <= b->hi) {
            double lo = b->lo < 0 ? 0 : b->lo > max ? max : b->lo;
            double hi = b->hi < 0 ? 0 : b->hi > max ? max : b->hi;
            double xl = x0 + plotw * lo / max, xh = x0 + plotw * hi / max;
            double ym = y + bar_h / 2;
            svg_line(&s, xl, ym, xh, ym, "#1a1a1a", 1.5);
            svg_line(&s, xl, ym - 6, xl, ym + 6, "#1a1a1a", 1.5);
            svg_line(&s, xh, ym - 6, xh, ym + 6, "#1a1a1a", 1.5);
        }
        {
            double end = b->lo <= b->hi && b->hi > v ? b->hi : v;
            double xt = x0 + plotw * (end > max ? max : end) / max + 10;
            if (b->lo <= b->hi)
                svg_textf(&s, xt, y + bar_h / 2 + 4, "start", 11,
                              "normal", "#1a1a1a", "%.3g  [%.3g, %.3g]",
                              b->value, b->lo, b->hi);
            else
                svg_textf(&s, xt, y + bar_h / 2 + 4, "start", 11,
                              "normal", "#1a1a1a", "%.3g", b->value);
        }
    }
    svg_end(&s);
}

/* ---- a line chart with bands ------------------------------------------ */

static const char *const series_ink[] = {"#4575b4", "#d73027", "#1a9850",
                                         "#984ea3", "#ff7f00", "#a65628",
                                         "#f781bf", "#666666"};

void mfk__svg_lines(mfk__cbuf *f, const char *title, const char *xaxis,
                    const char *yaxis, const double *x, size_t n,
                    const mfk__svg_series *series, size_t ns)
{
    double plotw = 520, ploth = 300, legendw = 0, width, height;
    double x0 = MARGIN + 56, y0 = MARGIN + 36, xmin, xmax;
    size_t i, j;
    int t;
    svg s;
    char a[32], b[32];

    if (n == 0)
        return;
    xmin = xmax = x[0];
    for (i = 1; i < n; i++) {
        xmin = x[i] < xmin ? x[i] : xmin;
        xmax = x[i] > xmax ? x[i] : xmax;
    }
    if (!(xmax > xmin))
        xmax = xmin + 1;
    for (j = 0; j < ns; j++) {
        double w = 7 * (double)strlen(series[j].label) + 40;
        if (w > legendw)
            legendw = w;
    }
    width = x0 + plotw + 24 + legendw + MARGIN;
    height = y0 + ploth + 56 + MARGIN;
    chart_open(f, &s, width, height, title);
#define PX(v) (x0 + plotw * ((v) - xmin) / (xmax - xmin))
#define PY(v) (y0 + ploth * (1 - ((v) < 0 ? 0 : (v) > 1 ? 1 : (v))))
    /* The grid: shares 0 to 1 in fifths, the values at five places. */
    for (t = 0; t <= 5; t++) {
        double y = PY(t / 5.0);
        svg_line(&s, x0, y, x0 + plotw, y, "#dddddd", 1);
        svg_textf(&s, x0 - 8, y + 4, "end", 11, "normal", "#555555",
                      "%.1f", t / 5.0);
    }
    /* The values themselves when few, else five places. */
    for (t = 0; t <= (n <= 11 ? (int)n - 1 : 4); t++) {
        double v = n <= 11 ? x[t] : xmin + (xmax - xmin) * t / 4.0;
        double px = PX(v);
        svg_line(&s, px, y0, px, y0 + ploth, "#eeeeee", 1);
        svg_textf(&s, px, y0 + ploth + 16, "middle", 11, "normal",
                      "#555555", "%.4g", v);
    }
    svg_rect(&s, x0, y0, plotw, ploth, "none", "#999999", 1);
    if (xaxis != NULL)
        svg_text(&s, x0 + plotw / 2, y0 + ploth + 38, "middle", 12,
                     "normal", "#1a1a1a", xaxis);
    if (yaxis != NULL)
        out_printf(f, "<text x=\"0\" y=\"0\" font-size=\"12\" "
                   "text-anchor=\"middle\" fill=\"#1a1a1a\" "
                   "transform=\"translate(%s %s) rotate(-90)\">",
                num(MARGIN + 4, a), num(y0 + ploth / 2, b));
    if (yaxis != NULL) {
        svg_escape(f, yaxis);
        out_puts(f, "</text>\n");
    }
    for (j = 0; j < ns; j++) {
        const mfk__svg_series *se = &series[j];
        const char *ink = series_ink[j % (sizeof series_ink /
                                           sizeof series_ink[0])];
        /* The band: up along hi, back along lo. */
        out_printf(f, "<polygon fill=\"%s\" fill-opacity=\"0.18\" points=\"",
                ink);
        for (i = 0; i < n; i++)
            out_printf(f, "%s%s,%s", i ? " " : "", num(PX(x[i]), a),
                    num(PY(se->hi[i]), b));
        for (i = n; i-- > 0;)
            out_printf(f, " %s,%s", num(PX(x[i]), a), num(PY(se->lo[i]), b));
        out_puts(f, "\"/>\n");
        out_printf(f, "<polyline fill=\"none\" stroke=\"%s\" "
                   "stroke-width=\"2\" points=\"",
                ink);
        for (i = 0; i < n; i++)
            out_printf(f, "%s%s,%s", i ? " " : "", num(PX(x[i]), a),
                    num(PY(se->y[i]), b));
        out_puts(f, "\"/>\n");
        for (i = 0; i < n; i++)
            out_printf(f, "<circle cx=\"%s\" cy=\"%s\" r=\"2.5\" fill=\"%s\"/>\n",
                    num(PX(x[i]), a), num(PY(se->y[i]), b), ink);
        svg_line(&s, x0 + plotw + 24, y0 + 10 + 20 * (double)j,
                     x0 + plotw + 44, y0 + 10 + 20 * (double)j, ink, 3);
        svg_text(&s, x0 + plotw + 50, y0 + 14 + 20 * (double)j, "start",
                     12, "normal", "#1a1a1a", se->label);
    }
#undef PX
#undef PY
    svg_end(&s);
}

/* ---- predictions, issue by issue ------------------------------------ */

/* Colours of the models' outcome marks. */
static const char *const model_ink[MFK_PREDICT_MODEL_COUNT] = {
    "#1f77b4", "#2ca02c", "#9467bd", "#d62728"};

/* One row an issue: its scale, the members' positions (grey ticks, the
 * taller the more salient), each model's outcome (a coloured mark) and,
 * for the exchange model, the outcome after each round (dots, joined). */
static void draw_predictions(mfk__cbuf *f, const mfk_body *b,
                             const mfk_prediction *const *ps, size_t n)
{
    const double left = 170, width = 560, rowh = 46, top = 40;
    unsigned k, dims = mfk_body_dims(b), r;
    size_t i, m;
    svg s;
    double height = top + rowh * dims + 20 + 16 * (double)n;

    svg_begin(&s, f, left + width + 40, height, "Predicted outcomes");
    svg_text(&s, 10, 22, "start", 14, "bold", "#222",
             "Predicted outcomes, issue by issue");
    for (k = 0; k < dims; k++) {
        double lo, hi, y = top + rowh * k + 26;
        const char *name = mfk_body_dimension_name(b, k);
#define XAT(v) (left + width * ((v) - lo) / (hi - lo))
        mfk_body_scale(b, k, &lo, &hi);
        if (name != NULL)
            svg_text(&s, left - 10, y + 4, "end", 12, "normal", "#222",
                     name);
        else
            svg_textf(&s, left - 10, y + 4, "end", 12, "normal", "#222",
                      "%u", k + 1);
        svg_line(&s, left, y, left + width, y, "#888", 1);
        svg_textf(&s, left, y + 16, "middle", 9, "normal", "#666", "%g", lo);
        svg_textf(&s, left + width, y + 16, "middle", 9, "normal", "#666",
                  "%g", hi);
        for (m = 0; m < mfk_body_member_count(b); m++) {
            double sal = mfk_body_member_salience(b, m)[k], x;
            if (!(sal > 0))
                continue;
            x = XAT(mfk_body_member_ideal(b, m)[k]);
            svg_line(&s, x, y, x, y - 4 - 10 * (sal > 1 ? 1 : sal), "#999",
                     1.5);
        }
        for (i = 0; i < n; i++) {
            double x = XAT(mfk_prediction_outcome(ps[i])[k]);
            const char *ink = model_ink[mfk_prediction_model(ps[i])];
            if (mfk_prediction_model(ps[i]) == MFK_PREDICT_EXCHANGE) {
                double px = XAT(mfk_prediction_round_start(ps[i], 0)[k]);
                for (r = 0; r < mfk_prediction_rounds(ps[i]); r++) {
                    double rx = XAT(mfk_prediction_round_outcome(ps[i], r)[k]);
                    svg_line(&s, px, y + 7, rx, y + 7, ink, 1);
                    svg_rect(&s, rx - 1.5, y + 5.5, 3, 3, ink, NULL, 0);
                    px = rx;
                }
            }
            svg_rect(&s, x - 2, y - 8, 4, 16, ink, NULL, 0);
        }
#undef XAT
    }
    for (i = 0; i < n; i++) {
        double y = top + rowh * dims + 16 * (double)i + 10;
        svg_rect(&s, left, y - 8, 10, 10,
                 model_ink[mfk_prediction_model(ps[i])], NULL, 0);
        svg_text(&s, left + 16, y, "start", 11, "normal", "#222",
                 mfk_predict_model_name(mfk_prediction_model(ps[i])));
    }
    svg_end(&s);
}

/* ---- the writers ------------------------------------------------------ */

/* An empty buffer whose memory comes from alloc (NULL: libc), through a. */
static void cbuf_init(mfk__cbuf *b, mfk_allocator *a,
                      const mfk_allocator *alloc)
{
    mfk__alloc_init(a, alloc);
    memset(b, 0, sizeof *b);
    b->alloc = a;
}

int mfk_consultation_write_svg(mfk_consultation *const *cs, size_t n,
                               const char *title,
                               const mfk_allocator *alloc, char *buf,
                               size_t size, size_t *len)
{
    mfk_allocator a;
    mfk__cbuf b;
    size_t k, cells = 0;

    if ((cs == NULL && n > 0) || title == NULL || len == NULL)
        return MFK_EINVAL;
    for (k = 0; k < n; k++)
        if (cs[k] == NULL)
            return MFK_EINVAL;
    for (k = 0; k < n; k++)
        if (mfk_consultation_svg_cells(cs[k], k, &cells, NULL) != MFK_OK)
            return MFK_ELIMIT;
    cbuf_init(&b, &a, alloc);
    draw_consultations(&b, title, cs, n);
    return mfk__cbuf_give(&b, buf, size, len);
}

int mfk_consultation_svg_cells(const mfk_consultation *c, size_t index,
                               size_t *cells, mfk_error *err)
{
    unsigned rounds;
    size_t members, saved;
    mfk__path at;

    if (c == NULL || cells == NULL)
        return MFK_EINVAL;
    rounds = mfk_consultation_rounds(c);
    members = mfk_body_member_count(mfk_consultation_body(c));
    *cells += members * (rounds ? rounds : 1);
    if (*cells <= MFK_SVG_MAX_CELLS)
        return MFK_OK;
    at.len = 0;
    at.buf[0] = '\0';
    mfk__path_push_key(&at, "proposals", &saved);
    mfk__path_push_index(&at, index, &saved);
    return mfk__error_set(err, MFK_ELIMIT, &at,
                          "needs more than %d cells (members times rounds) "
                          "by %s, the most a drawing has",
                          MFK_SVG_MAX_CELLS, at.buf);
}

int mfk_scenario_svg_title(const mfk_scenario *s, char *buf, size_t size,
                           size_t *len)
{
    mfk_allocator a;
    mfk__cbuf b;
    const mfk_body *body;
    size_t chair;
    char year[32];

    if (s == NULL || len == NULL)
        return MFK_EINVAL;
    body = mfk_scenario_body(s);
    cbuf_init(&b, &a, NULL);
    out_puts(&b, mfk_body_name(body));
    if (mfk_scenario_year(s)) {
        snprintf(year, sizeof year, ", %d", mfk_scenario_year(s));
        out_puts(&b, year);
    }
    if (mfk_body_chair(body, &chair) == MFK_OK) {
        out_puts(&b, " \xe2\x80\x94 chair: ");
        out_puts(&b, mfk_body_member_name(body, chair));
    }
    return mfk__cbuf_give_text(&b, buf, size, len);
}

int mfk_prediction_write_svg(const mfk_prediction *const *ps, size_t n,
                             const mfk_body *body,
                             const mfk_allocator *alloc, char *buf,
                             size_t size, size_t *len)
{
    mfk_allocator a;
    mfk__cbuf b;

    if (len == NULL || mfk__predictions_check(ps, n, body) != MFK_OK)
        return MFK_EINVAL;
    cbuf_init(&b, &a, alloc);
    draw_predictions(&b, body, ps, n);
    return mfk__cbuf_give(&b, buf, size, len);
}

int mfk_sim_write_svg(const mfk_sim *sim, const char *const *rule_names,
                      const mfk_allocator *alloc, char *buf, size_t size,
                      size_t *len)
{
    mfk_allocator a;
    mfk__cbuf b;
    mfk__svg_bar *bars;
    size_t j, n;

    if (sim == NULL || rule_names == NULL || len == NULL ||
        !mfk__sim_names_ok(sim, rule_names))
        return MFK_EINVAL;
    mfk__alloc_init(&a, alloc);
    n = mfk_sim_rule_count(sim);
    bars = mfk__calloc(&a, n, sizeof *bars);
    if (bars == NULL)
        return MFK_ENOMEM;
    for (j = 0; j < n; j++) {
        bars[j].label = rule_names[j];
        mfk_sim_adoption(sim, j, &bars[j].value, &bars[j].lo, &bars[j].hi);
    }
    memset(&b, 0, sizeof b);
    b.alloc = &a;
    mfk__svg_bars(&b, "Adoption share by rule", "share adopted", bars, n, 1);
    mfk__free(&a, bars);
    return mfk__cbuf_give(&b, buf, size, len);
}
