#!/usr/bin/python3
"""Fault-injection suite for `saring run` (see docs/faults.md).

Generates its own corpus (gen_corpus.py), makes one uninterrupted reference run, then injects
faults: kill -9 at pseudo-random points, SIGINT/SIGTERM, a full disk, damaged compressed inputs,
unreadable inputs and outputs, concurrent runs on one folder, and resumes after the inputs or the
configuration changed. Each case records PASS/FAIL with a detail; a summary table ends the report
and the exit status is 1 if anything failed.

Only the standard library is used; compressed inputs and outputs are made and checked with the
`zstd` and `gzip` command-line tools.
"""
import argparse
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zlib

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


# report.html shows run-info.json's timing and thread count; those cells are masked before the
# comparison, everything else in the report must be identical.
REPORT_TIMING = re.compile(rb"(<th>(?:seconds|mb_per_second|documents_per_second|threads)</th><td>)[^<]*(</td>)")


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


# ---------------------------------------------------------------------------------------------
# 1. kill -9 at N points, then --resume


def scenario_kill(ctx, sc):
    n = ctx.count
    span = ctx.ref_seconds * 1.05
    phases = {}
    for i in range(n):
        delay = 0.01 + span * (i + jitter(i + 1)) / n
        out = ctx.out(f"kill{i}")
        p = start_cli(ctx, ctx.args(out))
        time.sleep(delay)
        finished = p.poll() is not None
        phase = "done" if finished else ("write" if writing_started(out) else "sign")
        if not finished:
            p.kill()
        p.communicate()
        if finished and p.returncode != 0:
            sc.record(f"kill@{delay:.3f}s", False, f"run exited {p.returncode} before the kill")
            continue
        progress = os.path.join(out, "progress.txt")
        shards_done = sum(1 for _ in open(progress)) if os.path.exists(progress) else 0
        if not os.path.exists(os.path.join(out, "run.json")):
            # Killed before the manifest existed: nothing to resume; a plain run must start over.
            r = run_cli(ctx, ctx.args(out, "--force-restart"))
            ok, detail, resumes = r.returncode == 0, f"rc={r.returncode} {r.stderr.strip()[:200]}", 0
        else:
            kill_again = delay * 0.5 if i % 3 == 2 else None  # also kill the first resume
            threads = 1 if i % 2 else None  # resume with another thread count
            ok, detail, resumes = resume_until_done(ctx, out, kill_after=kill_again, threads=threads)
        if ok:
            diff = compare(ctx.ref, out)
            left = leftovers(out)
            ok = not diff and not left
            detail = diff or (f"left behind {left}" if left else
                              f"identical after {resumes} resume(s)" if resumes else
                              "killed before run.json existed; --force-restart identical")
        phases[phase] = phases.get(phase, 0) + 1
        sc.record(f"kill@{delay:.3f}s", ok, f"phase={phase} shards_done={shards_done}: {detail}")
        if ok:
            shutil.rmtree(out)
    print(f"  kill points by phase at the kill: {phases}", flush=True)


# ---------------------------------------------------------------------------------------------
# 2. SIGINT / SIGTERM


def scenario_signals(ctx, sc):
    for sig in (signal.SIGINT, signal.SIGTERM):
        for phase in ("sign", "write"):
            case = f"{signal.Signals(sig).name}-{phase}"
            out = ctx.out(case)
            p = start_cli(ctx, ctx.args(out))
            if phase == "sign":
                wait_until(lambda: os.path.exists(os.path.join(out, "run.json")), p)
                time.sleep(ctx.ref_write_start * 0.4)
            else:
                wait_until(lambda: writing_started(out), p)
            if p.poll() is not None:
                sc.record(case, False, f"run ended (rc={p.returncode}) before the signal")
                continue
            saw_write = writing_started(out)
            p.send_signal(sig)
            try:
                _, err = p.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.communicate()
                sc.record(case, False, "did not stop within 30 s of the signal")
                continue
            problems = []
            if p.returncode == 0:
                problems.append("exit code 0 after the signal")
            if os.path.exists(os.path.join(out, "stats.json")):
                problems.append("stats.json written by an interrupted run")
            if not os.path.exists(os.path.join(out, "run.json")):
                problems.append("no run.json: folder not resumable")
            stale = [f for f in shard_files(out) if f.endswith(".tmp")]
            if stale:
                problems.append(f"clean stop left {stale}")
            if "--resume" not in err:
                problems.append(f"message does not mention --resume: {err.strip()[:200]}")
            if not problems:
                ok, detail, _ = resume_until_done(ctx, out)
                if not ok:
                    problems.append(detail)
                else:
                    diff = compare(ctx.ref, out)
                    if diff:
                        problems.append(diff)
            ok = not problems
            sc.record(case, ok, "; ".join(problems) or
                      f"rc={p.returncode}, stopped in {'write' if saw_write else 'sign'} pass, "
                      "resume identical")
            if ok:
                shutil.rmtree(out)


