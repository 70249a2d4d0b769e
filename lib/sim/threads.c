/* The runs of a simulation, in chunks, on threads, merged in chunk
 * order. */
#include "sim/sim-parts.h"

#include <pthread.h>

/* ---- runs and chunks -------------------------------------------------- */

struct job {
    mfk_sim *sim;
    u64 seed, runs, first;
    size_t count, next;
    double *records, *trace;
    pthread_mutex_t mu;
    int rc;
};

struct thread_arg {
    struct job *job;
    struct mfk__worker *w;
};

static void *thread_main(void *arg)
{
    struct thread_arg *ta = arg;
    struct job *j = ta->job;
    size_t rs = mfk_sim_record_size(j->sim);
    size_t ts = MFK_SIM_CHUNK * j->sim->nrules * MFK_SIM_TRACE_FIELDS;

    for (;;) {
        size_t c;
        int rc;
        pthread_mutex_lock(&j->mu);
        c = j->next++;
        if (j->rc != MFK_OK)
            c = j->count;
        pthread_mutex_unlock(&j->mu);
        if (c >= j->count)
            break;
        rc = mfk__sim_one_chunk(ta->w, j->seed, j->runs, j->first + c,
                       j->records + c * rs,
                       j->trace ? j->trace + c * ts : NULL);
        if (rc != MFK_OK) {
            pthread_mutex_lock(&j->mu);
            if (j->rc == MFK_OK)
                j->rc = rc;
            pthread_mutex_unlock(&j->mu);
        }
    }
    return NULL;
}

int mfk_sim_run_chunks(mfk_sim *s, u64 seed, u64 runs, u64 first,
                       size_t count, unsigned threads, double *records,
                       double *trace)
{
    pthread_t tid[MAX_THREADS];
    struct thread_arg ta[MAX_THREADS];
    struct job j;
    unsigned t, started = 0;
    int rc;

    if (s == NULL || (records == NULL && count > 0))
        return MFK_EINVAL;
    if (s->nrules == 0)
        return MFK_ESTATE;
    if (threads == 0)
        threads = 1;
    if (threads > MAX_THREADS)
        threads = MAX_THREADS;
    if (threads > count)
        threads = count ? (unsigned)count : 1;
    rc = mfk__sim_ensure_workers(s, threads);
    if (rc != MFK_OK)
        return rc;
    memset(&j, 0, sizeof j);
    j.sim = s;
    j.seed = seed;
    j.runs = runs;
    j.first = first;
    j.count = count;
    j.records = records;
    j.trace = trace;
    j.rc = MFK_OK;
    for (t = 0; t < threads; t++) {
        ta[t].job = &j;
        ta[t].w = &s->workers[t];
    }
    if (threads == 1) {
        thread_main(&ta[0]);
        return j.rc;
    }
    if (pthread_mutex_init(&j.mu, NULL) != 0)
        return MFK_ENOMEM;
    /* The calling thread works too; a thread that cannot be started only
     * leaves more chunks to the others. */
    for (t = 1; t < threads; t++) {
        if (pthread_create(&tid[t], NULL, thread_main, &ta[t]) != 0)
            break;
        started++;
    }
    thread_main(&ta[0]);
    for (t = 1; t <= started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&j.mu);
    return j.rc;
}

int mfk_sim_merge(mfk_sim *s, const double *records, size_t count)
{
    size_t c, i, rs;
    if (s == NULL || (records == NULL && count > 0))
        return MFK_EINVAL;
    rs = mfk_sim_record_size(s);
    for (c = 0; c < count; c++)
        for (i = 0; i < rs; i++)
            s->total[i] += records[c * rs + i];
    return MFK_OK;
}

int mfk_sim_clear(mfk_sim *s)
{
    if (s == NULL)
        return MFK_EINVAL;
    memset(s->total, 0, mfk_sim_record_size(s) * sizeof *s->total);
    return MFK_OK;
}

/* Chunks a step of mfk_sim_run(): as many as STEP_BYTES of records hold,
 * at least STEP_CHUNKS, whatever the runs (so that memory does not grow
 * with them). Threads start and join once a step, and a thread that is
 * not running when the step ends (on a machine shared with other work)
 * keeps the others waiting: steps of 256 chunks, a few milliseconds,
 * left much of a second thread's time unused. */
static size_t step_chunks(const mfk_sim *s)
{
    size_t rs = mfk_sim_record_size(s), step = STEP_CHUNKS;
    if (rs > 0 && STEP_BYTES / sizeof(double) / rs > step)
        step = STEP_BYTES / sizeof(double) / rs;
    return step;
}

int mfk_sim_run(mfk_sim *s, u64 seed, u64 runs, unsigned threads)
{
    u64 chunks, c;
    double *rec;
    size_t step;
    int rc = MFK_OK;

    if (s == NULL)
        return MFK_EINVAL;
    if (s->nrules == 0)
        return MFK_ESTATE;
    chunks = (runs + MFK_SIM_CHUNK - 1) / MFK_SIM_CHUNK;
    step = step_chunks(s);
    rec = mfk__malloc(&s->alloc,
                      step * mfk_sim_record_size(s) * sizeof *rec);
    if (rec == NULL)
        return MFK_ENOMEM;
    mfk_sim_clear(s);
    for (c = 0; c < chunks && rc == MFK_OK; c += step) {
        size_t count = chunks - c < step ? (size_t)(chunks - c) : step;
        rc = mfk_sim_run_chunks(s, seed, runs, c, count, threads, rec, NULL);
        if (rc == MFK_OK)
            rc = mfk_sim_merge(s, rec, count);
    }
    mfk__free(&s->alloc, rec);
    if (rc != MFK_OK)
        mfk_sim_clear(s);
    return rc;
}
