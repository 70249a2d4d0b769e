/* make bench: mufakat serve under load, on loopback. Starts the real
 * driver on the ASEAN scenario with a journal, connects W watchers to
 * its server-sent events (default 500) and sends R requests a second
 * (default 1000) for D seconds (default 10) on keep-alive connections:
 * the public state, and now and then (S a second a delegation, default
 * 1) a stance of one of the 11 delegations, at random, each journaled
 * before its answer and sent to every watcher. Latency is timed from when each request was due (open
 * loop: a request waiting for a free connection counts its wait). At the
 * end each watcher must have seen every version, in order, up to the
 * last; the server's peak memory is read from /proc.
 * Usage: bench_serve DRIVER SCENARIO [W R D S] */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NDEL 11
#define NREQ_CONNS 24
#define MAX_SAMPLES 2000000

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct sockaddr_in server;
static char secrets[NDEL][40], tokens[NDEL][40];
static int del_busy[NDEL];

static int dial(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
    if (fd < 0 || connect(fd, (struct sockaddr *)&server, sizeof server)) {
        perror("bench_serve: connect");
        exit(1);
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* One request on its own connection, the whole answer into out. */
static size_t once(const char *req, char *out, size_t size)
{
    int fd = dial();
    size_t len = 0;
    ssize_t k;
    if (write(fd, req, strlen(req)) != (ssize_t)strlen(req))
        exit(1);
    while (len + 1 < size && (k = read(fd, out + len, size - 1 - len)) > 0)
        len += (size_t)k;
    out[len] = '\0';
    close(fd);
    return len;
}

static void token_from(const char *body, int d)
{
    const char *t = strstr(body, "\"token\":\"");
    if (t != NULL && strlen(t + 9) >= 32) {
        memcpy(tokens[d], t + 9, 32);
        tokens[d][32] = '\0';
    }
}

static long state_version(void)
{
    static char buf[1 << 16];
    const char *v;
    once("GET /api/state HTTP/1.0\r\n\r\n", buf, sizeof buf);
    v = strstr(buf, "\"version\":");
    return v ? atol(v + 10) : -1;
}

struct watcher {
    int fd;
    char buf[1 << 16];
    size_t len;
    int in_body;
    long first, last, events, gaps;
};

struct reqconn {
    int fd;
    char buf[1 << 16];
    size_t len;
    int busy, del; /* del: the delegation of a stance, -1 a GET */
    double due;
};

static double *lat, *lat_post;
static size_t nlat, nlat_post;
static long statuses[600];

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, double p)
{
    size_t i;
    if (n == 0)
        return 0;
    i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i] * 1e3;
}

static void watcher_read(struct watcher *w)
{
    ssize_t k;
    while ((k = read(w->fd, w->buf + w->len, sizeof w->buf - 1 - w->len)) >
           0) {
        char *line, *nl;
        w->len += (size_t)k;
        w->buf[w->len] = '\0';
        line = w->buf;
        if (!w->in_body) {
            char *end = strstr(line, "\r\n\r\n");
            if (end == NULL)
                continue;
            w->in_body = 1;
            line = end + 4;
        }
        while ((nl = memchr(line, '\n', (size_t)(w->buf + w->len - line)))) {
            if (strncmp(line, "id: ", 4) == 0) {
                long id = atol(line + 4);
                if (w->first < 0)
                    w->first = id;
                else if (id != w->last + 1)
                    w->gaps++;
                w->last = id;
                w->events++;
            } else if (strncmp(line, "event: reset", 12) == 0)
                w->gaps++;
            line = nl + 1;
        }
        w->len = (size_t)(w->buf + w->len - line);
        memmove(w->buf, line, w->len);
        if (w->len >= sizeof w->buf - 1) {
            fprintf(stderr, "bench_serve: a line longer than the buffer\n");
            exit(1);
        }
    }
}

static void send_req(struct reqconn *c, int del, double due)
{
    char req[512];
    int n;
    static const char *st[] = {"support", "join", "reservation", "abstain",
                               "object"};
    if (del < 0)
        n = snprintf(req, sizeof req,
                     "GET /api/state HTTP/1.1\r\nHost: b\r\n\r\n");
    else {
        char body[200];
        int bl = snprintf(body, sizeof body,
                          "{\"token\":\"%s\",\"stance\":\"%s\"}", tokens[del],
                          st[rand() % 5]);
        n = snprintf(req, sizeof req,
                     "POST /api/stance HTTP/1.1\r\nHost: b\r\nAuthorization: "
                     "Bearer %s\r\nContent-Type: application/json\r\n"
                     "Content-Length: %d\r\n\r\n%s",
                     secrets[del], bl, body);
        del_busy[del] = 1;
    }
    if (write(c->fd, req, (size_t)n) != n) {
        perror("bench_serve: write");
        exit(1);
    }
    c->busy = 1;
    c->del = del;
    c->due = due;
    c->len = 0;
}

