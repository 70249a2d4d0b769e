/* Tests: the JSON of the driver's commands as the library writes it,
 * held to the driver's golden files and to what the driver printed before
 * the JSON moved to the library; errors and allocation failures. */
#include "tests.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define RUN_DATA MFK_TEST_DATA "/run/"
#define DEMO_JSON MFK_TEST_DATA "/../../examples/asean-amm.json"

/* The golden scenarios of tests/data/run (scenarios.sh runs the driver on
 * the same files). */
static const char *const golden[] = {
    "consensus-minus-x", "flexible",           "majorities",
    "model",             "negative-silence",   "numbers",
    "principles-enforce", "principles-report", "quorum",
    "rotation-2036",     "rotation-observers", "unanimity",
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

START_TEST(numbers_shortest_form)
{
    static const struct {
        double x;
        const char *text;
    } cases[] = {
        {0.1, "0.1"},          {0.1 + 0.2, "0.30000000000000004"},
        {1, "1"},              {-2.5, "-2.5"},
        {1e300, "1e+300"},     {5e-324, "5e-324"},
        {0.0, "0"},            {-0.0, "-0"},
        {1.0 / 0.0, "null"},   {-1.0 / 0.0, "null"},
        {0.0 / 0.0, "null"},   {-1.7976931348623157e308, "-1.7976931348623157e+308"},
    };
    char buf[MFK_NUMBER_JSON_MAX];
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_ptr_eq(mfk_number_json(cases[i].x, buf), buf);
        ck_assert_str_eq(buf, cases[i].text);
        ck_assert_uint_lt(strlen(buf), MFK_NUMBER_JSON_MAX);
    }
}
END_TEST

/* Control characters shown escaped (issue 16: ESC, BEL and CR in a title
 * took over the terminal). */
START_TEST(text_escaped)
{
    static const struct {
        const char *in;
        unsigned flags;
        const char *out;
    } cases[] = {
        {"plain, \xc3\xa9t\xc3\xa9\n", 0, "plain, \xc3\xa9t\xc3\xa9\n"},
        {"a\x1b]0;t\x07" "b\rc\x7f", 0, "a\\x1b]0;t\\x07b\\x0dc\\x7f"},
        {"\xc2\x9b" "2J\xc2\xa0", 0, "\\u009b2J\xc2\xa0"},
        {"bad \xff\xc3", 0, "bad \\xff\\xc3"},
        {"\x1b[1mbold\x1b[0m", 0, "\\x1b[1mbold\\x1b[0m"},
        {"\x1b[1;31mred\x1b[0m\x1b[2K", MFK_ESCAPE_SGR,
         "\x1b[1;31mred\x1b[0m\\x1b[2K"},
    };
    char buf[64];
    size_t i, len;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_int_eq(mfk_text_escape(cases[i].in, strlen(cases[i].in),
                                         cases[i].flags, buf, sizeof buf,
                                         &len),
                         MFK_OK);
        ck_assert_str_eq(buf, cases[i].out);
        ck_assert_uint_eq(len, strlen(cases[i].out));
    }
    /* The length asked for first, then exactly room enough. */
    ck_assert_int_eq(mfk_text_escape("\x07\x07", 2, 0, NULL, 0, &len),
                     MFK_ERANGE);
    ck_assert_uint_eq(len, 8);
    ck_assert_int_eq(mfk_text_escape("\x07\x07", 2, 0, buf, 8, &len),
                     MFK_ERANGE);
    ck_assert_int_eq(mfk_text_escape("\x07\x07", 2, 0, buf, 9, &len),
                     MFK_OK);
    ck_assert_str_eq(buf, "\\x07\\x07");
    ck_assert_int_eq(mfk_text_escape(NULL, 0, 0, buf, 9, &len), MFK_EINVAL);
    ck_assert_int_eq(mfk_text_escape("a", 1, 2, buf, 9, &len), MFK_EINVAL);
    ck_assert_int_eq(mfk_text_escape("a", 1, 0, NULL, 9, &len), MFK_EINVAL);
}
END_TEST

