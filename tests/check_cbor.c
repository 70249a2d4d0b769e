/* Tests: scenarios in CBOR, the bounded reader and its refusals. */
#define _GNU_SOURCE /* RTLD_DEFAULT */
#include "tests.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define DEMO_JSON MFK_TEST_DATA "/../../examples/asean-amm.json"
#define CBOR_DIR MFK_TEST_DATA "/cbor/"

/* Two scenarios run alike: same body, and every proposal's consultation
 * gives the same rounds, stances, flags, positions, outcome, participants
 * and violations. Shared with check_scenario.c. */
void test_same_runs(mfk_scenario *a, mfk_scenario *b);
void test_same_runs(mfk_scenario *a, mfk_scenario *b)
{
    const mfk_body *ba = mfk_scenario_body(a), *bb = mfk_scenario_body(b);
    size_t n = mfk_body_member_count(ba), i, p;
    ck_assert_uint_eq(n, mfk_body_member_count(bb));
    ck_assert_uint_eq(mfk_body_dims(ba), mfk_body_dims(bb));
    ck_assert_str_eq(mfk_body_name(ba), mfk_body_name(bb));
    for (i = 0; i < n; i++) {
        ck_assert_str_eq(mfk_body_member_id(ba, i), mfk_body_member_id(bb, i));
        ck_assert(mfk_body_member_weight(ba, i) ==
                  mfk_body_member_weight(bb, i));
    }
    ck_assert_uint_eq(mfk_scenario_proposal_count(a),
                      mfk_scenario_proposal_count(b));
    for (p = 0; p < mfk_scenario_proposal_count(a); p++) {
        mfk_consultation *ca, *cb;
        mfk_outcome oa, ob;
        unsigned r;
        ck_assert_int_eq(mfk_scenario_consult(a, p, NULL, &ca), MFK_OK);
        ck_assert_int_eq(mfk_scenario_consult(b, p, NULL, &cb), MFK_OK);
        ck_assert_uint_eq(mfk_consultation_rounds(ca),
                          mfk_consultation_rounds(cb));
        for (r = 1; r <= mfk_consultation_rounds(ca); r++) {
            const unsigned char *sa, *sb, *fa, *fb;
            mfk_verdict va, vb;
            size_t xa, xb;
            const double *pa, *pb;
            mfk_consultation_round(ca, r, &sa, &fa, &va, &xa);
            mfk_consultation_round(cb, r, &sb, &fb, &vb, &xb);
            ck_assert(memcmp(sa, sb, n) == 0);
            ck_assert(memcmp(fa, fb, n) == 0);
            ck_assert_int_eq(va, vb);
            mfk_proposal_version(mfk_consultation_proposal(ca), xa, NULL, &pa);
            mfk_proposal_version(mfk_consultation_proposal(cb), xb, NULL, &pb);
            ck_assert((pa == NULL) == (pb == NULL));
            if (pa != NULL)
                ck_assert(memcmp(pa, pb, mfk_body_dims(ba) * sizeof *pa) ==
                          0);
        }
        ck_assert_int_eq(mfk_consultation_outcome(ca, &oa), MFK_OK);
        ck_assert_int_eq(mfk_consultation_outcome(cb, &ob), MFK_OK);
        ck_assert_int_eq(oa, ob);
        for (i = 0; i < n; i++)
            ck_assert_int_eq(mfk_consultation_participant(ca, i),
                             mfk_consultation_participant(cb, i));
        ck_assert_uint_eq(mfk_consultation_violation_count(ca),
                          mfk_consultation_violation_count(cb));
        mfk_consultation_free(ca);
        mfk_consultation_free(cb);
    }
}

static void assert_twin_runs_alike(const char *name)
{
    char path[1024];
    mfk_scenario *j = NULL, *c = NULL;
    mfk_error err;
    snprintf(path, sizeof path, "%s%s", CBOR_DIR, name);
    ck_assert_int_eq(mfk_scenario_read_file(&j, DEMO_JSON, NULL, &err),
                     MFK_OK);
    ck_assert_msg(mfk_scenario_read_file(&c, path, NULL, &err) == MFK_OK,
                  "%s: byte %lld: %s%s", name, err.offset, err.pointer,
                  err.message);
    ck_assert_uint_ge(mfk_scenario_proposal_count(j), 3);
    test_same_runs(j, c);
    mfk_scenario_free(j);
    mfk_scenario_free(c);
}