/* 1 when c's answer is whole (and counted). */
static int req_read(struct reqconn *c)
{
    ssize_t k;
    char *end, *cl;
    while ((k = read(c->fd, c->buf + c->len, sizeof c->buf - 1 - c->len)) >
           0)
        c->len += (size_t)k;
    c->buf[c->len] = '\0';
    if (k == 0) { /* closed by the server: counted as a failure */
        fprintf(stderr, "bench_serve: a connection closed\n");
        exit(1);
    }
    if ((end = strstr(c->buf, "\r\n\r\n")) == NULL)
        return 0;
    cl = strcasestr(c->buf, "Content-Length:");
    if (cl == NULL || cl > end ||
        c->len < (size_t)(end + 4 - c->buf) + (size_t)atol(cl + 15))
        return 0;
    {
        int status = atoi(c->buf + 9);
        double l = now() - c->due;
        statuses[status >= 0 && status < 600 ? status : 0]++;
        if (nlat < MAX_SAMPLES)
            lat[nlat++] = l;
        if (c->del >= 0) {
            if (nlat_post < MAX_SAMPLES)
                lat_post[nlat_post++] = l;
            if (status == 200)
                token_from(end + 4, c->del);
            else if (status == 409) { /* fetch the token again */
                char req[300], buf[1 << 16];
                snprintf(req, sizeof req,
                         "GET /api/state HTTP/1.0\r\nAuthorization: Bearer "
                         "%.32s\r\n\r\n", secrets[c->del]);
                once(req, buf, sizeof buf);
                token_from(buf, c->del);
            }
            del_busy[c->del] = 0;
        }
    }
    c->busy = 0;
    c->len = 0;
    return 1;
}

static long server_mem(pid_t pid, const char *key)
{
    char path[64], line[256];
    long v = -1;
    FILE *f;
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    if ((f = fopen(path, "r")) == NULL)
        return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, strlen(key)) == 0)
            v = atol(line + strlen(key) + 1);
    fclose(f);
    return v;
}

