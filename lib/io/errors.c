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
