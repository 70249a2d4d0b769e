/* Tests: circulate. The silence procedure by its deadline: stances with
 * their times, refused after the deadline; the round closed at the
 * deadline, adopted unless a member broke silence
 * (mfk_consultation_circulate(3)). */
#include "tests.h"

#include <string.h>

/* Three members under the silence rule, one round. */
static mfk_consultation *circulated(mfk_body **b, mfk_proposal **p,
                                    mfk_rule_kind kind)
{
    mfk_consultation *c = NULL;
    mfk_rule rule;
    *b = test_body(3);
    ck_assert_int_eq(mfk_rule_init(&rule, kind), MFK_OK);
    ck_assert_int_eq(mfk_body_set_rule(*b, &rule), MFK_OK);
    ck_assert_int_eq(mfk_body_set_max_rounds(*b, 1), MFK_OK);
    ck_assert_int_eq(mfk_proposal_new(p, *b, "P1", "title", NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_new(&c, *b, *p, NULL), MFK_OK);
    return c;
}

START_TEST(test_silence_kept_adopts)
{
    mfk_body *b;
    mfk_proposal *p;
    mfk_consultation *c = circulated(&b, &p, MFK_RULE_SILENCE);
    const unsigned char *st;
    mfk_verdict v;
    mfk_outcome o;
    unsigned round = 0;

    ck_assert_ptr_null(mfk_consultation_deadline(c, NULL));
    /* 17:00 in Jakarta's neighbours' time is 09:00 UTC */
    ck_assert_int_eq(mfk_consultation_circulate(c,
                                                "2026-07-01T17:00:00+08:00"),
                     MFK_OK);
    ck_assert_str_eq(mfk_consultation_deadline(c, &round),
                     "2026-07-01T09:00:00Z");
    ck_assert_uint_eq(round, 1);
    /* a circulated round takes stances and its close with their times */
    ck_assert_int_eq(mfk_consultation_set_stance(c, 0, MFK_JOIN),
                     MFK_ESTATE);
    ck_assert_int_eq(mfk_consultation_close_round(c, &v), MFK_ESTATE);
    ck_assert_int_eq(mfk_consultation_set_stance_at(c, 1, MFK_JOIN,
                                                    "2026-06-30T10:00:00Z"),
                     MFK_OK);
    /* nor does a run, which leaves the stances given as they were */
    ck_assert_int_eq(mfk_consultation_run(c, mfk_model_stances, NULL, NULL,
                                          NULL),
                     MFK_ESTATE);
    ck_assert_str_eq(mfk_consultation_stance_time(c, 1, 1),
                     "2026-06-30T10:00:00Z");
    /* at the deadline itself is in time; a half second after is late */
    ck_assert_int_eq(mfk_consultation_set_stance_at(c, 2, MFK_RESERVATION,
                                                    "2026-07-01T09:00:00Z"),
                     MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_stance_at(
                         c, 0, MFK_OBJECT, "2026-07-01T09:00:00.5Z"),
                     MFK_ESTATE);
    ck_assert_int_eq(mfk_consultation_set_stance_at(
                         c, 0, MFK_OBJECT, "2026-07-01T17:00:00.0001+08:00"),
                     MFK_ESTATE);
    /* it cannot close before its deadline */
    ck_assert_int_eq(mfk_consultation_close_at(c, "2026-07-01T08:59:59.9Z",
                                               &v),
                     MFK_ESTATE);
    ck_assert_int_eq(mfk_consultation_close_at(c, "2026-07-01T09:00:00.000Z",
                                               &v),
                     MFK_OK);
    ck_assert_int_eq(v, MFK_VERDICT_ADOPTED);
    ck_assert_int_eq(mfk_consultation_round(c, 1, &st, NULL, NULL, NULL),
                     MFK_OK);
    ck_assert_int_eq(st[1], MFK_JOIN);
    ck_assert_int_eq(mfk_consultation_outcome(c, &o), MFK_OK);
    ck_assert_int_eq(o, MFK_OUTCOME_ADOPTED_WITH_RESERVATIONS);
    /* the stances keep their times; the silent member has none */
    ck_assert_ptr_null(mfk_consultation_stance_time(c, 1, 0));
    ck_assert_str_eq(mfk_consultation_stance_time(c, 1, 1),
                     "2026-06-30T10:00:00Z");
    ck_assert_str_eq(mfk_consultation_stance_time(c, 1, 2),
                     "2026-07-01T09:00:00Z");
    ck_assert_ptr_null(mfk_consultation_stance_time(c, 2, 1));
    ck_assert_ptr_null(mfk_consultation_stance_time(c, 1, 3));
    /* a reset forgets the circulation */
    ck_assert_int_eq(mfk_consultation_reset(c), MFK_OK);
    ck_assert_ptr_null(mfk_consultation_deadline(c, &round));
    ck_assert_ptr_null(mfk_consultation_stance_time(c, 1, 1));
    test_free(c, p, b);
}
END_TEST

/* Circulated until 09:00 UTC on 1 July; M2 breaks silence; closed at
 * now: blocked. */
static void broken(mfk_consultation *c, const char *now)
{
    mfk_verdict v;
    ck_assert_int_eq(mfk_consultation_circulate(c, "2026-07-01T09:00:00Z"),
                     MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_stance_at(c, 2, MFK_OBJECT,
                                                    "2026-06-29T23:15:00Z"),
                     MFK_OK);
    ck_assert_int_eq(mfk_consultation_close_at(c, now, &v), MFK_OK);
    ck_assert_int_eq(v, MFK_VERDICT_BLOCKED);
}

START_TEST(test_silence_broken_blocks)
{
    mfk_body *b;
    mfk_proposal *p;
    mfk_consultation *c = circulated(&b, &p, MFK_RULE_SILENCE);
    const unsigned char *st;
    mfk_outcome o;

    broken(c, "2026-07-02T00:00:00Z");
    ck_assert_int_eq(mfk_consultation_round(c, 1, &st, NULL, NULL, NULL),
                     MFK_OK);
    ck_assert_int_eq(st[0], MFK_SILENT);
    ck_assert_int_eq(st[2], MFK_OBJECT);
    ck_assert_int_eq(mfk_consultation_outcome(c, &o), MFK_OK);
    ck_assert_int_eq(o, MFK_OUTCOME_DEFERRED);
    /* over: nothing more is taken */
    ck_assert_int_eq(mfk_consultation_set_stance_at(c, 0, MFK_JOIN,
                                                    "2026-06-30T00:00:00Z"),
                     MFK_ESTATE);
    test_free(c, p, b);
}
END_TEST

static int keep_time(const mfk_consultation *c, const mfk_event *e,
                     void *ud)
{
    (void)c;
    if (mfk_event_get_type(e) == MFK_EVENT_STANCE)
        strcpy(ud, mfk_event_time(e));
    return 0;
}

START_TEST(test_circulate_refusals)
{
    mfk_body *b;
    mfk_proposal *p;
    mfk_consultation *c = circulated(&b, &p, MFK_RULE_CONSENSUS);
    char seen[64] = "";
    mfk_verdict v;

    /* only under the silence rule */
    ck_assert_int_eq(mfk_consultation_circulate(c, "2026-07-01T09:00:00Z"),
                     MFK_ESTATE);
    test_free(c, p, b);
    c = circulated(&b, &p, MFK_RULE_SILENCE);
    ck_assert_int_eq(mfk_consultation_circulate(NULL, "2026-07-01T09:00:00Z"),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_circulate(c, "1 July 2026"),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_circulate(c, NULL), MFK_EINVAL);
    /* not circulated: no times taken */
    ck_assert_int_eq(mfk_consultation_set_stance_at(c, 0, MFK_JOIN,
                                                    "2026-06-30T00:00:00Z"),
                     MFK_ESTATE);
    ck_assert_int_eq(mfk_consultation_close_at(c, "2026-06-30T00:00:00Z",
                                               &v),
                     MFK_ESTATE);
    ck_assert_int_eq(mfk_consultation_circulate(c, "2026-07-01T09:00:00Z"),
                     MFK_OK);
    ck_assert_int_eq(mfk_consultation_circulate(c, "2026-07-02T09:00:00Z"),
                     MFK_ESTATE);
    ck_assert_int_eq(mfk_consultation_set_stance_at(c, 3, MFK_JOIN,
                                                    "2026-06-30T00:00:00Z"),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_set_stance_at(c, 0, MFK_JOIN,
                                                    "2026-02-30T00:00:00Z"),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_close_at(c, "yesterday", &v),
                     MFK_EINVAL);
    /* the hook is told each stance's time, in UTC */
    ck_assert_int_eq(mfk_consultation_set_hook(c, MFK_EVENT_STANCE, keep_time,
                                               seen),
                     MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_stance_at(
                         c, 0, MFK_OBJECT, "2026-07-01T07:30:00+07:00"),
                     MFK_OK);
    ck_assert_str_eq(seen, "2026-07-01T00:30:00Z");
    test_free(c, p, b);
}
END_TEST

/* A record keeps the circulated round's deadline and its stances'
 * times, and reads them back. */
START_TEST(test_record_keeps_times)
{
    mfk_body *b;
    mfk_proposal *p;
    mfk_consultation *c = circulated(&b, &p, MFK_RULE_SILENCE);
    mfk_record *rec = NULL, *back = NULL;
    unsigned char buf[4096];
    char json[4096];
    size_t len, used;
    unsigned round = 0;
    mfk_verdict v;

    broken(c, "2026-07-01T09:00:00Z");
    ck_assert_int_eq(mfk_record_new(&rec, c, "2026-07-01T09:00:00Z", NULL),
                     MFK_OK);
    ck_assert_int_eq(mfk_record_set_reason(rec, 1, 2, "not yet"), MFK_OK);
    ck_assert_int_eq(mfk_record_encode(rec, buf, sizeof buf, &len), MFK_OK);
    ck_assert_int_eq(mfk_record_decode(&back, buf, len, &used, NULL, NULL),
                     MFK_OK);
    ck_assert_str_eq(mfk_record_deadline(back, &round),
                     "2026-07-01T09:00:00Z");
    ck_assert_uint_eq(round, 1);
    ck_assert_str_eq(mfk_record_stance_time(back, 1, 2),
                     "2026-06-29T23:15:00Z");
    ck_assert_ptr_null(mfk_record_stance_time(back, 1, 0));
    /* the reason and the time of one stance are apart */
    ck_assert_str_eq(mfk_record_reason(back, 1, 2), "not yet");
    ck_assert_int_eq(mfk_record_write_json(back, NULL, json, sizeof json,
                                           &len),
                     MFK_OK);
    json[len] = '\0';
    ck_assert_ptr_nonnull(strstr(json, "\"deadline\": \"2026-07-01T09:00:00Z\", "
                                       "\"at\": {\"M2\": \"2026-06-29T23:15:00Z\"}"));
    mfk_record_free(back);
    mfk_record_free(rec);
    /* a record of a consultation not circulated has none */
    ck_assert_int_eq(mfk_consultation_reset(c), MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 0, MFK_JOIN), MFK_OK);
    ck_assert_int_eq(mfk_consultation_close_round(c, &v), MFK_OK);
    ck_assert_int_eq(mfk_record_new(&rec, c, "2026-07-01T09:00:00Z", NULL),
                     MFK_OK);
    ck_assert_ptr_null(mfk_record_deadline(rec, NULL));
    mfk_record_free(rec);
    test_free(c, p, b);
}
END_TEST

