/* The driver's output helpers: messages, options, a JSON writer. */
#include "cli.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *cli_progname = "mufakat";

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", cli_progname);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_input_error(const char *file, const mfk_error *err)
{
    if (err->code == MFK_ESYNTAX && err->line > 0)
        cli_error("%s:%d:%d: %s", file, err->line, err->column,
                  err->message);
    else if (err->code == MFK_ESYNTAX || err->code == MFK_ELIMIT ||
             err->code == MFK_ETORN)
        cli_error("%s: byte %lld: %s", file, err->offset, err->message);
    else if (err->pointer[0] != '\0')
        cli_error("%s: %s: %s", file, err->pointer, err->message);
    else
        cli_error("%s: %s", file,
                  err->message[0] ? err->message : mfk_strerror(err->code));
}

int cli_try_help(const char *cmd)
{
    if (cmd != NULL)
        fprintf(stderr, "Try '%s %s --help'.\n", cli_progname, cmd);
    else
        fprintf(stderr, "Try '%s --help'.\n", cli_progname);
    return CLI_USAGE;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", cli_progname);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return cli_try_help(cmd);
}

int cli_is_help(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int cli_option_value(int argc, char **argv, int *i, const char *name,
                     const char **value)
{
    const char *a = argv[*i];
    size_t n = strlen(name);

    if (strncmp(a, "--", 2) != 0 || strncmp(a + 2, name, n) != 0)
        return 0;
    if (a[2 + n] == '=') {
        *value = a + 3 + n;
        return 1;
    }
    if (a[2 + n] != '\0')
        return 0;
    if (*i + 1 >= argc)
        return -1;
    *value = argv[++*i];
    return 1;
}

int cli_format_option(int argc, char **argv, int *i, enum cli_format *fmt)
{
    const char *v;
    int r = cli_option_value(argc, argv, i, "format", &v);
    if (r <= 0) {
        if (r < 0)
            cli_error("option --format needs a value: text or json");
        return r;
    }
    if (strcmp(v, "text") == 0)
        *fmt = CLI_TEXT;
    else if (strcmp(v, "json") == 0)
        *fmt = CLI_JSON;
    else {
        cli_error("--format: unknown format \"%s\": expected text or json",
                  v);
        return -1;
    }
    return 1;
}

int cli_colour(FILE *f)
{
    const char *nc = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    if (nc != NULL && nc[0] != '\0')
        return 0;
    if (term != NULL && strcmp(term, "dumb") == 0)
        return 0;
    return isatty(fileno(f));
}

/* ---- progress --------------------------------------------------------- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void cli_progress_start(cli_progress *p, const char *what, double total)
{
    const char *term = getenv("TERM");
    p->on = isatty(fileno(stderr)) &&
            !(term != NULL && strcmp(term, "dumb") == 0) && total > 0;
    p->what = what;
    p->total = total;
    p->last_draw = 0;
}

void cli_progress_update(cli_progress *p, double done)
{
    char bar[41];
    double t, share;
    int k, filled;

    if (!p->on)
        return;
    t = now();
    if (t - p->last_draw < 0.1 && done < p->total)
        return;
    p->last_draw = t;
    share = done / p->total;
    if (share > 1)
        share = 1;
    filled = (int)(share * 40);
    for (k = 0; k < 40; k++)
        bar[k] = k < filled ? '#' : '.';
    bar[40] = '\0';
    fprintf(stderr, "\r%s [%s] %3.0f%%", p->what, bar, share * 100);
    fflush(stderr);
}

void cli_progress_end(cli_progress *p)
{
    if (!p->on)
        return;
    fprintf(stderr, "\r%*s\r", 60 + (int)strlen(p->what), "");
    fflush(stderr);
    p->on = 0;
}

/* ---- JSON ------------------------------------------------------------- */

int cli_json_print(const char *what, cli_json_writer write, const void *ud)
{
    size_t len;
    char *text = NULL;
    int r = write(ud, NULL, 0, &len);
    if (r == MFK_ERANGE && (text = malloc(len)) == NULL)
        r = MFK_ENOMEM;
    else if (r == MFK_ERANGE)
        r = write(ud, text, len, &len);
    if (r == MFK_OK)
        fwrite(text, 1, len, stdout);
    else
        cli_error("%s: %s", what, mfk_strerror(r));
    free(text);
    return r == MFK_OK ? CLI_OK : CLI_INPUT;
}
