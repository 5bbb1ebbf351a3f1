"""Near-duplicate removal end to end, and incremental dedup against a persistent index."""
import json
import os
import random

import pytest

from saring_testlib import SAMPLE, read_shards, run, stats

WORDS = ("council budget river bridge market harbour school storm rail ferry festival museum "
         "library clinic stadium tariff export harvest rainfall traffic permit election "
         "governor mayor parliament police court union strike airport tourism").split()


def article(rng, n=120):
    return " ".join(rng.choice(WORDS) + str(rng.randrange(1000)) for _ in range(n)) + "."


def edited(rng, text, edits):
    words = text.split()
    for _ in range(edits):
        words[rng.randrange(len(words))] = "changed" + str(rng.randrange(10 ** 6))
    return " ".join(words)


def write_corpus(path, docs):
    with open(path, "w") as f:
        for doc_id, text in docs:
            f.write(json.dumps({"id": doc_id, "text": text, "metadata": {}}) + "\n")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Two batches: originals, and copies with 1-2 % of words edited, some across batches."""
    rng = random.Random(7)
    root = tmp_path_factory.mktemp("nd")
    originals = [(f"o{i}", article(rng)) for i in range(60)]
    batch1 = originals[:40] + [(f"c{i}", edited(rng, originals[i][1], 1)) for i in range(0, 10)]
    batch2 = originals[40:] + [(f"d{i}", edited(rng, originals[i][1], 1)) for i in range(5, 30)]
    write_corpus(root / "b1.jsonl", batch1)
    write_corpus(root / "b2.jsonl", batch2)
    return root


def kept_ids(out):
    return {r["id"] for r in read_shards(out, "kept")}


def test_near_duplicates_are_removed_and_explained(corpus, tmp_path):
    out = tmp_path / "out"
    run(["run", "-o", str(out), str(corpus / "b1.jsonl")])
    removed = {r["id"]: r["metadata"]["saring"] for r in read_shards(out, "removed")}
    assert set(removed) == {f"c{i}" for i in range(10)}
    for doc_id, s in removed.items():
        assert s["reason"] == "near_duplicate"
        assert s["duplicate_of"] == "o" + doc_id[1:]
        assert 0.85 <= s["similarity"] <= 1.0 and s["similarity_kind"] == "aligned"
        assert s["cluster_size"] == 2
    heads = [r for r in read_shards(out, "kept") if "cluster" in r["metadata"]["saring"]]
    assert len(heads) == 10 and all(h["metadata"]["saring"]["cluster"]["size"] == 2 for h in heads)


def test_exact_verification_reports_exact_similarity(corpus, tmp_path):
    out = tmp_path / "out"
    run(["run", "-o", str(out), "--verify", "exact", str(corpus / "b1.jsonl")])
    for r in read_shards(out, "removed"):
        assert r["metadata"]["saring"]["similarity_kind"] == "exact"


def test_near_dup_off_keeps_near_copies(corpus, tmp_path):
    out = tmp_path / "out"
    run(["run", "-o", str(out), "--near-dup", "off", str(corpus / "b1.jsonl")])
    assert stats(out)["totals"]["removed_total"] == 0


def test_survivor_longest(tmp_path):
    rng = random.Random(3)
    base = article(rng, 200)
    longer = base + " " + article(rng, 4)
    write_corpus(tmp_path / "in.jsonl", [("short", base), ("long", longer)])
    out = tmp_path / "out"
    run(["run", "-o", str(out), "--survivor", "longest", str(tmp_path / "in.jsonl")])
    assert kept_ids(out) == {"long"}


def test_against_index_equals_deduping_together(corpus, tmp_path):
    index = tmp_path / "archive.sdx"
    proc = run(["index", "build", "-o", str(index), str(corpus / "b1.jsonl")])
    assert "40 documents" in proc.stdout
    info = run(["index", "info", str(index)]).stdout
    assert "40 documents" in info and "37 bands x 3 rows" in info
    together = tmp_path / "together"
    run(["run", "-o", str(together), str(corpus / "b1.jsonl"), str(corpus / "b2.jsonl")])
    alone = tmp_path / "alone"
    run(["run", "-o", str(alone), "--against", str(index), str(corpus / "b2.jsonl")])
    batch2 = {json.loads(l)["id"] for l in open(corpus / "b2.jsonl")}
    assert kept_ids(alone) == kept_ids(together) & batch2
    archived = [r["metadata"]["saring"] for r in read_shards(alone, "removed")]
    assert archived and all(s["archived"] is True for s in archived)
    assert {s["duplicate_of"] for s in archived} <= {f"o{i}" for i in range(40)}


def test_update_index_adds_survivors(corpus, tmp_path):
    index = tmp_path / "archive.sdx"
    run(["index", "build", "-o", str(index), str(corpus / "b1.jsonl")])
    run(["run", "-o", str(tmp_path / "o"), "--against", str(index), "--update-index",
         str(corpus / "b2.jsonl")])
    info = run(["index", "info", str(index)]).stdout
    assert "60 documents" in info and "format 3" in info and "word hashes" in info
    # Running batch 2 again against the updated archive removes all of it.
    again = tmp_path / "again"
    run(["run", "-o", str(again), "--against", str(index), str(corpus / "b2.jsonl")])
    assert kept_ids(again) == set()


def test_corrupt_index_is_refused(corpus, tmp_path):
    bad = tmp_path / "bad.sdx"
    bad.write_bytes(b"SRNGDIDX" + b"\0" * 100)
    proc = run(["run", "-o", str(tmp_path / "o"), "--against", str(bad), str(corpus / "b2.jsonl")],
               check=False)
    assert proc.returncode == 1 and "bad.sdx" in proc.stderr


def test_sample_near_duplicates(tmp_path):
    out = tmp_path / "out"
    run(["run", "-o", str(out), SAMPLE])
    removed = {r["id"]: r["metadata"]["saring"] for r in read_shards(out, "removed")}
    near = {k: v["duplicate_of"] for k, v in removed.items() if v["reason"] == "near_duplicate"}
    # The story crawled twice with a new date line, and reprints of two stories.
    assert near.get("c-01") == "a-11"
    assert near.get("c-03") == "a-12" and near.get("b-04") == "a-12"


def test_dry_run_prints_the_lsh_s_curve():
    out = run(["run", "--dry-run"]).stdout
    assert "37 bands x 3 rows" in out and "preset: \"saring\"" in out
    assert "0.30: 0.637" in out and "0.50: 0.993" in out and "0.80: 1.000" in out
    fineweb = run(["run", "--dry-run", "--set", "near_dup.preset=fineweb"]).stdout
    assert "14 bands x 8 rows" in fineweb and "preset: \"fineweb\"" in fineweb
    assert "0.50: 0.053" in fineweb and "0.80: 0.924" in fineweb and "0.90: 1.000" in fineweb
    derived = run(["run", "--dry-run", "--set", "near_dup.bands=0", "--set", "near_dup.rows=0",
                   "--set", "near_dup.threshold=0.5"]).stdout
    assert "14 bands x 8 rows" not in derived and "P(candidate)" in derived


def lettered(rng):
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randrange(3, 9)))


def edit_words(rng, words, rate):
    """The benchmark generator's edit model: a third each replaced, dropped, followed by a new word."""
    out = []
    for w in words:
        r = rng.random()
        if r < rate / 3:
            continue
        out.append(lettered(rng) if r < 2 * rate / 3 else w)
        if 2 * rate / 3 <= r < rate:
            out.append(lettered(rng))
    return out


