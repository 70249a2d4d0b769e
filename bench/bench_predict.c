/* Benchmark: the exchange model on the COP21 table (15 negotiating
 * groups, 13 issues, 10 rounds), against the reference program's model
 * loop, 8.8 s of CPU on the same file as issue 19 measured it (target:
 * 100 times as fast, under 88 ms); through the library and through the
 * driver. Figures, never pass/fail. */
#include "bench.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "mufakat.h"

#define REFERENCE_CPU 8.8

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double children_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 +
           (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
}

int main(int argc, char **argv)
{
    const char *src = getenv("MFK_BENCH_SRCDIR");
    const char *driver = argc > 1 ? argv[1] : NULL;
    char path[1024], cmd[2400];
    mfk_scenario *s;
    mfk_error err;
    double best = -1, best_cpu = -1;
    size_t total = 0;
    unsigned r;
    int rep;

    snprintf(path, sizeof path, "%s/tests/data/exchange/cop21.csv",
             src != NULL ? src : ".");
    if (mfk_scenario_read_file(&s, path, NULL, &err) != MFK_OK) {
        fprintf(stderr, "bench_predict: %s: %s\n", path, err.message);
        return 1;
    }
    for (rep = 0; rep < 5; rep++) {
        mfk_prediction *p;
        double t0 = bench_now(), c0 = cpu_now(), t, c;
        if (mfk_predict(&p, mfk_scenario_body(s), MFK_PREDICT_EXCHANGE, NULL,
                        10, NULL) != MFK_OK) {
            fprintf(stderr, "bench_predict: the exchange model failed\n");
            return 1;
        }
        t = bench_now() - t0;
        c = cpu_now() - c0;
        if (best < 0 || t < best)
            best = t;
        if (best_cpu < 0 || c < best_cpu)
            best_cpu = c;
        for (r = 0, total = 0; r < mfk_prediction_rounds(p); r++)
            total += mfk_prediction_exchange_count(p, r);
        mfk_prediction_free(p);
    }
    printf("exchange model, COP21, 10 rounds, %zu exchanges: best of 5 "
           "%.1f ms wall, %.1f ms CPU;\n  reference model loop %.1f s CPU: "
           "%.0f times as fast (target 100, under 88 ms)\n",
           total, best * 1e3, best_cpu * 1e3, REFERENCE_CPU,
           REFERENCE_CPU / best_cpu);
    if (driver != NULL) {
        double c0 = children_cpu(), c;
        snprintf(cmd, sizeof cmd,
                 "%s predict '%s' --model exchange --format json > /dev/null",
                 driver, path);
        for (rep = 0; rep < 5; rep++)
            if (system(cmd) != 0) {
                fprintf(stderr, "bench_predict: %s failed\n", cmd);
                return 1;
            }
        c = (children_cpu() - c0) / 5;
        printf("mufakat predict --model exchange --format json: %.1f ms CPU "
               "a run (mean of 5), %.0f times as fast as the reference\n",
               c * 1e3, REFERENCE_CPU / c);
    }
    mfk_scenario_free(s);
    printf("peak memory %ld KiB\n", bench_peak_kib());
    return 0;
}
