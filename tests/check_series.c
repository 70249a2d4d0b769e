/* Meetings in series: rounds numbered on, records that continue each
 * other, the scenario's meetings and the series that holds them. */
#include "tests.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define SERIES_JSON MFK_TEST_DATA "/series/series.json"
#define TIME "2026-07-08T09:00:00Z"

static mfk_scenario *series(const mfk_allocator *alloc)
{
    mfk_scenario *s;
    mfk_error err;
    ck_assert_msg(mfk_scenario_read_file(&s, SERIES_JSON, alloc, &err) ==
                      MFK_OK,
                  "%s", err.message);
    return s;
}

/* A file name of this process's own in the temporary folder. */
static void tmp_file(char *buf, size_t size, const char *name)
{
    const char *base = getenv("TMPDIR");
    snprintf(buf, size, "%s/mfk-series-%ld-%s",
             base != NULL && base[0] != '\0' ? base : "/tmp",
             (long)getpid(), name);
    unlink(buf);
}

/* r's encoding, malloc'ed; *len its length. */
static unsigned char *encoded(const mfk_record *r, size_t *len)
{
    unsigned char *bytes;
    ck_assert_int_eq(mfk_record_encode(r, NULL, 0, len), MFK_ERANGE);
    bytes = malloc(*len);
    ck_assert_int_eq(mfk_record_encode(r, bytes, *len, len), MFK_OK);
    return bytes;
}

/* A finished consultation of one member on a fresh proposal, its first
 * round numbered `first`. */
static mfk_consultation *held(mfk_body **b, mfk_proposal **p,
                              unsigned first)
{
    mfk_consultation *c;
    *b = test_body(2);
    ck_assert_int_eq(mfk_proposal_new(p, *b, "P", "t", NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_new(&c, *b, *p, NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_first_round(c, first), MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 0, MFK_OBJECT), MFK_OK);
    ck_assert_int_eq(mfk_consultation_close_round(c, NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_end(c), MFK_OK);
    return c;
}

static void dropped(mfk_consultation *c, mfk_proposal *p, mfk_body *b)
{
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
}

/* A consultation keeps the chair it was made under: the series changes
 * the body's chair for each meeting, and the JSON, the record and the
 * drawing of a consultation from an earlier meeting name that meeting's
 * chair. */
START_TEST(consultation_keeps_its_chair)
{
    mfk_body *b = test_body(3);
    mfk_proposal *p;
    mfk_consultation *c;
    mfk_record *r;
    size_t chair = 9, len;
    char *json;

    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_chair(c, &chair), MFK_ENOTFOUND);
    ck_assert_uint_eq(chair, 9);
    mfk_consultation_free(c);
    ck_assert_int_eq(mfk_body_set_chair(b, 1), MFK_OK);
    ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
    ck_assert_int_eq(mfk_body_set_chair(b, 2), MFK_OK);
    ck_assert_int_eq(mfk_consultation_chair(c, &chair), MFK_OK);
    ck_assert_uint_eq(chair, 1);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 0, MFK_JOIN), MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 1, MFK_JOIN), MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 2, MFK_JOIN), MFK_OK);
    ck_assert_int_eq(mfk_consultation_close_round(c, NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_end(c), MFK_OK);
    ck_assert_int_eq(mfk_consultation_write_json(&c, 1, 0, NULL, NULL, 0,
                                                 &len),
                     MFK_ERANGE);
    json = malloc(len + 1);
    ck_assert_int_eq(mfk_consultation_write_json(&c, 1, 0, NULL, json, len,
                                                 &len),
                     MFK_OK);
    json[len] = '\0';
    ck_assert_msg(strstr(json, "\"chair\": \"M1\"") != NULL, "%s", json);
    free(json);
    ck_assert_int_eq(mfk_record_new(&r, c, TIME, NULL), MFK_OK);
    ck_assert_str_eq(mfk_record_chair(r), "M1");
    mfk_record_free(r);
    ck_assert_int_eq(mfk_consultation_chair(NULL, &chair), MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_chair(c, NULL), MFK_EINVAL);
    dropped(c, p, b);
}
END_TEST

