# One library per module, and one doctest executable per module that has *.test.cpp files.
#
#   col_add_module(events DEPS col_common LIBS PkgConfig::ROCKSDB)
#
# makes the static library `col_events` from every non-test .cpp in the calling folder, and
# `events_tests` from every `*.test.cpp` there, registered with CTest as `unit.events`.
# `PCH NONE|CORE|NET` picks the precompiled header (below); CORE when not given.

# Two precompiled headers, and none for modules that do not need one: a 370 MB header cost
# every translation unit ~4 s to load, more than it saved for all but the CAF- and Beast-heavy
# ones (measured in session 4).
#   CORE  CAF, Protobuf, Boost.JSON: actors and whatever talks to them
#   NET   CORE plus Asio/Beast: the HTTP server and its users
#   NONE  plain C++ (common, domain, media, graphql)
set(COL_PCH_CORE_HEADERS
  <caf/all.hpp>
  <google/protobuf/message.h>
  <boost/json.hpp>
  <string>
  <vector>
  <memory>
  <optional>)
set(COL_PCH_NET_HEADERS
  ${COL_PCH_CORE_HEADERS}
  <boost/asio/ip/tcp.hpp>
  <boost/beast/core.hpp>
  <boost/beast/http.hpp>)

add_library(col_pch OBJECT ${CMAKE_CURRENT_LIST_DIR}/pch.cpp)
target_precompile_headers(col_pch PRIVATE ${COL_PCH_CORE_HEADERS})
target_link_libraries(col_pch PUBLIC caf_core protobuf::libprotobuf)

add_library(col_pch_net OBJECT ${CMAKE_CURRENT_LIST_DIR}/pch.cpp)
target_precompile_headers(col_pch_net PRIVATE ${COL_PCH_NET_HEADERS})
target_link_libraries(col_pch_net PUBLIC caf_core protobuf::libprotobuf)

add_library(col_doctest_main OBJECT ${CMAKE_CURRENT_LIST_DIR}/doctest_main.cpp)

# col_use_pch(target [CORE|NET|NONE]): the project's include paths, and the precompiled header
# of that kind (CORE when not given).
function(col_use_pch target)
  set(kind CORE)
  if(ARGC GREATER 1)
    set(kind ${ARGV1})
  endif()
  if(kind STREQUAL "CORE")
    target_precompile_headers(${target} REUSE_FROM col_pch)
  elseif(kind STREQUAL "NET")
    target_precompile_headers(${target} REUSE_FROM col_pch_net)
  elseif(NOT kind STREQUAL "NONE")
    message(FATAL_ERROR "col_use_pch: unknown kind ${kind}")
  endif()
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
endfunction()

# col_unity_build(target): compile the target's files four to a translation unit (CMake unity
# build: the CAF and doctest instantiations they share are compiled once per batch; about half
# of `make test`'s compile time). So a file's anonymous-namespace helpers must not share a name
# with another file's of the same target (README, "Commands").
function(col_unity_build target)
  set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 4)
endfunction()

# Test executables: a unity build, and -O1 in the release build (the code under test keeps -O2).
function(col_fast_test_build target)
  col_unity_build(${target})
  target_compile_options(${target} PRIVATE $<$<CONFIG:RelWithDebInfo>:-O1>)
endfunction()

function(col_add_module name)
  cmake_parse_arguments(M "" "PCH" "DEPS;LIBS" ${ARGN})
  if(NOT M_PCH)
    set(M_PCH CORE)
  endif()
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  list(FILTER sources EXCLUDE REGEX "\\.test\\.cpp$")
  file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.test.cpp)

  add_library(col_${name} STATIC ${sources})
  target_include_directories(col_${name} PUBLIC ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
  target_link_libraries(col_${name} PUBLIC ${M_DEPS} ${M_LIBS})
  col_use_pch(col_${name} ${M_PCH})
  col_unity_build(col_${name})

  if(tests)
    add_executable(${name}_tests ${tests} $<TARGET_OBJECTS:col_doctest_main>)
    target_link_libraries(${name}_tests PRIVATE col_${name})
    col_use_pch(${name}_tests ${M_PCH})
    col_fast_test_build(${name}_tests)
    add_test(NAME unit.${name} COMMAND ${name}_tests)
    set_tests_properties(unit.${name} PROPERTIES TIMEOUT 600
      ENVIRONMENT "COLORS_TEST_TMP=${PROJECT_BINARY_DIR}/test-tmp")
  endif()
endfunction()

# col_use_server_allocator(target): link jemalloc (Debian libjemalloc-dev), the allocator the
# server runs with: the API builds many small JSON values per request, and glibc malloc was a
# third of the CPU of a catalog search. bench_event_store uses it too, so that it measures the
# writer as it runs in the server. Not with sanitizers (they bring their own allocator).
find_library(JEMALLOC_LIBRARY jemalloc)
function(col_use_server_allocator target)
  if(JEMALLOC_LIBRARY AND NOT SANITIZE)
    target_link_libraries(${target} PRIVATE ${JEMALLOC_LIBRARY})
  endif()
endfunction()
