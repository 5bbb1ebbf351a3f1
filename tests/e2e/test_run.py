"""End-to-end tests of `saring run` on the bundled sample corpus and on hand-made inputs."""
import json
import os
import shutil
import subprocess

import pytest

from saring_testlib import (BAD, SAMPLE, SHARED, decompress, input_documents, read_shards,
                            rebuild_text, run, shard_bytes, stats)


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample") / "out"
    proc = run(["run", "-o", str(out), "--threads", "2", SAMPLE])
    return out, proc


def test_summary_names_output_folder(sample_run):
    out, proc = sample_run
    assert f"output: {out}" in proc.stdout
    assert "ledger balanced" in proc.stdout
    assert "  passes: sign " in proc.stdout and ", final " in proc.stdout


def test_run_info_times_each_phase(sample_run):
    out, _ = sample_run
    info = json.loads((out / "run-info.json").read_text())
    # near-dup is on by default: signatures, then clustering, then the writing pass
    assert [p["name"] for p in info["phases"]] == ["sign", "cluster", "final"]
    for p in info["phases"]:
        assert p["wall_seconds"] >= 0 and p["cpu_seconds"] >= 0
    assert sum(p["wall_seconds"] for p in info["phases"]) <= info["seconds"] + 0.01
    page = (out / "report.html").read_text()
    assert "<th>phases</th><td>sign " in page


def test_ledger_adds_up_for_every_file(sample_run):
    out, _ = sample_run
    s = stats(out)
    assert s["files"], "no input files in the ledger"
    total = {"records": 0, "kept": 0}
    for f in s["files"]:
        removed = sum(f["removed"].values())
        quarantined = sum(f["quarantined"].values())
        assert f["records"] == f["kept"] + removed + quarantined, f["path"]
        total["records"] += f["records"]
        total["kept"] += f["kept"]
    assert s["totals"]["records"] == total["records"]
    assert s["totals"]["kept"] == total["kept"]
    assert s["totals"]["balanced"] is True


def test_ledger_counts_every_input_record(sample_run):
    out, _ = sample_run
    s = stats(out)
    assert s["totals"]["records"] == len(input_documents(SAMPLE))
    assert s["totals"]["quarantined_total"] == 0


def test_output_records_match_ledger(sample_run):
    out, _ = sample_run
    s = stats(out)
    assert len(read_shards(out, "kept")) == s["totals"]["kept"]
    assert len(read_shards(out, "removed")) == s["totals"]["removed_total"]


def test_every_original_can_be_rebuilt(sample_run):
    out, _ = sample_run
    originals = input_documents(SAMPLE)
    rebuilt = {}
    for rec in read_shards(out, "kept") + read_shards(out, "removed"):
        rebuilt[rec["id"]] = rebuild_text(rec)
    assert set(rebuilt) == set(originals)
    for doc_id, text in originals.items():
        assert rebuilt[doc_id] == text, doc_id


def test_sample_has_repairs_and_exact_duplicates(sample_run):
    out, _ = sample_run
    s = stats(out)
    for reason in ("repeated_paragraph", "contained_paragraph", "credit_line"):
        assert s["spans_removed"].get(reason, {}).get("spans", 0) > 0, reason
    assert s["totals"]["removed"].get("exact_duplicate", 0) > 0
    for rec in read_shards(out, "removed"):
        if rec["metadata"]["saring"]["reason"] == "exact_duplicate":
            assert rec["metadata"]["saring"]["duplicate_of"]


def test_unknown_fields_pass_through(tmp_path):
    src = tmp_path / "in.jsonl"
    line = ('{"url": "https://x.example/a", "id": "a1", "extra": {"n": [1, 2.50, null], "s": "\\u00e9"},'
            ' "text": "Satu paragraf.\\nSatu paragraf.", "metadata": {"source": "x", "deep": {"k": true}}, "z": 1}')
    src.write_text(line + "\n")
    out = tmp_path / "out"
    run(["run", "-o", str(out), str(src)])
    raw = decompress(next((out / "kept").glob("*.zst"))).decode()
    rec = json.loads(raw)
    assert rec["text"] == "Satu paragraf.\n"
    assert rec["extra"] == {"n": [1, 2.5, None], "s": "é"}
    assert rec["metadata"]["deep"] == {"k": True} and rec["metadata"]["source"] == "x"
    # Bytes outside text and metadata.saring are unchanged, spelling included.
    assert raw.startswith('{"url": "https://x.example/a", "id": "a1", "extra": {"n": [1, 2.50, null], "s": "\\u00e9"},')
    assert raw.rstrip("\n").endswith(', "z": 1}')


def test_output_identical_at_1_2_and_8_threads(tmp_path):
    results = []
    for threads in (1, 2, 8):
        out = tmp_path / f"t{threads}"
        # Small batches so that several batches are in flight.
        run(["run", "-o", str(out), "--threads", str(threads), "--set", "input.batch_size=64K",
             "--dedup-paragraphs=true", SAMPLE, BAD])
        results.append(shard_bytes(out))
    assert results[0] == results[1] == results[2]