START_TEST(first_round_numbers_on)
{
    mfk_body *b;
    mfk_proposal *p;
    mfk_consultation *c = held(&b, &p, 7), *cs[1];
    char buf[4096];
    size_t len;
    ck_assert_uint_eq(mfk_consultation_first_round(c), 7);
    ck_assert_uint_eq(mfk_consultation_first_round(NULL), 0);
    /* Inside, the rounds still count from 1. */
    ck_assert_uint_eq(mfk_consultation_rounds(c), 1);
    ck_assert_int_eq(mfk_consultation_round(c, 1, NULL, NULL, NULL, NULL),
                     MFK_OK);
    cs[0] = c;
    ck_assert_int_eq(mfk_consultation_write_json(cs, 1, 0, NULL, buf,
                                                 sizeof buf, &len),
                     MFK_OK);
    ck_assert_ptr_nonnull(strstr(buf, "\"round\": 7,"));
    ck_assert_int_eq(mfk_consultation_account(c, MFK_ACCOUNT_ROUND, 1, 0,
                                              NULL, buf, sizeof buf, &len),
                     MFK_OK);
    ck_assert_msg(strncmp(buf, "Round 7: ", 9) == 0, "%s", buf);
    /* Only before a round is closed, and within its range. */
    ck_assert_int_eq(mfk_consultation_set_first_round(c, 3), MFK_ESTATE);
    ck_assert_int_eq(mfk_consultation_reset(c), MFK_OK);
    ck_assert_uint_eq(mfk_consultation_first_round(c), 7);
    ck_assert_int_eq(mfk_consultation_set_first_round(c, 0), MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_set_first_round(
                         c, MFK_MAX_FIRST_ROUND + 1),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_set_first_round(NULL, 1), MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_set_first_round(c, 3), MFK_OK);
    dropped(c, p, b);
}
END_TEST

