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
#include <time.h>
#include <unistd.h>

#include <sodium.h>

/* Tag 55799 and {"format": "mufakat-journal", "version": 2}; version 1's
 * differs in its last byte. A header is these bytes exactly, so that no
 * change to it can make it take in the records after it. */
#define HEADER_LEN 36
static const unsigned char header[HEADER_LEN] = {
    0xd9, 0xd9, 0xf7, 0xa2, 0x66, 'f', 'o', 'r', 'm', 'a', 't', 0x6f,
    'm',  'u',  'f',  'a',  'k',  'a', 't', '-', 'j', 'o', 'u', 'r',
    'n',  'a',  'l',  0x67, 'v',  'e', 'r', 's', 'i', 'o', 'n', 0x02};

/* A version 2 record is framed: tag 55799 and an array of three, [the
 * record's map as a byte string, its Ed25519 signature or null, the
 * SHA-256 of every byte of the item before those 32]. Reading goes on
 * after damage from the next place where a whole frame begins. */
static const unsigned char marker[4] = {0xd9, 0xd9, 0xf7, 0x83};
/* A version 1 record: a map of 12 or 13 pairs whose first key is "seq". */
static const unsigned char marker1[4] = {0x63, 's', 'e', 'q'};

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
    int version;   /* the header's: 1 or 2 */
    int chain;     /* version 2: check sums and links */
    int has_key;   /* and signatures by this key */
    unsigned char key[MFK__PUBLIC_KEY_BYTES];
    unsigned char prev[MFK__SHA256_BYTES]; /* hash of the item before */
    int prev_known;
    unsigned char last[MFK__SHA256_BYTES]; /* of the last whole record */
    int has_last;
    size_t item; /* where the last item read begins */
    unsigned long long place;   /* items read: records, damaged stretches */
    unsigned long long fault;   /* the record number of the last fault */
    unsigned long long records; /* whole records, events included */
    unsigned long long events;
    unsigned long long max_seq; /* the highest seq of a whole record */
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
    s->chain = 1;
    s->version = 2;
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

/* At least n bytes from pos on in the buffer, or all the file has. */
static int scan_need(struct scan *s, size_t n, mfk_error *err)
{
    while (s->len - s->pos < n && s->off + s->len < s->size) {
        int rc = scan_fill(s, err);
        if (rc != MFK_OK)
            return rc;
    }
    return MFK_OK;
}

/* The next item into s->tree; *start is its offset. MFK_DONE at the end;
 * MFK_ETORN (err->offset: the item's start) when the file ends inside it;
 * MFK_ESYNTAX, MFK_ELIMIT, MFK_ENOMEM, MFK_EIO. */
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

static int not_journal(mfk_error *err)
{
    mfk__error_set(err, MFK_EFORMAT, NULL,
                   "not a mufakat journal, or its header is damaged: "
                   "expected tag 55799 and {\"format\": \"mufakat-journal\", "
                   "\"version\": 1 or 2}, exactly");
    if (err != NULL)
        err->offset = 0;
    return MFK_EFORMAT;
}

/* The header, at the start of the file: one of the two, byte for byte. */
static int scan_header(struct scan *s, mfk_error *err)
{
    int rc;
    if (s->size < 3)
        return not_journal(err);
    if ((rc = scan_need(s, HEADER_LEN, err)) != MFK_OK)
        return rc;
    if (s->len < 3 || memcmp(s->buf, header, 3) != 0)
        return not_journal(err);
    if (s->len < HEADER_LEN) {
        if (memcmp(s->buf, header, s->len) == 0) {
            mfk__error_set(err, MFK_ETORN, NULL,
                           "torn header (%zu bytes): the journal ends inside "
                           "it",
                           s->len);
            if (err != NULL)
                err->offset = 0;
            return MFK_ETORN;
        }
        return not_journal(err);
    }
    if (memcmp(s->buf, header, HEADER_LEN - 1) != 0 ||
        (s->buf[HEADER_LEN - 1] != 1 && s->buf[HEADER_LEN - 1] != 2))
        return not_journal(err);
    s->version = s->buf[HEADER_LEN - 1];
    crypto_hash_sha256(s->prev, s->buf, HEADER_LEN);
    s->prev_known = 1;
    memcpy(s->last, s->prev, sizeof s->last); /* the last whole item */
    s->has_last = 1;
    s->item = 0;
    s->pos = HEADER_LEN;
    return MFK_OK;
}

/* ---- frames (version 2) ------------------------------------------------ */

enum { FR_OK, FR_BADSUM, FR_BAD, FR_TORN };

