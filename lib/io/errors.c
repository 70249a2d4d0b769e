/* Error detail for readers: where in the document (a JSON Pointer being
 * built) and what went wrong. The bottom of the input and output layer:
 * it calls no other file of it. */
#include "io/io-private.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Appends n bytes and returns 1 when they fit with the final NUL; else
 * returns 0 and leaves the pointer as it was, cut short. */
static int path_put(mfk__path *p, const char *s, size_t n)
{
    if (p->len + n >= sizeof p->buf)
        return 0;
    memcpy(p->buf + p->len, s, n);
    p->len += n;
    return 1;
}

void mfk__path_push_key(mfk__path *p, const char *key, size_t *saved)
{
    *saved = p->len;
    /* When "/" does not fit, nor does the key's first byte: it stops. */
    path_put(p, "/", 1);
    for (; *key != '\0'; key++) {
        const char *esc = *key == '~' ? "~0" : *key == '/' ? "~1" : key;
        if (!path_put(p, esc, esc == key ? 1 : 2))
            break;
    }
    p->buf[p->len] = '\0';
}

void mfk__path_push_index(mfk__path *p, size_t i, size_t *saved)
{
    char num[24];
    snprintf(num, sizeof num, "%zu", i);
    mfk__path_push_key(p, num, saved);
}

void mfk__path_pop(mfk__path *p, size_t saved)
{
    p->len = saved;
    p->buf[saved] = '\0';
}

void mfk__error_clear(mfk_error *err)
{
    if (err == NULL)
        return;
    err->code = MFK_OK;
    err->offset = -1;
    err->line = -1;
    err->column = -1;
    err->pointer[0] = '\0';
    err->message[0] = '\0';
}

int mfk__error_set(mfk_error *err, int code, const mfk__path *path,
                   const char *fmt, ...)
{
    va_list ap;
    if (err == NULL)
        return code;
    mfk__error_clear(err);
    err->code = code;
    if (path != NULL)
        snprintf(err->pointer, sizeof err->pointer, "%s", path->buf);
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

/* ---- control characters shown escaped --------------------------------- */

/* The length of the valid UTF-8 sequence at p (n bytes left), or 0. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    size_t len, k;
    if (p[0] >= 0xc2 && p[0] <= 0xdf)
        len = 2;
    else if (p[0] >= 0xe0 && p[0] <= 0xef)
        len = 3;
    else if (p[0] >= 0xf0 && p[0] <= 0xf4)
        len = 4;
    else
        return 0;
    if (len > n)
        return 0;
    for (k = 1; k < len; k++)
        if ((p[k] & 0xc0) != 0x80)
            return 0;
    return len;
}

/* Puts n bytes at *at when they fit before size - 1; counts them always. */
static void esc_put(char *buf, size_t size, size_t *at, const char *s,
                    size_t n)
{
    if (*at + n < size)
        memcpy(buf + *at, s, n);
    *at += n;
}

int mfk_text_escape(const char *text, size_t n, unsigned flags, char *buf,
                    size_t size, size_t *len)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t i = 0, at = 0, k;
    char hex[8];

    if (text == NULL || len == NULL || (flags & ~MFK_ESCAPE_SGR) != 0 ||
        (buf == NULL && size > 0))
        return MFK_EINVAL;
    while (i < n) {
        unsigned char b = p[i];
        if (b == 0x1b && (flags & MFK_ESCAPE_SGR) && i + 1 < n &&
            p[i + 1] == '[') {
            for (k = i + 2; k < n && ((p[k] >= '0' && p[k] <= '9') ||
                                      p[k] == ';');
                 k++)
                ;
            if (k < n && p[k] == 'm') {
                esc_put(buf, size, &at, text + i, k + 1 - i);
                i = k + 1;
                continue;
            }
        }
        if ((b < 0x20 && b != '\n') || b == 0x7f ||
            (b >= 0x80 && (k = utf8_len(p + i, n - i)) == 0)) {
            snprintf(hex, sizeof hex, "\\x%02x", b);
            esc_put(buf, size, &at, hex, 4);
            i++;
        } else if (b < 0x80) {
            esc_put(buf, size, &at, text + i, 1);
            i++;
        } else if (b == 0xc2 && p[i + 1] < 0xa0) { /* C1 */
            snprintf(hex, sizeof hex, "\\u%04x", p[i + 1]);
            esc_put(buf, size, &at, hex, 6);
            i += 2;
        } else {
            esc_put(buf, size, &at, text + i, k);
            i += k;
        }
    }
    *len = at;
    if (at >= size)
        return MFK_ERANGE;
    buf[at] = '\0';
    return MFK_OK;
}
