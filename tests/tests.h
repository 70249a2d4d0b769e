/* The test suites, one per module, and what they share. */
#ifndef MFK_TESTS_H
#define MFK_TESTS_H

#include <check.h>
#include <stdlib.h>

#include "mufakat.h"
#include "testalloc.h"

/* Timeouts in seconds, before CK_TIMEOUT_MULTIPLIER (set under sanitizers
 * and valgrind). */
#define TEST_TIMEOUT 30

Suite *status_suite(void);
Suite *roster_suite(void);
Suite *rule_suite(void);
Suite *proposal_suite(void);
Suite *principle_suite(void);
Suite *consult_suite(void);
Suite *scenario_suite(void);
Suite *cbor_suite(void);
Suite *journal_suite(void);
Suite *analysis_suite(void);
Suite *power_suite(void);
Suite *sim_suite(void);
Suite *json_suite(void);
Suite *predict_suite(void);
Suite *series_suite(void);
Suite *hooks_suite(void);
Suite *circulate_suite(void);

/* A test case with the suite's timeout. */
static inline TCase *test_case(const char *name)
{
    TCase *tc = tcase_create(name);
    tcase_set_timeout(tc, TEST_TIMEOUT);
    return tc;
}

/* An ASEAN-like body of n members "M0".."Mn-1" (n <= 100), ids also the
 * names; dims 1. Asserts on failure. */
mfk_body *test_body(size_t n);

/* Frees a consultation, its proposal and its body. */
void test_free(mfk_consultation *c, mfk_proposal *p, mfk_body *b);

#endif
