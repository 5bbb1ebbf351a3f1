"""Stage functions: sign_shard -> cluster -> apply agree with saring.run."""
import glob
import json

import numpy as np
import pytest

import saring
from saring_corpus import make_corpus, write_shards

# The stage functions verify by the signature estimate (FineWeb's preset); the default word
# alignment is refused (test_stage_errors).
FW = {"near_dup.preset": "fineweb"}


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stages")
    records, planted = make_corpus(n=40, near=6, exact=2, seed=13)
    paths = write_shards(records, str(folder / "in"), shards=3)
    return folder, paths, records, planted


def sign_all(folder, paths, **settings):
    sig_paths = []
    for i, p in enumerate(paths):
        out = str(folder / f"sig-{i}.bin")
        saring.sign_shard(p, out, settings=FW, **settings)
        sig_paths.append(out)
    return sig_paths


def test_sign_shard_matches_minhasher(shards):
    folder, paths, records, _ = shards
    summary = saring.sign_shard(paths[0], folder / "one.sig", settings=FW)
    content = saring.read_signatures(folder / "one.sig")
    assert summary["records"] == len(content["ids"])
    assert summary["quarantined"] == 1 and content["status"][0] == 1  # the broken line
    assert content["ids"][0] == "part-00:1"  # the pipeline's id for a record without one
    by_id = {r["id"]: r["text"] for r in records}
    h = saring.MinHasher()
    signed = np.flatnonzero(content["status"] == 0)
    assert len(signed) == summary["signed"] > 0
    for i in signed:
        assert np.array_equal(content["signatures"][i], h.sign(by_id[content["ids"][i]]))
    assert content["params"]["num_perm"] == 112 and content["line"][1] == 2
    # Deterministic bytes.
    saring.sign_shard(paths[0], folder / "two.sig", settings=FW)
    assert (folder / "one.sig").read_bytes() == (folder / "two.sig").read_bytes()


def test_stages_agree_with_run(shards, tmp_path):
    folder, paths, records, planted = shards
    sig_paths = sign_all(tmp_path, paths)
    decisions = tmp_path / "decisions.jsonl"
    summary = saring.cluster(sig_paths, decisions, settings=FW, threshold=0.8)
    header, removals = saring.read_decisions(decisions)
    assert [s["records"] for s in header["shards"]] == [
        len(saring.read_signatures(p)["ids"]) for p in sig_paths]

    stats = saring.run(paths, tmp_path / "out", settings=FW)
    run_removed = {}
    for path in sorted(glob.glob(str(tmp_path / "out" / "removed" / "*.jsonl.zst"))):
        for r in saring.read_jsonl(path):
            ann = r["metadata"]["saring"]
            run_removed[r["id"]] = (ann["reason"], ann.get("duplicate_of"))
    stage_removed = {r["id"]: (r["reason"], r.get("duplicate_of")) for r in removals
                     if r["reason"] != "quarantined"}
    assert stage_removed == run_removed
    assert {i for i, (why, _) in stage_removed.items() if why == "near_duplicate"} == set(planted)
    assert summary["removed"]["near_duplicate"] == stats["totals"]["removed"]["near_duplicate"]
    assert summary["kept"] == stats["totals"]["kept"]

    kept_lines = []
    for i, p in enumerate(paths):
        out = tmp_path / f"kept-{i}.jsonl"
        res = saring.apply(p, decisions, i, out, settings=FW, removed_path=tmp_path / f"removed-{i}.jsonl")
        assert res["kept"] + res["dropped"] == res["records"]
        kept_lines += out.read_text(encoding="utf-8").splitlines()
        originals = open(p, encoding="utf-8").read().splitlines()
        assert set(out.read_text(encoding="utf-8").splitlines()) <= set(originals)
    run_kept = []
    for path in sorted(glob.glob(str(tmp_path / "out" / "kept" / "*.jsonl.zst"))):
        run_kept += [r["id"] for r in saring.read_jsonl(path)]
    assert [json.loads(line)["id"] for line in kept_lines] == run_kept


def test_cluster_respects_settings(shards, tmp_path):
    folder, paths, _, planted = shards
    sig_paths = sign_all(tmp_path, paths)
    off = saring.cluster(sig_paths, tmp_path / "d1.jsonl", settings=FW, near_dup__enabled=False)
    assert "near_duplicate" not in off["removed"]
    no_exact = saring.cluster(sig_paths, tmp_path / "d2.jsonl", settings={**FW, "dedup.exact": False})
    assert "exact_duplicate" not in no_exact["removed"]
    # Without exact dedup, the exact copies are near duplicates (similarity 1) instead.
    assert no_exact["removed"]["near_duplicate"] == len(planted) + 2


def test_stage_errors(shards, tmp_path):
    folder, paths, _, _ = shards
    with pytest.raises(saring.Error) as e:
        saring.sign_shard(paths[0], tmp_path / "x.sig", boilerplate__enabled=True)
    assert e.value.code == "InvalidArgument" and "saring.run" in str(e.value)
    with pytest.raises(saring.Error) as e:
        saring.sign_shard(tmp_path / "missing.jsonl", tmp_path / "x.sig", settings=FW)
    assert e.value.code == "NotFound"
    with pytest.raises(saring.Error) as e:  # the default verification needs the words
        saring.sign_shard(paths[0], tmp_path / "x.sig")
    assert e.value.code == "InvalidArgument" and "near_dup.verify=align" in str(e.value)

    sig = sign_all(tmp_path, paths[:1])[0]
    with pytest.raises(saring.Error) as e:  # signed with 112 values, clustered with 64
        saring.cluster([sig], tmp_path / "d.jsonl", settings=FW, near_dup__num_perm=64,
                       near_dup__bands=8)
    assert e.value.code == "InvalidArgument"
    data = bytearray(open(sig, "rb").read())
    data[60] ^= 1
    bad = tmp_path / "bad.sig"
    bad.write_bytes(bytes(data))
    with pytest.raises(saring.Error) as e:
        saring.cluster([str(bad)], tmp_path / "d.jsonl", settings=FW)
    assert e.value.code == "Corruption"
    (tmp_path / "junk.sig").write_bytes(b"not a signature file at all, sorry" * 3)
    with pytest.raises(saring.Error):
        saring.read_signatures(tmp_path / "junk.sig")

    decisions = tmp_path / "d.jsonl"
    saring.cluster([sig], decisions, settings=FW)
    changed = tmp_path / "changed.jsonl"
    changed.write_text(open(paths[0], encoding="utf-8").read() + '{"id": "new", "text": "x"}\n')
    with pytest.raises(saring.Error) as e:
        saring.apply(changed, decisions, 0, tmp_path / "kept.jsonl", settings=FW)
    assert e.value.code == "FailedPrecondition"
    with pytest.raises(saring.Error):
        saring.apply(paths[0], decisions, 5, tmp_path / "kept.jsonl", settings=FW)
