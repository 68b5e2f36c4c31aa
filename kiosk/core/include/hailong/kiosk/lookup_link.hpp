#pragma once
// The link a citizen's phone opens to follow a complaint: the server's public lookup page with the
// tracking code filled in, `<public URL>/lookup.html?code=<CODE>` (assets/dashboard/web/lookup.js
// reads ?code= and asks at once). The thank-you screen shows it as a QR code and the receipt
// prints it.
//
// The public URL comes from the kiosk's configuration (`public_url`, else `server_url`) and is
// checked here, because whatever it says ends up in a citizen's browser: `http` or `https`, a
// host, an optional port and path, only the characters A-Z a-z 0-9 . - _ ~ / : of a plain URL (no
// user name, no query or fragment, no percent escapes, no spaces or control characters; an
// international domain name is written in its xn-- form), at most max_public_url_chars. Trailing
// slashes are dropped.
//
// Thread safety: pure functions. Errors: nullopt, never a throw.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hailong::kiosk {

inline constexpr std::size_t max_public_url_chars = 200;

/// `text` as a base URL for links (without trailing slashes), or nullopt if it is not one.
std::optional<std::string> public_base_url(std::string_view text);

/// The lookup link of tracking code `code` (any form tracking_code::parse reads; the link carries
/// its display form, percent-encoded as a query value), or nullopt when the base URL or the code
/// is not valid.
std::optional<std::string> lookup_link(std::string_view public_url, std::string_view code);

}  // namespace hailong::kiosk
