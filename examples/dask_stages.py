#!/usr/bin/env python3
"""Near-duplicate removal with saring's stage functions, scheduled by Dask.

    PYTHONPATH=build/python python3 examples/dask_stages.py [--workdir DIR] [--saring PATH]

1. Generates a small corpus with planted near duplicates, exact duplicates, a document with a
   repeated paragraph and a broken line, split into several JSONL shards (one gzip-compressed).
2. On a dask.distributed LocalCluster (2 worker processes, 1 thread each):
     sign_shard  one task per shard, in parallel -> signature files
     cluster     one task over all signature files, in shard order -> decisions file
     apply       one task per shard, in parallel -> the kept records of each shard
3. Runs `saring run` (the CLI if found, else saring.run) on the same shards and checks that both
   remove the same records for the same reasons (near_duplicate with the same duplicate_of ids,
   exact_duplicate, empty_text) and keep the same ids in the same order.

Exits 0 when they agree, 1 on any mismatch.
"""

import argparse
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

import saring

# The stage functions verify candidates by the signature estimate only (not the default word
# alignment, which needs the documents' words): both sides use FineWeb's preset.
PRESET = {"near_dup.preset": "fineweb"}

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


def reference_run(paths, out_dir, cli):
    """Runs the whole pipeline on the shards; returns {id: (reason, duplicate_of)} and kept ids."""
    if cli:
        subprocess.run([cli, "run", *paths, "-o", out_dir, "--quiet", "--set",
                        "near_dup.preset=fineweb"], check=True)
    else:
        saring.run(paths, out_dir, settings=PRESET)
    removed, kept = {}, []
    for kind in ("removed", "kept"):
        folder = os.path.join(out_dir, kind)
        for name in sorted(os.listdir(folder)):
            for r in saring.read_jsonl(os.path.join(folder, name)):
                if kind == "kept":
                    kept.append(r["id"])
                else:
                    ann = r["metadata"]["saring"]
                    removed[r["id"]] = (ann["reason"], ann.get("duplicate_of"))
    return removed, kept


def sign_task(input_path, out_path):
    return saring.sign_shard(input_path, out_path, settings=PRESET)


def apply_task(input_path, decisions, shard, out_path):
    return saring.apply(input_path, decisions, shard, out_path, settings=PRESET)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workdir", help="folder for the corpus and outputs (default: temporary)")
    parser.add_argument("--saring", help="the saring CLI (default: $SARING_CLI or build/saring)")
    parser.add_argument("--docs", type=int, default=400, help="original documents (default 400)")
    parser.add_argument("--shards", type=int, default=4)
    args = parser.parse_args()

    from dask.distributed import Client, LocalCluster

    work = args.workdir or tempfile.mkdtemp(prefix="saring-dask-")
    if os.path.exists(os.path.join(work, "out")):
        shutil.rmtree(os.path.join(work, "out"))
    records = make_corpus(random.Random(2024), args.docs)
    paths = write_shards(records, os.path.join(work, "in"), args.shards)
    print(f"corpus: {len(records)} records in {len(paths)} shards under {work}")

    # Worker processes import saring too: hand them the folder this process found it in.
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(saring.__file__)))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (package_root, os.environ.get("PYTHONPATH")) if p)

    sig_paths = [os.path.join(work, f"sig-{i:02d}.bin") for i in range(len(paths))]
    decisions = os.path.join(work, "decisions.jsonl")
    kept_paths = [os.path.join(work, f"kept-{i:02d}.jsonl") for i in range(len(paths))]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        signed = client.gather(client.map(sign_task, paths, sig_paths, pure=False))
        print("signed:", [s["signed"] for s in signed])
        summary = client.submit(saring.cluster, sig_paths, decisions, settings=PRESET, pure=False).result()
        print("cluster:", json.dumps(summary["removed"], sort_keys=True))
        applied = client.gather(client.map(apply_task, paths, [decisions] * len(paths),
                                           list(range(len(paths))), kept_paths, pure=False))
        print("kept per shard:", [a["kept"] for a in applied])

    _, removals = saring.read_decisions(decisions)
    staged = {r["id"]: (r["reason"], r.get("duplicate_of")) for r in removals
              if r["reason"] != "quarantined"}
    staged_kept = []
    for path in kept_paths:
        staged_kept += [r["id"] for r in saring.read_jsonl(path)]

    cli = find_cli(args.saring)
    removed, kept = reference_run(paths, os.path.join(work, "out"), cli)
    print(f"reference: {'CLI ' + cli if cli else 'saring.run'}: {len(removed)} removed, "
          f"{len(kept)} kept")

    def near(removals):
        return {k: v for k, v in removals.items() if v[0] == "near_duplicate"}

    ok = True
    if near(staged) != near(removed):
        ok = False
        print("MISMATCH in near_duplicate removals:")
        for k in sorted(set(near(staged)) ^ set(near(removed))):
            print("  ", k, "stages:", staged.get(k), "run:", removed.get(k))
    if staged != removed:
        ok = False
        print("MISMATCH in removals:", sorted(set(staged.items()) ^ set(removed.items())))
    if staged_kept != kept:
        ok = False
        print("MISMATCH in kept ids")
    planted = {k for k in near(staged) if k.startswith("near-")}
    print(f"near duplicates removed: {len(near(staged))} ({len(planted)} planted copies), "
          f"exact: {sum(v[0] == 'exact_duplicate' for v in staged.values())}")
    print("OK: the Dask stages and saring run agree" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
