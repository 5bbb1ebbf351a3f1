"""Boilerplate learned from the corpus, language ID and quality filters, end to end on the
bundled sample corpus and on hand-written texts."""
import json
import os

import pytest

from saring_testlib import SAMPLE, SOURCE_DIR, read_shards, run, stats


@pytest.fixture(scope="module")
def boilerplate_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("bp") / "out"
    # The built-in templates are off: everything cut here was learned from the corpus.
    run(["run", "-o", str(out), "--boilerplate-enabled=true", "--boilerplate-seed-templates=false",
         "--near-dup", "off", "--dedup-exact=false", SAMPLE])
    return out


def spans_by_reason(out, reason):
    found = []
    for rec in read_shards(out, "kept"):
        for s in rec["metadata"]["saring"]["removed_spans"]:
            if s["reason"] == reason:
                found.append((rec["id"], s))
    return found


def test_baca_juga_lines_are_learned_templates(boilerplate_run):
    cut = spans_by_reason(boilerplate_run, "boilerplate_template")
    texts = [s["text"] for _, s in cut]
    assert sum(t.lower().startswith("baca juga") for t in texts) >= 5
    assert sum(t.startswith("Read also") for t in texts) >= 4
    for _, s in cut:
        assert s["evidence"].startswith("learned template")


def test_ordinary_content_lines_survive(boilerplate_run):
    cut = [s["text"] for _, s in spans_by_reason(boilerplate_run, "boilerplate_template")]
    cut += [s["text"] for _, s in spans_by_reason(boilerplate_run, "boilerplate_line")]
    for text in cut:
        low = text.lower()
        assert low.startswith(("baca juga", "read also", "follow us", "dapatkan")), text
    # The quote shared by a-03 and b-05 is content.
    kept = {r["id"]: r["text"] for r in read_shards(boilerplate_run, "kept")}
    quote_lines = [l for l in kept["a-03"].split("\n") if l.startswith("\u201c") or l.startswith('"')]
    assert quote_lines, "a-03 lost its quoted lines"


def test_boilerplate_spans_rebuild_the_original(boilerplate_run):
    from saring_testlib import input_documents, rebuild_text
    originals = input_documents(SAMPLE)
    for rec in read_shards(boilerplate_run, "kept"):
        assert rebuild_text(rec) == originals[rec["id"]], rec["id"]


def test_language_filter_removes_other_languages(tmp_path):
    src = tmp_path / "l.jsonl"
    docs = [
        ("en", "The city council approved the new budget for road repairs after a long debate on Tuesday evening."),
        ("id", "Pemerintah kota menyetujui anggaran baru untuk perbaikan jalan setelah perdebatan panjang pada Selasa malam."),
        ("de", "Der Stadtrat hat nach einer langen Debatte am Dienstagabend den neuen Haushalt für Straßenreparaturen genehmigt."),
    ]
    src.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in docs))
    out = tmp_path / "out"
    run(["run", "-o", str(out), "--language-keep", "en,id", "--language-enabled=true", str(src)])
    kept = {r["id"]: r["metadata"]["saring"]["language"]["code"] for r in read_shards(out, "kept")}
    assert kept == {"en": "en", "id": "id"}
    [removed] = read_shards(out, "removed")
    assert removed["id"] == "de" and removed["metadata"]["saring"]["reason"] == "language"
    assert removed["metadata"]["saring"]["language"]["code"] == "de"
    s = stats(out)
    assert s["filters"]["language"] == {"checked": 3, "removed": 1, "by_cause": {"de": 1}}


def test_quality_filter_names_rule_value_and_threshold(tmp_path):
    src = tmp_path / "q.jsonl"
    good = " ".join(["The committee met on Monday and agreed that the new library should open in the spring."] * 1)
    good = "\n".join([
        "The committee met on Monday and agreed that the new library will open in the spring.",
        "Members said the building had been delayed by a shortage of steel and by heavy rain.",
        "The mayor thanked the volunteers who had raised money for the children's reading room.",
        "Construction workers will return next week to finish the roof and install the windows.",
        "A public tour of the site is planned for the first weekend of March, the council said.",
        "Residents can register for the tour on the council website or at the town hall desk.",
    ])
    lorem = good + "\nLorem ipsum dolor sit amet, consectetur adipiscing elit."
    src.write_text(json.dumps({"id": "good", "text": good}) + "\n" +
                   json.dumps({"id": "short", "text": "Too short to keep."}) + "\n" +
                   json.dumps({"id": "lorem", "text": lorem}) + "\n")
    out = tmp_path / "out"
    run(["run", "-o", str(out), "--quality-mode=filter", "--near-dup", "off", str(src)])
    removed = {r["id"]: r["metadata"]["saring"] for r in read_shards(out, "removed")}
    assert set(removed) == {"short", "lorem"}
    assert removed["short"]["reason"] == "quality"
    assert removed["short"]["rule"].startswith("gopher.")
    assert removed["lorem"]["rule"] == "c4.lorem_ipsum" or "lorem" in removed["lorem"]["rule"]
    for s in removed.values():
        assert "value" in s and "threshold" in s
    assert {r["id"] for r in read_shards(out, "kept")} == {"good"}


def test_annotate_mode_writes_signals_and_removes_nothing(tmp_path):
    out = tmp_path / "out"
    run(["run", "-o", str(out), "--quality-mode=annotate", "--near-dup", "off", "--dedup-exact=false", SAMPLE])
    kept = read_shards(out, "kept")
    assert stats(out)["totals"]["removed"].get("quality") is None
    signals = kept[0]["metadata"]["saring"]["signals"]
    for key in ("words", "mean_word_length", "dup_line_fraction", "top_2gram_char_fraction",
                "no_terminal_punct_line_fraction", "line_punct_ratio", "newline_to_word_ratio"):
        assert key in signals, key
    assert signals["words"] > 50


