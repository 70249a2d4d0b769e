/* Tests: decision records and the journal. */
#include "tests.h"
#include "mufakat-test.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEMO_JSON MFK_TEST_DATA "/../../examples/asean-amm.json"
#define TIME "2026-11-28T01:00:00Z"

/* ---- helpers --------------------------------------------------------- */

static mfk_scenario *demo(void)
{
    mfk_scenario *s = NULL;
    mfk_error err;
    ck_assert_int_eq(mfk_scenario_read_file(&s, DEMO_JSON, NULL, &err),
                     MFK_OK);
    return s;
}

static mfk_record *record_of(mfk_scenario *s, size_t i, const char *time)
{
    mfk_consultation *c = NULL;
    mfk_record *r = NULL;
    ck_assert_int_eq(mfk_scenario_consult(s, i, NULL, &c), MFK_OK);
    ck_assert_int_eq(mfk_record_new(&r, c, time, NULL), MFK_OK);
    mfk_consultation_free(c);
    return r;
}

static unsigned char *encode(const mfk_record *r, size_t *len)
{
    unsigned char *buf;
    ck_assert_int_eq(mfk_record_encode(r, NULL, 0, len), MFK_ERANGE);
    buf = malloc(*len);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(mfk_record_encode(r, buf, *len, len), MFK_OK);
    return buf;
}

/* Equal records are equal bytes. */
static int same_record(const mfk_record *a, const mfk_record *b)
{
    size_t la, lb;
    unsigned char *ea = encode(a, &la), *eb = encode(b, &lb);
    int same = la == lb && memcmp(ea, eb, la) == 0;
    free(ea);
    free(eb);
    return same;
}

static char tmpdir[256];

static void make_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/mfk-journal-XXXXXX",
             base != NULL && base[0] != '\0' ? base : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

static void tmp_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
}

static long file_size(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    return (long)st.st_size;
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    long n;
    unsigned char *buf;
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void spit(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

/* Reads every record: returns how many, asserting their sequence numbers
 * run 1, 2, ...; *rc gets the code that ended it. */
/* Keys for the tests that run again on signed journals: when set,
 * append_demo() and the kill test sign with sec_key, and read_all()
 * checks every signature with pub_key. */
static unsigned char pub_key[32], sec_key[64];
static int signing;

static void signing_for(int i)
{
    signing = i;
    if (signing)
        ck_assert_int_eq(mfk_sign_keypair(pub_key, sec_key), MFK_OK);
}

static size_t read_all(const char *path, int *rc, mfk_error *err)
{
    mfk_journal_reader *jr;
    const mfk_record *r;
    size_t n = 0;
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, err), MFK_OK);
    if (signing)
        ck_assert_int_eq(mfk_journal_reader_set_key(jr, pub_key), MFK_OK);
    while ((*rc = mfk_journal_reader_next(jr, &r, err)) == MFK_OK) {
        n++;
        ck_assert_uint_eq(mfk_record_seq(r), n);
    }
    mfk_journal_reader_free(jr);
    return n;
}

/* ---- records ---------------------------------------------------------- */

START_TEST(record_holds_the_consultation)
{
    mfk_scenario *s = demo();
    size_t p, i;
    for (p = 0; p < mfk_scenario_proposal_count(s); p++) {
        mfk_consultation *c;
        mfk_record *r;
        const mfk_body *b = mfk_scenario_body(s);
        const mfk_proposal *prop = mfk_scenario_proposal(s, p);
        mfk_outcome o;
        unsigned k;
        ck_assert_int_eq(mfk_scenario_consult(s, p, NULL, &c), MFK_OK);
        ck_assert_int_eq(mfk_record_new(&r, c, TIME, NULL), MFK_OK);
        ck_assert_str_eq(mfk_record_time(r), TIME);
        ck_assert_uint_eq(mfk_record_seq(r), 0);
        ck_assert_str_eq(mfk_record_body(r), mfk_body_name(b));
        ck_assert_str_eq(mfk_record_proposal_id(r), mfk_proposal_id(prop));
        ck_assert_str_eq(mfk_record_title(r), mfk_proposal_title(prop));
        ck_assert_int_eq(mfk_record_pillar(r), mfk_proposal_pillar(prop));
        ck_assert_int_eq(mfk_record_component(r),
                         mfk_proposal_component(prop));
        ck_assert_uint_eq(mfk_record_measures(r),
                          mfk_proposal_measures(prop));
        ck_assert_int_eq(mfk_record_rule(r), mfk_proposal_rule(prop)->kind);
        ck_assert_uint_eq(mfk_record_member_count(r),
                          mfk_body_member_count(b));
        for (i = 0; i < mfk_body_member_count(b); i++) {
            ck_assert_str_eq(mfk_record_member(r, i),
                             mfk_body_member_id(b, i));
            ck_assert_uint_eq(mfk_record_roles(r, i),
                              mfk_proposal_roles(prop, i));
            ck_assert_int_eq(mfk_record_participants(r)[i],
                             mfk_consultation_participant(c, i));
        }
        ck_assert_uint_eq(mfk_record_rounds(r), mfk_consultation_rounds(c));
        for (k = 1; k <= mfk_record_rounds(r); k++) {
            const unsigned char *st, *bl, *cst, *cfl;
            mfk_verdict v, cv;
            size_t ver, cver;
            ck_assert_int_eq(mfk_record_round(r, k, &st, &bl, &v, &ver),
                             MFK_OK);
            mfk_consultation_round(c, k, &cst, &cfl, &cv, &cver);
            ck_assert(memcmp(st, cst, mfk_body_member_count(b)) == 0);
            for (i = 0; i < mfk_body_member_count(b); i++)
                ck_assert_int_eq(bl[i],
                                 (cfl[i] & MFK_FLAG_BLOCKER) ? 1 : 0);
            ck_assert_int_eq(v, cv);
            ck_assert_uint_eq(ver, cver);
        }
        ck_assert_int_eq(mfk_record_round(r, 0, NULL, NULL, NULL, NULL),
                         MFK_EINVAL);
        ck_assert_uint_eq(mfk_record_version_count(r),
                          mfk_proposal_version_count(prop));
        ck_assert_uint_eq(mfk_record_violation_count(r),
                          mfk_consultation_violation_count(c));
        ck_assert_int_eq(mfk_record_admissible(r),
                         mfk_consultation_admissible(c));
        mfk_consultation_outcome(c, &o);
        ck_assert_int_eq(mfk_record_outcome(r), o);
        mfk_record_free(r);
        mfk_consultation_free(c);
    }
    mfk_scenario_free(s);
}
END_TEST

/* Decoding and encoding again gives the same bytes; a second record of
 * the same consultation is the same bytes too. */
START_TEST(record_round_trip_is_byte_exact)
{
    mfk_scenario *s = demo();
    size_t p;
    for (p = 0; p < mfk_scenario_proposal_count(s); p++) {
        mfk_record *r = record_of(s, p, TIME), *again = record_of(s, p, TIME);
        mfk_record *back;
        size_t len, len2, used;
        unsigned char *bytes, *bytes2;
        mfk_error err;
        mfk_record_set_seq(r, 1000 + p);
        mfk_record_set_seq(again, 1000 + p);
        bytes = encode(r, &len);
        ck_assert(same_record(r, again));
        ck_assert_msg(mfk_record_decode(&back, bytes, len, &used, NULL,
                                        &err) == MFK_OK,
                      "byte %lld: %s", err.offset, err.message);
        ck_assert_uint_eq(used, len);
        ck_assert_uint_eq(mfk_record_seq(back), 1000 + p);
        bytes2 = encode(back, &len2);
        ck_assert_uint_eq(len, len2);
        ck_assert(memcmp(bytes, bytes2, len) == 0);
        /* A record's first key is "seq" (the shortest), its map holds 13
         * or 14 pairs in format 2 (names; no link outside a journal). */
        ck_assert_uint_eq(mfk_record_format(r), 2);
        ck_assert(bytes[0] == 0xad || bytes[0] == 0xae);
        ck_assert(memcmp(bytes + 1, "\x63seq", 4) == 0);
        free(bytes);
        free(bytes2);
        mfk_record_free(r);
        mfk_record_free(again);
        mfk_record_free(back);
    }
    mfk_scenario_free(s);
}
END_TEST

/* Positions are kept exactly, in the shortest float that holds them. */
START_TEST(record_positions_exact)
{
    static const double xs[] = {0.5,   0.1,     -0.0,    1e-7, 65504.0,
                                1e300, 5.9604644775390625e-08,
                                3.4028234663852886e+38, 1.0 / 3.0};
    size_t i;
    for (i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        mfk_body *b = test_body(2);
        mfk_proposal *p;
        mfk_consultation *c;
        mfk_record *r, *back;
        const double *pos;
        double x = xs[i];
        unsigned char *bytes;
        size_t len;
        mfk_verdict v;
        ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
        ck_assert_int_eq(mfk_proposal_set_position(p, &x), MFK_OK);
        ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
        mfk_consultation_set_stance(c, 0, MFK_JOIN);
        mfk_consultation_set_stance(c, 1, MFK_OBJECT);
        mfk_consultation_close_round(c, &v);
        mfk_consultation_end(c);
        ck_assert_int_eq(mfk_record_new(&r, c, TIME, NULL), MFK_OK);
        bytes = encode(r, &len);
        ck_assert_int_eq(mfk_record_decode(&back, bytes, len, NULL, NULL,
                                           NULL),
                         MFK_OK);
        ck_assert_int_eq(mfk_record_version(back, 0, NULL, &pos), MFK_OK);
        ck_assert_ptr_nonnull(pos);
        ck_assert(memcmp(pos, &x, sizeof x) == 0);
        ck_assert_uint_eq(mfk_record_dims(back), 1);
        ck_assert_int_eq(mfk_record_outcome(back), MFK_OUTCOME_DEFERRED);
        free(bytes);
        mfk_record_free(r);
        mfk_record_free(back);
        mfk_consultation_free(c);
        mfk_proposal_free(p);
        mfk_body_free(b);
    }
}
END_TEST

START_TEST(record_needs_a_finished_consultation_and_a_time)
{
    static const char *const bad_times[] = {
        "2026-11-28", "2026-11-28T01:00:00", "2026-11-28T01:00:00+7:00",
        "2026-13-28T01:00:00Z", "2026-11-28T24:00:00Z",
        "2026-11-28T01:00:00.Z", "now", "2026-02-31T00:00:00Z",
        "2026-02-29T00:00:00Z", "2026-06-30T23:59:60Z",
        "2026-11-28T01:00:00+24:00", "2026-11-28T01:00:00Z ",
        "0000-01-01T00:00:00+00:01"};
    mfk_body *b = test_body(3);
    mfk_proposal *p;
    mfk_consultation *c;
    mfk_record *r = (mfk_record *)1;
    size_t i;
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
    ck_assert_int_eq(mfk_record_new(&r, c, TIME, NULL), MFK_ESTATE);
    ck_assert_ptr_null(r);
    mfk_consultation_end(c);
    for (i = 0; i < sizeof bad_times / sizeof bad_times[0]; i++)
        ck_assert_msg(mfk_record_new(&r, c, bad_times[i], NULL) ==
                          MFK_EINVAL,
                      "%s accepted", bad_times[i]);
    ck_assert_int_eq(mfk_record_new(&r, c, "2026-11-28T01:00:00.125Z", NULL),
                     MFK_OK);
    ck_assert_str_eq(mfk_record_time(r), "2026-11-28T01:00:00.125Z");
    mfk_record_free(r);
    /* Offsets are taken to UTC, across a day and a leap day. */
    ck_assert_int_eq(mfk_record_new(&r, c, "2028-03-01T01:00:00.5+07:00",
                                    NULL),
                     MFK_OK);
    ck_assert_str_eq(mfk_record_time(r), "2028-02-29T18:00:00.5Z");
    mfk_record_free(r);
    ck_assert_int_eq(mfk_record_new(&r, c, "2026-12-31t23:30:00-01:00",
                                    NULL),
                     MFK_OK);
    ck_assert_str_eq(mfk_record_time(r), "2027-01-01T00:30:00Z");
    mfk_record_free(r);
    /* NULL is now. */
    {
        char now[40];
        time_t t0 = time(NULL);
        struct tm tm;
        ck_assert_int_eq(mfk_record_new(&r, c, NULL, NULL), MFK_OK);
        gmtime_r(&t0, &tm);
        strftime(now, sizeof now, "%Y-%m-%dT", &tm);
        ck_assert_int_eq(strncmp(mfk_record_time(r), now, 11), 0);
        ck_assert_uint_eq(strlen(mfk_record_time(r)), 20);
        mfk_record_free(r);
    }
    ck_assert_int_eq(mfk_record_new(&r, c, "2026-11-28T01:00:00.125Z", NULL),
                     MFK_OK);
    ck_assert_ptr_null(mfk_record_chair(r));
    mfk_record_free(r);
    mfk_record_free(NULL);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
}
END_TEST