struct frame {
    size_t total;   /* bytes of the item */
    size_t content; /* where the record's map begins, from the item's */
    size_t clen;
    size_t sig;     /* where the signature begins; 0: unsigned */
    unsigned char hash[MFK__SHA256_BYTES]; /* of the item, when summed */
    const char *why; /* what is wrong, for FR_BAD */
};

/* The frame at s->pos; sum: check its checksum (and hash it). Sets
 * *status; the buffer holds the whole item when it is FR_OK or FR_BADSUM. */
static int frame_at(struct scan *s, struct frame *f, int sum, int *status,
                    mfk_error *err)
{
    const unsigned char *p;
    size_t avail, hl, i, need;
    int rc;

    memset(f, 0, sizeof *f);
    if ((rc = scan_need(s, 9, err)) != MFK_OK)
        return rc;
    p = s->buf + s->pos;
    avail = s->len - s->pos;
    for (i = 0; i < sizeof marker; i++) {
        if (i >= avail) {
            *status = FR_TORN;
            return MFK_OK;
        }
        if (p[i] != marker[i]) {
            f->why = "no record begins here";
            *status = FR_BAD;
            return MFK_OK;
        }
    }
    if (avail < 5) {
        *status = FR_TORN;
        return MFK_OK;
    }
    if ((p[4] & 0xe0) != 0x40 || (p[4] & 0x1f) > 26) {
        f->why = "its frame holds no byte string";
        *status = FR_BAD;
        return MFK_OK;
    }
    i = p[4] & 0x1f;
    hl = i < 24 ? 1 : i == 24 ? 2 : i == 25 ? 3 : 5;
    if (avail < 4 + hl) {
        *status = FR_TORN;
        return MFK_OK;
    }
    if (hl == 1)
        f->clen = i;
    for (i = 1; i < hl; i++)
        f->clen = f->clen << 8 | p[4 + i];
    if (f->clen > MFK_RECORD_MAX_BYTES) {
        f->why = "its length is over the limit of a record";
        *status = FR_BAD;
        return MFK_OK;
    }
    f->content = 4 + hl;
    need = f->content + f->clen + 1;
    if ((rc = scan_need(s, need, err)) != MFK_OK)
        return rc;
    p = s->buf + s->pos;
    avail = s->len - s->pos;
    if (avail < need) {
        *status = FR_TORN;
        return MFK_OK;
    }
    if (p[need - 1] == 0xf6) {
        f->total = need + 34;
    } else if (p[need - 1] == 0x58) {
        f->sig = need + 1;
        f->total = need + 1 + MFK__SIG_BYTES + 34;
    } else {
        f->why = "its signature is neither null nor 64 bytes";
        *status = FR_BAD;
        return MFK_OK;
    }
    if ((rc = scan_need(s, f->total, err)) != MFK_OK)
        return rc;
    p = s->buf + s->pos;
    avail = s->len - s->pos;
    {
        /* The fixed bytes there are: the signature's length, the sum's
         * head. */
        size_t h = f->total - 34;
        int ok = (f->sig == 0 || avail <= need || p[need] == MFK__SIG_BYTES) &&
                 (avail <= h || p[h] == 0x58) &&
                 (avail <= h + 1 || p[h + 1] == MFK__SHA256_BYTES);
        if (!ok) {
            f->why = "its frame is not [record, signature, checksum]";
            *status = FR_BAD;
            return MFK_OK;
        }
    }
    if (avail < f->total) {
        *status = FR_TORN;
        return MFK_OK;
    }
    *status = FR_OK;
    if (sum) {
        crypto_hash_sha256_state st, copy;
        unsigned char sumv[MFK__SHA256_BYTES];
        crypto_hash_sha256_init(&st);
        crypto_hash_sha256_update(&st, p, f->total - MFK__SHA256_BYTES);
        copy = st;
        crypto_hash_sha256_final(&copy, sumv);
        if (memcmp(sumv, p + f->total - MFK__SHA256_BYTES,
                   MFK__SHA256_BYTES) != 0)
            *status = FR_BADSUM;
        crypto_hash_sha256_update(&st, p + f->total - MFK__SHA256_BYTES,
                                  MFK__SHA256_BYTES);
        crypto_hash_sha256_final(&st, f->hash);
    }
    return MFK_OK;
}

/* The seq of a map at the tree's root, when it has one. */
static int tree_seq(const mfk__ctree *t, unsigned long long *seq)
{
    const mfk__cnode *x = t->nodes, *k;
    size_t i;
    if (t->n == 0 || x->kind != MFK__C_MAP)
        return 0;
    for (i = 0, k = x + 1; i < x->n; i++) {
        const mfk__cnode *v = mfk__cnext(k);
        /* Seqs count from 1: a 0 is no seq (the fault is then named
         * by the record's place). */
        if (mfk__ctext_is(t, k, "seq") && v->kind == MFK__C_UINT)
            return v->v.u >= 1 ? (*seq = v->v.u, 1) : 0;
        k = mfk__cnext(v);
    }
    return 0;
}

