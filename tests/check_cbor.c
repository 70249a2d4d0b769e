/* Tests: scenarios in CBOR, the bounded reader and its refusals. */
#include "tests.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define DEMO_JSON MFK_TEST_DATA "/../../examples/asean-amm.json"
#define CBOR_DIR MFK_TEST_DATA "/cbor/"

/* Two scenarios run alike: same body, and every proposal's consultation
 * gives the same rounds, stances, flags, positions, outcome, participants
 * and violations. Shared with check_scenario.c. */
void assert_same_runs(mfk_scenario *a, mfk_scenario *b);
void assert_same_runs(mfk_scenario *a, mfk_scenario *b)
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
    assert_same_runs(j, c);
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

/* ---- records ---------------------------------------------------------- */

/* Two members, the Chair AA; P1 blocked by BB in round 1, amended, then
 * adopted in round 2; no-coercion reported (sanctions touching BB). */
static const char record_scenario[] =
    "{\"mufakat\": 1, \"body\": {\"name\": \"B\", \"members\": [{\"id\": "
    "\"AA\"}, {\"id\": \"BB\"}], \"chair\": \"AA\", \"principles\": "
    "{\"no-coercion\": \"report\"}}, \"proposals\": [{\"id\": \"P1\", "
    "\"title\": \"T\", \"pillar\": \"economic\", \"component\": \"norms\", "
    "\"sponsors\": [\"AA\"], \"concerns\": [\"BB\"], \"parties\": [\"BB\"], "
    "\"consent\": [\"BB\"], \"measures\": [\"statement\", \"sanctions\"], "
    "\"position\": [0.5], \"rounds\": [{\"stances\": {\"AA\": \"join\", "
    "\"BB\": \"object\"}, \"amend\": {\"position\": [0.25], \"text\": "
    "\"T2\"}}, {\"stances\": {\"AA\": \"join\", \"BB\": \"join\"}}]}]}";
#define RECORD_TIME "2026-01-02T03:04:05Z"

struct made {
    mfk_scenario *s;
    mfk_consultation *c;
};

static void make_consultation(struct made *m, const char *json)
{
    mfk_error err;
    ck_assert_msg(mfk_scenario_read_json(&m->s, json, strlen(json), NULL,
                                         &err) == MFK_OK,
                  "%s: %s", err.pointer, err.message);
    ck_assert_int_eq(mfk_scenario_consult(m->s, 0, NULL, &m->c), MFK_OK);
}

static void free_made(struct made *m)
{
    mfk_consultation_free(m->c);
    mfk_scenario_free(m->s);
}

/* The record's encoding in format 1 (0.1's, which a journal of version
 * 1 keeps), in a buffer of *len bytes to free: the record goes through
 * such a journal and comes back of format 1. */
static unsigned char *base_record(size_t *len)
{
    static const unsigned char header1[] =
        "\xd9\xd9\xf7\xa2\x66" "format" "\x6f" "mufakat-journal"
        "\x67" "version" "\x01";
    char path[] = "/tmp/mfk-cbor-XXXXXX";
    struct made m;
    mfk_record *r, *back;
    mfk_journal *j;
    mfk_journal_reader *jr;
    const mfk_record *read;
    mfk_error err;
    unsigned char *buf;
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, header1, sizeof header1 - 1),
                     (ssize_t)sizeof header1 - 1);
    close(fd);
    make_consultation(&m, record_scenario);
    ck_assert_int_eq(mfk_record_new(&r, m.c, RECORD_TIME, NULL), MFK_OK);
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_OK);
    ck_assert_int_eq(mfk_journal_version(j), 1);
    ck_assert_int_eq(mfk_journal_append(j, r, &err), MFK_OK);
    ck_assert_int_eq(mfk_journal_close(j), MFK_OK);
    mfk_record_free(r);
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err), MFK_OK);
    ck_assert_int_eq(mfk_journal_reader_next(jr, &read, &err), MFK_OK);
    ck_assert_uint_eq(mfk_record_format(read), 1);
    ck_assert_int_eq(mfk_record_encode(read, NULL, 0, len), MFK_ERANGE);
    buf = malloc(*len);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(mfk_record_encode(read, buf, *len, len), MFK_OK);
    mfk_journal_reader_free(jr);
    unlink(path);
    ck_assert_int_eq(mfk_record_decode(&back, buf, *len, NULL, NULL, &err),
                     MFK_OK);
    free(buf);
    ck_assert_int_eq(mfk_record_set_seq(back, 7), MFK_OK);
    ck_assert_int_eq(mfk_record_encode(back, NULL, 0, len), MFK_ERANGE);
    buf = malloc(*len);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(mfk_record_encode(back, buf, *len, len), MFK_OK);
    mfk_record_free(back);
    free_made(&m);
    return buf;
}

/* Where s (n bytes) is in buf; asserts that it is there once. */
static size_t find_once(const unsigned char *buf, size_t len, const char *s,
                        size_t n)
{
    size_t i, at = len;
    for (i = 0; i + n <= len; i++)
        if (memcmp(buf + i, s, n) == 0) {
            ck_assert_msg(at == len, "found twice: %.*s", (int)n, s);
            at = i;
        }
    ck_assert_msg(at < len, "not found: %.*s", (int)n, s);
    return at;
}

/* buf with `find` replaced by `repl`, into out (room for len + 64). */
static size_t replace(unsigned char *out, const unsigned char *buf,
                      size_t len, const char *find, size_t flen,
                      const char *repl, size_t rlen)
{
    size_t at = find_once(buf, len, find, flen);
    memcpy(out, buf, at);
    memcpy(out + at, repl, rlen);
    memcpy(out + at + rlen, buf + at + flen, len - at - flen);
    return len - flen + rlen;
}

/* Decodes with the counting allocator: the record is set exactly on
 * success, and nothing is left live once it is freed. With out, a
 * record decoded again with libc's allocator is kept there. */
