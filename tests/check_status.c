/* Tests: status. */
#include "tests.h"

Suite *status_suite(void)
{
    Suite *s = suite_create("status");
    return s;
}