START_TEST(twin_plain)
{
    assert_twin_runs_alike("asean-amm.cbor");
}
END_TEST

START_TEST(twin_canonical)
{
    assert_twin_runs_alike("asean-amm-canonical.cbor");
}
END_TEST

START_TEST(twin_tagged)
{
    assert_twin_runs_alike("asean-amm-tagged.cbor");
}
END_TEST

START_TEST(twin_indefinite)
{
    assert_twin_runs_alike("asean-amm-indefinite.cbor");
}
END_TEST

/* ---- errors ---------------------------------------------------------- */

static int read_bytes(const void *data, size_t len, mfk_error *err)
{
    mfk_scenario *s = NULL;
    int rc = mfk_scenario_read_cbor(&s, data, len, NULL, err);
    ck_assert(rc != MFK_OK || s != NULL);
    mfk_scenario_free(s);
    return rc;
}

struct bad_case {
    const char *what;
    const char *bytes;
    size_t len;
    int code;
    long long offset;
    const char *message; /* a part of it */
};

#define B(s) s, sizeof s - 1
/* A key of 61 bytes, and the 60 that a message quotes. */
#define LONG_KEY_60                                                          \
    "member-of-the-association-of-southeast-asian-nations-council"
#define LONG_KEY LONG_KEY_60 "s"
static const struct bad_case bad_cases[] = {
    {"empty", B(""), MFK_ESYNTAX, 0, "ends inside"},
    {"truncated map", B("\xa2\x67mufakat\x01"), MFK_ESYNTAX, 10,
     "ends inside"},
    {"map longer than the input", B("\xa3\x61x\x01"), MFK_ESYNTAX, 0,
     "declares 3 pairs but only 3 bytes"},
    {"truncated text", B("\xa1\x67mufa"), MFK_ESYNTAX, 1, "only 5"},
    {"trailing bytes", B("\xa0\x00"), MFK_ESYNTAX, 1, "1 bytes after"},
    {"reserved byte", B("\xa1\x61x\x1c"), MFK_ESYNTAX, 3, "0x1c"},
    {"break outside", B("\xa1\x61x\xff"), MFK_ESYNTAX, 3, "break"},
    {"odd indefinite map", B("\xbf\x61x\xff"), MFK_ESYNTAX, 3, "after a key"},
    {"other tag", B("\xa1\x61x\xc1\x00"), MFK_ESYNTAX, 3, "tag 1 "},
    {"tag then break", B("\x9f\xd9\xd9\xf7\xff"), MFK_ESYNTAX, 4,
     "no item"},
    {"bad utf-8", B("\xa1\x62\xc3\x28\x00"), MFK_ESYNTAX, 1, "UTF-8"},
    {"nul in text", B("\xa1\x62x\x00\x00"), MFK_ESYNTAX, 1, "NUL"},
    {"byte string", B("\xa1\x61x\x41\x00"), MFK_ESYNTAX, 3, "byte string"},
    {"number key", B("\xa1\x01\x00"), MFK_ESYNTAX, 1, "not a text"},
    {"duplicate key", B("\xa2\x61x\x00\x61x\x01"), MFK_ESYNTAX, 4,
     "duplicate key \"x\""},
    {"long duplicate key", B("\xa2\x78\x3d" LONG_KEY "\x00\x78\x3d" LONG_KEY
                             "\x01"),
     MFK_ESYNTAX, 65, "duplicate key \"" LONG_KEY_60 "\""},
    {"undefined", B("\xa1\x61x\xf7"), MFK_ESYNTAX, 3, "undefined"},
    {"nan", B("\xa1\x61x\xf9\x7e\x00"), MFK_ESYNTAX, 3, "NaN"},
    {"mixed chunks", B("\x7f\x41x\xff"), MFK_ESYNTAX, 1, "chunk"},
    {"simple value", B("\x81\xe0"), MFK_ESYNTAX, 1, "0xe0"},
    {"break at the top", B("\xff"), MFK_ESYNTAX, 0, "break (0xff) outside"},
    {"tag at the end", B("\xd9\xd9\xf7"), MFK_ESYNTAX, 3, "ends inside"},
    {"torn head", B("\x1a\x00\x01"), MFK_ESYNTAX, 0,
     "an item of 5 bytes, but only 3 are left"},
    {"infinity", B("\xa1\x61x\xf9\x7c\x00"), MFK_ESYNTAX, 3,
     "an infinity: expected a finite number"},
    /* Declared counts against the bytes after a head of each width; the
     * last head is longer than it need be. */
    {"map, 1-byte count", B("\xb8\x05\x61x\x00"), MFK_ESYNTAX, 0,
     "declares 5 pairs but only 3 bytes are left"},
    {"array, 2-byte count", B("\x99\x01\x00\x00"), MFK_ESYNTAX, 0,
     "declares 256 elements but only 1 bytes are left"},
    {"array, 4-byte count", B("\x9a\x00\x01\x00\x00\x00"), MFK_ESYNTAX, 0,
     "declares 65536 elements but only 1 bytes are left"},
    {"array, 8-byte count of 2", B("\x9b\0\0\0\0\0\0\0\x02\x00"),
     MFK_ESYNTAX, 0, "declares 2 elements but only 1 bytes are left"},
    /* UTF-8 that RFC 3629 refuses, in a key. */
    {"lone continuation byte", B("\xa1\x61\x80\x00"), MFK_ESYNTAX, 1,
     "UTF-8"},
    {"overlong 2 bytes", B("\xa1\x62\xc0\xaf\x00"), MFK_ESYNTAX, 1,
     "UTF-8"},
    {"lead byte past U+10FFFF", B("\xa1\x64\xf5\x80\x80\x80\x00"),
     MFK_ESYNTAX, 1, "UTF-8"},
    {"sequence cut short", B("\xa1\x62x\xe2\x00"), MFK_ESYNTAX, 1, "UTF-8"},
    {"bad continuation", B("\xa1\x63\xe2\x28\xa1\x00"), MFK_ESYNTAX, 1,
     "UTF-8"},
    {"overlong 3 bytes", B("\xa1\x63\xe0\x80\xaf\x00"), MFK_ESYNTAX, 1,
     "UTF-8"},
    {"surrogate", B("\xa1\x63\xed\xa0\x80\x00"), MFK_ESYNTAX, 1,
     "UTF-8"},
    {"overlong 4 bytes", B("\xa1\x64\xf0\x80\x80\xaf\x00"), MFK_ESYNTAX,
     1, "UTF-8"},
    {"past U+10FFFF", B("\xa1\x64\xf4\x90\x80\x80\x00"), MFK_ESYNTAX, 1,
     "UTF-8"},
    /* Indefinite-length strings hold definite chunks of their type. */
    {"byte chunks", B("\xa1\x61x\x5f\x41\x61\x40\xff"), MFK_ESYNTAX, 3,
     "a byte string is not part"},
    {"text in bytes", B("\x5f\x61\x61\xff"), MFK_ESYNTAX, 1, "chunk"},
    {"integer in text", B("\x7f\x01\xff"), MFK_ESYNTAX, 1, "chunk"},
    {"float in text", B("\x7f\xf9\x3c\x00\xff"), MFK_ESYNTAX, 1, "chunk"},
    {"array in text", B("\x7f\x80\xff"), MFK_ESYNTAX, 1, "chunk"},
    {"text in text", B("\x7f\x7f\xff\xff"), MFK_ESYNTAX, 1, "chunk"},
    {"tag in text", B("\x7f\xd9\xd9\xf7\x60\xff"), MFK_ESYNTAX, 1,
     "a tag inside an indefinite-length string"},
};

