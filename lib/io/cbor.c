/* CBOR (RFC 8949): a bounded reader built on libcbor's streaming decoder
 * and a deterministic writer. */
#include "records-private.h"

#include <cbor.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- the tree -------------------------------------------------------- */

void mfk__ctree_init(mfk__ctree *t, const mfk_allocator *alloc,
                     size_t max_nodes)
{
    memset(t, 0, sizeof *t);
    t->alloc = alloc;
    t->max_nodes = max_nodes;
}

void mfk__ctree_free(mfk__ctree *t)
{
    mfk__free(t->alloc, t->nodes);
    mfk__free(t->alloc, t->sbuf);
    t->nodes = NULL;
    t->sbuf = NULL;
    t->n = t->cap = t->slen = t->scap = 0;
}

int mfk__ctext_is(const mfk__ctree *t, const mfk__cnode *x, const char *s)
{
    size_t len = strlen(s);
    return x->kind == MFK__C_TEXT && x->n == len &&
           memcmp(mfk__cstr(t, x), s, len) == 0;
}

int mfk__cnode_error(mfk_error *err, int code, const mfk__cnode *x,
                     const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    mfk__error_set(err, code, NULL, "%s", msg);
    if (err != NULL)
        err->offset = (long long)x->offset;
    return code;
}

/* ---- the parser ------------------------------------------------------ */

struct frame {
    size_t node;
    uint64_t left; /* definite: items still to come */
    unsigned char indef;
    unsigned char kind;
};

struct pctx {
    mfk__ctree *t;
    const unsigned char *buf;
    size_t pos;  /* where the item being decoded starts, in buf */
    size_t left; /* bytes in the whole input from buf on */
    size_t base;
    mfk_error *err;
    int rc;
    int done;
    int tag; /* a tag was read; its item is still to come */
    unsigned depth;
    struct frame st[MFK__CBOR_MAX_DEPTH];
};

