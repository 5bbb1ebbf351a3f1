# Finds saring's dependencies, all Debian 12 packages (scripts/install-deps.sh lists them). Used
# by the build (SaringDependencies.cmake) and installed beside saringConfig.cmake, so that a project
# calling find_package(saring) gets the same imported targets that saring::saring links to.
# Add a new dependency's find here and its target to saring_deps in SaringDependencies.cmake.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)
find_package(simdjson REQUIRED)
find_package(fmt REQUIRED)
find_package(yaml-cpp REQUIRED)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
# HTML: libgumbo (libgumbo-dev) parses pages; ICU (libicu-dev) converts their charsets.
pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET gumbo)
pkg_check_modules(ICU_UC REQUIRED IMPORTED_TARGET icu-uc)
# Parquet pages compressed with Snappy.
pkg_check_modules(SNAPPY REQUIRED IMPORTED_TARGET snappy)
find_path(CLD2_INCLUDE_DIR cld2/public/compact_lang_det.h REQUIRED)
find_library(CLD2_LIBRARY NAMES cld2 REQUIRED)