START_TEST(syntax_errors)
{
    const struct bad_case *b = &bad_cases[_i];
    mfk_error err;
    int rc = read_bytes(b->bytes, b->len, &err);
    ck_assert_msg(rc == b->code, "%s: got %s", b->what, mfk_err_name(rc));
    ck_assert_int_eq(err.code, rc);
    ck_assert_msg(err.offset == b->offset, "%s: offset %lld, not %lld",
                  b->what, err.offset, b->offset);
    ck_assert_int_eq(err.line, -1);
    ck_assert_msg(strstr(err.message, b->message) != NULL,
                  "%s: message \"%s\" lacks \"%s\"", b->what, err.message,
                  b->message);
}
END_TEST

/* What is wrong in the data model is named by its JSON Pointer, as for
 * JSON: the body's members must be an array. */
START_TEST(model_errors_have_pointers)
{
    /* {"mufakat": 1, "body": {"name": "b", "members": 7}, "proposals": []} */
    static const unsigned char doc[] =
        "\xa3\x67mufakat\x01\x64\x62ody\xa2\x64name\x61\x62\x67members\x07"
        "\x69proposals\x80";
    mfk_error err;
    ck_assert_int_eq(read_bytes(doc, sizeof doc - 1, &err), MFK_EFORMAT);
    ck_assert_str_eq(err.pointer, "/body/members");
    ck_assert_ptr_nonnull(strstr(err.message, "found 7"));
}
END_TEST