static int decode_counted(const unsigned char *buf, size_t len,
                          mfk_record **out, mfk_error *err)
{
    test_alloc t;
    mfk_record *r = NULL;
    int rc;
    test_alloc_init(&t);
    rc = mfk_record_decode(&r, buf, len, NULL, &t.a, err);
    ck_assert(rc == MFK_OK ? r != NULL : r == NULL);
    mfk_record_free(r);
    ck_assert_uint_eq(t.live, 0);
    if (out != NULL && rc == MFK_OK)
        ck_assert_int_eq(mfk_record_decode(out, buf, len, NULL, NULL, err),
                         MFK_OK);
    return rc;
}

struct mutation {
    const char *what;
    const char *find; /* in the base record, replaced by repl */
    size_t flen;
    const char *repl;
    size_t rlen;
    const char *anchor; /* in the changed one: err->offset is there + at */
    size_t alen;
    long long at;
    const char *message; /* a part of it */
};

#define S(s) s, sizeof s - 1
/* The root map gains a pair, from 13 to 14 (what[0] == '+'). */
#define ROOT_HEAD "\xad\x63seq"
#define ROOT_HEAD_MORE "\xae\x63seq"

static const struct mutation mutations[] = {
    {"key not text", S("\x63seq\x07"), S("\x01\x07"), S("\xad\x01"), 1,
     "expected a text key, found an integer"},
    {"key twice", S("\x64" "body\x61" "B"), S("\x63seq\x07"),
     S("\x63seq\x07\x64time"), 0, "duplicate key \"seq\""},
    {"unknown key", S("\x64" "body"), S("\x64" "bodx"), S("\x64" "bodx"), 0,
     "unknown key \"bodx\" in a record"},
    {"one-letter key", S("\x64" "body\x61" "B"), S("\x61x\x61" "B"),
     S("\x61x\x61" "B"), 0, "unknown key \"x\" in a record"},
    {"x but no dash", S("\x64" "body"), S("\x64xbod"), S("\x64xbod"), 0,
     "unknown key \"xbod\""},
    {"long unknown key", S("\x64" "body"), S("\x78\x3c" LONG_KEY_60),
     S("\x78\x3c"), 0,
     "unknown key \"member-of-the-association-of-southeast-a\" in a"},
    {"a key of an extension", S("\x64" "body\x61" "B"), S("\x62x-\x61" "B"),
     S(ROOT_HEAD), 0, "a record has no \"body\""},
    {"format too high", S("\x67mufakat\x01"), S("\x67mufakat\x03"),
     S("\x67mufakat\x03"), 8, "record format 3: expected 1 or 2"},
    {"format 0", S("\x67mufakat\x01"), S("\x67mufakat\x00"),
     S("\x67mufakat\x00"), 8, "record format 0: expected 1"},
    {"format as text", S("\x67mufakat\x01"), S("\x67mufakat\x61" "1"),
     S("\x67mufakat"), 8, "expected an unsigned integer, found a text"},
    {"seq negative", S("\x63seq\x07"), S("\x63seq\x26"), S("\x63seq"), 4,
     "expected an unsigned integer, found an integer"},
    {"time not text", S("\x64time\x74" "2026-01-02T03:04:05Z"),
     S("\x64time\x00"), S("\x64time"), 5, "expected a time, found an integer"},
    {"time not a time", S("2026-01-02T"), S("2026-13-02T"), S("\x64time"), 5,
     "expected a time in RFC 3339, UTC"},
    {"body not text", S("\x64" "body\x61" "B"), S("\x64" "body\x01"),
     S("\x64" "body"), 5, "expected a text string, found an integer"},
    {"no members", S("\x67members\x82\x62" "AA\x62" "BB"), S("\x67members\x80"),
     S("\x67members\x80"), 8, "0 members: expected 1 to 4096"},
    {"members a map", S("\x67members\x82\x62" "AA\x62" "BB"),
     S("\x67members\xa0"), S("\x67members\xa0"), 8,
     "expected an array of member ids, found a map"},
    {"member id not text", S("\x67members\x82\x62" "AA"),
     S("\x67members\x82\x01"), S("\x67members\x82"), 9,
     "expected a text string, found an integer"},
    {"chair not text", S("\x65" "chair\x62" "AA"), S("\x65" "chair\x01"),
     S("\x65" "chair"), 6, "expected a member's id, found an integer"},
    {"chair not a member", S("\x65" "chair\x62" "AA"), S("\x65" "chair\x61" "A"),
     S("\x65" "chair"), 6, "\"A\" is not among the members"},
    {"chair's long id", S("\x65" "chair\x62" "AA"),
     S("\x65" "chair\x78\x3c" LONG_KEY_60), S("\x65" "chair"), 6,
     "\"member-of-the-association-of-southeast-a\" is not among"},
    {"proposal not a map", S("\x67outcome\x67" "adopted\x68proposal"),
     S("\x68proposal\x67" "adopted\x67outcome"), S("\x68proposal"), 9,
     "expected the proposal, found a text string"},
    {"proposal without id", S("\x62id\x62P1"), S("\x62x-\x62P1"),
     S("\xaa\x62x-"), 0, "the proposal has no \"id\""},
    {"proposal's unknown key", S("\x65title"), S("\x65titlf"), S("\x65titlf"),
     0, "unknown key \"titlf\" in the proposal"},
    {"proposal id not text", S("\x62id\x62P1"), S("\x62id\x01"),
     S("\x62id\x01"), 3, "expected a text string, found an integer"},
    {"rule not text", S("\x64rule\x69" "consensus"), S("\x64rule\xf6"),
     S("\x64rule"), 5, "expected rule, found null"},
    {"unknown rule", S("\x69" "consensus"), S("\x69" "consensos"),
     S("\x69" "consensos"), 0, "unknown rule \"consensos\""},
    {"unknown rule, long", S("\x69" "consensus"),
     S("\x78\x3d" LONG_KEY_60 "s"), S("\x78\x3d"), 0,
     "unknown rule \"member-of-the-association-of-southeast-a\""},
    {"title not text", S("\x65title\x61T"), S("\x65title\xf7"),
     S("\x65title"), 6, "expected a text string, found undefined"},
    {"unknown pillar", S("\x68" "economic"), S("\x68" "economix"),
     S("\x68" "economix"), 0, "unknown pillar \"economix\""},
    {"consent not an array", S("\x67" "consent\x81\x62" "BB"),
     S("\x67" "consent\x62" "BB"), S("\x67" "consent"), 8,
     "expected an array of member ids, found a text string"},
    {"consent of a stranger", S("\x67" "consent\x81\x62" "BB"),
     S("\x67" "consent\x81\x62" "CC"), S("\x62" "CC"), 0,
     "\"CC\" is not among the members"},
    {"sponsor a stranger", S("\x68sponsors\x81\x62" "AA"),
     S("\x68sponsors\x81\x62" "ZZ"), S("\x62ZZ"), 0,
     "\"ZZ\" is not among the members"},
    {"measures not an array", S("\x68measures\x82\x69statement\x69sanctions"),
     S("\x68measures\xf5"), S("\x68measures"), 9,
     "expected an array of measures, found true"},
    {"measure not text", S("\x69statement"), S("\x41x"),
     S("\x68measures\x82"), 10, "expected measure, found a byte string"},
    {"unknown measure", S("\x69statement"), S("\x69statemenx"),
     S("\x69statemenx"), 0, "unknown measure \"statemenx\""},
    {"unknown component", S("\x65norms"), S("\x65normx"), S("\x65normx"), 0,
     "unknown component \"normx\""},
    {"+versions not an array", S("\x68versions\x82"),
     S("\x68versions\x01\x68x-versio\x82"), S("\x68versions"), 9,
     "expected an array of versions, found an integer"},
    {"no versions",
     S("\x68versions\x82\xa1\x68position\x81\xf9\x38\x00\xa2\x64text\x62T2"
       "\x68position\x81\xf9\x34\x00"),
     S("\x68versions\x80"), S("\x68versions"), 9,
     "no versions: expected the original text"},
    {"version not a map", S("\x68versions\x82\xa1\x68position\x81\xf9\x38\x00"),
     S("\x68versions\x82\x01"), S("\x68versions"), 10,
     "expected a version, found an integer"},
    {"version's unknown key", S("\xa1\x68position"), S("\xa1\x68positiom"),
     S("\x68positiom"), 0, "unknown key \"positiom\" in a version"},
    {"version text not text", S("\x64text\x62T2"), S("\x64text\x01"),
     S("\x64text"), 5, "expected a text string, found an integer"},
    {"position not an array", S("\xa1\x68position\x81\xf9\x38\x00"),
     S("\xa1\x68position\xf9\x38\x00"), S("\xa1\x68position"), 10,
     "expected a position, found a float"},
    {"position empty", S("\xa1\x68position\x81\xf9\x38\x00"),
     S("\xa1\x68position\x80"), S("\xa1\x68position"), 10,
     "a position of 0 numbers: expected 1 to 16"},
    {"position of 17", S("\xa1\x68position\x81\xf9\x38\x00"),
     S("\xa1\x68position\x91\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"),
     S("\xa1\x68position"), 10, "a position of 17 numbers"},
    {"positions of 1 and 2", S("\x62T2\x68position\x81\xf9\x34\x00"),
     S("\x62T2\x68position\x82\xf9\x34\x00\xf9\x34\x00"), S("\x62T2"), 12,
     "a position of 2 numbers: expected 1 to 16, the same in every"},
    {"position not a number", S("\x81\xf9\x38\x00"), S("\x81\xf6"),
     S("\x81\xf6"), 1, "expected a number, found null"},
    {"position NaN", S("\x81\xf9\x38\x00"), S("\x81\xf9\x7e\x00"),
     S("\x81\xf9\x7e"), 1, "NaN: expected a finite number"},
    {"position infinite", S("\x81\xf9\x38\x00"), S("\x81\xfa\xff\x80\0\0"),
     S("\x81\xfa"), 1, "an infinity: expected a finite number"},
    {"+rounds not an array", S("\x66rounds\x82"),
     S("\x66rounds\x01\x66x-roun\x82"), S("\x66rounds"), 7,
     "expected an array of rounds, found an integer"},
    {"round not a map", S("\x66rounds\x82"), S("\x66rounds\x83\x01"),
     S("\x66rounds"), 8, "expected a round, found an integer"},
    {"round without number", S("\x65round\x01"), S("\x65x-rnd\x01"),
     S("\x65x-rnd"), -1, "a round has no \"round\""},
    {"round's unknown key", S("\x67verdict\x67" "blocked"),
     S("\x67verdicx\x67" "blocked"), S("\x67verdicx"), 0,
     "unknown key \"verdicx\" in a round"},
    {"round 2 first", S("\x65round\x01"), S("\x65round\x02"),
     S("\x66rounds\x82\xa5\x65round"), 15, "round 2: expected 1"},
    {"round 1001", S("\x65round\x01"), S("\x65round\x19\x03\xe9"),
     S("\x65round\x19"), 6, "1001 is out of range (at most 1000)"},
    {"round as text", S("\x65round\x01"), S("\x65round\x61" "1"),
     S("\x66rounds\x82\xa5\x65round"), 15,
     "expected an unsigned integer, found a text string"},
    {"stances not an array", S("\x67stances\x82\x64join\x66object"),
     S("\x67stances\xf4"), S("\x67stances\xf4"), 8,
     "expected an array of stances, found false"},
    {"one stance of two", S("\x67stances\x82\x64join\x66object"),
     S("\x67stances\x81\x64join"), S("\x67stances\x81"), 8,
     "1 stances: expected one per member (2)"},
    {"unknown stance", S("\x66object"), S("\x66objekt"), S("\x66objekt"), 0,
     "unknown stance \"objekt\""},
    {"unknown verdict", S("\x67" "blocked"), S("\x67" "blocker"),
     S("\x67" "blocker"), 0, "unknown verdict \"blocker\""},
    {"version out of range", S("\x67version\x00"), S("\x67version\x02"),
     S("\x67version\x02"), 8, "2 is out of range (at most 1)"},
    {"blockers not an array", S("\x68" "blockers\x80"), S("\x68" "blockers\xf6"),
     S("\x68" "blockers\xf6"), 9, "expected an array of member ids, found null"},
    {"blocker a stranger", S("\x68" "blockers\x81\x62" "BB"),
     S("\x68" "blockers\x81\x62" "CC"), S("\x62" "CC"), 0,
     "\"CC\" is not among the members"},
    {"+violations not an array", S("\x6aviolations\x81"),
     S("\x6aviolations\x01\x6ax-violatio\x81"), S("\x6aviolations"), 11,
     "expected an array of violations, found an integer"},
    {"violation not a map", S("\x6aviolations\x81"),
     S("\x6aviolations\x82\x01"), S("\x6aviolations"), 12,
     "expected a violation, found an integer"},
    {"violation without mode", S("\x64mode"), S("\x64x-mo"), S("\xa3\x64x-mo"),
     0, "a violation has no \"mode\""},
    {"violation's unknown key", S("\x69principle"), S("\x69principlf"),
     S("\x69principlf"), 0, "unknown key \"principlf\" in a violation"},
    {"unknown mode", S("\x66report"), S("\x66repord"), S("\x66repord"), 0,
     "unknown mode \"repord\""},
    {"violation's members not an array",
     S("\x67members\x81\x62" "BB\x69principle"), S("\x67members\xf6\x69principle"),
     S("\x67members\xf6"), 8, "expected an array of member ids, found null"},
    {"principle not text", S("\x69principle\x6bno-coercion"),
     S("\x69principle\x01"), S("\x69principle\x01"), 10,
     "expected a text string, found an integer"},
    {"admissible not a boolean", S("\x6a" "admissible\xf5"),
     S("\x6a" "admissible\xf6"), S("\x6a" "admissible"), 11,
     "expected true or false, found null"},
    {"unknown outcome", S("\x67" "adopted\x68proposal"),
     S("\x67" "adoptex\x68proposal"), S("\x67" "adoptex"), 0,
     "unknown outcome \"adoptex\""},
    {"participant a stranger", S("\x6cparticipants\x82\x62" "AA\x62" "BB"),
     S("\x6cparticipants\x82\x62" "AA\x62" "CC"), S("\x62" "CC"), 0,
     "\"CC\" is not among the members"},
    {"participants not an array", S("\x6cparticipants\x82\x62" "AA\x62" "BB"),
     S("\x6cparticipants\x01"), S("\x6cparticipants"), 13,
     "expected an array of member ids, found an integer"},
};

