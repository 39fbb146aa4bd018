# One interface target carries the project's warnings; every target links it PRIVATE.
add_library(glassbox_warnings INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(glassbox_warnings INTERFACE
    -Wall -Wextra -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
    -Wno-unused-parameter)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(glassbox_warnings INTERFACE -Wshadow=local)
  else()
    target_compile_options(glassbox_warnings INTERFACE -Wshadow-uncaptured-local)
  endif()
endif()

add_library(glassbox_options INTERFACE)
if(GLASSBOX_NATIVE)
  target_compile_options(glassbox_options INTERFACE -march=native)
else()
  # AVX2/FMA are on every x86-64 laptop of the last decade; fall back to the default target elsewhere.
  include(CheckCXXCompilerFlag)
  check_cxx_compiler_flag("-mavx2 -mfma" GLASSBOX_HAS_AVX2_FLAGS)
  if(GLASSBOX_HAS_AVX2_FLAGS AND CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
    target_compile_options(glassbox_options INTERFACE -mavx2 -mfma -mf16c)
  endif()
endif()