/* Integers may come as floats of any width, and floats as integers. */
START_TEST(numbers_of_any_width)
{
    /* max_rounds as a half float 3.0 (f9 4200), the member's weight as
     * the integer 2, one scripted round. */
    static const unsigned char doc[] =
        "\xa3\x67mufakat\xf9\x3c\x00"
        "\x64\x62ody\xa3\x64name\x61\x62\x67members\x81\xa2\x62id\x61M"
        "\x66weight\x02\x6amax_rounds\xf9\x42\x00"
        "\x69proposals\x81\xa2\x62id\x62P1\x66rounds\x81\xa1\x67stances\xa1"
        "\x61M\x64join";
    mfk_scenario *s = NULL;
    mfk_consultation *c = NULL;
    mfk_outcome o;
    mfk_error err;
    ck_assert_msg(mfk_scenario_read_cbor(&s, doc, sizeof doc - 1, NULL,
                                         &err) == MFK_OK,
                  "%s: %s", err.pointer, err.message);
    ck_assert_uint_eq(mfk_body_max_rounds(mfk_scenario_body(s)), 3);
    ck_assert(mfk_body_member_weight(mfk_scenario_body(s), 0) == 2.0);
    ck_assert_int_eq(mfk_scenario_consult(s, 0, NULL, &c), MFK_OK);
    ck_assert_int_eq(mfk_consultation_outcome(c, &o), MFK_OK);
    ck_assert_int_eq(o, MFK_OUTCOME_ADOPTED);
    mfk_consultation_free(c);
    mfk_scenario_free(s);
}
END_TEST

/* Each kind of CBOR value becomes the JSON value it says, as the
 * message about a body that is not an object shows. */
struct value_case {
    const char *bytes;
    size_t len;
    const char *found;
};

static const struct value_case value_cases[] = {
    {B("\x1a\x00\x01\x00\x00"), "found 65536"},
    {B("\x1b\x00\x00\x00\x01\x00\x00\x00\x00"), "found 4294967296"},
    {B("\x1b\xff\xff\xff\xff\xff\xff\xff\xff"),
     "found 1.8446744073709552e+19"},
    {B("\x20"), "found -1"},
    {B("\x38\x63"), "found -100"},
    {B("\x39\x01\x00"), "found -257"},
    {B("\x3a\x00\x01\x00\x00"), "found -65537"},
    {B("\x3b\x00\x00\x00\x01\x00\x00\x00\x00"), "found -4294967297"},
    {B("\x3b\xff\xff\xff\xff\xff\xff\xff\xff"),
     "found -1.8446744073709552e+19"},
    {B("\xf9\x3e\x00"), "found 1.5"},
    {B("\xfa\x3f\xc0\x00\x00"), "found 1.5"},
    {B("\xfb\x3f\xf8\x00\x00\x00\x00\x00\x00"), "found 1.5"},
    {B("\xf5"), "found true"},
    {B("\xf4"), "found false"},
    {B("\xf6"), "found null"},
    {B("\x7f\x60\x62\x61\x62\x60\xff"), "found \"ab\""},
    {B("\x63\xe2\x82\xac"), "found \"\xe2\x82\xac\""},
    {B("\x63\xef\xbf\xbd"), "found \"\xef\xbf\xbd\""},
    {B("\x64\xf0\x90\x8d\x88"), "found \"\xf0\x90\x8d\x88\""},
    {B("\x62\xc3\xa9"), "found \"\xc3\xa9\""},
    {B("\x9f\x01\xff"), "found an array"},
};

START_TEST(values_as_json)
{
    const struct value_case *v = &value_cases[_i];
    static const char head[] = "\xa2\x67mufakat\x01\x64" "body";
    unsigned char doc[64];
    mfk_error err;
    memcpy(doc, head, sizeof head - 1);
    memcpy(doc + sizeof head - 1, v->bytes, v->len);
    ck_assert_int_eq(read_bytes(doc, sizeof head - 1 + v->len, &err),
                     MFK_EFORMAT);
    ck_assert_str_eq(err.pointer, "/body");
    ck_assert_msg(strstr(err.message, v->found) != NULL,
                  "message \"%s\" lacks \"%s\"", err.message, v->found);
}
END_TEST