# ---------------------------------------------------------------------------------------------
# 3. Disk full


def scenario_disk_full(ctx, sc):
    total = sum(len(v) for v in tree(ctx.ref).values())
    fractions = [0.002, 0.15, 0.45, 0.7, 0.9][:max(3, min(5, ctx.count))]
    for frac in fractions:
        size_k = max(8, int(total * frac / 1024))
        mnt = os.path.join(ctx.root, f"tmpfs-{size_k}k")
        os.makedirs(mnt)
        mounted = not ctx.no_mount and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_k}k", "tmpfs", mnt], capture_output=True).returncode == 0
        try:
            disk_full_case(ctx, sc, mnt, size_k, mounted)
        finally:
            if mounted:
                subprocess.run(["umount", mnt], capture_output=True)
            shutil.rmtree(mnt, ignore_errors=True)


def disk_full_case(ctx, sc, mnt, size_k, mounted):
    case = f"{'tmpfs' if mounted else 'ulimit-f'}-{size_k}K"
    out = os.path.join(mnt, "out")
    preexec = None
    if not mounted:  # no tmpfs: a per-file size limit (below a shard's size) gives EFBIG
        limit = min(size_k * 1024 // 4, 200 * 1024)

        def preexec():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    r = run_cli(ctx, ctx.args(out), preexec=preexec)
    problems = []
    if r.returncode == 0:
        problems.append("exit code 0 on a full disk")
    named = re.search(re.escape(out) + r"[^\s']*", r.stderr) if mounted else re.search(r"'[^']+'", r.stderr)
    if not named:
        problems.append(f"error names no file: {r.stderr.strip()[:200]}")
    bad = [f for f in shard_files(out) if f.endswith(".jsonl.zst") and not zstd_test(os.path.join(out, f))]
    if bad:
        problems.append(f"incomplete files under final names: {bad}")
    finals = [f for f in shard_files(out) if f.endswith(".jsonl.zst")]
    for name in ("run.json", "progress.txt", "stats.json"):
        path = os.path.join(out, name)
        if os.path.exists(path) and os.path.getsize(path) == 0:
            problems.append(f"empty {name}")
    # With room again, the folder must finish to the reference bytes.
    if mounted:
        subprocess.run(["mount", "-o", "remount,size=256m", mnt], check=True)
    if not problems:
        if os.path.exists(os.path.join(out, "run.json")):
            ok, detail, _ = resume_until_done(ctx, out)
            how = "resume"
        else:
            rr = run_cli(ctx, ctx.args(out, "--force-restart"))
            ok, detail, how = rr.returncode == 0, rr.stderr.strip()[:200], "restart"
        if not ok:
            problems.append(f"{how} after freeing space failed: {detail}")
        else:
            diff = compare(ctx.ref, out)
            if diff:
                problems.append(f"{how} after freeing space: {diff}")
    msg = named.group(0) if named else ""
    sc.record(case, not problems, "; ".join(problems) or
              f"rc={r.returncode}, {len(finals)} final shards all complete, error names {msg}, "
              "finished identical after freeing space")


# ---------------------------------------------------------------------------------------------
# 4. Damaged compressed inputs


def decode_prefix(kind, data):
    """Bytes a decoder yields from `data` (an intact prefix of a compressed file)."""
    if kind == "gz":
        return zlib.decompressobj(31).decompress(data)
    return subprocess.run(["zstd", "-dcq"], input=data, capture_output=True).stdout


def scenario_damaged(ctx, sc):
    sources = {"zst": "corpus-1.jsonl.zst", "gz": "corpus-2.jsonl.gz"}
    work = os.path.join(ctx.root, "damaged")
    os.makedirs(work)
    shutil.copytree(os.path.join(ctx.corpus, "texts"), os.path.join(work, "texts"))
    offsets = max(1, ctx.count // 5)
    cases = []
    for kind, src in sources.items():
        with open(os.path.join(ctx.corpus, src), "rb") as f:
            data = f.read()
        for j in range(offsets):
            frac = 0.1 + 0.8 * (j + jitter(j + 101)) / offsets
            off = int(len(data) * frac)
            cases.append((kind, "cut", off, data, data[:off]))
            flipped = bytearray(data)
            for k in range(4):
                flipped[off + k] ^= 0x5A
            cases.append((kind, "flip", off, data, bytes(flipped)))
        # The frame checksum (zstd: the last 4 bytes, XXH64) or the CRC32 (gzip: 8 bytes before the
        # end, then ISIZE): every block is intact, only the integrity check fails.
        at = len(data) - (2 if kind == "zst" else 6)
        trailer = bytearray(data)
        trailer[at] ^= 0xFF
        cases.append((kind, "trailer", at, data, bytes(trailer)))
    for kind, damage, off, orig, damaged in cases:
        damaged_case(ctx, sc, work, kind, damage, off, orig, damaged)
    # --strict stops at the broken input.
    kind, damage, off, orig, damaged = cases[0]
    name = f"strict-{damage}-{off}.jsonl.{kind}"
    with open(os.path.join(work, name), "wb") as f:
        f.write(damaged)
    out = ctx.out("strict")
    r = run_cli(ctx, ctx.args(out, "--strict", inputs=[name, "texts"]), cwd=work)
    ok = r.returncode != 0 and name in r.stderr
    sc.record("strict", ok, f"rc={r.returncode}: {r.stderr.strip()[:200]}")


def damaged_case(ctx, sc, work, kind, damage, off, orig, damaged):
    case = f"{kind}-{damage}@{off}"
    name = f"{damage}-{off}.jsonl.{kind}"
    with open(os.path.join(work, name), "wb") as f:
        f.write(damaged)
    full = decode_prefix(kind, orig)
    intact = full if damage == "trailer" else decode_prefix(kind, orig[:off])
    p_lines = intact.count(b"\n")  # complete lines decodable from untouched bytes
    out = ctx.out(case)
    r = run_cli(ctx, ["run", "-o", out, "-t", str(ctx.threads)] + SMALL + [name, "texts"], cwd=work)
    problems = []
    if r.returncode != 0:
        sc.record(case, False, f"run failed rc={r.returncode}: {r.stderr.strip()[:200]}")
        return
    stats = load_stats(out)
    problems += ledger_problems(stats)
    entry = next(e for e in stats["files"] if e["path"] == name)
    texts = next((e for e in stats["files"] if e["path"] == "texts"), None)
    if texts is None or texts["records"] != 12:
        problems.append(f"the input after the damaged one did not finish: {texts}")
    if not any(name in e for e in entry["errors"]):
        problems.append(f"stats.json errors do not name the file: {entry['errors']}")
    if not re.search(r"error: .*" + re.escape(name), r.stdout):
        problems.append("the summary does not report the break with the file name")
    read = entry["records"] - entry["quarantined"].get("stream_error", 0)
    if read < p_lines:
        problems.append(f"only {read} records read, but the {p_lines} lines before the damage are intact")
    # The records before the break are processed exactly as in a run over the intact lines alone.
    prefix_name = f"prefix-{damage}-{off}.jsonl"
    with open(os.path.join(work, prefix_name), "wb") as f:
        f.write(b"".join(full.splitlines(keepends=True)[:p_lines]))
    ref_out = ctx.out(case + "-prefix")
    rr = run_cli(ctx, ["run", "-q", "-o", ref_out, "-t", str(ctx.threads)] + SMALL + [prefix_name], cwd=work)
    if rr.returncode != 0:
        problems.append(f"prefix run failed: {rr.stderr.strip()[:200]}")
    else:
        for kind_dir in ("kept", "removed"):
            want = [without_cluster(x) for x in output_lines(ref_out, kind_dir)]
            got = [without_cluster(x) for x in output_lines(out, kind_dir)]
            if got[:len(want)] != want:
                first = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), None)
                problems.append(
                    f"{kind_dir}: only {len(got)} records where a run over the intact lines has {len(want)}"
                    if first is None else
                    f"{kind_dir}: record {first} differs from a run over the intact lines alone")
    ok = not problems
    sc.record(case, ok, "; ".join(problems) or
              f"{read} records read (>= {p_lines} intact lines), ledger balanced, break reported")
    if ok:
        shutil.rmtree(out)
        shutil.rmtree(ref_out)


