/* sim. */
#include "mufakat-private.h"