/* Without a place for the error, the code alone says what went wrong. */
START_TEST(errors_without_detail)
{
    static const unsigned char ok[] = "\xa1\x61x\x00";
    mfk_scenario *s = (mfk_scenario *)ok;
    mfk_error err;
    ck_assert_int_eq(mfk_scenario_read_cbor(&s, "\xa1\x61x", 3, NULL, NULL),
                     MFK_ESYNTAX);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(mfk_scenario_read_cbor(&s, "\xa0\x00", 2, NULL, NULL),
                     MFK_ESYNTAX);
    ck_assert_int_eq(mfk_scenario_read_cbor(&s, "\xa1\x01\x00", 3, NULL,
                                            NULL),
                     MFK_ESYNTAX);
    ck_assert_int_eq(mfk_scenario_read_cbor(&s, ok, sizeof ok - 1, NULL,
                                            NULL),
                     MFK_EFORMAT);
    ck_assert_int_eq(mfk_scenario_read_cbor(NULL, ok, sizeof ok - 1, NULL,
                                            &err),
                     MFK_EINVAL);
    ck_assert_int_eq(err.code, MFK_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "no place for the scenario"));
    ck_assert_int_eq(mfk_scenario_read_cbor(&s, NULL, 3, NULL, &err),
                     MFK_EINVAL);
    ck_assert_ptr_null(s);
    ck_assert_str_eq(err.message, "no data");
}
END_TEST

/* ---- hostile inputs ------------------------------------------------- */

#define PEAK_LIMIT (16u << 20)

static int hostile(const unsigned char *data, size_t len, size_t *peak,
                   mfk_error *err)
{
    test_alloc t;
    mfk_scenario *s = NULL;
    int rc;
    test_alloc_init(&t);
    rc = mfk_scenario_read_cbor(&s, data, len, &t.a, err);
    ck_assert_ptr_null(s);
    ck_assert_uint_eq(t.live, 0);
    *peak = t.peak;
    return rc;
}

START_TEST(hostile_huge_array)
{
    /* Nine bytes: an array that declares 2^27 elements. */
    static const unsigned char doc[9] = {0x9a, 0x08, 0x00, 0x00, 0x00,
                                         0x00, 0x00, 0x00, 0x00};
    mfk_error err;
    size_t peak;
    ck_assert_int_eq(hostile(doc, sizeof doc, &peak, &err), MFK_ESYNTAX);
    ck_assert_int_eq(err.offset, 0);
    ck_assert_ptr_nonnull(strstr(err.message, "134217728 elements"));
    ck_assert_uint_lt(peak, PEAK_LIMIT);
}
END_TEST

START_TEST(hostile_deep_nesting)
{
    size_t n = 200000, peak;
    unsigned char *doc = malloc(n + 1);
    mfk_error err;
    ck_assert_ptr_nonnull(doc);
    memset(doc, 0x81, n);
    doc[n] = 0x00;
    ck_assert_int_eq(hostile(doc, n + 1, &peak, &err), MFK_ELIMIT);
    ck_assert_int_eq(err.offset, 64);
    ck_assert_ptr_nonnull(strstr(err.message, "nesting"));
    ck_assert_uint_lt(peak, PEAK_LIMIT);
    /* Indefinite-length arrays are held to the same limit. */
    memset(doc, 0x9f, n);
    ck_assert_int_eq(hostile(doc, n + 1, &peak, &err), MFK_ELIMIT);
    ck_assert_uint_lt(peak, PEAK_LIMIT);
    free(doc);
}
END_TEST

START_TEST(hostile_huge_string)
{
    /* A text string that declares 2^63 bytes, and a byte string too. */
    static const unsigned char text[] = {0x7b, 0x80, 0, 0, 0, 0, 0, 0, 0,
                                         'a', 'b'};
    static const unsigned char bytes[] = {0xa1, 0x61, 'x', 0x5b, 0x80, 0, 0,
                                          0, 0, 0, 0, 0, 'a'};
    mfk_error err;
    size_t peak;
    ck_assert_int_eq(hostile(text, sizeof text, &peak, &err), MFK_ESYNTAX);
    ck_assert_int_eq(err.offset, 0);
    ck_assert_uint_lt(peak, PEAK_LIMIT);
    ck_assert_int_eq(hostile(bytes, sizeof bytes, &peak, &err), MFK_ESYNTAX);
    ck_assert_int_eq(err.offset, 3);
    ck_assert_uint_lt(peak, PEAK_LIMIT);
}
END_TEST

