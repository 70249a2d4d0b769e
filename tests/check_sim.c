/* Tests: sim. */
#include "tests.h"

Suite *sim_suite(void)
{
    Suite *s = suite_create("sim");
    return s;
}
