# saring's dependencies (found by SaringFindDependencies.cmake), gathered behind one INTERFACE
# target, saring_deps, that every module links to.
include(${CMAKE_CURRENT_LIST_DIR}/SaringFindDependencies.cmake)

# libfasttext is the reference saring's own fastText inference is tested against (tests only).
pkg_check_modules(FASTTEXT REQUIRED IMPORTED_TARGET fasttext)

# Command-line parsing, for tools/ only (not needed by users of the installed library).
find_package(CLI11 CONFIG QUIET)
if(NOT TARGET CLI11::CLI11)
  find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
  target_include_directories(CLI11::CLI11 INTERFACE ${CLI11_INCLUDE_DIR})
endif()

add_library(saring_deps INTERFACE)
target_include_directories(saring_deps INTERFACE ${CLD2_INCLUDE_DIR})
target_link_libraries(saring_deps INTERFACE
  simdjson::simdjson fmt::fmt yaml-cpp ZLIB::ZLIB Threads::Threads
  PkgConfig::XXHASH PkgConfig::ZSTD PkgConfig::UTF8PROC ${CLD2_LIBRARY}
  PkgConfig::SNAPPY)

# What saring_deps is, for the pkg-config file (cmake/SaringInstall.cmake): the packages with a
# .pc file, and the libraries without one.
set(SARING_PC_EXTRA_REQUIRES "simdjson fmt yaml-cpp zlib libzstd libxxhash libutf8proc gumbo icu-uc snappy")
set(SARING_PC_EXTRA_LIBS "-lcld2")

# Malay/Indonesian marker words for the combined language identifier, read at build time from
# Debian's apertium-ind-zlm with lttoolbox's lt-print (src/langid/CMakeLists.txt). Optional:
# without them the tables are empty and Malay is told from Indonesian less well.
find_program(SARING_LT_PRINT lt-print)
find_path(SARING_APERTIUM_IND_ZLM_DIR ind-zlm.automorf.bin PATHS /usr/share/apertium/apertium-ind-zlm
  NO_DEFAULT_PATH)
find_package(Python3 COMPONENTS Interpreter QUIET)
# Malay/Indonesian web word lists for the combined language identifier, unpacked at build time
# from Tesseract's Malay and Indonesian models (src/langid/CMakeLists.txt). Optional.
find_program(SARING_COMBINE_TESSDATA combine_tessdata)
find_program(SARING_DAWG2WORDLIST dawg2wordlist)
find_path(SARING_TESSDATA_DIR msa.traineddata PATHS /usr/share/tesseract-ocr/5/tessdata
  /usr/share/tesseract-ocr/4.00/tessdata NO_DEFAULT_PATH)
