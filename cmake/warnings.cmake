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
# The baseline target is the compiler's default x86-64 (SSE2), so the program starts on any x86-64 CPU.
# Only the kernel sources are also compiled with GLASSBOX_AVX2_FLAGS (engine/models/CMakeLists.txt) and
# chosen at run time from CPUID (models/kernel_set.h). GLASSBOX_NATIVE=ON builds everything for the
# build machine instead and skips the second kernel set.
set(GLASSBOX_AVX2_FLAGS "")
if(GLASSBOX_NATIVE)
  target_compile_options(glassbox_options INTERFACE -march=native)
  target_compile_definitions(glassbox_options INTERFACE GLASSBOX_NATIVE_BUILD=1)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  include(CheckCXXCompilerFlag)
  check_cxx_compiler_flag("-mavx2 -mfma -mf16c" GLASSBOX_HAS_AVX2_FLAGS)
  if(GLASSBOX_HAS_AVX2_FLAGS)
    set(GLASSBOX_AVX2_FLAGS -mavx2 -mfma -mf16c)
  endif()
endif()
