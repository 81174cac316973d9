# One library per module, and one doctest executable per module that has *.test.cpp files.
#
#   col_add_module(events DEPS col_common LIBS PkgConfig::ROCKSDB)
#
# makes the static library `col_events` from every non-test .cpp in the calling folder, and
# `events_tests` from every `*.test.cpp` there, registered with CTest as `unit.events`.
# Every target reuses one precompiled header (the heavy CAF/Boost/RocksDB headers).

set(COL_PCH_HEADERS
  <caf/all.hpp>
  <rocksdb/db.h>
  <google/protobuf/message.h>
  <boost/json.hpp>
  <boost/asio/ip/tcp.hpp>
  <boost/beast/core.hpp>
  <boost/beast/http.hpp>
  <string>
  <vector>
  <memory>
  <optional>)

add_library(col_pch OBJECT ${CMAKE_CURRENT_LIST_DIR}/pch.cpp)
target_precompile_headers(col_pch PRIVATE ${COL_PCH_HEADERS})
target_link_libraries(col_pch PUBLIC caf_core PkgConfig::ROCKSDB protobuf::libprotobuf)

add_library(col_doctest_main OBJECT ${CMAKE_CURRENT_LIST_DIR}/doctest_main.cpp)
target_precompile_headers(col_doctest_main REUSE_FROM col_pch)

function(col_use_pch target)
  target_precompile_headers(${target} REUSE_FROM col_pch)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
endfunction()

function(col_add_module name)
  cmake_parse_arguments(M "" "" "DEPS;LIBS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  list(FILTER sources EXCLUDE REGEX "\\.test\\.cpp$")
  file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.test.cpp)

  add_library(col_${name} STATIC ${sources})
  target_include_directories(col_${name} PUBLIC ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
  target_link_libraries(col_${name} PUBLIC ${M_DEPS} ${M_LIBS})
  col_use_pch(col_${name})

  if(tests)
    add_executable(${name}_tests ${tests} $<TARGET_OBJECTS:col_doctest_main>)
    target_link_libraries(${name}_tests PRIVATE col_${name})
    col_use_pch(${name}_tests)
    add_test(NAME unit.${name} COMMAND ${name}_tests)
    set_tests_properties(unit.${name} PROPERTIES TIMEOUT 600
      ENVIRONMENT "COLORS_TEST_TMP=${PROJECT_BINARY_DIR}/test-tmp")
  endif()
endfunction()
