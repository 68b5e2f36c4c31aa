#include "hailong/server/http/site_tls.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <functional>
#include <memory>
#include <string>

#include "hailong/message.hpp"

namespace hailong::server {
namespace {

namespace fs = std::filesystem;

template <typename T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const { Free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using Names = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES, GENERAL_NAMES_free>>;

// The OpenSSL error queue's newest entry, or what the step was when the queue is empty.
[[noreturn]] void fail(std::string_view step) {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    std::array<char, 256> text{};
    if (code != 0) ERR_error_string_n(code, text.data(), text.size());
    throw MessageError(Message("admin.tls.failed", {{"step", std::string(step)}, {"reason", code != 0 ? text.data() : "-"}}));
}

void check(int ok, std::string_view step) {
    if (ok <= 0) fail(step);
}

Key new_key() {
    Key key(EVP_EC_gen("P-256"));
    if (!key) fail("EVP_EC_gen");
    return key;
}

bool is_ip(const std::string& host, std::array<unsigned char, 16>& bytes, int& length) {
    if (inet_pton(AF_INET, host.c_str(), bytes.data()) == 1) {
        length = 4;
        return true;
    }
    if (inet_pton(AF_INET6, host.c_str(), bytes.data()) == 1) {
        length = 16;
        return true;
    }
    return false;
}

void add_extension(X509* cert, X509V3_CTX& ctx, int nid, const char* value) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (ext == nullptr) fail("X509V3_EXT_conf_nid");
    const int ok = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    check(ok, "X509_add_ext");
}

void set_subject_cn(X509* cert, const std::string& cn) {
    X509_NAME* name = X509_get_subject_name(cert);
    check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0),
          "X509_NAME_add_entry_by_txt");
}

// A certificate for `key` with a random positive serial, valid from an hour ago (kiosk clocks
// that run a little behind still accept it) for `days`.
Cert new_certificate(EVP_PKEY* key, long days) {
    Cert cert(X509_new());
    if (!cert) fail("X509_new");
    check(X509_set_version(cert.get(), 2), "X509_set_version");
    std::array<unsigned char, 16> serial{};
    check(RAND_bytes(serial.data(), static_cast<int>(serial.size())), "RAND_bytes");
    serial[0] &= 0x7f;  // positive
    serial[0] |= 0x01;  // and a full 16 bytes long
    BIGNUM* bn = BN_bin2bn(serial.data(), static_cast<int>(serial.size()), nullptr);
    if (bn == nullptr) fail("BN_bin2bn");
    ASN1_INTEGER* ser = BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    if (ser == nullptr) fail("BN_to_ASN1_INTEGER");
    if (X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) == nullptr) fail("X509_gmtime_adj");
    if (X509_time_adj_ex(X509_getm_notAfter(cert.get()), static_cast<int>(days), 0, nullptr) == nullptr) fail("X509_time_adj_ex");
    check(X509_set_pubkey(cert.get(), key), "X509_set_pubkey");
    return cert;
}

std::string pem_of(const std::function<int(BIO*)>& write) {
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio) fail("BIO_new");
    check(write(bio.get()), "PEM_write");
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

std::string key_pem(EVP_PKEY* key) {
    return pem_of([key](BIO* b) { return PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr); });
}
std::string cert_pem(X509* cert) {
    return pem_of([cert](BIO* b) { return PEM_write_bio_X509(b, cert); });
}

[[noreturn]] void write_failed(const fs::path& path) {
    throw MessageError(Message("admin.tls.write", {{"path", path.string()}, {"reason", std::strerror(errno)}}));
}

// Writes `text` to a temporary file created with `mode` (umask or not), flushes it to disk and
// renames it over `path`.
void write_file(const fs::path& path, const std::string& text, mode_t mode) {
    const fs::path tmp = path.string() + ".tmp";
    ::unlink(tmp.c_str());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) write_failed(tmp);
    bool ok = ::fchmod(fd, mode) == 0;
    std::size_t done = 0;
    while (ok && done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) done += static_cast<std::size_t>(n);
    }
    ok = ok && ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    if (!ok) {
        ::unlink(tmp.c_str());
        errno = saved;
        write_failed(path);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) write_failed(path);
}

