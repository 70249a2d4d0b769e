/* The driver's output helpers: messages, options, a JSON writer. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

const char *cli_progname = "mufakat";

void cli_write_safe(FILE *f, const char *text, size_t n, int keep_sgr)
{
    char small[1024], *buf = small;
    unsigned flags = keep_sgr ? MFK_ESCAPE_SGR : 0;
    size_t len;
    int r = mfk_text_escape(text, n, flags, small, sizeof small, &len);
    if (r == MFK_ERANGE && (buf = malloc(len + 1)) != NULL)
        r = mfk_text_escape(text, n, flags, buf, len + 1, &len);
    if (r == MFK_OK)
        fwrite(buf, 1, len, f);
    else
        fputs("(text too long to show)", f);
    if (buf != small)
        free(buf);
}

void cli_puts_safe(FILE *f, const char *text)
{
    cli_write_safe(f, text, strlen(text), 0);
}

/* vprintf to f through cli_write_safe. */
static void vprintf_safe(FILE *f, const char *fmt, va_list ap)
{
    char small[512], *buf = small;
    va_list again;
    int n;
    va_copy(again, ap);
    n = vsnprintf(small, sizeof small, fmt, ap);
    if (n >= (int)sizeof small && (buf = malloc((size_t)n + 1)) != NULL)
        vsnprintf(buf, (size_t)n + 1, fmt, again);
    else if (n >= (int)sizeof small) {
        buf = small;
        n = (int)sizeof small - 1;
    }
    va_end(again);
    if (n > 0)
        cli_write_safe(f, buf, (size_t)n, 0);
    if (buf != small)
        free(buf);
}

void cli_printf_safe(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf_safe(f, fmt, ap);
    va_end(ap);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", cli_progname);
    /* Messages quote input: its control characters are shown escaped. */
    va_start(ap, fmt);
    vprintf_safe(stderr, fmt, ap);
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

/* ---- output files, written whole or not at all ------------------------ */

FILE *cli_out_open(cli_out *o, const char *path)
{
    size_t len = strlen(path);
    mode_t mask;
    int fd;

    o->path = path;
    o->f = NULL;
    o->tmp = malloc(len + sizeof ".XXXXXX");
    if (o->tmp == NULL) {
        cli_error("%s: cannot write: out of memory", path);
        return NULL;
    }
    memcpy(o->tmp, path, len);
    memcpy(o->tmp + len, ".XXXXXX", sizeof ".XXXXXX");
    fd = mkstemp(o->tmp);
    if (fd < 0 || (o->f = fdopen(fd, "w")) == NULL) {
        cli_error("%s: cannot write: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
        }
        free(o->tmp);
        o->tmp = NULL;
        return NULL;
    }
    /* The permissions a new file would have had, not mkstemp's 0600. */
    mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    return o->f;
}

int cli_out_close(cli_out *o, int keep)
{
    int bad = ferror(o->f), err = 0, rc = CLI_OK;
    if (fflush(o->f) != 0 || fsync(fileno(o->f)) != 0)
        err = errno, bad = 1;
    if (fclose(o->f) != 0 && !bad)
        err = errno, bad = 1;
    if (keep && bad) {
        cli_error("%s: cannot write: %s", o->path,
                  err ? strerror(err) : "write error");
        rc = CLI_INPUT;
    } else if (keep && rename(o->tmp, o->path) != 0) {
        cli_error("%s: cannot write: %s", o->path, strerror(errno));
        rc = CLI_INPUT;
    }
    if (!keep || rc != CLI_OK)
        unlink(o->tmp);
    free(o->tmp);
    o->tmp = NULL;
    o->f = NULL;
    return rc;
}

int cli_same_file(const char *a, const char *b)
{
    struct stat x, y;
    return a != NULL && b != NULL && stat(a, &x) == 0 && stat(b, &y) == 0 &&
           x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}
