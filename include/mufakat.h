/*
 * mufakat.h - consensus decision-support: bodies, proposals, consultation
 * rounds, decision rules and the principles that gate what may be put.
 *
 * This is the whole public API of libmufakat. Nothing that is not declared
 * here is part of it. See mufakat(3) for the overview.
 */
#ifndef MUFAKAT_H
#define MUFAKAT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Version                                                             */
/* ------------------------------------------------------------------ */

#define MFK_VERSION_MAJOR 0
#define MFK_VERSION_MINOR 1
#define MFK_VERSION_PATCH 0
#define MFK_VERSION "0.1.0"
/* 0xMMmmpp: major, minor, patch, one byte each. */
#define MFK_VERSION_HEX                                                      \
    ((MFK_VERSION_MAJOR << 16) | (MFK_VERSION_MINOR << 8) | MFK_VERSION_PATCH)

#if defined(MFK_BUILDING) && defined(__GNUC__) && __GNUC__ >= 4
#define MFK_API __attribute__((visibility("default")))
#else
#define MFK_API
#endif

/* The version of the library linked at run time, e.g. "0.1.0". Static
 * storage: never freed. */
MFK_API const char *mfk_version(void);

/* ------------------------------------------------------------------ */
/* Result codes                                                        */
/* ------------------------------------------------------------------ */

/* Every function that can fail returns MFK_OK (0) or one of these
 * negative codes. One table, used for the enum, mfk_strerror() and
 * mfk_err_name(). */
#define MFK_ERRNO_MAP(XX)                                                    \
    XX(NOMEM, -1, "out of memory")                                           \
    XX(INVAL, -2, "invalid argument")                                        \
    XX(RANGE, -3, "value out of range")                                      \
    XX(NOTFOUND, -4, "no such member or item")                               \
    XX(EXISTS, -5, "already exists")                                         \
    XX(SYNTAX, -6, "syntax error in input")                                  \
    XX(FORMAT, -7, "input is well-formed but not a valid document")          \
    XX(IO, -8, "input/output error")                                         \
    XX(STATE, -9, "operation not allowed in the object's current state")     \
    XX(LIMIT, -10, "size or nesting limit exceeded")                         \
    XX(TORN, -11, "incomplete item at the end of the input")                 \
    XX(CALLBACK, -12, "a user callback failed")                              \
    XX(UNSUPPORTED, -13, "not supported by this build")

enum {
    MFK_OK = 0,
#define MFK__ERR_ENUM(name, code, text) MFK_E##name = (code),
    MFK_ERRNO_MAP(MFK__ERR_ENUM)
#undef MFK__ERR_ENUM
    MFK__ERR_LAST = -14
};

/* A consultation callback returns MFK_DONE (a positive value) to say it has
 * nothing more to give: no more rounds of stances, no new position. */
#define MFK_DONE 1

/* The message for a code, e.g. "out of memory"; never NULL. Static. */
MFK_API const char *mfk_strerror(int code);
/* The name of a code, e.g. "MFK_ENOMEM"; never NULL. Static. */
MFK_API const char *mfk_err_name(int code);

/* ------------------------------------------------------------------ */
/* Allocator                                                           */
/* ------------------------------------------------------------------ */

/* Memory for an object and everything it owns comes from the allocator
 * given when it was made; NULL means the C library's malloc, realloc and
 * free. The structure is copied: it need not outlive the call. */
typedef struct mfk_allocator {
    void *(*malloc)(size_t size, void *ud);
    void *(*realloc)(void *ptr, size_t size, void *ud);
    void (*free)(void *ptr, void *ud);
    void *ud;
} mfk_allocator;

/* ------------------------------------------------------------------ */
/* Error detail for readers                                            */
/* ------------------------------------------------------------------ */

/* Readers of files and buffers fill an optional, caller-owned mfk_error.
 * For a syntax error: offset (bytes from the start), and for JSON line and
 * column (from 1). For any other error: pointer, the JSON Pointer (RFC 6901)
 * of the value at fault ("" for the document itself). message says what was
 * found and what was expected. Unused fields are -1 or "". */
typedef struct mfk_error {
    int code;
    long long offset;
    int line;
    int column;
    char pointer[256];
    char message[256];
} mfk_error;

/* ------------------------------------------------------------------ */
/* Names of the domain's values                                        */
/* ------------------------------------------------------------------ */

/* Stances, strongest to weakest. */
typedef enum mfk_stance {
    MFK_SUPPORT = 0,     /* in favour */
    MFK_JOIN = 1,        /* no objection, "can live with it" */
    MFK_RESERVATION = 2, /* joins, with a reservation on record */
    MFK_ABSTAIN = 3,
    MFK_NOT_READY = 4, /* stands aside; against under every rule but flexible */
    MFK_OBJECT = 5,    /* against */
    MFK_SILENT = 6     /* not heard */
} mfk_stance;
#define MFK_STANCE_COUNT 7

typedef enum mfk_verdict {
    MFK_VERDICT_ADOPTED = 0,
    MFK_VERDICT_BLOCKED = 1, /* members prevented it: the blockers */
    MFK_VERDICT_SHORT = 2    /* a threshold was not reached */
} mfk_verdict;

typedef enum mfk_outcome {
    MFK_OUTCOME_ADOPTED = 0,
    MFK_OUTCOME_ADOPTED_WITH_RESERVATIONS = 1,
    MFK_OUTCOME_ADOPTED_FLEXIBLE = 2,
    MFK_OUTCOME_DEFERRED = 3,
    MFK_OUTCOME_REFERRED_TO_SUMMIT = 4,
    MFK_OUTCOME_CHAIRS_STATEMENT = 5,
    MFK_OUTCOME_WITHDRAWN = 6,
    MFK_OUTCOME_NO_OUTCOME = 7,
    MFK_OUTCOME_INADMISSIBLE = 8
} mfk_outcome;

typedef enum mfk_fallback {
    MFK_FALLBACK_DEFER = 0,
    MFK_FALLBACK_REFER_TO_SUMMIT = 1,
    MFK_FALLBACK_CHAIRS_STATEMENT = 2,
    MFK_FALLBACK_WITHDRAW = 3,
    MFK_FALLBACK_NONE = 4
} mfk_fallback;

typedef enum mfk_pillar {
    MFK_PILLAR_POLITICAL_SECURITY = 0,
    MFK_PILLAR_ECONOMIC = 1,
    MFK_PILLAR_SOCIO_CULTURAL = 2
} mfk_pillar;

typedef enum mfk_component {
    MFK_COMPONENT_POLITICAL_DEVELOPMENT = 0,
    MFK_COMPONENT_NORMS = 1,
    MFK_COMPONENT_CONFLICT_PREVENTION = 2,
    MFK_COMPONENT_CONFLICT_RESOLUTION = 3,
    MFK_COMPONENT_PEACE_BUILDING = 4,
    MFK_COMPONENT_IMPLEMENTING_MECHANISMS = 5
} mfk_component;

/* Measures are bits: a proposal carries any set of them. */
typedef enum mfk_measure {
    MFK_MEASURE_STATEMENT = 1 << 0,
    MFK_MEASURE_COOPERATION = 1 << 1,
    MFK_MEASURE_ASSISTANCE = 1 << 2,
    MFK_MEASURE_SANCTIONS = 1 << 3,
    MFK_MEASURE_SUSPENSION = 1 << 4,
    MFK_MEASURE_USE_OF_FORCE = 1 << 5
} mfk_measure;

typedef enum mfk_rule_kind {
    MFK_RULE_UNANIMITY = 0,
    MFK_RULE_CONSENSUS = 1,
    MFK_RULE_CONSENSUS_MINUS_X = 2,
    MFK_RULE_FLEXIBLE = 3,
    MFK_RULE_NEGATIVE_CONSENSUS = 4,
    MFK_RULE_SILENCE = 5,
    MFK_RULE_MAJORITY = 6,
    MFK_RULE_QUALIFIED_MAJORITY = 7,
    MFK_RULE_WEIGHTED = 8,
    MFK_RULE_CALLBACK = 9
} mfk_rule_kind;

typedef enum mfk_base {
    MFK_BASE_MEMBERS = 0, /* every member */
    MFK_BASE_PRESENT = 1, /* the members not silent */
    MFK_BASE_VOTING = 2   /* those in favour plus those against */
} mfk_base;

/* Principles, in the order in which violations are listed. */
typedef enum mfk_principle {
    MFK_PRINCIPLE_INTERNAL_AFFAIRS = 0,
    MFK_PRINCIPLE_NO_COERCION = 1,
    MFK_PRINCIPLE_BILATERAL_CONSENT = 2,
    MFK_PRINCIPLE_FLEXIBLE_SCOPE = 3,
    MFK_PRINCIPLE_SOVEREIGN_PARTICIPATION = 4,
    MFK_PRINCIPLE_PACE = 5
} mfk_principle;
#define MFK_PRINCIPLE_COUNT 6

typedef enum mfk_mode {
    MFK_MODE_ENFORCE = 0,
    MFK_MODE_REPORT = 1,
    MFK_MODE_OFF = 2
} mfk_mode;

/* The kinds of value that have names in scenarios, records and output. */
typedef enum mfk_names {
    MFK_NAMES_STANCE = 0,
    MFK_NAMES_VERDICT = 1,
    MFK_NAMES_OUTCOME = 2,
    MFK_NAMES_FALLBACK = 3,
    MFK_NAMES_PILLAR = 4,
    MFK_NAMES_COMPONENT = 5,
    MFK_NAMES_MEASURE = 6, /* value: the bit's position, 0 to 5 */
    MFK_NAMES_RULE = 7,
    MFK_NAMES_BASE = 8,
    MFK_NAMES_PRINCIPLE = 9,
    MFK_NAMES_MODE = 10,
    MFK_NAMES_INDEX = 11 /* 0.2: mfk_index, "banzhaf" ... "johnston" */
} mfk_names;

/* The name of a value as CONTRACT text, e.g. mfk_name(MFK_NAMES_STANCE,
 * MFK_NOT_READY) is "not-ready". NULL for a value out of range. Static. */
MFK_API const char *mfk_name(mfk_names kind, int value);
/* The value of a name: MFK_OK and *value set, or MFK_ENOTFOUND, or
 * MFK_EINVAL for a kind out of range or a NULL argument. */
MFK_API int mfk_lookup(mfk_names kind, const char *name, int *value);

/* ------------------------------------------------------------------ */
/* Roster: members, observers, the chair                               */
/* ------------------------------------------------------------------ */

#define MFK_MAX_DIMS 16
#define MFK_MAX_MEMBERS 4096
#define MFK_MAX_ROUNDS 1000

typedef struct mfk_body mfk_body;
typedef struct mfk_proposal mfk_proposal;
typedef struct mfk_consultation mfk_consultation;

/* A body of members deciding in `dims` policy dimensions (1 to
 * MFK_MAX_DIMS). The name is copied. Free with mfk_body_free(). */
MFK_API int mfk_body_new(mfk_body **out, const char *name, unsigned dims,
                         const mfk_allocator *alloc);
/* Frees the body and all it owns; NULL does nothing. Proposals and
 * consultations made on it must be freed first. */
MFK_API void mfk_body_free(mfk_body *body);

MFK_API const char *mfk_body_name(const mfk_body *body);
MFK_API unsigned mfk_body_dims(const mfk_body *body);

/* Adds a member with weight 1, no ideal point, salience 1 in every
 * dimension and tolerance 0. id and name are copied; id must be unique
 * among members and observers. *index (optional) is the member's index;
 * members are numbered in the order they are added (roster order). */
MFK_API int mfk_body_add_member(mfk_body *body, const char *id,
                                const char *name, size_t *index);
MFK_API int mfk_body_add_observer(mfk_body *body, const char *id,
                                  const char *name);

MFK_API size_t mfk_body_member_count(const mfk_body *body);
MFK_API size_t mfk_body_observer_count(const mfk_body *body);
/* Looks up a member by id: MFK_OK, or MFK_ENOTFOUND (observers are not
 * members). */
MFK_API int mfk_body_find_member(const mfk_body *body, const char *id,
                                 size_t *index);
/* Owned by the body; NULL for an index out of range. */
MFK_API const char *mfk_body_member_id(const mfk_body *body, size_t i);
MFK_API const char *mfk_body_member_name(const mfk_body *body, size_t i);
MFK_API const char *mfk_body_observer_id(const mfk_body *body, size_t i);
MFK_API const char *mfk_body_observer_name(const mfk_body *body, size_t i);

/* Member attributes. Vectors have mfk_body_dims() numbers and are copied.
 * Weight, salience and tolerance must be finite; weight and salience not
 * negative. */
MFK_API int mfk_body_set_weight(mfk_body *body, size_t i, double weight);
MFK_API int mfk_body_set_ideal(mfk_body *body, size_t i, const double *ideal);
MFK_API int mfk_body_set_salience(mfk_body *body, size_t i,
                                  const double *salience);
MFK_API int mfk_body_set_tolerance(mfk_body *body, size_t i,
                                   double tolerance);
MFK_API double mfk_body_member_weight(const mfk_body *body, size_t i);
/* NULL when the member has no ideal point. Owned by the body. */
MFK_API const double *mfk_body_member_ideal(const mfk_body *body, size_t i);
MFK_API const double *mfk_body_member_salience(const mfk_body *body,
                                               size_t i);
MFK_API double mfk_body_member_tolerance(const mfk_body *body, size_t i);
/* True when every member has an ideal point (and there is one member). */
MFK_API int mfk_body_has_ideals(const mfk_body *body);

/* The behaviour model's parameters of a member (mufakat(3), "The
 * behaviour model"): tolerance; externality in [0, 1] (default 1), the
 * share of a text's effect a member standing aside under flexible still
 * feels; reservation and indifference, 0 or more (default 0);
 * support_gain, more than 0, or 0 for none (the default); absence in
 * [0, 1) (default 0), the probability that a member is not heard in a
 * round of a simulation. A value out of its range is MFK_ERANGE. */