/* Indefinite-length strings count as a level of nesting too. */
START_TEST(hostile_deep_strings)
{
    unsigned char doc[70];
    size_t peak;
    mfk_error err;
    memset(doc, 0x81, 64);
    doc[64] = 0x7f;
    doc[65] = 0x60;
    doc[66] = 0xff;
    ck_assert_int_eq(hostile(doc, 67, &peak, &err), MFK_ELIMIT);
    ck_assert_int_eq(err.offset, 64);
    ck_assert_ptr_nonnull(strstr(err.message, "nesting deeper than 64"));
    /* One level less is read, and found not to be a scenario. */
    ck_assert_int_eq(hostile(doc + 1, 66, &peak, &err), MFK_EFORMAT);
}
END_TEST

/* Wide but shallow: more data items than the limit. */
START_TEST(hostile_too_many_items)
{
    size_t n = (1u << 20) + 10, peak;
    unsigned char *doc = malloc(n + 5);
    mfk_error err;
    ck_assert_ptr_nonnull(doc);
    doc[0] = 0x9a;
    doc[1] = (unsigned char)(n >> 24);
    doc[2] = (unsigned char)(n >> 16);
    doc[3] = (unsigned char)(n >> 8);
    doc[4] = (unsigned char)n;
    memset(doc + 5, 0, n);
    ck_assert_int_eq(hostile(doc, n + 5, &peak, &err), MFK_ELIMIT);
    ck_assert_uint_lt(peak, 64u << 20);
    free(doc);
}
END_TEST

/* ---- memory ---------------------------------------------------------- */

struct walk {
    unsigned char *data;
    size_t len;
    mfk_scenario *s;
};

static int walk_read(void *ud, const mfk_allocator *alloc)
{
    struct walk *w = ud;
    return mfk_scenario_read_cbor(&w->s, w->data, w->len, alloc, NULL);
}

static void walk_cleanup(void *ud)
{
    struct walk *w = ud;
    mfk_scenario_free(w->s);
    w->s = NULL;
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long n;
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

START_TEST(read_cbor_allocation_failures)
{
    struct walk w = {NULL, 0, NULL};
    w.data = slurp(CBOR_DIR "asean-amm-indefinite.cbor", &w.len);
    ck_assert_uint_gt(test_alloc_walk(walk_read, walk_cleanup, &w), 10);
    free(w.data);
}
END_TEST

/* jansson's own allocations, made to fail in turn. The library leaves
 * jansson's allocator alone; the test reaches json_set_alloc_funcs
 * through the dynamic linker, jansson being the library's dependency
 * and not the tests'. */
typedef void *(*json_malloc_fn)(size_t);
typedef void (*json_free_fn)(void *);

static struct {
    size_t calls, fail_at, live;
    int persistent;
} jalloc;

static void *json_test_malloc(size_t n)
{
    void *p;
    jalloc.calls++;
    if (jalloc.fail_at != 0 &&
        (jalloc.calls == jalloc.fail_at ||
         (jalloc.persistent && jalloc.calls > jalloc.fail_at)))
        return NULL;
    if ((p = malloc(n)) != NULL)
        jalloc.live++;
    return p;
}

static void json_test_free(void *p)
{
    if (p != NULL)
        jalloc.live--;
    free(p);
}

static void set_json_allocs(json_malloc_fn m, json_free_fn f)
{
    void (*set)(json_malloc_fn, json_free_fn);
    *(void **)&set = dlsym(RTLD_DEFAULT, "json_set_alloc_funcs");
    ck_assert_ptr_nonnull(set);
    set(m, f);
}

START_TEST(read_cbor_json_allocation_failures)
{
    size_t len, k, failed = 0;
    unsigned char *data = slurp(CBOR_DIR "asean-amm-indefinite.cbor", &len);
    set_json_allocs(json_test_malloc, json_test_free);
    for (jalloc.persistent = 0; jalloc.persistent <= 1; jalloc.persistent++) {
        for (k = 1;; k++) {
            test_alloc t;
            mfk_scenario *s = NULL;
            mfk_error err;
            int rc;
            test_alloc_init(&t);
            jalloc.calls = jalloc.live = 0;
            jalloc.fail_at = k;
            rc = mfk_scenario_read_cbor(&s, data, len, &t.a, &err);
            mfk_scenario_free(s);
            ck_assert_uint_eq(t.live, 0);
            ck_assert_msg(jalloc.live == 0, "jansson allocation %zu: %zu "
                          "blocks leaked", k, jalloc.live);
            if (jalloc.calls < k) {
                ck_assert_int_eq(rc, MFK_OK);
                break;
            }
            ck_assert_msg(rc == MFK_ENOMEM, "jansson allocation %zu: %s", k,
                          mfk_err_name(rc));
            ck_assert_str_eq(err.message, "out of memory");
            failed++;
        }
    }
    set_json_allocs(malloc, free);
    ck_assert_uint_gt(failed, 100);
    free(data);
}
END_TEST

/* The journal's header is told from other maps by its keys and values:
 * text of the right length and bytes. */
static int journal_of(const char *bytes, size_t len, mfk_error *err)
{
    char path[] = "/tmp/mufakat-cbor-XXXXXX";
    mfk_journal_reader *jr = NULL;
    const mfk_record *r;
    int fd = mkstemp(path), rc;
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, bytes, len), (ssize_t)len);
    close(fd);
    rc = mfk_journal_reader_new(&jr, path, NULL, err);
    if (rc == MFK_OK) {
        rc = mfk_journal_reader_next(jr, &r, err);
        mfk_journal_reader_free(jr);
    }
    unlink(path);
    return rc;
}

