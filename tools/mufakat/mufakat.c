/* mufakat: the driver. Dispatches the commands of mufakat(1). */
#include "config.h"

#include "cli.h"

#include <stdio.h>
#include <string.h>

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"demo", cli_demo, "the built-in ASEAN scenario, set in 2026 and 2027"},
    {"run", cli_run, "consult a scenario's body on each of its proposals"},
    {"check", cli_check, "validate a scenario and show what is admissible"},
    {"show", cli_show, "print the records of a journal"},
    {"report", cli_report, "the implementation report of a journal"},
    {"verify", cli_verify, "check a journal's records, chain and signatures"},
    {"keygen", cli_keygen, "make an Ed25519 key pair for signing records"},
    {"power", cli_power, "voting power in a weighted game"},
    {"winset", cli_winset, "the points a rule prefers to the status quo"},
    {"dynamics", cli_dynamics, "DeGroot and Friedkin-Johnsen opinion dynamics"},
    {"simulate", cli_simulate, "Monte Carlo consultations"},
    {"predict", cli_predict, "predicted outcomes of a negotiation"},
#ifdef MFK_HAVE_SERVE
    {"serve", cli_serve, "hold a meeting in the browser, a link a delegation"},
#endif
};

static void usage(FILE *f)
{
    size_t i;
    fprintf(f, "Usage: mufakat COMMAND [OPTION]... [ARG]...\n"
               "Consensus decision-support: consult a body of members on "
               "proposals,\nas ASEAN decides, by musyawarah and mufakat.\n\n"
               "Commands:\n");
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nEvery command takes --format text|json and --help.\n"
               "  --help     print this help and exit\n"
               "  --version  print the version and the features built in\n\n"
               "Exit status: 0 when it ran, 1 for invalid input or a file "
               "that cannot be\nread or written, 2 for a wrong command line "
               "or a command not in this build.\n\n"
               "Start with 'mufakat demo': the ASEAN Foreign Ministers' "
               "Meetings of 2026\nand 2027, told proposal by proposal. "
               "'mufakat COMMAND --help' describes a\ncommand; "
               "mufakat-meeting holds a consultation at a prompt. See "
               "mufakat(1).\n");
}

static void version(void)
{
    printf("mufakat %s (libmufakat %s)\nfeatures: json"
#ifdef MFK_HAVE_CBOR_SCENARIOS
           " cbor"
#endif
#ifdef MFK_HAVE_MPI
           " mpi"
#endif
#ifdef MFK_HAVE_SERVE
           " serve"
#endif
           "\n",
           PACKAGE_VERSION, mfk_version());
}

/* What a command (or --help, --version) printed must have reached
 * standard output: a full disk or a closed pipe is an error, exit 1,
 * whatever the command. */
static int flushed(int rc)
{
    if ((fflush(stdout) != 0 || ferror(stdout)) && rc == CLI_OK) {
        cli_error("standard output: cannot write");
        return CLI_INPUT;
    }
    return rc;
}

int main(int argc, char **argv)
{
    size_t i;

    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (cli_is_help(argv[1])) {
        usage(stdout);
        return flushed(CLI_OK);
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        version();
        return flushed(CLI_OK);
    }
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return flushed(commands[i].run(argc - 1, argv + 1));
    return cli_usage_error(NULL, "unknown command \"%s\"", argv[1]);
}