/* Damaged records are refused with the byte at fault. */
START_TEST(record_decode_refuses_damage)
{
    mfk_scenario *s = demo();
    mfk_record *r = record_of(s, 0, TIME), *back = NULL;
    size_t len, k;
    unsigned char *bytes = encode(r, &len);
    mfk_error err;
    int rc;
    /* Every prefix is torn. */
    for (k = 0; k < len; k++) {
        rc = mfk_record_decode(&back, bytes, k, NULL, NULL, &err);
        ck_assert_msg(rc == MFK_ETORN, "prefix %zu: %s", k, mfk_err_name(rc));
        ck_assert_ptr_null(back);
    }
    /* "seq" spelt "seg": an unknown key, and no "seq". */
    bytes[4] = 'g';
    ck_assert_int_eq(mfk_record_decode(&back, bytes, len, NULL, NULL, &err),
                     MFK_EFORMAT);
    ck_assert_int_eq(err.offset, 1);
    ck_assert_ptr_nonnull(strstr(err.message, "unknown key \"seg\""));
    /* Not a map. */
    ck_assert_int_eq(mfk_record_decode(&back, "\x80", 1, NULL, NULL, &err),
                     MFK_EFORMAT);
    free(bytes);
    mfk_record_free(r);
    mfk_scenario_free(s);
}
END_TEST

struct rwalk {
    mfk_scenario *s;
    mfk_consultation *c;
    mfk_record *r;
    unsigned char *bytes;
    size_t len;
};

static int walk_new(void *ud, const mfk_allocator *alloc)
{
    struct rwalk *w = ud;
    return mfk_record_new(&w->r, w->c, TIME, alloc);
}

static int walk_decode(void *ud, const mfk_allocator *alloc)
{
    struct rwalk *w = ud;
    return mfk_record_decode(&w->r, w->bytes, w->len, NULL, alloc, NULL);
}

static void walk_cleanup(void *ud)
{
    struct rwalk *w = ud;
    mfk_record_free(w->r);
    w->r = NULL;
}

START_TEST(record_allocation_failures)
{
    struct rwalk w;
    mfk_record *r;
    memset(&w, 0, sizeof w);
    w.s = demo();
    ck_assert_int_eq(mfk_scenario_consult(w.s, 1, NULL, &w.c), MFK_OK);
    ck_assert_uint_gt(test_alloc_walk(walk_new, walk_cleanup, &w), 5);
    r = record_of(w.s, 1, TIME);
    w.bytes = encode(r, &w.len);
    ck_assert_uint_gt(test_alloc_walk(walk_decode, walk_cleanup, &w), 5);
    free(w.bytes);
    mfk_record_free(r);
    mfk_consultation_free(w.c);
    mfk_scenario_free(w.s);
}
END_TEST

/* ---- the journal ----------------------------------------------------- */

static const unsigned char journal_header[] =
    "\xd9\xd9\xf7\xa2\x66" "format" "\x6f" "mufakat-journal" "\x67" "version"
    "\x02";
/* 0.1's: its records are read, and appended as 0.1 wrote them. */
static const unsigned char journal_header1[] =
    "\xd9\xd9\xf7\xa2\x66" "format" "\x6f" "mufakat-journal" "\x67" "version"
    "\x01";

/* Appends one record of each demo proposal, `times` times over. */
static void append_demo(const char *path, size_t times)
{
    mfk_scenario *s = demo();
    mfk_journal *j;
    mfk_error err;
    size_t t, p;
    ck_assert_msg(mfk_journal_open(&j, path, NULL, &err) == MFK_OK, "%s",
                  err.message);
    if (signing)
        ck_assert_int_eq(mfk_journal_set_key(j, sec_key), MFK_OK);
    for (t = 0; t < times; t++)
        for (p = 0; p < mfk_scenario_proposal_count(s); p++) {
            mfk_record *r = record_of(s, p, TIME);
            ck_assert_int_eq(mfk_journal_append(j, r, &err), MFK_OK);
            ck_assert_uint_ge(mfk_record_seq(r), 1);
            mfk_record_free(r);
        }
    ck_assert_int_eq(mfk_journal_close(j), MFK_OK);
    mfk_scenario_free(s);
}

/* Where the last record of a whole journal starts. */
static size_t last_record_start(const char *path)
{
    mfk_journal_reader *jr;
    const mfk_record *r;
    long long start = -1, at;
    mfk_error err;
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err), MFK_OK);
    for (at = mfk_journal_reader_offset(jr);
         mfk_journal_reader_next(jr, &r, &err) == MFK_OK;
         at = mfk_journal_reader_offset(jr))
        start = at;
    mfk_journal_reader_free(jr);
    ck_assert_int_gt(start, 0);
    return (size_t)start;
}

START_TEST(journal_append_and_read)
{
    char path[300];
    unsigned char *bytes;
    size_t len, np, n;
    mfk_scenario *s = demo();
    mfk_journal_reader *jr;
    const mfk_record *r;
    mfk_error err;
    int rc;

    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    np = mfk_scenario_proposal_count(s);
    append_demo(path, 1);
    bytes = slurp(path, &len);
    ck_assert_uint_gt(len, sizeof journal_header);
    ck_assert(memcmp(bytes, journal_header, sizeof journal_header - 1) == 0);
    free(bytes);
    /* Opened again, it goes on numbering. */
    append_demo(path, 1);
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err), MFK_OK);
    ck_assert_int_eq(mfk_journal_reader_offset(jr),
                     (long long)sizeof journal_header - 1);
    for (n = 0; (rc = mfk_journal_reader_next(jr, &r, &err)) == MFK_OK;
         n++) {
        mfk_record *want = record_of(s, n % np, TIME);
        mfk_record_set_seq(want, n + 1);
        ck_assert_msg(same_record(r, want), "record %zu differs", n);
        mfk_record_free(want);
    }
    ck_assert_int_eq(rc, MFK_DONE);
    ck_assert_uint_eq(n, 2 * np);
    ck_assert_int_eq(mfk_journal_reader_offset(jr), file_size(path));
    mfk_journal_reader_free(jr);
    mfk_scenario_free(s);
    remove_tmpdir();
}
END_TEST

/* A header cut short by a crash is written again: no record was lost. */
START_TEST(journal_torn_header_is_begun_again)
{
    char path[300];
    mfk_journal *j;
    mfk_error err;
    int rc;
    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    spit(path, journal_header, 20);
    /* When it cannot be read or cut, it stays as it is, and torn. */
    mfk__test_journal_faults("read=1");
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_ETORN);
    mfk__test_journal_faults("truncate=1");
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_ETORN);
    mfk__test_journal_faults(NULL);
    ck_assert_int_eq(err.offset, 0);
    ck_assert_str_eq(err.message,
                     "torn header (20 bytes): the journal ends inside it");
    ck_assert_int_eq(file_size(path), 20);
    append_demo(path, 1);
    ck_assert_uint_eq(read_all(path, &rc, &err), 8);
    ck_assert_int_eq(rc, MFK_DONE);
    remove_tmpdir();
}
END_TEST

START_TEST(journal_refuses_what_is_not_one)
{
    char path[300];
    mfk_journal *j = (mfk_journal *)1;
    mfk_journal_reader *jr;
    mfk_error err;
    make_tmpdir();
    tmp_path(path, sizeof path, "scenario.json");
    spit(path, "{\"mufakat\": 1}", 14);
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_EFORMAT);
    ck_assert_ptr_null(j);
    ck_assert_int_eq(err.offset, 0);
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err),
                     MFK_EFORMAT);
    ck_assert_int_eq(file_size(path), 14); /* untouched */
    /* A header of version 3. */
    spit(path, "\xd9\xd9\xf7\xa2\x66" "format" "\x6f" "mufakat-journal"
               "\x67" "version" "\x03", sizeof journal_header - 1);
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err),
                     MFK_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.message, "version"));
    tmp_path(path, sizeof path, "missing/j.cbor");
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_EIO);
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err), MFK_EIO);
    remove_tmpdir();
}
END_TEST

/* A journal cut at every byte of its last record reads up to the cut,
 * then says where the torn record begins; repair moves the torn bytes
 * aside and nothing is lost. Run on a journal of version 2 unsigned (_i
 * 0) and signed (1), the signatures then checked. */
START_TEST(journal_torn_at_every_byte)
{
    char path[300], cut_path[300], side[400];
    unsigned char *bytes, *tail;
    size_t len, last_start, cut, tlen;
    mfk_journal *j;
    long long off;
    mfk_error err;
    int rc;

    signing_for(_i);
    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    tmp_path(cut_path, sizeof cut_path, "cut.cbor");
    append_demo(path, 1);
    bytes = slurp(path, &len);
    last_start = last_record_start(path);
    for (cut = last_start + 1; cut < len; cut++) {
        size_t whole;
        spit(cut_path, bytes, cut);
        whole = read_all(cut_path, &rc, &err);
        ck_assert_int_eq(rc, MFK_ETORN);
        ck_assert_int_eq(err.offset, (long long)last_start);
        ck_assert_ptr_nonnull(strstr(err.message, "torn"));
        ck_assert_uint_eq(whole, 7);
        /* Appending waits for a repair. */
        ck_assert_int_eq(mfk_journal_open(&j, cut_path, NULL, &err),
                         MFK_ETORN);
        /* Repairs fsync three times: some cuts are enough for them. */
        if ((cut - last_start) % 37 != 1 && cut != len - 1)
            continue;
        ck_assert_int_eq(mfk_journal_repair(cut_path, &off, side,
                                            sizeof side, NULL, &err),
                         MFK_OK);
        ck_assert_int_eq(off, (long long)last_start);
        ck_assert_int_eq(file_size(cut_path), (long)last_start);
        tail = slurp(side, &tlen);
        ck_assert_uint_eq(tlen, cut - last_start);
        ck_assert(memcmp(tail, bytes + last_start, tlen) == 0);
        free(tail);
        ck_assert_int_eq(unlink(side), 0);
        ck_assert_uint_eq(read_all(cut_path, &rc, &err), 7);
        ck_assert_int_eq(rc, MFK_DONE);
    }
    /* Repairing a whole journal changes nothing. */
    ck_assert_int_eq(mfk_journal_repair(path, &off, NULL, 0, NULL, &err),
                     MFK_OK);
    ck_assert_int_eq(off, -1);
    ck_assert_int_eq(file_size(path), (long)len);
    free(bytes);
    remove_tmpdir();
}
END_TEST

/* A side file name that is taken is not overwritten. */
START_TEST(journal_repair_keeps_earlier_side_files)
{
    char path[300], side[400], first[400];
    size_t len;
    unsigned char *bytes;
    long long off;
    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    append_demo(path, 1);
    bytes = slurp(path, &len);
    spit(path, bytes, len - 3);
    ck_assert_int_eq(mfk_journal_repair(path, &off, first, sizeof first,
                                        NULL, NULL),
                     MFK_OK);
    spit(path, bytes, len - 3);
    ck_assert_int_eq(mfk_journal_repair(path, &off, side, sizeof side, NULL,
                                        NULL),
                     MFK_OK);
    ck_assert_str_ne(first, side);
    ck_assert_int_eq(file_size(first), file_size(side));
    free(bytes);
    remove_tmpdir();
}
END_TEST

/* A writer killed at random moments (200 times) never leaves a damaged
 * complete record: the journal reads up to at most a torn tail. On a
 * journal of version 2 unsigned (_i 0) and signed (1), every whole record
 * then checked against the key. */
