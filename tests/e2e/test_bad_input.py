"""Bad input never crashes saring or vanishes: every record of tests/data/bad is kept, removed or
quarantined with the file, line and byte offset (counts from tests/data/bad/README.md)."""
import base64
import json
import os

import pytest

from saring_testlib import BAD, read_shards, run, stats

# file -> (kept, {removed reason: n}, {quarantine error: n}), with a 100 KiB record limit.
EXPECTED = {
    "malformed_json.jsonl": (4, {}, {"malformed_json": 4}),
    "not_object.jsonl": (3, {}, {"not_an_object": 4}),
    "bad_text.jsonl": (3, {}, {"missing_text": 1, "null_text": 1, "text_not_string": 3}),
    "invalid_utf8.jsonl": (3, {}, {"invalid_utf8": 6}),
    "lone_surrogate.jsonl": (3, {}, {"lone_surrogate": 4}),
    "nul_bytes.jsonl": (3, {}, {"nul_byte": 2, "control_character": 1}),
    "crlf.jsonl": (4, {}, {}),
    "bom.jsonl": (3, {}, {}),
    "empty_text.jsonl": (3, {"empty_text": 2}, {}),
    "duplicate_ids.jsonl": (4, {"exact_duplicate": 1}, {}),
    "id_and_keys.jsonl": (6, {}, {}),
    "long_line.jsonl": (2, {}, {"line_too_long": 1}),
    "trailing_garbage.jsonl": (4, {}, {"trailing_content": 3}),
    "blank_lines.jsonl": (3, {}, {}),
    "truncated.jsonl.gz": (3, {}, {"stream_error": 1}),
    "truncated.jsonl.zst": (3, {}, {"stream_error": 1}),
    "textdir": (3, {"empty_text": 1}, {"invalid_utf8": 1}),
}


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("bad") / "out"
    proc = run(["run", "-o", str(out), "--input-max-record-size", "100K", "--near-dup", "off", BAD])
    return out, proc


def test_every_file_matches_its_expected_ledger(bad_run):
    out, _ = bad_run
    files = {os.path.basename(f["path"].rstrip("/")): f for f in stats(out)["files"]}
    assert set(files) == set(EXPECTED)
    for name, (kept, removed, quarantined) in EXPECTED.items():
        f = files[name]
        assert (f["kept"], f["removed"], f["quarantined"]) == (kept, removed, quarantined), name
        assert f["records"] == kept + sum(removed.values()) + sum(quarantined.values()), name
        assert f["balanced"] is True


def test_blank_lines_are_counted_not_records(bad_run):
    out, _ = bad_run
    f = [f for f in stats(out)["files"] if f["path"].endswith("blank_lines.jsonl")][0]
    assert f["blank_lines"] == 4 and f["records"] == 3


def test_quarantine_names_file_line_and_offset(bad_run):
    out, _ = bad_run
    records = read_shards(out, "quarantine")
    by_key = {(os.path.basename(r["file"]), r["line"]): r for r in records}
    m2 = by_key[("malformed_json.jsonl", 2)]
    assert m2["error"] == "malformed_json" and m2["byte_offset"] == 121
    assert "malformed_json.jsonl line 2 (byte 121)" in m2["message"]
    assert by_key[("not_object.jsonl", 4)]["byte_offset"] == 296
    assert by_key[("bad_text.jsonl", 4)]["error"] == "null_text"
    assert by_key[("trailing_garbage.jsonl", 4)]["byte_offset"] == 289


def test_quarantine_keeps_raw_bytes(bad_run):
    out, _ = bad_run
    records = read_shards(out, "quarantine")
    with open(os.path.join(BAD, "invalid_utf8.jsonl"), "rb") as f:
        lines = f.read().split(b"\n")
    u2 = [r for r in records if r["file"].endswith("invalid_utf8.jsonl") and r["line"] == 2][0]
    assert "raw" not in u2
    assert base64.b64decode(u2["raw_base64"]) == lines[1]
    with open(os.path.join(BAD, "malformed_json.jsonl"), encoding="utf-8") as f:
        text_lines = f.read().split("\n")
    m4 = [r for r in records if r["file"].endswith("malformed_json.jsonl") and r["line"] == 4][0]
    assert m4["raw"] == text_lines[3]


def test_too_long_line_keeps_a_prefix_and_its_length(bad_run):
    out, _ = bad_run
    rec = [r for r in read_shards(out, "quarantine") if r["error"] == "line_too_long"][0]
    assert rec["line"] == 2 and rec["length"] == 300069 and rec["raw_truncated"] is True
    assert len(rec["raw"]) < 300069


def test_truncated_streams_report_the_break(bad_run):
    out, _ = bad_run
    files = {os.path.basename(f["path"]): f for f in stats(out)["files"]}
    for name in ("truncated.jsonl.gz", "truncated.jsonl.zst"):
        assert files[name]["errors"], name
        assert name in files[name]["errors"][0]


def test_generated_ids_are_marked(bad_run):
    out, _ = bad_run
    kept = read_shards(out, "kept")
    generated = sorted(r["metadata"]["saring"]["generated_id"] for r in kept
                       if "generated_id" in r["metadata"]["saring"])
    assert generated == ["id_and_keys:1", "id_and_keys:2"]


def test_crlf_records_do_not_keep_carriage_returns(bad_run):
    out, _ = bad_run
    crlf = [r for r in read_shards(out, "kept") if str(r.get("id")).startswith("r-")]
    assert len(crlf) == 4
    for r in crlf:
        assert not r["id"].endswith("\r")
        assert "\r" not in json.dumps(r["metadata"])


def test_strict_stops_at_first_bad_record(tmp_path):
    proc = run(["run", "--strict", "-o", str(tmp_path / "o"),
                os.path.join(BAD, "malformed_json.jsonl")], check=False)
    assert proc.returncode == 1
    assert "malformed_json.jsonl line 2" in proc.stderr


def test_strict_stop_inside_a_batch_names_the_bad_record(tmp_path):
    # Small batches on several threads, exact copies on both sides of a bad line in the middle of
    # a batch: the signing pass logs exact-dedup decisions past the bad line, the final pass stops
    # at it and fails with the bad record's own error, never with one about the replayed log.
    path = tmp_path / "in.jsonl"
    with open(path, "w") as f:
        for i in range(2000):
            if i == 1001:
                f.write('{"id": "bad", "text": "unterminated\n')
                continue
            f.write(json.dumps({"id": f"d{i}", "text": f"Document number {i % 300} of the set, in a sentence long enough for every default filter."}) + "\n")
    offset = path.read_bytes().index(b'{"id": "bad"')
    for threads in ("2", "8"):
        proc = run(["run", "--strict", "-t", threads, "--input-batch-size", "4K",
                    "-o", str(tmp_path / f"o{threads}"), str(path)], check=False)
        assert proc.returncode == 1, proc.stderr
        assert f"in.jsonl line 1002 (byte {offset})" in proc.stderr, proc.stderr
        assert "other documents" not in proc.stderr


def test_unreadable_file_is_reported_and_run_goes_on(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can read any file; permission faults are covered by tests/faults")
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.jsonl").write_text(json.dumps({"id": "a", "text": "Some text here."}) + "\n")
    locked = src / "b.jsonl"
    locked.write_text(json.dumps({"id": "b", "text": "Other text."}) + "\n")
    locked.chmod(0)
    out = tmp_path / "out"
    run(["run", "-o", str(out), str(src)])
    s = stats(out)
    b = [f for f in s["files"] if f["path"].endswith("b.jsonl")][0]
    assert b["quarantined"] == {"unreadable_file": 1} and b["errors"]