def edited_families(root):
    """Three inputs: originals, copies with 2-15 % of words edited (some cut), templated pages."""
    rng = random.Random(21)
    docs, copies = [], {}
    for i in range(24):
        words = [lettered(rng) for _ in range(200 + 10 * i)]
        docs.append((f"o{i}", words))
        rate = (0.02, 0.05, 0.10, 0.15)[i % 4]
        copy = edit_words(rng, words, rate)
        if i % 6 == 5:
            copy = copy[: int(len(copy) * 0.85)]  # a copy with its end cut off
        copies[f"c{i}"] = f"o{i}"
        docs.append((f"c{i}", copy))
    frame = [lettered(rng) for _ in range(240)]
    for page in range(12):  # one template, a quarter of its words filled in per page
        docs.append((f"t{page}", [lettered(rng) if i % 16 < 4 else w for i, w in enumerate(frame)]))
    rng.shuffle(docs)
    paths = []
    for shard in range(3):
        path = root / f"fam{shard}.jsonl"
        write_corpus(path, [(i, " ".join(w)) for i, w in docs[shard::3]])
        paths.append(str(path))
    # Originals first in input order, so each copy's survivor is its original.
    order = {doc_id: n for n, (doc_id, _) in enumerate(docs[0::3] + docs[1::3] + docs[2::3])}
    return paths, {c: o for c, o in copies.items() if order[o] < order[c]}