#define TAG "\xd9\xd9\xf7"
#define FORMAT "\x66" "format"
#define VERSION "\x67version\x01"

START_TEST(journal_headers)
{
    static const struct {
        const char *bytes;
        size_t len;
        int code;
    } cases[] = {
        {B(TAG "\xa2" FORMAT "\x6fmufakat-journal" VERSION), MFK_DONE},
        {B(TAG "\xa2" VERSION FORMAT "\x6fmufakat-journal"), MFK_DONE},
        {B(TAG "\xa2" FORMAT "\x01" VERSION), MFK_EFORMAT},
        {B(TAG "\xa2" FORMAT "\x6fmufakat-journey" VERSION), MFK_EFORMAT},
        {B(TAG "\xa2" FORMAT "\x67mufakat" VERSION), MFK_EFORMAT},
        {B(TAG "\xa3\x66" "formax\x6fmufakat-journal\x01\x02" VERSION),
         MFK_EFORMAT},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mfk_error err;
        int rc = journal_of(cases[i].bytes, cases[i].len, &err);
        ck_assert_msg(rc == cases[i].code, "header %zu: %s", i,
                      mfk_err_name(rc));
        if (rc == MFK_EFORMAT) {
            ck_assert_int_eq(err.offset, 0);
            ck_assert_ptr_nonnull(strstr(err.message, "not a mufakat"));
        }
    }
}
END_TEST

Suite *cbor_suite(void)
{
    Suite *s = suite_create("cbor");
    TCase *tc = test_case("twins");
    tcase_add_test(tc, twin_plain);
    tcase_add_test(tc, twin_canonical);
    tcase_add_test(tc, twin_tagged);
    tcase_add_test(tc, twin_indefinite);
    suite_add_tcase(s, tc);
    tc = test_case("errors");
    tcase_add_loop_test(tc, syntax_errors, 0,
                        (int)(sizeof bad_cases / sizeof bad_cases[0]));
    tcase_add_loop_test(tc, values_as_json, 0,
                        (int)(sizeof value_cases / sizeof value_cases[0]));
    tcase_add_test(tc, errors_without_detail);
    tcase_add_test(tc, model_errors_have_pointers);
    tcase_add_test(tc, numbers_of_any_width);
    tcase_add_test(tc, journal_headers);
    suite_add_tcase(s, tc);
    tc = test_case("hostile");
    tcase_add_test(tc, hostile_huge_array);
    tcase_add_test(tc, hostile_deep_nesting);
    tcase_add_test(tc, hostile_huge_string);
    tcase_add_test(tc, hostile_deep_strings);
    tcase_add_test(tc, hostile_too_many_items);
    suite_add_tcase(s, tc);
    tc = test_case("memory");
    tcase_add_test(tc, read_cbor_allocation_failures);
    tcase_add_test(tc, read_cbor_json_allocation_failures);
    suite_add_tcase(s, tc);
    return s;
}
