#!/usr/bin/env python3
"""`mpirun -np N saring run` gives an output folder byte-identical to a one-process run.

    tests/mpi/mpi_identical.py SARING [DOCS] [RANKS...] [--update-index] [-- SARING-RUN-ARGS...]

Generates DOCS documents (default 100,000) with planted exact and near duplicates in 8 JSONL
inputs (two gzip'd), runs saring once without MPI and once per rank count under
`mpirun --oversubscribe`, and compares every output file (run-info.json, which holds timings,
and report.html, which shows them, aside). With --update-index, every run dedups against an index
of the first input and appends its survivors to it; the indexes are compared too. Exit status 77 when mpirun is not installed or saring was built without MPI.
"""
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time


def corpus(root, docs):
    rng = random.Random(2024)
    vocab = [f"w{i}" for i in range(5000)]
    originals = []
    # Paragraphs shared across documents (cross-document paragraph dedup, boilerplate lines).
    shared = [" ".join(rng.choice(vocab) for _ in range(rng.randint(12, 20))) + "." for _ in range(200)]
    paths = [os.path.join(root, f"in{i}.jsonl" + (".gz" if i % 4 == 3 else "")) for i in range(8)]
    files = [gzip.open(p, "wt") if p.endswith(".gz") else open(p, "w") for p in paths]
    for n in range(docs):
        r = rng.random()
        if originals and r < 0.1:
            text = rng.choice(originals)                     # exact copy
        elif originals and r < 0.3:
            words = rng.choice(originals).split()            # near copy: one or two edits
            for _ in range(rng.randint(1, 2)):
                words[rng.randrange(len(words))] = rng.choice(vocab)
            text = " ".join(words)
        else:
            text = " ".join(rng.choice(vocab) for _ in range(rng.randint(40, 70)))
            if rng.random() < 0.3:
                text += "\n\n" + rng.choice(shared)
            if rng.random() < 0.5:
                text += f"\n\nFollow site {n % 5} for daily updates"  # a line its site repeats
            originals.append(text)
        files[n % 8].write(json.dumps({"id": f"d{n}", "text": text, "url": f"https://site{n % 5}.example/{n}",
                                       "metadata": {"n": n}}) + "\n")
    for f in files:
        f.close()
    return paths


def tree(root):
    out = {}
    for dirpath, _, names in os.walk(root):
        for name in names:
            rel = os.path.relpath(os.path.join(dirpath, name), root)
            if rel not in ("run-info.json", "report.html"):  # timings
                with open(os.path.join(dirpath, name), "rb") as f:
                    out[rel] = f.read()
    return out


def main():
    args, extra = sys.argv, []
    if "--" in args:
        args, extra = args[:args.index("--")], args[args.index("--") + 1:]
    update_index = "--update-index" in args
    args = [a for a in args if a != "--update-index"]
    saring = os.path.abspath(args[1])
    docs = int(args[2]) if len(args) > 2 else 100000
    ranks = [int(r) for r in args[3:]] or [2, 4]
    mpirun = shutil.which("mpirun")
    if not mpirun:
        print("SKIP: mpirun is not installed (Debian: openmpi-bin)")
        return 77
    features = subprocess.run([saring, "--version"], capture_output=True, text=True).stdout
    if "mpi" not in features:
        print("SKIP: saring was built without MPI (Debian: libopenmpi-dev)")
        return 77
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1")
    with tempfile.TemporaryDirectory() as root:
        inputs = corpus(root, docs)
        ref = os.path.join(root, "ref")
        base, archive = os.path.join(root, "base.sdx"), os.path.join(root, "archive.sdx")
        if update_index:
            subprocess.run([saring, "index", "build", "-o", base, inputs[0]], check=True, capture_output=True)
            extra = extra + ["--set", f"near_dup.against={archive}", "--set", "near_dup.update_index=true"]

        def index_bytes():
            with open(archive, "rb") as f:
                return f.read()

        if update_index:
            shutil.copyfile(base, archive)
        t = time.time()
        subprocess.run([saring, "run", "-q", "-o", ref] + extra + inputs, check=True)
        print(f"one process: {time.time() - t:.1f} s")
        expected = tree(ref)
        expected_index = index_bytes() if update_index else None
        with open(os.path.join(ref, "stats.json")) as f:
            ref_stats = json.load(f)
        totals = ref_stats["totals"]
        print(f"{docs} documents: kept {totals['kept']}, removed {totals['removed']}")
        spans = {k: v["spans"] for k, v in ref_stats.get("spans_removed", {}).items()}
        print(f"spans removed: {spans}")
        failed = False
        for n in ranks:
            out = os.path.join(root, f"np{n}")
            if update_index:
                shutil.copyfile(base, archive)
            t = time.time()
            subprocess.run([mpirun, "--oversubscribe", "-np", str(n), saring, "run", "-q", "-o", out]
                           + extra + inputs, check=True, env=env)
            got = tree(out)
            same = got == expected and (not update_index or index_bytes() == expected_index)
            print(f"mpirun -np {n}: {time.time() - t:.1f} s, {'byte-identical' if same else 'DIFFERENT'}")
            if not same:
                failed = True
                for k in sorted(set(got) | set(expected)):
                    if got.get(k) != expected.get(k):
                        print(f"  differs: {k}")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
