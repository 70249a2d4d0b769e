/* The journal: a CBOR sequence (RFC 8742) of a header and records,
 * appended to only, each append written whole and fsync'ed under an
 * fcntl lock; read back one record at a time; repaired by moving a torn
 * tail aside. */
#define _GNU_SOURCE 1 /* F_OFD_SETLKW */
#include "records-private.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Tag 55799 and {"format": "mufakat-journal", "version": 1}. */
static const unsigned char header[] = {
    0xd9, 0xd9, 0xf7, 0xa2, 0x66, 'f', 'o', 'r', 'm', 'a', 't', 0x6f,
    'm',  'u',  'f',  'a',  'k',  'a', 't', '-', 'j', 'o', 'u', 'r',
    'n',  'a',  'l',  0x67, 'v',  'e', 'r', 's', 'i', 'o', 'n', 0x01};

/* The reading buffer starts at this size and doubles up to
 * MFK_RECORD_MAX_BYTES, of which it is a divisor: a record that fills
 * the buffer at that size is refused, so it never grows further. */
#define FIRST_READ (256u << 10)

/* ---- faults for tests ------------------------------------------------- */

/* In the test build (MFK_TEST_HOOKS), mfk__test_journal_faults() names
 * calls of write, fsync, truncate, close, read, lock and stat to fail
 * (mufakat-test.h); the installed library has no faults, and fault()
 * below is 0 there. */
enum { OP_WRITE, OP_FSYNC, OP_TRUNCATE, OP_CLOSE, OP_READ, OP_LOCK,
       OP_STAT, OP_COUNT };
enum { K_EIO, K_ENOSPC, K_SHORT, K_EINTR };

struct faults {
    unsigned long at[OP_COUNT];
    unsigned long calls[OP_COUNT];
    int kind[OP_COUNT];
};

#ifdef MFK_TEST_HOOKS
#include "mufakat-test.h"

static char fault_spec[256];

void mfk__test_journal_faults(const char *spec)
{
    snprintf(fault_spec, sizeof fault_spec, "%s", spec ? spec : "");
}
#endif

static void faults_init(struct faults *f)
{
    memset(f, 0, sizeof *f);
#ifdef MFK_TEST_HOOKS
    {
        static const char *const names[OP_COUNT] = {
            "write=", "fsync=", "truncate=", "close=", "read=", "lock=",
            "stat="};
        static const char *const kinds[] = {":enospc", ":short", ":eintr"};
        const char *s = fault_spec;
        char *end;
        int k, i;
        for (k = 0; k < OP_COUNT; k++) {
            const char *p = strstr(s, names[k]);
            if (p == NULL)
                continue;
            f->at[k] = strtoul(p + strlen(names[k]), &end, 10);
            for (i = 0; i < 3; i++)
                if (strncmp(end, kinds[i], strlen(kinds[i])) == 0)
                    f->kind[k] = K_ENOSPC + i;
        }
    }
#endif
}

/* 1 when this call of op is to fail, with errno set; else 0. */
static int fault(struct faults *f, int op)
{
#ifndef MFK_TEST_HOOKS
    (void)f;
    (void)op;
    return 0;
#else
    static const int codes[] = {EIO, ENOSPC, ENOSPC, EINTR};
    if (f->at[op] == 0 || ++f->calls[op] != f->at[op])
        return 0;
    errno = codes[f->kind[op]];
    return 1;
#endif
}

