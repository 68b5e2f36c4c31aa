#pragma once
// What every hailong command line shares: the language of its messages and the --version line.

#include <string>
#include <string_view>

namespace hailong {

/// The language for command-line messages: HAILONG_LANG, else LC_ALL / LC_MESSAGES / LANG
/// (the first that is set), else Vietnamese. Reads the process environment; thread safe as long
/// as nobody calls setenv concurrently.
std::string cli_language();

/// "<program> <version>", the output of --version.
std::string version_line(std::string_view program);

}  // namespace hailong