/* A record of a circulated consultation, and its circulation itself,
 * with each allocation failing in turn. */
struct walk {
    mfk_consultation *c;
    mfk_record *r;
};

static int walk_record(void *ud, const mfk_allocator *alloc)
{
    struct walk *w = ud;
    return mfk_record_new(&w->r, w->c, "2026-07-01T09:00:00Z", alloc);
}

static void walk_free(void *ud)
{
    struct walk *w = ud;
    mfk_record_free(w->r);
    w->r = NULL;
}

static int walk_circulate(void *ud, const mfk_allocator *alloc)
{
    mfk_body *b = ud;
    mfk_proposal *p = NULL;
    mfk_consultation *c = NULL;
    int rc = mfk_proposal_new(&p, b, "P1", "title", alloc);
    if (rc == MFK_OK)
        rc = mfk_consultation_new(&c, b, p, alloc);
    if (rc == MFK_OK)
        rc = mfk_consultation_circulate(c, "2026-07-01T09:00:00Z");
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    return rc;
}

START_TEST(test_circulation_alloc_failures)
{
    mfk_body *b;
    mfk_proposal *p;
    struct walk w = {NULL, NULL};

    w.c = circulated(&b, &p, MFK_RULE_SILENCE);
    broken(w.c, "2026-07-01T09:00:00Z");
    ck_assert_uint_gt(test_alloc_walk(walk_record, walk_free, &w), 3);
    ck_assert_uint_ge(test_alloc_walk(walk_circulate, NULL, b), 3);
    test_free(w.c, p, b);
}
END_TEST

