/* Benchmark of records and the journal: records encoded and appended
 * (fsync'ed) per second, bytes per record; reading a 100 MB journal with
 * mufakat's reader, side by side with a bare pass of libcbor's
 * cbor_stream_decode with empty callbacks over the same bytes (the floor
 * for any reader built on libcbor) and with python3-cbor2; peak memory;
 * and the time to refuse hostile inputs; the same for a journal of
 * version 2 (framed, summed and linked records), read with its chain
 * checked and without. MFK_BENCH_JOURNAL_MB sets the journal's size
 * (default 100). */
#include "bench.h"

#include <cbor.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mufakat.h"

#include <sodium.h>

/* A counting allocator: the peak of live bytes. */
struct counter {
    size_t live, peak;
};

typedef union hdr {
    size_t size;
    max_align_t align;
} hdr;

static void *c_malloc(size_t n, void *ud)
{
    struct counter *c = ud;
    hdr *h = malloc(sizeof *h + n);
    if (h == NULL)
        return NULL;
    h->size = n;
    c->live += n;
    if (c->live > c->peak)
        c->peak = c->live;
    return h + 1;
}

static void *c_realloc(void *p, size_t n, void *ud)
{
    struct counter *c = ud;
    hdr *h;
    if (p == NULL)
        return c_malloc(n, ud);
    h = (hdr *)p - 1;
    c->live -= h->size;
    h = realloc(h, sizeof *h + n);
    if (h == NULL)
        return NULL;
    h->size = n;
    c->live += n;
    if (c->live > c->peak)
        c->peak = c->live;
    return h + 1;
}

static void c_free(void *p, void *ud)
{
    struct counter *c = ud;
    hdr *h;
    if (p == NULL)
        return;
    h = (hdr *)p - 1;
    c->live -= h->size;
    free(h);
}

static mfk_scenario *demo(void)
{
    const char *src = getenv("MFK_BENCH_SRCDIR");
    char path[4096];
    mfk_scenario *s;
    mfk_error err;
    snprintf(path, sizeof path, "%s/examples/asean-amm.json",
             src ? src : ".");
    if (mfk_scenario_read_file(&s, path, NULL, &err) != MFK_OK) {
        fprintf(stderr, "bench_journal: %s: %s\n", path, err.message);
        exit(1);
    }
    return s;
}

static const unsigned char header[] =
    "\xd9\xd9\xf7\xa2\x66" "format" "\x6f" "mufakat-journal" "\x67" "version"
    "\x01";

/* The demo's records, one per proposal. */
static mfk_record **demo_records(mfk_scenario *s, size_t *n)
{
    size_t i, np = mfk_scenario_proposal_count(s);
    mfk_record **recs = calloc(np, sizeof *recs);
    for (i = 0; i < np; i++) {
        mfk_consultation *c;
        mfk_scenario_consult(s, i, NULL, &c);
        mfk_record_new(&recs[i], c, "2026-07-10T09:00:00Z", NULL);
        mfk_consultation_free(c);
    }
    *n = np;
    return recs;
}

static void bench_write(mfk_record **recs, size_t np, const char *dir)
{
    char path[4096];
    unsigned char buf[1 << 16];
    size_t len, bytes = 0;
    long k, n = 200000, appends = 1000;
    double t0, t1;
    mfk_journal *j;

    t0 = bench_now();
    for (k = 0; k < n; k++) {
        mfk_record_set_seq(recs[k % np], (unsigned long long)k + 1);
        mfk_record_encode(recs[k % np], buf, sizeof buf, &len);
        bytes += len;
    }
    t1 = bench_now();
    printf("encode: %.0f records/s, %.0f MB/s, %.0f bytes per record "
           "(the demo's records)\n",
           n / (t1 - t0), bytes / (t1 - t0) / 1e6, (double)bytes / n);
    snprintf(path, sizeof path, "%s/append.journal", dir);
    unlink(path);
    mfk_journal_open(&j, path, NULL, NULL);
    t0 = bench_now();
    for (k = 0; k < appends; k++)
        mfk_journal_append(j, recs[k % np], NULL);
    t1 = bench_now();
    mfk_journal_close(j);
    printf("append (each write fsync'ed, under the lock): %.0f records/s, "
           "%.3f ms per record\n",
           appends / (t1 - t0), (t1 - t0) / appends * 1e3);
    unlink(path);
}

