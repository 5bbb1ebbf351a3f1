#!/bin/sh
# Writes the bad-input fixtures in tests/data/bad/ (see tests/data/bad/README.md for what each
# file holds, where its defects are, and how many records are good or bad). Deterministic: the
# same bytes every run (gzip -n, fixed zstd level, one thread). Checks its own output: every line
# meant to be good parses with Python's json module into an object whose text is a well-formed,
# NUL-free string, and every line meant to be bad does not.
#
# Usage: tests/data/make-bad.sh
set -eu
out="$(cd "$(dirname "$0")" && pwd)/bad"
mkdir -p "$out"
exec /usr/bin/python3 - "$out" <<'EOF'
import json, os, subprocess, sys, zlib

OUT = sys.argv[1]
report = []  # (file, good, {kind: count})


def good(i, text=None, **extra):
    rec = {"id": i, "text": text or "Kabar baik nomor %s: jalan desa sudah diperbaiki." % i,
           "metadata": {"source": "fixture.example"}}
    rec.update(extra)
    return json.dumps(rec, ensure_ascii=False).encode("utf-8")


def is_good(line):
    """What a correct reader accepts: one JSON object, text a non-empty-able UTF-8 string, no NUL."""
    try:
        rec = json.loads(line.decode("utf-8"), parse_constant=lambda c: 1 / 0)
    except Exception:
        return False
    if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
        return False
    try:
        rec["text"].encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in rec["text"]


def write(name, lines, eol=b"\n", final_eol=True, prefix=b""):
    """lines: [(kind, bytes)]; kind "good", "blank" or an error name. Checks each line."""
    counts, n_good = {}, 0
    for kind, line in lines:
        if kind == "good":
            assert is_good(line), (name, line[:60])
            n_good += 1
        elif kind == "blank":
            assert line.strip() == b"", name
            counts["blank line"] = counts.get("blank line", 0) + 1
        else:
            assert not is_good(line) or kind in ("trailing_content",), (name, line[:60])
            counts[kind] = counts.get(kind, 0) + 1
    data = prefix + eol.join(l for _, l in lines) + (eol if final_eol else b"")
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    report.append((name, n_good, counts))
    return data


# malformed JSON
write("malformed_json.jsonl", [
    ("good", good("m-01")),
    ("malformed_json", b'{"id": "m-02", "text": "unterminated string}'),
    ("good", good("m-03")),
    ("malformed_json", b'{id: "m-04", "text": "unquoted key"}'),
    ("good", good("m-05")),
    ("malformed_json", b'{"id": "m-06", "text": "trailing comma",}'),
    ("malformed_json", b'{"id": "m-07", "text": "NaN is not JSON", "score": NaN}'),
    ("good", good("m-08")),
])

# not an object (last line has no final newline)
write("not_object.jsonl", [
    ("good", good("n-01")),
    ("not_an_object", b'[{"id": "n-02", "text": "an object inside an array"}]'),
    ("good", good("n-03")),
    ("not_an_object", b"42"),
    ("not_an_object", b'"just a string"'),
    ("not_an_object", b"null"),
    ("good", good("n-07")),
], final_eol=False)

# text missing, null, not a string
write("bad_text.jsonl", [
    ("good", good("t-01")),
    ("missing_text", b'{"id": "t-02", "body": "the text is under another name"}'),
    ("good", good("t-03")),
    ("null_text", b'{"id": "t-04", "text": null}'),
    ("text_not_string", b'{"id": "t-05", "text": 42}'),
    ("text_not_string", b'{"id": "t-06", "text": ["a", "list"]}'),
    ("text_not_string", b'{"id": "t-07", "text": {"value": "an object"}}'),
    ("good", good("t-08")),
])

# invalid UTF-8 (raw bytes)
write("invalid_utf8.jsonl", [
    ("good", good("u-01")),
    ("invalid_utf8", b'{"id": "u-02", "text": "raw byte \xff here"}'),
    ("good", good("u-03")),
    ("invalid_utf8", b'{"id": "u-04", "text": "overlong slash \xc0\xaf here"}'),
    ("invalid_utf8", b'{"id": "u-05", "text": "overlong 3-byte \xe0\x80\xaf here"}'),
    ("invalid_utf8", b'{"id": "u-06", "text": "truncated euro \xe2\x82"}'),
    ("invalid_utf8", b'{"id": "u-07", "text": "encoded surrogate \xed\xa0\x80 here"}'),
    ("invalid_utf8", b'{"id": "u-08", "text": "fine text", "metadata": {"source": "bad \xfe byte"}}'),
    ("good", good("u-09", "Teks dengan UTF-8 yang benar: caf\u00e9, 27\u00b0C, \u201ckutipan\u201d.")),
])

