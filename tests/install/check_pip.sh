#!/usr/bin/env bash
# `pip install .` of the Python package, built in an existing CMake build folder (SARING_BUILD_DIR,
# so nothing is compiled twice), into a scratch folder; then imported from outside the tree: a
# repair runs, and dir(saring) lists only the package's public names.
#   check_pip.sh SOURCE_DIR BUILD_DIR SCRATCH_DIR PYTHON
set -euo pipefail
src=$1
build=$2
scratch=$3
python=$4
rm -rf "$scratch"
mkdir -p "$scratch"
cd "$src"
SARING_BUILD_DIR="$build" "$python" -m pip install -q --no-build-isolation --no-deps \
  --no-warn-script-location --target "$scratch/site" . >"$scratch/pip.log" 2>&1 ||
  { cat "$scratch/pip.log" >&2; exit 1; }
rm -rf "$src/build-python" "$src/python/saring.egg-info"
cd "$scratch"
PYTHONPATH="$scratch/site" "$python" - <<'PY'
import saring
assert saring.__file__.startswith(__import__("os").getcwd()), saring.__file__
r = saring.repair("Satu dua tiga empat lima.\n\nEnam tujuh.\n\nSatu dua tiga empat lima.\n")
assert [s.reason for s in r.removed] == ["repeated_paragraph"], r.removed
names = [n for n in dir(saring) if not n.startswith("_")]
leaked = sorted(set(names) - set(saring.__all__))
assert not leaked, f"dir(saring) lists names that are not the package's own: {leaked}"
assert "repair" in names and "run" in names, names
print("check_pip: ok,", len(names), "public names")
PY
