/* Tests: scenarios written to JSON and CBOR, and read back; the reader's
 * errors, each with its place and message. */
#include "tests.h"

#include <math.h>

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define DEMO_JSON MFK_TEST_DATA "/../../examples/asean-amm.json"
#define DECISIONS_JSON MFK_TEST_DATA "/journal/decisions.json"

/* In check_cbor.c. */
void assert_same_runs(mfk_scenario *a, mfk_scenario *b);

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
    assert_same_runs(a, b);
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
    assert_same_runs(a, b);
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
    assert_same_runs(a, b);
    free(bytes);
    mfk_scenario_free(a);
    mfk_scenario_free(b);
}
END_TEST

/* A component only when one was given: read so from JSON, written so,
 * and read back so from JSON and from CBOR. */
START_TEST(component_only_when_given)
{
    static const char doc[] =
        "{\"mufakat\": 1, \"body\": {\"name\": \"b\", \"members\": ["
        "{\"id\": \"A\", \"name\": \"Alpha\"}]}, \"proposals\": ["
        "{\"id\": \"P\", \"pillar\": \"economic\", \"rounds\": "
        "[{\"stances\": {\"A\": \"join\"}}]}, "
        "{\"id\": \"Q\", \"pillar\": \"economic\", \"component\": "
        "\"political-development\", \"rounds\": [{\"stances\": "
        "{\"A\": \"join\"}}]}]}";
    mfk_scenario *s[3] = {NULL, NULL, NULL};
    unsigned char *bytes;
    char *json;
    size_t len, k;
    mfk_error err;

    ck_assert_int_eq(mfk_scenario_read_json(&s[0], doc, sizeof doc - 1, NULL,
                                            &err),
                     MFK_OK);
    json = as_json(s[0], &len);
    ck_assert_ptr_nonnull(strstr(json, "\"component\""));
    ck_assert_ptr_null(strstr(strstr(json, "\"component\"") + 1,
                              "\"component\""));
    ck_assert_int_eq(mfk_scenario_read_json(&s[1], json, len, NULL, &err),
                     MFK_OK);
    bytes = as_cbor(s[0], &len);
    ck_assert_int_eq(mfk_scenario_read_cbor(&s[2], bytes, len, NULL, &err),
                     MFK_OK);
    for (k = 0; k < 3; k++) {
        const mfk_proposal *p = mfk_scenario_proposal(s[k], 0);
        const mfk_proposal *q = mfk_scenario_proposal(s[k], 1);
        ck_assert_int_eq(mfk_proposal_has_component(p), 0);
        ck_assert_int_eq(mfk_proposal_component(p),
                         MFK_COMPONENT_POLITICAL_DEVELOPMENT);
        ck_assert_int_eq(mfk_proposal_has_component(q), 1);
        ck_assert_int_eq(mfk_proposal_component(q),
                         MFK_COMPONENT_POLITICAL_DEVELOPMENT);
        mfk_scenario_free(s[k]);
    }
    free(json);
    free(bytes);
}
END_TEST

struct walk {
    mfk_scenario *s;
    unsigned char *out;
    int json; /* write JSON, not CBOR */
};

static int write_as(const struct walk *w, void *buf, size_t size,
                    size_t *len)
{
    return w->json ? mfk_scenario_write_json(w->s, buf, size, len)
                   : mfk_scenario_write_cbor(w->s, buf, size, len);
}

/* Reads the demo and writes it, the size asked first. */
static int walk_write(void *ud, const mfk_allocator *alloc)
{
    struct walk *w = ud;
    size_t len;
    mfk_error err;
    int rc = mfk_scenario_read_file(&w->s, DEMO_JSON, alloc, &err);
    if (rc != MFK_OK)
        return rc;
    rc = write_as(w, NULL, 0, &len);
    if (rc != MFK_ERANGE)
        return rc;
    w->out = malloc(len);
    return write_as(w, w->out, len, &len);
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
    struct walk w = {NULL, NULL, 0};
    ck_assert_uint_gt(test_alloc_walk(walk_write, walk_cleanup, &w), 10);
}
END_TEST

