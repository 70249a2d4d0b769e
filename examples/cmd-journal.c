/* Journal commands. */
#include "cli.h"
