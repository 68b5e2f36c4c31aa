// Where the kiosk's voice plays (audio_output.hpp): the sinks read from `pactl --format=json list
// sinks` and the choice the setting makes among them. The JSON below is written by hand in the
// shape PulseAudio 16.1's pactl prints (Debian 12's pulseaudio-utils, also what pipewire-pulse
// answers), cut to the members the choice reads plus a few it must ignore.
#include <catch2/catch.hpp>

#include "hailong/kiosk/audio_output.hpp"

using namespace hailong::kiosk;

namespace {

// The built-in card with its jack: speaker and headphone ports on one sink, the headphones
// plugged in or not; and a USB headset as a sink of its own.
std::string builtin_sink(const std::string& active, const std::string& headphones_availability) {
    return R"({"index": 55, "state": "SUSPENDED", "name": "alsa_output.pci-0000_00_1f.3.analog-stereo",
      "description": "Built-in Audio Analog Stereo", "mute": false,
      "properties": {"device.form_factor": "internal", "device.bus": "pci"},
      "ports": [
        {"name": "analog-output-speaker", "description": "Speakers", "type": "Speaker", "priority": 10000,
         "availability_group": "Legacy 1", "availability": "availability unknown"},
        {"name": "analog-output-headphones", "description": "Headphones", "type": "Headphones", "priority": 9900,
         "availability_group": "Legacy 2", "availability": ")" + headphones_availability + R"("}],
      "active_port": ")" + active + R"(", "formats": ["pcm"]})";
}

const std::string usb_headset = R"({"index": 71, "name": "alsa_output.usb-Jabra_Link_370-00.analog-stereo",
  "description": "Jabra Link 370 Analog Stereo", "properties": {"device.form_factor": "headset", "device.bus": "usb"},
  "ports": [{"name": "analog-output", "description": "Analog Output", "type": "Analog", "availability": "availability unknown"}],
  "active_port": "analog-output"})";

}  // namespace

TEST_CASE("audio output: a sink is headphones by its form factor or its active port, when plugged in", "[speech]") {
    using Sinks = std::vector<AudioSink>;
    const std::string builtin = "alsa_output.pci-0000_00_1f.3.analog-stereo";
    // Nothing plugged in: the server keeps the speaker port, the headphone port says so.
    CHECK(parse_pactl_sinks("[" + builtin_sink("analog-output-speaker", "not available") + "]") == Sinks{{builtin, false}});
    // Plugged in: the server switches to the headphone port and reports it available.
    CHECK(parse_pactl_sinks("[" + builtin_sink("analog-output-headphones", "available") + "]") == Sinks{{builtin, true}});
    // A headphone port still active but reported unplugged (the server did not switch back yet).
    CHECK(parse_pactl_sinks("[" + builtin_sink("analog-output-headphones", "not available") + "]") == Sinks{{builtin, false}});
    // A USB headset, beside the speaker.
    CHECK(parse_pactl_sinks("[" + builtin_sink("analog-output-speaker", "not available") + ", " + usb_headset + "]") ==
          Sinks{{builtin, false}, {"alsa_output.usb-Jabra_Link_370-00.analog-stereo", true}});
    // An older server's port without a type: its name tells.
    CHECK(parse_pactl_sinks(R"([{"name": "s", "active_port": "analog-output-headphones",
        "ports": [{"name": "analog-output-headphones", "availability": "available"}]}])") == Sinks{{"s", true}});
    // No outputs at all, and what is not pactl's JSON (an error message, an object, nothing).
    CHECK(parse_pactl_sinks("[]") == Sinks{});
    CHECK_FALSE(parse_pactl_sinks("Connection failure: Connection refused"));
    CHECK_FALSE(parse_pactl_sinks(R"({"name": "s"})"));
    CHECK_FALSE(parse_pactl_sinks(""));
    // Members of the wrong type are taken as absent, never thrown on.
    CHECK(parse_pactl_sinks(R"([{"name": 3}, {"name": "t", "ports": 7, "active_port": null, "properties": []}, 5])") ==
          Sinks{{"t", false}});
}

TEST_CASE("audio output: the setting chooses headphones, the default output or silence", "[speech]") {
    const std::vector<AudioSink> speaker_only{{"builtin", false}};
    const std::vector<AudioSink> with_headset{{"builtin", false}, {"usb-headset", true}, {"bt-headphones", true}};
    const std::optional<std::vector<AudioSink>> no_server;
    // auto: the first headphones when there are any, else the server's default; without a
    // sound server (a machine without audio, CI) the default too, and the voice just fails there.
    CHECK(choose_audio_output(SpeechOutput::automatic, with_headset) == AudioChoice{true, "usb-headset"});
    CHECK(choose_audio_output(SpeechOutput::automatic, speaker_only) == AudioChoice{true, ""});
    CHECK(choose_audio_output(SpeechOutput::automatic, no_server) == AudioChoice{true, ""});
    // headphones: private listening only; nothing is said aloud without them.
    CHECK(choose_audio_output(SpeechOutput::headphones, with_headset) == AudioChoice{true, "usb-headset"});
    CHECK(choose_audio_output(SpeechOutput::headphones, speaker_only) == AudioChoice{false, ""});
    CHECK(choose_audio_output(SpeechOutput::headphones, no_server) == AudioChoice{false, ""});
    // speaker: the default output, whatever is plugged in.
    CHECK(choose_audio_output(SpeechOutput::speaker, with_headset) == AudioChoice{true, ""});
    CHECK(choose_audio_output(SpeechOutput::speaker, no_server) == AudioChoice{true, ""});

    CHECK(parse_speech_output("auto") == SpeechOutput::automatic);
    CHECK(parse_speech_output("headphones") == SpeechOutput::headphones);
    CHECK(parse_speech_output("speaker") == SpeechOutput::speaker);
    CHECK_FALSE(parse_speech_output("loud"));
    CHECK_FALSE(parse_speech_output(""));
}
