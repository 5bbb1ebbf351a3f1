# Build helpers shared by the library, tests, benchmarks and fuzzers.

# Warnings for our own code (errors with SARING_WERROR), SARING_PORTABLE, and the sanitizers
# chosen with SARING_SANITIZE.
function(saring_compile_options)
  add_compile_options(-Wall -Wextra -Wno-unused-parameter)
  if(SARING_WERROR)
    add_compile_options(-Werror)
  endif()
  if(SARING_PORTABLE)
    # XXH_VECTOR=0 (XXH_SCALAR): xxHash's inline XXH3 (XXH_INLINE_ALL) without intrinsics too.
    add_compile_definitions(SARING_PORTABLE=1 XXH_VECTOR=0)
  endif()
  if(SARING_SANITIZE)
    string(REPLACE ";" "," sanitizers "${SARING_SANITIZE}")
    add_compile_options(-fsanitize=${sanitizers} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    add_link_options(-fsanitize=${sanitizers})
  endif()
endfunction()

# saring_module(NAME <name> [DEPS <module>...])
# Declares the static library saring_<name> from every *.cc in the calling folder except
# *_test.cc, and, when tests are on, the GoogleTest binary <name>_test from the *_test.cc files.
# DEPS names the other saring modules this one uses (dependencies point one way: util first).
function(saring_module)
  cmake_parse_arguments(M "" "NAME" "DEPS" ${ARGN})
  file(GLOB_RECURSE all_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  set(lib_sources)
  set(test_sources)
  foreach(src ${all_sources})
    if(src MATCHES "_test\\.cc$")
      list(APPEND test_sources ${src})
    else()
      list(APPEND lib_sources ${src})
    endif()
  endforeach()
  set(lib saring_${M_NAME})
  add_library(${lib} STATIC ${lib_sources})
  target_include_directories(${lib}
    PUBLIC $<BUILD_INTERFACE:${CMAKE_SOURCE_DIR}/include> $<INSTALL_INTERFACE:include>
    PRIVATE ${CMAKE_SOURCE_DIR}/src)
  set_target_properties(${lib} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_compile_definitions(${lib} PRIVATE SARING_VERSION="${PROJECT_VERSION}")
  foreach(dep ${M_DEPS})
    target_link_libraries(${lib} PUBLIC saring_${dep})
  endforeach()
  target_link_libraries(${lib} PUBLIC saring_deps)
  target_link_libraries(saring INTERFACE ${lib})
  if(SARING_BUILD_TESTS AND test_sources)
    add_executable(${M_NAME}_test ${test_sources})
    target_include_directories(${M_NAME}_test PRIVATE ${CMAKE_SOURCE_DIR}/src)
    target_link_libraries(${M_NAME}_test PRIVATE ${lib} GTest::gtest GTest::gtest_main)
    target_compile_definitions(${M_NAME}_test PRIVATE SARING_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
    gtest_discover_tests(${M_NAME}_test DISCOVERY_TIMEOUT 60
      PROPERTIES ENVIRONMENT "SARING_TEST_TMPDIR=${CMAKE_BINARY_DIR}/test-tmp")
  endif()
endfunction()

# saring_link_divsufsort(<target>): links Debian's libdivsufsort into a test or benchmark and
# defines SARING_HAVE_DIVSUFSORT when it is installed (substring dedup's suffix-array reference;
# the library itself never needs it).
function(saring_link_divsufsort target)
  if(NOT TARGET ${target})
    return()
  endif()
  pkg_check_modules(DIVSUFSORT IMPORTED_TARGET libdivsufsort)
  if(DIVSUFSORT_FOUND)
    target_link_libraries(${target} PRIVATE PkgConfig::DIVSUFSORT)
    target_compile_definitions(${target} PRIVATE SARING_HAVE_DIVSUFSORT=1)
  endif()
endfunction()
