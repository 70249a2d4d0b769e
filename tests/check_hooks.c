/* Tests: hooks. A host's hook sees every stance, round, amendment and
 * outcome, so that a mirror of the meeting equals its record; a hook's
 * non-zero return aborts the action and leaves the consultation as it
 * was (mfk_consultation_set_hook(3)). */
#include "tests.h"

#include <stdint.h>
#include <string.h>

#define N 5
#define R 10

/* A meeting as a host sees it through the hook alone. */
struct mirror {
    unsigned rounds;
    unsigned char st[R][N];    /* the open round's, then each closed one */
    int verdict[R];
    size_t version[R];        /* the version each round was held on */
    size_t versions;          /* versions of the text: 1 + amendments */
    double pos[R + 1];
    int outcome, outcomes;
    unsigned events;          /* events of each type seen, as bits */
    int abort_type;           /* abort events of this type... */
    unsigned abort_round;     /* ...in this round (0: any) */
};

static int mirror_hook(const mfk_consultation *c, const mfk_event *e,
                       void *ud)
{
    struct mirror *m = ud;
    unsigned r = mfk_event_round(e);
    mfk_event_type t = mfk_event_get_type(e);

    (void)c;
    if ((int)t == m->abort_type && (m->abort_round == 0 ||
                                    r == m->abort_round))
        return 1;
    m->events |= (unsigned)t;
    switch (t) {
    case MFK_EVENT_STANCE:
        ck_assert_uint_eq(r, m->rounds + 1);
        ck_assert_uint_lt(mfk_event_member(e), N);
        m->st[r - 1][mfk_event_member(e)] =
            (unsigned char)mfk_event_stance(e);
        ck_assert_int_eq(mfk_event_verdict(e), -1);
        break;
    case MFK_EVENT_ROUND:
        ck_assert_uint_eq(r, m->rounds + 1);
        m->verdict[r - 1] = mfk_event_verdict(e);
        m->version[r - 1] = m->versions - 1;
        m->rounds = r;
        if (r < R)
            memset(m->st[r], MFK_SILENT, N);
        break;
    case MFK_EVENT_AMEND:
        ck_assert_uint_eq(r, m->rounds + 1);
        ck_assert_ptr_nonnull(mfk_event_position(e));
        m->pos[m->versions++] = mfk_event_position(e)[0];
        break;
    case MFK_EVENT_OUTCOME:
        m->outcome = mfk_event_outcome(e);
        m->outcomes++;
        ck_assert_uint_eq(r, m->rounds);
        break;
    default:
        ck_abort_msg("unknown event %d", (int)t);
    }
    return 0;
}

static void mirror_init(struct mirror *m, double pos)
{
    memset(m, 0, sizeof *m);
    memset(m->st[0], MFK_SILENT, N);
    m->versions = 1;
    m->pos[0] = pos;
    m->outcome = -1;
    m->abort_type = -1;
}

/* Five members in one dimension; the text starts at 0.9 from a status
 * quo of 0, so that the Chair moves it round by round. */
static mfk_body *body5(void)
{
    static const double ideal[N] = {0.9, 0.7, 0.5, 0.35, 0.6};
    mfk_body *b = test_body(N);
    size_t i;
    for (i = 0; i < N; i++)
        ck_assert_int_eq(mfk_body_set_ideal(b, i, &ideal[i]), MFK_OK);
    return b;
}

static mfk_proposal *prop5(mfk_body *b)
{
    mfk_proposal *p = NULL;
    const double x = 0.9, sq = 0.0;
    ck_assert_int_eq(mfk_proposal_new(&p, b, "P1", "title", NULL), MFK_OK);
    ck_assert_int_eq(mfk_proposal_set_position(p, &x), MFK_OK);
    ck_assert_int_eq(mfk_proposal_set_status_quo(p, &sq), MFK_OK);
    return p;
}

/* The mirror holds what the record holds: each round's stances, verdict
 * and version, each version's position, and the outcome. */
