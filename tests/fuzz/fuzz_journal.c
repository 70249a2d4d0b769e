/* Fuzz target: the journal reader, on the fuzzed bytes as a journal file,
 * and the repair of what it finds damaged. Every complete record before
 * the damage is returned; after a repair the journal reads to its end. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mufakat.h"

static char path[64];

static void write_file(const uint8_t *data, size_t size)
{
    FILE *f;
    if (path[0] == '\0')
        snprintf(path, sizeof path, "/tmp/mufakat-fuzz-journal-%ld",
                 (long)getpid());
    f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        fuzz_fail("cannot write the journal file");
}

/* Reads the whole journal; returns the last code and counts records. */
static int read_all(size_t *records)
{
    mfk_journal_reader *jr = NULL;
    const mfk_record *r;
    mfk_error err;
    int rc;

    *records = 0;
    rc = mfk_journal_reader_new(&jr, path, NULL, &err);
    if (rc != MFK_OK)
        return rc;
    while ((rc = mfk_journal_reader_next(jr, &r, &err)) == MFK_OK) {
        if (r == NULL)
            fuzz_fail("a record that is not there");
        ++*records;
    }
    mfk_journal_reader_free(jr);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mfk_error err;
    long long offset;
    size_t before, after;
    char side[256];
    int rc;

    write_file(data, size);
    rc = read_all(&before);
    if (rc == MFK_DONE || rc == MFK_EFORMAT || rc == MFK_EIO) {
        unlink(path);
        return 0;
    }
    /* Damage after a valid header: repair, then the journal must read
     * to its end with the same complete records. */
    if (mfk_journal_repair(path, &offset, side, sizeof side, NULL, &err) ==
        MFK_OK) {
        if (offset >= 0)
            unlink(side);
        rc = read_all(&after);
        if (rc != MFK_DONE && rc != MFK_EFORMAT)
            fuzz_fail("a repaired journal still does not read to its end");
        if (rc == MFK_DONE && after != before)
            fuzz_fail("a repair lost complete records");
    }
    unlink(path);
    return 0;
}