typedef enum mfk_member_param {
    MFK_MEMBER_TOLERANCE,
    MFK_MEMBER_EXTERNALITY,
    MFK_MEMBER_RESERVATION,
    MFK_MEMBER_INDIFFERENCE,
    MFK_MEMBER_SUPPORT_GAIN,
    MFK_MEMBER_ABSENCE
} mfk_member_param;
#define MFK_MEMBER_PARAM_COUNT 6
MFK_API int mfk_body_set_externality(mfk_body *body, size_t i,
                                     double externality);
MFK_API int mfk_body_set_reservation(mfk_body *body, size_t i,
                                     double reservation);
MFK_API int mfk_body_set_indifference(mfk_body *body, size_t i,
                                      double indifference);
MFK_API int mfk_body_set_support_gain(mfk_body *body, size_t i, double gain);
MFK_API int mfk_body_set_absence(mfk_body *body, size_t i, double absence);
/* Defaults for an index out of range. */
MFK_API double mfk_body_member_externality(const mfk_body *body, size_t i);
MFK_API double mfk_body_member_reservation(const mfk_body *body, size_t i);
MFK_API double mfk_body_member_indifference(const mfk_body *body, size_t i);
MFK_API double mfk_body_member_support_gain(const mfk_body *body, size_t i);
MFK_API double mfk_body_member_absence(const mfk_body *body, size_t i);
/* The same by parameter: one member's, or every member's at once (the
 * value checked before any is set). mfk_body_member_param() is NaN for
 * an index or parameter out of range. */
MFK_API int mfk_body_set_member_param(mfk_body *body, size_t i,
                                      mfk_member_param param, double value);
MFK_API int mfk_body_set_all(mfk_body *body, mfk_member_param param,
                             double value);
MFK_API double mfk_body_member_param(const mfk_body *body, size_t i,
                                     mfk_member_param param);

/* Issues: the body's dimensions may be named (names copied; NULL clears)
 * and given a scale, lo < hi (default 0 to 100), and each member a
 * capability per dimension (copied, finite, 0 or more; NULL: its weight
 * on every dimension). The predictions of mfk_predict() use them. */
MFK_API int mfk_body_set_dimension_name(mfk_body *body, unsigned k,
                                        const char *name);
/* NULL when dimension k is unnamed or out of range. Owned by the body. */
MFK_API const char *mfk_body_dimension_name(const mfk_body *body,
                                            unsigned k);
MFK_API int mfk_body_set_scale(mfk_body *body, unsigned k, double lo,
                               double hi);
MFK_API int mfk_body_scale(const mfk_body *body, unsigned k, double *lo,
                           double *hi);
MFK_API int mfk_body_set_capability(mfk_body *body, size_t i,
                                    const double *capability);
/* NULL when the member has none of its own. Owned by the body. */
MFK_API const double *mfk_body_member_capability(const mfk_body *body,
                                                 size_t i);

/* The chair: a member index. mfk_body_chair() gives MFK_ENOTFOUND when no
 * chair is set. */
MFK_API int mfk_body_set_chair(mfk_body *body, size_t i);
MFK_API int mfk_body_chair(const mfk_body *body, size_t *i);

/* The chair of `year` by rotation (Charter Art. 31): members in the
 * byte order of their names; from `base_chair` in `base_year`, one member
 * a year, passing over the members in `skip` each time round. Pure: sets
 * nothing. When every member but the base chair is skipped, the base
 * chair chairs every year. MFK_EINVAL when year < base_year, or when
 * every member is skipped and year > base_year. */
MFK_API int mfk_body_rotation(const mfk_body *body, int year, int base_year,
                              size_t base_chair, const size_t *skip,
                              size_t nskip, size_t *chair);

/* ------------------------------------------------------------------ */
/* Decision rules                                                      */
/* ------------------------------------------------------------------ */

/* Per-member flags that a rule writes beside the stances. */
#define MFK_FLAG_FAVOUR 0x01      /* counted in favour */
#define MFK_FLAG_AGAINST 0x02     /* counted against */
#define MFK_FLAG_BLOCKER 0x04     /* prevented adoption */
#define MFK_FLAG_PARTICIPANT 0x08 /* takes part and is bound if adopted */
#define MFK_FLAG_RESERVATION 0x10 /* joined with a reservation */
#define MFK_FLAG_DISCOUNTED 0x20  /* an objection not counted (a party) */

/* A user rule. stances[i] is member i's mfk_stance; the rule writes
 * flags[i] for every member (zeroed before the call) and returns an
 * mfk_verdict, or a negative code on failure. It must not allocate or
 * keep the pointers. */
typedef int (*mfk_rule_fn)(const mfk_body *body, const mfk_proposal *prop,
                           const unsigned char *stances,
                           unsigned char *flags, void *ud);

/* A rule and its parameters; a plain value, copied where it is set. Fill
 * it with mfk_rule_init(), then change what differs. */
typedef struct mfk_rule {
    mfk_rule_kind kind;
    unsigned max;              /* consensus-minus-x: parties discounted */
    unsigned min_participants; /* flexible */
    double threshold;          /* majority */
    mfk_base base;             /* majority */
    int weighted;              /* majority: count in weight */
    double members_share;      /* qualified-majority */
    double weight_share;       /* qualified-majority */
    unsigned min_blocking;     /* qualified-majority */
    double quota;              /* weighted */
    mfk_rule_fn fn;            /* callback */
    void *ud;                  /* callback */
} mfk_rule;

/* Sets every parameter to CONTRACT's default for `kind`. */
MFK_API int mfk_rule_init(mfk_rule *rule, mfk_rule_kind kind);
/* A rule from the first len bytes of spec, "KIND[:P]" as `mufakat
 * simulate --rule` takes it: KIND a rule's name, P its one command-line
 * parameter (max, min_participants, threshold or quota), required for
 * weighted. MFK_EINVAL for anything else. Since 0.2. */
MFK_API int mfk_rule_parse(mfk_rule *rule, const char *spec, size_t len);

/* 0.2: a quorum, for the rules that count votes (majority,
 * qualified-majority, weighted): a round adopts only when at least
 * `members` members are present (not silent) and their weight is at least
 * `weight` (each 0: no such need); otherwise its verdict is short. Other
 * rules take no quorum. mfk_body_set_quorum() sets the body's (default
 * none), mfk_proposal_set_quorum() a proposal's own, which
 * mfk_proposal_quorum() gives when set, else the body's. A consultation
 * takes the quorum in force when it is made or reset. MFK_EINVAL for a
 * NULL object or a weight that is negative or not finite. */
MFK_API int mfk_body_set_quorum(mfk_body *body, unsigned members,
                                double weight);
MFK_API int mfk_body_quorum(const mfk_body *body, unsigned *members,
                            double *weight);
MFK_API int mfk_proposal_set_quorum(mfk_proposal *prop, unsigned members,
                                    double weight);
MFK_API int mfk_proposal_quorum(const mfk_proposal *prop, unsigned *members,
                                double *weight);
/* 0.2: mfk_rule_apply() with a quorum: the verdict is short when the rule
 * would adopt but the round does not meet it. MFK_EINVAL as
 * mfk_rule_apply(), and for a quorum on a rule that takes none. */
MFK_API int mfk_rule_apply_quorum(const mfk_rule *rule, unsigned members,
                                  double weight, const mfk_body *body,
                                  const mfk_proposal *prop,
                                  const unsigned char *stances,
                                  unsigned char *flags, mfk_verdict *verdict);

/* Applies a rule to one round's stances: writes flags[i] for each of the
 * body's members and *verdict. Pure: no allocation, no I/O; reentrant.
 * prop may be NULL (no parties). MFK_EINVAL for bad parameters. */
MFK_API int mfk_rule_apply(const mfk_rule *rule, const mfk_body *body,
                           const mfk_proposal *prop,
                           const unsigned char *stances,
                           unsigned char *flags, mfk_verdict *verdict);

/* Body settings: the rule (default consensus), each principle's mode
 * (default enforce), the pillars where flexible participation may apply
 * (a mask of 1 << mfk_pillar; default economic only), the number of
 * rounds (default 5, 1 to MFK_MAX_ROUNDS) and the fallback (default
 * defer). */
MFK_API int mfk_body_set_rule(mfk_body *body, const mfk_rule *rule);
MFK_API const mfk_rule *mfk_body_rule(const mfk_body *body);
MFK_API int mfk_body_set_principle(mfk_body *body, mfk_principle p,
                                   mfk_mode mode);
MFK_API mfk_mode mfk_body_principle(const mfk_body *body, mfk_principle p);
MFK_API int mfk_body_set_flexible_pillars(mfk_body *body, unsigned mask);
MFK_API unsigned mfk_body_flexible_pillars(const mfk_body *body);
MFK_API int mfk_body_set_max_rounds(mfk_body *body, unsigned rounds);
MFK_API unsigned mfk_body_max_rounds(const mfk_body *body);
MFK_API int mfk_body_set_fallback(mfk_body *body, mfk_fallback fallback);
MFK_API mfk_fallback mfk_body_fallback(const mfk_body *body);

/* A principle of the user's own, checked before any round with the
 * built-in ones, after them in violation lists. The check writes
 * offenders[i] = 1 for each member concerned (zeroed before the call),
 * and returns 1 when the principle is broken, 0 when not, or a negative
 * code. The name is copied. */
typedef int (*mfk_principle_fn)(const mfk_body *body,
                                const mfk_proposal *prop,
                                unsigned char *offenders, void *ud);
MFK_API int mfk_body_add_principle(mfk_body *body, const char *name,
                                   mfk_mode mode, mfk_principle_fn check,
                                   void *ud);

/* ------------------------------------------------------------------ */
/* Proposals                                                           */
/* ------------------------------------------------------------------ */

/* Roles a member can have in a proposal; bits. */
#define MFK_ROLE_SPONSOR 0x01
#define MFK_ROLE_CONCERN 0x02 /* its internal affairs are touched */
#define MFK_ROLE_PARTY 0x04   /* a party to the dispute */
#define MFK_ROLE_CONSENT 0x08 /* consents (concerned members, parties) */

/* A proposal to `body`, which must outlive it. id and title are copied.
 * Making and freeing proposals counts them in the body (its roster is
 * fixed while any lives): proposals of one body made or freed from
 * several threads need the caller's lock.
 * Defaults: political-security, political-development, no roles, no
 * measures, no position or status quo, the body's rule, rounds and
 * fallback. Free with mfk_proposal_free(). */
MFK_API int mfk_proposal_new(mfk_proposal **out, const mfk_body *body,
                             const char *id, const char *title,
                             const mfk_allocator *alloc);
MFK_API void mfk_proposal_free(mfk_proposal *prop);

MFK_API const char *mfk_proposal_id(const mfk_proposal *prop);
MFK_API const char *mfk_proposal_title(const mfk_proposal *prop);
MFK_API const mfk_body *mfk_proposal_body(const mfk_proposal *prop);
MFK_API int mfk_proposal_set_pillar(mfk_proposal *prop, mfk_pillar pillar);
MFK_API mfk_pillar mfk_proposal_pillar(const mfk_proposal *prop);
MFK_API int mfk_proposal_set_component(mfk_proposal *prop,
                                       mfk_component component);
MFK_API mfk_component mfk_proposal_component(const mfk_proposal *prop);
/* 1 when a component was set, 0 when the proposal has the default one
 * only because none was given (or prop is NULL). */
MFK_API int mfk_proposal_has_component(const mfk_proposal *prop);
/* measures: a mask of mfk_measure bits. */
MFK_API int mfk_proposal_set_measures(mfk_proposal *prop, unsigned measures);
MFK_API unsigned mfk_proposal_measures(const mfk_proposal *prop);

/* Adds roles (MFK_ROLE_* bits) to member i; roles are never removed. */
MFK_API int mfk_proposal_add_role(mfk_proposal *prop, size_t i,
                                  unsigned roles);
MFK_API unsigned mfk_proposal_roles(const mfk_proposal *prop, size_t i);
/* True when member i consents: a sponsor, or in consent. */
MFK_API int mfk_proposal_consents(const mfk_proposal *prop, size_t i);

/* Overrides of the body's settings; mfk_proposal_rule() and the others
 * give the one in force. */
MFK_API int mfk_proposal_set_rule(mfk_proposal *prop, const mfk_rule *rule);
MFK_API const mfk_rule *mfk_proposal_rule(const mfk_proposal *prop);
MFK_API int mfk_proposal_set_max_rounds(mfk_proposal *prop, unsigned rounds);
MFK_API unsigned mfk_proposal_max_rounds(const mfk_proposal *prop);
MFK_API int mfk_proposal_set_fallback(mfk_proposal *prop,
                                      mfk_fallback fallback);
MFK_API mfk_fallback mfk_proposal_fallback(const mfk_proposal *prop);

/* The text, the position and the status quo (vectors of the body's dims,
 * copied). A NULL text is no text. Setting them replaces the first
 * version; mfk_proposal_amend() adds a version and keeps the old. */
MFK_API int mfk_proposal_set_text(mfk_proposal *prop, const char *text);
MFK_API int mfk_proposal_set_position(mfk_proposal *prop,
                                      const double *position);
MFK_API int mfk_proposal_set_status_quo(mfk_proposal *prop,
                                        const double *status_quo);
/* NULL when there is none. Owned by the proposal; valid until it changes. */
MFK_API const char *mfk_proposal_text(const mfk_proposal *prop);
MFK_API const double *mfk_proposal_position(const mfk_proposal *prop);
MFK_API const double *mfk_proposal_status_quo(const mfk_proposal *prop);

/* An amendment: a new version whose position is `position` (NULL: as
 * before) and text is `text` (NULL: as before). The version replaced is
 * kept; versions are numbered from 0, the original. */
MFK_API int mfk_proposal_amend(mfk_proposal *prop, const double *position,
                               const char *text);
MFK_API size_t mfk_proposal_version_count(const mfk_proposal *prop);
/* Drops every amendment: the proposal is back at version 0. */
MFK_API int mfk_proposal_reset(mfk_proposal *prop);
/* Version v's text and position (either may come back NULL). */
MFK_API int mfk_proposal_version(const mfk_proposal *prop, size_t v,
                                 const char **text, const double **position);

