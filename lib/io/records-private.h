/* Internal declarations of the CBOR reader, records and the journal; not
 * part of the API. */
#ifndef MUFAKAT_RECORDS_PRIVATE_H
#define MUFAKAT_RECORDS_PRIVATE_H

#include "io/io-private.h"

#include <stddef.h>
#include <stdint.h>

/* ---- the CBOR reader ------------------------------------------------- */

/* Kinds of node in a decoded CBOR item. */
enum mfk__ckind {
    MFK__C_UINT,
    MFK__C_NINT, /* the value is -1 - u */
    MFK__C_BYTES,
    MFK__C_TEXT,
    MFK__C_ARRAY,
    MFK__C_MAP,
    MFK__C_FLOAT,
    MFK__C_FALSE,
    MFK__C_TRUE,
    MFK__C_NULL,
    MFK__C_UNDEFINED
};

/* One data item. A tree is an array of nodes in pre-order: a container's
 * children follow it, a map's as key, value, key, value. */
typedef struct mfk__cnode {
    unsigned char kind;
    unsigned char own; /* a string kept in the tree's own buffer */
    uint32_t size;     /* nodes in the subtree, this one included */
    size_t n;          /* array: elements; map: pairs; string: bytes */
    size_t offset;     /* where the item starts, from the input's start */
    union {
        uint64_t u;
        double d;
        size_t s; /* string: offset in the input, or in the own buffer */
    } v;
} mfk__cnode;

/* The decoded item, with the memory it reuses from one item to the next. */
typedef struct mfk__ctree {
    const mfk_allocator *alloc;
    size_t max_nodes; /* refuse items of more nodes (MFK_ELIMIT) */
    mfk__cnode *nodes;
    size_t n, cap;
    char *sbuf; /* indefinite-length strings, joined */
    size_t slen, scap;
    const unsigned char *input;
} mfk__ctree;

/* Nesting deeper than this is refused (MFK_ELIMIT). */
#define MFK__CBOR_MAX_DEPTH 64
/* mfk__cbor_parse's answer when the item goes on past `avail` bytes but
 * fewer than `left`: read more and call again. */
#define MFK__CBOR_MORE 2

void mfk__ctree_init(mfk__ctree *t, const mfk_allocator *alloc,
                     size_t max_nodes);
void mfk__ctree_free(mfk__ctree *t);

/* Decodes one data item from buf (avail bytes present, `left` bytes in
 * the whole input from buf on, left >= avail; `base` is buf's offset in
 * the input, for messages). Every declared length is checked against the
 * bytes left before anything is kept. Returns MFK_OK and *used; MFK_ETORN
 * when the item runs past the end of the input; MFK__CBOR_MORE; or
 * MFK_ESYNTAX, MFK_ELIMIT, MFK_ENOMEM, with err->offset. */
int mfk__cbor_parse(mfk__ctree *t, const unsigned char *buf, size_t avail,
                    size_t left, size_t base, size_t *used, mfk_error *err);

/* A text or byte string node's bytes (not NUL-terminated). */
static inline const char *mfk__cstr(const mfk__ctree *t, const mfk__cnode *x)
{
    if (x->n == 0)
        return ""; /* an empty string may have no buffer at all */
    return x->own ? t->sbuf + x->v.s : (const char *)t->input + x->v.s;
}

/* The node after x's subtree. */
static inline const mfk__cnode *mfk__cnext(const mfk__cnode *x)
{
    return x + x->size;
}

/* Text that the reader takes: UTF-8 as RFC 3629 has it, and no NUL. */
int mfk__utf8_valid(const unsigned char *s, size_t len);

/* A text node equal to the C string s. */
int mfk__ctext_is(const mfk__ctree *t, const mfk__cnode *x, const char *s);

/* Sets err for a node at fault: code, the node's byte offset, the
 * message; returns code. */
