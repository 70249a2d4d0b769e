/* Scenarios read from CBOR: the tree cbor.c decodes, turned into the
 * data model that JSON gives (jansson's values), then built by the
 * scenario builder as a JSON scenario is. */
#include "records-private.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>

/* A scenario of more data items than this is refused. */
#define MFK_SCENARIO_MAX_NODES (1u << 20)

/* The node x and its subtree as a jansson value. */
static json_t *to_json(const mfk__ctree *t, const mfk__cnode *x,
                       mfk_error *err, int *rc)
{
    json_t *v = NULL, *e;
    const mfk__cnode *c;
    size_t i;

    switch (x->kind) {
    case MFK__C_UINT:
        v = x->v.u <= (uint64_t)INT64_MAX ? json_integer(
                                                       (json_int_t)x->v.u)
                                                 : json_real((double)x->v.u);
        break;
    case MFK__C_NINT:
        v = x->v.u <= (uint64_t)INT64_MAX
                ? json_integer(-1 - (json_int_t)x->v.u)
                : json_real(-1.0 - (double)x->v.u);
        break;
    case MFK__C_FLOAT:
        if (!isfinite(x->v.d)) {
            *rc = mfk__cnode_error(err, MFK_ESYNTAX, x,
                                   "%s: expected a finite number",
                                   isnan(x->v.d) ? "NaN" : "an infinity");
            return NULL;
        }
        v = json_real(x->v.d);
        break;
    case MFK__C_TEXT:
        v = json_stringn_nocheck(mfk__cstr(t, x), x->n);
        break;
    case MFK__C_TRUE:
        v = json_true();
        break;
    case MFK__C_FALSE:
        v = json_false();
        break;
    case MFK__C_NULL:
        v = json_null();
        break;
    case MFK__C_BYTES:
    case MFK__C_UNDEFINED:
        *rc = mfk__cnode_error(err, MFK_ESYNTAX, x,
                               "%s is not part of the data model: expected "
                               "what JSON can say",
                               x->kind == MFK__C_BYTES ? "a byte string"
                                                       : "undefined");
        return NULL;
    case MFK__C_ARRAY:
        if ((v = json_array()) == NULL)
            break;
        for (i = 0, c = x + 1; i < x->n; i++, c = mfk__cnext(c)) {
            if ((e = to_json(t, c, err, rc)) == NULL) {
                json_decref(v);
                return NULL;
            }
            if (json_array_append_new(v, e) != 0) {
                json_decref(v);
                v = NULL;
                break;
            }
        }
        break;
    default: /* MFK__C_MAP, the one kind left */
        if ((v = json_object()) == NULL)
            break;
        for (i = 0, c = x + 1; i < x->n; i++) {
            const mfk__cnode *val = mfk__cnext(c);
            if (c->kind != MFK__C_TEXT) {
                json_decref(v);
                *rc = mfk__cnode_error(err, MFK_ESYNTAX, c,
                                       "a map key that is not a text "
                                       "string: expected a name");
                return NULL;
            }
            if (json_object_getn(v, mfk__cstr(t, c), c->n) != NULL) {
                json_decref(v);
                *rc = mfk__cnode_error(err, MFK_ESYNTAX, c,
                                       "duplicate key \"%.*s\"",
                                       (int)(c->n > 60 ? 60 : c->n),
                                       mfk__cstr(t, c));
                return NULL;
            }
            if ((e = to_json(t, val, err, rc)) == NULL) {
                json_decref(v);
                return NULL;
            }
            if (json_object_setn_new_nocheck(v, mfk__cstr(t, c), c->n, e)) {
                json_decref(v);
                v = NULL;
                break;
            }
            c = mfk__cnext(val);
        }
        break;
    }
    /* Every other failure has returned: this one is jansson's memory. */
    if (v == NULL)
        *rc = mfk__error_set(err, MFK_ENOMEM, NULL, "out of memory");
    return v;
}

int mfk_scenario_read_cbor(mfk_scenario **out, const void *data, size_t len,
                           const mfk_allocator *alloc, mfk_error *err)
{
    mfk_allocator a;
    mfk__ctree t;
    json_t *root;
    size_t used;
    int rc;

    mfk__error_clear(err);
    if (out == NULL)
        return mfk__error_set(err, MFK_EINVAL, NULL, "no place for the "
                                                     "scenario");
    *out = NULL;
    if (data == NULL)
        return mfk__error_set(err, MFK_EINVAL, NULL, "no data");
    mfk__alloc_init(&a, alloc);
    mfk__ctree_init(&t, &a, MFK_SCENARIO_MAX_NODES);
    rc = mfk__cbor_parse(&t, data, len, len, 0, &used, err);
    if (rc == MFK_ETORN) {
        /* For a whole document, an end too early is a syntax error. */
        rc = MFK_ESYNTAX;
        if (err != NULL)
            err->code = rc;
    }
    if (rc == MFK_OK && used != len) {
        rc = mfk__error_set(err, MFK_ESYNTAX, NULL,
                            "%zu bytes after the scenario: expected one "
                            "data item",
                            len - used);
        if (err != NULL)
            err->offset = (long long)used;
    }
    if (rc != MFK_OK) {
        mfk__ctree_free(&t);
        return rc;
    }
    root = to_json(&t, t.nodes, err, &rc);
    mfk__ctree_free(&t);
    if (root == NULL)
        return rc;
    rc = mfk__scenario_from_value(out, root, alloc, err);
    json_decref(root);
    return rc;
}