def test_edited_copies_found_templates_kept_same_in_every_mode(tmp_path):
    paths, copies = edited_families(tmp_path)
    outs = {}
    for threads in ("1", "2"):
        outs[threads] = tmp_path / f"t{threads}"
        run(["run", "-q", "-o", str(outs[threads]), "-t", threads] + paths)
    work, staged = tmp_path / "work", tmp_path / "staged"
    run(["sign", "--work", str(work), "--shards", "0/1"] + paths)
    run(["cluster", "--work", str(work)] + paths)
    for i in range(len(paths)):
        run(["apply", "--work", str(work), "-o", str(staged), "--shard", str(i)] + paths)
    run(["finish", "--work", str(work), "-o", str(staged)] + paths)
    kinds = {}
    for out in (outs["1"], outs["2"], staged):
        removed = {r["id"]: r["metadata"]["saring"] for r in read_shards(out, "removed")}
        assert not any(i.startswith("t") for i in removed)  # templated pages are all kept
        found = {c for c, o in copies.items() if removed.get(c, {}).get("duplicate_of") == o}
        assert len(found) >= len(copies) - 2, sorted(set(copies) - found)
        kinds[str(out)] = {i: (s.get("similarity_kind"), s.get("similarity"), s["reason"])
                           for i, s in removed.items()}
    assert len(set(map(lambda k: json.dumps(k, sort_keys=True), kinds.values()))) == 1
    near = {k for k, _, why in kinds[str(staged)].values() if why == "near_duplicate"}
    assert near == {"aligned", "contained"}, kinds[str(staged)]
    doc_id = next(i for i, (k, _, _) in kinds[str(staged)].items() if k == "contained")
    text = run(["explain", str(staged), doc_id]).stdout
    assert "(contained: share of the shorter text's words aligned" in text and "word diff against" in text


def test_edited_copies_found_against_an_index_as_in_one_run(tmp_path):
    """An index of the first input holds its words; the others deduplicated against it keep what
    one run over all three keeps, edited and cut copies matched by word alignment."""
    paths, copies = edited_families(tmp_path)
    index = tmp_path / "fam0.sdx"
    run(["index", "build", "-o", str(index), paths[0]])
    info = run(["index", "info", str(index)]).stdout
    assert "format 3" in info and "word hashes" in info
    together = tmp_path / "together"
    run(["run", "-q", "-o", str(together)] + paths)
    alone = tmp_path / "alone"
    run(["run", "-q", "-o", str(alone), "--against", str(index)] + paths[1:])
    later = {json.loads(l)["id"] for p in paths[1:] for l in open(p)}
    assert kept_ids(alone) == kept_ids(together) & later
    archived = {r["id"]: r["metadata"]["saring"] for r in read_shards(alone, "removed")}
    archived = {i: s for i, s in archived.items() if s.get("archived")}
    assert archived and not any(i.startswith("t") for i in archived)
    assert {s["similarity_kind"] for s in archived.values()} <= {"aligned", "contained"}
    assert "index_without_words" not in [w["kind"] for w in stats(alone)["warnings"]]
    # Stage commands against the index write the same records, measures included.
    work, staged = tmp_path / "work", tmp_path / "staged"
    against = ["--set", f"near_dup.against={index}"]
    run(["sign", "--work", str(work), "--shards", "0/1"] + against + paths[1:])
    run(["cluster", "--work", str(work)] + against + paths[1:])
    for i in range(2):
        run(["apply", "--work", str(work), "-o", str(staged), "--shard", str(i)] + against + paths[1:])
    run(["finish", "--work", str(work), "-o", str(staged)] + against + paths[1:])
    for kind in ("kept", "removed"):
        assert read_shards(staged, kind) == read_shards(alone, kind)
    # An index without words (built under the estimate) is used by the estimate, with a warning,
    # and misses copies that one run finds.
    plain = tmp_path / "plain.sdx"
    run(["index", "build", "-o", str(plain), "--set", "near_dup.verify=estimate", paths[0]])
    assert "words: none" in run(["index", "info", str(plain)]).stdout
    estimated = tmp_path / "estimated"
    run(["run", "-q", "-o", str(estimated), "--against", str(plain)] + paths[1:])
    assert "index_without_words" in [w["kind"] for w in stats(estimated)["warnings"]]
    assert kept_ids(estimated) > kept_ids(alone)