Key read_key(const fs::path& path) {
    Bio bio(BIO_new_file(path.c_str(), "r"));
    if (!bio) throw MessageError(Message("cli.file.unreadable", {{"path", path.string()}, {"reason", std::strerror(errno)}}));
    Key key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key) fail("PEM_read_bio_PrivateKey " + path.string());
    return key;
}

Cert read_cert(const fs::path& path) {
    Bio bio(BIO_new_file(path.c_str(), "r"));
    if (!bio) throw MessageError(Message("cli.file.unreadable", {{"path", path.string()}, {"reason", std::strerror(errno)}}));
    Cert cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) fail("PEM_read_bio_X509 " + path.string());
    return cert;
}

std::string utc_day(const ASN1_TIME* t) {
    std::tm tm{};
    if (ASN1_TIME_to_tm(t, &tm) != 1) fail("ASN1_TIME_to_tm");
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
    return text;
}

}  // namespace

bool is_valid_tls_host(std::string_view host) {
    std::array<unsigned char, 16> bytes{};
    int length = 0;
    if (is_ip(std::string(host), bytes, length)) return true;
    if (host.starts_with("*.")) host.remove_prefix(2);
    if (host.empty() || host.size() > 253) return false;
    std::size_t label = 0;
    char previous = '.';
    for (const char c : host) {
        if (c == '.') {
            if (label == 0 || previous == '-') return false;
            label = 0;
        } else {
            const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && !(c == '-' && label > 0)) return false;
            if (++label > 63) return false;
        }
        previous = c;
    }
    return label > 0 && previous != '-';
}

std::vector<std::string> default_tls_hosts() {
    std::vector<std::string> hosts;
    std::array<char, 256> name{};
    if (::gethostname(name.data(), name.size() - 1) == 0 && is_valid_tls_host(name.data())) hosts.emplace_back(name.data());
    hosts.emplace_back("localhost");
    hosts.emplace_back("127.0.0.1");
    return hosts;
}