/* Whether a whole, intact item begins at s->pos: a frame whose checksum
 * holds (version 2), or a record that decodes (version 1). */
static int whole_at(struct scan *s, mfk_record *scratch, int *yes,
                    mfk_error *err)
{
    mfk_error e;
    int rc, status;
    *yes = 0;
    if (s->version == 2) {
        struct frame f;
        if ((rc = frame_at(s, &f, 1, &status, err)) != MFK_OK)
            return rc;
        *yes = status == FR_OK;
        return MFK_OK;
    } else {
        size_t start, at = s->off + s->pos;
        mfk__error_clear(&e);
        rc = scan_next(s, &start, &e);
        if (rc == MFK_ENOMEM || rc == MFK_EIO) {
            if (err != NULL)
                *err = e;
            return rc;
        }
        *yes = rc == MFK_OK &&
               mfk__record_from_tree(scratch, &s->tree, NULL) == MFK_OK &&
               mfk__record_format(scratch) == 1;
        s->pos = at - s->off; /* scan_next may have moved the buffer */
        return MFK_OK;
    }
}

/* From the byte after s->pos on, the next place where an intact item
 * begins: s->pos is left there (*found 1) or at the end of the file. */
static int resync(struct scan *s, mfk_record *scratch, int *found,
                  mfk_error *err)
{
    const unsigned char *m = s->version == 2 ? marker : marker1;
    size_t back = s->version == 2 ? 0 : 1; /* the map's head before it */
    int rc, yes;
    *found = 0;
    s->pos++;
    for (;;) {
        unsigned char *hit = NULL;
        size_t avail = s->len - s->pos;
        if (avail >= 4 + back)
            hit = memmem(s->buf + s->pos + back, avail - back, m, 4);
        if (hit != NULL) {
            size_t at = (size_t)(hit - s->buf) - back;
            size_t file_at = s->off + at;
            if (back && s->buf[at] != 0xac && s->buf[at] != 0xad) {
                s->pos = at + 1;
                continue;
            }
            s->pos = at;
            if ((rc = whole_at(s, scratch, &yes, err)) != MFK_OK)
                return rc;
            if (yes) {
                s->pos = file_at - s->off;
                *found = 1;
                return MFK_OK;
            }
            s->pos = file_at - s->off + 1;
            continue;
        }
        if (s->off + s->len >= s->size) {
            s->pos = s->len;
            return MFK_OK;
        }
        if (avail > 4 + back)
            s->pos = s->len - 4 - back;
        if ((rc = scan_fill(s, err)) != MFK_OK)
            return rc;
    }
}

/* Sets err for a fault of record n at byte `at`. */
static int fault_at(struct scan *s, mfk_error *err, int code,
                    unsigned long long n, size_t at, const char *fmt,
                    const char *what)
{
    s->fault = n;
    mfk__error_set(err, code, NULL, fmt, what);
    if (err != NULL)
        err->offset = (long long)at;
    return code;
}

/* A stretch that is no whole record, from at: reported as record n, and
 * reading goes on after it. A torn end is MFK_ETORN; else `code` with
 * the message "damaged (...): why", or, when plain (version 1, as 0.1
 * said it), why alone. */
static int damaged(struct scan *s, mfk_record *scratch, size_t at,
                   unsigned long long n, int status, int code, int plain,
                   const char *why, mfk_error *err)
{
    int rc, found;
    size_t end;
    char what[400];
    s->pos = at - s->off;
    if ((rc = resync(s, scratch, &found, err)) != MFK_OK)
        return rc;
    end = s->off + s->pos;
    s->prev_known = 0;
    s->item = at;
    if (!found && status == FR_TORN) {
        if (plain)
            snprintf(what, sizeof what, "%s", why);
        else
            snprintf(what, sizeof what,
                     "torn record (%zu bytes): the journal ends inside it",
                     end - at);
        return fault_at(s, err, MFK_ETORN, n, at, "%s", what);
    }
    if (code == MFK_ETORN) /* not at the end: whole records follow */
        code = MFK_EFORMAT;
    if (plain)
        snprintf(what, sizeof what, "%s", why);
    else
        snprintf(what, sizeof what, "damaged (%zu bytes, %s): %s", end - at,
                 found ? "the records after it are read"
                       : "the journal ends after it",
                 why);
    return fault_at(s, err, code, n, at, "%s", what);
}