START_TEST(journal_survives_kills)
{
    char path[300];
    mfk_scenario *s = demo();
    mfk_record *rec = record_of(s, 0, TIME);
    size_t prev = 0, n;
    int round, rc, torn = 0;
    mfk_error err;
    unsigned seed = 12345;

    signing_for(_i);
    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    for (round = 0; round < 200; round++) {
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            mfk_journal *j;
            if (mfk_journal_open(&j, path, NULL, NULL) != MFK_OK)
                _exit(3);
            if (signing && mfk_journal_set_key(j, sec_key) != MFK_OK)
                _exit(5);
            for (;;)
                if (mfk_journal_append(j, rec, NULL) != MFK_OK)
                    _exit(4);
        }
        seed = seed * 1103515245u + 12345u;
        usleep((seed >> 8) % 3000);
        kill(pid, SIGKILL);
        waitpid(pid, &rc, 0);
        ck_assert_msg(WIFSIGNALED(rc), "writer stopped by itself: %d",
                      WEXITSTATUS(rc));
        if (file_size(path) <= 0)
            continue;
        n = read_all(path, &rc, &err);
        ck_assert_msg(rc == MFK_DONE || rc == MFK_ETORN, "round %d: %s",
                      round, err.message);
        ck_assert_uint_ge(n, prev);
        prev = n;
        if (rc == MFK_ETORN) {
            torn++;
            ck_assert_int_eq(mfk_journal_repair(path, NULL, NULL, 0, NULL,
                                                NULL),
                             MFK_OK);
        }
    }
    ck_assert_uint_gt(prev, 0);
    mfk_record_free(rec);
    mfk_scenario_free(s);
    remove_tmpdir();
}
END_TEST

/* Two processes appending 1,000 records each leave 2,000 whole records,
 * numbered 1 to 2,000. */
START_TEST(journal_two_writers)
{
    char path[300];
    mfk_scenario *s = demo();
    mfk_record *rec = record_of(s, 2, TIME);
    pid_t pids[2];
    int k, rc;
    mfk_error err;

    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    for (k = 0; k < 2; k++) {
        pids[k] = fork();
        ck_assert_int_ge(pids[k], 0);
        if (pids[k] == 0) {
            mfk_journal *j;
            int i;
            if (mfk_journal_open(&j, path, NULL, NULL) != MFK_OK)
                _exit(3);
            for (i = 0; i < 1000; i++)
                if (mfk_journal_append(j, rec, NULL) != MFK_OK)
                    _exit(4);
            _exit(mfk_journal_close(j) == MFK_OK ? 0 : 5);
        }
    }
    for (k = 0; k < 2; k++) {
        waitpid(pids[k], &rc, 0);
        ck_assert(WIFEXITED(rc));
        ck_assert_int_eq(WEXITSTATUS(rc), 0);
    }
    ck_assert_uint_eq(read_all(path, &rc, &err), 2000);
    ck_assert_int_eq(rc, MFK_DONE);
    mfk_record_free(rec);
    mfk_scenario_free(s);
    remove_tmpdir();
}
END_TEST

struct thread_writer {
    const char *path;
    mfk_record *rec;
    int rc;
};

static void *thread_append(void *ud)
{
    struct thread_writer *w = ud;
    mfk_journal *j;
    int i;
    w->rc = mfk_journal_open(&j, w->path, NULL, NULL);
    for (i = 0; w->rc == MFK_OK && i < 300; i++)
        w->rc = mfk_journal_append(j, w->rec, NULL);
    if (mfk_journal_close(j) != MFK_OK && w->rc == MFK_OK)
        w->rc = MFK_EIO;
    return NULL;
}

/* Two journals of one process on one file, in two threads: the lock
 * keeps them apart too. */
START_TEST(journal_two_threads)
{
    char path[300];
    mfk_scenario *s = demo();
    struct thread_writer w[2];
    pthread_t t[2];
    int k, rc;
    mfk_error err;

    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    for (k = 0; k < 2; k++) {
        w[k].path = path;
        w[k].rec = record_of(s, (size_t)k, TIME);
        ck_assert_int_eq(pthread_create(&t[k], NULL, thread_append, &w[k]),
                         0);
    }
    for (k = 0; k < 2; k++) {
        pthread_join(t[k], NULL);
        ck_assert_int_eq(w[k].rc, MFK_OK);
        mfk_record_free(w[k].rec);
    }
    ck_assert_uint_eq(read_all(path, &rc, &err), 600);
    ck_assert_int_eq(rc, MFK_DONE);
    mfk_scenario_free(s);
    remove_tmpdir();
}
END_TEST

/* Hostile items after a good header are refused, in little memory. */
START_TEST(journal_hostile_items)
{
    static const struct {
        const char *bytes;
        size_t len;
        int code;
    } cases[] = {
        {"\x9a\x08\x00\x00\x00\x00\x00\x00\x00", 9, MFK_ETORN},
        {"\x7b\x80\x00\x00\x00\x00\x00\x00\x00\x61\x62", 11, MFK_ETORN},
        {NULL, 200001, MFK_ELIMIT},
    };
    char path[300];
    size_t i, hl = sizeof journal_header - 1;
    mfk_error err;
    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned char *doc = malloc(hl + cases[i].len);
        test_alloc t;
        mfk_journal_reader *jr;
        const mfk_record *r;
        memcpy(doc, journal_header1, hl);
        if (cases[i].bytes != NULL) {
            memcpy(doc + hl, cases[i].bytes, cases[i].len);
        } else {
            memset(doc + hl, 0x81, cases[i].len - 1);
            doc[hl + cases[i].len - 1] = 0;
        }
        spit(path, doc, hl + cases[i].len);
        test_alloc_init(&t);
        ck_assert_int_eq(mfk_journal_reader_new(&jr, path, &t.a, &err),
                         MFK_OK);
        ck_assert_int_eq(mfk_journal_reader_next(jr, &r, &err),
                         cases[i].code);
        /* Named by the record's place and where it begins. */
        ck_assert_int_eq(err.offset, (long long)hl);
        ck_assert_uint_eq(mfk_journal_reader_fault(jr), 1);
        /* Reading goes on after it: there is nothing more. */
        ck_assert_int_eq(mfk_journal_reader_next(jr, &r, &err), MFK_DONE);
        mfk_journal_reader_free(jr);
        ck_assert_uint_eq(t.live, 0);
        ck_assert_uint_lt(t.peak, 16u << 20);
        free(doc);
    }
    remove_tmpdir();
}
END_TEST

struct jwalk {
    const char *path;
    size_t n;
};

static int walk_read(void *ud, const mfk_allocator *alloc)
{
    struct jwalk *w = ud;
    mfk_journal_reader *jr;
    const mfk_record *r;
    int rc = mfk_journal_reader_new(&jr, w->path, alloc, NULL);
    if (rc != MFK_OK)
        return rc;
    w->n = 0;
    while ((rc = mfk_journal_reader_next(jr, &r, NULL)) == MFK_OK)
        w->n++;
    mfk_journal_reader_free(jr);
    return rc == MFK_DONE ? MFK_OK : rc;
}

START_TEST(journal_read_allocation_failures)
{
    char path[300];
    struct jwalk w;
    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    append_demo(path, 1);
    w.path = path;
    ck_assert_uint_gt(test_alloc_walk(walk_read, NULL, &w), 3);
    ck_assert_uint_eq(w.n, 8);
    remove_tmpdir();
}
END_TEST

/* The test hook for I/O faults: a failed write or fsync leaves the
 * journal as it was. */
START_TEST(journal_failed_append_leaves_it_whole)
{
    char path[300];
    mfk_scenario *s = demo();
    mfk_record *rec = record_of(s, 0, TIME);
    mfk_journal *j;
    mfk_error err;
    long before;
    int rc;
    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    append_demo(path, 1);
    before = file_size(path);
    mfk__test_journal_faults("fsync=1");
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_OK);
    mfk__test_journal_faults(NULL);
    ck_assert_int_eq(mfk_journal_append(j, rec, &err), MFK_EIO);
    ck_assert_int_eq(file_size(path), before);
    ck_assert_uint_eq(mfk_record_seq(rec), 0);
    /* The next append works and takes the number the failed one did not. */
    ck_assert_int_eq(mfk_journal_append(j, rec, &err), MFK_OK);
    ck_assert_uint_eq(mfk_record_seq(rec), 9);
    ck_assert_int_eq(mfk_journal_close(j), MFK_OK);
    ck_assert_uint_eq(read_all(path, &rc, &err), 9);
    ck_assert_int_eq(rc, MFK_DONE);
    mfk_record_free(rec);
    mfk_scenario_free(s);
    remove_tmpdir();
}
END_TEST

/* I/O faults, each made to fail in turn through the test hook: writes
 * (EIO, ENOSPC, a short write then ENOSPC), fsync, the truncation that
 * takes a failed append back, and close. Afterwards the journal holds
 * every record whose append was acknowledged, and after a repair it reads
 * to its end, with no partial record. (The journal renames nothing.) */
START_TEST(journal_io_faults)
{
    static const char *const specs[] = {
        "write=%u",         "write=%u:enospc", "write=%u:short",
        "fsync=%u",         "fsync=%u:enospc", "truncate=%u",
        "close=%u",         "write=%u:short,truncate=1",
        "fsync=%u,truncate=1"};
    char path[300], spec[64];
    mfk_scenario *s = demo();
    mfk_record *rec = record_of(s, 0, TIME);
    size_t k, n, acked_max, got;
    unsigned at;
    int rc;

    make_tmpdir();
    for (k = 0; k < sizeof specs / sizeof specs[0]; k++) {
        for (at = 1; at <= 6; at++) {
            mfk_journal *j = NULL;
            mfk_error err;
            tmp_path(path, sizeof path, "faults.cbor");
            unlink(path);
            snprintf(spec, sizeof spec, specs[k], at);
            mfk__test_journal_faults(spec);
            acked_max = 0;
            rc = mfk_journal_open(&j, path, NULL, &err);
            if (rc == MFK_OK) {
                for (n = 0; n < 5; n++) {
                    /* A failed append that could not be taken back
                     * leaves a torn tail: later ones are refused. */
                    rc = mfk_journal_append(j, rec, &err);
                    ck_assert_msg(rc == MFK_OK || rc == MFK_EIO ||
                                      rc == MFK_ETORN,
                                  "%s: append gave %s", spec,
                                  mfk_err_name(rc));
                    if (rc == MFK_OK)
                        acked_max = mfk_record_seq(rec);
                }
                rc = mfk_journal_close(j);
                ck_assert_msg(rc == MFK_OK || rc == MFK_EIO,
                              "%s: close gave %s", spec, mfk_err_name(rc));
            } else {
                ck_assert_msg(rc == MFK_EIO, "%s: open gave %s", spec,
                              mfk_err_name(rc));
            }
            mfk__test_journal_faults(NULL);
            if (rc != MFK_OK && acked_max == 0 && file_size(path) <= 0)
                continue; /* nothing was written at all */
            {
                mfk_journal_reader *jr = NULL;
                rc = mfk_journal_reader_new(&jr, path, NULL, &err);
                mfk_journal_reader_free(jr);
            }
            if (rc == MFK_ETORN && acked_max == 0) {
                /* Only the header was begun: opening begins it again. */
                mfk_journal *again = NULL;
                ck_assert_int_eq(mfk_journal_open(&again, path, NULL, &err),
                                 MFK_OK);
                ck_assert_int_eq(mfk_journal_close(again), MFK_OK);
            }
            got = read_all(path, &rc, &err);
            if (rc != MFK_DONE) {
                long long cut;
                char side[400];
                ck_assert_msg(rc == MFK_ETORN, "%s: reading gave %s", spec,
                              mfk_err_name(rc));
                ck_assert_int_eq(mfk_journal_repair(path, &cut, side,
                                                    sizeof side, NULL, &err),
                                 MFK_OK);
                ck_assert_int_ge(cut, 0);
                unlink(side);
                got = read_all(path, &rc, &err);
                ck_assert_msg(rc == MFK_DONE, "%s: after repair: %s", spec,
                              mfk_err_name(rc));
            }
            /* Sequence numbers run 1, 2, ... (read_all asserts it): every
             * acknowledged one is there. */
            ck_assert_msg(got >= acked_max,
                          "%s: %zu records read, but %zu acknowledged", spec,
                          got, acked_max);
        }
    }
    mfk_record_free(rec);
    mfk_scenario_free(s);
    remove_tmpdir();
}
END_TEST

/* A repair whose own writes fail moves nothing and loses nothing: the
 * journal and its complete records stay, and a later repair succeeds. */
