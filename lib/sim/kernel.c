/* The simulator's kernels, and the choice of one for this processor. */
#include "config.h"

#include "sim/kernel.h"

#include <string.h>

/* The kernels of this build, slowest first. */
static const struct mfk__sim_kernel *const kernels[] = {
    &mfk__sim_kernel_ref,
#ifdef MFK_X86_KERNELS
    &mfk__sim_kernel_sse2,
    &mfk__sim_kernel_avx2,
#endif
};

static int runs_here(const struct mfk__sim_kernel *k)
{
#ifdef MFK_X86_KERNELS
    if (k == &mfk__sim_kernel_avx2)
        return __builtin_cpu_supports("avx2") != 0;
#endif
    (void)k;
    return 1;
}

const struct mfk__sim_kernel *mfk__sim_kernel_best(void)
{
    size_t i = sizeof kernels / sizeof kernels[0];
    while (i-- > 1)
        if (runs_here(kernels[i]))
            return kernels[i];
    return kernels[0];
}

const struct mfk__sim_kernel *mfk__sim_kernel_named(const char *name)
{
    size_t i;
    for (i = 0; i < sizeof kernels / sizeof kernels[0]; i++)
        if (strcmp(kernels[i]->name, name) == 0)
            return runs_here(kernels[i]) ? kernels[i] : NULL;
    return NULL;
}
