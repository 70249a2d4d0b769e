/* The input and output layer: readers' places and errors, the scenario builder; not part of the API. */
#ifndef MUFAKAT_IO_PRIVATE_H
#define MUFAKAT_IO_PRIVATE_H

#include "model/model-private.h"

/* ---- readers --------------------------------------------------------- */

/* A reader's place in the document, as a JSON Pointer being built. */
typedef struct mfk__path {
    char buf[256];
    size_t len;
} mfk__path;

void mfk__path_push_key(mfk__path *p, const char *key, size_t *saved);
void mfk__path_push_index(mfk__path *p, size_t i, size_t *saved);
void mfk__path_pop(mfk__path *p, size_t saved);

/* Fills err (which may be NULL) and returns code. */
int mfk__error_set(mfk_error *err, int code, const mfk__path *path,
                   const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 4, 5)))
#endif
    ;
void mfk__error_clear(mfk_error *err);

/* The scenario builder over the data model (jansson's values), shared by
 * the JSON and CBOR readers. root is borrowed. */
struct json_t;
int mfk__scenario_from_value(mfk_scenario **out, struct json_t *root,
                             const mfk_allocator *alloc, mfk_error *err);


/* A scenario of body b (taken: freed with the scenario, or here on
 * failure) and no proposals: what mfk_scenario_read_table() makes. */
int mfk__scenario_from_body(mfk_scenario **out, mfk_body *b,
                            const mfk_allocator *alloc);

/* Consults proposal i of s from its scripted round `from` on (0: the
 * first), its rounds numbered from `first`; fresh: from its original
 * text (as mfk_scenario_consult()), else as it stands now. */
int mfk__scenario_consult_from(mfk_scenario *s, size_t i, size_t from,
                               unsigned first, int fresh,
                               const mfk_allocator *alloc,
                               mfk_consultation **out);
/* Whether proposal i has rounds to hold after `from` scripted ones. */
int mfk__scenario_more(const mfk_scenario *s, size_t i, size_t from);
/* The chair of the meeting of `year`: the rotation's, or the body's
 * fixed chair. MFK_ENOTFOUND when there is none. */
int mfk__scenario_chair_for(const mfk_scenario *s, int year, size_t *chair);

#endif