START_TEST(record_field_errors)
{
    const struct mutation *m = &mutations[_i];
    size_t len, n, at;
    unsigned char *base = base_record(&len), *buf = malloc(len + 128);
    mfk_error err;
    int rc;
    ck_assert_ptr_nonnull(buf);
    n = replace(buf, base, len, m->find, m->flen, m->repl, m->rlen);
    if (m->what[0] == '+')
        memcpy(buf, ROOT_HEAD_MORE, 1);
    rc = decode_counted(buf, n, NULL, &err);
    ck_assert_msg(rc == MFK_EFORMAT, "%s: got %s", m->what, mfk_err_name(rc));
    ck_assert_int_eq(err.code, MFK_EFORMAT);
    at = find_once(buf, n, m->anchor, m->alen);
    ck_assert_msg(err.offset == (long long)at + m->at,
                  "%s: offset %lld, not %lld (%s)", m->what, err.offset,
                  (long long)at + m->at, err.message);
    ck_assert_msg(strstr(err.message, m->message) != NULL,
                  "%s: message \"%s\" lacks \"%s\"", m->what, err.message,
                  m->message);
    /* Without a place for the detail, the code is the same. */
    ck_assert_int_eq(mfk_record_decode(&(mfk_record *){NULL}, buf, n, NULL,
                                       NULL, NULL),
                     MFK_EFORMAT);
    free(buf);
    free(base);
}
END_TEST

