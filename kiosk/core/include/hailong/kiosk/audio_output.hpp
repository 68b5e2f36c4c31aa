#pragma once
// Where the kiosk's voice plays: on headphones when a citizen has plugged some in, so that what
// is read aloud (a tracking code, a complaint's answer) stays private (EN 301 549 5.1.3.5,
// private listening), else on the kiosk's own output, as the kiosk's settings say.
//
// The sound server of Debian 12 (PipeWire through pipewire-pulse, or PulseAudio) describes its
// outputs ("sinks") in `pactl --format=json list sinks`: each with its name, its properties
// (`device.form_factor`: "headphone" or "headset" for a USB or Bluetooth headset) and its
// ports, each with a type ("Headphones", "Headset", "Speaker", ...), a name
// ("analog-output-headphones") and whether something is plugged in ("availability":
// "available", "not available", "availability unknown"), and the port in use (`active_port`).
// A sink is headphones when its form factor says so, or when its active port is a headphone or
// headset port that is not reported unplugged (a jack the server switches to when plugged in).
//
// Thread safety: pure functions.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hailong::kiosk {

/// The kiosk setting `speech_output`.
enum class SpeechOutput {
    automatic,   ///< "auto": headphones when plugged in, else the default output (the default)
    headphones,  ///< "headphones": only ever headphones; silent while none are plugged in
    speaker,     ///< "speaker": always the default output
};

/// Reads "auto", "headphones" or "speaker"; nullopt for anything else.
std::optional<SpeechOutput> parse_speech_output(std::string_view text);

/// One output of the sound server, as far as the choice needs it.
struct AudioSink {
    std::string name;         ///< the server's name for it (what PULSE_SINK takes)
    bool headphones = false;  ///< headphones or a headset, plugged in

    bool operator==(const AudioSink&) const = default;
};

/// The sinks in the output of `pactl --format=json list sinks`; nullopt when it is not that
/// (no JSON array), an empty list when the server has no outputs. Never throws.
std::optional<std::vector<AudioSink>> parse_pactl_sinks(std::string_view json_text);

/// Where to speak.
struct AudioChoice {
    bool speak = true;  ///< false: say nothing (private listening asked for, no headphones)
    std::string sink;   ///< the sink to play on; empty: the server's default (or no server)

    bool operator==(const AudioChoice&) const = default;
};

/// The choice for `setting` among `sinks` (nullopt: no sound server could be asked, as on a
/// machine without audio): the first headphone sink for automatic and headphones, else the
/// default output for automatic and speaker, and silence for headphones.
AudioChoice choose_audio_output(SpeechOutput setting, const std::optional<std::vector<AudioSink>>& sinks);

}  // namespace hailong::kiosk
