// SPDX-License-Identifier: Apache-2.0
#include "cctv/capture/stream_clock.hpp"

#include <algorithm>

namespace cctv::capture {
namespace {

// New least delays come ever more rarely (record lows of a steady jitter: about ln of the
// frames); past this many the oldest go, and earlier running times take the oldest kept.
constexpr std::size_t kMaxSteps = 64;

std::int64_t to_ms(StreamClock::Running t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t).count();
}

}  // namespace

StreamClock::StreamClock(Timestamp origin) : origin_ms_(origin.time_since_epoch().count()) {}

void StreamClock::anchor(Timestamp now, Running running_now) {
  std::lock_guard lock(mutex_);
  origin_ms_ = now.time_since_epoch().count() - to_ms(running_now);
  steps_.clear();
}

void StreamClock::arrived(Running frame, Running running_now) {
  const std::int64_t from = to_ms(frame), delay = to_ms(running_now - frame);
  std::lock_guard lock(mutex_);
  if (!steps_.empty() && delay >= steps_.back().delay_ms) return;
  if (!steps_.empty() && from <= steps_.back().from_ms) {
    steps_.back().delay_ms = delay;  // a frame out of order (B-frames): the step stays where it is
    return;
  }
  steps_.push_back({from, delay});
  if (steps_.size() > kMaxSteps) steps_.erase(steps_.begin());
}

Timestamp StreamClock::to_utc(Running running) const {
  const std::int64_t at = to_ms(running);
  std::lock_guard lock(mutex_);
  std::int64_t delay = 0;
  if (!steps_.empty()) {
    const auto after =
        std::upper_bound(steps_.begin(), steps_.end(), at,
                         [](std::int64_t t, const Step& s) { return t < s.from_ms; });
    delay = (after == steps_.begin() ? steps_.front() : *std::prev(after)).delay_ms;
  }
  return Timestamp(std::chrono::milliseconds(origin_ms_ + at + delay));
}

}  // namespace cctv::capture
