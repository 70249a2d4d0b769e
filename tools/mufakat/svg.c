/* SVG pictures: a small writer, the consultation grids of run and demo,
 * and a bar chart with intervals for the simulator. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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

void cli_svg_escape(FILE *f, const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        size_t n = utf8_char(p);
        switch (*p) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&apos;", f);
            break;
        default:
            if (n == 0) /* not UTF-8 that XML allows: U+FFFD */
                fputs("\xef\xbf\xbd", f);
            else if (*p < 0x20)
                fputc(' ', f);
            else
                fwrite(p, 1, n, f);
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

void cli_svg_begin(cli_svg *s, FILE *f, double width, double height,
                   const char *title)
{
    char w[32], h[32];
    s->f = f;
    s->width = width;
    s->height = height;
    fprintf(f,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%s\" "
            "height=\"%s\" viewBox=\"0 0 %s %s\" font-family=\"%s\">\n",
            num(width, w), num(height, h), w, h, FONT);
    if (title != NULL) {
        fputs("<title>", f);
        cli_svg_escape(f, title);
        fputs("</title>\n", f);
    }
    cli_svg_rect(s, 0, 0, width, height, "#ffffff", NULL, 0);
}

void cli_svg_end(cli_svg *s)
{
    fputs("</svg>\n", s->f);
}

/* A rectangle; with a tip, a <title> that browsers show on hover. */
static void rect(cli_svg *s, double x, double y, double w, double h,
                 const char *fill, const char *stroke, double stroke_width,
                 const char *tip, int dashed)
{
    char a[32], b[32], c[32], d[32], e[32];
    fprintf(s->f, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" "
                  "fill=\"%s\"",
            num(x, a), num(y, b), num(w, c), num(h, d), fill);
    if (stroke != NULL)
        fprintf(s->f, " stroke=\"%s\" stroke-width=\"%s\"%s", stroke,
                num(stroke_width, e),
                dashed ? " stroke-dasharray=\"4 2\"" : "");
    if (tip == NULL) {
        fputs("/>\n", s->f);
        return;
    }
    fputs("><title>", s->f);
    cli_svg_escape(s->f, tip);
    fputs("</title></rect>\n", s->f);
}

void cli_svg_rect(cli_svg *s, double x, double y, double w, double h,
                  const char *fill, const char *stroke, double stroke_width)
{
    rect(s, x, y, w, h, fill, stroke, stroke_width, NULL, 0);
}

void cli_svg_line(cli_svg *s, double x1, double y1, double x2, double y2,
                  const char *stroke, double width)
{
    char a[32], b[32], c[32], d[32], e[32];
    fprintf(s->f, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" "
                  "stroke=\"%s\" stroke-width=\"%s\"/>\n",
            num(x1, a), num(y1, b), num(x2, c), num(y2, d), stroke,
            num(width, e));
}

void cli_svg_text(cli_svg *s, double x, double y, const char *anchor,
                  double size, const char *weight, const char *fill,
                  const char *text)
{
    char a[32], b[32], c[32];
    fprintf(s->f, "<text x=\"%s\" y=\"%s\" font-size=\"%s\"", num(x, a),
            num(y, b), num(size, c));
    if (anchor != NULL && strcmp(anchor, "start") != 0)
        fprintf(s->f, " text-anchor=\"%s\"", anchor);
    if (weight != NULL && strcmp(weight, "normal") != 0)
        fprintf(s->f, " font-weight=\"%s\"", weight);
    fprintf(s->f, " fill=\"%s\">", fill != NULL ? fill : "#000000");
    cli_svg_escape(s->f, text);
    fputs("</text>\n", s->f);
}

void cli_svg_textf(cli_svg *s, double x, double y, const char *anchor,
                   double size, const char *weight, const char *fill,
                   const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cli_svg_text(s, x, y, anchor, size, weight, fill, buf);
}

/* ---- the library's pictures, written to files ------------------------ */

int cli_write_file(const char *path, cli_json_writer write, const void *ud)
{
    size_t len = 0;
    char *buf = NULL;
    cli_out out;
    FILE *f;
    int rc = write(ud, NULL, 0, &len);

    if (rc == MFK_ERANGE) {
        buf = malloc(len ? len : 1);
        rc = buf == NULL ? MFK_ENOMEM : write(ud, buf, len, &len);
    }
    if (rc != MFK_OK) {
        free(buf);
        cli_error("%s: %s", path, mfk_strerror(rc));
        return CLI_INPUT;
    }
    f = cli_out_open(&out, path);
    if (f == NULL) {
        free(buf);
        return CLI_INPUT;
    }
    if (fwrite(buf, 1, len, f) != len) {
        free(buf);
        cli_out_close(&out, 0);
        return CLI_INPUT;
    }
    free(buf);
    return cli_out_close(&out, 1);
}

struct consultations_svg {
    const char *title;
    mfk_consultation *const *cs;
    size_t n;
};

static int write_consultations(const void *ud, char *buf, size_t size,
                               size_t *len)
{
    const struct consultations_svg *c = ud;
    return mfk_consultation_write_svg(c->cs, c->n, c->title, NULL, buf, size,
                                      len);
}

int cli_svg_consultations(const char *path, const char *title,
                          mfk_consultation *const *cs, size_t n)
{
    struct consultations_svg c;
    c.title = title;
    c.cs = cs;
    c.n = n;
    return cli_write_file(path, write_consultations, &c);
}
