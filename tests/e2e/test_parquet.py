"""Parquet in and out, checked against an independent implementation: DuckDB (npm
@duckdb/node-api, installed by scripts/fetch-duckdb.sh) writes the Parquet files saring reads and
reads the Parquet shards saring writes. Skipped with a message where DuckDB is not installed,
except in CI (CI=true), where its absence fails."""
import glob
import json
import os
import shutil
import subprocess

import pytest

from saring_testlib import SAMPLE, SOURCE_DIR, read_shards, run, shard_bytes, stats

DUCK_SCRIPT = os.path.join(SOURCE_DIR, "tests", "parquet", "duck.mjs")
DUCK_DIR = os.environ.get("SARING_DUCKDB_DIR", os.path.join(SOURCE_DIR, "tests", "parquet"))


def _duckdb_missing():
    if shutil.which("node") is None:
        return "Node.js is not installed"
    if not os.path.isfile(os.path.join(DUCK_DIR, "node_modules", "@duckdb", "node-api", "package.json")):
        return f"@duckdb/node-api is not installed in {DUCK_DIR} (run scripts/fetch-duckdb.sh)"
    return None


_missing = _duckdb_missing()
if _missing and os.environ.get("CI") == "true":
    raise RuntimeError(f"the Parquet tests need DuckDB in CI: {_missing}")
if _missing:
    pytest.skip(f"SKIP Parquet tests: {_missing}", allow_module_level=True)


