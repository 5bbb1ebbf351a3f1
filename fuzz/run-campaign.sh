#!/usr/bin/env bash
# Runs every libFuzzer target of build-fuzz/ one after the other (one fuzzer process at a time,
# -jobs=1), each for RUNS executions (default 1,000,000), starting from fuzz/corpus/<target> and
# growing a scratch corpus in WORK/<target>. Prints the final libFuzzer stats line per target.
#
#   fuzz/run-campaign.sh [target...]      env: RUNS, WORK (default /tmp/saring-fuzz), BUILD
#
# Crashes land in WORK/artifacts/<target>/.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD:-$root/build-fuzz}"
work="${WORK:-/tmp/saring-fuzz}"
runs="${RUNS:-1000000}"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(normalize words repair record_parser record_reader dedup_index config extract warc_reader)
for t in "${targets[@]}"; do
  max_len=4096
  [ "$t" = config ] && max_len=1024  # config files are small; long junk keys only slow the key hints
  mkdir -p "$work/$t" "$work/artifacts/$t" "$work/run-$t"
  start=$(date +%s)
  ( cd "$work/run-$t" && TMPDIR="${FUZZ_TMPDIR:-/dev/shm}" \
      "$build/fuzz/${t}_fuzzer" -runs="$runs" -jobs=1 -max_len="$max_len" -timeout=20 \
      -print_final_stats=1 -artifact_prefix="$work/artifacts/$t/" \
      "$work/$t" "$root/fuzz/corpus/$t" > "$work/$t.out" 2>&1 )
  rc=$?
  log="$work/run-$t/fuzz-0.log"  # -jobs=1 logs the worker here
  stats=$(grep -E "^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE)" "$log" | tail -1)
  echo "$t rc=$rc seconds=$(( $(date +%s) - start )) $stats"
  grep -E "ERROR|violated|SUMMARY" "$log" | head -3
done
