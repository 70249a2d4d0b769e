#include "tests.h"
Suite *analysis_suite(void)
{
    return suite_create("analysis");
}
