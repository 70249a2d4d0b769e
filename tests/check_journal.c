/* Tests: decision records and the journal. */
#include "tests.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
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
static size_t read_all(const char *path, int *rc, mfk_error *err)
{
    mfk_journal_reader *jr;
    const mfk_record *r;
    size_t n = 0;
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, err), MFK_OK);
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
        /* A record's first key is "seq" (the shortest), its map holds 12
         * or 13 pairs. */
        ck_assert(bytes[0] == 0xac || bytes[0] == 0xad);
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
        "2026-11-28", "2026-11-28T01:00:00", "2026-11-28T01:00:00+07:00",
        "2026-13-28T01:00:00Z", "2026-11-28T24:00:00Z",
        "2026-11-28T01:00:00.Z", "now"};
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
    mfk_error err;
    int rc;
    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    spit(path, journal_header, 20);
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
    /* A header of version 2. */
    spit(path, "\xd9\xd9\xf7\xa2\x66" "format" "\x6f" "mufakat-journal"
               "\x67" "version" "\x02", sizeof journal_header - 1);
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
 * aside and nothing is lost. */
START_TEST(journal_torn_at_every_byte)
{
    char path[300], cut_path[300], side[400];
    unsigned char *bytes, *tail;
    size_t len, last_start, cut, tlen;
    mfk_journal_reader *jr;
    const mfk_record *r;
    mfk_journal *j;
    long long off;
    mfk_error err;
    int rc;

    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    tmp_path(cut_path, sizeof cut_path, "cut.cbor");
    append_demo(path, 1);
    bytes = slurp(path, &len);
    /* Where the last record starts. */
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err), MFK_OK);
    do {
        last_start = (size_t)mfk_journal_reader_offset(jr);
    } while ((rc = mfk_journal_reader_next(jr, &r, &err)) == MFK_OK &&
             (size_t)mfk_journal_reader_offset(jr) < len);
    mfk_journal_reader_free(jr);
    ck_assert_uint_lt(last_start, len);
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

/* A writer killed at random moments never leaves a damaged complete
 * record: the journal reads up to at most a torn tail. */
START_TEST(journal_survives_kills)
{
    char path[300];
    mfk_scenario *s = demo();
    mfk_record *rec = record_of(s, 0, TIME);
    size_t prev = 0, n;
    int round, rc, torn = 0;
    mfk_error err;
    unsigned seed = 12345;

    make_tmpdir();
    tmp_path(path, sizeof path, "j.cbor");
    for (round = 0; round < 200; round++) {
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            mfk_journal *j;
            if (mfk_journal_open(&j, path, NULL, NULL) != MFK_OK)
                _exit(3);
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
        memcpy(doc, journal_header, hl);
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
        ck_assert_int_eq(err.offset, cases[i].code == MFK_ELIMIT
                                         ? (long long)(hl + 64)
                                         : (long long)hl);
        /* It stays there. */
        ck_assert_int_eq(mfk_journal_reader_next(jr, &r, &err),
                         cases[i].code);
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
    setenv("MFK_JOURNAL_FAULT", "fsync=1", 1);
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_OK);
    unsetenv("MFK_JOURNAL_FAULT");
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
            setenv("MFK_JOURNAL_FAULT", spec, 1);
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
            unsetenv("MFK_JOURNAL_FAULT");
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
        setenv("MFK_JOURNAL_FAULT", specs[k], 1);
        rc = mfk_journal_repair(path, &cut, side, sizeof side, NULL, &err);
        unsetenv("MFK_JOURNAL_FAULT");
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
    tcase_add_test(tc, journal_torn_at_every_byte);
    tcase_add_test(tc, journal_repair_keeps_earlier_side_files);
    tcase_add_test(tc, journal_hostile_items);
    tcase_add_test(tc, journal_read_allocation_failures);
    tcase_add_test(tc, journal_failed_append_leaves_it_whole);
    tcase_add_test(tc, journal_io_faults);
    tcase_add_test(tc, journal_repair_io_faults);
    suite_add_tcase(s, tc);
    tc = test_case("processes");
    tcase_set_timeout(tc, 4 * TEST_TIMEOUT);
    tcase_add_test(tc, journal_survives_kills);
    tcase_add_test(tc, journal_two_writers);
    tcase_add_test(tc, journal_two_threads);
    suite_add_tcase(s, tc);
    return s;
}