START_TEST(journal_repair_io_faults)
{
    static const char *const specs[] = {"write=1", "write=1:short",
                                        "fsync=1", "truncate=1"};
    char path[300], side[400];
    unsigned char *whole, *after;
    size_t len, alen, k;
    long long cut;
    mfk_error err;
    int rc;

    make_tmpdir();
    tmp_path(path, sizeof path, "torn.cbor");
    for (k = 0; k < sizeof specs / sizeof specs[0]; k++) {
        unlink(path);
        append_demo(path, 1); /* 8 records */
        whole = slurp(path, &len);
        spit(path, whole, len - 7); /* a torn last record */
        mfk__test_journal_faults(specs[k]);
        rc = mfk_journal_repair(path, &cut, side, sizeof side, NULL, &err);
        mfk__test_journal_faults(NULL);
        ck_assert_msg(rc == MFK_EIO, "%s: repair gave %s", specs[k],
                      mfk_err_name(rc));
        /* Nothing lost: the journal still has every byte it had, or was
         * cut only after the torn bytes were safely copied. */
        after = slurp(path, &alen);
        ck_assert_msg(alen == len - 7, "%s: the journal changed", specs[k]);
        ck_assert_int_eq(memcmp(after, whole, alen), 0);
        free(after);
        ck_assert_uint_eq(read_all(path, &rc, &err), 7);
        ck_assert_int_eq(rc, MFK_ETORN);
        ck_assert_int_eq(mfk_journal_repair(path, &cut, side, sizeof side,
                                            NULL, &err),
                         MFK_OK);
        unlink(side);
        ck_assert_uint_eq(read_all(path, &rc, &err), 7);
        ck_assert_int_eq(rc, MFK_DONE);
        free(whole);
    }
    remove_tmpdir();
}
END_TEST

/* ---- errors, each where it happens ------------------------------------ */

/* Sets the journal's faults, or none for NULL. */
static void set_faults(const char *spec)
{
    if (spec != NULL)
        mfk__test_journal_faults(spec);
    else
        mfk__test_journal_faults(NULL);
}

/* A journal of the 8 demo records whose last one is cut short by 7 bytes;
 * its bytes in *torn (to free), where the last record starts in *cut. */
static void make_torn(const char *path, unsigned char **torn, size_t *len,
                      size_t *cut)
{
    unlink(path);
    append_demo(path, 1);
    *cut = last_record_start(path);
    *torn = slurp(path, len);
    *len -= 7;
    spit(path, *torn, *len);
}

/* The file holds exactly these bytes. */
static void assert_file_is(const char *path, const unsigned char *bytes,
                           size_t len)
{
    size_t have;
    unsigned char *now = slurp(path, &have);
    ck_assert_uint_eq(have, len);
    ck_assert(memcmp(now, bytes, len) == 0);
    free(now);
}

/* Each function called with each missing or invalid argument. */
START_TEST(journal_argument_checks)
{
    char path[300], side[16] = "untouched";
    unsigned char *bytes;
    size_t len;
    mfk_scenario *s = demo();
    mfk_record *rec = record_of(s, 0, TIME);
    mfk_journal *j = (mfk_journal *)1;
    mfk_journal_reader *jr = (mfk_journal_reader *)1;
    const mfk_record *r = (const mfk_record *)1;
    long long off = 0;

    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    append_demo(path, 1);
    bytes = slurp(path, &len);
    ck_assert_int_eq(mfk_journal_open(NULL, path, NULL, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_journal_open(&j, NULL, NULL, NULL), MFK_EINVAL);
    ck_assert_ptr_null(j);
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, NULL), MFK_OK);
    ck_assert_int_eq(mfk_journal_append(NULL, rec, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_journal_append(j, NULL, NULL), MFK_EINVAL);
    ck_assert_uint_eq(mfk_record_seq(rec), 0);
    ck_assert_int_eq(mfk_journal_close(j), MFK_OK);
    ck_assert_int_eq(mfk_journal_close(NULL), MFK_OK);
    ck_assert_int_eq(mfk_journal_reader_new(NULL, path, NULL, NULL),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_journal_reader_new(&jr, NULL, NULL, NULL),
                     MFK_EINVAL);
    ck_assert_ptr_null(jr);
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, NULL), MFK_OK);
    ck_assert_int_eq(mfk_journal_reader_next(NULL, &r, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_journal_reader_next(jr, NULL, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_journal_reader_offset(jr),
                     (long long)sizeof journal_header - 1);
    ck_assert_int_eq(mfk_journal_reader_offset(NULL), -1);
    mfk_journal_reader_free(jr);
    mfk_journal_reader_free(NULL);
    ck_assert_int_eq(mfk_journal_repair(NULL, &off, side, sizeof side, NULL,
                                        NULL),
                     MFK_EINVAL);
    ck_assert_int_eq(off, -1);
    ck_assert_str_eq(side, "");
    /* A side buffer of no bytes is not written to. */
    strcpy(side, "untouched");
    ck_assert_int_eq(mfk_journal_repair(NULL, NULL, side, 0, NULL, NULL),
                     MFK_EINVAL);
    ck_assert_str_eq(side, "untouched");
    assert_file_is(path, bytes, len);
    free(bytes);
    mfk_record_free(rec);
    mfk_scenario_free(s);
    remove_tmpdir();
}
END_TEST

#define HEAD "\xd9\xd9\xf7"
#define FORMAT "\x66" "format" "\x6f" "mufakat-journal"
#define VERSION "\x67" "version"

/* Headers that are not a journal's, each refused at the right byte by the
 * reader and by a writer, which leaves the file as it is; a header with a
 * key of its own ("x-") is a journal's. */
START_TEST(journal_headers)
{
    static const struct {
        const char *bytes;
        size_t len;
        int code;
        long long offset;
        const char *message;
    } cases[] = {
        {"ab", 2, MFK_EFORMAT, 0, "not a mufakat journal"},
        {HEAD "\x01", 4, MFK_EFORMAT, 0, "not a mufakat journal"},
        {HEAD "\xff", 4, MFK_EFORMAT, 0, "not a mufakat journal"},
        {HEAD "\xa2\x66" "format" "\x6f" "mufakat-journax" VERSION "\x01",
         36, MFK_EFORMAT, 0, "not a mufakat journal"},
        {HEAD "\xa1" FORMAT, 28, MFK_EFORMAT, 0, "not a mufakat journal"},
        {HEAD "\xa2" FORMAT VERSION "\x61" "1", 37, MFK_EFORMAT, 0,
         "\"version\": 1 or 2}, exactly"},
        {HEAD "\xa2" FORMAT VERSION "\x03", 36, MFK_EFORMAT, 0,
         "or its header is damaged"},
        /* 0.1 took a header with more keys; its writer never made one,
         * and a header's count changed by one bit took in the records
         * after it (issue 16): now it is no header at all. */
        {HEAD "\xa3" FORMAT VERSION "\x01" "\x66" "x-note" "\x64" "kept",
         48, MFK_EFORMAT, 0, "or its header is damaged"},
        {HEAD "\xa2" FORMAT VERSION "\x02", 36, MFK_OK, -1, ""},
        {HEAD "\xa2" FORMAT VERSION "\x01", 36, MFK_OK, -1, ""},
    };
    char path[300];
    size_t i;
    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mfk_journal_reader *jr = NULL;
        mfk_journal *j = NULL;
        const mfk_record *r;
        long long off;
        mfk_error err;
        int rc;
        spit(path, cases[i].bytes, cases[i].len);
        rc = mfk_journal_reader_new(&jr, path, NULL, &err);
        ck_assert_msg(rc == cases[i].code, "case %zu: %s", i,
                      mfk_err_name(rc));
        ck_assert_int_eq(err.offset, cases[i].offset);
        ck_assert_msg(strstr(err.message, cases[i].message) != NULL,
                      "case %zu: %s", i, err.message);
        if (rc == MFK_OK) {
            ck_assert_int_eq(mfk_journal_reader_next(jr, &r, &err),
                             MFK_DONE);
            mfk_journal_reader_free(jr);
        } else {
            ck_assert_ptr_null(jr);
        }
        /* The same without a place for the detail. */
        ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, NULL),
                         cases[i].code);
        mfk_journal_reader_free(jr);
        rc = mfk_journal_open(&j, path, NULL, &err);
        ck_assert_int_eq(rc, cases[i].code);
        ck_assert_int_eq(err.offset, cases[i].offset);
        ck_assert_int_eq(mfk_journal_close(j), MFK_OK);
        ck_assert_int_eq(mfk_journal_open(&j, path, NULL, NULL),
                         cases[i].code);
        ck_assert_int_eq(mfk_journal_close(j), MFK_OK);
        /* Repair moves nothing when the header is at fault. */
        rc = mfk_journal_repair(path, &off, NULL, 0, NULL, &err);
        ck_assert_int_eq(rc, cases[i].code);
        ck_assert_int_eq(err.offset, cases[i].offset);
        ck_assert_int_eq(off, -1);
        ck_assert_int_eq(mfk_journal_repair(path, NULL, NULL, 0, NULL, NULL),
                         cases[i].code);
        ck_assert_int_eq(file_size(path), (long)cases[i].len);
    }
    /* An empty file is no journal to read; a writer makes it one. */
    spit(path, "", 0);
    {
        mfk_journal_reader *jr;
        mfk_journal *j;
        mfk_error err;
        ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err),
                         MFK_EFORMAT);
        ck_assert_int_eq(err.offset, 0);
        ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_OK);
        ck_assert_int_eq(mfk_journal_close(j), MFK_OK);
        ck_assert_int_eq(file_size(path), (long)sizeof journal_header - 1);
    }
    remove_tmpdir();
}
END_TEST

/* A complete item that is not a record: the reader stops before it, a
 * writer refuses the journal, repair moves it aside. */
START_TEST(journal_damaged_record)
{
    char path[300], side[400];
    unsigned char doc[sizeof journal_header];
    size_t hl = sizeof journal_header - 1, len;
    mfk_journal_reader *jr;
    const mfk_record *r;
    mfk_journal *j;
    mfk_record *rec;
    mfk_scenario *s = demo();
    unsigned char *tail;
    long long off;
    mfk_error err;
    int rc;

    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    memcpy(doc, journal_header1, hl);
    doc[hl] = 0x01;
    spit(path, doc, hl + 1);
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err), MFK_OK);
    ck_assert_int_eq(mfk_journal_reader_next(jr, &r, &err), MFK_EFORMAT);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(err.offset, (long long)hl);
    ck_assert_uint_eq(mfk_journal_reader_fault(jr), 1);
    /* Reading goes on after it, to the end. */
    ck_assert_int_eq(mfk_journal_reader_offset(jr), (long long)hl + 1);
    ck_assert_int_eq(mfk_journal_reader_next(jr, &r, NULL), MFK_DONE);
    mfk_journal_reader_free(jr);
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_EFORMAT);
    ck_assert_int_eq(err.offset, (long long)hl);
    ck_assert_int_eq(mfk_journal_repair(path, &off, side, sizeof side, NULL,
                                        &err),
                     MFK_OK);
    ck_assert_int_eq(off, (long long)hl);
    tail = slurp(side, &len);
    ck_assert_uint_eq(len, 1);
    ck_assert_int_eq(tail[0], 0x01);
    free(tail);
    ck_assert_uint_eq(read_all(path, &rc, &err), 0);
    ck_assert_int_eq(rc, MFK_DONE);
    /* Appending goes on from there. */
    rec = record_of(s, 0, TIME);
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_OK);
    ck_assert_int_eq(mfk_journal_append(j, rec, &err), MFK_OK);
    ck_assert_uint_eq(mfk_record_seq(rec), 1);
    ck_assert_int_eq(mfk_journal_close(j), MFK_OK);
    mfk_record_free(rec);
    mfk_scenario_free(s);
    remove_tmpdir();
}
END_TEST

/* Version 2: a changed byte anywhere is found, and the fault names the
 * record it is in (issue 16): every byte of a journal of two signed
 * records, one byte at a time. */