/* The reader's messages quote input escaped. */
START_TEST(messages_quote_escaped)
{
    static const char text[] =
        "{\"mufakat\": 1, \"body\": {\"name\": \"B\", \"members\": "
        "[{\"id\": \"A\"}]}, \"proposals\": [{\"id\": \"P1\", "
        "\"sponsors\": [\"\\u001b]0;x\\u0007\"], \"rounds\": []}]}";
    mfk_scenario *s = NULL;
    mfk_error err;
    ck_assert_int_eq(mfk_scenario_read_json(&s, text, strlen(text), NULL,
                                            &err),
                     MFK_EFORMAT);
    ck_assert_str_eq(err.message, "unknown member \"\\x1b]0;x\\x07\": "
                                  "expected a member's id");
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

/* ---- power, winset, dynamics ------------------------------------------ */

/* What the driver printed, before the JSON moved to the library, for
 * `mufakat power --quota 3 --weights 2,1,1 --names A,B,C --format json`. */
static const char power_abc[] =
    "{\"quota\": 3, \"total_weight\": 4, \"players\": [{\"name\": \"A\", "
    "\"weight\": 2, \"banzhaf\": 0.6, \"banzhaf_absolute\": 0.75, "
    "\"shapley_shubik\": 0.6666666666666666, \"coleman_prevent\": 1, "
    "\"coleman_initiate\": 0.6, \"veto\": true, \"dummy\": false}, "
    "{\"name\": \"B\", \"weight\": 1, \"banzhaf\": 0.2, "
    "\"banzhaf_absolute\": 0.25, \"shapley_shubik\": 0.16666666666666666, "
    "\"coleman_prevent\": 0.3333333333333333, \"coleman_initiate\": 0.2, "
    "\"veto\": false, \"dummy\": false}, {\"name\": \"C\", \"weight\": 1, "
    "\"banzhaf\": 0.2, \"banzhaf_absolute\": 0.25, "
    "\"shapley_shubik\": 0.16666666666666666, "
    "\"coleman_prevent\": 0.3333333333333333, \"coleman_initiate\": 0.2, "
    "\"veto\": false, \"dummy\": false}]}\n";

static mfk_game *game_211(const mfk_allocator *alloc, unsigned what)
{
    static const unsigned long w[3] = {2, 1, 1};
    mfk_game *g = NULL;
    ck_assert_int_eq(mfk_game_new(&g, 3, 3, w, alloc), MFK_OK);
    if (what)
        ck_assert_int_eq(mfk_game_compute(g, what), MFK_OK);
    return g;
}

/* The text of a writer into a buffer of its own size; NUL-terminated. */
#define WRITE_ALL(text, len, call_buf, call_null)                            \
    do {                                                                     \
        ck_assert_int_eq(call_null, MFK_ERANGE);                             \
        (text) = malloc((len) + 1);                                          \
        ck_assert_ptr_nonnull(text);                                         \
        { char *buf_ = (text); size_t size_ = (len);                         \
          ck_assert_int_eq(call_buf, MFK_OK); }                              \
        (text)[len] = '\0';                                                  \
    } while (0)

START_TEST(power_as_the_driver)
{
    static const char *const names[3] = {"A", "B", "C"};
    mfk_game *g = game_211(NULL, MFK_POWER_ALL);
    size_t len;
    char *text;
    WRITE_ALL(text, len,
              mfk_game_write_json(g, names, NULL, NULL, buf_, size_, &len),
              mfk_game_write_json(g, names, NULL, NULL, NULL, 0, &len));
    ck_assert_str_eq(text, power_abc);
    free(text);
    /* Default names and a rule. */
    WRITE_ALL(text, len,
              mfk_game_write_json(g, NULL, "consensus", NULL, buf_, size_,
                                  &len),
              mfk_game_write_json(g, NULL, "consensus", NULL, NULL, 0, &len));
    ck_assert(strncmp(text, "{\"rule\": \"consensus\", \"quota\": 3, ", 33)
              == 0);
    ck_assert_ptr_nonnull(strstr(text, "{\"name\": \"P1\", \"weight\": 2"));
    ck_assert_ptr_nonnull(strstr(text, "{\"name\": \"P3\", \"weight\": 1"));
    free(text);
    mfk_game_free(g);
}
END_TEST

START_TEST(power_without_shapley_or_counts)
{
    mfk_game *g = game_211(NULL, 0);
    size_t len;
    char *text;
    ck_assert_int_eq(mfk_game_write_json(g, NULL, NULL, NULL, NULL, 0, &len),
                     MFK_ESTATE);
    ck_assert_int_eq(mfk_game_compute(g, MFK_POWER_BANZHAF), MFK_OK);
    WRITE_ALL(text, len,
              mfk_game_write_json(g, NULL, NULL, NULL, buf_, size_, &len),
              mfk_game_write_json(g, NULL, NULL, NULL, NULL, 0, &len));
    ck_assert_ptr_nonnull(strstr(text, "\"banzhaf_absolute\": 0.75, "
                                       "\"shapley_shubik\": null, "));
    free(text);
    {
        const char *const one_null[3] = {"A", NULL, "C"};
        ck_assert_int_eq(mfk_game_write_json(g, one_null, NULL, NULL, NULL, 0,
                                             &len),
                         MFK_EINVAL);
    }
    ck_assert_int_eq(mfk_game_write_json(NULL, NULL, NULL, NULL, NULL, 0,
                                         &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_game_write_json(g, NULL, NULL, NULL, NULL, 0, NULL),
                     MFK_EINVAL);
    mfk_game_free(g);
}
END_TEST

struct gwalk {
    mfk_game *g;
    char *out;
};

static int gwalk_write(void *ud, const mfk_allocator *alloc)
{
    struct gwalk *w = ud;
    size_t len;
    int rc;
    w->g = game_211(NULL, MFK_POWER_ALL);
    rc = mfk_game_write_json(w->g, NULL, "weighted", alloc, NULL, 0, &len);
    if (rc != MFK_ERANGE)
        return rc;
    w->out = malloc(len);
    return mfk_game_write_json(w->g, NULL, "weighted", alloc, w->out, len,
                               &len);
}

static void gwalk_cleanup(void *ud)
{
    struct gwalk *w = ud;
    mfk_game_free(w->g);
    free(w->out);
    w->g = NULL;
    w->out = NULL;
}

START_TEST(power_allocation_failures)
{
    struct gwalk w = {NULL, NULL};
    ck_assert_uint_gt(test_alloc_walk(gwalk_write, gwalk_cleanup, &w), 1);
}
END_TEST

START_TEST(winset_as_the_driver)
{
    static const double ideals[3] = {0.1, 0.5, 0.9};
    static const double ideals2[4] = {0.1, 0.2, 0.9, 0.95};
    static const double pts[6] = {0, 0, 1, 0, 0, 1}, sq2[2] = {0.3, 0.3};
    double iv[8], pt[2];
    size_t count, len;
    int empty;
    char text[256];

    ck_assert_int_eq(mfk_winset_1d(3, ideals, NULL, 2, 0.2, iv, 3, &count,
                                   NULL),
                     MFK_OK);
    ck_assert_int_eq(mfk_winset_write_json(iv, count, NULL, text, sizeof text,
                                           &len),
                     MFK_OK);
    ck_assert(len == 41 &&
              memcmp(text, "{\"empty\": false, \"winset\": [[0.2, 0.8]]}\n",
                     len) == 0);
    ck_assert_int_eq(mfk_winset_1d(4, ideals2, NULL, 2, 0.5, iv, 4, &count,
                                   NULL),
                     MFK_OK);
    ck_assert_int_eq(mfk_winset_write_json(iv, count, NULL, text, sizeof text,
                                           &len),
                     MFK_OK);
    text[len] = '\0';
    ck_assert_str_eq(text, "{\"empty\": false, \"winset\": "
                           "[[-0.09999999999999998, 0.5], [0.5, 1.3]]}\n");
    ck_assert_int_eq(mfk_winset_write_json(NULL, 0, NULL, text, sizeof text,
                                           &len),
                     MFK_OK);
    text[len] = '\0';
    ck_assert_str_eq(text, "{\"empty\": true, \"winset\": []}\n");

    ck_assert_int_eq(mfk_winset_2d(3, pts, NULL, 2, sq2, pts, &empty, pt,
                                   NULL),
                     MFK_OK);
    ck_assert_int_eq(mfk_winset_point_write_json(empty, pt, NULL, text,
                                                 sizeof text, &len),
                     MFK_OK);
    text[len] = '\0';
    ck_assert_str_eq(text,
                     "{\"empty\": false, \"point\": [0.23842268951360923, 0]}\n");
    ck_assert_int_eq(mfk_winset_point_write_json(1, NULL, NULL, text,
                                                 sizeof text, &len),
                     MFK_OK);
    text[len] = '\0';
    ck_assert_str_eq(text, "{\"empty\": true, \"point\": null}\n");

    ck_assert_int_eq(mfk_winset_write_json(NULL, 1, NULL, text, sizeof text,
                                           &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_winset_point_write_json(0, NULL, NULL, text,
                                                 sizeof text, &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_winset_write_json(iv, count, NULL, text, 10, &len),
                     MFK_ERANGE);
    ck_assert_uint_eq(len, strlen("{\"empty\": false, \"winset\": "
                                  "[[-0.09999999999999998, 0.5], "
                                  "[0.5, 1.3]]}\n"));
}
END_TEST

START_TEST(dynamics_as_the_driver)
{
    static const double w[4] = {0.5, 0.5, 0.25, 0.75}, x0[2] = {0, 1};
    double final[2];
    unsigned rounds;
    int converged;
    size_t len;
    char text[256];

    ck_assert_int_eq(mfk_dynamics_run(2, w, NULL, x0, 1e-12, 1000, final,
                                      &rounds, &converged, NULL),
                     MFK_OK);
    ck_assert_int_eq(mfk_dynamics_write_json(final, 2, rounds, converged,
                                             NULL, text, sizeof text, &len),
                     MFK_OK);
    text[len] = '\0';
    ck_assert_str_eq(text, "{\"final\": [0.6666666666665151, "
                           "0.6666666666667425], \"rounds\": 21, "
                           "\"converged\": true}\n");
    ck_assert_int_eq(mfk_dynamics_write_json(NULL, 0, 0, 0, NULL, text,
                                             sizeof text, &len),
                     MFK_OK);
    text[len] = '\0';
    ck_assert_str_eq(text,
                     "{\"final\": [], \"rounds\": 0, \"converged\": false}\n");
    ck_assert_int_eq(mfk_dynamics_write_json(NULL, 2, 0, 0, NULL, text,
                                             sizeof text, &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_dynamics_write_json(final, 2, rounds, converged,
                                             NULL, NULL, 0, NULL),
                     MFK_EINVAL);
}
END_TEST

/* The plain writers take their one buffer from alloc. */
static int dwalk_write(void *ud, const mfk_allocator *alloc)
{
    static const double final[3] = {0.25, 0.5, 1e-300};
    char *text = ud;
    size_t len;
    return mfk_dynamics_write_json(final, 3, 7, 1, alloc, text, 256, &len);
}

START_TEST(writers_allocation_failures)
{
    char text[256];
    ck_assert_uint_ge(test_alloc_walk(dwalk_write, NULL, text), 1);
}
END_TEST

/* ---- simulate --------------------------------------------------------- */

/* The driver's default simulation (uniform ideal points and status quo
 * in [0, 1], the proposal at a member's ideal point, 10 rounds) on
 * members M1..Mn, the rules given. */
static mfk_sim *default_sim(mfk_body **b, size_t n, const mfk_rule_kind *kinds,
                            size_t nk, const mfk_allocator *alloc)
{
    mfk_sim *s = NULL;
    size_t i;
    char id[24];
    ck_assert_int_eq(mfk_body_new(b, "simulated body", 1, NULL), MFK_OK);
    for (i = 0; i < n; i++) {
        snprintf(id, sizeof id, "M%zu", i + 1);
        ck_assert_int_eq(mfk_body_add_member(*b, id, id, NULL), MFK_OK);
    }
    ck_assert_int_eq(mfk_sim_new(&s, *b, alloc), MFK_OK);
    ck_assert_int_eq(mfk_sim_set_max_rounds(s, 10), MFK_OK);
    for (i = 0; i < nk; i++) {
        mfk_rule r;
        ck_assert_int_eq(mfk_rule_init(&r, kinds[i]), MFK_OK);
        ck_assert_int_eq(mfk_sim_add_rule(s, &r), MFK_OK);
    }
    return s;
}

/* Runs the default simulation and holds its JSON to the driver's file. */
static void assert_sim_as(const char *file, size_t members,
                          const mfk_rule_kind *kinds,
                          const char *const *names, size_t nk,
                          unsigned long long seed, unsigned long long runs,
                          unsigned threads)
{
    mfk_body *b = NULL;
    mfk_sim *s = default_sim(&b, members, kinds, nk, NULL);
    size_t len, want_len;
    char *text, *want;
    ck_assert_int_eq(mfk_sim_run(s, seed, runs, threads), MFK_OK);
    WRITE_ALL(text, len,
              mfk_sim_write_json(s, b, names, seed, runs, NULL, buf_, size_,
                                 &len),
              mfk_sim_write_json(s, b, names, seed, runs, NULL, NULL, 0,
                                 &len));
    want = read_text(file, &want_len);
    ck_assert_str_eq(text, want);
    free(text);
    free(want);
    mfk_sim_free(s);
    mfk_body_free(b);
}

START_TEST(simulate_as_the_driver)
{
    static const mfk_rule_kind two[2] = {MFK_RULE_CONSENSUS,
                                         MFK_RULE_UNANIMITY};
    static const mfk_rule_kind one[1] = {MFK_RULE_MAJORITY};
    static const char *const two_names[2] = {"consensus", "unanimity"};
    static const char *const one_name[1] = {"majority"};

    /* mufakat simulate --members 3 --rule consensus,unanimity --runs 200
     * --seed 3 --format json */
    assert_sim_as(MFK_TEST_DATA "/simulate/members3-consensus-unanimity.out",
                  3, two, two_names, 2, 3, 200, 2);
    /* mufakat simulate --members 5 --rule majority --runs 300 --seed 7
     * --threads 1 --format json: one rule, no "rules" array. */
    assert_sim_as(MFK_TEST_DATA "/simulate/members5-majority.out", 5, one,
                  one_name, 1, 7, 300, 1);
}
END_TEST

START_TEST(simulate_errors)
{
    static const mfk_rule_kind one[1] = {MFK_RULE_CONSENSUS};
    static const char *const names[1] = {"consensus"};
    static const char *const no_name[1] = {NULL};
    mfk_body *b = NULL, *other = test_body(4);
    mfk_sim *s = default_sim(&b, 3, one, 1, NULL), *bare = NULL;
    size_t len;

    ck_assert_int_eq(mfk_sim_run(s, 1, 100, 1), MFK_OK);
    ck_assert_int_eq(mfk_sim_write_json(NULL, b, names, 1, 100, NULL, NULL, 0,
                                        &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_write_json(s, NULL, names, 1, 100, NULL, NULL, 0,
                                        &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_write_json(s, b, NULL, 1, 100, NULL, NULL, 0,
                                        &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_write_json(s, b, no_name, 1, 100, NULL, NULL, 0,
                                        &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_write_json(s, b, names, 1, 100, NULL, NULL, 0,
                                        NULL),
                     MFK_EINVAL);
    /* Another body than the simulation's. */
    ck_assert_int_eq(mfk_sim_write_json(s, other, names, 1, 100, NULL, NULL,
                                        0, &len),
                     MFK_EINVAL);
    /* No rules. */
    ck_assert_int_eq(mfk_sim_new(&bare, b, NULL), MFK_OK);
    ck_assert_int_eq(mfk_sim_write_json(bare, b, names, 1, 100, NULL, NULL, 0,
                                        &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_sim_write_json(s, b, names, 1, 100, NULL, NULL, 0,
                                        &len),
                     MFK_ERANGE);
    mfk_sim_free(bare);
    mfk_sim_free(s);
    mfk_body_free(b);
    mfk_body_free(other);
}
END_TEST

struct swalk {
    mfk_body *b;
    mfk_sim *s;
    char *out;
};

static int swalk_write(void *ud, const mfk_allocator *alloc)
{
    static const mfk_rule_kind two[2] = {MFK_RULE_CONSENSUS,
                                         MFK_RULE_SILENCE};
    static const char *const names[2] = {"consensus", "silence"};
    struct swalk *w = ud;
    size_t len;
    int rc;
    w->s = default_sim(&w->b, 3, two, 2, NULL);
    ck_assert_int_eq(mfk_sim_run(w->s, 2, 100, 1), MFK_OK);
    rc = mfk_sim_write_json(w->s, w->b, names, 2, 100, alloc, NULL, 0, &len);
    if (rc != MFK_ERANGE)
        return rc;
    w->out = malloc(len);
    return mfk_sim_write_json(w->s, w->b, names, 2, 100, alloc, w->out, len,
                              &len);
}

static void swalk_cleanup(void *ud)
{
    struct swalk *w = ud;
    mfk_sim_free(w->s);
    mfk_body_free(w->b);
    free(w->out);
    memset(w, 0, sizeof *w);
}

START_TEST(simulate_allocation_failures)
{
    struct swalk w = {NULL, NULL, NULL};
    ck_assert_uint_gt(test_alloc_walk(swalk_write, swalk_cleanup, &w), 1);
}
END_TEST

/* ---- show ------------------------------------------------------------- */

/* Appends a record of every proposal of decisions.json at time t. */
static void journal_decisions(const char *path, const char *t)
{
    mfk_scenario *s = NULL;
    mfk_journal *j = NULL;
    mfk_error err;
    size_t i;
    ck_assert_int_eq(mfk_scenario_read_file(&s, MFK_TEST_DATA
                                            "/journal/decisions.json",
                                            NULL, &err),
                     MFK_OK);
    ck_assert_int_eq(mfk_journal_open(&j, path, NULL, &err), MFK_OK);
    for (i = 0; i < mfk_scenario_proposal_count(s); i++) {
        mfk_consultation *c = NULL;
        mfk_record *r = NULL;
        ck_assert_int_eq(mfk_scenario_consult(s, i, NULL, &c), MFK_OK);
        ck_assert_int_eq(mfk_record_new(&r, c, t, NULL), MFK_OK);
        ck_assert_int_eq(mfk_journal_append(j, r, &err), MFK_OK);
        mfk_record_free(r);
        mfk_consultation_free(c);
    }
    ck_assert_int_eq(mfk_journal_close(j), MFK_OK);
    mfk_scenario_free(s);
}

START_TEST(show_as_the_driver)
{
    char path[] = "/tmp/mufakat-json-XXXXXX";
    mfk_journal_reader *jr = NULL;
    const mfk_record *r;
    mfk_error err;
    size_t len, want_len, used = 0, cap = 1 << 20;
    char *doc = malloc(cap), *want;
    int fd = mkstemp(path), rc, first = 1;

    ck_assert_int_ge(fd, 0);
    close(fd);
    unlink(path);
    /* As interop.sh makes the journal that show-v2.json is the show of
     * (show.json is that of 0.1's, tests/data/journal/v1.journal). */
    journal_decisions(path, "2025-03-01T10:00:00Z");
    journal_decisions(path, "2026-06-01T10:00:00.5Z");
    ck_assert_ptr_nonnull(doc);
    used = (size_t)snprintf(doc, cap, "{\"records\": [");
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err), MFK_OK);
    while ((rc = mfk_journal_reader_next(jr, &r, &err)) == MFK_OK) {
        if (!first)
            used += (size_t)snprintf(doc + used, cap - used, ", ");
        first = 0;
        ck_assert_int_eq(mfk_record_write_json(r, NULL, NULL, 0, &len),
                         MFK_ERANGE);
        ck_assert_uint_lt(used + len, cap - 8);
        ck_assert_int_eq(mfk_record_write_json(r, NULL, doc + used, len, &len),
                         MFK_OK);
        ck_assert_int_eq(doc[used + len - 1], '}'); /* no newline */
        used += len;
    }
    ck_assert_int_eq(rc, MFK_DONE);
    used += (size_t)snprintf(doc + used, cap - used, "]}\n");
    want = read_text(MFK_TEST_DATA "/journal/show-v2.json", &want_len);
    ck_assert_str_eq(doc, want);
    mfk_journal_reader_free(jr);
    unlink(path);
    free(doc);
    free(want);
}
END_TEST

struct rwalk {
    mfk_scenario *s;
    mfk_consultation *c;
    mfk_record *r;
    char *out;
};

static int rwalk_write(void *ud, const mfk_allocator *alloc)
{
    struct rwalk *w = ud;
    mfk_error err;
    size_t len;
    int rc;
    ck_assert_int_eq(mfk_scenario_read_file(&w->s, DEMO_JSON, NULL, &err),
                     MFK_OK);
    ck_assert_int_eq(mfk_scenario_consult(w->s, 0, NULL, &w->c), MFK_OK);
    ck_assert_int_eq(mfk_record_new(&w->r, w->c, "2026-01-01T00:00:00Z",
                                    NULL),
                     MFK_OK);
    rc = mfk_record_write_json(w->r, alloc, NULL, 0, &len);
    if (rc != MFK_ERANGE)
        return rc;
    w->out = malloc(len);
    return mfk_record_write_json(w->r, alloc, w->out, len, &len);
}

static void rwalk_cleanup(void *ud)
{
    struct rwalk *w = ud;
    mfk_record_free(w->r);
    mfk_consultation_free(w->c);
    mfk_scenario_free(w->s);
    free(w->out);
    memset(w, 0, sizeof *w);
}

START_TEST(show_errors_and_allocation_failures)
{
    struct rwalk w = {NULL, NULL, NULL, NULL};
    size_t len;
    ck_assert_int_eq(mfk_record_write_json(NULL, NULL, NULL, 0, &len),
                     MFK_EINVAL);
    ck_assert_uint_gt(test_alloc_walk(rwalk_write, rwalk_cleanup, &w), 1);
    ck_assert_int_eq(rwalk_write(&w, NULL), MFK_OK);
    ck_assert_int_eq(mfk_record_write_json(w.r, NULL, NULL, 0, NULL),
                     MFK_EINVAL);
    rwalk_cleanup(&w);
}
END_TEST

/* ---- report ----------------------------------------------------------- */

/* What the driver printed, before the JSON moved to the library, for
 * `mufakat report J --year 1999 --format json` of a journal whose records
 * are all of later years. */
static const char report_1999[] =
    "{\"year\": 1999, \"records\": 0, "
    "\"by_pillar\": {\"political-security\": {\"total\": 0, "
    "\"adopted\": 0, \"adopted-with-reservations\": 0, "
    "\"adopted-flexible\": 0, \"deferred\": 0, "
    "\"referred-to-summit\": 0, \"chairs-statement\": 0, "
    "\"withdrawn\": 0, \"no-outcome\": 0, \"inadmissible\": 0}, "
    "\"economic\": {\"total\": 0, \"adopted\": 0, "
    "\"adopted-with-reservations\": 0, \"adopted-flexible\": 0, "
    "\"deferred\": 0, \"referred-to-summit\": 0, "
    "\"chairs-statement\": 0, \"withdrawn\": 0, \"no-outcome\": 0, "
    "\"inadmissible\": 0}, \"socio-cultural\": {\"total\": 0, "
    "\"adopted\": 0, \"adopted-with-reservations\": 0, "
    "\"adopted-flexible\": 0, \"deferred\": 0, "
    "\"referred-to-summit\": 0, \"chairs-statement\": 0, "
    "\"withdrawn\": 0, \"no-outcome\": 0, \"inadmissible\": 0}}, "
    "\"by_component\": {\"political-development\": {\"total\": 0, "
    "\"adopted\": 0, \"adopted-with-reservations\": 0, "
    "\"adopted-flexible\": 0, \"deferred\": 0, "
    "\"referred-to-summit\": 0, \"chairs-statement\": 0, "
    "\"withdrawn\": 0, \"no-outcome\": 0, \"inadmissible\": 0}, "
    "\"norms\": {\"total\": 0, \"adopted\": 0, "
    "\"adopted-with-reservations\": 0, \"adopted-flexible\": 0, "
    "\"deferred\": 0, \"referred-to-summit\": 0, "
    "\"chairs-statement\": 0, \"withdrawn\": 0, \"no-outcome\": 0, "
    "\"inadmissible\": 0}, \"conflict-prevention\": {\"total\": 0, "
    "\"adopted\": 0, \"adopted-with-reservations\": 0, "
    "\"adopted-flexible\": 0, \"deferred\": 0, "
    "\"referred-to-summit\": 0, \"chairs-statement\": 0, "
    "\"withdrawn\": 0, \"no-outcome\": 0, \"inadmissible\": 0}, "
    "\"conflict-resolution\": {\"total\": 0, \"adopted\": 0, "
    "\"adopted-with-reservations\": 0, \"adopted-flexible\": 0, "
    "\"deferred\": 0, \"referred-to-summit\": 0, "
    "\"chairs-statement\": 0, \"withdrawn\": 0, \"no-outcome\": 0, "
    "\"inadmissible\": 0}, \"peace-building\": {\"total\": 0, "
    "\"adopted\": 0, \"adopted-with-reservations\": 0, "
    "\"adopted-flexible\": 0, \"deferred\": 0, "
    "\"referred-to-summit\": 0, \"chairs-statement\": 0, "
    "\"withdrawn\": 0, \"no-outcome\": 0, \"inadmissible\": 0}, "
    "\"implementing-mechanisms\": {\"total\": 0, \"adopted\": 0, "
    "\"adopted-with-reservations\": 0, \"adopted-flexible\": 0, "
    "\"deferred\": 0, \"referred-to-summit\": 0, "
    "\"chairs-statement\": 0, \"withdrawn\": 0, \"no-outcome\": 0, "
    "\"inadmissible\": 0}}, \"by_outcome\": {\"adopted\": 0, "
    "\"adopted-with-reservations\": 0, \"adopted-flexible\": 0, "
    "\"deferred\": 0, \"referred-to-summit\": 0, "
    "\"chairs-statement\": 0, \"withdrawn\": 0, \"no-outcome\": 0, "
    "\"inadmissible\": 0}, \"flexible\": [], \"deferred\": [], "
    "\"violations\": []}\n";

/* The report of year of the journal at path, with alloc; the text in
 * *out (malloc'd). */
static int report_of(const char *path, int year, const mfk_allocator *alloc,
                     mfk_report **rep, char **out, size_t *len)
{
    mfk_journal_reader *jr = NULL;
    const mfk_record *r;
    mfk_error err;
    int rc = mfk_report_new(rep, year, alloc);
    if (rc != MFK_OK)
        return rc;
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err), MFK_OK);
    while ((rc = mfk_journal_reader_next(jr, &r, &err)) == MFK_OK)
        if ((rc = mfk_report_add(*rep, r)) != MFK_OK)
            break;
    mfk_journal_reader_free(jr);
    if (rc != MFK_DONE)
        return rc;
    rc = mfk_report_write_json(*rep, NULL, 0, len);
    if (rc != MFK_ERANGE)
        return rc;
    *out = malloc(*len + 1);
    ck_assert_ptr_nonnull(*out);
    rc = mfk_report_write_json(*rep, *out, *len, len);
    (*out)[*len] = '\0';
    return rc;
}

/* The report's text (mfk_report_write_text), NUL-terminated in *out. */
static int report_text(const mfk_report *rep, char **out, size_t *len)
{
    int rc = mfk_report_write_text(rep, NULL, 0, len);
    if (rc != MFK_ERANGE)
        return rc;
    *out = malloc(*len + 1);
    ck_assert_ptr_nonnull(*out);
    rc = mfk_report_write_text(rep, *out, *len, len);
    (*out)[*len] = '\0';
    return rc;
}

/* A journal as interop.sh makes it for report-2025.json. */
static void report_journal(char *path)
{
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    unlink(path);
    journal_decisions(path, "2025-03-01T10:00:00Z");
    journal_decisions(path, "2026-06-01T10:00:00.5Z");
}

START_TEST(report_as_the_driver)
{
    char path[] = "/tmp/mufakat-json-XXXXXX";
    mfk_report *rep = NULL;
    char *out = NULL, *want;
    size_t len, want_len;

    report_journal(path);
    ck_assert_int_eq(report_of(path, 2025, NULL, &rep, &out, &len), MFK_OK);
    want = read_text(MFK_TEST_DATA "/journal/report-2025.json", &want_len);
    ck_assert_uint_eq(len, want_len);
    ck_assert_str_eq(out, want);
    mfk_report_free(rep);
    free(out);
    free(want);
    out = NULL;
    ck_assert_int_eq(report_of(path, 1999, NULL, &rep, &out, &len), MFK_OK);
    ck_assert_uint_eq(len, sizeof report_1999 - 1);
    ck_assert_str_eq(out, report_1999);
    mfk_report_free(rep);
    free(out);
    unlink(path);
}
END_TEST

/* The text of `mufakat report` comes from the library: the golden file
 * interop.sh holds the driver to, and for a year with nothing, the empty
 * lists. */
START_TEST(report_text_as_the_driver)
{
    char path[] = "/tmp/mufakat-json-XXXXXX";
    mfk_report *rep = NULL;
    char *out = NULL, *text = NULL, *want, small[8] = "unused";
    size_t len, want_len;

    report_journal(path);
    ck_assert_int_eq(report_of(path, 0, NULL, &rep, &out, &len), MFK_OK);
    ck_assert_int_eq(report_text(rep, &text, &len), MFK_OK);
    want = read_text(MFK_TEST_DATA "/journal/report.txt", &want_len);
    ck_assert_uint_eq(len, want_len);
    ck_assert_str_eq(text, want);
    /* A short buffer is left alone; the length is still told. */
    ck_assert_int_eq(mfk_report_write_text(rep, small, sizeof small, &len),
                     MFK_ERANGE);
    ck_assert_uint_eq(len, want_len);
    ck_assert_str_eq(small, "unused");
    ck_assert_int_eq(mfk_report_write_text(NULL, NULL, 0, &len), MFK_EINVAL);
    ck_assert_int_eq(mfk_report_write_text(rep, NULL, 0, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_report_write_text(rep, NULL, 4, &len), MFK_EINVAL);
    mfk_report_free(rep);
    free(out);
    free(text);
    free(want);
    out = text = NULL;
    ck_assert_int_eq(report_of(path, 1999, NULL, &rep, &out, &len), MFK_OK);
    ck_assert_int_eq(report_text(rep, &text, &len), MFK_OK);
    ck_assert_ptr_nonnull(
        strstr(text, "Implementation report, 1999: 0 decisions recorded\n"));
    ck_assert_ptr_nonnull(strstr(text, "(ASEAN minus X)\n  none\n\nStill "
                                       "deferred\n  none\n\nViolations of "
                                       "principles reported\n  none\n"));
    ck_assert_uint_eq(strlen(text), len);
    mfk_report_free(rep);
    free(out);
    free(text);
    unlink(path);
}
END_TEST

struct pwalk {
    const char *path;
    mfk_report *rep;
    char *out;
};

static int pwalk_write(void *ud, const mfk_allocator *alloc)
{
    struct pwalk *w = ud;
    char *text = NULL;
    size_t len;
    int rc = report_of(w->path, 0, alloc, &w->rep, &w->out, &len);
    if (rc == MFK_OK && (rc = report_text(w->rep, &text, &len)) == MFK_OK)
        ck_assert_ptr_nonnull(strstr(text, "\nStill deferred\n"));
    free(text);
    return rc;
}

static void pwalk_cleanup(void *ud)
{
    struct pwalk *w = ud;
    mfk_report_free(w->rep);
    free(w->out);
    w->rep = NULL;
    w->out = NULL;
}

START_TEST(report_errors_and_allocation_failures)
{
    char path[] = "/tmp/mufakat-json-XXXXXX";
    struct pwalk w = {path, NULL, NULL};
    mfk_report *rep = NULL;
    mfk_journal_reader *jr = NULL;
    const mfk_record *r;
    mfk_error err;
    char small[8] = "unused";
    size_t len;

    ck_assert_int_eq(mfk_report_new(NULL, 0, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_report_new(&rep, -1, NULL), MFK_EINVAL);
    ck_assert_ptr_null(rep);
    ck_assert_int_eq(mfk_report_write_json(NULL, NULL, 0, &len), MFK_EINVAL);
    mfk_report_free(NULL);
    ck_assert_int_eq(mfk_report_new(&rep, 0, NULL), MFK_OK);
    ck_assert_int_eq(mfk_report_add(rep, NULL), MFK_EINVAL);
    ck_assert_int_eq(mfk_report_write_json(rep, NULL, 0, NULL), MFK_EINVAL);
    /* A short buffer is left alone; the length is still told. */
    ck_assert_int_eq(mfk_report_write_json(rep, small, sizeof small, &len),
                     MFK_ERANGE);
    ck_assert_uint_gt(len, sizeof small);
    ck_assert_str_eq(small, "unused");
    report_journal(path);
    ck_assert_int_eq(mfk_journal_reader_new(&jr, path, NULL, &err), MFK_OK);
    ck_assert_int_eq(mfk_journal_reader_next(jr, &r, &err), MFK_OK);
    ck_assert_int_eq(mfk_report_add(NULL, r), MFK_EINVAL);
    mfk_journal_reader_free(jr);
    mfk_report_free(rep);
    ck_assert_uint_gt(test_alloc_walk(pwalk_write, pwalk_cleanup, &w), 1);
    ck_assert_int_eq(pwalk_write(&w, NULL), MFK_OK);
    ck_assert_ptr_nonnull(strstr(w.out, "\"year\": null, \"records\": "));
    pwalk_cleanup(&w);
    unlink(path);
}
END_TEST

/* ---- the account of a consultation ------------------------------------ */

/* Three members; P1 blocked by a silence and an objection, then adopted
 * with a reservation; P2 blocked by two objections and deferred. */
static const char account_scenario[] =
    "{\"mufakat\": 1, \"body\": {\"name\": \"Three\", \"members\": ["
    "{\"id\": \"AAA\", \"name\": \"Alpha\"}, {\"id\": \"BBB\", \"name\": "
    "\"Beta\"}, {\"id\": \"CCC\", \"name\": \"Gamma\"}]}, \"proposals\": ["
    "{\"id\": \"P1\", \"title\": \"One\", \"pillar\": \"economic\", "
    "\"component\": \"norms\", \"sponsors\": [\"AAA\"], \"rounds\": ["
    "{\"stances\": {\"AAA\": \"join\", \"BBB\": \"object\"}}, "
    "{\"stances\": {\"AAA\": \"join\", \"BBB\": \"reservation\", "
    "\"CCC\": \"join\"}}]}, "
    "{\"id\": \"P2\", \"title\": \"Two\", \"pillar\": \"economic\", "
    "\"component\": \"norms\", \"rounds\": [{\"stances\": {\"AAA\": "
    "\"object\", \"BBB\": \"object\", \"CCC\": \"join\"}}]}]}";

static mfk_scenario *account_read(void)
{
    mfk_scenario *s;
    mfk_error err;
    ck_assert_int_eq(mfk_scenario_read_json(&s, account_scenario,
                                            sizeof account_scenario - 1,
                                            NULL, &err),
                     MFK_OK);
    return s;
}

/* The account of one part, the length asked first. */
static char *account_of(const mfk_consultation *c, mfk_account_part part,
                        size_t index, unsigned width)
{
    size_t len, len2;
    char *buf;
    ck_assert_int_eq(mfk_consultation_account(c, part, index, width, NULL,
                                              NULL, 0, &len),
                     MFK_ERANGE);
    buf = malloc(len + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(mfk_consultation_account(c, part, index, width, NULL,
                                              buf, len + 1, &len2),
                     MFK_OK);
    ck_assert_uint_eq(len2, len);
    ck_assert_uint_eq(strlen(buf), len);
    return buf;
}

static void assert_account(const mfk_consultation *c, mfk_account_part part,
                           size_t index, const char *want)
{
    char *got = account_of(c, part, index, 0);
    ck_assert_str_eq(got, want);
    free(got);
}

START_TEST(account_sentences)
{
    mfk_scenario *s = account_read();
    mfk_consultation *c;

    ck_assert_int_eq(mfk_scenario_consult(s, 0, NULL, &c), MFK_OK);
    assert_account(c, MFK_ACCOUNT_ROUND, 1,
                   "Round 1: blocked. Gamma stays silent; Beta objects. "
                   "Under consensus one objection, or one silence, is "
                   "enough to stop a text.");
    assert_account(c, MFK_ACCOUNT_ROUND, 2,
                   "Round 2: adopted. Nobody stands in the way: 3 of 3 "
                   "members are in favour. Beta joins with a reservation, "
                   "which is put on record.");
    assert_account(c, MFK_ACCOUNT_OUTCOME, 0,
                   "Outcome: adopted-with-reservations. Every member takes "
                   "part and is bound. The reservations of Beta stay on "
                   "record beside the decision.");
    mfk_consultation_free(c);
    ck_assert_int_eq(mfk_scenario_consult(s, 1, NULL, &c), MFK_OK);
    assert_account(c, MFK_ACCOUNT_ROUND, 1,
                   "Round 1: blocked. Alpha and Beta object. Under "
                   "consensus one objection, or one silence, is enough to "
                   "stop a text.");
    assert_account(c, MFK_ACCOUNT_OUTCOME, 0,
                   "Outcome: deferred. No consensus after 1 round. The "
                   "proposal is deferred: carried to a later meeting as it "
                   "now stands.");
    mfk_consultation_free(c);
    mfk_scenario_free(s);
}
END_TEST

/* The rule in force: in full, briefly once told, and with a quorum. */
START_TEST(account_rule)
{
    static const struct {
        size_t proposal, index;
        const char *want;
    } rows[] = {
        {0, 0, "Rule: consensus: the ASEAN way, decision by consultation "
               "and consensus (Charter Art. 20). Nothing is adopted while "
               "a member objects or stays silent: each member can stop a "
               "text."},
        {0, 1, "Rule: consensus, as above."},
        /* P2 under a majority of its own, with a quorum. */
        {1, 1, "Rule: majority (set for this proposal; the body's own is "
               "consensus), as above. A round decides only with a quorum "
               "present: at least 2 members, weighing at least 1.5; silent "
               "members are not present."}};
    mfk_scenario *s = account_read();
    mfk_proposal *p2 = mfk_scenario_proposal(s, 1);
    mfk_consultation *c;
    mfk_rule r;
    size_t k;

    ck_assert_int_eq(mfk_rule_init(&r, MFK_RULE_MAJORITY), MFK_OK);
    ck_assert_int_eq(mfk_proposal_set_rule(p2, &r), MFK_OK);
    ck_assert_int_eq(mfk_proposal_set_quorum(p2, 2, 1.5), MFK_OK);
    for (k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        ck_assert_int_eq(mfk_scenario_consult(s, rows[k].proposal, NULL, &c),
                         MFK_OK);
        assert_account(c, MFK_ACCOUNT_RULE, rows[k].index, rows[k].want);
        mfk_consultation_free(c);
    }
    mfk_scenario_free(s);
}
END_TEST

/* Under consensus a member not ready blocks as an objection would; the
 * account says so, and names silence only when a silence blocked. P1:
 * only a member not ready; P2 with an objection; P3 with a silence; P4
 * with both; P5 an objection in round 1, a member not ready in round 2. */
static const char not_ready_scenario[] =
    "{\"mufakat\": 1, \"body\": {\"name\": \"Three\", \"members\": ["
    "{\"id\": \"AAA\", \"name\": \"Alpha\"}, {\"id\": \"BBB\", \"name\": "
    "\"Beta\"}, {\"id\": \"CCC\", \"name\": \"Gamma\"}]}, \"proposals\": ["
    "{\"id\": \"P1\", \"rounds\": [{\"stances\": {\"AAA\": \"join\", "
    "\"BBB\": \"not-ready\", \"CCC\": \"join\"}}]}, "
    "{\"id\": \"P2\", \"rounds\": [{\"stances\": {\"AAA\": \"join\", "
    "\"BBB\": \"not-ready\", \"CCC\": \"object\"}}]}, "
    "{\"id\": \"P3\", \"rounds\": [{\"stances\": {\"AAA\": \"join\", "
    "\"BBB\": \"not-ready\"}}]}, "
    "{\"id\": \"P4\", \"rounds\": [{\"stances\": {\"AAA\": \"object\", "
    "\"BBB\": \"not-ready\"}}]}, "
    "{\"id\": \"P5\", \"rounds\": [{\"stances\": {\"AAA\": \"join\", "
    "\"BBB\": \"join\", \"CCC\": \"object\"}}, {\"stances\": {\"AAA\": "
    "\"join\", \"BBB\": \"not-ready\", \"CCC\": \"join\"}}]}]}";

START_TEST(account_not_ready_blocks)
{
    static const struct {
        size_t proposal;
        unsigned round;
        const char *want;
    } rows[] = {
        {0, 1, "Round 1: blocked. Beta is not ready. Under consensus a "
               "member that is not ready cannot stand aside, as it could "
               "under \"ASEAN minus X\": it counts as against, and stops a "
               "text as an objection does."},
        {1, 1, "Round 1: blocked. Gamma objects; Beta is not ready. Under "
               "consensus one objection is enough to stop a text, and a "
               "member that is not ready cannot stand aside, as it could "
               "under \"ASEAN minus X\": it counts as against, and stops a "
               "text as an objection does."},
        {2, 1, "Round 1: blocked. Gamma stays silent; Beta is not ready. "
               "Under consensus one silence is enough to stop a text, and "
               "a member that is not ready cannot stand aside, as it could "
               "under \"ASEAN minus X\": it counts as against, and stops a "
               "text as an objection does."},
        {3, 1, "Round 1: blocked. Gamma stays silent; Alpha objects; Beta "
               "is not ready. Under consensus one objection, or one "
               "silence, is enough to stop a text, and a member that is not "
               "ready cannot stand aside, as it could under \"ASEAN minus "
               "X\": it counts as against, and stops a text as an objection "
               "does."},
        {4, 1, "Round 1: blocked. Gamma objects. Under consensus one "
               "objection, or one silence, is enough to stop a text."},
        {4, 2, "Round 2: blocked. Beta is not ready. Under consensus a "
               "member that is not ready cannot stand aside, as it could "
               "under \"ASEAN minus X\": it counts as against, and stops a "
               "text as an objection does."}};
    mfk_scenario *s;
    mfk_consultation *c;
    mfk_error err;
    size_t k;

    ck_assert_int_eq(mfk_scenario_read_json(&s, not_ready_scenario,
                                            sizeof not_ready_scenario - 1,
                                            NULL, &err),
                     MFK_OK);
    for (k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        ck_assert_int_eq(mfk_scenario_consult(s, rows[k].proposal, NULL, &c),
                         MFK_OK);
        assert_account(c, MFK_ACCOUNT_ROUND, rows[k].round, rows[k].want);
        mfk_consultation_free(c);
    }
    mfk_scenario_free(s);
}
END_TEST

/* consensus-minus-x's parties, in words that read for one party as for
 * several, and for none. */
START_TEST(account_rule_parties)
{
    static const struct {
        unsigned max;
        const char *want;
    } rows[] = {
        {1, "Rule: consensus-minus-x (set for this proposal; the body's own "
            "is consensus): consensus, except that the objection of a party "
            "to the dispute is not counted while it is the only party "
            "against, so that the parties cannot block the settlement of their own "
            "dispute (as the OSCE's \"consensus minus one\"). Any other "
            "objection, or silence, still stops it."},
        {2, "Rule: consensus-minus-x (set for this proposal; the body's own "
            "is consensus): consensus, except that the objections of up to 2 "
            "parties to the dispute are not counted, so that the parties "
            "cannot block the settlement of their own dispute (as the "
            "OSCE's \"consensus minus one\"). Any other objection, or "
            "silence, still stops it."},
        {0, "Rule: consensus-minus-x (set for this proposal; the body's own "
            "is consensus): consensus, the objections of parties to the "
            "dispute counted as any other (none may be set aside): any "
            "objection, or silence, stops it."}};
    mfk_scenario *s = account_read();
    mfk_proposal *p2 = mfk_scenario_proposal(s, 1);
    mfk_consultation *c;
    mfk_rule r;
    size_t k;

    for (k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        ck_assert_int_eq(mfk_rule_init(&r, MFK_RULE_CONSENSUS_MINUS_X),
                         MFK_OK);
        r.max = rows[k].max;
        ck_assert_int_eq(mfk_proposal_set_rule(p2, &r), MFK_OK);
        ck_assert_int_eq(mfk_scenario_consult(s, 1, NULL, &c), MFK_OK);
        assert_account(c, MFK_ACCOUNT_RULE, 0, rows[k].want);
        mfk_consultation_free(c);
    }
    mfk_scenario_free(s);
}
END_TEST

/* The title and the cells of `run --svg`, as the driver and Python take
 * them from the library. */
START_TEST(picture_title_and_cells)
{
    mfk_scenario *s = account_read();
    mfk_consultation *c;
    mfk_error err;
    char buf[64];
    size_t len, cells = 0;

    ck_assert_int_eq(mfk_scenario_svg_title(s, buf, sizeof buf, &len),
                     MFK_OK);
    ck_assert_str_eq(buf, "Three");
    ck_assert_uint_eq(len, 5);
    ck_assert_int_eq(mfk_scenario_svg_title(s, buf, 5, &len), MFK_ERANGE);
    ck_assert_uint_eq(len, 5);
    ck_assert_int_eq(mfk_body_set_chair(mfk_scenario_body(s), 1), MFK_OK);
    ck_assert_int_eq(mfk_scenario_svg_title(s, buf, sizeof buf, &len),
                     MFK_OK);
    ck_assert_str_eq(buf, "Three \xe2\x80\x94 chair: Beta");
    ck_assert_int_eq(mfk_scenario_svg_title(NULL, buf, sizeof buf, &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_scenario_consult(s, 0, NULL, &c), MFK_OK);
    /* 3 members, 2 rounds. */
    ck_assert_int_eq(mfk_consultation_svg_cells(c, 0, &cells, &err), MFK_OK);
    ck_assert_uint_eq(cells, 6);
    cells = MFK_SVG_MAX_CELLS - 6;
    ck_assert_int_eq(mfk_consultation_svg_cells(c, 7, &cells, NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_svg_cells(c, 8, &cells, &err),
                     MFK_ELIMIT);
    ck_assert_int_eq(err.code, MFK_ELIMIT);
    ck_assert_str_eq(err.pointer, "/proposals/8");
    ck_assert_str_eq(err.message, "needs more than 250000 cells (members "
                                  "times rounds) by /proposals/8, the most "
                                  "a drawing has");
    ck_assert_int_eq(mfk_consultation_svg_cells(NULL, 0, &cells, &err),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_write_svg(&c, 1, "T", NULL, NULL, 0,
                                                &len),
                     MFK_ERANGE);
    mfk_consultation_free(c);
    mfk_scenario_free(s);
}
END_TEST

/* Wrapped, every line fits and the words are those of the one line. */
START_TEST(account_wrapped)
{
    static const unsigned widths[] = {1, 12, 30, 78};
    mfk_scenario *s = account_read();
    mfk_consultation *c;
    size_t k;

    ck_assert_int_eq(mfk_scenario_consult(s, 0, NULL, &c), MFK_OK);
    for (k = 0; k < sizeof widths / sizeof widths[0]; k++) {
        char *one = account_of(c, MFK_ACCOUNT_OUTCOME, 0, 0);
        char *lines = account_of(c, MFK_ACCOUNT_OUTCOME, 0, widths[k]);
        char *p, *line;
        size_t count = 0;
        for (line = lines; line != NULL; line = p) {
            size_t n;
            p = strchr(line, '\n');
            n = p != NULL ? (size_t)(p - line) : strlen(line);
            ck_assert_uint_gt(n, 0);
            ck_assert_int_ne(line[0], ' ');
            ck_assert_int_ne(line[n - 1], ' ');
            /* A line longer than width is one word. */
            ck_assert(n <= widths[k] || memchr(line, ' ', n) == NULL);
            if (p != NULL)
                *p++ = ' ';
            count++;
        }
        ck_assert_str_eq(lines, one);
        if (widths[k] == 78) /* 134 characters */
            ck_assert_uint_eq(count, 2);
        else if (widths[k] == 1) /* a word a line */
            ck_assert_uint_eq(count, 19);
        free(one);
        free(lines);
    }
    mfk_consultation_free(c);
    mfk_scenario_free(s);
}
END_TEST

START_TEST(account_as_data)
{
    static const char want[] =
        "{\"id\": \"P1\", \"admissible\": true, \"rule\": \"consensus\", "
        "\"quorum\": null, \"violations\": [], \"rounds\": [{\"round\": 1, \"verdict\": "
        "\"blocked\", \"in_favour\": [\"AAA\"], \"against\": [\"BBB\"], "
        "\"blockers\": [\"BBB\", \"CCC\"], \"reservations\": [], "
        "\"discounted\": [], \"standing_aside\": [], \"silent\": "
        "[\"CCC\"], \"outvoted\": [], \"participants\": [\"AAA\", \"BBB\", "
        "\"CCC\"], \"quorum_met\": true}, {\"round\": 2, \"verdict\": \"adopted\", \"in_favour\": "
        "[\"AAA\", \"BBB\", \"CCC\"], \"against\": [], \"blockers\": [], "
        "\"reservations\": [\"BBB\"], \"discounted\": [], "
        "\"standing_aside\": [], \"silent\": [], \"outvoted\": [], "
        "\"participants\": [\"AAA\", \"BBB\", \"CCC\"], \"quorum_met\": true}], "
        "\"outcome\": "
        "\"adopted-with-reservations\", \"fallback\": null, \"bound\": "
        "[\"AAA\", \"BBB\", \"CCC\"], \"not_bound\": [], "
        "\"standing_aside\": [], \"against_not_bound\": [], "
        "\"reservations\": [\"BBB\"]}\n";
    static const char want2[] =
        "\"outcome\": \"deferred\", \"fallback\": \"defer\", \"bound\": [], "
        "\"not_bound\": [\"AAA\", \"BBB\", \"CCC\"], \"standing_aside\": [], "
        "\"against_not_bound\": [], \"reservations\": []}\n";
    mfk_scenario *s = account_read();
    mfk_consultation *c;
    char buf[2048];
    size_t len;

    ck_assert_int_eq(mfk_scenario_consult(s, 0, NULL, &c), MFK_OK);
    ck_assert_int_eq(mfk_consultation_account_write_json(c, NULL, NULL, 0,
                                                         &len),
                     MFK_ERANGE);
    ck_assert_uint_eq(len, sizeof want - 1);
    ck_assert_int_eq(mfk_consultation_account_write_json(c, NULL, buf,
                                                         sizeof buf, &len),
                     MFK_OK);
    buf[len] = '\0';
    ck_assert_str_eq(buf, want);
    mfk_consultation_free(c);
    ck_assert_int_eq(mfk_scenario_consult(s, 1, NULL, &c), MFK_OK);
    ck_assert_int_eq(mfk_consultation_account_write_json(c, NULL, buf,
                                                         sizeof buf, &len),
                     MFK_OK);
    buf[len] = '\0';
    ck_assert_uint_ge(len, sizeof want2 - 1);
    ck_assert_str_eq(buf + len - (sizeof want2 - 1), want2);
    mfk_consultation_free(c);
    mfk_scenario_free(s);
}
END_TEST

START_TEST(account_errors)
{
    mfk_scenario *s = account_read();
    mfk_consultation *c;
    char buf[8];
    size_t len = 7;

    ck_assert_int_eq(mfk_consultation_new(&c, mfk_scenario_body(s),
                                          mfk_scenario_proposal(s, 0), NULL),
                     MFK_OK);
    /* Not over: no outcome to tell; no round held. */
    ck_assert_int_eq(mfk_consultation_account(c, MFK_ACCOUNT_OUTCOME, 0, 0,
                                              NULL, buf, sizeof buf, &len),
                     MFK_ESTATE);
    ck_assert_int_eq(mfk_consultation_account_write_json(c, NULL, buf,
                                                         sizeof buf, &len),
                     MFK_ESTATE);
    ck_assert_int_eq(mfk_consultation_account(c, MFK_ACCOUNT_ROUND, 1, 0,
                                              NULL, buf, sizeof buf, &len),
                     MFK_EINVAL);
    mfk_consultation_free(c);
    ck_assert_int_eq(mfk_scenario_consult(s, 0, NULL, &c), MFK_OK);
    ck_assert_int_eq(mfk_consultation_account(c, MFK_ACCOUNT_ROUND, 0, 0,
                                              NULL, buf, sizeof buf, &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_account(c, MFK_ACCOUNT_ROUND, 3, 0,
                                              NULL, buf, sizeof buf, &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_account(c, MFK_ACCOUNT_VIOLATION, 0, 0,
                                              NULL, buf, sizeof buf, &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_account(c, MFK_ACCOUNT_OUTCOME, 1, 0,
                                              NULL, buf, sizeof buf, &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_account(c, MFK_ACCOUNT_RULE, 2, 0,
                                              NULL, buf, sizeof buf, &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_account(c, (mfk_account_part)4, 0, 0,
                                              NULL, buf, sizeof buf, &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_account(NULL, MFK_ACCOUNT_OUTCOME, 0, 0,
                                              NULL, buf, sizeof buf, &len),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_account(c, MFK_ACCOUNT_OUTCOME, 0, 0,
                                              NULL, buf, sizeof buf, NULL),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_account_write_json(NULL, NULL, buf,
                                                         sizeof buf, &len),
                     MFK_EINVAL);
    /* Too short: the length it needs, counting no NUL. */
    ck_assert_int_eq(mfk_consultation_account(c, MFK_ACCOUNT_ROUND, 2, 0,
                                              NULL, buf, sizeof buf, &len),
                     MFK_ERANGE);
    ck_assert_uint_eq(len, strlen("Round 2: adopted. Nobody stands in the "
                                  "way: 3 of 3 members are in favour. Beta "
                                  "joins with a reservation, which is put "
                                  "on record."));
    mfk_consultation_free(c);
    mfk_scenario_free(s);
}
END_TEST

/* The inadmissible proposal of the demo: its violation and outcome. */
START_TEST(account_inadmissible)
{
    struct consulted c = {NULL, NULL, 0};
    size_t i, told = 0;
    ck_assert_int_eq(consult(&c, DEMO_JSON, 1, NULL), MFK_OK);
    for (i = 0; i < c.n; i++) {
        char *v, *o;
        if (mfk_consultation_admissible(c.cs[i]))
            continue;
        ck_assert_uint_eq(mfk_consultation_violation_count(c.cs[i]), 1);
        v = account_of(c.cs[i], MFK_ACCOUNT_VIOLATION, 0, 0);
        o = account_of(c.cs[i], MFK_ACCOUNT_OUTCOME, 0, 0);
        ck_assert_str_eq(v, "Inadmissible: it concerns the internal affairs "
                            "of Myanmar, which has not consented. "
                            "Non-interference in the internal affairs of "
                            "members comes first among ASEAN's principles. "
                            "While that principle is enforced the proposal "
                            "cannot even be put: no round is held.");
        ck_assert_str_eq(o, "Outcome: inadmissible. Nobody is bound; the "
                            "sponsors may come back with a text the "
                            "principles allow.");
        free(v);
        free(o);
        told++;
    }
    ck_assert_uint_eq(told, 1);
    consulted_free(&c);
}
END_TEST

struct awalk {
    mfk_scenario *s;
    mfk_consultation *c;
    char *out;
    int json;
};

static int awalk_write(void *ud, const mfk_allocator *alloc)
{
    struct awalk *w = ud;
    size_t len;
    int rc;
    w->s = account_read();
    ck_assert_int_eq(mfk_scenario_consult(w->s, 0, NULL, &w->c), MFK_OK);
    rc = w->json ? mfk_consultation_account_write_json(w->c, alloc, NULL, 0,
                                                       &len)
                 : mfk_consultation_account(w->c, MFK_ACCOUNT_OUTCOME, 0, 20,
                                            alloc, NULL, 0, &len);
    if (rc != MFK_ERANGE)
        return rc;
    w->out = malloc(len + 1);
    return w->json ? mfk_consultation_account_write_json(w->c, alloc, w->out,
                                                         len + 1, &len)
                   : mfk_consultation_account(w->c, MFK_ACCOUNT_OUTCOME, 0,
                                              20, alloc, w->out, len + 1,
                                              &len);
}

static void awalk_cleanup(void *ud)
{
    struct awalk *w = ud;
    mfk_consultation_free(w->c);
    mfk_scenario_free(w->s);
    free(w->out);
    w->c = NULL, w->s = NULL, w->out = NULL;
}

START_TEST(account_allocation_failures)
{
    struct awalk w;
    memset(&w, 0, sizeof w);
    w.json = _i;
    ck_assert_uint_gt(test_alloc_walk(awalk_write, awalk_cleanup, &w), 1);
}
END_TEST

Suite *json_suite(void)
{
    Suite *s = suite_create("json");
    TCase *tc = test_case("consultations");
    tcase_add_loop_test(tc, run_and_check_as_the_golden_files, 0, 2);
    tcase_add_test(tc, numbers_shortest_form);
    tcase_add_test(tc, text_escaped);
    tcase_add_test(tc, messages_quote_escaped);
    tcase_add_test(tc, no_consultations);
    tcase_add_test(tc, short_buffer_is_left_alone);
    tcase_add_test(tc, errors);
    tcase_add_loop_test(tc, allocation_failures, 0, 2);
    suite_add_tcase(s, tc);
    tc = test_case("account");
    tcase_add_test(tc, account_sentences);
    tcase_add_test(tc, account_wrapped);
    tcase_add_test(tc, account_as_data);
    tcase_add_test(tc, account_errors);
    tcase_add_test(tc, account_rule);
    tcase_add_test(tc, account_rule_parties);
    tcase_add_test(tc, account_not_ready_blocks);
    tcase_add_test(tc, picture_title_and_cells);
    tcase_add_test(tc, account_inadmissible);
    tcase_add_loop_test(tc, account_allocation_failures, 0, 2);
    suite_add_tcase(s, tc);
    tc = test_case("analysis");
    tcase_add_test(tc, power_as_the_driver);
    tcase_add_test(tc, power_without_shapley_or_counts);
    tcase_add_test(tc, power_allocation_failures);
    tcase_add_test(tc, winset_as_the_driver);
    tcase_add_test(tc, dynamics_as_the_driver);
    tcase_add_test(tc, writers_allocation_failures);
    suite_add_tcase(s, tc);
    tc = test_case("simulate");
    tcase_add_test(tc, simulate_as_the_driver);
    tcase_add_test(tc, simulate_errors);
    tcase_add_test(tc, simulate_allocation_failures);
    suite_add_tcase(s, tc);
    tc = test_case("show");
    tcase_add_test(tc, show_as_the_driver);
    tcase_add_test(tc, show_errors_and_allocation_failures);
    suite_add_tcase(s, tc);
    tc = test_case("report");
    tcase_add_test(tc, report_as_the_driver);
    tcase_add_test(tc, report_text_as_the_driver);
    tcase_add_test(tc, report_errors_and_allocation_failures);
    suite_add_tcase(s, tc);
    return s;
}
