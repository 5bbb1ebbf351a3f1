"""WARC and WET inputs end to end: a WET file written here from the sample corpus reads back with
every text intact, at any thread count with byte-identical output; damage is quarantined with its
offset and the records after it are read; non-documents are counted, not records; WARC responses
become documents through HTML extraction with the page's charset; and a file saring cannot read
is refused by name."""
import gzip
import json
import os

import pytest

from saring_testlib import SAMPLE, input_documents, read_shards, rebuild_text, run, shard_bytes, stats


def warc_record(rtype, rid, uri, content_type, block, date="2024-05-01T10:00:00Z"):
    """One WARC/1.0 record (bytes) with its closing blank line."""
    head = f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\n"
    if uri:
        head += f"WARC-Target-URI: {uri}\r\n"
    head += f"WARC-Date: {date}\r\n"
    if content_type:
        head += f"Content-Type: {content_type}\r\n"
    head += f"Content-Length: {len(block)}\r\n\r\n"
    return head.encode() + block + b"\r\n\r\n"


def warcinfo():
    return warc_record("warcinfo", "info", "", "application/warc-fields", b"software: saring-e2e\r\n")


def write_members(path, records):
    """Writes each record as its own gzip member (Common Crawl's layout); returns member offsets."""
    offsets = []
    with open(path, "wb") as f:
        for r in records:
            offsets.append(f.tell())
            f.write(gzip.compress(r, mtime=0))
    return offsets


def outputs_at(threads, path, tmp_path, batch_size):
    """shard_bytes of a run of `path` at each thread count of `threads`, with small batches."""
    results = []
    for t in threads:
        out = tmp_path / f"t{t}"
        run(["run", "-o", str(out), "--threads", str(t), "--set", f"input.batch_size={batch_size}", str(path)])
        results.append(shard_bytes(out))
    return results


def sample_wet_records():
    """(id, url, text) of every sample document, and the WET records holding them."""
    docs = sorted(input_documents(SAMPLE).items())
    rows = [(doc_id, f"https://site{i % 4}.example/news/{doc_id}", text) for i, (doc_id, text) in enumerate(docs)]
    records = [warcinfo()] + [warc_record("conversion", doc_id, url, "text/plain", text.encode("utf-8"))
                              for doc_id, url, text in rows]
    return rows, records


@pytest.fixture(scope="module")
def wet_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("wet")
    rows, records = sample_wet_records()
    path = root / "CC-MAIN-sample.warc.wet.gz"
    write_members(path, records)
    out = root / "out"
    run(["run", "-o", str(out), str(path)])
    return rows, path, out


def test_wet_reads_back_every_text(wet_run):
    rows, path, out = wet_run
    by_id = {}
    for kind in ("kept", "removed"):
        for r in read_shards(out, kind):
            by_id[r["id"]] = r
    assert set(by_id) == {f"urn:uuid:{doc_id}" for doc_id, _, _ in rows}
    for doc_id, url, text in rows:
        r = by_id[f"urn:uuid:{doc_id}"]
        assert rebuild_text(r) == text, doc_id
        meta = r["metadata"]
        assert meta["url"] == url and meta["date"] == "2024-05-01T10:00:00Z"
        assert meta["warc_type"] == "conversion" and meta["source_file"] == str(path)
        # The record is found again at its offset: one gzip member from there holds it.
        with open(path, "rb") as f:
            f.seek(meta["warc_offset"])
            member = gzip.GzipFile(fileobj=f).read()
        assert f"<urn:uuid:{doc_id}>".encode() in member.split(b"\r\n\r\n", 1)[0]
    f = stats(out)["files"][0]
    assert f["records"] == len(rows) and f["balanced"] is True
    assert f["skipped_records"] == {"warcinfo": 1}


def test_wet_output_identical_at_1_and_3_threads(tmp_path):
    _, records = sample_wet_records()
    path = tmp_path / "a.warc.wet.gz"
    write_members(path, records)
    results = outputs_at((1, 3), path, tmp_path, "16K")
    assert results[0] == results[1]


