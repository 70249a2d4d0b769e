/* An index of ids: open addressing over positions, the ids themselves
 * kept by the caller, so that finding an id takes time independent of how
 * many there are. */
#include "core/core-private.h"

#include <stdint.h>
#include <string.h>

/* FNV-1a, 64 bits, folded to size_t. */
static size_t hash(const char *s)
{
    uint64_t h = 14695981039346656037ull;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ull;
    return (size_t)(h ^ (h >> 32));
}

size_t mfk__index_find(const mfk__index *x, const char *id)
{
    size_t i, v;
    if (x->cap == 0)
        return SIZE_MAX;
    for (i = hash(id) & (x->cap - 1); (v = x->slot[i]) != 0;
         i = (i + 1) & (x->cap - 1))
        if (strcmp(x->key(x->ud, v - 1), id) == 0)
            return v - 1;
    return SIZE_MAX;
}

static void place(size_t *slot, size_t cap, size_t h, size_t v)
{
    size_t i = h & (cap - 1);
    while (slot[i] != 0)
        i = (i + 1) & (cap - 1);
    slot[i] = v;
}

int mfk__index_add(mfk__index *x, const mfk_allocator *a, size_t pos)
{
    if (pos >= SIZE_MAX - 1)
        return MFK_ENOMEM;
    /* At most half full: grow to twice the room, placing all again. */
    if (2 * (x->n + 1) > x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 16, i, *slot;
        if (cap > SIZE_MAX / 2 / sizeof *slot)
            return MFK_ENOMEM;
        slot = mfk__calloc(a, cap, sizeof *slot);
        if (slot == NULL)
            return MFK_ENOMEM;
        for (i = 0; i < x->cap; i++)
            if (x->slot[i] != 0)
                place(slot, cap, hash(x->key(x->ud, x->slot[i] - 1)),
                      x->slot[i]);
        mfk__free(a, x->slot);
        x->slot = slot;
        x->cap = cap;
    }
    place(x->slot, x->cap, hash(x->key(x->ud, pos)), pos + 1);
    x->n++;
    return MFK_OK;
}

void mfk__index_free(mfk__index *x, const mfk_allocator *a)
{
    mfk__free(a, x->slot);
    x->slot = NULL;
    x->cap = x->n = 0;
}
