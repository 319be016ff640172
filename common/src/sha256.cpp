// SPDX-License-Identifier: Apache-2.0
#include "cctv/common/sha256.hpp"

#include <sodium.h>

#include <array>
#include <fstream>
#include <stdexcept>

namespace cctv {
namespace {

std::string to_hex(const unsigned char* digest) {
  std::string hex(crypto_hash_sha256_BYTES * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest, crypto_hash_sha256_BYTES);
  hex.pop_back();
  return hex;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return to_hex(digest);
}

std::string sha256_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path + " to hash it");
  Sha256 hash;
  std::array<char, 1 << 16> buffer;
  while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
    hash.update({buffer.data(), static_cast<std::size_t>(in.gcount())});
  }
  if (in.bad()) throw std::runtime_error("error while reading " + path);
  return hash.hex();
}

Sha256::Sha256() { crypto_hash_sha256_init(&state_); }

void Sha256::update(std::string_view bytes) {
  crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(bytes.data()),
                            bytes.size());
}

std::string Sha256::hex() {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state_, digest);
  return to_hex(digest);
}

}  // namespace cctv
