// SPDX-License-Identifier: Apache-2.0
// SHA-256 as lowercase hex, for evidence integrity (recordings, snapshots, exports).
#pragma once

#include <sodium.h>

#include <string>
#include <string_view>

namespace cctv {

std::string sha256_hex(std::string_view bytes);

// Streams the file; throws std::runtime_error naming the path when it cannot be read.
std::string sha256_file(const std::string& path);

// A hash fed in pieces, for bytes that pass through once (a copy, a zip entry).
class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  std::string hex();  // ends the hash

 private:
  crypto_hash_sha256_state state_;
};

}  // namespace cctv