def duck(*statements):
    """Rows of the last statement, run in an in-memory DuckDB, as dicts."""
    env = dict(os.environ, SARING_DUCKDB_DIR=DUCK_DIR)
    proc = subprocess.run(["node", DUCK_SCRIPT, *statements], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise AssertionError(f"duckdb failed: {proc.stderr}")
    return [json.loads(line) for line in proc.stdout.splitlines()]


def sql_path(path):
    return "'" + str(path).replace("'", "''") + "'"


def records_of(out):
    """{id: record} of every kept and removed record, without saring's metadata."""
    found = {}
    for kind in ("kept", "removed"):
        for rec in read_shards(out, kind):
            rec.pop("metadata", None)
            found[rec["id"]] = rec
    return found


# Rows with every kind of column: strings with nulls, integers, doubles, booleans, dates, lists
# (with null elements, empty, null), structs, maps. Texts are distinct ASCII sentences, so that no
# record is a duplicate or repaired and every value comes back unchanged.
WORDS = ["river", "stone", "lamp", "orbit", "cedar", "vapor", "quill", "harbor", "meadow", "copper",
         "falcon", "ember", "glacier", "tunnel", "violet", "anchor", "saddle", "pepper", "marble", "thistle"]


def make_rows(n):
    rows = []
    for i in range(n):
        words = [WORDS[(i * 7 + k * 3 + k * k * i) % len(WORDS)] + str((i * 31 + k) % 97) for k in range(40)]
        rows.append({
            "id": f"doc-{i}",
            "text": f"Document {i} says: " + " ".join(words) + ".",
            "num": i * 1000003 - 5000,
            "score": None if i % 4 == 0 else i / 8,
            "flag": i % 3 == 0,
            "lang": ["en", "de", "fr"][i % 3],
            "day": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "tags": None if i % 5 == 0 else ([] if i % 5 == 1 else [f"t{i % 4}", None, f"u{i}"]),
            "nums": [i, i + 1, i + 2][: i % 4],
            "src": {"url": f"https://site{i % 9}.example/p/{i}", "rank": None if i % 2 else i},
        })
    return rows


def write_rows_jsonl(path, rows):
    with open(path, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")


TYPES = ("{id: 'VARCHAR', text: 'VARCHAR', num: 'BIGINT', score: 'DOUBLE', flag: 'BOOLEAN', "
         "lang: 'VARCHAR', day: 'DATE', tags: 'VARCHAR[]', nums: 'INTEGER[]', "
         "src: 'STRUCT(url VARCHAR, rank INTEGER)'}")

NO_FILTERS = ["--set", "near_dup.enabled=false", "--set", "quality.mode=off"]


@pytest.fixture(scope="module")
def rows_jsonl(tmp_path_factory):
    d = tmp_path_factory.mktemp("pq")
    rows = make_rows(5000)
    path = d / "rows.jsonl"
    write_rows_jsonl(path, rows)
    return d, path, rows


@pytest.mark.parametrize("codec", ["uncompressed", "snappy", "gzip", "zstd"])
def test_reads_every_codec_row_groups_nulls_and_nesting(rows_jsonl, codec):
    d, src, rows = rows_jsonl
    pq = d / f"rows-{codec}.parquet"
    duck(f"COPY (SELECT * FROM read_json({sql_path(src)}, columns={TYPES})) TO {sql_path(pq)} "
         f"(FORMAT parquet, COMPRESSION {codec}, ROW_GROUP_SIZE 2048)")
    meta = duck(f"SELECT count(DISTINCT row_group_id) AS groups, list(DISTINCT encodings) AS enc "
                f"FROM parquet_metadata({sql_path(pq)})")[0]
    assert int(meta["groups"]) >= 2
    assert any("DICTIONARY" in e for e in meta["enc"]) and any(e == "PLAIN" for e in meta["enc"])
    out = d / f"out-{codec}"
    proc = run(["run", "-o", str(out), *NO_FILTERS, str(pq)])
    assert "ledger balanced" in proc.stdout
    got = records_of(out)
    assert len(got) == len(rows)
    for r in rows:
        assert got[r["id"]] == r
    assert stats(out)["totals"]["quarantined_total"] == 0


def test_reads_data_page_v2_and_delta_encodings(rows_jsonl):
    d, src, rows = rows_jsonl
    pq = d / "rows-v2.parquet"
    duck(f"COPY (SELECT id, text, num, score, lang, tags, src FROM read_json({sql_path(src)}, columns={TYPES})) "
         f"TO {sql_path(pq)} (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION v2, ROW_GROUP_SIZE 2048)")
    encodings = {e["encodings"] for e in duck(f"SELECT encodings FROM parquet_metadata({sql_path(pq)})")}
    assert {"DELTA_BINARY_PACKED", "DELTA_LENGTH_BYTE_ARRAY", "RLE_DICTIONARY"} <= encodings
    out = d / "out-v2"
    run(["run", "-o", str(out), *NO_FILTERS, str(pq)])
    got = records_of(out)
    keys = ("id", "text", "num", "score", "lang", "tags", "src")
    assert got == {r["id"]: {k: r[k] for k in keys} for r in rows}


def test_same_corpus_as_jsonl_and_parquet_gives_same_decisions(tmp_path):
    """The sample corpus, converted file by file to Parquet by DuckDB, is read as the JSONL is."""
    pq_dir = tmp_path / "pq"
    pq_dir.mkdir()
    jsonl_inputs = sorted(glob.glob(os.path.join(SAMPLE, "*.jsonl*")))
    for path in jsonl_inputs:
        stem = os.path.basename(path).split(".")[0]
        duck(f"COPY (SELECT id, text FROM read_json({sql_path(path)}, columns={{id: 'VARCHAR', text: 'VARCHAR'}})) "
             f"TO {sql_path(pq_dir / (stem + '.parquet'))} (FORMAT parquet)")
    out_j, out_p = tmp_path / "j", tmp_path / "p"
    run(["run", "-o", str(out_j), *jsonl_inputs])
    run(["run", "-o", str(out_p), str(pq_dir)])

    def decisions(out):
        kept = {r["id"]: r["text"] for r in read_shards(out, "kept")}
        removed = {r["id"]: r["metadata"]["saring"]["reason"] for r in read_shards(out, "removed")}
        return kept, removed

    kept_j, removed_j = decisions(out_j)
    kept_p, removed_p = decisions(out_p)
    assert kept_p == kept_j
    assert removed_p == removed_j
    assert removed_j, "the sample has removed documents"


@pytest.fixture(scope="module")
def parquet_out(tmp_path_factory):
    d = tmp_path_factory.mktemp("pqout")
    outs = {}
    for fmt, threads in (("jsonl", "2"), ("parquet", "1"), ("parquet", "3")):
        out = d / f"{fmt}-{threads}"
        run(["run", "-o", str(out), "--threads", threads, "--set", f"output.format={fmt}", SAMPLE])
        outs[(fmt, threads)] = out
    return outs


def parquet_rows(out, kind):
    files = sorted(glob.glob(os.path.join(out, kind, "*.parquet")))
    if not files:
        return []
    return duck(f"SELECT * FROM read_parquet([{', '.join(sql_path(f) for f in files)}])")


def test_parquet_output_reads_back_with_duckdb(parquet_out):
    jsonl, pq = parquet_out[("jsonl", "2")], parquet_out[("parquet", "1")]
    assert not glob.glob(os.path.join(pq, "*", "*.jsonl.zst"))
    for kind in ("kept", "removed"):
        want = read_shards(jsonl, kind)
        got = parquet_rows(pq, kind)
        assert len(got) == len(want) > 0
        for g, w in zip(got, want):
            assert g["id"] == w["id"] and g["text"] == w["text"]
            # JSON columns come back from DuckDB as JSON text.
            meta = g["metadata"] if isinstance(g["metadata"], dict) else json.loads(g["metadata"])
            assert meta == w["metadata"]
            extra = {k: v for k, v in w.items() if k not in ("id", "text", "metadata")}
            got_extra = g["extra"] if g["extra"] is None or isinstance(g["extra"], dict) else json.loads(g["extra"])
            assert got_extra == (extra or None)
    schema = {r["name"]: r for r in duck(f"SELECT name, type, logical_type FROM parquet_schema("
                                          f"{sql_path(glob.glob(os.path.join(pq, 'kept', '*.parquet'))[0])})")}
    assert schema["text"]["type"] == "BYTE_ARRAY"
    assert "JSON" in str(schema["metadata"]["logical_type"]).upper()
    compression = duck(f"SELECT DISTINCT compression FROM parquet_metadata("
                       f"{sql_path(glob.glob(os.path.join(pq, 'kept', '*.parquet'))[0])})")
    assert [c["compression"] for c in compression] == ["ZSTD"]
    assert stats(pq)["totals"] == stats(jsonl)["totals"]


def test_parquet_output_is_identical_at_any_thread_count(parquet_out):
    one, three = parquet_out[("parquet", "1")], parquet_out[("parquet", "3")]
    assert shard_bytes(one) == shard_bytes(three)


def test_report_and_explain_read_parquet_output(parquet_out):
    jsonl, pq = parquet_out[("jsonl", "2")], parquet_out[("parquet", "1")]
    run(["report", str(pq)])
    page = (pq / "report.html").read_text()
    assert "c-01" in page or "near_duplicate" in page
    a = json.loads(run(["explain", str(jsonl), "c-01", "--json"]).stdout)
    b = json.loads(run(["explain", str(pq), "c-01", "--json"]).stdout)
    assert a["decision"] == b["decision"] if "decision" in a else a.keys() == b.keys()
    assert json.dumps(a, sort_keys=True).count("near_duplicate") == json.dumps(b, sort_keys=True).count("near_duplicate")


def test_saring_parquet_output_reads_back_as_the_original_records(rows_jsonl, tmp_path):
    """JSONL -> saring (Parquet out) -> saring (Parquet in): the footer names `extra`, whose
    members become top-level fields again, so every record has its original fields."""
    rows = [dict(r) for r in rows_jsonl[2][:400]]
    rows[0]["metadata"] = {"source": "crawl", "n": [1, 2]}
    rows[1]["extra"] = {"k": 1, "s": "a member named extra"}
    rows[2]["note"] = None
    rows[3]["text"] = "A kept text with \"quotes\", a tab\t, \u00e9 and \u4e2d. " + rows[3]["text"]
    src = tmp_path / "in.jsonl"
    write_rows_jsonl(src, rows)
    first = tmp_path / "pq"
    run(["run", "-o", str(first), *NO_FILTERS, "--set", "output.format=parquet", str(src)])
    kept_pq = glob.glob(os.path.join(first, "kept", "*.parquet"))
    assert kept_pq
    footer = duck(f"SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata({sql_path(kept_pq[0])})")
    assert footer == [{"k": "saring.extra_column", "v": "extra"}]
    second = tmp_path / "back"
    run(["run", "-o", str(second), *NO_FILTERS, str(first / "kept"), str(first / "removed")])
    got = records_of(second)
    assert got == {r["id"]: {k: v for k, v in r.items() if k != "metadata"} for r in rows}
    meta0 = next(r for r in read_shards(second, "kept") if r["id"] == rows[0]["id"])["metadata"]
    assert {k: v for k, v in meta0.items() if k != "saring"} == rows[0]["metadata"]


def test_extra_column_of_another_writer_is_not_spread(tmp_path):
    """Only a footer saring wrote makes `extra` spread; a column of that name elsewhere stays."""
    pq = tmp_path / "other.parquet"
    duck(f"COPY (SELECT 'd1' AS id, 'A text of some words for the reader.' AS text, "
         f"'{{\"a\": 1}}'::JSON AS extra, NULL::VARCHAR AS note) TO {sql_path(pq)} (FORMAT parquet)")
    out = tmp_path / "out"
    run(["run", "-o", str(out), *NO_FILTERS, str(pq)])
    assert records_of(out) == {"d1": {"id": "d1", "text": "A text of some words for the reader.",
                                      "extra": {"a": 1}, "note": None}}


def test_quarantine_shard_as_parquet(tmp_path):
    bad = os.path.join(SOURCE_DIR, "tests", "data", "bad", "invalid_utf8.jsonl")
    out = tmp_path / "out"
    run(["run", "-o", str(out), "--set", "output.format=parquet", bad])
    rows = parquet_rows(out, "quarantine")
    assert rows and len(rows) == stats(out)["totals"]["quarantined_total"]
    for r in rows:
        assert r["file"] == bad and r["error"] and r["message"] and int(r["line"]) >= 1
        assert (r["raw"] is None) != (r["raw_base64"] is None)


def test_resume_after_kill_gives_the_same_parquet_shards(tmp_path):
    """Killed once some Parquet shards are complete, a --resume run ends with the bytes of an
    uninterrupted run (if the first run finishes before the kill, the resume must not change it)."""
    import signal
    import time
    from saring_testlib import SARING
    src = tmp_path / "in.jsonl"
    write_rows_jsonl(src, make_rows(40000))
    args = ["--threads", "2", "--set", "output.format=parquet", "--set", "output.max_shard_size=200000",
            *NO_FILTERS, str(src)]
    full = tmp_path / "full"
    run(["run", "-o", str(full), *args])
    assert len(glob.glob(os.path.join(full, "kept", "*.parquet"))) > 3
    cut = tmp_path / "cut"
    proc = subprocess.Popen([SARING, "run", "-o", str(cut), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while proc.poll() is None and time.time() < deadline:
        if len(glob.glob(os.path.join(cut, "kept", "*.parquet"))) >= 2:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    proc.wait()
    run(["run", "-o", str(cut), "--resume", *args])
    assert shard_bytes(cut) == shard_bytes(full)
    n = duck(f"SELECT count(*) AS n FROM read_parquet({sql_path(full / 'kept' / '*.parquet')})")[0]["n"]
    assert int(n) == 40000


def test_damaged_parquet_is_quarantined_with_its_offset(rows_jsonl, tmp_path):
    d, src, rows = rows_jsonl
    pq = tmp_path / "good.parquet"
    duck(f"COPY (SELECT id, text, lang FROM read_json({sql_path(src)}, columns={TYPES})) TO {sql_path(pq)} "
         f"(FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 2048)")
    data = bytearray(pq.read_bytes())
    groups = duck(f"SELECT row_group_id, path_in_schema AS col, data_page_offset AS at, total_compressed_size AS n "
                  f"FROM parquet_metadata({sql_path(pq)}) ORDER BY row_group_id, column_id")
    # Damage the text column of row group 2 in the middle of its data.
    victim = next(g for g in groups if int(g["row_group_id"]) == 1 and g["col"] == "text")
    at, n = int(victim["at"]), int(victim["n"])
    for k in range(64):
        data[at + n // 2 + k] ^= 0x5A
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(bytes(data))
    out = tmp_path / "out"
    proc = run(["run", "-o", str(out), *NO_FILTERS, str(bad)])
    assert "ledger balanced" in proc.stdout
    q = read_shards(out, "quarantine")
    assert len(q) == 1 and q[0]["error"] == "stream_error"
    assert str(bad) in q[0]["message"] and "row group 1" in q[0]["message"] and "byte offset" in q[0]["message"]
    kept = {r["id"] for r in read_shards(out, "kept")} | {r["id"] for r in read_shards(out, "removed")}
    # Row group 0 (rows 0-2047) and row group 2 (from row 4096) are read whole.
    assert all(f"doc-{i}" in kept for i in range(0, 2048))
    assert all(f"doc-{i}" in kept for i in range(4096, 5000))
    # A file cut short loses its footer: the whole file is one quarantined record naming it.
    cut = tmp_path / "cut.parquet"
    cut.write_bytes(bytes(pq.read_bytes()[: len(data) // 2]))
    out2 = tmp_path / "out2"
    run(["run", "-o", str(out2), str(cut)])
    q2 = read_shards(out2, "quarantine")
    assert len(q2) == 1 and "PAR1" in q2[0]["message"] and str(cut) in q2[0]["message"]
