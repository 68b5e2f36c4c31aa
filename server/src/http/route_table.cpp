#include "hailong/server/http/route_table.hpp"

namespace hailong::server {

bool match_route(std::string_view pattern, std::string_view path, std::vector<std::string>& captures) {
    const std::size_t first_capture = captures.size();
    while (!pattern.empty() || !path.empty()) {
        if (pattern.empty() || path.empty() || pattern.front() != '/' || path.front() != '/') break;
        pattern.remove_prefix(1);
        path.remove_prefix(1);
        const std::string_view want = pattern.substr(0, pattern.find('/'));
        const std::string_view got = path.substr(0, path.find('/'));
        if (want == "{}") {
            if (got.empty()) break;
            captures.emplace_back(got);
        } else if (want != got) {
            break;
        }
        pattern.remove_prefix(want.size());
        path.remove_prefix(got.size());
        if (pattern.empty() && path.empty()) return true;
    }
    captures.resize(first_capture);
    return false;
}

std::string_view to_string(Access access) {
    switch (access) {
    case Access::anyone: return "anyone";
    case Access::kiosk: return "kiosk";
    case Access::user: return "user";
    case Access::integration: return "integration";
    }
    return "?";
}

}  // namespace hailong::server
