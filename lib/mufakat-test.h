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

/* The simulator's kernel from now on, by name: "reference" (portable C,
 * in every build), "sse2" and "avx2" (x86-64); the workers are made
 * again for it. MFK_EUNSUPPORTED when this build has no such kernel or
 * this processor cannot run it; the kernel stays as it was. */
int mfk__test_sim_force_kernel(mfk_sim *s, const char *name);

/* The name of the simulator's kernel. */
const char *mfk__test_sim_kernel(const mfk_sim *s);

/* on: every run of the simulation goes through the engine's route
 * (lib/sim/engine-run.c), which the fast path is held to; 0: the fast
 * path again where it applies. */
int mfk__test_sim_engine_only(mfk_sim *s, int on);

#endif