/* The JSON of every consultation of scenario s, into buf. */
static void run_json(mfk_scenario *s, char *buf, size_t size)
{
    mfk_consultation *cs[4];
    size_t i, n = mfk_scenario_proposal_count(s), len;
    ck_assert_uint_le(n, 4);
    for (i = 0; i < n; i++)
        ck_assert_int_eq(mfk_scenario_consult(s, i, NULL, &cs[i]), MFK_OK);
    ck_assert_int_eq(mfk_consultation_write_json(cs, n, 0, NULL, buf, size,
                                                 &len),
                     MFK_OK);
    buf[len < size ? len : size - 1] = '\0';
    for (i = 0; i < n; i++)
        mfk_consultation_free(cs[i]);
}

/* A scenario's circulation is written as it was read: the deadline and
 * the first round's times, in UTC, give the same consultations. */
START_TEST(test_scenario_writes_circulation)
{
    mfk_scenario *s = NULL, *back = NULL;
    static char text[8192], first[8192], again[8192];
    size_t len;

    ck_assert_int_eq(mfk_scenario_read_file(&s, MFK_TEST_DATA
                                            "/run/deadline.json", NULL,
                                            NULL),
                     MFK_OK);
    run_json(s, first, sizeof first);
    ck_assert_int_eq(mfk_scenario_write_json(s, text, sizeof text, &len),
                     MFK_OK);
    ck_assert_ptr_nonnull(strstr(text, "\"deadline\""));
    ck_assert_int_eq(mfk_scenario_read_json(&back, text, len, NULL, NULL),
                     MFK_OK);
    run_json(back, again, sizeof again);
    ck_assert_str_eq(first, again);
    ck_assert_ptr_nonnull(strstr(first, "\"at\": {\"KHM\": "
                                        "\"2026-07-01T04:30:00Z\"}"));
    mfk_scenario_free(back);
    mfk_scenario_free(s);
}
END_TEST

Suite *circulate_suite(void)
{
    Suite *s = suite_create("circulate");
    TCase *tc = test_case("circulate");
    suite_add_tcase(s, tc);
    tcase_add_test(tc, test_silence_kept_adopts);
    tcase_add_test(tc, test_silence_broken_blocks);
    tcase_add_test(tc, test_circulate_refusals);
    tcase_add_test(tc, test_record_keeps_times);
    tcase_add_test(tc, test_scenario_writes_circulation);
    tcase_add_test(tc, test_circulation_alloc_failures);
    return s;
}