/* Everything the base record holds reads back as it was made. */
START_TEST(record_reads_back)
{
    size_t len, used, v;
    unsigned char *base = base_record(&len), *buf = malloc(len + 1);
    const unsigned char *st, *bl, *vm;
    const double *pos;
    const char *text;
    mfk_verdict verdict;
    mfk_mode mode;
    mfk_record *r;
    mfk_error err;
    ck_assert_ptr_nonnull(buf);
    memcpy(buf, base, len);
    buf[len] = 0x00; /* the next item of a sequence */
    ck_assert_int_eq(mfk_record_decode(&r, buf, len + 1, &used, NULL, &err),
                     MFK_OK);
    ck_assert_uint_eq(used, len);
    ck_assert_uint_eq(mfk_record_seq(r), 7);
    ck_assert_str_eq(mfk_record_time(r), RECORD_TIME);
    ck_assert_str_eq(mfk_record_body(r), "B");
    ck_assert_uint_eq(mfk_record_member_count(r), 2);
    ck_assert_str_eq(mfk_record_member(r, 0), "AA");
    ck_assert_str_eq(mfk_record_member(r, 1), "BB");
    ck_assert_ptr_null(mfk_record_member(r, 2));
    ck_assert_str_eq(mfk_record_chair(r), "AA");
    ck_assert_str_eq(mfk_record_proposal_id(r), "P1");
    ck_assert_str_eq(mfk_record_title(r), "T");
    ck_assert_int_eq(mfk_record_pillar(r), MFK_PILLAR_ECONOMIC);
    ck_assert_int_eq(mfk_record_component(r), MFK_COMPONENT_NORMS);
    ck_assert_uint_eq(mfk_record_measures(r),
                      MFK_MEASURE_STATEMENT | MFK_MEASURE_SANCTIONS);
    ck_assert_int_eq(mfk_record_rule(r), MFK_RULE_CONSENSUS);
    ck_assert_uint_eq(mfk_record_roles(r, 0), MFK_ROLE_SPONSOR);
    ck_assert_uint_eq(mfk_record_roles(r, 1),
                      MFK_ROLE_CONCERN | MFK_ROLE_PARTY | MFK_ROLE_CONSENT);
    ck_assert_uint_eq(mfk_record_roles(r, 2), 0);
    ck_assert_uint_eq(mfk_record_dims(r), 1);
    ck_assert_uint_eq(mfk_record_version_count(r), 2);
    ck_assert_int_eq(mfk_record_version(r, 0, &text, &pos), MFK_OK);
    ck_assert_ptr_null(text);
    ck_assert(pos[0] == 0.5);
    ck_assert_int_eq(mfk_record_version(r, 1, &text, NULL), MFK_OK);
    ck_assert_str_eq(text, "T2");
    ck_assert_int_eq(mfk_record_version(r, 1, NULL, &pos), MFK_OK);
    ck_assert(pos[0] == 0.25);
    ck_assert_int_eq(mfk_record_version(r, 2, &text, &pos), MFK_EINVAL);
    ck_assert_uint_eq(mfk_record_rounds(r), 2);
    ck_assert_int_eq(mfk_record_round(r, 1, &st, &bl, &verdict, &v), MFK_OK);
    ck_assert_int_eq(st[0], MFK_JOIN);
    ck_assert_int_eq(st[1], MFK_OBJECT);
    ck_assert(bl[0] == 0 && bl[1] == 1);
    ck_assert_int_eq(verdict, MFK_VERDICT_BLOCKED);
    ck_assert_uint_eq(v, 0);
    ck_assert_int_eq(mfk_record_round(r, 2, NULL, NULL, &verdict, NULL),
                     MFK_OK);
    ck_assert_int_eq(verdict, MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(mfk_record_round(r, 2, &st, &bl, NULL, &v), MFK_OK);
    ck_assert(st[1] == MFK_JOIN && bl[1] == 0 && v == 1);
    ck_assert_int_eq(mfk_record_round(r, 0, &st, &bl, &verdict, &v),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_record_round(r, 3, &st, &bl, &verdict, &v),
                     MFK_EINVAL);
    ck_assert_uint_eq(mfk_record_violation_count(r), 1);
    ck_assert_int_eq(mfk_record_violation(r, 0, &text, &mode, &vm), MFK_OK);
    ck_assert_str_eq(text, "no-coercion");
    ck_assert_int_eq(mode, MFK_MODE_REPORT);
    ck_assert(vm[0] == 0 && vm[1] == 1);
    ck_assert_int_eq(mfk_record_violation(r, 0, NULL, NULL, NULL), MFK_OK);
    ck_assert_int_eq(mfk_record_violation(r, 1, &text, &mode, &vm),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_record_admissible(r), 1);
    ck_assert_int_eq(mfk_record_outcome(r), MFK_OUTCOME_ADOPTED);
    ck_assert(mfk_record_participants(r)[0] == 1 &&
              mfk_record_participants(r)[1] == 1);
    /* used is optional; the record encodes to the bytes it came from. */
    mfk_record_free(r);
    ck_assert_int_eq(mfk_record_decode(&r, base, len, NULL, NULL, NULL),
                     MFK_OK);
    ck_assert_int_eq(mfk_record_encode(r, buf, len, &used), MFK_OK);
    ck_assert_uint_eq(used, len);
    ck_assert(memcmp(buf, base, len) == 0);
    ck_assert_int_eq(mfk_record_encode(r, buf, len - 1, &used), MFK_ERANGE);
    ck_assert_uint_eq(used, len);
    mfk_record_free(r);
    free(buf);
    free(base);
}
END_TEST

/* What a record without a record has: nothing, and EINVAL. */
START_TEST(record_queries_refuse_null)
{
    const char *text;
    const double *pos;
    const unsigned char *st;
    mfk_verdict verdict;
    mfk_mode mode;
    size_t v, len;
    ck_assert_uint_eq(mfk_record_seq(NULL), 0);
    ck_assert_int_eq(mfk_record_set_seq(NULL, 3), MFK_EINVAL);
    ck_assert_ptr_null(mfk_record_time(NULL));
    ck_assert_ptr_null(mfk_record_body(NULL));
    ck_assert_uint_eq(mfk_record_member_count(NULL), 0);
    ck_assert_ptr_null(mfk_record_member(NULL, 0));
    ck_assert_ptr_null(mfk_record_chair(NULL));
    ck_assert_ptr_null(mfk_record_proposal_id(NULL));
    ck_assert_ptr_null(mfk_record_title(NULL));
    ck_assert_int_eq(mfk_record_pillar(NULL), MFK_PILLAR_POLITICAL_SECURITY);
    ck_assert_int_eq(mfk_record_component(NULL),
                     MFK_COMPONENT_POLITICAL_DEVELOPMENT);
    ck_assert_uint_eq(mfk_record_measures(NULL), 0);
    ck_assert_int_eq(mfk_record_rule(NULL), MFK_RULE_CONSENSUS);
    ck_assert_uint_eq(mfk_record_roles(NULL, 0), 0);
    ck_assert_uint_eq(mfk_record_dims(NULL), 0);
    ck_assert_uint_eq(mfk_record_version_count(NULL), 0);
    ck_assert_int_eq(mfk_record_version(NULL, 0, &text, &pos), MFK_EINVAL);
    ck_assert_uint_eq(mfk_record_rounds(NULL), 0);
    ck_assert_int_eq(mfk_record_round(NULL, 1, &st, &st, &verdict, &v),
                     MFK_EINVAL);
    ck_assert_uint_eq(mfk_record_violation_count(NULL), 0);
    ck_assert_int_eq(mfk_record_violation(NULL, 0, &text, &mode, &st),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_record_admissible(NULL), 0);
    ck_assert_int_eq(mfk_record_outcome(NULL), MFK_OUTCOME_NO_OUTCOME);
    ck_assert_ptr_null(mfk_record_participants(NULL));
    ck_assert_int_eq(mfk_record_encode(NULL, NULL, 0, &len), MFK_EINVAL);
    mfk_record_free(NULL);
}
END_TEST

START_TEST(record_new_refusals)
{
    struct made m;
    mfk_record *r = (mfk_record *)&m;
    mfk_consultation *open;
    size_t len;
    make_consultation(&m, record_scenario);
    ck_assert_int_eq(mfk_record_new(NULL, m.c, RECORD_TIME, NULL),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_record_new(&r, NULL, RECORD_TIME, NULL), MFK_EINVAL);
    ck_assert_ptr_null(r);
    /* A NULL time is now. */
    ck_assert_int_eq(mfk_record_new(&r, m.c, NULL, NULL), MFK_OK);
    ck_assert_uint_eq(strlen(mfk_record_time(r)), 20);
    mfk_record_free(r);
    ck_assert_int_eq(mfk_consultation_new(&open, mfk_scenario_body(m.s),
                                          mfk_scenario_proposal(m.s, 0),
                                          NULL),
                     MFK_OK);
    ck_assert_int_eq(mfk_record_new(&r, open, RECORD_TIME, NULL),
                     MFK_ESTATE);
    ck_assert_ptr_null(r);
    mfk_consultation_free(open);
    ck_assert_int_eq(mfk_record_new(&r, m.c, RECORD_TIME, NULL), MFK_OK);
    ck_assert_int_eq(mfk_record_encode(r, NULL, 0, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_record_encode(r, NULL, 0, &len), MFK_ERANGE);
    ck_assert_uint_gt(len, 100);
    mfk_record_free(r);
    free_made(&m);
}
END_TEST

/* Times in RFC 3339, UTC: each field in its range, a fraction of any
 * length but less than 40 characters in all. */
START_TEST(record_times)
{
    static const struct {
        const char *time;
        int code;
    } cases[] = {
        {"2026-01-02T03:04:05Z", MFK_OK},
        {"0000-12-31T23:59:59Z", MFK_OK},
        {"0000-12-31T23:59:60Z", MFK_EINVAL}, /* no leap second */
        {"2026-01-02T03:04:05.5Z", MFK_OK},
        {"2026-01-02T03:04:05.1234567890123456Z", MFK_OK},
        {"2026-01-02T03:04:05.1234567890123456789Z", MFK_EINVAL},
        {"2026-01-02T03:04:5Z", MFK_EINVAL},
        {"20/6-01-02T03:04:05Z", MFK_EINVAL},
        {"20x6-01-02T03:04:05Z", MFK_EINVAL},
        {"2026/01-02T03:04:05Z", MFK_EINVAL},
        {"2026-00-02T03:04:05Z", MFK_EINVAL},
        {"2026-13-02T03:04:05Z", MFK_EINVAL},
        {"2026-01/02T03:04:05Z", MFK_EINVAL},
        {"2026-01-32T03:04:05Z", MFK_EINVAL},
        {"2026-01-02 03:04:05Z", MFK_EINVAL},
        {"2026-01-02T24:04:05Z", MFK_EINVAL},
        {"2026-01-02T03-04:05Z", MFK_EINVAL},
        {"2026-01-02T03:60:05Z", MFK_EINVAL},
        {"2026-01-02T03:04-05Z", MFK_EINVAL},
        {"2026-01-02T03:04:61Z", MFK_EINVAL},
        {"2026-01-02T03:04:05y", MFK_EINVAL},
        {"2026-01-02T03:04:05,5Z", MFK_EINVAL},
        {"2026-01-02T03:04:05.Z", MFK_EINVAL},
        {"2026-01-02T03:04:05.1aZ", MFK_EINVAL},
        {"2026-01-02T03:04:05.1/Z", MFK_EINVAL},
    };
    struct made m;
    size_t i;
    make_consultation(&m, record_scenario);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mfk_record *r = NULL;
        int rc = mfk_record_new(&r, m.c, cases[i].time, NULL);
        ck_assert_msg(rc == cases[i].code, "%s: %s", cases[i].time,
                      mfk_err_name(rc));
        if (rc == MFK_OK)
            ck_assert_str_eq(mfk_record_time(r), cases[i].time);
        mfk_record_free(r);
    }
    free_made(&m);
}
END_TEST

START_TEST(record_decode_refusals)
{
    size_t len;
    unsigned char *base = base_record(&len);
    mfk_record *r = (mfk_record *)base;
    mfk_error err;
    ck_assert_int_eq(mfk_record_decode(NULL, base, len, NULL, NULL, &err),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_record_decode(&r, NULL, len, NULL, NULL, &err),
                     MFK_EINVAL);
    ck_assert_ptr_null(r);
    ck_assert_str_eq(err.message, "no data");
    /* Not a map; torn; a chair that is absent, or found after a wrap. */
    ck_assert_int_eq(decode_counted((const unsigned char *)"\x80", 1, NULL,
                                    &err),
                     MFK_EFORMAT);
    ck_assert_int_eq(err.offset, 0);
    ck_assert_ptr_nonnull(strstr(err.message, "expected a record, found an "
                                              "array"));
    ck_assert_int_eq(decode_counted(base, len - 1, NULL, &err), MFK_ETORN);
    free(base);
}
END_TEST

/* The chair is optional, found wherever it is in the roster; members
 * may be named twice in a list; positions may be integers; a record
 * may be inadmissible. */
START_TEST(record_variants)
{
    static const struct {
        const char *find;
        size_t flen;
        const char *repl;
        size_t rlen;
    } cases[] = {
        {S("\x65" "chair\x62" "AA"), S("\x62x-\x62" "AA")},
        {S("\x65" "chair\x62" "AA"), S("\x65" "chair\x62" "BB")},
        {S("\x6cparticipants\x82\x62" "AA\x62" "BB"),
         S("\x6cparticipants\x82\x62" "BB\x62" "BB")},
        {S("\x81\xf9\x38\x00"), S("\x81\x01")},
        {S("\x81\xf9\x38\x00"), S("\x81\x21")},
        {S("\x62T2\x68position"), S("\x62T2\x68x-positi")},
        {S("\x6a" "admissible\xf5"), S("\x6a" "admissible\xf4")},
    };
    size_t len, n, i;
    unsigned char *base = base_record(&len), *buf = malloc(len + 64);
    const double *pos;
    mfk_error err;
    ck_assert_ptr_nonnull(buf);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mfk_record *r = NULL;
        n = replace(buf, base, len, cases[i].find, cases[i].flen,
                    cases[i].repl, cases[i].rlen);
        ck_assert_msg(decode_counted(buf, n, &r, &err) == MFK_OK,
                      "case %zu: %s", i, err.message);
        switch (i) {
        case 0:
            ck_assert_ptr_null(mfk_record_chair(r));
            break;
        case 1:
            ck_assert_str_eq(mfk_record_chair(r), "BB");
            break;
        case 2:
            ck_assert(mfk_record_participants(r)[0] == 0 &&
                      mfk_record_participants(r)[1] == 1);
            break;
        case 3:
        case 4:
            ck_assert_int_eq(mfk_record_version(r, 0, NULL, &pos), MFK_OK);
            ck_assert(pos[0] == (i == 3 ? 1.0 : -2.0));
            break;
        case 5:
            ck_assert_int_eq(mfk_record_version(r, 1, NULL, &pos), MFK_OK);
            ck_assert_ptr_null(pos);
            ck_assert_uint_eq(mfk_record_dims(r), 1);
            break;
        default:
            ck_assert_int_eq(mfk_record_admissible(r), 0);
        }
        mfk_record_free(r);
    }
    free(buf);
    free(base);
}
END_TEST

