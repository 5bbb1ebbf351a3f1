# Finds saring's dependencies, all Debian 12 packages (see README for the apt line), and gathers
# them behind one INTERFACE target, saring_deps.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)
find_package(simdjson REQUIRED)
find_package(fmt REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(CLI11 CONFIG QUIET)
if(NOT TARGET CLI11::CLI11)
  find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
  target_include_directories(CLI11::CLI11 INTERFACE ${CLI11_INCLUDE_DIR})
endif()
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
# libfasttext is the reference saring's own fastText inference is tested against (tests only).
pkg_check_modules(FASTTEXT REQUIRED IMPORTED_TARGET fasttext)
find_path(CLD2_INCLUDE_DIR cld2/public/compact_lang_det.h REQUIRED)
find_library(CLD2_LIBRARY NAMES cld2 REQUIRED)

add_library(saring_deps INTERFACE)
target_include_directories(saring_deps INTERFACE ${CLD2_INCLUDE_DIR})
target_link_libraries(saring_deps INTERFACE
  simdjson::simdjson fmt::fmt yaml-cpp ZLIB::ZLIB Threads::Threads
  PkgConfig::XXHASH PkgConfig::ZSTD PkgConfig::UTF8PROC ${CLD2_LIBRARY})