START_TEST(writers_refuse_null)
{
    mfk_scenario *s = read_path(DEMO_JSON);
    size_t len;
    ck_assert_int_eq(mfk_scenario_write_json(NULL, NULL, 0, &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_scenario_write_cbor(NULL, NULL, 0, &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_scenario_write_json(s, NULL, 0, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_scenario_write_cbor(s, NULL, 0, NULL), MFK_EINVAL);
    mfk_scenario_free(s);
}
END_TEST

/* ---- the reader's errors --------------------------------------------- */

/* Documents are written with ' for " to stay readable. */
static char *dq(const char *doc)
{
    char *s = malloc(strlen(doc) + 1), *p;
    ck_assert_ptr_nonnull(s);
    strcpy(s, doc);
    for (p = s; *p; p++)
        if (*p == '\'')
            *p = '"';
    return s;
}

/* Reads doc with a counting allocator: on failure nothing is left live
 * and no scenario is given. With out, the scenario read (with libc's
 * allocator) goes there. */
static int read_doc(const char *doc, mfk_scenario **out, mfk_error *err)
{
    char *text = dq(doc);
    test_alloc t;
    mfk_scenario *s = NULL;
    int rc;
    test_alloc_init(&t);
    rc = mfk_scenario_read_json(&s, text, strlen(text), &t.a, err);
    ck_assert(rc == MFK_OK || s == NULL);
    mfk_scenario_free(s);
    ck_assert_uint_eq(t.live, 0);
    if (out != NULL)
        ck_assert_int_eq(mfk_scenario_read_json(out, text, strlen(text),
                                                NULL, err),
                         rc);
    free(text);
    return rc;
}

#define HEAD "{'mufakat': 1, 'body': {'name': 'b', "
#define MEMBERS "'members': [{'id': 'A'}, {'id': 'B'}]"
#define ROUNDS "'rounds': [{'stances': {'A': 'join'}}]"
/* A body with more keys, a first member with more keys, a proposal with
 * more keys, a proposal with its own keys only (no rounds). */
#define BODY(x) HEAD MEMBERS x "}, 'proposals': [{'id': 'P', " ROUNDS "}]}"
#define MEMBER(x)                                                            \
    HEAD "'members': [{'id': 'A'" x "}, {'id': 'B'}]}, 'proposals': "        \
         "[{'id': 'P', " ROUNDS "}]}"
#define PROP(x) HEAD MEMBERS "}, 'proposals': [{'id': 'P', " ROUNDS x "}]}"
#define PROP_ONLY(x) HEAD MEMBERS "}, 'proposals': [{'id': 'P'" x "}]}"
#define RULE(x) BODY(", 'rule': {" x "}")
#define ROTATION(x) BODY(", 'observers': [{'id': 'O'}], 'rotation': {" x "}")

/* Amendments of the position, of the text and of both. */
static const char amended[] =
    HEAD MEMBERS ", 'rule': {'kind': 'qualified-majority', "
    "'members_share': 0.6, 'weight_share': 0.7, 'min_blocking': 3}}, "
    "'proposals': [{'id': 'P', 'position': [0.5], 'rule': {'kind': "
    "'majority', 'weighted': false}, 'rounds': ["
    "{'stances': {'A': 'object'}, 'amend': {'position': [0.25]}}, "
    "{'stances': {'A': 'object'}, 'amend': {'text': 'third'}}, "
    "{'stances': {'A': 'object'}, 'amend': {'text': 'fourth', "
    "'position': [0.125]}}, {'stances': {'A': 'join', 'B': 'join'}}]}]}";

struct doc_case {
    const char *doc;
    int code;
    const char *pointer;
    const char *message; /* a part of it */
};

static const struct doc_case doc_cases[] = {
    /* the document */
    {"[]", MFK_EFORMAT, "", "expected a scenario, an object with "
                            "\"mufakat\", \"body\" and \"proposals\", "
                            "found an array"},
    {"{'mufakat': 1, 'zz': 0}", MFK_EFORMAT, "/zz",
     "unknown key \"zz\": expected one of mufakat, body, proposals, "
     "meetings, summit (or a key starting with \"x-\")"},
    {"{'x-note': 0}", MFK_EFORMAT, "", "no \"mufakat\": expected the format "
                                       "version, 1"},
    {"{'mufakat': 2}", MFK_EFORMAT, "/mufakat",
     "expected 1, found 2"},
    {"{'mufakat': 1.5}", MFK_EFORMAT, "/mufakat", "found 1.5"},
    {"{'mufakat': 1e16}", MFK_EFORMAT, "/mufakat", "found 10000000000000000"},
    {"{'mufakat': '1'}", MFK_EFORMAT, "/mufakat", "found \"1\""},
    {"{'mufakat': true}", MFK_EFORMAT, "/mufakat", "found true"},
    {"{'mufakat': false}", MFK_EFORMAT, "/mufakat", "found false"},
    {"{'mufakat': null}", MFK_EFORMAT, "/mufakat", "found null"},
    {"{'mufakat': {}}", MFK_EFORMAT, "/mufakat", "found an object"},
    {"{'mufakat': '0123456789012345678901234567890123456789"
     "01234567890123456789X'}",
     MFK_EFORMAT, "/mufakat",
     "found \"012345678901234567890123456789012345678901234567890123456789"
     "\"..."},
    {"{'mufakat': 1.0}", MFK_EFORMAT, "",
     "no \"body\": expected the body that decides"},
    {HEAD MEMBERS "}}", MFK_EFORMAT, "",
     "no \"proposals\": expected an array of proposals"},
    {HEAD MEMBERS "}, 'proposals': {}}", MFK_EFORMAT, "/proposals",
     "expected an array of proposals, found an object"},
    /* the body */
    {"{'mufakat': 1, 'body': 3}", MFK_EFORMAT, "/body",
     "expected the body, an object, found 3"},
    {BODY(", 'members2': 0"), MFK_EFORMAT, "/body/members2",
     "unknown key \"members2\": expected one of name, members, observers"},
    {"{'mufakat': 1, 'body': {}}", MFK_EFORMAT, "/body",
     "no \"name\": expected the body's name"},
    {"{'mufakat': 1, 'body': {'name': 1}}", MFK_EFORMAT, "/body/name",
     "expected a string, found 1"},
    {"{'mufakat': 1, 'body': {'name': 'b'}}", MFK_EFORMAT, "/body",
     "no \"members\": expected an array of members"},
    {HEAD "'members': {}}}", MFK_EFORMAT, "/body/members",
     "expected an array of members, found an object"},
    {HEAD "'members': []}}", MFK_EFORMAT, "/body/members",
     "expected at least one member, found none"},
    /* members */
    {HEAD "'members': ['A']}}", MFK_EFORMAT, "/body/members/0",
     "expected a member, an object with \"id\", found \"A\""},
    {MEMBER(", 'ideals': [0]"), MFK_EFORMAT, "/body/members/0/ideals",
     "unknown key \"ideals\": expected one of id, name, weight, ideal, "
     "salience, tolerance"},
    {HEAD "'members': [{'name': 'A'}]}}", MFK_EFORMAT, "/body/members/0",
     "no \"id\": expected the member's id"},
    {HEAD "'members': [{'id': 7}]}}", MFK_EFORMAT, "/body/members/0/id",
     "expected a string, found 7"},
    {HEAD "'members': [{'id': ''}]}}", MFK_EFORMAT, "/body/members/0/id",
     "expected an id, found \"\""},
    {MEMBER(", 'name': ['Alpha']"), MFK_EFORMAT, "/body/members/0/name",
     "expected a string, found an array"},
    {HEAD "'members': [{'id': 'A'}, {'id': 'A'}]}}", MFK_EFORMAT,
     "/body/members/1/id",
     "duplicate id \"A\": expected each member's id once"},
    {MEMBER(", 'weight': 'heavy'"), MFK_EFORMAT, "/body/members/0/weight",
     "expected a number, found \"heavy\""},
    {MEMBER(", 'weight': -1"), MFK_EFORMAT, "/body/members/0/weight",
     "expected a weight of 0 or more, found -1"},
    /* Numbers that would overflow a sum or a distance into a wrong
     * verdict (issue 16): refused at reading. */
    {MEMBER(", 'weight': 1e308"), MFK_EFORMAT, "/body/members/0/weight",
     "expected a number from -1e100 to 1e100, found 1e+308"},
    {MEMBER(", 'weight': 2.5e13"), MFK_EFORMAT, "/body/members/0/weight",
     "expected a weight of at most 1e12, found 2.5e+13"},
    {MEMBER(", 'ideal': [1e308]"), MFK_EFORMAT, "/body/members/0/ideal/0",
     "expected a number from -1e100 to 1e100, found 1e+308"},
    {MEMBER(", 'tolerance': -1e101"), MFK_EFORMAT,
     "/body/members/0/tolerance",
     "expected a number from -1e100 to 1e100, found -1e+101"},
    {MEMBER(", 'ideal': 0.5"), MFK_EFORMAT, "/body/members/0/ideal",
     "expected an array of 1 number, found 0.5"},
    {MEMBER(", 'ideal': [0, 'x']"), MFK_EFORMAT, "/body/members/0/ideal/1",
     "expected a number, found \"x\""},
    {MEMBER(", 'ideal': [0, 1], 'salience': 1"), MFK_EFORMAT,
     "/body/members/0/salience",
     "expected an array of 2 numbers, found 1"},
    {MEMBER(", 'ideal': [0, 1], 'salience': [1]"), MFK_EFORMAT,
     "/body/members/0/salience",
     "expected 2 numbers, one per dimension (as at "
     "/body/members/0/ideal), found 1"},
    {MEMBER(", 'salience': [1, -2]"), MFK_EFORMAT,
     "/body/members/0/salience/1",
     "expected a salience of 0 or more, found -2"},
    {MEMBER(", 'salience': [true]"), MFK_EFORMAT,
     "/body/members/0/salience/0", "expected a number, found true"},
    {MEMBER(", 'tolerance': 'none'"), MFK_EFORMAT,
     "/body/members/0/tolerance", "expected a number, found \"none\""},
    {HEAD "'members': [{'id': 'A'}, {'id': 'B', 'ideal': [0]}]}}",
     MFK_EFORMAT, "/body/members/0",
     "no \"ideal\" point, but /body/members/1 has one: expected an ideal "
     "point for every member or for none"},
    /* observers */
    {BODY(", 'observers': {}"), MFK_EFORMAT, "/body/observers",
     "expected an array of observers, found an object"},
    {BODY(", 'observers': [3]"), MFK_EFORMAT, "/body/observers/0",
     "expected an observer, an object with \"id\", found 3"},
    {BODY(", 'observers': [{'id': 'O', 'weight': 1}]"), MFK_EFORMAT,
     "/body/observers/0/weight",
     "unknown key \"weight\": expected one of id, name (or"},
    {BODY(", 'observers': [{'id': 'B'}]"), MFK_EFORMAT,
     "/body/observers/0/id",
     "duplicate id \"B\": a member or observer has it already"},
    /* the chair */
    {BODY(", 'chair': 5"), MFK_EFORMAT, "/body/chair",
     "expected a string, found 5"},
    {BODY(", 'chair': 'Z'"), MFK_EFORMAT, "/body/chair",
     "unknown member \"Z\": expected a member's id"},
    {BODY(", 'observers': [{'id': 'O'}], 'chair': 'O'"), MFK_EFORMAT,
     "/body/chair", "\"O\" is an observer: expected a member's id"},
    /* the rotation */
    {BODY(", 'rotation': []"), MFK_EFORMAT, "/body/rotation",
     "expected a rotation, an object, found an array"},
    {ROTATION("'years': 1"), MFK_EFORMAT, "/body/rotation/years",
     "unknown key \"years\": expected one of year, base_year, base_chair, "
     "skip"},
    {ROTATION("'year': 2026"), MFK_EFORMAT, "/body/rotation",
     "no \"base_year\": expected the year of the base chair"},
    {ROTATION("'base_year': -1"), MFK_EFORMAT, "/body/rotation/base_year",
     "expected an integer from 0 to 100000, found -1"},
    {ROTATION("'base_year': 2025"), MFK_EFORMAT, "/body/rotation",
     "no \"year\": expected the year whose chair the rotation gives"},
    {ROTATION("'base_year': 2025, 'year': '2026'"), MFK_EFORMAT,
     "/body/rotation/year",
     "expected an integer from 0 to 100000, found \"2026\""},
    {ROTATION("'base_year': 2025, 'year': 2024"), MFK_EFORMAT,
     "/body/rotation/year",
     "expected a year from base_year (2025) on, found 2024"},
    {ROTATION("'base_year': 2025, 'year': 2026"), MFK_EFORMAT,
     "/body/rotation",
     "no \"base_chair\": expected the member who chaired in base_year"},
    {ROTATION("'base_year': 2025, 'year': 2026, 'base_chair': 'O'"),
     MFK_EFORMAT, "/body/rotation/base_chair",
     "\"O\" is an observer: expected a member's id"},
    {ROTATION("'base_year': 2025, 'year': 2026, 'base_chair': 'A', "
              "'skip': 'B'"),
     MFK_EFORMAT, "/body/rotation/skip",
     "expected an array of member ids, found \"B\""},
    {ROTATION("'base_year': 2025, 'year': 2026, 'base_chair': 'A', "
              "'skip': ['B', 'C']"),
     MFK_EFORMAT, "/body/rotation/skip/1",
     "unknown member \"C\": expected a member's id"},
    {ROTATION("'base_year': 2025, 'year': 2026, 'base_chair': 'A', "
              "'skip': ['B', 'A']"),
     MFK_EFORMAT, "/body/rotation",
     "no member is left to chair: every member, the base chair too, is "
     "skipped"},
    /* rules */
    {BODY(", 'rule': 'consensus'"), MFK_EFORMAT, "/body/rule",
     "expected a rule, an object with \"kind\", found \"consensus\""},
    {RULE("'max': 1"), MFK_EFORMAT, "/body/rule",
     "no \"kind\": expected a rule's kind, e.g. \"consensus\""},
    {RULE("'kind': 1"), MFK_EFORMAT, "/body/rule/kind",
     "expected a string, found 1"},
    {RULE("'kind': 'callback'"), MFK_EFORMAT, "/body/rule/kind",
     "a \"callback\" rule is given by a program, not a file: expected a "
     "built-in rule's kind"},
    {RULE("'kind': 'plurality'"), MFK_EFORMAT, "/body/rule/kind",
     "unknown rule \"plurality\": expected one of unanimity, consensus, "
     "consensus-minus-x, flexible, negative-consensus, silence, majority, "
     "qualified-majority, weighted"},
    {RULE("'kind': 'consensus', 'max': 1"), MFK_EFORMAT, "/body/rule/max",
     "unknown key \"max\": expected one of kind (or"},
    {RULE("'kind': 'consensus-minus-x', 'max': 'one'"), MFK_EFORMAT,
     "/body/rule/max", "expected an integer from 0 to 4096, found \"one\""},
    {RULE("'kind': 'flexible', 'min_participants': 4097"), MFK_EFORMAT,
     "/body/rule/min_participants",
     "expected an integer from 0 to 4096, found 4097"},
    {RULE("'kind': 'majority', 'threshold': 1.5"), MFK_EFORMAT,
     "/body/rule/threshold", "expected a share from 0 to 1, found 1.5"},
    {RULE("'kind': 'majority', 'threshold': -0.5"), MFK_EFORMAT,
     "/body/rule/threshold", "expected a share from 0 to 1, found -0.5"},
    {RULE("'kind': 'majority', 'threshold': '1/2'"), MFK_EFORMAT,
     "/body/rule/threshold", "expected a number, found \"1/2\""},
    {RULE("'kind': 'majority', 'base': 'all'"), MFK_EFORMAT,
     "/body/rule/base",
     "unknown base \"all\": expected one of members, present, voting"},
    {RULE("'kind': 'majority', 'weighted': 1"), MFK_EFORMAT,
     "/body/rule/weighted", "expected true or false, found 1"},
    {RULE("'kind': 'qualified-majority', 'members_share': 55"), MFK_EFORMAT,
     "/body/rule/members_share", "expected a share from 0 to 1, found 55"},
    {RULE("'kind': 'qualified-majority', 'members_share': -1"), MFK_EFORMAT,
     "/body/rule/members_share", "expected a share from 0 to 1, found -1"},
    {RULE("'kind': 'qualified-majority', 'members_share': null"),
     MFK_EFORMAT, "/body/rule/members_share",
     "expected a number, found null"},
    {RULE("'kind': 'qualified-majority', 'weight_share': 65"), MFK_EFORMAT,
     "/body/rule/weight_share", "expected a share from 0 to 1, found 65"},
    {RULE("'kind': 'qualified-majority', 'weight_share': -0.1"),
     MFK_EFORMAT, "/body/rule/weight_share",
     "expected a share from 0 to 1, found -0.10000000000000001"},
    {RULE("'kind': 'qualified-majority', 'weight_share': '65%'"),
     MFK_EFORMAT, "/body/rule/weight_share",
     "expected a number, found \"65%\""},
    {RULE("'kind': 'qualified-majority', 'min_blocking': 2.5"), MFK_EFORMAT,
     "/body/rule/min_blocking",
     "expected an integer from 0 to 4096, found 2.5"},
    {RULE("'kind': 'weighted', 'quota': '2/3'"), MFK_EFORMAT,
     "/body/rule/quota", "expected a number, found \"2/3\""},
    {RULE("'kind': 'weighted'"), MFK_EFORMAT, "/body/rule",
     "no \"quota\": a weighted rule needs one"},
    /* the body's other settings */
    {BODY(", 'principles': ['pace']"), MFK_EFORMAT, "/body/principles",
     "expected an object of principles and their modes, found an array"},
    {BODY(", 'principles': {'x-why': 1, 'speed': 'off'}"), MFK_EFORMAT,
     "/body/principles/speed",
     "unknown principle \"speed\": expected internal-affairs, no-coercion, "
     "bilateral-consent, flexible-scope, sovereign-participation or pace"},
    {BODY(", 'principles': {'pace': 'warn'}"), MFK_EFORMAT,
     "/body/principles/pace",
     "unknown mode \"warn\": expected one of enforce, report, off"},
    {BODY(", 'principles': {'pace': 0}"), MFK_EFORMAT,
     "/body/principles/pace", "expected a string, found 0"},
    {BODY(", 'flexible_pillars': 'economic'"), MFK_EFORMAT,
     "/body/flexible_pillars",
     "expected an array of pillar names, found \"economic\""},
    {BODY(", 'flexible_pillars': ['economic', 'cultural']"), MFK_EFORMAT,
     "/body/flexible_pillars/1",
     "unknown pillar \"cultural\": expected one of political-security, "
     "economic, socio-cultural"},
    {BODY(", 'max_rounds': 0"), MFK_EFORMAT, "/body/max_rounds",
     "expected an integer from 1 to 1000, found 0"},
    {BODY(", 'fallback': 1"), MFK_EFORMAT, "/body/fallback",
     "expected a string, found 1"},
    /* proposals */
    {HEAD MEMBERS "}, 'proposals': [[]]}", MFK_EFORMAT, "/proposals/0",
     "expected a proposal, an object with \"id\", found an array"},
    {PROP(", 'sponsor': ['A']"), MFK_EFORMAT, "/proposals/0/sponsor",
     "unknown key \"sponsor\": expected one of id, title, text, pillar, "
     "component, sponsors"},
    {HEAD MEMBERS "}, 'proposals': [{'title': 'T'}]}", MFK_EFORMAT,
     "/proposals/0", "no \"id\": expected the proposal's id"},
    {HEAD MEMBERS "}, 'proposals': [{'id': 1}]}", MFK_EFORMAT,
     "/proposals/0/id", "expected a string, found 1"},
    {HEAD MEMBERS "}, 'proposals': [{'id': 'P', " ROUNDS "}, "
                  "{'id': 'P', " ROUNDS "}]}",
     MFK_EFORMAT, "/proposals/1/id",
     "duplicate id \"P\": /proposals/0 has it already"},
    {PROP(", 'title': 1"), MFK_EFORMAT, "/proposals/0/title",
     "expected a string, found 1"},
    {PROP(", 'text': 1"), MFK_EFORMAT, "/proposals/0/text",
     "expected a string, found 1"},
    {PROP(", 'pillar': 'security'"), MFK_EFORMAT, "/proposals/0/pillar",
     "unknown pillar \"security\": expected one of political-security, "
     "economic, socio-cultural"},
    {PROP(", 'component': 'peace'"), MFK_EFORMAT, "/proposals/0/component",
     "unknown component \"peace\": expected one of political-development, "
     "norms, conflict-prevention, conflict-resolution, peace-building, "
     "implementing-mechanisms"},
    {PROP(", 'sponsors': 'A'"), MFK_EFORMAT, "/proposals/0/sponsors",
     "expected an array of member ids, found \"A\""},
    {PROP(", 'sponsors': ['A'], 'concerns': ['A', 'Q']"), MFK_EFORMAT,
     "/proposals/0/concerns/1",
     "unknown member \"Q\": expected a member's id"},
    {PROP(", 'parties': [null]"), MFK_EFORMAT, "/proposals/0/parties/0",
     "expected a string, found null"},
    {PROP(", 'measures': {}"), MFK_EFORMAT, "/proposals/0/measures",
     "expected an array of measure names, found an object"},
    {PROP(", 'measures': ['embargo']"), MFK_EFORMAT,
     "/proposals/0/measures/0",
     "unknown measure \"embargo\": expected one of statement, cooperation, "
     "assistance, sanctions, suspension, use-of-force"},
    {PROP(", 'rule': {'kind': 'weighted', 'quota': 1, 'max': 1}"),
     MFK_EFORMAT, "/proposals/0/rule/max",
     "unknown key \"max\": expected one of kind, quota, quorum, "
     "quorum_weight (or"},
    {PROP(", 'position': [0,1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6]"), MFK_EFORMAT,
     "/proposals/0/position",
     "17 numbers: a scenario has at most 16 dimensions"},
    {PROP(", 'position': ['left']"), MFK_EFORMAT,
     "/proposals/0/position/0", "expected a number, found \"left\""},
    {PROP(", 'status_quo': {}"), MFK_EFORMAT, "/proposals/0/status_quo",
     "expected an array of 1 number, found an object"},
    {PROP(", 'max_rounds': 1001"), MFK_EFORMAT, "/proposals/0/max_rounds",
     "expected an integer from 1 to 1000, found 1001"},
    {PROP(", 'fallback': 'adjourn'"), MFK_EFORMAT, "/proposals/0/fallback",
     "unknown fallback \"adjourn\": expected one of defer, "
     "refer-to-summit, chairs-statement, withdraw, none"},
    /* scripted rounds */
    {PROP_ONLY(", 'rounds': {}"), MFK_EFORMAT, "/proposals/0/rounds",
     "expected an array of rounds, found an object"},
    {PROP_ONLY(", 'max_rounds': 1, 'rounds': [{'stances': {}}, "
               "{'stances': {}}]"),
     MFK_EFORMAT, "/proposals/0/rounds",
     "2 scripted rounds: expected at most max_rounds (1)"},
    {PROP_ONLY(", 'rounds': ['join']"), MFK_EFORMAT, "/proposals/0/rounds/0",
     "expected a round, an object with \"stances\", found \"join\""},
    {PROP_ONLY(", 'rounds': [{'stances': {}, 'votes': {}}]"), MFK_EFORMAT,
     "/proposals/0/rounds/0/votes",
     "unknown key \"votes\": expected one of stances, amend, reasons, at (or"},
    {PROP_ONLY(", 'rounds': [{'amend': {'text': 't'}}]"), MFK_EFORMAT,
     "/proposals/0/rounds/0",
     "no \"stances\": expected an object of member ids and their stances"},
    {PROP_ONLY(", 'rounds': [{'stances': ['A']}]"), MFK_EFORMAT,
     "/proposals/0/rounds/0/stances",
     "expected an object of member ids and stances, found an array"},
    {PROP_ONLY(", 'rounds': [{'stances': {'A': 'join', 'a/~b': 'join'}}]"),
     MFK_EFORMAT, "/proposals/0/rounds/0/stances/a~1~0b",
     "unknown member \"a/~b\": expected a member's id"},
    {PROP_ONLY(", 'rounds': [{'stances': {'0123456789012345678901234567890"
               "12345678901234567890123456789X': 'join'}}]"),
     MFK_EFORMAT,
     "/proposals/0/rounds/0/stances/0123456789012345678901234567890123456789"
     "01234567890123456789X",
     "unknown member \"012345678901234567890123456789012345678901234567890123"
     "456789\"...: expected a member's id"},
    {PROP_ONLY(", 'rounds': [{'stances': {'A': 'veto'}}]"), MFK_EFORMAT,
     "/proposals/0/rounds/0/stances/A",
     "unknown stance \"veto\": expected one of support, join, reservation, "
     "abstain, not-ready, object, silent"},
    {PROP_ONLY(", 'rounds': [{'stances': {'A': 'join'}, 'amend': 't'}]"),
     MFK_EFORMAT, "/proposals/0/rounds/0/amend",
     "expected an amendment, an object with \"position\" or \"text\", "
     "found \"t\""},
    {PROP_ONLY(", 'rounds': [{'stances': {}, 'amend': {'title': 't'}}]"),
     MFK_EFORMAT, "/proposals/0/rounds/0/amend/title",
     "unknown key \"title\": expected one of position, text (or"},
    {PROP_ONLY(", 'rounds': [{'stances': {}, 'amend': {'position': 1}}]"),
     MFK_EFORMAT, "/proposals/0/rounds/0/amend/position",
     "expected an array of 1 number, found 1"},
    {PROP_ONLY(", 'rounds': [{'stances': {}, 'amend': {'text': ['t']}}]"),
     MFK_EFORMAT, "/proposals/0/rounds/0/amend/text",
     "expected a string, found an array"},
    {PROP_ONLY(""), MFK_EFORMAT, "/proposals/0",
     "no scripted \"rounds\" and no behaviour model: expected rounds, or "
     "ideal points for every member with the proposal's position and "
     "status_quo"},
    {HEAD "'members': [{'id': 'A', 'ideal': [0]}]}, 'proposals': "
          "[{'id': 'P', 'position': [1]}]}",
     MFK_EFORMAT, "/proposals/0", "no scripted \"rounds\" and no behaviour "
                                  "model"},
    /* where the number of dimensions comes from: vectors of no number
     * or of too many are passed over */
    {HEAD "'members': [{'id': 'A', 'ideal': [], 'salience': "
          "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]}]}, 'proposals': "
          "[{'id': 'P', 'status_quo': [0, 0]}]}",
     MFK_EFORMAT, "/body/members/0/ideal",
     "expected 2 numbers, one per dimension (as at "
     "/proposals/0/status_quo), found 0"},
    {HEAD "'members': [{'id': 'A'}]}, 'proposals': [{'id': 'P', "
          "'rounds': [{'stances': {}, 'amend': {'position': [1, 2, 3]}}]}, "
          "{'id': 'Q', 'position': [1]}]}",
     MFK_EFORMAT, "/proposals/1/position",
     "expected 3 numbers, one per dimension (as at "
     "/proposals/0/rounds/0/amend/position), found 1"},
    /* the behaviour model's keys, each out of its range */
    {HEAD "'members': [{'id': 'A'}, {'id': 'B', 'externality': 1.5}]}, "
          "'proposals': []}",
     MFK_EFORMAT, "/body/members/1/externality",
     "expected externality from 0 to 1, found 1.5"},
    {HEAD "'members': [{'id': 'A', 'reservation': -0.5}]}, 'proposals': []}",
     MFK_EFORMAT, "/body/members/0/reservation",
     "expected reservation of 0 or more, found -0.5"},
    {HEAD "'members': [{'id': 'A', 'indifference': 'x'}]}, 'proposals': []}",
     MFK_EFORMAT, "/body/members/0/indifference",
     "expected a number, found \"x\""},
    {HEAD "'members': [{'id': 'A', 'support_gain': 0}]}, 'proposals': []}",
     MFK_EFORMAT, "/body/members/0/support_gain",
     "expected support_gain above 0, found 0"},
    {HEAD "'members': [{'id': 'A', 'absence': 1}]}, 'proposals': []}",
     MFK_EFORMAT, "/body/members/0/absence",
     "expected absence from 0 to below 1, found 1"},
};

START_TEST(reader_errors)
{
    const struct doc_case *d = &doc_cases[_i];
    mfk_error err;
    int rc = read_doc(d->doc, NULL, &err);
    ck_assert_msg(rc == d->code, "case %d: got %s (%s: %s)", _i,
                  mfk_err_name(rc), err.pointer, err.message);
    ck_assert_int_eq(err.code, rc);
    ck_assert_msg(strcmp(err.pointer, d->pointer) == 0,
                  "case %d: pointer \"%s\", not \"%s\"", _i, err.pointer,
                  d->pointer);
    ck_assert_msg(strstr(err.message, d->message) != NULL,
                  "case %d: message \"%s\" lacks \"%s\"", _i, err.message,
                  d->message);
    ck_assert_int_eq(err.line, -1);
    ck_assert_int_eq(err.column, -1);
    ck_assert_int_eq(err.offset, -1);
}
END_TEST

/* A document of n members "M0".."Mn-1", the rotation skipping nskip
 * times "M1". */
static char *many(size_t n, size_t nskip)
{
    size_t size = 200 + 24 * n + 8 * nskip, len, i;
    char *s = malloc(size);
    ck_assert_ptr_nonnull(s);
    len = (size_t)snprintf(s, size, "{\"mufakat\": 1, \"body\": {\"name\": "
                                    "\"b\", \"members\": [");
    for (i = 0; i < n; i++)
        len += (size_t)snprintf(s + len, size - len, "%s{\"id\": \"M%zu\"}",
                                i ? ", " : "", i);
    len += (size_t)snprintf(s + len, size - len,
                            "], \"rotation\": {\"year\": 2030, "
                            "\"base_year\": 2020, \"base_chair\": \"M0\", "
                            "\"skip\": [");
    for (i = 0; i < nskip; i++)
        len += (size_t)snprintf(s + len, size - len, "%s\"M1\"",
                                i ? ", " : "");
    snprintf(s + len, size - len,
             "]}}, \"proposals\": [{\"id\": \"P\", \"rounds\": "
             "[{\"stances\": {\"M0\": \"join\"}}]}]}");
    return s;
}

/* A rotation with nothing to skip: by name, Alpha (2025), Beta, Gamma
 * (2027); written and read back alike, with a weight that takes all 17
 * digits. */
START_TEST(rotation_without_skip)
{
    mfk_scenario *a = NULL, *b = NULL;
    mfk_error err;
    size_t chair, len;
    char *json;
    ck_assert_int_eq(read_doc(HEAD "'members': [{'id': 'G', 'name': 'Gamma', "
                                   "'weight': 0.30000000000000004}, "
                                   "{'id': 'A', 'name': 'Alpha'}, {'id': 'B', "
                                   "'name': 'Beta'}], 'rotation': {'year': "
                                   "2027, 'base_year': 2025, 'base_chair': "
                                   "'A'}}, 'proposals': []}",
                              &a, &err),
                     MFK_OK);
    ck_assert_int_eq(mfk_scenario_year(a), 2027);
    ck_assert_uint_eq(mfk_scenario_proposal_count(a), 0);
    ck_assert_int_eq(mfk_body_chair(mfk_scenario_body(a), &chair), MFK_OK);
    ck_assert_str_eq(mfk_body_member_id(mfk_scenario_body(a), chair), "G");
    json = as_json(a, &len);
    ck_assert_int_eq(mfk_scenario_read_json(&b, json, len, NULL, &err),
                     MFK_OK);
    ck_assert_int_eq(mfk_scenario_year(b), 2027);
    ck_assert_int_eq(mfk_body_chair(mfk_scenario_body(b), &len), MFK_OK);
    ck_assert_uint_eq(len, chair);
    ck_assert_ptr_nonnull(strstr(json, "\"weight\": 0.30000000000000004,"));
    ck_assert_ptr_nonnull(strstr(json, "\"weight\": 1,"));
    ck_assert(mfk_body_member_weight(mfk_scenario_body(b), 0) == 0.1 + 0.2);
    free(json);
    mfk_scenario_free(a);
    mfk_scenario_free(b);
}
END_TEST

/* Counts above the limits are refused; at the limits they are read. */
START_TEST(reader_limits)
{
    mfk_scenario *s = NULL;
    mfk_error err;
    size_t chair;
    char *doc = many(MFK_MAX_MEMBERS + 1, 0);
    ck_assert_int_eq(mfk_scenario_read_json(&s, doc, strlen(doc), NULL, &err),
                     MFK_EFORMAT);
    ck_assert_str_eq(err.pointer, "/body/members");
    ck_assert_str_eq(err.message, "4097 members: at most 4096 are allowed");
    free(doc);
    doc = many(3, MFK_MAX_MEMBERS + 1);
    ck_assert_int_eq(mfk_scenario_read_json(&s, doc, strlen(doc), NULL, &err),
                     MFK_EFORMAT);
    ck_assert_str_eq(err.pointer, "/body/rotation/skip/4096");
    ck_assert_str_eq(err.message, "too many members to skip");
    free(doc);
    /* In the order of names M0, M1, M10, M100, M1000, M1001...: M0 in
     * 2020, then one a year, M1 being skipped. */
    doc = many(MFK_MAX_MEMBERS, MFK_MAX_MEMBERS);
    ck_assert_int_eq(mfk_scenario_read_json(&s, doc, strlen(doc), NULL, &err),
                     MFK_OK);
    ck_assert_uint_eq(mfk_body_member_count(mfk_scenario_body(s)),
                      MFK_MAX_MEMBERS);
    ck_assert_int_eq(mfk_body_chair(mfk_scenario_body(s), &chair), MFK_OK);
    ck_assert_str_eq(mfk_body_member_id(mfk_scenario_body(s), chair), "M1007");
    free(doc);
    mfk_scenario_free(s);
}
END_TEST

/* A document of one member and one proposal: `member` and `prop` are
 * their extra keys (JSON, each starting with ", "), `body` the body's. */
static char *limit_doc(const char *body, const char *member, const char *prop)
{
    size_t size = strlen(body) + strlen(member) + strlen(prop) + 200;
    char *s = malloc(size);
    ck_assert_ptr_nonnull(s);
    snprintf(s, size,
             "{\"mufakat\": 1, \"body\": {\"name\": \"b\"%s, \"members\": "
             "[{\"id\": \"A\"%s}]}, \"proposals\": [{\"id\": \"P\"%s}]}",
             body, member, prop);
    return s;
}

/* ", \"key\": [v, v, ...]", n times v; or n scripted rounds when key is
 * "rounds". */
static char *limit_list(const char *key, const char *v, size_t n)
{
    size_t size = strlen(key) + n * (strlen(v) + 2) + 16, len, i;
    char *s = malloc(size);
    ck_assert_ptr_nonnull(s);
    len = (size_t)snprintf(s, size, ", \"%s\": [", key);
    for (i = 0; i < n; i++)
        len += (size_t)snprintf(s + len, size - len, "%s%s", i ? ", " : "", v);
    snprintf(s + len, size - len, "]");
    return s;
}

/* Reads doc (freed): MFK_OK, the scenario written as CBOR and read back
 * too (one table of limits for both readers and the writer); or the code,
 * with err's pointer and message checked. */
static void limit_case(char *doc, int code, const char *pointer,
                       const char *message)
{
    mfk_scenario *s = NULL, *t = NULL;
    mfk_error err;
    int rc = mfk_scenario_read_json(&s, doc, strlen(doc), NULL, &err);
    ck_assert_msg(rc == code, "%s: got %s (%s: %s)", pointer ? pointer : "",
                  mfk_err_name(rc), err.pointer, err.message);
    if (rc == MFK_OK) {
        size_t len;
        unsigned char *cbor = as_cbor(s, &len);
        ck_assert_int_eq(mfk_scenario_read_cbor(&t, cbor, len, NULL, &err),
                         MFK_OK);
        free(cbor);
        mfk_scenario_free(t);
    } else {
        ck_assert_str_eq(err.pointer, pointer);
        ck_assert_msg(strstr(err.message, message) != NULL,
                      "message \"%s\" lacks \"%s\"", err.message, message);
    }
    mfk_scenario_free(s);
    free(doc);
}

/* Each limit of the scenario reader from both sides: exactly at it the
 * document is read (and written and read back as CBOR), one past it it
 * is refused with its place and the limit. */
START_TEST(reader_limits_both_sides)
{
    char num[40], num2[120], extra[200];
    char *list, *list2;
    const char *model = ", \"position\": [0], \"status_quo\": [0]";

    /* numbers: at most 1e100 in magnitude (distances stay finite) */
    snprintf(extra, sizeof extra,
             ", \"ideal\": [1e100], \"tolerance\": -1e100, \"salience\": "
             "[1e100]");
    limit_case(limit_doc("", extra,
                         ", \"position\": [-1e100], \"status_quo\": [1e100]"),
               MFK_OK, NULL, NULL);
    snprintf(num, sizeof num, "%.17g", nextafter(1e100, INFINITY));
    snprintf(extra, sizeof extra, ", \"ideal\": [%s]", num);
    limit_case(limit_doc("", extra, model), MFK_EFORMAT,
               "/body/members/0/ideal/0",
               "expected a number from -1e100 to 1e100, found "
               "1.0000000000000002e+100");
    snprintf(extra, sizeof extra,
             ", \"ideal\": [0]}, {\"id\": \"B\", \"ideal\": [0]");
    snprintf(num2, sizeof num2, ", \"position\": [0], \"status_quo\": [-%s]",
             num);
    limit_case(limit_doc("", extra, num2), MFK_EFORMAT,
               "/proposals/0/status_quo/0", "expected a number from -1e100");
    /* weights: at most 1e12 (sums of 4096 stay exact) */
    limit_case(limit_doc("", ", \"weight\": 1e12",
                         ", \"rounds\": [{\"stances\": {}}]"),
               MFK_OK, NULL, NULL);
    snprintf(extra, sizeof extra, ", \"weight\": %.17g",
             nextafter(1e12, INFINITY));
    limit_case(limit_doc("", extra, ", \"rounds\": [{\"stances\": {}}]"),
               MFK_EFORMAT, "/body/members/0/weight",
               "expected a weight of at most 1e12");
    /* max_rounds: at most MFK_MAX_ROUNDS, the body's and a proposal's */
    snprintf(extra, sizeof extra, ", \"max_rounds\": %d", MFK_MAX_ROUNDS);
    limit_case(limit_doc(extra, "", ", \"rounds\": [{\"stances\": {}}]"),
               MFK_OK, NULL, NULL);
    snprintf(extra, sizeof extra, ", \"max_rounds\": %d", MFK_MAX_ROUNDS + 1);
    limit_case(limit_doc(extra, "", ", \"rounds\": [{\"stances\": {}}]"),
               MFK_EFORMAT, "/body/max_rounds",
               "expected an integer from 1 to 1000, found 1001");
    /* scripted rounds: at most max_rounds, so at most MFK_MAX_ROUNDS */
    list = limit_list("rounds", "{\"stances\": {}}", MFK_MAX_ROUNDS);
    snprintf(extra, sizeof extra, ", \"max_rounds\": %d", MFK_MAX_ROUNDS);
    list2 = malloc(strlen(list) + strlen(extra) + 1);
    ck_assert_ptr_nonnull(list2);
    strcpy(list2, extra);
    strcat(list2, list);
    limit_case(limit_doc("", "", list2), MFK_OK, NULL, NULL);
    free(list);
    free(list2);
    list = limit_list("rounds", "{\"stances\": {}}", MFK_MAX_ROUNDS + 1);
    list2 = malloc(strlen(list) + strlen(extra) + 1);
    ck_assert_ptr_nonnull(list2);
    strcpy(list2, extra);
    strcat(list2, list);
    limit_case(limit_doc("", "", list2), MFK_EFORMAT, "/proposals/0/rounds",
               "1001 scripted rounds: expected at most max_rounds (1000)");
    free(list);
    free(list2);
    /* dimensions: at most MFK_MAX_DIMS, in vectors and in names; one
     * more was "expected 1 number", as though the scenario had one */
    list = limit_list("ideal", "0", MFK_MAX_DIMS);
    list2 = limit_list("dimensions", "\"d\"", MFK_MAX_DIMS);
    {
        size_t i;
        char *names = malloc(strlen(list2) + 16);
        ck_assert_ptr_nonnull(names);
        /* distinct names: d, e, f, ... */
        strcpy(names, list2);
        for (i = 0; i < MFK_MAX_DIMS; i++)
            names[strlen(", \"dimensions\": [") + 5 * i + 1] = (char)('d' + i);
        limit_case(limit_doc(names, list, ", \"rounds\": [{\"stances\": {}}]"),
                   MFK_OK, NULL, NULL);
        free(names);
    }
    free(list);
    free(list2);
    list = limit_list("ideal", "0", MFK_MAX_DIMS + 1);
    limit_case(limit_doc("", list, ", \"rounds\": [{\"stances\": {}}]"),
               MFK_EFORMAT, "/body/members/0/ideal",
               "17 numbers: a scenario has at most 16 dimensions");
    free(list);
    list = limit_list("dimensions", "\"d\"", MFK_MAX_DIMS + 1);
    limit_case(limit_doc(list, "", ", \"rounds\": [{\"stances\": {}}]"),
               MFK_EFORMAT, "/body/dimensions",
               "17 names: a scenario has at most 16 dimensions");
    free(list);
}
END_TEST

/* Nesting in a JSON scenario, from both sides: jansson parses 2048
 * levels (JSON_PARSER_MAX_DEPTH), and the reader then names what is
 * wrong by its place; one level more is refused by the parser, at its
 * line and column. */
START_TEST(reader_nesting_both_sides)
{
    const size_t max = 2048;
    char *doc = malloc(2 * (max + 1) + 64);
    mfk_scenario *s = NULL;
    mfk_error err;
    size_t n, i, len;

    ck_assert_ptr_nonnull(doc);
    for (n = max; n <= max + 1; n++) {
        /* {"mufakat": [[...]]}: n levels, the object's included */
        len = (size_t)sprintf(doc, "{\"mufakat\": ");
        for (i = 1; i < n; i++)
            doc[len++] = '[';
        for (i = 1; i < n; i++)
            doc[len++] = ']';
        doc[len++] = '}';
        doc[len] = '\0';
        if (n == max) {
            ck_assert_int_eq(mfk_scenario_read_json(&s, doc, len, NULL, &err),
                             MFK_EFORMAT);
            ck_assert_str_eq(err.pointer, "/mufakat");
            ck_assert_str_eq(err.message,
                             "expected 1, found an array");
        } else {
            ck_assert_int_eq(mfk_scenario_read_json(&s, doc, len, NULL, &err),
                             MFK_ESYNTAX);
            ck_assert_int_eq(err.line, 1);
            ck_assert_int_eq(err.column,
                             (int)(strlen("{\"mufakat\": ") + max));
            ck_assert_ptr_nonnull(strstr(err.message, "depth"));
        }
        ck_assert_ptr_null(s);
    }
    free(doc);
}
END_TEST

/* A key longer than a pointer can hold: the pointer is cut short, the
 * message quotes the start of the key. */
START_TEST(long_pointer_is_cut)
{
    char key[301], *doc;
    size_t len;
    mfk_error err;
    memset(key, 'k', 300);
    key[300] = '\0';
    len = strlen(key) + 64;
    doc = malloc(len);
    ck_assert_ptr_nonnull(doc);
    snprintf(doc, len, "{'mufakat': 1, '%s': 0}", key);
    ck_assert_int_eq(read_doc(doc, NULL, &err), MFK_EFORMAT);
    ck_assert_uint_eq(strlen(err.pointer), sizeof err.pointer - 1);
    ck_assert_int_eq(err.pointer[0], '/');
    ck_assert(strspn(err.pointer + 1, "k") == sizeof err.pointer - 2);
    ck_assert_ptr_nonnull(strstr(err.message, "unknown key \"kkkk"));
    free(doc);
}
END_TEST

/* Syntax errors give line, column and the byte offset of the fault: the
 * last byte of the token at fault, or the end of an input that ended too
 * soon; and no pointer. */
START_TEST(syntax_error_place)
{
    static const char doc[] = "{\n  \"mufakat\": 1,\n  \"body\": ]\n}";
    mfk_scenario *s = NULL;
    mfk_error err;
    ck_assert_int_eq(mfk_scenario_read_json(&s, doc, sizeof doc - 1, NULL,
                                            &err),
                     MFK_ESYNTAX);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(err.code, MFK_ESYNTAX);
    ck_assert_int_eq(err.line, 3);
    ck_assert_int_eq(err.column, 11);
    ck_assert_int_eq(err.offset, 28);
    ck_assert_int_eq(doc[28], ']');
    ck_assert_int_eq(mfk_scenario_read_json(&s, "{\"a\":1}x", 8, NULL, &err),
                     MFK_ESYNTAX);
    ck_assert_int_eq(err.offset, 7);
    ck_assert_int_eq(mfk_scenario_read_json(&s, "{", 1, NULL, &err),
                     MFK_ESYNTAX);
    ck_assert_int_eq(err.offset, 1);
    ck_assert_int_eq(mfk_scenario_read_json(&s, "x", 1, NULL, &err),
                     MFK_ESYNTAX);
    ck_assert_int_eq(err.offset, 0);
    /* columns count from 1, an empty text's and a line's end too */
    ck_assert_int_eq(mfk_scenario_read_json(&s, "", 0, NULL, &err),
                     MFK_ESYNTAX);
    ck_assert_int_eq(err.line, 1);
    ck_assert_int_eq(err.column, 1);
    ck_assert_int_eq(err.offset, 0);
    ck_assert_int_eq(mfk_scenario_read_json(&s, "\n", 1, NULL, &err),
                     MFK_ESYNTAX);
    ck_assert_int_eq(err.line, 2);
    ck_assert_int_eq(err.column, 1);
    ck_assert_int_eq(mfk_scenario_read_json(&s, doc, sizeof doc - 1, NULL,
                                            &err),
                     MFK_ESYNTAX);
    ck_assert_str_eq(err.pointer, "");
    ck_assert_ptr_nonnull(strstr(err.message, "unexpected token"));
    /* without a place for the detail, the code alone */
    ck_assert_int_eq(mfk_scenario_read_json(&s, doc, sizeof doc - 1, NULL,
                                            NULL),
                     MFK_ESYNTAX);
    ck_assert_int_eq(mfk_scenario_read_json(&s, "[]", 2, NULL, NULL),
                     MFK_EFORMAT);
    ck_assert_ptr_null(s);
}
END_TEST

START_TEST(readers_refuse_null)
{
    mfk_scenario *s = (mfk_scenario *)&s;
    mfk_error err;
    ck_assert_int_eq(mfk_scenario_read_json(NULL, "{}", 2, NULL, &err),
                     MFK_EINVAL);
    ck_assert_int_eq(err.code, MFK_EINVAL);
    ck_assert_str_eq(err.message, "no place for the scenario");
    ck_assert_int_eq(mfk_scenario_read_json(&s, NULL, 2, NULL, &err),
                     MFK_EINVAL);
    ck_assert_ptr_null(s);
    ck_assert_str_eq(err.message, "no text");
    ck_assert_int_eq(mfk_scenario_read_json(NULL, "{}", 2, NULL, NULL),
                     MFK_EINVAL);
    s = (mfk_scenario *)&s;
    ck_assert_int_eq(mfk_scenario_read_file(NULL, DEMO_JSON, NULL, &err),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_scenario_read_file(&s, NULL, NULL, &err),
                     MFK_EINVAL);
    ck_assert_ptr_null(s);
}
END_TEST

START_TEST(read_file_errors)
{
    mfk_scenario *s = NULL;
    mfk_error err;
    ck_assert_int_eq(mfk_scenario_read_file(&s, MFK_TEST_DATA "/nonexistent",
                                            NULL, &err),
                     MFK_EIO);
    ck_assert_ptr_null(s);
    ck_assert_str_eq(err.message, "cannot open: No such file or directory");
    ck_assert_str_eq(err.pointer, "");
    /* a folder opens but cannot be read */
    ck_assert_int_eq(mfk_scenario_read_file(&s, MFK_TEST_DATA, NULL, &err),
                     MFK_EIO);
    ck_assert_str_eq(err.message, "cannot read: Is a directory");
    ck_assert_int_eq(mfk_scenario_read_file(&s, MFK_TEST_DATA, NULL, NULL),
                     MFK_EIO);
    /* an empty file is JSON text that ends too soon */
    ck_assert_int_eq(mfk_scenario_read_file(&s, "/dev/null", NULL, &err),
                     MFK_ESYNTAX);
    ck_assert_int_eq(err.line, 1);
    ck_assert_int_eq(err.offset, 0);
    ck_assert_ptr_null(s);
}
END_TEST

/* An endless file is refused at 64 MiB, with the offset reached. */
START_TEST(read_file_too_large)
{
    mfk_scenario *s = NULL;
    mfk_error err;
    test_alloc t;
    test_alloc_init(&t);
    ck_assert_int_eq(mfk_scenario_read_file(&s, "/dev/zero", &t.a, &err),
                     MFK_ELIMIT);
    ck_assert_ptr_null(s);
    ck_assert_uint_eq(t.live, 0);
    ck_assert_int_eq(err.offset, 64ll << 20);
    ck_assert_str_eq(err.message, "larger than 64 MiB: not read");
    ck_assert_int_eq(mfk_scenario_read_file(&s, "/dev/zero", NULL, NULL),
                     MFK_ELIMIT);
}
END_TEST

/* A file that does not start as JSON text can is read as CBOR. */
START_TEST(read_file_cbor)
{
    mfk_scenario *j = read_path(DEMO_JSON);
    mfk_scenario *c = read_path(MFK_TEST_DATA "/cbor/asean-amm.cbor");
    assert_same_runs(j, c);
    mfk_scenario_free(j);
    mfk_scenario_free(c);
}
END_TEST

START_TEST(queries_refuse_null)
{
    mfk_scenario *s = read_path(DEMO_JSON);
    mfk_consultation *c = (mfk_consultation *)&c;
    size_t n = mfk_scenario_proposal_count(s);
    ck_assert_uint_gt(n, 0);
    ck_assert_ptr_null(mfk_scenario_body(NULL));
    ck_assert_uint_eq(mfk_scenario_proposal_count(NULL), 0);
    ck_assert_ptr_null(mfk_scenario_proposal(NULL, 0));
    ck_assert_ptr_null(mfk_scenario_proposal(s, n));
    ck_assert_ptr_nonnull(mfk_scenario_proposal(s, n - 1));
    ck_assert_int_eq(mfk_scenario_year(NULL), 0);
    ck_assert_int_eq(mfk_scenario_consult(s, 0, NULL, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_scenario_consult(NULL, 0, NULL, &c), MFK_EINVAL);
    ck_assert_ptr_null(c);
    c = (mfk_consultation *)&c;
    ck_assert_int_eq(mfk_scenario_consult(s, n, NULL, &c), MFK_EINVAL);
    ck_assert_ptr_null(c);
    mfk_scenario_free(s);
    mfk_scenario_free(NULL);
}
END_TEST

struct cwalk {
    char *doc;
    mfk_scenario *s;
    mfk_consultation *c;
};

/* Reads the amended proposal and consults it, with one allocator: the
 * amendments take their memory from the scenario's. */
static int walk_consult(void *ud, const mfk_allocator *alloc)
{
    struct cwalk *w = ud;
    mfk_error err;
    int rc = mfk_scenario_read_json(&w->s, w->doc, strlen(w->doc), alloc,
                                    &err);
    if (rc != MFK_OK)
        return rc;
    return mfk_scenario_consult(w->s, 0, alloc, &w->c);
}

static void walk_consult_cleanup(void *ud)
{
    struct cwalk *w = ud;
    mfk_consultation_free(w->c);
    mfk_scenario_free(w->s);
    w->c = NULL;
    w->s = NULL;
}

/* The consultation of a scenario's proposal, with each allocation
 * failing in turn, in its making and in its rounds. */
START_TEST(consult_allocation_failures)
{
    struct cwalk w = {NULL, NULL, NULL};
    w.doc = dq(amended);
    ck_assert_uint_gt(test_alloc_walk(walk_consult, walk_consult_cleanup, &w),
                      20);
    free(w.doc);
}
END_TEST

START_TEST(write_json_allocation_failures)
{
    struct walk w = {NULL, NULL, 1};
    ck_assert_uint_gt(test_alloc_walk(walk_write, walk_cleanup, &w), 10);
}
END_TEST

/* Written and read back: a qualified majority, a body with no chair, a
 * rule weighted false, amendments of the position, of the text and of
 * both. */
START_TEST(more_settings_are_kept)
{
    mfk_scenario *a = NULL, *b = NULL;
    const mfk_body *bb;
    const mfk_proposal *p;
    const mfk_rule *r;
    mfk_consultation *c;
    mfk_error err;
    const char *text;
    const double *pos;
    size_t len, chair;
    char *json;
    ck_assert_int_eq(read_doc(amended, &a, &err), MFK_OK);
    json = as_json(a, &len);
    ck_assert_msg(mfk_scenario_read_json(&b, json, len, NULL, &err) == MFK_OK,
                  "%s %s", err.pointer, err.message);
    bb = mfk_scenario_body(b);
    ck_assert_int_eq(mfk_body_chair(bb, &chair), MFK_ENOTFOUND);
    ck_assert_int_eq(mfk_scenario_year(b), 0);
    r = mfk_body_rule(bb);
    ck_assert_int_eq(r->kind, MFK_RULE_QUALIFIED_MAJORITY);
    ck_assert(r->members_share == 0.6 && r->weight_share == 0.7);
    ck_assert_uint_eq(r->min_blocking, 3);
    p = mfk_scenario_proposal(b, 0);
    ck_assert_int_eq(mfk_proposal_rule(p)->kind, MFK_RULE_MAJORITY);
    ck_assert_int_eq(mfk_proposal_rule(p)->weighted, 0);
    assert_same_runs(a, b);
    ck_assert_int_eq(mfk_scenario_consult(b, 0, NULL, &c), MFK_OK);
    ck_assert_uint_eq(mfk_consultation_rounds(c), 4);
    p = mfk_consultation_proposal(c);
    mfk_proposal_version(p, 1, &text, &pos);
    ck_assert_ptr_null(text);
    ck_assert(pos[0] == 0.25);
    mfk_proposal_version(p, 2, &text, &pos);
    ck_assert_str_eq(text, "third");
    ck_assert(pos[0] == 0.25);
    mfk_proposal_version(p, 3, &text, &pos);
    ck_assert_str_eq(text, "fourth");
    ck_assert(pos[0] == 0.125);
    mfk_consultation_free(c);
    free(json);
    mfk_scenario_free(a);
    mfk_scenario_free(b);
}
END_TEST

/* ---- jansson's own allocations --------------------------------------- */

struct jwalk {
    const char *text; /* to read, or NULL to write s (or read cbor) */
    mfk_scenario *s;
    int json;
    void *out;
    const unsigned char *cbor; /* to read, with its length */
    size_t ncbor;
};

static int jwalk_run(void *ud, const mfk_allocator *alloc)
{
    struct jwalk *w = ud;
    size_t len;
    int rc;
    if (w->cbor != NULL)
        return mfk_scenario_read_cbor(&w->s, w->cbor, w->ncbor, alloc, NULL);
    if (w->text != NULL) {
        mfk_error err;
        rc = mfk_scenario_read_json(&w->s, w->text, strlen(w->text), alloc,
                                    &err);
        ck_assert_int_eq(err.code, rc);
        if (rc == MFK_ENOMEM) {
            ck_assert_str_eq(err.message, "out of memory");
            ck_assert_int_eq(err.line, -1);
        }
        if (rc == MFK_ESYNTAX) { /* a string jansson could not keep */
            ck_assert_ptr_nonnull(strstr(err.message, "near '\""));
            ck_assert_int_ge(err.line, 1);
        }
        return rc;
    }
    rc = w->json ? mfk_scenario_write_json(w->s, NULL, 0, &len)
                 : mfk_scenario_write_cbor(w->s, NULL, 0, &len);
    if (rc != MFK_ERANGE)
        return rc;
    w->out = malloc(len);
    return w->json ? mfk_scenario_write_json(w->s, w->out, len, &len)
                   : mfk_scenario_write_cbor(w->s, w->out, len, &len);
}

static void jwalk_cleanup(void *ud)
{
    struct jwalk *w = ud;
    free(w->out);
    w->out = NULL;
    if (w->text != NULL || w->cbor != NULL) {
        mfk_scenario_free(w->s);
        w->s = NULL;
    }
}

/* Reading JSON text with jansson out of memory: MFK_ENOMEM where jansson
 * says so by giving no message. jansson 2.14 may also take it for an
 * invalid string (a syntax error near it) or drop a byte of a string it
 * cannot grow (the scenario is then read wrong: "qualified-majoity" is no
 * rule); which the reader cannot know. Whatever comes, nothing leaks. */
START_TEST(read_jansson_failures)
{
    struct jwalk w = {NULL, NULL, 0, NULL, NULL, 0};
    char *text = dq(amended);
    w.text = text;
    ck_assert_uint_gt(
        test_alloc_walk_jansson(jwalk_run, jwalk_cleanup, &w, 0), 5);
    free(text);
}
END_TEST

/* Reading CBOR: the values that the data model is made of, from jansson
 * too; out of memory is MFK_ENOMEM, nothing leaks. */
START_TEST(read_cbor_jansson_failures)
{
    struct jwalk w = {NULL, NULL, 0, NULL, NULL, 0};
    unsigned char *bytes;
    char *text = dq(amended);
    mfk_error err;
    ck_assert_int_eq(mfk_scenario_read_json(&w.s, text, strlen(text), NULL,
                                            &err),
                     MFK_OK);
    bytes = as_cbor(w.s, &w.ncbor);
    mfk_scenario_free(w.s);
    w.s = NULL;
    w.cbor = bytes;
    ck_assert_uint_gt(
        test_alloc_walk_jansson(jwalk_run, jwalk_cleanup, &w, 1), 20);
    free(bytes);
    free(text);
}
END_TEST

/* Writing JSON and CBOR: the values made on the way, freed. */
START_TEST(write_jansson_failures)
{
    struct jwalk w = {NULL, NULL, 0, NULL, NULL, 0};
    char *text = dq(amended);
    mfk_error err;
    ck_assert_int_eq(mfk_scenario_read_json(&w.s, text, strlen(text), NULL,
                                            &err),
                     MFK_OK);
    for (w.json = 0; w.json <= 1; w.json++)
        ck_assert_uint_gt(
            test_alloc_walk_jansson(jwalk_run, jwalk_cleanup, &w, 1), 20);
    mfk_scenario_free(w.s);
    free(text);
}
END_TEST

#define SUMMIT_JSON MFK_TEST_DATA "/run/summit.json"

/* The Summit, the body's reference to it and a proposal's candidate
 * rules are read as given, and written back as read. */
START_TEST(summit_is_read)
{
    mfk_scenario *s = read_path(SUMMIT_JSON);
    const mfk_body *b = mfk_scenario_summit(s);
    const mfk_rule *r;
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_ne(b, mfk_scenario_body(s));
    ck_assert_str_eq(mfk_body_name(b), "ASEAN Summit");
    ck_assert_uint_eq(mfk_body_member_count(b), 4);
    ck_assert_uint_eq(mfk_scenario_candidate_rule_count(s, 0), 2);
    ck_assert_uint_eq(mfk_scenario_candidate_rule_count(s, 1), 0);
    ck_assert_uint_eq(mfk_scenario_candidate_rule_count(s, 2), 0);
    r = mfk_scenario_candidate_rule(s, 0, 0);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(r->kind, MFK_RULE_CONSENSUS_MINUS_X);
    r = mfk_scenario_candidate_rule(s, 0, 1);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(r->kind, MFK_RULE_MAJORITY);
    ck_assert_ptr_null(mfk_scenario_candidate_rule(s, 0, 2));
    ck_assert_ptr_null(mfk_scenario_candidate_rule(s, 1, 0));
    ck_assert_ptr_null(mfk_scenario_candidate_rule(s, 9, 0));
    mfk_scenario_free(s);
    assert_json_round_trip(SUMMIT_JSON);
    assert_cbor_round_trip(SUMMIT_JSON);
}
END_TEST

#define SUMMIT_NONE_JSON MFK_TEST_DATA "/run/summit-none.json"

/* A step at the Summit held by body b under a rule of `kind`, ended
 * with outcome `want`; freed. */
static void assert_step(mfk_consultation *c, const mfk_body *b,
                        mfk_rule_kind kind, mfk_outcome want)
{
    mfk_outcome o;
    ck_assert_ptr_eq(mfk_consultation_body(c), b);
    ck_assert_int_eq(mfk_proposal_rule(mfk_consultation_proposal(c))->kind,
                     kind);
    ck_assert_int_eq(mfk_consultation_outcome(c, &o), MFK_OK);
    ck_assert_int_eq(o, want);
    mfk_consultation_free(c);
}

/* The Summit's two steps: step 1 on each candidate rule as scripted, by
 * consensus, step 2 under the rule chosen by the body decided_by names;
 * a step not scripted is not found. */
START_TEST(summit_steps)
{
    mfk_scenario *s = read_path(SUMMIT_JSON);
    mfk_consultation *c = NULL, *amm = NULL;
    const mfk_proposal *p;
    mfk_outcome o;

    ck_assert_int_eq(mfk_scenario_consult(s, 0, NULL, &amm), MFK_OK);
    ck_assert_int_eq(mfk_consultation_outcome(amm, &o), MFK_OK);
    ck_assert_int_eq(o, MFK_OUTCOME_REFERRED_TO_SUMMIT);
    ck_assert_ptr_eq(mfk_scenario_decided_by(s, 0), mfk_scenario_body(s));
    ck_assert_ptr_null(mfk_scenario_decided_by(s, 1));
    ck_assert_int_eq(mfk_scenario_summit_consult(s, 0, 0, NULL, &c), MFK_OK);
    p = mfk_consultation_proposal(c);
    ck_assert_str_eq(mfk_proposal_id(p), "AEC-1/rule-1");
    ck_assert_str_eq(mfk_proposal_title(p),
                     "The rule for AEC-1: consensus-minus-x");
    assert_step(c, mfk_scenario_summit(s), MFK_RULE_CONSENSUS,
                MFK_OUTCOME_ADOPTED);
    /* Only one round is scripted: the second rule is not put. */
    ck_assert_int_eq(mfk_scenario_summit_consult(s, 0, 1, NULL, &c),
                     MFK_ENOTFOUND);
    ck_assert_ptr_null(c);
    {
        /* Out of range: a candidate, a proposal without any, no scenario. */
        static const size_t bad[][2] = {{0, 2}, {1, 0}, {9, 0}};
        size_t b;
        for (b = 0; b < 3; b++)
            ck_assert_int_eq(mfk_scenario_summit_consult(s, bad[b][0],
                                                         bad[b][1], NULL, &c),
                             MFK_EINVAL);
        ck_assert_int_eq(mfk_scenario_summit_consult(NULL, 0, 0, NULL, &c),
                         MFK_EINVAL);
        ck_assert_int_eq(mfk_scenario_summit_decide(s, 0, 0, NULL, NULL),
                         MFK_EINVAL);
    }
    ck_assert_int_eq(mfk_scenario_summit_decide(s, 0, 0, NULL, &c), MFK_OK);
    assert_step(c, mfk_scenario_body(s), MFK_RULE_CONSENSUS_MINUS_X,
                MFK_OUTCOME_ADOPTED_WITH_RESERVATIONS);
    ck_assert_int_eq(mfk_scenario_summit_decide(s, 0, 2, NULL, &c),
                     MFK_EINVAL);
    mfk_consultation_free(amm);
    mfk_scenario_free(s);

    /* Decided by the Summit; it adopts neither rule. */
    s = read_path(SUMMIT_NONE_JSON);
    ck_assert_ptr_eq(mfk_scenario_decided_by(s, 0), mfk_scenario_summit(s));
    ck_assert_int_eq(mfk_scenario_summit_consult(s, 0, 1, NULL, &c), MFK_OK);
    assert_step(c, mfk_scenario_summit(s), MFK_RULE_CONSENSUS,
                MFK_OUTCOME_NO_OUTCOME);
    ck_assert_int_eq(mfk_scenario_summit_decide(s, 0, 1, NULL, &c), MFK_OK);
    assert_step(c, mfk_scenario_summit(s), MFK_RULE_MAJORITY,
                MFK_OUTCOME_NO_OUTCOME);
    mfk_scenario_free(s);
    assert_json_round_trip(SUMMIT_NONE_JSON);
    assert_cbor_round_trip(SUMMIT_NONE_JSON);
}
END_TEST

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The steps' JSON, written by the two calls, in a malloc'ed string. */
static char *steps_json(const mfk_summit_steps *st)
{
    size_t len, len2;
    char *buf;
    ck_assert_int_eq(mfk_summit_steps_write_json(st, NULL, NULL, 0, &len),
                     MFK_ERANGE);
    buf = malloc(len + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(mfk_summit_steps_write_json(st, NULL, buf, len - 1,
                                                 &len2),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_summit_steps_write_json(st, NULL, buf, len, &len2),
                     MFK_OK);
    ck_assert_uint_eq(len2, len);
    buf[len] = '\0';
    return buf;
}

/* Both steps at once, as `run` holds them: the rule chosen and step 2
 * under it by the body; none chosen when the Summit adopts neither; not
 * found without candidate rules or a Summit. */
START_TEST(summit_run)
{
    mfk_scenario *s = read_path(SUMMIT_JSON);
    mfk_summit_steps *st = NULL;
    const mfk_consultation *c;
    mfk_outcome o;
    size_t index = 0;
    char *json;

    ck_assert_int_eq(mfk_scenario_summit_run(s, 0, NULL, &st), MFK_OK);
    ck_assert_uint_eq(mfk_summit_steps_count(st), 1);
    c = mfk_summit_steps_step(st, 0);
    ck_assert_str_eq(mfk_proposal_id(mfk_consultation_proposal(c)),
                     "AEC-1/rule-1");
    ck_assert_ptr_eq(mfk_consultation_body(c), mfk_scenario_summit(s));
    ck_assert_ptr_null(mfk_summit_steps_step(st, 1));
    ck_assert_int_eq(mfk_summit_steps_rule(st, &index)->kind,
                     MFK_RULE_CONSENSUS_MINUS_X);
    ck_assert_uint_eq(index, 0);
    c = mfk_summit_steps_decision(st);
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_eq(mfk_consultation_body(c), mfk_scenario_body(s));
    ck_assert_ptr_eq(mfk_summit_steps_decided_by(st), mfk_scenario_body(s));
    ck_assert_int_eq(mfk_consultation_outcome(c, &o), MFK_OK);
    ck_assert_int_eq(o, MFK_OUTCOME_ADOPTED_WITH_RESERVATIONS);
    json = steps_json(st);
    ck_assert_msg(starts_with(json, "{\"rule\": \"consensus-minus-x\", "
                                    "\"decided_by\": \"body\", \"step1\": "
                                    "[{\"id\": \"AEC-1/rule-1\", "),
                  "%s", json);
    ck_assert_ptr_nonnull(strstr(json, "], \"step2\": {\"id\": \"AEC-1\", "));
    ck_assert_ptr_nonnull(
        strstr(json, "\"outcome\": \"adopted-with-reservations\""));
    ck_assert_ptr_null(strchr(json, '\n'));
    ck_assert_int_eq(json[strlen(json) - 1], '}');
    free(json);
    mfk_summit_steps_free(st);

    /* Refused: no candidate rules, out of range, nothing to put it in. */
    st = (mfk_summit_steps *)&index;
    ck_assert_int_eq(mfk_scenario_summit_run(s, 1, NULL, &st), MFK_ENOTFOUND);
    ck_assert_ptr_null(st);
    ck_assert_int_eq(mfk_scenario_summit_run(s, 9, NULL, &st), MFK_EINVAL);
    ck_assert_int_eq(mfk_scenario_summit_run(NULL, 0, NULL, &st), MFK_EINVAL);
    ck_assert_int_eq(mfk_scenario_summit_run(s, 0, NULL, NULL), MFK_EINVAL);
    mfk_scenario_free(s);

    /* The Summit adopts neither rule: both step-1 rounds, no rule. */
    s = read_path(SUMMIT_NONE_JSON);
    ck_assert_int_eq(mfk_scenario_summit_run(s, 0, NULL, &st), MFK_OK);
    ck_assert_uint_eq(mfk_summit_steps_count(st), 2);
    ck_assert_ptr_null(mfk_summit_steps_rule(st, &index));
    ck_assert_uint_eq(index, SIZE_MAX);
    ck_assert_ptr_null(mfk_summit_steps_decision(st));
    ck_assert_ptr_null(mfk_summit_steps_decided_by(st));
    json = steps_json(st);
    ck_assert_msg(starts_with(json, "{\"rule\": null, \"decided_by\": null, "
                                    "\"step1\": [{\"id\": \"AEC-1/rule-1\", "),
                  "%s", json);
    ck_assert_ptr_nonnull(strstr(json, "{\"id\": \"AEC-1/rule-2\", "));
    ck_assert_ptr_nonnull(strstr(json, "], \"step2\": null}"));
    free(json);
    mfk_summit_steps_free(st);
    mfk_scenario_free(s);

    s = read_path(DEMO_JSON);
    ck_assert_int_eq(mfk_scenario_summit_run(s, 0, NULL, &st), MFK_ENOTFOUND);
    mfk_scenario_free(s);

    /* The accessors of no steps. */
    mfk_summit_steps_free(NULL);
    ck_assert_uint_eq(mfk_summit_steps_count(NULL), 0);
    ck_assert_ptr_null(mfk_summit_steps_step(NULL, 0));
    ck_assert_ptr_null(mfk_summit_steps_rule(NULL, &index));
    ck_assert_uint_eq(index, SIZE_MAX);
    ck_assert_ptr_null(mfk_summit_steps_rule(NULL, NULL));
    ck_assert_ptr_null(mfk_summit_steps_decision(NULL));
    ck_assert_ptr_null(mfk_summit_steps_decided_by(NULL));
    ck_assert_int_eq(mfk_summit_steps_write_json(NULL, NULL, NULL, 0, &index),
                     MFK_EINVAL);
}
END_TEST

/* The steps' sentence `part`, of `width` columns. */
static char *steps_sentence(const mfk_summit_steps *st, mfk_summit_part part,
                            unsigned width)
{
    size_t len, len2;
    char *buf;
    ck_assert_int_eq(mfk_summit_steps_account(st, part, width, NULL, NULL, 0,
                                              &len),
                     MFK_ERANGE);
    buf = malloc(len + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(mfk_summit_steps_account(st, part, width, NULL, buf,
                                              len, &len2),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_summit_steps_account(st, part, width, NULL, buf,
                                              len + 1, &len2),
                     MFK_OK);
    ck_assert_uint_eq(len2, len);
    ck_assert_uint_eq(strlen(buf), len);
    return buf;
}

static void assert_sentence(const mfk_summit_steps *st, mfk_summit_part part,
                            unsigned width, const char *want)
{
    char *got = steps_sentence(st, part, width);
    ck_assert_str_eq(got, want);
    free(got);
}

/* The steps told in the library's sentences: the question put to the
 * Summit, and the rule it chose and who decides under it, that it chose
 * none, or that no rounds under it are scripted; wrapped or not. */
START_TEST(summit_account)
{
    static const char waits[] =
        "{\"mufakat\": 1, \"body\": {\"name\": \"AMM\", \"members\": "
        "[{\"id\": \"A\", \"name\": \"A\"}, {\"id\": \"B\", \"name\": \"B\"}],"
        " \"refers_to\": \"Summit\"}, \"summit\": {\"name\": \"Summit\", "
        "\"members\": [{\"id\": \"A\", \"name\": \"A\"}]}, \"proposals\": "
        "[{\"id\": \"P\", \"title\": \"t\", \"max_rounds\": 1, \"fallback\": "
        "\"refer-to-summit\", \"candidate_rules\": [{\"kind\": "
        "\"flexible\"}], \"summit_rounds\": [{\"stances\": {\"A\": "
        "\"join\"}}], \"rounds\": [{\"stances\": {\"A\": \"join\", \"B\": "
        "\"object\"}}]}]}";
    mfk_scenario *s = read_path(SUMMIT_JSON);
    mfk_summit_steps *st = NULL;
    mfk_error err;
    size_t len;

    ck_assert_int_eq(mfk_scenario_summit_run(s, 0, NULL, &st), MFK_OK);
    assert_sentence(st, MFK_SUMMIT_QUESTION, 0,
                    "At the Summit: how AEC-1 is to be decided, by consensus "
                    "of the ASEAN Summit.");
    assert_sentence(st, MFK_SUMMIT_CHOICE, 0,
                    "The Summit chooses the rule consensus-minus-x: AEC-1 is "
                    "decided under it by the ASEAN Foreign Ministers' "
                    "Meeting.");
    assert_sentence(st, MFK_SUMMIT_QUESTION, 30,
                    "At the Summit: how AEC-1 is to\n"
                    "be decided, by consensus of\n"
                    "the ASEAN Summit.");
    ck_assert_int_eq(mfk_summit_steps_account(st, (mfk_summit_part)2, 0,
                                              NULL, NULL, 0, &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_summit_steps_account(st, MFK_SUMMIT_CHOICE, 0, NULL,
                                              NULL, 0, NULL),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_summit_steps_account(NULL, MFK_SUMMIT_CHOICE, 0,
                                              NULL, NULL, 0, &len),
                     MFK_EINVAL);
    mfk_summit_steps_free(st);
    mfk_scenario_free(s);

    s = read_path(SUMMIT_NONE_JSON);
    ck_assert_int_eq(mfk_scenario_summit_run(s, 0, NULL, &st), MFK_OK);
    assert_sentence(st, MFK_SUMMIT_CHOICE, 0,
                    "The Summit adopts none of the 2 candidate rules: AEC-1 "
                    "stays referred to the Summit.");
    mfk_summit_steps_free(st);
    mfk_scenario_free(s);

    ck_assert_msg(mfk_scenario_read_json(&s, waits, strlen(waits), NULL,
                                         &err) == MFK_OK,
                  "%s %s", err.pointer, err.message);
    ck_assert_int_eq(mfk_scenario_summit_run(s, 0, NULL, &st), MFK_OK);
    ck_assert_ptr_null(mfk_summit_steps_decision(st));
    assert_sentence(st, MFK_SUMMIT_CHOICE, 0,
                    "The Summit chooses the rule flexible: P is decided under "
                    "it by the AMM; no rounds under it are scripted, and it "
                    "waits.");
    mfk_summit_steps_free(st);
    mfk_scenario_free(s);

    /* Without summit_rounds the Summit holds no round: not "adopts none". */
    {
        char *none = strdup(waits), *at = strstr(none, ", \"summit_rounds\"");
        char *end = strstr(at, "}}]");
        memmove(at, end + 3, strlen(end + 3) + 1);
        ck_assert_msg(mfk_scenario_read_json(&s, none, strlen(none), NULL,
                                             &err) == MFK_OK,
                      "%s %s", err.pointer, err.message);
        free(none);
    }
    ck_assert_int_eq(mfk_scenario_summit_run(s, 0, NULL, &st), MFK_OK);
    ck_assert_uint_eq(mfk_summit_steps_count(st), 0);
    assert_sentence(st, MFK_SUMMIT_CHOICE, 0,
                    "No round at the Summit is scripted: P stays referred to "
                    "the Summit.");
    mfk_summit_steps_free(st);
    mfk_scenario_free(s);
}
END_TEST

struct swalk {
    mfk_scenario *s;
    mfk_summit_steps *st;
    char *json;
};

static int walk_summit(void *ud, const mfk_allocator *alloc)
{
    struct swalk *w = ud;
    mfk_error err;
    size_t len;
    int rc = mfk_scenario_read_file(&w->s, SUMMIT_JSON, alloc, &err);
    if (rc == MFK_OK)
        rc = mfk_scenario_summit_run(w->s, 0, alloc, &w->st);
    if (rc == MFK_OK)
        rc = mfk_summit_steps_write_json(w->st, alloc, NULL, 0, &len);
    if (rc == MFK_ERANGE && (w->json = malloc(len)) == NULL)
        rc = MFK_ENOMEM;
    else if (rc == MFK_ERANGE)
        rc = mfk_summit_steps_write_json(w->st, alloc, w->json, len, &len);
    return rc;
}

static void walk_summit_cleanup(void *ud)
{
    struct swalk *w = ud;
    mfk_summit_steps_free(w->st);
    mfk_scenario_free(w->s);
    free(w->json);
    w->st = NULL;
    w->s = NULL;
    w->json = NULL;
}

/* The steps with each allocation failing in turn: in the scenario, the
 * steps' proposals and consultations, and their JSON. */
START_TEST(summit_run_allocation_failures)
{
    struct swalk w = {NULL, NULL, NULL};
    ck_assert_uint_gt(test_alloc_walk(walk_summit, walk_summit_cleanup, &w),
                      20);
}
END_TEST

/* A scenario without a Summit has none, and NULL has none. */
START_TEST(summit_absent)
{
    mfk_scenario *s = read_path(DEMO_JSON);
    ck_assert_ptr_null(mfk_scenario_summit(s));
    ck_assert_uint_eq(mfk_scenario_candidate_rule_count(s, 0), 0);
    ck_assert_ptr_null(mfk_scenario_candidate_rule(s, 0, 0));
    mfk_scenario_free(s);
    ck_assert_ptr_null(mfk_scenario_summit(NULL));
    ck_assert_uint_eq(mfk_scenario_candidate_rule_count(NULL, 0), 0);
    ck_assert_ptr_null(mfk_scenario_candidate_rule(NULL, 0, 0));
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
    tcase_add_test(tc, component_only_when_given);
    tcase_add_test(tc, write_allocation_failures);
    tcase_add_test(tc, writers_refuse_null);
    tcase_add_test(tc, write_json_allocation_failures);
    tcase_add_test(tc, more_settings_are_kept);
    tcase_add_test(tc, read_jansson_failures);
    tcase_add_test(tc, read_cbor_jansson_failures);
    tcase_add_test(tc, write_jansson_failures);
    suite_add_tcase(s, tc);
    tc = test_case("reader");
    tcase_add_loop_test(tc, reader_errors, 0,
                        (int)(sizeof doc_cases / sizeof doc_cases[0]));
    tcase_add_test(tc, reader_limits);
    tcase_add_test(tc, reader_limits_both_sides);
    tcase_add_test(tc, reader_nesting_both_sides);
    tcase_add_test(tc, rotation_without_skip);
    tcase_add_test(tc, long_pointer_is_cut);
    tcase_add_test(tc, syntax_error_place);
    tcase_add_test(tc, readers_refuse_null);
    tcase_add_test(tc, read_file_errors);
    tcase_add_test(tc, read_file_too_large);
    tcase_add_test(tc, read_file_cbor);
    tcase_add_test(tc, queries_refuse_null);
    tcase_add_test(tc, consult_allocation_failures);
    tcase_add_test(tc, summit_is_read);
    tcase_add_test(tc, summit_steps);
    tcase_add_test(tc, summit_run);
    tcase_add_test(tc, summit_account);
    tcase_add_test(tc, summit_run_allocation_failures);
    tcase_add_test(tc, summit_absent);
    suite_add_tcase(s, tc);
    return s;
}
