/* An index of ids: open addressing over positions, the ids themselves
 * kept by the caller, so that finding an id takes time independent of how
 * many there are. Each slot keeps its id's hash beside the position, so a
 * probe reads the caller's id only when the hashes match: without it, each
 * probe of a large index read an id somewhere else in memory, and reading
 * 200,000 proposals took more than twice as long as 100,000. */
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
    size_t i, v, h;
    if (x->cap == 0)
        return SIZE_MAX;
    h = hash(id);
    for (i = h & (x->cap - 1); (v = x->slot[i].pos) != 0;
         i = (i + 1) & (x->cap - 1))
        if (x->slot[i].hash == h && strcmp(x->key(x->ud, v - 1), id) == 0)
            return v - 1;
    return SIZE_MAX;
}

static void place(struct mfk__islot *slot, size_t cap, size_t h, size_t v)
{
    size_t i = h & (cap - 1);
    while (slot[i].pos != 0)
        i = (i + 1) & (cap - 1);
    slot[i].pos = v;
    slot[i].hash = h;
}

/* Moves the index to cap slots (a power of two, more than twice n). */
static int regrow(mfk__index *x, const mfk_allocator *a, size_t cap)
{
    struct mfk__islot *slot;
    size_t i;
    if (cap > SIZE_MAX / 2 / sizeof *slot)
        return MFK_ENOMEM;
    slot = mfk__calloc(a, cap, sizeof *slot);
    if (slot == NULL)
        return MFK_ENOMEM;
    for (i = 0; i < x->cap; i++)
        if (x->slot[i].pos != 0)
            place(slot, cap, x->slot[i].hash, x->slot[i].pos);
    mfk__free(a, x->slot);
    x->slot = slot;
    x->cap = cap;
    return MFK_OK;
}

int mfk__index_reserve(mfk__index *x, const mfk_allocator *a, size_t n)
{
    size_t cap = x->cap ? x->cap : 16;
    if (n > SIZE_MAX / 4)
        return MFK_ENOMEM;
    while (2 * n > cap)
        cap *= 2;
    return cap == x->cap ? MFK_OK : regrow(x, a, cap);
}

int mfk__index_add(mfk__index *x, const mfk_allocator *a, size_t pos)
{
    if (pos >= SIZE_MAX - 1)
        return MFK_ENOMEM;
    /* At most half full: grow to twice the room, placing all again. */
    if (2 * (x->n + 1) > x->cap &&
        regrow(x, a, x->cap ? 2 * x->cap : 16) != MFK_OK)
        return MFK_ENOMEM;
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
