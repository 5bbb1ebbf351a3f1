"""Shared pieces of the fault-injection suite (faults.py): the saring runner with time limits,
output-folder comparison, corpus generation and the reference run."""
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# Inputs, relative to the corpus folder (the runs use it as their working folder, so stats.json
# and run.json name the same paths in every run and every copy of the corpus).
INPUTS = ["corpus-0.jsonl", "corpus-1.jsonl.zst", "corpus-2.jsonl.gz", "texts"]
# Small shards and batches, so that a run checkpoints often.
SMALL = ["--output-max-shard-size", "256K", "--input-batch-size", "256K"]
IGNORED = {"run-info.json", ".lock"}  # not deterministic / the lock file
POLL = 0.002


# ---------------------------------------------------------------------------------------------
# Results


class Scenario:
    def __init__(self, name):
        self.name = name
        self.cases = []  # (case, status, detail); status PASS | FAIL | SKIP
        self.seconds = 0.0

    def record(self, case, ok, detail=""):
        status = "PASS" if ok else "FAIL"
        self.cases.append((case, status, detail))
        print(f"  [{status}] {self.name}/{case}: {detail}", flush=True)
        return ok

    def skip(self, case, detail):
        self.cases.append((case, "SKIP", detail))
        print(f"  [SKIP] {self.name}/{case}: {detail}", flush=True)

    def count(self, status):
        return sum(1 for c in self.cases if c[1] == status)


# ---------------------------------------------------------------------------------------------
# Helpers


class Ctx:
    """Paths and the reference run shared by the scenarios."""

    def __init__(self, saring, root, count, threads):
        self.saring = saring
        self.root = root
        self.count = count
        self.threads = threads
        self.corpus = os.path.join(root, "corpus")
        self.ref = os.path.join(root, "reference")
        self.ref_seconds = 0.0
        self.ref_write_start = 0.0  # seconds from start until the first output shard appeared
        self.no_mount = False
        self.timeout = 60.0  # a run that takes longer is hung (set from the reference run)
        self._n = 0

    def out(self, tag):
        self._n += 1
        return os.path.join(self.root, f"out-{self._n:03d}-{tag}")

    def args(self, out, *extra, inputs=None):
        return ["run", "-q", "-o", out, "-t", str(self.threads)] + SMALL + list(extra) + list(inputs or INPUTS)


def run_cli(ctx, args, cwd=None, timeout=None, preexec=None, user=None):
    """Runs saring to completion. A run that hangs is killed after `timeout` seconds (default
    ctx.timeout) and reported with returncode -1 and a TIMEOUT message."""
    cmd = [ctx.saring] + args
    if user:
        cmd = ["setpriv", f"--reuid={user[0]}", f"--regid={user[1]}", "--clear-groups"] + cmd
    timeout = timeout or ctx.timeout
    try:
        return subprocess.run(cmd, cwd=cwd or ctx.corpus, capture_output=True, text=True,
                              timeout=timeout, preexec_fn=preexec)
    except subprocess.TimeoutExpired as e:  # subprocess.run has killed it
        print(f"  (timeout: saring {' '.join(args)} hung for {timeout:.0f} s; killed)", flush=True)
        return subprocess.CompletedProcess(cmd, -1, e.stdout or "",
                                           f"TIMEOUT: hung for {timeout:.0f} s and was killed")


