#!/usr/bin/env bash
# Writes the seed corpora fuzz/corpus/<target>/ from the repository's own fixtures
# (examples/sample/, tests/data/bad/) and a few hand-written cases. Deterministic; run from
# anywhere: fuzz/make-seeds.sh. Needs python3 (standard library only). Existing seeds of the same
# name are overwritten; other files in the folders (e.g. added by hand) are kept.
#
# The control-byte layouts follow the targets' headers: FuzzedDataProvider reads integers from the
# END of an input, so each seed is <payload><control bytes>, with the "mode" byte last.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
exec python3 - "$root" <<'PY'
import json, os, struct, sys, zlib

root = sys.argv[1]
corpus = os.path.join(root, "fuzz", "corpus")
bad = os.path.join(root, "tests", "data", "bad")
sample = os.path.join(root, "examples", "sample")


def write(target, name, data):
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


small_bad = sorted(f for f in os.listdir(bad) if f.endswith(".jsonl") and f != "long_line.jsonl")
news_lines = read(os.path.join(sample, "news-a.jsonl")).split(b"\n")[:6]
posts = sorted(os.listdir(os.path.join(sample, "posts")))
post_texts = [read(os.path.join(sample, "posts", p)) for p in posts]
news_texts = [json.loads(l)["text"].encode("utf-8") for l in news_lines if l.strip()]

# --- record_parser: one line per seed.
for f in small_bad:
    for i, line in enumerate(read(os.path.join(bad, f)).split(b"\n")):
        if line:
            write("record_parser", f"{f[:-6]}-{i + 1}", line.rstrip(b"\r"))
for i, line in enumerate(news_lines[:3]):
    write("record_parser", f"news-a-{i + 1}", line)
hand_lines = {
    "meta-object-saring": '{"id":"x","text":"a\\n\\nb\\n\\na","metadata":{"k":1,"saring":{"old":true}}}',
    "meta-null": '{"id":"x","text":"(Antara)\\nIsi.","metadata":null}',
    "meta-string-top-saring": '{"text":"t","metadata":"s","saring":5,"z":[1,{"a":"}"}]}',
    "meta-string": '{"text":"t","metadata":[1,2]}',
    "meta-empty": '{"text":"t" , "metadata" : { } }',
    "empty-object-text-only": '{"text":""}',
    "id-double": '{"id":1.50e3,"text":"x"}',
    "id-bool": '{"id":true,"text":"x","url":"http://a/b"}',
    "escapes": '{"text":"\\u00e9\\ud83d\\ude00\\"\\\\\\/\\b\\f\\n\\r\\t","id":"\\u0041"}',
    "duplicate-metadata": '{"text":"x","metadata":{"a":1},"metadata":{"b":2}}',
    "bom-text": '{"text":"\\ufeffPara one.\\n\\nPara one."}',
    "whitespace": ' \t{ "text" :\t"x" }\t ',
}
for name, line in hand_lines.items():
    write("record_parser", name, line)

# --- record_reader: payload + 21 control bytes (last: mode). Zero control bytes = no limits,
# no damage, whole reads.
def reader_seed(payload, mode, max_record=0, prefix=0, batch=0, chunks=(), fail=None, damage=None,
                pieces=1, zstd_flags=0):
    # Control bytes in consumption order (each integer's bytes are taken from the end backwards:
    # the first byte consumed is the last of the input).
    ctl = [mode]
    def u16(v):  # the most significant byte is consumed first
        ctl.extend([v >> 8, v & 0xFF])
    u16(max_record)
    u16(prefix)
    u16(batch)
    ctl.append(len(chunks))
    for i in range(3):
        ctl.append(chunks[i] if i < len(chunks) else 0)
    u16(fail or 0)
    flags = (1 if damage else 0) | (2 if fail is not None else 0)
    ctl.append(flags)
    ctl.append(pieces - 1)
    ctl.append(zstd_flags)
    kind, where, what = damage or (1, 0, 0)
    ctl.append(kind - 1)
    u16(where)
    ctl.append(what)
    return payload + bytes(reversed(ctl))

for f in small_bad:
    data = read(os.path.join(bad, f))
    write("record_reader", f"{f[:-6]}-plain", reader_seed(data, 0))
    write("record_reader", f"{f[:-6]}-gzip", reader_seed(data, 1, pieces=2))
    write("record_reader", f"{f[:-6]}-zstd", reader_seed(data, 2, pieces=3, zstd_flags=0x13))
