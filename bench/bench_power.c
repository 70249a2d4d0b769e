/* Benchmark: voting power, every index, for the games of issue 7: a
 * 601-player game, the EU-27 under the Treaty of Nice, random games of
 * 100, 170 and 1,000 players; and the targets of issue 19: 170 players
 * Banzhaf-only through the driver against the library call, Banzhaf for
 * 3,000 players (bench/votinggames.sh runs VotingGames on the same game),
 * Shapley-Shubik for 1,000 players within 1 GiB, the indices of minimal
 * winning coalitions, and 10^6 players by approximation. Figures, never
 * pass/fail. */
#include "bench.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mufakat.h"

/* Processor time of this process: the machine may be shared, so wall
 * time alone can mislead. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A small deterministic generator (xorshift64*) for the random weights,
 * so that every run times the same games. */
static unsigned long long bench_state = 0x9e3779b97f4a7c15ULL;

static unsigned long draw(unsigned long hi)
{
    bench_state ^= bench_state >> 12;
    bench_state ^= bench_state << 25;
    bench_state ^= bench_state >> 27;
    return (unsigned long)((bench_state * 2685821657736338717ULL) >> 33) % hi +
           1;
}

/* Times mfk_game_compute(what) on [quota; w], best of `reps` runs; prints
 * a line, and the first player's indices. Returns seconds, or -1. */
static double run(const char *what_name, size_t n, unsigned long quota,
                  const unsigned long *w, unsigned what, int reps)
{
    double best = -1, best_cpu = -1, *x;
    int r;
    x = malloc(n * sizeof *x);
    if (x == NULL)
        return -1;
    for (r = 0; r < reps; r++) {
        mfk_game *g = NULL;
        double t0 = bench_now(), c0 = cpu_now(), t, c;
        int rc = mfk_game_new(&g, n, quota, w, NULL);
        if (rc == MFK_OK)
            rc = mfk_game_compute(g, what);
        if (rc == MFK_OK)
            rc = mfk_game_index(g, MFK_INDEX_BANZHAF, x);
        t = bench_now() - t0;
        c = cpu_now() - c0;
        if (rc != MFK_OK) {
            printf("  %-42s %s%s\n", what_name, mfk_err_name(rc),
                   rc == MFK_ELIMIT ? ": its table of exact counts would "
                                      "exceed 1 GiB"
                                    : "");
            mfk_game_free(g);
            free(x);
            return -1;
        }
        if (best < 0 || t < best)
            best = t;
        if (best_cpu < 0 || c < best_cpu)
            best_cpu = c;
        if (r == 0) {
            double ss = 0;
            if (what & MFK_POWER_SHAPLEY) {
                mfk_game_index(g, MFK_INDEX_SHAPLEY_SHUBIK, x + 0);
                ss = x[0];
                mfk_game_index(g, MFK_INDEX_BANZHAF, x);
            }
            printf("  %-42s %10.3f ms (cpu %.3f ms)  player 1: Banzhaf %.6g",
                   what_name, best * 1e3, best_cpu * 1e3, x[0]);
            if (what & MFK_POWER_SHAPLEY)
                printf(", Shapley-Shubik %.6g", ss);
            printf("\n");
        }
        mfk_game_free(g);
    }
    if (reps > 1)
        printf("  %-42s %10.3f ms (cpu %.3f ms)  best of %d\n", "", best * 1e3,
               best_cpu * 1e3, reps);
    free(x);
    return best;
}

static unsigned long total_of(const unsigned long *w, size_t n)
{
    unsigned long t = 0;
    size_t i;
    for (i = 0; i < n; i++)
        t += w[i];
    return t;
}

/* Writes "n quota" and the weights, one a line (VotingGames' input),
 * to MFK_BENCH_GAME_FILE when it is set. */
static void save_game(size_t n, unsigned long quota, const unsigned long *w)
{
    const char *file = getenv("MFK_BENCH_GAME_FILE");
    FILE *f;
    size_t i;
    if (file == NULL || (f = fopen(file, "w")) == NULL)
        return;
    fprintf(f, "%zu %lu\n", n, quota);
    for (i = 0; i < n; i++)
        fprintf(f, "%lu\n", w[i]);
    fclose(f);
}

/* The driver on [quota; w] (the weights from a file), Banzhaf alone, JSON
 * to /dev/null: wall seconds, best of reps, or -1. */
