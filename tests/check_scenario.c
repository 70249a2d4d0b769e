/* Tests: scenario. */
#include "tests.h"

Suite *scenario_suite(void)
{
    Suite *s = suite_create("scenario");
    return s;
}
