# cctv_module(NAME DEPS <public deps...>): one library per top-level module.
# Public headers live in <module>/include/cctv/<name>/, sources in <module>/src/.
function(cctv_module name)
  cmake_parse_arguments(ARG "" "" "DEPS;PRIVATE_DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/src/*.cpp)
  add_library(cctv_${name} STATIC ${sources})
  add_library(cctv::${name} ALIAS cctv_${name})
  target_include_directories(cctv_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                          PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(cctv_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  cctv_warnings(cctv_${name})
endfunction()

# Our own code is warning-free; third-party headers come in as SYSTEM.
function(cctv_warnings target)
  # Designated initializers that rely on member defaults are intended, hence no missing-field-initializers.
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wno-missing-field-initializers)
endfunction()