/* ------------------------------------------------------------------ */
/* Admissibility: the principles                                       */
/* ------------------------------------------------------------------ */

/* Checks a proposal against the body's principles before any round, as
 * mfk_consultation_new() does. *admissible is 1 unless a principle in
 * enforce mode is broken. offenders (optional, one byte a member) gets a
 * bit (1 << p) for each built-in principle p a member offends, counting
 * only internal-affairs, no-coercion and bilateral-consent. *broken
 * (optional) gets a mask of the built-in principles broken (in enforce or
 * report mode). Scratch memory comes from the body's allocator
 * (MFK_ENOMEM); a user principle's error code is returned as it is. */
MFK_API int mfk_check_admissible(const mfk_body *body,
                                 const mfk_proposal *prop, int *admissible,
                                 unsigned *broken, unsigned char *offenders);

/* ------------------------------------------------------------------ */
/* Consultation: the round-by-round engine                            */
/* ------------------------------------------------------------------ */

/* A consultation of `body` on `prop`: checks admissibility, then holds
 * rounds. Its memory is taken here, once; rounds allocate nothing. The
 * body and proposal must outlive it, and the proposal is amended in place
 * between rounds. Free with mfk_consultation_free(). */
MFK_API int mfk_consultation_new(mfk_consultation **out, const mfk_body *body,
                                 mfk_proposal *prop,
                                 const mfk_allocator *alloc);
MFK_API void mfk_consultation_free(mfk_consultation *c);
/* Starts the consultation again from nothing, on the proposal as it now
 * stands (amendments are not undone: see mfk_proposal_reset()), with the
 * memory it already has: allocates nothing. The rule and fallback in
 * force are taken anew; a proposal whose max_rounds changed since
 * mfk_consultation_new() needs a new consultation (MFK_ESTATE). A user
 * principle's error code is returned as it is. On failure the run before
 * is dropped and the consultation holds none (no round, no outcome, not
 * admissible, no violation); holding rounds fails with MFK_ESTATE until
 * a reset succeeds. */
MFK_API int mfk_consultation_reset(mfk_consultation *c);

/* Fed by a host, member by member (a real meeting): set the stances of
 * the open round (unset ones are silent), then close it. Closing
 * applies the rule and the principles and returns the verdict; the
 * consultation is over (mfk_consultation_done()) when it adopted or
 * reached its last round. Between rounds the host may amend the
 * proposal with mfk_consultation_amend(). MFK_ESTATE once it is over. */
MFK_API int mfk_consultation_set_stance(mfk_consultation *c, size_t member,
                                        mfk_stance stance);
MFK_API int mfk_consultation_close_round(mfk_consultation *c,
                                         mfk_verdict *verdict);
/* Amends the position and/or text before the next round. */
MFK_API int mfk_consultation_amend(mfk_consultation *c,
                                   const double *position, const char *text);
/* Ends the consultation early (no more rounds); the fallback applies
 * unless it adopted. Ending one that is over does nothing. */
MFK_API int mfk_consultation_end(mfk_consultation *c);

/* Fed by callbacks. `stances` fills the stances of round `round` (from 1)
 * and returns MFK_OK, MFK_DONE when it has no more rounds to give, or a
 * negative code. `chair` is called between two rounds that did not
 * adopt; it may amend (mfk_consultation_amend) and returns MFK_OK to go
 * on, MFK_DONE to end, or a negative code. NULL chair: no amendment, and
 * rounds go on until the source is done or max_rounds. */
typedef int (*mfk_stance_fn)(const mfk_consultation *c, unsigned round,
                             unsigned char *stances, void *ud);
typedef int (*mfk_chair_fn)(mfk_consultation *c, unsigned round, void *ud);
/* Runs the rounds left. Errors from a callback are returned as they are
 * and leave the consultation as it was after the last closed round. */
MFK_API int mfk_consultation_run(mfk_consultation *c, mfk_stance_fn stances,
                                 void *stances_ud, mfk_chair_fn chair,
                                 void *chair_ud);

/* The behaviour model as a stance source: member i objects when
 * d(position) > d(status quo) + tolerance_i, where d(x) = sqrt(sum_k
 * salience_ik (x_k - ideal_ik)^2), and joins otherwise. MFK_EINVAL when a
 * member lacks an ideal point or the proposal lacks a position or status
 * quo. */
MFK_API int mfk_model_stances(const mfk_consultation *c, unsigned round,
                              unsigned char *stances, void *ud);
/* One member's model stance at `position` against `status_quo`. */
MFK_API mfk_stance mfk_model_stance(const mfk_body *body, size_t i,
                                    const double *position,
                                    const double *status_quo);
struct mfk_rng;
/* One member's stance under the full behaviour model (mufakat(3)): with
 * probability absence, drawn from rng, silent (rng NULL: the member is
 * present and nothing is drawn); not-ready where it would object but
 * stands aside under `kind` flexible; object; abstain, reservation,
 * support or join. mfk_model_stance() is this with kind consensus and no
 * stream. MFK_SILENT for a member without an ideal point or a NULL
 * position or status quo. The stream is the caller's: one a thread. */
MFK_API mfk_stance mfk_model_stance_full(const mfk_body *body, size_t i,
                                         const double *position,
                                         const double *status_quo,
                                         mfk_rule_kind kind,
                                         struct mfk_rng *rng);
/* The default chair strategy (see mufakat(3)): the point nearest the
 * current position, on the line through it and the status quo, that no
 * member's model objects to and that is not the status quo; MFK_DONE when
 * there is none, when in one dimension only rounding opened the run of
 * such points, or when it is where the text already stands. */
MFK_API int mfk_chair_default(mfk_consultation *c, unsigned round, void *ud);

/* Results. Rounds are numbered from 1; mfk_consultation_rounds() gives
 * how many were held. */
MFK_API const mfk_body *mfk_consultation_body(const mfk_consultation *c);
MFK_API const mfk_proposal *mfk_consultation_proposal(
    const mfk_consultation *c);
MFK_API int mfk_consultation_admissible(const mfk_consultation *c);
MFK_API int mfk_consultation_done(const mfk_consultation *c);
MFK_API unsigned mfk_consultation_rounds(const mfk_consultation *c);
/* The outcome; MFK_ESTATE while the consultation is not over. */
MFK_API int mfk_consultation_outcome(const mfk_consultation *c,
                                     mfk_outcome *outcome);
/* Round r's stances, flags and verdict, and the proposal version it was
 * held on (see mfk_proposal_version). Arrays owned by the consultation. */
MFK_API int mfk_consultation_round(const mfk_consultation *c, unsigned r,
                                   const unsigned char **stances,
                                   const unsigned char **flags,
                                   mfk_verdict *verdict, size_t *version);
/* 0.2: the number the consultation's first round bears, for a proposal
 * taken up again at a later meeting: its rounds are numbered on from
 * `first` (1 to MFK_MAX_FIRST_ROUND) in what is written of them (JSON,
 * records, text), while mfk_consultation_round(), the callbacks and
 * max_rounds still count this consultation's own rounds from 1. Only
 * before its first round is closed (MFK_ESTATE after); MFK_EINVAL.
 * mfk_consultation_first_round() gives it: 1 unless set, 0 for NULL. */
#define MFK_MAX_FIRST_ROUND 1000000u
MFK_API int mfk_consultation_set_first_round(mfk_consultation *c,
                                             unsigned first);
MFK_API unsigned mfk_consultation_first_round(const mfk_consultation *c);
/* 0.2: the member who chaired it, the body's chair when the consultation
 * was made (a series changes the chair from meeting to meeting):
 * MFK_OK and *chair; MFK_ENOTFOUND when the body had none; MFK_EINVAL
 * for NULL. */
MFK_API int mfk_consultation_chair(const mfk_consultation *c,
                                   size_t *chair);
/* True when member i takes part and is bound by an adopted outcome. */
MFK_API int mfk_consultation_participant(const mfk_consultation *c,
                                         size_t i);

/* Violations, each principle once, in the order of mfk_principle, then
 * the user's principles in the order added. name is the principle's name;
 * members[i] is 1 for each member named (an array of the body's members,
 * owned by the consultation). */
MFK_API size_t mfk_consultation_violation_count(const mfk_consultation *c);
MFK_API int mfk_consultation_violation(const mfk_consultation *c, size_t v,
                                       const char **name, mfk_mode *mode,
                                       const unsigned char **members);

/* 0.2: an account of a consultation, in English: why violation `index`
 * (from 0) is one (MFK_ACCOUNT_VIOLATION), why round `index` (from 1)
 * came to its verdict (MFK_ACCOUNT_ROUND), or what the outcome is, who is
 * bound and who not, and what the fallback does (MFK_ACCOUNT_OUTCOME,
 * index 0; MFK_ESTATE while the consultation is not over), or the rule
 * in force, why it decides as it does and the quorum it takes
 * (MFK_ACCOUNT_RULE; index 1 for the short form of a rule of a kind told
 * before, ", as above.", which a rule supplied by the program never
 * takes; index 0 the whole): the paragraphs `mufakat run` prints. A
 * violation's starts "Inadmissible: " or "Reported: ", a round's "Round
 * N: VERDICT. ", the outcome's "Outcome: OUTCOME. " and the rule's "Rule:
 * NAME". width 0 gives one line; otherwise the words are
 * put on lines of at most width columns (a character a column; a longer
 * word has a line of its own), joined by newlines. Names come from the
 * body as they are: escape them (mfk_text_escape) before showing them on
 * a terminal. The text and a NUL go to buf (size bytes; NULL when size
 * is 0), *len its length without the NUL: MFK_ERANGE when it does not
 * fit. MFK_EINVAL for a NULL c or len, an unknown part or an index out of
 * range; MFK_ENOMEM. Scratch memory from alloc (NULL: malloc). c is only
 * read. */
typedef enum mfk_account_part {
    MFK_ACCOUNT_VIOLATION = 0,
    MFK_ACCOUNT_ROUND = 1,
    MFK_ACCOUNT_OUTCOME = 2,
    MFK_ACCOUNT_RULE = 3
} mfk_account_part;
MFK_API int mfk_consultation_account(const mfk_consultation *c,
                                     mfk_account_part part, size_t index,
                                     unsigned width,
                                     const mfk_allocator *alloc, char *buf,
                                     size_t size, size_t *len);

/* 0.2: event hooks, so that a host mirrors a meeting elsewhere. An event
 * (opaque, owned by the library, valid only during the call) says what
 * happened: a stance given (MFK_EVENT_STANCE: round, member, stance and,
 * in a circulation, its time), a round closed (MFK_EVENT_ROUND: round and
 * verdict), the text amended (MFK_EVENT_AMEND: the round it will be
 * held on, position and text, each NULL where unchanged), an outcome
 * reached (MFK_EVENT_OUTCOME: outcome; the round the last one held).
 * The hook is called once the action has taken effect, so that it reads
 * the consultation as the action left it (a round closed with the
 * outcome it reached fires MFK_EVENT_ROUND, then MFK_EVENT_OUTCOME). A
 * non-zero return aborts the action: the consultation is left as it was
 * before it, and the function returns MFK_ECALLBACK. See
 * mfk_consultation_set_hook(3). */
typedef struct mfk_event mfk_event;
typedef enum mfk_event_type {
    MFK_EVENT_STANCE = 1,
    MFK_EVENT_ROUND = 2,
    MFK_EVENT_AMEND = 4,
    MFK_EVENT_OUTCOME = 8,
    MFK_EVENT_ALL = 15
} mfk_event_type;
typedef int (*mfk_hook_fn)(const mfk_consultation *c, const mfk_event *e,
                           void *ud);
/* Calls fn for every event whose type is in mask (MFK_EVENT_* bits; 0 or
 * a NULL fn: no hook); one hook a consultation, replacing the one
 * before. Kept across mfk_consultation_reset(). MFK_EINVAL for a NULL c
 * or bits outside MFK_EVENT_ALL. */
MFK_API int mfk_consultation_set_hook(mfk_consultation *c, unsigned mask,
                                      mfk_hook_fn fn, void *ud);
/* What an event holds; each gives 0 (or NULL) where the event has none:
 * the member is SIZE_MAX and the stance, verdict and outcome -1. */
MFK_API mfk_event_type mfk_event_get_type(const mfk_event *e);
MFK_API unsigned mfk_event_round(const mfk_event *e);
MFK_API size_t mfk_event_member(const mfk_event *e);
MFK_API int mfk_event_stance(const mfk_event *e);
MFK_API int mfk_event_verdict(const mfk_event *e);
MFK_API int mfk_event_outcome(const mfk_event *e);
MFK_API const double *mfk_event_position(const mfk_event *e);
MFK_API const char *mfk_event_text(const mfk_event *e);
MFK_API const char *mfk_event_time(const mfk_event *e);

/* 0.2: the silence procedure by its deadline. The open round is
 * circulated with a deadline (an RFC 3339 date-time, as mfk_time_to_utc()
 * reads it): members break silence (object) or give another stance at
 * their times, at or before the deadline; at the deadline the round
 * closes, and the silence rule adopts it unless one broke silence. Only a
 * consultation under the silence rule circulates, once a run, while it
 * is open (else MFK_ESTATE). A circulated round takes its stances and its
 * close only with their times: mfk_consultation_set_stance(),
 * mfk_consultation_close_round() and mfk_consultation_run() on it are
 * refused (MFK_ESTATE), as are a
 * stance after the deadline and a close before it. MFK_EINVAL for a NULL
 * c or a time that is not RFC 3339. The deadline (and in *round,
 * optional, the round circulated) and each stance's time are kept in
 * UTC, as records hold them (NULL when none), owned by the consultation
 * until it is reset. See mfk_consultation_circulate(3). */
MFK_API int mfk_consultation_circulate(mfk_consultation *c,
                                       const char *deadline);
MFK_API int mfk_consultation_set_stance_at(mfk_consultation *c,
                                           size_t member, mfk_stance stance,
                                           const char *time);
MFK_API int mfk_consultation_close_at(mfk_consultation *c, const char *now,
                                      mfk_verdict *verdict);
