/* Benchmark of the simulator: member-rounds per second on one thread for
 * bodies of 11, 27 and 193 members; instructions per member-round under
 * callgrind; the speed-up on two threads; peak memory against the number
 * of runs. Consensus, one dimension, at most 10 rounds, the default
 * model and Chair, uniform culture, seed 1; and the same figures for the
 * full behaviour model (tolerance 0.05, externality 0.5, reservation
 * 0.02, indifference 0.01, absence 0.02; consensus, flexible and
 * silence), which the fast path of lib/sim/run-full.c takes.
 *
 * bench_sim --inner N R [full]: one simulation of R runs on N members,
 * one thread, printing its member-rounds, of every rule (what callgrind
 * measures). */
#include "bench.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mufakat.h"

/* The full model's parameters, as `mufakat simulate` takes them. */
static const char *const full_model[][2] = {
    {"tolerance", "0.05"},   {"externality", "0.5"},
    {"reservation", "0.02"}, {"indifference", "0.01"},
    {"absence", "0.02"}};

static mfk_sim *make(size_t n, int full)
{
    mfk_body *b;
    mfk_sim *s;
    mfk_rule r;
    size_t i;
    char id[24];

    mfk_body_new(&b, "bench", 1, NULL);
    for (i = 0; i < n; i++) {
        snprintf(id, sizeof id, "M%zu", i + 1);
        mfk_body_add_member(b, id, id, NULL);
    }
    if (mfk_sim_new(&s, b, NULL) != MFK_OK)
        exit(1);
    mfk_body_free(b);
    mfk_rule_init(&r, MFK_RULE_CONSENSUS);
    mfk_sim_add_rule(s, &r);
    if (full) {
        for (i = 0; i < sizeof full_model / sizeof full_model[0]; i++)
            if (mfk_sim_set_param(s, full_model[i][0], full_model[i][1],
                                  NULL) != MFK_OK)
                exit(1);
        mfk_rule_init(&r, MFK_RULE_FLEXIBLE);
        mfk_sim_add_rule(s, &r);
        mfk_rule_init(&r, MFK_RULE_SILENCE);
        mfk_sim_add_rule(s, &r);
    }
    return s;
}

/* Member-rounds of every rule. */
static double member_rounds(const mfk_sim *s)
{
    double v, sum = 0;
    size_t j;
    for (j = 0; j < mfk_sim_rule_count(s); j++)
        if (mfk_sim_stat(s, j, MFK_SIM_MEMBER_ROUNDS, 0, &v) == MFK_OK)
            sum += v;
    return sum;
}

/* Seconds for `runs` runs on `threads` threads; *mr gets member-rounds. */
static double timed(mfk_sim *s, unsigned long long runs, unsigned threads,
                    double *mr)
{
    double t0 = bench_now(), t1;
    if (mfk_sim_run(s, 1, runs, threads) != MFK_OK)
        exit(1);
    t1 = bench_now();
    *mr = member_rounds(s);
    return t1 - t0;
}

/* CPU time of this process so far, in seconds. */
static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

static int inner(size_t n, unsigned long long runs, int full)
{
    mfk_sim *s = make(n, full);
    double rec[4096];
    /* A first chunk takes the thread's memory, outside what callgrind
     * measures (it counts inside mfk_sim_run() only). */
    if (mfk_sim_record_size(s) > sizeof rec / sizeof rec[0] ||
        mfk_sim_run_chunks(s, 2, MFK_SIM_CHUNK, 0, 1, 1, rec, NULL) != MFK_OK)
        return 1;
    mfk_sim_run(s, 1, runs, 1);
    printf("%.0f\n", member_rounds(s));
    mfk_sim_free(s);
    return 0;
}

/* Instructions per member-round: the bench under callgrind, counting only
 * inside mfk_sim_run(). */
