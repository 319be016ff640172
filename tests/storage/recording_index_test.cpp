// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "cctv/common/sha256.hpp"
#include "cctv/storage/recording_index.hpp"
#include "support/store_backends.hpp"
#include "support/temp_dir.hpp"

namespace cctv::storage {
namespace {

Timestamp at(const char* iso) { return *parse_utc(iso); }

class Storage_RecordingIndex : public test::StoreTest {};

TEST_P(Storage_RecordingIndex, finds_segments_overlapping_a_window_oldest_first) {
  RecordingIndex index(db());
  index.add({"hl1", at("2026-11-23T10:01:00Z"), at("2026-11-23T10:02:00Z"), "b.mkv", 10, "bb"});
  index.add({"hl1", at("2026-11-23T10:00:00Z"), at("2026-11-23T10:01:00Z"), "a.mkv", 10, "aa"});
  index.add({"hl1", at("2026-11-23T10:02:00Z"), at("2026-11-23T10:03:00Z"), "c.mkv", 10, "cc"});
  index.add({"tw1", at("2026-11-23T10:00:00Z"), at("2026-11-23T10:03:00Z"), "t.mkv", 10, "tt"});

  auto paths = [&](const char* from, const char* to) {
    std::string s;
    for (const Recording& r : index.find("hl1", at(from), at(to))) s += r.path + " ";
    return s;
  };
  EXPECT_EQ(paths("2026-11-23T10:00:30Z", "2026-11-23T10:01:30Z"), "a.mkv b.mkv ");
  EXPECT_EQ(paths("2026-11-23T10:01:00Z", "2026-11-23T10:02:00Z"), "b.mkv ") << "touching ends do not overlap";
  EXPECT_EQ(paths("2026-11-23T09:00:00Z", "2026-11-23T09:59:59Z"), "");
  EXPECT_EQ(paths("2026-11-23T09:00:00Z", "2026-11-23T11:00:00Z"), "a.mkv b.mkv c.mkv ");
}

TEST_P(Storage_RecordingIndex, describes_a_segment_with_size_and_sha256) {
  const auto file = dir.write("seg.mkv", "not really matroska");
  const Recording r = describe_segment("hl1", at("2026-11-23T10:00:00Z"), at("2026-11-23T10:01:00Z"), file.string());
  EXPECT_EQ(r.bytes, 19);
  EXPECT_EQ(r.sha256, sha256_hex("not really matroska"));
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

  RecordingIndex index(db());
  index.add(r);
  index.add(r);  // registering again is harmless
  const auto found = index.find("hl1", r.start, r.end);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0], r);
}

CCTV_ON_BOTH_STORES(Storage_RecordingIndex);

}  // namespace
}  // namespace cctv::storage
