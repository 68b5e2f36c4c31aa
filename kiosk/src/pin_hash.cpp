#include "pin_hash.hpp"

#include "hailong/kiosk/staff_credentials.hpp"

#include <sodium.h>

#include <stdexcept>

namespace hailong::kiosk {

namespace {

void start_sodium() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

}  // namespace

std::string hash_pin(const std::string& pin) {
    start_sodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw std::runtime_error("out of memory while hashing the PIN");
    return out;
}

bool pin_matches(const std::string& hash, const std::string& pin) { return pin_hash_matches(hash, pin); }

}  // namespace hailong::kiosk