def test_guard_rail_warns_when_a_filter_removes_almost_everything(tmp_path):
    src = tmp_path / "w.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": f"Short note number {i} here."}) + "\n"
                           for i in range(30)))
    out = tmp_path / "out"
    proc = run(["run", "-o", str(out), "--quality-mode=filter", "--near-dup", "off", str(src)])
    kinds = [w["kind"] for w in stats(out)["warnings"]]
    assert "filter_removes_almost_everything" in kinds
    assert "quality filter removed 30 of 30" in proc.stdout


def test_guard_rail_warns_when_a_filter_removes_nothing(tmp_path):
    src = tmp_path / "n.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": f"This is an English sentence about item {i} and the weather."}) + "\n"
                           for i in range(30)))
    out = tmp_path / "out"
    run(["run", "-o", str(out), "--language-keep", "en", "--near-dup", "off", "--dedup-exact=false", str(src)])
    assert "filter_removes_nothing" in [w["kind"] for w in stats(out)["warnings"]]


def test_example_configs_run_on_the_sample(tmp_path):
    for name in ("llm-corpus.yaml", "news-archive.yaml"):
        out = tmp_path / name
        run(["run", "--config", os.path.join(SOURCE_DIR, "examples", name), "-o", str(out), SAMPLE])
        s = stats(out)
        assert s["totals"]["balanced"] is True
        assert s["spans_removed"]["boilerplate_template"]["spans"] > 0


def test_progress_events_as_json_lines(tmp_path):
    log = tmp_path / "events.jsonl"
    run(["run", "-q", "-o", str(tmp_path / "o"), "--log-json", str(log), SAMPLE])
    events = [json.loads(l) for l in log.read_text().splitlines()]
    assert events[0]["event"] == "start" and events[-1]["event"] == "done"
    assert events[-1]["records"] == 45
    assert any(e["event"] == "progress" and e["stage"] == "write" for e in events)


def test_classifier_filters_and_annotates_with_a_trained_model(tmp_path):
    import shutil
    import subprocess
    if shutil.which("fasttext") is None:
        pytest.skip("the fasttext command (Debian package fasttext) is missing")
    # A tiny model trained here: Indonesian vs English news sentences of our own.
    train = tmp_path / "train.txt"
    id_lines = ["hujan lebat turun di kota sejak pagi", "warga diminta waspada terhadap banjir",
                "pemerintah membangun jembatan baru di desa", "harga beras naik di pasar tradisional"]
    en_lines = ["heavy rain fell on the city since morning", "residents were asked to watch for floods",
                "the government built a new bridge in the village", "rice prices rose at the market"]
    train.write_text("".join(f"__label__id {l}\n" for l in id_lines * 20) +
                     "".join(f"__label__en {l}\n" for l in en_lines * 20))
    model = tmp_path / "m"
    subprocess.run(["fasttext", "supervised", "-input", str(train), "-output", str(model), "-dim", "8",
                    "-epoch", "25", "-minn", "2", "-maxn", "3", "-bucket", "5000", "-thread", "1",
                    "-verbose", "0"], check=True, capture_output=True)
    src = tmp_path / "c.jsonl"
    docs = [("id1", "Hujan lebat turun di kota dan warga diminta waspada terhadap banjir."),
            ("en1", "Heavy rain fell on the city and residents were asked to watch for floods.")]
    src.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in docs))
    out = tmp_path / "out"
    run(["run", "-o", str(out), "--near-dup", "off", "--set",
         f"classifier.models=indo:filter:id:0.5:{model}.bin,eng:annotate:__label__en:0:{model}.bin", str(src)])
    [kept] = read_shards(out, "kept")
    assert kept["id"] == "id1"
    scores = kept["metadata"]["saring"]["classifiers"]
    assert scores["indo"] > 0.5 and 0 <= scores["eng"] < 0.5
    [removed] = read_shards(out, "removed")
    meta = removed["metadata"]["saring"]
    assert removed["id"] == "en1" and meta["reason"] == "classifier" and meta["rule"] == "indo"
    assert meta["value"] < 0.5 and meta["threshold"] == 0.5
    assert stats(out)["filters"]["classifier"] == {"checked": 2, "removed": 1, "by_cause": {"indo": 1}}
    shown = run(["explain", str(out), "en1"]).stdout
    assert "removed (classifier)" in shown and "rule: indo" in shown


def test_paragraph_language_shares_for_a_mixed_document(tmp_path):
    id_par = ("Pemerintah kota menyetujui anggaran baru untuk perbaikan jalan setelah perdebatan panjang "
              "pada Selasa malam, dan warga berharap pekerjaan selesai sebelum musim hujan tiba.")
    id_par2 = "Warga diminta tetap waspada terhadap cuaca buruk selama sepekan ke depan, kata petugas."
    en_par = "The council said the repairs would start next month and finish before the rainy season."
    text = "\n".join([id_par, en_par, id_par2, "ok"])  # the short line does not count
    src = tmp_path / "m.jsonl"
    src.write_text(json.dumps({"id": "mixed", "text": text}) + "\n")
    out = tmp_path / "out"
    run(["run", "-o", str(out), "--near-dup", "off", "--language-enabled=true",
         "--set", "language.paragraphs=true", str(src)])
    [rec] = read_shards(out, "kept")
    shares = rec["metadata"]["saring"]["language"]["paragraphs"]
    assert list(shares) == ["id", "en"]
    id_bytes = len(id_par.encode()) + len(id_par2.encode())
    expected_id = id_bytes / (id_bytes + len(en_par.encode()))
    assert abs(shares["id"] - expected_id) < 1e-3 and abs(shares["id"] + shares["en"] - 1) < 1e-3