/* Positions are written in the shortest float that keeps them. */
START_TEST(record_float_forms)
{
    static const struct {
        const char *in;  /* a double, big-endian */
        const char *out; /* after "position" [ */
        size_t olen;
    } cases[] = {
        {"\x3f\xe0\0\0\0\0\0\0", S("\xf9\x38\x00")},         /* 0.5 */
        {"\x80\0\0\0\0\0\0\0", S("\xf9\x80\x00")},           /* -0 */
        {"\x40\xef\xfc\0\0\0\0\0", S("\xf9\x7b\xff")},       /* 65504 */
        {"\x3e\xb0\0\0\0\0\0\0", S("\xf9\x00\x10")},         /* 2^-20 */
        {"\x3e\x70\0\0\0\0\0\0", S("\xf9\x00\x01")},         /* 2^-24 */
        {"\x3e\x60\0\0\0\0\0\0", S("\xfa\x33\x00\x00\x00")}, /* 2^-25 */
        {"\x3e\xb0\0\0\x20\0\0\0", S("\xfa\x35\x80\x00\x01")},
        {"\x3f\xf0\x02\0\0\0\0\0", S("\xfa\x3f\x80\x10\x00")}, /* 1+2^-11 */
        {"\x37\x30\0\0\0\0\0\0", S("\xfa\x00\x00\x02\x00")}, /* 2^-140 */
        {"\x7e\x37\xe4\x3c\x88\x00\x75\x9c",
         S("\xfb\x7e\x37\xe4\x3c\x88\x00\x75\x9c")}, /* 1e300 */
    };
    size_t len, n, i, elen;
    unsigned char *base = base_record(&len), *buf = malloc(len + 64);
    unsigned char *enc = malloc(len + 64);
    ck_assert_ptr_nonnull(buf);
    ck_assert_ptr_nonnull(enc);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char repl[10] = "\x81\xfb";
        mfk_record *r;
        memcpy(repl + 2, cases[i].in, 8);
        n = replace(buf, base, len, S("\x81\xf9\x38\x00"), repl, 10);
        ck_assert_int_eq(mfk_record_decode(&r, buf, n, NULL, NULL, NULL),
                         MFK_OK);
        ck_assert_int_eq(mfk_record_encode(r, enc, len + 64, &elen), MFK_OK);
        ck_assert_uint_eq(elen, len - 3 + cases[i].olen);
        find_once(enc, elen, cases[i].out, cases[i].olen);
        mfk_record_free(r);
    }
    free(enc);
    free(buf);
    free(base);
}
END_TEST

