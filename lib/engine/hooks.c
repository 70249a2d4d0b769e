/* What an event of a consultation's hook holds (mfk_consultation_set_hook
 * is in lib/engine/consult.c, which fires them). */
#include "engine/engine-private.h"

#include <stdint.h>

mfk_event_type mfk_event_get_type(const mfk_event *e)
{
    return e == NULL ? (mfk_event_type)0 : e->type;
}

unsigned mfk_event_round(const mfk_event *e)
{
    return e == NULL ? 0 : e->round;
}

size_t mfk_event_member(const mfk_event *e)
{
    return e == NULL ? SIZE_MAX : e->member;
}

int mfk_event_stance(const mfk_event *e)
{
    return e == NULL ? -1 : e->stance;
}

int mfk_event_verdict(const mfk_event *e)
{
    return e == NULL ? -1 : e->verdict;
}

int mfk_event_outcome(const mfk_event *e)
{
    return e == NULL ? -1 : e->outcome;
}

const double *mfk_event_position(const mfk_event *e)
{
    return e == NULL ? NULL : e->position;
}

const char *mfk_event_text(const mfk_event *e)
{
    return e == NULL ? NULL : e->text;
}

const char *mfk_event_time(const mfk_event *e)
{
    return e == NULL ? NULL : e->time;
}