MFK_API const char *mfk_consultation_deadline(const mfk_consultation *c,
                                              unsigned *round);
MFK_API const char *mfk_consultation_stance_time(const mfk_consultation *c,
                                                 unsigned round,
                                                 size_t member);

/* ------------------------------------------------------------------ */
/* Scenarios                                                           */
/* ------------------------------------------------------------------ */

typedef struct mfk_scenario mfk_scenario;

/* Reads a scenario (CONTRACT's format) from JSON text. On failure *out is
 * NULL and err (optional) says where and why. Free with
 * mfk_scenario_free(). */
MFK_API int mfk_scenario_read_json(mfk_scenario **out, const char *text,
                                   size_t len, const mfk_allocator *alloc,
                                   mfk_error *err);
/* Reads a scenario from CBOR (RFC 8949): the data model of JSON, numbers
 * of any width. A syntax error gives err->offset, the byte at fault (line
 * and column are -1). Decoding takes its memory from alloc and refuses
 * what declares more than the bytes left, nesting deeper than 64 levels
 * and more than 2^20 data items (MFK_ESYNTAX, MFK_ELIMIT). */
MFK_API int mfk_scenario_read_cbor(mfk_scenario **out, const void *data,
                                   size_t len, const mfk_allocator *alloc,
                                   mfk_error *err);
/* Writes scenario s as JSON text (indented, numbers in the shortest form
 * that reads back exactly) or as deterministic CBOR into buf (size bytes); *len gets the
 * length needed. What is written reads back to the same scenario: the
 * texts, settings and scripted rounds as they were read, defaults made
 * explicit. MFK_ERANGE when size is too small (buf may be NULL to ask);
 * MFK_ENOMEM. */
MFK_API int mfk_scenario_write_json(const mfk_scenario *s, char *buf,
                                    size_t size, size_t *len);
MFK_API int mfk_scenario_write_cbor(const mfk_scenario *s,
                                    unsigned char *buf, size_t size,
                                    size_t *len);
/* Reads a scenario file: JSON, or CBOR when the file does not start as
 * JSON text can (with white space, a value or a byte order mark), or an
 * exchange-model table (mfk_scenario_read_table()) when it starts with
 * "#A", "#P", "#M", "#D", "#/" or "#O", quoted or not. */
MFK_API int mfk_scenario_read_file(mfk_scenario **out, const char *path,
                                   const mfk_allocator *alloc,
                                   mfk_error *err);
/* Reads a table in the exchange model's input format (#A actors, #P
 * issues, #M scale ends, #D actor, issue, position, salience, power; the
 * format of the decide-exchange-model package) as a scenario without
 * proposals: a member per actor, a named dimension per issue with its
 * scale, capabilities per issue (mufakat-scenario(5)). Errors give
 * MFK_EFORMAT, err->message naming the line and the field. */
MFK_API int mfk_scenario_read_table(mfk_scenario **out, const char *text,
                                    size_t len, const mfk_allocator *alloc,
                                    mfk_error *err);
/* Adds a proposal to scenario s: id (unique) and title copied, position
 * and status_quo (NULL: none) in the body's dimensions; *index (may be
 * NULL) its place. MFK_EEXISTS for a proposal id taken. */
MFK_API int mfk_scenario_add_proposal(mfk_scenario *s, const char *id,
                                      const char *title,
                                      const double *position,
                                      const double *status_quo,
                                      size_t *index);
MFK_API void mfk_scenario_free(mfk_scenario *s);

/* The body (owned by the scenario). */
MFK_API mfk_body *mfk_scenario_body(const mfk_scenario *s);
MFK_API size_t mfk_scenario_proposal_count(const mfk_scenario *s);
/* Proposal i (owned by the scenario); NULL out of range. */
MFK_API mfk_proposal *mfk_scenario_proposal(const mfk_scenario *s, size_t i);
/* The rotation year, or 0 when the chair is fixed. */
MFK_API int mfk_scenario_year(const mfk_scenario *s);
/* 0.2, meetings in series (the scenario's "meetings",
 * mufakat-scenario(5)): how many (0 when the scenario has none), meeting
 * m's year (0 out of range), and the proposals first put there: their
 * count and the index of the k-th (SIZE_MAX out of range). */
MFK_API size_t mfk_scenario_meeting_count(const mfk_scenario *s);
MFK_API int mfk_scenario_meeting_year(const mfk_scenario *s, size_t m);
MFK_API size_t mfk_scenario_meeting_proposal_count(const mfk_scenario *s,
                                                   size_t m);
MFK_API size_t mfk_scenario_meeting_proposal(const mfk_scenario *s,
                                             size_t m, size_t k);
/* Added in 0.2: member `member`'s reason in scripted round `round` (from
 * 1) of proposal `proposal`, as the scenario's "reasons" give it; NULL
 * when there is none. Owned by the scenario. */
MFK_API const char *mfk_scenario_reason(const mfk_scenario *s,
                                        size_t proposal, unsigned round,
                                        size_t member);
/* 0.2, bodies above bodies (mufakat-scenario(5)): the body the
 * scenario's body refers to (its "summit", named by the body's
 * "refers_to"), owned by the scenario, NULL when none; and the rules
 * (1 to MFK_MAX_CANDIDATE_RULES) among which that body chooses how
 * proposal i is decided, its "candidate_rules" (count 0 and NULL when
 * none or out of range). */
#define MFK_MAX_CANDIDATE_RULES 8
MFK_API mfk_body *mfk_scenario_summit(const mfk_scenario *s);
MFK_API size_t mfk_scenario_candidate_rule_count(const mfk_scenario *s,
                                                 size_t i);
MFK_API const mfk_rule *mfk_scenario_candidate_rule(const mfk_scenario *s,
                                                    size_t i, size_t k);
/* 0.2, the Summit's two steps on proposal i, once its consultation
 * ended referred-to-summit (mfk_scenario_summit_consult(3)). Step 1:
 * the Summit, by consensus, on candidate rule k (from 0, in order; the
 * first it adopts is chosen), one round, its stances the proposal's
 * "summit_rounds" k; the proposal consulted is "ID/rule-K" (K from 1).
 * Step 2: proposal i under candidate rule k, by the body
 * mfk_scenario_decided_by() gives (its "decided_by"; the scenario's body
 * by default), in as many rounds as its "after_summit_rounds" hold (none:
 * the behaviour model and default chair, where that body has ideal
 * points and the proposal a position and status quo), on its text as it
 * now stands, with no fallback. MFK_ENOTFOUND when the
 * scenario scripts no such step; MFK_EINVAL for a NULL s or out, i or
 * k out of range. Free the result with mfk_consultation_free(), before
 * the scenario; the proposal of each step is the scenario's, and step 2
 * makes its own anew each call. mfk_scenario_decided_by() is NULL when
 * proposal i has no candidate rules. */
MFK_API int mfk_scenario_summit_consult(mfk_scenario *s, size_t i, size_t k,
                                        const mfk_allocator *alloc,
                                        mfk_consultation **out);
MFK_API int mfk_scenario_summit_decide(mfk_scenario *s, size_t i, size_t k,
                                       const mfk_allocator *alloc,
                                       mfk_consultation **out);
MFK_API const mfk_body *mfk_scenario_decided_by(const mfk_scenario *s,
                                                size_t i);
/* 0.2, both steps at once (mfk_scenario_summit_run(3)), as `mufakat
 * run` holds them: step 1 on each candidate rule in order until the
 * Summit adopts one, then step 2 under it. *out (free it with
 * mfk_summit_steps_free(), before the scenario) holds the step-1
 * consultations held (0 when none is scripted), the rule chosen (NULL
 * and *index SIZE_MAX when none) and step 2's consultation (NULL when
 * no rule was chosen or no step 2 is scripted), with the body that held
 * it. MFK_ENOTFOUND when proposal i has no candidate rules or the
 * scenario no Summit; MFK_EINVAL for a NULL s or out, or i out of
 * range; the steps' own errors. */
typedef struct mfk_summit_steps mfk_summit_steps;
MFK_API int mfk_scenario_summit_run(mfk_scenario *s, size_t i,
                                    const mfk_allocator *alloc,
                                    mfk_summit_steps **out);
MFK_API void mfk_summit_steps_free(mfk_summit_steps *st);
MFK_API size_t mfk_summit_steps_count(const mfk_summit_steps *st);
MFK_API const mfk_consultation *
mfk_summit_steps_step(const mfk_summit_steps *st, size_t k);
MFK_API const mfk_rule *mfk_summit_steps_rule(const mfk_summit_steps *st,
                                              size_t *index);
MFK_API const mfk_consultation *
mfk_summit_steps_decision(const mfk_summit_steps *st);
MFK_API const mfk_body *
mfk_summit_steps_decided_by(const mfk_summit_steps *st);
/* The steps as `mufakat run --format json` gives them in a proposal's
 * "summit": {"rule", "decided_by" ("summit", "body" or null), "step1":
 * [items], "step2": item or null}, each item as in {"proposals": [...]};
 * one JSON value, without a newline. Two calls as
 * mfk_consultation_write_json(). */
MFK_API int mfk_summit_steps_write_json(const mfk_summit_steps *st,
                                        const mfk_allocator *alloc,
                                        char *buf, size_t size,
                                        size_t *len);
/* The steps' two sentences, as `mufakat run` prints them around step
 * 1's consultations: the question put to the Summit
 * (MFK_SUMMIT_QUESTION), and what it chose and who decides under it, or
 * that it chose none (MFK_SUMMIT_CHOICE); in English, wrapped at `width`
 * columns (0: one line). Two calls as mfk_consultation_account(), the
 * text followed by a NUL. MFK_EINVAL for NULL st or len, or another
 * part. */
typedef enum mfk_summit_part {
    MFK_SUMMIT_QUESTION = 0,
    MFK_SUMMIT_CHOICE = 1
} mfk_summit_part;
MFK_API int mfk_summit_steps_account(const mfk_summit_steps *st,
                                     mfk_summit_part part, unsigned width,
                                     const mfk_allocator *alloc, char *buf,
                                     size_t size, size_t *len);

/* Consults the body on proposal i as the scenario says: its scripted
 * rounds first (with their amendments), then the behaviour model and the
 * default chair strategy where members have ideal points and the proposal
 * has a position and status quo. Proposal i is first reset to its
 * scenario text, so a scenario can be consulted again. Free the result
 * with mfk_consultation_free(). */
MFK_API int mfk_scenario_consult(mfk_scenario *s, size_t i,
                                 const mfk_allocator *alloc,
                                 mfk_consultation **out);

/* BEGIN records */
/* ------------------------------------------------------------------ */
/* Records and the journal                                             */
/* ------------------------------------------------------------------ */

/* A decision record: what a finished consultation decided and how, kept
 * on its own (it needs neither body nor proposal afterwards). Its format
 * is mufakat-record(5): deterministic CBOR, so equal records are equal
 * bytes. */
typedef struct mfk_record mfk_record;

/* Records of larger encodings are refused (MFK_ELIMIT). */
#define MFK_RECORD_MAX_BYTES (4u << 20)

/* A record of finished consultation c (MFK_ESTATE while it is not over),
 * at `time`: an RFC 3339 date-time, kept in UTC (mfk_time_to_utc();
 * MFK_EINVAL otherwise), or NULL for now. Its sequence number is 0 until a journal gives
 * it one. Everything is copied. Free with mfk_record_free(). */
MFK_API int mfk_record_new(mfk_record **out, const mfk_consultation *c,
                           const char *time, const mfk_allocator *alloc);
MFK_API void mfk_record_free(mfk_record *r);
/* The record as deterministic CBOR into buf (size bytes), in its format
 * and without the link a journal gives it; *len gets the length needed. MFK_ERANGE when size is too small (buf may be NULL to
 * ask), MFK_ENOMEM, MFK_ELIMIT. */
MFK_API int mfk_record_encode(const mfk_record *r, unsigned char *buf,
                              size_t size, size_t *len);
/* Decodes one record from the start of data; *used (optional) gets its
 * length. Bounded as mfk_scenario_read_cbor(), but to 2^18 data items
 * and MFK_RECORD_MAX_BYTES bytes. MFK_ETORN when the bytes end inside
 * it, MFK_ESYNTAX, MFK_EFORMAT or MFK_ELIMIT with err->offset.
 * Free with mfk_record_free(). */
MFK_API int mfk_record_decode(mfk_record **out, const void *data, size_t len,
                              size_t *used, const mfk_allocator *alloc,
                              mfk_error *err);

/* What a record holds. Strings and arrays are owned by the record. */
MFK_API unsigned long long mfk_record_seq(const mfk_record *r);
MFK_API int mfk_record_set_seq(mfk_record *r, unsigned long long seq);
MFK_API const char *mfk_record_time(const mfk_record *r);
MFK_API const char *mfk_record_body(const mfk_record *r);
/* Members in roster order; the chair is NULL when none was set. */
MFK_API size_t mfk_record_member_count(const mfk_record *r);
MFK_API const char *mfk_record_member(const mfk_record *r, size_t i);
MFK_API const char *mfk_record_chair(const mfk_record *r);
/* The proposal. */
MFK_API const char *mfk_record_proposal_id(const mfk_record *r);
MFK_API const char *mfk_record_title(const mfk_record *r);
MFK_API mfk_pillar mfk_record_pillar(const mfk_record *r);
MFK_API mfk_component mfk_record_component(const mfk_record *r);
MFK_API unsigned mfk_record_measures(const mfk_record *r);
MFK_API mfk_rule_kind mfk_record_rule(const mfk_record *r);
/* Member i's MFK_ROLE_* bits in the proposal. */
MFK_API unsigned mfk_record_roles(const mfk_record *r, size_t i);
/* Versions of the text, from 0 (the original; the others are the
 * amendments): text and position (mfk_record_dims() numbers) may each
 * come back NULL. */
MFK_API unsigned mfk_record_dims(const mfk_record *r);
MFK_API size_t mfk_record_version_count(const mfk_record *r);
MFK_API int mfk_record_version(const mfk_record *r, size_t v,
                               const char **text, const double **position);
