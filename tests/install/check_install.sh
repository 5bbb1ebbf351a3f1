#!/usr/bin/env bash
# Installs a built saring into a scratch prefix and uses it from outside the tree, the two ways a
# C++ project would: find_package(saring) in CMake, and pkg-config. Also checks that the umbrella
# header <saring/saring.h> includes every installed public header.
#   check_install.sh BUILD_DIR SCRATCH_DIR
set -euo pipefail
build=$1
scratch=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$scratch"
mkdir -p "$scratch"
prefix="$scratch/prefix"

cmake --install "$build" --prefix "$prefix" >/dev/null

for h in "$prefix"/include/saring/*.h; do
  name=$(basename "$h")
  [ "$name" = saring.h ] && continue
  if ! grep -q "#include \"saring/$name\"" "$prefix/include/saring/saring.h"; then
    echo "check_install: <saring/saring.h> does not include saring/$name" >&2
    exit 1
  fi
done
for f in lib/cmake/saring/saringConfig.cmake lib/cmake/saring/saringConfigVersion.cmake \
         lib/pkgconfig/saring.pc bin/saring; do
  [ -e "$prefix/$f" ] || { echo "check_install: $f was not installed" >&2; exit 1; }
done

# 1. CMake: find_package(saring) and saring::saring.
cmake -S "$here/consumer" -B "$scratch/cmake-build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$scratch/cmake-build" >/dev/null
"$scratch/cmake-build/consumer"

# 2. pkg-config.
flags=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs saring)
# shellcheck disable=SC2086
c++ -O1 -o "$scratch/pc-consumer" "$here/consumer/consumer.cc" $flags
"$scratch/pc-consumer"

"$prefix/bin/saring" --version >/dev/null
echo "check_install: ok"
