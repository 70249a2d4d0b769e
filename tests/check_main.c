/* The test runner: every module's suite, in fork mode. */
#include "tests.h"

#include <stdio.h>
#include <string.h>

mfk_body *test_body(size_t n)
{
    mfk_body *b = NULL;
    size_t i;
    char id[24];
    ck_assert_int_eq(mfk_body_new(&b, "test body", 1, NULL), MFK_OK);
    for (i = 0; i < n; i++) {
        snprintf(id, sizeof id, "M%zu", i);
        ck_assert_int_eq(mfk_body_add_member(b, id, id, NULL), MFK_OK);
    }
    return b;
}

void test_free(mfk_consultation *c, mfk_proposal *p, mfk_body *b)
{
    mfk_consultation_free(c);
    mfk_proposal_free(p);
    mfk_body_free(b);
}

int main(int argc, char **argv)
{
    SRunner *sr;
    int failed;

    sr = srunner_create(status_suite());
    srunner_add_suite(sr, roster_suite());
    srunner_add_suite(sr, rule_suite());
    srunner_add_suite(sr, proposal_suite());
    srunner_add_suite(sr, principle_suite());
    srunner_add_suite(sr, consult_suite());
    srunner_add_suite(sr, scenario_suite());
    srunner_add_suite(sr, cbor_suite());
    srunner_add_suite(sr, journal_suite());
    srunner_add_suite(sr, analysis_suite());
    srunner_add_suite(sr, power_suite());
    srunner_add_suite(sr, sim_suite());
    srunner_add_suite(sr, json_suite());
    srunner_add_suite(sr, predict_suite());
    srunner_add_suite(sr, series_suite());
    srunner_add_suite(sr, hooks_suite());
    srunner_add_suite(sr, circulate_suite());
    srunner_set_fork_status(sr, CK_FORK);
    srunner_run(sr, argc > 1 ? argv[1] : NULL, argc > 2 ? argv[2] : NULL,
                CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
