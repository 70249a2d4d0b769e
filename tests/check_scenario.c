/* Tests: scenarios written to JSON and CBOR, and read back. */
#include "tests.h"

#include <stdio.h>
#include <string.h>

#define DEMO_JSON MFK_TEST_DATA "/../../examples/asean-amm.json"
#define DECISIONS_JSON MFK_TEST_DATA "/journal/decisions.json"

/* In check_cbor.c. */
void test_same_runs(mfk_scenario *a, mfk_scenario *b);

static mfk_scenario *read_path(const char *path)
{
    mfk_scenario *s = NULL;
    mfk_error err;
    ck_assert_msg(mfk_scenario_read_file(&s, path, NULL, &err) == MFK_OK,
                  "%s: %s: %s", path, err.pointer, err.message);
    return s;
}

static char *as_json(const mfk_scenario *s, size_t *len)
{
    char *buf;
    ck_assert_int_eq(mfk_scenario_write_json(s, NULL, 0, len), MFK_ERANGE);
    buf = malloc(*len + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(mfk_scenario_write_json(s, buf, *len, len), MFK_OK);
    buf[*len] = '\0';
    return buf;
}

static unsigned char *as_cbor(const mfk_scenario *s, size_t *len)
{
    unsigned char *buf;
    ck_assert_int_eq(mfk_scenario_write_cbor(s, NULL, 0, len), MFK_ERANGE);
    buf = malloc(*len);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(mfk_scenario_write_cbor(s, buf, *len - 1, len),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_scenario_write_cbor(s, buf, *len, len), MFK_OK);
    return buf;
}

/* JSON out, JSON in: the same scenario, and writing it again gives the
 * same text. */
static void assert_json_round_trip(const char *path)
{
    mfk_scenario *a = read_path(path), *b = NULL;
    size_t la, lb;
    char *ta = as_json(a, &la), *tb;
    mfk_error err;
    ck_assert_msg(mfk_scenario_read_json(&b, ta, la, NULL, &err) == MFK_OK,
                  "%s:%d:%d: %s %s", path, err.line, err.column, err.pointer,
                  err.message);
    test_same_runs(a, b);
    ck_assert_int_eq(mfk_scenario_year(a), mfk_scenario_year(b));
    tb = as_json(b, &lb);
    ck_assert_str_eq(ta, tb);
    free(ta);
    free(tb);
    mfk_scenario_free(a);
    mfk_scenario_free(b);
}

/* CBOR out, CBOR in; and the CBOR of the JSON read back is the same
 * bytes (deterministic encoding). */
static void assert_cbor_round_trip(const char *path)
{
    mfk_scenario *a = read_path(path), *b = NULL, *c = NULL;
    size_t la, lb, lj;
    unsigned char *ca = as_cbor(a, &la), *cb;
    char *json = as_json(a, &lj);
    mfk_error err;
    ck_assert(ca[0] >= 0xa0 && ca[0] <= 0xbf); /* a map */
    ck_assert_msg(mfk_scenario_read_cbor(&b, ca, la, NULL, &err) == MFK_OK,
                  "byte %lld: %s %s", err.offset, err.pointer, err.message);
    test_same_runs(a, b);
    ck_assert_int_eq(mfk_scenario_year(a), mfk_scenario_year(b));
    ck_assert_int_eq(mfk_scenario_read_json(&c, json, lj, NULL, &err),
                     MFK_OK);
    cb = as_cbor(c, &lb);
    ck_assert_uint_eq(la, lb);
    ck_assert(memcmp(ca, cb, la) == 0);
    free(cb);
    cb = as_cbor(b, &lb);
    ck_assert_uint_eq(la, lb);
    ck_assert(memcmp(ca, cb, la) == 0);
    free(ca);
    free(cb);
    free(json);
    mfk_scenario_free(a);
    mfk_scenario_free(b);
    mfk_scenario_free(c);
}

START_TEST(demo_json_round_trip)
{
    assert_json_round_trip(DEMO_JSON);
}
END_TEST

START_TEST(demo_cbor_round_trip)
{
    assert_cbor_round_trip(DEMO_JSON);
}
END_TEST

START_TEST(decisions_round_trips)
{
    assert_json_round_trip(DECISIONS_JSON);
    assert_cbor_round_trip(DECISIONS_JSON);
}
END_TEST

/* The rotation, the rule's parameters, observers and a proposal's own
 * settings are written as they were read. */
START_TEST(settings_are_kept)
{
    static const char doc[] =
        "{\"mufakat\": 1, \"body\": {\"name\": \"b\", \"members\": ["
        "{\"id\": \"A\", \"name\": \"Alpha\", \"weight\": 3, \"ideal\": [0.1, 0.2]},"
        "{\"id\": \"B\", \"name\": \"Beta\", \"ideal\": [0.3, 0.4], \"salience\": [2, 0.5], \"tolerance\": 0.125},"
        "{\"id\": \"C\", \"name\": \"Gamma\", \"ideal\": [1e-7, 0.1]}],"
        "\"observers\": [{\"id\": \"X\", \"name\": \"Xenon\"}],"
        "\"rotation\": {\"year\": 2030, \"base_year\": 2025, \"base_chair\": \"A\", \"skip\": [\"B\"]},"
        "\"rule\": {\"kind\": \"majority\", \"threshold\": 0.6, \"base\": \"voting\", \"weighted\": true},"
        "\"principles\": {\"pace\": \"off\", \"no-coercion\": \"report\"},"
        "\"flexible_pillars\": [\"economic\", \"socio-cultural\"],"
        "\"max_rounds\": 7, \"fallback\": \"withdraw\"},"
        "\"proposals\": [{\"id\": \"P\", \"title\": \"T\", \"text\": \"first\","
        "\"rule\": {\"kind\": \"weighted\", \"quota\": 2.5}, \"max_rounds\": 3,"
        "\"fallback\": \"none\", \"position\": [0.5, 0.5], \"status_quo\": [0, 0],"
        "\"rounds\": [{\"stances\": {\"A\": \"abstain\"}, \"amend\": {\"text\": \"second\"}}]}]}";
    mfk_scenario *a = NULL, *b = NULL;
    const mfk_body *bb;
    const mfk_proposal *p;
    size_t len, chair;
    unsigned char *bytes;
    mfk_error err;
    ck_assert_msg(mfk_scenario_read_json(&a, doc, sizeof doc - 1, NULL,
                                         &err) == MFK_OK,
                  "%s %s", err.pointer, err.message);
    bytes = as_cbor(a, &len);
    ck_assert_int_eq(mfk_scenario_read_cbor(&b, bytes, len, NULL, &err),
                     MFK_OK);
    bb = mfk_scenario_body(b);
    ck_assert_int_eq(mfk_scenario_year(b), 2030);
    ck_assert_int_eq(mfk_body_chair(bb, &chair), MFK_OK);
    ck_assert_int_eq(mfk_body_chair(mfk_scenario_body(a), &len), MFK_OK);
    ck_assert_uint_eq(chair, len);
    ck_assert_uint_eq(mfk_body_observer_count(bb), 1);
    ck_assert_str_eq(mfk_body_observer_name(bb, 0), "Xenon");
    ck_assert_int_eq(mfk_body_rule(bb)->kind, MFK_RULE_MAJORITY);
    ck_assert(mfk_body_rule(bb)->threshold == 0.6);
    ck_assert_int_eq(mfk_body_rule(bb)->base, MFK_BASE_VOTING);
    ck_assert_int_eq(mfk_body_rule(bb)->weighted, 1);
    ck_assert_int_eq(mfk_body_principle(bb, MFK_PRINCIPLE_PACE),
                     MFK_MODE_OFF);
    ck_assert_int_eq(mfk_body_principle(bb, MFK_PRINCIPLE_NO_COERCION),
                     MFK_MODE_REPORT);
    ck_assert_uint_eq(mfk_body_flexible_pillars(bb),
                      (1u << MFK_PILLAR_ECONOMIC) |
                          (1u << MFK_PILLAR_SOCIO_CULTURAL));
    ck_assert_uint_eq(mfk_body_max_rounds(bb), 7);
    ck_assert_int_eq(mfk_body_fallback(bb), MFK_FALLBACK_WITHDRAW);
    ck_assert(mfk_body_member_weight(bb, 0) == 3.0);
    ck_assert(mfk_body_member_salience(bb, 1)[0] == 2.0);
    ck_assert(mfk_body_member_tolerance(bb, 1) == 0.125);
    ck_assert(mfk_body_member_ideal(bb, 2)[0] == 1e-7);
    p = mfk_scenario_proposal(b, 0);
    ck_assert_str_eq(mfk_proposal_text(p), "first");
    ck_assert_int_eq(mfk_proposal_rule(p)->kind, MFK_RULE_WEIGHTED);
    ck_assert(mfk_proposal_rule(p)->quota == 2.5);
    ck_assert_uint_eq(mfk_proposal_max_rounds(p), 3);
    ck_assert_int_eq(mfk_proposal_fallback(p), MFK_FALLBACK_NONE);
    test_same_runs(a, b);
    free(bytes);
    mfk_scenario_free(a);
    mfk_scenario_free(b);
}
END_TEST

struct walk {
    mfk_scenario *s;
    unsigned char *out;
};

static int walk_write(void *ud, const mfk_allocator *alloc)
{
    struct walk *w = ud;
    size_t len;
    mfk_error err;
    int rc = mfk_scenario_read_file(&w->s, DEMO_JSON, alloc, &err);
    if (rc != MFK_OK)
        return rc;
    rc = mfk_scenario_write_cbor(w->s, NULL, 0, &len);
    if (rc != MFK_ERANGE)
        return rc;
    w->out = malloc(len);
    return mfk_scenario_write_cbor(w->s, w->out, len, &len);
}

static void walk_cleanup(void *ud)
{
    struct walk *w = ud;
    mfk_scenario_free(w->s);
    free(w->out);
    w->s = NULL;
    w->out = NULL;
}

START_TEST(write_allocation_failures)
{
    struct walk w = {NULL, NULL};
    ck_assert_uint_gt(test_alloc_walk(walk_write, walk_cleanup, &w), 10);
}
END_TEST

START_TEST(writers_refuse_null)
{
    size_t len;
    ck_assert_int_eq(mfk_scenario_write_json(NULL, NULL, 0, &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_scenario_write_cbor(NULL, NULL, 0, &len),
                     MFK_EINVAL);
}
END_TEST

Suite *scenario_suite(void)
{
    Suite *s = suite_create("scenario");
    TCase *tc = test_case("writers");
    tcase_add_test(tc, demo_json_round_trip);
    tcase_add_test(tc, demo_cbor_round_trip);
    tcase_add_test(tc, decisions_round_trips);
    tcase_add_test(tc, settings_are_kept);
    tcase_add_test(tc, write_allocation_failures);
    tcase_add_test(tc, writers_refuse_null);
    suite_add_tcase(s, tc);
    return s;
}
