/* Analysis: winset. */
#include "mufakat-private.h"
