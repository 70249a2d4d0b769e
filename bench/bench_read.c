/* Benchmark of reading scenarios: the time to read grows with the size of
 * the file, not its square. Reads scenarios of 100,000 and 200,000
 * proposals, and of 250,000 and 500,000 sponsor ids (one id repeated, the
 * last member of 4,096), and prints each pair's ratio: at most 2.2 is
 * linear enough (issue 16). The two sizes are read in turn, five times
 * each, and the ratio is that of the best times, in wall-clock and in
 * processor time (the machine is shared: the best of five is the least
 * disturbed; processor time is the figure to go by). */
#include "bench.h"

#include <stdlib.h>
#include <string.h>

#include "mufakat.h"

/* A growing string. */
struct buf {
    char *p;
    size_t len, size;
};

static void put(struct buf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n + 1 > b->size) {
        b->size = (b->len + n + 1) * 2;
        b->p = realloc(b->p, b->size);
        if (b->p == NULL) {
            fprintf(stderr, "bench_read: out of memory\n");
            exit(1);
        }
    }
    memcpy(b->p + b->len, s, n + 1);
    b->len += n;
}

static void members(struct buf *b, size_t n)
{
    char item[48];
    size_t i;
    put(b, "{\"mufakat\": 1, \"body\": {\"name\": \"B\", \"members\": [");
    for (i = 0; i < n; i++) {
        snprintf(item, sizeof item, "%s{\"id\": \"M%zu\"}", i ? ", " : "", i);
        put(b, item);
    }
    put(b, "]}, \"proposals\": [");
}

/* n proposals, each with one scripted round. */
static struct buf proposals(size_t n)
{
    struct buf b = {NULL, 0, 0};
    char item[96];
    size_t i;
    members(&b, 11);
    for (i = 0; i < n; i++) {
        snprintf(item, sizeof item,
                 "%s{\"id\": \"P%zu\", \"rounds\": [{\"stances\": {}}]}",
                 i ? ", " : "", i);
        put(&b, item);
    }
    put(&b, "]}");
    return b;
}

/* One proposal whose sponsors are n times the last of 4,096 members. */
static struct buf sponsors(size_t n)
{
    struct buf b = {NULL, 0, 0};
    size_t i;
    members(&b, 4096);
    put(&b, "{\"id\": \"P1\", \"rounds\": [{\"stances\": {}}], \"sponsors\": [");
    for (i = 0; i < n; i++)
        put(&b, i ? ", \"M4095\"" : "\"M4095\"");
    put(&b, "]}]}");
    return b;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Reads b once; keeps the best wall-clock and processor seconds. */
static void read_once(const struct buf *b, double *wall, double *cpu)
{
    mfk_scenario *s = NULL;
    mfk_error err;
    double t0 = bench_now(), c0 = cpu_now(), t, c;
    if (mfk_scenario_read_json(&s, b->p, b->len, NULL, &err) != MFK_OK) {
        fprintf(stderr, "bench_read: %s\n", err.message);
        exit(1);
    }
    t = bench_now() - t0;
    c = cpu_now() - c0;
    mfk_scenario_free(s);
    if (*wall == 0 || t < *wall)
        *wall = t;
    if (*cpu == 0 || c < *cpu)
        *cpu = c;
}

/* How many times each size is read; the best time counts. */
#define TRIES 5

static void pair(const char *what, struct buf (*make)(size_t), size_t n)
{
    struct buf small = make(n), large = make(2 * n);
    double a = 0, b = 0, ca = 0, cb = 0;
    int k;
    for (k = 0; k < TRIES; k++) {
        read_once(&small, &a, &ca);
        read_once(&large, &b, &cb);
    }
    printf("  %-14s %7zu: %7.3f s (%5.1f MB)   %7zu: %7.3f s (%5.1f MB)   "
           "ratio %.2f (at most 2.2); processor time %.3f s, %.3f s, "
           "ratio %.2f\n",
           what, n, a, (double)small.len / 1e6, 2 * n, b,
           (double)large.len / 1e6, b / a, ca, cb, cb / ca);
    free(small.p);
    free(large.p);
}

/* With --once KIND N (KIND proposals or sponsors): builds that scenario
 * and reads it once, for bench/read-callgrind.sh to count the
 * instructions of the read alone. */
int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--once") == 0) {
        size_t n = (size_t)strtoul(argv[3], NULL, 10);
        struct buf b = strcmp(argv[2], "sponsors") == 0 ? sponsors(n)
                                                        : proposals(n);
        double wall = 0, cpu = 0;
        read_once(&b, &wall, &cpu);
        free(b.p);
        return 0;
    }
    pair("proposals", proposals, 100000);
    pair("sponsor ids", sponsors, 250000);
    printf("  peak memory: %ld KiB\n", bench_peak_kib());
    return 0;
}
