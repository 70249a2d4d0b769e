/* The counting allocator and the walk over failing allocations. */
#include "testalloc.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* Each block carries its size in a header, so frees can be counted. */
typedef union header {
    size_t size;
    max_align_t align;
} header;

static int should_fail(test_alloc *t, size_t add)
{
    t->calls++;
    if (t->fail_at != 0 &&
        (t->calls == t->fail_at || (t->persistent && t->calls > t->fail_at)))
        return 1;
    if (t->limit != 0 && t->bytes + add > t->limit)
        return 1;
    return 0;
}

static void *t_malloc(size_t size, void *ud)
{
    test_alloc *t = ud;
    header *h;
    if (should_fail(t, size))
        return NULL;
    h = malloc(sizeof *h + size);
    if (h == NULL)
        return NULL;
    h->size = size;
    t->live++;
    t->bytes += size;
    if (t->bytes > t->peak)
        t->peak = t->bytes;
    return h + 1;
}

static void *t_realloc(void *p, size_t size, void *ud)
{
    test_alloc *t = ud;
    header *h, *nh;
    size_t old;
    if (p == NULL)
        return t_malloc(size, ud);
    h = (header *)p - 1;
    old = h->size;
    if (should_fail(t, size > old ? size - old : 0))
        return NULL;
    nh = realloc(h, sizeof *nh + size);
    if (nh == NULL)
        return NULL;
    nh->size = size;
    t->bytes = t->bytes - old + size;
    if (t->bytes > t->peak)
        t->peak = t->bytes;
    return nh + 1;
}

static void t_free(void *p, void *ud)
{
    test_alloc *t = ud;
    header *h;
    if (p == NULL)
        return;
    h = (header *)p - 1;
    t->live--;
    t->bytes -= h->size;
    free(h);
}

void test_alloc_init(test_alloc *t)
{
    memset(t, 0, sizeof *t);
    t->a.malloc = t_malloc;
    t->a.realloc = t_realloc;
    t->a.free = t_free;
    t->a.ud = t;
}

size_t test_alloc_walk(test_alloc_fn fn, test_cleanup_fn cleanup, void *ud)
{
    size_t failed = 0, k;
    int persistent, rc;

    for (persistent = 0; persistent <= 1; persistent++) {
        for (k = 1;; k++) {
            test_alloc t;
            test_alloc_init(&t);
            t.fail_at = k;
            t.persistent = persistent;
            rc = fn(ud, &t.a);
            if (cleanup != NULL)
                cleanup(ud);
            ck_assert_msg(t.live == 0,
                          "allocation %zu failing%s: %zu blocks leaked", k,
                          persistent ? " (persistently)" : "", t.live);
            if (t.calls < k) {
                /* No call failed: this is the run that must succeed. */
                ck_assert_msg(rc == MFK_OK, "clean run returned %s",
                              mfk_err_name(rc));
                break;
            }
            ck_assert_msg(rc == MFK_ENOMEM,
                          "allocation %zu failing%s: got %s, not MFK_ENOMEM",
                          k, persistent ? " (persistently)" : "",
                          mfk_err_name(rc));
            failed++;
            ck_assert_msg(k < 1000000, "allocation walk does not end");
        }
    }
    return failed;
}