def test_existing_output_is_refused_without_overwrite(tmp_path):
    out = tmp_path / "out"
    run(["run", "-o", str(out), SAMPLE])
    proc = run(["run", "-o", str(out), SAMPLE], check=False)
    assert proc.returncode != 0 and "--overwrite" in proc.stderr
    run(["run", "-o", str(out), "--overwrite", SAMPLE])


def test_default_output_folder_is_new(tmp_path):
    proc = run(["run", os.path.abspath(SAMPLE)], cwd=tmp_path)
    folders = [p for p in tmp_path.iterdir() if p.name.startswith("saring-out-")]
    assert len(folders) == 1
    assert (folders[0] / "stats.json").exists()
    assert folders[0].name in proc.stdout


def test_missing_input_is_a_clear_error(tmp_path):
    proc = run(["run", "-o", str(tmp_path / "o"), str(tmp_path / "nope.jsonl")], check=False)
    assert proc.returncode != 0
    assert "nope.jsonl" in proc.stderr


def test_config_misspelling_names_line_and_suggests(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("repair:\n  credits: true\n  contianed: false\n")
    proc = run(["run", "--config", str(cfg), "--dry-run"], check=False)
    assert proc.returncode == 2
    assert f"{cfg}:3" in proc.stderr and "repair.contained" in proc.stderr


def test_dry_run_prints_resolved_config_with_overrides(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("repair:\n  contained: false\n")
    proc = run(["run", "--config", str(cfg), "--repair-min-contained-chars", "40", "--dry-run"])
    assert "contained: false" in proc.stdout
    assert "min_contained_chars: 40" in proc.stdout
    # The printed config is itself a valid config.
    again = tmp_path / "again.yaml"
    again.write_text(proc.stdout)
    assert run(["run", "--config", str(again), "--dry-run"]).stdout == proc.stdout


def test_disabling_repair_keeps_text(tmp_path):
    out = tmp_path / "out"
    run(["run", "-o", str(out), "--repair-enabled=false", "--dedup-exact=false", SAMPLE])
    originals = input_documents(SAMPLE)
    for rec in read_shards(out, "kept"):
        assert rec["text"] == originals[rec["id"]]


def test_paragraph_dedup_points_to_first_occurrence(tmp_path):
    src = tmp_path / "p.jsonl"
    shared = ("The regional transport board approved the new evening bus schedule after a long "
              "public hearing that lasted well into the night on Tuesday.")
    docs = [
        {"id": "first", "text": "Opening line of the first story.\n" + shared},
        {"id": "second", "text": "A different opening for the second story.\n" + shared + "\nIts own ending."},
    ]
    src.write_text("".join(json.dumps(d) + "\n" for d in docs))
    out = tmp_path / "out"
    run(["run", "-o", str(out), "--dedup-paragraphs=true", str(src)])
    kept = {r["id"]: r for r in read_shards(out, "kept")}
    spans = kept["second"]["metadata"]["saring"]["removed_spans"]
    assert [s["reason"] for s in spans] == ["duplicate_paragraph"]
    assert spans[0]["duplicate_of"]["id"] == "first"
    first_text = docs[0]["text"].encode()
    dup = spans[0]["duplicate_of"]
    assert first_text[dup["begin"]:dup["end"]].decode() == shared
    assert "Its own ending." in kept["second"]["text"] and shared not in kept["second"]["text"]


@pytest.mark.skipif(not os.path.isdir(os.path.join(SHARED, "golden", "seed")),
                    reason="../shared/golden/seed is not present (it is not part of the repository)")
@pytest.mark.parametrize("extra", [[], ["--set", "dedup.substrings=true"]])
def test_seed_document(tmp_path, extra):
    # The golden repair is the same with substring dedup on (one document: nothing earlier).
    seed = os.path.join(SHARED, "golden", "seed")
    src = tmp_path / "seed"
    src.mkdir()
    for name in os.listdir(seed):
        if name.startswith("000_") and name.endswith(".txt"):
            shutil.copy(os.path.join(seed, name), src / name)
    out = tmp_path / "out"
    run(["run", "-o", str(out), str(src)] + extra)
    [rec] = read_shards(out, "kept")
    with open(os.path.join(seed, "expected-kept.txt")) as f:
        expected = f.read()
    assert rec["text"].rstrip() == expected.rstrip()
    original = (src / (rec["id"] + ".txt")).read_bytes().decode()
    lines = original.split("\n")
    line_start = [0]
    for line in lines:
        line_start.append(line_start[-1] + len(line.encode()) + 1)
    def line_of(offset):
        return max(i for i, s in enumerate(line_start) if s <= offset) + 1
    spans = rec["metadata"]["saring"]["removed_spans"]
    got = [(line_of(s["begin"]), s["reason"]) for s in spans]
    assert got == [(1, "contained_paragraph"), (3, "credit_line"), (13, "repeated_paragraph"),
                   (14, "repeated_paragraph"), (15, "repeated_paragraph"), (16, "repeated_paragraph"),
                   (17, "credit_line")]
    for s in spans:
        if s["reason"] == "repeated_paragraph":
            assert line_of(s["duplicate_of"]["begin"]) == line_of(s["begin"]) - 4
            assert s["duplicate_of"]["id"] == rec["id"]
        if s["reason"] == "contained_paragraph":
            assert line_of(s["duplicate_of"]["begin"]) == 4
    assert rebuild_text(rec) == original
