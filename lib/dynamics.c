/* Analysis: dynamics. */
#include "mufakat-private.h"