/* A journal of about `mb` MB: the header, then the demo's records. */
static size_t make_journal(const char *path, mfk_record **recs, size_t np,
                           size_t mb)
{
    FILE *f = fopen(path, "wb");
    unsigned char buf[1 << 16];
    size_t len, total = sizeof header - 1, n = 0;
    fwrite(header, 1, sizeof header - 1, f);
    while (total < mb * 1000000) {
        mfk_record_set_seq(recs[n % np], (unsigned long long)n + 1);
        mfk_record_encode(recs[n % np], buf, sizeof buf, &len);
        fwrite(buf, 1, len, f);
        total += len;
        n++;
    }
    fclose(f);
    return n;
}

/* A journal of version 2 as the writer makes it, without an fsync a
 * record: each record's map gains its link ("prev", the SHA-256 of the
 * item before, which sorts between "body" and "time"), framed as tag
 * 55799 and [map, null, SHA-256 of the item's bytes before those 32]. */
static size_t make_journal_v2(const char *path, mfk_record **recs,
                              size_t np, size_t mb)
{
    static const unsigned char header2[] =
        "\xd9\xd9\xf7\xa2\x66" "format" "\x6f" "mufakat-journal"
        "\x67" "version" "\x02";
    FILE *f = fopen(path, "wb");
    static unsigned char buf[1 << 16], map[(1 << 16) + 64], item[1 << 17];
    unsigned char prev[32];
    size_t len, total = sizeof header2 - 1, n = 0, at, ilen;
    fwrite(header2, 1, sizeof header2 - 1, f);
    crypto_hash_sha256(prev, header2, sizeof header2 - 1);
    while (total < mb * 1000000) {
        mfk_record_set_seq(recs[n % np], (unsigned long long)n + 1);
        mfk_record_encode(recs[n % np], buf, sizeof buf, &len);
        for (at = 0; at + 5 <= len && memcmp(buf + at, "\x64time", 5); at++)
            ;
        map[0] = (unsigned char)(buf[0] + 1); /* one pair more */
        memcpy(map + 1, buf + 1, at - 1);
        memcpy(map + at, "\x64prev\x58\x20", 7);
        memcpy(map + at + 7, prev, 32);
        memcpy(map + at + 39, buf + at, len - at);
        len += 39;
        memcpy(item, "\xd9\xd9\xf7\x83", 4);
        ilen = 4;
        if (len < 24) {
            item[ilen++] = (unsigned char)(0x40 + len);
        } else if (len < 256) {
            item[ilen++] = 0x58;
            item[ilen++] = (unsigned char)len;
        } else {
            item[ilen++] = 0x59;
            item[ilen++] = (unsigned char)(len >> 8);
            item[ilen++] = (unsigned char)len;
        }
        memcpy(item + ilen, map, len);
        ilen += len;
        memcpy(item + ilen, "\xf6\x58\x20", 3);
        ilen += 3;
        crypto_hash_sha256(item + ilen, item, ilen);
        ilen += 32;
        crypto_hash_sha256(prev, item, ilen);
        fwrite(item, 1, ilen, f);
        total += ilen;
        n++;
    }
    fclose(f);
    return n;
}

static double python_pass(const char *path, long *records, int frames);

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Reads the journal at path with mufakat's reader; the seconds taken,
 * the processor seconds in *cpu. */
static double read_v2(const char *path, int chain, size_t *got, int *rc,
                      double *cpu)
{
    mfk_journal_reader *jr;
    const mfk_record *r;
    double t0 = bench_now(), c0 = cpu_now();
    *got = 0;
    if (mfk_journal_reader_new(&jr, path, NULL, NULL) != MFK_OK)
        exit(1);
    mfk_journal_reader_check_chain(jr, chain);
    while ((*rc = mfk_journal_reader_next(jr, &r, NULL)) == MFK_OK)
        ++*got;
    mfk_journal_reader_free(jr);
    *cpu = cpu_now() - c0;
    return bench_now() - t0;
}

