/* The library's JSON writer: compact text on one line (", " between
 * elements, ": " after keys), as the driver prints it, into a growing
 * buffer; and the one number printer, shared with the scenario writer. */
#include "records-private.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The shortest "%.*g" of a normal double x that reads back as x, with
 * fewer tries than one a precision. For p <= 15 the p-digit roundings of
 * x lie on a grid 4.5 units of x's last place apart at least (2^52 /
 * 10^15), so of two of them within the half unit that reads back as x,
 * the nearer, of the more digits, is on the same side: a precision that
 * reads back, and every larger one up to 15, do. So 15 tells whether 16
 * or 17 are needed, and a binary search over 1 .. 15 finds the rest. */
static const char *shortest_normal(double x, char *buf)
{
    char t[32];
    int lo = 1, hi = 15, mid;
    snprintf(buf, 32, "%.15g", x);
    if (strtod(buf, NULL) != x) {
        snprintf(buf, 32, "%.16g", x);
        if (strtod(buf, NULL) != x)
            snprintf(buf, 32, "%.17g", x);
        return buf;
    }
    while (lo < hi) { /* buf holds hi's digits, which read back */
        mid = lo + (hi - lo) / 2;
        snprintf(t, sizeof t, "%.*g", mid, x);
        if (strtod(t, NULL) == x) {
            hi = mid;
            strcpy(buf, t);
        } else {
            lo = mid + 1;
        }
    }
    return buf;
}

const char *mfk_number_json(double x, char *buf)
{
    int prec;
    if (x != x || x - x != 0) {
        strcpy(buf, "null");
        return buf;
    }
    if (x == 0) {
        strcpy(buf, signbit(x) ? "-0" : "0");
        return buf;
    }
    if (fabs(x) >= DBL_MIN)
        return shortest_normal(x, buf);
    for (prec = 1; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    return buf;
}

void mfk__json_init(mfk__json *j, const mfk_allocator *alloc)
{
    memset(j, 0, sizeof *j);
    j->b.alloc = alloc;
    j->first[0] = 1;
}

static void put(mfk__json *j, const char *s)
{
    mfk__cbuf_raw(&j->b, s, strlen(s));
}

static void before_value(mfk__json *j)
{
    if (j->after_key) {
        j->after_key = 0;
        return;
    }
    if (!j->first[j->depth])
        put(j, ", ");
    j->first[j->depth] = 0;
}

static void open_(mfk__json *j, const char *c)
{
    before_value(j);
    put(j, c);
    if (j->depth < MFK__JSON_DEPTH - 1)
        j->depth++;
    j->first[j->depth] = 1;
}

static void close_(mfk__json *j, const char *c)
{
    put(j, c);
    if (j->depth > 0)
        j->depth--;
}

void mfk__json_begin_object(mfk__json *j) { open_(j, "{"); }
void mfk__json_end_object(mfk__json *j) { close_(j, "}"); }
void mfk__json_begin_array(mfk__json *j) { open_(j, "["); }
void mfk__json_end_array(mfk__json *j) { close_(j, "]"); }

static void write_string(mfk__json *j, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    char esc[8];
    put(j, "\"");
    for (; *p; p++) {
        switch (*p) {
        case '"':
            put(j, "\\\"");
            break;
        case '\\':
            put(j, "\\\\");
            break;
        case '\n':
            put(j, "\\n");
            break;
        case '\r':
            put(j, "\\r");
            break;
        case '\t':
            put(j, "\\t");
            break;
        default:
            if (*p < 0x20) {
                snprintf(esc, sizeof esc, "\\u%04x", *p);
                put(j, esc);
            } else
                mfk__cbuf_raw(&j->b, p, 1);
        }
    }
    put(j, "\"");
}

void mfk__json_key(mfk__json *j, const char *key)
{
    before_value(j);
    write_string(j, key);
    put(j, ": ");
    j->after_key = 1;
}

void mfk__json_string(mfk__json *j, const char *s)
{
    before_value(j);
    write_string(j, s);
}

void mfk__json_number(mfk__json *j, double x)
{
    char buf[32];
    before_value(j);
    put(j, mfk_number_json(x, buf));
}

void mfk__json_integer(mfk__json *j, long long x)
{
    char buf[24];
    before_value(j);
    snprintf(buf, sizeof buf, "%lld", x);
    put(j, buf);
}

void mfk__json_bool(mfk__json *j, int b)
{
    before_value(j);
    put(j, b ? "true" : "false");
}

void mfk__json_null(mfk__json *j)
{
    before_value(j);
    put(j, "null");
}

int mfk__cbuf_give(mfk__cbuf *b, char *buf, size_t size, size_t *len)
{
    int rc = MFK_OK;
    if (b->failed)
        rc = MFK_ENOMEM;
    else {
        *len = b->len;
        if (buf == NULL || size < b->len)
            rc = MFK_ERANGE;
        else
            memcpy(buf, b->buf, b->len);
    }
    mfk__free(b->alloc, b->buf);
    b->buf = NULL;
    b->len = b->cap = 0;
    return rc;
}

/* Hands the text of b over with a NUL, as mfk_text_escape() does; frees
 * the buffer. */
int mfk__cbuf_give_text(mfk__cbuf *b, char *buf, size_t size, size_t *len)
{
    int rc = MFK_OK;
    if (b->failed)
        rc = MFK_ENOMEM;
    else {
        *len = b->len;
        if (buf == NULL || size < b->len + 1)
            rc = MFK_ERANGE;
        else {
            if (b->len > 0)
                memcpy(buf, b->buf, b->len);
            buf[b->len] = '\0';
        }
    }
    mfk__free(b->alloc, b->buf);
    b->buf = NULL;
    b->len = b->cap = 0;
    return rc;
}

int mfk__json_give(mfk__json *j, int newline, char *buf, size_t size,
                   size_t *len)
{
    if (newline)
        put(j, "\n");
    return mfk__cbuf_give(&j->b, buf, size, len);
}

void mfk__json_raw(mfk__json *j, const char *text, size_t len)
{
    before_value(j);
    mfk__cbuf_raw(&j->b, text, len);
}

void mfk__json_ids(mfk__json *j, size_t n, const unsigned char *set,
                   unsigned mask, mfk__json_id_fn id, const void *src)
{
    size_t i;
    mfk__json_begin_array(j);
    for (i = 0; i < n; i++)
        if (set[i] & mask)
            mfk__json_string(j, id(src, i));
    mfk__json_end_array(j);
}

void mfk__json_violation(mfk__json *j, const char *principle, mfk_mode mode,
                         size_t n, const unsigned char *set,
                         mfk__json_id_fn id, const void *src)
{
    mfk__json_begin_object(j);
    mfk__json_key(j, "principle");
    mfk__json_string(j, principle);
    mfk__json_key(j, "members");
    mfk__json_ids(j, n, set, 1, id, src);
    mfk__json_key(j, "mode");
    mfk__json_string(j, mfk_name(MFK_NAMES_MODE, (int)mode));
    mfk__json_end_object(j);
}
