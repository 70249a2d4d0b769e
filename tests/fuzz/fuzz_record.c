/* Fuzz target: the record decoder. A record that decodes encodes to
 * deterministic bytes, and those bytes decode to a record that encodes
 * to the same bytes again. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "mufakat.h"

static unsigned char *encode(const mfk_record *r, size_t *len)
{
    unsigned char *buf;
    if (mfk_record_encode(r, NULL, 0, len) != MFK_ERANGE &&
        mfk_record_encode(r, NULL, 0, len) != MFK_OK)
        fuzz_fail("a decoded record cannot say its encoded length");
    buf = malloc(*len ? *len : 1);
    if (buf == NULL || mfk_record_encode(r, buf, *len, len) != MFK_OK)
        fuzz_fail("a decoded record cannot be encoded");
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mfk_record *r = NULL, *again = NULL;
    mfk_error err;
    unsigned char *a, *b;
    size_t used = 0, la, lb;

    if (mfk_record_decode(&r, data, size, &used, NULL, &err) != MFK_OK) {
        if (r != NULL)
            fuzz_fail("a failed decode left a record");
        return 0;
    }
    if (used == 0 || used > size)
        fuzz_fail("a record used no bytes, or more than there were");
    a = encode(r, &la);
    if (mfk_record_decode(&again, a, la, &used, NULL, &err) != MFK_OK ||
        used != la)
        fuzz_fail("a record's own encoding does not decode");
    b = encode(again, &lb);
    if (la != lb || memcmp(a, b, la) != 0)
        fuzz_fail("encoding is not deterministic across a round trip");
    free(a);
    free(b);
    mfk_record_free(again);
    mfk_record_free(r);
    return 0;
}
