/* The simulator's numerical kernels: what the fast path does member by
 * member, as a table of functions chosen once per simulation. Each
 * kernel gives the same doubles and bits as the reference, with the same
 * IEEE operations in the same order for each member (no fused
 * multiply-adds); only how many members are taken at once differs. */
#ifndef MUFAKAT_SIM_KERNEL_H
#define MUFAKAT_SIM_KERNEL_H

#include "sim/sim-private.h"

/* The members' parameters of the stance model in one dimension with
 * every salience 1, member i at x[i]: its distance dq[i] to the status
 * quo, reach[i] = dq[i] + tol[i], its tolerance, externality,
 * indifference, reservation and support gain. */
struct mfk__stance_params {
    const double *x, *dq, *reach, *tol, *ext, *ind, *res, *gain;
};

struct mfk__sim_kernel {
    const char *name;
    /* 2 * pairs uniform values on the grid of 2^-32 from the next
     * `pairs` outputs of r, each output's low half first. */
    void (*unit_pairs)(mfk_rng *r, double *out, size_t pairs);
    /* Four runs' uniform draws at once, run0 .. run0 + 3, each stream
     * seeded as mfk__rng_seed_stream() seeds it from mix: `values`
     * uniform values of run l from out + l * stride (stride a multiple
     * of 4 and at least values rounded up to one), the next output after
     * them in next[l], the stream after that in after[l]. NULL where a
     * kernel draws run by run. */
    void (*draw4)(unsigned long long mix, unsigned long long run0,
                  size_t values, size_t stride, double *out,
                  unsigned long long next[4], mfk_rng after[4]);
    /* Round 1 in one dimension with every salience 1: reach[i] =
     * |q - x_i| + tol_i; member i objects to p when |p - x_i| >
     * reach[i], bit i of obj ((n + 63) / 64 words, all written); est
     * gets the largest x_i - reach_i, the smallest x_i + reach_i and the
     * largest |x_i| (from -inf, +inf and 0). */
    void (*round1_1d)(const double *x, const double *tol, size_t n,
                      double q, double p, double *reach,
                      unsigned long long *obj, double est[3]);
    /* The same, and dq[i] = |q - x_i| (sqrt((q - x_i)^2)), the same
     * doubles as dist_add_1d() adds to 0 (the full model's). */
    void (*round1_dq_1d)(const double *x, const double *tol, size_t n,
                         double q, double p, double *reach, double *dq,
                         unsigned long long *obj, double est[3]);
    /* The objectors to p in one dimension with every salience 1, into
     * obj as round1_1d() makes them. */
    void (*objections_1d)(const double *x, const double *reach, size_t n,
                          double p, unsigned long long *obj);
    /* The first member i with sqrt(sal_i (y - x_i)^2) > reach_i in one
     * dimension, or n. */
    size_t (*first_objector)(const double *x, const double *sal,
                             const double *reach, size_t n, double y);
    /* The members whose own end x_i + dir reach_i is within width of
     * est, in order, into near; returns how many (every salience 1). */
    size_t (*near_ends)(const double *x, const double *reach, size_t n,
                        double est, double width, int dir, size_t *near);
    /* sum[i] += sqrt((p - x_i)^2), in one dimension. */
    void (*dist_add_1d)(double *sum, const double *x, size_t n, double p);
    /* Four candidates y[0 .. 3] at once for the members near[0 .. k-1]
     * (members 0 .. k-1 where near is NULL; every salience 1): bit t set
     * when none of them has sqrt((y_t - x_i)^2) > reach_i. */
    unsigned (*accept4)(const double *x, const double *reach,
                        const size_t *near, size_t k, const double y[4]);
    /* Each member's stance at p, mfk__stance_of() at the distance
     * sqrt((p - x_i)^2) (under flexible where flex), into st[i]; returns
     * the count of each stance v in bits 8v .. 8v + 7 (n at most 255). */
    unsigned long long (*stances_1d)(const struct mfk__stance_params *m,
                                     size_t n, double p, int flex,
                                     unsigned char *st);
    /* The default Chair's choice from ends known within delta of lo and
     * hi (mfk__pick_near() of pick-near.h): MFK_OK with *out, MFK_DONE,
     * or MFK__PICK_UNDECIDED. */
    int (*pick_near)(double lo, double hi, double delta, double pos,
                     double sq, double scale, double *out);
};

extern const struct mfk__sim_kernel mfk__sim_kernel_ref;

/* The reference's functions, which other kernels take for what they do
 * not do faster. */
void mfk__kref_round1_1d(const double *x, const double *tol, size_t n,
                         double q, double p, double *reach,
                         unsigned long long *obj, double est[3]);
void mfk__kref_round1_dq_1d(const double *x, const double *tol, size_t n,
                            double q, double p, double *reach, double *dq,
                            unsigned long long *obj, double est[3]);
void mfk__kref_objections_1d(const double *x, const double *reach, size_t n,
                             double p, unsigned long long *obj);
unsigned long long mfk__kref_stances_1d(const struct mfk__stance_params *m,
                                        size_t n, double p, int flex,
                                        unsigned char *st);
int mfk__kref_pick_near(double lo, double hi, double delta, double pos,
                        double sq, double scale, double *out);

/* The SSE2 kernel's functions (x86-64 only), which the AVX2 kernel takes
 * for what it does not do four at a time. */
extern const struct mfk__sim_kernel mfk__sim_kernel_sse2;
extern const struct mfk__sim_kernel mfk__sim_kernel_avx2;
void mfk__ksse2_unit_pairs(mfk_rng *r, double *out, size_t pairs);
void mfk__ksse2_round1_1d(const double *x, const double *tol, size_t n,
                          double q, double p, double *reach,
                          unsigned long long *obj, double est[3]);
void mfk__ksse2_round1_dq_1d(const double *x, const double *tol, size_t n,
                             double q, double p, double *reach, double *dq,
                             unsigned long long *obj, double est[3]);
void mfk__ksse2_objections_1d(const double *x, const double *reach,
                              size_t n, double p, unsigned long long *obj);
size_t mfk__ksse2_first_objector(const double *x, const double *sal,
                                 const double *reach, size_t n, double y);
size_t mfk__ksse2_near_ends(const double *x, const double *reach, size_t n,
                            double est, double width, int dir, size_t *near);
void mfk__ksse2_dist_add_1d(double *sum, const double *x, size_t n,
                            double p);
unsigned mfk__ksse2_accept4(const double *x, const double *reach,
                            const size_t *near, size_t k, const double y[4]);

/* The fastest kernel this processor runs. */
const struct mfk__sim_kernel *mfk__sim_kernel_best(void);

/* The kernel of that name ("reference", "sse2", "avx2"), or NULL when
 * this build has none of that name or this processor cannot run it. */
const struct mfk__sim_kernel *mfk__sim_kernel_named(const char *name);

#endif