# ---------------------------------------------------------------------------------------------
# 5. Unreadable inputs and unwritable outputs


def scenario_permissions(ctx, sc):
    work = os.path.join(ctx.root, "perm")
    os.makedirs(work)
    os.chmod(ctx.root, 0o755)
    for n in ("corpus-0.jsonl", "corpus-1.jsonl.zst"):
        shutil.copy2(os.path.join(ctx.corpus, n), os.path.join(work, n))
        os.chmod(os.path.join(work, n), 0o644)
    os.chmod(work, 0o755)
    locked = "locked.jsonl.gz"
    shutil.copy2(os.path.join(ctx.corpus, "corpus-2.jsonl.gz"), os.path.join(work, locked))
    os.chmod(os.path.join(work, locked), 0)
    writable = os.path.join(work, "nobody-out")
    os.makedirs(writable)
    user = ("nobody", "nogroup")
    have = shutil.which("setpriv") and subprocess.run(
        ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", ctx.saring, "--version"],
        capture_output=True).returncode == 0
    if not have:
        for case in ("unreadable-input", "unreadable-strict", "unwritable-output", "locked-output"):
            sc.skip(case, "setpriv or user nobody unavailable, or the binary is not executable by nobody")
    else:
        shutil.chown(writable, "nobody")
        good = ["corpus-0.jsonl", "corpus-1.jsonl.zst"]
        # (a) an unreadable input among readable ones: reported with its path; the rest finish.
        out = os.path.join(writable, "a")
        r = run_cli(ctx, ["run", "-o", out, "-t", str(ctx.threads)] + SMALL + [good[0], locked, good[1]],
                    cwd=work, user=user)
        problems = []
        if r.returncode != 0:
            problems.append(f"rc={r.returncode}: {r.stderr.strip()[:200]}")
        else:
            if not re.search(r"error: .*" + re.escape(locked) + r".*Permission denied", r.stdout):
                problems.append(f"summary does not report {locked} as unreadable")
            stats = load_stats(out)
            problems += ledger_problems(stats)
            entry = next(e for e in stats["files"] if e["path"] == locked)
            if not any(locked in e for e in entry["errors"]):
                problems.append(f"stats.json does not name {locked}: {entry['errors']}")
            only_good = ctx.out("perm-good")
            rg = run_cli(ctx, ["run", "-q", "-o", only_good, "-t", str(ctx.threads)] + SMALL + good, cwd=work)
            if rg.returncode != 0 or output_lines(only_good, "kept") != output_lines(out, "kept"):
                problems.append("kept records differ from a run over the readable inputs alone")
            shutil.rmtree(only_good, ignore_errors=True)
        sc.record("unreadable-input", not problems, "; ".join(problems) or
                  "reported with path, other inputs kept identically, ledger balanced")
        # (b) --strict stops.
        r = run_cli(ctx, ["run", "-q", "--strict", "-o", os.path.join(writable, "b")] + SMALL + [locked] + good,
                    cwd=work, user=user)
        ok = r.returncode != 0 and locked in r.stderr and "Permission denied" in r.stderr
        sc.record("unreadable-strict", ok, f"rc={r.returncode}: {r.stderr.strip()[:200]}")
        # (c) an output folder that cannot be created.
        out = os.path.join(work, "root-owned", "out")
        os.makedirs(os.path.dirname(out))
        r = run_cli(ctx, ["run", "-q", "-o", out] + good, cwd=work, user=user)
        ok = r.returncode != 0 and "root-owned" in r.stderr and not os.path.exists(out)
        sc.record("unwritable-output", ok, f"rc={r.returncode}: {r.stderr.strip()[:200]}")
        # (d) an existing output folder the user may not write (the lock cannot be created).
        out = os.path.join(work, "root-owned-existing")
        os.makedirs(out)
        r = run_cli(ctx, ["run", "-q", "-o", out] + good, cwd=work, user=user)
        ok = r.returncode != 0 and out in r.stderr and os.listdir(out) == []
        sc.record("locked-output", ok, f"rc={r.returncode}: {r.stderr.strip()[:200]}")
    # (e) a FIFO in place of an input file (works as root too): it must not hang the run.
    fifo = "fifo.jsonl"
    os.mkfifo(os.path.join(work, fifo))
    out = ctx.out("fifo")
    p = start_cli(ctx, ["run", "-q", "-o", out, "-t", str(ctx.threads), "corpus-0.jsonl", fifo], cwd=work)
    try:
        _, err = p.communicate(timeout=8)
        ok = fifo in err or fifo in json.dumps(load_stats(out)["files"]) if p.returncode == 0 else fifo in err
        sc.record("fifo-input", ok, f"rc={p.returncode}: {err.strip()[:200]}")
    except subprocess.TimeoutExpired:
        p.send_signal(signal.SIGTERM)
        try:
            p.communicate(timeout=3)
            after = f"stopped by SIGTERM (rc={p.returncode})"
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            after = "ignored SIGTERM too; killed with SIGKILL"
        sc.record("fifo-input", False, f"hung for 8 s on a FIFO with no writer; {after}")


