// SPDX-License-Identifier: Apache-2.0
// SHA-256 against the FIPS 180-2 examples, whole, in pieces and from a file: evidence hashes
// must not depend on how the bytes arrived.
#include <gtest/gtest.h>

#include <fstream>

#include "cctv/common/sha256.hpp"
#include "support/temp_dir.hpp"

namespace cctv {
namespace {

constexpr std::string_view kTwoBlocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
constexpr std::string_view kTwoBlocksHash =
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
constexpr std::string_view kMillionAsHash =
    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

TEST(Sha256, gives_the_standards_digests) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(kTwoBlocks), kTwoBlocksHash);
  EXPECT_EQ(sha256_hex(std::string(1'000'000, 'a')), kMillionAsHash);
}

TEST(Sha256, pieces_of_any_size_give_the_same_digest) {
  for (std::size_t piece : {1u, 3u, 63u, 64u, 65u}) {
    Sha256 hash;
    for (std::size_t at = 0; at < kTwoBlocks.size(); at += piece) {
      hash.update(kTwoBlocks.substr(at, piece));
    }
    EXPECT_EQ(hash.hex(), kTwoBlocksHash) << "pieces of " << piece;
  }
}

TEST(Sha256, a_file_hashes_as_its_bytes_and_a_missing_one_is_named) {
  test::TempDir dir;
  const auto path = (dir.path() / "a.bin").string();
  std::ofstream(path, std::ios::binary) << std::string(1'000'000, 'a');  // over one read buffer
  EXPECT_EQ(sha256_file(path), kMillionAsHash);
  try {
    sha256_file((dir.path() / "gone.bin").string());
    FAIL() << "no error for a missing file";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("gone.bin"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace cctv
