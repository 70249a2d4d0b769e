/* Proposals: what is put, by whom, about whom, and how its text moved. */
#include "model/model-private.h"

#include <math.h>
#include <string.h>

int mfk_proposal_new(mfk_proposal **out, const mfk_body *body,
                     const char *id, const char *title,
                     const mfk_allocator *alloc)
{
    mfk_proposal *p;
    mfk_allocator a;

    if (out == NULL)
        return MFK_EINVAL;
    *out = NULL;
    if (body == NULL || id == NULL || title == NULL)
        return MFK_EINVAL;
    mfk__alloc_init(&a, alloc);
    p = mfk__calloc(&a, 1, sizeof *p);
    if (p == NULL)
        return MFK_ENOMEM;
    p->alloc = a;
    /* The body is not changed through this pointer but for its count of
     * users, which fixes its roster while proposals live. */
    p->body = (mfk_body *)body;
    p->fallback = MFK__FALLBACK_BODY;
    p->id = mfk__strdup(&a, id);
    p->title = p->id ? mfk__strdup(&a, title) : NULL;
    p->roles = p->title ? mfk__calloc(&a, body->n ? body->n : 1, 1) : NULL;
    p->ver = p->roles ? mfk__calloc(&a, 1, sizeof *p->ver) : NULL;
    if (p->ver == NULL) {
        mfk__free(&a, p->roles);
        mfk__free(&a, p->title);
        mfk__free(&a, p->id);
        mfk__free(&a, p);
        return MFK_ENOMEM;
    }
    p->vercap = 1;
    p->nver = 1;
    p->body->users++;
    *out = p;
    return MFK_OK;
}

void mfk_proposal_free(mfk_proposal *p)
{
    size_t v;
    if (p == NULL)
        return;
    for (v = 0; v < p->nver; v++)
        mfk__free(&p->alloc, p->ver[v].text);
    p->body->users--;
    mfk__free(&p->alloc, p->ver);
    mfk__free(&p->alloc, p->roles);
    mfk__free(&p->alloc, p->title);
    mfk__free(&p->alloc, p->id);
    mfk__free(&p->alloc, p);
}

const char *mfk_proposal_id(const mfk_proposal *p)
{
    return p == NULL ? NULL : p->id;
}

const char *mfk_proposal_title(const mfk_proposal *p)
{
    return p == NULL ? NULL : p->title;
}

const mfk_body *mfk_proposal_body(const mfk_proposal *p)
{
    return p == NULL ? NULL : p->body;
}

int mfk_proposal_set_pillar(mfk_proposal *p, mfk_pillar pillar)
{
    if (p == NULL || (int)pillar < 0 || pillar > MFK_PILLAR_SOCIO_CULTURAL)
        return MFK_EINVAL;
    p->pillar = pillar;
    return MFK_OK;
}

mfk_pillar mfk_proposal_pillar(const mfk_proposal *p)
{
    return p == NULL ? MFK_PILLAR_POLITICAL_SECURITY : p->pillar;
}

int mfk_proposal_set_component(mfk_proposal *p, mfk_component c)
{
    if (p == NULL || (int)c < 0 || c > MFK_COMPONENT_IMPLEMENTING_MECHANISMS)
        return MFK_EINVAL;
    p->component = c;
    p->has_component = 1;
    return MFK_OK;
}

mfk_component mfk_proposal_component(const mfk_proposal *p)
{
    return p == NULL ? MFK_COMPONENT_POLITICAL_DEVELOPMENT : p->component;
}

int mfk_proposal_has_component(const mfk_proposal *p)
{
    return p != NULL && p->has_component;
}

int mfk_proposal_set_measures(mfk_proposal *p, unsigned measures)
{
    if (p == NULL || (measures & ~0x3fu) != 0)
        return MFK_EINVAL;
    p->measures = measures;
    return MFK_OK;
}

unsigned mfk_proposal_measures(const mfk_proposal *p)
{
    return p == NULL ? 0 : p->measures;
}

int mfk_proposal_add_role(mfk_proposal *p, size_t i, unsigned roles)
{
    if (p == NULL || i >= p->body->n || (roles & ~0x0fu) != 0)
        return MFK_EINVAL;
    p->roles[i] |= (unsigned char)roles;
    return MFK_OK;
}

unsigned mfk_proposal_roles(const mfk_proposal *p, size_t i)
{
    return p == NULL || i >= p->body->n ? 0 : p->roles[i];
}

int mfk_proposal_consents(const mfk_proposal *p, size_t i)
{
    return (mfk_proposal_roles(p, i) &
            (MFK_ROLE_SPONSOR | MFK_ROLE_CONSENT)) != 0;
}

int mfk_proposal_set_rule(mfk_proposal *p, const mfk_rule *rule)
{
    int rc;
    if (p == NULL || rule == NULL)
        return MFK_EINVAL;
    rc = mfk__rule_check(rule);
    if (rc != MFK_OK)
        return rc;
    p->rule = *rule;
    p->has_rule = 1;
    return MFK_OK;
}

const mfk_rule *mfk_proposal_rule(const mfk_proposal *p)
{
    if (p == NULL)
        return NULL;
    return p->has_rule ? &p->rule : &p->body->rule;
}

int mfk_proposal_set_quorum(mfk_proposal *p, unsigned members, double weight)
{
    if (p == NULL || mfk__quorum_check(weight) != MFK_OK)
        return MFK_EINVAL;
    p->quorum.members = members;
    p->quorum.weight = weight;
    p->has_quorum = 1;
    return MFK_OK;
}

