"""Tiny memory budgets: every spill and merge path of the corpus-wide tables runs (exact-dedup
runs and their merges, ids in the work folder, near-dup spills), and the output stays
byte-identical to a run with the default budgets, at any thread count and in the stage commands."""
import json
import os
import random

import pytest

from saring_testlib import run, run_stages, stats
from test_stages import tree

TINY = ["--set", "dedup.memory_budget=16KiB", "--set", "near_dup.memory_budget=16KiB"]


def make_corpus(root, docs=6000, inputs=4):
    """Short documents with exact copies, near copies and shared paragraphs."""
    rng = random.Random(5)
    vocab = [f"w{i}" for i in range(4000)]
    seen, paths = [], []
    files = []
    for i in range(inputs):
        paths.append(str(root / f"in{i}.jsonl"))
        files.append(open(paths[-1], "w"))
    for n in range(docs):
        r = rng.random()
        if seen and r < 0.25:
            text = rng.choice(seen)
        elif seen and r < 0.4:
            words = rng.choice(seen).split(" ")
            words[rng.randrange(len(words))] = rng.choice(vocab)
            text = " ".join(words)
        else:
            text = " ".join(rng.choice(vocab) for _ in range(rng.randint(12, 30)))
            if rng.random() < 0.3 and seen:  # a second paragraph shared with an earlier document
                text += "\n\n" + rng.choice(seen).split("\n\n")[0]
            seen.append(text)
        files[n % inputs].write(json.dumps({"id": f"d{n}", "text": text}) + "\n")
    for f in files:
        f.close()
    return paths


def without_config(t):
    t = dict(t)
    t.pop("run.json")  # records the settings themselves
    return t


@pytest.mark.parametrize("paragraphs", [False, True], ids=["documents", "paragraphs"])
def test_tiny_budgets_spill_and_give_the_same_output_at_any_thread_count(tmp_path, paragraphs):
    inputs = make_corpus(tmp_path)
    extra = ["--set", "dedup.paragraphs=true"] if paragraphs else []
    ref = tmp_path / "ref"
    run(["run", "-q", "-o", str(ref), "-t", "1"] + extra + inputs)
    expected = without_config(tree(ref))
    removed = stats(ref)["totals"]["removed"]
    assert removed["exact_duplicate"] > 1000 and removed["near_duplicate"] > 300
    for threads in (1, 2, 8):
        out = tmp_path / f"t{threads}"
        run(["run", "-q", "-o", str(out), "-t", str(threads)] + TINY + extra + inputs)
        assert without_config(tree(out)) == expected, f"{threads} threads"
    # The work folder (with its spill files) is gone after the run.
    assert not os.path.exists(tmp_path / "t1" / "work")


@pytest.mark.parametrize("parts", [1, 4])
def test_tiny_budgets_in_the_stage_commands(tmp_path, parts):
    inputs = make_corpus(tmp_path, docs=3000)
    ref = tmp_path / "ref"
    run(["run", "-q", "-o", str(ref)] + TINY + inputs)
    out = run_stages(str(tmp_path), TINY, inputs, parts)
    assert tree(out) == tree(ref)
