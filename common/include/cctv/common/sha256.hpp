// SPDX-License-Identifier: Apache-2.0
// SHA-256 as lowercase hex, for evidence integrity (recordings, snapshots, exports).
#pragma once

#include <string>
#include <string_view>

namespace cctv {

std::string sha256_hex(std::string_view bytes);

// Streams the file; throws std::runtime_error naming the path when it cannot be read.
std::string sha256_file(const std::string& path);

}  // namespace cctv
