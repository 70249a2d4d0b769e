/* Tests: status. Result codes, their messages and names, the version,
 * and the names of the domain's values (CONTRACT.md spells them). */
#include "tests.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

START_TEST(test_codes)
{
    int code, k;
    /* every code negative, distinct, with a message and a name */
    static const int codes[] = {
        MFK_ENOMEM, MFK_EINVAL,  MFK_ERANGE,  MFK_ENOTFOUND, MFK_EEXISTS,
        MFK_ESYNTAX, MFK_EFORMAT, MFK_EIO,    MFK_ESTATE,    MFK_ELIMIT,
        MFK_ETORN,  MFK_ECALLBACK, MFK_EUNSUPPORTED};
    size_t i, j, n = sizeof codes / sizeof codes[0];

    ck_assert_int_eq(MFK_OK, 0);
    ck_assert_int_gt(MFK_DONE, 0);
    for (i = 0; i < n; i++) {
        ck_assert_int_lt(codes[i], 0);
        ck_assert_int_gt(codes[i], MFK__ERR_LAST);
        for (j = i + 1; j < n; j++)
            ck_assert_int_ne(codes[i], codes[j]);
        ck_assert_ptr_nonnull(mfk_strerror(codes[i]));
        ck_assert_str_ne(mfk_strerror(codes[i]), mfk_strerror(MFK_OK));
        ck_assert_str_ne(mfk_strerror(codes[i]), mfk_strerror(INT_MIN));
        for (j = 0; j < i; j++)
            ck_assert_str_ne(mfk_strerror(codes[i]), mfk_strerror(codes[j]));
        ck_assert_ptr_nonnull(mfk_err_name(codes[i]));
        ck_assert_int_eq(strncmp(mfk_err_name(codes[i]), "MFK_E", 5), 0);
    }
    /* the table's names are the enum's */
#define CHECK_NAME(name, value, text)                                        \
    ck_assert_str_eq(mfk_err_name(MFK_E##name), "MFK_E" #name);              \
    ck_assert_str_eq(mfk_strerror(MFK_E##name), text);                      \
    ck_assert_int_eq(MFK_E##name, value);
    MFK_ERRNO_MAP(CHECK_NAME)
#undef CHECK_NAME
    ck_assert_str_eq(mfk_err_name(MFK_OK), "MFK_OK");
    ck_assert_str_eq(mfk_strerror(MFK_ENOMEM), "out of memory");
    /* never NULL, whatever the argument */
    for (k = 0; k < 7; k++) {
        static const int odd[] = {1, 2, -14, -15, -1000, INT_MIN, INT_MAX};
        code = odd[k];
        ck_assert_ptr_nonnull(mfk_strerror(code));
        ck_assert_ptr_nonnull(mfk_err_name(code));
        ck_assert_uint_gt(strlen(mfk_strerror(code)), 0);
    }
}
END_TEST

START_TEST(test_version)
{
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", MFK_VERSION_MAJOR,
             MFK_VERSION_MINOR, MFK_VERSION_PATCH);
    ck_assert_str_eq(mfk_version(), want);
    ck_assert_str_eq(MFK_VERSION, want);
    ck_assert_int_eq(MFK_VERSION_HEX, (MFK_VERSION_MAJOR << 16) |
                                          (MFK_VERSION_MINOR << 8) |
                                          MFK_VERSION_PATCH);
}
END_TEST

/* CONTRACT's spelling of every value of every kind, in enum order. */
static const char *const stance[] = {"support", "join", "reservation",
                                     "abstain", "not-ready", "object",
                                     "silent", NULL};
static const char *const verdict[] = {"adopted", "blocked", "short", NULL};
static const char *const outcome[] = {
    "adopted",          "adopted-with-reservations", "adopted-flexible",
    "deferred",         "referred-to-summit",        "chairs-statement",
    "withdrawn",        "no-outcome",                "inadmissible",
    NULL};
static const char *const fallback[] = {"defer", "refer-to-summit",
                                       "chairs-statement", "withdraw",
                                       "none", NULL};
static const char *const pillar[] = {"political-security", "economic",
                                     "socio-cultural", NULL};
static const char *const component[] = {
    "political-development", "norms", "conflict-prevention",
    "conflict-resolution", "peace-building", "implementing-mechanisms",
    NULL};
static const char *const measure[] = {"statement", "cooperation",
                                      "assistance", "sanctions",
                                      "suspension", "use-of-force", NULL};
static const char *const rule[] = {"unanimity",
                                   "consensus",
                                   "consensus-minus-x",
                                   "flexible",
                                   "negative-consensus",
                                   "silence",
                                   "majority",
                                   "qualified-majority",
                                   "weighted",
                                   "callback",
                                   NULL};
static const char *const base[] = {"members", "present", "voting", NULL};
static const char *const principle[] = {
    "internal-affairs", "no-coercion", "bilateral-consent",
    "flexible-scope",   "sovereign-participation", "pace", NULL};
static const char *const mode[] = {"enforce", "report", "off", NULL};
static const char *const power_index[] = {
    "banzhaf",       "banzhaf_absolute", "shapley_shubik", "coleman_prevent",
    "coleman_initiate", "deegan_packel", "public_good",    "johnston", NULL};

static const char *const *const kinds[] = {
    stance, verdict, outcome,  fallback,  pillar, component,
    measure, rule,  base,      principle, mode, power_index};

START_TEST(test_names_round_trip)
{
    int k, v, got;

    for (k = MFK_NAMES_STANCE; k <= MFK_NAMES_INDEX; k++) {
        const char *const *names = kinds[k];
        for (v = 0; names[v] != NULL; v++) {
            ck_assert_ptr_nonnull(mfk_name((mfk_names)k, v));
            ck_assert_str_eq(mfk_name((mfk_names)k, v), names[v]);
            got = -1;
            ck_assert_int_eq(mfk_lookup((mfk_names)k, names[v], &got),
                             MFK_OK);
            ck_assert_int_eq(got, v);
        }
        /* one past the end, and below */
        ck_assert_ptr_null(mfk_name((mfk_names)k, v));
        ck_assert_ptr_null(mfk_name((mfk_names)k, -1));
        /* names of another kind, near misses and case are not found */
        ck_assert_int_eq(mfk_lookup((mfk_names)k, "joined", &got),
                         MFK_ENOTFOUND);
        ck_assert_int_eq(mfk_lookup((mfk_names)k, "", &got), MFK_ENOTFOUND);
        ck_assert_int_eq(mfk_lookup((mfk_names)k, "ADOPTED", &got),
                         MFK_ENOTFOUND);
        ck_assert_int_eq(mfk_lookup((mfk_names)k, NULL, &got), MFK_EINVAL);
        ck_assert_int_eq(mfk_lookup((mfk_names)k, names[0], NULL),
                         MFK_EINVAL);
    }
    /* the enums agree with the tables */
    ck_assert_str_eq(mfk_name(MFK_NAMES_STANCE, MFK_NOT_READY), "not-ready");
    ck_assert_str_eq(mfk_name(MFK_NAMES_OUTCOME, MFK_OUTCOME_CHAIRS_STATEMENT),
                     "chairs-statement");
    ck_assert_str_eq(mfk_name(MFK_NAMES_RULE, MFK_RULE_QUALIFIED_MAJORITY),
                     "qualified-majority");
    ck_assert_str_eq(mfk_name(MFK_NAMES_PRINCIPLE, MFK_PRINCIPLE_PACE),
                     "pace");
    ck_assert_int_eq(1 << 3, MFK_MEASURE_SANCTIONS);
    ck_assert_str_eq(mfk_name(MFK_NAMES_MEASURE, 3), "sanctions");
    ck_assert_int_eq(mfk_lookup(MFK_NAMES_STANCE, "silent", &got), MFK_OK);
    ck_assert_int_eq(got, MFK_SILENT);
    ck_assert_int_eq(mfk_lookup(MFK_NAMES_FALLBACK, "chairs-statement", &got),
                     MFK_OK);
    ck_assert_int_eq(got, MFK_FALLBACK_CHAIRS_STATEMENT);
    /* a kind out of range */
    ck_assert_ptr_null(mfk_name((mfk_names)(MFK_NAMES_INDEX + 1), 0));
    ck_assert_ptr_null(mfk_name((mfk_names)-1, 0));
    ck_assert_int_eq(mfk_lookup((mfk_names)(MFK_NAMES_INDEX + 1), "join", &got), MFK_EINVAL);
    ck_assert_int_eq(mfk_lookup((mfk_names)-1, "join", &got), MFK_EINVAL);
}
END_TEST

/* An allocator is taken whole or not at all: one that lacks any of its
 * three functions gives way to the C library's, and the functions it
 * has are never called. */
START_TEST(test_partial_allocator)
{
    int missing;

    for (missing = 0; missing < 3; missing++) {
        test_alloc t;
        mfk_body *b;
        mfk_proposal *p;
        mfk_allocator a;

        test_alloc_init(&t);
        a = t.a;
        if (missing == 0)
            a.malloc = NULL;
        else if (missing == 1)
            a.realloc = NULL;
        else
            a.free = NULL;
        ck_assert_int_eq(mfk_body_new(&b, "b", 1, &a), MFK_OK);
        ck_assert_int_eq(mfk_body_add_member(b, "A", "A", NULL), MFK_OK);
        ck_assert_int_eq(mfk_proposal_new(&p, b, "P", "t", &a), MFK_OK);
        ck_assert_int_eq(mfk_proposal_amend(p, NULL, "text"), MFK_OK);
        mfk_proposal_free(p);
        mfk_body_free(b);
        ck_assert_uint_eq(t.calls, 0);
        ck_assert_uint_eq(t.live, 0);
    }
}
END_TEST

Suite *status_suite(void)
{
    Suite *s = suite_create("status");
    TCase *tc = test_case("status");
    tcase_add_test(tc, test_codes);
    tcase_add_test(tc, test_version);
    tcase_add_test(tc, test_names_round_trip);
    tcase_add_test(tc, test_partial_allocator);
    suite_add_tcase(s, tc);
    return s;
}
