/* Error detail for readers: JSON Pointers and messages; the JSON text
 * reader. */
#include "mufakat-private.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void mfk__path_push_key(mfk__path *p, const char *key, size_t *saved)
{
    *saved = p->len;
    if (p->len + 1 >= sizeof p->buf) {
        p->truncated = 1;
        return;
    }
    p->buf[p->len++] = '/';
    for (; *key; key++) {
        const char *esc = *key == '~' ? "~0" : *key == '/' ? "~1" : NULL;
        size_t need = esc ? 2 : 1;
        if (p->len + need >= sizeof p->buf) {
            p->truncated = 1;
            break;
        }
        if (esc) {
            memcpy(p->buf + p->len, esc, 2);
            p->len += 2;
        } else {
            p->buf[p->len++] = *key;
        }
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
    p->truncated = 0;
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

int mfk_scenario_read_json(mfk_scenario **out, const char *text, size_t len,
                           const mfk_allocator *alloc, mfk_error *err)
{
    json_error_t jerr;
    json_t *root;
    int rc;

    mfk__error_clear(err);
    if (out == NULL)
        return mfk__error_set(err, MFK_EINVAL, NULL, "no place for the "
                                                     "scenario");
    *out = NULL;
    if (text == NULL)
        return mfk__error_set(err, MFK_EINVAL, NULL, "no text");
    root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL) {
        int code = json_error_code(&jerr) == json_error_out_of_memory
                       ? MFK_ENOMEM
                       : MFK_ESYNTAX;
        mfk__error_set(err, code, NULL, "%s", jerr.text);
        if (err != NULL) {
            err->line = jerr.line;
            err->column = jerr.column;
            err->offset = jerr.position;
        }
        return code;
    }
    rc = mfk__scenario_from_value(out, root, alloc, err);
    json_decref(root);
    return rc;
}
