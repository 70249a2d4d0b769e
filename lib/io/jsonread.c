/* The JSON text reader: jansson parses, the scenario builder builds. */
#include "io/io-private.h"

#include <jansson.h>

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
        /* jansson 2.14 gives no message when it runs out of memory (and
         * takes it for an invalid token inside a string); then it sets
         * no code either, so the code is read only after a message. */
        if (jerr.text[0] == '\0' ||
            json_error_code(&jerr) == json_error_out_of_memory)
            return mfk__error_set(err, MFK_ENOMEM, NULL, "out of memory");
        mfk__error_set(err, MFK_ESYNTAX, NULL, "%s", jerr.text);
        if (err != NULL) {
            err->line = jerr.line;
            /* jansson counts a line's characters read so far: 0 at the
             * start of a line (an empty text, or the end after a
             * newline); columns count from 1. */
            err->column = jerr.column < 1 ? 1 : jerr.column;
            /* jansson counts the bytes it read: past the last byte of
             * the token at fault, or, when the input ended too soon, at
             * its end, which is where the fault is. */
            err->offset = jerr.position;
            if (json_error_code(&jerr) != json_error_premature_end_of_input &&
                err->offset > 0)
                err->offset--;
        }
        return MFK_ESYNTAX;
    }
    rc = mfk__scenario_from_value(out, root, alloc, err);
    json_decref(root);
    return rc;
}
