/* Test hooks: only in lib/libmufakat-test.la, the library the tests
 * link, built from the same sources with MFK_TEST_HOOKS defined. The
 * installed library has none of them and reads no environment. */
#ifndef MUFAKAT_TEST_H
#define MUFAKAT_TEST_H

#ifndef MFK_TEST_HOOKS
#error "mufakat-test.h is for the test build (MFK_TEST_HOOKS) only"
#endif

/* Faults for the journals, readers and repairs opened from now on, by
 * any thread of the process; NULL or "" for none. The spec is copied:
 * "write=N,fsync=N,truncate=N,close=N,read=N,lock=N,stat=N" makes the
 * Nth call of each fail with EIO; ":enospc" after N fails with ENOSPC
 * instead; ":eintr" with EINTR, as a signal would (the call is made
 * again); "write=N:short" writes half of what it was asked, then fails
 * with ENOSPC, as a disk that fills up in the middle of a record. Lock
 * and unlock calls are counted together. Set it while no journal is
 * being opened. */
void mfk__test_journal_faults(const char *spec);

#endif
