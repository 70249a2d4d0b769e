/* Shared by the fuzz targets: the libFuzzer entry point, which the
 * replay program (replay.c) also calls to re-run saved inputs. */
#ifndef MFK_FUZZ_H
#define MFK_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A finding: the fuzzer (or the replay) stops here with a message. */
void fuzz_fail(const char *what);

#endif
