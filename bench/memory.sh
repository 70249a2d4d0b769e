#!/bin/sh
# Peak memory of `mufakat run` on the scenario of issue 16: 4,000
# members, 200 proposals allowed 1000 rounds each, one round held (it
# took 1.6 GB when each consultation reserved max_rounds x members x 2
# bytes and the driver kept them all). Prints the peak resident size of
# the real binary, text and JSON, from /usr/bin/time.
# Usage: bench/memory.sh MUFAKAT (the binary, not libtool's wrapper)
set -e
mufakat=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh "$(dirname "$0")/rounds-scenario.sh" > "$tmp/rounds.json"
size=$(wc -c < "$tmp/rounds.json")
for format in text json; do
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%M %e" -o "$tmp/time" "$mufakat" run "$tmp/rounds.json" \
      --format $format > /dev/null
    set -- $(cat "$tmp/time")
    echo "  run, 200 proposals of max_rounds 1000, 4,000 members ($size bytes, $format): peak $1 KiB, $2 s"
  else
    echo "  /usr/bin/time: not available"
  fi
done
