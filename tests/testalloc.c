/* The counting allocator and the walk over failing allocations. */
#include "testalloc.h"

#include <check.h>
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

/* Each block carries its size in a header, so frees can be counted, and a
 * mark, so that a block from another allocator is caught. */
typedef union header {
    struct {
        size_t size, mark;
    } h;
    max_align_t align;
} header;

#define MARK ((size_t)0x6d666b61u)

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
    h->h.size = size;
    h->h.mark = MARK;
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
    ck_assert_msg(h->h.mark == MARK, "a block not from this allocator");
    old = h->h.size;
    if (should_fail(t, size > old ? size - old : 0))
        return NULL;
    nh = realloc(h, sizeof *nh + size);
    if (nh == NULL)
        return NULL;
    nh->h.size = size;
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
    ck_assert_msg(h->h.mark == MARK, "a block not from this allocator");
    h->h.mark = 0;
    t->live--;
    t->bytes -= h->h.size;
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

/* jansson's allocator, which takes no user data: the test_alloc it
 * counts in. */
static test_alloc *jansson_alloc;

static void *j_malloc(size_t size)
{
    return t_malloc(size, jansson_alloc);
}

static void j_free(void *p)
{
    t_free(p, jansson_alloc);
}

void test_alloc_jansson(test_alloc *t)
{
    static void (*set)(void *(*)(size_t), void (*)(void *));
    if (set == NULL) {
        void *self = dlopen(NULL, RTLD_LAZY), *sym;
        ck_assert_ptr_nonnull(self);
        sym = dlsym(self, "json_set_alloc_funcs");
        ck_assert_msg(sym != NULL, "no json_set_alloc_funcs: %s", dlerror());
        memcpy(&set, &sym, sizeof set);
        dlclose(self);
    }
    jansson_alloc = t;
    set(t != NULL ? j_malloc : malloc, t != NULL ? j_free : free);
}

/* The walk: allocation k of the library's allocator failing (jansson 0)
 * or of jansson's (jansson 1). */
static size_t walk(test_alloc_fn fn, test_cleanup_fn cleanup, void *ud,
                   int jansson, int strict)
{
    const char *whose = jansson ? "jansson's allocation" : "allocation";
    size_t failed = 0, k;
    int persistent, rc;

    for (persistent = 0; persistent <= 1; persistent++) {
        for (k = 1;; k++) {
            test_alloc t;
            test_alloc_init(&t);
            t.fail_at = k;
            t.persistent = persistent;
            if (jansson)
                test_alloc_jansson(&t);
            rc = fn(ud, jansson ? NULL : &t.a);
            if (cleanup != NULL)
                cleanup(ud);
            if (jansson)
                test_alloc_jansson(NULL);
            ck_assert_msg(t.live == 0, "%s %zu failing%s: %zu blocks leaked",
                          whose, k, persistent ? " (persistently)" : "",
                          t.live);
            if (t.calls < k) {
                /* No call failed: this is the run that must succeed. */
                ck_assert_msg(rc == MFK_OK, "clean run returned %s",
                              mfk_err_name(rc));
                break;
            }
            ck_assert_msg(rc == MFK_ENOMEM || !strict,
                          "%s %zu failing%s: got %s, not MFK_ENOMEM", whose,
                          k, persistent ? " (persistently)" : "",
                          mfk_err_name(rc));
            failed += rc == MFK_ENOMEM;
            ck_assert_msg(k < 1000000, "allocation walk does not end");
        }
    }
    return failed;
}

size_t test_alloc_walk(test_alloc_fn fn, test_cleanup_fn cleanup, void *ud)
{
    return walk(fn, cleanup, ud, 0, 1);
}

size_t test_alloc_walk_jansson(test_alloc_fn fn, test_cleanup_fn cleanup,
                               void *ud, int strict)
{
    return walk(fn, cleanup, ud, 1, strict);
}
