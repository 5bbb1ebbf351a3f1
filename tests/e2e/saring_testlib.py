"""Helpers for the end-to-end tests: run the saring binary, read its output folder, and read
inputs independently of saring's own reader (with the gzip module and the zstd tool)."""
import glob
import gzip
import json
import os
import subprocess

SARING = os.path.abspath(os.environ.get("SARING_CLI", os.path.join(os.path.dirname(__file__), "../../build/saring")))
SOURCE_DIR = os.environ.get("SARING_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "../.."))
SAMPLE = os.path.join(SOURCE_DIR, "examples", "sample")
BAD = os.path.join(SOURCE_DIR, "tests", "data", "bad")
SHARED = os.environ.get("SARING_SHARED_DIR", os.path.join(SOURCE_DIR, "..", "shared"))


def run(args, check=True, cwd=None):
    """Runs saring with `args`; returns the CompletedProcess (text mode)."""
    proc = subprocess.run([SARING] + list(args), capture_output=True, text=True, cwd=cwd)
    if check and proc.returncode != 0:
        raise AssertionError(f"saring {' '.join(args)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def decompress(path):
    """Bytes of a possibly compressed file, detected by magic bytes."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)
    if data[:4] == b"\x28\xb5\x2f\xfd":
        return subprocess.run(["zstd", "-dc", "-q"], input=data, capture_output=True, check=True).stdout
    return data


def read_shards(out_dir, kind):
    """All records of DIR/<kind>/*.jsonl.zst, in shard order."""
    records = []
    for path in sorted(glob.glob(os.path.join(out_dir, kind, "*.jsonl.zst"))):
        for line in decompress(path).splitlines():
            records.append(json.loads(line))
    return records


def shard_bytes(out_dir):
    """{relative path: bytes} of every output file that must be deterministic."""
    files = {}
    for kind in ("kept", "removed", "quarantine"):
        for path in sorted(glob.glob(os.path.join(out_dir, kind, "*"))):
            with open(path, "rb") as f:
                files[os.path.relpath(path, out_dir)] = f.read()
    with open(os.path.join(out_dir, "stats.json"), "rb") as f:
        files["stats.json"] = f.read()
    return files


def stats(out_dir):
    with open(os.path.join(out_dir, "stats.json")) as f:
        return json.load(f)


def input_documents(root):
    """{id: text} of every good record under `root`, read without saring."""
    docs = {}
    for path in sorted(glob.glob(os.path.join(root, "**", "*"), recursive=True)):
        name = os.path.basename(path)
        if os.path.isdir(path) or "/src/" in path:
            continue
        if name.endswith(".txt"):
            with open(path, encoding="utf-8", newline="") as f:
                docs[name[:-4]] = f.read()
        elif ".jsonl" in name:
            for line in decompress(path).decode("utf-8").splitlines():
                if line.strip():
                    rec = json.loads(line)
                    docs[rec["id"]] = rec["text"]
    return docs


def rebuild_text(record):
    """The original text of a kept or removed output record."""
    saring = record["metadata"]["saring"]
    if "removed_spans" not in saring:
        return record["text"]
    kept = record["text"]
    out = []
    cursor_kept = 0   # position in kept text
    cursor_orig = 0   # position in the original
    for span in saring["removed_spans"]:
        # Kept bytes up to the span start, then the span itself. Offsets are UTF-8 bytes.
        take = span["begin"] - cursor_orig
        kept_bytes = kept.encode("utf-8")
        out.append(kept_bytes[cursor_kept:cursor_kept + take])
        cursor_kept += take
        out.append(span["text"].encode("utf-8"))
        cursor_orig = span["end"]
    out.append(kept.encode("utf-8")[cursor_kept:])
    return b"".join(out).decode("utf-8")


SEED = os.path.join(SHARED, "golden", "seed")
SEED_ID = "000_005f5a89bd05a5c8"


def seed_input(tmp_path):
    """A folder holding only the seed document (../shared/golden/seed); skips the test without it."""
    import pytest
    import shutil
    if not os.path.isdir(SEED):
        pytest.skip("../shared/golden/seed is not present (it is not part of the repository)")
    src = tmp_path / "seed"
    src.mkdir()
    shutil.copy(os.path.join(SEED, SEED_ID + ".txt"), src)
    return src


def run_stages(root, settings, inputs, shards, tag=""):
    """The stage commands (learn with boilerplate, sign, cluster, apply, finish) with `shards`
    shards; returns the output
    folder (ROOT/out<tag>, work folder ROOT/work<tag>)."""
    work, out = os.path.join(root, f"work{tag}"), os.path.join(root, f"out{tag}")
    if "boilerplate.enabled=true" in settings:
        for k in range(shards):
            run(["learn", "--work", work, "--shards", f"{k}/{shards}"] + settings + inputs)
    for k in range(shards):
        run(["sign", "--work", work, "--shards", f"{k}/{shards}"] + settings + inputs)
    run(["cluster", "--work", work] + settings + inputs)
    for k in range(shards):
        run(["apply", "--work", work, "-o", out, "--shards", f"{k}/{shards}"] + settings + inputs)
    run(["finish", "--work", work, "-o", out] + settings + inputs)
    return out
