#pragma once
// A whole file's bytes as a string, for tests that check what a unit wrote. A missing file reads
// as empty (the test's own CHECK then says what was expected).
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace hailong::test {

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace hailong::test
