// SPDX-License-Identifier: Apache-2.0
// SHA-256 as lowercase hex, for evidence integrity (recordings, snapshots, exports).
// OpenSSL's, which uses the CPU's SHA instructions where it has them: a camera node hashes
// every recording segment it closes (48 cameras: about 6 MB a second).
#pragma once

#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

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
  struct Free {
    void operator()(evp_md_ctx_st* ctx) const;
  };
  std::unique_ptr<evp_md_ctx_st, Free> ctx_;
};

}  // namespace cctv
