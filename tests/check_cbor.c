/* Tests: cbor. */
#include "tests.h"

Suite *cbor_suite(void)
{
    Suite *s = suite_create("cbor");
    return s;
}