START_TEST(journal_every_byte_changed_is_found)
{
    char path[300], copy[300];
    unsigned char pub[32], sec[64], *bytes;
    mfk_scenario *s = demo();
    size_t len, i, p;
    mfk_journal *j;
    mfk_error err;

    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    tmp_path(copy, sizeof copy, "x.cbor");
    ck_assert_int_eq(mfk_sign_keypair(pub, sec), MFK_OK);
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_OK);
    ck_assert_int_eq(mfk_journal_version(j), 2);
    ck_assert_int_eq(mfk_journal_set_key(j, sec), MFK_OK);
    for (p = 0; p < 2; p++) {
        mfk_record *r = record_of(s, p, TIME);
        ck_assert_int_eq(mfk_journal_append(j, r, &err), MFK_OK);
        mfk_record_free(r);
    }
    ck_assert_int_eq(mfk_journal_close(j), MFK_OK);
    bytes = slurp(path, &len);
    for (i = 0; i < len; i++) {
        mfk_journal_reader *jr;
        const mfk_record *r;
        int rc, faults = 0, named = 1;
        bytes[i] ^= 0x10;
        spit(copy, bytes, len);
        bytes[i] ^= 0x10;
        if (mfk_journal_reader_new(&jr, copy, NULL, &err) != MFK_OK) {
            ck_assert_msg(i < 36, "byte %zu: the header refused", i);
            continue;
        }
        ck_assert_msg(i >= 36, "byte %zu of the header not found", i);
        mfk_journal_reader_set_key(jr, pub);
        while ((rc = mfk_journal_reader_next(jr, &r, &err)) != MFK_DONE) {
            if (rc == MFK_OK)
                continue;
            ck_assert(rc != MFK_EIO && rc != MFK_ENOMEM);
            faults++;
            if (mfk_journal_reader_fault(jr) < 1 ||
                mfk_journal_reader_fault(jr) > 2)
                named = 0;
        }
        mfk_journal_reader_free(jr);
        ck_assert_msg(faults > 0, "byte %zu changed, not found", i);
        ck_assert_msg(named, "byte %zu: no record named", i);
    }
    free(bytes);
    mfk_scenario_free(s);
    remove_tmpdir();
}
END_TEST

/* Event records (what a meeting did): appended with the next seq and
 * their link, passed over and counted by readers, refused by a journal
 * of version 1. */
START_TEST(journal_event_records)
{
    char path[300];
    mfk_scenario *s = demo();
    mfk_record *rec = record_of(s, 0, TIME);
    mfk_journal_reader *jr;
    const mfk_record *r;
    mfk_journal *j;
    mfk_error err;
    size_t n = 0;
    int rc;

    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_OK);
    ck_assert_int_eq(mfk_journal_append_event(j, "stance", "KHM", "object",
                                              "2026-07-10T16:00:00+07:00",
                                              &err),
                     MFK_OK);
    ck_assert_int_eq(mfk_journal_append(j, rec, &err), MFK_OK);
    ck_assert_uint_eq(mfk_record_seq(rec), 2);
    ck_assert_int_eq(mfk_journal_append_event(j, "round-closed", NULL, NULL,
                                              NULL, &err),
                     MFK_OK);
    ck_assert_int_eq(mfk_journal_append_event(j, "", NULL, NULL, NULL, &err),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_journal_append_event(j, "amended", NULL, "\xff",
                                              NULL, &err),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_journal_append_event(j, "stance", NULL, NULL,
                                              "yesterday", &err),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_journal_close(j), MFK_OK);
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err), MFK_OK);
    while ((rc = mfk_journal_reader_next(jr, &r, &err)) == MFK_OK) {
        ck_assert_ptr_null(mfk_record_event(r));
        ck_assert_uint_eq(mfk_record_seq(r), 2);
        n++;
    }
    ck_assert_int_eq(rc, MFK_DONE);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(mfk_journal_reader_events(jr), 2);
    ck_assert_uint_eq(mfk_journal_reader_records(jr), 3);
    mfk_journal_reader_free(jr);
    /* Asked for, the events come back in their place, with what they
     * were appended with. */
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err), MFK_OK);
    ck_assert_int_eq(mfk_journal_reader_set_events(jr, 1), MFK_OK);
    ck_assert_int_eq(mfk_journal_reader_next(jr, &r, &err), MFK_OK);
    ck_assert_str_eq(mfk_record_event(r), "stance");
    ck_assert_str_eq(mfk_record_event_member(r), "KHM");
    ck_assert_str_eq(mfk_record_event_text(r), "object");
    ck_assert_str_eq(mfk_record_time(r), "2026-07-10T09:00:00Z");
    ck_assert_int_eq(mfk_journal_reader_next(jr, &r, &err), MFK_OK);
    ck_assert_ptr_null(mfk_record_event(r));
    ck_assert_ptr_null(mfk_record_event_member(r));
    ck_assert_ptr_null(mfk_record_event_text(r));
    ck_assert_int_eq(mfk_journal_reader_next(jr, &r, &err), MFK_OK);
    ck_assert_str_eq(mfk_record_event(r), "round-closed");
    ck_assert_ptr_null(mfk_record_event_member(r));
    ck_assert_ptr_null(mfk_record_event_text(r));
    ck_assert_int_eq(mfk_journal_reader_next(jr, &r, &err), MFK_DONE);
    ck_assert_uint_eq(mfk_journal_reader_events(jr), 2);
    mfk_journal_reader_free(jr);
    ck_assert_int_eq(mfk_journal_reader_set_events(NULL, 1), MFK_EINVAL);
    ck_assert_ptr_null(mfk_record_event_member(NULL));
    /* A journal of version 1 holds no events, and is left as it was. */
    spit(path, journal_header1, sizeof journal_header1 - 1);
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_OK);
    ck_assert_int_eq(mfk_journal_version(j), 1);
    ck_assert_int_eq(mfk_journal_append_event(j, "stance", NULL, NULL, NULL,
                                              &err),
                     MFK_EFORMAT);
    ck_assert_int_eq(mfk_journal_close(j), MFK_OK);
    ck_assert_int_eq(file_size(path), (long)sizeof journal_header1 - 1);
    mfk_record_free(rec);
    mfk_scenario_free(s);
    remove_tmpdir();
}
END_TEST

/* What is not a file of the journal's kind: a missing folder, a folder. */
START_TEST(journal_open_what_cannot_be)
{
    char path[300], inner[300];
    mfk_journal_reader *jr = (mfk_journal_reader *)1;
    mfk_journal *j = (mfk_journal *)1;
    long long off = 0;
    mfk_error err;
    make_tmpdir();
    tmp_path(path, sizeof path, "missing/j.cbor");
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_EIO);
    ck_assert_ptr_null(j);
    ck_assert_str_eq(err.message, "cannot open: No such file or directory");
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err), MFK_EIO);
    ck_assert_ptr_null(jr);
    ck_assert_str_eq(err.message, "cannot open: No such file or directory");
    ck_assert_int_eq(mfk_journal_repair(path, &off, NULL, 0, NULL, &err),
                     MFK_EIO);
    ck_assert_int_eq(off, -1);
    ck_assert_str_eq(err.message, "cannot open: No such file or directory");
    /* A folder (with a name in it, so that it has a size everywhere). */
    tmp_path(path, sizeof path, "folder");
    ck_assert_int_eq(mkdir(path, 0777), 0);
    tmp_path(inner, sizeof inner, "folder/a-name-of-some-length");
    spit(inner, "x", 1);
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_EIO);
    ck_assert_str_eq(err.message, "cannot open: Is a directory");
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err), MFK_EIO);
    ck_assert_str_eq(err.message, "cannot read: Is a directory");
    ck_assert_int_eq(mfk_journal_repair(path, &off, NULL, 0, NULL, &err),
                     MFK_EIO);
    ck_assert_str_eq(err.message, "cannot open: Is a directory");
    remove_tmpdir();
}
END_TEST

/* Faults of the readers, of locks and of file sizes, through the test
 * hook: each is reported where it happens, and an interrupted call is
 * made again. */
START_TEST(journal_read_lock_stat_faults)
{
    enum { READ, OPEN, APPEND, CREATE };
    static const struct {
        int what;
        const char *spec;
        int code;
        const char *message;
    } cases[] = {
        {READ, "lock=1", MFK_EIO, "cannot lock: Input/output error"},
        {READ, "stat=1", MFK_EIO, "cannot stat: Input/output error"},
        {READ, "read=1", MFK_EIO, "cannot read: Input/output error"},
        {READ, "read=1:enospc", MFK_EIO,
         "cannot read: No space left on device"},
        {READ, "read=1:eintr", MFK_OK, ""},
        {READ, "lock=1:eintr", MFK_OK, ""},
        {READ, "lock=2", MFK_OK, ""}, /* an unlock: the reader goes on */
        {OPEN, "lock=1", MFK_EIO, "cannot lock: Input/output error"},
        {OPEN, "stat=1", MFK_EIO, "cannot stat: Input/output error"},
        {OPEN, "read=1", MFK_EIO, "cannot read: Input/output error"},
        {OPEN, "lock=1:eintr,read=1:eintr", MFK_OK, ""},
        {APPEND, "lock=3", MFK_EIO, "cannot lock: Input/output error"},
        {APPEND, "stat=2", MFK_EIO, "cannot stat: Input/output error"},
        {APPEND, "write=1:eintr", MFK_OK, ""},
        {CREATE, "write=1:eintr", MFK_OK, ""},
    };
    char path[300];
    unsigned char *bytes;
    size_t len, i;
    mfk_scenario *s = demo();
    mfk_record *rec = record_of(s, 0, TIME);

    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    append_demo(path, 1);
    bytes = slurp(path, &len);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mfk_journal_reader *jr = NULL;
        mfk_journal *j = NULL;
        const mfk_record *r;
        mfk_error err;
        size_t n = 0;
        int rc;
        if (cases[i].what == CREATE)
            unlink(path);
        else
            spit(path, bytes, len);
        set_faults(cases[i].spec);
        if (cases[i].what == READ) {
            rc = mfk_journal_reader_new(&jr, path, NULL, &err);
            while (rc == MFK_OK &&
                   (rc = mfk_journal_reader_next(jr, &r, &err)) == MFK_OK)
                n++;
            if (rc == MFK_DONE) {
                rc = MFK_OK;
                ck_assert_uint_eq(n, 8);
            }
            mfk_journal_reader_free(jr);
        } else {
            rc = mfk_journal_open(&j, path, NULL, &err);
            if (rc == MFK_OK && cases[i].what != OPEN) {
                rc = mfk_journal_append(j, rec, &err);
                if (rc == MFK_OK)
                    ck_assert_uint_eq(mfk_record_seq(rec),
                                      cases[i].what == CREATE ? 1 : 9);
            }
            ck_assert_int_eq(mfk_journal_close(j), MFK_OK);
        }
        set_faults(NULL);
        ck_assert_msg(rc == cases[i].code, "%s: %s", cases[i].spec,
                      mfk_err_name(rc));
        ck_assert_msg(strcmp(err.message, cases[i].message) == 0, "%s: %s",
                      cases[i].spec, err.message);
        if (rc != MFK_OK)
            assert_file_is(path, bytes, len); /* untouched */
        else
            ck_assert_uint_eq(read_all(path, &rc, &err),
                              cases[i].what == READ || cases[i].what == OPEN
                                  ? 8
                                  : cases[i].what == CREATE ? 1 : 9);
    }
    free(bytes);
    mfk_record_free(rec);
    mfk_scenario_free(s);
    remove_tmpdir();
}
END_TEST

/* Faults in a repair, each said where it happens: nothing is lost, and
 * what it could not finish is left as it was or in the side file. */
