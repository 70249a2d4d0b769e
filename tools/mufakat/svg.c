/* The library's pictures (lib/io/svg.c), written to files. */
#include "cli.h"

#include <stdlib.h>

int cli_write_file(const char *path, cli_json_writer write, const void *ud)
{
    size_t len = 0;
    char *buf = NULL;
    cli_out out;
    FILE *f;
    int rc = write(ud, NULL, 0, &len);

    if (rc == MFK_ERANGE) {
        buf = malloc(len ? len : 1);
        rc = buf == NULL ? MFK_ENOMEM : write(ud, buf, len, &len);
    }
    if (rc != MFK_OK) {
        free(buf);
        cli_error("%s: %s", path, mfk_strerror(rc));
        return CLI_INPUT;
    }
    f = cli_out_open(&out, path);
    if (f == NULL) {
        free(buf);
        return CLI_INPUT;
    }
    if (fwrite(buf, 1, len, f) != len) {
        free(buf);
        cli_out_close(&out, 0);
        return CLI_INPUT;
    }
    free(buf);
    return cli_out_close(&out, 1);
}

struct consultations_svg {
    const char *title;
    mfk_consultation *const *cs;
    size_t n;
};

static int write_consultations(const void *ud, char *buf, size_t size,
                               size_t *len)
{
    const struct consultations_svg *c = ud;
    return mfk_consultation_write_svg(c->cs, c->n, c->title, NULL, buf, size,
                                      len);
}

int cli_svg_consultations(const char *path, const char *title,
                          mfk_consultation *const *cs, size_t n)
{
    struct consultations_svg c;
    c.title = title;
    c.cs = cs;
    c.n = n;
    return cli_write_file(path, write_consultations, &c);
}
