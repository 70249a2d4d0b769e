/* Benchmark of the consultation engine: stance evaluations per second and
 * nanoseconds per member per round, for bodies of 11, 27 and 193 members,
 * one dimension, consensus. */
#include "bench.h"

#include <stdlib.h>
#include <string.h>

#include "mufakat.h"

static double unit(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return (double)(*state >> 8) / (double)(1u << 24);
}

static void run(size_t n)
{
    mfk_body *b;
    mfk_proposal *p;
    mfk_consultation *c;
    unsigned char *st, *fl;
    unsigned seed = 7;
    double x, sq = 0.5, pos = 0.9, t0, t1, sink = 0;
    long rounds, r, consultations;
    size_t i;
    char id[24];
    mfk_verdict v;

    mfk_body_new(&b, "bench", 1, NULL);
    for (i = 0; i < n; i++) {
        snprintf(id, sizeof id, "M%zu", i);
        mfk_body_add_member(b, id, id, NULL);
        x = unit(&seed);
        mfk_body_set_ideal(b, i, &x);
    }
    mfk_proposal_new(&p, b, "P", "bench", NULL);
    mfk_proposal_set_position(p, &pos);
    mfk_proposal_set_status_quo(p, &sq);
    st = malloc(n);
    fl = malloc(n);

    /* One round: every member's model stance, then the rule. */
    rounds = 20000000L / (long)n;
    t0 = bench_now();
    for (r = 0; r < rounds; r++) {
        double y = (double)(r & 1023) / 1024.0;
        for (i = 0; i < n; i++)
            st[i] = (unsigned char)mfk_model_stance(b, i, &y, &sq);
        mfk_rule_apply(mfk_body_rule(b), b, p, st, fl, &v);
        sink += v;
    }
    t1 = bench_now();
    printf("  %3zu members: %6.1f M stance evaluations/s, %5.2f ns per "
           "member per round (stances and rule)\n",
           n, (double)rounds * (double)n / (t1 - t0) / 1e6,
           (t1 - t0) * 1e9 / ((double)rounds * (double)n));

    /* Whole consultations: admissibility, model rounds, chair, outcome. */
    consultations = 2000000L / (long)n;
    t0 = bench_now();
    for (r = 0; r < consultations; r++) {
        mfk_consultation_new(&c, b, p, NULL);
        mfk_consultation_run(c, mfk_model_stances, NULL, mfk_chair_default,
                             NULL);
        sink += mfk_consultation_rounds(c);
        mfk_consultation_free(c);
        mfk_proposal_reset(p); /* each run starts from the first text */
    }
    t1 = bench_now();
    printf("  %3zu members: %8.0f consultations/s (new, run to the end, "
           "free)\n", n, (double)consultations / (t1 - t0));
    if (sink < 0)
        puts("");
    free(st);
    free(fl);
    mfk_proposal_free(p);
    mfk_body_free(b);
}

int main(void)
{
    puts("consultation engine (1 dimension, consensus, behaviour model):");
    run(11);
    run(27);
    run(193);
    return 0;
}
