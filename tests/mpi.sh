#!/bin/sh
# mufakat simulate on MPI ranks prints, from rank 0, byte for byte what one
# process prints, on one thread or several; so does its --csv file.
# Skipped unless the build was configured --with-mpi.
top_builddir=${top_builddir:-.}
if ! grep -q 'define MFK_HAVE_MPI' "$top_builddir/config.h" 2>/dev/null; then
  echo "mpi: not configured --with-mpi; skipped"
  exit 77
fi
if ! command -v mpirun >/dev/null 2>&1; then
  echo "mpi: mpirun not found"
  exit 1
fi
mufakat="$top_builddir/tools/mufakat/mufakat"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# mpirun -np 2 with as few surprises as a test allows: oversubscribed
# (CI has fewer cores than ranks), as root (CI runs as root).
mpi() {
  mpirun --oversubscribe --allow-run-as-root -np "$@"
}

check_same() {
  # $1: label, $2 and $3: files
  if cmp -s "$2" "$3"; then
    echo "mpi: $1: same bytes"
  else
    echo "mpi: $1: output differs"
    diff "$2" "$3" | head -5
    status=1
  fi
}

args="simulate --format json --rule consensus,unanimity,flexible,majority --runs 20000 --seed 42 --dims 2 --max-rounds 6"
"$mufakat" $args --threads 1 --csv "$tmp/one.csv" > "$tmp/one.json" 2> "$tmp/one.err" || {
  echo "mpi: one process failed"; cat "$tmp/one.err"; exit 1; }
"$mufakat" $args --threads 2 > "$tmp/threads.json" 2>/dev/null || status=1
check_same "1 thread vs 2 threads" "$tmp/one.json" "$tmp/threads.json"
mpi 2 "$mufakat" $args --threads 1 --csv "$tmp/two.csv" > "$tmp/two.json" 2> "$tmp/two.err" || {
  echo "mpi: 2 ranks failed"; cat "$tmp/two.err"; exit 1; }
check_same "1 process vs 2 ranks" "$tmp/one.json" "$tmp/two.json"
check_same "--csv, 1 process vs 2 ranks" "$tmp/one.csv" "$tmp/two.csv"
mpi 2 "$mufakat" $args --threads 2 > "$tmp/two2.json" 2>/dev/null || status=1
check_same "1 process vs 2 ranks of 2 threads" "$tmp/one.json" "$tmp/two2.json"
# A run count that leaves the last step partly empty and one rank idle.
mpi 2 "$mufakat" simulate --format json --runs 300 --seed 3 --threads 1 > "$tmp/a.json" 2>/dev/null || status=1
"$mufakat" simulate --format json --runs 300 --seed 3 --threads 1 > "$tmp/b.json" 2>/dev/null || status=1
check_same "300 runs, 1 process vs 2 ranks" "$tmp/b.json" "$tmp/a.json"
# Rank 0 alone speaks: one timing line, naming both ranks.
if [ "$(grep -c 'simulate:' "$tmp/two.err")" != 1 ] ||
   ! grep -q '2 ranks' "$tmp/two.err"; then
  echo "mpi: expected one timing line for 2 ranks on standard error:"
  cat "$tmp/two.err"
  status=1
fi
# A wrong command line is status 2 under mpirun too.
mpi 2 "$mufakat" simulate --rule nonsense > /dev/null 2>&1
rc=$?
if [ "$rc" != 2 ]; then
  echo "mpi: --rule nonsense on 2 ranks: status $rc, expected 2"
  status=1
fi
"$mufakat" --version | grep -q 'features:.* mpi' || {
  echo "mpi: --version does not name mpi"; status=1; }
exit $status