/* Sequence numbers in heads of every width. */
START_TEST(record_seq_widths)
{
    static const unsigned long long seqs[] = {23, 24, 255, 256, 65535, 65536,
                                              0xffffffffull, 0x100000000ull,
                                              ~0ull};
    size_t len, elen, i;
    unsigned char *base = base_record(&len), *enc = malloc(len + 16);
    mfk_record *r;
    ck_assert_ptr_nonnull(enc);
    ck_assert_int_eq(mfk_record_decode(&r, base, len, NULL, NULL, NULL),
                     MFK_OK);
    for (i = 0; i < sizeof seqs / sizeof seqs[0]; i++) {
        mfk_record *back;
        ck_assert_int_eq(mfk_record_set_seq(r, seqs[i]), MFK_OK);
        ck_assert_int_eq(mfk_record_encode(r, enc, len + 16, &elen), MFK_OK);
        ck_assert_uint_eq(elen, len + (i < 1 ? 0 : i < 3 ? 1 : i < 5 ? 2
                                                      : i < 7 ? 4 : 8));
        ck_assert_int_eq(mfk_record_decode(&back, enc, elen, NULL, NULL,
                                           NULL),
                         MFK_OK);
        ck_assert_uint_eq(mfk_record_seq(back), seqs[i]);
        mfk_record_free(back);
    }
    mfk_record_free(r);
    free(enc);
    free(base);
}
END_TEST