def test_damaged_members_are_quarantined_and_the_rest_read(tmp_path):
    rows, records = sample_wet_records()
    path = tmp_path / "d.warc.wet.gz"
    offsets = write_members(path, records)
    data = bytearray(path.read_bytes())
    # Record 3 (member 4): deflate data garbled. Then the file is cut inside its last member.
    for k in range(offsets[4] + 30, offsets[4] + 60):
        data[k] ^= 0x5A
    data = data[:-25]
    path.write_bytes(bytes(data))
    out = tmp_path / "out"
    run(["run", "-o", str(out), str(path)])
    quarantined = read_shards(out, "quarantine")
    assert [q["error"] for q in quarantined] == ["damaged_record", "damaged_record"]
    assert quarantined[0]["file_offset"] == offsets[4]
    assert str(path) in quarantined[0]["message"] and str(offsets[4]) in quarantined[0]["message"]
    assert quarantined[1]["file_offset"] == offsets[-1] and "truncated" in quarantined[1]["message"]
    read_ids = {r["id"] for kind in ("kept", "removed") for r in read_shards(out, kind)}
    expected = {f"urn:uuid:{doc_id}" for i, (doc_id, _, _) in enumerate(rows) if i not in (3, len(rows) - 1)}
    assert read_ids == expected
    f = stats(out)["files"][0]
    assert f["records"] == len(rows) and f["quarantined"] == {"damaged_record": 2} and f["balanced"] is True
    assert len(f["errors"]) == 2 and str(offsets[4]) in f["errors"][0]


def test_plain_warc_with_a_wrong_content_length(tmp_path):
    rows, records = sample_wet_records()
    bad = records[2].replace(b"Content-Length: ", b"Content-Length: 1", 1)
    path = tmp_path / "p.warc"
    path.write_bytes(b"".join(records[:2] + [bad] + records[3:]))
    out = tmp_path / "out"
    run(["run", "-o", str(out), str(path)])
    quarantined = read_shards(out, "quarantine")
    assert len(quarantined) == 1 and quarantined[0]["error"] == "damaged_record"
    assert "Content-Length" in quarantined[0]["message"]
    assert stats(out)["files"][0]["records"] == len(rows)


def test_unreadable_formats_are_refused_by_name(tmp_path):
    for name, data, what in [("news.jsonl", b"PK\x03\x04" + b"\0" * 40, "ZIP archive"),
                             ("pic.json", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "PNG image"),
                             ("doc.jsonl", b"%PDF-1.4\n", "PDF document")]:
        path = tmp_path / name
        path.write_bytes(data)
        proc = run(["run", "-o", str(tmp_path / ("out-" + name)), str(path)], check=False)
        assert proc.returncode != 0
        assert str(path) in proc.stderr and what in proc.stderr, proc.stderr
    # In a folder too: a .jsonl that is an ELF binary stops the run before anything is read.
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.jsonl").write_text('{"id": "1", "text": "Satu paragraf."}\n')
    (folder / "b.jsonl").write_bytes(b"\x7fELF\x02\x01\x01" + b"\0" * 60)
    proc = run(["run", "-o", str(tmp_path / "out-folder"), str(folder)], check=False)
    assert proc.returncode != 0 and "b.jsonl" in proc.stderr and "ELF" in proc.stderr


ARTICLE = ("<html><head>{meta}<title>Banjir di Jakarta | Situs</title></head><body>"
           "<nav><a href='/'>Beranda</a> <a href='/x'>Nasional</a></nav>"
           "<article><h1>Banjir merendam {n} kelurahan</h1>"
           "<p>Hujan deras sejak Minggu malam membuat sungai meluap, kata petugas. Café di tepi kali tutup.</p>"
           "<p>Warga diminta waspada karena air diperkirakan naik lagi pada Senin sore, ujar dia.</p>"
           "<p>Petugas menyiapkan perahu karet dan dapur umum bagi {n} keluarga yang mengungsi.</p>"
           "</article><footer>Hak cipta 2024</footer></body></html>")


def http(status, headers, body):
    return f"HTTP/1.1 {status} OK\r\n{headers}\r\n".encode() + body


def chunked(body):
    return b"%x\r\n" % 10 + body[:10] + b"\r\n" + b"%x\r\n" % (len(body) - 10) + body[10:] + b"\r\n0\r\n\r\n"