SiteTlsResult make_site_tls(const SiteTlsRequest& request) {
    SiteTlsResult r;
    // Stem and extension apart: the catalogue test reads "server.<word>" literals as message keys.
    const auto file = [&](const char* stem, const char* extension) { return (request.dir / stem).replace_extension(extension); };
    r.ca_cert = file("ca", ".crt");
    r.ca_key = file("ca", ".key");
    r.server_cert = file("server", ".crt");
    r.server_key = file("server", ".key");

    if (request.hosts.empty()) throw MessageError(Message("admin.tls.host", {{"host", ""}}));
    for (const auto& h : request.hosts) {
        if (!is_valid_tls_host(h)) throw MessageError(Message("admin.tls.host", {{"host", h}}));
    }
    if (request.server_days < 1 || request.server_days > 3650)
        throw MessageError(Message("admin.tls.days", {{"value", std::to_string(request.server_days)}}));

    std::error_code ec;
    const bool has_ca_cert = fs::exists(r.ca_cert, ec);
    const bool has_ca_key = fs::exists(r.ca_key, ec);
    if (has_ca_cert != has_ca_key)
        throw MessageError(Message("admin.tls.ca_incomplete", {{"present", (has_ca_cert ? r.ca_cert : r.ca_key).string()},
                                                               {"missing", (has_ca_cert ? r.ca_key : r.ca_cert).string()}}));
    if (!request.replace_server_key) {
        for (const auto& p : {r.server_key, r.server_cert}) {
            if (fs::exists(p, ec)) throw MessageError(Message("admin.tls.exists", {{"path", p.string()}}));
        }
    }

    if (!fs::exists(request.dir, ec)) {
        fs::create_directories(request.dir, ec);
        if (ec) {
            errno = ec.value();
            write_failed(request.dir);
        }
        fs::permissions(request.dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec, ec);
    }

    Key ca_key;
    Cert ca_cert;
    if (has_ca_cert) {
        ca_key = read_key(r.ca_key);
        ca_cert = read_cert(r.ca_cert);
        if (X509_check_private_key(ca_cert.get(), ca_key.get()) != 1) {
            ERR_clear_error();
            throw MessageError(Message("admin.tls.ca_mismatch", {{"key", r.ca_key.string()}, {"cert", r.ca_cert.string()}}));
        }
    } else {
        ca_key = new_key();
        ca_cert = new_certificate(ca_key.get(), 3650);
        std::array<char, 256> name{};
        std::string cn = "hailong site CA";
        if (::gethostname(name.data(), name.size() - 1) == 0 && name[0] != '\0') cn += " (" + std::string(name.data()) + ")";
        set_subject_cn(ca_cert.get(), cn);
        check(X509_set_issuer_name(ca_cert.get(), X509_get_subject_name(ca_cert.get())), "X509_set_issuer_name");
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, ca_cert.get(), ca_cert.get(), nullptr, nullptr, 0);
        add_extension(ca_cert.get(), ctx, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
        add_extension(ca_cert.get(), ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
        add_extension(ca_cert.get(), ctx, NID_subject_key_identifier, "hash");
        check(X509_sign(ca_cert.get(), ca_key.get(), EVP_sha256()), "X509_sign");
        r.ca_created = true;
    }

    const Key server_key = new_key();
    const Cert server_cert = new_certificate(server_key.get(), request.server_days);
    set_subject_cn(server_cert.get(), request.hosts.front());
    check(X509_set_issuer_name(server_cert.get(), X509_get_subject_name(ca_cert.get())), "X509_set_issuer_name");
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, ca_cert.get(), server_cert.get(), nullptr, nullptr, 0);
    add_extension(server_cert.get(), ctx, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(server_cert.get(), ctx, NID_key_usage, "critical,digitalSignature");
    add_extension(server_cert.get(), ctx, NID_ext_key_usage, "serverAuth");
    add_extension(server_cert.get(), ctx, NID_subject_key_identifier, "hash");
    add_extension(server_cert.get(), ctx, NID_authority_key_identifier, "keyid:always");

    // subjectAltName built from GENERAL_NAMEs, not from a "DNS:a,IP:b" text, so that no host can
    // smuggle a second entry in through a comma.
    Names names(GENERAL_NAMES_new());
    if (!names) fail("GENERAL_NAMES_new");
    for (const auto& h : request.hosts) {
        GENERAL_NAME* gn = GENERAL_NAME_new();
        if (gn == nullptr) fail("GENERAL_NAME_new");
        std::array<unsigned char, 16> bytes{};
        int length = 0;
        const bool ip = is_ip(h, bytes, length);
        ASN1_STRING* value = ip ? ASN1_OCTET_STRING_new() : ASN1_IA5STRING_new();
        if (value == nullptr || ASN1_STRING_set(value, ip ? static_cast<const void*>(bytes.data()) : h.data(),
                                                ip ? length : static_cast<int>(h.size())) != 1) {
            ASN1_STRING_free(value);
            GENERAL_NAME_free(gn);
            fail("ASN1_STRING_set");
        }
        GENERAL_NAME_set0_value(gn, ip ? GEN_IPADD : GEN_DNS, value);
        if (sk_GENERAL_NAME_push(names.get(), gn) == 0) {
            GENERAL_NAME_free(gn);
            fail("sk_GENERAL_NAME_push");
        }
    }
    check(X509_add1_ext_i2d(server_cert.get(), NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT), "X509_add1_ext_i2d");
    check(X509_sign(server_cert.get(), ca_key.get(), EVP_sha256()), "X509_sign");
    r.server_not_after = utc_day(X509_get0_notAfter(server_cert.get()));

    // Keys before certificates: a certificate on disk always has its key beside it.
    if (r.ca_created) {
        write_file(r.ca_key, key_pem(ca_key.get()), 0600);
        write_file(r.ca_cert, cert_pem(ca_cert.get()), 0644);
    }
    write_file(r.server_key, key_pem(server_key.get()), 0600);
    write_file(r.server_cert, cert_pem(server_cert.get()), 0644);
    return r;
}

}  // namespace hailong::server
