/* Tests: rule. */
#include "tests.h"

Suite *rule_suite(void)
{
    Suite *s = suite_create("rule");
    return s;
}
