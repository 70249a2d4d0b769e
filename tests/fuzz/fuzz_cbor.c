/* Fuzz target: the CBOR scenario reader, then a consultation on every
 * proposal of each scenario it accepts. */
#include "fuzz.h"

#include <string.h>

#include "mufakat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mfk_scenario *s = NULL;
    mfk_error err;
    size_t i;
    int rc;

    rc = mfk_scenario_read_cbor(&s, data, size, NULL, &err);
    if (rc != MFK_OK) {
        if (s != NULL)
            fuzz_fail("a failed read left a scenario");
        if (err.code != rc)
            fuzz_fail("the error detail's code differs from the result");
        if (err.message[0] == '\0')
            fuzz_fail("an error without a message");
        if (rc == MFK_ESYNTAX && (err.offset < 0 || (size_t)err.offset > size))
            fuzz_fail("a syntax error at no byte of the input");
        return 0;
    }
    for (i = 0; i < mfk_scenario_proposal_count(s); i++) {
        mfk_consultation *c = NULL;
        if (mfk_scenario_consult(s, i, NULL, &c) != MFK_OK)
            fuzz_fail("a valid scenario's proposal could not be consulted");
        mfk_consultation_free(c);
    }
    mfk_scenario_free(s);
    return 0;
}