const struct mfk__quorum *mfk__proposal_quorum(const mfk_proposal *p)
{
    return p->has_quorum ? &p->quorum : &p->body->quorum;
}

int mfk_proposal_quorum(const mfk_proposal *p, unsigned *members,
                        double *weight)
{
    const struct mfk__quorum *q;
    if (p == NULL)
        return MFK_EINVAL;
    q = mfk__proposal_quorum(p);
    if (members != NULL)
        *members = q->members;
    if (weight != NULL)
        *weight = q->weight;
    return MFK_OK;
}

int mfk_proposal_set_max_rounds(mfk_proposal *p, unsigned rounds)
{
    if (p == NULL)
        return MFK_EINVAL;
    if (rounds < 1 || rounds > MFK_MAX_ROUNDS)
        return MFK_ERANGE;
    p->max_rounds = rounds;
    return MFK_OK;
}

unsigned mfk_proposal_max_rounds(const mfk_proposal *p)
{
    if (p == NULL)
        return 0;
    return p->max_rounds ? p->max_rounds : p->body->max_rounds;
}

int mfk_proposal_set_fallback(mfk_proposal *p, mfk_fallback f)
{
    if (p == NULL || (int)f < 0 || f > MFK_FALLBACK_NONE)
        return MFK_EINVAL;
    p->fallback = (int)f;
    return MFK_OK;
}

mfk_fallback mfk_proposal_fallback(const mfk_proposal *p)
{
    if (p == NULL)
        return MFK_FALLBACK_DEFER;
    return p->fallback != MFK__FALLBACK_BODY ? (mfk_fallback)p->fallback
                                             : p->body->fallback;
}

static int finite_point(const mfk_proposal *p, const double *x)
{
    unsigned k;
    for (k = 0; k < p->body->dims; k++)
        if (!isfinite(x[k]))
            return 0;
    return 1;
}

int mfk_proposal_set_text(mfk_proposal *p, const char *text)
{
    char *t = NULL;
    if (p == NULL)
        return MFK_EINVAL;
    if (text != NULL && (t = mfk__strdup(&p->alloc, text)) == NULL)
        return MFK_ENOMEM;
    mfk__free(&p->alloc, p->ver[0].text);
    p->ver[0].text = t;
    return MFK_OK;
}

int mfk_proposal_set_position(mfk_proposal *p, const double *x)
{
    if (p == NULL || x == NULL)
        return MFK_EINVAL;
    if (!finite_point(p, x))
        return MFK_ERANGE;
    memcpy(p->ver[0].position, x, p->body->dims * sizeof *x);
    p->ver[0].has_position = 1;
    return MFK_OK;
}

int mfk_proposal_set_status_quo(mfk_proposal *p, const double *x)
{
    if (p == NULL || x == NULL)
        return MFK_EINVAL;
    if (!finite_point(p, x))
        return MFK_ERANGE;
    memcpy(p->status_quo, x, p->body->dims * sizeof *x);
    p->has_status_quo = 1;
    return MFK_OK;
}

const char *mfk_proposal_text(const mfk_proposal *p)
{
    return p == NULL ? NULL : p->ver[p->nver - 1].text;
}

const double *mfk_proposal_position(const mfk_proposal *p)
{
    if (p == NULL || !p->ver[p->nver - 1].has_position)
        return NULL;
    return p->ver[p->nver - 1].position;
}

const double *mfk_proposal_status_quo(const mfk_proposal *p)
{
    return p == NULL || !p->has_status_quo ? NULL : p->status_quo;
}

int mfk_proposal_amend(mfk_proposal *p, const double *position,
                       const char *text)
{
    struct mfk__version *cur, *nv;
    const char *src;

    if (p == NULL)
        return MFK_EINVAL;
    if (position != NULL && !finite_point(p, position))
        return MFK_ERANGE;
    if (p->nver == p->vercap) {
        if (mfk__grow(&p->alloc, (void **)&p->ver, p->vercap * 2,
                      sizeof *p->ver))
            return MFK_ENOMEM;
        p->vercap *= 2;
    }
    cur = &p->ver[p->nver - 1];
    nv = &p->ver[p->nver];
    src = text != NULL ? text : cur->text;
    nv->text = NULL;
    if (src != NULL && (nv->text = mfk__strdup(&p->alloc, src)) == NULL)
        return MFK_ENOMEM;
    if (position != NULL) {
        memcpy(nv->position, position, p->body->dims * sizeof *position);
        nv->has_position = 1;
    } else {
        memcpy(nv->position, cur->position, sizeof nv->position);
        nv->has_position = cur->has_position;
    }
    p->nver++;
    return MFK_OK;
}

size_t mfk_proposal_version_count(const mfk_proposal *p)
{
    return p == NULL ? 0 : p->nver;
}

int mfk_proposal_version(const mfk_proposal *p, size_t v, const char **text,
                         const double **position)
{
    if (p == NULL)
        return MFK_EINVAL;
    if (v >= p->nver)
        return MFK_ENOTFOUND;
    if (text != NULL)
        *text = p->ver[v].text;
    if (position != NULL)
        *position = p->ver[v].has_position ? p->ver[v].position : NULL;
    return MFK_OK;
}

void mfk__proposal_truncate(mfk_proposal *p, size_t keep)
{
    while (p->nver > keep) {
        p->nver--;
        mfk__free(&p->alloc, p->ver[p->nver].text);
        p->ver[p->nver].text = NULL;
    }
}

int mfk_proposal_reset(mfk_proposal *p)
{
    if (p == NULL)
        return MFK_EINVAL;
    mfk__proposal_truncate(p, 1);
    return MFK_OK;
}
