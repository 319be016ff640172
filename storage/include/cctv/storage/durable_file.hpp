// SPDX-License-Identifier: Apache-2.0
// Evidence files, repaired recordings and the recorder's small state files appear whole or not
// at all, and survive a power cut once they have appeared. Each is written beside its final
// name ("<name>.part"), fsync'd, renamed into place, and its directory fsync'd so that the
// rename itself is on disk.
#pragma once

#include <filesystem>
#include <string_view>

namespace cctv::storage {

// Where a file is written before commit_file() moves it into place.
std::filesystem::path partial_path(const std::filesystem::path& path);

// Makes the complete file at partial_path(path) durable and renames it to `path` (replacing
// any file there). Throws std::runtime_error naming the file; the partial file is gone then.
void commit_file(const std::filesystem::path& path);

// Writes `bytes` to `path` crash-safely, creating its directories. Throws as commit_file().
void write_file_durably(const std::filesystem::path& path, std::string_view bytes);

}  // namespace cctv::storage
