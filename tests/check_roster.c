/* Tests: roster. */
#include "tests.h"

Suite *roster_suite(void)
{
    Suite *s = suite_create("roster");
    return s;
}
