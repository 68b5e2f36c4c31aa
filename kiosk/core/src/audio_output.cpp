#include "hailong/kiosk/audio_output.hpp"

#include <nlohmann/json.hpp>

namespace hailong::kiosk {

namespace {

using nlohmann::json;

std::string text_of(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool contains(const std::string& text, std::string_view word) { return text.find(word) != std::string::npos; }

bool headphone_port(const json& port) {
    const std::string type = text_of(port, "type");
    const std::string name = text_of(port, "name");
    // Ports of servers before the port type (PulseAudio < 16) carry it only in their name.
    const bool kind = type == "Headphones" || type == "Headset" ||
                      (type.empty() && (contains(name, "headphone") || contains(name, "headset")));
    return kind && text_of(port, "availability") != "not available";
}

bool is_headphones(const json& sink) {
    if (const auto props = sink.find("properties"); props != sink.end() && props->is_object()) {
        const std::string form = text_of(*props, "device.form_factor");
        if (form == "headphone" || form == "headset") return true;
    }
    const std::string active = text_of(sink, "active_port");
    const auto ports = sink.find("ports");
    if (active.empty() || ports == sink.end() || !ports->is_array()) return false;
    for (const json& port : *ports)
        if (port.is_object() && text_of(port, "name") == active) return headphone_port(port);
    return false;
}

}  // namespace

std::optional<SpeechOutput> parse_speech_output(std::string_view text) {
    if (text == "auto") return SpeechOutput::automatic;
    if (text == "headphones") return SpeechOutput::headphones;
    if (text == "speaker") return SpeechOutput::speaker;
    return std::nullopt;
}

std::optional<std::vector<AudioSink>> parse_pactl_sinks(std::string_view json_text) {
    const json doc = json::parse(json_text, nullptr, false);
    if (doc.is_discarded() || !doc.is_array()) return std::nullopt;
    std::vector<AudioSink> sinks;
    for (const json& sink : doc) {
        if (!sink.is_object()) continue;
        std::string name = text_of(sink, "name");
        if (name.empty()) continue;
        sinks.push_back({std::move(name), is_headphones(sink)});
    }
    return sinks;
}

AudioChoice choose_audio_output(SpeechOutput setting, const std::optional<std::vector<AudioSink>>& sinks) {
    if (setting != SpeechOutput::speaker && sinks) {
        for (const AudioSink& s : *sinks)
            if (s.headphones) return {true, s.name};
    }
    if (setting == SpeechOutput::headphones) return {false, {}};
    return {true, {}};
}

}  // namespace hailong::kiosk