static int perr(struct pctx *p, int code, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int perr(struct pctx *p, int code, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    mfk__error_set(p->err, code, NULL, "%s", msg);
    if (p->err != NULL)
        p->err->offset = (long long)(p->base + p->pos);
    p->rc = code;
    return code;
}

static int in_string(const struct pctx *p)
{
    return p->depth > 0 && p->st[p->depth - 1].indef &&
           (p->st[p->depth - 1].kind == MFK__C_TEXT ||
            p->st[p->depth - 1].kind == MFK__C_BYTES);
}

/* A new node, child of the open container. */
static mfk__cnode *add(struct pctx *p, unsigned char kind)
{
    mfk__ctree *t = p->t;
    mfk__cnode *x;
    if (in_string(p)) {
        perr(p, MFK_ESYNTAX, "a chunk of an indefinite-length string is "
                             "not a definite string of the same type");
        return NULL;
    }
    if (t->n >= t->max_nodes) {
        perr(p, MFK_ELIMIT, "more than %zu data items", t->max_nodes);
        return NULL;
    }
    if (t->n == t->cap) {
        size_t ncap = t->cap ? t->cap * 2 : 64;
        if (mfk__grow(t->alloc, (void **)&t->nodes, ncap, sizeof *t->nodes)) {
            perr(p, MFK_ENOMEM, "out of memory");
            return NULL;
        }
        t->cap = ncap;
    }
    p->tag = 0;
    x = &t->nodes[t->n++];
    x->kind = kind;
    x->own = 0;
    x->n = 0;
    x->size = 1;
    x->offset = p->base + p->pos;
    x->v.u = 0;
    return x;
}

/* The item just added or closed is complete: count it in its parent, and
 * close every definite container that it fills. */
static void complete(struct pctx *p)
{
    while (p->depth > 0) {
        struct frame *f = &p->st[p->depth - 1];
        if (f->indef) {
            p->t->nodes[f->node].n++;
            return;
        }
        if (--f->left > 0)
            return;
        p->t->nodes[f->node].size = (uint32_t)(p->t->n - f->node);
        p->depth--;
    }
    p->done = 1;
}

static void scalar(struct pctx *p, unsigned char kind, uint64_t u)
{
    mfk__cnode *x = add(p, kind);
    if (x == NULL)
        return;
    x->v.u = u;
    complete(p);
}

static void push(struct pctx *p, unsigned char kind, int indef, uint64_t n)
{
    mfk__cnode *x;
    size_t have;
    uint64_t items = kind == MFK__C_MAP ? 2 * (uint64_t)n : n;

    if (!indef) {
        /* The head is 1 byte, or 1 + 2^(ai - 24) for the additional
         * information ai in 24..27 that libcbor has accepted. */
        unsigned ai = p->buf[p->pos] & 0x1f;
        have = p->left - p->pos - (ai < 24 ? 1 : 1 + (1u << (ai - 24)));
        if (n > have || items > have) {
            perr(p, MFK_ETORN,
                 "%s declares %llu %s but only %zu bytes are left",
                 kind == MFK__C_MAP ? "a map" : "an array",
                 (unsigned long long)n,
                 kind == MFK__C_MAP ? "pairs" : "elements", have);
            return;
        }
    }
    if ((x = add(p, kind)) == NULL)
        return;
    x->n = n;
    if (!indef && n == 0) {
        complete(p);
        return;
    }
    if (p->depth >= MFK__CBOR_MAX_DEPTH) {
        perr(p, MFK_ELIMIT, "nesting deeper than %d levels",
             MFK__CBOR_MAX_DEPTH);
        return;
    }
    p->st[p->depth].node = (size_t)(x - p->t->nodes);
    p->st[p->depth].left = items;
    p->st[p->depth].indef = (unsigned char)indef;
    p->st[p->depth].kind = kind;
    p->depth++;
}

/* UTF-8 as RFC 3629 has it, and no NUL (names become C strings). */
int mfk__utf8_valid(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i], need, cp, k;
        if (c >= 0x01 && c < 0x80) {
            i++;
            continue;
        }
        if (c == 0)
            return 0;
        if (c >= 0xc2 && c <= 0xdf)
            need = 1, cp = c & 0x1f;
        else if (c >= 0xe0 && c <= 0xef)
            need = 2, cp = c & 0x0f;
        else if (c >= 0xf0 && c <= 0xf4)
            need = 3, cp = c & 0x07;
        else
            return 0;
        if (len - i <= need)
            return 0;
        for (k = 1; k <= need; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if ((need == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (need == 3 && (cp < 0x10000 || cp > 0x10ffff)))
            return 0;
        i += need + 1;
    }
    return 1;
}

static void string(struct pctx *p, unsigned char kind, const unsigned char *s,
                   size_t len)
{
    mfk__ctree *t = p->t;
    mfk__cnode *x;
    if (kind == MFK__C_TEXT && !mfk__utf8_valid(s, len)) {
        perr(p, MFK_ESYNTAX, "a text string that is not UTF-8, or holds "
                             "a NUL byte");
        return;
    }
    if (in_string(p)) {
        struct frame *f = &p->st[p->depth - 1];
        if (f->kind != kind) {
            perr(p, MFK_ESYNTAX, "a chunk of an indefinite-length string "
                                 "is not a definite string of the same "
                                 "type");
            return;
        }
        x = &t->nodes[f->node];
        if (t->slen + len > t->scap) {
            size_t ncap = t->scap ? t->scap : 256;
            while (ncap < t->slen + len)
                ncap *= 2;
            if (mfk__grow(t->alloc, (void **)&t->sbuf, ncap, 1)) {
                perr(p, MFK_ENOMEM, "out of memory");
                return;
            }
            t->scap = ncap;
        }
        if (len > 0)
            memcpy(t->sbuf + t->slen, s, len);
        t->slen += len;
        x->n += len;
        return;
    }
    if ((x = add(p, kind)) == NULL)
        return;
    x->n = len;
    x->v.s = (size_t)(s - p->buf);
    complete(p);
}

static void string_start(struct pctx *p, unsigned char kind)
{
    mfk__cnode *x;
    if (p->depth >= MFK__CBOR_MAX_DEPTH) {
        perr(p, MFK_ELIMIT, "nesting deeper than %d levels",
             MFK__CBOR_MAX_DEPTH);
        return;
    }
    if ((x = add(p, kind)) == NULL)
        return;
    x->own = 1;
    x->v.s = p->t->slen;
    p->st[p->depth].node = (size_t)(x - p->t->nodes);
    p->st[p->depth].left = 0;
    p->st[p->depth].indef = 1;
    p->st[p->depth].kind = kind;
    p->depth++;
}

#define CTX(c) struct pctx *p = (c)
static void cb_u8(void *c, uint8_t v) { scalar(c, MFK__C_UINT, v); }
static void cb_u16(void *c, uint16_t v) { scalar(c, MFK__C_UINT, v); }
static void cb_u32(void *c, uint32_t v) { scalar(c, MFK__C_UINT, v); }
static void cb_u64(void *c, uint64_t v) { scalar(c, MFK__C_UINT, v); }
static void cb_n8(void *c, uint8_t v) { scalar(c, MFK__C_NINT, v); }
static void cb_n16(void *c, uint16_t v) { scalar(c, MFK__C_NINT, v); }
static void cb_n32(void *c, uint32_t v) { scalar(c, MFK__C_NINT, v); }
static void cb_n64(void *c, uint64_t v) { scalar(c, MFK__C_NINT, v); }

static void cb_bytes(void *c, cbor_data s, size_t len)
{
    string(c, MFK__C_BYTES, s, len);
}

static void cb_text(void *c, cbor_data s, size_t len)
{
    string(c, MFK__C_TEXT, s, len);
}

static void cb_bytes_start(void *c) { string_start(c, MFK__C_BYTES); }
static void cb_text_start(void *c) { string_start(c, MFK__C_TEXT); }
static void cb_array(void *c, size_t n) { push(c, MFK__C_ARRAY, 0, n); }
static void cb_map(void *c, size_t n) { push(c, MFK__C_MAP, 0, n); }
static void cb_iarray(void *c) { push(c, MFK__C_ARRAY, 1, 0); }
static void cb_imap(void *c) { push(c, MFK__C_MAP, 1, 0); }

static void cb_double(void *c, double d)
{
    mfk__cnode *x = add(c, MFK__C_FLOAT);
    if (x != NULL) {
        x->v.d = d;
        complete(c);
    }
}

static void cb_float(void *c, float f) { cb_double(c, f); }

static void cb_null(void *c) { scalar(c, MFK__C_NULL, 0); }
static void cb_undef(void *c) { scalar(c, MFK__C_UNDEFINED, 0); }

static void cb_bool(void *c, bool b)
{
    scalar(c, b ? MFK__C_TRUE : MFK__C_FALSE, 0);
}

static void cb_tag(void *c, uint64_t tag)
{
    CTX(c);
    if (in_string(p)) {
        perr(p, MFK_ESYNTAX, "a tag inside an indefinite-length string");
        return;
    }
    /* 55799, "self-described CBOR", says nothing about the item. */
    if (tag != 55799) {
        perr(p, MFK_ESYNTAX, "tag %llu is not part of the data model",
             (unsigned long long)tag);
        return;
    }
    p->tag = 1;
}

static void cb_break(void *c)
{
    CTX(c);
    struct frame *f;
    mfk__cnode *x;
    if (p->depth == 0 || !p->st[p->depth - 1].indef) {
        perr(p, MFK_ESYNTAX, "a break (0xff) outside an indefinite-length "
                             "item");
        return;
    }
    if (p->tag) {
        perr(p, MFK_ESYNTAX, "a tag with no item after it");
        return;
    }
    f = &p->st[p->depth - 1];
    x = &p->t->nodes[f->node];
    if (f->kind == MFK__C_MAP) {
        if (x->n % 2 != 0) {
            perr(p, MFK_ESYNTAX, "an indefinite-length map ends after a "
                                 "key, with no value");
            return;
        }
        x->n /= 2;
    }
    x->size = (uint32_t)(p->t->n - f->node);
    p->depth--;
    complete(p);
}

static const struct cbor_callbacks callbacks = {
    .uint8 = cb_u8,
    .uint16 = cb_u16,
    .uint32 = cb_u32,
    .uint64 = cb_u64,
    .negint8 = cb_n8,
    .negint16 = cb_n16,
    .negint32 = cb_n32,
    .negint64 = cb_n64,
    .byte_string_start = cb_bytes_start,
    .byte_string = cb_bytes,
    .string = cb_text,
    .string_start = cb_text_start,
    .indef_array_start = cb_iarray,
    .array_start = cb_array,
    .indef_map_start = cb_imap,
    .map_start = cb_map,
    .tag = cb_tag,
    .float2 = cb_float,
    .float4 = cb_float,
    .float8 = cb_double,
    .undefined = cb_undef,
    .null = cb_null,
    .boolean = cb_bool,
    .indef_break = cb_break,
};

int mfk__cbor_parse(mfk__ctree *t, const unsigned char *buf, size_t avail,
                    size_t left, size_t base, size_t *used, mfk_error *err)
{
    struct pctx p;
    size_t pos = 0;

    p.t = t;
    p.buf = buf;
    p.left = left;
    p.base = base;
    p.err = err;
    p.rc = MFK_OK;
    p.done = 0;
    p.tag = 0;
    p.depth = 0;
    t->n = 0;
    t->slen = 0;
    t->input = buf;
    while (!p.done) {
        struct cbor_decoder_result r;
        p.pos = pos;
        if (pos >= avail) {
            if (avail < left)
                return MFK__CBOR_MORE;
            return perr(&p, MFK_ETORN, "the input ends inside a data item");
        }
        r = cbor_stream_decode(buf + pos, avail - pos, &callbacks, &p);
        if (p.rc != MFK_OK)
            return p.rc;
        if (r.status == CBOR_DECODER_FINISHED) {
            pos += r.read;
        } else if (r.status == CBOR_DECODER_NEDATA) {
            /* libcbor needs r.required bytes from pos. With all the
             * input at hand (avail == left) none will come; and a length
             * near 2^64 makes its count wrap round to a small number. */
            if (r.required > left - pos)
                return perr(&p, MFK_ETORN,
                            "an item of %zu bytes, but only %zu are left",
                            r.required, left - pos);
            if (avail == left)
                return perr(&p, MFK_ETORN,
                            "an item longer than any input: only %zu "
                            "bytes are left",
                            left - pos);
            return MFK__CBOR_MORE;
        } else {
            return perr(&p, MFK_ESYNTAX,
                        "0x%02x does not begin a well-formed data item",
                        buf[pos]);
        }
    }
    *used = pos;
    return MFK_OK;
}

/* ---- the writer ------------------------------------------------------ */

static void put(mfk__cbuf *b, const void *src, size_t len)
{
    if (b->failed)
        return;
    if (b->len + len > b->cap) {
        size_t ncap = b->cap ? b->cap : 256;
        while (ncap < b->len + len)
            ncap *= 2;
        if (mfk__grow(b->alloc, (void **)&b->buf, ncap, 1) != MFK_OK) {
            b->failed = 1;
            return;
        }
        b->cap = ncap;
    }
    memcpy(b->buf + b->len, src, len);
    b->len += len;
}

void mfk__cbuf_raw(mfk__cbuf *b, const void *src, size_t len)
{
    put(b, src, len);
}

void mfk__cbuf_head(mfk__cbuf *b, unsigned major, uint64_t arg)
{
    unsigned char h[9];
    size_t n, k;
    unsigned char ib = (unsigned char)(major << 5);
    if (arg < 24) {
        h[0] = (unsigned char)(ib | arg);
        n = 0;
    } else if (arg <= 0xff) {
        h[0] = ib | 24;
        n = 1;
    } else if (arg <= 0xffff) {
        h[0] = ib | 25;
        n = 2;
    } else if (arg <= 0xffffffffu) {
        h[0] = ib | 26;
        n = 4;
    } else {
        h[0] = ib | 27;
        n = 8;
    }
    for (k = 0; k < n; k++)
        h[1 + k] = (unsigned char)(arg >> (8 * (n - 1 - k)));
    put(b, h, 1 + n);
}

void mfk__cbuf_textn(mfk__cbuf *b, const char *s, size_t len)
{
    mfk__cbuf_head(b, 3, len);
    put(b, s, len);
}

void mfk__cbuf_text(mfk__cbuf *b, const char *s)
{
    mfk__cbuf_textn(b, s, strlen(s));
}

void mfk__cbuf_uint(mfk__cbuf *b, uint64_t u)
{
    mfk__cbuf_head(b, 0, u);
}

void mfk__cbuf_simple(mfk__cbuf *b, unsigned v)
{
    mfk__cbuf_head(b, 7, v);
}

/* The half-precision bits of a finite f, when f has them exactly. */
static int half_of(float f, uint16_t *h)
{
    uint32_t bits;
    unsigned sign, exp, mant;
    int e;
    memcpy(&bits, &f, sizeof bits);
    sign = (bits >> 31) << 15;
    exp = (bits >> 23) & 0xff;
    mant = bits & 0x7fffff;
    if (exp == 0)
        return mant == 0 ? (*h = (uint16_t)sign, 1) : 0;
    e = (int)exp - 127;
    if (e >= -14 && e <= 15) {
        if (mant & 0x1fff)
            return 0;
        *h = (uint16_t)(sign | (unsigned)(e + 15) << 10 | mant >> 13);
        return 1;
    }
    if (e >= -24 && e < -14) {
        uint32_t full = 0x800000u | mant;
        int shift = -(e + 1);
        if (full & ((1u << shift) - 1))
            return 0;
        *h = (uint16_t)(sign | (full >> shift));
        return 1;
    }
    return 0;
}

void mfk__cbuf_double(mfk__cbuf *b, double d)
{
    unsigned char out[9];
    uint16_t h;
    int k;
    if ((double)(float)d == d) {
        float f = (float)d;
        uint32_t bits;
        if (half_of(f, &h)) {
            out[0] = 0xf9;
            out[1] = (unsigned char)(h >> 8);
            out[2] = (unsigned char)h;
            put(b, out, 3);
            return;
        }
        memcpy(&bits, &f, sizeof bits);
        out[0] = 0xfa;
        for (k = 0; k < 4; k++)
            out[1 + k] = (unsigned char)(bits >> (8 * (3 - k)));
        put(b, out, 5);
        return;
    }
    {
        uint64_t bits;
        memcpy(&bits, &d, sizeof bits);
        out[0] = 0xfb;
        for (k = 0; k < 8; k++)
            out[1 + k] = (unsigned char)(bits >> (8 * (7 - k)));
        put(b, out, 9);
    }
}