START_TEST(journal_repair_faults_say_which)
{
    static const struct {
        const char *spec;
        const char *message;
        int cut, kept; /* the journal was cut; the side file kept */
    } cases[] = {
        {"lock=1", "cannot lock: Input/output error", 0, 0},
        {"stat=1", "cannot stat: Input/output error", 0, 0},
        {"read=1", "cannot read: Input/output error", 0, 0},
        {"read=2", "cannot copy the torn bytes: Input/output error", 0, 0},
        {"write=1", "cannot copy the torn bytes: Input/output error", 0, 0},
        {"write=1:short", "cannot copy the torn bytes: No space left on device",
         0, 0},
        {"write=1,close=1", "cannot copy the torn bytes: Input/output error",
         0, 0},
        {"fsync=1", "cannot sync the side file: Input/output error", 0, 0},
        {"close=1", "cannot close the side file: Input/output error", 0, 0},
        {"truncate=1",
         "cannot truncate (the torn bytes are copied): Input/output error", 0,
         1},
        {"fsync=2",
         "cannot truncate (the torn bytes are copied): Input/output error", 1,
         1},
        {"read=2:eintr,lock=1:eintr", "", 1, 1},
    };
    char path[300], side[400], want[400];
    unsigned char *torn;
    size_t len, cut, i;
    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    make_torn(path, &torn, &len, &cut);
    snprintf(want, sizeof want, "%s.torn-%zu", path, cut);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        long long off = 0;
        mfk_error err;
        int rc;
        spit(path, torn, len);
        set_faults(cases[i].spec);
        rc = mfk_journal_repair(path, &off, side, sizeof side, NULL, &err);
        set_faults(NULL);
        ck_assert_msg(strcmp(err.message, cases[i].message) == 0, "%s: %s",
                      cases[i].spec, err.message);
        if (cases[i].message[0] == '\0') {
            ck_assert_int_eq(rc, MFK_OK);
            ck_assert_int_eq(off, (long long)cut);
            ck_assert_str_eq(side, want);
        } else {
            ck_assert_int_eq(rc, MFK_EIO);
            ck_assert_int_eq(off, -1);
            ck_assert_str_eq(side, "");
        }
        /* Every byte is in the journal or in the side file. */
        assert_file_is(path, torn, cases[i].cut ? cut : len);
        if (cases[i].kept) {
            assert_file_is(want, torn + cut, len - cut);
            ck_assert_int_eq(unlink(want), 0);
        } else {
            ck_assert_int_eq(access(want, F_OK), -1);
        }
    }
    free(torn);
    remove_tmpdir();
}
END_TEST

/* ---- locks, descriptors, files that change ---------------------------- */

static volatile sig_atomic_t interruptions;
static volatile pid_t holder;

/* The timer's signal: after three interruptions of the wait, the process
 * that holds the lock goes. */
static void on_timer(int sig)
{
    (void)sig;
    if (++interruptions == 3)
        kill(holder, SIGKILL);
}

/* A process that holds a write lock on the whole of path until killed. */
static pid_t hold_lock(const char *path)
{
    int p[2];
    char c;
    pid_t pid;
    ck_assert_int_eq(pipe(p), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        struct flock fl;
        int fd = open(path, O_RDWR);
        memset(&fl, 0, sizeof fl);
        fl.l_type = F_WRLCK;
        fl.l_whence = SEEK_SET;
        if (fd < 0 || fcntl(fd, F_SETLK, &fl) != 0 || write(p[1], "x", 1) != 1)
            _exit(1);
        for (;;)
            pause();
    }
    close(p[1]);
    ck_assert_int_eq(read(p[0], &c, 1), 1);
    close(p[0]);
    return pid;
}

/* Each way in waits while another process holds the lock, through the
 * signals that interrupt the wait, and goes on once the lock is free. */
START_TEST(journal_waits_for_the_lock)
{
    enum { OPEN, APPEND, READ, REPAIR, COUNT };
    char path[300], side[400];
    unsigned char *torn;
    size_t len, cut;
    mfk_scenario *s = demo();
    mfk_record *rec = record_of(s, 0, TIME);
    struct sigaction sa, old;
    struct itimerval tick, stop;
    int what;

    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_timer; /* no SA_RESTART: the wait is interrupted */
    sigemptyset(&sa.sa_mask);
    ck_assert_int_eq(sigaction(SIGALRM, &sa, &old), 0);
    memset(&tick, 0, sizeof tick);
    memset(&stop, 0, sizeof stop);
    tick.it_value.tv_usec = tick.it_interval.tv_usec = 20000;
    for (what = 0; what < COUNT; what++) {
        mfk_journal *j = NULL;
        mfk_journal_reader *jr = NULL;
        mfk_error err;
        long long off = 0;
        int rc, status;
        make_torn(path, &torn, &len, &cut);
        free(torn);
        if (what != REPAIR)
            ck_assert_int_eq(mfk_journal_repair(path, NULL, NULL, 0, NULL,
                                                NULL),
                             MFK_OK);
        if (what == APPEND)
            ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_OK);
        holder = hold_lock(path);
        interruptions = 0;
        ck_assert_int_eq(setitimer(ITIMER_REAL, &tick, NULL), 0);
        if (what == OPEN)
            rc = mfk_journal_open(&j, path, NULL, &err);
        else if (what == APPEND)
            rc = mfk_journal_append(j, rec, &err);
        else if (what == READ)
            rc = mfk_journal_reader_new(&jr, path, NULL, &err);
        else
            rc = mfk_journal_repair(path, &off, side, sizeof side, NULL,
                                    &err);
        ck_assert_int_eq(setitimer(ITIMER_REAL, &stop, NULL), 0);
        ck_assert_int_eq(waitpid(holder, &status, 0), holder);
        ck_assert_msg(rc == MFK_OK, "way %d: %s", what, err.message);
        ck_assert_int_ge(interruptions, 3);
        ck_assert(WIFSIGNALED(status));
        if (what == APPEND)
            ck_assert_uint_eq(mfk_record_seq(rec), 8);
        if (what == REPAIR)
            ck_assert_int_eq(off, (long long)cut);
        ck_assert_int_eq(mfk_journal_close(j), MFK_OK);
        mfk_journal_reader_free(jr);
    }
    ck_assert_int_eq(sigaction(SIGALRM, &old, NULL), 0);
    mfk_record_free(rec);
    mfk_scenario_free(s);
    remove_tmpdir();
}
END_TEST

/* A process with one file descriptor left: a new journal is made (its
 * folder cannot be synced: the name lasts as the file system keeps it);
 * with none left, a reader cannot open and a repair cannot make its side
 * file, and says so. */
START_TEST(journal_without_descriptors)
{
    char path[300], torn_path[300], side[400] = "x";
    unsigned char *torn;
    size_t len, cut;
    mfk_scenario *s = demo();
    mfk_record *rec = record_of(s, 0, TIME);
    mfk_journal_reader *jr = NULL;
    mfk_journal *j = NULL;
    struct rlimit old, one;
    mfk_error err_read, err_repair;
    long long off = 0;
    int fd, rc_open, rc_read = MFK_OK, rc_append = MFK_OK, rc_repair, rc;

    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    tmp_path(torn_path, sizeof torn_path, "torn.cbor");
    make_torn(torn_path, &torn, &len, &cut);
    fd = open("/dev/null", O_RDONLY); /* the lowest free descriptor */
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &old), 0);
    one = old;
    one.rlim_cur = (rlim_t)fd + 1;
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &one), 0);
    rc_open = mfk_journal_open(&j, path, NULL, NULL);
    if (rc_open == MFK_OK) {
        rc_read = mfk_journal_reader_new(&jr, path, NULL, &err_read);
        rc_append = mfk_journal_append(j, rec, NULL);
        mfk_journal_close(j);
    }
    rc_repair = mfk_journal_repair(torn_path, &off, side, sizeof side, NULL,
                                   &err_repair);
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &old), 0);
    ck_assert_int_eq(rc_open, MFK_OK);
    ck_assert_int_eq(rc_read, MFK_EIO);
    ck_assert_ptr_null(jr);
    ck_assert_str_eq(err_read.message, "cannot open: Too many open files");
    ck_assert_int_eq(rc_append, MFK_OK);
    ck_assert_uint_eq(read_all(path, &rc, &err_read), 1);
    ck_assert_int_eq(rc, MFK_DONE);
    ck_assert_int_eq(rc_repair, MFK_EIO);
    ck_assert_str_eq(err_repair.message,
                     "cannot create the side file: Too many open files");
    ck_assert_int_eq(off, -1);
    ck_assert_str_eq(side, "");
    assert_file_is(torn_path, torn, len);
    free(torn);
    mfk_record_free(rec);
    mfk_scenario_free(s);
    remove_tmpdir();
}
END_TEST

/* A journal named from the current folder: made, appended to, repaired,
 * its side file beside it. */
START_TEST(journal_in_the_current_folder)
{
    char cwd[4096], side[400];
    unsigned char *torn;
    size_t len, cut;
    long long off;
    mfk_error err;
    int rc;
    make_tmpdir();
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
    ck_assert_int_eq(chdir(tmpdir), 0);
    make_torn("j.cbor", &torn, &len, &cut);
    ck_assert_int_eq(mfk_journal_repair("j.cbor", &off, side, sizeof side,
                                        NULL, &err),
                     MFK_OK);
    ck_assert_int_eq(off, (long long)cut);
    {
        char want[64];
        snprintf(want, sizeof want, "j.cbor.torn-%zu", cut);
        ck_assert_str_eq(side, want);
    }
    assert_file_is(side, torn + cut, len - cut);
    ck_assert_uint_eq(read_all("j.cbor", &rc, &err), 7);
    ck_assert_int_eq(rc, MFK_DONE);
    free(torn);
    ck_assert_int_eq(chdir(cwd), 0);
    remove_tmpdir();
}
END_TEST

/* An allocator that truncates a file at its first call, as another
 * process would between the reader's look at the size and its reading. */
struct shrinker {
    const char *path;
    off_t to;
    int done;
};

static void *shrink_malloc(size_t n, void *ud)
{
    struct shrinker *s = ud;
    if (!s->done) {
        s->done = 1;
        ck_assert_int_eq(truncate(s->path, s->to), 0);
    }
    return malloc(n);
}

static void *shrink_realloc(void *p, size_t n, void *ud)
{
    (void)ud;
    return realloc(p, n);
}

static void shrink_free(void *p, void *ud)
{
    (void)ud;
    free(p);
}

/* A journal that shrinks under a reader is read as far as it goes. */
START_TEST(journal_shrinks_under_the_reader)
{
    char path[300];
    size_t hl = sizeof journal_header - 1;
    long long second;
    struct shrinker sh;
    mfk_allocator a = {shrink_malloc, shrink_realloc, shrink_free, &sh};
    mfk_journal_reader *jr;
    const mfk_record *r;
    mfk_error err;

    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    append_demo(path, 1);
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err), MFK_OK);
    ck_assert_int_eq(mfk_journal_reader_next(jr, &r, &err), MFK_OK);
    second = mfk_journal_reader_offset(jr);
    mfk_journal_reader_free(jr);
    /* Cut to two bytes: not even the header's tag is there. */
    sh.path = path;
    sh.to = 2;
    sh.done = 0;
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, &a, &err),
                     MFK_EFORMAT);
    ck_assert_int_eq(sh.done, 1);
    ck_assert_int_eq(err.offset, 0);
    /* Cut 10 bytes into the second record. */
    sh.to = (off_t)second + 10;
    sh.done = 0;
    unlink(path);
    append_demo(path, 1);
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, &a, &err), MFK_OK);
    ck_assert_int_eq(sh.done, 1);
    ck_assert_int_eq(mfk_journal_reader_offset(jr), (long long)hl);
    ck_assert_int_eq(mfk_journal_reader_next(jr, &r, &err), MFK_OK);
    ck_assert_uint_eq(mfk_record_seq(r), 1);
    ck_assert_int_eq(mfk_journal_reader_next(jr, &r, &err), MFK_ETORN);
    ck_assert_int_eq(err.offset, second);
    ck_assert_str_eq(err.message,
                     "torn record (10 bytes): the journal ends inside it");
    mfk_journal_reader_free(jr);
    remove_tmpdir();
}
END_TEST

/* The record of finished consultation c at TIME; c, p, b and title are
 * freed. */
static mfk_record *record_and_free(mfk_consultation *c, mfk_proposal *p,
                                   mfk_body *b, char *title)
{
    mfk_record *r;
    ck_assert_int_eq(mfk_record_new(&r, c, TIME, NULL), MFK_OK);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
    free(title);
    return r;
}

/* A record of one proposal whose title has n bytes. */
static mfk_record *record_titled(size_t n)
{
    mfk_body *b = test_body(2);
    mfk_proposal *p;
    mfk_consultation *c;
    mfk_verdict v;
    char *title = malloc(n + 1);
    ck_assert_ptr_nonnull(title);
    memset(title, 't', n);
    title[n] = '\0';
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", title, NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
    mfk_consultation_set_stance(c, 0, MFK_SUPPORT);
    mfk_consultation_set_stance(c, 1, MFK_SUPPORT);
    mfk_consultation_close_round(c, &v);
    mfk_consultation_end(c);
    return record_and_free(c, p, b, title);
}

/* A record of 1 MiB is read back whole; one of more than 4 MiB is not
 * appended, and one written by hand is refused in bounded memory. */
