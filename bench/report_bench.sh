#!/usr/bin/env bash
# Benchmark of `saring report` on the output folder of a near-duplicate run of the benchmark
# corpus, paired against a baseline binary (the machines are shared and noisy: A and B run in
# turn and the median of the pair-by-pair ratios is what to quote), plus a byte comparison of the
# two report.html files.
#
#   bench/report_bench.sh BASELINE_SARING [SARING] [CORPUS.jsonl.zst] [OUTPUT_FOLDER]
# SARING defaults to build/saring; CORPUS to /work/benchcorpus/corpus.jsonl.zst (built with
# ../shared/bench/make-corpus when missing); OUTPUT_FOLDER to /tmp/rep-bench, written by the
# baseline with 2 threads if it has no stats.json. RUNS (default 11) pairs are timed with
# /usr/bin/time.
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
# A and B in turn; each line of $tmp/times: wall seconds, CPU seconds (user + system).
for _ in $(seq "${RUNS:-11}"); do
  /usr/bin/time -f "A %e %U %S" -a -o "$tmp/times" "$saring" report -q -o "$tmp/a.html" "$dir"
  /usr/bin/time -f "B %e %U %S" -a -o "$tmp/times" "$base" report -q -o "$tmp/b.html" "$dir"
done
/usr/bin/python3 - "$tmp/times" <<'PY'
import statistics, sys
runs = {"A": [], "B": []}
for line in open(sys.argv[1]):
    who, wall, user, system = line.split()
    runs[who].append((float(wall), float(user) + float(system)))
med = lambda xs: statistics.median(xs)
for who, name in (("A", "this binary"), ("B", "baseline")):
    print(f"{name:<12} wall {med([w for w, _ in runs[who]]):.3f} s  cpu {med([c for _, c in runs[who]]):.3f} s")
pairs = list(zip(runs["A"], runs["B"]))
print(f"A/B (median of pair ratios): wall {med([a[0] / b[0] for a, b in pairs]):.3f}  "
      f"cpu {med([a[1] / b[1] for a, b in pairs]):.3f}")
PY
