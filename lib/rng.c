/* rng. */
#include "mufakat-private.h"