static double driver(size_t n, unsigned long quota, const unsigned long *w,
                     int reps)
{
    const char *mufakat = getenv("MFK_BENCH_DRIVER");
    char file[] = "/tmp/mfk-bench-weights-XXXXXX", cmd[512];
    double best = -1;
    FILE *f;
    size_t i;
    int fd, r;
    if (mufakat == NULL || (fd = mkstemp(file)) < 0)
        return -1;
    f = fdopen(fd, "w");
    for (i = 0; i < n; i++)
        fprintf(f, "%lu\n", w[i]);
    fclose(f);
    snprintf(cmd, sizeof cmd,
             "'%s' power --quota %lu --weights @%s --index banzhaf "
             "--format json > /dev/null",
             mufakat, quota, file);
    for (r = 0; r < reps; r++) {
        double t0 = bench_now(), t;
        if (system(cmd) != 0) {
            best = -1;
            break;
        }
        t = bench_now() - t0;
        if (best < 0 || t < best)
            best = t;
    }
    remove(file);
    return best;
}

/* Times the estimates of Banzhaf and Shapley-Shubik for n players. */
static void approximate(size_t n, unsigned long *w)
{
    static const mfk_index both[2] = {MFK_INDEX_BANZHAF,
                                      MFK_INDEX_SHAPLEY_SHUBIK};
    mfk_game *g = NULL;
    double t0 = bench_now(), c0 = cpu_now(), t, c, *e = malloc(n * sizeof *e);
    int rc = mfk_game_new(&g, n, total_of(w, n) / 2 + 1, w, NULL);
    if (rc == MFK_OK)
        rc = mfk_game_approximate(g, both, 2);
    t = bench_now() - t0;
    c = cpu_now() - c0;
    if (rc == MFK_OK && e != NULL &&
        mfk_game_index_error(g, MFK_INDEX_SHAPLEY_SHUBIK, e) == MFK_OK)
        printf("  %-42s %10.3f ms (cpu %.3f ms)  Shapley-Shubik bound %.3g\n",
               "10^6 players, weights 1-100: approximate", t * 1e3, c * 1e3,
               e[0]);
    else
        printf("  10^6 players: %s\n", mfk_err_name(rc));
    mfk_game_free(g);
    free(e);
}

/* The bytes the exact Shapley-Shubik index of [quota; w] would take. */
static void shapley_bytes(const char *what, size_t n, unsigned long quota,
                          const unsigned long *w)
{
    static const mfk_index ss = MFK_INDEX_SHAPLEY_SHUBIK;
    mfk_game *g = NULL;
    size_t bytes = 0;
    if (mfk_game_new(&g, n, quota, w, NULL) == MFK_OK &&
        mfk_game_table_bytes(g, &ss, 1, &bytes) == MFK_OK)
        printf("  %-42s tables of %.3g GiB (the limit 1 GiB)\n", what,
               (double)bytes / (double)MFK_GAME_MAX_BYTES);
    mfk_game_free(g);
}

/* Times compute_indices on [quota; w]. */
static double run_indices(const char *what_name, size_t n, unsigned long quota,
                          const unsigned long *w, const mfk_index *idx,
                          size_t count)
{
    mfk_game *g = NULL;
    double t0 = bench_now(), c0 = cpu_now(), t, c;
    int rc = mfk_game_new(&g, n, quota, w, NULL);
    if (rc == MFK_OK)
        rc = mfk_game_compute_indices(g, idx, count);
    t = bench_now() - t0;
    c = cpu_now() - c0;
    if (rc == MFK_OK)
        printf("  %-42s %10.3f ms (cpu %.3f ms)\n", what_name, t * 1e3,
               c * 1e3);
    else
        printf("  %-42s %s\n", what_name, mfk_err_name(rc));
    mfk_game_free(g);
    return rc == MFK_OK ? t : -1;
}

/* Shapley-Shubik for 1,000 players of weights 1 to 100, alone. */
static int shapley_1000(void)
{
    static const mfk_index ss = MFK_INDEX_SHAPLEY_SHUBIK;
    static unsigned long w[1000];
    size_t i;
    for (i = 0; i < 1000; i++)
        w[i] = draw(100);
    return run_indices("1000 players, weights 1-100: Shapley-Shubik", 1000,
                       total_of(w, 1000) / 2 + 1, w, &ss, 1) < 0;
}

