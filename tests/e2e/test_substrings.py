"""Substring dedup (dedup.substrings) end to end: spans, explain and the report."""
import json

import pytest

from saring_testlib import read_shards, run, stats

PASSAGE = ("The regional transport board approved the new evening bus schedule after a long public "
           "hearing that lasted well into the night on Tuesday, and the chair said that the first "
           "buses on the extended routes would run from the second week of March, once the drivers "
           "had been trained and the timetables printed for every stop along the way.")


def test_copied_passage_is_cut_from_the_later_copy_only(tmp_path):
    src = tmp_path / "s.jsonl"
    rewrapped = PASSAGE.upper().replace(" the ", "\n the ", 3)  # case and wrapping differ
    docs = [
        {"id": "first", "text": "Opening line of the first story.\n\n" + PASSAGE + "\n\nIts end."},
        {"id": "second", "text": "A different opening for the second story, told at length.\n" + rewrapped +
         " And then it goes on with words of its own for a while, enough of them to stay a document: "
         "the council also heard about the library's longer weekend hours, a fundraiser for the "
         "swimming pool, the state of the footpaths near the school, and a complaint about noise "
         "from the late-night market on the harbour front."},
        {"id": "third", "text": PASSAGE},
    ]
    src.write_text("".join(json.dumps(d) + "\n" for d in docs))
    out = tmp_path / "out"
    run(["run", "-o", str(out), "--near-dup", "off", "--set", "dedup.substrings=true", str(src)])
    kept = {r["id"]: r for r in read_shards(out, "kept")}
    assert kept["first"]["metadata"]["saring"]["removed_spans"] == []
    [span] = kept["second"]["metadata"]["saring"]["removed_spans"]
    assert span["reason"] == "duplicate_substring"
    assert span["text"] in rewrapped and span["text"].startswith("THE REGIONAL")
    assert span["duplicate_of"]["id"] == "first"
    first = docs[0]["text"].encode()
    assert first[span["duplicate_of"]["begin"]:span["duplicate_of"]["end"]].decode() == PASSAGE.rstrip(".")
    assert "words of its own" in kept["second"]["text"]
    # A document that is nothing but the passage is removed, pointing at the first copy.
    [removed] = read_shards(out, "removed")
    assert removed["id"] == "third"
    assert removed["metadata"]["saring"]["reason"] == "duplicate_substrings"
    assert removed["metadata"]["saring"]["duplicate_of"] == "first"
    s = stats(out)
    assert s["spans_removed"]["duplicate_substring"]["spans"] == 1
    # explain shows the cut beside its first occurrence; the report lists the passage.
    text = run(["explain", str(out), "second"]).stdout
    assert "duplicate_substring" in text and "duplicates first bytes" in text
    assert "evening bus schedule" in text.split("duplicates first bytes")[1]
    report = (out / "report.html").read_text()
    assert "Repeated passages" in report and "first bytes" in report


def test_default_run_cuts_no_substrings(tmp_path):
    src = tmp_path / "s.jsonl"
    src.write_text(json.dumps({"id": "a", "text": PASSAGE}) + "\n" +
                   json.dumps({"id": "b", "text": "Intro. " + PASSAGE}) + "\n")
    out = tmp_path / "out"
    run(["run", "-o", str(out), str(src)])
    for r in read_shards(out, "kept"):
        assert all(s["reason"] != "duplicate_substring" for s in r["metadata"]["saring"]["removed_spans"])


SUBSTRINGS = ["--set", "dedup.substrings=true", "--set", "dedup.substring_min_words=8",
              "--set", "dedup.substring_memory_budget=64KiB", "--set", "dedup.paragraphs=true",
              "--set", "dedup.memory_budget=16KiB", "--set", "near_dup.memory_budget=64KiB"]


@pytest.mark.parametrize("parts", [1, 4])
def test_sharded_stages_equal_saring_run(tmp_path, parts):
    """sign and apply in `parts` shards, cluster in `parts` partitions at once: the output folder
    of `saring run`, with budgets so small that every table of the partitioned step spills."""
    from test_sharded_corpus_wide import make_inputs
    from test_stages import cluster_partitions, tree
    inputs = make_inputs(str(tmp_path))
    for path in inputs:  # words spelled in letters: substring dedup folds digits, "w12" is "w00"
        with open(path) as f:
            records = [json.loads(line) for line in f]
        with open(path, "w") as f:
            for r in records:
                r["text"] = "".join("abcdefghij"[int(c)] if c.isdigit() else c for c in r["text"])
                f.write(json.dumps(r) + "\n")
    ref = tmp_path / "ref"
    run(["run", "-q", "-o", str(ref)] + SUBSTRINGS + inputs)
    assert stats(ref)["spans_removed"]["duplicate_substring"]["spans"] > 0
    work, out = tmp_path / "work", tmp_path / "out"
    for k in range(parts):
        run(["sign", "--work", str(work), "--shards", f"{k}/{parts}"] + SUBSTRINGS + inputs)
    for code, err in cluster_partitions(work, parts, inputs, SUBSTRINGS):
        assert code == 0, err
    for k in range(parts):
        run(["apply", "--work", str(work), "-o", str(out), "--shards", f"{k}/{parts}"] + SUBSTRINGS + inputs)
    run(["finish", "--work", str(work), "-o", str(out)] + SUBSTRINGS + inputs)
    assert tree(out) == tree(ref)


def test_stages_with_mixed_substring_settings_are_refused(tmp_path):
    """A stage run with another dedup.substrings than the one before it fails naming the setting,
    rather than cutting nothing: sign without it then cluster with it, and cluster with it then
    apply without it."""
    from test_stages import make_inputs
    inputs = make_inputs(tmp_path)
    work = tmp_path / "work"
    run(["sign", "--work", str(work)] + inputs)
    proc = run(["cluster", "--work", str(work)] + SUBSTRINGS + inputs, check=False)
    assert proc.returncode != 0
    assert "made with dedup.substrings=false" in proc.stderr and "sign again" in proc.stderr
    run(["sign", "--work", str(work)] + SUBSTRINGS + inputs)
    run(["cluster", "--work", str(work)] + SUBSTRINGS + inputs)
    proc = run(["apply", "--work", str(work), "-o", str(tmp_path / "out")] + inputs, check=False)
    assert proc.returncode != 0
    assert "made with dedup.substrings=true" in proc.stderr
    assert "this stage runs with dedup.substrings=false" in proc.stderr
