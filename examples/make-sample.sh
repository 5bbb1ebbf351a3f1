#!/bin/sh
# Builds the compressed inputs of the sample corpus from their checked-in plain sources, and checks
# the whole corpus:
#   examples/sample/news-b.jsonl.gz   from sample-src/news-b.jsonl: two gzip members; the member
#                                     boundary falls in the middle of record b-06
#   examples/sample/news-c.jsonl.zst  from sample-src/news-c.jsonl: three zstd frames, cut at 1/3
#                                     and 2/3 of the bytes (mid-record)
# Output is deterministic (gzip -n, fixed levels, one zstd thread): running it twice gives the
# same bytes. With --regen it first rewrites the plain sources, posts/ and
# tests/data/sample-expected.jsonl from sample-src/*.py.
#
# Usage: examples/make-sample.sh [--regen]
set -eu

here=$(cd "$(dirname "$0")" && pwd)
sample="$here/sample"
py=/usr/bin/python3

if [ "${1:-}" = "--regen" ]; then
  "$py" "$sample-src/write_corpus.py"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Splits file $1 into $tmp/part.1 (bytes [0, $2)) and $tmp/part.2 (the rest).
split_at() {
  head -c "$2" "$1" > "$tmp/part.1"
  tail -c +"$(($2 + 1))" "$1" > "$tmp/part.2"
}

# news-b: two gzip members, the boundary 100 bytes into the line of b-06.
src_b="$sample-src/news-b.jsonl"
b06=$(grep -b -o '^{"id":"b-06"' "$src_b" | cut -d: -f1)
split_at "$src_b" $((b06 + 100))
gzip -n -9 -c "$tmp/part.1" > "$tmp/news-b.jsonl.gz"
gzip -n -9 -c "$tmp/part.2" >> "$tmp/news-b.jsonl.gz"
mv "$tmp/news-b.jsonl.gz" "$sample/news-b.jsonl.gz"

# news-c: three zstd frames at 1/3 and 2/3 of the bytes.
src_c="$sample-src/news-c.jsonl"
size=$(wc -c < "$src_c")
third=$((size / 3))
head -c "$third" "$src_c" > "$tmp/c.1"
head -c $((2 * third)) "$src_c" | tail -c +$((third + 1)) > "$tmp/c.2"
tail -c +$((2 * third + 1)) "$src_c" > "$tmp/c.3"
: > "$tmp/news-c.jsonl.zst"
for i in 1 2 3; do
  zstd -q -19 -T1 --no-progress -c "$tmp/c.$i" >> "$tmp/news-c.jsonl.zst"
done
mv "$tmp/news-c.jsonl.zst" "$sample/news-c.jsonl.zst"

# Checks: the compressed files decode to their sources, and every record is good JSON whose text
# is a non-empty, well-formed UTF-8 string, with ids unique across the corpus.
gzip -dc "$sample/news-b.jsonl.gz" | cmp - "$src_b"
zstd -dcq "$sample/news-c.jsonl.zst" | cmp - "$src_c"
"$py" - "$sample" <<'EOF'
import glob, gzip, json, os, sys, zlib
sample = sys.argv[1]

def members(path):  # counts the gzip members of a file
    data, n = open(path, "rb").read(), 0
    while data:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        d.decompress(data)
        if not d.eof:
            sys.exit("truncated gzip member in " + path)
        data, n = d.unused_data, n + 1
    return n

def frames(path):  # counts the zstd frames of a file by their magic numbers at frame starts
    return open(path, "rb").read().count(b"\x28\xb5\x2f\xfd")

assert members(os.path.join(sample, "news-b.jsonl.gz")) == 2, "news-b.jsonl.gz: want 2 members"
assert frames(os.path.join(sample, "news-c.jsonl.zst")) == 3, "news-c.jsonl.zst: want 3 frames"
ids, count = set(), 0
for path in ["news-a.jsonl", "../sample-src/news-b.jsonl", "../sample-src/news-c.jsonl"]:
    with open(os.path.join(sample, path), "rb") as f:
        for n, raw in enumerate(f, 1):
            where = "%s:%d" % (path, n)
            assert raw.endswith(b"\n") and not raw.endswith(b"\r\n"), where
            rec = json.loads(raw.decode("utf-8"))
            assert isinstance(rec, dict) and isinstance(rec.get("text"), str), where
            rec["text"].encode("utf-8")  # raises on a lone surrogate
            assert rec["text"].strip() and "\x00" not in rec["text"], where
            for key in ("source", "url"):
                assert isinstance(rec["metadata"].get(key), str), where
            assert rec["id"] not in ids, where
            ids.add(rec["id"])
            count += 1
posts = sorted(glob.glob(os.path.join(sample, "posts", "*.txt")))
for p in posts:
    open(p, "rb").read().decode("utf-8")
    pid = os.path.basename(p)[:-4]
    assert pid not in ids, p
    ids.add(pid)
print("make-sample: ok: %d JSONL records, %d posts, %d ids" % (count, len(posts), len(ids)))
EOF
