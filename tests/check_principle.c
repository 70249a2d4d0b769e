/* Tests: principle. */
#include "tests.h"

Suite *principle_suite(void)
{
    Suite *s = suite_create("principle");
    return s;
}