int main(int argc, char **argv)
{
    int nw = argc > 3 ? atoi(argv[3]) : 500;
    double rate = argc > 4 ? atof(argv[4]) : 1000;
    double secs = argc > 5 ? atof(argv[5]) : 10;
    double per_del = argc > 6 ? atof(argv[6]) : 1;
    char jdir[] = "/tmp/mufakat-bench-serve.XXXXXX", jpath[128], line[512];
    struct watcher *ws;
    struct reqconn rc[NREQ_CONNS];
    struct epoll_event ev, evs[256];
    int p[2], ep, i, got = 0, queued = 0;
    double t0, next, end, post_share, elapsed;
    long final, sent = 0, late = 0;
    pid_t pid;
    FILE *links;

    if (argc < 3) {
        fprintf(stderr, "usage: bench_serve DRIVER SCENARIO [W R D]\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    if (mkdtemp(jdir) == NULL || pipe(p) != 0)
        return 1;
    snprintf(jpath, sizeof jpath, "%s/j", jdir);
    if ((pid = fork()) == 0) {
        dup2(p[1], 1);
        close(p[0]);
        execl(argv[1], argv[1], "serve", argv[2], "--listen", "127.0.0.1:0",
              "--journal", jpath, (char *)NULL);
        _exit(127);
    }
    close(p[1]);
    links = fdopen(p[0], "r");
    memset(&server, 0, sizeof server);
    while (fgets(line, sizeof line, links)) {
        char id[64], url[200];
        unsigned port;
        if (sscanf(line, "%63s %199s", id, url) != 2)
            continue;
        if (strcmp(id, "public") == 0) {
            sscanf(url, "http://127.0.0.1:%u/", &port);
            server.sin_family = AF_INET;
            server.sin_port = htons((unsigned short)port);
            server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            break;
        }
        if (strcmp(id, "chair") != 0 && got < NDEL)
            snprintf(secrets[got++], sizeof secrets[0], "%s",
                     strrchr(url, '/') + 1);
    }
    if (server.sin_port == 0 || got != NDEL) {
        fprintf(stderr, "bench_serve: the server gave no links\n");
        return 1;
    }
    for (i = 0; i < NDEL; i++) {
        char req[300], buf[1 << 16];
        snprintf(req, sizeof req, "GET /api/state HTTP/1.0\r\nAuthorization: "
                                  "Bearer %.32s\r\n\r\n", secrets[i]);
        once(req, buf, sizeof buf);
        token_from(buf, i);
    }
    lat = malloc(MAX_SAMPLES * sizeof *lat);
    lat_post = malloc(MAX_SAMPLES * sizeof *lat_post);
    ws = calloc((size_t)nw, sizeof *ws);
    if (!lat || !lat_post || !ws)
        return 1;
    ep = epoll_create1(EPOLL_CLOEXEC);
    for (i = 0; i < nw; i++) {
        static const char req[] = "GET /api/events HTTP/1.0\r\n\r\n";
        ws[i].fd = dial();
        ws[i].first = ws[i].last = -1;
        if (write(ws[i].fd, req, sizeof req - 1) != sizeof req - 1)
            return 1;
        fcntl(ws[i].fd, F_SETFL, O_NONBLOCK);
        ev.events = EPOLLIN;
        ev.data.u64 = (uint64_t)i;
        epoll_ctl(ep, EPOLL_CTL_ADD, ws[i].fd, &ev);
    }
    for (i = 0; i < NREQ_CONNS; i++) {
        memset(&rc[i], 0, sizeof rc[i]);
        rc[i].fd = dial();
        fcntl(rc[i].fd, F_SETFL, O_NONBLOCK);
        ev.events = EPOLLIN;
        ev.data.u64 = (uint64_t)(1000000 + i);
        epoll_ctl(ep, EPOLL_CTL_ADD, rc[i].fd, &ev);
    }
    sleep(1); /* every watcher connected and given the state */
    srand(7);
    post_share = NDEL * per_del / rate;
    t0 = now();
    next = t0;
    end = t0 + secs;
    for (;;) {
        double t = now();
        int n, k, busy = 0;
        /* Due requests onto free connections; the others wait. */
        while (next <= t && next < end) {
            queued++;
            next += 1.0 / rate;
        }
        for (k = 0; k < NREQ_CONNS && queued > 0; k++)
            if (!rc[k].busy) {
                int del = -1;
                if ((double)rand() / RAND_MAX < post_share) {
                    int d = rand() % NDEL, tries;
                    for (tries = 0; tries < NDEL && del_busy[d]; tries++)
                        d = (d + 1) % NDEL;
                    if (!del_busy[d])
                        del = d;
                }
                /* Its due time: the oldest request waiting. */
                send_req(&rc[k], del, next - (double)queued / rate);
                queued--;
                sent++;
            }
        if (queued > 0)
            late++;
        for (k = 0; k < NREQ_CONNS; k++)
            busy += rc[k].busy;
        if (t >= end && queued == 0 && busy == 0)
            break;
        n = epoll_wait(ep, evs, 256, 1);
        for (k = 0; k < n; k++) {
            uint64_t id = evs[k].data.u64;
            if (id >= 1000000)
                req_read(&rc[id - 1000000]);
            else
                watcher_read(&ws[id]);
        }
    }
    elapsed = now() - t0;
    final = state_version();
    {
        /* The watchers get the last events. */
        double until = now() + 5;
        int behind = nw;
        while (behind > 0 && now() < until) {
            int n = epoll_wait(ep, evs, 256, 20), k;
            for (k = 0; k < n; k++)
                if (evs[k].data.u64 < 1000000)
                    watcher_read(&ws[evs[k].data.u64]);
            for (behind = 0, k = 0; k < nw; k++)
                behind += ws[k].last != final;
        }
    }
    {
        long gaps = 0, minev = -1, maxev = 0, whole = 0;
        long hwm = server_mem(pid, "VmHWM:"), rss = server_mem(pid, "VmRSS:");
        qsort(lat, nlat, sizeof *lat, cmp);
        qsort(lat_post, nlat_post, sizeof *lat_post, cmp);
        for (i = 0; i < nw; i++) {
            gaps += ws[i].gaps;
            if (minev < 0 || ws[i].events < minev)
                minev = ws[i].events;
            if (ws[i].events > maxev)
                maxev = ws[i].events;
            whole += ws[i].gaps == 0 && ws[i].last == final;
        }
        printf("serve: %d watchers, %ld requests in %.1f s: %.0f requests/s "
               "(asked %.0f; stances %.0f/s a delegation)\n",
               nw, sent, elapsed, (double)nlat / elapsed, rate, per_del);
        printf("serve: answers 200 %ld, 409 %ld, 429 %ld, other %ld\n",
               statuses[200], statuses[409], statuses[429],
               (long)nlat - statuses[200] - statuses[409] - statuses[429]);
        printf("serve: latency all  p50 %.2f ms  p99 %.2f ms  max %.2f ms\n",
               pct(lat, nlat, 0.5), pct(lat, nlat, 0.99),
               pct(lat, nlat, 1.0));
        printf("serve: latency stance (journaled) %zu  p50 %.2f ms  p99 %.2f "
               "ms\n",
               nlat_post, pct(lat_post, nlat_post, 0.5),
               pct(lat_post, nlat_post, 0.99));
        printf("serve: events to each watcher %ld..%ld; the last version "
               "%ld; watchers with every event %ld of %d; gaps %ld\n",
               minev, maxev, final, whole, nw, gaps);
        printf("serve: server memory: peak %ld KiB, now %ld KiB; ticks with "
               "requests waiting %ld\n",
               hwm, rss, late);
    }
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    snprintf(line, sizeof line, "%s.secrets", jpath);
    unlink(line);
    unlink(jpath);
    rmdir(jdir);
    return 0;
}
