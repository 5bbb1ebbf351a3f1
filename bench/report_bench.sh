#!/usr/bin/env bash
# Benchmark of `saring report` on the output folder of a near-duplicate run of the benchmark
# corpus, paired against a baseline binary (the machines are shared and noisy: A and B run in
# turn and the median of the pair-by-pair ratios is what to quote), plus a byte comparison of the
# two report.html files.
#
#   bench/report_bench.sh BASELINE_SARING [SARING] [CORPUS.jsonl.zst] [OUTPUT_FOLDER]
# SARING defaults to build/saring; CORPUS to /work/benchcorpus/corpus.jsonl.zst (built with
# ../shared/bench/make-corpus when missing); OUTPUT_FOLDER to /tmp/rep-bench, written by the
# baseline with 2 threads if it has no stats.json. Needs farm-bench.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
base=${1:?usage: report_bench.sh BASELINE_SARING [SARING] [CORPUS] [OUTPUT_FOLDER]}
saring=${2:-$here/../build/saring}
corpus=${3:-/work/benchcorpus/corpus.jsonl.zst}
dir=${4:-/tmp/rep-bench}
if [ ! -f "$dir/stats.json" ]; then
  if [ ! -f "$corpus" ]; then
    "$here/../../shared/bench/make-corpus" "$(dirname "$corpus")" >/dev/null
  fi
  "$base" run --overwrite -q -o "$dir" -t 2 "$corpus" >/dev/null
fi
tmp=$(mktemp -d /tmp/saring-report-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
"$base" report -q -o "$tmp/b.html" "$dir"
"$saring" report -q -o "$tmp/a.html" "$dir"
if cmp -s "$tmp/a.html" "$tmp/b.html"; then echo "report.html: byte-identical"; else echo "report.html: DIFFERS"; fi
farm-bench -n "${RUNS:-11}" --vs "$base report -q -o $tmp/b.html $dir" -- "$saring" report -q -o "$tmp/a.html" "$dir"
