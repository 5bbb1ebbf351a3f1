#!/usr/bin/python3 -B
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
import os
import shutil
import sys
import tempfile
import time

from faultlib import HERE, Ctx, Scenario, make_corpus, reference_run
from scenarios_io import scenario_damaged, scenario_disk_full, scenario_permissions
from scenarios_run import scenario_changed, scenario_concurrent, scenario_kill, scenario_signals


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
