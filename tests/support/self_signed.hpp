// SPDX-License-Identifier: Apache-2.0
// A self-signed certificate for 127.0.0.1, made at test time, for HTTPS tests.
#pragma once

#include <filesystem>
#include <string>

namespace cctv::test {

struct TlsFiles {
  std::string cert;  // PEM certificate, CN 127.0.0.1, valid for a day
  std::string key;   // its PEM private key (P-256)
};

// Writes <name>.crt and <name>.key into `dir`: a fresh key pair each call.
TlsFiles write_self_signed(const std::filesystem::path& dir, const std::string& name);

}  // namespace cctv::test