static int write_all(int fd, const unsigned char *p, size_t len,
                     struct faults *f)
{
    while (len > 0) {
        ssize_t w = -1;
        if (!fault(f, OP_WRITE))
            w = write(fd, p, len);
        else if (f->kind[OP_WRITE] == K_SHORT) {
            /* Half of it, then the disk is full. */
            ssize_t half = write(fd, p, len / 2);
            (void)half;
            errno = ENOSPC;
            return -1;
        }
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

static int do_fsync(int fd, struct faults *f)
{
    return fault(f, OP_FSYNC) ? -1 : fsync(fd);
}

static int do_truncate(int fd, off_t len, struct faults *f)
{
    return fault(f, OP_TRUNCATE) ? -1 : ftruncate(fd, len);
}

static int do_fstat(int fd, struct stat *st, struct faults *f)
{
    return fault(f, OP_STAT) ? -1 : fstat(fd, st);
}

/* A failed close still frees the descriptor. */
static int do_close(int fd, struct faults *f)
{
    int failed = fault(f, OP_CLOSE), rc = close(fd);
    return failed ? -1 : rc;
}

/* pread, made again when a signal interrupts it. */
static ssize_t read_at(int fd, void *buf, size_t n, size_t off,
                       struct faults *f)
{
    ssize_t r;
    do
        r = fault(f, OP_READ) ? -1 : pread(fd, buf, n, (off_t)off);
    while (r < 0 && errno == EINTR);
    return r;
}

/* A lock on the whole file, waited for. Open file description locks where
 * the system has them: they also keep apart journals of one process
 * (threads) and are not dropped when another descriptor of the file is
 * closed. A kernel that lacks them (Linux before 3.15) fails the lock,
 * rather than lock less than the journal promises. */
#ifdef F_OFD_SETLKW
#define LOCK_WAIT F_OFD_SETLKW
#else
#define LOCK_WAIT F_SETLKW
#endif

static int lock(int fd, short type, struct faults *f)
{
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = type;
    fl.l_whence = SEEK_SET;
    while ((fault(f, OP_LOCK) ? -1 : fcntl(fd, LOCK_WAIT, &fl)) != 0)
        if (errno != EINTR)
            return -1;
    return 0;
}

static int io_error(mfk_error *err, const char *what)
{
    return mfk__error_set(err, MFK_EIO, NULL, "%s: %s", what,
                          strerror(errno));
}

/* The folder of path (which was opened, so shorter than PATH_MAX) is
 * fsync'ed so that a new file's name lasts; when it cannot be opened (no
 * descriptor left), the name lasts as long as the file system keeps it. */
static void sync_dir(const char *path)
{
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    int fd;
    if (slash == NULL)
        strcpy(dir, ".");
    else /* with its slash: "/" for the root */
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path + 1), path);
    fd = open(dir, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* ---- the scanner: items one by one, in bounded memory ----------------- */

struct scan {
    const mfk_allocator *alloc;
    struct faults *faults;
    int fd;
    size_t size; /* read up to here */
    size_t off;  /* file offset of buf[0] */
    unsigned char *buf;
    size_t len, cap, pos;
    mfk__ctree tree;
};

static void scan_init(struct scan *s, const mfk_allocator *alloc, int fd,
                      size_t from, size_t size, struct faults *faults)
{
    memset(s, 0, sizeof *s);
    s->alloc = alloc;
    s->faults = faults;
    s->fd = fd;
    s->off = from;
    s->size = size;
    mfk__ctree_init(&s->tree, alloc, MFK__RECORD_MAX_NODES);
}

static void scan_free(struct scan *s)
{
    mfk__free(s->alloc, s->buf);
    mfk__ctree_free(&s->tree);
}

/* Reads more of the file after what the buffer holds from pos on. It is
 * called when the file has more than the buffer holds (want > len), so a
 * full buffer always grows. */
static int scan_fill(struct scan *s, mfk_error *err)
{
    size_t want;
    if (s->pos > 0) {
        memmove(s->buf, s->buf + s->pos, s->len - s->pos);
        s->off += s->pos;
        s->len -= s->pos;
        s->pos = 0;
    }
    want = s->size - s->off;
    if (s->len == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : FIRST_READ;
        if (ncap > want)
            ncap = want;
        if (mfk__grow(s->alloc, (void **)&s->buf, ncap, 1) != MFK_OK)
            return mfk__error_set(err, MFK_ENOMEM, NULL, "out of memory");
        s->cap = ncap;
    }
    while (s->len < s->cap && s->off + s->len < s->size) {
        size_t n = s->cap - s->len;
        ssize_t r;
        if (n > s->size - s->off - s->len)
            n = s->size - s->off - s->len;
        r = read_at(s->fd, s->buf + s->len, n, s->off + s->len, s->faults);
        if (r < 0)
            return io_error(err, "cannot read");
        if (r == 0) { /* the file shrank under us: read what is there */
            s->size = s->off + s->len;
            break;
        }
        s->len += (size_t)r;
    }
    return MFK_OK;
}

/* The next item into s->tree; *start is its offset. MFK_DONE at the end;
 * a torn item is reported at its start. */
static int scan_next(struct scan *s, size_t *start, mfk_error *err)
{
    for (;;) {
        size_t avail = s->len - s->pos, used;
        size_t at = s->off + s->pos, left = s->size - at;
        int rc;
        if (left == 0)
            return MFK_DONE;
        rc = avail == 0 ? MFK__CBOR_MORE
                        : mfk__cbor_parse(&s->tree, s->buf + s->pos, avail,
                                          left, at, &used, err);
        if (rc == MFK_OK) {
            *start = at;
            s->pos += used;
            return MFK_OK;
        }
        if (rc == MFK__CBOR_MORE) {
            if (avail >= MFK_RECORD_MAX_BYTES)
                return mfk__record_too_large(err, (long long)at);
            if ((rc = scan_fill(s, err)) != MFK_OK)
                return rc;
            continue;
        }
        if (rc == MFK_ETORN) {
            mfk__error_set(err, MFK_ETORN, NULL,
                           "torn record (%zu bytes): the journal ends "
                           "inside it",
                           left);
            if (err != NULL)
                err->offset = (long long)at;
        }
        return rc;
    }
}

/* The header, at the start of the file. */
static int scan_header(struct scan *s, mfk_error *err)
{
    const mfk__cnode *x, *k;
    size_t start, i;
    int rc, format = 0, version = 0;

    if (s->size < 3)
        goto not_journal;
    if ((rc = scan_fill(s, err)) != MFK_OK)
        return rc;
    if (s->len < 3 || memcmp(s->buf, header, 3) != 0)
        goto not_journal;
    /* The file's size is 3 or more: not at the end. */
    if ((rc = scan_next(s, &start, err)) != MFK_OK)
        return rc;
    x = s->tree.nodes;
    if (x->kind != MFK__C_MAP)
        goto not_journal;
    for (i = 0, k = x + 1; i < x->n; i++) {
        const mfk__cnode *v = mfk__cnext(k);
        if (mfk__ctext_is(&s->tree, k, "format"))
            format = mfk__ctext_is(&s->tree, v, "mufakat-journal");
        else if (mfk__ctext_is(&s->tree, k, "version")) {
            if (v->kind != MFK__C_UINT || v->v.u != 1) {
                mfk__error_set(err, MFK_EFORMAT, NULL,
                               "journal version is not 1: this mufakat "
                               "reads version 1");
                if (err != NULL)
                    err->offset = (long long)v->offset;
                return MFK_EFORMAT;
            }
            version = 1;
        }
        k = mfk__cnext(v);
    }
    if (format && version)
        return MFK_OK;
not_journal:
    mfk__error_set(err, MFK_EFORMAT, NULL,
                   "not a mufakat journal: expected tag 55799 and "
                   "{\"format\": \"mufakat-journal\", \"version\": 1}");
    if (err != NULL)
        err->offset = 0;
    return MFK_EFORMAT;
}

/* Reads records from `from` to `size`: each is checked whole; *last gets
 * the last sequence number. A damaged record stops it; *bad (optional)
 * gets where it begins. */
static int scan_records(int fd, const mfk_allocator *alloc, size_t from,
                        size_t size, struct faults *faults,
                        unsigned long long *last, size_t *bad,
                        mfk_error *err)
{
    struct scan s;
    mfk_record *r = mfk__record_alloc(alloc);
    size_t start = from;
    int rc;
    if (r == NULL)
        return mfk__error_set(err, MFK_ENOMEM, NULL, "out of memory");
    scan_init(&s, alloc, fd, from, size, faults);
    if (from == 0)
        rc = scan_header(&s, err);
    else
        rc = MFK_OK;
    while (rc == MFK_OK) {
        start = s.off + s.pos;
        if ((rc = scan_next(&s, &start, err)) != MFK_OK)
            break;
        rc = mfk__record_from_tree(r, &s.tree, err);
        if (rc == MFK_OK)
            *last = mfk_record_seq(r);
    }
    if (bad != NULL) /* at the end, start is the end */
        *bad = start;
    scan_free(&s);
    mfk_record_free(r);
    return rc == MFK_DONE ? MFK_OK : rc;
}

/* ---- the writer ------------------------------------------------------- */

struct mfk_journal {
    mfk_allocator alloc;
    int fd;
    size_t end; /* header and whole records, as far as we know */
    unsigned long long last;
    mfk__cbuf out;
    struct faults faults;
};

static int file_size(int fd, size_t *size, struct faults *f, mfk_error *err)
{
    struct stat st;
    if (do_fstat(fd, &st, f) != 0)
        return io_error(err, "cannot stat");
    *size = (size_t)st.st_size;
    return MFK_OK;
}

int mfk_journal_open(mfk_journal **out, const char *path,
                     const mfk_allocator *alloc, mfk_error *err)
{
    mfk_allocator a;
    mfk_journal *j;
    size_t size = 0;
    int rc;

    mfk__error_clear(err);
    if (out == NULL)
        return MFK_EINVAL;
    *out = NULL;
    if (path == NULL)
        return MFK_EINVAL;
    mfk__alloc_init(&a, alloc);
    if ((j = mfk__calloc(&a, 1, sizeof *j)) == NULL)
        return mfk__error_set(err, MFK_ENOMEM, NULL, "out of memory");
    j->alloc = a;
    j->out.alloc = &j->alloc;
    faults_init(&j->faults);
    j->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (j->fd < 0) {
        rc = io_error(err, "cannot open");
        mfk__free(&a, j);
        return rc;
    }
    if (lock(j->fd, F_WRLCK, &j->faults) != 0) {
        rc = io_error(err, "cannot lock");
        goto fail;
    }
    if ((rc = file_size(j->fd, &size, &j->faults, err)) != MFK_OK)
        goto fail;
    if (size > 0 && size < sizeof header) {
        /* A writer died while it wrote the header: begin again. */
        unsigned char head[sizeof header];
        if (read_at(j->fd, head, size, 0, &j->faults) == (ssize_t)size &&
            memcmp(head, header, size) == 0 &&
            do_truncate(j->fd, 0, &j->faults) == 0)
            size = 0;
    }
    if (size == 0) {
        if (write_all(j->fd, header, sizeof header, &j->faults) != 0 ||
            do_fsync(j->fd, &j->faults) != 0) {
            rc = io_error(err, "cannot write the header");
            if (do_truncate(j->fd, 0, &j->faults) != 0)
                rc = io_error(err, "cannot write the header, nor undo it");
            goto fail;
        }
        sync_dir(path);
        size = sizeof header;
    } else if ((rc = scan_records(j->fd, &j->alloc, 0, size, &j->faults,
                                  &j->last, NULL, err)) != MFK_OK) {
        goto fail;
    }
    j->end = size;
    lock(j->fd, F_UNLCK, &j->faults);
    *out = j;
    return MFK_OK;
fail:
    close(j->fd);
    mfk__free(&a, j);
    return rc;
}

int mfk_journal_append(mfk_journal *j, mfk_record *r, mfk_error *err)
{
    size_t size = 0;
    unsigned long long seq;
    int rc;

    mfk__error_clear(err);
    if (j == NULL || r == NULL)
        return MFK_EINVAL;
    if (lock(j->fd, F_WRLCK, &j->faults) != 0)
        return io_error(err, "cannot lock");
    if ((rc = file_size(j->fd, &size, &j->faults, err)) != MFK_OK)
        goto done;
    /* Records that other writers appended since; a journal repaired
     * under us is read again from its start. */
    if (size != j->end) {
        unsigned long long last = size < j->end ? 0 : j->last;
        rc = scan_records(j->fd, &j->alloc, size < j->end ? 0 : j->end,
                          size, &j->faults, &last, NULL, err);
        if (rc != MFK_OK)
            goto done;
        j->last = last;
        j->end = size;
    }
    seq = mfk_record_seq(r);
    mfk_record_set_seq(r, j->last + 1);
    j->out.len = 0;
    j->out.failed = 0;
    if ((rc = mfk__record_encode(r, &j->out)) != MFK_OK) {
        mfk_record_set_seq(r, seq);
        if (rc == MFK_ENOMEM)
            mfk__error_set(err, rc, NULL, "out of memory");
        else
            mfk__record_too_large(err, (long long)size);
        goto done;
    }
    if (write_all(j->fd, j->out.buf, j->out.len, &j->faults) != 0 ||
        do_fsync(j->fd, &j->faults) != 0) {
        rc = io_error(err, "cannot append");
        mfk_record_set_seq(r, seq);
        /* Take back what part of it was written: the journal stays as it
         * was. */
        if (do_truncate(j->fd, (off_t)size, &j->faults) != 0)
            rc = io_error(err, "cannot append, nor take back the part "
                               "written: repair the journal");
        goto done;
    }
    j->end = size + j->out.len;
    j->last++;
done:
    lock(j->fd, F_UNLCK, &j->faults);
    return rc;
}

int mfk_journal_close(mfk_journal *j)
{
    int rc = MFK_OK;
    mfk_allocator a;
    if (j == NULL)
        return MFK_OK;
    a = j->alloc;
    if (do_close(j->fd, &j->faults) != 0)
        rc = MFK_EIO;
    mfk__free(&a, j->out.buf);
    mfk__free(&a, j);
    return rc;
}

/* ---- the reader ------------------------------------------------------- */

struct mfk_journal_reader {
    mfk_allocator alloc;
    struct faults faults;
    struct scan s;
    mfk_record *r;
    int rc;        /* sticky: the error that stopped it */
    mfk_error err; /* and its detail */
};

int mfk_journal_reader_new(mfk_journal_reader **out, const char *path,
                           const mfk_allocator *alloc, mfk_error *err)
{
    mfk_allocator a;
    mfk_journal_reader *jr;
    struct faults faults;
    size_t size = 0;
    int fd, rc;

    mfk__error_clear(err);
    if (out == NULL)
        return MFK_EINVAL;
    *out = NULL;
    if (path == NULL)
        return MFK_EINVAL;
    mfk__alloc_init(&a, alloc);
    faults_init(&faults);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return io_error(err, "cannot open");
    /* The size under a read lock: writers append whole records under a
     * write lock, so it falls between two of them. */
    if (lock(fd, F_RDLCK, &faults) != 0) {
        rc = io_error(err, "cannot lock");
        close(fd);
        return rc;
    }
    rc = file_size(fd, &size, &faults, err);
    lock(fd, F_UNLCK, &faults);
    if (rc != MFK_OK) {
        close(fd);
        return rc;
    }
    jr = mfk__calloc(&a, 1, sizeof *jr);
    if (jr == NULL) {
        close(fd);
        return mfk__error_set(err, MFK_ENOMEM, NULL, "out of memory");
    }
    jr->alloc = a;
    jr->faults = faults;
    scan_init(&jr->s, &jr->alloc, fd, 0, size, &jr->faults);
    jr->r = mfk__record_alloc(&jr->alloc);
    if (jr->r == NULL)
        rc = mfk__error_set(err, MFK_ENOMEM, NULL, "out of memory");
    else
        rc = scan_header(&jr->s, err);
    if (rc != MFK_OK) {
        mfk_journal_reader_free(jr);
        return rc;
    }
    *out = jr;
    return MFK_OK;
}

int mfk_journal_reader_next(mfk_journal_reader *jr, const mfk_record **r,
                            mfk_error *err)
{
    size_t start;
    int rc;
    mfk__error_clear(err);
    if (jr == NULL || r == NULL)
        return MFK_EINVAL;
    *r = NULL;
    if (jr->rc != MFK_OK) {
        if (err != NULL)
            *err = jr->err;
        return jr->rc;
    }
    rc = scan_next(&jr->s, &start, &jr->err);
    if (rc == MFK_DONE)
        return MFK_DONE;
    if (rc == MFK_OK) {
        rc = mfk__record_from_tree(jr->r, &jr->s.tree, &jr->err);
        if (rc == MFK_OK) {
            *r = jr->r;
            return MFK_OK;
        }
        /* A damaged record: the reader stays before it. */
        jr->s.pos = start - jr->s.off;
    }
    jr->rc = rc;
    if (err != NULL)
        *err = jr->err;
    return rc;
}

long long mfk_journal_reader_offset(const mfk_journal_reader *jr)
{
    return jr == NULL ? -1 : (long long)(jr->s.off + jr->s.pos);
}

void mfk_journal_reader_free(mfk_journal_reader *jr)
{
    mfk_allocator a;
    if (jr == NULL)
        return;
    a = jr->alloc;
    close(jr->s.fd);
    scan_free(&jr->s);
    mfk_record_free(jr->r);
    mfk__free(&a, jr);
}

/* ---- repair ----------------------------------------------------------- */

static int copy_tail(int fd, size_t from, size_t to, const char *side_path,
                     struct faults *f, mfk_error *err)
{
    unsigned char buf[65536];
    int out = open(side_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    int rc = MFK_OK;
    if (out < 0)
        return io_error(err, "cannot create the side file");
    while (from < to) {
        size_t n = to - from < sizeof buf ? to - from : sizeof buf;
        ssize_t r = read_at(fd, buf, n, from, f);
        if (r <= 0 || write_all(out, buf, (size_t)r, f) != 0) {
            rc = io_error(err, "cannot copy the torn bytes");
            break;
        }
        from += (size_t)r;
    }
    if (rc == MFK_OK && do_fsync(out, f) != 0)
        rc = io_error(err, "cannot sync the side file");
    if (do_close(out, f) != 0 && rc == MFK_OK)
        rc = io_error(err, "cannot close the side file");
    if (rc != MFK_OK)
        unlink(side_path);
    return rc;
}

int mfk_journal_repair(const char *path, long long *offset, char *side,
                       size_t size, const mfk_allocator *alloc,
                       mfk_error *err)
{
    mfk_allocator a;
    mfk_error e;
    struct faults faults;
    char name[PATH_MAX];
    size_t fsize = 0, bad = 0;
    unsigned long long last = 0;
    long long cut;
    int fd, rc, k;

    mfk__error_clear(err);
    if (offset != NULL)
        *offset = -1;
    if (side != NULL && size > 0)
        side[0] = '\0';
    if (path == NULL)
        return MFK_EINVAL;
    mfk__alloc_init(&a, alloc);
    faults_init(&faults);
    fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return io_error(err, "cannot open");
    if (lock(fd, F_WRLCK, &faults) != 0) {
        rc = io_error(err, "cannot lock");
        goto done;
    }
    if ((rc = file_size(fd, &fsize, &faults, err)) != MFK_OK)
        goto done;
    mfk__error_clear(&e);
    rc = scan_records(fd, &a, 0, fsize, &faults, &last, &bad, &e);
    if (rc == MFK_OK)
        goto done; /* nothing to repair */
    if (rc == MFK_ENOMEM || rc == MFK_EIO || bad == 0) {
        /* Not a journal, or no way to tell: nothing is moved. */
        if (err != NULL)
            *err = e;
        goto done;
    }
    cut = (long long)bad;
    for (k = 0; k < 100; k++) {
        int n = k == 0 ? snprintf(name, sizeof name, "%s.torn-%lld", path,
                                  cut)
                       : snprintf(name, sizeof name, "%s.torn-%lld.%d",
                                  path, cut, k);
        if (n >= (int)sizeof name) { /* not cut short: another file */
            errno = ENAMETOOLONG;
            rc = io_error(err, "cannot name the side file");
            break;
        }
        rc = copy_tail(fd, (size_t)cut, fsize, name, &faults, err);
        if (rc == MFK_OK || errno != EEXIST)
            break;
    }
    if (rc != MFK_OK)
        goto done;
    sync_dir(name);
    if (do_truncate(fd, (off_t)cut, &faults) != 0 ||
        do_fsync(fd, &faults) != 0) {
        rc = io_error(err, "cannot truncate (the torn bytes are copied)");
        goto done;
    }
    if (offset != NULL)
        *offset = cut;
    if (side != NULL && size > 0)
        snprintf(side, size, "%s", name);
done:
    lock(fd, F_UNLCK, &faults);
    close(fd);
    return rc;
}
