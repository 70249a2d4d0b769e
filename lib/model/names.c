/* The names of the domain's values, as scenarios, records and output
 * spell them. */
#include "model/model-private.h"

#include <string.h>

static const char *const stance_names[] = {
#define MFK__STANCE(e, name, ...) [MFK_##e] = name,
#include "model/stances.def"
#undef MFK__STANCE
};
static const char *const verdict_names[] = {"adopted", "blocked", "short"};
static const char *const outcome_names[] = {
    "adopted",          "adopted-with-reservations", "adopted-flexible",
    "deferred",         "referred-to-summit",        "chairs-statement",
    "withdrawn",        "no-outcome",                "inadmissible"};
static const char *const fallback_names[] = {
    "defer", "refer-to-summit", "chairs-statement", "withdraw", "none"};
static const char *const pillar_names[] = {"political-security", "economic",
                                           "socio-cultural"};
static const char *const component_names[] = {
    "political-development", "norms",          "conflict-prevention",
    "conflict-resolution",   "peace-building", "implementing-mechanisms"};
static const char *const measure_names[] = {"statement",  "cooperation",
                                            "assistance", "sanctions",
                                            "suspension", "use-of-force"};
static const char *const rule_names[] = {
#define MFK__RULE(e, name, ...) [MFK_RULE_##e] = name,
#include "model/rules.def"
#undef MFK__RULE
};
static const char *const base_names[] = {"members", "present", "voting"};
static const char *const principle_names[] = {
    "internal-affairs", "no-coercion",             "bilateral-consent",
    "flexible-scope",   "sovereign-participation", "pace"};
static const char *const mode_names[] = {"enforce", "report", "off"};
/* the keys of `mufakat power --format json` */
static const char *const index_names[] = {
    "banzhaf",         "banzhaf_absolute", "shapley_shubik", "coleman_prevent",
    "coleman_initiate", "deegan_packel",   "public_good",    "johnston"};

#define COUNT(t) (sizeof t / sizeof t[0])

/* Each table has a name for every value of its enum. */
_Static_assert(COUNT(stance_names) == MFK_STANCE_COUNT, "stance names");
_Static_assert(COUNT(verdict_names) == MFK_VERDICT_SHORT + 1,
               "verdict names");
_Static_assert(COUNT(outcome_names) == MFK_OUTCOME_INADMISSIBLE + 1,
               "outcome names");
_Static_assert(COUNT(fallback_names) == MFK_FALLBACK_NONE + 1,
               "fallback names");
_Static_assert(COUNT(pillar_names) == MFK_PILLAR_SOCIO_CULTURAL + 1,
               "pillar names");
_Static_assert(COUNT(component_names) ==
                   MFK_COMPONENT_IMPLEMENTING_MECHANISMS + 1,
               "component names");
_Static_assert(1u << (COUNT(measure_names) - 1) == MFK_MEASURE_USE_OF_FORCE,
               "measure names");
_Static_assert(COUNT(rule_names) == MFK__RULE_COUNT, "rule names");
_Static_assert(COUNT(base_names) == MFK_BASE_VOTING + 1, "base names");
_Static_assert(COUNT(principle_names) == MFK_PRINCIPLE_COUNT,
               "principle names");
_Static_assert(COUNT(mode_names) == MFK_MODE_OFF + 1, "mode names");
_Static_assert(COUNT(index_names) == MFK_INDEX_JOHNSTON + 1, "index names");

#define TABLE(t) {t, COUNT(t)}
static const struct {
    const char *const *names;
    int count;
} tables[] = {
    TABLE(stance_names),    TABLE(verdict_names),   TABLE(outcome_names),
    TABLE(fallback_names),  TABLE(pillar_names),    TABLE(component_names),
    TABLE(measure_names),   TABLE(rule_names),      TABLE(base_names),
    TABLE(principle_names), TABLE(mode_names),      TABLE(index_names),
};

_Static_assert(COUNT(tables) == MFK_NAMES_INDEX + 1, "a table for each kind");

const char *mfk_name(mfk_names kind, int value)
{
    if ((int)kind < 0 || (size_t)kind >= sizeof tables / sizeof tables[0])
        return NULL;
    if (value < 0 || value >= tables[kind].count)
        return NULL;
    return tables[kind].names[value];
}

int mfk_lookup(mfk_names kind, const char *name, int *value)
{
    int i;
    if ((int)kind < 0 || (size_t)kind >= sizeof tables / sizeof tables[0] ||
        name == NULL || value == NULL)
        return MFK_EINVAL;
    for (i = 0; i < tables[kind].count; i++) {
        if (strcmp(tables[kind].names[i], name) == 0) {
            *value = i;
            return MFK_OK;
        }
    }
    return MFK_ENOTFOUND;
}
