/* Result codes, their messages and names; the version. */
#include "core/core-private.h"

#include <stdlib.h>
#include <string.h>

const char *mfk_version(void)
{
    return MFK_VERSION;
}

const char *mfk_strerror(int code)
{
    switch (code) {
    case MFK_OK:
        return "success";
#define MFK__ERR_TEXT(name, value, text)                                     \
    case MFK_E##name:                                                        \
        return text;
        MFK_ERRNO_MAP(MFK__ERR_TEXT)
#undef MFK__ERR_TEXT
    default:
        return "unknown error";
    }
}

const char *mfk_err_name(int code)
{
    switch (code) {
    case MFK_OK:
        return "MFK_OK";
#define MFK__ERR_NAME(name, value, text)                                     \
    case MFK_E##name:                                                        \
        return "MFK_E" #name;
        MFK_ERRNO_MAP(MFK__ERR_NAME)
#undef MFK__ERR_NAME
    default:
        return "MFK_EUNKNOWN";
    }
}
