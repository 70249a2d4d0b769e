/* Fuzz target: the journal reader, on the fuzzed bytes as a journal file
 * of either version, with its chain checked, with a signing key and
 * without checks; then the repair of a torn tail. Reading always ends,
 * goes on past damage, and gives the same whole records each way; a
 * repair moves no whole record and leaves no torn tail. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mufakat.h"

static char path[64];

/* A public key that signed nothing in the corpus: every signed record is
 * then a fault, but still given. */
static const unsigned char key[32] = {
    0x3d, 0x40, 0x17, 0xc3, 0xe8, 0x43, 0x89, 0x5a, 0x92, 0xb7, 0x0a,
    0xa7, 0x4d, 0x1b, 0x7e, 0xbc, 0x9c, 0x98, 0x2c, 0xcf, 0x2e, 0xc4,
    0x96, 0x8c, 0xc0, 0xcd, 0x55, 0xf1, 0x2a, 0xf4, 0x66, 0x0c};

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

struct reading {
    int opened;          /* the header was taken */
    size_t whole;        /* records given */
    size_t faults;
    int torn;            /* a fault was a torn end */
    unsigned long long seqs; /* sum of the seqs given, to compare */
};

/* Reads the whole journal. mode 0: as it is; 1: with the key; 2: no
 * chain checked. */
static void read_all(int mode, struct reading *out)
{
    mfk_journal_reader *jr = NULL;
    const mfk_record *r;
    mfk_error err;
    size_t guard = 0;
    int rc;

    memset(out, 0, sizeof *out);
    if (mfk_journal_reader_new(&jr, path, NULL, &err) != MFK_OK)
        return;
    out->opened = 1;
    if (mode == 1)
        mfk_journal_reader_set_key(jr, key);
    if (mode == 2)
        mfk_journal_reader_check_chain(jr, 0);
    while ((rc = mfk_journal_reader_next(jr, &r, &err)) != MFK_DONE) {
        if (++guard > (1u << 24))
            fuzz_fail("reading does not end");
        if (rc == MFK_EIO || rc == MFK_ENOMEM)
            fuzz_fail("an input/output or memory error reading a file");
        if (rc != MFK_OK) {
            out->faults++;
            if (rc == MFK_ETORN)
                out->torn = 1;
            if (err.offset < 0)
                fuzz_fail("a fault with no place");
            if (mfk_journal_reader_fault(jr) == 0)
                fuzz_fail("a fault with no record number");
        }
        if (r != NULL) {
            out->whole++;
            out->seqs += mfk_record_seq(r);
        }
    }
    if (mfk_journal_reader_version(jr) == 2) {
        unsigned char last[32];
        if (mode != 2 && mfk_journal_reader_last_sha256(jr, last) != MFK_OK)
            fuzz_fail("no last hash for a journal of version 2");
    }
    mfk_journal_reader_free(jr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct reading plain, keyed, unchecked, after;
    mfk_error err;
    long long offset;
    char side[256];

    write_file(data, size);
    read_all(0, &plain);
    read_all(1, &keyed);
    if (keyed.whole != plain.whole || keyed.faults < plain.faults)
        fuzz_fail("a key changed which records are whole");
    read_all(2, &unchecked);
    if (unchecked.opened != plain.opened)
        fuzz_fail("checking the chain changed the header");
    if (!plain.opened) {
        unlink(path);
        return 0;
    }
    /* Repair: only a torn tail moves; every whole record stays. */
    if (mfk_journal_repair(path, &offset, side, sizeof side, NULL, &err) ==
        MFK_OK) {
        if (offset >= 0)
            unlink(side);
        read_all(0, &after);
        if (after.whole != plain.whole || after.seqs != plain.seqs)
            fuzz_fail("a repair moved a whole record");
        if (after.torn)
            fuzz_fail("a repaired journal still ends torn");
        if (offset < 0 && after.faults != plain.faults)
            fuzz_fail("a repair that moved nothing changed the journal");
    }
    unlink(path);
    return 0;
}
