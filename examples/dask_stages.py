#!/usr/bin/env python3
"""saring's stage functions scheduled by Dask: the same output folder as `saring run`.

    PYTHONPATH=build/python python3 examples/dask_stages.py [--workdir DIR] [--saring PATH]

1. Generates a small corpus with planted near duplicates (a few words edited), exact duplicates,
   a document with a repeated paragraph and a broken line, split into several JSONL shards (one
   gzip-compressed).
2. On a dask.distributed LocalCluster (2 worker processes, 1 thread each), with the default
   settings (near duplicates verified by word alignment):
     sign_shard  one task per shard, in parallel -> WORK/sign
     cluster     one task over all shards        -> WORK/decisions
     apply       one task per shard, in parallel -> the output shards, WORK/ledger
     finish      one task                        -> stats.json, run.json, report.html
3. Runs `saring run` (the CLI if found, else saring.run) on the same shards and checks that both
   output folders hold the same bytes (report.html and run-info.json aside: they show timings).

Exits 0 when they agree, 1 on any difference.
"""

import argparse
import filecmp
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

import saring

SYLLABLES = ["ka", "ri", "mo", "te", "lu", "sa", "pe", "no", "di", "ba", "gu", "ve", "zo", "hi"]


def make_text(rng, words=240, paragraphs=3):
    """Random made-up words in sentences and paragraphs."""
    paras = []
    for _ in range(paragraphs):
        tokens = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
                  for _ in range(words // paragraphs)]
        paras.append(" ".join(" ".join(tokens[i:i + 12]).capitalize() + "."
                              for i in range(0, len(tokens), 12)))
    return "\n\n".join(paras)


def make_corpus(rng, n):
    """Records in input order, with planted duplicates placed after their originals."""
    records = [{"id": f"doc-{i:05d}", "text": make_text(rng), "metadata": {"n": i}}
               for i in range(n)]
    for k, i in enumerate(rng.sample(range(n), n // 8)):  # near duplicates: 2 words changed
        tokens = records[i]["text"].split(" ")
        for j in rng.sample(range(5, len(tokens) - 5), 2):
            tokens[j] = "berubah" + str(k)
        records.insert(rng.randint(i + 1, len(records)),
                       {"id": f"near-{k:03d}", "text": " ".join(tokens)})
    for k, i in enumerate(rng.sample(range(n), n // 20)):  # exact duplicates after normalising
        records.insert(rng.randint(i + 1, len(records)),
                       {"id": f"exact-{k:03d}", "text": records[i]["text"].upper()})
    # A document whose first paragraph is pasted twice: repair cuts it before signing.
    first = records[3]["text"].split("\n\n")[0]
    records.insert(10, {"id": "repeated-para", "text": first + "\n\n" + make_text(rng)
                        + "\n\n" + first})
    records.append({"id": "empty", "text": " \n "})
    return records


def write_shards(records, folder, shards):
    os.makedirs(folder, exist_ok=True)
    paths = []
    per = (len(records) + shards - 1) // shards
    for s in range(shards):
        lines = [json.dumps(r, ensure_ascii=False) for r in records[s * per:(s + 1) * per]]
        if s == 1:
            lines.insert(2, '{"id": "broken", "text": ')  # quarantined by both
        data = ("\n".join(lines) + "\n").encode()
        path = os.path.join(folder, f"shard-{s:02d}.jsonl" + (".gz" if s == 2 else ""))
        with open(path, "wb") as f:
            f.write(gzip.compress(data, mtime=0) if s == 2 else data)
        paths.append(path)
    return paths


def find_cli(explicit):
    """The saring binary: --saring, $SARING_CLI, or build/saring next to this checkout."""
    here = os.path.dirname(os.path.abspath(__file__))
    for path in (explicit, os.environ.get("SARING_CLI"), os.path.join(here, "..", "build", "saring")):
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


TIMING_FILES = {"run-info.json", "report.html"}


def differences(a, b):
    """The files (relative paths) that are not the same bytes in output folders a and b."""
    def files(root):
        return {os.path.relpath(os.path.join(d, f), root) for d, _, names in os.walk(root)
                for f in names}
    def same(name):
        x, y = os.path.join(a, name), os.path.join(b, name)
        return os.path.isfile(x) and os.path.isfile(y) and filecmp.cmp(x, y, shallow=False)
    return sorted(n for n in (files(a) | files(b)) - TIMING_FILES if not same(n))


def reference_run(paths, out_dir, cli):
    """The whole pipeline in one process on the same shards."""
    if cli:
        subprocess.run([cli, "run", *paths, "-o", out_dir, "--quiet"], check=True)
    else:
        saring.run(paths, out_dir)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workdir", help="folder for the corpus and outputs (default: temporary)")
    parser.add_argument("--saring", help="the saring CLI (default: $SARING_CLI or build/saring)")
    parser.add_argument("--docs", type=int, default=400, help="original documents (default 400)")
    parser.add_argument("--shards", type=int, default=4)
    args = parser.parse_args()

    from dask.distributed import Client, LocalCluster

    work = args.workdir or tempfile.mkdtemp(prefix="saring-dask-")
    for old in ("out", "work", "reference"):  # a new run in a reused --workdir
        shutil.rmtree(os.path.join(work, old), ignore_errors=True)
    records = make_corpus(random.Random(2024), args.docs)
    paths = write_shards(records, os.path.join(work, "in"), args.shards)
    print(f"corpus: {len(records)} records in {len(paths)} shards under {work}")

    # Worker processes import saring too: hand them the folder this process found it in.
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(saring.__file__)))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (package_root, os.environ.get("PYTHONPATH")) if p)

    stage_work, out = os.path.join(work, "work"), os.path.join(work, "out")
    shards = list(range(len(paths)))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        client.gather(client.map(saring.sign_shard, [paths] * len(shards), [stage_work] * len(shards),
                                 shards, pure=False))
        client.submit(saring.cluster, paths, stage_work, pure=False).result()
        ledgers = client.gather(client.map(saring.apply, [paths] * len(shards),
                                           [stage_work] * len(shards), [out] * len(shards), shards,
                                           pure=False))
        print("kept per shard:", [ledger[0]["totals"]["kept"] for ledger in ledgers])
        stats = client.submit(saring.finish, paths, stage_work, out, pure=False).result()
    print("removed:", json.dumps(stats["totals"]["removed"], sort_keys=True))

    cli = find_cli(args.saring)
    reference = os.path.join(work, "reference")
    reference_run(paths, reference, cli)
    print(f"reference: {'CLI ' + cli if cli else 'saring.run'}")

    different = differences(out, reference)
    for name in different:
        print("DIFFERENT:", name)
    removed = stats["totals"]["removed"]
    ok = not different and removed.get("near_duplicate", 0) > 0 and removed.get("exact_duplicate", 0) > 0
    print("OK: the Dask stages and saring run wrote the same bytes" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
