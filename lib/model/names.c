/* The names of the domain's values, as scenarios, records and output
 * spell them. */
#include "model/model-private.h"

#include <string.h>

static const char *const stance_names[] = {
    "support", "join", "reservation", "abstain", "not-ready", "object",
    "silent"};
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
    "unanimity", "consensus",          "consensus-minus-x",
    "flexible",  "negative-consensus", "silence",
    "majority",  "qualified-majority", "weighted",
    "callback"};
static const char *const base_names[] = {"members", "present", "voting"};
static const char *const principle_names[] = {
    "internal-affairs", "no-coercion",             "bilateral-consent",
    "flexible-scope",   "sovereign-participation", "pace"};
static const char *const mode_names[] = {"enforce", "report", "off"};

#define TABLE(t) {t, sizeof t / sizeof t[0]}
static const struct {
    const char *const *names;
    int count;
} tables[] = {
    TABLE(stance_names),    TABLE(verdict_names),   TABLE(outcome_names),
    TABLE(fallback_names),  TABLE(pillar_names),    TABLE(component_names),
    TABLE(measure_names),   TABLE(rule_names),      TABLE(base_names),
    TABLE(principle_names), TABLE(mode_names),
};

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
