#!/usr/bin/env bash
# Peak memory of tearsheet-cli on the big hostile inputs of issue 13, measured with /usr/bin/time -v:
# each must be refused as bad input (exit 2, a short message) under its documented ceiling.
#
#   tests/bench/bench_input_limits.sh build-h13/bin/tearsheet-cli
#
# Ceilings (README "Input limits"): a CSV is held once in memory, so a refused 100 MB file stays
# under 100 MB + 150 MB; a CSV read in full adds its values (8 bytes each, at most 20 M, with vector
# growth): 100 MB of 20 M values stays under 600 MB; a report config over 16 MiB is refused by its
# size, unread (under 150 MB).
set -euo pipefail
cli="${1:?usage: $0 path/to/tearsheet-cli}"
dir="$(mktemp -d "${TMPDIR:-/tmp}/tearsheet-limits-XXXXXX")"
trap 'rm -rf "$dir"' EXIT

python3 - "$dir" <<'PY'
import sys, os
d = sys.argv[1]
with open(os.path.join(d, "header.csv"), "wb") as f:       # a 100 MB header of 50 M columns
    f.write(b"date," + b"x," * 50_000_000 + b"y\n2020-01-02,1\n")
with open(os.path.join(d, "commas.csv"), "wb") as f:       # a 100 MB line of commas
    f.write(b"date,r\n2020-01-02" + b"," * 100_000_000 + b"\n")
with open(os.path.join(d, "cells.csv"), "wb") as f:       # 20 M values (the cell ceiling): read, then
    f.write(b"date," + b",".join(b"c%d" % i for i in range(999)) + b"\n")  # refused for want of --column
    import datetime
    day = datetime.date(1950, 1, 1)
    row = b",0.01" * 999 + b"\n"
    for i in range(20000):
        f.write((day + datetime.timedelta(days=i)).isoformat().encode() + row)
with open(os.path.join(d, "name.json"), "wb") as f:        # a report named with 1 GB of 'n'
    f.write(b'{"reports":[{"name":"')
    chunk = b"n" * (1 << 24)
    for _ in range(64):
        f.write(chunk)
    f.write(b'","strategies":[{"symbol":"A"}]}]}')
PY

status=0
measure() { # name ceiling_mb message args...
  local name="$1" ceiling="$2" message="$3"
  shift 3
  local rc=0
  /usr/bin/time -v -o "$dir/time.txt" "$cli" "$@" >"$dir/out.txt" 2>"$dir/err.txt" || rc=$?
  local kb
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/time.txt")
  local secs
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$dir/time.txt")
  local errlen
  errlen=$(wc -c <"$dir/err.txt")
  printf '%-28s exit %d  peak %6d MB (ceiling %d MB)  %s s  stderr %d bytes\n' "$name" "$rc" $((kb / 1024)) \
    "$ceiling" "$secs" "$errlen"
  if [ "$rc" -ne 2 ] || [ $((kb / 1024)) -ge "$ceiling" ] || [ "$errlen" -ge 1000 ] ||
     ! grep -q "$message" "$dir/err.txt"; then
    echo "  FAILED: $(head -c 300 "$dir/err.txt")"
    status=1
  fi
}

measure "100 MB header (50 M cols)" 250 "more than 1000 columns\|longer than 1048576 bytes" \
  metrics --returns "$dir/header.csv"
measure "100 MB line of commas" 250 "more than 1000 columns\|longer than 1048576 bytes" \
  metrics --returns "$dir/commas.csv"
measure "100 MB, 20 M values read" 600 "choose one with --column" \
  metrics --returns "$dir/cells.csv"
measure "1 GB report name" 150 "the limit for a report config" \
  report --config "$dir/name.json" --out-dir "$dir/out"
exit $status