/* The record in s->tree into rec; its format must be the journal's. */
static int decode(struct scan *s, mfk_record *rec, mfk_error *e)
{
    int rc = mfk__record_from_tree(rec, &s->tree, e);
    if (rc == MFK_OK && mfk__record_format(rec) != (unsigned)s->version) {
        rc = MFK_EFORMAT;
        snprintf(e->message, sizeof e->message,
                 "a record of format %u in a journal of version %d",
                 mfk__record_format(rec), s->version);
    }
    return rc;
}

/* The next item of a version 2 journal into rec. MFK_DONE at the end.
 * MFK_OK: a whole record, *whole 1. A fault of a whole record (its link
 * or signature): MFK_EFORMAT, *whole 1. A damaged or torn stretch:
 * MFK_EFORMAT or MFK_ETORN, *whole 0, reading goes on after it. MFK_EIO
 * and MFK_ENOMEM stop it. err->offset is where the item begins;
 * s->fault its record number. */
static int item_v2(struct scan *s, mfk_record *rec, int *whole,
                   mfk_error *err)
{
    struct frame f;
    size_t at = s->off + s->pos;
    unsigned long long seq = 0, n;
    const unsigned char *p;
    mfk_error e;
    int rc, status, has_seq = 0;

    *whole = 0;
    if (at >= s->size)
        return MFK_DONE;
    n = ++s->place;
    if ((rc = frame_at(s, &f, s->chain, &status, err)) != MFK_OK)
        return rc;
    p = s->buf + s->pos;
    if (status == FR_OK || status == FR_BADSUM) {
        size_t used;
        mfk__error_clear(&e);
        rc = mfk__cbor_parse(&s->tree, p + f.content, f.clen, f.clen,
                             at + f.content, &used, &e);
        if (rc == MFK_ENOMEM)
            return mfk__error_set(err, rc, NULL, "out of memory");
        /* A seq is believed only where the checksum holds. */
        has_seq = status == FR_OK && rc == MFK_OK &&
                  tree_seq(&s->tree, &seq);
        if (has_seq)
            n = seq;
        if (status == FR_BADSUM)
            return damaged(s, rec, at, n, status, MFK_EFORMAT, 0,
                           "its checksum does not match its bytes", err);
        /* The frame is whole: an item inside it that runs past its
         * end is damage, not a torn end of the journal (that was
         * reported as torn, and repair had no tail to move). */
        if (rc == MFK_ETORN)
            rc = MFK_EFORMAT;
        if (rc == MFK_OK && used != f.clen) {
            rc = MFK_EFORMAT;
            snprintf(e.message, sizeof e.message, "bytes after its map");
        }
        if (rc == MFK_OK) {
            rc = decode(s, rec, &e);
            if (rc == MFK_ENOMEM)
                return mfk__error_set(err, rc, NULL, "out of memory");
        }
        /* The item is whole: the next begins after it, and links to
         * its hash. */
        {
            unsigned char before[MFK__SHA256_BYTES];
            int known = s->prev_known;
            memcpy(before, s->prev, sizeof before);
            s->item = at;
            s->pos += f.total;
            s->prev_known = s->chain;
            if (s->chain)
                memcpy(s->prev, f.hash, sizeof s->prev);
            if (rc != MFK_OK)
                return fault_at(s, err, rc, n, at, "damaged: %s",
                                e.message);
            *whole = 1;
            s->records++;
            if (mfk__record_is_event(rec))
                s->events++;
            if (mfk_record_seq(rec) > s->max_seq)
                s->max_seq = mfk_record_seq(rec);
            if (s->chain) {
                const unsigned char *link = mfk__record_prev(rec);
                memcpy(s->last, f.hash, sizeof s->last);
                s->has_last = 1;
                if (link == NULL)
                    return fault_at(s, err, MFK_EFORMAT, n, at, "%s",
                                    "no link to the record before");
                /* Checked where the item before it was whole. */
                if (known && memcmp(link, before, sizeof before) != 0)
                    return fault_at(s, err, MFK_EFORMAT, n, at, "%s",
                                    "the link to the item before does not "
                                    "match: a record before it was "
                                    "changed, taken out or put in");
            }
            if (s->has_key) {
                if (f.sig == 0)
                    return fault_at(s, err, MFK_EFORMAT, n, at, "%s",
                                    "not signed");
                if (crypto_sign_verify_detached(p + f.sig, p + f.content,
                                                f.clen, s->key) != 0)
                    return fault_at(s, err, MFK_EFORMAT, n, at, "%s",
                                    "its signature is not that of the key");
            }
        }
        return MFK_OK;
    }
    return damaged(s, rec, at, n, status, MFK_EFORMAT, 0,
                   f.why != NULL ? f.why : "no whole record", err);
}

/* The next item of a version 1 journal: as item_v2, with no frames,
 * sums or links: a stretch that does not decode runs to the next record
 * that does. */
