# Replay build of the fuzz targets: each fuzz/<name>_fuzzer.cc is compiled with the normal
# compiler (gcc or clang, no libFuzzer) together with fuzz/replay_main.cc into fuzz_replay_<name>,
# and CTest runs it over fuzz/corpus/<name> and fuzz/regressions/<name> as test fuzz_replay_<name>.
#
# Included from the top-level CMakeLists.txt, after the modules and after enable_testing():
#   include(${CMAKE_CURRENT_SOURCE_DIR}/fuzz/replay.cmake OPTIONAL)
# It does nothing when tests are off, in a libFuzzer build (SARING_BUILD_FUZZERS, which has its
# own binaries), or when a target's source or library is missing. The targets use LLVM's
# header-only FuzzedDataProvider: it is taken from an installed clang (any version) and copied
# into the build folder; without it the replay tests are skipped with a message.
if(NOT SARING_BUILD_TESTS OR SARING_BUILD_FUZZERS)
  return()
endif()
include(${CMAKE_CURRENT_LIST_DIR}/targets.cmake)

file(GLOB saring_fdp_candidates
  /usr/lib/llvm-*/lib/clang/*/include/fuzzer/FuzzedDataProvider.h
  /usr/lib/clang/*/include/fuzzer/FuzzedDataProvider.h
  /usr/local/lib/clang/*/include/fuzzer/FuzzedDataProvider.h)
if(NOT saring_fdp_candidates)
  message(STATUS "fuzz replay: FuzzedDataProvider.h not found (install clang); replay tests skipped")
  return()
endif()
list(SORT saring_fdp_candidates COMPARE NATURAL ORDER DESCENDING)
list(GET saring_fdp_candidates 0 saring_fdp_header)
set(saring_fdp_dir ${CMAKE_BINARY_DIR}/fuzz-replay-include)
configure_file(${saring_fdp_header} ${saring_fdp_dir}/fuzzer/FuzzedDataProvider.h COPYONLY)

set(saring_fuzz_dir ${CMAKE_CURRENT_LIST_DIR})
get_filename_component(saring_source_root ${saring_fuzz_dir} DIRECTORY)
foreach(name ${SARING_FUZZ_TARGETS})
  set(lib ${SARING_FUZZ_LIB_${name}})
  if(NOT TARGET ${lib} OR NOT EXISTS ${saring_fuzz_dir}/${name}_fuzzer.cc)
    continue()
  endif()
  add_executable(fuzz_replay_${name} ${saring_fuzz_dir}/${name}_fuzzer.cc ${saring_fuzz_dir}/replay_main.cc)
  target_include_directories(fuzz_replay_${name} PRIVATE
    ${saring_fuzz_dir} ${saring_source_root}/src)
  target_include_directories(fuzz_replay_${name} SYSTEM PRIVATE ${saring_fdp_dir})
  target_link_libraries(fuzz_replay_${name} PRIVATE ${lib})
  add_test(NAME fuzz_replay_${name}
    COMMAND fuzz_replay_${name} ${saring_fuzz_dir}/corpus/${name} ${saring_fuzz_dir}/regressions/${name})
  set_tests_properties(fuzz_replay_${name} PROPERTIES TIMEOUT 300 LABELS fuzz
    ENVIRONMENT "TMPDIR=${CMAKE_BINARY_DIR}/test-tmp")
endforeach()
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/test-tmp)