START_TEST(journal_large_records)
{
    char path[300];
    size_t hl = sizeof journal_header - 1, big = 5u << 20, i;
    mfk_record *mib = record_titled(1u << 20), *huge = record_titled(big);
    mfk_journal *j;
    mfk_journal_reader *jr;
    const mfk_record *r;
    unsigned char *doc;
    long before;
    test_alloc t;
    mfk_error err;

    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_OK);
    ck_assert_int_eq(mfk_journal_append(j, mib, &err), MFK_OK);
    before = file_size(path);
    ck_assert_int_eq(mfk_journal_append(j, huge, &err), MFK_ELIMIT);
    ck_assert_int_eq(err.offset, before);
    ck_assert_str_eq(err.message, "a record larger than 4 MiB");
    ck_assert_uint_eq(mfk_record_seq(huge), 0);
    ck_assert_int_eq(file_size(path), before);
    ck_assert_int_eq(mfk_journal_append(j, mib, &err), MFK_OK);
    ck_assert_uint_eq(mfk_record_seq(mib), 2);
    ck_assert_int_eq(mfk_journal_close(j), MFK_OK);
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err), MFK_OK);
    for (i = 1; i <= 2; i++) {
        ck_assert_int_eq(mfk_journal_reader_next(jr, &r, &err), MFK_OK);
        ck_assert_uint_eq(mfk_record_seq(r), i);
        ck_assert_uint_eq(strlen(mfk_record_title(r)), 1u << 20);
    }
    ck_assert_int_eq(mfk_journal_reader_next(jr, &r, &err), MFK_DONE);
    mfk_journal_reader_free(jr);
    /* A read that fails past the first part. */
    mfk__test_journal_faults("read=2");
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err), MFK_OK);
    mfk__test_journal_faults(NULL);
    ck_assert_int_eq(mfk_journal_reader_next(jr, &r, &err), MFK_EIO);
    ck_assert_str_eq(err.message, "cannot read: Input/output error");
    mfk_journal_reader_free(jr);
    /* A byte string of 5 MiB after the header. */
    doc = calloc(1, hl + 5 + big);
    ck_assert_ptr_nonnull(doc);
    memcpy(doc, journal_header1, hl);
    memcpy(doc + hl, "\x5a\x00\x50\x00\x00", 5);
    spit(path, doc, hl + 5 + big);
    free(doc);
    test_alloc_init(&t);
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, &t.a, &err), MFK_OK);
    ck_assert_int_eq(mfk_journal_reader_next(jr, &r, &err), MFK_ELIMIT);
    ck_assert_int_eq(err.offset, (long long)hl);
    ck_assert_str_eq(err.message, "a record larger than 4 MiB");
    mfk_journal_reader_free(jr);
    ck_assert_uint_eq(t.live, 0);
    ck_assert_uint_le(t.peak, (4u << 20) + (1u << 20));
    mfk_record_free(mib);
    mfk_record_free(huge);
    remove_tmpdir();
}
END_TEST

/* The data items of deterministic CBOR as the reader counts them (every
 * head but a tag's), walked head by head. */
static size_t cbor_items(const unsigned char *p, size_t len)
{
    size_t pos = 0, n = 0;
    while (pos < len) {
        unsigned major = p[pos] >> 5, ai = p[pos] & 31;
        uint64_t arg = ai;
        size_t k, w = ai == 24 ? 1 : ai == 25 ? 2 : ai == 26 ? 4 : ai == 27 ? 8 : 0;
        ck_assert_uint_lt(ai, 28);
        pos++;
        for (k = 0, arg = w ? 0 : ai; k < w; k++)
            arg = arg << 8 | p[pos++];
        if (major != 6)
            n++;
        if (major == 2 || major == 3)
            pos += (size_t)arg;
        else if (major == 7)
            arg = 0; /* a float's bytes were its argument */
    }
    ck_assert_uint_eq(pos, len);
    return n;
}

/* A record of `members` members and `rounds` rounds, each blocked: in
 * every round but the last, member 0 objects; in the last, the first
 * `last` members. Each objector is one item more (the blockers). */
static mfk_record *record_of_rounds(size_t members, unsigned rounds,
                                    size_t last)
{
    mfk_body *b = test_body(members);
    mfk_proposal *p;
    mfk_consultation *c;
    mfk_record *r;
    mfk_verdict v;
    unsigned k;
    size_t i;
    ck_assert_int_eq(mfk_body_set_max_rounds(b, rounds), MFK_OK);
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "T", NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
    for (k = 1; k <= rounds; k++) {
        for (i = 0; i < members; i++)
            mfk_consultation_set_stance(
                c, i, i < (k == rounds ? last : 1) ? MFK_OBJECT : MFK_JOIN);
        ck_assert_int_eq(mfk_consultation_close_round(c, &v), MFK_OK);
        ck_assert_int_eq(v, MFK_VERDICT_BLOCKED);
    }
    mfk_consultation_end(c);
    ck_assert_int_eq(mfk_record_new(&r, c, TIME, NULL), MFK_OK);
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
    return r;
}

/* A record of one member and one round on a proposal titled with `len`
 * bytes of 't', in `dims` dimensions with a position and status quo. */
static mfk_record *record_in_dims(size_t len, unsigned dims)
{
    mfk_body *b;
    mfk_proposal *p;
    mfk_consultation *c;
    mfk_verdict v;
    double x[MFK_MAX_DIMS];
    char *title = malloc(len + 1);
    unsigned k;
    ck_assert_ptr_nonnull(title);
    memset(title, 't', len);
    title[len] = '\0';
    for (k = 0; k < dims; k++)
        x[k] = 0.25 * k;
    ck_assert_int_eq(mfk_body_new(&b, "b", dims, NULL), MFK_OK);
    ck_assert_int_eq(mfk_body_add_member(b, "A", "A", NULL), MFK_OK);
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P", title, NULL), MFK_OK);
    ck_assert_int_eq(mfk_proposal_set_position(p, x), MFK_OK);
    ck_assert_int_eq(mfk_proposal_set_status_quo(p, x), MFK_OK);
    ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
    mfk_consultation_set_stance(c, 0, MFK_JOIN);
    ck_assert_int_eq(mfk_consultation_close_round(c, &v), MFK_OK);
    return record_and_free(c, p, b, title);
}

/* Decodes bytes (len of them) into a record, which must read back to the
 * same bytes. */
static mfk_record *decode_same(const unsigned char *bytes, size_t len)
{
    mfk_record *r;
    mfk_error err;
    size_t back_len, used;
    unsigned char *back;
    ck_assert_int_eq(mfk_record_decode(&r, bytes, len, &used, NULL, &err),
                     MFK_OK);
    ck_assert_uint_eq(used, len);
    back = encode(r, &back_len);
    ck_assert_uint_eq(back_len, len);
    ck_assert(memcmp(back, bytes, len) == 0);
    free(back);
    return r;
}

/* The other limits of a record from both sides (issue 16): exactly at
 * each, a record is encoded, decoded to the same bytes and, for the
 * rounds, journaled and read back. A byte past MFK_RECORD_MAX_BYTES is
 * refused by the writer before it writes; a round or a dimension more
 * cannot be made through the API, and in a record's bytes the reader
 * refuses each with its byte (check_cbor.c, record_limits and the
 * round and position cases). */
START_TEST(record_limits_at)
{
    mfk_record *r, *back;
    unsigned char *bytes;
    size_t len, probe_len, title;
    const size_t max = MFK_RECORD_MAX_BYTES;
    char path[300];
    mfk_journal *j;
    mfk_journal_reader *jr;
    const mfk_record *rr;
    mfk_error err;

    /* MFK_MAX_ROUNDS rounds held and recorded */
    r = record_of_rounds(1, MFK_MAX_ROUNDS, 1);
    ck_assert_uint_eq(mfk_record_rounds(r), MFK_MAX_ROUNDS);
    bytes = encode(r, &len);
    back = decode_same(bytes, len);
    ck_assert_uint_eq(mfk_record_rounds(back), MFK_MAX_ROUNDS);
    mfk_record_free(back);
    free(bytes);
    make_tmpdir();
    tmp_path(path, sizeof path, "rounds.cbor");
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_OK);
    ck_assert_int_eq(mfk_journal_append(j, r, &err), MFK_OK);
    ck_assert_int_eq(mfk_journal_close(j), MFK_OK);
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err), MFK_OK);
    ck_assert_int_eq(mfk_journal_reader_next(jr, &rr, &err), MFK_OK);
    ck_assert_uint_eq(mfk_record_rounds(rr), MFK_MAX_ROUNDS);
    ck_assert(same_record(r, rr));
    ck_assert_int_eq(mfk_journal_reader_next(jr, &rr, &err), MFK_DONE);
    mfk_journal_reader_free(jr);
    mfk_record_free(r);

    /* MFK_MAX_DIMS numbers in each position */
    r = record_in_dims(1, MFK_MAX_DIMS);
    bytes = encode(r, &len);
    back = decode_same(bytes, len);
    ck_assert_uint_eq(mfk_record_dims(back), MFK_MAX_DIMS);
    mfk_record_free(back);
    mfk_record_free(r);
    free(bytes);

    /* MFK_RECORD_MAX_BYTES exactly: a title of 1000 bytes (a 3-byte head)
     * grown to fill the rest (a 5-byte head) */
    r = record_in_dims(1000, 1);
    bytes = encode(r, &probe_len);
    mfk_record_free(r);
    free(bytes);
    ck_assert_uint_lt(probe_len, max);
    title = 1000 + (max - probe_len) - 2;
    r = record_in_dims(title, 1);
    bytes = encode(r, &len);
    ck_assert_uint_eq(len, max);
    back = decode_same(bytes, len);
    ck_assert_uint_eq(strlen(mfk_record_title(back)), title);
    mfk_record_free(back);
    mfk_record_free(r);
    free(bytes);
    /* a byte more: the writer refuses it before anything is written */
    r = record_in_dims(title + 1, 1);
    ck_assert_int_eq(mfk_record_encode(r, NULL, 0, &len), MFK_ELIMIT);
    tmp_path(path, sizeof path, "bytes.cbor");
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_OK);
    {
        long before = file_size(path);
        ck_assert_int_eq(mfk_journal_append(j, r, &err), MFK_ELIMIT);
        ck_assert_int_eq(file_size(path), before);
    }
    ck_assert_int_eq(mfk_journal_close(j), MFK_OK);
    mfk_record_free(r);
}
END_TEST

/* The items of r as a journal of version 2 writes it: its encoding and
 * the link (a key and a byte string). */
static size_t record_items(const mfk_record *r)
{
    size_t len, n;
    unsigned char *bytes = encode(r, &len);
    n = cbor_items(bytes, len) + 2;
    free(bytes);
    return n;
}

/* The limit of data items, from both sides (issue 16): a record of
 * exactly MFK__RECORD_MAX_NODES items is written and read back; one of an
 * item more is refused by the writer before it writes a byte, and by the
 * reader when it is in the file. The items are counted here, by the
 * bytes, not by the library. */
