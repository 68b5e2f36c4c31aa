#pragma once
// Spoken prompts: runs the text-to-speech program (espeak-ng by default, Debian's espeak-ng
// package) as a child process, `CMD -v vi -- TEXT` (or -v en), and waits until it has spoken.
// Blocking: call it from a worker (the App's voice worker), never from the frame.
// Errors: std::runtime_error when the program cannot be started or fails.

#include <string>

namespace hailong::kiosk {

void speak_aloud(const std::string& command, const std::string& text, const std::string& lang);

}  // namespace hailong::kiosk