int mfk__cnode_error(mfk_error *err, int code, const mfk__cnode *x,
                     const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* ---- the CBOR writer ------------------------------------------------- */

/* A growing buffer for deterministic CBOR (RFC 8949 section 4.2.1): the
 * shortest heads, floats in the shortest form that keeps their value
 * (finite ones: neither scenarios nor records hold others). The caller
 * writes map keys in their sorted order. */
typedef struct mfk__cbuf {
    const mfk_allocator *alloc;
    unsigned char *buf;
    size_t len, cap;
    int failed; /* an allocation failed: everything after is dropped */
} mfk__cbuf;

/* Bytes as they are (the buffer also serves for text). */
void mfk__cbuf_raw(mfk__cbuf *b, const void *src, size_t len);
void mfk__cbuf_head(mfk__cbuf *b, unsigned major, uint64_t arg);
void mfk__cbuf_text(mfk__cbuf *b, const char *s);
void mfk__cbuf_textn(mfk__cbuf *b, const char *s, size_t len);
void mfk__cbuf_uint(mfk__cbuf *b, uint64_t u);
void mfk__cbuf_double(mfk__cbuf *b, double d);
void mfk__cbuf_simple(mfk__cbuf *b, unsigned v); /* 20 false ... 23 */

/* ---- the JSON writer (jsonwrite.c) ----------------------------------- */

/* Compact JSON on one line, as the driver prints it, into a growing
 * buffer from alloc (a failed allocation fails the whole, at the end). It
 * keeps track of commas and nesting. */
#define MFK__JSON_DEPTH 64
typedef struct mfk__json {
    mfk__cbuf b;
    int depth;
    unsigned char first[MFK__JSON_DEPTH]; /* no element yet at this depth */
    int after_key;
} mfk__json;

void mfk__json_init(mfk__json *j, const mfk_allocator *alloc);
void mfk__json_begin_object(mfk__json *j);
void mfk__json_end_object(mfk__json *j);
void mfk__json_begin_array(mfk__json *j);
void mfk__json_end_array(mfk__json *j);
void mfk__json_key(mfk__json *j, const char *key);
void mfk__json_string(mfk__json *j, const char *s);
void mfk__json_number(mfk__json *j, double x);
void mfk__json_integer(mfk__json *j, long long x);
void mfk__json_bool(mfk__json *j, int b);
void mfk__json_null(mfk__json *j);
/* The ids of n members as an array, in roster order: those with
 * (set[i] & mask) != 0; id(src, i) gives member i's id. */
typedef const char *(*mfk__json_id_fn)(const void *src, size_t i);
void mfk__json_ids(mfk__json *j, size_t n, const unsigned char *set,
                   unsigned mask, mfk__json_id_fn id, const void *src);
/* One violation as CONTRACT writes it: {"principle", "members", "mode"},
 * the members those with set[i] != 0. */
void mfk__json_violation(mfk__json *j, const char *principle, mfk_mode mode,
                         size_t n, const unsigned char *set,
                         mfk__json_id_fn id, const void *src);
/* Ends the text with a newline (for a whole document: newline not 0) and
 * hands it over as the two-call writers do: *len the length, copied into
 * buf when size allows, else MFK_ERANGE; MFK_ENOMEM when an allocation
 * failed. Frees the buffer. */
int mfk__json_give(mfk__json *j, int newline, char *buf, size_t size,
                   size_t *len);
/* A buffer's text handed over as the two-call writers do: *len its
 * length, copied into buf when size allows, else MFK_ERANGE; MFK_ENOMEM
 * when an allocation failed. Frees the buffer. */
int mfk__cbuf_give(mfk__cbuf *b, char *buf, size_t size, size_t *len);
/* The same, the text followed by a NUL (size must take it), as
 * mfk_text_escape() gives text. */
int mfk__cbuf_give_text(mfk__cbuf *b, char *buf, size_t size, size_t *len);
/* analysisjson.c: MFK_OK when ps[0..n-1] are predictions made on a body
 * of b's dimensions, else MFK_EINVAL. */
int mfk__predictions_check(const mfk_prediction *const *ps, size_t n,
                           const mfk_body *b);
/* account.c: the n bytes of s, words separated by spaces, wrapped at
 * `width` columns as mfk_consultation_account() wraps its text. */
void mfk__account_wrap(mfk__cbuf *out, const char *s, size_t n,
                       unsigned width);
/* consultjson.c: consultation c as its item of {"proposals": [...]}
 * (flags as mfk_consultation_write_json()), as the next element. */
void mfk__consultation_json_item(mfk__json *j, const mfk_consultation *c,
                                 unsigned flags);
/* A value already written (len bytes of JSON), as the next element. */
void mfk__json_raw(mfk__json *j, const char *text, size_t len);
/* simjson.c: the object of rule j of sim, made on body b, as `simulate`
 * prints it. */
void mfk__sim_rule_json(mfk__json *js, const mfk_sim *sim, const mfk_body *b,
                        const char *name, unsigned long long seed,
                        unsigned long long runs, size_t j);
/* svg.c: charts into a buffer. A bar chart: one bar a row from 0 to value on an
 * axis to max, a whisker from lo to hi (none when lo > hi). A line chart
 * of shares (0 to 1) at the n values x, each series with its band. */
typedef struct mfk__svg_bar {
    const char *label;
    double value, lo, hi;
} mfk__svg_bar;
typedef struct mfk__svg_series {
    const char *label;
    const double *y, *lo, *hi;
} mfk__svg_series;
void mfk__svg_bars(mfk__cbuf *f, const char *title, const char *axis,
                   const mfk__svg_bar *bars, size_t n, double max);
void mfk__svg_lines(mfk__cbuf *f, const char *title, const char *xaxis,
                    const char *yaxis, const double *x, size_t n,
                    const mfk__svg_series *series, size_t ns);
/* Whether sim has rules and rule_names names each. */
int mfk__sim_names_ok(const mfk_sim *sim, const char *const *rule_names);

/* ---- records -------------------------------------------------------- */

/* The limits of one record: the writer and the reader both take them
 * from here, and the writer reads back what it made with the reader's
 * own code before writing it (mfk__record_check), so that nothing is
 * written that the reader would refuse. */
#define MFK__RECORD_MAX_NODES (1u << 18) /* data items */
/* MFK_RECORD_MAX_BYTES (mufakat.h): bytes of the record's map;
 * MFK__CBOR_MAX_DEPTH: nesting; MFK_MAX_MEMBERS, MFK_MAX_ROUNDS. */

/* Sizes of the hash, public and secret keys, and signature (libsodium's
 * SHA-256 and Ed25519). */
#define MFK__SHA256_BYTES 32
#define MFK__PUBLIC_KEY_BYTES 32
#define MFK__SECRET_KEY_BYTES 64
#define MFK__SIG_BYTES 64

/* An empty record, for decoding into again and again. */
mfk_record *mfk__record_alloc(const mfk_allocator *alloc);
/* Fills r, cleared first, from the record at the root of t. */
int mfk__record_from_tree(mfk_record *r, const mfk__ctree *t,
                          mfk_error *err);
/* Appends r's encoding to b, in r's format. */
int mfk__record_encode(const mfk_record *r, mfk__cbuf *b);
/* Decodes bytes [0, len) as the reader of journals would, into scratch
 * record `into` (NULL: one of its own); MFK_OK when it would read it
 * whole, else its error with err set (offsets from the record's start). */
int mfk__record_check(const unsigned char *bytes, size_t len,
                      const mfk_allocator *alloc, mfk_error *err);
/* The record's format (1 or 2) and whether it holds what only format 2
 * can (reasons, an event). */
unsigned mfk__record_format(const mfk_record *r);
void mfk__record_set_format(mfk_record *r, unsigned format);
int mfk__record_needs_two(const mfk_record *r);
/* What of r needs format 2, in words ("reasons", ...), for messages. */
const char *mfk__record_two_what(const mfk_record *r);
/* The link to the item before it (format 2); NULL: none. */
void mfk__record_set_prev(mfk_record *r, const unsigned char *prev);
const unsigned char *mfk__record_prev(const mfk_record *r);
/* Whether r is an event record. */
int mfk__record_is_event(const mfk_record *r);
/* Makes r (cleared) an event record: kind, member and text (NULL: none),
 * time in UTC as records hold it. MFK_EINVAL, MFK_ENOMEM. */
int mfk__record_make_event(mfk_record *r, const char *event,
                           const char *member, const char *text,
                           const char *time);
/* MFK_ELIMIT for a record over MFK_RECORD_MAX_BYTES at offset. */
int mfk__record_too_large(mfk_error *err, long long offset);

#endif
