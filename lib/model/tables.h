/* The rules, their parameters and the stances as C, from rules.def,
 * rule-params.def and stances.def: for the library, and for the driver
 * and the tests, which are built in the tree. Needs only <mufakat.h>;
 * not part of the API. */
#ifndef MUFAKAT_MODEL_TABLES_H
#define MUFAKAT_MODEL_TABLES_H

#include <mufakat.h>

#include <math.h>

/* ---- parameters -------------------------------------------------------- */

enum mfk__param {
#define MFK__PARAM(id, ...) MFK__PARAM_##id,
#include "model/rule-params.def"
#undef MFK__PARAM
};

enum {
    MFK__PARAM_COUNT = 0
#define MFK__PARAM(...) +1
#include "model/rule-params.def"
#undef MFK__PARAM
};

/* A parameter as a bit of a rule's params, required and option. */
#define MFK__P(id) (1u << MFK__PARAM_##id)

enum mfk__param_type {
    MFK__UINT,
    MFK__SHARE,
    MFK__NUMBER,
    MFK__BASE,
    MFK__FLAG
};

struct mfk__param_row {
    const char *key;
    enum mfk__param_type type;
    double def, lo, hi;
    const char *word;
};

static const struct mfk__param_row mfk__params[] = {
#define MFK__PARAM(id, key, field, ctype, type, def, lo, hi, word)           \
    [MFK__PARAM_##id] = {key, MFK__##type, def, lo, hi, word},
#include "model/rule-params.def"
#undef MFK__PARAM
};

/* A parameter's value in a rule, as a double (every count, base and flag
 * is one exactly). */
static inline double mfk__param_get(const mfk_rule *r, enum mfk__param p)
{
    switch (p) {
#define MFK__PARAM(id, key, field, ...)                                      \
    case MFK__PARAM_##id:                                                    \
        return (double)r->field;
#include "model/rule-params.def"
#undef MFK__PARAM
    }
    return 0;
}

/* Sets a parameter; v is a value of its type, within its range. */
static inline void mfk__param_set(mfk_rule *r, enum mfk__param p, double v)
{
    switch (p) {
#define MFK__PARAM(id, key, field, ctype, ...)                               \
    case MFK__PARAM_##id:                                                    \
        r->field = (ctype)v;                                                 \
        break;
#include "model/rule-params.def"
#undef MFK__PARAM
    }
}

/* ---- rules ------------------------------------------------------------- */

/* The last value of enum mfk_rule_kind: a kind added after it and not
 * here fails the count check below. */
#define MFK__RULE_LAST MFK_RULE_CALLBACK

enum {
    MFK__RULE_COUNT = 0
#define MFK__RULE(...) +1
#include "model/rules.def"
#undef MFK__RULE
};

_Static_assert(MFK__RULE_COUNT == MFK__RULE_LAST + 1,
               "rules.def: one row for each mfk_rule_kind");

struct mfk__rule_row {
    const char *name;
    unsigned params, required, option;
    unsigned char objectors_decide, outvoted, consensus;
};

static const struct mfk__rule_row mfk__rules[] = {
#define MFK__RULE(e, name, params, required, option, objectors, outvoted,   \
                  consensus)                                                 \
    [MFK_RULE_##e] = {name,      params,   required, option,                 \
                      objectors, outvoted, consensus},
#include "model/rules.def"
#undef MFK__RULE
};

_Static_assert(sizeof mfk__rules / sizeof mfk__rules[0] == MFK__RULE_COUNT,
               "rules.def: each row at its kind's place");

/* ---- stances ----------------------------------------------------------- */

enum {
    MFK__STANCE_ROWS = 0
#define MFK__STANCE(...) +1
#include "model/stances.def"
#undef MFK__STANCE
};

_Static_assert(MFK__STANCE_ROWS == MFK_STANCE_COUNT,
               "stances.def: one row for each mfk_stance");

struct mfk__stance_row {
    const char *name;
    char letter;
};

static const struct mfk__stance_row mfk__stances[] = {
#define MFK__STANCE(e, name, letter, ...) [MFK_##e] = {name, letter},
#include "model/stances.def"
#undef MFK__STANCE
};

_Static_assert(sizeof mfk__stances / sizeof mfk__stances[0] ==
                   MFK_STANCE_COUNT,
               "stances.def: each row at its stance's place");

/* The columns of stances.def as bits of a byte, one byte a stance. */
enum mfk__stance_column {
    MFK__FAVOUR = 1,
    MFK__AGAINST = 2,
    MFK__PRESENT = 4,
    MFK__TAKES_PART = 8
};

static const unsigned char mfk__stance_columns[] = {
#define MFK__STANCE(e, name, letter, favour, against, present, takes_part)  \
    [MFK_##e] = (favour ? MFK__FAVOUR : 0) | (against ? MFK__AGAINST : 0) |  \
                (present ? MFK__PRESENT : 0) |                               \
                (takes_part ? MFK__TAKES_PART : 0),
#include "model/stances.def"
#undef MFK__STANCE
};

/* Stance s (any byte) has the column. */
static inline int mfk__stance_is(unsigned char s, enum mfk__stance_column c)
{
    return s < MFK_STANCE_COUNT && (mfk__stance_columns[s] & c) != 0;
}

/* In favour under every rule. */
static inline int mfk__in_favour(unsigned char s)
{
    return mfk__stance_is(s, MFK__FAVOUR);
}

/* Against, under every rule but flexible. */
static inline int mfk__against(unsigned char s)
{
    return mfk__stance_is(s, MFK__AGAINST);
}

/* Heard: not silent. */
static inline int mfk__present(unsigned char s)
{
    return mfk__stance_is(s, MFK__PRESENT);
}

/* Takes part in what is adopted under flexible participation. */
static inline int mfk__takes_part(unsigned char s)
{
    return mfk__stance_is(s, MFK__TAKES_PART);
}

#endif