/* More than 4 MiB is refused, whether the limit falls inside an item or
 * between two; as are more members or rounds than the library holds. */
START_TEST(record_limits)
{
    size_t big = 4u << 20, n, i;
    unsigned char *buf = calloc(big + 16, 1);
    mfk_error err;
    ck_assert_ptr_nonnull(buf);
    /* [text of 4 MiB, 0] */
    memset(buf, 'a', big + 6);
    buf[big + 6] = 0;
    memcpy(buf, "\x82\x7a\x00\x40\x00\x00", 6);
    ck_assert_int_eq(decode_counted(buf, big + 7, NULL, &err), MFK_ELIMIT);
    ck_assert_int_eq(err.offset, 0);
    ck_assert_ptr_nonnull(strstr(err.message, "larger than 4 MiB"));
    /* [text that ends at 4 MiB, 0] */
    memcpy(buf, "\x82\x7a\x00\x3f\xff\xfa", 6);
    buf[big] = 0;
    ck_assert_int_eq(decode_counted(buf, big + 1, NULL, &err), MFK_ELIMIT);
    ck_assert_int_eq(err.offset, 0);
    ck_assert_int_eq(decode_counted(buf, big + 1, NULL, NULL), MFK_ELIMIT);
    free(buf);

    /* 4097 members, and 1001 rounds, declared and present. */
    {
        size_t len;
        unsigned char *base = base_record(&len);
        char *repl = malloc(3 * 4097 + 16);
        unsigned char *rec = malloc(len + 3 * 4097 + 16);
        ck_assert_ptr_nonnull(repl);
        ck_assert_ptr_nonnull(rec);
        memcpy(repl, "\x67members\x99\x10\x01", 11);
        for (i = 0; i < 4097; i++)
            memcpy(repl + 11 + 2 * i, "\x61M", 2);
        n = replace(rec, base, len, S("\x67members\x82\x62" "AA\x62" "BB"),
                    repl, 11 + 2 * 4097);
        ck_assert_int_eq(decode_counted(rec, n, NULL, &err), MFK_EFORMAT);
        ck_assert_int_eq(err.offset,
                         find_once(rec, n, S("\x67members\x99")) + 8);
        ck_assert_ptr_nonnull(strstr(err.message, "4097 members: expected 1 "
                                                  "to 4096"));
        /* 999 rounds of 0, then the two of the base. */
        memcpy(repl, "\x66rounds\x99\x03\xe9", 10);
        memset(repl + 10, 0, 999);
        n = replace(rec, base, len, S("\x66rounds\x82"), repl, 10 + 999);
        ck_assert_int_eq(decode_counted(rec, n, NULL, &err), MFK_EFORMAT);
        ck_assert_int_eq(err.offset, find_once(rec, n, S("\x66rounds")) + 7);
        ck_assert_ptr_nonnull(strstr(err.message, "1001 rounds: at most 1000"));
        free(repl);
        free(rec);
        free(base);
    }
}
END_TEST

