/* The analysis commands: power, winset, dynamics. */
#include "cli.h"

static int pending(const char *cmd)
{
    cli_error("%s: not available in this build", cmd);
    return CLI_USAGE;
}

int cli_power(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return pending("power");
}

int cli_winset(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return pending("winset");
}

int cli_dynamics(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return pending("dynamics");
}
