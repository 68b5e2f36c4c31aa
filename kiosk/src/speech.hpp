#pragma once
// Spoken prompts: runs the text-to-speech program (espeak-ng by default, Debian's espeak-ng
// package) as a child process, `CMD -v vi -- TEXT` (or -v en), and waits until it has spoken;
// and asks the sound server which outputs it has (audio_output.hpp), to play on headphones.
// Blocking: call them from a worker (the App's voice worker), never from the frame.

#include <optional>
#include <string>
#include <vector>

#include "hailong/kiosk/audio_output.hpp"

namespace hailong::kiosk {

/// Speaks `text`. A non-empty `sink` plays it on that output of the sound server: the program
/// runs with PULSE_SINK=`sink` in its environment, which every PulseAudio client, espeak-ng's
/// audio library among them, takes as its output (pipewire-pulse serves the same clients).
/// Errors: std::runtime_error when the program cannot be started or fails.
void speak_aloud(const std::string& command, const std::string& text, const std::string& lang,
                 const std::string& sink = {});

/// The sound server's outputs: runs `PACTL --format=json list sinks` (Debian's pulseaudio-utils)
/// and reads its answer. nullopt when the program is missing, fails (no sound server, as on a
/// machine without audio) or answers something else. Never throws.
std::optional<std::vector<AudioSink>> list_audio_sinks(const std::string& pactl = "pactl");

}  // namespace hailong::kiosk
