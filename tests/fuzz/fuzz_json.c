/* Fuzz target: the JSON scenario reader, then a consultation on every
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

    rc = mfk_scenario_read_json(&s, (const char *)data, size, NULL, &err);
    if (rc != MFK_OK) {
        if (s != NULL)
            fuzz_fail("a failed read left a scenario");
        if (err.code != rc)
            fuzz_fail("the error detail's code differs from the result");
        if (memchr(err.message, '\0', sizeof err.message) == NULL ||
            err.message[0] == '\0')
            fuzz_fail("an error without a message");
        return 0;
    }
    for (i = 0; i < mfk_scenario_proposal_count(s); i++) {
        mfk_consultation *c = NULL;
        mfk_outcome o;
        if (mfk_scenario_consult(s, i, NULL, &c) != MFK_OK)
            fuzz_fail("a valid scenario's proposal could not be consulted");
        if (mfk_consultation_outcome(c, &o) != MFK_OK)
            fuzz_fail("a consultation ended without an outcome");
        if ((o == MFK_OUTCOME_INADMISSIBLE) == mfk_consultation_admissible(c))
            fuzz_fail("admissible is not the opposite of inadmissible");
        mfk_consultation_free(c);
    }
    mfk_scenario_free(s);
    return 0;
}