START_TEST(record_keeps_year_link_and_first_round)
{
    mfk_body *b;
    mfk_proposal *p;
    mfk_consultation *c = held(&b, &p, 4);
    mfk_record *r, *d;
    unsigned char sha[32], got[32];
    unsigned char *bytes;
    unsigned long long seq = 0;
    size_t len, i;

    for (i = 0; i < sizeof sha; i++)
        sha[i] = (unsigned char)(i * 7 + 1);
    ck_assert_int_eq(mfk_record_new(&r, c, TIME, NULL), MFK_OK);
    ck_assert_uint_eq(mfk_record_first_round(r), 4);
    ck_assert_int_eq(mfk_record_year(r), 0);
    ck_assert_int_eq(mfk_record_continues(r, &seq, got), MFK_ENOTFOUND);
    ck_assert_int_eq(mfk_record_set_year(r, 2027), MFK_OK);
    ck_assert_int_eq(mfk_record_set_continues(r, 12, sha), MFK_OK);
    /* Bad values change nothing. */
    ck_assert_int_eq(mfk_record_set_year(r, -1), MFK_EINVAL);
    ck_assert_int_eq(mfk_record_set_year(r, 100001), MFK_EINVAL);
    ck_assert_int_eq(mfk_record_set_continues(r, 0, sha), MFK_EINVAL);
    ck_assert_int_eq(mfk_record_set_continues(r, 3, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_record_set_continues(NULL, 3, sha), MFK_EINVAL);
    ck_assert_int_eq(mfk_record_continues(NULL, NULL, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_record_year(r), 2027);
    /* Through the encoding and back. */
    bytes = encoded(r, &len);
    ck_assert_int_eq(mfk_record_decode(&d, bytes, len, NULL, NULL, NULL),
                     MFK_OK);
    ck_assert_uint_eq(mfk_record_first_round(d), 4);
    ck_assert_int_eq(mfk_record_year(d), 2027);
    ck_assert_int_eq(mfk_record_continues(d, &seq, got), MFK_OK);
    ck_assert_uint_eq(seq, 12);
    ck_assert_mem_eq(got, sha, sizeof sha);
    mfk_record_free(d);
    /* The link removed, the year none: a record of rounds numbered on
     * still says where it starts. */
    ck_assert_int_eq(mfk_record_set_continues(r, 0, NULL), MFK_OK);
    ck_assert_int_eq(mfk_record_set_year(r, 0), MFK_OK);
    free(bytes);
    bytes = encoded(r, &len);
    ck_assert_int_eq(mfk_record_decode(&d, bytes, len, NULL, NULL, NULL),
                     MFK_OK);
    ck_assert_int_eq(mfk_record_continues(d, NULL, NULL), MFK_ENOTFOUND);
    ck_assert_uint_eq(mfk_record_first_round(d), 4);
    mfk_record_free(d);
    free(bytes);
    mfk_record_free(r);
    dropped(c, p, b);
}
END_TEST

/* Decodes bytes with text `from` (once) replaced by `to`, of the same
 * length; returns the decoder's code and its message in msg. */
static int decode_changed(const unsigned char *bytes, size_t len,
                          const char *from, const char *to, char *msg,
                          size_t size)
{
    unsigned char *copy = malloc(len);
    mfk_record *d = NULL;
    mfk_error err;
    size_t i, n = strlen(from);
    int rc, found = 0;
    memcpy(copy, bytes, len);
    for (i = 0; i + n <= len && !found; i++)
        if (memcmp(copy + i, from, n) == 0) {
            memcpy(copy + i, to, n);
            found = 1;
        }
    ck_assert_msg(found, "no %s in the record", from);
    memset(&err, 0, sizeof err);
    rc = mfk_record_decode(&d, copy, len, NULL, NULL, &err);
    snprintf(msg, size, "%s", err.message);
    mfk_record_free(d);
    free(copy);
    return rc;
}

START_TEST(record_decode_refuses_bad_links)
{
    mfk_body *b;
    mfk_proposal *p;
    mfk_consultation *c = held(&b, &p, 2);
    mfk_record *r;
    unsigned char sha[32] = {1}, *bytes;
    char msg[256];
    size_t len;

    ck_assert_int_eq(mfk_record_new(&r, c, TIME, NULL), MFK_OK);
    ck_assert_int_eq(mfk_record_set_year(r, 2027), MFK_OK);
    ck_assert_int_eq(mfk_record_set_continues(r, 5, sha), MFK_OK);
    bytes = encoded(r, &len);
    /* Rounds numbered from 0: none is. */
    ck_assert_int_eq(decode_changed(bytes, len, "\x65" "round\x02",
                                    "\x65" "round\x00", msg, sizeof msg),
                     MFK_EFORMAT);
    /* An unknown key inside the link. */
    ck_assert_int_eq(decode_changed(bytes, len, "\x63seq\x05", "\x63sex\x05",
                                    msg, sizeof msg),
                     MFK_EFORMAT);
    ck_assert_msg(strstr(msg, "unknown key \"sex\"") != NULL, "%s", msg);
    /* A continued seq of 0. */
    ck_assert_int_eq(decode_changed(bytes, len, "\x63seq\x05", "\x63seq\x00",
                                    msg, sizeof msg),
                     MFK_EFORMAT);
    /* A year of 0. */
    ck_assert_int_eq(decode_changed(bytes, len, "\x64year\x19\x07\xeb",
                                    "\x64year\x19\x00\x00", msg, sizeof msg),
                     MFK_EFORMAT);
    /* A hash that is not a byte string (here text with a NUL). */
    ck_assert_int_lt(decode_changed(bytes, len, "\x66sha256\x58\x20",
                                    "\x66sha256\x78\x20", msg, sizeof msg),
                     0);
    /* A record of format 1 cannot hold a year. */
    ck_assert_int_eq(decode_changed(bytes, len, "\x67mufakat\x02",
                                    "\x67mufakat\x01", msg, sizeof msg),
                     MFK_EFORMAT);
    free(bytes);
    mfk_record_free(r);
    dropped(c, p, b);
}
END_TEST

START_TEST(scenario_meetings)
{
    mfk_scenario *s = series(NULL), *back;
    char *text;
    size_t len;

    ck_assert_uint_eq(mfk_scenario_meeting_count(s), 3);
    ck_assert_int_eq(mfk_scenario_meeting_year(s, 0), 2026);
    ck_assert_int_eq(mfk_scenario_meeting_year(s, 2), 2028);
    ck_assert_int_eq(mfk_scenario_meeting_year(s, 3), 0);
    ck_assert_uint_eq(mfk_scenario_meeting_proposal_count(s, 0), 2);
    ck_assert_uint_eq(mfk_scenario_meeting_proposal(s, 0, 1), 1);
    ck_assert_uint_eq(mfk_scenario_meeting_proposal(s, 1, 0), 2);
    ck_assert_uint_eq(mfk_scenario_meeting_proposal(s, 1, 1), SIZE_MAX);
    ck_assert_uint_eq(mfk_scenario_meeting_proposal(NULL, 0, 0), SIZE_MAX);
    ck_assert_uint_eq(mfk_scenario_meeting_count(NULL), 0);
    ck_assert_uint_eq(mfk_scenario_meeting_proposal_count(s, 9), 0);
    /* The writer keeps them: what it writes reads back to the same. */
    ck_assert_int_eq(mfk_scenario_write_json(s, NULL, 0, &len), MFK_ERANGE);
    text = malloc(len);
    ck_assert_int_eq(mfk_scenario_write_json(s, text, len, &len), MFK_OK);
    ck_assert_int_eq(mfk_scenario_read_json(&back, text, len, NULL, NULL),
                     MFK_OK);
    ck_assert_uint_eq(mfk_scenario_meeting_count(back), 3);
    ck_assert_int_eq(mfk_scenario_meeting_year(back, 1), 2027);
    ck_assert_uint_eq(mfk_scenario_meeting_proposal(back, 2, 0), 3);
    mfk_scenario_free(back);
    free(text);
    mfk_scenario_free(s);
}
END_TEST

/* The series of tests/data/series/series.json, consultation by
 * consultation: "meeting proposal first-round rounds outcome". */
START_TEST(series_holds_meetings_in_order)
{
    static const struct {
        size_t meeting, proposal;
        unsigned first, rounds;
        mfk_outcome outcome;
        const char *chair;
    } want[] = {
        {0, 0, 1, 2, MFK_OUTCOME_DEFERRED, "BRN"},
        {0, 1, 1, 1, MFK_OUTCOME_ADOPTED, "BRN"},
        {1, 0, 3, 1, MFK_OUTCOME_ADOPTED, "KHM"},
        {1, 2, 1, 2, MFK_OUTCOME_DEFERRED, "KHM"},
        {2, 2, 3, 2, MFK_OUTCOME_DEFERRED, "IDN"},
        {2, 3, 1, 1, MFK_OUTCOME_ADOPTED, "IDN"},
    };
    mfk_scenario *s = series(NULL);
    mfk_series *q;
    mfk_consultation *c;
    size_t k, m, p, chair;
    mfk_outcome o;

    ck_assert_int_eq(mfk_series_new(&q, s, NULL), MFK_OK);
    ck_assert_uint_eq(mfk_series_meeting_count(q), 3);
    ck_assert_int_eq(mfk_series_meeting_year(q, 1), 2027);
    for (k = 0; k < sizeof want / sizeof want[0]; k++) {
        ck_assert_int_eq(mfk_series_next(q, &c, &m, &p), MFK_OK);
        ck_assert_uint_eq(m, want[k].meeting);
        ck_assert_uint_eq(p, want[k].proposal);
        ck_assert_uint_eq(mfk_consultation_first_round(c), want[k].first);
        ck_assert_uint_eq(mfk_consultation_rounds(c), want[k].rounds);
        ck_assert_int_eq(mfk_consultation_outcome(c, &o), MFK_OK);
        ck_assert_int_eq(o, want[k].outcome);
        ck_assert_int_eq(mfk_body_chair(mfk_scenario_body(s), &chair),
                         MFK_OK);
        ck_assert_str_eq(mfk_body_member_id(mfk_scenario_body(s), chair),
                         want[k].chair);
        mfk_consultation_free(c);
    }
    ck_assert_int_eq(mfk_series_next(q, &c, NULL, NULL), MFK_DONE);
    ck_assert_ptr_null(c);
    /* Begun, it takes up no journal. */
    ck_assert_int_eq(mfk_series_take_up(q, "x", NULL, NULL, NULL),
                     MFK_ESTATE);
    mfk_series_free(q);
    ck_assert_int_eq(mfk_series_new(NULL, s, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_series_new(&q, NULL, NULL), MFK_EINVAL);
    ck_assert_ptr_null(q);
    mfk_series_free(NULL);
    mfk_scenario_free(s);
}
END_TEST

/* A scenario without meetings is one meeting, of its year. */
START_TEST(series_of_a_plain_scenario)
{
    mfk_scenario *s;
    mfk_series *q;
    mfk_consultation *c;
    mfk_error err;
    size_t n = 0;
    ck_assert_msg(mfk_scenario_read_file(&s, MFK_TEST_DATA
                                         "/../../examples/asean-amm.json",
                                         NULL, &err) == MFK_OK,
                  "%s", err.message);
    ck_assert_int_eq(mfk_series_new(&q, s, NULL), MFK_OK);
    ck_assert_uint_eq(mfk_series_meeting_count(q), 1);
    ck_assert_int_eq(mfk_series_meeting_year(q, 0), mfk_scenario_year(s));
    while (mfk_series_next(q, &c, NULL, NULL) == MFK_OK) {
        ck_assert_uint_eq(mfk_consultation_first_round(c), 1);
        mfk_consultation_free(c);
        n++;
    }
    ck_assert_uint_eq(n, mfk_scenario_proposal_count(s));
    mfk_series_free(q);
    mfk_scenario_free(s);
}
END_TEST

/* Runs the series into journal `path`; returns the records appended. */
static size_t run_into(mfk_scenario *s, const char *path, const char *take)
{
    mfk_series *q;
    mfk_journal *j;
    mfk_consultation *c;
    mfk_record *r;
    mfk_error err;
    size_t n = 0;
    ck_assert_int_eq(mfk_series_new(&q, s, NULL), MFK_OK);
    if (take != NULL)
        ck_assert_msg(mfk_series_take_up(q, take, NULL, NULL, &err) ==
                          MFK_OK,
                      "%s", err.message);
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_OK);
    while (mfk_series_next(q, &c, NULL, NULL) == MFK_OK) {
        ck_assert_int_eq(mfk_series_record(q, c, TIME, &r), MFK_OK);
        ck_assert_int_eq(mfk_series_append(q, j, r, &err), MFK_OK);
        mfk_record_free(r);
        mfk_consultation_free(c);
        n++;
    }
    ck_assert_int_eq(mfk_journal_close(j), MFK_OK);
    mfk_series_free(q);
    return n;
}

START_TEST(series_records_link_through_the_journal)
{
    mfk_scenario *s = series(NULL);
    mfk_journal_reader *jr;
    const mfk_record *r;
    unsigned char sha[8][32], link[32];
    unsigned long long seq;
    char path[300], link_path[300];
    size_t k = 0, taken;
    mfk_series *q;
    mfk_error err;

    tmp_file(path, sizeof path, "j");
    ck_assert_uint_eq(run_into(s, path, NULL), 6);
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err), MFK_OK);
    while (mfk_journal_reader_next(jr, &r, &err) == MFK_OK) {
        ck_assert_int_eq(mfk_journal_reader_last_sha256(jr, sha[k]),
                         MFK_OK);
        if (mfk_record_continues(r, &seq, link) == MFK_OK) {
            ck_assert_uint_lt(seq, mfk_record_seq(r));
            ck_assert_mem_eq(link, sha[seq - 1], 32);
        }
        k++;
    }
    ck_assert_uint_eq(k, 6);
    mfk_journal_reader_free(jr);
    /* What it left deferred (P3) is taken up by a series of the same
     * scenario: put first at its first meeting, its rounds from 5. */
    mfk_scenario_free(s);
    s = series(NULL);
    ck_assert_int_eq(mfk_series_new(&q, s, NULL), MFK_OK);
    ck_assert_int_eq(mfk_series_take_up(q, path, &taken, NULL, &err), MFK_OK);
    ck_assert_uint_eq(taken, 1);
    {
        mfk_consultation *c;
        size_t p;
        ck_assert_int_eq(mfk_series_next(q, &c, NULL, &p), MFK_OK);
        ck_assert_uint_eq(p, 2);
        ck_assert_uint_eq(mfk_consultation_first_round(c), 5);
        mfk_consultation_free(c);
    }
    mfk_series_free(q);
    /* A journal that is not there, named by the reader. */
    ck_assert_int_eq(mfk_series_new(&q, s, NULL), MFK_OK);
    tmp_file(link_path, sizeof link_path, "none");
    ck_assert_int_lt(mfk_series_take_up(q, link_path, NULL, NULL, &err), 0);
    ck_assert_int_eq(mfk_series_take_up(NULL, path, NULL, NULL, &err),
                     MFK_EINVAL);
    mfk_series_free(q);
    mfk_scenario_free(s);
    unlink(path);
}
END_TEST

