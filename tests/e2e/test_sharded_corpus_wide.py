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
    """Documents of 2-5 paragraphs, a third of them from a shared pool, often with a line their
    site repeats, plus whole copies."""
    rng = random.Random(17)

    def words(n):
        return " ".join(f"w{rng.randrange(4000)}" for _ in range(n)) + "."

    pool = [words(rng.randint(12, 20)) for _ in range(120)]
    footers = ["Follow us for daily updates", "Share this story with friends", "Copyright the site team"]
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
                    if rng.random() < 0.5:
                        text += "\n\n" + footers[k % 3]
                texts.append(text)
                f.write(json.dumps({"id": f"d{i}-{k}", "text": text, "url": f"https://site{k % 3}.example/{k}"}) + "\n")
        paths.append(path)
    return paths


TINY = ["--set", "dedup.memory_budget=16KiB", "--set", "near_dup.memory_budget=64KiB"]
PARAGRAPHS = ["--set", "dedup.paragraphs=true"]
BOILERPLATE = ["--set", "boilerplate.enabled=true", "--set", "boilerplate.source_field=url"]
SAMPLED = BOILERPLATE + ["--set", "boilerplate.memory_budget=65536", "--set", "boilerplate.inline=true"]
EXACT = ["--set", "near_dup.verify=exact"]


@pytest.mark.parametrize("settings", [PARAGRAPHS, BOILERPLATE + PARAGRAPHS, SAMPLED, EXACT],
                         ids=["paragraphs", "boilerplate", "sampled-boilerplate", "verify-exact"])
def test_stage_commands_equal_saring_run(tmp_path, settings):
    inputs = make_inputs(str(tmp_path))
    settings = settings + TINY
    ref = tmp_path / "ref"
    run(["run", "-q", "-o", str(ref)] + settings + inputs)
    expected = tree(ref)
    if "dedup.paragraphs=true" in settings:
        assert stats(ref)["spans_removed"]["duplicate_paragraph"]["spans"] > 0
    if settings[:len(BOILERPLATE)] == BOILERPLATE and "boilerplate.inline=true" not in settings:
        assert stats(ref)["spans_removed"]["boilerplate_line"]["spans"] > 0
    for shards in (1, 4):
        out = run_stages(str(tmp_path), settings, inputs, shards, str(shards))
        got = tree(out)
        assert sorted(got) == sorted(expected)
        for name in expected:
            assert got[name] == expected[name], f"{shards} shards: {name} differs"


def test_update_index_in_stage_commands_equals_saring_run(tmp_path):
    """The run's survivors appended to the archive's index, which it dedups against too."""
    import shutil
    inputs = make_inputs(str(tmp_path))
    base, archive = tmp_path / "base.sdx", tmp_path / "archive.sdx"
    run(["index", "build", "-o", str(base), inputs[0]])
    settings = ["--set", f"near_dup.against={archive}", "--set", "near_dup.update_index=true"] + TINY
    shutil.copyfile(base, archive)
    ref = tmp_path / "ref"
    run(["run", "-q", "-o", str(ref)] + settings + inputs)
    expected, expected_index = tree(ref), archive.read_bytes()
    assert len(expected_index) > len(base.read_bytes())
    for shards in (1, 4):
        shutil.copyfile(base, archive)
        out = run_stages(str(tmp_path), settings, inputs, shards, f"i{shards}")
        assert tree(out) == expected, f"{shards} shards"
        assert archive.read_bytes() == expected_index, f"{shards} shards: another index"