static void bench_read_v2(mfk_record **recs, size_t np, const char *dir)
{
    char path[4096];
    const char *env = getenv("MFK_BENCH_JOURNAL_MB");
    size_t mb = env ? (size_t)atol(env) : 100, n, with_n, without_n;
    double with = 0, without = 0, cwith = 0, cwithout = 0, py, t, c;
    long pyn = 0;
    int rc1, rc2, k;
    snprintf(path, sizeof path, "%s/read2.journal", dir);
    n = make_journal_v2(path, recs, np, mb);
    printf("journal of version 2: %zu MB, %zu records\n", mb, n);
    /* In turn, three times each: the best of each (the machine is
     * shared), in wall-clock and processor time. */
    for (k = 0; k < 3; k++) {
        t = read_v2(path, 0, &without_n, &rc2, &c);
        if (k == 0 || t < without)
            without = t;
        if (k == 0 || c < cwithout)
            cwithout = c;
        t = read_v2(path, 1, &with_n, &rc1, &c);
        if (k == 0 || t < with)
            with = t;
        if (k == 0 || c < cwith)
            cwith = c;
    }
    printf("version 2, chain checked: %.3f s, %.0f MB/s, %zu records (%s)\n",
           with, mb / with, with_n, rc1 == MFK_DONE ? "all" : mfk_err_name(rc1));
    printf("version 2, not checked: %.3f s, %.0f MB/s, %zu records (%s)\n",
           without, mb / without, without_n,
           rc2 == MFK_DONE ? "all" : mfk_err_name(rc2));
    printf("  checked / not checked: %.2fx (goal: at most 2x); processor "
           "time %.3f s / %.3f s, %.2fx (best of three each)\n",
           with / without, cwith, cwithout, cwith / cwithout);
    py = python_pass(path, &pyn, 1);
    if (py > 0)
        printf("python3-cbor2 (frames and maps): %.3f s (%ld records); "
               "mufakat, chain checked, is %.1fx faster\n",
               py, pyn, py / with);
    else
        printf("python3-cbor2: not available\n");
    unlink(path);
}

/* Copies of the records in format 1, as a journal of version 1 (0.1's)
 * holds them: an append to one gives a record that format. */
static mfk_record **records_v1(mfk_record **recs, size_t np,
                               const char *dir)
{
    char path[4096];
    mfk_record **out = calloc(np, sizeof *out);
    mfk_journal *j;
    unsigned char buf[1 << 16];
    size_t i, len;
    FILE *f;
    snprintf(path, sizeof path, "%s/v1.journal", dir);
    f = fopen(path, "wb");
    fwrite(header, 1, sizeof header - 1, f);
    fclose(f);
    if (mfk_journal_open(&j, path, NULL, NULL) != MFK_OK)
        exit(1);
    for (i = 0; i < np; i++) {
        mfk_record_encode(recs[i], buf, sizeof buf, &len);
        mfk_record_decode(&out[i], buf, len, NULL, NULL, NULL);
        mfk_journal_append(j, out[i], NULL);
    }
    mfk_journal_close(j);
    unlink(path);
    return out;
}

static void empty_cb(void *ctx) { (void)ctx; }

static double bare_pass(const char *path, size_t *items)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    size_t len, pos = 0, n = 0;
    struct cbor_callbacks cb = cbor_empty_callbacks;
    double t0, t1;
    (void)empty_cb;
    fseek(f, 0, SEEK_END);
    len = (size_t)ftell(f);
    rewind(f);
    buf = malloc(len);
    if (fread(buf, 1, len, f) != len)
        exit(1);
    fclose(f);
    t0 = bench_now();
    while (pos < len) {
        struct cbor_decoder_result r =
            cbor_stream_decode(buf + pos, len - pos, &cb, NULL);
        if (r.status != CBOR_DECODER_FINISHED)
            break;
        pos += r.read;
        n++;
    }
    t1 = bench_now();
    free(buf);
    *items = n;
    return t1 - t0;
}

/* cbor2 decoding every item; frames: the record's map of each frame
 * too (version 2). */
static double python_pass(const char *path, long *records, int frames)
{
    char cmd[8192];
    FILE *p;
    double secs = -1;
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c '\n"
             "import cbor2, sys, time\n"
             "t = time.perf_counter(); n = 0\n"
             "with open(sys.argv[1], \"rb\") as f:\n"
             "    size = f.seek(0, 2); f.seek(0)\n"
             "    d = cbor2.CBORDecoder(f); d.decode()\n"
             "    while f.tell() < size:\n"
             "        %s; n += 1\n"
             "print(time.perf_counter() - t, n)\n"
             "' '%s' 2>/dev/null",
             frames ? "cbor2.loads(d.decode()[0])" : "d.decode()", path);
    p = popen(cmd, "r");
    if (p == NULL)
        return -1;
    if (fscanf(p, "%lf %ld", &secs, records) != 2)
        secs = -1;
    pclose(p);
    return secs;
}