# ---------------------------------------------------------------------------------------------
# 6. Concurrent runs on one folder


def scenario_concurrent(ctx, sc):
    for phase in ("sign", "write"):
        for attempt in range(3):  # a first run that ends before the second tries is retried
            if concurrent_case(ctx, sc, phase, slow=attempt > 0, last=attempt == 2):
                break


def concurrent_case(ctx, sc, phase, slow, last):
    """Returns False if the result was inconclusive and another attempt should be made."""
    case = f"second-run-during-{phase}"
    out = ctx.out(case)
    args = ctx.args(out)
    if slow:
        args[args.index("-t") + 1] = "1"
    p = start_cli(ctx, args)
    lock = os.path.join(out, ".lock")

    def locked():
        try:
            with open(lock) as f:
                return f.read().strip() == str(p.pid)
        except OSError:
            return False
    wait_until(locked, p)
    if phase == "write":
        wait_until(lambda: writing_started(out), p)
    problems = []
    attempts = {}
    for extra in ([], ["--resume"], ["--overwrite"]):
        r = run_cli(ctx, ctx.args(out, *extra))
        attempts[" ".join(extra) or "plain"] = r
    still_running = p.poll() is None
    try:
        _, err = p.communicate(timeout=ctx.timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        _, err = p.communicate()
        err = f"TIMEOUT: hung for {ctx.timeout:.0f} s and was killed"
    if not still_running:
        if not last:
            shutil.rmtree(out, ignore_errors=True)
            return False
        problems.append("first run ended before the second tried (inconclusive, 3 attempts)")
    for what, r in attempts.items():
        if r.returncode == 0:
            problems.append(f"second run ({what}) succeeded")
        elif str(p.pid) not in r.stderr:
            problems.append(f"second run ({what}) does not name pid {p.pid}: {r.stderr.strip()[:160]}")
    if p.returncode != 0:
        problems.append(f"first run failed rc={p.returncode}: {err.strip()[:200]}")
    else:
        diff = compare(ctx.ref, out)
        if diff:
            problems.append(f"first run output: {diff}")
    ok = not problems
    msg = attempts["plain"].stderr.strip()[:140]
    sc.record(case, ok, "; ".join(problems) or f"refused x3 naming pid {p.pid} ('{msg}'); first run identical")
    if ok:
        shutil.rmtree(out)
    return True


# ---------------------------------------------------------------------------------------------
# 7. Resume after a change


def killed_run(ctx, out, cwd):
    """A run killed once its first shard is complete (so progress.txt exists)."""
    p = start_cli(ctx, ctx.args(out), cwd=cwd)
    wait_until(lambda: os.path.exists(os.path.join(out, "progress.txt")), p)
    p.kill()
    p.communicate()
    return os.path.exists(os.path.join(out, "run.json")) and not os.path.exists(os.path.join(out, "stats.json"))


def snapshot(out):
    return {k: len(v) for k, v in tree(out).items()}


def scenario_changed(ctx, sc):
    work = os.path.join(ctx.root, "changed")
    shutil.copytree(ctx.corpus, work)  # copy2 keeps the (fixed) modification times
    out = ctx.out("changed")
    if not killed_run(ctx, out, work):
        sc.record("setup", False, "the killed run left no resumable folder")
        return

    def refused(case, args, expect, cwd=work):
        before = snapshot(out)
        r = run_cli(ctx, args, cwd=cwd)
        problems = []
        if r.returncode == 0:
            problems.append("accepted")
        for word in expect:
            if word not in r.stderr:
                problems.append(f"message lacks '{word}'")
        if snapshot(out) != before:
            problems.append("the refused run changed the output folder")
        sc.record(case, not problems, "; ".join(problems) + (": " if problems else "") + r.stderr.strip()[:220])

    target = os.path.join(work, "corpus-0.jsonl")
    st = os.stat(target)
    # (a) touched input (same bytes, new modification time).
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 5 * 10**9))
    refused("touched-input", ctx.args(out, "--resume"), ["cannot resume", "--force-restart"])
    # (b) modified input (a byte changed, the old modification time restored).
    with open(target, "r+b") as f:
        f.seek(100)
        c = f.read(1)
        f.seek(100)
        f.write(b"Q" if c != b"Q" else b"R")
        f.seek(0, 2)
        f.write(b'{"id": "appended", "text": "one more line"}\n')
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    refused("modified-input", ctx.args(out, "--resume"), ["cannot resume", "--force-restart"])
    shutil.copy2(os.path.join(ctx.corpus, "corpus-0.jsonl"), target)  # back to the original
    # (c) changed configuration.
    refused("changed-config", ctx.args(out, "--resume", "--near-dup-threshold", "0.7"),
            ["cannot resume", "--force-restart"])
    refused("changed-zstd-level", ctx.args(out, "--resume", "--output-zstd-level", "5"),
            ["cannot resume"])
    # (d) a plain run into the partial folder is refused, pointing at --resume.
    refused("plain-run-on-partial", ctx.args(out), ["--resume"])
    # (e) a garbled progress log.
    progress = os.path.join(out, "progress.txt")
    if os.path.exists(progress):
        saved = open(progress, "rb").read()
        with open(progress, "wb") as f:
            f.write(b"0 0 3\n7 x\n")
        refused("garbled-progress", ctx.args(out, "--resume"), ["progress.txt", "--force-restart"])
        with open(progress, "wb") as f:
            f.write(saved)
    else:
        sc.skip("garbled-progress", "the killed run had completed no shard")
    # (f) --resume where no run was ever started.
    empty = ctx.out("empty")
    os.makedirs(empty)
    r = run_cli(ctx, ctx.args(empty, "--resume"), cwd=work)
    sc.record("resume-nothing", r.returncode != 0 and "nothing to resume" in r.stderr,
              f"rc={r.returncode}: {r.stderr.strip()[:200]}")
    # (g) --force-restart with a touched input starts over and matches the reference; run.json
    # differs only in the recorded modification time.
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 7 * 10**9))
    r = run_cli(ctx, ctx.args(out, "--force-restart"), cwd=work)
    problems = [] if r.returncode == 0 else [f"rc={r.returncode}: {r.stderr.strip()[:200]}"]
    if not problems:
        diff = compare(ctx.ref, out, ignore=("run.json",))
        if diff:
            problems.append(diff)
        mt = json.load(open(os.path.join(out, "run.json")))
        rec = next(i for i in mt["inputs"] if i["path"] == "corpus-0.jsonl")
        if rec["mtime_ns"] != st.st_mtime_ns + 7 * 10**9:
            problems.append(f"run.json records mtime {rec['mtime_ns']}, not the new one")
        if leftovers(out):
            problems.append(f"left behind {leftovers(out)}")
    sc.record("force-restart", not problems, "; ".join(problems) or "identical to the reference")
    # (h) --resume on the finished run: nothing to do, nothing changed.
    if not problems:
        before = tree(out)
        r = run_cli(ctx, ctx.args(out, "--resume"), cwd=work)
        ok = r.returncode == 0 and tree(out) == before
        sc.record("resume-finished", ok, f"rc={r.returncode}, folder {'unchanged' if tree(out) == before else 'CHANGED'}")


