# Compiler flags shared by every hailong target, carried by the INTERFACE target hailong::flags.
# Link it PRIVATE: warnings are ours to keep clean, not something to impose on whoever links us.
add_library(hailong_flags INTERFACE)
add_library(hailong::flags ALIAS hailong_flags)

target_compile_options(hailong_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wconversion -Wsign-conversion -Wnull-dereference
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
# GCC 12 warns -Wrestrict inside libstdc++ wherever an optimised build inlines
# `"literal" + std::string&&` (GCC bug 105329, fixed in GCC 13): hundreds of lines about
# char_traits::copy that bury real warnings. Off for GCC 12 only; GCC 13 and clang keep it.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12
   AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(hailong_flags INTERFACE -Wno-restrict)
endif()
if(HAILONG_WARNINGS_AS_ERRORS)
  target_compile_options(hailong_flags INTERFACE -Werror)
endif()

# Sanitizers apply to the whole build (libraries, executables and tests alike), or ASan's container
# overflow checks report false positives across the boundary.
if(HAILONG_SANITIZERS)
  add_compile_options(-fsanitize=${HAILONG_SANITIZERS} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${HAILONG_SANITIZERS})
endif()
