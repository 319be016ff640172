// SPDX-License-Identifier: Apache-2.0
// The UTC time of a frame from its running time in a capture pipeline.
//
// Files map from the attempt's start. Live streams map by the pipeline clock, and once frames
// arrive, by when they arrive: a camera's RTP timestamps are turned into running time from a
// reference the receiver fixed when the stream began, and that reference can be seconds early
// (with 48 cameras connecting at once, some streams' frames all reached the parser 0.2-2.4 s
// after their running time, constant for the whole connection, while a 3 s stall of the
// process drained within a second). So a live frame's time is its running time shifted by the
// smallest delay any earlier frame of the connection had: the stream's own pacing, anchored to
// its promptest arrival, never later than a frame reached us. The shift a running time gets
// does not depend on when it is asked for (a segment's end and the next one's start agree).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <vector>

#include "cctv/common/time.hpp"

namespace cctv::capture {

class StreamClock {
 public:
  using Running = std::chrono::nanoseconds;  // pipeline running time

  explicit StreamClock(Timestamp origin);

  // Live: running time `running_now` is UTC `now`. Forgets the arrival delay learnt so far
  // (a new PLAYING may restart the running time).
  void anchor(Timestamp now, Running running_now);
  // Live: a frame of running time `frame` reached the pipeline's input at `running_now`.
  void arrived(Running frame, Running running_now);
  Timestamp to_utc(Running running) const;

 private:
  // From running time `from_ms` on, frames are shifted by `delay_ms` (smaller at each step).
  struct Step {
    std::int64_t from_ms;
    std::int64_t delay_ms;
  };
  mutable std::mutex mutex_;
  std::int64_t origin_ms_;   // UTC at running time 0
  std::vector<Step> steps_;  // by from_ms; a new least delay is rare after the first seconds
};

}  // namespace cctv::capture
