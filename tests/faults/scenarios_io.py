"""Scenarios about the run's files: a full disk, damaged compressed inputs, unreadable inputs and
unwritable outputs (see docs/faults.md)."""
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import zlib

from faultlib import (SMALL, compare, jitter, ledger_problems, load_stats, output_lines, resume_until_done,
                      run_cli, shard_files, start_cli, tree, without_cluster, zstd_test)


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
