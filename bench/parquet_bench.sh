#!/usr/bin/env bash
# Parquet against JSONL on one corpus, with farm-bench (paired A/B runs, medians; quote the CPU
# ratios, the machines are shared): the corpus is converted to Parquet by DuckDB (Snappy, DuckDB's
# default, and zstd), then
#   reader: saring count --threads 1 on the Parquet file  vs  on the JSONL (plain / .zst)
#   in:     saring run --threads 1 on the Parquet file    vs  on the JSONL
#   writer: saring run --threads 1 --output-format parquet vs  the default JSONL shards
# MB/s per core = the corpus's JSONL bytes / the median CPU seconds.
#
#   bench/parquet_bench.sh CORPUS.jsonl [SARING_BINARY]
# Needs node and tests/parquet/node_modules (scripts/fetch-duckdb.sh), zstd and farm-bench.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
corpus=${1:?usage: bench/parquet_bench.sh CORPUS.jsonl [SARING_BINARY]}
saring=${2:-$here/../build/saring}
work=$(mktemp -d /tmp/saring-parquet-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
duck() { node "$here/../tests/parquet/duck.mjs" "$@" >/dev/null; }

duck "COPY (SELECT * FROM read_json('$corpus')) TO '$work/c.parquet' (FORMAT parquet, COMPRESSION snappy)"
duck "COPY (SELECT * FROM read_json('$corpus')) TO '$work/cz.parquet' (FORMAT parquet, COMPRESSION zstd)"
zstd -q -1 -c "$corpus" > "$work/c.jsonl.zst"
ls -l "$corpus" "$work"/c.parquet "$work"/cz.parquet "$work"/c.jsonl.zst

bench() {  # bench TITLE A_CMD B_CMD
  echo "== $1"
  farm-bench -n 5 --timeout 1800 --vs "$3" -- $2 | grep -E '^(A|B) (cpu|wall|peak)|^A/B (cpu|wall)'
}
bench "reader, Snappy Parquet vs plain JSONL" "$saring count --threads 1 $work/c.parquet" \
  "$saring count --threads 1 $corpus"
bench "reader, zstd Parquet vs zstd JSONL" "$saring count --threads 1 $work/cz.parquet" \
  "$saring count --threads 1 $work/c.jsonl.zst"
bench "run, Parquet in vs JSONL in" \
  "$saring run --threads 1 --set output.overwrite=true -o $work/a $work/c.parquet" \
  "$saring run --threads 1 --set output.overwrite=true -o $work/b $corpus"
bench "run, Parquet out vs JSONL out" \
  "$saring run --threads 1 --set output.overwrite=true --set output.format=parquet -o $work/c $corpus" \
  "$saring run --threads 1 --set output.overwrite=true -o $work/d $corpus"