static void assert_mirror_is_record(const struct mirror *m,
                                    const mfk_consultation *c)
{
    mfk_record *rec = NULL;
    unsigned r;
    size_t v;

    ck_assert_int_eq(mfk_record_new(&rec, c, "2026-07-01T09:00:00Z", NULL),
                     MFK_OK);
    ck_assert_uint_eq(mfk_record_rounds(rec), m->rounds);
    for (r = 1; r <= m->rounds; r++) {
        const unsigned char *st;
        mfk_verdict verdict;
        size_t ver;
        ck_assert_int_eq(mfk_record_round(rec, r, &st, NULL, &verdict, &ver),
                         MFK_OK);
        ck_assert_mem_eq(st, m->st[r - 1], N);
        ck_assert_int_eq((int)verdict, m->verdict[r - 1]);
        ck_assert_uint_eq(ver, m->version[r - 1]);
    }
    ck_assert_uint_eq(mfk_record_version_count(rec), m->versions);
    for (v = 0; v < m->versions; v++) {
        const double *pos;
        ck_assert_int_eq(mfk_record_version(rec, v, NULL, &pos), MFK_OK);
        ck_assert(pos[0] == m->pos[v]);
    }
    ck_assert_int_eq(m->outcomes, 1);
    ck_assert_int_eq((int)mfk_record_outcome(rec), m->outcome);
    mfk_record_free(rec);
}

START_TEST(test_mirror_of_run)
{
    mfk_body *b = body5();
    mfk_proposal *p = prop5(b);
    mfk_consultation *c = NULL;
    struct mirror m;

    mirror_init(&m, 0.9);
    ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_hook(c, MFK_EVENT_ALL, mirror_hook,
                                               &m),
                     MFK_OK);
    ck_assert_int_eq(mfk_consultation_run(c, mfk_model_stances, NULL,
                                          mfk_chair_default, NULL),
                     MFK_OK);
    /* the Chair moved the text at least once before it was adopted */
    ck_assert_uint_ge(m.rounds, 2);
    ck_assert_uint_ge(m.versions, 2);
    ck_assert_uint_eq(m.events, MFK_EVENT_ALL);
    assert_mirror_is_record(&m, c);
    test_free(c, p, b);
}
END_TEST

/* A host that feeds stances one by one, amends, and ends early. */
START_TEST(test_mirror_of_host)
{
    mfk_body *b = body5();
    mfk_proposal *p = prop5(b);
    mfk_consultation *c = NULL;
    struct mirror m;
    const double x = 0.6;

    mirror_init(&m, 0.9);
    ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_hook(c, MFK_EVENT_ALL, mirror_hook,
                                               &m),
                     MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 0, MFK_SUPPORT), MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 3, MFK_OBJECT), MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 3, MFK_NOT_READY),
                     MFK_OK);
    ck_assert_int_eq(mfk_consultation_close_round(c, NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_amend(c, &x, "second"), MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 1, MFK_ABSTAIN), MFK_OK);
    ck_assert_int_eq(mfk_consultation_close_round(c, NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_end(c), MFK_OK);
    ck_assert_int_eq(m.outcome, MFK_OUTCOME_DEFERRED);
    /* ending what is over tells nothing more */
    ck_assert_int_eq(mfk_consultation_end(c), MFK_OK);
    assert_mirror_is_record(&m, c);
    test_free(c, p, b);
}
END_TEST

/* The consultation's state, to compare before and after an abort. */
struct state {
    unsigned rounds;
    int done;
    size_t versions, violations;
    unsigned char open[N];
};

static void state_of(mfk_consultation *c, struct state *s)
{
    size_t i;
    memset(s, 0, sizeof *s);
    s->rounds = mfk_consultation_rounds(c);
    s->done = mfk_consultation_done(c);
    s->versions = mfk_proposal_version_count(mfk_consultation_proposal(c));
    s->violations = mfk_consultation_violation_count(c);
    for (i = 0; i < N; i++)
        s->open[i] = (unsigned char)mfk_consultation_participant(c, i);
}

