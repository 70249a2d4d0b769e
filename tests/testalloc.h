/* A counting allocator for tests: it counts live blocks and bytes, keeps
 * the peak, and can fail the Nth allocation (once, or from then on). */
#ifndef MFK_TESTALLOC_H
#define MFK_TESTALLOC_H

#include <stddef.h>

#include "mufakat.h"

typedef struct test_alloc {
    mfk_allocator a;    /* pass &t.a to the library */
    size_t calls;       /* allocations asked for (malloc and realloc) */
    size_t fail_at;     /* 0: never; else the call number that fails */
    int persistent;     /* fail every call from fail_at on */
    size_t live;        /* blocks not freed */
    size_t bytes;       /* bytes in live blocks */
    size_t peak;        /* most bytes live at once */
    size_t limit;       /* 0: none; else fail any call that would exceed */
} test_alloc;

void test_alloc_init(test_alloc *t);

/* Runs fn(ud, alloc) with allocation k failing, for k = 1, 2, ... until a
 * run makes no failing call. Each failing run must return MFK_ENOMEM and
 * leave nothing live after cleanup(ud) runs (cleanup may be NULL); the
 * final run must return MFK_OK. Returns the number of runs that failed as
 * they should; asserts with Check on any other outcome. Done once with
 * single failures and once with persistent ones. */
typedef int (*test_alloc_fn)(void *ud, const mfk_allocator *alloc);
typedef void (*test_cleanup_fn)(void *ud);
size_t test_alloc_walk(test_alloc_fn fn, test_cleanup_fn cleanup, void *ud);

/* jansson's own allocations, counted as the library's are. jansson has
 * one allocator for the whole process, which the library leaves alone:
 * test_alloc_jansson(&t) makes t jansson's allocator, and
 * test_alloc_jansson(NULL) gives jansson malloc and free again. The test
 * program does not link jansson itself (it is the library's dependency),
 * so json_set_alloc_funcs is reached through the dynamic linker. A block
 * that jansson frees and t did not give fails the test. */
void test_alloc_jansson(test_alloc *t);

/* As test_alloc_walk, with jansson's allocation k failing: fn(ud, NULL),
 * the library's allocator left to fn. Nothing of jansson's may be left
 * live after cleanup(ud); a failing run must return MFK_ENOMEM when
 * strict (any code else: jansson does not always say that it ran out of
 * memory). Returns the number of runs that returned MFK_ENOMEM. */
size_t test_alloc_walk_jansson(test_alloc_fn fn, test_cleanup_fn cleanup,
                               void *ud, int strict);

#endif
