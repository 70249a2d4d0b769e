#!/bin/sh
# Prints issue 16's scenario of bounded cost: 4,000 members, 200
# proposals allowed 1000 rounds each, one round held. Used by
# tests/bounds.sh (which holds run's memory to it) and bench/memory.sh
# (which measures it).
printf '{"mufakat": 1, "body": {"name": "Wide", "members": ['
i=0; sep=
while [ $i -lt 4000 ]; do printf '%s{"id": "M%d"}' "$sep" $i; sep=,; i=$((i + 1)); done
printf ']}, "proposals": ['
k=0; sep=
while [ $k -lt 200 ]; do
  printf '%s{"id": "P%d", "max_rounds": 1000, "rounds": [{"stances": {"M0": "object"}}]}' "$sep" $k
  sep=,; k=$((k + 1))
done
printf ']}\n'
