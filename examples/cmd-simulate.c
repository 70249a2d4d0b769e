/* simulate. */
#include "cli.h"
