/* The finding handler of the libFuzzer builds: abort, so the fuzzer
 * saves the input. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>

void fuzz_fail(const char *what)
{
    fprintf(stderr, "fuzz finding: %s\n", what);
    abort();
}
