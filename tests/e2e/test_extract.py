"""`saring extract`: one HTML page's headline and article text, the charset header, --explain,
and clear errors (pages from tests/data/extract/labelled)."""
import os

from saring_testlib import SOURCE_DIR, run

LABELLED = os.path.join(SOURCE_DIR, "tests", "data", "extract", "labelled")


def expected(name):
    with open(os.path.join(LABELLED, name + ".txt"), encoding="utf-8") as f:
        return f.read().rstrip("\n")


def test_prints_headline_and_body():
    out = run(["extract", os.path.join(LABELLED, "id_indopost_suriah.html")]).stdout
    assert out.rstrip("\n") == expected("id_indopost_suriah")
    assert "Baca juga" not in out and "(esn/indo)" not in out and "(Sputnik)" not in out


def test_charset_header_decides_the_charset():
    page = os.path.join(LABELLED, "id_latin1_http_header.html")
    out = run(["extract", "--charset-header", "text/html; charset=ISO-8859-1", page]).stdout
    assert out.rstrip("\n") == expected("id_latin1_http_header")
    # Unlabelled bytes fall back to windows-1252 too, so the text is the same; a wrong label is not.
    wrong = run(["extract", "--charset-header", "text/html; charset=windows-1251", page]).stdout
    assert "Daré" not in wrong


def test_explain_lists_dropped_blocks_with_reasons():
    out = run(["extract", "--explain", os.path.join(LABELLED, "id_indopost_suriah.html")]).stdout
    assert "charset utf-8 (from meta)" in out
    assert "DROP text rule: related link" in out
    assert "DROP text rule: editor tag" in out
    assert "DROP inside class/id 'iklan*'" in out
    assert "KEEP prose:" in out
    assert "html>body.single>div#wrapper>div#content.col-8>article.post-1234>div.entry-content>p" in out


def test_page_without_article_prints_nothing():
    out = run(["extract", os.path.join(LABELLED, "id_portal_homepage.html")]).stdout
    assert out == ""


def test_gumbo_gives_the_same_text():
    page = os.path.join(LABELLED, "id_detik_multipage.html")
    assert run(["extract", "--gumbo", page]).stdout == run(["extract", page]).stdout


def test_missing_file_is_named():
    proc = run(["extract", "/nonexistent/page.html"], check=False)
    assert proc.returncode == 1
    assert "/nonexistent/page.html" in proc.stderr


# ---------------------------------------------------------------- one record of a WARC file

from test_warc_input import warc_record, warcinfo, write_members  # noqa: E402


def http_response(html, content_type="text/html; charset=iso-8859-1"):
    return (f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n").encode() + html


def warc_with_page(tmp_path):
    """A gzip WARC (one member per record): warcinfo, a request, the labelled latin-1 page as a
    response, a PDF response (not a document). Returns its path and the members' offsets."""
    with open(os.path.join(LABELLED, "id_latin1_http_header.html"), "rb") as f:
        page = f.read()
    records = [warcinfo(),
               warc_record("request", "q1", "https://koran.example/a", "application/http; msgtype=request",
                           b"GET /a HTTP/1.1\r\nHost: koran.example\r\n\r\n"),
               warc_record("response", "page-1", "https://koran.example/a", "application/http; msgtype=response",
                           http_response(page)),
               warc_record("response", "pdf-1", "https://koran.example/b.pdf", "application/http; msgtype=response",
                           http_response(b"%PDF-1.4", "application/pdf"))]
    path = tmp_path / "pages.warc.gz"
    return path, write_members(path, records)


def test_warc_record_by_offset_id_and_number(tmp_path):
    path, offsets = warc_with_page(tmp_path)
    want = expected("id_latin1_http_header")
    # The response's own Content-Type names the charset, as it does in a run.
    by_offset = run(["extract", "--offset", str(offsets[2]), str(path)]).stdout
    assert by_offset.rstrip("\n") == want
    assert run(["extract", "--record-id", "<urn:uuid:page-1>", str(path)]).stdout == by_offset
    assert run(["extract", "--record-id", "urn:uuid:page-1", str(path)]).stdout == by_offset
    assert run(["extract", "--record", "1", str(path)]).stdout == by_offset
    explained = run(["extract", "--explain", "--offset", str(offsets[2]), str(path)]).stdout
    assert f"record <urn:uuid:page-1> at offset {offsets[2]}" in explained
    # ISO-8859-1 labels decode as windows-1252, as the HTML standard says.
    assert "charset windows-1252 (from http)" in explained


def test_warc_offset_matches_a_runs_metadata(tmp_path):
    path, offsets = warc_with_page(tmp_path)
    out = tmp_path / "out"
    run(["run", "-o", str(out), "--set", "near_dup.enabled=false", str(path)])
    from saring_testlib import read_shards
    kept = read_shards(out, "kept")
    assert len(kept) == 1
    saring_meta = kept[0]["metadata"]
    offset = saring_meta.get("warc_offset", saring_meta.get("saring", {}).get("warc_offset"))
    assert offset == offsets[2]
    page = run(["extract", "--offset", str(offset), str(path)]).stdout
    assert page.rstrip("\n") == expected("id_latin1_http_header")


def test_warc_record_errors_name_file_and_record(tmp_path):
    path, offsets = warc_with_page(tmp_path)
    proc = run(["extract", "--offset", str(offsets[1]), str(path)], check=False)  # the request
    assert proc.returncode == 1 and str(path) in proc.stderr and str(offsets[1]) in proc.stderr
    proc = run(["extract", "--record-id", "nope", str(path)], check=False)
    assert proc.returncode == 1 and "nope" in proc.stderr and str(path) in proc.stderr
    proc = run(["extract", "--record", "2", str(path)], check=False)  # the PDF is not a document
    assert proc.returncode == 1 and "record number 2" in proc.stderr
    proc = run(["extract", "--record", "1", os.path.join(LABELLED, "id_indopost_suriah.html")], check=False)
    assert proc.returncode == 1 and "id_indopost_suriah.html" in proc.stderr
    proc = run(["extract", "--offset", "0", "--record", "1", str(path)], check=False)
    assert proc.returncode != 0
