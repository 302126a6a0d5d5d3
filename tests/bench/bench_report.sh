#!/usr/bin/env bash
# On-demand benchmark of whole-process report rendering: strat_40y vs bench_40y (10,436 days) as
# HTML and PDF (median of 7 runs), then a batch of 100 HTML reports, two processes at a time.
#
#   tests/bench/bench_report.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
cli="${1:-build}/bin/tearsheet-cli"
data=../shared/oracle/data
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
args=(report --returns "$data/strat_40y.csv" --benchmark "$data/bench_40y.csv")

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for fmt in html pdf; do
  for i in 1 2 3 4 5 6 7; do
    s=$(date +%s.%N); "$cli" "${args[@]}" --out "$out/r.$fmt"; e=$(date +%s.%N)
    awk -v s="$s" -v e="$e" 'BEGIN { print (e - s) * 1000 }'
  done | median | xargs printf "bench_report: %s whole process, median %.0f ms\n" "$fmt"
done
s=$(date +%s.%N)
seq 1 100 | xargs -P 2 -I{} "$cli" "${args[@]}" --out "$out/batch{}.html"
e=$(date +%s.%N)
awk -v s="$s" -v e="$e" 'BEGIN { printf "bench_report: batch of 100 HTML reports, 2 at a time: %.1f s\n", e - s }'