/* Every allocation of a series run may fail: MFK_ENOMEM, nothing left. */
struct swalk {
    mfk_scenario *s;
};

static int walk_series(void *ud, const mfk_allocator *alloc)
{
    struct swalk *w = ud;
    mfk_series *q;
    mfk_consultation *c;
    mfk_record *r;
    int rc = mfk_series_new(&q, w->s, alloc);
    if (rc != MFK_OK)
        return rc;
    while ((rc = mfk_series_next(q, &c, NULL, NULL)) == MFK_OK) {
        rc = mfk_series_record(q, c, TIME, &r);
        mfk_record_free(r);
        mfk_consultation_free(c);
        if (rc != MFK_OK)
            break;
    }
    mfk_series_free(q);
    return rc == MFK_DONE ? MFK_OK : rc;
}

START_TEST(series_allocation_failures)
{
    struct swalk w;
    w.s = series(NULL);
    ck_assert_uint_gt(test_alloc_walk(walk_series, NULL, &w), 5);
    mfk_scenario_free(w.s);
}
END_TEST

Suite *series_suite(void)
{
    Suite *s = suite_create("series");
    TCase *tc = test_case("series");
    tcase_add_test(tc, first_round_numbers_on);
    tcase_add_test(tc, consultation_keeps_its_chair);
    tcase_add_test(tc, record_keeps_year_link_and_first_round);
    tcase_add_test(tc, record_decode_refuses_bad_links);
    tcase_add_test(tc, scenario_meetings);
    tcase_add_test(tc, series_holds_meetings_in_order);
    tcase_add_test(tc, series_of_a_plain_scenario);
    tcase_add_test(tc, series_records_link_through_the_journal);
    tcase_add_test(tc, series_allocation_failures);
    suite_add_tcase(s, tc);
    return s;
}
