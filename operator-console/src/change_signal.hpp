// SPDX-License-Identifier: Apache-2.0
// Private: wakes the console's alarm streams when the incident log changed. Bumped by the
// bus's incident notices (from the store, or another console) and by this console's own
// writes; a stream waits on it instead of polling the database.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "cctv/common/time.hpp"

namespace cctv::console {

class ChangeSignal {
 public:
  std::uint64_t generation() const {
    std::lock_guard lock(mutex_);
    return generation_;
  }
  void bump() {
    {
      std::lock_guard lock(mutex_);
      ++generation_;
    }
    changed_.notify_all();
  }
  // Until the generation is past `seen`, or `timeout`. Returns whether it changed.
  bool wait_past(std::uint64_t seen, Millis timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return generation_ != seen; });
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::uint64_t generation_ = 0;
};

}  // namespace cctv::console
