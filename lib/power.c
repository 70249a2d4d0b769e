/* Analysis: power. */
#include "mufakat-private.h"
