// SPDX-License-Identifier: Apache-2.0
// The key file holds the 64-byte libsodium secret key (seed and public key) as hex. It is
// created with O_EXCL, so two processes starting at once agree on one key.
#include "cctv/storage/export_key.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "cctv/common/sha256.hpp"

namespace cctv::storage {
namespace {

std::string to_hex(const unsigned char* bytes, std::size_t n) {
  std::string hex(n * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, n);
  hex.pop_back();
  return hex;
}

// Exactly `n` bytes from `hex`, or false.
bool from_hex(std::string_view hex, unsigned char* out, std::size_t n) {
  std::size_t len = 0;
  return hex.size() == n * 2 &&
         sodium_hex2bin(out, n, hex.data(), hex.size(), nullptr, &len, nullptr) == 0 && len == n;
}

// Writes `text` to a new file readable only by its owner; false when the file exists already.
bool create_private_file(const std::filesystem::path& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    throw ExportKeyError("cannot create the export key " + path.string());
  }
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    std::filesystem::remove(path);
    throw ExportKeyError("cannot write the export key " + path.string());
  }
  return true;
}

std::string read_private_file(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    throw ExportKeyError("cannot read the export key " + path.string());
  if ((st.st_mode & 077) != 0) {
    throw ExportKeyError("the export key " + path.string() +
                         " is readable by other users; make it private: chmod 600 " +
                         path.string());
  }
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw ExportKeyError("cannot read the export key " + path.string());
  std::string s = std::move(text).str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace

std::filesystem::path export_key_file(const std::filesystem::path& dir) {
  return dir / "export_ed25519.key";
}

ExportKey ExportKey::load_or_create(const std::filesystem::path& dir) {
  if (sodium_init() < 0) throw ExportKeyError("libsodium cannot start");
  ExportKey key;
  const std::filesystem::path file = export_key_file(dir);
  std::filesystem::create_directories(dir);
  crypto_sign_keypair(key.public_.data(), key.secret_.data());
  if (create_private_file(file, to_hex(key.secret_.data(), key.secret_.size()) + "\n")) return key;
  std::string hex = read_private_file(file);
  if (!from_hex(hex, key.secret_.data(), key.secret_.size())) {
    sodium_memzero(hex.data(), hex.size());
    throw ExportKeyError("the export key " + file.string() + " is not a libsodium Ed25519 key");
  }
  sodium_memzero(hex.data(), hex.size());
  crypto_sign_ed25519_sk_to_pk(key.public_.data(), key.secret_.data());
  return key;
}

ExportKey::~ExportKey() { sodium_memzero(secret_.data(), secret_.size()); }

ExportKey::ExportKey(ExportKey&& other) noexcept : public_(other.public_), secret_(other.secret_) {
  sodium_memzero(other.secret_.data(), other.secret_.size());
}

std::string ExportKey::public_hex() const { return to_hex(public_.data(), public_.size()); }

std::string ExportKey::sign_hex(std::string_view message) const {
  unsigned char signature[crypto_sign_BYTES];
  crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), secret_.data());
  return to_hex(signature, sizeof signature);
}

bool signature_valid(std::string_view public_hex, std::string_view message,
                     std::string_view signature_hex) {
  if (sodium_init() < 0) return false;
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char signature[crypto_sign_BYTES];
  if (!from_hex(public_hex, pk, sizeof pk) || !from_hex(signature_hex, signature, sizeof signature))
    return false;
  return crypto_sign_verify_detached(signature,
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), pk) == 0;
}

std::string key_fingerprint(std::string_view public_hex) {
  const std::string digest = sha256_hex(public_hex);
  return digest.substr(0, 4) + "-" + digest.substr(4, 4) + "-" + digest.substr(8, 4) + "-" +
         digest.substr(12, 4);
}

}  // namespace cctv::storage