for f in ("truncated.jsonl.gz", "truncated.jsonl.zst"):
    write("record_reader", f + "-raw", reader_seed(read(os.path.join(bad, f)), 0))
lines = b"\xef\xbb\xbf" + b'{"text":"a"}\r\n \t\n' + b"x" * 40 + b"\n\r\n" + b'{"text":"b"}'
write("record_reader", "limits-small", reader_seed(lines, 0, max_record=20, prefix=8, batch=16,
                                                    chunks=(1, 3, 7)))
write("record_reader", "limits-gzip", reader_seed(lines, 1, max_record=12, prefix=30, batch=5,
                                                   chunks=(2,), pieces=4))
write("record_reader", "truncate-zstd", reader_seed(lines, 2, damage=(1, 20, 0), pieces=2))
write("record_reader", "append-gzip", reader_seed(lines, 1, damage=(3, 0, 5)))
write("record_reader", "flip-gzip", reader_seed(lines, 1, damage=(2, 30, 0x40)))
write("record_reader", "read-error", reader_seed(lines, 1, fail=25, chunks=(9,)))
write("record_reader", "gzip-header-garbage", reader_seed(b"\x00\x01\x02junk", 3))
write("record_reader", "zstd-magic-garbage", reader_seed(b"\x00\x00\x01junk", 4))
write("record_reader", "gzip-then-zlib", reader_seed(zlib.compress(b'{"text":"z"}\n'), 0))

# --- normalize / words: text + one trailing options byte for normalize.
unicode_cases = {
    "casefold": "Straße STRASSE İstanbul ǅ ΣΑΣ ﬁne",
    "nfkc": "①½ ﬀ ㍿ Ｆｕｌｌ ｗｉｄｔｈ ℌ ⅷ",
    "combining": "e\u0301 a\u030a <\u0338 =\u0338 \u1100\u1161\u11a8 \u0345\u0391",
    "ignorable": "soft\u00adhyphen zero\u200bwidth word\u2060joiner \ufeffbom",
    "digits": "2024 ٢٠٢٤ ४२ 12,5%",
    "spaceless": "東京は晴れ。ภาษาไทย ລາວ ខ្មែរ မြန်မာ カタカナ",
    "joiners": "don't anak-anak rock\u2019n\u2019roll co\u2010op '-x- 1-2 a--b",
    "punct": "«Hello», world! — (Antara) [x] {y} ... ?!",
}
for name, text in unicode_cases.items():
    for flags in (0, 7):
        write("normalize", f"{name}-{flags}", text.encode("utf-8") + bytes([flags]))
    write("words", name, text)
invalid = b"ok \xc3\x28 \xe0\x80\xaf \xed\xa0\x80 \xf4\x90\x80\x80 \xff \xc3\xa9 \xe2\x82"
write("normalize", "invalid-0", invalid + b"\x00")
write("normalize", "invalid-2", invalid + b"\x02")
write("words", "invalid", invalid)
for i, t in enumerate(post_texts[:3]):
    write("normalize", f"post-{i + 1}", t + b"\x00")
    write("words", f"post-{i + 1}", t)

# --- repair: text + 3 trailing option bytes (zero = defaults).
for i, t in enumerate(post_texts):
    write("repair", f"post-{i + 1}", t + b"\x00\x00\x00")
for i, t in enumerate(news_texts[:4]):
    write("repair", f"news-{i + 1}", t + b"\x00\x00\x00")
repair_cases = {
    "repeat": "One paragraph here.\n\nOther text.\n\nOne paragraph, here!\n",
    "contained": "The quick brown fox jumps over the lazy dog near the river bank today.\n\n"
                 "the quick brown fox jumps over the lazy dog\n",
    "credits": "\ufeff(Antara)\r\nBody text.\r\n(esn/indo)\r\n\r\n(Foto: Reuters)",
    "crlf-blank": "a\r\n\r\n \u00a0\t\r\nb\rc\n\n\n",
}
for name, text in repair_cases.items():
    write("repair", name, text.encode("utf-8") + b"\x00\x00\x00")

