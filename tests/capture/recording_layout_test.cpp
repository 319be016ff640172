// SPDX-License-Identifier: Apache-2.0
// Segment file names carry their start: recovery after a crash reads it back from the name.
#include <gtest/gtest.h>

#include "cctv/capture/recording_layout.hpp"

namespace cctv::capture {
namespace {

TEST(Capture_RecordingLayout, a_segment_name_gives_back_its_start) {
  const Timestamp start = *parse_utc("2026-03-29T00:59:59.987Z");
  const auto path = segment_path("/data/recordings", "tw1", start);
  EXPECT_EQ(path, "/data/recordings/tw1/2026-03-29/00/20260329T005959.987Z.mkv");
  EXPECT_EQ(segment_start(path), start);
  // The name a segment gets when another already started at that millisecond.
  EXPECT_EQ(segment_start("/x/20260329T005959.987Z-2.mkv"), start);
}

TEST(Capture_RecordingLayout, other_names_give_no_start) {
  for (const char* name : {"unnamed-00001.mkv", "20260329T005959.987Z.mp4", "20260329T005959.987Z",
                           "20261329T005959.987Z.mkv", "20260329T005959.987Z-.mkv",
                           "20260329T005959.987Z-x.mkv", "20260329T005959.987.mkv", ".announced"}) {
    EXPECT_FALSE(segment_start(name)) << name;
  }
}

}  // namespace
}  // namespace cctv::capture
