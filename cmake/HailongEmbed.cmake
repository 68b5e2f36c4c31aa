# hailong_embed_text(<target> <symbol> <file>)
#
# Compiles the text of <file> into <target> as
#   namespace hailong::embedded { extern const std::string_view <symbol>; }
# so programs need no asset path to find, for example, the built-in language catalogues.
# The build re-runs when the file changes.
function(hailong_embed_text target symbol file)
  get_filename_component(abs "${file}" ABSOLUTE)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${abs}")
  file(READ "${abs}" HAILONG_EMBED_CONTENT)
  string(FIND "${HAILONG_EMBED_CONTENT}" ")hailong_embed\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${abs} contains the raw-string delimiter used to embed it")
  endif()
  set(HAILONG_EMBED_SYMBOL "${symbol}")
  set(out "${CMAKE_CURRENT_BINARY_DIR}/embedded/${symbol}.cpp")
  configure_file("${PROJECT_SOURCE_DIR}/cmake/embed.cpp.in" "${out}" @ONLY)
  target_sources(${target} PRIVATE "${out}")
endfunction()
