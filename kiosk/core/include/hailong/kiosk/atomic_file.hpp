#pragma once
// Replacing a small file so that a crash or a power cut at any moment leaves either the old
// content or the new one, never a mixture or an empty file: the kiosk's cached server
// configuration (config_cache.hpp) and the counter the admin chose (backend.hpp) are written
// this way. The one implementation in the kiosk; nothing else writes a file in place.
//
// Thread safety: two calls for the same target at once share its temporary file and must not
// overlap (the callers serialise them); calls for different targets may run at once. Blocks on
// the disk (two fsyncs): never call it from the frame. Errors: never throws for a failed write;
// the problem comes back as text.

#include <filesystem>
#include <string>
#include <string_view>

namespace hailong::kiosk {

/// Writes `bytes` to `target`: a temporary file beside it (`target` + ".tmp", mode 0600: the
/// kiosk's own files, readable by its user only), written in full, fsynced, renamed over `target`, then the directory fsynced so the
/// rename itself is on the disk. The directory must exist. Returns "" on success, else the
/// problem (what failed, on which path, and the system's reason), for logs. After a failure
/// `target` holds what it held before, except when only the directory's fsync failed: the new
/// content is then in place but its rename may not yet be on the disk. A failed call may leave
/// the temporary file behind; the next call replaces it.
std::string write_atomically(const std::filesystem::path& target, std::string_view bytes);

}  // namespace hailong::kiosk
