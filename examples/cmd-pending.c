/* Commands whose issue has not landed yet: they say so, with status 2. */
#include "cli.h"