/* ---- records and memory -------------------------------------------- */

/* Making and decoding records is walked in check_journal.c; here,
 * making one and encoding it, which takes its memory from the record's
 * allocator. */
struct rwalk {
    struct made m;
    size_t len;
    mfk_record *r;
};

static int walk_record_encode(void *ud, const mfk_allocator *alloc)
{
    struct rwalk *w = ud;
    unsigned char buf[1024];
    size_t len;
    int rc = mfk_record_new(&w->r, w->m.c, RECORD_TIME, alloc);
    if (rc == MFK_OK)
        rc = mfk_record_encode(w->r, buf, sizeof buf, &len);
    if (rc == MFK_OK)
        ck_assert_uint_eq(len, w->len);
    return rc;
}

static void walk_record_cleanup(void *ud)
{
    struct rwalk *w = ud;
    mfk_record_free(w->r);
    w->r = NULL;
}

START_TEST(record_encode_allocation_failures)
{
    struct rwalk w;
    mfk_record *r;
    memset(&w, 0, sizeof w);
    make_consultation(&w.m, record_scenario);
    /* The length that a record made without faults has (format 2). */
    ck_assert_int_eq(mfk_record_new(&r, w.m.c, RECORD_TIME, NULL), MFK_OK);
    ck_assert_int_eq(mfk_record_encode(r, NULL, 0, &w.len), MFK_ERANGE);
    mfk_record_free(r);
    ck_assert_uint_gt(test_alloc_walk(walk_record_encode, walk_record_cleanup,
                                      &w),
                      6);
    free_made(&w.m);
}
END_TEST

/* A record whose encoding passes 4 MiB is not encoded. */
START_TEST(record_too_large_to_encode)
{
    static const char head[] =
        "{\"mufakat\": 1, \"body\": {\"name\": \"B\", \"members\": [{\"id\": "
        "\"AA\"}]}, \"proposals\": [{\"id\": \"P1\", \"title\": \"";
    static const char tail[] =
        "\", \"rounds\": [{\"stances\": {\"AA\": \"join\"}}]}]}";
    size_t title = (4u << 20) + 1, n = sizeof head - 1, len;
    char *json = malloc(n + title + sizeof tail);
    struct made m;
    mfk_record *r;
    ck_assert_ptr_nonnull(json);
    memcpy(json, head, n);
    memset(json + n, 'a', title);
    memcpy(json + n + title, tail, sizeof tail);
    make_consultation(&m, json);
    ck_assert_int_eq(mfk_record_new(&r, m.c, RECORD_TIME, NULL), MFK_OK);
    ck_assert_uint_eq(strlen(mfk_record_title(r)), title);
    ck_assert_int_eq(mfk_record_encode(r, NULL, 0, &len), MFK_ELIMIT);
    mfk_record_free(r);
    free_made(&m);
    free(json);
}
END_TEST

/* jansson's own allocations, made to fail in turn (the library's counted
 * too): MFK_ENOMEM and "out of memory" each time, nothing leaked. */
static int json_walk_read(void *ud, const mfk_allocator *alloc)
{
    struct walk *w = ud;
    test_alloc t;
    mfk_scenario *s = NULL;
    mfk_error err;
    int rc;
    test_alloc_init(&t);
    rc = mfk_scenario_read_cbor(&s, w->data, w->len, &t.a, &err);
    mfk_scenario_free(s);
    ck_assert_uint_eq(t.live, 0);
    if (rc == MFK_ENOMEM)
        ck_assert_str_eq(err.message, "out of memory");
    return rc;
}

START_TEST(read_cbor_json_allocation_failures)
{
    struct walk w = {NULL, 0, NULL};
    w.data = slurp(CBOR_DIR "asean-amm-indefinite.cbor", &w.len);
    ck_assert_uint_gt(test_alloc_walk_jansson(json_walk_read, NULL, &w, 1),
                      100);
    free(w.data);
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
        /* The same map, its keys in another order: no header of ours
         * (a header is one of two byte strings exactly). */
        {B(TAG "\xa2" VERSION FORMAT "\x6fmufakat-journal"), MFK_EFORMAT},
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
    tc = test_case("records");
    tcase_add_loop_test(tc, record_field_errors, 0,
                        (int)(sizeof mutations / sizeof mutations[0]));
    tcase_add_test(tc, record_reads_back);
    tcase_add_test(tc, record_queries_refuse_null);
    tcase_add_test(tc, record_new_refusals);
    tcase_add_test(tc, record_times);
    tcase_add_test(tc, record_decode_refusals);
    tcase_add_test(tc, record_variants);
    tcase_add_test(tc, record_float_forms);
    tcase_add_test(tc, record_seq_widths);
    tcase_add_test(tc, record_limits);
    tcase_add_test(tc, record_too_large_to_encode);
    suite_add_tcase(s, tc);
    tc = test_case("memory");
    tcase_add_test(tc, read_cbor_allocation_failures);
    tcase_add_test(tc, read_cbor_json_allocation_failures);
    tcase_add_test(tc, record_encode_allocation_failures);
    suite_add_tcase(s, tc);
    return s;
}