# ---------------------------------------------------------------------------------------------


SCENARIOS = [
    ("kill9-resume", scenario_kill),
    ("sigint-sigterm", scenario_signals),
    ("disk-full", scenario_disk_full),
    ("damaged-input", scenario_damaged),
    ("permissions", scenario_permissions),
    ("concurrent", scenario_concurrent),
    ("resume-changed", scenario_changed),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=20, help="kill points (and scale of the other scenarios)")
    ap.add_argument("--saring", default=os.path.join(HERE, "../../build/saring"), help="the saring binary")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--mb", type=float, default=9.0, help="corpus size")
    ap.add_argument("--only", default="", help="comma-separated scenario names")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--no-mount", action="store_true", help="disk full via ulimit -f, not tmpfs")
    args = ap.parse_args()
    args.saring = os.path.abspath(args.saring)
    if not os.access(args.saring, os.X_OK):
        raise SystemExit(f"no saring binary at {args.saring} (pass --saring PATH)")
    for tool in ("zstd", "gzip"):
        if not shutil.which(tool):
            raise SystemExit(f"the {tool} tool is needed")
    root = tempfile.mkdtemp(prefix="saring-faults-")
    ctx = Ctx(args.saring, root, max(1, args.count), args.threads)
    ctx.no_mount = args.no_mount
    t0 = time.monotonic()
    planted = make_corpus(ctx, args.mb)
    reference_run(ctx)
    ctx.timeout = max(20.0, 10 * ctx.ref_seconds)
    print(f"corpus: {planted}; reference run {ctx.ref_seconds:.2f} s "
          f"(writing from {ctx.ref_write_start:.2f} s); work folder {root}", flush=True)
    results = []
    only = set(filter(None, args.only.split(",")))
    for name, fn in SCENARIOS:
        if only and name not in only:
            continue
        sc = Scenario(name)
        start = time.monotonic()
        print(f"== {name}", flush=True)
        try:
            fn(ctx, sc)
        except Exception as e:  # a crash of the harness is a failure of the scenario, not of the suite
            sc.record("harness", False, f"{type(e).__name__}: {e}")
        sc.seconds = time.monotonic() - start
        results.append(sc)
    failed = sum(sc.count("FAIL") for sc in results)
    print()
    print(f"{'scenario':<16} {'runs':>5} {'passed':>7} {'failed':>7} {'skipped':>8} {'seconds':>8}")
    for sc in results:
        print(f"{sc.name:<16} {len(sc.cases):>5} {sc.count('PASS'):>7} {sc.count('FAIL'):>7} "
              f"{sc.count('SKIP'):>8} {sc.seconds:>8.1f}")
    print(f"{'total':<16} {sum(len(s.cases) for s in results):>5} "
          f"{sum(s.count('PASS') for s in results):>7} {failed:>7} "
          f"{sum(s.count('SKIP') for s in results):>8} {time.monotonic() - t0:>8.1f}")
    if failed:
        print("\nfailures:")
        for sc in results:
            for case, status, detail in sc.cases:
                if status == "FAIL":
                    print(f"  {sc.name}/{case}: {detail}")
    if args.keep or failed:
        print(f"work folder kept: {root}")
    else:
        shutil.rmtree(root, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
