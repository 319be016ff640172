// SPDX-License-Identifier: Apache-2.0
// The installation's export key: an Ed25519 key pair (libsodium) that signs every export
// package's manifest. It is made once per installation, in the data directory; the private
// half never leaves its file (mode 0600), the public half goes into each package and is
// published by the console so that a recipient can check a package came from here.
#pragma once

#include <sodium.h>

#include <array>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cctv::storage {

class ExportKeyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ExportKey {
 public:
  // Reads <dir>/export_ed25519.key, creating it (and <dir>) the first time. Throws
  // ExportKeyError when the file is unreadable, malformed, or readable by other users.
  static ExportKey load_or_create(const std::filesystem::path& dir);
  ~ExportKey();
  ExportKey(const ExportKey&) = delete;
  ExportKey& operator=(const ExportKey&) = delete;
  ExportKey(ExportKey&& other) noexcept;
  ExportKey& operator=(ExportKey&&) = delete;

  std::string public_hex() const;                        // 64 hex digits
  std::string sign_hex(std::string_view message) const;  // detached signature, 128 hex digits

 private:
  ExportKey() = default;
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> public_{};
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> secret_{};
};

// Where an installation keeps its export key: <data dir>/keys.
inline std::filesystem::path export_key_dir(const std::filesystem::path& data_dir) {
  return data_dir / "keys";
}

// The private key's file inside `dir`.
std::filesystem::path export_key_file(const std::filesystem::path& dir);

// True when `signature_hex` is `public_hex`'s Ed25519 signature of `message`; false for any
// malformed input.
bool signature_valid(std::string_view public_hex, std::string_view message,
                     std::string_view signature_hex);

// A short form of a public key for people to compare by eye: its SHA-256, first 16 hex
// digits in groups of four ("1a2b-3c4d-5e6f-7a8b").
std::string key_fingerprint(std::string_view public_hex);

}  // namespace cctv::storage
