#!/usr/bin/env bash
# Whole-run benchmark of the saring CLI on one corpus: the read-only ceiling (`saring count`:
# decompress + parse) against `saring run` (read + repair + exact dedup + write zstd shards),
# with and without its report (--no-report), at 1 thread and at every core. Prints MB/s
# (decompressed input), documents/s, peak RSS and the run/ceiling ratio, all measured in this one
# invocation (the machines are shared and noisy).
#
#   bench/run_bench.sh CORPUS.jsonl.zst [SARING_BINARY] [EXTRA RUN FLAGS...]
# CORPUS defaults to /tmp/saring-bench/corpus.jsonl.zst, built with ../shared/bench/make-corpus.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
corpus=${1:-/tmp/saring-bench/corpus.jsonl.zst}
saring=${2:-$here/../build/saring}
shift $(( $# > 2 ? 2 : $# )) || true
extra=("$@")
if [ ! -f "$corpus" ]; then
  echo "building the benchmark corpus in $(dirname "$corpus")"
  "$here/../../shared/bench/make-corpus" "$(dirname "$corpus")" >/dev/null
fi
out=$(mktemp -d /tmp/saring-bench-out-XXXXXX)
trap 'rm -rf "$out"' EXIT
cores=$(nproc)

# measure NAME CMD...: runs CMD 3 times, keeps the fastest wall time and its peak RSS.
measure() {
  local name=$1; shift
  local best="" rss=""
  for _ in 1 2 3; do
    rm -rf "$out/o"
    /usr/bin/time -f "%e %M" -o "$out/time" "$@" >/dev/null
    read -r secs kb < "$out/time"
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; rss=$kb; fi
  done
  echo "$name $best $rss"
}

decoded=$("$saring" count --json -t 1 "$corpus" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["decoded_bytes"], d["records"])')
read -r bytes docs <<< "$decoded"
{
  measure "count-1t" "$saring" count -t 1 "$corpus"
  measure "run-1t" "$saring" run -q -t 1 -o "$out/o" "${extra[@]}" "$corpus"
  measure "norep-1t" "$saring" run -q --no-report -t 1 -o "$out/o" "${extra[@]}" "$corpus"
  measure "count-${cores}t" "$saring" count -t "$cores" "$corpus"
  measure "run-${cores}t" "$saring" run -q -t "$cores" -o "$out/o" "${extra[@]}" "$corpus"
  measure "norep-${cores}t" "$saring" run -q --no-report -t "$cores" -o "$out/o" "${extra[@]}" "$corpus"
} > "$out/results"
/usr/bin/python3 - "$out/results" "$bytes" "$docs" "$corpus" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1])]
size, docs = int(sys.argv[2]), int(sys.argv[3])
print(f"corpus: {sys.argv[4]}: {docs} documents, {size/1e6:.1f} MB decompressed")
print(f"{'command':<12} {'seconds':>8} {'MB/s':>8} {'docs/s':>9} {'peak RSS':>10}")
t = {}
for name, secs, kb in rows:
    secs = float(secs); t[name] = secs
    print(f"{name:<12} {secs:8.2f} {size/1e6/secs:8.1f} {docs/secs:9.0f} {int(kb)/1024:8.0f} MiB")
for k in [n for n in t if n.startswith("run-") or n.startswith("norep-")]:
    c = "count-" + k.split("-")[1]
    print(f"{k} reaches {t[c]/t[k]*100:.0f}% of the read-only ceiling ({c})")
print("run = read + repair + exact dedup + write + report.html; norep = the same with --no-report")
PY
