/* cbor. */
#include "mufakat-private.h"
