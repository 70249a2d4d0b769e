/* Memory: the allocator hooks every object carries. */
#include "core/core-private.h"

#include <stdlib.h>
#include <string.h>

static void *default_malloc(size_t size, void *ud)
{
    (void)ud;
    return malloc(size);
}

static void *default_realloc(void *p, size_t size, void *ud)
{
    (void)ud;
    return realloc(p, size);
}

static void default_free(void *p, void *ud)
{
    (void)ud;
    free(p);
}

void mfk__alloc_init(mfk_allocator *dst, const mfk_allocator *src)
{
    if (src != NULL && src->malloc != NULL && src->realloc != NULL &&
        src->free != NULL) {
        *dst = *src;
    } else {
        dst->malloc = default_malloc;
        dst->realloc = default_realloc;
        dst->free = default_free;
        dst->ud = NULL;
    }
}

/* No caller asks for 0 bytes: every block holds at least one element
 * (a body at least one member, a table at least one row). */
void *mfk__malloc(const mfk_allocator *a, size_t size)
{
    return a->malloc(size, a->ud);
}

void *mfk__calloc(const mfk_allocator *a, size_t n, size_t size)
{
    void *p = NULL;
    if (mfk__grow(a, &p, n, size) != MFK_OK)
        return NULL;
    memset(p, 0, n * size);
    return p;
}

/* The one check of n * size for overflow, for mfk__calloc() too. */
int mfk__grow(const mfk_allocator *a, void **p, size_t n, size_t size)
{
    void *q;
    if (size != 0 && n > (size_t)-1 / size)
        return MFK_ENOMEM;
    if (*p == NULL)
        q = mfk__malloc(a, n * size);
    else
        q = a->realloc(*p, n * size, a->ud);
    if (q == NULL)
        return MFK_ENOMEM;
    *p = q;
    return MFK_OK;
}

void mfk__free(const mfk_allocator *a, void *p)
{
    if (p != NULL)
        a->free(p, a->ud);
}

char *mfk__strdup(const mfk_allocator *a, const char *s)
{
    size_t len = strlen(s) + 1;
    char *d = mfk__malloc(a, len);
    if (d != NULL)
        memcpy(d, s, len);
    return d;
}
