// SPDX-License-Identifier: Apache-2.0
#include "stream_slots.hpp"

#include "api.hpp"

namespace cctv::console {

StreamSlots::Slot StreamSlots::open(const std::string& session) {
  std::lock_guard lock(mutex_);
  const auto mine = open_per_session_.find(session);
  if (mine != open_per_session_.end() && mine->second >= kPerSession) {
    throw ApiError(429, "this session already has " + std::to_string(kPerSession) +
                            " streams open, the most one session may; close a live view or "
                            "another console window first");
  }
  if (open_total_ >= kTotal) {
    throw ApiError(503, "the console already serves " + std::to_string(kTotal) +
                            " streams, the most it can; try again in a minute");
  }
  ++open_per_session_[session];
  ++open_total_;
  // Only the deleter matters: it runs once, when the stream's response is gone.
  return Slot(nullptr, [this, session](const void*) { close(session); });
}

void StreamSlots::close(const std::string& session) {
  std::lock_guard lock(mutex_);
  --open_total_;
  if (--open_per_session_[session] == 0) open_per_session_.erase(session);
}

}  // namespace cctv::console