# lone surrogate escapes (valid JSON syntax, not valid Unicode)
write("lone_surrogate.jsonl", [
    ("good", good("s-01")),
    ("lone_surrogate", b'{"id": "s-02", "text": "high \\ud800 alone"}'),
    ("good", good("s-03")),
    ("lone_surrogate", b'{"id": "s-04", "text": "low \\udc00 alone"}'),
    ("lone_surrogate", b'{"id": "s-05", "text": "high then letter \\ud800\\u0041"}'),
    ("lone_surrogate", b'{"id": "s-06", "text": "high at the end \\ud83d"}'),
    ("good", b'{"id": "s-07", "text": "a valid pair \\ud83d\\ude00 is fine"}'),
])

# NUL: raw inside a string (a control character JSON forbids), and as an escape in the text
write("nul_bytes.jsonl", [
    ("good", good("z-01")),
    ("nul_byte", b'{"id": "z-02", "text": "raw \x00 NUL"}'),
    ("good", good("z-03")),
    ("nul_byte", b'{"id": "z-04", "text": "escaped \\u0000 NUL"}'),
    ("control_character", b'{"id": "z-05", "text": "raw \x01 SOH"}'),
    ("good", good("z-06")),
])

# CRLF line endings everywhere; one text holds an escaped CRLF
write("crlf.jsonl", [
    ("good", good("r-01")),
    ("good", good("r-02", "Baris pertama.\r\nBaris kedua dipisah CRLF di dalam teks.")),
    ("good", good("r-03")),
    ("good", good("r-04")),
], eol=b"\r\n")

# UTF-8 byte order mark at the start of the file
write("bom.jsonl", [("good", good("o-01")), ("good", good("o-02")), ("good", good("o-03"))],
      prefix=b"\xef\xbb\xbf")

# empty and whitespace-only text (valid records that saring removes as empty_text)
write("empty_text.jsonl", [
    ("good", good("e-01")),
    ("good", b'{"id": "e-02", "text": ""}'),
    ("good", good("e-03")),
    ("good", b'{"id": "e-04", "text": "   \\n\\t  "}'),
    ("good", good("e-05")),
])

# duplicate ids (all valid records)
write("duplicate_ids.jsonl", [
    ("good", good("d-1", "Dokumen pertama dengan id d-1.")),
    ("good", good("d-2", "Dokumen dengan id d-2, muncul dua kali dengan teks yang sama.")),
    ("good", good("d-1", "Dokumen lain yang memakai id d-1 juga, dengan teks berbeda.")),
    ("good", good("d-3", "Dokumen dengan id d-3.")),
    ("good", good("d-2", "Dokumen dengan id d-2, muncul dua kali dengan teks yang sama.")),
])

# ids missing, null, numeric, huge; duplicate keys (valid JSON; the first value wins)
write("id_and_keys.jsonl", [
    ("good", b'{"text": "Tanpa id: saring membuat id sendiri.", "metadata": {}}'),
    ("good", b'{"id": null, "text": "Id null: saring membuat id sendiri."}'),
    ("good", b'{"id": 12345, "text": "Id berupa angka."}'),
    ("good", b'{"id": 18446744073709551615, "text": "Id berupa angka uint64 terbesar."}'),
    ("good", b'{"id": "k-05", "text": "Teks pertama menang.", "text": "Teks kedua kalah."}'),
    ("good", b'{"id": "k-06", "id": "k-06-kedua", "text": "Id pertama menang."}'),
])

# a very long line (300,000 bytes of text), between two short ones
long_text = ("Kalimat panjang untuk menguji batas panjang baris. " * 6000)[:300000]
assert len(long_text) == 300000
write("long_line.jsonl", [("good", good("l-01")), ("good", good("l-02", long_text)),
                          ("good", good("l-03"))])