static void bench_read(mfk_record **recs, size_t np, const char *dir)
{
    char path[4096];
    const char *env = getenv("MFK_BENCH_JOURNAL_MB");
    size_t mb = env ? (size_t)atol(env) : 100, n, items, got = 0, i;
    struct counter cnt = {0, 0};
    mfk_allocator a = {c_malloc, c_realloc, c_free, &cnt};
    mfk_journal_reader *jr;
    const mfk_record *r;
    double t0, t1, ours, bare, py;
    long pyn = 0, rss0;
    int rc;

    mfk_record **v1 = records_v1(recs, np, dir);
    snprintf(path, sizeof path, "%s/read.journal", dir);
    n = make_journal(path, v1, np, mb);
    for (i = 0; i < np; i++)
        mfk_record_free(v1[i]);
    free(v1);
    printf("journal: %zu MB, %zu records\n", mb, n);
    rss0 = bench_peak_kib();
    t0 = bench_now();
    if (mfk_journal_reader_new(&jr, path, &a, NULL) != MFK_OK)
        exit(1);
    while ((rc = mfk_journal_reader_next(jr, &r, NULL)) == MFK_OK)
        got++;
    mfk_journal_reader_free(jr);
    t1 = bench_now();
    ours = t1 - t0;
    printf("mufakat reader: %.3f s, %.0f records/s, %.0f MB/s; %zu records "
           "(%s); peak %.0f KiB allocated, peak RSS %ld KiB (was %ld)\n",
           ours, got / ours, mb / ours, got,
           rc == MFK_DONE ? "all" : mfk_err_name(rc), cnt.peak / 1024.0,
           bench_peak_kib(), rss0);
    /* The bare pass holds the whole file: after ours, so as not to
     * raise the peak RSS printed above. */
    bare = bare_pass(path, &items);
    printf("bare cbor_stream_decode, empty callbacks: %.3f s, %.0f MB/s, "
           "%zu items\n",
           bare, mb / bare, items);
    printf("  mufakat's reader / the bare pass: %.2fx (goal: within 3x)\n",
           ours / bare);
    py = python_pass(path, &pyn, 0);
    if (py > 0)
        printf("python3-cbor2: %.3f s, %.0f records/s (%ld records); "
               "mufakat is %.1fx faster\n",
               py, pyn / py, pyn, py / ours);
    else
        printf("python3-cbor2: not available\n");
    unlink(path);
}

static void hostile(const char *what, const unsigned char *bytes,
                    size_t len, const char *dir)
{
    char path[4096];
    struct counter cnt = {0, 0};
    mfk_allocator a = {c_malloc, c_realloc, c_free, &cnt};
    mfk_scenario *s;
    mfk_journal_reader *jr;
    const mfk_record *r;
    double t0, t1, t2;
    int rs, rj;
    FILE *f;

    t0 = bench_now();
    rs = mfk_scenario_read_cbor(&s, bytes, len, &a, NULL);
    t1 = bench_now();
    snprintf(path, sizeof path, "%s/hostile.journal", dir);
    f = fopen(path, "wb");
    fwrite(header, 1, sizeof header - 1, f);
    fwrite(bytes, 1, len, f);
    fclose(f);
    rj = mfk_journal_reader_new(&jr, path, &a, NULL);
    if (rj == MFK_OK) {
        rj = mfk_journal_reader_next(jr, &r, NULL);
        mfk_journal_reader_free(jr);
    }
    t2 = bench_now();
    printf("hostile %-34s scenario %s in %.3f ms; journal %s in %.3f ms; "
           "peak %.0f KiB\n",
           what, mfk_err_name(rs), (t1 - t0) * 1e3, mfk_err_name(rj),
           (t2 - t1) * 1e3, cnt.peak / 1024.0);
    unlink(path);
}

int main(void)
{
    char dir[] = "/tmp/mfk-bench-XXXXXX";
    mfk_scenario *s = demo();
    mfk_record **recs;
    size_t np, i, deep = 200000;
    unsigned char *nest;
    static const unsigned char arr[9] = {0x9a, 0x08, 0, 0, 0, 0, 0, 0, 0};
    static const unsigned char str[11] = {0x7b, 0x80, 0, 0, 0, 0, 0, 0, 0,
                                          'a', 'b'};

    if (mkdtemp(dir) == NULL)
        return 1;
    recs = demo_records(s, &np);
    bench_write(recs, np, dir);
    bench_read(recs, np, dir);
    bench_read_v2(recs, np, dir);
    hostile("(array declaring 2^27 elements)", arr, sizeof arr, dir);
    hostile("(string declaring 2^63 bytes)", str, sizeof str, dir);
    nest = malloc(deep + 1);
    memset(nest, 0x81, deep);
    nest[deep] = 0;
    hostile("(200,000 nested arrays)", nest, deep + 1, dir);
    free(nest);
    for (i = 0; i < np; i++)
        mfk_record_free(recs[i]);
    free(recs);
    mfk_scenario_free(s);
    rmdir(dir);
    return 0;
}
