/* Tests: proposal. */
#include "tests.h"

Suite *proposal_suite(void)
{
    Suite *s = suite_create("proposal");
    return s;
}
