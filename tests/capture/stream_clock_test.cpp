// SPDX-License-Identifier: Apache-2.0
// Frame times of a live stream: its own pacing, anchored to its promptest arrival.
#include "cctv/capture/stream_clock.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

namespace cctv::capture {
namespace {

using namespace std::chrono_literals;
using Running = StreamClock::Running;

const Timestamp kStart = *parse_utc("2026-03-29T00:59:58Z");  // across the BST change: UTC only

TEST(Capture_StreamClock, a_file_maps_from_the_attempts_start) {
  const StreamClock clock(kStart);
  EXPECT_EQ(clock.to_utc(Running(2500ms)), kStart + 2500ms);
}

TEST(Capture_StreamClock, a_live_stream_maps_by_the_pipeline_clock_until_frames_arrive) {
  StreamClock clock(kStart);
  clock.anchor(kStart + 10s, Running(4s));  // running time 4 s is kStart + 10 s
  EXPECT_EQ(clock.to_utc(Running(5s)), kStart + 11s);
}

// As measured with 48 cameras connecting at once: the first frames reached the parser 2.7 s
// after their running time, the rest a steady 2.35 s, so every alarm looked 2.35 s late.
TEST(Capture_StreamClock, frames_are_timed_by_the_promptest_arrival_of_the_connection) {
  StreamClock clock(kStart);
  clock.anchor(kStart, Running(0s));
  const std::vector<std::chrono::milliseconds> delays = {2702ms, 2536ms, 2369ms, 2350ms,
                                                         2361ms, 2347ms, 2352ms};
  Timestamp previous{};
  for (std::size_t i = 0; i < delays.size(); ++i) {
    const Running frame(std::chrono::milliseconds(1000 + 167 * static_cast<int>(i)));
    const Running arrival = frame + delays[i];
    clock.arrived(frame, arrival);
    const Timestamp t = clock.to_utc(frame);
    EXPECT_LE(t, kStart + arrival) << "never later than the frame reached us, frame " << i;
    EXPECT_GE(t, kStart + arrival - 20ms) << "within the delay's jitter, frame " << i;
    EXPECT_GE(t, previous) << "frame times keep their order (a burst shares one), frame " << i;
    previous = t;
  }
}

TEST(Capture_StreamClock, a_stall_keeps_the_frames_their_own_times) {
  StreamClock clock(kStart);
  clock.anchor(kStart, Running(0s));
  clock.arrived(Running(1s), Running(1s + 70ms));
  // The process stopped for 3 s: the frame comes 3 s late, and was made 3 s before it came.
  clock.arrived(Running(2s), Running(5s));
  EXPECT_EQ(clock.to_utc(Running(2s)), kStart + 2s + 70ms);
}

TEST(Capture_StreamClock, a_running_time_keeps_its_utc_time_as_later_frames_arrive) {
  StreamClock clock(kStart);
  clock.anchor(kStart, Running(0s));
  clock.arrived(Running(1s), Running(1s + 400ms));
  const Timestamp segment_end = clock.to_utc(Running(2s));  // a segment closing at 2 s
  clock.arrived(Running(3s), Running(3s + 100ms));          // a prompter frame after it
  EXPECT_EQ(clock.to_utc(Running(2s)), segment_end) << "the next segment starts where it ended";
  EXPECT_EQ(clock.to_utc(Running(3s)), kStart + 3s + 100ms);
  EXPECT_EQ(clock.to_utc(Running(500ms)), kStart + 500ms + 400ms)
      << "before the first frame: that frame's delay";
}

TEST(Capture_StreamClock, a_new_anchor_forgets_the_delay) {
  StreamClock clock(kStart);
  clock.anchor(kStart, Running(0s));
  clock.arrived(Running(1s), Running(3s));
  EXPECT_EQ(clock.to_utc(Running(1s)), kStart + 3s);
  clock.anchor(kStart + 60s, Running(0s));  // PLAYING again: running time restarted
  EXPECT_EQ(clock.to_utc(Running(1s)), kStart + 61s);
}

}  // namespace
}  // namespace cctv::capture