# --- config: YAML texts.
config_cases = {
    "sections": "run:\n  threads: 4\n  strict: true\n  memory_budget: 2GiB\n"
                "repair:\n  contained: false\n  min_contained_chars: 30\n"
                "output:\n  zstd_level: 19\n  max_shard_size: 512M\n",
    "strings": "input:\n  id_field: doc_id\n  text_field: \"content\"\n  text_glob: '*.md'\n",
    "flow": "{dedup: {exact: yes, paragraphs: on, memory_budget: 1T}, input: {batch_size: 4k}}\n",
    "unknown-key": "repair:\n  contianed: false\n",
    "bad-value": "run:\n  threads: -1\n",
    "bad-size": "input:\n  max_record_size: 99999999999999999999T\n",
    "list": "input:\n  text_glob: [a, b]\n",
    "list-keep": "language:\n  enabled: true\n  keep: [id, en, ms]\n  min_score: 0.5\n",
    "quality": "quality:\n  mode: filter\n  default_language: id\n  gopher_min_words: 20\n",
    "anchors": "a: &x {threads: 1}\nrun: *x\n",
    "not-a-map": "- 1\n- 2\n",
    "empty": "",
    "null-value": "input:\n  id_field:\n",
    "nested-deep": "run:\n  threads:\n    x: 1\n",
    "broken": "run: [\n",
}
for name, text in config_cases.items():
    write("config", name, text)

# --- warc_reader: payload + 8 control bytes [batch, max_record x2, where x2, damage, pieces, mode].
def warc_rec(rtype, rid, uri, ctype, block):
    head = f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\nWARC-Target-URI: {uri}\r\n"
    head += f"WARC-Date: 2024-05-01T10:00:00Z\r\nContent-Type: {ctype}\r\nContent-Length: {len(block)}\r\n\r\n"
    return head.encode() + block + b"\r\n\r\n"

def warc_ctl(mode, pieces=0, damage=0, where=0):
    return bytes([0, 0, 0, where & 0xff, where >> 8, damage, pieces, mode])