START_TEST(journal_item_limit_both_sides)
{
    const size_t members = 4096, max = 1u << 18; /* MFK__RECORD_MAX_NODES */
    const unsigned rounds = 60;
    char path[300];
    mfk_record *probe = record_of_rounds(members, rounds, 1), *at, *over;
    size_t base = record_items(probe), len, hl = sizeof journal_header - 1;
    unsigned char *bytes, *frame, sum[32];
    mfk_journal *j;
    mfk_journal_reader *jr;
    const mfk_record *r;
    mfk_error err;
    long before;
    int rc;

    ck_assert_uint_lt(base, max);
    ck_assert_uint_gt(base + members - 1, max);
    at = record_of_rounds(members, rounds, 1 + (max - base));
    over = record_of_rounds(members, rounds, 2 + (max - base));
    ck_assert_uint_eq(record_items(at), max);
    ck_assert_uint_eq(record_items(over), max + 1);

    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_OK);
    ck_assert_int_eq(mfk_journal_append(j, probe, &err), MFK_OK);
    before = file_size(path);
    /* The writer: an item more is refused, and nothing written. */
    ck_assert_int_eq(mfk_journal_append(j, over, &err), MFK_ELIMIT);
    ck_assert_ptr_nonnull(strstr(err.message, "nothing is written"));
    ck_assert_ptr_nonnull(strstr(err.message, "more than 262144 data items"));
    ck_assert_int_eq(err.offset, before);
    ck_assert_int_eq(file_size(path), before);
    ck_assert_uint_eq(mfk_record_seq(over), 0);
    /* At the limit: written, and read back as it was. */
    ck_assert_int_eq(mfk_journal_append(j, at, &err), MFK_OK);
    ck_assert_uint_eq(mfk_record_seq(at), 2);
    ck_assert_int_eq(mfk_journal_close(j), MFK_OK);
    /* The record in the file (after the frame's marker and the byte
     * string's 5-byte head) has max items, the link included. */
    bytes = slurp(path, &len);
    {
        size_t start = (size_t)before + 4 + 5, rlen;
        ck_assert(memcmp(bytes + before, "\xd9\xd9\xf7\x83\x5a", 5) == 0);
        rlen = (size_t)bytes[before + 5] << 24 | (size_t)bytes[before + 6] << 16 |
               (size_t)bytes[before + 7] << 8 | bytes[before + 8];
        ck_assert_uint_eq(cbor_items(bytes + start, rlen), max);
    }
    free(bytes);
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err), MFK_OK);
    ck_assert_int_eq(mfk_journal_reader_next(jr, &r, &err), MFK_OK);
    ck_assert_int_eq(mfk_journal_reader_next(jr, &r, &err), MFK_OK);
    ck_assert_uint_eq(mfk_record_seq(r), 2);
    ck_assert_uint_eq(mfk_record_rounds(r), rounds);
    ck_assert_int_eq(mfk_journal_reader_next(jr, &r, &err), MFK_DONE);
    mfk_journal_reader_free(jr);
    /* The reader: a frame (its checksum right, made here) after the
     * header, of a record of max + 1 items without the link, is refused
     * by its count. */
    mfk_record_free(over);
    over = record_of_rounds(members, rounds, 4 + (max - base));
    bytes = encode(over, &len);
    ck_assert_uint_eq(cbor_items(bytes, len), max + 1);
    frame = malloc(hl + 9 + len + 1 + 2 + 32);
    ck_assert_ptr_nonnull(frame);
    memcpy(frame, journal_header, hl);
    memcpy(frame + hl, "\xd9\xd9\xf7\x83\x5a", 5);
    frame[hl + 5] = (unsigned char)(len >> 24);
    frame[hl + 6] = (unsigned char)(len >> 16);
    frame[hl + 7] = (unsigned char)(len >> 8);
    frame[hl + 8] = (unsigned char)len;
    memcpy(frame + hl + 9, bytes, len);
    memcpy(frame + hl + 9 + len, "\xf6\x58\x20", 3);
    crypto_hash_sha256(sum, frame + hl, 9 + len + 3);
    memcpy(frame + hl + 9 + len + 3, sum, 32);
    spit(path, frame, hl + 9 + len + 3 + 32);
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err), MFK_OK);
    rc = mfk_journal_reader_next(jr, &r, &err);
    ck_assert_msg(rc == MFK_ELIMIT, "%s: %s", mfk_err_name(rc), err.message);
    ck_assert_ptr_nonnull(strstr(err.message, "more than 262144 data items"));
    ck_assert_int_eq(err.offset, (long long)hl);
    ck_assert_int_eq(mfk_journal_reader_next(jr, &r, &err), MFK_DONE);
    mfk_journal_reader_free(jr);
    free(frame);
    free(bytes);
    mfk_record_free(probe);
    mfk_record_free(at);
    mfk_record_free(over);
    remove_tmpdir();
}
END_TEST

/* A journal repaired while a writer has it open: the writer reads it again
 * and numbers on from what is left. */
START_TEST(journal_repaired_under_a_writer)
{
    char path[300];
    unsigned char *bytes;
    size_t len, p;
    mfk_scenario *s = demo();
    mfk_record *rec;
    mfk_journal *j;
    mfk_error err;
    int rc;

    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_OK);
    for (p = 0; p < 8; p++) {
        rec = record_of(s, p, TIME);
        ck_assert_int_eq(mfk_journal_append(j, rec, &err), MFK_OK);
        mfk_record_free(rec);
    }
    bytes = slurp(path, &len);
    spit(path, bytes, len - 7); /* another writer's record, torn */
    free(bytes);
    ck_assert_int_eq(mfk_journal_repair(path, NULL, NULL, 0, NULL, &err),
                     MFK_OK);
    rec = record_of(s, 7, TIME);
    ck_assert_int_eq(mfk_journal_append(j, rec, &err), MFK_OK);
    ck_assert_uint_eq(mfk_record_seq(rec), 8);
    ck_assert_int_eq(mfk_journal_close(j), MFK_OK);
    ck_assert_uint_eq(read_all(path, &rc, &err), 8);
    ck_assert_int_eq(rc, MFK_DONE);
    mfk_record_free(rec);
    mfk_scenario_free(s);
    remove_tmpdir();
}
END_TEST

/* When every side file name is taken, repair moves nothing. */
START_TEST(journal_repair_with_every_name_taken)
{
    char path[300], name[400], side[16] = "untouched";
    mfk_journal *j;
    unsigned char *torn;
    size_t len, cut;
    long long off;
    mfk_error err;
    int k;
    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    make_torn(path, &torn, &len, &cut);
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, NULL), MFK_ETORN);
    for (k = 0; k < 100; k++) {
        if (k == 0)
            snprintf(name, sizeof name, "%s.torn-%zu", path, cut);
        else
            snprintf(name, sizeof name, "%s.torn-%zu.%d", path, cut, k);
        spit(name, "taken", 5);
    }
    ck_assert_int_eq(mfk_journal_repair(path, &off, NULL, 0, NULL, &err),
                     MFK_EIO);
    ck_assert_str_eq(err.message, "cannot create the side file: File exists");
    ck_assert_int_eq(off, -1);
    assert_file_is(path, torn, len);
    assert_file_is(name, (const unsigned char *)"taken", 5);
    /* One name freed, and it is used. */
    ck_assert_int_eq(unlink(name), 0);
    ck_assert_int_eq(mfk_journal_repair(path, &off, side, 0, NULL, &err),
                     MFK_OK);
    ck_assert_int_eq(off, (long long)cut);
    ck_assert_str_eq(side, "untouched"); /* no room to write to */
    assert_file_is(name, torn + cut, len - cut);
    free(torn);
    remove_tmpdir();
}
END_TEST

/* A journal whose side file name would be longer than a path may be:
 * repair says so and moves nothing (it used to cut the name short). */
START_TEST(journal_repair_side_name_too_long)
{
    char path[4096], side[16] = "untouched";
    unsigned char *torn;
    size_t len, cut, n;
    long long off;
    mfk_error err;
    make_tmpdir();
    strcpy(path, tmpdir);
    n = strlen(path);
    while (4090 - n - 1 > 255) { /* the last name fits in 255 bytes */
        path[n++] = '/';
        memset(path + n, 'd', 250);
        n += 250;
        path[n] = '\0';
        ck_assert_int_eq(mkdir(path, 0777), 0);
    }
    path[n++] = '/';
    memset(path + n, 'j', 4090 - n);
    path[4090] = '\0';
    make_torn(path, &torn, &len, &cut);
    ck_assert_int_eq(mfk_journal_repair(path, &off, side, sizeof side, NULL,
                                        &err),
                     MFK_EIO);
    ck_assert_str_eq(err.message,
                     "cannot name the side file: File name too long");
    ck_assert_int_eq(off, -1);
    ck_assert_str_eq(side, "");
    assert_file_is(path, torn, len);
    free(torn);
    remove_tmpdir();
}
END_TEST

struct awalk {
    const char *path;
    mfk_record *rec;
    const unsigned char *torn;
    size_t len;
    int fresh; /* open a journal that does not exist yet */
};

/* Opens the journal and appends; the journal is whole either way. */
static int walk_append(void *ud, const mfk_allocator *alloc)
{
    struct awalk *w = ud;
    mfk_journal *j;
    long before;
    int rc;
    if (w->fresh)
        unlink(w->path);
    rc = mfk_journal_open(&j, w->path, alloc, NULL);
    if (rc != MFK_OK)
        return rc;
    before = file_size(w->path);
    rc = mfk_journal_append(j, w->rec, NULL);
    if (rc != MFK_OK)
        ck_assert_int_eq(file_size(w->path), before);
    ck_assert_int_eq(mfk_journal_close(j), MFK_OK);
    return rc;
}

/* Repairs the torn journal; a failed repair leaves it as it was. */
static int walk_repair(void *ud, const mfk_allocator *alloc)
{
    struct awalk *w = ud;
    char side[400];
    mfk_error err;
    int rc;
    spit(w->path, w->torn, w->len);
    rc = mfk_journal_repair(w->path, NULL, side, sizeof side, alloc, &err);
    if (rc == MFK_OK) {
        ck_assert_int_eq(unlink(side), 0);
    } else {
        ck_assert_str_eq(err.message, "out of memory");
        assert_file_is(w->path, w->torn, w->len);
    }
    return rc;
}

START_TEST(journal_write_allocation_failures)
{
    char path[300];
    unsigned char *torn;
    size_t cut;
    mfk_scenario *s = demo();
    struct awalk w;
    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    memset(&w, 0, sizeof w);
    w.path = path;
    w.rec = record_of(s, 1, TIME);
    append_demo(path, 1);
    ck_assert_uint_gt(test_alloc_walk(walk_append, NULL, &w), 3);
    w.fresh = 1;
    ck_assert_uint_gt(test_alloc_walk(walk_append, NULL, &w), 1);
    make_torn(path, &torn, &w.len, &cut);
    w.torn = torn;
    ck_assert_uint_gt(test_alloc_walk(walk_repair, NULL, &w), 3);
    free(torn);
    mfk_record_free(w.rec);
    mfk_scenario_free(s);
    remove_tmpdir();
}
END_TEST

Suite *journal_suite(void)
{
    Suite *s = suite_create("journal");
    TCase *tc = test_case("records");
    tcase_add_test(tc, record_holds_the_consultation);
    tcase_add_test(tc, record_round_trip_is_byte_exact);
    tcase_add_test(tc, record_positions_exact);
    tcase_add_test(tc, record_needs_a_finished_consultation_and_a_time);
    tcase_add_test(tc, record_decode_refuses_damage);
    tcase_add_test(tc, record_allocation_failures);
    suite_add_tcase(s, tc);
    tc = test_case("journal");
    tcase_add_test(tc, journal_append_and_read);
    tcase_add_test(tc, journal_refuses_what_is_not_one);
    tcase_add_test(tc, journal_torn_header_is_begun_again);
    tcase_add_loop_test(tc, journal_torn_at_every_byte, 0, 2);
    tcase_add_test(tc, journal_repair_keeps_earlier_side_files);
    tcase_add_test(tc, journal_hostile_items);
    tcase_add_test(tc, journal_read_allocation_failures);
    tcase_add_test(tc, journal_failed_append_leaves_it_whole);
    tcase_add_test(tc, journal_io_faults);
    tcase_add_test(tc, journal_repair_io_faults);
    tcase_add_test(tc, journal_argument_checks);
    tcase_add_test(tc, journal_headers);
    tcase_add_test(tc, journal_damaged_record);
    tcase_add_test(tc, journal_every_byte_changed_is_found);
    tcase_add_test(tc, journal_event_records);
    tcase_add_test(tc, journal_open_what_cannot_be);
    tcase_add_test(tc, journal_read_lock_stat_faults);
    tcase_add_test(tc, journal_repair_faults_say_which);
    tcase_add_test(tc, journal_without_descriptors);
    tcase_add_test(tc, journal_in_the_current_folder);
    tcase_add_test(tc, journal_shrinks_under_the_reader);
    tcase_add_test(tc, journal_large_records);
    tcase_add_test(tc, journal_item_limit_both_sides);
    tcase_add_test(tc, record_limits_at);
    tcase_add_test(tc, journal_repaired_under_a_writer);
    tcase_add_test(tc, journal_repair_with_every_name_taken);
    tcase_add_test(tc, journal_repair_side_name_too_long);
    tcase_add_test(tc, journal_write_allocation_failures);
    suite_add_tcase(s, tc);
    tc = test_case("processes");
    tcase_set_timeout(tc, 4 * TEST_TIMEOUT);
    tcase_add_loop_test(tc, journal_survives_kills, 0, 2);
    tcase_add_test(tc, journal_two_writers);
    tcase_add_test(tc, journal_two_threads);
    tcase_add_test(tc, journal_waits_for_the_lock);
    suite_add_tcase(s, tc);
    return s;
}
