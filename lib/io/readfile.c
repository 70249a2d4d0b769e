/* A scenario file read whole, then given to the JSON or the CBOR reader
 * by its first byte. */
#include "io/io-private.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Files larger than this are refused before they are read. */
#define MFK_SCENARIO_MAX_BYTES (64u << 20)

/* An exchange-model table starts with a row's kind, perhaps quoted. */
static int is_table(const char *buf, size_t len)
{
    size_t i = 0;
    if (len > 0 && (buf[0] == '\'' || buf[0] == '"'))
        i = 1;
    if (len < i + 3 || buf[i] != '#' || buf[i + 1] == '\0' ||
        strchr("APMD/O", buf[i + 1]) == NULL)
        return 0;
    return i == 1 ? buf[3] == buf[0] : strchr("\t;, ", buf[2]) != NULL;
}

int mfk_scenario_read_file(mfk_scenario **out, const char *path,
                           const mfk_allocator *alloc, mfk_error *err)
{
    mfk_allocator a;
    FILE *f;
    char *buf = NULL;
    size_t len = 0, cap = 0, got;
    int rc;

    mfk__error_clear(err);
    if (out == NULL)
        return MFK_EINVAL;
    *out = NULL;
    if (path == NULL)
        return MFK_EINVAL;
    mfk__alloc_init(&a, alloc);
    f = fopen(path, "rb");
    if (f == NULL)
        return mfk__error_set(err, MFK_EIO, NULL, "cannot open: %s",
                              strerror(errno));
    for (;;) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            if (cap >= MFK_SCENARIO_MAX_BYTES) {
                rc = mfk__error_set(err, MFK_ELIMIT, NULL,
                                    "larger than %u MiB: not read",
                                    MFK_SCENARIO_MAX_BYTES >> 20);
                if (err != NULL)
                    err->offset = (long long)len;
                goto done;
            }
            if (mfk__grow(&a, (void **)&buf, ncap + 1, 1) != MFK_OK) {
                rc = mfk__error_set(err, MFK_ENOMEM, NULL, "out of memory");
                goto done;
            }
            cap = ncap;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f)) {
                rc = mfk__error_set(err, MFK_EIO, NULL, "cannot read: %s",
                                    strerror(errno));
                goto done;
            }
            break;
        }
    }
    /* JSON text starts with white space, a value or a byte order mark;
     * a CBOR scenario (a map, or a tag) never does. */
    if (is_table(buf, len))
        rc = mfk_scenario_read_table(out, buf, len, alloc, err);
    else if (len > 0 &&
             strchr(" \t\r\n{[\"-0123456789tfn\xef", buf[0]) == NULL)
        rc = mfk_scenario_read_cbor(out, buf, len, alloc, err);
    else
        rc = mfk_scenario_read_json(out, buf, len, alloc, err);
done:
    mfk__free(&a, buf);
    fclose(f);
    return rc;
}