/* Rounds from 1: stances (one per member), blockers (1 per member that
 * blocked), verdict and the version it was held on. */
MFK_API unsigned mfk_record_rounds(const mfk_record *r);
MFK_API int mfk_record_round(const mfk_record *r, unsigned round,
                             const unsigned char **stances,
                             const unsigned char **blockers,
                             mfk_verdict *verdict, size_t *version);
/* Violations as mfk_consultation_violation() gives them. */
MFK_API size_t mfk_record_violation_count(const mfk_record *r);
MFK_API int mfk_record_violation(const mfk_record *r, size_t v,
                                 const char **name, mfk_mode *mode,
                                 const unsigned char **members);
MFK_API int mfk_record_admissible(const mfk_record *r);
MFK_API mfk_outcome mfk_record_outcome(const mfk_record *r);
/* One byte per member: 1 for those taking part in an adopted outcome. */
MFK_API const unsigned char *mfk_record_participants(const mfk_record *r);

/* Added in 0.2. A record's format: 2 for what this version makes, 1 for
 * what it read from a 0.1 journal (or appends to one). */
MFK_API unsigned mfk_record_format(const mfk_record *r);
/* Member i's name as the body gave it (format 2); NULL when the record
 * holds none. Owned by the record. */
MFK_API const char *mfk_record_member_name(const mfk_record *r, size_t i);
/* Gives member `member` a reason for its stance in `round` (from 1; any
 * stance), copied; a second reason replaces the first. MFK_EINVAL for a
 * round or member out of range or text that is not UTF-8; MFK_ENOMEM.
 * Only a journal of version 2 can hold reasons. */
MFK_API int mfk_record_set_reason(mfk_record *r, unsigned round,
                                  size_t member, const char *text);
/* The reason, owned by the record; NULL when none was given. */
MFK_API const char *mfk_record_reason(const mfk_record *r, unsigned round,
                                      size_t member);
/* An event record's kind (mfk_journal_append_event()); NULL for a record
 * of a decision. Readers of journals pass over events and count them. */
MFK_API const char *mfk_record_event(const mfk_record *r);
/* An event record's member and text as mfk_journal_append_event() gave
 * them; NULL for none, and for a record of a decision. Owned by the
 * record. */
MFK_API const char *mfk_record_event_member(const mfk_record *r);
MFK_API const char *mfk_record_event_text(const mfk_record *r);
/* 0.2, a proposal taken up again at a later meeting (mufakat-record(5)):
 * the number its first round bears (1 unless the consultation was
 * numbered on, mfk_consultation_set_first_round(); 0 for NULL); rounds
 * in mfk_record_round() still count from 1 within the record. */
MFK_API unsigned mfk_record_first_round(const mfk_record *r);
/* The year of the meeting that held it (1 to 100000; 0: none said, the
 * default). MFK_EINVAL for another year or an event record. */
MFK_API int mfk_record_set_year(mfk_record *r, int year);
MFK_API int mfk_record_year(const mfk_record *r);
/* The earlier record of the same proposal that this one continues: its
 * seq and the SHA-256 of its bytes in the journal (32 bytes, copied;
 * mfk_journal_last_sha256(), mfk_journal_reader_last_sha256()). seq 0
 * with NULL removes the link; MFK_EINVAL otherwise for a seq of 0 or a
 * NULL hash, or an event record. mfk_record_continues() gives them back
 * (each pointer optional; sha256 32 bytes), MFK_ENOTFOUND when there is
 * no link. The year, a first round other than 1 and the link need a
 * journal of version 2. */
MFK_API int mfk_record_set_continues(mfk_record *r, unsigned long long seq,
                                     const unsigned char *sha256);
MFK_API int mfk_record_continues(const mfk_record *r, unsigned long long *seq,
                                 unsigned char *sha256);
/* A circulated round's deadline (and in *round, optional, its number)
 * and its stances' times, as mfk_consultation_deadline() and
 * mfk_consultation_stance_time() gave them; NULL when none. Owned by the
 * record. Only a journal of version 2 holds them. */
MFK_API const char *mfk_record_deadline(const mfk_record *r, unsigned *round);
MFK_API const char *mfk_record_stance_time(const mfk_record *r,
                                           unsigned round, size_t member);
/* An RFC 3339 date-time (offsets allowed, no leap second, a day that the
 * calendar has) as records hold it: "YYYY-MM-DDTHH:MM:SS[.frac]Z" in
 * UTC, into out (size bytes; 40 are always enough). MFK_EINVAL for
 * anything else, MFK_ERANGE when size is too small. Pure. */
MFK_API int mfk_time_to_utc(const char *time, char *out, size_t size);

/* A journal (mufakat-record(5)): a CBOR sequence of a header and
 * records, appended to only. Each append is written whole and fsync'ed
 * under an fcntl write lock, so writers in several processes never
 * interleave. */
typedef struct mfk_journal mfk_journal;

/* Opens journal `path` for appending, creating it with its header when
 * missing. MFK_ETORN (err->offset: where the torn record begins) when it
 * ends inside a record: repair it first; MFK_EFORMAT when it is not a
 * journal; MFK_EIO. Close with mfk_journal_close(). */
MFK_API int mfk_journal_open(mfk_journal **out, const char *path,
                             const mfk_allocator *alloc, mfk_error *err);
/* Gives r the next sequence number (from 1) and appends it whole. On
 * failure the journal is as it was. MFK_EIO, MFK_ETORN (another writer
 * left a torn record), MFK_ENOMEM. */
MFK_API int mfk_journal_append(mfk_journal *j, mfk_record *r,
                               mfk_error *err);
/* Closes and frees; MFK_EIO when closing failed. NULL does nothing. */
MFK_API int mfk_journal_close(mfk_journal *j);

/* Reads a journal one record at a time, in bounded memory. */
typedef struct mfk_journal_reader mfk_journal_reader;
MFK_API int mfk_journal_reader_new(mfk_journal_reader **out,
                                   const char *path,
                                   const mfk_allocator *alloc,
                                   mfk_error *err);
/* The next record: MFK_OK and *r (owned by the reader, valid until the
 * next call); MFK_DONE at the end; MFK_ETORN when the journal ends
 * inside a record (err->offset: where it begins); MFK_ESYNTAX,
 * MFK_EFORMAT or MFK_ELIMIT for a damaged record, and reading goes on
 * after it with the next whole one (mfk_journal_reader_fault() names
 * it); MFK_EFORMAT with *r set too for a whole record whose link or
 * signature fails. Event records are passed over. MFK_EIO and
 * MFK_ENOMEM stop it: the reader stays there. */
MFK_API int mfk_journal_reader_next(mfk_journal_reader *jr,
                                    const mfk_record **r, mfk_error *err);
/* The offset of the next record to read. */
MFK_API long long mfk_journal_reader_offset(const mfk_journal_reader *jr);
MFK_API void mfk_journal_reader_free(mfk_journal_reader *jr);

/* Added in 0.2 (mufakat-record(5), version 2 journals). */
/* The version of the journal: 2 for a new one, 1 for one of 0.1's,
 * which appending keeps at 1. */
MFK_API int mfk_journal_version(const mfk_journal *j);
/* Signs every record appended from now on with an Ed25519 secret key
 * (64 bytes, as mfk_sign_keypair() makes it), copied; NULL stops
 * signing. A journal of version 1 then refuses appends (MFK_EFORMAT). */
MFK_API int mfk_journal_set_key(mfk_journal *j, const unsigned char *secret);
/* Appends an event record: what a meeting did (`event`, e.g. "stance",
 * "round-closed", "amended", "next-proposal"), by `member` and with
 * `text` (each NULL for none; UTF-8), at `time` (as mfk_record_new();
 * NULL: now). Readers pass over events and count them. MFK_EINVAL;
 * MFK_EFORMAT on a journal of version 1; as mfk_journal_append(). */
MFK_API int mfk_journal_append_event(mfk_journal *j, const char *event,
                                     const char *member, const char *text,
                                     const char *time, mfk_error *err);
/* 0.2: the SHA-256 of the bytes of the last record this journal handle
 * appended, as they stand in the file (32 into out): what a later
 * record gives mfk_record_set_continues(). MFK_ENOTFOUND before any
 * append and on a journal of version 1; MFK_EINVAL. */
MFK_API int mfk_journal_last_sha256(const mfk_journal *j,
                                    unsigned char *out);
/* A new Ed25519 key pair (libsodium): public_key 32 bytes, secret_key 64
 * bytes, both the caller's. MFK_EINVAL, MFK_EIO. */
MFK_API int mfk_sign_keypair(unsigned char *public_key,
                             unsigned char *secret_key);
/* The reader's journal version (1 or 2). */
MFK_API int mfk_journal_reader_version(const mfk_journal_reader *jr);
/* Whether to check each version 2 record's checksum and its link to the
 * item before (on by default; off reads faster and sees less). */
MFK_API int mfk_journal_reader_check_chain(mfk_journal_reader *jr, int on);
/* Checks every record's signature against an Ed25519 public key (32
 * bytes, copied; NULL: none): an unsigned record is a fault. */
MFK_API int mfk_journal_reader_set_key(mfk_journal_reader *jr,
                                       const unsigned char *public_key);
/* Whether mfk_journal_reader_next() returns event records too (off by
 * default: they are passed over), so that a host replays a meeting. */
MFK_API int mfk_journal_reader_set_events(mfk_journal_reader *jr, int on);
/* After a fault from mfk_journal_reader_next(), its record's number: the
 * seq, or its place from 1 when the seq cannot be read. */
MFK_API unsigned long long
mfk_journal_reader_fault(const mfk_journal_reader *jr);
/* Whole records read so far, events included; of them, events. */
MFK_API unsigned long long
mfk_journal_reader_records(const mfk_journal_reader *jr);
MFK_API unsigned long long
mfk_journal_reader_events(const mfk_journal_reader *jr);
/* The SHA-256 of the last whole item's bytes (32 into out; the header's
 * before any record), for checking against a value published elsewhere.
 * MFK_EFORMAT for version 1 or with the chain not checked. */
MFK_API int mfk_journal_reader_last_sha256(const mfk_journal_reader *jr,
                                           unsigned char *out);

/* Repairs a journal whose tail is torn or damaged: moves the bytes from
 * the first damaged record on to a new side file "PATH.torn-OFFSET"
 * (with ".1", ".2"... when taken) and truncates the journal there.
 * *offset (optional) gets where it cut, -1 when nothing was wrong;
 * side (optional, `size` bytes) the side file's name. */
MFK_API int mfk_journal_repair(const char *path, long long *offset,
                               char *side, size_t size,
                               const mfk_allocator *alloc, mfk_error *err);
/* 0.2: meetings in series (mufakat_series_new(3)). A series holds the
 * meetings of scenario s in order (a scenario without "meetings" is one
 * meeting, of its year), each with the chair its year gives: at each,
 * first what the meeting before deferred, then the proposals first put
 * there. A proposal deferred is put again at the next meeting as its text
 * and position then stand, its scripted rounds taken on from where they
 * stopped and its rounds numbered on; its record (mfk_series_record())
 * holds the meeting's year and continues its record before, once that
 * was appended with mfk_series_append(). The scenario must outlive the
 * series, which changes its body's chair and its proposals' text. */
typedef struct mfk_series mfk_series;
MFK_API int mfk_series_new(mfk_series **out, mfk_scenario *s,
                           const mfk_allocator *alloc);
MFK_API void mfk_series_free(mfk_series *q);
/* Before the first mfk_series_next(): takes up what journal `journal`
 * (version 2) left deferred: each proposal of s whose last record there
 * is deferred is put first at the first meeting, with that record's last
 * text and position, its rounds numbered on, its record continuing that
 * one. *count (optional) gets how many. Records of proposals that s does
 * not hold are left as they are. MFK_ESTATE once the series has begun;
 * the journal reader's errors, with err (err->offset: the record's);
 * MFK_EFORMAT for a journal of version 1. */
MFK_API int mfk_series_take_up(mfk_series *q, const char *journal,
                               size_t *count, const mfk_allocator *alloc,
                               mfk_error *err);
/* The next consultation, held: MFK_OK and *out (the caller's, to free
 * with mfk_consultation_free() before the series), with the meeting and
 * proposal (each optional) it belongs to; MFK_DONE after the last
 * meeting; the consultation's errors. */
MFK_API int mfk_series_next(mfk_series *q, mfk_consultation **out,
                            size_t *meeting, size_t *proposal);
/* Meetings held by the series (at least 1) and meeting m's year (0: none
 * said). */
MFK_API size_t mfk_series_meeting_count(const mfk_series *q);
MFK_API int mfk_series_meeting_year(const mfk_series *q, size_t m);
/* The record of consultation c, the last mfk_series_next() gave for its
 * proposal, as mfk_record_new() makes it (time as there), with the
 * meeting's year, the scenario's reasons and the link to the proposal's
 * record before. */
MFK_API int mfk_series_record(mfk_series *q, const mfk_consultation *c,
                              const char *time, mfk_record **out);
/* Appends r (from mfk_series_record()) to journal j, as
 * mfk_journal_append(), and keeps its seq and hash for the record that
 * will continue it. */
MFK_API int mfk_series_append(mfk_series *q, mfk_journal *j, mfk_record *r,
                              mfk_error *err);
/* END records */

/* BEGIN analysis */
/* ------------------------------------------------------------------ */
/* Analysis: voting power, win-sets, opinion dynamics                  */
/* ------------------------------------------------------------------ */

/* A simple game for voting power (see the mfk_game_new man page). A
 * coalition wins when its weight reaches the quota and it has at least
 * `members_quota` members, or when fewer than `min_blocking` players are
 * outside it. Weights and quota are integers; counts are exact (no overflow
 * for any number of players), indices are doubles computed from them. */
typedef struct mfk_game mfk_game;

