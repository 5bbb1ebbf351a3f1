"""saring.run: the whole pipeline on a temporary folder, settings, progress and errors."""
import glob
import json
import os

import pytest

import saring
from saring_corpus import make_corpus, write_shards


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    records, planted = make_corpus(n=30, near=4, exact=2)
    paths = write_shards(records, str(folder / "in"), shards=2)
    return paths, records, planted


def removed_records(out_dir):
    out = []
    for path in sorted(glob.glob(os.path.join(out_dir, "removed", "*.jsonl.zst"))):
        out.extend(saring.read_jsonl(path))
    return out


def test_run_removes_planted_duplicates(corpus, tmp_path):
    paths, records, planted = corpus
    out = tmp_path / "out"
    stats = saring.run(paths, out, run__threads=2)
    totals = stats["totals"]
    assert totals["records"] == len(records) + 1  # plus the broken line
    assert totals["removed"]["near_duplicate"] == len(planted)
    assert totals["removed"]["exact_duplicate"] == 2
    assert totals["removed"]["empty_text"] == 1
    assert sum(totals["quarantined"].values()) == 1
    assert totals["kept"] == len(records) - len(planted) - 3
    near = {r["id"]: r["metadata"]["saring"]["duplicate_of"] for r in removed_records(out)
            if r["metadata"]["saring"]["reason"] == "near_duplicate"}
    assert near == planted
    with open(out / "stats.json", encoding="utf-8") as f:
        assert json.load(f) == stats  # the returned dict is stats.json


def test_run_settings_dict_and_keywords(corpus, tmp_path):
    paths, records, planted = corpus
    stats = saring.run(paths, tmp_path / "a", settings={"near_dup.enabled": False})
    assert "near_duplicate" not in stats["totals"]["removed"]
    stats = saring.run(paths, tmp_path / "b", settings={"dedup.exact": False},
                       near_dup__enabled=False)
    assert "exact_duplicate" not in stats["totals"]["removed"]
    # Keyword arguments win over the settings dict.
    stats = saring.run(paths, tmp_path / "c", settings={"near_dup.enabled": False},
                       near_dup__enabled=True)
    assert stats["totals"]["removed"]["near_duplicate"] == len(planted)


def test_run_config_file(corpus, tmp_path):
    paths, _, _ = corpus
    config = tmp_path / "saring.yaml"
    config.write_text("near_dup:\n  enabled: false\ndedup:\n  exact: false\n")
    stats = saring.run(paths, tmp_path / "out", config)
    assert set(stats["totals"]["removed"]) == {"empty_text"}
    assert "threshold: 0.65" in saring.dump_config(config, near_dup__threshold=0.65)


def test_run_output_folder_reuse_needs_overwrite(corpus, tmp_path):
    paths, _, _ = corpus
    saring.run(paths[:1], tmp_path / "out")
    with pytest.raises(saring.Error):
        saring.run(paths[:1], tmp_path / "out")
    again = saring.run(paths[:1], tmp_path / "out", output__overwrite=True)
    assert again["totals"]["records"] > 0


def test_run_progress_callback_and_its_exception(corpus, tmp_path):
    paths, _, _ = corpus
    seen = []
    saring.run(paths, tmp_path / "a", progress=seen.append)
    assert seen and seen[-1]["documents"] > 0 and seen[-1]["stage"] == "write"

    class Stop(Exception):
        pass

    def stop(_):
        raise Stop()

    with pytest.raises(Stop):
        saring.run(paths, tmp_path / "b", progress=stop, input__batch_size="4KiB")


def test_run_errors(corpus, tmp_path):
    paths, _, _ = corpus
    with pytest.raises(saring.Error) as e:
        saring.run(paths, tmp_path / "a", near_dup__treshold=0.7)
    assert e.value.code == "InvalidArgument"
    assert "near_dup.threshold" in str(e.value)  # the nearest valid key is suggested
    with pytest.raises(saring.Error) as e:
        saring.run(paths, tmp_path / "b", near_dup__threshold="high")
    assert e.value.code == "InvalidArgument"
    with pytest.raises(saring.Error) as e:
        saring.run([str(tmp_path / "missing.jsonl")], tmp_path / "c")
    assert e.value.code == "NotFound"


def test_settings_lists_every_key():
    keys = [k for k, _, _ in saring.settings()]
    assert "near_dup.threshold" in keys and "repair.enabled" in keys


def test_read_jsonl_errors(tmp_path):
    with pytest.raises(saring.Error):
        list(saring.read_jsonl(tmp_path / "missing.jsonl"))


def test_namespace_holds_only_the_package_names():
    """Not what the package imports (json, os, typing's Any and Dict, dataclass)."""
    public = {n for n in vars(saring) if not n.startswith("_")}
    assert public == set(saring.__all__)
    assert sorted(dir(saring)) == sorted(saring.__all__ + ["__version__"])