static int item_v1(struct scan *s, mfk_record *rec, int *whole,
                   mfk_error *err)
{
    size_t at = s->off + s->pos, start;
    unsigned long long n, seq;
    mfk_error e;
    int rc;

    *whole = 0;
    if (at >= s->size)
        return MFK_DONE;
    n = ++s->place;
    mfk__error_clear(&e);
    rc = scan_next(s, &start, &e);
    if (rc == MFK_ENOMEM || rc == MFK_EIO) {
        if (err != NULL)
            *err = e;
        return rc;
    }
    if (rc == MFK_OK) {
        if (tree_seq(&s->tree, &seq))
            n = seq;
        rc = decode(s, rec, &e);
        if (rc == MFK_ENOMEM)
            return mfk__error_set(err, rc, NULL, "out of memory");
        if (rc == MFK_OK) {
            *whole = 1;
            s->item = at;
            s->records++;
            if (mfk_record_seq(rec) > s->max_seq)
                s->max_seq = mfk_record_seq(rec);
            return MFK_OK;
        }
    }
    {
        char why[256];
        snprintf(why, sizeof why, "%s", e.message);
        return damaged(s, rec, at, n, rc == MFK_ETORN ? FR_TORN : FR_BAD, rc,
                       1, why, err);
    }
}

static int scan_item(struct scan *s, mfk_record *rec, int *whole,
                     mfk_error *err)
{
    return s->version == 2 ? item_v2(s, rec, whole, err)
                           : item_v1(s, rec, whole, err);
}

/* What a writer needs to know of a journal: read from `from` (0: the
 * header first) to `size`. Damage inside is passed over; a torn end, and
 * errors of reading, fail it (MFK_ETORN with err->offset). */
struct wstate {
    int version;
    unsigned long long last; /* the highest seq */
    size_t item;             /* where the last item begins */
};

static int scan_records(int fd, const mfk_allocator *alloc, size_t from,
                        size_t size, struct faults *faults,
                        struct wstate *w, mfk_error *err)
{
    struct scan s;
    mfk_record *r = mfk__record_alloc(alloc);
    int rc = MFK_OK, whole;
    if (r == NULL)
        return mfk__error_set(err, MFK_ENOMEM, NULL, "out of memory");
    scan_init(&s, alloc, fd, from, size, faults);
    s.chain = 0; /* a writer links to bytes, not to what they say */
    if (from == 0 && (rc = scan_header(&s, err)) != MFK_OK) {
        scan_free(&s);
        mfk_record_free(r);
        return rc;
    }
    if (from != 0)
        s.version = w->version;
    s.max_seq = w->last;
    s.item = w->item;
    /* Version 2 passes over damage inside; version 1 stops there, as
     * 0.1 would, which still reads it. */
    while (rc == MFK_OK ||
           (s.version == 2 && rc != MFK_DONE && rc != MFK_ETORN &&
            rc != MFK_EIO && rc != MFK_ENOMEM && rc != MFK_EINVAL))
        rc = scan_item(&s, r, &whole, err);
    if (rc == MFK_DONE) {
        rc = MFK_OK;
        w->version = s.version;
        w->last = s.max_seq;
        w->item = s.item;
    }
    scan_free(&s);
    mfk_record_free(r);
    return rc;
}

/* SHA-256 of the file's bytes [from, to). */
static int hash_range(int fd, size_t from, size_t to, struct faults *f,
                      unsigned char out[MFK__SHA256_BYTES], mfk_error *err)
{
    unsigned char buf[65536];
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    while (from < to) {
        size_t n = to - from < sizeof buf ? to - from : sizeof buf;
        ssize_t r = read_at(fd, buf, n, from, f);
        if (r <= 0)
            return io_error(err, "cannot read");
        crypto_hash_sha256_update(&st, buf, (size_t)r);
        from += (size_t)r;
    }
    crypto_hash_sha256_final(&st, out);
    return MFK_OK;
}

/* ---- the writer ------------------------------------------------------- */