def html_records():
    """(expected documents, records): pages in several charsets and encodings, and non-pages."""
    pages = [
        ("utf8-http", "text/html; charset=utf-8", "", "utf-8", None),
        ("cp1252-http", "text/html; charset=windows-1252", "", "windows-1252", None),
        ("latin1-meta", "text/html", '<meta charset="iso-8859-1">', "iso-8859-1", None),
        ("utf8-bom", "text/html", "", "utf-8", "bom"),
        ("gzip-chunked", "text/html; charset=utf-8", "", "utf-8", "gzip-chunked"),
    ]
    records = [warcinfo()]
    for n, (rid, ctype, meta, charset, variant) in enumerate(pages):
        body = ARTICLE.format(meta=meta, n=n + 2).encode(charset)
        headers = f"Content-Type: {ctype}\r\n"
        if variant == "bom":
            body = b"\xef\xbb\xbf" + body
        if variant == "gzip-chunked":
            body = chunked(gzip.compress(body, mtime=0))
            headers += "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"
        records.append(warc_record("request", rid + "-q", f"https://berita.example/{rid}",
                                   "application/http; msgtype=request", b"GET / HTTP/1.1\r\n\r\n"))
        records.append(warc_record("response", rid, f"https://berita.example/{rid}",
                                   "application/http; msgtype=response", http(200, headers, body)))
    records.append(warc_record("response", "gone", "https://berita.example/gone", "application/http; msgtype=response",
                               http(404, "Content-Type: text/html\r\n", b"<p>not found</p>")))
    records.append(warc_record("response", "img", "https://berita.example/a.png", "application/http; msgtype=response",
                               http(200, "Content-Type: image/png\r\n", b"\x89PNG")))
    records.append(warc_record("response", "brotli", "https://berita.example/br", "application/http; msgtype=response",
                               http(200, "Content-Type: text/html\r\nContent-Encoding: br\r\n", b"\x1b\x00")))
    return [p[0] for p in pages], records


def test_warc_pages_are_extracted_in_their_charset(tmp_path):
    ids, records = html_records()
    path = tmp_path / "crawl.warc.gz"
    offsets = write_members(path, records)
    out = tmp_path / "out"
    run(["run", "-o", str(out), "--near-dup", "off", "--set", "dedup.exact=false", str(path)])
    docs = {r["id"]: r for kind in ("kept", "removed") for r in read_shards(out, kind)}
    assert set(docs) == {f"urn:uuid:{i}" for i in ids}
    for rid in ids:
        r = docs[f"urn:uuid:{rid}"]
        text = rebuild_text(r)
        assert "Café di tepi kali tutup." in text, (rid, text)
        assert "Beranda" not in text and "Hak cipta" not in text, (rid, text)
        meta = r["metadata"]
        assert meta["url"] == f"https://berita.example/{rid}" and meta["http_status"] == 200
        assert meta["warc_offset"] in offsets and meta["warc_type"] == "response"
    assert docs["urn:uuid:cp1252-http"]["metadata"]["charset_source"] == "http"
    assert docs["urn:uuid:latin1-meta"]["metadata"]["charset_source"] == "meta"
    assert docs["urn:uuid:utf8-bom"]["metadata"]["charset_source"] == "bom"
    quarantined = read_shards(out, "quarantine")
    assert len(quarantined) == 1 and "'br'" in quarantined[0]["message"]
    f = stats(out)["files"][0]
    assert f["skipped_records"] == {"request": 5, "response_not_html": 1, "response_not_ok": 1, "warcinfo": 1}
    assert f["records"] == len(ids) + 1 and f["balanced"] is True


def test_warc_output_identical_at_1_and_3_threads_with_near_dup(tmp_path):
    _, records = html_records()
    _, wet = sample_wet_records()
    path = tmp_path / "mixed.warc.gz"
    write_members(path, records + wet[1:] + records[1:])  # pages twice: duplicates to find
    results = outputs_at((1, 3), path, tmp_path, "8K")
    assert results[0] == results[1]
    # The final pass restores each page's extraction from the signing pass: the same bytes as
    # extracting it again.
    again = tmp_path / "no-reuse"
    run(["run", "-o", str(again), "--threads", "3", "--set", "input.batch_size=8K",
         "--set", "near_dup.reuse_analysis=false", str(path)])
    assert shard_bytes(again) == results[0]
    assert stats(tmp_path / "t1")["files"][0]["removed"].get("exact_duplicate", 0) >= 5
