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