static void assert_same(const struct state *a, const struct state *b)
{
    ck_assert_uint_eq(a->rounds, b->rounds);
    ck_assert_int_eq(a->done, b->done);
    ck_assert_uint_eq(a->versions, b->versions);
    ck_assert_uint_eq(a->violations, b->violations);
    ck_assert_mem_eq(a->open, b->open, N);
}

static int refuse(const mfk_consultation *c, const mfk_event *e, void *ud)
{
    (void)c;
    (void)e;
    (void)ud;
    return -1;
}

START_TEST(test_abort_leaves_unchanged)
{
    static const mfk_event_type types[] = {MFK_EVENT_STANCE, MFK_EVENT_ROUND,
                                           MFK_EVENT_AMEND,
                                           MFK_EVENT_OUTCOME};
    mfk_body *b = body5();
    mfk_proposal *p = prop5(b);
    mfk_consultation *c = NULL;
    const unsigned char *st;
    struct state before, after;
    const double x = 0.6;
    mfk_outcome o;
    size_t t, i;

    ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
    for (t = 0; t < 4; t++) {
        ck_assert_int_eq(mfk_consultation_reset(c), MFK_OK);
        ck_assert_int_eq(mfk_consultation_set_hook(c, 0, NULL, NULL),
                         MFK_OK);
        /* round 1 adopts: every member joins */
        for (i = 0; i < N; i++)
            ck_assert_int_eq(mfk_consultation_set_stance(c, i, MFK_JOIN),
                             MFK_OK);
        ck_assert_int_eq(mfk_consultation_set_hook(c, (unsigned)types[t],
                                                   refuse, NULL),
                         MFK_OK);
        state_of(c, &before);
        ck_assert_int_eq(mfk_consultation_set_stance(c, 2, MFK_OBJECT),
                         t == 0 ? MFK_ECALLBACK : MFK_OK);
        if (t != 0)
            ck_assert_int_eq(mfk_consultation_set_stance(c, 2, MFK_JOIN),
                             MFK_OK);
        ck_assert_int_eq(mfk_consultation_amend(c, &x, NULL),
                         t == 2 ? MFK_ECALLBACK : MFK_OK);
        ck_assert_int_eq(mfk_consultation_close_round(c, NULL),
                         t == 1 || t == 3 ? MFK_ECALLBACK : MFK_OK);
        if (t == 1 || t == 3) {
            /* the round is still open, with the stances given */
            ck_assert_int_eq(mfk_consultation_outcome(c, &o), MFK_ESTATE);
            state_of(c, &after);
            before.versions++; /* the amendment stood */
            assert_same(&before, &after);
            ck_assert_int_eq(mfk_consultation_round(c, 1, &st, NULL, NULL,
                                                    NULL),
                             MFK_ENOTFOUND);
            ck_assert_int_eq(mfk_consultation_set_hook(c, 0, NULL, NULL),
                             MFK_OK);
            ck_assert_int_eq(mfk_consultation_close_round(c, NULL), MFK_OK);
            ck_assert_int_eq(mfk_consultation_round(c, 1, &st, NULL, NULL,
                                                    NULL),
                             MFK_OK);
            for (i = 0; i < N; i++)
                ck_assert_int_eq(st[i], MFK_JOIN);
        } else if (t == 2) {
            ck_assert_uint_eq(mfk_proposal_version_count(p),
                              before.versions);
        }
        ck_assert_int_eq(mfk_consultation_outcome(c, &o), MFK_OK);
        ck_assert_int_eq(o, MFK_OUTCOME_ADOPTED);
        for (i = 0; i < N; i++)
            ck_assert(mfk_consultation_participant(c, i));
    }
    test_free(c, p, b);
}
END_TEST

