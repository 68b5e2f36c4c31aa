#pragma once
// Translatable messages.
//
// Every sentence a citizen, officer or manager reads is a key in assets/lang/<lang>.json (flat
// object: key -> text). Code builds a Message (a key plus named parameters) and renders it late,
// in the reader's language. Parameters are written {name} in the text. The catalogues of
// assets/lang are compiled into the library, so every program can render without asset paths.

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hailong {

/// A message to be rendered later: a catalogue key and its named parameters.
struct Message {
    std::string key;
    std::vector<std::pair<std::string, std::string>> params;

    Message() = default;
    explicit Message(std::string k) : key(std::move(k)) {}
    Message(std::string k, std::vector<std::pair<std::string, std::string>> p) : key(std::move(k)), params(std::move(p)) {}

    friend bool operator==(const Message&, const Message&) = default;
};

/// One language's texts. Immutable after construction; safe to share between threads.
class Catalog {
public:
    Catalog() = default;

    /// Parses a flat JSON object of string values. Throws std::invalid_argument naming the
    /// problem (not JSON, not an object, a non-string value, a text that is not NFC).
    static Catalog parse(std::string_view json_text);

    /// The text of `key`, or nullptr if the catalogue lacks it.
    [[nodiscard]] const std::string* find(std::string_view key) const;
    [[nodiscard]] const std::map<std::string, std::string, std::less<>>& entries() const { return entries_; }

private:
    std::map<std::string, std::string, std::less<>> entries_;
};

/// Substitutes each {name} in `text` with its parameter; placeholders with no parameter stay.
std::string substitute(std::string_view text, const std::vector<std::pair<std::string, std::string>>& params);

/// The languages hailong ships, Vietnamese first.
inline constexpr std::string_view languages[] = {"vi", "en"};

/// Renders messages in a language, falling back to English and then to the key itself, so a
/// missing translation shows something rather than nothing (the language tests keep it from
/// happening). Immutable; safe to share between threads.
class Translator {
public:
    /// The catalogues compiled in from assets/lang. Built on first use; thread safe.
    static const Translator& builtin();

    explicit Translator(std::map<std::string, Catalog, std::less<>> catalogs);

    /// Renders `message` in `lang` ("vi", "en"; a region such as "vi-VN" is ignored).
    [[nodiscard]] std::string render(const Message& message, std::string_view lang) const;
    /// Shorthand for a message with no parameters.
    [[nodiscard]] std::string text(std::string_view key, std::string_view lang) const;

    /// The catalogue for `lang`, or nullptr.
    [[nodiscard]] const Catalog* catalog(std::string_view lang) const;

    /// Picks a supported language from an HTTP Accept-Language header or a POSIX locale
    /// ("vi_VN.UTF-8"); `fallback` if none matches.
    static std::string pick_language(std::string_view preference, std::string_view fallback);

private:
    std::map<std::string, Catalog, std::less<>> catalogs_;
};

/// An error a person can act on (a wrong option, a duplicate id, a file that cannot be read),
/// carrying its translatable message. what() is the English text, for logs.
class MessageError : public std::runtime_error {
public:
    explicit MessageError(Message message)
        : std::runtime_error(Translator::builtin().render(message, "en")), message_(std::move(message)) {}
    [[nodiscard]] const Message& message() const { return message_; }

private:
    Message message_;
};

}  // namespace hailong
