#!/usr/bin/env bash
# Resident memory of the corpus-wide tables, per document, as the corpus grows (not run in CI).
#
#   bench/memory_bench.sh [SARING_BINARY] [WORKDIR] [DOCS...]      (DOCS default: 1000000 10000000)
#
# For each DOCS it writes DOCS short documents (12-40 words; 8 % exact and 4 % near copies) into 4
# JSONL files with gen_short (bench/gen_short.cc, built beside the binary in build/bench; about
# 170 bytes a document, so 50 M documents take 8.5 GB), then measures the peak RSS of
#   saring run -t 2 --set dedup.memory_budget=64MiB --set near_dup.memory_budget=64MiB
# and of every rank of the same run under `mpirun -np 4` (MPI builds only), and prints bytes per
# document. The generated inputs are removed afterwards. ONE=0 skips the one-process run, RANKS=0
# the MPI run; GEN=path names another generator taking OUT_PREFIX N K (gen-short.py runs as
# `GEN="python3 ../shared/bench/gen-short.py"`). KEEP=1 keeps WORKDIR/in-*.jsonl for the next call
# with the same DOCS (WORKDIR/in.docs says which DOCS they hold).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
saring=$(realpath "${1:-$here/../build/saring}")
work=${2:-/tmp/saring-memory-bench}
shift $(( $# > 2 ? 2 : $# )) || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000)
gen=${GEN:-$(dirname "$saring")/bench/gen_short}
ranks=${RANKS:-4}
one=${ONE:-1}
budgets=(--set dedup.memory_budget=64MiB --set near_dup.memory_budget=64MiB)
# SETTINGS="--set k=v ...": more settings for both runs (the 50 M row of docs/distributed.md used
# a shorter signature, since the default's spill files, about 1 KB a document, outgrow the disk).
read -r -a extra <<< "${SETTINGS:-}"
budgets+=("${extra[@]}")
mkdir -p "$work"
trap 'rm -rf "$work"/out "$work"/time.*; [ -n "${KEEP:-}" ] || rm -f "$work"/in-* "$work"/in.docs' EXIT

printf "%12s  %-22s %12s %10s %10s\n" documents run "peak RSS MiB" "B/doc" "wall s"
for n in "${sizes[@]}"; do
  if [ -z "${KEEP:-}" ] || [ "$(cat "$work/in.docs" 2>/dev/null)" != "$n" ]; then
    $gen "$work/in" "$n" 4
    echo "$n" > "$work/in.docs"
  fi
  inputs=("$work"/in-*.jsonl)
  if [ "$one" -ne 0 ]; then
    rm -rf "$work/out"
    /usr/bin/time -f "%M %e" -o "$work/time.one" "$saring" run -q --no-report -t 2 -o "$work/out" \
      "${budgets[@]}" "${inputs[@]}"
    read -r kb wall < "$work/time.one"
    printf "%12d  %-22s %12.1f %10.1f %10.1f\n" "$n" "saring run -t 2" "$(echo "$kb/1024" | bc -l)" \
      "$(echo "$kb*1024/$n" | bc -l)" "$wall"
  fi
  if [ "$ranks" -gt 0 ] && command -v mpirun >/dev/null && "$saring" --version | grep -q mpi; then
    rm -rf "$work/out" "$work"/time.rank.*
    start=$(date +%s.%N)
    OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun --oversubscribe -np "$ranks" \
      sh -c '/usr/bin/time -f "%M" -o "$0.$OMPI_COMM_WORLD_RANK" "$@"' "$work/time.rank" \
      "$saring" run -q --no-report -t 1 -o "$work/out" "${budgets[@]}" "${inputs[@]}"
    wall=$(echo "$(date +%s.%N) - $start" | bc -l)
    for r in $(seq 0 $((ranks - 1))); do
      kb=$(cat "$work/time.rank.$r")
      printf "%12d  %-22s %12.1f %10.1f %10.1f\n" "$n" "mpirun -np $ranks rank $r" \
        "$(echo "$kb/1024" | bc -l)" "$(echo "$kb*1024/$n" | bc -l)" "$wall"
    done
  fi
  [ -n "${KEEP:-}" ] || rm -f "${inputs[@]}"
done