struct mfk_journal {
    mfk_allocator alloc;
    int fd;
    size_t end; /* header and items, as far as we know */
    struct wstate w;
    mfk__cbuf out, frame;
    int has_key;
    unsigned char key[MFK__SECRET_KEY_BYTES];
    struct faults faults;
    /* The SHA-256 of the last record this handle appended (version 2). */
    unsigned char appended[MFK__SHA256_BYTES];
    int has_appended;
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
    if (sodium_init() < 0)
        return mfk__error_set(err, MFK_EIO, NULL, "libsodium cannot start");
    mfk__alloc_init(&a, alloc);
    if ((j = mfk__calloc(&a, 1, sizeof *j)) == NULL)
        return mfk__error_set(err, MFK_ENOMEM, NULL, "out of memory");
    j->alloc = a;
    j->out.alloc = &j->alloc;
    j->frame.alloc = &j->alloc;
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
    if (size > 0 && size < HEADER_LEN) {
        /* A writer died while it wrote the header: begin again. */
        unsigned char head[HEADER_LEN];
        if (read_at(j->fd, head, size, 0, &j->faults) == (ssize_t)size &&
            (memcmp(head, header, size) == 0 ||
             (size == HEADER_LEN - 1 &&
              memcmp(head, header, size) == 0)) &&
            do_truncate(j->fd, 0, &j->faults) == 0)
            size = 0;
    }
    if (size == 0) {
        if (write_all(j->fd, header, HEADER_LEN, &j->faults) != 0 ||
            do_fsync(j->fd, &j->faults) != 0) {
            rc = io_error(err, "cannot write the header");
            if (do_truncate(j->fd, 0, &j->faults) != 0)
                rc = io_error(err, "cannot write the header, nor undo it");
            goto fail;
        }
        sync_dir(path);
        size = HEADER_LEN;
        j->w.version = 2;
        j->w.item = 0;
    } else if ((rc = scan_records(j->fd, &j->alloc, 0, size, &j->faults,
                                  &j->w, err)) != MFK_OK) {
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

int mfk_journal_version(const mfk_journal *j)
{
    return j == NULL ? 0 : j->w.version;
}

int mfk_journal_set_key(mfk_journal *j, const unsigned char *secret)
{
    if (j == NULL)
        return MFK_EINVAL;
    if (secret == NULL) {
        sodium_memzero(j->key, sizeof j->key);
        j->has_key = 0;
        return MFK_OK;
    }
    memcpy(j->key, secret, sizeof j->key);
    j->has_key = 1;
    return MFK_OK;
}

/* r's item as it goes in the file, into j->frame (version 2) or j->out
 * (version 1); checked by the reader's code first. */
static int make_item(mfk_journal *j, mfk_record *r, const unsigned char *p,
                     size_t *len, mfk_error *err, size_t at)
{
    mfk__cbuf *b = &j->frame;
    int rc;
    j->out.len = 0;
    j->out.failed = 0;
    if ((rc = mfk__record_encode(r, &j->out)) != MFK_OK) {
        if (rc == MFK_ENOMEM)
            return mfk__error_set(err, rc, NULL, "out of memory");
        return mfk__record_too_large(err, (long long)at);
    }
    if ((rc = mfk__record_check(j->out.buf, j->out.len, &j->alloc, err)) !=
        MFK_OK) {
        char why[256];
        if (rc == MFK_ENOMEM)
            return rc;
        snprintf(why, sizeof why, "%s", err != NULL ? err->message : "");
        mfk__error_set(err, rc, NULL,
                       "the record would not read back (%s): nothing is "
                       "written",
                       why);
        if (err != NULL)
            err->offset = (long long)at;
        return rc;
    }
    (void)p;
    if (j->w.version == 1) {
        *len = j->out.len;
        return MFK_OK;
    }
    b->len = 0;
    b->failed = 0;
    mfk__cbuf_raw(b, marker, sizeof marker);
    mfk__cbuf_head(b, 2, j->out.len);
    mfk__cbuf_raw(b, j->out.buf, j->out.len);
    if (j->has_key) {
        unsigned char sig[MFK__SIG_BYTES];
        crypto_sign_detached(sig, NULL, j->out.buf, j->out.len, j->key);
        mfk__cbuf_head(b, 2, MFK__SIG_BYTES);
        mfk__cbuf_raw(b, sig, sizeof sig);
    } else {
        mfk__cbuf_simple(b, 22);
    }
    mfk__cbuf_head(b, 2, MFK__SHA256_BYTES);
    if (!b->failed) {
        unsigned char sum[MFK__SHA256_BYTES];
        crypto_hash_sha256(sum, b->buf, b->len);
        mfk__cbuf_raw(b, sum, sizeof sum);
    }
    if (b->failed)
        return mfk__error_set(err, MFK_ENOMEM, NULL, "out of memory");
    *len = b->len;
    return MFK_OK;
}

int mfk_journal_append(mfk_journal *j, mfk_record *r, mfk_error *err)
{
    size_t size = 0, len = 0;
    unsigned long long seq;
    unsigned format;
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
        struct wstate w = j->w;
        if (size < j->end)
            memset(&w, 0, sizeof w);
        rc = scan_records(j->fd, &j->alloc, size < j->end ? 0 : j->end,
                          size, &j->faults, &w, err);
        if (rc != MFK_OK)
            goto done;
        j->w = w;
        j->end = size;
    }
    if (j->w.version == 1 && (mfk__record_needs_two(r) || j->has_key)) {
        rc = mfk__error_set(err, MFK_EFORMAT, NULL,
                            "a journal of version 1 cannot hold %s: nothing "
                            "is written (begin a new journal for them)",
                            j->has_key ? "signatures"
                            : mfk__record_is_event(r) ? "event records"
                                                      : mfk__record_two_what(r));
        goto done;
    }
    seq = mfk_record_seq(r);
    format = mfk__record_format(r);
    mfk_record_set_seq(r, j->w.last + 1);
    mfk__record_set_format(r, (unsigned)j->w.version);
    if (j->w.version == 2) {
        unsigned char prev[MFK__SHA256_BYTES];
        if ((rc = hash_range(j->fd, j->w.item, size, &j->faults, prev,
                             err)) != MFK_OK)
            goto undo;
        mfk__record_set_prev(r, prev);
    }
    if ((rc = make_item(j, r, NULL, &len, err, size)) != MFK_OK)
        goto undo;
    if (write_all(j->fd, j->w.version == 2 ? j->frame.buf : j->out.buf, len,
                  &j->faults) != 0 ||
        do_fsync(j->fd, &j->faults) != 0) {
        rc = io_error(err, "cannot append");
        /* Take back what part of it was written: the journal stays as it
         * was. */
        if (do_truncate(j->fd, (off_t)size, &j->faults) != 0)
            rc = io_error(err, "cannot append, nor take back the part "
                               "written: repair the journal");
        goto undo;
    }
    j->end = size + len;
    j->w.item = size;
    j->w.last++;
    j->has_appended = j->w.version == 2;
    if (j->has_appended)
        crypto_hash_sha256(j->appended, j->frame.buf, len);
    goto done;
undo:
    mfk_record_set_seq(r, seq);
    mfk__record_set_format(r, format);
    mfk__record_set_prev(r, NULL);
done:
    lock(j->fd, F_UNLCK, &j->faults);
    return rc;
}

int mfk_journal_append_event(mfk_journal *j, const char *event,
                             const char *member, const char *text,
                             const char *when, mfk_error *err)
{
    char utc[40];
    mfk_record *r;
    int rc;
    mfk__error_clear(err);
    if (j == NULL)
        return MFK_EINVAL;
    if (when == NULL) {
        struct tm tm;
        time_t now = time(NULL);
        gmtime_r(&now, &tm);
        strftime(utc, sizeof utc, "%Y-%m-%dT%H:%M:%SZ", &tm);
    } else if (mfk_time_to_utc(when, utc, sizeof utc) != MFK_OK) {
        return mfk__error_set(err, MFK_EINVAL, NULL,
                              "not an RFC 3339 date-time");
    }
    if ((r = mfk__record_alloc(&j->alloc)) == NULL)
        return mfk__error_set(err, MFK_ENOMEM, NULL, "out of memory");
    rc = mfk__record_make_event(r, event, member, text, utc);
    if (rc != MFK_OK)
        mfk__error_set(err, rc, NULL, rc == MFK_ENOMEM ? "out of memory"
                                                       : "not an event");
    else
        rc = mfk_journal_append(j, r, err);
    mfk_record_free(r);
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
    sodium_memzero(j->key, sizeof j->key);
    mfk__free(&a, j->out.buf);
    mfk__free(&a, j->frame.buf);
    mfk__free(&a, j);
    return rc;
}

int mfk_sign_keypair(unsigned char *public_key, unsigned char *secret_key)
{
    if (public_key == NULL || secret_key == NULL)
        return MFK_EINVAL;
    if (sodium_init() < 0)
        return MFK_EIO;
    return crypto_sign_keypair(public_key, secret_key) == 0 ? MFK_OK
                                                            : MFK_EIO;
}

/* ---- the reader ------------------------------------------------------- */

struct mfk_journal_reader {
    mfk_allocator alloc;
    struct faults faults;
    struct scan s;
    mfk_record *r;
    int rc;        /* sticky: the error that stopped it */
    mfk_error err; /* and its detail */
    int events;    /* return event records too */
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
    if (sodium_init() < 0)
        return mfk__error_set(err, MFK_EIO, NULL, "libsodium cannot start");
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
    int rc, whole;
    mfk__error_clear(err);
    if (jr == NULL || r == NULL)
        return MFK_EINVAL;
    *r = NULL;
    if (jr->rc != MFK_OK) {
        if (err != NULL)
            *err = jr->err;
        return jr->rc;
    }
    for (;;) {
        mfk__error_clear(&jr->err);
        rc = scan_item(&jr->s, jr->r, &whole, &jr->err);
        if (rc == MFK_DONE)
            return MFK_DONE;
        if (rc == MFK_ENOMEM || rc == MFK_EIO)
            jr->rc = rc; /* nothing more can be read */
        if (whole && mfk__record_is_event(jr->r) && !jr->events) {
            if (rc == MFK_OK)
                continue; /* passed over, and counted */
        } else if (whole) {
            *r = jr->r;
        }
        if (err != NULL)
            *err = jr->err;
        return rc;
    }
}

long long mfk_journal_reader_offset(const mfk_journal_reader *jr)
{
    return jr == NULL ? -1 : (long long)(jr->s.off + jr->s.pos);
}

int mfk_journal_reader_version(const mfk_journal_reader *jr)
{
    return jr == NULL ? 0 : jr->s.version;
}

int mfk_journal_reader_check_chain(mfk_journal_reader *jr, int on)
{
    if (jr == NULL)
        return MFK_EINVAL;
    jr->s.chain = on != 0;
    return MFK_OK;
}

int mfk_journal_reader_set_events(mfk_journal_reader *jr, int on)
{
    if (jr == NULL)
        return MFK_EINVAL;
    jr->events = on != 0;
    return MFK_OK;
}

int mfk_journal_reader_set_key(mfk_journal_reader *jr,
                               const unsigned char *public_key)
{
    if (jr == NULL)
        return MFK_EINVAL;
    jr->s.has_key = public_key != NULL;
    if (public_key != NULL)
        memcpy(jr->s.key, public_key, sizeof jr->s.key);
    return MFK_OK;
}

unsigned long long mfk_journal_reader_fault(const mfk_journal_reader *jr)
{
    return jr == NULL ? 0 : jr->s.fault;
}

unsigned long long mfk_journal_reader_records(const mfk_journal_reader *jr)
{
    return jr == NULL ? 0 : jr->s.records;
}

unsigned long long mfk_journal_reader_events(const mfk_journal_reader *jr)
{
    return jr == NULL ? 0 : jr->s.events;
}

int mfk_journal_reader_last_sha256(const mfk_journal_reader *jr,
                                   unsigned char *out)
{
    if (jr == NULL || out == NULL)
        return MFK_EINVAL;
    if (jr->s.version != 2 || !jr->s.chain)
        return MFK_EFORMAT;
    if (!jr->s.has_last)
        return MFK_ENOTFOUND;
    memcpy(out, jr->s.last, MFK__SHA256_BYTES);
    return MFK_OK;
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

/* Where the tail that repair may move begins: a torn last item (version
 * 2), or, in version 1, a last stretch with no whole record after it.
 * *cut -1 when there is none. */
static int torn_tail(int fd, const mfk_allocator *alloc, size_t size,
                     struct faults *faults, long long *cut, mfk_error *err)
{
    struct scan s;
    mfk_record *r = mfk__record_alloc(alloc);
    int rc, whole;
    *cut = -1;
    if (r == NULL)
        return mfk__error_set(err, MFK_ENOMEM, NULL, "out of memory");
    scan_init(&s, alloc, fd, 0, size, faults);
    s.chain = 0;
    rc = scan_header(&s, err);
    if (rc == MFK_ETORN) {
        *cut = 0; /* a header cut short: nothing but it to move */
        rc = MFK_OK;
        goto out;
    }
    while (rc == MFK_OK) {
        mfk_error e;
        size_t at = s.off + s.pos;
        rc = scan_item(&s, r, &whole, &e);
        if (rc == MFK_DONE) {
            rc = MFK_OK;
            break;
        }
        if (rc == MFK_EIO || rc == MFK_ENOMEM) {
            if (err != NULL)
                *err = e;
            break;
        }
        if (!whole && s.off + s.pos >= s.size &&
            (rc == MFK_ETORN || s.version == 1)) {
            *cut = (long long)at;
            rc = MFK_OK;
            break;
        }
        rc = MFK_OK;
    }
out:
    scan_free(&s);
    mfk_record_free(r);
    return rc;
}

int mfk_journal_repair(const char *path, long long *offset, char *side,
                       size_t size, const mfk_allocator *alloc,
                       mfk_error *err)
{
    mfk_allocator a;
    struct faults faults;
    char name[PATH_MAX];
    size_t fsize = 0;
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
    if ((rc = torn_tail(fd, &a, fsize, &faults, &cut, err)) != MFK_OK ||
        cut < 0)
        goto done; /* not a journal, or nothing torn: nothing is moved */
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

int mfk_journal_last_sha256(const mfk_journal *j, unsigned char *out)
{
    if (j == NULL || out == NULL)
        return MFK_EINVAL;
    if (!j->has_appended)
        return MFK_ENOTFOUND;
    memcpy(out, j->appended, MFK__SHA256_BYTES);
    return MFK_OK;
}
