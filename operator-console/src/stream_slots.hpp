// SPDX-License-Identifier: Apache-2.0
// Private: long-lived responses (the alarm stream, MJPEG live views) each hold one of the
// server's threads for as long as they run. They are capped per session and in total, below
// the thread count, so one session opening stream after stream cannot leave ordinary requests
// (a login included) waiting for a thread.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace cctv::console {

class StreamSlots {
 public:
  // A browser opens at most 6 connections to one host; a session may have a few browsers.
  static constexpr std::size_t kPerSession = 16;
  static constexpr std::size_t kTotal = 128;

  // Held by a stream while it runs; its slot is free again when the last copy goes.
  using Slot = std::shared_ptr<const void>;

  // A slot for one more stream of the session with this token hash. Throws ApiError: 429 when
  // the session already has kPerSession open, 503 when the console has kTotal.
  Slot open(const std::string& session);

 private:
  void close(const std::string& session);

  std::mutex mutex_;
  std::map<std::string, std::size_t> open_per_session_;
  std::size_t open_total_ = 0;
};

}  // namespace cctv::console