static void callgrind(size_t n, int full)
{
    char cmd[1024], exe[512], out[] = "/tmp/mfk-bench-sim-XXXXXX", line[512];
    double mr = 0, ir = 0;
    ssize_t len;
    FILE *f;
    int fd;

    len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0 || system("valgrind --version >/dev/null 2>&1") != 0) {
        printf("  instructions per member-round: valgrind not found\n");
        return;
    }
    exe[len] = '\0';
    fd = mkstemp(out);
    if (fd < 0)
        return;
    close(fd);
    snprintf(cmd, sizeof cmd,
             "valgrind --tool=callgrind --callgrind-out-file=%s "
             "--toggle-collect=mfk_sim_run %s --inner %zu 20000%s 2>/dev/null",
             out, exe, n, full ? " full" : "");
    f = popen(cmd, "r");
    if (f == NULL || fscanf(f, "%lf", &mr) != 1) {
        if (f != NULL)
            pclose(f);
        printf("  instructions per member-round: callgrind failed\n");
        remove(out);
        return;
    }
    pclose(f);
    f = fopen(out, "r");
    while (f != NULL && fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, "summary:", 8) == 0 ||
            strncmp(line, "totals:", 7) == 0)
            ir = strtod(line + (line[0] == 's' ? 8 : 7), NULL);
    if (f != NULL)
        fclose(f);
    remove(out);
    printf("  %3zu members: %5.1f instructions per member-round "
           "(callgrind, %.0f instructions in mfk_sim_run, %.0f "
           "member-rounds, 20000 runs)\n",
           n, ir / mr, ir, mr);
}

/* Member-rounds per second on one thread for bodies of each size. */
static void speeds(const size_t sizes[3], int full)
{
    double t1, mr1;
    size_t k;

    printf(full ? "  the full model: consensus, flexible and silence\n"
                : "  consensus, 1 dimension, at most 10 rounds, uniform "
                  "culture\n");
    for (k = 0; k < 3; k++) {
        unsigned long long runs = 4000000ULL / sizes[k] / (full ? 3 : 1);
        mfk_sim *s = make(sizes[k], full);
        timed(s, MFK_SIM_CHUNK, 1, &mr1); /* warm up */
        t1 = timed(s, runs, 1, &mr1);
        printf("  %3zu members: %6.1f M member-rounds/s on one thread "
               "(%.2f rounds a run and rule, %.0f ns a run)\n",
               sizes[k], mr1 / t1 / 1e6,
               mr1 / (double)runs / (double)sizes[k] /
                   (double)mfk_sim_rule_count(s),
               t1 / (double)runs * 1e9);
        mfk_sim_free(s);
    }
}

int main(int argc, char **argv)
{
    static const size_t sizes[] = {11, 27, 193};
    mfk_sim *s;
    double t1, t2, mr1, mr2, c2 = 0, c3 = 0, load[1];
    long kib_small, kib_big;
    size_t k;
    int full;

    if ((argc == 4 || argc == 5) && strcmp(argv[1], "--inner") == 0)
        return inner((size_t)strtoul(argv[2], NULL, 10),
                     strtoull(argv[3], NULL, 10),
                     argc == 5 && strcmp(argv[4], "full") == 0);
    for (full = 0; full < 2; full++)
        speeds(sizes, full);
    printf("  consensus, 1 dimension, at most 10 rounds, uniform culture\n");
    for (k = 0; k < 3; k++)
        callgrind(sizes[k], 0);
    printf("  the full model: consensus, flexible and silence\n");
    for (k = 0; k < 3; k++)
        callgrind(sizes[k], 1);

    s = make(27, 0);
    timed(s, MFK_SIM_CHUNK, 2, &mr1);
    if (getloadavg(load, 1) != 1)
        load[0] = -1;
    /* The best of three each, one thread and two taking turns, so that
     * a passing load weighs on neither alone. */
    t1 = t2 = 1e300;
    for (k = 0; k < 3; k++) {
        double a = timed(s, 4000000, 1, &mr1), b;
        c2 = cpu_seconds();
        b = timed(s, 4000000, 2, &mr2);
        c3 = cpu_seconds();
        t1 = a < t1 ? a : t1;
        t2 = b < t2 ? b : t2;
    }
    printf("  27 members, 4000000 runs: %.3f s on 1 thread, %.3f s on 2 "
           "(best of 3 each): speed-up %.2f (last CPU %.3f s on 2; %ld "
           "cores online, load average %.2f before)\n",
           t1, t2, t1 / t2, c3 - c2, sysconf(_SC_NPROCESSORS_ONLN), load[0]);
    mfk_sim_free(s);

    s = make(11, 0);
    timed(s, 10000, 2, &mr1);
    kib_small = bench_peak_kib();
    timed(s, 4000000, 2, &mr1);
    kib_big = bench_peak_kib();
    printf("  peak memory: %ld KiB after 10^4 runs, %ld KiB after 4 x "
           "10^6 more\n",
           kib_small, kib_big);
    mfk_sim_free(s);
    return 0;
}
