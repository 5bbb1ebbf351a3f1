"""Stage functions: sign_shard -> cluster -> apply -> finish give saring run's output folder."""
import os
import subprocess

import pytest

import saring
from saring_corpus import make_corpus, write_shards

CLI = os.environ.get("SARING_CLI")


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stages")
    records, planted = make_corpus(n=40, near=6, exact=2, seed=13)
    paths = write_shards(records, str(folder / "in"), shards=3)
    return folder, paths, records, planted


def tree(root):
    """{relative path: bytes} of an output folder, without the files that show timings."""
    out = {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            rel = os.path.relpath(os.path.join(dirpath, name), root)
            if rel not in ("run-info.json", "report.html"):
                with open(os.path.join(dirpath, name), "rb") as f:
                    out[rel] = f.read()
    return out


def staged(paths, work, out, **settings):
    """All four stages, signing and applying in two shards (inputs 0, 2 and input 1)."""
    for shard in ([0, 2], 1):
        saring.sign_shard(paths, work, shard, **settings)
    saring.cluster(paths, work, **settings)
    ledgers = []
    for shard in (1, [2, 0]):
        ledgers += saring.apply(paths, work, out, shard, **settings)
    return ledgers, saring.finish(paths, work, out, **settings)


def near_removals(out):
    found = {}
    for name in sorted(os.listdir(out / "removed")):
        for r in saring.read_jsonl(out / "removed" / name):
            ann = r["metadata"]["saring"]
            if ann["reason"] == "near_duplicate":
                found[r["id"]] = ann
    return found


@pytest.mark.parametrize("verify", ["align", "estimate", "exact"])
def test_stages_are_byte_identical_to_run(shards, tmp_path, verify):
    folder, paths, records, planted = shards
    settings = {"near_dup.verify": verify}
    ref = tmp_path / "ref"
    stats = saring.run(paths, ref, settings=settings)
    ledgers, finished = staged(paths, tmp_path / "work", tmp_path / "out", settings=settings)
    assert tree(tmp_path / "out") == tree(ref)
    assert finished == stats
    assert sum(l["totals"]["records"] for l in ledgers) == stats["totals"]["records"]
    near = near_removals(tmp_path / "out")
    assert {i: a["duplicate_of"] for i, a in near.items()} == planted
    kinds = {"align": "aligned", "estimate": "estimated", "exact": "exact"}
    assert {a["similarity_kind"] for a in near.values()} == {kinds[verify]}
    if CLI:  # and to the CLI's `saring run` (report.html aside, which shows timings)
        subprocess.run([CLI, "run", "-q", "-o", str(tmp_path / "cli"), "--set",
                        f"near_dup.verify={verify}", *paths], check=True)
        assert tree(tmp_path / "cli") == tree(ref)
        assert (tmp_path / "out" / "report.html").exists()


def test_default_verification_is_alignment(shards, tmp_path):
    _, paths, _, planted = shards
    assert 'verify: "align"' in saring.dump_config()
    staged(paths, tmp_path / "work", tmp_path / "out")
    assert set(near_removals(tmp_path / "out")) == set(planted)


@pytest.mark.skipif(not CLI, reason="needs the saring CLI (SARING_CLI)")
def test_python_and_cli_stages_mix(shards, tmp_path):
    _, paths, _, _ = shards
    work, out, ref = tmp_path / "work", tmp_path / "out", tmp_path / "ref"
    saring.sign_shard(paths, work)
    subprocess.run([CLI, "cluster", "--work", str(work), *paths], check=True,
                   stdout=subprocess.DEVNULL)
    saring.apply(paths, work, out, [0, 1])
    subprocess.run([CLI, "apply", "--work", str(work), "-o", str(out), "--shard", "2", *paths],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([CLI, "finish", "--work", str(work), "-o", str(out), *paths], check=True,
                   stdout=subprocess.DEVNULL)
    saring.run(paths, ref)
    assert tree(out) == tree(ref)


def test_stages_are_deterministic(shards, tmp_path):
    _, paths, _, _ = shards
    saring.sign_shard(paths, tmp_path / "a", 0)
    saring.sign_shard(paths, tmp_path / "b", [0])
    a = (tmp_path / "a" / "sign" / "00000.bin").read_bytes()
    assert a == (tmp_path / "b" / "sign" / "00000.bin").read_bytes() and a[:4] == b"SRGF"
    assert not (tmp_path / "a" / "sign" / "00001.bin").exists()  # other shards untouched


@pytest.mark.skipif(not CLI, reason="needs the saring CLI (SARING_CLI)")
def test_minhasher_signs_as_the_run_does(shards, tmp_path):
    """MinHasher.sign(text) is the signature `saring run` computes: every survivor's own text
    finds itself in the run's index with all signature values equal (similarity 1.0)."""
    _, paths, records, planted = shards
    index = tmp_path / "index.sidx"
    subprocess.run([CLI, "index", "build", "-o", str(index), "--set",
                    "near_dup.preset=fineweb", *paths], check=True, stdout=subprocess.DEVNULL)
    loaded = saring.LshIndex.load(index)
    p = loaded.params
    h = saring.MinHasher(num_perm=p["num_perm"], ngram=p["ngram"], seed=p["seed"])
    survivors = [r for r in records if r["id"].startswith("doc-")]
    assert len(loaded) == len(survivors)
    found = loaded.query_batch(h.sign_batch([r["text"] for r in survivors]), threshold=1.0)
    assert found == [(r["id"], 1.0) for r in survivors]


def test_cluster_respects_settings(shards, tmp_path):
    _, paths, _, planted = shards
    _, off = staged(paths, tmp_path / "w1", tmp_path / "o1", near_dup__enabled=False)
    assert "near_duplicate" not in off["totals"]["removed"]
    _, no_exact = staged(paths, tmp_path / "w2", tmp_path / "o2",
                         settings={"dedup.exact": False})
    assert "exact_duplicate" not in no_exact["totals"]["removed"]
    # Without exact dedup, the exact copies are near duplicates (similarity 1) instead.
    assert no_exact["totals"]["removed"]["near_duplicate"] == len(planted) + 2


def test_stage_errors(shards, tmp_path):
    _, paths, _, _ = shards
    work, out = tmp_path / "work", tmp_path / "out"
    with pytest.raises(saring.Error) as e:
        saring.sign_shard([tmp_path / "missing.jsonl"], work)
    assert e.value.code == "NotFound"
    with pytest.raises(saring.Error) as e:
        saring.sign_shard(paths, work, 3)
    assert e.value.code == "InvalidArgument" and "3 inputs" in str(e.value)
    with pytest.raises(saring.Error) as e:
        saring.sign_shard(paths, work, near_dup__verify="sometimes")
    assert e.value.code == "InvalidArgument"

    saring.sign_shard(paths, work, [0, 1])
    with pytest.raises(saring.Error) as e:  # input 2 is not signed yet
        saring.cluster(paths, work)
    assert e.value.code == "NotFound" and "00002.bin" in str(e.value)
    saring.sign_shard(paths, work, 2)
    with pytest.raises(saring.Error) as e:  # nothing decided yet
        saring.apply(paths, work, out, 0)
    assert e.value.code == "NotFound" and "saring.cluster" in str(e.value)

    sign_file = work / "sign" / "00001.bin"
    good = sign_file.read_bytes()
    bad = bytearray(good)
    bad[40] ^= 1
    sign_file.write_bytes(bytes(bad))
    with pytest.raises(saring.Error) as e:
        saring.cluster(paths, work)
    assert e.value.code == "Corruption" and "00001.bin" in str(e.value)
    sign_file.write_bytes(good)
    saring.cluster(paths, work)
    saring.apply(paths, work, out, 0)
    with pytest.raises(saring.Error) as e:  # ledgers of inputs 1 and 2 are missing
        saring.finish(paths, work, out)
    assert e.value.code == "NotFound" and "saring.apply" in str(e.value)

    changed = tmp_path / "changed.jsonl"  # input 0 gained a record since it was signed
    changed.write_text(open(paths[0], encoding="utf-8").read() + '{"id": "new", "text": "x y z"}\n')
    with pytest.raises(saring.Error) as e:
        saring.apply([str(changed)] + paths[1:], work, tmp_path / "out2", 0)
    assert e.value.code == "Corruption"


def test_substring_dedup_through_the_stages(shards, tmp_path):
    """dedup.substrings runs sharded too: passages of earlier documents quoted in later ones are
    cut as saring run cuts them."""
    folder, paths, records, planted = shards
    def own(k, at):  # words of quote k's own
        return " ".join(f"own{chr(97 + k)}{chr(97 + at + j)}" for j in range(12))
    quotes = [{"id": f"quote-{k}", "text": own(k, 0) + ". " + " ".join(records[3 * k]["text"].split()[:30]) +
               " " + own(k, 12) + "."} for k in range(5)]
    paths = write_shards(records + quotes, str(tmp_path / "in"), shards=3)
    settings = {"dedup.substrings": True, "dedup.substring_min_words": 8}
    ref = tmp_path / "ref"
    stats = saring.run(paths, ref, settings=settings)
    assert stats["spans_removed"]["duplicate_substring"]["spans"] >= 5
    _, finished = staged(paths, tmp_path / "work", tmp_path / "out", settings=settings)
    assert tree(tmp_path / "out") == tree(ref)
    assert finished == stats


def test_stages_with_mixed_substring_settings_are_refused(shards, tmp_path):
    """Signatures made without dedup.substrings cannot be clustered with it, and decisions made
    with it cannot be applied without it: each is an error naming the setting."""
    folder, paths, records, planted = shards
    on = {"dedup.substrings": True, "dedup.substring_min_words": 8}
    work = tmp_path / "work"
    saring.sign_shard(paths, work)
    with pytest.raises(saring.Error) as e:
        saring.cluster(paths, work, settings=on)
    assert "made with dedup.substrings=false" in str(e.value)
    saring.sign_shard(paths, work, settings=on)
    saring.cluster(paths, work, settings=on)
    with pytest.raises(saring.Error) as e:
        saring.apply(paths, work, tmp_path / "out")
    assert "this stage runs with dedup.substrings=false" in str(e.value)
