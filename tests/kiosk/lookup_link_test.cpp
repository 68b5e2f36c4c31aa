// Tests of the lookup link (kiosk/core/include/hailong/kiosk/lookup_link.hpp): what a public URL
// may be, and that only a real tracking code, in its display form, reaches the query.
#include <catch2/catch.hpp>

#include "hailong/kiosk/lookup_link.hpp"

using namespace hailong::kiosk;

TEST_CASE("lookup link: the public URL and the code in its display form", "[lookup_link]") {
    // 3AU-3X4X-C: kiosk 1234, complaint 56789 (tracking_code.hpp's example, scripts/tracking_code.py).
    CHECK(lookup_link("https://hailong.thanhhoa.gov.vn", "3AU-3X4X-C") ==
          "https://hailong.thanhhoa.gov.vn/lookup.html?code=3AU-3X4X-C");
    // As typed: lower case, no dashes; a trailing slash and a path prefix.
    CHECK(lookup_link("https://thanhhoa.gov.vn/hailong/", "3au3x4xc") ==
          "https://thanhhoa.gov.vn/hailong/lookup.html?code=3AU-3X4X-C");
    CHECK(lookup_link("http://10.0.0.5:8443", "3AU-3X4X-C") == "http://10.0.0.5:8443/lookup.html?code=3AU-3X4X-C");
}

TEST_CASE("lookup link: a code that is not one gives no link", "[lookup_link]") {
    CHECK_FALSE(lookup_link("https://a.vn", "3AU-3X4X-D"));  // the check symbol does not match
    CHECK_FALSE(lookup_link("https://a.vn", "TH1-0042-X"));  // 1 is not in the alphabet
    CHECK_FALSE(lookup_link("https://a.vn", "3AU-3X4X-C&admin=1"));
    CHECK_FALSE(lookup_link("https://a.vn", ""));
}

TEST_CASE("lookup link: only plain http(s) addresses are public URLs", "[lookup_link]") {
    CHECK(public_base_url("https://hailong.thanhhoa.gov.vn///") == "https://hailong.thanhhoa.gov.vn");
    CHECK(public_base_url("https://xn--thanhha-q9a.vn/tra_cuu~1") == "https://xn--thanhha-q9a.vn/tra_cuu~1");
    for (const char* bad : {"", "https://", "https:///lookup", "ftp://a.vn", "javascript:alert(1)", "HTTPS://a.vn",
                            "//a.vn", "a.vn", "https://a.vn?x=1", "https://a.vn/#top", "https://user@a.vn",
                            "https://a.vn/a b", "https://a.vn/%2e%2e", "https://thanhhóa.vn", "https://a.vn/\n",
                            "https://a.vn/\"onload=\"", "https://-a.vn", "https://a.vn\\@b.vn"}) {
        INFO(bad);
        CHECK_FALSE(public_base_url(bad));
    }
    CHECK(public_base_url("https://" + std::string(max_public_url_chars - 8, 'a')));
    CHECK_FALSE(public_base_url("https://" + std::string(max_public_url_chars - 7, 'a')));
}