int main(int argc, char **argv)
{
    /* EU-27, Treaty of Nice: votes in the Council, quota 255 of 345. */
    static const unsigned long nice[27] = {29, 29, 29, 29, 27, 27, 14, 13, 12,
                                           12, 12, 12, 12, 10, 10, 10, 7,  7,
                                           7,  7,  7,  4,  4,  4,  4,  4,  3};
    static unsigned long w[3000];
    static const mfk_index mwc[3] = {MFK_INDEX_DEEGAN_PACKEL,
                                     MFK_INDEX_PUBLIC_GOOD,
                                     MFK_INDEX_JOHNSTON};
    unsigned long *big;
    char state[32];
    double lib, drv;
    size_t i;

    if (argc > 2 && strcmp(argv[1], "shapley-1000") == 0) {
        /* the game whose tables the parent sized */
        bench_state = strtoull(argv[2], NULL, 16);
        return shapley_1000();
    }
    printf("voting power, all indices (Banzhaf, Shapley-Shubik, Coleman),"
           " exact counts\n");

    /* one holder of 400 votes, 600 holders of 1, quota 501 */
    w[0] = 400;
    for (i = 1; i < 601; i++)
        w[i] = 1;
    run("601 players [501; 400, 1 x 600]", 601, 501, w, MFK_POWER_ALL, 3);

    run("EU-27 Nice [255; 29 ... 3]", 27, 255, nice, MFK_POWER_ALL, 20);

    for (i = 0; i < 100; i++)
        w[i] = draw(100);
    run("100 players, weights 1-100, quota W/2+1", 100,
        total_of(w, 100) / 2 + 1, w, MFK_POWER_ALL, 5);

    for (i = 0; i < 170; i++)
        w[i] = draw(1000);
    run("170 players, weights 1-1000: Banzhaf", 170, total_of(w, 170) / 2 + 1,
        w, MFK_POWER_BANZHAF, 3);
    run("170 players, weights 1-1000: all indices", 170,
        total_of(w, 170) / 2 + 1, w, MFK_POWER_ALL, 1);
    lib = run("170 players: Banzhaf, the library call", 170,
              total_of(w, 170) / 2 + 1, w, MFK_POWER_BANZHAF, 5);
    drv = driver(170, total_of(w, 170) / 2 + 1, w, 5);
    if (lib > 0 && drv > 0)
        printf("  %-42s %10.3f ms  %.2f times the library call\n",
               "170 players: mufakat power --index banzhaf", drv * 1e3,
               drv / lib);

    for (i = 0; i < 1000; i++)
        w[i] = draw(1000);
    run("1000 players, weights 1-1000: Banzhaf", 1000,
        total_of(w, 1000) / 2 + 1, w, MFK_POWER_BANZHAF, 1);
    run("1000 players, weights 1-1000: all indices", 1000,
        total_of(w, 1000) / 2 + 1, w, MFK_POWER_ALL, 1);
    for (i = 0; i < 40; i++)
        w[i] = draw(100);
    run_indices("40 players, weights 1-100: Deegan-Packel,", 40,
                total_of(w, 40) / 2 + 1, w, mwc, 2);
    run_indices("  Public Good and Johnston: Johnston", 40,
                total_of(w, 40) / 2 + 1, w, mwc + 2, 1);
    snprintf(state, sizeof state, "%llx", bench_state); /* for the child */
    for (i = 0; i < 1000; i++)
        w[i] = draw(100);
    shapley_bytes("1000 players, weights 1-100: Shapley-Shubik", 1000,
                  total_of(w, 1000) / 2 + 1, w);
    for (i = 0; i < 1000; i++)
        w[i] = draw(1000);
    shapley_bytes("1000 players, weights 1-1000: Shapley-Shubik", 1000,
                  total_of(w, 1000) / 2 + 1, w);
    /* the game VotingGames runs beside it (bench/votinggames.sh) */
    for (i = 0; i < 3000; i++)
        w[i] = draw(100);
    save_game(3000, total_of(w, 3000) / 2 + 1, w);
    run("3000 players, weights 1-100: Banzhaf", 3000,
        total_of(w, 3000) / 2 + 1, w, MFK_POWER_BANZHAF, 1);
    printf("  peak memory %ld KiB\n", bench_peak_kib());
    big = malloc(1000000 * sizeof *big);
    if (big != NULL) {
        for (i = 0; i < 1000000; i++)
            big[i] = draw(100);
        approximate(1000000, big);
        free(big);
    }
    /* Shapley-Shubik for 1,000 players, its tables 0.98 GiB (about a
     * minute and a half of processor time), in a new process of this
     * program for its peak memory alone */
    fflush(stdout);
    {
        struct rusage ru;
        int status;
        pid_t pid = fork();
        if (pid == 0) {
            execl("/proc/self/exe", "bench_power", "shapley-1000", state,
                  (char *)NULL);
            _exit(127);
        }
        if (pid > 0 && wait4(pid, &status, 0, &ru) == pid &&
            WIFEXITED(status) && WEXITSTATUS(status) == 0)
            printf("  %-42s %ld KiB (1 GiB: 1048576 KiB)\n",
                   "  its peak memory", ru.ru_maxrss);
    }
    return 0;
}
