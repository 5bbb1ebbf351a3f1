#!/bin/sh
# Fault-injection suite for `saring run`: kill -9 and resume, SIGINT/SIGTERM, disk full, damaged
# inputs, permissions, concurrent runs, resume after changes. See docs/faults.md.
# Usage: tests/faults/run_faults.sh [--count N] [--saring PATH] [--only a,b] [--keep]
# Needs root for the tmpfs (disk full) and setpriv (permission) cases; without root they fall back
# (ulimit -f) or are reported as skipped.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec /usr/bin/python3 -B "$here/faults.py" "$@"
