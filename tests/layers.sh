#!/bin/sh
# No circle of calls between the library's files: when a file of lib/ calls
# a function defined in another, that other file must not call back into
# it, directly or through any chain of files. Read from the objects of the
# installed library with nm: a file's undefined symbols are the calls it
# makes out of itself, its defined ones the functions it offers.
# Prints every circle found (the files, and each call between them, with
# the function called) and fails when there is one.
set -e
: "${top_builddir:=.}"
NM=${NM:-nm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One object per source file: lib/LAYER/libmufakat_la-FILE.o (or its PIC
# copy in .libs/ when that is the only one).
find "$top_builddir/lib" -name 'libmufakat_la-*.o' | sort > "$tmp/all"
if [ ! -s "$tmp/all" ]; then
  echo "layers: no objects of lib/libmufakat.la under $top_builddir/lib"
  exit 77
fi
: > "$tmp/syms"
seen=" "
while read -r o; do
  layer=$(basename "$(dirname "$o")")
  [ "$layer" = .libs ] && layer=$(basename "$(dirname "$(dirname "$o")")")
  file=$layer/$(basename "$o" .o | sed 's/^libmufakat_la-//').c
  case $seen in *" $file "*) continue ;; esac
  seen="$seen$file "
  # "D file symbol" for what the file defines, "U file symbol" for what it
  # takes from elsewhere.
  # $NM may carry options ("nm -B"): split on purpose.
  if ! $NM "$o" > "$tmp/nm"; then
    echo "layers: $NM $o failed"
    exit 99
  fi
  awk -v f="$file" '
    $1 == "U" { print "U", f, $2; next }
    NF == 3 && $2 ~ /^[TDBRWV]$/ { print "D", f, $3 }' "$tmp/nm" >> "$tmp/syms"
done < "$tmp/all"

awk '
  $1 == "D" { def[$3] = $2; files[$2] = 1; next }
  $1 == "U" { use[++nu] = $2 SUBSEP $3; files[$2] = 1 }
  END {
    # The direct calls between files, with the functions called.
    for (k = 1; k <= nu; k++) {
      split(use[k], p, SUBSEP)
      if (!(p[2] in def) || def[p[2]] == p[1]) continue
      edge[p[1], def[p[2]]] = 1
      why[p[1], def[p[2]]] = why[p[1], def[p[2]]] " " p[2]
      reach[p[1], def[p[2]]] = 1
    }
    n = 0
    for (f in files) name[++n] = f
    # Sort the names, so that the report is the same on every machine.
    for (i = 2; i <= n; i++)
      for (j = i; j > 1 && name[j - 1] > name[j]; j--) {
        t = name[j]; name[j] = name[j - 1]; name[j - 1] = t
      }
    # Which file reaches which (Warshall).
    for (k = 1; k <= n; k++)
      for (i = 1; i <= n; i++)
        if (reach[name[i], name[k]])
          for (j = 1; j <= n; j++)
            if (reach[name[k], name[j]]) reach[name[i], name[j]] = 1
    cycles = 0
    for (i = 1; i <= n; i++) {
      a = name[i]
      if (a in done) continue
      group = a; size = 1
      for (j = i + 1; j <= n; j++) {
        b = name[j]
        if (reach[a, b] && reach[b, a]) {
          group = group " " b; size++; done[b] = 1
          member[b] = 1
        }
      }
      if (size == 1) continue
      member[a] = 1
      cycles++
      print "layers: a circle of calls between " group ":"
      for (x = 1; x <= n; x++)
        for (y = 1; y <= n; y++)
          if (member[name[x]] && member[name[y]] && edge[name[x], name[y]])
            print "  " name[x] " -> " name[y] ":" why[name[x], name[y]]
      split(group, g, " ")
      for (x in g) delete member[g[x]]
    }
    if (cycles) exit 1
    print "layers: " n " files of lib/, no circle of calls between them"
  }' "$tmp/syms"
