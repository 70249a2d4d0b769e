#!/bin/sh
# simulate with the behaviour model at its defaults prints what it printed
# before the model had every stance: the outputs in
# tests/data/simulate/defaults/ were recorded with that version, for
# several seeds, rules, cultures, behaviours and Chairs. With
# --record DIR the outputs are written there instead (to record them).
mufakat="$top_builddir/tools/mufakat/mufakat"
data="$top_srcdir/tests/data/simulate/defaults"
scen="$top_srcdir/examples/asean-amm.json"
record=
[ "$1" = --record ] && record=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
all=consensus,flexible,silence,unanimity,consensus-minus-x,negative-consensus,majority,qualified-majority
# name, then the arguments (the run counts kept small: the whole list
# takes a few seconds)
cases() {
  cat <<CASES
text-default --runs 3000 --seed 1
text-all --runs 3000 --seed 2 --rule $all
json-seed1 --format json --runs 2000 --seed 1 --rule $all
json-seed7 --format json --runs 2000 --seed 7 --rule $all
json-seed99-members27 --format json --runs 1000 --seed 99 --members 27 --rule consensus,flexible,silence
json-members193 --format json --runs 300 --seed 4 --members 193 --rule consensus,majority
json-dims3 --format json --runs 1000 --seed 5 --dims 3 --rule consensus,flexible,unanimity
json-gaussian --format json --runs 1500 --seed 3 --culture gaussian --rule consensus,flexible,silence
json-blocs --format json --runs 1500 --seed 3 --culture blocs:3 --spread 0.1 --rule consensus,majority
json-random-proposal --format json --runs 1500 --seed 8 --proposal random --rule consensus,flexible
json-status-quo --format json --runs 1500 --seed 8 --status-quo 0.5 --rule consensus,silence
json-face-saving --format json --runs 2000 --seed 3 --face-saving 0.3 --rule consensus,flexible,silence,unanimity
json-concession --format json --runs 2000 --seed 3 --concession 0.05 --rule consensus,flexible
json-dynamics --format json --runs 1000 --seed 6 --dynamics 0.3 --rule consensus,unanimity
json-toward --format json --runs 1500 --seed 6 --chair toward-status-quo --rule consensus,silence
json-single --format json --runs 1500 --seed 6 --chair single-round --max-rounds 3 --rule consensus
json-scenario --format json --runs 1000 --seed 2 --scenario $scen --rule consensus,flexible,silence
text-scenario --runs 1000 --seed 2 --scenario $scen --rule consensus,flexible
CASES
}
cases | while read -r name args; do
  # shellcheck disable=SC2086
  "$mufakat" simulate --threads 2 $args > "$tmp/out" 2> "$tmp/err"
  rc=$?
  if [ -n "$record" ]; then
    cp "$tmp/out" "$record/$name.out"
  elif [ $rc -ne 0 ]; then
    echo "FAIL: simulate $args exited $rc"; cat "$tmp/err"; echo x >> "$tmp/fails"
  elif ! cmp -s "$tmp/out" "$data/$name.out"; then
    echo "FAIL: simulate $args printed other bytes than $name.out"
    diff "$data/$name.out" "$tmp/out" | head -5
    echo x >> "$tmp/fails"
  fi
done
[ -n "$record" ] && exit 0
if [ -s "$tmp/fails" ]; then
  echo "simulate-defaults: $(wc -l < "$tmp/fails") of $(cases | wc -l) differ"
  exit 1
fi
echo "simulate-defaults: $(cases | wc -l) outputs as recorded"
exit 0
