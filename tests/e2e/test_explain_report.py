"""`saring explain` and DIR/report.html end to end."""
import json
import re

import pytest

from saring_testlib import SAMPLE, run, seed_input, stats


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("ex") / "out"
    run(["run", "-o", str(out), SAMPLE])
    return out


def test_explain_near_duplicate(sample_out):
    text = run(["explain", str(sample_out), "c-01"]).stdout
    assert "removed (near_duplicate)" in text and "duplicate of: a-11" in text
    assert "word diff against a-11" in text
    d = json.loads(run(["explain", str(sample_out), "c-01", "--json"]).stdout)
    assert d["status"] == "removed" and d["saring"]["duplicate_of"] == "a-11"
    assert d["survivor"] == {"id": "a-11", "found": True}
    assert 0.8 <= d["saring"]["similarity"] <= 1.0
    assert any(piece for piece in d["diff"])


def test_explain_kept_document_with_spans(sample_out):
    d = json.loads(run(["explain", str(sample_out), "a-01", "--json"]).stdout)
    assert d["status"] == "kept"
    reasons = [s["reason"] for s in d["spans"]]
    assert "contained_paragraph" in reasons
    for s in d["spans"]:
        assert "context_before" in s and "context_after" in s


def test_explain_unknown_id_fails_clearly(sample_out):
    proc = run(["explain", str(sample_out), "no-such-id"], check=False)
    assert proc.returncode == 1 and "no-such-id" in proc.stderr


def test_report_is_written_and_matches_stats(sample_out):
    html = (sample_out / "report.html").read_text()
    assert "<svg" in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    block = re.search(r'<script type="application/json" id="saring-stats">(.*?)</script>', html, re.S)
    assert block, "no embedded stats block"
    embedded = json.loads(block.group(1))
    assert json.dumps(embedded).count(str(stats(sample_out)["totals"]["records"])) >= 1


def test_explain_seed_document(tmp_path):
    src = seed_input(tmp_path)
    out = tmp_path / "out"
    run(["run", "-o", str(out), str(src)])
    d = json.loads(run(["explain", str(out), "000_005f5a89bd05a5c8", "--json"]).stdout)
    assert d["status"] == "kept"
    assert [s["reason"] for s in d["spans"]] == [
        "contained_paragraph", "credit_line", "repeated_paragraph", "repeated_paragraph",
        "repeated_paragraph", "repeated_paragraph", "credit_line"]
    assert d["spans"][1]["text"].strip() == "(Sputnik)"
    assert d["spans"][6]["text"].strip() == "(esn/indo)"
    for s in d["spans"][2:6]:
        assert s["duplicate_of"]["id"] == "000_005f5a89bd05a5c8"
    text = run(["explain", str(out), "000_005f5a89bd05a5c8"]).stdout
    assert text.count("repeated_paragraph") == 4 and "(Sputnik)" in text