/* The indices, each an array of one double per player. */
typedef enum mfk_index {
    MFK_INDEX_BANZHAF = 0,          /* swings / all players' swings */
    MFK_INDEX_BANZHAF_ABSOLUTE = 1, /* swings / 2^(n-1) */
    MFK_INDEX_SHAPLEY_SHUBIK = 2,   /* pivotal orderings / n! */
    MFK_INDEX_COLEMAN_PREVENT = 3,  /* swings / winning coalitions */
    MFK_INDEX_COLEMAN_INITIATE = 4, /* swings / losing coalitions */
    /* 0.2, by mfk_game_compute_indices() (games of weights and quota): */
    MFK_INDEX_DEEGAN_PACKEL = 5,    /* sum of 1/|S|, S minimal winning */
    MFK_INDEX_PUBLIC_GOOD = 6,      /* minimal winning S holding i */
    MFK_INDEX_JOHNSTON = 7          /* sum of 1/(critical in S), S winning */
} mfk_index;

/* Exact counts, written in decimal by mfk_game_count(). */
typedef enum mfk_count {
    MFK_COUNT_SWINGS = 0,   /* coalitions i turns from losing to winning */
    MFK_COUNT_PIVOTAL = 1,  /* orderings in which player i is pivotal */
    MFK_COUNT_WINNING = 2,  /* winning coalitions (i is ignored) */
    MFK_COUNT_LOSING = 3    /* losing coalitions (i is ignored) */
} mfk_count;

/* What mfk_game_compute() computes: swings (Banzhaf and Coleman indices,
 * dummies) and pivots (Shapley-Shubik). */
#define MFK_POWER_BANZHAF 0x1
#define MFK_POWER_SHAPLEY 0x2
#define MFK_POWER_ALL 0x3

/* The weighted game [quota; weights[0..n-1]]. Weights are copied; quota
 * is 1 to the total weight (MFK_ERANGE otherwise), n at least 1. Free
 * with mfk_game_free(). */
MFK_API int mfk_game_new(mfk_game **out, size_t n, unsigned long quota,
                         const unsigned long *weights,
                         const mfk_allocator *alloc);
/* The game of a body's rule (NULL: the body's own), members as players
 * in roster order, weights the members' weights scaled by the smallest
 * power of ten up to 10^6 that makes them integers (see
 * mfk_game_scale()). Consensus, unanimity, silence and flexible make
 * every member a veto player. MFK_EINVAL for a callback rule, MFK_ERANGE
 * for weights that 10^6 does not make integers or a rule no coalition
 * can meet. Free with mfk_game_free(). */
MFK_API int mfk_game_from_rule(mfk_game **out, const mfk_body *body,
                               const mfk_rule *rule,
                               const mfk_allocator *alloc);
/* Frees the game; NULL does nothing. */
MFK_API void mfk_game_free(mfk_game *g);

/* A second condition, counted in members: a winning coalition also has at
 * least `members` players (0: none; the EU's 55%). */
MFK_API int mfk_game_set_members_quota(mfk_game *g, size_t members);
/* The blocking-minority clause: a coalition also wins when fewer than
 * `blocking` players are outside it (0: no such clause; the EU's 4). */
MFK_API int mfk_game_set_min_blocking(mfk_game *g, size_t blocking);

MFK_API size_t mfk_game_player_count(const mfk_game *g);
MFK_API unsigned long mfk_game_quota(const mfk_game *g);
MFK_API unsigned long mfk_game_total_weight(const mfk_game *g);
/* Player i's integer weight; 0 out of range. */
MFK_API unsigned long mfk_game_weight(const mfk_game *g, size_t i);
MFK_API size_t mfk_game_members_quota(const mfk_game *g);
MFK_API size_t mfk_game_min_blocking(const mfk_game *g);
/* The power of ten the body's weights were multiplied by (1 for
 * mfk_game_new()). */
MFK_API unsigned long mfk_game_scale(const mfk_game *g);

/* Computes the counts `what` asks for (MFK_POWER_* bits) by dynamic
 * programming over weights, never by listing coalitions. Memory comes
 * from the game's allocator and is kept until the game changes or is
 * freed; MFK_ELIMIT, before any table is taken, when its tables would
 * exceed 1 GiB. */
MFK_API int mfk_game_compute(mfk_game *g, unsigned what);
/* Fills out[0..n-1] with an index; MFK_ESTATE when its counts were not
 * computed. */
MFK_API int mfk_game_index(const mfk_game *g, mfk_index index, double *out);
/* *veto is 1 when player i is in every winning coalition; *dummy is 1
 * when it is never a swing (needs MFK_POWER_BANZHAF computed). */
MFK_API int mfk_game_veto(const mfk_game *g, size_t i, int *veto);
MFK_API int mfk_game_dummy(const mfk_game *g, size_t i, int *dummy);
/* An exact count in decimal, NUL-terminated, into buf (size bytes).
 * *len (optional) gets its length without the NUL, also when the call
 * fails with MFK_ERANGE because buf is too small (size 0 asks for the
 * length alone). MFK_ESTATE when it was not computed. */
MFK_API int mfk_game_count(const mfk_game *g, mfk_count what, size_t i,
                           char *buf, size_t size, size_t *len);

/* Added in 0.2. The limit of a game's tables of exact counts. */
#define MFK_GAME_MAX_BYTES ((size_t)1 << 30)
/* Computes what the count indices[0..count-1] need and no more (the
 * swings always, for the dummies): pivots for Shapley-Shubik, the
 * minimal winning coalitions for Deegan-Packel and Public Good, the
 * critical members of winning coalitions for Johnston (these three in
 * games of weights and quota alone: MFK_EINVAL with a members quota or
 * a blocking clause). MFK_ELIMIT, before any table is taken, when the
 * tables would pass MFK_GAME_MAX_BYTES. */
MFK_API int mfk_game_compute_indices(mfk_game *g, const mfk_index *indices,
                                     size_t count);
/* The bytes the tables of mfk_game_compute_indices() would take, in
 * *bytes; SIZE_MAX when the sum does not fit a size_t. */
MFK_API int mfk_game_table_bytes(const mfk_game *g, const mfk_index *indices,
                                 size_t count, size_t *bytes);
/* Estimates the Banzhaf and Shapley-Shubik indices (the only ones it
 * takes, MFK_EINVAL otherwise) by the multilinear extension, for games
 * too large to count: mfk_game_index() then gives the estimates and
 * mfk_game_index_error() a bound on each one's absolute error. */
MFK_API int mfk_game_approximate(mfk_game *g, const mfk_index *indices,
                                 size_t count);
/* out[0..n-1]: the bound on the error of each player's index; MFK_ESTATE
 * unless it was approximated. */
MFK_API int mfk_game_index_error(const mfk_game *g, mfk_index index,
                                 double *out);

/* Win-sets with Euclidean preferences. Member i strictly prefers x to the
 * status quo q when |x - ideal_i| < |q - ideal_i|; a point is in the
 * win-set when the members preferring it weigh at least `quota` (weights
 * NULL: 1 each; unanimity is quota n, majority floor(n/2) + 1, k of n is
 * k). */

/* One dimension: the win-set as open intervals (lo, hi), in increasing
 * order, into intervals[2j], intervals[2j + 1] for j < *count. At most
 * n intervals; `cap` is the room for intervals (pairs) in the caller's
 * array (MFK_ERANGE when too small). Pure; no allocation beyond scratch
 * from alloc (NULL: libc). */
MFK_API int mfk_winset_1d(size_t n, const double *ideals,
                          const double *weights, double quota,
                          double status_quo, double *intervals, size_t cap,
                          size_t *count, const mfk_allocator *alloc);
/* One dimension: the core, the closed interval [*lo, *hi] of points
 * whose win-set is empty; *empty is 1 when there is none. */
MFK_API int mfk_winset_core_1d(size_t n, const double *ideals,
                               const double *weights, double quota,
                               int *empty, double *lo, double *hi,
                               const mfk_allocator *alloc);
/* Two dimensions (ideals[2i], ideals[2i + 1]): *empty is 1 when the
 * win-set is empty; otherwise point[0..1] is a point of it within 1e-9
 * (relative to the figures' scale) of the win-set's nearest point to
 * `target`. */
MFK_API int mfk_winset_2d(size_t n, const double *ideals,
                          const double *weights, double quota,
                          const double *status_quo, const double *target,
                          int *empty, double *point,
                          const mfk_allocator *alloc);
/* 0.2: the quota a rule of `mufakat winset --rule` needs of n members:
 * "unanimity" n, "majority" floor(n/2) + 1, "quota:K" K for K from 1 to
 * n. MFK_EINVAL for a NULL argument or any other rule, err (may be NULL)
 * then saying why in the driver's words, after "--rule: ". */
MFK_API int mfk_winset_quota(const char *rule, size_t n, size_t *quota,
                             mfk_error *err);
/* The Pareto set in two dimensions, which is also the unanimity core:
 * the convex hull of the ideal points, its corners counter-clockwise
 * into hull[2j], hull[2j + 1] (room for n corners), *count of them. */
MFK_API int mfk_pareto_hull(size_t n, const double *ideals, double *hull,
                            size_t *count, const mfk_allocator *alloc);
/* *inside is 1 when point is in the Pareto set (on its edge included) of
 * ideals in `dims` dimensions (1 or 2). */
MFK_API int mfk_pareto_contains(size_t n, unsigned dims,
                                const double *ideals, const double *point,
                                int *inside, const mfk_allocator *alloc);

/* Opinion dynamics. matrix is n x n, row-major and row-stochastic
 * (non-negative, rows summing to 1 within 1e-9); susceptibility (NULL:
 * DeGroot) has n values in [0, 1]. One round: next = L W x + (I - L)
 * initial, L = diag(susceptibility); DeGroot is next = W x. Pure and
 * allocation-free; next must not overlap x. */
MFK_API int mfk_dynamics_step(size_t n, const double *matrix,
                              const double *susceptibility,
                              const double *initial, const double *x,
                              double *next);
/* Rounds from `initial` until no opinion moves by more than `tolerance`
 * (that round counted) or `max_rounds` were held: final[0..n-1], *rounds
 * held, *converged 1 when it stopped by the tolerance. Scratch memory
 * from alloc (NULL: libc). */
MFK_API int mfk_dynamics_run(size_t n, const double *matrix,
                             const double *susceptibility,
                             const double *initial, double tolerance,
                             unsigned max_rounds, double *final,
                             unsigned *rounds, int *converged,
                             const mfk_allocator *alloc);
/* One round of consultation moves the body's ideal points, dimension by
 * dimension: DeGroot, or Friedkin-Johnsen anchored at `anchors` (n x
 * dims, row-major; the members' first ideal points) when susceptibility
 * is not NULL. Every member needs an ideal point (MFK_EINVAL). */
MFK_API int mfk_body_move_ideals(mfk_body *body, const double *matrix,
                                 const double *susceptibility,
                                 const double *anchors);
/* END analysis */

/* BEGIN predict */
/* ------------------------------------------------------------------ */
/* Predicting negotiated outcomes                                      */
/* ------------------------------------------------------------------ */

/* The models of a negotiation's outcome from each member's position (its
 * ideal point), salience and capability per issue (the body's
 * dimensions); a member with salience 0 on an issue takes no part in it.
 * COMPROMISE: per issue, the mean of the positions weighted by capability
 * times salience. MEDIAN: the smallest position whose cumulative weight
 * (capability times salience) reaches half the total. NBS: the asymmetric
 * Nash bargaining solution over the points every member prefers to the
 * status quo (salience-weighted quadratic losses, weights the members'
 * mean capabilities). EXCHANGE: the equal-gain exchange model (Stokman
 * and Van Oosten; Dijkstra, Van Assen and Stokman 2008), as its
 * reference program computes it in its deterministic mode. */
typedef enum mfk_predict_model {
    MFK_PREDICT_COMPROMISE = 0,
    MFK_PREDICT_MEDIAN = 1,
    MFK_PREDICT_NBS = 2,
    MFK_PREDICT_EXCHANGE = 3
} mfk_predict_model;
#define MFK_PREDICT_MODEL_COUNT 4

typedef struct mfk_prediction mfk_prediction;

/* An exchange of the exchange model: member i supplies (moves on) issue q
 * and demands issue p, member j the reverse; p < q. gain is each side's
 * gain on the reference program's 0-100 scale, the moves are on each
 * issue's own scale (i_move on q, j_move on p). */
typedef struct mfk_exchange {
    size_t i, j;
    unsigned p, q;
    double gain;
    double i_move, j_move;
} mfk_exchange;

/* Predicts the outcome of the body's issues by `model`. status_quo (the
 * body's dimensions; on each issue's own scale) is needed by NBS only
 * (MFK_EINVAL without it); rounds (1 or more) is the exchange model's
 * number of rounds. Every member needs an ideal point, and every issue a
 * member with salience and capability above 0 (MFK_EINVAL). MFK_ERANGE
 * when a position lies outside its issue's scale or the exchange model
 * would divide by zero. Free with mfk_prediction_free(). */
MFK_API int mfk_predict(mfk_prediction **out, const mfk_body *body,
                        mfk_predict_model model, const double *status_quo,
                        unsigned rounds, const mfk_allocator *alloc);
MFK_API void mfk_prediction_free(mfk_prediction *p);
MFK_API mfk_predict_model mfk_prediction_model(const mfk_prediction *p);
MFK_API unsigned mfk_prediction_dims(const mfk_prediction *p);
/* The predicted outcome, one number per issue. Owned by p. */
MFK_API const double *mfk_prediction_outcome(const mfk_prediction *p);
/* The exchange model's rounds (0 for the other models); for round r (0
 * to rounds - 1) the outcome at its start and after its exchanges (NULL
 * out of range), and its exchanges in the order made. */
MFK_API unsigned mfk_prediction_rounds(const mfk_prediction *p);
MFK_API const double *mfk_prediction_round_start(const mfk_prediction *p,
                                                 unsigned r);
MFK_API const double *mfk_prediction_round_outcome(const mfk_prediction *p,
                                                   unsigned r);
MFK_API size_t mfk_prediction_exchange_count(const mfk_prediction *p,
                                             unsigned r);
MFK_API const mfk_exchange *mfk_prediction_exchange(const mfk_prediction *p,
                                                    unsigned r, size_t e);
/* The model's name ("compromise", "median", "nbs", "exchange") and back:
 * MFK_OK and *model, or MFK_ENOTFOUND. */
