/* Commands whose issue has not landed yet: they say so, with status 2. */
#include "cli.h"

static int pending(const char *cmd)
{
    cli_error("%s: not available in this build", cmd);
    return CLI_USAGE;
}

int cli_simulate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return pending("simulate");
}
