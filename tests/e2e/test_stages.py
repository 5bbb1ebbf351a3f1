"""The stage commands, run input by input, give the same output folder as `saring run`."""
import filecmp
import json
import os
import random

from saring_testlib import SAMPLE, run, stats


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


def test_stages_shard_by_shard_equal_saring_run(tmp_path):
    inputs = make_inputs(tmp_path)
    ref = tmp_path / "ref"
    run(["run", "-q", "-o", str(ref)] + inputs)
    work, out = tmp_path / "work", tmp_path / "out"
    for k in range(2):
        run(["sign", "--work", str(work), "--shards", f"{k}/2"] + inputs)
    run(["cluster", "--work", str(work)] + inputs)
    for i in range(len(inputs)):
        run(["apply", "--work", str(work), "-o", str(out), "--shard", str(i)] + inputs)
    # Idempotent: a stage run twice rewrites the same bytes.
    run(["apply", "--work", str(work), "-o", str(out), "--shard", "1"] + inputs)
    run(["finish", "--work", str(work), "-o", str(out)] + inputs)
    assert tree(out) == tree(ref)
    assert stats(out)["totals"]["removed"].get("near_duplicate", 0) > 0


def test_cluster_names_the_missing_shard(tmp_path):
    inputs = make_inputs(tmp_path)
    work = tmp_path / "work"
    run(["sign", "--work", str(work), "--shard", "0"] + inputs)
    proc = run(["cluster", "--work", str(work)] + inputs, check=False)
    assert proc.returncode != 0 and "00001.bin is missing" in proc.stderr


def test_stages_refuse_whole_corpus_settings(tmp_path):
    inputs = make_inputs(tmp_path)
    proc = run(["sign", "--work", str(tmp_path / "w"), "--set", "boilerplate.enabled=true"] + inputs,
               check=False)
    assert proc.returncode == 2 and "boilerplate" in proc.stderr
