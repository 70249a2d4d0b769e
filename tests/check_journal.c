/* Tests: journal. */
#include "tests.h"

Suite *journal_suite(void)
{
    Suite *s = suite_create("journal");
    return s;
}
