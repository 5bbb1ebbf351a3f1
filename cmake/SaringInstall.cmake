# Install rules: `cmake --install build [--prefix P]` writes
#   P/include/saring/*.h                  the public headers (umbrella: <saring/saring.h>)
#   P/lib/libsaring_<module>.a            one static library per module
#   P/lib/cmake/saring/                   saringConfig.cmake: find_package(saring) -> saring::saring
#   P/lib/pkgconfig/saring.pc             pkg-config --cflags --libs saring
#   P/bin/saring                          the command line
# tests/install checks both ways of consuming it from a project outside this tree.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(SARING_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/saring)
set(saring_module_targets)
foreach(module ${SARING_MODULE_ORDER})
  if(TARGET saring_${module})
    list(APPEND saring_module_targets saring_${module})
  endif()
endforeach()

install(TARGETS saring saring_deps ${saring_module_targets}
  EXPORT saringTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/include/saring DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT saringTargets NAMESPACE saring:: DESTINATION ${SARING_INSTALL_CMAKEDIR})
if(TARGET saring_cli)
  install(TARGETS saring_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

configure_package_config_file(${CMAKE_SOURCE_DIR}/cmake/saringConfig.cmake.in
  ${CMAKE_BINARY_DIR}/saringConfig.cmake INSTALL_DESTINATION ${SARING_INSTALL_CMAKEDIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/saringConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/saringConfig.cmake ${CMAKE_BINARY_DIR}/saringConfigVersion.cmake
  ${CMAKE_SOURCE_DIR}/cmake/SaringFindDependencies.cmake
  DESTINATION ${SARING_INSTALL_CMAKEDIR})

# pkg-config: static libraries must be listed dependents first, so the modules go in the reverse
# of SARING_MODULE_ORDER (which lists each module after the modules it uses).
set(saring_pc_modules ${saring_module_targets})
list(REVERSE saring_pc_modules)
set(SARING_PC_LIBS)
foreach(lib ${saring_pc_modules})
  string(APPEND SARING_PC_LIBS "-l${lib} ")
endforeach()
string(APPEND SARING_PC_LIBS "${SARING_PC_EXTRA_LIBS} -pthread")
file(RELATIVE_PATH SARING_PC_UP /p/${CMAKE_INSTALL_LIBDIR}/pkgconfig /p)
set(SARING_PC_REQUIRES "${SARING_PC_EXTRA_REQUIRES}")
configure_file(${CMAKE_SOURCE_DIR}/cmake/saring.pc.in ${CMAKE_BINARY_DIR}/saring.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/saring.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The fastText language-ID model, when scripts/fetch-lid-model.sh has put it in models/ (it is not
# part of the repository); installed where the library looks for it (docs/language-id.md).
install(FILES ${CMAKE_SOURCE_DIR}/models/lid.176.ftz DESTINATION ${CMAKE_INSTALL_DATADIR}/saring
  OPTIONAL)
