# Compiler flags shared by every hailong target, carried by the INTERFACE target hailong::flags.
# Link it PRIVATE: warnings are ours to keep clean, not something to impose on whoever links us.
add_library(hailong_flags INTERFACE)
add_library(hailong::flags ALIAS hailong_flags)

target_compile_options(hailong_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wconversion -Wsign-conversion -Wnull-dereference
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
if(HAILONG_WARNINGS_AS_ERRORS)
  target_compile_options(hailong_flags INTERFACE -Werror)
endif()

# Sanitizers apply to the whole build (libraries, executables and tests alike), or ASan's container
# overflow checks report false positives across the boundary.
if(HAILONG_SANITIZERS)
  add_compile_options(-fsanitize=${HAILONG_SANITIZERS} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${HAILONG_SANITIZERS})
endif()
