/* Commands whose issue has not landed yet: they say so, with status 2. */
#include "cli.h"

static int pending(const char *cmd)
{
    cli_error("%s: not available in this build", cmd);
    return CLI_USAGE;
}

int cli_show(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return pending("show");
}

int cli_report(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return pending("report");
}

int cli_simulate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return pending("simulate");
}

int cli_journal_open(cli_journal **j, const char *path, const char *time)
{
    (void)path;
    (void)time;
    *j = NULL;
    cli_error("run: --journal: not available in this build");
    return CLI_USAGE;
}

int cli_journal_append(cli_journal *j, const mfk_consultation *c)
{
    (void)j;
    (void)c;
    return CLI_USAGE;
}

int cli_journal_close(cli_journal *j)
{
    (void)j;
    return CLI_OK;
}
