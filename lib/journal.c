/* journal. */
#include "mufakat-private.h"
