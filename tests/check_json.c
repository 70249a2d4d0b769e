/* Tests: the JSON of the driver's commands as the library writes it,
 * held to the driver's golden files; its errors and allocation failures. */
#include "tests.h"

#include <stdio.h>
#include <string.h>

#define RUN_DATA MFK_TEST_DATA "/run/"
#define DEMO_JSON MFK_TEST_DATA "/../../examples/asean-amm.json"

/* The golden scenarios of tests/data/run (scenarios.sh runs the driver on
 * the same files). */
static const char *const golden[] = {
    "consensus-minus-x", "flexible",           "majorities",
    "model",             "negative-silence",   "numbers",
    "principles-enforce", "principles-report", "rotation-2036",
    "rotation-observers", "unanimity",
};
#define NGOLDEN (sizeof golden / sizeof golden[0])

static char *read_text(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    ck_assert_msg(f != NULL, "%s: cannot open", path);
    ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    ck_assert_int_ge(n, 0);
    rewind(f);
    buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

/* The scenario's consultations: run (full) or only made (check). */
struct consulted {
    mfk_scenario *s;
    mfk_consultation **cs;
    size_t n;
};

static int consult(struct consulted *c, const char *path, int full,
                   const mfk_allocator *alloc)
{
    size_t i;
    mfk_error err;
    int rc = mfk_scenario_read_file(&c->s, path, alloc, &err);
    if (rc != MFK_OK)
        return rc;
    c->n = mfk_scenario_proposal_count(c->s);
    c->cs = calloc(c->n ? c->n : 1, sizeof *c->cs);
    ck_assert_ptr_nonnull(c->cs);
    for (i = 0; i < c->n; i++) {
        rc = full ? mfk_scenario_consult(c->s, i, alloc, &c->cs[i])
                  : mfk_consultation_new(&c->cs[i], mfk_scenario_body(c->s),
                                         mfk_scenario_proposal(c->s, i),
                                         alloc);
        if (rc != MFK_OK)
            return rc;
    }
    return MFK_OK;
}

static void consulted_free(struct consulted *c)
{
    size_t i;
    for (i = 0; c->cs != NULL && i < c->n; i++)
        mfk_consultation_free(c->cs[i]);
    free(c->cs);
    mfk_scenario_free(c->s);
    memset(c, 0, sizeof *c);
}

/* The library's text, the length asked first; NUL-terminated. */
static char *as_json(struct consulted *c, unsigned flags, size_t *len)
{
    char *buf;
    ck_assert_int_eq(
        mfk_consultation_write_json(c->cs, c->n, flags, NULL, NULL, 0, len),
        MFK_ERANGE);
    buf = malloc(*len + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(
        mfk_consultation_write_json(c->cs, c->n, flags, NULL, buf, *len, len),
        MFK_OK);
    buf[*len] = '\0';
    return buf;
}

START_TEST(run_and_check_as_the_golden_files)
{
    char path[512];
    const char *ext = _i ? ".check" : ".out";
    size_t k;
    for (k = 0; k < NGOLDEN; k++) {
        struct consulted c = {NULL, NULL, 0};
        size_t len, want_len;
        char *got, *want;
        snprintf(path, sizeof path, RUN_DATA "%s.json", golden[k]);
        ck_assert_int_eq(consult(&c, path, !_i, NULL), MFK_OK);
        got = as_json(&c, _i ? MFK_JSON_CHECK : 0, &len);
        snprintf(path, sizeof path, RUN_DATA "%s%s", golden[k], ext);
        want = read_text(path, &want_len);
        ck_assert_msg(len == want_len && memcmp(got, want, len) == 0,
                      "%s: the library wrote\n%s\nthe driver's file has\n%s",
                      path, got, want);
        free(got);
        free(want);
        consulted_free(&c);
    }
}
END_TEST

START_TEST(no_consultations)
{
    char buf[64];
    size_t len;
    ck_assert_int_eq(mfk_consultation_write_json(NULL, 0, 0, NULL, buf,
                                                 sizeof buf, &len),
                     MFK_OK);
    ck_assert_uint_eq(len, strlen("{\"proposals\": []}\n"));
    ck_assert(memcmp(buf, "{\"proposals\": []}\n", len) == 0);
}
END_TEST

START_TEST(short_buffer_is_left_alone)
{
    struct consulted c = {NULL, NULL, 0};
    char buf[16];
    size_t len = 0, full;
    char *text;
    ck_assert_int_eq(consult(&c, DEMO_JSON, 1, NULL), MFK_OK);
    text = as_json(&c, 0, &full);
    memset(buf, 'x', sizeof buf);
    ck_assert_int_eq(mfk_consultation_write_json(c.cs, c.n, 0, NULL, buf,
                                                 sizeof buf, &len),
                     MFK_ERANGE);
    ck_assert_uint_eq(len, full);
    ck_assert_int_eq(buf[0], 'x');
    ck_assert_int_eq(buf[sizeof buf - 1], 'x');
    /* One byte short is still too short; the exact size is enough. */
    text = realloc(text, full);
    ck_assert_int_eq(mfk_consultation_write_json(c.cs, c.n, 0, NULL, text,
                                                 full - 1, &len),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_consultation_write_json(c.cs, c.n, 0, NULL, text,
                                                 full, &len),
                     MFK_OK);
    ck_assert_int_eq(text[full - 1], '\n');
    free(text);
    consulted_free(&c);
}
END_TEST

START_TEST(errors)
{
    struct consulted c = {NULL, NULL, 0};
    mfk_consultation *none[1] = {NULL};
    size_t len = 7;
    ck_assert_int_eq(consult(&c, DEMO_JSON, 0, NULL), MFK_OK);
    ck_assert_uint_gt(c.n, 0);
    ck_assert_int_eq(
        mfk_consultation_write_json(c.cs, c.n, 0, NULL, NULL, 0, NULL),
        MFK_EINVAL);
    ck_assert_int_eq(
        mfk_consultation_write_json(NULL, 1, 0, NULL, NULL, 0, &len),
        MFK_EINVAL);
    ck_assert_int_eq(
        mfk_consultation_write_json(none, 1, 0, NULL, NULL, 0, &len),
        MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_write_json(c.cs, c.n, 0x80u, NULL,
                                                 NULL, 0, &len),
                     MFK_EINVAL);
    ck_assert_uint_eq(len, 7); /* untouched by a refusal */
    /* Not run: what check prints, but not what run prints. */
    ck_assert_int_eq(
        mfk_consultation_write_json(c.cs, c.n, 0, NULL, NULL, 0, &len),
        MFK_ESTATE);
    ck_assert_int_eq(mfk_consultation_write_json(c.cs, c.n, MFK_JSON_CHECK,
                                                 NULL, NULL, 0, &len),
                     MFK_ERANGE);
    consulted_free(&c);
}
END_TEST

/* The demo consulted with the counting allocator, then written with it:
 * every failure is MFK_ENOMEM and leaves nothing. */
struct walk {
    struct consulted c;
    char *out;
    unsigned flags;
};

static int walk_write(void *ud, const mfk_allocator *alloc)
{
    struct walk *w = ud;
    size_t len;
    int rc = consult(&w->c, DEMO_JSON, !(w->flags & MFK_JSON_CHECK), NULL);
    ck_assert_int_eq(rc, MFK_OK);
    rc = mfk_consultation_write_json(w->c.cs, w->c.n, w->flags, alloc, NULL,
                                     0, &len);
    if (rc != MFK_ERANGE)
        return rc;
    w->out = malloc(len);
    return mfk_consultation_write_json(w->c.cs, w->c.n, w->flags, alloc,
                                       w->out, len, &len);
}

static void walk_cleanup(void *ud)
{
    struct walk *w = ud;
    consulted_free(&w->c);
    free(w->out);
    w->out = NULL;
}

START_TEST(allocation_failures)
{
    struct walk w;
    memset(&w, 0, sizeof w);
    w.flags = _i ? MFK_JSON_CHECK : 0;
    ck_assert_uint_gt(test_alloc_walk(walk_write, walk_cleanup, &w), 1);
}
END_TEST

Suite *json_suite(void)
{
    Suite *s = suite_create("json");
    TCase *tc = test_case("consultations");
    tcase_add_loop_test(tc, run_and_check_as_the_golden_files, 0, 2);
    tcase_add_test(tc, no_consultations);
    tcase_add_test(tc, short_buffer_is_left_alone);
    tcase_add_test(tc, errors);
    tcase_add_loop_test(tc, allocation_failures, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
