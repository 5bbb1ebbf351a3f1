"""The stage commands, run input by input, give the same output folder as `saring run`."""
import filecmp
import json
import os
import random
import subprocess

import pytest

from saring_testlib import SAMPLE, SARING, read_shards, run, stats


def tree(root):
    """{relative path: bytes} of an output folder, without the timing file."""
    out = {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            if rel not in ("run-info.json", "report.html"):  # both show timings
                with open(path, "rb") as f:
                    out[rel] = f.read()
    return out


def make_inputs(root):
    rng = random.Random(11)
    words = "river market harbour school storm ferry museum clinic tariff harvest police".split()
    base = [" ".join(rng.choice(words) + str(rng.randrange(500)) for _ in range(80)) for _ in range(30)]
    paths = []
    for shard in range(3):
        path = root / f"in{shard}.jsonl"
        with open(path, "w") as f:
            for i in range(20):
                text = base[(shard * 7 + i) % 30]
                if i % 3 == 0:
                    text = text.replace("river", "lake", 1)
                f.write(json.dumps({"id": f"s{shard}-{i}", "text": text}) + "\n")
        paths.append(str(path))
    return paths + [os.path.join(SAMPLE, "posts")]


# `saring run` restores the signing pass's analysis in its final pass (near_dup.reuse_analysis);
# the stage commands analyse every input afresh in `apply`, so equal folders also prove the reuse.
FILTERS = ["--set", "quality.mode=filter", "--set", "language.enabled=true",
           "--set", "quality.c4=false", "--set", "quality.fineweb=false",
           "--set", "quality.gopher_min_stop_words=0", "--set", "quality.gopher_min_alpha_word_fraction=0",
           "--set", "quality.gopher_max_words=200"]


@pytest.mark.parametrize("settings", [[], FILTERS], ids=["default", "language+quality"])
def test_stages_shard_by_shard_equal_saring_run(tmp_path, settings):
    inputs = make_inputs(tmp_path)
    ref = tmp_path / "ref"
    run(["run", "-q", "-o", str(ref)] + settings + inputs)
    work, out = tmp_path / "work", tmp_path / "out"
    for k in range(2):
        run(["sign", "--work", str(work), "--shards", f"{k}/2"] + settings + inputs)
    run(["cluster", "--work", str(work)] + settings + inputs)
    for i in range(len(inputs)):
        run(["apply", "--work", str(work), "-o", str(out), "--shard", str(i)] + settings + inputs)
    # Idempotent: a stage run twice rewrites the same bytes.
    run(["apply", "--work", str(work), "-o", str(out), "--shard", "1"] + settings + inputs)
    run(["finish", "--work", str(work), "-o", str(out)] + settings + inputs)
    assert tree(out) == tree(ref)
    removed = stats(out)["totals"]["removed"]
    assert removed.get("near_duplicate", 0) > 0
    if settings:
        assert removed.get("quality", 0) > 0


def test_reused_analysis_gives_the_same_output(tmp_path):
    inputs = make_inputs(tmp_path)
    settings = FILTERS + ["--set", "quality.mode=annotate"]
    a, b = tmp_path / "reuse", tmp_path / "fresh"
    run(["run", "-q", "-o", str(a)] + settings + inputs)
    run(["run", "-q", "-o", str(b), "--set", "near_dup.reuse_analysis=false"] + settings + inputs)
    ta, tb = tree(a), tree(b)
    ta.pop("run.json"), tb.pop("run.json")  # records the setting itself
    assert ta == tb
    kept = read_shards(a, "kept")
    assert all("signals" in r["metadata"]["saring"] for r in kept)
    assert any(r["metadata"]["saring"].get("removed_spans") for r in kept)
    assert not (a / "work").exists()  # the spill file went with the work folder


def test_cluster_names_the_missing_shard(tmp_path):
    inputs = make_inputs(tmp_path)
    work = tmp_path / "work"
    run(["sign", "--work", str(work), "--shard", "0"] + inputs)
    proc = run(["cluster", "--work", str(work)] + inputs, check=False)
    assert proc.returncode != 0 and "00001.bin is missing" in proc.stderr


def test_apply_refuses_an_input_that_lost_records_since_signing(tmp_path):
    inputs = make_inputs(tmp_path)
    work = tmp_path / "work"
    run(["sign", "--work", str(work)] + inputs)
    run(["cluster", "--work", str(work)] + inputs)
    with open(inputs[1]) as f:
        lines = f.readlines()
    with open(inputs[1], "w") as f:
        f.writelines(lines[:-2])  # the last two records are gone
    proc = run(["apply", "--work", str(work), "-o", str(tmp_path / "out")] + inputs, check=False)
    assert proc.returncode != 0
    assert inputs[1] in proc.stderr and "fewer records than when it was signed" in proc.stderr


def test_boilerplate_without_the_learn_stage_is_refused(tmp_path):
    inputs = make_inputs(tmp_path)
    proc = run(["sign", "--work", str(tmp_path / "w"), "--set", "boilerplate.enabled=true"] + inputs,
               check=False)
    assert proc.returncode != 0 and "saring learn" in proc.stderr


TINY = ["--set", "dedup.memory_budget=16KiB", "--set", "near_dup.memory_budget=16KiB"]


def cluster_partitions(work, parts, inputs, settings=()):
    """Runs `saring cluster --partition K/P` for every K at once; returns their CompletedProcess-like
    (returncode, stderr) pairs."""
    procs = [subprocess.Popen([SARING, "cluster", "--work", str(work), "--partition", f"{k}/{parts}"]
                              + list(settings) + inputs, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for k in range(parts)]
    out = []
    for p in procs:
        _, err = p.communicate(timeout=300)
        out.append((p.returncode, err))
    return out


@pytest.mark.parametrize("parts", [1, 4])
@pytest.mark.parametrize("mode", ["default", "verify-exact", "update-index"])
def test_cluster_partitions_equal_saring_run(tmp_path, parts, mode):
    """verify-exact: the texts travel with the documents the partitions ship each other;
    update-index: partition 0 appends the survivors to the archive's index, as `run` does."""
    import shutil
    inputs = make_inputs(tmp_path)
    settings = list(TINY)
    base, archive = tmp_path / "base.sdx", tmp_path / "archive.sdx"
    if mode == "verify-exact":
        settings += ["--set", "near_dup.verify=exact"]
    if mode == "update-index":
        run(["index", "build", "-o", str(base), inputs[0]])
        shutil.copyfile(base, archive)
        settings += ["--set", f"near_dup.against={archive}", "--set", "near_dup.update_index=true"]
    ref = tmp_path / "ref"
    run(["run", "-q", "-o", str(ref)] + settings + inputs)
    expected_index = archive.read_bytes() if mode == "update-index" else b""
    if mode == "update-index":
        assert len(expected_index) > len(base.read_bytes())
        shutil.copyfile(base, archive)
    work, out = tmp_path / "work", tmp_path / "out"
    run(["sign", "--work", str(work)] + settings + inputs)
    for code, err in cluster_partitions(work, parts, inputs, settings):
        assert code == 0, err
    assert not (work / "exchange").exists()
    run(["apply", "--work", str(work), "-o", str(out)] + settings + inputs)
    run(["finish", "--work", str(work), "-o", str(out)] + settings + inputs)
    assert tree(out) == tree(ref)
    assert stats(out)["totals"]["removed"].get("near_duplicate", 0) > 0
    if mode == "update-index":
        assert archive.read_bytes() == expected_index, f"{parts} partitions: another index"


def test_a_failing_partition_ends_the_others(tmp_path):
    inputs = make_inputs(tmp_path)
    work = tmp_path / "work"
    run(["sign", "--work", str(work), "--shard", "0", "--shard", "2"] + inputs)  # input 1 unsigned
    (zero, err0), (one, err1) = cluster_partitions(work, 2, inputs)
    assert one == 1 and "00001.bin is missing" in err1
    assert zero == 1 and "partition 1/2 failed" in err0
