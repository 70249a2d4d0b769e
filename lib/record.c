/* record. */
#include "mufakat-private.h"