def start_cli(ctx, args, cwd=None, user=None):
    cmd = [ctx.saring] + args
    if user:
        cmd = ["setpriv", f"--reuid={user[0]}", f"--regid={user[1]}", "--clear-groups"] + cmd
    return subprocess.Popen(cmd, cwd=cwd or ctx.corpus, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_until(pred, proc=None, timeout=60.0):
    """Polls pred() until it is true (True), the process exits (False) or timeout (False)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        if proc is not None and proc.poll() is not None:
            return pred()
        time.sleep(POLL)
    return False


def shard_files(out):
    found = []
    for kind in ("kept", "removed", "quarantine"):
        d = os.path.join(out, kind)
        if os.path.isdir(d):
            found += [os.path.join(kind, n) for n in os.listdir(d)]
    return found


def writing_started(out):
    return any(f.endswith(".jsonl.zst") or f.endswith(".tmp") for f in shard_files(out))


# report.html shows run-info.json's timing (total and per phase) and thread count; those cells are masked before the
# comparison, everything else in the report must be identical.
REPORT_TIMING = re.compile(rb"(<th>(?:seconds|mb_per_second|documents_per_second|threads|phases)</th><td>)[^<]*(</td>)")


def tree(out):
    """{relative path: bytes} of every file in `out` except the ignored ones."""
    files = {}
    for base, dirs, names in os.walk(out):
        for n in names:
            rel = os.path.relpath(os.path.join(base, n), out)
            if rel in IGNORED:
                continue
            with open(os.path.join(base, n), "rb") as f:
                data = f.read()
            if rel == "report.html":
                data = REPORT_TIMING.sub(rb"\1*\2", data)
            files[rel] = data
    return files


def compare(ref, out, ignore=()):
    """'' if `out` matches the reference byte for byte, else a description of the differences."""
    a, b = tree(ref), tree(out)
    for k in ignore:
        a.pop(k, None)
        b.pop(k, None)
    problems = []
    missing = sorted(set(a) - set(b))
    extra = sorted(set(b) - set(a))
    differ = sorted(k for k in set(a) & set(b) if a[k] != b[k])
    if missing:
        problems.append(f"missing {missing[:4]}")
    if extra:
        problems.append(f"extra {extra[:4]}")
    if differ:
        problems.append(f"differ {differ[:4]}")
    return "; ".join(problems)


def leftovers(out):
    """Temporary files or a work folder left in a finished output folder."""
    bad = []
    for base, dirs, names in os.walk(out):
        for n in names:
            if n.endswith(".tmp"):
                bad.append(os.path.relpath(os.path.join(base, n), out))
    if os.path.exists(os.path.join(out, "work")):
        bad.append("work/")
    return bad


def zstd_test(path):
    return subprocess.run(["zstd", "-tq", path], capture_output=True).returncode == 0


def zstd_lines(path):
    data = subprocess.run(["zstd", "-dcq", path], capture_output=True, check=True).stdout
    return data.splitlines()


def output_lines(out, kind):
    lines = []
    d = os.path.join(out, kind)
    for n in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        if n.endswith(".jsonl.zst"):
            lines += zstd_lines(os.path.join(d, n))
    return lines


def without_cluster(line):
    """An output record without its near-dup cluster annotation, which legitimately depends on
    later documents (a near duplicate after the break joins the cluster of an earlier survivor)."""
    rec = json.loads(line)
    meta = rec.get("metadata")
    if isinstance(meta, dict) and isinstance(meta.get("saring"), dict):
        for key in ("cluster", "cluster_id", "cluster_size"):
            meta["saring"].pop(key, None)
    return json.dumps(rec, sort_keys=True)


def load_stats(out):
    with open(os.path.join(out, "stats.json")) as f:
        return json.load(f)


def ledger_problems(stats):
    """Files (and totals) whose records != kept + removed + quarantined."""
    bad = []
    for entry in stats["files"] + [dict(stats["totals"], path="<totals>")]:
        total = entry["kept"] + sum(entry["removed"].values()) + sum(entry["quarantined"].values())
        if total != entry["records"] or not entry.get("balanced", True):
            bad.append(f"{entry['path']}: {entry['records']} != {total}")
    return bad


def jitter(i):
    """A deterministic fraction in [0, 1) for point i (Knuth multiplicative hash)."""
    return ((i * 2654435761 + 12345) % 4294967296) / 4294967296.0


def resume_until_done(ctx, out, extra=(), kill_after=None, threads=None, tries=6):
    """--resume until a resume finishes; the first resume is killed after kill_after seconds.
    Returns (ok, detail, resumes)."""
    args = ctx.args(out, "--resume", *extra)
    if threads is not None:
        args[args.index("-t") + 1] = str(threads)
    for attempt in range(tries):
        if attempt == 0 and kill_after is not None:
            p = start_cli(ctx, args)
            time.sleep(kill_after)
            if p.poll() is None:
                p.kill()
                p.communicate()
                continue
            p.communicate()
            if p.returncode != 0:
                return False, f"resume exited {p.returncode}", attempt + 1
            return True, "", attempt + 1
        r = run_cli(ctx, args)
        if r.returncode == 0:
            return True, "", attempt + 1
        return False, f"resume exited {r.returncode}: {r.stderr.strip()[:300]}", attempt + 1
    return False, "resume never finished", tries


# ---------------------------------------------------------------------------------------------
# Setup


def make_corpus(ctx, mb):
    os.makedirs(ctx.corpus)
    out = subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), ctx.corpus,
                          "--mb", str(mb)], capture_output=True, text=True, check=True).stdout
    c = ctx.corpus
    subprocess.run(["zstd", "-q", "-3", "--rm", os.path.join(c, "corpus-1.jsonl")], check=True)
    subprocess.run(["gzip", "-n", "-6", os.path.join(c, "corpus-2.jsonl")], check=True)
    # Fixed modification times: run.json records them, and copies must match the reference.
    for base, dirs, names in os.walk(c):
        for n in dirs + names:
            os.utime(os.path.join(base, n), ns=(1700000000 * 10**9, 1700000000 * 10**9))
    return json.loads(out)


def reference_run(ctx):
    """The uninterrupted run every other run is compared with; measures when writing starts."""
    p = start_cli(ctx, ctx.args(ctx.ref))
    t0 = time.monotonic()
    wait_until(lambda: writing_started(ctx.ref), p, timeout=600)
    ctx.ref_write_start = time.monotonic() - t0
    out, err = p.communicate()
    ctx.ref_seconds = time.monotonic() - t0
    if p.returncode != 0:
        raise SystemExit(f"reference run failed ({p.returncode}): {err}")
    problems = ledger_problems(load_stats(ctx.ref))
    if problems:
        raise SystemExit(f"reference run ledger does not balance: {problems}")
    if leftovers(ctx.ref):
        raise SystemExit(f"reference run left {leftovers(ctx.ref)}")