MFK_API const char *mfk_predict_model_name(mfk_predict_model model);
MFK_API int mfk_predict_model_lookup(const char *name,
                                     mfk_predict_model *model);
/* What `mufakat predict --format json` prints: {"issues", "models"}, the
 * issues named as the body names them ("1", "2", ... when unnamed), the
 * members by id, one object per prediction in ps[0..n-1], each made on
 * body. MFK_EINVAL for a NULL argument or a prediction of other
 * dimensions than the body's. */
MFK_API int mfk_prediction_write_json(const mfk_prediction *const *ps,
                                      size_t n, const mfk_body *body,
                                      const mfk_allocator *alloc, char *buf,
                                      size_t size, size_t *len);
/* END predict */

/* BEGIN sim */
/* ------------------------------------------------------------------ */
/* Simulation: random streams, Monte Carlo consultations               */
/* ------------------------------------------------------------------ */

/* A random stream: xoshiro256** (Blackman and Vigna). A plain value the
 * caller owns; copy it to replay a stream. Its fields are not API. */
typedef struct mfk_rng {
    unsigned long long s[4];
} mfk_rng;

/* Stream `stream` of `seed`: the state is four SplitMix64 outputs from a
 * starting point mixed from both, so (seed, stream) pairs give unrelated
 * streams and the same pair always the same one. Allocates nothing. */
MFK_API int mfk_rng_seed(mfk_rng *rng, unsigned long long seed,
                         unsigned long long stream);
/* Sets the state as it is: MFK_EINVAL for a NULL argument or a state of
 * zeros (xoshiro256** never leaves it). */
MFK_API int mfk_rng_set_state(mfk_rng *rng, const unsigned long long *state);
/* The next 64 bits of the stream. */
MFK_API unsigned long long mfk_rng_next(mfk_rng *rng);
/* A double uniform in [0, 1), from the top 53 bits of mfk_rng_next(). */
MFK_API double mfk_rng_uniform(mfk_rng *rng);
/* An integer uniform in [0, n), without bias; 0 when n is 0. */
MFK_API unsigned long long mfk_rng_below(mfk_rng *rng, unsigned long long n);
/* A standard normal deviate (Marsaglia's polar method). */
MFK_API double mfk_rng_normal(mfk_rng *rng);
/* SplitMix64: advances *state and returns its next output. */
MFK_API unsigned long long mfk_splitmix64(unsigned long long *state);

/* The Wilson score interval for `successes` out of `n` trials at normal
 * quantile z (1.959963984540054 for 95%): MFK_EINVAL unless 0 <=
 * successes <= n and z > 0; n = 0 gives [0, 1]. */
MFK_API int mfk_wilson(double successes, double n, double z, double *lo,
                       double *hi);

/* How members' ideal points are drawn for each run. */
typedef enum mfk_culture {
    MFK_CULTURE_UNIFORM = 0,  /* uniform in [0, 1)^dims */
    MFK_CULTURE_GAUSSIAN = 1, /* 0.5 + spread * N(0, 1) in each dimension */
    MFK_CULTURE_BLOCS = 2,    /* bloc centres uniform, members about them */
    MFK_CULTURE_FIXED = 3     /* the template body's ideal points */
} mfk_culture;

/* What the Chair does between model rounds that did not adopt. */
typedef enum mfk_chair_strategy {
    MFK_CHAIR_DEFAULT = 0,           /* mfk_chair_default() */
    MFK_CHAIR_TOWARD_STATUS_QUO = 1, /* halfway toward the status quo */
    MFK_CHAIR_SINGLE_ROUND = 2       /* no second round */
} mfk_chair_strategy;

/* The statistics of mfk_sim_stat(): totals over the runs merged. */
typedef enum mfk_sim_stat_kind {
    MFK_SIM_RUNS = 0,           /* runs merged */
    MFK_SIM_OUTCOMES = 1,       /* runs with outcome `index` (mfk_outcome) */
    MFK_SIM_ADOPTED = 2,        /* runs adopted, of any kind */
    MFK_SIM_ROUNDS = 3,         /* rounds held, summed */
    MFK_SIM_ROUNDS_HELD = 4,    /* runs that held `index` rounds */
    MFK_SIM_MEMBER_ROUNDS = 5,  /* stances taken */
    MFK_SIM_PARTICIPANTS = 6,   /* participants of adopted runs, summed */
    MFK_SIM_DISTANCE = 7,       /* adopted position to status quo, summed */
    MFK_SIM_DISTANCE_IDEAL = 8, /* adopted position to member `index`'s
                                   ideal point, summed */
    MFK_SIM_BLOCKING = 9        /* runs not adopted in whose last round
                                   member `index` was a blocker */
} mfk_sim_stat_kind;

/* Runs are done and their statistics kept in chunks of this many runs;
 * chunks are merged in their order, so that sums do not depend on how
 * the runs were spread over threads or processes. */
#define MFK_SIM_CHUNK 256
/* Per run and rule in a trace: outcome, rounds, blockers in the last
 * round (0 when adopted), participants (0 when not adopted), distance of
 * the adopted position from the status quo (NaN when not adopted). */
#define MFK_SIM_TRACE_FIELDS 5

typedef struct mfk_sim mfk_sim;

/* A Monte Carlo of consultations of a body like `body` (copied: members,
 * dims, weights, salience, tolerance, ideal points, fallback; at least
 * one member). Defaults: uniform culture, the proposal at a random
 * member's ideal point, the status quo uniform, 10 rounds, the default
 * model and Chair. Free with mfk_sim_free(). */
MFK_API int mfk_sim_new(mfk_sim **out, const mfk_body *body,
                        const mfk_allocator *alloc);
MFK_API void mfk_sim_free(mfk_sim *sim);
/* spread: standard deviation for gaussian and blocs; blocs: how many. */
MFK_API int mfk_sim_set_culture(mfk_sim *sim, mfk_culture culture,
                                double spread, unsigned blocs);
/* at_member: 1 for a random member's ideal point, 0 for a point uniform
 * in [0, 1)^dims. status_quo: NULL for uniform, else copied. */
MFK_API int mfk_sim_set_proposals(mfk_sim *sim, int at_member,
                                  const double *status_quo);
/* concession: tolerance added each round after the first; face_saving:
 * the probability that a member whose model objects abstains instead. */
MFK_API int mfk_sim_set_behaviour(mfk_sim *sim, double concession,
                                  double face_saving,
                                  mfk_chair_strategy chair);
/* Opinion dynamics between rounds (Friedkin-Johnsen, every member
 * weighing every member equally): x(k+1) = s mean(x(k)) + (1 - s) x(0),
 * s in [0, 1]; 0, the default, leaves ideal points where they were
 * drawn. */
MFK_API int mfk_sim_set_dynamics(mfk_sim *sim, double susceptibility);
/* A researcher's own stance model, in place of the built-in one: fn
 * gives member i's stance (an mfk_stance) at `position` against
 * `status_quo` in round `round`, the rule being of `kind`. body is the
 * worker's copy with this run's ideal points; rng is the run's own
 * behaviour stream, the same for every rule of a run, so results do not
 * depend on threads or MPI ranks. fn is called from the simulation's
 * worker threads at once: it may read ud and body but not change them
 * without its own lock, and must draw only from rng (see
 * mfk_sim_set_stance_model(3)). A negative code stops the run with it,
 * a value past the stances with MFK_ERANGE. The Chair still reads the
 * built-in model. NULL: the built-in model again. */
typedef int (*mfk_sim_stance_fn)(const mfk_body *body, size_t i,
                                 const double *position,
                                 const double *status_quo,
                                 mfk_rule_kind kind, unsigned round,
                                 struct mfk_rng *rng, void *ud);
MFK_API int mfk_sim_set_stance_model(mfk_sim *sim, mfk_sim_stance_fn fn,
                                     void *ud);
MFK_API int mfk_sim_set_max_rounds(mfk_sim *sim, unsigned rounds);
/* Adds a rule (copied); every rule is consulted on the same drawn body
 * and proposal. Rules are numbered from 0 in the order added. */
MFK_API int mfk_sim_add_rule(mfk_sim *sim, const mfk_rule *rule);
MFK_API size_t mfk_sim_rule_count(const mfk_sim *sim);

/* Run `run` of `seed`, drawn into the caller's body (made with the same
 * members and dims; its ideal points are set) and proposal (reset; its
 * position and status quo set), so that it can be consulted with the
 * engine. */
MFK_API int mfk_sim_draw(const mfk_sim *sim, unsigned long long seed,
                         unsigned long long run, mfk_body *body,
                         mfk_proposal *prop);

/* Doubles in one chunk's record. */
MFK_API size_t mfk_sim_record_size(const mfk_sim *sim);
/* Runs chunks first .. first + count - 1 of `runs` runs (the last chunk
 * may be short; chunks past the end give empty records) on `threads`
 * threads (0: one), into records (count * mfk_sim_record_size()
 * doubles, caller's) and, when trace is not NULL, a trace of each run
 * (count * MFK_SIM_CHUNK * rules * MFK_SIM_TRACE_FIELDS doubles). Memory
 * for the threads is taken on the first call and kept. */
MFK_API int mfk_sim_run_chunks(mfk_sim *sim, unsigned long long seed,
                               unsigned long long runs,
                               unsigned long long first, size_t count,
                               unsigned threads, double *records,
                               double *trace);
/* Adds records, in their order, to the totals. */
MFK_API int mfk_sim_merge(mfk_sim *sim, const double *records, size_t count);
/* Clears the totals. */
MFK_API int mfk_sim_clear(mfk_sim *sim);
/* Clears the totals, runs `runs` runs and merges them. */
MFK_API int mfk_sim_run(mfk_sim *sim, unsigned long long seed,
                        unsigned long long runs, unsigned threads);
/* A total for rule `rule` (index: see mfk_sim_stat_kind). */
MFK_API int mfk_sim_stat(const mfk_sim *sim, size_t rule,
                         mfk_sim_stat_kind kind, size_t index,
                         double *value);
/* The share of runs adopted under rule `rule` and its Wilson 95%
 * interval. */
MFK_API int mfk_sim_adoption(const mfk_sim *sim, size_t rule, double *share,
                             double *lo, double *hi);
/* Rules a and b compared on the same runs: counts[0] the runs adopted
 * under both, [1] under a only, [2] under b only, [3] under neither;
 * *difference = share(b) - share(a), and ci95 its 95% interval by
 * Newcombe's method 10 (1998) with his corrected phi. Any output may be
 * NULL. MFK_EINVAL for a NULL simulation, a rule out of range or a == b. */
MFK_API int mfk_sim_paired(const mfk_sim *sim, size_t a, size_t b,
                           double counts[4], double *difference,
                           double ci95[2]);
/* The simulation's parameters by name, as the driver's flags name them
 * ("concession", "face-saving", "dynamics", "spread", "tolerance",
 * "members", "dims", "max-rounds", "culture", "chair", "proposal",
 * "status-quo"): parameter i (from 0), NULL past the last; *numeric 1
 * for a number, 2 for an integer, 0 for a word, and for numbers the
 * range [*lo, *hi]; for words *expected says what a value may be. Any
 * output may be NULL. */
MFK_API const char *mfk_sim_param(size_t i, int *numeric, double *lo,
                                  double *hi, const char **expected);
/* Sets parameter `name` to `value`, as the driver's flag of that name
 * does ("0.05", "blocs:4", "toward-status-quo", "0.2,0.7"). MFK_EINVAL
 * for an unknown name (or a change the simulation cannot take),
 * MFK_ERANGE for a bad value; err (may be NULL) says which, in a message
 * that follows "--NAME: ". */
MFK_API int mfk_sim_set_param(mfk_sim *sim, const char *name,
                              const char *value, mfk_error *err);
/* The same for a numeric parameter, from a double. */
MFK_API int mfk_sim_set_number(mfk_sim *sim, const char *name, double value,
                               mfk_error *err);
/* The number of members and of dimensions, without a new simulation:
 * members before n keep their settings, new ones (M<i+1>) take the last
 * one's. MFK_EINVAL under the fixed culture or, for dims, with a fixed
 * status quo; MFK_ERANGE out of 1 .. MFK_MAX_MEMBERS / MFK_MAX_DIMS. The
 * totals are cleared. */
MFK_API int mfk_sim_set_members(mfk_sim *sim, size_t n);
MFK_API int mfk_sim_set_dims(mfk_sim *sim, unsigned dims);
/* The simulation's own body: its members, as the runs consult them. */
MFK_API const mfk_body *mfk_sim_body(const mfk_sim *sim);

/* A sweep: one parameter at N >= 2 evenly spaced values, FROM and TO
 * included, value k being FROM + k (TO - FROM) / (N - 1) and the last
 * exactly TO; the results of each point kept (each rule's totals as the
 * JSON gives them, not the runs). */
typedef struct mfk_sim_sweep mfk_sim_sweep;
/* spec "NAME=FROM:TO:N", NAME a numeric parameter (mfk_sim_param);
 * MFK_ESYNTAX or MFK_ERANGE with the reason in err (may be NULL). */
MFK_API int mfk_sim_sweep_new(mfk_sim_sweep **out, const char *spec,
                              const mfk_allocator *alloc, mfk_error *err);
MFK_API void mfk_sim_sweep_free(mfk_sim_sweep *sweep);
MFK_API const char *mfk_sim_sweep_name(const mfk_sim_sweep *sweep);
MFK_API size_t mfk_sim_sweep_count(const mfk_sim_sweep *sweep);
MFK_API double mfk_sim_sweep_value(const mfk_sim_sweep *sweep, size_t k);
/* Sets point k's value on sim (mfk_sim_set_number). */
MFK_API int mfk_sim_sweep_apply(const mfk_sim_sweep *sweep, size_t k,
                                mfk_sim *sim, mfk_error *err);
/* Keeps sim's totals, after its runs (`runs` of `seed`) at point k, as
 * point k's results; rule_names as for mfk_sim_write_json. Points are
 * kept in order (k the number kept so far), each with the same rules,
 * seed and runs, else MFK_ESTATE. */
