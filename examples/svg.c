/* SVG pictures. */
#include "cli.h"
