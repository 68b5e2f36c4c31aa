#pragma once
// A site's own certificate authority and server certificate, for an office that has no
// certificate from a public or provincial CA (`hailong-admin init`). The CA's certificate is what
// every kiosk's `ca_file` names; the server certificate, signed by it, names the addresses the
// kiosks use to reach the server (subjectAltName DNS and IP entries).
//
// Keys are ECDSA P-256, certificates SHA-256 with random 128-bit serial numbers. The CA is valid
// for ten years and may sign only end certificates (basicConstraints CA:TRUE, pathlen 0); the
// server certificate for `server_days` (825 by default, the longest that clients which cap
// lifetimes accept), for TLS server authentication only.
//
// Files in `dir`: ca.crt (0644), ca.key (0600), server.crt (0644), server.key (0600). Keys are
// written to a temporary file opened 0600 and renamed into place, so a key is never readable by
// others, not even for a moment, and never half written.
//
// Errors: MessageError with a catalogue key (admin.tls.*) naming the file or host at fault.
// Thread safety: free functions with no shared state.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hailong::server {

struct SiteTlsRequest {
    std::filesystem::path dir;       ///< created (0750) if missing
    std::vector<std::string> hosts;  ///< DNS names and IP addresses; the first is the subject's CN
    int server_days = 825;           ///< 1..3650
    /// Replace an existing server.key/server.crt. The CA is never replaced: with ca.crt and
    /// ca.key present it signs the new server certificate, so the kiosks keep working.
    bool replace_server_key = false;
};

struct SiteTlsResult {
    std::filesystem::path ca_cert, ca_key, server_cert, server_key;
    bool ca_created = false;  ///< false: the CA already in `dir` was used
    std::string server_not_after;  ///< last day of validity, YYYY-MM-DD (UTC)
};

/// Makes (or reuses) the CA in `request.dir` and a new server certificate signed by it.
/// Refuses, changing nothing, when server.key or server.crt exists and replace_server_key is
/// false (admin.tls.exists), when only one of ca.crt / ca.key exists (admin.tls.ca_incomplete),
/// when the existing ca.key does not belong to ca.crt (admin.tls.ca_mismatch), or when a host is
/// neither an IP address nor a DNS name (admin.tls.host).
SiteTlsResult make_site_tls(const SiteTlsRequest& request);

/// True for an IPv4 or IPv6 address, or a DNS name of letters, digits and hyphens in dot-separated
/// labels of 1..63 characters, at most 253 in all (a leading "*." is allowed for a wildcard).
bool is_valid_tls_host(std::string_view host);

/// The names a server certificate carries besides those the operator gives: this machine's host
/// name (when it is a valid DNS name), "localhost" and 127.0.0.1.
std::vector<std::string> default_tls_hosts();

}  // namespace hailong::server
