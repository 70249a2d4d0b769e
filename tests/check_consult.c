/* Tests: consult. */
#include "tests.h"

Suite *consult_suite(void)
{
    Suite *s = suite_create("consult");
    return s;
}
