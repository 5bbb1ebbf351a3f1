"""The corpus-wide stages (paragraph dedup, ...) run sharded: the stage commands with 1 and 4
shards give the same output folder as `saring run`, with budgets so small that the partitioned
tables spill."""
import json
import os
import random

import pytest

from saring_testlib import run, run_stages, stats
from test_stages import tree


def make_inputs(root, inputs=5, docs=300):
    """Documents of 2-5 paragraphs, a third of them from a shared pool, plus whole copies."""
    rng = random.Random(17)

    def words(n):
        return " ".join(f"w{rng.randrange(4000)}" for _ in range(n)) + "."

    pool = [words(rng.randint(12, 20)) for _ in range(120)]
    texts, paths = [], []
    for i in range(inputs):
        path = os.path.join(root, f"in{i}.jsonl")
        with open(path, "w") as f:
            for k in range(docs):
                if texts and rng.random() < 0.08:
                    text = rng.choice(texts)
                else:
                    text = "\n\n".join(rng.choice(pool) if rng.random() < 0.35 else words(rng.randint(20, 40))
                                       for _ in range(rng.randint(2, 5)))
                texts.append(text)
                f.write(json.dumps({"id": f"d{i}-{k}", "text": text, "url": f"https://site{k % 3}.example/{k}"}) + "\n")
        paths.append(path)
    return paths


TINY = ["--set", "dedup.memory_budget=16KiB", "--set", "near_dup.memory_budget=64KiB"]
PARAGRAPHS = ["--set", "dedup.paragraphs=true"]


@pytest.mark.parametrize("settings", [PARAGRAPHS], ids=["paragraphs"])
def test_stage_commands_equal_saring_run(tmp_path, settings):
    inputs = make_inputs(str(tmp_path))
    settings = settings + TINY
    ref = tmp_path / "ref"
    run(["run", "-q", "-o", str(ref)] + settings + inputs)
    expected = tree(ref)
    removed = stats(ref)["totals"]["removed"]
    if "dedup.paragraphs=true" in settings:
        assert removed.get("all_paragraphs_duplicated", 0) > 0
        assert stats(ref)["spans_removed"]["duplicate_paragraph"]["spans"] > 0
    for shards in (1, 4):
        out = run_stages(str(tmp_path), settings, inputs, shards, str(shards))
        got = tree(out)
        assert sorted(got) == sorted(expected)
        for name in expected:
            assert got[name] == expected[name], f"{shards} shards: {name} differs"