# trailing content after the object
write("trailing_garbage.jsonl", [
    ("good", good("g-01")),
    ("trailing_content", b'{"id": "g-02", "text": "then garbage"} garbage'),
    ("good", good("g-03")),
    ("trailing_content", b'{"id": "g-04", "text": "two objects"}{"id": "g-05", "text": "on one line"}'),
    ("trailing_content", b'{"id": "g-06", "text": "then a comma"} ,'),
    ("good", b'{"id": "g-07", "text": "trailing whitespace is fine"}  \t'),
    ("good", good("g-08")),
])

# blank lines (not records)
write("blank_lines.jsonl", [
    ("good", good("w-01")), ("blank", b""), ("good", good("w-03")), ("blank", b"   "),
    ("blank", b"\t"), ("good", good("w-06")), ("blank", b""),
])


def compress(cmd, data):
    return subprocess.run(cmd, input=data, stdout=subprocess.PIPE, check=True).stdout


# truncated gzip: member 1 holds 3 good records; member 2 holds 3 more and is cut mid-stream
part1 = b"".join(good("x-%02d" % i) + b"\n" for i in (1, 2, 3))
part2 = b"".join(good("x-%02d" % i, "Rekaman ini berada di anggota gzip kedua yang terpotong. " * 8)
                 + b"\n" for i in (4, 5, 6))
m1, m2 = compress(["gzip", "-n", "-9", "-c"], part1), compress(["gzip", "-n", "-9", "-c"], part2)
cut = len(m2) // 2  # zlib then surfaces the first bytes of record 4, without its newline
gz = m1 + m2[:cut]
with open(os.path.join(OUT, "truncated.jsonl.gz"), "wb") as f:
    f.write(gz)
d = zlib.decompressobj(16 + zlib.MAX_WBITS)
first = d.decompress(gz)
rest = d.unused_data
d2 = zlib.decompressobj(16 + zlib.MAX_WBITS)
partial = d2.decompress(rest)
assert first == part1 and not d2.eof and b"\n" not in partial and part2.startswith(partial)
gz_info = (len(m1), len(gz), len(part1), len(partial))
report.append(("truncated.jsonl.gz", 3, {"stream_error": 1}))

# truncated zstd: frame 1 holds 3 good records; frame 2 holds 3 more and is cut in half
part1 = b"".join(good("y-%02d" % i) + b"\n" for i in (1, 2, 3))
part2 = b"".join(good("y-%02d" % i, "Rekaman ini berada di frame zstd kedua yang terpotong. " * 8)
                 + b"\n" for i in (4, 5, 6))
zcmd = ["zstd", "-q", "-19", "-T1", "--no-progress", "-c"]
f1, f2 = compress(zcmd, part1), compress(zcmd, part2)
zst = f1 + f2[:len(f2) // 2]
with open(os.path.join(OUT, "truncated.jsonl.zst"), "wb") as f:
    f.write(zst)
r = subprocess.run(["zstd", "-dcq"], input=zst, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
assert r.returncode != 0 and r.stdout == part1, "zstd should decode exactly frame 1, then fail"
zst_info = (len(f1), len(zst), len(part1))
report.append(("truncated.jsonl.zst", 3, {"stream_error": 1}))

# a folder of plain-text documents
tdir = os.path.join(OUT, "textdir")
os.makedirs(tdir, exist_ok=True)
texts = {
    "a-good.txt": "Dokumen teks biasa.\nBaris kedua.\n".encode(),
    "b-bom.txt": b"\xef\xbb\xbf" + "Dokumen yang diawali BOM.\n".encode(),
    "c-empty.txt": b"",
    "d-latin1.txt": "Caf\u00e9 dalam Latin-1, bukan UTF-8.\n".encode("latin-1"),
    "e-crlf.txt": b"Baris satu.\r\nBaris dua.\r\n",
}
for name, data in texts.items():
    with open(os.path.join(tdir, name), "wb") as f:
        f.write(data)

for name, g, kinds in report:
    print("%-24s good %-2d %s" % (name, g, ", ".join("%s %d" % kv for kv in sorted(kinds.items()))))
print("truncated.jsonl.gz: member 1 = bytes [0, %d), file %d bytes; decodes %d good bytes, then "
      "%d bytes of record 4 before the stream breaks" % gz_info)
print("truncated.jsonl.zst: frame 1 = bytes [0, %d), file %d bytes; decodes %d bytes" % zst_info)
EOF