def gzip_member(data):
    c = zlib.compressobj(6, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()

html = b"<html><head><meta charset=\"iso-8859-1\"><title>Judul</title></head><body><h1>Judul</h1><p>Isi berita \xe9.</p></body></html>"
chunked = b"%x\r\n" % len(html) + html + b"\r\n0\r\n\r\n"
warc_records = [
    warc_rec("warcinfo", "i", "", "application/warc-fields", b"software: seed\r\n"),
    warc_rec("conversion", "c1", "https://a.example/1", "text/plain", news_texts[0]),
    warc_rec("response", "r1", "https://a.example/2", "application/http; msgtype=response",
             b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked),
    warc_rec("response", "r2", "https://a.example/3", "application/http; msgtype=response",
             b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n" + gzip_member(html)),
    warc_rec("request", "q", "https://a.example/2", "application/http; msgtype=request", b"GET / HTTP/1.1\r\n\r\n"),
]
write("warc_reader", "plain", b"".join(warc_records) + warc_ctl(0))
write("warc_reader", "gzip-members", b"".join(gzip_member(r) for r in warc_records) + warc_ctl(0))
write("warc_reader", "gzip-members-flipped", b"".join(gzip_member(r) for r in warc_records) + warc_ctl(0, damage=1, where=300))
write("warc_reader", "wet-pieces", b"\n".join(news_texts[:3]) + warc_ctl(1, pieces=3))
write("warc_reader", "wet-gzip-pieces", b"\n".join(news_texts[:3]) + warc_ctl(2, pieces=4))
write("warc_reader", "wet-gzip-cut", b"\n".join(news_texts[:3]) + warc_ctl(2, pieces=4, damage=2, where=900))
write("warc_reader", "garbage-member", post_texts[0] + warc_ctl(3))

# --- dedup_index: mode byte last. Mode 2 seeds are control bytes only; modes 0/1 get a
# structurally valid file (checksums zero: mode 1 recomputes them).
def index_file(num_perm, bands, rows, ids, sigs, words=None):
    # docs/formats/dedup-index.md, version 2, or 3 with `words` (a list per document);
    # checksums left 0 (mode 1 recomputes them).
    n = len(ids)
    pad8 = lambda x: (x + 7) & ~7
    blob = b"".join(ids)
    v3 = words is not None
    header = b"SRNGDIDX" + struct.pack("<8I", 3 if v3 else 2, 88 if v3 else 80, 1, num_perm, bands,
                                       rows, 5, 2 if v3 else 0)
    header += struct.pack("<QQQQQ", 42, n, 0, 0, len(blob))
    if v3:
        header += struct.pack("<Q", sum(len(w) for w in words))
    offsets = [0]
    for i in ids:
        offsets.append(offsets[-1] + len(i))
    body = b"".join(struct.pack("<Q", o) for o in offsets) + blob + bytes(pad8(len(blob)) - len(blob))
    s = b"".join(struct.pack("<I", v) for v in sigs)
    body += s + bytes(pad8(len(s)) - len(s))
    for b in range(bands):
        keys = sorted((hash((b, tuple(sigs[d * num_perm + b * rows:d * num_perm + (b + 1) * rows]))) & (2**64 - 1), d)
                      for d in range(n))
        body += b"".join(struct.pack("<Q", k) for k, _ in keys)
        pos = b"".join(struct.pack("<I", d) for _, d in keys)
        body += pos + bytes(pad8(len(pos)) - len(pos))
    if v3:
        offsets = [0]
        for w in words:
            offsets.append(offsets[-1] + len(w))
        body += b"".join(struct.pack("<Q", o) for o in offsets)
        hashes = b"".join(struct.pack("<I", h) for w in words for h in w)
        body += hashes + bytes(pad8(len(hashes)) - len(hashes))
    return header + body

idx = index_file(4, 2, 2, [b"a-01", b"", b"b/\xc3\xa9"], [1, 2, 3, 4, 1, 2, 3, 5, 9, 9, 9, 9])
write("dedup_index", "file-raw", idx + b"\x00")
write("dedup_index", "file-fixed", idx + b"\x01")
write("dedup_index", "short", b"SRNGDIDX\x02\x00\x00\x00" + b"\x00")
idx3 = index_file(4, 2, 2, [b"a-01", b"", b"b/\xc3\xa9"], [1, 2, 3, 4, 1, 2, 3, 5, 9, 9, 9, 9],
                  [[7, 8, 9, 7], [], [7, 8, 9]])
write("dedup_index", "words-raw", idx3 + b"\x00")
write("dedup_index", "words-fixed", idx3 + b"\x01")
for i, ctl in enumerate([bytes([0] * 40 + [2]), bytes(range(60)) + b"\x02", b"\xff" * 80 + b"\x02"]):
    write("dedup_index", f"built-{i + 1}", ctl)

# --- extract: <page><max-bytes byte><charset byte><mode byte>; mode bits: 1 explain, 2 libgumbo,
# 4 language "id", 8 raw bytes. The labelled pages, in every mode, and a few broken pages.
labelled = os.path.join(root, "tests", "data", "extract", "labelled")
for f in sorted(os.listdir(labelled)):
    if f.endswith(".html"):
        page = read(os.path.join(labelled, f))
        write("extract", f[:-5], page + bytes([0, 0, 3]))
        write("extract", f[:-5] + "-cut", page[: len(page) // 2] + bytes([200, 2, 1]))
broken = {
    "unclosed": "<div class=content><p>Satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas, dua belas.<p>Lagi<ul><li>a<li>b",
    "stray-ends": "</p></div></body><p>Teks</b></i></a><table><td>x<tr><td>y</table></html>",
    "raw-text": "<script>if (a < b) { document.write('</p>') }</script><style>p{}</style><textarea><p>x</textarea><title>T &amp; U",
    "entities": "<p>&#0; &#x110000; &#xD800; &#128; &amp &ampx &notit; &#99999999999; &",
    "comments": "<!-- a --><!--> <!---> <![CDATA[ x ]]> <?php echo 1 ?> <!DOCTYPE html> <!-- open",
    "attributes": "<div class='a\" id=\"b' style=display:none hidden aria-hidden=true ===x><p class=share>t</p></div><a href=\"",
    "meta": "<meta charset=\"windows-1252\"><meta property=og:title content=\"Judul &quot;x&quot;\"><p>\x93q\x94</p>",
    "pre": "<pre>\n  a\r\n  b<br>c</pre><pre>",
    "br": "a<br>b<br><br>c<br/><br/>d</br>e",
}
for name, page in broken.items():
    data = page.encode("latin-1")
    for mode in (0, 1, 3, 8):
        write("extract", f"{name}-{mode}", data + bytes([0, mode % 6, mode]))
PY