MFK_API int mfk_sim_sweep_keep(mfk_sim_sweep *sweep, size_t k,
                               const mfk_sim *sim,
                               const char *const *rule_names,
                               unsigned long long seed,
                               unsigned long long runs);
/* Point k's rule j: the runs, the share adopted, its Wilson 95% interval
 * and the mean rounds (any output may be NULL). */
MFK_API int mfk_sim_sweep_result(const mfk_sim_sweep *sweep, size_t k,
                                 size_t rule, double *runs, double *share,
                                 double *lo, double *hi,
                                 double *mean_rounds);
/* What `mufakat simulate --sweep` prints as JSON once every point is
 * kept: {"runs", "seed", "sweep": {"name", "values"}, "points": [{"value",
 * "rules": [one rule object per rule]}]}. MFK_ESTATE before. */
MFK_API int mfk_sim_sweep_write_json(const mfk_sim_sweep *sweep,
                                     const mfk_allocator *alloc, char *buf,
                                     size_t size, size_t *len);
/* Its --svg: each rule's share adopted against the value, with its 95%
 * band, as an SVG document. MFK_ESTATE before every point is kept. */
MFK_API int mfk_sim_sweep_write_svg(const mfk_sim_sweep *sweep,
                                    const mfk_allocator *alloc, char *buf,
                                    size_t size, size_t *len);
/* Its --csv: a header and a row a point and rule, "name,value,rule,runs,
 * adopted,share,ci_lo,ci_hi,mean_rounds". */
MFK_API int mfk_sim_sweep_write_csv(const mfk_sim_sweep *sweep,
                                    const mfk_allocator *alloc, char *buf,
                                    size_t size, size_t *len);
/* END sim */

/* BEGIN json */
/* ------------------------------------------------------------------ */
/* JSON output: what the driver prints with --format json (CONTRACT)  */
/* ------------------------------------------------------------------ */

/* Each writer puts the whole text, compact on one line and ending with a
 * newline (no NUL), into buf (size bytes) and the length needed into
 * *len: MFK_ERANGE when size is too small (buf may be NULL to ask).
 * Numbers are in the shortest form that reads back to the same double.
 * Scratch memory comes from alloc (NULL: malloc); buf is the caller's. */

/* For mfk_consultation_write_json: each proposal's id, admissible and
 * violations only, as `mufakat check` prints them. */
#define MFK_JSON_CHECK 0x01u

/* The {"proposals": [...]} document of `mufakat run` (flags 0: every
 * consultation over, else MFK_ESTATE) or `mufakat check` (MFK_JSON_CHECK)
 * for the n consultations cs, in order. The consultations are only read;
 * they stay the caller's. MFK_EINVAL for a NULL cs (n > 0), element or
 * len, or an unknown flag; MFK_ENOMEM. */
MFK_API int mfk_consultation_write_json(mfk_consultation *const *cs,
                                        size_t n, unsigned flags,
                                        const mfk_allocator *alloc,
                                        char *buf, size_t size,
                                        size_t *len);

/* 0.2: the reasons of consultation c (over, else MFK_ESTATE) as data,
 * what mfk_consultation_account() tells: {"id", "admissible", "rule",
 * "quorum", "violations", "rounds", "outcome", "fallback", "bound",
 * "not_bound", "standing_aside", "against_not_bound", "reservations"},
 * each round {"round", "verdict", "in_favour", "against", "blockers",
 * "reservations", "discounted", "standing_aside", "silent", "outvoted",
 * "participants", "quorum_met"}, members by id in roster order (see
 * mfk_consultation_account(3)). c is only read. MFK_EINVAL for a NULL c
 * or len; MFK_ENOMEM. */
MFK_API int mfk_consultation_account_write_json(const mfk_consultation *c,
                                                const mfk_allocator *alloc,
                                                char *buf, size_t size,
                                                size_t *len);
/* What `mufakat power --format json` prints for game g: quota, total
 * weight and each player's indices, veto and dummy (with "rule" when rule
 * is not NULL, and the scale, members' quota and blocking minority where
 * the game has them). names[i] names player i (NULL: "P1", "P2", ...).
 * The Banzhaf counts must have been computed (mfk_game_compute), else
 * MFK_ESTATE; the Shapley-Shubik index is null when its counts were not.
 * g and names stay the caller's. MFK_EINVAL for a NULL g, len or name. */
MFK_API int mfk_game_write_json(const mfk_game *g, const char *const *names,
                                const char *rule, const mfk_allocator *alloc,
                                char *buf, size_t size, size_t *len);
/* The same with only the indices[0..count-1] (each computed, else
 * MFK_ESTATE), "veto" and "dummy" (null after mfk_game_approximate(),
 * which also adds "method": "approximate" and each player's "error"). */
MFK_API int mfk_game_write_json_indices(const mfk_game *g,
                                        const char *const *names,
                                        const char *rule,
                                        const mfk_index *indices,
                                        size_t count,
                                        const mfk_allocator *alloc, char *buf,
                                        size_t size, size_t *len);
/* What `mufakat winset` prints in one dimension: {"empty", "winset"},
 * the count open intervals as mfk_winset_1d() gives them (2 * count
 * numbers), and in two: {"empty", "point"}, point (2 numbers) as
 * mfk_winset_2d() gives it, null when empty. The arrays stay the
 * caller's. MFK_EINVAL for a NULL len, or a NULL array that is needed. */
MFK_API int mfk_winset_write_json(const double *intervals, size_t count,
                                  const mfk_allocator *alloc, char *buf,
                                  size_t size, size_t *len);
MFK_API int mfk_winset_point_write_json(int empty, const double *point,
                                        const mfk_allocator *alloc,
                                        char *buf, size_t size,
                                        size_t *len);
/* What `mufakat dynamics` prints: {"final", "rounds", "converged"}, the
 * n final opinions and the rest as mfk_dynamics_run() gives them. final
 * stays the caller's. MFK_EINVAL for a NULL len, or a NULL final with
 * n > 0. */
MFK_API int mfk_dynamics_write_json(const double *final, size_t n,
                                    unsigned rounds, int converged,
                                    const mfk_allocator *alloc, char *buf,
                                    size_t size, size_t *len);
/* What `mufakat simulate --format json` prints for simulation sim, made
 * on body, after mfk_sim_run(sim, seed, runs, ...) (or the merges of
 * those runs): for one rule, {"runs", "seed", "rule", "adopted": {"share",
 * "ci95"}, "outcomes", "mean_rounds", "member_rounds", "rounds",
 * "mean_distance", "mean_participants", "members"}; for several,
 * {"runs", "seed", "rules": [one such object per rule]}. rule_names[j]
 * names rule j, as given on the command line. Everything passed stays the
 * caller's. MFK_EINVAL for a NULL argument or name, a simulation without
 * rules, or a body of another member count than the simulation's. */
MFK_API int mfk_sim_write_json(const mfk_sim *sim, const mfk_body *body,
                               const char *const *rule_names,
                               unsigned long long seed,
                               unsigned long long runs,
                               const mfk_allocator *alloc, char *buf,
                               size_t size, size_t *len);
/* The pictures the driver draws, as SVG documents, in the convention of
 * the JSON writers (the whole text into buf, its length into *len,
 * MFK_ERANGE when size is too small). mfk_consultation_write_svg: what
 * `mufakat run FILE --svg F` draws for the n consultations cs (a grid
 * each, members down, rounds across, coloured by stance), under `title`.
 * mfk_sim_write_svg: what `mufakat simulate --svg F` draws, each rule's
 * share adopted with its 95% interval, after the runs. Everything passed
 * stays the caller's. MFK_EINVAL for a NULL argument or element;
 * mfk_consultation_write_svg: 0.2: MFK_ELIMIT when the consultations
 * take more than MFK_SVG_MAX_CELLS cells (members times rounds, a round
 * at least each), as mfk_consultation_svg_cells() counts them. */
MFK_API int mfk_consultation_write_svg(mfk_consultation *const *cs,
                                       size_t n, const char *title,
                                       const mfk_allocator *alloc,
                                       char *buf, size_t size, size_t *len);
/* 0.2: the most cells a drawing of consultations has: beyond it the SVG
 * would pass a hundred megabytes. */
#define MFK_SVG_MAX_CELLS 250000
/* 0.2: adds the cells of c, proposal `index` of its scenario, to *cells,
 * the cells of the consultations drawn before it: MFK_ELIMIT when the
 * sum passes MFK_SVG_MAX_CELLS, err (may be NULL) then saying, in the
 * driver's words, "needs more than 250000 cells (members times rounds)
 * by /proposals/INDEX, the most a drawing has", its pointer
 * "/proposals/INDEX"; MFK_EINVAL for a NULL c or cells. */
MFK_API int mfk_consultation_svg_cells(const mfk_consultation *c,
                                       size_t index, size_t *cells,
                                       mfk_error *err);
/* 0.2: the title `mufakat run --svg` gives its picture of scenario s:
 * the body's name, ", YEAR" for a rotation year, and for a chair a
 * space, an em dash (U+2014) and " chair: NAME". The text and a NUL go to buf (size bytes; NULL when size
 * is 0), *len its length without the NUL: MFK_ERANGE when it does not
 * fit. MFK_EINVAL for a NULL s or len. */
MFK_API int mfk_scenario_svg_title(const mfk_scenario *s, char *buf,
                                   size_t size, size_t *len);
/* 0.2: what `mufakat predict --svg F` draws for the n predictions ps,
 * each made on body: a row an issue, its scale, the members' positions
 * (the taller the more salient), each model's outcome and the exchange
 * model's rounds, and a legend. The convention of the JSON writers.
 * MFK_EINVAL for a NULL argument or a prediction of other dimensions
 * than the body's. */
MFK_API int mfk_prediction_write_svg(const mfk_prediction *const *ps,
                                     size_t n, const mfk_body *body,
                                     const mfk_allocator *alloc, char *buf,
                                     size_t size, size_t *len);
MFK_API int mfk_sim_write_svg(const mfk_sim *sim,
                              const char *const *rule_names,
                              const mfk_allocator *alloc, char *buf,
                              size_t size, size_t *len);
/* What `mufakat simulate --csv` writes for `count` runs of a trace made
 * by mfk_sim_run_chunks() (count * rules * MFK_SIM_TRACE_FIELDS doubles),
 * numbered from `first`: a row a run, "N,RULE.outcome,...", after the
 * header line "run,RULE.outcome,RULE.rounds,RULE.blockers,
 * RULE.participants,RULE.distance,..." when header is not 0. The
 * convention of the JSON writers; everything passed stays the caller's.
 * MFK_EINVAL for a NULL argument or name, or a simulation without rules. */
MFK_API int mfk_sim_write_trace_csv(const mfk_sim *sim,
                                    const char *const *rule_names,
                                    const double *trace,
                                    unsigned long long first,
                                    unsigned long long count, int header,
                                    const mfk_allocator *alloc, char *buf,
                                    size_t size, size_t *len);
/* One record as `mufakat show --format json` prints it, an element of
 * its {"records": [...]} array: seq, time, body, chair (when there is
 * one), members, proposal, versions, admissible, violations, rounds,
 * outcome, participants. Unlike the writers above, the text is an
 * element, not a document: it ends with no newline. r stays the
 * caller's. MFK_EINVAL for a NULL r or len. */
MFK_API int mfk_record_write_json(const mfk_record *r,
                                  const mfk_allocator *alloc, char *buf,
                                  size_t size, size_t *len);
/* The implementation report, as `mufakat report --format json` prints
 * it: {"year" (null: every year), "records", "by_pillar", "by_component",
 * "by_outcome", "flexible", "deferred", "violations"}. mfk_report_new
 * makes an empty report of the decisions of year (0: every year);
 * mfk_report_add takes the journal's records in order (r is only read;
 * records after the year are passed over, those before it count only for
 * what is still deferred at its end); mfk_report_write_json writes it with
 * the report's allocator; mfk_report_write_text writes the text tables of
 * `mufakat report`, the strings of the records in it with their control
 * characters shown escaped (mfk_text_escape), and no NUL, as the JSON;
 * mfk_report_free frees it (NULL: nothing).
 * MFK_EINVAL for a NULL argument or a negative year; after MFK_ENOMEM the
 * report is only to be freed (every later call gives MFK_ENOMEM). */
typedef struct mfk_report mfk_report;
MFK_API int mfk_report_new(mfk_report **out, int year,
                           const mfk_allocator *alloc);
MFK_API int mfk_report_add(mfk_report *rep, const mfk_record *r);
MFK_API int mfk_report_write_json(const mfk_report *rep, char *buf,
                                  size_t size, size_t *len);
MFK_API int mfk_report_write_text(const mfk_report *rep, char *buf,
                                  size_t size, size_t *len);
MFK_API void mfk_report_free(mfk_report *rep);
/* The shortest text that reads back to the same double x, as every JSON
 * writer of the library prints numbers ("null" for NaN and infinities,
 * "-0" for negative zero), NUL-terminated in buf, which has room for
 * MFK_NUMBER_JSON_MAX bytes. Returns buf. Reentrant. */
#define MFK_NUMBER_JSON_MAX 32
MFK_API const char *mfk_number_json(double x, char *buf);
/* Text with its control characters shown escaped, as the library's
 * messages quote input and the driver shows it: C0 controls but newline,
 * DEL and bytes that are not UTF-8 as \xHH, C1 controls as \u00HH; with
 * MFK_ESCAPE_SGR, colours (ESC [ digits and semicolons m) are kept. The n
 * bytes of text are read; the escaped text and a NUL go to buf, of size
 * bytes (buf may be NULL when size is 0), *len its length without the NUL.
 * MFK_ERANGE when it does not fit (*len says how long it is; buf then holds
 * nothing to use); MFK_EINVAL for NULL text, len or unknown flags.
 * Reentrant. */
#define MFK_ESCAPE_SGR 1u
MFK_API int mfk_text_escape(const char *text, size_t n, unsigned flags,
                            char *buf, size_t size, size_t *len);
/* END json */

#ifdef __cplusplus
}
#endif

#endif /* MUFAKAT_H */