START_TEST(test_abort_end_and_run)
{
    mfk_body *b = body5();
    mfk_proposal *p = prop5(b);
    mfk_consultation *c = NULL;
    struct mirror m;
    mfk_outcome o;

    ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_close_round(c, NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_hook(c, MFK_EVENT_OUTCOME, refuse,
                                               NULL),
                     MFK_OK);
    ck_assert_int_eq(mfk_consultation_end(c), MFK_ECALLBACK);
    ck_assert(!mfk_consultation_done(c));
    ck_assert_int_eq(mfk_consultation_outcome(c, &o), MFK_ESTATE);
    ck_assert_uint_eq(mfk_consultation_rounds(c), 1);
    ck_assert_int_eq(mfk_consultation_set_hook(c, 0, refuse, NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_end(c), MFK_OK);
    ck_assert_int_eq(mfk_consultation_outcome(c, &o), MFK_OK);
    ck_assert_int_eq(o, MFK_OUTCOME_DEFERRED);

    /* a run stops where its hook refused, after the rounds before */
    ck_assert_int_eq(mfk_consultation_reset(c), MFK_OK);
    mirror_init(&m, 0.9);
    m.abort_type = MFK_EVENT_ROUND;
    m.abort_round = 2;
    ck_assert_int_eq(mfk_consultation_set_hook(c, MFK_EVENT_ALL, mirror_hook,
                                               &m),
                     MFK_OK);
    ck_assert_int_eq(mfk_consultation_run(c, mfk_model_stances, NULL, NULL,
                                          NULL),
                     MFK_ECALLBACK);
    ck_assert_uint_eq(mfk_consultation_rounds(c), 1);
    ck_assert(!mfk_consultation_done(c));
    ck_assert_uint_eq(m.rounds, 1);
    /* a refused stance stops a run before its round closes */
    ck_assert_int_eq(mfk_consultation_reset(c), MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_hook(c, MFK_EVENT_STANCE, refuse,
                                               NULL),
                     MFK_OK);
    ck_assert_int_eq(mfk_consultation_run(c, mfk_model_stances, NULL, NULL,
                                          NULL),
                     MFK_ECALLBACK);
    ck_assert_uint_eq(mfk_consultation_rounds(c), 0);
    test_free(c, p, b);
}
END_TEST

START_TEST(test_hook_arguments)
{
    mfk_body *b = body5();
    mfk_proposal *p = prop5(b);
    mfk_consultation *c = NULL;

    ck_assert_int_eq(mfk_consultation_new(&c, b, p, NULL), MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_hook(NULL, 1, refuse, NULL),
                     MFK_EINVAL);
    ck_assert_int_eq(mfk_consultation_set_hook(c, 16, refuse, NULL),
                     MFK_EINVAL);
    /* a NULL hook with a mask is no hook */
    ck_assert_int_eq(mfk_consultation_set_hook(c, MFK_EVENT_ALL, NULL, NULL),
                     MFK_OK);
    ck_assert_int_eq(mfk_consultation_set_stance(c, 0, MFK_JOIN), MFK_OK);
    ck_assert_int_eq((int)mfk_event_get_type(NULL), 0);
    ck_assert_uint_eq(mfk_event_round(NULL), 0);
    ck_assert(mfk_event_member(NULL) == SIZE_MAX);
    ck_assert_int_eq(mfk_event_stance(NULL), -1);
    ck_assert_int_eq(mfk_event_verdict(NULL), -1);
    ck_assert_int_eq(mfk_event_outcome(NULL), -1);
    ck_assert_ptr_null(mfk_event_position(NULL));
    ck_assert_ptr_null(mfk_event_text(NULL));
    ck_assert_ptr_null(mfk_event_time(NULL));
    test_free(c, p, b);
}
END_TEST

Suite *hooks_suite(void)
{
    Suite *s = suite_create("hooks");
    TCase *tc = test_case("hooks");
    suite_add_tcase(s, tc);
    tcase_add_test(tc, test_mirror_of_run);
    tcase_add_test(tc, test_mirror_of_host);
    tcase_add_test(tc, test_abort_leaves_unchanged);
    tcase_add_test(tc, test_abort_end_and_run);
    tcase_add_test(tc, test_hook_arguments);
    return s;
}
