"""Scenarios about the run's process: kill -9 and resume, SIGINT/SIGTERM, concurrent runs on one
folder, and resume after the inputs or the configuration changed (see docs/faults.md)."""
import json
import os
import shutil
import signal
import subprocess
import time

from faultlib import (compare, jitter, leftovers, run_cli, resume_until_done, shard_files,
                      start_cli, tree, wait_until, writing_started)


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


def start_and_hold_in_write_pass(ctx, out, args):
    """A run stopped (SIGSTOP) while its writing pass is under way, or None if it got past the
    pass first. The writing pass of a small corpus is short, so this is retried by the caller."""
    p = start_cli(ctx, args)
    wait_until(lambda: writing_started(out), p)
    if p.poll() is None:
        os.kill(p.pid, signal.SIGSTOP)
        if not os.path.exists(os.path.join(out, "stats.json")):
            return p
        os.kill(p.pid, signal.SIGCONT)
    p.kill()
    p.communicate()
    shutil.rmtree(out, ignore_errors=True)
    return None


def scenario_signals(ctx, sc):
    for sig in (signal.SIGINT, signal.SIGTERM):
        for phase in ("sign", "write"):
            case = f"{signal.Signals(sig).name}-{phase}"
            out = ctx.out(case)
            if phase == "sign":
                p = start_cli(ctx, ctx.args(out))
                wait_until(lambda: os.path.exists(os.path.join(out, "run.json")), p)
                time.sleep(ctx.ref_write_start * 0.4)
                held = False
            else:  # one thread on later attempts: a longer writing pass
                p = None
                for attempt in range(3):
                    args = ctx.args(out)
                    if attempt:
                        args[args.index("-t") + 1] = "1"
                    p = start_and_hold_in_write_pass(ctx, out, args)
                    if p is not None:
                        break
                if p is None:
                    sc.record(case, False, "the run got past its writing pass before the signal, 3 times")
                    continue
                held = True
            if p.poll() is not None:
                sc.record(case, False, f"run ended (rc={p.returncode}) before the signal")
                continue
            saw_write = writing_started(out)
            p.send_signal(sig)
            if held:
                os.kill(p.pid, signal.SIGCONT)
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
    # The first run is stopped (SIGSTOP keeps its lock) while the second tries three times, so
    # that a fast first run cannot finish in between; it is continued afterwards.
    still_running = p.poll() is None
    if still_running:
        os.kill(p.pid, signal.SIGSTOP)
    problems = []
    attempts = {}
    try:
        for extra in ([], ["--resume"], ["--overwrite"]):
            r = run_cli(ctx, ctx.args(out, *extra))
            attempts[" ".join(extra) or "plain"] = r
    finally:
        if still_running:
            os.kill(p.pid, signal.SIGCONT)
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
